//! What the flagship example tests share: a loopback server that knows the example's access
//! key, running an example program against it as a user would, and reading what it printed and
//! what the server saw.

// Each test crate uses the part it needs.
#![allow(dead_code)]

use std::process::{Command, Output};

use alibabacloud_test_server::{Seen, TestServer};

/// The access key the programs find in their environment.
pub const KEY_ID: &str = "example-key-id";
/// Its secret.
pub const SECRET: &str = "example-secret-value";

/// A server that accepts the example's access key.
pub async fn server() -> TestServer {
    let server = TestServer::start().await;
    server.add_key(KEY_ID, SECRET, None);
    server
}

/// Runs `program` (a `CARGO_BIN_EXE_*` path) with `--endpoint` pointing at `server`, then
/// `args`, with the access key and the region `cn-hangzhou` in an otherwise empty environment
/// (a home without profiles, so no file of the machine's is read).
pub async fn run_example(program: &'static str, server: &TestServer, args: &[&str]) -> Output {
    let mut command_line = vec!["--endpoint".to_owned(), server.endpoint()];
    command_line.extend(args.iter().map(|arg| arg.to_string()));
    tokio::task::spawn_blocking(move || {
        let home = std::env::temp_dir().join("alibabacloud-example-home-without-profiles");
        Command::new(program)
            .args(&command_line)
            .env_clear()
            .env("HOME", home)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
            .env("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou")
            .output()
            .expect("the example program runs")
    })
    .await
    .expect("the example program finishes")
}

/// Bytes a program printed, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts the program exited with `code`, showing its output otherwise.
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// The program's output lines, runs of spaces (column padding) collapsed to one.
pub fn lines(output: &Output) -> Vec<String> {
    text(&output.stdout)
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// A request parameter, from the query or the form body.
pub fn param<'a>(seen: &'a Seen, name: &str) -> Option<&'a str> {
    seen.query
        .iter()
        .chain(&seen.body)
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
}
