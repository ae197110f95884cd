//! The ECS instance RAM role: temporary credentials from the instance metadata service, with its
//! session token (IMDSv2-style hardening) and the role name discovered when not given.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::cache::{Clock, CredentialsCache};
use super::http::{self, credentials_from_json, transport_or_direct, CodeField};
use super::sts::is_true;
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::environment::Environment;
use crate::escape::percent_encode;
use crate::future::BoxFuture;
use crate::http::{HttpResponse, Method};
use crate::transport::Transport;

/// The metadata service's address on every ECS instance.
pub(crate) const DEFAULT_ENDPOINT: &str = "http://100.100.100.200";
const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
/// Lifetime asked for the metadata session token, in seconds (6 hours, as the official
/// libraries ask).
const TOKEN_TTL_SECONDS: &str = "21600";
/// Connect and read timeouts of the official libraries: the metadata service is local, and a
/// machine that is not an ECS instance should not hold a call up for long.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);

/// Temporary credentials of the RAM role attached to the ECS instance this runs on, from the
/// metadata service at `http://100.100.100.200`:
///
/// 1. `PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds: 21600` for a
///    session token. When the service answers without one the provider goes on without it
///    (IMDSv1), unless IMDSv1 is turned off ([`EcsRoleProviderBuilder::disable_imdsv1`], or
///    `ALIBABA_CLOUD_IMDSV1_DISABLED=true` in the default chain); then it is an error. When
///    nothing answers at all (not an ECS instance) it is an error straight away.
/// 2. `GET /latest/meta-data/ram/security-credentials/` for the role name, unless one is given
///    ([`EcsRoleProviderBuilder::role_name`], or `ALIBABA_CLOUD_ECS_METADATA` in the default
///    chain).
/// 3. `GET /latest/meta-data/ram/security-credentials/<role>`, answered with
///    `{"Code":"Success","AccessKeyId":...,"AccessKeySecret":...,"SecurityToken":...,"Expiration":...}`.
///
/// Requests after the first carry the token in `X-aliyun-ecs-metadata-token`. Each request is
/// bounded by a timeout (1 s by default). The default transport never goes through a proxy from
/// the environment (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`): the service must be reached on
/// the instance's own link. Cached, and refreshed before the credentials expire
/// ([`CredentialsCache`]).
#[derive(Debug, Clone)]
pub struct EcsRoleProvider {
    cache: CredentialsCache,
}

/// Builder for [`EcsRoleProvider`].
pub struct EcsRoleProviderBuilder {
    role_name: Option<String>,
    endpoint: String,
    disable_imdsv1: bool,
    timeout: Duration,
    transport: Option<Arc<dyn Transport>>,
    clock: Option<Arc<dyn Clock>>,
}

impl EcsRoleProvider {
    /// A provider for the instance's role, with the defaults.
    pub fn builder() -> EcsRoleProviderBuilder {
        EcsRoleProviderBuilder {
            role_name: None,
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            disable_imdsv1: false,
            timeout: DEFAULT_TIMEOUT,
            transport: None,
            clock: None,
        }
    }

    /// The builder the environment configures: `ALIBABA_CLOUD_ECS_METADATA` (the role name) and
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED`; an error when `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`.
    pub(crate) fn from_env(env: &Environment) -> Result<EcsRoleProviderBuilder, String> {
        if is_true(env.var("ALIBABA_CLOUD_ECS_METADATA_DISABLED")) {
            return Err("turned off by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true".to_owned());
        }
        let mut builder =
            Self::builder().disable_imdsv1(is_true(env.var("ALIBABA_CLOUD_IMDSV1_DISABLED")));
        if let Some(role) = env.var("ALIBABA_CLOUD_ECS_METADATA") {
            builder = builder.role_name(role);
        }
        Ok(builder)
    }
}

impl EcsRoleProviderBuilder {
    /// The role's name; when not given (or empty) it is asked of the metadata service at every
    /// refresh.
    pub fn role_name(mut self, role_name: impl Into<String>) -> Self {
        self.role_name = Some(role_name.into()).filter(|name| !name.trim().is_empty());
        self
    }

    /// The metadata service's base URL (default `http://100.100.100.200`), for a test server
    /// such as `http://127.0.0.1:8080`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// Requires the session token: when it cannot be had, fail rather than ask without one.
    pub fn disable_imdsv1(mut self, disable: bool) -> Self {
        self.disable_imdsv1 = disable;
        self
    }

