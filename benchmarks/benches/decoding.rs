//! Decoding `ListNodeGroups` responses with the generated, forgiving types beside plain
//! `serde_json` into strict structs of the same shape (the floor).
//!
//! - `typed_1`, `typed_100`: the documented example with documented types, 1 and 100 list
//!   items; decoded three ways: `generated` (the client's path, `decode_body`), `generated_serde`
//!   (`serde_json::from_slice` into the generated types, without the error-body probe) and
//!   `strict` (the floor).
//! - `documented_1`, `documented_100`: the example as printed (one object for a list, numbers for
//!   strings), which only the forgiving types accept.
//!
//! `cargo bench -p benchmarks --bench decoding`

use std::hint::black_box;

use alibabacloud_runtime::decode_body;
use benchmarks::generated::version::{ListNodeGroups, ListNodeGroupsResponse};
use benchmarks::{payload, strict};
// Closures return `is_ok()` of the black-boxed result (the value is still built and dropped in
// the timed loop, as with the others): the runtime's `Error` is large enough for clippy's
// `result_large_err` when a closure returns it.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
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

criterion_group!(benches, decode);
criterion_main!(benches);
