//! ROA operations against the loopback server, through the real reqwest transport: escaped
//! paths, JSON, array, verbatim and form bodies, both ROA signatures (checked by the server's own
//! code), STS, error bodies in either case, `x-acs-retry-after`, empty responses.

mod support;

use std::time::{Duration, Instant};

use alibabacloud_runtime::{Body, PathPiece, Style};
use alibabacloud_runtime::{
    ConfigErrorKind, Credentials, Error, Method, Operation, Params, RoaSignature, ServiceError,
    SignatureMismatch,
};
use serde::Serialize;
use support::ops::*;
use support::{Answer, Fault, Seen, SignatureScheme, TestServer};

// ---- hand-written ROA operations, as the generator would write them ----

/// GET with two path parameters, a query and an optional header.
struct GetThing {
    thing_id: Option<String>,
    part: String,
    filter: Option<String>,
    page: Option<i32>,
    trace: Option<String>,
}

impl GetThing {
    fn new(thing_id: &str) -> Self {
        GetThing {
            thing_id: Some(thing_id.into()),
            part: "disks".into(),
            filter: Some("a b&c=d:e".into()),
            page: Some(2),
            trace: None,
        }
    }
}

impl Operation for GetThing {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "GetThing";
    const METHOD: Method = Method::Get;
    // Only reads: safe to repeat after a failure whose outcome is unknown.
    const IDEMPOTENT: bool = true;
    const STYLE: Style = Style::Roa {
        path: &[
            PathPiece::Literal("/openapi/things/"),
            PathPiece::Param("ThingId"),
            PathPiece::Literal("/parts/"),
            PathPiece::Param("Part"),
        ],
        body: Body::None,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.path("ThingId", &self.thing_id);
        params.path("Part", &self.part);
        params.query("filter", &self.filter);
        params.query("page", &self.page);
        params.header("x-acs-trace", &self.trace);
    }
}

#[derive(Serialize)]
struct Spec {
    // Declared out of order: the body's keys are sorted anyway.
    #[serde(rename = "type")]
    kind: String,
    disk: i32,
}

/// The JSON object body shared by the PUT and POST operations.
#[derive(Default)]
struct ThingBody {
    name: Option<String>,
    spec: Option<Spec>,
    zones: Option<Vec<String>>,
}

impl ThingBody {
    fn full() -> Self {
        ThingBody {
            name: Some("名 \"quoted\"".into()),
            spec: Some(Spec {
                kind: "ssd".into(),
                disk: 40,
            }),
            zones: Some(vec!["cn-hangzhou-i".into()]),
        }
    }

    fn write<'a>(&'a self, params: &mut Params<'a>) {
        params.json_member("name", &self.name);
        params.json_member("spec", &self.spec);
        params.json_member("zones", &self.zones);
    }
}

struct UpdateThing {
    thing_id: String,
    client_token: Option<String>,
    body: ThingBody,
}

impl Operation for UpdateThing {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "UpdateThing";
    const METHOD: Method = Method::Put;
    const STYLE: Style = Style::Roa {
        path: &[
            PathPiece::Literal("/openapi/things/"),
            PathPiece::Param("ThingId"),
        ],
        body: Body::Json,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.path("ThingId", &self.thing_id);
        params.query("clientToken", &self.client_token);
        self.body.write(params);
    }
}

struct CreateThing(ThingBody);

impl Operation for CreateThing {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "createThing";
    const METHOD: Method = Method::Post;
    const STYLE: Style = Style::Roa {
        path: &[PathPiece::Literal("/openapi/things")],
        body: Body::Json,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        self.0.write(params);
    }
}

/// A bare JSON array as the whole body.
struct ActivateZones {
    instance_id: String,
    zones: Vec<String>,
}

impl Operation for ActivateZones {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "ActivateZones";
    const METHOD: Method = Method::Post;
    const STYLE: Style = Style::Roa {
        path: &[
            PathPiece::Literal("/openapi/instances/"),
            PathPiece::Param("InstanceId"),
            PathPiece::Literal("/actions/recover-zones"),
        ],
        body: Body::Json,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.path("InstanceId", &self.instance_id);
        params.json_payload(&self.zones);
    }
}

/// A body parameter that is JSON text, sent verbatim.
struct Search {
    body: String,
}

impl Operation for Search {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "Search";
    const METHOD: Method = Method::Patch;
    const STYLE: Style = Style::Roa {
        path: &[PathPiece::Literal("/indices/logs/search")],
        body: Body::Json,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.json_text_payload(&self.body);
    }
}

