//! The client: configuration, and the call loop (resolve, sign, send, classify, retry, decode).

use std::any::Any;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use tracing::field::Empty;
use tracing::Instrument;

use crate::async_runtime::{self, Guarded};
use crate::credentials::{Credentials, ProvideCredentials};
use crate::decode::{classify, decode_output, Classified};
use crate::endpoint::{self, Endpoint};
use crate::environment::Environment;
use crate::error::{
    ConfigError, DecodeError, Error, ServiceError, SignatureMismatch, TimeoutError, TimeoutKind,
};
use crate::future::BoxFuture;
use crate::http::{HttpResponse, Method};
use crate::options::CallOptions;
use crate::params::Params;
use crate::request::{carries_param, Attempt, Call, Prepared, Redactor, Schemes};
use crate::retry::{
    http_retry_after, rate_limit_wait, retry_after_wait, Failure, RetryBudget, RetryPolicy,
    RETRY_COST, TIMEOUT_RETRY_COST,
};
use crate::service::{EndpointRule, Operation, Protocol, Service, Style};
use crate::sign::{format_timestamp, new_nonce, RoaSignature, SignatureVersion};
use crate::transport::{
    body_too_large, Transport, TransportErrorKind, TypedRequest, DEFAULT_MAX_BODY,
};

/// Timeouts of a client.
///
/// Defaults: connect 5 s, one attempt 30 s (connect, send and read the whole response), the whole
/// call 90 s (every attempt and every backoff wait included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// Establishing a connection (used by the default transport).
    pub connect: Duration,
    /// One attempt, from sending to the last byte of the response.
    pub attempt: Duration,
    /// The whole call, retries and backoff included.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            attempt: Duration::from_secs(30),
            total: Duration::from_secs(90),
        }
    }
}

/// Where credentials come from: checked once at build time when static.
#[derive(Debug, Clone)]
enum CredentialSource {
    Static(Credentials),
    Provider(Arc<dyn ProvideCredentials>),
}

/// A configured client: credentials, region, endpoint, timeouts, retries, transport.
///
/// Cloning is cheap and clones share one transport (one connection pool) and one retry budget.
/// [`Client::with_options`] makes a handle that shares all of it too, with its own timeouts or
/// retry policy.
///
/// Calls need a Tokio 1.x runtime with the time driver, and the default transport also needs the
/// IO driver (`#[tokio::main]`, or a runtime built with `enable_all()`). A call made outside
/// one, or in one without a driver, fails with a [`ConfigErrorKind::Runtime`] error rather than
/// a panic.
///
/// [`ConfigErrorKind::Runtime`]: crate::ConfigErrorKind::Runtime
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// This handle's overrides of the timeouts and retry policy ([`Client::with_options`]).
    options: CallOptions,
}

#[derive(Debug)]
struct Inner {
    credentials: CredentialSource,
    region: Option<String>,
    endpoint: Option<Endpoint>,
    schemes: Schemes,
    timeouts: Timeouts,
    retry: RetryPolicy,
    budget: RetryBudget,
    max_body: usize,
    transport: Arc<dyn Transport>,
    endpoints: ResolvedEndpoints,
}

/// The endpoints this client has resolved, by product rule. The region and the explicit endpoint
/// are fixed for the client, so a rule always resolves to the same endpoint: keeping it spares
/// every call a URL parse (a fifth of the client's own work per call, before this). A program
/// calls a handful of products, so a short list is searched.
#[derive(Debug, Default)]
struct ResolvedEndpoints(RwLock<Vec<(EndpointRule, Arc<Endpoint>)>>);

impl ResolvedEndpoints {
    /// More rules than any program calls; past it, endpoints are resolved on every call.
    const MAX: usize = 64;

    fn find(&self, rule: &EndpointRule) -> Option<Arc<Endpoint>> {
        let kept = self.0.read().unwrap_or_else(PoisonError::into_inner);
        kept.iter()
            .find(|(kept, _)| kept == rule)
            .map(|(_, endpoint)| Arc::clone(endpoint))
    }

    fn keep(&self, rule: &EndpointRule, endpoint: &Arc<Endpoint>) {
        let mut kept = self.0.write().unwrap_or_else(PoisonError::into_inner);
        if kept.len() < Self::MAX && !kept.iter().any(|(kept, _)| kept == rule) {
            kept.push((*rule, Arc::clone(endpoint)));
        }
    }
}

