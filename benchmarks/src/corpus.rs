//! Codegen inputs: which pages to read, renamed copies for the scaling run, and the pipeline's
//! stages one at a time.
//!
//! The benchmarks never hard-code where the corpus lives: it is named by the `APIGEN_CORPUS`
//! environment variable (a directory with one folder per product, as `cargo xtask codegen
//! --pages` takes). Without it they fall back to the committed pages under `specs/pages`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apigen::diagnostics::Diagnostics;
use apigen::emit::{self, CrateSettings};
use apigen::markdown::{fences, lines, tables};
use apigen::page::{self, Page};
use apigen::pipeline::{self, PageInput};
use apigen::spec::build;
use apigen::spec::model::OperationSpec;
use apigen::spec::product::ProductConfig;
use rayon::prelude::*;

/// The environment variable naming the corpus directory.
pub const CORPUS_ENV: &str = "APIGEN_CORPUS";

/// The repository's top directory.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Where the pages came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The directory named by `APIGEN_CORPUS`, as given.
    Corpus(PathBuf),
    /// `APIGEN_CORPUS` is unset: the committed pages under `specs/pages`.
    Seed,
}

/// Pages and the product configurations they need.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Every page, sorted by label.
    pub pages: Vec<PageInput>,
    /// The committed product configurations (`specs/products`) of the folders that have pages.
    pub products: BTreeMap<String, ProductConfig>,
    /// Where the pages came from.
    pub origin: Origin,
}

impl Inputs {
    /// Loads the corpus named by `APIGEN_CORPUS`, or the committed pages when it is unset or empty.
    /// A relative path is taken from the repository's top directory (cargo runs benches from
    /// the package's directory, which is not where the command was typed).
    pub fn from_env() -> Result<Inputs, String> {
        match std::env::var_os(CORPUS_ENV).filter(|v| !v.is_empty()) {
            Some(dir) => Inputs::load(
                &workspace_root().join(&dir),
                Origin::Corpus(PathBuf::from(dir)),
            ),
            None => Inputs::seed(),
        }
    }

    /// The committed pages under `specs/pages`.
    pub fn seed() -> Result<Inputs, String> {
        Inputs::load(&workspace_root().join("specs/pages"), Origin::Seed)
    }

    fn load(dir: &Path, origin: Origin) -> Result<Inputs, String> {
        let pages = pipeline::discover(dir).map_err(|e| e.to_string())?;
        if pages.is_empty() {
            return Err(format!("{}: no pages (*.md)", dir.display()));
        }
        let mut products = pipeline::load_products(&workspace_root().join("specs/products"))
            .map_err(|e| e.to_string())?;
        // Overrides of a product without pages would name operations that are not read.
        products.retain(|_, product| {
            pages
                .iter()
                .any(|p| product.owns_folder(pipeline::folder_of(&p.label)))
        });
        Ok(Inputs {
            pages,
            products,
            origin,
        })
    }

    /// One line saying what is read, for the bench's output.
    pub fn describe(&self) -> String {
        match &self.origin {
            Origin::Corpus(dir) => format!("{} pages from {CORPUS_ENV}={}", self.pages.len(), dir.display()),
            Origin::Seed => format!(
                "{CORPUS_ENV} is not set: {} committed page(s) from specs/pages instead of the corpus",
                self.pages.len()
            ),
        }
    }
}

/// The settings `cargo xtask codegen` uses for the committed crate.
pub fn crate_settings() -> CrateSettings {
    CrateSettings {
        name: "alibabacloud".into(),
        version: "0.1.0".into(),
        runtime_path: "../runtime".into(),
        repository: "https://example.com/alibabacloud".into(),
        standalone: false,
    }
}

