//! Value enums: a text member whose page documents its set of values becomes a Rust enum with
//! one variant per value and a variant that keeps any other string, since services add values.
//!
//! Enums belong to a product version, not to an operation: the same member name with the same
//! set of values is one type however many operations use it, emitted once in the version's
//! `types` module. Integer members keep their integer type (their values stay in the docs).
//! The module also holds the version's `ErrorCode`, the union of the codes its pages document.

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::Diagnostic;
use crate::spec::model::{DocumentedValue, Member, OperationSpec, Type};
use crate::spec::shape_table::EnumShape as TableEnum;

use super::docs::{self, DocsOrder};
use super::locate::{Part, Place};
use super::names::{self, ident, VariantName};

/// The module, beside the operation modules, that holds a version's enums.
pub const MODULE: &str = "types";

/// One documented value.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantShape {
    /// The value as sent.
    pub value: String,
    /// Rust variant name.
    pub ident: String,
    /// Sanitised documentation.
    pub doc: String,
}

/// One value enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumShape {
    /// Rust name.
    pub name: String,
    /// Sanitised documentation.
    pub doc: String,
    /// The documented values, in page order.
    pub variants: Vec<VariantShape>,
    /// Name of the variant that carries any other string (`Other`, unless a value took it).
    pub other: String,
}

/// The enums of one product version, and which member uses which.
#[derive(Debug, Clone, Default)]
pub struct EnumRegistry {
    /// Path of the enums' module (`crate::kms::v2016_01_20::types`).
    path: String,
    /// The names of the enums the shape table gave.
    by_name: std::collections::BTreeSet<String>,
    /// The enums, sorted by name.
    pub enums: Vec<EnumShape>,
    /// The namings that did not give every value (or the type) the name it wanted, for the
    /// caller to report where the pages document them.
    pub collisions: Vec<Naming>,
}

/// Where a value named in an enum is documented.
#[derive(Debug, Clone, PartialEq)]
pub enum Documented {
    /// In the values of a member of an operation: the operation, and the member's path from
    /// the top of its request or response.
    Member(String, Part, Vec<String>),
    /// In an operation's error codes.
    ErrorCode(String),
}

impl Documented {
    /// The operation documenting the value.
    pub fn operation(&self) -> &str {
        match self {
            Documented::Member(operation, ..) | Documented::ErrorCode(operation) => operation,
        }
    }
}

/// How the values of one enum were named, kept when a value (or the enum) did not get the name
/// it wanted.
#[derive(Debug, Clone, PartialEq)]
pub struct Naming {
    /// The enum's name.
    pub enum_name: String,
    /// What the values are, for messages (``values of `Mode` ``).
    pub what: String,
    /// Each value, with where it is documented.
    pub values: Vec<(String, Documented)>,
    /// How each value was named.
    pub named: Vec<VariantName>,
    /// The enum's own name, when it had to be numbered: the name it wanted.
    pub type_wanted: Option<String>,
}

impl Naming {
    /// True when something was renamed.
    fn renamed(&self) -> bool {
        self.type_wanted.is_some()
            || self
                .named
                .iter()
                .any(|n| !n.rivals.is_empty() || n.reserved.is_some())
    }

    /// The `name-collision` warnings: one for the enum's name, at the member documenting the
    /// values; those of [`variant_collisions`]. `place` locates a value (by index), or with
    /// `None` the member documenting the first.
    pub fn warnings(&self, place: &mut dyn FnMut(Option<usize>) -> Place) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        if let Some(wanted) = &self.type_wanted {
            let at = place(None);
            warnings.push(at.warning(
                "name-collision",
                format!(
                    "the enum of the {} is `{}`: `{wanted}` is taken by another type of the \
                     version",
                    self.what, self.enum_name
                ),
            ));
        }
        let wire: Vec<&str> = self.values.iter().map(|(v, _)| v.as_str()).collect();
        warnings.extend(variant_collisions(
            &format!("{} (enum `{}`)", self.what, self.enum_name),
            &wire,
            &self.named,
            &mut |index| place(Some(index)),
        ));
        warnings
    }
}

