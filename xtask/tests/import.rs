//! `cargo xtask import` on small source trees built here, and on the page corpus when
//! `APIGEN_CORPUS` names it: importing the corpus into a copy of the committed pages changes no
//! page.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

mod support;
use support::{explorer, files, names};

/// A page the reader takes for an API reference of operation `api`, documenting `version` when
/// given (an explorer link); `note` makes revisions differ.
fn page(api: &str, version: Option<&str>, note: &str) -> String {
    let explorer = explorer("调试", api, version);
    format!(
        "# {api}\n\n调用{api}{note}。\n\n{explorer}## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n|Action|String|是|{api}|系统规定参数。取值：{api} |\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|RequestId|String|r|请求ID。 |\n"
    )
}

const PRODUCT: &str = "folder: demo
code: Demo
default_version: 2020-01-01
endpoint:
  prefix: demo
  regional: false
exclude:
  - Guide
";

/// A source tree, a pages directory and a products directory, each in one temporary directory.
struct Setup {
    dir: TempDir,
}

impl Setup {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let products = dir.path().join("products");
        std::fs::create_dir_all(&products).expect("products");
        std::fs::write(products.join("demo.yaml"), PRODUCT).expect("product");
        std::fs::create_dir_all(dir.path().join("pages")).expect("pages");
        std::fs::create_dir_all(dir.path().join("source")).expect("source");
        Setup { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes `text` at `relative` under the source directory.
    fn source(&self, relative: &str, text: &str) {
        let path = self.path("source").join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, text).expect("write");
    }

    /// Runs the import from `from` (relative to the setup) into the pages directory.
    fn import_from(&self, from: &str, args: &[&str]) -> (bool, String) {
        let (from, pages, products) = (self.path(from), self.path("pages"), self.path("products"));
        let mut all: Vec<&OsStr> = vec![
            "--from".as_ref(),
            from.as_os_str(),
            "--pages".as_ref(),
            pages.as_os_str(),
            "--products".as_ref(),
            products.as_os_str(),
        ];
        all.extend(args.iter().map(OsStr::new));
        support::import(&all)
    }

    fn import(&self, args: &[&str]) -> (bool, String) {
        self.import_from("source", args)
    }

    /// Every file under the pages directory: relative path -> bytes.
    fn pages(&self) -> BTreeMap<String, Vec<u8>> {
        files(&self.path("pages"))
    }
}

#[test]
fn the_newest_revision_is_imported_and_its_origin_recorded() {
    let s = Setup::new();
    s.source("demo/Alpha/2020-01-01_aaaa.md", &page("Alpha", None, "一"));
    s.source("demo/Alpha/2021-01-01_bbbb.md", &page("Alpha", None, "二"));
    // Two revisions on one date: the greater file name wins, as in codegen.
    s.source("demo/Beta/2020-05-05_cccc.md", &page("Beta", None, "一"));
    s.source("demo/Beta/2020-05-05_dddd.md", &page("Beta", None, "二"));
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("demo/: added 2, changed 0, unchanged 0, disappeared 0"),
        "{out}"
    );
    let pages = s.pages();
    assert_eq!(
        names(&pages),
        [
            "demo/Alpha/2021-01-01_bbbb.md",
            "demo/Beta/2020-05-05_dddd.md",
            "demo/SOURCES.tsv"
        ]
    );
    assert_eq!(
        pages["demo/Alpha/2021-01-01_bbbb.md"],
        page("Alpha", None, "二").as_bytes()
    );
    assert_eq!(
        String::from_utf8_lossy(&pages["demo/SOURCES.tsv"]),
        "api\tpage\tsource\trevision\n\
         Alpha\tAlpha/2021-01-01_bbbb.md\tdemo/Alpha/2021-01-01_bbbb.md\t2021-01-01\n\
         Beta\tBeta/2020-05-05_dddd.md\tdemo/Beta/2020-05-05_dddd.md\t2020-05-05\n"
    );

    // Running it again changes nothing.
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("demo/: added 0, changed 0, unchanged 2, disappeared 0"),
        "{out}"
    );
    assert!(out.contains("wrote 0 file(s), removed 0"), "{out}");
    assert_eq!(s.pages(), pages);
}

