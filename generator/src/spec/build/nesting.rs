//! Response nesting: rebuilding the field tree that response tables flatten.
//!
//! The table says which fields exist, their types and descriptions, in pre-order (a
//! container, then its members). It rarely says where a container ends: 2020–21 tables are
//! flat, vpn marks members with `└` but only one level deep, 2019 tables leave struct rows
//! untyped. The examples show the real tree but are often wrong in detail. The rules, in order:
//!
//! 1. A row is placed in the innermost open container whose example object has the row's
//!    key (matching case-insensitively is a `name-mismatch` warning; the table's spelling is
//!    kept). An example level the table does not list (`Domains` → `Domain` → fields) is
//!    added as a field of its own.
//! 2. A row the examples do not show stays in the innermost open container, unless the
//!    table lists that container's members in alphabetical order and the row would break it
//!    (then the row closes containers until it fits). When the container's example did show
//!    other keys, this is a `nesting-uncertain` warning.
//! 3. Rows with `└` are never top-level; rows without it always are (when the table uses `└`).
//! 4. A type cell linking to a section (`[KeyMetadata](#section_…)`) takes its members from
//!    that section's table.
//! 5. Types: the table wins for scalars and for `Array of X` (an array even where the example
//!    shows one object); an array whose only member is itself an array (`SecretList` →
//!    `Secret`, the XML element row) is a struct wrapping that array; untyped rows take their
//!    type from their members or the example.
//!
//! Keys the example has and the table does not are reported (`example-only-field`) and not
//! added, because examples are the less reliable source (some are another API's example);
//! the exception is a table field with no members of its own whose example is an object:
//! then the example's members are taken (`type-from-example`).

use std::collections::BTreeSet;

use super::shape::Shape;
use super::types::{hint, TypeHint};
use crate::diagnostics::{Diagnostics, Severity};
use crate::markdown::cells::{as_link, clean_word};
use crate::page::{Column, Page, Record};
use crate::spec::model::{Field, Type};

/// One response row as the nesting stage sees it.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    name: String,
    child_marker: bool,
    hint: TypeHint,
    link: Option<String>,
    example: Option<String>,
    description: String,
    line: usize,
    column: usize,
}

#[derive(Debug, Clone)]
struct Node {
    name: String,
    hint: TypeHint,
    example: Option<String>,
    description: String,
    shape: Shape,
    children: Vec<usize>,
    /// Added from the example (a level the table does not list).
    synthetic: bool,
    /// An empty row naming the item of the array above it.
    element: bool,
    /// Members come from a linked section table.
    linked: bool,
    line: usize,
    column: usize,
}

struct Builder<'a> {
    page: &'a Page,
    nodes: Vec<Node>,
    has_example: bool,
    /// Set when a row went into a container by table order alone, with no example to check.
    guessed: Option<usize>,
}

/// Builds the response fields of a page. `shape` is the merged shape of the success examples.
pub fn build(page: &Page, shape: Option<&Shape>, diags: &mut Diagnostics) -> Vec<Field> {
    let root = Node {
        name: String::new(),
        hint: TypeHint::Known(Type::Struct),
        example: None,
        description: String::new(),
        shape: shape.cloned().unwrap_or(Shape::Unknown),
        children: Vec::new(),
        synthetic: false,
        element: false,
        linked: false,
        line: 0,
        column: 0,
    };
    let mut b = Builder { page, nodes: vec![root], has_example: shape.is_some(), guessed: None };
    let rows = rows(page, &page.response, diags);
    let mut path = BTreeSet::new();
    b.place(&rows, 0, &mut path, diags);
    if let Some(line) = b.guessed {
        diags.push(page.diagnostic(
            Severity::Warning,
            "nesting-uncertain",
            line,
            1,
            "the response has containers but no example to check their extent; nesting follows table order",
        ));
    }
    let root_children = b.nodes.first().map(|n| n.children.clone()).unwrap_or_default();
    b.report_example_only(0, diags);
    root_children.iter().map(|&c| b.finish(c, diags)).collect()
}

