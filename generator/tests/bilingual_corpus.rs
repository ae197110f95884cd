//! Both corpora read together, as codegen reads the committed pages: every English revision
//! (`APIGEN_CORPUS_EN`) beside every Chinese one (`APIGEN_CORPUS`), with the committed product
//! configurations.
//!
//! Checks that the run has no errors, that most APIs get their English page, that every
//! disagreement between the two languages is a warning pointing at a line of a page, that no
//! member name the Chinese page spells reaches the spec in another spelling, and that the
//! English text is there for every operation that got an English page.

use std::collections::BTreeMap;
use std::path::Path;

use apigen::diagnostics::Severity;
use apigen::pipeline;
use apigen::spec::model::{Member, OperationSpec};

mod support;

/// Every member name at every depth, with its parents: `Data.Items.Id`.
fn names(members: &[Member], parent: &str, out: &mut Vec<String>) {
    for m in members {
        let path = if parent.is_empty() {
            m.name.clone()
        } else {
            format!("{parent}.{}", m.name)
        };
        out.push(path.clone());
        names(&m.members, &path, out);
    }
}

fn all_names(spec: &OperationSpec) -> Vec<String> {
    let mut out = Vec::new();
    names(&spec.request, "request", &mut out);
    names(&spec.response, "response", &mut out);
    out
}

#[test]
fn english_pages_pair_with_the_chinese_ones_and_merge_cleanly() {
    let (Some(chinese), Some(english)) = (
        support::reference_dir("APIGEN_CORPUS"),
        support::reference_dir("APIGEN_CORPUS_EN"),
    ) else {
        return;
    };
    let products_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/products");
    let products = pipeline::load_products(&products_dir).unwrap_or_else(|e| panic!("{e}"));
    let zh_pages = pipeline::discover(&chinese).unwrap_or_else(|e| panic!("{e}"));
    let en_pages = pipeline::discover(&english).unwrap_or_else(|e| panic!("{e}"));

    let alone = pipeline::read_pages(&zh_pages, &products);
    let both = pipeline::read_pages_with_english(&zh_pages, &en_pages, &products);

    let errors: Vec<String> = both
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "errors:\n{}", errors.join("\n"));
    // The same APIs, English or not.
    assert_eq!(both.specs.len(), alone.specs.len());

    // 1,500 of the 2,362 APIs had an English page when this was written; fewer means pairing
    // broke, not that the pages changed.
    println!(
        "English pages read: {}, specs paired: {}, disagreements: {}",
        both.english.pages_read,
        both.english.paired,
        both.english.disagreements.len()
    );
    assert!(
        both.english.paired >= 1450,
        "only {} specs paired",
        both.english.paired
    );

    // Every disagreement is a warning at a line of one of the two pages.
    let lines_of: BTreeMap<&str, usize> = zh_pages
        .iter()
        .chain(&en_pages)
        .map(|p| (p.label.as_str(), p.text.lines().count()))
        .collect();
    let mut reported = 0;
    for d in both.diagnostics.items() {
        if !d.kind.starts_with("languages-differ-") {
            continue;
        }
        reported += 1;
        assert_eq!(d.severity, Severity::Warning, "{d}");
        let lines = lines_of
            .get(d.location.file.as_str())
            .unwrap_or_else(|| panic!("not at a page: {d}"));
        assert!(d.location.line >= 1 && d.location.line <= *lines, "{d}");
        assert!(
            d.message.contains("Chinese page") && d.message.contains("English page"),
            "{d}"
        );
    }
    assert_eq!(reported, both.english.disagreements.len());

    // A name the Chinese page spells reaches the spec in that spelling.
    let alone_by_key: BTreeMap<(&str, &str, &str), &OperationSpec> = alone
        .specs
        .iter()
        .map(|s| ((s.product.as_str(), s.version.as_str(), s.name.as_str()), s))
        .collect();
    let mut respelt = Vec::new();
    for spec in &both.specs {
        let key = (
            spec.product.as_str(),
            spec.version.as_str(),
            spec.name.as_str(),
        );
        let chinese = alone_by_key
            .get(&key)
            .unwrap_or_else(|| panic!("{key:?} lost its name"));
        let chinese_names = all_names(chinese);
        for name in all_names(spec) {
            // Pages can name two members apart by case alone (`Tag.N.Key`, `Tag.N.key`).
            let other = chinese_names
                .iter()
                .find(|c| c.eq_ignore_ascii_case(&name))
                .filter(|_| !chinese_names.contains(&name));
            if let Some(other) = other {
                respelt.push(format!("{}: {name} (Chinese page: {other})", spec.name));
            }
        }
    }
    assert!(respelt.is_empty(), "respelt names: {respelt:#?}");

    // Every operation with an English page has English text where its page gives any.
    let without: Vec<&str> = both
        .specs
        .iter()
        .filter(|s| s.source_en.is_some() && s.summary_en.is_empty() && s.description_en.is_empty())
        .map(|s| s.name.as_str())
        .collect();
    println!("paired operations without English text: {without:?}");
    assert!(
        without.len() * 100 <= both.english.paired,
        "{} paired operations have no English text: {without:?}",
        without.len()
    );
}
