//! Error enums: one variant per documented code, each holding the runtime's `ServiceError`, and
//! `Other` for codes the page does not list. An operation whose page documents no code has no
//! enum: its calls fail with the runtime's `ServiceError` itself.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::names::ident;
use super::shapes::OperationShape;

/// The operation's error enum and its trait implementations.
pub fn error_items(op: &OperationShape, action: &str) -> TokenStream {
    if !op.has_error_enum() {
        return TokenStream::new();
    }
    let name = ident(&op.error);
    let doc = docs::outer(&format!(
        "The error codes of {}. Codes the documentation does not list arrive as `Other`; \
         the enum is non-exhaustive because services add codes.",
        docs::code(action)
    ));
    let variants = op.variants.iter().map(|v| {
        let doc = docs::outer(&v.doc);
        let id = ident(&v.ident);
        quote! { #doc #id(alibabacloud_runtime::ServiceError), }
    });
    let codes = op.variants.iter().map(|v| {
        let id = ident(&v.ident);
        let code = &v.code;
        quote!(#id = #code)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A code this operation's documentation does not list.
            Other(alibabacloud_runtime::ServiceError),
        }

        alibabacloud_runtime::operation_error!(#name { #( #codes ),* });
    }
}
