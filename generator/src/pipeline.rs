//! The whole run, stage by stage: find pages, read each into a spec, keep the newest revision of
//! each API, apply the maintainers' overrides, and lay out the spec files and crate files to write.
//!
//! Nothing here touches the file system except [`discover`] and [`load_products`]; writing and
//! comparing files is the caller's business, so `codegen` and `check` share one code path.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::spec::model::OperationSpec;
use crate::spec::product::ProductConfig;
use crate::spec::shape_table::{self, ShapeTable};
use crate::spec::{build, overrides, waiters, yaml};
use crate::{emit, page};

pub mod english;
pub mod routing;

/// One page to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageInput {
    /// Path relative to the pages directory, with `/` separators: `linkwan/ListNodeGroups/2021-01-05_ab12.md`.
    pub label: String,
    /// The page text.
    pub text: String,
}

/// A file or directory that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct PipelineError {
    /// What could not be read.
    pub path: String,
    /// Why.
    pub message: String,
}

impl PipelineError {
    fn io(path: &Path, err: std::io::Error) -> Self {
        PipelineError {
            path: path.display().to_string(),
            message: err.to_string(),
        }
    }
}

/// File names under a pages directory that describe the pages rather than being one.
const NOT_PAGES: &[&str] = &["README.md", "FORMATS.md"];

/// Finds every page under `dir`, recursively, sorted by label so runs are reproducible.
pub fn discover(dir: &Path) -> Result<Vec<PageInput>, PipelineError> {
    let mut pages = Vec::new();
    walk(dir, dir, &mut pages)?;
    pages.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(pages)
}

fn walk(root: &Path, dir: &Path, pages: &mut Vec<PageInput>) -> Result<(), PipelineError> {
    let entries = std::fs::read_dir(dir).map_err(|e| PipelineError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| PipelineError::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| PipelineError::io(&path, e))?;
        if kind.is_dir() {
            walk(root, &path, pages)?;
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") || NOT_PAGES.contains(&name.as_str()) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| PipelineError::io(&path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| PipelineError {
            path: path.display().to_string(),
            message: format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let label = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        pages.push(PageInput { label, text });
    }
    Ok(())
}

/// Finds the pages under `dir` as [`discover`] does; when `dir` is itself one product's folder
/// (`specs/pages/kms`), its pages are labelled as if found from the parent (`kms/…`), so a single
/// product can be generated on its own.
pub fn discover_for(
    dir: &Path,
    products: &BTreeMap<String, ProductConfig>,
) -> Result<Vec<PageInput>, PipelineError> {
    let mut pages = discover(dir)?;
    let known = pages
        .iter()
        .any(|p| products.contains_key(folder_of(&p.label)));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !known && products.contains_key(&name) {
        for page in &mut pages {
            page.label = format!("{name}/{}", page.label);
        }
    }
    Ok(pages)
}

/// Loads every `<folder>.yaml` product configuration under `dir`, keyed by folder.
pub fn load_products(dir: &Path) -> Result<BTreeMap<String, ProductConfig>, PipelineError> {
    let mut products = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| PipelineError::io(dir, e))?;
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| PipelineError::io(&path, e))?;
        let config = yaml::product_from_yaml(&path, &text).map_err(|e| PipelineError {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if config.folder != stem {
            return Err(PipelineError {
                path: path.display().to_string(),
                message: format!(
                    "expected `folder: {stem}` (the file's name), found `folder: {}`",
                    config.folder
                ),
            });
        }
        products.insert(config.folder.clone(), config);
    }
    check_folders(&products)?;
    Ok(products)
}

/// Older revisions of an API that lost to a newer one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superseded {
    /// Product folder, version and action of the API.
    pub api: String,
    /// Page whose spec was kept.
    pub kept: String,
    /// Pages of older revisions, not emitted.
    pub dropped: Vec<String>,
}

/// What reading a set of pages gave.
#[derive(Debug, Clone, Default)]
pub struct ReadOutcome {
    /// The newest revision of each API, overrides applied, sorted by (folder, version, name).
    pub specs: Vec<OperationSpec>,
    /// Which revisions lost to newer ones.
    pub superseded: Vec<Superseded>,
    /// The shape table of each product version (`spec::shape_table`), by product and version.
    pub shape_tables: Vec<ShapeTable>,
    /// Number of pages read.
    pub pages_read: usize,
    /// How the English pages read beside the Chinese ones paired with them.
    pub english: english::EnglishOutcome,
    /// Everything found along the way.
    pub diagnostics: Diagnostics,
}

