//! The seed request (`CreateLocalJoinPermission` of the committed generated crate) signed and
//! serialised with a fixed nonce and timestamp, and an in-memory transport for timing a whole
//! call without a network.
//!
//! The runtime assembles a signed request in a crate-private function; [`sign_v1`] and
//! [`sign_v3`] repeat its steps with the runtime's public signing functions (common parameters,
//! canonical query or canonical request, string to sign, HMAC, then the URL, headers and
//! form body), so what is timed is the runtime's own signing code plus the same serialisation.
//! The whole-call benchmark ([`canned_client`]) times the real private path as well.

use alibabacloud::linkwan::v2018_12_30::CreateLocalJoinPermission;
use alibabacloud_runtime::sign::{percent_encode, v1, v3, SignatureVersion};
use alibabacloud_runtime::{
    BoxFuture, Client, Credentials, Endpoint, HttpRequest, HttpResponse, Method, Operation, Params, Service, Transport,
    TransportError,
};

/// AccessKey id used by every benchmark (never a real key).
pub const ACCESS_KEY_ID: &str = "LTAI5tBenchmarkKeyId000";
/// AccessKey secret used by every benchmark (never a real key).
pub const ACCESS_KEY_SECRET: &str = "BenchmarkSecretNotARealKey0000";
/// Fixed `SignatureNonce`, so that every iteration signs the same bytes.
pub const NONCE: &str = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
/// Fixed `Timestamp`.
pub const TIMESTAMP: &str = "2026-01-02T03:04:05Z";

const FORM: &str = "application/x-www-form-urlencoded";

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

fn form_encode(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(name));
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

/// Name-value pairs as the runtime keeps them.
type Pairs = Vec<(String, String)>;

/// The operation's query and body parameters; GET sends body parameters in the query.
fn params_of<O: Operation>(op: &O) -> (Pairs, Pairs) {
    let mut params = Params::default();
    op.write_params(&mut params);
    let Params { mut query, mut body, .. } = params;
    if O::METHOD == Method::Get {
        query.append(&mut body);
    }
    (query, body)
}

/// Signature V1: the operation's parameters plus the common ones, signed with HMAC-SHA1, then
/// the URL (common and query parameters, `Signature` last) and the form body.
pub fn sign_v1<O: Operation>(op: &O, service: &Service, endpoint: &Endpoint, credentials: &Credentials) -> Signed {
    let (query, body) = params_of(op);
    let mut common: Vec<(String, String)> = vec![
        ("Action".into(), O::ACTION.into()),
        ("Version".into(), service.version.into()),
        ("Format".into(), "JSON".into()),
        ("AccessKeyId".into(), credentials.access_key_id().into()),
        ("SignatureMethod".into(), v1::SIGNATURE_METHOD.into()),
        ("SignatureVersion".into(), v1::SIGNATURE_VERSION.into()),
        ("SignatureNonce".into(), NONCE.into()),
        ("Timestamp".into(), TIMESTAMP.into()),
    ];
    if let Some(token) = credentials.security_token() {
        common.push(("SecurityToken".into(), token.into()));
    }
    common.extend(query);
    let signed = common.iter().chain(body.iter()).map(|(n, v)| (n.as_str(), v.as_str()));
    let string_to_sign = v1::string_to_sign(O::METHOD.as_str(), signed);
    let signature = v1::signature(credentials.access_key_secret(), &string_to_sign);
    common.push(("Signature".into(), signature));
    let url = format!("{}?{}", endpoint.base_url(), form_encode(&common));
    let mut headers = vec![("accept".to_owned(), "application/json".to_owned())];
    let body = if body.is_empty() {
        Vec::new()
    } else {
        headers.push(("content-type".to_owned(), FORM.to_owned()));
        form_encode(&body).into_bytes()
    };
    Signed { url, headers, body, string_to_sign }
}

