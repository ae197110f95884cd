//! Snapshot of every file emitted for the seed operation (CreateLocalJoinPermission), written
//! by hand as a spec from the seed page.

use std::path::Path;

use apigen::diagnostics::Diagnostics;
use apigen::emit::{emit_crate, CrateSettings};
use apigen::spec::yaml::{from_yaml, product_from_yaml};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emit").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn seed_crate_files() {
    let product = product_from_yaml(Path::new("linkwan.product.yaml"), &fixture("linkwan.product.yaml")).unwrap();
    let spec = from_yaml(Path::new("CreateLocalJoinPermission.yaml"), &fixture("CreateLocalJoinPermission.yaml")).unwrap();
    let settings = CrateSettings {
        name: "alibabacloud".to_string(),
        version: "0.1.0".to_string(),
        runtime_path: "../runtime".to_string(),
        standalone: false,
    };
    let mut diags = Diagnostics::new();
    let files = emit_crate(&settings, &[product], &[spec], &mut diags);
    assert!(diags.items().is_empty(), "{:#?}", diags.items());
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_yaml_snapshot!("seed_paths", paths);
    for (path, content) in &files {
        insta::assert_snapshot!(format!("seed__{}", path.replace('/', "__")), content);
    }
}
