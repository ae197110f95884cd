//! `cargo xtask import --english`: brings English pages into the English pages directory
//! (`specs/pages-en`), laid out as the Chinese one is.
//!
//! A product configuration's `english:` names the source folders holding its English pages. Of
//! each such folder, the import keeps the newest revision (as of a date, when given) of every
//! English API that pairs with an API the Chinese pages directory ships: an API folder or page of
//! the same name, case aside (translations lower-case names: `Describecdndomaindetail`), in one of
//! the folders of a product listing the English folder, and not left out by that product's
//! `exclude`. English APIs pairing with nothing are listed, not imported: codegen would have no
//! operation to give their text to.
//!
//! A Chinese API gets one English API's pages: when English folders of the same products both
//! hold one pairing with it (CloudMonitor pages filed in `alikafka/` and `cms/`), the one with the
//! newer revision; the other is listed as left out.
//!
//! Which revisions are kept is decided by codegen's own reading of both languages: the revision
//! codegen pairs with each operation (the newest that pairs and reads cleanly). When the Chinese
//! pages keep an API's page for several products or versions (Ram's `CreateUser` and Ims's, both
//! under `ram/CreateUser/`), each operation keeps its own; an English API none of whose revisions
//! pairs (it documents another version) is listed with the unpaired ones.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use apigen::page::explorer;
use apigen::pipeline::{self, PageInput};
use apigen::spec::product::ProductConfig;

use super::{
    finish, plan_folder, print_report, scan_existing, scan_folder, skipped_folder, source_folders,
    FolderReport, Options, Revision, Source,
};

