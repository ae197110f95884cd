//! The Rust shape of one operation, decided before any code is written: every struct, its
//! fields, their Rust names and types, and the error variants. Naming decisions (and their
//! diagnostics) all happen here, so the code writers only print.

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::spec::model::{
    ClientValue, ErrorCode, Format, Idempotency, Location as ParamLocation, Member, OperationSpec,
    Type,
};

use super::docs::{self, DocsOrder};
use super::locate::{Anchor, Part, Place, SpecSource};
use super::names::{self, Scope, PRELUDE_TYPES, RESERVED_METHODS};
use super::value_enums::EnumRegistry;

/// A Rust type of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    /// `String`.
    String,
    /// `i64` (both `integer` and `long`: pages label 64-bit values `Integer` often enough).
    Integer,
    /// `f64` (both `float` and `double`).
    Float,
    /// `bool`.
    Boolean,
    /// `serde_json::Value` (`json`, `any`, and structs whose members the page does not list).
    Json,
    /// A generated struct of the same module, by Rust name.
    Struct(String),
    /// A value enum of the version's `types` module, by absolute path
    /// (`crate::kms::v2016_01_20::types::KeySpec`).
    Enum(String),
    /// `alibabacloud_runtime::Base64`: binary data that travels as Base64 text.
    Base64,
    /// `alibabacloud_runtime::Timestamp<F>`: a time, travelling in the given form.
    Timestamp(TimeForm),
    /// `Vec<T>`.
    List(Box<RustType>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustType>),
}

/// How a time travels: the type parameter of `alibabacloud_runtime::Timestamp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeForm {
    /// Milliseconds since the Unix epoch.
    UnixMillis,
    /// Seconds since the Unix epoch.
    UnixSeconds,
    /// `YYYY-MM-DDThh:mm:ssZ`.
    Rfc3339,
}

impl TimeForm {
    /// The form's marker type.
    pub fn tokens(self) -> TokenStream {
        match self {
            TimeForm::UnixMillis => quote!(alibabacloud_runtime::UnixMillis),
            TimeForm::UnixSeconds => quote!(alibabacloud_runtime::UnixSeconds),
            TimeForm::Rfc3339 => quote!(alibabacloud_runtime::Rfc3339),
        }
    }
}

impl RustType {
    /// The type as tokens (paths fully qualified, so generated names cannot shadow them).
    pub fn tokens(&self) -> TokenStream {
        match self {
            RustType::String => quote!(String),
            RustType::Integer => quote!(i64),
            RustType::Float => quote!(f64),
            RustType::Boolean => quote!(bool),
            RustType::Json => quote!(serde_json::Value),
            RustType::Struct(name) => {
                let ident = names::ident(name);
                quote!(#ident)
            }
            RustType::Enum(path) => {
                let segments = path.split("::").map(names::ident);
                quote!(#( #segments )::*)
            }
            RustType::Base64 => quote!(alibabacloud_runtime::Base64),
            RustType::Timestamp(form) => {
                let form = form.tokens();
                quote!(alibabacloud_runtime::Timestamp<#form>)
            }
            RustType::List(item) => {
                let item = item.tokens();
                quote!(Vec<#item>)
            }
            RustType::Map(value) => {
                let value = value.tokens();
                quote!(std::collections::BTreeMap<String, #value>)
            }
        }
    }

    /// True for `String`, `i64`, `f64`, `bool`, value enums, Base64 data and times: the types
    /// a response keeps as `Option<T>`.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            RustType::String
                | RustType::Integer
                | RustType::Float
                | RustType::Boolean
                | RustType::Enum(_)
                | RustType::Base64
                | RustType::Timestamp(_)
        )
    }

    /// True when the type is or holds a value enum.
    pub fn uses_enum(&self) -> bool {
        match self {
            RustType::Enum(_) => true,
            RustType::List(item) | RustType::Map(item) => item.uses_enum(),
            _ => false,
        }
    }
}

/// One field of a generated struct.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldShape {
    /// Wire name (`ClassMode`).
    pub wire: String,
    /// Rust name (`class_mode`, `r#type`).
    pub ident: String,
    /// Rust type, without the `Option` wrapper.
    pub ty: RustType,
    /// Whether the field is `Option<ty>`.
    pub optional: bool,
    /// Request side: a required parameter (a `new` argument).
    pub required: bool,
    /// Request side: where the parameter travels (`None` on the response side).
    pub location: Option<ParamLocation>,
    /// Request side: the parameter is the whole body.
    pub payload: bool,
    /// The value is a secret: redacted in `Debug` (and named to the runtime on requests).
    pub sensitive: bool,
    /// Request side: left unset, the client's region is sent (a `RegionId` the spec marks
    /// `from_client: region`); never a constructor argument.
    pub region_from_client: bool,
    /// Sanitised documentation.
    pub doc: String,
    /// Example value from the page, if any.
    pub example: Option<String>,
}

/// One generated struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructShape {
    /// Rust name.
    pub name: String,
    /// Sanitised documentation.
    pub doc: String,
    /// Fields, in page order.
    pub fields: Vec<FieldShape>,
    /// Request side: the struct travels in a JSON body, so it serialises with serde.
    pub json: bool,
}

/// One documented error code.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantShape {
    /// The code as the service sends it.
    pub code: String,
    /// Rust variant name.
    pub ident: String,
    /// HTTP status the table gives.
    pub http_status: Option<u16>,
    /// The table's message, as written.
    pub message: String,
    /// Sanitised documentation.
    pub doc: String,
}

