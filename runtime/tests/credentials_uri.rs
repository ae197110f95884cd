//! Credentials from a URI against a loopback server: the answer's forms, failures, a slow
//! answer bounded by the timeout, refresh, the URI's query kept out of messages, and which URIs
//! are accepted at all.

mod credentials_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alibabacloud_runtime::credentials::UriProvider;
use alibabacloud_runtime::{
    BoxFuture, DefaultChain, Environment, HttpRequest, HttpResponse, ProvideCredentials, Transport,
    TransportError, TransportErrorKind,
};
use credentials_support::{assert_hidden, credentials_json, iso, ManualClock, Reply, Request, Sim};

const SECRET: &str = "uri-secret-0a1b2c";
const TOKEN: &str = "uri-token-3d4e5f";

#[tokio::test]
async fn answers_with_and_without_a_code() {
    let clock = ManualClock::new();
    let expiration = clock.at() + Duration::from_secs(3600);
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let sim = Sim::start(move |request: &Request| {
        assert_eq!(request.method, "GET");
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        if n == 1 {
            // No Code at all.
            Reply::ok(
                serde_json::json!({"AccessKeyId": "STS.uri-1", "AccessKeySecret": SECRET,
                    "SecurityToken": TOKEN, "Expiration": iso(expiration)})
                .to_string(),
            )
        } else {
            Reply::ok(credentials_json(
                "STS.uri-2",
                SECRET,
                TOKEN,
                expiration + Duration::from_secs(3600),
            ))
        }
    })
    .await;
    let provider = UriProvider::builder(format!("{}/v1/credentials?role=app", sim.url()))
        .clock(clock.clone())
        .build()
        .unwrap();
    let credentials = provider.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "STS.uri-1");
    assert_eq!(credentials.access_key_secret(), SECRET);
    assert_eq!(credentials.security_token(), Some(TOKEN));
    assert_eq!(sim.requests()[0].path, "/v1/credentials");
    assert_eq!(sim.requests()[0].query("role"), Some("app"));

    provider.credentials().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(50 * 60));
    assert_eq!(
        provider.credentials().await.unwrap().access_key_id(),
        "STS.uri-2"
    );
    assert_hidden(&format!("{provider:?}"), &[SECRET, TOKEN, "role=app"]);
}

#[tokio::test]
async fn failures_name_the_problem_not_the_values() {
    let sim = Sim::start(|_: &Request| Reply::new(503, "busy")).await;
    let uri = format!(
        "http://user:uri-password@{}/creds?token=uri-query-secret",
        sim.addr
    );
    let provider = UriProvider::builder(uri.as_str()).build().unwrap();
    let err = provider.credentials().await.unwrap_err();
    assert!(err.to_string().contains("HTTP 503"), "{err}");
    assert!(
        err.to_string()
            .contains(&format!("GET http://{}/creds", sim.addr)),
        "{err}"
    );
    assert_hidden(
        &format!("{err} {err:?} {provider:?}"),
        &["uri-query-secret", "uri-password"],
    );

    for (body, expected) in [
        (
            format!(r#"{{"Code":"Failed","AccessKeySecret":"{SECRET}"}}"#),
            "Code is \"Failed\"",
        ),
        (
            format!(
                r#"{{"AccessKeyId":"STS.x","AccessKeySecret":"{SECRET}","SecurityToken":"{TOKEN}"}}"#
            ),
            "no Expiration",
        ),
        (
            format!(
                r#"{{"AccessKeyId":"STS.x","AccessKeySecret":"{SECRET}","SecurityToken":"{TOKEN}","Expiration":"soon"}}"#
            ),
            "not an ISO 8601 time",
        ),
        (
            format!("<html>{SECRET}</html>"),
            "not a JSON credentials object",
        ),
    ] {
        sim.set_handler(move |_: &Request| Reply::ok(body.clone()));
        let provider = UriProvider::builder(format!("{}/creds", sim.url()))
            .build()
            .unwrap();
        let err = provider.credentials().await.unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
        assert_hidden(&format!("{err} {err:?}"), &[SECRET, TOKEN]);
    }

    for bad in ["not a uri", "ftp://127.0.0.1/creds"] {
        assert!(UriProvider::builder(bad).build().is_err(), "{bad}");
    }
}

#[tokio::test]
async fn a_slow_answer_is_bounded_by_the_timeout() {
    let sim = Sim::start(|_: &Request| Reply::ok("{}").after(Duration::from_secs(5))).await;
    let provider = UriProvider::builder(sim.url())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = provider.credentials().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.to_string().contains("no answer within 200 ms"), "{err}");
}

