//! Names a translation lower-cased. English pages carry names such as `Domainname`,
//! `Childinstanceid` or `Totalcount` in their tables while their examples, copied from a real
//! call, keep `DomainName`. On a translated page, a table name that is capitalised with no
//! other capital takes the spelling of the one example name that equals it but for case and is
//! in camel case (`ChildInstanceId`, not `FLOW` or `IP`); any other difference is the page's
//! word and is left to the spec builder's checks. The pages written in the language the API
//! was designed in (Chinese) are not translations: their `Timestamp` beside an example's
//! `TimeStamp` is the page's word (and the SDKs'), so they are left as written.

use std::collections::BTreeSet;

use super::{Language, Page, Row};
use crate::diagnostics::{Diagnostics, Severity};

/// Restores lower-cased names of the request, body, response and type-table rows from the
/// names the page's examples spell, warning at each row changed.
pub fn restore(page: &mut Page, diags: &mut Diagnostics) {
    if page.language != Language::English {
        return;
    }
    let spelled = example_names(page);
    if spelled.is_empty() {
        return;
    }
    let mut changed: Vec<(usize, usize, String, String)> = Vec::new();
    let mut fix = |row: &mut Row| {
        // Dotted request names (`IspCityNode.N.CityCode`) are restored a segment at a time.
        let segments: Vec<String> = row
            .name
            .split('.')
            .map(|segment| {
                better_spelling(segment, &spelled).unwrap_or_else(|| segment.to_string())
            })
            .collect();
        let restored = segments.join(".");
        if restored != row.name {
            changed.push((
                row.name_at.0,
                row.name_at.1,
                row.name.clone(),
                restored.clone(),
            ));
            row.name = restored;
        }
    };
    page.request.iter_mut().for_each(&mut fix);
    page.body.iter_mut().for_each(&mut fix);
    page.response.iter_mut().for_each(&mut fix);
    page.type_tables
        .iter_mut()
        .flat_map(|t| t.rows.iter_mut())
        .for_each(&mut fix);
    for (line, column, from, to) in changed {
        diags.push(
            page.diagnostic(
                Severity::Warning,
                "name-case",
                line,
                column,
                format!("`{from}` is spelled `{to}` in the page's example; read as `{to}`"),
            )
            .expected_found(format!("`{to}`"), format!("`{from}`")),
        );
    }
}

/// The example's spelling of `name` when `name` looks lower-cased (no capital after its first
/// letter) and exactly one example name equals it but for case, with more capitals.
fn better_spelling(name: &str, spelled: &BTreeSet<String>) -> Option<String> {
    let capitalised = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && !name.chars().skip(1).any(|c| c.is_ascii_uppercase());
    if !capitalised {
        return None;
    }
    // A hump after the first letter: a capital followed by a small letter (`InstanceId`).
    let camel = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        chars
            .windows(2)
            .skip(1)
            .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_lowercase())
    };
    let mut twins = spelled
        .iter()
        .filter(|s| s.eq_ignore_ascii_case(name) && s.as_str() != name && camel(s));
    let twin = twins.next()?;
    twins.next().is_none().then(|| twin.clone())
}

/// Every name the page's examples spell: the request example's parameters (each segment of a
/// dotted name) and the keys of the response examples, JSON (`"Key":`) and XML (`<Key>`).
fn example_names(page: &Page) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if let Some(request) = &page.request_example {
        for (name, _) in &request.params {
            names.extend(name.split('.').map(str::to_string));
        }
    }
    let mut texts: Vec<&str> = page.responses.iter().map(|r| r.text.as_str()).collect();
    if let Some((body, _)) = &page.body_example {
        texts.push(body);
    }
    for text in texts {
        names.extend(keys_in(text));
    }
    names.retain(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    names
}

/// Identifiers written as JSON keys (`"Key":`) or XML opening tags (`<Key>`, `<Key attr>`).
fn keys_in(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (i, _) in text.match_indices('"') {
        let rest = text.get(i + 1..).unwrap_or_default();
        if let Some(end) = rest.find('"') {
            let after = rest.get(end + 1..).unwrap_or_default().trim_start();
            if after.starts_with(':') {
                keys.push(rest.get(..end).unwrap_or_default().to_string());
            }
        }
    }
    for (i, _) in text.match_indices('<') {
        let rest = text.get(i + 1..).unwrap_or_default();
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            keys.push(name);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_lower_cased_table_name_takes_the_examples_spelling() {
        // backbonenet DetachCenChildInstance (2019): `|Childinstanceid|String|Yes|…` in the
        // table, `&ChildInstanceId=vpc-…` in the request example.
        let spelled = set(&["Action", "ChildInstanceId", "CenId"]);
        assert_eq!(
            better_spelling("Childinstanceid", &spelled).as_deref(),
            Some("ChildInstanceId")
        );
        // smartag DescribeRegions: `Localname` in the table, `"LocalName":` in the example.
        assert_eq!(
            better_spelling("Localname", &set(&["LocalName", "RegionId"])).as_deref(),
            Some("LocalName")
        );
    }

    #[test]
    fn other_differences_are_left_alone() {
        // A name with capitals is the page's spelling, even when the example differs.
        assert_eq!(better_spelling("DiskIds", &set(&["diskIds"])), None);
        // A plain one-word name the example spells alike.
        assert_eq!(better_spelling("Name", &set(&["Name"])), None);
        // Capitals that are no camel case (cdn `Flow` / `FLOW`, eip `Ip` / `IP`).
        assert_eq!(better_spelling("Flow", &set(&["FLOW"])), None);
        assert_eq!(better_spelling("Ip", &set(&["IP"])), None);
        // A name in lower camel case is the SDK's own (`result`, `diskIds`).
        assert_eq!(better_spelling("result", &set(&["Result"])), None);
        // Two candidate spellings: no way to choose.
        assert_eq!(
            better_spelling("Ipaddress", &set(&["IpAddress", "IPAddress"])),
            None
        );
    }

    #[test]
    fn example_keys_are_found_in_json_and_xml() {
        let keys =
            keys_in("{\"RequestId\": \"x\", \"Regions\": {\"Region\": [{\"LocalName\": \"a\"}]}}");
        assert_eq!(keys, ["RequestId", "Regions", "Region", "LocalName"]);
        let keys = keys_in(
            "<DescribeRegionsResponse><TotalCount>1</TotalCount></DescribeRegionsResponse>",
        );
        assert_eq!(keys, ["DescribeRegionsResponse", "TotalCount"]);
    }
}
