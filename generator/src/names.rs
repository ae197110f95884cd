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
    "extra",
    "extra_query",
    "extra_body",
    "extra_header",
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
    /// whether the name had to change. With `_` as separator a trailing `_` (of `self_`, `new_`)
    /// is dropped first: `self__2` would fail `non_snake_case`.
    pub fn claim_numbered(&mut self, name: &str, sep: &str) -> (String, bool) {
        self.claim_numbered_avoiding(name, sep, &Scope::default())
    }

    /// As [`Scope::claim_numbered`], but a numbered name is never one of `avoid` (names other
    /// members of the namespace take by themselves), so a number never makes one member look
    /// like another.
    pub fn claim_numbered_avoiding(
        &mut self,
        name: &str,
        sep: &str,
        avoid: &Scope,
    ) -> (String, bool) {
        if self.try_claim(name) {
            return (name.to_string(), false);
        }
        let base = bare(name);
        let base = match base.trim_end_matches('_') {
            trimmed if sep == "_" && !trimmed.is_empty() => trimmed,
            _ => base,
        };
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if !avoid.contains(&candidate) && self.try_claim(&candidate) {
                return (candidate, true);
            }
            n += 1;
        }
    }
}

/// How [`variant_names`] named one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantName {
    /// The variant's name.
    pub ident: String,
    /// The name the value takes when no other value wants it.
    pub plain: String,
    /// The other values (by index) whose plain names are the same ignoring case; empty when
    /// the value has its name to itself.
    pub rivals: Vec<usize>,
    /// The reserved name (`Other`) the value's PascalCase form is, when `Value` had to be
    /// appended to it.
    pub reserved: Option<String>,
}

