//! Request signing: RPC signature V1 (`HMAC-SHA1`, the RPC default), V3 (`ACS3-HMAC-SHA256`,
//! for RPC on request and the ROA default) and the classic ROA signature (`HMAC-SHA1`,
//! `acs <id>:<signature>`).
//!
//! The functions here are pure: they take every input (nonce and timestamp included) and return
//! text, so they can be checked against published vectors. [`crate::Client`] draws a fresh nonce
//! and timestamp for every attempt.

mod keyed;
pub mod roa;
pub mod v1;
pub mod v3;

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

pub use crate::escape::{percent_encode, percent_encode_into};

/// Which signature scheme the client uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// RPC signature V1: `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, parameters signed in
    /// the query. The default, supported by every RPC product.
    #[default]
    V1,
    /// Signature V3: `Authorization: ACS3-HMAC-SHA256 ...` header over a canonical request.
    V3,
}

/// Which signature scheme the client uses for ROA operations ([`crate::Operation::STYLE`] ROA).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RoaSignature {
    /// Signature V3 (`ACS3-HMAC-SHA256`) over the ROA request: the CanonicalURI is the escaped
    /// path. What the current official SDKs use; the default.
    #[default]
    V3,
    /// The classic ROA signature ([`roa`]): `Authorization: acs <id>:<signature>` (HMAC-SHA1)
    /// with `date` and `x-acs-signature-*` headers. Legacy, for services or gateways that still
    /// expect it.
    Classic,
}

/// The `Timestamp` / `x-acs-date` form: UTC `yyyy-MM-ddTHH:mm:ssZ`, no fractional seconds.
pub fn format_timestamp(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let mut out = String::with_capacity(20);
    push_year(&mut out, at.year());
    out.push('-');
    push_two_digits(&mut out, u8::from(at.month()));
    out.push('-');
    push_two_digits(&mut out, at.day());
    out.push('T');
    push_time(&mut out, at);
    out.push('Z');
    out
}

/// The HTTP `Date` form (RFC 1123, always GMT): `Wed, 01 Jan 2025 00:00:00 GMT`.
pub(crate) fn format_http_date(at: time::OffsetDateTime) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let at = at.to_offset(time::UtcOffset::UTC);
    let mut out = String::with_capacity(29);
    out.push_str(DAYS[usize::from(at.weekday().number_days_from_monday())]);
    out.push_str(", ");
    push_two_digits(&mut out, at.day());
    out.push(' ');
    out.push_str(MONTHS[usize::from(u8::from(at.month()) - 1)]);
    out.push(' ');
    push_year(&mut out, at.year());
    out.push(' ');
    push_time(&mut out, at);
    out.push_str(" GMT");
    out
}

// Written digit by digit rather than with `format!`: these run on every attempt.

/// `HH:mm:ss`.
fn push_time(out: &mut String, at: time::OffsetDateTime) {
    push_two_digits(out, at.hour());
    out.push(':');
    push_two_digits(out, at.minute());
    out.push(':');
    push_two_digits(out, at.second());
}

/// `value` (below 100) with a leading zero.
fn push_two_digits(out: &mut String, value: u8) {
    out.push(char::from(b'0' + value / 10 % 10));
    out.push(char::from(b'0' + value % 10));
}

/// The year as `{:04}` writes it: at least four digits, zero-padded, `-` before a negative one.
fn push_year(out: &mut String, year: i32) {
    if (0..10_000).contains(&year) {
        let year = year.unsigned_abs();
        for divisor in [1000, 100, 10, 1] {
            // A digit, so it fits.
            out.push(char::from(b'0' + (year / divisor % 10) as u8));
        }
    } else {
        use std::fmt::Write as _;
        // Writing to a `String` cannot fail.
        let _ = write!(out, "{year:04}");
    }
}

/// A fresh `SignatureNonce`: a random (version 4) UUID, never reused.
pub fn new_nonce() -> String {
    let uuid = match NONCE_BYTES.with_borrow_mut(NonceBytes::take) {
        Some(bytes) => uuid::Builder::from_random_bytes(bytes).into_uuid(),
        None => unique_without_randomness(),
    };
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    uuid.hyphenated().encode_lower(&mut text).to_owned()
}

