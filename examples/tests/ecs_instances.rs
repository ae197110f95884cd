//! Runs the `ecs_instances` example program against the loopback server, which checks every
//! signature with its own code and records each request: `DescribeInstances` paged by
//! `NextToken` across several pages, and `RunInstances` with the idempotency token the client
//! makes up, kept the same when the call is retried after a failure.

use std::process::Output;

mod support;

use alibabacloud_test_server::{Answer, Fault, Seen, TestServer};
use serde_json::json;
use support::{assert_exit, lines, param, server, text, KEY_ID};

/// The token page 1 returns for page 2.
const NEXT_TOKEN: &str = "caeba0bbb2be03f84eb48b699f0a4883";

/// Runs the program against `server` with `args`.
async fn run_example(server: &TestServer, args: &[&str]) -> Output {
    support::run_example(env!("CARGO_BIN_EXE_ecs_instances"), server, args).await
}

/// Asserts the request is a call of the ECS action `action`, signed as the server verified.
fn assert_ecs_call(seen: &Seen, action: &str) {
    assert!(seen.verified, "the server did not verify {seen:?}");
    assert_eq!(param(seen, "Action"), Some(action));
    assert_eq!(param(seen, "Version"), Some("2014-05-26"));
    assert_eq!(param(seen, "AccessKeyId"), Some(KEY_ID));
}

/// Asserts `token` reads as a random UUID: 8-4-4-4-12 hex digits.
fn assert_uuid(token: &str) {
    let groups: Vec<&str> = token.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    assert_eq!(lengths, [8, 4, 4, 4, 12], "{token}");
    assert!(
        groups
            .iter()
            .all(|group| group.chars().all(|c| c.is_ascii_hexdigit())),
        "{token}"
    );
}

/// One instance of a `DescribeInstances` page, shaped like the page's example.
fn instance(
    id: &str,
    status: &str,
    private_ip: &str,
    public_ip: Option<&str>,
) -> serde_json::Value {
    json!({
        "InstanceId": id,
        "InstanceName": format!("web-{}", &id[id.len() - 1..]),
        "Status": status,
        "InstanceType": "ecs.g7.large",
        "InstanceTypeFamily": "ecs.g7",
        "RegionId": "cn-hangzhou",
        "ZoneId": "cn-hangzhou-i",
        "Cpu": 2,
        "Memory": 8192,
        "OSType": "linux",
        "InstanceNetworkType": "vpc",
        "InstanceChargeType": "PostPaid",
        "InternetChargeType": "PayByTraffic",
        "CreationTime": "2024-05-28T08:12Z",
        "InnerIpAddress": {"IpAddress": []},
        "PublicIpAddress": {"IpAddress": public_ip.into_iter().collect::<Vec<_>>()},
        "EipAddress": {"AllocationId": "", "IpAddress": "", "InternetChargeType": ""},
        "VpcAttributes": {
            "VpcId": "vpc-bp1opxu1zkhn00gzv****",
            "VSwitchId": "vsw-bp1s5fnvk4gn2tws0****",
            "PrivateIpAddress": {"IpAddress": [private_ip]},
            "NatIpAddress": ""
        },
        "SecurityGroupIds": {"SecurityGroupId": ["sg-bp67acfmxazb4p****"]},
        "OperationLocks": {"LockReason": []},
        "Tags": {"Tag": [{"TagKey": "env", "TagValue": "prod"}]}
    })
}

/// A `DescribeInstances` page with these instances, out of 3, and the token of the next page
/// (the service sends an empty one on the last page).
fn describe_page(instances: Vec<serde_json::Value>, next_token: &str) -> Fault {
    let body = json!({
        "RequestId": "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
        "TotalCount": 3,
        "PageSize": 2,
        "PageNumber": 1,
        "NextToken": next_token,
        "Instances": {"Instance": instances},
    });
    Fault::Answer(Answer::json(200, body.to_string()))
}

/// `RunInstances`'s answer, shaped like the page's example.
const RUN_BODY: &str = r#"{
  "RequestId": "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
  "InstanceIdSets": {
    "InstanceIdSet": ["i-bp67acfmxazb4pd2****", "i-bp1i43l28m7u48p1****"]
  },
  "TradePrice": 0.165
}"#;

