//! The shape table of a product version: every struct and value enum its operations use, named
//! once, so the same thing has one name and one type in every operation of the version.
//!
//! Operation specs keep the members as their pages give them; the table decides what each
//! struct-valued or enum-valued member *is*: its `shape`, a name the member carries in its spec
//! and that the table (`specs/apis/<product>/<version>/_shapes.yaml`) defines. The emitter
//! prints one Rust type per shape.
//!
//! The rules, applied to the operations of one version in name order:
//!
//! - **Value enums.** A text member (or list of text) whose page lists values is the enum of its
//!   wire name and value set: the same name and set in any operation is one enum. A member of
//!   the same wire name whose page lists no values takes that enum too, when the version has
//!   exactly one set for the name, or one set documented at the same path in another operation
//!   (otherwise it stays text, and the disagreement is reported).
//! - **Structs.** A member whose value is a struct (or a list or map of structs) is an instance
//!   of the shape named after its wire name (`Tags.Tag` items: `Tag`; a list `Instances` of
//!   structs: `Instance`; a JSON body payload: `<Action>Body`). Response instances of one name
//!   are one shape when the members they have in common agree in type and are at least half of
//!   the smaller one's (the shape has every member any of them has: decoding leaves unset what
//!   a response does not send). Request instances
//!   are one shape only when they are the same member for member, since a request type must
//!   not offer a parameter its operation does not take.
//! - **Names.** Where instances of one name make several struct shapes, the shape with the
//!   most members (the fullest description of the thing; ties: the one used by the most
//!   operations, then response before request, then the first operation) keeps the plain name,
//!   and each other is prefixed by the operation of its fullest instance
//!   (`DescribeMetricRuleListAlarm`). Enums of one name with several value sets: the set used
//!   by the most members keeps the name, the others take their first operation's prefix. A
//!   prelude name (`Result`) is always prefixed (`DescribeInstanceResult`). A name the version
//!   already uses (an operation's request, response or error type, the client, `Error`,
//!   `ErrorCode`) is
//!   never taken. When the prefixed name is taken too (one operation with two `Resource`
//!   structs), the struct's parent's name prefixes it instead (`FilterResource`), else it is
//!   numbered, with a warning. An override `set: { shape: Name }` on a member gives its shape
//!   that name.
//!
//! Everything is decided here, once; the emitter only prints.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Location, Severity};
use crate::names::{pascal_case, singular, PRELUDE_TYPES};

use super::model::{DocumentedValue, Member, OperationSpec, Type};

/// The table's file name inside a version's spec directory (an underscore, so it sorts before
/// the operations and no action name can be it).
pub const FILE: &str = "_shapes.yaml";

/// Names no shape takes besides the prelude's types: the version module's own items.
const RESERVED: &[&str] = &["Client", "SERVICE", "Error", "ErrorCode"];

/// Whether `name` is reserved for something else in a version module.
fn reserved(name: &str) -> bool {
    RESERVED.contains(&name) || PRELUDE_TYPES.contains(&name)
}

/// Which side of an operation a struct shape is on: request structs write parameters,
/// JSON-body structs serialise, response structs decode; one shape is never two of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// A response field.
    Response,
    /// A request parameter sent as query or form parameters (`Tag.1.Key`).
    Request,
    /// A member of a request's JSON body.
    Body,
}

/// The named shapes of one product version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShapeTable {
    /// Product code.
    pub product: String,
    /// API version.
    pub version: String,
    /// How many wire names are typed differently in different places (see [`Disagreement`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub disagreements: usize,
    /// Structs, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub structs: Vec<StructShape>,
    /// Value enums, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<EnumShape>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One struct shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructShape {
    /// Its name.
    pub name: String,
    /// Its side.
    pub side: Side,
    /// Its members: every member any of its instances has, in first-seen order; a member's
    /// own struct is named by `shape` and defined in the table.
    pub members: Vec<ShapeMember>,
    /// Where it is used: `<Action> <request|response>.<path>`.
    pub used_by: Vec<String>,
}

/// A member as the table lists it: what makes the types agree, not the page's words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShapeMember {
    /// Wire name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Its named shape, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    /// Its format, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<super::model::Format>,
    /// Required (request shapes).
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    /// Secret.
    #[serde(skip_serializing_if = "is_false")]
    pub sensitive: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One value enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumShape {
    /// Its name.
    pub name: String,
    /// The wire name of the members it types.
    pub wire: String,
    /// The documented values, in first-documented order, each with the first description
    /// given in each language.
    pub values: Vec<DocumentedValue>,
    /// Where it is used: `<Action> <request|response>.<path>`; members that list no values
    /// and take it by their wire name are marked `(by name)`.
    pub used_by: Vec<String>,
}

/// A wire name typed differently in different places of one version, where at least one of
/// the types is a plain value or an enum (structs of one name with different members are
/// different things the pages happen to name alike, and are not counted).
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// The wire name.
    pub wire: String,
    /// The page of the first place.
    pub page: String,
    /// Each type, with the first place that has it.
    pub types: Vec<(String, String)>,
}

