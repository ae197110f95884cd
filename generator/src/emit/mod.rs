//! The emit stage: specs to the files of a Rust client crate.
//!
//! Each operation's [`shapes`] (structs, fields, names, variants) are decided first, then printed
//! as tokens by [`request`], [`response`], [`errors`] and [`generated_tests`], grouped into product and
//! version modules by [`service`], and formatted by [`rust_file`]. The crate's `Cargo.toml` and
//! `README.md` come from askama templates ([`crate_files`]). The output is a map of paths to
//! bytes that depends on nothing but the input: same specs, same bytes.

pub mod crate_files;
pub mod docs;
pub mod errors;
pub mod generated_tests;
pub mod language_share;
pub mod locate;
/// Rust names from wire names, shared with the spec stage, which names the shapes.
pub use crate::names;
pub mod paginator;
pub mod request;
pub mod response;
pub mod rust_file;
pub mod sensitive;
pub mod service;
pub mod shapes;
pub mod value_enums;
pub mod waiter;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::spec::model::OperationSpec;
use crate::spec::product::ProductConfig;
use crate::spec::shape_table;

use crate_files::{OperationLine, ProductEntry, VersionEntry};
use names::Scope;
use service::OperationEntry;
use shapes::{OperationShape, Reporter};

/// Settings of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateSettings {
    /// Package name, `alibabacloud`.
    pub name: String,
    /// Package version, `0.1.0`.
    pub version: String,
    /// Path of the runtime crate, relative to the directory that holds the generated crates
    /// (`../runtime`).
    pub runtime_path: String,
    /// The project's home page, the `repository` of every manifest.
    pub repository: String,
    /// Writes a workspace `Cargo.toml` over the crates, so they build outside any workspace.
    pub standalone: bool,
}

/// Names an operation module (and `Client` method) must not take: the version `Client`'s own
/// methods, and crate names the generated code writes paths through.
const OPERATION_RESERVED: &[&str] = &[
    "new",
    "builder",
    "with_options",
    "from_env",
    "inner",
    "from",
    "into",
    "clone",
    "fmt",
    "eq",
    "default",
    "type_id",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "alibabacloud_runtime",
];

/// Names a product module must not take: the re-exported runtime, crate names, and the entry
/// crate's directory.
const PRODUCT_RESERVED: &[&str] = &[
    "alibabacloud",
    "runtime",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "alibabacloud_runtime",
];

/// A module name that needs no raw identifier (it is also a file name, a method name or a Cargo
/// feature): keywords take a trailing `_` instead of `r#`.
fn module_name(name: &str, fallback: &str) -> String {
    match names::snake_case(name) {
        Some(snake) => match snake.strip_prefix("r#") {
            Some(word) => format!("{word}_"),
            None => snake,
        },
        None => fallback.to_string(),
    }
}

/// The module (and crate directory) of each product, by folder, as the emitter names them:
/// claimed in folder order, a later clash numbered; a product whose code another already has
/// gets none (the emitter reports it).
pub fn product_modules(products: &[ProductConfig]) -> BTreeMap<String, String> {
    let mut codes = std::collections::BTreeSet::new();
    let mut scope = Scope::with_reserved(PRODUCT_RESERVED);
    let mut sorted: Vec<&ProductConfig> = products.iter().collect();
    sorted.sort_by(|a, b| a.folder.cmp(&b.folder));
    let mut modules = BTreeMap::new();
    for product in sorted {
        if !codes.insert(product.code.as_str()) {
            continue;
        }
        let wanted = module_name(
            product.module.as_deref().unwrap_or(&product.folder),
            "product",
        );
        let (module, _) = scope.claim_numbered(&wanted, "_");
        modules.insert(product.folder.clone(), module);
    }
    modules
}

/// The client type's name of `product` (`CmsClient`), as its version modules name it; no shape
/// of the product takes it.
pub fn client_type_name(product: &ProductConfig) -> String {
    client_name(&module_name(
        product.module.as_deref().unwrap_or(&product.folder),
        "product",
    ))
}

/// The text of the pages specs were read from, by label (a spec's `source.page`).
pub type PageTexts<'a> = BTreeMap<&'a str, &'a str>;

