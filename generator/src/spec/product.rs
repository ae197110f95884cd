//! Product configuration: what maintainers write by hand, once per product, in
//! `specs/products/<folder>.yaml`. Pages do not say everything (some name no API version, none
//! says which regions have which host), so this file does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::HttpMethod;

/// One product's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductConfig {
    /// The product's key: the name of its configuration file, its spec directory and, unless
    /// `module` says otherwise, its Rust module. Also a folder of its pages under the pages
    /// directory (`linkwan`), when one has that name; a product whose pages all sit in other
    /// products' folders lists them under `folders` (`sts`, documented in `ram/`).
    pub folder: String,
    /// Product code as the gateway knows it (`LinkWAN`).
    pub code: String,
    /// The product's name as users know it (`Key Management Service`), for the crate's docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The module, crate (`alibabacloud-<module>`) and feature name, when it is not `folder`'s:
    /// the product's name rather than the folder its pages happen to be filed in (`vpc` for the
    /// VPN pages of the Vpc product).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// The operation the crate's docs show in their usage example (its page's example values
    /// fill the arguments); without it, the one with the fewest required parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Version given to pages that name none. Pages that name one keep theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_version: Option<String>,
    /// HTTP method of every operation (the official SDKs use POST for RPC).
    #[serde(default = "default_method")]
    pub method: HttpMethod,
    /// How the endpoint host is found from a region.
    pub endpoint: EndpointConfig,
    /// Further page folders whose pages belong to this product (the Vpc product's APIs are
    /// documented in `vpn`, `nat` and `eip` folders): their pages make one product with
    /// `folder`'s, in one module named after `folder`. A folder several products claim is
    /// shared page by page (see [`crate::pipeline::routing`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub folders: Vec<String>,
    /// Folders of the English pages directory (`specs/pages-en`) holding this product's English
    /// pages. An English page pairs with the product's API of the same name (case aside) and
    /// version (see [`crate::spec::bilingual`]); empty: the product has no English pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub english: Vec<String>,
    /// Which language the generated docs show first where an API's page has an English page
    /// beside it: `english-first` (the default) or `chinese-first`. The other language follows
    /// in a collapsed block; where only one language exists it is shown alone.
    #[serde(default, skip_serializing_if = "DocsOrder::is_default")]
    pub docs: DocsOrder,
    /// APIs (by their page's name or directory in a shared folder) that belong to this product
    /// although their pages do not say so: no explorer link naming the product, no request
    /// example with its host. An entry that matches no page is an error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apis: Vec<String>,
    /// Pages under the folder that are not API references and are left out: an API folder name
    /// (`通过HTTP上报监控数据`, every revision in it) or a page path relative to the product folder.
    /// An entry that matches no page is an error, so the list never goes stale.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Corrections applied to the specs read from pages, before emission (see
    /// [`super::overrides`] for the format).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<super::overrides::Override>,
    /// Waiters: `wait_until_*` methods polling an operation until a resource reaches a state
    /// (see [`super::waiters`] for the format).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiters: Vec<super::waiters::WaiterConfig>,
}

impl ProductConfig {
    /// True when pages in `folder` belong to this product.
    pub fn owns_folder(&self, folder: &str) -> bool {
        self.folder == folder || self.folders.iter().any(|f| f == folder)
    }

    /// The exclusion entry that leaves out the page `label` (relative to the pages directory).
    /// Entries name a page or API folder relative to any of the product's folders.
    pub fn excluded_by(&self, label: &str) -> Option<&str> {
        let (folder, rest) = label.split_once('/')?;
        if !self.owns_folder(folder) {
            return None;
        }
        let relative = rest;
        self.exclude.iter().map(String::as_str).find(|entry| {
            let entry = entry.trim_matches('/');
            relative == entry
                || relative.strip_suffix(".md") == Some(entry)
                || relative
                    .strip_prefix(entry)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

/// Which language a product's generated docs show first (see [`ProductConfig::docs`]).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum DocsOrder {
    /// English text first, the page's Chinese text collapsed under it.
    #[default]
    EnglishFirst,
    /// The page's Chinese text first, the English collapsed under it.
    ChineseFirst,
}

impl DocsOrder {
    /// True for the default, which configurations leave out.
    pub fn is_default(&self) -> bool {
        *self == DocsOrder::EnglishFirst
    }
}

fn default_method() -> HttpMethod {
    HttpMethod::Post
}

/// Endpoint resolution for a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointConfig {
    /// Host prefix of the general rule (`linkwan` → `linkwan.<region>.aliyuncs.com`).
    pub prefix: String,
    /// Regional products need a region; central ones use `<prefix>.aliyuncs.com`.
    pub regional: bool,
    /// Hosts that do not follow the rule, by region id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hosts: BTreeMap<String, String>,
}
