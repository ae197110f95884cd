//! `cargo xtask import`: brings new page revisions into the pages directory.
//!
//! The source is a directory of page revisions laid out as the pages directory is
//! (`<folder>/<Api>/<YYYY-MM-DD>_<blob>.md`, every revision of every page), or a folder of plain
//! pages (`<folder>/<Api>.md`) given a revision date. For each configured folder chosen, the pages
//! directory gets the revisions codegen would keep from the source (as of a date, when given):
//! the newest revision of each API page, and the newest of each other product and API version
//! documented under the same API (Ram's `CreateUser` moved to Ims; both products keep theirs).
//! Which revision that is, per product and version, is decided by the generator's own reading of
//! the pages, so the import and codegen cannot disagree about it.
//!
//! Nothing is written until every source file is accounted for; a page whose API disappeared
//! from the source is listed, and removed only when asked. Each folder's `SOURCES.tsv` records
//! where every imported page came from.
//!
//! With `--english`, the source holds English pages and the newest English revision of each API
//! that pairs with a Chinese page goes into the English pages directory (see [`english`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use apigen::diagnostics::Severity;
use apigen::pipeline::{self, PageInput};
use apigen::spec::product::ProductConfig;
use sha1::{Digest, Sha1};

mod english;

/// The origin record's file name in each folder. Not a page (codegen reads only `*.md` files).
pub const RECORD: &str = "SOURCES.tsv";

/// The origin record's header line.
const RECORD_HEADER: &str = "api\tpage\tsource\trevision";

/// Files that describe a directory of pages rather than being one (codegen skips them too).
const NOT_PAGES: &[&str] = &["README.md", "FORMATS.md"];

/// What `cargo xtask import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Directory of page revisions to import from.
    pub from: PathBuf,
    /// Only revisions dated on or before this day (`YYYY-MM-DD`).
    pub as_of: Option<String>,
    /// Revision date of plain pages (`<Api>.md`), which carry none in their name.
    pub date: Option<String>,
    /// Remove the pages of APIs that are no longer in the source.
    pub remove_missing: bool,
    /// Print what would change, write nothing.
    pub dry_run: bool,
    /// Pages directory written to; with `english`, the Chinese pages the English ones pair with
    /// (read only).
    pub pages: PathBuf,
    /// Import English pages (see [`english`]) into `english_pages` instead.
    pub english: bool,
    /// English pages directory written to when `english` is set.
    pub english_pages: PathBuf,
    /// Directory of product configurations.
    pub products: PathBuf,
    /// Products (by configuration file name) or folders to import; empty means every
    /// configured folder.
    pub select: Vec<String>,
}

/// One revision of an API page found in the source.
#[derive(Debug, Clone)]
struct Revision {
    /// The API's directory name (`CreateUser`).
    api: String,
    /// The revision's file name in the pages directory (`2021-05-18_6925d48a.md`).
    file: String,
    /// Revision date, `YYYY-MM-DD`.
    date: String,
    /// Where it was found, `/`-separated, from the folder's name on (`ram/CreateUser/…`).
    source: String,
    /// The file it was read from, for messages.
    path: PathBuf,
    /// The page, byte for byte.
    text: String,
}

impl Revision {
    /// Path relative to its folder: `<Api>/<date>_<blob>.md`.
    fn page(&self) -> String {
        format!("{}/{}", self.api, self.file)
    }
}

/// What a scan of the source found.
#[derive(Default)]
struct Source {
    /// Folder -> API -> its revisions (every date).
    folders: BTreeMap<String, BTreeMap<String, Vec<Revision>>>,
    /// Files or folders that could not be placed: (path, why).
    unplaced: Vec<(String, String)>,
    /// Newest revisions of API folders that keep no page: (path, why).
    left_out: Vec<(String, String)>,
    /// Problems that stop the run: each names a file.
    errors: Vec<String>,
}

/// The counts and lists of one folder.
#[derive(Default)]
struct FolderReport {
    added: Vec<String>,
    changed: Vec<String>,
    unchanged: usize,
    disappeared: Vec<String>,
    notes: Vec<String>,
}

/// A change to the pages directory, applied only when the whole run is known to succeed.
enum Change {
    /// A page or origin record, with its new text.
    Write(PathBuf, String),
    /// A revision file no longer wanted.
    Remove(PathBuf),
}

