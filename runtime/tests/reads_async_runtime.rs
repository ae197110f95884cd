//! What the client needs from its async runtime (Tokio with the time driver; the IO driver for
//! the default transport) is checked: a call elsewhere fails with a `Runtime` configuration
//! error, never a panic. Plain `#[test]`s, since each builds the runtime it needs.

mod support;

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use alibabacloud_runtime::{Client, ConfigErrorKind, Error};
use support::ops::*;

/// Polls a future to completion on this thread, with no runtime at all.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => std::thread::park(),
        }
    }
}

fn runtime_error(err: &Error) -> String {
    match err {
        Error::Config(config) if config.kind() == ConfigErrorKind::Runtime => config.to_string(),
        other => panic!("expected a runtime configuration error, got {other:?}"),
    }
}

/// A loopback server running on its own runtime, and a client for it.
fn server_and_client() -> (tokio::runtime::Runtime, support::TestServer, Client) {
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let server = server_runtime.block_on(server());
    let client = builder(&server).build().unwrap();
    (server_runtime, server, client)
}

#[test]
fn outside_a_tokio_runtime() {
    let (_runtime, server, client) = server_and_client();
    let err = block_on(call_default(&client)).unwrap_err();
    let text = runtime_error(&err);
    assert!(
        text.contains("outside a Tokio runtime") && text.contains("enable_all"),
        "{text}"
    );
    assert_eq!(server.requests(), 0);
}

#[test]
fn in_a_runtime_without_timers() {
    let (_runtime, server, client) = server_and_client();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    let err = runtime.block_on(call_default(&client)).unwrap_err();
    let text = runtime_error(&err);
    assert!(text.contains("timers"), "{text}");
    assert_eq!(server.requests(), 0);
}

#[test]
fn in_a_runtime_without_io_for_the_default_transport() {
    let (_runtime, server, client) = server_and_client();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let err = runtime.block_on(call_default(&client)).unwrap_err();
    let text = runtime_error(&err);
    assert!(text.contains("IO"), "{text}");
    assert_eq!(server.requests(), 0);
}

#[test]
fn in_a_current_thread_runtime_with_everything() {
    let (_runtime, server, client) = server_and_client();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(call_default(&client)).unwrap();
    assert_eq!(server.requests(), 1);
}
