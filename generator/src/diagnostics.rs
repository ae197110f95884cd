//! Diagnostics: collected by every stage, rendered once by the caller.
//!
//! A stage never prints. It pushes a [`Diagnostic`] (where, what was expected, what was found)
//! into [`Diagnostics`], and the command line renders them with the source line, like rustc.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Output was produced, but something was guessed or dropped and a person should look.
    Warning,
    /// The page (or spec) could not be turned into output.
    Error,
}

/// A position in a source file. Lines and columns are 1-based; column counts characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// File path as given to the reader.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Short stable kind, used to count and group (`unknown-type`, `table-shape`...).
    pub kind: &'static str,
    /// Where.
    pub location: Location,
    /// What happened, one sentence.
    pub message: String,
    /// What the reader expected, if that helps.
    pub expected: Option<String>,
    /// What it found instead.
    pub found: Option<String>,
    /// The source line the location points into, for rendering.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic with no expected/found/source line.
    pub fn new(
        severity: Severity,
        kind: &'static str,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            kind,
            location,
            message: message.into(),
            expected: None,
            found: None,
            source_line: None,
        }
    }

    /// Adds what was expected and what was found.
    pub fn expected_found(mut self, expected: impl Into<String>, found: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self.found = Some(found.into());
        self
    }

    /// Adds the source line to show under the message.
    pub fn with_source_line(mut self, line: impl Into<String>) -> Self {
        self.source_line = Some(line.into());
        self
    }
}

/// Text from a page with its control characters written as escapes (`\u{1b}`), so that what a
/// page holds never acts on the terminal that shows a diagnostic.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() && c != '\n' {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

impl fmt::Display for Diagnostic {
    /// Renders like rustc: header, arrow with location, the source line with a caret, notes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        writeln!(f, "{label}[{}]: {}", self.kind, printable(&self.message))?;
        let gutter = " ".repeat(self.location.line.to_string().len());
        writeln!(f, "{gutter}--> {}", printable(&self.location.to_string()))?;
        if let Some(line) = &self.source_line {
            // Tabs would shift the caret, so they are shown as single spaces; other control
            // characters (a page's escape sequences) never reach the terminal.
            let shown: String = line
                .chars()
                .map(|c| match c {
                    '\t' => ' ',
                    c if c.is_control() => char::REPLACEMENT_CHARACTER,
                    c => c,
                })
                .collect();
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{} | {}", self.location.line, shown)?;
            let pad = " ".repeat(self.location.column.saturating_sub(1));
            writeln!(f, "{gutter} | {pad}^")?;
        }
        if let Some(expected) = &self.expected {
            writeln!(f, "{gutter} = expected: {}", printable(expected))?;
        }
        if let Some(found) = &self.found {
            writeln!(f, "{gutter} = found: {}", printable(found))?;
        }
        Ok(())
    }
}

/// The diagnostics of a run, in the order they were found.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// All diagnostics so far.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// True when any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Moves every diagnostic of `other` into this set.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Counts by (severity, kind), sorted, for the run summary.
    pub fn counts_by_kind(&self) -> std::collections::BTreeMap<(Severity, &'static str), usize> {
        let mut counts = std::collections::BTreeMap::new();
        for d in &self.items {
            *counts.entry((d.severity, d.kind)).or_insert(0) += 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_source_and_caret() {
        let d = Diagnostic::new(
            Severity::Warning,
            "unknown-type",
            Location {
                file: "a.md".into(),
                line: 12,
                column: 5,
            },
            "unknown type in the 类型 column",
        )
        .expected_found("a known type", "`Strng`")
        .with_source_line("|Id|Strng|是|1|x|");
        let text = d.to_string();
        assert_eq!(
            text,
            "warning[unknown-type]: unknown type in the 类型 column\n  --> a.md:12:5\n   |\n12 | |Id|Strng|是|1|x|\n   |     ^\n   = expected: a known type\n   = found: `Strng`\n"
        );
    }

    #[test]
    fn control_characters_of_a_page_never_reach_the_terminal() {
        let d = Diagnostic::new(
            Severity::Error,
            "invalid-path",
            Location {
                file: "a.md".into(),
                line: 3,
                column: 1,
            },
            "bad path",
        )
        .with_source_line("GET /x\x1b[2J\x01/[Id]\tHTTP/1.1")
        .expected_found("a path", "`/x\x1b[2J`");
        let text = d.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(
            text.contains("GET /x\u{fffd}[2J\u{fffd}/[Id] HTTP/1.1"),
            "{text}"
        );
        assert!(text.contains("found: `/x\\u{1b}[2J`"), "{text}");
    }
}
