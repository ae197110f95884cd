//! When to retry and how long to wait: what a failure means for a repeat ([`Failure`]), the
//! policy (attempts, backoff), the client-wide retry budget, and the wait headers.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::error::{CommonCode, ServiceError};
use crate::transport::TransportErrorKind;

/// Retry settings. On by default: up to [`RetryPolicy::DEFAULT_MAX_ATTEMPTS`] attempts, with
/// exponential backoff and full jitter starting at 200 ms and capped at 20 s, and a client-wide
/// retry budget of [`RetryPolicy::DEFAULT_RETRY_BUDGET`] tokens.
///
/// What is retried depends on what the failure says about the request:
///
/// - **not sent** (DNS, connection refused, connect timeout, a TLS handshake that failed for
///   another reason than the certificate): always retried;
/// - **sent, outcome unknown** (attempt timeout, connection broken after the request was
///   written, HTTP 500/502/504 and other 5xx, `InternalError`): retried only when the operation
///   is safe to repeat ([`crate::Operation::IDEMPOTENT`], or a request carrying an
///   [idempotency token](crate::Operation::CLIENT_TOKEN));
/// - **refused by the service** (`Throttling*`, `ServiceUnavailable` or HTTP 503, 429, 408):
///   always retried;
/// - anything else (client errors such as `Invalid*`, `Missing*`, `Forbidden*`, signature and
///   key errors, certificate errors, redirects, oversized bodies, undecodable success bodies):
///   never.
///
/// A wait the response asks for (`x-acs-retry-after`, `Retry-After`) only sets how long a retry
/// these rules allow waits: it never makes a failure retryable, so a create whose attempt may
/// have run is not repeated, nor an `Invalid*` error, whatever header came with it.
///
/// Each retry is a new request: new nonce, new timestamp, new signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    honor_rate_limit: bool,
    budget: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            honor_rate_limit: true,
            budget: Self::DEFAULT_RETRY_BUDGET,
        }
    }
}

impl RetryPolicy {
    /// Attempts per call by default (the first one included).
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;

    /// Tokens in the client-wide retry budget by default: 100 retries, or 50 after timeouts,
    /// before retries stop until calls succeed again.
    pub const DEFAULT_RETRY_BUDGET: u32 = 500;

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

    /// Whether to wait for the time an error response asks for (default on): its
    /// `x-acs-retry-after` header (milliseconds), its `Retry-After` header (seconds or an HTTP
    /// date), or for throttling its `x-ratelimit-user-api: ...TimeLeft:<ms>` header. A wait
    /// longer than the backoff cap, or than what is left of the call's total timeout, ends the
    /// retries at once with that response's error.
    pub fn with_rate_limit_header(mut self, honor: bool) -> Self {
        self.honor_rate_limit = honor;
        self
    }

    /// Sets the size of the client-wide retry budget (default
    /// [`RetryPolicy::DEFAULT_RETRY_BUDGET`]), a token bucket shared by every call of a client
    /// and its clones. A retry takes 5 tokens, a retry after a timeout 10; a call that succeeds
    /// at its first attempt puts 1 token back, and one that succeeds after retries puts back
    /// what its last retry took. When the bucket cannot pay for a retry the call ends with its
    /// last error, so an outage does not multiply the load on the service by the attempt
    /// count. `0` means no retries at all.
    pub fn with_retry_budget(mut self, tokens: u32) -> Self {
        self.budget = tokens;
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

    /// The size of the client-wide retry budget, in tokens.
    pub fn retry_budget(&self) -> u32 {
        self.budget
    }

    /// How long to wait before retry number `retry` (1 for the first retry), given the wait the
    /// response asked for, if any; `None` when that wait is longer than the backoff cap.
    pub(crate) fn delay(&self, retry: u32, requested: Option<Duration>) -> Option<Duration> {
        let exponent = retry.saturating_sub(1).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        // Full jitter: uniform in [0, ceiling], so that many throttled clients spread out.
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        let backoff = Duration::from_millis(fastrand::u64(0..=ceiling_ms));
        match requested.filter(|_| self.honor_rate_limit) {
            Some(wait) if wait > self.max_backoff => None,
            Some(wait) => Some(wait.max(backoff)),
            None => Some(backoff),
        }
    }
}

/// What a failed attempt says about the request, which decides whether it may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The request never left: no connection, or a TLS handshake that failed (not on the
    /// certificate). Always safe to retry.
    NotSent,
    /// The request may have run: a timeout or a broken connection after it was written, a
    /// server error. Retried only when the operation is safe to repeat.
    Unknown,
    /// The service refused it without running it: throttling, 503, 429, 408. Always retried.
    Refused,
    /// Repeating would not help (a client error, a certificate error, a redirect...).
    Final,
}

