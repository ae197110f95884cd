//! `cargo xtask import --english` on small trees built here (a Chinese pages directory, an
//! English source, product configurations), and on the English corpus when `APIGEN_CORPUS_EN`
//! names it: importing it into a copy of the committed English pages changes no page.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

mod support;
use support::{explorer, files, names};

/// An English page of `api`, naming `version` in an explorer link when given; `note` makes
/// revisions differ.
fn english(api: &str, version: Option<&str>, note: &str) -> String {
    let explorer = explorer("Debugging", api, version);
    format!(
        "# {api}\n\nYou can call this operation {note}.\n\n{explorer}## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|--|--|--|--|--|\n|Action|String|Yes|{api}|The operation. Set the value to {api}. |\n"
    )
}

/// A Chinese page of `api`, naming `version` when given.
fn chinese(api: &str, version: Option<&str>) -> String {
    let explorer = explorer("调试", api, version);
    format!("# {api}\n\n调用{api}。\n\n{explorer}")
}

/// Product `demo`: Chinese pages in `demo/` and `extra/`, English ones in `demo/`; the Chinese
/// `Guide` is not an API.
const DEMO: &str = "folder: demo
folders: [extra]
english: [demo]
code: Demo
default_version: 2020-01-01
endpoint:
  prefix: demo
  regional: false
exclude:
  - Guide
";

/// Product `other`, with no English pages.
const OTHER: &str = "folder: other
code: Other
default_version: 2020-01-01
endpoint:
  prefix: other
  regional: false
";

/// Source, Chinese pages, English pages and products, each in one temporary directory.
struct Setup {
    dir: TempDir,
}

impl Setup {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Setup { dir };
        s.write("products/demo.yaml", DEMO);
        s.write("products/other.yaml", OTHER);
        for chinese_api in ["demo/Alpha", "demo/DescribeThingDetail", "extra/Gamma"] {
            let api = chinese_api.rsplit('/').next().expect("name");
            s.write(
                &format!("pages/{chinese_api}/2021-01-01_0000.md"),
                &chinese(api, None),
            );
        }
        s.write("pages/demo/Guide/2021-01-01_0001.md", "# 指南\n");
        std::fs::create_dir_all(s.path("source")).expect("source");
        s
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, bytes).expect("write");
    }

    /// Writes an English revision under the source directory.
    fn source(&self, relative: &str, text: &str) {
        self.write(&format!("source/{relative}"), text);
    }

    /// Runs `xtask import --english` from the source into `pages-en`.
    fn import(&self, args: &[&str]) -> (bool, String) {
        let (from, pages, english, products) = (
            self.path("source"),
            self.path("pages"),
            self.path("pages-en"),
            self.path("products"),
        );
        let mut all: Vec<&OsStr> = vec![
            "--english".as_ref(),
            "--from".as_ref(),
            from.as_os_str(),
            "--pages".as_ref(),
            pages.as_os_str(),
            "--english-pages".as_ref(),
            english.as_os_str(),
            "--products".as_ref(),
            products.as_os_str(),
        ];
        all.extend(args.iter().map(OsStr::new));
        support::import(&all)
    }

    /// Every file under the English pages directory: relative path -> bytes.
    fn english_pages(&self) -> BTreeMap<String, Vec<u8>> {
        let dir = self.path("pages-en");
        if dir.is_dir() {
            files(&dir)
        } else {
            BTreeMap::new()
        }
    }
}

