//! Turning one HTTP response into the operation's output, its error, or a decode error.

use std::sync::LazyLock;

use memchr::memmem::Finder;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::de::lenient;
use crate::error::{DecodeError, Error, ServiceError};
use crate::json_path;
use crate::service::{Operation, Protocol};

/// The fields of an error body; everything else is skipped without being built. ROA services
/// (and Tea's readers) also use lower-case names; each spelling is its own field, so a body with
/// both is not a duplicate-field error, and the capitalised one wins.
#[derive(Deserialize)]
struct ErrorProbe {
    #[serde(rename = "Code", default, deserialize_with = "lenient")]
    code: Option<String>,
    #[serde(rename = "code", default, deserialize_with = "lenient")]
    code_lower: Option<String>,
    #[serde(rename = "Message", default, deserialize_with = "lenient")]
    message: Option<String>,
    #[serde(rename = "message", default, deserialize_with = "lenient")]
    message_lower: Option<String>,
    #[serde(rename = "RequestId", default, deserialize_with = "lenient")]
    request_id: Option<String>,
    #[serde(rename = "requestId", default, deserialize_with = "lenient")]
    request_id_camel: Option<String>,
    #[serde(rename = "requestid", default, deserialize_with = "lenient")]
    request_id_lower: Option<String>,
    #[serde(rename = "HostId", default, deserialize_with = "lenient")]
    host_id: Option<String>,
    #[serde(rename = "Recommend", default, deserialize_with = "lenient")]
    recommend: Option<String>,
    #[serde(rename = "Success", default, deserialize_with = "lenient")]
    success: Option<bool>,
}

impl ErrorProbe {
    fn into_service_error(self, status: u16) -> Option<ServiceError> {
        let non_empty = |text: &Option<String>| text.as_ref().is_some_and(|t| !t.trim().is_empty());
        let code = [self.code, self.code_lower]
            .into_iter()
            .find(non_empty)
            .flatten()?;
        let message = self.message.or(self.message_lower).unwrap_or_default();
        let mut error = ServiceError::new(status, code, message);
        let request_id = [
            self.request_id,
            self.request_id_camel,
            self.request_id_lower,
        ]
        .into_iter()
        .find(non_empty)
        .flatten();
        if let Some(id) = request_id {
            error = error.with_request_id(id);
        }
        if let Some(host) = self.host_id {
            error = error.with_host_id(host);
        }
        if let Some(recommend) = self.recommend {
            error = error.with_recommend(recommend);
        }
        Some(error)
    }
}

/// The searcher for a `"Code"` key, built once: building one costs about as much as searching a
/// small body with it.
static CODE_KEY: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"\"Code\""));

/// Codes some products put in successful bodies.
fn is_success_code(code: &str) -> bool {
    let code = code.trim();
    ["200", "0", "OK", "Success"]
        .iter()
        .any(|ok| code.eq_ignore_ascii_case(ok))
}

/// What one response is, before any operation-specific decoding.
pub(crate) enum Classified {
    /// Not an error: the body should decode into the operation's output.
    Success,
    /// An error body.
    Service(ServiceError),
    /// An error status whose body is not an error object.
    Invalid(DecodeError),
}

