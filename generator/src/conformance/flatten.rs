//! Both sides brought to one form: request parameters as flattened wire names with a kind, and
//! response fields as paths (`Data.List[].NodeGroupId`) with whether each is an array.
//!
//! RPC request wire names are flattened the way the SDKs send them: a member of a struct is
//! `Parent.Member`, an item of a repeat list is `Parent.N`, so `Tag` of type `array<struct>` with
//! member `Key` is `Tag.N.Key`. Index segments (`n`, `N`, `1`) are normalised to `N` on both sides.
//! Each name also carries where it travels, in the spec's terms ([`Location`]): a flattened name
//! travels where its top-level member does, and an oracle position is mapped as the SDK sends
//! it (`Body` is a form field for RPC and form-encoded ROA APIs, a JSON body member otherwise).
//! A spec payload member (the whole body) is the one name `body`, as the SDKs declare it, and
//! [`align_body`] reconciles a body given field by field on one side and whole on the other.
//! ROA members are never flattened: the SDKs send each as one value.
//!
//! Response paths name every node, not only leaves: `Data`, `Data.List`, `Data.List[].NodeGroupId`.
//! Each array level adds `[]` to the path of the node's children.

use std::collections::BTreeMap;

use super::oracle::{Kind, OracleApi, Position, Shape};
use crate::spec::model::{Location, Member, Style, Type};
use crate::spec::wire;

/// What is known of one request wire name, on either side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireParam {
    /// The value kind (of the leaf, for a flattened name).
    pub kind: Kind,
    /// Where it travels, in the spec's terms; `None` when the side does not say.
    pub location: Option<Location>,
    /// The position as the side spells it, for reports: the spec's `query`, the oracle's `Body`.
    pub spelled: Option<&'static str>,
    /// Whether it is the whole request body: a spec payload member, an oracle `whole_body`
    /// parameter.
    pub whole_body: bool,
    /// Spec side, ROA: a struct, list or map member sent as one value (a JSON document), not
    /// flattened into further names.
    pub one_value: bool,
}

/// A spec location as the spec's YAML spells it (`path`, `query`, `header`, `body`, `form`).
pub fn location_word(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Body => "body",
        Location::Form => "form",
    }
}

/// Where an oracle position sends a parameter, in the spec's terms. `form_body` says whether
/// the API's body is form-encoded (RPC, ROA form data): then `Body` is a form field.
pub fn oracle_location(position: Position, form_body: bool) -> Location {
    match position {
        Position::Path => Location::Path,
        Position::Query => Location::Query,
        Position::Header => Location::Header,
        Position::Body if form_body => Location::Form,
        Position::Body => Location::Body,
        Position::FormData => Location::Form,
    }
}

/// What is known of one response path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathInfo {
    /// Whether the node at this path is an array.
    pub array: bool,
    /// The kind of the value (of the innermost item, for an array); `None` for a struct.
    pub leaf: Option<Kind>,
}

/// The leaf kind of a spec type: arrays stripped, `None` for a struct.
fn spec_leaf(ty: &Type) -> Option<Kind> {
    match ty {
        Type::Array(item) => spec_leaf(item),
        Type::Struct => None,
        other => Some(kind_of(other)),
    }
}

/// The leaf kind of an oracle shape: arrays stripped, `None` for an object.
fn oracle_leaf(shape: &Shape) -> Option<Kind> {
    match shape {
        Shape::Array(item) => oracle_leaf(item),
        Shape::Object(_) => None,
        Shape::Leaf(kind) => Some(*kind),
    }
}

/// The oracle kind a spec type corresponds to.
pub fn kind_of(ty: &Type) -> Kind {
    match ty {
        Type::String => Kind::String,
        Type::Integer | Type::Long => Kind::Integer,
        Type::Float | Type::Double => Kind::Float,
        Type::Boolean => Kind::Boolean,
        Type::Json => Kind::Json,
        Type::Any => Kind::Any,
        Type::Struct => Kind::Struct,
        Type::Array(_) => Kind::Repeated,
        Type::Map(_) => Kind::Map,
    }
}