/// Names the variants of an enum of wire strings (documented values, error codes) so that no
/// name can be taken for another value's:
///
/// 1. A value's plain name is its PascalCase form ([`pascal_case`]; `fallback(index)` when it
///    has no ASCII letter or digit), with `Value` appended when that is one of `reserved`
///    (`other` -> `OtherValue`, beside the catch-all `Other`).
/// 2. Values whose plain names are equal ignoring case collide (`o-n` -> `ON`, `ON` -> `On`,
///    `on` -> `On`). A value alone keeps its plain name.
/// 3. In a collision, a value written exactly as its plain name (`InvalidParameterFormat`,
///    `Pending`; then `1` for `N1`) keeps it: that name is the value itself.
/// 4. Every other colliding value is named from its spelling, the first of these that is free:
///    - in PascalCase with punctuation spelled out (`o-n` -> `OHyphenN`,
///      `InvalidParameter.Format` -> `InvalidParameterDotFormat`), unless another colliding
///      value spells the same ignoring case;
///    - as written, with punctuation spelled out and each run of letters and digits starting
///      upper-case (`InvalidInstanceId.MalFormed` -> `InvalidInstanceIdDotMalFormed` beside
///      `InvalidInstanceId.Malformed` -> `InvalidInstanceIdDotMalformed`), when that has a
///      lower-case letter, is no other value's plain name or text, and no other colliding
///      value's spelling;
///    - in PascalCase followed by the case of its letters: `Upper`, `Lower`, `Capitalized`
///      (upper-case first, then lower-case), `Camel` (lower-case first, then some upper-case)
///      or `Pascal` (upper-case first, later upper- and lower-case): `ON` -> `OnUpper`, `on`
///      -> `OnLower`, `oN` -> `ONCamel`;
///    - that name numbered, when spellings differ only where a name cannot (non-ASCII text):
///      `OnUpperAlt2`, `OnUpperAlt3`, in value order.
///
/// Every plain name is claimed before any spelling, so no variant is named like another
/// value's plain name or wire text, and none takes a shared plain name unless it is its own
/// value as written. Names differing only in case each spell their own value as written
/// (`InvalidInstanceIdDotMalFormed` beside `InvalidInstanceIdDotMalformed`, values `ONUpper`
/// and `OnUpper`); every other name differs from all others ignoring case.
pub fn variant_names(
    values: &[&str],
    reserved: &[&str],
    fallback: impl Fn(usize) -> String,
) -> Vec<VariantName> {
    let lower = |name: &str| name.to_ascii_lowercase();
    let reserved_lower: BTreeSet<String> = reserved.iter().map(|r| lower(r)).collect();
    let mut plains = Vec::with_capacity(values.len());
    let mut avoided = Vec::with_capacity(values.len());
    for (index, value) in values.iter().enumerate() {
        let plain = pascal_case(value).unwrap_or_else(|| fallback(index));
        if reserved_lower.contains(&lower(&plain)) {
            plains.push(format!("{plain}Value"));
            avoided.push(Some(plain));
        } else {
            plains.push(plain);
            avoided.push(None);
        }
    }
    let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (index, plain) in plains.iter().enumerate() {
        groups.entry(lower(plain)).or_default().push(index);
    }
    let mut taken = reserved_lower.clone();
    taken.extend(plains.iter().map(|p| lower(p)));

    let mut idents: Vec<Option<String>> = vec![None; values.len()];
    for members in groups.values() {
        if let [only] = members.as_slice() {
            idents[*only] = Some(plains[*only].clone());
            continue;
        }
        // Written exactly as the name first, then with only the `N` of a leading digit
        // missing, so `N1` keeps `N1` over `1`.
        let exact = |i: usize| values[i] == plains[i];
        let prefixed = |i: usize| format!("N{}", values[i]) == plains[i];
        let mut kept: BTreeSet<&str> = BTreeSet::new();
        for written_so in [&exact as &dyn Fn(usize) -> bool, &prefixed] {
            for &i in members {
                if idents[i].is_none() && written_so(i) && kept.insert(plains[i].as_str()) {
                    idents[i] = Some(plains[i].clone());
                }
            }
        }
    }
    let spellings: Vec<String> = values
        .iter()
        .zip(&plains)
        .map(|(value, plain)| spelling(value, false).unwrap_or_else(|| plain.clone()))
        .collect();
    let as_written: Vec<Option<String>> = values
        .iter()
        .map(|value| spelling(value, true).filter(|s| s.chars().any(|c| c.is_ascii_lowercase())))
        .collect();
    // Names no spelling as written may take: every plain name and every value's text.
    let mut taken_exact: BTreeSet<String> = plains.iter().cloned().collect();
    taken_exact.extend(values.iter().map(|v| v.to_string()));
    // Which values are named from their spelling, fixed before any of them is named.
    let spelled_out: Vec<bool> = idents.iter().map(Option::is_none).collect();
    for index in 0..values.len() {
        if !spelled_out[index] {
            continue;
        }
        let group = &groups[&lower(&plains[index])];
        let others: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&other| other != index && spelled_out[other])
            .collect();
        let spelled = &spellings[index];
        let free = |name: &str| name != "Self" && !taken.contains(&lower(name));
        let pascal = (!others
            .iter()
            .any(|&other| lower(&spellings[other]) == lower(spelled)))
        .then(|| spelled.clone())
        .filter(|name| free(name));
        let written = as_written[index].clone().filter(|name| {
            name != "Self"
                && !reserved_lower.contains(&lower(name))
                && !taken_exact.contains(name)
                && !others
                    .iter()
                    .any(|&other| as_written[other].as_ref() == Some(name))
        });
        let with_case = case_word(values[index]).map(|word| format!("{spelled}{word}"));
        let ident = match pascal
            .or(written)
            .or_else(|| with_case.clone().filter(|name| free(name)))
        {
            Some(name) => name,
            None => {
                let base = with_case.unwrap_or_else(|| spelled.clone());
                let mut n = 2usize;
                loop {
                    let candidate = format!("{base}Alt{n}");
                    if free(&candidate) {
                        break candidate;
                    }
                    n += 1;
                }
            }
        };
        taken.insert(lower(&ident));
        taken_exact.insert(ident.clone());
        idents[index] = Some(ident);
    }

    idents
        .into_iter()
        .zip(plains)
        .zip(avoided)
        .enumerate()
        .map(|(index, ((ident, plain), reserved))| {
            let rivals = groups[&lower(&plain)]
                .iter()
                .copied()
                .filter(|&other| other != index)
                .collect();
            VariantName {
                ident: ident.unwrap_or_else(|| plain.clone()),
                plain,
                rivals,
                reserved,
            }
        })
        .collect()
}

/// The spelling of a wire value as a variant name: each run of ASCII letters and digits in
/// PascalCase (or `as_written`, only its first letter made upper-case), each punctuation
/// character as a word (`o-n` -> `OHyphenN`); other text only separates runs. `None` when
/// nothing of it can be spelled.
fn spelling(value: &str, as_written: bool) -> Option<String> {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |out: &mut String, run: &mut String| {
        if run.is_empty() {
            return;
        }
        if as_written {
            let mut chars = run.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars);
            }
        } else if is_clean_camel(run) {
            out.push_str(run);
        } else {
            out.push_str(&fold_plural_acronyms(run).to_upper_camel_case());
        }
        run.clear();
    };
    for c in value.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
            continue;
        }
        flush(&mut out, &mut run);
        if let Some(word) = punctuation_word(c) {
            out.push_str(word);
        }
    }
    flush(&mut out, &mut run);
    if out.is_empty() {
        None
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        Some(format!("N{out}"))
    } else {
        Some(out)
    }
}

