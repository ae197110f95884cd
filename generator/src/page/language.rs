//! Which language a page is written in. The reader understands Chinese and English pages alike
//! and gives the same model for both; the language is kept so that a spec built from both
//! translations of one API can say which fact came from which.

use super::{Page, SectionKind};

/// The language of a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    /// Chinese (`zh-CN`): `## 请求参数`, `|名称|类型|…`.
    Chinese,
    /// English (`en-US`): `## Request parameters`, `|Parameter|Type|…`.
    English,
    /// No section heading the reader knows says (an empty page, or one of prose only).
    #[default]
    Unknown,
}

/// The language the headings of the page's known sections are written in: Chinese when most
/// hold Chinese characters, English when most are plain ASCII. Only headings the reader
/// classified count, so a Chinese page with an English type heading (`## KeyMetadata`) stays
/// Chinese, and an English page quoting Chinese in a table cell stays English.
pub fn of(page: &Page) -> Language {
    let (mut chinese, mut english) = (0usize, 0usize);
    for section in page.sections.iter().filter(|s| {
        !matches!(
            s.kind,
            SectionKind::Title | SectionKind::Other | SectionKind::RequestBody
        )
    }) {
        if section.heading.text.chars().any(is_han) {
            chinese += 1;
        } else if section.heading.text.is_ascii() {
            english += 1;
        }
    }
    match chinese.cmp(&english) {
        std::cmp::Ordering::Greater => Language::Chinese,
        std::cmp::Ordering::Less => Language::English,
        std::cmp::Ordering::Equal => Language::Unknown,
    }
}

/// True for a CJK unified ideograph (the common and extension-A blocks cover the pages).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn language(text: &str) -> Language {
        of(&super::super::read("x.md", text, &mut Diagnostics::new()))
    }

    #[test]
    fn the_known_headings_tell_the_language() {
        assert_eq!(
            language("# Foo\n\n## 请求参数\n\n## 返回数据\n\n## KeyMetadata\n"),
            Language::Chinese
        );
        assert_eq!(
            language(
                "# Foo\n\n## Request parameters\n\n## Response parameters\n\n## Error codes\n"
            ),
            Language::English
        );
        // dns (2021): setext headings.
        assert_eq!(
            language("Foo {#title}\n===\n\nRequest parameters \n---\n"),
            Language::English
        );
        assert_eq!(language("# Foo\n\nText only.\n"), Language::Unknown);
    }
}
