//! The spec: what an API is, independent of how its page was written.
//!
//! One [`OperationSpec`] is one YAML file under `specs/apis/<product>/<version>/<Action>.yaml`.
//! It is the contract between reading pages and emitting Rust, and maintainers review its diffs,
//! so every field serialises in a fixed order and empty values are left out.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One API operation (one `Action`) of one product version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// The action name sent as `Action` (RPC) or `x-acs-action` (ROA), e.g. `CreateLocalJoinPermission`.
    pub name: String,
    /// The product code used by the API gateway, e.g. `LinkWAN`.
    pub product: String,
    /// The API version sent as `Version` / `x-acs-version`, e.g. `2018-12-30`.
    pub version: String,
    /// First paragraph of the page: what the operation does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Further prose of the page (limits, notes), Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The English page's first paragraph, when an English page of the API was read beside the
    /// page in `source` (`summary` then holds that page's).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary_en: String,
    /// The English page's further prose, Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_en: String,
    /// Where the spec was read from.
    pub source: Source,
    /// The English page read beside `source`, when there is one (see [`crate::spec::bilingual`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_en: Option<Source>,
    /// Which of the two pages gave the structure (names, types, required flags, positions,
    /// nesting, binding, examples): the newer one. Absent: `source`'s.
    #[serde(default, skip_serializing_if = "StructureFrom::is_source")]
    pub structure: StructureFrom,
    /// How the operation travels over HTTP: style, method, path, body encoding.
    pub http: HttpBinding,
    /// The endpoint host shown in the page's request example, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The operation's own request parameters (common parameters such as `Action` excluded).
    /// Every top-level one has a location.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request: Vec<Member>,
    /// The response body's fields, as a tree (no locations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<Member>,
    /// How the operation pages through a long result, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// Whether the request is safe to send again after a failure whose outcome is unknown.
    #[serde(
        default,
        with = "serde_yaml::with::singleton_map",
        skip_serializing_if = "Idempotency::is_none"
    )]
    pub idempotency: Idempotency,
    /// Waiters polling this operation, from the product configuration (see
    /// [`super::waiters`]); each is a `wait_until_*` method of the version's client.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiters: Vec<super::waiters::WaiterSpec>,
    /// Documented error codes, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    /// The page's examples.
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
}

impl OperationSpec {
    /// The API style.
    pub fn style(&self) -> Style {
        self.http.style
    }
}

/// Which page of an API read in two languages gave its spec's structure.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum StructureFrom {
    /// The page in `source` (the only one, or the newer of two).
    #[default]
    Source,
    /// The English page in `source_en`, newer than `source`'s.
    English,
}

impl StructureFrom {
    /// True for the default, which specs leave out.
    pub fn is_source(&self) -> bool {
        *self == StructureFrom::Source
    }
}

/// Where an operation spec came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Path of the page, relative to the pages directory, with `/` separators.
    pub page: String,
    /// Revision date of the page (from a `<date>_<blob>.md` file name), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

/// An operation's HTTP binding: everything that differs between API styles lives here, so the
/// member model is the same for every style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpBinding {
    /// The API style.
    pub style: Style,
    /// The HTTP method the client uses.
    pub method: HttpMethod,
    /// ROA: the path template, with `[Name]` placeholders for path parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// How body members are encoded (`none` when the operation sends no body).
    #[serde(default, skip_serializing_if = "BodyEncoding::is_none")]
    pub body: BodyEncoding,
}

impl HttpBinding {
    /// The ROA path split into literal text and `[Name]` parameters, in order: what generated
    /// code states, so that no template is parsed when a call is made. Empty for RPC.
    pub fn path_pieces(&self) -> Vec<PathPiece<'_>> {
        let mut pieces = Vec::new();
        let Some(mut rest) = self.path.as_deref() else {
            return pieces;
        };
        while let Some((open, close)) = rest
            .find('[')
            .and_then(|open| Some((open, open + rest[open..].find(']')?)))
        {
            if open > 0 {
                pieces.push(PathPiece::Literal(&rest[..open]));
            }
            pieces.push(PathPiece::Param(&rest[open + 1..close]));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(PathPiece::Literal(rest));
        }
        pieces
    }
}

