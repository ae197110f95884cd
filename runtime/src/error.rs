//! Errors: what the service said ([`ServiceError`]), and everything else a call can end in
//! ([`Error`]).

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use crate::credentials::CredentialsError;
use crate::redact_response;
use crate::retry::Failure;
use crate::transport::TransportError;

/// An error code sent by the service, with everything the error body carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    status: u16,
    code: String,
    message: String,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
    signature_mismatch: Option<SignatureMismatch>,
    retry_after: Option<Duration>,
}

impl ServiceError {
    /// An error with an HTTP status, `Code` and `Message` (e.g. for mock transports and tests).
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ServiceError {
            status,
            code: code.into(),
            message: message.into(),
            request_id: None,
            host_id: None,
            recommend: None,
            signature_mismatch: None,
            retry_after: None,
        }
    }

    /// Sets the `RequestId`.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sets the `HostId`.
    pub fn with_host_id(mut self, host_id: impl Into<String>) -> Self {
        self.host_id = Some(host_id.into());
        self
    }

    /// Sets the `Recommend` link.
    pub fn with_recommend(mut self, recommend: impl Into<String>) -> Self {
        self.recommend = Some(recommend.into());
        self
    }

    pub(crate) fn set_signature_mismatch(&mut self, mismatch: SignatureMismatch) {
        self.signature_mismatch = Some(mismatch);
    }

    pub(crate) fn set_message(&mut self, message: String) {
        self.message = message;
    }

    pub(crate) fn set_retry_after(&mut self, wait: Duration) {
        self.retry_after = Some(wait);
    }

    /// The `Code`.
    pub fn code(&self) -> &str {
        &self.code
    }
    /// The `Message`.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The `RequestId`, if the body had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// The `HostId` (the endpoint host that answered), if the body had one.
    pub fn host_id(&self) -> Option<&str> {
        self.host_id.as_deref()
    }
    /// The `Recommend` troubleshooting link, if the body had one.
    pub fn recommend(&self) -> Option<&str> {
        self.recommend.as_deref()
    }
    /// The wait the response's `x-acs-retry-after` header asked for (read as milliseconds), when
    /// it had one. It sets how long a retry waits when the error is retried at all; it does not
    /// make the error throttling or retryable.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// For `SignatureDoesNotMatch` answered to [`crate::Client::call`]: whether the server's string
    /// to sign equals the client's (wrong secret) or not (a canonicalisation bug).
    pub fn signature_mismatch(&self) -> Option<&SignatureMismatch> {
        self.signature_mismatch.as_ref()
    }

    /// The code's family, recognised the same way for every operation.
    pub fn common(&self) -> Option<CommonCode> {
        CommonCode::classify(&self.code)
    }

    /// Whether the service is throttling the caller: a `Throttling*` code (`Throttling.User`...).
    pub fn is_throttling(&self) -> bool {
        self.common() == Some(CommonCode::Throttling)
    }

    /// Whether the caller lacks permission (`Forbidden*`, `NoPermission`...).
    pub fn is_permission_denied(&self) -> bool {
        self.common() == Some(CommonCode::PermissionDenied)
    }

    /// Whether the service failed on its side (`InternalError`, `ServiceUnavailable`, HTTP 5xx).
    pub fn is_server_error(&self) -> bool {
        self.common() == Some(CommonCode::ServerError) || self.status >= 500
    }

    /// Whether the same call made again later may succeed: refusals (throttling,
    /// `ServiceUnavailable`, HTTP 503, 429, 408) and server-side failures (`InternalError`,
    /// HTTP 500, 502, 504...). Client errors (`Invalid*`, `Missing*`, `Forbidden*`, signature
    /// and key errors) never are.
    ///
    /// The client itself repeats a server-side failure only for an operation that is safe to
    /// repeat: the request may have run.
    pub fn is_retryable(&self) -> bool {
        Failure::of_service(self) != Failure::Final
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line: V3 strings to sign in messages contain newlines.
        let message = self.message.replace('\r', "").replace('\n', "\\n");
        write!(f, "{}: {message} (HTTP {}", self.code, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", RequestId {id}")?;
        }
        f.write_str(")")?;
        match &self.signature_mismatch {
            Some(SignatureMismatch::WrongSecret) => f.write_str(
                "; the server's string to sign equals ours, so the AccessKey secret is wrong for this AccessKey id",
            )?,
            Some(SignatureMismatch::Canonicalization { .. }) => f.write_str(
                "; the server's string to sign differs from ours: the request was canonicalised differently (a client bug or a proxy rewriting the request)",
            )?,
            None => {}
        }
        if let Some(recommend) = &self.recommend {
            write!(f, "; see {recommend}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// The diagnosis of a `SignatureDoesNotMatch` error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureMismatch {
    /// The server computed the same string to sign: the secret does not match the key id.
    WrongSecret,
    /// The server computed a different string to sign: the request was canonicalised differently.
    Canonicalization {
        /// The server's string to sign, from the message.
        server: String,
        /// The client's string to sign.
        client: String,
    },
}

impl SignatureMismatch {
    /// Compares the server's string to sign (quoted in a `SignatureDoesNotMatch` message after
    /// `string to sign is:`) with the client's. `None` when the message does not quote it.
    pub fn diagnose(message: &str, client_string_to_sign: &str) -> Option<Self> {
        const MARKER: &str = "string to sign is:";
        let start = message.find(MARKER)? + MARKER.len();
        let server = message[start..].trim();
        if server == client_string_to_sign.trim() {
            Some(SignatureMismatch::WrongSecret)
        } else {
            Some(SignatureMismatch::Canonicalization {
                server: server.to_owned(),
                client: client_string_to_sign.to_owned(),
            })
        }
    }
}

/// Families of error codes that mean the same thing across products and operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CommonCode {
    /// `Throttling`, `Throttling.User`, `Throttling.Api`...: too many requests; retryable.
    Throttling,
    /// `Forbidden*`, `NoPermission`, `*.NoPermission`: the caller is not allowed.
    PermissionDenied,
    /// `InternalError`, `ServiceUnavailable`, `UnknownError`: the service failed; retryable.
    ServerError,
    /// `InvalidAccessKeyId*`, `InvalidSecurityToken*`: the key or token is unknown or expired.
    InvalidCredentials,
    /// `SignatureDoesNotMatch`, `IncompleteSignature`: the signature was rejected.
    SignatureMismatch,
    /// `InvalidTimeStamp*`: the clock is off by more than 15 minutes.
    ClockSkew,
    /// `SignatureNonceUsed`: a nonce was reused.
    NonceReused,
}

