//! Paginators: for an operation whose spec records how it pages, the `Paginated`
//! implementation the runtime's page streams drive, reading and writing the request members and
//! response fields the spec names.

use proc_macro2::TokenStream;
use quote::quote;

use crate::spec::model::{Pagination, PagingStyle};

use super::names::ident;
use super::shapes::{FieldShape, Reporter, RustType, StructShape};

/// How one operation pages, resolved to Rust fields.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingShape {
    /// The paging scheme.
    pub style: PagingStyle,
    /// The request field that selects the page.
    pub input: FieldShape,
    /// The request field that sets the page size.
    pub size: Option<FieldShape>,
    /// Rust field names from the response struct down to the list of items.
    pub items: Vec<String>,
    /// The type of one item.
    pub item: RustType,
    /// Rust field names down to the total, and the total's field.
    pub total: Option<(Vec<String>, FieldShape)>,
    /// Rust field names down to the next token, and its field.
    pub next: Option<(Vec<String>, FieldShape)>,
}

/// Resolves `pagination` against the operation's shapes. A member it names that the shapes do
/// not have, or whose type cannot page, is a warning and leaves the operation without a
/// paginator (or without the optional total).
pub fn paging_shape(
    pagination: &Pagination,
    request: &StructShape,
    response: &StructShape,
    nested: &[StructShape],
    report: &mut Reporter<'_>,
) -> Option<PagingShape> {
    let mut unusable = |what: String| {
        report.warn(
            "pagination-unusable",
            format!("no paginator: {what}; correct the pagination with an override"),
        );
    };
    let Some(input) = request.fields.iter().find(|f| f.wire == pagination.input) else {
        unusable(format!("request member `{}` not found", pagination.input));
        return None;
    };
    let input_fits = match pagination.style {
        PagingStyle::Token => input.ty == RustType::String,
        PagingStyle::PageNumber | PagingStyle::Offset => {
            matches!(input.ty, RustType::Integer | RustType::String)
        }
    };
    if !input_fits {
        unusable(format!(
            "request member `{}` is not a number or a string",
            pagination.input
        ));
        return None;
    }
    let size = match &pagination.size {
        None => None,
        Some(name) => match request.fields.iter().find(|f| &f.wire == name) {
            Some(f) if matches!(f.ty, RustType::Integer | RustType::String) => Some(f.clone()),
            _ => {
                unusable(format!(
                    "page size member `{name}` not found or not a number"
                ));
                return None;
            }
        },
    };
    let Some((items, items_field)) = resolve(&pagination.items, response, nested) else {
        unusable(format!("response list `{}` not found", pagination.items));
        return None;
    };
    let RustType::List(item) = &items_field.ty else {
        unusable(format!(
            "response member `{}` is not a list",
            pagination.items
        ));
        return None;
    };
    let scalar = |path: &Option<String>, want: &dyn Fn(&RustType) -> bool| {
        let path = path.as_ref()?;
        resolve(path, response, nested).filter(|(_, field)| want(&field.ty))
    };
    let total = scalar(&pagination.total, &|ty| {
        matches!(ty, RustType::Integer | RustType::String)
    });
    if pagination.total.is_some() && total.is_none() {
        report.warn(
            "pagination-unusable",
            format!(
                "the total `{}` is not a number in the response; paging ends on an empty page",
                pagination.total.as_deref().unwrap_or_default()
            ),
        );
    }
    let next = scalar(&pagination.next, &|ty| *ty == RustType::String);
    if pagination.style == PagingStyle::Token && next.is_none() {
        report.warn(
            "pagination-unusable",
            format!(
                "no paginator: the next token `{}` is not a string in the response",
                pagination.next.as_deref().unwrap_or_default()
            ),
        );
        return None;
    }
    Some(PagingShape {
        style: pagination.style,
        input: input.clone(),
        size,
        items,
        item: (**item).clone(),
        total,
        next,
    })
}

/// Follows a dotted wire path from the response struct; returns the Rust field names on the
/// way and the last field. Every step but the last must be a (never optional) struct.
fn resolve(
    path: &str,
    response: &StructShape,
    nested: &[StructShape],
) -> Option<(Vec<String>, FieldShape)> {
    let mut current = response;
    let mut idents = Vec::new();
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let field = current.fields.iter().find(|f| f.wire == segment)?;
        idents.push(field.ident.clone());
        if segments.peek().is_none() {
            return Some((idents, field.clone()));
        }
        let RustType::Struct(name) = &field.ty else {
            return None;
        };
        if field.optional {
            return None;
        }
        current = nested.iter().find(|s| &s.name == name)?;
    }
    None
}

