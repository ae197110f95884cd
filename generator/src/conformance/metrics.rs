//! Counting: precision, recall, kind and array agreement, and the ceiling.
//!
//! Agreement is counted over the names both sides have: for a request wire name, whether the
//! kinds agree; for a response path, whether both or neither is an array (`agree`), and, where
//! either side is a leaf, whether the leaf kinds agree (`leaf_agree` of `leaf_total`).
//!
//! Precision is the share of the spec's names that the oracle also has; recall the share of
//! the oracle's names that the spec also has. Both are counted over names (micro-averaged), so
//! an API with many parameters weighs more than one with few. Judged precision counts against
//! the reader only the extras that are its own fault: an extra whose cause is the page's word
//! (a member the page documents and the SDK lacks, see
//! [`Cause::is_reader_fault`](super::causes::Cause::is_reader_fault)) is left out.
//!
//! The ceiling is the share of the oracle's names that the page could give at all: a request
//! wire name counts when every one of its name segments (`Tag`, `Key` of `Tag.N.Key`) occurs as
//! a word of the page text, a response path when every name on it does. A parser cannot be
//! expected to recover a name the page never writes, so recall is read against the ceiling.
//!
//! The HTTP binding is checked where the oracle gives it ([`compare_binding`]): the method, the
//! ROA path template, and the position of every request name both sides have, each counted as
//! an [`Agreement`].

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::flatten::{is_index_segment, params_agree, path_names, PathInfo, WireParam};
use super::oracle::Kind;
use crate::spec::wire;

/// Counts for one side (request or response) of one API or of many added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Names in both the spec and the oracle.
    pub matched: usize,
    /// Names in the oracle only.
    pub missing: usize,
    /// Names in the spec only.
    pub extra: usize,
    /// Of those, the names whose cause is the page's word, not a reader fault (see
    /// [`Cause::is_reader_fault`](super::causes::Cause::is_reader_fault)); set with the causes
    /// ([`SideComparison::set_causes`]). An extra with no cause recorded is not counted here.
    pub page_extra: usize,
    /// Matched names whose kind (request) or arrayness (response) agrees.
    pub agree: usize,
    /// Oracle names the page text contains.
    pub in_text: usize,
    /// Response only: matched paths where either side is a leaf (a value, not a struct).
    pub leaf_total: usize,
    /// Response only: those whose leaf kinds agree.
    pub leaf_agree: usize,
}

/// A share; `None` when there was nothing to count.
fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

impl Tally {
    /// Names the oracle has.
    pub fn oracle_total(&self) -> usize {
        self.matched + self.missing
    }

    /// Names the spec has.
    pub fn spec_total(&self) -> usize {
        self.matched + self.extra
    }

    /// Matched / spec names.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.matched, self.spec_total())
    }

    /// Matched / (matched + extras that are reader faults): precision with the extras that are
    /// the page's word ([`page_extra`](Tally::page_extra)) left out. An extra whose cause is
    /// unknown counts against the reader, so without causes this is the raw precision.
    pub fn judged_precision(&self) -> Option<f64> {
        ratio(
            self.matched,
            self.spec_total().saturating_sub(self.page_extra),
        )
    }

    /// Matched / oracle names.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.matched, self.oracle_total())
    }

    /// Agreeing / matched names.
    pub fn agreement(&self) -> Option<f64> {
        ratio(self.agree, self.matched)
    }

    /// Response only: agreeing leaf kinds / matched paths where either side is a leaf.
    pub fn leaf_agreement(&self) -> Option<f64> {
        ratio(self.leaf_agree, self.leaf_total)
    }

    /// Oracle names in the page text / oracle names.
    pub fn ceiling(&self) -> Option<f64> {
        ratio(self.in_text, self.oracle_total())
    }

    /// Adds another tally to this one.
    pub fn add(&mut self, other: &Tally) {
        self.matched += other.matched;
        self.missing += other.missing;
        self.extra += other.extra;
        self.page_extra += other.page_extra;
        self.agree += other.agree;
        self.in_text += other.in_text;
        self.leaf_total += other.leaf_total;
        self.leaf_agree += other.leaf_agree;
    }
}