/// Runs the import; see the module docs.
pub fn run(options: &Options) -> Result<ExitCode, String> {
    for (flag, value) in [("--as-of", &options.as_of), ("--date", &options.date)] {
        if let Some(value) = value {
            if !is_date(value) {
                return Err(format!("{flag} {value}: not a date (YYYY-MM-DD)"));
            }
        }
    }
    if !options.from.is_dir() {
        return Err(format!(
            "{}: not a directory of pages (--from)",
            options.from.display()
        ));
    }
    if options.english {
        return english::run(options);
    }
    let products = pipeline::load_products(&options.products).map_err(|e| e.to_string())?;
    let claimed: BTreeSet<&str> = products
        .values()
        .flat_map(|p| std::iter::once(&p.folder).chain(&p.folders))
        .map(String::as_str)
        .collect();
    let selected = selected_folders(&products, &options.select)?;
    let roots = source_folders(&options.from, &claimed)?;

    // Codegen keeps a revision per product and API version, and a product may span folders
    // (Vpc: vpn, nat, eip, backbonenet): the folders of every product sharing a selected folder
    // are read too, so the choice is the one codegen makes over all of them.
    let mut to_read: BTreeSet<&str> = selected.iter().map(String::as_str).collect();
    loop {
        let more: BTreeSet<&str> = products
            .values()
            .filter(|p| to_read.iter().any(|f| p.owns_folder(f)))
            .flat_map(|p| std::iter::once(&p.folder).chain(&p.folders))
            .map(String::as_str)
            .filter(|f| !to_read.contains(f))
            .collect();
        if more.is_empty() {
            break;
        }
        to_read.extend(more);
    }

    let mut source = Source::default();
    for (folder, dir) in &roots {
        let chosen = selected.contains(folder);
        if !claimed.contains(folder.as_str()) {
            // Only worth saying when the run was meant to cover everything.
            if options.select.is_empty() {
                source.unplaced.push((
                    format!("{}/", dir.display()),
                    "no product configures this folder (no product configuration names it in `folder:` or `folders:`)".to_string(),
                ));
            }
            continue;
        }
        if !to_read.contains(folder.as_str()) {
            continue;
        }
        // Problems in folders read only for context are not this run's to report.
        let mut scratch = Source::default();
        let target = if chosen { &mut source } else { &mut scratch };
        let apis = scan_folder(dir, options.date.as_deref(), target);
        source.folders.insert(folder.clone(), apis);
    }
    if let Some(as_of) = &options.as_of {
        for apis in source.folders.values_mut() {
            for revisions in apis.values_mut() {
                revisions.retain(|r| r.date.as_str() <= as_of.as_str());
            }
            // An API whose revisions are all newer did not exist yet.
            apis.retain(|_, revisions| !revisions.is_empty());
        }
    }

    let (wanted, left_out) = choose(&source.folders, &products);
    for (folder, pages) in left_out {
        if selected.contains(&folder) {
            source.left_out.extend(pages);
        }
    }

    let mut reports: BTreeMap<&str, FolderReport> = BTreeMap::new();
    let mut changes = Vec::new();
    let mut errors = std::mem::take(&mut source.errors);
    for folder in &selected {
        let Some(chosen) = wanted.get(folder.as_str()) else {
            if let Some(report) = skipped_folder(options, &options.pages, folder) {
                reports.insert(folder, report);
            }
            continue;
        };
        match plan_folder(options, &options.pages, folder, chosen, &mut changes) {
            Ok(report) => {
                reports.insert(folder, report);
            }
            Err(e) => errors.push(e),
        }
    }

    print_report(&reports, &source);
    finish(options, &options.pages, &errors, &changes)
}

