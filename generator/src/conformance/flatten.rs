//! Both sides brought to one form: request parameters as flattened wire names with a kind, and
//! response fields as paths (`Data.List[].NodeGroupId`) with whether each is an array.
//!
//! Request wire names are flattened the way the SDKs send them: a member of a struct is
//! `Parent.Member`, an item of a repeat list is `Parent.N`, so `Tag` of type `array<struct>` with
//! member `Key` is `Tag.N.Key`. Index segments (`n`, `N`, `1`) are normalised to `N` on both sides.
//!
//! Response paths name every node, not only leaves: `Data`, `Data.List`, `Data.List[].NodeGroupId`.
//! Each array level adds `[]` to the path of the node's children.

use std::collections::BTreeMap;

use super::oracle::{Kind, OracleParam, Shape};
use crate::spec::model::{Field, Parameter, Type};

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
    segment == "N"
        || segment == "n"
        || (!segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()))
}

/// Normalises a flattened wire name: every index segment after the first becomes `N`
/// (`Tag.n.Key`, `Tag.1.Key` → `Tag.N.Key`). Surrounding white space is dropped.
pub fn normalise_wire_name(name: &str) -> String {
    name.trim()
        .split('.')
        .enumerate()
        .map(|(i, segment)| {
            if i > 0 && is_index_segment(segment) {
                "N"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The spec's request tree as flattened, normalised wire names with their kinds. When two
/// parameters flatten to the same name, the first one is kept.
pub fn spec_wire_names(params: &[Parameter]) -> BTreeMap<String, Kind> {
    let mut out = BTreeMap::new();
    for param in params {
        flatten_param("", param, &mut out);
    }
    out
}

fn flatten_param(prefix: &str, param: &Parameter, out: &mut BTreeMap<String, Kind>) {
    let name = if prefix.is_empty() {
        param.name.clone()
    } else {
        format!("{prefix}.{}", param.name)
    };
    flatten_type(name, &param.ty, &param.members, out);
}

fn flatten_type(name: String, ty: &Type, members: &[Parameter], out: &mut BTreeMap<String, Kind>) {
    match ty {
        Type::Array(item) => flatten_type(format!("{name}.N"), item, members, out),
        Type::Struct if !members.is_empty() => {
            for member in members {
                flatten_param(&name, member, out);
            }
        }
        other => {
            out.entry(normalise_wire_name(&name))
                .or_insert_with(|| kind_of(other));
        }
    }
}

/// The oracle's request parameters as normalised wire names with their kinds.
pub fn oracle_wire_names(params: &[OracleParam]) -> BTreeMap<String, Kind> {
    let mut out = BTreeMap::new();
    for param in params {
        out.entry(normalise_wire_name(&param.name))
            .or_insert(param.kind);
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

/// Joins a parent path and a member name.
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The spec's response tree as paths. When two fields give the same path, the first is kept.
pub fn spec_paths(fields: &[Field]) -> BTreeMap<String, PathInfo> {
    let mut out = BTreeMap::new();
    spec_fields("", fields, &mut out);
    out
}

fn spec_fields(prefix: &str, fields: &[Field], out: &mut BTreeMap<String, PathInfo>) {
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
        spec_fields(&children, &field.fields, out);
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

    fn param(name: &str, ty: &str, members: Vec<Parameter>) -> Parameter {
        Parameter {
            name: name.into(),
            ty: ty.parse().unwrap(),
            required: false,
            position: Default::default(),
            example: None,
            description: String::new(),
            members,
        }
    }

    fn field(name: &str, ty: &str, fields: Vec<Field>) -> Field {
        Field {
            name: name.into(),
            ty: ty.parse().unwrap(),
            example: None,
            description: String::new(),
            fields,
        }
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
        let names: Vec<(String, Kind)> = spec_wire_names(&params).into_iter().collect();
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
