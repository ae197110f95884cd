//! `Debug` output of generated requests and responses: members that are not set are left out,
//! so a sparse response prints the little it holds rather than a line per `None`, and secret
//! members print `<redacted>` whatever they hold.
//!
//! Generated types implement `Debug` through [`debug_struct!`](crate::debug_struct), which calls
//! [`fmt_struct`] with each member and whether it is secret; one function for every struct.

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

/// A member as [`fmt_struct`] takes it: printable, and able to say it is unset.
pub trait Member: fmt::Debug + Unset {}

impl<T: fmt::Debug + Unset> Member for T {}

/// Writes a struct named `name` with the members that are set, in order; a secret member that
/// is set shows `<redacted>`. Field names written as raw identifiers (`r#type`) show without
/// their prefix, as derived `Debug` shows them.
pub fn fmt_struct(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    members: &[(&str, &dyn Member, bool)],
) -> fmt::Result {
    let mut out = f.debug_struct(name);
    for (field, value, secret) in members {
        if value.is_unset() {
            continue;
        }
        let field = field.strip_prefix("r#").unwrap_or(field);
        if *secret {
            out.field(field, &Redacted);
        } else {
            out.field(field, value);
        }
    }
    out.finish()
}

/// Shown in place of a secret.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sample {
        name: Option<String>,
        tags: Vec<String>,
        count: i64,
        password: Option<String>,
        r#type: Option<String>,
    }

    impl fmt::Debug for Sample {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt_struct(
                f,
                "Sample",
                &[
                    ("name", &self.name, false),
                    ("tags", &self.tags, false),
                    ("count", &self.count, false),
                    ("password", &self.password, true),
                    ("r#type", &self.r#type, false),
                ],
            )
        }
    }

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