/// Emits every file of the crates: path relative to the directory holding them (with `/`) to
/// content. Each product is a crate in `<product>/`, the entry crate is in `<settings.name>/`.
/// Diagnostics about a member point at its line of the spec file (see
/// [`emit_crate_with_pages`]).
pub fn emit_crate(
    settings: &CrateSettings,
    products: &[ProductConfig],
    specs: &[OperationSpec],
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    emit_crate_with_pages(settings, products, specs, &PageTexts::new(), diags)
}

/// [`emit_crate`], with the text of the pages the specs were read from: diagnostics about a
/// member then point at its row of the page (a spec without its page's text falls back to its
/// spec file).
pub fn emit_crate_with_pages(
    settings: &CrateSettings,
    products: &[ProductConfig],
    specs: &[OperationSpec],
    pages: &PageTexts<'_>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let grouped = group(products, specs, diags);
    let entry_path = crate_files::crate_module(&settings.name);
    // Products are independent of each other, so they are made on every core (and their
    // versions and operations within them); files and diagnostics are then taken in product
    // order, as a one-by-one loop would have produced them.
    let grouped: Vec<_> = grouped.iter().collect();
    let made: Vec<ProductOutput> = grouped
        .par_iter()
        .map(|(module, (product, versions))| {
            emit_product(settings, &entry_path, module, product, versions, pages)
        })
        .collect();
    let mut entries: Vec<ProductEntry> = Vec::new();
    // The usage examples show the operation with the fewest required parameters (but at least
    // one, so it shows `new` taking arguments), the first such in crate order: one per product
    // crate, and one of all for the entry crate, the first on a tie.
    let mut example: Option<(usize, String, String)> = None;
    for product in made {
        diags.extend(product.diags);
        files.extend(product.files);
        if let Some((rank, through)) = product.example {
            if example.as_ref().is_none_or(|(best, _, _)| rank < *best) {
                example = Some((rank, through, product.entry.module.clone()));
            }
        }
        entries.push(product.entry);
    }

    let (example, example_feature) = match example {
        Some((_, text, feature)) => (text, Some(feature)),
        None => (generated_tests::client_only_example(&entry_path), None),
    };
    let entry_dir = &settings.name;
    let mut reporter = Reporter::new("Cargo.toml", diags);
    write_rust(
        &mut files,
        &format!("{entry_dir}/src/lib.rs"),
        crate_files::lib_rs(&entries, &example, example_feature.as_deref()),
        &mut reporter,
    );
    crate_text(
        &mut files,
        &format!("{entry_dir}/Cargo.toml"),
        crate_files::cargo_toml(settings, &entries),
        &mut reporter,
    );
    crate_text(
        &mut files,
        &format!("{entry_dir}/README.md"),
        crate_files::readme(settings, &entries, &example),
        &mut reporter,
    );
    if settings.standalone {
        crate_text(
            &mut files,
            "Cargo.toml",
            crate_files::workspace_toml(settings, &entries),
            &mut reporter,
        );
    }
    files
}

/// What one product contributes: its crate's files, its diagnostics in order, its entry in the
/// entry crate, and its best usage example through the entry crate with its rank.
struct ProductOutput {
    files: BTreeMap<String, String>,
    diags: Diagnostics,
    entry: ProductEntry,
    example: Option<(usize, String)>,
}

/// What one API version contributes: its module's files, its diagnostics in order, its entry in
/// the product's docs, and its best usage example (rank, in the product crate, through the entry
/// crate).
struct VersionOutput {
    files: BTreeMap<String, String>,
    diags: Diagnostics,
    entry: VersionEntry,
    example: Option<(usize, String, String)>,
}

