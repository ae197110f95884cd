//! The ECS instance RAM role against a loopback metadata service: session token, role
//! discovery, explicit role, IMDSv1 fallback and its switch, failures, slow answers, refresh.

mod credentials_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use alibabacloud_runtime::credentials::{DefaultChain, EcsRoleProvider};
use alibabacloud_runtime::{Environment, ProvideCredentials};
use credentials_support::{assert_hidden, credentials_json, ManualClock, Reply, Request, Sim};

const ROLE: &str = "EcsRamRoleDocumentTesting";
const TOKEN: &str = "metadata-session-token-AQAE";
const SECRET: &str = "ecs-role-secret-9f8e7d";
const STS_TOKEN: &str = "ecs-role-sts-token-CAIS";

/// A metadata service with one role: token, role list, credentials (the key id counts calls).
fn metadata(expiration: SystemTime) -> impl Fn(&Request) -> Reply + Send + Sync + 'static {
    let calls = Arc::new(AtomicUsize::new(0));
    move |request: &Request| match (request.method.as_str(), request.path.as_str()) {
        ("PUT", "/latest/api/token") => Reply::ok(TOKEN),
        ("GET", "/latest/meta-data/ram/security-credentials/") => Reply::ok(format!("{ROLE}\n")),
        ("GET", path) if path == format!("/latest/meta-data/ram/security-credentials/{ROLE}") => {
            let call = calls.fetch_add(1, Ordering::SeqCst) + 1;
            Reply::ok(credentials_json(
                &format!("STS.ecs-{call}"),
                SECRET,
                STS_TOKEN,
                expiration,
            ))
        }
        _ => Reply::new(404, "not found"),
    }
}

#[tokio::test]
async fn token_then_role_discovery_then_credentials() {
    let expiration = SystemTime::now() + Duration::from_secs(6 * 3600);
    let sim = Sim::start(metadata(expiration)).await;
    let provider = EcsRoleProvider::builder()
        .endpoint(sim.url())
        .build()
        .unwrap();
    let credentials = provider.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.ecs-1");
    assert_eq!(credentials.access_key_secret(), SECRET);
    assert_eq!(credentials.security_token(), Some(STS_TOKEN));
    let got = credentials.expiration().unwrap();
    let drift = match got.duration_since(expiration) {
        Ok(later) => later,
        Err(earlier) => earlier.duration(),
    };
    assert!(drift < Duration::from_secs(1), "{drift:?}");

    let requests = sim.requests();
    let summary: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("PUT", "/latest/api/token"),
            ("GET", "/latest/meta-data/ram/security-credentials/"),
            (
                "GET",
                "/latest/meta-data/ram/security-credentials/EcsRamRoleDocumentTesting"
            ),
        ]
    );
    assert_eq!(
        requests[0].header("x-aliyun-ecs-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert_eq!(requests[0].header("x-aliyun-ecs-metadata-token"), None);
    for request in &requests[1..] {
        assert_eq!(request.header("x-aliyun-ecs-metadata-token"), Some(TOKEN));
    }

    // Cached: no further requests.
    provider.credentials().await.unwrap();
    assert_eq!(sim.count(), 3);
    assert_hidden(&format!("{provider:?}"), &[SECRET, STS_TOKEN, TOKEN]);
}

#[tokio::test]
async fn an_explicit_role_skips_discovery() {
    let sim = Sim::start(metadata(SystemTime::now() + Duration::from_secs(3600))).await;
    let provider = EcsRoleProvider::builder()
        .endpoint(sim.url())
        .role_name(ROLE)
        .build()
        .unwrap();
    provider.credentials().await.unwrap();
    let paths: Vec<String> = sim.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/latest/api/token".to_owned(),
            format!("/latest/meta-data/ram/security-credentials/{ROLE}")
        ]
    );

    // The same through the chain's ALIBABA_CLOUD_ECS_METADATA.
    let sim = Sim::start(metadata(SystemTime::now() + Duration::from_secs(3600))).await;
    let home = tempfile::tempdir().unwrap();
    let chain = DefaultChain::new(
        Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_ECS_METADATA", ROLE),
    )
    .ecs_metadata_endpoint(sim.url());
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "STS.ecs-1"
    );
    assert_eq!(sim.count(), 2);
}

#[tokio::test]
async fn without_a_session_token_imdsv1_unless_turned_off() {
    let expiration = SystemTime::now() + Duration::from_secs(3600);
    let inner = metadata(expiration);
    let sim = Sim::start(move |request: &Request| {
        if request.path == "/latest/api/token" {
            Reply::new(403, "token service off")
        } else {
            inner(request)
        }
    })
    .await;
    let provider = EcsRoleProvider::builder()
        .endpoint(sim.url())
        .build()
        .unwrap();
    provider.credentials().await.unwrap();
    let requests = sim.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[1..]
        .iter()
        .all(|r| r.header("x-aliyun-ecs-metadata-token").is_none()));

    // IMDSv1 turned off: no token is an error, and nothing else is asked.
    let before = sim.count();
    let strict = EcsRoleProvider::builder()
        .endpoint(sim.url())
        .disable_imdsv1(true)
        .build()
        .unwrap();
    let err = strict.credentials().await.unwrap_err();
    assert!(err.to_string().contains("IMDSv1 is turned off"), "{err}");
    assert!(err.to_string().contains("HTTP 403"), "{err}");
    assert_eq!(sim.count(), before + 1);

    // The same switch from the environment, through the chain.
    let home = tempfile::tempdir().unwrap();
    let chain = DefaultChain::new(
        Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_IMDSV1_DISABLED", "true"),
    )
    .ecs_metadata_endpoint(sim.url());
    let err = chain.credentials().await.unwrap_err();
    assert!(err.to_string().contains("IMDSv1 is turned off"), "{err}");
}

