//! The oracle: what Alibaba's own SDKs declare for each API, one JSON file per page folder.
//!
//! ```json
//! { "docs_folder": "linkwan", "product_code": "LinkWAN", "version": "2019-03-01", "api_count": 36,
//!   "apis": { "ListNodeGroups": {
//!       "version": "2019-03-01", "method": "POST",
//!       "request":  [ {"name": "Limit", "kind": "integer", "position": "Query"} ],
//!       "response": { "RequestId": "string", "Data": { "List": [ { "NodeGroupId": "string" } ] } },
//!       "source": "alibabacloud-go-sdk" } } }
//! ```
//!
//! Request parameters are flattened wire names (`Tag.N.Key`); the response is a JSON tree whose
//! leaves are kinds and whose arrays are one-element lists holding the item's shape.
//!
//! ROA files (`elasticsearch.json`) add, per API, the `path` template (`[Name]` placeholders) and
//! `req_body_type` (`json` or `formData`), and per parameter a `position` of `Path`, `Query` or
//! `Body`, `required`, and `whole_body: true` for the one parameter (`body`) that is the whole
//! request body. Keys the comparison does not use (`shape`, `style`, `resp_body_type`) are ignored.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// The kind of a request parameter or response leaf, as the oracle spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Text.
    String,
    /// Any integer width.
    Integer,
    /// `true` / `false`.
    Boolean,
    /// Any float width.
    Float,
    /// A JSON document sent as text.
    Json,
    /// A map of values.
    Map,
    /// A repeated value sent as one name (not flattened).
    Repeated,
    /// Any JSON value (response side).
    Any,
    /// A struct with members (only ever produced from a spec, never read from an oracle leaf).
    Struct,
}

impl Kind {
    /// The oracle's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
            Kind::Float => "float",
            Kind::Json => "json",
            Kind::Map => "map",
            Kind::Repeated => "repeated",
            Kind::Any => "any",
            Kind::Struct => "struct",
        }
    }

    /// Reads the oracle's spelling of a request kind (`long`/`double` are accepted as aliases).
    pub fn parse_request(text: &str) -> Option<Kind> {
        Some(match text {
            "string" => Kind::String,
            "integer" | "long" => Kind::Integer,
            "boolean" => Kind::Boolean,
            "float" | "double" => Kind::Float,
            "json" => Kind::Json,
            "map" => Kind::Map,
            "repeated" | "array" => Kind::Repeated,
            "any" => Kind::Any,
            _ => return None,
        })
    }

    /// Reads the oracle's spelling of a response leaf kind.
    pub fn parse_response(text: &str) -> Option<Kind> {
        Some(match text {
            "string" => Kind::String,
            "integer" | "long" => Kind::Integer,
            "boolean" => Kind::Boolean,
            "float" | "double" => Kind::Float,
            "any" => Kind::Any,
            "json" => Kind::Json,
            "map" => Kind::Map,
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the SDK sends a request parameter, as the oracle spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Position {
    /// A placeholder of the ROA path.
    Path,
    /// The URL query string.
    Query,
    /// An HTTP header.
    Header,
    /// The body: a form field for RPC and form-encoded ROA APIs, else a member of the JSON body
    /// (or, with `whole_body`, the body itself).
    Body,
    /// A field of a form-encoded ROA body.
    FormData,
}

impl Position {
    /// The oracle's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Path => "Path",
            Position::Query => "Query",
            Position::Header => "Header",
            Position::Body => "Body",
            Position::FormData => "FormData",
        }
    }

    /// Reads a position, any case (`FormData` also as `form`).
    pub fn parse(text: &str) -> Option<Position> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "path" => Position::Path,
            "query" => Position::Query,
            "header" => Position::Header,
            "body" => Position::Body,
            "formdata" | "form" => Position::FormData,
            _ => return None,
        })
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The shape of a response value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A scalar (or opaque) value.
    Leaf(Kind),
    /// An object with named members, sorted by name.
    Object(BTreeMap<String, Shape>),
    /// An array of items of one shape.
    Array(Box<Shape>),
}

/// One request parameter as the SDK sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OracleParam {
    /// Flattened wire name as the oracle gives it (`Tag.N.Key`).
    pub name: String,
    /// Value kind.
    pub kind: Kind,
    /// Where it is sent, when the file says (RPC files give `Query` or `Body`, ROA files also
    /// `Path`).
    pub position: Option<Position>,
    /// Whether this parameter is the whole request body (ROA `body`), not one member of it.
    pub whole_body: bool,
    /// Whether the SDK marks it required, when the file says.
    pub required: Option<bool>,
}

