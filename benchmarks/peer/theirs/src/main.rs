//! CreateLocalJoinPermission with aliyun-openapi-core-rust-sdk 1.1.0: one call, or `--calls N`
//! sequential calls timed together, stopping early after `--seconds S`. `--endpoint URL` points
//! it at a loopback server. The program in ../ours does the same with the generated client;
//! keep the two alike.

use std::time::Instant;

use aliyun_openapi_core_rust_sdk::client::rpc::RPClient;
use serde::Deserialize;

#[path = "../../cli.rs"]
mod cli;
use cli::{report, Args};

/// The documented response; the peer leaves the shape to the caller.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)] // Decoded like ours, not all read.
struct CreateLocalJoinPermissionResponse {
    request_id: String,
    data: Option<String>,
    success: Option<bool>,
}

fn main() {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    // The peer takes a full URL and appends `?Signature=...` to it as given, so a loopback
    // `http://127.0.0.1:PORT/` works as is.
    let endpoint = args
        .endpoint
        .clone()
        .unwrap_or_else(|| "https://linkwan.cn-shanghai.aliyuncs.com/".into());
    let client = RPClient::new(&args.key_id, &args.key_secret, endpoint);

    let started = Instant::now();
    let mut last = String::new();
    let mut made = 0;
    // A slow client gets the same time budget rather than the same number of calls.
    while made < args.calls && started.elapsed().as_secs_f64() < args.seconds {
        // Each call consumes a client (the builder is the client), hence the clone. The API's
        // method is POST; the peer sends the parameters in the query either way.
        let call = client
            .clone()
            .version("2019-03-01")
            .post("CreateLocalJoinPermission")
            .query([
                ("FreqBandPlanGroupId", "101"),
                ("ClassMode", "A"),
                ("JoinPermissionName", "bench_permission"),
                ("UseDefaultJoinEui", "true"),
            ])
            .json::<CreateLocalJoinPermissionResponse>();
        match runtime.block_on(call) {
            Ok(response) => last = response.request_id,
            Err(error) => {
                eprintln!("call failed: {error}");
                std::process::exit(1);
            }
        }
        made += 1;
    }
    report(made, started, &last);
}
