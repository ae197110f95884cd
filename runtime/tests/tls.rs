//! The default transport speaks TLS with its own rustls setup (ring provider, Mozilla roots):
//! against a loopback server with a self-signed certificate the handshake runs and the
//! certificate is refused, so the call ends in a transport error that says why.

use std::sync::Arc;
use std::time::Duration;

use alibabacloud_runtime::{
    Client, Credentials, EndpointRule, Environment, Error, Method, Operation, Params, RetryPolicy,
    Service, ServiceError, TransportErrorKind,
};
use tokio::net::TcpListener;
use tokio_rustls::rustls;

const SERVICE: Service = Service {
    product: "Ecs",
    version: "2014-05-26",
    endpoint: EndpointRule {
        prefix: "ecs",
        regional: false,
        hosts: &[],
    },
};

struct DescribeRegions;

impl Operation for DescribeRegions {
    type Output = serde_json::Value;
    type Error = ServiceError;
    const ACTION: &'static str = "DescribeRegions";
    const METHOD: Method = Method::Get;
    // Only reads: safe to repeat after a failure whose outcome is unknown.
    const IDEMPOTENT: bool = true;
    fn write_params<'a>(&'a self, _params: &mut Params<'a>) {}
}

#[tokio::test]
async fn https_handshake_refuses_an_unknown_issuer() {
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
    let (handshakes, mut results) = tokio::sync::mpsc::unbounded_channel();
    let server = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let outcome = acceptor
                .accept(stream)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string());
            let _ = handshakes.send(outcome);
        }
    });

    let client = Client::builder()
        .credentials(Credentials::new("LTAIid", "secret"))
        .environment(Environment::new())
        .endpoint(format!("https://{addr}"))
        .retry(RetryPolicy::disabled())
        .attempt_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let err = client.call(&SERVICE, &DescribeRegions).await.unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("expected a transport error, got {err:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Certificate);
    assert!(
        err.to_string().to_lowercase().contains("certificate"),
        "{err}"
    );

    // The server saw a TLS handshake that the client aborted.
    let outcome = results.recv().await.unwrap();
    assert!(outcome.is_err(), "the handshake should not complete");
    server.abort();
}

/// The ring provider the runtime uses (deprecated in rustls 0.23.48 for lacking post-quantum key
/// exchange; kept deliberately, like the runtime).
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}
