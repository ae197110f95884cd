//! The spec stage: the YAML contract between reading pages and emitting Rust.

pub mod model;
pub mod product;
pub mod yaml;
