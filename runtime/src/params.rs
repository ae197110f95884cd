//! Request parameters and how typed values flatten into them.

use std::collections::BTreeMap;

/// Request parameters of one call, split by where they travel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    /// Sent in the URL query.
    pub query: Vec<(String, String)>,
    /// Sent form-encoded in the body (POST).
    pub body: Vec<(String, String)>,
}

impl Params {
    /// Writes `value` under `name` into the query (nothing for `None`, `Name.1`... for lists).
    pub fn query<V: WireValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.write_to(name, &mut self.query);
    }
    /// Writes `value` under `name` into the body.
    pub fn body<V: WireValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.write_to(name, &mut self.body);
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
    format!("{parent}.{name}")
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
    /// Json-typed parameters travel as their JSON text in one parameter.
    fn write_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        out.push((name.to_owned(), self.to_string()));
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
        for (index, item) in self.iter().enumerate() {
            item.write_to(&format!("{name}.{}", index + 1), out);
        }
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
            ])
        );
    }

    #[test]
    fn member_joins() {
        assert_eq!(member("Tag.1", "Key"), "Tag.1.Key");
    }
}