/// True for a segment that stands for a repeat-list index: `N`, `n` or a number.
pub fn is_index_segment(segment: &str) -> bool {
    wire::is_index(segment)
}

/// Normalises a flattened wire name: every index segment after the first becomes `N`
/// (`Tag.n.Key`, `Tag.1.Key` → `Tag.N.Key`). Surrounding white space is dropped.
pub fn normalise_wire_name(name: &str) -> String {
    wire::normalise(name)
}

/// The spec's request tree as wire names with their kinds and locations. RPC members are
/// flattened and normalised (`Tag.N.Key`); ROA members are not: the SDKs send each top-level
/// member as one value (a path segment, a query value, a key of the JSON body), so a struct,
/// list or map is one name, marked [`WireParam::one_value`]. When two parameters give the same
/// name, the first one is kept. A payload member (the whole body) is one name of kind `json` in
/// the body, as the SDKs declare it: one `body` parameter.
pub fn spec_wire_names(params: &[Member], style: Style) -> BTreeMap<String, WireParam> {
    let mut out = BTreeMap::new();
    for param in params {
        let wire = |kind, one_value| WireParam {
            kind,
            location: param.location,
            spelled: param.location.map(location_word),
            whole_body: false,
            one_value,
        };
        if param.payload {
            out.entry(param.name.clone()).or_insert(WireParam {
                kind: Kind::Json,
                location: Some(Location::Body),
                spelled: Some(location_word(Location::Body)),
                whole_body: true,
                one_value: false,
            });
            continue;
        }
        if style == Style::Roa {
            let one_value = matches!(param.ty, Type::Struct | Type::Array(_) | Type::Map(_));
            out.entry(param.name.trim().to_string())
                .or_insert_with(|| wire(kind_of(&param.ty), one_value));
            continue;
        }
        for (name, ty) in wire::flatten(std::slice::from_ref(param)) {
            out.entry(normalise_wire_name(&name))
                .or_insert_with(|| wire(kind_of(ty), false));
        }
    }
    out
}

/// Brings the spec's request body to the form the oracle declares it in, so that the two ways of
/// describing one JSON body compare as equal on the wire:
///
/// - the oracle has a whole-body parameter (`body`) and the spec no payload: the spec's body
///   members that the oracle does not list by name become that one name;
/// - the spec has a payload struct and the oracle no whole-body parameter but body members: the
///   payload's members become top-level body names, each one value, in its place.
///
/// Neither can happen for RPC (no payloads, no whole bodies there).
pub fn align_body(
    spec: &mut BTreeMap<String, WireParam>,
    params: &[Member],
    oracle: &BTreeMap<String, WireParam>,
) {
    let oracle_whole = oracle.iter().find(|(_, p)| p.whole_body).map(|(n, _)| n);
    let spec_payload = spec
        .iter()
        .find(|(_, p)| p.whole_body)
        .map(|(n, _)| n.clone());
    match (oracle_whole, spec_payload) {
        (Some(whole), None) => {
            let members: Vec<String> = spec
                .iter()
                .filter(|(n, p)| p.location == Some(Location::Body) && !oracle.contains_key(*n))
                .map(|(n, _)| n.clone())
                .collect();
            if members.is_empty() || spec.contains_key(whole) {
                return;
            }
            for name in &members {
                spec.remove(name);
            }
            spec.insert(
                whole.clone(),
                WireParam {
                    kind: Kind::Json,
                    location: Some(Location::Body),
                    spelled: Some(location_word(Location::Body)),
                    whole_body: true,
                    one_value: false,
                },
            );
        }
        (None, Some(payload)) => {
            let oracle_has_members = oracle.values().any(|p| p.location == Some(Location::Body));
            let Some(member) = params
                .iter()
                .find(|m| m.payload && m.name == payload && m.ty == Type::Struct)
            else {
                return;
            };
            if !oracle_has_members || member.members.is_empty() {
                return;
            }
            spec.remove(&payload);
            for field in &member.members {
                let one_value = matches!(field.ty, Type::Struct | Type::Array(_) | Type::Map(_));
                spec.entry(field.name.trim().to_string())
                    .or_insert(WireParam {
                        kind: kind_of(&field.ty),
                        location: Some(Location::Body),
                        spelled: Some(location_word(Location::Body)),
                        whole_body: false,
                        one_value,
                    });
            }
        }
        _ => {}
    }
}

