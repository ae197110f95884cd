//! A loopback Alibaba-style server for tests and benchmarks. It speaks RPC (signature V1 and V3)
//! and ROA (any method and path; V3 or the classic `acs <id>:<signature>`), verifies every
//! signature with its own code (written from the protocol description, not with the runtime's
//! signer), records what it received, answers documented or configured bodies, and injects
//! faults on demand.
//!
//! It listens on 127.0.0.1 only, on a port the system picks, and stops when dropped.

mod body;
mod handler;
mod signing;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// A fault for one request, taken from the queue in order.
///
/// A request is *executed* when the server runs the action it names: when it answers with the
/// success body, or when an [`Fault::Executed`] fault lets it run before misbehaving. Every
/// other fault answers without running it, as a service that refuses a request would.
#[derive(Debug, Clone)]
pub enum Fault {
    /// HTTP 500 with an `InternalError` body.
    Internal,
    /// HTTP 503 with an HTML body (a gateway error page).
    UnavailableHtml,
    /// HTTP 400 `Throttling.User`, with the rate-limit header when `time_left_ms` is set.
    Throttling {
        /// Milliseconds for the `x-ratelimit-user-api` header's `TimeLeft`, when sent.
        time_left_ms: Option<u64>,
    },
    /// Answers after this delay.
    Slow(Duration),
    /// Closes the connection without answering.
    Drop,
    /// HTTP 200 with a body that is not JSON.
    Garbage,
    /// HTTP 200 with JSON of the wrong shape.
    WrongShape,
    /// HTTP 400 `InvalidName`.
    InvalidName,
    /// HTTP 403 `Forbidden.RAM`.
    Forbidden,
    /// A service error with this status, code and message, after the signature is checked.
    Service {
        /// HTTP status.
        status: u16,
        /// The `Code`.
        code: String,
        /// The `Message`.
        message: String,
    },
    /// Exactly this answer (status, headers, body), after the signature is checked: an ROA
    /// error with lower-case keys, an `x-acs-retry-after` header, a 204, a redirect...
    Answer(Answer),
    /// Checks the signature, runs the request (it counts in [`TestServer::executions`]), then
    /// applies the inner fault instead of answering with success: `Drop` closes the connection
    /// after the request was read and run, `Slow` answers late, `Internal` answers 500...
    Executed(Box<Fault>),
    /// HTTP 200 whose `Content-Length` announces this many bytes, then sends one and stalls:
    /// a client must refuse it before reading.
    HugeContentLength(u64),
    /// HTTP 200 with a chunked body (no `Content-Length`) of this many bytes of `x`.
    LongBody(usize),
}

impl Fault {
    /// Runs the request, then applies `fault`: `Fault::executed(Fault::Drop)`.
    pub fn executed(fault: Fault) -> Fault {
        Fault::Executed(Box::new(fault))
    }
}

/// A configured answer: status, headers and body, sent as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Response headers, besides `content-type: application/json` (sent when the body is not
    /// empty and no content type is given here).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Answer {
    /// `status` with this JSON body.
    pub fn json(status: u16, body: impl Into<String>) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// How a request was signed, as the server recognised it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureScheme {
    /// RPC signature V1: `Signature` and its parameters in the query or form.
    RpcV1,
    /// V3: `Authorization: ACS3-HMAC-SHA256 ...` (RPC or ROA).
    V3,
    /// The classic ROA signature: `Authorization: acs <id>:<signature>`.
    RoaClassic,
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// HTTP method.
    pub method: String,
    /// The request path exactly as received (still percent-encoded).
    pub path: String,
    /// The query string exactly as received (without `?`).
    pub raw_query: String,
    /// Decoded query parameters.
    pub query: Vec<(String, String)>,
    /// Decoded form-body parameters (empty when the body is not a form).
    pub body: Vec<(String, String)>,
    /// The body bytes exactly as received.
    pub raw_body: Vec<u8>,
    /// Headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The signature nonce (V1 parameter or header).
    pub nonce: Option<String>,
    /// The signature scheme the request used.
    pub scheme: SignatureScheme,
    /// Whether the server's own check of the signature (and of the STS token) passed. Requests
    /// answered by a fault that comes before the check stay `false`.
    pub verified: bool,
    /// Whether the server ran the action (see [`Fault`]).
    pub executed: bool,
}

impl Seen {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, when it is JSON.
    pub fn json_body(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.raw_body).ok()
    }
}

/// What the server knows and has seen; shared with the test through [`TestServer::state`].
#[derive(Debug, Default)]
pub struct State {
    /// AccessKey id → (secret, required STS token).
    pub keys: HashMap<String, (String, Option<String>)>,
    /// Faults for the next requests, in order.
    pub faults: VecDeque<Fault>,
    /// Applies every fault of `always` to every request (after the queue is empty).
    pub always: Option<Fault>,
    /// Every request received.
    pub seen: Vec<Seen>,
    /// Success bodies by action (the `Action` parameter or the `x-acs-action` header); actions
    /// not listed get a generic body.
    pub responses: HashMap<String, String>,
    /// Builds the string to sign differently from the protocol (to test the diagnosis).
    pub tamper_string_to_sign: bool,
    nonces: HashSet<String>,
}

/// A running server; dropping it stops it.
pub struct TestServer {
    /// Where it listens (127.0.0.1 and an ephemeral port).
    pub addr: SocketAddr,
    /// Its state, for the test to inspect and change.
    pub state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    /// Binds 127.0.0.1 on a free port and serves until dropped.
    pub async fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = shared.clone();
                tokio::spawn(async move {
                    let service =
                        service_fn(move |request| handler::handle(state.clone(), request));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        TestServer { addr, state, task }
    }

    /// The base URL to give the client as its endpoint.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Accepts this access key (and, if given, requires this STS token with it).
    pub fn add_key(&self, id: &str, secret: &str, token: Option<&str>) {
        self.state
            .lock()
            .unwrap()
            .keys
            .insert(id.into(), (secret.into(), token.map(Into::into)));
    }

    /// Queues faults for the next requests.
    pub fn push_faults(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state.lock().unwrap().faults.extend(faults);
    }

    /// Applies this fault to every request once the queue is empty.
    pub fn always(&self, fault: Fault) {
        self.state.lock().unwrap().always = Some(fault);
    }

    /// Builds the string to sign unlike the protocol, to provoke a canonicalisation mismatch.
    pub fn tamper(&self) {
        self.state.lock().unwrap().tamper_string_to_sign = true;
    }

    /// Number of requests received.
    pub fn requests(&self) -> usize {
        self.state.lock().unwrap().seen.len()
    }

    /// Number of requests the server ran (see [`Fault`]): what a create without an idempotency
    /// token must never see more than once per call.
    pub fn executions(&self) -> usize {
        self.state
            .lock()
            .unwrap()
            .seen
            .iter()
            .filter(|seen| seen.executed)
            .count()
    }

    /// Every request received, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    /// Answers a correctly signed call of `action` with this JSON body.
    pub fn respond(&self, action: &str, body: &str) {
        self.state
            .lock()
            .unwrap()
            .responses
            .insert(action.into(), body.into());
    }
}