/// The product folder a page or spec belongs to: the first component of its label.
pub fn folder_of(label: &str) -> &str {
    label.split('/').next().unwrap_or(label)
}

/// The products claiming pages of `folder` (as their own folder or one of their further
/// `folders`), in key order. Several share a folder page by page ([`routing`]).
pub fn products_of<'a>(
    products: &'a BTreeMap<String, ProductConfig>,
    folder: &str,
) -> Vec<&'a ProductConfig> {
    products
        .values()
        .filter(|p| p.owns_folder(folder))
        .collect()
}

/// The folder of the product a spec belongs to: where its spec file goes and what its module is
/// named after. The page's own folder when no configuration claims it.
pub fn spec_folder<'a>(
    spec: &'a OperationSpec,
    products: &'a BTreeMap<String, ProductConfig>,
) -> &'a str {
    routing::product_of_spec(products, &spec.source.page, &spec.product)
        .map_or(folder_of(&spec.source.page), |p| p.folder.as_str())
}

/// Checks that products sharing a page folder can be told apart: each by its own product code.
pub fn check_folders(products: &BTreeMap<String, ProductConfig>) -> Result<(), PipelineError> {
    let mut owner: BTreeMap<(&str, String), &str> = BTreeMap::new();
    for product in products.values() {
        for folder in std::iter::once(&product.folder).chain(&product.folders) {
            let key = (folder.as_str(), product.code.to_ascii_lowercase());
            if let Some(first) = owner.insert(key, &product.folder) {
                return Err(PipelineError {
                    path: format!("specs/products/{}.yaml", product.folder),
                    message: format!("folder `{folder}` is already part of the product configured in specs/products/{first}.yaml with the same code `{}`; products sharing a folder need codes of their own", product.code),
                });
            }
        }
    }
    Ok(())
}

/// Reads every page into a spec, keeps the newest revision per API, applies overrides.
pub fn read_pages(pages: &[PageInput], products: &BTreeMap<String, ProductConfig>) -> ReadOutcome {
    read_pages_with_english(pages, &[], products)
}

