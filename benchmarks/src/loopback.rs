//! A local HTTP/1.1 server on `127.0.0.1` (ephemeral port) that answers every RPC call with one
//! fixed body, and a load driver that calls it through the real client (default reqwest
//! transport, connection pool, signing, decoding) for a bounded number of calls and time.
//!
//! The server counts accepted connections, so a run shows whether the client reuses them.
//!
//! The baseline is a bare hyper client ([`BareClient`]) replaying one request the generated
//! client really sent ([`capture`]) against the same server, under the same load driver: the
//! loopback floor of this machine, beside which the generated client's figures are read.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alibabacloud_runtime::sign::SignatureVersion;
use alibabacloud_runtime::Client;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Method, Request, Response, Uri};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

use crate::generated::version::{Client as ListClient, ListNodeGroups};

/// A running loopback server; stops when dropped.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicU64>,
    unsigned: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Binds `127.0.0.1:0` and answers every request with `200` and `body` (JSON). Requests
    /// with neither a V1 `Signature` nor a V3 `Authorization` get a `400` error body instead.
    /// Must be called inside a Tokio runtime.
    pub async fn start(body: impl Into<Bytes>) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicU64::new(0));
        let unsigned = Arc::new(AtomicU64::new(0));
        let body: Bytes = body.into();
        let (c, r, u) = (connections.clone(), requests.clone(), unsigned.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    // Out of file descriptors or similar: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                c.fetch_add(1, Ordering::Relaxed);
                let (body, requests, unsigned) = (body.clone(), r.clone(), u.clone());
                tokio::spawn(async move {
                    let service = service_fn(move |request: Request<Incoming>| {
                        let (body, requests, unsigned) =
                            (body.clone(), requests.clone(), unsigned.clone());
                        async move {
                            Ok::<_, Infallible>(answer(request, body, &requests, &unsigned).await)
                        }
                    });
                    // A connection error ends this connection only.
                    let _ = http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Server {
            addr,
            connections,
            requests,
            unsigned,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::Relaxed)
    }

    /// Requests answered so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Requests that carried no signature.
    pub fn unsigned(&self) -> u64 {
        self.unsigned.load(Ordering::Relaxed)
    }
}

async fn answer(
    request: Request<Incoming>,
    body: Bytes,
    requests: &AtomicU64,
    unsigned: &AtomicU64,
) -> Response<Full<Bytes>> {
    requests.fetch_add(1, Ordering::Relaxed);
    let signed = request
        .uri()
        .query()
        .is_some_and(|q| q.contains("Signature="))
        || request.headers().contains_key("authorization");
    // Read the whole request body so the connection can serve the next request.
    let _ = request.into_body().collect().await;
    let (status, body) = if signed {
        (200, body)
    } else {
        unsigned.fetch_add(1, Ordering::Relaxed);
        (
            400,
            Bytes::from_static(
                br#"{"Code":"MissingSignature","Message":"no signature","RequestId":"r"}"#,
            ),
        )
    };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

/// The generated `ListNodeGroups` client for an explicit endpoint, with static credentials and
/// the default transport.
pub fn client(endpoint: &str, version: SignatureVersion) -> ListClient {
    let inner = Client::builder()
        .credentials(crate::signing::credentials())
        .endpoint(endpoint)
        .signature_version(version)
        .build()
        .expect("static credentials and an explicit endpoint make a valid client");
    ListClient::new(inner)
}

/// Bounds and shape of one load run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Load {
    /// Calls made before measuring (connections opened, caches warm).
    pub warmup: usize,
    /// Measured calls, at most.
    pub max_calls: usize,
    /// Measuring stops after this long even if `max_calls` is not reached.
    pub max_time: Duration,
    /// Calls in flight at once (tasks sharing one client).
    pub concurrency: usize,
}

/// What one load run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Successful measured calls.
    pub calls: usize,
    /// Failed measured calls.
    pub errors: usize,
    /// Wall time of the measured calls.
    pub elapsed: Duration,
    /// Latency of each measured call, sorted.
    pub latencies: Vec<Duration>,
}

