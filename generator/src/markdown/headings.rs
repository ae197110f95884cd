//! Headings, with the DITA attribute block some pages carry: `## 请求参数 {#parameters .section}`.
//! ATX headings (`## Text`) are what the pages use; a few English pages use setext headings
//! instead, the text underlined with `===` (level 1) or `---` (level 2).

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
    let (text, anchor) = split_attributes(after.trim().trim_end_matches('#').trim_end());
    Some(Heading {
        level,
        text,
        anchor,
        line: number,
    })
}

/// The level a setext underline gives (`===` 1, `---` 2), up to three spaces of indentation
/// and trailing spaces allowed, as in CommonMark.
pub fn underline_level(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line.trim();
    if indent > 3 || rest.is_empty() {
        return None;
    }
    if rest.chars().all(|c| c == '=') {
        Some(1)
    } else if rest.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// Reads a setext heading: `text` on line `number`, underlined by `underline` on the next line.
/// The text must be a one-line paragraph that is not something else a `---` may follow: a
/// table row, a list item, a quote or a code line. Whether the line before `text` is blank is
/// the caller's to check.
pub fn setext(text: &str, underline: &str, number: usize) -> Option<Heading> {
    let level = underline_level(underline)?;
    let indent = text.len() - text.trim_start_matches(' ').len();
    let content = text.trim();
    let list_item = content.starts_with(['-', '*', '+'])
        || content
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if indent > 3
        || content.is_empty()
        || list_item
        || content.starts_with(['|', '>', '#', '`', '~'])
    {
        return None;
    }
    let (text, anchor) = split_attributes(content);
    Some(Heading {
        level,
        text,
        anchor,
        line: number,
    })
}

/// Splits a trailing `{#id .class}` attribute block off a heading's text.
fn split_attributes(text: &str) -> (String, Option<String>) {
    let mut text = text.to_string();
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
    (text, anchor)
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

    #[test]
    fn reads_setext_headings() {
        // dns AddDnsGtmMonitor (2021): the title and the sections are underlined.
        let h = setext(
            "AddDnsGtmMonitor (new) {#title}",
            "===============================",
            1,
        )
        .unwrap();
        assert_eq!(
            (h.level, h.text.as_str(), h.anchor.as_deref(), h.line),
            (1, "AddDnsGtmMonitor (new)", Some("title"), 1)
        );
        let h = setext(
            "Request parameters ",
            "---------------------------------------",
            12,
        )
        .unwrap();
        assert_eq!((h.level, h.text.as_str()), (2, "Request parameters"));
        assert_eq!(underline_level("   ---  "), Some(2));
        assert_eq!(underline_level("    ---"), None);
        assert_eq!(underline_level("-=-"), None);
    }

    #[test]
    fn a_list_item_or_table_row_above_dashes_is_no_heading() {
        assert!(setext("-   LockByDiskQuota：实例空间满自动锁定", "---", 3).is_none());
        assert!(setext("1. first", "---", 3).is_none());
        assert!(setext("|a|b|", "---", 3).is_none());
        assert!(setext("", "---", 3).is_none());
        assert!(setext("text", "--- x", 3).is_none());
    }
}