/// Applies the planned changes, unless the run found errors (then nothing is written) or was a
/// dry run; says what it did.
fn finish(
    options: &Options,
    pages: &Path,
    errors: &[String],
    changes: &[Change],
) -> Result<ExitCode, String> {
    if !errors.is_empty() {
        for e in errors {
            eprintln!("error: {e}");
        }
        eprintln!("import failed: {} error(s); nothing written", errors.len());
        return Ok(ExitCode::FAILURE);
    }
    let (written, removed) = count(changes);
    if options.dry_run {
        eprintln!("dry run: would write {written} file(s) and remove {removed}; nothing written");
        return Ok(ExitCode::SUCCESS);
    }
    apply(changes)?;
    eprintln!(
        "wrote {written} file(s), removed {removed} under {}",
        pages.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// True for `YYYY-MM-DD` with a plausible month and day.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
        return false;
    }
    if !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month: u32 = text[5..7].parse().unwrap_or(0);
    let day: u32 = text[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Splits a revision file name `<YYYY-MM-DD>_<blob>.md` into its date.
fn revision_date(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".md")?;
    let (date, blob) = stem.split_once('_')?;
    (is_date(date) && !blob.is_empty() && blob.bytes().all(|c| c.is_ascii_alphanumeric()))
        .then_some(date)
}

/// The first eight hex digits of the page's git blob id, the name the documentation
/// repositories' revisions carry: a plain page imported twice gets the same file name.
fn blob_id(bytes: &[u8]) -> String {
    let mut hasher = Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()).as_bytes());
    hasher.update(bytes);
    let digest = hasher.finalize();
    digest[..4].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The folders a run covers: those of the named products (by configuration file name) and the
/// named folders; with no names, every folder a product configures.
fn selected_folders(
    products: &BTreeMap<String, ProductConfig>,
    select: &[String],
) -> Result<BTreeSet<String>, String> {
    let all_folders = || {
        products
            .values()
            .flat_map(|p| std::iter::once(&p.folder).chain(&p.folders))
            .cloned()
    };
    if select.is_empty() {
        return Ok(all_folders().collect());
    }
    let mut chosen = BTreeSet::new();
    for name in select {
        let before = chosen.len();
        if let Some(product) = products.get(name) {
            chosen.insert(product.folder.clone());
            chosen.extend(product.folders.iter().cloned());
        }
        if all_folders().any(|f| &f == name) {
            chosen.insert(name.clone());
        }
        if chosen.len() == before && !products.contains_key(name) {
            return Err(format!(
                "`{name}`: no product configuration specs/products/{name}.yaml and no configured folder of that name"
            ));
        }
    }
    Ok(chosen)
}

/// The source's product folders by name. A source that is itself one configured folder (its
/// name is a folder and none of its sub-folders is) stands for that folder, as `--pages` does
/// for codegen.
fn source_folders(
    from: &Path,
    claimed: &BTreeSet<&str>,
) -> Result<BTreeMap<String, PathBuf>, String> {
    let mut folders = BTreeMap::new();
    for entry in read_dir_sorted(from)? {
        if entry.is_dir() {
            if let Some(name) = entry.file_name().and_then(|n| n.to_str()) {
                folders.insert(name.to_string(), entry.clone());
            }
        }
    }
    let own = from.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let knows_folders = folders.keys().any(|f| claimed.contains(f.as_str()));
    if !knows_folders && claimed.contains(own) {
        return Ok(BTreeMap::from([(own.to_string(), from.to_path_buf())]));
    }
    Ok(folders)
}

/// A directory's entries, sorted so runs are reproducible.
fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        paths.push(entry.map_err(|e| format!("{}: {e}", dir.display()))?.path());
    }
    paths.sort();
    Ok(paths)
}

/// `/`-separated path of `path` relative to `root`.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A file or directory name usable as an API and in the origin record: UTF-8, no tab or line
/// break (the record is tab-separated, one row a line).
fn plain_name(path: &Path) -> Result<&str, &'static str> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("its name is not UTF-8")?;
    if name.contains(['\t', '\n', '\r']) {
        return Err("its name holds a tab or a line break");
    }
    Ok(name)
}

