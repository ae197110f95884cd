//! `cargo xtask changes` on two small spec directories, and the release step of `codegen`
//! on a small product: versions and changelogs move with the changes, and only with them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn sandbox(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-release-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("sandbox");
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("directory");
    std::fs::write(path, text).expect("written");
}

fn xtask(args: &[&str]) -> (bool, String, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs");
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stdout).into_owned(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

const SPEC: &str = "name: Foo\nproduct: Demo\nversion: 2020-01-01\nsource:\n  page: demo/Foo/2020-01-01_a.md\n  revision: 2020-01-01\nhttp:\n  style: rpc\n  method: POST\nrequest:\n- name: A\n  type: string\n  location: query\n";

#[test]
fn changes_compares_two_spec_directories() {
    let dir = sandbox("changes");
    let (old, new) = (dir.join("old"), dir.join("new"));
    write(&old.join("demo/2020-01-01/Foo.yaml"), SPEC);
    write(
        &new.join("demo/2020-01-01/Foo.yaml"),
        &format!("{SPEC}- name: B\n  type: string\n  location: query\n  required: true\n"),
    );
    write(
        &new.join("demo/2020-01-01/Bar.yaml"),
        &SPEC.replace("Foo", "Bar"),
    );
    let json = dir.join("changes.json");
    let args = [
        "changes",
        "--from",
        old.to_str().unwrap(),
        "--to",
        new.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ];
    let (ok, stdout, stderr) = xtask(&args);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        "demo: breaking (1 breaking, 1 additive, 0 wire, 0 docs)\n\
         \x20 additive 2020-01-01 Bar: operation added\n\
         \x20 breaking 2020-01-01 Foo request.B: added, required (string): a new `new()` argument\n"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["breaking"], 1);
    assert_eq!(
        report["products"]["demo"]["changes"][1]["kind"],
        "member-added"
    );
    // The same tree twice: nothing.
    let (ok, stdout, _) = xtask(&[
        "changes",
        "--from",
        old.to_str().unwrap(),
        "--to",
        old.to_str().unwrap(),
    ]);
    assert!(ok);
    assert_eq!(stdout, "no changes\n");
    // A broken spec is named.
    write(&old.join("demo/2020-01-01/Bad.yaml"), "name: [\n");
    let (ok, _, stderr) = xtask(&args);
    assert!(!ok);
    assert!(stderr.contains("demo/2020-01-01/Bad.yaml:"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

const PRODUCT: &str = "folder: demo\ncode: Demo\nname: Demo\ndefault_version: 2020-01-01\nmethod: POST\nendpoint:\n  prefix: demo\n  regional: false\n";

fn page(action: &str, summary: &str) -> String {
    format!("# {action}\n\n{summary}\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Name|String|否|a|名称。|\n")
}

#[test]
fn codegen_moves_versions_with_the_changes_and_only_with_them() {
    let dir = sandbox("codegen");
    let (pages, products, out) = (dir.join("pages"), dir.join("products"), dir.join("out"));
    write(&products.join("demo.yaml"), PRODUCT);
    write(
        &pages.join("demo/Foo/2020-01-01_a.md"),
        &page("Foo", "调用Foo。"),
    );
    let args = |command: &'static str, extra: &[&'static str]| -> Vec<String> {
        let mut args = vec![
            command.to_string(),
            "--pages".into(),
            pages.display().to_string(),
            "--products".into(),
            products.display().to_string(),
            "--out".into(),
            out.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let run = |command: &'static str, extra: &[&'static str]| {
        let list = args(command, extra);
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        let (ok, _, stderr) = xtask(&refs);
        assert!(ok, "{stderr}");
        stderr
    };
    let version = || {
        let manifest = std::fs::read_to_string(out.join("generated/demo/Cargo.toml")).unwrap();
        manifest
            .lines()
            .find_map(|l| l.strip_prefix("version = \""))
            .map(|v| v.trim_end_matches('"').to_string())
            .unwrap()
    };
    let changelog = || std::fs::read_to_string(out.join("generated/demo/CHANGELOG.md")).unwrap();

    let stderr = run("codegen", &[]);
    assert!(stderr.contains("version demo: - -> 0.1.0\n"), "{stderr}");
    assert_eq!(version(), "0.1.0");
    assert!(
        changelog().contains("## 0.1.0\n\nFirst release, from page revisions up to 2020-01-01.\n")
    );
    assert!(out.join("specs/releases/demo.yaml").is_file());
    assert!(out.join("specs/releases/_entry.yaml").is_file());
    // Twice changes nothing.
    assert!(run("codegen", &[]).contains("(0 file(s) changed)"));

    // A new operation: additive, a patch of a 0.x crate, and the entry crate follows.
    write(
        &pages.join("demo/Bar/2020-02-01_a.md"),
        &page("Bar", "调用Bar。"),
    );
    let stderr = run("codegen", &[]);
    assert!(
        stderr.contains("version demo: 0.1.0 -> 0.1.1 (additive)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("version _entry: 0.1.0 -> 0.1.1"),
        "{stderr}"
    );
    assert_eq!(version(), "0.1.1");
    assert!(
        changelog().contains("## 0.1.1 (additive)\n\nPage revisions up to 2020-02-01.\n\n### Added\n\n- `Bar` (2020-01-01, page 2020-02-01): operation added\n"),
        "{}",
        changelog()
    );
    let entry = std::fs::read_to_string(out.join("generated/alibabacloud/Cargo.toml")).unwrap();
    assert!(
        entry.contains("alibabacloud-demo = { path = \"../demo\", version = \"0.1.1\""),
        "{entry}"
    );
    assert!(run("codegen", &[]).contains("(0 file(s) changed)"));
    assert!(run("check", &[]).contains("check passed"));

    // A newer revision with other prose: docs only, a patch.
    write(
        &pages.join("demo/Foo/2020-03-01_b.md"),
        &page("Foo", "调用Foo接口。"),
    );
    std::fs::remove_file(pages.join("demo/Foo/2020-01-01_a.md")).unwrap();
    assert!(run("codegen", &[]).contains("version demo: 0.1.1 -> 0.1.2 (docs)"));

    // An operation removed: breaking, the minor of a 0.x crate.
    std::fs::remove_dir_all(pages.join("demo/Bar")).unwrap();
    assert!(run("codegen", &[]).contains("version demo: 0.1.2 -> 0.2.0 (breaking)"));

    // --no-release: the specs change, the version and changelog stay.
    write(
        &pages.join("demo/Bar/2020-02-01_a.md"),
        &page("Bar", "调用Bar。"),
    );
    let before = changelog();
    let stderr = run("codegen", &["--no-release"]);
    assert!(stderr.contains("versions and changelogs kept"), "{stderr}");
    assert_eq!(version(), "0.2.0");
    assert_eq!(changelog(), before);
    assert!(out.join("specs/apis/demo/2020-01-01/Bar.yaml").is_file());
    assert!(run("check", &[]).contains("check passed"));

    // A spec on disk that does not read (a merge conflict) stops a release, naming it, and
    // not a regeneration without one.
    let bar = out.join("specs/apis/demo/2020-01-01/Bar.yaml");
    write(&bar, "<<<<<<< HEAD\nname: [\n");
    let list = args("codegen", &[]);
    let refs: Vec<&str> = list.iter().map(String::as_str).collect();
    let (ok, _, stderr) = xtask(&refs);
    assert!(!ok);
    assert!(
        stderr.contains("demo/2020-01-01/Bar.yaml:") && stderr.contains("--no-release"),
        "{stderr}"
    );
    run("codegen", &["--no-release"]);
    assert!(run("check", &[]).contains("check passed"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The update procedure of the README on one product of the real corpus: the pages as of an
/// earlier date as the baseline, then the newest; the version and changelog move once, and the
/// specs end as the committed ones.
#[test]
fn a_real_update_of_kms_between_two_dates() {
    let Some(corpus) = std::env::var_os("APIGEN_CORPUS") else {
        eprintln!("APIGEN_CORPUS is not set: skipping the update of kms from the corpus");
        return;
    };
    let corpus = PathBuf::from(corpus);
    assert!(
        corpus.is_dir(),
        "APIGEN_CORPUS={} is not a directory",
        corpus.display()
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = sandbox("kms");
    let (pages, products, out) = (dir.join("pages"), dir.join("products"), dir.join("out"));
    std::fs::create_dir_all(&pages).unwrap();
    write(
        &products.join("kms.yaml"),
        &std::fs::read_to_string(root.join("specs/products/kms.yaml")).unwrap(),
    );
    let (pages_arg, products_arg, out_arg) = (
        pages.display().to_string(),
        products.display().to_string(),
        out.display().to_string(),
    );
    let corpus_arg = corpus.display().to_string();
    let import = |extra: &[&str]| {
        let mut args = vec!["import", "--from", &corpus_arg, "--remove-missing"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--pages", &pages_arg, "--products", &products_arg, "kms"]);
        let (ok, _, stderr) = xtask(&args);
        assert!(ok, "{stderr}");
    };
    let codegen = |extra: &[&str]| {
        let mut args = vec![
            "codegen",
            "--quiet",
            "--pages",
            &pages_arg,
            "--products",
            &products_arg,
            "--out",
            &out_arg,
        ];
        args.extend_from_slice(extra);
        let (ok, _, stderr) = xtask(&args);
        assert!(ok, "{stderr}");
        stderr
    };
    import(&["--as-of", "2021-03-31"]);
    assert!(codegen(&["--no-release"]).contains("version kms: - -> 0.1.0"));
    import(&[]);
    let stderr = codegen(&[]);
    assert!(
        stderr.contains("version kms: 0.1.0 -> 0.2.0 (breaking)"),
        "{stderr}"
    );
    let changelog = std::fs::read_to_string(out.join("generated/kms/CHANGELOG.md")).unwrap();
    for line in [
        "## 0.2.0 (breaking)\n\nPage revisions up to 2021-06-17.\n",
        "- `SetDeletionProtection` (2016-01-20, page 2021-06-10): operation added\n",
        "- `TagResource` (2016-01-20, page 2019-05-24 -> 2021-05-27): `request.KeyId` made optional: no longer a `new()` argument;",
        "## 0.1.0\n\nFirst release, from page revisions up to 2021-02-05.\n",
    ] {
        assert!(changelog.contains(line), "{line}\n--- in ---\n{changelog}");
    }
    assert!(codegen(&[]).contains("(0 file(s) changed)"));
    // The newest pages, with the committed English pages beside them, give the committed specs.
    let english = root.join("specs/pages-en").display().to_string();
    codegen(&["--no-release", "--english-pages", &english]);
    let committed = root.join("specs/apis/kms/2016-01-20");
    for entry in std::fs::read_dir(&committed).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            std::fs::read_to_string(out.join("specs/apis/kms/2016-01-20").join(name))
                .unwrap_or_default(),
            "{}",
            path.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
