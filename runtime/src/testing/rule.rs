//! Rules: which requests the mock answers, how, and how many times.

use std::any::{Any, TypeId};
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::http::HttpResponse;
use crate::service::Operation;
use crate::transport::{TransportError, TransportErrorKind};

use super::Mock;

/// A rule's predicate over the typed request, its type erased.
type Predicate = Box<dyn Fn(&(dyn Any + Send + Sync)) -> bool + Send + Sync>;

/// A user's predicate over requests of type `O`.
type TypedPredicate<O> = Box<dyn Fn(&O) -> bool + Send + Sync>;

/// The limit of a rule that answers any number of times.
const UNLIMITED: usize = usize::MAX;

/// How a rule answers, encoded at each answer the way the service would send it.
pub(super) enum Answer {
    /// A success body (status 200). `what` says where it came from, for messages.
    Body { body: Vec<u8>, what: &'static str },
    /// A whole response, as given.
    Http(HttpResponse),
    /// An error body with this status, code and message.
    Service {
        status: u16,
        code: String,
        message: String,
    },
    /// A failure below HTTP.
    Fault(TransportErrorKind),
    /// The attempt timed out.
    Timeout,
}

impl Answer {
    /// The response the service would send (or the transport failure it would meet), for a
    /// request of `action` to `host`.
    pub(super) fn encode(&self, action: &str, host: &str) -> Result<HttpResponse, TransportError> {
        match self {
            Answer::Body { body, .. } => {
                // The header carries the body's request id, as the service's does.
                let request_id = body_request_id(body).unwrap_or_else(new_request_id);
                Ok(json_response(200, request_id, body.clone()))
            }
            Answer::Http(response) => Ok(response.clone()),
            Answer::Service {
                status,
                code,
                message,
            } => {
                // The error body of PROTOCOL's RPC and ROA sections: the same members for both.
                let request_id = new_request_id();
                let body = serde_json::json!({
                    "RequestId": request_id,
                    "HostId": host,
                    "Code": code,
                    "Message": message,
                });
                Ok(json_response(
                    *status,
                    request_id,
                    body.to_string().into_bytes(),
                ))
            }
            Answer::Fault(kind) => Err(TransportError::new(
                *kind,
                format!("the mock answered {action} with a transport fault ({kind:?})"),
            )),
            Answer::Timeout => Err(TransportError::new(
                TransportErrorKind::Timeout,
                format!("the mock answered {action} with a timeout"),
            )),
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Body { what, .. } => write!(f, "responds with {what}"),
            Answer::Http(response) => write!(f, "responds with an HTTP {}", response.status),
            Answer::Service { status, code, .. } => {
                write!(f, "fails with {code} (HTTP {status})")
            }
            Answer::Fault(kind) => write!(f, "fails with a transport fault ({kind:?})"),
            Answer::Timeout => f.write_str("times out"),
        }
    }
}

fn json_response(status: u16, request_id: String, body: Vec<u8>) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![
            (
                "content-type".to_owned(),
                "application/json;charset=utf-8".to_owned(),
            ),
            ("x-acs-request-id".to_owned(), request_id),
        ],
        body,
    }
}

/// A request id shaped like the service's.
fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string().to_uppercase()
}

/// The top-level `RequestId` (or ROA's `requestId`) of a JSON body, if it has one.
fn body_request_id(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    ["RequestId", "requestId"]
        .iter()
        .find_map(|name| value.get(name)?.as_str().map(str::to_owned))
}

/// One registered rule.
pub(super) struct RuleEntry {
    /// The request type the rule is for.
    type_id: TypeId,
    /// Its name without the module path, for messages.
    type_name: &'static str,
    /// Its action, matched when a request comes without its typed value.
    action: &'static str,
    predicate: Option<Predicate>,
    pub(super) answer: Answer,
    /// How many requests it answers ([`UNLIMITED`] for any number).
    limit: AtomicUsize,
    /// How many it has answered.
    used: AtomicUsize,
}

