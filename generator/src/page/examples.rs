//! The page's examples: which fence is the request, which the JSON or XML response, and
//! whether a response is the normal one or an error (异常返回示例).

use super::request_line::{self, RequestLine};
use crate::markdown::fences::Fence;

/// What a fenced block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExampleKind {
    /// The request URL.
    Request,
    /// A JSON response.
    Json,
    /// An XML response.
    Xml,
    /// Anything else (shell, prose).
    Other,
}

/// One response example as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseExample {
    /// JSON or XML.
    pub kind: ExampleKind,
    /// True for an error response (异常返回示例), whose keys are not response fields.
    pub error: bool,
    /// The fence body.
    pub text: String,
    /// Line of the first body line.
    pub line: usize,
}

/// The request example, read as host and parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestExample {
    /// Host of the URL; `None` for a placeholder such as `[Endpoint]` or when no URL is given.
    pub host: Option<String>,
    /// Parameters in page order (common-parameter placeholders such as `<公共请求参数>` dropped):
    /// the URL's query, which for RPC holds every parameter.
    pub params: Vec<(String, String)>,
    /// Line of the first body line.
    pub line: usize,
    /// ROA: the example's request line (method and filled-in path).
    pub request_line: Option<RequestLine>,
    /// ROA: the example's body as written (after the request line and any header lines), with
    /// the line it starts on.
    pub body: Option<(String, usize)>,
    /// A URL example's path when it is a resource path rather than `/`
    /// (`http(s)://[Endpoint]/api/v2/projects/[projectName]/folders`): the only place some ROA
    /// pages give their path.
    pub url_path: Option<String>,
}

/// Lines of a body that are not `//` comments.
fn meaningful_lines(body: &str) -> impl Iterator<Item = &str> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
}

/// Classifies a fence by its first meaningful line and its info string.
pub fn kind_of(fence: &Fence) -> ExampleKind {
    if let Some((body, _)) = response_body(fence) {
        // A whole HTTP response (`HTTP/1.1 200 OK`, headers, then the body): the body says
        // which kind, or the Content-Type the headers give.
        let first = meaningful_lines(&body).next().unwrap_or_default();
        return if first.starts_with('{') || first.starts_with('[') {
            ExampleKind::Json
        } else if first.starts_with('<') {
            ExampleKind::Xml
        } else {
            ExampleKind::Other
        };
    }
    let first = meaningful_lines(&fence.body).next().unwrap_or_default();
    let lower = first.to_ascii_lowercase();
    if lower.starts_with("http")
        || request_line::parse(first, 0).is_some()
        || lower.starts_with("[endpoint]")
        || first.contains("?Action=")
        || lower.starts_with("get ")
        || lower.starts_with("post ")
    {
        ExampleKind::Request
    } else if first.starts_with('{') || first.starts_with('[') {
        ExampleKind::Json
    } else if first.starts_with('<') {
        ExampleKind::Xml
    } else {
        match fence.info.to_ascii_lowercase().as_str() {
            "json" => ExampleKind::Json,
            "xml" => ExampleKind::Xml,
            _ => ExampleKind::Other,
        }
    }
}

/// True for an HTTP status line: `HTTP/1.1 200 OK`, `HTTP/2 400`.
fn is_status_line(line: &str) -> bool {
    let Some(rest) = line.trim().strip_prefix("HTTP/") else {
        return false;
    };
    let mut words = rest.split_whitespace();
    let version = words.next().unwrap_or_default();
    let status = words.next().unwrap_or_default();
    version.chars().all(|c| c.is_ascii_digit() || c == '.')
        && status.len() == 3
        && status.chars().all(|c| c.is_ascii_digit())
}

/// The body of a fence that shows a whole HTTP response (status line, header lines, an
/// optional blank line, then the body), with the line number of its first line; `None` when
/// the fence does not start with a status line.
pub fn response_body(fence: &Fence) -> Option<(String, usize)> {
    let lines: Vec<&str> = fence.body.lines().collect();
    let start = lines.iter().position(|l| !l.trim().is_empty())?;
    if !is_status_line(lines[start]) {
        return None;
    }
    let mut at = start + 1;
    // Header lines: `Name: value` (`Content-Type:application/json`), up to a blank line or
    // the first line that is not one.
    while let Some(line) = lines.get(at) {
        let t = line.trim();
        let header = t.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        if !header {
            break;
        }
        at += 1;
    }
    while lines.get(at).is_some_and(|l| l.trim().is_empty()) {
        at += 1;
    }
    Some((
        lines[at.min(lines.len())..].join("\n"),
        fence.body_line + at,
    ))
}

