//! Where an API's Chinese and English pages disagree, which was right: each disagreement
//! ([`crate::pipeline::english`]) judged against what the SDK declares.
//!
//! The spec takes the newer page's word; this measures how often that was the right call. A
//! disagreement is judged when the oracle knows the API in the spec's version and says
//! something on the point: whether the member exists (names), its kind (types), its required
//! flag, its position, or the method and path (binding). Spelling differences (case) are judged
//! by whether the spelling kept, the Chinese one, is the SDK's.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::pipeline::english::ApiDisagreement;
use crate::pipeline::folder_of;
use crate::spec::bilingual::{Kind as DisagreementKind, Side, ABSENT};
use crate::spec::model::StructureFrom;

use super::oracle::{Kind, Oracle, OracleApi, Position, Shape};

/// Counts of one kind of disagreement, where one language's page was the newer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindCounts {
    /// Disagreements of this kind.
    pub total: usize,
    /// Judged against the oracle (it knows the API and the point).
    pub judged: usize,
    /// Judged, and the newer page's word (the one kept) is the SDK's.
    pub newer_right: usize,
    /// Judged, and the older page's word is the SDK's.
    pub older_right: usize,
}

/// The counts of every kind and newer language (the Chinese page is `Source`), in report
/// order.
pub fn count(
    disagreements: &[ApiDisagreement],
    oracles: &BTreeMap<String, Oracle>,
) -> BTreeMap<(DisagreementKind, StructureFrom), KindCounts> {
    let mut out: BTreeMap<(DisagreementKind, StructureFrom), KindCounts> = BTreeMap::new();
    for d in disagreements {
        let counts = out
            .entry((d.disagreement.kind, d.disagreement.newer))
            .or_default();
        counts.total += 1;
        let api = oracles
            .get(folder_of(&d.chinese_page))
            .and_then(|o| o.apis.get(&d.name))
            .filter(|a| a.version == d.version);
        let Some(api) = api else { continue };
        let Some(right) = judge(d, api) else { continue };
        counts.judged += 1;
        match right {
            Right::Newer => counts.newer_right += 1,
            Right::Older => counts.older_right += 1,
            Right::Neither => {}
        }
    }
    out
}

/// The counts as a Markdown table: one row per kind and newer page, then the totals.
pub fn table(counts: &BTreeMap<(DisagreementKind, StructureFrom), KindCounts>) -> String {
    let mut out = String::from(
        "| kind | newer page | disagreements | judged by the SDK | newer page right | older page right |\n|---|---|---:|---:|---:|---:|\n",
    );
    let share = |n: usize, of: usize| {
        if of == 0 {
            "–".to_string()
        } else {
            format!("{n} ({:.0}%)", 100.0 * n as f64 / of as f64)
        }
    };
    let mut totals: BTreeMap<StructureFrom, KindCounts> = BTreeMap::new();
    for ((kind, newer), c) in counts {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            kind.word(),
            language(*newer),
            c.total,
            c.judged,
            share(c.newer_right, c.judged),
            share(c.older_right, c.judged)
        );
        let total = totals.entry(*newer).or_default();
        total.total += c.total;
        total.judged += c.judged;
        total.newer_right += c.newer_right;
        total.older_right += c.older_right;
    }
    for (newer, total) in totals {
        let _ = writeln!(
            out,
            "| all | {} | {} | {} | {} | {} |",
            language(newer),
            total.total,
            total.judged,
            share(total.newer_right, total.judged),
            share(total.older_right, total.judged)
        );
    }
    out
}

fn language(newer: StructureFrom) -> &'static str {
    match newer {
        StructureFrom::English => "English",
        StructureFrom::Source => "Chinese",
    }
}

enum Right {
    Newer,
    Older,
    Neither,
}

