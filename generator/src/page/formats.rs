//! What a value holds beyond its type cell, when its description says so: Base64 data
//! (`使用Base64编码`), a JSON document (`JSON字符串` with a JSON example), a Unix time
//! (`Unix时间戳，单位：毫秒`) or a UTC date-time (`格式：YYYY-MM-DDThh:mm:ssZ`).
//!
//! As with value sets, a wrong format would make the client refuse or mangle what the service
//! takes, while a missed one only leaves a plain string or integer, so a format is taken only
//! where the description and the example agree:
//!
//! - Base64: a text whose description says it is Base64-encoded;
//! - JSON: a text whose example is a JSON object or array, and whose description says JSON or
//!   whose example holds objects (a list of plain words is as likely a comma list);
//! - Unix times: an integer (or text) described as a timestamp, with the unit from the
//!   description (毫秒/秒) or, when the description names none, from the example's digits
//!   (13 for milliseconds, 10 for seconds); an example with other digits gives no format;
//! - date-times: a text whose description gives the pattern `YYYY-MM-DDThh:mm:ssZ` and no
//!   other, and whose example, if any, follows it.

use super::type_hint::TypeHint;
use crate::spec::model::{Format, Type};

/// The format `description` and `example` document for a value whose type cell says `hint`.
pub fn read(description: &str, example: &str, hint: &TypeHint) -> Option<Format> {
    let ty = match hint {
        TypeHint::Known(ty) => ty,
        _ => return None,
    };
    let lower = description.to_lowercase();
    let example = example.trim();
    match ty {
        Type::String => base64(&lower)
            .or_else(|| json(&lower, example))
            .or_else(|| date_time(description, example))
            .or_else(|| unix_time(&lower, example)),
        Type::Integer | Type::Long => unix_time(&lower, example),
        _ => None,
    }
}

fn base64(lower: &str) -> Option<Format> {
    let encoded = ["编码", "encod", "加密后"];
    (lower.contains("base64") && encoded.iter().any(|w| lower.contains(w)))
        .then_some(Format::Base64)
}

fn json(lower: &str, example: &str) -> Option<Format> {
    // Page cells escape Markdown punctuation (`\[\{"Key":…\}\]`).
    let unescaped = example.replace('\\', "");
    let value: serde_json::Value = serde_json::from_str(&unescaped).ok()?;
    let holds_objects = match &value {
        serde_json::Value::Object(_) => true,
        serde_json::Value::Array(items) => {
            items.first().is_some_and(|i| i.is_object() || i.is_array())
        }
        _ => return None,
    };
    (holds_objects || lower.contains("json")).then_some(Format::Json)
}

/// The one date-time pattern the client writes back exactly.
const DATE_TIME: &str = "YYYY-MM-DDTHH:MM:SSZ";

fn date_time(description: &str, example: &str) -> Option<Format> {
    let plain: String = description
        .chars()
        .filter(|c| !matches!(c, '*' | '`' | '\\') && !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let at = plain.find(DATE_TIME)?;
    // Another pattern beside it (`YYYY-MM-DDThh:mmZ`, `yyyy-MM-dd HH:mm:ss`) leaves the form open.
    let rest = format!("{}{}", &plain[..at], &plain[at + DATE_TIME.len()..]);
    if rest.contains("YYYY") || rest.contains("HH:MM") || compact_date_time(&rest) {
        return None;
    }
    (example.is_empty() || Format::is_date_time(example)).then_some(Format::DateTime)
}

/// A date-time example in another form (`20171012T132456`) in the description.
fn compact_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .windows(9)
        .any(|w| w[..8].iter().all(u8::is_ascii_digit) && w[8] == b'T')
}

