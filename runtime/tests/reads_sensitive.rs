//! Values of sensitive parameters (`Operation::SENSITIVE`) never reach errors, their `Debug`
//! output, logs or the `SignatureDoesNotMatch` diagnosis; their names do. In its own test
//! binary because the tracing subscriber is captured per thread.

mod log_capture;
mod support;

use log_capture::Captured;

use alibabacloud_runtime::sign::percent_encode;
use alibabacloud_runtime::{Body, PathPiece, Style};
use alibabacloud_runtime::{
    Client, Credentials, Error, Method, Operation, Params, RoaSignature, ServiceError,
    SignatureMismatch, SignatureVersion,
};
use support::ops::*;
use support::{Answer, Fault, TestServer};

const PASSWORD: &str = "Hunter2!Pass word";
const PRIVATE_KEY: &str = "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkq";
const PROFILE_PASSWORD: &str = "pw-0042";
const PLAINTEXT: &str = "zq";
const ACCESS_SECRET: &str = "roa-access-secret-value";
const HEADER_SECRET: &str = "header-secret-value";
const JSON_KEY: &str = "json-private-key-value";

/// An RPC operation with secrets in the query and the form body.
struct ResetPassword;

impl Operation for ResetPassword {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "ResetPassword";
    const METHOD: Method = Method::Post;
    const SENSITIVE: &'static [&'static str] = &[
        "Password",
        "PrivateKeyBody",
        "LoginProfile.Password",
        "Plaintext",
    ];
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("InstanceId", "i-visible");
        params.query("Password", PASSWORD);
        params.query("Plaintext", PLAINTEXT);
        params.body("PrivateKeyBody", PRIVATE_KEY);
        params.body("LoginProfile.1.Password", PROFILE_PASSWORD);
        params.body("LoginProfile.1.UserName", "bob-visible");
    }
}

/// An ROA operation with secrets in the query, a signed header and the JSON body.
struct RotateKey;

impl Operation for RotateKey {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "RotateKey";
    const METHOD: Method = Method::Put;
    const STYLE: Style = Style::Roa {
        path: &[PathPiece::Literal("/keys/"), PathPiece::Param("KeyId")],
        body: Body::Json,
    };
    const SENSITIVE: &'static [&'static str] = &["accessSecret", "x-acs-key-secret", "privateKey"];
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.path("KeyId", "k-visible");
        params.query("accessSecret", ACCESS_SECRET);
        params.header("x-acs-key-secret", HEADER_SECRET);
        params.json_member("privateKey", JSON_KEY);
        params.json_member("comment", "visible");
    }
}

fn assert_no_sensitive_value(text: &str) {
    for value in [
        PASSWORD,
        PRIVATE_KEY,
        PROFILE_PASSWORD,
        ACCESS_SECRET,
        HEADER_SECRET,
        JSON_KEY,
    ] {
        let once = percent_encode(value);
        let twice = percent_encode(&once);
        for form in [value.to_owned(), once, twice] {
            assert!(!text.contains(&form), "{form:?} leaked into: {text}");
        }
    }
    // The two-letter plaintext, as it appears in a V1 string to sign.
    assert!(!text.contains("Plaintext%3Dzq"), "leaked into: {text}");
    assert!(!text.contains("Plaintext=zq"), "leaked into: {text}");
    assert_no_secret(text);
}

fn client(server: &TestServer, secret: &str, version: SignatureVersion) -> Client {
    builder(server)
        .credentials(Credentials::with_security_token(STS_ID, secret, STS_TOKEN))
        .signature_version(version)
        .retry(fast_retries(2))
        .build()
        .unwrap()
}

