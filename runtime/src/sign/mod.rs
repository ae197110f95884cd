//! Request signing: RPC signature V1 (`HMAC-SHA1`, the RPC default), V3 (`ACS3-HMAC-SHA256`,
//! for RPC on request and the ROA default) and the classic ROA signature (`HMAC-SHA1`,
//! `acs <id>:<signature>`).
//!
//! The functions here are pure: they take every input (nonce and timestamp included) and return
//! text, so they can be checked against published vectors. [`crate::Client`] draws a fresh nonce
//! and timestamp for every attempt.

pub mod roa;
pub mod v1;
pub mod v3;

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

/// Which signature scheme the client uses for ROA operations ([`crate::Operation::PATH`] set).
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
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// The HTTP `Date` form (RFC 1123, always GMT): `Wed, 01 Jan 2025 00:00:00 GMT`.
pub(crate) fn format_http_date(at: time::OffsetDateTime) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[usize::from(at.weekday().number_days_from_monday())],
        at.day(),
        MONTHS[usize::from(u8::from(at.month()) - 1)],
        at.year(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A fresh `SignatureNonce`: a random UUID, never reused.
pub fn new_nonce() -> String {
    uuid::Uuid::new_v4().to_string()
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

    #[test]
    fn nonces_differ() {
        let a = new_nonce();
        let b = new_nonce();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
    }
}
