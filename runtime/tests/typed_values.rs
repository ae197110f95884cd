//! Base64 data and timestamps as generated clients use them: written as request parameters and
//! JSON bodies, read leniently from responses. Expected values come from independent sources
//! (RFC 4648 test vectors, a calendar), not from this code.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alibabacloud_runtime::{
    Base64, Params, Rfc3339, Timestamp, UnixMillis, UnixSeconds, WireValue,
};
use serde::Deserialize;

fn wire<V: WireValue>(value: &V) -> Vec<(String, String)> {
    let mut out = Vec::new();
    value.write_to("P".into(), &mut out);
    out.into_iter()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

fn one(text: &str) -> Vec<(String, String)> {
    vec![("P".to_string(), text.to_string())]
}

// ---- Base64 ----

#[test]
fn base64_rfc4648_vectors_encode_and_decode() {
    for (data, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        let value = Base64::encode(data);
        assert_eq!(value.as_encoded(), encoded, "{data}");
        assert_eq!(value.decode().unwrap(), data.as_bytes(), "{data}");
        assert_eq!(Base64::from_encoded(encoded), value);
    }
}

#[test]
fn base64_round_trips_every_byte_value() {
    let bytes: Vec<u8> = (0..=255).collect();
    let value = Base64::from(&bytes);
    assert_eq!(
        value.as_encoded(),
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w=="
    );
    assert_eq!(value.decode().unwrap(), bytes);
    assert_eq!(
        Base64::from_encoded(value.clone().into_encoded())
            .decode()
            .unwrap(),
        bytes
    );
}

#[test]
fn base64_from_conversions_all_encode() {
    let expected = Base64::from_encoded("YWI=");
    assert_eq!(Base64::from(b"ab".to_vec()), expected);
    assert_eq!(Base64::from(&b"ab".to_vec()), expected);
    assert_eq!(Base64::from(&b"ab"[..]), expected);
    assert_eq!(Base64::from(*b"ab"), expected);
    assert_eq!(Base64::from(b"ab"), expected);
    assert_eq!(Base64::encode("ab"), expected);
    assert_eq!(Base64::default().as_encoded(), "");
    assert_eq!(Base64::default().decode().unwrap(), Vec::<u8>::new());
}

#[test]
fn base64_decodes_without_padding() {
    assert_eq!(Base64::from_encoded("Zg").decode().unwrap(), b"f");
    assert_eq!(Base64::from_encoded("Zm8").decode().unwrap(), b"fo");
    assert_eq!(Base64::from_encoded("Zm9vYg").decode().unwrap(), b"foob");
}

#[test]
fn base64_decodes_the_url_safe_alphabet() {
    assert_eq!(
        Base64::from_encoded("-_-_").decode().unwrap(),
        [0xfb, 0xff, 0xbf]
    );
    assert_eq!(Base64::from_encoded("-_8=").decode().unwrap(), [0xfb, 0xff]);
    assert_eq!(Base64::from_encoded("-_8").decode().unwrap(), [0xfb, 0xff]);
    assert_eq!(Base64::from_encoded("+/8=").decode().unwrap(), [0xfb, 0xff]);
}

#[test]
fn base64_decodes_text_wrapped_over_lines() {
    let wrapped = "VGhlIHF1aWNrIGJyb3du\nIGZveCBqdW1wcyBvdmVy\r\nIHRoZSBsYXp5IGRvZw==\n";
    assert_eq!(
        Base64::from_encoded(wrapped).decode().unwrap(),
        b"The quick brown fox jumps over the lazy dog"
    );
    // The text itself is kept as received.
    assert_eq!(Base64::from_encoded(wrapped).as_encoded(), wrapped);
}

#[test]
fn base64_invalid_character_is_an_error_with_its_position() {
    let err = Base64::from_encoded("Zm9v*mFy").decode().unwrap_err();
    assert_eq!(err.position(), 4);
    let message = err.to_string();
    assert!(message.contains("position 4"), "{message}");
    assert!(message.contains("not a Base64 symbol"), "{message}");
    // The message does not repeat the data.
    assert!(!message.contains("Zm9v"), "{message}");
    let err = Base64::from_encoded("Zm9v\nZ").decode().unwrap_err();
    assert_eq!(err.position(), 5);
    assert!(Base64::from_encoded("Zg==Zg==").decode().is_err());
}

#[test]
fn base64_debug_does_not_show_the_content() {
    let secret = Base64::encode("my password");
    let shown = format!("{secret:?}");
    assert_eq!(shown, "Base64(16 chars)");
    assert!(!shown.contains(secret.as_encoded()));
}

#[test]
fn base64_is_one_wire_parameter_and_a_json_string() {
    assert_eq!(wire(&Base64::encode("hello")), one("aGVsbG8="));
    let user_data = Some(Base64::encode("hello"));
    let mut params = Params::default();
    params.query("UserData", &user_data);
    params.query("Unset", &None::<Base64>);
    params.json_member("blob", &Base64::encode("hello"));
    assert_eq!(params.query, vec![("UserData".into(), "aGVsbG8=".into())]);
    assert_eq!(
        params.json_body(),
        Some(serde_json::json!({"blob": "aGVsbG8="}))
    );
    assert_eq!(
        serde_json::to_string(&Base64::from_encoded("aGVsbG8=")).unwrap(),
        r#""aGVsbG8=""#
    );
    let strict: Base64 = serde_json::from_str(r#""aGVsbG8=""#).unwrap();
    assert_eq!(strict.decode().unwrap(), b"hello");
}

// ---- Timestamp ----

/// 2020-03-10T08:00:00Z in seconds since the epoch.
const MARCH_10_2020: i64 = 1_583_827_200;

#[test]
fn timestamp_known_instants_display_as_rfc3339() {
    for (seconds, text) in [
        (MARCH_10_2020, "2020-03-10T08:00:00Z"),
        (0, "1970-01-01T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (-14_182_940, "1969-07-20T20:17:40Z"),
        (-2_208_988_800, "1900-01-01T00:00:00Z"),
        (951_825_600, "2000-02-29T12:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ] {
        let at = Timestamp::<UnixSeconds>::from_unix_seconds(seconds);
        assert_eq!(at.to_string(), text);
        assert_eq!(at.unix_millis(), seconds * 1000);
        assert_eq!(
            text.parse::<Timestamp<UnixSeconds>>().unwrap(),
            at,
            "{text}"
        );
        assert_eq!(at.to_offset_date_time().unix_timestamp(), seconds);
    }
    let at = Timestamp::<UnixMillis>::from_unix_millis(1_583_827_200_123);
    assert_eq!(at.to_string(), "2020-03-10T08:00:00.123Z");
    assert_eq!(format!("{at:?}"), "Timestamp(2020-03-10T08:00:00.123Z)");
    assert_eq!(at.unix_seconds(), MARCH_10_2020);
    // Before 1970, seconds round down, towards the past.
    let before = Timestamp::<UnixMillis>::from_unix_millis(-1);
    assert_eq!(before.to_string(), "1969-12-31T23:59:59.999Z");
    assert_eq!(before.unix_seconds(), -1);
}

#[test]
fn timestamp_parses_rfc3339_forms() {
    let expected = MARCH_10_2020 * 1000;
    for text in [
        "2020-03-10T08:00:00Z",
        "2020-03-10T08:00:00z",
        "2020-03-10t08:00:00Z",
        "2020-03-10 08:00:00Z",
        "2020-03-10T08:00Z",
        "2020-03-10T16:00:00+08:00",
        "2020-03-10T16:00+08:00",
        "2020-03-10T02:30:00-05:30",
        "2020-03-10T08:00:00+00:00",
        "2020-03-10T08:00:00.000Z",
        " 2020-03-10T08:00:00Z\n",
    ] {
        let at: Timestamp<Rfc3339> = text.parse().unwrap();
        assert_eq!(at.unix_millis(), expected, "{text}");
    }
    for (text, millis) in [
        ("2020-03-10T08:00:00.1Z", expected + 100),
        ("2020-03-10T08:00:00.123Z", expected + 123),
        ("2020-03-10T08:00:00.123456789Z", expected + 123),
        ("2020-03-10T16:00:00.5+08:00", expected + 500),
        ("1969-12-31T23:59:59.999Z", -1),
    ] {
        let at: Timestamp<UnixMillis> = text.parse().unwrap();
        assert_eq!(at.unix_millis(), millis, "{text}");
    }
}

#[test]
fn timestamp_invalid_text_is_an_error_saying_what_was_expected() {
    for bad in [
        "yesterday",
        "2020-03-10",
        "2020-03-10T08:00:00",
        "2020-02-30T08:00:00Z",
        "2020-03-10T08:00:00+8:00",
        "10/03/2020 08:00",
    ] {
        let err = bad.parse::<Timestamp<Rfc3339>>().unwrap_err();
        assert!(err.to_string().contains("2020-03-10T08:00:00Z"), "{err}");
    }
    let err = "2020-02-30T08:00:00Z"
        .parse::<Timestamp<Rfc3339>>()
        .unwrap_err();
    assert!(err.to_string().contains("day"), "{err}");
}

#[test]
fn timestamp_wire_values_follow_the_format() {
    let millis = 1_583_827_200_123;
    assert_eq!(
        wire(&Timestamp::<UnixMillis>::from_unix_millis(millis)),
        one("1583827200123")
    );
    assert_eq!(
        wire(&Timestamp::<UnixSeconds>::from_unix_millis(millis)),
        one("1583827200")
    );
    assert_eq!(
        wire(&Timestamp::<Rfc3339>::from_unix_millis(millis)),
        one("2020-03-10T08:00:00Z")
    );
    assert_eq!(
        wire(&Timestamp::<UnixSeconds>::from_unix_millis(-1)),
        one("-1")
    );
    let start = Some(Timestamp::<Rfc3339>::from_unix_seconds(0));
    let mut params = Params::default();
    params.query("StartTime", &start);
    params.query("EndTime", &None::<Timestamp<Rfc3339>>);
    assert_eq!(
        params.query,
        vec![("StartTime".into(), "1970-01-01T00:00:00Z".into())]
    );
}

#[test]
fn timestamp_serializes_by_format() {
    let millis = 1_583_827_200_123;
    assert_eq!(
        serde_json::to_string(&Timestamp::<UnixMillis>::from_unix_millis(millis)).unwrap(),
        "1583827200123"
    );
    assert_eq!(
        serde_json::to_string(&Timestamp::<UnixSeconds>::from_unix_millis(millis)).unwrap(),
        "1583827200"
    );
    assert_eq!(
        serde_json::to_string(&Timestamp::<Rfc3339>::from_unix_millis(millis)).unwrap(),
        r#""2020-03-10T08:00:00Z""#
    );
    let mut params = Params::default();
    params.json_member("at", &Timestamp::<UnixSeconds>::from_unix_seconds(5));
    assert_eq!(params.json_body(), Some(serde_json::json!({"at": 5})));
}

#[test]
fn timestamp_system_time_round_trip() {
    let at = UNIX_EPOCH + Duration::from_millis(1_583_827_200_123);
    let stamp = Timestamp::<UnixMillis>::from(at);
    assert_eq!(stamp.unix_millis(), 1_583_827_200_123);
    assert_eq!(stamp.to_system_time(), at);
    // Before the epoch.
    let before = UNIX_EPOCH - Duration::from_secs(14_182_940);
    let stamp = Timestamp::<Rfc3339>::from(before);
    assert_eq!(stamp.to_string(), "1969-07-20T20:17:40Z");
    assert_eq!(stamp.to_system_time(), before);
    // Sub-millisecond parts round down, also before the epoch.
    let stamp = Timestamp::<UnixMillis>::from(UNIX_EPOCH - Duration::from_micros(1));
    assert_eq!(stamp.unix_millis(), -1);
    let stamp = Timestamp::<UnixMillis>::from(UNIX_EPOCH + Duration::from_micros(1_999));
    assert_eq!(stamp.unix_millis(), 1);
    // now() is the system clock, to the millisecond.
    let before = SystemTime::now();
    let now = Timestamp::<UnixMillis>::now();
    let after = SystemTime::now();
    assert!(Timestamp::<UnixMillis>::from(before) <= now);
    assert!(now <= Timestamp::<UnixMillis>::from(after));
}

#[test]
fn timestamp_offset_date_time_round_trip() {
    let at = time::OffsetDateTime::from_unix_timestamp(MARCH_10_2020)
        .unwrap()
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap());
    let stamp = Timestamp::<Rfc3339>::from(at);
    assert_eq!(stamp.to_string(), "2020-03-10T08:00:00Z");
    assert_eq!(stamp.to_offset_date_time(), at);
    assert_eq!(stamp.to_offset_date_time().offset(), time::UtcOffset::UTC);
}

#[test]
fn timestamps_order_by_instant() {
    let early = Timestamp::<UnixMillis>::from_unix_millis(-5);
    let epoch = Timestamp::<UnixMillis>::default();
    let late = Timestamp::<UnixMillis>::from_unix_seconds(MARCH_10_2020);
    let mut list = vec![late, epoch, early];
    list.sort();
    assert_eq!(list, vec![early, epoch, late]);
    assert_eq!(list.iter().max(), Some(&late));
    assert_eq!(
        late.with_format::<Rfc3339>().unix_millis(),
        late.unix_millis()
    );
}

// ---- Responses ----

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    #[serde(default, deserialize_with = "alibabacloud_runtime::de::lenient")]
    ciphertext_blob: Option<Base64>,
    #[serde(default, deserialize_with = "alibabacloud_runtime::de::lenient")]
    plaintext: Base64,
    #[serde(default, deserialize_with = "alibabacloud_runtime::de::lenient")]
    create_time: Option<Timestamp<UnixMillis>>,
    #[serde(default, deserialize_with = "alibabacloud_runtime::de::lenient")]
    expire_time: Timestamp<UnixSeconds>,
    #[serde(default, deserialize_with = "alibabacloud_runtime::de::lenient")]
    gmt_modified: Option<Timestamp<Rfc3339>>,
    #[serde(default, deserialize_with = "alibabacloud_runtime::de::lenient")]
    history: Vec<Timestamp<UnixMillis>>,
}

fn decode(json: &str) -> Output {
    serde_json::from_str(json).unwrap()
}

#[test]
fn response_fields_decode_strictly_shaped_values() {
    let out = decode(
        r#"{"CiphertextBlob":"Zm9v\nYmFy","Plaintext":"aGVsbG8=","CreateTime":1583827200123,
            "ExpireTime":1583827200,"GmtModified":"2020-03-10T08:00:00Z",
            "History":[0,1583827200000]}"#,
    );
    let blob = out.ciphertext_blob.unwrap();
    assert_eq!(blob.as_encoded(), "Zm9v\nYmFy");
    assert_eq!(blob.decode().unwrap(), b"foobar");
    assert_eq!(out.plaintext.decode().unwrap(), b"hello");
    assert_eq!(out.create_time.unwrap().unix_millis(), 1_583_827_200_123);
    assert_eq!(out.expire_time.unix_millis(), MARCH_10_2020 * 1000);
    assert_eq!(out.gmt_modified.unwrap().unix_seconds(), MARCH_10_2020);
    assert_eq!(
        out.history,
        vec![
            Timestamp::from_unix_millis(0),
            Timestamp::from_unix_seconds(MARCH_10_2020)
        ]
    );
}

#[test]
fn response_fields_decode_leniently() {
    let out = decode(
        r#"{"CiphertextBlob":12,"Plaintext":null,"CreateTime":"1583827200123",
            "ExpireTime":"2020-03-10T16:00:00+08:00","GmtModified":1583827200,
            "History":"1583827200000"}"#,
    );
    assert_eq!(out.ciphertext_blob.unwrap().as_encoded(), "12");
    assert_eq!(out.plaintext, Base64::default());
    assert_eq!(out.create_time.unwrap().unix_millis(), 1_583_827_200_123);
    assert_eq!(out.expire_time.unix_seconds(), MARCH_10_2020);
    assert_eq!(out.gmt_modified.unwrap().unix_seconds(), MARCH_10_2020);
    assert_eq!(
        out.history,
        vec![Timestamp::from_unix_seconds(MARCH_10_2020)]
    );

    // Rfc3339 fields given numbers: milliseconds from 1e11 up, seconds below.
    let out = decode(r#"{"GmtModified":1583827200000,"ExpireTime":1583827200.0}"#);
    assert_eq!(out.gmt_modified.unwrap().unix_seconds(), MARCH_10_2020);
    assert_eq!(out.expire_time.unix_seconds(), MARCH_10_2020);
    let out = decode(r#"{"GmtModified":"1583827200"}"#);
    assert_eq!(out.gmt_modified.unwrap().unix_seconds(), MARCH_10_2020);

    // Text where numbers are documented, in any RFC 3339 form.
    let out = decode(
        r#"{"CreateTime":"2020-03-10T08:00Z","History":["2020-03-10T08:00:00.5Z","1970-01-01 00:00:01Z"]}"#,
    );
    assert_eq!(out.create_time.unwrap().unix_seconds(), MARCH_10_2020);
    assert_eq!(
        out.history,
        vec![
            Timestamp::from_unix_millis(MARCH_10_2020 * 1000 + 500),
            Timestamp::from_unix_millis(1000)
        ]
    );
}

#[test]
fn response_fields_decode_null_and_empty() {
    let out = decode(
        r#"{"CiphertextBlob":null,"Plaintext":"","CreateTime":null,"ExpireTime":null,
            "GmtModified":null,"History":null}"#,
    );
    assert_eq!(out.ciphertext_blob, None);
    assert_eq!(out.plaintext.as_encoded(), "");
    assert_eq!(out.create_time, None);
    assert_eq!(out.expire_time, Timestamp::from_unix_millis(0));
    assert_eq!(out.gmt_modified, None);
    assert!(out.history.is_empty());

    let out = decode(r#"{"CiphertextBlob":"","CreateTime":"","ExpireTime":"","GmtModified":""}"#);
    assert_eq!(out.ciphertext_blob, Some(Base64::default()));
    assert_eq!(out.create_time, Some(Timestamp::from_unix_millis(0)));
    assert_eq!(out.expire_time, Timestamp::from_unix_millis(0));
    assert_eq!(out.gmt_modified, Some(Timestamp::from_unix_millis(0)));

    let out = decode("{}");
    assert_eq!(out.ciphertext_blob, None);
    assert_eq!(out.expire_time, Timestamp::default());
}

#[test]
fn response_fields_reject_what_no_reading_fits() {
    for bad in [
        r#"{"CreateTime":"yesterday"}"#,
        r#"{"CreateTime":1.5}"#,
        r#"{"ExpireTime":"12.5"}"#,
        r#"{"ExpireTime":true}"#,
        r#"{"GmtModified":{"a":1}}"#,
        r#"{"History":[[1]]}"#,
        r#"{"Plaintext":true}"#,
        r#"{"Plaintext":["a"]}"#,
        r#"{"CiphertextBlob":{"a":"b"}}"#,
    ] {
        assert!(serde_json::from_str::<Output>(bad).is_err(), "{bad}");
    }
    let err = serde_json::from_str::<Output>(r#"{"GmtModified":"soon"}"#).unwrap_err();
    assert!(err.to_string().contains("RFC 3339"), "{err}");
}

#[test]
fn a_received_blob_is_sent_on_unchanged() {
    // Whatever the text was, even if it does not decode, it travels back as received.
    let out = decode(r#"{"CiphertextBlob":"not base64 ~ at all"}"#);
    let blob = out.ciphertext_blob.unwrap();
    assert!(blob.decode().is_err());
    assert_eq!(wire(&blob), one("not base64 ~ at all"));
}
