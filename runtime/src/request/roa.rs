//! ROA requests: the operation's own path (from its template), a query, a JSON or form body,
//! `x-acs-version` and `x-acs-action` headers; signed with V3 (the default) or the classic ROA
//! signature.

use std::borrow::Cow;

use super::v3::{self, V3Parts};
use super::{
    encode_form, encode_form_into, operation_headers, order_by_name, owned_header, raw_len,
    Attempt, Call, Query, Signed, FORM, JSON, USER_AGENT,
};
use crate::credentials::Credentials;
use crate::error::ConfigError;
use crate::http::HttpRequest;
use crate::json_body::JsonBody;
use crate::params::Params;
use crate::path_template;
use crate::service::{Body, PathPiece};
use crate::sign::{format_http_date, roa, RoaSignature};

/// What an ROA request is, the same for every attempt.
pub struct RoaParts {
    /// The rendered, escaped path.
    path: String,
    /// The order of the call's query parameters, sorted by name (the order the official SDKs
    /// send them in): indices into [`Params::query`], `None` when they are in that order already.
    query_order: Option<Vec<usize>>,
    /// The exact body bytes: JSON text, form text, or empty.
    body: Vec<u8>,
    /// The body's content type (unused without a body).
    content_type: &'static str,
}

impl RoaParts {
    /// Renders the path and the body in the operation's encoding; form fields never move to the
    /// query. Body parameters of another encoding than the operation's are refused: they would
    /// be sent in a form the service does not read.
    pub(crate) fn new(
        pieces: &[PathPiece],
        encoding: Body,
        params: &Params,
    ) -> Result<Self, ConfigError> {
        let path = path_template::render(pieces, &params.path)?;
        let misplaced = match encoding {
            Body::Json => (!params.body.is_empty()).then_some("form fields"),
            Body::Form => params.json.is_some().then_some("a JSON body"),
            Body::None => (!params.body.is_empty() || params.json.is_some()).then_some("a body"),
        };
        if let Some(what) = misplaced {
            return Err(ConfigError::invalid_parameter(format!(
                "the operation's body is {}, yet its parameters hold {what}",
                match encoding {
                    Body::Json => "JSON",
                    Body::Form => "form-encoded",
                    Body::None => "empty",
                }
            )));
        }
        let (body, content_type) = match (&params.json, encoding) {
            (Some(json), _) => (json_bytes(json), JSON),
            _ => {
                let order = order_by_name(&params.body);
                let form = Query {
                    first: &params.body,
                    second: &[],
                    order: order.as_deref(),
                };
                (encode_form(form.pairs()).into_bytes(), FORM)
            }
        };
        Ok(RoaParts {
            path,
            query_order: order_by_name(&params.query),
            body,
            content_type,
        })
    }

    /// The query of `params` (the parameters the parts were made from) in URL order.
    fn query<'a>(&'a self, params: &'a Params) -> Query<'a> {
        Query {
            first: &params.query,
            second: &[],
            order: self.query_order.as_deref(),
        }
    }
}

/// The JSON body's bytes exactly as [`JsonBody::text`] writes them (compact, every object's keys
/// sorted bytewise), written straight into one buffer: member names and scalars go through
/// serde_json's writer instead of a `String` each.
fn json_bytes(json: &JsonBody) -> Vec<u8> {
    let written = match json {
        JsonBody::Text(text) => return text.as_bytes().to_vec(),
        JsonBody::Object(members) => {
            let mut out = Vec::with_capacity(128);
            write_json_object(&mut out, members.iter()).map(|()| out)
        }
        JsonBody::Value(value) => {
            let mut out = Vec::with_capacity(128);
            write_json_sorted(&mut out, value).map(|()| out)
        }
    };
    // Writing into a `Vec` does not fail; should serde_json ever refuse a value, the body is
    // still the reference text.
    written.unwrap_or_else(|_| json.text().into_owned().into_bytes())
}

