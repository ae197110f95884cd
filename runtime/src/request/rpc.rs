//! RPC requests: every parameter in the query and a form body, path `/`, signed with V1 (the
//! parameters, in the query) or V3 (headers).

use super::v3::{self, V3Parts};
use super::{
    as_strs, encode_form, encode_pairs, encode_pairs_with, operation_headers, owned_header,
    push_encoded_again, raw_len, sort_spans, url_and_authority, Attempt, Buffer, Call, Pair, Query,
    Signed, FORM, USER_AGENT,
};
use crate::credentials::Credentials;
use crate::error::ConfigError;
use crate::escape::percent_encode_into;
use crate::http::{HttpRequest, Method};
use crate::params::Params;
use crate::sign::{v1, SignatureVersion};

/// Checks that an RPC operation wrote only what RPC can send: a path parameter or a JSON body
/// would otherwise be dropped without a word.
pub(super) fn check(params: &Params) -> Result<(), ConfigError> {
    if !params.path.is_empty() || params.json.is_some() {
        return Err(ConfigError::invalid_parameter(
            "an RPC operation (no Operation::PATH) cannot send path parameters or a JSON body"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Builds and signs one attempt of an RPC operation.
///
/// Public only for the benchmarks (through `assembly`); not part of the stable API.
pub fn build(
    version: SignatureVersion,
    call: &Call<'_>,
    credentials: &Credentials,
    attempt: &Attempt<'_>,
) -> Signed {
    let params = call.params;
    // GET has no body: body parameters travel in the query, signed the same way.
    let none: &[Pair] = &[];
    let (moved, body) = if call.method == Method::Get {
        (params.body.as_slice(), none)
    } else {
        (none, params.body.as_slice())
    };
    match version {
        SignatureVersion::V1 => build_v1(call, moved, body, credentials, attempt),
        SignatureVersion::V3 => v3::sign(
            call,
            V3Parts {
                path: "/",
                query: Query {
                    first: &call.params.query,
                    second: moved,
                    order: None,
                },
                body: encode_form(body.iter().map(as_strs)).into_bytes(),
                content_type: FORM,
            },
            credentials,
            attempt,
        ),
    }
}

/// The common parameters V1 sends, in URL order; `SecurityToken` only with an STS token. Written
/// into the URL as they are: none needs escaping.
const COMMON_NAMES: [&str; 9] = [
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
];

/// [`COMMON_NAMES`] indices in sorted (bytewise) name order, the order of the string to sign:
/// merged with the sorted operation parameters instead of sorting them all.
const COMMON_SORTED: [usize; 9] = [3, 0, 2, 8, 4, 6, 5, 7, 1];

fn build_v1(
    call: &Call<'_>,
    moved: &[Pair],
    body_pairs: &[Pair],
    credentials: &Credentials,
    attempt: &Attempt<'_>,
) -> Signed {
    let Call {
        method,
        endpoint,
        service,
        action,
        params,
    } = *call;
    let token = credentials.security_token();
    let common_values = [
        action,
        service.version,
        "JSON",
        credentials.access_key_id(),
        v1::SIGNATURE_METHOD,
        v1::SIGNATURE_VERSION,
        attempt.nonce,
        attempt.timestamp,
        token.unwrap_or_default(),
    ];
    let common_len = if token.is_some() { 9 } else { 8 };
    let common = COMMON_NAMES.into_iter().zip(common_values).take(common_len);
    let operation = || params.query.iter().chain(moved).map(as_strs);
    let url_raw = raw_len(common.clone()) + raw_len(operation());
    let body_raw = raw_len(body_pairs.iter().map(as_strs));

    // URL order is the common parameters, then the operation's, then `Signature`; each pair is
    // encoded once here and its encoded text reused for the string to sign.
    let mut spans = Vec::with_capacity(common_len + params.query.len() + params.body.len());
    // Room for encoding growth and `&Signature=` plus an encoded base64 SHA-1 (at most ~40).
    let (mut url, _) = url_and_authority(endpoint, "/", 1 + url_raw + url_raw / 2 + 48);
    url.push('?');
    encode_pairs_with::<true>(&mut url, Buffer::Url, common, &mut spans);
    encode_pairs(&mut url, Buffer::Url, operation(), &mut spans);
    let mut body = String::with_capacity(body_raw + body_raw / 2);
    encode_pairs(
        &mut body,
        Buffer::Body,
        body_pairs.iter().map(as_strs),
        &mut spans,
    );

    // The operation's parameters sorted; a `Signature` parameter is sent but never signed.
    let (common_spans, operation_spans) = spans.split_at_mut(common_len);
    sort_spans(operation_spans);
    let mut sorted_common = COMMON_SORTED
        .iter()
        .filter(|&&index| index < common_len)
        .map(|&index| &common_spans[index])
        .peekable();
    let mut sorted_operation = operation_spans
        .iter()
        .filter(|span| span.name != "Signature")
        .peekable();

    let encoded_len = url.len() + body.len();
    let mut string_to_sign =
        String::with_capacity(method.as_str().len() + 5 + encoded_len + encoded_len / 2);
    string_to_sign.push_str(method.as_str());
    // `&` + percentEncode("/") + `&`.
    string_to_sign.push_str("&%2F&");
    let mut first = true;
    loop {
        // The merge of two sorted lists is their sorted union, as one sort would give.
        let next = match (sorted_common.peek(), sorted_operation.peek()) {
            (Some(common), Some(operation)) if operation.cmp_key(common).is_lt() => {
                sorted_operation.next()
            }
            (Some(_), _) => sorted_common.next(),
            (None, _) => sorted_operation.next(),
        };
        let Some(span) = next else { break };
        if !first {
            string_to_sign.push_str("%26");
        }
        first = false;
        let (name, value) = span.encoded(&url, &body);
        if span.escaped {
            // Encoding the encoded text: only `%` changes.
            push_encoded_again(&mut string_to_sign, name);
            string_to_sign.push_str("%3D");
            push_encoded_again(&mut string_to_sign, value);
        } else {
            string_to_sign.push_str(name);
            string_to_sign.push_str("%3D");
            string_to_sign.push_str(value);
        }
    }
    let signature = v1::Base64Digest::new(&v1::mac(
        credentials.access_key_secret(),
        string_to_sign.as_bytes(),
    ));
    url.push_str("&Signature=");
    percent_encode_into(&mut url, signature.as_str());

    let mut headers = Vec::with_capacity(3 + params.headers.len());
    headers.push(("user-agent".into(), USER_AGENT.into()));
    headers.push(("accept".into(), "application/json".into()));
    if !body_pairs.is_empty() {
        headers.push(("content-type".into(), FORM.into()));
    }
    // V1 signs parameters only: the operation's headers travel unsigned.
    headers.extend(operation_headers(params).map(owned_header));
    Signed {
        request: HttpRequest {
            method,
            url,
            headers,
            body: body.into_bytes(),
            timeout: attempt.timeout,
        },
        string_to_sign,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::endpoint::Endpoint;
    use crate::service::{EndpointRule, Service};
    use crate::sign::{percent_encode, v3};

    const SERVICE: Service = Service {
        product: "LinkWAN",
        version: "2018-12-30",
        endpoint: EndpointRule {
            prefix: "linkwan",
            regional: true,
            hosts: &[],
        },
    };

    fn attempt() -> Attempt<'static> {
        Attempt {
            nonce: "n-1",
            timestamp: "2024-01-02T03:04:05Z",
            timeout: Duration::from_secs(1),
        }
    }

    fn reference_form(pairs: &[(&str, &str)]) -> String {
        pairs
            .iter()
            .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    fn tricky_params() -> Params<'static> {
        let mut params = Params::default();
        params.query("Tag.2.Key", "b b");
        params.query("Tag.10.Key", "你好/*");
        params.query("Empty", "");
        params.query("Dup", "2");
        params.query("Dup", "1");
        params.body("Body.Name", "a&b=c%d");
        params.body("Z", "~-_.");
        params
    }

    // The single-encoding assembly against the step-by-step reference: every pair encoded on its
    // own, the canonical query from the public `v1` functions, URL order unchanged.
    #[test]
    fn v1_matches_reference_assembly() {
        let endpoint = Endpoint::parse("linkwan.cn-shanghai.aliyuncs.com").unwrap();
        let params = tricky_params();
        let creds = Credentials::with_security_token("id", "secret", "tok en");
        for method in [Method::Post, Method::Get] {
            let call = Call {
                method,
                endpoint: &endpoint,
                service: &SERVICE,
                action: "Act",
                params: &params,
            };
            let signed = build(SignatureVersion::V1, &call, &creds, &attempt());
            let mut url_pairs: Vec<(&str, &str)> = vec![
                ("Action", "Act"),
                ("Version", SERVICE.version),
                ("Format", "JSON"),
                ("AccessKeyId", "id"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureVersion", "1.0"),
                ("SignatureNonce", "n-1"),
                ("Timestamp", "2024-01-02T03:04:05Z"),
                ("SecurityToken", "tok en"),
            ];
            url_pairs.extend(params.query.iter().map(|(n, v)| (n.as_ref(), v.as_ref())));
            let body_pairs: Vec<(&str, &str)> = params
                .body
                .iter()
                .map(|(n, v)| (n.as_ref(), v.as_ref()))
                .collect();
            let all: Vec<(&str, &str)> = url_pairs.iter().chain(&body_pairs).copied().collect();
            let sts = v1::string_to_sign(method.as_str(), all.iter().copied());
            assert_eq!(signed.string_to_sign, sts);
            let signature = v1::signature("secret", &sts);
            let (url_pairs, body) = if method == Method::Get {
                (all, String::new())
            } else {
                (url_pairs, reference_form(&body_pairs))
            };
            let expected_url = format!(
                "https://linkwan.cn-shanghai.aliyuncs.com/?{}&Signature={}",
                reference_form(&url_pairs),
                percent_encode(&signature)
            );
            assert_eq!(signed.request.url, expected_url);
            assert_eq!(signed.request.body, body.into_bytes());
        }
    }

    // The V3 assembly (headers pushed pre-sorted) against `v3::canonical_request`.
    #[test]
    fn v3_matches_reference_assembly() {
        let endpoint = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        let params = tricky_params();
        for creds in [
            Credentials::with_security_token("id", "secret", "tok"),
            Credentials::new("id", "secret"),
        ] {
            for method in [Method::Post, Method::Get] {
                let call = Call {
                    method,
                    endpoint: &endpoint,
                    service: &SERVICE,
                    action: "Act",
                    params: &params,
                };
                let signed = build(SignatureVersion::V3, &call, &creds, &attempt());
                let mut query: Vec<(String, String)> = params
                    .query
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect();
                if method == Method::Get {
                    query.extend(
                        params
                            .body
                            .iter()
                            .map(|(n, v)| (n.to_string(), v.to_string())),
                    );
                }
                let mut headers: Vec<(String, String)> = signed
                    .request
                    .headers
                    .iter()
                    .filter(|(n, _)| n != "authorization" && n != "user-agent" && n != "accept")
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect();
                headers.push(("host".into(), endpoint.authority()));
                let payload = v3::hashed_payload(&signed.request.body);
                let canonical =
                    v3::canonical_request(method.as_str(), "/", &query, &headers, &payload);
                let sts = v3::string_to_sign(&canonical.text);
                assert_eq!(signed.string_to_sign, sts);
                let auth = v3::authorization(
                    "id",
                    &canonical.signed_headers,
                    &v3::signature("secret", &sts),
                );
                assert_eq!(signed.request.header("authorization"), Some(auth.as_str()));
                let pairs: Vec<(&str, &str)> = query
                    .iter()
                    .map(|(n, v)| (n.as_ref(), v.as_ref()))
                    .collect();
                assert_eq!(
                    signed.request.url,
                    format!("http://127.0.0.1:8080/?{}", reference_form(&pairs))
                );
            }
        }
    }

    #[test]
    fn common_sorted_order_is_sorted() {
        let names: Vec<&str> = COMMON_SORTED.iter().map(|&i| COMMON_NAMES[i]).collect();
        let mut sorted = COMMON_NAMES.to_vec();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        for name in COMMON_NAMES {
            assert_eq!(percent_encode(name), name);
        }
        // Without a token the last name is left out; the order of the rest still holds.
        assert_eq!(COMMON_NAMES[8], "SecurityToken");
    }

    // Operation parameters named like common ones (and `Signature`) sort as one list would.
    #[test]
    fn v1_merge_matches_reference_with_clashing_names() {
        let endpoint = Endpoint::parse("linkwan.cn-shanghai.aliyuncs.com").unwrap();
        let mut params = Params::default();
        params.query("Version", "0");
        params.query("Signature", "ignored");
        params.query("AAA", "%");
        params.query("Timestamp", "zzz");
        params.query("B", "");
        for creds in [
            Credentials::new("id", "secret"),
            Credentials::with_security_token("id", "secret", "tok"),
        ] {
            let call = Call {
                method: Method::Post,
                endpoint: &endpoint,
                service: &SERVICE,
                action: "Act",
                params: &params,
            };
            let signed = build(SignatureVersion::V1, &call, &creds, &attempt());
            let mut all: Vec<(&str, &str)> = vec![
                ("Action", "Act"),
                ("Version", SERVICE.version),
                ("Format", "JSON"),
                ("AccessKeyId", "id"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureVersion", "1.0"),
                ("SignatureNonce", "n-1"),
                ("Timestamp", "2024-01-02T03:04:05Z"),
            ];
            if let Some(token) = creds.security_token() {
                all.push(("SecurityToken", token));
            }
            all.extend(params.query.iter().map(|(n, v)| (n.as_ref(), v.as_ref())));
            assert_eq!(
                signed.string_to_sign,
                v1::string_to_sign("POST", all.iter().copied())
            );
        }
    }

    #[test]
    fn v1_post_splits_query_and_body_and_signs_both() {
        let endpoint = Endpoint::parse("linkwan.cn-shanghai.aliyuncs.com").unwrap();
        let mut params = Params::default();
        params.query("ClassMode", "A");
        params.body("JoinPermissionName", "a b");
        let creds = Credentials::with_security_token("id", "secret", "tok");
        let signed = build(
            SignatureVersion::V1,
            &Call {
                method: Method::Post,
                endpoint: &endpoint,
                service: &SERVICE,
                action: "CreateLocalJoinPermission",
                params: &params,
            },
            &creds,
            &attempt(),
        );
        let url = &signed.request.url;
        assert!(url.starts_with("https://linkwan.cn-shanghai.aliyuncs.com/?Action=CreateLocalJoinPermission&Version=2018-12-30&Format=JSON"));
        assert!(
            url.contains("ClassMode=A")
                && url.contains("SecurityToken=tok")
                && url.contains("Signature=")
        );
        assert!(!url.contains("JoinPermissionName"));
        assert_eq!(signed.request.body, b"JoinPermissionName=a%20b");
        assert!(signed
            .string_to_sign
            .starts_with("POST&%2F&AccessKeyId%3Did%26Action%3D"));
        assert!(signed
            .string_to_sign
            .contains("JoinPermissionName%3Da%2520b"));
        assert_eq!(signed.request.header("content-type"), Some(FORM));
        // The request's Debug output hides the token.
        assert!(!format!("{:?}", signed.request).contains("SecurityToken=tok"));
    }

    #[test]
    fn v1_get_moves_body_to_query() {
        let endpoint = Endpoint::parse("http://127.0.0.1:9").unwrap();
        let mut params = Params::default();
        params.body("A", "1");
        let creds = Credentials::new("id", "secret");
        let signed = build(
            SignatureVersion::V1,
            &Call {
                method: Method::Get,
                endpoint: &endpoint,
                service: &SERVICE,
                action: "X",
                params: &params,
            },
            &creds,
            &attempt(),
        );
        assert!(signed.request.url.contains("&A=1"));
        assert!(signed.request.body.is_empty());
        assert!(signed.string_to_sign.starts_with("GET&"));
    }

    #[test]
    fn v3_headers() {
        let endpoint = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        let mut params = Params::default();
        params.query("Q", "v");
        params.body("B", "w");
        let creds = Credentials::with_security_token("id", "secret", "tok");
        let signed = build(
            SignatureVersion::V3,
            &Call {
                method: Method::Post,
                endpoint: &endpoint,
                service: &SERVICE,
                action: "X",
                params: &params,
            },
            &creds,
            &attempt(),
        );
        let r = &signed.request;
        assert_eq!(r.url, "http://127.0.0.1:8080/?Q=v");
        assert_eq!(r.header("x-acs-action"), Some("X"));
        assert_eq!(r.header("x-acs-security-token"), Some("tok"));
        let auth = r.header("authorization").unwrap();
        assert!(auth.starts_with("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature="), "{auth}");
        assert!(signed.string_to_sign.starts_with("ACS3-HMAC-SHA256\n"));
        assert!(!format!("{r:?}").contains("tok\""));
    }
}