/// A form body.
struct TagResources {
    region_id: String,
    resource_ids: String,
    tags: String,
}

impl Operation for TagResources {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "TagResources";
    const METHOD: Method = Method::Post;
    const STYLE: Style = Style::Roa {
        path: &[PathPiece::Literal("/tags")],
        body: Body::Form,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.body("RegionId", &self.region_id);
        params.body("ResourceIds", &self.resource_ids);
        params.body("Tags", &self.tags);
    }
}

fn tag_resources() -> TagResources {
    TagResources {
        region_id: "cn-hangzhou".into(),
        resource_ids: r#"["d42921c4-****"]"#.into(),
        tags: r#"[{"key":"k 1","value":"v&1"}]"#.into(),
    }
}

struct DeleteThing {
    thing_id: String,
}

impl Operation for DeleteThing {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "DeleteThing";
    const METHOD: Method = Method::Delete;
    const STYLE: Style = Style::Roa {
        path: &[
            PathPiece::Literal("/openapi/things/"),
            PathPiece::Param("ThingId"),
        ],
        body: Body::None,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.path("ThingId", &self.thing_id);
    }
}

/// An RPC operation that (wrongly) writes a JSON body.
struct RpcWithJson;

impl Operation for RpcWithJson {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "RpcWithJson";
    const METHOD: Method = Method::Post;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.json_member("x", &1);
    }
}

// ---- helpers ----

/// The only request the server saw, checked to be verified with `scheme`.
fn only_request(server: &TestServer, scheme: SignatureScheme) -> Seen {
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let request = seen.into_iter().next().unwrap();
    assert_eq!(request.scheme, scheme);
    assert!(request.verified, "the server did not verify {request:?}");
    request
}

fn roa_client(server: &TestServer, signature: RoaSignature) -> alibabacloud_runtime::Client {
    builder(server).roa_signature(signature).build().unwrap()
}

const THING_ID: &str = "th/1 2*名~x";
const THING_PATH: &str = "/openapi/things/th%2F1%202%2A%E5%90%8D~x/parts/disks";

// ---- tests ----

#[tokio::test]
async fn get_with_escaped_path_parameters_and_query_is_signed_with_v3() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    let out = client
        .call(&LINKWAN, &GetThing::new(THING_ID))
        .await
        .unwrap();
    assert_eq!(out.data, "GetThing");
    assert_eq!(out.count, 42);

    let seen = only_request(&server, SignatureScheme::V3);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, THING_PATH);
    // Sorted, values percent-encoded (space as %20).
    assert_eq!(seen.raw_query, "filter=a%20b%26c%3Dd%3Ae&page=2");
    assert_eq!(
        seen.query,
        vec![
            ("filter".to_string(), "a b&c=d:e".to_string()),
            ("page".to_string(), "2".to_string())
        ]
    );
    assert!(seen.raw_body.is_empty());
    assert_eq!(seen.header("content-type"), None);
    assert_eq!(seen.header("x-acs-action"), Some("GetThing"));
    assert_eq!(seen.header("x-acs-version"), Some(LINKWAN.version));
    assert_eq!(seen.header("x-acs-trace"), None);
    let authorization = seen.header("authorization").unwrap();
    assert!(
        authorization.starts_with(&format!(
            "ACS3-HMAC-SHA256 Credential={KEY_ID},SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
        )),
        "{authorization}"
    );
    // RPC's parameters are absent: no Action or Signature in the query.
    assert!(!seen.raw_query.contains("Action") && !seen.raw_query.contains("Signature"));
}

#[tokio::test]
async fn json_object_bodies_are_sorted_compact_and_empty_when_unset() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    let update = UpdateThing {
        thing_id: "es-cn-1".into(),
        client_token: Some("tok-1".into()),
        body: ThingBody::full(),
    };
    client.call(&LINKWAN, &update).await.unwrap();
    client
        .call(&LINKWAN, &CreateThing(ThingBody::default()))
        .await
        .unwrap();

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let put = &seen[0];
    assert!(put.verified && put.scheme == SignatureScheme::V3);
    assert_eq!(put.method, "PUT");
    assert_eq!(put.path, "/openapi/things/es-cn-1");
    assert_eq!(put.raw_query, "clientToken=tok-1");
    assert_eq!(
        String::from_utf8(put.raw_body.clone()).unwrap(),
        r#"{"name":"名 \"quoted\"","spec":{"disk":40,"type":"ssd"},"zones":["cn-hangzhou-i"]}"#
    );
    assert_eq!(
        put.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert!(put
        .header("authorization")
        .unwrap()
        .contains("SignedHeaders=content-type;host;"));
    // A JSON body never moves into the query or becomes form fields.
    assert!(put.body.is_empty());

    let post = &seen[1];
    assert!(post.verified);
    assert_eq!(post.method, "POST");
    assert_eq!(post.path, "/openapi/things");
    assert_eq!(post.raw_body, b"{}");
    assert_eq!(post.raw_query, "");
    assert_eq!(post.header("x-acs-action"), Some("createThing"));
    assert_eq!(
        post.header("content-type"),
        Some("application/json; charset=utf-8")
    );
}

