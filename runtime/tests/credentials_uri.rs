//! Credentials from a URI against a loopback server: the answer's forms, failures, a slow
//! answer bounded by the timeout, refresh, and the URI's query kept out of messages.

mod credentials_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alibabacloud_runtime::credentials::UriProvider;
use alibabacloud_runtime::ProvideCredentials;
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
