//! Response structs, with the Option rule of the crate docs (scalars optional, lists and structs
//! not). Decoding and `Debug` come from the runtime's `response_struct!`, given each member's
//! wire name and field: one small `member` function per struct that hands each member to the
//! runtime's lenient decoding, not serde's derived visitors with a helper per field. `Serialize` is derived, with
//! the wire names, only under the crate's `serialize` feature: it is a fifth of the crate's build
//! and most programs never write a response back out.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::names::ident;
use super::shapes::{OperationShape, RustType, StructShape};

/// The response struct and its nested structs.
pub fn response_items(op: &OperationShape) -> TokenStream {
    let main = struct_items(&op.response);
    let nested = op.response_nested.iter().map(struct_items);
    quote! {
        #main
        #( #nested )*
    }
}

/// A struct nested in a response, as the version's `types` module defines it.
pub fn nested_items(shape: &StructShape) -> TokenStream {
    struct_items(shape)
}

fn struct_items(shape: &StructShape) -> TokenStream {
    let name = ident(&shape.name);
    let doc = docs::outer(&shape.doc);
    let fields = shape.fields.iter().map(|f| {
        let doc = docs::outer(&f.doc);
        let id = ident(&f.ident);
        let ty = f.ty.tokens();
        let ty = if f.optional { quote!(Option<#ty>) } else { ty };
        let wire = &f.wire;
        quote! {
            #doc
            #[cfg_attr(feature = "serialize", serde(rename = #wire))]
            pub #id: #ty,
        }
    });
    let members = shape.fields.iter().map(|f| {
        let id = ident(&f.ident);
        let wire = &f.wire;
        let kind = super::sensitive::kind(f);
        quote!(#wire => #kind #id)
    });
    // A struct whose only member is a list is the XML-style wrapper (`LogList` holding
    // `LogInfo`); JSON payloads often send the list in its place, which the runtime accepts.
    let wrapper = match shape.fields.as_slice() {
        [only] if matches!(only.ty, RustType::List(_)) => {
            let wire = &only.wire;
            quote!([list #wire])
        }
        _ => quote!(),
    };
    quote! {
        #doc
        #[derive(Clone, Default, PartialEq)]
        #[cfg_attr(feature = "serialize", derive(serde::Serialize))]
        pub struct #name {
            #( #fields )*
        }

        alibabacloud_runtime::response_struct!(#name #wrapper { #( #members ),* });
    }
}
