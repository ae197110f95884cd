//! The HTTP exchange as the rest of the crate sees it: the method, one request, one response.
//!
//! A leaf module (it depends on nothing else in the crate), so that the operation description,
//! the signer, the transport and the client can all name these types without depending on each
//! other.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT (ROA operations).
    Put,
    /// DELETE (ROA operations).
    Delete,
    /// PATCH (ROA operations).
    Patch,
}

impl Method {
    /// The method's name as it appears in a request line and in the string to sign.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

/// One signed HTTP request, ready to send. Each attempt builds a new one.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// The full URL, query included.
    pub url: String,
    /// Headers, names as sent. Names and values the runtime knows in advance (`user-agent`,
    /// `x-acs-version`...) are borrowed, so a request does not copy them on every attempt.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// The body: form-encoded parameters (RPC POST, ROA form bodies), JSON text (ROA JSON
    /// bodies), or empty.
    pub body: Vec<u8>,
    /// How long this attempt may take; the client also enforces it around [`crate::Transport::send`].
    pub timeout: Duration,
}

impl HttpRequest {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

impl fmt::Debug for HttpRequest {
    // The URL and headers can carry the STS token (`SecurityToken`, `x-acs-security-token`),
    // and query values any parameter an operation marks sensitive: only names are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match self.url.split_once('?') {
            Some((base, query)) => {
                let shown: Vec<String> = query
                    .split('&')
                    .map(|pair| match pair.split_once('=') {
                        Some((name, _)) => format!("{name}=<redacted>"),
                        None => pair.to_owned(),
                    })
                    .collect();
                format!("{base}?{}", shown.join("&"))
            }
            None => self.url.clone(),
        };
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                if name.eq_ignore_ascii_case("x-acs-security-token") {
                    (name.as_ref(), "<redacted>")
                } else {
                    (name.as_ref(), value.as_ref())
                }
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// One HTTP response, body fully read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Response headers (names lower-case where the transport provides them so).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
