//! Doc comments from page text.
//!
//! Descriptions are Markdown written for a web page. Emitted as rustdoc they must neither break
//! the code (they only ever travel as `#[doc = "..."]` string literals, so no text can close a
//! comment or inject an attribute) nor trip rustdoc or clippy lints under `-D warnings`: broken
//! intra-doc links from `[x]`, unclosed HTML tags from `<x>`, bare URLs, code blocks that would
//! become doctests, tabs, lazy list continuations, bidirectional control characters.

use proc_macro2::TokenStream;
use quote::quote;

/// Widest leading indentation kept outside code fences: four spaces would start an indented code
/// block, which rustdoc compiles as a doctest.
const MAX_INDENT: usize = 3;

/// Outer doc attributes (`#[doc = " line"]`, one per line) for `text`, which must already be
/// sanitised. Empty text gives no attribute.
pub fn outer(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`#![doc = " line"]`) for `text`, which must already be sanitised.
pub fn inner(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #![doc = #lines] )* }
}

/// Joins documentation paragraphs, skipping empty ones.
pub fn paragraphs<I, S>(parts: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let kept: Vec<String> =
        parts.into_iter().map(|p| p.as_ref().trim_end().to_string()).filter(|p| !p.trim().is_empty()).collect();
    kept.join("\n\n")
}

