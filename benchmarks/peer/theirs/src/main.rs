//! CreateLocalJoinPermission with aliyun-openapi-core-rust-sdk 1.1.0: one call, or `--calls N`
//! sequential calls timed together, stopping early after `--seconds S`. `--endpoint URL` points
//! it at a loopback server. The program in ../ours does the same with the generated client;
//! keep the two alike.

use std::time::Instant;

use aliyun_openapi_core_rust_sdk::client::rpc::RPClient;
use serde::Deserialize;

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

/// One line the benchmark script reads: `calls=N seconds=S calls_per_second=R request_id=ID`.
fn report(calls: u64, started: Instant, last: &str) {
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "calls={calls} seconds={seconds:.4} calls_per_second={:.1} request_id={last}",
        calls as f64 / seconds
    );
}

struct Args {
    endpoint: Option<String>,
    calls: u64,
    seconds: f64,
    key_id: String,
    key_secret: String,
}

impl Args {
    /// `--endpoint URL`, `--calls N`, `--seconds S`; the access key from the usual variables
    /// (else the benchmark's test key).
    fn parse() -> Args {
        let var =
            |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
        let mut args = Args {
            endpoint: None,
            calls: 1,
            seconds: f64::INFINITY,
            key_id: var("ALIBABA_CLOUD_ACCESS_KEY_ID", "bench-key"),
            key_secret: var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "bench-secret"),
        };
        let mut given = std::env::args().skip(1);
        while let Some(flag) = given.next() {
            let value = given.next().unwrap_or_default();
            match flag.as_str() {
                "--endpoint" => args.endpoint = Some(value),
                "--calls" => args.calls = value.parse().expect("--calls takes a number"),
                "--seconds" => args.seconds = value.parse().expect("--seconds takes a number"),
                _ => panic!("unknown argument {flag} (--endpoint URL, --calls N, --seconds S)"),
            }
        }
        args
    }
}