/// Reads the request example: an RPC URL (`http(s)://host/?Action=X` then `&Name=Value`
/// lines), or an ROA request (`PUT /path?query HTTP/1.1`, header lines, then the body).
pub fn read_request(fence: &Fence) -> RequestExample {
    let first = fence
        .body
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim().starts_with("//"));
    if let Some((index, text)) = first {
        if let Some(line) = request_line::parse(text.trim(), fence.body_line + index) {
            return read_roa_request(fence, index, line);
        }
    }
    read_rpc_request(fence)
}

/// An ROA example: the request line, then header lines (`Host: …`, `公共请求头`), then the body.
fn read_roa_request(fence: &Fence, first: usize, line: RequestLine) -> RequestExample {
    let mut host = None;
    let mut body: Vec<&str> = Vec::new();
    let mut body_line = None;
    // A translated example can run the whole request onto its first line; what follows the
    // protocol word is read as the lines after it.
    let first_text = fence.body.lines().nth(first).unwrap_or_default();
    let tail = request_line::tail(first_text).map(strip_header_placeholder);
    let following = fence.body.lines().enumerate().skip(first + 1);
    let lines = tail
        .filter(|t| !t.is_empty())
        .map(|t| (first, t))
        .into_iter()
        .chain(following);
    for (index, text) in lines {
        let trimmed = text.trim();
        if body_line.is_none() {
            // `公共请求头` / `Common request headers`: a placeholder, not a header line.
            if trimmed.is_empty()
                || trimmed.starts_with("公共请求")
                || trimmed.to_ascii_lowercase().starts_with("common request")
                || trimmed.starts_with('<')
            {
                continue;
            }
            if let Some((name, value)) = header_line(trimmed) {
                if name.eq_ignore_ascii_case("host") {
                    host = Some(value.to_ascii_lowercase());
                }
                continue;
            }
            body_line = Some(fence.body_line + index);
        }
        body.push(text);
    }
    let params = line.query().map(query_pairs).unwrap_or_default();
    let body_text = body.join("\n").trim().to_string();
    RequestExample {
        host,
        params,
        line: fence.body_line,
        body: body_line
            .filter(|_| !body_text.is_empty())
            .map(|l| (body_text, l)),
        request_line: Some(line),
        url_path: None,
    }
}

/// Text after a placeholder for the common headers (`public request header`, `公共请求头`), which
/// translated examples put on the request line.
fn strip_header_placeholder(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    for phrase in [
        "public request headers",
        "public request header",
        "common request headers",
        "common request header",
    ] {
        if lower.starts_with(phrase) {
            return text[phrase.len()..].trim_start();
        }
    }
    text.strip_prefix("公共请求头")
        .map_or(text, str::trim_start)
}

/// `Name: value` where the name is an HTTP header name.
fn header_line(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.split_once(':')?;
    let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    is_name.then(|| (name, value.trim()))
}

/// `a=1&b=2` as decoded pairs; `<…>` placeholders dropped.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    for pair in query.split('&') {
        let pair = pair.trim();
        if pair.is_empty() || pair.starts_with('<') {
            continue;
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        params.push((percent_decode(name.trim()), percent_decode(value.trim())));
    }
    params
}

fn read_rpc_request(fence: &Fence) -> RequestExample {
    let joined: String = meaningful_lines(&fence.body).collect();
    let mut rest = joined.as_str();
    for method in ["GET ", "POST ", "get ", "post "] {
        rest = rest.strip_prefix(method).unwrap_or(rest);
    }
    for scheme in ["http(s)://", "https://", "http://", "HTTPS://", "HTTP://"] {
        rest = rest.strip_prefix(scheme).unwrap_or(rest);
    }
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let host_text = rest.get(..host_end).unwrap_or_default().trim();
    let is_real_host = !host_text.is_empty()
        && host_text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':')
        && host_text.contains('.');
    let host = is_real_host.then(|| host_text.to_ascii_lowercase());
    let after_host = rest.get(host_end..).unwrap_or_default();
    let query = after_host.split_once('?').map_or("", |(_, q)| q);
    // The path runs to the query, or to the first `&Name=` line joined onto it.
    let path = after_host
        .split(['?', '&'])
        .next()
        .unwrap_or_default()
        .trim();
    // A path is one token: text with spaces is prose joined on from the lines after the URL
    // (`Data content of a POST request body: …`), not part of it.
    let url_path = (path.len() > 1 && path.starts_with('/') && !path.contains(char::is_whitespace))
        .then(|| path.to_string());
    RequestExample {
        host,
        params: query_pairs(query),
        line: fence.body_line,
        request_line: None,
        body: None,
        url_path,
    }
}