impl CommonCode {
    /// The family of `code`, if it is a common one.
    pub fn classify(code: &str) -> Option<Self> {
        let code = code.trim();
        Some(if code.starts_with("Throttling") {
            CommonCode::Throttling
        } else if code.starts_with("Forbidden")
            || code == "NoPermission"
            || code.ends_with(".NoPermission")
        {
            CommonCode::PermissionDenied
        } else if code == "InternalError"
            || code == "ServiceUnavailable"
            || code == "UnknownError"
            || code.starts_with("InternalError.")
            || code.starts_with("ServiceUnavailable.")
        {
            CommonCode::ServerError
        } else if code.starts_with("InvalidAccessKeyId") || code.starts_with("InvalidSecurityToken")
        {
            CommonCode::InvalidCredentials
        } else if code == "SignatureDoesNotMatch" || code == "IncompleteSignature" {
            CommonCode::SignatureMismatch
        } else if code.starts_with("InvalidTimeStamp") {
            CommonCode::ClockSkew
        } else if code == "SignatureNonceUsed" {
            CommonCode::NonceReused
        } else {
            return None;
        })
    }
}

/// An operation's error enum: built from a [`ServiceError`] by its code.
pub trait OperationError: std::error::Error + From<ServiceError> + Send + Sync + 'static {
    /// The service error behind the variant.
    fn service_error(&self) -> &ServiceError;
}

