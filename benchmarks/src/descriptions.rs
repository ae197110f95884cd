//! Page descriptions that made doc rendering (`apigen::emit::docs`) quadratic in their size, built
//! at any size: deep block quotes and lists, one long line of everything descriptions mix, and two
//! runs that were searched to their end once per character (a long word of `h`, looked at for a
//! bare URL at each `h`; `[a](` without a `)`, looked at for a written link target at each `[a]`).

/// The sizes the `docs` benchmark renders, in bytes of description.
pub const SIZES: [usize; 3] = [1_000, 10_000, 20_000];

/// A kind of description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `> > > … text`: block quotes nested half the size deep.
    DeepQuotes,
    /// `- - - … text`: list items nested half the size deep.
    DeepList,
    /// One line of text, `[brackets]`, `<tags>`, emphasis, code spans and URLs.
    LongLine,
    /// One word of `h`.
    LongWord,
    /// `[a](b [a](b …`: links whose written target is never closed.
    OpenLinks,
}

impl Kind {
    /// Every kind, in the order the benchmark prints them.
    pub const ALL: [Kind; 5] = [
        Kind::DeepQuotes,
        Kind::DeepList,
        Kind::LongLine,
        Kind::LongWord,
        Kind::OpenLinks,
    ];

    /// The name in benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            Kind::DeepQuotes => "deep_quotes",
            Kind::DeepList => "deep_list",
            Kind::LongLine => "long_line",
            Kind::LongWord => "long_word",
            Kind::OpenLinks => "open_links",
        }
    }

    /// A description of this kind, `size` bytes long or a piece shorter.
    pub fn description(self, size: usize) -> String {
        const TEXT: &str = "深处的文字 text";
        let repeat = |piece: &str, room: usize| piece.repeat(room / piece.len());
        let room = size.saturating_sub(TEXT.len());
        match self {
            Kind::DeepQuotes => repeat("> ", room) + TEXT,
            Kind::DeepList => repeat("- ", room) + TEXT,
            Kind::LongLine => repeat(
                "说明 text [brackets] <tag> *a* _b_ `c` https://a.b/c?d=1 (x) ",
                size,
            ),
            Kind::LongWord => "h".repeat(size),
            Kind::OpenLinks => repeat("[a](b ", size),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_have_about_their_size() {
        for kind in Kind::ALL {
            for size in SIZES {
                let text = kind.description(size);
                assert!(text.len() <= size, "{kind:?} {size}: {}", text.len());
                assert!(text.len() + 80 > size, "{kind:?} {size}: {}", text.len());
            }
        }
    }

    #[test]
    fn rendering_keeps_the_text() {
        for kind in Kind::ALL {
            let text = kind.description(SIZES[0]);
            let doc = apigen::emit::docs::markdown(&text);
            match kind {
                Kind::DeepQuotes | Kind::DeepList => assert!(doc.ends_with("深处的文字 text")),
                Kind::LongLine => assert!(doc.contains("\\[brackets\\] \\<tag\\> *a* *b* `c`")),
                Kind::LongWord => assert_eq!(doc, text),
                Kind::OpenLinks => assert!(doc.starts_with("\\[a\\](b \\[a\\](b")),
            }
        }
    }
}
