//! A loopback Alibaba-style RPC server for tests and benchmarks: it verifies V1 and V3
//! signatures with its own code (written from the protocol description, not with the runtime's
//! signer), answers documented bodies, and injects faults on demand.
//!
//! It listens on 127.0.0.1 only, on a port the system picks, and stops when dropped.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use sha2::Digest;
use tokio::net::TcpListener;

/// A fault for one request, taken from the queue in order.
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
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// HTTP method.
    pub method: String,
    /// Decoded query parameters.
    pub query: Vec<(String, String)>,
    /// Decoded form-body parameters.
    pub body: Vec<(String, String)>,
    /// Headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The signature nonce (V1 parameter or V3 header).
    pub nonce: Option<String>,
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
    /// Success bodies by action; actions not listed get a generic body.
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
                    let service = service_fn(move |request| handle(state.clone(), request));
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

// ---- the server's own protocol code ----

/// percentEncode: unreserved bytes kept, everything else `%XY` upper-case.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `a=b&c=d` (URL query or form body); `+` is a space in forms.
fn decode_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (unescape(name), unescape(value))
        })
        .collect()
}

fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn v1_string_to_sign(method: &str, params: &[(String, String)], tamper: bool) -> String {
    let mut sorted: Vec<&(String, String)> =
        params.iter().filter(|(n, _)| n != "Signature").collect();
    sorted.sort();
    let canonical = sorted
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let canonical = if tamper {
        format!("{canonical}&Extra=1")
    } else {
        canonical
    };
    format!("{method}&{}&{}", encode("/"), encode(&canonical))
}

fn v1_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(data))
}

fn v3_string_to_sign(
    method: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    signed: &str,
    body: &[u8],
    tamper: bool,
) -> String {
    let mut q: Vec<(String, String)> = query.to_vec();
    q.sort();
    let q: Vec<(String, String)> = q.iter().map(|(n, v)| (encode(n), encode(v))).collect();
    let canonical_query = q
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut canonical_headers = String::new();
    for name in signed.split(';') {
        let value = headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .unwrap_or("");
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    let payload = sha256_hex(body);
    let method = if tamper { "PUT" } else { method };
    let canonical =
        format!("{method}\n/\n{canonical_query}\n{canonical_headers}\n{signed}\n{payload}");
    format!("ACS3-HMAC-SHA256\n{}", sha256_hex(canonical.as_bytes()))
}

fn v3_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

// ---- responses ----

fn json(status: u16, body: String, headers: &[(&str, String)]) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(status)
        .header("content-type", "application/json");
    for (name, value) in headers {
        builder = builder.header(*name, value.as_str());
    }
    builder.body(Full::new(Bytes::from(body))).unwrap()
}

fn error_body(status: u16, code: &str, message: &str, request_id: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({
        "RequestId": request_id,
        "HostId": "linkwan.cn-shanghai.aliyuncs.com",
        "Code": code,
        "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=LinkWAN&requestId={request_id}"),
    });
    json(status, body.to_string(), &[])
}

type Reply = Result<Response<Full<Bytes>>, std::io::Error>;