/// Rounds a share to four decimals, so JSON output stays short and stable.
fn rounded(share: Option<f64>) -> Option<f64> {
    share.map(|x| (x * 10_000.0).round() / 10_000.0)
}

impl Serialize for Tally {
    /// The counts, then the shares (`null` when there was nothing to count).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Tally", 14)?;
        s.serialize_field("matched", &self.matched)?;
        s.serialize_field("missing", &self.missing)?;
        s.serialize_field("extra", &self.extra)?;
        s.serialize_field("agree", &self.agree)?;
        s.serialize_field("in_text", &self.in_text)?;
        s.serialize_field("leaf_total", &self.leaf_total)?;
        s.serialize_field("leaf_agree", &self.leaf_agree)?;
        s.serialize_field("page_extra", &self.page_extra)?;
        s.serialize_field("precision", &rounded(self.precision()))?;
        s.serialize_field("judged_precision", &rounded(self.judged_precision()))?;
        s.serialize_field("recall", &rounded(self.recall()))?;
        s.serialize_field("agreement", &rounded(self.agreement()))?;
        s.serialize_field("ceiling", &rounded(self.ceiling()))?;
        s.serialize_field("leaf_agreement", &rounded(self.leaf_agreement()))?;
        s.end()
    }
}

/// How many checks of one kind (method, path, position) were made and how many agreed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Agreement {
    /// Checks that agreed.
    pub agree: usize,
    /// Checks made.
    pub total: usize,
}

impl Agreement {
    /// Agreeing / made; `None` when nothing was checked.
    pub fn share(&self) -> Option<f64> {
        ratio(self.agree, self.total)
    }

    /// Counts one check.
    pub fn count(&mut self, agree: bool) {
        self.total += 1;
        if agree {
            self.agree += 1;
        }
    }

    /// Adds another count to this one.
    pub fn add(&mut self, other: &Agreement) {
        self.agree += other.agree;
        self.total += other.total;
    }
}

impl Serialize for Agreement {
    /// The counts, then the share (`null` when nothing was checked).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Agreement", 3)?;
        s.serialize_field("agree", &self.agree)?;
        s.serialize_field("total", &self.total)?;
        s.serialize_field("share", &rounded(self.share()))?;
        s.end()
    }
}

/// A name both sides have, on which they disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    /// Wire name or response path.
    pub name: String,
    /// What differs: `kind` (request kind or response leaf kind), `array`, or `position`
    /// (request, in [`BindingComparison`]).
    pub aspect: &'static str,
    /// What the spec says (a kind, `struct`, or `array`/`not array`).
    pub spec: String,
    /// What the oracle says.
    pub oracle: String,
}

/// One side of one API compared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SideComparison {
    /// The counts.
    pub tally: Tally,
    /// Oracle names the spec lacks, sorted.
    pub missing: Vec<String>,
    /// Spec names the oracle lacks, sorted.
    pub extra: Vec<String>,
    /// Matched names whose kind or arrayness differ, sorted by name.
    pub disagreements: Vec<Disagreement>,
    /// Oracle names the page text does not contain, sorted (they bound recall).
    pub not_in_text: Vec<String>,
    /// Why each missing and extra name is one (see [`super::causes`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub causes: BTreeMap<String, super::causes::Cause>,
}

impl SideComparison {
    /// Records why each missing and extra name is one (from [`super::causes::explain`]), and
    /// counts in the tally the extras whose cause is the page's word
    /// ([`Tally::page_extra`]), which judged precision leaves out.
    pub fn set_causes(&mut self, causes: BTreeMap<String, super::causes::Cause>) {
        self.tally.page_extra = self
            .extra
            .iter()
            .filter(|name| causes.get(*name).is_some_and(|c| !c.is_reader_fault()))
            .count();
        self.causes = causes;
    }
}

/// The words of a page: maximal runs of ASCII letters, digits and `_`, after removing Markdown
/// escapes (`\_`). Dotted names fall apart into their segments.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    words: BTreeSet<String>,
}

impl TextIndex {
    /// Indexes a page text.
    pub fn new(text: &str) -> Self {
        let text = text.replace('\\', "");
        let words = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        TextIndex { words }
    }