/// Runs the English import; see the module docs.
pub(super) fn run(options: &Options) -> Result<ExitCode, String> {
    if !options.pages.is_dir() {
        return Err(format!(
            "{}: not a directory of Chinese pages (--pages), which English pages pair with",
            options.pages.display()
        ));
    }
    let products = pipeline::load_products(&options.products).map_err(|e| e.to_string())?;
    let claimed: BTreeSet<&str> = products
        .values()
        .flat_map(|p| &p.english)
        .map(String::as_str)
        .collect();
    let selected = selected_folders(&products, &options.select)?;
    // One English page per Chinese API, whichever English folder it is in (Cms pages are in
    // alikafka/ and cms/ alike): every folder the products sharing a selected one list is read,
    // so the choice does not depend on which folders a run names.
    let mut to_read: BTreeSet<&str> = selected.iter().map(String::as_str).collect();
    loop {
        let more: BTreeSet<&str> = products
            .values()
            .filter(|p| p.english.iter().any(|f| to_read.contains(f.as_str())))
            .flat_map(|p| &p.english)
            .map(String::as_str)
            .filter(|f| !to_read.contains(f))
            .collect();
        if more.is_empty() {
            break;
        }
        to_read.extend(more);
    }
    let roots = source_folders(&options.from, &claimed)?;

    let mut source = Source::default();
    for (folder, dir) in &roots {
        if !claimed.contains(folder.as_str()) {
            if options.select.is_empty() {
                source.unplaced.push((
                    format!("{}/", dir.display()),
                    "no product configuration lists this folder under `english:`".to_string(),
                ));
            }
            continue;
        }
        if to_read.contains(folder.as_str()) {
            // Problems in folders read only to compare are not this run's to report.
            let mut scratch = Source::default();
            let found = if selected.contains(folder) {
                &mut source
            } else {
                &mut scratch
            };
            let apis = scan_folder(dir, options.date.as_deref(), found);
            source.folders.insert(folder.clone(), apis);
        }
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

    // Which English revision codegen pairs with each operation, decided by codegen's own
    // reading of both languages, so the import and codegen cannot disagree about it.
    let chinese_pages =
        pipeline::discover_for(&options.pages, &products).map_err(|e| e.to_string())?;
    let english_inputs: Vec<PageInput> = source
        .folders
        .values()
        .flat_map(|apis| apis.values().flatten())
        .map(|r| PageInput {
            label: r.source.clone(),
            text: r.text.clone(),
        })
        .collect();
    let read = pipeline::read_pages_with_english(&chinese_pages, &english_inputs, &products);
    let chosen: BTreeSet<&str> = read
        .specs
        .iter()
        .filter_map(|s| s.source_en.as_ref().map(|e| e.page.as_str()))
        .collect();

    let mut errors = std::mem::take(&mut source.errors);
    let mut paired: BTreeMap<&str, BTreeMap<&str, Pairing>> = BTreeMap::new();
    let mut unpaired: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (folder, apis) in &source.folders {
        let shipped = match shipped_apis(&options.pages, &products, folder) {
            Ok(shipped) => shipped,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        for (api, revisions) in apis {
            let Some(newest) = revisions
                .iter()
                .max_by(|a, b| (&a.date, &a.file).cmp(&(&b.date, &b.file)))
            else {
                continue;
            };
            let used: Vec<&Revision> = revisions
                .iter()
                .filter(|r| chosen.contains(r.source.as_str()))
                .collect();
            match shipped.get(&api.to_lowercase()) {
                // Paired by name even when codegen uses none of its revisions: another folder's
                // English page of the same API may be the newer, and that is told below.
                Some(chinese) => {
                    let pairing = Pairing {
                        chinese: chinese.label.clone(),
                        newest,
                        revisions: used,
                    };
                    paired.entry(folder).or_default().insert(api, pairing);
                }
                _ if selected.contains(folder) => {
                    unpaired.entry(folder).or_default().push(api);
                }
                _ => {}
            }
        }
    }
    let winners = one_per_chinese_api(&paired);

    let mut reports: BTreeMap<&str, FolderReport> = BTreeMap::new();
    let mut changes = Vec::new();
    for folder in &selected {
        if !source.folders.contains_key(folder) {
            if let Some(report) = skipped_folder(options, &options.english_pages, folder) {
                reports.insert(folder, report);
            }
            continue;
        }
        let mut chosen: BTreeMap<&str, Vec<&Revision>> = BTreeMap::new();
        let mut renamed = Vec::new();
        for (api, pairing) in paired.get(folder.as_str()).into_iter().flatten() {
            let winner = winners[pairing.chinese.as_str()];
            if winner != (folder.as_str(), *api) {
                source.left_out.push((
                    pairing.newest.path.display().to_string(),
                    format!(
                        "{}/{} is a newer English page of the same API ({})",
                        winner.0, winner.1, pairing.chinese
                    ),
                ));
                continue;
            }
            if pairing.revisions.is_empty() {
                source.left_out.push((
                    pairing.newest.path.display().to_string(),
                    format!(
                        "no revision pairs with an operation of {}: each names an API version the Chinese pages do not document",
                        pairing.chinese
                    ),
                ));
                continue;
            }
            if !pairing.chinese.ends_with(&format!("/{api}")) {
                renamed.push(format!("{folder}/{api} pairs with {}", pairing.chinese));
            }
            chosen.insert(api, pairing.revisions.clone());
        }
        match plan_folder(
            options,
            &options.english_pages,
            folder,
            &chosen,
            &mut changes,
        ) {
            Ok(mut report) => {
                if !renamed.is_empty() {
                    report.notes.push(format!(
                        "{} API(s) pair with a Chinese API named otherwise (case aside): {}",
                        renamed.len(),
                        renamed.join("; ")
                    ));
                }
                reports.insert(folder, report);
            }
            Err(e) => errors.push(e),
        }
    }

    print_report(&reports, &source);
    for (folder, apis) in &unpaired {
        eprintln!(
            "unpaired: {folder}/: {} English API(s) pair with no API of {} (not imported): {}",
            apis.len(),
            options.pages.display(),
            apis.join(", ")
        );
    }
    eprintln!(
        "english: {} English API(s) pair with no Chinese API and were not imported",
        unpaired.values().map(Vec::len).sum::<usize>()
    );
    finish(options, &options.english_pages, &errors, &changes)
}

/// The English folders a run covers: those the named products (by configuration file name) list
/// under `english:`, and the named folders; with no names, every folder some product lists.
fn selected_folders(
    products: &BTreeMap<String, ProductConfig>,
    select: &[String],
) -> Result<BTreeSet<String>, String> {
    let listed = || products.values().flat_map(|p| p.english.iter().cloned());
    if select.is_empty() {
        return Ok(listed().collect());
    }
    let mut chosen = BTreeSet::new();
    for name in select {
        let is_folder = listed().any(|f| &f == name);
        if is_folder {
            chosen.insert(name.clone());
        }
        match products.get(name) {
            Some(product) if product.english.is_empty() && !is_folder => {
                return Err(format!(
                    "`{name}`: specs/products/{name}.yaml lists no English folder (`english:`)"
                ));
            }
            Some(product) => chosen.extend(product.english.iter().cloned()),
            None if is_folder => {}
            None => {
                return Err(format!(
                    "`{name}`: no product configuration specs/products/{name}.yaml and no product lists a folder of that name under `english:`"
                ));
            }
        }
    }
    Ok(chosen)
}

/// An English API and the Chinese API it pairs with.
struct Pairing<'a> {
    /// The Chinese API, `<folder>/<Api>`.
    chinese: String,
    /// The English API's newest revision.
    newest: &'a Revision,
    /// The revisions it keeps.
    revisions: Vec<&'a Revision>,
}

/// For each Chinese API (`<folder>/<Api>`), the English API (folder, API) that keeps its pages
/// when several pair with it: the one with the newest revision; on a tie, the one in the Chinese
/// page's folder, then the first folder by name.
fn one_per_chinese_api<'a>(
    paired: &'a BTreeMap<&'a str, BTreeMap<&'a str, Pairing<'a>>>,
) -> BTreeMap<&'a str, (&'a str, &'a str)> {
    let rank = |folder: &str, p: &Pairing| {
        let own_folder = p.chinese.split('/').next() == Some(folder);
        (
            p.newest.date.clone(),
            p.newest.file.clone(),
            own_folder,
            std::cmp::Reverse(folder.to_string()),
        )
    };
    let mut winners: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for (folder, apis) in paired {
        for (api, pairing) in apis {
            let better = match winners.get(pairing.chinese.as_str()) {
                None => true,
                Some((f, a)) => rank(folder, pairing) > rank(f, &paired[f][a]),
            };
            if better {
                winners.insert(pairing.chinese.as_str(), (*folder, *api));
            }
        }
    }
    winners
}