/// Builder for [`Client`], or for a product client made from one.
///
/// `C` is what [`ClientBuilder::build`] returns: [`Client`] by default ([`Client::builder`]), or
/// any type with `From<Client>`, such as a generated product client, whose `builder()` returns
/// `ClientBuilder<Self>`:
///
/// ```no_run
/// use alibabacloud_runtime::{Client, ClientBuilder};
///
/// // What a generated crate writes for each product client.
/// pub struct CmsClient {
///     inner: Client,
/// }
/// impl From<Client> for CmsClient {
///     fn from(inner: Client) -> Self {
///         CmsClient { inner }
///     }
/// }
/// impl CmsClient {
///     pub fn builder() -> ClientBuilder<Self> {
///         ClientBuilder::new()
///     }
/// }
///
/// # fn run() -> Result<(), alibabacloud_runtime::ConfigError> {
/// let cms: CmsClient = CmsClient::builder().region("cn-hangzhou").build()?;
/// # Ok(())
/// # }
/// ```
pub struct ClientBuilder<C = Client> {
    settings: Settings,
    // `fn() -> C`: the builder holds no `C`, so it is `Send`, `Sync` and `Debug` whatever `C` is.
    client: PhantomData<fn() -> C>,
}

/// What a [`ClientBuilder`] collects: kept apart from its type parameter so that building is
/// compiled once, not once per product client.
#[derive(Debug, Default)]
struct Settings {
    credentials: Option<CredentialSource>,
    region: Option<String>,
    endpoint: Option<String>,
    signature_version: SignatureVersion,
    roa_signature: RoaSignature,
    timeouts: Timeouts,
    retry: RetryPolicy,
    max_body: Option<usize>,
    transport: Option<Arc<dyn Transport>>,
    environment: Option<Environment>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            settings: Settings::default(),
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("settings", &self.settings)
            .finish()
    }
}

impl<C> ClientBuilder<C> {
    /// A builder with the defaults, for a client of type `C` ([`Client`], or a product client
    /// with `From<Client>`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses these credentials (an access key, or STS credentials) instead of the default chain.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.settings.credentials = Some(CredentialSource::Static(credentials));
        self
    }

    /// Uses a credentials provider, asked before every attempt.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.settings.credentials = Some(CredentialSource::Provider(Arc::new(provider)));
        self
    }

    /// Sets the region (`cn-shanghai`); otherwise `ALIBABA_CLOUD_REGION_ID`, then the aliyun CLI
    /// profile's `region_id`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.settings.region = Some(region.into());
        self
    }

    /// Sets an explicit endpoint, which always wins over the region: a host (HTTPS), or a full
    /// `http://` / `https://` URL with an optional port. A URL with a path other than `/` is
    /// refused by [`ClientBuilder::build`] (requests go to `/`, or to the ROA operation's path).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.settings.endpoint = Some(endpoint.into());
        self
    }

    /// Chooses the signature scheme of RPC operations (default [`SignatureVersion::V1`]). ROA
    /// operations follow [`ClientBuilder::roa_signature`] instead.
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.settings.signature_version = version;
        self
    }

    /// Chooses the signature scheme of ROA operations (default [`RoaSignature::V3`], what the
    /// official SDKs use; [`RoaSignature::Classic`] for the legacy `acs <id>:<signature>`).
    pub fn roa_signature(mut self, signature: RoaSignature) -> Self {
        self.settings.roa_signature = signature;
        self
    }

    /// Sets all timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.settings.timeouts = timeouts;
        self
    }

    /// Sets the connect timeout (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeouts.connect = timeout;
        self
    }

    /// Sets the timeout of one attempt (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeouts.attempt = timeout;
        self
    }

    /// Sets the timeout of a whole call, retries included (default 90 s).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeouts.total = timeout;
        self
    }

    /// Sets the retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::disabled`] turns
    /// retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// Sets the largest response body a call accepts, in bytes (default 32 MiB). A response
    /// whose `Content-Length` is larger is refused before its body is read; one whose body
    /// passes the limit is cut off (the default transport stops reading there; with another
    /// transport the client refuses the body once the transport returns it, unless the
    /// transport implements [`Transport::send_with_limit`]). Either way the call fails with a
    /// [`TransportErrorKind::BodyTooLarge`] error and is not retried.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.settings.max_body = Some(bytes);
        self
    }

    /// Uses another HTTP stack (or a mock) instead of the default reqwest transport.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.settings.transport = Some(Arc::new(transport));
        self
    }

    /// Reads the default credential chain and region from this environment instead of the
    /// process's (for tests).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.settings.environment = Some(environment);
        self
    }

    /// Builds the client: resolves credentials (the default chain if none were given) and the
    /// region, and sets up the transport. A product client is made from the [`Client`] built.
    pub fn build(self) -> Result<C, ConfigError>
    where
        C: From<Client>,
    {
        self.settings.build().map(C::from)
    }
}

