//! The client's handles and request extras against the loopback server: a builder typed for a
//! product client, per-call options, extra parameters (signed, checked by the server), and the
//! region taken from the client.

mod support;

use std::time::{Duration, Instant};

use alibabacloud_runtime::{Body, PathPiece, Style};
use alibabacloud_runtime::{
    CallOptions, Client, ClientBuilder, ConfigErrorKind, Credentials, Environment, Error, Extra,
    Method, Operation, Params, RetryPolicy, RoaSignature, ServiceError, SignatureVersion,
    TimeoutKind,
};
use support::ops::*;
use support::{Fault, Seen};

/// A product client as a generated crate writes it.
struct Wrapper {
    inner: Client,
}

impl From<Client> for Wrapper {
    fn from(inner: Client) -> Self {
        Wrapper { inner }
    }
}

impl Wrapper {
    fn builder() -> ClientBuilder<Self> {
        ClientBuilder::new()
    }

    fn with_options(&self, options: CallOptions) -> Self {
        Wrapper {
            inner: self.inner.with_options(options),
        }
    }

    async fn create(&self, request: &Create) -> Result<Output, Error> {
        self.inner.call(&LINKWAN, request).await
    }
}

/// An RPC create with a region parameter and extras, as generated code writes it.
#[derive(Clone, Default)]
struct Create {
    name: String,
    region_id: Option<String>,
    extra: Extra,
}

impl Create {
    fn named(name: &str) -> Self {
        Create {
            name: name.into(),
            ..Create::default()
        }
    }

    fn region_id(mut self, region: &str) -> Self {
        self.region_id = Some(region.into());
        self
    }

    fn extra_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.query(name, value);
        self
    }

    fn extra_body(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.body(name, value);
        self
    }

    fn extra_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.header(name, value);
        self
    }
}

impl Operation for Create {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "CreateThing";
    const METHOD: Method = Method::Post;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("Name", &self.name);
        params.region("RegionId", &self.region_id);
        params.extra(&self.extra);
    }
}

/// An ROA update with a JSON body and extras.
struct Update {
    id: String,
    note: Option<String>,
    extra: Extra,
}

impl Operation for Update {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "UpdateRoaThing";
    const METHOD: Method = Method::Put;
    const STYLE: Style = Style::Roa {
        path: &[PathPiece::Literal("/things/"), PathPiece::Param("Id")],
        body: Body::Json,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.path("Id", &self.id);
        params.query("verbose", &true);
        params.json_member("note", &self.note);
        params.extra(&self.extra);
    }
}

fn param<'s>(pairs: &'s [(String, String)], name: &str) -> Option<&'s str> {
    pairs
        .iter()
        .find(|(sent, _)| sent == name)
        .map(|(_, value)| value.as_str())
}

fn last(server: &support::TestServer) -> Seen {
    server.seen().pop().expect("a request reached the server")
}

#[tokio::test]
async fn a_builder_typed_for_a_product_client() {
    let server = server().await;
    let product: Wrapper = Wrapper::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(server.endpoint())
        .region("cn-shanghai")
        .environment(Environment::new())
        .build()
        .unwrap();
    assert_eq!(
        product.create(&Create::named("a")).await.unwrap().data,
        "CreateThing"
    );
    // The same through the turbofish, and `Client::builder()` still builds a `Client`.
    let product = ClientBuilder::<Wrapper>::new()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(server.endpoint())
        .region("cn-shanghai")
        .build()
        .unwrap();
    product.create(&Create::named("b")).await.unwrap();
    // A product handle with its own options; the product client keeps its own.
    let quick = product.with_options(CallOptions::new().attempt_timeout(Duration::from_secs(1)));
    quick.create(&Create::named("c")).await.unwrap();
    assert_eq!(quick.inner.timeouts().attempt, Duration::from_secs(1));
    assert_eq!(product.inner.timeouts().attempt, Duration::from_secs(30));
    let builder: ClientBuilder<Client> = Client::builder();
    let client: Client = builder
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(server.endpoint())
        .build()
        .unwrap();
    assert_eq!(client.region(), None);
    assert_eq!(server.requests(), 3);
    // Settings are checked whatever the client type.
    let refused = Wrapper::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .attempt_timeout(Duration::ZERO)
        .build();
    assert!(matches!(refused, Err(error) if error.kind() == ConfigErrorKind::Invalid));
}

