//! Bounded and safe reads through the real transport: the response-body limit (a declared
//! length over it is refused before reading, a body that grows past it is cut off; neither is
//! retried), errors that keep only the start of a body, redirects that are never followed, and
//! endpoints with a path refused.

mod support;

use std::time::{Duration, Instant};

use alibabacloud_runtime::{
    BoxFuture, Client, ConfigErrorKind, Credentials, Environment, Error, HttpRequest, HttpResponse,
    Transport, TransportError, TransportErrorKind,
};
use support::ops::*;
use support::{Answer, Fault};

async fn read_only(client: &Client) -> Result<Output, Error> {
    client.call(&LINKWAN, &GetOp(TestOp::default())).await
}

fn body_too_large(err: &Error) -> &TransportError {
    match err {
        Error::Transport(transport) if transport.kind() == TransportErrorKind::BodyTooLarge => {
            transport
        }
        other => panic!("expected a body-too-large error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let server = server().await;
    // 1 TiB announced, one byte sent, then nothing: reading would hang until the timeout.
    server.always(Fault::HugeContentLength(1 << 40));
    let client = builder(&server)
        .attempt_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = read_only(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    let text = body_too_large(&err).to_string();
    assert!(
        text.contains("1099511627776") && text.contains("33554432") && text.contains("not read"),
        "{text}"
    );
    assert!(!err.is_retryable());
    assert_eq!(server.requests(), 1, "not retried, even read-only");
}

#[tokio::test]
async fn a_body_growing_past_the_limit_is_cut_off() {
    let server = server().await;
    server.always(Fault::LongBody(1 << 20));
    let client = builder(&server)
        .max_response_body(64 * 1024)
        .build()
        .unwrap();
    let err = read_only(&client).await.unwrap_err();
    let text = body_too_large(&err).to_string();
    assert!(text.contains("65536") && text.contains("cut off"), "{text}");
    assert_eq!(server.requests(), 1);

    // Under the limit it is read whole; the decode error keeps only its first 4 KiB.
    let server = self::server().await;
    server.always(Fault::LongBody(48 * 1024));
    let client = builder(&server)
        .max_response_body(64 * 1024)
        .build()
        .unwrap();
    let err = read_only(&client).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.status(), 200);
    assert_eq!(decode.body().len(), 4096);
    assert!(err.to_string().len() < 600, "{err}");
}

/// A transport that returns a big body whatever the limit (it does not override
/// `send_with_limit`).
#[derive(Debug)]
struct Bloated;

impl Transport for Bloated {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: vec![],
                body: vec![b' '; 2048],
            })
        })
    }
}

#[tokio::test]
async fn the_limit_applies_to_any_transport() {
    let client = Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .environment(Environment::new())
        .region("cn-shanghai")
        .transport(Bloated)
        .max_response_body(1024)
        .build()
        .unwrap();
    let err = read_only(&client).await.unwrap_err();
    assert!(body_too_large(&err).to_string().contains("1024"), "{err}");

    let err = Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .environment(Environment::new())
        .max_response_body(0)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::Invalid);
}

#[tokio::test]
async fn redirects_are_errors_naming_the_status_and_host() {
    let server = server().await;
    server.push_faults([
        Fault::Answer(Answer::json(301, "moved").with_header(
            "location",
            "https://elsewhere.example:8443/?Signature=abc&SecurityToken=t",
        )),
        // A relative location stays on the endpoint's host.
        Fault::Answer(Answer::json(307, "").with_header("location", "/other")),
    ]);
    let client = builder(&server).build().unwrap();
    let err = read_only(&client).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert!(decode.is_redirect());
    assert_eq!(decode.status(), 301);
    let text = err.to_string();
    assert!(
        text.contains("HTTP 301")
            && text.contains(&server.addr.to_string())
            && text.contains("elsewhere.example:8443")
            && text.contains("not followed"),
        "{text}"
    );
    assert!(
        !text.contains("Signature") && !text.contains("SecurityToken"),
        "{text}"
    );

    let err = read_only(&client).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("HTTP 307") && text.contains(&format!("to {}", server.addr)),
        "{text}"
    );
    // Neither followed nor retried, and no Referer anywhere.
    assert_eq!(server.requests(), 2);
    assert!(server
        .seen()
        .iter()
        .all(|seen| seen.header("referer").is_none()));
    assert!(server.seen().iter().all(|seen| seen.path == "/"));
}

#[tokio::test]
async fn an_endpoint_with_a_path_is_refused() {
    for endpoint in [
        "http://127.0.0.1:8080/api",
        "https://proxy.example.com/aliyun/",
        "linkwan.cn-shanghai.aliyuncs.com/v1",
    ] {
        let err = Client::builder()
            .credentials(Credentials::new(KEY_ID, SECRET))
            .environment(Environment::new())
            .endpoint(endpoint)
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), ConfigErrorKind::InvalidEndpoint, "{endpoint}");
        assert!(
            err.to_string().contains("path") && err.to_string().contains(endpoint),
            "{err}"
        );
    }
    // `/` alone is the root, and fine.
    Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .environment(Environment::new())
        .endpoint("http://127.0.0.1:8080/")
        .build()
        .unwrap();
}
