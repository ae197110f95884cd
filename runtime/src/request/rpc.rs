//! RPC requests: every parameter in the query and a form body, path `/`, signed with V1 (the
//! parameters, in the query) or V3 (headers).

use super::v3::{self, V3Parts};
use super::{
    as_strs, canonical_order, encode_form, operation_headers, owned_header, raw_len, Attempt, Call,
    Pair, Query, Signed, FORM, USER_AGENT,
};
use crate::credentials::Credentials;
use crate::error::ConfigError;
use crate::escape::{percent_encode_into, percent_encode_twice_into};
use crate::http::{HttpRequest, Method};
use crate::params::Params;
use crate::sign::{v1, SignatureVersion};

/// Checks that an RPC operation wrote only what RPC can send: a path parameter or a JSON body
/// would otherwise be dropped without a word.
pub(super) fn check(params: &Params) -> Result<(), ConfigError> {
    if !params.path.is_empty() || params.json.is_some() {
        return Err(ConfigError::invalid_parameter(
            "an RPC operation cannot send path parameters or a JSON body".to_owned(),
        ));
    }
    // An extra parameter named like a common one would travel beside it, and which of the two
    // the service reads is anyone's guess.
    let extras = params
        .extra
        .iter()
        .flat_map(|extra| extra.query.iter().chain(&extra.body).map(|(name, _)| name));
    for name in extras {
        if name == "Signature" || COMMON.iter().any(|common| common.name == name) {
            return Err(ConfigError::invalid_parameter(format!(
                "extra parameter {name} is refused: the client sets this common RPC parameter"
            )));
        }
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

/// One common parameter of V1, with the text it starts with in the URL (`Name=`) and in the
/// string to sign (`Name%3D`): no common name needs escaping, so each is written as one piece.
/// A constant value (`JSON`, `HMAC-SHA1`, `1.0`, none needing escaping either) is part of both
/// pieces, so the whole pair is one copy per text.
struct Common {
    name: &'static str,
    url: &'static str,
    signed: &'static str,
    value: CommonValue,
}

/// Where the value of a [`COMMON`] parameter comes from.
#[derive(Clone, Copy)]
enum CommonValue {
    AccessKeyId,
    Action,
    SecurityToken,
    SignatureNonce,
    Timestamp,
    Version,
    /// Already written with the name.
    Constant(&'static str),
}

/// The common parameters V1 sends, in sorted (bytewise) name order, the order of the string to
/// sign, so they are merged with the sorted operation parameters instead of sorted with them.
/// `SecurityToken` is sent only with an STS token.
const COMMON: [Common; 9] = {
    use CommonValue::*;
    const fn common(
        name: &'static str,
        url: &'static str,
        signed: &'static str,
        value: CommonValue,
    ) -> Common {
        Common {
            name,
            url,
            signed,
            value,
        }
    }
    [
        common("AccessKeyId", "AccessKeyId=", "AccessKeyId%3D", AccessKeyId),
        common("Action", "Action=", "Action%3D", Action),
        common("Format", "Format=JSON", "Format%3DJSON", Constant("JSON")),
        common(
            "SecurityToken",
            "SecurityToken=",
            "SecurityToken%3D",
            SecurityToken,
        ),
        common(
            "SignatureMethod",
            "SignatureMethod=HMAC-SHA1",
            "SignatureMethod%3DHMAC-SHA1",
            Constant(v1::SIGNATURE_METHOD),
        ),
        common(
            "SignatureNonce",
            "SignatureNonce=",
            "SignatureNonce%3D",
            SignatureNonce,
        ),
        common(
            "SignatureVersion",
            "SignatureVersion=1.0",
            "SignatureVersion%3D1.0",
            Constant(v1::SIGNATURE_VERSION),
        ),
        common("Timestamp", "Timestamp=", "Timestamp%3D", Timestamp),
        common("Version", "Version=", "Version%3D", Version),
    ]
};

/// The next pair of a V1 request in canonical order.
enum Next<'a> {
    /// A common parameter and its value.
    Common(&'static Common, &'a str),
    /// An operation parameter, and whether it travels in the form body.
    Operation(&'a str, &'a str, bool),
}

/// One V1 attempt, in one pass: the parameters are visited in the order of the string to sign
/// (the common ones have a fixed order, the operation's are sorted, the two lists merged), and
/// each pair is written in the same step percent-encoded into the URL (or the form body) and
/// encoded twice into the string to sign. So the URL query is the canonical query itself (with
/// `Signature` last), and no pair is looked up, tested or ordered a second time.
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
    let mut common = COMMON
        .iter()
        .filter_map(|common| {
            let value = match common.value {
                CommonValue::AccessKeyId => credentials.access_key_id(),
                CommonValue::Action => action,
                CommonValue::SecurityToken => token?,
                CommonValue::SignatureNonce => attempt.nonce,
                CommonValue::Timestamp => attempt.timestamp,
                CommonValue::Version => service.version,
                CommonValue::Constant(value) => value,
            };
            Some((common, value))
        })
        .peekable();
    // The operation's pairs, each with whether it travels in the form body, in canonical order:
    // on the stack for up to `ON_STACK` of them (most operations), in a `Vec` beyond.
    const ON_STACK: usize = 16;
    let in_url = params.query.iter().chain(moved).map(as_strs);
    let pairs = in_url
        .clone()
        .map(|(name, value)| (name, value, false))
        .chain(body_pairs.iter().map(as_strs).map(|(n, v)| (n, v, true)));
    let count = params.query.len() + moved.len() + body_pairs.len();
    let mut on_stack = [("", "", false); ON_STACK];
    let mut on_heap = Vec::new();
    let operation: &mut [(&str, &str, bool)] = if count <= ON_STACK {
        for (slot, pair) in on_stack.iter_mut().zip(pairs) {
            *slot = pair;
        }
        &mut on_stack[..count]
    } else {
        on_heap.extend(pairs);
        &mut on_heap
    };
    operation.sort_unstable_by(|a, b| canonical_order((a.0, a.1), (b.0, b.1)));
    let mut operation = operation.iter().copied().peekable();

    let url_raw =
        raw_len(common.clone().map(|(common, value)| (common.name, value))) + raw_len(in_url);
    let body_raw = raw_len(body_pairs.iter().map(as_strs));
    // Room for encoding growth and `&Signature=` plus an encoded base64 SHA-1 (at most ~40).
    let (mut url, _) = endpoint.url_with_path("/", 1 + url_raw + url_raw / 2 + 48);
    url.push('?');
    let query_start = url.len();
    let mut body = String::with_capacity(body_raw + body_raw / 2);
    let encoded_raw = url_raw + body_raw;
    let mut string_to_sign =
        String::with_capacity(method.as_str().len() + 5 + encoded_raw + encoded_raw / 2);
    string_to_sign.push_str(method.as_str());
    // `&` + percentEncode("/") + `&`.
    string_to_sign.push_str("&%2F&");
    let mut signed_separator = "";
    loop {
        // The merge of two sorted lists is their sorted union, as one sort would give.
        let operation_first = match (common.peek(), operation.peek()) {
            (Some(&(common, common_value)), Some(&(name, value, _))) => {
                canonical_order((name, value), (common.name, common_value)).is_lt()
            }
            (common_next, _) => common_next.is_none(),
        };
        let next = if operation_first {
            operation
                .next()
                .map(|(name, value, in_body)| Next::Operation(name, value, in_body))
        } else {
            common
                .next()
                .map(|(common, value)| Next::Common(common, value))
        };
        match next {
            None => break,
            Some(Next::Common(common, value)) => {
                if url.len() > query_start {
                    url.push('&');
                }
                url.push_str(common.url);
                string_to_sign.push_str(signed_separator);
                string_to_sign.push_str(common.signed);
                if !matches!(common.value, CommonValue::Constant(_)) {
                    percent_encode_twice_into(&mut url, &mut string_to_sign, value);
                }
            }
            Some(Next::Operation(name, value, in_body)) => {
                let (out, out_start) = if in_body {
                    (&mut body, 0)
                } else {
                    (&mut url, query_start)
                };
                if out.len() > out_start {
                    out.push('&');
                }
                // An operation parameter named `Signature` is sent but never signed.
                if name == "Signature" {
                    percent_encode_into(out, name);
                    out.push('=');
                    percent_encode_into(out, value);
                    continue;
                }
                string_to_sign.push_str(signed_separator);
                percent_encode_twice_into(out, &mut string_to_sign, name);
                out.push('=');
                string_to_sign.push_str("%3D");
                percent_encode_twice_into(out, &mut string_to_sign, value);
            }
        }
        signed_separator = "%26";
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

    /// Action `Act` signed with V1.
    fn sign_act(
        method: Method,
        endpoint: &Endpoint,
        params: &Params,
        creds: &Credentials,
    ) -> Signed {
        let call = Call {
            method,
            endpoint,
            service: &SERVICE,
            action: "Act",
            params,
        };
        build(SignatureVersion::V1, &call, creds, &attempt())
    }

    /// The common parameters V1 sends for action `Act` with id `id` and [`attempt`].
    fn common_pairs(token: Option<&str>) -> Vec<(&str, &str)> {
        let mut pairs = vec![
            ("Action", "Act"),
            ("Version", SERVICE.version),
            ("Format", "JSON"),
            ("AccessKeyId", "id"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("SignatureNonce", "n-1"),
            ("Timestamp", "2024-01-02T03:04:05Z"),
        ];
        pairs.extend(token.map(|token| ("SecurityToken", token)));
        pairs
    }

    // The one-pass assembly against the step-by-step reference: every pair encoded on its own,
    // the canonical query from the public `v1` functions, each part sent in canonical order.
    #[test]
    fn v1_matches_reference_assembly() {
        let endpoint = Endpoint::parse("linkwan.cn-shanghai.aliyuncs.com").unwrap();
        let params = tricky_params();
        let creds = Credentials::with_security_token("id", "secret", "tok en");
        for method in [Method::Post, Method::Get] {
            let signed = sign_act(method, &endpoint, &params, &creds);
            let mut url_pairs = common_pairs(creds.security_token());
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
            // Each part is sent in the canonical order, the order of the string to sign.
            fn canonical<'p>(mut pairs: Vec<(&'p str, &'p str)>) -> Vec<(&'p str, &'p str)> {
                pairs.sort_by(|a, b| canonical_order(*a, *b));
                pairs
            }
            let (url_pairs, body) = if method == Method::Get {
                (canonical(all), String::new())
            } else {
                (canonical(url_pairs), reference_form(&canonical(body_pairs)))
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

    // More operation parameters than fit on the stack: the same canonical order and string.
    #[test]
    fn v1_many_parameters_sign_like_few() {
        let endpoint = Endpoint::parse("linkwan.cn-shanghai.aliyuncs.com").unwrap();
        let names: Vec<String> = (0..40).rev().map(|n| format!("P{n:02}")).collect();
        let mut params = Params::default();
        for (index, name) in names.iter().enumerate() {
            if index % 3 == 0 {
                params.body(name, "b v");
            } else {
                params.query(name, "q");
            }
        }
        let creds = Credentials::new("id", "secret");
        for method in [Method::Post, Method::Get] {
            let signed = sign_act(method, &endpoint, &params, &creds);
            let mut all = common_pairs(None);
            all.extend(
                params
                    .query
                    .iter()
                    .chain(&params.body)
                    .map(|(n, v)| (n.as_ref(), v.as_ref())),
            );
            let sts = v1::string_to_sign(method.as_str(), all.iter().copied());
            assert_eq!(signed.string_to_sign, sts);
            let query = signed.request.url.split_once('?').unwrap().1;
            // Every third name (P00, P03...) is a form field; GET moves them into the query.
            if method == Method::Post {
                assert!(
                    query.starts_with("AccessKeyId=id&Action=Act&Format=JSON&P01=q&P02=q&P04=q&")
                );
                assert!(signed
                    .request
                    .body
                    .starts_with(b"P00=b%20v&P03=b%20v&P06=b%20v&"));
            } else {
                assert!(query.starts_with("AccessKeyId=id&Action=Act&Format=JSON&P00=b%20v&P01=q&"));
                assert!(query.contains("&P38=q&P39=b%20v&SignatureMethod="));
            }
        }
    }

    // The common table: sorted by name (the merge relies on it), each piece the name (and a
    // constant value) joined as the URL and the string to sign write it, nothing that would
    // need escaping.
    #[test]
    fn v1_common_table_is_sorted_and_its_pieces_are_plain() {
        let names: Vec<&str> = COMMON.iter().map(|common| common.name).collect();
        assert!(names.is_sorted_by(|a, b| a.as_bytes() < b.as_bytes()));
        let mut constants = Vec::new();
        for common in &COMMON {
            let value = match common.value {
                CommonValue::Constant(value) => {
                    constants.push(value);
                    value
                }
                _ => "",
            };
            assert_eq!(common.url, format!("{}={value}", common.name));
            assert_eq!(common.signed, format!("{}%3D{value}", common.name));
            assert_eq!(percent_encode(common.name), common.name);
            assert_eq!(percent_encode(value), value);
        }
        assert_eq!(
            constants,
            ["JSON", v1::SIGNATURE_METHOD, v1::SIGNATURE_VERSION]
        );
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
            let mut all = common_pairs(creds.security_token());
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
        assert!(url.starts_with("https://linkwan.cn-shanghai.aliyuncs.com/?AccessKeyId=id&Action=CreateLocalJoinPermission&ClassMode=A&Format=JSON&"));
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
        assert!(signed.request.url.contains("/?A=1&AccessKeyId=id&"));
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