/// Everything emitted for one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationShape {
    /// Module and client method name (`create_local_join_permission`).
    pub module: String,
    /// The request struct (named after the action).
    pub request: StructShape,
    /// Structs nested in the request, first appearance first.
    pub request_nested: Vec<StructShape>,
    /// The response struct (`<Op>Response`).
    pub response: StructShape,
    /// Structs nested in the response, first appearance first.
    pub response_nested: Vec<StructShape>,
    /// Name of the error enum (`<Op>Error`), when the operation has one: see
    /// [`OperationShape::has_error_enum`].
    pub error: String,
    /// One variant per documented code.
    pub variants: Vec<VariantShape>,
    /// How the operation pages, when its spec says and the shapes allow a paginator.
    pub paging: Option<super::paginator::PagingShape>,
    /// Wire name of the idempotency token parameter, as the spec names it; the client fills it
    /// in when the caller leaves it unset.
    pub client_token: Option<String>,
    /// Whether the spec says the operation only reads, so it is safe to repeat.
    pub read_only: bool,
}

impl OperationShape {
    /// Whether the operation has its own error enum: only when its page documents codes. An
    /// operation without documented codes fails with the runtime's `ServiceError`, as every
    /// other call of the version that documents none, instead of an enum holding only `Other`.
    pub fn has_error_enum(&self) -> bool {
        !self.variants.is_empty()
    }

    /// The operation's error type: its enum, or the runtime's `ServiceError`.
    pub fn error_type(&self) -> TokenStream {
        if self.has_error_enum() {
            let name = names::ident(&self.error);
            quote!(#name)
        } else {
            quote!(alibabacloud_runtime::ServiceError)
        }
    }
}

/// Adds to `shape` the fields of `other` (another instance of the same response shape) it
/// lacks, in `other`'s order after its own: a response shape has every field any instance has.
/// A field whose Rust name is taken by another wire name is numbered (`type_2`).
pub fn merge_fields(shape: &mut StructShape, other: &StructShape) {
    for field in &other.fields {
        if shape.fields.iter().any(|f| f.wire == field.wire) {
            continue;
        }
        let mut field = field.clone();
        let taken = |ident: &str| shape.fields.iter().any(|f| f.ident == ident);
        if taken(&field.ident) {
            let base = field.ident.trim_start_matches("r#").to_string();
            let mut n = 2;
            while taken(&format!("{base}_{n}")) {
                n += 1;
            }
            field.ident = format!("{base}_{n}");
        }
        shape.fields.push(field);
    }
}

/// Diagnostics of one spec, located at its source page.
pub struct Reporter<'a> {
    file: String,
    diags: &'a mut Diagnostics,
    /// Where the spec's members are written, when the reporter is for a spec.
    source: Option<SpecSource<'a>>,
}

impl<'a> Reporter<'a> {
    /// A reporter for the spec read from `page`.
    pub fn new(page: &str, diags: &'a mut Diagnostics) -> Self {
        Reporter {
            file: page.to_string(),
            diags,
            source: None,
        }
    }

    /// A reporter for a spec that can locate its members (see [`Reporter::place`]).
    pub fn for_spec(source: SpecSource<'a>, diags: &'a mut Diagnostics) -> Self {
        Reporter {
            file: source.page_label().to_string(),
            diags,
            source: Some(source),
        }
    }

    /// Where the spec declares `anchor`: the row of its page, else the line of its spec file;
    /// the first line of the page for a reporter made with [`Reporter::new`].
    pub fn place(&self, anchor: Anchor<'_>) -> Place {
        match &self.source {
            Some(source) => source.locate(anchor),
            None => Place {
                location: Location {
                    file: self.file.clone(),
                    line: 1,
                    column: 1,
                },
                line: None,
            },
        }
    }

    /// Records a warning at `place`.
    pub fn warn_at(&mut self, kind: &'static str, place: &Place, message: impl Into<String>) {
        self.diags.push(place.warning(kind, message));
    }

    /// Records a warning.
    pub fn warn(&mut self, kind: &'static str, message: impl Into<String>) {
        self.push(Severity::Warning, kind, message);
    }

    /// Records an error.
    pub fn error(&mut self, kind: &'static str, message: impl Into<String>) {
        self.push(Severity::Error, kind, message);
    }

    fn push(&mut self, severity: Severity, kind: &'static str, message: impl Into<String>) {
        let location = Location {
            file: self.file.clone(),
            line: 1,
            column: 1,
        };
        self.diags
            .push(Diagnostic::new(severity, kind, location, message));
    }
}

