//! The client against a real HTTP server on loopback: signatures, faults, retries, timeouts,
//! configuration.

mod support;

use std::time::Duration;

use alibabacloud_runtime::{
    Client, CommonCode, ConfigErrorKind, Credentials, EndpointRule, Environment, Error,
    RetryPolicy, Service, SignatureMismatch, SignatureVersion, TimeoutKind,
};
use support::ops::*;
use support::Fault;

#[tokio::test]
async fn v1_post_and_get_are_accepted() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    let out = call_default(&client).await.unwrap();
    assert_eq!(out.data, "CreateThing");
    assert_eq!(out.count, 42);
    assert!(out.success);
    let out = client
        .call(&LINKWAN, &GetOp(TestOp::default()))
        .await
        .unwrap();
    assert_eq!(out.data, "DescribeThing");

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let post = &seen[0];
    assert_eq!(post.method, "POST");
    let has = |pairs: &[(String, String)], name: &str, value: &str| {
        pairs.iter().any(|(n, v)| n == name && v == value)
    };
    assert!(has(&post.query, "Name", "名前 with spaces*~"));
    assert!(
        has(&post.query, "Tag.1.Key", "k1")
            && has(&post.query, "Tag.1.Value", "v:1")
            && has(&post.query, "Tag.2.Key", "k2")
    );
    assert!(!post.query.iter().any(|(n, _)| n == "Tag.2.Value"));
    assert!(has(&post.body, "Flag", "true") && has(&post.body, "Size", "10"));
    assert!(has(&post.body, "Labels.#3#env", "prod test"));
    assert!(has(&post.body, "Config", r#"{"a":[1,2],"b":"x&y"}"#));
    assert!(!post
        .body
        .iter()
        .chain(post.query.iter())
        .any(|(n, _)| n == "Skipped"));
    assert!(has(&post.query, "Format", "JSON") && has(&post.query, "Version", "2018-12-30"));
    assert!(!post.query.iter().any(|(n, _)| n == "RegionId"));
    let get = &seen[1];
    assert_eq!(get.method, "GET");
    assert!(get.body.is_empty() && has(&get.query, "Flag", "true"));
    assert_nonces_unique(&server);
}

#[tokio::test]
async fn v3_post_and_get_are_accepted() {
    let server = server().await;
    let client = builder(&server)
        .signature_version(SignatureVersion::V3)
        .build()
        .unwrap();
    assert_eq!(call_default(&client).await.unwrap().data, "CreateThing");
    assert_eq!(
        client
            .call(&LINKWAN, &GetOp(TestOp::default()))
            .await
            .unwrap()
            .data,
        "DescribeThing"
    );
    let seen = server.seen();
    assert!(seen[0].headers.iter().any(|(n, v)| n == "authorization"
        && v.starts_with("ACS3-HMAC-SHA256 Credential=LTAItestkeyid,")));
    assert_nonces_unique(&server);
}

#[tokio::test]
async fn sts_credentials_v1_and_v3() {
    let server = server().await;
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let client = builder(&server)
            .credentials(Credentials::with_security_token(
                STS_ID, STS_SECRET, STS_TOKEN,
            ))
            .signature_version(version)
            .build()
            .unwrap();
        call_default(&client).await.unwrap();
    }
    // A wrong token is refused by the server (and not retried).
    let client = builder(&server)
        .credentials(Credentials::with_security_token(
            STS_ID,
            STS_SECRET,
            "wrong-token",
        ))
        .build()
        .unwrap();
    let err = call_default(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidSecurityToken.Malformed"));
    assert_eq!(
        err.service_error().unwrap().common(),
        Some(CommonCode::InvalidCredentials)
    );
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn wrong_secret_is_diagnosed_and_not_retried() {
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let server = server().await;
        let client = builder(&server)
            .credentials(Credentials::new(KEY_ID, "not-the-right-secret"))
            .signature_version(version)
            .build()
            .unwrap();
        let err = call_default(&client).await.unwrap_err();
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
        let service = err.service_error().unwrap();
        assert_eq!(
            service.signature_mismatch(),
            Some(&SignatureMismatch::WrongSecret),
            "{version:?}"
        );
        assert_eq!(service.status(), 400);
        assert!(service.request_id().is_some() && err.request_id().is_some());
        assert_eq!(service.host_id(), Some("linkwan.cn-shanghai.aliyuncs.com"));
        assert!(service.recommend().is_some());
        let text = err.to_string();
        assert!(text.contains("secret is wrong"), "{text}");
        assert!(!text.contains('\n'));
        assert!(!text.contains("not-the-right-secret"));
        assert_eq!(server.requests(), 1, "signature errors are not retried");
    }
}

#[tokio::test]
async fn canonicalisation_mismatch_is_diagnosed() {
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let server = server().await;
        server.tamper();
        let client = builder(&server).signature_version(version).build().unwrap();
        let err = call_default(&client).await.unwrap_err();
        let mismatch = err
            .service_error()
            .and_then(|e| e.signature_mismatch())
            .cloned();
        assert!(
            matches!(mismatch, Some(SignatureMismatch::Canonicalization { .. })),
            "{version:?}: {mismatch:?}"
        );
        assert!(err.to_string().contains("canonicalised differently"));
    }
}

