//! Signing and serialising requests, each beside the bare HMAC of its own string to sign (the
//! floor), and a whole call through the client with an in-memory transport (parameters, endpoint,
//! nonce, timestamp, signing, decoding, no network).
//!
//! - `v1`, `v3`: the RPC seed request (`CreateLocalJoinPermission`) with signature V1 and V3;
//! - `roa_v3`, `roa_classic`: elasticsearch `UpdateInstance` (ROA: path, query, JSON body) with
//!   V3 and the classic ROA signature.
//!
//! `*/sign_and_serialise` is what the client pays per call and attempt: the operation's
//! `write_params`, the call prepared, the attempt signed and serialised (see
//! `benchmarks::signing`). `*/hmac_*_floor` is the `hmac` crate alone over the same string to
//! sign, keyed as the scheme keys it, the key built outside the loop, raw MAC bytes out.
//! `*/sha256_and_hmac` (V3 only) adds the SHA-256 of the canonical request that V3 hashes before
//! its HMAC. `signing/paired/*` prints the budget's ratio, sign and serialise against the bare
//! HMAC, timed in alternating batches (see `benchmarks::paired`). `parts/*` times what every
//! request pays with today's types, whatever the assembly does: the operation's parameters
//! (`Params`, pairs borrowed from the request where they can be), the endpoint's base URL (a copy
//! of the text the endpoint keeps; RPC requests borrow it instead), a clone of the headers sent
//! (names and fixed values borrowed); `parts/hmac_from_key_state/*` is the floor
//! started from a key state computed beforehand, as the runtime reuses it per thread and key;
//! `parts/v1_texts_only` writes the V1 request's URL and string to sign from ready pieces, the
//! least any assembly of those bytes costs. `signing/paired_parts/*` (V1 and classic ROA) times
//! those parts each interleaved with the bare HMAC, a breakdown in floors that the machine's
//! changing speed does not skew.
//!
//! `cargo bench -p benchmarks --bench signing`

use std::hint::black_box;
use std::time::Duration;

use alibabacloud::elasticsearch::v2017_06_13::SERVICE as ELASTICSEARCH;
use alibabacloud::linkwan::v2018_12_30::{Client, SERVICE};
use alibabacloud_runtime::sign::{percent_encode, v1, SignatureVersion};
use alibabacloud_runtime::{Operation, Params};
use benchmarks::signing::{self, ACCESS_KEY_SECRET};
use benchmarks::{bench_mode, paired, selected};
use criterion::{criterion_group, criterion_main, Criterion};
use hmac::{Hmac, KeyInit};
use sha2::Sha256;

/// One benchmarked request: how it is signed, its string to sign and the floor's key.
struct Case {
    name: &'static str,
    sign: Box<dyn Fn() -> signing::Signed>,
    string_to_sign: String,
    /// The HMAC key: the secret, with `&` for V1.
    key: Vec<u8>,
    /// SHA-1 (V1, classic ROA) or SHA-256 (V3).
    sha1: bool,
    /// The canonical request V3 hashes; empty for the SHA-1 schemes.
    canonical: String,
}

impl Case {
    fn floor(&self) -> impl Fn() -> u8 + '_ {
        move || {
            let key = black_box(self.key.as_slice());
            let message = black_box(self.string_to_sign.as_bytes());
            if self.sha1 {
                signing::hmac_sha1(key, message)[0]
            } else {
                signing::hmac_sha256(key, message)[0]
            }
        }
    }
}