/// The API version a page's first OpenAPI Explorer link names, if any.
fn documented_version(text: &str) -> Option<String> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| explorer::find(line, i + 1))
        .find_map(|link| link.version)
}

/// An API the Chinese pages directory ships.
struct Shipped {
    /// `<folder>/<Api>` as the Chinese pages directory names it.
    label: String,
    /// The versions its pages' explorer links name.
    versions: BTreeSet<String>,
}

/// The APIs the Chinese pages directory ships for the products listing English folder `folder`,
/// by lower-cased name. Pages a product's `exclude` leaves out ship nothing.
fn shipped_apis(
    pages: &Path,
    products: &BTreeMap<String, ProductConfig>,
    folder: &str,
) -> Result<BTreeMap<String, Shipped>, String> {
    let mut shipped: BTreeMap<String, Shipped> = BTreeMap::new();
    for product in products
        .values()
        .filter(|p| p.english.iter().any(|f| f == folder))
    {
        for chinese in std::iter::once(&product.folder).chain(&product.folders) {
            let dir = &pages.join(chinese);
            let existing = scan_existing(dir)?;
            let files = existing
                .dated
                .iter()
                .flat_map(|(api, files)| files.iter().map(move |f| (api, dir.join(api).join(f))))
                .chain(existing.plain.iter().map(|(api, path)| (api, path.clone())));
            for (api, path) in files {
                let label = format!("{chinese}/{api}");
                if product.excluded_by(&label).is_some() {
                    continue;
                }
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let entry = shipped
                    .entry(api.to_lowercase())
                    .or_insert_with(|| Shipped {
                        label,
                        versions: BTreeSet::new(),
                    });
                // A page naming no version documents the product's default one.
                entry
                    .versions
                    .extend(documented_version(&text).or_else(|| product.default_version.clone()));
            }
        }
    }
    Ok(shipped)
}
