//! The hand-written test operation, credentials and helpers shared by the client tests.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alibabacloud_runtime::de::lenient;
use alibabacloud_runtime::{
    member, BoxFuture, Client, ClientBuilder, Credentials, EndpointRule, Environment, Error,
    HttpRequest, HttpResponse, Method, Operation, Pair, Params, RetryPolicy, Service, ServiceError,
    Transport, TransportError, WireValue,
};
use alibabacloud_runtime::{Body, PathPiece, Style};
use serde::Deserialize;
use std::borrow::Cow;

use super::TestServer;

pub const KEY_ID: &str = "LTAItestkeyid";
pub const SECRET: &str = "s3cr3t-Value/with+chars";
pub const STS_ID: &str = "STS.testkeyid";
pub const STS_SECRET: &str = "sts-secret-QWERTY";
pub const STS_TOKEN: &str = "CAIS+token/with=chars&more";

pub const LINKWAN: Service = Service {
    product: "LinkWAN",
    version: "2018-12-30",
    endpoint: EndpointRule {
        prefix: "linkwan",
        regional: true,
        hosts: &[],
    },
};

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    #[serde(default, deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(default, deserialize_with = "lenient")]
    pub data: String,
    #[serde(default, deserialize_with = "lenient")]
    pub count: i64,
    #[serde(default, deserialize_with = "lenient")]
    pub success: bool,
}

pub struct Tag {
    pub key: String,
    pub value: Option<String>,
}

impl WireValue for Tag {
    fn write_to<'a>(&'a self, name: Cow<'a, str>, out: &mut Vec<Pair<'a>>) {
        self.key.write_to(member(&name, "Key").into(), out);
        self.value.write_to(member(&name, "Value").into(), out);
    }
}

/// A hand-written operation with every kind of parameter.
pub struct TestOp {
    pub name: String,
    pub tags: Vec<Tag>,
    pub flag: bool,
    pub size: Option<i64>,
    pub skipped: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub config: serde_json::Value,
}

impl Default for TestOp {
    fn default() -> Self {
        let mut labels = BTreeMap::new();
        labels.insert("env".to_string(), "prod test".to_string());
        TestOp {
            name: "名前 with spaces*~".into(),
            tags: vec![
                Tag {
                    key: "k1".into(),
                    value: Some("v:1".into()),
                },
                Tag {
                    key: "k2".into(),
                    value: None,
                },
            ],
            flag: true,
            size: Some(10),
            skipped: None,
            labels,
            config: serde_json::json!({"a": [1, 2], "b": "x&y"}),
        }
    }
}

impl TestOp {
    fn write<'a>(&'a self, params: &mut Params<'a>) {
        params.query("Name", &self.name);
        params.query("Tag", &self.tags);
        params.body("Flag", &self.flag);
        params.body("Size", &self.size);
        params.body("Skipped", &self.skipped);
        params.body("Labels", &self.labels);
        params.body("Config", &self.config);
    }
}

pub struct PostOp(pub TestOp);
impl Operation for PostOp {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "CreateThing";
    const METHOD: Method = Method::Post;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        self.0.write(params);
    }
}

pub struct GetOp(pub TestOp);
impl Operation for GetOp {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "DescribeThing";
    const METHOD: Method = Method::Get;
    // Only reads: safe to repeat after a failure whose outcome is unknown.
    const IDEMPOTENT: bool = true;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        self.0.write(params);
    }
}

/// A minimal ROA operation: a path parameter, a query parameter and a JSON body member.
pub struct RoaOp {
    pub id: String,
    pub note: Option<String>,
}

impl Operation for RoaOp {
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
    }
}

pub fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

pub fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .endpoint(server.endpoint())
        .environment(Environment::new())
        .retry(fast_retries(3))
        .attempt_timeout(Duration::from_secs(5))
}

pub async fn server() -> TestServer {
    let server = TestServer::start().await;
    server.add_key(KEY_ID, SECRET, None);
    server.add_key(STS_ID, STS_SECRET, Some(STS_TOKEN));
    server
}

pub fn assert_nonces_unique(server: &TestServer) {
    let nonces: Vec<String> = server.seen().into_iter().filter_map(|s| s.nonce).collect();
    let unique: HashSet<&String> = nonces.iter().collect();
    assert_eq!(nonces.len(), unique.len(), "a nonce was reused: {nonces:?}");
    assert_eq!(
        nonces.len(),
        server.requests(),
        "every request carried a nonce"
    );
}

pub fn assert_no_secret(text: &str) {
    for secret in [
        SECRET,
        STS_SECRET,
        STS_TOKEN,
        "s3cr3t",
        "CAIS%2Btoken",
        "CAIS%252Btoken",
        "sts-secret",
    ] {
        assert!(
            !text.contains(secret),
            "secret {secret:?} leaked into: {text}"
        );
    }
}

/// A transport that answers without a network, as users' tests would.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    pub urls: Arc<Mutex<Vec<String>>>,
}

impl Transport for Recorder {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.urls.lock().unwrap().push(request.url.clone());
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: vec![("x-acs-request-id".into(), "R-MOCK".into())],
                body: br#"{"RequestId":"R-MOCK","Data":"mocked","Count":7,"Success":"true"}"#
                    .to_vec(),
            })
        })
    }
}

/// Calls the default POST test operation: the call most tests make.
pub async fn call_default(client: &Client) -> Result<Output, Error<ServiceError>> {
    client.call(&LINKWAN, &PostOp(TestOp::default())).await
}