/// The tables of every product version of `specs`, after setting each struct- or
/// enum-valued member's `shape`. `client_names` maps a product code to its client type's name
/// (which no shape takes). Returns the tables (sorted by product and version) and warnings.
pub fn assign(
    specs: &mut [OperationSpec],
    client_names: &BTreeMap<String, String>,
) -> (Vec<ShapeTable>, Vec<Diagnostic>) {
    let mut versions: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (index, spec) in specs.iter().enumerate() {
        versions
            .entry((spec.product.clone(), spec.version.clone()))
            .or_default()
            .push(index);
    }
    let mut tables = Vec::new();
    let mut diags = Vec::new();
    for ((product, version), mut indexes) in versions {
        indexes.sort_by(|a, b| specs[*a].name.cmp(&specs[*b].name));
        let client = client_names.get(&product).map(String::as_str);
        let mut ops: Vec<&mut OperationSpec> = Vec::new();
        // Borrow each spec of the version mutably, in action order.
        let mut rest: Vec<Option<&mut OperationSpec>> = specs.iter_mut().map(Some).collect();
        for index in indexes {
            if let Some(spec) = rest[index].take() {
                ops.push(spec);
            }
        }
        let (table, found) = assign_version(&product, &version, &mut ops, client);
        tables.push(table);
        diags.extend(found);
    }
    (tables, diags)
}

/// One member instance: where it is and what it holds.
struct Instance {
    op: usize,
    path: String,
    /// How many members it has.
    size: usize,
    /// The instance of the struct holding this one, if any.
    parent: Option<usize>,
    /// Index path from the operation's request or response list down to the member.
    at: Vec<usize>,
    request: bool,
    preset: Option<String>,
}

/// The table of one version, whose operations are `ops` in action order.
pub fn assign_version(
    product: &str,
    version: &str,
    ops: &mut [&mut OperationSpec],
    client: Option<&str>,
) -> (ShapeTable, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut scope: BTreeSet<String> = RESERVED
        .iter()
        .chain(PRELUDE_TYPES)
        .map(|s| s.to_string())
        .collect();
    if let Some(client) = client {
        scope.insert(client.to_string());
    }
    for op in ops.iter() {
        if let Some(base) = type_base(&op.name) {
            scope.insert(format!("{base}Response"));
            scope.insert(format!("{base}Error"));
            scope.insert(base);
        }
    }
    let enums = assign_enums(ops, &mut scope, &mut diags);
    let structs = assign_structs(ops, &mut scope, &mut diags);
    let disagreements = disagreements(ops);
    for d in &disagreements {
        let listed: Vec<String> = d
            .types
            .iter()
            .map(|(ty, place)| format!("{ty} at {place}"))
            .collect();
        diags.push(warning(
            &d.page,
            "type-disagreement",
            format!(
                "`{}` has different types in {product} {version}: {}",
                d.wire,
                listed.join("; ")
            ),
        ));
    }
    (
        ShapeTable {
            product: product.to_string(),
            version: version.to_string(),
            disagreements: disagreements.len(),
            structs,
            enums,
        },
        diags,
    )
}

/// The request type's name of an action, as the emitter names it.
fn type_base(action: &str) -> Option<String> {
    let base = pascal_case(action)?;
    Some(if PRELUDE_TYPES.contains(&base.as_str()) {
        format!("{base}Request")
    } else {
        base
    })
}

/// Claims `wanted` in `scope`, else `<wanted>2`, `<wanted>3`...; says whether it was renamed.
fn claim(scope: &mut BTreeSet<String>, wanted: &str) -> (String, bool) {
    if scope.insert(wanted.to_string()) {
        return (wanted.to_string(), false);
    }
    let mut n = 2;
    loop {
        let name = format!("{wanted}{n}");
        if scope.insert(name.clone()) {
            return (name, true);
        }
        n += 1;
    }
}

/// True when `member` is text (or a list of text) with documented values.
fn lists_values(member: &Member) -> bool {
    !member.values.is_empty() && is_text(&member.ty)
}

fn is_text(ty: &Type) -> bool {
    match ty {
        Type::String => true,
        Type::Array(item) => **item == Type::String,
        _ => false,
    }
}

/// Visits every member of both lists of `op`, depth first, with its side-independent path.
fn visit_members(members: &mut [Member], prefix: &str, visit: &mut dyn FnMut(&mut Member, &str)) {
    for member in members {
        let path = format!("{prefix}.{}", member.name);
        visit(member, &path);
        visit_members(&mut member.members, &path, visit);
    }
}

type EnumKey = (String, Vec<String>);

struct EnumUsage {
    first: usize,
    page: String,
    count: usize,
    first_op: String,
    values: Vec<DocumentedValue>,
    used_by: Vec<String>,
    preset: Option<String>,
}

fn enum_key(member: &Member) -> EnumKey {
    let mut values: Vec<String> = member.values.iter().map(|v| v.value.clone()).collect();
    values.sort();
    values.dedup();
    (member.name.clone(), values)
}