/// Decides the shape of `spec`'s operation. `module` is its module name, already unique in its
/// version; `order` is the language its docs show first where the spec has English text.
/// Returns `None` (with an error) when the action has no usable name.
pub fn operation_shape(
    spec: &OperationSpec,
    module: String,
    enums: &EnumRegistry,
    order: DocsOrder,
    report: &mut Reporter<'_>,
) -> Option<OperationShape> {
    let Some([base, response_name, error_name]) = type_names(spec) else {
        report.error(
            "unusable-name",
            format!(
                "action `{}` has no ASCII letters to name its Rust types",
                spec.name
            ),
        );
        return None;
    };
    let mut types = Scope::with_reserved(PRELUDE_TYPES);
    types.try_claim(&base);
    types.try_claim(&response_name);
    types.try_claim(&error_name);

    let mut ctx = ShapeContext {
        types,
        report,
        nested: Vec::new(),
        enums,
        order,
        part: Part::Request,
        trail: Vec::new(),
    };
    let request_fields = ctx.request_fields(&spec.request, &base, spec.name.as_str(), false);
    let request_nested = std::mem::take(&mut ctx.nested);
    ctx.part = Part::Response;
    let response_fields = ctx.response_fields(&spec.response, &response_name, true, "response");
    let response_nested = std::mem::take(&mut ctx.nested);

    let summary = docs::markdown(&spec.summary);
    // Summary and description of one language go together, so that one collapsed block holds
    // all of the other language's text.
    let english = docs::paragraphs([
        docs::markdown(&spec.summary_en),
        docs::markdown(&spec.description_en),
    ]);
    let chinese = docs::paragraphs([
        if summary.is_empty() && english.is_empty() {
            format!("The {} request.", docs::code(&spec.name))
        } else {
            summary
        },
        docs::markdown(&spec.description),
    ]);
    let request_doc = docs::paragraphs([
        docs::pair(&chinese, &english, order),
        format!(
            "Action {}, API version {}.",
            docs::code(&spec.name),
            docs::code(&spec.version)
        ),
    ]);
    let response_doc = format!("The response of {}.", docs::code(&spec.name));
    let variants = error_variants(&spec.errors, &spec.name, order, ctx.report);
    let mut request = StructShape {
        name: base,
        doc: request_doc,
        fields: request_fields,
        json: false,
    };
    let response = StructShape {
        name: response_name,
        doc: response_doc,
        fields: response_fields,
        json: false,
    };
    let paging = spec.pagination.as_ref().and_then(|pagination| {
        super::paginator::paging_shape(
            pagination,
            &request,
            &response,
            &response_nested,
            ctx.report,
        )
    });
    let client_token = match &spec.idempotency {
        Idempotency::Token(wire) => Some(wire.clone()),
        Idempotency::None | Idempotency::ReadOnly => None,
    };
    if let Some(wire) = &client_token {
        // Only a token the caller may leave unset is filled in by the client.
        let fillable =
            |f: &&mut FieldShape| &f.wire == wire && f.optional && f.ty == RustType::String;
        if let Some(field) = request.fields.iter_mut().find(fillable) {
            field.doc = docs::paragraphs([
                std::mem::take(&mut field.doc),
                "Left unset, each call sends a fresh random token, the same on every attempt, \
                 so a retried call runs at most once."
                    .to_string(),
            ]);
        }
    }
    Some(OperationShape {
        module,
        request,
        request_nested,
        response,
        response_nested,
        error: error_name,
        variants,
        paging,
        client_token,
        read_only: spec.idempotency == Idempotency::ReadOnly,
    })
}

/// The request, response and error type names of an operation, when its action can name them.
pub fn type_names(spec: &OperationSpec) -> Option<[String; 3]> {
    let base = names::pascal_case(&spec.name)?;
    // Prelude names would be shadowed by a request struct of the same name.
    let base = if PRELUDE_TYPES.contains(&base.as_str()) {
        format!("{base}Request")
    } else {
        base
    };
    Some([
        base.clone(),
        format!("{base}Response"),
        format!("{base}Error"),
    ])
}

/// Puts the required fields (the `new` arguments) in one order across operations: resource
/// identifiers (`RecordId`, `InstanceIds`) first, then the others, each group in page order.
/// Pages list the same arguments in different orders (`AddDomainRecord` has the domain first,
/// `UpdateDomainRecord` puts `RR` before `RecordId`), and arguments of one type swap silently.
/// Optional fields keep their places.
fn order_required(fields: &mut [FieldShape]) {
    let slots: Vec<usize> = (0..fields.len()).filter(|&i| !fields[i].optional).collect();
    let mut required: Vec<FieldShape> = slots.iter().map(|&i| fields[i].clone()).collect();
    required.sort_by_key(|f| !is_identifier(&f.wire));
    for (slot, field) in slots.into_iter().zip(required) {
        fields[slot] = field;
    }
}

/// `InstanceId`, `RecordID`, `InstanceIds`, `instanceId`: a name ending in `Id`.
fn is_identifier(wire: &str) -> bool {
    ["Id", "ID", "Ids", "IDs"]
        .iter()
        .any(|end| wire.len() > end.len() && wire.ends_with(end))
}

