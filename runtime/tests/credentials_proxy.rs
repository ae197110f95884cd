//! The credential providers' HTTP never goes through a proxy from the environment. A loopback
//! server plays a proxy that answers with credentials of its own and records every request;
//! `HTTP_PROXY`, `http_proxy` or `ALL_PROXY` points at it. reqwest reads those variables from
//! the process environment, which tests must not change under threads running in parallel, so
//! each case runs the providers in a child process (this same test binary) started with the
//! variable set, while the servers and the checks stay here.
#![cfg(feature = "reqwest")]

mod credentials_support;

use std::process::Command;
use std::time::{Duration, SystemTime};

use alibabacloud_runtime::credentials::{
    AssumeRoleProvider, EcsRoleProvider, OidcRoleProvider, StsEndpoint, UriProvider,
};
use alibabacloud_runtime::{
    Credentials, DefaultChain, Environment, ProvideCredentials, ReqwestTransport,
};
use credentials_support::{credentials_json, sts_json, Reply, Request, Sim};

const SECRET: &str = "proxy-test-secret-5c6d";
const TOKEN: &str = "proxy-test-token-7e8f";
const ROLE_ARN: &str = "acs:ram::123456789012:role/proxy-test";
const OIDC_PROVIDER: &str = "acs:ram::123456789012:oidc-provider/proxy-test";
const ROLE_NAME: &str = "proxy-test-role";

/// The child's inputs: where the servers are.
const SIDECAR: &str = "PROXY_TEST_SIDECAR_URL";
const METADATA: &str = "PROXY_TEST_METADATA_URL";
const STS: &str = "PROXY_TEST_STS_URL";
const TOKEN_FILE: &str = "PROXY_TEST_OIDC_TOKEN_FILE";

/// Every variable reqwest reads for proxies; the child starts with none but the one under test.
const PROXY_VARIABLES: [&str; 9] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    // Set, it makes reqwest ignore HTTP_PROXY (CGI).
    "REQUEST_METHOD",
];

const CHILD: &str = "child_fetches_credentials_with_a_proxy_in_its_environment";

fn in_an_hour() -> SystemTime {
    SystemTime::now() + Duration::from_secs(3600)
}

/// A body that passes for a credentials URI's, the metadata service's and STS's answer: what a
/// hostile proxy would send to have its own credentials used.
fn proxy_answer() -> String {
    let mut body = serde_json::json!({
        "Code": "Success",
        "AccessKeyId": "STS.from-proxy",
        "AccessKeySecret": SECRET,
        "SecurityToken": TOKEN,
        "Expiration": credentials_support::iso(in_an_hour()),
        "RequestId": "from-proxy",
    });
    body["Credentials"] = body.clone();
    body.to_string()
}