impl OperationError for ServiceError {
    fn service_error(&self) -> &ServiceError {
        self
    }
}

/// Everything a call can end in other than success.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = ServiceError> {
    /// The service answered with an error code; `E` is the operation's enum.
    Service(E),
    /// No response: the connection failed or broke (after the configured retries).
    Transport(TransportError),
    /// An attempt or the whole call took longer than its timeout.
    Timeout(TimeoutError),
    /// A response arrived that is neither the declared success shape nor an error body.
    Decode(DecodeError),
    /// Credentials could not be obtained.
    Credentials(CredentialsError),
    /// The client's configuration does not allow this call (no region for a regional product...),
    /// or the request's parameters cannot be sent ([`ConfigErrorKind::InvalidParameter`]).
    Config(ConfigError),
}

impl<E: OperationError> Error<E> {
    /// The service's error code, when the service answered with one.
    pub fn code(&self) -> Option<&str> {
        self.service_error().map(ServiceError::code)
    }
    /// The service's message, when the service answered with one.
    pub fn message(&self) -> Option<&str> {
        self.service_error().map(ServiceError::message)
    }
    /// The request id, when known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.service_error().request_id(),
            Error::Decode(e) => e.request_id(),
            _ => None,
        }
    }
    /// Whether the service answered with this code: `err.is("Forbidden.KeyNotFound")`, or a
    /// variant of the API version's `ErrorCode` enum, which knows every code the version's
    /// pages document.
    pub fn is(&self, code: impl AsRef<str>) -> bool {
        self.code() == Some(code.as_ref())
    }
    /// The service error, when the service answered with one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e.service_error()),
            _ => None,
        }
    }
    /// Whether the call may succeed if made again later. The client's own retries also ask
    /// whether the operation is safe to repeat when the request may have run (see
    /// [`crate::RetryPolicy`]).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.service_error().is_retryable(),
            Error::Transport(e) => Failure::of_transport(e.kind()) != Failure::Final,
            Error::Timeout(_) => true,
            Error::Decode(e) => Failure::of_status(e.status()) != Failure::Final,
            Error::Credentials(_) | Error::Config(_) => false,
        }
    }
}

impl<E: OperationError> Error<E> {
    /// The same error with the operation's enum replaced by the [`ServiceError`] it carries.
    pub fn into_untyped(self) -> Error {
        self.map_service(|e| e.service_error().clone())
    }
}

/// An error of any operation of one API version, with the version's code enum `C`: `?` turns
/// every operation's [`Error`] into it, so a function that calls several operations returns one
/// error type. Generated version modules name it `Error` (`ApiError<ErrorCode>`).
pub struct ApiError<C> {
    error: Error,
    codes: PhantomData<fn() -> C>,
}

impl<C> ApiError<C> {
    /// The error as the runtime reports it: transport, timeout, decoding... or the service's.
    pub fn error(&self) -> &Error {
        &self.error
    }
    /// Takes the runtime error out.
    pub fn into_error(self) -> Error {
        self.error
    }
    /// The service's code as text, when the service answered with one.
    pub fn code_str(&self) -> Option<&str> {
        self.error.code()
    }
    /// The service's message, when the service answered with one.
    pub fn message(&self) -> Option<&str> {
        self.error.message()
    }
    /// The request id, when known.
    pub fn request_id(&self) -> Option<&str> {
        self.error.request_id()
    }
    /// Whether the call may succeed if made again later.
    pub fn is_retryable(&self) -> bool {
        self.error.is_retryable()
    }
    /// Whether the service answered with this code.
    pub fn is(&self, code: impl AsRef<str>) -> bool {
        self.error.is(code)
    }
}

