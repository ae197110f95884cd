//! Answering one request: record it, apply a queued fault, check the signature, answer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use http_body_util::BodyExt;
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};

use crate::body::ServerBody;

use crate::signing::{
    classic_signature, classic_string_to_sign, decode_pairs, sha256_hex, v1_signature,
    v1_string_to_sign, v3_canonical_request, v3_signature, v3_string_to_sign,
};
use crate::{Answer, Fault, Seen, SignatureScheme, State};

fn json(status: u16, body: String, headers: &[(&str, String)]) -> Response<ServerBody> {
    let mut builder = Response::builder()
        .status(status)
        .header("content-type", "application/json");
    for (name, value) in headers {
        builder = builder.header(*name, value.as_str());
    }
    builder.body(ServerBody::full(body)).unwrap()
}

fn error_body(status: u16, code: &str, message: &str, request_id: &str) -> Response<ServerBody> {
    let body = serde_json::json!({
        "RequestId": request_id,
        "HostId": "linkwan.cn-shanghai.aliyuncs.com",
        "Code": code,
        "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=LinkWAN&requestId={request_id}"),
    });
    json(status, body.to_string(), &[])
}

fn answer(answer: Answer) -> Response<ServerBody> {
    let mut builder = Response::builder().status(answer.status);
    let has_type = answer
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
    if !has_type && !answer.body.is_empty() {
        builder = builder.header("content-type", "application/json");
    }
    for (name, value) in &answer.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder.body(ServerBody::full(answer.body)).unwrap()
}

type Reply = Result<Response<ServerBody>, std::io::Error>;

/// The success answer to a verified request.
fn success(action: &str, request_id: &str, responses: &HashMap<String, String>) -> Reply {
    if let Some(body) = responses.get(action) {
        return Ok(json(
            200,
            body.clone(),
            &[("x-acs-request-id", request_id.to_owned())],
        ));
    }
    // A generic success shape, with a number sent as text (as real payloads do).
    let success = serde_json::json!({
        "RequestId": request_id,
        "Data": action,
        "Count": "42",
        "Success": true,
    });
    Ok(json(
        200,
        success.to_string(),
        &[("x-acs-request-id", request_id.to_owned())],
    ))
}

/// What a fault answers; `None` when the request goes on (after `Slow`'s delay).
async fn misbehave(fault: Fault, request_id: &str) -> Option<Reply> {
    Some(match fault {
        Fault::Internal => Ok(error_body(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error.",
            request_id,
        )),
        Fault::UnavailableHtml => Ok(Response::builder()
            .status(503)
            .header("content-type", "text/html")
            .body(ServerBody::full(Bytes::from_static(
                b"<html><body>503 Service Temporarily Unavailable</body></html>",
            )))
            .unwrap()),
        Fault::Throttling { time_left_ms } => {
            let mut response = error_body(
                400,
                "Throttling.User",
                "Request was denied due to user flow control.",
                request_id,
            );
            if let Some(ms) = time_left_ms {
                response.headers_mut().insert(
                    "x-ratelimit-user-api",
                    format!("Limit:10,Remain:0,TimeLeft:{ms},Reset:0")
                        .parse()
                        .unwrap(),
                );
            }
            Ok(response)
        }
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            return None;
        }
        Fault::Drop => Err(std::io::Error::other("dropping the connection")),
        Fault::Garbage => Ok(Response::builder()
            .status(200)
            .body(ServerBody::full(Bytes::from_static(
                b"\x00\xffnot json at all{",
            )))
            .unwrap()),
        Fault::WrongShape => {
            let body = serde_json::json!({"RequestId": request_id, "Data": "x", "Count": {"unexpected": true}, "Success": true});
            Ok(json(200, body.to_string(), &[]))
        }
        Fault::InvalidName => Ok(error_body(
            400,
            "InvalidName",
            "The specified name is invalid.",
            request_id,
        )),
        Fault::Forbidden => Ok(error_body(
            403,
            "Forbidden.RAM",
            "User not authorized to operate on the specified resource.",
            request_id,
        )),
        Fault::Service {
            status,
            code,
            message,
        } => Ok(error_body(status, &code, &message, request_id)),
        Fault::Answer(configured) => Ok(answer(configured)),
        Fault::HugeContentLength(length) => Ok(Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("content-length", length)
            .header("x-acs-request-id", request_id)
            .body(ServerBody::Stalled { started: false })
            .unwrap()),
        Fault::LongBody(length) => Ok(Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("x-acs-request-id", request_id)
            .body(ServerBody::Chunked {
                remaining: length,
                chunk: 16 * 1024,
            })
            .unwrap()),
        // Runs the request first; handled by the caller.
        Fault::Executed(inner) => return Box::pin(misbehave(*inner, request_id)).await,
    })
}

