//! Reads every page of the English page corpus (the directory named by `APIGEN_CORPUS_EN`, laid
//! out as the Chinese corpus is: `<product folder>/<Api>/<revision>.md`) with the products'
//! configurations, and checks that no page panics the reader and that every error points at a
//! line of the page (or the configuration) it is about.
//!
//! English pages may give errors, unlike the Chinese corpus: the configurations were written
//! for the Chinese pages (their exclusions and overrides name Chinese pages), and a few English
//! pages are guides without an API (`Report monitoring data by sending an HTTP request`). What
//! must not happen is an error no one can find. Counts by kind are printed.

use std::collections::BTreeMap;
use std::path::Path;

use apigen::diagnostics::{Diagnostics, Severity};
use apigen::page::Language;
use apigen::pipeline;
use apigen::spec::build;

mod support;

#[test]
fn every_english_page_reads_without_panics_or_unlocated_errors() {
    let Some(corpus) = support::reference_dir("APIGEN_CORPUS_EN") else {
        return;
    };
    let products_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/products");
    let pages = pipeline::discover(&corpus).unwrap_or_else(|e| panic!("{e}"));
    assert!(!pages.is_empty(), "no pages under {}", corpus.display());
    let products = pipeline::load_products(&products_dir).unwrap_or_else(|e| panic!("{e}"));

    let mut panicked = Vec::new();
    let mut not_english = Vec::new();
    let mut built = 0;
    for input in &pages {
        let (label, text) = (&input.label, &input.text);
        let folder = pipeline::folder_of(label);
        let candidates = pipeline::products_of(&products, folder);
        assert!(
            !candidates.is_empty(),
            "{label}: no product configuration claims folder `{folder}`"
        );
        let result = std::panic::catch_unwind(|| {
            let mut diags = Diagnostics::new();
            let page = apigen::page::read(label, text, &mut diags);
            let product = pipeline::routing::route_one(&page, &candidates).unwrap_or(candidates[0]);
            let spec = build::build(&page, product, &mut diags);
            (page.language, spec.is_some())
        });
        match result {
            Ok((language, spec)) => {
                built += usize::from(spec);
                // A page that documents parameters in English must read as English.
                if language == Language::Chinese {
                    not_english.push(label.clone());
                }
            }
            Err(_) => panicked.push(label.clone()),
        }
    }

    // The run codegen makes, with every revision at hand.
    let outcome = pipeline::read_pages(&pages, &products);
    let lines_of: BTreeMap<&str, usize> = pages
        .iter()
        .map(|p| (p.label.as_str(), p.text.lines().count()))
        .collect();
    let mut by_kind: BTreeMap<(Severity, &str), usize> = BTreeMap::new();
    for ((severity, kind), n) in outcome.diagnostics.counts_by_kind() {
        by_kind.insert((severity, kind), n);
    }
    println!("pages: {}, specs built: {built}", pages.len());
    for ((severity, kind), n) in &by_kind {
        println!("{severity:?} {kind}: {n}");
    }
    let mut unlocated = Vec::new();
    for d in outcome
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        println!("{d}");
        let at = &d.location;
        let located = match lines_of.get(at.file.as_str()) {
            Some(&lines) => at.line >= 1 && at.line <= lines.max(1),
            None => at.file.ends_with(".yaml") && at.line >= 1,
        };
        if !located {
            unlocated.push(format!("{}:{}: {}", at.file, at.line, d.kind));
        }
    }
    assert!(panicked.is_empty(), "pages that panicked: {panicked:?}");
    assert!(
        unlocated.is_empty(),
        "errors pointing at no line of a page or configuration: {unlocated:?}"
    );
    assert!(
        not_english.is_empty(),
        "English pages read as Chinese: {not_english:?}"
    );
}
