//! `Debug` output of generated requests and responses: members that are not set are left out,
//! so a sparse response prints the little it holds rather than a line per `None`, and secret
//! members print `<redacted>` whatever they hold.
//!
//! Generated types implement `Debug` through [`debug_struct!`](crate::debug_struct): per member,
//! a check of [`Unset`] and a field, written out for each struct as a derived `Debug` is (trait
//! objects for the members would cost each struct's vtables in build time and binary size).

use std::collections::BTreeMap;
use std::fmt;

use crate::{Base64, Extra, Timestamp};

/// Whether a member holds nothing worth printing.
pub trait Unset {
    /// True when the value is absent or empty (`None`, an empty list, map or text, a struct
    /// none of whose members is set). Numbers, booleans and enums are always shown.
    fn is_unset(&self) -> bool {
        false
    }
}

impl<T> Unset for Option<T> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

impl<T> Unset for Vec<T> {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> Unset for BTreeMap<K, V> {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl Unset for String {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl Unset for serde_json::Value {
    fn is_unset(&self) -> bool {
        self.is_null()
    }
}

impl Unset for Extra {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl Unset for i64 {}
impl Unset for f64 {}
impl Unset for bool {}
impl Unset for Base64 {}
impl<F: crate::TimeFormat> Unset for Timestamp<F> {}

/// Adds `value` to `out` under `name` unless it is unset. One function per member type, not per
/// member: a struct's `Debug` is a call per member.
#[inline(never)]
pub fn field<T: fmt::Debug + Unset>(out: &mut fmt::DebugStruct<'_, '_>, name: &str, value: &T) {
    if !value.is_unset() {
        out.field(field_name(name), value);
    }
}

/// Adds `<redacted>` to `out` under `name` when `value` is set.
#[inline(never)]
pub fn secret<T: Unset>(out: &mut fmt::DebugStruct<'_, '_>, name: &str, value: &T) {
    if !value.is_unset() {
        out.field(field_name(name), &REDACTED);
    }
}

/// A field's name as `Debug` shows it: without the `r#` of a raw identifier.
pub fn field_name(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Shown in place of a secret.
pub const REDACTED: Redacted = Redacted;

/// Shown in place of a secret: `<redacted>`.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    struct Sample {
        name: Option<String>,
        tags: Vec<String>,
        count: i64,
        password: Option<String>,
        r#type: Option<String>,
    }

    crate::debug_struct!(Sample {
        field name,
        field tags,
        field count,
        secret password,
        field r#type
    });

    #[test]
    fn unset_members_are_left_out_and_secrets_redacted() {
        let sparse = Sample {
            name: None,
            tags: Vec::new(),
            count: 0,
            password: None,
            r#type: None,
        };
        assert_eq!(format!("{sparse:?}"), "Sample { count: 0 }");
        let full = Sample {
            name: Some("web".into()),
            tags: vec!["a".into()],
            count: 2,
            password: Some("hunter2".into()),
            r#type: Some("x".into()),
        };
        let text = format!("{full:?}");
        assert_eq!(
            text,
            r#"Sample { name: Some("web"), tags: ["a"], count: 2, password: <redacted>, type: Some("x") }"#
        );
        assert!(!format!("{full:#?}").contains("hunter2"));
    }
}