/// Writes `value` compactly with every object's keys sorted, as `JsonBody::text` does.
fn write_json_sorted(out: &mut Vec<u8>, value: &serde_json::Value) -> serde_json::Result<()> {
    match value {
        serde_json::Value::Object(map) => {
            // Sorted here rather than trusting the map's order, which `preserve_order` changes;
            // a map already in order (always, without that feature) is written as it is.
            if map.keys().is_sorted() {
                return write_json_object(out, map.iter());
            }
            let mut members: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            members.sort_unstable_by(|a, b| a.0.cmp(b.0));
            write_json_object(out, members.into_iter())
        }
        serde_json::Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_json_sorted(out, item)?;
            }
            out.push(b']');
            Ok(())
        }
        // Scalars: serde_json's own compact text (string escaping, shortest float form).
        scalar => serde_json::to_writer(&mut *out, scalar),
    }
}

/// Writes an object whose members come already sorted.
fn write_json_object<'a>(
    out: &mut Vec<u8>,
    members: impl Iterator<Item = (&'a String, &'a serde_json::Value)>,
) -> serde_json::Result<()> {
    out.push(b'{');
    for (index, (name, value)) in members.enumerate() {
        if index > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, name.as_str())?;
        out.push(b':');
        write_json_sorted(out, value)?;
    }
    out.push(b'}');
    Ok(())
}

/// Builds and signs one attempt of an ROA operation.
pub(super) fn build(
    signature: RoaSignature,
    call: &Call<'_>,
    parts: &RoaParts,
    credentials: &Credentials,
    attempt: &Attempt<'_>,
) -> Signed {
    match signature {
        RoaSignature::V3 => v3::sign(
            call,
            V3Parts {
                path: &parts.path,
                query: parts.query(call.params),
                body: parts.body.clone(),
                content_type: parts.content_type,
            },
            credentials,
            attempt,
        ),
        RoaSignature::Classic => build_classic(call, parts, credentials, attempt),
    }
}

/// The classic ROA signature: the string to sign written straight from the request's parts, by
/// the rules of [`roa::string_to_sign`] (which the tests compare it with).
fn build_classic(
    call: &Call<'_>,
    parts: &RoaParts,
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
    let has_body = !parts.body.is_empty();
    let date = http_date(attempt.timestamp);
    let token = credentials.security_token();
    let content_type = if has_body { parts.content_type } else { "" };

    // The runtime's `x-acs-*` headers, by name in sorted order.
    let runtime_acs: [(&str, Option<&str>); 6] = [
        ("x-acs-action", Some(action)),
        ("x-acs-security-token", token),
        ("x-acs-signature-method", Some(roa::SIGNATURE_METHOD)),
        ("x-acs-signature-nonce", Some(attempt.nonce)),
        ("x-acs-signature-version", Some(roa::SIGNATURE_VERSION)),
        ("x-acs-version", Some(service.version)),
    ];
    // The operation's `x-acs-*` headers, lower-cased, sorted stably (repeated names keep their
    // order); none shares a name with the runtime's. Usually none, and then free.
    let mut operation_acs: Vec<(String, &str)> = operation_headers(params)
        .filter_map(|(name, value)| {
            let lower = name.to_ascii_lowercase();
            lower
                .starts_with("x-acs-")
                .then_some((lower, value.as_ref()))
        })
        .collect();
    operation_acs.sort_by(|a, b| a.0.cmp(&b.0));
    // `Content-MD5` is not a runtime header: the operation's, if it sends one.
    let content_md5 = operation_headers(params)
        .find(|(name, _)| name.eq_ignore_ascii_case("content-md5"))
        .map_or("", |(_, value)| value.as_ref());

    let query = parts.query(params);
    let query_raw = raw_len(query.pairs());
    let mut string_to_sign = String::with_capacity(384 + parts.path.len() + query_raw);
    for line in [
        method.as_str(),
        "application/json",
        content_md5,
        content_type,
        &date,
    ] {
        string_to_sign.push_str(line);
        string_to_sign.push('\n');
    }
    let mut runtime_acs = runtime_acs
        .iter()
        .filter_map(|(name, value)| value.map(|value| (*name, value)))
        .peekable();
    let mut operation_acs_iter = operation_acs.iter().peekable();
    loop {
        let take_runtime = match (runtime_acs.peek(), operation_acs_iter.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some((runtime, _)), Some((operation, _))) => *runtime < operation.as_str(),
        };
        let line = if take_runtime {
            runtime_acs.next()
        } else {
            operation_acs_iter
                .next()
                .map(|(name, value)| (name.as_str(), *value))
        };
        if let Some((name, value)) = line {
            roa::push_header_line(&mut string_to_sign, name, value);
        }
    }
    // The query is sorted by name for the URL; the resource wants name, then value, which is
    // the same order unless a name repeats with values out of order.
    let mut previous = None;
    let by_name_then_value = query.pairs().all(|pair| {
        let in_order = previous.is_none_or(|previous| previous <= pair);
        previous = Some(pair);
        in_order
    });
    if by_name_then_value {
        roa::push_resource(&mut string_to_sign, &parts.path, query.pairs());
    } else {
        let mut sorted: Vec<(&str, &str)> = query.pairs().collect();
        sorted.sort_unstable();
        roa::push_resource(&mut string_to_sign, &parts.path, sorted);
    }
    let signature = roa::mac(credentials.access_key_secret(), string_to_sign.as_bytes());
    let access_key_id = credentials.access_key_id();
    let mut authorization = String::with_capacity(5 + access_key_id.len() + 28);
    authorization.push_str("acs ");
    authorization.push_str(access_key_id);
    authorization.push(':');
    authorization.push_str(signature.as_str());

    let mut headers: Vec<(Cow<'static, str>, Cow<'static, str>)> =
        Vec::with_capacity(12 + params.headers.len());
    headers.push(("accept".into(), "application/json".into()));
    headers.push(("date".into(), date.into()));
    if has_body {
        headers.push(("content-type".into(), parts.content_type.into()));
    }
    headers.push(("x-acs-action".into(), action.into()));
    headers.push((
        "x-acs-signature-method".into(),
        roa::SIGNATURE_METHOD.into(),
    ));
    headers.push((
        "x-acs-signature-nonce".into(),
        attempt.nonce.to_owned().into(),
    ));
    headers.push((
        "x-acs-signature-version".into(),
        roa::SIGNATURE_VERSION.into(),
    ));
    headers.push(("x-acs-version".into(), service.version.into()));
    if let Some(token) = token {
        headers.push(("x-acs-security-token".into(), token.to_owned().into()));
    }
    headers.extend(operation_headers(params).map(owned_header));
    headers.push(("authorization".into(), authorization.into()));
    headers.push(("user-agent".into(), USER_AGENT.into()));

    let (mut url, _) = endpoint.url_with_path(&parts.path, 1 + query_raw + query_raw / 2);
    if query.len() > 0 {
        url.push('?');
        encode_form_into(&mut url, query.pairs());
    }
    Signed {
        request: HttpRequest {
            method,
            url,
            headers,
            body: parts.body.clone(),
            timeout: attempt.timeout,
        },
        string_to_sign,
    }
}

