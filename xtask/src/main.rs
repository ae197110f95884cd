//! Maintainer commands, run as `cargo xtask <command>` from anywhere in the workspace.
//!
//! - `codegen`: pages → specs → generated crate, written to disk.
//! - `check`: the same run in memory, compared with what is committed.
//! - `conformance`: the parser measured against the SDKs' declarations.
//! - `add-product`: a first product configuration for a folder of pages, for review.
//! - `import`: the newest revision of each API page from a directory of page revisions.
//! - `languages`: the share of documented items with English text, per product.
//! - `changes`: what changed between two spec trees, and its effect on the crates' users.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use apigen::changes::release::Mode;
use apigen::diagnostics::Severity;
use apigen::emit::CrateSettings;
use apigen::pipeline::{self, Output, ReadOutcome};
use clap::{Args, Parser, Subcommand};

// Codegen makes and drops millions of small values (tokens, names, syntax trees): with glibc's
// allocator, allocating took about 40% of its time; mimalloc keeps that per thread and cheap (the
// codegen benchmark uses it too, to measure what this program does).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer commands of the Alibaba Cloud client generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate specs and the client crate from the pages.
    Codegen(Locations),
    /// Fail, naming the stale files, when the committed specs or crate differ from what codegen writes.
    Check(Locations),
    /// Write a draft product configuration for a folder of pages (specs/products/FOLDER.yaml),
    /// filled in from what its pages say; an existing file is never overwritten.
    AddProduct {
        /// The pages' folder under the pages directory (also the product's module name).
        folder: String,
        /// Directory of pages (default: specs/pages).
        #[arg(long)]
        pages: Option<PathBuf>,
        /// Directory of English pages (default: specs/pages-en); when it has the folder, the
        /// draft lists it under `english:`.
        #[arg(long, value_name = "DIR")]
        english_pages: Option<PathBuf>,
        /// Directory of product configurations to write into (default: specs/products).
        #[arg(long)]
        products: Option<PathBuf>,
    },
    /// Bring the newest revision of each API page from a directory of page revisions into
    /// specs/pages, for the configured products; prints what changed, and what it could not place.
    /// With --english, English pages into specs/pages-en, for the folders products list under
    /// `english:`, each paired with an API specs/pages ships.
    Import {
        /// Directory of page revisions: `<folder>/<Api>/<YYYY-MM-DD>_<blob>.md`, or plain pages
        /// `<folder>/<Api>.md` (with --date). May also be one folder itself.
        #[arg(long)]
        from: PathBuf,
        /// Only revisions dated on or before this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Revision date of plain pages (`<Api>.md`), whose names carry none (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Remove the pages of APIs no longer in the source (otherwise only listed).
        #[arg(long)]
        remove_missing: bool,
        /// Print what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Pages directory to update (default: specs/pages); with --english, the Chinese pages
        /// the English ones pair with, only read.
        #[arg(long)]
        pages: Option<PathBuf>,
        /// Import English pages: the newest revision of every English API that pairs with an
        /// API the Chinese pages ship (same name, case aside), into --english-pages.
        #[arg(long)]
        english: bool,
        /// English pages directory to update with --english (default: specs/pages-en).
        #[arg(long, value_name = "DIR", requires = "english")]
        english_pages: Option<PathBuf>,
        /// Directory of product configurations (default: specs/products).
        #[arg(long)]
        products: Option<PathBuf>,
        /// Products (configuration file name, `sts`) or folders (`ram`) to import; none means
        /// every configured folder (with --english, every folder listed under `english:`).
        #[arg(value_name = "PRODUCT")]
        select: Vec<String>,
    },
    /// Report what changed between two spec trees (by default the committed specs/apis and the
    /// working tree's), per product and operation, each change classified by its effect.
    Changes {
        /// The older specs: `specs/apis` at this git revision (default: HEAD).
        #[arg(long, value_name = "GIT-REV")]
        since: Option<String>,
        /// The older specs: this directory (`specs/apis`, or a codegen `--out` directory).
        #[arg(long, value_name = "SPECS-DIR", conflicts_with = "since")]
        from: Option<PathBuf>,
        /// The newer specs (default: specs/apis).
        #[arg(long, value_name = "SPECS-DIR")]
        to: Option<PathBuf>,
        /// Also write the report as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
    /// Measure the parser against the SDKs' declarations (see docs/CONFORMANCE.md).
    /// Print, per product, the share of documented items with English text (committed specs).
    Languages {
        /// Specs to read (default: specs/apis).
        #[arg(long, value_name = "SPECS-DIR")]
        specs: Option<PathBuf>,
    },
    Conformance {
        /// Arguments passed on: `--pages DIR --oracle DIR [--products DIR] [--json FILE] [--misses]`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

#[derive(Args)]
struct Locations {
    /// Directory of pages, read recursively (default: the committed pages, specs/pages).
    #[arg(long)]
    pages: Option<PathBuf>,
    /// Directory of English pages, read beside the pages and paired with them by API
    /// (default: specs/pages-en when the pages are the committed ones; see the `english` key of
    /// product configurations).
    #[arg(long, value_name = "DIR")]
    english_pages: Option<PathBuf>,
    /// Directory of product configurations (default: specs/products).
    #[arg(long)]
    products: Option<PathBuf>,
    /// Write `specs/apis/` and `generated/` under this directory instead of the repository;
    /// the crate then stands alone and depends on the repository's runtime by path.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print only the summary, not each warning.
    #[arg(long, short)]
    quiet: bool,
    /// Regenerate without a release: crate versions and changelogs stay as they are, whatever
    /// the specs' changes (after a generator change that does not change the API, or to set a
    /// baseline).
    #[arg(long)]
    no_release: bool,
}

/// Directories of one run.
struct Plan {
    pages: PathBuf,
    /// English pages, when there are any.
    english_pages: Option<PathBuf>,
    products: PathBuf,
    specs_out: PathBuf,
    crate_out: PathBuf,
    /// The release state: `specs/releases` beside `specs/apis`.
    releases_out: PathBuf,
    settings: CrateSettings,
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn plan(locations: &Locations) -> Result<Plan, String> {
    let root = workspace_root();
    let pages = locations
        .pages
        .clone()
        .unwrap_or_else(|| root.join("specs/pages"));
    let products = locations
        .products
        .clone()
        .unwrap_or_else(|| root.join("specs/products"));
    let out_root = locations.out.clone().unwrap_or_else(|| root.clone());
    let specs_out = out_root.join("specs/apis");
    let crate_out = out_root.join("generated");
    let releases_out = out_root.join("specs/releases");
    let standalone = locations.out.is_some();
    let runtime_path = if standalone {
        std::fs::create_dir_all(&crate_out).map_err(|e| format!("{}: {e}", crate_out.display()))?;
        let from = crate_out
            .canonicalize()
            .map_err(|e| format!("{}: {e}", crate_out.display()))?;
        let to = root
            .join("runtime")
            .canonicalize()
            .map_err(|e| format!("runtime crate: {e}"))?;
        let relative = pathdiff::diff_paths(&to, &from).unwrap_or(to);
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    } else {
        "../runtime".to_string()
    };
    let settings = CrateSettings {
        name: "alibabacloud".into(),
        version: "0.1.0".into(),
        runtime_path,
        // The workspace manifest states it once; xtask inherits it.
        repository: env!("CARGO_PKG_REPOSITORY").into(),
        standalone,
    };
    // The committed English pages go with the committed pages only: a run over other pages
    // (`--pages DIR`) pairs with English pages when told where they are.
    let english_pages = match (&locations.english_pages, &locations.pages) {
        (Some(dir), _) => Some(dir.clone()),
        (None, None) => Some(root.join("specs/pages-en")).filter(|d| d.is_dir()),
        (None, Some(_)) => None,
    };
    Ok(Plan {
        pages,
        english_pages,
        products,
        specs_out,
        crate_out,
        releases_out,
        settings,
    })
}

/// One run in memory: the pipeline, then the release step (versions and changelogs against
/// the specs and release state on disk), which is skipped when the pages have errors.
fn run_pipeline(
    plan: &Plan,
    mode: Mode,
) -> Result<(ReadOutcome, Output, Option<changes::Released>), String> {
    let products = pipeline::load_products(&plan.products).map_err(|e| e.to_string())?;
    let pages = pipeline::discover_for(&plan.pages, &products).map_err(|e| e.to_string())?;
    if pages.is_empty() {
        return Err(format!("{}: no pages (*.md) found", plan.pages.display()));
    }
    let english = match &plan.english_pages {
        Some(dir) => pipeline::discover(dir).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    let (outcome, mut output) = pipeline::generate(&pages, &english, &products, &plan.settings);
    if outcome.diagnostics.has_errors() {
        return Ok((outcome, output, None));
    }
    let released = changes::release(
        &plan.specs_out,
        &plan.releases_out,
        &output.specs,
        &mut output.crate_files,
        &products,
        &plan.settings.name,
        mode,
    )?;
    Ok((outcome, output, Some(released)))
}

fn mode(locations: &Locations) -> Mode {
    if locations.no_release {
        Mode::Keep
    } else {
        Mode::Release
    }
}

/// Prints diagnostics (errors always, warnings unless quiet) and the summary line.
fn report(outcome: &ReadOutcome, output: &Output, quiet: bool) {
    let diags = &outcome.diagnostics;
    for d in diags.items() {
        if d.severity == Severity::Error || !quiet {
            eprintln!("{d}");
        }
    }
    for s in &outcome.superseded {
        if !quiet {
            eprintln!("note: newest revision wins: {s}");
        }
    }
    let groups: std::collections::BTreeSet<(&str, &str)> = outcome
        .specs
        .iter()
        .map(|s| (pipeline::folder_of(&s.source.page), s.version.as_str()))
        .collect();
    if outcome.english.pages_read > 0 {
        eprintln!(
            "read {} English pages beside them: {} operations documented in both languages, {} disagreements between the two (warnings languages-differ-*)",
            outcome.english.pages_read,
            outcome.english.paired,
            outcome.english.disagreements.len(),
        );
    }
    eprintln!(
        "read {} pages: {} operations in {} product versions, {} older revisions superseded, {} spec files, {} crate files",
        outcome.pages_read,
        outcome.specs.len(),
        groups.len(),
        outcome.superseded.iter().map(|s| s.dropped.len()).sum::<usize>(),
        output.specs.len(),
        output.crate_files.len(),
    );
    let counts = diags.counts_by_kind();
    if counts.is_empty() {
        eprintln!("no errors, no warnings");
    }
    for ((severity, kind), n) in counts {
        let label = if severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        eprintln!("  {n:>5} {label}[{kind}]");
    }
}

/// Files under `dir` (relative, `/`-separated) that a run owns: everything but build products.
fn existing_files(dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if name != "target" {
                    stack.push(path);
                }
            } else if name != "Cargo.lock" {
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                found.insert(key, path);
            }
        }
    }
    found
}

/// Differences between wanted files and a directory: (relative path, what is wrong).
fn stale(dir: &Path, wanted: &BTreeMap<String, String>) -> Vec<(PathBuf, &'static str)> {
    let existing = existing_files(dir);
    let mut problems = Vec::new();
    for (relative, content) in wanted {
        let path = dir.join(relative);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == content.as_bytes() => {}
            Ok(_) => problems.push((path, "differs from what codegen writes")),
            Err(_) => problems.push((path, "missing")),
        }
    }
    for (relative, path) in existing {
        if !wanted.contains_key(&relative) {
            problems.push((path, "not written by codegen (stale)"));
        }
    }
    problems
}

