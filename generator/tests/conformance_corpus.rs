//! Conformance over the full page corpus, against the SDK oracle.
//!
//! Runs only when `APIGEN_CORPUS` (the pages) and `APIGEN_ORACLE` (the oracle files) are set;
//! with both unset it says it skipped and passes. It prints the figures and fails when one falls
//! below its floor. The floors are what the reader reached when they were last set: raise them
//! as the reader improves; a floor is lowered only for a reading that is right and that the
//! oracle counts against it, with the reason beside it (see docs/CONFORMANCE.md).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apigen::conformance::{self, oracle, report, Summary};
use apigen::pipeline;

/// Lowest acceptable figures for one group of APIs.
struct Floors {
    /// Fewest APIs compared (a page that stops being read would otherwise just drop out).
    compared: usize,
    request_precision: f64,
    request_recall: f64,
    request_kind: f64,
    response_precision: f64,
    response_recall: f64,
    response_array: f64,
    /// Response leaf kinds (over paths where either side is a value).
    response_kind: f64,
    /// Largest allowed gap between the ceiling and recall, request and response each.
    recall_gap: f64,
    /// HTTP method agreement, over APIs whose oracle entry gives a method.
    method: f64,
    /// Path template agreement, over APIs whose oracle entry gives a path (ROA); 0 for RPC
    /// products, whose oracle entries have none.
    path: f64,
    /// Position agreement, over request names both sides have where the oracle gives a position.
    position: f64,
}

/// The first six products together (linkwan, pvtz, dns, cas, vpn, kms), whose floors predate
/// the older page formats of the later four.
const FIRST_SIX: &[&str] = &["linkwan", "pvtz", "dns", "cas", "vpn", "kms"];

/// The first six products together.
const FIRST_SIX_FLOORS: Floors = Floors {
    compared: 167,
    request_precision: 0.959,
    request_recall: 0.840,
    request_kind: 0.998,
    response_precision: 0.999,
    response_recall: 0.807,
    response_array: 0.998,
    response_kind: 0.994,
    recall_gap: 0.02,
    method: 1.0,
    path: 0.0,
    position: 1.0,
};