/// Inline code for a value (an example, a wire name): backticks long enough that the value
/// cannot end the span, and no line breaks.
pub fn code(value: &str) -> String {
    let flat: String = clean_chars(value).replace('\n', " ");
    let longest = longest_run(&flat, '`');
    let fence = "`".repeat(longest + 1);
    if flat.is_empty() {
        return "`\"\"`".to_string();
    }
    let pad = if flat.starts_with('`') || flat.ends_with('`') || longest > 0 { " " } else { "" };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// Plain text (not Markdown) made safe for rustdoc: every character Markdown would interpret is
/// escaped. For names and messages that must show as written.
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    for c in clean_chars(text).chars() {
        match c {
            '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    let trimmed = out.trim().to_string();
    // A line starting with `-`, `+` or `1.` would become a list item.
    match trimmed.chars().next() {
        Some('-' | '+' | '=') => format!("\\{trimmed}"),
        _ => trimmed,
    }
}

/// Page Markdown made safe for rustdoc, keeping paragraphs, lists, emphasis, inline code,
/// http(s) links and fenced blocks (as `text` blocks).
pub fn markdown(text: &str) -> String {
    let text = line_break_tags(&clean_chars(text));
    let mut out: Vec<String> = Vec::new();
    // The open fence: its character, its length.
    let mut fence: Option<(char, usize)> = None;
    // Content column of the list item the previous lines belong to.
    let mut list_indent: Option<usize> = None;
    for raw in text.split('\n') {
        let line = raw.trim_end();
        if let Some((ch, len)) = fence {
            let trimmed = line.trim_start();
            if longest_prefix(trimmed, ch) >= len && trimmed.chars().all(|c| c == ch) {
                out.push(ch.to_string().repeat(len));
                fence = None;
            } else {
                out.push(line.to_string());
            }
            continue;
        }
        if line.trim().is_empty() {
            out.push(String::new());
            // A blank line keeps a list open only for indented content; recomputed below.
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        let ticks = longest_prefix(body, '`');
        let tildes = longest_prefix(body, '~');
        if ticks >= 3 || tildes >= 3 {
            let (ch, len) = if ticks >= 3 { ('`', ticks) } else { ('~', tildes) };
            // Fences always open at column 0 after a blank line: rustdoc then sees a plain block.
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            out.push(format!("{}text", ch.to_string().repeat(len)));
            fence = Some((ch, len));
            list_indent = None;
            continue;
        }
        let previous_blank = out.last().is_none_or(|l| l.is_empty());
        if let Some(content) = list_item_content(body) {
            let indent = indent.min(MAX_INDENT);
            let marker = &body[..content];
            let rest = inline(&body[content..]);
            list_indent = Some(indent + marker.len());
            out.push(format!("{}{}{}", " ".repeat(indent), marker, rest));
            continue;
        }
        let converted = inline(body);
        match list_indent {
            Some(column) if !previous_blank || indent >= column => {
                // Continuation of the list item: indented exactly to its content, which is what
                // clippy's lazy-continuation and over-indentation lints ask for.
                out.push(format!("{}{}", " ".repeat(column), converted));
            }
            _ => {
                list_indent = None;
                out.push(format!("{}{}", " ".repeat(indent.min(MAX_INDENT)), converted));
            }
        }
    }
    if let Some((ch, len)) = fence {
        out.push(ch.to_string().repeat(len));
    }
    // Collapse runs of blank lines and trim blank lines at both ends.
    let mut result: Vec<String> = Vec::new();
    for line in out {
        if line.is_empty() && result.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        result.push(line);
    }
    while result.last().is_some_and(|l| l.is_empty()) {
        result.pop();
    }
    result.join("\n")
}

/// Turns `<br>`, `<br/>` and `<br />` (any case), which table cells use for line breaks, into
/// line breaks.
fn line_break_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let tag_len = ["<br>", "<br/>", "<br />"]
            .iter()
            .find(|tag| after.get(..tag.len()).is_some_and(|head| head.eq_ignore_ascii_case(tag)))
            .map(|tag| tag.len());
        match tag_len {
            Some(len) => {
                out.push('\n');
                rest = &after[len..];
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Normalises line ends and removes characters that are unsafe or noisy in source comments:
/// control characters (tabs become spaces), bidirectional overrides (rustc denies them in
/// comments), no-break and zero-width spaces.
fn clean_chars(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\u{a0}' | '\u{3000}' => out.push(' '),
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' => {}
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn longest_prefix(text: &str, ch: char) -> usize {
    text.chars().take_while(|&c| c == ch).count()
}

fn longest_run(text: &str, ch: char) -> usize {
    let mut best = 0;
    let mut current = 0;
    for c in text.chars() {
        if c == ch {
            current += 1;
            best = best.max(current);
        } else {
            current = 0;
        }
    }
    best
}

/// Byte offset where a list item's content starts (`- `, `-   `, `12. `), if `body` starts a list
/// item. As in CommonMark, one to four spaces after the marker belong to it; with more, only one
/// does (the rest would indent the content).
fn list_item_content(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let marker = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let after = bytes.get(digits)?;
            if digits > 9 || (*after != b'.' && *after != b')') {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let spaces = bytes[marker..].iter().take_while(|&&b| b == b' ').count();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Inline Markdown of one line: code spans kept, http(s) links and autolinks kept, other links
/// reduced to their text, bare URLs wrapped in `<>`, and `[`, `]`, `<`, `>` escaped everywhere
/// else. A `\` before punctuation is an escape the page already made and is kept as is.
fn inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // A line starting with `>` would open a block quote, `#` is fine (a heading).
    if chars.first() == Some(&'>') {
        out.push('\\');
        out.push('>');
        i = 1;
    }
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                match chars.get(i + 1) {
                    Some(next) if next.is_ascii_punctuation() => {
                        out.push('\\');
                        out.push(*next);
                        i += 2;
                    }
                    // A lone backslash: doubled, so it shows as written and escapes nothing.
                    _ => {
                        out.push_str("\\\\");
                        i += 1;
                    }
                }
            }
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                match find_closing_ticks(&chars, i + run, run) {
                    Some(end) => {
                        out.extend(&chars[i..end + run]);
                        i = end + run;
                    }
                    None => {
                        for _ in 0..run {
                            out.push_str("\\`");
                        }
                        i += run;
                    }
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                // An image: only its alt text is kept.
                match parse_link(&chars, i + 1) {
                    Some((text, _, end)) => {
                        out.push_str(&inline(&text));
                        i = end;
                    }
                    None => {
                        out.push('!');
                        i += 1;
                    }
                }
            }
            '[' => match parse_link(&chars, i) {
                Some((text, target, end)) => {
                    let shown = inline(&text);
                    if is_safe_url(&target) {
                        if text.trim() == target {
                            out.push_str(&format!("<{target}>"));
                        } else {
                            out.push_str(&format!("[{shown}]({target})"));
                        }
                    } else {
                        out.push_str(&shown);
                    }
                    i = end;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                // An autolink the page already wrote stays one.
                let rest: String = chars[i + 1..].iter().collect();
                if let Some(close) = rest.find('>') {
                    let target = &rest[..close];
                    if is_safe_url(target) {
                        out.push_str(&format!("<{target}>"));
                        i += 1 + target.chars().count() + 1;
                        continue;
                    }
                }
                out.push_str("\\<");
                i += 1;
            }
            '>' => {
                out.push_str("\\>");
                i += 1;
            }
            'h' if starts_url(&chars[i..]) => {
                let len = url_len(&chars[i..]);
                let url: String = chars[i..i + len].iter().collect();
                out.push_str(&format!("<{url}>"));
                i += len;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn find_closing_ticks(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let len = chars[i..].iter().take_while(|&&c| c == '`').count();
            if len == run {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

/// Parses `[text](target)` starting at the `[`: the text, the target, and the index after `)`.
fn parse_link(chars: &[char], open: usize) -> Option<(String, String, usize)> {
    let mut depth = 0usize;
    let mut i = open;
    let close = loop {
        match chars.get(i)? {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break i;
                }
            }
            _ => {}
        }
        i += 1;
    };
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|&c| c == ')')? + close + 2;
    let text: String = chars[open + 1..close].iter().collect();
    let target: String = chars[close + 2..end].iter().collect::<String>().trim().to_string();
    Some((text, target, end + 1))
}

fn starts_url(chars: &[char]) -> bool {
    let head: String = chars.iter().take(8).collect();
    head.starts_with("http://") || head.starts_with("https://")
}

/// Length of the URL at the start of `chars`: up to whitespace, non-ASCII or a delimiter, without
/// trailing sentence punctuation.
fn url_len(chars: &[char]) -> usize {
    let mut len = chars
        .iter()
        .take_while(|c| c.is_ascii() && !c.is_ascii_whitespace() && !matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
        .count();
    while len > 0 && matches!(chars[len - 1], '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\'' | '*' | '_') {
        len -= 1;
    }
    len
}

/// Only absolute http(s) URLs with no characters that could end an autolink are kept as links.
fn is_safe_url(target: &str) -> bool {
    (target.starts_with("http://") || target.starts_with("https://"))
        && target.len() > "https://".len()
        && target.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '(' | ')' | '"' | '`' | '\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_tags_are_escaped() {
        assert_eq!(markdown("取值范围：[1, 5]"), "取值范围：\\[1, 5\\]");
        assert_eq!(markdown("see [x] and ]"), "see \\[x\\] and \\]");
        assert_eq!(markdown("&<公共请求参数>"), "&\\<公共请求参数\\>");
        assert_eq!(markdown("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
    }

    #[test]
    fn existing_escapes_are_kept_and_lone_backslashes_doubled() {
        assert_eq!(markdown("\\[1, 5\\]"), "\\[1, 5\\]");
        assert_eq!(markdown("iot\\_instc\\_pu\\*\\*"), "iot\\_instc\\_pu\\*\\*");
        assert_eq!(markdown("C:\\path"), "C:\\\\path");
        assert_eq!(markdown("end\\"), "end\\\\");
    }

    #[test]
    fn links_keep_only_http_targets() {
        assert_eq!(markdown("访问[错误中心](https://error-center.aliyun.com/status)查看"),
            "访问[错误中心](https://error-center.aliyun.com/status)查看");
        assert_eq!(markdown("调用[DescribeRegions](~~36063~~)获取"), "调用DescribeRegions获取");
        assert_eq!(markdown("[x](javascript:alert(1))"), "x)");
        assert_eq!(markdown("[https://a.com/b](https://a.com/b)"), "<https://a.com/b>");
        assert_eq!(markdown("![图](https://a.com/i.png)"), "图");
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(markdown("见 https://help.aliyun.com/x.html。"), "见 <https://help.aliyun.com/x.html>。");
        assert_eq!(markdown("(see http://a.b/c)."), "(see <http://a.b/c>).");
        assert_eq!(markdown("<https://a.b/c>"), "<https://a.b/c>");
        assert_eq!(markdown("http(s)://linkwan.cn-shanghai.aliyuncs.com"), "http(s)://linkwan.cn-shanghai.aliyuncs.com");
    }

    #[test]
    fn code_spans_are_kept_verbatim_and_stray_backticks_escaped() {
        assert_eq!(markdown("取值 `[a]` 或 `<b>`"), "取值 `[a]` 或 `<b>`");
        assert_eq!(markdown("a ` b"), "a \\` b");
    }

    #[test]
    fn fences_become_text_blocks_and_are_closed() {
        assert_eq!(markdown("示例：\n```json\n{\"a\": [1]}\n```\n后"), "示例：\n\n```text\n{\"a\": [1]}\n```\n后");
        assert_eq!(markdown("```rust\nfn main() {}"), "```text\nfn main() {}\n```");
        assert_eq!(markdown("~~~\n```\n~~~"), "~~~text\n```\n~~~");
    }

    #[test]
    fn indentation_never_makes_a_code_block() {
        assert_eq!(markdown("a\n\n        let x = 1;"), "a\n\n   let x = 1;");
        assert_eq!(markdown("\tx"), "   x");
    }

    #[test]
    fn list_continuations_are_indented_to_the_item() {
        assert_eq!(markdown("- **A**：第一\n说明\n- B"), "- **A**：第一\n  说明\n- B");
        assert_eq!(markdown("1. a\n        b"), "1. a\n   b");
        assert_eq!(markdown("- a\n\n后文"), "- a\n\n后文");
        assert_eq!(markdown("-   **true**：开启\n说明"), "-   **true**：开启\n    说明");
    }

    #[test]
    fn injection_attempts_stay_text() {
        // Doc text only ever travels as a string literal; these must come out as harmless text.
        assert_eq!(markdown("*/ fn evil() {} /*"), "*/ fn evil() {} /*");
        assert_eq!(markdown("\"] #[cfg(any())] fn x"), "\"\\] #\\[cfg(any())\\] fn x");
        assert_eq!(markdown("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(markdown("> quoted"), "\\> quoted");
        assert_eq!(markdown("x\u{202e}y\u{0}z"), "xyz");
        let tokens = outer(&markdown("\"]\n#[cfg(any())]\n*/")).to_string();
        assert!(tokens.starts_with("# [doc = \" \\\"\\\\]\"]"), "{tokens}");
    }

    #[test]
    fn inline_code_and_plain_text() {
        assert_eq!(code("A"), "`A`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code(""), "`\"\"`");
        assert_eq!(plain("[x] <y> *z*"), "\\[x\\] \\<y\\> \\*z\\*");
        assert_eq!(plain("- lead"), "\\- lead");
    }

    #[test]
    fn line_break_tags_become_line_breaks() {
        assert_eq!(markdown("a<br>b<BR/>c<br />d<b>"), "a\nb\nc\nd\\<b\\>");
    }

    #[test]
    fn paragraphs_skip_empty_parts() {
        assert_eq!(paragraphs(["a", "", "  ", "b\n"]), "a\n\nb");
    }
}
