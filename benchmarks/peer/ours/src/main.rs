//! CreateLocalJoinPermission with the generated client: one call, or `--calls N` sequential
//! calls timed together, stopping early after `--seconds S`. `--endpoint URL` points it at a
//! loopback server. The program in ../theirs does the same with the peer crate; keep the two
//! alike.

use std::time::Instant;

use alibabacloud::linkwan::v2019_03_01 as linkwan;
use alibabacloud::runtime::{Client, Credentials};

fn main() {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let mut builder = Client::builder()
        .credentials(Credentials::new(&args.key_id, &args.key_secret))
        .region("cn-shanghai");
    if let Some(endpoint) = &args.endpoint {
        builder = builder.endpoint(endpoint);
    }
    let client = linkwan::Client::new(builder.build().expect("a client"));

    let started = Instant::now();
    let mut last = String::new();
    let mut made = 0;
    // A slow client gets the same time budget rather than the same number of calls.
    while made < args.calls && started.elapsed().as_secs_f64() < args.seconds {
        let request = linkwan::CreateLocalJoinPermission::new(101, "A", "bench_permission", true);
        match runtime.block_on(client.create_local_join_permission(request)) {
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
