//! Runs the `sts_ram` example program against the loopback server: STS `AssumeRole` signed with
//! the access key from the environment, then RAM `CreateUser` signed with the temporary
//! credentials it returned (the server requires their security token), the documented
//! responses decoded and printed, and the temporary secret and token never printed.

use std::process::Output;

mod support;

use alibabacloud_test_server::{Answer, Fault, Seen, SignatureScheme, TestServer};
use support::{assert_exit, param, text, KEY_ID, SECRET};

/// The temporary credentials `AssumeRole` returns.
const STS_KEY_ID: &str = "STS.NUgYrLnoC37mZZCNnAbez****";
const STS_SECRET: &str = "wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK0001";
const STS_TOKEN: &str = "CAIS8gF1q6Ft5B2yfSjIr5bSEsj4mr1n0001";

const ROLE_ARN: &str = "acs:ram::123456789012****:role/user-admin";

/// `AssumeRole`'s answer, shaped like the page's example.
fn assume_role_body() -> String {
    serde_json::json!({
        "RequestId": "6894B13B-6D71-4EF5-88FA-F32781734A7F",
        "Credentials": {
            "AccessKeyId": STS_KEY_ID,
            "AccessKeySecret": STS_SECRET,
            "SecurityToken": STS_TOKEN,
            "Expiration": "2024-05-28T11:52:19Z"
        },
        "AssumedRoleUser": {
            "Arn": "acs:ram::123456789012****:role/user-admin/sts-ram-example",
            "AssumedRoleId": "34458433936495****:sts-ram-example"
        }
    })
    .to_string()
}

/// `CreateUser`'s answer as the service sends it: `RequestId` at the top, beside `User`.
const CREATE_USER_BODY: &str = r#"{
  "RequestId": "04F0F334-1335-436C-A1D7-6C044FE73368",
  "User": {
    "UserId": "122748924538****",
    "UserName": "alice",
    "DisplayName": "Alice",
    "CreateDate": "2024-05-28T10:52:19Z"
  }
}"#;

/// A server that accepts the example's access key, and the temporary one with its token only.
async fn server() -> TestServer {
    let server = TestServer::start().await;
    server.add_key(KEY_ID, SECRET, None);
    server.add_key(STS_KEY_ID, STS_SECRET, Some(STS_TOKEN));
    server
}

/// Runs the program against `server` with `args`.
async fn run_example(server: &TestServer, args: &[&str]) -> Output {
    support::run_example(env!("CARGO_BIN_EXE_sts_ram"), server, args).await
}

/// Asserts neither the temporary secret nor the security token was printed.
fn assert_no_secrets(output: &Output) {
    for printed in [text(&output.stdout), text(&output.stderr)] {
        assert!(!printed.contains(STS_SECRET), "{printed}");
        assert!(!printed.contains(STS_TOKEN), "{printed}");
        assert!(!printed.contains(SECRET), "{printed}");
    }
}

