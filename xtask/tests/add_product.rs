//! `cargo xtask add-product` lists the folder under `english:` when the English pages directory
//! has it, and not otherwise.

use std::path::Path;
use std::process::Command;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
    std::fs::write(path, text).expect("write");
}

fn add_product(dir: &Path, folder: &str) -> (bool, String, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("add-product")
        .arg(folder)
        .arg("--pages")
        .arg(dir.join("pages"))
        .arg("--english-pages")
        .arg(dir.join("pages-en"))
        .arg("--products")
        .arg(dir.join("products"))
        .output()
        .expect("xtask runs");
    let draft =
        std::fs::read_to_string(dir.join(format!("products/{folder}.yaml"))).unwrap_or_default();
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
        draft,
    )
}

#[test]
fn the_draft_lists_english_pages_only_where_there_are_some() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = |code: &str, api: &str| {
        format!("# {api}\n\n[x](https://api.aliyun.com/#product={code}&api={api}&type=RPC&version=2020-01-01)\n")
    };
    write(
        &dir.path().join("pages/demo/A/2021-01-01_aa.md"),
        &page("Demo", "A"),
    );
    write(
        &dir.path().join("pages/solo/B/2021-01-01_bb.md"),
        &page("Solo", "B"),
    );
    write(
        &dir.path().join("pages-en/demo/A/2020-01-01_cc.md"),
        "# A\n",
    );

    let (ok, out, draft) = add_product(dir.path(), "demo");
    assert!(ok, "{out}");
    assert!(draft.contains("\nenglish: [demo]  #"), "{draft}");
    assert!(out.contains("cargo xtask import --english"), "{out}");

    let (ok, out, draft) = add_product(dir.path(), "solo");
    assert!(ok, "{out}");
    assert!(draft.contains("folder: solo"), "{draft}");
    assert!(!draft.contains("english"), "{draft}");
}
