//! Why a name is a miss. Sorting the differences by cause separates what the reader gets wrong
//! from where the page and the SDK disagree, so the figures say which misses a reader change
//! could still win.
//!
//! The causes are decided from the two sides' names alone, plus the page's own JSON example for
//! response paths; they are evidence, not proof (a name the SDK lacks may still be placed wrong),
//! and each is worded that way in the report.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::flatten::{is_index_segment, path_names};
use super::metrics::SideComparison;

/// Why a name is on one side and not the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// Missing: the page text does not have the name at all; no reader can find it.
    NotInText,
    /// Extra: the page's own JSON example shows this path, so the service returns it; the SDK's
    /// model does not declare it.
    ExampleShows,
    /// The same names with one list-wrapper level more or less than the SDK's
    /// (`Rules[].RuleId` against `Rules.Rule[].RuleId`): the page shows no wrapper (or one the
    /// SDK does not have).
    ListWrapper,
    /// Extra: the SDK has no member of this name anywhere in the same side: a field (or
    /// parameter) the page documents and the SDK does not.
    UnknownToSdk,
    /// The other side has the same name at another path: nesting differs. A reader error, or
    /// the page's own nesting differing from the SDK's.
    Elsewhere,
    /// Missing: the page names it, but the spec has no member of that name anywhere.
    NotRead,
    /// The page types the member as one JSON text (`AccountIds`, `Json`, its example a JSON
    /// array) and the SDK declares the structure that text holds (`AccountIds.N`): the same
    /// value seen from two sides, not a misread.
    JsonText,
}

impl Cause {
    /// Every cause, in report order.
    pub const ALL: [Cause; 7] = [
        Cause::NotInText,
        Cause::ExampleShows,
        Cause::JsonText,
        Cause::ListWrapper,
        Cause::UnknownToSdk,
        Cause::Elsewhere,
        Cause::NotRead,
    ];

    /// Whether a name of this cause counts against the reader: true when the reader had the
    /// page's word for it and read it wrong (or not at all), false when the difference is the
    /// page's word against the SDK's. Judged precision
    /// ([`Tally::judged_precision`](super::metrics::Tally::judged_precision)) leaves the extras
    /// of a cause that is no reader fault out of its denominator; this is the one place that
    /// decides which those are.
    ///
    /// - [`NotInText`](Cause::NotInText): no fault. The page never writes the name, so no
    ///   reader can give it (only ever a miss).
    /// - [`ExampleShows`](Cause::ExampleShows): no fault. The page's own JSON example returns
    ///   the path; the page documents it and the SDK's model lacks it.
    /// - [`ListWrapper`](Cause::ListWrapper): fault. The names agree and only a list level
    ///   differs, which is how the reader builds the list (a wrapper derived or not), so it
    ///   counts, even where the page shows no wrapper.
    /// - [`UnknownToSdk`](Cause::UnknownToSdk): no fault. The SDK has no member of that name
    ///   anywhere on the side: the page documents a member the SDK does not have.
    /// - [`Elsewhere`](Cause::Elsewhere): fault. The SDK has the name at another path, so the
    ///   reader most likely put the member at the wrong place (nesting misread).
    /// - [`NotRead`](Cause::NotRead): fault. The page names it and the spec has no member of
    ///   that name (only ever a miss).
    /// - [`JsonText`](Cause::JsonText): no fault. The page says the value is JSON text; the
    ///   SDK's names are the members inside it.
    pub fn is_reader_fault(self) -> bool {
        match self {
            Cause::NotInText | Cause::ExampleShows | Cause::UnknownToSdk | Cause::JsonText => false,
            Cause::ListWrapper | Cause::Elsewhere | Cause::NotRead => true,
        }
    }

    /// The short label used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Cause::NotInText => "not-in-text",
            Cause::ExampleShows => "example-shows",
            Cause::ListWrapper => "list-wrapper",
            Cause::UnknownToSdk => "unknown-to-sdk",
            Cause::Elsewhere => "elsewhere",
            Cause::NotRead => "not-read",
            Cause::JsonText => "json-text",
        }
    }
}

/// The names of one side, indexed for the questions [`explain_extra`] and [`explain_missing`]
/// ask: which last names it has, and which name chains with one level deleted.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    chains: BTreeSet<String>,
    shortened: BTreeSet<String>,
    last_names: BTreeSet<String>,
}

