//! The server's own protocol code, written from the protocol description and independent of the
//! runtime's signer (checking the client against itself would prove nothing): percent-encoding,
//! query and path decoding, and the strings to sign of RPC V1, V3 (RPC and ROA) and the classic
//! ROA signature.

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Digest;

/// percentEncode: unreserved bytes kept, everything else `%XY` upper-case.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `a=b&c=d` (URL query or form body); `+` is a space in forms.
pub(crate) fn decode_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (unescape(name, true), unescape(value, true))
        })
        .collect()
}

/// Percent-decodes `text`; `+` is a space only in query and form text, never in a path.
pub(crate) fn unescape(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The V3 CanonicalURI of a request path as received: every `/`-separated segment decoded and
/// encoded again, as a server that canonicalises the path itself would, so a client that signs a
/// path it did not send escaped the same way fails here.
pub(crate) fn canonical_uri(raw_path: &str) -> String {
    if raw_path.is_empty() {
        return "/".to_owned();
    }
    raw_path
        .split('/')
        .map(|segment| encode(&unescape(segment, false)))
        .collect::<Vec<_>>()
        .join("/")
}

pub(crate) fn v1_string_to_sign(method: &str, params: &[(String, String)], tamper: bool) -> String {
    let mut sorted: Vec<&(String, String)> =
        params.iter().filter(|(n, _)| n != "Signature").collect();
    sorted.sort();
    let canonical = sorted
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let canonical = if tamper {
        format!("{canonical}&Extra=1")
    } else {
        canonical
    };
    format!("{method}&{}&{}", encode("/"), encode(&canonical))
}

pub(crate) fn v1_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(data))
}

/// The V3 canonical request of a request as received (headers lower-case).
pub(crate) fn v3_canonical_request(
    method: &str,
    raw_path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    signed: &str,
    body: &[u8],
) -> String {
    let mut q: Vec<(String, String)> = query.to_vec();
    q.sort();
    let canonical_query = q
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut canonical_headers = String::new();
    for name in signed.split(';') {
        let values: Vec<&str> = headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .collect();
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let payload = sha256_hex(body);
    let uri = canonical_uri(raw_path);
    format!("{method}\n{uri}\n{canonical_query}\n{canonical_headers}\n{signed}\n{payload}")
}

pub(crate) fn v3_string_to_sign(canonical_request: &str) -> String {
    format!(
        "ACS3-HMAC-SHA256\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

pub(crate) fn v3_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The classic ROA string to sign of a request as received: four header lines (empty when
/// absent), the `x-acs-*` headers sorted, then the path as sent and the decoded query, values
/// raw, bare names for empty values.
pub(crate) fn classic_string_to_sign(
    method: &str,
    raw_path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
) -> String {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    };
    let mut out = format!(
        "{method}\n{}\n{}\n{}\n{}\n",
        header("accept"),
        header("content-md5"),
        header("content-type"),
        header("date")
    );
    let mut acs: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_owned()))
        .filter(|(n, _)| n.starts_with("x-acs-"))
        .collect();
    acs.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, value) in acs {
        out.push_str(&format!("{name}:{value}\n"));
    }
    out.push_str(raw_path);
    let mut sorted = query.to_vec();
    sorted.sort();
    let resource_query: Vec<String> = sorted
        .iter()
        .map(|(n, v)| {
            if v.is_empty() {
                n.clone()
            } else {
                format!("{n}={v}")
            }
        })
        .collect();
    if !resource_query.is_empty() {
        out.push('?');
        out.push_str(&resource_query.join("&"));
    }
    out
}

pub(crate) fn classic_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    // The server's path canonicalisation: decoded and encoded again per segment.
    #[test]
    fn canonical_uri_recanonicalises_segments() {
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(
            canonical_uri("/pop/v2/api/web/applications/app%20id%2F1~%2A"),
            "/pop/v2/api/web/applications/app%20id%2F1~%2A"
        );
        // Sent unescaped: the server still signs the escaped form.
        assert_eq!(canonical_uri("/a/x*y+z"), "/a/x%2Ay%2Bz");
        assert_eq!(canonical_uri("/a/%7e%2a"), "/a/~%2A");
    }

    // A derived (not published) V3-over-ROA vector from the project's shared set, to show the
    // server's own code agrees with it: sae DescribeWebApplication with an escaped path.
    #[test]
    fn v3_over_roa_derived_vector() {
        let empty = sha256_hex(b"");
        let headers = owned(&[
            ("host", "sae.cn-hangzhou.aliyuncs.com"),
            ("x-acs-version", "2019-05-06"),
            ("x-acs-action", "DescribeWebApplication"),
            ("x-acs-date", "2025-01-01T00:00:00Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-content-sha256", &empty),
        ]);
        let canonical = v3_canonical_request(
            "GET",
            "/pop/v2/api/web/applications/app%20id%2F1~%2A",
            &owned(&[("NamespaceId", "cn-hangzhou:demo")]),
            &headers,
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
            b"",
        );
        let sts = v3_string_to_sign(&canonical);
        assert_eq!(
            sts,
            "ACS3-HMAC-SHA256\n9048b9a1d07d4366769f1070491b9508dd9cd6da61506a4aede836b42fc5bccd"
        );
        assert_eq!(
            v3_signature("testAccessKeySecret", &sts),
            "171a0fdae454c8999a449805640a064b84b18ceab3e2fcd6a5f505f105e50d10"
        );
    }

    // Classic: a published string-to-sign (darabonba-openapi-util, C#) and a derived signature
    // (elasticsearch ListInstance; not published).
    #[test]
    fn classic_vectors() {
        let headers = owned(&[
            ("accept", "application/json"),
            ("content-md5", "md5"),
            ("content-type", "application/json"),
            ("date", "date"),
            ("x-acs-custom-key", "any value"),
        ]);
        let query = owned(&[
            ("emptyKey", ""),
            ("key", "val ue with space"),
            ("SignatureMethod", "ssss"),
            ("SignName", "name"),
        ]);
        assert_eq!(
            classic_string_to_sign("GET", "/", &query, &headers),
            "GET\napplication/json\nmd5\napplication/json\ndate\nx-acs-custom-key:any value\n/?SignName=name&SignatureMethod=ssss&emptyKey&key=val ue with space"
        );
        let headers = owned(&[
            ("date", "Wed, 01 Jan 2025 00:00:00 GMT"),
            ("accept", "application/json"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-signature-method", "HMAC-SHA1"),
            ("x-acs-signature-version", "1.0"),
            ("x-acs-version", "2017-06-13"),
            ("x-acs-action", "ListInstance"),
        ]);
        let query = owned(&[("page", "1"), ("size", "10"), ("description", "my es")]);
        let sts = classic_string_to_sign("GET", "/openapi/instances", &query, &headers);
        assert_eq!(
            classic_signature("testAccessKeySecret", &sts),
            "NXDsYumbhgaU0dI2nA57B/R2S24="
        );
    }

    #[test]
    fn unescape_paths_and_forms() {
        assert_eq!(unescape("a+b%20c", true), "a b c");
        assert_eq!(unescape("a+b%20c", false), "a+b c");
        assert_eq!(unescape("%E5%90%8D%", false), "名%");
    }
}