/// `impl alibabacloud_runtime::Paginated for <Request>`.
pub fn paginated_impl(paging: &PagingShape, request: &str, response: &str) -> TokenStream {
    let request = ident(request);
    let response = ident(response);
    let item = paging.item.tokens();
    let input = ident(&paging.input.ident);
    let (variant, start) = match paging.style {
        PagingStyle::PageNumber => (quote!(Page), quote!(1)),
        PagingStyle::Offset => (quote!(Offset), quote!(0)),
        PagingStyle::Token => (quote!(Token), quote!()),
    };
    let (position, set) = match (paging.style, &paging.input.ty, paging.input.optional) {
        (PagingStyle::Token, _, true) => (
            quote!(self.#input.clone()),
            quote!(self.#input = value.clone();),
        ),
        (PagingStyle::Token, _, false) => (
            quote!(Some(self.#input.clone()).filter(|token| !token.is_empty())),
            quote!(self.#input = value.clone().unwrap_or_default();),
        ),
        (_, RustType::Integer, true) => (
            quote!(self.#input.unwrap_or(#start)),
            quote!(self.#input = Some(*value);),
        ),
        (_, RustType::Integer, false) => (quote!(self.#input), quote!(self.#input = *value;)),
        (_, _, true) => (
            quote!(self.#input.as_deref().and_then(|v| v.parse().ok()).unwrap_or(#start)),
            quote!(self.#input = Some(value.to_string());),
        ),
        (_, _, false) => (
            quote!(self.#input.parse().unwrap_or(#start)),
            quote!(self.#input = value.to_string();),
        ),
    };
    let size = match &paging.size {
        None => quote!(None),
        Some(field) => {
            let id = ident(&field.ident);
            match (&field.ty, field.optional) {
                (RustType::Integer, true) => quote!(self.#id),
                (RustType::Integer, false) => quote!(Some(self.#id)),
                (_, true) => quote!(self.#id.as_deref().and_then(|v| v.parse().ok())),
                (_, false) => quote!(self.#id.parse().ok()),
            }
        }
    };
    let items = field_path(&paging.items);
    let total = paging.total.as_ref().map(|(path, field)| {
        let path = field_path(path);
        let value = match (&field.ty, field.optional) {
            (RustType::Integer, true) => quote!(page.#path),
            (RustType::Integer, false) => quote!(Some(page.#path)),
            (_, true) => quote!(page.#path.as_deref().and_then(|v| v.parse().ok())),
            (_, false) => quote!(page.#path.parse().ok()),
        };
        quote! {
            #[inline]
            fn total(page: &#response) -> Option<i64> {
                #value
            }
        }
    });
    let next = paging.next.as_ref().map(|(path, field)| {
        let path = field_path(path);
        let value = if field.optional {
            quote!(page.#path.as_deref())
        } else {
            quote!(Some(page.#path.as_str()))
        };
        quote! {
            #[inline]
            fn next_token(page: &#response) -> Option<&str> {
                #value
            }
        }
    });
    quote! {
        impl alibabacloud_runtime::Paginated for #request {
            type Item = #item;
            #[inline]
            fn position(&self) -> alibabacloud_runtime::Position {
                alibabacloud_runtime::Position::#variant(#position)
            }
            #[inline]
            fn set_position(&mut self, position: &alibabacloud_runtime::Position) {
                if let alibabacloud_runtime::Position::#variant(value) = position {
                    #set
                }
            }
            #[inline]
            fn page_size(&self) -> Option<i64> {
                #size
            }
            #[inline]
            fn items(page: &#response) -> &[#item] {
                &page.#items
            }
            #[inline]
            fn into_items(page: #response) -> Vec<#item> {
                page.#items
            }
            #total
            #next
        }
    }
}

/// `a.b.c` from Rust field names.
fn field_path(idents: &[String]) -> TokenStream {
    let parts = idents.iter().map(|name| ident(name));
    quote!(#( #parts ).*)
}
