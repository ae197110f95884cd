//! Values of secret response members (`Operation::SENSITIVE_RESPONSE`) never reach a decode
//! error (its `Display`, its `Debug`, the body it keeps) nor the client's log lines, whatever is
//! wrong with the answer: trailing bytes, XML, a cut, a wrong type, an error status. An
//! operation without such members still shows the body. Answers come from the loopback test
//! server; every test captures the tracing output (its own subscriber, set before anything
//! logs), so this is its own test binary.

mod log_capture;
mod support;

use log_capture::Captured;

use alibabacloud_runtime::de::{object, read_into, skip, Nested};
use alibabacloud_runtime::{decode_body, Error, Method, Operation, Params, ServiceError};
use serde::{Deserialize, Deserializer};
use support::ops::*;
use support::{Answer, Fault};

const SECRET: &str = "SECRETVALUE";

/// KMS `Decrypt`'s answer, decoded as generated responses are.
#[derive(Debug, Default)]
struct DecryptOutput {
    key_id: Option<String>,
    plaintext: Option<String>,
    request_id: Option<String>,
}

impl Nested for DecryptOutput {
    fn member<'de, D: Deserializer<'de>>(&mut self, name: &str, value: D) -> Result<(), D::Error> {
        match name {
            "KeyId" => read_into(&mut self.key_id, value),
            "Plaintext" => read_into(&mut self.plaintext, value),
            "RequestId" => read_into(&mut self.request_id, value),
            _ => skip(value),
        }
    }
}

impl<'de> Deserialize<'de> for DecryptOutput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer)
    }
}

/// A KMS-`Decrypt`-like operation: its answer's `Plaintext` is secret.
struct Decrypt;

impl Operation for Decrypt {
    type Output = DecryptOutput;
    type Error = ServiceError;
    const ACTION: &'static str = "Decrypt";
    const METHOD: Method = Method::Post;
    const SENSITIVE: &'static [&'static str] = &["CiphertextBlob"];
    const SENSITIVE_RESPONSE: &'static [&'static str] = &["Plaintext"];
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.body("CiphertextBlob", "blob");
    }
}

/// The same call, declaring no secret member: what every operation did before.
struct DecryptWithoutSecrets;

impl Operation for DecryptWithoutSecrets {
    type Output = DecryptOutput;
    type Error = ServiceError;
    const ACTION: &'static str = "Decrypt";
    const METHOD: Method = Method::Post;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.body("CiphertextBlob", "blob");
    }
}

/// A secret that is a whole object: `GetSecretValue`-like, with `SecretData` a struct.
#[derive(Debug, Default)]
struct SecretData {
    value: Option<String>,
}

impl Nested for SecretData {
    fn member<'de, D: Deserializer<'de>>(&mut self, name: &str, value: D) -> Result<(), D::Error> {
        match name {
            "Value" => read_into(&mut self.value, value),
            _ => skip(value),
        }
    }
}

impl<'de> Deserialize<'de> for SecretData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer)
    }
}

#[derive(Debug, Default)]
struct GetSecretOutput {
    secret_data: SecretData,
}

impl Nested for GetSecretOutput {
    fn member<'de, D: Deserializer<'de>>(&mut self, name: &str, value: D) -> Result<(), D::Error> {
        match name {
            "SecretData" => read_into(&mut self.secret_data, value),
            _ => skip(value),
        }
    }
}

impl<'de> Deserialize<'de> for GetSecretOutput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer)
    }
}

struct GetSecretValue;

impl Operation for GetSecretValue {
    type Output = GetSecretOutput;
    type Error = ServiceError;
    const ACTION: &'static str = "GetSecretValue";
    const METHOD: Method = Method::Post;
    // Only reads: safe to repeat after a failure whose outcome is unknown.
    const IDEMPOTENT: bool = true;
    const SENSITIVE_RESPONSE: &'static [&'static str] = &["SecretData"];
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.body("SecretName", "db");
    }
}