/// Reads one source folder: `<Api>/<date>_<blob>.md` revisions and plain `<Api>.md` pages.
/// Source paths start at the folder's name, whether the source held it or was it.
fn scan_folder(
    dir: &Path,
    date: Option<&str>,
    found: &mut Source,
) -> BTreeMap<String, Vec<Revision>> {
    let mut apis: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    let base = dir.parent().unwrap_or(dir);
    let entries = match read_dir_sorted(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.errors.push(e);
            return apis;
        }
    };
    let mut unplaced = |path: &Path, why: &str| {
        found
            .unplaced
            .push((path.display().to_string(), why.to_string()));
    };
    let mut undated = Vec::new();
    let mut unreadable = Vec::new();
    for path in entries {
        let name = match plain_name(&path) {
            Ok(name) => name,
            Err(why) => {
                unplaced(&path, why);
                continue;
            }
        };
        if path.is_dir() {
            let mut dated = 0;
            for file in read_dir_sorted(&path).unwrap_or_else(|e| {
                unreadable.push(e);
                Vec::new()
            }) {
                let file_name = match plain_name(&file) {
                    Ok(n) => n,
                    Err(why) => {
                        unplaced(&file, why);
                        continue;
                    }
                };
                let Some(revision_date) = revision_date(file_name).filter(|_| file.is_file())
                else {
                    unplaced(&file, "not a page revision `<YYYY-MM-DD>_<blob>.md`");
                    continue;
                };
                match read_page(&file) {
                    Ok(text) => {
                        dated += 1;
                        apis.entry(name.to_string()).or_default().push(Revision {
                            api: name.to_string(),
                            file: file_name.to_string(),
                            date: revision_date.to_string(),
                            source: relative(base, &file),
                            path: file.clone(),
                            text,
                        });
                    }
                    Err(why) => unplaced(&file, &why),
                }
            }
            if dated == 0 {
                unplaced(
                    &path,
                    "API folder with no dated revision `<YYYY-MM-DD>_<blob>.md`",
                );
            }
        } else if NOT_PAGES.contains(&name) || name == RECORD {
            // A description or origin record, not a page.
        } else if let Some(api) = name.strip_suffix(".md").filter(|a| !a.is_empty()) {
            let Some(date) = date else {
                undated.push(path.display().to_string());
                continue;
            };
            match read_page(&path) {
                Ok(text) => {
                    let file = format!("{date}_{}.md", blob_id(text.as_bytes()));
                    apis.entry(api.to_string()).or_default().push(Revision {
                        api: api.to_string(),
                        file,
                        date: date.to_string(),
                        source: relative(base, &path),
                        path: path.clone(),
                        text,
                    });
                }
                Err(why) => unplaced(&path, &why),
            }
        } else {
            unplaced(&path, "not a page (`<Api>.md`) or an API folder");
        }
    }
    for path in undated {
        found.errors.push(format!(
            "{path}: a plain page carries no revision date; give it with --date YYYY-MM-DD"
        ));
    }
    found.errors.extend(unreadable);
    apis
}

/// A page's text: pages are UTF-8, as codegen requires.
fn read_page(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {}), which no page is",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Folder -> API -> the revisions it keeps.
type Chosen<'a> = BTreeMap<&'a str, BTreeMap<&'a str, Vec<&'a Revision>>>;

/// Folder -> API folders that keep no page: (path of the newest revision, why).
type LeftOut = BTreeMap<String, Vec<(String, String)>>;

/// The revisions each API keeps: the ones codegen keeps when it reads every revision (the
/// newest per product, API version and operation; on one date the greater file name), and the
/// newest revision where codegen must still see it: pages a product's `exclude` names (so the
/// exclusion stays the one place deciding that) and pages it cannot read (so their errors show).
/// An API folder left with nothing (a guide that is not an API reference, a page superseded by
/// another folder's page of the same operation) is listed with the reason.
fn choose<'a>(
    folders: &'a BTreeMap<String, BTreeMap<String, Vec<Revision>>>,
    products: &BTreeMap<String, ProductConfig>,
) -> (Chosen<'a>, LeftOut) {
    let inputs: Vec<PageInput> = folders
        .iter()
        .flat_map(|(folder, apis)| {
            apis.values().flatten().map(move |r| PageInput {
                label: format!("{folder}/{}", r.page()),
                text: r.text.clone(),
            })
        })
        .collect();
    // Diagnostics are codegen's to report when it reads the imported pages; only whether a page
    // failed to read, and why one gave nothing, matter here.
    let outcome = pipeline::read_pages(&inputs, products);
    let kept: BTreeSet<&str> = outcome
        .specs
        .iter()
        .map(|s| s.source.page.as_str())
        .collect();
    let superseded_by: BTreeMap<&str, &str> = outcome
        .superseded
        .iter()
        .flat_map(|s| s.dropped.iter().map(|d| (d.as_str(), s.kept.as_str())))
        .collect();
    let mut failed: BTreeSet<&str> = BTreeSet::new();
    let mut not_api: BTreeSet<&str> = BTreeSet::new();
    for d in outcome.diagnostics.items() {
        if d.severity == Severity::Error {
            failed.insert(d.location.file.as_str());
        } else if d.kind == "not-an-api" {
            not_api.insert(d.location.file.as_str());
        }
    }
    let mut chosen = BTreeMap::new();
    let mut left_out = LeftOut::new();
    for (folder, apis) in folders {
        let claiming = pipeline::products_of(products, folder);
        let mut per_api = BTreeMap::new();
        for (api, revisions) in apis {
            let Some(newest) = revisions
                .iter()
                .max_by(|a, b| (&a.date, &a.file).cmp(&(&b.date, &b.file)))
            else {
                continue;
            };
            let label = |r: &Revision| format!("{folder}/{}", r.page());
            let newest_label = label(newest);
            let excluded = claiming
                .iter()
                .any(|p| p.excluded_by(&newest_label).is_some());
            let mut keep: Vec<&Revision> = revisions
                .iter()
                .filter(|r| {
                    kept.contains(label(r).as_str())
                        || (std::ptr::eq(*r, newest)
                            && (excluded || failed.contains(newest_label.as_str())))
                })
                .collect();
            keep.sort_by(|a, b| a.file.cmp(&b.file));
            if keep.is_empty() {
                let why = if let Some(winner) = superseded_by.get(newest_label.as_str()) {
                    format!("codegen keeps {winner}, a newer page of the same operation")
                } else if not_api.contains(newest_label.as_str()) {
                    "not an API reference (codegen leaves it out)".to_string()
                } else {
                    "codegen reads no operation from it".to_string()
                };
                left_out
                    .entry(folder.clone())
                    .or_default()
                    .push((newest.path.display().to_string(), why));
            } else {
                per_api.insert(api.as_str(), keep);
            }
        }
        chosen.insert(folder.as_str(), per_api);
    }
    (chosen, left_out)
}

