//! The change report as a maintainer reads it (text) and as tools read it (JSON).

use std::fmt::Write as _;

use serde::Serialize;

use std::collections::BTreeMap;

use super::{ChangeReport, Effect, ProductChanges};

/// The report as text: per product its effect and counts, then each change, by version and
/// operation.
pub fn text(report: &ChangeReport) -> String {
    let mut out = String::new();
    if report.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    for (product, changes) in &report.products {
        let effect = changes.effect().unwrap_or(Effect::Docs);
        let count = |e: Effect| changes.changes.iter().filter(|c| c.effect == e).count();
        let _ = writeln!(
            out,
            "{product}: {} ({} breaking, {} additive, {} wire, {} docs)",
            effect.as_str(),
            count(Effect::Breaking),
            count(Effect::Additive),
            count(Effect::Wire),
            count(Effect::Docs),
        );
        for change in &changes.changes {
            let place = if change.operation.is_empty() {
                format!("{} types", change.version)
            } else {
                format!("{} {}", change.version, change.operation)
            };
            let subject = if change.subject.is_empty() {
                String::new()
            } else {
                format!(" {}", change.subject)
            };
            let _ = writeln!(
                out,
                "  {:<8} {place}{subject}: {}",
                change.effect.as_str(),
                change.detail
            );
        }
    }
    out
}

#[derive(Serialize)]
struct Summary<'a> {
    breaking: usize,
    additive: usize,
    wire: usize,
    docs: usize,
    products: &'a BTreeMap<String, ProductChanges>,
}

/// The report as JSON, with totals by effect.
pub fn json(report: &ChangeReport) -> String {
    let count = |e: Effect| {
        report
            .products
            .values()
            .flat_map(|p| &p.changes)
            .filter(|c| c.effect == e)
            .count()
    };
    let summary = Summary {
        breaking: count(Effect::Breaking),
        additive: count(Effect::Additive),
        wire: count(Effect::Wire),
        docs: count(Effect::Docs),
        products: &report.products,
    };
    let mut text = serde_json::to_string_pretty(&summary).unwrap_or_default();
    text.push('\n');
    text
}
