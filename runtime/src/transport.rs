//! The HTTP layer: a small [`Transport`] trait so users can plug their own HTTP stack (or a mock
//! in tests), and the default implementation over reqwest with rustls.

use std::any::Any;
use std::fmt;

use crate::future::BoxFuture;
use crate::http::{HttpRequest, HttpResponse};

/// What went wrong below HTTP. The kind tells the client whether the request may have reached
/// the service, which decides whether it may be retried (see [`crate::RetryPolicy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, DNS, a TLS handshake that failed for another
    /// reason than the certificate): nothing was sent. Always retried.
    Connect,
    /// Connecting took longer than the connect timeout: nothing was sent. Always retried.
    ConnectTimeout,
    /// The transport's own read or request timeout fired: the request may have run.
    Timeout,
    /// The connection broke while sending or receiving (reset, closed early): the request may
    /// have run.
    Connection,
    /// The request could not be built (bad URL, header). Never retried.
    Request,
    /// The server's certificate was refused (unknown issuer, wrong name, expired...). Never
    /// retried: the next attempt would meet the same certificate.
    Certificate,
    /// The response body is larger than the client's limit (its `Content-Length` said so, or it
    /// passed the limit while being read). Never retried.
    BodyTooLarge,
    /// Anything else; taken as "the request may have run".
    Other,
}

/// A failure below HTTP: no (whole) response was received.
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
/// A transport must not follow redirects (the client turns a 3xx into an error) and should tell
/// apart, through [`TransportErrorKind`], failures where nothing was sent (`Connect`,
/// `ConnectTimeout`) from those where the request may have run: the client only repeats the
/// latter for operations that are safe to repeat.
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

    /// Sends `request` and reads at most `max_body` bytes of the response body: a response whose
    /// `Content-Length` is larger is refused before its body is read, and one whose body passes
    /// the limit is cut off; both are [`TransportErrorKind::BodyTooLarge`] errors. The client
    /// calls it, with its limit ([`crate::ClientBuilder::max_response_body`]), through
    /// [`Transport::send_operation`].
    ///
    /// The default calls [`Transport::send`]; the client then refuses a body over the limit
    /// once it has been read. Override it to stop reading early, as [`ReqwestTransport`] does.
    fn send_with_limit(
        &self,
        request: HttpRequest,
        max_body: usize,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let _ = max_body;
        self.send(request)
    }

    /// Sends `request`, built and signed from the typed request `operation`, as
    /// [`Transport::send_with_limit`] does. This is what the client calls, once per attempt.
    ///
    /// The default ignores `operation` and calls [`Transport::send_with_limit`]: an HTTP stack
    /// has no use for it. A transport that answers by operation rather than by URL overrides it
    /// (the `testing` feature's mock matches its rules on the typed request and records it).
    /// `operation` is only lent for the duration of this method, not to the returned future.
    fn send_operation(
        &self,
        request: HttpRequest,
        max_body: usize,
        operation: TypedRequest<'_>,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let _ = operation;
        self.send_with_limit(request, max_body)
    }
}

/// The typed request an HTTP request was built from, as the client lends it to
/// [`Transport::send_operation`]: its action, the attempt number and the request value itself
/// (generated request structs own their data, so they can be downcast).
#[derive(Clone, Copy)]
pub struct TypedRequest<'a> {
    pub(crate) action: &'static str,
    pub(crate) attempt: u32,
    pub(crate) request: &'a (dyn Any + Send + Sync),
}

impl<'a> TypedRequest<'a> {
    /// The operation's [`Operation::ACTION`](crate::Operation::ACTION).
    pub fn action(&self) -> &'static str {
        self.action
    }

    /// Which attempt of the call this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The request, if it is an `O`.
    pub fn downcast_ref<O: Any>(&self) -> Option<&'a O> {
        self.request.downcast_ref::<O>()
    }
}

impl fmt::Debug for TypedRequest<'_> {
    // The request's values may be secret (`Operation::SENSITIVE`): only what is called shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedRequest")
            .field("action", &self.action)
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}

/// The limit of a response body when the client does not say otherwise: 32 MiB.
pub(crate) const DEFAULT_MAX_BODY: usize = 32 * 1024 * 1024;

/// The error for a body over `limit`: `declared` is its `Content-Length` when that is what
/// refused it, else the body was cut off after `read` bytes.
pub(crate) fn body_too_large(
    status: u16,
    limit: usize,
    declared: Option<u64>,
    read: usize,
) -> TransportError {
    let message = match declared {
        Some(length) => format!(
            "the response (HTTP {status}) declares a {length}-byte body, over the {limit}-byte \
             limit; it was not read"
        ),
        None => format!(
            "the response body (HTTP {status}) passed the {limit}-byte limit and was cut off \
             after {read} bytes"
        ),
    };
    TransportError::new(TransportErrorKind::BodyTooLarge, message)
}

#[cfg(feature = "reqwest")]
pub(crate) use self::reqwest_transport::client_builder;
#[cfg(feature = "reqwest")]
pub use self::reqwest_transport::ReqwestTransport;

#[cfg(feature = "reqwest")]
mod reqwest_transport {
    use std::time::Duration;

