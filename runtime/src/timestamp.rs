//! Instants as request parameters and response fields ([`Timestamp`]), typed by how they travel:
//! milliseconds or seconds since the Unix epoch, or RFC 3339 text.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::de::Lenient;
use crate::params::{Pair, WireValue};
use std::borrow::Cow;

use self::sealed::{Sealed, Wire};

mod sealed {
    /// How a format travels.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Wire {
        Millis,
        Seconds,
        Text,
    }

    /// Keeps [`super::TimeFormat`] to the formats of this module, whose wire forms the runtime
    /// knows.
    pub trait Sealed {
        const WIRE: Wire;
    }
}

/// How a [`Timestamp`] travels on the wire: [`UnixMillis`], [`UnixSeconds`] or [`Rfc3339`].
/// Sealed: these are the forms the runtime knows how to write and read.
pub trait TimeFormat: Sealed {}

/// A number of milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UnixMillis;

/// A number of seconds since 1970-01-01T00:00:00Z. Milliseconds are dropped on the wire
/// (rounded down).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UnixSeconds;

/// UTC text `YYYY-MM-DDThh:mm:ssZ`. Milliseconds are dropped on the wire (rounded down), since
/// that is the documented form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Rfc3339;

impl Sealed for UnixMillis {
    const WIRE: Wire = Wire::Millis;
}
impl Sealed for UnixSeconds {
    const WIRE: Wire = Wire::Seconds;
}
impl Sealed for Rfc3339 {
    const WIRE: Wire = Wire::Text;
}
impl TimeFormat for UnixMillis {}
impl TimeFormat for UnixSeconds {}
impl TimeFormat for Rfc3339 {}

const MILLIS_PER_SECOND: i64 = 1000;

/// An instant, with millisecond precision, that travels as `F` says ([`UnixMillis`],
/// [`UnixSeconds`] or [`Rfc3339`]).
///
/// `Display` and `Debug` show RFC 3339 in UTC whatever `F` is, and `FromStr` reads RFC 3339.
/// Decoding a response is forgiving: numbers, numeric text and RFC 3339 text are all read (see
/// [`Lenient`]).
///
/// ```
/// use alibabacloud_runtime::{Rfc3339, Timestamp, UnixMillis};
///
/// let at = Timestamp::<UnixMillis>::from_unix_millis(1_583_827_200_000);
/// assert_eq!(at.to_string(), "2020-03-10T08:00:00Z");
/// let same: Timestamp<Rfc3339> = "2020-03-10T16:00:00+08:00".parse().unwrap();
/// assert_eq!(same.unix_millis(), at.unix_millis());
/// ```
pub struct Timestamp<F> {
    millis: i64,
    // `fn() -> F` so the type is Send, Sync and Copy whatever F is.
    format: PhantomData<fn() -> F>,
}

impl<F> Timestamp<F> {
    /// The instant `millis` milliseconds after 1970-01-01T00:00:00Z (before, when negative).
    pub const fn from_unix_millis(millis: i64) -> Self {
        Timestamp {
            millis,
            format: PhantomData,
        }
    }

    /// The instant `seconds` seconds after 1970-01-01T00:00:00Z; beyond the range of
    /// milliseconds in an `i64` (about 292 million years), the nearest representable instant.
    pub const fn from_unix_seconds(seconds: i64) -> Self {
        Self::from_unix_millis(seconds.saturating_mul(MILLIS_PER_SECOND))
    }

    /// Milliseconds since 1970-01-01T00:00:00Z (negative before).
    pub const fn unix_millis(&self) -> i64 {
        self.millis
    }

    /// Whole seconds since 1970-01-01T00:00:00Z, rounded down (towards the past).
    pub const fn unix_seconds(&self) -> i64 {
        self.millis.div_euclid(MILLIS_PER_SECOND)
    }

    /// The current time.
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// The same instant, travelling as `G`.
    pub const fn with_format<G>(self) -> Timestamp<G> {
        Timestamp::from_unix_millis(self.millis)
    }

