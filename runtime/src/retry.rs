//! When to retry and how long to wait.

use std::time::Duration;

/// Retry settings. On by default: up to [`RetryPolicy::DEFAULT_MAX_ATTEMPTS`] attempts, with
/// exponential backoff and full jitter starting at 200 ms and capped at 20 s.
///
/// Retried: transport errors, timeouts of one attempt, HTTP 5xx, `InternalError`,
/// `ServiceUnavailable`, every `Throttling*` code, and any error response with an
/// `x-acs-retry-after` header. Never retried: client errors (`Invalid*`, `Missing*`,
/// `Forbidden*`, signature and key errors) and responses that do not decode with a status below
/// 500. Each retry is a new request: new nonce, new timestamp, new signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    honor_rate_limit: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            honor_rate_limit: true,
        }
    }
}

impl RetryPolicy {
    /// Attempts per call by default (the first one included).
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;

    /// No retries: one attempt per call.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the number of attempts per call, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff: the n-th retry waits a random time in
    /// `[0, min(max, initial * 2^(n-1))]`.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Whether to wait for the time a throttling response names in its `x-acs-retry-after`
    /// header or its `x-ratelimit-user-api: ...TimeLeft:<ms>` header (default on). A wait longer
    /// than the backoff cap, or than what is left of the call's total timeout, ends the retries
    /// instead.
    pub fn with_rate_limit_header(mut self, honor: bool) -> Self {
        self.honor_rate_limit = honor;
        self
    }

    /// Attempts per call, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff cap.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// How long to wait before retry number `retry` (1 for the first retry), given the
    /// rate-limit header's wait if any; `None` when the header asks for more than the cap.
    pub(crate) fn delay(&self, retry: u32, rate_limit_wait: Option<Duration>) -> Option<Duration> {
        let exponent = retry.saturating_sub(1).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        // Full jitter: uniform in [0, ceiling], so that many throttled clients spread out.
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        let backoff = Duration::from_millis(fastrand::u64(0..=ceiling_ms));
        match rate_limit_wait.filter(|_| self.honor_rate_limit) {
            Some(wait) if wait > self.max_backoff => None,
            Some(wait) => Some(wait.max(backoff)),
            None => Some(backoff),
        }
    }
}

/// The wait a rate-limit header names: the `TimeLeft:<ms>` item of `x-ratelimit-user-api`.
pub(crate) fn rate_limit_wait(header: &str) -> Option<Duration> {
    header.split([',', ';', ' ']).find_map(|item| {
        let (name, value) = item.split_once(':')?;
        if name.trim().eq_ignore_ascii_case("TimeLeft") {
            value.trim().parse::<u64>().ok().map(Duration::from_millis)
        } else {
            None
        }
    })
}

/// The wait an `x-acs-retry-after` header names, read as **milliseconds**.
///
/// The protocol leaves the unit unstated. The Tea SDKs pass the value to the same sleep as their
/// backoff, whose constants are milliseconds, so milliseconds it is; a server meaning seconds
/// would see retries come sooner than asked, never a call stalled a thousand times too long.
pub(crate) fn retry_after_wait(header: &str) -> Option<Duration> {
    header.trim().parse::<u64>().ok().map(Duration::from_millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded() {
        let policy = RetryPolicy::default()
            .with_backoff(Duration::from_millis(10), Duration::from_millis(50));
        for retry in 1..40 {
            let delay = policy.delay(retry, None).unwrap();
            assert!(delay <= Duration::from_millis(50));
            if retry == 1 {
                assert!(delay <= Duration::from_millis(10));
            }
        }
    }

    #[test]
    fn rate_limit_header() {
        assert_eq!(
            rate_limit_wait("Limit:100,Remain:0,TimeLeft:1500,Reset:123"),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            rate_limit_wait("TimeLeft:20"),
            Some(Duration::from_millis(20))
        );
        assert_eq!(rate_limit_wait("Limit:100"), None);
        assert_eq!(rate_limit_wait("TimeLeft:abc"), None);
        let policy =
            RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_secs(1));
        assert!(
            policy.delay(1, Some(Duration::from_millis(300))).unwrap()
                >= Duration::from_millis(300)
        );
        assert_eq!(policy.delay(1, Some(Duration::from_secs(5))), None);
        let ignoring = policy.clone().with_rate_limit_header(false);
        assert!(ignoring.delay(1, Some(Duration::from_secs(5))).is_some());
    }

    #[test]
    fn retry_after_header_is_milliseconds() {
        assert_eq!(retry_after_wait("250"), Some(Duration::from_millis(250)));
        assert_eq!(retry_after_wait(" 0 "), Some(Duration::ZERO));
        assert_eq!(retry_after_wait("1.5"), None);
        assert_eq!(retry_after_wait("soon"), None);
    }

    #[test]
    fn disabled_and_minimum() {
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }
}