fn assign_enums(
    ops: &mut [&mut OperationSpec],
    scope: &mut BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<EnumShape> {
    let mut usages: BTreeMap<EnumKey, EnumUsage> = BTreeMap::new();
    let mut order = 0;
    for op in ops.iter_mut() {
        let name = op.name.clone();
        let page = op.source.page.clone();
        for (list, side) in [(&mut op.request, "request"), (&mut op.response, "response")] {
            visit_members(list, side, &mut |member, path| {
                if !lists_values(member) {
                    return;
                }
                let usage = usages.entry(enum_key(member)).or_insert_with(|| {
                    order += 1;
                    EnumUsage {
                        first: order,
                        page: page.clone(),
                        count: 0,
                        first_op: name.clone(),
                        values: Vec::new(),
                        used_by: Vec::new(),
                        preset: None,
                    }
                });
                usage.count += 1;
                usage.used_by.push(format!("{name} {path}"));
                if usage.preset.is_none() {
                    usage.preset = member.shape.clone();
                }
                for value in &member.values {
                    match usage.values.iter_mut().find(|v| v.value == value.value) {
                        // Each language's first description, picked alike.
                        Some(known) => {
                            if known.description.is_empty() {
                                known.description = value.description.clone();
                            }
                            if known.description_en.is_empty() {
                                known.description_en = value.description_en.clone();
                            }
                        }
                        None => usage.values.push(value.clone()),
                    }
                }
            });
        }
    }
    // Per base name, the most used set takes the plain name, the others their first
    // operation's prefix; a preset name is taken first.
    let mut by_base: BTreeMap<String, Vec<EnumKey>> = BTreeMap::new();
    for key in usages.keys() {
        let base = pascal_case(&key.0).unwrap_or_else(|| "Value".to_string());
        let base = if reserved(&base) {
            format!("{base}Value")
        } else {
            base
        };
        by_base.entry(base).or_default().push(key.clone());
    }
    let mut names: BTreeMap<EnumKey, String> = BTreeMap::new();
    let mut presets: Vec<&EnumKey> = usages
        .iter()
        .filter(|(_, u)| u.preset.is_some())
        .map(|(k, _)| k)
        .collect();
    presets.sort_by_key(|k| usages[*k].first);
    for key in presets {
        let wanted = usages[key].preset.clone().unwrap_or_default();
        let (name, renamed) = claim(scope, &wanted);
        if renamed {
            diags.push(naming_warning(
                &usages[key].page,
                &usages[key].used_by[0],
                &wanted,
                &name,
            ));
        }
        names.insert(key.clone(), name);
    }
    for (base, mut keys) in by_base {
        keys.sort_by_key(|k| (std::cmp::Reverse(usages[k].count), usages[k].first));
        for (index, key) in keys.iter().enumerate() {
            if names.contains_key(key) {
                continue;
            }
            let usage = &usages[key];
            let wanted = if index == 0 {
                base.clone()
            } else {
                format!("{}{base}", type_base(&usage.first_op).unwrap_or_default())
            };
            let (name, renamed) = claim(scope, &wanted);
            if renamed {
                diags.push(naming_warning(
                    &usage.page,
                    &usage.used_by[0],
                    &wanted,
                    &name,
                ));
            }
            names.insert(key.clone(), name);
        }
    }
    // A member that lists no values takes the set of its wire name when the version has one,
    // or, when it has several, the one set documented at the same path in another operation
    // (`Result.status` of `DescribeInstance` as of `ListInstance`).
    let mut by_wire: BTreeMap<&str, Vec<(&EnumKey, BTreeSet<&str>)>> = BTreeMap::new();
    for (key, usage) in &usages {
        let paths = usage
            .used_by
            .iter()
            .filter_map(|place| place.split_once(' ').map(|(_, path)| path))
            .collect();
        by_wire
            .entry(key.0.as_str())
            .or_default()
            .push((key, paths));
    }
    let adopt = |wire: &str, path: &str| -> Option<String> {
        let sets = by_wire.get(wire)?;
        let chosen = match sets.as_slice() {
            [(key, _)] => *key,
            _ => {
                let mut at_path = sets.iter().filter(|(_, paths)| paths.contains(path));
                match (at_path.next(), at_path.next()) {
                    (Some((key, _)), None) => *key,
                    _ => return None,
                }
            }
        };
        Some(names[chosen].clone())
    };
    let mut adopted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in ops.iter_mut() {
        let op_name = op.name.clone();
        for (list, side) in [(&mut op.request, "request"), (&mut op.response, "response")] {
            visit_members(list, side, &mut |member, path| {
                if lists_values(member) {
                    member.shape = Some(names[&enum_key(member)].clone());
                } else if member.values.is_empty()
                    && is_text(&member.ty)
                    // The client's region fills it: it stays text.
                    && member.from_client.is_none()
                {
                    if let Some(name) = adopt(&member.name, path) {
                        member.shape = Some(name.clone());
                        adopted
                            .entry(name)
                            .or_default()
                            .push(format!("{op_name} {path} (by name)"));
                    }
                }
            });
        }
    }
    let mut enums: Vec<EnumShape> = usages
        .into_iter()
        .map(|(key, usage)| {
            let name = names[&key].clone();
            let mut used_by = usage.used_by;
            used_by.extend(adopted.remove(&name).unwrap_or_default());
            EnumShape {
                name,
                wire: key.0,
                values: usage.values,
                used_by,
            }
        })
        .collect();
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    enums
}

/// A warning about the member at `place` (`<Action> <path>`), located at its operation's
/// page.
fn warning(page: &str, kind: &'static str, message: String) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        kind,
        Location {
            file: page.to_string(),
            line: 1,
            column: 1,
        },
        message,
    )
}

