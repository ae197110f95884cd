//! JSON request bodies of ROA operations: what [`crate::Params`] collects, and the exact text
//! that is sent.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

/// A JSON request body, as [`crate::Params`] collects it.
///
/// The text sent is compact, with the keys of every object sorted bytewise (at every depth, so
/// the bytes do not depend on field order or on serde_json's `preserve_order` feature) and no
/// trailing newline; [`JsonBody::Text`] is sent exactly as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonBody {
    /// An object built member by member ([`crate::Params::json_member`]). Empty when every
    /// member was unset: the body is then `{}`.
    Object(BTreeMap<String, Value>),
    /// One value that is the whole body ([`crate::Params::json_payload`]), such as a bare array.
    Value(Value),
    /// JSON text that is the whole body, sent verbatim ([`crate::Params::json_text_payload`]).
    Text(String),
}

impl JsonBody {
    /// The body text exactly as it is sent (and hashed for the signature).
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            JsonBody::Object(members) => {
                let mut out = String::with_capacity(64);
                write_object(&mut out, members.iter());
                Cow::Owned(out)
            }
            JsonBody::Value(value) => {
                let mut out = String::with_capacity(64);
                write_sorted(&mut out, value);
                Cow::Owned(out)
            }
            JsonBody::Text(text) => Cow::Borrowed(text),
        }
    }

    /// The body as a JSON value. Verbatim text that is not JSON comes back as a JSON string
    /// holding that text, so that comparing it with the intended structure fails visibly.
    pub fn to_value(&self) -> Value {
        match self {
            JsonBody::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(name, value)| (name.clone(), value.clone()))
                    .collect(),
            ),
            JsonBody::Value(value) => value.clone(),
            JsonBody::Text(text) => {
                serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone()))
            }
        }
    }
}

/// Writes `value` compactly with every object's keys sorted.
fn write_sorted(out: &mut String, value: &Value) {
    match value {
        Value::Object(map) => {
            // Sorted here rather than trusting the map's order, which `preserve_order` changes.
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_unstable_by(|a, b| a.0.cmp(b.0));
            write_object(out, members.into_iter());
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_sorted(out, item);
            }
            out.push(']');
        }
        // Scalars: serde_json's own text (string escaping, shortest float form).
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Writes an object whose members come already sorted.
fn write_object<'a>(out: &mut String, members: impl Iterator<Item = (&'a String, &'a Value)>) {
    out.push('{');
    for (index, (name, value)) in members.enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&Value::String(name.clone()).to_string());
        out.push(':');
        write_sorted(out, value);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn object_text_is_compact_and_sorted_at_every_depth() {
        let mut members = BTreeMap::new();
        members.insert("zeta".to_owned(), json!({"b": 1, "a": [true, null, 1.5]}));
        members.insert("Alpha".to_owned(), json!("x\"<&>\n你"));
        let body = JsonBody::Object(members);
        assert_eq!(
            body.text(),
            r#"{"Alpha":"x\"<&>\n你","zeta":{"a":[true,null,1.5],"b":1}}"#
        );
        assert_eq!(
            body.to_value(),
            json!({"Alpha": "x\"<&>\n你", "zeta": {"a": [true, null, 1.5], "b": 1}})
        );
        assert_eq!(JsonBody::Object(BTreeMap::new()).text(), "{}");
    }

    #[test]
    fn value_and_text() {
        let array = JsonBody::Value(json!(["cn-hangzhou-i", {"y": 2, "x": 1}]));
        assert_eq!(array.text(), r#"["cn-hangzhou-i",{"x":1,"y":2}]"#);
        let text = JsonBody::Text("{ \"kept\" : [ 1 ] }\n".to_owned());
        assert_eq!(text.text(), "{ \"kept\" : [ 1 ] }\n");
        assert_eq!(text.to_value(), json!({"kept": [1]}));
        assert_eq!(
            JsonBody::Text("not json".to_owned()).to_value(),
            json!("not json")
        );
    }
}