/// True for a path that stays inside the directory it is joined to: relative, and made of plain
/// names only (no `..`, `.`, root or drive).
fn stays_inside(relative: &str) -> bool {
    let path = Path::new(relative);
    !relative.is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Whatever a page or a spec says, nothing is written outside the output directories: every
/// file of a run is checked before the first is written.
fn check_inside(outputs: &[(&Path, &BTreeMap<String, String>)]) -> Result<(), String> {
    for (dir, wanted) in outputs {
        if let Some(bad) = wanted.keys().find(|relative| !stays_inside(relative)) {
            return Err(format!(
                "{}: refusing to write `{bad}`, which leaves the output directory; nothing written",
                dir.display()
            ));
        }
    }
    Ok(())
}

fn write_all(dir: &Path, wanted: &BTreeMap<String, String>) -> Result<usize, String> {
    check_inside(&[(dir, wanted)])?;
    let mut changed = 0;
    for (path, reason) in stale(dir, wanted) {
        let relative = path.strip_prefix(dir).unwrap_or(&path);
        let key = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match wanted.get(&key) {
            Some(content) => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("{}: {e}", parent.display()))?;
                }
                std::fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            None => {
                debug_assert_eq!(reason, "not written by codegen (stale)");
                std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        changed += 1;
    }
    remove_empty_dirs(dir);
    Ok(changed)
}

fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && entry.file_name() != "target" {
            remove_empty_dirs(&path);
            // Fails, harmlessly, when the directory still has files.
            let _ = std::fs::remove_dir(&path);
        }
    }
}