/// The `name-collision` warnings of one enum's variants as [`names::variant_names`] named them:
/// one per set of values wanting one name, at the first value that did not keep it, naming
/// every value of the set with where it is documented and its variant; one per value whose
/// name is a reserved one. `place` locates a value (by index); `what` says whose values they
/// are.
pub fn variant_collisions(
    what: &str,
    values: &[&str],
    named: &[VariantName],
    place: &mut dyn FnMut(usize) -> Place,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut reported = vec![false; values.len()];
    for (index, name) in named.iter().enumerate() {
        if reported[index] {
            continue;
        }
        if name.rivals.is_empty() {
            if let Some(reserved) = &name.reserved {
                let at = place(index);
                warnings.push(at.warning(
                    "name-collision",
                    format!(
                        "{what}: `{}` is variant `{}`: `{reserved}` holds what the page does \
                         not list",
                        values[index], name.ident
                    ),
                ));
            }
            continue;
        }
        let mut set: Vec<usize> = name.rivals.clone();
        set.push(index);
        set.sort_unstable();
        for &member in &set {
            reported[member] = true;
        }
        // At the first value that lost its plain name (the others are mentioned from there).
        let first = set
            .iter()
            .copied()
            .find(|&i| named[i].ident != named[i].plain)
            .unwrap_or(index);
        let at = place(first);
        let mut plains: Vec<&str> = Vec::new();
        for &member in &set {
            if !plains.contains(&named[member].plain.as_str()) {
                plains.push(&named[member].plain);
            }
        }
        let each: Vec<String> = set
            .iter()
            .map(|&member| {
                let whereabouts = if member == first {
                    at.mention(&at)
                } else {
                    place(member).mention(&at)
                };
                format!(
                    "`{}` ({whereabouts}) is `{}`",
                    values[member], named[member].ident
                )
            })
            .collect();
        // Names differing only in case count as one (`ON` / `On`): say so when they do.
        let case = if plains.len() > 1 {
            " (ignoring case)"
        } else {
            ""
        };
        let plains: Vec<String> = plains.iter().map(|p| format!("`{p}`")).collect();
        warnings.push(at.warning(
            "name-collision",
            format!(
                "{what} collide as variant {}{case}: {}; a value written as the name keeps it, \
                 the others are named from their spelling",
                plains.join(" / "),
                each.join(", ")
            ),
        ));
    }
    warnings
}

/// What an enum's docs say of its use.
struct Usage {
    /// Operations using it, in order, without repeats.
    operations: Vec<String>,
    /// Per value, the first non-empty description, in the page order of the first use.
    values: Vec<DocumentedValue>,
}

impl EnumRegistry {
    /// The enums the spec's shape table names (see `spec::shape_table`), with the Rust
    /// names of their values; `path` is the module holding them, `order` the language their
    /// docs show first.
    pub fn from_table(table: &[TableEnum], path: &str, order: DocsOrder) -> EnumRegistry {
        let mut registry = EnumRegistry {
            path: path.to_string(),
            ..EnumRegistry::default()
        };
        for shape in table {
            // `<Action> <request|response>.<path>`, as the table writes its places.
            let place = |text: &str| -> Option<(String, Part, Vec<String>)> {
                let (operation, path) = text.split_once(' ')?;
                let path = path.split(' ').next().unwrap_or(path);
                let mut parts = path.split('.');
                let part = match parts.next()? {
                    "request" => Part::Request,
                    _ => Part::Response,
                };
                Some((
                    operation.to_string(),
                    part,
                    parts.map(String::from).collect(),
                ))
            };
            let (operation, part, member) = shape
                .used_by
                .first()
                .and_then(|text| place(text))
                .unwrap_or_else(|| (String::new(), Part::Response, vec![shape.wire.clone()]));
            let mut operations: Vec<String> = Vec::new();
            for (op, ..) in shape.used_by.iter().filter_map(|text| place(text)) {
                if !operations.contains(&op) {
                    operations.push(op);
                }
            }
            let usage = Usage {
                operations,
                values: shape.values.clone(),
            };
            let (enum_shape, named) = enum_shape(shape.name.clone(), &shape.wire, &usage, order);
            let documented = Documented::Member(operation, part, member);
            let naming = Naming {
                enum_name: shape.name.clone(),
                what: format!("values of {}", docs::code(&shape.wire)),
                values: usage
                    .values
                    .iter()
                    .map(|v| (v.value.clone(), documented.clone()))
                    .collect(),
                named,
                type_wanted: None,
            };
            if naming.renamed() {
                registry.collisions.push(naming);
            }
            registry.by_name.insert(shape.name.clone());
            registry.enums.push(enum_shape);
        }
        registry.enums.sort_by(|a, b| a.name.cmp(&b.name));
        registry
    }

