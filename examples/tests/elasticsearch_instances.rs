//! Runs the `elasticsearch_instances` example program against the loopback server, which checks
//! every signature with its own code and records each request: the ROA method, escaped path,
//! query and JSON body the program sent, the documented responses it decoded and printed, an ROA
//! error body with lower-case keys, and the classic ROA signature.

use std::process::{Command, Output};

use alibabacloud_test_server::{Answer, Fault, Seen, SignatureScheme, TestServer};
use serde_json::json;

const KEY_ID: &str = "example-key-id";
const SECRET: &str = "example-secret-value";

/// An instance id with a character that must be percent-encoded in a path segment.
const INSTANCE_ID: &str = "es-cn-abc*1";
const INSTANCE_PATH: &str = "/openapi/instances/es-cn-abc%2A1";

/// A server that accepts the example's access key.
async fn server() -> TestServer {
    let server = TestServer::start().await;
    server.add_key(KEY_ID, SECRET, None);
    server
}

/// Runs the example with credentials in the environment and `--endpoint` pointing at `server`,
/// as a user would point it at a private endpoint.
async fn run_example(server: &TestServer, args: &[&str]) -> Output {
    let mut command_line = vec!["--endpoint".to_owned(), server.endpoint()];
    command_line.extend(args.iter().map(|arg| arg.to_string()));
    tokio::task::spawn_blocking(move || {
        let home = std::env::temp_dir().join("alibabacloud-example-home-without-profiles");
        Command::new(env!("CARGO_BIN_EXE_elasticsearch_instances"))
            .args(&command_line)
            .env_clear()
            .env("HOME", home)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
            .output()
            .expect("the example program runs")
    })
    .await
    .expect("the example program finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the program exited with `code`, showing its output otherwise.
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// The only request the server received, checked to be a verified ROA call of `action` signed
/// with `scheme`.
fn only_request(server: &TestServer, action: &str, scheme: SignatureScheme) -> Seen {
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let request = seen.into_iter().next().unwrap();
    assert_eq!(request.scheme, scheme, "{request:?}");
    assert!(request.verified, "the server did not verify {request:?}");
    assert_eq!(request.header("x-acs-action"), Some(action));
    assert_eq!(request.header("x-acs-version"), Some("2017-06-13"));
    // An ROA request: nothing of RPC's query parameters.
    assert!(!request.raw_query.contains("Action=") && !request.raw_query.contains("Signature"));
    request
}

/// `ListInstance`'s answer, shaped like the page's example with the headers block.
const LIST_BODY: &str = r#"{
  "RequestId": "5FFD9ED4-C2EC-4E89-B22B-1ACB6FE1A001",
  "Headers": {"X-Total-Count": 1},
  "Result": [
    {
      "instanceId": "es-cn-abc*1",
      "description": "logs prod",
      "nodeAmount": 3,
      "paymentType": "postpaid",
      "status": "active",
      "esVersion": "6.7.0_with_X-Pack",
      "nodeSpec": {"spec": "elasticsearch.sn1ne.large", "disk": 20, "diskType": "cloud_ssd"},
      "createdAt": "2019-08-26T08:18:06.652Z",
      "tags": [{"tagKey": "env", "tagValue": "prod"}]
    }
  ]
}"#;

/// `DescribeInstance`'s answer, shaped like the page's example.
const DESCRIBE_BODY: &str = r#"{
  "RequestId": "5FFD9ED4-C2EC-4E89-B22B-1ACB6FE1A002",
  "Result": {
    "instanceId": "es-cn-abc*1",
    "domain": "es-cn-abc-1.elasticsearch.aliyuncs.com",
    "description": "logs prod",
    "nodeAmount": 2,
    "paymentType": "postpaid",
    "status": "active",
    "port": 9200,
    "protocol": "HTTP",
    "esVersion": "6.3.2_with_X-Pack",
    "esConfig": {"action.auto_create_index": "+.*,-*"},
    "esIPWhitelist": ["0.0.0.0/0"],
    "nodeSpec": {"spec": "elasticsearch.sn1ne.large", "disk": 21, "diskType": "cloud_ssd"},
    "networkConfig": {"vpcId": "vpc-bp13n1j3fcv1cqfkg0001", "vsArea": "cn-hangzhou-h", "type": "vpc"},
    "createdAt": "2019-08-28T07:48:59.736Z",
    "zoneCount": 1
  }
}"#;

