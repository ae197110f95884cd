//! `ListNodeGroups` response bodies.
//!
//! - *documented*: the JSON example of the reference page, as printed there. It is what real
//!   payloads look like at their worst: `List` and `Locks` are one object where the table says
//!   array, and `NodeGroupId`, `JoinPermissionId`, `JoinEui` and `LockId` are numbers where the
//!   table says string. Strict serde structs reject it; the generated types decode it.
//! - *typed*: the same example with every value in its documented type (lists as lists, strings
//!   as strings), which strict structs accept: the body for the like-for-like comparison.
//!
//! Both can be scaled to `n` list items, each with its own id, name and time.

use apigen::spec::model::{Member, OperationSpec, Type};
use serde_json::{Map, Value};

/// The fixture spec's text.
pub const SPEC_YAML: &str = include_str!("../fixtures/ListNodeGroups.yaml");

/// The page's JSON response example, exactly as documented.
pub const DOCUMENTED: &str = include_str!(concat!(env!("OUT_DIR"), "/ListNodeGroups.json"));

/// The fixture spec.
pub fn spec() -> OperationSpec {
    apigen::spec::yaml::from_yaml(
        std::path::Path::new("fixtures/ListNodeGroups.yaml"),
        SPEC_YAML,
    )
    .expect("the committed fixture spec parses")
}

/// The documented example with `n` list items (as documented: numbers for ids, `Locks` one object).
pub fn documented(n: usize) -> String {
    let value: Value = serde_json::from_str(DOCUMENTED).expect("the documented example is JSON");
    to_text(&scale(value, n))
}

/// The documented example with `n` list items, every value in its documented type.
pub fn typed(n: usize) -> String {
    let value: Value = serde_json::from_str(DOCUMENTED).expect("the documented example is JSON");
    let value = coerce_struct(value, &spec().response);
    to_text(&scale(value, n))
}

fn to_text(value: &Value) -> String {
    serde_json::to_string(value).expect("a JSON value serialises")
}

/// Repeats the (first) item of `Data.List` `n` times, varying the fields that differ between
/// node groups, and sets `TotalCount`.
fn scale(mut value: Value, n: usize) -> Value {
    let Some(data) = value.get_mut("Data").and_then(Value::as_object_mut) else {
        return value;
    };
    let item = match data.get("List") {
        Some(Value::Array(items)) => items.first().cloned(),
        Some(other) => Some(other.clone()),
        None => None,
    };
    let Some(item) = item else { return value };
    let was_array = matches!(data.get("List"), Some(Value::Array(_)));
    let items: Vec<Value> = (0..n).map(|i| vary(&item, i)).collect();
    let list = if n == 1 && !was_array {
        items.into_iter().next().unwrap_or(Value::Null)
    } else {
        Value::Array(items)
    };
    data.insert("List".into(), list);
    data.insert("TotalCount".into(), Value::from(n));
    value
}

fn vary(item: &Value, i: usize) -> Value {
    let mut item = item.clone();
    if let Some(fields) = item.as_object_mut() {
        let id = 123_456 + i as u64;
        for key in ["NodeGroupId", "JoinPermissionId"] {
            if let Some(v) = fields.get_mut(key) {
                *v = if v.is_string() {
                    Value::from(id.to_string())
                } else {
                    Value::from(id)
                };
            }
        }
        if let Some(v) = fields.get_mut("NodeGroupName") {
            *v = Value::from(format!("节点分组名称{i}"));
        }
        if let Some(v) = fields.get_mut("CreateMillis") {
            *v = Value::from(1_514_736_000_000u64 + i as u64 * 60_000);
        }
    }
    item
}

/// Coerces an object's members to the documented types of `fields`; unknown keys are kept.
fn coerce_struct(value: Value, fields: &[Member]) -> Value {
    match value {
        Value::Object(members) => {
            let mut out = Map::new();
            for (key, member) in members {
                let coerced = match fields.iter().find(|f| f.name == key) {
                    Some(field) => coerce(member, &field.ty, &field.members),
                    None => member,
                };
                out.insert(key, coerced);
            }
            Value::Object(out)
        }
        other => other,
    }
}

fn coerce(value: Value, ty: &Type, fields: &[Member]) -> Value {
    match (ty, value) {
        (_, Value::Null) => Value::Null,
        (Type::Struct, v) => coerce_struct(v, fields),
        (Type::Array(item), Value::Array(items)) => {
            Value::Array(items.into_iter().map(|v| coerce(v, item, fields)).collect())
        }
        (Type::Array(item), v) => Value::Array(vec![coerce(v, item, fields)]),
        (Type::String, Value::Number(n)) => Value::String(n.to_string()),
        (Type::String, Value::Bool(b)) => Value::String(b.to_string()),
        (Type::Integer | Type::Long, Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map_or(Value::String(s), Value::from),
        (Type::Float | Type::Double, Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map_or(Value::String(s), Value::from),
        (Type::Boolean, Value::String(s)) => s
            .trim()
            .parse::<bool>()
            .map_or(Value::String(s), Value::from),
        (_, v) => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated::version::ListNodeGroups;
    use crate::strict;

    fn forgiving(body: &str) -> crate::generated::version::ListNodeGroupsResponse {
        alibabacloud_runtime::decode_body::<ListNodeGroups>(200, body.as_bytes())
            .expect("decodes forgivingly")
    }

    #[test]
    fn documented_example_needs_forgiveness() {
        let response = forgiving(DOCUMENTED);
        assert_eq!(response.data.list.len(), 1);
        assert_eq!(
            response.data.list[0].node_group_id.as_deref(),
            Some("123456")
        );
        assert_eq!(response.data.list[0].locks.len(), 1);
        assert!(serde_json::from_str::<strict::ListNodeGroupsResponse>(DOCUMENTED).is_err());
    }

    #[test]
    fn typed_bodies_decode_the_same_both_ways() {
        for n in [1, 100] {
            let body = typed(n);
            let strict: strict::ListNodeGroupsResponse =
                serde_json::from_str(&body).expect("strict decodes the typed body");
            let generated = forgiving(&body);
            assert_eq!(strict.data.list.len(), n);
            assert_eq!(generated.data.list.len(), n);
            assert_eq!(strict.data.total_count, Some(n as i64));
            assert_eq!(generated.data.total_count, Some(n as i64));
            let last = &strict.data.list[n - 1];
            assert_eq!(generated.data.list[n - 1].node_group_id, last.node_group_id);
            assert_eq!(
                generated.data.list[n - 1].node_group_name,
                last.node_group_name
            );
            assert_eq!(generated.request_id, strict.request_id);
            assert_eq!(
                generated.data.list[0].locks.len(),
                strict.data.list[0].locks.len()
            );
        }
        assert_eq!(forgiving(&documented(100)).data.list.len(), 100);
    }

    #[test]
    fn typed_is_the_documented_example_with_documented_types() {
        let typed: Value = serde_json::from_str(&typed(1)).unwrap();
        assert!(typed["Data"]["List"].is_array());
        assert!(typed["Data"]["List"][0]["Locks"].is_array());
        assert_eq!(
            typed["Data"]["List"][0]["NodeGroupId"],
            Value::from("123456")
        );
        assert_eq!(typed["Data"]["List"][0]["JoinEui"], Value::from("0"));
        assert_eq!(
            typed["Data"]["List"][0]["CreateMillis"],
            Value::from(1_514_736_000_000u64)
        );
    }
}