fn naming_warning(page: &str, place: &str, wanted: &str, name: &str) -> Diagnostic {
    warning(
        page,
        "name-collision",
        format!("the shape of `{place}` is `{name}`: `{wanted}` is taken"),
    )
}

/// What a member contributes to its struct's identity: its type as Rust will see it.
fn descriptor(member: &Member, child_group: Option<usize>) -> String {
    let ty = match &member.ty {
        Type::Long => Type::Integer.to_string(),
        Type::Double => Type::Float.to_string(),
        other => other.to_string(),
    };
    let ty = ty.replace("long", "integer").replace("double", "float");
    format!(
        "{ty}|{}|{}|{}",
        member.format.map(|f| f.as_str()).unwrap_or(""),
        if child_group.is_none() {
            member.shape.as_deref().unwrap_or("")
        } else {
            ""
        },
        child_group.map(|g| g.to_string()).unwrap_or_default()
    )
}

/// A group of instances that are one shape.
struct Group {
    base: String,
    side: Side,
    /// Member wire name → descriptor, in first-seen order (response groups grow).
    members: Vec<(String, String)>,
    /// The exact signature of a request group.
    exact: Vec<String>,
    instances: Vec<usize>,
    /// The table's view of each member, in order.
    listed: Vec<ShapeMember>,
    /// The groups of its members' structs.
    children: BTreeSet<usize>,
}

/// Whether `target` is among `from` or the groups they hold, at any depth: joining it would
/// make a struct hold itself.
fn reaches(groups: &[Group], from: &BTreeSet<usize>, target: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<usize> = from.iter().copied().collect();
    while let Some(g) = stack.pop() {
        if g == target {
            return true;
        }
        if seen.insert(g) {
            stack.extend(groups[g].children.iter().copied());
        }
    }
    false
}