#[tokio::test]
async fn a_per_call_attempt_timeout_shorter_than_the_clients_fires() {
    let server = server().await;
    // The client waits 5 s per attempt; this handle 200 ms.
    let client = builder(&server).region("cn-shanghai").build().unwrap();
    let quick = client.with_options(CallOptions::new().attempt_timeout(Duration::from_millis(200)));
    assert_eq!(quick.timeouts().attempt, Duration::from_millis(200));
    assert_eq!(client.timeouts().attempt, Duration::from_secs(5));
    assert_eq!(quick.timeouts().total, client.timeouts().total);

    server.push_faults([Fault::Slow(Duration::from_secs(2))]);
    let started = Instant::now();
    // A create is not repeated after a timeout: one attempt, cut at 200 ms.
    let err = quick.call(&LINKWAN, &Create::named("q")).await.unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("expected a timeout, got {err:?}")
    };
    assert_eq!(timeout.kind(), TimeoutKind::Attempt);
    assert_eq!(timeout.limit(), Duration::from_millis(200));
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert_eq!(server.requests(), 1);

    // The original client keeps its own timeout: the same slow answer arrives.
    server.push_faults([Fault::Slow(Duration::from_millis(400))]);
    client.call(&LINKWAN, &Create::named("q")).await.unwrap();
    assert_eq!(server.requests(), 2);

    // A per-call total timeout bounds the retries of a read-only call.
    server.always(Fault::Slow(Duration::from_secs(2)));
    let bounded = quick.with_options(CallOptions::new().total_timeout(Duration::from_millis(500)));
    assert_eq!(bounded.timeouts().attempt, Duration::from_millis(200));
    let err = bounded
        .call(&LINKWAN, &GetOp(TestOp::default()))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Timeout(timeout) if timeout.kind() == TimeoutKind::Total),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_per_call_retry_policy_replaces_the_clients() {
    let server = server().await;
    server.always(Fault::Internal);
    let client = builder(&server).build().unwrap();
    let read = || GetOp(TestOp::default());
    assert!(client.call(&LINKWAN, &read()).await.is_err());
    assert_eq!(server.requests(), 3, "the client's policy: three attempts");

    let once = client.with_options(CallOptions::new().retry(RetryPolicy::disabled()));
    assert_eq!(once.retry_policy().max_attempts(), 1);
    let err = once.call(&LINKWAN, &read()).await.unwrap_err();
    assert_eq!(err.code(), Some("InternalError"));
    assert_eq!(server.requests(), 4, "one attempt through the handle");

    // The original is unaffected, and a later option only replaces what it sets.
    assert!(client.call(&LINKWAN, &read()).await.is_err());
    assert_eq!(server.requests(), 7);
    let layered = once.with_options(CallOptions::new().attempt_timeout(Duration::from_secs(1)));
    assert_eq!(layered.retry_policy().max_attempts(), 1);
    assert_eq!(layered.timeouts().attempt, Duration::from_secs(1));
    assert_eq!(client.retry_policy().max_attempts(), 3);
}

#[tokio::test]
async fn handles_share_the_clients_retry_budget() {
    let server = server().await;
    server.always(Fault::Internal);
    // Five tokens: one retry, then the bucket is empty for every handle of the client.
    let client = builder(&server)
        .retry(fast_retries(3).with_retry_budget(5))
        .build()
        .unwrap();
    let handle = client.with_options(CallOptions::new().retry(fast_retries(3)));
    assert!(handle
        .call(&LINKWAN, &GetOp(TestOp::default()))
        .await
        .is_err());
    assert_eq!(server.requests(), 2);
    assert!(client
        .call(&LINKWAN, &GetOp(TestOp::default()))
        .await
        .is_err());
    assert_eq!(server.requests(), 3, "the handle spent the client's budget");
}