/// The word an ASCII punctuation or space character is spelled as in a variant name.
fn punctuation_word(c: char) -> Option<&'static str> {
    Some(match c {
        '-' => "Hyphen",
        '.' => "Dot",
        '_' => "Underscore",
        ' ' => "Space",
        '\t' => "Tab",
        '/' => "Slash",
        '\\' => "Backslash",
        ':' => "Colon",
        ';' => "Semicolon",
        ',' => "Comma",
        '+' => "Plus",
        '*' => "Star",
        '#' => "Hash",
        '@' => "At",
        '&' => "Ampersand",
        '=' => "Equals",
        '%' => "Percent",
        '$' => "Dollar",
        '!' => "Exclamation",
        '?' => "Question",
        '~' => "Tilde",
        '^' => "Caret",
        '|' => "Pipe",
        '<' => "Less",
        '>' => "Greater",
        '(' => "OpenParen",
        ')' => "CloseParen",
        '[' => "OpenBracket",
        ']' => "CloseBracket",
        '{' => "OpenBrace",
        '}' => "CloseBrace",
        '\'' => "Apostrophe",
        '"' => "Quote",
        '`' => "Backtick",
        _ => return None,
    })
}

/// The case of a value's ASCII letters as a word: `Upper`, `Lower`, `Capitalized` (upper-case
/// first, then lower-case), `Camel` (lower-case first, then some upper-case) or `Pascal`
/// (upper-case first, later both); `None` without letters.
fn case_word(value: &str) -> Option<&'static str> {
    let letters: Vec<char> = value.chars().filter(char::is_ascii_alphabetic).collect();
    let (first, rest) = letters.split_first()?;
    Some(if letters.iter().all(char::is_ascii_uppercase) {
        "Upper"
    } else if letters.iter().all(char::is_ascii_lowercase) {
        "Lower"
    } else if first.is_ascii_lowercase() {
        "Camel"
    } else if rest.iter().all(char::is_ascii_lowercase) {
        "Capitalized"
    } else {
        "Pascal"
    })
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

    #[test]
    fn numbered_snake_names_have_no_double_underscore() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim_numbered("self_", "_"), ("self_".into(), false));
        assert_eq!(scope.claim_numbered("self_", "_"), ("self_2".into(), true));
        assert_eq!(scope.claim_numbered("new_", "_"), ("new_".into(), false));
        assert_eq!(scope.claim_numbered("new_", "_"), ("new_2".into(), true));
        assert_eq!(
            scope.claim_numbered("r#type", "_"),
            ("r#type".into(), false)
        );
        assert_eq!(scope.claim_numbered("r#type", "_"), ("type_2".into(), true));
    }

    #[test]
    fn numbers_skip_names_other_members_want() {
        let mut scope = Scope::default();
        let avoid = Scope::with_reserved(&["region_id", "region_id_2"]);
        scope.try_claim("region_id");
        assert_eq!(
            scope.claim_numbered_avoiding("region_id", "_", &avoid),
            ("region_id_3".into(), true)
        );
    }

    fn idents(values: &[&str], reserved: &[&str]) -> Vec<String> {
        variant_names(values, reserved, |i| format!("Value{}", i + 1))
            .into_iter()
            .map(|v| v.ident)
            .collect()
    }

    #[test]
    fn colliding_values_are_named_from_their_spelling() {
        assert_eq!(
            idents(&["o-n", "ON", "on"], &["Other"]),
            ["OHyphenN", "OnUpper", "OnLower"]
        );
        assert_eq!(idents(&["o-n", "ON"], &[]), ["OHyphenN", "OnUpper"]);
        assert_eq!(
            idents(&["ON", "on", "On"], &[]),
            ["OnUpper", "OnLower", "On"]
        );
        assert_eq!(
            idents(&["InvalidParameter.Format", "InvalidParameterFormat"], &[]),
            ["InvalidParameterDotFormat", "InvalidParameterFormat"]
        );
        assert_eq!(
            idents(&["Pending", "PENDING", "pending"], &[]),
            ["Pending", "PendingUpper", "PendingLower"]
        );
        assert_eq!(idents(&["1", "-1"], &[]), ["N1", "Hyphen1"]);
        assert_eq!(idents(&["1", "N1"], &[]), ["N1Alt2", "N1"]);
        assert_eq!(idents(&["oN", "On"], &[]), ["ONCamel", "On"]);
        // Values differing in case inside a word keep it, spelled as written.
        assert_eq!(
            idents(
                &[
                    "InvalidInstanceId.Malformed",
                    "InvalidInstanceId.MalFormed",
                    "InvalidInstanceID.Malformed"
                ],
                &[]
            ),
            [
                "InvalidInstanceIdDotMalformed",
                "InvalidInstanceIdDotMalFormed",
                "InvalidInstanceIDDotMalformed"
            ]
        );
        // Values differing only in the case of a first letter are told by their case.
        assert_eq!(
            idents(
                &["invalidRemovedIp.NotFound", "InvalidRemovedIp.NotFound"],
                &[]
            ),
            [
                "InvalidRemovedIpDotNotFoundCamel",
                "InvalidRemovedIpDotNotFoundPascal"
            ]
        );
        assert_eq!(
            idents(&["InvalidParameter", "INVALID_PARAMETER"], &[]),
            ["InvalidParameter", "InvalidUnderscoreParameter"]
        );
        assert_eq!(
            idents(&["Self", "self"], &[]),
            ["SelfCapitalized", "SelfLower"]
        );
        assert_eq!(
            idents(&["self", "self_value"], &[]),
            ["SelfLower", "SelfUnderscoreValue"]
        );
        // Spellings that differ only in text a name cannot hold are numbered in order.
        assert_eq!(
            idents(&["开ON", "关ON", "停ON"], &[]),
            ["OnUpper", "OnUpperAlt2", "OnUpperAlt3"]
        );
    }

    #[test]
    fn values_alone_keep_their_plain_names() {
        assert_eq!(
            idents(&["o-n", "Enabled", "是", "3DConfig"], &["Other"]),
            ["ON", "Enabled", "Value3", "N3dConfig"]
        );
    }

    #[test]
    fn reserved_names_take_value() {
        let named = variant_names(&["other", "Open"], &["Other"], |_| unreachable!());
        assert_eq!(named[0].ident, "OtherValue");
        assert_eq!(named[0].reserved.as_deref(), Some("Other"));
        assert!(named[0].rivals.is_empty());
        assert_eq!(named[1].ident, "Open");
        assert_eq!(named[1].reserved, None);
        assert_eq!(
            idents(&["Other", "other"], &["Other"]),
            ["OtherCapitalized", "OtherLower"]
        );
    }

    #[test]
    fn rivals_name_the_other_values_of_a_collision() {
        let named = variant_names(&["o-n", "x", "ON", "on"], &[], |_| unreachable!());
        let rivals: Vec<&[usize]> = named.iter().map(|v| v.rivals.as_slice()).collect();
        assert_eq!(rivals, [&[2, 3][..], &[], &[0, 3], &[0, 2]]);
        assert_eq!(named[0].plain, "ON");
        assert_eq!(named[2].plain, "On");
    }

    /// rustc's `non_camel_case_types` rule, and no keyword.
    fn is_lint_clean_camel(name: &str) -> bool {
        name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric())
            && name != "Self"
    }

    #[test]
    fn variant_names_are_unique_clean_and_never_another_values_text() {
        let sets: &[&[&str]] = &[
            &[
                "o-n", "ON", "on", "On", "oN", "O_N", "o.n", "ONUpper", "OnUpper",
            ],
            &[
                "Self",
                "self",
                "SELF",
                "self_value",
                "SelfValue",
                "Other",
                "other",
            ],
            &["1", "-1", "N1", "n1", "1.0", "1-0", "10", "N10"],
            &["a-b", "ab", "AHyphenB", "a_hyphen_b", "AB", "Ab"],
            &[
                "开ON",
                "关ON",
                "ON",
                "OnUpper",
                "OnUpperAlt2",
                "是",
                "否",
                "Value1",
            ],
            &[
                "InvalidParameter.Format",
                "InvalidParameterFormat",
                "invalid_parameter_format",
            ],
        ];
        for values in sets {
            let named = variant_names(values, &["Other"], |i| format!("Value{}", i + 1));
            for (index, name) in named.iter().enumerate() {
                assert!(
                    is_lint_clean_camel(&name.ident),
                    "{values:?}: {}",
                    name.ident
                );
                // Names differ in more than case, unless each is its own value as written
                // (`ONUpper` and `OnUpper`).
                let alike = named
                    .iter()
                    .enumerate()
                    .filter(|(other, n)| {
                        *other != index
                            && n.ident.eq_ignore_ascii_case(&name.ident)
                            && !(n.ident == values[*other] && name.ident == values[index])
                    })
                    .count();
                assert_eq!(alike, 0, "{values:?}: {} twice", name.ident);
                assert_ne!(name.ident, "Other", "{values:?}");
                for (other, value) in values.iter().enumerate() {
                    if other != index {
                        assert_ne!(
                            &name.ident, value,
                            "{values:?}: {} is another value",
                            name.ident
                        );
                    }
                }
                // A colliding value keeps the shared name only when it is written so.
                if !name.rivals.is_empty() && name.ident.eq_ignore_ascii_case(&name.plain) {
                    assert!(
                        name.ident == values[index] || name.ident == format!("N{}", values[index]),
                        "{values:?}: {} is not {}",
                        name.ident,
                        values[index]
                    );
                }
            }
        }
    }
}
