//! Waiting for a resource to reach a state: the polling loop behind every generated
//! `wait_until_*` method, written once.
//!
//! See [`Wait`] for what a wait does and how it ends.

use std::borrow::Cow;
use std::fmt;
use std::future::IntoFuture;
use std::time::Duration;

use tokio::time::Instant;

use crate::client::Client;
use crate::error::{Error, OperationError};
use crate::future::BoxFuture;
use crate::service::{Operation, Service};

/// How the states read from one response decide success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Every state read must be a success state (every instance of the list `Running`).
    All,
    /// One success state is enough.
    Any,
}

/// What a response whose watched list is empty (no state read at all) means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnEmpty {
    /// Keep waiting: the resource is not listed yet.
    Wait,
    /// Success: the resource is gone (a "deleted" waiter).
    Success,
}

/// One waiter, as generated code describes it: the facts of the product configuration. The
/// loop that uses them is [`Wait`].
pub struct Waiter<O: Operation> {
    /// The waiter's name (`InstanceRunning`), for errors and logs.
    pub name: &'static str,
    /// The watched response member as a wire path (`Instances.Instance[].Status`), for errors.
    pub path: &'static str,
    /// Reads the watched member from a response: one state per list item on the path, `""`
    /// where an item has no value. Text is borrowed; a number is written out (`5`).
    pub states: fn(&O::Output) -> Vec<Cow<'_, str>>,
    /// All or any.
    pub matching: Match,
    /// States that end the wait with success.
    pub success: &'static [&'static str],
    /// States that end the wait with [`WaitError::Failed`].
    pub failure: &'static [&'static str],
    /// What an empty list means.
    pub on_empty: OnEmpty,
    /// Service error codes that mean "not there yet": the waiter calls again.
    pub retry_codes: &'static [&'static str],
    /// Service error codes that mean the resource is gone: success without a response.
    pub gone_codes: &'static [&'static str],
    /// Default delays and deadline.
    pub defaults: WaitConfig,
}

impl<O: Operation> fmt::Debug for Waiter<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("name", &self.name)
            .field("action", &O::ACTION)
            .field("path", &self.path)
            .field("matching", &self.matching)
            .field("success", &self.success)
            .field("failure", &self.failure)
            .field("on_empty", &self.on_empty)
            .field("retry_codes", &self.retry_codes)
            .field("gone_codes", &self.gone_codes)
            .field("defaults", &self.defaults)
            .finish()
    }
}

/// Delays between calls and the deadline of one wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitConfig {
    /// The first delay, and the least any delay is.
    pub min_delay: Duration,
    /// The longest delay.
    pub max_delay: Duration,
    /// The whole wait, calls included.
    pub max_wait: Duration,
    /// Whether each delay is drawn at random between `min_delay` and the grown delay.
    pub jitter: bool,
}

impl WaitConfig {
    /// 5 s to 60 s between calls, at most 10 minutes in all, with jitter.
    pub const DEFAULT: WaitConfig = WaitConfig {
        min_delay: Duration::from_secs(5),
        max_delay: Duration::from_secs(60),
        max_wait: Duration::from_secs(600),
        jitter: true,
    };

    /// The delay after the `attempt`-th call (from 1): the minimum doubled per call, capped at
    /// the maximum (never below the minimum), drawn between the two with jitter.
    fn delay(&self, attempt: u32) -> Duration {
        let max = self.max_delay.max(self.min_delay);
        let factor = 1u32 << attempt.saturating_sub(1).min(20);
        let grown = self.min_delay.saturating_mul(factor).min(max);
        if !self.jitter || grown <= self.min_delay {
            return grown;
        }
        let low = u64::try_from(self.min_delay.as_millis()).unwrap_or(u64::MAX);
        let high = u64::try_from(grown.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(low..=high))
    }
}

impl Default for WaitConfig {
    fn default() -> Self {
        WaitConfig::DEFAULT
    }
}

