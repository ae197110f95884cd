//! Shared shapes: a nested struct that several operations of one API version declare alike (same
//! name, same fields down to their own nested structs) is one Rust type, defined by the first
//! operation (in module order) and re-exported by the others, so one helper function can take
//! the `Record` of `DescribeDomainRecords` and of `DescribeSubDomainRecords`. Nested types whose
//! name is unique in the version after that are re-exported from the version module.

use std::collections::BTreeMap;

use super::shapes::{OperationShape, RustType, StructShape};

/// Where each nested struct of a version is defined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SharedShapes {
    /// Per operation module: the nested structs it uses but another module defines, by name,
    /// with the defining module.
    pub imported: BTreeMap<String, BTreeMap<String, String>>,
    /// Every nested struct name with the modules that define a struct of that name (one when
    /// the name means one type in the whole version).
    pub definitions: BTreeMap<String, Vec<String>>,
}

/// Which side a struct is on: request structs write wire parameters (or serialise as JSON),
/// response structs decode; a request and a response struct are never one type.
#[derive(Clone, Copy)]
enum Side {
    Request,
    Response,
}

/// Finds the structs the operations (in module order) can share.
pub fn share(ops: &[&OperationShape]) -> SharedShapes {
    let mut shared = SharedShapes::default();
    // (name, signature) → defining module.
    let mut first: BTreeMap<(String, String), String> = BTreeMap::new();
    for op in ops {
        for (nested, side) in [
            (&op.request_nested, Side::Request),
            (&op.response_nested, Side::Response),
        ] {
            for shape in nested {
                let key = (shape.name.clone(), signature(shape, nested, side));
                match first.get(&key) {
                    Some(module) => {
                        shared
                            .imported
                            .entry(op.module.clone())
                            .or_default()
                            .insert(shape.name.clone(), module.clone());
                    }
                    None => {
                        first.insert(key, op.module.clone());
                        shared
                            .definitions
                            .entry(shape.name.clone())
                            .or_default()
                            .push(op.module.clone());
                    }
                }
            }
        }
    }
    shared
}

/// Everything that makes two structs the same type: the side, the JSON flag, and each field's
/// wire name, Rust name, type (nested structs by their own signature), optionality, location
/// and secrecy. Documentation is left out: pages word the same struct differently.
fn signature(shape: &StructShape, nested: &[StructShape], side: Side) -> String {
    let label = match side {
        Side::Request => "request",
        Side::Response => "response",
    };
    let fields: Vec<String> = shape
        .fields
        .iter()
        .map(|field| {
            format!(
                "{}:{}:{}:{}:{:?}:{}:{}:{}",
                field.wire,
                field.ident,
                type_signature(&field.ty, nested, side),
                field.optional,
                field.location,
                field.required,
                field.payload,
                field.sensitive
            )
        })
        .collect();
    let json = if shape.json { " json" } else { "" };
    format!("{label}{json}{{{}}}", fields.join(","))
}

fn type_signature(ty: &RustType, nested: &[StructShape], side: Side) -> String {
    match ty {
        RustType::Struct(name) => match nested.iter().find(|s| &s.name == name) {
            Some(shape) => format!("{name}{}", signature(shape, nested, side)),
            None => format!("?{name}"),
        },
        RustType::List(item) => format!("[{}]", type_signature(item, nested, side)),
        RustType::Map(value) => format!("{{{}}}", type_signature(value, nested, side)),
        other => format!("{other:?}"),
    }
}