/// The `run` arguments of the tests: 2 instances named `web`.
const RUN_ARGS: [&str; 9] = [
    "run",
    "aliyun_3_x64_20G_alibase_20240528.vhd",
    "ecs.g7.large",
    "vsw-bp1s5fnvk4gn2tws0****",
    "sg-bp67acfmxazb4p****",
    "--amount",
    "2",
    "--name",
    "web",
];

#[tokio::test(flavor = "multi_thread")]
async fn lists_every_instance_page_after_page_by_next_token() {
    let server = server().await;
    server.push_faults([
        describe_page(
            vec![
                instance("i-bp1a", "Running", "172.16.0.11", Some("47.98.10.1")),
                instance("i-bp1b", "Stopped", "172.16.0.12", None),
            ],
            NEXT_TOKEN,
        ),
        describe_page(
            vec![instance("i-bp1c", "Starting", "172.16.0.13", None)],
            "",
        ),
    ]);

    let output = run_example(
        &server,
        &["--region", "cn-hangzhou", "list", "--page-size", "2"],
    )
    .await;
    assert_exit(&output, 0);
    assert_eq!(
        lines(&output),
        [
            "i-bp1a Running ecs.g7.large cn-hangzhou-i 172.16.0.11 47.98.10.1 web-a",
            "i-bp1b Stopped ecs.g7.large cn-hangzhou-i 172.16.0.12 - web-b",
            "i-bp1c Starting ecs.g7.large cn-hangzhou-i 172.16.0.13 - web-c",
            "3 instances",
        ]
    );

    // Two pages, each a signed request; the second asks for what the first's token names.
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    for page in &seen {
        assert_ecs_call(page, "DescribeInstances");
        assert_eq!(param(page, "RegionId"), Some("cn-hangzhou"));
        assert_eq!(param(page, "MaxResults"), Some("2"));
        assert_eq!(param(page, "PageNumber"), None);
    }
    assert_eq!(param(&seen[0], "NextToken"), None);
    assert_eq!(param(&seen[1], "NextToken"), Some(NEXT_TOKEN));
    assert_ne!(seen[0].nonce, seen[1].nonce);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_on_a_later_page_ends_the_listing_with_that_error() {
    let server = server().await;
    server.push_faults([
        describe_page(
            vec![instance("i-bp1a", "Running", "172.16.0.11", None)],
            NEXT_TOKEN,
        ),
        Fault::Service {
            status: 403,
            code: "Forbidden.RAM".into(),
            message: "User not authorized to operate on the specified resource.".into(),
        },
    ]);

    let output = run_example(&server, &["list"]).await;
    assert_exit(&output, 1);
    assert_eq!(
        lines(&output),
        ["i-bp1a Running ecs.g7.large cn-hangzhou-i 172.16.0.11 - web-a"]
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: Forbidden.RAM (HTTP 403): User not authorized to operate on the specified resource. (request "
        ),
        "{stderr}"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "a client error is not retried: {seen:?}");
    // The region from the environment; the default page size.
    assert_eq!(param(&seen[1], "RegionId"), Some("cn-hangzhou"));
    assert_eq!(param(&seen[1], "MaxResults"), Some("100"));
    assert_eq!(param(&seen[1], "NextToken"), Some(NEXT_TOKEN));
}

#[tokio::test(flavor = "multi_thread")]
async fn runs_instances_with_a_fresh_client_token_for_each_call() {
    let server = server().await;
    server.respond("RunInstances", RUN_BODY);

    let mut tokens = Vec::new();
    for _ in 0..2 {
        let output = run_example(&server, &RUN_ARGS).await;
        assert_exit(&output, 0);
        assert!(
            lines(&output)[0].ends_with(" (request 473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E)"),
            "{:?}",
            lines(&output)
        );
        let seen = server.seen().pop().expect("a request");
        assert_ecs_call(&seen, "RunInstances");
        for (name, value) in [
            ("RegionId", "cn-hangzhou"),
            ("ImageId", "aliyun_3_x64_20G_alibase_20240528.vhd"),
            ("InstanceType", "ecs.g7.large"),
            ("VSwitchId", "vsw-bp1s5fnvk4gn2tws0****"),
            ("SecurityGroupId", "sg-bp67acfmxazb4p****"),
            ("Amount", "2"),
            ("InstanceName", "web"),
        ] {
            assert_eq!(param(&seen, name), Some(value), "{name}");
        }
        let token = param(&seen, "ClientToken").expect("a ClientToken the program did not set");
        assert_uuid(token);
        tokens.push(token.to_owned());
    }
    assert_eq!(server.requests(), 2, "no retries");
    assert_ne!(tokens[0], tokens[1], "each call has its own token");
}

/// The ids come in the list wrapper the service sends (`"InstanceIdSets": {"InstanceIdSet":
/// [...]}`), which the page's table writes as a plain list; each id is printed.
#[tokio::test(flavor = "multi_thread")]
async fn prints_the_ids_of_the_instances_it_started() {
    let server = server().await;
    server.respond("RunInstances", RUN_BODY);

    let output = run_example(&server, &RUN_ARGS).await;
    assert_exit(&output, 0);
    assert_eq!(
        lines(&output),
        [
            "started 2 instances (request 473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E)",
            "i-bp67acfmxazb4pd2****",
            "i-bp1i43l28m7u48p1****",
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_run_carries_the_same_client_token_on_every_attempt() {
    // A reset connection after the service ran the request, an HTTP 500, a 503 from a gateway:
    // the first two leave unknown whether the instances were created, and RunInstances is
    // retried after them only because its token makes a repeat harmless.
    for fault in [
        Fault::executed(Fault::Drop),
        Fault::Internal,
        Fault::UnavailableHtml,
    ] {
        let server = server().await;
        server.respond("RunInstances", RUN_BODY);
        server.push_faults([fault.clone()]);

        let output = run_example(&server, &RUN_ARGS).await;
        assert_exit(&output, 0);
        assert!(
            lines(&output)[0].ends_with(" (request 473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E)"),
            "{fault:?}: {:?}",
            lines(&output)
        );

        let seen = server.seen();
        assert_eq!(seen.len(), 2, "{fault:?}: one retry");
        let [first, retry] = [&seen[0], &seen[1]];
        assert_ecs_call(retry, "RunInstances");
        assert_eq!(param(first, "Action"), Some("RunInstances"));
        let token = param(first, "ClientToken").expect("a ClientToken");
        assert_uuid(token);
        assert_eq!(param(retry, "ClientToken"), Some(token), "{fault:?}");
        // A new request all the same: a new nonce and signature.
        assert_ne!(first.nonce, retry.nonce, "{fault:?}");
        assert_ne!(param(first, "Signature"), param(retry, "Signature"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_run_keeps_the_callers_client_token() {
    let server = server().await;
    server.respond("RunInstances", RUN_BODY);
    server.push_faults([Fault::executed(Fault::Drop)]);

    let mut args = RUN_ARGS.to_vec();
    args.extend(["--client-token", "deploy-2024-05-28-web"]);
    let output = run_example(&server, &args).await;
    assert_exit(&output, 0);

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(server.executions(), 2, "the server ran both attempts");
    for attempt in &seen {
        assert_ecs_call(attempt, "RunInstances");
        assert_eq!(param(attempt, "ClientToken"), Some("deploy-2024-05-28-web"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_usage_sends_nothing() {
    let server = server().await;
    for args in [
        &[][..],
        &["list", "extra"],
        &["list", "--page-size", "ten"],
        &["list", "--amount", "2"],
        &["run", "image", "type", "vswitch"],
        &["run", "image", "type", "vswitch", "sg", "--page-size", "2"],
        &["start", "i-bp1a"],
    ] {
        let output = run_example(&server, args).await;
        assert_exit(&output, 2);
        assert!(text(&output.stderr).starts_with("usage: "), "{args:?}");
    }
    assert_eq!(server.requests(), 0);
}