/// The crate of one product: a module per API version, `lib.rs`, `Cargo.toml` and `README.md`.
fn emit_product(
    settings: &CrateSettings,
    entry_path: &str,
    module: &str,
    product: &ProductConfig,
    versions: &BTreeMap<String, Vec<&OperationSpec>>,
    pages: &PageTexts<'_>,
) -> ProductOutput {
    let mut diags = Diagnostics::new();
    let mut files = BTreeMap::new();
    let crate_name = crate_files::product_crate_name(&settings.name, module);
    let crate_path = crate_files::crate_module(&crate_name);
    // Version module names are claimed in version order (a later clash is the one renamed);
    // each version is then independent of the others and made on every core.
    let mut version_scope = Scope::default();
    let mut claimed: Vec<(&String, Option<String>, &Vec<&OperationSpec>, Diagnostics)> = Vec::new();
    for (version, ops) in versions {
        let mut found = Diagnostics::new();
        let Some(wanted) = names::version_module(version) else {
            report(
                &mut found,
                &product.folder,
                Severity::Error,
                "unusable-name",
                format!("API version `{version}` cannot name a module"),
            );
            claimed.push((version, None, ops, found));
            continue;
        };
        let (version_module, renamed) = version_scope.claim_numbered(&wanted, "_");
        if renamed {
            name_collision(
                &mut found,
                &product.folder,
                format!("API version `{version}` becomes module `{version_module}`"),
            );
        }
        claimed.push((version, Some(version_module), ops, found));
    }
    let made: Vec<Option<VersionOutput>> = claimed
        .par_iter()
        .map(|(version, version_module, ops, _)| {
            let version_module = version_module.as_deref()?;
            let paths = CratePaths {
                own: &crate_path,
                entry: entry_path,
            };
            Some(emit_version(
                product,
                module,
                paths,
                version,
                version_module,
                ops,
                pages,
            ))
        })
        .collect();
    // (rank, example in this crate, the same example through the entry crate)
    let mut product_example: Option<(usize, String, String)> = None;
    let mut version_entries = Vec::new();
    for ((_, _, _, found), version) in claimed.into_iter().zip(made) {
        diags.extend(found);
        let Some(version) = version else {
            continue;
        };
        diags.extend(version.diags);
        files.extend(version.files);
        version_entries.push(version.entry);
        if let Some(candidate) = version.example {
            if product_example
                .as_ref()
                .is_none_or(|(best, _, _)| candidate.0 < *best)
            {
                product_example = Some(candidate);
            }
        }
    }
    let entry = ProductEntry {
        module: module.to_string(),
        code: product.code.clone(),
        crate_name,
        name: product.name.clone().unwrap_or_else(|| product.code.clone()),
        versions: version_entries,
    };
    let (example, product_example) = match product_example {
        Some((rank, text, through)) => (Some((rank, through)), text),
        None => (
            None,
            generated_tests::client_only_example(&format!("{crate_path}::runtime")),
        ),
    };
    let mut reporter = Reporter::new(&product.folder, &mut diags);
    write_rust(
        &mut files,
        &format!("{module}/src/lib.rs"),
        service::product_lib(&entry, &product_example),
        &mut reporter,
    );
    crate_text(
        &mut files,
        &format!("{module}/Cargo.toml"),
        crate_files::product_cargo_toml(
            settings,
            &entry,
            versions
                .values()
                .flatten()
                .any(|spec| !spec.waiters.is_empty()),
        ),
        &mut reporter,
    );
    crate_text(
        &mut files,
        &format!("{module}/README.md"),
        crate_files::product_readme(&entry, &product_example),
        &mut reporter,
    );
    ProductOutput {
        files,
        diags,
        entry,
        example,
    }
}

/// The paths a product's items are reached by.
#[derive(Debug, Clone, Copy)]
struct CratePaths<'a> {
    /// Through the product's own crate (`alibabacloud_kms`).
    own: &'a str,
    /// Through the entry crate (`alibabacloud`).
    entry: &'a str,
}

