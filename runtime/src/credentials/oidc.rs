//! The OIDC role provider (RRSA, RAM Roles for Service Accounts): a Kubernetes service account's
//! OIDC token exchanged for a RAM role's credentials with STS `AssumeRoleWithOIDC`.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::assume_role::sts_timeouts;
use super::cache::{Clock, CredentialsCache};
use super::http::transport_or_direct;
use super::sts::{self, AssumeRoleOutput, AssumeRoleWithOidc, Session, StsEndpoint, STS};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::client::Timeouts;
use crate::endpoint::Endpoint;
use crate::environment::Environment;
use crate::error::{Error, TimeoutError, TimeoutKind};
use crate::escape::percent_encode_into;
use crate::future::BoxFuture;
use crate::http::HttpRequest;
use crate::params::{Pair, Params};
use crate::retry::RetryPolicy;
use crate::service::Operation;
use crate::transport::Transport;

const USER_AGENT: &str = concat!("alibabacloud-rust-runtime/", env!("CARGO_PKG_VERSION"));

/// Temporary credentials of a RAM role for the holder of an OIDC token (RRSA on ACK): the token
/// file is read again at every refresh (Kubernetes rotates it), and sent to STS
/// `AssumeRoleWithOIDC`, which is called without a signature. Cached, and refreshed before the
/// credentials expire ([`CredentialsCache`]). The default transport never goes through a proxy
/// from the environment (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`); to use one, give a transport
/// configured with it ([`OidcRoleProviderBuilder::transport`]).
///
/// In the default chain it is configured by `ALIBABA_CLOUD_ROLE_ARN`,
/// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE` (what ACK injects), with
/// `ALIBABA_CLOUD_ROLE_SESSION_NAME`, `ALIBABA_CLOUD_STS_REGION` and
/// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED` read as well.
#[derive(Debug, Clone)]
pub struct OidcRoleProvider {
    cache: CredentialsCache,
}

/// Builder for [`OidcRoleProvider`].
pub struct OidcRoleProviderBuilder {
    role_arn: String,
    oidc_provider_arn: String,
    oidc_token_file: PathBuf,
    role_session_name: Option<String>,
    duration: Duration,
    policy: Option<String>,
    sts: StsEndpoint,
    transport: Option<Arc<dyn Transport>>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    clock: Option<Arc<dyn Clock>>,
}

impl OidcRoleProvider {
    /// A provider of `role_arn`, trusted by the OIDC identity provider `oidc_provider_arn`
    /// (`acs:ram::<account>:oidc-provider/<name>`), with the token read from `oidc_token_file`.
    pub fn builder(
        role_arn: impl Into<String>,
        oidc_provider_arn: impl Into<String>,
        oidc_token_file: impl Into<PathBuf>,
    ) -> OidcRoleProviderBuilder {
        OidcRoleProviderBuilder {
            role_arn: role_arn.into(),
            oidc_provider_arn: oidc_provider_arn.into(),
            oidc_token_file: oidc_token_file.into(),
            role_session_name: None,
            duration: sts::DEFAULT_DURATION,
            policy: None,
            sts: StsEndpoint::global(),
            transport: None,
            timeouts: sts_timeouts(),
            retry: RetryPolicy::default(),
            clock: None,
        }
    }

    /// The builder the environment configures, `Ok(None)` when none of the three variables is
    /// set, or an error naming the variables missing when only some are.
    pub(crate) fn from_env(env: &Environment) -> Result<Option<OidcRoleProviderBuilder>, String> {
        const NAMES: [&str; 3] = [
            "ALIBABA_CLOUD_ROLE_ARN",
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
        ];
        let values = NAMES.map(|name| env.var(name));
        let missing: Vec<&str> = NAMES
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        match (values, missing.len()) {
            (_, 3) => Ok(None),
            ([Some(role), Some(provider), Some(file)], _) => {
                let mut builder =
                    Self::builder(role, provider, file).sts_endpoint(StsEndpoint::from_env(env));
                if let Some(name) = env.var("ALIBABA_CLOUD_ROLE_SESSION_NAME") {
                    builder = builder.role_session_name(name);
                }
                Ok(Some(builder))
            }
            _ => Err(format!("{} not set", missing.join(" and "))),
        }
    }
}