#[tokio::test]
async fn unknown_key_is_not_retried() {
    let server = server().await;
    let client = builder(&server)
        .credentials(Credentials::new("LTAIunknown", SECRET))
        .build()
        .unwrap();
    let err = call_default(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidAccessKeyId.NotFound"));
    assert_eq!(server.requests(), 1);
}

/// The read-only test operation (`DescribeThing`, GET): safe to repeat whatever happened.
async fn call_read_only(client: &Client) -> Result<Output, Error> {
    client.call(&LINKWAN, &GetOp(TestOp::default())).await
}

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    let server = server().await;
    server.push_faults([Fault::Internal, Fault::UnavailableHtml]);
    let client = builder(&server).build().unwrap();
    let out = call_read_only(&client).await.unwrap();
    assert!(out.success);
    assert_eq!(server.requests(), 3);
    assert_nonces_unique(&server);
    // Each attempt was signed anew: different timestamps are allowed, nonces must differ,
    // and every attempt passed the server's verification (the last one succeeded).

    // A create without an idempotency token may have run: a 500 is not repeated.
    let server = self::server().await;
    server.push_faults([Fault::Internal]);
    let client = builder(&server).build().unwrap();
    let err = call_default(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("InternalError"));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = server().await;
    server.always(Fault::Internal);
    let client = builder(&server).retry(fast_retries(4)).build().unwrap();
    let err = call_read_only(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("InternalError"));
    assert_eq!(err.service_error().unwrap().status(), 500);
    assert!(err.service_error().unwrap().is_server_error());
    assert_eq!(server.requests(), 4);
    assert_nonces_unique(&server);
}

#[tokio::test]
async fn html_503_ends_in_decode_error_with_raw_body() {
    let server = server().await;
    server.always(Fault::UnavailableHtml);
    let client = builder(&server).build().unwrap();
    let err = call_default(&client).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.status(), 503);
    assert!(String::from_utf8_lossy(decode.body()).contains("503 Service Temporarily Unavailable"));
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn throttling_is_retried_honouring_the_rate_limit_header() {
    let server = server().await;
    server.push_faults([
        Fault::Throttling {
            time_left_ms: Some(20),
        },
        Fault::Throttling { time_left_ms: None },
    ]);
    let policy = fast_retries(3).with_backoff(Duration::from_millis(1), Duration::from_millis(200));
    let client = builder(&server).retry(policy).build().unwrap();
    call_default(&client).await.unwrap();
    assert_eq!(server.requests(), 3);

    // A rate-limit wait beyond the backoff cap ends the retries at once.
    let server = self::server().await;
    server.always(Fault::Throttling {
        time_left_ms: Some(60_000),
    });
    let client = builder(&server).build().unwrap();
    let err = call_default(&client).await.unwrap_err();
    assert!(err.service_error().unwrap().is_throttling());
    assert_eq!(server.requests(), 1);

    let server = self::server().await;
    server.always(Fault::Throttling { time_left_ms: None });
    let client = builder(&server).build().unwrap();
    let err = call_default(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("Throttling.User"));
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = server().await;
    server.push_faults([Fault::InvalidName, Fault::Forbidden]);
    let client = builder(&server).build().unwrap();
    let err = call_default(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidName"));
    assert_eq!(err.message(), Some("The specified name is invalid."));
    let err = call_default(&client).await.unwrap_err();
    assert_eq!(err.code(), Some("Forbidden.RAM"));
    assert!(err.service_error().unwrap().is_permission_denied());
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn slow_response_times_out_and_is_retried() {
    let server = server().await;
    server.push_faults([Fault::Slow(Duration::from_secs(3))]);
    let client = builder(&server)
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    call_read_only(&client).await.unwrap();
    assert_eq!(server.requests(), 2);

    let server = self::server().await;
    server.always(Fault::Slow(Duration::from_secs(3)));
    let client = builder(&server)
        .attempt_timeout(Duration::from_millis(200))
        .retry(fast_retries(2))
        .build()
        .unwrap();
    let err = call_read_only(&client).await.unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}")
    };
    assert_eq!(timeout.kind(), TimeoutKind::Attempt);
    assert_eq!(server.requests(), 2);

    // A create without an idempotency token that timed out may have run: not repeated.
    let err = call_default(&client).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn total_timeout_bounds_the_call() {
    let server = server().await;
    server.always(Fault::Slow(Duration::from_secs(3)));
    let client = builder(&server)
        .attempt_timeout(Duration::from_millis(200))
        .total_timeout(Duration::from_millis(500))
        .retry(fast_retries(100))
        .build()
        .unwrap();
    let err = call_read_only(&client).await.unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}")
    };
    assert_eq!(timeout.kind(), TimeoutKind::Total);
    assert!(server.requests() < 100);
}

