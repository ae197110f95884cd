//! Value formats over the page corpus (the directory named by `APIGEN_CORPUS`): how many members
//! the reader finds holding Base64 data, JSON text or a time, over the newest revision of each
//! API as codegen keeps it. Unset, the test says it skipped and passes.
//!
//! It fails when a count leaves the band measured when the reader was last reviewed
//! (docs/CONFORMANCE.md, "Value formats"), and when a format the reader took breaks what the
//! format must be: Base64 said in the description; JSON with a JSON example; a Unix time with
//! an example of its unit's digits, or none; a date-time with an example in its one form, or none.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::Path;

use apigen::pipeline;
use apigen::spec::model::{Format, Member, OperationSpec};

mod support;

/// Measured over the 32 folders at 63 Base64 members (5 of them set by KMS overrides), 336 JSON
/// texts, 234 millisecond and 170 second Unix times and 377 date-times (ECS, Config, NAS and
/// others document `yyyy-MM-ddTHH:mm:ssZ` times); the bands allow about a tenth of drift.
const BANDS: &[(Format, RangeInclusive<usize>)] = &[
    (Format::Base64, 57..=69),
    (Format::Json, 302..=370),
    (Format::UnixMillis, 211..=257),
    (Format::UnixSeconds, 153..=187),
    (Format::DateTime, 339..=415),
];

fn walk<'a>(spec: &'a OperationSpec, members: &'a [Member], out: &mut Vec<(&'a str, &'a Member)>) {
    for m in members {
        out.push((&spec.name, m));
        walk(spec, &m.members, out);
    }
}

fn formatted(specs: &[OperationSpec]) -> Vec<(&str, &Member)> {
    let mut out = Vec::new();
    for spec in specs {
        walk(spec, &spec.request, &mut out);
        walk(spec, &spec.response, &mut out);
    }
    out.retain(|(_, m)| m.format.is_some());
    out
}

/// What is wrong with a member's format as the reader took it from the page, if anything.
fn problem(m: &Member) -> Option<String> {
    let format = m.format?;
    if !format.fits(&m.ty) {
        return Some(format!("{} on a {} member", format.as_str(), m.ty));
    }
    let example = m.example.as_deref().unwrap_or("").trim();
    let digits = (!example.is_empty() && example.bytes().all(|b| b.is_ascii_digit()))
        .then_some(example.len());
    match format {
        Format::Base64 if !m.description.to_lowercase().contains("base64") => {
            Some("Base64 not said in the description".into())
        }
        Format::Json => {
            let json: Result<serde_json::Value, _> =
                serde_json::from_str(&example.replace('\\', ""));
            match json {
                Ok(v) if v.is_object() || v.is_array() => None,
                _ => Some(format!("JSON without a JSON example: `{example}`")),
            }
        }
        Format::UnixMillis if !(example.is_empty() || matches!(digits, Some(12 | 13))) => {
            Some(format!("milliseconds with the example `{example}`"))
        }
        Format::UnixSeconds if !(example.is_empty() || matches!(digits, Some(9 | 10))) => {
            Some(format!("seconds with the example `{example}`"))
        }
        Format::DateTime if !(example.is_empty() || Format::is_date_time(example)) => {
            Some(format!("a date-time with the example `{example}`"))
        }
        _ => None,
    }
}

#[test]
fn corpus_formats_stay_in_their_bands_and_are_sound() {
    let Some(corpus) = support::reference_dir("APIGEN_CORPUS") else {
        return;
    };
    let products =
        pipeline::load_products(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/products"))
            .unwrap_or_else(|e| panic!("{e}"));
    let pages = pipeline::discover(&corpus).unwrap_or_else(|e| panic!("{e}"));
    let outcome = pipeline::read_pages(&pages, &products);
    assert!(!outcome.specs.is_empty(), "no specs read from the corpus");

    let mut counts: BTreeMap<Format, usize> = BTreeMap::new();
    for (_, m) in formatted(&outcome.specs) {
        if let Some(format) = m.format {
            *counts.entry(format).or_default() += 1;
        }
    }
    let mut failures = Vec::new();
    for (format, band) in BANDS {
        let count = counts.get(format).copied().unwrap_or_default();
        println!("{:<13} {count}", format.as_str());
        if !band.contains(&count) {
            failures.push(format!(
                "{}: {count} members, band {band:?}",
                format.as_str()
            ));
        }
    }

    // Soundness of what the reader took from the pages, overrides left out.
    let rebuilt = support::rebuilt_without_overrides(&pages, &products, &outcome.specs);
    for (operation, m) in formatted(&rebuilt) {
        if let Some(p) = problem(m) {
            failures.push(format!("{operation} {}: {p}", m.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