impl OidcRoleProviderBuilder {
    /// The session name (2 to 64 characters of `A-Z a-z 0-9 . @ - _`); default
    /// `alibabacloud-rust-<milliseconds since 1970>`.
    pub fn role_session_name(mut self, name: impl Into<String>) -> Self {
        self.role_session_name = Some(name.into());
        self
    }

    /// How long the credentials last: at least 15 minutes; default 1 hour.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// A policy (JSON text) that further restricts what the credentials may do.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// Where STS is (default `sts.aliyuncs.com`).
    pub fn sts_endpoint(mut self, endpoint: StsEndpoint) -> Self {
        self.sts = endpoint;
        self
    }

    /// Sends the STS calls over this transport, used as it is (a proxy it is configured with
    /// included), instead of the default one, which never goes through a proxy.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    pub(crate) fn transport_shared(mut self, transport: Option<Arc<dyn Transport>>) -> Self {
        self.transport = transport;
        self
    }

    /// Timeouts of the STS calls (default: connect 5 s, one attempt 10 s, 30 s in all).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Retries of the STS calls (default [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
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

    /// Checks the settings. Nothing is read or sent until credentials are first asked for.
    pub fn build(self) -> Result<OidcRoleProvider, CredentialsError> {
        if self.role_arn.trim().is_empty() {
            return Err(CredentialsError::new("AssumeRoleWithOIDC needs a role ARN"));
        }
        if self.oidc_provider_arn.trim().is_empty() {
            return Err(CredentialsError::new(
                "AssumeRoleWithOIDC needs an OIDC provider ARN",
            ));
        }
        if self.oidc_token_file.as_os_str().is_empty() {
            return Err(CredentialsError::new(
                "AssumeRoleWithOIDC needs an OIDC token file",
            ));
        }
        sts::check_duration(self.duration)?;
        let endpoint_text = self.sts.endpoint();
        let endpoint = Endpoint::parse(&endpoint_text)
            .map_err(|error| CredentialsError::new(format!("STS endpoint: {error}")))?;
        let transport = transport_or_direct(self.transport, self.timeouts.connect)?;
        let fetch = Fetch {
            transport,
            endpoint,
            timeouts: self.timeouts,
            retry: self.retry,
            oidc_provider_arn: self.oidc_provider_arn,
            oidc_token_file: self.oidc_token_file,
            session: Session {
                role_arn: self.role_arn,
                role_session_name: self
                    .role_session_name
                    .filter(|name| !name.trim().is_empty())
                    .unwrap_or_else(sts::default_session_name),
                duration: self.duration,
                policy: self.policy.filter(|policy| !policy.trim().is_empty()),
            },
        };
        Ok(OidcRoleProvider {
            cache: CredentialsCache::new(fetch).with_clock_opt(self.clock.as_ref()),
        })
    }
}

impl fmt::Debug for OidcRoleProviderBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcRoleProviderBuilder")
            .field("role_arn", &self.role_arn)
            .field("oidc_provider_arn", &self.oidc_provider_arn)
            .field("oidc_token_file", &self.oidc_token_file)
            .field("role_session_name", &self.role_session_name)
            .field("duration", &self.duration)
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}

/// One `AssumeRoleWithOIDC` call per refresh, with the token file read anew.
struct Fetch {
    transport: Arc<dyn Transport>,
    endpoint: Endpoint,
    timeouts: Timeouts,
    retry: RetryPolicy,
    oidc_provider_arn: String,
    oidc_token_file: PathBuf,
    session: Session,
}

impl fmt::Debug for Fetch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleWithOIDC")
            .field("role_arn", &self.session.role_arn)
            .field("oidc_provider_arn", &self.oidc_provider_arn)
            .field("oidc_token_file", &self.oidc_token_file)
            .field("role_session_name", &self.session.role_session_name)
            .field("sts_endpoint", &self.endpoint.base_url())
            .finish_non_exhaustive()
    }
}

