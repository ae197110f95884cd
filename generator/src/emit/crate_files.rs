//! The crate's top-level files: `src/lib.rs` (crate docs, re-exports, one feature-gated module per
//! product) and, from askama templates, `Cargo.toml` and `README.md`.

use askama::Template;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::names::ident;
use super::CrateSettings;

/// The Option rule of response fields, stated in the crate docs and the README.
pub const OPTION_RULE: &str = "\
- Lists are `Vec<T>` and maps `BTreeMap<String, T>`: absent means empty.
- Nested objects are plain structs: absent means `Default`.
- `RequestId` at the top of a response is `String`.
- Every other scalar is `Option<T>`: services leave out fields they have no value for.
- `Integer` and `Long` are `i64` (pages label 64-bit values `Integer`), `Float` and `Double` are
  `f64`, JSON and untyped values are `serde_json::Value` (`Null` when absent).
- Values a page documents as Base64 are `Base64` (the text as sent, `decode()` for the bytes),
  times documented as Unix timestamps or `YYYY-MM-DDThh:mm:ssZ` are `Timestamp<F>` (the type
  parameter says how it travels), and request parameters documented as JSON text are
  `serde_json::Value` (build them with the re-exported `serde_json::json!`).
- Decoding is lenient: numbers sent as strings and the reverse, `\"true\"` for booleans, and one
  object where a list is documented all decode.";

/// One product as the top-level files list it.
pub struct ProductEntry {
    /// Module and feature name.
    pub module: String,
    /// Product code.
    pub code: String,
    /// Its versions, sorted.
    pub versions: Vec<VersionEntry>,
}

/// One API version of a product.
pub struct VersionEntry {
    /// `2018-12-30`.
    pub version: String,
    /// `v2018_12_30`.
    pub module: String,
    /// Its operations, sorted.
    pub operations: Vec<OperationLine>,
}

/// One operation line of the README.
pub struct OperationLine {
    /// Action name.
    pub action: String,
    /// One-line summary.
    pub summary: String,
}

#[derive(Template)]
#[template(path = "Cargo.toml.txt", escape = "none")]
struct CargoToml<'a> {
    name: String,
    version: String,
    runtime_path: String,
    features: &'a [String],
    standalone: bool,
}

#[derive(Template)]
#[template(path = "README.md.txt", escape = "none")]
struct Readme<'a> {
    name: &'a str,
    name_module: String,
    example: &'a str,
    option_rule: &'a str,
    products: &'a [ProductEntry],
}

/// A TOML basic string holding `value`.
fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The crate name as a Rust path segment (`alibabacloud-x` -> `alibabacloud_x`).
pub fn crate_module(name: &str) -> String {
    name.replace('-', "_")
}

/// `Cargo.toml`.
pub fn cargo_toml(settings: &CrateSettings, products: &[ProductEntry]) -> Result<String, String> {
    let features: Vec<String> = products.iter().map(|p| p.module.clone()).collect();
    let template = CargoToml {
        name: toml_string(&settings.name),
        version: toml_string(&settings.version),
        runtime_path: toml_string(&settings.runtime_path),
        features: &features,
        standalone: settings.standalone,
    };
    template
        .render()
        .map(|text| format!("{}\n", text.trim_end()))
        .map_err(|e| e.to_string())
}

/// `README.md`.
pub fn readme(
    settings: &CrateSettings,
    products: &[ProductEntry],
    example: &str,
) -> Result<String, String> {
    // The README is not rustdoc: lines hidden from the docs are shown, and the body of the
    // function they open is indented.
    let mut lines: Vec<String> = Vec::new();
    let mut inside = false;
    for line in example.lines() {
        match line.strip_prefix("# ") {
            Some(hidden) => {
                let closes = hidden == "}";
                if closes {
                    inside = false;
                }
                let pad = if inside { "    " } else { "" };
                lines.push(format!("{pad}{hidden}"));
                if hidden.ends_with('{') {
                    inside = true;
                }
            }
            None if inside && !line.is_empty() => lines.push(format!("    {line}")),
            None => lines.push(line.to_string()),
        }
    }
    let example = lines.join("\n");
    let template = Readme {
        name: &settings.name,
        name_module: crate_module(&settings.name),
        example: &example,
        option_rule: OPTION_RULE,
        products,
    };
    template
        .render()
        .map(|text| format!("{}\n", text.trim_end()))
        .map_err(|e| e.to_string())
}

/// `src/lib.rs`. `example` is the body of the usage example (Rust, with `#`-hidden lines).
pub fn lib_rs(products: &[ProductEntry], example: &str) -> TokenStream {
    let product_list: Vec<String> = products
        .iter()
        .map(|p| {
            let versions: Vec<String> = p
                .versions
                .iter()
                .map(|v| format!("`{}::{}`", p.module, v.module))
                .collect();
            format!("- {}: {}", docs::code(&p.code), versions.join(", "))
        })
        .collect();
    let crate_doc = docs::paragraphs([
        "Typed clients for Alibaba Cloud APIs, generated from the official API reference pages.".to_string(),
        "Each operation has a request struct named after its action (required parameters are \
         arguments of `new`, optional ones have setters), a response struct `<Action>Response` \
         and an error enum `<Action>Error` with one variant per documented error code and \
         `Other` for the rest. Signing, credentials, endpoints, retries and decoding are done by \
         the runtime crate, re-exported as [`runtime`]."
            .to_string(),
        "# Example".to_string(),
        format!("```no_run\n{example}\n```"),
        "# Products".to_string(),
        format!(
            "Every product is a Cargo feature of the same name, all enabled by default; each API version is a module of its own.\n\n{}",
            product_list.join("\n")
        ),
        "# Response fields".to_string(),
        OPTION_RULE.to_string(),
    ]);
    let doc = docs::inner(&crate_doc);
    let mods = products.iter().map(|p| {
        let id = ident(&p.module);
        let feature = &p.module;
        quote! {
            #[cfg(feature = #feature)]
            pub mod #id;
        }
    });
    quote! {
        #doc
        #![forbid(unsafe_code)]

        pub use alibabacloud_runtime as runtime;
        pub use alibabacloud_runtime::{Base64, Client, ClientBuilder, ConfigError, Error, OperationError, Rfc3339, ServiceError, Timestamp, UnixMillis, UnixSeconds};
        /// The JSON library of JSON-typed parameters and untyped fields, so callers need no
        /// dependency of their own: `alibabacloud::serde_json::json!({...})`.
        pub use serde_json;

        #( #mods )*
    }
}
