//! The requests the signing benchmark signs and serialises with a fixed nonce and timestamp, the
//! bare HMACs they are compared with, and an in-memory transport for timing a whole call without a
//! network.
//!
//! - RPC: the seed request (`CreateLocalJoinPermission` of the committed generated crate), with
//!   signature V1 ([`sign_v1`]) and V3 ([`sign_v3`]);
//! - ROA: elasticsearch `UpdateInstance` of the same crate (`PUT` with a path parameter, three
//!   query parameters and a JSON body), with V3 ([`sign_roa_v3`]) and the classic ROA signature
//!   ([`sign_roa_classic`]).
//!
//! Each calls the runtime's own request assembly (`alibabacloud_runtime::assembly`, exposed
//! `#[doc(hidden)]` for this purpose and not part of its stable API), the same two steps the client
//! runs: `Prepared::new` once per call (parameters checked; for ROA the path rendered, the query
//! sorted, the body written) and `Prepared::sign` on every attempt (common parameters or headers,
//! canonical query or request, string to sign, HMAC, then the URL, headers and body). The
//! operation's `write_params` runs too, as in every call. The whole-call benchmark
//! ([`canned_client`]) times it inside a full call.
//!
//! The floors ([`hmac_sha1`], [`hmac_sha256`]) are the `hmac` crate alone over the request's own
//! string to sign, keyed as the scheme keys it (the key prepared outside the timed loop), giving
//! the raw MAC bytes: no encoding, no allocation.

use alibabacloud::elasticsearch::v2017_06_13::UpdateInstance;
use alibabacloud::elasticsearch::v2017_06_13::UpdateInstanceNodeSpec;
use alibabacloud::linkwan::v2018_12_30::CreateLocalJoinPermission;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::time::Duration;

use alibabacloud_runtime::assembly::{self, Prepared, Schemes};
use alibabacloud_runtime::sign::{RoaSignature, SignatureVersion};
use alibabacloud_runtime::{
    BoxFuture, Client, Credentials, Endpoint, HttpRequest, HttpResponse, Operation, Pair, Params,
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
    CreateLocalJoinPermission::new(101, "A", "test", true)
}

/// The seed request's endpoint (LinkWAN in cn-shanghai).
pub fn seed_endpoint() -> Endpoint {
    Endpoint::parse("linkwan.cn-shanghai.aliyuncs.com").expect("a valid host")
}

/// The ROA request: elasticsearch `UpdateInstance` with the values of its reference page.
pub fn roa_request() -> UpdateInstance {
    UpdateInstance::new("es-cn-n6w1ptcb30009****")
        .client_token("5A2CFF0E-5718-45B5-9D4D-70B3FF****")
        .ignore_status(false)
        .order_action_type("upgrade")
        .node_spec(UpdateInstanceNodeSpec::new().disk(40))
}

/// The ROA request's endpoint (elasticsearch in cn-hangzhou).
pub fn roa_endpoint() -> Endpoint {
    Endpoint::parse("elasticsearch.cn-hangzhou.aliyuncs.com").expect("a valid host")
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
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// The body.
    pub body: Vec<u8>,
    /// The string the HMAC was computed over.
    pub string_to_sign: String,
}

impl Signed {
    /// The value of header `name` (lower-case, as the runtime writes it), or `""`.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_ref())
    }
}

