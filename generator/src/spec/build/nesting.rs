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
//!    (then the row closes containers until it fits; one member is evidence only in a table
//!    sorted throughout, or where the container's example is shown). A row followed by a sibling the example
//!    does show in that container (`Description` between an item's `Weight` and `Type`) stays,
//!    whatever the order says, and is not looked for through levels the table does not list.
//!    When the container's example did show other keys, this is a `nesting-uncertain` warning.
//! 3. Rows with `└` are never top-level; rows without it always are (when the table uses `└`).
//! 4. A type cell linking to a section (`[KeyMetadata](#section_…)`) takes its members from
//!    that section's table.
//! 5. Types: the table wins for scalars and for `Array of X` (an array even where the example
//!    shows one object); an array whose only member is itself an array (`SecretList` →
//!    `Secret`, the XML element row) is a struct wrapping that array; untyped rows take their
//!    type from their members or the example.
//! 6. A dotted row name (`Instances.Id`) is a path: the row goes into the container its prefix
//!    names, made on first use.
//!
//! Keys the example has and the table does not (`example-only-field`) are added, typed from
//! their example values, only when they hold scalars and only in objects where the example
//! agrees with the table on at least half of the keys; elsewhere the example is probably
//! another API's (or a whole structure would be guessed) and they are only reported. A table field with no members of its own whose example is an object takes the
//! example's members (`type-from-example`).

use std::collections::{BTreeMap, BTreeSet};

use super::shape::Shape;
use crate::diagnostics::{Diagnostics, Severity};
use crate::page::{Page, Row, TypeHint};
use crate::spec::model::{DocumentedValue, Format, Member, Type};

/// Deeper nesting than any response has; guards the recursive walks over the tree.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone)]
struct Node {
    name: String,
    /// The row's 是否必选 (request bodies; response tables have no such column).
    required: bool,
    hint: TypeHint,
    example: Option<String>,
    description: String,
    values: Vec<DocumentedValue>,
    format: Option<Format>,
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

impl Node {
    /// A level no row of its own describes: a container the example shows or a dotted row name
    /// spells, with nothing but its name and shape.
    fn level(name: &str, shape: Shape, synthetic: bool, element: bool, line: usize) -> Self {
        Node {
            name: name.to_string(),
            required: false,
            hint: TypeHint::Empty,
            example: None,
            description: String::new(),
            values: Vec::new(),
            format: None,
            shape,
            children: Vec::new(),
            synthetic,
            element,
            linked: false,
            line,
            column: 1,
        }
    }
}

struct Builder<'a> {
    page: &'a Page,
    nodes: Vec<Node>,
    has_example: bool,
    /// Set when a row went into a container by table order alone, with no example to check.
    guessed: Option<usize>,
    /// Whether the table being placed lists its rows in alphabetical order (see
    /// [`sorted_table`]): only then does one member say where the order starts.
    sorted_table: bool,
}

/// The example's shape, put back in its envelope when the page shows only the inside of a
/// container row: many ROA pages give the `Result` object (or list) alone, with no `RequestId`
/// and no `Result` key. Seen when the example has no top-level row of the table but most of its
/// keys are rows listed after one container row, some of them values; the shape is then
/// wrapped in that row. An example of containers only (`{"Result": [...]}` after a `Headers`
/// row) is the body itself.
pub fn envelope(shape: Option<Shape>, rows: &[Row]) -> Option<Shape> {
    let shape = unwrap_foreign_envelope(shape?, rows);
    let (keys, list): (Vec<&String>, bool) = match &shape {
        Shape::Object(map) => (map.keys().collect(), false),
        Shape::Array(item) => match item.members() {
            Some(map) => (map.keys().collect(), true),
            None => return Some(shape),
        },
        _ => return Some(shape),
    };
    if keys.is_empty() || keys.iter().any(|k| *k == "RequestId" || *k == "requestId") {
        return Some(shape);
    }
    let Some((at, row)) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| may_contain(&r.hint) && !r.is_child())
    else {
        return Some(shape);
    };
    let before: BTreeSet<&str> = rows[..=at].iter().map(|r| r.name.as_str()).collect();
    let after: BTreeSet<&str> = rows[at + 1..].iter().map(|r| r.name.as_str()).collect();
    let inside = keys.iter().filter(|k| after.contains(k.as_str())).count();
    let outside = keys.iter().any(|k| before.contains(k.as_str()));
    // The inside of a container shows its fields, mostly values; an example of containers
    // only (`{"Result": [...]}` after a `Headers` row) is the body itself, short of `RequestId`.
    let values = keys
        .iter()
        .filter(|k| {
            rows[at + 1..]
                .iter()
                .find(|r| r.name == k.as_str())
                .is_some_and(|r| !may_contain(&r.hint))
        })
        .count();
    if outside || inside * 2 < keys.len() || values == 0 || (list && !is_array_hint(&row.hint)) {
        return Some(shape);
    }
    Some(Shape::Object(
        [(row.name.clone(), shape)].into_iter().collect(),
    ))
}

/// The example seen through an envelope the table does not document: some ROA pages show
/// `{"code": 200, "data": {...}}` where the table (and the service's SDKs) list what is inside
/// `data`. Seen when no key of the example's root is a row of the table and exactly one of its
/// members is an object most of whose keys are rows.
fn unwrap_foreign_envelope(shape: Shape, rows: &[Row]) -> Shape {
    let Shape::Object(root) = &shape else {
        return shape;
    };
    let names: BTreeSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    if names.is_empty() || root.keys().any(|k| names.contains(k.as_str())) {
        return shape;
    }
    let inner: Vec<&Shape> = root
        .values()
        .filter(|v| match v {
            Shape::Object(members) => {
                let known = members
                    .keys()
                    .filter(|k| names.contains(k.as_str()))
                    .count();
                known > 0 && known * 2 >= members.len()
            }
            _ => false,
        })
        .collect();
    match inner.as_slice() {
        [only] => (*only).clone(),
        _ => shape,
    }
}