/// `pages` followed by `copies - 1` renamed copies of every page: in copy `k`, the API `X`
/// becomes `XCopyk` wherever the name stands as a whole word (title, `Action` row, explorer
/// link, request example, summary), so every copy is a distinct operation; its label gets a
/// `Copyk` API directory so spec paths stay distinct too. Pages that make no operation (guides that a
/// product configuration excludes by path, which would not match the copy's path) are not
/// copied.
pub fn scaled(
    pages: &[PageInput],
    products: &BTreeMap<String, ProductConfig>,
    copies: usize,
) -> Vec<PageInput> {
    let names: Vec<Option<String>> = pages.par_iter().map(|p| api_name(p, products)).collect();
    let mut out = Vec::with_capacity(pages.len() * copies.max(1));
    out.extend_from_slice(pages);
    for k in 1..copies {
        for (page, name) in pages.iter().zip(&names) {
            let Some(name) = name else { continue };
            let text = rename_word(&page.text, name, &format!("{name}Copy{k}"));
            // `folder/Api/revision.md` becomes `folder/ApiCopyk/revision.md`: the API directory
            // names the API, as the pipeline reads it (revisions of one API share it).
            let label = match page.label.splitn(3, '/').collect::<Vec<_>>().as_slice() {
                [folder, api, rest] => format!("{folder}/{api}Copy{k}/{rest}"),
                [folder, file] => format!(
                    "{folder}/{}Copy{k}.md",
                    file.strip_suffix(".md").unwrap_or(file)
                ),
                _ => format!("copy{k}/{}", page.label),
            };
            out.push(PageInput { label, text });
        }
    }
    out
}

/// The action name the pipeline gives a page.
fn api_name(input: &PageInput, products: &BTreeMap<String, ProductConfig>) -> Option<String> {
    let candidates = pipeline::products_of(products, pipeline::folder_of(&input.label));
    let mut diagnostics = Diagnostics::new();
    let page = page::read(&input.label, &input.text, &mut diagnostics);
    let product = pipeline::routing::route_one(&page, &candidates)?;
    build::build(&page, product, &mut diagnostics).map(|spec| spec.name)
}

/// Replaces `word` by `with` where it is not part of a longer ASCII identifier.
pub fn rename_word(text: &str, word: &str, with: &str) -> String {
    let is_ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut out = String::with_capacity(text.len() + with.len() * 4);
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if is_ident(before) || is_ident(after) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// Stage "read": every page into the page model (lines, fences, headings, tables, records,
/// examples), on every core as the pipeline does it. Diagnostics are collected and dropped.
pub fn read_pages(pages: &[PageInput]) -> Vec<Page> {
    pages
        .par_iter()
        .map(|p| {
            let mut diagnostics = Diagnostics::new();
            page::read(&p.label, &p.text, &mut diagnostics)
        })
        .collect()
}

/// Stage "tables", a part of "read": splitting lines, finding fences and finding tables, without
/// sorting rows into records. Returns the number of tables found.
pub fn find_tables(pages: &[PageInput]) -> usize {
    pages
        .iter()
        .map(|p| {
            let source = lines::split(&p.text);
            let (_, in_fence) = fences::find(&source);
            tables::find(&source, &in_fence).len()
        })
        .sum()
}

/// Stage "spec": page models to specs (names, versions, parameters, examples, response nesting,
/// errors), on every core as the pipeline does it. Pages of unknown products are skipped.
pub fn build_specs(
    pages: &[Page],
    products: &BTreeMap<String, ProductConfig>,
) -> Vec<OperationSpec> {
    pages
        .par_iter()
        .filter_map(|page| {
            let candidates = pipeline::products_of(products, pipeline::folder_of(&page.file));
            let product = pipeline::routing::route_one(page, &candidates)?;
            let mut diagnostics = Diagnostics::new();
            build::build(page, product, &mut diagnostics)
        })
        .collect()
}

/// The product configurations that have at least one spec, as the pipeline passes them on.
pub fn products_used(
    products: &BTreeMap<String, ProductConfig>,
    specs: &[OperationSpec],
) -> Vec<ProductConfig> {
    products
        .values()
        .filter(|p| {
            specs
                .iter()
                .any(|s| pipeline::spec_folder(s, products) == p.folder)
        })
        .cloned()
        .collect()
}

/// Stage "emit": specs to the crate's files, formatting included (it happens inside the
/// emitter, file by file).
pub fn emit(products: &[ProductConfig], specs: &[OperationSpec]) -> BTreeMap<String, String> {
    let mut diagnostics = Diagnostics::new();
    emit::emit_crate(&crate_settings(), products, specs, &mut diagnostics)
}

/// The token streams of every emitted Rust file, re-parsed from its text: the input of stage
/// "format" ([`format_files`]), so formatting can be timed apart from building the tokens.
pub fn emitted_tokens(files: &BTreeMap<String, String>) -> Vec<proc_macro2::TokenStream> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .filter_map(|(_, text)| text.parse::<proc_macro2::TokenStream>().ok())
        .collect()
}

