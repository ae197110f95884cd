//! STS-backed providers against loopback servers: `AssumeRole` through the runtime's signed
//! client (the test server checks every signature with its own code), `AssumeRoleWithOIDC`
//! anonymous, with the token file read at every refresh.

mod credentials_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use alibabacloud_runtime::credentials::{AssumeRoleProvider, OidcRoleProvider, StsEndpoint};
use alibabacloud_runtime::{Credentials, ProvideCredentials, RetryPolicy};
use alibabacloud_test_server::{Answer, Fault, SignatureScheme, TestServer};
use credentials_support::{assert_hidden, sts_json, ManualClock, Reply, Request, Sim};

const BASE_ID: &str = "LTAI5tBaseKeyForTests";
const BASE_SECRET: &str = "base-secret-do-not-print";
const ROLE_ARN: &str = "acs:ram::123456789012:role/deployer";
const POLICY: &str =
    r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}"#;
const EXTERNAL_ID: &str = "ext-id-4f2a";
const ROLE_SECRET: &str = "assumed-role-secret-abc";
const ROLE_TOKEN: &str = "assumed-role-token-CAIS+/=";

fn answer(id: &str, expiration: std::time::SystemTime) -> Fault {
    Fault::Answer(Answer::json(
        200,
        sts_json(id, ROLE_SECRET, ROLE_TOKEN, expiration),
    ))
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn assume_role_is_signed_and_sends_every_setting() {
    let server = TestServer::start().await;
    server.add_key(BASE_ID, BASE_SECRET, None);
    let clock = ManualClock::new();
    server.push_faults([answer("STS.role-1", clock.at() + Duration::from_secs(3600))]);
    let provider = AssumeRoleProvider::builder(Credentials::new(BASE_ID, BASE_SECRET), ROLE_ARN)
        .role_session_name("nightly-deploy")
        .duration(Duration::from_secs(1800))
        .external_id(EXTERNAL_ID)
        .policy(POLICY)
        .sts_endpoint(StsEndpoint::custom(server.endpoint()))
        .clock(clock.clone())
        .build()
        .unwrap();
    let credentials = provider.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.role-1");
    assert_eq!(credentials.access_key_secret(), ROLE_SECRET);
    assert_eq!(credentials.security_token(), Some(ROLE_TOKEN));
    assert!(credentials.expiration().is_some());

    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert!(request.verified, "the server rejected the signature");
    assert_eq!(request.scheme, SignatureScheme::RpcV1);
    assert_eq!(request.method, "POST");
    assert_eq!(value(&request.query, "Action"), Some("AssumeRole"));
    assert_eq!(value(&request.query, "Version"), Some("2015-04-01"));
    assert_eq!(value(&request.query, "AccessKeyId"), Some(BASE_ID));
    assert_eq!(value(&request.body, "RoleArn"), Some(ROLE_ARN));
    assert_eq!(
        value(&request.body, "RoleSessionName"),
        Some("nightly-deploy")
    );
    assert_eq!(value(&request.body, "DurationSeconds"), Some("1800"));
    assert_eq!(value(&request.body, "ExternalId"), Some(EXTERNAL_ID));
    assert_eq!(value(&request.body, "Policy"), Some(POLICY));

    // Cached; refreshed once inside the window.
    provider.credentials().await.unwrap();
    assert_eq!(server.requests(), 1);
    server.push_faults([answer("STS.role-2", clock.at() + Duration::from_secs(7200))]);
    clock.advance(Duration::from_secs(50 * 60));
    assert_eq!(
        provider.credentials().await.unwrap().access_key_id(),
        "STS.role-2"
    );
    assert_eq!(server.requests(), 2);
    assert!(server.seen()[1].verified);

    assert_hidden(
        &format!("{provider:?}"),
        &[BASE_SECRET, ROLE_SECRET, ROLE_TOKEN, EXTERNAL_ID],
    );
}

#[tokio::test]
async fn assume_role_defaults_and_sts_base_credentials() {
    let server = TestServer::start().await;
    server.add_key("STS.base", "sts-base-secret", Some("sts-base-token"));
    server.push_faults([answer(
        "STS.role",
        std::time::SystemTime::now() + Duration::from_secs(3600),
    )]);
    let base = Credentials::with_security_token("STS.base", "sts-base-secret", "sts-base-token");
    let provider = AssumeRoleProvider::builder(base, ROLE_ARN)
        .sts_endpoint(StsEndpoint::custom(server.endpoint()))
        .build()
        .unwrap();
    provider.credentials().await.unwrap();
    let request = &server.seen()[0];
    assert!(request.verified);
    assert_eq!(
        value(&request.query, "SecurityToken"),
        Some("sts-base-token")
    );
    assert_eq!(value(&request.body, "DurationSeconds"), Some("3600"));
    assert!(value(&request.body, "RoleSessionName")
        .unwrap()
        .starts_with("alibabacloud-rust-"));
    assert_eq!(value(&request.body, "ExternalId"), None);
    assert_eq!(value(&request.body, "Policy"), None);
}

#[tokio::test]
async fn assume_role_errors_name_the_code_not_the_secrets() {
    let server = TestServer::start().await;
    server.add_key(BASE_ID, BASE_SECRET, None);
    server.push_faults([Fault::Service {
        status: 403,
        code: "NoPermission".into(),
        message: format!("You are not authorized to assume {ROLE_ARN}"),
    }]);
    let provider = AssumeRoleProvider::builder(Credentials::new(BASE_ID, BASE_SECRET), ROLE_ARN)
        .sts_endpoint(StsEndpoint::custom(server.endpoint()))
        .external_id(EXTERNAL_ID)
        .build()
        .unwrap();
    let err = provider.credentials().await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("AssumeRole") && text.contains("NoPermission"),
        "{text}"
    );
    assert_hidden(&format!("{text} {err:?}"), &[BASE_SECRET, EXTERNAL_ID]);

    // A wrong base secret: the signature mismatch comes back, without the secret.
    let provider =
        AssumeRoleProvider::builder(Credentials::new(BASE_ID, "wrong-secret-value"), ROLE_ARN)
            .sts_endpoint(StsEndpoint::custom(server.endpoint()))
            .build()
            .unwrap();
    let err = provider.credentials().await.unwrap_err();
    assert!(err.to_string().contains("SignatureDoesNotMatch"), "{err}");
    assert_hidden(
        &format!("{err} {err:?}"),
        &["wrong-secret-value", BASE_SECRET],
    );

    // An answer without the credentials' token is an error that says what is missing.
    server.push_faults([Fault::Answer(Answer::json(
        200,
        format!(r#"{{"RequestId":"R-9","Credentials":{{"AccessKeyId":"STS.x","AccessKeySecret":"{ROLE_SECRET}","Expiration":"2030-01-01T00:00:00Z"}}}}"#),
    ))]);
    let provider = AssumeRoleProvider::builder(Credentials::new(BASE_ID, BASE_SECRET), ROLE_ARN)
        .sts_endpoint(StsEndpoint::custom(server.endpoint()))
        .build()
        .unwrap();
    let err = provider.credentials().await.unwrap_err();
    assert!(
        err.to_string().contains("Credentials.SecurityToken"),
        "{err}"
    );
    assert_hidden(&format!("{err} {err:?}"), &[ROLE_SECRET]);

    // Settings checked at build.
    let err = AssumeRoleProvider::builder(Credentials::new(BASE_ID, BASE_SECRET), ROLE_ARN)
        .duration(Duration::from_secs(600))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("at least 900"), "{err}");
}

