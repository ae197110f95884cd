//! Codegen throughput: pages → specs → Rust → formatted files, in memory, over the corpus named
//! by `APIGEN_CORPUS` (the committed seed page when unset), and over 3x and 10x renamed copies
//! to show how it grows. Throughput is in pages (criterion's `elem/s`).
//!
//! The `stages` group times each stage on its own over the same pages: `read` (page model),
//! `tables` (the line, fence and table scan inside `read`), `spec` (page model to spec, response
//! nesting included), `emit` (specs to formatted files), `format` (the formatting inside `emit`)
//! and `yaml` (spec files).
//!
//! It runs with the allocator `cargo xtask codegen` uses (mimalloc). Work runs on every core
//! (`RAYON_NUM_THREADS=1` for one thread); each scale prints the peak resident memory of its
//! first run. `APIGEN_BENCH_SCALES=1,3` limits the scales measured.
//!
//! `cargo bench -p benchmarks --bench codegen`; under `cargo test --benches` it runs once on the
//! seed page.

use std::hint::black_box;

// The allocator of `cargo xtask codegen`, so that this measures what maintainers run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use apigen::pipeline;
use apigen::spec::shape_table;
use benchmarks::corpus::{self, Inputs};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

fn inputs() -> Inputs {
    let inputs = if benchmarks::bench_mode() {
        Inputs::from_env()
    } else {
        Inputs::seed()
    };
    let inputs = inputs.unwrap_or_else(|e| panic!("cannot read the pages: {e}"));
    eprintln!("codegen input: {}", inputs.describe());
    inputs
}

fn whole_pipeline(c: &mut Criterion) {
    let inputs = inputs();
    let settings = corpus::crate_settings();
    // `APIGEN_BENCH_SCALES=1,3` measures only those scales: the 10x run alone takes minutes.
    let scales: Vec<usize> = if benchmarks::bench_mode() {
        std::env::var("APIGEN_BENCH_SCALES")
            .ok()
            .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
            .filter(|v: &Vec<usize>| !v.is_empty())
            .unwrap_or_else(|| vec![1, 3, 10])
    } else {
        vec![1, 2]
    };
    let mut group = c.benchmark_group("codegen");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2));
    eprintln!("codegen threads: {}", rayon::current_num_threads());
    for &copies in &scales {
        let pages = corpus::scaled(&inputs.pages, &inputs.products, copies);
        // The peak of one whole run (pages held, specs, every file's text), over what the
        // process held before it: the pages and the bench's own state.
        let reset = corpus::reset_peak_rss();
        let before = corpus::peak_rss_kib();
        let start = Instant::now();
        let (outcome, output) = pipeline::generate(&pages, &[], &inputs.products, &settings);
        let elapsed = start.elapsed();
        let peak = corpus::peak_rss_kib();
        let mib =
            |kib: Option<u64>| kib.map_or("?".to_string(), |k| format!("{:.1}", k as f64 / 1024.0));
        eprintln!(
            "codegen {copies}x: {} pages -> {} operations, {} crate files ({:.1} MiB), {} errors; first run {:.2} s; peak RSS {} MiB ({} MiB before the run{})",
            pages.len(),
            outcome.specs.len(),
            output.crate_files.len(),
            output.crate_files.values().map(String::len).sum::<usize>() as f64 / (1024.0 * 1024.0),
            outcome.diagnostics.error_count(),
            elapsed.as_secs_f64(),
            mib(peak),
            mib(before),
            if reset { "" } else { "; peak not reset, so it is the process's peak" },
        );
        drop((outcome, output));
        group.throughput(Throughput::Elements(pages.len() as u64));
        // Flat sampling takes at least 10 runs; leave about that much time, no more, so the 10x
        // run stays a few minutes.
        group.measurement_time(Duration::from_secs_f64(
            (elapsed.as_secs_f64() * 11.0).max(5.0),
        ));
        group.bench_with_input(
            BenchmarkId::new("pipeline", format!("{copies}x")),
            &pages,
            |b, pages| {
                b.iter(|| black_box(pipeline::generate(pages, &[], &inputs.products, &settings)))
            },
        );
    }
    group.finish();
}

fn stages(c: &mut Criterion) {
    let inputs = inputs();
    let pages = &inputs.pages;
    let models = corpus::read_pages(pages);
    let mut specs = corpus::build_specs(&models, &inputs.products);
    // The shape tables name the structs and enums the emitter prints, as codegen does.
    let (tables, _) = shape_table::assign(&mut specs, &Default::default());
    let products = corpus::products_used(&inputs.products, &specs);
    let files = corpus::emit(&products, &specs);
    let tokens = corpus::emitted_tokens(&files);

    let mut group = c.benchmark_group("stages");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("read", |b| b.iter(|| black_box(corpus::read_pages(pages))));
    group.bench_function("tables", |b| {
        b.iter(|| black_box(corpus::find_tables(pages)))
    });
    group.bench_function("spec", |b| {
        b.iter(|| black_box(corpus::build_specs(&models, &inputs.products)))
    });
    group.bench_function("shapes", |b| {
        b.iter_batched(
            || specs.clone(),
            |mut specs| black_box(shape_table::assign(&mut specs, &Default::default())),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("emit", |b| {
        b.iter(|| black_box(corpus::emit(&products, &specs)))
    });
    group.bench_function("format", |b| {
        b.iter(|| black_box(corpus::format_files(&tokens)))
    });
    group.bench_function("yaml", |b| {
        b.iter(|| black_box(pipeline::spec_files(&specs, &tables, &inputs.products)))
    });
    group.finish();
}

criterion_group!(benches, whole_pipeline, stages);
criterion_main!(benches);
