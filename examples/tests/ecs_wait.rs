//! Runs the `ecs_wait` example program against the loopback server: `StartInstance`, then
//! `DescribeInstances` polled through `Pending` and `Starting` to `Running`; a `Stopping`
//! instance ends the wait with its state; an instance that never runs ends at the deadline.

use std::process::Output;

mod support;

use alibabacloud_test_server::{Answer, Fault, TestServer};
use support::{assert_exit, param, server, text};

const INSTANCE_ID: &str = "i-bp67acfmxazb4p****";

/// `DescribeInstances` listing the instance in `status`.
fn described(status: &str) -> Fault {
    Fault::Answer(Answer::json(
        200,
        format!(
            r#"{{"RequestId":"R-{status}","TotalCount":1,"Instances":{{"Instance":[{{"InstanceId":"{INSTANCE_ID}","Status":"{status}"}}]}}}}"#
        ),
    ))
}

/// `StartInstance`'s answer.
fn started() -> Fault {
    Fault::Answer(Answer::json(200, r#"{"RequestId":"R-start"}"#))
}

async fn run_example(server: &TestServer, args: &[&str]) -> Output {
    support::run_example(env!("CARGO_BIN_EXE_ecs_wait"), server, args).await
}

#[tokio::test(flavor = "multi_thread")]
async fn starts_then_waits_through_the_states_until_running() {
    let server = server().await;
    server.push_faults([
        started(),
        described("Pending"),
        described("Starting"),
        described("Running"),
    ]);
    let output = run_example(&server, &["--poll-ms", "1", INSTANCE_ID]).await;
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "starting i-bp67acfmxazb4p****",
            "i-bp67acfmxazb4p**** is Running after 3 calls"
        ]
    );
    let seen = server.seen();
    let actions: Vec<_> = seen.iter().map(|s| param(s, "Action")).collect();
    assert_eq!(
        actions,
        [
            Some("StartInstance"),
            Some("DescribeInstances"),
            Some("DescribeInstances"),
            Some("DescribeInstances")
        ]
    );
    assert!(seen.iter().all(|s| s.verified));
    assert_eq!(
        param(&seen[1], "InstanceIds"),
        Some(r#"["i-bp67acfmxazb4p****"]"#)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopping_instance_ends_the_wait_with_its_state() {
    let server = server().await;
    server.push_faults([started(), described("Starting"), described("Stopping")]);
    let output = run_example(&server, &["--poll-ms", "1", INSTANCE_ID]).await;
    assert_exit(&output, 1);
    assert_eq!(
        text(&output.stderr).trim(),
        "error: i-bp67acfmxazb4p**** went Stopping instead of Running"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_instance_that_never_runs_ends_at_the_deadline() {
    let server = server().await;
    server.push_faults([started()]);
    server.always(described("Pending"));
    let output = run_example(&server, &["--poll-ms", "5", "--max-wait", "1", INSTANCE_ID]).await;
    assert_exit(&output, 1);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("waiter InstanceRunning: deadline passed")
            && stderr.contains("last state `Pending`"),
        "{stderr}"
    );
}