/// The decode error of a failed call, with its `Display` and `Debug`.
fn decode_error<T: std::fmt::Debug>(
    result: Result<T, Error<ServiceError>>,
) -> (alibabacloud_runtime::DecodeError, String, String) {
    let err = result.unwrap_err();
    let (display, debug) = (err.to_string(), format!("{err:?}"));
    let Error::Decode(decode) = err else {
        panic!("expected a decode error, got {err:?}")
    };
    (decode, display, debug)
}

/// Nothing the error holds or shows has the secret.
fn assert_clean(decode: &alibabacloud_runtime::DecodeError, display: &str, debug: &str) {
    let body = String::from_utf8_lossy(decode.body());
    for text in [display, debug, decode.message(), &body] {
        assert!(!text.contains(SECRET), "the secret leaked into: {text}");
    }
    assert!(
        decode.path().is_none_or(|path| !path.contains(SECRET)),
        "{:?}",
        decode.path()
    );
}

/// The logs name the failed call and hold no secret.
fn assert_clean_logs(captured: &Captured, expected: &[&str]) {
    let logs = captured.text();
    assert!(
        !logs.contains(SECRET),
        "the secret leaked into the logs: {logs}"
    );
    for line in expected {
        assert!(
            logs.contains(line),
            "{line:?} missing from the logs: {logs}"
        );
    }
}

#[tokio::test]
async fn json_with_trailing_bytes_keeps_the_plaintext_out_of_the_error_and_the_logs() {
    let (captured, _guard) = Captured::start();
    let server = server().await;
    server.push_faults([Fault::Answer(Answer::json(
        200,
        format!(r#"{{"KeyId":"k","Plaintext":"{SECRET}","RequestId":"r"}}garbage"#),
    ))]);
    let client = builder(&server).build().unwrap();
    let (decode, display, debug) = decode_error(client.call(&LINKWAN, &Decrypt).await);
    assert_clean(&decode, &display, &debug);
    // What is left still says what failed, where, and what came back.
    for context in [
        "Decrypt",
        "HTTP 200",
        "trailing characters at line 1 column",
        r#"\"Plaintext\":\"<redacted>\""#,
        r#"\"KeyId\":\"k\""#,
        "garbage",
    ] {
        assert!(display.contains(context), "{context:?} missing: {display}");
    }
    assert_eq!(
        String::from_utf8_lossy(decode.body()),
        r#"{"KeyId":"k","Plaintext":"<redacted>","RequestId":"r"}garbage"#
    );
    assert_eq!(server.requests(), 1);
    assert_clean_logs(&captured, &["call failed", "Decrypt", "<redacted>"]);
}

#[tokio::test]
async fn an_xml_answer_keeps_the_plaintext_out() {
    let (captured, _guard) = Captured::start();
    let server = server().await;
    server.push_faults([Fault::Answer(
        Answer::json(
            200,
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DecryptResponse><KeyId>k</KeyId>\
                 <Plaintext>{SECRET}</Plaintext><RequestId>r</RequestId></DecryptResponse>"
            ),
        )
        .with_header("content-type", "text/xml"),
    )]);
    let client = builder(&server).build().unwrap();
    let (decode, display, debug) = decode_error(client.call(&LINKWAN, &Decrypt).await);
    assert_clean(&decode, &display, &debug);
    for context in [
        "Decrypt",
        "expected value at line 1 column 1",
        "<Plaintext><redacted></Plaintext>",
        "<KeyId>k</KeyId>",
    ] {
        assert!(display.contains(context), "{context:?} missing: {display}");
    }
    assert_clean_logs(&captured, &["call failed", "Decrypt"]);
}

