//! Signing the seed request (`CreateLocalJoinPermission`): V1 and V3, each beside the bare HMAC of
//! the same string to sign (the floor), and a whole call through the client with an in-memory
//! transport (parameters, endpoint, nonce, timestamp, signing, decoding, no network).
//!
//! `cargo bench -p benchmarks --bench signing`

use std::hint::black_box;

use alibabacloud::linkwan::v2018_12_30::{Client, SERVICE};
use alibabacloud_runtime::sign::{percent_encode, v1, v3, SignatureVersion};
use benchmarks::signing::{self, ACCESS_KEY_SECRET};
use criterion::{criterion_group, criterion_main, Criterion};

fn sign(c: &mut Criterion) {
    let request = signing::seed_request();
    let endpoint = signing::seed_endpoint();
    let credentials = signing::credentials();
    let v1_string = signing::sign_v1(&request, &SERVICE, &endpoint, &credentials).string_to_sign;
    let v3_string = signing::sign_v3(&request, &SERVICE, &endpoint, &credentials).string_to_sign;

    let mut group = c.benchmark_group("signing");
    group.bench_function("v1/sign_and_serialise", |b| {
        b.iter(|| {
            black_box(signing::sign_v1(
                black_box(&request),
                &SERVICE,
                &endpoint,
                &credentials,
            ))
        })
    });
    // Breakdown: the string to sign alone (sorting and percent-encoding), from the pairs of the
    // signed request.
    let mut params = alibabacloud_runtime::Params::default();
    alibabacloud_runtime::Operation::write_params(&request, &mut params);
    let v1_pairs = v1_pairs(&params);
    let pairs = || v1_pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    assert_eq!(
        v1::string_to_sign("POST", pairs()),
        v1_string,
        "the breakdown signs the same string"
    );
    group.bench_function("percent_encode/timestamp", |b| {
        b.iter(|| black_box(percent_encode(black_box(signing::TIMESTAMP))))
    });
    group.bench_function("v1/string_to_sign", |b| {
        b.iter(|| {
            black_box(v1::string_to_sign(
                "POST",
                black_box(&v1_pairs)
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str())),
            ))
        })
    });
    group.bench_function("v1/hmac_sha1_floor", |b| {
        b.iter(|| black_box(v1::signature(ACCESS_KEY_SECRET, black_box(&v1_string))))
    });
    group.bench_function("v3/sign_and_serialise", |b| {
        b.iter(|| {
            black_box(signing::sign_v3(
                black_box(&request),
                &SERVICE,
                &endpoint,
                &credentials,
            ))
        })
    });
    group.bench_function("v3/hmac_sha256_floor", |b| {
        b.iter(|| black_box(v3::signature(ACCESS_KEY_SECRET, black_box(&v3_string))))
    });
    group.finish();
}

fn whole_call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let mut group = c.benchmark_group("call_in_memory");
    for (name, version) in [("v1", SignatureVersion::V1), ("v3", SignatureVersion::V3)] {
        let client = Client::new(signing::canned_client(version));
        group.bench_function(name, |b| {
            // `is_ok` after `black_box`: the runtime's `Error` is large enough for clippy's
            // `result_large_err` when a closure returns it.
            b.iter(|| {
                black_box(
                    runtime.block_on(client.create_local_join_permission(signing::seed_request())),
                )
                .is_ok()
            })
        });
    }
    group.finish();
}

/// The parameters V1 signs for the seed request: common ones (fixed nonce and timestamp) and
/// the operation's own.
fn v1_pairs(params: &alibabacloud_runtime::Params) -> Vec<(String, String)> {
    let common = [
        ("Action", "CreateLocalJoinPermission"),
        ("Version", SERVICE.version),
        ("Format", "JSON"),
        ("AccessKeyId", signing::ACCESS_KEY_ID),
        ("SignatureMethod", v1::SIGNATURE_METHOD),
        ("SignatureVersion", v1::SIGNATURE_VERSION),
        ("SignatureNonce", signing::NONCE),
        ("Timestamp", signing::TIMESTAMP),
    ];
    let mut pairs: Vec<(String, String)> = common
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    pairs.extend(params.query.iter().chain(&params.body).cloned());
    pairs
}

criterion_group!(benches, sign, whole_call);
criterion_main!(benches);