/// One API version of a product: a file per operation, the version's types module and its
/// `mod.rs` with the `Client`.
fn emit_version(
    product: &ProductConfig,
    module: &str,
    paths: CratePaths<'_>,
    version: &str,
    version_module: &str,
    ops: &[&OperationSpec],
    pages: &PageTexts<'_>,
) -> VersionOutput {
    let CratePaths {
        own: crate_path,
        entry: entry_path,
    } = paths;
    let mut diags = Diagnostics::new();
    let mut files = BTreeMap::new();
    let mut product_example: Option<(usize, String, String)> = None;
    let dir = format!("{module}/src/{version_module}");
    let mut op_scope = Scope::with_reserved(OPERATION_RESERVED);
    let client = client_name(module);
    // The spec's shape table names every struct and enum of the version. The pipeline has
    // given the specs their names already (and reported the table's diagnostics); the same
    // rules run again here, giving the same names, so that specs read without a table (a
    // hand-written fixture) are named alike.
    let mut owned: Vec<OperationSpec> = ops.iter().map(|spec| (*spec).clone()).collect();
    let table = {
        let mut refs: Vec<&mut OperationSpec> = owned.iter_mut().collect();
        shape_table::assign_version(&product.code, version, &mut refs, Some(&client)).0
    };
    let ops: Vec<&OperationSpec> = owned.iter().collect();
    let ops = ops.as_slice();
    // Fields name enums and structs by absolute path, the same from an operation module and
    // its tests.
    let types_path = format!("crate::{version_module}::{}", value_enums::MODULE);
    let enums = value_enums::EnumRegistry::from_table(&table.enums, &types_path, product.docs);
    let mut version_enums = enums.enums.clone();
    let (error_code, error_naming) = value_enums::error_codes(ops);
    version_enums.push(error_code);
    version_enums.sort_by(|a, b| a.name.cmp(&b.name));
    report_enum_collisions(
        enums.collisions.iter().chain(&error_naming),
        ops,
        &product.folder,
        pages,
        &mut diags,
    );
    op_scope.try_claim(value_enums::MODULE);
    // Module names are claimed in operation order (a later clash is the one renamed);
    // shaping each operation is then independent, so it runs on every core, and each
    // operation's diagnostics follow its own naming warning as in a one-by-one loop.
    let claimed: Vec<(&OperationSpec, String, Option<String>)> = ops
        .iter()
        .map(|spec| {
            let wanted = module_name(&spec.name, "operation");
            let (op_module, renamed) = op_scope.claim_numbered(&wanted, "_");
            let warning = renamed.then(|| {
                format!(
                    "action `{}` becomes `{op_module}`: `{wanted}` is taken",
                    spec.name
                )
            });
            (*spec, op_module, warning)
        })
        .collect();
    let shapes: Vec<_> = claimed
        .par_iter()
        .map(|(spec, op_module, warning)| {
            let mut found = Diagnostics::new();
            let mut reporter =
                Reporter::for_spec(spec_source(spec, &product.folder, pages), &mut found);
            if let Some(warning) = warning {
                reporter.warn("name-collision", warning.clone());
            }
            let shape = shapes::operation_shape(
                spec,
                op_module.clone(),
                &enums,
                product.docs,
                &mut reporter,
            );
            (shape, found)
        })
        .collect();
    let mut shaped: Vec<(&OperationSpec, OperationShape)> = Vec::new();
    for ((spec, _, _), (shape, found)) in claimed.iter().zip(shapes) {
        diags.extend(found);
        if let Some(shape) = shape {
            shaped.push((spec, shape));
        }
    }
    // Mentions of the version's operations in the docs link to their request types.
    let links: BTreeMap<String, String> = shaped
        .iter()
        .map(|(spec, shape)| {
            let path = format!(
                "crate::{version_module}::{}::{}",
                shape.module, shape.request.name
            );
            (spec.name.clone(), path)
        })
        .collect();
    for (spec, shape) in &mut shaped {
        link_shape_docs(shape, &links, &spec.name);
    }
    // Each struct of the table is defined once, in the version's `types` module: response
    // structs with every field any of their instances has, request structs as their (equal)
    // instances have them.
    let mut nested: BTreeMap<String, (shapes::StructShape, bool)> = BTreeMap::new();
    for (_, shape) in &shaped {
        for (list, request) in [
            (&shape.request_nested, true),
            (&shape.response_nested, false),
        ] {
            for instance in list {
                match nested.get_mut(&instance.name) {
                    Some((known, _)) if !request => shapes::merge_fields(known, instance),
                    Some(_) => {}
                    None => {
                        nested.insert(instance.name.clone(), (instance.clone(), request));
                    }
                }
            }
        }
    }
    // Operation files are independent of each other and most of the work (building and
    // formatting their tokens), so they are made on every core. Tokens cannot cross
    // threads, so each worker makes a whole file; files and diagnostics are then taken in
    // operation order, as a one-by-one loop would have produced them.
    let written: Vec<_> = shaped
        .par_iter()
        .map(|(spec, shape)| {
            let mut found = Diagnostics::new();
            let mut reporter =
                Reporter::for_spec(spec_source(spec, &product.folder, pages), &mut found);
            let tokens = operation_file(spec, shape, product.docs, &mut reporter);
            let path = format!("{dir}/{}.rs", shape.module);
            let text = format_rust(&path, tokens, &mut reporter);
            (path, text, found)
        })
        .collect();
    for (path, text, found) in written {
        diags.extend(found);
        if let Some(text) = text {
            files.insert(path, text);
        }
    }
    // Each operation's three types are re-exported from the version module unless a name
    // is already taken there (by `Client`, `SERVICE`, the enums or an earlier operation).
    let mut exported = Scope::with_reserved(&["Client", "SERVICE", "Error", &client]);
    for shape in &version_enums {
        exported.try_claim(&shape.name);
    }
    let mut op_entries: Vec<OperationEntry<'_>> = Vec::new();
    for (spec, shape) in &shaped {
        let mut types = vec![&shape.request.name, &shape.response.name];
        if shape.has_error_enum() {
            types.push(&shape.error);
        }
        let reexport = types.iter().all(|t| !exported.contains(t));
        if reexport {
            types.iter().for_each(|t| {
                exported.try_claim(t);
            });
        } else {
            name_collision(&mut diags, &spec.source.page, format!(
                "the types of `{}` are not re-exported from `{version_module}`: a name is taken; use them from `{}`",
                spec.name, shape.module
            ));
        }
        let required = shape.request.fields.iter().filter(|f| !f.optional).count();
        // The configured example operation first (rank 0), then fewest arguments.
        let rank = if product.example.as_deref() == Some(spec.name.as_str()) {
            0
        } else if required == 0 {
            usize::MAX
        } else {
            required
        };
        if reexport
            && product_example
                .as_ref()
                .is_none_or(|(best, _, _)| rank < *best)
        {
            let entry = format!("{entry_path}::{module}");
            let usage = |path: &str| generated_tests::usage_example(path, version_module, shape);
            if let (Some(own), Some(through)) = (usage(crate_path), usage(&entry)) {
                product_example = Some((rank, own, through));
            }
        }
        // Claimed after every operation module, so an operation named `XPages` keeps
        // its own name and the paginator method gives way.
        let pages_method = shape.paging.as_ref().map(|_| {
            let wanted = format!("{}_pages", shape.module);
            let (method, renamed) = op_scope.claim_numbered(&wanted, "_");
            if renamed {
                name_collision(
                    &mut diags,
                    &spec.source.page,
                    format!(
                        "the paginator of `{}` is `{method}`: `{wanted}` is taken",
                        spec.name
                    ),
                );
            }
            method
        });
        // Waiter methods are claimed last too: an operation keeps its own name.
        let mut waiters = Vec::new();
        {
            let mut reporter =
                Reporter::for_spec(spec_source(spec, &product.folder, pages), &mut diags);
            for mut waiter in waiter::waiter_shapes(spec, shape, &mut reporter) {
                let (method, renamed) = op_scope.claim_numbered(&waiter.method, "_");
                if renamed {
                    reporter.warn(
                        "name-collision",
                        format!(
                            "the waiter `{}` is `{method}`: `{}` is taken",
                            waiter.spec.name, waiter.method
                        ),
                    );
                }
                waiter.method = method;
                waiters.push(waiter);
            }
        }
        op_entries.push(OperationEntry {
            action: &spec.name,
            shape,
            pages_method,
            waiters,
            // One language only: the method's doc is a line of the client's page, and the
            // other language is a click away on the request's.
            summary: docs::link_operations(
                &first_paragraph(&docs::markdown(docs::first_of(
                    &spec.summary,
                    &spec.summary_en,
                    product.docs,
                ))),
                &links,
                &spec.name,
            ),
            reexport,
        });
    }
    // Every struct of the table is re-exported from the version module by its name, which
    // the table made unique in the version.
    let nested_exports: Vec<NestedExport> = nested
        .keys()
        .filter(|name| exported.try_claim(name))
        .map(|name| NestedExport {
            module: value_enums::MODULE.to_string(),
            name: name.clone(),
            alias: None,
        })
        .collect();
    let struct_items: Vec<TokenStream> = nested
        .values()
        .map(|(shape, request)| {
            if *request {
                request::nested_items(shape)
            } else {
                response::nested_items(shape)
            }
        })
        .collect();
    let mut reporter = Reporter::new(&product.folder, &mut diags);
    write_rust(
        &mut files,
        &format!("{dir}/{}.rs", value_enums::MODULE),
        value_enums::types_module(&version_enums, &struct_items),
        &mut reporter,
    );
    write_rust(
        &mut files,
        &format!("{dir}/mod.rs"),
        service::version_module(
            product,
            version,
            &op_entries,
            &version_enums,
            &nested_exports,
            &client,
        ),
        &mut reporter,
    );
    let entry = VersionEntry {
        version: version.to_string(),
        module: version_module.to_string(),
        operations: shaped
            .iter()
            .map(|(spec, _)| OperationLine {
                action: spec.name.clone(),
                summary: one_line(docs::first_of(
                    &spec.summary,
                    &spec.summary_en,
                    product.docs,
                )),
            })
            .collect(),
    };
    VersionOutput {
        files,
        diags,
        entry,
        example: product_example,
    }
}