#[test]
fn as_of_picks_an_older_revision_and_a_later_import_replaces_it() {
    let s = Setup::new();
    s.source("demo/Alpha/2020-01-01_aaaa.md", &page("Alpha", None, "一"));
    s.source("demo/Alpha/2021-01-01_bbbb.md", &page("Alpha", None, "二"));
    s.source("demo/Gamma/2021-03-03_eeee.md", &page("Gamma", None, ""));
    let (ok, out) = s.import(&["--as-of", "2020-06-30"]);
    assert!(ok, "{out}");
    // Gamma had no revision yet on that day.
    assert_eq!(
        names(&s.pages()),
        ["demo/Alpha/2020-01-01_aaaa.md", "demo/SOURCES.tsv"]
    );

    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("demo/: added 1, changed 1, unchanged 0, disappeared 0"),
        "{out}"
    );
    assert!(
        out.contains("changed: demo/Alpha: 2020-01-01_aaaa.md -> 2021-01-01_bbbb.md"),
        "{out}"
    );
    assert!(
        out.contains("added: demo/Gamma (Gamma/2021-03-03_eeee.md)"),
        "{out}"
    );
    let pages = s.pages();
    assert_eq!(
        names(&pages),
        [
            "demo/Alpha/2021-01-01_bbbb.md",
            "demo/Gamma/2021-03-03_eeee.md",
            "demo/SOURCES.tsv"
        ],
        "the old revision file is gone"
    );
    let record = String::from_utf8_lossy(&pages["demo/SOURCES.tsv"]).into_owned();
    assert!(!record.contains("2020-01-01_aaaa"), "{record}");
}

#[test]
fn a_disappeared_api_is_listed_and_removed_only_when_asked() {
    let s = Setup::new();
    s.source("demo/Alpha/2020-01-01_aaaa.md", &page("Alpha", None, ""));
    s.source("demo/Delta/2020-01-01_ffff.md", &page("Delta", None, ""));
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    std::fs::remove_dir_all(s.path("source/demo/Delta")).expect("remove");

    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("demo/: added 0, changed 0, unchanged 1, disappeared 1"),
        "{out}"
    );
    assert!(
        out.contains("disappeared: demo/Delta (kept; --remove-missing removes it)"),
        "{out}"
    );
    let pages = s.pages();
    assert!(pages.contains_key("demo/Delta/2020-01-01_ffff.md"), "kept");
    assert!(
        String::from_utf8_lossy(&pages["demo/SOURCES.tsv"]).contains("Delta\t"),
        "a kept page keeps its origin row"
    );

    let (ok, out) = s.import(&["--remove-missing"]);
    assert!(ok, "{out}");
    assert!(out.contains("disappeared: demo/Delta (removed)"), "{out}");
    let pages = s.pages();
    assert_eq!(
        names(&pages),
        ["demo/Alpha/2020-01-01_aaaa.md", "demo/SOURCES.tsv"]
    );
    assert!(!s.path("pages/demo/Delta").exists(), "its empty folder too");
    assert!(!String::from_utf8_lossy(&pages["demo/SOURCES.tsv"]).contains("Delta"));

    let (ok, out) = s.import(&["--remove-missing"]);
    assert!(ok, "{out}");
    assert!(out.contains("wrote 0 file(s), removed 0"), "{out}");
}

#[test]
fn a_folder_of_plain_pages_takes_the_date_given() {
    let s = Setup::new();
    let text = page("Epsilon", None, "");
    s.source("plain/demo/Epsilon.md", &text);
    let (ok, out) = s.import_from("source/plain", &["--date", "2021-02-03"]);
    assert!(ok, "{out}");
    let pages = s.pages();
    let file = names(&pages)
        .into_iter()
        .find(|n| n.starts_with("demo/Epsilon/"))
        .expect("imported")
        .to_string();
    let blob = file
        .strip_prefix("demo/Epsilon/2021-02-03_")
        .and_then(|b| b.strip_suffix(".md"))
        .expect("dated name");
    assert!(
        blob.len() == 8 && blob.bytes().all(|b| b.is_ascii_hexdigit()),
        "{file}"
    );
    assert_eq!(pages[&file], text.as_bytes());

    // The folder itself as the source, imported again: the same name, nothing changes.
    let (ok, out) = s.import_from("source/plain/demo", &["--date", "2021-02-03"]);
    assert!(ok, "{out}");
    assert!(out.contains("unchanged 1"), "{out}");
    assert_eq!(s.pages(), pages);
}