impl RuleEntry {
    /// Whether the rule is for this request: the same type and its predicate holds, or, for a
    /// request that came without its typed value, the same action and no predicate.
    pub(super) fn applies(&self, typed: Option<&(dyn Any + Send + Sync)>, action: &str) -> bool {
        match typed {
            Some(request) => {
                Any::type_id(request) == self.type_id
                    && self.predicate.as_ref().is_none_or(|holds| holds(request))
            }
            None => self.action == action && self.predicate.is_none(),
        }
    }

    /// Takes one of the rule's answers; `false` when it has none left.
    pub(super) fn try_claim(&self) -> bool {
        let limit = self.limit.load(Ordering::Acquire);
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                (used < limit).then_some(used + 1)
            })
            .is_ok()
    }

    /// Whether a rule with a set number of answers has some left (what [`Mock::verify`]
    /// reports).
    pub(super) fn expects_more(&self) -> bool {
        let limit = self.limit.load(Ordering::Acquire);
        limit != UNLIMITED && self.used.load(Ordering::Acquire) < limit
    }
}

impl fmt::Display for RuleEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.type_name)?;
        if self.type_name != self.action {
            write!(f, " ({})", self.action)?;
        }
        if self.predicate.is_some() {
            f.write_str(" matching a predicate")?;
        }
        let used = self.used.load(Ordering::Acquire);
        match self.limit.load(Ordering::Acquire) {
            UNLIMITED => write!(f, ", {}, repeatedly (used {used})", self.answer),
            limit => write!(f, ", {}, {used} of {limit} times used", self.answer),
        }
    }
}

/// Starts a rule for requests of type `O`: [`Mock::on`]. Narrow it with
/// [`matching`](RuleBuilder::matching), then add it with one of its answers (`respond`,
/// `fail_with`, `timeout`...), which returns the added [`Rule`].
#[must_use = "a rule is only added by one of its answers: respond, fail_with, timeout..."]
pub struct RuleBuilder<O> {
    mock: Mock,
    predicates: Vec<TypedPredicate<O>>,
    _operation: PhantomData<fn() -> O>,
}

impl<O> fmt::Debug for RuleBuilder<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleBuilder")
            .field("operation", &std::any::type_name::<O>())
            .field("predicates", &self.predicates.len())
            .finish()
    }
}

