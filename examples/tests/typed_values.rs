//! The types a user meets beyond strings and numbers, used as a program would, against the
//! loopback server: two products glob-imported side by side, a JSON-text parameter built with
//! the crate's re-exported `serde_json`, Unix times in the query and in the response, and a
//! nested type reachable from the version module under its prefixed name.

// Both products' version modules in one scope: each brings a `Client` (ambiguous, so unused
// here) and a client named for its product.
use alibabacloud::elasticsearch::latest::*;
use alibabacloud::linkwan::latest::*;

use alibabacloud::serde_json::json;
use alibabacloud::{Timestamp, UnixMillis};
use alibabacloud_test_server::TestServer;

const KEY_ID: &str = "typed-values-key";
const SECRET: &str = "typed-values-secret";

/// A runtime client for `server`, with fixed credentials and nothing read from the machine.
async fn runtime_client(server: &TestServer) -> alibabacloud::Client {
    server.add_key(KEY_ID, SECRET, None);
    alibabacloud::Client::builder()
        .credentials(alibabacloud::runtime::Credentials::new(KEY_ID, SECRET))
        .region("cn-hangzhou")
        .endpoint(server.endpoint())
        .environment(alibabacloud::runtime::Environment::new())
        .build()
        .expect("a client for the loopback server")
}

#[tokio::test(flavor = "multi_thread")]
async fn json_parameters_and_times_travel_in_their_documented_forms() {
    let server = TestServer::start().await;
    server.respond(
        "ListInstance",
        r#"{"RequestId": "r-1", "Headers": {"X-Total-Count": 0}, "Result": []}"#,
    );
    server.respond(
        "ListSearchLog",
        r#"{"RequestId": "r-2", "Result": [{"content": "slow query", "timestamp": 1583827200123}]}"#,
    );
    let inner = runtime_client(&server).await;
    let es = ElasticsearchClient::new(inner.clone());
    // The other product's client, in the same scope by its own name.
    let _linkwan = LinkwanClient::new(inner);

    let tags = json!([{"tagKey": "env", "tagValue": "prod"}]);
    es.list_instance(ListInstance::new().tags(tags))
        .await
        .expect("ListInstance answers");

    let since: Timestamp<UnixMillis> = Timestamp::from_unix_millis(1_583_827_200_000);
    let logs = es
        .list_search_log(
            ListSearchLog::new("es-cn-1", "level:error", "INSTANCELOG")
                .begin_time(since)
                .end_time(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_583_830_800)),
        )
        .await
        .expect("ListSearchLog answers");
    let entry = &logs.result[0];
    assert_eq!(entry.content.as_deref(), Some("slow query"));
    let at = entry.timestamp.expect("the entry's time decodes");
    assert_eq!(at.unix_millis(), 1_583_827_200_123);
    assert_eq!(at.to_string(), "2020-03-10T08:00:00.123Z");

    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen.iter().all(|request| request.verified), "{seen:?}");
    let query = |at: usize, name: &str| {
        seen[at]
            .query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    // One parameter holding the compact JSON text.
    assert_eq!(
        query(0, "tags").as_deref(),
        Some(r#"[{"tagKey":"env","tagValue":"prod"}]"#)
    );
    // Milliseconds since the epoch, from a `Timestamp` and from a `SystemTime`.
    assert_eq!(query(1, "beginTime").as_deref(), Some("1583827200000"));
    assert_eq!(query(1, "endTime").as_deref(), Some("1583830800000"));
}

#[test]
fn nested_types_that_share_a_name_are_reachable_under_prefixed_names() {
    // `ListTagResources` lists `TagResources`, which is also the request of `TagResources`.
    let listed = ListTagResourcesTagResources::default();
    let request = TagResources::new(
        ["es-cn-1"],
        [TagResourcesTag::new().key("env").value("prod")],
        "INSTANCE",
    );
    assert_ne!(format!("{listed:?}"), format!("{request:?}"));
}