/// What a verified request was signed by.
struct Verified {
    /// The action called (`Action` or `x-acs-action`).
    action: String,
}

/// Why a request was refused: the error body to answer with.
struct Rejection {
    status: u16,
    code: String,
    message: String,
}

fn reject(status: u16, code: &str, message: &str) -> Rejection {
    Rejection {
        status,
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

pub(crate) async fn handle(state: Arc<Mutex<State>>, request: Request<Incoming>) -> Reply {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let raw_query = request.uri().query().unwrap_or("").to_owned();
    let query = decode_pairs(&raw_query);
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let body_bytes = match request.into_body().collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(e) => return Err(std::io::Error::other(e)),
    };
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    // Only a form is read as parameters (RPC always sends one); JSON bodies are kept raw.
    let is_form =
        header("content-type").is_none_or(|t| t.starts_with("application/x-www-form-urlencoded"));
    let body = if is_form {
        decode_pairs(&String::from_utf8_lossy(&body_bytes))
    } else {
        Vec::new()
    };
    let authorization = header("authorization").unwrap_or_default();
    let scheme = if authorization.starts_with("ACS3-HMAC-SHA256") {
        SignatureScheme::V3
    } else if authorization.starts_with("acs ") {
        SignatureScheme::RoaClassic
    } else {
        SignatureScheme::RpcV1
    };
    let nonce = match scheme {
        SignatureScheme::V3 | SignatureScheme::RoaClassic => header("x-acs-signature-nonce"),
        SignatureScheme::RpcV1 => query
            .iter()
            .chain(body.iter())
            .find(|(n, _)| n == "SignatureNonce")
            .map(|(_, v)| v.clone()),
    };
    let request_id = uuid::Uuid::new_v4().to_string().to_uppercase();

    let (index, fault, reused, keys, tamper, responses) = {
        let mut s = state.lock().unwrap();
        s.seen.push(Seen {
            method: method.clone(),
            path: path.clone(),
            raw_query,
            query: query.clone(),
            body: body.clone(),
            raw_body: body_bytes.clone(),
            headers: headers.clone(),
            nonce: nonce.clone(),
            scheme,
            verified: false,
            executed: false,
        });
        let reused = match &nonce {
            Some(n) => !s.nonces.insert(n.clone()),
            None => false,
        };
        let fault = s.faults.pop_front().or_else(|| s.always.clone());
        (
            s.seen.len() - 1,
            fault,
            reused,
            s.keys.clone(),
            s.tamper_string_to_sign,
            s.responses.clone(),
        )
    };

    // Faults that answer before the signature check (a gateway, the service refusing); the
    // others answer after it.
    let after_check = match fault {
        Some(
            fault @ (Fault::Service { .. }
            | Fault::Answer(_)
            | Fault::Executed(_)
            | Fault::HugeContentLength(_)
            | Fault::LongBody(_)),
        ) => Some(fault),
        Some(fault) => {
            if let Some(reply) = misbehave(fault, &request_id).await {
                return reply;
            }
            None
        }
        None => None,
    };

    if reused {
        return Ok(error_body(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
            &request_id,
        ));
    }

    let received = Received {
        method: &method,
        path: &path,
        query: &query,
        body: &body,
        body_bytes: &body_bytes,
        headers: &headers,
    };
    let verified = match verify(scheme, &received, &keys, tamper) {
        Ok(verified) => verified,
        Err(rejection) => {
            return Ok(error_body(
                rejection.status,
                &rejection.code,
                &rejection.message,
                &request_id,
            ))
        }
    };
    state.lock().unwrap().seen[index].verified = true;
    let action = verified.action;

    match after_check {
        Some(Fault::Executed(inner)) => {
            state.lock().unwrap().seen[index].executed = true;
            match misbehave(*inner, &request_id).await {
                Some(reply) => reply,
                None => success(&action, &request_id, &responses),
            }
        }
        Some(fault) => misbehave(fault, &request_id)
            .await
            .unwrap_or_else(|| success(&action, &request_id, &responses)),
        None => {
            state.lock().unwrap().seen[index].executed = true;
            success(&action, &request_id, &responses)
        }
    }
}

/// A request as received, for the signature checks.
struct Received<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a [(String, String)],
    body: &'a [(String, String)],
    body_bytes: &'a [u8],
    headers: &'a [(String, String)],
}