#[tokio::test]
async fn dropped_connection_is_retried() {
    let server = server().await;
    server.push_faults([Fault::Drop]);
    let client = builder(&server).build().unwrap();
    call_read_only(&client).await.unwrap();
    assert_eq!(server.requests(), 2);
    assert_nonces_unique(&server);

    let server = self::server().await;
    server.always(Fault::Drop);
    let client = builder(&server).build().unwrap();
    let err = call_read_only(&client).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.code(), None);
    assert_eq!(server.requests(), 3);

    // The connection broke after the request was written: a create without an idempotency
    // token is not repeated.
    let err = call_default(&client).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(server.requests(), 4);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Bind then release a port so nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(format!("http://127.0.0.1:{port}"))
        .environment(Environment::new())
        .retry(fast_retries(2))
        .build()
        .unwrap();
    let err = call_default(&client).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.to_string().starts_with("transport error"), "{err}");
    assert_no_secret(&format!("{err} {err:?}"));
}

#[tokio::test]
async fn garbage_and_wrong_shape_are_decode_errors() {
    let server = server().await;
    server.push_faults([Fault::Garbage, Fault::WrongShape]);
    let client = builder(&server).build().unwrap();
    let err = call_default(&client).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.status(), 200);
    assert_eq!(decode.body(), b"\x00\xffnot json at all{");
    let err = call_default(&client).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.path(), Some("Count"));
    assert!(String::from_utf8_lossy(decode.body()).contains("unexpected"));
    assert_eq!(
        server.requests(),
        2,
        "decode errors of a 200 are not retried"
    );
}

