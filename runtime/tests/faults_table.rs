//! The fault table of the runtime README, one test per row and one check per cell: each fault,
//! for a read-only call, a create without an idempotency token and a create with one, through
//! the real reqwest transport to loopback servers. Every fault persists, so a retried call
//! makes all its 3 attempts; the servers count the attempts (and the test server counts the
//! requests it ran, so a create without a token is seen to run once).

mod support;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use alibabacloud_runtime::{
    Client, Credentials, Environment, Error, Method, Operation, Params, ReqwestTransport,
    ServiceError, TimeoutKind, TransportErrorKind,
};
use support::ops::{builder, fast_retries, server, Output, KEY_ID, LINKWAN, SECRET};
use support::{Answer, Fault, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;

const ATTEMPTS: usize = 3;
const TOKEN: &str = "5A2CFF0E-5718-45B5-9D4D-70B3FF000001";

/// Read-only by its name: `Describe*`.
struct DescribeThing;

impl Operation for DescribeThing {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "DescribeThing";
    const METHOD: Method = Method::Post;
    // Only reads: safe to repeat after a failure whose outcome is unknown.
    const IDEMPOTENT: bool = true;
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("ThingId", "t-1");
    }
}

/// A create, with an optional `ClientToken` it declares as its idempotency token.
struct CreateThing {
    client_token: Option<String>,
}

impl Operation for CreateThing {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "CreateThing";
    const METHOD: Method = Method::Post;
    const CLIENT_TOKEN: Option<&'static str> = Some("ClientToken");
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.query("Name", "thing");
        // Written as given (no fresh token when unset), so the table can send a create with
        // no token at all.
        params.query("ClientToken", &self.client_token);
    }
}

/// The three columns of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    ReadOnly,
    CreateWithoutToken,
    CreateWithToken,
}

const COLUMNS: [Column; 3] = [
    Column::ReadOnly,
    Column::CreateWithoutToken,
    Column::CreateWithToken,
];

async fn call(client: &Client, column: Column) -> Result<Output, Error> {
    match column {
        Column::ReadOnly => client.call(&LINKWAN, &DescribeThing).await,
        Column::CreateWithoutToken => {
            client
                .call(&LINKWAN, &CreateThing { client_token: None })
                .await
        }
        Column::CreateWithToken => {
            client
                .call(
                    &LINKWAN,
                    &CreateThing {
                        client_token: Some(TOKEN.into()),
                    },
                )
                .await
        }
    }
}

/// What a fault says about the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    NotSent,
    Unknown,
    Refused,
    Never,
}

/// Attempts a call of `column` makes against a fault of `class`.
fn attempts(class: Class, column: Column) -> usize {
    match (class, column) {
        (Class::NotSent | Class::Refused, _) => ATTEMPTS,
        (Class::Unknown, Column::CreateWithoutToken) => 1,
        (Class::Unknown, _) => ATTEMPTS,
        (Class::Never, _) => 1,
    }
}

/// One row against the test server: `fault` on every request; `ran` says whether the server
/// runs the request before failing it.
async fn server_row(fault: Fault, class: Class, ran: bool, check: impl Fn(Column, &Error)) {
    for column in COLUMNS {
        let server = server().await;
        server.always(fault.clone());
        let client = builder(&server)
            .retry(fast_retries(ATTEMPTS as u32))
            .attempt_timeout(Duration::from_millis(400))
            .max_response_body(64 * 1024)
            .build()
            .unwrap();
        let err = call(&client, column).await.unwrap_err();
        let expected = attempts(class, column);
        assert_eq!(server.requests(), expected, "{column:?}: {err}");
        assert_eq!(
            server.executions(),
            if ran { expected } else { 0 },
            "{column:?}: executions"
        );
        check(column, &err);
        if column == Column::CreateWithToken {
            assert_same_token(&server);
        }
    }
}

