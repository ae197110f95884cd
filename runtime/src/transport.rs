//! The HTTP layer: a small [`Transport`] trait so users can plug their own HTTP stack (or a mock
//! in tests), and the default implementation over reqwest with rustls.

use std::fmt;

use crate::future::BoxFuture;
use crate::http::{HttpRequest, HttpResponse};

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

    use super::{Transport, TransportError, TransportErrorKind};
    use crate::future::BoxFuture;
    use crate::http::{HttpRequest, HttpResponse, Method};

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
                    Method::Put => reqwest::Method::PUT,
                    Method::Delete => reqwest::Method::DELETE,
                    Method::Patch => reqwest::Method::PATCH,
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
