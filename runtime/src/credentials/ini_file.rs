//! The shared credentials file, `~/.alibabacloud/credentials` (INI).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::chain::{Found, Role, Settings};
use super::ecs_role::EcsRoleProvider;
use super::sts::{self, StsEndpoint};
use super::Credentials;
use crate::environment::Environment;

type Section = BTreeMap<String, String>;

/// Sections of an INI text as the official libraries' readers take it:
///
/// - a UTF-8 byte order mark at the start is skipped;
/// - `[name]` headers, `key = value` or `key: value` lines (names and values trimmed; a later
///   key replaces an earlier one, a repeated section adds to the first);
/// - lines starting with `#` or `;` (after blanks) are comments, and so is the rest of a line
///   from a `#` or `;` that follows a blank (`key = value ; note`);
/// - a value in double or single quotes is taken as written between them;
/// - any other line is ignored rather than failing.
fn parse(text: &str) -> BTreeMap<String, Section> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            if let Some(end) = rest.find(']') {
                let name = rest[..end].trim().to_owned();
                sections.entry(name.clone()).or_default();
                current = Some(name);
            }
            continue;
        }
        let Some(section) = &current else {
            continue;
        };
        let Some(split) = line.find(['=', ':']) else {
            continue;
        };
        let key = line[..split].trim();
        if key.is_empty() {
            continue;
        }
        let value = value(line[split + 1..].trim());
        sections
            .entry(section.clone())
            .or_default()
            .insert(key.to_owned(), value);
    }
    sections
}

/// A value: quoted text as written, else the text before an inline comment.
fn value(raw: &str) -> String {
    for quote in ['"', '\''] {
        if let Some(inner) = raw.strip_prefix(quote) {
            if let Some(end) = inner.find(quote) {
                return inner[..end].to_owned();
            }
        }
    }
    let bytes = raw.as_bytes();
    let comment = (1..bytes.len()).find(|&index| {
        matches!(bytes[index], b'#' | b';') && bytes[index - 1].is_ascii_whitespace()
    });
    match comment {
        Some(index) => raw[..index].trim_end().to_owned(),
        None => raw.to_owned(),
    }
}

/// One chain step: what the shared file's section gives, or why it gives nothing.
pub(super) fn locate(env: &Environment, settings: &Settings) -> Result<Found, String> {
    let (path, explicit) = match env.var("ALIBABA_CLOUD_CREDENTIALS_FILE") {
        Some(path) => (PathBuf::from(path), true),
        None => match env.home() {
            Some(home) => (home.join(".alibabacloud").join("credentials"), false),
            None => {
                return Err(
                    "no home directory and ALIBABA_CLOUD_CREDENTIALS_FILE not set".to_owned(),
                )
            }
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let why = if explicit {
                " (named by ALIBABA_CLOUD_CREDENTIALS_FILE)"
            } else {
                ""
            };
            return Err(format!("{}: file not found{why}", path.display()));
        }
        Err(error) => return Err(format!("{}: cannot read: {error}", path.display())),
    };
    let section_name = env.var("ALIBABA_CLOUD_PROFILE").unwrap_or("default");
    let sections = parse(&text);
    let Some(section) = sections.get(section_name) else {
        return Err(format!("{}: no section [{section_name}]", path.display()));
    };
    let where_ = format!("{} section [{section_name}]", path.display());
    let field = |name: &str| {
        section
            .get(name)
            .filter(|value| !value.trim().is_empty())
            .cloned()
    };
    let required = |name: &str| field(name).ok_or_else(|| format!("{where_}: no {name}"));
    let kind = section.get("type").map(String::as_str).unwrap_or("");
    match kind {
        "access_key" => Ok(Found::Static(Credentials::new(
            required("access_key_id")?,
            required("access_key_secret")?,
        ))),
        "ecs_ram_role" => {
            let mut builder =
                EcsRoleProvider::from_env(env).map_err(|why| format!("{where_}: {why}"))?;
            if let Some(role) = field("role_name") {
                builder = builder.role_name(role);
            }
            settings.ecs(builder).map_err(|why| format!("{where_}: {why}"))
        }
        "ram_role_arn" => {
            let base = Credentials::new(required("access_key_id")?, required("access_key_secret")?);
            let role = Role {
                role_arn: required("role_arn")?,
                session_name: field("role_session_name"),
                duration: Some(sts::DEFAULT_DURATION),
                policy: field("policy"),
                external_id: None,
                sts: StsEndpoint::from_env(env),
            };
            settings
                .assume_role(Arc::new(base), role)
                .map_err(|why| format!("{where_}: {why}"))
        }
        other => Err(format!(
            "{where_}: type {other:?} is not supported (supported: access_key, ecs_ram_role, ram_role_arn)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections() {
        let text = "# comment\n[default]\ntype = access_key\naccess_key_id = foo\n\n[other]\n; c\nkey=\"v\"\nnot a pair\n";
        let sections = parse(text);
        assert_eq!(sections["default"]["type"], "access_key");
        assert_eq!(sections["default"]["access_key_id"], "foo");
        assert_eq!(sections["other"]["key"], "v");
    }

    #[test]
    fn bom_comments_delimiters_and_quotes() {
        let text = "\u{feff}; leading comment\r\n  # indented comment\r\n[ default ] ; trailing\r\ntype: access_key\r\naccess_key_id = id#1 ; inline\r\naccess_key_secret = 'se;cr#et' # note\r\nkey_only\r\n=no key\r\nempty =\r\n";
        let sections = parse(text);
        let section = &sections["default"];
        assert_eq!(section["type"], "access_key");
        assert_eq!(section["access_key_id"], "id#1");
        assert_eq!(section["access_key_secret"], "se;cr#et");
        assert_eq!(section["empty"], "");
        assert_eq!(section.len(), 4, "{section:?}");
    }

    #[test]
    fn keys_before_any_section_are_ignored() {
        let sections = parse("a = b\n[s]\nc = d\n");
        assert_eq!(sections.len(), 1);
        assert_eq!(sections["s"]["c"], "d");
    }
}
