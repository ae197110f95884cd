//! ATX headings, with the DITA attribute block some pages carry: `## 请求参数 {#parameters .section}`.

/// One heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`...
    pub level: usize,
    /// Heading text without the attribute block.
    pub text: String,
    /// The `#id` of the attribute block, if any.
    pub anchor: Option<String>,
    /// 1-based line number.
    pub line: usize,
}

/// Reads a heading line. Up to three spaces of indentation are allowed, as in CommonMark.
pub fn parse(line: &str, number: usize) -> Option<Heading> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line.trim_start_matches(' ');
    let level = rest.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let after = rest.get(level..)?;
    if !(after.is_empty() || after.starts_with(' ') || after.starts_with('\t')) {
        return None;
    }
    let mut text = after.trim().trim_end_matches('#').trim_end().to_string();
    let mut anchor = None;
    if text.ends_with('}') {
        if let Some(open) = text.rfind('{') {
            let block = text
                .get(open + 1..text.len() - 1)
                .unwrap_or_default()
                .to_string();
            let attrs: Vec<&str> = block.split_whitespace().collect();
            if attrs
                .iter()
                .all(|a| a.starts_with('#') || a.starts_with('.'))
            {
                anchor = attrs
                    .iter()
                    .find_map(|a| a.strip_prefix('#'))
                    .map(str::to_string);
                text = text.get(..open).unwrap_or_default().trim_end().to_string();
            }
        }
    }
    Some(Heading {
        level,
        text,
        anchor,
        line: number,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_anchored_and_plain_headings() {
        let h = parse(
            "# CreateLocalJoinPermission {#doc_api_LinkWAN_CreateLocalJoinPermission .reference}",
            1,
        )
        .unwrap();
        assert_eq!(h.level, 1);
        assert_eq!(h.text, "CreateLocalJoinPermission");
        assert_eq!(
            h.anchor.as_deref(),
            Some("doc_api_LinkWAN_CreateLocalJoinPermission")
        );
        let h = parse("## 错误码 { .section}", 9).unwrap();
        assert_eq!((h.text.as_str(), h.anchor, h.line), ("错误码", None, 9));
        let h = parse("## 返回数据", 2).unwrap();
        assert_eq!((h.level, h.text.as_str()), (2, "返回数据"));
    }

    #[test]
    fn rejects_non_headings() {
        assert!(parse("#hashtag", 1).is_none());
        assert!(parse("    # code", 1).is_none());
        assert!(parse("####### seven", 1).is_none());
        assert_eq!(parse("#", 1).map(|h| h.text), Some(String::new()));
        assert_eq!(
            parse("## a {b}", 1).map(|h| h.text),
            Some("a {b}".to_string())
        );
    }
}