/// Where a member is, for what its format may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// A request parameter written as wire parameters (query, form, header, path).
    Params,
    /// A request member inside a JSON body.
    JsonBody,
    /// A response field.
    Response,
}

struct ShapeContext<'r, 'a> {
    types: Scope,
    report: &'r mut Reporter<'a>,
    nested: Vec<StructShape>,
    enums: &'r EnumRegistry,
    /// The language docs show first.
    order: DocsOrder,
    /// The side being shaped, and the names of the members whose struct is being filled, from
    /// the top: where a diagnostic about a member points.
    part: Part,
    trail: Vec<String>,
}

/// The field names of one struct: which member took each name, and the names members want by
/// themselves, which a numbered name never takes (beside a member `region_id_2`, the second
/// `RegionId` is `region_id_3`).
struct FieldNames {
    scope: Scope,
    wanted: Scope,
    owners: std::collections::BTreeMap<String, String>,
    reserved: &'static [&'static str],
}

impl FieldNames {
    /// The names of a struct of `members`; `reserved` are its methods' names.
    fn new(members: &[Member], reserved: &'static [&'static str]) -> Self {
        let mut wanted = Scope::default();
        for member in members {
            if let Some(name) = wanted_field_name(&member.name, reserved) {
                wanted.try_claim(&name);
            }
        }
        FieldNames {
            scope: Scope::default(),
            wanted,
            owners: Default::default(),
            reserved,
        }
    }
}

/// The name a field wants by itself: its snake_case form, with a trailing `_` when that is
/// one of `reserved` (the struct's own methods), as keywords have.
fn wanted_field_name(wire: &str, reserved: &[&str]) -> Option<String> {
    names::snake_case(wire).map(|name| {
        if reserved.contains(&name.as_str()) {
            format!("{name}_")
        } else {
            name
        }
    })
}

impl ShapeContext<'_, '_> {
    /// `ty` with its text replaced by the member's value enum, when it has one.
    fn enum_type(&self, member: &Member, ty: RustType) -> RustType {
        let Some(name) = self.enums.lookup(member) else {
            return ty;
        };
        match ty {
            RustType::String => RustType::Enum(name),
            RustType::List(item) if *item == RustType::String => {
                RustType::List(Box::new(RustType::Enum(name)))
            }
            other => other,
        }
    }

    /// `ty` refined by the member's format: Base64 data, times, and (in request parameters
    /// that are not inside a JSON body, where a JSON document travels as text) JSON values.
    /// A JSON body keeps documented text as text: the service expects a string there.
    fn format_type(member: &Member, ty: RustType, side: Side) -> RustType {
        let Some(format) = member.format else {
            return ty;
        };
        let unix = match format {
            Format::UnixMillis => Some(TimeForm::UnixMillis),
            Format::UnixSeconds => Some(TimeForm::UnixSeconds),
            _ => None,
        };
        match (format, unix, ty, side) {
            (Format::Base64, _, RustType::String, _) => RustType::Base64,
            (Format::Json, _, RustType::String, Side::Params) => RustType::Json,
            (Format::DateTime, _, RustType::String, _) => RustType::Timestamp(TimeForm::Rfc3339),
            // Text in a JSON body stays text: a number there would change the body.
            (_, Some(form), RustType::Integer, _)
            | (_, Some(form), RustType::String, Side::Params | Side::Response) => {
                RustType::Timestamp(form)
            }
            (_, _, ty, _) => ty,
        }
    }

    /// Names a nested struct for the field `wire` of struct `parent`: the field's name (singular
    /// for lists), else qualified by the parent, else numbered with a warning.
    fn struct_name(&mut self, wire: &str, is_list: bool, parent: &str) -> String {
        let wanted = if is_list {
            names::singular(wire)
        } else {
            wire.to_string()
        };
        let base = names::pascal_case(&wanted).unwrap_or_else(|| "Item".to_string());
        if self.types.try_claim(&base) {
            return base;
        }
        let qualified = format!("{parent}{base}");
        if self.types.try_claim(&qualified) {
            return qualified;
        }
        let (name, _) = self.types.claim_numbered(&qualified, "");
        let place = self.member_place(wire);
        self.report.warn_at(
            "name-collision",
            &place,
            format!("struct for `{wire}` named `{name}`: `{base}` and `{qualified}` are taken"),
        );
        name
    }

    /// Where the member `wire` of the struct being filled is declared.
    fn member_place(&self, wire: &str) -> Place {
        let mut path = self.trail.clone();
        path.push(wire.to_string());
        self.report.place(Anchor::Member(self.part, &path))
    }

    /// Maps a spec type to a Rust type; `members` says whether the spec lists members, and
    /// `make_struct` builds the nested struct (returning its name) when it does.
    fn map_type(
        &mut self,
        ty: &Type,
        has_members: bool,
        path: &str,
        make_struct: &mut dyn FnMut(&mut Self) -> String,
    ) -> RustType {
        match ty {
            Type::String => RustType::String,
            Type::Integer | Type::Long => RustType::Integer,
            Type::Float | Type::Double => RustType::Float,
            Type::Boolean => RustType::Boolean,
            Type::Json | Type::Any => RustType::Json,
            Type::Struct if has_members => RustType::Struct(make_struct(self)),
            Type::Struct => {
                self.report.warn(
                    "struct-without-members",
                    format!(
                        "`{path}` is a struct whose members the page does not list; typed as JSON"
                    ),
                );
                RustType::Json
            }
            Type::Array(item) => RustType::List(Box::new(self.map_type(
                item,
                has_members,
                path,
                make_struct,
            ))),
            Type::Map(value) => RustType::Map(Box::new(self.map_type(
                value,
                has_members,
                path,
                make_struct,
            ))),
        }
    }

