//! Decoding `ListNodeGroups` responses with the generated, forgiving types beside plain
//! `serde_json` into strict structs of the same shape (the floor).
//!
//! - `typed_1`, `typed_100`: the documented example with documented types, 1 and 100 list
//!   items; decoded three ways: `generated` (the client's path, `decode_body`), `generated_serde`
//!   (`serde_json::from_slice` into the generated types, without the error-body probe) and
//!   `strict` (the floor).
//! - `documented_1`, `documented_100`: the example as printed (one object for a list, numbers for
//!   strings), which only the forgiving types accept.
//! - `decode/paired/typed_*`: the budget's ratio, `generated` (`decode_body`, what the client
//!   runs) against `strict`, timed in alternating batches so that a change in the machine's load
//!   affects both sides alike (see `benchmarks::paired`).
//!
//! `cargo bench -p benchmarks --bench decoding`

use std::hint::black_box;
use std::time::Duration;

use alibabacloud_runtime::decode_body;
use benchmarks::generated::version::{ListNodeGroups, ListNodeGroupsResponse};
use benchmarks::{bench_mode, paired, payload, selected, strict};
// Closures return `is_ok()` of the black-boxed result (the value is still built and dropped in
// the timed loop, as with the others): the runtime's `Error` is large enough for clippy's
// `result_large_err` when a closure returns it.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    // More samples over a longer time than criterion's defaults: the machine these run on is
    // shared, and the budget compares figures of this group.
    group.sample_size(200);
    group.measurement_time(Duration::from_secs(8));
    for n in [1usize, 100] {
        let typed = payload::typed(n);
        let body = typed.as_bytes();
        group.throughput(Throughput::Bytes(body.len() as u64));
        let input = format!("typed_{n}");
        group.bench_with_input(BenchmarkId::new("generated", &input), body, |b, body| {
            b.iter(|| black_box(decode_body::<ListNodeGroups>(200, black_box(body))).is_ok())
        });
        group.bench_with_input(
            BenchmarkId::new("generated_serde", &input),
            body,
            |b, body| {
                b.iter(|| {
                    black_box(serde_json::from_slice::<ListNodeGroupsResponse>(black_box(
                        body,
                    )))
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("strict", &input), body, |b, body| {
            b.iter(|| {
                black_box(serde_json::from_slice::<strict::ListNodeGroupsResponse>(
                    black_box(body),
                ))
            })
        });

        let documented = if n == 1 {
            payload::DOCUMENTED.to_string()
        } else {
            payload::documented(n)
        };
        let body = documented.as_bytes();
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("generated", format!("documented_{n}")),
            body,
            |b, body| {
                b.iter(|| black_box(decode_body::<ListNodeGroups>(200, black_box(body))).is_ok())
            },
        );
    }
    group.finish();
}

/// The budget's ratio, interleaved: `decode_body` into the generated types against strict serde.
fn paired_ratio(_: &mut Criterion) {
    let duration = if bench_mode() {
        Duration::from_secs(10)
    } else {
        Duration::from_millis(20)
    };
    for n in [1usize, 100] {
        let name = format!("decode/paired/typed_{n}");
        if !selected(&name) {
            continue;
        }
        let typed = payload::typed(n);
        let body = typed.as_bytes();
        let result = paired::compare(
            duration,
            || decode_body::<ListNodeGroups>(200, black_box(body)).is_ok(),
            || serde_json::from_slice::<strict::ListNodeGroupsResponse>(black_box(body)).is_ok(),
        );
        // A smoke run (`cargo test --benches`) is unoptimised: its ratio means nothing.
        if bench_mode() {
            println!("{}", result.line(&name, "generated", "strict"));
        }
    }
}

criterion_group!(benches, decode, paired_ratio);
criterion_main!(benches);
