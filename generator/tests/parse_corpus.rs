//! Reads every page of a page corpus (the directory named by `APIGEN_CORPUS`, laid out as
//! `<product folder>/<Api>/<revision>.md`) with its product configuration, and checks that no
//! page panics the reader and none gives an error, and that every product's overrides still
//! match the specs read. Warning counts are printed by kind.
//!
//! To look closer: `APIGEN_CORPUS_SHOW=<kind>` prints every diagnostic of that kind, and
//! `APIGEN_CORPUS_DUMP=<text>` prints the spec YAML of every page whose path contains `<text>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apigen::diagnostics::{Diagnostics, Severity};
use apigen::pipeline;
use apigen::spec::{build, yaml};

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name != "README.md" && name != "FORMATS.md" {
                out.push(path);
            }
        }
    }
}

#[test]
fn every_corpus_page_reads_without_errors() {
    let Some(corpus) = std::env::var_os("APIGEN_CORPUS") else {
        println!("skipped: APIGEN_CORPUS not set");
        return;
    };
    let corpus = PathBuf::from(corpus);
    assert!(
        corpus.is_dir(),
        "APIGEN_CORPUS is set but {} is not a directory",
        corpus.display()
    );
    let products_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/products");

    let mut files = Vec::new();
    pages(&corpus, &mut files);
    assert!(!files.is_empty(), "no pages under {}", corpus.display());

    let show = std::env::var("APIGEN_CORPUS_SHOW").ok();
    let dump = std::env::var("APIGEN_CORPUS_DUMP").ok();
    let mut all = Diagnostics::new();
    let mut built = 0;
    let mut panicked = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&corpus).unwrap_or(file);
        let label = relative.to_string_lossy().replace('\\', "/");
        let folder = label.split('/').next().unwrap_or_default().to_string();
        let product_path = products_dir.join(format!("{folder}.yaml"));
        let product_text = std::fs::read_to_string(&product_path)
            .unwrap_or_else(|e| panic!("{}: {e}", product_path.display()));
        let product =
            yaml::product_from_yaml(&product_path, &product_text).unwrap_or_else(|e| panic!("{e}"));
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let result = std::panic::catch_unwind(|| {
            let mut diags = Diagnostics::new();
            let page = apigen::page::read(&label, &text, &mut diags);
            let spec = build::build(&page, &product, &mut diags);
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
                all.extend(diags);
            }
            Err(_) => panicked.push(label),
        }
    }

    // Overrides apply to what codegen keeps, the newest revision of each API, so they are
    // checked through the pipeline rather than against every revision read above.
    let pages = pipeline::discover(&corpus).unwrap_or_else(|e| panic!("{e}"));
    let products = pipeline::load_products(&products_dir).unwrap_or_else(|e| panic!("{e}"));
    let outcome = pipeline::read_pages(&pages, &products);
    for d in outcome.diagnostics.items() {
        if matches!(d.kind, "stale-override" | "override-shape") {
            all.push(d.clone());
        }
    }

    let mut by_kind: BTreeMap<(Severity, &str), usize> = BTreeMap::new();
    for ((severity, kind), n) in all.counts_by_kind() {
        by_kind.insert((severity, kind), n);
    }
    println!("pages: {}, specs built: {built}", files.len());
    for ((severity, kind), n) in &by_kind {
        println!("{severity:?} {kind}: {n}");
    }
    for d in all.items().iter().filter(|d| d.severity == Severity::Error) {
        println!("{d}");
    }
    assert!(panicked.is_empty(), "pages that panicked: {panicked:?}");
    assert_eq!(all.error_count(), 0, "errors in the corpus (printed above)");
}

/// A small deterministic generator, so that a failing mutation can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        if bound == 0 {
            0
        } else {
            ((self.0 >> 33) as usize) % bound
        }
    }
}

/// One mutation of a page's bytes: a deleted line, an extra pipe, a table cut short, random
/// bytes, or a cut at any byte (which may split a UTF-8 character).
fn mutate(bytes: &[u8], rng: &mut Lcg) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = rng.next(out.len() + 1);
    match rng.next(5) {
        0 => {
            let start = out
                .get(..at)
                .and_then(|b| b.iter().rposition(|c| *c == b'\n'))
                .map_or(0, |p| p + 1);
            let end = out
                .get(at..)
                .and_then(|b| b.iter().position(|c| *c == b'\n'))
                .map_or(out.len(), |p| at + p + 1);
            out.drain(start..end);
        }
        1 => out.insert(at, b'|'),
        2 => {
            let table = out.windows(2).position(|w| w == b"\n|").unwrap_or(0);
            out.truncate((table + rng.next(400)).min(out.len()));
        }
        3 => {
            for _ in 0..8 {
                let pos = rng.next(out.len() + 1);
                out.insert(pos, rng.next(256) as u8);
            }
        }
        _ => out.truncate(at),
    }
    out
}

#[test]
fn mutated_corpus_pages_never_panic() {
    let Some(corpus) = std::env::var_os("APIGEN_CORPUS") else {
        println!("skipped: APIGEN_CORPUS not set");
        return;
    };
    let corpus = PathBuf::from(corpus);
    assert!(
        corpus.is_dir(),
        "APIGEN_CORPUS is set but {} is not a directory",
        corpus.display()
    );
    let product = yaml::product_from_yaml(Path::new("inline.yaml"), "folder: x\ncode: X\ndefault_version: 2000-01-01\nendpoint:\n  prefix: x\n  regional: false\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut files = Vec::new();
    pages(&corpus, &mut files);
    let mut rng = Lcg(0x5eed);
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for round in 0..6 {
            let mutated = mutate(&bytes, &mut rng);
            let text = String::from_utf8_lossy(&mutated).into_owned();
            let result = std::panic::catch_unwind(|| {
                let mut diags = Diagnostics::new();
                let page = apigen::page::read("mutated.md", &text, &mut diags);
                let _ = build::build(&page, &product, &mut diags);
            });
            if result.is_err() {
                failures.push(format!("{} round {round}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "mutations that panicked: {failures:?}");
}
