//! The HTTP requests the mock receives, as tests read them: decoded, without credentials.

use std::borrow::Cow;

use crate::http::{HttpRequest, Method};

/// What replaces a secret value in a [`RecordedRequest`].
const REDACTED: &str = "<redacted>";

/// Query and form parameters, and headers, whose values are secret: the STS token. (The access
/// key secret itself is never sent; the access key id and the signature are not secret.)
fn is_secret_param(name: &str) -> bool {
    name.eq_ignore_ascii_case("SecurityToken")
}

fn is_secret_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("x-acs-security-token")
}

/// One HTTP request the mock received (every attempt of every call), as it was signed and
/// sent, for assertions on the wire: [`Mock::requests`](super::Mock::requests).
///
/// Parameters are percent-decoded. The STS token (the `SecurityToken` parameter, the
/// `x-acs-security-token` header) reads `<redacted>`, so a recorded request can be printed; the
/// access key secret is never sent at all. Values of parameters an operation marks
/// [`SENSITIVE`](crate::Operation::SENSITIVE) are kept as sent, so a test can check them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The action: the `Action` parameter (RPC signature V1), else the `x-acs-action` header
    /// (RPC signature V3, ROA); empty if the request carries neither.
    pub action: String,
    /// The HTTP method.
    pub method: Method,
    /// The host the request was sent to, with its port if the URL names one.
    pub host: String,
    /// The path: `/` for RPC, the filled-in template for ROA (still percent-encoded).
    pub path: String,
    /// The query parameters, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// The form body's parameters, decoded (empty when the body is not a form).
    pub form: Vec<(String, String)>,
    /// The headers, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body as text: a form (with the token redacted), JSON for an ROA JSON body, or empty.
    pub body: String,
}

impl RecordedRequest {
    /// The value of a query or form parameter (query first), by its exact wire name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(&self.form)
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Decodes `request`, leaving the secrets out.
    pub(crate) fn from_http(request: &HttpRequest) -> RecordedRequest {
        let (host, path, query) = match url::Url::parse(&request.url) {
            Ok(url) => {
                let host = match (url.host_str(), url.port()) {
                    (Some(host), Some(port)) => format!("{host}:{port}"),
                    (Some(host), None) => host.to_owned(),
                    (None, _) => String::new(),
                };
                (host, url.path().to_owned(), decode_pairs(url.query()))
            }
            // The client always builds a valid URL; keep what there is rather than fail.
            Err(_) => (String::new(), request.url.clone(), Vec::new()),
        };
        let is_form = request
            .header("content-type")
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        let (form, body) = if is_form {
            let raw = String::from_utf8_lossy(&request.body);
            let form = decode_pairs(Some(&raw));
            let body = if form.iter().any(|(name, _)| is_secret_param(name)) {
                // Written again from the redacted pairs: the raw text holds the token.
                url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(&form)
                    .finish()
            } else {
                raw.into_owned()
            };
            (form, body)
        } else {
            let body = String::from_utf8_lossy(&request.body).into_owned();
            (Vec::new(), body)
        };
        let headers: Vec<(String, String)> = request
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if is_secret_header(name) {
                    REDACTED
                } else {
                    value.as_ref()
                };
                (name.to_string(), value.to_owned())
            })
            .collect();
        let mut recorded = RecordedRequest {
            action: String::new(),
            method: request.method,
            host,
            path,
            query,
            form,
            headers,
            body,
        };
        recorded.action = recorded
            .param("Action")
            .or_else(|| recorded.header("x-acs-action"))
            .unwrap_or_default()
            .to_owned();
        recorded
    }
}

/// Decoded `name=value` pairs of a query or form, secret values redacted.
fn decode_pairs(text: Option<&str>) -> Vec<(String, String)> {
    let Some(text) = text else {
        return Vec::new();
    };
    url::form_urlencoded::parse(text.as_bytes())
        .map(|(name, value)| {
            let value = if is_secret_param(&name) {
                Cow::Borrowed(REDACTED)
            } else {
                value
            };
            (name.into_owned(), value.into_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn decodes_and_redacts() {
        let request = HttpRequest {
            method: Method::Post,
            url: "https://ecs.cn-hangzhou.aliyuncs.com:8443/?Action=DescribeThings&Name=a%20b\
                  &SecurityToken=tok%2Fen"
                .to_owned(),
            headers: vec![
                (
                    "content-type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
                ("x-acs-security-token".into(), "tok/en".into()),
            ],
            body: b"Size=10&SecurityToken=tok%2Fen".to_vec(),
            timeout: Duration::from_secs(1),
        };
        let recorded = RecordedRequest::from_http(&request);
        assert_eq!(recorded.action, "DescribeThings");
        assert_eq!(recorded.host, "ecs.cn-hangzhou.aliyuncs.com:8443");
        assert_eq!(recorded.path, "/");
        assert_eq!(recorded.param("Name"), Some("a b"));
        assert_eq!(recorded.param("Size"), Some("10"));
        assert_eq!(recorded.param("SecurityToken"), Some(REDACTED));
        assert_eq!(recorded.header("X-ACS-Security-Token"), Some(REDACTED));
        let shown = format!("{recorded:?}");
        assert!(
            !shown.contains("tok/en") && !shown.contains("tok%2Fen"),
            "{shown}"
        );
    }

    #[test]
    fn roa_action_from_the_header() {
        let request = HttpRequest {
            method: Method::Put,
            url: "https://es.aliyuncs.com/things/a%2Fb?verbose=true".to_owned(),
            headers: vec![
                ("x-acs-action".into(), "UpdateThing".into()),
                ("content-type".into(), "application/json".into()),
            ],
            body: br#"{"note":"x"}"#.to_vec(),
            timeout: Duration::from_secs(1),
        };
        let recorded = RecordedRequest::from_http(&request);
        assert_eq!(recorded.action, "UpdateThing");
        assert_eq!(recorded.path, "/things/a%2Fb");
        assert_eq!(recorded.param("verbose"), Some("true"));
        assert!(recorded.form.is_empty());
        assert_eq!(recorded.body, r#"{"note":"x"}"#);
    }
}
