//! Documented value sets over the page corpus (the directory named by `APIGEN_CORPUS`): how many
//! request parameters and response fields get a set, per product, over the newest revision of
//! each API as codegen keeps it. Unset, the test says it skipped and passes.
//!
//! It fails when a product's count leaves the band measured when the reader was last reviewed
//! (docs/CONFORMANCE.md, "Value sets": a count that falls means sets were lost, one that rises
//! means the reader got looser and its new sets need a review), and when any set breaks what a
//! set must be: two values at least, each once, each written in the member's description, none a
//! range, `true`/`false` never alone, on a text or integer member, never introduced as examples
//! (例如, 比如, 如：) or left open (等).
//!
//! `APIGEN_VALUES_REVIEW=1` also prints the review sample (every 4th member with a set) and the
//! miss sample (every 8th member whose description has a lead word but that got no set).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::Path;

use apigen::pipeline;
use apigen::spec::model::{Member, OperationSpec, Type};

mod support;

/// The band a product's count of members with a set must stay in.
struct Band {
    product: &'static str,
    request: RangeInclusive<usize>,
    response: RangeInclusive<usize>,
}

/// Per page folder. The first ten folders were measured at 296 request parameters and 185
/// response fields (1,698 values); the 22 folders added with the grown corpus at 1,235 and 723 in
/// all 32. The bands allow about a tenth of drift either way.
const BANDS: &[Band] = &[
    Band {
        product: "alikafka",
        request: 23..=29,
        response: 11..=13,
    },
    Band {
        product: "backbonenet",
        request: 31..=37,
        response: 19..=23,
    },
    Band {
        product: "cas",
        request: 7..=9,
        response: 5..=7,
    },
    Band {
        product: "cdn",
        request: 50..=62,
        response: 25..=31,
    },
    Band {
        product: "cfw",
        request: 54..=66,
        response: 31..=37,
    },
    Band {
        product: "cms",
        request: 59..=71,
        response: 40..=48,
    },
    Band {
        product: "config",
        request: 39..=47,
        response: 70..=86,
    },
    Band {
        product: "dcdn",
        request: 10..=12,
        response: 12..=14,
    },
    Band {
        product: "ddos",
        request: 45..=55,
        response: 36..=44,
    },
    Band {
        product: "dns",
        request: 11..=13,
        response: 2..=4,
    },
    Band {
        product: "ecs",
        request: 241..=295,
        response: 8..=10,
    },
    Band {
        product: "eip",
        request: 15..=19,
        response: 1..=3,
    },
    Band {
        product: "elasticsearch",
        request: 47..=57,
        response: 17..=21,
    },
    Band {
        product: "ess",
        request: 57..=69,
        response: 32..=40,
    },
    Band {
        product: "gpdb",
        request: 8..=10,
        response: 2..=4,
    },
    Band {
        product: "iotedge",
        request: 10..=12,
        response: 5..=7,
    },
    Band {
        product: "kms",
        request: 15..=19,
        response: 12..=14,
    },
    Band {
        product: "linkwan",
        request: 15..=19,
        response: 18..=22,
    },
    Band {
        product: "mongodb",
        request: 51..=63,
        response: 1..=3,
    },
    Band {
        product: "mse",
        request: 16..=20,
        response: 25..=31,
    },
    Band {
        product: "nas",
        request: 12..=14,
        response: 5..=7,
    },
    Band {
        product: "nat",
        request: 10..=12,
        response: 1..=3,
    },
    Band {
        product: "pvtz",
        request: 8..=10,
        response: 0..=1,
    },
    Band {
        product: "ram",
        request: 12..=14,
        response: 7..=9,
    },
    Band {
        product: "ros",
        request: 23..=29,
        response: 26..=32,
    },
    Band {
        product: "rtc",
        request: 45..=55,
        response: 25..=31,
    },
    Band {
        product: "sc",
        request: 0..=1,
        response: 0..=1,
    },
    Band {
        product: "slb",
        request: 77..=93,
        response: 66..=80,
    },
    Band {
        product: "smartag",
        request: 19..=23,
        response: 4..=6,
    },
    Band {
        product: "vod",
        request: 31..=37,
        response: 129..=157,
    },
    Band {
        product: "vpn",
        request: 17..=21,
        response: 0..=2,
    },
    Band {
        product: "waf",
        request: 55..=67,
        response: 11..=13,
    },
];

/// Words that introduce examples; a set must never follow one.
const EXAMPLE_WORDS: &[&str] = &[
    "例如",
    "比如",
    "如：",
    "如:",
    "e.g.",
    "for example",
    "such as",
];

/// Lead words of a value list, for the miss sample.
const LEADS: &[&str] = &["取值", "可选值", "枚举值", "有效值"];

/// One member with where it is.
struct Found<'a> {
    product: String,
    operation: &'a str,
    /// `request.A.B` or `response.A[].B`, as overrides name members.
    path: String,
    member: &'a Member,
}

fn walk<'a>(
    product: &str,
    spec: &'a OperationSpec,
    prefix: &str,
    members: &'a [Member],
    out: &mut Vec<Found<'a>>,
) {
    for m in members {
        let path = format!("{prefix}.{}", m.name);
        out.push(Found {
            product: product.to_string(),
            operation: &spec.name,
            path: path.clone(),
            member: m,
        });
        let inner = if matches!(m.ty, Type::Array(_)) {
            format!("{path}[]")
        } else {
            path
        };
        walk(product, spec, &inner, &m.members, out);
    }
}

