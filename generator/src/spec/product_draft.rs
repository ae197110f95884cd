//! A first product configuration for a folder of pages nobody has configured yet: what its pages
//! say about the product code, versions and endpoint, written as YAML for a maintainer to review
//! (`cargo xtask add-product FOLDER`, and the error an unconfigured folder gives).

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::page;
use crate::pipeline::PageInput;

/// What the pages of one folder say about their product.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The folder.
    pub folder: String,
    /// Product code from the explorer links (most pages' choice), if any link names one.
    pub code: Option<String>,
    /// API versions the links name, with how many pages name each.
    pub versions: BTreeMap<String, usize>,
    /// Pages whose link names no version.
    pub unversioned: usize,
    /// Request-example hosts, with how many pages show each.
    pub hosts: BTreeMap<String, usize>,
    /// Pages that are ROA by their link or request line.
    pub roa: usize,
    /// Pages read.
    pub pages: usize,
}

/// Reads the pages of `folder` (labels starting `folder/`) for a draft.
pub fn read(folder: &str, pages: &[PageInput]) -> Draft {
    let mut draft = Draft {
        folder: folder.to_string(),
        ..Draft::default()
    };
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let prefix = format!("{folder}/");
    for input in pages.iter().filter(|p| p.label.starts_with(&prefix)) {
        // The draft only summarises; the pages' own diagnostics come with codegen.
        let mut ignored = Diagnostics::new();
        let page = page::read(&input.label, &input.text, &mut ignored);
        draft.pages += 1;
        let explorer = page.explorer.as_ref();
        if let Some(code) = explorer.and_then(|e| e.product.clone()) {
            *codes.entry(code).or_default() += 1;
        }
        match explorer.and_then(|e| e.version.clone()) {
            Some(v) => *draft.versions.entry(v).or_default() += 1,
            None => draft.unversioned += 1,
        }
        let roa = explorer
            .and_then(|e| e.style.as_deref())
            .is_some_and(|s| s.eq_ignore_ascii_case("roa"))
            || page.request_syntax.is_some();
        draft.roa += usize::from(roa);
        if let Some(host) = page.request_example.as_ref().and_then(|e| e.host.clone()) {
            if host.ends_with(".aliyuncs.com") {
                *draft.hosts.entry(host).or_default() += 1;
            }
        }
    }
    draft.code = most_common(&codes);
    draft
}

fn most_common(counts: &BTreeMap<String, usize>) -> Option<String> {
    counts
        .iter()
        .max_by_key(|(name, n)| (**n, std::cmp::Reverse(*name)))
        .map(|(name, _)| name.clone())
}

/// True for a host label that names a region (`cn-hangzhou`, `ap-southeast-1`, `eu-central-1`).
fn is_region(label: &str) -> bool {
    let mut parts = label.split('-');
    let area = parts.next().unwrap_or_default();
    ["cn", "ap", "us", "eu", "me", "sa", "na", "rus", "af"].contains(&area)
        && parts.next().is_some()
}

impl Draft {
    /// The configuration as YAML, with comments saying where each value came from and what to
    /// check.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "# Draft for the {} page(s) of `{}/`: review every value before committing.\n",
            self.pages, self.folder
        ));
        if self.roa > 0 {
            out.push_str(&format!(
                "# {} of them are ROA pages (a method and a path per operation).\n",
                self.roa
            ));
        }
        out.push_str(&format!("folder: {}\n", self.folder));
        match &self.code {
            Some(code) => out.push_str(&format!(
                "code: {code}  # from the pages' OpenAPI Explorer links\n"
            )),
            None => out.push_str(&format!(
                "code: {}  # no page names its product: set the code the gateway knows\n",
                self.folder
            )),
        }
        let version = most_common(&self.versions);
        match (&version, self.unversioned) {
            (Some(_), 0) => out.push_str(&format!(
                "# Every page names its version ({}).\n",
                list(&self.versions)
            )),
            (Some(v), n) => out.push_str(&format!(
                "default_version: {v}  # for the {n} page(s) that name none; the others name {}\n",
                list(&self.versions)
            )),
            (None, _) => {
                out.push_str("default_version: YYYY-MM-DD  # no page names its version: set it\n")
            }
        }
        out.push_str("method: POST\n");
        out.push_str("endpoint:\n");
        let host = most_common(&self.hosts);
        match host.as_deref().map(|h| h.trim_end_matches(".aliyuncs.com")) {
            Some(stem) => {
                let mut labels = stem.splitn(2, '.');
                let prefix = labels.next().unwrap_or(stem);
                let rest = labels.next();
                match rest {
                    Some(region) if is_region(region) => {
                        out.push_str(&format!(
                            "  prefix: {prefix}  # request examples use {}\n",
                            list(&self.hosts)
                        ));
                        out.push_str("  regional: true\n");
                    }
                    _ => {
                        out.push_str(&format!(
                            "  prefix: {stem}  # request examples use {}\n",
                            list(&self.hosts)
                        ));
                        out.push_str("  regional: false\n");
                    }
                }
            }
            None => {
                out.push_str(&format!(
                    "  prefix: {}  # no request example shows a host: check the product's endpoint\n",
                    self.folder
                ));
                out.push_str("  regional: true\n");
            }
        }
        out
    }
}

/// `a (3), b (1)`: the most common first, at most four.
fn list(counts: &BTreeMap<String, usize>) -> String {
    let mut items: Vec<(&String, &usize)> = counts.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = items
        .iter()
        .take(4)
        .map(|(k, n)| format!("{k} ({n})"))
        .collect();
    let more = items.len().saturating_sub(4);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::yaml::product_from_yaml;
    use std::path::Path;

    fn page(label: &str, text: &str) -> PageInput {
        PageInput {
            label: label.into(),
            text: text.into(),
        }
    }

    #[test]
    fn drafts_a_loadable_configuration_from_links_and_hosts() {
        let pages = [
            page("kms/Encrypt/1.md", "# Encrypt\n\n[x](https://api.aliyun.com/#product=Kms&api=Encrypt&type=RPC&version=2016-01-20)\n\n```\nhttps://kms.cn-hangzhou.aliyuncs.com/?Action=Encrypt\n```\n"),
            page("kms/Decrypt/1.md", "# Decrypt\n\n```\nhttps://kms.cn-hangzhou.aliyuncs.com/?Action=Decrypt\n```\n"),
            page("other/X/1.md", "# X\n"),
        ];
        let draft = read("kms", &pages);
        assert_eq!(draft.pages, 2);
        assert_eq!(draft.code.as_deref(), Some("Kms"));
        assert_eq!(draft.unversioned, 1);
        let yaml = draft.to_yaml();
        let config = product_from_yaml(Path::new("kms.yaml"), &yaml).expect("the draft loads");
        assert_eq!(config.code, "Kms");
        assert_eq!(config.default_version.as_deref(), Some("2016-01-20"));
        assert_eq!(config.endpoint.prefix, "kms");
        assert!(config.endpoint.regional);
    }

    #[test]
    fn a_central_host_is_not_regional_and_nothing_known_is_said_so() {
        let pages = [page(
            "slb/X/1.md",
            "# X\n\n```\nhttp://slb.aliyuncs.com/?Action=X\n```\n",
        )];
        let yaml = read("slb", &pages).to_yaml();
        assert!(yaml.contains("regional: false"), "{yaml}");
        assert!(yaml.contains("default_version: YYYY-MM-DD"), "{yaml}");
        let yaml = read("none", &[]).to_yaml();
        assert!(yaml.contains("check the product's endpoint"), "{yaml}");
    }
}