/// Reads response records into rows.
fn rows(page: &Page, records: &[Record], diags: &mut Diagnostics) -> Vec<Row> {
    let mut out = Vec::new();
    for r in records {
        let Some(name_cell) = r.get(Column::Name) else { continue };
        let raw = clean_word(&name_cell.text);
        let child_marker = raw.starts_with(['└', '├', '─']);
        let name: String = raw.trim_start_matches(['└', '├', '─', '-']).to_string();
        if name.is_empty() {
            continue;
        }
        let type_cell = r.get(Column::Type);
        let type_text = type_cell.map_or("", |c| c.text.as_str());
        let link = as_link(type_text).map(|(label, target)| if target.starts_with('#') { target } else { label });
        let hint = if link.is_some() { TypeHint::Known(Type::Struct) } else { hint(type_text) };
        let (line, column) = type_cell.map_or((name_cell.line, name_cell.column), |c| (c.line, c.column));
        if let TypeHint::Unknown(word) = &hint {
            diags.push(
                page.diagnostic(Severity::Warning, "unknown-type", line, column, format!("unknown type `{word}` in the 类型 column; read as string"))
                    .expected_found("String, Integer, Long, Float, Double, Boolean, Struct, Array of X, List, Map", format!("`{word}`")),
            );
        }
        let example = Some(r.text(Column::Example).to_string()).filter(|e| !e.is_empty());
        out.push(Row { name, child_marker, hint, link, example, description: r.text(Column::Description).to_string(), line, column });
    }
    out
}

fn may_contain(hint: &TypeHint) -> bool {
    match hint {
        TypeHint::Known(t) => t.has_members(),
        TypeHint::Empty | TypeHint::ArrayOfUnknown => true,
        TypeHint::Unknown(_) => false,
    }
}

fn is_array_hint(hint: &TypeHint) -> bool {
    matches!(hint, TypeHint::ArrayOfUnknown | TypeHint::Known(Type::Array(_)))
}

/// Where the example puts a key relative to a container.
enum Found {
    /// Directly a member; the example's spelling.
    Direct(String),
    /// Inside a level the table does not list.
    Wrapped(String),
}

