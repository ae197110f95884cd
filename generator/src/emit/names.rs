//! Rust identifiers from wire names: case conversion, keywords, digits, punctuation, non-ASCII
//! text, and deterministic resolution of collisions.
//!
//! Wire names come from pages and can be anything (`InvalidParameter.Format`, `3DConfig`,
//! `type`, `名称`). Every function here returns an identifier rustc accepts without a lint
//! warning; raw identifiers (`r#type`) are used only where the language allows them.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Strict and reserved keywords of the 2021 edition, plus `gen` (reserved from 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names in scope in every generated file (prelude types and traits, plus the crates the generated
/// code names). A generated type with one of these names would shadow it.
pub const PRELUDE_TYPES: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Debug",
    "Drop",
    "Eq",
    "Err",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    "Extend",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "AsMut",
    "AsRef",
    "FromIterator",
    "Hash",
];

/// Method names a generated setter must not take: constructors, and trait method names that
/// clippy expects to be trait implementations.
pub const RESERVED_METHODS: &[&str] = &[
    "new",
    "default",
    "clone",
    "into",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "hash",
    "fmt",
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "neg",
    "not",
    "next",
    "deref",
    "deref_mut",
    "drop",
    "index",
    "borrow",
    "borrow_mut",
    "as_ref",
    "as_mut",
    "from_str",
    "from_iter",
    "into_iter",
    "to_owned",
    "to_string",
    "type_id",
    "try_from",
    "try_into",
    "bitand",
    "bitor",
    "bitxor",
    "shl",
    "shr",
];

/// Lower-cases the `s` of a plural acronym (`VPCs` -> `Vpcs`) so case conversion keeps it one word
/// instead of splitting `VP` / `Cs`.
fn fold_plural_acronyms(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_uppercase() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_uppercase() {
                i += 1;
            }
            let run = &chars[start..i];
            let plural = run.len() >= 2
                && chars.get(i) == Some(&'s')
                && chars.get(i + 1).is_none_or(|c| !c.is_ascii_lowercase());
            if plural {
                out.push(run[0]);
                out.extend(run[1..].iter().map(|c| c.to_ascii_lowercase()));
            } else {
                out.extend(run);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Keeps ASCII letters and digits; everything else (punctuation, spaces, non-ASCII text) becomes
/// a word break.
fn ascii_words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// True when `name` is already a camel-case Rust type name rustc and clippy accept as is
/// (`CreateLocalJoinPermission`, `DescribeVPCs`), so it is kept byte for byte.
fn is_clean_camel(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_uppercase()
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.chars().any(|c| c.is_ascii_lowercase())
}

/// The snake_case form of a wire name, or `None` when nothing of it is usable (no ASCII letter or
/// digit). Keywords get `r#` or a trailing `_`; a leading digit gets an `n` prefix.
pub fn snake_case(name: &str) -> Option<String> {
    let words = ascii_words(&fold_plural_acronyms(name));
    let snake = words.to_snake_case();
    if snake.is_empty() {
        return None;
    }
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{snake}")
    } else {
        snake
    };
    Some(keyword_safe(snake))
}

/// The UpperCamelCase form of a wire name, or `None` when nothing of it is usable. Names that are
/// already clean camel case are kept as written; a leading digit gets an `N` prefix.
pub fn pascal_case(name: &str) -> Option<String> {
    if is_clean_camel(name) {
        return Some(if name == "Self" {
            "SelfValue".to_string()
        } else {
            name.to_string()
        });
    }
    let words = ascii_words(&fold_plural_acronyms(name));
    let pascal = words.to_upper_camel_case();
    if pascal.is_empty() {
        return None;
    }
    let pascal = if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{pascal}")
    } else {
        pascal
    };
    Some(if pascal == "Self" {
        "SelfValue".to_string()
    } else {
        pascal
    })
}

/// Makes a lower-case identifier legal: keywords become raw (`r#type`), or get a trailing `_`
/// where a raw identifier is not allowed (`self_`).
pub fn keyword_safe(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The module name of an API version: `2018-12-30` -> `v2018_12_30`.
pub fn version_module(version: &str) -> Option<String> {
    let body: String = version
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let body = body.trim_matches('_').to_ascii_lowercase();
    if body.is_empty() {
        None
    } else {
        Some(format!("v{body}"))
    }
}

/// Builds a `proc_macro2::Ident` from a name produced by this module (`r#` prefix honoured).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The singular of an English plural field name, used to name the items of a list
/// (`NodeGroups` -> `NodeGroup`, `Policies` -> `Policy`). Names that do not look plural are
/// returned unchanged.
pub fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let keep = ["ss", "us", "is", "os", "as"];
    if lower.len() > 3 && lower.ends_with("ies") {
        return format!("{}y", &name[..name.len() - 3]);
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if lower.len() > suffix.len() && lower.ends_with(suffix) {
            return name[..name.len() - 2].to_string();
        }
    }
    if lower.len() > 1 && lower.ends_with('s') && !keep.iter().any(|k| lower.ends_with(k)) {
        return name[..name.len() - 1].to_string();
    }
    name.to_string()
}

