//! Product and version modules: the `SERVICE` description, the version's `Client` with one
//! method per operation, and the re-exports of each operation's types.

use proc_macro2::TokenStream;
use quote::quote;

use crate::spec::product::ProductConfig;

use super::docs;
use super::names::ident;
use super::shapes::OperationShape;
use super::value_enums::{self, EnumShape};

/// One operation as the version module sees it.
pub struct OperationEntry<'a> {
    /// The action name.
    pub action: &'a str,
    /// Its shape.
    pub shape: &'a OperationShape,
    /// First paragraph of its summary, sanitised.
    pub summary: String,
    /// Whether its types can be re-exported without clashing with `Client` or `SERVICE`.
    pub reexport: bool,
    /// The `Client` method that pages through it, when it pages.
    pub pages_method: Option<String>,
    /// Its waiters' `wait_until_*` methods.
    pub waiters: Vec<super::waiter::WaiterShape>,
}

/// A product crate's `src/lib.rs`: the product's docs with a usage example, one module per API
/// version, `latest`, and the runtime and JSON library re-exported. `example` is the body of the
/// usage example (Rust, with `#`-hidden lines).
pub fn product_lib(entry: &super::crate_files::ProductEntry, example: &str) -> TokenStream {
    let version_list: Vec<String> = entry
        .versions
        .iter()
        .map(|v| {
            format!(
                "- API version {}: [`{}`], {} operations",
                docs::code(&v.version),
                v.module,
                v.operations.len()
            )
        })
        .collect();
    let doc = docs::inner(&docs::paragraphs([
        format!(
            "Typed client for Alibaba Cloud {} (product code {}), generated from the official \
             API reference pages.",
            docs::plain(&entry.name),
            docs::code(&entry.code),
        ),
        "Each operation has a request struct named after its action (required parameters are \
         arguments of `new`, optional ones have setters), a response struct `<Action>Response` \
         and an error enum `<Action>Error`; each API version has a client with one method per \
         operation. Signing, credentials, endpoints, retries and decoding are done by the \
         runtime crate, re-exported as [`runtime`]."
            .to_string(),
        "# Example".to_string(),
        format!("```no_run\n{example}\n```"),
        "# API versions".to_string(),
        format!(
            "One module per API version; operations of different versions are never merged. \
             [`latest`] is the newest.\n\n{}",
            version_list.join("\n")
        ),
        "# Response fields".to_string(),
        super::crate_files::OPTION_RULE.to_string(),
    ]));
    // Modules carry only their inner docs: rustdoc resolves the links of merged outer and
    // inner module docs in the wrong scope.
    let mods = entry.versions.iter().map(|v| {
        let id = ident(&v.module);
        quote! { pub mod #id; }
    });
    // Versions are dated (`2019-03-01`), so the greatest is the newest.
    let latest = entry
        .versions
        .iter()
        .max_by(|a, b| a.version.cmp(&b.version))
        .map(|v| {
            let (version, module) = (&v.version, &v.module);
            let id = ident(module);
            let doc = docs::outer(&format!(
                "The newest API version, {}: [`{module}`]. Code written against `latest` \
                 follows the product when the crate adds a version, which may change types; \
                 name the version to stay on it.",
                docs::code(version)
            ));
            quote! {
                #doc
                pub use #id as latest;
            }
        });
    quote! {
        #doc
        #![forbid(unsafe_code)]
        // Mentions of operations link by full path wherever they are; in the version module the
        // short name resolves too, which rustdoc calls redundant.
        #![allow(rustdoc::redundant_explicit_links)]

        pub use alibabacloud_runtime as runtime;
        /// The JSON library of JSON-typed parameters and untyped fields, so callers need no
        /// dependency of their own.
        pub use serde_json;

        #( #mods )*
        #latest
    }
}

/// `src/<folder>/<version>/mod.rs`.
pub fn version_module(
    product: &ProductConfig,
    version: &str,
    ops: &[OperationEntry<'_>],
    enums: &[EnumShape],
    nested: &[super::NestedExport],
    client: &str,
) -> TokenStream {
    let doc = docs::inner(&docs::paragraphs([
        format!(
            "{} API version {}.",
            docs::code(&product.code),
            docs::code(version)
        ),
        format!(
            "Create a [`{client}`] (also named [`Client`]) and call one method per operation; each \
             method takes the operation's request struct and returns its response struct or an \
             error whose service variant is the operation's error enum (the runtime's \
             `ServiceError` where its page documents no code)."
        ),
        "Every type an operation uses is reachable from here by its name: request, response and \
         error types, and the shapes of the version (the structs nested in requests and \
         responses, and the value enums), each defined once in [`types`] and shared by every \
         operation that has it. A shape is named for its wire name (a list's items in the \
         singular: `Instance`); where the pages give one name to structs that differ, the one \
         with the most members keeps it and the others are prefixed by an operation that uses \
         them (`specs/README.md` has the rules)."
            .to_string(),
    ]));
    let product_code = &product.code;
    let prefix = &product.endpoint.prefix;
    let regional = product.endpoint.regional;
    let hosts = product
        .endpoint
        .hosts
        .iter()
        .map(|(region, host)| quote!((#region, #host)));
    let mods = ops.iter().map(|op| {
        let module = ident(&op.shape.module);
        let reexport = if op.reexport {
            let request = ident(&op.shape.request.name);
            let response = ident(&op.shape.response.name);
            if op.shape.has_error_enum() {
                let error = ident(&op.shape.error);
                quote!(pub use #module::{#request, #response, #error};)
            } else {
                quote!(pub use #module::{#request, #response};)
            }
        } else {
            quote!()
        };
        quote! {
            pub mod #module;
            #reexport
        }
    });
    let methods = ops.iter().map(|op| {
        let method = ident(&op.shape.module);
        let module = ident(&op.shape.module);
        let request = ident(&op.shape.request.name);
        let response = ident(&op.shape.response.name);
        let error = if op.shape.has_error_enum() {
            let error = ident(&op.shape.error);
            quote!(#module::#error)
        } else {
            op.shape.error_type()
        };
        let summary = if op.summary.is_empty() {
            String::new()
        } else {
            op.summary.clone()
        };
        let doc = docs::outer(&docs::paragraphs([
            format!("Calls {}.", docs::code(op.action)),
            summary,
        ]));
        let pages = op.pages_method.as_ref().map(|pages| {
            let pages_method = ident(pages);
            let doc = docs::outer(&docs::paragraphs([
                format!(
                    "Pages through {}: a stream of its pages from the one `request` asks for; \
                     [`Pages::items`](alibabacloud_runtime::Pages::items) streams the items \
                     instead.",
                    docs::code(op.action)
                ),
                "Each page is one call. The stream ends after the last page (the total \
                 reached, an empty page, or no further token) or after the first error; the \
                 page size is the request's."
                    .to_string(),
            ]));
            quote! {
                #doc
                #[inline]
                pub fn #pages_method(
                    &self,
                    request: #module::#request,
                ) -> alibabacloud_runtime::Pages<#module::#request> {
                    self.inner.pages(&SERVICE, request)
                }
            }
        });
        let waiters = op.waiters.iter().map(|waiter| {
            super::waiter::method(
                waiter,
                op.action,
                &op.shape.module,
                &op.shape.request.name,
                &op.shape.response.name,
            )
        });
        quote! {
            #doc
            #[inline]
            pub async fn #method(
                &self,
                request: #module::#request,
            ) -> Result<#module::#response, alibabacloud_runtime::Error<#error>> {
                self.inner.call(&SERVICE, &request).await
            }
            #pages
            #( #waiters )*
        }
    });
    let module = ident(value_enums::MODULE);
    let names = enums.iter().map(|e| ident(&e.name));
    let error_code = ident(value_enums::ERROR_CODE);
    let types = quote! {
        pub mod #module;
        pub use #module::{ #( #names ),* };

        /// An error of any operation of this API version: `?` turns every operation's error
        /// into it, and [`code`](alibabacloud_runtime::ApiError::code) reads the code as an
        /// [`ErrorCode`].
        pub type Error = alibabacloud_runtime::ApiError<#error_code>;
    };
    let nested = nested.iter().map(|export| {
        let module = ident(&export.module);
        let name = ident(&export.name);
        match &export.alias {
            Some(alias) => {
                let alias = ident(alias);
                quote!(pub use #module::#name as #alias;)
            }
            None => quote!(pub use #module::#name;),
        }
    });
    let alias_doc = format!(" This version's client, [`{client}`], by its short name.");
    let waiter_tests: Vec<_> = ops
        .iter()
        .flat_map(|op| {
            let args = super::generated_tests::example_args(op.shape);
            op.waiters
                .iter()
                .filter_map(move |w| Some((w, op.action, op.shape, args.clone()?)))
        })
        .collect();
    let waiter_tests = super::waiter::test_module(&waiter_tests, client);
    let client = ident(client);
    quote! {
        #doc
        #( #mods )*
        #types
        #( #nested )*

        /// The product and version every operation of this module calls, and how its endpoint is found.
        pub const SERVICE: alibabacloud_runtime::Service = alibabacloud_runtime::Service {
            product: #product_code,
            version: #version,
            endpoint: alibabacloud_runtime::EndpointRule {
                prefix: #prefix,
                regional: #regional,
                hosts: &[ #( #hosts ),* ],
            },
        };

        /// Client of this API version: a shared runtime client (credentials, region, transport)
        /// plus one method per operation. Also named `Client`; the product's name keeps it
        /// apart from other products' clients imported beside it.
        #[derive(Debug, Clone)]
        pub struct #client {
            inner: alibabacloud_runtime::Client,
        }

        #[doc = #alias_doc]
        pub use self::#client as Client;

        impl #client {
            /// Wraps a configured runtime client (one runtime client can serve several
            /// products: `KmsClient::new(runtime.clone())`).
            pub fn new(inner: alibabacloud_runtime::Client) -> Self {
                Self { inner }
            }

            /// A builder for this client: credentials, region, endpoint, timeouts, retries,
            /// transport; `build()` gives this client.
            pub fn builder() -> alibabacloud_runtime::ClientBuilder<Self> {
                alibabacloud_runtime::ClientBuilder::new()
            }

            /// This client with other timeouts or another retry policy for the calls made
            /// through it: `client.with_options(CallOptions::new().total_timeout(d))`, then
            /// an operation's method. Credentials, connections and the retry budget stay
            /// shared with `self`.
            pub fn with_options(&self, options: alibabacloud_runtime::CallOptions) -> Self {
                Self {
                    inner: self.inner.with_options(options),
                }
            }

            /// A client configured from the environment: the default credential chain and region.
            pub fn from_env() -> Result<Self, alibabacloud_runtime::ConfigError> {
                alibabacloud_runtime::Client::from_env().map(Self::new)
            }

            /// The runtime client behind this one.
            pub fn inner(&self) -> &alibabacloud_runtime::Client {
                &self.inner
            }

            #( #methods )*
        }

        impl From<alibabacloud_runtime::Client> for #client {
            fn from(inner: alibabacloud_runtime::Client) -> Self {
                Self::new(inner)
            }
        }

        #waiter_tests
    }
}