    /// True when the text has this exact word.
    pub fn has_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// True when every name segment of a flattened wire name is a word of the text.
    pub fn has_wire_name(&self, name: &str) -> bool {
        name.split('.')
            .enumerate()
            .filter(|(i, segment)| !(*i > 0 && is_index_segment(segment)))
            .all(|(_, segment)| self.has_word(segment))
    }

    /// True when every name on a response path is a word of the text.
    pub fn has_path(&self, path: &str) -> bool {
        path_names(path).all(|name| self.has_word(name))
    }
}

/// Compares request wire names (both sides normalised) and their kinds. An oracle whole-body
/// parameter counts as spelled when the page has a `RequestBody` section (the word), since
/// pages never call the body by the SDK's name for it.
pub fn compare_request(
    spec: &BTreeMap<String, WireParam>,
    oracle: &BTreeMap<String, WireParam>,
    text: &TextIndex,
) -> SideComparison {
    compare(
        spec,
        oracle,
        |name| {
            text.has_wire_name(name)
                || (oracle.get(name).is_some_and(|p| p.whole_body) && text.has_word("RequestBody"))
        },
        |name, s, o, out| {
            if params_agree(name, s, o) {
                out.tally.agree += 1;
            } else {
                out.disagreements.push(Disagreement {
                    name: name.to_string(),
                    aspect: "kind",
                    spec: s.kind.to_string(),
                    oracle: o.kind.to_string(),
                });
            }
        },
    )
}

/// The method and path template one side gives for an API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Route<'a> {
    /// HTTP method, any case.
    pub method: Option<&'a str>,
    /// Path template, with `[Name]` or `{Name}` placeholders.
    pub path: Option<&'a str>,
}

/// One value both sides give for an API (its method or its path template), and whether they
/// agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The spec's value, normalised (`-` when the spec has none).
    pub spec: String,
    /// The oracle's value, normalised.
    pub oracle: String,
    /// Whether the two agree.
    pub agree: bool,
}

/// The HTTP binding of one API compared with the oracle's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BindingComparison {
    /// The HTTP method, when the oracle gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Check>,
    /// The path template, when the oracle gives one (ROA).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Check>,
    /// Positions of the request names both sides have, where the oracle gives a position.
    pub positions: Agreement,
    /// Names whose positions differ (aspect `position`), sorted by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disagreements: Vec<Disagreement>,
}

impl BindingComparison {
    /// The method check as an agreement count (nothing checked when the oracle has no method).
    pub fn method_agreement(&self) -> Agreement {
        check_agreement(self.method.as_ref())
    }

    /// The path check as an agreement count (nothing checked when the oracle has no path).
    pub fn path_agreement(&self) -> Agreement {
        check_agreement(self.path.as_ref())
    }

    /// True when nothing disagrees.
    pub fn is_clean(&self) -> bool {
        self.method.as_ref().is_none_or(|c| c.agree)
            && self.path.as_ref().is_none_or(|c| c.agree)
            && self.disagreements.is_empty()
    }
}

fn check_agreement(check: Option<&Check>) -> Agreement {
    let mut out = Agreement::default();
    if let Some(check) = check {
        out.count(check.agree);
    }
    out
}

/// A path template in one spelling: `{Name}` written `[Name]`, surrounding white space dropped.
pub fn normalise_template(template: &str) -> String {
    wire::canonical_template(template.trim())
}