    /// The bound on each request to the metadata service, connect included (default 1 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Talks to the metadata service over this transport, used as it is (a proxy it is
    /// configured with included), instead of the default one, which never goes through a proxy.
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
    pub fn build(self) -> Result<EcsRoleProvider, CredentialsError> {
        let endpoint = self.endpoint.trim().trim_end_matches('/').to_owned();
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(CredentialsError::new(format!(
                "the metadata service endpoint {endpoint:?} is not an http:// or https:// URL"
            )));
        }
        if self.timeout.is_zero() {
            return Err(CredentialsError::new(
                "the metadata service timeout must be greater than zero",
            ));
        }
        let transport = transport_or_direct(self.transport, self.timeout)?;
        let fetch = Fetch {
            transport,
            endpoint,
            role_name: self.role_name,
            disable_imdsv1: self.disable_imdsv1,
            timeout: self.timeout,
        };
        Ok(EcsRoleProvider {
            cache: CredentialsCache::new(fetch).with_clock_opt(self.clock.as_ref()),
        })
    }
}

impl fmt::Debug for EcsRoleProviderBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRoleProviderBuilder")
            .field("role_name", &self.role_name)
            .field("endpoint", &self.endpoint)
            .field("disable_imdsv1", &self.disable_imdsv1)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// One round with the metadata service per refresh.
struct Fetch {
    transport: Arc<dyn Transport>,
    endpoint: String,
    role_name: Option<String>,
    disable_imdsv1: bool,
    timeout: Duration,
}

impl fmt::Debug for Fetch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRamRole")
            .field("endpoint", &self.endpoint)
            .field("role_name", &self.role_name)
            .field("disable_imdsv1", &self.disable_imdsv1)
            .finish_non_exhaustive()
    }
}

/// The session token header, sent with every request after the token's.
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";

impl Fetch {
    /// The session token, `None` when the service gave none and IMDSv1 is allowed.
    async fn token(&self) -> Result<Option<String>, String> {
        let url = format!("{}{TOKEN_PATH}", self.endpoint);
        let headers = vec![(
            "X-aliyun-ecs-metadata-token-ttl-seconds".to_owned(),
            TOKEN_TTL_SECONDS.to_owned(),
        )];
        let failure = match http::send(
            &*self.transport,
            Method::Put,
            &url,
            headers,
            Vec::new(),
            self.timeout,
        )
        .await
        {
            Ok(response) if response.status == 200 => {
                let token = String::from_utf8_lossy(&response.body).trim().to_owned();
                if !token.is_empty() {
                    return Ok(Some(token));
                }
                format!("PUT {url}: an empty token")
            }
            Ok(response) => format!("PUT {url}: HTTP {}", response.status),
            // Nothing answered at all (not an ECS instance, or the service is down): asking
            // again without a token would only wait as long once more.
            Err(error) => return Err(error),
        };
        if self.disable_imdsv1 {
            return Err(format!(
                "no metadata session token, and IMDSv1 is turned off: {failure}"
            ));
        }
        tracing::debug!(reason = %failure, "no metadata session token; asking without one (IMDSv1)");
        Ok(None)
    }

    /// A GET with the token; when that fails and IMDSv1 is allowed, once more without it.
    async fn get(&self, path: &str, token: Option<&str>) -> Result<HttpResponse, String> {
        let url = format!("{}{path}", self.endpoint);
        let headers = |token: Option<&str>| {
            token
                .map(|token| vec![(TOKEN_HEADER.to_owned(), token.to_owned())])
                .unwrap_or_default()
        };
        let first = http::send(
            &*self.transport,
            Method::Get,
            &url,
            headers(token),
            Vec::new(),
            self.timeout,
        )
        .await;
        let failed = match &first {
            Ok(response) => response.status != 200,
            Err(_) => true,
        };
        if failed && token.is_some() && !self.disable_imdsv1 {
            return http::send(
                &*self.transport,
                Method::Get,
                &url,
                Vec::new(),
                Vec::new(),
                self.timeout,
            )
            .await;
        }
        first
    }

    async fn fetch(&self) -> Result<Credentials, String> {
        let token = self.token().await?;
        let role = match &self.role_name {
            Some(role) => role.clone(),
            None => {
                let response = self.get(CREDENTIALS_PATH, token.as_deref()).await?;
                if response.status != 200 {
                    return Err(format!(
                        "GET {}{CREDENTIALS_PATH} (the role name): HTTP {}",
                        self.endpoint, response.status
                    ));
                }
                let body = String::from_utf8_lossy(&response.body);
                let role = body.lines().next().unwrap_or_default().trim().to_owned();
                if role.is_empty() {
                    return Err("no RAM role is attached to this instance".to_owned());
                }
                role
            }
        };
        let path = format!("{CREDENTIALS_PATH}{}", percent_encode(&role));
        let response = self.get(&path, token.as_deref()).await?;
        if response.status != 200 {
            return Err(format!(
                "GET {}{path}: HTTP {}",
                self.endpoint, response.status
            ));
        }
        credentials_from_json(&response.body, CodeField::Required)
            .map_err(|why| format!("role {role:?}: {why}"))
    }
}

impl ProvideCredentials for Fetch {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            self.fetch()
                .await
                .map_err(|why| CredentialsError::new(format!("metadata service: {why}")))
        })
    }
}

impl ProvideCredentials for EcsRoleProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.credentials()
    }
}