/// As [`read_pages`], with English pages read beside the Chinese ones: each pairs with its
/// API's spec, and the two pages make one spec ([`english`]), before overrides apply.
pub fn read_pages_with_english(
    pages: &[PageInput],
    english_pages: &[PageInput],
    products: &BTreeMap<String, ProductConfig>,
) -> ReadOutcome {
    let mut diagnostics = Diagnostics::new();
    // (product key, version, name) -> every revision read.
    let mut revisions: BTreeMap<(String, String, String), Vec<OperationSpec>> = BTreeMap::new();
    let mut exclusions_used: std::collections::BTreeSet<(String, String)> =
        std::collections::BTreeSet::new();
    let mut unconfigured: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let mut to_read: Vec<&PageInput> = Vec::with_capacity(pages.len());
    let mut candidates: Vec<Vec<&ProductConfig>> = Vec::with_capacity(pages.len());
    'pages: for input in pages {
        let folder = folder_of(&input.label);
        let claiming = products_of(products, folder);
        if claiming.is_empty() {
            unconfigured
                .entry(folder)
                .or_insert((input.label.as_str(), 0))
                .1 += 1;
            continue;
        }
        for product in &claiming {
            if let Some(entry) = product.excluded_by(&input.label) {
                exclusions_used.insert((product.folder.clone(), entry.to_string()));
                continue 'pages;
            }
        }
        to_read.push(input);
        candidates.push(claiming);
    }
    // Each page is read on its own, on every core; its diagnostics are kept apart and appended
    // in page order, so the run reports exactly what reading them one by one would.
    let (read, mut found): (Vec<page::Page>, Vec<Diagnostics>) = to_read
        .par_iter()
        .map(|input| {
            let mut found = Diagnostics::new();
            let page = page::read(&input.label, &input.text, &mut found);
            (page, found)
        })
        .unzip();
    let routes = routing::route(&read, &candidates, &mut found);
    let built: Vec<Option<OperationSpec>> = read
        .par_iter()
        .zip(&routes)
        .zip(found.par_iter_mut())
        .map(|((page, route), found)| route.and_then(|product| build::build(page, product, found)))
        .collect();
    diagnostics.extend(stale_api_claims(products, &read, &routes));
    let built = excuse_superseded(
        &read,
        adopt_sibling_versions(&read, &routes, built),
        &mut found,
    );
    for ((route, spec), found) in routes.iter().zip(built).zip(found) {
        diagnostics.extend(found);
        if let (Some(product), Some(spec)) = (route, spec) {
            let key = (
                product.folder.clone(),
                spec.version.clone(),
                spec.name.clone(),
            );
            revisions.entry(key).or_default().push(spec);
        }
    }

    // One error per unconfigured folder, showing the configurations its pages suggest.
    for (folder, (first, count)) in &unconfigured {
        let drafts = crate::spec::product_draft::read(folder, pages);
        let files: Vec<String> = drafts
            .iter()
            .map(|d| format!("specs/products/{}.yaml", d.key))
            .collect();
        let shown: Vec<String> = drafts
            .iter()
            .map(|d| {
                let yaml = d.to_yaml();
                let body = yaml
                    .trim_end()
                    .lines()
                    .map(|l| format!("      {l}"))
                    .collect::<Vec<_>>()
                    .join("\n");
                format!("a file specs/products/{}.yaml such as:\n{body}", d.key)
            })
            .collect();
        diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                "unknown-product",
                Location { file: first.to_string(), line: 1, column: 1 },
                format!(
                    "no product configuration for folder `{folder}` ({count} page(s) not read); `cargo xtask add-product {folder}` writes {} for review",
                    if drafts.len() == 1 { format!("this draft to {}", files[0]) } else { format!("these {} drafts to {}", drafts.len(), files.join(", ")) }
                ),
            )
            .expected_found(shown.join("\n"), "none"),
        );
    }

    let mut specs = Vec::new();
    let mut superseded = Vec::new();
    for ((folder, version, name), mut candidates) in revisions {
        // Newest revision date wins; among equal dates the label decides, so the choice is stable.
        candidates.sort_by(|a, b| {
            (b.source.revision.as_deref(), b.source.page.as_str())
                .cmp(&(a.source.revision.as_deref(), a.source.page.as_str()))
        });
        let mut candidates = candidates.into_iter();
        let Some(kept) = candidates.next() else {
            continue;
        };
        let dropped: Vec<String> = candidates.map(|s| s.source.page).collect();
        if !dropped.is_empty() {
            superseded.push(Superseded {
                api: format!("{folder} {version} {name}"),
                kept: kept.source.page.clone(),
                dropped,
            });
        }
        specs.push(kept);
    }

    let english = english::pair(english_pages, pages, products, &mut specs, &mut diagnostics);

    // Only products with pages in this run: the overrides of a product that was not read
    // cannot match anything, and that says nothing about whether they are stale.
    let folders_read: std::collections::BTreeSet<&str> = pages
        .iter()
        .flat_map(|p| products_of(products, folder_of(&p.label)))
        .map(|p| p.folder.as_str())
        .collect();
    for product in products
        .values()
        .filter(|p| folders_read.contains(p.folder.as_str()))
    {
        for entry in &product.exclude {
            if !exclusions_used.contains(&(product.folder.clone(), entry.clone())) {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "stale-exclude",
                        Location {
                            file: format!("specs/products/{}.yaml", product.folder),
                            line: 1,
                            column: 1,
                        },
                        format!("exclude entry `{entry}` matches no page"),
                    )
                    .expected_found(
                        format!("a page or API folder under `{}/`", product.folder),
                        "none",
                    ),
                );
            }
        }
        // Specs are sorted by their product's folder (the revisions' key).
        let start = specs.partition_point(|s: &OperationSpec| {
            spec_folder(s, products) < product.folder.as_str()
        });
        let end = specs.partition_point(|s: &OperationSpec| {
            spec_folder(s, products) <= product.folder.as_str()
        });
        overrides::apply(product, &mut specs[start..end], &mut diagnostics);
        waiters::attach(product, &mut specs[start..end], &mut diagnostics);
    }
    // Every struct and enum of each product version is named once, with the overrides'
    // choices applied.
    let client_names: BTreeMap<String, String> = products
        .values()
        .map(|p| (p.code.clone(), emit::client_type_name(p)))
        .collect();
    let (shape_tables, found) = shape_table::assign(&mut specs, &client_names);
    for diagnostic in found {
        diagnostics.push(diagnostic);
    }

    ReadOutcome {
        specs,
        superseded,
        shape_tables,
        pages_read: pages.len(),
        english,
        diagnostics,
    }
}