/// Links the mentions of other operations in every doc of `shape` (see
/// [`docs::link_operations`]).
fn link_shape_docs(shape: &mut OperationShape, links: &BTreeMap<String, String>, own: &str) {
    let link = |text: &mut String| *text = docs::link_operations(text, links, own);
    let structs = std::iter::once(&mut shape.request)
        .chain(std::iter::once(&mut shape.response))
        .chain(shape.request_nested.iter_mut())
        .chain(shape.response_nested.iter_mut());
    for shape in structs {
        link(&mut shape.doc);
        for field in &mut shape.fields {
            link(&mut field.doc);
        }
    }
    for variant in &mut shape.variants {
        link(&mut variant.doc);
    }
}

/// Adds a rendered text file, or reports why its template failed.
fn crate_text(
    files: &mut BTreeMap<String, String>,
    path: &str,
    rendered: Result<String, String>,
    reporter: &mut Reporter<'_>,
) {
    match rendered {
        Ok(text) => {
            files.insert(path.to_string(), text);
        }
        Err(e) => reporter.error("template", format!("{path}: template failed: {e}")),
    }
}

/// The client type of a product's versions, named for the product (`KmsClient`), so that two
/// products glob-imported side by side do not both bring a `Client` one must name.
fn client_name(product_module: &str) -> String {
    let base = names::pascal_case(product_module).unwrap_or_default();
    format!("{base}Client")
}

