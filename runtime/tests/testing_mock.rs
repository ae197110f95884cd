//! The `testing` feature's mock transport: typed rules answered through the real client
//! (signing, decoding, errors, retries, paging), typed and wire records, and no secret in what
//! it keeps or shows. No socket is opened.

use std::time::{Duration, Instant};

use alibabacloud_runtime::de::{object, read_into, skip, Nested};
use alibabacloud_runtime::testing::{documented_example, Mock, MOCK_REGION};
use alibabacloud_runtime::{Body, PathPiece, Style};
use alibabacloud_runtime::{
    Client, Credentials, EndpointRule, Error, HttpRequest, HttpResponse, Method, Operation,
    Paginated, Params, Position, Service, ServiceError, SignatureVersion, TimeoutKind, Transport,
    TransportErrorKind,
};
use serde::Serialize;

const THINGS: Service = Service {
    product: "Things",
    version: "2020-01-01",
    endpoint: EndpointRule {
        prefix: "things",
        regional: true,
        hosts: &[],
    },
};

const SECRET: &str = "s3cr3t-Value/with+chars";
const TOKEN: &str = "CAIS+token/with=chars&more";

// ---- hand-written operations, as the generator writes them ----

/// A read-only RPC list (safe to repeat), paged by number.
#[derive(Debug, Clone, Default, PartialEq)]
struct DescribeThings {
    zone: Option<String>,
    page_number: Option<i64>,
    page_size: Option<i64>,
}

/// Decoded member by member like a generated response; serialised with the wire names like a
/// generated response under its `serialize` feature.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
struct DescribeThingsResponse {
    #[serde(rename = "RequestId")]
    request_id: String,
    #[serde(rename = "TotalCount")]
    total_count: Option<i64>,
    #[serde(rename = "Things")]
    things: Things,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
struct Things {
    #[serde(rename = "Thing")]
    thing: Vec<String>,
}

impl Nested for DescribeThingsResponse {
    fn member<'de, D: serde::Deserializer<'de>>(
        &mut self,
        name: &str,
        value: D,
    ) -> Result<(), D::Error> {
        match name {
            "RequestId" => read_into(&mut self.request_id, value),
            "TotalCount" => read_into(&mut self.total_count, value),
            "Things" => read_into(&mut self.things, value),
            _ => skip(value),
        }
    }
}

impl<'de> serde::Deserialize<'de> for DescribeThingsResponse {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer)
    }
}

impl Nested for Things {
    fn member<'de, D: serde::Deserializer<'de>>(
        &mut self,
        name: &str,
        value: D,
    ) -> Result<(), D::Error> {
        match name {
            "Thing" => read_into(&mut self.thing, value),
            _ => skip(value),
        }
    }
}

impl Operation for DescribeThings {
    type Output = DescribeThingsResponse;
    type Error = ServiceError;
    const ACTION: &'static str = "DescribeThings";
    const METHOD: Method = Method::Post;
    // Only reads: safe to repeat after a failure whose outcome is unknown.
    const IDEMPOTENT: bool = true;
    const EXAMPLE_RESPONSE: Option<&'static str> =
        Some(r#"{"RequestId":"EXAMPLE-1","TotalCount":"2","Things":{"Thing":["a","b"]}}"#);
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("ZoneId", &self.zone);
        params.query("PageNumber", &self.page_number);
        params.query("PageSize", &self.page_size);
    }
}

impl Paginated for DescribeThings {
    type Item = String;
    fn position(&self) -> Position {
        Position::Page(self.page_number.unwrap_or(1))
    }
    fn set_position(&mut self, position: &Position) {
        if let Position::Page(page) = position {
            self.page_number = Some(*page);
        }
    }
    fn page_size(&self) -> Option<i64> {
        self.page_size
    }
    fn items(page: &DescribeThingsResponse) -> &[String] {
        &page.things.thing
    }
    fn into_items(page: DescribeThingsResponse) -> Vec<String> {
        page.things.thing
    }
    fn total(page: &DescribeThingsResponse) -> Option<i64> {
        page.total_count
    }
}

/// A create (not safe to repeat), with a sensitive parameter.
#[derive(Debug, Clone, PartialEq)]
struct CreateThing {
    name: String,
    password: String,
}