/// A wait ready to start, from a generated `wait_until_*` method: set its delays and deadline,
/// then `.await` it (or [`Wait::send`]).
///
/// Creating a cloud resource is asynchronous: `RunInstances` returns while the instance is
/// still `Pending`. A waiter calls a describe operation again and again, reads one member of
/// each response (a status, possibly in every item of a list), and ends:
///
/// - with success ([`Waited`]) when the states read are success states: all of them for a
///   waiter that matches [`Match::All`], one of them for [`Match::Any`]; or when the service
///   answers with an error code the waiter takes as "gone" (a deleted resource), or the list
///   is empty and the waiter says that means success;
/// - with [`WaitError::Failed`] as soon as any state read is a failure state (it names the state
///   and keeps the response);
/// - with [`WaitError::TimedOut`] when the deadline passes first (it names the last state seen
///   and the time spent);
/// - with [`WaitError::Call`] when a call fails, unless the service's code is one the waiter
///   retries (documented "not found yet" codes right after a create). A call is made with the
///   client's own retries and timeouts, so a throttled or dropped call is retried there first.
///
/// Between calls it waits an exponentially growing delay: the minimum delay first, doubling up
/// to the maximum, each delay (with jitter, the default) drawn uniformly between the minimum
/// and the grown delay so that many waiters spread out. The deadline bounds the whole wait,
/// calls included. Each waiter has defaults (its product configuration's, else 5 s, 60 s and 10
/// minutes); the setters below change them per call.
///
/// ```no_run
/// # use std::time::Duration;
/// # use alibabacloud_runtime::{Client, Operation, Wait, WaitError};
/// # async fn run<O: Operation + Clone + 'static>(wait: Wait<O>) -> Result<(), Box<dyn std::error::Error>>
/// # where O::Output: std::fmt::Debug, O::Error: std::fmt::Debug {
/// // `wait` is what a generated method returns: `client.wait_until_instance_running(request)`.
/// match wait.max_wait(Duration::from_secs(300)).min_delay(Duration::from_secs(2)).await {
///     Ok(done) => println!("ready after {} calls: {:?}", done.attempts, done.response),
///     Err(WaitError::Failed { state, .. }) => println!("it ended {state}"),
///     Err(other) => return Err(other.into()),
/// }
/// # Ok(())
/// # }
/// ```
///
/// Calls go through [`Client::call`], so the `testing` feature's mock transport drives waiters
/// as it drives any call.
pub struct Wait<O: Operation + 'static> {
    client: Client,
    service: &'static Service,
    request: O,
    waiter: &'static Waiter<O>,
    config: WaitConfig,
}