#[tokio::test]
async fn a_zero_per_call_timeout_fails_before_sending() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    for options in [
        CallOptions::new().attempt_timeout(Duration::ZERO),
        CallOptions::new().total_timeout(Duration::ZERO),
    ] {
        let err = call_default(&client.with_options(options))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Config(config) if config.kind() == ConfigErrorKind::Invalid),
            "{err:?}"
        );
    }
    assert_eq!(server.requests(), 0);
}

#[tokio::test]
async fn rpc_extras_are_sent_and_signed() {
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let server = server().await;
        let client = builder(&server)
            .region("cn-shanghai")
            .signature_version(version)
            .build()
            .unwrap();
        let request = Create::named("n")
            .extra_query("Tag.1.Key", "team a")
            .extra_body("Description", "x&y=z")
            .extra_header("x-acs-trace-id", "t-1")
            .extra_header("X-Custom", "c");
        let product = Wrapper::from(client);
        product.create(&request).await.unwrap();
        let seen = last(&server);
        assert!(seen.verified, "{version:?}");
        assert_eq!(param(&seen.query, "Tag.1.Key"), Some("team a"));
        assert_eq!(param(&seen.body, "Description"), Some("x&y=z"));
        assert_eq!(seen.header("x-acs-trace-id"), Some("t-1"));
        assert_eq!(seen.header("x-custom"), Some("c"));
        if version == SignatureVersion::V3 {
            let authorization = seen.header("authorization").unwrap();
            assert!(
                authorization.contains(";x-acs-trace-id;"),
                "{authorization}"
            );
        }
    }
}

#[tokio::test]
async fn roa_extras_are_sent_and_signed() {
    for signature in [RoaSignature::V3, RoaSignature::Classic] {
        let server = server().await;
        let client = builder(&server).roa_signature(signature).build().unwrap();
        let mut extra = Extra::new();
        extra
            .query("dryRun", "true")
            .body("description", "new \"text\"")
            .header("x-acs-trace-id", "t-2");
        let request = Update {
            id: "t 1".into(),
            note: Some("kept".into()),
            extra,
        };
        client.call(&LINKWAN, &request).await.unwrap();
        let seen = last(&server);
        assert!(seen.verified, "{signature:?}");
        assert_eq!(seen.path, "/things/t%201");
        assert_eq!(param(&seen.query, "dryRun"), Some("true"));
        assert_eq!(
            seen.json_body(),
            Some(serde_json::json!({"description": "new \"text\"", "note": "kept"}))
        );
        assert_eq!(seen.header("x-acs-trace-id"), Some("t-2"));
    }
}

#[tokio::test]
async fn extras_that_collide_are_refused_before_sending() {
    let server = server().await;
    let client = builder(&server).region("cn-shanghai").build().unwrap();
    let cases = [
        (Create::named("n").extra_query("Name", "other"), "Name"),
        (Create::named("n").extra_body("Name", "other"), "Name"),
        (
            Create::named("n").extra_query("RegionId", "cn-beijing"),
            "RegionId",
        ),
        (
            Create::named("n").extra_query("Action", "DeleteThing"),
            "Action",
        ),
        (Create::named("n").extra_body("Signature", "x"), "Signature"),
        (
            Create::named("n").extra_header("Authorization", "x"),
            "Authorization",
        ),
        (
            Create::named("n")
                .extra_header("x-acs-trace-id", "1")
                .extra_header("X-Acs-Trace-Id", "2"),
            "X-Acs-Trace-Id",
        ),
    ];
    for (request, name) in cases {
        let err = client.call(&LINKWAN, &request).await.unwrap_err();
        let Error::Config(config) = &err else {
            panic!("expected a config error, got {err:?}")
        };
        assert_eq!(config.kind(), ConfigErrorKind::InvalidParameter);
        let text = err.to_string();
        assert!(
            text.contains(&format!("parameter {name} is refused")),
            "{text}"
        );
        // The value never shows.
        assert!(
            !text.contains("other") && !text.contains("DeleteThing"),
            "{text}"
        );
    }
    // An ROA JSON member of the same name.
    let mut extra = Extra::new();
    extra.body("note", "other");
    let mut request = Update {
        id: "t".into(),
        note: Some("set".into()),
        extra,
    };
    let err = client.call(&LINKWAN, &request).await.unwrap_err();
    assert!(
        err.to_string().contains("parameter note is refused"),
        "{err}"
    );
    assert_eq!(server.requests(), 0);
    // An unset optional parameter is not sent, so an extra may stand in for it.
    request.note = None;
    client.call(&LINKWAN, &request).await.unwrap();
    assert_eq!(
        last(&server).json_body(),
        Some(serde_json::json!({"note": "other"}))
    );
}

