//! Tests generated into each operation file, from the page's examples and error table, and the
//! usage example of the crate docs.
//!
//! The tests pin the generated code to what the page documents: the request example's values,
//! set through `new` and the setters, write exactly the documented parameters; the JSON example
//! decodes; each documented error code decodes to its variant and an unknown one to `Other`.

use std::collections::BTreeMap;
use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::spec::model::{Format, Location, OperationSpec, RequestExample, Style};

use super::docs;
use super::names::ident;
use super::shapes::{FieldShape, OperationShape, Reporter, RustType, StructShape, TimeForm};

/// The `#[cfg(test)] mod tests` of one operation file; empty when the page gives nothing to test.
pub fn test_module(
    spec: &OperationSpec,
    shape: &OperationShape,
    reporter: &mut Reporter<'_>,
) -> TokenStream {
    let mut comments: Vec<String> = Vec::new();
    let mut tests: Vec<TokenStream> = Vec::new();
    if let Some(example) = &spec.examples.request {
        let test = match spec.style() {
            Style::Rpc => request_example_test(shape, &example.params),
            Style::Roa => roa_request_example_test(shape, example, spec.http.path.as_deref()),
        };
        match test {
            Ok(test) => tests.push(test),
            Err(why) => {
                reporter.warn(
                    "example-not-tested",
                    format!(
                        "the request example of `{}` is not tested: {why}",
                        spec.name
                    ),
                );
                comments.push(format!("The request example is not tested: {why}."));
            }
        }
    }
    if let Some(json) = &spec.examples.json {
        match response_example_test(shape, json) {
            Ok(test) => tests.push(test),
            Err(why) => {
                reporter.warn(
                    "example-not-tested",
                    format!("the JSON example of `{}` is not tested: {why}", spec.name),
                );
                comments.push(format!("The JSON example is not tested: {why}."));
            }
        }
    }
    tests.push(error_tests(shape));
    let comments = comments.iter().map(|c| {
        let text = format!(" {}", comment_text(c));
        quote!(#[comment = #text])
    });
    quote! {
        #[cfg(test)]
        mod tests {
            #( #comments )*
            use super::*;

            #( #tests )*
        }
    }
}

/// Text safe in a `//` comment: one line, no control or bidirectional characters.
fn comment_text(text: &str) -> String {
    let cleaned = docs::markdown(text);
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A documented request parameter tree: `Tag.1.Key=a` is `Tag` -> `1` -> `Key` -> `a`.
#[derive(Debug)]
enum ExampleValue {
    Leaf(String),
    Node(BTreeMap<String, ExampleValue>),
}

fn example_tree(
    params: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, ExampleValue>, String> {
    let mut root: BTreeMap<String, ExampleValue> = BTreeMap::new();
    for (name, value) in params {
        let segments: Vec<&str> = name.split('.').collect();
        let mut node = &mut root;
        for (i, segment) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            if last {
                if node
                    .insert(segment.to_string(), ExampleValue::Leaf(value.clone()))
                    .is_some()
                {
                    return Err(format!("`{name}` is both a value and a prefix"));
                }
            } else {
                let entry = node
                    .entry(segment.to_string())
                    .or_insert_with(|| ExampleValue::Node(BTreeMap::new()));
                node = match entry {
                    ExampleValue::Node(children) => children,
                    ExampleValue::Leaf(_) => {
                        return Err(format!("`{name}` is both a value and a prefix"))
                    }
                };
            }
        }
    }
    Ok(root)
}

fn request_example_test(
    shape: &OperationShape,
    params: &BTreeMap<String, String>,
) -> Result<TokenStream, String> {
    let tree = example_tree(params)?;
    let structs: BTreeMap<&str, &StructShape> = shape
        .request_nested
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    let build = struct_expr(&shape.request, &tree, &structs)?;
    // A JSON parameter is written compactly, whatever spacing the page's example has.
    let expected = params.iter().map(|(name, value)| {
        let json = type_at(&shape.request, &structs, name) == Some(&RustType::Json);
        let compact = json
            .then(|| serde_json::from_str::<serde_json::Value>(value).ok())
            .flatten()
            .map(|v| v.to_string());
        let value = compact.as_deref().unwrap_or(value);
        quote!((#name, #value))
    });
    let expected = if params.is_empty() {
        quote!(let expected: Vec<(String, String)> = Vec::new();)
    } else {
        quote! {
            let expected: Vec<(String, String)> = [#( #expected ),*]
                .iter()
                .map(|&(name, value)| (name.to_string(), value.to_string()))
                .collect();
        }
    };
    let fresh_token = match &shape.client_token {
        Some(wire) if !params.contains_key(wire) => fresh_token_check(wire, quote!(written)),
        _ => quote!(),
    };
    // A region the example leaves out is the client's, filled when a call is made: here, with
    // no client, its place is written empty.
    let client_region = shape
        .request
        .fields
        .iter()
        .filter(|f| f.region_from_client && !params.contains_key(&f.wire))
        .map(|f| {
            let wire = &f.wire;
            quote! {
                let before = written.len();
                written.retain(|(name, value)| !(name == #wire && value.is_empty()));
                assert_eq!(written.len() + 1, before, "the client's region has its place");
            }
        });
    let fresh_token = quote! { #fresh_token #( #client_region )* };
    Ok(quote! {
        /// The page's request example, built with `new` and the setters, writes exactly the
        /// documented parameters.
        #[test]
        fn writes_the_documented_request_example() {
            let request = #build;
            let mut params = alibabacloud_runtime::Params::default();
            alibabacloud_runtime::Operation::write_params(&request, &mut params);
            let mut written: Vec<(String, String)> = params
                .query
                .into_iter()
                .chain(params.body)
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
            #fresh_token
            written.sort();
            #expected
            assert_eq!(written, expected);
        }
    })
}

/// The type of the member a flattened wire name (`Rule.1.Dimensions`) writes, if any.
fn type_at<'s>(
    shape: &'s StructShape,
    structs: &BTreeMap<&str, &'s StructShape>,
    wire: &str,
) -> Option<&'s RustType> {
    let mut segments = wire.split('.');
    let first = segments.next()?;
    let mut field = shape.fields.iter().find(|f| f.wire == first)?;
    let mut ty = &field.ty;
    loop {
        match ty {
            RustType::List(item) => {
                segments.next()?;
                ty = item;
            }
            RustType::Struct(name) => {
                let inner = structs.get(name.as_str())?;
                let next = segments.next()?;
                field = inner.fields.iter().find(|f| f.wire == next)?;
                ty = &field.ty;
            }
            _ => return segments.next().is_none().then_some(ty),
        }
    }
}

/// The path values of an ROA example: the template's `[Name]` segments matched against the
/// example path's segments, decoded.
fn path_values(template: &str, path: &str) -> Result<BTreeMap<String, String>, String> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return Err(format!(
            "the example path `{path}` does not follow the template `{template}`"
        ));
    }
    let mut values = BTreeMap::new();
    for (t, p) in t.iter().zip(&p) {
        match t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            Some(name) => {
                values.insert(name.to_string(), percent_decode(p)?);
            }
            None if t == p => {}
            None => {
                return Err(format!(
                    "the example path `{path}` does not follow the template `{template}`"
                ))
            }
        }
    }
    Ok(values)
}

/// `%XX` escapes decoded; text that is not valid UTF-8 after decoding is an error.
fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{text}` does not decode to text"))
}

/// The ROA request example as a test: `new` and the setters, given the example's path values,
/// query and body, write exactly that path, query and JSON body.
fn roa_request_example_test(
    shape: &OperationShape,
    example: &RequestExample,
    template: Option<&str>,
) -> Result<TokenStream, String> {
    let template = template.ok_or("the operation has no path template")?;
    let path = example.path.as_deref().ok_or("the example has no path")?;
    let structs: BTreeMap<&str, &StructShape> = shape
        .request_nested
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    let path_values = path_values(template, path)?;
    let mut values: BTreeMap<&str, TokenStream> = BTreeMap::new();
    let field_of = |wire: &str, location: Location| {
        shape
            .request
            .fields
            .iter()
            .find(|f| f.wire == wire && f.location == Some(location) && !f.payload)
    };
    for (name, value) in &path_values {
        let field = field_of(name, Location::Path)
            .ok_or_else(|| format!("path parameter `{name}` is not a documented parameter"))?;
        values.insert(
            &field.wire,
            value_expr(
                field,
                &field.ty,
                &ExampleValue::Leaf(value.clone()),
                &structs,
                false,
            )?,
        );
    }
    for (name, value) in &example.params {
        let field = field_of(name, Location::Query)
            .ok_or_else(|| format!("`{name}` is not a documented query parameter"))?;
        values.insert(
            &field.wire,
            value_expr(
                field,
                &field.ty,
                &ExampleValue::Leaf(value.clone()),
                &structs,
                false,
            )?,
        );
    }
    let body: Option<serde_json::Value> = match &example.body {
        Some(text) => {
            Some(serde_json::from_str(text).map_err(|e| format!("its body is not JSON ({e})"))?)
        }
        None => None,
    };
    if let Some(body) = &body {
        match shape.request.fields.iter().find(|f| f.payload) {
            Some(payload) => {
                values.insert(
                    &payload.wire,
                    json_expr(&payload.ty, body, &structs, false)?,
                );
            }
            None => {
                let serde_json::Value::Object(members) = body else {
                    return Err("its body is not a JSON object of body parameters".to_string());
                };
                for (key, value) in members {
                    let field = field_of(key, Location::Body)
                        .ok_or_else(|| format!("`{key}` is not a documented body parameter"))?;
                    values.insert(&field.wire, json_expr(&field.ty, value, &structs, false)?);
                }
            }
        }
    }
    let build = construct(&shape.request, values)?;
    let pairs = |list: &BTreeMap<String, String>| {
        let items = list.iter().map(|(n, v)| quote!((#n, #v)));
        quote!([#( #items ),*].iter().map(|&(n, v): &(&str, &str)| (n.to_string(), v.to_string())).collect::<Vec<(String, String)>>())
    };
    // A JSON parameter is written compactly, whatever spacing the page's example has.
    let query: BTreeMap<String, String> = example
        .params
        .iter()
        .map(|(k, v)| {
            let json = field_of(k, Location::Query).is_some_and(|f| f.ty == RustType::Json);
            let compact = json
                .then(|| serde_json::from_str::<serde_json::Value>(v).ok())
                .flatten()
                .map(|value| value.to_string());
            (k.clone(), compact.unwrap_or_else(|| v.clone()))
        })
        .collect();
    let expected_query = pairs(&query);
    let expected_path = pairs(&path_values);
    // An operation with body members sends `{}` when none is set, as Alibaba's SDKs do.
    let has_body_members = shape
        .request
        .fields
        .iter()
        .any(|f| f.location == Some(Location::Body) && !f.payload);
    // A client token the example does not set is filled with a fresh one, checked apart.
    let token_given = |wire: &str| {
        example.params.iter().any(|(name, _)| name == wire)
            || body
                .as_ref()
                .and_then(serde_json::Value::as_object)
                .is_some_and(|members| members.contains_key(wire))
    };
    let token_field = shape
        .client_token
        .as_ref()
        .filter(|wire| !token_given(wire))
        .and_then(|wire| shape.request.fields.iter().find(|f| &f.wire == wire));
    let (fresh_query_token, fresh_body_token) = match token_field {
        Some(field) if field.location == Some(Location::Body) => {
            let wire = &field.wire;
            (
                quote!(),
                quote! {
                    let token = written_body
                        .as_mut()
                        .and_then(serde_json::Value::as_object_mut)
                        .and_then(|members| members.remove(#wire))
                        .expect("a fresh client token is sent when none is set");
                    assert_eq!(token.as_str().map(str::len), Some(36), "a UUID: {token}");
                },
            )
        }
        Some(field) if matches!(field.location, Some(Location::Query) | None) => {
            (fresh_token_check(&field.wire, quote!(query)), quote!())
        }
        _ => (quote!(), quote!()),
    };
    let body_binding = if fresh_body_token.is_empty() {
        quote!(let written_body = params.json_body();)
    } else {
        quote!(let mut written_body = params.json_body();)
    };
    let expected_body = match &body {
        Some(value) => {
            let text = string_literal(&value.to_string());
            quote!(Some(serde_json::from_str::<serde_json::Value>(#text).expect("example JSON")))
        }
        None if has_body_members => quote!(Some(serde_json::json!({}))),
        None => quote!(None),
    };
    Ok(quote! {
        /// The page's request example, built with `new` and the setters, writes exactly the
        /// documented path values, query and body.
        #[test]
        fn writes_the_documented_request_example() {
            let request = #build;
            let mut params = alibabacloud_runtime::Params::default();
            alibabacloud_runtime::Operation::write_params(&request, &mut params);
            let owned = |pairs: &[alibabacloud_runtime::Pair<'_>]| -> Vec<(String, String)> {
                pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
            };
            let mut query = owned(&params.query);
            #fresh_query_token
            query.sort();
            let mut path = owned(&params.path);
            path.sort();
            assert_eq!(query, #expected_query);
            assert_eq!(path, #expected_path);
            let body: Option<serde_json::Value> = #expected_body;
            #body_binding
            #fresh_body_token
            assert_eq!(written_body, body);
        }
    })
}

/// Test statements that find the fresh client token the request writes when the example sets
/// none, check it is a UUID, and take it out of `list` (name/value pairs) so the rest compares
/// with the example.
fn fresh_token_check(wire: &str, list: TokenStream) -> TokenStream {
    quote! {
        let token = #list
            .iter()
            .position(|(name, _)| name == #wire)
            .expect("a fresh client token is sent when none is set");
        let (_, token) = #list.remove(token);
        assert_eq!(token.len(), 36, "a UUID: {token}");
    }
}

/// `Name::new(required…)` and a setter per optional value, from expressions by wire name.
fn construct(
    shape: &StructShape,
    mut values: BTreeMap<&str, TokenStream>,
) -> Result<TokenStream, String> {
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for field in &shape.fields {
        match (field.optional, values.remove(field.wire.as_str())) {
            (false, None) => return Err(format!("required `{}` has no example value", field.wire)),
            (false, Some(value)) => args.push(value),
            (true, Some(value)) => {
                let setter = ident(&field.ident);
                setters.push(quote!(.#setter(#value)));
            }
            (true, None) => {}
        }
    }
    if let Some(extra) = values.keys().next() {
        return Err(format!(
            "`{extra}` is not a documented parameter of `{}`",
            shape.name
        ));
    }
    let name = ident(&shape.name);
    Ok(quote!(#name::new(#( #args ),*) #( #setters )*))
}

/// The expression for one JSON example value of type `ty`, when the value fits the type
/// exactly (so that serialising the built value gives the example back).
fn json_expr(
    ty: &RustType,
    value: &serde_json::Value,
    structs: &BTreeMap<&str, &StructShape>,
    exact: bool,
) -> Result<TokenStream, String> {
    use serde_json::Value;
    match (ty, value) {
        (RustType::String, Value::String(text)) => Ok(if exact {
            quote!(String::from(#text))
        } else {
            quote!(#text)
        }),
        (RustType::Integer, Value::Number(n)) if n.is_i64() => {
            Ok(int_literal(n.as_i64().unwrap_or_default()))
        }
        (RustType::Float, Value::Number(n)) if n.is_f64() => match n.as_f64() {
            Some(f) if f.is_finite() && f >= 0.0 => {
                let literal = Literal::f64_unsuffixed(f);
                Ok(quote!(#literal))
            }
            _ => Err(format!(
                "`{n}` is not a number the client writes back as is"
            )),
        },
        (RustType::Boolean, Value::Bool(b)) => Ok(quote!(#b)),
        (RustType::Enum(_), Value::String(text)) => Ok(enum_expr(ty, text, exact)),
        (RustType::Base64, Value::String(text)) => {
            Ok(quote!(alibabacloud_runtime::Base64::from_encoded(#text)))
        }
        // A time in a JSON body: text for date-times, a number for the Unix forms.
        (RustType::Timestamp(TimeForm::Rfc3339), Value::String(text)) => {
            time_expr(TimeForm::Rfc3339, text)
                .ok_or_else(|| format!("`{text}` is not a time as the client writes it"))
        }
        (RustType::Timestamp(form), Value::Number(n)) if *form != TimeForm::Rfc3339 => {
            time_expr(*form, &n.to_string())
                .ok_or_else(|| format!("`{n}` is not a time as the client writes it"))
        }
        (RustType::Json, value) => {
            let text = string_literal(&value.to_string());
            Ok(quote!(serde_json::from_str::<serde_json::Value>(#text).expect("example JSON")))
        }
        (RustType::Struct(name), Value::Object(members)) => {
            let shape = structs
                .get(name.as_str())
                .ok_or_else(|| format!("no struct `{name}`"))?;
            let mut values = BTreeMap::new();
            for (key, value) in members {
                let field = shape
                    .fields
                    .iter()
                    .find(|f| &f.wire == key)
                    .ok_or_else(|| format!("`{key}` is not a documented member of `{name}`"))?;
                values.insert(
                    field.wire.as_str(),
                    json_expr(&field.ty, value, structs, false)?,
                );
            }
            construct(shape, values)
        }
        (RustType::List(item), Value::Array(items)) => {
            let item_exact = exact || **item != RustType::String;
            let items = items
                .iter()
                .map(|v| json_expr(item, v, structs, item_exact))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if exact {
                quote!(vec![#( #items ),*])
            } else {
                quote!([#( #items ),*])
            })
        }
        (ty, value) => Err(format!(
            "the example value `{value}` does not fit `{}`",
            ty.tokens()
        )),
    }
}

/// `Name::new(required...)` followed by a setter call per optional value the example gives.
fn struct_expr(
    shape: &StructShape,
    values: &BTreeMap<String, ExampleValue>,
    structs: &BTreeMap<&str, &StructShape>,
) -> Result<TokenStream, String> {
    for name in values.keys() {
        if !shape.fields.iter().any(|f| &f.wire == name) {
            return Err(format!(
                "`{name}` is not a documented parameter of `{}`",
                shape.name
            ));
        }
    }
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for field in &shape.fields {
        let value = values.get(&field.wire);
        match (field.optional, value) {
            (false, None) => return Err(format!("required `{}` has no example value", field.wire)),
            (false, Some(value)) => args.push(value_expr(field, &field.ty, value, structs, false)?),
            (true, Some(value)) => {
                let setter = ident(&field.ident);
                let value = value_expr(field, &field.ty, value, structs, false)?;
                setters.push(quote!(.#setter(#value)));
            }
            (true, None) => {}
        }
    }
    let name = ident(&shape.name);
    Ok(quote!(#name::new(#( #args ),*) #( #setters )*))
}

/// The expression for one example value of type `ty`. `exact` asks for the type itself (inside
/// lists) rather than what the `new` argument or setter accepts.
fn value_expr(
    field: &FieldShape,
    ty: &RustType,
    value: &ExampleValue,
    structs: &BTreeMap<&str, &StructShape>,
    exact: bool,
) -> Result<TokenStream, String> {
    let wire = &field.wire;
    match (ty, value) {
        (RustType::String, ExampleValue::Leaf(text)) => Ok(if exact {
            quote!(String::from(#text))
        } else {
            quote!(#text)
        }),
        (RustType::Enum(_), ExampleValue::Leaf(text)) => Ok(enum_expr(ty, text, exact)),
        (RustType::Base64, ExampleValue::Leaf(text)) => {
            Ok(quote!(alibabacloud_runtime::Base64::from_encoded(#text)))
        }
        (RustType::Timestamp(form), ExampleValue::Leaf(text)) => {
            time_expr(*form, text).ok_or_else(|| {
                format!("`{wire}` example `{text}` is not a time as the client writes it")
            })
        }
        (RustType::Integer, ExampleValue::Leaf(text)) => match text.parse::<i64>() {
            Ok(n) if n.to_string() == *text => Ok(int_literal(n)),
            _ => Err(format!(
                "`{wire}` example `{text}` is not an integer as the client writes it"
            )),
        },
        (RustType::Float, ExampleValue::Leaf(text)) => match text.parse::<f64>() {
            Ok(f) if f.is_finite() && f.to_string() == *text && f >= 0.0 => {
                let literal = Literal::f64_unsuffixed(f);
                Ok(quote!(#literal))
            }
            _ => Err(format!(
                "`{wire}` example `{text}` is not a number as the client writes it"
            )),
        },
        (RustType::Boolean, ExampleValue::Leaf(text)) => match text.as_str() {
            "true" => Ok(quote!(true)),
            "false" => Ok(quote!(false)),
            _ => Err(format!(
                "`{wire}` example `{text}` is not `true` or `false`"
            )),
        },
        // The expected wire value is the compact text (see `compact_json_params`).
        (RustType::Json, ExampleValue::Leaf(text)) => {
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(value) => {
                    let compact = value.to_string();
                    Ok(
                        quote!(serde_json::from_str::<serde_json::Value>(#compact).expect("example JSON")),
                    )
                }
                Err(_) => Err(format!("`{wire}` example is not JSON")),
            }
        }
        (RustType::Struct(name), ExampleValue::Node(children)) => {
            let shape = structs
                .get(name.as_str())
                .ok_or_else(|| format!("no struct `{name}`"))?;
            struct_expr(shape, children, structs)
        }
        (RustType::List(item), ExampleValue::Node(children)) => {
            let mut items = Vec::new();
            for index in 1..=children.len() {
                let child = children
                    .get(&index.to_string())
                    .ok_or_else(|| format!("`{wire}` list indices are not 1, 2, 3..."))?;
                // Items of a list argument of strings may stay `&str`; deeper lists need the type.
                let item_exact = exact || **item != RustType::String;
                items.push(value_expr(field, item, child, structs, item_exact)?);
            }
            Ok(if exact {
                quote!(vec![#( #items ),*])
            } else {
                quote!([#( #items ),*])
            })
        }
        (RustType::Map(_), _) => Err(format!("`{wire}` is a map")),
        _ => Err(format!("`{wire}` example does not fit its type")),
    }
}

/// A time built from its wire text, when the client writes exactly that text back: an integer
/// as the Unix forms write it, or `YYYY-MM-DDThh:mm:ssZ`.
fn time_expr(form: TimeForm, text: &str) -> Option<TokenStream> {
    let form_ty = form.tokens();
    match form {
        TimeForm::UnixMillis | TimeForm::UnixSeconds => {
            let n = text.parse::<i64>().ok().filter(|n| n.to_string() == text)?;
            let n = int_literal(n);
            let make = if form == TimeForm::UnixMillis {
                quote!(from_unix_millis)
            } else {
                quote!(from_unix_seconds)
            };
            Some(quote!(alibabacloud_runtime::Timestamp::<#form_ty>::#make(#n)))
        }
        TimeForm::Rfc3339 => {
            Format::is_date_time(text).then(|| {
                quote!(#text.parse::<alibabacloud_runtime::Timestamp<#form_ty>>().expect("example time"))
            })
        }
    }
}

/// Whether a response decodes `text` into a time: an integer, an empty text, or a date-time.
fn decodes_as_time(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    text.is_empty()
        || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        || Format::is_date_time(text)
}

/// A value enum from its text: `types::X::from("v")` where the exact type is needed, else the
/// text (arguments take `impl Into<X>`).
fn enum_expr(ty: &RustType, text: &str, exact: bool) -> TokenStream {
    if exact {
        let ty = ty.tokens();
        quote!(#ty::from(#text))
    } else {
        quote!(#text)
    }
}

/// An integer literal; negative values as a negated literal.
fn int_literal(n: i64) -> TokenStream {
    let abs = Literal::u64_unsuffixed(n.unsigned_abs());
    if n < 0 {
        quote!(-#abs)
    } else {
        quote!(#abs)
    }
}

/// The page's JSON response example, trimmed, when the operation's response type decodes it;
/// else why not. What the generated test decodes and the `testing` feature answers with.
pub fn documented_response<'j>(shape: &OperationShape, json: &'j str) -> Result<&'j str, String> {
    let parsed: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("it is not valid JSON ({e})"))?;
    let serde_json::Value::Object(root) = &parsed else {
        return Err("it is not a JSON object".to_string());
    };
    let structs: BTreeMap<&str, &StructShape> = shape
        .response_nested
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    if let Some((path, why)) = misfit(&shape.response, root, &structs, "") {
        return Err(format!("`{path}` {why}"));
    }
    Ok(json.trim())
}

fn response_example_test(shape: &OperationShape, json: &str) -> Result<TokenStream, String> {
    let text = documented_response(shape, json)?;
    let parsed: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
    let serde_json::Value::Object(root) = &parsed else {
        return Err("it is not a JSON object".to_string());
    };
    let body = string_literal(text);
    let mut checks = Vec::new();
    for field in &shape.response.fields {
        if checks.len() == 3 {
            break;
        }
        let Some(value) = root.get(&field.wire) else {
            continue;
        };
        let id = ident(&field.ident);
        let check = match (&field.ty, value) {
            (RustType::String, serde_json::Value::String(text)) if !field.optional => {
                quote!(assert_eq!(response.#id, #text);)
            }
            (RustType::String, serde_json::Value::String(text)) => {
                quote!(assert_eq!(response.#id.as_deref(), Some(#text));)
            }
            (RustType::Enum(_), serde_json::Value::String(text)) => {
                quote!(assert_eq!(response.#id.as_ref().map(|v| v.as_str()), Some(#text));)
            }
            (RustType::Boolean, serde_json::Value::Bool(b)) => {
                quote!(assert_eq!(response.#id, Some(#b));)
            }
            (RustType::Integer, serde_json::Value::Number(n)) => match n.as_i64() {
                Some(n) => {
                    let literal = int_literal(n);
                    quote!(assert_eq!(response.#id, Some(#literal));)
                }
                None => continue,
            },
            (RustType::Base64, serde_json::Value::String(text)) => {
                quote!(assert_eq!(response.#id.as_ref().map(|v| v.as_encoded()), Some(#text));)
            }
            (RustType::Timestamp(TimeForm::Rfc3339), serde_json::Value::String(text))
                if Format::is_date_time(text) =>
            {
                quote!(assert_eq!(response.#id.map(|t| t.to_string()).as_deref(), Some(#text));)
            }
            (RustType::Timestamp(form), value) if *form != TimeForm::Rfc3339 => {
                let n = match value {
                    serde_json::Value::Number(n) => n.as_i64(),
                    serde_json::Value::String(text) => text.parse::<i64>().ok(),
                    _ => None,
                };
                let Some(n) = n else { continue };
                let literal = int_literal(n);
                let unit = if *form == TimeForm::UnixMillis {
                    quote!(unix_millis)
                } else {
                    quote!(unix_seconds)
                };
                quote!(assert_eq!(response.#id.map(|t| t.#unit()), Some(#literal));)
            }
            _ => continue,
        };
        checks.push(check);
    }
    let response = ident(&shape.request.name);
    let binding = if checks.is_empty() {
        quote!(_response)
    } else {
        quote!(response)
    };
    Ok(quote! {
        /// The page's JSON response example decodes.
        #[test]
        fn decodes_the_documented_response_example() {
            let body = #body;
            let #binding = alibabacloud_runtime::decode_body::<#response>(200, body.as_bytes())
                .expect("the documented example decodes");
            #( #checks )*
            // The mock transport's ready answer is this same text.
            #[cfg(feature = "testing")]
            {
                let answer = <#response as alibabacloud_runtime::Operation>::EXAMPLE_RESPONSE;
                assert_eq!(answer, Some(body));
            }
        }
    })
}

/// The first field whose example value no decoder should accept for its declared type: a
/// masked identifier such as `"7756****"` in a numeric field (pages hide values that way), or
/// an object or list where the table declares a number or a boolean (a page error the
/// conformance figures count). Says which field and why.
fn misfit(
    shape: &StructShape,
    object: &serde_json::Map<String, serde_json::Value>,
    structs: &BTreeMap<&str, &StructShape>,
    prefix: &str,
) -> Option<(String, String)> {
    fn walk(
        ty: &RustType,
        value: &serde_json::Value,
        structs: &BTreeMap<&str, &StructShape>,
        path: &str,
    ) -> Option<(String, String)> {
        use serde_json::Value;
        match (ty, value) {
            (RustType::Timestamp(_), Value::String(text)) if !decodes_as_time(text) => Some((
                path.to_string(),
                format!("is a time whose example value `{text}` is in no form the client reads"),
            )),
            (RustType::Timestamp(_), Value::Object(_) | Value::Array(_) | Value::Bool(_)) => {
                Some((
                    path.to_string(),
                    "is a time but the example shows other data".to_string(),
                ))
            }
            (RustType::Integer | RustType::Float, Value::String(text)) if text.contains('*') => {
                Some((
                    path.to_string(),
                    format!("is a number whose example value `{text}` is masked"),
                ))
            }
            // Structured data in a string is decoded as embedded JSON when it looks like JSON.
            (RustType::List(_) | RustType::Map(_) | RustType::Struct(_), Value::String(text))
                if text.trim_start().starts_with(['[', '{']) =>
            {
                match serde_json::from_str::<Value>(text.trim_start()) {
                    Ok(inner) => walk(ty, &inner, structs, path),
                    Err(_) => Some((
                        path.to_string(),
                        format!("is structured data whose example value `{text}` is not JSON"),
                    )),
                }
            }
            (RustType::Map(_) | RustType::Struct(_), Value::String(text))
                if !text.trim().is_empty() =>
            {
                Some((
                    path.to_string(),
                    format!("is structured data but the example shows the text `{text}`"),
                ))
            }
            (RustType::Map(_) | RustType::Struct(_), Value::Number(_) | Value::Bool(_)) => Some((
                path.to_string(),
                "is structured data but the example shows a single value".to_string(),
            )),
            // Placeholders (`xxx`) where the table declares a number or a flag: the client
            // reads numbers and flags from text only when the text is one.
            (RustType::Integer, Value::String(text)) if !reads_as_integer(text) => Some((
                path.to_string(),
                format!("is an integer whose example value `{text}` is not one"),
            )),
            (RustType::Float, Value::String(text))
                if !text.trim().is_empty() && text.trim().parse::<f64>().is_err() =>
            {
                Some((
                    path.to_string(),
                    format!("is a number whose example value `{text}` is not one"),
                ))
            }
            (RustType::Boolean, Value::String(text)) if !reads_as_boolean(text) => Some((
                path.to_string(),
                format!("is a boolean whose example value `{text}` is not one"),
            )),
            (
                RustType::Integer | RustType::Float | RustType::Boolean,
                Value::Object(_) | Value::Array(_),
            ) => Some((
                path.to_string(),
                format!(
                    "is declared `{}` but the example shows structured data",
                    ty.tokens()
                ),
            )),
            (RustType::Struct(name), Value::Object(map)) => {
                misfit(structs.get(name.as_str())?, map, structs, path)
            }
            (RustType::Struct(name), Value::Array(items)) => {
                // A list in place of its one-list wrapper struct.
                let inner = structs.get(name.as_str())?;
                let [only] = inner.fields.as_slice() else {
                    return None;
                };
                walk(
                    &only.ty,
                    &Value::Array(items.clone()),
                    structs,
                    &format!("{path}.{}", only.wire),
                )
            }
            (RustType::List(item), Value::Array(items)) => items
                .iter()
                .find_map(|v| walk(item, v, structs, &format!("{path}[]"))),
            (RustType::List(item), other) => walk(item, other, structs, &format!("{path}[]")),
            (RustType::Map(item), Value::Object(map)) => map
                .values()
                .find_map(|v| walk(item, v, structs, &format!("{path}.*"))),
            _ => None,
        }
    }
    shape.fields.iter().find_map(|field| {
        let value = object.get(&field.wire)?;
        let path = if prefix.is_empty() {
            field.wire.clone()
        } else {
            format!("{prefix}.{}", field.wire)
        };
        walk(&field.ty, value, structs, &path)
    })
}

/// True for text the client decodes as an integer: empty, decimal, or an integral fraction
/// (`"12.0"`), as the runtime's lenient decoding reads it.
fn reads_as_integer(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t.parse::<i64>().is_ok()
        || t.parse::<f64>()
            .is_ok_and(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.3e18)
}

/// True for text the client decodes as a boolean: `true`/`false` in any case, `0`, `1`, empty.
fn reads_as_boolean(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t.eq_ignore_ascii_case("true")
        || t.eq_ignore_ascii_case("false")
        || t == "0"
        || t == "1"
}

/// A string literal for `text`: raw (readable JSON) unless it holds characters a raw literal
/// cannot or should not carry, then escaped.
pub fn string_literal(text: &str) -> Literal {
    let text = text.replace("\r\n", "\n");
    let awkward = text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    });
    if !awkward {
        let mut hashes = 1;
        while text.contains(&format!("\"{}", "#".repeat(hashes))) {
            hashes += 1;
        }
        let h = "#".repeat(hashes);
        if let Ok(literal) = Literal::from_str(&format!("r{h}\"{text}\"{h}")) {
            return literal;
        }
    }
    Literal::string(&text)
}

fn error_tests(shape: &OperationShape) -> TokenStream {
    let request = ident(&shape.request.name);
    let error = shape.error_type();
    let documented = shape.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let status = Literal::u16_unsuffixed(
            v.http_status
                .filter(|s| (400..600).contains(s))
                .unwrap_or(400),
        );
        let code = &v.code;
        let message = &v.message;
        let complaint = format!(
            "{} decoded as {{error:?}}",
            code.replace('{', "{{").replace('}', "}}")
        );
        quote! {
            let error = decode_error(#status, #code, #message);
            let alibabacloud_runtime::Error::Service(#error::#variant(_)) = &error else {
                panic!(#complaint);
            };
        }
    });
    let mut unknown = "Undocumented.TestCode".to_string();
    while shape.variants.iter().any(|v| v.code == unknown) {
        unknown.push('X');
    }
    // Without documented codes the service error is the runtime's `ServiceError` itself.
    let other = if shape.has_error_enum() {
        quote!(#error::Other(service))
    } else {
        quote!(service)
    };
    let documented_test = if shape.variants.is_empty() {
        quote!()
    } else {
        quote! {
            /// Each documented error code decodes to its own variant.
            #[test]
            fn documented_error_codes_decode_to_their_variants() {
                #( #documented )*
            }
        }
    };
    quote! {
        /// Decodes an error body with `code`, as the service sends it.
        fn decode_error(status: u16, code: &str, message: &str) -> alibabacloud_runtime::Error<#error> {
            let fields = std::collections::BTreeMap::from([
                ("Code", code),
                ("Message", message),
                ("RequestId", "5589F997-0000-4000-8000-000000000000"),
            ]);
            let body = serde_json::to_string(&fields).expect("a map of strings serialises");
            match alibabacloud_runtime::decode_body::<#request>(status, body.as_bytes()) {
                Ok(response) => panic!("an error body decoded as a response: {response:?}"),
                Err(error) => error,
            }
        }

        #documented_test

        /// A code the page does not list keeps what the body said (in `Other` where the page
        /// documents codes).
        #[test]
        fn undocumented_error_codes_decode_to_other() {
            let error = decode_error(400, #unknown, "not in the table");
            match &error {
                alibabacloud_runtime::Error::Service(#other) => {
                    assert_eq!(service.code(), #unknown);
                    assert_eq!(service.message(), "not in the table");
                    assert_eq!(service.request_id(), Some("5589F997-0000-4000-8000-000000000000"));
                }
                other => panic!("expected Other, got {other:?}"),
            }
        }
    }
}

/// The usage example of a crate's docs for `shape`, an operation of the version module `version`
/// under the path `crate_path` (`alibabacloud_kms`, `alibabacloud::kms`), or `None` when its
/// required parameters are not all plain values (nested structs would need more than one line
/// to build).
pub fn usage_example(crate_path: &str, version: &str, shape: &OperationShape) -> Option<String> {
    let args = example_args(shape)?;
    let request = &shape.request.name;
    let method = &shape.module;
    Some(format!(
        "use {crate_path}::{version}::{{Client, {request}}};\n\
         \n\
         # async fn run() -> Result<(), Box<dyn std::error::Error>> {{\n\
         // Credentials from the default chain (ALIBABA_CLOUD_ACCESS_KEY_ID and\n\
         // ALIBABA_CLOUD_ACCESS_KEY_SECRET, or the CLI profile), region from\n\
         // ALIBABA_CLOUD_REGION_ID or the profile.\n\
         let client = Client::from_env()?;\n\
         let request = {request}::new({});\n\
         let response = client.{method}(request).await?;\n\
         println!(\"{{response:?}}\");\n\
         # Ok(())\n\
         # }}",
        args.join(", ")
    ))
}

/// The arguments of the request's `new` as Rust literals, from the page's example values (a
/// placeholder where it gives none); `None` when a required parameter's type has no literal.
pub fn example_args(shape: &OperationShape) -> Option<Vec<String>> {
    let mut args = Vec::new();
    for field in shape.request.fields.iter().filter(|f| !f.optional) {
        // A backtick in a value could close the doc's code block: such values are not shown.
        let example = field
            .example
            .as_deref()
            .filter(|e| !e.contains('`'))
            .unwrap_or_default();
        let arg = match &field.ty {
            RustType::String | RustType::Enum(_) => format!(
                "{:?}",
                if example.is_empty() {
                    "example"
                } else {
                    example
                }
            ),
            RustType::Integer => example.parse::<i64>().unwrap_or(1).to_string(),
            RustType::Float => format!(
                "{:?}",
                example
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .unwrap_or(1.0)
            ),
            RustType::Boolean => (example == "true").to_string(),
            RustType::List(item) if matches!(**item, RustType::String | RustType::Enum(_)) => {
                format!(
                    "[{:?}]",
                    if example.is_empty() {
                        "example"
                    } else {
                        example
                    }
                )
            }
            _ => return None,
        };
        args.push(arg);
    }
    Some(args)
}

/// The usage example when no operation has a one-line request.
pub fn client_only_example(crate_name: &str) -> String {
    format!(
        "# fn run() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let client = {crate_name}::Client::from_env()?;\n\
         println!(\"{{client:?}}\");\n\
         # Ok(())\n\
         # }}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(wire: &str, ty: RustType) -> FieldShape {
        FieldShape {
            wire: wire.into(),
            ident: wire.to_lowercase(),
            ty,
            optional: true,
            required: false,
            location: None,
            payload: false,
            sensitive: false,
            region_from_client: false,
            doc: String::new(),
            example: None,
        }
    }

    /// The first member of `json` the client could not decode, as `misfit` reports it.
    fn misfit_of(fields: Vec<FieldShape>, nested: &[StructShape], json: &str) -> Option<String> {
        let root = StructShape {
            name: "Response".into(),
            doc: String::new(),
            fields,
            json: false,
        };
        let structs: BTreeMap<&str, &StructShape> =
            nested.iter().map(|s| (s.name.as_str(), s)).collect();
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        misfit(&root, value.as_object().unwrap(), &structs, "").map(|(path, _)| path)
    }

    #[test]
    fn examples_the_client_cannot_decode_are_found_and_the_ones_it_can_are_not() {
        let data = StructShape {
            name: "Data".into(),
            doc: String::new(),
            fields: vec![field("Id", RustType::Integer)],
            json: false,
        };
        let fields = || {
            vec![
                field("Count", RustType::Integer),
                field("Ratio", RustType::Float),
                field("Enabled", RustType::Boolean),
                field("Data", RustType::Struct("Data".into())),
                field("Sizes", RustType::List(Box::new(RustType::Integer))),
            ]
        };
        let nested = [data];
        let fine = r#"{"Count":"12","Ratio":"1.5","Enabled":"TRUE","Data":"","Sizes":"[1,2]"}"#;
        assert_eq!(misfit_of(fields(), &nested, fine), None);
        let cases = [
            (r#"{"Count":"xxx"}"#, "Count"),
            (r#"{"Ratio":"n/a"}"#, "Ratio"),
            (r#"{"Enabled":"yes"}"#, "Enabled"),
            (r#"{"Data":111}"#, "Data"),
            (r#"{"Data":"[int]"}"#, "Data"),
            (r#"{"Data":{"Id":"xxx"}}"#, "Data.Id"),
            (r#"{"Sizes":"[1,\"x\"]"}"#, "Sizes[]"),
        ];
        for (json, path) in cases {
            assert_eq!(
                misfit_of(fields(), &nested, json).as_deref(),
                Some(path),
                "{json}"
            );
        }
    }
}