    /// The fields of a request struct. `json` is set inside a JSON body, whose structs
    /// serialise with serde instead of flattening into wire names.
    fn request_fields(
        &mut self,
        params: &[Member],
        parent: &str,
        path: &str,
        json: bool,
    ) -> Vec<FieldShape> {
        let mut scope = FieldNames::new(params, RESERVED_METHODS);
        let mut wires = Scope::default();
        let mut fields = Vec::new();
        for param in params {
            let full = format!("{path}.{}", param.name);
            if !wires.try_claim(&param.name) {
                self.report.warn(
                    "duplicate-parameter",
                    format!("parameter `{full}` is listed twice; the first is kept"),
                );
                continue;
            }
            if !param.ty.has_members() && !param.members.is_empty() {
                self.report.warn(
                    "members-ignored",
                    format!(
                        "`{full}` has members but type `{}`; members ignored",
                        param.ty
                    ),
                );
            }
            let ident = self.field_ident(&mut scope, &param.name, &full);
            let is_list = matches!(param.ty, Type::Array(_));
            let in_json = json || param.location == Some(ParamLocation::Body);
            let mut make = |ctx: &mut Self| {
                // A payload's struct is named for the operation (`UpdateDictsBody`), not `Body`.
                // The spec's shape table names the struct; a spec read without it (a
                // hand-written fixture) is named here as before.
                let name = match &param.shape {
                    Some(shape) => shape.clone(),
                    None if param.payload => {
                        ctx.struct_name(&format!("{parent}Body"), false, parent)
                    }
                    None => ctx.struct_name(&param.name, is_list, parent),
                };
                let slot = ctx.nested.len();
                ctx.nested.push(StructShape {
                    name: name.clone(),
                    doc: String::new(),
                    fields: Vec::new(),
                    json: in_json,
                });
                ctx.trail.push(param.name.clone());
                let members = ctx.request_fields(&param.members, &name, &full, in_json);
                ctx.trail.pop();
                ctx.nested[slot].doc = struct_doc(&ctx.text_of(param), &param.name, is_list);
                ctx.nested[slot].fields = members;
                name
            };
            let ty = self.map_type(&param.ty, !param.members.is_empty(), &full, &mut make);
            let ty = self.enum_type(param, ty);
            let side = if in_json {
                Side::JsonBody
            } else {
                Side::Params
            };
            let ty = Self::format_type(param, ty, side);
            let region_from_client = param.from_client == Some(ClientValue::Region);
            let mut doc = field_doc(
                &self.text_of(param),
                &param.name,
                param.example.as_deref(),
                "parameter",
            );
            if region_from_client {
                doc =
                    docs::paragraphs([doc, "Left unset, the client's region is sent.".to_string()]);
            }
            fields.push(FieldShape {
                wire: param.name.clone(),
                ident,
                ty,
                optional: !param.required || region_from_client,
                required: param.required,
                location: param.location,
                payload: param.payload,
                sensitive: param.sensitive,
                region_from_client,
                doc,
                example: param.example.clone(),
            });
        }
        order_required(&mut fields);
        fields
    }

    fn response_fields(
        &mut self,
        list: &[Member],
        parent: &str,
        top: bool,
        path: &str,
    ) -> Vec<FieldShape> {
        let mut scope = FieldNames::new(list, &[]);
        let mut wires = Scope::default();
        let mut fields = Vec::new();
        for field in list {
            let full = format!("{path}.{}", field.name);
            if !wires.try_claim(&field.name) {
                self.report.warn(
                    "duplicate-field",
                    format!("response field `{full}` is listed twice; the first is kept"),
                );
                continue;
            }
            if !field.ty.has_members() && !field.members.is_empty() {
                self.report.warn(
                    "members-ignored",
                    format!(
                        "`{full}` has fields but type `{}`; fields ignored",
                        field.ty
                    ),
                );
            }
            let ident = self.field_ident(&mut scope, &field.name, &full);
            let is_list = matches!(field.ty, Type::Array(_));
            let mut make = |ctx: &mut Self| {
                let name = match &field.shape {
                    Some(shape) => shape.clone(),
                    None => ctx.struct_name(&field.name, is_list, parent),
                };
                let slot = ctx.nested.len();
                ctx.nested.push(StructShape {
                    name: name.clone(),
                    doc: String::new(),
                    fields: Vec::new(),
                    json: false,
                });
                ctx.trail.push(field.name.clone());
                let members = ctx.response_fields(&field.members, &name, false, &full);
                ctx.trail.pop();
                ctx.nested[slot].doc = struct_doc(&ctx.text_of(field), &field.name, is_list);
                ctx.nested[slot].fields = members;
                name
            };
            let ty = self.map_type(&field.ty, !field.members.is_empty(), &full, &mut make);
            let ty = self.enum_type(field, ty);
            let ty = Self::format_type(field, ty, Side::Response);
            // The Option rule: only scalars are optional, except the top-level RequestId.
            let request_id = top && field.name == "RequestId" && ty == RustType::String;
            fields.push(FieldShape {
                wire: field.name.clone(),
                ident,
                optional: ty.is_scalar() && !request_id,
                ty,
                required: false,
                location: None,
                payload: false,
                sensitive: field.sensitive,
                region_from_client: false,
                doc: field_doc(
                    &self.text_of(field),
                    &field.name,
                    field.example.as_deref(),
                    "field",
                ),
                example: field.example.clone(),
            });
        }
        fields
    }

