//! The V3 (`ACS3-HMAC-SHA256`) assembly shared by RPC and ROA requests: query, `x-acs-*` headers,
//! canonical request, signature, `Authorization`. The two styles differ only in the path, the
//! query and the body they pass in.

use std::borrow::Cow;

use super::{
    encode_pairs, operation_headers, owned_header, raw_len, sort_spans, Attempt, Call, Query,
    Signed, USER_AGENT,
};
use crate::credentials::Credentials;
use crate::http::HttpRequest;
use crate::sign::v3;

/// What a request style decides; everything else comes from the [`Call`].
pub(super) struct V3Parts<'a> {
    /// The escaped request path, which is also the CanonicalURI: `/` for RPC.
    pub path: &'a str,
    /// The query parameters, in URL order.
    pub query: Query<'a>,
    /// The exact body bytes (hashed into the signature).
    pub body: Vec<u8>,
    /// The body's content type, sent and signed when there is a body.
    pub content_type: &'static str,
}

/// Builds and signs one attempt with V3.
pub(super) fn sign(
    call: &Call<'_>,
    parts: V3Parts<'_>,
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
    let V3Parts {
        path,
        query,
        body,
        content_type,
    } = parts;
    let has_body = !body.is_empty();
    let payload_digest = has_body.then(|| v3::payload_digest(&body));
    let hashed = payload_digest
        .as_ref()
        .map_or(v3::EMPTY_PAYLOAD_SHA256, v3::HexDigest::as_str);

    let query_raw = raw_len(query.pairs());
    let (mut url, authority) = endpoint.url_with_path(path, 1 + query_raw + query_raw / 2);
    let mut spans = Vec::with_capacity(query.len());
    if query_raw > 0 {
        url.push('?');
        encode_pairs(&mut url, query.pairs(), &mut spans);
    }
    sort_spans(&mut spans);
    let host = &url[authority];

    let token = credentials.security_token();
    // The runtime's signed headers, by name already lower-case and in sorted order, so no map
    // or sort is needed; values are trimmed as `v3::canonical_request` does.
    let fixed: [(&str, Option<&str>); 9] = [
        ("content-type", has_body.then_some(content_type)),
        ("host", Some(host)),
        (
            "x-acs-accesskey-id",
            token.map(|_| credentials.access_key_id()),
        ),
        ("x-acs-action", Some(action)),
        ("x-acs-content-sha256", Some(hashed)),
        ("x-acs-date", Some(attempt.timestamp)),
        ("x-acs-security-token", token),
        ("x-acs-signature-nonce", Some(attempt.nonce)),
        ("x-acs-version", Some(service.version)),
    ];
    // The operation's own signed (`x-acs-*`) headers, lower-cased and sorted; none of them can
    // share a name with the runtime's. Empty, and so free, for RPC.
    let mut extra: Vec<(String, &str)> = operation_headers(params)
        .filter_map(|(name, value)| {
            let lower = name.to_ascii_lowercase();
            v3::is_signed_header(&lower).then_some((lower, value.as_ref()))
        })
        .collect();
    // Stable, so repeated names keep their order when their values are joined.
    extra.sort_by(|a, b| a.0.cmp(&b.0));

    let mut canonical = String::with_capacity(640 + url.len());
    canonical.push_str(method.as_str());
    canonical.push('\n');
    canonical.push_str(path);
    canonical.push('\n');
    // The query as encoded for the URL.
    for (index, span) in spans.iter().enumerate() {
        if index > 0 {
            canonical.push('&');
        }
        let (name, value) = span.encoded(&url);
        canonical.push_str(name);
        canonical.push('=');
        canonical.push_str(value);
    }
    canonical.push('\n');
    let signed_headers_start = if extra.is_empty() {
        // The usual case (every RPC request, most ROA ones): the runtime's headers only, in
        // their fixed order, without the merge.
        let present = || {
            fixed
                .iter()
                .filter_map(|(name, value)| value.map(|value| (*name, value)))
        };
        for (name, value) in present() {
            canonical.push_str(name);
            canonical.push(':');
            canonical.push_str(value.trim());
            canonical.push('\n');
        }
        canonical.push('\n');
        let start = canonical.len();
        for (index, (name, _)) in present().enumerate() {
            if index > 0 {
                canonical.push(';');
            }
            canonical.push_str(name);
        }
        start
    } else {
        for (name, values) in merged_headers(&fixed, &extra) {
            canonical.push_str(name);
            canonical.push(':');
            match values {
                HeaderValues::One(value) => canonical.push_str(value.trim()),
                HeaderValues::Joined(group) => {
                    for (index, (_, value)) in group.iter().enumerate() {
                        if index > 0 {
                            canonical.push(',');
                        }
                        canonical.push_str(value.trim());
                    }
                }
            }
            canonical.push('\n');
        }
        canonical.push('\n');
        // The signed-header list lies in the canonical request; the `Authorization` header
        // copies it from there.
        let start = canonical.len();
        for (index, (name, _)) in merged_headers(&fixed, &extra).enumerate() {
            if index > 0 {
                canonical.push(';');
            }
            canonical.push_str(name);
        }
        start
    };
    let signed_headers = signed_headers_start..canonical.len();
    canonical.push('\n');
    canonical.push_str(hashed);
    let string_to_sign = v3::string_to_sign(&canonical);
    let signature = v3::mac(credentials.access_key_secret(), string_to_sign.as_bytes());

    let access_key_id = credentials.access_key_id();
    let signed_headers = &canonical[signed_headers];
    let mut authorization = String::with_capacity(
        v3::ALGORITHM.len() + 40 + access_key_id.len() + signed_headers.len() + 64,
    );
    authorization.push_str(v3::ALGORITHM);
    authorization.push_str(" Credential=");
    authorization.push_str(access_key_id);
    authorization.push_str(",SignedHeaders=");
    authorization.push_str(signed_headers);
    authorization.push_str(",Signature=");
    authorization.push_str(signature.as_str());

    let mut headers: Vec<(Cow<'static, str>, Cow<'static, str>)> =
        Vec::with_capacity(11 + params.headers.len());
    headers.push(("x-acs-action".into(), action.into()));
    headers.push(("x-acs-version".into(), service.version.into()));
    headers.push(("x-acs-date".into(), attempt.timestamp.to_owned().into()));
    headers.push((
        "x-acs-signature-nonce".into(),
        attempt.nonce.to_owned().into(),
    ));
    headers.push(("x-acs-content-sha256".into(), hashed.to_owned().into()));
    if has_body {
        headers.push(("content-type".into(), content_type.into()));
    }
    if let Some(token) = token {
        headers.push(("x-acs-security-token".into(), token.to_owned().into()));
        headers.push(("x-acs-accesskey-id".into(), access_key_id.to_owned().into()));
    }
    headers.extend(operation_headers(params).map(owned_header));
    headers.push(("authorization".into(), authorization.into()));
    headers.push(("user-agent".into(), USER_AGENT.into()));
    headers.push(("accept".into(), "application/json".into()));
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

/// The values of one signed header.
enum HeaderValues<'a> {
    /// One of the runtime's headers.
    One(&'a str),
    /// The operation's headers of one (lower-cased) name, joined with `,` in the order given.
    Joined(&'a [(String, &'a str)]),
}

/// The signed headers in canonical order: the runtime's (`fixed`, sorted by name, `None` left
/// out) merged with the operation's (`extra`, lower-cased and sorted), each name once.
fn merged_headers<'a>(
    fixed: &'a [(&'a str, Option<&'a str>)],
    extra: &'a [(String, &'a str)],
) -> impl Iterator<Item = (&'a str, HeaderValues<'a>)> + 'a {
    let mut fixed = fixed
        .iter()
        .filter_map(|(name, value)| value.map(|value| (*name, value)))
        .peekable();
    let mut extra = extra;
    std::iter::from_fn(move || {
        let take_fixed = match (fixed.peek(), extra.first()) {
            (None, None) => return None,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some((fixed_name, _)), Some((extra_name, _))) => *fixed_name < extra_name.as_str(),
        };
        if take_fixed {
            return fixed
                .next()
                .map(|(name, value)| (name, HeaderValues::One(value)));
        }
        let name = extra.first().map(|(name, _)| name.as_str())?;
        let same = extra.iter().take_while(|(other, _)| other == name).count();
        let (group, rest) = extra.split_at(same);
        extra = rest;
        Some((name, HeaderValues::Joined(group)))
    })
}