/// Stage "format": the emitter's own formatting step (`syn` parse and `prettyplease`) on each
/// file's tokens, on one thread (token streams cannot cross threads; the pipeline formats each
/// file on the worker that built it). Returns the bytes written.
pub fn format_files(tokens: &[proc_macro2::TokenStream]) -> usize {
    tokens
        .iter()
        .filter_map(|t| emit::rust_file::format(t.clone()).ok())
        .map(|s| s.len())
        .sum()
}

/// Peak resident memory of this process so far (`VmHWM`), in KiB, where Linux reports it.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Starts a new peak for [`peak_rss_kib`] at the current resident size (Linux 4.0+, writing `5`
/// to `/proc/self/clear_refs`). Returns false where that is not possible: the peak then stays
/// the process's peak so far.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed seed page and its product alone: small enough to scale in a unit test.
    fn seed_page() -> Inputs {
        let mut inputs = Inputs::seed().expect("the seed page is committed");
        inputs
            .pages
            .retain(|p| p.label == "linkwan/CreateLocalJoinPermission.md");
        inputs.products.retain(|folder, _| folder == "linkwan");
        inputs
    }

    #[test]
    fn rename_keeps_longer_identifiers() {
        let text = "# ListNodeGroups\n调用ListNodeGroups查询 ListNodeGroupsByX api=ListNodeGroups&type=RPC";
        let renamed = rename_word(text, "ListNodeGroups", "ListNodeGroupsCopy1");
        assert_eq!(
            renamed,
            "# ListNodeGroupsCopy1\n调用ListNodeGroupsCopy1查询 ListNodeGroupsByX api=ListNodeGroupsCopy1&type=RPC"
        );
    }

    #[test]
    fn scaled_copies_are_distinct_operations() {
        let inputs = seed_page();
        let pages = scaled(&inputs.pages, &inputs.products, 3);
        assert_eq!(pages.len(), inputs.pages.len() * 3);
        let (outcome, output) =
            pipeline::generate(&pages, &[], &inputs.products, &crate_settings());
        assert!(!outcome.diagnostics.has_errors());
        assert_eq!(outcome.specs.len(), inputs.pages.len() * 3);
        assert!(outcome.superseded.is_empty());
        assert!(output
            .crate_files
            .keys()
            .any(|p| p.ends_with("create_local_join_permission_copy2.rs")));
    }

    #[test]
    fn stages_cover_the_seed_page() {
        let inputs = seed_page();
        assert!(find_tables(&inputs.pages) >= 3);
        let pages = read_pages(&inputs.pages);
        let specs = build_specs(&pages, &inputs.products);
        assert_eq!(specs.len(), inputs.pages.len());
        let files = emit(&products_used(&inputs.products, &specs), &specs);
        let tokens = emitted_tokens(&files);
        assert_eq!(
            tokens.len(),
            files.keys().filter(|p| p.ends_with(".rs")).count()
        );
        assert!(format_files(&tokens) > 0);
    }
}
