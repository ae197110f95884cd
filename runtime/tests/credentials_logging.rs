//! Tracing output of the credential providers never carries a secret: refreshes that succeed,
//! refreshes that fail while cached credentials are served, STS errors that echo values, and a
//! chain that fails. In its own test binary because the subscriber is captured per thread.

mod credentials_support;
mod log_capture;

use log_capture::Captured;

use std::time::Duration;

use alibabacloud_runtime::credentials::{
    AssumeRoleProvider, DefaultChain, EcsRoleProvider, OidcRoleProvider, StsEndpoint,
};
use alibabacloud_runtime::{Credentials, Environment, ProvideCredentials, RetryPolicy};
use alibabacloud_test_server::{Answer, Fault, TestServer};
use credentials_support::{
    assert_hidden, credentials_json, sts_json, ManualClock, Reply, Request, Sim,
};

const SECRETS: [&str; 7] = [
    "log-base-secret-1",
    "log-role-secret-2",
    "log-role-token-3",
    "log-ecs-secret-4",
    "log-ecs-token-5",
    "log-oidc-token-6",
    "log-imds-session-7",
];

#[tokio::test]
async fn no_secret_in_provider_logs() {
    let (captured, _guard) = Captured::start();
    let clock = ManualClock::new();
    let mut texts = Vec::new();

    // ECS: a success, then a failed refresh served from the cache (a warning), then success.
    let expires = clock.at() + Duration::from_secs(3600);
    let imds = Sim::start(move |request: &Request| match request.path.as_str() {
        "/latest/api/token" => Reply::ok("log-imds-session-7"),
        "/latest/meta-data/ram/security-credentials/" => Reply::ok("log-role"),
        _ => Reply::ok(credentials_json(
            "STS.log-ecs",
            "log-ecs-secret-4",
            "log-ecs-token-5",
            expires,
        )),
    })
    .await;
    let ecs = EcsRoleProvider::builder()
        .endpoint(imds.url())
        .clock(clock.clone())
        .build()
        .unwrap();
    texts.push(format!("{:?}", ecs.credentials().await.unwrap()));
    imds.set_handler(|_: &Request| {
        Reply::new(
            500,
            r#"{"Code":"Failed","AccessKeySecret":"log-ecs-secret-4"}"#,
        )
    });
    clock.advance(Duration::from_secs(50 * 60));
    texts.push(format!("{:?}", ecs.credentials().await.unwrap()));

    // AssumeRole: a signature error (the server echoes the string to sign), then a success.
    let server = TestServer::start().await;
    server.add_key("LTAIlog", "log-base-secret-1", None);
    let wrong = AssumeRoleProvider::builder(
        Credentials::with_security_token("LTAIlog", "log-role-secret-2", "log-role-token-3"),
        "acs:ram::1:role/log",
    )
    .sts_endpoint(StsEndpoint::custom(server.endpoint()))
    .retry(RetryPolicy::disabled())
    .build()
    .unwrap();
    let err = wrong.credentials().await.unwrap_err();
    texts.push(format!("{err} {err:?} {wrong:?}"));
    server.push_faults([Fault::Answer(Answer::json(
        200,
        sts_json(
            "STS.log-role",
            "log-role-secret-2",
            "log-role-token-3",
            clock.at() + Duration::from_secs(3600),
        ),
    ))]);
    let role = AssumeRoleProvider::builder(
        Credentials::new("LTAIlog", "log-base-secret-1"),
        "acs:ram::1:role/log",
    )
    .sts_endpoint(StsEndpoint::custom(server.endpoint()))
    .external_id("log-external-id")
    .build()
    .unwrap();
    texts.push(format!("{:?}", role.credentials().await.unwrap()));

    // OIDC: STS echoes the token in its message.
    let sts = Sim::start(|request: &Request| {
        let token = request.form_value("OIDCToken").unwrap_or_default();
        Reply::new(
            400,
            format!(r#"{{"Code":"InvalidParameter.OIDCToken","Message":"bad token {token}"}}"#),
        )
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "log-oidc-token-6").unwrap();
    let oidc = OidcRoleProvider::builder(
        "acs:ram::1:role/log",
        "acs:ram::1:oidc-provider/p",
        &token_file,
    )
    .sts_endpoint(StsEndpoint::custom(sts.url()))
    .build()
    .unwrap();
    let err = oidc.credentials().await.unwrap_err();
    texts.push(format!("{err} {err:?}"));

    // A chain that fails everywhere, with a secret in the environment.
    let home = tempfile::tempdir().unwrap();
    let chain = DefaultChain::new(
        Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "log-base-secret-1"),
    )
    .ecs_metadata_endpoint(imds.url());
    let err = chain.credentials().await.unwrap_err();
    texts.push(format!("{err} {err:?} {chain:?}"));

    let logs = captured.text();
    assert!(logs.contains("credentials refreshed"), "{logs}");
    assert!(
        logs.contains("refreshing credentials failed; using the cached ones"),
        "{logs}"
    );
    assert!(logs.contains("SignatureDoesNotMatch"), "{logs}");
    assert_hidden(&logs, &SECRETS);
    assert_hidden(&logs, &["log-external-id"]);
    for text in &texts {
        assert_hidden(text, &SECRETS);
    }
}