impl Settings {
    fn build(self) -> Result<Client, ConfigError> {
        let timeouts = self.timeouts;
        if timeouts.connect.is_zero() || timeouts.attempt.is_zero() || timeouts.total.is_zero() {
            return Err(ConfigError::invalid(
                "timeouts must be greater than zero".to_owned(),
            ));
        }
        let max_body = self.max_body.unwrap_or(DEFAULT_MAX_BODY);
        if max_body == 0 {
            return Err(ConfigError::invalid(
                "the response body limit must be greater than zero".to_owned(),
            ));
        }
        let needs_env = self.credentials.is_none() || self.region.is_none();
        let env = match self.environment {
            Some(env) => env,
            None if needs_env => Environment::from_process(),
            None => Environment::new(),
        };
        let credentials = match self.credentials {
            Some(CredentialSource::Static(credentials)) => {
                credentials.validate()?;
                CredentialSource::Static(credentials)
            }
            Some(provider) => provider,
            None => default_credentials(&env)?,
        };
        let region = self
            .region
            .or_else(|| env.var("ALIBABA_CLOUD_REGION_ID").map(str::to_owned))
            .or_else(|| default_region(&env))
            .map(|region| region.trim().to_owned())
            .filter(|region| !region.is_empty());
        let endpoint = self.endpoint.as_deref().map(Endpoint::parse).transpose()?;
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport(timeouts.connect)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                credentials,
                region,
                endpoint,
                schemes: Schemes {
                    rpc: self.signature_version,
                    roa: self.roa_signature,
                },
                timeouts,
                budget: RetryBudget::new(self.retry.retry_budget()),
                retry: self.retry,
                max_body,
                transport,
                endpoints: ResolvedEndpoints::default(),
            }),
            options: CallOptions::default(),
        })
    }
}

/// The credentials of a client built without any: the default chain. Fails at build only when
/// no source is configured at all (the metadata service counts unless
/// ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); sources that fetch credentials are asked at the
/// first call.
#[cfg(feature = "default-chain")]
fn default_credentials(env: &Environment) -> Result<CredentialSource, ConfigError> {
    let chain = crate::credentials::DefaultChain::new(env.clone());
    chain.check()?;
    Ok(CredentialSource::Provider(Arc::new(chain)))
}

/// Without the default chain, only the environment's access key is read.
#[cfg(not(feature = "default-chain"))]
fn default_credentials(env: &Environment) -> Result<CredentialSource, ConfigError> {
    Ok(CredentialSource::Static(
        crate::credentials::environment_credentials(env)?,
    ))
}

/// The region of the CLI profile in use, read with the default chain's files.
#[cfg(feature = "default-chain")]
fn default_region(env: &Environment) -> Option<String> {
    crate::credentials::profile_region(env)
}

/// Without the default chain no profile file is read.
#[cfg(not(feature = "default-chain"))]
fn default_region(_env: &Environment) -> Option<String> {
    None
}

#[cfg(feature = "reqwest")]
fn default_transport(connect_timeout: Duration) -> Result<Arc<dyn Transport>, ConfigError> {
    crate::transport::ReqwestTransport::new(connect_timeout)
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| ConfigError::transport(format!("could not set up the HTTP client: {e}")))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_connect_timeout: Duration) -> Result<Arc<dyn Transport>, ConfigError> {
    Err(ConfigError::transport(
        "no transport: enable the `rustls` or `native-tls` feature or set one with ClientBuilder::transport"
            .to_owned(),
    ))
}

/// What [`Client::send`] needs of an operation besides its parameters: plain values, so the call
/// path stays compiled once for every operation.
#[derive(Clone, Copy)]
struct OperationRef<'a> {
    action: &'static str,
    method: Method,
    style: Style,
    /// Safe to repeat after a failure whose outcome is unknown: [`Operation::IDEMPOTENT`], or
    /// the request carries its idempotency token.
    idempotent: bool,
    /// [`Operation::SENSITIVE`].
    sensitive: &'static [&'static str],
    /// [`Operation::SENSITIVE_RESPONSE`].
    sensitive_response: &'static [&'static str],
    /// The typed request, lent to the transport with each attempt.
    request: &'a (dyn Any + Send + Sync),
}

