//! `cargo xtask languages`: how much of each product's documentation is in English.
//!
//! Reads the committed specs (`specs/apis`, or `--specs DIR`) and prints, per product, the
//! share of documented items (operations, members, documented values, error codes) that have
//! English text, over all of its operations and over those read with an English page. Items of
//! an API with an English page can still lack it: members, values and codes the newer Chinese
//! page added after the translation.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use apigen::emit::language_share::{language_share, LanguageShare, Share};
use apigen::spec::model::OperationSpec;
use apigen::spec::{shape_table, yaml};

/// Loads every operation spec under `dir` (`<product>/<version>/<Action>.yaml`), by product.
pub fn load(dir: &Path) -> Result<BTreeMap<String, Vec<OperationSpec>>, String> {
    let mut out: BTreeMap<String, Vec<OperationSpec>> = BTreeMap::new();
    let read = |d: &Path| -> Result<Vec<std::path::PathBuf>, String> {
        let mut paths: Vec<_> = std::fs::read_dir(d)
            .map_err(|e| format!("{}: {e}", d.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        Ok(paths)
    };
    for product in read(dir)?.into_iter().filter(|p| p.is_dir()) {
        let name = product
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for version in read(&product)?.into_iter().filter(|p| p.is_dir()) {
            for file in read(&version)? {
                let is_spec = file.extension().is_some_and(|e| e == "yaml")
                    && file.file_name().is_some_and(|n| n != shape_table::FILE);
                if !is_spec {
                    continue;
                }
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("{}: {e}", file.display()))?;
                let spec = yaml::from_yaml(&file, &text).map_err(|e| e.to_string())?;
                out.entry(name.clone()).or_default().push(spec);
            }
        }
    }
    Ok(out)
}

/// The per-product table, Markdown.
pub fn table(specs: &BTreeMap<String, Vec<OperationSpec>>) -> String {
    let mut out = String::from(
        "| product | operations | with an English page | operations in English | members | values | error codes | all items | all items, APIs with an English page |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut all = LanguageShare::default();
    let mut paired_all = LanguageShare::default();
    let (mut operations, mut paired_operations) = (0, 0);
    for (product, list) in specs {
        let share = language_share(list);
        let paired: Vec<&OperationSpec> = list.iter().filter(|s| s.source_en.is_some()).collect();
        let paired_share = language_share(paired.iter().copied());
        row(
            &mut out,
            product,
            list.len(),
            paired.len(),
            &share,
            &paired_share,
        );
        all += share;
        paired_all += paired_share;
        operations += list.len();
        paired_operations += paired.len();
    }
    row(
        &mut out,
        "**all**",
        operations,
        paired_operations,
        &all,
        &paired_all,
    );
    out
}

fn row(
    out: &mut String,
    product: &str,
    operations: usize,
    paired: usize,
    share: &LanguageShare,
    paired_share: &LanguageShare,
) {
    let _ = writeln!(
        out,
        "| {product} | {operations} | {paired} | {} | {} | {} | {} | {} | {} |",
        percent(share.operations),
        percent(share.members),
        percent(share.values),
        percent(share.error_codes),
        percent(share.total()),
        percent(paired_share.total()),
    );
}

fn percent(share: Share) -> String {
    match share.percent() {
        Some(p) => format!("{p}% of {}", share.documented),
        None => "–".into(),
    }
}

/// Runs the subcommand.
pub fn run(specs_dir: &Path) -> Result<(), String> {
    let specs = load(specs_dir)?;
    print!("{}", table(&specs));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_specs_load_and_every_product_has_a_row() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/apis");
        let specs = load(&dir).expect("committed specs load");
        let table = table(&specs);
        for product in specs.keys() {
            assert!(table.contains(&format!("| {product} |")), "{product}");
        }
        assert!(table.contains("| **all** |"));
    }
}