fn unix_time(lower: &str, example: &str) -> Option<Format> {
    let stamp = [
        "时间戳",
        "timestamp",
        "unix时间",
        "1970年1月1日",
        "1970-01-01",
    ];
    if !stamp.iter().any(|w| lower.contains(w)) {
        return None;
    }
    let millis = lower.contains("毫秒") || lower.contains("millisecond");
    let without_millis = lower.replace("毫秒", "").replace("millisecond", "");
    let seconds = without_millis.contains('秒') || without_millis.contains("second");
    let digits = if example.is_empty() {
        None
    } else if example.bytes().all(|b| b.is_ascii_digit()) {
        Some(example.len())
    } else {
        // An example that is not a number (a date text, a placeholder) says the value is not one.
        return None;
    };
    let by_example = match digits {
        Some(12 | 13) => Some(Format::UnixMillis),
        Some(9 | 10) => Some(Format::UnixSeconds),
        Some(_) => return None,
        None => None,
    };
    let by_text = match (millis, seconds) {
        (true, false) => Some(Format::UnixMillis),
        (false, true) => Some(Format::UnixSeconds),
        _ => None,
    };
    match (by_text, by_example) {
        (Some(t), Some(e)) => (t == e).then_some(t),
        (Some(t), None) => Some(t),
        (None, e) => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(description: &str, example: &str) -> Option<Format> {
        read(description, example, &TypeHint::Known(Type::String))
    }

    fn long(description: &str, example: &str) -> Option<Format> {
        read(description, example, &TypeHint::Known(Type::Long))
    }

    #[test]
    fn base64_from_the_description() {
        assert_eq!(
            text("要加密的明文，使用Base64编码。", "SGVsbG8="),
            Some(Format::Base64)
        );
        assert_eq!(
            text("明文 data key，该 data key 是经过 base64 编码的。", ""),
            Some(Format::Base64)
        );
        assert_eq!(text("导入令牌。", "Base64String"), None);
        assert_eq!(
            long("使用Base64编码。", "12"),
            None,
            "an integer is never Base64"
        );
    }

    #[test]
    fn json_needs_a_json_example() {
        assert_eq!(
            text(
                "主密钥过滤器。由Key-Values键值对组成。",
                r#"\[\{"Key":"KeyState", "Values":\["Enabled"\]\}\]"#
            ),
            Some(Format::Json)
        );
        assert_eq!(
            text("插件列表，JSON数组。", r#"["a","b"]"#),
            Some(Format::Json)
        );
        assert_eq!(
            text("插件列表。", r#"["a","b"]"#),
            None,
            "a list of words without the word JSON may be a comma list"
        );
        assert_eq!(text("JSON格式的配置。", "abc"), None);
        assert_eq!(text("JSON格式的配置。", ""), None);
        assert_eq!(text("可选值：KV、JSON。", "JSON"), None);
    }

    #[test]
    fn unix_times_take_their_unit_from_text_or_digits() {
        assert_eq!(
            long(
                "格式为Unix时间戳，即从1970年1月1日开始所经过的毫秒数。",
                "1583827200000"
            ),
            Some(Format::UnixMillis)
        );
        assert_eq!(
            long("创建时间，Unix时间戳，单位：秒。", "1583827200"),
            Some(Format::UnixSeconds)
        );
        assert_eq!(
            long("创建时间的时间戳。", "1583827200000"),
            Some(Format::UnixMillis)
        );
        assert_eq!(
            long("创建时间的时间戳。", "1583827200"),
            Some(Format::UnixSeconds)
        );
        assert_eq!(long("创建时间的时间戳。", ""), None, "no unit, no example");
        assert_eq!(
            long("时间戳，单位毫秒。", "1583827200"),
            None,
            "text and example disagree"
        );
        assert_eq!(long("超时时间，单位：秒。", "60"), None, "a duration");
        assert_eq!(text("时间戳，单位毫秒。", "2020-03-10"), None);
    }

    #[test]
    fn date_times_need_the_one_pattern() {
        assert_eq!(
            text(
                "开始时间。格式：YYYY-MM-DDThh:mm:ssZ。",
                "2020-03-10T08:00:00Z"
            ),
            Some(Format::DateTime)
        );
        assert_eq!(
            text("格式为`yyyy-MM-ddTHH:mm:ssZ`（UTC时间）。", ""),
            Some(Format::DateTime)
        );
        assert_eq!(text("格式：YYYY-MM-DDThh:mmZ。", "2020-03-10T08:00Z"), None);
        assert_eq!(
            text(
                "格式：YYYY-MM-DDThh:mm:ssZ，例如：20171012T132456.888+0800",
                ""
            ),
            None,
            "the description's example is in another form"
        );
        assert_eq!(
            text("格式：YYYY-MM-DDThh:mm:ssZ。", "2020-03-10 08:00:00"),
            None
        );
    }
}