#[tokio::test]
async fn a_bare_array_is_the_whole_body() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    let op = ActivateZones {
        instance_id: "es-cn-n6w1o1x0w001c****".into(),
        zones: vec!["cn-hangzhou-i".into(), "cn-hangzhou-h".into()],
    };
    client.call(&LINKWAN, &op).await.unwrap();
    let seen = only_request(&server, SignatureScheme::V3);
    assert_eq!(
        seen.path,
        "/openapi/instances/es-cn-n6w1o1x0w001c%2A%2A%2A%2A/actions/recover-zones"
    );
    assert_eq!(seen.raw_body, br#"["cn-hangzhou-i","cn-hangzhou-h"]"#);
    assert_eq!(
        seen.json_body(),
        Some(serde_json::json!(["cn-hangzhou-i", "cn-hangzhou-h"]))
    );
}

#[tokio::test]
async fn json_text_is_sent_verbatim() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    let text = "{ \"query\" : {\"match_all\":{}},\n \"size\": 1 }";
    client
        .call(&LINKWAN, &Search { body: text.into() })
        .await
        .unwrap();
    let seen = only_request(&server, SignatureScheme::V3);
    assert_eq!(seen.method, "PATCH");
    assert_eq!(seen.raw_body, text.as_bytes());
    assert_eq!(
        seen.header("content-type"),
        Some("application/json; charset=utf-8")
    );
}

#[tokio::test]
async fn a_form_body_stays_in_the_body() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    client.call(&LINKWAN, &tag_resources()).await.unwrap();
    let seen = only_request(&server, SignatureScheme::V3);
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(seen.raw_body.clone()).unwrap(),
        "RegionId=cn-hangzhou&ResourceIds=%5B%22d42921c4-%2A%2A%2A%2A%22%5D&Tags=%5B%7B%22key%22%3A%22k%201%22%2C%22value%22%3A%22v%261%22%7D%5D"
    );
    assert!(seen.body.contains(&(
        "Tags".to_string(),
        r#"[{"key":"k 1","value":"v&1"}]"#.to_string()
    )));
    assert_eq!(seen.raw_query, "");
}

#[tokio::test]
async fn classic_roa_signature_end_to_end() {
    let server = server().await;
    let client = roa_client(&server, RoaSignature::Classic);
    assert_eq!(client.roa_signature(), RoaSignature::Classic);
    client
        .call(&LINKWAN, &GetThing::new(THING_ID))
        .await
        .unwrap();
    let seen = only_request(&server, SignatureScheme::RoaClassic);
    assert_eq!(seen.path, THING_PATH);
    assert!(seen
        .header("authorization")
        .unwrap()
        .starts_with(&format!("acs {KEY_ID}:")));
    assert_eq!(seen.header("x-acs-signature-method"), Some("HMAC-SHA1"));
    assert_eq!(seen.header("x-acs-signature-version"), Some("1.0"));
    assert_eq!(seen.header("x-acs-action"), Some("GetThing"));
    assert_eq!(seen.header("x-acs-date"), None);
    let date = seen.header("date").unwrap();
    assert!(date.ends_with(" GMT") && date.len() == 29, "{date}");
    assert!(seen.nonce.is_some());

    // Bodies too: JSON object, form, and a DELETE without one.
    for (index, result) in [
        client
            .call(
                &LINKWAN,
                &UpdateThing {
                    thing_id: "es-cn-1".into(),
                    client_token: None,
                    body: ThingBody::full(),
                },
            )
            .await,
        client.call(&LINKWAN, &tag_resources()).await,
        client
            .call(
                &LINKWAN,
                &DeleteThing {
                    thing_id: "es cn".into(),
                },
            )
            .await,
    ]
    .into_iter()
    .enumerate()
    {
        result.unwrap_or_else(|e| panic!("call {index}: {e}"));
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 4);
    assert!(seen
        .iter()
        .all(|s| s.verified && s.scheme == SignatureScheme::RoaClassic));
    assert_eq!(seen[3].method, "DELETE");
    assert_eq!(seen[3].path, "/openapi/things/es%20cn");
    assert_nonces_unique(&server);
}