/// An `apis` entry that places no page read in the product's folders: an error, so the list
/// never goes stale (products whose folders were not read are not judged).
fn stale_api_claims(
    products: &BTreeMap<String, ProductConfig>,
    read: &[page::Page],
    routes: &[Option<&ProductConfig>],
) -> Diagnostics {
    let mut placed: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    let mut folders_read: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (page, route) in read.iter().zip(routes) {
        folders_read.insert(folder_of(&page.file));
        if let (Some(product), Some((_, name))) =
            (route, routing::api_of(&page.file).split_once('/'))
        {
            placed.insert((product.folder.as_str(), name));
        }
    }
    let mut diagnostics = Diagnostics::new();
    for product in products.values() {
        let read_here = std::iter::once(&product.folder)
            .chain(&product.folders)
            .any(|f| folders_read.contains(f.as_str()));
        for api in &product.apis {
            if read_here && !placed.contains(&(product.folder.as_str(), api.as_str())) {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "stale-api-claim",
                        Location {
                            file: format!("specs/products/{}.yaml", product.folder),
                            line: 1,
                            column: 1,
                        },
                        format!("apis entry `{api}` matches no page of the product's folders"),
                    )
                    .expected_found("an API directory or page name in a shared folder", "none"),
                );
            }
        }
    }
    diagnostics
}

/// A revision whose page names no API version takes the version the newest revision of the
/// same API names, before the product's `default_version`: Alibaba adds explorer links to
/// pages over time, and an older revision of a 2017-12-28 API is not a 2020-01-01 API.
fn adopt_sibling_versions(
    read: &[page::Page],
    routes: &[Option<&ProductConfig>],
    mut built: Vec<Option<OperationSpec>>,
) -> Vec<Option<OperationSpec>> {
    // (API, product) -> (revision date, version) of the newest revision naming a version. The
    // product is part of the key: one API directory can hold revisions of two products (Ram's
    // CreateUser became Ims's).
    type Key<'a> = (&'a str, &'a str);
    let mut named: BTreeMap<Key, (Option<String>, &str)> = BTreeMap::new();
    for (page, route) in read.iter().zip(routes) {
        let (Some(version), Some(product)) = (
            page.explorer
                .as_ref()
                .and_then(|e| e.version.as_deref())
                .filter(|v| build::is_version(v)),
            route,
        ) else {
            continue;
        };
        let date = build::revision(&page.file);
        let entry = named
            .entry((routing::api_of(&page.file), product.folder.as_str()))
            .or_insert((date.clone(), version));
        if date > entry.0 {
            *entry = (date, version);
        }
    }
    for ((page, route), spec) in read.iter().zip(routes).zip(&mut built) {
        let (Some(spec), Some(product)) = (spec, route) else {
            continue;
        };
        if page.explorer.as_ref().is_some_and(|e| e.version.is_some()) {
            continue;
        }
        if let Some((_, version)) =
            named.get(&(routing::api_of(&page.file), product.folder.as_str()))
        {
            spec.version = version.to_string();
        }
    }
    built
}