#[tokio::test]
async fn a_token_refused_on_get_falls_back_to_imdsv1() {
    let expiration = SystemTime::now() + Duration::from_secs(3600);
    let inner = metadata(expiration);
    // Tokens are issued but not honoured: each GET with one fails, and succeeds without.
    let sim = Sim::start(move |request: &Request| {
        if request.method == "GET" && request.header("x-aliyun-ecs-metadata-token").is_some() {
            Reply::new(401, "bad token")
        } else {
            inner(request)
        }
    })
    .await;
    let provider = EcsRoleProvider::builder()
        .endpoint(sim.url())
        .build()
        .unwrap();
    assert_eq!(
        provider.credentials().await.unwrap().access_key_id(),
        "STS.ecs-1"
    );
    assert_eq!(sim.count(), 5);
}

#[tokio::test]
async fn failures_are_errors_that_hide_values() {
    let sim = Sim::start(|request: &Request| match request.path.as_str() {
        "/latest/api/token" => Reply::ok(TOKEN),
        "/latest/meta-data/ram/security-credentials/" => Reply::ok(ROLE),
        _ => Reply::new(500, "internal error"),
    })
    .await;
    let provider = EcsRoleProvider::builder()
        .endpoint(sim.url())
        .build()
        .unwrap();
    let err = provider.credentials().await.unwrap_err();
    assert!(err.to_string().contains("HTTP 500"), "{err}");
    assert!(err.to_string().starts_with("metadata service"), "{err}");

    // A Code other than Success, with the secret in the body: named, not shown.
    sim.set_handler(|request: &Request| match request.path.as_str() {
        "/latest/api/token" => Reply::ok(TOKEN),
        "/latest/meta-data/ram/security-credentials/" => Reply::ok(ROLE),
        _ => Reply::ok(format!(
            r#"{{"Code":"Failed","AccessKeyId":"STS.x","AccessKeySecret":"{SECRET}","SecurityToken":"{STS_TOKEN}","Expiration":"2030-01-01T00:00:00Z"}}"#
        )),
    });
    let err = provider.credentials().await.unwrap_err();
    assert!(err.to_string().contains("\"Failed\""), "{err}");
    assert_hidden(&format!("{err} {err:?}"), &[SECRET, STS_TOKEN, TOKEN]);

    // No role attached.
    sim.set_handler(|request: &Request| match request.path.as_str() {
        "/latest/api/token" => Reply::ok(TOKEN),
        "/latest/meta-data/ram/security-credentials/" => Reply::ok(""),
        _ => Reply::new(404, ""),
    });
    let err = provider.credentials().await.unwrap_err();
    assert!(err.to_string().contains("no RAM role"), "{err}");

    // Nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let provider = EcsRoleProvider::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    assert!(provider.credentials().await.is_err());
}

#[tokio::test]
async fn a_slow_metadata_service_is_bounded_by_the_timeout() {
    let sim = Sim::start(|request: &Request| match request.path.as_str() {
        "/latest/api/token" => Reply::ok(TOKEN),
        _ => Reply::ok(ROLE).after(Duration::from_secs(5)),
    })
    .await;
    let provider = EcsRoleProvider::builder()
        .endpoint(sim.url())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = provider.credentials().await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    assert!(err.to_string().contains("no answer within 200 ms"), "{err}");
}

#[tokio::test]
async fn refreshed_before_expiry() {
    let clock = ManualClock::new();
    let sim = Sim::start(metadata(clock.at() + Duration::from_secs(6 * 3600))).await;
    let provider = EcsRoleProvider::builder()
        .endpoint(sim.url())
        .clock(clock.clone())
        .build()
        .unwrap();
    assert_eq!(
        provider.credentials().await.unwrap().access_key_id(),
        "STS.ecs-1"
    );
    clock.advance(Duration::from_secs(5 * 3600));
    assert_eq!(
        provider.credentials().await.unwrap().access_key_id(),
        "STS.ecs-1"
    );
    assert_eq!(sim.count(), 3);
    // 10 minutes before expiry: a new round (token, role, credentials).
    clock.advance(Duration::from_secs(50 * 60));
    assert_eq!(
        provider.credentials().await.unwrap().access_key_id(),
        "STS.ecs-2"
    );
    assert_eq!(sim.count(), 6);
}

#[tokio::test]
async fn the_switch_turns_the_metadata_service_off() {
    let sim = Sim::start(metadata(SystemTime::now() + Duration::from_secs(3600))).await;
    let home = tempfile::tempdir().unwrap();
    let chain = DefaultChain::new(
        Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "TRUE"),
    )
    .ecs_metadata_endpoint(sim.url());
    let err = chain.credentials().await.unwrap_err();
    assert!(
        err.to_string()
            .contains("ECS instance RAM role: turned off by ALIBABA_CLOUD_ECS_METADATA_DISABLED"),
        "{err}"
    );
    assert_eq!(sim.count(), 0);
    assert!(chain.check().is_err());

    // Without the switch the same chain finds the role.
    let chain = DefaultChain::new(Environment::new().with_home(home.path()))
        .ecs_metadata_endpoint(sim.url());
    chain.check().unwrap();
    assert_eq!(
        chain.credentials().await.unwrap().access_key_id(),
        "STS.ecs-1"
    );
}