fn judge(d: &ApiDisagreement, api: &OracleApi) -> Option<Right> {
    let dis = &d.disagreement;
    let (newer, older) = match dis.newer {
        StructureFrom::English => (&dis.english, &dis.chinese),
        StructureFrom::Source => (&dis.chinese, &dis.english),
    };
    let pick = |newer_ok: bool, older_ok: bool| {
        Some(match (newer_ok, older_ok) {
            (true, false) => Right::Newer,
            (false, true) => Right::Older,
            _ => Right::Neither,
        })
    };
    match dis.kind {
        DisagreementKind::Name => {
            let exists = member_exists(api, dis.side, &dis.path)?;
            pick(
                (newer != ABSENT) == exists,
                (older.as_str() != ABSENT) == exists,
            )
        }
        DisagreementKind::Case => {
            let spelled = spelling(api, dis.side, &dis.path)?;
            let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
            pick(spelled == last(newer), spelled == last(older))
        }
        DisagreementKind::Type => {
            let kind = member_kind(api, dis.side, &dis.path)?;
            pick(type_fits(newer, kind), type_fits(older, kind))
        }
        DisagreementKind::Required => {
            let param = request_param(api, &dis.path)?;
            let required = param.required?;
            let says = |s: &str| (s == "required") == required;
            pick(says(newer), says(older))
        }
        DisagreementKind::Position => {
            let param = request_param(api, &dis.path)?;
            let position = param.position?;
            let says = |s: &str| position_fits(s, position, api.form_body());
            pick(says(newer), says(older))
        }
        DisagreementKind::Binding => {
            let method = api.method.as_deref()?.to_ascii_lowercase();
            let says = |s: &str| {
                let mut words = s.split_whitespace().skip(1);
                let same_method = words.next().is_some_and(|m| method.contains(m));
                let same_path = match &api.path {
                    Some(path) => words
                        .next()
                        .is_some_and(|p| p.eq_ignore_ascii_case(path.as_str())),
                    None => true,
                };
                // `body json`, `body form`; the SDK's `formData` is a form.
                let same_body = match api.req_body_type.as_deref() {
                    Some(kind) if api.path.is_some() => {
                        let kind = if kind.eq_ignore_ascii_case("json") {
                            "json"
                        } else {
                            "form"
                        };
                        s.contains(&format!("body {kind}"))
                    }
                    _ => true,
                };
                same_method && same_path && same_body
            };
            pick(says(newer), says(older))
        }
    }
}

/// The oracle's request names without repeat markers, lower case: `Tag.N.Key` → `tag.key`.
fn request_key(name: &str) -> String {
    name.split('.')
        .filter(|s| *s != "N" && !s.chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(".")
        .to_ascii_lowercase()
}

fn request_param<'a>(
    api: &'a OracleApi,
    path: &[String],
) -> Option<&'a super::oracle::OracleParam> {
    let key = path.join(".").to_ascii_lowercase();
    api.request.iter().find(|p| request_key(&p.name) == key)
}

/// The response shape at `path`, case aside.
fn response_shape<'a>(api: &'a OracleApi, path: &[String]) -> Option<&'a Shape> {
    let mut level = &api.response;
    let mut found: Option<&Shape> = None;
    for segment in path {
        let (_, mut shape) = level
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(segment))?;
        while let Shape::Array(items) = shape {
            shape = items;
        }
        found = Some(shape);
        level = match shape {
            Shape::Object(members) => members,
            _ => &EMPTY,
        };
    }
    found
}

static EMPTY: BTreeMap<String, Shape> = BTreeMap::new();

/// Whether the SDK has the member; `None` when it cannot tell (the parent is not an object it
/// describes).
fn member_exists(api: &OracleApi, side: Side, path: &[String]) -> Option<bool> {
    match side {
        Side::Request => {
            let key = path.join(".").to_ascii_lowercase();
            Some(api.request.iter().any(|p| {
                let name = request_key(&p.name);
                name == key || name.starts_with(&format!("{key}."))
            }))
        }
        Side::Response => {
            if path.len() > 1 {
                // Judged only where the SDK describes the parent.
                response_shape(api, &path[..path.len() - 1])?;
            }
            Some(response_shape(api, path).is_some())
        }
        Side::Operation => None,
    }
}

/// The SDK's spelling of the member's last segment.
fn spelling(api: &OracleApi, side: Side, path: &[String]) -> Option<String> {
    let last = path.last()?;
    match side {
        Side::Request => {
            let param = request_param(api, path)?;
            param
                .name
                .split('.')
                .rev()
                .find(|s| s.eq_ignore_ascii_case(last))
                .map(str::to_string)
        }
        Side::Response => {
            let mut level = &api.response;
            let mut spelled = None;
            for segment in path {
                let (key, mut shape) = level
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(segment))?;
                spelled = Some(key.clone());
                while let Shape::Array(items) = shape {
                    shape = items;
                }
                level = match shape {
                    Shape::Object(members) => members,
                    _ => &EMPTY,
                };
            }
            spelled
        }
        Side::Operation => None,
    }
}

fn member_kind(api: &OracleApi, side: Side, path: &[String]) -> Option<Kind> {
    match side {
        Side::Request => request_param(api, path).map(|p| p.kind),
        Side::Response => match response_shape(api, path)? {
            Shape::Leaf(kind) => Some(*kind),
            Shape::Object(_) => Some(Kind::Struct),
            Shape::Array(_) => None,
        },
        Side::Operation => None,
    }
}

