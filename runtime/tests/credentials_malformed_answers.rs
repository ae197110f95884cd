//! A credential provider's answer that does not decode (trailing bytes, an error status with the
//! credentials in the body) fails with an error that holds neither the secret nor the token,
//! and the log lines of the failed, retried and refused calls hold neither. Every test captures
//! the tracing output (its own subscriber, set before anything logs), so this is its own test
//! binary.

mod credentials_support;
mod log_capture;

use log_capture::Captured;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use alibabacloud_runtime::credentials::{
    AssumeRoleProvider, EcsRoleProvider, OidcRoleProvider, StsEndpoint, UriProvider,
};
use alibabacloud_runtime::{Credentials, ProvideCredentials, RetryPolicy};
use alibabacloud_test_server::{Answer, Fault, TestServer};
use credentials_support::{assert_hidden, credentials_json, sts_json, Reply, Request, Sim};

const BASE_ID: &str = "LTAI5tBaseKeyForTests";
const BASE_SECRET: &str = "base-secret-do-not-print";
const ROLE_ARN: &str = "acs:ram::123456789012:role/deployer";
const OIDC_PROVIDER: &str = "acs:ram::123456789012:oidc-provider/ack";
const OIDC_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.oidc-token-value.sig";
const ROLE_SECRET: &str = "malformed-role-secret-7e1";
const ROLE_TOKEN: &str = "malformed-role-token-CAIS+/=";

const HIDDEN: [&str; 4] = [BASE_SECRET, OIDC_TOKEN, ROLE_SECRET, ROLE_TOKEN];

impl Captured {
    /// The logs, checked for secrets and for the lines that must be there.
    fn checked(&self, expected: &[&str]) -> String {
        let logs = Captured::text(self);
        assert_hidden(&logs, &HIDDEN);
        for line in expected {
            assert!(
                logs.contains(line),
                "{line:?} missing from the logs: {logs}"
            );
        }
        logs
    }
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(2)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn expires() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3600)
}

/// STS's answer with bytes after it.
fn sts_with_trailing_bytes() -> String {
    format!(
        "{} trailing",
        sts_json("STS.role", ROLE_SECRET, ROLE_TOKEN, expires())
    )
}

#[tokio::test]
async fn assume_role_answers_that_do_not_decode_keep_the_credentials_out() {
    let (captured, _guard) = Captured::start();
    let server = TestServer::start().await;
    server.add_key(BASE_ID, BASE_SECRET, None);
    // A 503 with the credentials in a body that is no error object (retried), then a 200 with
    // trailing bytes (final).
    server.push_faults([
        Fault::Answer(Answer::json(
            503,
            sts_json("STS.role", ROLE_SECRET, ROLE_TOKEN, expires()),
        )),
        Fault::Answer(Answer::json(200, sts_with_trailing_bytes())),
    ]);
    let provider = AssumeRoleProvider::builder(Credentials::new(BASE_ID, BASE_SECRET), ROLE_ARN)
        .sts_endpoint(StsEndpoint::custom(server.endpoint()))
        .retry(fast_retries())
        .build()
        .unwrap();
    let err = provider.credentials().await.unwrap_err();
    let text = format!("{err} | {err:?}");
    assert_hidden(&text, &HIDDEN);
    assert!(
        text.contains("AssumeRole") && text.contains("undecodable answer (HTTP 200)"),
        "{text}"
    );
    assert_eq!(server.requests(), 2);
    captured.checked(&["retrying", "call failed", "AssumeRole"]);
}

#[tokio::test]
async fn oidc_answers_that_do_not_decode_keep_the_credentials_out() {
    let (captured, _guard) = Captured::start();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let sim = Sim::start(move |_: &Request| {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::new(
                503,
                sts_json("STS.oidc", ROLE_SECRET, ROLE_TOKEN, expires()),
            )
        } else {
            Reply::ok(sts_with_trailing_bytes())
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, OIDC_TOKEN).unwrap();
    let provider = OidcRoleProvider::builder(ROLE_ARN, OIDC_PROVIDER, &token_file)
        .sts_endpoint(StsEndpoint::custom(sim.url()))
        .retry(fast_retries())
        .build()
        .unwrap();
    let err = provider.credentials().await.unwrap_err();
    let text = format!("{err} | {err:?}");
    assert_hidden(&text, &HIDDEN);
    assert!(
        text.contains("AssumeRoleWithOIDC") && text.contains("undecodable answer (HTTP 200)"),
        "{text}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    captured.checked(&["retrying AssumeRoleWithOIDC"]);
}

#[tokio::test]
async fn metadata_and_uri_answers_that_do_not_decode_keep_the_credentials_out() {
    let (captured, _guard) = Captured::start();
    let answer = format!(
        "{}garbage",
        credentials_json("STS.ecs", ROLE_SECRET, ROLE_TOKEN, expires())
    );
    let imds = {
        let answer = answer.clone();
        Sim::start(move |request: &Request| match request.path.as_str() {
            "/latest/api/token" => Reply::ok("imds-session"),
            "/latest/meta-data/ram/security-credentials/" => Reply::ok("app-role"),
            _ => Reply::ok(answer.clone()),
        })
        .await
    };
    let ecs = EcsRoleProvider::builder()
        .endpoint(imds.url())
        .build()
        .unwrap();
    let err = ecs.credentials().await.unwrap_err();
    let text = format!("{err} | {err:?}");
    assert_hidden(&text, &HIDDEN);
    assert!(text.contains("not a JSON credentials object"), "{text}");

    let uri = Sim::start(move |_: &Request| Reply::ok(answer.clone())).await;
    let provider = UriProvider::builder(format!("{}/credentials", uri.url()))
        .build()
        .unwrap();
    let err = provider.credentials().await.unwrap_err();
    let text = format!("{err} | {err:?}");
    assert_hidden(&text, &HIDDEN);
    assert!(text.contains("not a JSON credentials object"), "{text}");
    captured.checked(&[]);
}