/// How one attempt ended. Not generic: the operation's output never leaves the decode callback,
/// and service errors stay [`ServiceError`] until the generic shell converts them.
enum AttemptEnd {
    /// Success, or a failure no retry can change (credentials, configuration).
    Done(Result<(), Error>),
    /// A failure the retry loop decides about.
    Failed(Failed),
    /// The call's total deadline passed during the attempt.
    OutOfTime,
}

/// A failed attempt: its error, what it says about the request, and the wait the response asked
/// for.
struct Failed {
    error: Error,
    failure: Failure,
    wait: Option<Duration>,
    /// A timeout (connect or attempt): its retry costs more of the budget.
    timed_out: bool,
}

impl AttemptEnd {
    /// A failure with no wait asked for.
    fn failed(error: Error, failure: Failure) -> AttemptEnd {
        let timed_out = matches!(error, Error::Timeout(_));
        AttemptEnd::Failed(Failed {
            error,
            failure,
            wait: None,
            timed_out,
        })
    }
}

/// What every attempt of one call shares.
#[derive(Clone, Copy)]
struct Shared<'a> {
    /// The request as far as it is the same for every attempt.
    prepared: &'a Prepared,
    /// What is called.
    call: &'a Call<'a>,
    /// Redacts the operation's sensitive values from what errors show.
    redactor: &'a Redactor<'a>,
    /// [`Operation::SENSITIVE_RESPONSE`]: removed from the body a decode error keeps.
    sensitive_response: &'static [&'static str],
    /// The call's span.
    call_span: &'a tracing::Span,
    /// When the call's total timeout runs out.
    deadline: tokio::time::Instant,
    /// The typed request, lent to the transport with each attempt.
    request: &'a (dyn Any + Send + Sync),
}

/// Decodes a success body (status, body) into the operation's output and keeps it for
/// [`Client::call`]. A trait object so that the call path that invokes it is compiled once, not
/// once per operation; it runs inside the attempt, where the decode used to be, so spans,
/// redaction and retry decisions see a decode failure exactly as before.
type DecodeSuccess<'a> = dyn FnMut(u16, &[u8]) -> Result<(), DecodeError> + Send + 'a;

impl Client {
    /// A builder with the defaults.
    pub fn builder() -> ClientBuilder<Client> {
        ClientBuilder::new()
    }

    /// A client with the default credential chain, region from the environment or CLI profile,
    /// and default timeouts and retries.
    pub fn from_env() -> Result<Client, ConfigError> {
        Client::builder().build()
    }

    /// The configured region, if any.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The signature scheme of RPC operations.
    pub fn signature_version(&self) -> SignatureVersion {
        self.inner.schemes.rpc
    }

    /// The signature scheme of ROA operations.
    pub fn roa_signature(&self) -> RoaSignature {
        self.inner.schemes.roa
    }

    /// The timeouts in use, with this handle's [`CallOptions`] applied.
    pub fn timeouts(&self) -> Timeouts {
        self.options.timeouts(self.inner.timeouts)
    }

