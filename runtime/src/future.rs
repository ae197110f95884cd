//! The boxed future returned by the crate's object-safe async traits ([`crate::Transport`],
//! [`crate::ProvideCredentials`]). A leaf module: it depends on nothing else in the crate.

use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future, the return type of the object-safe async traits here.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
