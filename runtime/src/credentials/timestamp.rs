//! The expiry times of temporary credentials: ISO 8601 in UTC as STS, the ECS metadata service
//! and credentials URIs write them (`2024-01-02T03:04:05Z`).

use std::time::SystemTime;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Parses `yyyy-MM-ddTHH:mm:ss`, optional fractional seconds, then `Z` or a `±HH:MM` offset.
/// `None` for anything else.
pub(crate) fn parse(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 20
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !matches!(bytes[10], b'T' | b't' | b' ')
        || bytes[13] != b':'
        || bytes[16] != b':'
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = text.get(range)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    let month = Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    let day = u8::try_from(number(8..10)?).ok()?;
    let hour = u8::try_from(number(11..13)?).ok()?;
    let minute = u8::try_from(number(14..16)?).ok()?;
    let second = u8::try_from(number(17..19)?).ok()?;
    let mut rest = &text[19..];
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        // Nanosecond precision is plenty; further digits are dropped.
        let kept = &fraction[..digits.min(9)];
        nanos = kept.parse::<u32>().ok()? * 10u32.pow(9 - u32::try_from(kept.len()).ok()?);
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => UtcOffset::UTC,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1i8,
                b'-' => -1i8,
                _ => return None,
            };
            let (hours, minutes) = rest[1..].split_once(':')?;
            if hours.len() != 2 || minutes.len() != 2 {
                return None;
            }
            let hours = i8::try_from(hours.parse::<u8>().ok()?).ok()?;
            let minutes = i8::try_from(minutes.parse::<u8>().ok()?).ok()?;
            UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?
        }
    };
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_offset(offset)
            .into(),
    )
}

/// `yyyy-MM-ddTHH:mm:ssZ`, for logs and `Debug` output.
pub(crate) fn format_system_time(at: SystemTime) -> String {
    crate::sign::format_timestamp(OffsetDateTime::from(at))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn parses_the_forms_in_use() {
        let at = UNIX_EPOCH + Duration::from_secs(1_704_164_645); // 2024-01-02T03:04:05Z
        assert_eq!(parse("2024-01-02T03:04:05Z"), Some(at));
        assert_eq!(parse(" 2024-01-02T03:04:05Z\n"), Some(at));
        assert_eq!(
            parse("2024-01-02T03:04:05.250Z"),
            Some(at + Duration::from_millis(250))
        );
        assert_eq!(parse("2024-01-02T11:04:05+08:00"), Some(at));
        assert_eq!(parse("2024-01-01T22:04:05-05:00"), Some(at));
        assert_eq!(format_system_time(at), "2024-01-02T03:04:05Z");
    }

    #[test]
    fn rejects_other_text() {
        for text in [
            "",
            "2024-01-02",
            "2024-01-02T03:04:05",
            "2024-13-02T03:04:05Z",
            "2024-02-30T03:04:05Z",
            "2024-01-02T03:04:05.Z",
            "2024-01-02T03:04:05+0800",
            "tomorrow at noon, roughly",
            "2024-01-02T03:04:05Zjunk",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
