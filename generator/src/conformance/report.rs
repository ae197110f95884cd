//! Rendering a [`Measurement`]: a text table per product and in total, a list of misses, and
//! deterministic JSON (keys in a fixed order, APIs sorted, shares rounded to four decimals).

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::causes::Cause;
use super::metrics::{Agreement, BindingComparison, SideComparison, Tally};
use super::{ApiResult, Measurement, Status, Summary};

/// A share as `0.973`, or `-` when there was nothing to count.
fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

/// The table of figures: one row per product folder and a total row.
///
/// Request columns count flattened wire names, response columns count paths, both over the
/// compared APIs only; `ceil` is the share of oracle names the page text contains at all;
/// `judged`, beside `prec`, is precision with the extras that are the page's word left out
/// ([`Tally::judged_precision`]). The last three columns are the HTTP binding: method, path
/// template and parameter positions, each the share that agrees where the oracle gives one.
pub fn table(measurement: &Measurement) -> String {
    let mut out = String::new();
    let header = format!(
        "{:<13} {:>5} {:>5} {:>5} {:>5} | {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} | {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6}",
        "product",
        "cmp",
        "o-ver",
        "no-or",
        "no-sp",
        "req",
        "prec",
        "judged",
        "recall",
        "ceil",
        "kind",
        "resp",
        "prec",
        "judged",
        "recall",
        "ceil",
        "array",
        "kind",
        "method",
        "path",
        "pos"
    );
    let rule = "-".repeat(header.chars().count());
    let _ = writeln!(out, "{header}");
    let _ = writeln!(out, "{rule}");
    for (folder, summary) in measurement.by_product() {
        let _ = writeln!(out, "{}", row(&folder, &summary));
    }
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(out, "{}", row("total", &measurement.total()));
    let labels = |fault: bool| {
        Cause::ALL
            .iter()
            .filter(|c| c.is_reader_fault() == fault)
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = write!(
        out,
        "cmp: APIs compared; o-ver: skipped, no spec of the oracle's version; no-or: not in the oracle;\n\
         no-sp: in the oracle, no spec read. req/resp: oracle wire names / response paths of compared APIs;\n\
         ceil: share of those the page text names at all (recall is read against it); kind/array: agreement\n\
         on names both sides have (response kind: over paths where either side is a value, not a struct).\n\
         prec: share of the spec's names the oracle has; judged: the same with only the extras that are the\n\
         reader's fault counted ({}), not those that are the page's word\n\
         ({}; see --misses for each extra's cause).\n\
         method/path/pos: share of compared APIs whose HTTP method / path template agrees, and of request\n\
         names both sides have whose position agrees, where the oracle gives them (`-`: it gives none).\n",
        labels(true),
        labels(false)
    );
    out
}

fn row(label: &str, s: &Summary) -> String {
    format!(
        "{:<13} {:>5} {:>5} {:>5} {:>5} | {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} | {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6}",
        label,
        s.compared,
        s.version_mismatch,
        s.not_in_oracle,
        s.no_spec,
        s.request.oracle_total(),
        share(s.request.precision()),
        share(s.request.judged_precision()),
        share(s.request.recall()),
        share(s.request.ceiling()),
        share(s.request.agreement()),
        s.response.oracle_total(),
        share(s.response.precision()),
        share(s.response.judged_precision()),
        share(s.response.recall()),
        share(s.response.ceiling()),
        share(s.response.agreement()),
        share(s.response.leaf_agreement()),
        share(s.method.share()),
        share(s.path.share()),
        share(s.position.share()),
    )
}

/// The misses of compared APIs counted by cause ([`Cause`]), per product, side and direction.
pub fn causes(measurement: &Measurement) -> String {
    let mut counts: BTreeMap<(String, &str, &str), BTreeMap<Cause, usize>> = BTreeMap::new();
    for api in measurement
        .apis
        .iter()
        .filter(|a| a.status == Status::Compared)
    {
        for (side_name, side) in [("request", &api.request), ("response", &api.response)] {
            let Some(side) = side else { continue };
            for (direction, names) in [("missing", &side.missing), ("extra", &side.extra)] {
                for name in names {
                    if let Some(&cause) = side.causes.get(name) {
                        *counts
                            .entry((api.folder.clone(), side_name, direction))
                            .or_default()
                            .entry(cause)
                            .or_default() += 1;
                    }
                }
            }
        }
    }
    let mut out = String::new();
    let _ = write!(out, "misses by cause\n{:<13} {:<17}", "product", "side");
    for cause in Cause::ALL {
        let _ = write!(out, " {:>14}", cause.label());
    }
    out.push('\n');
    for ((folder, side_name, direction), by_cause) in &counts {
        let _ = write!(
            out,
            "{folder:<13} {:<17}",
            format!("{side_name} {direction}")
        );
        for cause in Cause::ALL {
            match by_cause.get(&cause) {
                Some(n) => {
                    let _ = write!(out, " {n:>14}");
                }
                None => {
                    let _ = write!(out, " {:>14}", "-");
                }
            }
        }
        out.push('\n');
    }
    out.push_str(
        "not-in-text: the page never names it; example-shows: the page's JSON example has the path \
         (the SDK lacks it); list-wrapper: one list-wrapper level differs; unknown-to-sdk: the SDK \
         has no member of that name; elsewhere: the other side has the name at another path; \
         not-read: the page names it, the spec has no member of that name.\n\n",
    );
    out
}

/// Every miss, API by API: missing and extra names, kind and array disagreements, the HTTP method,
/// path template and parameter positions where they differ from the oracle's, then the APIs that
/// were not compared and why. A name marked `*` does not occur in the page text.
pub fn misses(measurement: &Measurement) -> String {
    let mut out = causes(measurement);
    let _ = writeln!(
        out,
        "misses of compared APIs (* = the name does not occur in the page text):"
    );
    let mut clean = 0;
    for api in measurement
        .apis
        .iter()
        .filter(|a| a.status == Status::Compared)
    {
        let mut lines = Vec::new();
        if let Some(binding) = &api.binding {
            route_lines(binding, &mut lines);
        }
        if let Some(side) = &api.request {
            side_lines("request", side, &mut lines);
        }
        if let Some(binding) = &api.binding {
            position_lines(binding, &mut lines);
        }
        if let Some(side) = &api.response {
            side_lines("response", side, &mut lines);
        }
        if lines.is_empty() {
            clean += 1;
            continue;
        }
        let version = api.oracle_version.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "{}/{} {} ({})",
            api.folder,
            api.name,
            version,
            api.page.as_deref().unwrap_or("?")
        );
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out, "{clean} compared APIs have no miss.");
    let _ = writeln!(out, "not compared:");
    for api in measurement
        .apis
        .iter()
        .filter(|a| a.status != Status::Compared)
    {
        let _ = writeln!(out, "  {}/{}: {}", api.folder, api.name, why_not(api));
    }
    out
}

