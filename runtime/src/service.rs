//! How generated code describes products and operations.

use std::borrow::Cow;

use crate::error::OperationError;
use crate::http::Method;
use crate::params::Params;

/// How a product's endpoint host is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointRule {
    /// Host prefix: `linkwan` → `linkwan.<region>.aliyuncs.com`.
    pub prefix: &'static str,
    /// Whether the product needs a region (else `<prefix>.aliyuncs.com`).
    pub regional: bool,
    /// Region id → host, for hosts that do not follow the rule.
    pub hosts: &'static [(&'static str, &'static str)],
}

/// One product version, as generated code describes it.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// Product code (`LinkWAN`).
    pub product: &'static str,
    /// API version (`2018-12-30`).
    pub version: &'static str,
    /// Endpoint rule.
    pub endpoint: EndpointRule,
}

/// How an operation's request is laid out: everything that differs between the two API
/// styles, as the operation's spec states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// RPC: `Action` and every parameter in the query or a form body, path `/`.
    Rpc,
    /// ROA (REST style): the operation's own path, a query, headers and a body.
    Roa {
        /// The path, split into its literal text and its path parameters.
        path: &'static [PathPiece],
        /// How the body is encoded.
        body: Body,
    },
}

/// One piece of an ROA path: `/openapi/instances/[InstanceId]` is
/// `[Literal("/openapi/instances/"), Param("InstanceId")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece {
    /// Text sent as it is.
    Literal(&'static str),
    /// A path parameter, by wire name: the percent-encoded value written by [`Params::path`].
    Param(&'static str),
}

/// How an ROA operation's body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// The operation sends no body.
    None,
    /// `application/x-www-form-urlencoded` fields ([`Params::body`]).
    Form,
    /// `application/json`: members of one object ([`Params::json_member`]) or one value as the
    /// whole body ([`Params::json_payload`]).
    Json,
}

/// One operation's request. Implemented by every generated request struct.
///
/// Every fact about the operation is a constant stated by the generated code from the
/// operation's spec: its style ([`Operation::STYLE`]), method, idempotency, secret members. The
/// runtime infers none of them.
pub trait Operation: Send + Sync {
    /// The decoded success response.
    type Output: serde::de::DeserializeOwned + Send + 'static;
    /// The operation's error enum.
    type Error: OperationError;
    /// The `Action` parameter (RPC), or the `x-acs-action` header (ROA).
    const ACTION: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The request style: RPC (the default), or ROA with its path and body encoding.
    const STYLE: Style = Style::Rpc;
    /// Whether sending this request more than once has the same effect as sending it once, so
    /// the client may repeat it after a failure whose outcome is unknown (an attempt timeout, a
    /// connection reset after the request was written, HTTP 500/502/504, `InternalError`).
    ///
    /// Generated code sets it for operations whose spec says they only read. `false` (the
    /// default) leaves such failures to the caller. Failures where nothing was sent, and
    /// refusals (throttling, HTTP 503, 429, 408), are retried whatever this says; see
    /// [`Operation::CLIENT_TOKEN`] for requests that are safe to repeat because they carry a
    /// token.
    const IDEMPOTENT: bool = false;
    /// Wire names of the parameters whose values are secret (passwords, plaintexts, private
    /// keys, secrets, tokens): `Password`, or a dotted member path without list indexes
    /// (`LoginProfile.Password` covers `LoginProfile.1.Password`). A name also covers everything
    /// under it. Matched case-insensitively against query, form, header and path parameters and
    /// JSON body members. Their values never appear in the runtime's errors or logs, nor in the
    /// strings to sign a `SignatureDoesNotMatch` diagnosis shows; only their names do.
    const SENSITIVE: &'static [&'static str] = &[];
    /// Wire names of the response members whose values are secret (plaintexts, secrets,
    /// tokens): `Plaintext`, or a dotted member path without list indexes
    /// (`Credentials.AccessKeySecret`). A name covers everything under it: `Credentials` covers
    /// the whole object, its members and any list or map in it.
    ///
    /// They matter when a response does not decode (trailing bytes, a cut, a wrong type, XML
    /// instead of JSON): its [`DecodeError`](crate::DecodeError) never holds their values, nor
    /// does any log line about the call. Such a body has no trustworthy structure, so it is
    /// scanned as text, and the matching is deliberately wider than the path:
    ///
    /// - only the last segment of each name is compared, ASCII case-insensitively, with member
    ///   names at any depth: `Credentials.AccessKeySecret` redacts every member named
    ///   `AccessKeySecret` (or `accessKeySecret`), wherever it is;
    /// - in JSON, a key (escapes undone) followed by `:` has its value replaced by
    ///   `<redacted>`: a string's content, a whole object or array, or anything else up to the
    ///   next `,`, `}` or `]`; in XML, the content of each `<Name>` element (namespace prefix
    ///   ignored) up to its matching `</Name>`; a value the body cuts off is replaced up to the
    ///   end;
    /// - when a name appears anywhere else as a whole word (in a string holding JSON text, in
    ///   free text, after a quote that does not close), the body is not kept or shown at all;
    /// - the error's path stops at the first member so named, and the decoder's message loses
    ///   the value it quotes unless the path shows the failure is outside every such member.
    ///
    /// The status, the message without the value, the path and the request id stay, and an
    /// operation that names no member keeps its body as it came.
    const SENSITIVE_RESPONSE: &'static [&'static str] = &[];
    /// The wire name of the operation's idempotency token parameter (`ClientToken`, ROA
    /// `clientToken`), when it has one. `None` (the default) means it has none.
    ///
    /// A call whose parameters carry a non-empty value under this name (in the query, the form,
    /// a header, the path or the top level of the JSON body) is retried like a read-only one:
    /// the client writes the parameters once per call and signs every attempt from them, so
    /// every attempt carries the same token and the service runs the request at most once.
    /// Generated code writes the caller's token, or a fresh one per call ([`client_token`]).
    const CLIENT_TOKEN: Option<&'static str> = None;
    /// The success response the API reference shows as its example, as JSON text, when the
    /// generator recorded one. `None` (the default) means the page shows none.
    ///
    /// Read only by the `testing` feature's mock, to answer a call with it; an unused constant
    /// adds nothing to a program's binary.
    const EXAMPLE_RESPONSE: Option<&'static str> = None;
    /// Writes the operation's own parameters (not the common ones).
    fn write_params<'a>(&'a self, params: &mut Params<'a>);
}

/// The value of an idempotency token parameter for one call: the caller's token, or a fresh
/// random UUID when the caller set none (or an empty one). Generated code calls it from
/// [`Operation::write_params`], which runs once per call, so each call gets its own token and
/// all attempts of a call share it.
pub fn client_token(token: Option<&str>) -> Cow<'_, str> {
    match token {
        Some(token) if !token.is_empty() => Cow::Borrowed(token),
        _ => Cow::Owned(uuid::Uuid::new_v4().to_string()),
    }
}

/// The two request styles without their details; they differ in how a success body is
/// recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// Everything in the query and a form body, path `/`.
    Rpc,
    /// A path of its own, a query, a JSON or form body.
    Roa,
}

impl Protocol {
    /// The style of operation `O`.
    pub(crate) fn of<O: Operation>() -> Protocol {
        match O::STYLE {
            Style::Rpc => Protocol::Rpc,
            Style::Roa { .. } => Protocol::Roa,
        }
    }
}
