//! The HTTP layer: a small [`Transport`] trait so users can plug their own HTTP stack (or a mock
//! in tests), and the default implementation over reqwest with rustls.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::service::Method;

/// A boxed, sendable future, the return type of the object-safe async traits here.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One signed HTTP request, ready to send. Each attempt builds a new one.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// GET or POST.
    pub method: Method,
    /// The full URL, query included.
    pub url: String,
    /// Headers, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body (form-encoded parameters for POST; empty otherwise).
    pub body: Vec<u8>,
    /// How long this attempt may take; the client also enforces it around [`Transport::send`].
    pub timeout: Duration,
}

impl HttpRequest {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    // The URL and headers can carry the STS token (`SecurityToken`, `x-acs-security-token`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match self.url.split_once('?') {
            Some((base, query)) => {
                let shown: Vec<String> = query
                    .split('&')
                    .map(|pair| match pair.split_once('=') {
                        Some((name, _)) if name == "SecurityToken" => format!("{name}=<redacted>"),
                        _ => pair.to_owned(),
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
                    (name.as_str(), "<redacted>")
                } else {
                    (name.as_str(), value.as_str())
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

/// What went wrong below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, DNS, TLS handshake).
    Connect,
    /// Connecting took longer than the connect timeout.
    ConnectTimeout,
    /// The transport's own read or request timeout fired.
    Timeout,
    /// The connection broke while sending or receiving (reset, closed early).
    Connection,
    /// The request could not be built (bad URL, header).
    Request,
    /// Anything else.
    Other,
}

/// A failure below HTTP: no response was received. Always retryable except [`TransportErrorKind::Request`].
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// An error of `kind` with a message (which must not contain a secret).
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        // The chain's text usually says the real cause ("connection refused"); show it on one line.
        let mut source = self
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static));
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

/// Sends one HTTP request and reads the whole response. Implement it to use another HTTP stack,
/// or to answer requests in tests without a network.
///
/// ```
/// use alibabacloud_runtime::{BoxFuture, HttpRequest, HttpResponse, Transport, TransportError};
///
/// #[derive(Debug)]
/// struct Canned;
///
/// impl Transport for Canned {
///     fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
///         Box::pin(async {
///             Ok(HttpResponse { status: 200, headers: vec![], body: br#"{"RequestId":"r-1"}"#.to_vec() })
///         })
///     }
/// }
/// ```
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request`; a response with any status is `Ok`.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

#[cfg(feature = "reqwest")]
pub use self::reqwest_transport::ReqwestTransport;

#[cfg(feature = "reqwest")]
mod reqwest_transport {
    use std::sync::Arc;
    use std::time::Duration;

    use super::{
        BoxFuture, HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
    };
    use crate::service::Method;

    /// The default transport: one reqwest client (one connection pool) over rustls with the ring
    /// crypto provider and the Mozilla root certificates; no OpenSSL.
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
    }

    impl ReqwestTransport {
        /// A transport with this connect timeout.
        pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            let tls = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| {
                    TransportError::new(TransportErrorKind::Other, "TLS setup failed")
                        .with_source(e)
                })?
                .with_root_certificates(roots)
                .with_no_client_auth();
            let client = reqwest::Client::builder()
                .use_preconfigured_tls(tls)
                .connect_timeout(connect_timeout)
                .build()
                .map_err(|e| {
                    TransportError::new(TransportErrorKind::Other, "HTTP client setup failed")
                        .with_source(e)
                })?;
            Ok(ReqwestTransport { client })
        }

        /// Wraps an already configured reqwest client (proxies, custom roots...).
        pub fn from_client(client: reqwest::Client) -> Self {
            ReqwestTransport { client }
        }
    }

    fn classify(error: reqwest::Error) -> TransportError {
        let (kind, what) = if error.is_connect() && error.is_timeout() {
            (TransportErrorKind::ConnectTimeout, "connect timed out")
        } else if error.is_timeout() {
            (TransportErrorKind::Timeout, "timed out")
        } else if error.is_connect() {
            (TransportErrorKind::Connect, "could not connect")
        } else if error.is_builder() {
            (TransportErrorKind::Request, "invalid request")
        } else if error.is_request() || error.is_body() {
            (TransportErrorKind::Connection, "connection failed")
        } else {
            (TransportErrorKind::Other, "HTTP error")
        };
        // reqwest's Display includes the URL, and V1 URLs carry the STS token; keep the cause only.
        let error = error.without_url();
        TransportError::new(kind, what).with_source(error)
    }

    impl Transport for ReqwestTransport {
        fn send(
            &self,
            request: HttpRequest,
        ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            Box::pin(async move {
                let method = match request.method {
                    Method::Get => reqwest::Method::GET,
                    Method::Post => reqwest::Method::POST,
                };
                let mut builder = self
                    .client
                    .request(method, &request.url)
                    .timeout(request.timeout);
                for (name, value) in &request.headers {
                    builder = builder.header(name, value);
                }
                if !request.body.is_empty() {
                    builder = builder.body(request.body);
                }
                let response = builder.send().await.map_err(classify)?;
                let status = response.status().as_u16();
                let headers = response
                    .headers()
                    .iter()
                    .filter_map(|(name, value)| {
                        Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
                    })
                    .collect();
                let body = response.bytes().await.map_err(classify)?.to_vec();
                Ok(HttpResponse {
                    status,
                    headers,
                    body,
                })
            })
        }
    }
}