/// Builds the member tree of `rows` (the response table, or an ROA RequestBody table).
/// `shape` is the merged shape of the examples that show the same tree.
pub fn build(
    page: &Page,
    rows: &[Row],
    shape: Option<&Shape>,
    diags: &mut Diagnostics,
) -> Vec<Member> {
    let root = Node {
        name: String::new(),
        required: false,
        hint: TypeHint::Known(Type::Struct),
        example: None,
        description: String::new(),
        values: Vec::new(),
        format: None,
        shape: shape.cloned().unwrap_or(Shape::Unknown),
        children: Vec::new(),
        synthetic: false,
        element: false,
        linked: false,
        line: 0,
        column: 0,
    };
    let mut b = Builder {
        page,
        nodes: vec![root],
        has_example: shape.is_some(),
        guessed: None,
        sorted_table: false,
    };
    // Each table is placed on its own: a later table starts again at the top of the tree, or
    // inside the field its introduction names (`Result中还包含以下参数`).
    let mut path = BTreeSet::new();
    // Names documented inside a text or map field (see `Builder::holds_text`), with that field:
    // a later table captioned with one of them documents the same field.
    let mut inside_text: BTreeMap<String, usize> = BTreeMap::new();
    let mut start = 0;
    while start < rows.len() {
        let table = rows[start].table;
        let end = rows[start..]
            .iter()
            .position(|r| r.table != table)
            .map_or(rows.len(), |n| start + n);
        let group = &rows[start..end];
        let documented = group[0].owner.as_deref().and_then(|owner| {
            inside_text
                .get(owner)
                .copied()
                .or_else(|| b.find(owner).filter(|&id| b.holds_text(id)))
        });
        if let Some(field) = documented {
            b.document_text(field, group);
            for row in group {
                inside_text.entry(row.name.clone()).or_insert(field);
            }
            start = end;
            continue;
        }
        let container = match group[0].owner.as_deref() {
            Some(owner) => b.find(owner).unwrap_or(0),
            None if start > 0 => b.shown_in(group),
            None => 0,
        };
        b.place(group, container, &mut path, diags);
        start = end;
    }
    if let Some(line) = b.guessed {
        diags.push(page.diagnostic(
            Severity::Warning,
            "nesting-uncertain",
            line,
            1,
            "the response has containers but no example to check their extent; nesting follows table order",
        )
        .expected_found("a JSON or XML response example", "none that reads"));
    }
    let root_children = b
        .nodes
        .first()
        .map(|n| n.children.clone())
        .unwrap_or_default();
    let mut extras = BTreeMap::new();
    b.example_only(0, &mut extras, diags);
    let mut fields: Vec<Member> = root_children
        .iter()
        .map(|&c| b.finish(c, &extras, diags))
        .collect();
    fields.extend(extras.remove(&0).unwrap_or_default());
    fields
}

fn may_contain(hint: &TypeHint) -> bool {
    match hint {
        TypeHint::Known(t) => t.has_members(),
        TypeHint::Empty | TypeHint::ArrayOfUnknown => true,
        TypeHint::Unknown(_) => false,
    }
}

fn is_array_hint(hint: &TypeHint) -> bool {
    matches!(
        hint,
        TypeHint::ArrayOfUnknown | TypeHint::Known(Type::Array(_))
    )
}

/// Where the example puts a key relative to a container.
enum Found {
    /// Directly a member; the example's spelling.
    Direct(String),
    /// Inside levels the table does not list, outermost first.
    Wrapped(Vec<String>),
}