    /// The same instant as a `SystemTime`. An instant the platform's `SystemTime` cannot hold
    /// gives the farthest one it can, in the same direction.
    pub fn to_system_time(&self) -> SystemTime {
        let forward = self.millis >= 0;
        let shifted = |millis: u64| {
            let distance = Duration::from_millis(millis);
            if forward {
                UNIX_EPOCH.checked_add(distance)
            } else {
                UNIX_EPOCH.checked_sub(distance)
            }
        };
        let distance = self.millis.unsigned_abs();
        if let Some(at) = shifted(distance) {
            return at;
        }
        // Out of the platform's range: search for its last representable millisecond.
        let (mut reachable, mut unreachable) = (0u64, distance);
        while unreachable - reachable > 1 {
            let middle = reachable + (unreachable - reachable) / 2;
            if shifted(middle).is_some() {
                reachable = middle;
            } else {
                unreachable = middle;
            }
        }
        shifted(reachable).unwrap_or(UNIX_EPOCH)
    }

    /// The same instant as a UTC `OffsetDateTime`. Outside the years that type holds (-9999 to
    /// 9999), its first or last instant.
    pub fn to_offset_date_time(&self) -> OffsetDateTime {
        let nanos = i128::from(self.millis) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or_else(|_| {
            let limit = if self.millis < 0 {
                Date::MIN.midnight()
            } else {
                Date::MAX
                    .with_hms_milli(23, 59, 59, 999)
                    .unwrap_or_else(|_| Date::MAX.midnight())
            };
            limit.assume_utc()
        })
    }

    /// Writes `YYYY-MM-DDThh:mm:ss`, then `.mmm` when asked for and non-zero, then `Z`, of
    /// [`Self::to_offset_date_time`] (so instants past the years ±9999 show as those limits).
    fn write_rfc3339(&self, out: &mut impl fmt::Write, with_millis: bool) -> fmt::Result {
        let at = self.to_offset_date_time();
        write!(
            out,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        )?;
        let millis = at.millisecond();
        if with_millis && millis != 0 {
            write!(out, ".{millis:03}")?;
        }
        out.write_char('Z')
    }

    /// The RFC 3339 wire text, to the second.
    fn rfc3339_seconds(&self) -> String {
        let mut out = String::with_capacity(20);
        // Writing to a String cannot fail.
        let _ = self.write_rfc3339(&mut out, false);
        out
    }
}

impl<F: TimeFormat> Timestamp<F> {
    /// The instant a number in `F`'s unit stands for; `None` when out of range. For [`Rfc3339`],
    /// which has no unit, magnitudes from 1e11 up are milliseconds (1e11 seconds is the year
    /// 5138; 1e11 milliseconds is in 1973), smaller ones seconds.
    fn from_number(number: i128) -> Option<Self> {
        let millis = match F::WIRE {
            Wire::Millis => number,
            Wire::Seconds => number.checked_mul(1000)?,
            Wire::Text if number.unsigned_abs() >= 100_000_000_000 => number,
            Wire::Text => number.checked_mul(1000)?,
        };
        i64::try_from(millis).ok().map(Self::from_unix_millis)
    }
}

// By hand: derives would require `F` to implement each trait, though only the number matters.
impl<F> Clone for Timestamp<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F> Copy for Timestamp<F> {}
impl<F> PartialEq for Timestamp<F> {
    fn eq(&self, other: &Self) -> bool {
        self.millis == other.millis
    }
}
impl<F> Eq for Timestamp<F> {}
impl<F> PartialOrd for Timestamp<F> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<F> Ord for Timestamp<F> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.millis.cmp(&other.millis)
    }
}
impl<F> Hash for Timestamp<F> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.millis.hash(state);
    }
}

impl<F> Default for Timestamp<F> {
    /// 1970-01-01T00:00:00Z, which is what an empty or `null` field decodes to.
    fn default() -> Self {
        Self::from_unix_millis(0)
    }
}

impl<F> fmt::Display for Timestamp<F> {
    /// RFC 3339 in UTC: `2020-03-10T08:00:00Z`, or `2020-03-10T08:00:00.123Z` when the
    /// milliseconds are not zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_rfc3339(f, true)
    }
}

impl<F> fmt::Debug for Timestamp<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Timestamp(")?;
        self.write_rfc3339(f, true)?;
        f.write_str(")")
    }
}

impl<F> From<SystemTime> for Timestamp<F> {
    /// Rounded down to the millisecond; times before 1970 are negative. Beyond the range of an
    /// `i64` of milliseconds, the nearest representable instant.
    fn from(at: SystemTime) -> Self {
        let millis = match at.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
            Err(before) => {
                let before = before.duration().as_nanos().div_ceil(1_000_000);
                i64::try_from(before).map_or(i64::MIN, |millis| -millis)
            }
        };
        Self::from_unix_millis(millis)
    }
}