/// One piece of an ROA path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPiece<'a> {
    /// Text sent as it is.
    Literal(&'a str),
    /// A path parameter's wire name (`[InstanceId]` → `InstanceId`).
    Param(&'a str),
}

/// Whether an operation may be sent again after a failure whose outcome is unknown (a timeout,
/// a reset connection, HTTP 500): the client repeats only requests whose spec says so.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Idempotency {
    /// Not known to be safe: repeated only when nothing was sent or the service refused it.
    #[default]
    None,
    /// The operation only reads: its action is named `Describe…`, `List…`, `Get…`, `Query…` or
    /// `Check…`, or it is an ROA `GET`.
    ReadOnly,
    /// The request carries an idempotency token under this top-level parameter (`ClientToken`):
    /// every attempt of a call sends the same token, so the service runs it at most once.
    Token(String),
}

impl Idempotency {
    /// Whether nothing makes the operation safe to repeat.
    pub fn is_none(&self) -> bool {
        *self == Idempotency::None
    }
}

/// API style, from the page's OpenAPI Explorer link or request syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Action and parameters in the query (or form body), signature V1 or V3.
    Rpc,
    /// A method and a resource path per operation; path, query, header and body parameters.
    Roa,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
    /// `PATCH`.
    Patch,
}

impl HttpMethod {
    /// The method as written in a request line.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
        }
    }

    /// Reads a method name, any case.
    pub fn parse(text: &str) -> Option<HttpMethod> {
        Some(match text.trim().to_ascii_uppercase().as_str() {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "DELETE" => HttpMethod::Delete,
            "PATCH" => HttpMethod::Patch,
            _ => return None,
        })
    }
}

/// How an operation's body members are encoded.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum BodyEncoding {
    /// No body.
    #[default]
    None,
    /// `application/x-www-form-urlencoded` (RPC body parameters, ROA FormData).
    Form,
    /// `application/json`: body members as one JSON object, or one payload member as the body.
    Json,
}

impl BodyEncoding {
    fn is_none(&self) -> bool {
        *self == BodyEncoding::None
    }
}

/// Where a request parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// A `[Name]` placeholder of the ROA path.
    Path,
    /// The URL query string.
    Query,
    /// An HTTP header.
    Header,
    /// A member of the JSON body (or, with `payload`, the whole body).
    Body,
    /// A field of a form-encoded body.
    Form,
}

/// One request parameter or response field: the same model on both sides. Repeat lists and
/// dotted structs are trees: the wire names `Tag.N.Key` are a member `Tag` of type
/// `array<struct>` with a member `Key` (the grammar is in [`super::wire`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Wire name of this segment (`Tag`, `Key`) or JSON key.
    pub name: String,
    /// Value type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// The named shape of the product version this member's value is: the struct of a struct
    /// (or of a list's or map's items), or the value enum of a text member. Written by the
    /// shape table (`spec::shape_table`) when codegen runs; an override may set it to choose
    /// the name. Absent for plain values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    /// Where a top-level request parameter travels; absent on response fields and nested members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// A body parameter that is the whole body rather than one member of it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub payload: bool,
    /// Whether the caller must give it (request side).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// A value the client supplies when the request leaves the member unset (`region`: the
    /// client's region, for a top-level `RegionId` query parameter). The member is then not an
    /// argument of the request's constructor, whatever `required` says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_client: Option<ClientValue>,
    /// Example value from the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Description, Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The English page's description, when the API has one beside `source`'s page.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_en: String,
    /// The documented set of values, when the page gives one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<DocumentedValue>,
    /// What a text or integer value holds, when the page says (Base64 data, a JSON document, a
    /// time); absent for plain values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Whether the value is a secret (a password, a private key, a plaintext, a secret key or
    /// token): generated `Debug` output shows `<redacted>` for it, and the runtime keeps it out
    /// of errors and logs. Decided from the member's name and description when the spec is
    /// read (`spec::build::sensitivity`); an override can say either way.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// Members of a struct, or of the struct items of an array or map.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
}

