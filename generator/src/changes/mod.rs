//! What changed between two spec trees, and what each change means to the users of the
//! generated crates.
//!
//! The comparison reads specs as YAML values rather than through the spec model, so a field
//! the model gains later (or an old tree still has) is compared generically and still reported.
//! Each change gets an [`Effect`] from the rules of the generated code (which Rust item it
//! changes, and how); a product crate's effect is the strongest of its changes, and
//! [`release`] turns that into a version bump and a changelog entry.
//!
//! - [`tree`]: a spec tree (`<product>/<version>/<Action>.yaml` and `_shapes.yaml`) in memory.
//! - [`operation`]: one operation against its previous spec.
//! - [`members`]: request and response member trees.
//! - [`shapes`]: the shape tables' named structs and enums.
//! - [`release`]: versions, bump rules, changelogs and the release state files.
//! - [`report`]: the report as text and JSON.

pub mod members;
pub mod operation;
pub mod release;
pub mod report;
pub mod shapes;
pub mod tree;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use tree::SpecTree;

/// What a change means to code using the generated crate. Ordered from weakest to strongest,
/// so a crate's effect is the maximum of its changes'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Only documentation changes: doc comments, examples, generated tests.
    Docs,
    /// What travels on the wire changes (a parameter moves from query to body, a method or
    /// endpoint changes) while every Rust item stays as it was.
    Wire,
    /// New items that compile with existing code: an operation, an optional request
    /// parameter, an enum value, an error code.
    Additive,
    /// Code that compiled may not: an item removed, a type changed, a `new()` argument added
    /// or removed, a field added to a struct users can build with a literal.
    Breaking,
}

impl Effect {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Docs => "docs",
            Effect::Wire => "wire",
            Effect::Additive => "additive",
            Effect::Breaking => "breaking",
        }
    }
}

/// What kind of change it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// An operation appeared.
    OperationAdded,
    /// An operation disappeared.
    OperationRemoved,
    /// A member appeared.
    MemberAdded,
    /// A member disappeared.
    MemberRemoved,
    /// A member disappeared and another took its place, its page naming the old one.
    MemberRenamed,
    /// A member's type, format or named shape changed.
    MemberRetyped,
    /// A request member became required.
    MadeRequired,
    /// A request member became optional.
    MadeOptional,
    /// A request member travels elsewhere (query, body, form, header, path).
    MemberMoved,
    /// The required arguments of a request's `new()` come in another order.
    ArgumentsReordered,
    /// A member became a secret, or stopped being one.
    Sensitivity,
    /// A documented value appeared.
    ValueAdded,
    /// A documented value disappeared.
    ValueRemoved,
    /// An error code appeared.
    ErrorAdded,
    /// An error code disappeared.
    ErrorRemoved,
    /// Paging appeared, disappeared or changed.
    Paging,
    /// The HTTP binding or endpoint changed.
    Binding,
    /// A named struct or enum appeared.
    ShapeAdded,
    /// A named struct or enum disappeared.
    ShapeRemoved,
    /// A named struct or enum took another name.
    ShapeRenamed,
    /// The crate's `latest` module names another API version.
    LatestMoved,
    /// Prose, examples or descriptions.
    Docs,
    /// A field the comparison has no rule for (new in the spec format, or gone from it).
    Other,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The API version (`2016-01-20`).
    pub version: String,
    /// The operation, or empty for a change of the version's shape table.
    pub operation: String,
    /// What changed, as a path: `request.Tag.Key`, `response.Data`, `errors.Forbidden`,
    /// `struct Alarm`; empty for the operation itself.
    pub subject: String,
    /// The kind of change.
    pub kind: Kind,
    /// What it is, in words (`string -> integer`, `query -> body`).
    pub detail: String,
    /// Its effect on users of the crate.
    pub effect: Effect,
}

/// The revision dates of an operation's page, before and after.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Revisions {
    /// Before (absent for a new operation or an undated page).
    pub old: Option<String>,
    /// After (absent for a removed operation or an undated page).
    pub new: Option<String>,
}

/// The changes of one product (one directory of the spec tree, one crate).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProductChanges {
    /// The changes, by version, then operation (shape table changes first), in the order found.
    pub changes: Vec<Change>,
    /// Page revision dates of every operation that has a change, `<version> <Action>`.
    pub revisions: BTreeMap<String, Revisions>,
}

impl ProductChanges {
    /// The strongest effect of its changes; `None` when nothing changed.
    pub fn effect(&self) -> Option<Effect> {
        self.changes.iter().map(|c| c.effect).max()
    }
}

/// Every change between two spec trees, by product directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeReport {
    /// Products with at least one change. A product new in the newer tree has its operations
    /// as added; a product gone has them as removed.
    pub products: BTreeMap<String, ProductChanges>,
}

impl ChangeReport {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }
}

/// Compares two spec trees: `old` before, `new` after.
pub fn compare(old: &SpecTree, new: &SpecTree) -> ChangeReport {
    let mut report = ChangeReport::default();
    let names: std::collections::BTreeSet<&String> =
        old.products.keys().chain(new.products.keys()).collect();
    let empty = tree::ProductTree::default();
    for name in names {
        let before = old.products.get(name).unwrap_or(&empty);
        let after = new.products.get(name).unwrap_or(&empty);
        let product = compare_product(before, after);
        if !product.changes.is_empty() {
            report.products.insert(name.clone(), product);
        }
    }
    report
}

fn compare_product(old: &tree::ProductTree, new: &tree::ProductTree) -> ProductChanges {
    let mut out = ProductChanges::default();
    let versions: std::collections::BTreeSet<&String> =
        old.versions.keys().chain(new.versions.keys()).collect();
    // `latest` is the newest version's module: a newer version moves it, and with it the types
    // of code written against `latest`.
    if let (Some(before), Some(after)) = (old.versions.keys().max(), new.versions.keys().max()) {
        if before != after {
            out.changes.push(Change {
                version: after.clone(),
                operation: String::new(),
                subject: "latest".into(),
                kind: Kind::LatestMoved,
                detail: format!("`latest` moves from {before} to {after}"),
                effect: Effect::Breaking,
            });
        }
    }
    let empty = tree::VersionTree::default();
    for version in versions {
        let before = old.versions.get(version).unwrap_or(&empty);
        let after = new.versions.get(version).unwrap_or(&empty);
        out.changes
            .extend(shapes::compare(version, &before.shapes, &after.shapes));
        let actions: std::collections::BTreeSet<&String> = before
            .operations
            .keys()
            .chain(after.operations.keys())
            .collect();
        for action in actions {
            let old_op = before.operations.get(action);
            let new_op = after.operations.get(action);
            let changes = operation::compare(version, action, old_op, new_op);
            if !changes.is_empty() {
                out.revisions.insert(
                    format!("{version} {action}"),
                    Revisions {
                        old: old_op.and_then(tree::revision),
                        new: new_op.and_then(tree::revision),
                    },
                );
                out.changes.extend(changes);
            }
        }
    }
    out
}