impl<O: Operation + 'static> fmt::Debug for Wait<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait")
            .field("waiter", &self.waiter.name)
            .field("action", &O::ACTION)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<O: Operation + 'static> Wait<O> {
    /// A wait polling `request` with `client`, as `waiter` says, with its defaults.
    pub fn new(
        client: Client,
        service: &'static Service,
        request: O,
        waiter: &'static Waiter<O>,
    ) -> Self {
        Wait {
            client,
            service,
            request,
            waiter,
            config: waiter.defaults,
        }
    }

    /// The first delay between calls, and the least any delay is.
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.config.min_delay = delay;
        self
    }

    /// The longest delay between calls (the delay doubles up to it).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.config.max_delay = delay;
        self
    }

    /// The deadline of the whole wait, calls included.
    pub fn max_wait(mut self, deadline: Duration) -> Self {
        self.config.max_wait = deadline;
        self
    }

    /// Whether delays are drawn at random (on by default); off, they are exactly the minimum
    /// doubled per call up to the maximum.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.config.jitter = jitter;
        self
    }

    /// Every setting at once.
    pub fn config(mut self, config: WaitConfig) -> Self {
        self.config = config;
        self
    }

    /// The delays and deadline this wait will use.
    pub fn settings(&self) -> WaitConfig {
        self.config
    }

    /// Polls until the waiter's outcome (see [`Wait`]).
    pub async fn send(self) -> Result<Waited<O::Output>, WaitError<O::Error, O::Output>> {
        let Wait {
            client,
            service,
            request,
            waiter,
            config,
        } = self;
        let start = Instant::now();
        let deadline = start + config.max_wait;
        let mut attempts = 0u32;
        let mut last_state: Option<String> = None;
        let mut last_response: Option<O::Output> = None;
        loop {
            attempts += 1;
            let call = client.call(service, &request);
            let result = match tokio::time::timeout_at(deadline, call).await {
                Ok(result) => result,
                Err(_) => {
                    return Err(WaitError::TimedOut {
                        waiter: waiter.name,
                        last_state,
                        response: last_response.map(Box::new),
                        attempts,
                        elapsed: start.elapsed(),
                    })
                }
            };
            match result {
                Ok(response) => match judge(waiter, &(waiter.states)(&response)) {
                    Verdict::Success(state) => {
                        return Ok(Waited {
                            response: Some(response),
                            state,
                            attempts,
                            elapsed: start.elapsed(),
                        })
                    }
                    Verdict::Failure(state) => {
                        return Err(WaitError::Failed {
                            waiter: waiter.name,
                            state,
                            response: Box::new(response),
                            attempts,
                            elapsed: start.elapsed(),
                        })
                    }
                    Verdict::Pending(state) => {
                        tracing::debug!(waiter = waiter.name, state = %state, attempts, "not there yet");
                        last_state = Some(state);
                        last_response = Some(response);
                    }
                },
                Err(error) => {
                    let code = error.code().unwrap_or_default();
                    if waiter.gone_codes.contains(&code) {
                        return Ok(Waited {
                            response: None,
                            state: format!("error code {code}"),
                            attempts,
                            elapsed: start.elapsed(),
                        });
                    }
                    if !waiter.retry_codes.contains(&code) || code.is_empty() {
                        return Err(WaitError::Call {
                            waiter: waiter.name,
                            error,
                            attempts,
                            elapsed: start.elapsed(),
                        });
                    }
                    tracing::debug!(waiter = waiter.name, code, attempts, "not there yet");
                    last_state = Some(format!("error code {code}"));
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(WaitError::TimedOut {
                    waiter: waiter.name,
                    last_state,
                    response: last_response.map(Box::new),
                    attempts,
                    elapsed: start.elapsed(),
                });
            }
            // The last call is made at the deadline rather than never.
            let delay = config.delay(attempts).min(deadline - now);
            tokio::time::sleep(delay).await;
        }
    }
}

impl<O: Operation + 'static> IntoFuture for Wait<O>
where
    O::Output: Send,
{
    type Output = Result<Waited<O::Output>, WaitError<O::Error, O::Output>>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What one response says.
enum Verdict {
    Success(String),
    Failure(String),
    Pending(String),
}

/// Applies the waiter's rules to the states read from one response.
fn judge<O: Operation>(waiter: &Waiter<O>, states: &[Cow<'_, str>]) -> Verdict {
    if states.is_empty() {
        return match waiter.on_empty {
            OnEmpty::Success => Verdict::Success("(empty list)".to_owned()),
            OnEmpty::Wait => Verdict::Pending("(empty list)".to_owned()),
        };
    }
    if let Some(failed) = states.iter().find(|s| waiter.failure.contains(&s.as_ref())) {
        return Verdict::Failure(failed.clone().into_owned());
    }
    let reached = |s: &Cow<'_, str>| waiter.success.contains(&s.as_ref());
    let done = match waiter.matching {
        Match::All => states.iter().all(reached),
        Match::Any => states.iter().any(reached),
    };
    let mut seen: Vec<&str> = Vec::new();
    for state in states {
        let state = if state.is_empty() { "(none)" } else { state };
        if !seen.contains(&state) {
            seen.push(state);
        }
    }
    let described = seen.join(", ");
    if done {
        Verdict::Success(described)
    } else {
        Verdict::Pending(described)
    }
}

/// A wait that succeeded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Waited<T> {
    /// The last response, in a success state; `None` when the wait ended on an error code the
    /// waiter takes as "gone" (a deleted resource the service no longer knows).
    pub response: Option<T>,
    /// The state reached (`Running`; several, comma-separated, when the list's items differ
    /// within the success states), or the "gone" error code.
    pub state: String,
    /// Calls made.
    pub attempts: u32,
    /// Time spent.
    pub elapsed: Duration,
}

/// How a wait failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<E, T> {
    /// A failure state was read (`Stopped` while waiting for `Running`).
    Failed {
        /// The waiter.
        waiter: &'static str,
        /// The failure state.
        state: String,
        /// The response that showed it.
        response: Box<T>,
        /// Calls made.
        attempts: u32,
        /// Time spent.
        elapsed: Duration,
    },
    /// The deadline passed before a success or failure state.
    TimedOut {
        /// The waiter.
        waiter: &'static str,
        /// The last state read (or error code retried), if a call answered.
        last_state: Option<String>,
        /// The last response, if one came.
        response: Option<Box<T>>,
        /// Calls made.
        attempts: u32,
        /// Time spent.
        elapsed: Duration,
    },
    /// A call failed with an error the waiter does not retry.
    Call {
        /// The waiter.
        waiter: &'static str,
        /// The call's error.
        error: Error<E>,
        /// Calls made.
        attempts: u32,
        /// Time spent.
        elapsed: Duration,
    },
}