    /// The retry policy in use, with this handle's [`CallOptions`] applied.
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.options.retry_policy(&self.inner.retry)
    }

    /// A handle to this client whose calls use `options`: the timeouts and retry policy they set
    /// replace this handle's, and what they leave unset stays as it is here. Everything else is
    /// shared with `self` (credentials and their cache, transport and connection pool, resolved
    /// endpoints, retry budget), so it is as cheap as a clone, and `self` is unchanged.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use alibabacloud_runtime::{CallOptions, Client};
    ///
    /// # fn run(client: Client) {
    /// let patient = client.with_options(CallOptions::new().total_timeout(Duration::from_secs(600)));
    /// assert_eq!(patient.timeouts().total, Duration::from_secs(600));
    /// # }
    /// ```
    pub fn with_options(&self, options: CallOptions) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            options: self.options.merged(options),
        }
    }

    /// Calls one operation of `service`: resolves the endpoint, signs, sends, retries, decodes.
    ///
    /// A failure is retried when it says the request was not sent or was refused by the
    /// service, and, when the request may have run, only if the operation is safe to repeat
    /// (see [`RetryPolicy`]). When the total timeout ends the call after a failed attempt, the
    /// error is that attempt's (the service's code, message and request id), not a bare
    /// timeout.
    ///
    /// The request is lent to the transport with each attempt
    /// ([`Transport::send_operation`]), which is why it must own its data (`'static`), as
    /// generated request structs do.
    pub fn call<'a, O: Operation + 'static>(
        &'a self,
        service: &'a Service,
        op: &'a O,
    ) -> BoxFuture<'a, Result<O::Output, Error<O::Error>>> {
        // Only this shell is compiled per operation: writing the parameters, decoding the success
        // body, converting the service error. The rest (`send`) is compiled once. The future is
        // boxed so that a caller's own future polls it through one pointer instead of carrying
        // (and inlining) each operation's state machine.
        let mut params = Params::default();
        params.style = Some(O::STYLE);
        op.write_params(&mut params);
        let carries_token = O::CLIENT_TOKEN.is_some_and(|name| carries_param(&params, name));
        if O::CLIENT_TOKEN.is_some() && !carries_token {
            tracing::debug!(
                action = O::ACTION,
                "the idempotency token parameter is not among the parameters written; the call \
                 is not treated as idempotent"
            );
        }
        let protocol = Protocol::of::<O>();
        let operation = OperationRef {
            action: O::ACTION,
            method: O::METHOD,
            style: O::STYLE,
            idempotent: O::IDEMPOTENT || carries_token,
            sensitive: O::SENSITIVE,
            sensitive_response: O::SENSITIVE_RESPONSE,
            request: op,
        };
        Box::pin(async move {
            let mut output = None;
            let result = self
                .send(service, operation, &mut params, &mut |status, body| {
                    output = Some(decode_output::<O::Output>(protocol, status, body)?);
                    Ok(())
                })
                .await;
            match result {
                Ok(()) => Ok(output.expect("a successful call has decoded its output")),
                Err(error) => Err(error.map_service(O::Error::from)),
            }
        })
    }

    /// Everything of a call but the operation's own types: the runtime check, the call span, the
    /// deadline, and the attempts. `decode_success` decodes a success body into the operation's
    /// output.
    async fn send(
        &self,
        service: &Service,
        operation: OperationRef<'_>,
        params: &mut Params<'_>,
        decode_success: &mut DecodeSuccess<'_>,
    ) -> Result<(), Error> {
        let action = operation.action;
        let span = tracing::info_span!(
            "alibabacloud.call",
            product = service.product,
            version = service.version,
            action,
            attempts = Empty,
            request_id = Empty,
            outcome = Empty,
        );
        let result = match async_runtime::check().and_then(|()| self.call_timeouts()) {
            Err(error) => Err(Error::Config(error)),
            Ok(timeouts) => {
                let deadline = tokio::time::Instant::now() + timeouts.total;
                self.call_loop(service, operation, params, decode_success, &span, deadline)
                    .instrument(span.clone())
                    .await
            }
        };
        span.in_scope(|| match &result {
            Ok(()) => {
                span.record("outcome", "success");
            }
            Err(error) => {
                span.record("outcome", outcome_name(error));
                tracing::debug!(error = %error, "call failed");
            }
        });
        result
    }

    /// The timeouts of a call, checked: the builder refuses zero timeouts, but
    /// [`CallOptions`] cannot refuse anything until a call uses them.
    fn call_timeouts(&self) -> Result<Timeouts, ConfigError> {
        let timeouts = self.timeouts();
        if timeouts.attempt.is_zero() || timeouts.total.is_zero() {
            return Err(ConfigError::invalid(
                "timeouts must be greater than zero (CallOptions)".to_owned(),
            ));
        }
        Ok(timeouts)
    }

    /// The endpoint of `service` for this client's region or explicit endpoint, resolved once
    /// per product rule.
    fn endpoint(&self, service: &Service) -> Result<Arc<Endpoint>, ConfigError> {
        let rule = &service.endpoint;
        if let Some(endpoint) = self.inner.endpoints.find(rule) {
            return Ok(endpoint);
        }
        let endpoint = Arc::new(endpoint::resolve(
            self.inner.endpoint.as_ref(),
            rule,
            service.product,
            self.inner.region.as_deref(),
        )?);
        self.inner.endpoints.keep(rule, &endpoint);
        Ok(endpoint)
    }

    async fn call_loop(
        &self,
        service: &Service,
        operation: OperationRef<'_>,
        params: &mut Params<'_>,
        decode_success: &mut DecodeSuccess<'_>,
        span: &tracing::Span,
        deadline: tokio::time::Instant,
    ) -> Result<(), Error> {
        let OperationRef {
            action,
            method,
            style,
            idempotent,
            sensitive,
            sensitive_response,
            request,
        } = operation;
        // Region parameters left to the client take its region, before anything is signed.
        params
            .fill_region(self.inner.region.as_deref())
            .map_err(Error::Config)?;
        let params: &Params<'_> = params;
        // Checked once, before anything is sent: a missing path parameter fails here.
        let prepared = Prepared::new(style, params).map_err(Error::Config)?;
        let endpoint = self.endpoint(service).map_err(Error::Config)?;
        // What is called is the same for every attempt; only the signature changes.
        let call = Call {
            method,
            endpoint: &endpoint,
            service,
            action,
            params,
        };
        let redactor = Redactor::new(sensitive, params);
        let shared = Shared {
            prepared: &prepared,
            call: &call,
            redactor: &redactor,
            sensitive_response,
            call_span: span,
            deadline,
            request,
        };
        let mut attempt = 0u32;
        // The error of the last failed attempt, returned if the deadline cuts the next one.
        let mut last: Option<Error> = None;
        // What the last retry took from the budget, given back if the call succeeds.
        let mut permit = 0;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            let attempt_span = tracing::info_span!(
                "alibabacloud.attempt",
                action,
                attempt,
                request_id = Empty,
                outcome = Empty
            );
            let end = self
                .attempt(&shared, attempt, &mut *decode_success, &attempt_span)
                .instrument(attempt_span.clone())
                .await;
            let failed = match end {
                AttemptEnd::Done(result) => {
                    if result.is_ok() {
                        self.inner.budget.succeeded(permit);
                    }
                    return result;
                }
                AttemptEnd::OutOfTime => {
                    tracing::debug!(attempt, "the call's total timeout ended it");
                    return Err(out_of_time(last, self.timeouts().total));
                }
                AttemptEnd::Failed(failed) => failed,
            };
            match self.next_retry(&failed, attempt, idempotent, deadline) {
                Ok((delay, cost)) => {
                    permit = cost;
                    tracing::debug!(
                        attempt,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        error = %failed.error,
                        "retrying"
                    );
                    last = Some(failed.error);
                    tokio::time::sleep(delay).await;
                }
                Err(reason) => {
                    tracing::debug!(attempt, reason, "not retrying");
                    return Err(failed.error);
                }
            }
        }
    }

    /// Whether to retry after `failed` (attempt number `attempt`) and, if so, how long to wait
    /// and what the retry took from the budget; otherwise why not.
    fn next_retry(
        &self,
        failed: &Failed,
        attempt: u32,
        idempotent: bool,
        deadline: tokio::time::Instant,
    ) -> Result<(Duration, u32), &'static str> {
        let policy = self.retry_policy();
        if !failed.failure.retryable(idempotent) {
            return Err(if failed.failure == Failure::Unknown {
                "the request may have run and the operation is not safe to repeat"
            } else {
                "the failure is not retryable"
            });
        }
        if attempt >= policy.max_attempts() {
            return Err("no attempts left");
        }
        let Some(delay) = policy.delay(attempt, failed.wait) else {
            return Err("the service asks for a wait longer than the backoff cap");
        };
        // Never sleep past the deadline: end the call now, with this attempt's error.
        if delay >= deadline.saturating_duration_since(tokio::time::Instant::now()) {
            return Err("the wait would outlast the call's total timeout");
        }
        let cost = if failed.timed_out {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        if !self.inner.budget.try_take(cost) {
            return Err("the client's retry budget is spent");
        }
        Ok((delay, cost))
    }

    async fn attempt(
        &self,
        shared: &Shared<'_>,
        attempt: u32,
        decode_success: &mut DecodeSuccess<'_>,
        attempt_span: &tracing::Span,
    ) -> AttemptEnd {
        let end = self
            .attempt_inner(shared, attempt, decode_success, attempt_span)
            .await;
        let outcome = match &end {
            AttemptEnd::Done(Ok(_)) => "success",
            AttemptEnd::Done(Err(error)) | AttemptEnd::Failed(Failed { error, .. }) => {
                outcome_name(error)
            }
            AttemptEnd::OutOfTime => "timeout",
        };
        attempt_span.record("outcome", outcome);
        end
    }

    async fn attempt_inner(
        &self,
        shared: &Shared<'_>,
        attempt: u32,
        decode_success: &mut DecodeSuccess<'_>,
        attempt_span: &tracing::Span,
    ) -> AttemptEnd {
        let Shared {
            prepared,
            call,
            redactor,
            sensitive_response,
            call_span,
            deadline,
            request,
        } = *shared;
        // Static credentials are borrowed, not copied, for every attempt.
        let credentials: Cow<'_, Credentials> = match &self.inner.credentials {
            CredentialSource::Static(credentials) => Cow::Borrowed(credentials),
            CredentialSource::Provider(provider) => {
                match tokio::time::timeout_at(deadline, provider.credentials()).await {
                    Err(_) => return AttemptEnd::OutOfTime,
                    Ok(Ok(credentials)) => match credentials.validate() {
                        Ok(()) => Cow::Owned(credentials),
                        Err(error) => return AttemptEnd::Done(Err(Error::Credentials(error))),
                    },
                    Ok(Err(error)) => return AttemptEnd::Done(Err(Error::Credentials(error))),
                }
            }
        };
        // The attempt ends at its own timeout or at the call's deadline, whichever is first.
        let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
        if remaining.is_zero() {
            return AttemptEnd::OutOfTime;
        }
        let configured = self.timeouts().attempt;
        let timeout = configured.min(remaining);
        let cut_by_deadline = remaining <= configured;
        // A fresh nonce and timestamp for every attempt: the service rejects a reused nonce.
        let nonce = new_nonce();
        let timestamp = format_timestamp(time::OffsetDateTime::now_utc());
        let signed = prepared.sign(
            self.inner.schemes,
            call,
            &credentials,
            &Attempt {
                nonce: &nonce,
                timestamp: &timestamp,
                timeout,
            },
        );
        let max_body = self.inner.max_body;
        let typed = TypedRequest {
            action: call.action,
            attempt,
            request,
        };
        let send = Guarded(
            self.inner
                .transport
                .send_operation(signed.request, max_body, typed),
        );
        let attempt_timeout =
            || Error::Timeout(TimeoutError::new(TimeoutKind::Attempt, configured));
        let response: HttpResponse = match tokio::time::timeout(timeout, send).await {
            Err(_) if cut_by_deadline => return AttemptEnd::OutOfTime,
            Err(_) => return AttemptEnd::failed(attempt_timeout(), Failure::Unknown),
            Ok(Err(runtime)) => return AttemptEnd::Done(Err(Error::Config(runtime))),
            Ok(Ok(Err(error))) => {
                let failure = Failure::of_transport(error.kind());
                return match error.kind() {
                    TransportErrorKind::ConnectTimeout => AttemptEnd::failed(
                        Error::Timeout(TimeoutError::new(
                            TimeoutKind::Connect,
                            self.inner.timeouts.connect,
                        )),
                        failure,
                    ),
                    TransportErrorKind::Timeout if cut_by_deadline => AttemptEnd::OutOfTime,
                    TransportErrorKind::Timeout => AttemptEnd::failed(attempt_timeout(), failure),
                    _ => AttemptEnd::failed(Error::Transport(error), failure),
                };
            }
            Ok(Ok(Ok(response))) => response,
        };
        let status = response.status;
        // Whatever the transport: a body over the limit is refused (the default transport
        // stops reading it earlier).
        if response.body.len() > max_body {
            let error = body_too_large(status, max_body, None, response.body.len());
            return AttemptEnd::failed(Error::Transport(error), Failure::Final);
        }
        let header_request_id = response.header("x-acs-request-id").map(str::to_owned);
        // Secret response members first, while the body is as it came; then the values of the
        // credentials and of sensitive parameters the service may have echoed.
        let redact = |error: DecodeError, request_id: Option<String>| {
            error
                .with_action(call.action)
                .with_request_id(request_id)
                .redact_members(sensitive_response)
                .map_body(|body: &str| redactor.text(&credentials.redact(body)))
        };
        if (300..400).contains(&status) {
            let message = redirect_message(status, call.endpoint, response.header("location"));
            let error = redact(
                DecodeError::redirect(status, message, &response.body),
                header_request_id,
            );
            return AttemptEnd::failed(Error::Decode(error), Failure::Final);
        }
        let acs_retry_after = response
            .header("x-acs-retry-after")
            .and_then(retry_after_wait);
        let requested_wait = acs_retry_after.or_else(|| {
            response
                .header("retry-after")
                .and_then(|value| http_retry_after(value, time::OffsetDateTime::now_utc()))
        });
        let error = match classify(prepared.protocol(), status, &response.body) {
            // The success body is decoded here, inside the attempt, exactly where `decode_body`
            // decodes it: a body that does not decode is this attempt's decode error, with the
            // same span outcome, request id, redaction and retry decision as any other.
            Classified::Success => match decode_success(status, &response.body) {
                Ok(()) => {
                    if let Some(id) = &header_request_id {
                        attempt_span.record("request_id", id.as_str());
                        call_span.record("request_id", id.as_str());
                    }
                    return AttemptEnd::Done(Ok(()));
                }
                Err(error) => error,
            },
            Classified::Service(mut error) => {
                if let Some(id) = error.request_id().or(header_request_id.as_deref()) {
                    attempt_span.record("request_id", id);
                    call_span.record("request_id", id);
                }
                prepare_service_error(&mut error, &credentials, redactor, &signed.string_to_sign);
                if let Some(wait) = acs_retry_after {
                    error.set_retry_after(wait);
                }
                let wait = requested_wait.or_else(|| {
                    if error.is_throttling() {
                        response
                            .header("x-ratelimit-user-api")
                            .and_then(rate_limit_wait)
                    } else {
                        None
                    }
                });
                let failure = Failure::of_service(&error);
                return AttemptEnd::Failed(Failed {
                    error: Error::Service(error),
                    failure,
                    wait,
                    timed_out: false,
                });
            }
            Classified::Invalid(error) => error,
        };
        let error = redact(error, header_request_id);
        // A body that is not an error object: its status says what happened (a success status
        // whose body does not decode is final). A retry-after header only sets the wait.
        let failure = Failure::of_status(status);
        AttemptEnd::Failed(Failed {
            error: Error::Decode(error),
            failure,
            wait: requested_wait,
            timed_out: false,
        })
    }
}