impl<C: for<'a> From<&'a str>> ApiError<C> {
    /// The service's code as the version's enum (a code no page of the version documents is
    /// its `Other` variant), when the service answered with one.
    pub fn code(&self) -> Option<C> {
        self.error.code().map(C::from)
    }
}

impl<E: OperationError, C> From<Error<E>> for ApiError<C> {
    fn from(error: Error<E>) -> Self {
        ApiError {
            error: error.into_untyped(),
            codes: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ApiError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl<C> fmt::Display for ApiError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl<C> std::error::Error for ApiError<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.source()
    }
}

impl<E> Error<E> {
    /// Converts the service error with `f` and moves every other variant as it is: the client's
    /// call path works with `Error<ServiceError>` (compiled once) and only this conversion is
    /// compiled per operation.
    pub(crate) fn map_service<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Service(e) => Error::Service(f(e)),
            Error::Transport(e) => Error::Transport(e),
            Error::Timeout(e) => Error::Timeout(e),
            Error::Decode(e) => Error::Decode(e),
            Error::Credentials(e) => Error::Credentials(e),
            Error::Config(e) => Error::Config(e),
        }
    }
}

impl<E: OperationError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => write!(f, "service error {}", e.service_error()),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Timeout(e) => write!(f, "{e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Credentials(e) => write!(f, "credentials error: {e}"),
            Error::Config(e) => write!(f, "configuration error: {e}"),
        }
    }
}

impl<E: OperationError> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Service(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Timeout(_) | Error::Decode(_) => None,
            Error::Credentials(e) => Some(e),
            Error::Config(e) => Some(e),
        }
    }
}

/// Which timeout fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Connecting took longer than the connect timeout.
    Connect,
    /// One attempt took longer than the per-attempt timeout.
    Attempt,
    /// The whole call, retries included, took longer than the total timeout.
    Total,
}

/// A timeout fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    limit: Duration,
}

impl TimeoutError {
    pub(crate) fn new(kind: TimeoutKind, limit: Duration) -> Self {
        TimeoutError { kind, limit }
    }
    /// Which timeout fired.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }
    /// The configured limit that was exceeded.
    pub fn limit(&self) -> Duration {
        self.limit
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connecting",
            TimeoutKind::Attempt => "one attempt",
            TimeoutKind::Total => "the call (retries included)",
        };
        write!(f, "timed out: {what} took longer than {:?}", self.limit)
    }
}

impl std::error::Error for TimeoutError {}

/// A response that is neither the operation's output nor an error body (it does not decode, or
/// it is a redirect); keeps the start of the raw body.
///
/// For an operation with secret response members ([`crate::Operation::SENSITIVE_RESPONSE`]),
/// nothing of those members' values is kept: not in the body, the message, the path, `Display`
/// nor `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    status: u16,
    message: String,
    path: Option<String>,
    body: Vec<u8>,
    request_id: Option<String>,
    redirect: bool,
    /// The operation's action, when known.
    action: Option<&'static str>,
    /// The body was dropped: it could not be redacted with certainty.
    body_withheld: bool,
}

impl DecodeError {
    /// How much of the body an error keeps: enough to see what came back, not a whole download.
    pub(crate) const BODY_KEPT: usize = 4096;

    pub(crate) fn new(
        status: u16,
        message: impl Into<String>,
        path: Option<String>,
        body: &[u8],
    ) -> Self {
        DecodeError {
            status,
            message: message.into(),
            path,
            body: body[..body.len().min(Self::BODY_KEPT)].to_vec(),
            request_id: None,
            redirect: false,
            action: None,
            body_withheld: false,
        }
    }

    /// A 3xx response, which the client never follows. `message` names the status and the hosts.
    pub(crate) fn redirect(status: u16, message: String, body: &[u8]) -> Self {
        DecodeError {
            redirect: true,
            ..Self::new(status, message, None, body)
        }
    }