    /// A member's description in the languages the spec has, `order`'s first.
    fn text_of(&self, member: &Member) -> String {
        docs::bilingual(&member.description, &member.description_en, self.order)
    }

    /// The field's Rust name, unique among `names`. A name in the struct's reserved ones (its
    /// own methods) takes a trailing `_`, as keywords do; a clash with another field is
    /// numbered (`self_2`), with a warning at the member's row naming the field it clashes
    /// with.
    fn field_ident(&mut self, names: &mut FieldNames, wire: &str, full: &str) -> String {
        let wanted = match wanted_field_name(wire, names.reserved) {
            Some(name) => name,
            None => {
                let place = self.member_place(wire);
                self.report.warn_at(
                    "unusable-name",
                    &place,
                    format!("`{full}` has no ASCII letters; its Rust field is named `field`"),
                );
                "field".to_string()
            }
        };
        let (ident, renamed) = names
            .scope
            .claim_numbered_avoiding(&wanted, "_", &names.wanted);
        let bare = |name: &str| name.trim_start_matches("r#").to_string();
        if renamed {
            let place = self.member_place(wire);
            let message = match names.owners.get(&bare(&wanted)) {
                Some(owner) => {
                    let there = self.member_place(owner).mention(&place);
                    format!(
                        "`{full}` ({}) becomes `{ident}`: `{owner}` ({there}) already takes \
                         `{wanted}`",
                        place.mention(&place)
                    )
                }
                None => format!("`{full}` becomes `{ident}`: `{wanted}` is taken"),
            };
            self.report.warn_at("name-collision", &place, message);
        }
        names.owners.insert(bare(&ident), wire.to_string());
        ident
    }
}

/// A nested struct's doc: `text` (its member's description as [`docs::bilingual`] writes it),
/// else a sentence naming the member.
fn struct_doc(text: &str, wire: &str, is_list: bool) -> String {
    if text.is_empty() && is_list {
        format!("An item of {}.", docs::code(wire))
    } else if text.is_empty() {
        format!("The value of {}.", docs::code(wire))
    } else {
        text.to_string()
    }
}

/// A field's doc: `text` (its member's description as [`docs::bilingual`] writes it), else a
/// sentence naming the member, then its example value.
fn field_doc(text: &str, wire: &str, example: Option<&str>, what: &str) -> String {
    let text = if text.is_empty() {
        format!("The {} {what}.", docs::code(wire))
    } else {
        text.to_string()
    };
    let example = example
        .filter(|e| !e.trim().is_empty())
        .map(|e| format!("Example: {}", docs::code(e)));
    docs::paragraphs([Some(text), example].into_iter().flatten())
}