/// A nested type re-exported from its version module.
pub struct NestedExport {
    /// The operation module defining it.
    pub module: String,
    /// Its name there.
    pub name: String,
    /// The name it is re-exported under, when its own is taken in the version module.
    pub alias: Option<String>,
}

/// Products by module name, each with its operations by version, sorted by action name.
type Grouped<'a> = BTreeMap<String, (&'a ProductConfig, BTreeMap<String, Vec<&'a OperationSpec>>)>;

fn group<'a>(
    products: &'a [ProductConfig],
    specs: &'a [OperationSpec],
    diags: &mut Diagnostics,
) -> Grouped<'a> {
    let mut modules: BTreeMap<&str, String> = BTreeMap::new();
    let mut scope = Scope::with_reserved(PRODUCT_RESERVED);
    let mut sorted: Vec<&ProductConfig> = products.iter().collect();
    sorted.sort_by(|a, b| a.folder.cmp(&b.folder));
    for product in sorted {
        if modules.contains_key(product.code.as_str()) {
            report(
                diags,
                &product.folder,
                Severity::Error,
                "duplicate-product",
                format!("product code `{}` is configured twice", product.code),
            );
            continue;
        }
        let wanted = module_name(
            product.module.as_deref().unwrap_or(&product.folder),
            "product",
        );
        let (module, renamed) = scope.claim_numbered(&wanted, "_");
        if renamed {
            name_collision(
                diags,
                &product.folder,
                format!("product `{}` becomes module `{module}`", product.folder),
            );
        }
        modules.insert(product.code.as_str(), module);
    }

    let mut grouped: Grouped<'a> = BTreeMap::new();
    for spec in specs {
        let found = products
            .iter()
            .find(|p| p.code == spec.product)
            .or_else(|| {
                products
                    .iter()
                    .find(|p| p.code.eq_ignore_ascii_case(&spec.product))
            });
        let Some(product) = found else {
            report(
                diags,
                &spec.source.page,
                Severity::Error,
                "unknown-product",
                format!(
                    "product `{}` of `{}` has no configuration",
                    spec.product, spec.name
                ),
            );
            continue;
        };
        let Some(module) = modules.get(product.code.as_str()) else {
            continue;
        };
        let (_, versions) = grouped
            .entry(module.clone())
            .or_insert_with(|| (product, BTreeMap::new()));
        versions.entry(spec.version.clone()).or_default().push(spec);
    }
    for (_, versions) in grouped.values_mut() {
        for ops in versions.values_mut() {
            ops.sort_by(|a, b| a.name.cmp(&b.name));
            let mut seen = Scope::default();
            ops.retain(|spec| {
                let fresh = seen.try_claim(&spec.name);
                if !fresh {
                    report(
                        diags,
                        &spec.source.page,
                        Severity::Error,
                        "duplicate-operation",
                        format!(
                            "`{}` version {} is given twice; the first is kept",
                            spec.name, spec.version
                        ),
                    );
                }
                fresh
            });
        }
    }
    grouped
}