#[tokio::test]
async fn the_base_provider_is_asked_for_every_call() {
    // Base credentials from another provider (here: another role), asked at each refresh.
    #[derive(Debug)]
    struct Rotating(AtomicUsize);
    impl ProvideCredentials for Rotating {
        fn credentials(
            &self,
        ) -> alibabacloud_runtime::BoxFuture<
            '_,
            Result<Credentials, alibabacloud_runtime::CredentialsError>,
        > {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                Ok(Credentials::new(
                    format!("LTAIrot{n}"),
                    format!("rotating-secret-{n}"),
                ))
            })
        }
    }
    let server = TestServer::start().await;
    server.add_key("LTAIrot0", "rotating-secret-0", None);
    server.add_key("LTAIrot1", "rotating-secret-1", None);
    let clock = ManualClock::new();
    server.push_faults([
        answer("STS.a", clock.at() + Duration::from_secs(3600)),
        answer("STS.b", clock.at() + Duration::from_secs(7200)),
    ]);
    let provider = AssumeRoleProvider::builder(Rotating(AtomicUsize::new(0)), ROLE_ARN)
        .sts_endpoint(StsEndpoint::custom(server.endpoint()))
        .clock(clock.clone())
        .build()
        .unwrap();
    provider.credentials().await.unwrap();
    clock.advance(Duration::from_secs(3000));
    assert_eq!(
        provider.credentials().await.unwrap().access_key_id(),
        "STS.b"
    );
    let seen = server.seen();
    assert_eq!(value(&seen[0].query, "AccessKeyId"), Some("LTAIrot0"));
    assert_eq!(value(&seen[1].query, "AccessKeyId"), Some("LTAIrot1"));
    assert!(seen.iter().all(|s| s.verified));
}