/// One API as the SDK declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OracleApi {
    /// API version the SDK knows.
    pub version: String,
    /// HTTP method, as given.
    pub method: Option<String>,
    /// ROA: the path template, as given (`/openapi/instances/[InstanceId]`).
    pub path: Option<String>,
    /// ROA: how the body is encoded, as given (`json` or `formData`).
    pub req_body_type: Option<String>,
    /// Request parameters, in file order.
    pub request: Vec<OracleParam>,
    /// Members of the response body.
    pub response: BTreeMap<String, Shape>,
    /// Which SDK the shape was taken from.
    pub source: Option<String>,
}

impl OracleApi {
    /// Whether a `Body` parameter of this API is a form field: always for RPC (no path), and for
    /// ROA when the body type is form data.
    pub fn form_body(&self) -> bool {
        self.path.is_none()
            || self.req_body_type.as_deref().is_some_and(|t| {
                t.eq_ignore_ascii_case("formData") || t.eq_ignore_ascii_case("form")
            })
    }
}

/// One oracle file: every API of one page folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oracle {
    /// The page folder the file describes (`linkwan`).
    pub docs_folder: String,
    /// Product code (`LinkWAN`).
    pub product_code: String,
    /// The one API version the SDK knows for this product.
    pub version: String,
    /// APIs by action name.
    pub apis: BTreeMap<String, OracleApi>,
}

/// An oracle file that could not be read or did not have the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct OracleError {
    /// The file (as given to the reader).
    pub file: String,
    /// What was expected and what was found, with the JSON path where it was found.
    pub message: String,
}

#[derive(Deserialize)]
struct RawOracle {
    docs_folder: String,
    product_code: String,
    version: String,
    apis: BTreeMap<String, RawApi>,
}

#[derive(Deserialize)]
struct RawApi {
    version: Option<String>,
    method: Option<String>,
    path: Option<String>,
    req_body_type: Option<String>,
    #[serde(default)]
    request: Vec<RawParam>,
    #[serde(default)]
    response: Option<Value>,
    source: Option<String>,
}

#[derive(Deserialize)]
struct RawParam {
    name: String,
    kind: String,
    position: Option<String>,
    #[serde(default)]
    whole_body: bool,
    required: Option<bool>,
}

/// Parses one oracle file's text; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Oracle, OracleError> {
    let error = |message: String| OracleError {
        file: file.to_string(),
        message,
    };
    let raw: RawOracle = serde_json::from_str(text).map_err(|e| {
        error(format!(
            "expected an oracle object {{docs_folder, product_code, version, apis: {{Name: {{version, request: [..], response: {{..}}}}}}}}: {e}"
        ))
    })?;
    let mut apis = BTreeMap::new();
    for (name, api) in raw.apis {
        let mut request = Vec::with_capacity(api.request.len());
        for (i, param) in api.request.into_iter().enumerate() {
            let kind = Kind::parse_request(&param.kind).ok_or_else(|| {
                error(format!(
                    "apis.{name}.request[{i}] (`{}`): expected kind string, integer, boolean, float, json, map or repeated, found `{}`",
                    param.name, param.kind
                ))
            })?;
            let position = match param.position.as_deref() {
                None => None,
                Some(text) => Some(Position::parse(text).ok_or_else(|| {
                    error(format!(
                        "apis.{name}.request[{i}] (`{}`): expected position Path, Query, Header, Body or FormData, found `{text}`",
                        param.name
                    ))
                })?),
            };
            request.push(OracleParam {
                name: param.name,
                kind,
                position,
                whole_body: param.whole_body,
                required: param.required,
            });
        }
        let response = match api.response {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(members)) => {
                let mut out = BTreeMap::new();
                for (key, value) in members {
                    let path = format!("apis.{name}.response.{key}");
                    out.insert(key, shape(&value, &path).map_err(error)?);
                }
                out
            }
            Some(other) => {
                return Err(error(format!(
                    "apis.{name}.response: expected an object, found {}",
                    describe(&other)
                )));
            }
        };
        let version = api.version.unwrap_or_else(|| raw.version.clone());
        apis.insert(
            name,
            OracleApi {
                version,
                method: api.method,
                path: api.path,
                req_body_type: api.req_body_type,
                request,
                response,
                source: api.source,
            },
        );
    }
    Ok(Oracle {
        docs_folder: raw.docs_folder,
        product_code: raw.product_code,
        version: raw.version,
        apis,
    })
}