/// Classifies a response. A 3xx is a redirect, never followed: an error. An error body is a status >= 400 with a `Code` (or `code`); for RPC,
/// also a JSON object whose `Code` is not a success code and whose `Success` is not `true`. ROA
/// success bodies carry their API's own fields at the top level (elasticsearch's `Code` and
/// `Success` among them) and the official SDKs never read them as errors, so every other ROA
/// status below 400 is a success.
///
/// Not generic, so the client compiles it once rather than once per operation; only
/// [`decode_output`] depends on the operation.
pub(crate) fn classify(protocol: Protocol, status: u16, body: &[u8]) -> Classified {
    if (300..400).contains(&status) {
        return Classified::Invalid(DecodeError::redirect(
            status,
            format!("HTTP {status}: a redirect, which is never followed"),
            body,
        ));
    }
    if status >= 400 {
        return match serde_json::from_slice::<ErrorProbe>(body)
            .ok()
            .and_then(|probe| probe.into_service_error(status))
        {
            Some(error) => Classified::Service(error),
            None => Classified::Invalid(DecodeError::new(
                status,
                format!("HTTP {status} with a body that is not an error object"),
                None,
                body,
            )),
        };
    }
    if protocol == Protocol::Roa {
        return Classified::Success;
    }
    // Only bodies that mention a `Code` key pay for the probe; success bodies rarely do.
    if CODE_KEY.find(body).is_some() {
        if let Ok(probe) = serde_json::from_slice::<ErrorProbe>(body) {
            let failed = probe.success != Some(true)
                && probe
                    .code
                    .as_deref()
                    .is_some_and(|code| !is_success_code(code));
            if failed {
                if let Some(error) = probe.into_service_error(status) {
                    return Classified::Service(error);
                }
            }
        }
    }
    Classified::Success
}

/// Decodes a body that [`classify`] found to be a success into `T`; on failure, a decode error
/// that keeps the raw body and says where decoding stopped.
///
/// An ROA response without a body (HTTP 204, or an empty or blank body) decodes as `{}`, so a
/// generated output (every field defaulted) comes back as its default; an output type that
/// cannot be built from `{}` is tried with `null` (`()`, `Option`), and failing both it is a
/// decode error. An RPC response always has a body, so an empty one stays a decode error.
pub(crate) fn decode_output<T: DeserializeOwned>(
    protocol: Protocol,
    status: u16,
    body: &[u8],
) -> Result<T, DecodeError> {
    let empty = status == 204 || body.iter().all(u8::is_ascii_whitespace);
    if protocol == Protocol::Roa && empty {
        return serde_json::from_slice::<T>(b"{}")
            .or_else(|_| serde_json::from_slice::<T>(b"null"))
            .map_err(|error| {
                DecodeError::new(
                    status,
                    format!("the response has no body, and the output needs one: {error}"),
                    None,
                    body,
                )
            });
    }
    serde_json::from_slice::<T>(body).map_err(|error| describe_failure(status, body, &error))
}

/// A decode error naming where in the body decoding stopped. Not generic: the path comes from
/// the error's position, so no response type is compiled twice for its error path.
fn describe_failure(status: u16, body: &[u8], error: &serde_json::Error) -> DecodeError {
    let path = if error.is_eof() {
        None
    } else {
        json_path::path_at(body, error.line(), error.column())
    };
    DecodeError::new(status, error.to_string(), path, body)
}

