//! Request parameters and how typed values flatten into them.

use std::collections::BTreeMap;

use crate::json_body::JsonBody;

/// Request parameters of one call, split by where they travel.
///
/// RPC operations use [`Params::query`] and [`Params::body`]. ROA operations also use
/// [`Params::path`], [`Params::header`] and the JSON body methods ([`Params::json_member`],
/// [`Params::json_payload`], [`Params::json_text_payload`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    /// Sent in the URL query.
    pub query: Vec<(String, String)>,
    /// Form fields: sent form-encoded in the body (RPC POST, ROA form bodies). RPC GET moves
    /// them into the query; ROA never does.
    pub body: Vec<(String, String)>,
    /// ROA path parameters: name → raw (unescaped) value. The client percent-encodes each value
    /// into its `[Name]` placeholder of [`crate::Operation::PATH`].
    pub path: Vec<(String, String)>,
    /// Extra request headers, sent (and signed where the scheme signs them) as given. Headers
    /// the runtime sets itself (`host`, `content-type`, `authorization`, `date`, `accept`,
    /// `user-agent` and the protocol's `x-acs-*` headers) take precedence: a parameter with one
    /// of those names is not sent.
    pub headers: Vec<(String, String)>,
    /// The JSON body of an ROA operation, if any; it wins over [`Params::body`] form fields.
    pub json: Option<JsonBody>,
    /// Why a value could not be written (it did not serialise to JSON, a path parameter was a
    /// list...): the call fails with this instead of sending a request without it.
    problems: Vec<String>,
}

impl Params {
    /// Writes `value` under `name` into the query (nothing for `None`, `Name.1`... for lists).
    pub fn query<V: WireValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.write_to(name, &mut self.query);
    }

    /// Writes `value` under `name` into the form body.
    pub fn body<V: WireValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.write_to(name, &mut self.body);
    }

    /// Sets ROA path parameter `name` to the text of `value` (raw; the client escapes it).
    /// `None` writes nothing, and the call then fails naming the parameter. A value that
    /// flattens into more than one parameter (a list, a struct) cannot fill a path segment and
    /// fails the call as well.
    pub fn path<V: WireValue + ?Sized>(&mut self, name: &str, value: &V) {
        let mut written = Vec::with_capacity(1);
        value.write_to(name, &mut written);
        if written.len() > 1 {
            self.problems.push(format!(
                "path parameter {name} has {} values; a path segment takes one",
                written.len()
            ));
            return;
        }
        if let Some((written_name, text)) = written.pop() {
            // A scalar wrote its pair under `name` itself: that `String` is kept, not copied.
            let name = if written_name == name {
                written_name
            } else {
                name.to_owned()
            };
            self.path.push((name, text));
        }
    }

    /// Writes `value` under `name` into the request headers (nothing for `None`).
    pub fn header<V: WireValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.write_to(name, &mut self.headers);
    }

    /// Sets member `name` of the JSON object body to `value`'s JSON, unless it serialises to
    /// `null` (so `None` adds nothing). Either way the request gets a JSON object body: an
    /// operation whose body members are all unset sends `{}`.
    pub fn json_member<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(error) => {
                self.problems
                    .push(format!("body member {name} is not valid JSON: {error}"));
                return;
            }
        };
        let json = self
            .json
            .get_or_insert_with(|| JsonBody::Object(BTreeMap::new()));
        let JsonBody::Object(members) = json else {
            self.problems.push(format!(
                "body member {name} cannot be added: the whole body is already set"
            ));
            return;
        };
        if !value.is_null() {
            members.insert(name.to_owned(), value);
        }
    }

    /// Makes `value`'s JSON the whole body (a bare array, say). A value that serialises to
    /// `null` (an unset optional body) leaves the request without a body.
    pub fn json_payload<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        match serde_json::to_value(value) {
            Ok(value) if value.is_null() => {}
            Ok(value) => self.json = Some(JsonBody::Value(value)),
            Err(error) => self
                .problems
                .push(format!("the body is not valid JSON: {error}")),
        }
    }

    /// Makes `text` the whole body, sent verbatim as JSON (for a body parameter that is already
    /// JSON text).
    pub fn json_text_payload(&mut self, text: &str) {
        self.json = Some(JsonBody::Text(text.to_owned()));
    }

    /// The JSON body as it would be sent, parsed; `None` when the request has no JSON body.
    /// See [`JsonBody::to_value`] for verbatim text that is not JSON.
    pub fn json_body(&self) -> Option<serde_json::Value> {
        self.json.as_ref().map(JsonBody::to_value)
    }

    /// The first value that could not be written, if any.
    pub(crate) fn problem(&self) -> Option<&str> {
        self.problems.first().map(String::as_str)
    }
}