#[tokio::test]
async fn sensitive_values_never_reach_errors_logs_or_the_diagnosis() {
    let (captured, _guard) = Captured::start();
    let mut texts = Vec::new();
    let mut record = |err: &Error| texts.push(format!("{err} | {err:?}"));

    let server = server().await;
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        // A wrong secret: the server echoes its string to sign, parameters included.
        let err = client(&server, "sts-secret-WRONG", version)
            .call(&LINKWAN, &ResetPassword)
            .await
            .unwrap_err();
        let service = err.service_error().unwrap();
        assert_eq!(service.code(), "SignatureDoesNotMatch");
        assert_eq!(
            service.signature_mismatch(),
            Some(&SignatureMismatch::WrongSecret),
            "{version:?}: redaction comes after the diagnosis"
        );
        if version == SignatureVersion::V1 {
            // The names stay, so the message still says what was signed.
            let message = service.message();
            assert!(
                message.contains("Password%3D<redacted>")
                    && message.contains("Plaintext%3D<redacted>")
                    && message.contains("PrivateKeyBody%3D<redacted>")
                    && message.contains("i-visible"),
                "{message}"
            );
        }
        record(&err);
    }

    // A canonicalisation mismatch keeps both strings to sign, redacted.
    let server = self::server().await;
    server.tamper();
    let err = client(&server, STS_SECRET, SignatureVersion::V1)
        .call(&LINKWAN, &ResetPassword)
        .await
        .unwrap_err();
    let Some(SignatureMismatch::Canonicalization {
        server: theirs,
        client: ours,
    }) = err.service_error().unwrap().signature_mismatch()
    else {
        panic!("expected a canonicalisation mismatch: {err}")
    };
    for text in [theirs, ours] {
        assert!(
            text.contains("LoginProfile.1.Password%3D<redacted>") && text.contains("bob-visible"),
            "{text}"
        );
    }
    record(&err);

    // ROA, classic signature: the string to sign shows `x-acs-*` headers and the raw query.
    for signature in [RoaSignature::Classic, RoaSignature::V3] {
        let err = builder(&server)
            .roa_signature(signature)
            .build()
            .unwrap()
            .call(&LINKWAN, &RotateKey)
            .await
            .unwrap_err();
        if let Some(SignatureMismatch::Canonicalization {
            server: theirs,
            client: ours,
        }) = err.service_error().unwrap().signature_mismatch()
        {
            if signature == RoaSignature::Classic {
                for text in [theirs, ours] {
                    assert!(
                        text.contains("x-acs-key-secret:<redacted>")
                            && text.contains("accessSecret=<redacted>"),
                        "{text}"
                    );
                }
            }
        } else {
            panic!("expected a canonicalisation mismatch: {err}");
        }
        record(&err);
    }

    // The service quotes a value back in its message, or in a body that is not JSON.
    let server = self::server().await;
    server.push_faults([
        Fault::Service {
            status: 400,
            code: "InvalidPassword.Weak".into(),
            message: format!("The password {PASSWORD} is too weak; {PLAINTEXT} is too short."),
        },
        Fault::Answer(Answer::json(
            200,
            format!("<html>{PRIVATE_KEY} {}</html>", percent_encode(PASSWORD)),
        )),
        Fault::Answer(Answer::json(
            400,
            format!(r#"{{"code":"InvalidKey","message":"bad key {JSON_KEY}"}}"#),
        )),
    ]);
    let client = client(&server, STS_SECRET, SignatureVersion::V1);
    let err = client.call(&LINKWAN, &ResetPassword).await.unwrap_err();
    assert_eq!(
        err.message(),
        Some("The password <redacted> is too weak; <redacted> is too short.")
    );
    record(&err);
    let err = client.call(&LINKWAN, &ResetPassword).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.body(), b"<html><redacted> <redacted></html>");
    record(&err);
    let err = client.call(&LINKWAN, &RotateKey).await.unwrap_err();
    assert_eq!(err.message(), Some("bad key <redacted>"));
    record(&err);

    // Retries log the errors they retry: redacted too.
    let server = self::server().await;
    server.push_faults([Fault::Service {
        status: 503,
        code: "ServiceUnavailable".into(),
        message: format!("busy with {PASSWORD}"),
    }]);
    self::client(&server, STS_SECRET, SignatureVersion::V1)
        .call(&LINKWAN, &ResetPassword)
        .await
        .unwrap();
    // The values were really sent.
    let sent = server.seen().remove(0);
    assert!(sent.query.contains(&("Password".into(), PASSWORD.into())));
    assert!(sent
        .body
        .contains(&("PrivateKeyBody".into(), PRIVATE_KEY.into())));

    for text in &texts {
        assert_no_sensitive_value(text);
    }
    let logs = captured.text();
    assert!(
        logs.contains("retrying") && logs.contains("busy with <redacted>"),
        "{logs}"
    );
    assert!(logs.contains("call failed"), "{logs}");
    assert_no_sensitive_value(&logs);
}