/// Decodes one HTTP response of operation `O` exactly as [`crate::Client::call`] does: an error body
/// becomes `Error::Service(O::Error::from(service_error))`, a success body is decoded leniently
/// into `O::Output`, anything else is a decode error that keeps the raw body, less the values of
/// the members [`Operation::SENSITIVE_RESPONSE`] names.
///
/// For an ROA operation ([`Operation::STYLE`] ROA), every status below 300 is a success, and a
/// response without a body (204, or empty) decodes as the output's default. A redirect (3xx) is
/// a decode error for both styles: the client never follows one.
pub fn decode_body<O: Operation>(status: u16, body: &[u8]) -> Result<O::Output, Error<O::Error>> {
    // The same two steps, in the same order, as the client's attempt: classify, then decode.
    let protocol = Protocol::of::<O>();
    let failed = |error: DecodeError| {
        Error::Decode(
            error
                .with_action(O::ACTION)
                .redact_members(O::SENSITIVE_RESPONSE),
        )
    };
    match classify(protocol, status, body) {
        Classified::Success => decode_output::<O::Output>(protocol, status, body).map_err(failed),
        Classified::Service(error) => Err(Error::Service(O::Error::from(error))),
        Classified::Invalid(error) => Err(failed(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::test_object;
    use crate::http::Method;
    use crate::params::Params;
    use crate::service::{Body, PathPiece, Style};

    test_object! {
        struct Out {
            data: String = "Data",
            request_id: String = "RequestId",
            success: bool = "Success",
            code: String = "Code",
            items: Vec<Inner> = "Items",
        }
    }

    test_object! {
        struct Inner {
            size: i32 = "Size",
        }
    }

    struct Op;
    impl Operation for Op {
        type Output = Out;
        type Error = ServiceError;
        const ACTION: &'static str = "Op";
        const METHOD: Method = Method::Post;
        // Only reads: safe to repeat after a failure whose outcome is unknown.
        const IDEMPOTENT: bool = true;
        fn write_params<'a>(&'a self, _params: &mut Params<'a>) {}
    }

    #[test]
    fn success() {
        let out =
            decode_body::<Op>(200, br#"{"Data":"123","RequestId":"89EF","Success":true}"#).unwrap();
        assert_eq!(out.data, "123");
        assert!(out.success);
        let out = decode_body::<Op>(200, br#"{"Code":"200","Data":"x","Success":true}"#).unwrap();
        assert_eq!(out.code, "200");
    }

    #[test]
    fn error_bodies() {
        let body = br#"{"RequestId":"5589F997","HostId":"linkwan.cn-shanghai.aliyuncs.com","Code":"InvalidName","Message":"The specified name is invalid.","Recommend":"https://api.aliyun.com/troubleshoot?q=InvalidName"}"#;
        let Err(Error::Service(e)) = decode_body::<Op>(400, body) else {
            panic!("expected a service error")
        };
        assert_eq!(e.code(), "InvalidName");
        assert_eq!(e.status(), 400);
        assert_eq!(e.request_id(), Some("5589F997"));
        assert_eq!(e.host_id(), Some("linkwan.cn-shanghai.aliyuncs.com"));
        assert!(e.recommend().is_some());
        // Same body with status 200: still an error (a Code and no success shape).
        let Err(Error::Service(e)) = decode_body::<Op>(200, body) else {
            panic!("expected a service error")
        };
        assert_eq!(e.status(), 200);
        let Err(Error::Service(e)) =
            decode_body::<Op>(200, br#"{"Success":false,"Code":"X","Message":"m"}"#)
        else {
            panic!("expected a service error")
        };
        assert_eq!(e.code(), "X");
    }

    #[test]
    fn undecodable() {
        let Err(Error::Decode(e)) = decode_body::<Op>(200, b"<html>oops</html>") else {
            panic!("expected a decode error")
        };
        assert_eq!(e.body(), b"<html>oops</html>");
        let Err(Error::Decode(e)) = decode_body::<Op>(200, br#"{"Items":[{"Size":"big"}]}"#) else {
            panic!("expected a decode error")
        };
        assert_eq!(e.path(), Some("Items[0].Size"));
        let Err(Error::Decode(e)) = decode_body::<Op>(503, b"Service Unavailable") else {
            panic!("expected a decode error")
        };
        assert_eq!(e.status(), 503);
        let Err(Error::Decode(_)) = decode_body::<Op>(200, b"") else {
            panic!("expected a decode error")
        };
        let Err(Error::Decode(_)) = decode_body::<Op>(200, br#"{"Data":"x"} trailing"#) else {
            panic!("expected a decode error")
        };
    }

    #[test]
    fn redirects_are_errors() {
        for status in [301, 302, 307, 308] {
            let Err(Error::Decode(e)) = decode_body::<Op>(status, b"moved") else {
                panic!("expected a decode error")
            };
            assert!(e.is_redirect() && e.status() == status);
            assert!(e.to_string().contains("never followed"), "{e}");
            assert!(matches!(
                decode_body::<RoaOp>(status, b""),
                Err(Error::Decode(_))
            ));
        }
    }

    struct RoaOp;
    impl Operation for RoaOp {
        type Output = Out;
        type Error = ServiceError;
        const ACTION: &'static str = "RoaOp";
        const METHOD: Method = Method::Put;
        const STYLE: Style = Style::Roa {
            path: &[PathPiece::Literal("/things/"), PathPiece::Param("Id")],
            body: Body::None,
        };
        fn write_params<'a>(&'a self, _params: &mut Params<'a>) {}
    }

    #[test]
    fn roa_error_bodies_in_either_case() {
        let upper = br#"{"RequestId":"R-1","HostId":"es.example","Code":"InstanceNotFound","Message":"no such instance","Recommend":"https://r"}"#;
        let lower =
            br#"{"requestId":"R-2","code":"InstanceNotFound","message":"no such instance"}"#;
        let lowest = br#"{"requestid":"R-3","code":"Throttling.User","message":"slow down"}"#;
        for (status, body, request_id) in [
            (404, &upper[..], "R-1"),
            (400, lower, "R-2"),
            (503, lowest, "R-3"),
        ] {
            let Err(Error::Service(e)) = decode_body::<RoaOp>(status, body) else {
                panic!("expected a service error")
            };
            assert_eq!(e.status(), status);
            assert_eq!(e.request_id(), Some(request_id));
            assert!(!e.message().is_empty());
        }
        let Err(Error::Service(e)) = decode_body::<RoaOp>(404, upper) else {
            panic!("expected a service error")
        };
        assert_eq!(
            (e.code(), e.host_id(), e.recommend()),
            ("InstanceNotFound", Some("es.example"), Some("https://r"))
        );
        // The capitalised spelling wins when both are present; RPC reads lower case too.
        let both = br#"{"Code":"Upper","code":"lower","Message":"M","message":"m"}"#;
        let Err(Error::Service(e)) = decode_body::<RoaOp>(400, both) else {
            panic!("expected a service error")
        };
        assert_eq!((e.code(), e.message()), ("Upper", "M"));
        let Err(Error::Service(e)) = decode_body::<Op>(400, lower) else {
            panic!("expected a service error")
        };
        assert_eq!(e.code(), "InstanceNotFound");
    }

    #[test]
    fn roa_success_bodies_are_not_probed_for_codes() {
        // An elasticsearch-style body with its own top-level `Code`: an error for RPC, the
        // operation's data for ROA.
        let body = br#"{"Code":"GREEN","Message":"","RequestId":"R","Data":"d"}"#;
        let out = decode_body::<RoaOp>(200, body).unwrap();
        assert_eq!((out.code.as_str(), out.data.as_str()), ("GREEN", "d"));
        assert!(matches!(
            decode_body::<Op>(200, body),
            Err(Error::Service(_))
        ));
    }

    #[test]
    fn roa_responses_without_a_body_decode_as_the_default() {
        assert_eq!(decode_body::<RoaOp>(204, b"").unwrap(), Out::default());
        assert_eq!(decode_body::<RoaOp>(200, b" \n").unwrap(), Out::default());
        // 204 means no body, whatever bytes came along.
        assert_eq!(
            decode_body::<RoaOp>(204, b"ignored").unwrap(),
            Out::default()
        );

        struct Unit;
        impl Operation for Unit {
            type Output = ();
            type Error = ServiceError;
            const ACTION: &'static str = "Unit";
            const METHOD: Method = Method::Delete;
            const STYLE: Style = Style::Roa {
                path: &[PathPiece::Literal("/u")],
                body: Body::None,
            };
            fn write_params<'a>(&'a self, _params: &mut Params<'a>) {}
        }
        decode_body::<Unit>(204, b"").unwrap();

        #[derive(Debug, Deserialize)]
        struct Strict {
            #[allow(dead_code)]
            required: String,
        }
        struct NeedsBody;
        impl Operation for NeedsBody {
            type Output = Strict;
            type Error = ServiceError;
            const ACTION: &'static str = "NeedsBody";
            const METHOD: Method = Method::Get;
            const STYLE: Style = Style::Roa {
                path: &[PathPiece::Literal("/n")],
                body: Body::None,
            };
            fn write_params<'a>(&'a self, _params: &mut Params<'a>) {}
        }
        let Err(Error::Decode(e)) = decode_body::<NeedsBody>(204, b"") else {
            panic!("expected a decode error")
        };
        assert!(e.message().contains("no body"), "{}", e.message());
    }
}