fn assign_structs(
    ops: &mut [&mut OperationSpec],
    scope: &mut BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<StructShape> {
    let mut instances: Vec<Instance> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    // Each instance's group, by instance index.
    let mut group_of: Vec<usize> = Vec::new();
    for (op_index, op) in ops.iter().enumerate() {
        let action_base = type_base(&op.name).unwrap_or_else(|| "Operation".to_string());
        for (list, request) in [(&op.request, true), (&op.response, false)] {
            let mut at = Vec::new();
            let mut ctx = Walk {
                op: op_index,
                action_base: &action_base,
                request,
                instances: &mut instances,
                groups: &mut groups,
                group_of: &mut group_of,
            };
            for (index, member) in list.iter().enumerate() {
                at.push(index);
                let prefix = if request { "request" } else { "response" };
                let side = if !request {
                    Side::Response
                } else if member.location == Some(super::model::Location::Body) {
                    Side::Body
                } else {
                    Side::Request
                };
                ctx.visit(member, &format!("{prefix}.{}", member.name), &mut at, side);
                at.pop();
            }
        }
    }
    // Names: per base, the group used by the most operations first.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    let ops_of = |g: &Group| {
        g.instances
            .iter()
            .map(|i| instances[*i].op)
            .collect::<BTreeSet<_>>()
            .len()
    };
    order.sort_by_key(|g| {
        (
            groups[*g].base.clone(),
            std::cmp::Reverse(groups[*g].listed.len()),
            std::cmp::Reverse(ops_of(&groups[*g])),
            groups[*g].side,
            groups[*g].instances[0],
        )
    });
    let mut names: Vec<String> = vec![String::new(); groups.len()];
    // Preset names first, in instance order.
    for (g, group) in groups.iter().enumerate() {
        if let Some(wanted) = group
            .instances
            .iter()
            .find_map(|i| instances[*i].preset.clone())
        {
            let (name, renamed) = claim(scope, &wanted);
            if renamed {
                let first = &instances[group.instances[0]];
                diags.push(naming_warning(
                    &ops[first.op].source.page,
                    &place(ops, first),
                    &wanted,
                    &name,
                ));
            }
            names[g] = name;
        }
    }
    // Then the plain name, else the first operation's prefix; a group whose both names are
    // taken waits for its parent struct's name (`FilterResource`), else is numbered.
    let mut plain_taken: BTreeSet<String> = BTreeSet::new();
    let mut waiting: Vec<usize> = Vec::new();
    // A group is named from its fullest instance (the most members; the first on a tie): the
    // operation that describes the thing most completely.
    let lead = |group: &Group| -> usize {
        let mut best = group.instances[0];
        for &i in &group.instances {
            if instances[i].size > instances[best].size {
                best = i;
            }
        }
        best
    };
    for g in order {
        if !names[g].is_empty() {
            continue;
        }
        let group = &groups[g];
        let first = &instances[lead(group)];
        // A reserved name (`Result`, `Option`) is never plain: every such struct is prefixed
        // by its operation (`DescribeInstanceResult`).
        if !reserved(&group.base)
            && plain_taken.insert(group.base.clone())
            && scope.insert(group.base.clone())
        {
            names[g] = group.base.clone();
            continue;
        }
        let wanted = prefixed(&ops[first.op].name, &group.base);
        if scope.insert(wanted.clone()) {
            names[g] = wanted;
        } else {
            waiting.push(g);
        }
    }
    for g in waiting {
        let group = &groups[g];
        let first = &instances[lead(group)];
        let parent = first
            .parent
            .map(|p| names[group_of[p]].clone())
            .filter(|name| !name.is_empty());
        let by_parent = parent.map(|parent| format!("{parent}{}", group.base));
        let name = match by_parent {
            Some(wanted) if scope.insert(wanted.clone()) => wanted,
            _ => {
                let wanted = prefixed(&ops[first.op].name, &group.base);
                let (name, _) = claim(scope, &wanted);
                diags.push(naming_warning(
                    &ops[first.op].source.page,
                    &place(ops, first),
                    &wanted,
                    &name,
                ));
                name
            }
        };
        names[g] = name;
    }
    // Each instance's member carries its shape's name; the table lists the members with
    // their own shapes' names.
    for (i, instance) in instances.iter().enumerate() {
        let name = names[group_of[i]].clone();
        let op = &mut ops[instance.op];
        let list = if instance.request {
            &mut op.request
        } else {
            &mut op.response
        };
        if let Some(member) = member_at(list, &instance.at) {
            member.shape = Some(name);
        }
    }
    let mut structs: Vec<StructShape> = groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let mut members = group.listed.clone();
            // Nested shapes are named now: take each member's name from an instance.
            for member in &mut members {
                member.shape = group.instances.iter().find_map(|i| {
                    let instance = &instances[*i];
                    let op = &ops[instance.op];
                    let list = if instance.request {
                        &op.request
                    } else {
                        &op.response
                    };
                    let parent = member_ref(list, &instance.at)?;
                    parent
                        .members
                        .iter()
                        .find(|m| m.name == member.name)
                        .and_then(|m| m.shape.clone())
                });
            }
            StructShape {
                name: names[g].clone(),
                side: group.side,
                members,
                used_by: group
                    .instances
                    .iter()
                    .map(|i| place(ops, &instances[*i]))
                    .collect(),
            }
        })
        .collect();
    structs.sort_by(|a, b| a.name.cmp(&b.name));
    structs
}

/// `base` prefixed by the request type of `action`, unless it starts with it already.
fn prefixed(action: &str, base: &str) -> String {
    let prefix = type_base(action).unwrap_or_default();
    if base.starts_with(&prefix) {
        base.to_string()
    } else {
        format!("{prefix}{base}")
    }
}

fn place(ops: &[&mut OperationSpec], instance: &Instance) -> String {
    format!("{} {}", ops[instance.op].name, instance.path)
}

fn member_at<'a>(list: &'a mut [Member], at: &[usize]) -> Option<&'a mut Member> {
    let (first, rest) = at.split_first()?;
    let member = list.get_mut(*first)?;
    if rest.is_empty() {
        Some(member)
    } else {
        member_at(&mut member.members, rest)
    }
}

fn member_ref<'a>(list: &'a [Member], at: &[usize]) -> Option<&'a Member> {
    let (first, rest) = at.split_first()?;
    let member = list.get(*first)?;
    if rest.is_empty() {
        Some(member)
    } else {
        member_ref(&member.members, rest)
    }
}

/// The depth-first walk that makes instances and groups them, children before parents.
struct Walk<'a> {
    op: usize,
    action_base: &'a str,
    request: bool,
    instances: &'a mut Vec<Instance>,
    groups: &'a mut Vec<Group>,
    group_of: &'a mut Vec<usize>,
}