/// Compares the HTTP binding: the method and the path template where the oracle gives them
/// (methods in any case; templates after [`normalise_template`]), and the position of every
/// request name both sides have where the oracle gives one (a spec name without a location
/// disagrees).
pub fn compare_binding(
    spec_route: Route<'_>,
    oracle_route: Route<'_>,
    spec: &BTreeMap<String, WireParam>,
    oracle: &BTreeMap<String, WireParam>,
) -> BindingComparison {
    let none = || "-".to_string();
    let method = oracle_route.method.map(|o| {
        let oracle = o.trim().to_ascii_uppercase();
        let spec = spec_route
            .method
            .map_or_else(none, |s| s.trim().to_ascii_uppercase());
        Check {
            agree: spec == oracle,
            spec,
            oracle,
        }
    });
    let path = oracle_route.path.map(|o| {
        let oracle = normalise_template(o);
        let spec = spec_route.path.map_or_else(none, normalise_template);
        Check {
            agree: spec_route.path.is_some() && spec == oracle,
            spec,
            oracle,
        }
    });
    let mut out = BindingComparison {
        method,
        path,
        ..BindingComparison::default()
    };
    for (name, o) in oracle {
        let (Some(s), Some(oracle_location)) = (spec.get(name), o.location) else {
            continue;
        };
        let agree = s.location == Some(oracle_location);
        out.positions.count(agree);
        if !agree {
            out.disagreements.push(Disagreement {
                name: name.clone(),
                aspect: "position",
                spec: s.spelled.unwrap_or("-").to_string(),
                oracle: o.spelled.unwrap_or("-").to_string(),
            });
        }
    }
    out
}

/// Whether two response leaf kinds agree: equal, or `any` against a JSON document.
fn leaf_kinds_agree(spec: Kind, oracle: Kind) -> bool {
    spec == oracle
        || matches!(
            (spec, oracle),
            (Kind::Json, Kind::Any) | (Kind::Any, Kind::Json)
        )
}

/// Compares response paths.
pub fn compare_response(
    spec: &BTreeMap<String, PathInfo>,
    oracle: &BTreeMap<String, PathInfo>,
    text: &TextIndex,
) -> SideComparison {
    let array_word = |array: bool| if array { "array" } else { "not array" }.to_string();
    let leaf_word =
        |leaf: Option<Kind>| leaf.map_or_else(|| "struct".to_string(), |k| k.to_string());
    compare(
        spec,
        oracle,
        |path| text.has_path(path),
        |path, s, o, out| {
            if s.array == o.array {
                out.tally.agree += 1;
            } else {
                out.disagreements.push(Disagreement {
                    name: path.to_string(),
                    aspect: "array",
                    spec: array_word(s.array),
                    oracle: array_word(o.array),
                });
            }
            if s.leaf.is_some() || o.leaf.is_some() {
                out.tally.leaf_total += 1;
                match (s.leaf, o.leaf) {
                    (Some(a), Some(b)) if leaf_kinds_agree(a, b) => out.tally.leaf_agree += 1,
                    _ => out.disagreements.push(Disagreement {
                        name: path.to_string(),
                        aspect: "kind",
                        spec: leaf_word(s.leaf),
                        oracle: leaf_word(o.leaf),
                    }),
                }
            }
        },
    )
}