/// The oracle's request parameters of one API as normalised wire names with their kinds and
/// locations (see [`oracle_location`]).
pub fn oracle_wire_names(api: &OracleApi) -> BTreeMap<String, WireParam> {
    let form_body = api.form_body();
    let mut out = BTreeMap::new();
    for param in &api.request {
        out.entry(normalise_wire_name(&param.name))
            .or_insert(WireParam {
                kind: param.kind,
                location: param.position.map(|p| oracle_location(p, form_body)),
                spelled: param.position.map(|p| match p {
                    Position::Body if form_body => "Body (form)",
                    other => other.as_str(),
                }),
                whole_body: param.whole_body,
                one_value: false,
            });
    }
    out
}

/// Whether a spec kind and an oracle kind agree for the wire name `name`.
///
/// Integer widths and float widths are one kind each (the spec's `long` is the oracle's
/// `integer`). An oracle `repeated` agrees with an item of a flattened repeat list (`X.N`).
pub fn kinds_agree(name: &str, spec: Kind, oracle: Kind) -> bool {
    spec == oracle || (oracle == Kind::Repeated && (spec == Kind::Repeated || name.ends_with(".N")))
}

/// Whether the kinds of a wire name both sides have agree: as [`kinds_agree`]; a spec payload
/// agrees with an oracle whole-body parameter of kind `string` (the SDK takes the body as JSON
/// text) or `json`, whatever the payload's own type; and an ROA struct or list sent as one value
/// agrees with an oracle `json`.
pub fn params_agree(name: &str, spec: &WireParam, oracle: &WireParam) -> bool {
    if spec.whole_body && oracle.whole_body && matches!(oracle.kind, Kind::String | Kind::Json) {
        return true;
    }
    if spec.one_value
        && oracle.kind == Kind::Json
        && matches!(spec.kind, Kind::Struct | Kind::Repeated)
    {
        return true;
    }
    kinds_agree(name, spec.kind, oracle.kind)
}

/// Joins a parent path and a member name.
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The spec's response tree as paths. When two fields give the same path, the first is kept.
pub fn spec_paths(fields: &[Member]) -> BTreeMap<String, PathInfo> {
    let mut out = BTreeMap::new();
    spec_fields("", fields, &mut out);
    out
}

fn spec_fields(prefix: &str, fields: &[Member], out: &mut BTreeMap<String, PathInfo>) {
    for field in fields {
        let path = join(prefix, &field.name);
        out.entry(path.clone()).or_insert(PathInfo {
            array: matches!(field.ty, Type::Array(_)),
            leaf: spec_leaf(&field.ty),
        });
        let mut children = path;
        let mut ty = &field.ty;
        loop {
            match ty {
                Type::Array(item) => {
                    children.push_str("[]");
                    ty = item;
                }
                Type::Map(value) => {
                    children.push_str("{}");
                    ty = value;
                }
                _ => break,
            }
        }
        spec_fields(&children, &field.members, out);
    }
}

/// The oracle's response tree as paths.
pub fn oracle_paths(response: &BTreeMap<String, Shape>) -> BTreeMap<String, PathInfo> {
    let mut out = BTreeMap::new();
    for (name, shape) in response {
        oracle_node(name.clone(), shape, &mut out);
    }
    out
}

fn oracle_node(path: String, shape: &Shape, out: &mut BTreeMap<String, PathInfo>) {
    out.insert(
        path.clone(),
        PathInfo {
            array: matches!(shape, Shape::Array(_)),
            leaf: oracle_leaf(shape),
        },
    );
    let mut children = path;
    let mut shape = shape;
    while let Shape::Array(item) = shape {
        children.push_str("[]");
        shape = item;
    }
    if let Shape::Object(members) = shape {
        for (name, member) in members {
            oracle_node(join(&children, name), member, out);
        }
    }
}

