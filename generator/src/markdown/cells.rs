//! Cleaning the text of one table cell: Markdown escapes, invisible characters, the blank
//! lines and indentation left by multi-line cells.

use super::lines::normalize;

/// Removes Markdown backslash escapes (`iot\_instc` → `iot_instc`, `\[1, 5\]` → `[1, 5]`).
/// A backslash before anything but ASCII punctuation is kept.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Cleans a cell: normalises spaces, unescapes, trims each line, drops leading and trailing
/// blank lines and squeezes runs of blank lines to one. The result is Markdown text.
pub fn clean(text: &str) -> String {
    let text = unescape(&normalize(text));
    let mut lines: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Cleans a cell that should hold one word (a name, a type): also removes bold/code markers
/// and any whitespace inside.
pub fn clean_word(text: &str) -> String {
    clean(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '`')
        .collect()
}

/// If the whole cell is a Markdown link `[label](target)`, gives label and target.
pub fn as_link(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let rest = text.strip_prefix('[')?;
    let close = rest.find("](")?;
    let label = rest.get(..close)?;
    let target = rest.get(close + 2..)?.strip_suffix(')')?;
    if target.contains(')') || label.contains(']') {
        return None;
    }
    Some((label.trim().to_string(), target.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_markdown() {
        assert_eq!(unescape(r"iot\_instc\_pu\*\*\*\*"), "iot_instc_pu****");
        assert_eq!(unescape(r"\[1, 5\]"), "[1, 5]");
        assert_eq!(unescape(r"C:\path"), r"C:\path");
        assert_eq!(unescape("end\\"), "end\\");
    }

    #[test]
    fn cleans_multi_line_cells() {
        assert_eq!(clean("系统规定参数。\n\n "), "系统规定参数。");
        assert_eq!(clean("\u{00A0}"), "");
        assert_eq!(clean("a\n\n\n  -   b\n-   c "), "a\n\n-   b\n-   c");
        assert_eq!(clean_word(" **String**\u{200B} "), "String");
    }

    #[test]
    fn reads_links() {
        assert_eq!(
            as_link("[KeyMetadata](#section_28947_03)"),
            Some(("KeyMetadata".into(), "#section_28947_03".into()))
        );
        assert_eq!(as_link("String"), None);
        assert_eq!(as_link("[a](b) and [c](d)"), None);
    }
}