/// What the pages directory holds for one folder.
#[derive(Default)]
struct Existing {
    /// API -> its revision files (`<date>_<blob>.md`).
    dated: BTreeMap<String, BTreeSet<String>>,
    /// API -> a page kept under the API's own name (`<Api>.md`, the seed page): a maintainer's,
    /// never rewritten or removed by the import.
    plain: BTreeMap<String, PathBuf>,
}

fn scan_existing(dir: &Path) -> Result<Existing, String> {
    let mut existing = Existing::default();
    if !dir.is_dir() {
        return Ok(existing);
    }
    for path in read_dir_sorted(dir)? {
        let Ok(name) = plain_name(&path) else {
            continue;
        };
        if path.is_dir() {
            for file in read_dir_sorted(&path)? {
                if let Ok(file_name) = plain_name(&file) {
                    if revision_date(file_name).is_some() && file.is_file() {
                        existing
                            .dated
                            .entry(name.to_string())
                            .or_default()
                            .insert(file_name.to_string());
                    }
                }
            }
        } else if let Some(api) = name.strip_suffix(".md") {
            if !NOT_PAGES.contains(&name) && !api.is_empty() {
                existing.plain.insert(api.to_string(), path.clone());
            }
        }
    }
    Ok(existing)
}

/// One row of the origin record.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    api: String,
    source: String,
    revision: String,
}

/// The folder's origin record: page (relative to the folder) -> row. Missing file: empty.
fn read_record(path: &Path) -> Result<BTreeMap<String, Row>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut rows = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 && line == RECORD_HEADER {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [api, page, source, revision] = fields[..] else {
            return Err(format!(
                "{}:{}: expected 4 tab-separated fields ({RECORD_HEADER}), found {}",
                path.display(),
                i + 1,
                fields.len()
            ));
        };
        let row = Row {
            api: api.to_string(),
            source: source.to_string(),
            revision: revision.to_string(),
        };
        rows.insert(page.to_string(), row);
    }
    Ok(rows)
}

fn render_record(rows: &BTreeMap<String, Row>) -> String {
    let mut text = format!("{RECORD_HEADER}\n");
    for (page, row) in rows {
        let _ = writeln!(
            text,
            "{}\t{page}\t{}\t{}",
            row.api, row.source, row.revision
        );
    }
    text
}