#[test]
fn an_undated_plain_page_is_an_error_naming_it_and_nothing_is_written() {
    let s = Setup::new();
    s.source("demo/Alpha/2020-01-01_aaaa.md", &page("Alpha", None, ""));
    s.source("demo/Epsilon.md", &page("Epsilon", None, ""));
    let (ok, out) = s.import(&[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("Epsilon.md: a plain page carries no revision date; give it with --date"),
        "{out}"
    );
    assert!(out.contains("nothing written"), "{out}");
    assert!(s.pages().is_empty());
}

#[test]
fn files_it_cannot_place_are_listed_with_the_reason() {
    let s = Setup::new();
    s.source("demo/Alpha/2020-01-01_aaaa.md", &page("Alpha", None, ""));
    s.source("demo/Alpha/notes.txt", "a note");
    s.source("demo/Empty/draft.md", &page("Empty", None, ""));
    s.source("demo/data.json", "{}");
    s.source("elsewhere/Zeta/2020-01-01_abcd.md", &page("Zeta", None, ""));
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    for expected in [
        "Alpha/notes.txt: not a page revision `<YYYY-MM-DD>_<blob>.md`",
        "Empty/draft.md: not a page revision",
        "demo/Empty: API folder with no dated revision",
        "demo/data.json: not a page (`<Api>.md`) or an API folder",
        "elsewhere/: no product configures this folder",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
    assert_eq!(out.matches("elsewhere").count(), 1, "listed once: {out}");
    assert_eq!(
        names(&s.pages()),
        ["demo/Alpha/2020-01-01_aaaa.md", "demo/SOURCES.tsv"]
    );
}

#[test]
fn a_page_kept_under_its_own_name_stands_for_the_same_revision() {
    let s = Setup::new();
    let seed = page("Alpha", Some("2019-01-01"), "");
    s.source("demo/Alpha/2020-01-01_aaaa.md", &seed);
    std::fs::create_dir_all(s.path("pages/demo")).expect("folder");
    std::fs::write(s.path("pages/demo/Alpha.md"), &seed).expect("seed");
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert!(out.contains("unchanged 1"), "{out}");
    let pages = s.pages();
    assert_eq!(names(&pages), ["demo/Alpha.md", "demo/SOURCES.tsv"]);
    assert!(String::from_utf8_lossy(&pages["demo/SOURCES.tsv"])
        .contains("Alpha\tAlpha.md\tdemo/Alpha/2020-01-01_aaaa.md\t2020-01-01\n"));

    // A newer revision goes beside it; the page under its own name is never touched.
    s.source(
        "demo/Alpha/2021-01-01_bbbb.md",
        &page("Alpha", Some("2019-01-01"), "新"),
    );
    let (ok, out) = s.import(&["--remove-missing"]);
    assert!(ok, "{out}");
    assert!(
        out.contains("a page under its own name, left in place"),
        "{out}"
    );
    assert_eq!(
        names(&s.pages()),
        [
            "demo/Alpha.md",
            "demo/Alpha/2021-01-01_bbbb.md",
            "demo/SOURCES.tsv"
        ]
    );
}

#[test]
fn a_dry_run_prints_the_same_and_writes_nothing() {
    let s = Setup::new();
    s.source("demo/Alpha/2020-01-01_aaaa.md", &page("Alpha", None, ""));
    let (ok, out) = s.import(&["--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("added: demo/Alpha"), "{out}");
    assert!(out.contains("dry run: would write 2 file(s)"), "{out}");
    assert!(s.pages().is_empty());
}

#[test]
fn excluded_pages_and_each_api_version_are_kept_as_codegen_reads_them() {
    let s = Setup::new();
    // A guide the product excludes: imported, codegen's exclusion decides.
    s.source("demo/Guide/2020-01-01_aaaa.md", "# 调用方式\n\n说明。\n");
    // One API folder documenting two versions: the newest of each.
    s.source(
        "demo/Moved/2019-01-01_aaaa.md",
        &page("Moved", Some("2019-01-01"), "一"),
    );
    s.source(
        "demo/Moved/2019-06-01_bbbb.md",
        &page("Moved", Some("2019-01-01"), "二"),
    );
    s.source(
        "demo/Moved/2021-01-01_cccc.md",
        &page("Moved", Some("2020-01-01"), ""),
    );
    // A guide no product excludes: codegen reads no API from it, so it is left out.
    s.source("demo/Howto/2020-01-01_dddd.md", "# 使用说明\n\n说明。\n");
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert_eq!(
        names(&s.pages()),
        [
            "demo/Guide/2020-01-01_aaaa.md",
            "demo/Moved/2019-06-01_bbbb.md",
            "demo/Moved/2021-01-01_cccc.md",
            "demo/SOURCES.tsv"
        ]
    );
    assert!(
        out.contains("Howto/2020-01-01_dddd.md: not an API reference"),
        "{out}"
    );
}

#[test]
fn products_are_chosen_by_name_or_folder() {
    let s = Setup::new();
    s.source("demo/Alpha/2020-01-01_aaaa.md", &page("Alpha", None, ""));
    let (ok, out) = s.import(&["nosuch"]);
    assert!(!ok, "{out}");
    assert!(out.contains("`nosuch`: no product configuration"), "{out}");
    let (ok, out) = s.import(&["--as-of", "2020-02-30x"]);
    assert!(!ok, "{out}");
    assert!(out.contains("--as-of 2020-02-30x: not a date"), "{out}");
    let (ok, out) = s.import(&["demo"]);
    assert!(ok, "{out}");
    assert!(out.contains("added: demo/Alpha"), "{out}");
}

/// The committed pages are what importing the whole corpus gives.
#[test]
fn importing_the_corpus_reproduces_the_committed_pages() {
    let Some(corpus) = support::reference_dir("APIGEN_CORPUS") else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let s = Setup::new();
    std::fs::remove_dir_all(s.path("pages")).expect("empty pages");
    std::fs::remove_dir_all(s.path("products")).expect("empty products");
    copy_tree(&root.join("specs/pages"), &s.path("pages"));
    copy_tree(&root.join("specs/products"), &s.path("products"));
    let committed = s.pages();
    let newest = newest_date(&corpus).expect("dated revisions");

    let (pages, products) = (s.path("pages"), s.path("products"));
    let (ok, out) = support::import(&[
        "--from".as_ref(),
        corpus.as_os_str(),
        "--as-of".as_ref(),
        newest.as_ref(),
        "--pages".as_ref(),
        pages.as_os_str(),
        "--products".as_ref(),
        products.as_os_str(),
    ]);
    println!("{out}");
    assert!(ok, "{out}");
    // Every page and origin record as committed.
    support::assert_changed_nothing(&out, &s.pages(), &committed);

    let (ok, out) = support::import(&[
        "--from".as_ref(),
        corpus.as_os_str(),
        "--pages".as_ref(),
        pages.as_os_str(),
        "--products".as_ref(),
        products.as_os_str(),
    ]);
    assert!(ok, "{out}");
    assert!(out.contains("wrote 0 file(s), removed 0"), "{out}");
}

/// The latest revision date in a file name under `dir` (`<YYYY-MM-DD>_<blob>.md`).
fn newest_date(dir: &Path) -> Option<String> {
    let mut newest: Option<String> = None;
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        let found = if path.is_dir() {
            newest_date(&path)
        } else {
            let name = path.file_name()?.to_string_lossy().into_owned();
            let date = name.split_once('_').map(|(d, _)| d.to_string());
            date.filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-' && name.ends_with(".md"))
        };
        newest = newest.max(found);
    }
    newest
}

fn copy_tree(from: &Path, to: &Path) {
    for (relative, bytes) in files(from) {
        let path = to.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, bytes).expect("copy");
    }
}
