//! Example programs for the generated `alibabacloud` crate; see `src/bin/`.

pub mod fleet;
