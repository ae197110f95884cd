//! Hand-written hostile pages (`tests/hostile/`): pages that try to steer codegen out of its
//! output directory, into another URL than the one signed, or into code; and pages that are
//! strange but valid. The first set must give one located error per page; the second must
//! generate, with every page text kept inside doc strings and string literals.

use std::path::{Path, PathBuf};

use apigen::diagnostics::Severity;
use apigen::emit::CrateSettings;
use apigen::pipeline;
use apigen::spec::model::{Member, OperationSpec};

fn set(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

fn settings() -> CrateSettings {
    CrateSettings {
        name: "alibabacloud".into(),
        version: "0.1.0".into(),
        runtime_path: "../runtime".into(),
        repository: "https://example.com/alibabacloud".into(),
        standalone: true,
    }
}

fn run(name: &str) -> (pipeline::ReadOutcome, pipeline::Output) {
    let dir = set(name);
    let pages = pipeline::discover(&dir.join("pages")).expect("hostile pages");
    let products = pipeline::load_products(&dir.join("products")).expect("hostile products");
    pipeline::generate(&pages, &[], &products, &settings())
}

#[test]
fn each_refused_page_gives_one_located_error() {
    let (outcome, _) = run("refused");
    let mut errors: Vec<String> = outcome
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.location, d.kind))
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            "hostile/CI/2020-01-01_a.md:7:20 invalid-version",
            "hostile/ControlInPath/2020-01-01_a.md:12:1 invalid-path",
            "hostile/DotSegments/2020-01-01_a.md:12:1 invalid-path",
            "hostile/EncodedDots/2020-01-01_a.md:12:1 invalid-path",
            "hostile/Escape/2020-01-01_a.md:1:1 missing-name",
            "hostile/FragmentInPath/2020-01-01_a.md:12:1 invalid-path",
            "hostile/QuoteInPath/2020-01-01_a.md:12:1 invalid-path",
            "hostile/UnbalancedBrace/2020-01-01_a.md:12:1 invalid-path",
        ]
    );
    assert!(
        outcome.specs.is_empty(),
        "no refused page becomes an operation: {:?}",
        outcome.specs.iter().map(|s| &s.name).collect::<Vec<_>>()
    );
    // The rendered diagnostics carry no control character from the pages.
    for d in outcome.diagnostics.items() {
        let text = d.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
}

fn collect_idents(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Ident(ident) => out.push(ident.to_string()),
            proc_macro2::TokenTree::Group(group) => collect_idents(group.stream(), out),
            proc_macro2::TokenTree::Punct(_) | proc_macro2::TokenTree::Literal(_) => {}
        }
    }
}

fn secrets(members: &[Member], prefix: &str, out: &mut Vec<String>) {
    for m in members {
        let path = format!("{prefix}{}", m.name);
        if m.sensitive {
            out.push(path.clone());
        }
        secrets(&m.members, &format!("{path}."), out);
    }
}

fn spec<'a>(outcome: &'a pipeline::ReadOutcome, name: &str) -> &'a OperationSpec {
    outcome
        .specs
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("spec {name}"))
}

#[test]
fn accepted_pages_generate_and_their_text_stays_text() {
    let (outcome, output) = run("accepted");
    let errors: Vec<String> = outcome
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let names: Vec<&str> = outcome.specs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["DeepQuotes", "Injection", "Names", "Secrets"]);

    // Names that collide after case conversion are resolved, each collision a warning at the
    // row that declared the later member, naming both sides.
    let collisions: Vec<String> = outcome
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.kind == "name-collision")
        .map(|d| format!("{} {}", d.location, d.message))
        .collect();
    assert_eq!(collisions.len(), 5, "{collisions:#?}");
    for (at, needles) in [
        (
            "Names/2020-01-01_a.md:15:",
            ["`Names.self` (line 15)", "`Self` (line 14)"],
        ),
        (
            "Names/2020-01-01_a.md:21:",
            ["`o-n` (line 21)", "`ON` (line 22)"],
        ),
        (
            "Names/2020-01-01_a.md:37:",
            ["`Invalid.Mode` (line 37)", "`InvalidMode` (line 38)"],
        ),
    ] {
        assert!(
            collisions
                .iter()
                .any(|c| c.contains(at) && needles.iter().all(|n| c.contains(n))),
            "{at} {needles:?} in {collisions:#?}"
        );
    }

    // Secrets by name and by what the description says the value is.
    let mut found = Vec::new();
    let secrets_spec = spec(&outcome, "Secrets");
    secrets(&secrets_spec.request, "request.", &mut found);
    secrets(&secrets_spec.response, "response.", &mut found);
    assert_eq!(found, ["request.Key", "request.Psk", "response.Blob"]);

    // Every Rust file parses, and no page text became an item, a statement or an attribute
    // other than `doc`: the pages write `pwned` as code in many ways, and it never becomes an
    // identifier (it stays inside doc strings and string literals).
    let mut rust_files = 0;
    for (path, text) in &output.crate_files {
        if !path.ends_with(".rs") {
            continue;
        }
        rust_files += 1;
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut idents = Vec::new();
        collect_idents(quote::quote!(#file), &mut idents);
        assert!(
            !idents.iter().any(|i| i == "pwned"),
            "{path}: page text became code"
        );
        assert!(idents.len() > 10, "{path}: {} identifiers", idents.len());
    }
    assert!(rust_files >= 5, "{rust_files} Rust files");
}
