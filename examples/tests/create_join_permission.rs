//! Runs the `create_join_permission` example program against a loopback server that speaks the
//! protocol and checks every signature: success, a documented error that must arrive as its own
//! enum variant, and a wrong secret.

use std::process::{Command, Output};

use alibabacloud_test_server::{Fault, TestServer};

const KEY_ID: &str = "example-key-id";
const SECRET: &str = "example-secret-value";

/// Runs the example with credentials in the environment, as a user would.
async fn run_example(server: &TestServer, secret: &str) -> Output {
    let endpoint = server.endpoint();
    let secret = secret.to_string();
    tokio::task::spawn_blocking(move || {
        let home = std::env::temp_dir().join("alibabacloud-example-home-without-profiles");
        Command::new(env!("CARGO_BIN_EXE_create_join_permission"))
            .args(["test", "--endpoint", &endpoint])
            .env_clear()
            .env("HOME", home)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
            .output()
            .expect("the example program runs")
    })
    .await
    .expect("the example program finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn creates_a_join_permission() {
    let server = TestServer::start().await;
    server.add_key(KEY_ID, SECRET, None);
    server.respond(
        "CreateLocalJoinPermission",
        r#"{"Data":"3086","RequestId":"89EF6CAA-958F-F32C-BE45-FE003C6DE097","Success":true}"#,
    );

    let output = run_example(&server, SECRET).await;
    assert!(output.status.success(), "stderr: {}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout).trim(),
        "created join permission 3086 (request 89EF6CAA-958F-F32C-BE45-FE003C6DE097)"
    );

    // The server saw the documented parameters, signed (it rejects anything else).
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let params: Vec<(String, String)> =
        seen[0].query.iter().chain(&seen[0].body).cloned().collect();
    for (name, value) in [
        ("Action", "CreateLocalJoinPermission"),
        ("Version", "2018-12-30"),
        ("ClassMode", "A"),
        ("FreqBandPlanGroupId", "101"),
        ("JoinPermissionName", "test"),
        ("UseDefaultJoinEui", "true"),
    ] {
        assert!(
            params.contains(&(name.to_string(), value.to_string())),
            "{name}={value} missing from {params:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_documented_error_arrives_as_its_variant() {
    let server = TestServer::start().await;
    server.add_key(KEY_ID, SECRET, None);
    server.push_faults([Fault::Service {
        status: 400,
        code: "JoinPermissionNameDuplicated".into(),
        message: "The specified join permission name already exists.".into(),
    }]);

    let output = run_example(&server, SECRET).await;
    // Exit status 3 is the program's arm for `CreateLocalJoinPermissionError::JoinPermissionNameDuplicated`.
    assert_eq!(
        output.status.code(),
        Some(3),
        "stderr: {}",
        text(&output.stderr)
    );
    assert!(text(&output.stderr).contains("a join permission named \"test\" already exists"));
    // Not retried: a client error.
    assert_eq!(server.requests(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_secret_is_rejected_and_never_printed() {
    let server = TestServer::start().await;
    server.add_key(KEY_ID, SECRET, None);
    let wrong = "wrong-secret-never-printed";

    let output = run_example(&server, wrong).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("SignatureDoesNotMatch"), "stderr: {stderr}");
    assert!(!stderr.contains(wrong) && !text(&output.stdout).contains(wrong));
}
