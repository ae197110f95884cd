//! Per-call settings: overrides of a client's timeouts and retry policy for the calls made
//! through one handle ([`crate::Client::with_options`]).

use std::time::Duration;

use crate::client::Timeouts;
use crate::retry::RetryPolicy;

/// Overrides of a client's timeouts and retry policy, for the calls made through the handle
/// [`Client::with_options`](crate::Client::with_options) returns. A setting left unset keeps the
/// client's.
///
/// ```no_run
/// use std::time::Duration;
/// use alibabacloud_runtime::{CallOptions, Client, RetryPolicy};
///
/// # fn run(client: Client) {
/// // A quick probe: a short attempt, no retry. `client` itself is unchanged.
/// let probe = client.with_options(
///     CallOptions::new()
///         .attempt_timeout(Duration::from_secs(2))
///         .retry(RetryPolicy::disabled()),
/// );
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl CallOptions {
    /// No overrides: every setting is the client's.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the timeout of one attempt (the client's is
    /// [`ClientBuilder::attempt_timeout`](crate::ClientBuilder::attempt_timeout)). Zero fails
    /// each call with a configuration error before anything is sent.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Sets the timeout of a whole call, retries and backoff included (the client's is
    /// [`ClientBuilder::total_timeout`](crate::ClientBuilder::total_timeout)). Zero fails each
    /// call with a configuration error before anything is sent.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// Sets the retry policy ([`RetryPolicy::disabled`] for a single attempt). Its attempts,
    /// backoff and rate-limit setting apply; its budget size does not, since retries keep
    /// drawing on the client's one budget, shared by every handle of the client.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// These options with every setting `later` sets replaced by its value.
    pub(crate) fn merged(&self, later: CallOptions) -> CallOptions {
        CallOptions {
            attempt_timeout: later.attempt_timeout.or(self.attempt_timeout),
            total_timeout: later.total_timeout.or(self.total_timeout),
            retry: later.retry.or_else(|| self.retry.clone()),
        }
    }

    /// The client's timeouts with these overrides applied.
    pub(crate) fn timeouts(&self, client: Timeouts) -> Timeouts {
        Timeouts {
            attempt: self.attempt_timeout.unwrap_or(client.attempt),
            total: self.total_timeout.unwrap_or(client.total),
            ..client
        }
    }

    /// The retry policy in force: the override, else the client's.
    pub(crate) fn retry_policy<'a>(&'a self, client: &'a RetryPolicy) -> &'a RetryPolicy {
        self.retry.as_ref().unwrap_or(client)
    }
}