const OIDC_PROVIDER: &str = "acs:ram::123456789012:oidc-provider/ack-rrsa-c1";

/// An anonymous STS: answers AssumeRoleWithOIDC with fresh credentials, numbered.
fn oidc_sts(expires_in: Duration) -> impl Fn(&Request) -> Reply + Send + Sync + 'static {
    let calls = Arc::new(AtomicUsize::new(0));
    move |request: &Request| {
        if request.query("Action") != Some("AssumeRoleWithOIDC") {
            return Reply::new(400, r#"{"Code":"InvalidAction","Message":"unexpected"}"#);
        }
        let call = calls.fetch_add(1, Ordering::SeqCst) + 1;
        Reply::ok(sts_json(
            &format!("STS.oidc-{call}"),
            ROLE_SECRET,
            ROLE_TOKEN,
            std::time::SystemTime::now() + expires_in,
        ))
    }
}

#[tokio::test]
async fn oidc_is_anonymous_and_reads_the_token_file_at_each_refresh() {
    let sim = Sim::start(oidc_sts(Duration::from_secs(3600))).await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "eyJhbGciOiJSUzI1NiJ9.first-token.sig\n").unwrap();
    let clock = ManualClock::new();
    let provider = OidcRoleProvider::builder(ROLE_ARN, OIDC_PROVIDER, &token_file)
        .role_session_name("rrsa-session")
        .duration(Duration::from_secs(900))
        .policy(POLICY)
        .sts_endpoint(StsEndpoint::custom(sim.url()))
        .clock(clock.clone())
        .build()
        .unwrap();
    let credentials = provider.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.oidc-1");
    assert_eq!(credentials.security_token(), Some(ROLE_TOKEN));

    let request = &sim.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(request.query("Action"), Some("AssumeRoleWithOIDC"));
    assert_eq!(request.query("Version"), Some("2015-04-01"));
    assert_eq!(request.query("Format"), Some("JSON"));
    assert!(request.query("Timestamp").is_some());
    // Anonymous: nothing that signs.
    for name in [
        "Signature",
        "AccessKeyId",
        "SignatureMethod",
        "SecurityToken",
    ] {
        assert_eq!(request.query(name), None, "{name}");
        assert_eq!(request.form_value(name), None, "{name}");
    }
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.form_value("RoleArn").as_deref(), Some(ROLE_ARN));
    assert_eq!(
        request.form_value("OIDCProviderArn").as_deref(),
        Some(OIDC_PROVIDER)
    );
    assert_eq!(
        request.form_value("OIDCToken").as_deref(),
        Some("eyJhbGciOiJSUzI1NiJ9.first-token.sig")
    );
    assert_eq!(
        request.form_value("RoleSessionName").as_deref(),
        Some("rrsa-session")
    );
    assert_eq!(
        request.form_value("DurationSeconds").as_deref(),
        Some("900")
    );
    assert_eq!(request.form_value("Policy").as_deref(), Some(POLICY));

    // Kubernetes rotates the token; the next refresh sends the new one.
    std::fs::write(&token_file, "eyJhbGciOiJSUzI1NiJ9.second-token.sig").unwrap();
    provider.credentials().await.unwrap();
    assert_eq!(sim.count(), 1, "cached until the refresh window");
    clock.advance(Duration::from_secs(50 * 60));
    assert_eq!(
        provider.credentials().await.unwrap().access_key_id(),
        "STS.oidc-2"
    );
    assert_eq!(
        sim.requests()[1].form_value("OIDCToken").as_deref(),
        Some("eyJhbGciOiJSUzI1NiJ9.second-token.sig")
    );
    assert_hidden(
        &format!("{provider:?}"),
        &["first-token", "second-token", ROLE_SECRET, ROLE_TOKEN],
    );
}

