//! Overrides: corrections maintainers write for what the pages get wrong, applied to the specs
//! read from pages before anything is emitted.
//!
//! They live in the product configuration (`specs/products/<folder>.yaml`) under `overrides:`.
//! Each names an operation, a path into its request or response, and one action:
//!
//! ```yaml
//! overrides:
//!   # Fix a type (the page says Long; the service sends text).
//!   - operation: ListNodeGroups
//!     path: response.Data.List[].NodeGroupId
//!     set: { type: string }
//!   # Mark a request parameter required, or make a response field an array.
//!   - operation: CreateGateway
//!     path: request.GwEui
//!     set: { required: true }
//!   # Add a field the page forgot (its parent must exist).
//!   - operation: ListNodeGroups
//!     path: response.Data.PageSize
//!     add: { type: long, description: 每页数量。 }
//!   # Drop a bogus field, or rename a misspelt one.
//!   - operation: GetGateway
//!     path: response.Data.Bogus
//!     remove: true
//!   - operation: GetGateway
//!     path: response.Data.Gweui
//!     rename: GwEui
//!   # Correct the detected pagination, or say the operation does not page.
//!   - operation: ListNodeGroups
//!     pagination: { style: offset, input: Offset, size: Limit, items: Data.List, total: Data.TotalCount }
//!   - operation: DescribeAlertLogCount
//!     pagination: none
//!   # Say whether a request is safe to repeat after a failure whose outcome is unknown, where
//!   # the reader's rule (a token parameter, else a read-only action name) is wrong for it.
//!   - operation: DescribeInstanceHistoryEvents
//!     idempotency: none
//!   - operation: RebootInstance
//!     idempotency: read-only
//!   - operation: CreateThing
//!     idempotency: { token: RequestToken }
//!   # Give a member the set of values it takes, when the page lists them in a way the reader
//!   # does not take (values as written, in order; descriptions optional), or take a wrongly
//!   # read set away with an empty list.
//!   - operation: DescribeDomainRecords
//!     path: request.Status
//!     set:
//!       values:
//!         - { value: Enable, description: 启用 }
//!         - { value: Disable, description: 暂停 }
//!   - operation: DescribeMetricList
//!     path: response.Period
//!     set: { values: [] }
//!   # Say what a value holds when the page's wording escapes the reader, or that it is plain.
//!   - operation: ImportKeyMaterial
//!     path: request.ImportToken
//!     set: { format: base64 }
//!   - operation: ListKeys
//!     path: request.Filters
//!     set: { format: none }
//!   # Say a value is a secret the reader did not recognise, or that one it flagged is not.
//!   # (A `description` override does not re-decide this; say `sensitive` beside it.)
//!   - operation: CreateUserCertificate
//!     path: request.Key
//!     set: { sensitive: true }
//!   - operation: ListSecrets
//!     path: response.SecretList.Secret[].SecretName
//!     set: { sensitive: false }
//!   # Name the shape (struct or value enum) a member's value is, where the shape table's
//!   # rule would prefix it (see `spec::shape_table`).
//!   - operation: DescribeMetricRuleList
//!     path: response.Alarms.Alarm
//!     set: { shape: MetricRule }
//!   # Limit to one API version when a product has several.
//!   - operation: ListNodeGroups
//!     version: 2019-03-01
//!     path: request.Limit
//!     set: { type: integer }
//! ```
//!
//! Paths start with `request.` or `response.` and then name each level by wire name:
//! `request.Tag.Key` (the repeat marker of `Tag.N.Key` may be written or left out),
//! `response.Data.List[].NodeGroupId` (`[]` after a name asserts that it is an array).
//! An override that matches nothing (the operation, a path segment, or an `add` whose field
//! already exists) is an error: the page changed and the override must be reviewed.
//!
//! `values` replaces the member's whole set. Values are text (an integer may be written bare,
//! `value: 5`); a set is only for text and integer members (integers only for integer values)
//! and names each value once, or the override is an error. A `type` change that leaves the
//! page's set unfit for the member drops the set.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::spec::model::{
    DocumentedValue, Format, Idempotency, Location as ParamLocation, Member, OperationSpec, Type,
};
use crate::spec::product::ProductConfig;

