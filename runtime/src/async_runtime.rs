//! What the client needs from its async runtime, checked: Tokio 1.x with the time driver (every
//! call has timeouts and backoff), and, for the default transport, the IO driver. Tokio panics
//! when a timer or a socket is made without its driver; a call turns that into a
//! [`ConfigErrorKind::Runtime`](crate::ConfigErrorKind::Runtime) error instead.

use std::future::Future;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::error::ConfigError;

/// What to do about it, for every message.
const REMEDY: &str = "the client needs a Tokio 1.x runtime with the time driver, and the IO \
                      driver for the default transport: `#[tokio::main]`, or a runtime built \
                      with `enable_all()`";

/// Checks, before a call sends anything, that it runs inside a Tokio runtime with timers.
///
/// Tokio has no query for its time driver, and making a timer without one panics right away
/// (before anything is polled); that panic is caught here. The panic hook still reports it (on
/// stderr by default), and with `panic = "abort"` the process aborts as Tokio would have made it.
pub(crate) fn check() -> Result<(), ConfigError> {
    if tokio::runtime::Handle::try_current().is_err() {
        return Err(ConfigError::runtime(format!(
            "called outside a Tokio runtime: {REMEDY}"
        )));
    }
    if catch_unwind(|| drop(tokio::time::sleep(Duration::ZERO))).is_err() {
        return Err(ConfigError::runtime(format!(
            "the Tokio runtime has timers disabled: {REMEDY}"
        )));
    }
    Ok(())
}

/// Polls a future (a transport's send), turning a panic Tokio raises for a missing driver (a
/// socket in a runtime without IO) into an error; any other panic goes on unwinding.
pub(crate) struct Guarded<F>(pub(crate) F);

impl<F: Future + Unpin> Future for Guarded<F> {
    type Output = Result<F::Output, ConfigError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = &mut self.0;
        match catch_unwind(AssertUnwindSafe(|| Pin::new(inner).poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned());
                match message {
                    Some(text) if text.contains("Tokio 1.x") => {
                        Poll::Ready(Err(ConfigError::runtime(format!(
                            "the Tokio runtime lacks a driver ({text}): {REMEDY}"
                        ))))
                    }
                    _ => resume_unwind(payload),
                }
            }
        }
    }
}