#[test]
fn the_newest_paired_revision_is_imported_case_aside_and_its_origin_recorded() {
    let s = Setup::new();
    s.source(
        "demo/Alpha/2019-01-01_aaaa.md",
        &english("Alpha", None, "one"),
    );
    s.source(
        "demo/Alpha/2020-01-01_bbbb.md",
        &english("Alpha", None, "two"),
    );
    // A translation lower-cased the name; it still pairs.
    s.source(
        "demo/Describethingdetail/2020-02-02_cccc.md",
        &english("Describethingdetail", None, ""),
    );
    // Gamma's Chinese page is in the product's other folder.
    s.source("demo/Gamma/2020-03-03_dddd.md", &english("Gamma", None, ""));
    // No Chinese page: not imported. Guide is excluded on the Chinese side.
    s.source("demo/Zeta/2020-04-04_eeee.md", &english("Zeta", None, ""));
    s.source("demo/Guide/2020-04-04_ffff.md", &english("Guide", None, ""));
    // A folder no product lists under `english:`.
    s.source(
        "other/Omega/2020-01-01_1111.md",
        &english("Omega", None, ""),
    );

    let (ok, out) = s.import(&["--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("nothing written"), "{out}");
    assert!(s.english_pages().is_empty(), "a dry run writes nothing");

    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("demo/: added 3, changed 0, unchanged 0, disappeared 0"),
        "{out}"
    );
    assert!(
        out.contains("unpaired: demo/: 2 English API(s) pair with no API of")
            && out.contains("(not imported): Guide, Zeta"),
        "{out}"
    );
    assert!(
        out.contains("demo/Describethingdetail pairs with demo/DescribeThingDetail"),
        "{out}"
    );
    assert!(
        out.contains("no product configuration lists this folder under `english:`"),
        "{out}"
    );
    let pages = s.english_pages();
    assert_eq!(
        names(&pages),
        [
            "demo/Alpha/2020-01-01_bbbb.md",
            "demo/Describethingdetail/2020-02-02_cccc.md",
            "demo/Gamma/2020-03-03_dddd.md",
            "demo/SOURCES.tsv",
        ]
    );
    assert_eq!(
        pages["demo/Alpha/2020-01-01_bbbb.md"],
        english("Alpha", None, "two").as_bytes()
    );
    assert_eq!(
        String::from_utf8_lossy(&pages["demo/SOURCES.tsv"]),
        "api\tpage\tsource\trevision\n\
         Alpha\tAlpha/2020-01-01_bbbb.md\tdemo/Alpha/2020-01-01_bbbb.md\t2020-01-01\n\
         Describethingdetail\tDescribethingdetail/2020-02-02_cccc.md\tdemo/Describethingdetail/2020-02-02_cccc.md\t2020-02-02\n\
         Gamma\tGamma/2020-03-03_dddd.md\tdemo/Gamma/2020-03-03_dddd.md\t2020-03-03\n"
    );

    // Running it again changes nothing.
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert!(out.contains("wrote 0 file(s), removed 0"), "{out}");
    assert_eq!(s.english_pages(), pages);
}

#[test]
fn as_of_picks_an_older_revision_a_later_import_replaces_it_and_stale_pages_go_when_asked() {
    let s = Setup::new();
    s.source(
        "demo/Alpha/2019-01-01_aaaa.md",
        &english("Alpha", None, "one"),
    );
    s.source(
        "demo/Alpha/2020-01-01_bbbb.md",
        &english("Alpha", None, "two"),
    );
    s.source("demo/Gamma/2020-03-03_dddd.md", &english("Gamma", None, ""));
    let (ok, out) = s.import(&["--as-of", "2019-06-30"]);
    assert!(ok, "{out}");
    // Gamma had no English page yet on that day.
    assert_eq!(
        names(&s.english_pages()),
        ["demo/Alpha/2019-01-01_aaaa.md", "demo/SOURCES.tsv"]
    );

    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("changed: demo/Alpha: 2019-01-01_aaaa.md -> 2020-01-01_bbbb.md"),
        "{out}"
    );
    assert_eq!(
        names(&s.english_pages()),
        [
            "demo/Alpha/2020-01-01_bbbb.md",
            "demo/Gamma/2020-03-03_dddd.md",
            "demo/SOURCES.tsv"
        ]
    );

    // Gamma's Chinese page goes: its English page no longer pairs, is kept, then removed.
    std::fs::remove_dir_all(s.path("pages/extra/Gamma")).expect("remove");
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("disappeared: demo/Gamma (kept; --remove-missing removes it)"),
        "{out}"
    );
    assert!(s
        .english_pages()
        .contains_key("demo/Gamma/2020-03-03_dddd.md"));
    let record = String::from_utf8_lossy(&s.english_pages()["demo/SOURCES.tsv"]).into_owned();
    assert!(record.contains("Gamma/2020-03-03_dddd.md"), "{record}");

    let (ok, out) = s.import(&["--remove-missing"]);
    assert!(ok, "{out}");
    assert!(out.contains("disappeared: demo/Gamma (removed)"), "{out}");
    let pages = s.english_pages();
    assert_eq!(
        names(&pages),
        ["demo/Alpha/2020-01-01_bbbb.md", "demo/SOURCES.tsv"]
    );
    let record = String::from_utf8_lossy(&pages["demo/SOURCES.tsv"]).into_owned();
    assert!(!record.contains("Gamma"), "{record}");
}

