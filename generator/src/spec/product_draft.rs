//! A first product configuration for a folder of pages nobody has configured yet: what its pages
//! say about the product code, versions and endpoint, written as YAML for a maintainer to review
//! (`cargo xtask add-product FOLDER`, and the error an unconfigured folder gives).

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::page;
use crate::pipeline::PageInput;

/// What the pages of one folder say about one product documented in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The product's key: its configuration file's name (the folder's own name for the product
    /// most of the folder's pages document, else its code in lower case).
    pub key: String,
    /// The folder the pages are in.
    pub folder: String,
    /// Product code from the explorer links (most pages' spelling), if any link names one.
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
    /// Pages that named neither a product nor a host, counted here because this is the
    /// folder's own product.
    pub unplaced: usize,
    /// The folder of the English pages directory holding English pages for this folder, when
    /// it has one (set by the caller, which knows where English pages live): the draft says
    /// `english: [<folder>]`.
    pub english: Option<String>,
}

/// What one page says about its product.
struct Evidence {
    code: Option<String>,
    version: Option<String>,
    host: Option<String>,
    roa: bool,
}

/// The first label of an Alibaba host: the product's endpoint prefix (`sts` of
/// `sts.aliyuncs.com`).
fn host_prefix(host: &str) -> &str {
    host.split('.').next().unwrap_or(host)
}

/// Reads the pages of `folder` (labels starting `folder/`) for drafts: one per product the
/// folder documents, told apart as codegen tells them (explorer product code, else the request
/// example's host), the folder's main product first.
pub fn read(folder: &str, pages: &[PageInput]) -> Vec<Draft> {
    let prefix = format!("{folder}/");
    let evidence: Vec<Evidence> = pages
        .iter()
        .filter(|p| p.label.starts_with(&prefix))
        .map(|input| {
            // The draft only summarises; the pages' own diagnostics come with codegen.
            let mut ignored = Diagnostics::new();
            let page = page::read(&input.label, &input.text, &mut ignored);
            let explorer = page.explorer.as_ref();
            Evidence {
                code: explorer.and_then(|e| e.product.clone()),
                version: explorer.and_then(|e| e.version.clone()),
                host: page
                    .request_example
                    .as_ref()
                    .and_then(|e| e.host.clone())
                    .filter(|h| h.ends_with(".aliyuncs.com")),
                roa: explorer
                    .and_then(|e| e.style.as_deref())
                    .is_some_and(|s| s.eq_ignore_ascii_case("roa"))
                    || page.request_syntax.is_some(),
            }
        })
        .collect();

    // Products by lower-case code; a host prefix seen beside a code belongs to that product.
    let mut groups: BTreeMap<String, Vec<&Evidence>> = BTreeMap::new();
    let mut prefix_owner: BTreeMap<String, String> = BTreeMap::new();
    for e in &evidence {
        if let Some(code) = &e.code {
            let id = code.to_ascii_lowercase();
            if let Some(host) = &e.host {
                prefix_owner
                    .entry(host_prefix(host).to_ascii_lowercase())
                    .or_insert_with(|| id.clone());
            }
            groups.entry(id).or_default().push(e);
        }
    }
    let mut unplaced = Vec::new();
    for e in evidence.iter().filter(|e| e.code.is_none()) {
        match &e.host {
            Some(host) => {
                let prefix = host_prefix(host).to_ascii_lowercase();
                let id = prefix_owner.get(&prefix).cloned().unwrap_or(prefix);
                groups.entry(id).or_default().push(e);
            }
            None => unplaced.push(e),
        }
    }
    let main = groups
        .iter()
        .max_by_key(|(id, pages)| (pages.len(), std::cmp::Reverse(id.as_str())))
        .map(|(id, _)| id.clone());

    let mut drafts: Vec<Draft> = Vec::new();
    for (id, members) in &groups {
        let is_main = main.as_ref() == Some(id);
        let mut draft = summarise(folder, members.iter().copied());
        draft.key = if is_main {
            folder.to_string()
        } else {
            id.clone()
        };
        if is_main {
            let rest = summarise(folder, unplaced.iter().copied());
            draft.unplaced = rest.pages;
            draft.pages += rest.pages;
            draft.unversioned += rest.unversioned;
            draft.roa += rest.roa;
        }
        drafts.push(draft);
    }
    if drafts.is_empty() {
        let mut draft = summarise(folder, unplaced.iter().copied());
        draft.key = folder.to_string();
        drafts.push(draft);
    }
    drafts.sort_by_key(|d| (d.key != folder, d.key.clone()));
    drafts
}