/// The error of a call whose deadline passed: the last failed attempt's, when it said more than
/// "timeout" (the service's code, message and request id); else the total timeout.
fn out_of_time(last: Option<Error>, total: Duration) -> Error {
    match last {
        Some(error) if !matches!(error, Error::Timeout(_)) => error,
        _ => Error::Timeout(TimeoutError::new(TimeoutKind::Total, total)),
    }
}

/// Names the status and the hosts of a redirect, never its full target (which may echo the
/// signed query).
fn redirect_message(status: u16, endpoint: &Endpoint, location: Option<&str>) -> String {
    let from = endpoint.authority();
    let to = location.map(|location| match url::Url::parse(location) {
        Ok(url) => match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => "a URL without a host".to_owned(),
        },
        // A relative location stays on the same host.
        Err(_) => from.clone(),
    });
    match to {
        Some(to) => format!(
            "HTTP {status} from {from}: a redirect to {to}, not followed (the client never \
             follows redirects; check the endpoint)"
        ),
        None => format!(
            "HTTP {status} from {from}: a redirect, not followed (the client never follows \
             redirects; check the endpoint)"
        ),
    }
}

/// Diagnoses a signature mismatch against our string to sign, then removes the secret, the token
/// and the operation's sensitive values from everything the error will show (the server echoes
/// the string to sign, token and parameters included).
fn prepare_service_error(
    error: &mut ServiceError,
    credentials: &Credentials,
    redactor: &Redactor<'_>,
    string_to_sign: &str,
) {
    if error.code() == "SignatureDoesNotMatch" {
        if let Some(mismatch) = SignatureMismatch::diagnose(error.message(), string_to_sign) {
            let mismatch = match mismatch {
                SignatureMismatch::Canonicalization { server, client } => {
                    SignatureMismatch::Canonicalization {
                        server: credentials.redact(&redactor.string_to_sign(&server)),
                        client: credentials.redact(&redactor.string_to_sign(&client)),
                    }
                }
                other => other,
            };
            error.set_signature_mismatch(mismatch);
        }
    }
    let message = credentials.redact(&redactor.message(error.message()));
    error.set_message(message);
}

fn outcome_name(error: &Error) -> &'static str {
    match error {
        Error::Service(_) => "service_error",
        Error::Transport(_) => "transport_error",
        Error::Timeout(_) => "timeout",
        Error::Decode(_) => "decode_error",
        Error::Credentials(_) => "credentials_error",
        Error::Config(_) => "config_error",
    }
}
