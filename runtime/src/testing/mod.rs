//! Testing code that calls Alibaba Cloud without a server (feature `testing`): a [`Mock`]
//! transport answers each call by typed rules, and records what was sent.
//!
//! The mock stands where the network would be: the client signs and encodes every request as
//! usual and the mock receives it, then answers the way the service would (a JSON body, an
//! error body with its status, a transport fault, a timeout). Decoding, service errors, retries
//! and paginators all run as they do against the service. Nothing opens a socket, and a mock
//! client retries without waiting.
//!
//! Enable the feature in your dev-dependencies only, so that none of it is in your program's
//! build:
//!
//! ```toml
//! [dev-dependencies]
//! alibabacloud-runtime = { version = "0.1", features = ["testing"] }
//! ```
//!
//! ```
//! use alibabacloud_runtime::testing::Mock;
//! use alibabacloud_runtime::{Client, EndpointRule, Error, Method, Operation, Params, Service, ServiceError};
//!
//! # const ECS: Service = Service {
//! #     product: "Ecs",
//! #     version: "2014-05-26",
//! #     endpoint: EndpointRule { prefix: "ecs", regional: true, hosts: &[] },
//! # };
//! // Stands in for a generated request and response (a generated crate provides both).
//! #[derive(Debug, Clone, PartialEq)]
//! struct DescribeInstanceStatus { instance_id: String }
//!
//! #[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
//! struct DescribeInstanceStatusResponse {
//!     #[serde(rename = "RequestId", default)]
//!     request_id: String,
//!     #[serde(rename = "Status", default)]
//!     status: String,
//! }
//!
//! impl Operation for DescribeInstanceStatus {
//!     type Output = DescribeInstanceStatusResponse;
//!     type Error = ServiceError;
//!     const ACTION: &'static str = "DescribeInstanceStatus";
//!     const METHOD: Method = Method::Post;
//!     // Only reads: safe to repeat after a failure whose outcome is unknown.
//!     const IDEMPOTENT: bool = true;
//!     fn write_params<'a>(&'a self, params: &mut Params<'a>) {
//!         params.query("InstanceId", &self.instance_id);
//!     }
//! }
//!
//! // The code under test.
//! async fn is_running(client: &Client, id: &str) -> Result<bool, Error> {
//!     let request = DescribeInstanceStatus { instance_id: id.to_owned() };
//!     let output = client.call(&ECS, &request).await?;
//!     Ok(output.status == "Running")
//! }
//!
//! // In your crate: #[tokio::test] async fn reports_a_running_instance() { ... }
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mock = Mock::new();
//! // Throttled twice (retried by the client), then answered.
//! mock.on::<DescribeInstanceStatus>().fail_with("Throttling", "Request was denied").times(2);
//! mock.on::<DescribeInstanceStatus>()
//!     .matching(|request| request.instance_id == "i-1")
//!     .respond(DescribeInstanceStatusResponse { request_id: "R-1".into(), status: "Running".into() });
//!
//! assert!(is_running(&mock.client(), "i-1").await.unwrap());
//! assert_eq!(
//!     mock.calls::<DescribeInstanceStatus>(),
//!     [DescribeInstanceStatus { instance_id: "i-1".into() }]
//! );
//! assert_eq!(mock.requests().len(), 3); // every attempt, as sent
//! mock.verify();
//! # }
//! ```
//!
//! How the mock answers:
//!
//! - Rules are tried in the order they were added; the first one that applies to the request
//!   (its type, and its predicates) and has answers left answers it. A rule answers once unless
//!   [`Rule::times`] or [`Rule::repeatedly`] says otherwise; each attempt of a call takes an
//!   answer.
//! - Answers are encoded as the service sends them: a success body with HTTP 200 and an
//!   `x-acs-request-id` header; an error as the JSON body `{"RequestId", "HostId", "Code",
//!   "Message"}` with its status (400 unless given); a transport fault or a timeout as the
//!   [`TransportError`] a real transport returns, at once.
//! - A request no rule answers fails with a transport error of kind
//!   [`TransportErrorKind::Request`] (never retried) whose message names the action and lists
//!   the rules; [`Mock::verify`] turns it into a test failure even when the code under test
//!   swallowed the error.
//! - The client lends each attempt's typed request to its transport
//!   ([`Transport::send_operation`]): that is how rules match on request types and predicates,
//!   and how [`Mock::calls`] records typed requests. A request sent to the mock without one
//!   ([`Transport::send`]) is answered by the first rule with its action and no predicate.

mod record;
mod rule;