impl NameIndex {
    /// Indexes response paths (`Data.List[].Id`) or request wire names (`Tag.N.Key`).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a String>) -> Self {
        let mut index = NameIndex::default();
        for name in names {
            let chain = chain(name);
            if let Some(last) = chain.last() {
                index.last_names.insert((*last).to_string());
            }
            for shorter in one_level_less(&chain) {
                index.shortened.insert(shorter);
            }
            index.chains.insert(chain.join("."));
        }
        index
    }
}

/// The names of a path with index and array marks dropped: `Tag.N.Key` → `Tag`, `Key`.
fn chain(name: &str) -> Vec<&str> {
    path_names(name)
        .enumerate()
        .filter(|(i, segment)| !(*i > 0 && is_index_segment(segment)))
        .map(|(_, segment)| segment)
        .collect()
}

/// The chain with each one of its inner levels deleted in turn (the last name is kept).
fn one_level_less(chain: &[&str]) -> Vec<String> {
    (0..chain.len().saturating_sub(1))
        .map(|skip| {
            chain
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect()
}

/// True when the two sides differ in one wrapper level on this name.
fn wrapper_differs(name: &str, other: &NameIndex) -> bool {
    let chain = chain(name);
    other.shortened.contains(&chain.join("."))
        || one_level_less(&chain)
            .iter()
            .any(|shorter| other.chains.contains(shorter))
}

/// Why the spec has `name` and the oracle does not. `example` holds the paths the page's JSON
/// example shows (see [`example_paths`]); empty for request names.
pub fn explain_extra(name: &str, oracle: &NameIndex, example: &BTreeSet<String>) -> Cause {
    let last = chain(name)
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default();
    if example.contains(&name.to_ascii_lowercase()) {
        Cause::ExampleShows
    } else if wrapper_differs(name, oracle) {
        Cause::ListWrapper
    } else if oracle.last_names.contains(&last) {
        Cause::Elsewhere
    } else {
        Cause::UnknownToSdk
    }
}

/// Why the oracle has `name` and the spec does not; `in_text` says whether the page has every
/// name on it.
pub fn explain_missing(name: &str, in_text: bool, spec: &NameIndex) -> Cause {
    let last = chain(name)
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default();
    if !in_text {
        Cause::NotInText
    } else if wrapper_differs(name, spec) {
        Cause::ListWrapper
    } else if spec.last_names.contains(&last) {
        Cause::Elsewhere
    } else {
        Cause::NotRead
    }
}

/// The paths a JSON response example shows, in the response-path form (`Data.List[].Id`),
/// lower-cased (examples and tables differ in case at times). Text that is not JSON shows none.
pub fn example_paths(json: Option<&str>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(value) = json.and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok()) {
        walk("", &value, &mut out);
    }
    out
}

fn walk(path: &str, value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(members) => {
            for (key, member) in members {
                let key = key.to_ascii_lowercase();
                let inner = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                out.insert(inner.clone());
                walk(&inner, member, out);
            }
        }
        serde_json::Value::Array(items) => {
            let inner = format!("{path}[]");
            out.insert(inner.clone());
            // Every item, since examples vary the members between items.
            for item in items {
                walk(&inner, item, out);
            }
        }
        _ => {}
    }
}

/// Sorts every missing and extra name of one side by cause. `spec` and `oracle` are the two
/// sides' names; `example` the page example's paths (empty for requests).
pub fn explain<'a>(
    side: &SideComparison,
    spec: impl IntoIterator<Item = &'a String>,
    oracle: impl IntoIterator<Item = &'a String>,
    example: &BTreeSet<String>,
) -> BTreeMap<String, Cause> {
    let spec = NameIndex::new(spec);
    let oracle = NameIndex::new(oracle);
    let missing = side.missing.iter().map(|name| {
        let in_text = !side.not_in_text.contains(name);
        (name.clone(), explain_missing(name, in_text, &spec))
    });
    let extra = side
        .extra
        .iter()
        .map(|name| (name.clone(), explain_extra(name, &oracle, example)));
    missing.chain(extra).collect()
}