impl Member {
    /// A member with a name and a type and nothing else.
    pub fn new(name: impl Into<String>, ty: Type) -> Member {
        Member {
            name: name.into(),
            ty,
            shape: None,
            location: None,
            payload: false,
            required: false,
            from_client: None,
            example: None,
            description: String::new(),
            description_en: String::new(),
            values: Vec::new(),
            format: None,
            sensitive: false,
            members: Vec::new(),
        }
    }
}

/// A value a client holds for every call, which a request member may take from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientValue {
    /// The client's region.
    Region,
}

/// What a scalar value holds beyond its type, as the page documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Text: binary data in Base64.
    Base64,
    /// Text: a JSON document.
    Json,
    /// Integer: milliseconds since the Unix epoch.
    UnixMillis,
    /// Integer: seconds since the Unix epoch.
    UnixSeconds,
    /// Text: a UTC time as `YYYY-MM-DDThh:mm:ssZ`.
    DateTime,
}

impl Format {
    /// The name used in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Base64 => "base64",
            Format::Json => "json",
            Format::UnixMillis => "unix-millis",
            Format::UnixSeconds => "unix-seconds",
            Format::DateTime => "date-time",
        }
    }

    /// Whether `text` is a value in the `date-time` form, `2020-03-10T08:00:00Z`: the one form
    /// the client writes such a time in.
    pub fn is_date_time(text: &str) -> bool {
        let pattern = b"dddd-dd-ddTdd:dd:ddZ";
        text.len() == pattern.len()
            && text.bytes().zip(pattern).all(|(b, p)| match p {
                b'd' => b.is_ascii_digit(),
                _ => b == *p,
            })
    }

    /// Whether a member of type `ty` can hold this format: text for Base64, JSON and date-times;
    /// integers (or text, which travels the same) for Unix times. Lists and structs never do.
    pub fn fits(self, ty: &Type) -> bool {
        match self {
            Format::Base64 | Format::Json | Format::DateTime => *ty == Type::String,
            Format::UnixMillis | Format::UnixSeconds => {
                matches!(ty, Type::Integer | Type::Long | Type::String)
            }
        }
    }
}

/// One documented value of a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentedValue {
    /// The value as sent. Hand-written YAML (an override) may give an integer bare (`value: 5`).
    #[serde(deserialize_with = "text_or_integer")]
    pub value: String,
    /// What it means, from the page.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What it means, from the English page, when one was read beside it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_en: String,
}

/// How an operation pages: which request members choose the page and its size, which
/// response list holds the items, and what tells the last page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The paging scheme.
    pub style: PagingStyle,
    /// The request member that selects the page: the page number, the token, or the offset.
    pub input: String,
    /// The request member that sets the page size, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// Dotted path of the response list holding the items (`DomainRecords.Record`, `Result`).
    pub items: String,
    /// Dotted path of the response's total item count, if any (`TotalCount`, `Headers.X-Total-Count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// Token style: dotted path of the response's next token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A paging scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PagingStyle {
    /// A page number (from 1) and a page size (`PageNumber`/`PageSize`, `CurrentPage`, ROA `page`/`size`).
    PageNumber,
    /// An opaque token from the previous page (`NextToken`/`MaxResults`).
    Token,
    /// An item offset and a limit (`Offset`/`Limit`).
    Offset,
}

/// One documented error code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The `Code` the service sends, e.g. `InvalidParameter.Format`.
    pub code: String,
    /// HTTP status the table gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// The `Message` text the table gives.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// The table's description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The English page's description of the code, when one was read beside it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_en: String,
}

/// The page's examples, kept so the emitter can turn them into tests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// The documented request: its host and parameters (common parameters excluded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestExample>,
    /// The JSON success response, as on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<String>,
    /// The XML success response, as on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml: Option<String>,
    /// A JSON error response, as on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_json: Option<String>,
}

impl Examples {
    /// True when the page had no example at all.
    pub fn is_empty(&self) -> bool {
        self.request.is_none()
            && self.json.is_none()
            && self.xml.is_none()
            && self.error_json.is_none()
    }
}

