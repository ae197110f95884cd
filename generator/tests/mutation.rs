//! No-panic mutation test: damaged pages must give diagnostics, never a panic.
//!
//! Each case takes a page (from `APIGEN_CORPUS` when set, else the committed seed page), applies
//! one to three seeded mutations (lines deleted, duplicated or swapped; extra pipes; tables cut;
//! characters inserted or replaced; the text cut at any character; fence closers removed; cells
//! emptied; table separators removed; CRLF endings; rows of up to 1,000 cells; deeply nested
//! JSON, names and `└` trees), and runs `page::read`, `spec::build::build` and
//! `spec::yaml::to_yaml` on the result under `catch_unwind`. Besides not panicking, every
//! diagnostic must point into the page (a line that exists), and the spec YAML must read back
//! as the same spec.
//!
//! - `APIGEN_MUTATIONS=<count>`: number of cases (default 1,200).
//! - `APIGEN_MUTATION_SEED=<u64>`: base seed (default fixed, so runs are reproducible).
//! - `APIGEN_MUTATION_CASE=<n>`: run only case `n` (to reproduce a reported panic).
//! - `APIGEN_MUTATION_DUMP=<dir>`: write the mutated text of each panicking case there.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use apigen::diagnostics::Diagnostics;
use apigen::page;
use apigen::pipeline::{self, PageInput};
use apigen::spec::model::HttpMethod;
use apigen::spec::product::{EndpointConfig, ProductConfig};
use apigen::spec::{build, yaml};

const DEFAULT_CASES: u64 = 1_200;
const DEFAULT_SEED: u64 = 0x5EED_2019_0912;
const SEED_PAGE: &str = "specs/pages/linkwan/CreateLocalJoinPermission.md";

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn env_u64(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim().replace('_', "");
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text}: expected a number")))
}

/// The pages to mutate: every corpus page when `APIGEN_CORPUS` is set, else the seed page.
fn pages() -> Vec<PageInput> {
    match std::env::var_os("APIGEN_CORPUS") {
        Some(dir) => {
            let pages = pipeline::discover(Path::new(&dir))
                .unwrap_or_else(|e| panic!("APIGEN_CORPUS: {e}"));
            assert!(
                !pages.is_empty(),
                "APIGEN_CORPUS={}: no pages found",
                Path::new(&dir).display()
            );
            pages
        }
        None => {
            let path = workspace_root().join(SEED_PAGE);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            vec![PageInput {
                label: "linkwan/CreateLocalJoinPermission.md".into(),
                text,
            }]
        }
    }
}

/// The product configuration for a page: the committed one of its folder, else a stand-in.
fn product_for(label: &str, products: &BTreeMap<String, ProductConfig>) -> ProductConfig {
    let folder = pipeline::folder_of(label);
    pipeline::products_of(products, folder)
        .first()
        .map(|p| (*p).clone())
        .unwrap_or_else(|| ProductConfig {
            folder: folder.to_string(),
            code: folder.to_string(),
            name: None,
            module: None,
            example: None,
            default_version: Some("2000-01-01".into()),
            method: HttpMethod::Post,
            endpoint: EndpointConfig {
                prefix: folder.to_string(),
                regional: true,
                hosts: BTreeMap::new(),
            },
            folders: Vec::new(),
            english: Default::default(),
            docs: Default::default(),
            apis: Vec::new(),
            exclude: Vec::new(),
            overrides: Vec::new(),
            waiters: Vec::new(),
        })
}

/// Characters that tend to upset Markdown and table readers.
const PALETTE: &[&str] = &[
    "|",
    "||",
    "\\|",
    "`",
    "```",
    "~~~",
    "#",
    "## ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\\",
    "*",
    "_",
    "{",
    "}",
    "{#",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "&",
    "\"",
    "'",
    ":",
    ".",
    ".N.",
    ".n",
    "└",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffd}",
    "表",
    "名称",
    "类型",
    "请求参数",
    "返回数据",
    "示例",
    "|--|",
    "|---|---|",
    " ",
    "0",
    "-1",
    "99999999999999999999",
    "\u{0}",
    "\u{1f600}",
    "é",
    "\u{301}",
    "Array of ",
    "Struct",
    "String",
];