/// One maintainer correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The operation (`Action`) it applies to.
    pub operation: String,
    /// Only this API version, when given; else every version of the operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `request.<A>.<B>` or `response.<A>[].<B>`; absent for a `pagination` override.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// Change attributes of an existing parameter or field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<Attributes>,
    /// Add a parameter or field that does not exist yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add: Option<Attributes>,
    /// Remove the parameter or field.
    #[serde(default, skip_serializing_if = "is_false")]
    pub remove: bool,
    /// Give the parameter or field another wire name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rename: Option<String>,
    /// Set the operation's pagination (a full `pagination` mapping as in specs), or `none` to
    /// remove a detected one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<PaginationChange>,
    /// Set whether the operation is safe to repeat: `read-only`, `none`, or `{ token: Name }`
    /// naming a top-level string request parameter.
    #[serde(
        default,
        with = "serde_yaml::with::singleton_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub idempotency: Option<Idempotency>,
}

/// What a `pagination` override does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PaginationChange {
    /// `pagination: none`: the operation does not page.
    Off(NoPagination),
    /// `pagination: {style, input, …}`: this is how it pages.
    Set(crate::spec::model::Pagination),
}

/// The word `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoPagination {
    /// No pagination.
    None,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Attributes an override sets or gives a new entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    /// New type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<Type>,
    /// Required flag (request parameters only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The member's set of values, replacing the page's; an empty list removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<DocumentedValue>>,
    /// What the value holds (`base64`, `json`, `unix-millis`, `unix-seconds`, `date-time`),
    /// replacing what the reader took from the page; `none` removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<FormatChoice>,
    /// Whether the value is a secret, replacing what the reader decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    /// The name of the member's shape (its struct, or its value enum) in the version's shape
    /// table, instead of the one the table's rules give (`spec::shape_table`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
}

/// A format an override gives, or `none` for a plain value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FormatChoice {
    /// The member holds this format.
    Set(Format),
    /// The member is a plain value.
    Clear(NoFormat),
}

/// The word `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoFormat {
    /// No format.
    None,
}

/// Which side of the operation a path addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

/// A parsed path: side and segments (`(name, marked_array)`).
fn parse_path(path: &str) -> Option<(Side, Vec<(String, bool)>)> {
    let (side, rest) = if let Some(rest) = path.strip_prefix("request.") {
        (Side::Request, rest)
    } else if let Some(rest) = path.strip_prefix("response.") {
        (Side::Response, rest)
    } else {
        return None;
    };
    let mut segments: Vec<(String, bool)> = Vec::new();
    for part in rest.split('.') {
        if part == "N" || part == "n" {
            segments.last_mut()?.1 = true;
            continue;
        }
        let (name, array) = match part.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        if name.is_empty() || name.contains(['[', ']']) {
            return None;
        }
        segments.push((name.to_string(), array));
    }
    (!segments.is_empty()).then_some((side, segments))
}