fn cases() -> Vec<Case> {
    let credentials = signing::credentials();
    let seed_endpoint = signing::seed_endpoint();
    let roa_endpoint = signing::roa_endpoint();
    let v1_key = format!("{ACCESS_KEY_SECRET}&").into_bytes();
    let key = ACCESS_KEY_SECRET.as_bytes().to_vec();

    let (seed_request, roa_request) = (signing::seed_request(), signing::roa_request());
    let mut seed_params = Params::default();
    seed_request.write_params(&mut seed_params);
    let mut roa_params = Params::default();
    roa_request.write_params(&mut roa_params);

    let v1 = {
        let (endpoint, credentials) = (seed_endpoint.clone(), credentials.clone());
        let request = signing::seed_request();
        Box::new(move || signing::sign_v1(black_box(&request), &SERVICE, &endpoint, &credentials))
    };
    let v3 = {
        let (endpoint, credentials) = (seed_endpoint.clone(), credentials.clone());
        let request = signing::seed_request();
        Box::new(move || signing::sign_v3(black_box(&request), &SERVICE, &endpoint, &credentials))
    };
    let roa_v3 = {
        let (endpoint, credentials) = (roa_endpoint.clone(), credentials.clone());
        let request = signing::roa_request();
        Box::new(move || {
            signing::sign_roa_v3(black_box(&request), &ELASTICSEARCH, &endpoint, &credentials)
        })
    };
    let roa_classic = {
        let (endpoint, credentials) = (roa_endpoint.clone(), credentials.clone());
        let request = signing::roa_request();
        Box::new(move || {
            signing::sign_roa_classic(black_box(&request), &ELASTICSEARCH, &endpoint, &credentials)
        })
    };

    let v1_string = v1().string_to_sign;
    let v3_signed = v3();
    let roa_v3_signed = roa_v3();
    let roa_classic_string = roa_classic().string_to_sign;
    vec![
        Case {
            name: "v1",
            sign: v1,
            string_to_sign: v1_string,
            key: v1_key,
            sha1: true,
            canonical: String::new(),
        },
        Case {
            name: "v3",
            sign: v3,
            canonical: signing::v3_canonical_request(&v3_signed, "POST", &seed_params.query),
            string_to_sign: v3_signed.string_to_sign,
            key: key.clone(),
            sha1: false,
        },
        Case {
            name: "roa_v3",
            sign: roa_v3,
            canonical: signing::v3_canonical_request(&roa_v3_signed, "PUT", &roa_params.query),
            string_to_sign: roa_v3_signed.string_to_sign,
            key: key.clone(),
            sha1: false,
        },
        Case {
            name: "roa_classic",
            sign: roa_classic,
            string_to_sign: roa_classic_string,
            key,
            sha1: true,
            canonical: String::new(),
        },
    ]
}

fn sign(c: &mut Criterion) {
    let cases = cases();
    let mut group = c.benchmark_group("signing");
    for case in &cases {
        group.bench_function(format!("{}/sign_and_serialise", case.name), |b| {
            b.iter(|| black_box((case.sign)()))
        });
        let floor_name = if case.sha1 {
            "hmac_sha1_floor"
        } else {
            "hmac_sha256_floor"
        };
        let floor = case.floor();
        group.bench_function(format!("{}/{floor_name}", case.name), |b| b.iter(&floor));
        if !case.sha1 {
            group.bench_function(format!("{}/sha256_and_hmac", case.name), |b| {
                b.iter(|| {
                    signing::sha256_then_hmac(
                        black_box(&case.key),
                        black_box(case.canonical.as_bytes()),
                    )
                })
            });
        }
    }

    // What every request pays whatever the assembly does, with today's types: the operation's
    // parameters (`Params`, filled by `write_params`, borrowing names and string values), the
    // endpoint's base URL (`Endpoint::base_url`, a copy of the text kept since the endpoint was
    // made; an RPC request borrows it, an ROA request copies it once with its path), and the
    // request's headers (timed as a clone of the headers sent).
    let seed = signing::seed_request();
    let roa = signing::roa_request();
    group.bench_function("parts/write_params/seed", |b| {
        b.iter(|| {
            let mut params = Params::default();
            black_box(&seed).write_params(&mut params);
            params
        })
    });
    group.bench_function("parts/write_params/roa", |b| {
        b.iter(|| {
            let mut params = Params::default();
            black_box(&roa).write_params(&mut params);
            params
        })
    });
    let endpoint = signing::seed_endpoint();
    group.bench_function("parts/base_url", |b| {
        b.iter(|| black_box(&endpoint).base_url())
    });
    // The floor without its key setup: the HMAC from a key state computed before the loop, as
    // the runtime reuses it per thread and key. The floor minus this is the key setup.
    for case in &cases {
        let name = format!("parts/hmac_from_key_state/{}", case.name);
        let message = case.string_to_sign.as_bytes();
        if case.sha1 {
            let keyed = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&case.key).expect("any key");
            group.bench_function(name, |b| {
                b.iter(|| signing::hmac_from_state(black_box(&keyed), black_box(message)))
            });
        } else {
            let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&case.key).expect("any key");
            group.bench_function(name, |b| {
                b.iter(|| signing::hmac_from_state(black_box(&keyed), black_box(message)))
            });
        }
    }
    for case in &cases {
        let headers = (case.sign)().headers;
        group.bench_function(format!("parts/owned_headers/{}", case.name), |b| {
            b.iter(|| black_box(&headers).clone())
        });
    }

    // Breakdown of V1 with the public step-by-step functions: the string to sign alone (sorting
    // and percent-encoding twice) from ready pairs, and one percent-encoded value.
    let seed_request = signing::seed_request();
    let mut params = Params::default();
    seed_request.write_params(&mut params);
    let v1_pairs = v1_pairs(&params);
    assert_eq!(
        v1::string_to_sign(
            "POST",
            v1_pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))
        ),
        cases[0].string_to_sign,
        "the breakdown signs the same string"
    );
    // The least any V1 assembly writes (see `V1Texts`).
    let texts = V1Texts::new(&cases[0]);
    group.bench_function("parts/v1_texts_only", |b| {
        b.iter(|| black_box(texts.write()))
    });
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
    group.finish();
}

