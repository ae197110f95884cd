//! Counting: precision, recall, kind and array agreement, and the ceiling.
//!
//! Agreement is counted over the names both sides have: for a request wire name, whether the
//! kinds agree; for a response path, whether both or neither is an array (`agree`), and, where
//! either side is a leaf, whether the leaf kinds agree (`leaf_agree` of `leaf_total`).
//!
//! Precision is the share of the spec's names that the oracle also has; recall the share of
//! the oracle's names that the spec also has. Both are counted over names (micro-averaged), so
//! an API with many parameters weighs more than one with few.
//!
//! The ceiling is the share of the oracle's names that the page could give at all: a request
//! wire name counts when every one of its name segments (`Tag`, `Key` of `Tag.N.Key`) occurs as
//! a word of the page text, a response path when every name on it does. A parser cannot be
//! expected to recover a name the page never writes, so recall is read against the ceiling.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::flatten::{is_index_segment, kinds_agree, path_names, PathInfo};
use super::oracle::Kind;

/// Counts for one side (request or response) of one API or of many added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Names in both the spec and the oracle.
    pub matched: usize,
    /// Names in the oracle only.
    pub missing: usize,
    /// Names in the spec only.
    pub extra: usize,
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
        let mut s = serializer.serialize_struct("Tally", 12)?;
        s.serialize_field("matched", &self.matched)?;
        s.serialize_field("missing", &self.missing)?;
        s.serialize_field("extra", &self.extra)?;
        s.serialize_field("agree", &self.agree)?;
        s.serialize_field("in_text", &self.in_text)?;
        s.serialize_field("leaf_total", &self.leaf_total)?;
        s.serialize_field("leaf_agree", &self.leaf_agree)?;
        s.serialize_field("precision", &rounded(self.precision()))?;
        s.serialize_field("recall", &rounded(self.recall()))?;
        s.serialize_field("agreement", &rounded(self.agreement()))?;
        s.serialize_field("ceiling", &rounded(self.ceiling()))?;
        s.serialize_field("leaf_agreement", &rounded(self.leaf_agreement()))?;
        s.end()
    }
}

/// A name both sides have, on which they disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    /// Wire name or response path.
    pub name: String,
    /// What differs: `kind` (request kind or response leaf kind) or `array`.
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

/// Compares request wire names (both sides normalised).
pub fn compare_request(
    spec: &BTreeMap<String, Kind>,
    oracle: &BTreeMap<String, Kind>,
    text: &TextIndex,
) -> SideComparison {
    compare(
        spec,
        oracle,
        |name| text.has_wire_name(name),
        |name, s, o, out| {
            if kinds_agree(name, *s, *o) {
                out.tally.agree += 1;
            } else {
                out.disagreements.push(Disagreement {
                    name: name.to_string(),
                    aspect: "kind",
                    spec: s.to_string(),
                    oracle: o.to_string(),
                });
            }
        },
    )
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

    fn kinds(items: &[(&str, Kind)]) -> BTreeMap<String, Kind> {
        items.iter().map(|(n, k)| (n.to_string(), *k)).collect()
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
            (t.precision(), t.recall(), t.agreement(), t.ceiling()),
            (None, None, None, None)
        );
        let mut sum = Tally {
            matched: 1,
            leaf_total: 1,
            ..Tally::default()
        };
        sum.add(&Tally {
            missing: 1,
            extra: 2,
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
                agree: 1,
                in_text: 2,
                leaf_total: 3,
                leaf_agree: 1
            }
        );
        assert_eq!(sum.leaf_agreement(), Some(1.0 / 3.0));
    }
}