/// Asserts the request is a verified RPC call of `action` of API `version` with these parameters.
fn assert_call(seen: &Seen, action: &str, version: &str, params: &[(&str, &str)]) {
    assert!(seen.verified, "the server did not verify {seen:?}");
    assert_eq!(seen.scheme, SignatureScheme::RpcV1);
    assert_eq!(param(seen, "Action"), Some(action));
    assert_eq!(param(seen, "Version"), Some(version));
    for (name, value) in params {
        assert_eq!(param(seen, name), Some(*value), "{action}: {name}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn assumes_the_role_then_creates_the_user_with_its_temporary_credentials() {
    let server = server().await;
    server.respond("AssumeRole", &assume_role_body());
    server.respond("CreateUser", CREATE_USER_BODY);

    let output = run_example(&server, &[ROLE_ARN, "alice", "--display-name", "Alice"]).await;
    assert_exit(&output, 0);
    assert_eq!(
        text(&output.stdout).lines().collect::<Vec<_>>(),
        [
            "assumed acs:ram::123456789012****:role/user-admin/sts-ram-example as 34458433936495****:sts-ram-example (request 6894B13B-6D71-4EF5-88FA-F32781734A7F)",
            "  access key STS.NUgYrLnoC37mZZCNnAbez****, expires 2024-05-28T11:52:19Z",
            "created user alice (Alice), id 122748924538****, at 2024-05-28T10:52:19Z",
        ]
    );
    assert_no_secrets(&output);

    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_call(
        &seen[0],
        "AssumeRole",
        "2015-04-01",
        &[
            ("RoleArn", ROLE_ARN),
            ("RoleSessionName", "sts-ram-example"),
            ("DurationSeconds", "3600"),
            ("AccessKeyId", KEY_ID),
        ],
    );
    assert_eq!(param(&seen[0], "SecurityToken"), None);
    // Signed with the temporary key and carrying its token: the server refuses that key
    // without it.
    assert_call(
        &seen[1],
        "CreateUser",
        "2015-05-01",
        &[
            ("UserName", "alice"),
            ("DisplayName", "Alice"),
            ("AccessKeyId", STS_KEY_ID),
            ("SecurityToken", STS_TOKEN),
        ],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn optional_parameters_are_sent_only_when_given() {
    let server = server().await;
    server.respond("AssumeRole", &assume_role_body());
    server.respond("CreateUser", CREATE_USER_BODY);

    let output = run_example(&server, &["--duration", "900", ROLE_ARN, "alice"]).await;
    assert_exit(&output, 0);
    assert_no_secrets(&output);

    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_call(
        &seen[0],
        "AssumeRole",
        "2015-04-01",
        &[("DurationSeconds", "900")],
    );
    assert_eq!(param(&seen[0], "Policy"), None);
    assert_call(
        &seen[1],
        "CreateUser",
        "2015-05-01",
        &[("UserName", "alice")],
    );
    assert_eq!(param(&seen[1], "DisplayName"), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_role_stops_before_the_user_is_created() {
    let server = server().await;
    server.push_faults([Fault::Service {
        status: 403,
        code: "NoPermission".into(),
        message: "You are not authorized to do this action.".into(),
    }]);

    let output = run_example(&server, &[ROLE_ARN, "alice"]).await;
    assert_exit(&output, 1);
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: NoPermission (HTTP 403): You are not authorized to do this action. (request "
        ),
        "{stderr}"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "no CreateUser, and no retry: {seen:?}");
    assert_eq!(param(&seen[0], "Action"), Some("AssumeRole"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ram_error_is_reported_without_printing_the_temporary_secret() {
    let server = server().await;
    // AssumeRole succeeds; CreateUser is refused.
    server.push_faults([
        Fault::Answer(Answer::json(200, assume_role_body())),
        Fault::Service {
            status: 409,
            code: "EntityAlreadyExists.User".into(),
            message: "The user with the specified name already exists.".into(),
        },
    ]);

    let output = run_example(&server, &[ROLE_ARN, "alice"]).await;
    assert_exit(&output, 1);
    assert_eq!(text(&output.stdout).lines().count(), 2, "the role's lines");
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: EntityAlreadyExists.User (HTTP 409): The user with the specified name already exists. (request "
        ),
        "{stderr}"
    );
    assert_no_secrets(&output);
    assert_eq!(server.requests(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_usage_sends_nothing() {
    let server = server().await;
    for args in [
        &[][..],
        &[ROLE_ARN],
        &[ROLE_ARN, "alice", "bob"],
        &[ROLE_ARN, "alice", "--duration", "an-hour"],
        &[ROLE_ARN, "alice", "--email", "alice@example.com"],
    ] {
        let output = run_example(&server, args).await;
        assert_exit(&output, 2);
        assert!(text(&output.stderr).starts_with("usage: "), "{args:?}");
    }
    assert_eq!(server.requests(), 0);
}