/// Every attempt carried the same token, and a new nonce.
fn assert_same_token(server: &TestServer) {
    let seen = server.seen();
    for request in &seen {
        let token = request
            .query
            .iter()
            .find(|(name, _)| name == "ClientToken")
            .map(|(_, value)| value.as_str());
        assert_eq!(token, Some(TOKEN));
    }
    support::ops::assert_nonces_unique(server);
}

fn service_code(code: &'static str) -> impl Fn(Column, &Error) {
    move |column, err| {
        assert_eq!(err.code(), Some(code), "{column:?}: {err}");
        assert!(err.request_id().is_some(), "{column:?}: {err}");
    }
}

fn decode_status(status: u16) -> impl Fn(Column, &Error) {
    move |column, err| match err {
        Error::Decode(decode) => assert_eq!(decode.status(), status, "{column:?}"),
        other => panic!("{column:?}: expected a decode error, got {other:?}"),
    }
}

fn transport_kind(kind: TransportErrorKind) -> impl Fn(Column, &Error) {
    move |column, err| match err {
        Error::Transport(transport) => assert_eq!(transport.kind(), kind, "{column:?}: {err}"),
        other => panic!("{column:?}: expected a transport error, got {other:?}"),
    }
}

fn timeout_kind(kind: TimeoutKind) -> impl Fn(Column, &Error) {
    move |column, err| match err {
        Error::Timeout(timeout) => assert_eq!(timeout.kind(), kind, "{column:?}: {err}"),
        other => panic!("{column:?}: expected a timeout, got {other:?}"),
    }
}

// ---- not sent: the client's own resolver, connector and TLS handshake ----

/// A resolver that counts lookups (one per connection attempt) and answers `target`, or fails
/// like an unknown host.
struct CountingResolver {
    target: Option<SocketAddr>,
    lookups: Arc<AtomicUsize>,
}

impl reqwest::dns::Resolve for CountingResolver {
    fn resolve(&self, _name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        self.lookups.fetch_add(1, Ordering::SeqCst);
        let target = self.target;
        Box::pin(async move {
            match target {
                Some(addr) => Ok(Box::new(std::iter::once(addr)) as reqwest::dns::Addrs),
                None => Err("no such host (test resolver)".into()),
            }
        })
    }
}

/// A client whose host name resolves through a [`CountingResolver`]; the endpoint's port is
/// `target`'s.
fn resolving_client(target: Option<SocketAddr>, lookups: Arc<AtomicUsize>) -> Client {
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(ring_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    let http = reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .dns_resolver(Arc::new(CountingResolver { target, lookups }))
        .connect_timeout(Duration::from_millis(200))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let port = target.map_or(80, |addr| addr.port());
    Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .environment(Environment::new())
        .endpoint(format!("http://faults.test:{port}"))
        .connect_timeout(Duration::from_millis(200))
        .retry(fast_retries(ATTEMPTS as u32))
        .transport(ReqwestTransport::from_client(http))
        .build()
        .unwrap()
}

async fn resolver_row(target: Option<SocketAddr>, check: impl Fn(Column, &Error)) {
    for column in COLUMNS {
        let lookups = Arc::new(AtomicUsize::new(0));
        let client = resolving_client(target, lookups.clone());
        let err = call(&client, column).await.unwrap_err();
        assert_eq!(
            lookups.load(Ordering::SeqCst),
            attempts(Class::NotSent, column),
            "{column:?}: {err}"
        );
        check(column, &err);
    }
}

/// A port nothing listens on.
fn closed_port() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

#[tokio::test]
async fn dns_failure_is_retried_for_every_call() {
    resolver_row(None, transport_kind(TransportErrorKind::Connect)).await;
}

#[tokio::test]
async fn connection_refused_is_retried_for_every_call() {
    resolver_row(
        Some(closed_port()),
        transport_kind(TransportErrorKind::Connect),
    )
    .await;
}

#[tokio::test]
async fn connect_timeout_is_retried_for_every_call() {
    // A listener that never accepts, with a backlog of 1: once its queue is full, the kernel
    // drops further SYNs and connecting times out.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    for _ in 0..8 {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(stream) => queued.push(stream),
            Err(_) => break,
        }
    }
    resolver_row(Some(addr), timeout_kind(TimeoutKind::Connect)).await;
    drop((queued, listener));
}

