//! Runs the programs of this crate against the loopback server, which checks every signature and
//! records each request: what they sent, what they read back, and how their errors combine.

use std::time::Duration;

use alibabacloud::cms::latest as cms;
use alibabacloud::dns::latest as dns;
use alibabacloud::kms::latest as kms;
use alibabacloud::runtime::ClientBuilder;
use alibabacloud::slb::latest as slb;
use alibabacloud::vpc::latest as vpc;
use alibabacloud::Base64;
use alibabacloud_test_server::{Fault, Seen, TestServer};
use alibabacloud_user_programs::{
    alarm_rules, enabled_keys, kms_round_trip, tag_gateways, tagged_load_balancer, upsert_a_record,
};

const KEY_ID: &str = "user-programs-key";
const SECRET: &str = "user-programs-secret";

/// A client of type `C` from `builder`, for the loopback server, the region given once.
fn client_for<C>(server: &TestServer, builder: ClientBuilder<C>) -> C
where
    C: From<alibabacloud::Client>,
{
    server.add_key(KEY_ID, SECRET, None);
    builder
        .credentials(alibabacloud::runtime::Credentials::new(KEY_ID, SECRET))
        .region("cn-hangzhou")
        .endpoint(server.endpoint())
        .environment(alibabacloud::runtime::Environment::new())
        .build()
        .expect("a client for the loopback server")
}

async fn runtime_client(server: &TestServer) -> alibabacloud::Client {
    client_for(server, alibabacloud::Client::builder())
}

/// The parameters of a request, query and form together.
fn param<'a>(seen: &'a Seen, name: &str) -> Option<&'a str> {
    seen.query
        .iter()
        .chain(&seen.body)
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn action(seen: &Seen) -> &str {
    param(seen, "Action")
        .or_else(|| seen.header("x-acs-action"))
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn kms_envelope_sends_bytes_as_base64_and_passes_the_blob_on_untouched() {
    let server = TestServer::start().await;
    let blob = "BQKP+1zK6+ZEMxTP5qaVzcsgXtWplYBKm0NXdSnB5Fzl==";
    server.respond(
        "Encrypt",
        &format!(r#"{{"RequestId": "r-1", "KeyId": "k-1", "CiphertextBlob": "{blob}"}}"#),
    );
    // "secret data" in Base64.
    server.respond(
        "Decrypt",
        r#"{"RequestId": "r-2", "KeyId": "k-1", "Plaintext": "c2VjcmV0IGRhdGE="}"#,
    );
    let client = kms::KmsClient::new(runtime_client(&server).await);

    let opened = kms_round_trip(&client, "k-1", b"secret data")
        .await
        .expect("both calls answer");
    assert_eq!(opened.decode().expect("Base64"), b"secret data");

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|s| s.verified), "{seen:?}");
    assert_eq!(param(&seen[0], "Plaintext"), Some("c2VjcmV0IGRhdGE="));
    assert_eq!(
        param(&seen[0], "EncryptionContext"),
        Some(r#"{"purpose":"backup"}"#)
    );
    assert_eq!(param(&seen[1], "CiphertextBlob"), Some(blob));
    assert_eq!(
        param(&seen[1], "EncryptionContext"),
        Some(r#"{"purpose":"backup"}"#)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn kms_errors_of_any_operation_match_the_versions_codes() {
    let server = TestServer::start().await;
    server.push_faults([Fault::Service {
        status: 404,
        code: "Forbidden.KeyNotFound".into(),
        message: "The specified Key is not found.".into(),
    }]);
    let client = kms::KmsClient::new(runtime_client(&server).await);

    // Decrypt's page lists no error codes; the version knows this one from other pages.
    let error: kms::Error = client
        .decrypt(kms::Decrypt::new(Base64::from_encoded("AAAA")))
        .await
        .expect_err("the key is gone")
        .into();
    assert_eq!(error.code(), Some(kms::ErrorCode::ForbiddenKeyNotFound));
    assert!(error.is(kms::ErrorCode::ForbiddenKeyNotFound));
}

#[tokio::test(flavor = "multi_thread")]
async fn kms_lists_enabled_keys_over_pages_with_a_json_filter() {
    let server = TestServer::start().await;
    server.respond(
        "ListKeys",
        r#"{"RequestId": "r", "PageNumber": 1, "PageSize": 2, "TotalCount": 2,
            "Keys": {"Key": [{"KeyId": "k-1"}, {"KeyId": "k-2"}]}}"#,
    );
    let client = kms::KmsClient::new(runtime_client(&server).await);

    let ids = enabled_keys(&client).await.expect("ListKeys answers");
    assert_eq!(ids, ["k-1", "k-2"]);
    let seen = server.seen();
    // The total is reached on the first page: one call.
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        param(&seen[0], "Filters"),
        Some(r#"[{"Key":"KeyState","Values":["Enabled"]}]"#)
    );
    assert_eq!(param(&seen[0], "PageSize"), Some("2"));
}

#[tokio::test(flavor = "multi_thread")]
async fn dns_upsert_updates_a_found_record_and_adds_a_missing_one() {
    let server = TestServer::start().await;
    server.respond(
        "DescribeDomainRecords",
        r#"{"RequestId": "r", "TotalCount": 1, "PageNumber": 1, "PageSize": 20,
            "DomainRecords": {"Record": [{"RR": "www", "RecordId": "9999985", "Type": "A",
            "Value": "192.0.2.1", "Status": "ENABLE"}]}}"#,
    );
    server.respond(
        "UpdateDomainRecord",
        r#"{"RequestId": "r", "RecordId": "9999985"}"#,
    );
    server.respond(
        "AddDomainRecord",
        r#"{"RequestId": "r", "RecordId": "9999986"}"#,
    );
    let client = dns::DnsClient::new(runtime_client(&server).await);

    let id = upsert_a_record(&client, "example.com", "www", "192.0.2.7")
        .await
        .expect("found and updated");
    assert_eq!(id, "9999985");
    let id = upsert_a_record(&client, "example.com", "api", "192.0.2.8")
        .await
        .expect("not found, so added");
    assert_eq!(id, "9999986");

    let seen = server.seen();
    let actions: Vec<&str> = seen.iter().map(action).collect();
    assert_eq!(
        actions,
        [
            "DescribeDomainRecords",
            "UpdateDomainRecord",
            "DescribeDomainRecords",
            "AddDomainRecord"
        ]
    );
    assert_eq!(param(&seen[0], "Status"), Some("Enable"));
    let update = &seen[1];
    assert_eq!(param(update, "RecordId"), Some("9999985"));
    assert_eq!(param(update, "RR"), Some("www"));
    assert_eq!(param(update, "Type"), Some("A"));
    assert_eq!(param(update, "Value"), Some("192.0.2.7"));
    let add = &seen[3];
    assert_eq!(param(add, "DomainName"), Some("example.com"));
    assert_eq!(param(add, "RR"), Some("api"));
    assert_eq!(param(add, "Value"), Some("192.0.2.8"));
}

#[tokio::test(flavor = "multi_thread")]
async fn vpn_gateways_are_tagged_and_listed_by_tag() {
    let server = TestServer::start().await;
    server.respond(
        "DescribeVpnGateways",
        r#"{"RequestId": "r", "TotalCount": 2, "PageNumber": 1, "PageSize": 10,
            "VpnGateways": {"VpnGateway": [{"VpnGatewayId": "vpn-1"}, {"VpnGatewayId": "vpn-2"}]}}"#,
    );
    server.respond("TagResources", r#"{"RequestId": "r"}"#);
    server.respond(
        "ListTagResources",
        r#"{"RequestId": "r", "TagResources": {"TagResource": [
            {"ResourceId": "vpn-1", "TagKey": "env", "TagValue": "prod", "ResourceType": "VpnGateWay"},
            {"ResourceId": "vpn-2", "TagKey": "env", "TagValue": "prod", "ResourceType": "VpnGateWay"}]}}"#,
    );
    let client = vpc::VpcClient::new(runtime_client(&server).await);

    let tagged = tag_gateways(&client, "env", "prod")
        .await
        .expect("every call answers");
    assert_eq!(tagged, ["vpn-1", "vpn-2"]);

    let seen = server.seen();
    let tag = seen
        .iter()
        .find(|s| action(s) == "TagResources")
        .expect("TagResources was called");
    assert_eq!(param(tag, "ResourceId.1"), Some("vpn-1"));
    assert_eq!(param(tag, "ResourceId.2"), Some("vpn-2"));
    assert_eq!(param(tag, "ResourceType"), Some("VpnGateWay"));
    assert_eq!(param(tag, "Tag.1.Key"), Some("env"));
    assert_eq!(param(tag, "Tag.1.Value"), Some("prod"));
    // The region was given once, to the client; every call sends it.
    for s in &seen {
        assert_eq!(param(s, "RegionId"), Some("cn-hangzhou"), "{}", action(s));
    }
}

