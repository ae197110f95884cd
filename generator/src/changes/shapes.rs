//! The shape tables: each named struct and enum is a public Rust type of the version's `types`
//! module, so its name appearing, disappearing or changing is a change users see whatever the
//! operations say. Their members and values are compared where the operations use them
//! ([`super::members`]), so each change is told once, at an operation.

use serde_json::Value;

use super::operation::show;
use super::{Change, Effect, Kind};

/// One named shape as compared: its kind, name, and what tells it apart when renamed.
struct Named {
    kind: &'static str,
    name: String,
    /// Where it is used, sorted: a shape renamed keeps its uses.
    used_by: Vec<String>,
}

fn named(table: &Value) -> Vec<Named> {
    let mut out = Vec::new();
    for (key, kind) in [("structs", "struct"), ("enums", "enum")] {
        for shape in table
            .get(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let mut used_by: Vec<String> = shape
                .get("used_by")
                .and_then(Value::as_array)
                .map(|uses| uses.iter().map(|u| show(Some(u))).collect())
                .unwrap_or_default();
            used_by.sort();
            out.push(Named {
                kind,
                name: show(shape.get("name")),
                used_by,
            });
        }
    }
    out
}

/// The changes of one version's shape table.
pub fn compare(version: &str, old: &Value, new: &Value) -> Vec<Change> {
    let (before, after) = (named(old), named(new));
    let same = |a: &Named, b: &Named| a.kind == b.kind && a.name == b.name;
    let mut removed: Vec<&Named> = before
        .iter()
        .filter(|b| !after.iter().any(|a| same(a, b)))
        .collect();
    let mut added: Vec<&Named> = after
        .iter()
        .filter(|a| !before.iter().any(|b| same(a, b)))
        .collect();
    let change = |subject: String, kind: Kind, detail: String, effect: Effect| Change {
        version: version.to_string(),
        operation: String::new(),
        subject,
        kind,
        detail,
        effect,
    };
    let mut changes = Vec::new();
    removed.retain(|gone| {
        let found = added.iter().position(|a| {
            a.kind == gone.kind && !a.used_by.is_empty() && a.used_by == gone.used_by
        });
        match found {
            Some(i) => {
                changes.push(change(
                    format!("{} {}", gone.kind, gone.name),
                    Kind::ShapeRenamed,
                    format!("renamed to `{}`", added[i].name),
                    Effect::Breaking,
                ));
                added.remove(i);
                false
            }
            None => true,
        }
    });
    for gone in removed {
        changes.push(change(
            format!("{} {}", gone.kind, gone.name),
            Kind::ShapeRemoved,
            "removed".into(),
            Effect::Breaking,
        ));
    }
    for new_shape in added {
        changes.push(change(
            format!("{} {}", new_shape.kind, new_shape.name),
            Kind::ShapeAdded,
            "added".into(),
            Effect::Additive,
        ));
    }
    changes
}