use std::any::{Any, TypeId};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::client::{Client, ClientBuilder};
use crate::credentials::Credentials;
use crate::decode::decode_body;
use crate::environment::Environment;
use crate::future::BoxFuture;
use crate::http::{HttpRequest, HttpResponse};
use crate::retry::RetryPolicy;
use crate::service::Operation;
use crate::transport::{Transport, TransportError, TransportErrorKind, TypedRequest};

pub use record::RecordedRequest;
use rule::RuleEntry;
pub use rule::{Rule, RuleBuilder};

/// The access key id of a [`Mock::client`]. Its secret is a placeholder as well: nothing checks
/// signatures.
pub const MOCK_ACCESS_KEY_ID: &str = "LTAI-mock-access-key-id";

/// The region of a [`Mock::client`].
pub const MOCK_REGION: &str = "cn-hangzhou";

/// Copies a typed request out for [`Mock::calls`]: one per request type, from [`Mock::on`].
type Recorder = fn(&(dyn Any + Send + Sync)) -> Box<dyn Any + Send>;

fn record_as<O: Clone + Send + 'static>(request: &(dyn Any + Send + Sync)) -> Box<dyn Any + Send> {
    match request.downcast_ref::<O>() {
        Some(request) => Box::new(request.clone()),
        // Never taken: a recorder is only called for its own type. Stored as `()`, which no
        // `calls::<O>()` returns.
        None => Box::new(()),
    }
}

/// A transport that answers calls by typed rules instead of sending them, and records them.
/// See the [module documentation](self) for an example.
///
/// Clones share the same rules and records: give one to a client
/// ([`ClientBuilder::transport`]), or take a ready client from [`Mock::client`], and keep
/// another to add rules and read what was sent.
#[derive(Clone, Default)]
pub struct Mock {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    rules: Vec<Arc<RuleEntry>>,
    recorders: Vec<(TypeId, Recorder)>,
    /// The typed request of every call, in order.
    calls: Vec<Box<dyn Any + Send>>,
    requests: Vec<RecordedRequest>,
    /// Why each request no rule answered was refused.
    unmatched: Vec<String>,
}

impl Mock {
    /// A mock without rules: every request fails until rules are added.
    pub fn new() -> Mock {
        Mock::default()
    }

    /// Starts a rule for requests of type `O` (an operation's request struct); the rule is
    /// added by the answer given to the returned builder. From the first rule for `O` on, its
    /// calls are recorded for [`Mock::calls`].
    pub fn on<O: Operation + Clone + 'static>(&self) -> RuleBuilder<O> {
        RuleBuilder::new(self.clone())
    }

    /// A client that sends through this mock: static placeholder credentials
    /// ([`MOCK_ACCESS_KEY_ID`]), region [`MOCK_REGION`], nothing read from the environment, and
    /// retries without backoff waits (so retried calls take no time).
    ///
    /// A generated product client is made from it with `From`:
    /// `CmsClient::from(mock.client())`; per-call options apply as to any client
    /// ([`Client::with_options`]).
    pub fn client(&self) -> Client {
        // Cannot fail: the credentials are valid and the timeouts the defaults.
        self.client_builder()
            .build()
            .unwrap_or_else(|error| panic!("the mock client's settings are refused: {error}"))
    }

    /// The builder of [`Mock::client`], to change its settings (credentials, region, signature
    /// version, retry policy...) before building it. A retry policy given to it keeps its own
    /// backoff: pass `with_backoff(Duration::ZERO, Duration::ZERO)` to keep retries instant.
    ///
    /// It builds a [`Client`]; for a product client, convert what it builds:
    /// `CmsClient::from(mock.client_builder().region("cn-beijing").build()?)`.
    pub fn client_builder(&self) -> ClientBuilder<Client> {
        ClientBuilder::new()
            .credentials(Credentials::new(
                MOCK_ACCESS_KEY_ID,
                "mock-access-key-secret",
            ))
            .region(MOCK_REGION)
            .environment(Environment::new())
            .retry(RetryPolicy::default().with_backoff(Duration::ZERO, Duration::ZERO))
            .transport(self.clone())
    }

    /// The typed requests of type `O` the client called, in order: one per call, however many
    /// attempts it took. Calls made before the first rule for `O` was added are not recorded.
    pub fn calls<O: Operation + Clone + 'static>(&self) -> Vec<O> {
        self.lock()
            .calls
            .iter()
            .filter_map(|request| request.downcast_ref::<O>().cloned())
            .collect()
    }

    /// Every HTTP request the mock received, in order: one per attempt, answered or not.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// Panics, listing them, if a request found no rule to answer it, or a rule given a number
    /// of answers (the default one, or [`Rule::times`]) has some left. Call it at the end of a
    /// test.
    pub fn verify(&self) {
        let problems: Vec<String> = {
            let state = self.lock();
            let unmatched = state
                .unmatched
                .iter()
                .map(|message| format!("unanswered request: {message}"));
            let unused = state
                .rules
                .iter()
                .enumerate()
                .filter(|(_, rule)| rule.expects_more())
                .map(|(index, rule)| format!("rule {} not used up: {rule}", index + 1));
            unmatched.chain(unused).collect()
        };
        if !problems.is_empty() {
            panic!(
                "the mock was not used as expected:\n  {}",
                problems.join("\n  ")
            );
        }
    }

    fn add_rule<O: Clone + Send + 'static>(&self, rule: Arc<RuleEntry>) {
        let mut state = self.lock();
        let type_id = TypeId::of::<O>();
        if !state.recorders.iter().any(|(id, _)| *id == type_id) {
            state.recorders.push((type_id, record_as::<O>));
        }
        state.rules.push(rule);
    }

    /// The mock's state; a panic elsewhere (a test's predicate) does not make it unusable.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records `request` and answers it with the first rule that applies and has answers left.
    fn answer(
        &self,
        request: &HttpRequest,
        typed: Option<TypedRequest<'_>>,
    ) -> Result<HttpResponse, TransportError> {
        let recorded = RecordedRequest::from_http(request);
        let action = typed.map_or(recorded.action.as_str(), |typed| typed.action);
        let host = recorded.host.clone();
        let rules = {
            let mut state = self.lock();
            if let Some(typed) = typed.filter(|typed| typed.attempt == 1) {
                let type_id = Any::type_id(typed.request);
                let recorder = state.recorders.iter().find(|(id, _)| *id == type_id);
                if let Some((_, record)) = recorder {
                    let copy = record(typed.request);
                    state.calls.push(copy);
                }
            }
            state.requests.push(recorded.clone());
            state.rules.clone()
        };
        // Predicates run without the lock held, so that one that panics poisons nothing.
        let typed_request = typed.map(|typed| typed.request);
        let chosen = rules
            .iter()
            .find(|rule| rule.applies(typed_request, action) && rule.try_claim());
        if let Some(rule) = chosen {
            return rule.answer.encode(action, &host);
        }
        let message = unmatched_message(action, typed, &recorded, &rules);
        self.lock().unmatched.push(message.clone());
        Err(TransportError::new(TransportErrorKind::Request, message))
    }
}