/// One way of damaging a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mutation {
    DeleteLines,
    DuplicateLines,
    SwapLines,
    ExtraPipes,
    CutTable,
    InsertChars,
    ReplaceChars,
    InsertBytes,
    CutAtChar,
    Truncate,
    RemoveFenceClosers,
    EmptyCells,
    HugeCellCount,
    RemoveSeparator,
    CrLf,
    DeepNesting,
}

const MUTATIONS: &[Mutation] = &[
    Mutation::DeleteLines,
    Mutation::DuplicateLines,
    Mutation::SwapLines,
    Mutation::ExtraPipes,
    Mutation::CutTable,
    Mutation::InsertChars,
    Mutation::ReplaceChars,
    Mutation::InsertBytes,
    Mutation::CutAtChar,
    Mutation::Truncate,
    Mutation::RemoveFenceClosers,
    Mutation::EmptyCells,
    Mutation::HugeCellCount,
    Mutation::RemoveSeparator,
    Mutation::CrLf,
    Mutation::DeepNesting,
];

/// Lines with their endings, so joining them gives the text back.
fn lines_of(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_string).collect()
}

/// A random character boundary of `text` (0 and `len` included).
fn boundary(rng: &mut fastrand::Rng, text: &str) -> usize {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    bounds[rng.usize(..bounds.len())]
}

fn table_lines(lines: &[String]) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains('|'))
        .map(|(i, _)| i)
        .collect()
}

fn pick_line(rng: &mut fastrand::Rng, lines: &[String], prefer_tables: bool) -> Option<usize> {
    let prefer_tables = prefer_tables || rng.bool();
    let tables = table_lines(lines);
    if prefer_tables && !tables.is_empty() {
        return Some(tables[rng.usize(..tables.len())]);
    }
    (!lines.is_empty()).then(|| rng.usize(..lines.len()))
}

fn random_piece(rng: &mut fastrand::Rng) -> String {
    if rng.u8(..4) == 0 {
        // Any Unicode scalar value.
        let mut c = char::from_u32(rng.u32(..0x11_0000)).unwrap_or('\u{fffd}');
        if rng.bool() {
            c = char::from(rng.u8(..0x80));
        }
        c.to_string()
    } else {
        PALETTE[rng.usize(..PALETTE.len())].to_string()
    }
}