#[test]
fn each_version_the_chinese_pages_keep_keeps_its_newest_english_revision() {
    let s = Setup::new();
    // The Chinese pages keep Alpha for two versions.
    s.write(
        "pages/demo/Alpha/2021-01-01_0000.md",
        &chinese("Alpha", Some("2015-01-01")),
    );
    s.write(
        "pages/demo/Alpha/2021-02-02_0002.md",
        &chinese("Alpha", Some("2019-01-01")),
    );
    s.source(
        "demo/Alpha/2018-01-01_aaaa.md",
        &english("Alpha", Some("2015-01-01"), "old"),
    );
    s.source(
        "demo/Alpha/2019-01-01_bbbb.md",
        &english("Alpha", Some("2015-01-01"), "new"),
    );
    s.source(
        "demo/Alpha/2020-01-01_cccc.md",
        &english("Alpha", Some("2019-01-01"), ""),
    );
    // Newest of all, but a version the Chinese pages do not keep: codegen pairs it with
    // nothing, so it is not imported.
    s.source(
        "demo/Alpha/2020-06-01_dddd.md",
        &english("Alpha", Some("2010-01-01"), ""),
    );
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert_eq!(
        names(&s.english_pages()),
        [
            "demo/Alpha/2019-01-01_bbbb.md",
            "demo/Alpha/2020-01-01_cccc.md",
            "demo/SOURCES.tsv"
        ]
    );
}

#[test]
fn an_api_with_english_pages_in_two_folders_keeps_the_newest_only() {
    let s = Setup::new();
    s.write(
        "products/demo.yaml",
        &DEMO.replace("english: [demo]", "english: [demo, extra]"),
    );
    s.source("demo/Alpha/2020-01-01_aaaa.md", &english("Alpha", None, ""));
    s.source(
        "extra/Alpha/2020-05-05_aaaa.md",
        &english("Alpha", None, ""),
    );
    s.source("demo/Gamma/2020-06-06_bbbb.md", &english("Gamma", None, ""));
    s.source(
        "extra/Gamma/2020-01-01_bbbb.md",
        &english("Gamma", None, ""),
    );
    // Choosing one folder (not a product's name) still compares it with the other.
    let (ok, out) = s.import(&["extra"]);
    assert!(ok, "{out}");
    assert!(
        out.contains(
            "extra/Gamma/2020-01-01_bbbb.md: demo/Gamma is a newer English page of the same API (extra/Gamma)"
        ),
        "{out}"
    );
    assert_eq!(
        names(&s.english_pages()),
        ["extra/Alpha/2020-05-05_aaaa.md", "extra/SOURCES.tsv"]
    );
    let (ok, out) = s.import(&[]);
    assert!(ok, "{out}");
    assert_eq!(
        names(&s.english_pages()),
        [
            "demo/Gamma/2020-06-06_bbbb.md",
            "demo/SOURCES.tsv",
            "extra/Alpha/2020-05-05_aaaa.md",
            "extra/SOURCES.tsv"
        ]
    );
}

#[test]
fn products_and_folders_are_chosen_by_name() {
    let s = Setup::new();
    s.source("demo/Alpha/2020-01-01_bbbb.md", &english("Alpha", None, ""));
    let (ok, out) = s.import(&["demo"]);
    assert!(ok, "{out}");
    assert!(out.contains("demo/: added 1"), "{out}");

    let (ok, out) = s.import(&["other"]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("`other`: specs/products/other.yaml lists no English folder (`english:`)"),
        "{out}"
    );
    let (ok, out) = s.import(&["nothing"]);
    assert!(!ok, "{out}");
    assert!(out.contains("`nothing`: no product configuration"), "{out}");

    let (ok, out) = s.import(&["--as-of", "2020-13-01"]);
    assert!(!ok, "{out}");
    assert!(out.contains("not a date"), "{out}");
}

/// The committed English pages are what importing the whole English corpus gives.
#[test]
fn importing_the_english_corpus_reproduces_the_committed_pages() {
    let Some(corpus) = support::reference_dir("APIGEN_CORPUS_EN") else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let committed = files(&root.join("specs/pages-en"));
    let s = Setup::new();
    std::fs::remove_dir_all(s.path("pages")).expect("empty pages");
    std::fs::remove_dir_all(s.path("products")).expect("empty products");
    for (from, to) in [
        ("specs/pages", "pages"),
        ("specs/pages-en", "pages-en"),
        ("specs/products", "products"),
    ] {
        for (relative, bytes) in files(&root.join(from)) {
            s.write_bytes(&format!("{to}/{relative}"), &bytes);
        }
    }
    let (pages, english, products) = (s.path("pages"), s.path("pages-en"), s.path("products"));
    let (ok, out) = support::import(&[
        "--english".as_ref(),
        "--from".as_ref(),
        corpus.as_os_str(),
        "--pages".as_ref(),
        pages.as_os_str(),
        "--english-pages".as_ref(),
        english.as_os_str(),
        "--products".as_ref(),
        products.as_os_str(),
    ]);
    println!("{out}");
    assert!(ok, "{out}");
    assert!(out.contains("wrote 0 file(s), removed 0"), "{out}");
    support::assert_changed_nothing(&out, &s.english_pages(), &committed);
}
