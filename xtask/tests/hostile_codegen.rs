//! `cargo xtask codegen` on the hostile pages of `generator/tests/hostile`: the refused set fails
//! with located errors and writes no file at all; the accepted set writes only under `--out`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn hostile(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../generator/tests/hostile")
        .join(set)
}

/// A fresh directory for one run; `--out` is a folder inside it, so anything written beside
/// `--out` (or above it, by `..`) shows up in the sandbox.
fn sandbox(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("sandbox");
    dir
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn codegen(set: &str, out: &Path) -> (bool, String) {
    let dir = hostile(set);
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .arg("--pages")
        .arg(dir.join("pages"))
        .arg("--products")
        .arg(dir.join("products"))
        .arg("--out")
        .arg(out)
        .output()
        .expect("xtask runs");
    (
        run.status.success(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

#[test]
fn refused_pages_give_located_errors_and_write_nothing() {
    let sandbox = sandbox("refused");
    let (ok, stderr) = codegen("refused", &sandbox.join("out"));
    assert!(!ok, "{stderr}");
    for located in [
        "error[invalid-version]",
        "--> hostile/CI/2020-01-01_a.md:7:20",
        "--> hostile/DotSegments/2020-01-01_a.md:12:1",
        "--> hostile/EncodedDots/2020-01-01_a.md:12:1",
        "--> hostile/Escape/2020-01-01_a.md:1:1",
        "codegen failed: 8 error(s); nothing written",
    ] {
        assert!(stderr.contains(located), "`{located}` in:\n{stderr}");
    }
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "a page's control characters reached the terminal"
    );
    let mut written = Vec::new();
    files_under(&sandbox, &mut written);
    assert!(written.is_empty(), "{written:?}");
    let _ = std::fs::remove_dir_all(&sandbox);
}

#[test]
fn accepted_pages_are_written_under_out_only() {
    let sandbox = sandbox("accepted");
    let out = sandbox.join("out");
    let (ok, stderr) = codegen("accepted", &out);
    assert!(ok, "{stderr}");
    let mut written = Vec::new();
    files_under(&sandbox, &mut written);
    assert!(written.len() > 10, "{written:?}");
    assert!(written.iter().all(|p| p.starts_with(&out)), "{written:?}");
    assert!(written
        .iter()
        .any(|p| p.ends_with("specs/apis/oddities/2020-01-01/Secrets.yaml")));
    let _ = std::fs::remove_dir_all(&sandbox);
}