impl Walk<'_> {
    /// Visits `member` (at index path `at`) and returns its instance's group, when it is a
    /// struct-valued member with listed members.
    fn visit(
        &mut self,
        member: &Member,
        path: &str,
        at: &mut Vec<usize>,
        side: Side,
    ) -> Option<(usize, usize)> {
        let mut children: Vec<Option<usize>> = Vec::new();
        let mut child_instances: Vec<usize> = Vec::new();
        for (index, child) in member.members.iter().enumerate() {
            at.push(index);
            let found = self.visit(child, &format!("{path}.{}", child.name), at, side);
            at.pop();
            children.push(found.map(|(group, _)| group));
            child_instances.extend(found.map(|(_, instance)| instance));
        }
        if !member.ty.has_members() || member.members.is_empty() {
            return None;
        }
        let base = if member.payload {
            format!("{}Body", self.action_base)
        } else {
            let wanted = if matches!(member.ty, Type::Array(_)) {
                singular(&member.name)
            } else {
                member.name.clone()
            };
            pascal_case(&wanted).unwrap_or_else(|| "Item".to_string())
        };
        // Members named twice keep the first, as the emitter does.
        let mut seen = BTreeSet::new();
        let mut described: Vec<(String, String)> = Vec::new();
        let mut listed: Vec<ShapeMember> = Vec::new();
        let mut exact: Vec<String> = Vec::new();
        for (child, group) in member.members.iter().zip(&children) {
            if !seen.insert(child.name.clone()) {
                continue;
            }
            let d = descriptor(child, *group);
            exact.push(format!(
                "{}:{d}:{}:{}",
                child.name, child.required, child.sensitive
            ));
            described.push((child.name.clone(), d));
            listed.push(ShapeMember {
                name: child.name.clone(),
                ty: child.ty.clone(),
                shape: None,
                format: child.format,
                required: child.required && side != Side::Response,
                sensitive: child.sensitive,
            });
        }
        let child_groups: BTreeSet<usize> = children.iter().flatten().copied().collect();
        let groups_so_far: &[Group] = self.groups;
        let fits = |(index, group): &(usize, &Group)| -> bool {
            if group.base != base || group.side != side {
                return false;
            }
            // A struct never holds its own shape (a member `Limit` holding a list `Limit`).
            if reaches(groups_so_far, &child_groups, *index) {
                return false;
            }
            if side != Side::Response {
                return group.exact == exact;
            }
            // One shape when every shared member agrees and they share enough: structs of one
            // name with little in common are different things.
            let mut shared = 0;
            let agree = described.iter().all(|(name, d)| {
                match group.members.iter().find(|(n, _)| n == name) {
                    Some((_, known)) => {
                        shared += 1;
                        known == d
                    }
                    None => true,
                }
            });
            // Most of the smaller one's members are shared: a `Result` of a collector and
            // one of an instance that share `status` and `createdAt` are not one thing.
            let smaller = described.len().min(group.members.len());
            agree
                && (shared * 2 >= smaller.max(1)
                    || (described.is_empty() && group.members.is_empty()))
        };
        let index = self.instances.len();
        self.instances.push(Instance {
            op: self.op,
            path: path.to_string(),
            size: listed.len(),
            parent: None,
            at: at.clone(),
            request: self.request,
            preset: member.shape.clone(),
        });
        let found = self
            .groups
            .iter()
            .enumerate()
            .find(|entry| fits(entry))
            .map(|(g, _)| g);
        let group = match found {
            Some(g) => {
                let group = &mut self.groups[g];
                for ((name, d), item) in described.into_iter().zip(listed) {
                    if !group.members.iter().any(|(n, _)| *n == name) {
                        group.members.push((name, d));
                        group.listed.push(item);
                    }
                }
                group.instances.push(index);
                group.children.extend(child_groups);
                g
            }
            None => {
                self.groups.push(Group {
                    base,
                    side,
                    members: described,
                    exact,
                    instances: vec![index],
                    listed,
                    children: child_groups,
                });
                self.groups.len() - 1
            }
        };
        self.group_of.push(group);
        for child in child_instances {
            self.instances[child].parent = Some(index);
        }
        Some((group, index))
    }
}

/// Wire names typed differently in the version (see [`Disagreement`]).
fn disagreements(ops: &[&mut OperationSpec]) -> Vec<Disagreement> {
    type Seen = BTreeMap<String, Vec<(String, String, bool, String)>>;
    let mut types: Seen = BTreeMap::new();
    fn walk(members: &[Member], prefix: &str, op: &OperationSpec, types: &mut Seen) {
        for member in members {
            let path = format!("{prefix}.{}", member.name);
            let structured = member.ty.has_members() && !member.members.is_empty();
            let ty = rust_view(member, structured);
            let seen = types.entry(member.name.clone()).or_default();
            if !seen.iter().any(|(t, ..)| *t == ty) {
                let place = format!("{} {path}", op.name);
                seen.push((ty, place, structured, op.source.page.clone()));
            }
            walk(&member.members, &path, op, types);
        }
    }
    for op in ops {
        walk(&op.request, "request", op, &mut types);
        walk(&op.response, "response", op, &mut types);
    }
    types
        .into_iter()
        .filter(|(_, seen)| seen.len() > 1 && seen.iter().any(|(_, _, structured, _)| !structured))
        .map(|(wire, seen)| Disagreement {
            wire,
            page: seen[0].3.clone(),
            types: seen
                .into_iter()
                .map(|(ty, place, ..)| (ty, place))
                .collect(),
        })
        .collect()
}

