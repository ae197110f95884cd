//! Snapshot of every file emitted for the seed operation (CreateLocalJoinPermission), produced
//! the way `cargo xtask codegen` produces it: from the committed seed page and product
//! configuration, through the whole pipeline.

use std::path::Path;

use apigen::emit::CrateSettings;
use apigen::pipeline;

#[test]
fn seed_crate_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // The seed page alone: the other committed products have their own figures and tests.
    let pages: Vec<_> = pipeline::discover(&root.join("specs/pages"))
        .expect("the committed pages are readable")
        .into_iter()
        .filter(|p| p.label == "linkwan/CreateLocalJoinPermission.md")
        .collect();
    let products = pipeline::load_products(&root.join("specs/products"))
        .expect("the product configurations load");
    let settings = CrateSettings {
        name: "alibabacloud".to_string(),
        version: "0.1.0".to_string(),
        runtime_path: "../runtime".to_string(),
        repository: "https://example.com/alibabacloud".into(),
        standalone: false,
    };
    let (outcome, output) = pipeline::generate(&pages, &[], &products, &settings);
    assert!(
        outcome.diagnostics.items().is_empty(),
        "{:#?}",
        outcome.diagnostics.items()
    );
    let paths: Vec<&str> = output.crate_files.keys().map(String::as_str).collect();
    insta::assert_yaml_snapshot!("seed_paths", paths);
    for (path, content) in &output.crate_files {
        insta::assert_snapshot!(format!("seed__{}", path.replace('/', "__")), content);
    }
}