/// A TCP server that answers a TLS client hello with plain text, counting connections.
async fn plain_text_tls_server() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut hello = [0u8; 512];
            let _ = stream.read(&mut hello).await;
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    (addr, accepted)
}

#[tokio::test]
async fn a_failed_tls_handshake_is_retried_for_every_call() {
    let (addr, accepted) = plain_text_tls_server().await;
    for column in COLUMNS {
        accepted.store(0, Ordering::SeqCst);
        let client = Client::builder()
            .credentials(Credentials::new(KEY_ID, SECRET))
            .environment(Environment::new())
            .endpoint(format!("https://{addr}"))
            .retry(fast_retries(ATTEMPTS as u32))
            .build()
            .unwrap();
        let err = call(&client, column).await.unwrap_err();
        assert_eq!(accepted.load(Ordering::SeqCst), ATTEMPTS, "{column:?}");
        transport_kind(TransportErrorKind::Connect)(column, &err);
    }
}

/// A TLS server with a self-signed certificate the client does not trust, counting handshakes.
async fn self_signed_tls_server() -> (SocketAddr, Arc<AtomicUsize>) {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let cert = certified.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(rustls::pki_types::PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(ring_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let handshakes = Arc::new(AtomicUsize::new(0));
    let count = handshakes.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let _ = acceptor.accept(stream).await;
        }
    });
    (addr, handshakes)
}

#[tokio::test]
async fn a_refused_certificate_is_never_retried() {
    let (addr, handshakes) = self_signed_tls_server().await;
    for column in COLUMNS {
        handshakes.store(0, Ordering::SeqCst);
        let client = Client::builder()
            .credentials(Credentials::new(KEY_ID, SECRET))
            .environment(Environment::new())
            .endpoint(format!("https://{addr}"))
            .retry(fast_retries(ATTEMPTS as u32))
            .build()
            .unwrap();
        let err = call(&client, column).await.unwrap_err();
        assert_eq!(handshakes.load(Ordering::SeqCst), 1, "{column:?}");
        transport_kind(TransportErrorKind::Certificate)(column, &err);
        assert!(!err.is_retryable());
        assert!(
            err.to_string().to_lowercase().contains("certificate"),
            "{err}"
        );
    }
}

// ---- sent, outcome unknown: retried only when safe to repeat ----

#[tokio::test]
async fn an_attempt_timeout_is_retried_only_when_safe() {
    // The server runs the request, then answers after the attempt timeout (400 ms).
    server_row(
        Fault::executed(Fault::Slow(Duration::from_secs(5))),
        Class::Unknown,
        true,
        timeout_kind(TimeoutKind::Attempt),
    )
    .await;
}

#[tokio::test]
async fn a_reset_after_the_request_was_written_is_retried_only_when_safe() {
    server_row(
        Fault::executed(Fault::Drop),
        Class::Unknown,
        true,
        transport_kind(TransportErrorKind::Connection),
    )
    .await;
}

#[tokio::test]
async fn http_500_internal_error_is_retried_only_when_safe() {
    server_row(
        Fault::executed(Fault::Internal),
        Class::Unknown,
        true,
        service_code("InternalError"),
    )
    .await;
}

#[tokio::test]
async fn http_502_is_retried_only_when_safe() {
    server_row(
        Fault::executed(Fault::Answer(
            Answer::json(502, "<html>502 Bad Gateway</html>")
                .with_header("content-type", "text/html"),
        )),
        Class::Unknown,
        true,
        decode_status(502),
    )
    .await;
}