/// Why no rule answered: the action, the attempt, and every rule.
fn unmatched_message(
    action: &str,
    typed: Option<TypedRequest<'_>>,
    recorded: &RecordedRequest,
    rules: &[Arc<RuleEntry>],
) -> String {
    let attempt = typed.map_or(String::new(), |typed| {
        format!(", attempt {}", typed.attempt)
    });
    let mut message = format!(
        "no mock rule answers {action} ({} {}{}{attempt})",
        recorded.method.as_str(),
        recorded.host,
        recorded.path,
    );
    if rules.is_empty() {
        message.push_str("; the mock has no rules: add one with `mock.on::<Request>()`");
    } else {
        message.push_str("; its rules, in order:");
        for (index, rule) in rules.iter().enumerate() {
            message.push_str(&format!(" [{}] {rule};", index + 1));
        }
        message.pop();
    }
    message
}

impl fmt::Debug for Mock {
    // Rules and counts only: recorded requests are shown by `requests()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        let rules: Vec<String> = state.rules.iter().map(ToString::to_string).collect();
        f.debug_struct("Mock")
            .field("rules", &rules)
            .field("requests", &state.requests.len())
            .field("unmatched", &state.unmatched.len())
            .finish()
    }
}

impl Transport for Mock {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(std::future::ready(self.answer(&request, None)))
    }

    // The client's path: the typed request decides which rule answers.
    fn send_operation(
        &self,
        request: HttpRequest,
        max_body: usize,
        operation: TypedRequest<'_>,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        // The client itself refuses a body over its limit.
        let _ = max_body;
        Box::pin(std::future::ready(self.answer(&request, Some(operation))))
    }
}

/// The example response of `O`'s API reference page ([`Operation::EXAMPLE_RESPONSE`]), decoded
/// by the client's own decoder: a ready value for tests.
///
/// # Panics
///
/// If `O` has no documented example, or it does not decode (it is then an error body, or not
/// JSON).
pub fn documented_example<O: Operation>() -> O::Output {
    let Some(example) = O::EXAMPLE_RESPONSE else {
        panic!(
            "{} has no documented example response (Operation::EXAMPLE_RESPONSE is None)",
            O::ACTION
        );
    };
    decode_body::<O>(200, example.as_bytes()).unwrap_or_else(|error| {
        panic!(
            "the documented example response of {} does not decode: {error}",
            O::ACTION
        )
    })
}