/// The request example as parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestExample {
    /// Host of the example URL, when the page gives a real one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// ROA: the method of the example's request line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,
    /// ROA: the example's path, placeholders filled in, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Query (and, for RPC, form) parameter name to value, sorted by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    /// ROA: the example's body, as valid JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Reads a value written as text or as a bare integer; anything else (`true`, `1.5`, which YAML
/// would not give back as written) must be quoted.
fn text_or_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a value as text or an integer (quote values such as 'true' or '1.50')")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    deserializer.deserialize_any(Text)
}

/// `12`, `-1`: a plain integer as an integer member sends it.
fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.len() <= 19 && digits.chars().all(|c| c.is_ascii_digit())
}

/// A value type, written in YAML as a short string: `string`, `integer` (32-bit), `long`
/// (64-bit), `float`, `double`, `boolean`, `json` (a JSON document passed as text), `any`
/// (response only: kept as raw JSON), `struct`, `array<T>`, `map<T>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Type {
    /// Text.
    String,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    Long,
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// `true` / `false`.
    Boolean,
    /// JSON document sent as one text value.
    Json,
    /// Any JSON value (response side).
    Any,
    /// A struct whose members are listed beside the type.
    Struct,
    /// A list of the given item type.
    Array(Box<Type>),
    /// A map from text keys to the given value type.
    Map(Box<Type>),
}

impl Type {
    /// Whether a member of this type can carry `values` as its documented set: text, integers
    /// when every value is a plain integer, and lists of either. Booleans (their two values need
    /// no set), fractional numbers, JSON and structs never do.
    pub fn takes_values(&self, values: &[DocumentedValue]) -> bool {
        match self {
            Type::String => true,
            Type::Integer | Type::Long => values.iter().all(|v| is_integer(&v.value)),
            Type::Array(item) => item.takes_values(values),
            _ => false,
        }
    }

    /// True for `struct`, `array<struct>`, `array<array<struct>>`...: types whose members are listed.
    pub fn has_members(&self) -> bool {
        match self {
            Type::Struct => true,
            Type::Array(item) | Type::Map(item) => item.has_members(),
            _ => false,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Integer => f.write_str("integer"),
            Type::Long => f.write_str("long"),
            Type::Float => f.write_str("float"),
            Type::Double => f.write_str("double"),
            Type::Boolean => f.write_str("boolean"),
            Type::Json => f.write_str("json"),
            Type::Any => f.write_str("any"),
            Type::Struct => f.write_str("struct"),
            Type::Array(item) => write!(f, "array<{item}>"),
            Type::Map(value) => write!(f, "map<{value}>"),
        }
    }
}

/// Why a type string did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown type `{found}`: expected string, integer, long, float, double, boolean, json, any, struct, array<T> or map<T>")]
pub struct TypeParseError {
    /// The text that was given.
    pub found: String,
}

impl FromStr for Type {
    type Err = TypeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || TypeParseError {
            found: s.to_string(),
        };
        let generic = |prefix: &str| {
            s.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix('>'))
        };
        Ok(match s {
            "string" => Type::String,
            "integer" => Type::Integer,
            "long" => Type::Long,
            "float" => Type::Float,
            "double" => Type::Double,
            "boolean" => Type::Boolean,
            "json" => Type::Json,
            "any" => Type::Any,
            "struct" => Type::Struct,
            _ => {
                if let Some(inner) = generic("array<") {
                    Type::Array(Box::new(inner.parse().map_err(|_| err())?))
                } else if let Some(inner) = generic("map<") {
                    Type::Map(Box::new(inner.parse().map_err(|_| err())?))
                } else {
                    return Err(err());
                }
            }
        })
    }
}

impl Serialize for Type {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Type {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_strings_round_trip() {
        for text in [
            "string",
            "long",
            "array<struct>",
            "array<array<string>>",
            "map<integer>",
            "any",
        ] {
            let ty: Type = text.parse().unwrap();
            assert_eq!(ty.to_string(), text);
        }
    }

    #[test]
    fn unknown_type_is_an_error_naming_it() {
        let err = "array<strin>".parse::<Type>().unwrap_err();
        assert_eq!(err.found, "array<strin>");
        assert!("Array".parse::<Type>().is_err());
    }
}
