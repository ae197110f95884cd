//! One operation against its previous spec: the operation itself, its binding, paging and
//! errors, its members (through [`super::members`]), and any field the comparison has no rule
//! for, compared as plain values so a field new to the spec format is still reported.

use std::collections::BTreeMap;

use serde_json::Value;

use super::members::{self, Side};
use super::{Change, Effect, Kind};

/// Keys of an operation spec with a rule of their own; every other key is compared generically.
const KNOWN: &[&str] = &[
    "name",
    "product",
    "version",
    "summary",
    "description",
    "summary_en",
    "description_en",
    "source",
    "source_en",
    "structure",
    "http",
    "endpoint",
    "request",
    "response",
    "pagination",
    "errors",
    "examples",
];

/// Where changes of one operation go.
pub(crate) struct Sink<'a> {
    version: &'a str,
    operation: &'a str,
    pub(crate) changes: Vec<Change>,
}

impl Sink<'_> {
    pub(crate) fn push(&mut self, subject: &str, kind: Kind, detail: String, effect: Effect) {
        self.changes.push(Change {
            version: self.version.to_string(),
            operation: self.operation.to_string(),
            subject: subject.to_string(),
            kind,
            detail,
            effect,
        });
    }
}

/// The changes of one operation: `old` absent means it was added, `new` absent removed.
pub fn compare(
    version: &str,
    action: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Vec<Change> {
    let mut sink = Sink {
        version,
        operation: action,
        changes: Vec::new(),
    };
    match (old, new) {
        (None, None) => {}
        (None, Some(_)) => sink.push(
            "",
            Kind::OperationAdded,
            "operation added".into(),
            Effect::Additive,
        ),
        (Some(_), None) => sink.push(
            "",
            Kind::OperationRemoved,
            "operation removed".into(),
            Effect::Breaking,
        ),
        (Some(old), Some(new)) => compare_both(&mut sink, old, new),
    }
    sink.changes
}

fn compare_both(sink: &mut Sink<'_>, old: &Value, new: &Value) {
    // Which page gave the structure, and the English page's name, only explain the changes
    // the members and binding show on their own.
    for key in [
        "summary",
        "description",
        "summary_en",
        "description_en",
        "source_en",
        "structure",
    ] {
        if old.get(key) != new.get(key) {
            sink.push(key, Kind::Docs, format!("{key} changed"), Effect::Docs);
        }
    }
    // The spec's endpoint is the host of the page's example; clients take theirs from the
    // product configuration, so it only shows in docs and generated tests.
    if old.get("endpoint") != new.get("endpoint") {
        sink.push(
            "endpoint",
            Kind::Docs,
            format!(
                "example host {} -> {}",
                show(old.get("endpoint")),
                show(new.get("endpoint"))
            ),
            Effect::Docs,
        );
    }
    // Identity: the Rust items are the same, what is sent differs.
    for key in ["product", "version"] {
        if old.get(key) != new.get(key) {
            sink.push(
                key,
                Kind::Binding,
                format!("{} -> {}", show(old.get(key)), show(new.get(key))),
                Effect::Wire,
            );
        }
    }
    compare_http(sink, old.get("http"), new.get("http"));
    members::compare(
        sink,
        Side::Request,
        members::list(old.get("request")),
        members::list(new.get("request")),
    );
    members::compare(
        sink,
        Side::Response,
        members::list(old.get("response")),
        members::list(new.get("response")),
    );
    compare_paging(sink, old.get("pagination"), new.get("pagination"));
    compare_errors(sink, old.get("errors"), new.get("errors"));
    if old.get("examples") != new.get("examples") {
        sink.push(
            "examples",
            Kind::Docs,
            "examples changed".into(),
            Effect::Docs,
        );
    }
    if old.get("source").and_then(|s| s.get("page"))
        != new.get("source").and_then(|s| s.get("page"))
    {
        sink.push(
            "source.page",
            Kind::Docs,
            format!(
                "page {} -> {}",
                show(old.get("source").and_then(|s| s.get("page"))),
                show(new.get("source").and_then(|s| s.get("page")))
            ),
            Effect::Docs,
        );
    }
    compare_unknown(sink, "", old, new, KNOWN);
}

/// Keys neither side has a rule for: appearing is taken as new API (a waiter, a flag),
/// disappearing or changing as breaking, so a maintainer reviews it rather than a release
/// understating it.
pub(crate) fn compare_unknown(
    sink: &mut Sink<'_>,
    prefix: &str,
    old: &Value,
    new: &Value,
    known: &[&str],
) {
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|m| {
                m.keys()
                    .filter(|k| !known.contains(&k.as_str()))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut all = keys(old);
    all.extend(keys(new));
    all.sort();
    all.dedup();
    for key in all {
        let subject = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (old.get(&key), new.get(&key)) {
            (None, Some(v)) => sink.push(
                &subject,
                Kind::Other,
                format!("`{key}` added: {}", short(v)),
                Effect::Additive,
            ),
            (Some(v), None) => sink.push(
                &subject,
                Kind::Other,
                format!("`{key}` removed (was {})", short(v)),
                Effect::Breaking,
            ),
            (Some(a), Some(b)) if a != b => sink.push(
                &subject,
                Kind::Other,
                format!("`{key}` changed: {} -> {}", short(a), short(b)),
                Effect::Breaking,
            ),
            _ => {}
        }
    }
}

fn compare_http(sink: &mut Sink<'_>, old: Option<&Value>, new: Option<&Value>) {
    let null = Value::Null;
    let (old, new) = (old.unwrap_or(&null), new.unwrap_or(&null));
    for key in ["style", "method", "path", "body"] {
        if old.get(key) != new.get(key) {
            sink.push(
                &format!("http.{key}"),
                Kind::Binding,
                format!("{} -> {}", show(old.get(key)), show(new.get(key))),
                Effect::Wire,
            );
        }
    }
    compare_unknown(sink, "http", old, new, &["style", "method", "path", "body"]);
}

/// Paging: a paginator appears (a new method) or disappears; its items moving changes the
/// item type the paginator yields; anything else changes only how pages are asked for.
fn compare_paging(sink: &mut Sink<'_>, old: Option<&Value>, new: Option<&Value>) {
    match (old, new) {
        (None, None) => {}
        (None, Some(p)) => sink.push(
            "pagination",
            Kind::Paging,
            format!("paging added ({})", show(p.get("style"))),
            Effect::Additive,
        ),
        (Some(p), None) => sink.push(
            "pagination",
            Kind::Paging,
            format!("paging removed (was {})", show(p.get("style"))),
            Effect::Breaking,
        ),
        (Some(a), Some(b)) if a != b => {
            let items_moved = a.get("items") != b.get("items");
            sink.push(
                "pagination",
                Kind::Paging,
                format!("paging changed: {} -> {}", short(a), short(b)),
                if items_moved {
                    Effect::Breaking
                } else {
                    Effect::Wire
                },
            )
        }
        _ => {}
    }
}

/// Error codes: each is a variant of the operation's non-exhaustive error enum. A page may
/// list one code several times (with different messages); a code is one variant however often.
fn compare_errors(sink: &mut Sink<'_>, old: Option<&Value>, new: Option<&Value>) {
    let codes = |v: Option<&Value>| -> BTreeMap<String, Vec<Value>> {
        let mut by_code: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for error in v
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            by_code
                .entry(show(error.get("code")))
                .or_default()
                .push(error.clone());
        }
        by_code
    };
    let (old, new) = (codes(old), codes(new));
    for code in old.keys().filter(|c| !new.contains_key(*c)) {
        sink.push(
            &format!("errors.{code}"),
            Kind::ErrorRemoved,
            "removed".into(),
            Effect::Breaking,
        );
    }
    for code in new.keys().filter(|c| !old.contains_key(*c)) {
        sink.push(
            &format!("errors.{code}"),
            Kind::ErrorAdded,
            "added".into(),
            Effect::Additive,
        );
    }
    for (code, before) in &old {
        if new.get(code).is_some_and(|after| after != before) {
            sink.push(
                &format!("errors.{code}"),
                Kind::Docs,
                "described differently".into(),
                Effect::Docs,
            );
        }
    }
}

/// A scalar as text (`-` when absent).
pub(crate) fn show(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "-".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Any value as compact one-line text, cut at 80 characters.
pub(crate) fn short(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}
