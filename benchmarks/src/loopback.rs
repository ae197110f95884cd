//! A local HTTP/1.1 server on `127.0.0.1` (ephemeral port) that answers every RPC call with one
//! fixed body, and a load driver that calls it through the real client (default reqwest
//! transport, connection pool, signing, decoding) for a bounded number of calls and time.
//!
//! The server counts accepted connections, so a run shows whether the client reuses them.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alibabacloud_runtime::sign::SignatureVersion;
use alibabacloud_runtime::Client;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
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
    for _ in 0..load.warmup {
        let _ = client.list_node_groups(ListNodeGroups::new(2, 0)).await;
    }
    let started = Instant::now();
    let deadline = started + load.max_time;
    let issued = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..load.concurrency.max(1) {
        let client = client.clone();
        let issued = issued.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            while issued.fetch_add(1, Ordering::Relaxed) < load.max_calls
                && Instant::now() < deadline
            {
                let start = Instant::now();
                match client.list_node_groups(ListNodeGroups::new(2, 0)).await {
                    Ok(_) => latencies.push(start.elapsed()),
                    Err(_) => errors += 1,
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
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = Server::start(crate::payload::typed(1)).await.unwrap();
            for version in [SignatureVersion::V1, SignatureVersion::V3] {
                let client = client(&server.endpoint(), version);
                let load = Load {
                    warmup: 1,
                    max_calls: 20,
                    max_time: Duration::from_secs(10),
                    concurrency: 1,
                };
                let report = run(&client, load).await;
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
}