impl<F> From<OffsetDateTime> for Timestamp<F> {
    /// Rounded down to the millisecond.
    fn from(at: OffsetDateTime) -> Self {
        let millis = at.unix_timestamp_nanos().div_euclid(1_000_000);
        // Always in range: OffsetDateTime spans far fewer years than an i64 of milliseconds.
        Self::from_unix_millis(i64::try_from(millis).unwrap_or(if millis < 0 {
            i64::MIN
        } else {
            i64::MAX
        }))
    }
}

impl<F> FromStr for Timestamp<F> {
    type Err = TimestampParseError;

    /// Reads RFC 3339 text, whatever `F` is: `YYYY-MM-DDThh:mm:ssZ`, with an optional
    /// fraction of a second (kept to the millisecond, rounded down), `Z`, `z` or a `+hh:mm` /
    /// `-hh:mm` offset, `t` or a space instead of `T`, and the minutes-only form
    /// `YYYY-MM-DDThh:mmZ` that some documentation uses. Surrounding whitespace is ignored.
    fn from_str(text: &str) -> Result<Self, TimestampParseError> {
        parse_rfc3339(text.trim()).map(Self::from_unix_millis)
    }
}

impl<F: TimeFormat> WireValue for Timestamp<F> {
    /// The integer for the Unix forms; `YYYY-MM-DDThh:mm:ssZ` for [`Rfc3339`].
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        let text = match F::WIRE {
            Wire::Millis => self.millis.to_string(),
            Wire::Seconds => self.unix_seconds().to_string(),
            Wire::Text => self.rfc3339_seconds(),
        };
        out.push((name, Cow::Owned(text)));
    }
}

impl<F: TimeFormat> Serialize for Timestamp<F> {
    /// A number for the Unix forms; `YYYY-MM-DDThh:mm:ssZ` text for [`Rfc3339`].
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match F::WIRE {
            Wire::Millis => serializer.serialize_i64(self.millis),
            Wire::Seconds => serializer.serialize_i64(self.unix_seconds()),
            Wire::Text => serializer.serialize_str(&self.rfc3339_seconds()),
        }
    }
}

/// Reads every form a service may send for a timestamp (see [`Lenient`] for `Timestamp`).
struct TimestampVisitor<F>(PhantomData<fn() -> F>);

impl<F: TimeFormat> TimestampVisitor<F> {
    fn number<E: serde::de::Error>(
        &self,
        number: i128,
        unexpected: Unexpected<'_>,
    ) -> Result<Timestamp<F>, E> {
        Timestamp::from_number(number).ok_or_else(|| E::invalid_value(unexpected, self))
    }
}

/// An integral float as an integer; `None` for fractions, infinities and NaN.
fn integral(number: f64) -> Option<i128> {
    // Within ±2^63 an integral f64 converts exactly; larger ones are out of range anyway.
    if number.is_finite() && number.fract() == 0.0 && number.abs() < 9.3e18 {
        Some(number as i128)
    } else {
        None
    }
}

