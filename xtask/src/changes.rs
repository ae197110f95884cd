//! `cargo xtask changes`, and the release step of `codegen` and `check`: compares spec trees
//! with the generator's `changes` module and keeps the release state under `specs/releases/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use apigen::changes::release::{self, Mode, ReleaseState};
use apigen::changes::{self, ChangeReport, SpecTree};
use apigen::emit;
use apigen::spec::product::ProductConfig;

/// What `cargo xtask changes` compares.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The older tree at this git revision (`specs/apis` in it).
    pub since: Option<String>,
    /// The older tree in this directory (`specs/apis`, or a directory holding `specs/apis`).
    pub from: Option<PathBuf>,
    /// The newer tree (default: the repository's `specs/apis`).
    pub to: Option<PathBuf>,
    /// Also write the report as JSON here.
    pub json: Option<PathBuf>,
}

/// A directory given as a spec tree or as a directory holding one (`--out` of codegen).
fn spec_dir(dir: &Path) -> PathBuf {
    let nested = dir.join("specs/apis");
    if nested.is_dir() {
        nested
    } else {
        dir.to_path_buf()
    }
}

/// Runs `cargo xtask changes`.
pub fn run(root: &Path, options: &Options) -> Result<ExitCode, String> {
    let new_dir = spec_dir(
        &options
            .to
            .clone()
            .unwrap_or_else(|| root.join("specs/apis")),
    );
    if !new_dir.is_dir() {
        return Err(format!("{}: no such spec directory", new_dir.display()));
    }
    let new = SpecTree::from_dir(&new_dir).map_err(|e| e.to_string())?;
    let old = match (&options.since, &options.from) {
        (Some(_), Some(_)) => return Err("give --since or --from, not both".into()),
        (None, Some(dir)) => {
            let dir = spec_dir(dir);
            if !dir.is_dir() {
                return Err(format!("{}: no such spec directory", dir.display()));
            }
            SpecTree::from_dir(&dir).map_err(|e| e.to_string())?
        }
        (since, None) => tree_at(root, since.as_deref().unwrap_or("HEAD"))?,
    };
    let report = changes::compare(&old, &new);
    print!("{}", changes::report::text(&report));
    if let Some(path) = &options.json {
        std::fs::write(path, changes::report::json(&report))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The `specs/apis` tree of a git revision, read with `git ls-tree` and `git cat-file --batch`.
fn tree_at(root: &Path, rev: &str) -> Result<SpecTree, String> {
    if rev.starts_with('-') {
        return Err(format!("--since: `{rev}` is not a git revision"));
    }
    let git = |args: &[&str], input: Option<&[u8]>| -> Result<Vec<u8>, String> {
        let mut child = Command::new("git")
            .args(args)
            .current_dir(root)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("git: {e}"))?;
        if let Some(bytes) = input {
            use std::io::Write as _;
            let mut stdin = child.stdin.take().ok_or("git: no stdin")?;
            // Written on a thread so a large answer cannot block the question.
            let bytes = bytes.to_vec();
            std::thread::spawn(move || stdin.write_all(&bytes));
        } else {
            drop(child.stdin.take());
        }
        let out = child.wait_with_output().map_err(|e| format!("git: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(out.stdout)
    };
    let listing = git(
        &["ls-tree", "-r", "--full-tree", rev, "--", "specs/apis"],
        None,
    )?;
    let listing = String::from_utf8_lossy(&listing);
    let mut wanted: Vec<(String, String)> = Vec::new();
    for line in listing.lines() {
        // `<mode> blob <id>\t<path>`
        let Some((meta, path)) = line.split_once('\t') else {
            continue;
        };
        let Some(id) = meta.split_whitespace().nth(2) else {
            continue;
        };
        if let Some(relative) = path.strip_prefix("specs/apis/") {
            wanted.push((id.to_string(), relative.to_string()));
        }
    }
    let question: String = wanted.iter().map(|(id, _)| format!("{id}\n")).collect();
    let answer = git(&["cat-file", "--batch"], Some(question.as_bytes()))?;
    let mut files = BTreeMap::new();
    let mut rest = answer.as_slice();
    for (_, path) in &wanted {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| format!("git cat-file: answer cut short at {path}"))?;
        let header = String::from_utf8_lossy(&rest[..end]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file: unexpected header `{header}` for {path}"))?;
        let body = rest
            .get(end + 1..end + 1 + size)
            .ok_or_else(|| format!("git cat-file: answer cut short at {path}"))?;
        files.insert(path.clone(), String::from_utf8_lossy(body).into_owned());
        rest = rest.get(end + 2 + size..).unwrap_or_default();
    }
    SpecTree::from_files(&files).map_err(|e| format!("{rev}:specs/apis/{e}"))
}

/// What the release step of a codegen run decided.
pub struct Released {
    /// What changed from the specs on disk to the ones written.
    pub report: ChangeReport,
    /// The release state before.
    pub before: ReleaseState,
    /// The release state files to write, relative to the state directory.
    pub files: BTreeMap<String, String>,
}

/// The release step: compares the specs in `specs_dir` (what is committed) with the new ones,
/// advances the state in `releases_dir`, and stamps versions and changelogs on the crate files.
pub fn release(
    specs_dir: &Path,
    releases_dir: &Path,
    new_specs: &BTreeMap<String, String>,
    crate_files: &mut BTreeMap<String, String>,
    products: &BTreeMap<String, ProductConfig>,
    entry: &str,
    mode: Mode,
) -> Result<Released, String> {
    let new = SpecTree::from_files(new_specs).map_err(|e| e.to_string())?;
    // Without a release the previous specs are only reported on: unreadable ones (conflict
    // markers after a merge) must not stop a regeneration.
    let report = match (SpecTree::from_dir(specs_dir), mode) {
        (Ok(old), _) => changes::compare(&old, &new),
        (Err(e), Mode::Release) => {
            return Err(format!(
                "{}/{e}: the specs on disk are the baseline of the release; fix them, or regenerate with --no-release",
                specs_dir.display()
            ))
        }
        (Err(_), Mode::Keep) => ChangeReport::default(),
    };
    let mut state_files = BTreeMap::new();
    if releases_dir.is_dir() {
        for entry in std::fs::read_dir(releases_dir)
            .map_err(|e| format!("{}: {e}", releases_dir.display()))?
        {
            let path = entry
                .map_err(|e| format!("{}: {e}", releases_dir.display()))?
                .path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                state_files.insert(name, text);
            }
        }
    }
    let before = ReleaseState::from_files(&state_files)
        .map_err(|e| format!("{}/{e}", releases_dir.display()))?;
    let next = before.advance(&new, &report, mode);
    let configs: Vec<ProductConfig> = products.values().cloned().collect();
    let modules = emit::product_modules(&configs);
    release::stamp(crate_files, &modules, &next, entry);
    Ok(Released {
        report,
        before,
        files: next.to_files(),
    })
}

/// One line per crate whose version moves, for codegen's summary.
pub fn summary(released: &Released) -> Vec<String> {
    let mut lines = Vec::new();
    let next = ReleaseState::from_files(&released.files).unwrap_or_default();
    for (product, release) in &next.crates {
        let before = released
            .before
            .crates
            .get(product)
            .map(|r| r.version.as_str());
        if before != Some(release.version.as_str()) {
            let effect = released
                .report
                .products
                .get(product)
                .filter(|_| before.is_some())
                .and_then(|p| p.effect())
                .map(|e| format!(" ({})", e.as_str()))
                .unwrap_or_default();
            lines.push(format!(
                "{product}: {} -> {}{effect}",
                before.unwrap_or("-"),
                release.version
            ));
        }
    }
    lines
}