impl CreateThing {
    fn named(name: &str) -> Self {
        CreateThing {
            name: name.into(),
            password: "pa55word".into(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
struct CreateThingResponse {
    #[serde(rename = "RequestId", default)]
    request_id: String,
    #[serde(rename = "ThingId", default)]
    thing_id: String,
}

impl Operation for CreateThing {
    type Output = CreateThingResponse;
    type Error = ServiceError;
    const ACTION: &'static str = "CreateThing";
    const METHOD: Method = Method::Post;
    const SENSITIVE: &'static [&'static str] = &["Password"];
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("Name", &self.name);
        params.body("Password", &self.password);
    }
}

/// An ROA update with a path parameter and a JSON body.
#[derive(Debug, Clone, PartialEq)]
struct UpdateThing {
    id: String,
    note: Option<String>,
}

impl Operation for UpdateThing {
    type Output = CreateThingResponse;
    type Error = ServiceError;
    const ACTION: &'static str = "UpdateThing";
    const METHOD: Method = Method::Put;
    const STYLE: Style = Style::Roa {
        path: &[PathPiece::Literal("/things/"), PathPiece::Param("Id")],
        body: Body::Json,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.path("Id", &self.id);
        params.json_member("note", &self.note);
    }
}

fn page(things: &[&str], total: i64) -> DescribeThingsResponse {
    DescribeThingsResponse {
        request_id: format!("R-{}", things.join("-")),
        total_count: Some(total),
        things: Things {
            thing: things.iter().map(|t| t.to_string()).collect(),
        },
    }
}

fn describe(zone: &str) -> DescribeThings {
    DescribeThings {
        zone: Some(zone.into()),
        ..DescribeThings::default()
    }
}

// ---- answers ----

#[tokio::test]
async fn a_typed_value_is_decoded_by_the_real_decoder() {
    let mock = Mock::new();
    let expected = page(&["a", "b"], 2);
    mock.on::<DescribeThings>().respond(expected.clone());
    let client = mock.client();
    assert_eq!(client.region(), Some(MOCK_REGION));

    let output = client.call(&THINGS, &describe("z-1")).await.unwrap();
    assert_eq!(output, expected);
    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].action, "DescribeThings");
    assert_eq!(requests[0].host, "things.cn-hangzhou.aliyuncs.com");
    assert_eq!(requests[0].param("ZoneId"), Some("z-1"));
    // Signed as the service would require it.
    assert_eq!(requests[0].param("SignatureMethod"), Some("HMAC-SHA1"));
    assert!(requests[0].param("Signature").is_some());
    mock.verify();
}