impl Failure {
    /// Whether a failure of this kind may be retried, for an operation that is (or is not) safe
    /// to repeat.
    pub(crate) fn retryable(self, safe_to_repeat: bool) -> bool {
        match self {
            Failure::NotSent | Failure::Refused => true,
            Failure::Unknown => safe_to_repeat,
            Failure::Final => false,
        }
    }

    /// The kind of a transport failure. A transport that cannot tell whether the request was
    /// written reports `Connection` or `Other`, which are taken as "maybe sent".
    pub(crate) fn of_transport(kind: TransportErrorKind) -> Failure {
        match kind {
            TransportErrorKind::Connect | TransportErrorKind::ConnectTimeout => Failure::NotSent,
            TransportErrorKind::Timeout
            | TransportErrorKind::Connection
            | TransportErrorKind::Other => Failure::Unknown,
            TransportErrorKind::Request
            | TransportErrorKind::Certificate
            | TransportErrorKind::BodyTooLarge => Failure::Final,
        }
    }

    /// The kind of an error response with a `Code`. Its retry-after wait plays no part: a
    /// header does not tell a refusal from a request that ran.
    pub(crate) fn of_service(error: &ServiceError) -> Failure {
        let code = error.code().trim();
        let status = error.status();
        if CommonCode::classify(code) == Some(CommonCode::Throttling) || status == 429 {
            return Failure::Refused;
        }
        if is_client_code(code) {
            return Failure::Final;
        }
        if code == "ServiceUnavailable" || code.starts_with("ServiceUnavailable.") {
            return Failure::Refused;
        }
        if code == "InternalError" || code.starts_with("InternalError.") || code == "UnknownError" {
            return Failure::Unknown;
        }
        Failure::of_status(status)
    }

    /// The kind of an error response by its status alone (a body that is not an error object).
    pub(crate) fn of_status(status: u16) -> Failure {
        match status {
            408 | 429 | 503 => Failure::Refused,
            // Not implemented, version not supported: the same request fails the same way.
            501 | 505 => Failure::Final,
            500..=599 => Failure::Unknown,
            _ => Failure::Final,
        }
    }
}

/// Codes that say the request itself is wrong, whatever the status.
fn is_client_code(code: &str) -> bool {
    [
        "Invalid",
        "Missing",
        "Forbidden",
        "SignatureDoesNotMatch",
        "IncompleteSignature",
    ]
    .iter()
    .any(|prefix| code.starts_with(prefix))
}

/// What a retry takes from the budget.
pub(crate) const RETRY_COST: u32 = 5;
/// What a retry after a timeout takes: timeouts hint at an overloaded service.
pub(crate) const TIMEOUT_RETRY_COST: u32 = 10;
/// What a call that succeeds at its first attempt puts back.
const SUCCESS_REWARD: u32 = 1;

/// The client-wide retry budget: a token bucket shared by every call of a client (the scheme of
/// aws-smithy's standard retry strategy). Retries take tokens, successes put some back.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    capacity: u32,
    tokens: AtomicU32,
}

impl RetryBudget {
    /// A full bucket of `capacity` tokens.
    pub(crate) fn new(capacity: u32) -> Self {
        RetryBudget {
            capacity,
            tokens: AtomicU32::new(capacity),
        }
    }

