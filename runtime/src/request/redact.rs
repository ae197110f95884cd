//! What of a request may be shown: the values of an operation's sensitive parameters
//! ([`crate::Operation::SENSITIVE`]) are replaced by `<redacted>` in every text the runtime
//! shows about a call (server messages, strings to sign, the body a decode error keeps). Where
//! the text's layout is known (strings to sign, V1 and classic ROA) the value of each sensitive
//! name is replaced whatever it is; everywhere, the values themselves are replaced as sent, and
//! percent-encoded once and twice.

use percent_encoding::percent_decode_str;

use crate::escape::percent_encode;
use crate::params::Params;

/// What a sensitive value becomes.
const REDACTED: &str = "<redacted>";

/// A value at least this long is replaced wherever it appears; a shorter one only as a whole
/// word, so that a short value does not eat into unrelated text.
const ANYWHERE: usize = 8;

/// The marker after which a `SignatureDoesNotMatch` message quotes the server's string to sign.
const STRING_TO_SIGN: &str = "string to sign is:";

/// Redacts the sensitive parameters of one call.
pub(crate) struct Redactor<'a> {
    names: &'a [&'a str],
    /// Every form in which a sensitive value may appear, longest first.
    forms: Vec<String>,
}

impl<'a> Redactor<'a> {
    /// A redactor for the parameters `params` of an operation whose sensitive wire names are
    /// `names`. Free when there are none.
    pub(crate) fn new(names: &'a [&'a str], params: &Params) -> Self {
        let mut redactor = Redactor {
            names,
            forms: Vec::new(),
        };
        if names.is_empty() {
            return redactor;
        }
        let mut values: Vec<String> = params
            .query
            .iter()
            .chain(&params.body)
            .chain(&params.headers)
            .chain(&params.path)
            .filter(|(name, _)| redactor.is_sensitive(name))
            .map(|(_, value)| value.to_string())
            .collect();
        if let Some(json) = params.json_body() {
            redactor.collect_json(&json, "", false, &mut values);
        }
        for value in values.into_iter().filter(|value| !value.is_empty()) {
            let once = percent_encode(&value);
            let twice = percent_encode(&once);
            // As a JSON string shows it (a message or body quoting the request).
            let quoted = serde_json::to_string(&value).unwrap_or_default();
            let escaped = quoted
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .unwrap_or_default()
                .to_owned();
            redactor.forms.extend([value, once, twice, escaped]);
        }
        redactor.forms.retain(|form| !form.is_empty());
        redactor
            .forms
            .sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        redactor.forms.dedup();
        redactor
    }

    /// Whether parameter `name` (`Password`, `LoginProfile.1.Password`, `x-acs-secret`) is, or
    /// is under, one of the sensitive names.
    pub(crate) fn is_sensitive(&self, name: &str) -> bool {
        self.names.iter().any(|sensitive| covers(sensitive, name))
    }

    /// Collects the leaves of a JSON body under sensitive member paths.
    fn collect_json(
        &self,
        value: &serde_json::Value,
        path: &str,
        inside: bool,
        out: &mut Vec<String>,
    ) {
        match value {
            serde_json::Value::Object(members) => {
                for (key, member) in members {
                    let member_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    let inside = inside || self.is_sensitive(&member_path);
                    self.collect_json(member, &member_path, inside, out);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.collect_json(item, path, inside, out);
                }
            }
            serde_json::Value::String(text) if inside => out.push(text.clone()),
            serde_json::Value::Number(number) if inside => out.push(number.to_string()),
            serde_json::Value::Bool(flag) if inside => out.push(flag.to_string()),
            _ => {}
        }
    }

    /// Replaces sensitive values in free text (a message, a body).
    pub(crate) fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for form in &self.forms {
            if out.contains(form.as_str()) {
                out = replace(&out, form, form.len() >= ANYWHERE);
            }
        }
        out
    }

    /// Replaces sensitive values in a server message; the string to sign a
    /// `SignatureDoesNotMatch` message quotes is redacted by name as well.
    pub(crate) fn message(&self, text: &str) -> String {
        if self.names.is_empty() {
            return text.to_owned();
        }
        match text.find(STRING_TO_SIGN) {
            Some(at) => {
                let (head, tail) = text.split_at(at + STRING_TO_SIGN.len());
                format!("{}{}", self.text(head), self.string_to_sign(tail))
            }
            None => self.text(text),
        }
    }

    /// Replaces sensitive values in a string to sign (the client's, or the server's from its
    /// message): by name in a V1 canonical query (`Name%3DValue` pairs joined by `%26`) and in
    /// the classic ROA headers and resource, then by value.
    pub(crate) fn string_to_sign(&self, text: &str) -> String {
        if self.names.is_empty() {
            return text.to_owned();
        }
        let by_name = if text.contains('\n') {
            self.classic_lines(text)
        } else {
            self.v1_query(text)
        };
        self.text(&by_name)
    }

    /// `METHOD&%2F&Name%3DValue%26...`: names and values are percent-encoded twice.
    fn v1_query(&self, text: &str) -> String {
        let mut parts = text.splitn(3, '&');
        let (Some(method), Some(path), Some(query)) = (parts.next(), parts.next(), parts.next())
        else {
            return text.to_owned();
        };
        let pairs: Vec<String> = query
            .split("%26")
            .map(|pair| match pair.split_once("%3D") {
                Some((name, _)) if self.is_sensitive(&decode_twice(name)) => {
                    format!("{name}%3D{REDACTED}")
                }
                _ => pair.to_owned(),
            })
            .collect();
        format!("{method}&{path}&{}", pairs.join("%26"))
    }

    /// The classic ROA string to sign: `name:value` header lines and a last line with the path
    /// and the raw query (`?name=value&...`). A V3 string to sign (a hash) passes unchanged.
    fn classic_lines(&self, text: &str) -> String {
        let lines: Vec<String> = text
            .split('\n')
            .map(|line| {
                if line.starts_with('/') {
                    return self.resource(line);
                }
                match line.split_once(':') {
                    Some((name, _)) if self.is_sensitive(name) => format!("{name}:{REDACTED}"),
                    _ => line.to_owned(),
                }
            })
            .collect();
        lines.join("\n")
    }

    /// `/path?name=value&name`: raw values.
    fn resource(&self, line: &str) -> String {
        let Some((path, query)) = line.split_once('?') else {
            return line.to_owned();
        };
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) if self.is_sensitive(name) => format!("{name}={REDACTED}"),
                _ => pair.to_owned(),
            })
            .collect();
        format!("{path}?{}", pairs.join("&"))
    }
}