impl<E, T> WaitError<E, T> {
    /// The waiter's name.
    pub fn waiter(&self) -> &'static str {
        match self {
            WaitError::Failed { waiter, .. }
            | WaitError::TimedOut { waiter, .. }
            | WaitError::Call { waiter, .. } => waiter,
        }
    }

    /// The last response read, if any.
    pub fn response(&self) -> Option<&T> {
        match self {
            WaitError::Failed { response, .. } => Some(response),
            WaitError::TimedOut { response, .. } => response.as_deref(),
            WaitError::Call { .. } => None,
        }
    }

    /// Time spent.
    pub fn elapsed(&self) -> Duration {
        match self {
            WaitError::Failed { elapsed, .. }
            | WaitError::TimedOut { elapsed, .. }
            | WaitError::Call { elapsed, .. } => *elapsed,
        }
    }
}

impl<E: OperationError, T> fmt::Display for WaitError<E, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed {
                waiter,
                state,
                attempts,
                elapsed,
                ..
            } => write!(
                f,
                "waiter {waiter}: reached failure state `{state}` after {attempts} calls in {:.1} s",
                elapsed.as_secs_f64()
            ),
            WaitError::TimedOut {
                waiter,
                last_state,
                attempts,
                elapsed,
                ..
            } => {
                write!(
                    f,
                    "waiter {waiter}: deadline passed after {:.1} s and {attempts} calls; ",
                    elapsed.as_secs_f64()
                )?;
                match last_state {
                    Some(state) => write!(f, "last state `{state}`"),
                    None => write!(f, "no call answered"),
                }
            }
            WaitError::Call {
                waiter,
                error,
                attempts,
                ..
            } => write!(f, "waiter {waiter}: call {attempts} failed: {error}"),
        }
    }
}

impl<E: OperationError, T: fmt::Debug> std::error::Error for WaitError<E, T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Call { error, .. } => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_within_bounds() {
        let config = WaitConfig {
            min_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(700),
            max_wait: Duration::from_secs(1),
            jitter: false,
        };
        let delays: Vec<u128> = (1..=6).map(|n| config.delay(n).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 700, 700, 700]);
        let jittered = WaitConfig {
            jitter: true,
            ..config
        };
        for attempt in 1..40 {
            let delay = jittered.delay(attempt);
            assert!(delay >= Duration::from_millis(100) && delay <= Duration::from_millis(700));
        }
        // A maximum below the minimum is the minimum.
        let odd = WaitConfig {
            max_delay: Duration::ZERO,
            ..config
        };
        assert_eq!(odd.delay(5), Duration::from_millis(100));
    }
}