/// Starts the servers, runs the child with `variable` pointing at the proxy, and checks that
/// every provider went straight to its server and only the explicitly given transport used the
/// proxy.
async fn providers_bypass(variable: &str) {
    let proxy = Sim::start(|_: &Request| Reply::ok(proxy_answer())).await;
    let sidecar = Sim::start(|_: &Request| {
        Reply::ok(credentials_json("STS.sidecar", SECRET, TOKEN, in_an_hour()))
    })
    .await;
    let metadata = Sim::start(|request: &Request| match request.method.as_str() {
        "PUT" => Reply::ok("metadata-session-token"),
        _ => Reply::ok(credentials_json(
            "STS.metadata",
            SECRET,
            TOKEN,
            in_an_hour(),
        )),
    })
    .await;
    let sts = Sim::start(|request: &Request| {
        let action = request
            .query("Action")
            .map(str::to_owned)
            .or_else(|| request.form_value("Action"));
        let id = match action.as_deref() {
            Some("AssumeRoleWithOIDC") => "STS.oidc",
            Some("AssumeRole") => "STS.assumed",
            _ => return Reply::new(400, r#"{"Code":"InvalidAction","Message":"unexpected"}"#),
        };
        Reply::ok(sts_json(id, SECRET, TOKEN, in_an_hour()))
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("oidc-token");
    std::fs::write(&token_file, "eyJhbGciOiJSUzI1NiJ9.proxy-test.sig").unwrap();

    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([CHILD, "--exact", "--nocapture", "--test-threads=1"]);
    for name in PROXY_VARIABLES {
        command.env_remove(name);
    }
    command
        .env(variable, proxy.url())
        .env(SIDECAR, sidecar.url())
        .env(METADATA, metadata.url())
        .env(STS, sts.url())
        .env(TOKEN_FILE, &token_file);
    // On the blocking pool, so that the servers keep answering on this runtime meanwhile.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the child failed:\n{printed}");
    assert!(printed.contains(&format!("{CHILD} ... ok")), "{printed}");

    // The one request the proxy saw is the explicitly proxied one, in a proxy's absolute form.
    let through_proxy: Vec<String> = proxy.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        through_proxy,
        [format!("{}/explicit", sidecar.url())],
        "{variable}"
    );
    // The credentials URI twice (the provider, then the chain), the rest once each.
    let paths = |sim: &Sim| -> Vec<String> { sim.requests().into_iter().map(|r| r.path).collect() };
    assert_eq!(paths(&sidecar), ["/v1/credentials", "/v1/credentials"]);
    assert_eq!(
        paths(&metadata),
        [
            "/latest/api/token".to_owned(),
            format!("/latest/meta-data/ram/security-credentials/{ROLE_NAME}")
        ]
    );
    assert_eq!(sts.count(), 2);
}

#[tokio::test]
async fn uppercase_http_proxy_is_not_used_for_credentials() {
    providers_bypass("HTTP_PROXY").await;
}

#[tokio::test]
async fn lowercase_http_proxy_is_not_used_for_credentials() {
    providers_bypass("http_proxy").await;
}

#[tokio::test]
async fn all_proxy_is_not_used_for_credentials() {
    providers_bypass("ALL_PROXY").await;
}

/// The child's half of the tests above: it does nothing unless started by them, with the
/// servers' addresses and a proxy variable in its environment.
#[tokio::test]
async fn child_fetches_credentials_with_a_proxy_in_its_environment() {
    let Ok(sidecar) = std::env::var(SIDECAR) else {
        return;
    };
    let metadata = std::env::var(METADATA).unwrap();
    let sts = std::env::var(STS).unwrap();
    let token_file = std::env::var(TOKEN_FILE).unwrap();
    let uri = format!("{sidecar}/v1/credentials");

    let id = |credentials: Credentials| credentials.access_key_id().to_owned();
    let from_uri = UriProvider::builder(uri.as_str()).build().unwrap();
    assert_eq!(id(from_uri.credentials().await.unwrap()), "STS.sidecar");

    let ecs = EcsRoleProvider::builder()
        .endpoint(metadata)
        .role_name(ROLE_NAME)
        .build()
        .unwrap();
    assert_eq!(id(ecs.credentials().await.unwrap()), "STS.metadata");

    let oidc = OidcRoleProvider::builder(ROLE_ARN, OIDC_PROVIDER, token_file)
        .sts_endpoint(StsEndpoint::custom(sts.as_str()))
        .build()
        .unwrap();
    assert_eq!(id(oidc.credentials().await.unwrap()), "STS.oidc");

    let role = AssumeRoleProvider::builder(Credentials::new("LTAIproxytest", SECRET), ROLE_ARN)
        .sts_endpoint(StsEndpoint::custom(sts.as_str()))
        .build()
        .unwrap();
    assert_eq!(id(role.credentials().await.unwrap()), "STS.assumed");

    // The default chain builds its providers the same way.
    let home = tempfile::tempdir().unwrap();
    let chain = DefaultChain::new(
        Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
            .with_var("ALIBABA_CLOUD_CREDENTIALS_URI", uri.as_str()),
    );
    assert_eq!(id(chain.credentials().await.unwrap()), "STS.sidecar");

    // A transport given explicitly is used as it is: the client's default one takes the proxy
    // from the environment. This also shows the proxy variable is in effect here.
    let explicit = UriProvider::builder(format!("{sidecar}/explicit"))
        .transport(ReqwestTransport::new(Duration::from_secs(5)).unwrap())
        .build()
        .unwrap();
    assert_eq!(id(explicit.credentials().await.unwrap()), "STS.from-proxy");
}
