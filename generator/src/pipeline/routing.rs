//! Which product a page belongs to, when its folder holds several.
//!
//! Alibaba files pages by documentation folder, not by product: `ram/` holds the Ram, Ims and Sts
//! APIs, `rtc/` three products, and the Vpc product is spread over `vpn/`, `nat/`, `eip/`. Every
//! product configuration claims folders; a page of a folder claimed by one product belongs to
//! it. Where several claim the folder, the page's own evidence decides, strongest first:
//!
//! 1. a configuration's `apis` list naming the API (the maintainers' word, for pages that say
//!    nothing, such as ROA pages without an explorer link);
//! 2. the product code of the page's explorer link;
//! 3. the host of the page's request example (`sts.aliyuncs.com`);
//! 4. the product that another revision of the same API was given by 1–3;
//! 5. the folder's own product: the one configured under the folder's name.
//!
//! A page none of these decide is a located error naming the candidates, never a guess.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, Severity};
use crate::page::Page;
use crate::spec::product::ProductConfig;

use super::folder_of;

/// The API a page documents, as its label files it: `ram/AssumeRole/2020-01-01_ab.md` and
/// `ram/AssumeRole.md` are both `ram/AssumeRole`. Revisions of one API share it.
pub fn api_of(label: &str) -> &str {
    let Some((folder, rest)) = label.split_once('/') else {
        return label;
    };
    let api_len = match rest.split_once('/') {
        Some((api, _)) => api.len(),
        None => rest.strip_suffix(".md").unwrap_or(rest).len(),
    };
    &label[..folder.len() + 1 + api_len]
}

/// The API's name within its folder (`AssumeRole`).
fn api_name(label: &str) -> &str {
    let api = api_of(label);
    api.split_once('/').map_or(api, |(_, name)| name)
}

/// True when `host` is one of the product's: its rule's hosts (`<prefix>.aliyuncs.com`,
/// `<prefix>.<region>.aliyuncs.com`) or one it lists by region.
fn serves_host(product: &ProductConfig, host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let prefix = product.endpoint.prefix.to_ascii_lowercase();
    let by_rule = host
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|rest| rest.ends_with("aliyuncs.com"));
    by_rule
        || product
            .endpoint
            .hosts
            .values()
            .any(|h| h.eq_ignore_ascii_case(&host))
}

/// The candidate the page's own evidence (steps 1–3) names, if exactly one.
fn decide<'a>(page: &Page, candidates: &[&'a ProductConfig]) -> Option<&'a ProductConfig> {
    let name = api_name(&page.file);
    let one = |found: Vec<&'a ProductConfig>| (found.len() == 1).then(|| found[0]);
    if let Some(p) = one(candidates
        .iter()
        .copied()
        .filter(|p| p.apis.iter().any(|a| a == name))
        .collect())
    {
        return Some(p);
    }
    if let Some(code) = page.explorer.as_ref().and_then(|e| e.product.as_deref()) {
        if let Some(p) = one(candidates
            .iter()
            .copied()
            .filter(|p| p.code.eq_ignore_ascii_case(code))
            .collect())
        {
            return Some(p);
        }
    }
    if let Some(host) = page
        .request_example
        .as_ref()
        .and_then(|r| r.host.as_deref())
    {
        if let Some(p) = one(candidates
            .iter()
            .copied()
            .filter(|p| serves_host(p, host))
            .collect())
        {
            return Some(p);
        }
    }
    None
}

/// The product of one page read alone: its only candidate, or the one its own evidence names
/// (steps 1–3 and 5; another revision's word needs [`route`]).
pub fn route_one<'a>(page: &Page, candidates: &[&'a ProductConfig]) -> Option<&'a ProductConfig> {
    match candidates {
        [only] => Some(*only),
        _ => decide(page, candidates).or_else(|| {
            candidates
                .iter()
                .copied()
                .find(|p| p.folder == folder_of(&page.file))
        }),
    }
}

/// Gives each page its product. `candidates[i]` are the products claiming page `i`'s folder
/// (never empty). A page that cannot be placed gets `None` and an error in its diagnostics.
pub fn route<'a>(
    pages: &[Page],
    candidates: &[Vec<&'a ProductConfig>],
    diags: &mut [Diagnostics],
) -> Vec<Option<&'a ProductConfig>> {
    let mut routes: Vec<Option<&'a ProductConfig>> = pages
        .iter()
        .zip(candidates)
        .map(|(page, c)| match c.as_slice() {
            [only] => Some(*only),
            _ => decide(page, c),
        })
        .collect();
    // What the decided revisions of each API say, for the revisions that say nothing.
    let mut by_api: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (page, route) in pages.iter().zip(&routes) {
        if let Some(p) = route {
            let seen = by_api.entry(api_of(&page.file)).or_default();
            if !seen.contains(&p.folder.as_str()) {
                seen.push(&p.folder);
            }
        }
    }
    for (i, page) in pages.iter().enumerate() {
        if routes[i].is_some() {
            continue;
        }
        let c = &candidates[i];
        let sibling = match by_api.get(api_of(&page.file)).map(Vec::as_slice) {
            Some([key]) => c.iter().copied().find(|p| p.folder == *key),
            _ => None,
        };
        let home = || {
            c.iter()
                .copied()
                .find(|p| p.folder == folder_of(&page.file))
        };
        routes[i] = sibling.or_else(home);
        if routes[i].is_none() {
            let names: Vec<String> = c
                .iter()
                .map(|p| format!("{} (specs/products/{}.yaml)", p.code, p.folder))
                .collect();
            let line = page
                .explorer
                .as_ref()
                .map(|e| e.line)
                .or(page.title.as_ref().map(|t| t.line))
                .unwrap_or(1);
            diags[i].push(
                page.diagnostic(
                    Severity::Error,
                    "ambiguous-product",
                    line,
                    1,
                    format!(
                        "folder `{}` holds several products and this page says which by neither its explorer link's product nor its request example's host",
                        folder_of(&page.file)
                    ),
                )
                .expected_found(
                    format!(
                        "one of {}; name the API under `apis:` in its product configuration",
                        names.join(", ")
                    ),
                    "no product code, no known host",
                ),
            );
        }
    }
    routes
}

