//! The HTTP the credential providers do themselves (the ECS metadata service, a credentials URI,
//! the anonymous `AssumeRoleWithOIDC` call), over the crate's [`Transport`], never through an
//! environment proxy, and the JSON credentials body the metadata service and credentials URIs
//! answer with.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::{timestamp, Credentials, CredentialsError};
use crate::de::lenient;
use crate::future::BoxFuture;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::transport::{Transport, TransportError, TransportErrorKind, TypedRequest};

/// A transport shared between providers and handed to [`crate::ClientBuilder::transport`].
#[derive(Clone)]
pub(crate) struct SharedTransport(pub(crate) Arc<dyn Transport>);

impl fmt::Debug for SharedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Transport for SharedTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.send(request)
    }

    // Forwarded so the inner transport's early stop on a large body still applies.
    fn send_with_limit(
        &self,
        request: HttpRequest,
        max_body: usize,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.send_with_limit(request, max_body)
    }

    // Forwarded so a transport that answers by operation (a test mock) sees STS calls typed.
    fn send_operation(
        &self,
        request: HttpRequest,
        max_body: usize,
        operation: TypedRequest<'_>,
    ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.send_operation(request, max_body, operation)
    }
}

/// The transport given, else one that never goes through a proxy. Every provider's own HTTP
/// (the metadata service, a credentials URI, STS) comes here, because reqwest otherwise takes
/// `HTTP_PROXY`, `HTTPS_PROXY` and `ALL_PROXY` from the environment, loopback included: a proxy
/// would see credentials requests (in clear text over http://) and could answer with
/// credentials of its own. A transport given explicitly is used as it is, proxy included.
pub(crate) fn transport_or_direct(
    transport: Option<Arc<dyn Transport>>,
    connect_timeout: Duration,
) -> Result<Arc<dyn Transport>, CredentialsError> {
    match transport {
        Some(transport) => Ok(transport),
        None => direct_transport(connect_timeout),
    }
}

#[cfg(feature = "reqwest")]
fn direct_transport(connect_timeout: Duration) -> Result<Arc<dyn Transport>, CredentialsError> {
    let failed = |what: &str, error: &dyn std::fmt::Display| {
        CredentialsError::new(format!("could not set up HTTP: {what}: {error}"))
    };
    // The default transport's settings (TLS, no redirects), without the environment's proxies.
    let client = crate::transport::client_builder(connect_timeout)
        .map_err(|error| failed("TLS", &error))?
        .no_proxy()
        .build()
        .map_err(|error| failed("client", &error))?;
    Ok(Arc::new(crate::transport::ReqwestTransport::from_client(
        client,
    )))
}

#[cfg(not(feature = "reqwest"))]
fn direct_transport(_connect_timeout: Duration) -> Result<Arc<dyn Transport>, CredentialsError> {
    Err(CredentialsError::new(
        "no transport: enable the `rustls` or `native-tls` feature or give the provider a transport",
    ))
}

/// `url` without its query or user information, for messages: a credentials URI may carry a
/// token in either.
pub(crate) fn shown_url(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority.rsplit('@').next().unwrap_or(authority);
    format!("{scheme}://{host}{path}")
}

/// Sends one request bounded by `timeout`; the error says what timed out or failed, never a
/// header value or a query.
pub(crate) async fn send(
    transport: &dyn Transport,
    method: Method,
    url: &str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    timeout: Duration,
) -> Result<HttpResponse, String> {
    let request = HttpRequest {
        method,
        url: url.to_owned(),
        headers: headers
            .into_iter()
            .map(|(name, value)| (name.into(), value.into()))
            .collect(),
        body,
        timeout,
    };
    let timed_out = || {
        format!(
            "{} {}: no answer within {} ms",
            method.as_str(),
            shown_url(url),
            timeout.as_millis()
        )
    };
    match tokio::time::timeout(timeout, transport.send(request)).await {
        Ok(Ok(response)) => Ok(response),
        // The transport's own timer (set from the request's timeout) is the same bound.
        Ok(Err(error)) if error.kind() == TransportErrorKind::Timeout => Err(timed_out()),
        Ok(Err(error)) => Err(format!("{} {}: {error}", method.as_str(), shown_url(url))),
        Err(_) => Err(timed_out()),
    }
}