/// Applies the product's overrides to its specs. An override that matches nothing is an Error.
pub fn apply(product: &ProductConfig, specs: &mut [OperationSpec], diags: &mut Diagnostics) {
    let file = format!("specs/products/{}.yaml", product.folder);
    for (index, o) in product.overrides.iter().enumerate() {
        let fail = |message: String, expected: &str, found: String| {
            Diagnostic::new(
                Severity::Error,
                "stale-override",
                Location {
                    file: file.clone(),
                    line: 1,
                    column: 1,
                },
                format!("overrides[{index}] ({} {}): {message}", o.operation, o.path),
            )
            .expected_found(expected, found)
        };
        let actions = usize::from(o.set.is_some())
            + usize::from(o.add.is_some())
            + usize::from(o.remove)
            + usize::from(o.rename.is_some())
            + usize::from(o.pagination.is_some())
            + usize::from(o.idempotency.is_some());
        let of_operation = o.pagination.is_some() || o.idempotency.is_some();
        if actions != 1 || (of_operation != o.path.is_empty()) {
            diags.push(
                fail(
                    "an override needs exactly one action, and a path unless it sets pagination \
                     or idempotency"
                        .into(),
                    "one of set, add, remove, rename (with a path), or pagination or \
                     idempotency (without one)",
                    format!("{actions} actions, path `{}`", o.path),
                )
                .with_kind("override-shape"),
            );
            continue;
        }
        // Every action applies to the operation's specs (one per version, or the one named).
        let targets: Vec<&mut OperationSpec> = specs
            .iter_mut()
            .filter(|s| s.name == o.operation && o.version.as_ref().is_none_or(|v| *v == s.version))
            .collect();
        if targets.is_empty() {
            let version = o
                .version
                .as_ref()
                .map_or(String::new(), |v| format!(" version {v}"));
            diags.push(fail(
                format!("no operation `{}`{version} in this product", o.operation),
                "an operation read from the pages",
                "none".into(),
            ));
            continue;
        }
        if let Some(idempotency) = &o.idempotency {
            for spec in targets {
                if let Idempotency::Token(name) = idempotency {
                    let is_string = |m: &&Member| &m.name == name && m.ty == Type::String;
                    if !spec.request.iter().any(|m| is_string(&m)) {
                        diags.push(fail(
                            format!("version {} has no token parameter `{name}`", spec.version),
                            "a top-level string request parameter",
                            spec.request
                                .iter()
                                .find(|m| &m.name == name)
                                .map_or("no parameter of that name".into(), |m| {
                                    format!("a parameter of type {}", m.ty)
                                }),
                        ));
                        continue;
                    }
                }
                spec.idempotency = idempotency.clone();
            }
            continue;
        }
        if let Some(change) = &o.pagination {
            for spec in targets {
                spec.pagination = match change {
                    PaginationChange::Off(_) => None,
                    PaginationChange::Set(p) => Some(p.clone()),
                };
            }
            continue;
        }
        let Some((side, segments)) = parse_path(&o.path) else {
            diags.push(
                fail(
                    "path does not read".into(),
                    "`request.A.B` or `response.A[].B`",
                    format!("`{}`", o.path),
                )
                .with_kind("override-shape"),
            );
            continue;
        };
        for spec in targets {
            let roots = match side {
                Side::Request => &mut spec.request,
                Side::Response => &mut spec.response,
            };
            let result = apply_tree(roots, &segments, o, side);
            if let Err(problem) = result {
                diags.push(fail(
                    format!("{problem} in {} {}", spec.name, spec.version),
                    "the path to match the spec",
                    problem,
                ));
            }
        }
    }
}

trait WithKind {
    fn with_kind(self, kind: &'static str) -> Self;
}

impl WithKind for Diagnostic {
    fn with_kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }
}

/// Applies attributes to a member. `required` is for request parameters only; `values` for
/// members whose (new) type can carry them. Checked before anything changes.
fn apply_attributes(member: &mut Member, a: &Attributes, side: Side) -> Result<(), String> {
    if a.required.is_some() && side == Side::Response {
        return Err("`required` applies to request parameters only".into());
    }
    if let Some(values) = &a.values {
        let ty = a.ty.as_ref().unwrap_or(&member.ty);
        if !ty.takes_values(values) {
            return Err(format!(
                "`values` need a text or integer member (integers only for integer values); `{}` is {ty}",
                member.name
            ));
        }
        if let Some((at, v)) = values
            .iter()
            .enumerate()
            .find(|(at, v)| values[..*at].iter().any(|w| w.value == v.value))
        {
            return Err(format!("value `{}` is listed twice (entry {at})", v.value));
        }
    }
    if let Some(FormatChoice::Set(format)) = a.format {
        let ty = a.ty.as_ref().unwrap_or(&member.ty);
        if !format.fits(ty) {
            return Err(format!(
                "format `{}` does not fit `{}` of type {ty}",
                format.as_str(),
                member.name
            ));
        }
    }
    if let Some(t) = &a.ty {
        member.ty = t.clone();
    }
    match a.format {
        Some(FormatChoice::Set(format)) => member.format = Some(format),
        Some(FormatChoice::Clear(_)) => member.format = None,
        // A new type may not suit the page's format.
        None => member.format = member.format.filter(|f| f.fits(&member.ty)),
    }
    if let Some(values) = &a.values {
        member.values = values.clone();
    } else if !member.ty.takes_values(&member.values) {
        // The new type does not suit the page's set: it no longer applies.
        member.values.clear();
    }
    if let Some(r) = a.required {
        member.required = r;
    }
    if let Some(d) = &a.description {
        member.description = d.clone();
    }
    if let Some(e) = &a.example {
        member.example = Some(e.clone());
    }
    if let Some(sensitive) = a.sensitive {
        member.sensitive = sensitive;
    }
    if let Some(shape) = &a.shape {
        let named = member.ty.has_members() || !member.values.is_empty();
        if !named {
            return Err(format!(
                "`shape` names a struct or a value enum; `{}` is {} without documented values",
                member.name, member.ty
            ));
        }
        let valid = shape.starts_with(|c: char| c.is_ascii_uppercase())
            && shape.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid {
            return Err(format!(
                "shape name `{shape}` is not a type name (an upper-case ASCII letter, then letters and digits)"
            ));
        }
        member.shape = Some(shape.clone());
    }
    Ok(())
}