/// A transport that counts what it is asked to send, and sends nothing.
#[derive(Debug, Clone, Default)]
struct Counting(Arc<AtomicUsize>);

impl Transport for Counting {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async {
            Err(TransportError::new(
                TransportErrorKind::Connect,
                "the counting transport sends nothing",
            ))
        })
    }
}

#[test]
fn https_and_loopback_http_are_accepted() {
    for uri in [
        "https://credentials.example.com/v1/credentials?token=abc",
        "https://10.0.0.5:8443/credentials",
        "http://127.0.0.1:8080/credentials",
        "http://127.10.20.30/credentials",
        "http://[::1]:8080/credentials",
        "http://localhost:8080/credentials",
        "HTTP://LocalHost/credentials",
        " http://127.0.0.1/credentials ",
    ] {
        let built = UriProvider::builder(uri)
            .transport(Counting::default())
            .build();
        assert!(built.is_ok(), "{uri}: {}", built.unwrap_err());
    }
}

#[tokio::test]
async fn other_uris_are_refused_before_any_connection() {
    for (uri, shown) in [
        (
            "http://169.254.170.2/v2/credentials",
            "http://169.254.170.2",
        ),
        (
            "http://100.100.100.200/credentials",
            "http://100.100.100.200",
        ),
        (
            "http://example.com:8080/creds/uri-path-secret?token=uri-query-secret",
            "http://example.com:8080",
        ),
        ("http://user:uri-password@10.0.0.1/creds", "http://10.0.0.1"),
        (
            "http://localhost.example.com/creds",
            "http://localhost.example.com",
        ),
        ("http://0.0.0.0:8080/creds", "http://0.0.0.0:8080"),
        ("ftp://127.0.0.1/creds", "ftp://127.0.0.1"),
        ("file:///run/credentials.json", "file:"),
    ] {
        let counting = Counting::default();
        let err = UriProvider::builder(uri)
            .transport(counting.clone())
            .build()
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with(&format!(
                "the credentials URI is refused: {shown} is not https://"
            )),
            "{uri}: {text}"
        );
        assert!(
            text.contains("http:// to a loopback host (127.0.0.0/8, [::1], localhost)"),
            "{text}"
        );
        assert_hidden(
            &format!("{err} {err:?}"),
            &["uri-path-secret", "uri-query-secret", "uri-password"],
        );
        assert_eq!(counting.0.load(Ordering::SeqCst), 0);
    }
    let err = UriProvider::builder("not a uri").build().unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the credentials URI is refused: not a URL"),
        "{err}"
    );

    // From the default chain, the error names the variable, and nothing is sent.
    let home = tempfile::tempdir().unwrap();
    let counting = Counting::default();
    let chain = DefaultChain::new(
        Environment::new()
            .with_home(home.path())
            .with_var("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
            .with_var(
                "ALIBABA_CLOUD_CREDENTIALS_URI",
                "http://credentials.example.com/creds?token=uri-query-secret",
            ),
    )
    .transport(counting.clone());
    let expected = "credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI is refused: \
                    http://credentials.example.com is not https://, or http:// to a loopback host";
    for err in [
        chain.check().unwrap_err(),
        chain.resolve().unwrap_err(),
        chain.credentials().await.unwrap_err(),
    ] {
        let last = err.tried().last().unwrap();
        assert!(last.starts_with(expected), "{last}");
        assert_hidden(&format!("{err} {err:?}"), &["uri-query-secret", "/creds"]);
    }
    assert_eq!(counting.0.load(Ordering::SeqCst), 0);
}