/// A value that flattens into wire parameters under a name: scalars write `name=value`,
/// `Option` writes nothing when `None`, `Vec<T>` writes `name.1`, `name.2`..., generated structs
/// write `name.Member` for each member, `serde_json::Value` writes its JSON text, maps write
/// `name.#<len>#<key>`. Booleans are lower-case.
pub trait WireValue {
    /// Appends this value's parameters under `name`.
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>);
}

/// Joins a parent parameter name and a member name: `member("Tag.1", "Key")` is `Tag.1.Key`.
pub fn member(parent: &str, name: &str) -> String {
    let mut joined = String::with_capacity(parent.len() + 1 + name.len());
    joined.push_str(parent);
    joined.push('.');
    joined.push_str(name);
    joined
}

impl WireValue for str {
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        out.push((name.to_owned(), self.to_owned()));
    }
}

impl WireValue for String {
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        self.as_str().write_to(name, out);
    }
}

impl<T: WireValue + ?Sized> WireValue for &T {
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        (**self).write_to(name, out);
    }
}

impl WireValue for bool {
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        out.push((
            name.to_owned(),
            if *self { "true" } else { "false" }.to_owned(),
        ));
    }
}

// Decimal text via `Display`: integers have one spelling, and Rust's shortest round-trip float
// text (`1.5`, `100`) is what the service parses.
macro_rules! display_wire_value {
    ($($t:ty),*) => {$(
        impl WireValue for $t {
            fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
                out.push((name.to_owned(), self.to_string()));
            }
        }
    )*};
}
display_wire_value!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl WireValue for serde_json::Value {
    /// Json-typed parameters travel as their JSON text in one parameter. A JSON string is taken
    /// as text already written (a caller passing `"[{\"Key\":1}]"` has done the encoding; a
    /// document that is one bare string is never what such a parameter wants), so it travels as
    /// is rather than quoted again.
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        let text = match self {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        out.push((name.to_owned(), text));
    }
}

impl<T: WireValue> WireValue for Option<T> {
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(value) = self {
            value.write_to(name, out);
        }
    }
}

impl<T: WireValue> WireValue for Vec<T> {
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        self.as_slice().write_to(name, out);
    }
}

impl<T: WireValue> WireValue for [T] {
    /// Repeat lists are 1-based: `Name.1`, `Name.2`...
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        // One buffer for every item's name: `name.` then the index, rewritten in place.
        let mut item_name = String::with_capacity(name.len() + 4);
        item_name.push_str(name);
        item_name.push('.');
        let stem = item_name.len();
        for (index, item) in self.iter().enumerate() {
            item_name.truncate(stem);
            push_decimal(&mut item_name, index + 1);
            item.write_to(&item_name, out);
        }
    }
}

/// Appends the decimal digits of `n`.
fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        // `rest % 10` is a digit, so the cast keeps it whole.
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