impl<'de, F: TimeFormat> Visitor<'de> for TimestampVisitor<F> {
    type Value = Timestamp<F>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match F::WIRE {
            Wire::Millis => {
                f.write_str("milliseconds since 1970-01-01T00:00:00Z (a number or its text)")
            }
            Wire::Seconds => {
                f.write_str("seconds since 1970-01-01T00:00:00Z (a number or its text)")
            }
            Wire::Text => f.write_str("RFC 3339 text (2020-03-10T08:00:00Z)"),
        }?;
        f.write_str(match F::WIRE {
            Wire::Text => ", or a Unix time in seconds or milliseconds",
            _ => ", or RFC 3339 text (2020-03-10T08:00:00Z)",
        })
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Timestamp<F>, E> {
        self.number(i128::from(v), Unexpected::Signed(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Timestamp<F>, E> {
        self.number(i128::from(v), Unexpected::Unsigned(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Timestamp<F>, E> {
        match integral(v) {
            Some(number) => self.number(number, Unexpected::Float(v)),
            None => Err(E::invalid_value(Unexpected::Float(v), &self)),
        }
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp<F>, E> {
        let text = v.trim();
        // Empty reads as 0, as it does for integers.
        if text.is_empty() {
            return Ok(Timestamp::default());
        }
        if let Ok(number) = text.parse::<i128>() {
            return self.number(number, Unexpected::Str(v));
        }
        // Numeric text that is not an integer ("12.0" is one, "12.5" is not), else RFC 3339.
        let parsed = match text.parse::<f64>() {
            Ok(number) => integral(number).and_then(Timestamp::from_number),
            Err(_) => parse_rfc3339(text).ok().map(Timestamp::from_unix_millis),
        };
        parsed.ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Timestamp<F>, E> {
        Ok(Timestamp::default())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Timestamp<F>, E> {
        Ok(Timestamp::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Timestamp<F>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, F: TimeFormat> Deserialize<'de> for Timestamp<F> {
    /// As forgiving as [`Lenient`]: the wire form of a timestamp varies between services.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor(PhantomData))
    }
}

impl<F: TimeFormat> Lenient for Timestamp<F> {
    /// Integers, integral floats and numeric text are read in `F`'s unit (for [`Rfc3339`],
    /// milliseconds from a magnitude of 1e11 up, else seconds); RFC 3339 text (the
    /// [`FromStr`] forms) is read whatever `F` is; `""` and `null` are 1970-01-01T00:00:00Z.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor(PhantomData))
    }
}

/// Why text is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampParseError {
    reason: &'static str,
}

impl fmt::Display for TimestampParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid timestamp ({}): expected RFC 3339 text such as 2020-03-10T08:00:00Z, with an \
             optional fraction of a second, a Z or +hh:mm/-hh:mm offset, or minutes only \
             (2020-03-10T08:00Z)",
            self.reason
        )
    }
}

impl std::error::Error for TimestampParseError {}

fn parse_error(reason: &'static str) -> TimestampParseError {
    TimestampParseError { reason }
}

/// Reads a run of exactly `len` ASCII digits at the start of `text`; the value and the rest.
fn digits(text: &str, len: usize) -> Option<(i64, &str)> {
    let head = text.get(..len)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, text.get(len..)?))
}

/// Reads `text`, already trimmed, as RFC 3339: milliseconds since the epoch.
fn parse_rfc3339(text: &str) -> Result<i64, TimestampParseError> {
    const SHAPE: &str = "not in the form YYYY-MM-DDThh:mm:ssZ";
    let shape = || parse_error(SHAPE);
    let (year, rest) = digits(text, 4).ok_or_else(shape)?;
    let rest = rest.strip_prefix('-').ok_or_else(shape)?;
    let (month, rest) = digits(rest, 2).ok_or_else(shape)?;
    let rest = rest.strip_prefix('-').ok_or_else(shape)?;
    let (day, rest) = digits(rest, 2).ok_or_else(shape)?;
    let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(shape)?;
    let (hour, rest) = digits(rest, 2).ok_or_else(shape)?;
    let rest = rest.strip_prefix(':').ok_or_else(shape)?;
    let (minute, mut rest) = digits(rest, 2).ok_or_else(shape)?;
    let mut second = 0;
    let mut millis = 0;
    // Seconds are optional (minutes-only form); a fraction only follows seconds.
    if let Some(after) = rest.strip_prefix(':') {
        (second, rest) = digits(after, 2).ok_or_else(shape)?;
        if let Some(fraction) = rest.strip_prefix('.') {
            let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if count == 0 {
                return Err(parse_error("a '.' without digits of a fraction"));
            }
            // Milliseconds are kept; further digits are dropped.
            for (digit, scale) in fraction.bytes().take(count.min(3)).zip([100, 10, 1]) {
                millis += i64::from(digit - b'0') * scale;
            }
            rest = fraction.get(count..).ok_or_else(shape)?;
        }
    }
    let offset_seconds = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return Err(parse_error("no time zone (Z or +hh:mm/-hh:mm)")),
            };
            let invalid_zone = || parse_error("a time zone other than Z or +hh:mm/-hh:mm");
            let (hours, zone) =
                digits(rest.get(1..).unwrap_or_default(), 2).ok_or_else(invalid_zone)?;
            let zone = zone.strip_prefix(':').ok_or_else(invalid_zone)?;
            let (minutes, zone) = digits(zone, 2).ok_or_else(invalid_zone)?;
            if !zone.is_empty() {
                return Err(invalid_zone());
            }
            if hours > 23 || minutes > 59 {
                return Err(parse_error("a time zone offset out of range"));
            }
            sign * (hours * 3600 + minutes * 60)
        }
    };
    // The calendar (month lengths, leap years) is the `time` crate's.
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(|| parse_error("a month out of range"))?;
    let date = i32::try_from(year)
        .ok()
        .zip(u8::try_from(day).ok())
        .and_then(|(year, day)| Date::from_calendar_date(year, month, day).ok())
        .ok_or_else(|| parse_error("a day out of range for its month"))?;
    let out_of_range = || parse_error("a time of day out of range");
    let field = |n: i64| u8::try_from(n).map_err(|_| out_of_range());
    let time_of_day = Time::from_hms_milli(
        field(hour)?,
        field(minute)?,
        field(second)?,
        u16::try_from(millis).map_err(|_| out_of_range())?,
    )
    .map_err(|_| out_of_range())?;
    let offset = i32::try_from(offset_seconds)
        .ok()
        .and_then(|s| UtcOffset::from_whole_seconds(s).ok())
        .ok_or_else(|| parse_error("a time zone offset out of range"))?;
    let nanos = PrimitiveDateTime::new(date, time_of_day)
        .assume_offset(offset)
        .unix_timestamp_nanos();
    // Four-digit years keep every instant far inside i64 milliseconds.
    i64::try_from(nanos / 1_000_000).map_err(|_| parse_error("an instant out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_values_do_not_panic_and_show_as_the_nearest_representable_year() {
        for millis in [i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX] {
            let at = Timestamp::<UnixMillis>::from_unix_millis(millis);
            let _ = at.to_string();
            let _ = at.to_system_time();
            let _ = at.to_offset_date_time();
            let mut out = Vec::new();
            let text = at.with_format::<Rfc3339>();
            text.write_to("T".into(), &mut out);
            assert_eq!(Timestamp::<UnixMillis>::from(at.to_system_time()), at);
        }
        assert_eq!(
            Timestamp::<UnixSeconds>::from_unix_seconds(i64::MAX).unix_millis(),
            i64::MAX
        );
        let far = Timestamp::<UnixMillis>::from_unix_millis(i64::MAX);
        assert_eq!(far.to_offset_date_time().year(), 9999);
        assert_eq!(far.to_string(), "9999-12-31T23:59:59.999Z");
        let early = Timestamp::<UnixMillis>::from_unix_millis(i64::MIN);
        assert_eq!(early.to_string(), "-9999-01-01T00:00:00Z");
    }

    #[test]
    fn numbers_out_of_range_are_errors() {
        for bad in ["9223372036854775807000", "1e300", "18446744073709551615"] {
            let mut de = serde_json::Deserializer::from_str(bad);
            assert!(
                Timestamp::<UnixSeconds>::deserialize_lenient(&mut de).is_err(),
                "{bad}"
            );
        }
        let mut de = serde_json::Deserializer::from_str("18446744073709551615");
        assert!(Timestamp::<UnixMillis>::deserialize_lenient(&mut de).is_err());
    }

    #[test]
    fn malformed_text_is_an_error_not_a_panic() {
        for bad in [
            "",
            "2020",
            "2020-03-10",
            "2020-03-10T08",
            "2020-03-10T08:00",
            "2020-03-10T08:00:00",
            "2020-03-10T08:00:00.Z",
            "2020-03-10T08:00:00+0800",
            "2020-03-10T08:00:00+08",
            "2020-03-10T08:00:00+24:00",
            "2020-03-10T08:00:00ZZ",
            "2020-13-10T08:00:00Z",
            "2019-02-29T08:00:00Z",
            "2020-03-10T24:00:00Z",
            "2020-03-10T08:60:00Z",
            "2020-03-10T08:00:60Z",
            "2020-03-10X08:00:00Z",
            "2020-03-10T08:00:00é",
            "2020-03-10T08:00:00+é",
            "é020-03-10T08:00:00Z",
            "+2020-03-10T08:00:00Z",
        ] {
            assert!(bad.parse::<Timestamp<Rfc3339>>().is_err(), "{bad}");
        }
        assert!("2020-02-29T08:00:00Z".parse::<Timestamp<Rfc3339>>().is_ok());
        assert!("2000-02-29T08:00:00Z".parse::<Timestamp<Rfc3339>>().is_ok());
        assert!("1900-02-29T08:00:00Z"
            .parse::<Timestamp<Rfc3339>>()
            .is_err());
    }
}
