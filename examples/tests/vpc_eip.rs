//! Runs the `vpc_eip` example program against the loopback server, which checks every signature
//! and records each request: `AllocateEipAddress`, then `AssociateEipAddress` with the
//! allocation id the first answer carried, each with its own idempotency token; a failed
//! allocation binds nothing, and a failed binding names the EIP left allocated.

use std::process::Output;

mod support;

use alibabacloud_test_server::{Answer, Fault, Seen, TestServer};
use support::{assert_exit, param, server, text, KEY_ID};

const INSTANCE_ID: &str = "i-bp67acfmxazb4p****";
const ALLOCATION_ID: &str = "eip-bp1v7h7s9n2p3tq5d****";

/// `AllocateEipAddress`'s answer, shaped like the page's example (no `OrderId`: pay-as-you-go).
const ALLOCATE_BODY: &str = r#"{
  "ResourceGroupId": "rg-acfmxazfdgdg****",
  "RequestId": "4EC47282-1B74-4534-BD0E-403F3EE64CAF",
  "AllocationId": "eip-bp1v7h7s9n2p3tq5d****",
  "EipAddress": "47.96.XX.78"
}"#;

/// `AssociateEipAddress`'s answer, as on its page.
const ASSOCIATE_BODY: &str = r#"{"RequestId": "0ED8D006-F706-4D23-88ED-E11ED28DCAC0"}"#;

/// Runs the program against `server` with `args`.
async fn run_example(server: &TestServer, args: &[&str]) -> Output {
    support::run_example(env!("CARGO_BIN_EXE_vpc_eip"), server, args).await
}

/// Asserts the request is a verified VPC call of `action` with these parameters, and returns
/// its idempotency token, checked to read as a UUID (the program sets none).
fn assert_vpc_call<'a>(seen: &'a Seen, action: &str, params: &[(&str, &str)]) -> &'a str {
    assert!(seen.verified, "the server did not verify {seen:?}");
    assert_eq!(param(seen, "Action"), Some(action));
    assert_eq!(param(seen, "Version"), Some("2016-04-28"));
    assert_eq!(param(seen, "AccessKeyId"), Some(KEY_ID));
    for (name, value) in params {
        assert_eq!(param(seen, name), Some(*value), "{action}: {name}");
    }
    let token = param(seen, "ClientToken").expect("a ClientToken");
    let lengths: Vec<usize> = token.split('-').map(str::len).collect();
    assert_eq!(lengths, [8, 4, 4, 4, 12], "{token}");
    token
}

#[tokio::test(flavor = "multi_thread")]
async fn allocates_an_eip_then_binds_it_to_the_instance() {
    let server = server().await;
    server.respond("AllocateEipAddress", ALLOCATE_BODY);
    server.respond("AssociateEipAddress", ASSOCIATE_BODY);

    let output = run_example(&server, &[INSTANCE_ID, "--bandwidth", "10"]).await;
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "allocated 47.96.XX.78 as eip-bp1v7h7s9n2p3tq5d**** (request 4EC47282-1B74-4534-BD0E-403F3EE64CAF)",
            "bound eip-bp1v7h7s9n2p3tq5d**** to i-bp67acfmxazb4p**** (request 0ED8D006-F706-4D23-88ED-E11ED28DCAC0)",
        ]
    );

    // In order: the allocation, then the binding of the id it returned.
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let allocate_token = assert_vpc_call(
        &seen[0],
        "AllocateEipAddress",
        &[
            ("RegionId", "cn-hangzhou"),
            ("Bandwidth", "10"),
            ("InternetChargeType", "PayByTraffic"),
        ],
    );
    assert_eq!(param(&seen[0], "InstanceId"), None);
    let associate_token = assert_vpc_call(
        &seen[1],
        "AssociateEipAddress",
        &[
            ("RegionId", "cn-hangzhou"),
            ("AllocationId", ALLOCATION_ID),
            ("InstanceId", INSTANCE_ID),
            ("InstanceType", "EcsInstance"),
        ],
    );
    assert_ne!(allocate_token, associate_token, "a token per call");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_region_flag_and_default_bandwidth_are_sent() {
    let server = server().await;
    server.respond("AllocateEipAddress", ALLOCATE_BODY);
    server.respond("AssociateEipAddress", ASSOCIATE_BODY);

    let output = run_example(&server, &["--region", "cn-shanghai", INSTANCE_ID]).await;
    assert_exit(&output, 0);

    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_vpc_call(
        &seen[0],
        "AllocateEipAddress",
        &[("RegionId", "cn-shanghai"), ("Bandwidth", "5")],
    );
    assert_vpc_call(
        &seen[1],
        "AssociateEipAddress",
        &[("RegionId", "cn-shanghai"), ("AllocationId", ALLOCATION_ID)],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_allocation_binds_nothing() {
    let server = server().await;
    server.push_faults([Fault::Service {
        status: 400,
        code: "QuotaExceeded.Eip".into(),
        message: "Elastic IP address quota exceeded".into(),
    }]);

    let output = run_example(&server, &[INSTANCE_ID]).await;
    assert_exit(&output, 1);
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: QuotaExceeded.Eip (HTTP 400): Elastic IP address quota exceeded (request "
        ),
        "{stderr}"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(param(&seen[0], "Action"), Some("AllocateEipAddress"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_binding_names_the_eip_left_allocated() {
    let server = server().await;
    server.push_faults([
        Fault::Answer(Answer::json(200, ALLOCATE_BODY)),
        Fault::Service {
            status: 400,
            code: "IncorrectInstanceStatus".into(),
            message: "The current status of the resource does not support this operation.".into(),
        },
    ]);

    let output = run_example(&server, &[INSTANCE_ID]).await;
    assert_exit(&output, 1);
    assert_eq!(
        text(&output.stdout).trim(),
        "allocated 47.96.XX.78 as eip-bp1v7h7s9n2p3tq5d**** (request 4EC47282-1B74-4534-BD0E-403F3EE64CAF)"
    );
    let stderr = text(&output.stderr);
    let stderr: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        stderr[0],
        "eip-bp1v7h7s9n2p3tq5d**** is allocated but not bound"
    );
    assert!(
        stderr[1].starts_with("error: IncorrectInstanceStatus (HTTP 400): "),
        "{stderr:?}"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "not retried: {seen:?}");
    assert_vpc_call(
        &seen[1],
        "AssociateEipAddress",
        &[("AllocationId", ALLOCATION_ID)],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_usage_sends_nothing() {
    let server = server().await;
    for args in [
        &[][..],
        &[INSTANCE_ID, "i-other"],
        &[INSTANCE_ID, "--bandwidth", "fast"],
        &[INSTANCE_ID, "--isp", "BGP"],
    ] {
        let output = run_example(&server, args).await;
        assert_exit(&output, 2);
        assert!(text(&output.stderr).starts_with("usage: "), "{args:?}");
    }
    assert_eq!(server.requests(), 0);
}
