//! Loopback throughput: the generated `ListNodeGroups` client (default reqwest transport,
//! static credentials, explicit endpoint `http://127.0.0.1:<port>`) against a local hyper
//! server answering the documented body. Reports calls per second, p50/p99/max latency and the
//! connections the server accepted (connection reuse), for V1 and V3, one call at a time and
//! eight in flight.
//!
//! Bounded: at most `LOOPBACK_CALLS` measured calls (default 20000) and `LOOPBACK_SECONDS`
//! seconds (default 10) per run, after 200 warm-up calls. Under `cargo test --benches` it makes
//! 20 calls per run.
//!
//! `cargo bench -p benchmarks --bench loopback`

use std::time::Duration;

use alibabacloud_runtime::sign::SignatureVersion;
use benchmarks::loopback::{self, Load, Server};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let bench = benchmarks::bench_mode();
    let (warmup, max_calls, max_time) = if bench {
        (
            200,
            env_number("LOOPBACK_CALLS", 20_000) as usize,
            Duration::from_secs(env_number("LOOPBACK_SECONDS", 10)),
        )
    } else {
        (1, 20, Duration::from_secs(10))
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async {
        let server = Server::start(benchmarks::payload::typed(1))
            .await
            .expect("binds 127.0.0.1:0");
        println!(
            "loopback server on {} (body: ListNodeGroups, documented example, typed)",
            server.endpoint()
        );
        println!(
            "{:<4} {:>11} {:>8} {:>7} {:>10} {:>10} {:>10} {:>10} {:>12}",
            "sig", "concurrency", "calls", "errors", "calls/s", "p50", "p99", "max", "connections"
        );
        for (name, version) in [("v1", SignatureVersion::V1), ("v3", SignatureVersion::V3)] {
            for concurrency in [1usize, 8] {
                // A fresh client (and pool) per run, so the connection count is per run.
                let before = server.connections();
                let client = loopback::client(&server.endpoint(), version);
                let report = loopback::run(
                    &client,
                    Load {
                        warmup,
                        max_calls,
                        max_time,
                        concurrency,
                    },
                )
                .await;
                println!(
                    "{name:<4} {concurrency:>11} {:>8} {:>7} {:>10.0} {:>10} {:>10} {:>10} {:>12}",
                    report.calls,
                    report.errors,
                    report.calls_per_second(),
                    micros(report.percentile(50.0)),
                    micros(report.percentile(99.0)),
                    micros(report.percentile(100.0)),
                    server.connections() - before,
                );
                assert_eq!(report.errors, 0, "loopback calls failed");
            }
        }
        assert_eq!(server.unsigned(), 0, "the server saw unsigned requests");
    });
}

fn micros(d: Duration) -> String {
    format!("{:.0}µs", d.as_secs_f64() * 1e6)
}
