//! Cleaning the text of one table cell: Markdown escapes, invisible characters, the blank
//! lines and indentation left by multi-line cells.

use super::lines::normalize;

/// Removes Markdown backslash escapes (`iot\_instc` → `iot_instc`, `\[1, 5\]` → `[1, 5]`).
/// A backslash before anything but ASCII punctuation is kept.
pub fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_owned();
    }
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

/// Cleans a cell: normalises spaces, unescapes, drops leading and trailing blank lines and
/// squeezes runs of blank lines to one. The result is Markdown text.
///
/// Indentation is the cell's layout, not Markdown's: lines are trimmed, except that a bullet
/// indented deeper than the bullet above it is nested under it, and a text line indented under
/// a bullet continues it. Nested items are re-indented to their parent's text, as Markdown
/// needs (pages write ` -   a` and `    -   b` for a child, which Markdown would read as
/// siblings).
pub fn clean(text: &str) -> String {
    /// One open list item: the raw indentation of its bullet and where its text starts.
    struct Item {
        raw: usize,
        text_at: usize,
    }
    let text = unescape(&normalize(text));
    let mut lines: Vec<String> = Vec::new();
    let mut open: Vec<Item> = Vec::new();
    for line in text.split('\n') {
        let content = line.trim();
        if content.is_empty() {
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(String::new());
            }
            continue;
        }
        let raw: usize = line
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let placed = match bullet_width(content) {
            Some(width) => {
                while open.last().is_some_and(|item| raw <= item.raw) {
                    open.pop();
                }
                let at = open.last().map_or(0, |item| item.text_at);
                open.push(Item {
                    raw,
                    text_at: at + width,
                });
                format!("{}{content}", " ".repeat(at))
            }
            None => match open.last() {
                Some(item) if raw > item.raw => format!("{}{content}", " ".repeat(item.text_at)),
                _ => {
                    open.clear();
                    content.to_string()
                }
            },
        };
        lines.push(placed);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// The width of a list marker and the spaces after it (`-   ` is 4, `1. ` is 3), when `line`
/// starts with one.
fn bullet_width(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker = if digits > 0 {
        let after = line.get(digits..)?;
        (after.starts_with('.') || after.starts_with(')')).then_some(digits + 1)?
    } else if line.starts_with(['-', '*', '+']) {
        1
    } else {
        return None;
    };
    let spaces = line
        .get(marker..)?
        .chars()
        .take_while(|c| *c == ' ')
        .count();
    (spaces > 0).then_some(marker + spaces)
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
        // A deeper bullet is a child, re-indented under its parent's text; a deeper text line
        // continues its item; a bullet back at its sibling's depth is a sibling again.
        assert_eq!(
            clean(" -   **p1**：\n    -   c1\n    -   c2\n-   **p2**\n    -   c3\n\n 后记"),
            "-   **p1**：\n    -   c1\n    -   c2\n-   **p2**\n    -   c3\n\n后记"
        );
        assert_eq!(clean("1. a\n   继续\n2. b"), "1. a\n   继续\n2. b");
        assert_eq!(clean("-x 不是列表\n  -5 也不是"), "-x 不是列表\n-5 也不是");
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
