//! Signature V3 (`ACS3-HMAC-SHA256`).
//!
//! ```text
//! CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! StringToSign     = "ACS3-HMAC-SHA256\n" + hex(SHA-256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
//! ```
//!
//! The CanonicalURI is `/` for RPC and the escaped request path for ROA.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::keyed::{self, Slot};
use crate::escape::percent_encode_into;

thread_local! {
    /// This thread's last HMAC-SHA256 key (the secret) and its state.
    static SHA256_KEY: Slot<Hmac<Sha256>> = const { std::cell::RefCell::new(None) };
}

/// The algorithm name that opens the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// A canonical request and the `SignedHeaders` list it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    /// The canonical request text.
    pub text: String,
    /// Lower-case header names joined with `;`.
    pub signed_headers: String,
}

/// Whether a header takes part in the signature: `host`, `content-type` and every `x-acs-*`.
pub fn is_signed_header(lower_name: &str) -> bool {
    lower_name == "host" || lower_name == "content-type" || lower_name.starts_with("x-acs-")
}

/// `hex(SHA-256(""))`: the `x-acs-content-sha256` of a request without a body, the common case,
/// kept as a constant so it is not hashed on every request.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// `hex(SHA-256(payload))`, the `x-acs-content-sha256` value.
pub fn hashed_payload(payload: &[u8]) -> String {
    payload_digest(payload).as_str().to_owned()
}

/// Builds the canonical request. Query pairs are sorted by raw name and percent-encoded (`k=` for
/// an empty value); header names are lower-cased and sorted, values trimmed, and values of names
/// that differ only in case are joined with `,` in the order given. Headers that are not signed
/// (see [`is_signed_header`]) are left out.
pub fn canonical_request(
    method: &str,
    canonical_uri: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    hashed_payload: &str,
) -> CanonicalRequest {
    // Sorted by raw name, then encoded, as the documented reference implementation does.
    let mut sorted_query: Vec<&(String, String)> = query.iter().collect();
    sorted_query.sort_unstable();
    let mut canonical_query = String::with_capacity(query.len() * 32);
    for (index, (name, value)) in sorted_query.into_iter().enumerate() {
        if index > 0 {
            canonical_query.push('&');
        }
        percent_encode_into(&mut canonical_query, name);
        canonical_query.push('=');
        percent_encode_into(&mut canonical_query, value);
    }

    let mut merged: std::collections::BTreeMap<String, Vec<&str>> =
        std::collections::BTreeMap::new();
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        if is_signed_header(&lower) {
            merged.entry(lower).or_default().push(value.trim());
        }
    }
    let mut canonical_headers = String::new();
    for (name, values) in &merged {
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(&values.join(","));
        canonical_headers.push('\n');
    }
    let signed_headers = merged
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";");
    let uri = if canonical_uri.is_empty() {
        "/"
    } else {
        canonical_uri
    };
    let text = format!(
        "{method}\n{uri}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{hashed_payload}"
    );
    CanonicalRequest {
        text,
        signed_headers,
    }
}

/// `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    let digest = HexDigest::new(&Sha256::digest(canonical_request.as_bytes()).into());
    let mut out = String::with_capacity(ALGORITHM.len() + 1 + 64);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(digest.as_str());
    out
}

/// `hex(HMAC-SHA256(secret, string_to_sign))`; the key is the bare secret (no `&`).
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    mac(access_key_secret, string_to_sign.as_bytes())
        .as_str()
        .to_owned()
}

/// The signature as [`signature`] computes it, in hex on the stack.
pub(crate) fn mac(access_key_secret: &str, message: &[u8]) -> HexDigest {
    // The key's state is computed once per thread and key (see `keyed`).
    let mut mac = keyed::mac(&SHA256_KEY, access_key_secret.as_bytes());
    mac.update(message);
    HexDigest::new(&mac.finalize().into_bytes().into())
}

/// `hex(SHA-256(payload))` on the stack: [`hashed_payload`] without the allocation.
pub(crate) fn payload_digest(payload: &[u8]) -> HexDigest {
    HexDigest::new(&Sha256::digest(payload).into())
}

/// The lower-case hex text of a SHA-256 digest, on the stack.
pub(crate) struct HexDigest([u8; 64]);

