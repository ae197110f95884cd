//! The RAM role provider: temporary credentials of a role from STS `AssumeRole`, called through
//! the runtime's own [`Client`] and signed with base credentials from another provider.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::cache::{Clock, CredentialsCache};
use super::http::{transport_or_direct, SharedTransport};
use super::sts::{self, AssumeRole, Session, StsEndpoint, STS};
use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::client::{Client, Timeouts};
use crate::environment::Environment;
use crate::future::BoxFuture;
use crate::retry::RetryPolicy;
use crate::transport::Transport;

/// Timeouts of STS calls: connect 5 s and read 10 s as in the official libraries, 30 s in all.
// Assigned one by one so that any setting `Timeouts` gains keeps its default.
#[allow(clippy::field_reassign_with_default)]
pub(crate) fn sts_timeouts() -> Timeouts {
    let mut timeouts = Timeouts::default();
    timeouts.connect = Duration::from_secs(5);
    timeouts.attempt = Duration::from_secs(10);
    timeouts.total = Duration::from_secs(30);
    timeouts
}

/// Temporary credentials of a RAM role, from STS `AssumeRole` signed with base credentials
/// (an access key, STS credentials, or any other provider: the ECS instance role, another role).
/// Cached, and refreshed before they expire ([`CredentialsCache`]). The default transport never
/// goes through a proxy from the environment (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`); to use
/// one, give a transport configured with it ([`AssumeRoleProviderBuilder::transport`]).
///
/// ```no_run
/// use std::time::Duration;
/// use alibabacloud_runtime::credentials::{AssumeRoleProvider, StsEndpoint};
/// use alibabacloud_runtime::{Client, Credentials};
///
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let role = AssumeRoleProvider::builder(
///     Credentials::new("LTAI...", "secret"),
///     "acs:ram::123456789012:role/deployer",
/// )
/// .role_session_name("nightly-deploy")
/// .duration(Duration::from_secs(3600))
/// .external_id("abcd1234")
/// .policy(r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}"#)
/// .sts_endpoint(StsEndpoint::region("cn-hangzhou"))
/// .build()?;
/// let client = Client::builder().credentials_provider(role).region("cn-hangzhou").build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct AssumeRoleProvider {
    cache: CredentialsCache,
}

/// Builder for [`AssumeRoleProvider`].
pub struct AssumeRoleProviderBuilder {
    base: Arc<dyn ProvideCredentials>,
    role_arn: String,
    role_session_name: Option<String>,
    duration: Duration,
    external_id: Option<String>,
    policy: Option<String>,
    sts: StsEndpoint,
    transport: Option<Arc<dyn Transport>>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    clock: Option<Arc<dyn Clock>>,
}

impl AssumeRoleProvider {
    /// A provider of `role_arn` (`acs:ram::<account>:role/<name>`) assumed with the credentials
    /// of `base`.
    pub fn builder(
        base: impl ProvideCredentials + 'static,
        role_arn: impl Into<String>,
    ) -> AssumeRoleProviderBuilder {
        Self::builder_shared(Arc::new(base), role_arn.into())
    }

    pub(crate) fn builder_shared(
        base: Arc<dyn ProvideCredentials>,
        role_arn: String,
    ) -> AssumeRoleProviderBuilder {
        AssumeRoleProviderBuilder {
            base,
            role_arn,
            role_session_name: None,
            duration: sts::DEFAULT_DURATION,
            external_id: None,
            policy: None,
            sts: StsEndpoint::global(),
            transport: None,
            timeouts: sts_timeouts(),
            retry: RetryPolicy::default(),
            clock: None,
        }
    }
}

impl AssumeRoleProviderBuilder {
    /// The session name (2 to 64 characters of `A-Z a-z 0-9 . @ - _`), recorded in the role's
    /// audit trail; default `alibabacloud-rust-<milliseconds since 1970>`.
    pub fn role_session_name(mut self, name: impl Into<String>) -> Self {
        self.role_session_name = Some(name.into());
        self
    }

    /// How long the credentials last (`DurationSeconds`): at least 15 minutes, at most the
    /// role's maximum session duration; default 1 hour.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// The external id the role's trust policy asks for (`ExternalId`).
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// A policy (JSON text) that further restricts what the credentials may do (`Policy`).
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

    /// Checks the settings and sets up the STS client. Nothing is sent until credentials are
    /// first asked for.
    pub fn build(self) -> Result<AssumeRoleProvider, CredentialsError> {
        if self.role_arn.trim().is_empty() {
            return Err(CredentialsError::new("AssumeRole needs a role ARN"));
        }
        sts::check_duration(self.duration)?;
        let endpoint = self.sts.endpoint();
        // Not the client's default transport: that one takes proxies from the environment.
        let transport = transport_or_direct(self.transport, self.timeouts.connect)?;
        let client = Client::builder()
            .credentials_provider(self.base.clone())
            .endpoint(endpoint.clone())
            .environment(Environment::new())
            .timeouts(self.timeouts)
            .retry(self.retry)
            .transport(SharedTransport(transport))
            .build()
            .map_err(|error| {
                CredentialsError::new(format!("cannot set up the STS client: {error}"))
            })?;
        let fetch = Fetch {
            client,
            base: self.base,
            endpoint,
            session: Session {
                role_arn: self.role_arn,
                role_session_name: self
                    .role_session_name
                    .filter(|name| !name.trim().is_empty())
                    .unwrap_or_else(sts::default_session_name),
                duration: self.duration,
                policy: self.policy.filter(|policy| !policy.trim().is_empty()),
            },
            external_id: self.external_id.filter(|id| !id.is_empty()),
        };
        Ok(AssumeRoleProvider {
            cache: CredentialsCache::new(fetch).with_clock_opt(self.clock.as_ref()),
        })
    }
}

impl fmt::Debug for AssumeRoleProviderBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProviderBuilder")
            .field("base", &self.base)
            .field("role_arn", &self.role_arn)
            .field("role_session_name", &self.role_session_name)
            .field("duration", &self.duration)
            .field(
                "external_id",
                &self.external_id.as_ref().map(|_| "<redacted>"),
            )
            .field("policy", &self.policy.is_some())
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}

/// One `AssumeRole` call per refresh.
struct Fetch {
    client: Client,
    base: Arc<dyn ProvideCredentials>,
    endpoint: String,
    session: Session,
    external_id: Option<String>,
}

impl fmt::Debug for Fetch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRole")
            .field("role_arn", &self.session.role_arn)
            .field("role_session_name", &self.session.role_session_name)
            .field("duration_seconds", &self.session.duration.as_secs())
            .field("sts_endpoint", &self.endpoint)
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for Fetch {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let request = AssumeRole {
                session: self.session.clone(),
                external_id: self.external_id.clone(),
            };
            let action = format!("AssumeRole of {}", self.session.role_arn);
            let hide: Vec<&str> = self.external_id.iter().map(String::as_str).collect();
            let output = self
                .client
                .call(&STS, &request)
                .await
                .map_err(|error| sts::call_error(&action, error, &hide))?;
            output.into_credentials(&action)
        })
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.cache.credentials()
    }
}