/// The products added later, each on its own: what the reader reaches on them now. Their recall
/// gaps and response precision are below the aims (docs/CONFORMANCE.md); raise these as it improves.
const LATER: &[(&str, Floors)] = &[
    (
        // Rows whose name the object they would close into already holds stay inside (an
        // object has each name once); they were dropped as duplicates before, and some land
        // in a container the SDK nests differently (`Rules` without its `Rule` wrapper).
        "slb",
        Floors {
            compared: 84,
            // SetAccessLogsDownloadAttribute is read from its own page since the operation name
            // is voted (its Delete twin's newer page no longer stands in for it); that page
            // lists LogProject, LogStore, LogType and RoleName, which the SDK lacks (the page's
            // word: judged precision stays 1.0).
            request_precision: 0.990,
            // SetAccessLogsDownloadAttribute and its Delete twin: the page puts LoadBalancerId
            // inside the JSON text of LogsDownloadAttributes (its 表 1 and request example), the
            // SDK beside it as a string parameter.
            request_recall: 0.870,
            request_kind: 0.996,
            response_precision: 0.951,
            response_recall: 0.830,
            response_array: 0.989,
            response_kind: 0.993,
            recall_gap: 0.033,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "iotedge",
        Floors {
            compared: 74,
            request_precision: 0.999,
            request_recall: 1.0,
            request_kind: 1.0,
            response_precision: 0.982,
            response_recall: 0.993,
            response_array: 0.999,
            response_kind: 1.0,
            recall_gap: 0.02,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "cms",
        Floors {
            compared: 121,
            request_precision: 0.996,
            request_recall: 0.762,
            request_kind: 0.993,
            response_precision: 0.957,
            response_recall: 0.767,
            response_array: 0.994,
            response_kind: 0.989,
            recall_gap: 0.024,
            // Two APIs the SDK calls with GET (DescribeAlertingMetricRuleResources,
            // DescribeMetricRuleCount); the product configuration sends POST for all.
            method: 0.983,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "elasticsearch",
        Floors {
            compared: 167,
            request_precision: 0.971,
            request_recall: 0.921,
            request_kind: 0.996,
            // The pages document response fields Alibaba's SDK does not declare (see
            // docs/CONFORMANCE.md): most extra paths are in the pages' own examples
            // (`example-shows`), among them the `Result` objects that pages name in prose and
            // leave to another page's table, read from the example.
            response_precision: 0.761,
            response_recall: 0.897,
            response_array: 0.999,
            response_kind: 0.991,
            recall_gap: 0.025,
            method: 1.0,
            path: 1.0,
            position: 1.0,
        },
    ),
    // The 22 folders of the grown corpus, as first measured with their reviewed configurations
    // (docs/CONFORMANCE.md explains each gap by cause): floors to hold, not aims.
    (
        "alikafka",
        Floors {
            compared: 38,
            request_precision: 1.0,
            request_recall: 0.643,
            request_kind: 1.0,
            response_precision: 1.0,
            response_recall: 0.751,
            response_array: 1.0,
            response_kind: 1.0,
            recall_gap: 0.020,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "backbonenet",
        Floors {
            compared: 48,
            request_precision: 0.991,
            request_recall: 0.825,
            request_kind: 0.984,
            response_precision: 0.89,
            response_recall: 0.72,
            response_array: 0.995,
            response_kind: 0.914,
            recall_gap: 0.020,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "cdn",
        Floors {
            compared: 103,
            request_precision: 0.951,
            request_recall: 0.86,
            request_kind: 1.0,
            response_precision: 0.938,
            response_recall: 0.899,
            response_array: 0.993,
            response_kind: 0.992,
            recall_gap: 0.062,
            method: 0.853,
            path: 0.0,
            position: 0.993,
        },
    ),
    (
        "cfw",
        Floors {
            compared: 32,
            request_precision: 0.897,
            request_recall: 0.578,
            request_kind: 0.993,
            response_precision: 0.951,
            response_recall: 0.655,
            response_array: 1.0,
            response_kind: 0.981,
            recall_gap: 0.020,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "config",
        Floors {
            compared: 68,
            request_precision: 0.917,
            request_recall: 0.594,
            request_kind: 0.984,
            response_precision: 0.969,
            response_recall: 0.82,
            response_array: 1.0,
            response_kind: 0.984,
            recall_gap: 0.047,
            method: 0.763,
            path: 0.0,
            position: 0.633,
        },
    ),
    (
        "dcdn",
        Floors {
            compared: 65,
            request_precision: 0.89,
            request_recall: 0.791,
            request_kind: 1.0,
            response_precision: 0.927,
            response_recall: 0.877,
            response_array: 0.989,
            response_kind: 0.992,
            recall_gap: 0.029,
            method: 0.922,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "ddos",
        Floors {
            compared: 74,
            request_precision: 0.898,
            request_recall: 0.862,
            request_kind: 1.0,
            response_precision: 0.989,
            response_recall: 0.823,
            response_array: 1.0,
            response_kind: 0.99,
            recall_gap: 0.021,
            method: 0.985,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "ecs",
        Floors {
            compared: 223,
            request_precision: 0.979,
            request_recall: 0.725,
            request_kind: 0.997,
            response_precision: 0.969,
            response_recall: 0.768,
            response_array: 0.989,
            response_kind: 0.988,
            recall_gap: 0.022,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "eip",
        Floors {
            compared: 12,
            request_precision: 1.0,
            request_recall: 0.775,
            request_kind: 1.0,
            response_precision: 0.962,
            response_recall: 0.85,
            response_array: 1.0,
            response_kind: 1.0,
            recall_gap: 0.020,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "ess",
        Floors {
            compared: 56,
            request_precision: 0.996,
            request_recall: 0.942,
            request_kind: 0.994,
            response_precision: 0.973,
            response_recall: 0.836,
            response_array: 0.993,
            response_kind: 0.992,
            recall_gap: 0.025,
            method: 1.0,
            path: 0.0,
            position: 0.0,
        },
    ),
    (
        "gpdb",
        Floors {
            compared: 48,
            request_precision: 0.982,
            request_recall: 0.695,
            request_kind: 1.0,
            response_precision: 0.902,
            response_recall: 0.828,
            response_array: 0.996,
            response_kind: 0.995,
            recall_gap: 0.072,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "mongodb",
        Floors {
            compared: 67,
            request_precision: 0.914,
            request_recall: 0.709,
            request_kind: 0.992,
            response_precision: 0.975,
            response_recall: 0.64,
            response_array: 0.994,
            response_kind: 0.984,
            recall_gap: 0.055,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "mse",
        Floors {
            compared: 46,
            request_precision: 0.978,
            request_recall: 0.75,
            request_kind: 0.921,
            response_precision: 0.954,
            response_recall: 0.894,
            response_array: 0.997,
            response_kind: 0.987,
            recall_gap: 0.020,
            method: 0.955,
            path: 1.0,
            position: 0.988,
        },
    ),
    (
        "nas",
        Floors {
            compared: 35,
            request_precision: 0.99,
            request_recall: 0.768,
            request_kind: 1.0,
            response_precision: 0.986,
            response_recall: 0.657,
            response_array: 1.0,
            response_kind: 1.0,
            recall_gap: 0.035,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "nat",
        Floors {
            compared: 19,
            request_precision: 0.972,
            request_recall: 0.725,
            request_kind: 1.0,
            response_precision: 0.99,
            response_recall: 0.701,
            response_array: 0.966,
            response_kind: 0.961,
            recall_gap: 0.029,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "ram",
        Floors {
            compared: 82,
            request_precision: 1.0,
            request_recall: 0.81,
            request_kind: 1.0,
            response_precision: 0.995,
            response_recall: 0.896,
            response_array: 1.0,
            response_kind: 1.0,
            recall_gap: 0.029,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "ros",
        Floors {
            compared: 56,
            request_precision: 0.975,
            request_recall: 0.757,
            request_kind: 1.0,
            response_precision: 0.865,
            response_recall: 0.657,
            response_array: 1.0,
            response_kind: 0.956,
            recall_gap: 0.050,
            method: 1.0,
            path: 0.0,
            position: 0.968,
        },
    ),
    (
        "rtc",
        Floors {
            compared: 59,
            request_precision: 0.994,
            request_recall: 0.899,
            request_kind: 0.991,
            response_precision: 0.89,
            response_recall: 0.83,
            response_array: 0.992,
            response_kind: 1.0,
            recall_gap: 0.107,
            method: 1.0,
            path: 1.0,
            position: 0.915,
        },
    ),
    (
        "sc",
        Floors {
            compared: 54,
            request_precision: 0.87,
            request_recall: 0.963,
            request_kind: 0.994,
            response_precision: 0.99,
            response_recall: 0.91,
            response_array: 0.992,
            // GetClusterMetrics and GetInstanceMetric now nest as the SDK does, which compares
            // their `Dps` and `Tags` maps against the SDK's untyped values.
            response_kind: 0.962,
            recall_gap: 0.123,
            method: 0.647,
            path: 0.591,
            position: 0.63,
        },
    ),
    (
        "smartag",
        Floors {
            compared: 100,
            request_precision: 0.988,
            request_recall: 0.956,
            request_kind: 0.994,
            response_precision: 0.975,
            response_recall: 0.9,
            response_array: 0.981,
            response_kind: 0.978,
            recall_gap: 0.026,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "vod",
        Floors {
            compared: 137,
            request_precision: 1.0,
            request_recall: 0.876,
            request_kind: 1.0,
            response_precision: 0.979,
            response_recall: 0.912,
            response_array: 0.996,
            response_kind: 0.995,
            recall_gap: 0.031,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
    (
        "waf",
        Floors {
            compared: 24,
            request_precision: 0.96,
            request_recall: 0.73,
            request_kind: 1.0,
            response_precision: 0.874,
            response_recall: 0.926,
            response_array: 1.0,
            response_kind: 0.983,
            recall_gap: 0.061,
            method: 1.0,
            path: 0.0,
            position: 1.0,
        },
    ),
];

/// LinkWAN pages of the oracle's version (2019-03-01).
const LINKWAN: Floors = Floors {
    compared: 11,
    request_precision: 1.0,
    request_recall: 1.0,
    request_kind: 1.0,
    response_precision: 1.0,
    response_recall: 1.0,
    response_array: 1.0,
    response_kind: 0.99,
    recall_gap: 0.0,
    method: 1.0,
    path: 0.0,
    position: 1.0,
};

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The failures of one group against its floors.
fn check(group: &str, summary: &Summary, floors: &Floors, failures: &mut Vec<String>) {
    if summary.compared < floors.compared {
        failures.push(format!(
            "{group}: {} APIs compared, floor {}",
            summary.compared, floors.compared
        ));
    }
    let figures = [
        (
            "request precision",
            summary.request.precision(),
            floors.request_precision,
        ),
        (
            "request recall",
            summary.request.recall(),
            floors.request_recall,
        ),
        (
            "request kind agreement",
            summary.request.agreement(),
            floors.request_kind,
        ),
        (
            "response precision",
            summary.response.precision(),
            floors.response_precision,
        ),
        (
            "response recall",
            summary.response.recall(),
            floors.response_recall,
        ),
        (
            "response array agreement",
            summary.response.agreement(),
            floors.response_array,
        ),
        (
            "response kind agreement",
            summary.response.leaf_agreement(),
            floors.response_kind,
        ),
        ("method agreement", summary.method.share(), floors.method),
        ("path agreement", summary.path.share(), floors.path),
        (
            "position agreement",
            summary.position.share(),
            floors.position,
        ),
    ];
    for (side, tally) in [
        ("request", &summary.request),
        ("response", &summary.response),
    ] {
        if let (Some(recall), Some(ceiling)) = (tally.recall(), tally.ceiling()) {
            if ceiling - recall > floors.recall_gap + 1e-9 {
                failures.push(format!(
                    "{group}: {side} recall {recall:.4} is more than {:.2} under its ceiling {ceiling:.4}",
                    floors.recall_gap
                ));
            }
        }
    }
    for (name, value, floor) in figures {
        // Nothing to count (no API compared) only passes a floor of zero.
        let value = value.unwrap_or(if floor > 0.0 { -1.0 } else { 0.0 });
        if value < floor {
            failures.push(format!(
                "{group}: {name} {value:.4} is below its floor {floor:.4}"
            ));
        }
    }
}

#[test]
fn corpus_conformance_meets_the_floors() {
    let corpus = std::env::var_os("APIGEN_CORPUS").map(PathBuf::from);
    let oracle_dir = std::env::var_os("APIGEN_ORACLE").map(PathBuf::from);
    let (corpus, oracle_dir) = match (corpus, oracle_dir) {
        (None, None) => {
            println!("skipped: APIGEN_CORPUS/APIGEN_ORACLE not set");
            return;
        }
        (Some(c), Some(o)) => (c, o),
        (c, o) => panic!(
            "set both APIGEN_CORPUS and APIGEN_ORACLE, or neither (APIGEN_CORPUS set: {}, APIGEN_ORACLE set: {})",
            c.is_some(),
            o.is_some()
        ),
    };
    for (var, dir) in [("APIGEN_CORPUS", &corpus), ("APIGEN_ORACLE", &oracle_dir)] {
        assert!(dir.is_dir(), "{var}={}: not a directory", dir.display());
    }

    let pages = pipeline::discover(&corpus).unwrap_or_else(|e| panic!("APIGEN_CORPUS: {e}"));
    assert!(
        !pages.is_empty(),
        "APIGEN_CORPUS={}: no pages found",
        corpus.display()
    );
    let products = pipeline::load_products(&workspace_root().join("specs/products"))
        .unwrap_or_else(|e| panic!("{e}"));
    let oracles = oracle::load_dir(&oracle_dir).unwrap_or_else(|e| panic!("APIGEN_ORACLE: {e}"));
    let outcome = pipeline::read_pages(&pages, &products);
    let texts: BTreeMap<String, String> = pages.into_iter().map(|p| (p.label, p.text)).collect();
    let measurement = conformance::measure(
        &outcome.specs,
        &conformance::dropped_pages(&outcome.superseded),
        &texts,
        &oracles,
    );

    println!("{}", report::table(&measurement));
    let by_product = measurement.by_product();
    let total = measurement.total();
    let linkwan = by_product.get("linkwan").copied().unwrap_or_default();
    println!("total request: {}", report::tally_line(&total.request));
    println!("total response: {}", report::tally_line(&total.response));
    println!("linkwan request: {}", report::tally_line(&linkwan.request));
    println!(
        "linkwan response: {}",
        report::tally_line(&linkwan.response)
    );
    println!("total binding: {}", report::binding_line(&total));
    let elasticsearch = by_product.get("elasticsearch").copied().unwrap_or_default();
    println!(
        "elasticsearch binding: {}",
        report::binding_line(&elasticsearch)
    );

    let mut failures = Vec::new();
    check(
        "first six",
        &measurement.of_products(FIRST_SIX),
        &FIRST_SIX_FLOORS,
        &mut failures,
    );
    for (product, floors) in LATER {
        let summary = by_product.get(*product).copied().unwrap_or_default();
        check(product, &summary, floors, &mut failures);
    }
    check("linkwan", &linkwan, &LINKWAN, &mut failures);
    if !failures.is_empty() {
        println!("{}", report::misses(&measurement));
    }
    assert!(
        failures.is_empty(),
        "conformance fell below its floors:\n{}",
        failures.join("\n")
    );
}
