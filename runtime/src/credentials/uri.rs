//! Credentials from a URI: a local credentials server (a sidecar, a vault agent) answering a GET
//! with temporary credentials.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::cache::{Clock, CredentialsCache};
use super::http::{self, credentials_from_json, shown_url, transport_or_default, CodeField};
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
#[derive(Debug, Clone)]
pub struct UriProvider {
    cache: CredentialsCache,
}

/// Builder for [`UriProvider`].
pub struct UriProviderBuilder {
    uri: String,
    timeout: Duration,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Arc<dyn Clock>>,
}

impl UriProvider {
    /// A provider asking `uri` (`http://` or `https://`).
    pub fn builder(uri: impl Into<String>) -> UriProviderBuilder {
        UriProviderBuilder {
            uri: uri.into(),
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

    /// Sends the requests over this transport instead of the default one.
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

    /// Checks the settings. Nothing is sent until credentials are first asked for.
    pub fn build(self) -> Result<UriProvider, CredentialsError> {
        let uri = self.uri.trim().to_owned();
        let parsed = url::Url::parse(&uri).map_err(|error| {
            CredentialsError::new(format!(
                "the credentials URI {} is not a URL: {error}",
                shown_url(&uri)
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(CredentialsError::new(format!(
                "the credentials URI {} is not http:// or https://",
                shown_url(&uri)
            )));
        }
        if self.timeout.is_zero() {
            return Err(CredentialsError::new(
                "the credentials URI timeout must be greater than zero",
            ));
        }
        let transport = transport_or_default(self.transport, CONNECT_TIMEOUT.min(self.timeout))?;
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
