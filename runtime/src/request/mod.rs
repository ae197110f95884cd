//! Building one signed HTTP request for one attempt: RPC operations ([`rpc`], signature V1 or V3)
//! and ROA operations ([`roa`], signature V3 or the classic ROA signature). The V3 assembly both
//! share is in [`v3`]; what of a request may be shown is in [`redact`].

mod redact;
mod roa;
mod rpc;
mod v3;

pub(crate) use redact::Redactor;

use std::borrow::Cow;
use std::time::Duration;

pub use rpc::build;

use crate::credentials::Credentials;
use crate::endpoint::Endpoint;
use crate::error::ConfigError;
use crate::escape::percent_encode_into;
use crate::http::{HttpRequest, Method};
use crate::params::{Pair, Params};
use crate::service::{Protocol, Service, Style};
use crate::sign::{RoaSignature, SignatureVersion};

const USER_AGENT: &str = concat!("alibabacloud-rust-runtime/", env!("CARGO_PKG_VERSION"));
const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json; charset=utf-8";

/// The inputs that change on every attempt.
pub struct Attempt<'a> {
    /// The `SignatureNonce` / `x-acs-signature-nonce`.
    pub nonce: &'a str,
    /// The `Timestamp` / `x-acs-date`, as [`crate::sign::format_timestamp`] writes it (the
    /// classic ROA `date` header is the same instant).
    pub timestamp: &'a str,
    /// How long this attempt may take.
    pub timeout: Duration,
}

/// What is being called: the same for every attempt.
pub struct Call<'a> {
    /// The operation's HTTP method.
    pub method: Method,
    /// Where the request goes.
    pub endpoint: &'a Endpoint,
    /// The product and API version.
    pub service: &'a Service,
    /// The operation name (`Action`).
    pub action: &'static str,
    /// The operation's parameters.
    pub params: &'a Params<'a>,
}

/// A signed request and the string to sign behind it (kept to diagnose `SignatureDoesNotMatch`).
pub struct Signed {
    /// The request as sent.
    pub request: HttpRequest,
    /// The string the HMAC was computed over.
    pub string_to_sign: String,
}

/// The signature schemes a client is configured with, one per request style.
#[derive(Debug, Clone, Copy)]
pub struct Schemes {
    /// For RPC operations.
    pub rpc: SignatureVersion,
    /// For ROA operations.
    pub roa: RoaSignature,
}

/// A call's request as far as it is the same for every attempt, checked before the first one.
///
/// Public only for the benchmarks (through `assembly`); not part of the stable API.
pub enum Prepared {
    /// An RPC call: everything is assembled per attempt from the [`Call`].
    Rpc,
    /// An ROA call: the rendered path, sorted query and body bytes.
    Roa(roa::RoaParts),
}

impl Prepared {
    /// Prepares a call of an operation of this style, or says why its parameters cannot be
    /// sent.
    pub fn new(style: Style, params: &Params) -> Result<Self, ConfigError> {
        if let Some(problem) = params.problem() {
            return Err(ConfigError::invalid_parameter(problem.to_owned()));
        }
        match style {
            Style::Roa { path, body } => roa::RoaParts::new(path, body, params).map(Prepared::Roa),
            Style::Rpc => {
                rpc::check(params)?;
                Ok(Prepared::Rpc)
            }
        }
    }

    /// The request style.
    pub(crate) fn protocol(&self) -> Protocol {
        match self {
            Prepared::Rpc => Protocol::Rpc,
            Prepared::Roa(_) => Protocol::Roa,
        }
    }

    /// Builds and signs one attempt; `call.params` are the parameters the call was prepared
    /// from (an ROA call keeps only the order of their query).
    pub fn sign(
        &self,
        schemes: Schemes,
        call: &Call<'_>,
        credentials: &Credentials,
        attempt: &Attempt<'_>,
    ) -> Signed {
        match self {
            Prepared::Rpc => rpc::build(schemes.rpc, call, credentials, attempt),
            Prepared::Roa(parts) => roa::build(schemes.roa, call, parts, credentials, attempt),
        }
    }
}

/// Whether the call sends a non-empty value under `name`: a query, form, header or path
/// parameter, or a member at the top of the JSON body. How the client checks that the
/// idempotency token an operation names ([`crate::Operation::CLIENT_TOKEN`]) is really sent.
pub(crate) fn carries_param(params: &Params, name: &str) -> bool {
    let in_pairs = params
        .query
        .iter()
        .chain(&params.body)
        .chain(&params.headers)
        .chain(&params.path)
        .any(|(sent, value)| sent == name && !value.is_empty());
    in_pairs
        || params.json_body().is_some_and(|json| {
            json.get(name)
                .and_then(serde_json::Value::as_str)
                .is_some_and(|value| !value.is_empty())
        })
}

/// One query parameter: its raw name and value (the sort key) and where its encoded form lies in
/// the URL, so V3's canonical query is assembled from text already encoded for the URL instead of
/// encoding every pair a second time.
struct Span<'a> {
    name: &'a str,
    value: &'a str,
    start: usize,
    equals: usize,
    end: usize,
}