/// The names a path is made of, index marks dropped: `Data.List[].Id` → `Data`, `List`, `Id`.
pub fn path_names(path: &str) -> impl Iterator<Item = &str> {
    path.split('.')
        .map(|segment| segment.trim_end_matches(['[', ']', '{', '}']))
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, ty: &str, members: Vec<Member>) -> Member {
        let mut m = Member::new(name, ty.parse().unwrap());
        m.members = members;
        m
    }

    fn field(name: &str, ty: &str, fields: Vec<Member>) -> Member {
        param(name, ty, fields)
    }

    #[test]
    fn index_segments_are_normalised() {
        assert_eq!(normalise_wire_name("Tag.n.Key"), "Tag.N.Key");
        assert_eq!(normalise_wire_name("Filter.1.Value.12"), "Filter.N.Value.N");
        assert_eq!(normalise_wire_name("InstanceId.N"), "InstanceId.N");
        assert_eq!(normalise_wire_name(" N "), "N");
        assert_eq!(normalise_wire_name("SystemDisk.Size"), "SystemDisk.Size");
    }

    #[test]
    fn request_trees_flatten_as_the_sdk_sends_them() {
        let params = vec![
            param(
                "Tag",
                "array<struct>",
                vec![
                    param("Key", "string", vec![]),
                    param("Value", "string", vec![]),
                ],
            ),
            param("InstanceId", "array<string>", vec![]),
            param("SystemDisk", "struct", vec![param("Size", "long", vec![])]),
            param(
                "X",
                "array<struct>",
                vec![param("Y", "array<integer>", vec![])],
            ),
            param("Config", "json", vec![]),
            param("Labels", "map<string>", vec![]),
            param("Filter.n.Key", "string", vec![]),
        ];
        let names: Vec<(String, Kind)> = spec_wire_names(&params, Style::Rpc)
            .into_iter()
            .map(|(n, p)| (n, p.kind))
            .collect();
        let expected = [
            ("Config", Kind::Json),
            ("Filter.N.Key", Kind::String),
            ("InstanceId.N", Kind::String),
            ("Labels", Kind::Map),
            ("SystemDisk.Size", Kind::Integer),
            ("Tag.N.Key", Kind::String),
            ("Tag.N.Value", Kind::String),
            ("X.N.Y.N", Kind::Integer),
        ];
        assert_eq!(names, expected.map(|(n, k)| (n.to_string(), k)));
    }

    #[test]
    fn kinds_agree_across_widths_and_repeats() {
        assert!(kinds_agree("A", kind_of(&Type::Long), Kind::Integer));
        assert!(kinds_agree("A", kind_of(&Type::Double), Kind::Float));
        assert!(kinds_agree("A.N", Kind::String, Kind::Repeated));
        assert!(!kinds_agree("A", Kind::String, Kind::Repeated));
        assert!(!kinds_agree("A", Kind::String, Kind::Integer));
    }

    fn located(name: &str, ty: &str, location: Location, members: Vec<Member>) -> Member {
        let mut m = param(name, ty, members);
        m.location = Some(location);
        m
    }

    fn oracle_api(path: Option<&str>, body_type: Option<&str>, params: &str) -> OracleApi {
        let path = path.map_or_else(|| "null".to_string(), |p| format!("\"{p}\""));
        let body_type = body_type.map_or_else(|| "null".to_string(), |t| format!("\"{t}\""));
        let text = format!(
            r#"{{"docs_folder":"x","product_code":"X","version":"1","apis":{{"A":{{"path":{path},"req_body_type":{body_type},"request":{params}}}}}}}"#
        );
        super::super::oracle::parse("x.json", &text).unwrap().apis["A"].clone()
    }

    #[test]
    fn spec_names_carry_their_top_level_location_and_the_payload_is_body() {
        let mut body = located(
            "body",
            "struct",
            Location::Body,
            vec![param(
                "nodeSpec",
                "struct",
                vec![param("disk", "integer", vec![])],
            )],
        );
        body.payload = true;
        let params = vec![
            located("InstanceId", "string", Location::Path, vec![]),
            located(
                "Tag",
                "array<struct>",
                Location::Form,
                vec![param("Key", "string", vec![])],
            ),
            param("Loose", "string", vec![]),
            body,
        ];
        let wire = |kind, location: Option<Location>, whole_body| WireParam {
            kind,
            location,
            spelled: location.map(location_word),
            whole_body,
            one_value: false,
        };
        let names: Vec<(String, WireParam)> =
            spec_wire_names(&params, Style::Rpc).into_iter().collect();
        let expected = [
            (
                "InstanceId",
                wire(Kind::String, Some(Location::Path), false),
            ),
            ("Loose", wire(Kind::String, None, false)),
            ("Tag.N.Key", wire(Kind::String, Some(Location::Form), false)),
            // The payload is one name, its members are not flattened.
            ("body", wire(Kind::Json, Some(Location::Body), true)),
        ];
        assert_eq!(names, expected.map(|(n, p)| (n.to_string(), p)));
        assert_eq!(names[0].1.spelled, Some("path"));
    }

    #[test]
    fn oracle_body_is_a_form_field_for_rpc_and_form_data_and_a_body_member_for_json() {
        let params = r#"[{"name":"Id","kind":"string","position":"Path"},
            {"name":"Q","kind":"string","position":"Query"},
            {"name":"B","kind":"string","position":"Body"},
            {"name":"F","kind":"string","position":"FormData"},
            {"name":"H","kind":"string","position":"Header"},
            {"name":"U","kind":"string"},
            {"name":"body","kind":"string","position":"Body","whole_body":true}]"#;
        let located = |api: &OracleApi| -> Vec<(String, Option<Location>, Option<&'static str>)> {
            oracle_wire_names(api)
                .into_iter()
                .map(|(n, p)| (n, p.location, p.spelled))
                .collect()
        };
        let json = located(&oracle_api(Some("/a/[Id]"), Some("json"), params));
        let rpc = located(&oracle_api(None, None, params));
        let form = located(&oracle_api(Some("/a/[Id]"), Some("formData"), params));
        let at = |list: &[(String, Option<Location>, Option<&str>)], name: &str| {
            list.iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, l, _)| *l)
                .unwrap()
        };
        assert_eq!(at(&json, "B"), Some(Location::Body));
        assert_eq!(at(&json, "body"), Some(Location::Body));
        assert_eq!(at(&rpc, "B"), Some(Location::Form));
        assert_eq!(at(&form, "B"), Some(Location::Form));
        for list in [&json, &rpc, &form] {
            assert_eq!(at(list, "Id"), Some(Location::Path));
            assert_eq!(at(list, "Q"), Some(Location::Query));
            assert_eq!(at(list, "F"), Some(Location::Form));
            assert_eq!(at(list, "H"), Some(Location::Header));
            assert_eq!(at(list, "U"), None);
        }
        // Reports say which reading of `Body` was taken.
        assert!(rpc.contains(&("B".to_string(), Some(Location::Form), Some("Body (form)"))));
        assert!(json.contains(&("B".to_string(), Some(Location::Body), Some("Body"))));
        assert!(oracle_wire_names(&oracle_api(None, None, params))["body"].whole_body);
    }

    #[test]
    fn a_payload_agrees_with_a_whole_body_of_text_or_json_only() {
        let wire = |kind, whole_body| WireParam {
            kind,
            location: Some(Location::Body),
            spelled: None,
            whole_body,
            one_value: false,
        };
        let payload = wire(Kind::Json, true);
        assert!(params_agree("body", &payload, &wire(Kind::String, true)));
        assert!(params_agree("body", &payload, &wire(Kind::Json, true)));
        assert!(!params_agree("body", &payload, &wire(Kind::Integer, true)));
        // A plain `body` member is held to its kind, on either side.
        assert!(!params_agree(
            "body",
            &wire(Kind::Json, false),
            &wire(Kind::String, true)
        ));
        assert!(!params_agree("body", &payload, &wire(Kind::String, false)));
        assert!(params_agree("body", &payload, &wire(Kind::Json, false)));
    }

    #[test]
    fn roa_members_are_one_name_each_and_a_struct_or_list_agrees_with_json() {
        let params = vec![
            located("InstanceId", "string", Location::Path, vec![]),
            located("ids", "array<string>", Location::Query, vec![]),
            located(
                "nodeSpec",
                "struct",
                Location::Body,
                vec![param("disk", "integer", vec![])],
            ),
            located(
                "extendConfigs",
                "array<struct>",
                Location::Body,
                vec![param("configType", "string", vec![])],
            ),
            located("labels", "map<string>", Location::Body, vec![]),
        ];
        let names = spec_wire_names(&params, Style::Roa);
        let listed: Vec<(&str, Kind, bool)> = names
            .iter()
            .map(|(n, p)| (n.as_str(), p.kind, p.one_value))
            .collect();
        assert_eq!(
            listed,
            [
                ("InstanceId", Kind::String, false),
                ("extendConfigs", Kind::Repeated, true),
                ("ids", Kind::Repeated, true),
                ("labels", Kind::Map, true),
                ("nodeSpec", Kind::Struct, true),
            ]
        );
        assert_eq!(names["nodeSpec"].location, Some(Location::Body));
        // The same members as RPC names are flattened.
        assert!(spec_wire_names(&params, Style::Rpc).contains_key("nodeSpec.disk"));

        let oracle = |kind| WireParam {
            kind,
            location: Some(Location::Body),
            spelled: Some("Body"),
            whole_body: false,
            one_value: false,
        };
        assert!(params_agree(
            "nodeSpec",
            &names["nodeSpec"],
            &oracle(Kind::Json)
        ));
        assert!(params_agree(
            "extendConfigs",
            &names["extendConfigs"],
            &oracle(Kind::Json)
        ));
        assert!(params_agree("labels", &names["labels"], &oracle(Kind::Map)));
        assert!(!params_agree(
            "labels",
            &names["labels"],
            &oracle(Kind::Json)
        ));
        assert!(!params_agree(
            "nodeSpec",
            &names["nodeSpec"],
            &oracle(Kind::String)
        ));
        // A memberless RPC struct is not one value: it keeps disagreeing with `json`.
        let rpc = spec_wire_names(
            &[located("Config", "struct", Location::Query, vec![])],
            Style::Rpc,
        );
        assert!(!params_agree("Config", &rpc["Config"], &oracle(Kind::Json)));
    }

    fn body_param(kind: Kind, whole_body: bool) -> WireParam {
        WireParam {
            kind,
            location: Some(Location::Body),
            spelled: Some("Body"),
            whole_body,
            one_value: false,
        }
    }

    #[test]
    fn body_fields_fold_into_the_oracles_whole_body() {
        let params = vec![
            located("InstanceId", "string", Location::Path, vec![]),
            located("name", "string", Location::Body, vec![]),
            located("nodes", "array<string>", Location::Body, vec![]),
            located("force", "boolean", Location::Body, vec![]),
            located("misplaced", "string", Location::Query, vec![]),
        ];
        let mut spec = spec_wire_names(&params, Style::Roa);
        let oracle = BTreeMap::from([
            ("body".to_string(), body_param(Kind::String, true)),
            // A body member the oracle lists by name stays itself.
            ("force".to_string(), body_param(Kind::Boolean, false)),
        ]);
        align_body(&mut spec, &params, &oracle);
        let names: Vec<&str> = spec.keys().map(String::as_str).collect();
        assert_eq!(names, ["InstanceId", "body", "force", "misplaced"]);
        assert!(spec["body"].whole_body);
        assert_eq!(spec["body"].location, Some(Location::Body));
        assert!(params_agree("body", &spec["body"], &oracle["body"]));

        // Nothing in the body: nothing to fold, `body` stays missing.
        let params = vec![located("misplaced", "string", Location::Query, vec![])];
        let mut spec = spec_wire_names(&params, Style::Roa);
        align_body(&mut spec, &params, &oracle);
        assert!(!spec.contains_key("body"));
    }

    #[test]
    fn a_payload_unfolds_into_the_oracles_body_members() {
        let mut body = located(
            "body",
            "struct",
            Location::Body,
            vec![
                param("nodeSpec", "struct", vec![param("disk", "integer", vec![])]),
                param("nodeAmount", "integer", vec![]),
            ],
        );
        body.payload = true;
        let params = vec![body];
        let oracle = BTreeMap::from([
            ("nodeSpec".to_string(), body_param(Kind::Json, false)),
            ("nodeAmount".to_string(), body_param(Kind::Integer, false)),
        ]);
        let mut spec = spec_wire_names(&params, Style::Roa);
        align_body(&mut spec, &params, &oracle);
        let names: Vec<&str> = spec.keys().map(String::as_str).collect();
        assert_eq!(names, ["nodeAmount", "nodeSpec"]);
        assert!(spec["nodeSpec"].one_value);
        assert!(params_agree(
            "nodeSpec",
            &spec["nodeSpec"],
            &oracle["nodeSpec"]
        ));
        assert_eq!(spec["nodeAmount"].location, Some(Location::Body));

        // Against an oracle whole body the payload stays one name.
        let whole = BTreeMap::from([("body".to_string(), body_param(Kind::String, true))]);
        let mut spec = spec_wire_names(&params, Style::Roa);
        align_body(&mut spec, &params, &whole);
        assert_eq!(spec.keys().collect::<Vec<_>>(), ["body"]);

        // An untyped payload has no members to unfold.
        let mut untyped = located("body", "json", Location::Body, vec![]);
        untyped.payload = true;
        let params = vec![untyped];
        let mut spec = spec_wire_names(&params, Style::Roa);
        align_body(&mut spec, &params, &oracle);
        assert_eq!(spec.keys().collect::<Vec<_>>(), ["body"]);
    }

    #[test]
    fn response_paths_name_every_node_and_mark_arrays() {
        let fields = vec![
            field("RequestId", "string", vec![]),
            field(
                "Data",
                "struct",
                vec![
                    field("TotalCount", "integer", vec![]),
                    field(
                        "List",
                        "array<struct>",
                        vec![field("NodeGroupId", "string", vec![])],
                    ),
                    field("Ids", "array<string>", vec![]),
                    field(
                        "Grid",
                        "array<array<struct>>",
                        vec![field("Cell", "string", vec![])],
                    ),
                ],
            ),
        ];
        let paths = spec_paths(&fields);
        assert_eq!(paths["Data.Ids"].leaf, Some(Kind::String));
        assert_eq!(paths["Data.TotalCount"].leaf, Some(Kind::Integer));
        assert_eq!(paths["Data.List"].leaf, None);
        let listed: Vec<(&str, bool)> = paths.iter().map(|(p, i)| (p.as_str(), i.array)).collect();
        assert_eq!(
            listed,
            [
                ("Data", false),
                ("Data.Grid", true),
                ("Data.Grid[][].Cell", false),
                ("Data.Ids", true),
                ("Data.List", true),
                ("Data.List[].NodeGroupId", false),
                ("Data.TotalCount", false),
                ("RequestId", false),
            ]
        );
    }

    #[test]
    fn oracle_paths_match_the_spec_form() {
        let item = Shape::Object(BTreeMap::from([(
            "NodeGroupId".to_string(),
            Shape::Leaf(Kind::String),
        )]));
        let data = Shape::Object(BTreeMap::from([
            ("List".to_string(), Shape::Array(Box::new(item))),
            (
                "Ids".to_string(),
                Shape::Array(Box::new(Shape::Leaf(Kind::String))),
            ),
        ]));
        let response = BTreeMap::from([
            ("Data".to_string(), data),
            ("RequestId".to_string(), Shape::Leaf(Kind::String)),
        ]);
        let paths = oracle_paths(&response);
        assert_eq!(paths["Data.Ids"].leaf, Some(Kind::String));
        assert_eq!(paths["Data"].leaf, None);
        let listed: Vec<(&str, bool)> = paths.iter().map(|(p, i)| (p.as_str(), i.array)).collect();
        assert_eq!(
            listed,
            [
                ("Data", false),
                ("Data.Ids", true),
                ("Data.List", true),
                ("Data.List[].NodeGroupId", false),
                ("RequestId", false)
            ]
        );
    }

    #[test]
    fn path_names_drop_array_marks() {
        assert_eq!(
            path_names("Data.List[].Id").collect::<Vec<_>>(),
            ["Data", "List", "Id"]
        );
        assert_eq!(
            path_names("Grid[][].Cell").collect::<Vec<_>>(),
            ["Grid", "Cell"]
        );
    }
}