impl Report {
    /// Completed calls per second.
    pub fn calls_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            (self.calls + self.errors) as f64 / seconds
        } else {
            0.0
        }
    }

    /// The latency below which `p` (0 to 100) percent of calls completed.
    pub fn percentile(&self, p: f64) -> Duration {
        percentile(&self.latencies, p)
    }
}

/// Nearest-rank percentile of sorted values; zero when empty.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Calls `ListNodeGroups` through `client` as `load` says; never runs past its bounds (plus the
/// calls already in flight).
pub async fn run(client: &ListClient, load: Load) -> Report {
    let client = client.clone();
    drive(
        move || {
            let client = client.clone();
            async move {
                client
                    .list_node_groups(ListNodeGroups::new(2, 0))
                    .await
                    .is_ok()
            }
        },
        load,
    )
    .await
}

/// One request as it reached the server: what [`BareClient`] replays.
#[derive(Debug, Clone)]
pub struct Captured {
    /// `GET` for V1 (parameters and signature in the query), as sent for V3.
    pub method: Method,
    /// Path and query, signature included for V1.
    pub path_and_query: String,
    /// Every header as received, except `host` (the capture server's port; hyper sets the
    /// measured server's from the URI, as reqwest does).
    pub headers: HeaderMap,
    /// The request body (empty for a query-only call).
    pub body: Bytes,
}

/// Makes one real `ListNodeGroups` call with the generated client (signed with `version`) to a
/// one-shot server on its own ephemeral port, and returns the request as received, so the
/// measured server's code path and counters stay exactly as for the client rows.
pub async fn capture(
    version: SignatureVersion,
    body: impl Into<Bytes>,
) -> std::io::Result<Captured> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    let slot: Arc<Mutex<Option<Captured>>> = Arc::new(Mutex::new(None));
    let (body, stored) = (body.into(), slot.clone());
    let task = tokio::spawn(async move {
        // One connection is enough: the call is a single attempt on a fresh pool.
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let service = service_fn(move |request: Request<Incoming>| {
            let (body, stored) = (body.clone(), stored.clone());
            async move {
                let (parts, incoming) = request.into_parts();
                let received = incoming.collect().await.map(|b| b.to_bytes());
                let mut headers = parts.headers;
                headers.remove(hyper::header::HOST);
                let captured = Captured {
                    method: parts.method,
                    path_and_query: parts
                        .uri
                        .path_and_query()
                        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
                    headers,
                    body: received.unwrap_or_default(),
                };
                if let Ok(mut slot) = stored.lock() {
                    slot.get_or_insert(captured);
                }
                let mut response = Response::new(Full::new(body));
                response.headers_mut().insert(
                    hyper::header::CONTENT_TYPE,
                    hyper::header::HeaderValue::from_static("application/json"),
                );
                Ok::<_, Infallible>(response)
            }
        });
        let _ = http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service)
            .await;
    });
    let call = client(&endpoint, version)
        .list_node_groups(ListNodeGroups::new(2, 0))
        .await;
    task.abort();
    let captured = slot.lock().ok().and_then(|mut slot| slot.take());
    match (call, captured) {
        (Ok(_), Some(captured)) => Ok(captured),
        (call, _) => Err(std::io::Error::other(format!(
            "capturing a {version:?} request failed: {:?}",
            call.err()
        ))),
    }
}

/// A bare hyper 1 client (hyper-util's legacy pooled client over `HttpConnector`, HTTP/1.1)
/// that sends one captured request again and again: no signing, no serialisation, no decoding,
/// only the HTTP exchange and reading the whole body. Cheap to clone (shares its pool).
#[derive(Debug, Clone)]
pub struct BareClient {
    client: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>,
    uri: Uri,
    request: Arc<Captured>,
}

impl BareClient {
    /// A client with a fresh connection pool that replays `request` to `endpoint`
    /// (`http://127.0.0.1:<port>`).
    pub fn new(endpoint: &str, request: Captured) -> BareClient {
        let uri = format!("{endpoint}{}", request.path_and_query)
            .parse()
            .expect("the endpoint and a received path make a valid URI");
        // Defaults, as reqwest keeps them: keep-alive pool, no idle limit per host, TCP_NODELAY
        // set like reqwest's connector so small requests are not delayed by Nagle.
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let client =
            hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(connector);
        BareClient {
            client,
            uri,
            request: Arc::new(request),
        }
    }

