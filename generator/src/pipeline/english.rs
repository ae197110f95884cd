//! English pages, read beside the Chinese ones: each pairs with the spec its API's Chinese page
//! gave, and the two become one spec ([`crate::spec::bilingual`]).
//!
//! An English page belongs to the products whose configuration lists its folder under
//! `english`. It pairs with the spec of such a product whose page directory has the same name,
//! case aside (translation lowercases names: `Describecdndomaindetail`), and, when the English
//! page names an API version, the same version. Where several products could own it (ram/ holds
//! Ram, Ims and Sts), the one that has a Chinese spec of that name decides, then the page's own
//! evidence as for Chinese pages ([`super::routing`]). Of several English revisions of one
//! API, the newest that reads cleanly is used.
//!
//! An English page that pairs with nothing is a warning: English pages document what the
//! Chinese ones define, and an API with only an English page (a retired one, mostly) is not
//! shipped from it.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::emit::locate::{Anchor, Part, Place, SpecSource};
use crate::page::{self, Page};
use crate::spec::bilingual::{self, Disagreement, Side};
use crate::spec::build;
use crate::spec::model::{OperationSpec, StructureFrom};
use crate::spec::product::ProductConfig;

use super::{folder_of, routing, spec_folder, PageInput};

/// A disagreement between an API's two pages, with the API it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDisagreement {
    /// Product code, as the spec has it.
    pub product: String,
    /// API version.
    pub version: String,
    /// Action.
    pub name: String,
    /// The Chinese page.
    pub chinese_page: String,
    /// The English page.
    pub english_page: String,
    /// What differs.
    pub disagreement: Disagreement,
}

/// What pairing English pages gave.
#[derive(Debug, Clone, Default)]
pub struct EnglishOutcome {
    /// English pages read.
    pub pages_read: usize,
    /// Specs that got an English page.
    pub paired: usize,
    /// Every disagreement between paired pages, in spec order.
    pub disagreements: Vec<ApiDisagreement>,
}

