//! Emits the Rust module of the `ListNodeGroups` fixture spec with the generator itself, so the
//! decoding and loopback benchmarks always measure what the emitter produces today.
//!
//! Output in `OUT_DIR`:
//! - `linkwan/<version module>/*.rs`: the version module exactly as `cargo xtask codegen` writes it;
//! - `generated.rs`: `pub mod <version module>;` pointing at it, for `include!`;
//! - `ListNodeGroups.json`: the page's JSON response example.

use std::path::{Path, PathBuf};

use apigen::diagnostics::Diagnostics;
use apigen::emit::{emit_crate, CrateSettings};
use apigen::spec::yaml::{from_yaml, product_from_yaml};

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let spec_path = manifest.join("fixtures/ListNodeGroups.yaml");
    let product_path = manifest.join("../specs/products/linkwan.yaml");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    println!("cargo:rerun-if-changed={}", product_path.display());

    let spec = from_yaml(&spec_path, &read(&spec_path)).unwrap_or_else(|e| panic!("{e}"));
    let product =
        product_from_yaml(&product_path, &read(&product_path)).unwrap_or_else(|e| panic!("{e}"));
    let settings = CrateSettings {
        name: "alibabacloud".into(),
        version: "0.1.0".into(),
        runtime_path: "../runtime".into(),
        repository: "https://example.com/alibabacloud".into(),
        standalone: false,
    };
    let mut diagnostics = Diagnostics::new();
    let files = emit_crate(
        &settings,
        &[product],
        std::slice::from_ref(&spec),
        &mut diagnostics,
    );
    for d in diagnostics.items() {
        println!(
            "cargo:warning={}",
            d.to_string().lines().next().unwrap_or_default()
        );
    }
    assert!(
        !diagnostics.has_errors(),
        "emitting the fixture spec failed"
    );

    // Keep only the version module: `linkwan/src/<module>/...` (the product crate's).
    let mut module = None;
    for (path, text) in &files {
        let parts: Vec<&str> = path.split('/').collect();
        if let ["linkwan", "src", version, file] = parts.as_slice() {
            module = Some(version.to_string());
            let dir = out.join("linkwan").join(version);
            std::fs::create_dir_all(&dir).expect("OUT_DIR is writable");
            write(&dir.join(file), text);
        }
    }
    let module = module.expect("the fixture spec emits a version module");
    let mod_rs = out.join("linkwan").join(&module).join("mod.rs");
    let include = format!(
        // A plain comment, not an outer doc: rustdoc would resolve the module's own intra-doc
        // links (`[`Client`]`) from here, outside the module, and fail.
        "// The `ListNodeGroups` version module, emitted from `fixtures/ListNodeGroups.yaml`.\n\
         #[path = {path:?}]\n\
         pub mod {module};\n\
         pub use {module} as version;\n",
        path = mod_rs.display().to_string(),
    );
    write(&out.join("generated.rs"), &include);
    let example = spec
        .examples
        .json
        .as_deref()
        .expect("the fixture spec has a JSON response example");
    write(&out.join("ListNodeGroups.json"), example);
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
