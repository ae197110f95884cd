//! The loopback server for scripts/peer-bench.sh: prints its endpoint on the first line, accepts
//! the benchmark key, answers CreateLocalJoinPermission with the documented example, and runs
//! until its standard input closes. Then it prints what it saw: every request must have passed
//! the server's own signature check, whichever client sent it.

use std::io::Read;

use alibabacloud_test_server::{SignatureScheme, TestServer};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let server = runtime.block_on(TestServer::start());
    let var = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    server.add_key(
        &var("ALIBABA_CLOUD_ACCESS_KEY_ID", "bench-key"),
        &var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "bench-secret"),
        None,
    );
    server.respond(
        "CreateLocalJoinPermission",
        r#"{"Data": "123", "RequestId": "89EF6CAA-958F-F32C-BE45-FE003C6DE097", "Success": true}"#,
    );
    println!("{}/", server.endpoint());

    // The server runs on its own thread so that this one can wait on stdin.
    let waiter = std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
    });
    runtime.block_on(async {
        while !waiter.is_finished() {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    });

    let seen = server.seen();
    let verified = seen.iter().filter(|s| s.verified).count();
    let v1 = seen
        .iter()
        .filter(|s| s.scheme == SignatureScheme::RpcV1)
        .count();
    println!(
        "requests={} verified={verified} rpc_v1={v1} other_schemes={}",
        seen.len(),
        seen.len() - v1
    );
}
