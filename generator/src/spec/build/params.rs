//! Request parameters: typed rows to a member tree, each top-level member with its location.
//!
//! Names carry the structure (the grammar is [`crate::spec::wire`]). Common parameters
//! (`Action`, `Version`, signing fields) belong to the protocol, not to the API, and are left
//! out; `RegionId` is the API's own when the table lists it. Where a member travels comes from
//! the 位置 column, else from the style binding (`[Name]` in an ROA path means Path).

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostics, Severity};
use crate::page::{Page, Position, Row, TypeHint};
use crate::spec::model::{Location, Member, Type};
use crate::spec::wire::segments;

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

/// What a style decides about locations the page leaves open.
pub trait Locations {
    /// The location of a parameter the page places at `position` (`None`: the page does not say).
    fn locate(&self, name: &str, position: Option<Position>) -> Location;
}

/// Builds the request parameters of a page.
pub fn build(page: &Page, locations: &dyn Locations, diags: &mut Diagnostics) -> Vec<Member> {
    let mut roots: Vec<Member> = Vec::new();
    for row in &page.request {
        add(page, row, locations, &mut roots, diags);
    }
    fold_json_members(page, &mut roots);
    roots
}

/// A flat table can list a parameter sent as JSON text and then, as rows of their own, the keys
/// inside it: config's `ConfigRules` (`Array`) followed by `ManagedRuleIdentifier`,
/// `ConfigRuleParameters`, `ParameterName`…, whose request example sends
/// `ConfigRules=[{"ManagedRuleIdentifier":…,"ConfigRuleParameters":[{"ParameterName":…}]}]`.
/// Those rows are not parameters: the ones right after such a parameter whose names are keys of
/// its example's JSON (and not parameters of the example themselves) are folded into it. The
/// parameter becomes JSON text, and its description lists the folded keys.
fn fold_json_members(page: &Page, roots: &mut Vec<Member>) {
    let Some(example) = &page.request_example else {
        return;
    };
    let sent: BTreeSet<&str> = example.params.iter().map(|(n, _)| n.as_str()).collect();
    let mut at = 0;
    while at < roots.len() {
        let json_keys = example
            .params
            .iter()
            .find(|(name, _)| *name == roots[at].name)
            .filter(|_| roots[at].members.is_empty())
            .and_then(|(_, value)| serde_json::from_str::<serde_json::Value>(value).ok())
            .filter(|value| value.is_object() || value.is_array())
            .map(|value| {
                let mut keys = BTreeSet::new();
                collect_keys(&value, &mut keys);
                keys
            })
            .unwrap_or_default();
        let folded = roots[at + 1..]
            .iter()
            .take_while(|m| json_keys.contains(m.name.as_str()) && !sent.contains(m.name.as_str()))
            .count();
        if folded > 0 {
            let inner: Vec<Member> = roots.drain(at + 1..at + 1 + folded).collect();
            let parent = &mut roots[at];
            parent.ty = Type::Json;
            parent.values.clear();
            parent.format = None;
            let mut listing = String::from("JSON text; its keys:\n");
            for member in &inner {
                let first_line = member.description.lines().next().unwrap_or_default();
                listing.push_str(&format!(
                    "\n- `{}` ({}): {first_line}",
                    member.name, member.ty
                ));
            }
            parent.description = if parent.description.trim().is_empty() {
                listing
            } else {
                format!("{}\n\n{listing}", parent.description.trim_end())
            };
        }
        at += 1;
    }
}

fn collect_keys(value: &serde_json::Value, keys: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(members) => {
            for (key, member) in members {
                keys.insert(key.clone());
                collect_keys(member, keys);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_keys(item, keys);
            }
        }
        _ => {}
    }
}