fn shape(value: &Value, path: &str) -> Result<Shape, String> {
    match value {
        Value::String(kind) => Kind::parse_response(kind).map(Shape::Leaf).ok_or_else(|| {
            format!("{path}: expected a leaf kind string, integer, boolean, float or any, found `{kind}`")
        }),
        Value::Array(items) => match items.as_slice() {
            [item] => Ok(Shape::Array(Box::new(shape(item, &format!("{path}[]"))?))),
            _ => Err(format!(
                "{path}: expected a one-element list holding the item's shape, found a list of {}",
                items.len()
            )),
        },
        Value::Object(members) => {
            let mut out = BTreeMap::new();
            for (key, value) in members {
                out.insert(key.clone(), shape(value, &format!("{path}.{key}"))?);
            }
            Ok(Shape::Object(out))
        }
        other => Err(format!("{path}: expected a kind, an object or a one-element list, found {}", describe(other))),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string `{s}`"),
        Value::Array(a) => format!("a list of {}", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

/// Reads every `*.json` file of an oracle directory, keyed by its `docs_folder`.
pub fn load_dir(dir: &Path) -> Result<BTreeMap<String, Oracle>, OracleError> {
    let io = |path: &Path, e: std::io::Error| OracleError {
        file: path.display().to_string(),
        message: e.to_string(),
    };
    let entries = std::fs::read_dir(dir).map_err(|e| OracleError {
        file: dir.display().to_string(),
        message: format!("expected a directory of oracle files (<folder>.json): {e}"),
    })?;
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.retain(|p| p.extension().and_then(|e| e.to_str()) == Some("json"));
    paths.sort();
    if paths.is_empty() {
        return Err(OracleError {
            file: dir.display().to_string(),
            message: "expected one or more oracle files (*.json), found none".into(),
        });
    }
    let mut oracles = BTreeMap::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
        let label = path.display().to_string();
        let oracle = parse(&label, &text)?;
        if let Some(previous) = oracles.insert(oracle.docs_folder.clone(), oracle) {
            return Err(OracleError {
                file: label,
                message: format!(
                    "expected one file per docs_folder, found a second for `{}`",
                    previous.docs_folder
                ),
            });
        }
    }
    Ok(oracles)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{ "docs_folder": "linkwan", "product_code": "LinkWAN", "version": "2019-03-01", "api_count": 1,
      "apis": { "ListNodeGroups": {
        "version": "2019-03-01", "method": "POST",
        "request": [ {"name": "Limit", "kind": "integer", "position": "Query"},
                     {"name": "Tag.N.Key", "kind": "string", "position": "Query"} ],
        "response": { "RequestId": "string",
                      "Data": { "TotalCount": "integer", "List": [ { "NodeGroupId": "string" } ] } },
        "source": "alibabacloud-go-sdk" } } }"#;

    #[test]
    fn reads_request_and_response_tree() {
        let oracle = parse("linkwan.json", SAMPLE).unwrap();
        assert_eq!(oracle.product_code, "LinkWAN");
        let api = &oracle.apis["ListNodeGroups"];
        assert_eq!(api.request[1].name, "Tag.N.Key");
        assert_eq!(api.request[0].kind, Kind::Integer);
        let Shape::Object(data) = &api.response["Data"] else {
            panic!("Data is an object")
        };
        assert_eq!(
            data["List"],
            Shape::Array(Box::new(Shape::Object(BTreeMap::from([(
                "NodeGroupId".into(),
                Shape::Leaf(Kind::String)
            )]))))
        );
    }

    #[test]
    fn api_without_version_takes_the_files() {
        let text = r#"{"docs_folder":"x","product_code":"X","version":"2020-01-01","apis":{"A":{"request":[],"response":{}}}}"#;
        assert_eq!(
            parse("x.json", text).unwrap().apis["A"].version,
            "2020-01-01"
        );
    }

    #[test]
    fn errors_name_the_file_the_path_and_what_was_expected() {
        let text = r#"{"docs_folder":"x","product_code":"X","version":"1","apis":{"A":{"request":[],"response":{"L":["string","integer"]}}}}"#;
        let err = parse("x.json", text).unwrap_err();
        assert_eq!(err.file, "x.json");
        assert!(err.message.contains("apis.A.response.L"), "{err}");
        assert!(err.message.contains("one-element list"), "{err}");

        let text = r#"{"docs_folder":"x","product_code":"X","version":"1","apis":{"A":{"request":[{"name":"P","kind":"text"}]}}}"#;
        let err = parse("x.json", text).unwrap_err().to_string();
        assert!(err.starts_with("x.json: apis.A.request[0] (`P`)"), "{err}");

        let err = parse("x.json", r#"{"apis":{}}"#).unwrap_err().to_string();
        assert!(err.contains("missing field `docs_folder`"), "{err}");
    }

    /// An ROA entry as `elasticsearch.json` writes it, with the keys the comparison ignores.
    const ROA: &str = r#"{"docs_folder":"elasticsearch","product_code":"elasticsearch","version":"2017-06-13","style":"ROA",
      "apis":{"UpdateDicts":{"method":"PUT","path":"/openapi/instances/[InstanceId]/dict","req_body_type":"json",
        "resp_body_type":"json","request":[
          {"name":"InstanceId","position":"Path","kind":"string","required":true},
          {"name":"clientToken","position":"Query","kind":"string","required":false,"style":"simple"},
          {"name":"body","position":"Body","kind":"string","required":false,"whole_body":true}],
        "response":{"RequestId":"string"}},
        "SendForm":{"method":"POST","path":"/forms","req_body_type":"formData",
          "request":[{"name":"Note","position":"formData","kind":"json","shape":{"a":"string"}}]}}}"#;

    #[test]
    fn reads_roa_method_path_positions_and_the_whole_body() {
        let oracle = parse("elasticsearch.json", ROA).unwrap();
        let api = &oracle.apis["UpdateDicts"];
        assert_eq!(api.version, "2017-06-13");
        assert_eq!(api.method.as_deref(), Some("PUT"));
        assert_eq!(
            api.path.as_deref(),
            Some("/openapi/instances/[InstanceId]/dict")
        );
        assert_eq!(api.req_body_type.as_deref(), Some("json"));
        let listed: Vec<(&str, Option<Position>, bool, Option<bool>)> = api
            .request
            .iter()
            .map(|p| (p.name.as_str(), p.position, p.whole_body, p.required))
            .collect();
        assert_eq!(
            listed,
            [
                ("InstanceId", Some(Position::Path), false, Some(true)),
                ("clientToken", Some(Position::Query), false, Some(false)),
                ("body", Some(Position::Body), true, Some(false)),
            ]
        );
        assert!(!api.form_body());
        let form = &oracle.apis["SendForm"];
        assert_eq!(form.request[0].position, Some(Position::FormData));
        assert!(form.form_body());
    }

    #[test]
    fn rpc_entries_keep_reading_without_path_or_whole_body() {
        let oracle = parse("linkwan.json", SAMPLE).unwrap();
        let api = &oracle.apis["ListNodeGroups"];
        assert_eq!(
            (api.path.as_deref(), api.req_body_type.as_deref()),
            (None, None)
        );
        assert_eq!(api.request[0].position, Some(Position::Query));
        assert!(api
            .request
            .iter()
            .all(|p| !p.whole_body && p.required.is_none()));
        // RPC: every body parameter is a form field.
        assert!(api.form_body());
        // Some RPC files leave the position out (cms); that is no error.
        let text = r#"{"docs_folder":"x","product_code":"X","version":"1","apis":{"A":{"method":"GET",
            "request":[{"name":"P","kind":"string"},{"name":"Q","kind":"string","position":null}]}}}"#;
        let api = &parse("x.json", text).unwrap().apis["A"];
        assert_eq!(api.request[0].position, None);
        assert_eq!(api.request[1].position, None);
    }

    #[test]
    fn an_unknown_position_is_an_error_naming_the_parameter() {
        let text = r#"{"docs_folder":"x","product_code":"X","version":"1","apis":{"A":{
            "request":[{"name":"P","kind":"string","position":"Cookie"}]}}}"#;
        let err = parse("x.json", text).unwrap_err().to_string();
        assert!(err.starts_with("x.json: apis.A.request[0] (`P`)"), "{err}");
        assert!(err.contains("found `Cookie`"), "{err}");
        assert_eq!(Position::parse(" header "), Some(Position::Header));
        assert_eq!(Position::parse(""), None);
    }

    #[test]
    fn a_directory_loads_by_docs_folder_and_rejects_duplicates_and_emptiness() {
        let dir = std::env::temp_dir().join(format!("apigen-oracle-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let err = load_dir(&dir).unwrap_err();
        assert!(err.message.contains("found none"), "{err}");

        std::fs::write(dir.join("linkwan.json"), SAMPLE).unwrap();
        std::fs::write(dir.join("notes.txt"), "not an oracle").unwrap();
        let oracles = load_dir(&dir).unwrap();
        assert_eq!(oracles.keys().collect::<Vec<_>>(), ["linkwan"]);

        std::fs::write(dir.join("other.json"), SAMPLE).unwrap();
        let err = load_dir(&dir).unwrap_err();
        assert!(
            err.file.ends_with("other.json") && err.message.contains("second for `linkwan`"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