#[tokio::test]
async fn operation_headers_are_sent_and_signed_by_both_schemes() {
    let server = server().await;
    for signature in [RoaSignature::V3, RoaSignature::Classic] {
        let client = roa_client(&server, signature);
        let mut op = GetThing::new("t");
        op.trace = Some("trace value".into());
        client.call(&LINKWAN, &op).await.unwrap();
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert!(request.verified);
        assert_eq!(request.header("x-acs-trace"), Some("trace value"));
    }
    assert!(seen[0]
        .header("authorization")
        .unwrap()
        .contains(";x-acs-trace;"));
}

#[tokio::test]
async fn sts_token_is_sent_and_signed() {
    let server = server().await;
    for signature in [RoaSignature::V3, RoaSignature::Classic] {
        let client = builder(&server)
            .credentials(Credentials::with_security_token(
                STS_ID, STS_SECRET, STS_TOKEN,
            ))
            .roa_signature(signature)
            .build()
            .unwrap();
        client
            .call(&LINKWAN, &GetThing::new("t"))
            .await
            .unwrap_or_else(|e| panic!("{signature:?}: {e}"));
        // A wrong token is refused, and not retried.
        let client = builder(&server)
            .credentials(Credentials::with_security_token(
                STS_ID,
                STS_SECRET,
                "wrong-token",
            ))
            .roa_signature(signature)
            .build()
            .unwrap();
        let err = client
            .call(&LINKWAN, &GetThing::new("t"))
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("InvalidSecurityToken.Malformed"));
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 4);
    for (request, scheme) in seen
        .iter()
        .step_by(2)
        .zip([SignatureScheme::V3, SignatureScheme::RoaClassic])
    {
        assert!(request.verified && request.scheme == scheme);
        assert_eq!(request.header("x-acs-security-token"), Some(STS_TOKEN));
    }
    assert_eq!(seen[0].header("x-acs-accesskey-id"), Some(STS_ID));
    assert!(!seen[1].verified && !seen[3].verified);
}

#[tokio::test]
async fn error_bodies_in_either_case_become_service_errors() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    server.push_faults([
        Fault::Answer(Answer::json(
            404,
            r#"{"RequestId":"R-UP","HostId":"es.example","Code":"InstanceNotFound","Message":"The instance is not found.","Recommend":"https://r.example"}"#,
        )),
        Fault::Answer(Answer::json(
            400,
            r#"{"requestId":"R-LOW","code":"InvalidParam","message":"bad zone"}"#,
        )),
        Fault::Answer(Answer::json(
            403,
            r#"{"requestid":"R-LOWEST","code":"Forbidden.RAM","message":"no"}"#,
        )),
    ]);
    let err = client
        .call(&LINKWAN, &GetThing::new("t"))
        .await
        .unwrap_err();
    let service = err.service_error().unwrap();
    assert_eq!(service.status(), 404);
    assert_eq!(service.code(), "InstanceNotFound");
    assert_eq!(service.message(), "The instance is not found.");
    assert_eq!(service.request_id(), Some("R-UP"));
    assert_eq!(service.host_id(), Some("es.example"));
    assert_eq!(service.recommend(), Some("https://r.example"));
    assert_eq!(server.requests(), 1, "a 404 is not retried");

    let err = client
        .call(&LINKWAN, &GetThing::new("t"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.message(), err.request_id()),
        (Some("InvalidParam"), Some("bad zone"), Some("R-LOW"))
    );
    let err = client
        .call(&LINKWAN, &GetThing::new("t"))
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("R-LOWEST"));
    assert!(err.service_error().unwrap().is_permission_denied());
    assert_eq!(server.requests(), 3, "client errors are not retried");
    // Each was signed correctly: the answers came after the server's check.
    assert!(server.seen().iter().all(|s| s.verified));
}