fn error_variants(
    errors: &[ErrorCode],
    action: &str,
    order: DocsOrder,
    report: &mut Reporter<'_>,
) -> Vec<VariantShape> {
    let mut codes = Scope::default();
    let mut documented: Vec<&ErrorCode> = Vec::new();
    for error in errors {
        if !codes.try_claim(&error.code) {
            report.warn(
                "duplicate-error-code",
                format!(
                    "error code `{}` is listed twice; the first is kept",
                    error.code
                ),
            );
            continue;
        }
        documented.push(error);
    }
    let wire: Vec<&str> = documented.iter().map(|e| e.code.as_str()).collect();
    // `Other` is the variant of codes the page does not list.
    let named = names::variant_names(&wire, &["Other"], |index| format!("Code{}", index + 1));
    for (error, name) in documented.iter().zip(&named) {
        if names::pascal_case(&error.code).is_none() {
            let place = report.place(Anchor::ErrorCode(&error.code));
            report.warn_at(
                "unusable-name",
                &place,
                format!(
                    "error code `{}` has no ASCII letters; its variant is named `{}`",
                    error.code, name.ident
                ),
            );
        }
    }
    let mut place = |index: usize| report.place(Anchor::ErrorCode(wire[index]));
    let what = format!("error codes of {}", docs::code(action));
    let warnings = super::value_enums::variant_collisions(&what, &wire, &named, &mut place);
    for warning in warnings {
        report.diags.push(warning);
    }
    let mut variants = Vec::new();
    for (error, name) in documented.into_iter().zip(named) {
        let ident = name.ident;
        let status = error
            .http_status
            .map(|s| format!(" (HTTP {s})"))
            .unwrap_or_default();
        let message = if error.message.trim().is_empty() {
            String::new()
        } else {
            docs::plain(&error.message)
        };
        let doc = docs::paragraphs([
            format!("{}{status}: {message}", docs::code(&error.code))
                .trim_end_matches([':', ' '])
                .to_string(),
            docs::bilingual(&error.description, &error.description_en, order),
        ]);
        variants.push(VariantShape {
            code: error.code.clone(),
            ident,
            http_status: error.http_status,
            message: error.message.clone(),
            doc,
        });
    }
    variants
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::spec::yaml::from_yaml;

    fn shape_of(yaml: &str) -> (OperationShape, Diagnostics) {
        let head = "name: Op\nproduct: P\nversion: '2020-01-01'\nhttp:\n  style: rpc\n  method: POST\nsource:\n  page: p/Op.md\n";
        let spec = from_yaml(Path::new("Op.yaml"), &format!("{head}{yaml}")).unwrap();
        let mut diags = Diagnostics::new();
        let mut reporter = Reporter::new("p/Op.md", &mut diags);
        let shape = operation_shape(
            &spec,
            "op".to_string(),
            &Default::default(),
            DocsOrder::default(),
            &mut reporter,
        )
        .unwrap();
        (shape, diags)
    }

    fn field<'a>(shape: &'a StructShape, wire: &str) -> &'a FieldShape {
        shape.fields.iter().find(|f| f.wire == wire).unwrap()
    }

    #[test]
    fn scalar_and_container_types() {
        let (shape, diags) = shape_of(
            "response:\n\
             - {name: S, type: string}\n- {name: I, type: integer}\n- {name: L, type: long}\n\
             - {name: F, type: float}\n- {name: D, type: double}\n- {name: B, type: boolean}\n\
             - {name: J, type: json}\n- {name: A, type: any}\n- {name: M, type: 'map<integer>'}\n\
             - {name: N, type: 'array<array<string>>'}\n- {name: O, type: struct}\n",
        );
        let r = &shape.response;
        assert_eq!(field(r, "S").ty, RustType::String);
        assert_eq!(field(r, "I").ty, RustType::Integer);
        assert_eq!(field(r, "L").ty, RustType::Integer);
        assert_eq!(field(r, "F").ty, RustType::Float);
        assert_eq!(field(r, "D").ty, RustType::Float);
        assert_eq!(field(r, "B").ty, RustType::Boolean);
        assert_eq!(field(r, "J").ty, RustType::Json);
        assert_eq!(field(r, "A").ty, RustType::Json);
        assert_eq!(field(r, "M").ty, RustType::Map(Box::new(RustType::Integer)));
        assert_eq!(
            field(r, "N").ty,
            RustType::List(Box::new(RustType::List(Box::new(RustType::String))))
        );
        assert_eq!(field(r, "O").ty, RustType::Json);
        assert_eq!(diags.items().len(), 1);
        assert_eq!(diags.items()[0].kind, "struct-without-members");
        assert_eq!(
            field(r, "M").ty.tokens().to_string(),
            "std :: collections :: BTreeMap < String , i64 >"
        );
    }

    #[test]
    fn option_rule_of_responses() {
        let (shape, _) = shape_of(
            "response:\n\
             - {name: RequestId, type: string}\n- {name: Count, type: integer}\n\
             - {name: Items, type: 'array<string>'}\n\
             - {name: Data, type: struct, members: [{name: RequestId, type: string}]}\n",
        );
        let r = &shape.response;
        assert!(!field(r, "RequestId").optional);
        assert!(field(r, "Count").optional);
        assert!(!field(r, "Items").optional);
        assert!(!field(r, "Data").optional);
        assert!(field(&shape.response_nested[0], "RequestId").optional);
    }

    #[test]
    fn nested_types_are_named_from_fields_and_qualified_on_collision() {
        let (shape, diags) = shape_of(
            "request:\n\
             - {name: Tag, type: 'array<struct>', members: [{name: Key, type: string, required: true}]}\n\
             response:\n\
             - {name: NodeGroups, type: 'array<struct>', members: [{name: Tag, type: struct, members: [{name: K, type: string}]}]}\n\
             - {name: Policies, type: 'array<struct>', members: [{name: Id, type: string}]}\n\
             - {name: Result, type: struct, members: [{name: Code, type: string}]}\n\
             - {name: List, type: 'array<struct>', members: [{name: Id, type: string}]}\n",
        );
        assert!(diags.items().is_empty(), "{:?}", diags.items());
        assert_eq!(shape.request.name, "Op");
        let request: Vec<&str> = shape
            .request_nested
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(request, ["Tag"]);
        assert!(shape.request_nested[0].fields[0].required);
        let response: Vec<&str> = shape
            .response_nested
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(
            response,
            [
                "NodeGroup",
                "NodeGroupTag",
                "Policy",
                "OpResponseResult",
                "List"
            ]
        );
    }

    #[test]
    fn colliding_fields_and_variants_are_numbered_with_warnings() {
        let (shape, diags) = shape_of(
            "request:\n- {name: RegionId, type: string}\n- {name: regionId, type: string}\n- {name: New, type: string}\n\
             errors:\n- {code: InvalidParameter.Format}\n- {code: InvalidParameterFormat}\n- {code: Other}\n- {code: Other}\n",
        );
        let idents: Vec<&str> = shape
            .request
            .fields
            .iter()
            .map(|f| f.ident.as_str())
            .collect();
        assert_eq!(idents, ["region_id", "region_id_2", "new_"]);
        // The code written as the shared name keeps it; the other is spelled out, and `Other`
        // (the variant of codes not listed) is left to unlisted codes.
        let variants: Vec<&str> = shape.variants.iter().map(|v| v.ident.as_str()).collect();
        assert_eq!(
            variants,
            [
                "InvalidParameterDotFormat",
                "InvalidParameterFormat",
                "OtherValue"
            ]
        );
        let kinds: Vec<&str> = diags.items().iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                "name-collision",
                "duplicate-error-code",
                "name-collision",
                "name-collision"
            ]
        );
        let messages: Vec<&str> = diags.items().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages[0],
            "`Op.regionId` (line 1) becomes `region_id_2`: `RegionId` (line 1) already takes `region_id`"
        );
        assert_eq!(
            messages[2],
            "error codes of `Op` collide as variant `InvalidParameterFormat`: \
             `InvalidParameter.Format` (line 1) is `InvalidParameterDotFormat`, \
             `InvalidParameterFormat` (line 1) is `InvalidParameterFormat`; a value written as \
             the name keeps it, the others are named from their spelling"
        );
        assert!(
            messages[3].contains("`Other` is variant `OtherValue`"),
            "{}",
            messages[3]
        );
    }

    const NAMES_SPEC: &str = "request:\n- {name: Self, type: string}\n- {name: self, type: string}\n\
        response:\n- {name: Data, type: struct, members: [{name: self, type: string}, {name: Self, type: string}]}\n";

    const NAMES_PAGE: &str = "# Op\n\n调用Op。\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n\
        |Self|String|否|a|大写。|\n|self|String|否|b|小写。|\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n\
        |Data|Object| |数据。|\n|└self|String|x|小写。|\n|└Self|String|y|大写。|\n";

    fn shape_with_page(yaml: &str, page: Option<&str>) -> (OperationShape, Diagnostics) {
        let head = "name: Op\nproduct: P\nversion: '2020-01-01'\nhttp:\n  style: rpc\n  method: POST\nsource:\n  page: p/Op.md\n";
        let spec = from_yaml(Path::new("Op.yaml"), &format!("{head}{yaml}")).unwrap();
        let mut diags = Diagnostics::new();
        let source = SpecSource::new(&spec, "specs/apis/p/2020-01-01/Op.yaml".into(), page);
        let mut reporter = Reporter::for_spec(source, &mut diags);
        let shape = operation_shape(
            &spec,
            "op".to_string(),
            &Default::default(),
            DocsOrder::default(),
            &mut reporter,
        )
        .unwrap();
        (shape, diags)
    }

    #[test]
    fn self_and_self_are_numbered_without_a_double_underscore_at_their_rows() {
        let (shape, diags) = shape_with_page(NAMES_SPEC, Some(NAMES_PAGE));
        let idents: Vec<&str> = shape
            .request
            .fields
            .iter()
            .map(|f| f.ident.as_str())
            .collect();
        assert_eq!(idents, ["self_", "self_2"]);
        let nested: Vec<&str> = shape.response_nested[0]
            .fields
            .iter()
            .map(|f| f.ident.as_str())
            .collect();
        assert_eq!(nested, ["self_", "self_2"]);
        let rendered: Vec<String> = diags.items().iter().map(ToString::to_string).collect();
        assert_eq!(
            rendered,
            [
                "warning[name-collision]: `Op.self` (line 10) becomes `self_2`: `Self` (line 9) already takes `self_`\n  --> p/Op.md:10:2\n   |\n10 | |self|String|否|b|小写。|\n   |  ^\n",
                "warning[name-collision]: `response.Data.Self` (line 18) becomes `self_2`: `self` (line 17) already takes `self_`\n  --> p/Op.md:18:2\n   |\n18 | |└Self|String|y|大写。|\n   |  ^\n",
            ]
        );
    }

    #[test]
    fn without_the_page_collisions_point_at_the_spec_file() {
        let (_, diags) = shape_with_page(NAMES_SPEC, None);
        let places: Vec<String> = diags
            .items()
            .iter()
            .map(|d| format!("{} {}", d.location, d.source_line.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            places,
            [
                "specs/apis/p/2020-01-01/Op.yaml:14:9 - name: self",
                "specs/apis/p/2020-01-01/Op.yaml:22:11   - name: Self",
            ]
        );
    }

    #[test]
    fn prelude_names_are_not_shadowed() {
        let (shape, _) = shape_of(
            "response:\n- {name: Option, type: struct, members: [{name: A, type: string}]}\n",
        );
        assert_eq!(shape.response_nested[0].name, "OpResponseOption");
    }
}