/// One operation's file: module docs, request, response, errors, tests.
/// One operation's file: its request, response and error types. The structs nested in them are
/// the version's, defined in its `types` module and imported here.
fn operation_file(
    spec: &OperationSpec,
    shape: &OperationShape,
    order: docs::DocsOrder,
    reporter: &mut Reporter<'_>,
) -> TokenStream {
    let summary = docs::pair(
        &first_paragraph(&docs::markdown(&spec.summary)),
        &first_paragraph(&docs::markdown(&spec.summary_en)),
        order,
    );
    let doc = docs::inner(&docs::paragraphs([
        if summary.is_empty() {
            format!("The {} operation.", docs::code(&spec.name))
        } else {
            summary
        },
        if shape.has_error_enum() {
            format!(
                "Request [`{}`], response [`{}`], errors [`{}`].",
                shape.request.name, shape.response.name, shape.error
            )
        } else {
            format!(
                "Request [`{}`], response [`{}`]; its page documents no error code, so a service \
                 error is an [`alibabacloud_runtime::ServiceError`].",
                shape.request.name, shape.response.name
            )
        },
    ]));
    let mut own = shape.clone();
    own.request_nested.clear();
    own.response_nested.clear();
    // Only the top-level structs name nested ones, so an operation with any uses the import.
    let types = names::ident(value_enums::MODULE);
    let imports = if shape.request_nested.is_empty() && shape.response_nested.is_empty() {
        quote!()
    } else {
        quote!(use super::#types::*;)
    };
    // The page's JSON example, as the mock transport's ready answer, when the client decodes it.
    let example = spec
        .examples
        .json
        .as_deref()
        .and_then(|json| generated_tests::documented_response(shape, json).ok());
    let request = request::request_items(&own, &spec.name, &spec.http, example);
    let response = response::response_items(&own);
    let errors = errors::error_items(shape, &spec.name);
    let tests = generated_tests::test_module(spec, shape, reporter);
    let paginated = shape
        .paging
        .as_ref()
        .map(|paging| paginator::paginated_impl(paging, &shape.request.name, &shape.response.name));
    quote! {
        #doc
        #imports
        #request
        #paginated
        #response
        #errors
        #tests
    }
}

fn write_rust(
    files: &mut BTreeMap<String, String>,
    path: &str,
    tokens: TokenStream,
    reporter: &mut Reporter<'_>,
) {
    if let Some(text) = format_rust(path, tokens, reporter) {
        files.insert(path.to_string(), text);
    }
}

/// The formatted file, or `None` after reporting why the tokens do not parse.
fn format_rust(path: &str, tokens: TokenStream, reporter: &mut Reporter<'_>) -> Option<String> {
    match rust_file::format(tokens) {
        Ok(text) => Some(text),
        Err(e) => {
            reporter.error("emit-internal", format!("{path}: {e}"));
            None
        }
    }
}

/// A spec with its page's text, when the run has it, and its spec file
/// (`specs/apis/<product folder>/<version>/<action>.yaml`, where codegen writes it).
fn spec_source<'a>(
    spec: &'a OperationSpec,
    folder: &str,
    pages: &PageTexts<'a>,
) -> locate::SpecSource<'a> {
    let spec_file = format!("specs/apis/{folder}/{}/{}.yaml", spec.version, spec.name);
    let text = pages.get(spec.source.page.as_str()).copied();
    locate::SpecSource::new(spec, spec_file, text)
}