/// The product a spec read from a page belongs to: the one claiming its folder, or among
/// several, the one whose code the spec carries (routing gave it that code).
pub fn product_of_spec<'a>(
    products: &'a BTreeMap<String, ProductConfig>,
    page: &str,
    code: &str,
) -> Option<&'a ProductConfig> {
    let folder = folder_of(page);
    let mut owners = products.values().filter(|p| p.owns_folder(folder));
    let first = owners.next()?;
    let rest: Vec<_> = owners.collect();
    if rest.is_empty() {
        return Some(first);
    }
    std::iter::once(first)
        .chain(rest)
        .find(|p| p.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::yaml;
    use std::path::Path;

    fn product(yaml_text: &str) -> ProductConfig {
        yaml::product_from_yaml(Path::new("p.yaml"), yaml_text).expect("config loads")
    }

    #[test]
    fn api_is_the_folder_and_the_api_directory_or_file() {
        assert_eq!(api_of("ram/AssumeRole/2020-01-01_ab.md"), "ram/AssumeRole");
        assert_eq!(api_of("ram/AssumeRole.md"), "ram/AssumeRole");
        assert_eq!(api_name("ram/AssumeRole/2020-01-01_ab.md"), "AssumeRole");
        assert_eq!(api_name("ram/AssumeRole.md"), "AssumeRole");
        assert_eq!(api_of("x.md"), "x.md");
    }

    #[test]
    fn hosts_match_the_rule_and_the_listed_hosts() {
        let p = product("folder: sts\ncode: Sts\nendpoint:\n  prefix: sts\n  regional: false\n  hosts:\n    cn-x: special.example.com\n");
        assert!(serves_host(&p, "sts.aliyuncs.com"));
        assert!(serves_host(&p, "STS.cn-hangzhou.aliyuncs.com"));
        assert!(serves_host(&p, "special.example.com"));
        assert!(!serves_host(&p, "stsx.aliyuncs.com"));
        assert!(!serves_host(&p, "ram.aliyuncs.com"));
    }

    fn read(label: &str, text: &str) -> Page {
        crate::page::read(label, text, &mut Diagnostics::new())
    }

    #[test]
    fn code_host_apis_siblings_and_home_decide_in_that_order() {
        let ram = product("folder: ram\ncode: Ram\nendpoint:\n  prefix: ram\n  regional: false\n");
        let ims = product(
            "folder: ims\ncode: Ims\nfolders: [ram]\nendpoint:\n  prefix: ims\n  regional: false\n",
        );
        let sts = product("folder: sts\ncode: Sts\nfolders: [ram]\napis: [AssumeRoleWithSAML]\nendpoint:\n  prefix: sts\n  regional: false\n");
        let candidates = vec![&ram, &ims, &sts];
        let pages = vec![
            // explorer code
            read("ram/CreateApp/2021-01-01_a.md", "# CreateApp\n\n[调试](https://api.aliyun.com/#product=Ims&api=CreateApp)\n"),
            // request example host
            read("ram/AssumeRole/2021-01-01_a.md", "# AssumeRole\n\n## 示例\n\n请求示例\n\n```\nhttps://sts.aliyuncs.com/?Action=AssumeRole\n```\n"),
            // nothing: another revision decides
            read("ram/AssumeRole/2019-01-01_a.md", "# AssumeRole\n"),
            // named under `apis:`
            read("ram/AssumeRoleWithSAML/2021-01-01_a.md", "# AssumeRoleWithSAML\n"),
            // nothing at all: the folder's own product
            read("ram/CreateUser/2021-01-01_a.md", "# CreateUser\n"),
        ];
        let mut diags = vec![Diagnostics::new(); pages.len()];
        let all = vec![candidates.clone(); pages.len()];
        let routes = route(&pages, &all, &mut diags);
        let keys: Vec<&str> = routes
            .iter()
            .map(|r| r.map_or("-", |p| p.folder.as_str()))
            .collect();
        assert_eq!(keys, ["ims", "sts", "sts", "sts", "ram"]);
        assert!(diags.iter().all(|d| !d.has_errors()));
    }

    #[test]
    fn a_page_nothing_places_is_a_located_error() {
        let coo = product("folder: ddoscoo\ncode: ddoscoo\nfolders: [ddos]\nendpoint:\n  prefix: ddoscoo\n  regional: false\n");
        let bgp = product("folder: ddosbgp\ncode: ddosbgp\nfolders: [ddos]\nendpoint:\n  prefix: ddosbgp\n  regional: false\n");
        let pages = vec![read("ddos/AddIp/2019-01-01_a.md", "# AddIp\n")];
        let mut diags = vec![Diagnostics::new()];
        let routes = route(&pages, &[vec![&coo, &bgp]], &mut diags);
        assert!(routes[0].is_none());
        let d = &diags[0].items()[0];
        assert_eq!(d.kind, "ambiguous-product");
        assert_eq!(d.location.file, "ddos/AddIp/2019-01-01_a.md");
        let expected = d.expected.as_deref().unwrap_or_default();
        assert!(
            expected.contains("ddoscoo (specs/products/ddoscoo.yaml)"),
            "{expected}"
        );
        assert!(expected.contains("apis:"), "{expected}");
    }
}
