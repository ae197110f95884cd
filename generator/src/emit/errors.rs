//! Error enums: one variant per documented code, each holding the runtime's `ServiceError`, and
//! `Other` for codes the page does not list.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::names::ident;
use super::shapes::OperationShape;

/// The operation's error enum and its trait implementations.
pub fn error_items(op: &OperationShape, action: &str) -> TokenStream {
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
    let idents: Vec<TokenStream> = op
        .variants
        .iter()
        .map(|v| {
            let id = ident(&v.ident);
            quote!(Self::#id(error))
        })
        .chain(std::iter::once(quote!(Self::Other(error))))
        .collect();
    let from_body = if op.variants.is_empty() {
        quote!(Self::Other(error))
    } else {
        let arms = op.variants.iter().map(|v| {
            let id = ident(&v.ident);
            let code = &v.code;
            quote!(#code => Self::#id(error),)
        });
        quote! {
            match error.code() {
                #( #arms )*
                _ => Self::Other(error),
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A code this operation's documentation does not list.
            Other(alibabacloud_runtime::ServiceError),
        }

        impl #name {
            /// The service error behind the variant.
            pub fn service_error(&self) -> &alibabacloud_runtime::ServiceError {
                match self {
                    #( #idents )|* => error,
                }
            }

            /// The error code the service sent.
            pub fn code(&self) -> &str {
                self.service_error().code()
            }

            /// The message the service sent.
            pub fn message(&self) -> &str {
                self.service_error().message()
            }

            /// The request id, when the error body had one.
            pub fn request_id(&self) -> Option<&str> {
                self.service_error().request_id()
            }
        }

        impl From<alibabacloud_runtime::ServiceError> for #name {
            fn from(error: alibabacloud_runtime::ServiceError) -> Self {
                #from_body
            }
        }

        impl alibabacloud_runtime::OperationError for #name {
            fn service_error(&self) -> &alibabacloud_runtime::ServiceError {
                #name::service_error(self)
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.service_error(), f)
            }
        }

        impl std::error::Error for #name {}
    }
}
