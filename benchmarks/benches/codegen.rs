//! Codegen throughput: pages → specs → Rust → formatted files, in memory, over the corpus named
//! by `APIGEN_CORPUS` (the committed seed page when unset), and over 3x and 10x renamed copies
//! to show how it grows. Throughput is in pages (criterion's `elem/s`).
//!
//! The `stages` group times each stage on its own over the same pages: `read` (page model),
//! `tables` (the line, fence and table scan inside `read`), `spec` (page model to spec, response
//! nesting included), `emit` (specs to formatted files), `format` (the formatting inside `emit`)
//! and `yaml` (spec files).
//!
//! `cargo bench -p benchmarks --bench codegen`; under `cargo test --benches` it runs once on the
//! seed page.

use std::hint::black_box;
use std::time::Duration;

use apigen::pipeline;
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
    let scales: &[usize] = if benchmarks::bench_mode() {
        &[1, 3, 10]
    } else {
        &[1, 2]
    };
    let mut group = c.benchmark_group("codegen");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2));
    for &copies in scales {
        let pages = corpus::scaled(&inputs.pages, &inputs.products, copies);
        let (outcome, output) = pipeline::generate(&pages, &inputs.products, &settings);
        eprintln!(
            "codegen {copies}x: {} pages -> {} operations, {} crate files, {} errors",
            pages.len(),
            outcome.specs.len(),
            output.crate_files.len(),
            outcome.diagnostics.error_count()
        );
        group.throughput(Throughput::Elements(pages.len() as u64));
        group.measurement_time(Duration::from_secs(5 * copies as u64));
        group.bench_with_input(
            BenchmarkId::new("pipeline", format!("{copies}x")),
            &pages,
            |b, pages| b.iter(|| black_box(pipeline::generate(pages, &inputs.products, &settings))),
        );
    }
    group.finish();
}

fn stages(c: &mut Criterion) {
    let inputs = inputs();
    let pages = &inputs.pages;
    let models = corpus::read_pages(pages);
    let specs = corpus::build_specs(&models, &inputs.products);
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
    group.bench_function("emit", |b| {
        b.iter(|| black_box(corpus::emit(&products, &specs)))
    });
    group.bench_function("format", |b| {
        b.iter(|| black_box(corpus::format_files(&tokens)))
    });
    group.bench_function("yaml", |b| {
        b.iter(|| black_box(pipeline::spec_files(&specs, &inputs.products)))
    });
    group.finish();
}

criterion_group!(benches, whole_pipeline, stages);
criterion_main!(benches);