    /// Sends the request once and reads the whole response body; true on `200` with the body
    /// read. Building the request (headers cloned) is part of the call, as a real client would.
    pub async fn call(&self) -> bool {
        let mut request = Request::new(Full::new(self.request.body.clone()));
        *request.method_mut() = self.request.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.request.headers.clone();
        let Ok(response) = self.client.request(request).await else {
            return false;
        };
        let ok = response.status() == hyper::StatusCode::OK;
        ok && response.into_body().collect().await.is_ok()
    }
}

/// Replays `client`'s request as `load` says, with the same driver (warm-up, bounds, latency
/// recording) as [`run`].
pub async fn run_bare(client: &BareClient, load: Load) -> Report {
    let client = client.clone();
    drive(
        move || {
            let client = client.clone();
            async move { client.call().await }
        },
        load,
    )
    .await
}

/// The load driver both client kinds share, so their figures differ only by the call: `call`
/// makes one call and says whether it succeeded. `load.warmup` calls first, unmeasured and one at
/// a time; then `load.concurrency` tasks call until `max_calls` are issued or `max_time` passes.
async fn drive<F, Fut>(call: F, load: Load) -> Report
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = bool> + Send,
{
    for _ in 0..load.warmup {
        let _ = call().await;
    }
    let started = Instant::now();
    let deadline = started + load.max_time;
    let issued = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..load.concurrency.max(1) {
        let call = call.clone();
        let issued = issued.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            while issued.fetch_add(1, Ordering::Relaxed) < load.max_calls
                && Instant::now() < deadline
            {
                let start = Instant::now();
                if call().await {
                    latencies.push(start.elapsed());
                } else {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        match task.await {
            Ok((l, e)) => {
                latencies.extend(l);
                errors += e;
            }
            Err(_) => errors += 1,
        }
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Report {
        calls: latencies.len(),
        errors,
        elapsed,
        latencies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let values: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&values, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&values, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&values, 100.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }

    #[test]
    fn a_short_run_reuses_one_connection() {
        let runtime = test_runtime();
        runtime.block_on(async {
            let server = Server::start(crate::payload::typed(1)).await.unwrap();
            for version in [SignatureVersion::V1, SignatureVersion::V3] {
                let client = client(&server.endpoint(), version);
                let report = run(&client, small_load(1)).await;
                assert_eq!(report.errors, 0);
                assert_eq!(report.calls, 20);
            }
            assert_eq!(server.unsigned(), 0);
            assert_eq!(server.requests(), 42);
            // The pool keeps connections open between calls. Usually one per client; the pool
            // can open a second when a call starts before the previous connection is back.
            assert!(
                server.connections() < 10,
                "{} connections for 42 calls",
                server.connections()
            );
        });
    }

    /// The runtime the tests drive the client and the server on.
    fn test_runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    }

    /// One warm-up call and twenty measured ones.
    fn small_load(concurrency: usize) -> Load {
        Load {
            warmup: 1,
            max_calls: 20,
            max_time: Duration::from_secs(10),
            concurrency,
        }
    }

    #[test]
    fn a_replayed_capture_is_accepted_as_signed() {
        let runtime = test_runtime();
        runtime.block_on(async {
            let server = Server::start(crate::payload::typed(1)).await.unwrap();
            for version in [SignatureVersion::V1, SignatureVersion::V3] {
                let captured = capture(version, crate::payload::typed(1)).await.unwrap();
                assert!(
                    captured.path_and_query.contains("Signature=")
                        || captured.headers.contains_key("authorization"),
                    "{version:?} capture carries no signature"
                );
                assert!(!captured.headers.contains_key(hyper::header::HOST));
                let bare = BareClient::new(&server.endpoint(), captured);
                let report = run_bare(&bare, small_load(2)).await;
                assert_eq!(report.errors, 0);
                assert_eq!(report.calls, 20);
            }
            // The replays reached the measured server's normal path, signature seen.
            assert_eq!(server.requests(), 42);
            assert_eq!(server.unsigned(), 0);
        });
    }
}