    /// Takes `cost` tokens for a retry; `false` (nothing taken) when there are not enough.
    pub(crate) fn try_take(&self, cost: u32) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                tokens.checked_sub(cost)
            })
            .is_ok()
    }

    /// A call succeeded; `permit` is what its last retry took (0 when it took none).
    pub(crate) fn succeeded(&self, permit: u32) {
        let refund = if permit == 0 { SUCCESS_REWARD } else { permit };
        let capacity = self.capacity;
        // Never fails: the closure always returns a value.
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                Some(tokens.saturating_add(refund).min(capacity))
            });
    }

    /// Tokens left (for tests).
    #[cfg(test)]
    fn tokens(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
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

/// The wait a standard `Retry-After` header names (RFC 9110): whole seconds, or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`), which counts from `now` (a date in the past is no wait).
pub(crate) fn http_retry_after(header: &str, now: time::OffsetDateTime) -> Option<Duration> {
    let header = header.trim();
    if let Ok(seconds) = header.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(header)?;
    let wait = at - now;
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// Parses the IMF-fixdate form of an HTTP date: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(text: &str) -> Option<time::OffsetDateTime> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = text.split_ascii_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: u8 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month_index = MONTHS.iter().position(|m| *m == month_name)?;
    let month = time::Month::try_from(u8::try_from(month_index + 1).ok()?).ok()?;
    let year: i32 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: u8 = clock.next()?.parse().ok()?;
    let minute: u8 = clock.next()?.parse().ok()?;
    let second: u8 = clock.next()?.parse().ok()?;
    if clock.next().is_some() || parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let time = time::Time::from_hms(hour, minute, second).ok()?;
    Some(time::PrimitiveDateTime::new(date, time).assume_utc())
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
    fn http_retry_after_is_seconds_or_a_date() {
        let now = time::PrimitiveDateTime::new(
            time::Date::from_calendar_date(2015, time::Month::October, 21).unwrap(),
            time::Time::from_hms(7, 27, 50).unwrap(),
        )
        .assume_utc();
        assert_eq!(http_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            http_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            http_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        for bad in [
            "",
            "-1",
            "soon",
            "Wed, 21 Oct 2015 07:28:00 UTC",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed, 21 Okt 2015 07:28:00 GMT",
            "21 Oct 2015 07:28:00 GMT",
        ] {
            assert_eq!(http_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn disabled_and_minimum() {
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(
            RetryPolicy::default().retry_budget(),
            RetryPolicy::DEFAULT_RETRY_BUDGET
        );
        assert_eq!(
            RetryPolicy::default().with_retry_budget(7).retry_budget(),
            7
        );
    }

    #[test]
    fn failures_are_classified() {
        let service = |status, code| Failure::of_service(&ServiceError::new(status, code, ""));
        assert_eq!(service(400, "Throttling.User"), Failure::Refused);
        assert_eq!(service(400, "Throttling"), Failure::Refused);
        assert_eq!(service(503, "ServiceUnavailable"), Failure::Refused);
        assert_eq!(service(400, "ServiceUnavailable"), Failure::Refused);
        assert_eq!(service(429, "TooManyRequests"), Failure::Refused);
        assert_eq!(service(408, "RequestTimeout"), Failure::Refused);
        assert_eq!(service(500, "InternalError"), Failure::Unknown);
        assert_eq!(service(400, "InternalError"), Failure::Unknown);
        assert_eq!(service(502, "BadGateway"), Failure::Unknown);
        assert_eq!(service(504, "GatewayTimeout"), Failure::Unknown);
        assert_eq!(service(501, "NotImplemented"), Failure::Final);
        assert_eq!(service(500, "InvalidParameter"), Failure::Final);
        assert_eq!(service(400, "InvalidName"), Failure::Final);
        assert_eq!(service(403, "Forbidden.RAM"), Failure::Final);
        assert_eq!(service(400, "SignatureDoesNotMatch"), Failure::Final);
        assert_eq!(service(404, "InvalidAccessKeyId.NotFound"), Failure::Final);

        assert_eq!(Failure::of_status(503), Failure::Refused);
        assert_eq!(Failure::of_status(429), Failure::Refused);
        assert_eq!(Failure::of_status(408), Failure::Refused);
        assert_eq!(Failure::of_status(502), Failure::Unknown);
        assert_eq!(Failure::of_status(400), Failure::Final);
        assert_eq!(Failure::of_status(302), Failure::Final);

        use TransportErrorKind as K;
        assert_eq!(Failure::of_transport(K::Connect), Failure::NotSent);
        assert_eq!(Failure::of_transport(K::ConnectTimeout), Failure::NotSent);
        assert_eq!(Failure::of_transport(K::Connection), Failure::Unknown);
        assert_eq!(Failure::of_transport(K::Timeout), Failure::Unknown);
        assert_eq!(Failure::of_transport(K::Certificate), Failure::Final);
        assert_eq!(Failure::of_transport(K::BodyTooLarge), Failure::Final);
        assert_eq!(Failure::of_transport(K::Request), Failure::Final);

        for (failure, read_only, create) in [
            (Failure::NotSent, true, true),
            (Failure::Unknown, true, false),
            (Failure::Refused, true, true),
            (Failure::Final, false, false),
        ] {
            assert_eq!(failure.retryable(true), read_only, "{failure:?}");
            assert_eq!(failure.retryable(false), create, "{failure:?}");
        }
    }

    /// A service error with an `x-acs-retry-after` header.
    fn with_wait(status: u16, code: &str) -> ServiceError {
        let mut error = ServiceError::new(status, code, "");
        error.set_retry_after(Duration::from_millis(1));
        error
    }

    #[test]
    fn a_retry_after_header_never_changes_the_class() {
        for (status, code, class) in [
            (500, "InternalError", Failure::Unknown),
            (400, "InternalError", Failure::Unknown),
            (502, "BadGateway", Failure::Unknown),
            (504, "GatewayTimeout", Failure::Unknown),
            (500, "UnknownError", Failure::Unknown),
            (400, "InvalidParameter", Failure::Final),
            (500, "InvalidParameter", Failure::Final),
            (400, "MissingName", Failure::Final),
            (403, "Forbidden.RAM", Failure::Final),
            (400, "SignatureDoesNotMatch", Failure::Final),
            (400, "TooManyRequests", Failure::Final),
            (404, "NotFound", Failure::Final),
            (501, "NotImplemented", Failure::Final),
            (400, "Throttling.User", Failure::Refused),
            (429, "TooManyRequests", Failure::Refused),
            (503, "ServiceUnavailable", Failure::Refused),
            (408, "RequestTimeout", Failure::Refused),
        ] {
            let plain = ServiceError::new(status, code, "");
            assert_eq!(Failure::of_service(&plain), class, "{status} {code}");
            let waiting = with_wait(status, code);
            assert_eq!(
                Failure::of_service(&waiting),
                class,
                "{status} {code} + wait"
            );
            assert_eq!(
                waiting.is_retryable(),
                plain.is_retryable(),
                "{status} {code}"
            );
            assert!(!waiting.is_throttling() || code.starts_with("Throttling"));
        }
    }

    /// The table of the README's Retries section: failure × (idempotent, not idempotent), with
    /// and without a retry-after header.
    #[test]
    fn retry_table() {
        use TransportErrorKind as K;
        let service = |status: u16, code: &str, wait: bool| {
            if wait {
                Failure::of_service(&with_wait(status, code))
            } else {
                Failure::of_service(&ServiceError::new(status, code, ""))
            }
        };
        for wait in [false, true] {
            for (what, failure, idempotent, not_idempotent) in [
                ("connect", Failure::of_transport(K::Connect), true, true),
                (
                    "reset after write",
                    Failure::of_transport(K::Connection),
                    true,
                    false,
                ),
                (
                    "attempt timeout",
                    Failure::of_transport(K::Timeout),
                    true,
                    false,
                ),
                (
                    "500 InternalError",
                    service(500, "InternalError", wait),
                    true,
                    false,
                ),
                ("502 page", Failure::of_status(502), true, false),
                ("504 page", Failure::of_status(504), true, false),
                (
                    "Throttling.User",
                    service(400, "Throttling.User", wait),
                    true,
                    true,
                ),
                ("429", service(429, "TooManyRequests", wait), true, true),
                ("503", service(503, "ServiceUnavailable", wait), true, true),
                ("408 page", Failure::of_status(408), true, true),
                (
                    "400 InvalidParameter",
                    service(400, "InvalidParameter", wait),
                    false,
                    false,
                ),
                (
                    "403 Forbidden",
                    service(403, "Forbidden.RAM", wait),
                    false,
                    false,
                ),
                (
                    "certificate",
                    Failure::of_transport(K::Certificate),
                    false,
                    false,
                ),
            ] {
                assert_eq!(failure.retryable(true), idempotent, "{what}, wait {wait}");
                assert_eq!(
                    failure.retryable(false),
                    not_idempotent,
                    "{what}, wait {wait}"
                );
            }
        }
        // What the header does do: the retry waits at least as long as asked.
        let policy =
            RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_secs(1));
        let asked = Duration::from_millis(40);
        assert!(policy.delay(1, Some(asked)).unwrap() >= asked);
    }

    #[test]
    fn budget_takes_and_refunds() {
        let budget = RetryBudget::new(12);
        assert!(budget.try_take(RETRY_COST));
        assert!(budget.try_take(RETRY_COST));
        assert_eq!(budget.tokens(), 2);
        assert!(!budget.try_take(RETRY_COST), "not enough left");
        assert_eq!(budget.tokens(), 2);
        budget.succeeded(RETRY_COST);
        assert_eq!(budget.tokens(), 7);
        budget.succeeded(0);
        assert_eq!(budget.tokens(), 8);
        for _ in 0..10 {
            budget.succeeded(TIMEOUT_RETRY_COST);
        }
        assert_eq!(budget.tokens(), 12, "never above capacity");
        assert!(!RetryBudget::new(0).try_take(RETRY_COST));
    }
}