#[tokio::test]
async fn json_text_and_http_answers() {
    let mock = Mock::new();
    // Numbers as strings, unknown members: decoded leniently as the service's bodies are.
    mock.on::<DescribeThings>()
        .respond_json(r#"{"RequestId":"R-9","TotalCount":"1","Things":{"Thing":"solo"},"X":1}"#);
    mock.on::<DescribeThings>().respond_json("not json");
    mock.on::<UpdateThing>().respond_http(HttpResponse {
        status: 204,
        headers: vec![],
        body: vec![],
    });
    let client = mock.client();

    let output = client.call(&THINGS, &describe("z")).await.unwrap();
    assert_eq!(output.total_count, Some(1));
    assert_eq!(output.things.thing, ["solo"]);
    match client.call(&THINGS, &describe("z")).await {
        Err(Error::Decode(error)) => assert_eq!(error.body(), b"not json"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    let update = UpdateThing {
        id: "t-1".into(),
        note: None,
    };
    let output = client.call(&THINGS, &update).await.unwrap();
    assert_eq!(output, CreateThingResponse::default());
}

#[tokio::test]
async fn a_service_error_is_matched_by_its_code() {
    let mock = Mock::new();
    mock.on::<CreateThing>()
        .fail_with("InvalidName.Malformed", "The name is malformed.");
    mock.on::<UpdateThing>()
        .fail_with_status(404, "ThingNotFound", "No such thing.");
    let client = mock.client();

    let error = client
        .call(&THINGS, &CreateThing::named("bad name"))
        .await
        .unwrap_err();
    assert!(error.is("InvalidName.Malformed"), "{error}");
    assert_eq!(error.message(), Some("The name is malformed."));
    let service = error.service_error().unwrap();
    assert_eq!(service.status(), 400);
    assert!(service.request_id().is_some_and(|id| !id.is_empty()));
    assert_eq!(service.host_id(), Some("things.cn-hangzhou.aliyuncs.com"));
    // An ROA error body, the same members, its own status.
    let update = UpdateThing {
        id: "t-1".into(),
        note: Some("x".into()),
    };
    let error = client.call(&THINGS, &update).await.unwrap_err();
    assert!(error.is("ThingNotFound"), "{error}");
    assert_eq!(error.service_error().unwrap().status(), 404);
    // Client errors are never retried.
    assert_eq!(mock.requests().len(), 2);
    mock.verify();
}

#[tokio::test]
async fn throttling_is_retried_then_the_call_succeeds_without_waiting() {
    let mock = Mock::new();
    let throttled = mock
        .on::<CreateThing>()
        .fail_with(
            "Throttling.User",
            "Request was denied due to user flow control.",
        )
        .times(2);
    let answered = mock.on::<CreateThing>().respond(CreateThingResponse {
        request_id: "R-1".into(),
        thing_id: "t-1".into(),
    });
    let started = Instant::now();

    let output = mock
        .client()
        .call(&THINGS, &CreateThing::named("n"))
        .await
        .unwrap();
    assert_eq!(output.thing_id, "t-1");
    assert_eq!((throttled.hits(), answered.hits()), (2, 1));
    assert_eq!(mock.requests().len(), 3);
    // One call, however many attempts.
    assert_eq!(mock.calls::<CreateThing>(), [CreateThing::named("n")]);
    // Each attempt signed anew.
    let nonces: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| r.param("SignatureNonce").unwrap().to_owned())
        .collect();
    assert!(nonces[0] != nonces[1] && nonces[1] != nonces[2]);
    assert!(started.elapsed() < Duration::from_secs(2));
    mock.verify();
}

#[tokio::test]
async fn internal_errors_are_retried_only_when_safe_to_repeat() {
    let mock = Mock::new();
    mock.on::<DescribeThings>()
        .fail_with_status(500, "InternalError", "oops")
        .times(1);
    mock.on::<DescribeThings>().respond(page(&["a"], 1));
    mock.on::<CreateThing>()
        .fail_with_status(500, "InternalError", "oops")
        .repeatedly();
    let client = mock.client();

    assert!(client.call(&THINGS, &describe("z")).await.is_ok());
    let error = client
        .call(&THINGS, &CreateThing::named("n"))
        .await
        .unwrap_err();
    assert!(error.is("InternalError"));
    // Two for the read, one for the create.
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn transport_faults_are_retried_by_kind() {
    let mock = Mock::new();
    let refused = mock
        .on::<CreateThing>()
        .transport_fault(TransportErrorKind::Connect);
    mock.on::<CreateThing>()
        .respond(CreateThingResponse::default());
    mock.on::<CreateThing>()
        .transport_fault(TransportErrorKind::Connection);
    let client = mock.client();

    // Nothing was sent: retried even for a create.
    assert!(client.call(&THINGS, &CreateThing::named("a")).await.is_ok());
    assert_eq!(refused.hits(), 1);
    // The connection broke after sending: a create is not repeated.
    match client.call(&THINGS, &CreateThing::named("b")).await {
        Err(Error::Transport(error)) => {
            assert_eq!(error.kind(), TransportErrorKind::Connection);
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(mock.requests().len(), 3);
    mock.verify();
}

#[tokio::test]
async fn a_timeout_is_the_attempt_timeout_without_waiting() {
    let mock = Mock::new();
    mock.on::<CreateThing>().timeout();
    mock.on::<DescribeThings>().timeout().times(2);
    mock.on::<DescribeThings>().respond(page(&["a"], 1));
    let client = mock.client();
    let started = Instant::now();

    match client.call(&THINGS, &CreateThing::named("n")).await {
        Err(Error::Timeout(timeout)) => {
            assert_eq!(timeout.kind(), TimeoutKind::Attempt);
            assert_eq!(timeout.limit(), client.timeouts().attempt);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    // Safe to repeat: retried after its timeouts.
    assert!(client.call(&THINGS, &describe("z")).await.is_ok());
    assert_eq!(mock.requests().len(), 4);
    assert!(started.elapsed() < Duration::from_secs(2));
    mock.verify();
}

// ---- matching ----

#[tokio::test]
async fn predicates_choose_the_rule() {
    let mock = Mock::new();
    mock.on::<DescribeThings>()
        .matching(|request| request.zone.as_deref() == Some("z-a"))
        .respond(page(&["in-a"], 1))
        .repeatedly();
    mock.on::<DescribeThings>()
        .matching(|request| request.zone.as_deref() == Some("z-b"))
        .matching(|request| request.page_size.is_none())
        .respond(page(&["in-b"], 1))
        .repeatedly();
    let client = mock.client();

    for (zone, thing) in [("z-b", "in-b"), ("z-a", "in-a"), ("z-b", "in-b")] {
        let output = client.call(&THINGS, &describe(zone)).await.unwrap();
        assert_eq!(output.things.thing, [thing]);
    }
    // Both predicates must hold.
    let sized = DescribeThings {
        page_size: Some(5),
        ..describe("z-b")
    };
    let error = client.call(&THINGS, &sized).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn rules_answer_in_order_and_the_set_number_of_times() {
    let mock = Mock::new();
    let first = mock.on::<CreateThing>().respond(CreateThingResponse {
        thing_id: "first".into(),
        ..Default::default()
    });
    let twice = mock
        .on::<CreateThing>()
        .respond(CreateThingResponse {
            thing_id: "twice".into(),
            ..Default::default()
        })
        .times(2);
    mock.on::<CreateThing>()
        .respond(CreateThingResponse {
            thing_id: "then".into(),
            ..Default::default()
        })
        .repeatedly();
    let client = mock.client();

    let mut ids = Vec::new();
    for _ in 0..5 {
        let output = client
            .call(&THINGS, &CreateThing::named("n"))
            .await
            .unwrap();
        ids.push(output.thing_id);
    }
    assert_eq!(ids, ["first", "twice", "twice", "then", "then"]);
    assert_eq!((first.hits(), twice.hits()), (1, 2));
    mock.verify();
}

#[tokio::test]
async fn calls_are_recorded_typed_by_operation() {
    let mock = Mock::new();
    mock.on::<CreateThing>()
        .respond(CreateThingResponse::default())
        .repeatedly();
    mock.on::<DescribeThings>()
        .respond(page(&["a"], 1))
        .repeatedly();
    let client = mock.client();

    client
        .call(&THINGS, &CreateThing::named("one"))
        .await
        .unwrap();
    client.call(&THINGS, &describe("z")).await.unwrap();
    client
        .call(&THINGS, &CreateThing::named("two"))
        .await
        .unwrap();

    assert_eq!(
        mock.calls::<CreateThing>(),
        [CreateThing::named("one"), CreateThing::named("two")]
    );
    assert_eq!(mock.calls::<DescribeThings>(), [describe("z")]);
    assert!(mock.calls::<UpdateThing>().is_empty());
    let actions: Vec<String> = mock.requests().into_iter().map(|r| r.action).collect();
    assert_eq!(actions, ["CreateThing", "DescribeThings", "CreateThing"]);
    // Sensitive parameters are kept as sent, for the test to check.
    assert_eq!(mock.requests()[0].param("Password"), Some("pa55word"));
}

#[tokio::test]
async fn an_unmatched_request_is_a_clear_error_not_a_panic() {
    let mock = Mock::new();
    let client = mock.client();
    let error = client.call(&THINGS, &describe("z")).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Request);
    let text = error.to_string();
    assert!(text.contains("DescribeThings"), "{text}");
    assert!(text.contains("no rules"), "{text}");

    mock.on::<DescribeThings>()
        .matching(|request| request.zone.as_deref() == Some("z-a"))
        .respond(page(&["a"], 1));
    mock.on::<CreateThing>().fail_with("Throttling", "slow");
    let text = client
        .call(&THINGS, &describe("z-b"))
        .await
        .unwrap_err()
        .to_string();
    for expected in [
        "no mock rule answers DescribeThings",
        "attempt 1",
        "[1] DescribeThings matching a predicate, responds with a value, 0 of 1 times used",
        "[2] CreateThing, fails with Throttling (HTTP 400), 0 of 1 times used",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    // Never retried.
    assert_eq!(mock.requests().len(), 2);

    let verified = std::panic::catch_unwind(|| mock.verify());
    let panic = verified.unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("unanswered request: no mock rule answers DescribeThings"));
    assert!(
        message.contains("rule 2 not used up: CreateThing"),
        "{message}"
    );
}

#[tokio::test]
async fn a_request_sent_without_its_typed_value_matches_by_action() {
    let mock = Mock::new();
    mock.on::<DescribeThings>()
        .matching(|_| true)
        .respond(page(&["typed only"], 1));
    mock.on::<DescribeThings>().respond(page(&["by action"], 1));
    let request = HttpRequest {
        method: Method::Post,
        url: "https://things.cn-hangzhou.aliyuncs.com/?Action=DescribeThings".into(),
        headers: vec![],
        body: vec![],
        timeout: Duration::from_secs(1),
    };
    let response = mock.send(request).await.unwrap();
    assert_eq!(response.status, 200);
    assert!(String::from_utf8_lossy(&response.body).contains("by action"));
    assert_eq!(response.header("x-acs-request-id"), Some("R-by action"));
}

// ---- paging, examples ----

#[tokio::test]
async fn a_paginator_runs_over_mocked_pages() {
    let mock = Mock::new();
    // The second page is throttled once: retried, and the list goes on.
    let throttled = mock
        .on::<DescribeThings>()
        .matching(|request| request.page_number == Some(2))
        .fail_with("Throttling", "slow");
    for (number, things) in [(1, ["a", "b"]), (2, ["c", "d"]), (3, ["e", "f"])] {
        mock.on::<DescribeThings>()
            .matching(move |request| request.page_number.unwrap_or(1) == number)
            .respond(page(&things, 5));
    }
    let client = mock.client();
    let request = DescribeThings {
        page_size: Some(2),
        ..describe("z")
    };

    let mut items = client.pages(&THINGS, request).items();
    let mut seen = Vec::new();
    while let Some(item) = items.next().await {
        seen.push(item.unwrap());
    }
    // The total (5) is reached on the third page.
    assert_eq!(seen, ["a", "b", "c", "d", "e", "f"]);
    let pages: Vec<Option<i64>> = mock
        .calls::<DescribeThings>()
        .iter()
        .map(|r| r.page_number)
        .collect();
    assert_eq!(pages, [None, Some(2), Some(3)]);
    assert_eq!(throttled.hits(), 1);
    assert_eq!(mock.requests().len(), 4);
    mock.verify();
}

#[tokio::test]
async fn the_documented_example_is_a_ready_answer() {
    let mock = Mock::new();
    mock.on::<DescribeThings>().with_documented_example();
    let output = mock.client().call(&THINGS, &describe("z")).await.unwrap();
    assert_eq!(output.request_id, "EXAMPLE-1");
    assert_eq!(output.things.thing, ["a", "b"]);
    assert_eq!(output, documented_example::<DescribeThings>());
    mock.verify();
}

#[test]
#[should_panic(expected = "CreateThing has no documented example response")]
fn an_operation_without_an_example_says_so() {
    Mock::new().on::<CreateThing>().with_documented_example();
}

// ---- secrets ----

#[tokio::test]
async fn no_secret_is_recorded_or_shown() {
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let mock = Mock::new();
        mock.on::<CreateThing>()
            .respond(CreateThingResponse::default())
            .repeatedly();
        mock.on::<UpdateThing>()
            .respond(CreateThingResponse::default());
        let client: Client = mock
            .client_builder()
            .credentials(Credentials::with_security_token("STS.mock", SECRET, TOKEN))
            .signature_version(version)
            .build()
            .unwrap();
        client
            .call(&THINGS, &CreateThing::named("n"))
            .await
            .unwrap();
        let update = UpdateThing {
            id: "t/1".into(),
            note: Some("x".into()),
        };
        client.call(&THINGS, &update).await.unwrap();
        // Unmatched, so its message is kept too.
        client.call(&THINGS, &describe("z")).await.unwrap_err();

        let requests = mock.requests();
        assert_eq!(requests.len(), 3);
        // The token was sent, and is recorded redacted.
        let token = match version {
            SignatureVersion::V1 => requests[0].param("SecurityToken"),
            _ => requests[0].header("x-acs-security-token"),
        };
        assert_eq!(token, Some("<redacted>"), "{version:?}");
        assert_eq!(
            requests[1].header("x-acs-security-token"),
            Some("<redacted>")
        );
        assert_eq!(requests[1].path, "/things/t%2F1");
        assert_eq!(requests[1].action, "UpdateThing");
        assert_eq!(requests[1].body, r#"{"note":"x"}"#);
        let shown = format!("{requests:?} {mock:?} {:?}", mock.calls::<CreateThing>());
        let fields: String = requests
            .iter()
            .flat_map(|r| {
                let pairs = r.query.iter().chain(&r.form).chain(&r.headers);
                pairs
                    .flat_map(|(n, v)| [n.clone(), v.clone()])
                    .chain([r.body.clone(), r.path.clone()])
            })
            .collect();
        for text in [&shown, &fields] {
            for secret in [
                SECRET,
                TOKEN,
                "s3cr3t",
                "CAIS%2Btoken",
                "CAIS+token",
                "CAIS%252Btoken",
            ] {
                assert!(
                    !text.contains(secret),
                    "{version:?}: {secret:?} leaked into {text}"
                );
            }
        }
    }
}