/// Whether sensitive name `sensitive` covers parameter `name`: their dot-separated segments
/// match from the start (case-insensitively), list indexes (`1`) and map keys (`#3#env`) of
/// `name` skipped, and `name` may go deeper (everything under a secret is secret).
fn covers(sensitive: &str, name: &str) -> bool {
    let mut wanted = sensitive.split('.');
    let mut segments = name.split('.').filter(|segment| {
        !segment.bytes().all(|b| b.is_ascii_digit()) && !segment.starts_with('#')
    });
    loop {
        match (wanted.next(), segments.next()) {
            (None, _) => return !sensitive.is_empty(),
            (Some(w), Some(s)) if w.eq_ignore_ascii_case(s) => {}
            _ => return false,
        }
    }
}

fn decode_twice(text: &str) -> String {
    let once = percent_decode_str(text).decode_utf8_lossy();
    percent_decode_str(&once).decode_utf8_lossy().into_owned()
}

/// Replaces `form` in `text`: everywhere, or only where it is a whole word (not preceded or
/// followed by a letter or digit).
fn replace(text: &str, form: &str, anywhere: bool) -> String {
    if anywhere {
        return text.replace(form, REDACTED);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before: Option<char> = None;
    while let Some(at) = rest.find(form) {
        let previous = rest[..at].chars().next_back().or(before);
        let next = rest[at + form.len()..].chars().next();
        let alone = !previous.is_some_and(char::is_alphanumeric)
            && !next.is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..at]);
        if alone {
            out.push_str(REDACTED);
            before = REDACTED.chars().next_back();
        } else {
            out.push_str(form);
            before = form.chars().next_back();
        }
        rest = &rest[at + form.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params<'static> {
        let mut params = Params::default();
        params.query("InstanceId", "i-123");
        params.query("Password", "hunter2-Pass/word");
        params.body("LoginProfile.1.Password", "pin");
        params.body("Name", "pin-number");
        params.header("x-acs-secret", "hdr-secret-value");
        params.json_member(
            "auth",
            &serde_json::json!({"privateKey": "-----BEGIN KEY-----\nabc", "user": "bob"}),
        );
        params
    }

    const NAMES: &[&str] = &[
        "Password",
        "LoginProfile.Password",
        "x-acs-secret",
        "auth.privateKey",
    ];

    #[test]
    fn names_cover_members_and_children() {
        let r = Redactor::new(NAMES, &Params::default());
        assert!(r.is_sensitive("Password"));
        assert!(r.is_sensitive("password"));
        assert!(r.is_sensitive("Password.1"));
        assert!(r.is_sensitive("LoginProfile.1.Password"));
        assert!(r.is_sensitive("LoginProfile.Password"));
        assert!(r.is_sensitive("X-Acs-Secret"));
        assert!(!r.is_sensitive("LoginProfile.1.UserName"));
        assert!(!r.is_sensitive("PasswordHint"));
        assert!(!r.is_sensitive("Name"));
        assert!(!Redactor::new(&[""], &Params::default()).is_sensitive("Name"));
    }

    #[test]
    fn values_are_replaced_in_every_form() {
        let r = Redactor::new(NAMES, &params());
        let message = format!(
            "bad password hunter2-Pass/word ({}, {}); pin is weak; pinning kept; spin; \
             key -----BEGIN KEY-----\\nabc; hdr-secret-value; user bob",
            percent_encode("hunter2-Pass/word"),
            percent_encode(&percent_encode("hunter2-Pass/word")),
        );
        let out = r.text(&message);
        assert!(!out.contains("hunter2"), "{out}");
        assert!(!out.contains("BEGIN KEY"), "{out}");
        assert!(!out.contains("hdr-secret"), "{out}");
        assert!(out.contains("; <redacted> is weak"), "{out}");
        // A short value only goes as a whole word.
        assert!(out.contains("pinning kept; spin;"), "{out}");
        assert!(out.contains("user bob"), "{out}");
        // Nothing to do without sensitive names.
        let plain = Redactor::new(&[], &params());
        assert_eq!(plain.text(&message), message);
        assert_eq!(plain.message(&message), message);
    }

    #[test]
    fn v1_strings_to_sign_are_redacted_by_name() {
        let r = Redactor::new(NAMES, &Params::default());
        // Whatever the value (even one the client never sent: the server's view).
        let sts = "POST&%2F&AccessKeyId%3Did%26LoginProfile.1.Password%3Dab%26Password%3Dx%2520y%26Zone%3Dz";
        assert_eq!(
            r.string_to_sign(sts),
            "POST&%2F&AccessKeyId%3Did%26LoginProfile.1.Password%3D<redacted>%26Password%3D<redacted>%26Zone%3Dz"
        );
        let message = format!("Specified signature is not matched. server string to sign is:{sts}");
        let out = r.message(&message);
        assert!(out.ends_with("Password%3D<redacted>%26Zone%3Dz"), "{out}");
        assert!(!out.contains("x%2520y"), "{out}");
    }

    #[test]
    fn classic_strings_to_sign_are_redacted_by_name() {
        let r = Redactor::new(NAMES, &Params::default());
        let sts = "GET\napplication/json\n\n\nWed, 01 Jan 2025 00:00:00 GMT\nx-acs-action:Get\nx-acs-secret:s3\n/things/1?Password=p&a=b&flag";
        assert_eq!(
            r.string_to_sign(sts),
            "GET\napplication/json\n\n\nWed, 01 Jan 2025 00:00:00 GMT\nx-acs-action:Get\nx-acs-secret:<redacted>\n/things/1?Password=<redacted>&a=b&flag"
        );
        let v3 = "ACS3-HMAC-SHA256\n0123abcd";
        assert_eq!(r.string_to_sign(v3), v3);
    }
}
