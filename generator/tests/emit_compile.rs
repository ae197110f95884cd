//! Writes the crates emitted for every fixture under `tests/fixtures/emit/` to
//! `target/emit-fixture/` (a workspace of the entry crate and one crate per product), so they can
//! be compiled, linted and documented as real crates.
//!
//! Ignored by default (it writes outside the test's own data). Run it, then check the crate:
//!
//! ```text
//! cargo test -p apigen --test emit_compile -- --ignored
//! cd target/emit-fixture
//! cargo build --workspace --all-features && cargo clippy --workspace --all-targets --all-features -- -D warnings
//! RUSTDOCFLAGS="-D warnings" cargo doc --workspace --all-features --no-deps
//! cargo test --workspace --all-features
//! ```

use std::path::{Path, PathBuf};

use apigen::diagnostics::Diagnostics;
use apigen::emit::{emit_crate, CrateSettings};
use apigen::spec::yaml::{from_yaml, product_from_yaml};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emit")
}

#[test]
#[ignore = "writes the fixture crate to target/emit-fixture for a manual cargo check"]
fn write_fixture_crate() {
    let mut products = Vec::new();
    let mut specs = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        if name.ends_with(".product.yaml") {
            products.push(product_from_yaml(&path, &text).unwrap());
        } else if name.ends_with(".yaml") {
            specs.push(from_yaml(&path, &text).unwrap());
        }
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let out = workspace.join("target/emit-fixture");
    let settings = CrateSettings {
        name: "alibabacloud".to_string(),
        version: "0.1.0".to_string(),
        runtime_path: workspace.join("runtime").to_string_lossy().to_string(),
        repository: "https://example.com/alibabacloud".into(),
        standalone: true,
    };
    let mut diags = Diagnostics::new();
    let files = emit_crate(&settings, &products, &specs, &mut diags);
    for d in diags.items() {
        eprintln!("{d}");
    }
    assert!(!diags.has_errors());
    // A fresh set of crates; the build directory and lock file are kept.
    if let Ok(entries) = std::fs::read_dir(&out) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name == "target" || name == "Cargo.lock" {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
    for (path, content) in &files {
        let target = out.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, content).unwrap();
    }
    eprintln!("wrote {} files to {}", files.len(), out.display());
}
