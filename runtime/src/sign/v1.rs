//! RPC signature V1 (`HMAC-SHA1`).
//!
//! ```text
//! StringToSign = METHOD & percentEncode("/") & percentEncode(canonicalized query)
//! Signature    = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))
//! ```

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::keyed::{self, Slot};
use crate::escape::percent_encode_into;

thread_local! {
    /// This thread's last HMAC-SHA1 key (V1's `secret&`, classic ROA's secret) and its state.
    static SHA1_KEY: Slot<Hmac<Sha1>> = const { std::cell::RefCell::new(None) };
}

/// `SignatureMethod` value for V1.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";
/// `SignatureVersion` value for V1.
pub const SIGNATURE_VERSION: &str = "1.0";

/// The canonicalized query: every sent parameter except `Signature`, sorted by raw name
/// bytewise (so `Tag.10.Key` sorts before `Tag.2.Key`), each `percentEncode(name)=percentEncode(value)`,
/// joined with `&`. Query and form-body parameters are passed together: they are one signed set.
pub fn canonicalized_query<'a, I>(params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut sorted: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(name, _)| *name != "Signature")
        .collect();
    sorted.sort_unstable();
    // Encoding grows text by at most 3x; most names and values are mostly unreserved, so the raw
    // length plus a margin avoids regrowing in the common case.
    let raw: usize = sorted.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(raw + raw / 2);
    for (index, (name, value)) in sorted.into_iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        percent_encode_into(&mut out, name);
        out.push('=');
        percent_encode_into(&mut out, value);
    }
    out
}

/// `METHOD&%2F&percentEncode(canonicalized query)`; `method` is `GET` or `POST`.
pub fn string_to_sign<'a, I>(method: &str, params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    string_to_sign_from_canonical(method, &canonicalized_query(params))
}

/// The string to sign from an already canonicalized query: one encoding pass over it (only its
/// `%`, `=` and `&` change), into a buffer sized for the result.
pub fn string_to_sign_from_canonical(method: &str, canonical_query: &str) -> String {
    let mut out =
        String::with_capacity(method.len() + 5 + canonical_query.len() + canonical_query.len() / 2);
    out.push_str(method);
    // `percentEncode("/")`.
    out.push_str("&%2F&");
    percent_encode_into(&mut out, canonical_query);
    out
}

/// The `Signature` of a string to sign: the HMAC key is the secret followed by `&`.
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    Base64Digest::new(&mac(access_key_secret, string_to_sign.as_bytes()))
        .as_str()
        .to_owned()
}

/// `base64(HMAC-SHA1(key, message))`, the bare HMAC step.
pub fn hmac_sha1_base64(key: &[u8], message: &[u8]) -> String {
    Base64Digest::new(&hmac_sha1(key, message))
        .as_str()
        .to_owned()
}

