//! Waiters: for each waiter a spec records on its polled operation, a `wait_until_*` method on
//! the version's client and its loopback tests. The method states the facts (operation, path,
//! values, codes, defaults) and a reader of the watched member; the runtime's `Wait` polls.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Map, Value};

use crate::names;
use crate::spec::model::{OperationSpec, Type};
use crate::spec::waiters::{EmptyMeans, MatchMode, WaiterSpec};

use super::docs;
use super::names::ident;
use super::shapes::{OperationShape, Reporter, RustType, StructShape};

/// One waiter, resolved against its operation's shapes.
#[derive(Debug, Clone)]
pub struct WaiterShape {
    /// The client method (`wait_until_instance_running`).
    pub method: String,
    /// The spec's record.
    pub spec: WaiterSpec,
    /// The body of `fn states(response: &Response) -> Vec<Cow<'_, str>>`.
    reader: String,
    /// States the tests use before success: documented values that neither end nor fail the
    /// wait (or a made-up one when the page documents none).
    pending: Vec<String>,
    /// The member is a number: test bodies carry its states as JSON numbers.
    numeric: bool,
}

/// The waiters of `spec`, each with a reader of its member; a waiter whose member the shapes
/// type in a way no state can be read from is a warning and gets no method.
pub fn waiter_shapes(
    spec: &OperationSpec,
    shape: &OperationShape,
    report: &mut Reporter<'_>,
) -> Vec<WaiterShape> {
    let mut out = Vec::new();
    for waiter in &spec.waiters {
        match reader(&waiter.path, &shape.response, &shape.response_nested) {
            Ok(reader) => {
                let (documented, numeric) = documented_values(spec, &waiter.path);
                let mut pending: Vec<String> = documented
                    .into_iter()
                    .filter(|v| !waiter.success.contains(v) && !waiter.failure.contains(v))
                    .take(2)
                    .collect();
                if pending.is_empty() {
                    pending.push(if numeric { "-1" } else { "NotYet" }.to_string());
                }
                out.push(WaiterShape {
                    method: format!("wait_until_{}", snake(&waiter.name)),
                    spec: waiter.clone(),
                    reader: reader.to_string(),
                    pending,
                    numeric,
                })
            }
            Err(why) => report.warn(
                "waiter-unusable",
                format!(
                    "no method for waiter `{}` of `{}`: {why}",
                    waiter.name, spec.name
                ),
            ),
        }
    }
    out
}

/// A waiter's name in snake case (the configuration checked it is PascalCase).
fn snake(name: &str) -> String {
    names::snake_case(name).unwrap_or_else(|| name.to_ascii_lowercase())
}

/// The documented values of the member at `path` of the spec's response, in page order, and
/// whether it is a number (its states travel as JSON numbers).
fn documented_values(spec: &OperationSpec, path: &str) -> (Vec<String>, bool) {
    let mut members = &spec.response;
    let mut values = Vec::new();
    let mut numeric = false;
    for segment in path.split('.') {
        let name = segment.trim_end_matches("[]");
        let Some(member) = members.iter().find(|m| m.name == name) else {
            return (Vec::new(), false);
        };
        values = member.values.iter().map(|v| v.value.clone()).collect();
        let item = match &member.ty {
            Type::Array(item) => &**item,
            other => other,
        };
        numeric = matches!(item, Type::Integer | Type::Long);
        members = &member.members;
    }
    (values, numeric)
}