fn add_product(
    folder: &str,
    pages: Option<&Path>,
    english_pages: Option<&Path>,
    products: Option<&Path>,
) -> Result<ExitCode, String> {
    let root = workspace_root();
    let pages_dir = pages.map_or_else(|| root.join("specs/pages"), Path::to_path_buf);
    let english_dir = english_pages.map_or_else(|| root.join("specs/pages-en"), Path::to_path_buf);
    let products_dir = products.map_or_else(|| root.join("specs/products"), Path::to_path_buf);
    let pages = pipeline::discover(&pages_dir).map_err(|e| e.to_string())?;
    let mut drafts = apigen::spec::product_draft::read(folder, &pages);
    // Every product documented in the folder may have English pages in the English folder of
    // the same name (ram/ holds Ram's, Ims's and Sts's); codegen's pairing sorts them out.
    if english_dir.join(folder).is_dir() {
        for draft in &mut drafts {
            draft.english = Some(folder.to_string());
        }
    }
    let read: usize = drafts.iter().map(|d| d.pages).sum();
    if read == 0 {
        return Err(format!(
            "{}: no pages in a folder `{folder}`; copy the product's pages to {}/{folder}/ first",
            pages_dir.display(),
            pages_dir.display()
        ));
    }
    let configured = if products_dir.is_dir() {
        pipeline::load_products(&products_dir).map_err(|e| e.to_string())?
    } else {
        Default::default()
    };
    std::fs::create_dir_all(&products_dir)
        .map_err(|e| format!("{}: {e}", products_dir.display()))?;
    let mut written = 0;
    for draft in &drafts {
        let target = products_dir.join(format!("{}.yaml", draft.key));
        let same_code = draft.code.as_ref().and_then(|code| {
            configured
                .values()
                .find(|p| p.code.eq_ignore_ascii_case(code))
        });
        if let Some(existing) = same_code {
            eprintln!(
                "{} page(s) of `{folder}/` are product {}, configured in {}: add `{folder}` to its `folders` instead of a new file",
                draft.pages,
                existing.code,
                products_dir.join(format!("{}.yaml", existing.folder)).display()
            );
            continue;
        }
        if target.exists() {
            eprintln!(
                "{}: already exists, not overwritten; a draft for {} page(s) of `{folder}/` would go there",
                target.display(),
                draft.pages
            );
            continue;
        }
        std::fs::write(&target, draft.to_yaml())
            .map_err(|e| format!("{}: {e}", target.display()))?;
        eprintln!(
            "wrote {} from {} page(s): review it, then run `cargo xtask codegen`",
            target.display(),
            draft.pages
        );
        if let Some(english) = &draft.english {
            eprintln!(
                "  it lists English pages in {}: `cargo xtask import --english --from DIR {}` brings newer ones",
                english_dir.join(english).display(),
                draft.key
            );
        }
        written += 1;
    }
    if written == 0 {
        return Err(format!(
            "no draft written for `{folder}/`: every product it documents is configured already"
        ));
    }
    Ok(ExitCode::SUCCESS)
}

