//! Credentials from a URI: a local credentials server (a sidecar, a vault agent) answering a GET
//! with temporary credentials.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use url::{Host, Url};

use super::cache::{Clock, CredentialsCache};
use super::http::{self, credentials_from_json, shown_url, transport_or_direct, CodeField};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::future::BoxFuture;
use crate::http::Method;
use crate::transport::Transport;

/// Connect and read timeouts of the official libraries.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Temporary credentials from an HTTP(S) URI (`ALIBABA_CLOUD_CREDENTIALS_URI` in the default
/// chain): a `GET` answered with HTTP 200 and
/// `{"Code":"Success","AccessKeyId":...,"AccessKeySecret":...,"SecurityToken":...,"Expiration":"2024-01-02T03:04:05Z"}`
/// (`Code` may be left out; when present it must be `Success`). The request is bounded by a
/// timeout (10 s by default). Cached, and refreshed before the credentials expire
/// ([`CredentialsCache`]). Errors show the URI without its query, which may hold a token.
///
/// The URI must be `https://`, or `http://` to a loopback host (`127.0.0.0/8`, `[::1]`,
/// `localhost`): anything else is refused when the provider is built, before any connection, as
/// plain HTTP would carry the credentials across the network in clear text. The default
/// transport never goes through a proxy from the environment (`HTTP_PROXY`, `HTTPS_PROXY`,
/// `ALL_PROXY`); to use one, give a transport configured with it
/// ([`UriProviderBuilder::transport`]).
#[derive(Debug, Clone)]
pub struct UriProvider {
    cache: CredentialsCache,
}

/// Builder for [`UriProvider`].
pub struct UriProviderBuilder {
    uri: String,
    /// Where the URI came from, as errors name it.
    origin: &'static str,
    timeout: Duration,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Arc<dyn Clock>>,
}

impl UriProvider {
    /// A provider asking `uri`: `https://`, or `http://` to a loopback host.
    pub fn builder(uri: impl Into<String>) -> UriProviderBuilder {
        UriProviderBuilder {
            uri: uri.into(),
            origin: "the credentials URI",
            timeout: READ_TIMEOUT,
            transport: None,
            clock: None,
        }
    }
}

impl UriProviderBuilder {
    /// The bound on each request (default 10 s; connecting is bounded by 5 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends the requests over this transport, used as it is (a proxy it is configured with
    /// included), instead of the default one, which never goes through a proxy.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    pub(crate) fn transport_shared(mut self, transport: Option<Arc<dyn Transport>>) -> Self {
        self.transport = transport;
        self
    }

    /// Reads the time for the credentials' expiry from `clock` (for tests).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    pub(crate) fn clock_opt(mut self, clock: Option<Arc<dyn Clock>>) -> Self {
        self.clock = clock.or(self.clock);
        self
    }

    /// Names the URI's source in errors (the environment variable it was read from).
    pub(crate) fn origin(mut self, origin: &'static str) -> Self {
        self.origin = origin;
        self
    }

    /// Checks the settings, the URI's scheme and host included. Nothing is sent until
    /// credentials are first asked for.
    pub fn build(self) -> Result<UriProvider, CredentialsError> {
        let uri = self.uri.trim().to_owned();
        check_uri(&uri)
            .map_err(|why| CredentialsError::new(format!("{} is refused: {why}", self.origin)))?;
        if self.timeout.is_zero() {
            return Err(CredentialsError::new(
                "the credentials URI timeout must be greater than zero",
            ));
        }
        let transport = transport_or_direct(self.transport, CONNECT_TIMEOUT.min(self.timeout))?;
        let fetch = Fetch {
            transport,
            uri,
            timeout: self.timeout,
        };
        Ok(UriProvider {
            cache: CredentialsCache::new(fetch).with_clock_opt(self.clock.as_ref()),
        })
    }
}

/// What a credentials URI may be, as errors state it.
const ACCEPTED: &str = "https://, or http:// to a loopback host (127.0.0.0/8, [::1], localhost)";

/// Accepts `https://`, and `http://` to a loopback host only: plain HTTP elsewhere would carry
/// the credentials across the network in clear text. The reason shows the scheme and host, never
/// the path, query or user information, which may hold a token.
fn check_uri(uri: &str) -> Result<(), String> {
    let parsed =
        Url::parse(uri).map_err(|error| format!("not a URL ({error}); it must be {ACCEPTED}"))?;
    let loopback = match parsed.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(address)) => address.is_loopback(),
        Some(Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    };
    match parsed.scheme() {
        "https" if parsed.host().is_some() => Ok(()),
        "http" if loopback => Ok(()),
        scheme => {
            let mut shown = format!("{scheme}:");
            if let Some(host) = parsed.host_str() {
                shown.push_str("//");
                shown.push_str(host);
            }
            if let Some(port) = parsed.port() {
                shown.push_str(&format!(":{port}"));
            }
            Err(format!("{shown} is not {ACCEPTED}"))
        }
    }
}

impl fmt::Debug for UriProviderBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UriProviderBuilder")
            .field("uri", &shown_url(&self.uri))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// One GET per refresh.
struct Fetch {
    transport: Arc<dyn Transport>,
    uri: String,
    timeout: Duration,
}

impl fmt::Debug for Fetch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsUri")
            .field("uri", &shown_url(&self.uri))
            .finish_non_exhaustive()
    }
}

impl Fetch {
    async fn fetch(&self) -> Result<Credentials, String> {
        let response = http::send(
            &*self.transport,
            Method::Get,
            &self.uri,
            vec![("accept".to_owned(), "application/json".to_owned())],
            Vec::new(),
            self.timeout,
        )
        .await?;
        if response.status != 200 {
            return Err(format!(
                "GET {}: HTTP {}",
                shown_url(&self.uri),
                response.status
            ));
        }
        credentials_from_json(&response.body, CodeField::Optional)
            .map_err(|why| format!("GET {}: {why}", shown_url(&self.uri)))
    }
}

impl ProvideCredentials for Fetch {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move { self.fetch().await.map_err(CredentialsError::new) })
    }
}

impl ProvideCredentials for UriProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.credentials()
    }
}