/// Compares a folder of the pages directory with the revisions chosen for it, and queues the
/// changes that make them agree.
fn plan_folder(
    options: &Options,
    pages: &Path,
    folder: &str,
    chosen: &BTreeMap<&str, Vec<&Revision>>,
    changes: &mut Vec<Change>,
) -> Result<FolderReport, String> {
    let dir = pages.join(folder);
    let existing = scan_existing(&dir)?;
    let record_path = dir.join(RECORD);
    let old_rows = read_record(&record_path)?;
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut report = FolderReport::default();
    let apis: BTreeSet<&str> = chosen
        .keys()
        .copied()
        .chain(existing.dated.keys().map(String::as_str))
        .chain(existing.plain.keys().map(String::as_str))
        .collect();
    let no_files = BTreeSet::new();
    for api in apis {
        let had = existing.dated.get(api).unwrap_or(&no_files);
        let plain = existing.plain.get(api);
        let plain_page = format!("{api}.md");
        let Some(revisions) = chosen.get(api) else {
            // In the pages directory, not in the source (as of the date).
            let mut line = format!("{folder}/{api}");
            if options.remove_missing {
                for file in had {
                    changes.push(Change::Remove(dir.join(api).join(file)));
                }
                line.push_str(" (removed)");
            } else {
                line.push_str(" (kept; --remove-missing removes it)");
                keep_rows(
                    &old_rows,
                    had.iter().map(|f| format!("{api}/{f}")),
                    &mut rows,
                );
            }
            if let Some(path) = plain {
                let _ = write!(
                    line,
                    "; {} is a page under its own name, left in place",
                    path.display()
                );
                keep_rows(&old_rows, [plain_page.clone()], &mut rows);
            }
            report.disappeared.push(line);
            continue;
        };
        // A page kept under the API's own name that is byte for byte a chosen revision stands
        // for it (the seed page is the corpus's `CreateLocalJoinPermission/2019-09-12_889536aa.md`).
        let plain_text = plain.and_then(|p| std::fs::read(p).ok());
        let mut plain_matched = false;
        let mut wanted: BTreeSet<&str> = BTreeSet::new();
        let mut writes = 0;
        for r in revisions {
            let row = Row {
                api: api.to_string(),
                source: r.source.clone(),
                revision: r.date.clone(),
            };
            if plain_text.as_deref() == Some(r.text.as_bytes()) {
                plain_matched = true;
                rows.insert(plain_page.clone(), row);
                continue;
            }
            wanted.insert(&r.file);
            rows.insert(r.page(), row);
            let path = dir.join(api).join(&r.file);
            let same =
                had.contains(&r.file) && std::fs::read(&path).is_ok_and(|b| b == r.text.as_bytes());
            if !same {
                changes.push(Change::Write(path, r.text.clone()));
                writes += 1;
            }
        }
        let gone: Vec<&String> = had
            .iter()
            .filter(|f| !wanted.contains(f.as_str()))
            .collect();
        for file in &gone {
            changes.push(Change::Remove(dir.join(api).join(file)));
        }
        if let (Some(path), false) = (plain, plain_matched) {
            report.notes.push(format!(
                "{}: a page under its own name, left in place; the chosen revision(s) {} are beside it (codegen keeps the newest)",
                path.display(),
                revisions.iter().map(|r| r.page()).collect::<Vec<_>>().join(", ")
            ));
            keep_rows(&old_rows, [plain_page], &mut rows);
        }
        if had.is_empty() && plain.is_none() {
            let files: Vec<String> = revisions.iter().map(|r| r.page()).collect();
            report
                .added
                .push(format!("{folder}/{api} ({})", files.join(", ")));
        } else if writes == 0 && gone.is_empty() {
            report.unchanged += 1;
        } else {
            let old: Vec<&str> = had.iter().map(String::as_str).collect();
            let new: Vec<&str> = wanted.iter().copied().collect();
            report.changed.push(format!(
                "{folder}/{api}: {} -> {}",
                if old.is_empty() {
                    "-".to_string()
                } else {
                    old.join(", ")
                },
                if new.is_empty() {
                    "-".to_string()
                } else {
                    new.join(", ")
                },
            ));
        }
    }
    // The record changes only when what it says changes: written once, then left alone.
    let text = render_record(&rows);
    let old_text = std::fs::read_to_string(&record_path).ok();
    if old_text.as_deref() != Some(text.as_str()) && !(rows.is_empty() && old_text.is_none()) {
        report
            .notes
            .push(format!("{}: origin record updated", record_path.display()));
        changes.push(Change::Write(record_path, text));
    }
    Ok(report)
}