/// An iterator chain from the response down the path, yielding one `&str` per state.
fn reader(
    path: &str,
    response: &StructShape,
    nested: &[StructShape],
) -> Result<TokenStream, String> {
    let mut chain = quote!(std::iter::once(response));
    let mut current = response;
    let segments: Vec<&str> = path.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let wire = segment.trim_end_matches("[]");
        let field = current
            .fields
            .iter()
            .find(|f| f.wire == wire)
            .ok_or_else(|| format!("`{wire}` is not a field of `{}`", current.name))?;
        let id = ident(&field.ident);
        let last = i + 1 == segments.len();
        let (inner, list) = match &field.ty {
            RustType::List(item) => (&**item, true),
            other => (other, false),
        };
        // The items (or the value) of this field, as references.
        chain = match (list, field.optional) {
            (true, true) => quote!(#chain.flat_map(|v| v.#id.iter().flatten())),
            (true, false) => quote!(#chain.flat_map(|v| v.#id.iter())),
            (false, true) if !last => quote!(#chain.filter_map(|v| v.#id.as_ref())),
            (false, false) => quote!(#chain.map(|v| &v.#id)),
            (false, true) => quote!(#chain.map(|v| v.#id.as_ref())),
        };
        if last {
            // Text is borrowed; an integer is written out, as the configuration names it.
            let state = match inner {
                RustType::String | RustType::Enum(_) => {
                    quote!(std::borrow::Cow::Borrowed(s.as_str()))
                }
                RustType::Integer => quote!(std::borrow::Cow::Owned(s.to_string())),
                _ => return Err(format!("`{path}` is not read as text or an integer")),
            };
            let text = if field.optional && !list {
                quote!(.map(|v| v.map_or(std::borrow::Cow::Borrowed(""), |s| #state)))
            } else {
                quote!(.map(|s| #state))
            };
            return Ok(quote!(#chain #text .collect()));
        }
        let RustType::Struct(name) = inner else {
            return Err(format!("`{wire}` is not a struct"));
        };
        current = nested
            .iter()
            .find(|s| &s.name == name)
            .ok_or_else(|| format!("no struct `{name}`"))?;
    }
    Err(format!("`{path}` is empty"))
}

/// The client method of one waiter.
pub fn method(
    waiter: &WaiterShape,
    action: &str,
    module: &str,
    request: &str,
    response: &str,
) -> TokenStream {
    let spec = &waiter.spec;
    let method = ident(&waiter.method);
    let module = ident(module);
    let request = ident(request);
    let response = ident(response);
    let reader: TokenStream = waiter
        .reader
        .parse()
        .expect("the reader was made from tokens");
    let name = &spec.name;
    let path = &spec.path;
    let success = &spec.success;
    let failure = &spec.failure;
    let retry = &spec.retry;
    let gone = &spec.gone;
    let matching = match spec.matching {
        MatchMode::All => quote!(All),
        MatchMode::Any => quote!(Any),
    };
    let on_empty = match spec.empty {
        EmptyMeans::Wait => quote!(Wait),
        EmptyMeans::Success => quote!(Success),
    };
    let secs = |value: Option<u64>, field: TokenStream| match value {
        Some(secs) => quote!(std::time::Duration::from_secs(#secs)),
        None => quote!(alibabacloud_runtime::WaitConfig::DEFAULT.#field),
    };
    let min_delay = secs(spec.min_delay, quote!(min_delay));
    let max_delay = secs(spec.max_delay, quote!(max_delay));
    let max_wait = secs(spec.max_wait, quote!(max_wait));
    let doc = docs::outer(&docs::paragraphs(method_doc(waiter, action)));
    quote! {
        #doc
        #[inline]
        pub fn #method(
            &self,
            request: #module::#request,
        ) -> alibabacloud_runtime::Wait<#module::#request> {
            fn states(response: &#module::#response) -> Vec<std::borrow::Cow<'_, str>> {
                #reader
            }
            static WAITER: alibabacloud_runtime::Waiter<#module::#request> =
                alibabacloud_runtime::Waiter {
                    name: #name,
                    path: #path,
                    states,
                    matching: alibabacloud_runtime::Match::#matching,
                    success: &[ #( #success ),* ],
                    failure: &[ #( #failure ),* ],
                    on_empty: alibabacloud_runtime::OnEmpty::#on_empty,
                    retry_codes: &[ #( #retry ),* ],
                    gone_codes: &[ #( #gone ),* ],
                    defaults: alibabacloud_runtime::WaitConfig {
                        min_delay: #min_delay,
                        max_delay: #max_delay,
                        max_wait: #max_wait,
                        jitter: true,
                    },
                };
            alibabacloud_runtime::Wait::new(self.inner.clone(), &SERVICE, request, &WAITER)
        }
    }
}

/// `a`, `b` or `c`, each in code.
fn listed(values: &[String], last: &str) -> String {
    let values: Vec<String> = values.iter().map(|v| docs::code(v)).collect();
    match values.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., final_one] => format!("{} {last} {final_one}", rest.join(", ")),
    }
}

fn method_doc(waiter: &WaiterShape, action: &str) -> Vec<String> {
    let spec = &waiter.spec;
    let list = spec.path.contains("[]");
    let whose = match (list, spec.matching) {
        (false, _) => String::new(),
        (true, MatchMode::All) => " (every item of the list)".to_string(),
        (true, MatchMode::Any) => " (any item of the list)".to_string(),
    };
    let mut ends = Vec::new();
    if !spec.success.is_empty() {
        ends.push(format!(
            "{}{whose} is {}",
            docs::code(&spec.path),
            listed(&spec.success, "or")
        ));
    }
    if spec.empty == EmptyMeans::Success {
        ends.push("the list is empty".to_string());
    }
    if !spec.gone.is_empty() {
        ends.push(format!("the service answers {}", listed(&spec.gone, "or")));
    }
    let mut paragraphs = vec![format!(
        "Waits until {}: calls {} with `request` until {}.",
        docs::plain(&spec.name),
        docs::code(action),
        ends.join(", or ")
    )];
    if !spec.failure.is_empty() {
        paragraphs.push(format!(
            "A state of {} ends the wait with `WaitError::Failed`.",
            listed(&spec.failure, "or")
        ));
    }
    if !spec.retry.is_empty() {
        paragraphs.push(format!(
            "The error {} means not there yet: the wait goes on.",
            listed(&spec.retry, "or")
        ));
    }
    let secs = |v: Option<u64>, default: u64| v.unwrap_or(default);
    paragraphs.push(format!(
        "Delays from {} s to {} s between calls, {} s in all, unless set on the returned \
         [`Wait`](alibabacloud_runtime::Wait) (`.max_wait(…)`, `.min_delay(…)`, \
         `.max_delay(…)`); `.await` it for the outcome.",
        secs(spec.min_delay, 5),
        secs(spec.max_delay, 60),
        secs(spec.max_wait, 600),
    ));
    paragraphs
}

/// A response body whose watched member holds `states` (one item each when the path goes
/// through a list; the first state otherwise).
fn body(path: &str, states: &[&str], numeric: bool) -> String {
    let segments: Vec<&str> = path.split('.').collect();
    let value = build(&segments, states, true, numeric);
    let mut object = match value {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    object.insert("RequestId".into(), json!("waiter-test"));
    Value::Object(object).to_string()
}

/// The JSON for `segments`, with the first list holding one item per state.
fn build(segments: &[&str], states: &[&str], spread: bool, numeric: bool) -> Value {
    let Some((first, rest)) = segments.split_first() else {
        let state = states.first().copied().unwrap_or_default();
        return match state.parse::<i64>() {
            Ok(number) if numeric => json!(number),
            _ => json!(state),
        };
    };
    let (name, list) = match first.strip_suffix("[]") {
        Some(name) => (name, true),
        None => (*first, false),
    };
    let inner = if list && spread {
        Value::Array(
            states
                .iter()
                .map(|s| build(rest, std::slice::from_ref(s), false, numeric))
                .collect(),
        )
    } else if list {
        Value::Array(vec![build(rest, states, false, numeric)])
    } else {
        build(rest, states, spread, numeric)
    };
    let mut map = Map::new();
    map.insert(name.to_string(), inner);
    Value::Object(map)
}

/// The version module's `#[cfg(test)] mod waiter_tests`: for each waiter, against the loopback
/// test server, the states walked to success, a failure state (when it has one), an error code
/// it retries or takes as gone, and the deadline.
pub fn test_module(
    waiters: &[(&WaiterShape, &str, &OperationShape, Vec<String>)],
    client: &str,
) -> TokenStream {
    if waiters.is_empty() {
        return quote!();
    }
    let client = ident(client);
    let mut tests = Vec::new();
    for (waiter, action, shape, args) in waiters {
        let spec = &waiter.spec;
        let base = snake(&spec.name);
        let method = ident(&waiter.method);
        let module = ident(&shape.module);
        let request_type = ident(&shape.request.name);
        let args: Vec<TokenStream> = args
            .iter()
            .map(|a| a.parse().expect("arguments are Rust literals"))
            .collect();
        let request = quote!(#module::#request_type::new(#( #args ),*));
        let pending: Vec<&str> = waiter.pending.iter().map(String::as_str).collect();
        let list = spec.path.contains("[]");
        // Success: every pending state, then the success state (or an empty list).
        let mut walk: Vec<String> = pending
            .iter()
            .map(|p| body(&spec.path, &[p], waiter.numeric))
            .collect();
        let reached = if let Some(success) = spec.success.first() {
            let done = if list && spec.matching == MatchMode::All {
                vec![success.as_str(), success.as_str()]
            } else {
                vec![success.as_str()]
            };
            Some(body(&spec.path, &done, waiter.numeric))
        } else if spec.empty == EmptyMeans::Success {
            Some(body(&spec.path, &[], waiter.numeric))
        } else {
            None
        };
        if let Some(reached) = &reached {
            walk.push(reached.clone());
            let calls = u32::try_from(walk.len()).unwrap_or(u32::MAX);
            let requests = walk.len();
            let name = ident(&format!("{base}_walks_to_success"));
            tests.push(quote! {
                #[tokio::test]
                async fn #name() {
                    let (server, client) = serve().await;
                    answer(&server, &[ #( #walk ),* ]);
                    let done = client.#method(#request).config(QUICK).await.expect("success");
                    assert_eq!(done.attempts, #calls);
                    assert!(done.response.is_some());
                    assert_eq!(server.requests(), #requests);
                    // Every call is the polled operation, signed as the server expects.
                    for seen in server.seen() {
                        assert!(seen.verified, "{seen:?}");
                        let rpc = seen.query.iter().any(|(name, value)| name == "Action" && value == #action);
                        assert!(rpc || seen.header("x-acs-action") == Some(#action), "{seen:?}");
                    }
                }
            });
        }
        if let Some(failure) = spec.failure.first() {
            let failed = body(&spec.path, &[failure], waiter.numeric);
            let first = body(&spec.path, &[pending[0]], waiter.numeric);
            let name = ident(&format!("{base}_stops_on_a_failure_state"));
            tests.push(quote! {
                #[tokio::test]
                async fn #name() {
                    let (server, client) = serve().await;
                    answer(&server, &[#first, #failed]);
                    let error = client.#method(#request).config(QUICK).await.expect_err("a failure state");
                    match &error {
                        alibabacloud_runtime::WaitError::Failed { state, attempts, .. } => {
                            assert_eq!(state, #failure);
                            assert_eq!(*attempts, 2);
                        }
                        other => panic!("expected a failure state, got {other}"),
                    }
                }
            });
        }
        for (codes, gone) in [(&spec.retry, false), (&spec.gone, true)] {
            let Some(code) = codes.first() else { continue };
            let name = ident(&format!(
                "{base}_{}",
                if gone {
                    "ends_on_a_gone_code"
                } else {
                    "retries_a_not_found_code"
                }
            ));
            let check = match (&reached, gone) {
                (_, true) => quote! {
                    let done = client.#method(#request).config(QUICK).await.expect("gone");
                    assert!(done.response.is_none());
                    assert_eq!(done.attempts, 1);
                },
                (Some(reached), false) => quote! {
                    answer(&server, &[#reached]);
                    let done = client.#method(#request).config(QUICK).await.expect("success after the retried code");
                    assert_eq!(done.attempts, 2);
                },
                (None, false) => continue,
            };
            tests.push(quote! {
                #[tokio::test]
                async fn #name() {
                    let (server, client) = serve().await;
                    server.push_faults([alibabacloud_test_server::Fault::Service {
                        status: 404,
                        code: #code.to_string(),
                        message: "The specified resource is not found.".to_string(),
                    }]);
                    #check
                }
            });
        }
        let still = body(&spec.path, &[pending[0]], waiter.numeric);
        let name = ident(&format!("{base}_ends_at_the_deadline"));
        tests.push(quote! {
            #[tokio::test]
            async fn #name() {
                let (server, client) = serve().await;
                server.always(alibabacloud_test_server::Fault::Answer(
                    alibabacloud_test_server::Answer::json(200, #still),
                ));
                let error = client.#method(#request).config(QUICK).max_wait(SHORT).await.expect_err("the deadline");
                match &error {
                    alibabacloud_runtime::WaitError::TimedOut { last_state, .. } => {
                        assert!(last_state.is_some(), "{error}");
                    }
                    other => panic!("expected the deadline, got {other}"),
                }
            }
        });
    }
    quote! {
        #[cfg(test)]
        mod waiter_tests {
            use super::*;
            use std::time::Duration;

            /// Delays in tests: the loop, not the clock, is under test.
            const QUICK: alibabacloud_runtime::WaitConfig = alibabacloud_runtime::WaitConfig {
                min_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(2),
                max_wait: Duration::from_secs(60),
                jitter: true,
            };
            /// A deadline several calls long.
            const SHORT: Duration = Duration::from_millis(60);

            async fn serve() -> (alibabacloud_test_server::TestServer, #client) {
                let server = alibabacloud_test_server::TestServer::start().await;
                server.add_key("waiter-key", "waiter-secret", None);
                let client = #client::builder()
                    .credentials(alibabacloud_runtime::Credentials::new("waiter-key", "waiter-secret"))
                    .region("cn-hangzhou")
                    .endpoint(server.endpoint())
                    .build()
                    .expect("a client of the loopback server");
                (server, client)
            }

            /// Answers the next calls with these bodies, in order.
            fn answer(server: &alibabacloud_test_server::TestServer, bodies: &[&str]) {
                server.push_faults(bodies.iter().map(|body| {
                    alibabacloud_test_server::Fault::Answer(alibabacloud_test_server::Answer::json(200, *body))
                }));
            }

            #( #tests )*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_spread_states_over_the_first_list() {
        assert_eq!(
            body(
                "Instances.Instance[].Status",
                &["Pending", "Running"],
                false
            ),
            r#"{"Instances":{"Instance":[{"Status":"Pending"},{"Status":"Running"}]},"RequestId":"waiter-test"}"#
        );
        assert_eq!(
            body("Instances.Instance[].Status", &[], false),
            r#"{"Instances":{"Instance":[]},"RequestId":"waiter-test"}"#
        );
        assert_eq!(
            body("Status", &["Active"], false),
            r#"{"RequestId":"waiter-test","Status":"Active"}"#
        );
        assert_eq!(
            body("List[].State", &["5"], true),
            r#"{"List":[{"State":5}],"RequestId":"waiter-test"}"#
        );
    }
}