#[tokio::test]
async fn http_504_is_retried_only_when_safe() {
    server_row(
        Fault::executed(Fault::Answer(
            Answer::json(504, "<html>504 Gateway Time-out</html>")
                .with_header("content-type", "text/html"),
        )),
        Class::Unknown,
        true,
        decode_status(504),
    )
    .await;
}

#[tokio::test]
async fn internal_error_with_a_400_is_retried_only_when_safe() {
    // LinkWAN's error tables list InternalError with HTTP 400: the code decides.
    server_row(
        Fault::executed(Fault::Service {
            status: 400,
            code: "InternalError".into(),
            message: "The request processing has failed due to some unknown error.".into(),
        }),
        Class::Unknown,
        true,
        service_code("InternalError"),
    )
    .await;
}

// ---- refused by the service: retried for all ----

#[tokio::test]
async fn throttling_is_retried_for_every_call() {
    server_row(
        Fault::Throttling { time_left_ms: None },
        Class::Refused,
        false,
        service_code("Throttling.User"),
    )
    .await;
}

#[tokio::test]
async fn http_503_service_unavailable_is_retried_for_every_call() {
    server_row(
        Fault::Service {
            status: 503,
            code: "ServiceUnavailable".into(),
            message: "The request has failed due to a temporary failure of the server.".into(),
        },
        Class::Refused,
        false,
        service_code("ServiceUnavailable"),
    )
    .await;
}

#[tokio::test]
async fn http_429_with_retry_after_is_retried_for_every_call() {
    server_row(
        Fault::Answer(
            Answer::json(
                429,
                r#"{"Code":"TooManyRequests","Message":"slow down","RequestId":"R-429"}"#,
            )
            .with_header("retry-after", "0"),
        ),
        Class::Refused,
        false,
        service_code("TooManyRequests"),
    )
    .await;
}

#[tokio::test]
async fn http_408_is_retried_for_every_call() {
    server_row(
        Fault::Answer(
            Answer::json(408, "request timeout").with_header("content-type", "text/plain"),
        ),
        Class::Refused,
        false,
        decode_status(408),
    )
    .await;
}

// ---- never retried ----

#[tokio::test]
async fn a_client_error_is_never_retried() {
    server_row(
        Fault::Service {
            status: 400,
            code: "InvalidParameter".into(),
            message: "The parameter Name is invalid.".into(),
        },
        Class::Never,
        false,
        service_code("InvalidParameter"),
    )
    .await;
}

#[tokio::test]
async fn a_redirect_is_never_followed_nor_retried() {
    server_row(
        Fault::Answer(
            Answer::json(302, "").with_header("location", "http://127.0.0.1:9/elsewhere?x=1"),
        ),
        Class::Never,
        false,
        |column, err| {
            decode_status(302)(column, err);
            let text = err.to_string();
            assert!(
                text.contains("302") && text.contains("127.0.0.1:9") && !text.contains("x=1"),
                "{text}"
            );
        },
    )
    .await;
}

#[tokio::test]
async fn an_oversized_body_is_never_retried() {
    // The limit is 64 KiB in `server_row`.
    server_row(
        Fault::HugeContentLength(1 << 40),
        Class::Never,
        false,
        transport_kind(TransportErrorKind::BodyTooLarge),
    )
    .await;
    server_row(
        Fault::LongBody(1 << 20),
        Class::Never,
        false,
        transport_kind(TransportErrorKind::BodyTooLarge),
    )
    .await;
}

// ---- the contract of the columns ----