/// Carries the old record's rows of pages that stay without being imported again (pages
/// relative to the folder).
fn keep_rows(
    old: &BTreeMap<String, Row>,
    pages: impl IntoIterator<Item = String>,
    rows: &mut BTreeMap<String, Row>,
) {
    for page in pages {
        if let Some(row) = old.get(&page) {
            rows.insert(page, row.clone());
        }
    }
}

/// A selected folder with no pages in the source: left alone rather than reported as every API
/// gone, since a source often holds a few folders only. Reported when the pages directory has
/// pages there.
fn skipped_folder(options: &Options, pages: &Path, folder: &str) -> Option<FolderReport> {
    let dir = pages.join(folder);
    dir.is_dir().then(|| FolderReport {
        notes: vec![format!(
            "{}/: not in the source {}; left as it is",
            dir.display(),
            options.from.display()
        )],
        ..FolderReport::default()
    })
}

fn print_report(reports: &BTreeMap<&str, FolderReport>, source: &Source) {
    let mut totals = [0usize; 4];
    for (folder, r) in reports {
        let figures = [
            r.added.len(),
            r.changed.len(),
            r.unchanged,
            r.disappeared.len(),
        ];
        for (total, n) in totals.iter_mut().zip(figures) {
            *total += n;
        }
        eprintln!(
            "{folder}/: added {}, changed {}, unchanged {}, disappeared {}",
            figures[0], figures[1], figures[2], figures[3]
        );
        for line in &r.added {
            eprintln!("  added: {line}");
        }
        for line in &r.changed {
            eprintln!("  changed: {line}");
        }
        for line in &r.disappeared {
            eprintln!("  disappeared: {line}");
        }
        for line in &r.notes {
            eprintln!("  note: {line}");
        }
    }
    for (path, why) in &source.left_out {
        eprintln!("left out: {path}: {why}");
    }
    for (path, why) in &source.unplaced {
        eprintln!("not placed: {path}: {why}");
    }
    eprintln!(
        "import: {} folder(s): added {}, changed {}, unchanged {}, disappeared {}; {} API folder(s) left out, {} file(s) or folder(s) not placed",
        reports.len(),
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        source.left_out.len(),
        source.unplaced.len()
    );
}

fn count(changes: &[Change]) -> (usize, usize) {
    let written = changes
        .iter()
        .filter(|c| matches!(c, Change::Write(..)))
        .count();
    (written, changes.len() - written)
}

fn apply(changes: &[Change]) -> Result<(), String> {
    for change in changes {
        match change {
            Change::Write(path, text) => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("{}: {e}", parent.display()))?;
                }
                std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            Change::Remove(path) => {
                std::fs::remove_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
                // An API folder left empty goes too; one with other files stays (fails harmlessly).
                if let Some(parent) = path.parent() {
                    let _ = std::fs::remove_dir(parent);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_revision_names() {
        assert!(is_date("2021-05-18"));
        for bad in [
            "2021-5-18",
            "2021-13-01",
            "2021-00-10",
            "20210518",
            "2021-05-32",
            "abcd-ef-gh",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
        assert_eq!(revision_date("2021-05-18_6925d48a.md"), Some("2021-05-18"));
        for bad in [
            "2021-05-18.md",
            "2021-05-18_.md",
            "2021-05-18_ab.txt",
            "x_ab.md",
            "2021-05-18_a/b.md",
        ] {
            assert_eq!(revision_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_plain_page_is_named_after_its_git_blob_id() {
        // `printf 'hello\n' | git hash-object --stdin` gives ce013625030ba8dba906f756967f9e9ca394464a.
        assert_eq!(blob_id(b"hello\n"), "ce013625");
    }

    #[test]
    fn the_origin_record_reads_back_what_it_wrote() {
        let rows = BTreeMap::from([(
            "A/2020-01-01_ab.md".to_string(),
            Row {
                api: "A".into(),
                source: "x/A/2020-01-01_ab.md".into(),
                revision: "2020-01-01".into(),
            },
        )]);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(RECORD);
        std::fs::write(&path, render_record(&rows)).expect("write");
        assert_eq!(read_record(&path).expect("reads"), rows);
        std::fs::write(&path, format!("{RECORD_HEADER}\nA\tB\n")).expect("write");
        let err = read_record(&path).unwrap_err();
        assert!(err.contains("SOURCES.tsv:2: expected 4"), "{err}");
    }
}
