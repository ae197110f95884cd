//! What the two programs share, so they measure alike: the arguments and the one line of figures
//! the benchmark script reads. Included by both with `#[path]`.

use std::time::Instant;

/// One line the benchmark script reads: `calls=N seconds=S calls_per_second=R request_id=ID`.
pub fn report(calls: u64, started: Instant, last: &str) {
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "calls={calls} seconds={seconds:.4} calls_per_second={:.1} request_id={last}",
        calls as f64 / seconds
    );
}

pub struct Args {
    pub endpoint: Option<String>,
    pub calls: u64,
    pub seconds: f64,
    pub key_id: String,
    pub key_secret: String,
}

impl Args {
    /// `--endpoint URL`, `--calls N`, `--seconds S`; the access key from the usual variables
    /// (else the benchmark's test key).
    pub fn parse() -> Args {
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