/// Applies one mutation; the result is always valid UTF-8.
fn mutate(rng: &mut fastrand::Rng, text: &str, mutation: Mutation) -> String {
    let mut lines = lines_of(text);
    match mutation {
        Mutation::DeleteLines => {
            for _ in 0..rng.usize(1..=8) {
                if let Some(i) = pick_line(rng, &lines, false) {
                    lines.remove(i);
                }
            }
        }
        Mutation::DuplicateLines => {
            if let Some(i) = pick_line(rng, &lines, false) {
                let end = (i + rng.usize(1..=4)).min(lines.len());
                let block: Vec<String> = lines[i..end].to_vec();
                for _ in 0..rng.usize(1..=3) {
                    for (k, line) in block.iter().enumerate() {
                        lines.insert(end + k, line.clone());
                    }
                }
            }
        }
        Mutation::SwapLines => {
            for _ in 0..rng.usize(1..=4) {
                if let (Some(a), Some(b)) =
                    (pick_line(rng, &lines, false), pick_line(rng, &lines, false))
                {
                    lines.swap(a, b);
                }
            }
        }
        Mutation::ExtraPipes => {
            for _ in 0..rng.usize(1..=6) {
                if let Some(i) = pick_line(rng, &lines, true) {
                    let at = boundary(rng, &lines[i]);
                    lines[i].insert_str(at, if rng.bool() { "|" } else { " | " });
                }
            }
        }
        Mutation::CutTable => {
            let tables = table_lines(&lines);
            if !tables.is_empty() {
                let i = tables[rng.usize(..tables.len())];
                if rng.bool() {
                    // Drop the rest of this table block.
                    let end = (i..lines.len())
                        .find(|&k| !lines[k].contains('|'))
                        .unwrap_or(lines.len());
                    lines.drain(i..end);
                } else {
                    // Cut a row in the middle.
                    let at = boundary(rng, &lines[i]);
                    lines[i].truncate(at);
                    lines[i].push('\n');
                }
            }
        }
        Mutation::InsertChars => {
            let mut joined = lines.concat();
            for _ in 0..rng.usize(1..=10) {
                let at = boundary(rng, &joined);
                joined.insert_str(at, &random_piece(rng));
            }
            return joined;
        }
        Mutation::ReplaceChars => {
            let mut chars: Vec<char> = lines.concat().chars().collect();
            for _ in 0..rng.usize(1..=10) {
                if !chars.is_empty() {
                    let i = rng.usize(..chars.len());
                    let piece: Vec<char> = random_piece(rng).chars().collect();
                    chars.splice(i..=i, piece);
                }
            }
            return chars.into_iter().collect();
        }
        Mutation::InsertBytes => {
            // Random bytes, made text the way a lenient reader of a damaged file would.
            let bytes: Vec<u8> = (0..rng.usize(1..=32)).map(|_| rng.u8(..)).collect();
            let piece = String::from_utf8_lossy(&bytes).into_owned();
            let mut joined = lines.concat();
            let at = boundary(rng, &joined);
            joined.insert_str(at, &piece);
            return joined;
        }
        Mutation::CutAtChar => {
            let mut joined = lines.concat();
            let at = boundary(rng, &joined);
            joined.truncate(at);
            return joined;
        }
        Mutation::Truncate => {
            let keep = rng.usize(..=lines.len());
            lines.truncate(keep);
        }
        Mutation::RemoveFenceClosers => {
            let fences: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~")
                })
                .map(|(i, _)| i)
                .collect();
            let all = rng.bool();
            for (n, &i) in fences.iter().enumerate().rev() {
                // Closers are the second of each pair.
                if n % 2 == 1 && (all || rng.bool()) {
                    lines.remove(i);
                }
            }
        }
        Mutation::EmptyCells => {
            for _ in 0..rng.usize(1..=8) {
                if let Some(i) = pick_line(rng, &lines, true) {
                    let ending = if lines[i].ends_with('\n') { "\n" } else { "" };
                    let filler = ["", " ", "\u{a0}", "\u{200b}"][rng.usize(..4)];
                    let cells: Vec<&str> = lines[i].trim_end_matches('\n').split('|').collect();
                    let target = rng.usize(..cells.len());
                    let rebuilt: Vec<&str> = cells
                        .iter()
                        .enumerate()
                        .map(|(k, c)| if k == target { filler } else { c })
                        .collect();
                    lines[i] = format!("{}{ending}", rebuilt.join("|"));
                }
            }
        }
        Mutation::HugeCellCount => {
            // Up to 1,000 cells: enough to find a panic; more only makes the run slow.
            let count = rng.usize(100..=1_000);
            let row = format!("|{}\n", "x|".repeat(count));
            let at = pick_line(rng, &lines, true).unwrap_or(0).min(lines.len());
            lines.insert(at, row);
        }
        Mutation::RemoveSeparator => {
            lines.retain(|l| {
                let t = l.trim();
                !(t.starts_with('|')
                    && t.contains("--")
                    && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')))
            });
        }
        Mutation::CrLf => return lines.concat().replace('\n', "\r\n"),
        Mutation::DeepNesting => {
            let depth = rng.usize(20..=140);
            let row = match rng.u8(..3) {
                // A deeply nested value in a JSON example (or wherever the first `{` is).
                0 => {
                    let nested = format!("{}1{}", "{\"A\": [".repeat(depth), "]}".repeat(depth));
                    let mut joined = lines.concat();
                    let at = joined.find('{').map_or(0, |i| i + 1);
                    joined.insert_str(at, &format!("\"Deep\": {nested},"));
                    return joined;
                }
                // A repeat-list name with very many segments.
                1 => format!("|{}|String|否|x|y|\n", vec!["A.N"; depth].join(".")),
                // A `└` tree row far deeper than any page goes.
                _ => format!("|{}Deep|String|x|y|\n", "└".repeat(depth)),
            };
            let at = pick_line(rng, &lines, true).unwrap_or(0).min(lines.len());
            lines.insert(at, row);
        }
    }
    lines.concat()
}