/// A member an `add` creates; a top-level request parameter goes in the query unless the
/// operation's other parameters say otherwise (an override cannot name a location yet).
fn new_member(name: &str, a: &Attributes, side: Side, top: bool) -> Result<Member, String> {
    let ty =
        a.ty.clone()
            .ok_or_else(|| "`add` needs a type".to_string())?;
    let mut member = Member::new(name, ty);
    if side == Side::Request && top {
        member.location = Some(ParamLocation::Query);
    }
    apply_attributes(&mut member, a, side)?;
    Ok(member)
}

/// Walks to the parent of the last segment and applies the action there.
fn apply_tree(
    roots: &mut Vec<Member>,
    segments: &[(String, bool)],
    o: &Override,
    side: Side,
) -> Result<(), String> {
    let Some(((last, last_array), parents)) = segments.split_last() else {
        return Err("empty path".into());
    };
    let mut level = roots;
    for (name, array) in parents {
        let entry = level
            .iter_mut()
            .find(|e| e.name == *name)
            .ok_or_else(|| format!("no `{name}`"))?;
        if *array && !matches!(entry.ty, Type::Array(_)) {
            return Err(format!("`{name}` is not an array"));
        }
        level = &mut entry.members;
    }
    let at = level.iter().position(|e| e.name == *last);
    if let Some(attributes) = &o.add {
        if at.is_some() {
            return Err(format!(
                "`{last}` already exists, so `add` is no longer needed"
            ));
        }
        level.push(new_member(last, attributes, side, parents.is_empty())?);
        return Ok(());
    }
    let at = at.ok_or_else(|| format!("no `{last}`"))?;
    if *last_array
        && level
            .get(at)
            .is_some_and(|e| !matches!(e.ty, Type::Array(_)))
        && o.set.as_ref().is_none_or(|s| s.ty.is_none())
    {
        return Err(format!("`{last}` is not an array"));
    }
    if o.remove {
        level.remove(at);
        return Ok(());
    }
    if let Some(new_name) = &o.rename {
        if level.iter().any(|e| e.name == *new_name) {
            return Err(format!("`{new_name}` already exists"));
        }
        if let Some(e) = level.get_mut(at) {
            e.name = new_name.clone();
        }
        return Ok(());
    }
    if let (Some(attributes), Some(e)) = (&o.set, level.get_mut(at)) {
        apply_attributes(e, attributes, side)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::model::{BodyEncoding, HttpBinding, HttpMethod, Source, Style};

    fn product(yaml: &str) -> ProductConfig {
        let text = format!(
            "folder: x\ncode: X\nendpoint:\n  prefix: x\n  regional: false\noverrides:\n{yaml}"
        );
        serde_yaml::from_str(&text).unwrap()
    }

    fn field(name: &str, ty: &str, fields: Vec<Member>) -> Member {
        let mut m = Member::new(name, ty.parse().unwrap());
        m.members = fields;
        m
    }

    fn spec() -> OperationSpec {
        OperationSpec {
            name: "ListNodeGroups".into(),
            product: "X".into(),
            version: "2019-03-01".into(),
            summary: String::new(),
            description: String::new(),
            summary_en: String::new(),
            description_en: String::new(),
            source: Source {
                page: "p.md".into(),
                revision: None,
            },
            source_en: None,
            structure: Default::default(),
            http: HttpBinding {
                style: Style::Rpc,
                method: HttpMethod::Post,
                path: None,
                body: BodyEncoding::None,
            },
            endpoint: None,
            request: vec![{
                let mut tag = field("Tag", "array<struct>", vec![field("Key", "string", vec![])]);
                tag.location = Some(ParamLocation::Query);
                tag
            }],
            response: vec![field(
                "Data",
                "struct",
                vec![field(
                    "List",
                    "array<struct>",
                    vec![field("NodeGroupId", "long", vec![])],
                )],
            )],
            pagination: None,
            idempotency: Idempotency::ReadOnly,
            waiters: Vec::new(),
            errors: vec![],
            examples: Default::default(),
        }
    }

    #[test]
    fn idempotency_is_set_and_a_token_must_be_a_string_parameter() {
        let mut specs = vec![spec()];
        specs[0]
            .request
            .push(field("RequestToken", "string", vec![]));
        let mut d = Diagnostics::new();
        apply(
            &product("- operation: ListNodeGroups\n  idempotency: none\n"),
            &mut specs,
            &mut d,
        );
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert_eq!(specs[0].idempotency, Idempotency::None);
        let token = "- operation: ListNodeGroups\n  idempotency: { token: RequestToken }\n";
        apply(&product(token), &mut specs, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert_eq!(
            specs[0].idempotency,
            Idempotency::Token("RequestToken".into())
        );
        apply(
            &product("- operation: ListNodeGroups\n  idempotency: read-only\n"),
            &mut specs,
            &mut d,
        );
        assert_eq!(specs[0].idempotency, Idempotency::ReadOnly);
        // A token that is not a string parameter of the request is refused, with what it is.
        let tag = "- operation: ListNodeGroups\n  idempotency: { token: Tag }\n";
        apply(&product(tag), &mut specs, &mut d);
        let message = d.items()[0].to_string();
        assert!(
            message.contains("has no token parameter `Tag`"),
            "{message}"
        );
        assert!(
            message.contains("a parameter of type array<struct>"),
            "{message}"
        );
        assert_eq!(specs[0].idempotency, Idempotency::ReadOnly);
        // Written back as it is read.
        let mut with_token = spec();
        with_token.idempotency = Idempotency::Token("ClientToken".into());
        let yaml = serde_yaml::to_string(&with_token).unwrap();
        assert!(
            yaml.contains("idempotency:\n  token: ClientToken\n"),
            "{yaml}"
        );
        assert_eq!(
            serde_yaml::from_str::<OperationSpec>(&yaml).unwrap(),
            with_token
        );
    }

    #[test]
    fn applies_every_action() {
        let p = product(
            "- operation: ListNodeGroups\n  path: response.Data.List[].NodeGroupId\n  set: { type: string }\n- operation: ListNodeGroups\n  path: request.Tag.N.Key\n  set: { required: true }\n- operation: ListNodeGroups\n  path: response.Data.TotalCount\n  add: { type: long, description: 总数。 }\n- operation: ListNodeGroups\n  path: request.Tag\n  rename: Tags\n- operation: ListNodeGroups\n  version: 2019-03-01\n  path: response.Data.List\n  remove: true\n",
        );
        let mut specs = vec![spec()];
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        let s = &specs[0];
        assert_eq!(s.request[0].name, "Tags");
        assert!(s.request[0].members[0].required);
        let data = &s.response[0].members;
        assert_eq!(data.len(), 1);
        assert_eq!(data[0].name, "TotalCount");
        assert_eq!(data[0].ty, Type::Long);
    }

    #[test]
    fn sensitivity_is_set_both_ways() {
        let p = product(
            "- operation: ListNodeGroups\n  path: request.Tag.Key\n  set: { sensitive: true }\n- operation: ListNodeGroups\n  path: response.Data.List[].NodeGroupId\n  set: { sensitive: false }\n",
        );
        let mut specs = vec![spec()];
        specs[0].response[0].members[0].members[0].sensitive = true;
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert!(specs[0].request[0].members[0].sensitive);
        assert!(!specs[0].response[0].members[0].members[0].sensitive);
    }

    #[test]
    fn a_shape_name_is_set_on_structs_and_enums_only() {
        let p = product(
            "- operation: ListNodeGroups\n  path: response.Data\n  set: { shape: NodeGroupPage }\n",
        );
        let mut specs = vec![spec()];
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert_eq!(specs[0].response[0].shape.as_deref(), Some("NodeGroupPage"));

        let p = product(
            "- operation: ListNodeGroups\n  path: request.Tag.Key\n  set: { shape: Key }\n- operation: ListNodeGroups\n  path: response.Data\n  set: { shape: not-a-name }\n",
        );
        let mut specs = vec![spec()];
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        let messages: Vec<&str> = d.items().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("names a struct or a value enum"),
            "{messages:?}"
        );
        assert!(messages[1].contains("is not a type name"), "{messages:?}");
    }

    #[test]
    fn value_sets_are_set_replaced_and_removed() {
        let p = product(
            "- operation: ListNodeGroups\n  path: request.Tag.Key\n  set:\n    values:\n      - { value: A, description: 甲 }\n      - { value: B }\n- operation: ListNodeGroups\n  path: response.Data.List[].NodeGroupId\n  set: { values: [ { value: 5 }, { value: '10' } ] }\n- operation: ListNodeGroups\n  path: response.Data.Size\n  add: { type: string, values: [ { value: S }, { value: M } ] }\n",
        );
        let mut specs = vec![spec()];
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        let key = &specs[0].request[0].members[0];
        let got: Vec<(&str, &str)> = key
            .values
            .iter()
            .map(|v| (v.value.as_str(), v.description.as_str()))
            .collect();
        assert_eq!(got, [("A", "甲"), ("B", "")]);
        let data = &specs[0].response[0].members;
        let ids: Vec<&str> = data[0].members[0]
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(ids, ["5", "10"]);
        assert_eq!(data[1].values.len(), 2);

        let p = product(
            "- operation: ListNodeGroups\n  path: request.Tag.Key\n  set: { values: [] }\n",
        );
        apply(&p, &mut specs, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert!(specs[0].request[0].members[0].values.is_empty());
    }

    #[test]
    fn value_sets_that_cannot_apply_are_errors() {
        let p = product(
            "- operation: ListNodeGroups\n  path: response.Data.List[].NodeGroupId\n  set: { values: [ { value: A }, { value: B } ] }\n- operation: ListNodeGroups\n  path: response.Data.List\n  set: { values: [ { value: A } ] }\n- operation: ListNodeGroups\n  path: request.Tag.Key\n  set: { values: [ { value: A }, { value: A } ] }\n- operation: ListNodeGroups\n  path: response.Data.Missing\n  set: { values: [] }\n",
        );
        let mut specs = vec![spec()];
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        assert_eq!(d.error_count(), 4, "{:?}", d.items());
        assert!(d.items().iter().all(|d| d.kind == "stale-override"));
        assert!(d.items()[2].message.contains("listed twice"));
        assert_eq!(specs[0], spec());
        // `true` unquoted is not text: the override file does not load.
        assert!(serde_yaml::from_str::<Override>(
            "operation: A\npath: request.B\nset: { values: [ { value: true } ] }\n"
        )
        .is_err());
        // A type change the page's set does not suit drops the set.
        let mut specs = vec![spec()];
        specs[0].request[0].members[0].values = vec![
            DocumentedValue {
                value: "A".into(),
                description: String::new(),
                description_en: String::new(),
            },
            DocumentedValue {
                value: "B".into(),
                description: String::new(),
                description_en: String::new(),
            },
        ];
        let p = product(
            "- operation: ListNodeGroups\n  path: request.Tag.Key\n  set: { type: long }\n",
        );
        apply(&p, &mut specs, &mut d);
        assert_eq!(d.error_count(), 4);
        assert!(specs[0].request[0].members[0].values.is_empty());
    }

    #[test]
    fn formats_are_set_removed_and_checked() {
        let p = product(
            "- operation: ListNodeGroups\n  path: request.Tag.Key\n  set: { format: base64 }\n- operation: ListNodeGroups\n  path: response.Data.TotalCount\n  add: { type: long, format: unix-millis }\n",
        );
        let mut specs = vec![spec()];
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert_eq!(specs[0].request[0].members[0].format, Some(Format::Base64));
        assert_eq!(
            specs[0].response[0].members.last().and_then(|m| m.format),
            Some(Format::UnixMillis)
        );

        let p = product(
            "- operation: ListNodeGroups\n  path: request.Tag.Key\n  set: { format: none }\n- operation: ListNodeGroups\n  path: response.Data.List\n  set: { format: json }\n",
        );
        apply(&p, &mut specs, &mut d);
        assert_eq!(d.error_count(), 1, "{:?}", d.items());
        assert!(d.items()[0].message.contains("does not fit"));
        assert_eq!(specs[0].request[0].members[0].format, None);
        assert!(serde_yaml::from_str::<Override>(
            "operation: A\npath: request.B\nset: { format: hex }\n"
        )
        .is_err());
    }

    #[test]
    fn pagination_is_set_or_removed() {
        let p = product("- operation: ListNodeGroups\n  pagination: { style: offset, input: Offset, size: Limit, items: Data.List }\n");
        let mut specs = vec![spec()];
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert_eq!(
            specs[0].pagination.as_ref().map(|p| p.items.as_str()),
            Some("Data.List")
        );
        let p = product("- operation: ListNodeGroups\n  pagination: none\n");
        apply(&p, &mut specs, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert!(specs[0].pagination.is_none());
        let p = product("- operation: ListNodeGroups\n  path: request.Tag\n  pagination: none\n");
        apply(&p, &mut specs, &mut d);
        assert_eq!(d.items()[0].kind, "override-shape");
    }

    #[test]
    fn set_type_before_remove_checks() {
        let p = product("- operation: ListNodeGroups\n  path: response.Data.List[].NodeGroupId\n  set: { type: string }\n");
        let mut specs = vec![spec()];
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        assert_eq!(specs[0].response[0].members[0].members[0].ty, Type::String);
    }

    #[test]
    fn stale_overrides_are_errors() {
        let p = product(
            "- operation: Gone\n  path: request.A\n  remove: true\n- operation: ListNodeGroups\n  path: response.Data.Missing\n  remove: true\n- operation: ListNodeGroups\n  path: response.Data.List\n  add: { type: string }\n- operation: ListNodeGroups\n  path: response.Data[].List\n  remove: true\n- operation: ListNodeGroups\n  version: 2000-01-01\n  path: request.Tag\n  remove: true\n",
        );
        let mut specs = vec![spec()];
        let mut d = Diagnostics::new();
        apply(&p, &mut specs, &mut d);
        assert_eq!(d.error_count(), 5);
        assert!(d.items().iter().all(|d| d.kind == "stale-override"));
        assert_eq!(d.items()[0].location.file, "specs/products/x.yaml");
        assert_eq!(specs[0], spec());
    }

    #[test]
    fn malformed_overrides_are_reported() {
        let p = product("- operation: ListNodeGroups\n  path: Data.X\n  remove: true\n- operation: ListNodeGroups\n  path: request.Tag\n  remove: true\n  rename: T\n");
        let mut d = Diagnostics::new();
        apply(&p, &mut [spec()], &mut d);
        assert_eq!(
            d.items().iter().map(|d| d.kind).collect::<Vec<_>>(),
            ["override-shape", "override-shape"]
        );
        assert!(
            serde_yaml::from_str::<Override>("operation: A\npath: request.B\nremov: true\n")
                .is_err()
        );
    }
}