impl Builder<'_> {
    fn node(&self, id: usize) -> Option<&Node> {
        self.nodes.get(id)
    }

    fn child_named(&self, parent: usize, name: &str) -> Option<usize> {
        self.node(parent)?
            .children
            .iter()
            .copied()
            .find(|&c| self.node(c).is_some_and(|n| n.name == name))
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
        // One or two levels the table does not list (`Aliases` → `Alias` → `AliasName`).
        let unlisted = |m: &'_ std::collections::BTreeMap<String, Shape>| -> Vec<(String, Shape)> {
            m.iter()
                .filter(|(k, _)| !table_names.contains(k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        for (k, v) in unlisted(members) {
            if v.members().is_some_and(|m| m.contains_key(name)) {
                return Some(Found::Wrapped(vec![k]));
            }
        }
        for (k, v) in unlisted(members) {
            for (k2, v2) in v.members().map(unlisted).unwrap_or_default() {
                if v2.members().is_some_and(|m| m.contains_key(name)) {
                    return Some(Found::Wrapped(vec![k, k2]));
                }
            }
        }
        None
    }

    /// Whether the first of `later` rows the example shows in any open container (`stack`) is
    /// shown directly in `top`: the rows before it then sit among `top`'s members. Rows with
    /// child markers or another type table's rows end the look (their nesting is the page's).
    fn next_shown_in(
        &self,
        top: usize,
        later: &[Row],
        stack: &[usize],
        table_names: &BTreeSet<&str>,
    ) -> bool {
        for row in later {
            if matches!(
                self.find_in(top, &row.name, table_names),
                Some(Found::Direct(_))
            ) {
                return true;
            }
            let elsewhere = stack
                .iter()
                .any(|&c| c != top && self.find_in(c, &row.name, table_names).is_some());
            if elsewhere {
                return false;
            }
        }
        false
    }

    /// The one key of a container's example that is a list of objects (or an empty list) the
    /// table does not name.
    fn list_wrapper_key(&self, container: usize, table_names: &BTreeSet<&str>) -> Option<String> {
        let members = self.node(container)?.shape.members()?;
        match members.iter().collect::<Vec<_>>().as_slice() {
            // An empty list (`{"DnatEntry": []}`) shows the wrapper all the same.
            [(key, Shape::Array(item))]
                if (item.members().is_some() || matches!(**item, Shape::Unknown))
                    && !table_names.contains(key.as_str()) =>
            {
                Some((*key).clone())
            }
            _ => None,
        }
    }

    /// The example-added level `key` under `container`, created on first use.
    fn wrapper(&mut self, container: usize, key: &str, line: usize) -> usize {
        if let Some(w) = self.child_named(container, key) {
            return w;
        }
        let shape = self.member_shape(container, key);
        // `DnsProducts` → `DnsProduct`: the XML list convention, an array even where the
        // example shows a single item.
        let plural = self
            .node(container)
            .is_some_and(|c| c.name.len() > key.len() && c.name.starts_with(key));
        self.add_child(container, Node::level(key, shape, true, plural, line))
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
        self.node(parent)
            .and_then(|p| p.shape.members())
            .and_then(|m| m.get(key))
            .cloned()
            .unwrap_or(Shape::Unknown)
    }

    /// Gives the value list `list` the item name `item` (`CenIds` → `CenIds.CenId[]`), unless
    /// its example already shows a wrapper.
    fn name_list_item(&mut self, list: usize, item: &str) {
        let Some(node) = self.nodes.get_mut(list) else {
            return;
        };
        let items = match &node.shape {
            Shape::Object(_) => return,
            Shape::Array(inner) => (**inner).clone(),
            Shape::Unknown => Shape::Str,
            scalar => scalar.clone(),
        };
        node.shape = Shape::Object(
            [(item.to_string(), Shape::Array(Box::new(items)))]
                .into_iter()
                .collect(),
        );
    }

    /// The container a dotted row (`Instances.Id`) goes into: an open container named by the
    /// first segment (`PlanJsonInfo`, then `PlanJsonInfo.Status`) when there is one, else
    /// `parent`; then one level per remaining segment, each made on first use. The levels are
    /// untyped rows of their own, so a plural one is read as a list wrapper as the untyped
    /// plural rows are (`Instances` → `Instances.Instance[]`), unless `object` says the levels
    /// are objects.
    fn dotted_container(
        &mut self,
        parent: usize,
        prefix: &[&str],
        object: bool,
        stack: &mut Vec<usize>,
        line: usize,
    ) -> usize {
        let mut segments = prefix;
        let mut at = parent;
        let open = stack.iter().rposition(|&c| {
            self.node(c)
                .is_some_and(|n| !n.synthetic && Some(&n.name.as_str()) == prefix.first())
        });
        if let Some(pos) = open {
            stack.truncate(pos + 1);
            at = stack.last().copied().unwrap_or(parent);
            segments = prefix.get(1..).unwrap_or_default();
        }
        for segment in segments {
            at = match self.child_named(at, segment) {
                Some(existing) => existing,
                None => {
                    let shape = match self.member_shape(at, segment) {
                        Shape::Unknown if object => Shape::Object(BTreeMap::new()),
                        other => other,
                    };
                    self.add_child(at, Node::level(segment, shape, false, false, line))
                }
            };
        }
        at
    }

    /// True when the container's members so far are in alphabetical order and `name` would
    /// continue that order.
    fn continues_order(&self, container: usize, name: &str) -> bool {
        let Some(node) = self.node(container) else {
            return true;
        };
        let all: Vec<&Node> = node.children.iter().filter_map(|&c| self.node(c)).collect();
        if !all.is_empty() && all.iter().all(|n| n.synthetic || n.element) {
            // A container holding only an example-added level or the row naming its items is a
            // list wrapper: a row the items do not take is no member of it either.
            return false;
        }
        let children: Vec<&Node> = all.into_iter().filter(|n| !n.synthetic).collect();
        // Byte order, as the pages sort (`DnsSLBCount` before `DnsSecurity`).
        let names: Vec<&str> = children.iter().map(|n| n.name.as_str()).collect();
        if !names.is_empty() && names.iter().all(|n| n.contains('-')) && !name.contains('-') {
            // A container of HTTP header names (`Headers` → `X-Total-Count`) takes no field
            // named as the body's are.
            return false;
        }
        // The items named by an element row (`MasterSlaveBackendServer`) are listed field after
        // field: one name is in order by itself, so there the order speaks from two on.
        // One member followed by a name before it is weak evidence: it counts only where the
        // table sorts its rows, or where the container's example object is shown and lacks the
        // row. Elsewhere (tables in their own order) the order speaks from two members on.
        let shown = node.shape.members().is_some_and(|m| !m.is_empty());
        let least = if node.element || !(self.sorted_table || shown) {
            2
        } else {
            1
        };
        let sorted = names.len() >= least && names.windows(2).all(|w| w.first() <= w.get(1));
        !sorted || names.last().is_none_or(|last| *last < name)
    }

    fn place(
        &mut self,
        rows: &[Row],
        root: usize,
        path: &mut BTreeSet<String>,
        diags: &mut Diagnostics,
    ) {
        let uses_markers = rows.iter().any(|r| r.is_child());
        self.sorted_table = sorted_table(rows);
        let table_names: BTreeSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        // Rows holding a value: a dotted name under one of them is a key with a dot in it.
        let value_names: BTreeSet<&str> = rows
            .iter()
            .filter(|r| !may_contain(&r.hint))
            .map(|r| r.name.as_str())
            .collect();
        let mut stack: Vec<usize> = vec![root];
        let mut last_placed: Option<usize> = None;
        // Rows placed by table order alone: (line, name, container). A row is sure once a
        // later row the example does show lands in the same container (it sits between
        // siblings); the rest are reported when the table ends.
        let mut pending: Vec<(usize, String, usize)> = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            if uses_markers && !row.is_child() {
                stack.truncate(1);
            }
            let min = usize::from(uses_markers && row.is_child() && stack.len() > 1);
            // An untyped row right after an array, blank or named as the array's singular
            // (`SslVpnClientCertKeys` → `SslVpnClientCertKey`), names the array's item.
            let is_element = row.hint == TypeHint::Empty
                && row.example.is_none()
                && last_placed.is_some_and(|l| {
                    stack.last() == Some(&l)
                        && self.node(l).is_some_and(|n| {
                            is_array_hint(&n.hint)
                                && (row.description.is_empty()
                                    || (n.name.len() > row.name.len()
                                        && n.name.starts_with(&row.name)))
                        })
                });

            // `CenIds` (a value: untyped, its example cell a value), then `CenId`, untyped and
            // empty: the row names the items of that list, as an element row does, and holds
            // no rows of its own. The list is `CenIds.CenId[]`.
            if row.hint == TypeHint::Empty && row.example.is_none() {
                let list = last_placed.filter(|l| {
                    stack.last() != Some(l)
                        && self.node(*l).is_some_and(|n| {
                            n.hint == TypeHint::Empty
                                && n.example.is_some()
                                && n.children.is_empty()
                                && list_item_name(&n.name).as_deref() == Some(row.name.as_str())
                        })
                });
                if let Some(list) = list {
                    self.name_list_item(list, &row.name);
                    continue;
                }
            }
            // A row between two siblings the example shows (`Description` between `Weight` and
            // `Type` of one item) is their sibling, whatever the order says, and is not looked
            // for through levels the table does not list. A container row is left out: the
            // members after it are its own.
            let innermost = stack.len().saturating_sub(1);
            let between = !may_contain(&row.hint)
                && stack.last().is_some_and(|&top| {
                    self.next_shown_in(
                        top,
                        rows.get(index + 1..).unwrap_or_default(),
                        &stack,
                        &table_names,
                    )
                });
            let mut parent = None;
            // Once the search passes an open container the example does not show, a match
            // further out must be direct: levels the table does not list are only looked
            // through where the example covers every container in between.
            let mut passed_unknown = false;
            for pos in (min..stack.len()).rev() {
                let Some(&container) = stack.get(pos) else {
                    continue;
                };
                // Without `└` a row is top-level by the table's own word: only a direct
                // match in the example counts, no level the table does not list.
                let found = match self.find_in(container, &row.name, &table_names) {
                    Some(Found::Wrapped(_))
                        if passed_unknown
                            || (uses_markers && !row.is_child())
                            || (between && pos < innermost) =>
                    {
                        None
                    }
                    other => other,
                };
                if self
                    .node(container)
                    .is_some_and(|n| matches!(n.shape, Shape::Unknown))
                {
                    passed_unknown = true;
                }
                // A name an earlier row already holds in this container is another field's:
                // an object has each name once (`VServerGroupId` of a listener, then of each of
                // its rules), so the row belongs further in.
                let found = found.filter(|_| is_element || !self.holds_name(container, &row.name));
                match found {
                    Some(Found::Direct(key)) => {
                        if key != row.name {
                            diags.push(
                                self.page
                                    .diagnostic(Severity::Warning, "name-mismatch", row.type_at.0, 1, format!("field `{}` is spelled `{key}` in the example; the table's spelling is kept", row.name))
                                    .expected_found(format!("`{}`", row.name), format!("`{key}`")),
                            );
                        }
                        stack.truncate(pos + 1);
                        pending.retain(|p| p.2 != container);
                        parent = Some(container);
                    }
                    Some(Found::Wrapped(keys)) => {
                        stack.truncate(pos + 1);
                        let mut at = container;
                        for key in keys {
                            at = self.wrapper(at, &key, row.type_at.0);
                            stack.push(at);
                        }
                        pending.retain(|p| p.2 != at);
                        parent = Some(at);
                    }
                    None => continue,
                }
                break;
            }
            let mut forced_shape = None;
            if parent.is_none() && !is_element && may_contain(&row.hint) {
                // `BatchResultDetails` in the table, `BatchResultDetail` in the example: the
                // example shows the list item without its wrapper.
                if let Some(singular) = row.name.strip_suffix('s') {
                    for pos in (min..stack.len()).rev() {
                        let Some(&container) = stack.get(pos) else {
                            continue;
                        };
                        let item = self
                            .node(container)
                            .and_then(|n| n.shape.members())
                            .and_then(|m| m.get(singular))
                            .cloned();
                        if let Some(item) = item {
                            diags.push(
                                self.page
                                    .diagnostic(Severity::Warning, "name-mismatch", row.type_at.0, 1, format!("the example shows `{singular}` where the table lists `{}`; read as `{}` wrapping a list of `{singular}`", row.name, row.name))
                                    .expected_found(format!("`{}`", row.name), format!("`{singular}`")),
                            );
                            stack.truncate(pos + 1);
                            pending.retain(|p| p.2 != container);
                            let item = match item {
                                Shape::Array(inner) => *inner,
                                other => other,
                            };
                            forced_shape = Some(Shape::Object(
                                [(singular.to_string(), Shape::Array(Box::new(item)))]
                                    .into_iter()
                                    .collect(),
                            ));
                            parent = Some(container);
                            break;
                        }
                    }
                }
            }
            if parent.is_none() && !is_element && forced_shape.is_none() {
                // The innermost container's example is a list wrapper (`{"Record": [...]}`)
                // the table does not list: a row the example lacks is an item member too.
                if let Some(&top) = stack.last().filter(|&&t| t != root) {
                    if let Some(key) = self.list_wrapper_key(top, &table_names) {
                        let wrapper = self.wrapper(top, &key, row.type_at.0);
                        stack.push(wrapper);
                    }
                }
            }
            let parent = match parent {
                Some(p) => p,
                None if is_element => stack.last().copied().unwrap_or(root),
                None => {
                    // Not in the example: table order, closing containers only where the
                    // alphabetical order of their members says the row cannot belong.
                    let had_choice = stack.len() > 1;
                    // Names are unique in an object: the row cannot close into a container
                    // that holds its name already.
                    let floor = (min..stack.len())
                        .filter(|&pos| {
                            stack
                                .get(pos)
                                .is_some_and(|&c| self.holds_name(c, &row.name))
                        })
                        .max()
                        .map_or(min, |pos| pos + 1);
                    let keep = (floor..stack.len()).rev().find(|&pos| {
                        between && pos + 1 == stack.len()
                            || stack
                                .get(pos)
                                .is_some_and(|&c| self.continues_order(c, &row.name))
                    });
                    let pos = keep.unwrap_or(stack.len().saturating_sub(1));
                    stack.truncate(pos + 1);
                    let container = stack.last().copied().unwrap_or(root);
                    if !self.has_example
                        && !uses_markers
                        && container != root
                        && self.guessed.is_none()
                    {
                        self.guessed = Some(row.type_at.0);
                    }
                    let shown = self
                        .node(container)
                        .and_then(|n| n.shape.members())
                        .is_some_and(|m| !m.is_empty());
                    if self.has_example && shown && had_choice {
                        pending.push((row.type_at.0, row.name.clone(), container));
                    }
                    container
                }
            };
            // `Instances.Id`: the container is named in the row's own name. Where the example
            // writes the key whole (`"SystemDisk.Size": 80`), the service sends it that way: the
            // member keeps the dotted wire name, so the documented payload decodes.
            let shown_whole = self
                .node(parent)
                .and_then(|n| n.shape.members())
                .is_some_and(|m| m.contains_key(&row.name));
            let (parent, name) = match dotted_path(&row.name, &value_names) {
                Some((prefix, leaf)) if !shown_whole => {
                    // Below the table's own level a plural prefix (`PrivatePoolOptions.Id` in a
                    // list item) names an object; the lists the pages flatten this way are the
                    // response's own (`Instances.Id`).
                    let object = parent != root;
                    let at =
                        self.dotted_container(parent, &prefix, object, &mut stack, row.type_at.0);
                    (at, leaf.to_string())
                }
                _ => (parent, row.name.clone()),
            };
            if self.child_named(parent, &name).is_some() {
                diags.push(
                    self.page
                        .diagnostic(Severity::Warning, "duplicate-field", row.type_at.0, 1, format!("field `{name}` is listed twice in the same object; the first row is kept"))
                        .expected_found("one row per field", "a repeated row"),
                );
                last_placed = None;
                continue;
            }
            let shape = forced_shape.unwrap_or_else(|| self.member_shape(parent, &name));
            let shape = if matches!(shape, Shape::Unknown) && row.hint == TypeHint::Empty {
                // An untyped row whose example cell is JSON (`[600,1800]`) shows its own shape.
                cell_shape(&name, row.example.as_deref())
            } else {
                shape
            };
            let shape = if matches!(shape, Shape::Unknown) {
                // Case-insensitive match: the example's spelling holds the shape.
                let alt = self
                    .node(parent)
                    .and_then(|p| p.shape.members())
                    .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(&name)))
                    .map(|(_, v)| v.clone());
                alt.unwrap_or(Shape::Unknown)
            } else {
                shape
            };
            let id = self.add_child(
                parent,
                Node {
                    name: name.clone(),
                    required: row.required,
                    hint: row.hint.clone(),
                    example: row.example.clone(),
                    description: row.description.clone(),
                    values: row.values.clone(),
                    format: row.format,
                    shape,
                    children: Vec::new(),
                    synthetic: false,
                    element: is_element,
                    linked: row.link.is_some(),
                    line: row.type_at.0,
                    column: row.type_at.1,
                },
            );
            last_placed = Some(id);
            if let Some(link) = &row.link {
                self.expand_link(id, link, row, path, diags);
            } else if stack.len() >= MAX_DEPTH {
                // Deeper than any response; the rows below stay at this level.
            } else if (may_contain(&row.hint)
                && !(row.example.is_some()
                    && matches!(row.hint, TypeHint::Empty | TypeHint::ArrayOfUnknown)))
                || is_element
                || (uses_markers && matches!(row.hint, TypeHint::Unknown(_)))
            {
                // With `└` markers a misspelt type (`Struts`) still opens a container: the
                // markers, not the type, say which rows are its members.
                // An untyped or bare-list row with an example value is a value, not a
                // container of the rows below it.
                stack.push(id);
            }
        }
        for (line, name, container) in pending {
            let within = self
                .node(container)
                .map_or(String::new(), |n| n.name.clone());
            let place = if within.is_empty() {
                "at the top level".to_string()
            } else {
                format!("under `{within}`")
            };
            diags.push(
                self.page
                    .diagnostic(Severity::Warning, "nesting-uncertain", line, 1, format!("field `{name}` is not in the response example; placed {place} by table order"))
                    .expected_found(format!("`{name}` in the example"), "no such key"),
            );
        }
    }

    /// The container whose example shows most of a continuation table's rows: pages introduce
    /// tables of an item's further fields as `返回数据中还包含以下参数`. The root unless another
    /// container shows more than half of the rows and more than the root does.
    fn shown_in(&self, rows: &[Row]) -> usize {
        let count = |id: usize| {
            self.node(id)
                .and_then(|n| n.shape.members())
                .map_or(0, |m| {
                    rows.iter().filter(|r| m.contains_key(&r.name)).count()
                })
        };
        let root = count(0);
        let best = (1..self.nodes.len())
            .filter(|&id| self.node(id).is_some_and(|n| !n.synthetic))
            .map(|id| (count(id), id))
            .max_by_key(|&(n, id)| (n, std::cmp::Reverse(id)));
        match best {
            Some((n, id)) if n > root && n * 2 > rows.len() => id,
            _ => 0,
        }
    }

    /// True for a field whose value is text (a JSON string) or a map: a table captioned with
    /// its name (`**ContainerConfig参数说明**`, `**phases字段数据结构说明**`) says what the text
    /// or the map's values hold; its rows are not members of the response.
    fn holds_text(&self, id: usize) -> bool {
        self.node(id).is_some_and(|n| match &n.hint {
            TypeHint::Known(Type::Map(_)) => true,
            TypeHint::Known(t) => !t.has_members() && n.shape.members().is_none(),
            _ => false,
        })
    }

    /// Appends a table that documents what `field`'s text holds to its description, one list
    /// item a row, so the docs keep what the page says.
    fn document_text(&mut self, field: usize, rows: &[Row]) {
        let Some(owner) = rows.first().and_then(|r| r.owner.clone()) else {
            return;
        };
        let mut text = format!("`{owner}`:\n");
        for row in rows {
            let kind = match &row.hint {
                TypeHint::Known(t) => format!(" ({t})"),
                TypeHint::Unknown(raw) => format!(" ({raw})"),
                TypeHint::Empty | TypeHint::ArrayOfUnknown => String::new(),
            };
            let description = row
                .description
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n  ");
            text.push_str(&format!("\n- `{}`{kind}: {description}", row.name));
        }
        if let Some(node) = self.nodes.get_mut(field) {
            if !node.description.is_empty() {
                node.description.push_str("\n\n");
            }
            node.description.push_str(&text);
        }
    }

    /// True when a table row already placed in `container` has this name.
    fn holds_name(&self, container: usize, name: &str) -> bool {
        self.child_named(container, name)
            .and_then(|id| self.node(id))
            .is_some_and(|n| !n.synthetic)
    }

    /// The first node (in tree order of creation) named `name`.
    fn find(&self, name: &str) -> Option<usize> {
        self.nodes
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, n)| n.name == name && !n.synthetic)
            .map(|(id, _)| id)
    }

    /// Reads the members of a linked type from its section table.
    fn expand_link(
        &mut self,
        id: usize,
        link: &str,
        row: &Row,
        path: &mut BTreeSet<String>,
        diags: &mut Diagnostics,
    ) {
        let page = self.page;
        let anchor = link.trim_start_matches('#');
        let table = page.type_tables.iter().find(|t| {
            t.anchor.as_deref() == Some(anchor) || t.name == anchor || t.name == row.name
        });
        let Some(table) = table else {
            // The members are then taken from the example, like any struct without rows.
            if let Some(node) = self.nodes.get_mut(id) {
                node.linked = false;
            }
            diags.push(
                page.diagnostic(Severity::Warning, "type-link", row.type_at.0, row.type_at.1, format!("type cell links to `{link}`, which names no table on this page; members taken from the example"))
                    .expected_found("a section with the type's table", "no such section"),
            );
            return;
        };
        if path.len() > 8 || !path.insert(link.to_string()) {
            return;
        }
        self.place(&table.rows, id, path, diags);
        path.remove(link);
    }

    /// Example keys that no table row claimed. Where the table and the example agree on at
    /// least half of an object's keys, the example is about this API and its extra keys are
    /// added with types inferred from their values; elsewhere they are only reported.
    fn example_only(
        &self,
        id: usize,
        extras: &mut BTreeMap<usize, Vec<Member>>,
        diags: &mut Diagnostics,
    ) {
        let Some(node) = self.node(id) else { return };
        if node.children.is_empty() {
            return;
        }
        if let Some(members) = node.shape.members() {
            // A member's own members claim the dotted keys that spell them (`SystemDisk.Size`).
            let claimed: Vec<String> = node
                .children
                .iter()
                .filter_map(|&c| self.node(c))
                .flat_map(|n| {
                    let inner = n
                        .children
                        .iter()
                        .filter_map(|&g| self.node(g))
                        .map(move |g| format!("{}.{}", n.name, g.name).to_lowercase());
                    std::iter::once(n.name.to_lowercase()).chain(inner)
                })
                .collect();
            // `Values` in the table claims `Value` in the example: same field, other number.
            let is_claimed = |key: &str| {
                let key = key.to_lowercase();
                claimed.iter().any(|c| {
                    *c == key
                        || c.strip_suffix('s') == Some(key.as_str())
                        || key.strip_suffix('s') == Some(c.as_str())
                })
            };
            let mut extra: Vec<(&String, &Shape)> =
                members.iter().filter(|(k, _)| !is_claimed(k)).collect();
            // A table field the example lacks and an example key the table lacks, spelled
            // nearly alike (`ReionId` / `RegionId`), are one field misspelt on one side.
            let unmatched: Vec<&Node> = node
                .children
                .iter()
                .filter_map(|&c| self.node(c))
                .filter(|n| {
                    !n.synthetic && !members.keys().any(|k| k.eq_ignore_ascii_case(&n.name))
                })
                .collect();
            extra.retain(|(key, _)| {
                let Some(twin) = unmatched.iter().find(|n| n.name.len() >= 4 && edit_distance(&n.name.to_lowercase(), &key.to_lowercase()) <= 1) else {
                    return true;
                };
                diags.push(
                    self.page
                        .diagnostic(Severity::Warning, "name-mismatch", twin.line, 1, format!("field `{}` is probably the example's `{key}`; the table's spelling is kept", twin.name))
                        .expected_found(format!("`{}`", twin.name), format!("`{key}`")),
                );
                false
            });
            if !extra.is_empty() {
                let names: Vec<&str> = extra.iter().map(|(k, _)| k.as_str()).collect();
                let agreed = members.len() - extra.len();
                let add = agreed > 0 && agreed * 2 >= members.len();
                let line = node
                    .children
                    .first()
                    .and_then(|&c| self.node(c))
                    .map_or(1, |n| n.line);
                let within = if node.name.is_empty() {
                    "the response".to_string()
                } else {
                    format!("`{}`", node.name)
                };
                let outcome = if add {
                    "scalar ones added with types from the example values, objects not"
                } else {
                    "not added, because the example disagrees with the table on most keys here"
                };
                diags.push(
                    self.page
                        .diagnostic(Severity::Warning, "example-only-field", line, 1, format!("the example shows {} in {within} that the table does not list; {outcome}", list(&names)))
                        .expected_found("every example key in the table", names.join(", ")),
                );
                if add {
                    // The gateway's envelope keys (`Code`, `HostId`...) belong to error bodies.
                    let envelope = |k: &str| {
                        id == 0 && matches!(k, "Code" | "Message" | "HostId" | "Recommend")
                    };
                    let scalars: Vec<Member> = extra
                        .iter()
                        .filter(|(k, v)| v.members().is_none() && !envelope(k))
                        .map(|(k, v)| field_from_shape(k, v))
                        .collect();
                    extras.insert(id, scalars);
                }
            }
        }
        for &c in &node.children {
            self.example_only(c, extras, diags);
        }
    }

    /// Turns a node into a field, deciding its type.
    fn finish(
        &self,
        id: usize,
        extras: &BTreeMap<usize, Vec<Member>>,
        diags: &mut Diagnostics,
    ) -> Member {
        let Some(node) = self.node(id) else {
            return Member::new(String::new(), Type::Any);
        };
        let mut fields: Vec<Member> = node
            .children
            .iter()
            .map(|&c| self.finish(c, extras, diags))
            .collect();
        fields.extend(extras.get(&id).cloned().unwrap_or_default());
        // The table's element row (`Items`: `Array of DBInstance`, then `DBInstance` untyped)
        // names the item wrapper; the item fields after it belong in it even where the example
        // shows the list bare (`"Items": [{…}]`, the form of generated examples) and placed them
        // beside it. Where the example shows an object instead, the example's word stands.
        let empty_element = node.children.iter().position(|&c| {
            self.node(c)
                .is_some_and(|n| n.element && n.children.is_empty())
        });
        let empty_element = empty_element.filter(|_| matches!(node.shape, Shape::Array(_)));
        if let Some(at) = empty_element.filter(|_| fields.len() > 1) {
            let mut element = fields.remove(at);
            element.members = std::mem::take(&mut fields);
            fields = vec![element];
        }
        let single_array_child = fields.len() == 1
            && fields
                .first()
                .is_some_and(|f| matches!(f.ty, Type::Array(_)))
            && node
                .children
                .first()
                .and_then(|&c| self.node(c))
                .is_some_and(|c| {
                    c.element
                        || c.synthetic
                        || matches!(&node.shape, Shape::Object(m) if m.len() == 1)
                });
        let ty = match &node.hint {
            _ if node.hint == TypeHint::Empty
                && !node.synthetic
                && !node.element
                && !fields.is_empty()
                && matches!(node.shape, Shape::Unknown)
                && list_item_name(&node.name).is_some() =>
            {
                // An untyped plural row with members and no example (`RecordLines`): the list
                // convention of these APIs wraps the items in a singular-named array.
                let item = list_item_name(&node.name).unwrap_or_default();
                diags.push(
                    self.page
                        .diagnostic(Severity::Warning, "nesting-uncertain", node.line, 1, format!("`{}` has no type and no example; read as the list wrapper `{}.{item}[]`", node.name, node.name))
                        .expected_found("a type or an example", "an untyped plural row with members"),
                );
                let mut list = Member::new(item, Type::Array(Box::new(Type::Struct)));
                list.members = fields;
                fields = vec![list];
                Type::Struct
            }
            _ if node.synthetic || (node.hint == TypeHint::Empty && !node.element) => {
                if !fields.is_empty() {
                    if matches!(node.shape, Shape::Array(_)) || node.element {
                        Type::Array(Box::new(Type::Struct))
                    } else {
                        Type::Struct
                    }
                } else {
                    self.type_from_example(node, &mut fields, diags)
                }
            }
            _ if node.element => Type::Array(Box::new(Type::Struct)),
            TypeHint::Known(Type::Array(item)) if item.has_members() || !fields.is_empty() => {
                if single_array_child {
                    Type::Struct
                } else if fields.is_empty() {
                    self.adopt_or_report(node, &mut fields, diags);
                    let wrapper = matches!(&node.shape, Shape::Object(m) if m.len() == 1 && matches!(m.values().next(), Some(Shape::Array(_))));
                    if wrapper {
                        // `{"KeyVersion": [...]}`: the list wrapper these APIs send.
                        Type::Struct
                    } else {
                        Type::Array(item.clone())
                    }
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
                    self.bare_array(node, &mut fields, diags)
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
            TypeHint::Known(Type::Array(item))
                if fields.is_empty() && list_wrapper_of(&node.shape).is_some() =>
            {
                // `Array of String` in the table, `{"InstanceId": [...]}` in the example: the
                // service wraps the list, as its XML does; the table names the list.
                let key = list_wrapper_of(&node.shape).unwrap_or_default();
                fields.push(Member::new(key, Type::Array(item.clone())));
                Type::Struct
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
        let mut member = Member::new(node.name.clone(), ty);
        member.required = node.required;
        member.example = node.example.clone();
        member.description = node.description.clone();
        member.values = node.values.clone();
        member.format = node.format;
        member.members = fields;
        member
    }

    /// Type of a `List`/`Array` row with no members: from its example cell, else from the
    /// response example, else `array<string>` with a warning.
    fn bare_array(&self, node: &Node, fields: &mut Vec<Member>, diags: &mut Diagnostics) -> Type {
        let cell = node
            .example
            .as_deref()
            .map(str::trim)
            .filter(|t| t.starts_with('[') || t.starts_with('{'))
            .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
            .map(|v| Shape::from_json(&v));
        // The response example's wrapper (`{"InstanceIdSet": [...]}`) beats the cell, which
        // shows the list, not its wrapper.
        let evidence = match cell {
            Some(shape) if list_wrapper_of(&node.shape).is_none() => shape,
            _ => node.shape.clone(),
        };
        match &evidence {
            Shape::Array(item) if item.members().is_none() && !matches!(**item, Shape::Unknown) => {
                return Type::Array(Box::new(scalar_of(item)))
            }
            Shape::Object(members) if members.len() == 1 => {
                // `{"VersionStage": ["ACSCurrent"]}` is the list wrapper these APIs send;
                // `<Values><Value>daily</Value></Values>` a list of one scalar element.
                match members.values().next() {
                    Some(Shape::Array(item)) if item.members().is_none() => {
                        *fields = members
                            .iter()
                            .map(|(k, v)| field_from_shape(k, v))
                            .collect();
                        return Type::Struct;
                    }
                    Some(scalar)
                        if scalar.members().is_none() && !matches!(scalar, Shape::Unknown) =>
                    {
                        return Type::Array(Box::new(scalar_of(scalar)))
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        if let Some(members) = evidence.members().filter(|m| !m.is_empty()) {
            *fields = members
                .iter()
                .map(|(k, v)| field_from_shape(k, v))
                .collect();
            return Type::Array(Box::new(Type::Struct));
        }
        diags.push(
            self.page
                .diagnostic(
                    Severity::Warning,
                    "array-item",
                    node.line,
                    node.column,
                    format!(
                        "array `{}` names no item type and has no members; read as array<string>",
                        node.name
                    ),
                )
                .expected_found("`Array of X`, members, or an example", "a bare array type"),
        );
        Type::Array(Box::new(Type::String))
    }

    /// Type of an untyped row with no members: from the example, else string with a warning.
    fn type_from_example(
        &self,
        node: &Node,
        fields: &mut Vec<Member>,
        diags: &mut Diagnostics,
    ) -> Type {
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

    fn adopt(&self, node: &Node, fields: &mut Vec<Member>) -> bool {
        match node.shape.members() {
            Some(m) if !m.is_empty() => {
                *fields = m.iter().map(|(k, v)| field_from_shape(k, v)).collect();
                true
            }
            _ => false,
        }
    }

    fn adopt_or_report(&self, node: &Node, fields: &mut Vec<Member>, diags: &mut Diagnostics) {
        if self.adopt(node, fields) {
            let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            diags.push(
                self.page
                    .diagnostic(
                        Severity::Warning,
                        "type-from-example",
                        node.line,
                        node.column,
                        format!(
                            "the table lists no members for `{}`; {} taken from the example",
                            node.name,
                            list(&names)
                        ),
                    )
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

/// The key of a list wrapper example, `{"InstanceId": [...]}`: one member, a list of values.
fn list_wrapper_of(shape: &Shape) -> Option<String> {
    match shape {
        Shape::Object(members) if members.len() == 1 => match members.iter().next() {
            Some((key, Shape::Array(item))) if item.members().is_none() => Some(key.clone()),
            _ => None,
        },
        _ => None,
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

/// The shape an example cell shows, when it is a JSON array or object. A JSON array under a
/// plural name follows the list convention of these APIs (`AvailableTtls` →
/// `{"AvailableTtl": [...]}`), since the cell shows the list, not its wrapper.
fn cell_shape(name: &str, example: Option<&str>) -> Shape {
    let Some(text) = example
        .map(str::trim)
        .filter(|t| t.starts_with('[') || t.starts_with('{'))
    else {
        return Shape::Unknown;
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Shape::Unknown;
    };
    let shape = Shape::from_json(&value);
    match (shape, name.strip_suffix('s')) {
        (Shape::Array(item), Some(singular))
            if !singular.is_empty() && !singular.ends_with('s') =>
        {
            Shape::Object(
                [(singular.to_string(), Shape::Array(item))]
                    .into_iter()
                    .collect(),
            )
        }
        (shape, _) => shape,
    }
}

/// Whether a table lists its fields in alphabetical order, level by level: most neighbouring
/// rows are in order (a sorted table steps back only where a container ends). In a table that
/// is not, one member followed by a name before it says nothing about where a container ends.
fn sorted_table(rows: &[Row]) -> bool {
    let pairs = rows.len().saturating_sub(1);
    let ascending = rows
        .windows(2)
        .filter(|w| matches!(w, [a, b] if a.name <= b.name))
        .count();
    // Seven in ten: unsorted tables come out near half.
    pairs >= 2 && ascending * 10 >= pairs * 7
}

/// A row name that is a path, `Instances.Id` → (`["Instances"]`, `Id`): every segment a word
/// starting with a capital. A segment in lower case (`CityName.en`) or a prefix that is itself a
/// value row (`NameDesc` beside `NameDesc.En`) makes the name one key with a dot in it.
fn dotted_path<'n>(name: &'n str, values: &BTreeSet<&str>) -> Option<(Vec<&'n str>, &'n str)> {
    let segments: Vec<&str> = name.split('.').collect();
    let (leaf, prefix) = segments.split_last()?;
    // `Tag.N.Key` is a request's list index, not a level.
    let word = |s: &&str| {
        *s != "N"
            && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if prefix.is_empty() || !segments.iter().all(word) {
        return None;
    }
    let mut path = String::new();
    for segment in prefix {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(segment);
        if values.contains(path.as_str()) {
            return None;
        }
    }
    Some((prefix.to_vec(), leaf))
}

/// `RecordLines` → `RecordLine`; `None` for names that do not look plural.
fn list_item_name(name: &str) -> Option<String> {
    let singular = name.strip_suffix('s')?;
    (singular.len() > 1
        && !singular.ends_with('s')
        && singular
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_lowercase()))
    .then(|| singular.to_string())
}

/// [`edit_distance`] for the tests of this stage.
#[cfg(test)]
pub(super) fn edit_distance_for_tests(a: &str, b: &str) -> usize {
    edit_distance(a, b)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (above + 1)
                .min(left + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The spec type of a scalar example value.
pub fn scalar_of(shape: &Shape) -> Type {
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
pub fn field_from_shape(name: &str, shape: &Shape) -> Member {
    let (ty, fields) = match shape {
        Shape::Object(m) if !m.is_empty() => (
            Type::Struct,
            m.iter().map(|(k, v)| field_from_shape(k, v)).collect(),
        ),
        Shape::Object(_) => (Type::Any, Vec::new()),
        Shape::Array(item) => match item.members() {
            Some(m) if !m.is_empty() => (
                Type::Array(Box::new(Type::Struct)),
                m.iter().map(|(k, v)| field_from_shape(k, v)).collect(),
            ),
            _ => (Type::Array(Box::new(scalar_of(item))), Vec::new()),
        },
        other => (scalar_of(other), Vec::new()),
    };
    let mut member = Member::new(name, ty);
    member.members = fields;
    member
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&'static str]) -> BTreeSet<&'static str> {
        list.iter().copied().collect()
    }

    #[test]
    fn dotted_paths_are_capitalised_words_under_no_value_row() {
        assert_eq!(
            dotted_path("Instances.Id", &names(&[])),
            Some((vec!["Instances"], "Id"))
        );
        assert_eq!(
            dotted_path("A.B.C", &names(&[])),
            Some((vec!["A", "B"], "C"))
        );
        assert_eq!(dotted_path("Id", &names(&[])), None);
        assert_eq!(dotted_path("CityName.en", &names(&[])), None);
        assert_eq!(dotted_path("NameDesc.En", &names(&["NameDesc"])), None);
        assert_eq!(dotted_path("Tag.N.Key", &names(&[])), None);
        assert_eq!(dotted_path("slowlog.threshold.warn", &names(&[])), None);
        assert_eq!(dotted_path("A..B", &names(&[])), None);
    }
}