/// Reports the collisions found naming a version's enums, each at the page row (or spec file
/// line) documenting the value that lost its name.
fn report_enum_collisions<'a, 's>(
    namings: impl Iterator<Item = &'a value_enums::Naming>,
    ops: &[&'s OperationSpec],
    folder: &str,
    pages: &PageTexts<'s>,
    diags: &mut Diagnostics,
) {
    // One source per operation, so each page is read at most once.
    let mut sources: BTreeMap<&str, locate::SpecSource<'s>> = BTreeMap::new();
    // Every documented value comes from one of `ops`; the product is only a fallback.
    let product = || locate::Place {
        location: Location {
            file: folder.to_string(),
            line: 1,
            column: 1,
        },
        line: None,
    };
    for naming in namings {
        let mut place = |index: Option<usize>| {
            let Some((value, documented)) = naming.values.get(index.unwrap_or(0)) else {
                return product();
            };
            let operation = documented.operation();
            let Some(spec) = ops.iter().find(|spec| spec.name == operation) else {
                return product();
            };
            let source = sources
                .entry(spec.name.as_str())
                .or_insert_with(|| spec_source(spec, folder, pages));
            match documented {
                value_enums::Documented::Member(_, part, path) if index.is_none() => {
                    source.locate(locate::Anchor::Member(*part, path))
                }
                value_enums::Documented::Member(_, part, path) => {
                    source.locate(locate::Anchor::Value(*part, path, value))
                }
                value_enums::Documented::ErrorCode(_) => {
                    source.locate(locate::Anchor::ErrorCode(value))
                }
            }
        };
        for warning in naming.warnings(&mut place) {
            diags.push(warning);
        }
    }
}

/// Warns that a wanted name was taken and what was used instead.
fn name_collision(diags: &mut Diagnostics, file: &str, message: String) {
    report(diags, file, Severity::Warning, "name-collision", message);
}

fn report(
    diags: &mut Diagnostics,
    file: &str,
    severity: Severity,
    kind: &'static str,
    message: String,
) {
    let location = Location {
        file: file.to_string(),
        line: 1,
        column: 1,
    };
    diags.push(Diagnostic::new(severity, kind, location, message));
}

/// The first paragraph of sanitised Markdown, cut before any code fence so no fence is left open.
fn first_paragraph(text: &str) -> String {
    let paragraph = text.split("\n\n").next().unwrap_or_default();
    let kept: Vec<&str> = paragraph
        .lines()
        .take_while(|line| {
            !line.trim_start().starts_with("```") && !line.trim_start().starts_with("~~~")
        })
        .collect();
    kept.join("\n").trim().to_string()
}

/// The summary on one line, for README lists.
fn one_line(summary: &str) -> String {
    let text = first_paragraph(&docs::markdown(summary));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
