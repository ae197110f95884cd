//! What reaches the wire is what was signed: ROA path values that a URL parser would otherwise
//! rewrite (dot segments, escapes, `?`, `#`, slashes, spaces, non-ASCII) are sent as escaped
//! single segments that the loopback server, with its own decoding and its own signer, accepts
//! under both ROA signatures; templates that would be rewritten are refused before sending.

mod support;

use alibabacloud_runtime::ServiceError;
use alibabacloud_runtime::{Body, PathPiece, Style};
use alibabacloud_runtime::{ConfigErrorKind, Error, Method, Operation, Params, RoaSignature};
use support::ops::*;
use support::SignatureScheme;

/// One path parameter under a fixed template.
struct PathOnly {
    id: String,
}

impl Operation for PathOnly {
    type Output = Output;
    type Error = ServiceError;
    const ACTION: &'static str = "PathOnly";
    const METHOD: Method = Method::Get;
    // Only reads: safe to repeat after a failure whose outcome is unknown.
    const IDEMPOTENT: bool = true;
    const STYLE: Style = Style::Roa {
        path: &[
            PathPiece::Literal("/openapi/things/"),
            PathPiece::Param("Id"),
            PathPiece::Literal("/detail"),
        ],
        body: Body::None,
    };
    fn write_params<'a>(&'a self, params: &mut Params<'a>) {
        params.path("Id", &self.id);
    }
}

/// Alibaba's percent-encoding, restated here: unreserved bytes kept, all else `%XY`.
fn escaped(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn hostile_path_values_are_sent_exactly_as_signed() {
    let values = [
        "...",
        "a/../b",
        "%2e%2e",
        "%2E%2E/admin",
        "x?admin=true",
        "x#admin",
        "a b+c",
        "名字",
        "\\..\\admin",
        "'\"<>`{}|^",
        "\u{1}\u{7f}",
    ];
    for (signature, scheme) in [
        (RoaSignature::V3, SignatureScheme::V3),
        (RoaSignature::Classic, SignatureScheme::RoaClassic),
    ] {
        let server = server().await;
        let client = builder(&server).roa_signature(signature).build().unwrap();
        for value in values {
            client
                .call(&LINKWAN, &PathOnly { id: value.into() })
                .await
                .unwrap_or_else(|e| panic!("{value:?} with {scheme:?}: {e}"));
        }
        let seen = server.seen();
        assert_eq!(seen.len(), values.len());
        for (request, value) in seen.iter().zip(values) {
            // The server verified the signature over the path it received.
            assert!(request.verified && request.scheme == scheme, "{request:?}");
            assert_eq!(
                request.path,
                format!("/openapi/things/{}/detail", escaped(value)),
                "{value:?}"
            );
        }
    }
}

#[tokio::test]
async fn values_that_address_another_path_are_refused_before_sending() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    for value in ["", ".", ".."] {
        let error = client
            .call(&LINKWAN, &PathOnly { id: value.into() })
            .await
            .unwrap_err();
        match error {
            Error::Config(e) => assert_eq!(e.kind(), ConfigErrorKind::InvalidParameter),
            other => panic!("{value:?}: {other:?}"),
        }
    }
    assert_eq!(server.requests(), 0);
}

/// An operation whose path a URL parser would rewrite, as a hand-written one could state it.
macro_rules! hostile_template {
    ($name:ident, $before:literal, $after:literal) => {
        struct $name;
        impl Operation for $name {
            type Output = Output;
            type Error = ServiceError;
            const ACTION: &'static str = stringify!($name);
            const METHOD: Method = Method::Get;
            const STYLE: Style = Style::Roa {
                path: &[
                    PathPiece::Literal($before),
                    PathPiece::Param("Id"),
                    PathPiece::Literal($after),
                ],
                body: Body::None,
            };
            fn write_params<'a>(&'a self, params: &mut Params<'a>) {
                params.path("Id", &"x");
            }
        }
    };
}

hostile_template!(DotSegments, "/openapi/../../admin/", "");
hostile_template!(EncodedDots, "/openapi/%2e%2e/admin/", "");
hostile_template!(Fragment, "/things/", "#admin");
hostile_template!(Query, "/things/", "?admin=true");
hostile_template!(Space, "/things /", "");

#[tokio::test]
async fn templates_a_url_parser_would_rewrite_are_refused_before_sending() {
    let server = server().await;
    let client = builder(&server).build().unwrap();
    let errors = [
        client.call(&LINKWAN, &DotSegments).await.unwrap_err(),
        client.call(&LINKWAN, &EncodedDots).await.unwrap_err(),
        client.call(&LINKWAN, &Fragment).await.unwrap_err(),
        client.call(&LINKWAN, &Query).await.unwrap_err(),
        client.call(&LINKWAN, &Space).await.unwrap_err(),
    ];
    for error in errors {
        match &error {
            Error::Config(e) => {
                assert_eq!(e.kind(), ConfigErrorKind::InvalidParameter);
                assert!(
                    e.to_string().contains("another path than the one signed"),
                    "{e}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(server.requests(), 0);
}
