//! Request and response member trees, compared by wire name level by level.
//!
//! The effects follow the generated code: a top-level request type has a private field (its
//! extra parameters), so users build it through `new()` and a new optional field is additive;
//! every other struct (response types, nested request structs) has only public fields and
//! `Default`, so users may build it with a literal and any new field is breaking. Response
//! fields are `Option` by the Option rule whatever `required` says, so `required` there is
//! documentation; on the request side it decides the arguments of `new()`.

use serde_json::Value;

use super::operation::{compare_unknown, show, Sink};
use super::{Effect, Kind};

/// Which side of the operation a member tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Request parameters.
    Request,
    /// Response fields.
    Response,
}

/// Member keys with a rule of their own.
const KNOWN: &[&str] = &[
    "name",
    "type",
    "shape",
    "location",
    "payload",
    "required",
    "from_client",
    "example",
    "description",
    "description_en",
    "values",
    "format",
    "sensitive",
    "members",
];

/// The members of a `request` or `response` value (empty when absent).
pub fn list(value: Option<&Value>) -> &[Value] {
    value
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

pub(crate) fn compare(sink: &mut Sink<'_>, side: Side, old: &[Value], new: &[Value]) {
    let prefix = match side {
        Side::Request => "request",
        Side::Response => "response",
    };
    level(sink, side, prefix, true, old, new);
    if side == Side::Request {
        let (before, after) = (arguments(old), arguments(new));
        let mut sorted_before = before.clone();
        let mut sorted_after = after.clone();
        sorted_before.sort();
        sorted_after.sort();
        if before != after && sorted_before == sorted_after {
            sink.push(
                "request",
                Kind::ArgumentsReordered,
                format!(
                    "`new()` arguments reordered: ({}) -> ({})",
                    before.join(", "),
                    after.join(", ")
                ),
                Effect::Breaking,
            );
        }
    }
}

fn name(member: &Value) -> String {
    show(member.get("name"))
}

fn flag(member: &Value, key: &str) -> bool {
    member.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Whether a top-level request member is an argument of `new()`: required, and not a value
/// the client supplies.
fn is_argument(member: &Value) -> bool {
    flag(member, "required") && member.get("from_client").is_none()
}

/// The `new()` arguments in the order the emitter gives them: identifiers (`…Id`) first, the
/// others after, each group in page order.
fn arguments(members: &[Value]) -> Vec<String> {
    let mut args: Vec<String> = members
        .iter()
        .filter(|m| is_argument(m))
        .map(name)
        .collect();
    args.sort_by_key(|n| {
        !["Id", "ID", "Ids", "IDs"]
            .iter()
            .any(|end| n.len() > end.len() && n.ends_with(end))
    });
    args
}

/// Members keyed by wire name and occurrence: a page listing one name twice keeps both, and
/// each is compared with the same occurrence on the other side.
fn keyed(members: &[Value]) -> Vec<((String, usize), &Value)> {
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    members
        .iter()
        .map(|m| {
            let n = name(m);
            let count = seen.entry(n.clone()).or_default();
            *count += 1;
            ((n, *count), m)
        })
        .collect()
}

fn level(sink: &mut Sink<'_>, side: Side, prefix: &str, top: bool, old: &[Value], new: &[Value]) {
    let (old, new) = (keyed(old), keyed(new));
    let mut removed: Vec<&Value> = old
        .iter()
        .filter(|(k, _)| !new.iter().any(|(n, _)| n == k))
        .map(|(_, m)| *m)
        .collect();
    let mut added: Vec<&Value> = new
        .iter()
        .filter(|(k, _)| !old.iter().any(|(o, _)| o == k))
        .map(|(_, m)| *m)
        .collect();
    // A rename is only what the page says: the new member's description names the old one,
    // and the type is the same.
    removed.retain(|gone| {
        let old_name = name(gone);
        let found = added.iter().position(|a| {
            old_name.len() > 1
                && a.get("type") == gone.get("type")
                && show(a.get("description")).contains(&old_name)
        });
        match found {
            Some(i) => {
                let new_name = name(added[i]);
                sink.push(
                    &format!("{prefix}.{old_name}"),
                    Kind::MemberRenamed,
                    format!("renamed to `{new_name}`"),
                    Effect::Breaking,
                );
                added.remove(i);
                false
            }
            None => true,
        }
    });
    for gone in removed {
        sink.push(
            &format!("{prefix}.{}", name(gone)),
            Kind::MemberRemoved,
            format!("removed ({})", show(gone.get("type"))),
            Effect::Breaking,
        );
    }
    for new_member in added {
        let ty = show(new_member.get("type"));
        let (detail, effect) = match (side, top) {
            (Side::Request, true) if is_argument(new_member) => (
                format!("added, required ({ty}): a new `new()` argument"),
                Effect::Breaking,
            ),
            (Side::Request, true) => (format!("added, optional ({ty})"), Effect::Additive),
            (Side::Request, false) => (
                format!("added ({ty}) to a struct users build with a literal"),
                Effect::Breaking,
            ),
            (Side::Response, _) => (
                format!("added ({ty}) to a response struct users may build with a literal"),
                Effect::Breaking,
            ),
        };
        sink.push(
            &format!("{prefix}.{}", name(new_member)),
            Kind::MemberAdded,
            detail,
            effect,
        );
    }
    for (key, before) in &old {
        if let Some((_, after)) = new.iter().find(|(k, _)| k == key) {
            pair(
                sink,
                side,
                &format!("{prefix}.{}", key.0),
                top,
                before,
                after,
            );
        }
    }
}

fn pair(sink: &mut Sink<'_>, side: Side, path: &str, top: bool, old: &Value, new: &Value) {
    let mut retyped = Vec::new();
    for key in ["type", "shape", "format", "payload"] {
        if old.get(key) != new.get(key) {
            retyped.push(format!(
                "{key} {} -> {}",
                show(old.get(key)),
                show(new.get(key))
            ));
        }
    }
    if !retyped.is_empty() {
        sink.push(
            path,
            Kind::MemberRetyped,
            retyped.join(", "),
            Effect::Breaking,
        );
    }
    if flag(old, "required") != flag(new, "required")
        || old.get("from_client") != new.get("from_client")
    {
        let now_required = flag(new, "required");
        let kind = if now_required {
            Kind::MadeRequired
        } else {
            Kind::MadeOptional
        };
        let word = if now_required { "required" } else { "optional" };
        let (detail, effect) = match side {
            Side::Response => (
                format!("documented as {word}; response fields are Option either way"),
                Effect::Docs,
            ),
            Side::Request if top && is_argument(old) == is_argument(new) => (
                format!("{word}, still supplied by the client: `new()` is unchanged"),
                Effect::Wire,
            ),
            Side::Request if top && is_argument(new) => (
                format!("made {word}: a new `new()` argument"),
                Effect::Breaking,
            ),
            Side::Request if top => (
                format!("made {word}: no longer a `new()` argument"),
                Effect::Breaking,
            ),
            Side::Request => (
                format!("made {word}: the field's type changes"),
                Effect::Breaking,
            ),
        };
        sink.push(path, kind, detail, effect);
    }
    if old.get("location") != new.get("location") {
        sink.push(
            path,
            Kind::MemberMoved,
            format!(
                "moved {} -> {}",
                show(old.get("location")),
                show(new.get("location"))
            ),
            Effect::Wire,
        );
    }
    if flag(old, "sensitive") != flag(new, "sensitive") {
        let detail = if flag(new, "sensitive") {
            "now a secret: redacted in Debug and errors"
        } else {
            "no longer a secret: shown in Debug"
        };
        sink.push(path, Kind::Sensitivity, detail.into(), Effect::Wire);
    }
    values(sink, path, old, new);
    for key in ["description", "description_en", "example"] {
        if old.get(key) != new.get(key) {
            sink.push(path, Kind::Docs, format!("{key} changed"), Effect::Docs);
        }
    }
    level(
        sink,
        side,
        path,
        false,
        list(old.get("members")),
        list(new.get("members")),
    );
    compare_unknown(sink, path, old, new, KNOWN);
}

/// Documented values. A value of an enum the member keeps (same shape before and after) is a
/// variant: added is additive (enums are non-exhaustive, with a fallback), removed breaking.
/// Values of a member that is no enum, or that changes enum (already a retyping), are text in
/// its docs.
fn values(sink: &mut Sink<'_>, path: &str, old: &Value, new: &Value) {
    let read = |m: &Value| -> Vec<(String, Value)> {
        list(m.get("values"))
            .iter()
            .map(|v| (show(v.get("value")), v.clone()))
            .collect()
    };
    let (before, after) = (read(old), read(new));
    if before == after {
        return;
    }
    let same_enum = old.get("shape").is_some()
        && old.get("shape") == new.get("shape")
        && !before.is_empty()
        && !after.is_empty();
    for (value, _) in before
        .iter()
        .filter(|(v, _)| !after.iter().any(|(a, _)| a == v))
    {
        sink.push(
            path,
            Kind::ValueRemoved,
            format!("value `{value}` removed"),
            if same_enum {
                Effect::Breaking
            } else {
                Effect::Docs
            },
        );
    }
    for (value, _) in after
        .iter()
        .filter(|(a, _)| !before.iter().any(|(v, _)| v == a))
    {
        sink.push(
            path,
            Kind::ValueAdded,
            format!("value `{value}` added"),
            if same_enum {
                Effect::Additive
            } else {
                Effect::Docs
            },
        );
    }
    let described_differently = before
        .iter()
        .any(|(v, full)| after.iter().any(|(a, other)| a == v && other != full));
    if described_differently {
        sink.push(
            path,
            Kind::Docs,
            "values described differently".into(),
            Effect::Docs,
        );
    }
}