#[tokio::test]
async fn oidc_errors_hide_the_token() {
    let token = "eyJhbGciOiJSUzI1NiJ9.leaky-token-value.sig";
    let sim = Sim::start(move |request: &Request| {
        let sent = request.form_value("OIDCToken").unwrap_or_default();
        Reply::new(
            400,
            format!(
                r#"{{"RequestId":"R-1","Code":"InvalidParameter.OIDCToken","Message":"The token {sent} has expired"}}"#
            ),
        )
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, token).unwrap();
    let provider = OidcRoleProvider::builder(ROLE_ARN, OIDC_PROVIDER, &token_file)
        .sts_endpoint(StsEndpoint::custom(sim.url()))
        .build()
        .unwrap();
    let err = provider.credentials().await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(text.contains("InvalidParameter.OIDCToken"), "{text}");
    assert!(text.contains("R-1"), "{text}");
    assert_hidden(&text, &["leaky-token-value"]);
    assert_eq!(sim.count(), 1, "client errors are not retried");

    // A missing token file is named.
    std::fs::remove_file(&token_file).unwrap();
    let provider = OidcRoleProvider::builder(ROLE_ARN, OIDC_PROVIDER, &token_file)
        .sts_endpoint(StsEndpoint::custom(sim.url()))
        .build()
        .unwrap();
    let err = provider.credentials().await.unwrap_err();
    assert!(err.to_string().contains("OIDC token file"), "{err}");
    assert_eq!(sim.count(), 1);
}

#[tokio::test]
async fn oidc_retries_server_errors_and_bounds_slow_answers() {
    let calls = Arc::new(AtomicUsize::new(0));
    let ok = oidc_sts(Duration::from_secs(3600));
    let counter = calls.clone();
    let sim = Sim::start(move |request: &Request| {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::new(
                503,
                r#"{"Code":"ServiceUnavailable","Message":"try again"}"#,
            )
        } else {
            ok(request)
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "a.b.c").unwrap();
    let provider = OidcRoleProvider::builder(ROLE_ARN, OIDC_PROVIDER, &token_file)
        .sts_endpoint(StsEndpoint::custom(sim.url()))
        .retry(
            RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    provider.credentials().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let slow = Sim::start(|_: &Request| Reply::ok("{}").after(Duration::from_secs(5))).await;
    let mut timeouts = alibabacloud_runtime::Timeouts::default();
    timeouts.attempt = Duration::from_millis(200);
    timeouts.total = Duration::from_millis(500);
    let provider = OidcRoleProvider::builder(ROLE_ARN, OIDC_PROVIDER, &token_file)
        .sts_endpoint(StsEndpoint::custom(slow.url()))
        .timeouts(timeouts)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = provider.credentials().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.to_string().contains("AssumeRoleWithOIDC"), "{err}");
}