/// The budget's ratios, interleaved: each request signed and serialised against its bare HMAC,
/// and V3's against SHA-256 of its canonical request plus the HMAC.
fn paired_ratio(_: &mut Criterion) {
    let duration = if bench_mode() {
        Duration::from_secs(6)
    } else {
        Duration::from_millis(20)
    };
    for case in cases() {
        let name = format!("signing/paired/{}", case.name);
        if !selected(&name) {
            continue;
        }
        // A smoke run (`cargo test --benches`) is unoptimised: its ratios mean nothing.
        let print = |line: String| {
            if bench_mode() {
                println!("{line}");
            }
        };
        let sign = || (case.sign)().url.len();
        let result = paired::compare(duration, sign, case.floor());
        print(result.line(&name, "sign_and_serialise", "hmac"));
        if !case.sha1 {
            let hashing = || {
                signing::sha256_then_hmac(
                    black_box(&case.key),
                    black_box(case.canonical.as_bytes()),
                )[0]
            };
            let result = paired::compare(duration, sign, hashing);
            print(result.line(&name, "sign_and_serialise", "sha256_and_hmac"));
        }
    }
}

/// V1's and classic ROA's cost in parts, each interleaved with the request's bare HMAC, so that
/// the breakdown is in floors measured side by side (criterion's `parts/*` run one after another,
/// and this machine's speed moves between them): the HMAC from the cached key state, the
/// operation's parameters, a clone of the headers sent, and for V1 the bytes of the URL and
/// string to sign written from ready pieces.
fn paired_parts(_: &mut Criterion) {
    if !bench_mode() {
        return;
    }
    let duration = Duration::from_secs(4);
    let (seed, roa) = (signing::seed_request(), signing::roa_request());
    for case in cases().iter().filter(|case| case.sha1) {
        let name = format!("signing/paired_parts/{}", case.name);
        if !selected(&name) {
            continue;
        }
        let keyed = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&case.key).expect("any key");
        let message = case.string_to_sign.as_bytes();
        let headers = (case.sign)().headers;
        let floor = case.floor();
        let mut total = 0.0;
        let mut part = |label: &str, result: paired::Paired| {
            total += result.ratio;
            println!("{}", result.line(&name, label, "hmac"));
        };
        part(
            "hmac_from_key_state",
            paired::compare(
                duration,
                || signing::hmac_from_state(black_box(&keyed), black_box(message)),
                &floor,
            ),
        );
        part(
            "write_params",
            if case.name == "v1" {
                paired::compare(duration, || written(black_box(&seed)), &floor)
            } else {
                paired::compare(duration, || written(black_box(&roa)), &floor)
            },
        );
        part(
            "owned_headers",
            paired::compare(duration, || black_box(&headers).clone().len(), &floor),
        );
        if case.name == "v1" {
            let texts = V1Texts::new(case);
            part(
                "v1_texts_only",
                paired::compare(duration, || texts.write().0.len(), &floor),
            );
        }
        println!("{name}: the parts above sum to {total:.3} floors");
    }
}