/// The seed of case `n`: cases are independent, so one can be rerun alone.
fn case_seed(base: u64, case: u64) -> u64 {
    base ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// One case: the page it mutated, the mutations applied, and the damaged text.
struct Case {
    label: String,
    mutations: Vec<Mutation>,
    text: String,
}

fn make_case(seed: u64, pages: &[PageInput]) -> Case {
    let mut rng = fastrand::Rng::with_seed(seed);
    let input = &pages[rng.usize(..pages.len())];
    let mutations: Vec<Mutation> = (0..rng.usize(1..=3))
        .map(|_| MUTATIONS[rng.usize(..MUTATIONS.len())])
        .collect();
    let mut text = input.text.clone();
    for &mutation in &mutations {
        text = mutate(&mut rng, &text, mutation);
    }
    Case {
        label: input.label.clone(),
        mutations,
        text,
    }
}

/// Reads, builds and renders one text, as the pipeline does.
fn run_stages(label: &str, text: &str, product: &ProductConfig) {
    let mut diags = Diagnostics::new();
    let page = page::read(label, text, &mut diags);
    let spec = build::build(&page, product, &mut diags);
    // Every diagnostic points into the page it is about. Lines end as in CommonMark: at `\n`,
    // `\r\n`, or a `\r` on its own.
    let last_line = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .count()
        + 1;
    for d in diags.items() {
        let at = &d.location;
        assert!(
            at.file == label && at.line >= 1 && at.line <= last_line && at.column >= 1,
            "diagnostic located outside the page ({last_line} lines): {at} ({})",
            d.kind
        );
    }
    // The spec written for a damaged page still reads back as the same spec.
    if let Some(spec) = spec {
        let written = yaml::to_yaml(&spec);
        let read_back = yaml::from_yaml(Path::new("spec.yaml"), &written)
            .unwrap_or_else(|e| panic!("the spec YAML does not read back: {e}"));
        assert!(
            read_back == spec,
            "the spec YAML reads back as a different spec"
        );
    }
}

#[derive(Debug, Clone)]
struct PanicReport {
    message: String,
    location: String,
}

/// Panics found, by location: how many cases hit it, and a report of the first.
type Found = BTreeMap<String, (usize, String)>;

/// Only one group of cases at a time may replace the process-wide panic hook.
static HOOK: Mutex<()> = Mutex::new(());

/// Runs the given cases through `stages` and collects every panic by location.
fn run_cases(
    pages: &[PageInput],
    products: &BTreeMap<String, ProductConfig>,
    base: u64,
    cases: &[u64],
    dump: Option<&Path>,
    stages: &dyn Fn(&str, &str, &ProductConfig),
) -> Found {
    let _serial = HOOK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    // Record each panic's message and location instead of printing a backtrace per case.
    let last: Arc<Mutex<Option<PanicReport>>> = Arc::new(Mutex::new(None));
    let sink = Arc::clone(&last);
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(non-text panic payload)".into());
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        if let Ok(mut slot) = sink.lock() {
            *slot = Some(PanicReport { message, location });
        }
    }));

    let mut found = Found::new();
    for &case in cases {
        let made = make_case(case_seed(base, case), pages);
        let product = product_for(&made.label, products);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            stages(&made.label, &made.text, &product)
        }));
        if outcome.is_ok() {
            continue;
        }
        let report = last
            .lock()
            .ok()
            .and_then(|mut slot| slot.take())
            .unwrap_or(PanicReport {
                message: "(unknown)".into(),
                location: "(unknown)".into(),
            });
        if let Some(dir) = dump {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join(format!("case-{case}.md")), &made.text);
        }
        let entry = found.entry(report.location.clone()).or_insert_with(|| {
            (
                0,
                format!(
                    "panicked at {}: {}\n    first case {case}: page {}, mutations {:?}\n    reproduce: APIGEN_MUTATION_SEED={base:#x} APIGEN_MUTATION_CASE={case} cargo test -p apigen --test mutation{}",
                    report.location,
                    report.message,
                    made.label,
                    made.mutations,
                    if std::env::var_os("APIGEN_CORPUS").is_some() { " (with the same APIGEN_CORPUS)" } else { "" },
                ),
            )
        });
        entry.0 += 1;
    }
    panic::set_hook(previous_hook);
    found
}