#[tokio::test]
async fn retries_can_be_disabled() {
    let server = server().await;
    server.always(Fault::Internal);
    let client = builder(&server)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    assert!(call_default(&client).await.is_err());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn region_and_endpoint_configuration() {
    // A regional product with neither region nor endpoint is a clear configuration error.
    let client = Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .environment(Environment::new())
        .transport(Recorder::default())
        .build()
        .unwrap();
    let err = call_default(&client).await.unwrap_err();
    let Error::Config(config) = &err else {
        panic!("expected a config error, got {err:?}")
    };
    assert_eq!(config.kind(), ConfigErrorKind::MissingRegion);
    assert!(
        err.to_string().contains("LinkWAN is a regional product"),
        "{err}"
    );

    // Region from the environment; the host follows the product rule, over HTTPS.
    let recorder = Recorder::default();
    let client = Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .environment(Environment::new().with_var("ALIBABA_CLOUD_REGION_ID", "cn-shanghai"))
        .transport(recorder.clone())
        .build()
        .unwrap();
    assert_eq!(client.region(), Some("cn-shanghai"));
    call_default(&client).await.unwrap();
    let url = recorder.urls.lock().unwrap()[0].clone();
    assert!(
        url.starts_with("https://linkwan.cn-shanghai.aliyuncs.com/?"),
        "{url}"
    );

    // Region from the CLI profile.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aliyun")).unwrap();
    std::fs::write(
        home.path().join(".aliyun/config.json"),
        r#"{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"cli-id","access_key_secret":"cli-secret","region_id":"cn-hangzhou"}]}"#,
    )
    .unwrap();
    let recorder = Recorder::default();
    let client = Client::builder()
        .environment(Environment::new().with_home(home.path()))
        .transport(recorder.clone())
        .build()
        .unwrap();
    assert_eq!(client.region(), Some("cn-hangzhou"));
    call_default(&client).await.unwrap();
    let url = recorder.urls.lock().unwrap()[0].clone();
    assert!(
        url.starts_with("https://linkwan.cn-hangzhou.aliyuncs.com/?")
            && url.contains("AccessKeyId=cli-id"),
        "{url}"
    );

    // An explicit region beats the environment, and an explicit endpoint beats both.
    let recorder = Recorder::default();
    let client = Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .environment(Environment::new().with_var("ALIBABA_CLOUD_REGION_ID", "cn-shanghai"))
        .region("cn-beijing")
        .endpoint("linkwan.example.internal")
        .transport(recorder.clone())
        .build()
        .unwrap();
    assert_eq!(client.region(), Some("cn-beijing"));
    call_default(&client).await.unwrap();
    assert!(recorder.urls.lock().unwrap()[0].starts_with("https://linkwan.example.internal/?"));
}

#[tokio::test]
async fn each_product_keeps_its_own_endpoint_across_calls() {
    // Endpoints are resolved once per product rule and kept by the client: calls alternating
    // between products, one of them with a host of its own for the region, each go to theirs.
    const MAPPED: Service = Service {
        product: "Mapped",
        version: "2020-01-01",
        endpoint: EndpointRule {
            prefix: "mapped",
            regional: true,
            hosts: &[("cn-hangzhou", "mapped-special.cn-hangzhou.example.com")],
        },
    };
    const CENTRAL: Service = Service {
        product: "Central",
        version: "2020-01-01",
        endpoint: EndpointRule {
            prefix: "central",
            regional: false,
            hosts: &[],
        },
    };
    let recorder = Recorder::default();
    let client = Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .region("cn-hangzhou")
        .transport(recorder.clone())
        .build()
        .unwrap();
    for _ in 0..2 {
        for service in [&LINKWAN, &MAPPED, &CENTRAL] {
            client
                .call(service, &PostOp(TestOp::default()))
                .await
                .unwrap();
        }
    }
    let hosts: Vec<String> = recorder
        .urls
        .lock()
        .unwrap()
        .iter()
        .map(|url| url.split('?').next().unwrap_or_default().to_owned())
        .collect();
    let expected = [
        "https://linkwan.cn-hangzhou.aliyuncs.com/",
        "https://mapped-special.cn-hangzhou.example.com/",
        "https://central.aliyuncs.com/",
    ];
    assert_eq!(hosts, [expected, expected].concat());
}

#[tokio::test]
async fn missing_credentials_fail_at_build_with_the_chain() {
    let home = tempfile::tempdir().unwrap();
    // The instance metadata service counts as a source unless it is switched off.
    let err = Client::builder()
        .environment(
            Environment::new()
                .with_home(home.path())
                .with_var("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
        )
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::Credentials);
    let text = err.to_string();
    assert!(
        text.contains("environment variables") && text.contains("credentials file"),
        "{text}"
    );
    assert_eq!(err.credentials_error().unwrap().tried().len(), 6);
    let err = Client::builder()
        .credentials(Credentials::new("id", ""))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ConfigErrorKind::Credentials);
}

#[tokio::test]
async fn a_mock_transport_drives_the_client() {
    let recorder = Recorder::default();
    let client = Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .region("cn-shanghai")
        .transport(recorder.clone())
        .build()
        .unwrap();
    let out = client
        .call(&LINKWAN, &GetOp(TestOp::default()))
        .await
        .unwrap();
    assert_eq!(
        out,
        Output {
            request_id: "R-MOCK".into(),
            data: "mocked".into(),
            count: 7,
            success: true
        }
    );
    assert_eq!(recorder.urls.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn concurrent_calls_never_reuse_a_nonce() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    let mut handles = Vec::new();
    for _ in 0..20 {
        let client = client.clone();
        handles.push(tokio::spawn(async move {
            call_default(&client).await.map(|o| o.success)
        }));
    }
    for handle in handles {
        assert!(handle.await.unwrap().unwrap());
    }
    assert_eq!(server.requests(), 20);
    assert_nonces_unique(&server);
}

#[tokio::test]
async fn a_credentials_provider_is_asked_per_call() {
    let server = server().await;
    let env = Environment::new()
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", STS_ID)
        .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", STS_SECRET)
        .with_var("ALIBABA_CLOUD_SECURITY_TOKEN", STS_TOKEN);
    let client = builder(&server)
        .credentials_provider(alibabacloud_runtime::DefaultChain::new(env))
        .signature_version(SignatureVersion::V3)
        .build()
        .unwrap();
    server.push_faults([Fault::Internal]);
    assert!(
        client
            .call(&LINKWAN, &GetOp(TestOp::default()))
            .await
            .unwrap()
            .success
    );
    assert_eq!(server.requests(), 2);

    // A provider that yields an empty secret fails the call without sending anything.
    let server = self::server().await;
    let client = builder(&server)
        .credentials_provider(alibabacloud_runtime::DefaultChain::new(
            Environment::new()
                .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
                .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", " "),
        ))
        .build()
        .unwrap();
    let err = client
        .call(&LINKWAN, &GetOp(TestOp::default()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    assert_eq!(server.requests(), 0);
}
