//! Request structs: the operation's struct (named after the action) with `new` taking the
//! required parameters and a setter per optional one, its nested structs, and the
//! `Operation` / `WireValue` implementations that write the wire parameters.

use proc_macro2::TokenStream;
use quote::quote;

use crate::spec::model::{BodyEncoding, HttpBinding, HttpMethod, Location, PathPiece, Style};

use super::docs;
use super::names::ident;
use super::shapes::{FieldShape, OperationShape, RustType, StructShape};

/// The request struct, its nested structs and its `Operation` implementation. Nested structs
/// of query and form parameters flatten into wire names (`WireValue`); those of a JSON body
/// serialise with serde.
///
/// `example` is the page's JSON response example when the client decodes it: the operation's
/// `EXAMPLE_RESPONSE` under the crate's `testing` feature.
pub fn request_items(
    op: &OperationShape,
    action: &str,
    http: &HttpBinding,
    example: Option<&str>,
) -> TokenStream {
    let main = struct_items(&op.request, true);
    let nested = op.request_nested.iter().map(|s| {
        let items = struct_items(s, false);
        let wire = if s.json { quote!() } else { wire_value_impl(s) };
        quote! { #items #wire }
    });
    let operation = operation_impl(op, action, http, example);
    quote! {
        #main
        #operation
        #( #nested )*
    }
}

/// A struct nested in a request, as the version's `types` module defines it: the struct, and
/// how it flattens into wire names (query and form parameters) unless it is part of a JSON body.
pub fn nested_items(shape: &StructShape) -> TokenStream {
    let items = struct_items(shape, false);
    let wire = if shape.json {
        quote!()
    } else {
        wire_value_impl(shape)
    };
    quote! { #items #wire }
}

/// How a value of `ty` is taken as an argument and turned into the field's type: strings, value
/// enums, Base64 data, times and JSON as `impl Into<T>` (an enum takes `&str` too, Base64 data
/// bytes, a time `SystemTime`), lists as `impl IntoIterator`, everything else as is.
///
/// Returns the kind the runtime's `setters!` takes (`into`, `is`, `list_into`, `list`), the
/// type it names, and, for `new`, the parameter type and the conversion of `name`.
fn argument(ty: &RustType, name: &TokenStream) -> Argument {
    match ty {
        RustType::String => Argument {
            kind: quote!(into),
            ty: quote!(String),
            param: quote!(impl Into<String>),
            convert: quote!(#name.into()),
        },
        // `"value".into()` or a variant: a value the page does not list can still be sent.
        // Base64 data from bytes, times from `SystemTime`, JSON from `json!` or any value.
        RustType::Enum(_) | RustType::Base64 | RustType::Timestamp(_) | RustType::Json => {
            let ty = ty.tokens();
            Argument {
                kind: quote!(into),
                param: quote!(impl Into<#ty>),
                convert: quote!(#name.into()),
                ty,
            }
        }
        RustType::List(item)
            if matches!(
                **item,
                RustType::String | RustType::Enum(_) | RustType::Base64 | RustType::Timestamp(_)
            ) =>
        {
            let item = item.tokens();
            Argument {
                kind: quote!(list_into),
                param: quote!(impl IntoIterator<Item = impl Into<#item>>),
                convert: quote!(#name.into_iter().map(Into::into).collect()),
                ty: item,
            }
        }
        RustType::List(item) => {
            let item = item.tokens();
            Argument {
                kind: quote!(list),
                param: quote!(impl IntoIterator<Item = #item>),
                convert: quote!(#name.into_iter().collect()),
                ty: item,
            }
        }
        other => Argument {
            kind: quote!(is),
            ty: other.tokens(),
            param: other.tokens(),
            convert: quote!(#name),
        },
    }
}

/// How a parameter is taken: see [`argument`].
struct Argument {
    kind: TokenStream,
    ty: TokenStream,
    param: TokenStream,
    convert: TokenStream,
}

fn field_type(field: &FieldShape) -> TokenStream {
    let ty = field.ty.tokens();
    if field.optional {
        quote!(Option<#ty>)
    } else {
        quote!(#ty)
    }
}

/// A request struct; `top` for the operation's own, which also carries the parameters its page
/// lacks (`extra`, see the runtime's `request_extras!`).
fn struct_items(shape: &StructShape, top: bool) -> TokenStream {
    let name = ident(&shape.name);
    let doc = docs::outer(&shape.doc);
    let required: Vec<&FieldShape> = shape.fields.iter().filter(|f| !f.optional).collect();
    // With nothing required, `new()` takes no argument and clippy wants `Default` too.
    let default = if required.is_empty() {
        quote!(, Default)
    } else {
        quote!()
    };
    let fields = shape.fields.iter().map(|f| {
        let doc = docs::outer(&f.doc);
        let id = ident(&f.ident);
        let ty = field_type(f);
        let serde = match (shape.json, f.optional) {
            (false, _) => quote!(),
            (true, false) => {
                let wire = &f.wire;
                quote!(#[serde(rename = #wire)])
            }
            (true, true) => {
                let wire = &f.wire;
                quote!(#[serde(rename = #wire, skip_serializing_if = "Option::is_none")])
            }
        };
        quote! { #doc #serde pub #id: #ty, }
    });
    let mut debug_members: Vec<TokenStream> = shape
        .fields
        .iter()
        .map(|f| {
            let id = ident(&f.ident);
            let kind = super::sensitive::kind(f);
            quote!(#kind #id)
        })
        .collect();
    let (extra_field, extras) = if top {
        debug_members.push(quote!(field extra));
        (
            quote!(extra: alibabacloud_runtime::Extra,),
            quote!(alibabacloud_runtime::request_extras!(#name);),
        )
    } else {
        (quote!(), quote!())
    };
    let serialize = if shape.json {
        quote!(, serde::Serialize)
    } else {
        quote!()
    };
    let params = required.iter().map(|f| {
        let id = ident(&f.ident);
        let param = argument(&f.ty, &quote!(#id)).param;
        quote!(#id: #param)
    });
    let mut inits: Vec<TokenStream> = shape
        .fields
        .iter()
        .map(|f| {
            let id = ident(&f.ident);
            if f.optional {
                quote!(#id: None)
            } else {
                match &f.ty {
                    RustType::String
                    | RustType::Enum(_)
                    | RustType::Base64
                    | RustType::Timestamp(_)
                    | RustType::Json
                    | RustType::List(_) => {
                        let convert = argument(&f.ty, &quote!(#id)).convert;
                        quote!(#id: #convert)
                    }
                    // Taken as is: field init shorthand, as clippy asks.
                    _ => quote!(#id),
                }
            }
        })
        .collect();
    if top {
        inits.push(quote!(extra: alibabacloud_runtime::Extra::new()));
    }
    let new_doc = if shape.fields.is_empty() {
        "A value; there is no parameter to set.".to_string()
    } else if required.is_empty() {
        "A value with no parameter set; set them with the methods below.".to_string()
    } else {
        let list: Vec<String> = required
            .iter()
            .map(|f| format!("- `{}`: {}", f.ident, docs::code(&f.wire)))
            .collect();
        format!("A value with its required parameters; optional ones are set with the methods below.\n\n{}", list.join("\n"))
    };
    let new_doc = docs::outer(&new_doc);
    let many = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let setters: Vec<TokenStream> = shape
        .fields
        .iter()
        .filter(|f| f.optional)
        .map(|f| {
            let id = ident(&f.ident);
            let wire = &f.wire;
            let Argument { kind, ty, .. } = argument(&f.ty, &quote!(value));
            quote!(#wire #id: #kind #ty)
        })
        .collect();
    let setters = if setters.is_empty() {
        quote!()
    } else {
        quote!(alibabacloud_runtime::setters!(#name { #( #setters ),* });)
    };
    quote! {
        #doc
        #[derive(Clone, PartialEq #default #serialize)]
        pub struct #name {
            #( #fields )*
            #extra_field
        }

        alibabacloud_runtime::debug_struct!(#name { #( #debug_members ),* });

        impl #name {
            #new_doc
            #many
            #[inline]
            pub fn new(#( #params ),*) -> Self {
                Self { #( #inits ),* }
            }
        }

        #setters
        #extras
    }
}

fn operation_impl(
    op: &OperationShape,
    action: &str,
    http: &HttpBinding,
    example: Option<&str>,
) -> TokenStream {
    let name = ident(&op.request.name);
    let response = ident(&op.response.name);
    let error = op.error_type();
    let method = match http.method {
        HttpMethod::Get => quote!(alibabacloud_runtime::Method::Get),
        HttpMethod::Post => quote!(alibabacloud_runtime::Method::Post),
        HttpMethod::Put => quote!(alibabacloud_runtime::Method::Put),
        HttpMethod::Delete => quote!(alibabacloud_runtime::Method::Delete),
        HttpMethod::Patch => quote!(alibabacloud_runtime::Method::Patch),
    };
    let secret_names = super::sensitive::wire_paths(op);
    let sensitive = if secret_names.is_empty() {
        quote!()
    } else {
        quote!(const SENSITIVE: &'static [&'static str] = &[#( #secret_names ),*];)
    };
    let secret_fields = super::sensitive::response_wire_paths(op);
    let sensitive_response = if secret_fields.is_empty() {
        quote!()
    } else {
        quote!(const SENSITIVE_RESPONSE: &'static [&'static str] = &[#( #secret_fields ),*];)
    };
    let client_token = match &op.client_token {
        Some(wire) => quote!(const CLIENT_TOKEN: Option<&'static str> = Some(#wire);),
        None => quote!(),
    };
    let style = match http.style {
        Style::Rpc => quote!(alibabacloud_runtime::Style::Rpc),
        Style::Roa => {
            let pieces = http.path_pieces().into_iter().map(|piece| match piece {
                PathPiece::Literal(text) => quote!(alibabacloud_runtime::PathPiece::Literal(#text)),
                PathPiece::Param(name) => quote!(alibabacloud_runtime::PathPiece::Param(#name)),
            });
            let body = match http.body {
                BodyEncoding::None => quote!(None),
                BodyEncoding::Form => quote!(Form),
                BodyEncoding::Json => quote!(Json),
            };
            quote! {
                alibabacloud_runtime::Style::Roa {
                    path: &[#( #pieces ),*],
                    body: alibabacloud_runtime::Body::#body,
                }
            }
        }
    };
    // Only in test builds of a user's program: the text stays out of release binaries.
    let example = match example.map(super::generated_tests::string_literal) {
        Some(json) => quote! {
            #[cfg(feature = "testing")]
            const EXAMPLE_RESPONSE: Option<&'static str> = Some(#json);
        },
        None => quote!(),
    };
    let idempotent = if op.read_only {
        quote!(
            const IDEMPOTENT: bool = true;
        )
    } else {
        quote!()
    };
    let writes: Vec<TokenStream> = op
        .request
        .fields
        .iter()
        .map(|f| {
            let id = ident(&f.ident);
            let wire = &f.wire;
            if op.client_token.as_ref() == Some(&f.wire) && f.optional {
                // The caller's token, or a fresh one for this call (the same on every attempt),
                // moved into the parameters.
                let token = quote!(alibabacloud_runtime::client_token(self.#id.as_deref()));
                return match f.location {
                    Some(Location::Body) => quote!(params.json_member(#wire, &*#token);),
                    Some(Location::Form) => quote!(params.body(#wire, #token);),
                    Some(Location::Header) => quote!(params.header(#wire, #token);),
                    Some(Location::Path) => quote!(params.path(#wire, #token);),
                    Some(Location::Query) | None => quote!(params.query(#wire, #token);),
                };
            }
            if f.region_from_client {
                return quote!(params.region(#wire, &self.#id););
            }
            match (f.location, f.payload, f.optional) {
                (Some(Location::Body), true, true) => quote! {
                    if let Some(value) = &self.#id {
                        params.json_payload(value);
                    }
                },
                (Some(Location::Body), true, false) => quote!(params.json_payload(&self.#id);),
                (Some(Location::Body), false, _) => quote!(params.json_member(#wire, &self.#id);),
                (Some(Location::Form), ..) => quote!(params.body(#wire, &self.#id);),
                (Some(Location::Path), ..) => quote!(params.path(#wire, &self.#id);),
                (Some(Location::Header), ..) => quote!(params.header(#wire, &self.#id);),
                (Some(Location::Query) | None, ..) => quote!(params.query(#wire, &self.#id);),
            }
        })
        .collect();
    // The parameters the page lacks go last: the runtime refuses one the request already sent.
    let params = quote!(params);
    quote! {
        impl alibabacloud_runtime::Operation for #name {
            type Output = #response;
            type Error = #error;
            const ACTION: &'static str = #action;
            const METHOD: alibabacloud_runtime::Method = #method;
            const STYLE: alibabacloud_runtime::Style = #style;
            #idempotent
            #sensitive
            #sensitive_response
            #client_token
            #example

            // `#[inline]` here and on the other per-operation functions, as in the runtime's
            // macros: an unoptimised build of the crate then translates none of them; a program
            // translates the ones it calls.
            #[inline]
            fn write_params<'a>(&'a self, #params: &mut alibabacloud_runtime::Params<'a>) {
                #( #writes )*
                params.extra(&self.extra);
            }
        }
    }
}

fn wire_value_impl(shape: &StructShape) -> TokenStream {
    let name = ident(&shape.name);
    let members = shape.fields.iter().map(|f| {
        let id = ident(&f.ident);
        let wire = &f.wire;
        quote!(#wire => #id)
    });
    quote!(alibabacloud_runtime::wire_struct!(#name { #( #members ),* });)
}