#[tokio::test]
async fn a_token_the_request_does_not_carry_does_not_count() {
    /// Names a token parameter but never writes it (or writes it empty).
    struct Liar {
        empty: bool,
    }
    impl Operation for Liar {
        type Output = Output;
        type Error = ServiceError;
        const ACTION: &'static str = "CreateThing";
        const METHOD: Method = Method::Post;
        const CLIENT_TOKEN: Option<&'static str> = Some("ClientToken");
        fn write_params<'a>(&'a self, params: &mut Params<'a>) {
            params.query("Name", "thing");
            if self.empty {
                params.query("ClientToken", "");
            }
            params.query("Other", TOKEN);
        }
    }
    let server = server().await;
    server.always(Fault::executed(Fault::Internal));
    let client = builder(&server).build().unwrap();
    for empty in [false, true] {
        let err = client.call(&LINKWAN, &Liar { empty }).await.unwrap_err();
        assert_eq!(err.code(), Some("InternalError"));
    }
    assert_eq!((server.requests(), server.executions()), (2, 2));

    // An operation that declares itself idempotent is repeated without a token.
    struct SetThing;
    impl Operation for SetThing {
        type Output = Output;
        type Error = ServiceError;
        const ACTION: &'static str = "SetThingAttribute";
        const METHOD: Method = Method::Post;
        const IDEMPOTENT: bool = true;
        fn write_params<'a>(&'a self, params: &mut Params<'a>) {
            params.query("Name", "thing");
        }
    }
    let server = self::server().await;
    server.push_faults([Fault::executed(Fault::Internal)]);
    let client = builder(&server).build().unwrap();
    client.call(&LINKWAN, &SetThing).await.unwrap();
    assert_eq!((server.requests(), server.executions()), (2, 2));
}

