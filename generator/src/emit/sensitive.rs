//! Which parameters and fields carry secrets: passwords, plaintexts of encryption APIs, private
//! keys, secret values and credentials tokens. Their values are redacted in the generated
//! `Debug` output, and the request's sensitive wire names are given to the runtime, which keeps
//! their values out of errors, logs and signature diagnoses.
//!
//! The spec decides which members are secret (`sensitive: true`, see
//! `spec::build::sensitivity`); this stage only prints the decision.

use proc_macro2::TokenStream;
use quote::quote;

use super::shapes::{FieldShape, OperationShape, RustType, StructShape};

/// How the runtime's `debug_struct!` and `response_struct!` print a field: `secret` shows
/// `<redacted>` for a set value, `field` the value.
pub fn kind(field: &FieldShape) -> TokenStream {
    if field.sensitive {
        quote!(secret)
    } else {
        quote!(field)
    }
}

/// The request's secret members as the runtime names them: dotted wire paths without list
/// indexes (`LoginProfile.Password`), in field order.
pub fn wire_paths(op: &OperationShape) -> Vec<String> {
    paths(&op.request, &op.request_nested)
}

/// The response's secret members, named like [`wire_paths`]
/// (`Credentials.AccessKeySecret`), for the runtime to keep out of decode errors.
pub fn response_wire_paths(op: &OperationShape) -> Vec<String> {
    paths(&op.response, &op.response_nested)
}

fn paths(root: &StructShape, nested: &[StructShape]) -> Vec<String> {
    fn walk(
        shape: &StructShape,
        prefix: &str,
        nested: &[StructShape],
        depth: usize,
        out: &mut Vec<String>,
    ) {
        for f in &shape.fields {
            let path = if prefix.is_empty() {
                f.wire.clone()
            } else {
                format!("{prefix}.{}", f.wire)
            };
            if f.sensitive {
                out.push(path);
                continue;
            }
            let mut ty = &f.ty;
            while let RustType::List(item) | RustType::Map(item) = ty {
                ty = item;
            }
            if let RustType::Struct(name) = ty {
                if let Some(inner) = nested.iter().find(|s| &s.name == name) {
                    if depth < 16 {
                        walk(inner, &path, nested, depth + 1, out);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(root, "", nested, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::emit::shapes::{operation_shape, Reporter};
    use crate::spec::yaml::from_yaml;
    use std::path::Path;

    #[test]
    fn secret_fields_are_redacted_in_debug_and_named_to_the_runtime() {
        let yaml = "name: Decrypt\nproduct: Kms\nversion: '2016-01-20'\nhttp:\n  style: rpc\n  method: POST\nsource:\n  page: kms/Decrypt.md\nrequest:\n- {name: CiphertextBlob, type: string, location: query, required: true}\n- {name: Login, type: struct, location: query, members: [{name: Password, type: string, sensitive: true}]}\nresponse:\n- {name: KeyId, type: string}\n- {name: Plaintext, type: string, sensitive: true}\n- {name: Credentials, type: struct, members: [{name: AccessKeySecret, type: string, sensitive: true}]}\n";
        let spec = from_yaml(Path::new("Decrypt.yaml"), yaml).unwrap();
        let mut diags = Diagnostics::new();
        let mut reporter = Reporter::new("kms/Decrypt.md", &mut diags);
        let op = operation_shape(
            &spec,
            "decrypt".into(),
            &Default::default(),
            Default::default(),
            &mut reporter,
        )
        .unwrap();
        assert_eq!(wire_paths(&op), ["Login.Password"]);
        assert_eq!(
            response_wire_paths(&op),
            ["Plaintext", "Credentials.AccessKeySecret"]
        );
        let kinds = |shape: &StructShape| -> Vec<String> {
            shape.fields.iter().map(|f| kind(f).to_string()).collect()
        };
        assert_eq!(kinds(&op.response), ["field", "secret", "field"]);
        assert_eq!(
            kinds(&op.request),
            ["field", "field"],
            "the request's own fields are not secret"
        );
    }
}