    pub(crate) fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    /// Names the operation in the error's text.
    pub(crate) fn with_action(mut self, action: &'static str) -> Self {
        self.action = Some(action);
        self
    }

    /// Rewrites the body and the message through `f` (redaction), keeping the raw bytes when
    /// `f` changes nothing.
    pub(crate) fn map_body(mut self, f: impl Fn(&str) -> String) -> Self {
        let text = String::from_utf8_lossy(&self.body);
        let rewritten = f(&text);
        if rewritten != text {
            self.body = rewritten.into_bytes();
        }
        self.message = f(&self.message);
        self
    }

    /// Removes the values of the operation's secret response members (`sensitive`, as
    /// [`crate::Operation::SENSITIVE_RESPONSE`] names them) from everything the error keeps: in
    /// the body they become `<redacted>`, or the body is dropped when the scan cannot be sure
    /// (see [`crate::redact_response`]); the path stops at a secret member (what is under it,
    /// map keys included, may be secret); and unless the path shows the failure lies outside
    /// every secret member, the decoder's message loses the value it quotes.
    pub(crate) fn redact_members(mut self, sensitive: &[&str]) -> Self {
        let names = redact_response::member_names(sensitive);
        if names.is_empty() {
            return self;
        }
        let text = String::from_utf8_lossy(&self.body);
        match redact_response::redact(&text, &names) {
            Some(redacted) if redacted == text => {}
            Some(redacted) => self.body = redacted.into_bytes(),
            None => {
                self.body = Vec::new();
                self.body_withheld = true;
            }
        }
        let mut inside_secret = self.path.is_none();
        if let Some(path) = &mut self.path {
            if let Some(cut) = secret_prefix(path, &names) {
                path.truncate(cut);
                inside_secret = true;
            }
        }
        // Decoding JSON text held in a string: its message is about values the path does not
        // name.
        if inside_secret || self.message.contains(crate::de::EMBEDDED_JSON) {
            self.message = without_quoted_value(&self.message);
        }
        self
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// What the decoder said. For an operation with secret response members, a value the
    /// decoder quoted is replaced by `<redacted>` when it may belong to one of them.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// Where in the body decoding failed (`Data.Items[2].Size`), when known. It stops at a
    /// secret response member: what is under it is not shown.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }
    /// The raw body: its first 4 KiB, with the values of secrets (credentials, sensitive
    /// parameters, secret response members) replaced by `<redacted>`. Empty when the body may
    /// hold a secret response member whose value could not be told apart with certainty (a
    /// body that does not decode has no trustworthy structure); `Display` and `Debug` then say
    /// it was withheld.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// Whether the response was a redirect (HTTP 3xx), which the client never follows.
    pub fn is_redirect(&self) -> bool {
        self.redirect
    }
    /// The request id from the response headers, when present.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// The length of `path` up to and including its first member named in `names` (compared as
/// [`crate::redact_response`] compares them), when it has one: the failure lies inside a secret.
fn secret_prefix(path: &str, names: &[&str]) -> Option<usize> {
    let mut end = 0;
    for segment in path.split('.') {
        end += segment.len();
        let member = segment.split('[').next().unwrap_or(segment);
        if names.iter().any(|name| name.eq_ignore_ascii_case(member)) {
            return Some(end);
        }
        end += 1;
    }
    None
}

/// A decoder message with the value it quotes (`invalid type: string "..."`, `` integer `5` ``,
/// `` unknown variant `...` ``) and everything after it replaced, its position kept:
/// `invalid type: string <redacted> at line 1 column 40`.
fn without_quoted_value(message: &str) -> String {
    let Some(quote) = message.find(['"', '`']) else {
        return message.to_owned();
    };
    let mut out = format!("{}<redacted>", &message[..quote]);
    if let Some(at) = message.rfind(" at line ").filter(|&at| at > quote) {
        let position = &message[at..];
        let is_position = position
            .strip_prefix(" at line ")
            .and_then(|rest| rest.split_once(" column "))
            .is_some_and(|(line, column)| {
                [line, column]
                    .iter()
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            });
        if is_position {
            out.push_str(position);
        }
    }
    out
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("action", &self.action)
            .field("message", &self.message)
            .field("path", &self.path)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("body_withheld", &self.body_withheld)
            .field("request_id", &self.request_id)
            .field("redirect", &self.redirect)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.redirect {
            write!(f, "{}", self.message)?;
        } else {
            f.write_str("could not decode the response")?;
            if let Some(action) = self.action {
                write!(f, " of {action}")?;
            }
            write!(f, " (HTTP {}): {}", self.status, self.message)?;
        }
        if let Some(path) = &self.path {
            write!(f, " at {path}")?;
        }
        if self.body_withheld {
            return f.write_str(
                "; body withheld: it may hold a secret response member that could not be redacted with certainty",
            );
        }
        const SHOWN: usize = 200;
        let body = String::from_utf8_lossy(&self.body);
        let mut excerpt: String = body.chars().take(SHOWN).collect();
        if body.chars().nth(SHOWN).is_some() {
            excerpt.push('…');
        }
        write!(f, "; body: {:?}", excerpt)
    }
}

impl std::error::Error for DecodeError {}

/// What kind of configuration problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// No usable credentials.
    Credentials,
    /// A regional product and no region configured.
    MissingRegion,
    /// A region id that cannot be part of a host name.
    InvalidRegion,
    /// An endpoint that is not a host or an http(s) URL.
    InvalidEndpoint,
    /// The HTTP transport could not be set up, or none is configured.
    Transport,
    /// Another invalid setting.
    Invalid,
    /// A request parameter that cannot be sent: an ROA path parameter without a usable value,
    /// or a value that does not serialise to JSON.
    InvalidParameter,
    /// The call was made outside a Tokio runtime, or in one without what the client needs (the
    /// time driver; the IO driver for the default transport).
    Runtime,
}

