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
//!
//! The crates of the names fixture (`tests/fixtures/names/`: members, values and error codes whose
//! Rust names collide) and of the bilingual one (`tests/fixtures/bilingual/`: docs in two
//! languages, one collapsed) are small, so they are checked on every run: clippy and rustdoc with
//! `-D warnings`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use apigen::diagnostics::Diagnostics;
use apigen::emit::{emit_crate, CrateSettings};
use apigen::spec::model::OperationSpec;
use apigen::spec::product::ProductConfig;
use apigen::spec::yaml::{from_yaml, product_from_yaml};

fn fixtures_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The products and specs of a fixture folder.
fn read_fixtures(dir: &Path) -> (Vec<ProductConfig>, Vec<OperationSpec>) {
    let mut products = Vec::new();
    let mut specs = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
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
    (products, specs)
}

/// Emits the fixtures of `dirs` as a standalone workspace of crates depending on the
/// repository's runtime by path; fails on any error.
fn emit_fixtures(dirs: &[PathBuf]) -> BTreeMap<String, String> {
    let (mut products, mut specs) = (Vec::new(), Vec::new());
    for dir in dirs {
        let (more_products, more_specs) = read_fixtures(dir);
        products.extend(more_products);
        specs.extend(more_specs);
    }
    let settings = CrateSettings {
        name: "alibabacloud".to_string(),
        version: "0.1.0".to_string(),
        runtime_path: workspace().join("runtime").to_string_lossy().to_string(),
        repository: "https://example.com/alibabacloud".into(),
        standalone: true,
    };
    let mut diags = Diagnostics::new();
    let files = emit_crate(&settings, &products, &specs, &mut diags);
    for d in diags.items() {
        eprintln!("{d}");
    }
    assert!(!diags.has_errors());
    files
}

#[test]
#[ignore = "writes the fixture crate to target/emit-fixture for a manual cargo check"]
fn write_fixture_crate() {
    let files = emit_fixtures(&[fixtures_dir("emit")]);
    let out = workspace().join("target/emit-fixture");
    write_crates(&out, &files);
}

/// Writes `files` under `out` as a fresh set of crates; the build directory and lock file are
/// kept.
fn write_crates(out: &Path, files: &BTreeMap<String, String>) {
    if let Ok(entries) = std::fs::read_dir(out) {
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
    for (path, content) in files {
        let target = out.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, content).unwrap();
    }
    eprintln!("wrote {} files to {}", files.len(), out.display());
}

/// Runs cargo in `dir` with its own target directory (the one running this test is locked),
/// offline with the workspace's lock file; fails with cargo's output unless it succeeds.
fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let (command, rest) = args.split_first().expect("a cargo command");
    let output = Command::new(cargo)
        .arg(command)
        .args(["--offline", "--quiet"])
        .args(rest)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .envs(env.iter().copied())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {}:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Names that collide (`Self` and `self`, `type` and `Type`, values `o-n`, `ON` and `on`, codes
/// `InvalidParameter.Format` and `InvalidParameterFormat`) give a crate that passes clippy and
/// rustdoc with `-D warnings`; so do docs in English and Chinese, one language collapsed under
/// the other, in either order (built in the same workspace, one build for both). The products
/// are checked without the runtime's default features
/// (no TLS stack to compile), so the first run costs a check build of the runtime's few
/// dependencies and later runs seconds.
#[test]
fn colliding_names_compile_without_warnings() {
    let files = emit_fixtures(&[fixtures_dir("names"), fixtures_dir("bilingual")]);
    assert!(files["duo/src/v2023_03_03/create_widget.rs"].contains("<details><summary>中文"));
    assert!(files["duozh/src/v2023_03_03/create_widget.rs"].contains("<details><summary>English"));
    let module = &files["names/src/v2022_02_22/collide.rs"];
    for field in [
        "pub self_: String",
        "pub self_2: Option<String>",
        "pub type_2: Option<String>",
        "pub new_2: Option<String>",
    ] {
        assert!(module.contains(field), "no `{field}` in:\n{module}");
    }
    // The response's `Data` is a shape of the version, defined in its `types` module.
    let shapes = &files["names/src/v2022_02_22/types.rs"];
    assert!(
        shapes.contains("pub crate_2: Option<String>"),
        "no `crate_2` in:\n{shapes}"
    );
    assert!(!module.contains("__"), "a double underscore in:\n{module}");
    let types = &files["names/src/v2022_02_22/types.rs"];
    for variant in [
        "OHyphenN,",
        "OnUpper,",
        "OnLower,",
        "OtherValue,",
        "SelfCapitalized,",
        "SelfLower,",
        "SelfUpper,",
        "InvalidParameterDotFormat,",
        "InvalidParameterFormat,",
    ] {
        assert!(types.contains(variant), "no `{variant}` in:\n{types}");
    }

    let out = workspace().join("target/emit-names");
    write_crates(&out, &files);
    std::fs::copy(workspace().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let features = ["--workspace", "--no-default-features"];
    cargo(
        &out,
        &[
            &["clippy", "--all-targets"][..],
            &features,
            &["--", "-D", "warnings"],
        ]
        .concat(),
        &[],
    );
    cargo(
        &out,
        &[&["doc", "--no-deps"][..], &features].concat(),
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
}
