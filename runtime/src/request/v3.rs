//! The V3 (`ACS3-HMAC-SHA256`) assembly shared by RPC and ROA requests: query, `x-acs-*` headers,
//! canonical request, signature, `Authorization`. The two styles differ only in the path, the
//! query and the body they pass in.

use super::{
    as_strs, encode_pairs, operation_headers, raw_len, sort_spans, Attempt, Buffer, Call, Pair,
    Signed, USER_AGENT,
};
use crate::credentials::Credentials;
use crate::http::HttpRequest;
use crate::sign::v3;

/// What a request style decides; everything else comes from the [`Call`].
pub(super) struct V3Parts<'a> {
    /// The escaped request path, which is also the CanonicalURI: `/` for RPC.
    pub path: &'a str,
    /// The query parameters, in URL order: the operation's, then the form fields an RPC GET
    /// moves into the query.
    pub query: [&'a [Pair]; 2],
    /// The exact body bytes (hashed into the signature).
    pub body: Vec<u8>,
    /// The body's content type, sent and signed when there is a body.
    pub content_type: &'a str,
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
    let hashed = if has_body {
        v3::hashed_payload(&body)
    } else {
        v3::EMPTY_PAYLOAD_SHA256.to_owned()
    };

    let query_pairs = || query.iter().flat_map(|pairs| pairs.iter()).map(as_strs);
    let query_raw = raw_len(query_pairs());
    let mut url = endpoint.url_with_path(path);
    let mut spans = Vec::with_capacity(query[0].len() + query[1].len());
    if query_raw > 0 {
        url.reserve(1 + query_raw + query_raw / 2);
        url.push('?');
        encode_pairs(&mut url, Buffer::Url, query_pairs(), &mut spans);
    }
    sort_spans(&mut spans);

    let host = endpoint.authority();
    let token = credentials.security_token();
    // The runtime's signed headers, by name already lower-case and in sorted order, so no map
    // or sort is needed; values are trimmed as `v3::canonical_request` does.
    let fixed: [(&str, Option<&str>); 9] = [
        ("content-type", has_body.then_some(content_type)),
        ("host", Some(&host)),
        (
            "x-acs-accesskey-id",
            token.map(|_| credentials.access_key_id()),
        ),
        ("x-acs-action", Some(action)),
        ("x-acs-content-sha256", Some(&hashed)),
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
            v3::is_signed_header(&lower).then_some((lower, value.as_str()))
        })
        .collect();
    // Stable, so repeated names keep their order when their values are joined.
    extra.sort_by(|a, b| a.0.cmp(&b.0));

    let mut signed_headers = String::with_capacity(160);
    let mut canonical = String::with_capacity(512 + url.len());
    canonical.push_str(method.as_str());
    canonical.push('\n');
    canonical.push_str(path);
    canonical.push('\n');
    for (index, span) in spans.iter().enumerate() {
        if index > 0 {
            canonical.push('&');
        }
        let (name, value) = span.encoded(&url, "");
        canonical.push_str(name);
        canonical.push('=');
        canonical.push_str(value);
    }
    canonical.push('\n');
    let mut push_header = |name: &str, value: &str| {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(value);
        canonical.push('\n');
        if !signed_headers.is_empty() {
            signed_headers.push(';');
        }
        signed_headers.push_str(name);
    };
    // Merges the two sorted lists; repeated extra names are joined with `,` as
    // `v3::canonical_request` joins them.
    let mut fixed_iter = fixed
        .iter()
        .filter_map(|(name, value)| value.map(|value| (*name, value)))
        .peekable();
    let mut extra_iter = extra.iter().peekable();
    loop {
        let take_fixed = match (fixed_iter.peek(), extra_iter.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some((fixed_name, _)), Some((extra_name, _))) => *fixed_name < extra_name.as_str(),
        };
        if take_fixed {
            if let Some((name, value)) = fixed_iter.next() {
                push_header(name, value.trim());
            }
        } else if let Some((name, value)) = extra_iter.next() {
            let mut joined = value.trim().to_owned();
            while let Some((_, next)) = extra_iter.next_if(|(next, _)| next == name) {
                joined.push(',');
                joined.push_str(next.trim());
            }
            push_header(name, &joined);
        }
    }
    canonical.push('\n');
    canonical.push_str(&signed_headers);
    canonical.push('\n');
    canonical.push_str(&hashed);
    let string_to_sign = v3::string_to_sign(&canonical);
    let signature = v3::signature(credentials.access_key_secret(), &string_to_sign);

    let mut headers: Vec<(String, String)> = Vec::with_capacity(11 + params.headers.len());
    headers.push(("x-acs-action".into(), action.into()));
    headers.push(("x-acs-version".into(), service.version.into()));
    headers.push(("x-acs-date".into(), attempt.timestamp.into()));
    headers.push(("x-acs-signature-nonce".into(), attempt.nonce.into()));
    headers.push(("x-acs-content-sha256".into(), hashed));
    if has_body {
        headers.push(("content-type".into(), content_type.into()));
    }
    if let Some(token) = token {
        headers.push(("x-acs-security-token".into(), token.into()));
        headers.push((
            "x-acs-accesskey-id".into(),
            credentials.access_key_id().into(),
        ));
    }
    headers.extend(operation_headers(params).cloned());
    headers.push((
        "authorization".into(),
        v3::authorization(credentials.access_key_id(), &signed_headers, &signature),
    ));
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
