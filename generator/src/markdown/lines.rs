//! Splitting page text into numbered lines, with invisible characters normalised.

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
    text.chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{202F}' | '\u{3000}' => ' ',
            other => other,
        })
        .collect()
}

/// Splits text into lines (`\n`, `\r\n` or a lone `\r`), numbering from 1.
pub fn split(text: &str) -> Vec<SourceLine> {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
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