/// Client configuration that is missing or invalid (no credentials found, bad endpoint...).
#[derive(Debug)]
pub struct ConfigError {
    kind: ConfigErrorKind,
    message: String,
    source: Option<CredentialsError>,
}

impl ConfigError {
    fn with_kind(kind: ConfigErrorKind, message: String) -> Self {
        ConfigError {
            kind,
            message,
            source: None,
        }
    }
    pub(crate) fn missing_region(message: String) -> Self {
        Self::with_kind(ConfigErrorKind::MissingRegion, message)
    }
    pub(crate) fn invalid_region(message: String) -> Self {
        Self::with_kind(ConfigErrorKind::InvalidRegion, message)
    }
    pub(crate) fn invalid_endpoint(message: String) -> Self {
        Self::with_kind(ConfigErrorKind::InvalidEndpoint, message)
    }
    pub(crate) fn transport(message: String) -> Self {
        Self::with_kind(ConfigErrorKind::Transport, message)
    }
    pub(crate) fn invalid(message: String) -> Self {
        Self::with_kind(ConfigErrorKind::Invalid, message)
    }
    pub(crate) fn invalid_parameter(message: String) -> Self {
        Self::with_kind(ConfigErrorKind::InvalidParameter, message)
    }
    pub(crate) fn runtime(message: String) -> Self {
        Self::with_kind(ConfigErrorKind::Runtime, message)
    }

    /// What kind of problem.
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// The credentials error behind a [`ConfigErrorKind::Credentials`] error.
    pub fn credentials_error(&self) -> Option<&CredentialsError> {
        self.source.as_ref()
    }
}