/// Signs and serialises `op` as the client does for one call of one attempt: its parameters,
/// the call prepared, the attempt signed, with the fixed [`NONCE`] and [`TIMESTAMP`].
fn sign<O: Operation>(
    schemes: Schemes,
    op: &O,
    service: &Service,
    endpoint: &Endpoint,
    credentials: &Credentials,
) -> Signed {
    let mut params = Params::default();
    op.write_params(&mut params);
    let prepared = Prepared::new(O::STYLE, &params).expect("the benchmark's parameters are valid");
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
    let signed = prepared.sign(schemes, &call, credentials, &attempt);
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

/// The client's default schemes with `rpc` for RPC operations.
fn rpc(rpc: SignatureVersion) -> Schemes {
    Schemes {
        rpc,
        roa: RoaSignature::default(),
    }
}

/// The client's default schemes with `roa` for ROA operations.
fn roa(roa: RoaSignature) -> Schemes {
    Schemes {
        rpc: SignatureVersion::default(),
        roa,
    }
}

/// RPC signature V1: the operation's parameters plus the common ones, signed with HMAC-SHA1, then
/// the URL (common and query parameters, `Signature` last) and the form body.
pub fn sign_v1<O: Operation>(
    op: &O,
    service: &Service,
    endpoint: &Endpoint,
    credentials: &Credentials,
) -> Signed {
    sign(
        rpc(SignatureVersion::V1),
        op,
        service,
        endpoint,
        credentials,
    )
}

/// RPC signature V3: `x-acs-*` headers, the canonical request, HMAC-SHA256, the `Authorization`
/// header, then the URL and the form body.
pub fn sign_v3<O: Operation>(
    op: &O,
    service: &Service,
    endpoint: &Endpoint,
    credentials: &Credentials,
) -> Signed {
    sign(
        rpc(SignatureVersion::V3),
        op,
        service,
        endpoint,
        credentials,
    )
}

/// An ROA operation signed with V3 (the default for ROA): path, sorted query, JSON body and its
/// SHA-256, the canonical request, HMAC-SHA256, the `Authorization` header.
pub fn sign_roa_v3<O: Operation>(
    op: &O,
    service: &Service,
    endpoint: &Endpoint,
    credentials: &Credentials,
) -> Signed {
    sign(roa(RoaSignature::V3), op, service, endpoint, credentials)
}

/// An ROA operation signed with the classic ROA signature: `date` and `x-acs-*` headers, the
/// canonicalized headers and resource, HMAC-SHA1, `Authorization: acs <id>:<signature>`.
pub fn sign_roa_classic<O: Operation>(
    op: &O,
    service: &Service,
    endpoint: &Endpoint,
    credentials: &Credentials,
) -> Signed {
    sign(
        roa(RoaSignature::Classic),
        op,
        service,
        endpoint,
        credentials,
    )
}

/// The floor of V1 and the classic ROA signature: the raw HMAC-SHA1 of `message`.
pub fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut mac = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The floor of V3: the raw HMAC-SHA256 of `message`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The floor's HMAC started from a key state computed beforehand (`keyed`, a MAC built with
/// the key and never fed): what an HMAC costs once the key's two pad blocks are hashed, as the
/// runtime keeps them per thread and key.
pub fn hmac_from_state<M: Mac + Clone>(keyed: &M, message: &[u8]) -> u8 {
    let mut mac = keyed.clone();
    mac.update(message);
    mac.finalize().into_bytes()[0]
}

/// The hashing V3 cannot avoid: SHA-256 of the canonical request, then the HMAC of a string to
/// sign of V3's length (the algorithm line and 64 hex digits). Not the budget's floor; it shows
/// how much of V3's cost is the scheme's own.
pub fn sha256_then_hmac(key: &[u8], canonical_request: &[u8]) -> [u8; 32] {
    let digest: [u8; 32] = Sha256::digest(canonical_request).into();
    let mut string_to_sign = [b'\n'; 17 + 64];
    string_to_sign[..16].copy_from_slice(b"ACS3-HMAC-SHA256");
    string_to_sign[17..17 + 32].copy_from_slice(&digest);
    hmac_sha256(key, &string_to_sign)
}

/// The canonical request behind a V3-signed request, rebuilt with the runtime's public
/// step-by-step function from what was sent (path, the operation's query, the signed headers and
/// the host), and checked against the request's string to sign: the bytes V3 hashes.
pub fn v3_canonical_request(signed: &Signed, method: &str, query: &[Pair<'_>]) -> String {
    use alibabacloud_runtime::sign::v3;
    let after_scheme = signed.url.find("://").map_or(0, |at| at + 3);
    let rest = &signed.url[after_scheme..];
    let path_start = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..path_start];
    let path = rest[path_start..].split('?').next().unwrap_or("/");
    let mut headers: Vec<(String, String)> = signed
        .headers
        .iter()
        .filter(|(name, _)| v3::is_signed_header(name))
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    headers.push(("host".into(), host.into()));
    let query: Vec<(String, String)> = query
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    let canonical = v3::canonical_request(
        method,
        path,
        &query,
        &headers,
        signed.header("x-acs-content-sha256"),
    );
    assert_eq!(
        v3::string_to_sign(&canonical.text),
        signed.string_to_sign,
        "the rebuilt canonical request is the one signed"
    );
    canonical.text
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
    use alibabacloud::elasticsearch::v2017_06_13::SERVICE as ELASTICSEARCH;
    use alibabacloud::linkwan::v2018_12_30::SERVICE;
    use alibabacloud_runtime::sign::{percent_encode, roa, v1, v3};

    #[test]
    fn v1_signs_the_seed_request() {
        let signed = sign_v1(&seed_request(), &SERVICE, &seed_endpoint(), &credentials());
        // The query in the order of the string to sign.
        assert!(signed.url.starts_with("https://linkwan.cn-shanghai.aliyuncs.com/?AccessKeyId=LTAI5tBenchmarkKeyId000&Action=CreateLocalJoinPermission&"));
        assert!(signed.url.contains("&ClassMode=A&"));
        assert!(signed.url.contains("&Signature="));
        assert!(signed.string_to_sign.starts_with("POST&%2F&AccessKeyId%3D"));
        // The signature is the HMAC of the string to sign, with the `&`-suffixed secret.
        let signature = v1::signature(ACCESS_KEY_SECRET, &signed.string_to_sign);
        assert!(signed
            .url
            .ends_with(&format!("Signature={}", percent_encode(&signature))));
        // The floor computes the same MAC.
        let key = format!("{ACCESS_KEY_SECRET}&");
        let floor = hmac_sha1(key.as_bytes(), signed.string_to_sign.as_bytes());
        assert_eq!(
            v1::hmac_sha1_base64(key.as_bytes(), signed.string_to_sign.as_bytes()),
            base64_of(&floor)
        );
    }

    fn base64_of(bytes: &[u8]) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    #[test]
    fn v3_signs_the_seed_request() {
        let signed = sign_v3(&seed_request(), &SERVICE, &seed_endpoint(), &credentials());
        let auth = signed.header("authorization");
        assert!(auth.starts_with("ACS3-HMAC-SHA256 Credential=LTAI5tBenchmarkKeyId000,SignedHeaders=host;x-acs-action;"), "{auth}");
        assert!(signed.string_to_sign.starts_with("ACS3-HMAC-SHA256\n"));
        let signature = v3::signature(ACCESS_KEY_SECRET, &signed.string_to_sign);
        assert!(auth.ends_with(&signature));
        assert!(signed.url.contains("ClassMode=A"));
        let floor = hmac_sha256(
            ACCESS_KEY_SECRET.as_bytes(),
            signed.string_to_sign.as_bytes(),
        );
        assert_eq!(hex_of(&floor), signature);
        let mut params = Params::default();
        let request = seed_request();
        request.write_params(&mut params);
        let canonical = v3_canonical_request(&signed, "POST", &params.query);
        assert!(canonical.starts_with("POST\n/\nClassMode=A&"));
    }

    fn hex_of(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn roa_requests_are_signed_both_ways() {
        let request = roa_request();
        let endpoint = roa_endpoint();
        let v3_signed = sign_roa_v3(&request, &ELASTICSEARCH, &endpoint, &credentials());
        assert_eq!(
            v3_signed.url,
            "https://elasticsearch.cn-hangzhou.aliyuncs.com/openapi/instances/es-cn-n6w1ptcb30009%2A%2A%2A%2A?clientToken=5A2CFF0E-5718-45B5-9D4D-70B3FF%2A%2A%2A%2A&ignoreStatus=false&orderActionType=upgrade"
        );
        assert_eq!(v3_signed.body, br#"{"nodeSpec":{"disk":40}}"#);
        assert!(v3_signed
            .header("authorization")
            .ends_with(&v3::signature(ACCESS_KEY_SECRET, &v3_signed.string_to_sign)));
        let mut params = Params::default();
        request.write_params(&mut params);
        let canonical = v3_canonical_request(&v3_signed, "PUT", &params.query);
        assert!(canonical.starts_with("PUT\n/openapi/instances/es-cn-n6w1ptcb30009%2A%2A%2A%2A\n"));

        let classic = sign_roa_classic(&request, &ELASTICSEARCH, &endpoint, &credentials());
        assert!(classic.string_to_sign.starts_with("PUT\napplication/json\n\napplication/json; charset=utf-8\nFri, 02 Jan 2026 03:04:05 GMT\nx-acs-action:UpdateInstance\n"));
        assert!(classic.string_to_sign.ends_with("/openapi/instances/es-cn-n6w1ptcb30009%2A%2A%2A%2A?clientToken=5A2CFF0E-5718-45B5-9D4D-70B3FF****&ignoreStatus=false&orderActionType=upgrade"));
        assert_eq!(
            classic.header("authorization"),
            format!(
                "acs {ACCESS_KEY_ID}:{}",
                roa::signature(ACCESS_KEY_SECRET, &classic.string_to_sign)
            )
        );
        assert_eq!(
            base64_of(&hmac_sha1(
                ACCESS_KEY_SECRET.as_bytes(),
                classic.string_to_sign.as_bytes()
            )),
            roa::signature(ACCESS_KEY_SECRET, &classic.string_to_sign)
        );
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
