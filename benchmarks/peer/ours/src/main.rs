//! CreateLocalJoinPermission with the generated client: one call, or `--calls N` sequential
//! calls timed together, stopping early after `--seconds S`. `--endpoint URL` points it at a
//! loopback server. The program in ../theirs does the same with the peer crate; keep the two
//! alike.

use std::time::Instant;

use alibabacloud::linkwan::v2019_03_01 as linkwan;
use alibabacloud::runtime::{Client, Credentials};

#[path = "../../cli.rs"]
mod cli;
use cli::{report, Args};

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
