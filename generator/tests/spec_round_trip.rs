//! Specs are a reviewed contract: loading one and saving it again must give back the same bytes,
//! or every run would churn the committed files.

use std::path::{Path, PathBuf};

use apigen::pipeline;
use apigen::spec::yaml::{from_yaml, to_yaml};

mod support;

fn spec_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            spec_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "yaml")
            // The shape tables are written from the specs, never read back.
            && path
                .file_name()
                .is_none_or(|n| n != apigen::spec::shape_table::FILE)
        {
            found.push(path);
        }
    }
}

#[test]
fn committed_specs_load_and_save_to_the_same_bytes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/apis");
    let mut files = Vec::new();
    spec_files(&dir, &mut files);
    assert!(!files.is_empty(), "no spec under {}", dir.display());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("spec is text");
        let spec = from_yaml(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            to_yaml(&spec),
            text,
            "{} does not round-trip",
            path.display()
        );
    }
}

/// Every spec the corpus gives survives save → load → save unchanged (types, trees, examples with
/// odd characters, multi-line descriptions).
#[test]
fn corpus_specs_round_trip() {
    let Some(corpus) = support::reference_dir("APIGEN_CORPUS") else {
        return;
    };
    let products =
        pipeline::load_products(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/products"))
            .expect("product configurations load");
    let pages = pipeline::discover(&corpus).expect("corpus pages are readable");
    let outcome = pipeline::read_pages(&pages, &products);
    assert!(
        outcome.specs.len() > 100,
        "only {} specs read",
        outcome.specs.len()
    );
    for spec in &outcome.specs {
        let text = to_yaml(spec);
        let back = from_yaml(Path::new(&spec.source.page), &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            &back, spec,
            "{} does not load back as itself",
            spec.source.page
        );
        assert_eq!(to_yaml(&back), text);
    }
}

#[test]
fn a_bad_spec_says_where_and_what() {
    let text = "name: X\nproduct: P\nversion: '1'\nhttp:\n  style: rpc\n  method: POST\nsource:\n  page: p.md\nrequest:\n- name: A\n  type: strng\n";
    let err = from_yaml(Path::new("X.yaml"), text).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("X.yaml:"), "{message}");
    assert!(message.contains("unknown type `strng`"), "{message}");
    assert!(
        err.location.is_some_and(|(line, _)| line >= 10),
        "{message}"
    );
}

#[test]
fn a_stale_or_unknown_key_is_a_located_error() {
    // Version 1 kept the style at the top level; version 2 has it under `http`.
    let stale = "name: X\nproduct: P\nversion: '1'\nstyle: rpc\nsource:\n  page: p.md\n";
    let err = from_yaml(Path::new("X.yaml"), stale).unwrap_err();
    assert_eq!(err.location.map(|(line, _)| line), Some(4), "{err}");
    assert!(err.to_string().contains("unknown field `style`"), "{err}");
    let nested = "name: X\nproduct: P\nversion: '1'\nhttp:\n  style: roa\n  method: GET\n  verb: GET\nsource:\n  page: p.md\n";
    let err = from_yaml(Path::new("X.yaml"), nested).unwrap_err();
    assert_eq!(err.location.map(|(line, _)| line), Some(7), "{err}");
    let member = "name: X\nproduct: P\nversion: '1'\nhttp:\n  style: rpc\n  method: GET\nsource:\n  page: p.md\nrequest:\n- name: A\n  type: string\n  position: body\n";
    let err = from_yaml(Path::new("X.yaml"), member).unwrap_err();
    assert!(
        err.to_string().contains("unknown field `position`"),
        "{err}"
    );
}