fn add(
    page: &Page,
    row: &Row,
    locations: &dyn Locations,
    roots: &mut Vec<Member>,
    diags: &mut Diagnostics,
) {
    let name = row.name.as_str();
    if is_common(name) {
        return;
    }
    let Some(path) = segments(name) else {
        diags.push(
            page.diagnostic(
                Severity::Warning,
                "parameter-name",
                row.name_at.0,
                row.name_at.1,
                "parameter name is not a wire name; row skipped",
            )
            .expected_found(
                "`Name`, `Name.N`, `Name.N.Member` or `Name.Member`",
                format!("`{name}`"),
            ),
        );
        return;
    };
    // A `└` row of a request table is a member of the top-level row above it.
    if row.is_child() && path.len() == 1 {
        if let Some(parent) = roots.last_mut() {
            if parent.members.iter().all(|m| m.name != row.name) {
                if !parent.ty.has_members() {
                    parent.ty = if matches!(parent.ty, Type::Array(_)) {
                        Type::Array(Box::new(Type::Struct))
                    } else {
                        Type::Struct
                    };
                }
                let mut member = Member::new(row.name.clone(), leaf_type(row, false));
                member.required = row.required;
                member.example = row.example.clone();
                member.description = row.description.clone();
                member.values = row.values.clone();
                member.format = row.format;
                parent.members.push(member);
            }
            return;
        }
    }
    let leaf_type = leaf_type(row, path.last().is_some_and(|s| s.repeated));
    let location = locations.locate(&path[0].name, row.position);

    let mut level = roots;
    let last = path.len().saturating_sub(1);
    for (i, seg) in path.iter().enumerate() {
        let at = match level.iter().position(|p| p.name == seg.name) {
            Some(at) => at,
            None => {
                let mut member = Member::new(seg.name.clone(), Type::Struct);
                member.location = (i == 0).then_some(location);
                level.push(member);
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
            node.required = row.required;
            if i == 0 {
                node.location = Some(location);
            }
            node.example = row.example.clone();
            node.description = row.description.clone();
            node.values = row.values.clone();
            node.format = row.format;
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

/// The type of the last segment; `repeated` when the name ends in `.N`. (Unknown type words
/// were reported by the reader.)
fn leaf_type(row: &Row, repeated: bool) -> Type {
    let item = match &row.hint {
        TypeHint::Known(Type::Array(item)) if repeated => (**item).clone(),
        TypeHint::Known(t) => t.clone(),
        TypeHint::ArrayOfUnknown if repeated => Type::String,
        TypeHint::ArrayOfUnknown => return Type::Array(Box::new(Type::String)),
        TypeHint::Empty | TypeHint::Unknown(_) => Type::String,
    };
    if repeated {
        Type::Array(Box::new(item))
    } else {
        item
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::read;

    struct Rpc;
    impl Locations for Rpc {
        fn locate(&self, _: &str, position: Option<Position>) -> Location {
            match position {
                Some(Position::Body | Position::FormData) => Location::Form,
                _ => Location::Query,
            }
        }
    }

    fn params(rows: &str) -> (Vec<Member>, Diagnostics) {
        let text = format!(
            "# X\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n{rows}"
        );
        let mut d = Diagnostics::new();
        let page = read("x.md", &text, &mut d);
        let p = build(&page, &Rpc, &mut d);
        (p, d)
    }

    fn shape(p: &[Member]) -> String {
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
    fn rows_that_are_keys_of_a_json_parameter_fold_into_it() {
        let text = "# X\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n\
            |Action|String|是|X|x|\n|PackId|String|是|cp-1|合规包ID。|\n\
            |ConfigRules|Array|否| |托管规则详情。|\n\
            |ManagedRuleIdentifier|String|否|eip|托管规则标识。|\n\
            |ConfigRuleParameters|Array|否| |托管规则参数信息。|\n\
            |ParameterName|String|否|bandwidth|参数名称。|\n\
            |ClientToken|String|否|t|幂等。|\n\n## 示例\n\n请求示例\n\n```\n\
            http(s)://[Endpoint]/?Action=X\n&PackId=cp-1\n\
            &ConfigRules=[{\"ManagedRuleIdentifier\":\"eip\",\"ConfigRuleParameters\":[{\"ParameterName\":\"bandwidth\"}]}]\n\
            &ClientToken=t\n&<公共请求参数>\n```\n";
        let mut d = Diagnostics::new();
        let page = read("x.md", text, &mut d);
        let p = build(&page, &Rpc, &mut d);
        assert_eq!(
            shape(&p),
            "PackId:string,ConfigRules:json,ClientToken:string"
        );
        assert!(
            p[1].description
                .contains("- `ManagedRuleIdentifier` (string): 托管规则标识。")
                && p[1]
                    .description
                    .contains("- `ParameterName` (string): 参数名称。"),
            "{}",
            p[1].description
        );
        // Without a request example that shows the JSON, the rows stay parameters.
        let (p, _) = params(
            "|ConfigRules|Array|否| |详情。|\n|ManagedRuleIdentifier|String|否|eip|标识。|\n",
        );
        assert_eq!(
            shape(&p),
            "ConfigRules:array<string>,ManagedRuleIdentifier:string"
        );
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
        assert!(p.iter().all(|m| m.location == Some(Location::Query)));
        assert!(p[5].members.iter().all(|m| m.location.is_none()));
    }

    #[test]
    fn child_rows_are_members_of_the_row_above() {
        let (p, _) =
            params("|Config|Object|否| |c|\n|└Name|String|是|n|n|\n|Other|String|否|o|o|\n");
        assert_eq!(shape(&p), "Config:struct{Name:string},Other:string");
        assert!(p[0].members[0].required);
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
