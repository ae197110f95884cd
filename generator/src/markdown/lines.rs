//! Splitting page text into numbered lines, with invisible characters normalised.

use std::borrow::Cow;

/// One line of a page: its 1-based number, the text as written, and the text with no-break
/// spaces turned into spaces and zero-width characters removed (what every reader looks at).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    /// 1-based line number.
    pub number: usize,
    /// The line as written (without its line break), for diagnostics.
    pub raw: String,
    /// The line normalised for reading.
    pub text: String,
}

/// True for characters that render as nothing; pages carry them in otherwise empty cells.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Normalises one piece of text: no-break and other exotic spaces become plain spaces,
/// zero-width characters go, tabs stay.
pub fn normalize(text: &str) -> String {
    // Most text has nothing to change (every such character is outside ASCII): it is copied
    // whole, and rebuilt character by character only from the first one that changes.
    let first = if text.is_ascii() {
        None
    } else {
        text.char_indices()
            .find(|&(_, c)| is_invisible(c) || exotic_space(c))
            .map(|(at, _)| at)
    };
    let Some(first) = first else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if exotic_space(c) {
            out.push(' ');
        } else if !is_invisible(c) {
            out.push(c);
        }
    }
    out
}

/// Spaces other than the plain one that pages use between words.
fn exotic_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{202F}' | '\u{3000}'
    )
}

/// Splits text into lines (`\n`, `\r\n` or a lone `\r`), numbering from 1.
pub fn split(text: &str) -> Vec<SourceLine> {
    let unified = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    unified
        .split('\n')
        .enumerate()
        .map(|(i, raw)| SourceLine {
            number: i + 1,
            raw: raw.to_string(),
            text: normalize(raw),
        })
        .collect()
}

/// 1-based character column of byte offset `byte` in `line` (clamped to the line).
pub fn column_of(line: &str, byte: usize) -> usize {
    line.char_indices().take_while(|(i, _)| *i < byte).count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_invisible_and_no_break_spaces() {
        let lines = split("a\u{00A0}b\r\nc\u{200B}d\re");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].text, "a b");
        assert_eq!(lines[0].raw, "a\u{00A0}b");
        assert_eq!(lines[1].text, "cd");
        assert_eq!(lines[2].number, 3);
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(column_of("名称|x", "名称|".len()), 4);
        assert_eq!(column_of("ab", 99), 3);
    }
}