#[test]
fn extra_debug_shows_names_not_values() {
    let mut extra = Extra::new();
    extra
        .query("Tag.1.Key", "visible-name-hidden-value")
        .header("x-acs-token", "s3cr3t-token");
    let text = format!("{extra:?}");
    assert!(
        text.contains("Tag.1.Key") && text.contains("x-acs-token"),
        "{text}"
    );
    assert!(
        !text.contains("hidden-value") && !text.contains("s3cr3t"),
        "{text}"
    );
    assert!(Extra::new().is_empty() && !extra.is_empty());
    assert_eq!(extra.clone(), extra);
}

#[tokio::test]
async fn the_region_parameter_comes_from_the_client() {
    let server = server().await;
    let client = builder(&server).region("cn-shanghai").build().unwrap();
    client.call(&LINKWAN, &Create::named("a")).await.unwrap();
    let seen = last(&server);
    assert!(seen.verified);
    assert_eq!(param(&seen.query, "RegionId"), Some("cn-shanghai"));

    // The request's region wins.
    let request = Create::named("b").region_id("cn-beijing");
    client.call(&LINKWAN, &request).await.unwrap();
    assert_eq!(param(&last(&server).query, "RegionId"), Some("cn-beijing"));

    // V3 signs it the same.
    let v3 = builder(&server)
        .region("cn-shanghai")
        .signature_version(SignatureVersion::V3)
        .build()
        .unwrap();
    v3.call(&LINKWAN, &Create::named("c")).await.unwrap();
    let seen = last(&server);
    assert!(seen.verified);
    assert_eq!(param(&seen.query, "RegionId"), Some("cn-shanghai"));
}

#[tokio::test]
async fn no_region_anywhere_fails_before_sending() {
    let server = server().await;
    // An explicit endpoint and no region: the call itself needs none, the parameter does.
    let client = builder(&server).build().unwrap();
    let err = client
        .call(&LINKWAN, &Create::named("a"))
        .await
        .unwrap_err();
    let Error::Config(config) = &err else {
        panic!("expected a config error, got {err:?}")
    };
    assert_eq!(config.kind(), ConfigErrorKind::MissingRegion);
    let text = err.to_string();
    assert!(
        text.contains("RegionId") && text.contains("set a region on the client"),
        "{text}"
    );
    assert_eq!(server.requests(), 0);
    // The request's own region is enough.
    let request = Create::named("b").region_id("cn-hangzhou");
    client.call(&LINKWAN, &request).await.unwrap();
    assert_eq!(param(&last(&server).query, "RegionId"), Some("cn-hangzhou"));
}

#[cfg(feature = "testing")]
#[tokio::test]
async fn the_mock_serves_product_clients_and_options() {
    use alibabacloud_runtime::testing::{Mock, MOCK_REGION};

    #[derive(Clone)]
    struct Ping(Create);
    impl Operation for Ping {
        type Output = Output;
        type Error = ServiceError;
        const ACTION: &'static str = "Ping";
        const METHOD: Method = Method::Post;
        fn write_params<'a>(&'a self, params: &mut Params<'a>) {
            self.0.write_params(params);
        }
    }

    let mock = Mock::new();
    mock.on::<Ping>()
        .fail_with("Throttling", "slow down")
        .repeatedly();
    let product = Wrapper::from(mock.client());
    let once = product.with_options(CallOptions::new().retry(RetryPolicy::disabled()));
    let request = Ping(Create::named("p").extra_query("Tag.1.Key", "k"));
    assert!(once.inner.call(&LINKWAN, &request).await.is_err());
    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("RegionId"), Some(MOCK_REGION));
    assert_eq!(requests[0].param("Tag.1.Key"), Some("k"));
}