impl Builder<'_> {
    fn node(&self, id: usize) -> Option<&Node> {
        self.nodes.get(id)
    }

    fn child_named(&self, parent: usize, name: &str) -> Option<usize> {
        self.node(parent)?.children.iter().copied().find(|&c| self.node(c).is_some_and(|n| n.name == name))
    }

    /// Looks for `name` in the example members of `container`.
    fn find_in(&self, container: usize, name: &str, table_names: &BTreeSet<&str>) -> Option<Found> {
        let members = self.node(container)?.shape.members()?;
        if members.contains_key(name) {
            return Some(Found::Direct(name.to_string()));
        }
        if let Some(key) = members.keys().find(|k| k.eq_ignore_ascii_case(name)) {
            return Some(Found::Direct(key.clone()));
        }
        members
            .iter()
            .filter(|(k, _)| !table_names.contains(k.as_str()))
            .find(|(_, v)| v.members().is_some_and(|m| m.contains_key(name)))
            .map(|(k, _)| Found::Wrapped(k.clone()))
    }

    fn add_child(&mut self, parent: usize, node: Node) -> usize {
        let id = self.nodes.len();
        self.nodes.push(node);
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(id);
        }
        id
    }

    fn member_shape(&self, parent: usize, key: &str) -> Shape {
        self.node(parent).and_then(|p| p.shape.members()).and_then(|m| m.get(key)).cloned().unwrap_or(Shape::Unknown)
    }

    /// True when the container's members so far are in alphabetical order and `name` would
    /// continue that order.
    fn continues_order(&self, container: usize, name: &str) -> bool {
        let Some(node) = self.node(container) else { return true };
        let names: Vec<String> = node.children.iter().filter_map(|&c| self.node(c)).map(|n| n.name.to_lowercase()).collect();
        let sorted = names.windows(2).all(|w| w.first() <= w.get(1));
        !sorted || names.last().is_none_or(|last| last.as_str() < name.to_lowercase().as_str())
    }

    fn place(&mut self, rows: &[Row], root: usize, path: &mut BTreeSet<String>, diags: &mut Diagnostics) {
        let uses_markers = rows.iter().any(|r| r.child_marker);
        let table_names: BTreeSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        let mut stack: Vec<usize> = vec![root];
        let mut last_placed: Option<usize> = None;
        for row in rows {
            if uses_markers && !row.child_marker {
                stack.truncate(1);
            }
            let min = usize::from(uses_markers && row.child_marker && stack.len() > 1);
            let is_element = row.hint == TypeHint::Empty
                && row.example.is_none()
                && row.description.is_empty()
                && last_placed.is_some_and(|l| stack.last() == Some(&l) && self.node(l).is_some_and(|n| is_array_hint(&n.hint)));

            let mut parent = None;
            for pos in (min..stack.len()).rev() {
                let Some(&container) = stack.get(pos) else { continue };
                match self.find_in(container, &row.name, &table_names) {
                    Some(Found::Direct(key)) => {
                        if key != row.name {
                            diags.push(
                                self.page
                                    .diagnostic(Severity::Warning, "name-mismatch", row.line, 1, format!("field `{}` is spelled `{key}` in the example; the table's spelling is kept", row.name))
                                    .expected_found(format!("`{}`", row.name), format!("`{key}`")),
                            );
                        }
                        stack.truncate(pos + 1);
                        parent = Some(container);
                    }
                    Some(Found::Wrapped(key)) => {
                        stack.truncate(pos + 1);
                        let wrapper = match self.child_named(container, &key) {
                            Some(w) => w,
                            None => {
                                let shape = self.member_shape(container, &key);
                                self.add_child(
                                    container,
                                    Node {
                                        name: key,
                                        hint: TypeHint::Empty,
                                        example: None,
                                        description: String::new(),
                                        shape,
                                        children: Vec::new(),
                                        synthetic: true,
                                        element: false,
                                        linked: false,
                                        line: row.line,
                                        column: 1,
                                    },
                                )
                            }
                        };
                        stack.push(wrapper);
                        parent = Some(wrapper);
                    }
                    None => continue,
                }
                break;
            }
            let parent = match parent {
                Some(p) => p,
                None if is_element => stack.last().copied().unwrap_or(root),
                None => {
                    // Not in the example: table order, closing containers only where the
                    // alphabetical order of their members says the row cannot belong.
                    let had_choice = stack.len() > 1;
                    let keep = (min..stack.len()).rev().find(|&pos| stack.get(pos).is_some_and(|&c| self.continues_order(c, &row.name)));
                    let pos = keep.unwrap_or(stack.len().saturating_sub(1));
                    stack.truncate(pos + 1);
                    let container = stack.last().copied().unwrap_or(root);
                    if !self.has_example && !uses_markers && container != root && self.guessed.is_none() {
                        self.guessed = Some(row.line);
                    }
                    let shown = self.node(container).and_then(|n| n.shape.members()).is_some_and(|m| !m.is_empty());
                    if self.has_example && shown && had_choice {
                        let within = self.node(container).map_or(String::new(), |n| n.name.clone());
                        let place = if within.is_empty() { "at the top level".to_string() } else { format!("under `{within}`") };
                        diags.push(
                            self.page
                                .diagnostic(Severity::Warning, "nesting-uncertain", row.line, 1, format!("field `{}` is not in the response example; placed {place} by table order", row.name))
                                .expected_found(format!("`{}` in the example", row.name), "no such key"),
                        );
                    }
                    container
                }
            };
            if self.child_named(parent, &row.name).is_some() {
                diags.push(
                    self.page
                        .diagnostic(Severity::Warning, "duplicate-field", row.line, 1, format!("field `{}` is listed twice in the same object; the first row is kept", row.name))
                        .expected_found("one row per field", "a repeated row"),
                );
                last_placed = None;
                continue;
            }
            let shape = self.member_shape(parent, &row.name).clone();
            let shape = if matches!(shape, Shape::Unknown) {
                // Case-insensitive match: the example's spelling holds the shape.
                let alt = self.node(parent).and_then(|p| p.shape.members()).and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(&row.name))).map(|(_, v)| v.clone());
                alt.unwrap_or(Shape::Unknown)
            } else {
                shape
            };
            let id = self.add_child(
                parent,
                Node {
                    name: row.name.clone(),
                    hint: row.hint.clone(),
                    example: row.example.clone(),
                    description: row.description.clone(),
                    shape,
                    children: Vec::new(),
                    synthetic: false,
                    element: is_element,
                    linked: row.link.is_some(),
                    line: row.line,
                    column: row.column,
                },
            );
            last_placed = Some(id);
            if let Some(link) = &row.link {
                self.expand_link(id, link, row, path, diags);
            } else if may_contain(&row.hint) || is_element {
                stack.push(id);
            }
        }
    }

    /// Reads the members of a linked type from its section table.
    fn expand_link(&mut self, id: usize, link: &str, row: &Row, path: &mut BTreeSet<String>, diags: &mut Diagnostics) {
        let page = self.page;
        let anchor = link.trim_start_matches('#');
        let table = page.type_tables.iter().find(|t| t.anchor.as_deref() == Some(anchor) || t.name == anchor || t.name == row.name);
        let Some(table) = table else {
            diags.push(
                page.diagnostic(Severity::Warning, "type-link", row.line, row.column, format!("type cell links to `{link}`, which names no table on this page"))
                    .expected_found("a section with the type's table", "no such section"),
            );
            return;
        };
        if path.len() > 8 || !path.insert(link.to_string()) {
            return;
        }
        let rows = rows(page, &table.records, diags);
        self.place(&rows, id, path, diags);
        path.remove(link);
    }

    /// Reports example keys that no table row claimed.
    fn report_example_only(&self, id: usize, diags: &mut Diagnostics) {
        let Some(node) = self.node(id) else { return };
        if node.children.is_empty() {
            return;
        }
        if let Some(members) = node.shape.members() {
            let claimed: Vec<String> = node.children.iter().filter_map(|&c| self.node(c)).map(|n| n.name.to_lowercase()).collect();
            let extra: Vec<&str> = members.keys().filter(|k| !claimed.contains(&k.to_lowercase())).map(String::as_str).collect();
            if !extra.is_empty() {
                let line = node.children.first().and_then(|&c| self.node(c)).map_or(1, |n| n.line);
                let within = if node.name.is_empty() { "the response".to_string() } else { format!("`{}`", node.name) };
                diags.push(
                    self.page
                        .diagnostic(Severity::Warning, "example-only-field", line, 1, format!("the example shows {} in {within} that the table does not list; not added", list(&extra)))
                        .expected_found("every example key in the table", extra.join(", ")),
                );
            }
        }
        for &c in &node.children {
            self.report_example_only(c, diags);
        }
    }

    /// Turns a node into a field, deciding its type.
    fn finish(&self, id: usize, diags: &mut Diagnostics) -> Field {
        let Some(node) = self.node(id) else {
            return Field { name: String::new(), ty: Type::Any, example: None, description: String::new(), fields: Vec::new() };
        };
        let mut fields: Vec<Field> = node.children.iter().map(|&c| self.finish(c, diags)).collect();
        let single_array_child = fields.len() == 1
            && fields.first().is_some_and(|f| matches!(f.ty, Type::Array(_)))
            && node.children.first().and_then(|&c| self.node(c)).is_some_and(|c| c.element || c.synthetic || matches!(&node.shape, Shape::Object(m) if m.len() == 1));
        let ty = match &node.hint {
            _ if node.synthetic || (node.hint == TypeHint::Empty && !node.element) => {
                if !fields.is_empty() {
                    if matches!(node.shape, Shape::Array(_)) {
                        Type::Array(Box::new(Type::Struct))
                    } else {
                        Type::Struct
                    }
                } else {
                    self.from_example(node, &mut fields, diags)
                }
            }
            _ if node.element => Type::Array(Box::new(Type::Struct)),
            TypeHint::Known(Type::Array(item)) if item.has_members() || !fields.is_empty() => {
                if single_array_child {
                    Type::Struct
                } else if fields.is_empty() {
                    self.adopt_or_report(node, &mut fields, diags);
                    Type::Array(item.clone())
                } else {
                    Type::Array(Box::new(Type::Struct))
                }
            }
            TypeHint::ArrayOfUnknown => {
                if single_array_child {
                    Type::Struct
                } else if !fields.is_empty() {
                    Type::Array(Box::new(Type::Struct))
                } else {
                    match &node.shape {
                        Shape::Array(item) if item.members().is_none() && !matches!(**item, Shape::Unknown) => Type::Array(Box::new(scalar_of(item))),
                        _ => {
                            let mut adopted = Vec::new();
                            if self.adopt(node, &mut adopted) {
                                fields = adopted;
                                Type::Array(Box::new(Type::Struct))
                            } else {
                                diags.push(
                                    self.page
                                        .diagnostic(Severity::Warning, "array-item", node.line, node.column, format!("array `{}` names no item type and has no members; read as array<string>", node.name))
                                        .expected_found("`Array of X`, members, or an example", "a bare array type"),
                                );
                                Type::Array(Box::new(Type::String))
                            }
                        }
                    }
                }
            }
            TypeHint::Known(Type::Struct) => {
                if fields.is_empty() && !node.linked {
                    self.adopt_or_report(node, &mut fields, diags);
                }
                if fields.is_empty() {
                    Type::Any
                } else if matches!(node.shape, Shape::Array(_)) {
                    diags.push(
                        self.page
                            .diagnostic(Severity::Warning, "type-conflict", node.line, node.column, format!("`{}` is a Struct in the table but a list in the example; read as array<struct>", node.name))
                            .expected_found("Struct", "an array in the example"),
                    );
                    Type::Array(Box::new(Type::Struct))
                } else {
                    Type::Struct
                }
            }
            TypeHint::Known(t) => t.clone(),
            TypeHint::Unknown(_) => {
                if fields.is_empty() {
                    Type::String
                } else {
                    Type::Struct
                }
            }
            TypeHint::Empty => Type::String,
        };
        Field { name: node.name.clone(), ty, example: node.example.clone(), description: node.description.clone(), fields }
    }

    /// Type of an untyped row with no members: from the example, else string with a warning.
    fn from_example(&self, node: &Node, fields: &mut Vec<Field>, diags: &mut Diagnostics) -> Type {
        match &node.shape {
            Shape::Unknown => {
                if !node.synthetic {
                    diags.push(
                        self.page
                            .diagnostic(Severity::Warning, "missing-type", node.line, node.column, format!("`{}` has no type, no members and no example value; read as string", node.name))
                            .expected_found("a type in the 类型 column", "an empty cell"),
                    );
                }
                Type::String
            }
            Shape::Object(_) => {
                self.adopt_or_report(node, fields, diags);
                if fields.is_empty() {
                    Type::Any
                } else {
                    Type::Struct
                }
            }
            Shape::Array(item) => {
                if item.members().is_some() {
                    self.adopt_or_report(node, fields, diags);
                    Type::Array(Box::new(Type::Struct))
                } else {
                    Type::Array(Box::new(scalar_of(item)))
                }
            }
            scalar => scalar_of(scalar),
        }
    }

    fn adopt(&self, node: &Node, fields: &mut Vec<Field>) -> bool {
        match node.shape.members() {
            Some(m) if !m.is_empty() => {
                *fields = m.iter().map(|(k, v)| field_from_shape(k, v)).collect();
                true
            }
            _ => false,
        }
    }

    fn adopt_or_report(&self, node: &Node, fields: &mut Vec<Field>, diags: &mut Diagnostics) {
        if self.adopt(node, fields) {
            let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            diags.push(
                self.page
                    .diagnostic(Severity::Warning, "type-from-example", node.line, node.column, format!("the table lists no members for `{}`; {} taken from the example", node.name, list(&names)))
                    .expected_found("member rows in the table", "members only in the example"),
            );
        } else {
            diags.push(
                self.page
                    .diagnostic(Severity::Warning, "empty-struct", node.line, node.column, format!("`{}` is a struct with no members in the table or the example; read as any JSON value", node.name))
                    .expected_found("member rows", "none"),
            );
        }
    }
}