#[tokio::test]
async fn alarm_rules_page_through_alarms_each_call_within_its_timeout() {
    let server = TestServer::start().await;
    server.respond(
        "DescribeMetricRuleList",
        r#"{"RequestId": "r", "Total": "2", "Alarms": {"Alarm": [
            {"RuleName": "cpu-high", "AlertState": "OK"}, {"RuleName": "disk-full"}]}}"#,
    );
    // A product client from its own builder.
    let client = client_for(&server, cms::CmsClient::builder());
    let names = alarm_rules(&client, "acs_ecs_dashboard", Duration::from_secs(5))
        .await
        .expect("the page answers");
    assert_eq!(names, ["cpu-high", "disk-full"]);
    let seen = server.seen();
    assert_eq!(param(&seen[0], "Namespace"), Some("acs_ecs_dashboard"));

    // A slower answer than the call's own timeout fails that call, and only through the
    // handle that has it.
    server.push_faults([Fault::Slow(Duration::from_secs(3))]);
    let err = alarm_rules(&client, "acs_ecs_dashboard", Duration::from_millis(300))
        .await
        .expect_err("the answer comes after the timeout");
    assert!(
        matches!(err.error(), alibabacloud::Error::Timeout(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_load_balancer_carries_a_tag_its_page_does_not_list() {
    let server = TestServer::start().await;
    server.respond(
        "CreateLoadBalancer",
        r#"{"RequestId": "r", "LoadBalancerId": "lb-1", "LoadBalancerName": "web"}"#,
    );
    let client = slb::SlbClient::new(runtime_client(&server).await);
    let id = tagged_load_balancer(&client, "web", "env", "prod")
        .await
        .expect("the call answers");
    assert_eq!(id.as_deref(), Some("lb-1"));
    let seen = server.seen();
    // Signed like the rest: the server checked the signature before answering.
    assert_eq!(param(&seen[0], "Tag.1.Key"), Some("env"));
    assert_eq!(param(&seen[0], "Tag.1.Value"), Some("prod"));
    assert_eq!(param(&seen[0], "LoadBalancerName"), Some("web"));
    assert_eq!(param(&seen[0], "RegionId"), Some("cn-hangzhou"));
}