/// Pairs the English pages with `specs` (read from the Chinese pages, newest revision per API)
/// and merges each pair in place. `chinese` are the Chinese pages, for locating diagnostics.
pub fn pair(
    english: &[PageInput],
    chinese: &[PageInput],
    products: &BTreeMap<String, ProductConfig>,
    specs: &mut [OperationSpec],
    diagnostics: &mut Diagnostics,
) -> EnglishOutcome {
    let mut outcome = EnglishOutcome::default();
    if english.is_empty() {
        return outcome;
    }
    // (product folder, lower-case API directory name) -> spec indices.
    let mut by_api: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
    for (i, spec) in specs.iter().enumerate() {
        let api = routing::api_of(&spec.source.page);
        let dir = api.split_once('/').map_or(api, |(_, d)| d);
        by_api
            .entry((spec_folder(spec, products), dir.to_ascii_lowercase()))
            .or_default()
            .push(i);
    }

    // Products none of whose Chinese pages were read (a run over one product's folder) are left
    // out: their English pages have nothing to pair with, and that says nothing about them.
    let read_products: std::collections::BTreeSet<&str> =
        specs.iter().map(|s| spec_folder(s, products)).collect();
    let mut unconfigured: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let mut inputs: Vec<(&PageInput, Vec<&ProductConfig>)> = Vec::new();
    'pages: for input in english {
        let folder = folder_of(&input.label);
        let listing: Vec<&ProductConfig> = products
            .values()
            .filter(|p| p.english.iter().any(|f| f == folder))
            .collect();
        let claiming: Vec<&ProductConfig> = listing
            .iter()
            .copied()
            .filter(|p| read_products.contains(p.folder.as_str()))
            .collect();
        if claiming.is_empty() && !listing.is_empty() {
            continue;
        }
        if claiming.is_empty() {
            unconfigured
                .entry(folder)
                .or_insert((input.label.as_str(), 0))
                .1 += 1;
            continue;
        }
        for product in &claiming {
            if product.excluded_by(&input.label).is_some() {
                continue 'pages;
            }
        }
        inputs.push((input, claiming));
    }
    outcome.pages_read = inputs.len();
    for (folder, (first, count)) in unconfigured {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "english-unconfigured",
            Location {
                file: first.to_string(),
                line: 1,
                column: 1,
            },
            format!("no product configuration lists folder `{folder}` under `english` ({count} English page(s) not read)"),
        ));
    }

    let (read, mut found): (Vec<Page>, Vec<Diagnostics>) = inputs
        .par_iter()
        .map(|(input, _)| {
            let mut found = Diagnostics::new();
            let page = page::read(&input.label, &input.text, &mut found);
            (page, found)
        })
        .unzip();
    // The product: among those claiming the folder, the ones with a Chinese spec of the API;
    // one of them, or the one the page's own evidence names.
    let routes: Vec<Option<&ProductConfig>> = read
        .iter()
        .zip(&inputs)
        .zip(found.iter_mut())
        .map(|((page, (_, claiming)), found)| {
            let dir = api_dir(&page.file).to_ascii_lowercase();
            let with_spec: Vec<&ProductConfig> = claiming
                .iter()
                .copied()
                .filter(|p| by_api.contains_key(&(p.folder.as_str(), dir.clone())))
                .collect();
            let route = match with_spec.as_slice() {
                [] => None,
                [only] => Some(*only),
                several => routing::route_one(page, several),
            };
            if route.is_none() {
                found.push(unpaired(page, &with_spec));
            }
            route
        })
        .collect();
    let built: Vec<Option<OperationSpec>> = read
        .par_iter()
        .zip(&routes)
        .zip(found.par_iter_mut())
        .map(|((page, route), found)| route.and_then(|product| build::build(page, product, found)))
        .collect();
    let built = super::excuse_superseded(&read, built, &mut found);

    // Chinese spec index -> the newest English spec paired with it.
    let mut chosen: BTreeMap<usize, OperationSpec> = BTreeMap::new();
    for (((page, route), spec), found) in read.iter().zip(&routes).zip(built).zip(&mut found) {
        let (Some(product), Some(spec)) = (route, spec) else {
            continue;
        };
        let dir = api_dir(&page.file).to_ascii_lowercase();
        let candidates = &by_api[&(product.folder.as_str(), dir)];
        let named_version = page
            .explorer
            .as_ref()
            .and_then(|e| e.version.as_deref())
            .filter(|v| build::is_version(v));
        let target = match named_version {
            Some(version) => candidates
                .iter()
                .copied()
                .find(|&i| specs[i].version == version),
            // A page naming no version documents the API as the product ships it: its only
            // version, else the configured default.
            None if candidates.len() == 1 => Some(candidates[0]),
            None => candidates
                .iter()
                .copied()
                .find(|&i| product.default_version.as_deref() == Some(specs[i].version.as_str())),
        };
        let Some(target) = target else {
            let versions: Vec<&str> = candidates
                .iter()
                .map(|&i| specs[i].version.as_str())
                .collect();
            found.push(Diagnostic::new(
                Severity::Warning,
                "english-unpaired",
                Location { file: page.file.clone(), line: 1, column: 1 },
                format!(
                    "this English page documents version {} of `{}`; the Chinese pages give version(s) {}, so it is not used",
                    named_version.unwrap_or("(none)"),
                    spec.name,
                    versions.join(", ")
                ),
            ));
            continue;
        };
        // Newest revision date wins; among equal dates the label decides, as for Chinese pages.
        let newer = chosen.get(&target).is_none_or(|kept| {
            (&kept.source.revision, &kept.source.page) < (&spec.source.revision, &spec.source.page)
        });
        if newer {
            chosen.insert(target, spec);
        }
    }
    for found in found {
        diagnostics.extend(found);
    }

    let texts: BTreeMap<&str, &str> = chinese
        .iter()
        .chain(english)
        .map(|p| (p.label.as_str(), p.text.as_str()))
        .collect();
    outcome.paired = chosen.len();
    let merged: Vec<(usize, OperationSpec, Vec<Disagreement>, Diagnostics)> = chosen
        .into_par_iter()
        .map(|(i, english)| {
            let chinese = specs[i].clone();
            let (zh_page, en_page) = (chinese.source.page.clone(), english.source.page.clone());
            let zh_source = SpecSource::new(
                &chinese,
                zh_page.clone(),
                texts.get(zh_page.as_str()).copied(),
            );
            let en_source = SpecSource::new(
                &english,
                en_page.clone(),
                texts.get(en_page.as_str()).copied(),
            );
            let (spec, found) = bilingual::merge(chinese.clone(), english.clone());
            let mut diagnostics = Diagnostics::new();
            for d in &found {
                diagnostics.push(report(d, &spec.name, &zh_source, &en_source));
            }
            (i, spec, found, diagnostics)
        })
        .collect();
    for (i, spec, found, located) in merged {
        diagnostics.extend(located);
        for disagreement in found {
            outcome.disagreements.push(ApiDisagreement {
                product: spec.product.clone(),
                version: spec.version.clone(),
                name: spec.name.clone(),
                chinese_page: spec.source.page.clone(),
                english_page: spec
                    .source_en
                    .as_ref()
                    .map(|s| s.page.clone())
                    .unwrap_or_default(),
                disagreement,
            });
        }
        specs[i] = spec;
    }
    outcome
}

