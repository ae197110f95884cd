//! What the import tests share: an explorer section for a test page, the files of a directory,
//! and running `xtask import`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// An OpenAPI Explorer section under `heading` naming `api` of product `Demo` and `version`,
/// when a version is given (a page naming none has no link).
pub fn explorer(heading: &str, api: &str, version: Option<&str>) -> String {
    version.map_or(String::new(), |v| {
        format!(
            "## {heading}\n\n[OpenAPI Explorer](https://api.aliyun.com/#product=Demo&api={api}&type=RPC&version={v})\n\n"
        )
    })
}

/// Every file under `dir`: path relative to it (`/`-separated) -> bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside");
                let key = relative.to_string_lossy().replace('\\', "/");
                found.insert(key, std::fs::read(&path).expect("read"));
            }
        }
    }
    found
}

/// The paths of `files`' result, in order.
pub fn names(pages: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    pages.keys().map(String::as_str).collect()
}

/// Runs `xtask import` with `args`: whether it succeeded, and what it printed on stderr.
pub fn import(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("import")
        .args(args)
        .output()
        .expect("xtask runs");
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

/// Checks what an import of a whole corpus into a copy of the committed pages printed
/// (`out`) and left (`imported`): no page added, changed, gone or unplaced, every file as
/// `committed`.
pub fn assert_changed_nothing(
    out: &str,
    imported: &BTreeMap<String, Vec<u8>>,
    committed: &BTreeMap<String, Vec<u8>>,
) {
    let summary = out
        .lines()
        .find(|l| l.starts_with("import: "))
        .expect("summary");
    assert!(
        summary.contains("added 0, changed 0,") && summary.contains("disappeared 0;"),
        "{summary}"
    );
    assert!(
        summary.contains("0 file(s) or folder(s) not placed"),
        "{summary}"
    );
    let changed: Vec<&String> = imported
        .keys()
        .chain(committed.keys())
        .filter(|k| imported.get(*k) != committed.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "the import changed committed files: {changed:?}"
    );
}

/// The directory the environment variable `var` names. Unset: prints that the test skipped and
/// gives `None` (a user's clone has no corpus). Set but not a directory: fails the test.
pub fn reference_dir(var: &str) -> Option<std::path::PathBuf> {
    let Some(dir) = std::env::var_os(var) else {
        println!("skipped: {var} not set");
        return None;
    };
    let dir = std::path::PathBuf::from(dir);
    assert!(
        dir.is_dir(),
        "{var} is set but {} is not a directory",
        dir.display()
    );
    Some(dir)
}