fn list(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(6).map(|n| format!("`{n}`")).collect();
    let more = names.len().saturating_sub(6);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The spec type of a scalar example value.
fn scalar_of(shape: &Shape) -> Type {
    match shape {
        Shape::Bool => Type::Boolean,
        Shape::Int => Type::Long,
        Shape::Float => Type::Double,
        Shape::Str | Shape::Unknown => Type::String,
        Shape::Object(_) => Type::Struct,
        Shape::Array(item) => Type::Array(Box::new(scalar_of(item))),
    }
}

/// A field read from the example alone.
fn field_from_shape(name: &str, shape: &Shape) -> Field {
    let (ty, fields) = match shape {
        Shape::Object(m) if !m.is_empty() => (Type::Struct, m.iter().map(|(k, v)| field_from_shape(k, v)).collect()),
        Shape::Object(_) => (Type::Any, Vec::new()),
        Shape::Array(item) => match item.members() {
            Some(m) if !m.is_empty() => (Type::Array(Box::new(Type::Struct)), m.iter().map(|(k, v)| field_from_shape(k, v)).collect()),
            _ => (Type::Array(Box::new(scalar_of(item))), Vec::new()),
        },
        other => (scalar_of(other), Vec::new()),
    };
    Field { name: name.to_string(), ty, example: None, description: String::new(), fields }
}
