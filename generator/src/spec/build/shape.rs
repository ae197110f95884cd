//! The shape of a response example: which keys exist, what holds objects, what holds arrays.
//! Built from the JSON example, the XML example, or both merged; the nesting stage reads it
//! to rebuild the hierarchy the response tables lose.

use std::collections::BTreeMap;

/// The shape of one example value.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// `null`, an empty element, or nothing known.
    Unknown,
    /// `true` / `false`.
    Bool,
    /// A whole number.
    Int,
    /// A number with a fraction.
    Float,
    /// Text.
    Str,
    /// An object (key order is not kept: only membership matters here).
    Object(BTreeMap<String, Shape>),
    /// An array; the item is every item's shape merged.
    Array(Box<Shape>),
}

impl Shape {
    /// The object keys of this shape, looking through an array to its items.
    pub fn members(&self) -> Option<&BTreeMap<String, Shape>> {
        match self {
            Shape::Object(map) => Some(map),
            Shape::Array(item) => item.members(),
            _ => None,
        }
    }

    /// Reads a JSON value.
    pub fn from_json(value: &serde_json::Value) -> Shape {
        use serde_json::Value;
        match value {
            Value::Null => Shape::Unknown,
            Value::Bool(_) => Shape::Bool,
            Value::Number(n) => {
                if n.is_f64() {
                    Shape::Float
                } else {
                    Shape::Int
                }
            }
            Value::String(_) => Shape::Str,
            Value::Array(items) => Shape::Array(Box::new(
                items
                    .iter()
                    .map(Shape::from_json)
                    .fold(Shape::Unknown, merge),
            )),
            Value::Object(map) => Shape::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Shape::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Reads XML elements (the children of a response root): repeated elements are arrays,
    /// elements with children are objects, text is typed by its look.
    pub fn from_xml(elements: &[super::xml::Element]) -> Shape {
        let mut map: BTreeMap<String, Shape> = BTreeMap::new();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for e in elements {
            *counts.entry(e.name.as_str()).or_insert(0) += 1;
        }
        for e in elements {
            let shape = if e.children.is_empty() {
                text_shape(&e.text)
            } else {
                Shape::from_xml(&e.children)
            };
            let repeated = counts.get(e.name.as_str()).copied().unwrap_or(0) > 1;
            let entry = map.remove(&e.name);
            let merged = match (entry, repeated) {
                (Some(Shape::Array(item)), true) => Shape::Array(Box::new(merge(*item, shape))),
                (None, true) => Shape::Array(Box::new(shape)),
                (Some(old), _) => merge(old, shape),
                (None, false) => shape,
            };
            map.insert(e.name.clone(), merged);
        }
        Shape::Object(map)
    }
}

fn text_shape(text: &str) -> Shape {
    let t = text.trim();
    if t.is_empty() {
        Shape::Unknown
    } else if t == "true" || t == "false" {
        Shape::Bool
    } else if t.parse::<i64>().is_ok() && !(t.len() > 1 && t.starts_with('0')) {
        Shape::Int
    } else if t.parse::<f64>().is_ok()
        && t.contains('.')
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        Shape::Float
    } else {
        Shape::Str
    }
}

/// Merges two shapes of the same value; the first wins where they disagree on scalars, and
/// an array wins over a single object (the single object is then taken as an item).
pub fn merge(a: Shape, b: Shape) -> Shape {
    match (a, b) {
        (Shape::Unknown, b) => b,
        (a, Shape::Unknown) => a,
        (Shape::Object(mut x), Shape::Object(y)) => {
            for (k, v) in y {
                let merged = match x.remove(&k) {
                    Some(old) => merge(old, v),
                    None => v,
                };
                x.insert(k, merged);
            }
            Shape::Object(x)
        }
        (Shape::Array(x), Shape::Array(y)) => Shape::Array(Box::new(merge(*x, *y))),
        (Shape::Array(x), other) => Shape::Array(Box::new(merge(*x, other))),
        (other, Shape::Array(y)) => Shape::Array(Box::new(merge(other, *y))),
        (Shape::Int, Shape::Float) | (Shape::Float, Shape::Int) => Shape::Float,
        (a, _) => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_xml_shapes_merge() {
        let j: serde_json::Value =
            serde_json::from_str(r#"{"A":{"B":1},"L":[{"X":"a"},{"Y":true}]}"#).unwrap();
        let s = Shape::from_json(&j);
        let l = s.members().and_then(|m| m.get("L")).unwrap();
        assert_eq!(l.members().map(|m| m.len()), Some(2));
        let xml = super::super::xml::parse(
            "<R><A><B>1</B><C>x</C></A><L><X>a</X></L><L><X>b</X></L></R>",
        )
        .unwrap();
        let x = Shape::from_xml(&xml[0].children);
        assert!(matches!(
            x.members().and_then(|m| m.get("L")),
            Some(Shape::Array(_))
        ));
        let m = merge(s, x);
        assert_eq!(
            m.members()
                .and_then(|m| m.get("A"))
                .and_then(|a| a.members())
                .map(|a| a.len()),
            Some(2)
        );
    }
}