/// A member's type as the generated code has it, for comparing: plain types by their Rust
/// type, enums and structs by their shape's name.
fn rust_view(member: &Member, structured: bool) -> String {
    fn base(ty: &Type) -> String {
        match ty {
            Type::String => "text".into(),
            Type::Integer | Type::Long => "integer".into(),
            Type::Float | Type::Double => "float".into(),
            Type::Boolean => "boolean".into(),
            Type::Json | Type::Any => "json".into(),
            Type::Struct => "struct".into(),
            Type::Array(item) => format!("list of {}", base(item)),
            Type::Map(value) => format!("map of {}", base(value)),
        }
    }
    let mut text = base(&member.ty);
    if let Some(shape) = &member.shape {
        text = if structured {
            text.replace("struct", &format!("struct {shape}"))
        } else {
            text.replace("text", &format!("enum {shape}"))
        };
    }
    if let Some(format) = member.format {
        text = format!("{text} ({})", format.as_str());
    }
    text
}

/// The table as YAML, with a header saying what it is.
pub fn to_yaml(table: &ShapeTable) -> String {
    let body = serde_yaml::to_string(table).unwrap_or_default();
    format!(
        "# The named shapes of {} {}: every struct and value enum its operations use, defined \
         once.\n# Written by `cargo xtask codegen` from the operation specs beside it; never \
         edited by hand.\n{body}",
        table.product, table.version
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::spec::yaml::from_yaml;

    fn spec(name: &str, body: &str) -> OperationSpec {
        let yaml = format!(
            "name: {name}\nproduct: P\nversion: '2020-01-01'\nsource:\n  page: p/{name}.md\nhttp:\n  style: rpc\n  method: POST\n{body}"
        );
        from_yaml(Path::new("x.yaml"), &yaml).unwrap_or_else(|e| panic!("{e}"))
    }

    fn run(specs: &mut [OperationSpec]) -> (ShapeTable, Vec<Diagnostic>) {
        let mut refs: Vec<&mut OperationSpec> = specs.iter_mut().collect();
        assign_version("P", "2020-01-01", &mut refs, Some("PClient"))
    }

    fn instances(members: &str) -> String {
        format!("response:\n- name: Instances\n  type: struct\n  members:\n  - name: Instance\n    type: array<struct>\n    members: {members}\n")
    }

    #[test]
    fn response_structs_of_one_name_are_one_shape_with_every_member() {
        let mut specs = vec![
            spec(
                "DescribeA",
                &instances("[{name: Id, type: string}, {name: Size, type: long}]"),
            ),
            spec(
                "DescribeB",
                &instances("[{name: Id, type: string}, {name: Ready, type: boolean}]"),
            ),
        ];
        let (table, diags) = run(&mut specs);
        assert!(diags.is_empty(), "{diags:?}");
        let instance = table
            .structs
            .iter()
            .find(|s| s.name == "Instance")
            .expect("one shape");
        let members: Vec<&str> = instance.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(members, ["Id", "Size", "Ready"]);
        assert_eq!(
            instance.used_by,
            [
                "DescribeA response.Instances.Instance",
                "DescribeB response.Instances.Instance"
            ]
        );
        for spec in &specs {
            assert_eq!(
                spec.response[0].members[0].shape.as_deref(),
                Some("Instance")
            );
            assert_eq!(spec.response[0].shape.as_deref(), Some("Instances"));
        }
    }

    #[test]
    fn disagreeing_structs_split_and_the_fullest_keeps_the_name() {
        let mut specs = vec![
            spec("DescribeA", &instances("[{name: Id, type: long}]")),
            spec("DescribeB", &instances("[{name: Id, type: string}]")),
            spec(
                "DescribeC",
                &instances("[{name: Id, type: string}, {name: Zone, type: string}]"),
            ),
        ];
        let (table, _) = run(&mut specs);
        let names: Vec<&str> = table.structs.iter().map(|s| s.name.as_str()).collect();
        assert!(
            names.contains(&"Instance") && names.contains(&"DescribeAInstance"),
            "{names:?}"
        );
        assert_eq!(
            specs[0].response[0].members[0].shape.as_deref(),
            Some("DescribeAInstance")
        );
        assert_eq!(
            specs[2].response[0].members[0].shape.as_deref(),
            Some("Instance")
        );
        // `Id` is text in two places and an integer in one: the pages disagree.
        assert_eq!(table.disagreements, 1);
    }

    #[test]
    fn request_structs_are_one_shape_only_when_equal() {
        let tag = |members: &str| {
            format!("request:\n- name: Tag\n  type: array<struct>\n  location: query\n  members: {members}\n")
        };
        let mut specs = vec![
            spec(
                "TagA",
                &tag("[{name: Key, type: string}, {name: Value, type: string}]"),
            ),
            spec(
                "TagB",
                &tag("[{name: Key, type: string}, {name: Value, type: string}]"),
            ),
            spec("TagC", &tag("[{name: Key, type: string}]")),
        ];
        let (table, _) = run(&mut specs);
        let tag = table
            .structs
            .iter()
            .find(|s| s.name == "Tag")
            .expect("the shared one");
        assert_eq!(tag.used_by.len(), 2);
        assert_eq!(tag.side, Side::Request);
        assert_eq!(specs[2].request[0].shape.as_deref(), Some("TagCTag"));
    }

    #[test]
    fn a_member_without_values_takes_the_one_enum_of_its_name() {
        let mut specs = vec![
            spec(
                "DescribeA",
                "response:\n- name: Status\n  type: string\n  values: [{value: Running}, {value: Stopped}]\n",
            ),
            spec("ListB", "request:\n- name: Status\n  type: string\n  location: query\n"),
        ];
        let (table, diags) = run(&mut specs);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(specs[1].request[0].shape.as_deref(), Some("Status"));
        assert_eq!(
            table.enums[0].used_by,
            [
                "DescribeA response.Status",
                "ListB request.Status (by name)"
            ]
        );
        assert_eq!(table.disagreements, 0);
    }

    #[test]
    fn several_value_sets_of_one_name_keep_text_where_none_is_listed_and_say_so() {
        let status = |values: &str| {
            format!("response:\n- name: Status\n  type: string\n  values: {values}\n")
        };
        let mut specs = vec![
            spec("DescribeA", &status("[{value: On}, {value: Off}]")),
            spec("DescribeB", &status("[{value: On}, {value: Off}]")),
            spec("DescribeC", &status("[{value: Up}]")),
            spec("DescribeD", "response:\n- name: Status\n  type: string\n"),
        ];
        let (table, diags) = run(&mut specs);
        let names: Vec<&str> = table.enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["DescribeCStatus", "Status"]);
        assert_eq!(specs[3].response[0].shape, None);
        assert_eq!(table.disagreements, 1);
        assert!(
            diags.iter().any(|d| d.kind == "type-disagreement"
                && d.message.contains("`Status`")
                && d.location.file == "p/DescribeA.md"),
            "{diags:?}"
        );
    }

    #[test]
    fn of_several_sets_a_member_takes_the_one_documented_at_its_path() {
        let mut specs = vec![
            spec(
                "ListInstance",
                "response:\n- name: Result\n  type: struct\n  members: [{name: status, type: string, values: [{value: active}, {value: inactive}]}]\n",
            ),
            spec(
                "UpdateCollector",
                "request:\n- name: status\n  type: string\n  location: query\n  values: [{value: activating}]\n",
            ),
            spec(
                "DescribeInstance",
                "response:\n- name: Result\n  type: struct\n  members: [{name: status, type: string}]\n",
            ),
        ];
        let (table, _) = run(&mut specs);
        let at_path = specs[2].response[0].members[0].shape.clone();
        let listed = specs[0].response[0].members[0].shape.clone();
        assert!(at_path.is_some());
        assert_eq!(at_path, listed);
        assert_eq!(
            table.disagreements, 1,
            "the collector's status is another set"
        );
    }

    #[test]
    fn names_avoid_the_version_items_and_presets_win() {
        let mut specs = vec![
            // An operation named like the struct: its request type takes the name.
            spec("Instance", "response:\n- name: Instance\n  type: struct\n  members: [{name: Id, type: string}]\n"),
            spec("DescribeA", &instances("[{name: Id, type: string}]")),
        ];
        specs[1].response[0].shape = Some("InstanceList".into());
        let (table, _) = run(&mut specs);
        let names: Vec<&str> = table.structs.iter().map(|s| s.name.as_str()).collect();
        assert!(!names.contains(&"Instance"), "{names:?}");
        assert!(names.contains(&"InstanceList"), "{names:?}");
        assert_eq!(specs[1].response[0].shape.as_deref(), Some("InstanceList"));
        assert!(!names.contains(&"PClient"));
    }

    #[test]
    fn a_struct_never_holds_its_own_shape_and_strangers_stay_apart() {
        let mut specs = vec![spec(
            "DescribeA",
            "response:\n- name: Limit\n  type: struct\n  members:\n  - name: Limit\n    type: array<struct>\n    members: [{name: Bandwidth, type: long}]\n- name: Data\n  type: struct\n  members: [{name: A, type: string}]\n",
        ), spec(
            "DescribeB",
            "response:\n- name: Data\n  type: struct\n  members: [{name: B, type: string}]\n",
        )];
        let (table, _) = run(&mut specs);
        let outer = specs[0].response[0].shape.clone().expect("named");
        let inner = specs[0].response[0].members[0]
            .shape
            .clone()
            .expect("named");
        assert_ne!(outer, inner);
        assert_ne!(specs[0].response[1].shape, specs[1].response[0].shape);
        assert_eq!(table.structs.len(), 4);
    }

    #[test]
    fn assigning_again_gives_the_same_names() {
        let mut specs = vec![
            spec("DescribeA", &instances("[{name: Id, type: long}]")),
            spec("DescribeB", &instances("[{name: Id, type: string}]")),
            spec(
                "DescribeC",
                &instances("[{name: Id, type: string}, {name: Zone, type: string}]"),
            ),
        ];
        let (first, _) = run(&mut specs);
        let named = specs.clone();
        let (second, _) = run(&mut specs);
        assert_eq!(first, second);
        assert_eq!(named, specs);
    }
}