/// The JSON body of the ECS metadata service and of credentials URIs. No `Debug`: it holds
/// secrets.
#[derive(Deserialize)]
struct CredentialsBody {
    #[serde(rename = "Code", default, deserialize_with = "lenient")]
    code: Option<String>,
    #[serde(rename = "AccessKeyId", default, deserialize_with = "lenient")]
    access_key_id: Option<String>,
    #[serde(rename = "AccessKeySecret", default, deserialize_with = "lenient")]
    access_key_secret: Option<String>,
    #[serde(rename = "SecurityToken", default, deserialize_with = "lenient")]
    security_token: Option<String>,
    #[serde(rename = "Expiration", default, deserialize_with = "lenient")]
    expiration: Option<String>,
}

/// Whether a `Code` must be present, or only checked when present.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeField {
    /// The metadata service always sends `"Code": "Success"`.
    Required,
    /// Credentials URIs may leave it out; when present it must be `Success`.
    Optional,
}

/// Temporary credentials from `{Code, AccessKeyId, AccessKeySecret, SecurityToken, Expiration}`.
/// The error names what is missing, never a value (the body is not quoted: it holds secrets).
pub(crate) fn credentials_from_json(body: &[u8], code: CodeField) -> Result<Credentials, String> {
    let parsed: CredentialsBody = serde_json::from_slice(body).map_err(|error| {
        format!(
            "the answer is not a JSON credentials object (at line {}, column {})",
            error.line(),
            error.column()
        )
    })?;
    match parsed.code.as_deref().map(str::trim) {
        Some("Success") => {}
        // A code is a status word, not a secret: show it.
        Some(other) => return Err(format!("the answer's Code is {other:?}, not \"Success\"")),
        None if code == CodeField::Required => {
            return Err("the answer has no Code (expected \"Success\")".to_owned())
        }
        None => {}
    }
    let field = |value: Option<String>, name: &str| {
        value
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| format!("the answer has no {name}"))
    };
    let id = field(parsed.access_key_id, "AccessKeyId")?;
    let secret = field(parsed.access_key_secret, "AccessKeySecret")?;
    let token = field(parsed.security_token, "SecurityToken")?;
    let expiration = field(parsed.expiration, "Expiration")?;
    let expiration = timestamp::parse(&expiration)
        .ok_or_else(|| format!("the answer's Expiration {expiration:?} is not an ISO 8601 time"))?;
    Ok(Credentials::with_security_token(id, secret, token).with_expiration(expiration))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_body() {
        let body = br#"{"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"s3cr3t-value","SecurityToken":"tok-value","Expiration":"2030-01-02T03:04:05Z","LastUpdated":"x"}"#;
        let c = credentials_from_json(body, CodeField::Required).unwrap();
        assert_eq!(c.access_key_id(), "STS.id");
        assert_eq!(c.security_token(), Some("tok-value"));
        assert!(c.expiration().is_some());

        let no_code = br#"{"AccessKeyId":"STS.id","AccessKeySecret":"s3cr3t-value","SecurityToken":"t","Expiration":"2030-01-02T03:04:05Z"}"#;
        assert!(credentials_from_json(no_code, CodeField::Optional).is_ok());
        let err = credentials_from_json(no_code, CodeField::Required).unwrap_err();
        assert!(err.contains("no Code"), "{err}");

        let failed = br#"{"Code":"Failed","AccessKeySecret":"s3cr3t-value"}"#;
        let err = credentials_from_json(failed, CodeField::Optional).unwrap_err();
        assert!(err.contains("Failed") && !err.contains("s3cr3t"), "{err}");

        let missing = br#"{"Code":"Success","AccessKeyId":"id","AccessKeySecret":"s3cr3t-value","Expiration":"2030-01-02T03:04:05Z"}"#;
        let err = credentials_from_json(missing, CodeField::Required).unwrap_err();
        assert!(err.contains("SecurityToken"), "{err}");

        let err = credentials_from_json(br#""s3cr3t-value""#, CodeField::Optional).unwrap_err();
        assert!(!err.contains("s3cr3t"), "{err}");
    }

    #[test]
    fn query_is_hidden() {
        assert_eq!(
            shown_url("http://127.0.0.1:1/creds?token=abc"),
            "http://127.0.0.1:1/creds"
        );
        assert_eq!(
            shown_url("https://user:pass@example.com/a/b#x"),
            "https://example.com/a/b"
        );
    }
}