/// The operation's parameters written into a fresh `Params` (then dropped), and how many.
fn written<O: Operation>(op: &O) -> usize {
    let mut params = Params::default();
    op.write_params(&mut params);
    params.query.len()
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

/// The least any V1 assembly writes, with nothing left to decide: the seed request's URL and
/// string to sign from their pieces already ordered and encoded (the pairs' URL text and its
/// second encoding), one `push_str` per piece into two pre-sized `String`s, then dropped. The
/// same bytes as the runtime's own output (asserted), so `v1/sign_and_serialise` minus this,
/// `parts/write_params/seed` and `parts/hmac_from_key_state/v1` is what the runtime's ordering,
/// encoding, headers and bookkeeping cost beyond writing the text.
struct V1Texts {
    base: String,
    url_pieces: Vec<(String, String)>,
    signature: String,
    signed_pieces: Vec<(String, String)>,
    url_len: usize,
    signed_len: usize,
}

impl V1Texts {
    fn new(case: &Case) -> Self {
        let signed = (case.sign)();
        let (base, query) = signed.url.split_once('?').expect("a V1 URL has a query");
        let (query, signature) = query
            .rsplit_once("&Signature=")
            .expect("a V1 URL ends with its signature");
        let url_pieces: Vec<(String, String)> = query
            .split('&')
            .map(|pair| pair.split_once('=').expect("name=value"))
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        let signed_pieces = url_pieces
            .iter()
            .map(|(name, value)| (percent_encode(name), percent_encode(value)))
            .collect();
        let texts = V1Texts {
            base: base.to_owned(),
            url_pieces,
            signature: signature.to_owned(),
            signed_pieces,
            url_len: signed.url.len(),
            signed_len: case.string_to_sign.len(),
        };
        assert_eq!(
            texts.write(),
            (signed.url, case.string_to_sign.clone()),
            "the pieces make the runtime's own URL and string to sign"
        );
        texts
    }

    fn write(&self) -> (String, String) {
        let mut url = String::with_capacity(self.url_len + 8);
        url.push_str(&self.base);
        url.push('?');
        push_pairs(&mut url, &self.url_pieces, "&", "=");
        url.push_str("&Signature=");
        url.push_str(&self.signature);
        let mut signed = String::with_capacity(self.signed_len + 8);
        signed.push_str("POST&%2F&");
        push_pairs(&mut signed, &self.signed_pieces, "%26", "%3D");
        (url, signed)
    }
}

/// `name{equals}value` for each piece, joined with `separator`.
#[inline(always)]
fn push_pairs(out: &mut String, pieces: &[(String, String)], separator: &str, equals: &str) {
    for (index, (name, value)) in pieces.iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        out.push_str(name);
        out.push_str(equals);
        out.push_str(value);
    }
}

/// The parameters V1 signs for the seed request: common ones (fixed nonce and timestamp) and
/// the operation's own.
fn v1_pairs(params: &Params) -> Vec<(String, String)> {
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
    pairs.extend(
        params
            .query
            .iter()
            .chain(&params.body)
            .map(|(name, value)| (name.to_string(), value.to_string())),
    );
    pairs
}

criterion_group!(benches, sign, paired_ratio, paired_parts, whole_call);
criterion_main!(benches);