fn compare<T>(
    spec: &BTreeMap<String, T>,
    oracle: &BTreeMap<String, T>,
    in_text: impl Fn(&str) -> bool,
    check: impl Fn(&str, &T, &T, &mut SideComparison),
) -> SideComparison {
    let mut out = SideComparison::default();
    for (name, oracle_value) in oracle {
        if in_text(name) {
            out.tally.in_text += 1;
        } else {
            out.not_in_text.push(name.clone());
        }
        match spec.get(name) {
            None => {
                out.tally.missing += 1;
                out.missing.push(name.clone());
            }
            Some(spec_value) => {
                out.tally.matched += 1;
                check(name, spec_value, oracle_value, &mut out);
            }
        }
    }
    for name in spec.keys() {
        if !oracle.contains_key(name) {
            out.tally.extra += 1;
            out.extra.push(name.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::model::Location;

    fn kinds(items: &[(&str, Kind)]) -> BTreeMap<String, WireParam> {
        items
            .iter()
            .map(|(n, k)| {
                let param = WireParam {
                    kind: *k,
                    location: None,
                    spelled: None,
                    whole_body: false,
                    one_value: false,
                };
                (n.to_string(), param)
            })
            .collect()
    }

    #[test]
    fn request_precision_recall_kind_and_ceiling() {
        let spec = kinds(&[
            ("Limit", Kind::String),
            ("Tag.N.Key", Kind::String),
            ("Action", Kind::String),
        ]);
        let oracle = kinds(&[
            ("Limit", Kind::Integer),
            ("Tag.N.Key", Kind::String),
            ("Offset", Kind::Integer),
            ("Hidden", Kind::String),
        ]);
        let text = TextIndex::new("|Limit|Integer|\n|Tag.n.Key|String|\n|Off\\_set| Offset |");
        let c = compare_request(&spec, &oracle, &text);
        assert_eq!(
            c.tally,
            Tally {
                matched: 2,
                missing: 2,
                extra: 1,
                agree: 1,
                in_text: 3,
                ..Tally::default()
            }
        );
        assert_eq!(c.missing, ["Hidden", "Offset"]);
        assert_eq!(c.extra, ["Action"]);
        assert_eq!(c.not_in_text, ["Hidden"]);
        assert_eq!(
            c.disagreements,
            [Disagreement {
                name: "Limit".into(),
                aspect: "kind",
                spec: "string".into(),
                oracle: "integer".into()
            }]
        );
        assert_eq!(c.tally.precision(), Some(2.0 / 3.0));
        assert_eq!(c.tally.recall(), Some(0.5));
        assert_eq!(c.tally.agreement(), Some(0.5));
        assert_eq!(c.tally.ceiling(), Some(0.75));
    }

    #[test]
    fn response_array_and_leaf_kind_agreement() {
        let node = |array, leaf| PathInfo { array, leaf };
        let spec = BTreeMap::from([
            ("Data".to_string(), node(false, None)),
            ("Data.List".to_string(), node(false, None)),
            ("Data.Count".to_string(), node(false, Some(Kind::String))),
            ("Data.Raw".to_string(), node(false, Some(Kind::Json))),
        ]);
        let oracle = BTreeMap::from([
            ("Data".to_string(), node(false, None)),
            ("Data.List".to_string(), node(true, None)),
            (
                "Data.List[].Id".to_string(),
                node(false, Some(Kind::String)),
            ),
            ("Data.Count".to_string(), node(false, Some(Kind::Integer))),
            ("Data.Raw".to_string(), node(false, Some(Kind::Any))),
        ]);
        let text = TextIndex::new("\"Data\": {\"List\": {\"Id\": 1}, \"Count\": 1, \"Raw\": {}}");
        let c = compare_response(&spec, &oracle, &text);
        assert_eq!(
            c.tally,
            Tally {
                matched: 4,
                missing: 1,
                extra: 0,
                page_extra: 0,
                agree: 3,
                in_text: 5,
                leaf_total: 2,
                leaf_agree: 1
            }
        );
        let listed: Vec<(&str, &str, &str, &str)> = c
            .disagreements
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.aspect,
                    d.spec.as_str(),
                    d.oracle.as_str(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("Data.Count", "kind", "string", "integer"),
                ("Data.List", "array", "not array", "array")
            ]
        );
    }

    fn at(kind: Kind, location: Option<Location>, spelled: Option<&'static str>) -> WireParam {
        WireParam {
            kind,
            location,
            spelled,
            whole_body: false,
            one_value: false,
        }
    }

    #[test]
    fn binding_method_path_and_positions() {
        let spec = BTreeMap::from([
            (
                "InstanceId".to_string(),
                at(Kind::String, Some(Location::Path), Some("path")),
            ),
            (
                "size".to_string(),
                at(Kind::Integer, Some(Location::Query), Some("query")),
            ),
            (
                "name".to_string(),
                at(Kind::String, Some(Location::Query), Some("query")),
            ),
            ("loose".to_string(), at(Kind::String, None, None)),
            (
                "extra".to_string(),
                at(Kind::String, Some(Location::Query), Some("query")),
            ),
        ]);
        let oracle = BTreeMap::from([
            (
                "InstanceId".to_string(),
                at(Kind::String, Some(Location::Path), Some("Path")),
            ),
            (
                "size".to_string(),
                at(Kind::Integer, Some(Location::Query), Some("Query")),
            ),
            (
                "name".to_string(),
                at(Kind::String, Some(Location::Body), Some("Body")),
            ),
            (
                "loose".to_string(),
                at(Kind::String, Some(Location::Query), Some("Query")),
            ),
            // No position in the oracle, or no such name in the spec: not checked.
            ("extra".to_string(), at(Kind::String, None, None)),
            (
                "gone".to_string(),
                at(Kind::String, Some(Location::Query), Some("Query")),
            ),
        ]);
        let c = compare_binding(
            Route {
                method: Some("post"),
                path: Some("/openapi/instances/{InstanceId}"),
            },
            Route {
                method: Some("POST"),
                path: Some(" /openapi/instances/[InstanceId]"),
            },
            &spec,
            &oracle,
        );
        assert_eq!(
            c.method,
            Some(Check {
                spec: "POST".into(),
                oracle: "POST".into(),
                agree: true
            })
        );
        assert_eq!(c.path.as_ref().map(|p| p.agree), Some(true));
        assert_eq!(c.positions, Agreement { agree: 2, total: 4 });
        let listed: Vec<(&str, &str, &str)> = c
            .disagreements
            .iter()
            .map(|d| (d.name.as_str(), d.spec.as_str(), d.oracle.as_str()))
            .collect();
        assert_eq!(listed, [("loose", "-", "Query"), ("name", "query", "Body")]);
        assert!(c.disagreements.iter().all(|d| d.aspect == "position"));
        assert!(!c.is_clean());
        assert_eq!(c.method_agreement(), Agreement { agree: 1, total: 1 });
    }

    #[test]
    fn binding_disagreements_and_what_is_not_checked() {
        let none = BTreeMap::new();
        let c = compare_binding(
            Route {
                method: Some("GET"),
                path: Some("/openapi/instances/[InstanceId]/plugins"),
            },
            Route {
                method: Some("POST"),
                path: Some("/openapi/instances/[InstanceId]/plugins/actions/install"),
            },
            &none,
            &none,
        );
        let method = c.method.clone().unwrap();
        assert_eq!(
            (method.spec.as_str(), method.oracle.as_str(), method.agree),
            ("GET", "POST", false)
        );
        assert!(!c.path.as_ref().unwrap().agree);
        assert_eq!(c.path_agreement(), Agreement { agree: 0, total: 1 });

        // A spec with no path against an oracle path disagrees; `-` stands for the spec's value.
        let c = compare_binding(
            Route {
                method: Some("POST"),
                path: None,
            },
            Route {
                method: Some("POST"),
                path: Some("/a"),
            },
            &none,
            &none,
        );
        let path = c.path.clone().unwrap();
        assert_eq!((path.spec.as_str(), path.agree), ("-", false));

        // An RPC oracle gives a method and no path: the path is not checked.
        let c = compare_binding(
            Route {
                method: Some("POST"),
                path: None,
            },
            Route {
                method: Some("POST"),
                path: None,
            },
            &none,
            &none,
        );
        assert_eq!(c.path, None);
        assert_eq!(c.path_agreement(), Agreement::default());
        assert!(c.is_clean());
        // An oracle with neither checks nothing.
        let c = compare_binding(Route::default(), Route::default(), &none, &none);
        assert_eq!((c.method_agreement().total, c.positions.total), (0, 0));
    }

    #[test]
    fn agreements_add_up_and_serialise_with_their_share() {
        let mut a = Agreement::default();
        assert_eq!(a.share(), None);
        a.count(true);
        a.count(false);
        a.add(&Agreement { agree: 1, total: 1 });
        assert_eq!(a, Agreement { agree: 2, total: 3 });
        assert_eq!(
            serde_json::to_value(a).unwrap(),
            serde_json::json!({"agree": 2, "total": 3, "share": 0.6667})
        );
        assert_eq!(
            serde_json::to_value(Agreement::default()).unwrap()["share"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn payload_kind_agrees_with_the_whole_body_in_the_request_tally() {
        let payload = WireParam {
            kind: Kind::Json,
            location: Some(Location::Body),
            spelled: Some("body"),
            whole_body: true,
            one_value: false,
        };
        let whole = WireParam {
            kind: Kind::String,
            spelled: Some("Body"),
            ..payload
        };
        let spec = BTreeMap::from([("body".to_string(), payload)]);
        let oracle = BTreeMap::from([("body".to_string(), whole)]);
        let c = compare_request(&spec, &oracle, &TextIndex::new("body"));
        assert_eq!((c.tally.matched, c.tally.agree), (1, 1));
        assert!(c.disagreements.is_empty());
        // Pages write `RequestBody`, not `body`: the section spells the whole body.
        let c = compare_request(&spec, &oracle, &TextIndex::new("## RequestBody\n{}"));
        assert_eq!(c.tally.in_text, 1);
        let c = compare_request(&spec, &oracle, &TextIndex::new("## 请求参数"));
        assert_eq!(c.not_in_text, ["body"]);
        // Without the whole-body mark the same kinds disagree.
        let plain = BTreeMap::from([(
            "body".to_string(),
            WireParam {
                whole_body: false,
                ..whole
            },
        )]);
        let c = compare_request(&spec, &plain, &TextIndex::new("RequestBody"));
        assert_eq!((c.tally.matched, c.tally.agree, c.tally.in_text), (1, 0, 0));
    }

    #[test]
    fn words_are_ascii_runs_so_chinese_text_does_not_glue_to_names() {
        let text = TextIndex::new("参数Key的值，NodeGroupIds。");
        assert!(text.has_word("Key"));
        assert!(!text.has_word("NodeGroupId"));
        assert!(text.has_wire_name("Tag.1.Key") == text.has_word("Tag"));
        assert!(TextIndex::new("Tag Key").has_wire_name("Tag.N.Key"));
    }

    #[test]
    fn empty_tallies_have_no_ratios() {
        let t = Tally::default();
        assert_eq!(
            (
                t.precision(),
                t.judged_precision(),
                t.recall(),
                t.agreement(),
                t.ceiling()
            ),
            (None, None, None, None, None)
        );
        let mut sum = Tally {
            matched: 1,
            leaf_total: 1,
            ..Tally::default()
        };
        sum.add(&Tally {
            missing: 1,
            extra: 2,
            page_extra: 1,
            agree: 1,
            in_text: 2,
            matched: 3,
            leaf_total: 2,
            leaf_agree: 1,
        });
        assert_eq!(
            sum,
            Tally {
                matched: 4,
                missing: 1,
                extra: 2,
                page_extra: 1,
                agree: 1,
                in_text: 2,
                leaf_total: 3,
                leaf_agree: 1
            }
        );
        assert_eq!(sum.leaf_agreement(), Some(1.0 / 3.0));
        // 4 matched, 2 extras of which one is the page's word: 4/6 raw, 4/5 judged.
        assert_eq!(sum.precision(), Some(4.0 / 6.0));
        assert_eq!(sum.judged_precision(), Some(0.8));
    }

    #[test]
    fn judged_precision_leaves_out_only_the_extras_that_are_the_pages_word() {
        use super::super::causes::Cause;
        let mut side = SideComparison {
            tally: Tally {
                matched: 2,
                extra: 4,
                ..Tally::default()
            },
            extra: vec![
                "Documented".into(),
                "Shown".into(),
                "Misplaced".into(),
                "Unexplained".into(),
            ],
            ..SideComparison::default()
        };
        // Before the causes are known every extra counts: judged is the raw precision.
        assert_eq!(side.tally.judged_precision(), side.tally.precision());
        side.set_causes(BTreeMap::from([
            ("Documented".to_string(), Cause::UnknownToSdk),
            ("Shown".to_string(), Cause::ExampleShows),
            ("Misplaced".to_string(), Cause::Elsewhere),
            // A miss's cause does not touch the extras.
            ("Gone".to_string(), Cause::NotInText),
        ]));
        assert_eq!(side.tally.page_extra, 2);
        assert_eq!(side.tally.precision(), Some(2.0 / 6.0));
        // `Misplaced` and `Unexplained` (no cause) count against the reader.
        assert_eq!(side.tally.judged_precision(), Some(0.5));
        assert_eq!(side.causes.len(), 4);
        let json = serde_json::to_value(side.tally).unwrap();
        assert_eq!(
            (
                &json["page_extra"],
                &json["precision"],
                &json["judged_precision"]
            ),
            (
                &serde_json::json!(2),
                &serde_json::json!(0.3333),
                &serde_json::json!(0.5)
            )
        );
    }
}
