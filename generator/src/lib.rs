//! `apigen`: turns Alibaba Cloud API reference pages into a typed Rust client.
//!
//! The pipeline is a chain of plain stages with a data model between each:
//! page text → [`page`] model (what the page says) → [`spec`] (what the API is, the YAML
//! contract) → Rust files ([`emit`]). Each stage is pure; diagnostics are collected in
//! [`diagnostics::Diagnostics`] and rendered by the caller.

pub mod changes;
pub mod conformance;
pub mod diagnostics;
pub mod emit;
pub mod markdown;
pub mod names;
pub mod page;
pub mod pipeline;
pub mod spec;
