//! The crates' top-level files. One crate per product (`alibabacloud-kms`: `src/lib.rs` with the
//! product's docs and one module per API version) and the entry crate `alibabacloud`, which
//! re-exports each product under a Cargo feature of its name, none on by default. `Cargo.toml`
//! and `README.md` come from askama templates.

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
    /// Its crate's package name (`alibabacloud-kms`).
    pub crate_name: String,
    /// The product's name as users know it (`Key Management Service`), else its code.
    pub name: String,
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
    repository: String,
    products: &'a [ProductEntry],
}

#[derive(Template)]
#[template(path = "product-Cargo.toml.txt", escape = "none")]
struct ProductCargoToml {
    name: String,
    version: String,
    description: String,
    keyword: String,
    runtime_path: String,
    repository: String,
    /// The loopback test server's path, for crates with waiter tests.
    test_server_path: Option<String>,
}

#[derive(Template)]
#[template(path = "product-README.md.txt", escape = "none")]
struct ProductReadme<'a> {
    product: &'a ProductEntry,
    crate_path: String,
    operations: usize,
    example: &'a str,
    option_rule: &'a str,
}

#[derive(Template)]
#[template(path = "workspace-Cargo.toml.txt", escape = "none")]
struct WorkspaceToml<'a> {
    entry: &'a str,
    products: &'a [ProductEntry],
}

#[derive(Template)]
#[template(path = "README.md.txt", escape = "none")]
struct Readme<'a> {
    name: &'a str,
    first: &'a str,
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

/// The package name of a product's crate: `alibabacloud-kms`.
pub fn product_crate_name(entry_name: &str, module: &str) -> String {
    format!("{entry_name}-{}", module.replace('_', "-"))
}

/// Renders a template, ending the text with one newline.
fn rendered(template: &impl Template) -> Result<String, String> {
    template
        .render()
        .map(|text| format!("{}\n", text.trim_end()))
        .map_err(|e| e.to_string())
}

/// The runtime's path from a crate's directory: settings give it from the crates' directory
/// (an absolute path stays as it is).
fn runtime_from_crate(settings: &CrateSettings) -> String {
    let path = &settings.runtime_path;
    if std::path::Path::new(path).is_absolute() {
        toml_string(path)
    } else {
        toml_string(&format!("../{path}"))
    }
}

/// The entry crate's `Cargo.toml`: one optional dependency and feature per product.
pub fn cargo_toml(settings: &CrateSettings, products: &[ProductEntry]) -> Result<String, String> {
    rendered(&CargoToml {
        name: toml_string(&settings.name),
        version: toml_string(&settings.version),
        runtime_path: runtime_from_crate(settings),
        repository: toml_string(&settings.repository),
        products,
    })
}

/// A product crate's `Cargo.toml`; with `waiter_tests`, the dev-dependencies of the waiters'
/// loopback tests (the test server beside the runtime, and Tokio).
pub fn product_cargo_toml(
    settings: &CrateSettings,
    product: &ProductEntry,
    waiter_tests: bool,
) -> Result<String, String> {
    let versions: Vec<&str> = product
        .versions
        .iter()
        .map(|v| v.version.as_str())
        .collect();
    rendered(&ProductCargoToml {
        name: toml_string(&product.crate_name),
        version: toml_string(&settings.version),
        description: toml_string(&format!(
            "Typed client for Alibaba Cloud {} (API {} {}), generated from the API reference.",
            product.name,
            if versions.len() == 1 {
                "version"
            } else {
                "versions"
            },
            versions.join(", ")
        )),
        keyword: toml_string(&product.module.replace('_', "-")),
        runtime_path: runtime_from_crate(settings),
        repository: toml_string(&settings.repository),
        test_server_path: waiter_tests.then(|| test_server_from_crate(settings)),
    })
}

/// The test server's path from a crate's directory: the `test-server` directory beside the
/// runtime's.
fn test_server_from_crate(settings: &CrateSettings) -> String {
    let runtime = settings.runtime_path.trim_end_matches('/');
    let beside = match runtime.rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/test-server"),
        None => "test-server".to_string(),
    };
    if std::path::Path::new(&beside).is_absolute() {
        toml_string(&beside)
    } else {
        toml_string(&format!("../{beside}"))
    }
}

/// A product crate's `README.md`.
pub fn product_readme(product: &ProductEntry, example: &str) -> Result<String, String> {
    let example = readme_example(example);
    rendered(&ProductReadme {
        product,
        crate_path: crate_module(&product.crate_name),
        operations: product.versions.iter().map(|v| v.operations.len()).sum(),
        example: &example,
        option_rule: OPTION_RULE,
    })
}

/// The crates directory's own `Cargo.toml` when it is generated outside this repository: a
/// workspace of the entry crate and every product crate.
pub fn workspace_toml(
    settings: &CrateSettings,
    products: &[ProductEntry],
) -> Result<String, String> {
    rendered(&WorkspaceToml {
        entry: &settings.name,
        products,
    })
}

/// `README.md`.
pub fn readme(
    settings: &CrateSettings,
    products: &[ProductEntry],
    example: &str,
) -> Result<String, String> {
    let example = readme_example(example);
    rendered(&Readme {
        name: &settings.name,
        first: products.first().map_or("…", |p| p.module.as_str()),
        example: &example,
        option_rule: OPTION_RULE,
        products,
    })
}

/// A usage example as a README shows it: README code is not rustdoc, so lines hidden from the
/// docs are shown, and the body of the function they open is indented.
fn readme_example(example: &str) -> String {
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
    lines.join("\n")
}

/// The entry crate's `src/lib.rs`. `example` is the body of the usage example (Rust, with
/// `#`-hidden lines) and `feature` the product feature it needs, if any.
pub fn lib_rs(products: &[ProductEntry], example: &str, feature: Option<&str>) -> TokenStream {
    let product_list: Vec<String> = products
        .iter()
        .map(|p| {
            let versions: Vec<String> = p
                .versions
                .iter()
                .map(|v| format!("`{}::{}`", p.module, v.module))
                .collect();
            let operations: usize = p.versions.iter().map(|v| v.operations.len()).sum();
            format!(
                "- `{}` ({}, crate `{}`): {operations} operations; {}",
                p.module,
                docs::code(&p.code),
                p.crate_name,
                versions.join(", ")
            )
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
        match feature {
            Some(feature) => format!(
                "With the feature of the product it uses on (`alibabacloud = {{ version = \"0.1\", features = [\"{feature}\"] }}` in `Cargo.toml`):"
            ),
            None => String::new(),
        },
        format!("```ignore\n{example}\n```"),
        "# Products".to_string(),
        format!(
            "Every product is a crate of its own (`alibabacloud-<product>`), re-exported here as a module under a Cargo feature of the same name; none is on by default, so a build compiles only the products it names, and cargo builds them in parallel. Each API version is a module of its product.\n\n{}",
            product_list.join("\n")
        ),
        "# Response fields".to_string(),
        OPTION_RULE.to_string(),
    ]);
    let doc = docs::inner(&crate_doc);
    let mods = products.iter().map(|p| {
        let id = ident(&p.module);
        let krate = ident(&crate_module(&p.crate_name));
        let feature = &p.module;
        quote! {
            #[cfg(feature = #feature)]
            pub use #krate as #id;
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
