//! Maintainer commands, run as `cargo xtask <command>`.

fn main() {}