/// A set of names already used in one namespace (the items of a module, the fields of a struct,
/// the variants of an enum).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| bare(s).to_string()).collect(),
        }
    }

    /// True when `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }

    /// Takes `name` if it is free.
    pub fn try_claim(&mut self, name: &str) -> bool {
        self.taken.insert(bare(name).to_string())
    }

    /// Takes `name`, or the first free of `name{sep}2`, `name{sep}3`...; the second value says
    /// whether the name had to change.
    pub fn claim_numbered(&mut self, name: &str, sep: &str) -> (String, bool) {
        if self.try_claim(name) {
            return (name.to_string(), false);
        }
        let base = bare(name);
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if self.try_claim(&candidate) {
                return (candidate, true);
            }
            n += 1;
        }
    }
}

/// A name without its `r#` prefix: `r#type` and `type` are the same name.
fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_handles_keywords_digits_dots_and_acronyms() {
        assert_eq!(
            snake_case("UseDefaultJoinEui").as_deref(),
            Some("use_default_join_eui")
        );
        assert_eq!(snake_case("type").as_deref(), Some("r#type"));
        assert_eq!(snake_case("Type").as_deref(), Some("r#type"));
        assert_eq!(snake_case("Self").as_deref(), Some("self_"));
        assert_eq!(snake_case("Crate").as_deref(), Some("crate_"));
        assert_eq!(snake_case("Super").as_deref(), Some("super_"));
        assert_eq!(snake_case("Async").as_deref(), Some("r#async"));
        assert_eq!(snake_case("3DConfig").as_deref(), Some("n3d_config"));
        assert_eq!(snake_case("Tag.N.Key").as_deref(), Some("tag_n_key"));
        assert_eq!(snake_case("DescribeVPCs").as_deref(), Some("describe_vpcs"));
        assert_eq!(snake_case("RegionId").as_deref(), Some("region_id"));
        assert_eq!(snake_case("regionId").as_deref(), Some("region_id"));
        assert_eq!(snake_case("Regionid").as_deref(), Some("regionid"));
    }

    #[test]
    fn non_ascii_text_is_dropped_or_reported_as_unusable() {
        assert_eq!(snake_case("名称"), None);
        assert_eq!(pascal_case("名称"), None);
        assert_eq!(snake_case("名称Id").as_deref(), Some("id"));
        assert_eq!(pascal_case("实例Id列表").as_deref(), Some("Id"));
        assert_eq!(snake_case("..."), None);
        assert_eq!(snake_case(""), None);
    }

    #[test]
    fn pascal_case_keeps_clean_names_and_fixes_the_rest() {
        assert_eq!(
            pascal_case("CreateLocalJoinPermission").as_deref(),
            Some("CreateLocalJoinPermission")
        );
        assert_eq!(pascal_case("DescribeVPCs").as_deref(), Some("DescribeVPCs"));
        assert_eq!(
            pascal_case("InvalidParameter.Format").as_deref(),
            Some("InvalidParameterFormat")
        );
        assert_eq!(
            pascal_case("Forbidden.RAM").as_deref(),
            Some("ForbiddenRam")
        );
        assert_eq!(pascal_case("VPC").as_deref(), Some("Vpc"));
        assert_eq!(pascal_case("400").as_deref(), Some("N400"));
        assert_eq!(pascal_case("3DConfig").as_deref(), Some("N3dConfig"));
        assert_eq!(pascal_case("Self").as_deref(), Some("SelfValue"));
        assert_eq!(pascal_case("self").as_deref(), Some("SelfValue"));
        assert_eq!(pascal_case("node_group").as_deref(), Some("NodeGroup"));
    }

    #[test]
    fn idents_are_raw_only_where_needed() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self_").to_string(), "self_");
        assert_eq!(ident("plain").to_string(), "plain");
    }

    #[test]
    fn version_modules() {
        assert_eq!(version_module("2018-12-30").as_deref(), Some("v2018_12_30"));
        assert_eq!(version_module("  "), None);
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("NodeGroups"), "NodeGroup");
        assert_eq!(singular("Policies"), "Policy");
        assert_eq!(singular("Addresses"), "Address");
        assert_eq!(singular("Boxes"), "Box");
        assert_eq!(singular("Status"), "Status");
        assert_eq!(singular("Address"), "Address");
        assert_eq!(singular("Tag"), "Tag");
        assert_eq!(singular("VPCs"), "VPC");
    }

    #[test]
    fn collisions_are_numbered_deterministically() {
        let mut scope = Scope::with_reserved(&["new"]);
        assert_eq!(
            scope.claim_numbered("region_id", "_"),
            ("region_id".to_string(), false)
        );
        assert_eq!(
            scope.claim_numbered("region_id", "_"),
            ("region_id_2".to_string(), true)
        );
        assert_eq!(
            scope.claim_numbered("region_id", "_"),
            ("region_id_3".to_string(), true)
        );
        assert_eq!(
            scope.claim_numbered("new", "_"),
            ("new_2".to_string(), true)
        );
        assert!(scope.contains("r#new"));
        assert!(!scope.try_claim("r#region_id"));
    }
}
