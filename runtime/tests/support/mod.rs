//! Shared by the client tests: the loopback server and the hand-written test operations.

#![allow(dead_code)]

pub mod ops;

pub use alibabacloud_test_server::*;
