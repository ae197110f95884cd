//! Reads every page of a page corpus (the directory named by `APIGEN_CORPUS`, laid out as
//! `<product folder>/<Api>/<revision>.md`) with its product configuration, and checks that no
//! page panics the reader and none gives an error, and that every product's overrides and
//! exclusions still match the specs and pages read. Pages a product excludes are not read. Warning counts are printed by kind. (Damaged pages are the mutation
//! test's business.)
//!
//! To look closer: `APIGEN_CORPUS_SHOW=<kind>` prints every diagnostic of that kind, and
//! `APIGEN_CORPUS_DUMP=<text>` prints the spec YAML of every page whose path contains `<text>`.

use std::collections::BTreeMap;
use std::path::Path;

use apigen::diagnostics::{Diagnostics, Severity};
use apigen::pipeline;
use apigen::spec::{build, yaml};

mod support;

#[test]
fn every_corpus_page_reads_without_errors() {
    let Some(corpus) = support::reference_dir("APIGEN_CORPUS") else {
        return;
    };
    let products_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/products");
    let pages = pipeline::discover(&corpus).unwrap_or_else(|e| panic!("{e}"));
    assert!(!pages.is_empty(), "no pages under {}", corpus.display());
    let products = pipeline::load_products(&products_dir).unwrap_or_else(|e| panic!("{e}"));

    let show = std::env::var("APIGEN_CORPUS_SHOW").ok();
    let dump = std::env::var("APIGEN_CORPUS_DUMP").ok();
    let mut all = Diagnostics::new();
    let mut built = 0;
    let mut panicked = Vec::new();
    for input in &pages {
        let (label, text) = (&input.label, &input.text);
        let folder = pipeline::folder_of(label);
        let candidates = pipeline::products_of(&products, folder);
        assert!(
            !candidates.is_empty(),
            "{label}: no product configuration claims folder `{folder}`"
        );
        if candidates.iter().any(|p| p.excluded_by(label).is_some()) {
            continue;
        }
        let result = std::panic::catch_unwind(|| {
            let mut diags = Diagnostics::new();
            let page = apigen::page::read(label, text, &mut diags);
            // Routing on this page alone; the run below routes with every revision at hand.
            let product = pipeline::routing::route_one(&page, &candidates).unwrap_or(candidates[0]);
            let spec = build::build(&page, product, &mut diags);
            (spec, diags)
        });
        match result {
            Ok((spec, diags)) => {
                built += usize::from(spec.is_some());
                if let (Some(spec), Some(dump)) = (&spec, &dump) {
                    if label.contains(dump.as_str()) {
                        println!("=== {label}\n{}", yaml::to_yaml(spec));
                    }
                }
                for d in diags
                    .items()
                    .iter()
                    .filter(|d| show.as_deref() == Some(d.kind))
                {
                    println!("{d}");
                }
                // Errors are counted from the whole run below, where an older revision that a
                // newer one supersedes may fail to read (a warning there).
                for d in diags.items() {
                    if d.severity == Severity::Warning {
                        all.push(d.clone());
                    }
                }
            }
            Err(_) => panicked.push(label.clone()),
        }
    }

    // The run codegen makes: products routed with every revision at hand, older revisions
    // superseded, overrides and exclusions checked against what it keeps.
    let outcome = pipeline::read_pages(&pages, &products);
    for d in outcome.diagnostics.items() {
        if d.severity == Severity::Error {
            all.push(d.clone());
        }
    }

    let mut by_kind: BTreeMap<(Severity, &str), usize> = BTreeMap::new();
    for ((severity, kind), n) in all.counts_by_kind() {
        by_kind.insert((severity, kind), n);
    }
    println!("pages: {}, specs built: {built}", pages.len());
    for ((severity, kind), n) in &by_kind {
        println!("{severity:?} {kind}: {n}");
    }
    for d in all.items().iter().filter(|d| d.severity == Severity::Error) {
        println!("{d}");
    }
    assert!(panicked.is_empty(), "pages that panicked: {panicked:?}");
    assert_eq!(all.error_count(), 0, "errors in the corpus (printed above)");
}
