//! Fenced code blocks: ```` ``` ```` or `~~~`, with an optional info string or id block
//! (```` ``` {#codeblock_fiz_ezz_b58} ````), possibly indented (inside list items); and the
//! indented code blocks some translated pages write their examples in (four spaces, after a
//! blank line), when what they hold is an example: a URL, a request line, JSON or XML.

use super::lines::SourceLine;

/// One fenced block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// Line of the opening fence.
    pub open_line: usize,
    /// Info string after the fence (language), without any `{#id}` block.
    pub info: String,
    /// The `{#id}` of the fence, if any.
    pub id: Option<String>,
    /// Body lines with the fence's indentation removed, joined with `\n`.
    pub body: String,
    /// Line number of the first body line.
    pub body_line: usize,
    /// Whether a closing fence was found (else the block runs to the end of the page).
    pub closed: bool,
}

/// Finds every fenced block; also returns, per line (index = number - 1), whether the line
/// belongs to a fence, so that headings and tables inside code are ignored.
pub fn find(lines: &[SourceLine]) -> (Vec<Fence>, Vec<bool>) {
    let mut fences = Vec::new();
    let mut inside = vec![false; lines.len()];
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let Some((indent, marker, len, rest)) = opening(&line.text) else {
            i += 1;
            continue;
        };
        // A block opened inside a table cell (the row above is still open) is part of that
        // cell, and closes on a line that also closes the cell (```` ``` | ````): it is left to
        // the table, so the rest of the table is not taken for code.
        if in_open_cell(lines, i) {
            let close = lines.iter().skip(i + 1).position(|inner| {
                let cell_end = inner.text.trim().trim_end_matches('|').trim_end();
                cell_end.len() >= len && cell_end.chars().all(|c| c == marker)
            });
            if let Some(offset) = close {
                i += offset + 2;
                continue;
            }
        }
        let (info, id) = info_and_id(rest);
        let open_line = line.number;
        if let Some(flag) = inside.get_mut(i) {
            *flag = true;
        }
        let mut body = Vec::new();
        let mut closed = false;
        let mut j = i + 1;
        while let Some(inner) = lines.get(j) {
            if let Some(flag) = inside.get_mut(j) {
                *flag = true;
            }
            let trimmed = inner.text.trim();
            if trimmed.len() >= len && trimmed.chars().all(|c| c == marker) {
                closed = true;
                break;
            }
            body.push(strip_indent(&inner.text, indent));
            j += 1;
        }
        fences.push(Fence {
            open_line,
            info,
            id,
            body: body.join("\n"),
            body_line: open_line + 1,
            closed,
        });
        i = j + 1;
    }
    indented_examples(lines, &mut fences, &mut inside);
    fences.sort_by_key(|f| f.open_line);
    (fences, inside)
}

/// Indented code blocks holding an example, added as fences without a fence line. Only a block
/// that starts like an example (a URL, `GET /…`, `{`, `[`, `<`) after a blank line, and does not
/// continue a list item, is taken: indented prose under a list item is the item's text.
fn indented_examples(lines: &[SourceLine], fences: &mut Vec<Fence>, inside: &mut [bool]) {
    let indented = |text: &str| text.starts_with("    ") || text.starts_with('\t');
    let blank = |i: usize| lines.get(i).is_none_or(|l| l.text.trim().is_empty());
    let mut i = 0;
    while i < lines.len() {
        let starts = !inside[i]
            && indented(&lines[i].text)
            && (i == 0 || blank(i - 1))
            && looks_like_example(lines[i].text.trim())
            && !continues_list(lines, i);
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut j = i;
        while j < lines.len() && !inside[j] && (indented(&lines[j].text) || blank(j)) {
            if !blank(j) {
                end = j;
            }
            j += 1;
        }
        let body: Vec<String> = lines[i..=end]
            .iter()
            .map(|l| {
                let text = l.text.strip_prefix('\t').unwrap_or(&l.text);
                strip_indent(text, 4)
            })
            .collect();
        for flag in &mut inside[i..=end] {
            *flag = true;
        }
        fences.push(Fence {
            open_line: lines[i].number,
            info: String::new(),
            id: None,
            body: body.join("\n"),
            body_line: lines[i].number,
            closed: true,
        });
        i = end + 1;
    }
}

fn looks_like_example(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let request_line = ["get ", "post ", "put ", "delete ", "patch "]
        .iter()
        .any(|m| lower.starts_with(m) && lower[m.len()..].trim_start().starts_with('/'));
    text.starts_with('{')
        || text.starts_with('[')
        || text.starts_with('<')
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("http(s)://")
        || request_line
}