#[tokio::test]
async fn cut_wrongly_typed_and_error_status_answers_keep_the_secret_out() {
    let (captured, _guard) = Captured::start();
    let server = server().await;
    let client = builder(&server).build().unwrap();

    // Cut inside the secret: replaced up to the end.
    server.push_faults([Fault::Answer(Answer::json(
        200,
        format!(r#"{{"KeyId":"k","Plaintext":"{SECRET}"#),
    ))]);
    let (decode, display, debug) = decode_error(client.call(&LINKWAN, &Decrypt).await);
    assert_clean(&decode, &display, &debug);
    assert!(display.contains("EOF while parsing"), "{display}");
    assert_eq!(
        String::from_utf8_lossy(decode.body()),
        r#"{"KeyId":"k","Plaintext":"<redacted>"#
    );

    // A wrong type the decoder quotes: not in the message either, and the path stops at the
    // secret member.
    server.push_faults([Fault::Answer(Answer::json(
        200,
        format!(r#"{{"RequestId":"r","SecretData":"{SECRET}"}}"#),
    ))]);
    let (decode, display, debug) = decode_error(client.call(&LINKWAN, &GetSecretValue).await);
    assert_clean(&decode, &display, &debug);
    assert_eq!(decode.path(), Some("SecretData"));
    assert!(
        decode
            .message()
            .starts_with("invalid type: string <redacted>"),
        "{}",
        decode.message()
    );
    assert!(display.contains("GetSecretValue") && display.contains("at SecretData"));

    // An error status whose body is not an error object.
    server.push_faults([Fault::Answer(Answer::json(
        400,
        format!(r#"{{"Plaintext":"{SECRET}","RequestId":"r"}}"#),
    ))]);
    let (decode, display, debug) = decode_error(client.call(&LINKWAN, &Decrypt).await);
    assert_clean(&decode, &display, &debug);
    assert_eq!(decode.status(), 400);
    assert!(display.contains("not an error object"), "{display}");

    // The secret's name in free text: the scan cannot be sure, the body is withheld.
    server.push_faults([Fault::Answer(Answer::json(
        200,
        format!("Plaintext={SECRET}"),
    ))]);
    let (decode, display, debug) = decode_error(client.call(&LINKWAN, &Decrypt).await);
    assert_clean(&decode, &display, &debug);
    assert!(decode.body().is_empty());
    assert!(display.contains("body withheld"), "{display}");

    assert_clean_logs(&captured, &["call failed", "GetSecretValue"]);
}

#[tokio::test]
async fn a_retried_answer_keeps_the_secret_out_of_the_retry_log() {
    let (captured, _guard) = Captured::start();
    let server = server().await;
    // A 503 whose body is not an error object is a refusal: retried, and logged as it is.
    let refusal = Fault::Answer(Answer::json(503, format!(r#"{{"Plaintext":"{SECRET}"}}"#)));
    server.push_faults([refusal.clone(), refusal]);
    let client = builder(&server).retry(fast_retries(2)).build().unwrap();
    let (decode, display, debug) = decode_error(client.call(&LINKWAN, &Decrypt).await);
    assert_clean(&decode, &display, &debug);
    assert_eq!(server.requests(), 2);
    assert_clean_logs(&captured, &["retrying", "call failed", "Decrypt"]);
}

#[tokio::test]
async fn decode_body_keeps_the_secret_out_too() {
    let body = format!(r#"{{"KeyId":"k","Plaintext":"{SECRET}","RequestId":"r"}}garbage"#);
    let err = decode_body::<Decrypt>(200, body.as_bytes()).unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_clean(decode, &err.to_string(), &format!("{err:?}"));
    assert!(err.to_string().contains("of Decrypt"), "{err}");
}

#[tokio::test]
async fn an_operation_without_secret_members_still_shows_the_body() {
    let (captured, _guard) = Captured::start();
    let server = server().await;
    let body = r#"{"KeyId":"k","Plaintext":"VISIBLEVALUE","RequestId":"r"}garbage"#;
    server.push_faults([Fault::Answer(Answer::json(200, body))]);
    let client = builder(&server).build().unwrap();
    let (decode, display, _) = decode_error(client.call(&LINKWAN, &DecryptWithoutSecrets).await);
    assert_eq!(decode.body(), body.as_bytes());
    assert!(
        display.contains("VISIBLEVALUE") && display.contains("garbage"),
        "{display}"
    );
    assert!(captured.text().contains("VISIBLEVALUE"));
}
