//! The spec stage: the YAML contract between reading pages and emitting Rust.

pub mod bilingual;
pub mod build;
pub mod model;
pub mod overrides;
pub mod product;
pub mod product_draft;
pub mod shape_table;
pub mod waiters;
pub mod wire;
pub mod yaml;