fn members(specs: &[OperationSpec]) -> Vec<Found<'_>> {
    let mut out = Vec::new();
    for spec in specs {
        // Bands are per page folder: a product spread over folders (vpc) is counted by each.
        let product = pipeline::folder_of(&spec.source.page);
        walk(product, spec, "request", &spec.request, &mut out);
        walk(product, spec, "response", &spec.response, &mut out);
    }
    out
}

/// What is wrong with a member's set as the page gives it, if anything.
fn problem(m: &Member) -> Option<String> {
    let values = &m.values;
    if values.len() < 2 {
        return Some("fewer than two values".into());
    }
    for (at, v) in values.iter().enumerate() {
        if values[..at].iter().any(|w| w.value == v.value) {
            return Some(format!("`{}` twice", v.value));
        }
        if !m.description.contains(&v.value) {
            return Some(format!("`{}` is not in the description", v.value));
        }
        let digits = v.value.trim_start_matches('-');
        let range = v.value.contains('~')
            || digits
                .split_once('-')
                .is_some_and(|(a, b)| a.parse::<f64>().is_ok() && b.parse::<f64>().is_ok());
        if range || !v.value.is_ascii() || v.value.contains(char::is_whitespace) {
            return Some(format!("`{}` is not a value token", v.value));
        }
        let text = m.description.replace("**", "").replace('`', "");
        if text.contains(&format!("{}等", v.value)) {
            return Some(format!("the list goes on after `{}` (等)", v.value));
        }
        for word in EXAMPLE_WORDS {
            for gap in ["", "：", ":", " ", "：**", "**"] {
                if m.description.contains(&format!("{word}{gap}{}", v.value)) {
                    return Some(format!("`{}` follows the example word {word}", v.value));
                }
            }
        }
    }
    if values
        .iter()
        .all(|v| v.value.eq_ignore_ascii_case("true") || v.value.eq_ignore_ascii_case("false"))
    {
        return Some("a boolean's true/false".into());
    }
    if !m.ty.takes_values(values) {
        return Some(format!("a {} member cannot carry these values", m.ty));
    }
    None
}

fn shown(m: &Member) -> String {
    m.values
        .iter()
        .map(|v| v.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn corpus_value_sets_stay_in_their_bands_and_are_sound() {
    let Some(corpus) = support::reference_dir("APIGEN_CORPUS") else {
        return;
    };
    let products =
        pipeline::load_products(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/products"))
            .unwrap_or_else(|e| panic!("{e}"));
    let pages = pipeline::discover(&corpus).unwrap_or_else(|e| panic!("{e}"));
    let outcome = pipeline::read_pages(&pages, &products);
    assert!(!outcome.specs.is_empty(), "no specs read from the corpus");

    // Figures: what codegen keeps, overrides applied.
    let all = members(&outcome.specs);
    let mut counts: BTreeMap<&str, (usize, usize, usize, usize)> = BTreeMap::new();
    for f in &all {
        let c = counts.entry(f.product.as_str()).or_default();
        let request = f.path.starts_with("request.");
        let with = usize::from(!f.member.values.is_empty());
        if request {
            c.0 += 1;
            c.1 += with;
        } else {
            c.2 += 1;
            c.3 += with;
        }
    }
    println!("product        request (with values / all)   response (with values / all)");
    let (mut req, mut resp) = (0, 0);
    for (product, (rq_all, rq, rs_all, rs)) in &counts {
        println!("{product:<14} {rq:>4} / {rq_all:<5}                 {rs:>4} / {rs_all:<5}");
        req += rq;
        resp += rs;
    }
    println!("total          {req:>4}                         {resp:>4}");
    let values: usize = all.iter().map(|f| f.member.values.len()).sum();
    println!("documented values in all: {values}");

    let mut failures = Vec::new();
    for band in BANDS {
        let (_, rq, _, rs) = counts.get(band.product).copied().unwrap_or_default();
        for (side, count, range) in [
            ("request parameters", rq, &band.request),
            ("response fields", rs, &band.response),
        ] {
            if !range.contains(&count) {
                failures.push(format!(
                    "{}: {count} {side} with values, band {range:?}",
                    band.product
                ));
            }
        }
    }

    // Soundness: every set as the reader took it from the page (no overrides, which may
    // legitimately give values the page does not write).
    let rebuilt = support::rebuilt_without_overrides(&pages, &products, &outcome.specs);
    let read = members(&rebuilt);
    for f in read.iter().filter(|f| !f.member.values.is_empty()) {
        if let Some(p) = problem(f.member) {
            failures.push(format!("{} {} {}: {p}", f.product, f.operation, f.path));
        }
    }

    if std::env::var_os("APIGEN_VALUES_REVIEW").is_some() {
        let with: Vec<&Found> = read
            .iter()
            .filter(|f| !f.member.values.is_empty())
            .collect();
        println!(
            "\nreview sample: every 4th of {} members with values",
            with.len()
        );
        for f in with.iter().step_by(4) {
            println!(
                "{}\t{}\t{}\t{}\t{}",
                f.product,
                f.operation,
                f.path,
                shown(f.member),
                f.member.description.replace('\n', " ⏎ ")
            );
        }
        let missed: Vec<&Found> = read
            .iter()
            .filter(|f| {
                f.member.values.is_empty() && LEADS.iter().any(|l| f.member.description.contains(l))
            })
            .collect();
        println!(
            "\nmiss sample: every 8th of {} members with a lead word and no set",
            missed.len()
        );
        for f in missed.iter().step_by(8) {
            println!(
                "{}\t{}\t{}\t{}\t{}",
                f.product,
                f.operation,
                f.path,
                f.member.ty,
                f.member.description.replace('\n', " ⏎ ")
            );
        }
    }

    assert!(failures.is_empty(), "value sets:\n{}", failures.join("\n"));
}