/// Signature V3: `x-acs-*` headers, the canonical request, HMAC-SHA256, the `Authorization`
/// header, then the URL and the form body.
pub fn sign_v3<O: Operation>(op: &O, service: &Service, endpoint: &Endpoint, credentials: &Credentials) -> Signed {
    let (query, body) = params_of(op);
    let body = if body.is_empty() { Vec::new() } else { form_encode(&body).into_bytes() };
    let hashed = v3::hashed_payload(&body);
    let mut headers: Vec<(String, String)> = vec![
        ("x-acs-action".into(), O::ACTION.into()),
        ("x-acs-version".into(), service.version.into()),
        ("x-acs-date".into(), TIMESTAMP.into()),
        ("x-acs-signature-nonce".into(), NONCE.into()),
        ("x-acs-content-sha256".into(), hashed.clone()),
    ];
    if !body.is_empty() {
        headers.push(("content-type".into(), FORM.into()));
    }
    if let Some(token) = credentials.security_token() {
        headers.push(("x-acs-security-token".into(), token.into()));
        headers.push(("x-acs-accesskey-id".into(), credentials.access_key_id().into()));
    }
    let mut signed_headers = headers.clone();
    signed_headers.push(("host".into(), endpoint.authority()));
    let canonical = v3::canonical_request(O::METHOD.as_str(), "/", &query, &signed_headers, &hashed);
    let string_to_sign = v3::string_to_sign(&canonical.text);
    let signature = v3::signature(credentials.access_key_secret(), &string_to_sign);
    headers.push(("authorization".into(), v3::authorization(credentials.access_key_id(), &canonical.signed_headers, &signature)));
    headers.push(("accept".into(), "application/json".into()));
    let url = if query.is_empty() { endpoint.base_url() } else { format!("{}?{}", endpoint.base_url(), form_encode(&query)) };
    Signed { url, headers, body, string_to_sign }
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
        Box::pin(async move { Ok(HttpResponse { status: 200, headers: Vec::new(), body }) })
    }
}

/// The seed operation's documented response body.
pub const SEED_RESPONSE: &str = r#"{"Data":"123","RequestId":"89EF6CAA-958F-F32C-BE45-FE003C6DE097","Success":true}"#;

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

    #[test]
    fn v1_signs_the_seed_request() {
        let signed = sign_v1(&seed_request(), &SERVICE, &seed_endpoint(), &credentials());
        assert!(signed.url.starts_with("https://linkwan.cn-shanghai.aliyuncs.com/?Action=CreateLocalJoinPermission&Version=2018-12-30"));
        assert!(signed.url.contains("&ClassMode=A&"));
        assert!(signed.url.contains("&Signature="));
        assert!(signed.string_to_sign.starts_with("POST&%2F&AccessKeyId%3D"));
        // The signature is the HMAC of the string to sign, with the `&`-suffixed secret.
        let signature = v1::signature(ACCESS_KEY_SECRET, &signed.string_to_sign);
        assert!(signed.url.ends_with(&format!("Signature={}", percent_encode(&signature))));
    }

    #[test]
    fn v3_signs_the_seed_request() {
        let signed = sign_v3(&seed_request(), &SERVICE, &seed_endpoint(), &credentials());
        let auth = signed.headers.iter().find(|(n, _)| n == "authorization").map(|(_, v)| v.as_str()).unwrap_or_default();
        assert!(auth.starts_with("ACS3-HMAC-SHA256 Credential=LTAI5tBenchmarkKeyId000,SignedHeaders=host;x-acs-action;"), "{auth}");
        assert!(signed.string_to_sign.starts_with("ACS3-HMAC-SHA256\n"));
        assert!(auth.ends_with(&v3::signature(ACCESS_KEY_SECRET, &signed.string_to_sign)));
        assert!(signed.url.contains("ClassMode=A"));
    }

    #[test]
    fn canned_client_calls_the_seed_operation() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        for version in [SignatureVersion::V1, SignatureVersion::V3] {
            let client = alibabacloud::linkwan::v2018_12_30::Client::new(canned_client(version));
            let response = runtime.block_on(client.create_local_join_permission(seed_request())).expect("the canned body decodes");
            assert_eq!(response.data.as_deref(), Some("123"));
        }
    }
}
