//! The wire-name grammar, written once for every stage.
//!
//! - RPC parameter names carry structure: `Tag.N.Key` is a repeat list `Tag` of structs with a
//!   member `Key`, `InstanceId.N` a list of scalars, `X.N.Y.N` nested lists, `Filter.1.Key` a
//!   concrete index (read as `.N`), `SystemDisk.Size` a struct member.
//! - ROA path templates name their parameters in brackets: `/openapi/instances/[InstanceId]`
//!   (some pages and metadata write `{InstanceId}`, read the same way).

use crate::spec::model::{Member, Type};

/// Deepest member nesting a name or a spec may have. Real APIs have a handful of levels; the cap
/// keeps recursive walks shallow and every spec loadable by the YAML reader.
pub const MAX_DEPTH: usize = 16;

/// One segment of a parameter name: its text and whether a repeat marker (`.N`, `.n`, `.1`)
/// follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The name segment.
    pub name: String,
    /// Whether the segment is a list.
    pub repeated: bool,
}

/// True for a segment that stands for a repeat-list index: `N`, `n` or a number.
pub fn is_index(segment: &str) -> bool {
    segment == "N"
        || segment == "n"
        || (!segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()))
}

/// Splits a wire name into segments. `None` for a name with an empty segment, a repeat marker
/// in first position, a doubled marker (`X.N.N`), or more than [`MAX_DEPTH`] levels.
pub fn segments(name: &str) -> Option<Vec<Segment>> {
    let mut out: Vec<Segment> = Vec::new();
    for part in name.split('.') {
        if is_index(part) {
            let last = out.last_mut()?;
            if last.repeated {
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
    (!out.is_empty() && out.len() <= MAX_DEPTH).then_some(out)
}

/// Normalises a flattened wire name: every index segment after the first becomes `N`
/// (`Tag.n.Key`, `Tag.1.Key` → `Tag.N.Key`). Surrounding white space is dropped.
pub fn normalise(name: &str) -> String {
    name.trim()
        .split('.')
        .enumerate()
        .map(|(i, segment)| {
            if i > 0 && is_index(segment) {
                "N"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Flattens a member tree into wire names as RPC sends them (`Tag.N.Key`), each with the type
/// of its leaf, in tree order. A struct with no listed members is one name.
pub fn flatten(members: &[Member]) -> Vec<(String, &Type)> {
    fn walk<'a>(
        name: String,
        ty: &'a Type,
        members: &'a [Member],
        out: &mut Vec<(String, &'a Type)>,
    ) {
        match ty {
            Type::Array(item) => walk(format!("{name}.N"), item, members, out),
            Type::Struct if !members.is_empty() => {
                for m in members {
                    walk(format!("{name}.{}", m.name), &m.ty, &m.members, out);
                }
            }
            other => out.push((name, other)),
        }
    }
    let mut out = Vec::new();
    for m in members {
        walk(m.name.clone(), &m.ty, &m.members, &mut out);
    }
    out
}

/// The placeholder names of an ROA path template, in order: `[InstanceId]` or `{InstanceId}`.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['[', '{']) {
        let close = if rest.as_bytes()[open] == b'[' {
            ']'
        } else {
            '}'
        };
        let Some(len) = rest[open + 1..].find(close) else {
            break;
        };
        let name = &rest[open + 1..open + 1 + len];
        if !name.is_empty() {
            out.push(name);
        }
        rest = &rest[open + 2 + len..];
    }
    out
}

/// The template with every `{Name}` written `[Name]`, the spelling specs use.
pub fn canonical_template(template: &str) -> String {
    let mut out = template.to_string();
    for name in placeholders(template) {
        out = out.replace(&format!("{{{name}}}"), &format!("[{name}]"));
    }
    out
}

/// How deeply a type nests lists and maps (`string` is 0, `array<array<string>>` is 2).
pub fn type_depth(ty: &Type) -> usize {
    match ty {
        Type::Array(item) | Type::Map(item) => 1 + type_depth(item),
        _ => 0,
    }
}

/// Cuts a member tree at [`MAX_DEPTH`] levels (members and list nesting counted together): a
/// member at the limit that would nest further becomes `untyped` (`json` on the request side,
/// `any` on the response side) with no members. Returns whether anything was cut, so the
/// caller can report it.
pub fn cap_depth(members: &mut [Member], untyped: &Type) -> bool {
    fn walk(members: &mut [Member], level: usize, untyped: &Type) -> bool {
        let mut cut = false;
        for m in members.iter_mut() {
            let here = level + 1 + type_depth(&m.ty);
            if here > MAX_DEPTH || (here == MAX_DEPTH && !m.members.is_empty()) {
                m.ty = untyped.clone();
                m.members.clear();
                cut = true;
            } else {
                cut |= walk(&mut m.members, here, untyped);
            }
        }
        cut
    }
    walk(members, 0, untyped)
}

/// The nesting depth of a member tree (a flat list is 1).
pub fn depth(members: &[Member]) -> usize {
    members
        .iter()
        .map(|m| 1 + depth(&m.members))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_names() {
        assert_eq!(segments("Tag.N.Key").map(|s| s.len()), Some(2));
        assert!(segments("Tag.N.Key").unwrap()[0].repeated);
        assert!(segments("N.Key").is_none());
        assert!(segments("A..B").is_none());
        assert!(segments("X.N.N").is_none());
        assert!(segments("").is_none());
        let deep = vec!["A"; MAX_DEPTH + 1].join(".");
        assert!(segments(&deep).is_none());
    }

    #[test]
    fn normalises_indices() {
        assert_eq!(normalise(" Tag.1.Key "), "Tag.N.Key");
        assert_eq!(normalise("X.n.Y.N"), "X.N.Y.N");
    }

    #[test]
    fn flattens_trees() {
        let mut tag = Member::new("Tag", Type::Array(Box::new(Type::Struct)));
        tag.members = vec![
            Member::new("Key", Type::String),
            Member::new("Value", Type::String),
        ];
        let ids = Member::new("InstanceId", Type::Array(Box::new(Type::String)));
        let names: Vec<String> = flatten(&[tag, ids]).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["Tag.N.Key", "Tag.N.Value", "InstanceId.N"]);
    }

    #[test]
    fn deep_trees_are_cut_at_the_limit() {
        let mut deep = Member::new("Leaf", Type::String);
        for i in 0..40 {
            let mut parent = Member::new(format!("L{i}"), Type::Struct);
            parent.members = vec![deep];
            deep = parent;
        }
        let mut tree = vec![deep];
        assert!(cap_depth(&mut tree, &Type::Any));
        assert!(depth(&tree) <= MAX_DEPTH);
        assert!(!cap_depth(&mut tree, &Type::Any));
        let mut lists = vec![Member::new(
            "Grid",
            "array<array<array<string>>>".parse().unwrap(),
        )];
        assert!(!cap_depth(&mut lists, &Type::Any));
        let mut too_deep = vec![Member::new(
            "G",
            format!("{}string{}", "array<".repeat(20), ">".repeat(20))
                .parse()
                .unwrap(),
        )];
        assert!(cap_depth(&mut too_deep, &Type::Any));
        assert_eq!(too_deep[0].ty, Type::Any);
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(
            placeholders("/openapi/instances/[InstanceId]/plugins/{PluginName}/actions"),
            ["InstanceId", "PluginName"]
        );
        assert!(placeholders("/openapi/instances").is_empty());
        assert_eq!(placeholders("/a/[unclosed"), Vec::<&str>::new());
        assert_eq!(canonical_template("/a/{B}/c"), "/a/[B]/c");
    }
}