/// True when the nearest non-blank line above line index `i` is a list item or is itself
/// indented (the block continues an item's text).
fn continues_list(lines: &[SourceLine], i: usize) -> bool {
    let Some(above) = lines[..i].iter().rev().find(|l| !l.text.trim().is_empty()) else {
        return false;
    };
    let text = above.text.as_str();
    let trimmed = text.trim_start();
    let item = trimmed.starts_with("- ")
        || trimmed.starts_with("* ")
        || trimmed.starts_with("+ ")
        || trimmed
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    item || text.starts_with(' ') || text.starts_with('\t')
}

/// True when the nearest non-blank line above line index `i` is a table row whose cell is still
/// open: it starts with `|` and does not end with one.
fn in_open_cell(lines: &[SourceLine], i: usize) -> bool {
    lines
        .get(..i)
        .unwrap_or_default()
        .iter()
        .rev()
        .map(|l| l.text.trim())
        .find(|t| !t.is_empty())
        .is_some_and(|t| t.starts_with('|') && !t.ends_with('|'))
}

/// `(indent, marker, length, rest)` when the line opens a fence.
fn opening(text: &str) -> Option<(usize, char, usize, &str)> {
    let trimmed = text.trim_start();
    let indent = text.len() - trimmed.len();
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == marker).count();
    if len < 3 {
        return None;
    }
    let rest = trimmed.get(len..)?;
    if marker == '`' && rest.contains('`') {
        return None;
    }
    Some((indent, marker, len, rest))
}

fn info_and_id(rest: &str) -> (String, Option<String>) {
    let rest = rest.trim();
    if let Some(open) = rest.find('{') {
        let block = rest
            .get(open + 1..)
            .unwrap_or_default()
            .trim_end_matches('}');
        let id = block
            .split_whitespace()
            .find_map(|a| a.strip_prefix('#'))
            .map(str::to_string);
        let info = rest.get(..open).unwrap_or_default().trim().to_string();
        return (info, id);
    }
    (rest.to_string(), None)
}

/// Removes up to `indent` leading spaces (an indented fence indents its body the same way).
fn strip_indent(text: &str, indent: usize) -> String {
    let spaces = text.len() - text.trim_start_matches(' ').len();
    text.get(spaces.min(indent)..).unwrap_or(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::lines::split;

    #[test]
    fn reads_fences_with_ids_and_indentation() {
        let lines = split("a\n``` {#request_demo}\nhttp://x\n```\n\n    ```json\n    {\n      \"a\": 1\n    }\n    ```\n");
        let (fences, inside) = find(&lines);
        assert_eq!(fences.len(), 2);
        assert_eq!(fences[0].id.as_deref(), Some("request_demo"));
        assert_eq!(fences[0].body, "http://x");
        assert_eq!(fences[0].body_line, 3);
        assert_eq!(fences[1].info, "json");
        assert_eq!(fences[1].body, "{\n  \"a\": 1\n}");
        assert!(fences[1].closed);
        assert!(!inside[0] && inside[1] && inside[3] && !inside[4]);
    }

    #[test]
    fn a_block_inside_a_table_cell_is_left_to_the_table() {
        let text = "|a|b|\n|--|--|\n|x|例如：\n\n ```\n\np:1\n\n``` |\n|y|z|\n\n```\ncode\n```\n";
        let lines = split(text);
        let (fences, inside) = find(&lines);
        // Only the block after the table is code; the rows around the cell's block are not.
        assert_eq!(fences.len(), 1);
        assert_eq!(fences[0].body, "code");
        assert!(!inside[4] && !inside[8] && !inside[9] && inside[11]);
        let tables = crate::markdown::tables::find(&lines, &inside);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows.len(), 2);
    }

    #[test]
    fn indented_examples_are_code_and_indented_item_text_is_not() {
        let text = "Sample requests\n\n    http(s)://x.aliyuncs.com/?Action=A\n    &B=1\n\n`JSON` format\n\n    {\n        \"a\": 1\n\n    }\n\n-   An item\n\n    {not code, the item's text}\n";
        let (fences, inside) = find(&split(text));
        assert_eq!(fences.len(), 2);
        assert_eq!(fences[0].body, "http(s)://x.aliyuncs.com/?Action=A\n&B=1");
        assert_eq!((fences[0].open_line, fences[0].body_line), (3, 3));
        assert_eq!(fences[1].body, "{\n    \"a\": 1\n\n}");
        assert!(inside[2] && inside[3] && !inside[4] && inside[7]);
        assert!(!inside[14]);
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let (fences, _) = find(&split("```\nx\ny"));
        assert_eq!(fences.len(), 1);
        assert!(!fences[0].closed);
        assert_eq!(fences[0].body, "x\ny");
    }
}
