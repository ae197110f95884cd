//! The client: configuration, and the call loop (resolve, sign, send, classify, retry, decode).

use std::sync::Arc;
use std::time::Duration;

use tracing::field::Empty;
use tracing::Instrument;

use crate::credentials::{profile_region, Credentials, DefaultChain, ProvideCredentials};
use crate::decode::{classify, decode_output, Classified};
use crate::endpoint::{self, Endpoint};
use crate::environment::Environment;
use crate::error::{
    ConfigError, DecodeError, Error, ServiceError, SignatureMismatch, TimeoutError, TimeoutKind,
};
use crate::http::{HttpResponse, Method};
use crate::params::Params;
use crate::request::{Attempt, Call, Prepared, Schemes};
use crate::retry::{rate_limit_wait, retry_after_wait, RetryPolicy};
use crate::service::{Operation, Protocol, Service};
use crate::sign::{format_timestamp, new_nonce, RoaSignature, SignatureVersion};
use crate::transport::{Transport, TransportErrorKind};

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
/// Cloning is cheap and clones share one transport (one connection pool).
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    credentials: CredentialSource,
    region: Option<String>,
    endpoint: Option<Endpoint>,
    schemes: Schemes,
    timeouts: Timeouts,
    retry: RetryPolicy,
    transport: Arc<dyn Transport>,
}

/// Builder for [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    credentials: Option<CredentialSource>,
    region: Option<String>,
    endpoint: Option<String>,
    signature_version: SignatureVersion,
    roa_signature: RoaSignature,
    timeouts: Timeouts,
    retry: RetryPolicy,
    transport: Option<Arc<dyn Transport>>,
    environment: Option<Environment>,
}

impl ClientBuilder {
    /// Uses these credentials (an access key, or STS credentials) instead of the default chain.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialSource::Static(credentials));
        self
    }

    /// Uses a credentials provider, asked before every attempt.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(CredentialSource::Provider(Arc::new(provider)));
        self
    }

    /// Sets the region (`cn-shanghai`); otherwise `ALIBABA_CLOUD_REGION_ID`, then the aliyun CLI
    /// profile's `region_id`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets an explicit endpoint, which always wins over the region: a host (HTTPS), or a full
    /// `http://` / `https://` URL with an optional port.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Chooses the signature scheme of RPC operations (default [`SignatureVersion::V1`]). ROA
    /// operations follow [`ClientBuilder::roa_signature`] instead.
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature_version = version;
        self
    }

    /// Chooses the signature scheme of ROA operations (default [`RoaSignature::V3`], what the
    /// official SDKs use; [`RoaSignature::Classic`] for the legacy `acs <id>:<signature>`).
    pub fn roa_signature(mut self, signature: RoaSignature) -> Self {
        self.roa_signature = signature;
        self
    }

    /// Sets all timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Sets the connect timeout (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.connect = timeout;
        self
    }

    /// Sets the timeout of one attempt (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.attempt = timeout;
        self
    }

    /// Sets the timeout of a whole call, retries included (default 90 s).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.total = timeout;
        self
    }

    /// Sets the retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::disabled`] turns
    /// retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Uses another HTTP stack (or a mock) instead of the default reqwest transport.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Reads the default credential chain and region from this environment instead of the
    /// process's (for tests).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// Builds the client: resolves credentials (the default chain if none were given) and the
    /// region, and sets up the transport.
    pub fn build(self) -> Result<Client, ConfigError> {
        let timeouts = self.timeouts;
        if timeouts.connect.is_zero() || timeouts.attempt.is_zero() || timeouts.total.is_zero() {
            return Err(ConfigError::invalid(
                "timeouts must be greater than zero".to_owned(),
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
            None => CredentialSource::Static(DefaultChain::new(env.clone()).resolve()?),
        };
        let region = self
            .region
            .or_else(|| env.var("ALIBABA_CLOUD_REGION_ID").map(str::to_owned))
            .or_else(|| profile_region(&env))
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
                retry: self.retry,
                transport,
            }),
        })
    }
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
        "no transport: enable the `reqwest` feature or set one with ClientBuilder::transport"
            .to_owned(),
    ))
}

/// What [`Client::send`] needs of an operation besides its parameters: plain values, so the call
/// path stays compiled once for every operation.
#[derive(Clone, Copy)]
struct OperationRef {
    action: &'static str,
    method: Method,
    path: Option<&'static str>,
}

/// How one attempt ended. Not generic: the operation's output never leaves the decode callback,
/// and service errors stay [`ServiceError`] until the generic shell converts them.
enum AttemptEnd {
    Done(Result<(), Error>),
    Retry {
        error: Error,
        rate_limit_wait: Option<Duration>,
    },
}

