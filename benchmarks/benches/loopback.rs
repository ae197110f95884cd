//! Loopback throughput: the generated `ListNodeGroups` client (default reqwest transport,
//! static credentials, explicit endpoint `http://127.0.0.1:<port>`) against a local hyper
//! server answering the documented body. Reports calls per second, p50/p99/max latency and the
//! connections the server accepted (connection reuse), for V1 and V3, one call at a time and
//! eight in flight.
//!
//! Baseline rows (`bare-hyper-v1`, `bare-hyper-v3`): a bare hyper 1 client (hyper-util legacy
//! pool, `HttpConnector`) replaying, byte for byte, one request the generated client sent with
//! that signature, to the same server under the same driver, reading the whole body. That is the
//! loopback floor of this machine; `ours / bare` is what signing, serialising, reqwest and
//! decoding cost. Replaying is accepted because the server only checks that a signature is
//! present (no verification, no nonce or timestamp check), so every row takes the same server
//! path; nothing is switched off for the baseline. The replay skips per-call signing by design:
//! that is part of what the client rows pay and the floor does not.
//!
//! Bounded: at most `LOOPBACK_CALLS` measured calls (default 20000) and `LOOPBACK_SECONDS`
//! seconds (default 10) per run, after 200 warm-up calls. Under `cargo test --benches` it makes
//! 20 calls per run.
//!
//! `cargo bench -p benchmarks --bench loopback`

use std::time::Duration;

use alibabacloud_runtime::sign::SignatureVersion;
use benchmarks::loopback::{self, BareClient, Load, Report, Server};

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
            "{:<13} {:>11} {:>8} {:>7} {:>10} {:>10} {:>10} {:>10} {:>12}",
            "sig", "concurrency", "calls", "errors", "calls/s", "p50", "p99", "max", "connections"
        );
        for (name, version) in [("v1", SignatureVersion::V1), ("v3", SignatureVersion::V3)] {
            // Captured before measuring, on its own server, so the measured server's counters
            // only see the rows below.
            let captured = loopback::capture(version, benchmarks::payload::typed(1))
                .await
                .expect("the generated client's request is captured");
            for concurrency in [1usize, 8] {
                let load = Load {
                    warmup,
                    max_calls,
                    max_time,
                    concurrency,
                };
                // A fresh client (and pool) per run, so the connection count is per run; the
                // bare row follows its client row directly so both see the same machine load.
                let before = server.connections();
                let client = loopback::client(&server.endpoint(), version);
                let report = loopback::run(&client, load).await;
                print_row(name, concurrency, &report, server.connections() - before);
                let before = server.connections();
                let bare = BareClient::new(&server.endpoint(), captured.clone());
                let report_bare = loopback::run_bare(&bare, load).await;
                print_row(
                    &format!("bare-hyper-{name}"),
                    concurrency,
                    &report_bare,
                    server.connections() - before,
                );
                assert_eq!(report.errors, 0, "loopback calls failed");
                assert_eq!(report_bare.errors, 0, "bare hyper calls failed");
            }
        }
        assert_eq!(server.unsigned(), 0, "the server saw unsigned requests");
    });
}

/// One table row; `connections` is what the server accepted during the run.
fn print_row(sig: &str, concurrency: usize, report: &Report, connections: usize) {
    println!(
        "{sig:<13} {concurrency:>11} {:>8} {:>7} {:>10.0} {:>10} {:>10} {:>10} {:>12}",
        report.calls,
        report.errors,
        report.calls_per_second(),
        micros(report.percentile(50.0)),
        micros(report.percentile(99.0)),
        micros(report.percentile(100.0)),
        connections,
    );
}

fn micros(d: Duration) -> String {
    format!("{:.0}µs", d.as_secs_f64() * 1e6)
}
