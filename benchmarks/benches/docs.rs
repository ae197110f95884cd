//! Page descriptions rendered as rustdoc (`apigen::emit::docs::markdown`) at growing sizes, for
//! the kinds of text that once made rendering quadratic (see `benchmarks::descriptions`): deep
//! block quotes and lists, a long line of mixed Markdown, a long word, unclosed link targets.
//!
//! - `docs/<kind>/<bytes>`: criterion, throughput in bytes of description, which a linear
//!   renderer keeps the same at every size;
//! - `docs/linear/<kind>` (with `cargo bench` only): the median time of one rendering at each
//!   size in milliseconds, the sizes taken in turns, and how many times the smallest size's time
//!   the largest one takes, beside how many times its bytes.
//!
//! `cargo bench -p benchmarks --bench docs`; under `cargo test --benches` each renders once.

use std::hint::black_box;
use std::time::{Duration, Instant};

use apigen::emit::docs;
use benchmarks::descriptions::{Kind, SIZES};
use benchmarks::{bench_mode, selected};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("docs");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for kind in Kind::ALL {
        for size in SIZES {
            let text = kind.description(size);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(kind.name(), size), &text, |b, text| {
                b.iter(|| black_box(docs::markdown(black_box(text))))
            });
        }
    }
    group.finish();
}

/// The median time of one rendering of each text, in milliseconds, over rounds filling about
/// `budget` (at least five). Each round renders every text once, so a change in the machine's
/// load between sizes does not show as a change of slope.
fn medians_ms(texts: &[String], budget: Duration) -> Vec<f64> {
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); texts.len()];
    let start = Instant::now();
    let mut rounds = 0;
    while rounds < 5 || (start.elapsed() < budget && rounds < 1_000) {
        for (text, times) in texts.iter().zip(&mut times) {
            let run = Instant::now();
            black_box(docs::markdown(black_box(text)));
            times.push(run.elapsed().as_secs_f64() * 1e3);
        }
        rounds += 1;
    }
    times
        .into_iter()
        .map(|mut times| {
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        })
        .collect()
}

/// One line per kind: milliseconds at each size, so that linearity can be read off.
fn linear(_: &mut Criterion) {
    // A smoke run (`cargo test --benches`) is unoptimised: its times mean nothing.
    if !bench_mode() {
        return;
    }
    for kind in Kind::ALL {
        let name = format!("docs/linear/{}", kind.name());
        if !selected(&name) {
            continue;
        }
        let texts: Vec<String> = SIZES.iter().map(|&size| kind.description(size)).collect();
        let times = medians_ms(&texts, Duration::from_secs(1));
        let sizes: Vec<String> = texts
            .iter()
            .zip(&times)
            .map(|(text, ms)| format!("{} B {ms:.3} ms", text.len()))
            .collect();
        let (first, last) = (0, texts.len() - 1);
        println!(
            "{name}: {}; the largest {:.1}x the time of the smallest for {:.1}x the bytes",
            sizes.join(", "),
            times[last] / times[first],
            texts[last].len() as f64 / texts[first].len() as f64,
        );
    }
}

criterion_group!(benches, render, linear);
criterion_main!(benches);