impl Span<'_> {
    #[inline]
    fn encoded<'t>(&self, url: &'t str) -> (&'t str, &'t str) {
        (
            &url[self.start..self.equals],
            &url[self.equals + 1..self.end],
        )
    }

    /// The [`canonical_order`] of the two pairs.
    fn cmp_key(&self, other: &Self) -> std::cmp::Ordering {
        canonical_order((self.name, self.value), (other.name, other.value))
    }
}

/// The order of the signature schemes' canonical query: raw name, then raw value, bytewise.
/// (Compared byte by byte in place: names are short and differ early, where `memcmp` is a call
/// each.)
fn canonical_order(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    let name = a.0.bytes().cmp(b.0.bytes());
    name.then_with(|| a.1.bytes().cmp(b.1.bytes()))
}

/// A parameter as [`Params`] keeps it.
fn as_strs<'a>(pair: &'a Pair<'_>) -> (&'a str, &'a str) {
    (pair.0.as_ref(), pair.1.as_ref())
}

/// A request's query parameters in URL order, borrowed from the call's [`Params`]: two lists one
/// after the other (RPC: the operation's query, then the form fields a GET moves into the
/// query), or one list in the order of an index list (ROA: the query sorted by name, sorted once
/// per call without copying a pair).
#[derive(Clone, Copy)]
struct Query<'a> {
    first: &'a [Pair<'a>],
    second: &'a [Pair<'a>],
    /// Indices into `first`, when it is not sent in its own order (`second` is then empty).
    order: Option<&'a [usize]>,
}

impl<'a> Query<'a> {
    fn len(self) -> usize {
        self.first.len() + self.second.len()
    }

    fn pairs(self) -> impl Iterator<Item = (&'a str, &'a str)> + Clone {
        let Query {
            first,
            second,
            order,
        } = self;
        (0..self.len()).filter_map(move |index| {
            let pair = match order {
                Some(order) => first.get(*order.get(index)?),
                None => first.get(index).or_else(|| second.get(index - first.len())),
            };
            pair.map(as_strs)
        })
    }
}

/// The indices of `pairs` sorted stably by name: the order ROA sends its query and form fields in.
/// `None` when `pairs` are already in that order (generated operations write their parameters
/// sorted, so usually), which needs no list at all.
fn order_by_name(pairs: &[Pair]) -> Option<Vec<usize>> {
    if pairs.is_sorted_by(|a, b| a.0 <= b.0) {
        return None;
    }
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.sort_by(|&a, &b| pairs[a].0.cmp(&pairs[b].0));
    Some(order)
}

/// Appends `name=value&name=value...` (query encoding) to `url`, which ends with its `?`, and
/// records where each pair lies.
fn encode_pairs<'a>(
    url: &mut String,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
    spans: &mut Vec<Span<'a>>,
) {
    for (index, (name, value)) in pairs.enumerate() {
        if index > 0 {
            url.push('&');
        }
        let start = url.len();
        percent_encode_into(url, name);
        let equals = url.len();
        url.push('=');
        percent_encode_into(url, value);
        spans.push(Span {
            name,
            value,
            start,
            equals,
            end: url.len(),
        });
    }
}

/// Appends `name=value&...`, percent-encoded, in the order given: a form body (or a query) whose
/// pairs are not needed again.
fn encode_form_into<'a>(out: &mut String, pairs: impl Iterator<Item = (&'a str, &'a str)>) {
    for (index, (name, value)) in pairs.enumerate() {
        if index > 0 {
            out.push('&');
        }
        percent_encode_into(out, name);
        out.push('=');
        percent_encode_into(out, value);
    }
}

/// [`encode_form_into`] a new, pre-sized `String`.
fn encode_form<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> String {
    let raw = raw_len(pairs.clone());
    let mut out = String::with_capacity(raw + raw / 2);
    encode_form_into(&mut out, pairs);
    out
}

/// Raw bytes of a parameter list, to size the buffers it is encoded into.
fn raw_len<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> usize {
    pairs
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum()
}

/// Sorts by raw name then raw value, bytewise, as the signature schemes require.
fn sort_spans(spans: &mut [Span<'_>]) {
    spans.sort_unstable_by(Span::cmp_key);
}

/// Headers the runtime sets itself (lower-case): a header parameter with one of these names is
/// not sent, so an operation cannot send a second, conflicting value of a signed header.
pub(crate) const RUNTIME_HEADERS: [&str; 17] = [
    "accept",
    "authorization",
    "content-length",
    "content-type",
    "date",
    "host",
    "user-agent",
    "x-acs-accesskey-id",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-security-token",
    "x-acs-signature-method",
    "x-acs-signature-nonce",
    "x-acs-signature-type",
    "x-acs-signature-version",
    "x-acs-version",
];

/// The operation's own header parameters that are sent: all but those named like a header the
/// runtime sets.
/// An operation's header as the request carries it.
fn owned_header((name, value): &Pair<'_>) -> (Cow<'static, str>, Cow<'static, str>) {
    (Cow::Owned(name.to_string()), Cow::Owned(value.to_string()))
}

fn operation_headers<'a>(params: &'a Params<'_>) -> impl Iterator<Item = &'a Pair<'a>> {
    params.headers.iter().filter(|(name, _)| {
        !RUNTIME_HEADERS
            .iter()
            .any(|reserved| name.eq_ignore_ascii_case(reserved))
    })
}
