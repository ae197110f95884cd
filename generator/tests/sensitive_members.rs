//! The secret members of every committed spec, listed in one snapshot so that a change in what
//! is redacted (a new page, a reader change, an override) shows in review.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use apigen::spec::model::Member;
use apigen::spec::yaml::from_yaml;

fn spec_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            spec_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml")
            // Operation specs only: the shape tables beside them are not specs.
            && path
                .file_name()
                .is_none_or(|n| n != apigen::spec::shape_table::FILE)
        {
            out.push(path);
        }
    }
}

fn secrets(members: &[Member], prefix: &str, out: &mut Vec<String>) {
    for m in members {
        let path = if prefix.is_empty() {
            m.name.clone()
        } else {
            format!("{prefix}.{}", m.name)
        };
        if m.sensitive {
            out.push(path);
        } else {
            secrets(&m.members, &path, out);
        }
    }
}

#[test]
fn sensitive_members_of_the_committed_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/apis");
    let mut files = Vec::new();
    spec_files(&root, &mut files);
    assert!(files.len() > 1000, "specs under {}", root.display());
    let mut listing = String::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("spec file");
        let spec = from_yaml(&file, &text).unwrap_or_else(|e| panic!("{e}"));
        let mut found = Vec::new();
        secrets(&spec.request, "", &mut found);
        let requests = found.len();
        secrets(&spec.response, "", &mut found);
        for (at, path) in found.iter().enumerate() {
            let side = if at < requests { "request" } else { "response" };
            writeln!(
                listing,
                "{} {} {}: {side}.{path}",
                spec.product, spec.version, spec.name
            )
            .expect("write to a string");
        }
    }
    insta::assert_snapshot!(listing);
}