impl<T: WireValue> WireValue for BTreeMap<String, T> {
    /// Map parameters are `Name.#<len>#<key>`, the length in bytes of the key, as the official
    /// SDKs spell them.
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        for (key, value) in self {
            value.write_to(&format!("{name}.#{}#{key}", key.len()), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tag {
        key: Option<String>,
        value: Option<String>,
    }

    impl WireValue for Tag {
        fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
            self.key.write_to(&member(name, "Key"), out);
            self.value.write_to(&member(name, "Value"), out);
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn scalars() {
        let mut p = Params::default();
        p.query("S", "a b");
        p.query("B", &true);
        p.query("F", &false);
        p.query("I", &-3i32);
        p.query("L", &1_700_000_000_000i64);
        p.query("D", &1.5f64);
        p.query("E", &100.0f32);
        p.body("O", &None::<String>);
        p.body("P", &Some(String::new()));
        assert_eq!(
            p.query,
            pairs(&[
                ("S", "a b"),
                ("B", "true"),
                ("F", "false"),
                ("I", "-3"),
                ("L", "1700000000000"),
                ("D", "1.5"),
                ("E", "100")
            ])
        );
        assert_eq!(p.body, pairs(&[("P", "")]));
    }

    #[test]
    fn lists_structs_maps_json() {
        let mut p = Params::default();
        p.query("InstanceId", &vec!["i-1".to_string(), "i-2".to_string()]);
        p.query(
            "Tag",
            &vec![
                Tag {
                    key: Some("k".into()),
                    value: Some("v".into()),
                },
                Tag {
                    key: Some("k2".into()),
                    value: None,
                },
            ],
        );
        p.query("X", &vec![vec![1i32, 2], vec![3]]);
        p.query("Empty", &Vec::<String>::new());
        let mut map = BTreeMap::new();
        map.insert("env".to_string(), "prod".to_string());
        map.insert("你".to_string(), "x".to_string());
        p.query("Labels", &map);
        p.query("Conf", &serde_json::json!({"a": [1, "b"]}));
        // Text already encoded as JSON is not quoted a second time.
        p.query("Written", &serde_json::Value::from(r#"[{"k":1}]"#));
        assert_eq!(
            p.query,
            pairs(&[
                ("InstanceId.1", "i-1"),
                ("InstanceId.2", "i-2"),
                ("Tag.1.Key", "k"),
                ("Tag.1.Value", "v"),
                ("Tag.2.Key", "k2"),
                ("X.1.1", "1"),
                ("X.1.2", "2"),
                ("X.2.1", "3"),
                ("Labels.#3#env", "prod"),
                ("Labels.#3#你", "x"),
                ("Conf", r#"{"a":[1,"b"]}"#),
                ("Written", r#"[{"k":1}]"#),
            ])
        );
    }

    #[test]
    fn member_joins() {
        assert_eq!(member("Tag.1", "Key"), "Tag.1.Key");
        assert_eq!(member("", "Key"), ".Key");
    }

    #[test]
    fn list_indices_past_nine() {
        let mut p = Params::default();
        let list: Vec<i64> = (0..1001).collect();
        p.query("N", &list);
        for (index, (name, value)) in p.query.iter().enumerate() {
            assert_eq!(*name, format!("N.{}", index + 1));
            assert_eq!(*value, index.to_string());
        }
        let mut text = String::new();
        for n in [0, 9, 10, 99, 100, usize::MAX] {
            text.clear();
            push_decimal(&mut text, n);
            assert_eq!(text, n.to_string());
        }
    }

    #[test]
    fn path_and_header_parameters() {
        let mut p = Params::default();
        p.path("InstanceId", "es/1 *");
        p.path("Zone", &Some(3i64));
        p.path("Unset", &None::<String>);
        p.header("x-acs-zone", &true);
        p.header("x-none", &None::<String>);
        assert_eq!(p.path, pairs(&[("InstanceId", "es/1 *"), ("Zone", "3")]));
        assert_eq!(p.headers, pairs(&[("x-acs-zone", "true")]));
        assert_eq!(p.problem(), None);
        // A list cannot fill one path segment.
        p.path("Ids", &vec!["a".to_string(), "b".to_string()]);
        assert!(p.problem().unwrap().contains("Ids"));
    }

    #[test]
    fn json_members_make_a_sorted_object_even_when_unset() {
        let mut p = Params::default();
        assert_eq!(p.json_body(), None);
        p.json_member("zone", &None::<String>);
        assert_eq!(p.json_body(), Some(serde_json::json!({})));
        assert_eq!(p.json.as_ref().unwrap().text(), "{}");
        p.json_member("nodeSpec", &serde_json::json!({"spec": "x", "disk": 40}));
        p.json_member("count", &Some(2u8));
        p.json_member("tags", &vec!["a", "b"]);
        assert_eq!(
            p.json.as_ref().unwrap().text(),
            r#"{"count":2,"nodeSpec":{"disk":40,"spec":"x"},"tags":["a","b"]}"#
        );
        assert_eq!(
            p.json_body(),
            Some(
                serde_json::json!({"count": 2, "nodeSpec": {"disk": 40, "spec": "x"}, "tags": ["a", "b"]})
            )
        );
        assert_eq!(p.problem(), None);
    }

    #[test]
    fn json_payloads() {
        let mut p = Params::default();
        p.json_payload(&["cn-hangzhou-i", "cn-hangzhou-h"]);
        assert_eq!(
            p.json.as_ref().unwrap().text(),
            r#"["cn-hangzhou-i","cn-hangzhou-h"]"#
        );
        // Adding a member to a whole-body payload is a problem, not a silent change.
        p.json_member("x", &1);
        assert!(p.problem().unwrap().contains("body member x"));

        let mut p = Params::default();
        p.json_payload(&None::<Vec<String>>);
        assert_eq!(p.json, None);
        p.json_text_payload(r#"{"query": {"match_all": {}}}"#);
        assert_eq!(
            p.json.as_ref().unwrap().text(),
            r#"{"query": {"match_all": {}}}"#
        );
        assert_eq!(
            p.json_body(),
            Some(serde_json::json!({"query": {"match_all": {}}}))
        );
    }

    #[test]
    fn values_that_are_not_json_are_problems() {
        // A map with non-string keys has no JSON form.
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], "v");
        let mut p = Params::default();
        p.json_member("Bad", &map);
        assert!(p.problem().unwrap().contains("Bad"), "{:?}", p.problem());
        let mut p = Params::default();
        p.json_payload(&map);
        assert!(p.problem().is_some());
    }
}