    /// The path of `member`'s enum (`crate::kms::v2016_01_20::types::KeySpec`), when it takes one:
    /// the shape its spec names, for text members (or lists of text).
    pub fn lookup(&self, member: &Member) -> Option<String> {
        let shape = member.shape.as_ref()?;
        {
            let text = match &member.ty {
                Type::String => true,
                Type::Array(item) => **item == Type::String,
                _ => false,
            };
            if text && self.by_name.contains(shape) {
                return Some(format!("{}::{shape}", self.path));
            }
        }
        None
    }
}

/// The catch-all variant of every enum: no documented value takes its name.
const OTHER: &str = "Other";

fn enum_shape(
    name: String,
    wire: &str,
    usage: &Usage,
    order: DocsOrder,
) -> (EnumShape, Vec<VariantName>) {
    let values: Vec<&str> = usage.values.iter().map(|v| v.value.as_str()).collect();
    let named = names::variant_names(&values, &[OTHER], |index| format!("Value{}", index + 1));
    let mut variants = Vec::new();
    for (value, name) in usage.values.iter().zip(&named) {
        let ident = name.ident.clone();
        let meaning = docs::bilingual(&value.description, &value.description_en, order);
        let doc = if meaning.is_empty() {
            format!("{}.", docs::code(&value.value))
        } else {
            format!("{}: {meaning}", docs::code(&value.value))
        };
        variants.push(VariantShape {
            value: value.value.clone(),
            ident,
            doc,
        });
    }
    let other = OTHER.to_string();
    let shown: Vec<String> = usage
        .operations
        .iter()
        .take(8)
        .map(|op| docs::code(op))
        .collect();
    let more = usage.operations.len().saturating_sub(shown.len());
    let users = if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    };
    let doc = docs::paragraphs([
        format!(
            "The documented values of {}, used by {users}.",
            docs::code(wire)
        ),
        format!(
            "A value the documentation does not list is kept as [`{name}::{other}`]: responses \
             never fail to decode on a new value, and requests can send any string \
             (`\"value\".into()`)."
        ),
    ]);
    let shape = EnumShape {
        name,
        doc,
        variants,
        other,
    };
    (shape, named)
}

/// Name of the enum of every error code the version's pages document.
pub const ERROR_CODE: &str = "ErrorCode";

/// The enum of every error code documented by any operation of the version, so a code one page
/// documents is known when another operation returns it (newer pages often link the error
/// centre instead of listing codes). Codes in first-documented order; each variant's doc is the
/// first non-empty message and the operations documenting it. The naming is returned when a
/// code did not get the name it wanted.
pub fn error_codes(operations: &[&OperationSpec]) -> (EnumShape, Option<Naming>) {
    let mut codes: Vec<(String, String, Vec<String>)> = Vec::new();
    for spec in operations {
        for error in &spec.errors {
            let message = docs::plain(&error.message);
            match codes.iter_mut().find(|(code, ..)| code == &error.code) {
                Some((_, known, users)) => {
                    if known.trim().is_empty() {
                        *known = message;
                    }
                    if users.last() != Some(&spec.name) {
                        users.push(spec.name.clone());
                    }
                }
                None => codes.push((error.code.clone(), message, vec![spec.name.clone()])),
            }
        }
    }
    let wire: Vec<&str> = codes.iter().map(|(code, ..)| code.as_str()).collect();
    let named = names::variant_names(&wire, &[OTHER], |index| format!("Code{}", index + 1));
    let mut variants = Vec::new();
    for ((code, message, users), name) in codes.iter().zip(&named) {
        let ident = name.ident.clone();
        let shown: Vec<String> = users.iter().take(5).map(|op| docs::code(op)).collect();
        let more = users.len().saturating_sub(shown.len());
        let by = if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        };
        let first = if message.trim().is_empty() {
            format!("{}.", docs::code(code))
        } else {
            format!("{}: {}", docs::code(code), message.trim())
        };
        variants.push(VariantShape {
            value: code.clone(),
            ident,
            doc: docs::paragraphs([first, format!("Documented by {by}.")]),
        });
    }
    let other = OTHER.to_string();
    let doc = docs::paragraphs([
        "Every error code the pages of this API version document, whichever operation \
         documents it: `err.is(ErrorCode::X)` on any operation's error, or `code()` on the \
         version's [`Error`](super::Error), which every operation's error converts into with `?`."
            .to_string(),
        format!("A code no page documents is [`ErrorCode::{other}`]."),
    ]);
    let shape = EnumShape {
        name: ERROR_CODE.to_string(),
        doc,
        variants,
        other,
    };
    let naming = Naming {
        enum_name: ERROR_CODE.to_string(),
        what: "error codes of the version".to_string(),
        values: codes
            .iter()
            .map(|(code, _, users)| {
                let first = users.first().cloned().unwrap_or_default();
                (code.clone(), Documented::ErrorCode(first))
            })
            .collect(),
        named,
        type_wanted: None,
    };
    (shape, naming.renamed().then_some(naming))
}