/// Decodes a success body (status, body) into the operation's output and keeps it for
/// [`Client::call`]. A trait object so that the call path that invokes it is compiled once, not
/// once per operation; it runs inside the attempt, where the decode used to be, so spans,
/// redaction and retry decisions see a decode failure exactly as before.
type DecodeSuccess<'a> = dyn FnMut(u16, &[u8]) -> Result<(), DecodeError> + Send + 'a;

impl Client {
    /// A builder with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
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

    /// The timeouts in use.
    pub fn timeouts(&self) -> Timeouts {
        self.inner.timeouts
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Calls one operation of `service`: resolves the endpoint, signs, sends, retries, decodes.
    pub async fn call<O: Operation>(
        &self,
        service: &Service,
        op: &O,
    ) -> Result<O::Output, Error<O::Error>> {
        // Only this shell is compiled per operation: writing the parameters, decoding the success
        // body, converting the service error. The rest (`send`) is compiled once.
        let mut params = Params::default();
        op.write_params(&mut params);
        let mut output = None;
        let protocol = Protocol::of::<O>();
        let operation = OperationRef {
            action: O::ACTION,
            method: O::METHOD,
            path: O::PATH,
        };
        let result = self
            .send(service, operation, &params, &mut |status, body| {
                output = Some(decode_output::<O::Output>(protocol, status, body)?);
                Ok(())
            })
            .await;
        match result {
            Ok(()) => Ok(output.expect("a successful call has decoded its output")),
            Err(error) => Err(error.map_service(O::Error::from)),
        }
    }

    /// Everything of a call but the operation's own types: the call span, the total timeout, and
    /// the attempts. `decode_success` decodes a success body into the operation's output.
    async fn send(
        &self,
        service: &Service,
        operation: OperationRef,
        params: &Params,
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
        let total = self.inner.timeouts.total;
        let deadline = tokio::time::Instant::now() + total;
        let call = self.call_loop(service, operation, params, decode_success, &span, deadline);
        let result = match tokio::time::timeout(total, call)
            .instrument(span.clone())
            .await
        {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout(TimeoutError::new(TimeoutKind::Total, total))),
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

    async fn call_loop(
        &self,
        service: &Service,
        operation: OperationRef,
        params: &Params,
        decode_success: &mut DecodeSuccess<'_>,
        span: &tracing::Span,
        deadline: tokio::time::Instant,
    ) -> Result<(), Error> {
        let OperationRef {
            action,
            method,
            path,
        } = operation;
        // Checked once, before anything is sent: a missing path parameter fails here.
        let prepared = Prepared::new(path, params).map_err(Error::Config)?;
        let endpoint = endpoint::resolve(
            self.inner.endpoint.as_ref(),
            &service.endpoint,
            service.product,
            self.inner.region.as_deref(),
        )
        .map_err(Error::Config)?;
        // What is called is the same for every attempt; only the signature changes.
        let call = Call {
            method,
            endpoint: &endpoint,
            service,
            action,
            params,
        };
        let policy = &self.inner.retry;
        let mut attempt = 0u32;
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
                .attempt(&prepared, &call, &mut *decode_success, span, &attempt_span)
                .instrument(attempt_span.clone())
                .await;
            match end {
                AttemptEnd::Done(result) => return result,
                AttemptEnd::Retry {
                    error,
                    rate_limit_wait,
                } => {
                    if attempt >= policy.max_attempts() {
                        return Err(error);
                    }
                    // A wait the server asks for that outlasts the call's remaining time ends the
                    // call with the server's answer rather than a total timeout mid-sleep.
                    if rate_limit_wait.is_some_and(|wait| {
                        wait >= deadline.saturating_duration_since(tokio::time::Instant::now())
                    }) {
                        return Err(error);
                    }
                    let Some(delay) = policy.delay(attempt, rate_limit_wait) else {
                        return Err(error);
                    };
                    tracing::debug!(attempt, delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX), error = %error, "retrying");
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    async fn attempt(
        &self,
        prepared: &Prepared,
        call: &Call<'_>,
        decode_success: &mut DecodeSuccess<'_>,
        call_span: &tracing::Span,
        attempt_span: &tracing::Span,
    ) -> AttemptEnd {
        let end = self
            .attempt_inner(prepared, call, decode_success, call_span, attempt_span)
            .await;
        let outcome = match &end {
            AttemptEnd::Done(Ok(_)) => "success",
            AttemptEnd::Done(Err(error)) | AttemptEnd::Retry { error, .. } => outcome_name(error),
        };
        attempt_span.record("outcome", outcome);
        end
    }

    async fn attempt_inner(
        &self,
        prepared: &Prepared,
        call: &Call<'_>,
        decode_success: &mut DecodeSuccess<'_>,
        call_span: &tracing::Span,
        attempt_span: &tracing::Span,
    ) -> AttemptEnd {
        let credentials = match &self.inner.credentials {
            CredentialSource::Static(credentials) => credentials.clone(),
            CredentialSource::Provider(provider) => match provider.credentials().await {
                Ok(credentials) => match credentials.validate() {
                    Ok(()) => credentials,
                    Err(error) => return AttemptEnd::Done(Err(Error::Credentials(error))),
                },
                Err(error) => return AttemptEnd::Done(Err(Error::Credentials(error))),
            },
        };
        // A fresh nonce and timestamp for every attempt: the service rejects a reused nonce.
        let nonce = new_nonce();
        let timestamp = format_timestamp(time::OffsetDateTime::now_utc());
        let timeout = self.inner.timeouts.attempt;
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
        let response: HttpResponse =
            match tokio::time::timeout(timeout, self.inner.transport.send(signed.request)).await {
                Err(_) => {
                    return retry(
                        Error::Timeout(TimeoutError::new(TimeoutKind::Attempt, timeout)),
                        None,
                    )
                }
                Ok(Err(error)) => {
                    return match error.kind() {
                        TransportErrorKind::Request => {
                            AttemptEnd::Done(Err(Error::Transport(error)))
                        }
                        TransportErrorKind::ConnectTimeout => retry(
                            Error::Timeout(TimeoutError::new(
                                TimeoutKind::Connect,
                                self.inner.timeouts.connect,
                            )),
                            None,
                        ),
                        TransportErrorKind::Timeout => retry(
                            Error::Timeout(TimeoutError::new(TimeoutKind::Attempt, timeout)),
                            None,
                        ),
                        _ => retry(Error::Transport(error), None),
                    }
                }
                Ok(Ok(response)) => response,
            };
        let header_request_id = response.header("x-acs-request-id").map(str::to_owned);
        let retry_after = response
            .header("x-acs-retry-after")
            .and_then(retry_after_wait);
        let error = match classify(prepared.protocol(), response.status, &response.body) {
            // The success body is decoded here, inside the attempt, exactly where `decode_body`
            // decodes it: a body that does not decode is this attempt's decode error, with the
            // same span outcome, request id, redaction and retry decision as any other.
            Classified::Success => match decode_success(response.status, &response.body) {
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
                prepare_service_error(&mut error, &credentials, &signed.string_to_sign);
                if let Some(wait) = retry_after {
                    error.set_retry_after(wait);
                }
                let retryable = error.is_retryable();
                let wait = if error.is_throttling() {
                    retry_after.or_else(|| {
                        response
                            .header("x-ratelimit-user-api")
                            .and_then(rate_limit_wait)
                    })
                } else {
                    None
                };
                let error = Error::Service(error);
                return if retryable {
                    retry(error, wait)
                } else {
                    AttemptEnd::Done(Err(error))
                };
            }
            Classified::Invalid(error) => error,
        };
        let error = error
            .with_request_id(header_request_id)
            .map_body(|body| credentials.redact(body));
        // A retry-after header asks for a retry whatever the body.
        let retryable = error.status() >= 500 || (error.status() >= 400 && retry_after.is_some());
        if retryable {
            retry(Error::Decode(error), retry_after)
        } else {
            AttemptEnd::Done(Err(Error::Decode(error)))
        }
    }
}

fn retry(error: Error, rate_limit_wait: Option<Duration>) -> AttemptEnd {
    AttemptEnd::Retry {
        error,
        rate_limit_wait,
    }
}

/// Diagnoses a signature mismatch against our string to sign, then removes the secret and token
/// from everything the error will show (the server echoes the string to sign, token included).
fn prepare_service_error(
    error: &mut ServiceError,
    credentials: &Credentials,
    string_to_sign: &str,
) {
    if error.code() == "SignatureDoesNotMatch" {
        if let Some(mismatch) = SignatureMismatch::diagnose(error.message(), string_to_sign) {
            let mismatch = match mismatch {
                SignatureMismatch::Canonicalization { server, client } => {
                    SignatureMismatch::Canonicalization {
                        server: credentials.redact(&server),
                        client: credentials.redact(&client),
                    }
                }
                other => other,
            };
            error.set_signature_mismatch(mismatch);
        }
    }
    let message = credentials.redact(error.message());
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
