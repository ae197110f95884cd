//! The OpenAPI Explorer link: `https://api.aliyun.com/#product=LinkWAN&api=X&type=RPC&version=2018-12-30`.

/// What the explorer link says. Every field is optional: some links stop after `api=`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExplorerLink {
    /// `product=`.
    pub product: Option<String>,
    /// `api=`.
    pub api: Option<String>,
    /// `type=` (RPC or ROA).
    pub style: Option<String>,
    /// `version=`.
    pub version: Option<String>,
    /// Line of the link.
    pub line: usize,
    /// Column where the link's URL starts.
    pub column: usize,
}

/// Finds an explorer link in a line.
pub fn find(text: &str, line: usize) -> Option<ExplorerLink> {
    let at = text.find("api.aliyun.com/#")?;
    let url_start = text.get(..at)?.rfind("http").unwrap_or(at);
    let rest = text.get(at + "api.aliyun.com/#".len()..)?;
    let end = rest.find([')', ' ', '"', '>', ']']).unwrap_or(rest.len());
    let query = rest
        .get(..end)?
        .trim_start_matches('/')
        .trim_start_matches('?');
    let mut link = ExplorerLink {
        line,
        column: crate::markdown::lines::column_of(text, url_start),
        ..Default::default()
    };
    for pair in query.split('&') {
        let Some((key, value)) = pair.split_once('=') else {
            continue;
        };
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        match key.trim() {
            "product" => link.product = value,
            "api" => link.api = value,
            "type" => link.style = value,
            "version" => link.version = value,
            _ => {}
        }
    }
    Some(link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_link_fields() {
        let l = find("[运行](https://api.aliyun.com/#product=LinkWAN&api=CreateLocalJoinPermission&type=RPC&version=2018-12-30)", 7).unwrap();
        assert_eq!(l.product.as_deref(), Some("LinkWAN"));
        assert_eq!(l.api.as_deref(), Some("CreateLocalJoinPermission"));
        assert_eq!(l.style.as_deref(), Some("RPC"));
        assert_eq!(l.version.as_deref(), Some("2018-12-30"));
        assert_eq!((l.line, l.column), (7, 6));
        let l = find("(https://api.aliyun.com/#product=Vpc&api=X)", 1).unwrap();
        assert_eq!(l.version, None);
        assert!(find("no link", 1).is_none());
    }
}