/// Counts what a group of pages says.
fn summarise<'a>(folder: &str, pages: impl Iterator<Item = &'a Evidence>) -> Draft {
    let mut draft = Draft {
        folder: folder.to_string(),
        ..Draft::default()
    };
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for e in pages {
        draft.pages += 1;
        if let Some(code) = &e.code {
            *codes.entry(code.clone()).or_default() += 1;
        }
        match &e.version {
            Some(v) => *draft.versions.entry(v.clone()).or_default() += 1,
            None => draft.unversioned += 1,
        }
        draft.roa += usize::from(e.roa);
        if let Some(host) = &e.host {
            *draft.hosts.entry(host.clone()).or_default() += 1;
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
            "# Draft for {} page(s) of `{}/`: review every value before committing.\n",
            self.pages, self.folder
        ));
        if self.roa > 0 {
            out.push_str(&format!(
                "# {} of them are ROA pages (a method and a path per operation).\n",
                self.roa
            ));
        }
        if self.unplaced > 0 {
            out.push_str(&format!(
                "# {} page(s) name no product and show no host: they go to this product, the folder's own;\n# list any of another product under that product's `apis:`.\n",
                self.unplaced
            ));
        }
        out.push_str(&format!("folder: {}\n", self.key));
        if self.key != self.folder {
            out.push_str(&format!(
                "folders: [{}]  # its pages share the folder with another product's\n",
                self.folder
            ));
        }
        if let Some(english) = &self.english {
            out.push_str(&format!(
                "english: [{english}]  # English pages pair by API name, case aside: check which pair\n"
            ));
        }
        match &self.code {
            Some(code) => out.push_str(&format!(
                "code: {code}  # from the pages' OpenAPI Explorer links\n"
            )),
            None => out.push_str(&format!(
                "code: {}  # no page names its product: set the code the gateway knows\n",
                self.key
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
                    self.key
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
        let drafts = read("kms", &pages);
        assert_eq!(drafts.len(), 1);
        let draft = &drafts[0];
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
        let yaml = read("slb", &pages)[0].to_yaml();
        assert!(yaml.contains("regional: false"), "{yaml}");
        assert!(yaml.contains("default_version: YYYY-MM-DD"), "{yaml}");
        let yaml = read("none", &[])[0].to_yaml();
        assert!(yaml.contains("check the product's endpoint"), "{yaml}");
        assert!(!yaml.contains("english:"), "{yaml}");
    }

    #[test]
    fn a_folder_with_english_pages_is_listed_under_english() {
        let mut draft = read("slb", &[page("slb/X/1.md", "# X\n")])[0].clone();
        draft.english = Some("slb".into());
        let yaml = draft.to_yaml();
        let config = product_from_yaml(Path::new("slb.yaml"), &yaml).expect("the draft loads");
        assert_eq!(config.english, ["slb"]);
    }

    #[test]
    fn a_folder_of_several_products_gets_a_draft_for_each() {
        let link = |code: &str, api: &str, version: &str| {
            format!("# {api}\n\n[x](https://api.aliyun.com/#product={code}&api={api}&type=RPC&version={version})\n")
        };
        let host =
            |api: &str, host: &str| format!("# {api}\n\n```\nhttps://{host}/?Action={api}\n```\n");
        let pages = [
            page(
                "ram/CreateUser/1.md",
                &link("Ram", "CreateUser", "2015-05-01"),
            ),
            page("ram/GetUser/1.md", &host("GetUser", "ram.aliyuncs.com")),
            page("ram/ListUsers/1.md", &host("ListUsers", "ram.aliyuncs.com")),
            page(
                "ram/CreateApp/1.md",
                &link("Ims", "CreateApp", "2019-08-15"),
            ),
            page(
                "ram/AssumeRole/1.md",
                &host("AssumeRole", "sts.aliyuncs.com"),
            ),
            page("ram/Guide/1.md", "# Guide\n"),
        ];
        let drafts = read("ram", &pages);
        let keys: Vec<&str> = drafts.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["ram", "ims", "sts"]);
        assert_eq!((drafts[0].pages, drafts[0].unplaced), (4, 1));
        assert_eq!(drafts[0].code.as_deref(), Some("Ram"));
        for draft in &drafts[1..] {
            let yaml = draft.to_yaml();
            let config = product_from_yaml(Path::new("x.yaml"), &yaml).expect("the draft loads");
            assert_eq!(config.folder, draft.key);
            assert_eq!(config.folders, ["ram"]);
        }
        let sts = product_from_yaml(Path::new("sts.yaml"), &drafts[2].to_yaml()).unwrap();
        assert_eq!(sts.endpoint.prefix, "sts");
        assert!(drafts[0].to_yaml().contains("1 page(s) name no product"));
    }
}