fn why_not(api: &ApiResult) -> String {
    match api.status {
        Status::Compared => "compared".into(),
        Status::VersionMismatch => format!(
            "version mismatch (spec {}, oracle {})",
            api.spec_versions.join(", "),
            api.oracle_version.as_deref().unwrap_or("?")
        ),
        Status::NotInOracle => format!(
            "not in the oracle (spec {}, page {})",
            api.spec_versions.join(", "),
            api.page.as_deref().unwrap_or("?")
        ),
        Status::NoSpec if api.unread_pages.is_empty() => "no spec read, no page found".into(),
        Status::NoSpec if api.read_as.is_empty() => {
            format!("no spec read from {}", api.unread_pages.join(", "))
        }
        Status::NoSpec => format!(
            "its pages were read as {} ({})",
            api.read_as
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            api.unread_pages.join(", ")
        ),
    }
}

fn side_lines(side_name: &str, side: &SideComparison, lines: &mut Vec<String>) {
    let marked = |names: &[String]| {
        names
            .iter()
            .map(|n| {
                if side.not_in_text.contains(n) {
                    format!("{n}*")
                } else {
                    n.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (direction, names) in [("missing", &side.missing), ("extra", &side.extra)] {
        if names.is_empty() {
            continue;
        }
        let listed = if side.causes.is_empty() {
            marked(names)
        } else {
            // Grouped by cause, in the causes' order, so a reader error stands out.
            Cause::ALL
                .iter()
                .filter_map(|&cause| {
                    let of: Vec<String> = names
                        .iter()
                        .filter(|n| side.causes.get(*n) == Some(&cause))
                        .cloned()
                        .collect();
                    (!of.is_empty()).then(|| format!("[{}] {}", cause.label(), marked(&of)))
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        lines.push(format!(
            "{side_name} {direction} ({}): {listed}",
            names.len()
        ));
    }
    for aspect in ["kind", "array"] {
        let listed: Vec<String> = side
            .disagreements
            .iter()
            .filter(|d| d.aspect == aspect)
            .map(|d| format!("{} (spec {}, oracle {})", d.name, d.spec, d.oracle))
            .collect();
        if !listed.is_empty() {
            lines.push(format!(
                "{side_name} {aspect} ({}): {}",
                listed.len(),
                listed.join(", ")
            ));
        }
    }
}

/// The method and path template, where they differ from the oracle's.
fn route_lines(binding: &BindingComparison, lines: &mut Vec<String>) {
    for (what, check) in [("method", &binding.method), ("path", &binding.path)] {
        if let Some(check) = check.as_ref().filter(|c| !c.agree) {
            lines.push(format!(
                "{what} (spec {}, oracle {})",
                check.spec, check.oracle
            ));
        }
    }
}

/// The request names whose positions differ from the oracle's.
fn position_lines(binding: &BindingComparison, lines: &mut Vec<String>) {
    if !binding.disagreements.is_empty() {
        let listed: Vec<String> = binding
            .disagreements
            .iter()
            .map(|d| format!("{} (spec {}, oracle {})", d.name, d.spec, d.oracle))
            .collect();
        lines.push(format!(
            "request position ({}): {}",
            listed.len(),
            listed.join(", ")
        ));
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    total: Summary,
    products: BTreeMap<String, Summary>,
    apis: &'a [ApiResult],
}

/// The measurement as pretty-printed JSON: `{total, products, apis}`, each API with its status,
/// versions, page, and per side its counts, shares and the names missed.
pub fn json(measurement: &Measurement) -> String {
    let report = JsonReport {
        total: measurement.total(),
        products: measurement.by_product(),
        apis: &measurement.apis,
    };
    let mut text =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// One line of figures for a tally, for logs: `precision 1.000, recall 0.950 (ceiling 0.980), agreement 1.000`.
pub fn tally_line(tally: &Tally) -> String {
    format!(
        "precision {}, recall {} (ceiling {}), agreement {}",
        share(tally.precision()),
        share(tally.recall()),
        share(tally.ceiling()),
        share(tally.agreement())
    )
}

/// One line of HTTP binding figures, for logs:
/// `method 1.000 (167/167), path 1.000 (167/167), position 0.987 (463/469)`.
pub fn binding_line(summary: &Summary) -> String {
    let part = |name: &str, a: &Agreement| {
        format!("{name} {} ({}/{})", share(a.share()), a.agree, a.total)
    };
    format!(
        "{}, {}, {}",
        part("method", &summary.method),
        part("path", &summary.path),
        part("position", &summary.position)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conformance::metrics::{Check, Disagreement};

    fn sample() -> Measurement {
        let request = SideComparison {
            tally: Tally {
                matched: 1,
                missing: 1,
                extra: 0,
                agree: 0,
                in_text: 1,
                ..Tally::default()
            },
            missing: vec!["Tag.N.Key".into()],
            extra: vec![],
            disagreements: vec![Disagreement {
                name: "Limit".into(),
                aspect: "kind",
                spec: "string".into(),
                oracle: "integer".into(),
            }],
            not_in_text: vec!["Tag.N.Key".into()],
            causes: [("Tag.N.Key".to_string(), Cause::NotInText)]
                .into_iter()
                .collect(),
        };
        let response = SideComparison {
            tally: Tally {
                matched: 2,
                missing: 0,
                extra: 1,
                page_extra: 0,
                agree: 2,
                in_text: 2,
                leaf_total: 1,
                leaf_agree: 0,
            },
            extra: vec!["Data.Extra".into()],
            ..SideComparison::default()
        };
        Measurement {
            apis: vec![
                ApiResult {
                    folder: "linkwan".into(),
                    name: "GetA".into(),
                    status: Status::Compared,
                    spec_versions: vec!["2019-03-01".into()],
                    oracle_version: Some("2019-03-01".into()),
                    oracle_source: Some("alibabacloud-go-sdk".into()),
                    page: Some("linkwan/GetA/2021-01-01_ab.md".into()),
                    unread_pages: vec![],
                    read_as: vec![],
                    request: Some(request),
                    response: Some(response),
                    binding: Some(BindingComparison {
                        method: Some(Check {
                            spec: "GET".into(),
                            oracle: "POST".into(),
                            agree: false,
                        }),
                        path: Some(Check {
                            spec: "/a/[Id]".into(),
                            oracle: "/a/[Id]".into(),
                            agree: true,
                        }),
                        positions: Agreement { agree: 3, total: 4 },
                        disagreements: vec![Disagreement {
                            name: "Size".into(),
                            aspect: "position",
                            spec: "query".into(),
                            oracle: "Body".into(),
                        }],
                    }),
                },
                ApiResult {
                    folder: "linkwan".into(),
                    name: "GetB".into(),
                    status: Status::VersionMismatch,
                    spec_versions: vec!["2018-12-30".into()],
                    oracle_version: Some("2019-03-01".into()),
                    oracle_source: None,
                    page: Some("linkwan/GetB/2019-09-12_cd.md".into()),
                    unread_pages: vec![],
                    read_as: vec![],
                    request: None,
                    response: None,
                    binding: None,
                },
            ],
        }
    }

    #[test]
    fn table_has_a_row_per_product_and_a_total() {
        let text = table(&sample());
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("linkwan") || l.starts_with("total"))
            .collect();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].contains("0.500"), "{text}");
        assert_eq!(rows[0].replace("linkwan", "total  "), rows[1]);
        assert!(
            text.lines()
                .next()
                .unwrap()
                .ends_with("| method   path    pos"),
            "{text}"
        );
        assert!(rows[0].ends_with("|  0.000  1.000  0.750"), "{text}");
        // Judged precision beside precision on both sides. The response's one extra has no
        // cause recorded, so it counts against the reader: judged equals raw.
        assert!(
            text.lines().next().unwrap().contains(
                "|   req   prec judged recall   ceil   kind |  resp   prec judged recall   ceil  array   kind |"
            ),
            "{text}"
        );
        assert_eq!(
            rows[0],
            "linkwan           1     1     0     0 |     2  1.000  1.000  0.500  0.500  0.000 \
             |     2  0.667  0.667  1.000  1.000  1.000  0.000 |  0.000  1.000  0.750"
        );
        assert!(
            text.contains("reader's fault counted (list-wrapper, elsewhere, not-read), not those that are the page's word\n(not-in-text, example-shows, json-text, unknown-to-sdk;"),
            "{text}"
        );
    }

    #[test]
    fn an_extra_the_page_documents_leaves_judged_precision_whole() {
        let judged = |cause: Cause| {
            let mut m = sample();
            let response = m.apis[0].response.as_mut().unwrap();
            response.set_causes(BTreeMap::from([("Data.Extra".to_string(), cause)]));
            let text = table(&m);
            let row = text.lines().find(|l| l.starts_with("total")).unwrap();
            let response_side = row.split('|').nth(2).unwrap().to_string();
            let value: serde_json::Value = serde_json::from_str(&json(&m)).unwrap();
            (
                response_side,
                value["total"]["response"]["judged_precision"].clone(),
            )
        };
        // Raw precision 2/3 either way; judged 1 when the page documents the extra.
        for cause in [Cause::UnknownToSdk, Cause::ExampleShows] {
            assert_eq!(
                judged(cause),
                (
                    "     2  0.667  1.000  1.000  1.000  1.000  0.000 ".to_string(),
                    serde_json::json!(1.0)
                ),
                "{cause:?}"
            );
        }
        for cause in [Cause::Elsewhere, Cause::ListWrapper] {
            assert_eq!(
                judged(cause),
                (
                    "     2  0.667  0.667  1.000  1.000  1.000  0.000 ".to_string(),
                    serde_json::json!(0.6667)
                ),
                "{cause:?}"
            );
        }
    }

    #[test]
    fn misses_list_names_marks_and_reasons() {
        let text = misses(&sample());
        // Grouped by cause where the causes are known, as listed otherwise.
        assert!(
            text.contains("request missing (1): [not-in-text] Tag.N.Key*"),
            "{text}"
        );
        assert!(
            text.contains("misses by cause\n") && text.contains("request missing  "),
            "{text}"
        );
        assert!(
            text.contains("request kind (1): Limit (spec string, oracle integer)"),
            "{text}"
        );
        assert!(text.contains("response extra (1): Data.Extra"), "{text}");
        assert!(
            text.contains("  method (spec GET, oracle POST)\n"),
            "{text}"
        );
        assert!(!text.contains("  path ("), "{text}");
        assert!(
            text.contains("request position (1): Size (spec query, oracle Body)"),
            "{text}"
        );
        // The route first, positions after the request names, the response last.
        let listing = &text[text.find("misses of compared APIs").unwrap()..];
        let order: Vec<usize> = [
            "method (",
            "request missing",
            "request position",
            "response extra",
        ]
        .iter()
        .map(|l| listing.find(l).unwrap())
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert!(
            text.contains("linkwan/GetB: version mismatch (spec 2018-12-30, oracle 2019-03-01)"),
            "{text}"
        );
    }

    #[test]
    fn json_is_deterministic_and_carries_shares() {
        let a = json(&sample());
        assert_eq!(a, json(&sample()));
        let value: serde_json::Value = serde_json::from_str(&a).unwrap();
        assert_eq!(value["total"]["request"]["recall"], serde_json::json!(0.5));
        // Raw and judged precision side by side, with the count of extras left out of judged.
        assert_eq!(
            (
                &value["total"]["response"]["precision"],
                &value["total"]["response"]["judged_precision"],
                &value["products"]["linkwan"]["response"]["page_extra"],
                &value["total"]["request"]["judged_precision"]
            ),
            (
                &serde_json::json!(0.6667),
                &serde_json::json!(0.6667),
                &serde_json::json!(0),
                &serde_json::json!(1.0)
            )
        );
        assert_eq!(value["apis"][1]["status"], "version-mismatch");
        assert_eq!(value["products"]["linkwan"]["compared"], 1);
        assert_eq!(
            value["total"]["position"],
            serde_json::json!({"agree": 3, "total": 4, "share": 0.75})
        );
        assert_eq!(value["total"]["method"]["share"], serde_json::json!(0.0));
        assert_eq!(
            binding_line(&sample().total()),
            "method 0.000 (0/1), path 1.000 (1/1), position 0.750 (3/4)"
        );
        assert_eq!(value["apis"][0]["binding"]["path"]["agree"], true);
        assert!(value["apis"][1].get("binding").is_none());
    }
}