    use super::{body_too_large, Transport, TransportError, TransportErrorKind, DEFAULT_MAX_BODY};
    use crate::future::BoxFuture;
    use crate::http::{HttpRequest, HttpResponse, Method};

    /// The default transport: one reqwest client (one connection pool) over rustls with the ring
    /// crypto provider and the Mozilla root certificates, no OpenSSL (feature `rustls`, on by
    /// default), or over the system's TLS library and roots (feature `native-tls`). It never follows
    /// redirects, sends no `Referer`, refuses a body whose `Content-Length` is over the limit
    /// before reading it, and stops reading one that grows past it.
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
    }

    impl ReqwestTransport {
        /// A transport with this connect timeout.
        pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
            let client = client_builder(connect_timeout)?.build().map_err(|e| {
                TransportError::new(TransportErrorKind::Other, "HTTP client setup failed")
                    .with_source(e)
            })?;
            Ok(ReqwestTransport { client })
        }

        /// Wraps an already configured reqwest client (proxies, custom roots...). Configure it
        /// with `redirect(reqwest::redirect::Policy::none())` so that a redirect reaches the
        /// client as the error it is; the body limit applies whatever the client.
        pub fn from_client(client: reqwest::Client) -> Self {
            ReqwestTransport { client }
        }
    }

    /// The settings of every reqwest client the runtime builds: the TLS of the enabled feature,
    /// the connect timeout, no redirects (signed requests are not replayed to another host) and
    /// no `Referer`.
    pub(crate) fn client_builder(
        connect_timeout: Duration,
    ) -> Result<reqwest::ClientBuilder, TransportError> {
        Ok(with_tls(reqwest::Client::builder())?
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false))
    }

    /// TLS with rustls, the ring provider and the Mozilla roots.
    #[cfg(feature = "rustls")]
    fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, TransportError> {
        // rustls 0.23.48 deprecates the ring provider because it lacks post-quantum key
        // exchange. The runtime keeps ring for now (aws-lc-rs needs a heavier C build) and says
        // so here, so that users' builds stay free of the warning.
        #[allow(deprecated)]
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| {
                TransportError::new(TransportErrorKind::Other, "TLS setup failed").with_source(e)
            })?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(builder.use_preconfigured_tls(tls))
    }

    /// TLS with the system's library and root certificates (reqwest's `native-tls` default).
    #[cfg(not(feature = "rustls"))]
    fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, TransportError> {
        Ok(builder)
    }

    /// Whether the error chain holds a refused server certificate. Only rustls's errors are
    /// recognised: over `native-tls` a refused certificate is a connect error. An `io::Error`
    /// wrapping another error reports that error's source, not the error itself, so wrapped errors
    /// are opened with `get_ref` as well.
    fn is_certificate_error(error: &reqwest::Error) -> bool {
        let mut pending: Vec<&(dyn std::error::Error + 'static)> = vec![error];
        while let Some(current) = pending.pop() {
            #[cfg(feature = "rustls")]
            if matches!(
                current.downcast_ref::<rustls::Error>(),
                Some(rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented)
            ) {
                return true;
            }
            if let Some(inner) = current
                .downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
            {
                pending.push(inner);
            }
            if let Some(source) = current.source() {
                pending.push(source);
            }
        }
        false
    }

    fn classify(error: reqwest::Error) -> TransportError {
        let (kind, what) = if error.is_connect() && error.is_timeout() {
            (TransportErrorKind::ConnectTimeout, "connect timed out")
        } else if error.is_timeout() {
            (TransportErrorKind::Timeout, "timed out")
        } else if error.is_connect() && is_certificate_error(&error) {
            (
                TransportErrorKind::Certificate,
                "the server's certificate was refused",
            )
        } else if error.is_connect() {
            (TransportErrorKind::Connect, "could not connect")
        } else if error.is_builder() {
            (TransportErrorKind::Request, "invalid request")
        } else if error.is_request() || error.is_body() || error.is_decode() {
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
            self.send_with_limit(request, DEFAULT_MAX_BODY)
        }

        fn send_with_limit(
            &self,
            request: HttpRequest,
            max_body: usize,
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
                    builder = builder.header(name.as_ref(), value.as_ref());
                }
                if !request.body.is_empty() {
                    builder = builder.body(request.body);
                }
                let mut response = builder.send().await.map_err(classify)?;
                let status = response.status().as_u16();
                let headers = response
                    .headers()
                    .iter()
                    .filter_map(|(name, value)| {
                        Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
                    })
                    .collect();
                let limit = u64::try_from(max_body).unwrap_or(u64::MAX);
                let declared = response.content_length();
                if let Some(length) = declared.filter(|length| *length > limit) {
                    return Err(body_too_large(status, max_body, Some(length), 0));
                }
                // Sized from the declared length (already within the limit), else grown as read.
                let capacity = declared.map_or(0, |length| usize::try_from(length).unwrap_or(0));
                let mut body = Vec::with_capacity(capacity);
                while let Some(chunk) = response.chunk().await.map_err(classify)? {
                    if chunk.len() > max_body - body.len() {
                        return Err(body_too_large(
                            status,
                            max_body,
                            None,
                            body.len() + chunk.len(),
                        ));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(HttpResponse {
                    status,
                    headers,
                    body,
                })
            })
        }
    }
}