/// The API directory of a page label (`DescribeInstances` of `ecs/DescribeInstances/….md`).
fn api_dir(label: &str) -> &str {
    let api = routing::api_of(label);
    api.split_once('/').map_or(api, |(_, d)| d)
}

fn unpaired(page: &Page, with_spec: &[&ProductConfig]) -> Diagnostic {
    let message = if with_spec.is_empty() {
        format!(
            "no Chinese page of API `{}` is read in the products listing folder `{}` under `english`, so this English page is not used",
            api_dir(&page.file),
            folder_of(&page.file)
        )
    } else {
        let names: Vec<String> = with_spec
            .iter()
            .map(|p| format!("specs/products/{}.yaml", p.folder))
            .collect();
        format!(
            "the products of {} each have an API `{}` and nothing on this English page tells which it documents; list it under `apis` of one",
            names.join(" and "),
            api_dir(&page.file)
        )
    };
    Diagnostic::new(
        Severity::Warning,
        "english-unpaired",
        Location {
            file: page.file.clone(),
            line: 1,
            column: 1,
        },
        message,
    )
}

/// A disagreement as a warning at the newer page's word (the older page's where only it has
/// the member), naming the other page's place.
fn report(
    d: &Disagreement,
    action: &str,
    chinese: &SpecSource<'_>,
    english: &SpecSource<'_>,
) -> Diagnostic {
    // The member's row on each page; the page's first line where the row is not found (a
    // member only the example shows) or the point is the whole operation.
    let place = |source: &SpecSource<'_>| -> Place {
        let row = match d.side {
            Side::Request => source.in_page(Anchor::Member(Part::Request, &d.path)),
            Side::Response => source.in_page(Anchor::Member(Part::Response, &d.path)),
            Side::Operation => None,
        };
        row.unwrap_or_else(|| Place {
            location: Location {
                file: source.page_label().to_string(),
                line: 1,
                column: 1,
            },
            line: None,
        })
    };
    let (zh_place, en_place) = (place(chinese), place(english));
    let newer_is_english = d.newer == StructureFrom::English;
    // Where only the older page has the member, point there; else at the newer page.
    let older_only = d.newer_says() == bilingual::ABSENT;
    let at = if newer_is_english != older_only {
        &en_place
    } else {
        &zh_place
    };
    let what = if d.path.is_empty() {
        format!("`{action}`")
    } else {
        format!("{} member `{}`", d.side, d.path.join("."))
    };
    let newer = if newer_is_english {
        "English"
    } else {
        "Chinese"
    };
    at.warning(
        d.kind.code(),
        format!(
            "the Chinese page ({}) and the English page ({}) differ on the {} of {what}; the {newer} page is newer and its word is used",
            zh_place.mention(at),
            en_place.mention(at),
            d.kind.word(),
        ),
    )
    .expected_found(
        format!("Chinese page: {}", d.chinese),
        format!("English page: {}", d.english),
    )
}
