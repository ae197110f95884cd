//! Building one signed HTTP request for one attempt.

use std::time::Duration;

use crate::credentials::Credentials;
use crate::endpoint::Endpoint;
use crate::params::Params;
use crate::service::{Method, Service};
use crate::sign::{percent_encode, v1, v3, SignatureVersion};
use crate::transport::HttpRequest;

const USER_AGENT: &str = concat!("alibabacloud-rust-runtime/", env!("CARGO_PKG_VERSION"));
const FORM: &str = "application/x-www-form-urlencoded";

/// The inputs that change on every attempt.
pub(crate) struct Attempt<'a> {
    pub nonce: &'a str,
    pub timestamp: &'a str,
    pub timeout: Duration,
}

/// What is being called: the same for every attempt.
pub(crate) struct Call<'a> {
    pub method: Method,
    pub endpoint: &'a Endpoint,
    pub service: &'a Service,
    pub action: &'a str,
    pub params: &'a Params,
}

/// A signed request and the string to sign behind it (kept to diagnose `SignatureDoesNotMatch`).
pub(crate) struct Signed {
    pub request: HttpRequest,
    pub string_to_sign: String,
}

fn form_encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Builds and signs one attempt of `action`.
pub(crate) fn build(
    version: SignatureVersion,
    call: &Call<'_>,
    credentials: &Credentials,
    attempt: &Attempt<'_>,
) -> Signed {
    let mut query = call.params.query.clone();
    let mut body = call.params.body.clone();
    // GET has no body: body parameters travel in the query, signed the same way.
    if call.method == Method::Get {
        query.append(&mut body);
    }
    match version {
        SignatureVersion::V1 => build_v1(call, query, body, credentials, attempt),
        SignatureVersion::V3 => build_v3(call, query, body, credentials, attempt),
    }
}

fn build_v1(
    call: &Call<'_>,
    query: Vec<(String, String)>,
    body: Vec<(String, String)>,
    credentials: &Credentials,
    attempt: &Attempt<'_>,
) -> Signed {
    let Call {
        method,
        endpoint,
        service,
        action,
        ..
    } = *call;
    let mut common: Vec<(String, String)> = vec![
        ("Action".into(), action.into()),
        ("Version".into(), service.version.into()),
        ("Format".into(), "JSON".into()),
        ("AccessKeyId".into(), credentials.access_key_id().into()),
        ("SignatureMethod".into(), v1::SIGNATURE_METHOD.into()),
        ("SignatureVersion".into(), v1::SIGNATURE_VERSION.into()),
        ("SignatureNonce".into(), attempt.nonce.into()),
        ("Timestamp".into(), attempt.timestamp.into()),
    ];
    if let Some(token) = credentials.security_token() {
        common.push(("SecurityToken".into(), token.into()));
    }
    common.extend(query);
    let signed = common
        .iter()
        .chain(body.iter())
        .map(|(n, v)| (n.as_str(), v.as_str()));
    let string_to_sign = v1::string_to_sign(method.as_str(), signed);
    let signature = v1::signature(credentials.access_key_secret(), &string_to_sign);
    common.push(("Signature".into(), signature));

    let url = format!("{}?{}", endpoint.base_url(), form_encode(&common));
    let mut headers = vec![
        ("user-agent".to_owned(), USER_AGENT.to_owned()),
        ("accept".to_owned(), "application/json".to_owned()),
    ];
    let body = if body.is_empty() {
        Vec::new()
    } else {
        headers.push(("content-type".to_owned(), FORM.to_owned()));
        form_encode(&body).into_bytes()
    };
    Signed {
        request: HttpRequest {
            method,
            url,
            headers,
            body,
            timeout: attempt.timeout,
        },
        string_to_sign,
    }
}

fn build_v3(
    call: &Call<'_>,
    query: Vec<(String, String)>,
    body: Vec<(String, String)>,
    credentials: &Credentials,
    attempt: &Attempt<'_>,
) -> Signed {
    let Call {
        method,
        endpoint,
        service,
        action,
        ..
    } = *call;
    let body = if body.is_empty() {
        Vec::new()
    } else {
        form_encode(&body).into_bytes()
    };
    let hashed = v3::hashed_payload(&body);
    let mut headers: Vec<(String, String)> = vec![
        ("x-acs-action".into(), action.into()),
        ("x-acs-version".into(), service.version.into()),
        ("x-acs-date".into(), attempt.timestamp.into()),
        ("x-acs-signature-nonce".into(), attempt.nonce.into()),
        ("x-acs-content-sha256".into(), hashed.clone()),
    ];
    if !body.is_empty() {
        headers.push(("content-type".into(), FORM.into()));
    }
    if let Some(token) = credentials.security_token() {
        headers.push(("x-acs-security-token".into(), token.into()));
        headers.push((
            "x-acs-accesskey-id".into(),
            credentials.access_key_id().into(),
        ));
    }
    // The HTTP stack sends `Host` from the URL; sign that same value.
    let mut signed_headers = headers.clone();
    signed_headers.push(("host".into(), endpoint.authority()));
    let canonical = v3::canonical_request(method.as_str(), "/", &query, &signed_headers, &hashed);
    let string_to_sign = v3::string_to_sign(&canonical.text);
    let signature = v3::signature(credentials.access_key_secret(), &string_to_sign);
    headers.push((
        "authorization".into(),
        v3::authorization(
            credentials.access_key_id(),
            &canonical.signed_headers,
            &signature,
        ),
    ));
    headers.push(("user-agent".into(), USER_AGENT.into()));
    headers.push(("accept".into(), "application/json".into()));

    let url = if query.is_empty() {
        endpoint.base_url()
    } else {
        format!("{}?{}", endpoint.base_url(), form_encode(&query))
    };
    Signed {
        request: HttpRequest {
            method,
            url,
            headers,
            body,
            timeout: attempt.timeout,
        },
        string_to_sign,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::EndpointRule;

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
