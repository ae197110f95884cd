//! `cargo xtask conformance`: the reader measured against what Alibaba's SDKs declare.
//!
//! ```text
//! cargo xtask conformance --pages DIR --oracle DIR [--products DIR] [--json FILE] [--misses]
//! ```
//!
//! Reads every page under `--pages` as `codegen` does (newest revision per API, overrides
//! applied), loads the oracle files under `--oracle`, and prints precision, judged precision
//! (only the reader's own extras counted against it, not members the page documents and the SDK
//! lacks), recall, ceiling and agreement per product and in total, with the share of APIs whose
//! HTTP method and (ROA) path template agree with the oracle's and the share of request names
//! sent in the same position.
//! See docs/CONFORMANCE.md for what each figure means.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use apigen::conformance::{self, languages, oracle, report};
use apigen::diagnostics::Severity;
use apigen::pipeline;

const USAGE: &str = "usage: cargo xtask conformance --pages DIR --oracle DIR [--english-pages DIR] [--products DIR] [--json FILE] [--misses]

  --pages DIR      pages to read, recursively (e.g. the full page corpus)
  --english-pages DIR
                   English pages read beside them, paired by API as codegen does; also
                   counts where the two languages disagree and which was right
  --oracle DIR     oracle files (<folder>.json), what the SDKs declare
  --products DIR   product configurations (default: specs/products)
  --json FILE      also write the figures and every API's misses as JSON
  --misses         also print every miss, API by API (names, kinds, method, path, positions)";

/// Parsed command line.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    pages: PathBuf,
    english_pages: Option<PathBuf>,
    oracle: PathBuf,
    products: Option<PathBuf>,
    json: Option<PathBuf>,
    misses: bool,
}

enum Parsed {
    Run(Options),
    Help,
}

fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut pages = None;
    let mut english_pages = None;
    let mut oracle = None;
    let mut products = None;
    let mut json = None;
    let mut misses = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag {
            "--pages" => pages = Some(PathBuf::from(value("--pages")?)),
            "--english-pages" => english_pages = Some(PathBuf::from(value("--english-pages")?)),
            "--oracle" => oracle = Some(PathBuf::from(value("--oracle")?)),
            "--products" => products = Some(PathBuf::from(value("--products")?)),
            "--json" => json = Some(PathBuf::from(value("--json")?)),
            "--misses" => misses = true,
            "-h" | "--help" => return Ok(Parsed::Help),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(Parsed::Run(Options {
        pages: pages.ok_or("--pages DIR is required")?,
        english_pages,
        oracle: oracle.ok_or("--oracle DIR is required")?,
        products,
        json,
        misses,
    }))
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Runs the subcommand on its arguments (everything after `conformance`).
pub fn run(args: &[String]) -> ExitCode {
    let options = match parse(args) {
        Ok(Parsed::Run(options)) => options,
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match measure(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn measure(options: &Options) -> Result<(), String> {
    let products_dir = options
        .products
        .clone()
        .unwrap_or_else(|| workspace_root().join("specs/products"));
    let pages = pipeline::discover(&options.pages).map_err(|e| e.to_string())?;
    if pages.is_empty() {
        return Err(format!(
            "{}: no pages (*.md) found",
            options.pages.display()
        ));
    }
    let products = pipeline::load_products(&products_dir).map_err(|e| e.to_string())?;
    let oracles = oracle::load_dir(&options.oracle).map_err(|e| e.to_string())?;
    let english = match &options.english_pages {
        Some(dir) => pipeline::discover(dir).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    let outcome = pipeline::read_pages_with_english(&pages, &english, &products);
    let texts: BTreeMap<String, String> = pages.into_iter().map(|p| (p.label, p.text)).collect();
    let measurement = conformance::measure(
        &outcome.specs,
        &conformance::dropped_pages(&outcome.superseded),
        &texts,
        &oracles,
    );

    // Errors are what keeps codegen from running: shown whatever else is asked.
    for d in outcome.diagnostics.items() {
        if d.severity == Severity::Error
            || std::env::var_os("DEBUG_BINDING").is_some() && d.kind == "languages-differ-binding"
        {
            eprintln!("{d}");
        }
    }
    let errors = outcome
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = outcome.diagnostics.items().len() - errors;
    println!(
        "read {} pages into {} specs ({errors} errors, {warnings} warnings); oracle: {} files, {} APIs",
        outcome.pages_read,
        outcome.specs.len(),
        oracles.len(),
        oracles.values().map(|o| o.apis.len()).sum::<usize>(),
    );
    let unconfigured: Vec<&str> = oracles
        .keys()
        .filter(|folder| apigen::pipeline::products_of(&products, folder).is_empty())
        .map(String::as_str)
        .collect();
    if !unconfigured.is_empty() {
        println!(
            "note: no product configuration in {} for {}: their APIs count as `no-sp`",
            products_dir.display(),
            unconfigured.join(", ")
        );
    }
    if options.english_pages.is_some() {
        println!(
            "English: {} pages read, {} specs paired with one; where the two pages of an API disagree:",
            outcome.english.pages_read, outcome.english.paired
        );
        println!();
        print!(
            "{}",
            languages::table(&languages::count(&outcome.english.disagreements, &oracles))
        );
    }
    println!();
    print!("{}", report::table(&measurement));
    if options.misses {
        println!();
        print!("{}", report::misses(&measurement));
    }
    if let Some(path) = &options.json {
        std::fs::write(path, report::json(&measurement))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_flags_with_separate_or_inline_values() {
        let Ok(Parsed::Run(options)) = parse(&args(&[
            "--pages",
            "p",
            "--oracle=o",
            "--json",
            "out.json",
            "--misses",
        ])) else {
            panic!("parses")
        };
        assert_eq!(
            options,
            Options {
                pages: "p".into(),
                english_pages: None,
                oracle: "o".into(),
                products: None,
                json: Some("out.json".into()),
                misses: true
            }
        );
    }

    #[test]
    fn missing_or_unknown_arguments_are_errors() {
        assert!(parse(&args(&["--pages", "p"]))
            .err()
            .unwrap()
            .contains("--oracle"));
        assert!(parse(&args(&["--pages"]))
            .err()
            .unwrap()
            .contains("needs a value"));
        assert!(parse(&args(&["--pages", "p", "--oracle", "o", "--fast"]))
            .err()
            .unwrap()
            .contains("--fast"));
        assert!(matches!(parse(&args(&["--help"])), Ok(Parsed::Help)));
    }
}