/// The `date` header for the attempt's timestamp (`2025-01-01T00:00:00Z` →
/// `Wed, 01 Jan 2025 00:00:00 GMT`), so both name the same instant. The client always writes the
/// timestamp in that form; anything else is passed through rather than replaced by another time.
fn http_date(timestamp: &str) -> String {
    parse_timestamp(timestamp)
        .map(format_http_date)
        .unwrap_or_else(|| timestamp.to_owned())
}

/// Parses `yyyy-MM-ddTHH:mm:ssZ`.
fn parse_timestamp(text: &str) -> Option<time::OffsetDateTime> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 20
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && bytes[16] == b':'
        && bytes[19] == b'Z';
    if !shape_ok {
        return None;
    }
    let number = |from: usize, to: usize| text.get(from..to)?.parse::<u16>().ok();
    let month = time::Month::try_from(u8::try_from(number(5, 7)?).ok()?).ok()?;
    let date = time::Date::from_calendar_date(
        i32::from(number(0, 4)?),
        month,
        u8::try_from(number(8, 10)?).ok()?,
    )
    .ok()?;
    let time = time::Time::from_hms(
        u8::try_from(number(11, 13)?).ok()?,
        u8::try_from(number(14, 16)?).ok()?,
        u8::try_from(number(17, 19)?).ok()?,
    )
    .ok()?;
    Some(time::PrimitiveDateTime::new(date, time).assume_utc())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::endpoint::Endpoint;
    use crate::http::Method;
    use crate::service::{EndpointRule, Service};
    use crate::sign::v3 as v3_sign;

    const ELASTICSEARCH: Service = Service {
        product: "elasticsearch",
        version: "2017-06-13",
        endpoint: EndpointRule {
            prefix: "elasticsearch",
            regional: true,
            hosts: &[],
        },
    };
    const SAE: Service = Service {
        product: "sae",
        version: "2019-05-06",
        endpoint: EndpointRule {
            prefix: "sae",
            regional: true,
            hosts: &[],
        },
    };

    /// The fixed nonce and date of the derived vectors.
    fn attempt() -> Attempt<'static> {
        Attempt {
            nonce: "3156853299f313e23d1673dc12e1703d",
            timestamp: "2025-01-01T00:00:00Z",
            timeout: Duration::from_secs(1),
        }
    }

    /// The parts of a call to `template` whose body is in the encoding the parameters hold.
    fn parts_of(template: &str, params: &Params) -> Result<RoaParts, ConfigError> {
        let body = if params.json.is_some() {
            Body::Json
        } else if params.body.is_empty() {
            Body::None
        } else {
            Body::Form
        };
        RoaParts::new(&crate::path_template::pieces(template), body, params)
    }

    fn credentials() -> Credentials {
        Credentials::new("testAccessKeyId", "testAccessKeySecret")
    }

    /// One derived vector's request: its service, method, action, path template and parameters.
    struct Case {
        service: Service,
        host: &'static str,
        method: Method,
        action: &'static str,
        template: &'static str,
        params: Params<'static>,
    }

    fn sign_case(case: &Case, signature: RoaSignature) -> Signed {
        let endpoint = Endpoint::parse(case.host).unwrap();
        let parts = parts_of(case.template, &case.params).unwrap();
        let call = Call {
            method: case.method,
            endpoint: &endpoint,
            service: &case.service,
            action: case.action,
            params: &case.params,
        };
        build(signature, &call, &parts, &credentials(), &attempt())
    }

    const ES_HOST: &str = "elasticsearch.cn-hangzhou.aliyuncs.com";
    const SAE_HOST: &str = "sae.cn-hangzhou.aliyuncs.com";

    /// The six requests of the derived vectors, in the order of [`V3_EXPECTED`] and
    /// [`CLASSIC_EXPECTED`].
    fn cases() -> Vec<Case> {
        let mut activate_zones = Params::default();
        activate_zones.path("InstanceId", "es-cn-n6w1o1x0w001c****");
        activate_zones.query("clientToken", "5A2CFF0E-5718-45B5-9D4D-70B3FF****");
        activate_zones.json_payload(&["cn-hangzhou-i", "cn-hangzhou-h"]);

        let mut update_instance = Params::default();
        update_instance.path("InstanceId", "es-cn-n6w1ptcb30009");
        // Written out of order: the query is sorted when sent.
        update_instance.query("orderActionType", "upgrade");
        update_instance.query("clientToken", "abc");
        update_instance.query("force", &false);
        update_instance.json_member("nodeSpec", &serde_json::json!({"disk": 40}));
        update_instance.json_member("description", &None::<String>);

        let mut list_instance = Params::default();
        list_instance.query("page", &1);
        list_instance.query("size", &10);
        list_instance.query("description", "my es");

        let mut web_application = Params::default();
        web_application.path("ApplicationId", "app id/1~*");
        web_application.query("NamespaceId", "cn-hangzhou:demo");

        let mut application_config = Params::default();
        application_config.query("AppId", "7171a6ca-d1cd-4928-8642-7d5cfe69****");

        let mut tag_resources = Params::default();
        tag_resources.body("ResourceType", "application");
        tag_resources.body("RegionId", "cn-hangzhou");
        tag_resources.body("Tags", r#"[{"key":"k1","value":"v1"}]"#);
        tag_resources.body("ResourceIds", r#"["d42921c4-5433-4abd-8075-0e536f8b****"]"#);

        vec![
            Case {
                service: ELASTICSEARCH,
                host: ES_HOST,
                method: Method::Post,
                action: "ActivateZones",
                template: "/openapi/instances/[InstanceId]/actions/recover-zones",
                params: activate_zones,
            },
            Case {
                service: ELASTICSEARCH,
                host: ES_HOST,
                method: Method::Put,
                action: "UpdateInstance",
                template: "/openapi/instances/[InstanceId]",
                params: update_instance,
            },
            Case {
                service: ELASTICSEARCH,
                host: ES_HOST,
                method: Method::Get,
                action: "ListInstance",
                template: "/openapi/instances",
                params: list_instance,
            },
            Case {
                service: SAE,
                host: SAE_HOST,
                method: Method::Get,
                action: "DescribeWebApplication",
                template: "/pop/v2/api/web/applications/[ApplicationId]",
                params: web_application,
            },
            Case {
                service: SAE,
                host: SAE_HOST,
                method: Method::Get,
                action: "DescribeApplicationConfig",
                template: "/pop/v1/sam/app/describeApplicationConfig",
                params: application_config,
            },
            Case {
                service: SAE,
                host: SAE_HOST,
                method: Method::Post,
                action: "TagResources",
                template: "/tags",
                params: tag_resources,
            },
        ]
    }

    /// Expected path, body and content type of each case.
    const WIRE: [(&str, &str, Option<&str>); 6] = [
        (
            "/openapi/instances/es-cn-n6w1o1x0w001c%2A%2A%2A%2A/actions/recover-zones",
            r#"["cn-hangzhou-i","cn-hangzhou-h"]"#,
            Some(JSON),
        ),
        (
            "/openapi/instances/es-cn-n6w1ptcb30009",
            r#"{"nodeSpec":{"disk":40}}"#,
            Some(JSON),
        ),
        ("/openapi/instances", "", None),
        ("/pop/v2/api/web/applications/app%20id%2F1~%2A", "", None),
        ("/pop/v1/sam/app/describeApplicationConfig", "", None),
        (
            "/tags",
            "RegionId=cn-hangzhou&ResourceIds=%5B%22d42921c4-5433-4abd-8075-0e536f8b%2A%2A%2A%2A%22%5D&ResourceType=application&Tags=%5B%7B%22key%22%3A%22k1%22%2C%22value%22%3A%22v1%22%7D%5D",
            Some(FORM),
        ),
    ];

    // Derived, NOT published (computed for this project and checked against Alibaba's Python
    // util functions): V3 over elasticsearch and sae requests. Regression vectors for the whole
    // assembly: path rendering, sorted query, JSON, array and form bodies, signed headers.
    const V3_EXPECTED: [(&str, &str, &str); 6] = [
        (
            "5640edd92490e56aefd66138fc23f13685579d26e7aa682c9b9f14d7570194bf",
            "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "11da394ca4adc8a56d96517f5f08a26b1522d07807b2eb6519ea6e8e848c5a1d",
        ),
        (
            "87646b7f0b20438ee67e28c753fadec9c82f2cb28d25d35b706a1cac59f10bce",
            "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "6e1d957025f64cf8ad0bb0a6e66d2ea3442e65c30415c7edd97811205f0e661b",
        ),
        (
            "a012b02837af996c2b341327764db783766d1aa4499f1830e3bff97831e82d07",
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "9875b2e5ce8fe6dc4ef5bd8ccee60bfceff4942c0ccc2dc5cbaa63995bbd0aaa",
        ),
        (
            "9048b9a1d07d4366769f1070491b9508dd9cd6da61506a4aede836b42fc5bccd",
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "171a0fdae454c8999a449805640a064b84b18ceab3e2fcd6a5f505f105e50d10",
        ),
        (
            "1d858f0d06d8bb21b7e818afa548f4ce2ff879dc34420488a3203a0aab4a9efa",
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "569efa82dbd48d076987dbf455983654b14cbb0e37546e0f3e91dd67990a28c5",
        ),
        (
            "3e72965493cea68b431fa0d865b31c4fae13db98595064c34daa9aa80fa32d53",
            "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "3295ae79bcaddf7da6fa29dc8a17ccca4427792c8bfcbc871c828d78a01ee2ad",
        ),
    ];

    #[test]
    fn derived_v3_vectors_through_the_assembly() {
        for ((case, (path, body, content_type)), (digest, signed_headers, signature)) in
            cases().iter().zip(WIRE).zip(V3_EXPECTED)
        {
            let signed = sign_case(case, RoaSignature::V3);
            let request = &signed.request;
            assert_eq!(signed.string_to_sign, format!("ACS3-HMAC-SHA256\n{digest}"));
            assert_eq!(
                request.header("authorization"),
                Some(
                    format!(
                        "ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders={signed_headers},Signature={signature}"
                    )
                    .as_str()
                ),
                "{}",
                case.action
            );
            assert!(request
                .url
                .starts_with(&format!("https://{}{path}", case.host)));
            assert_eq!(request.body, body.as_bytes());
            assert_eq!(request.header("content-type"), content_type);
            assert_eq!(
                request.header("x-acs-content-sha256"),
                Some(v3_sign::hashed_payload(body.as_bytes()).as_str())
            );
            assert_eq!(request.header("x-acs-action"), Some(case.action));
            assert_eq!(request.header("x-acs-version"), Some(case.service.version));
            assert_eq!(request.method, case.method);
        }
    }

    // Derived, NOT published: the classic ROA signature over the same requests (see
    // `sign::roa` for the string-to-sign checks). Regression vectors for the assembly: header
    // set, `date` from the attempt's timestamp, raw query values in the resource.
    const CLASSIC_EXPECTED: [&str; 6] = [
        "04KT8jjODtRx4zl0pbhJG9no+vo=",
        "9R2/trLAQ1gNWhp6MIfogAfD6mU=",
        "NXDsYumbhgaU0dI2nA57B/R2S24=",
        "LBi3BciV4lD8cMms8Ia408NgUQo=",
        "qQ3sLHb7bVxMDM097686cwF6FOU=",
        "YhkFn4qla57me4vP5j+no3t7OF8=",
    ];

    #[test]
    fn derived_classic_vectors_through_the_assembly() {
        for ((case, (path, body, content_type)), signature) in
            cases().iter().zip(WIRE).zip(CLASSIC_EXPECTED)
        {
            let signed = sign_case(case, RoaSignature::Classic);
            let request = &signed.request;
            assert_eq!(
                request.header("authorization"),
                Some(format!("acs testAccessKeyId:{signature}").as_str()),
                "{}: {}",
                case.action,
                signed.string_to_sign
            );
            assert_eq!(
                request.header("date"),
                Some("Wed, 01 Jan 2025 00:00:00 GMT")
            );
            assert!(request
                .url
                .starts_with(&format!("https://{}{path}", case.host)));
            assert_eq!(request.body, body.as_bytes());
            assert_eq!(request.header("content-type"), content_type);
            assert_eq!(request.header("x-acs-content-sha256"), None);
        }
    }

    #[test]
    fn sts_token_is_sent_and_signed() {
        let case = &cases()[2];
        let endpoint = Endpoint::parse(case.host).unwrap();
        let parts = parts_of(case.template, &case.params).unwrap();
        let call = Call {
            method: case.method,
            endpoint: &endpoint,
            service: &case.service,
            action: case.action,
            params: &case.params,
        };
        let sts = Credentials::with_security_token("STS.id", "secret", "tok/en");
        let classic = build(RoaSignature::Classic, &call, &parts, &sts, &attempt());
        assert_eq!(
            classic.request.header("x-acs-security-token"),
            Some("tok/en")
        );
        assert!(classic
            .string_to_sign
            .contains("\nx-acs-security-token:tok/en\n"));
        let v3 = build(RoaSignature::V3, &call, &parts, &sts, &attempt());
        assert_eq!(v3.request.header("x-acs-security-token"), Some("tok/en"));
        assert_eq!(v3.request.header("x-acs-accesskey-id"), Some("STS.id"));
        assert!(v3.request.header("authorization").unwrap().contains(
            "x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;"
        ));
        // Debug output of the request hides the token.
        assert!(!format!("{:?}", v3.request).contains("tok/en"));
    }

    // The operation's own headers are sent; `x-acs-*` ones are signed (merged into the sorted
    // runtime headers, repeated names joined), and a runtime header cannot be overridden.
    #[test]
    fn operation_headers_are_sent_and_signed() {
        let mut params = Params::default();
        params.header("x-acs-zone", " b ");
        params.header("X-Acs-Zone", "a");
        params.header("x-acs-aaa", "first");
        params.header("x-custom", "unsigned");
        params.header("x-acs-action", "Forged");
        params.header("Content-Type", "text/plain");
        let endpoint = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        let parts = parts_of("/h", &params).unwrap();
        let call = Call {
            method: Method::Delete,
            endpoint: &endpoint,
            service: &ELASTICSEARCH,
            action: "Act",
            params: &params,
        };
        let signed = build(RoaSignature::V3, &call, &parts, &credentials(), &attempt());
        let request = &signed.request;
        assert_eq!(request.header("x-acs-action"), Some("Act"));
        assert_eq!(request.header("content-type"), None);
        assert_eq!(request.header("x-custom"), Some("unsigned"));
        assert!(!request
            .headers
            .iter()
            .any(|(_, v)| v == "Forged" || v == "text/plain"));
        // The reference: `v3::canonical_request` over every header sent.
        let mut headers: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(n, _)| n != "authorization")
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        headers.push(("host".into(), endpoint.authority()));
        let canonical = v3_sign::canonical_request(
            "DELETE",
            "/h",
            &[],
            &headers,
            v3_sign::EMPTY_PAYLOAD_SHA256,
        );
        assert!(canonical.text.contains("\nx-acs-aaa:first\n"));
        assert!(canonical.text.contains("\nx-acs-zone:b,a\n"));
        assert_eq!(
            signed.string_to_sign,
            v3_sign::string_to_sign(&canonical.text)
        );

        let classic = build(
            RoaSignature::Classic,
            &call,
            &parts,
            &credentials(),
            &attempt(),
        );
        assert!(classic.string_to_sign.contains("\nx-acs-aaa:first\n"));
        assert!(!classic.string_to_sign.contains("Forged"));
    }

    // A repeated query name: sent in the order written (stable by name), signed sorted by name
    // and value, by both schemes, as the step-by-step functions sign it.
    #[test]
    fn repeated_query_names_are_signed_sorted_by_value() {
        let mut params = Params::default();
        params.query("b", "2");
        params.query("a", "x y");
        params.query("b", "1");
        params.header("X-Acs-Extra", "e");
        params.header("Content-MD5", "md5");
        let endpoint = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        let parts = parts_of("/q", &params).unwrap();
        let call = Call {
            method: Method::Get,
            endpoint: &endpoint,
            service: &ELASTICSEARCH,
            action: "Act",
            params: &params,
        };
        let creds = Credentials::with_security_token("id", "secret", "tok");
        let classic = build(RoaSignature::Classic, &call, &parts, &creds, &attempt());
        assert_eq!(
            classic.request.url,
            "http://127.0.0.1:8080/q?a=x%20y&b=2&b=1"
        );
        let headers: Vec<(&str, &str)> = classic
            .request
            .headers
            .iter()
            .filter(|(n, _)| n != "authorization")
            .map(|(n, v)| (n.as_ref(), v.as_ref()))
            .collect();
        let expected = roa::string_to_sign(
            "GET",
            "/q",
            &headers,
            &[("b", "2"), ("a", "x y"), ("b", "1")],
        );
        assert_eq!(classic.string_to_sign, expected);
        assert!(expected.ends_with("/q?a=x y&b=1&b=2"), "{expected}");
        assert!(
            expected.starts_with("GET\napplication/json\nmd5\n\n"),
            "{expected}"
        );
        assert_eq!(
            classic.request.header("authorization"),
            Some(format!("acs id:{}", roa::signature("secret", &expected)).as_str())
        );

        let v3 = build(RoaSignature::V3, &call, &parts, &creds, &attempt());
        assert_eq!(v3.request.url, "http://127.0.0.1:8080/q?a=x%20y&b=2&b=1");
        let mut headers: Vec<(String, String)> = v3
            .request
            .headers
            .iter()
            .filter(|(n, _)| n != "authorization")
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        headers.push(("host".into(), endpoint.authority()));
        let canonical = v3_sign::canonical_request(
            "GET",
            "/q",
            &params
                .query
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect::<Vec<_>>(),
            &headers,
            v3_sign::EMPTY_PAYLOAD_SHA256,
        );
        assert!(canonical.text.contains("\na=x%20y&b=1&b=2\n"));
        assert_eq!(v3.string_to_sign, v3_sign::string_to_sign(&canonical.text));
    }

    #[test]
    fn parts_choose_the_body() {
        let mut params = Params::default();
        params.body("form", "1");
        let parts = parts_of("/", &params).unwrap();
        assert_eq!(parts.body, b"form=1");
        assert_eq!(parts.content_type, FORM);
        // The operation's encoding decides: fields of another are refused, not dropped.
        let pieces = crate::path_template::pieces("/");
        let error = RoaParts::new(&pieces, Body::Json, &params).err().unwrap();
        assert!(error
            .to_string()
            .contains("body is JSON, yet its parameters hold form fields"));
        let error = RoaParts::new(&pieces, Body::None, &params).err().unwrap();
        assert!(error
            .to_string()
            .contains("body is empty, yet its parameters hold a body"));
        // Unset members still make `{}`.
        let mut params = Params::default();
        params.json_member("unset", &None::<i32>);
        let parts = parts_of("/", &params).unwrap();
        assert_eq!(parts.body, b"{}");
        assert_eq!(parts.content_type, JSON);
        let error = RoaParts::new(&pieces, Body::Form, &params).err().unwrap();
        assert!(error
            .to_string()
            .contains("body is form-encoded, yet its parameters hold a JSON body"));
        // A JSON operation that wrote nothing sends nothing.
        let parts = RoaParts::new(&pieces, Body::Json, &Params::default()).unwrap();
        assert!(parts.body.is_empty());
        let mut params = Params::default();
        params.json_text_payload("{\"raw\" :1}");
        assert_eq!(parts_of("/", &params).unwrap().body, b"{\"raw\" :1}");
        assert!(parts_of("/x/[Missing]", &params).is_err());
    }

    #[test]
    fn timestamps_become_http_dates() {
        assert_eq!(
            http_date("2025-01-01T00:00:00Z"),
            "Wed, 01 Jan 2025 00:00:00 GMT"
        );
        assert_eq!(
            http_date("2024-02-29T23:59:59Z"),
            "Thu, 29 Feb 2024 23:59:59 GMT"
        );
        assert_eq!(http_date("not a time"), "not a time");
        assert_eq!(http_date("2025-13-01T00:00:00Z"), "2025-13-01T00:00:00Z");
    }

    // The body written straight into bytes is the text `JsonBody::text` gives, for every kind
    // of body and value: nested and unsorted objects, arrays, escapes, floats, unicode, empty.
    #[test]
    fn json_bytes_match_json_body_text() {
        use serde_json::json;
        use std::collections::BTreeMap;
        let values = [
            json!(null),
            json!(true),
            json!(-12),
            json!(1.5),
            json!(1e300),
            json!(u64::MAX),
            json!("quote \" slash \\ tab \t nl \n ctrl \u{1} 你好 \u{1F600}"),
            json!([]),
            json!({}),
            json!([1, "a", {"z": 1, "a": [{"y": null, "b": false}]}]),
            json!({"b": {"d": 1, "c": [3, 2]}, "a": "x", "A": 0, "é": 1, "": 2}),
        ];
        for value in &values {
            let body = JsonBody::Value(value.clone());
            assert_eq!(json_bytes(&body), body.text().as_bytes(), "{value}");
        }
        let members: BTreeMap<String, serde_json::Value> = values
            .iter()
            .enumerate()
            .map(|(index, value)| (format!("m{index}\"名"), value.clone()))
            .collect();
        for body in [
            JsonBody::Object(members),
            JsonBody::Object(BTreeMap::new()),
            JsonBody::Text("{\"raw\" :1} ".to_owned()),
            JsonBody::Text(String::new()),
        ] {
            assert_eq!(json_bytes(&body), body.text().as_bytes());
        }
    }

    // Pairs already in name order need no index list; others are ordered stably by name, and
    // a form body is sent in that order either way.
    #[test]
    fn name_order_is_stable_and_skipped_when_sorted() {
        let pairs = |list: &[(&'static str, &'static str)]| -> Vec<crate::Pair<'static>> {
            list.iter().map(|&(n, v)| (n.into(), v.into())).collect()
        };
        assert_eq!(order_by_name(&pairs(&[])), None);
        assert_eq!(
            order_by_name(&pairs(&[("a", "2"), ("a", "1"), ("b", "0")])),
            None
        );
        assert_eq!(
            order_by_name(&pairs(&[("b", "0"), ("a", "2"), ("a", "1")])),
            Some(vec![1, 2, 0])
        );
        let mut params = Params::default();
        params.body("z", "1");
        params.body("a", "2");
        params.body("a", "1");
        assert_eq!(parts_of("/", &params).unwrap().body, b"a=2&a=1&z=1");
    }
}