/// `name=value&...`, percent-encoded as the signature schemes encode.
fn form(pairs: &[Pair<'_>]) -> String {
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        percent_encode_into(&mut out, name);
        out.push('=');
        percent_encode_into(&mut out, value);
    }
    out
}

impl Fetch {
    async fn read_token(&self) -> Result<String, CredentialsError> {
        let path = self.oidc_token_file.clone();
        let read = tokio::task::spawn_blocking(move || std::fs::read_to_string(path)).await;
        let shown = self.oidc_token_file.display();
        let token = match read {
            Ok(Ok(token)) => token,
            Ok(Err(error)) => {
                return Err(CredentialsError::new(format!(
                    "OIDC token file {shown}: cannot read: {error}"
                )))
            }
            Err(_) => {
                return Err(CredentialsError::new(format!(
                    "OIDC token file {shown}: the read task failed"
                )))
            }
        };
        let token = token.trim().to_owned();
        if token.is_empty() {
            return Err(CredentialsError::new(format!(
                "OIDC token file {shown} is empty"
            )));
        }
        Ok(token)
    }

    /// One unsigned attempt, ended the way the client ends its attempts.
    async fn attempt(&self, request: &AssumeRoleWithOidc) -> Result<AssumeRoleOutput, Error> {
        let mut params = Params::default();
        request.write_params(&mut params);
        let query: [Pair<'_>; 4] = [
            ("Action".into(), AssumeRoleWithOidc::ACTION.into()),
            ("Format".into(), "JSON".into()),
            ("Version".into(), STS.version.into()),
            (
                "Timestamp".into(),
                crate::sign::format_timestamp(time::OffsetDateTime::now_utc()).into(),
            ),
        ];
        let url = format!("{}?{}", self.endpoint.base_url(), form(&query));
        let timeout = self.timeouts.attempt;
        let http = HttpRequest {
            method: AssumeRoleWithOidc::METHOD,
            url,
            headers: vec![
                (
                    "content-type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
                ("accept".into(), "application/json".into()),
                ("user-agent".into(), USER_AGENT.into()),
            ],
            body: form(&params.body).into_bytes(),
            timeout,
        };
        let response = match tokio::time::timeout(timeout, self.transport.send(http)).await {
            Err(_) => {
                return Err(Error::Timeout(TimeoutError::new(
                    TimeoutKind::Attempt,
                    timeout,
                )))
            }
            Ok(Err(error)) => return Err(Error::Transport(error)),
            Ok(Ok(response)) => response,
        };
        crate::decode::decode_body::<AssumeRoleWithOidc>(response.status, &response.body)
    }

    async fn call(&self, request: &AssumeRoleWithOidc) -> Result<AssumeRoleOutput, Error> {
        let mut attempt = 1;
        loop {
            match self.attempt(request).await {
                Err(error) if error.is_retryable() && attempt < self.retry.max_attempts() => {
                    let Some(delay) = self.retry.delay(attempt, None) else {
                        return Err(error);
                    };
                    tracing::debug!(attempt, error = %error, "retrying AssumeRoleWithOIDC");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                result => return result,
            }
        }
    }
}

impl ProvideCredentials for Fetch {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let token = self.read_token().await?;
            let request = AssumeRoleWithOidc {
                session: self.session.clone(),
                oidc_provider_arn: self.oidc_provider_arn.clone(),
                oidc_token: token,
            };
            let action = format!("AssumeRoleWithOIDC of {}", self.session.role_arn);
            let total = self.timeouts.total;
            let output = match tokio::time::timeout(total, self.call(&request)).await {
                Ok(result) => result,
                Err(_) => Err(Error::Timeout(TimeoutError::new(TimeoutKind::Total, total))),
            }
            .map_err(|error| sts::call_error(&action, error, &[&request.oidc_token]))?;
            output.into_credentials(&action)
        })
    }
}

impl ProvideCredentials for OidcRoleProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.credentials()
    }
}
