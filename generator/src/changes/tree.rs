//! A spec tree in memory: `<product>/<version>/<Action>.yaml` and each version's
//! `_shapes.yaml`, as YAML values, so specs written by an older or newer generator still load.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde_json::Value;

/// Every product of a spec tree, by directory name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpecTree {
    /// Products by directory name (`kms`, `rtc-white-board`).
    pub products: BTreeMap<String, ProductTree>,
}

/// One product's API versions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductTree {
    /// Versions by name (`2016-01-20`).
    pub versions: BTreeMap<String, VersionTree>,
}

/// One API version: its operation specs and its shape table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VersionTree {
    /// Operation specs by action name (the file name).
    pub operations: BTreeMap<String, Value>,
    /// The shape table, `Null` when the version has none.
    pub shapes: Value,
}

/// A spec file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    /// The file, as given (relative to the tree, or a full path).
    pub file: String,
    /// Line, 1-based, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for TreeError {}

impl SpecTree {
    /// Builds a tree from file contents keyed by path relative to the tree's root, with `/`
    /// separators. Files that are not `<product>/<version>/<name>.yaml` are ignored (a README,
    /// a release state), so a directory can be given whole.
    pub fn from_files(files: &BTreeMap<String, String>) -> Result<SpecTree, TreeError> {
        let mut tree = SpecTree::default();
        for (path, text) in files {
            let parts: Vec<&str> = path.split('/').collect();
            let [product, version, file] = parts.as_slice() else {
                continue;
            };
            let Some(stem) = file.strip_suffix(".yaml") else {
                continue;
            };
            let value = parse(path, text)?;
            let slot = tree
                .products
                .entry(product.to_string())
                .or_default()
                .versions
                .entry(version.to_string())
                .or_default();
            if stem == "_shapes" {
                slot.shapes = value;
            } else {
                slot.operations.insert(stem.to_string(), value);
            }
        }
        Ok(tree)
    }

    /// Reads a tree from a directory (`specs/apis`). A directory that does not exist is an
    /// empty tree: there were no specs before.
    pub fn from_dir(dir: &Path) -> Result<SpecTree, TreeError> {
        let mut files = BTreeMap::new();
        if dir.exists() {
            collect(dir, dir, &mut files)?;
        }
        SpecTree::from_files(&files)
    }
}

fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) -> Result<(), TreeError> {
    let io = |path: &Path, e: std::io::Error| TreeError {
        file: path.display().to_string(),
        line: None,
        message: e.to_string(),
    };
    for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let path = entry.map_err(|e| io(dir, e))?.path();
        if path.is_dir() {
            collect(root, &path, files)?;
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let key = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(key, text);
        }
    }
    Ok(())
}

/// One spec file as a JSON-like value.
fn parse(path: &str, text: &str) -> Result<Value, TreeError> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| TreeError {
        file: path.to_string(),
        line: e.location().map(|l| l.line()),
        message: format!("not a YAML spec: {e}"),
    })?;
    let value = serde_json::to_value(yaml).map_err(|e| TreeError {
        file: path.to_string(),
        line: None,
        message: format!("not a spec: {e}"),
    })?;
    if !value.is_object() {
        return Err(TreeError {
            file: path.to_string(),
            line: Some(1),
            message: "expected a mapping at the top of the spec".into(),
        });
    }
    Ok(value)
}

/// The page revision date of an operation spec (`source.revision`).
pub fn revision(spec: &Value) -> Option<String> {
    spec.get("source")?
        .get("revision")?
        .as_str()
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_group_by_product_and_version_and_other_files_are_ignored() {
        let files = BTreeMap::from([
            (
                "kms/2016-01-20/ListKeys.yaml".to_string(),
                "name: ListKeys\n".to_string(),
            ),
            (
                "kms/2016-01-20/_shapes.yaml".to_string(),
                "product: Kms\n".to_string(),
            ),
            ("README.md".to_string(), "# x".to_string()),
        ]);
        let tree = SpecTree::from_files(&files).unwrap();
        let version = &tree.products["kms"].versions["2016-01-20"];
        assert_eq!(version.operations["ListKeys"]["name"], "ListKeys");
        assert_eq!(version.shapes["product"], "Kms");
    }

    #[test]
    fn a_broken_file_is_named_with_its_line() {
        let files = BTreeMap::from([(
            "kms/2016-01-20/ListKeys.yaml".to_string(),
            "name: ListKeys\nrequest: [\n".to_string(),
        )]);
        let err = SpecTree::from_files(&files).unwrap_err();
        assert_eq!(err.file, "kms/2016-01-20/ListKeys.yaml");
        assert!(err.line.is_some(), "{err}");
        let err = SpecTree::from_files(&BTreeMap::from([(
            "a/b/C.yaml".to_string(),
            "- x\n".to_string(),
        )]))
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a/b/C.yaml:1: expected a mapping"),
            "{err}"
        );
    }
}