fn codegen(locations: &Locations) -> Result<ExitCode, String> {
    let plan = plan(locations)?;
    let (outcome, output, released) = run_pipeline(&plan, mode(locations))?;
    report(&outcome, &output, locations.quiet);
    let Some(released) = released.filter(|_| !outcome.diagnostics.has_errors()) else {
        eprintln!(
            "codegen failed: {} error(s); nothing written",
            outcome.diagnostics.error_count()
        );
        return Ok(ExitCode::FAILURE);
    };
    check_inside(&[
        (&plan.specs_out, &output.specs),
        (&plan.crate_out, &output.crate_files),
        (&plan.releases_out, &released.files),
    ])?;
    let changed = write_all(&plan.specs_out, &output.specs)?
        + write_all(&plan.crate_out, &output.crate_files)?
        + write_all(&plan.releases_out, &released.files)?;
    let products = released.report.products.len();
    if products > 0 {
        eprintln!(
            "specs of {products} product(s) changed{}; `cargo xtask changes` lists each change",
            if locations.no_release {
                " (--no-release: versions and changelogs kept)"
            } else {
                ""
            }
        );
    }
    for line in changes::summary(&released) {
        eprintln!("  version {line}");
    }
    eprintln!(
        "wrote {}, {} and {} ({changed} file(s) changed)",
        plan.specs_out.display(),
        plan.releases_out.display(),
        plan.crate_out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(locations: &Locations) -> Result<ExitCode, String> {
    let plan = plan(locations)?;
    let (outcome, output, released) = run_pipeline(&plan, mode(locations))?;
    report(&outcome, &output, true);
    let mut problems = stale(&plan.specs_out, &output.specs);
    problems.extend(stale(&plan.crate_out, &output.crate_files));
    if let Some(released) = &released {
        problems.extend(stale(&plan.releases_out, &released.files));
    }
    if outcome.diagnostics.has_errors() {
        eprintln!(
            "check failed: the pages have {} error(s)",
            outcome.diagnostics.error_count()
        );
        return Ok(ExitCode::FAILURE);
    }
    if problems.is_empty() {
        eprintln!("check passed: specs and generated crate are up to date");
        return Ok(ExitCode::SUCCESS);
    }
    let root = workspace_root();
    for (path, reason) in &problems {
        eprintln!(
            "stale: {} ({reason})",
            path.strip_prefix(&root).unwrap_or(path).display()
        );
    }
    eprintln!(
        "check failed: {} stale file(s); run `cargo xtask codegen` and commit the result",
        problems.len()
    );
    Ok(ExitCode::FAILURE)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Codegen(locations) => codegen(locations),
        Command::Check(locations) => check(locations),
        Command::Conformance { args } => Ok(conformance::run(args)),
        Command::Languages { specs } => {
            let dir = specs
                .clone()
                .unwrap_or_else(|| workspace_root().join("specs/apis"));
            languages::run(&dir).map(|()| ExitCode::SUCCESS)
        }
        Command::Changes {
            since,
            from,
            to,
            json,
        } => changes::run(
            &workspace_root(),
            &changes::Options {
                since: since.clone(),
                from: from.clone(),
                to: to.clone(),
                json: json.clone(),
            },
        ),
        Command::AddProduct {
            folder,
            pages,
            english_pages,
            products,
        } => add_product(
            folder,
            pages.as_deref(),
            english_pages.as_deref(),
            products.as_deref(),
        ),
        Command::Import {
            from,
            as_of,
            date,
            remove_missing,
            dry_run,
            pages,
            english,
            english_pages,
            products,
            select,
        } => {
            let root = workspace_root();
            import::run(&import::Options {
                from: from.clone(),
                as_of: as_of.clone(),
                date: date.clone(),
                remove_missing: *remove_missing,
                dry_run: *dry_run,
                pages: pages.clone().unwrap_or_else(|| root.join("specs/pages")),
                english: *english,
                english_pages: english_pages
                    .clone()
                    .unwrap_or_else(|| root.join("specs/pages-en")),
                products: products
                    .clone()
                    .unwrap_or_else(|| root.join("specs/products")),
                select: select.clone(),
            })
        }
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    })
}

mod changes;
mod conformance;
mod import;
mod languages;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_stay_inside_the_output_directory() {
        assert!(stays_inside("linkwan/2018-12-30/ListNodeGroups.yaml"));
        for bad in [
            "",
            "../x.yaml",
            "linkwan/2019-03-01/../../../../.github/workflows/CI.yaml",
            "/etc/passwd",
            "./x.yaml",
        ] {
            assert!(!stays_inside(bad), "{bad}");
        }
        let dir = std::env::temp_dir().join(format!("xtask-inside-{}", std::process::id()));
        let wanted = BTreeMap::from([
            ("a/ok.yaml".to_string(), "x".to_string()),
            ("a/../../escape.yaml".to_string(), "x".to_string()),
        ]);
        let err = write_all(&dir, &wanted).unwrap_err();
        assert!(err.contains("leaves the output directory"), "{err}");
        assert!(!dir.join("a/ok.yaml").exists(), "nothing is written");
    }
}