impl<O: Operation + Clone + 'static> RuleBuilder<O> {
    pub(super) fn new(mock: Mock) -> Self {
        RuleBuilder {
            mock,
            predicates: Vec::new(),
            _operation: PhantomData,
        }
    }

    /// Applies the rule only to requests for which `predicate` holds. Given more than once,
    /// every predicate must hold. A predicate runs once per attempt, and must not call the mock.
    pub fn matching(mut self, predicate: impl Fn(&O) -> bool + Send + Sync + 'static) -> Self {
        self.predicates.push(Box::new(predicate));
        self
    }

    /// Answers with `output`, serialised to its wire JSON (HTTP 200), then decoded by the
    /// client as the service's answer would be. Generated response structs implement
    /// `Serialize` with their wire names under their crate's `serialize` feature.
    ///
    /// # Panics
    ///
    /// If `output` does not serialise to JSON (a map with non-string keys).
    pub fn respond(self, output: O::Output) -> Rule
    where
        O::Output: serde::Serialize,
    {
        let body = serde_json::to_vec(&output).unwrap_or_else(|error| {
            panic!(
                "the mock's answer to {} does not serialise: {error}",
                O::ACTION
            )
        });
        self.answer(Answer::Body {
            body,
            what: "a value",
        })
    }

    /// Answers with this body (HTTP 200), as the service would send it. It is not checked:
    /// a body that does not decode makes the call fail as it would with the service.
    pub fn respond_json(self, json: impl Into<String>) -> Rule {
        self.answer(Answer::Body {
            body: json.into().into_bytes(),
            what: "JSON text",
        })
    }

    /// Answers with the example response of the operation's API reference page
    /// ([`Operation::EXAMPLE_RESPONSE`]), HTTP 200.
    ///
    /// # Panics
    ///
    /// If the operation has no documented example.
    pub fn with_documented_example(self) -> Rule {
        let Some(example) = O::EXAMPLE_RESPONSE else {
            panic!(
                "{} has no documented example response (Operation::EXAMPLE_RESPONSE is None)",
                O::ACTION
            );
        };
        self.answer(Answer::Body {
            body: example.as_bytes().to_vec(),
            what: "the documented example",
        })
    }

    /// Answers with this whole HTTP response, as given: any status, headers (a retry-after
    /// wait, say) and body.
    pub fn respond_http(self, response: HttpResponse) -> Rule {
        self.answer(Answer::Http(response))
    }

    /// Fails with the service error `code` and `message`, with HTTP status 400: the JSON error
    /// body the service sends (`RequestId`, `HostId`, `Code`, `Message`). The client classifies
    /// and retries it by its code as any service error: `Throttling` is retried,
    /// `InternalError` only for operations safe to repeat, `Invalid*` never.
    pub fn fail_with(self, code: impl Into<String>, message: impl Into<String>) -> Rule {
        self.fail_with_status(400, code, message)
    }

    /// [`fail_with`](RuleBuilder::fail_with) with another HTTP status (500 for
    /// `InternalError`, 503 for `ServiceUnavailable`, 404 for a missing resource...). Use a 4xx
    /// or 5xx status: below 400 an ROA client reads the body as a success.
    pub fn fail_with_status(
        self,
        status: u16,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Rule {
        self.answer(Answer::Service {
            status,
            code: code.into(),
            message: message.into(),
        })
    }

    /// Fails below HTTP with a transport error of this kind, retried as the client retries it:
    /// `Connect` always (nothing was sent), `Connection` only for operations safe to repeat,
    /// `Certificate` never.
    pub fn transport_fault(self, kind: TransportErrorKind) -> Rule {
        self.answer(Answer::Fault(kind))
    }

    /// Makes the attempt time out at once, without waiting: the call sees the attempt timeout
    /// ([`Error::Timeout`](crate::Error::Timeout), [`TimeoutKind::Attempt`](crate::TimeoutKind::Attempt))
    /// and retries it only if the operation is safe to repeat.
    pub fn timeout(self) -> Rule {
        self.answer(Answer::Timeout)
    }

    /// Adds the rule, answering once, after the rules already added.
    fn answer(self, answer: Answer) -> Rule {
        let predicates = self.predicates;
        let predicate: Option<Predicate> = if predicates.is_empty() {
            None
        } else {
            Some(Box::new(move |request| {
                request
                    .downcast_ref::<O>()
                    .is_some_and(|request| predicates.iter().all(|holds| holds(request)))
            }))
        };
        let type_name = std::any::type_name::<O>();
        let entry = Arc::new(RuleEntry {
            type_id: TypeId::of::<O>(),
            type_name: type_name.rsplit("::").next().unwrap_or(type_name),
            action: O::ACTION,
            predicate,
            answer,
            limit: AtomicUsize::new(1),
            used: AtomicUsize::new(0),
        });
        self.mock.add_rule::<O>(Arc::clone(&entry));
        Rule { entry }
    }
}

/// A rule added to a [`Mock`]: it answers once unless told otherwise. Keep it to change how
/// many times it answers, or to ask how many it has answered.
#[derive(Clone)]
pub struct Rule {
    entry: Arc<RuleEntry>,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Rule")
            .field(&self.entry.to_string())
            .finish()
    }
}

impl Rule {
    /// Answers `n` requests (attempts), then gives way to the rules after it.
    pub fn times(self, n: usize) -> Rule {
        self.entry.limit.store(n, Ordering::Release);
        self
    }

    /// Answers every request it applies to; the rules after it only see requests it does not
    /// apply to.
    pub fn repeatedly(self) -> Rule {
        self.entry.limit.store(UNLIMITED, Ordering::Release);
        self
    }

    /// How many requests (attempts) it has answered.
    pub fn hits(&self) -> usize {
        self.entry.used.load(Ordering::Acquire)
    }
}