/// The version's `types` module: every enum with its conversions, serde and wire impls, and
/// the structs of the version's shape table (`structs`, already printed).
pub fn types_module(enums: &[EnumShape], structs: &[TokenStream]) -> TokenStream {
    let doc = docs::inner(
        "The named shapes of this API version, each defined once and used by every operation \
         that has it: value enums (one variant per documented value, and one that keeps any \
         other value), the version's error codes, and the structs nested in requests and \
         responses.",
    );
    let items = enums.iter().map(enum_items);
    let checks = enums.iter().map(|shape| {
        let name = ident(&shape.name);
        let other = ident(&shape.other);
        quote! {
            round_trips(#name::VALUES, |value: &#name| matches!(value, #name::#other(_)));
        }
    });
    quote! {
        #doc
        #( #items )*
        #( #structs )*

        #[cfg(test)]
        mod tests {
            use super::*;

            /// Every documented value reads as its own variant and writes back unchanged (as
            /// text, with `Display`, and with serde); any other value, or a number, is kept.
            fn round_trips<T>(values: &[&str], is_other: fn(&T) -> bool)
            where
                T: for<'a> From<&'a str>
                    + std::str::FromStr<Err = std::convert::Infallible>
                    + AsRef<str>
                    + std::fmt::Display
                    + std::fmt::Debug
                    + PartialEq
                    + serde::Serialize
                    + serde::de::DeserializeOwned,
            {
                for &value in values {
                    let parsed = T::from(value);
                    assert!(!is_other(&parsed), "{value} has its own variant");
                    assert_eq!(parsed.as_ref(), value);
                    assert_eq!(parsed.to_string(), value);
                    let json = serde_json::to_string(&parsed).expect("serialises");
                    assert_eq!(json, serde_json::to_string(value).expect("a string serialises"));
                    assert_eq!(serde_json::from_str::<T>(&json).expect("reads back"), parsed);
                }
                let unlisted: T = "a value no page lists".parse().expect("infallible");
                assert!(is_other(&unlisted));
                assert_eq!(unlisted.as_ref(), "a value no page lists");
                let number: T = serde_json::from_str("42").expect("a number is kept as text");
                assert_eq!(number.as_ref(), "42");
            }

            #[test]
            fn documented_and_unlisted_values_round_trip() {
                #( #checks )*
            }
        }
    }
}

fn enum_items(shape: &EnumShape) -> TokenStream {
    let name = ident(&shape.name);
    let doc = docs::outer(&shape.doc);
    let other = ident(&shape.other);
    let variants = shape.variants.iter().map(|v| {
        let doc = docs::outer(&v.doc);
        let id = ident(&v.ident);
        quote! { #doc #id, }
    });
    let values = shape.variants.iter().map(|v| {
        let id = ident(&v.ident);
        let value = &v.value;
        quote!(#id = #value)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value the documentation does not list, as sent.
            #other(std::string::String),
        }

        alibabacloud_runtime::value_enum!(#name, #other { #( #values ),* });
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::emit::locate::{Anchor, SpecSource};
    use crate::spec::yaml::from_yaml;

    fn spec(name: &str, body: &str) -> OperationSpec {
        let head = format!(
            "name: {name}\nproduct: P\nversion: '2020-01-01'\nhttp:\n  style: rpc\n  method: POST\nsource:\n  page: p/{name}.md\n"
        );
        from_yaml(Path::new("Op.yaml"), &format!("{head}{body}")).unwrap()
    }

    /// The enums of `op`'s version as its shape table names them.
    fn registry_of(mut op: OperationSpec) -> (OperationSpec, EnumRegistry) {
        let (table, _) = {
            let mut ops = vec![&mut op];
            crate::spec::shape_table::assign_version("P", "2020-01-01", &mut ops, None)
        };
        let registry = EnumRegistry::from_table(
            &table.enums,
            "crate::p::v2020_01_01::types",
            DocsOrder::default(),
        );
        (op, registry)
    }

    const MODES: &str = "response:\n- {name: Data, type: struct, members: [{name: Mode, type: string, values: [{value: o-n}, {value: 'ON'}, {value: 'on'}, {value: other}]}]}\n";

    const MODES_PAGE: &str = "# Op\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n\
        |Data|Object| |数据。|\n|└Mode|String|on|模式。取值：\n\n- o-n：连字符。\n- ON：大写。\n- on：小写。\n- other：其他。 |\n";

    #[test]
    fn colliding_values_are_spelled_and_reported_where_the_page_lists_them() {
        let (op, registry) = registry_of(spec("Op", MODES));
        let shape = &registry.enums[0];
        let variants: Vec<&str> = shape.variants.iter().map(|v| v.ident.as_str()).collect();
        assert_eq!(variants, ["OHyphenN", "OnUpper", "OnLower", "OtherValue"]);
        assert_eq!(shape.other, "Other");

        let [naming] = registry.collisions.as_slice() else {
            panic!("one naming: {:?}", registry.collisions);
        };
        let source = SpecSource::new(
            &op,
            "specs/apis/p/2020-01-01/Op.yaml".into(),
            Some(MODES_PAGE),
        );
        let mut place = |index: Option<usize>| {
            let (value, Documented::Member(_, part, path)) = &naming.values[index.unwrap_or(0)]
            else {
                unreachable!()
            };
            source.locate(Anchor::Value(*part, path, value))
        };
        let rendered: Vec<String> = naming
            .warnings(&mut place)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            rendered,
            [
                "warning[name-collision]: values of `Mode` (enum `Mode`) collide as variant `ON` / `On` (ignoring case): `o-n` (line 10) is `OHyphenN`, `ON` (line 11) is `OnUpper`, `on` (line 12) is `OnLower`; a value written as the name keeps it, the others are named from their spelling\n  --> p/Op.md:10:3\n   |\n10 | - o-n：连字符。\n   |   ^\n",
                "warning[name-collision]: values of `Mode` (enum `Mode`): `other` is variant `OtherValue`: `Other` holds what the page does not list\n  --> p/Op.md:13:3\n   |\n13 | - other：其他。 |\n   |   ^\n",
            ]
        );
    }

    #[test]
    fn values_that_do_not_collide_are_not_reported() {
        let op = spec(
            "Op",
            "request:\n- {name: Mode, type: string, values: [{value: 'on'}, {value: 'off'}, {value: 是}]}\n",
        );
        let (_, registry) = registry_of(op);
        let variants: Vec<&str> = registry.enums[0]
            .variants
            .iter()
            .map(|v| v.ident.as_str())
            .collect();
        assert_eq!(variants, ["On", "Off", "Value3"]);
        assert!(registry.collisions.is_empty());
    }

    #[test]
    fn error_codes_of_several_operations_are_named_together() {
        let a = spec(
            "A",
            "errors:\n- {code: InvalidParameter.Format}\n- {code: Throttling}\n",
        );
        let b = spec(
            "B",
            "errors:\n- {code: InvalidParameterFormat}\n- {code: Throttling}\n",
        );
        let (shape, naming) = error_codes(&[&a, &b]);
        let variants: Vec<&str> = shape.variants.iter().map(|v| v.ident.as_str()).collect();
        assert_eq!(
            variants,
            [
                "InvalidParameterDotFormat",
                "Throttling",
                "InvalidParameterFormat"
            ]
        );
        let naming = naming.expect("a collision");
        assert_eq!(
            naming.values[2],
            (
                "InvalidParameterFormat".to_string(),
                Documented::ErrorCode("B".to_string())
            )
        );
        let mut place = |index: Option<usize>| {
            let (file, line) = [("a.md", 3), ("a.md", 4), ("b.md", 7)][index.unwrap_or(0)];
            Place {
                location: crate::diagnostics::Location {
                    file: file.into(),
                    line,
                    column: 1,
                },
                line: None,
            }
        };
        let warnings = naming.warnings(&mut place);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location.file, "a.md");
        assert!(
            warnings[0].message.contains(
                "`InvalidParameter.Format` (line 3) is `InvalidParameterDotFormat`, `InvalidParameterFormat` (b.md:7:1) is `InvalidParameterFormat`"
            ),
            "{}",
            warnings[0].message
        );
        let (_, none) = error_codes(&[&a]);
        assert!(none.is_none());
    }
}