impl Received<'_> {
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// Checks the request's signature (and STS token) with the server's own code.
fn verify(
    scheme: SignatureScheme,
    request: &Received<'_>,
    keys: &HashMap<String, (String, Option<String>)>,
    tamper: bool,
) -> Result<Verified, Rejection> {
    // Tampering changes the method the server signs, so any request's string to sign differs.
    let method = if tamper {
        format!("X{}", request.method)
    } else {
        request.method.to_owned()
    };
    let all: Vec<(String, String)> = request
        .query
        .iter()
        .chain(request.body.iter())
        .cloned()
        .collect();
    let (key_id, claimed, string_to_sign, token, action) = match scheme {
        SignatureScheme::V3 => {
            let auth = request.header("authorization").unwrap_or_default();
            let rest = auth.trim_start_matches("ACS3-HMAC-SHA256").trim();
            let mut fields = HashMap::new();
            for part in rest.split(',') {
                if let Some((k, v)) = part.split_once('=') {
                    fields.insert(k.trim().to_owned(), v.trim().to_owned());
                }
            }
            let signed = fields.get("SignedHeaders").cloned().unwrap_or_default();
            for required in [
                "host",
                "x-acs-action",
                "x-acs-version",
                "x-acs-date",
                "x-acs-signature-nonce",
                "x-acs-content-sha256",
            ] {
                if !signed.split(';').any(|h| h == required) {
                    return Err(reject(
                        400,
                        "IncompleteSignature",
                        &format!("{required} is not signed"),
                    ));
                }
            }
            if request.header("x-acs-content-sha256").as_deref()
                != Some(sha256_hex(request.body_bytes).as_str())
            {
                return Err(reject(
                    400,
                    "InvalidParameter.ContentSha256",
                    "x-acs-content-sha256 does not match the body",
                ));
            }
            let canonical = v3_canonical_request(
                &method,
                request.path,
                request.query,
                request.headers,
                &signed,
                request.body_bytes,
            );
            (
                fields.get("Credential").cloned().unwrap_or_default(),
                fields.get("Signature").cloned().unwrap_or_default(),
                v3_string_to_sign(&canonical),
                request.header("x-acs-security-token"),
                request.header("x-acs-action").unwrap_or_default(),
            )
        }
        SignatureScheme::RoaClassic => {
            for (name, expected) in [
                ("x-acs-signature-method", Some("HMAC-SHA1")),
                ("x-acs-signature-version", Some("1.0")),
                ("x-acs-signature-nonce", None),
                ("x-acs-version", None),
                ("date", None),
            ] {
                let value = request.header(name);
                let ok = match expected {
                    Some(expected) => value.as_deref() == Some(expected),
                    None => value.is_some_and(|v| !v.is_empty()),
                };
                if !ok {
                    return Err(reject(
                        400,
                        "MissingParameter",
                        &format!("the {name} header is missing or wrong"),
                    ));
                }
            }
            let auth = request.header("authorization").unwrap_or_default();
            let credential = auth.trim_start_matches("acs ").trim();
            let (key_id, signature) = credential.split_once(':').unwrap_or((credential, ""));
            let string_to_sign =
                classic_string_to_sign(&method, request.path, request.query, request.headers);
            (
                key_id.to_owned(),
                signature.to_owned(),
                string_to_sign,
                request.header("x-acs-security-token"),
                request.header("x-acs-action").unwrap_or_default(),
            )
        }
        SignatureScheme::RpcV1 => {
            let get = |name: &str| all.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
            for (name, expected) in [
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureVersion", "1.0"),
                ("Format", "JSON"),
            ] {
                if get(name).as_deref() != Some(expected) {
                    return Err(reject(
                        400,
                        &format!("Missing{name}"),
                        &format!("{name} must be {expected}"),
                    ));
                }
            }
            for name in ["Action", "Version", "Timestamp", "SignatureNonce"] {
                if get(name).is_none() {
                    return Err(reject(
                        400,
                        &format!("Missing{name}"),
                        &format!("{name} is mandatory"),
                    ));
                }
            }
            (
                get("AccessKeyId").unwrap_or_default(),
                get("Signature").unwrap_or_default(),
                v1_string_to_sign(request.method, &all, tamper),
                get("SecurityToken"),
                get("Action").unwrap_or_default(),
            )
        }
    };
    let Some((secret, required_token)) = keys.get(&key_id) else {
        return Err(reject(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ));
    };
    if required_token.is_some() && token != *required_token {
        return Err(reject(
            400,
            "InvalidSecurityToken.Malformed",
            "The security token is invalid.",
        ));
    }
    let expected = match scheme {
        SignatureScheme::V3 => v3_signature(secret, &string_to_sign),
        SignatureScheme::RoaClassic => classic_signature(secret, &string_to_sign),
        SignatureScheme::RpcV1 => v1_signature(secret, &string_to_sign),
    };
    if expected != claimed {
        let message = format!("Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}");
        return Err(reject(400, "SignatureDoesNotMatch", &message));
    }
    Ok(Verified { action })
}
