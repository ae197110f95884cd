//! The shared credentials file, `~/.alibabacloud/credentials` (INI).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Credentials;
use crate::environment::Environment;

/// Sections of an INI text: `[name]` headers, `key = value` lines, `#` and `;` comments.
/// Lines that are neither are ignored rather than failing, like the official readers do.
fn parse(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let name = name.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(section), Some((key, value))) = (&current, line.split_once('=')) {
            let value = value.trim().trim_matches('"');
            sections
                .entry(section.clone())
                .or_default()
                .insert(key.trim().to_owned(), value.to_owned());
        }
    }
    sections
}

/// One chain step: credentials from the shared file, or why there are none.
pub(super) fn credentials(env: &Environment) -> Result<Credentials, String> {
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
    let kind = section.get("type").map(String::as_str).unwrap_or("");
    if kind != "access_key" {
        return Err(format!(
            "{where_}: type {kind:?} is not supported (supported: access_key)"
        ));
    }
    let field = |name: &str| section.get(name).filter(|value| !value.is_empty()).cloned();
    let id = field("access_key_id").ok_or_else(|| format!("{where_}: no access_key_id"))?;
    let secret =
        field("access_key_secret").ok_or_else(|| format!("{where_}: no access_key_secret"))?;
    Ok(Credentials::new(id, secret))
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
}
