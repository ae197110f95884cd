//! Snapshots of every file emitted for the hand-written fixtures under `tests/fixtures/emit/`
//! (both products together), and of the diagnostics the tricky ones raise.

use std::path::{Path, PathBuf};

use apigen::diagnostics::Diagnostics;
use apigen::emit::{emit_crate, CrateSettings};
use apigen::spec::yaml::{from_yaml, product_from_yaml};

fn fixtures() -> (
    Vec<apigen::spec::product::ProductConfig>,
    Vec<apigen::spec::model::OperationSpec>,
) {
    fixtures_in("emit")
}

/// The products and specs of the fixture folder `tests/fixtures/<folder>/`.
fn fixtures_in(
    folder: &str,
) -> (
    Vec<apigen::spec::product::ProductConfig>,
    Vec<apigen::spec::model::OperationSpec>,
) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut products = Vec::new();
    let mut specs = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        if name.ends_with(".product.yaml") {
            products.push(product_from_yaml(Path::new(&name), &text).unwrap());
        } else if name.ends_with(".yaml") {
            specs.push(from_yaml(Path::new(&name), &text).unwrap());
        }
    }
    (products, specs)
}

fn settings() -> CrateSettings {
    CrateSettings {
        name: "alibabacloud".to_string(),
        version: "0.1.0".to_string(),
        runtime_path: "../runtime".to_string(),
        repository: "https://example.com/alibabacloud".into(),
        standalone: true,
    }
}

#[test]
fn fixture_crate_files() {
    let (products, specs) = fixtures();
    let mut diags = Diagnostics::new();
    let files = emit_crate(&settings(), &products, &specs, &mut diags);
    assert!(!diags.has_errors());
    let rendered: Vec<String> = diags.items().iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("fixture_diagnostics", rendered.join("\n"));
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_yaml_snapshot!("fixture_paths", paths);
    for (path, content) in &files {
        insta::assert_snapshot!(format!("fixture__{}", path.replace('/', "__")), content);
    }
}

/// The docs of one spec with English text beside the page's Chinese (`tests/fixtures/bilingual/`),
/// emitted in both orders: English first with the Chinese collapsed (`duo`), and Chinese first
/// with the English collapsed (`duozh`, `docs: chinese-first`). The crate's README and sources
/// are snapshotted; the manifests say nothing of the docs.
#[test]
fn bilingual_docs_in_both_orders() {
    let (products, specs) = fixtures_in("bilingual");
    let mut diags = Diagnostics::new();
    let files = emit_crate(&settings(), &products, &specs, &mut diags);
    assert!(diags.items().is_empty(), "{:?}", diags.items());
    let shown = files
        .iter()
        .filter(|(path, _)| path.starts_with("duo") && !path.ends_with("Cargo.toml"));
    for (path, content) in shown {
        insta::assert_snapshot!(format!("bilingual__{}", path.replace('/', "__")), content);
    }
}

#[test]
fn emission_is_deterministic_and_order_independent() {
    let (products, specs) = fixtures();
    let mut first_diags = Diagnostics::new();
    let first = emit_crate(&settings(), &products, &specs, &mut first_diags);
    let mut reversed_products = products.clone();
    reversed_products.reverse();
    let mut reversed_specs = specs.clone();
    reversed_specs.reverse();
    let mut second_diags = Diagnostics::new();
    let second = emit_crate(
        &settings(),
        &reversed_products,
        &reversed_specs,
        &mut second_diags,
    );
    assert_eq!(first, second);
}

#[test]
fn specs_of_unknown_products_are_reported_not_emitted() {
    let (products, mut specs) = fixtures();
    let mut orphan = specs[0].clone();
    orphan.product = "Nowhere".to_string();
    orphan.name = "OrphanThing".to_string();
    specs.push(orphan);
    let mut diags = Diagnostics::new();
    let files = emit_crate(&settings(), &products, &specs, &mut diags);
    let kinds: Vec<&str> = diags.items().iter().map(|d| d.kind).collect();
    assert!(kinds.contains(&"unknown-product"), "{kinds:?}");
    assert!(!files.keys().any(|p| p.contains("orphan_thing")));
}
