//! Response structs, with the Option rule of the crate docs (scalars optional, lists and structs
//! not). Decoding is one `member` function per struct that hands each member to the runtime's
//! lenient decoding by wire name: the runtime's visitor does the rest, so a struct costs one small
//! function, not serde's derived visitors with a helper per field. `Serialize` is derived, with
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
    // A struct without members skips every value; `name` is then unused.
    let (name_param, member_body) = if shape.fields.is_empty() {
        (quote!(_name), quote!(alibabacloud_runtime::de::skip(value)))
    } else {
        let arms = shape.fields.iter().map(|f| {
            let id = ident(&f.ident);
            let wire = &f.wire;
            quote!(#wire => alibabacloud_runtime::de::read_into(&mut self.#id, value),)
        });
        let body = quote! {
            match name {
                #( #arms )*
                _ => alibabacloud_runtime::de::skip(value),
            }
        };
        (quote!(name), body)
    };
    // A struct whose only member is a list is the XML-style wrapper (`LogList` holding
    // `LogInfo`); JSON payloads often send the list in its place, which the runtime accepts.
    let wrapper = match shape.fields.as_slice() {
        [only] if matches!(only.ty, RustType::List(_)) => {
            let wire = &only.wire;
            quote!(const LIST_WRAPPER: Option<&'static str> = Some(#wire);)
        }
        _ => quote!(),
    };
    let debug_impl = super::sensitive::debug_impl(shape);
    let debug = if debug_impl.is_some() {
        quote!()
    } else {
        quote!(Debug,)
    };
    quote! {
        #doc
        #[derive(#debug Clone, Default, PartialEq)]
        #[cfg_attr(feature = "serialize", derive(serde::Serialize))]
        pub struct #name {
            #( #fields )*
        }

        #debug_impl

        impl alibabacloud_runtime::de::Nested for #name {
            #wrapper
            fn member<'de, D: serde::Deserializer<'de>>(
                &mut self,
                #name_param: &str,
                value: D,
            ) -> Result<(), D::Error> {
                #member_body
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                alibabacloud_runtime::de::object(deserializer)
            }
        }
    }
}