/// Random bytes for nonces, drawn from the operating system a batch at a time: one draw (a system
/// call) per request cost more than signing the request. Each byte goes into one nonce only.
/// (A process forked without `exec` would share the forking thread's unused batch with its child;
/// an async runtime does not survive `fork` anyway.)
struct NonceBytes {
    bytes: [u8; 512],
    used: usize,
}

impl NonceBytes {
    /// The next 16 unused random bytes, drawing a new batch when this one is spent; `None` when
    /// the operating system gives no random bytes.
    fn take(&mut self) -> Option<[u8; 16]> {
        if self.used + 16 > self.bytes.len() {
            getrandom::fill(&mut self.bytes).ok()?;
            self.used = 0;
        }
        let mut out = [0u8; 16];
        out.copy_from_slice(&self.bytes[self.used..self.used + 16]);
        self.used += 16;
        Some(out)
    }
}

thread_local! {
    static NONCE_BYTES: RefCell<NonceBytes> = const {
        RefCell::new(NonceBytes {
            bytes: [0; 512],
            used: 512,
        })
    };
}

/// A nonce when no random bytes can be had (never on a working system): the clock and a count,
/// unique within the process, rather than failing the call.
fn unique_without_randomness() -> uuid::Uuid {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos() as u64);
    uuid::Uuid::from_u64_pair(nanos, COUNT.fetch_add(1, Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_format() {
        let at = time::OffsetDateTime::from_unix_timestamp(1_456_231_584).unwrap();
        assert_eq!(format_timestamp(at), "2016-02-23T12:46:24Z");
        let with_fraction = at + time::Duration::milliseconds(999);
        assert_eq!(format_timestamp(with_fraction), "2016-02-23T12:46:24Z");
    }

    #[test]
    fn http_date_format() {
        // 2025-01-01T00:00:00Z, the date of the ROA vectors.
        let at = time::OffsetDateTime::from_unix_timestamp(1_735_689_600).unwrap();
        assert_eq!(format_http_date(at), "Wed, 01 Jan 2025 00:00:00 GMT");
        let at = time::OffsetDateTime::from_unix_timestamp(1_456_231_584).unwrap();
        assert_eq!(format_http_date(at), "Tue, 23 Feb 2016 12:46:24 GMT");
    }

    // The digit-by-digit writers against `format!` over a spread of instants.
    #[test]
    fn formats_match_format_macro() {
        for seconds in [
            0i64,
            59,
            1_456_231_584,
            1_735_689_599,
            4_102_444_800,
            -62_135_596_800,
        ] {
            let at = time::OffsetDateTime::from_unix_timestamp(seconds).unwrap();
            assert_eq!(
                format_timestamp(at),
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    at.year(),
                    u8::from(at.month()),
                    at.day(),
                    at.hour(),
                    at.minute(),
                    at.second()
                )
            );
            assert!(format_http_date(at).ends_with(&format!(
                "{:02}:{:02}:{:02} GMT",
                at.hour(),
                at.minute(),
                at.second()
            )));
        }
        let year_one = time::OffsetDateTime::from_unix_timestamp(-62_135_596_800).unwrap();
        assert_eq!(format_timestamp(year_one), "0001-01-01T00:00:00Z");
        assert_eq!(format_http_date(year_one), "Mon, 01 Jan 0001 00:00:00 GMT");
    }

    #[test]
    fn nonces_differ() {
        // Across batches and threads: every nonce is a distinct version 4 UUID.
        let mut seen = std::collections::HashSet::new();
        let other: Vec<String> = std::thread::spawn(|| (0..100).map(|_| new_nonce()).collect())
            .join()
            .expect("the thread makes nonces");
        for nonce in (0..100).map(|_| new_nonce()).chain(other) {
            let uuid = uuid::Uuid::parse_str(&nonce).expect("a UUID");
            assert_eq!(uuid.get_version_num(), 4, "{nonce}");
            assert_eq!(nonce.len(), 36);
            assert!(seen.insert(nonce.clone()), "{nonce} repeated");
        }
        assert_ne!(unique_without_randomness(), unique_without_randomness());
    }
}
