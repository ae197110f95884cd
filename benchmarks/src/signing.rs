//! The seed request (`CreateLocalJoinPermission` of the committed generated crate) signed and
//! serialised with a fixed nonce and timestamp, and an in-memory transport for timing a whole
//! call without a network.
//!
//! [`sign_v1`] and [`sign_v3`] call the runtime's own request assembly
//! (`alibabacloud_runtime::assembly::build`, exposed `#[doc(hidden)]` for this purpose and
//! not part of its stable API): the same function the client runs on every attempt (common
//! parameters, canonical query or canonical request, string to sign, HMAC, then the URL, headers
//! and form body). The whole-call benchmark ([`canned_client`]) times it inside a full call.

use alibabacloud::linkwan::v2018_12_30::CreateLocalJoinPermission;
use std::time::Duration;

use alibabacloud_runtime::assembly;
use alibabacloud_runtime::sign::SignatureVersion;
use alibabacloud_runtime::{
    BoxFuture, Client, Credentials, Endpoint, HttpRequest, HttpResponse, Operation, Params,
    Service, Transport, TransportError,
};

/// AccessKey id used by every benchmark (never a real key).
pub const ACCESS_KEY_ID: &str = "LTAI5tBenchmarkKeyId000";
/// AccessKey secret used by every benchmark (never a real key).
pub const ACCESS_KEY_SECRET: &str = "BenchmarkSecretNotARealKey0000";
/// Fixed `SignatureNonce`, so that every iteration signs the same bytes.
pub const NONCE: &str = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
/// Fixed `Timestamp`.
pub const TIMESTAMP: &str = "2026-01-02T03:04:05Z";

/// The seed request with the page's example values.
pub fn seed_request() -> CreateLocalJoinPermission {
    CreateLocalJoinPermission::new("A", 101, "test", true)
}

/// The seed request's endpoint (LinkWAN in cn-shanghai).
pub fn seed_endpoint() -> Endpoint {
    Endpoint::parse("linkwan.cn-shanghai.aliyuncs.com").expect("a valid host")
}

/// The benchmark credentials.
pub fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
}

/// A signed, serialised request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The full URL.
    pub url: String,
    /// Headers as sent.
    pub headers: Vec<(String, String)>,
    /// The form body.
    pub body: Vec<u8>,
    /// The string the HMAC was computed over.
    pub string_to_sign: String,
}

/// Signs and serialises `op` with the runtime's own request assembly (the function the client
/// calls on every attempt), with the fixed [`NONCE`] and [`TIMESTAMP`].
fn sign<O: Operation>(
    version: SignatureVersion,
    op: &O,
    service: &Service,
    endpoint: &Endpoint,
    credentials: &Credentials,
) -> Signed {
    let mut params = Params::default();
    op.write_params(&mut params);
    let call = assembly::Call {
        method: O::METHOD,
        endpoint,
        service,
        action: O::ACTION,
        params: &params,
    };
    let attempt = assembly::Attempt {
        nonce: NONCE,
        timestamp: TIMESTAMP,
        timeout: Duration::from_secs(10),
    };
    let signed = assembly::build(version, &call, credentials, &attempt);
    let HttpRequest {
        url, headers, body, ..
    } = signed.request;
    Signed {
        url,
        headers,
        body,
        string_to_sign: signed.string_to_sign,
    }
}

/// Signature V1: the operation's parameters plus the common ones, signed with HMAC-SHA1, then
/// the URL (common and query parameters, `Signature` last) and the form body.
pub fn sign_v1<O: Operation>(
    op: &O,
    service: &Service,
    endpoint: &Endpoint,
    credentials: &Credentials,
) -> Signed {
    sign(SignatureVersion::V1, op, service, endpoint, credentials)
}

/// Signature V3: `x-acs-*` headers, the canonical request, HMAC-SHA256, the `Authorization`
/// header, then the URL and the form body.
pub fn sign_v3<O: Operation>(
    op: &O,
    service: &Service,
    endpoint: &Endpoint,
    credentials: &Credentials,
) -> Signed {
    sign(SignatureVersion::V3, op, service, endpoint, credentials)
}

/// A transport that answers every request at once with one canned body, without a network.
#[derive(Debug, Clone)]
pub struct Canned {
    body: Vec<u8>,
}

impl Canned {
    /// Answers `200` with `body`.
    pub fn new(body: impl Into<Vec<u8>>) -> Self {
        Canned { body: body.into() }
    }
}

impl Transport for Canned {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let body = self.body.clone();
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body,
            })
        })
    }
}

/// The seed operation's documented response body.
pub const SEED_RESPONSE: &str =
    r#"{"Data":"123","RequestId":"89EF6CAA-958F-F32C-BE45-FE003C6DE097","Success":true}"#;

/// A client with static credentials, region cn-shanghai and the [`Canned`] transport answering
/// [`SEED_RESPONSE`].
pub fn canned_client(version: SignatureVersion) -> Client {
    Client::builder()
        .credentials(credentials())
        .region("cn-shanghai")
        .signature_version(version)
        .transport(Canned::new(SEED_RESPONSE))
        .build()
        .expect("static credentials and a region make a valid client")
}

#[cfg(test)]
mod tests {
    use super::*;
    use alibabacloud::linkwan::v2018_12_30::SERVICE;
    use alibabacloud_runtime::sign::{percent_encode, v1, v3};

    #[test]
    fn v1_signs_the_seed_request() {
        let signed = sign_v1(&seed_request(), &SERVICE, &seed_endpoint(), &credentials());
        assert!(signed.url.starts_with("https://linkwan.cn-shanghai.aliyuncs.com/?Action=CreateLocalJoinPermission&Version=2018-12-30"));
        assert!(signed.url.contains("&ClassMode=A&"));
        assert!(signed.url.contains("&Signature="));
        assert!(signed.string_to_sign.starts_with("POST&%2F&AccessKeyId%3D"));
        // The signature is the HMAC of the string to sign, with the `&`-suffixed secret.
        let signature = v1::signature(ACCESS_KEY_SECRET, &signed.string_to_sign);
        assert!(signed
            .url
            .ends_with(&format!("Signature={}", percent_encode(&signature))));
    }

    #[test]
    fn v3_signs_the_seed_request() {
        let signed = sign_v3(&seed_request(), &SERVICE, &seed_endpoint(), &credentials());
        let auth = signed
            .headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        assert!(auth.starts_with("ACS3-HMAC-SHA256 Credential=LTAI5tBenchmarkKeyId000,SignedHeaders=host;x-acs-action;"), "{auth}");
        assert!(signed.string_to_sign.starts_with("ACS3-HMAC-SHA256\n"));
        assert!(auth.ends_with(&v3::signature(ACCESS_KEY_SECRET, &signed.string_to_sign)));
        assert!(signed.url.contains("ClassMode=A"));
    }

    #[test]
    fn canned_client_calls_the_seed_operation() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        for version in [SignatureVersion::V1, SignatureVersion::V3] {
            let client = alibabacloud::linkwan::v2018_12_30::Client::new(canned_client(version));
            let response = runtime
                .block_on(client.create_local_join_permission(seed_request()))
                .expect("the canned body decodes");
            assert_eq!(response.data.as_deref(), Some("123"));
        }
    }
}