async fn handle(state: Arc<Mutex<State>>, request: Request<Incoming>) -> Reply {
    let method = request.method().as_str().to_owned();
    let query = decode_pairs(request.uri().query().unwrap_or(""));
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let body_bytes = match request.into_body().collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(e) => return Err(std::io::Error::other(e)),
    };
    let body = decode_pairs(&String::from_utf8_lossy(&body_bytes));
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let v3 = header("authorization").is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256"));
    let nonce = if v3 {
        header("x-acs-signature-nonce")
    } else {
        query
            .iter()
            .chain(body.iter())
            .find(|(n, _)| n == "SignatureNonce")
            .map(|(_, v)| v.clone())
    };
    let request_id = uuid::Uuid::new_v4().to_string().to_uppercase();

    let mut service_fault = None;
    let (fault, reused, keys, tamper, responses) = {
        let mut s = state.lock().unwrap();
        s.seen.push(Seen {
            method: method.clone(),
            query: query.clone(),
            body: body.clone(),
            headers: headers.clone(),
            nonce: nonce.clone(),
        });
        let reused = match &nonce {
            Some(n) => !s.nonces.insert(n.clone()),
            None => false,
        };
        let fault = s.faults.pop_front().or_else(|| s.always.clone());
        (
            fault,
            reused,
            s.keys.clone(),
            s.tamper_string_to_sign,
            s.responses.clone(),
        )
    };

    if let Some(fault) = fault {
        match fault {
            Fault::Internal => {
                return Ok(error_body(
                    500,
                    "InternalError",
                    "The request processing has failed due to some unknown error.",
                    &request_id,
                ))
            }
            Fault::UnavailableHtml => {
                return Ok(Response::builder()
                    .status(503)
                    .header("content-type", "text/html")
                    .body(Full::new(Bytes::from_static(
                        b"<html><body>503 Service Temporarily Unavailable</body></html>",
                    )))
                    .unwrap())
            }
            Fault::Throttling { time_left_ms } => {
                let mut response = error_body(
                    400,
                    "Throttling.User",
                    "Request was denied due to user flow control.",
                    &request_id,
                );
                if let Some(ms) = time_left_ms {
                    response.headers_mut().insert(
                        "x-ratelimit-user-api",
                        format!("Limit:10,Remain:0,TimeLeft:{ms},Reset:0")
                            .parse()
                            .unwrap(),
                    );
                }
                return Ok(response);
            }
            Fault::Slow(delay) => tokio::time::sleep(delay).await,
            Fault::Drop => return Err(std::io::Error::other("dropping the connection")),
            Fault::Garbage => {
                return Ok(Response::builder()
                    .status(200)
                    .body(Full::new(Bytes::from_static(b"\x00\xffnot json at all{")))
                    .unwrap())
            }
            Fault::WrongShape => {
                let body = serde_json::json!({"RequestId": request_id, "Data": "x", "Count": {"unexpected": true}, "Success": true});
                return Ok(json(200, body.to_string(), &[]));
            }
            Fault::InvalidName => {
                return Ok(error_body(
                    400,
                    "InvalidName",
                    "The specified name is invalid.",
                    &request_id,
                ))
            }
            Fault::Forbidden => {
                return Ok(error_body(
                    403,
                    "Forbidden.RAM",
                    "User not authorized to operate on the specified resource.",
                    &request_id,
                ))
            }
            Fault::Service {
                status,
                code,
                message,
            } => service_fault = Some((status, code, message)),
        }
    }

    if reused {
        return Ok(error_body(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
            &request_id,
        ));
    }

    // Signature verification.
    let all: Vec<(String, String)> = query.iter().chain(body.iter()).cloned().collect();
    let (key_id, claimed, string_to_sign, token) = if v3 {
        let auth = header("authorization").unwrap_or_default();
        let rest = auth.trim_start_matches("ACS3-HMAC-SHA256").trim();
        let mut fields = HashMap::new();
        for part in rest.split(',') {
            if let Some((k, v)) = part.split_once('=') {
                fields.insert(k.trim().to_owned(), v.trim().to_owned());
            }
        }
        let signed = fields.get("SignedHeaders").cloned().unwrap_or_default();
        for required in [
            "host",
            "x-acs-action",
            "x-acs-version",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-content-sha256",
        ] {
            if !signed.split(';').any(|h| h == required) {
                return Ok(error_body(
                    400,
                    "IncompleteSignature",
                    &format!("{required} is not signed"),
                    &request_id,
                ));
            }
        }
        if header("x-acs-content-sha256").as_deref() != Some(sha256_hex(&body_bytes).as_str()) {
            return Ok(error_body(
                400,
                "InvalidParameter.ContentSha256",
                "x-acs-content-sha256 does not match the body",
                &request_id,
            ));
        }
        let sts = v3_string_to_sign(&method, &query, &headers, &signed, &body_bytes, tamper);
        (
            fields.get("Credential").cloned().unwrap_or_default(),
            fields.get("Signature").cloned().unwrap_or_default(),
            sts,
            header("x-acs-security-token"),
        )
    } else {
        let get = |name: &str| all.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        for (name, expected) in [
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("Format", "JSON"),
        ] {
            if get(name).as_deref() != Some(expected) {
                return Ok(error_body(
                    400,
                    &format!("Missing{name}"),
                    &format!("{name} must be {expected}"),
                    &request_id,
                ));
            }
        }
        for name in ["Action", "Version", "Timestamp", "SignatureNonce"] {
            if get(name).is_none() {
                return Ok(error_body(
                    400,
                    &format!("Missing{name}"),
                    &format!("{name} is mandatory"),
                    &request_id,
                ));
            }
        }
        let sts = v1_string_to_sign(&method, &all, tamper);
        (
            get("AccessKeyId").unwrap_or_default(),
            get("Signature").unwrap_or_default(),
            sts,
            get("SecurityToken"),
        )
    };
    let Some((secret, required_token)) = keys.get(&key_id) else {
        return Ok(error_body(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
            &request_id,
        ));
    };
    if required_token.is_some() && token != *required_token {
        return Ok(error_body(
            400,
            "InvalidSecurityToken.Malformed",
            "The security token is invalid.",
            &request_id,
        ));
    }
    let expected = if v3 {
        v3_signature(secret, &string_to_sign)
    } else {
        v1_signature(secret, &string_to_sign)
    };
    if expected != claimed {
        let message = format!("Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}");
        return Ok(error_body(
            400,
            "SignatureDoesNotMatch",
            &message,
            &request_id,
        ));
    }

    if let Some((status, code, message)) = service_fault {
        return Ok(error_body(status, &code, &message, &request_id));
    }

    let action = if v3 {
        header("x-acs-action").unwrap_or_default()
    } else {
        all.iter()
            .find(|(n, _)| n == "Action")
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if let Some(body) = responses.get(&action) {
        return Ok(json(
            200,
            body.clone(),
            &[("x-acs-request-id", request_id.clone())],
        ));
    }
    // A generic success shape, with a number sent as text (as real payloads do).
    let success = serde_json::json!({
        "RequestId": request_id,
        "Data": action,
        "Count": "42",
        "Success": true,
    });
    Ok(json(
        200,
        success.to_string(),
        &[("x-acs-request-id", request_id.clone())],
    ))
}