#[tokio::test]
async fn a_token_left_unset_is_a_fresh_one_per_call_and_the_same_on_every_attempt() {
    /// Writes its token as generated code does.
    struct CreateFilled {
        client_token: Option<String>,
    }
    impl Operation for CreateFilled {
        type Output = Output;
        type Error = ServiceError;
        const ACTION: &'static str = "CreateThing";
        const METHOD: Method = Method::Post;
        const CLIENT_TOKEN: Option<&'static str> = Some("ClientToken");
        fn write_params<'a>(&'a self, params: &mut Params<'a>) {
            let token = alibabacloud_runtime::client_token(self.client_token.as_deref());
            params.query("ClientToken", token);
        }
    }
    let server = server().await;
    // Each call: one attempt that runs and answers 500, then a retried one that succeeds.
    server.push_faults([
        Fault::executed(Fault::Internal),
        Fault::Answer(support::Answer::json(200, r#"{"RequestId":"a"}"#)),
        Fault::executed(Fault::Internal),
        Fault::Answer(support::Answer::json(200, r#"{"RequestId":"b"}"#)),
    ]);
    let client = builder(&server).build().unwrap();
    let request = CreateFilled { client_token: None };
    client.call(&LINKWAN, &request).await.unwrap();
    client.call(&LINKWAN, &request).await.unwrap();
    let tokens: Vec<String> = server
        .seen()
        .iter()
        .map(|seen| {
            seen.query
                .iter()
                .find(|(name, _)| name == "ClientToken")
                .map(|(_, value)| value.clone())
                .expect("every attempt carries a token")
        })
        .collect();
    assert_eq!(tokens.len(), 4, "both calls were retried: {tokens:?}");
    assert_eq!(tokens[0], tokens[1], "one token for the attempts of a call");
    assert_eq!(tokens[2], tokens[3], "one token for the attempts of a call");
    assert_ne!(tokens[0], tokens[2], "a fresh token for each call");
    assert!(uuid_like(&tokens[0]) && uuid_like(&tokens[2]), "{tokens:?}");

    // A token the caller sets is sent as given.
    server.push_faults([
        Fault::executed(Fault::Internal),
        Fault::Answer(support::Answer::json(200, r#"{"RequestId":"c"}"#)),
    ]);
    let request = CreateFilled {
        client_token: Some(TOKEN.into()),
    };
    client.call(&LINKWAN, &request).await.unwrap();
    let seen = server.seen();
    assert!(seen[4..].iter().all(|s| s
        .query
        .iter()
        .any(|(n, v)| n == "ClientToken" && v == TOKEN)));
}

/// `8-4-4-4-12` hexadecimal digits.
fn uuid_like(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

// ---- a retry-after header: the wait of a retry the rows above allow, never a reason for one ----

/// An error answer with a JSON body and a wait header.
fn waiting(status: u16, code: &str, header: &str, value: &str) -> Answer {
    Answer::json(
        status,
        format!(r#"{{"Code":"{code}","Message":"try later","RequestId":"R-WAIT"}}"#),
    )
    .with_header(header, value)
}

#[tokio::test]
async fn http_500_internal_error_with_retry_after_is_retried_only_when_safe() {
    // The create without a token runs once: the header does not make its repeat safe.
    for header in ["x-acs-retry-after", "retry-after"] {
        server_row(
            Fault::executed(Fault::Answer(waiting(500, "InternalError", header, "0"))),
            Class::Unknown,
            true,
            service_code("InternalError"),
        )
        .await;
    }
}

#[tokio::test]
async fn http_502_with_retry_after_is_retried_only_when_safe() {
    server_row(
        Fault::executed(Fault::Answer(
            Answer::json(502, "<html>502 Bad Gateway</html>")
                .with_header("content-type", "text/html")
                .with_header("x-acs-retry-after", "1"),
        )),
        Class::Unknown,
        true,
        decode_status(502),
    )
    .await;
}

#[tokio::test]
async fn http_400_invalid_parameter_with_retry_after_is_never_retried() {
    for header in ["x-acs-retry-after", "retry-after"] {
        server_row(
            Fault::Answer(waiting(400, "InvalidParameter", header, "1")),
            Class::Never,
            false,
            service_code("InvalidParameter"),
        )
        .await;
    }
    // Nor a 4xx whose body is not an error object.
    server_row(
        Fault::Answer(
            Answer::json(400, "bad request")
                .with_header("content-type", "text/plain")
                .with_header("x-acs-retry-after", "1"),
        ),
        Class::Never,
        false,
        decode_status(400),
    )
    .await;
}

#[tokio::test]
async fn throttling_with_retry_after_is_retried_for_every_call() {
    // A refusal: nothing ran, so even the create without a token is repeated.
    server_row(
        Fault::Answer(waiting(400, "Throttling.User", "x-acs-retry-after", "1")),
        Class::Refused,
        false,
        service_code("Throttling.User"),
    )
    .await;
    server_row(
        Fault::Answer(waiting(429, "TooManyRequests", "x-acs-retry-after", "1")),
        Class::Refused,
        false,
        service_code("TooManyRequests"),
    )
    .await;
}

#[tokio::test]
async fn retry_after_sets_the_wait_of_a_safe_retry() {
    // The same 500 to a read-only call: retried with a 1 ms wait; with a wait beyond the
    // backoff cap (5 ms here) the retry is not made. Counting requests shows the header was
    // read, without timing anything.
    for (wait, expected) in [("1", ATTEMPTS), ("60000", 1)] {
        let server = server().await;
        server.always(Fault::executed(Fault::Answer(waiting(
            500,
            "InternalError",
            "x-acs-retry-after",
            wait,
        ))));
        let client = builder(&server)
            .retry(fast_retries(ATTEMPTS as u32))
            .build()
            .unwrap();
        let err = call(&client, Column::ReadOnly).await.unwrap_err();
        assert_eq!(err.code(), Some("InternalError"), "{err}");
        let service = err.service_error().unwrap();
        assert_eq!(
            service.retry_after(),
            Some(Duration::from_millis(wait.parse().unwrap()))
        );
        assert!(!service.is_throttling());
        assert_eq!(server.requests(), expected, "x-acs-retry-after: {wait}");
    }
}

/// The ring provider the runtime uses (deprecated in rustls 0.23.48 for lacking post-quantum key
/// exchange; kept deliberately, like the runtime).
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}