#[test]
fn damaged_pages_never_panic() {
    let pages = pages();
    let products =
        pipeline::load_products(&workspace_root().join("specs/products")).unwrap_or_default();
    let base = env_u64("APIGEN_MUTATION_SEED").unwrap_or(DEFAULT_SEED);
    let cases: Vec<u64> = match env_u64("APIGEN_MUTATION_CASE") {
        Some(case) => vec![case],
        None => (0..env_u64("APIGEN_MUTATIONS").unwrap_or(DEFAULT_CASES)).collect(),
    };
    let dump = std::env::var_os("APIGEN_MUTATION_DUMP").map(PathBuf::from);
    let found = run_cases(
        &pages,
        &products,
        base,
        &cases,
        dump.as_deref(),
        &run_stages,
    );

    println!(
        "mutation cases: {} over {} page(s), base seed {base:#x}",
        cases.len(),
        pages.len()
    );
    if found.is_empty() {
        println!("no panic");
        return;
    }
    let mut text = String::new();
    for (count, line) in found.values() {
        text.push_str(&format!("- {count} case(s) {line}\n"));
    }
    panic!(
        "{} distinct panic location(s) in damaged pages:\n{text}",
        found.len()
    );
}

#[test]
fn a_panicking_stage_is_caught_located_and_made_reproducible() {
    let pages = vec![PageInput {
        label: "x/A/1.md".into(),
        text: "# A\n|a|b|\n".into(),
    }];
    let always = |_: &str, _: &str, _: &ProductConfig| panic!("boom");
    let found = run_cases(&pages, &BTreeMap::new(), 1, &[0, 1, 2], None, &always);
    assert_eq!(found.len(), 1, "{found:?}");
    let (count, report) = found.values().next().unwrap();
    assert_eq!(*count, 3);
    assert!(
        report.contains("boom") && report.contains("mutation.rs"),
        "{report}"
    );
    assert!(
        report.contains("APIGEN_MUTATION_SEED=0x1 APIGEN_MUTATION_CASE=0"),
        "{report}"
    );
}

#[test]
fn mutations_are_deterministic_and_keep_text_valid() {
    let pages = vec![PageInput {
        label: "x/A/1.md".into(),
        text: "# A\n\n|名称|类型|\n|--|--|\n|Id|String|\n\n```\n{\"a\": 1}\n```\n".into(),
    }];
    for case in 0..200 {
        let a = make_case(case_seed(DEFAULT_SEED, case), &pages);
        let b = make_case(case_seed(DEFAULT_SEED, case), &pages);
        assert_eq!(a.text, b.text, "case {case}");
        assert_eq!(a.mutations, b.mutations, "case {case}");
    }
    for &mutation in MUTATIONS {
        let mut rng = fastrand::Rng::with_seed(7);
        // The result is a String, so valid UTF-8 by construction; check it also differs or is empty-safe.
        let _ = mutate(&mut rng, &pages[0].text, mutation);
        let _ = mutate(&mut rng, "", mutation);
    }
}