/// Decodes `%XX` escapes when they form UTF-8; otherwise keeps the text as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes.get(i), hex) {
            (Some(b'%'), Some(value)) => {
                out.push(value);
                i += 3;
            }
            (Some(b), _) => {
                out.push(*b);
                i += 1;
            }
            (None, _) => break,
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fence(body: &str) -> Fence {
        Fence {
            open_line: 1,
            info: String::new(),
            id: None,
            body: body.into(),
            body_line: 2,
            closed: true,
        }
    }

    #[test]
    fn a_whole_http_response_is_a_response_example_of_its_body() {
        let json = fence(
            "HTTP/1.1 200 OK\nContent-Type:application/json\n\n{\n  \"RequestId\" : \"x\"\n}\n",
        );
        assert_eq!(kind_of(&json), ExampleKind::Json);
        let (body, line) = response_body(&json).expect("a response");
        assert_eq!(body, "{\n  \"RequestId\" : \"x\"\n}");
        assert_eq!(line, 5);
        let xml = fence("HTTP/1.1 200 OK\nContent-Type:application/xml\n\n<R><A>1</A></R>");
        assert_eq!(kind_of(&xml), ExampleKind::Xml);
        // Without a blank line after the headers, and with HTTP/2.
        let tight = fence("HTTP/2 400\nx-acs-request-id: 1\n{\"Code\":\"E\"}");
        assert_eq!(kind_of(&tight), ExampleKind::Json);
        assert_eq!(response_body(&tight).unwrap().0, "{\"Code\":\"E\"}");
        // A request URL is still a request.
        assert_eq!(
            kind_of(&fence("https://x.aliyuncs.com/?Action=X")),
            ExampleKind::Request
        );
        assert_eq!(response_body(&fence("HTTPS://x")), None);
    }

    #[test]
    fn reads_request_examples() {
        let r = read_request(&fence("\nhttp(s)://linkwan.cn-shanghai.aliyuncs.com/?Action=CreateLocalJoinPermission\n&ClassMode=A\n&Name=a%20b\n&<公共请求参数>\n"));
        assert_eq!(r.host.as_deref(), Some("linkwan.cn-shanghai.aliyuncs.com"));
        assert_eq!(
            r.params,
            vec![
                ("Action".into(), "CreateLocalJoinPermission".into()),
                ("ClassMode".into(), "A".into()),
                ("Name".into(), "a b".into())
            ]
        );
        let r = read_request(&fence("[Endpoint]/?Action=X&A=1"));
        assert_eq!(r.host, None);
        assert_eq!(r.params.len(), 2);
    }

    #[test]
    fn reads_roa_request_examples() {
        let r = read_request(&fence("PUT /openapi/instances/es-1%2A/synonymsDict?clientToken=a%20b HTTP/1.1\n公共请求头\nHost: Elasticsearch.cn-hangzhou.aliyuncs.com\nContent-Type: application/json\n[\n  {\"name\": \"a\"}\n]\n"));
        let line = r.request_line.as_ref().unwrap();
        assert_eq!(line.methods, [crate::spec::model::HttpMethod::Put]);
        assert_eq!(line.path(), "/openapi/instances/es-1%2A/synonymsDict");
        assert_eq!(r.params, vec![("clientToken".into(), "a b".into())]);
        assert_eq!(
            r.host.as_deref(),
            Some("elasticsearch.cn-hangzhou.aliyuncs.com")
        );
        assert_eq!(r.body, Some(("[\n  {\"name\": \"a\"}\n]".into(), 6)));
        let r = read_request(&fence("GET /openapi/instances HTTP/1.1\n公共请求头\n"));
        assert!(r.body.is_none() && r.params.is_empty());
    }

    #[test]
    fn classifies_fences() {
        assert_eq!(kind_of(&fence("//json response\n{\n}")), ExampleKind::Json);
        assert_eq!(kind_of(&fence("<KMS/>")), ExampleKind::Xml);
        assert_eq!(
            kind_of(&fence("https://kms.cn-hangzhou.aliyuncs.com/?Action=X")),
            ExampleKind::Request
        );
        assert_eq!(kind_of(&fence("echo")), ExampleKind::Other);
        assert_eq!(percent_decode("%E4%BD%A0%zz"), "你%zz");
    }
}