/// Whether a spec type (as written in the spec: `integer`, `array<string>`) is the SDK's kind.
fn type_fits(ty: &str, kind: Kind) -> bool {
    let scalar = ty
        .strip_prefix("array<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty);
    match kind {
        Kind::String => scalar == "string",
        Kind::Integer => scalar == "integer" || scalar == "long",
        Kind::Float => scalar == "float" || scalar == "double",
        Kind::Boolean => scalar == "boolean",
        Kind::Json => scalar == "json" || scalar == "string",
        Kind::Map => ty.starts_with("map<") || scalar == "json",
        Kind::Repeated => ty.starts_with("array<") || scalar == "json",
        Kind::Any => scalar == "any" || scalar == "json",
        Kind::Struct => scalar == "struct",
    }
}

fn position_fits(location: &str, position: Position, form_body: bool) -> bool {
    match position {
        Position::Path => location == "path",
        Position::Query => location == "query",
        Position::Header => location == "header",
        Position::Body => location == "body" || (form_body && location == "form"),
        Position::FormData => location == "form",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::oracle::OracleParam;
    use crate::spec::bilingual::Disagreement;

    fn api() -> OracleApi {
        OracleApi {
            version: "2020-01-01".into(),
            method: Some("POST".into()),
            path: None,
            req_body_type: None,
            request: vec![OracleParam {
                name: "Tag.N.Key".into(),
                kind: Kind::String,
                position: Some(Position::Query),
                whole_body: false,
                required: Some(true),
            }],
            response: BTreeMap::from([(
                "Items".to_string(),
                Shape::Object(BTreeMap::from([(
                    "Count".to_string(),
                    Shape::Leaf(Kind::Integer),
                )])),
            )]),
            source: None,
        }
    }

    fn disagreement(
        kind: DisagreementKind,
        side: Side,
        path: &[&str],
        zh: &str,
        en: &str,
        newer: StructureFrom,
    ) -> ApiDisagreement {
        ApiDisagreement {
            product: "X".into(),
            version: "2020-01-01".into(),
            name: "A".into(),
            chinese_page: "x/A/2020-01-01_a.md".into(),
            english_page: "x/A/2021-01-01_b.md".into(),
            disagreement: Disagreement {
                kind,
                side,
                path: path.iter().map(|s| s.to_string()).collect(),
                chinese: zh.into(),
                english: en.into(),
                newer,
            },
        }
    }

    #[test]
    fn each_kind_is_judged_by_what_the_sdk_declares() {
        let oracles = BTreeMap::from([(
            "x".to_string(),
            Oracle {
                docs_folder: "x".into(),
                product_code: "X".into(),
                version: "2020-01-01".into(),
                apis: BTreeMap::from([("A".to_string(), api())]),
            },
        )]);
        let en = StructureFrom::English;
        let zh = StructureFrom::Source;
        let list = vec![
            // The newer English page lacks a member the SDK has: the older was right.
            disagreement(
                DisagreementKind::Name,
                Side::Request,
                &["Tag", "Key"],
                "present",
                ABSENT,
                en,
            ),
            // The newer Chinese page has a response member the SDK has.
            disagreement(
                DisagreementKind::Name,
                Side::Response,
                &["Items", "Count"],
                "present",
                ABSENT,
                zh,
            ),
            disagreement(
                DisagreementKind::Type,
                Side::Response,
                &["Items", "Count"],
                "string",
                "long",
                en,
            ),
            disagreement(
                DisagreementKind::Required,
                Side::Request,
                &["Tag", "Key"],
                "optional",
                "required",
                en,
            ),
            disagreement(
                DisagreementKind::Position,
                Side::Request,
                &["Tag", "Key"],
                "query",
                "body",
                zh,
            ),
            // The newer Chinese page has a member the SDK lacks: the older was right.
            disagreement(
                DisagreementKind::Name,
                Side::Request,
                &["Other"],
                "present",
                ABSENT,
                zh,
            ),
        ];
        let counts = count(&list, &oracles);
        let name_en = counts[&(DisagreementKind::Name, en)];
        assert_eq!(
            (name_en.total, name_en.newer_right, name_en.older_right),
            (1, 0, 1)
        );
        let name_zh = counts[&(DisagreementKind::Name, zh)];
        assert_eq!(
            (name_zh.judged, name_zh.newer_right, name_zh.older_right),
            (2, 1, 1)
        );
        let ty = counts[&(DisagreementKind::Type, en)];
        assert_eq!((ty.judged, ty.newer_right), (1, 1));
        assert_eq!(counts[&(DisagreementKind::Required, en)].newer_right, 1);
        assert_eq!(counts[&(DisagreementKind::Position, zh)].newer_right, 1);
        let table = table(&counts);
        assert!(
            table.contains("| name | Chinese | 2 | 2 | 1 (50%) | 1 (50%) |"),
            "{table}"
        );
        assert!(
            table.contains("| all | English | 3 | 3 | 2 (67%) | 1 (33%) |"),
            "{table}"
        );
    }
}