/// An older revision that cannot be read does not stop the run when a newer revision of the
/// same API reads without errors: its errors become one warning naming the revision used, and
/// nothing of it is kept.
fn excuse_superseded(
    read: &[page::Page],
    mut built: Vec<Option<OperationSpec>>,
    found: &mut [Diagnostics],
) -> Vec<Option<OperationSpec>> {
    // API -> newest revision that read cleanly (date, index).
    let mut clean: BTreeMap<&str, (String, usize)> = BTreeMap::new();
    for (i, page) in read.iter().enumerate() {
        if built[i].is_none() || found[i].has_errors() {
            continue;
        }
        let date = build::revision(&page.file).unwrap_or_default();
        let entry = clean
            .entry(routing::api_of(&page.file))
            .or_insert((date.clone(), i));
        if date > entry.0 {
            *entry = (date, i);
        }
    }
    for (i, page) in read.iter().enumerate() {
        if !found[i].has_errors() {
            continue;
        }
        let Some(date) = build::revision(&page.file) else {
            continue;
        };
        let Some((newer, used)) = clean.get(routing::api_of(&page.file)) else {
            continue;
        };
        if *newer <= date {
            continue;
        }
        let errors = found[i].error_count();
        let first = found[i]
            .items()
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.kind, d.message))
            .unwrap_or_default();
        let mut kept = Diagnostics::new();
        for d in found[i].items() {
            if d.severity != Severity::Error {
                kept.push(d.clone());
            }
        }
        kept.push(
            Diagnostic::new(
                Severity::Warning,
                "superseded-unreadable",
                Location { file: page.file.clone(), line: 1, column: 1 },
                format!(
                    "this older revision could not be read ({errors} error(s), first: {first}); the newer revision {} is used",
                    read[*used].file
                ),
            ),
        );
        found[i] = kept;
        built[i] = None;
    }
    built
}

/// Where a spec file goes, relative to the specs output directory: `<product folder>/<version>/<Name>.yaml`.
pub fn spec_path(spec: &OperationSpec, products: &BTreeMap<String, ProductConfig>) -> String {
    format!(
        "{}/{}/{}.yaml",
        spec_folder(spec, products),
        spec.version,
        spec.name
    )
}

/// The spec files of a run, path relative to the specs output directory -> YAML text: one per
/// operation, and each version's shape table (`<folder>/<version>/_shapes.yaml`).
pub fn spec_files(
    specs: &[OperationSpec],
    tables: &[ShapeTable],
    products: &BTreeMap<String, ProductConfig>,
) -> BTreeMap<String, String> {
    // Each spec's YAML is independent of the others: rendered on every core, collected in order.
    let mut files: BTreeMap<String, String> = specs
        .par_iter()
        .map(|s| (spec_path(s, products), yaml::to_yaml(s)))
        .collect();
    for table in tables {
        // The table goes beside its version's specs (a product's folder, by its code).
        let Some(spec) = specs
            .iter()
            .find(|s| s.product == table.product && s.version == table.version)
        else {
            continue;
        };
        let folder = spec_folder(spec, products);
        files.insert(
            format!("{folder}/{}/{}", table.version, shape_table::FILE),
            shape_table::to_yaml(table),
        );
    }
    files
}

/// Everything a run writes: spec files and crate files, each relative to its own directory.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Relative to the specs output directory.
    pub specs: BTreeMap<String, String>,
    /// Relative to the generated crate's directory.
    pub crate_files: BTreeMap<String, String>,
}

/// Reads pages and emits everything. Errors are in the outcome's diagnostics; the output is
/// still produced from what could be read, and the caller decides whether to write it.
pub fn generate(
    pages: &[PageInput],
    english: &[PageInput],
    products: &BTreeMap<String, ProductConfig>,
    settings: &emit::CrateSettings,
) -> (ReadOutcome, Output) {
    let mut outcome = read_pages_with_english(pages, english, products);
    let product_list: Vec<ProductConfig> = products
        .values()
        .filter(|p| {
            outcome
                .specs
                .iter()
                .any(|s| spec_folder(s, products) == p.folder)
        })
        .cloned()
        .collect();
    // Emit diagnostics about a member point at its row of the page.
    let texts: emit::PageTexts<'_> = pages
        .iter()
        .chain(english)
        .map(|p| (p.label.as_str(), p.text.as_str()))
        .collect();
    let crate_files = emit::emit_crate_with_pages(
        settings,
        &product_list,
        &outcome.specs,
        &texts,
        &mut outcome.diagnostics,
    );
    let specs = spec_files(&outcome.specs, &outcome.shape_tables, products);
    (outcome, Output { specs, crate_files })
}