impl HexDigest {
    fn new(digest: &[u8; 32]) -> Self {
        let mut text = [0u8; 64];
        // 32 bytes are exactly 64 hex digits, so this cannot fail.
        hex::encode_to_slice(digest, &mut text)
            .unwrap_or_else(|_| unreachable!("64 bytes hold a SHA-256 in hex"));
        HexDigest(text)
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_else(|_| unreachable!("hex is ASCII"))
    }
}

/// The `Authorization` header value.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    // Alibaba's documented RunInstances example, the reference for V3.
    #[test]
    fn doc_runinstances_fixed_example() {
        let query = owned(&[
            (
                "ImageId",
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            ),
            ("RegionId", "cn-shanghai"),
        ]);
        let empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(hashed_payload(b""), empty_hash);
        let headers = owned(&[
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-content-sha256", empty_hash),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-version", "2014-05-26"),
        ]);
        let canonical = canonical_request("POST", "/", &query, &headers, empty_hash);
        let sts = string_to_sign(&canonical.text);
        assert_eq!(
            sts,
            "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
        let sig = signature("YourAccessKeySecret", &sts);
        assert_eq!(
            sig,
            "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
        assert_eq!(
            authorization("YourAccessKeyId", &canonical.signed_headers, &sig),
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
    }

    // Darabonba's test: case-variant header names merged, empty query value kept as `empty=`.
    #[test]
    fn darabonba_authorization_merged_headers() {
        let query = owned(&[("test", "ok"), ("empty", "")]);
        let headers = owned(&[("x-acs-test", "http"), ("x-acs-TEST", "https")]);
        let payload = "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23";
        let canonical = canonical_request("GET", "", &query, &headers, payload);
        assert_eq!(
            canonical.text,
            "GET\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23"
        );
        let sig = signature("secret", &string_to_sign(&canonical.text));
        assert_eq!(
            authorization("acesskey", &canonical.signed_headers, &sig),
            "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=d16b30a7699ae9e43875b13195b2f81bcc3ed10c14a9b5eb780e51619aa50be1"
        );
    }

    // Darabonba's other languages' fixtures, given as explicit canonical requests.
    #[test]
    fn darabonba_explicit_canonical_requests() {
        let cases = [
            (
                "GET\n/\nempty=&test=ok\nx-acs-test:http\n\nx-acs-test\n55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
                "02e81f9f3cc8839151b0c7278024cbc4bfc9fa786085a0b8305f825f17b5dae7",
            ),
            (
                "\n/\nempty=&test=ok\nx-acs-test:https\n\nx-acs-test\n55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
                "0a0f89a45f1ec3537a2d1a1046c71b95513a8f1f02526056968da19b99a5b914",
            ),
            (
                "undefined\n\n\n\n\n55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
                "608b887e491f3e88e85276b188a4d24e29230a559464685ccbf2dcc458e1fde8",
            ),
        ];
        for (canonical, expected) in cases {
            assert_eq!(signature("secret", &string_to_sign(canonical)), expected);
        }
    }

    #[test]
    fn hash_vectors() {
        assert_eq!(
            hashed_payload(b"test"),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        );
        assert_eq!(
            hashed_payload(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(hashed_payload(b""), EMPTY_PAYLOAD_SHA256);
    }

    #[test]
    fn unsigned_headers_left_out() {
        let headers = owned(&[
            ("User-Agent", "x"),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Host", "h"),
        ]);
        let canonical = canonical_request("POST", "/", &[], &headers, "p");
        assert_eq!(canonical.signed_headers, "content-type;host");
    }

    /// The signed headers of a derived vector: the common ones, plus `content-type` for a body.
    fn derived_headers(
        host: &str,
        version: &str,
        action: &str,
        payload: &str,
        content_type: Option<&str>,
    ) -> Vec<(String, String)> {
        let mut headers = owned(&[
            ("host", host),
            ("x-acs-version", version),
            ("x-acs-action", action),
            ("x-acs-date", "2025-01-01T00:00:00Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-content-sha256", payload),
        ]);
        if let Some(content_type) = content_type {
            headers.push(("content-type".into(), content_type.into()));
        }
        headers
    }

    // Derived, NOT published: V3 over ROA requests (a path other than `/`, JSON, array and form
    // bodies), computed for this project and checked against Alibaba's Python util functions.
    // No published V3 vector over an ROA request exists; these are regression vectors only.
    #[test]
    fn derived_v3_over_roa_vectors() {
        const ES: &str = "elasticsearch.cn-hangzhou.aliyuncs.com";
        const SAE: &str = "sae.cn-hangzhou.aliyuncs.com";
        const JSON: Option<&str> = Some("application/json; charset=utf-8");
        const FORM: Option<&str> = Some("application/x-www-form-urlencoded");
        struct Vector {
            method: &'static str,
            uri: &'static str,
            query: &'static [(&'static str, &'static str)],
            body: &'static str,
            headers: (
                &'static str,
                &'static str,
                &'static str,
                Option<&'static str>,
            ),
            canonical: &'static str,
            string_to_sign: &'static str,
            signature: &'static str,
        }
        let vectors = [
            Vector {
                method: "POST",
                uri: "/openapi/instances/es-cn-n6w1o1x0w001c%2A%2A%2A%2A/actions/recover-zones",
                query: &[("clientToken", "5A2CFF0E-5718-45B5-9D4D-70B3FF****")],
                body: r#"["cn-hangzhou-i","cn-hangzhou-h"]"#,
                headers: (ES, "2017-06-13", "ActivateZones", JSON),
                canonical: "POST\n/openapi/instances/es-cn-n6w1o1x0w001c%2A%2A%2A%2A/actions/recover-zones\nclientToken=5A2CFF0E-5718-45B5-9D4D-70B3FF%2A%2A%2A%2A\ncontent-type:application/json; charset=utf-8\nhost:elasticsearch.cn-hangzhou.aliyuncs.com\nx-acs-action:ActivateZones\nx-acs-content-sha256:462e6469b38a23f462e7a2af70f14b656684044d6dd2473693a1b6f27aebaaa7\nx-acs-date:2025-01-01T00:00:00Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2017-06-13\n\ncontent-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n462e6469b38a23f462e7a2af70f14b656684044d6dd2473693a1b6f27aebaaa7",
                string_to_sign: "ACS3-HMAC-SHA256\n5640edd92490e56aefd66138fc23f13685579d26e7aa682c9b9f14d7570194bf",
                signature: "11da394ca4adc8a56d96517f5f08a26b1522d07807b2eb6519ea6e8e848c5a1d",
            },
            Vector {
                method: "PUT",
                uri: "/openapi/instances/es-cn-n6w1ptcb30009",
                query: &[("clientToken", "abc"), ("force", "false"), ("orderActionType", "upgrade")],
                body: r#"{"nodeSpec":{"disk":40}}"#,
                headers: (ES, "2017-06-13", "UpdateInstance", JSON),
                canonical: "PUT\n/openapi/instances/es-cn-n6w1ptcb30009\nclientToken=abc&force=false&orderActionType=upgrade\ncontent-type:application/json; charset=utf-8\nhost:elasticsearch.cn-hangzhou.aliyuncs.com\nx-acs-action:UpdateInstance\nx-acs-content-sha256:eedbc844f9753e0704c2170f2a49153843dc58cdf942ce0c76d81f02f416017c\nx-acs-date:2025-01-01T00:00:00Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2017-06-13\n\ncontent-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\needbc844f9753e0704c2170f2a49153843dc58cdf942ce0c76d81f02f416017c",
                string_to_sign: "ACS3-HMAC-SHA256\n87646b7f0b20438ee67e28c753fadec9c82f2cb28d25d35b706a1cac59f10bce",
                signature: "6e1d957025f64cf8ad0bb0a6e66d2ea3442e65c30415c7edd97811205f0e661b",
            },
            Vector {
                method: "GET",
                uri: "/openapi/instances",
                query: &[("page", "1"), ("size", "10"), ("description", "my es")],
                body: "",
                headers: (ES, "2017-06-13", "ListInstance", None),
                canonical: "GET\n/openapi/instances\ndescription=my%20es&page=1&size=10\nhost:elasticsearch.cn-hangzhou.aliyuncs.com\nx-acs-action:ListInstance\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2025-01-01T00:00:00Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2017-06-13\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                string_to_sign: "ACS3-HMAC-SHA256\na012b02837af996c2b341327764db783766d1aa4499f1830e3bff97831e82d07",
                signature: "9875b2e5ce8fe6dc4ef5bd8ccee60bfceff4942c0ccc2dc5cbaa63995bbd0aaa",
            },
            Vector {
                method: "GET",
                uri: "/pop/v2/api/web/applications/app%20id%2F1~%2A",
                query: &[("NamespaceId", "cn-hangzhou:demo")],
                body: "",
                headers: (SAE, "2019-05-06", "DescribeWebApplication", None),
                canonical: "GET\n/pop/v2/api/web/applications/app%20id%2F1~%2A\nNamespaceId=cn-hangzhou%3Ademo\nhost:sae.cn-hangzhou.aliyuncs.com\nx-acs-action:DescribeWebApplication\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2025-01-01T00:00:00Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2019-05-06\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                string_to_sign: "ACS3-HMAC-SHA256\n9048b9a1d07d4366769f1070491b9508dd9cd6da61506a4aede836b42fc5bccd",
                signature: "171a0fdae454c8999a449805640a064b84b18ceab3e2fcd6a5f505f105e50d10",
            },
            Vector {
                method: "GET",
                uri: "/pop/v1/sam/app/describeApplicationConfig",
                query: &[("AppId", "7171a6ca-d1cd-4928-8642-7d5cfe69****")],
                body: "",
                headers: (SAE, "2019-05-06", "DescribeApplicationConfig", None),
                canonical: "GET\n/pop/v1/sam/app/describeApplicationConfig\nAppId=7171a6ca-d1cd-4928-8642-7d5cfe69%2A%2A%2A%2A\nhost:sae.cn-hangzhou.aliyuncs.com\nx-acs-action:DescribeApplicationConfig\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2025-01-01T00:00:00Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2019-05-06\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                string_to_sign: "ACS3-HMAC-SHA256\n1d858f0d06d8bb21b7e818afa548f4ce2ff879dc34420488a3203a0aab4a9efa",
                signature: "569efa82dbd48d076987dbf455983654b14cbb0e37546e0f3e91dd67990a28c5",
            },
            Vector {
                method: "POST",
                uri: "/tags",
                query: &[],
                body: "RegionId=cn-hangzhou&ResourceIds=%5B%22d42921c4-5433-4abd-8075-0e536f8b%2A%2A%2A%2A%22%5D&ResourceType=application&Tags=%5B%7B%22key%22%3A%22k1%22%2C%22value%22%3A%22v1%22%7D%5D",
                headers: (SAE, "2019-05-06", "TagResources", FORM),
                canonical: "POST\n/tags\n\ncontent-type:application/x-www-form-urlencoded\nhost:sae.cn-hangzhou.aliyuncs.com\nx-acs-action:TagResources\nx-acs-content-sha256:052c20e98ec48a4c71c48b5b891ad64ed0522ca34361d046fd61dda3734a55cf\nx-acs-date:2025-01-01T00:00:00Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2019-05-06\n\ncontent-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n052c20e98ec48a4c71c48b5b891ad64ed0522ca34361d046fd61dda3734a55cf",
                string_to_sign: "ACS3-HMAC-SHA256\n3e72965493cea68b431fa0d865b31c4fae13db98595064c34daa9aa80fa32d53",
                signature: "3295ae79bcaddf7da6fa29dc8a17ccca4427792c8bfcbc871c828d78a01ee2ad",
            },
        ];
        for vector in vectors {
            let payload = hashed_payload(vector.body.as_bytes());
            let (host, version, action, content_type) = vector.headers;
            let headers = derived_headers(host, version, action, &payload, content_type);
            let canonical = canonical_request(
                vector.method,
                vector.uri,
                &owned(vector.query),
                &headers,
                &payload,
            );
            assert_eq!(canonical.text, vector.canonical);
            // The string to sign and the signature, each from the vector's own input.
            assert_eq!(string_to_sign(vector.canonical), vector.string_to_sign);
            let signature = signature("testAccessKeySecret", vector.string_to_sign);
            assert_eq!(signature, vector.signature);
            assert_eq!(
                authorization("testAccessKeyId", &canonical.signed_headers, &signature),
                format!(
                    "ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders={},Signature={}",
                    canonical.signed_headers, vector.signature
                )
            );
        }
    }
}