#[tokio::test(flavor = "multi_thread")]
async fn lists_instances_with_paging_and_a_name_filter_in_the_query() {
    let server = server().await;
    server.respond("ListInstance", LIST_BODY);

    let output = run_example(
        &server,
        &["list", "--page", "2", "--size", "5", "--name", "logs prod"],
    )
    .await;
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "1 of 1 instances (request 5FFD9ED4-C2EC-4E89-B22B-1ACB6FE1A001)",
            "es-cn-abc*1                  active     6.7.0_with_X-Pack    logs prod",
        ]
    );

    let seen = only_request(&server, "ListInstance", SignatureScheme::V3);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/openapi/instances");
    // Sorted, with the space percent-encoded; nothing unset is sent.
    assert_eq!(seen.raw_query, "description=logs%20prod&page=2&size=5");
    assert_eq!(
        seen.query,
        [("description", "logs prod"), ("page", "2"), ("size", "5")]
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
    );
    assert!(seen.raw_body.is_empty());
    assert!(seen
        .header("authorization")
        .unwrap()
        .starts_with(&format!("ACS3-HMAC-SHA256 Credential={KEY_ID},")));
}

#[tokio::test(flavor = "multi_thread")]
async fn shows_an_instance_whose_id_is_escaped_in_the_path() {
    let server = server().await;
    server.respond("DescribeInstance", DESCRIBE_BODY);

    let output = run_example(&server, &["show", INSTANCE_ID]).await;
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "es-cn-abc*1 (logs prod)",
            "  status:   active",
            "  version:  6.3.2_with_X-Pack",
            "  nodes:    2 x elasticsearch.sn1ne.large, 21 GB cloud_ssd",
            "  endpoint: es-cn-abc-1.elasticsearch.aliyuncs.com:9200 (HTTP)",
            "  created:  2019-08-28T07:48:59.736Z",
            "request 5FFD9ED4-C2EC-4E89-B22B-1ACB6FE1A002",
        ]
    );

    let seen = only_request(&server, "DescribeInstance", SignatureScheme::V3);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, INSTANCE_PATH);
    assert_eq!(seen.raw_query, "");
    assert!(seen.raw_body.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn renames_an_instance_with_a_json_body() {
    let server = server().await;
    server.respond(
        "UpdateDescription",
        r#"{"RequestId":"FDF34727-1664-44C1-A8DA-3EB72D60A003","Result":{"description":"日志 \"prod\""}}"#,
    );

    let output = run_example(&server, &["rename", INSTANCE_ID, "日志 \"prod\""]).await;
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).trim(),
        r#"renamed es-cn-abc*1 to "日志 \"prod\"" (request FDF34727-1664-44C1-A8DA-3EB72D60A003)"#
    );

    let seen = only_request(&server, "UpdateDescription", SignatureScheme::V3);
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, format!("{INSTANCE_PATH}/description"));
    // The program sets no clientToken, so the client sends a fresh one (a UUID) for this call.
    let token = seen
        .raw_query
        .strip_prefix("clientToken=")
        .expect("a fresh clientToken is the only query parameter");
    assert_eq!(token.len(), 36, "{token}");
    assert_eq!(token.matches('-').count(), 4, "{token}");
    assert_eq!(
        seen.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(
        seen.json_body(),
        Some(json!({"description": "日志 \"prod\""}))
    );
    // A JSON body, not form fields.
    assert!(seen.body.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_instance_reports_the_code_and_request_id_of_a_lower_case_error_body() {
    // `show` matches the code of DescribeInstance's `Other` variant; `rename` matches
    // UpdateDescription's documented `InstanceNotFound` variant. Both end with exit status 3.
    for (args, action) in [
        (["show", INSTANCE_ID].as_slice(), "DescribeInstance"),
        (
            ["rename", INSTANCE_ID, "new"].as_slice(),
            "UpdateDescription",
        ),
    ] {
        let server = server().await;
        server.push_faults([Fault::Answer(Answer::json(
            404,
            r#"{"requestId":"E7A1B2C3-0000-4000-8000-00000000DEAD","code":"InstanceNotFound","message":"The instanceId provided does not exist."}"#,
        ))]);

        let output = run_example(&server, args).await;
        assert_exit(&output, 3);
        assert_eq!(
            text(&output.stderr).trim(),
            "no instance es-cn-abc*1 (InstanceNotFound, request E7A1B2C3-0000-4000-8000-00000000DEAD)",
            "{action}"
        );
        assert!(output.stdout.is_empty());
        // Answered after the signature check, and not retried.
        only_request(&server, action, SignatureScheme::V3);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn other_service_errors_print_code_message_and_request_id() {
    let server = server().await;
    server.push_faults([Fault::Answer(Answer::json(
        403,
        r#"{"requestId":"R-403","code":"Forbidden.RAM","message":"not allowed"}"#,
    ))]);

    let output = run_example(&server, &["list"]).await;
    assert_exit(&output, 1);
    assert_eq!(
        text(&output.stderr).trim(),
        "error: Forbidden.RAM (HTTP 403): not allowed (request R-403)"
    );
    only_request(&server, "ListInstance", SignatureScheme::V3);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_classic_roa_signature_is_used_when_asked_for() {
    let server = server().await;
    server.respond("DescribeInstance", DESCRIBE_BODY);

    let output = run_example(&server, &["--classic-signature", "show", INSTANCE_ID]).await;
    assert_exit(&output, 0);
    assert!(text(&output.stdout).starts_with("es-cn-abc*1 (logs prod)\n"));

    let seen = only_request(&server, "DescribeInstance", SignatureScheme::RoaClassic);
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, INSTANCE_PATH);
    assert!(seen
        .header("authorization")
        .unwrap()
        .starts_with(&format!("acs {KEY_ID}:")));
    assert_eq!(seen.header("x-acs-signature-method"), Some("HMAC-SHA1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_usage_sends_nothing() {
    let server = server().await;
    for args in [
        &[][..],
        &["show"],
        &["list", "--page", "two"],
        &["show", INSTANCE_ID, "--size", "5"],
        &["delete", INSTANCE_ID],
    ] {
        let output = run_example(&server, args).await;
        assert_exit(&output, 2);
        assert!(text(&output.stderr).starts_with("usage: "), "{args:?}");
    }
    assert_eq!(server.requests(), 0);
}

/// One page of `ListInstance` with these instance ids and statuses, out of `total`.
fn list_page(total: i64, instances: &[(&str, &str)]) -> Fault {
    let result: Vec<serde_json::Value> = instances
        .iter()
        .map(|(id, status)| json!({"instanceId": id, "status": status, "esVersion": "7.10", "description": "d"}))
        .collect();
    let body = json!({
        "RequestId": "R-page",
        "Headers": {"X-Total-Count": total},
        "Result": result,
    });
    Fault::Answer(Answer::json(200, body.to_string()))
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_every_instance_page_after_page_until_the_total() {
    let server = server().await;
    server.push_faults([
        list_page(5, &[("es-1", "active"), ("es-2", "activating")]),
        list_page(5, &[("es-3", "inactive"), ("es-4", "active")]),
        // A status no page documents is printed as sent.
        list_page(5, &[("es-5", "upgrading")]),
    ]);

    let output = run_example(&server, &["list", "--all", "--size", "2"]).await;
    assert_exit(&output, 0);
    let lines: Vec<String> = text(&output.stdout)
        .lines()
        .map(|line| {
            line.split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(
        lines,
        [
            "es-1 active",
            "es-2 activating",
            "es-3 inactive",
            "es-4 active",
            "es-5 upgrading",
            "5 instances"
        ]
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 3, "the total is reached on the third page");
    let pages: Vec<&str> = seen.iter().map(|s| s.raw_query.as_str()).collect();
    assert_eq!(pages, ["size=2", "page=2&size=2", "page=3&size=2"]);
    assert!(seen.iter().all(|s| s.verified));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_while_paging_ends_the_listing_with_that_error() {
    let server = server().await;
    server.push_faults([
        list_page(9, &[("es-1", "active")]),
        Fault::Answer(Answer::json(
            403,
            r#"{"requestId":"R-403","code":"Forbidden.RAM","message":"not allowed"}"#,
        )),
    ]);
    let output = run_example(&server, &["list", "--all", "--payment", "prepaid"]).await;
    assert_exit(&output, 1);
    assert_eq!(
        text(&output.stdout).trim(),
        "es-1                         active     7.10                 d"
    );
    assert_eq!(
        text(&output.stderr).trim(),
        "error: Forbidden.RAM (HTTP 403): not allowed (request R-403)"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    // The documented value, as the enum sends it, on every page.
    assert!(seen.iter().all(|s| s
        .query
        .contains(&("paymentType".to_owned(), "prepaid".to_owned()))));
}