#[tokio::test]
async fn retry_after_sets_the_wait_of_a_throttling_retry() {
    let server = server().await;
    server.push_faults([Fault::Answer(
        Answer::json(
            400,
            r#"{"code":"Throttling.User","message":"slow down","requestId":"R-T"}"#,
        )
        .with_header("x-acs-retry-after", "300"),
    )]);
    let policy = fast_retries(3).with_backoff(Duration::from_millis(1), Duration::from_secs(2));
    let client = builder(&server).retry(policy).build().unwrap();
    let started = Instant::now();
    client.call(&LINKWAN, &GetThing::new("t")).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "the retry came after {:?}",
        started.elapsed()
    );
    assert_eq!(server.requests(), 2);
    assert_nonces_unique(&server);

    // A wait beyond the backoff cap ends the call at once, with the throttling error.
    let server = self::server().await;
    server.always(Fault::Answer(
        Answer::json(400, r#"{"code":"Throttling.Api","message":"later"}"#)
            .with_header("x-acs-retry-after", "60000"),
    ));
    let client = builder(&server).build().unwrap();
    let err = client
        .call(&LINKWAN, &GetThing::new("t"))
        .await
        .unwrap_err();
    let service = err.service_error().unwrap();
    assert!(service.is_throttling() && service.is_retryable());
    assert_eq!(service.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(server.requests(), 1);

    // A wait within the cap but beyond the call's remaining time also ends it at once, with the
    // server's answer rather than a timeout.
    let server = self::server().await;
    server.always(Fault::Answer(
        Answer::json(503, r#"{"Code":"ServiceUnavailable","Message":"busy"}"#)
            .with_header("x-acs-retry-after", "1500"),
    ));
    let client = builder(&server)
        .retry(fast_retries(3).with_backoff(Duration::from_millis(1), Duration::from_secs(20)))
        .total_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let err = client
        .call(&LINKWAN, &GetThing::new("t"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailable"), "{err}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_missing_path_parameter_fails_before_sending() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    let mut op = GetThing::new("t");
    op.thing_id = None;
    let err = client.call(&LINKWAN, &op).await.unwrap_err();
    let Error::Config(config) = &err else {
        panic!("expected a configuration error, got {err:?}")
    };
    assert_eq!(config.kind(), ConfigErrorKind::InvalidParameter);
    assert!(err.to_string().contains("ThingId"), "{err}");
    // `..` would leave the template's path.
    let err = client
        .call(&LINKWAN, &GetThing::new(".."))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    // An RPC operation cannot carry a JSON body.
    let err = client.call(&LINKWAN, &RpcWithJson).await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(server.requests(), 0);
}

#[tokio::test]
async fn no_content_decodes_as_the_default_output() {
    let server = server().await;
    server.push_faults([Fault::Answer(Answer::json(204, ""))]);
    let client = builder(&server).build().unwrap();
    let out = client
        .call(
            &LINKWAN,
            &DeleteThing {
                thing_id: "t".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(out, Output::default());
    let seen = only_request(&server, SignatureScheme::V3);
    assert_eq!(seen.method, "DELETE");
}

#[tokio::test]
async fn a_success_body_with_its_own_code_is_not_an_error() {
    let server = server().await;
    server.respond(
        "GetThing",
        r#"{"Code":"GREEN","Message":"","RequestId":"R-1","Data":"healthy"}"#,
    );
    let client = builder(&server).build().unwrap();
    let out = client.call(&LINKWAN, &GetThing::new("t")).await.unwrap();
    assert_eq!(out.data, "healthy");
}

#[tokio::test]
async fn signature_mismatches_are_diagnosed_for_both_schemes() {
    for signature in [RoaSignature::V3, RoaSignature::Classic] {
        let server = server().await;
        let client = builder(&server)
            .credentials(Credentials::new(KEY_ID, "not-the-right-secret"))
            .roa_signature(signature)
            .build()
            .unwrap();
        let err = client
            .call(&LINKWAN, &CreateThing(ThingBody::full()))
            .await
            .unwrap_err();
        assert_eq!(
            err.service_error().and_then(|e| e.signature_mismatch()),
            Some(&SignatureMismatch::WrongSecret),
            "{signature:?}: {err}"
        );
        assert!(!err.to_string().contains("not-the-right-secret"));
        assert_eq!(server.requests(), 1, "signature errors are not retried");

        let server = self::server().await;
        server.tamper();
        let client = roa_client(&server, signature);
        let err = client
            .call(&LINKWAN, &GetThing::new(THING_ID))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err.service_error().and_then(|e| e.signature_mismatch()),
                Some(SignatureMismatch::Canonicalization { .. })
            ),
            "{signature:?}: {err}"
        );
    }
}