/// Re-sorts the names that differ only because the spec keeps a member as JSON text
/// (`json_members`, the spec's names of JSON type) while the SDK declares what the text holds:
/// the spec's extra `AccountIds` when the oracle has names under it, and the oracle's missing
/// `AccountIds.N` under a JSON member of the spec.
pub fn json_text(causes: &mut BTreeMap<String, Cause>, json_members: &BTreeSet<String>) {
    let under_json = |name: &str| {
        json_members.iter().any(|json| {
            name.len() > json.len()
                && name.starts_with(json.as_str())
                && name.as_bytes()[json.len()] == b'.'
        })
    };
    let extras_with_inner: BTreeSet<String> = json_members
        .iter()
        .filter(|json| {
            causes
                .keys()
                .any(|name| name.starts_with(&format!("{json}.")))
        })
        .cloned()
        .collect();
    for (name, cause) in causes.iter_mut() {
        if under_json(name) || extras_with_inner.contains(name) {
            *cause = Cause::JsonText;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[&str]) -> NameIndex {
        let owned: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        NameIndex::new(owned.iter())
    }

    #[test]
    fn extra_names_are_sorted_by_cause() {
        let oracle = index(&[
            "Rules.Rule[].RuleId",
            "Rules.Rule[].Domain",
            "VServerGroupId",
        ]);
        let example = example_paths(Some(r#"{"Shown": 1, "List": [{"Id": 1}, {"Name": "a"}]}"#));
        assert_eq!(
            explain_extra("Shown", &oracle, &example),
            Cause::ExampleShows
        );
        assert_eq!(
            explain_extra("List[].Name", &oracle, &example),
            Cause::ExampleShows
        );
        assert_eq!(
            explain_extra("Rules[].RuleId", &oracle, &example),
            Cause::ListWrapper
        );
        assert_eq!(explain_extra("Domain", &oracle, &example), Cause::Elsewhere);
        assert_eq!(explain_extra("Url", &oracle, &example), Cause::UnknownToSdk);
    }

    #[test]
    fn missing_names_are_sorted_by_cause() {
        let spec = index(&["Rules[].RuleId", "Domain", "Tag.N.Key"]);
        assert_eq!(explain_missing("RegionId", false, &spec), Cause::NotInText);
        assert_eq!(
            explain_missing("Rules.Rule[].RuleId", true, &spec),
            Cause::ListWrapper
        );
        assert_eq!(
            explain_missing("Rules.Rule[].Domain", true, &spec),
            Cause::Elsewhere
        );
        assert_eq!(explain_missing("Tags.N.Value", true, &spec), Cause::NotRead);
    }

    #[test]
    fn json_text_against_the_structure_inside_it_is_the_page_s_word() {
        let mut causes = BTreeMap::from([
            ("AccountIds".to_string(), Cause::ListWrapper),
            ("AccountIds.N".to_string(), Cause::Elsewhere),
            ("RegionIds".to_string(), Cause::Elsewhere),
            ("Other".to_string(), Cause::UnknownToSdk),
            ("Tag.N.Key".to_string(), Cause::NotRead),
        ]);
        let json = BTreeSet::from(["AccountIds".to_string(), "Config".to_string()]);
        json_text(&mut causes, &json);
        assert_eq!(causes["AccountIds"], Cause::JsonText);
        assert_eq!(causes["AccountIds.N"], Cause::JsonText);
        // Not JSON in the spec, or no SDK name under it: unchanged.
        assert_eq!(causes["RegionIds"], Cause::Elsewhere);
        assert_eq!(causes["Other"], Cause::UnknownToSdk);
        assert_eq!(causes["Tag.N.Key"], Cause::NotRead);
        assert!(!Cause::JsonText.is_reader_fault());
    }

    #[test]
    fn a_wrapper_the_spec_has_and_the_sdk_lacks_is_a_wrapper_difference() {
        let oracle = index(&["Items[].Id"]);
        assert_eq!(
            explain_extra("Items.Item[].Id", &oracle, &BTreeSet::new()),
            Cause::ListWrapper
        );
    }

    #[test]
    fn only_a_misread_page_is_the_readers_fault() {
        let faults: Vec<&str> = Cause::ALL
            .iter()
            .filter(|c| c.is_reader_fault())
            .map(|c| c.label())
            .collect();
        assert_eq!(faults, ["list-wrapper", "elsewhere", "not-read"]);
    }

    #[test]
    fn text_that_is_not_json_shows_no_path() {
        assert!(example_paths(Some("<xml/>")).is_empty());
        assert!(example_paths(None).is_empty());
    }
}
