//! The ROA request line: `PUT /openapi/instances/[InstanceId] HTTP/1.1`, as the 请求语法 block
//! and the request example write it. Older pages end it with `HTTPS|HTTP`; some offer several
//! methods (`PATCH|POST`).

use crate::spec::model::HttpMethod;

/// A request line as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// Line of the page it was read from.
    pub line: usize,
    /// The methods offered, in page order.
    pub methods: Vec<HttpMethod>,
    /// The path, with `[Name]` placeholders (syntax block) or values (example), and any query.
    pub target: String,
}

impl RequestLine {
    /// The path without its query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query text after `?`, if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }
}

/// Reads `METHOD[|METHOD…] /path[?query] [HTTP/1.1 | HTTPS|HTTP]`; `None` when the text is not
/// a request line (an unknown method word, or a target that is not a path).
pub fn parse(text: &str, line: usize) -> Option<RequestLine> {
    let mut words = text.split_whitespace();
    let methods_word = words.next()?;
    let target = words.next()?;
    let methods: Option<Vec<HttpMethod>> = methods_word.split('|').map(HttpMethod::parse).collect();
    let methods = methods.filter(|m| !m.is_empty())?;
    if !target.starts_with('/') {
        return None;
    }
    // A translated example may split a masked value off its path (`/instances/es-cn-x **** /actions
    // HTTP/1.1`): what runs up to the protocol word is one target, when the line has one.
    let rest: Vec<&str> = words.collect();
    let joined = rest
        .iter()
        .position(|w| w.starts_with("HTTP"))
        .filter(|&end| end > 0)
        .map(|end| format!("{target}{}", rest[..end].concat()));
    Some(RequestLine {
        line,
        methods,
        target: joined.unwrap_or_else(|| target.to_string()),
    })
}

/// What follows the protocol word on a request line (`HTTP/1.1 public request header [...]`, a
/// translated example run onto one line), trimmed; `None` when nothing does.
pub fn tail(text: &str) -> Option<&str> {
    let at = text.find(" HTTP/")?;
    let after = &text[at + 1..];
    let end = after.find(char::is_whitespace)?;
    Some(after[end..].trim()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_run_together_by_translation_is_taken_apart() {
        let text = "POST /openapi/instances/es-cn-n6w1 **** /actions/recover-zones HTTP/1.1 public request header [\"a\"]";
        let r = parse(text, 4).unwrap();
        assert_eq!(
            r.path(),
            "/openapi/instances/es-cn-n6w1****/actions/recover-zones"
        );
        assert_eq!(tail(text), Some("public request header [\"a\"]"));
        assert_eq!(tail("GET /a HTTP/1.1"), None);
        assert_eq!(tail("GET /a HTTP/1.1   "), None);
    }

    #[test]
    fn reads_request_lines() {
        let r = parse(
            "PATCH|POST /openapi/instances/[InstanceId]/actions HTTPS|HTTP",
            3,
        )
        .unwrap();
        assert_eq!(r.methods, [HttpMethod::Patch, HttpMethod::Post]);
        assert_eq!(r.path(), "/openapi/instances/[InstanceId]/actions");
        assert_eq!(r.query(), None);
        let r = parse("GET /openapi/instances?page=1&size=10 HTTP/1.1", 1).unwrap();
        assert_eq!(r.path(), "/openapi/instances");
        assert_eq!(r.query(), Some("page=1&size=10"));
        assert!(parse("FETCH /x HTTP/1.1", 1).is_none());
        assert!(parse("GET http://x HTTP/1.1", 1).is_none());
        assert!(parse("", 1).is_none());
    }
}
