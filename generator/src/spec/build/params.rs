//! Request parameters: table rows to a parameter tree.
//!
//! Names carry the structure: `Tag.N.Key` is an array of structs `Tag` with a member `Key`,
//! `InstanceId.N` an array of strings, `X.N.Y.N` nested arrays, `Filter.1.Key` a concrete
//! index (read as `.N`), `SystemDisk.Size` a struct member. Common parameters (`Action`,
//! `Version`, signing fields) belong to the protocol, not to the API, and are left out;
//! `RegionId` is the API's own when the table lists it.

use super::types::{hint, TypeHint};
use crate::diagnostics::{Diagnostics, Severity};
use crate::markdown::cells::clean_word;
use crate::page::{Column, Page, Record};
use crate::spec::model::{Parameter, Position, Type};

/// Parameters every RPC call carries, filled in by the runtime.
pub const COMMON: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "SecurityToken",
    "BearerToken",
];

/// True for a common parameter name.
pub fn is_common(name: &str) -> bool {
    COMMON.contains(&name)
}

/// One segment of a parameter name: its text and whether a repeat marker (`.N`, `.n`, `.1`)
/// follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The name segment.
    pub name: String,
    /// Whether the segment is a list.
    pub repeated: bool,
}

/// Splits a wire name into segments. Returns `None` for a name with an empty segment or a
/// repeat marker in first position.
pub fn segments(name: &str) -> Option<Vec<Segment>> {
    let mut out: Vec<Segment> = Vec::new();
    for part in name.split('.') {
        let is_marker = part == "N"
            || part == "n"
            || (!part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
        if is_marker {
            let last = out.last_mut()?;
            if last.repeated {
                // `X.N.N` is not a shape the protocol has.
                return None;
            }
            last.repeated = true;
        } else if part.is_empty() {
            return None;
        } else {
            out.push(Segment {
                name: part.to_string(),
                repeated: false,
            });
        }
    }
    // Real names have a handful of levels; a cap keeps the recursive tree walks shallow.
    (!out.is_empty() && out.len() <= 16).then_some(out)
}

/// Builds the request parameters of a page.
pub fn build(page: &Page, diags: &mut Diagnostics) -> Vec<Parameter> {
    let mut roots: Vec<Parameter> = Vec::new();
    for record in &page.request {
        add(page, record, &mut roots, diags);
    }
    roots
}

fn add(page: &Page, record: &Record, roots: &mut Vec<Parameter>, diags: &mut Diagnostics) {
    let Some(name_cell) = record.get(Column::Name) else {
        return;
    };
    let name = clean_word(&name_cell.text)
        .trim_start_matches(['└', '─'])
        .to_string();
    if name.is_empty() || is_common(&name) {
        return;
    }
    let Some(path) = segments(&name) else {
        diags.push(
            page.diagnostic(
                Severity::Warning,
                "parameter-name",
                name_cell.line,
                name_cell.column,
                "parameter name is not a wire name; row skipped",
            )
            .expected_found(
                "`Name`, `Name.N`, `Name.N.Member` or `Name.Member`",
                format!("`{name}`"),
            ),
        );
        return;
    };
    let leaf_type = leaf_type(page, record, path.last().is_some_and(|s| s.repeated), diags);
    let required = is_yes(record.text(Column::Required));
    let position = position(page, record, diags);
    let example = Some(record.text(Column::Example).to_string()).filter(|e| !e.is_empty());
    let description = record.text(Column::Description).to_string();

    let mut level = roots;
    let last = path.len().saturating_sub(1);
    for (i, seg) in path.iter().enumerate() {
        let at = match level.iter().position(|p| p.name == seg.name) {
            Some(at) => at,
            None => {
                level.push(Parameter {
                    name: seg.name.clone(),
                    ty: Type::Struct,
                    required: false,
                    position,
                    example: None,
                    description: String::new(),
                    members: Vec::new(),
                });
                level.len() - 1
            }
        };
        let Some(node) = level.get_mut(at) else {
            return;
        };
        if i == last {
            // A parent row (`Tag`, RepeatList) seen after or before its members keeps the
            // container type its members need.
            node.ty = if node.members.is_empty() {
                leaf_type.clone()
            } else {
                container(seg.repeated || is_array(&leaf_type))
            };
            node.required = required;
            node.position = position;
            node.example = example.clone();
            node.description = description.clone();
        } else {
            node.ty = container(seg.repeated || is_array(&node.ty));
        }
        level = &mut node.members;
    }
}

fn is_array(ty: &Type) -> bool {
    matches!(ty, Type::Array(_))
}

fn container(repeated: bool) -> Type {
    if repeated {
        Type::Array(Box::new(Type::Struct))
    } else {
        Type::Struct
    }
}

/// The type of the last segment; `repeated` when the name ends in `.N`.
fn leaf_type(page: &Page, record: &Record, repeated: bool, diags: &mut Diagnostics) -> Type {
    let cell = record.get(Column::Type);
    let text = cell.map_or("", |c| c.text.as_str());
    let item = match hint(text) {
        TypeHint::Known(Type::Array(item)) if repeated => *item,
        TypeHint::Known(t) => t,
        TypeHint::ArrayOfUnknown if repeated => Type::String,
        TypeHint::ArrayOfUnknown => return Type::Array(Box::new(Type::String)),
        TypeHint::Empty => Type::String,
        TypeHint::Unknown(word) => {
            let (line, column) = cell.map_or((record.line, 1), |c| (c.line, c.column));
            diags.push(
                page.diagnostic(Severity::Warning, "unknown-type", line, column, format!("unknown type `{word}` in the 类型 column; read as string"))
                    .expected_found("String, Integer, Long, Float, Double, Boolean, Json, Struct, List, Array of X, Map", format!("`{word}`")),
            );
            Type::String
        }
    };
    if repeated {
        Type::Array(Box::new(item))
    } else {
        item
    }
}

fn is_yes(text: &str) -> bool {
    let word: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    matches!(
        word.to_lowercase().as_str(),
        "是" | "true" | "yes" | "必选" | "必需" | "必填" | "y"
    )
}

fn position(page: &Page, record: &Record, diags: &mut Diagnostics) -> Position {
    let Some(cell) = record.get(Column::Position) else {
        return Position::Query;
    };
    match clean_word(&cell.text).to_lowercase().as_str() {
        "" | "query" => Position::Query,
        "body" | "formdata" | "form" => Position::Body,
        other => {
            diags.push(
                page.diagnostic(
                    Severity::Warning,
                    "unknown-position",
                    cell.line,
                    cell.column,
                    format!("position `{other}` is not supported for RPC; read as query"),
                )
                .expected_found("Query or Body", format!("`{}`", cell.text)),
            );
            Position::Query
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::read;

    fn params(rows: &str) -> (Vec<Parameter>, Diagnostics) {
        let text = format!(
            "# X\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n{rows}"
        );
        let mut d = Diagnostics::new();
        let page = read("x.md", &text, &mut d);
        let p = build(&page, &mut d);
        (p, d)
    }

    fn shape(p: &[Parameter]) -> String {
        p.iter()
            .map(|p| {
                if p.members.is_empty() {
                    format!("{}:{}", p.name, p.ty)
                } else {
                    format!("{}:{}{{{}}}", p.name, p.ty, shape(&p.members))
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn splits_names() {
        assert_eq!(segments("Tag.N.Key").map(|s| s.len()), Some(2));
        assert!(segments("Tag.N.Key").unwrap()[0].repeated);
        assert!(segments("N.Key").is_none());
        assert!(segments("A..B").is_none());
        assert!(segments("").is_none());
    }

    #[test]
    fn builds_parameter_trees() {
        let (p, d) = params(
            "|Action|String|是|X|x|\n|RegionId|String|是|cn|r|\n|Tag.N.Key|String|否|k|k|\n|Tag.n.Value|String|否|v|v|\n|InstanceId.N|RepeatList|否|i|i|\n|X.N.Y.N|String|否|y|y|\n|Filter.1.Key|String|否|f|f|\n|Filter.2.Key|String|否|f|f|\n|SystemDisk.Size|Integer|是|40|s|\n|Config|Json|否|{}|c|\n",
        );
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert_eq!(
            shape(&p),
            "RegionId:string,Tag:array<struct>{Key:string,Value:string},InstanceId:array<string>,X:array<struct>{Y:array<string>},Filter:array<struct>{Key:string},SystemDisk:struct{Size:integer},Config:json"
        );
        assert!(p[0].required);
        assert!(!p[1].required);
        assert!(p[5].members[0].required);
    }

    #[test]
    fn parent_rows_merge_with_members() {
        let (p, _) = params("|Tag|RepeatList|否| |标签|\n|Tag.N.Key|String|否|k|k|\n");
        assert_eq!(shape(&p), "Tag:array<struct>{Key:string}");
        assert_eq!(p[0].description, "标签");
        let (p, _) = params("|Tag.N.Key|String|否|k|k|\n|Tag|RepeatList|否| |标签|\n");
        assert_eq!(shape(&p), "Tag:array<struct>{Key:string}");
    }

    #[test]
    fn unknown_types_are_reported_and_read_as_string() {
        let (p, d) = params("|A|Strng|否|a|a|\n");
        assert_eq!(shape(&p), "A:string");
        let w = &d.items()[0];
        assert_eq!(w.kind, "unknown-type");
        assert_eq!((w.location.line, w.location.column), (7, 4));
    }
}
