//! What the corpus tests share: how a test finds a reference directory.

use std::collections::BTreeMap;
use std::path::PathBuf;

use apigen::pipeline::{self, PageInput};
use apigen::spec::model::OperationSpec;
use apigen::spec::product::ProductConfig;

/// The directory named by the environment variable `var`. Unset: prints that the test skipped
/// and gives `None` (a user's clone has no corpus). Set but not a directory: fails the test.
pub fn reference_dir(var: &str) -> Option<PathBuf> {
    let Some(dir) = std::env::var_os(var) else {
        println!("skipped: {var} not set");
        return None;
    };
    let dir = PathBuf::from(dir);
    assert!(
        dir.is_dir(),
        "{var} is set but {} is not a directory",
        dir.display()
    );
    Some(dir)
}

/// The specs of `kept` (the ones codegen keeps) built again from their pages with no override
/// applied: what the reader itself took from each page.
#[allow(dead_code)] // Not every test that shares this module rebuilds specs.
pub fn rebuilt_without_overrides(
    pages: &[PageInput],
    products: &BTreeMap<String, ProductConfig>,
    kept: &[OperationSpec],
) -> Vec<OperationSpec> {
    let texts: BTreeMap<&str, &str> = pages
        .iter()
        .map(|p| (p.label.as_str(), p.text.as_str()))
        .collect();
    let mut rebuilt = Vec::new();
    for spec in kept {
        let label = spec.source.page.as_str();
        let (Some(text), Some(product)) = (
            texts.get(label),
            pipeline::routing::product_of_spec(products, label, &spec.product),
        ) else {
            continue;
        };
        let mut diags = apigen::diagnostics::Diagnostics::new();
        let page = apigen::page::read(label, text, &mut diags);
        if let Some(spec) = apigen::spec::build::build(&page, product, &mut diags) {
            rebuilt.push(spec);
        }
    }
    rebuilt
}