/// The raw HMAC-SHA1 of `message`.
pub(crate) fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    // The key's state is computed once per thread and key (see `keyed`).
    let mut mac = keyed::mac(&SHA1_KEY, key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The raw V1 HMAC: keyed with the secret followed by `&`, a key assembled on the stack when it
/// fits in one SHA-1 block (any real secret does), so signing allocates nothing.
pub(crate) fn mac(access_key_secret: &str, message: &[u8]) -> [u8; 20] {
    let secret = access_key_secret.as_bytes();
    let mut stack = [0u8; 64];
    if let Some(key) = stack.get_mut(..=secret.len()) {
        let (head, amp) = key.split_at_mut(secret.len());
        head.copy_from_slice(secret);
        amp[0] = b'&';
        return hmac_sha1(key, message);
    }
    let mut key = Vec::with_capacity(secret.len() + 1);
    key.extend_from_slice(secret);
    key.push(b'&');
    hmac_sha1(&key, message)
}

/// The base64 text of a SHA-1 digest, on the stack.
pub(crate) struct Base64Digest([u8; 28]);

impl Base64Digest {
    pub(crate) fn new(digest: &[u8; 20]) -> Self {
        let mut text = [0u8; 28];
        // 20 bytes are exactly 28 base64 characters (with one `=`), so this cannot fail.
        base64::engine::general_purpose::STANDARD
            .encode_slice(digest, &mut text)
            .unwrap_or_else(|_| unreachable!("28 bytes hold a SHA-1 in base64"));
        Base64Digest(text)
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_else(|_| unreachable!("base64 is ASCII"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(method: &str, params: &[(&str, &str)], secret: &str) -> (String, String) {
        let sts = string_to_sign(method, params.iter().copied());
        let signature = signature(secret, &sts);
        (sts, signature)
    }

    const DESCRIBE_REGIONS: [(&str, &str); 8] = [
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2014-05-26"),
    ];

    // ECS "Request signature" documentation example.
    #[test]
    fn ecs_doc_describe_regions_get() {
        assert_eq!(
            sig("GET", &DESCRIBE_REGIONS, "testsecret").1,
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }

    // The older ECS doc spells the parameter `TimeStamp`.
    #[test]
    fn ecs_doc_legacy_timestamp_param() {
        let mut params = DESCRIBE_REGIONS;
        params[6].0 = "TimeStamp";
        assert_eq!(
            sig("GET", &params, "testsecret").1,
            "CT9X0VtwR86fNWSnsc6v8YGOjuE="
        );
    }

    // RPC signature mechanism doc, fixed-parameter example.
    #[test]
    fn rpc_mechanism_doc_describe_dedicated_hosts_get() {
        let params = [
            ("AccessKeyId", "testid"),
            ("Action", "DescribeDedicatedHosts"),
            ("Format", "JSON"),
            ("RegionId", "cn-beijing"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2023-03-13T08:34:30Z"),
            ("Version", "2014-05-26"),
        ];
        let (sts, signature) = sig("GET", &params, "testsecret");
        assert_eq!(
            sts,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format%3DJSON%26RegionId%3Dcn-beijing%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb%26SignatureVersion%3D1.0%26Timestamp%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26"
        );
        assert_eq!(signature, "9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
    }

    const GO_COMPOSER: [(&str, &str); 10] = [
        ("AccessKeyId", "accessKeyId"),
        ("Action", ""),
        ("Format", "JSON"),
        ("RegionId", "regionId"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "MOCK_UUID"),
        ("SignatureType", ""),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "mock date"),
        ("Version", ""),
    ];

    // Go SDK composer test: empty values are still signed as `name=`.
    #[test]
    fn go_sdk_rpc_composer_access_key() {
        assert_eq!(
            sig("GET", &GO_COMPOSER, "accessKeySecret").1,
            "7loPmFjvDnzOVnQeQNj85S6nFGY="
        );
    }

    // Go SDK composer test with an STS token: `SecurityToken` is signed like any parameter.
    #[test]
    fn go_sdk_rpc_composer_sts_token() {
        let mut params = GO_COMPOSER.to_vec();
        params.push(("SecurityToken", "accessKeyStsToken"));
        assert_eq!(
            sig("GET", &params, "accessKeySecret").1,
            "5Nxdcler+ihqWqv0Hr2On4PsBf4="
        );
    }

    // Python SDK URL test (nonce and timestamp values swapped by the test's mocks).
    #[test]
    fn python_sdk_get_signed_url() {
        let params = [
            ("SignatureVersion", "1.0"),
            ("Format", "JSON"),
            ("Timestamp", "7e1c7d12-7551-4856-8abb-1938ccac6bcc"),
            ("AccessKeyId", "access_key_id"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureType", ""),
            ("SignatureNonce", "2018-12-04T04:03:12Z"),
        ];
        assert_eq!(
            sig("GET", &params, "access_key_secret").1,
            "5AYPtZduFYvj3ETTIQlivGqL7Ic="
        );
    }

    // Python SDK access-key signer test (`Format` literally `None`).
    #[test]
    fn python_sdk_access_key_signer() {
        let params = [
            ("SignatureVersion", "1.0"),
            ("Format", "None"),
            ("Timestamp", "2018-12-02T11:03:01Z"),
            ("RegionId", "cn-hangzhou"),
            ("AccessKeyId", "access_key_id"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("Version", "version"),
            ("Action", "action_name"),
            ("SignatureNonce", "d5e6e832-7f95-4f26-9e28-017f735721f8"),
            ("SignatureType", ""),
        ];
        assert_eq!(
            sig("GET", &params, "access_key_secret").1,
            "AmdeJh1ZOW6PgwM3+ROhEnbKII4="
        );
    }

    #[test]
    fn go_sdk_string_to_sign_empty() {
        assert_eq!(string_to_sign("GET", std::iter::empty()), "GET&%2F&");
    }

    // Form and query parameters are merged into one signed set.
    #[test]
    fn go_sdk_string_to_sign_form_plus_query() {
        let params = [("q", "value"), ("key", "value")];
        assert_eq!(
            string_to_sign("GET", params),
            "GET&%2F&key%3Dvalue%26q%3Dvalue"
        );
    }

    // A value with `:/?&=` is encoded twice in the string to sign.
    #[test]
    fn go_sdk_string_to_sign_url_value() {
        let params = [("q", "http://domain/?q=value&q2=value2"), ("key", "value")];
        assert_eq!(
            string_to_sign("GET", params),
            "GET&%2F&key%3Dvalue%26q%3Dhttp%253A%252F%252Fdomain%252F%253Fq%253Dvalue%2526q2%253Dvalue2"
        );
    }

    // The stack key and the heap key (a secret longer than a SHA-1 block) sign alike.
    #[test]
    fn long_secrets_sign_like_short_ones() {
        for length in [0, 62, 63, 64, 65, 200] {
            let secret = "k".repeat(length);
            let expected = hmac_sha1_base64(format!("{secret}&").as_bytes(), b"GET&%2F&A%3D1");
            assert_eq!(signature(&secret, "GET&%2F&A%3D1"), expected, "{length}");
        }
    }

    #[test]
    fn raw_hmac_vectors() {
        assert_eq!(
            hmac_sha1_base64(b"accessKeySecretsuffix", b"string to sign"),
            "Dqy7QZhP4TyQUDa3SBSFXopJaIo="
        );
        assert_eq!(
            hmac_sha1_base64(b"sk#$!~~~", b"abc~!@#"),
            "7eV3A584uvdgKVk8Ck8r9ukg1gE="
        );
    }

    #[test]
    fn sort_is_bytewise_and_signature_excluded() {
        let params = [("Tag.2.Key", "b"), ("Tag.10.Key", "a"), ("Signature", "x")];
        assert_eq!(canonicalized_query(params), "Tag.10.Key=a&Tag.2.Key=b");
    }

    #[test]
    fn method_is_signed() {
        let params = [("A", "1")];
        assert_ne!(
            signature("s", &string_to_sign("GET", params)),
            signature("s", &string_to_sign("POST", params))
        );
    }
}
