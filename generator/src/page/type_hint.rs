//! The 类型 column: page type names to spec types, and type cells that link to a type defined
//! elsewhere (`[KeyMetadata](#section_…)`).
//!
//! Known names map silently. `Timestamp`/`Date` map to `string` because the service sends them
//! as ISO-8601 text. `List`, `Array` and `RepeatList` say "array" without naming the item, so
//! the item is decided by the caller from the parameter name or the response rows below.

use crate::spec::model::Type;

/// What a type cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeHint {
    /// An empty cell (struct and element rows in some pages).
    Empty,
    /// A fully known type.
    Known(Type),
    /// An array whose item type the cell does not name.
    ArrayOfUnknown,
    /// A name this reader does not know.
    Unknown(String),
}

/// Reads a cleaned type cell.
pub fn hint(text: &str) -> TypeHint {
    let word: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '`')
        .collect();
    if word.is_empty() || word == "-" {
        return TypeHint::Empty;
    }
    let lower = word.to_lowercase();
    if let Some(item) = lower
        .strip_prefix("arrayof")
        .or_else(|| lower.strip_prefix("listof"))
    {
        let item_type = match scalar(item) {
            Some(t) => t,
            None if matches!(item, "struct" | "object") => Type::Struct,
            // `Array of NodeGroup`: a named item type is a struct.
            None => Type::Struct,
        };
        return TypeHint::Known(Type::Array(Box::new(item_type)));
    }
    if let Some(inner) = lower
        .strip_prefix("array<")
        .or_else(|| lower.strip_prefix("list<"))
        .and_then(|r| r.strip_suffix('>'))
    {
        return TypeHint::Known(Type::Array(Box::new(scalar(inner).unwrap_or(Type::Struct))));
    }
    if let Some((_, value)) = lower.strip_suffix("map").and_then(|r| r.split_once("to")) {
        // `String to string map`.
        return TypeHint::Known(Type::Map(Box::new(scalar(value).unwrap_or(Type::String))));
    }
    if let Some(t) = scalar(&lower) {
        return TypeHint::Known(t);
    }
    match lower.as_str() {
        "struct" | "object" | "对象" | "结构体" => TypeHint::Known(Type::Struct),
        "list" | "array" | "repeatlist" | "数组" | "列表" => TypeHint::ArrayOfUnknown,
        "map" => TypeHint::Known(Type::Map(Box::new(Type::String))),
        _ => TypeHint::Unknown(word),
    }
}

/// A type cell naming a type by link: `[KeyMetadata](#section_…)`, or
/// `[KeyVersion](….md#section_…)的数组` (an array of it). Gives the key to look the type up
/// by (the `#anchor` for links into this page, else the label) and whether it is an array.
pub fn type_link(text: &str) -> Option<(String, bool)> {
    let text = text.trim();
    let rest = text.strip_prefix('[')?;
    let (label, after) = rest.split_once("](")?;
    let (target, tail) = after.split_once(')')?;
    let tail = tail.trim().to_lowercase();
    let array = ["数组", "列表", "array", "list"]
        .iter()
        .any(|w| tail.contains(w));
    if !tail.is_empty() && !array {
        return None;
    }
    let key = if target.starts_with('#') {
        target.to_string()
    } else {
        label.trim().to_string()
    };
    Some((key, array))
}

/// Scalar type names, English and Chinese.
fn scalar(lower: &str) -> Option<Type> {
    Some(match lower {
        "string" | "str" | "字符串" | "timestamp" | "date" | "datetime" => Type::String,
        "integer" | "int" | "int32" | "整数" | "整型" => Type::Integer,
        "long" | "int64" | "长整型" | "长整数" => Type::Long,
        "float" | "单精度" | "浮点" | "浮点型" => Type::Float,
        "double" | "双精度" | "number" => Type::Double,
        "boolean" | "bool" | "布尔" | "布尔值" | "布尔型" => Type::Boolean,
        "json" => Type::Json,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(text: &str) -> String {
        match hint(text) {
            TypeHint::Known(t) => t.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn maps_every_corpus_type() {
        assert_eq!(known("String"), "string");
        assert_eq!(known("string"), "string");
        assert_eq!(known("Integer"), "integer");
        assert_eq!(known("Long"), "long");
        assert_eq!(known("Float"), "float");
        assert_eq!(known("Double"), "double");
        assert_eq!(known("Boolean"), "boolean");
        assert_eq!(known("Json"), "json");
        assert_eq!(known("Struct"), "struct");
        assert_eq!(known("Object"), "struct");
        assert_eq!(known("Timestamp"), "string");
        assert_eq!(known("Array of NodeGroup"), "array<struct>");
        assert_eq!(known("Array of String"), "array<string>");
        assert_eq!(known("String to string map"), "map<string>");
        assert_eq!(known("Map"), "map<string>");
        assert_eq!(known("字符串"), "string");
        assert_eq!(hint("RepeatList"), TypeHint::ArrayOfUnknown);
        assert_eq!(hint("List"), TypeHint::ArrayOfUnknown);
        assert_eq!(hint("\u{a0}"), TypeHint::Empty);
        assert_eq!(hint(""), TypeHint::Empty);
        assert_eq!(hint("Strng"), TypeHint::Unknown("Strng".into()));
    }
}