impl From<CredentialsError> for ConfigError {
    fn from(error: CredentialsError) -> Self {
        ConfigError {
            kind: ConfigErrorKind::Credentials,
            message: error.to_string(),
            source: Some(error),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_codes() {
        for (code, expected) in [
            ("Throttling", Some(CommonCode::Throttling)),
            ("Throttling.User", Some(CommonCode::Throttling)),
            ("Throttling.Api", Some(CommonCode::Throttling)),
            ("ForbiddenByRam", Some(CommonCode::PermissionDenied)),
            ("Forbidden.RAM", Some(CommonCode::PermissionDenied)),
            ("InternalError", Some(CommonCode::ServerError)),
            ("ServiceUnavailable", Some(CommonCode::ServerError)),
            (
                "InvalidAccessKeyId.NotFound",
                Some(CommonCode::InvalidCredentials),
            ),
            (
                "InvalidSecurityToken.Expired",
                Some(CommonCode::InvalidCredentials),
            ),
            ("SignatureDoesNotMatch", Some(CommonCode::SignatureMismatch)),
            ("InvalidTimeStamp.Expired", Some(CommonCode::ClockSkew)),
            ("SignatureNonceUsed", Some(CommonCode::NonceReused)),
            ("InvalidName", None),
        ] {
            assert_eq!(CommonCode::classify(code), expected, "{code}");
        }
    }

    #[test]
    fn retryable_codes() {
        assert!(ServiceError::new(400, "Throttling.User", "").is_retryable());
        assert!(ServiceError::new(400, "InternalError", "").is_retryable());
        assert!(ServiceError::new(503, "ServiceUnavailable", "").is_retryable());
        assert!(ServiceError::new(500, "SomethingElse", "").is_retryable());
        assert!(!ServiceError::new(500, "InvalidParameter", "").is_retryable());
        assert!(!ServiceError::new(400, "InvalidName", "").is_retryable());
        assert!(!ServiceError::new(403, "Forbidden.RAM", "").is_retryable());
        assert!(!ServiceError::new(400, "SignatureDoesNotMatch", "").is_retryable());
        assert!(!ServiceError::new(404, "InvalidAccessKeyId.NotFound", "").is_retryable());
        assert!(!ServiceError::new(400, "MissingName", "").is_retryable());
        assert!(ServiceError::new(429, "TooManyRequests", "").is_retryable());
        assert!(!ServiceError::new(501, "NotImplemented", "").is_retryable());
        // A retry-after header is a wait, not a class.
        let mut invalid = ServiceError::new(400, "InvalidParameter", "");
        invalid.set_retry_after(Duration::from_millis(1));
        assert!(!invalid.is_retryable() && !invalid.is_throttling());
    }

    #[test]
    fn diagnosis() {
        let ours = "GET&%2F&A%3D1";
        let message = format!("Specified signature is not matched with our calculation. server string to sign is:{ours}");
        assert_eq!(
            SignatureMismatch::diagnose(&message, ours),
            Some(SignatureMismatch::WrongSecret)
        );
        assert!(matches!(
            SignatureMismatch::diagnose(&message, "GET&%2F&A%3D2"),
            Some(SignatureMismatch::Canonicalization { .. })
        ));
        assert_eq!(SignatureMismatch::diagnose("no string here", ours), None);
    }

    #[test]
    fn display_is_one_line() {
        let mut e = ServiceError::new(
            400,
            "SignatureDoesNotMatch",
            "server string to sign is:ACS3-HMAC-SHA256\nabc",
        )
        .with_request_id("R-1")
        .with_recommend("https://example.com/x");
        e.set_signature_mismatch(SignatureMismatch::WrongSecret);
        let text = e.to_string();
        assert!(!text.contains('\n'));
        assert!(
            text.contains("R-1") && text.contains("secret is wrong"),
            "{text}"
        );
        let err: Error = Error::Service(e);
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(err.request_id(), Some("R-1"));
        assert!(!err.to_string().contains('\n'));
    }

    fn shown(e: &DecodeError) -> String {
        format!("{e} | {e:?} | {}", String::from_utf8_lossy(e.body()))
    }

    #[test]
    fn decode_errors_keep_no_secret_member() {
        let body = br#"{"KeyId":"k","Plaintext":"SECRETVALUE","RequestId":"r"}garbage"#;
        let e = DecodeError::new(200, "trailing characters at line 1 column 57", None, body)
            .with_action("Decrypt")
            .redact_members(&["Plaintext"]);
        let text = shown(&e);
        assert!(!text.contains("SECRETVALUE"), "{text}");
        let display = e.to_string();
        for context in [
            "of Decrypt",
            "HTTP 200",
            "trailing characters at line 1 column 57",
            r#"\"Plaintext\":\"<redacted>\""#,
            "garbage",
        ] {
            assert!(display.contains(context), "{context}: {display}");
        }

        // A value the decoder quotes, under a secret member: gone, and so is the path under it.
        let e = DecodeError::new(
            200,
            r#"invalid type: string "SECRETVALUE", expected an object at line 1 column 30"#,
            Some("Secrets.SECRETKEY.Inner".into()),
            br#"{"Secrets":{"SECRETKEY":{"Inner":"SECRETVALUE"}}}"#,
        )
        .redact_members(&["Secrets"]);
        assert_eq!(e.path(), Some("Secrets"));
        assert_eq!(
            e.message(),
            "invalid type: string <redacted> at line 1 column 30"
        );
        assert!(!shown(&e).contains("SECRET"), "{}", shown(&e));

        // Where the path is known and outside every secret member, the message stays whole.
        let message = r#"invalid type: string "big", expected i64 at line 1 column 20"#;
        let e = DecodeError::new(
            200,
            message,
            Some("Items[0].Size".into()),
            br#"{"Items":[{"Size":"big"}],"Plaintext":"SECRETVALUE"}"#,
        )
        .redact_members(&["Plaintext"]);
        assert_eq!((e.message(), e.path()), (message, Some("Items[0].Size")));
        assert!(!shown(&e).contains("SECRETVALUE"));
        // ...but not inside JSON text held in a string, nor without a path.
        for (message, path) in [
            (
                "JSON text inside a string: unknown variant `SECRETVALUE`, expected `A` at line 1 column 8",
                Some("Data".to_owned()),
            ),
            ("invalid type: integer `12345`, expected a string", None),
        ] {
            let e = DecodeError::new(200, message, path, b"{}").redact_members(&["Plaintext"]);
            assert!(
                !e.message().contains("SECRETVALUE") && !e.message().contains("12345"),
                "{}",
                e.message()
            );
            assert!(e.message().contains("<redacted>"), "{}", e.message());
        }

        // A body the scan is not sure about is withheld, and says so.
        let e = DecodeError::new(
            200,
            "trailing characters at line 1 column 40",
            None,
            br#"{"Data":"{\"Plaintext\":\"SECRETVALUE\"}"} x"#,
        )
        .redact_members(&["Plaintext"]);
        assert!(e.body().is_empty());
        assert!(e.to_string().contains("body withheld"), "{e}");
        assert!(!shown(&e).contains("SECRETVALUE"));

        // An operation without secret members keeps everything.
        let e = DecodeError::new(200, r#"x "q""#, None, body).redact_members(&[]);
        assert_eq!((e.body(), e.message()), (&body[..], r#"x "q""#));
    }

    #[test]
    fn decode_error_display_truncates() {
        let e = DecodeError::new(200, "expected value", Some("Data".into()), &[b'x'; 1000]);
        let text = e.to_string();
        assert!(text.len() < 400 && text.contains("at Data"), "{text}");
        assert_eq!(e.body().len(), 1000);
        let e = DecodeError::new(200, "expected value", None, &[b'x'; 100_000]);
        assert_eq!(e.body().len(), DecodeError::BODY_KEPT);
    }
}