impl fmt::Display for Superseded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: kept {} over {}",
            self.api,
            self.kept,
            self.dropped.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excluded_pages_are_not_read_and_a_stale_exclusion_is_an_error() {
        let yaml = "folder: x\ncode: X\ndefault_version: 2020-01-01\nendpoint:\n  prefix: x\n  regional: false\nexclude:\n  - 上报指南\n  - Gone\n";
        let product = yaml::product_from_yaml(Path::new("x.yaml"), yaml).expect("config loads");
        let products = BTreeMap::from([("x".to_string(), product)]);
        let pages = [
            PageInput {
                label: "x/上报指南/2020-01-01_ab.md".into(),
                text: "# 上报指南\n\n|名称|类型|必选|描述|\n|--|--|--|--|\n|a|String|是|b|\n"
                    .into(),
            },
            PageInput {
                label: "x/Foo/2020-01-01_ab.md".into(),
                text: "# Foo\n\n调用Foo。\n".into(),
            },
        ];
        let outcome = read_pages(&pages, &products);
        let names: Vec<&str> = outcome.specs.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Foo"]);
        let kinds: Vec<&str> = outcome.diagnostics.items().iter().map(|d| d.kind).collect();
        assert_eq!(kinds, ["stale-exclude"]);
        assert!(outcome.diagnostics.items()[0].message.contains("`Gone`"));
    }

    #[test]
    fn an_unconfigured_folder_is_one_error_with_a_draft() {
        let pages: Vec<PageInput> = (0..3)
            .map(|i| PageInput {
                label: format!("newprod/Op{i}/2020-01-01_ab.md"),
                text: format!("# Op{i}\n\n[x](https://api.aliyun.com/#product=NewProd&api=Op{i}&type=RPC&version=2021-01-01)\n"),
            })
            .collect();
        let outcome = read_pages(&pages, &BTreeMap::new());
        let errors: Vec<_> = outcome
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.kind == "unknown-product")
            .collect();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("3 page(s)"),
            "{}",
            errors[0].message
        );
        let expected = errors[0].expected.as_deref().unwrap_or_default();
        assert!(expected.contains("code: NewProd"), "{expected}");
        assert!(errors[0]
            .message
            .contains("cargo xtask add-product newprod"));
    }

    #[test]
    fn a_product_folder_given_alone_is_labelled_from_its_parent() {
        let dir = std::env::temp_dir()
            .join(format!("apigen-discover-{}", std::process::id()))
            .join("x");
        std::fs::create_dir_all(dir.join("Foo")).unwrap();
        std::fs::write(dir.join("Foo/2020-01-01_ab.md"), "# Foo\n").unwrap();
        let yaml = "folder: x\ncode: X\nendpoint:\n  prefix: x\n  regional: false\n";
        let product = yaml::product_from_yaml(Path::new("x.yaml"), yaml).unwrap();
        let products = BTreeMap::from([("x".to_string(), product)]);
        let pages = discover_for(&dir, &products).unwrap();
        assert_eq!(pages[0].label, "x/Foo/2020-01-01_ab.md");
        let parent = discover_for(dir.parent().unwrap(), &products).unwrap();
        assert_eq!(parent[0].label, "x/Foo/2020-01-01_ab.md");
        let _ = std::fs::remove_dir_all(dir.parent().unwrap());
    }

    #[test]
    fn a_product_documented_in_several_folders_is_one_product() {
        let yaml = "folder: vpc\ncode: Vpc\nfolders: [vpn]\ndefault_version: 2016-04-28\nendpoint:\n  prefix: vpc\n  regional: false\n";
        let product = yaml::product_from_yaml(Path::new("vpc.yaml"), yaml).unwrap();
        let products = BTreeMap::from([("vpc".to_string(), product.clone())]);
        let pages = [
            PageInput {
                label: "vpc/CreateVpc/2020-01-01_ab.md".into(),
                text: "# CreateVpc\n\n调用。\n".into(),
            },
            PageInput {
                label: "vpn/CreateVpnGateway/2020-01-01_ab.md".into(),
                text: "# CreateVpnGateway\n\n调用。\n".into(),
            },
        ];
        let outcome = read_pages(&pages, &products);
        assert!(
            !outcome.diagnostics.has_errors(),
            "{:?}",
            outcome.diagnostics.items()
        );
        let paths: Vec<String> = spec_files(&outcome.specs, &[], &products)
            .into_keys()
            .collect();
        assert_eq!(
            paths,
            [
                "vpc/2016-04-28/CreateVpc.yaml",
                "vpc/2016-04-28/CreateVpnGateway.yaml"
            ]
        );
        let mut twice = products.clone();
        let mut other = product;
        other.folder = "vpn".into();
        other.folders = Vec::new();
        twice.insert("vpn".into(), other);
        let err = check_folders(&twice).unwrap_err();
        assert!(err.message.contains("folder `vpn`"), "{err}");
    }

    #[test]
    fn an_unreadable_older_revision_is_a_warning_naming_the_newer_one() {
        let yaml = "folder: x\ncode: X\nendpoint:\n  prefix: x\n  regional: false\n";
        let product = yaml::product_from_yaml(Path::new("x.yaml"), yaml).expect("config loads");
        let products = BTreeMap::from([("x".to_string(), product)]);
        let page = |label: &str, text: &str| PageInput {
            label: label.into(),
            text: text.into(),
        };
        // With no default version configured, a revision naming no version cannot be read.
        let named = "# Foo\n\n调用Foo。\n\n[调试](https://api.aliyun.com/#product=X&api=Foo&version=2020-01-01)\n";
        let unnamed = "# Foo\n\n调用Foo。\n";
        let pages = [
            page("x/Foo/2019-01-01_aa.md", unnamed),
            page("x/Foo/2020-01-01_bb.md", named),
        ];
        let outcome = read_pages(&pages, &products);
        assert!(
            !outcome.diagnostics.has_errors(),
            "{:?}",
            outcome.diagnostics.items()
        );
        let warning = outcome
            .diagnostics
            .items()
            .iter()
            .find(|d| d.kind == "superseded-unreadable")
            .expect("a warning for the old revision");
        assert_eq!(warning.location.file, "x/Foo/2019-01-01_aa.md");
        assert!(
            warning.message.contains("missing-version")
                && warning.message.contains("x/Foo/2020-01-01_bb.md"),
            "{}",
            warning.message
        );
        assert_eq!(outcome.specs.len(), 1);
        // The newest revision unreadable is still an error, whatever older ones say.
        let pages = [
            page("x/Foo/2019-01-01_aa.md", named),
            page("x/Foo/2020-01-01_bb.md", unnamed),
        ];
        assert!(read_pages(&pages, &products).diagnostics.has_errors());
    }

    #[test]
    fn pages_of_a_shared_folder_go_to_their_products_and_a_stale_claim_is_an_error() {
        let load = |name: &str, yaml: &str| {
            let product = yaml::product_from_yaml(Path::new(name), yaml).expect("config loads");
            (product.folder.clone(), product)
        };
        let products = BTreeMap::from([
            load("ram.yaml", "folder: ram\ncode: Ram\ndefault_version: 2015-05-01\nendpoint:\n  prefix: ram\n  regional: false\n"),
            load("sts.yaml", "folder: sts\nfolders: [ram]\ncode: Sts\ndefault_version: 2015-04-01\napis: [AssumeRoleWithSAML, Gone]\nendpoint:\n  prefix: sts\n  regional: false\n"),
        ]);
        let page = |label: &str, text: &str| PageInput {
            label: label.into(),
            text: text.into(),
        };
        let pages = [
            page("ram/CreateUser/2020-01-01_a.md", "# CreateUser\n\n调用CreateUser。\n"),
            page("ram/AssumeRole/2020-01-01_a.md", "# AssumeRole\n\n调用AssumeRole。\n\n## 示例\n\n请求示例\n\n```\nhttps://sts.aliyuncs.com/?Action=AssumeRole\n```\n"),
            page("ram/AssumeRoleWithSAML/2020-01-01_a.md", "# AssumeRoleWithSAML\n\n调用。\n"),
        ];
        let outcome = read_pages(&pages, &products);
        let paths: Vec<String> = spec_files(&outcome.specs, &[], &products)
            .into_keys()
            .collect();
        assert_eq!(
            paths,
            [
                "ram/2015-05-01/CreateUser.yaml",
                "sts/2015-04-01/AssumeRole.yaml",
                "sts/2015-04-01/AssumeRoleWithSAML.yaml"
            ]
        );
        let errors: Vec<&str> = outcome
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            errors,
            ["apis entry `Gone` matches no page of the product's folders"]
        );
    }

    #[test]
    fn folder_is_first_label_component() {
        assert_eq!(folder_of("linkwan/X/2019-01-01_ab.md"), "linkwan");
        assert_eq!(folder_of("x.md"), "x.md");
    }
}
