//! Sections of a page: what each `##` heading introduces.

use crate::markdown::headings::Heading;

/// What a section holds, from its heading text (spellings vary between page eras).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    /// The page title (`#`).
    Title,
    /// 调试: the OpenAPI Explorer link.
    Explorer,
    /// 请求参数.
    Request,
    /// 请求语法 (ROA): the request line `METHOD /path HTTP/1.1`.
    RequestSyntax,
    /// `RequestBody` (ROA): the body's members as prose, an example and sometimes a table.
    RequestBody,
    /// 返回数据 / 返回参数.
    Response,
    /// 示例 / 请求示例 / 返回示例.
    Examples,
    /// 错误码 / 错误信息.
    Errors,
    /// 限制说明 / 授权信息 / API描述 and other prose about the operation.
    Prose,
    /// Anything else, e.g. `## KeyMetadata`, a type defined further down the page.
    Other,
}

/// Classifies a heading, Chinese or English: both vocabularies are read here, so later stages
/// see only the kind.
pub fn kind_of(heading: &Heading) -> SectionKind {
    if heading.level == 1 {
        return SectionKind::Title;
    }
    let text: String = heading
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if let Some(kind) = english_kind(&heading.text) {
        return kind;
    }
    if has(&["调试"]) {
        SectionKind::Explorer
    } else if has(&["请求语法"]) {
        SectionKind::RequestSyntax
    } else if text.eq_ignore_ascii_case("requestbody") || has(&["请求体", "请求Body"]) {
        SectionKind::RequestBody
    } else if has(&["错误码", "错误信息", "错误代码"]) {
        SectionKind::Errors
    } else if has(&["请求参数", "输入参数"]) {
        SectionKind::Request
    } else if has(&[
        "返回数据",
        "返回参数",
        "响应参数",
        "返回值",
        "返回结果",
        "输出参数",
    ]) && !has(&["示例"])
    {
        SectionKind::Response
    } else if has(&["示例", "请求格式"]) {
        SectionKind::Examples
    } else if has(&["限制", "授权", "描述", "说明", "背景", "注意"]) {
        SectionKind::Prose
    } else {
        SectionKind::Other
    }
}

/// The kind an English heading names, or `None` when it is not one of the English section
/// headings (a type's name such as `KeyMetadata`, or a Chinese heading).
///
/// Words are matched lower-cased, so that translation variants read alike: `Request
/// parameters`, `Request Parameters`, `Request parameter`, the misspelt `Request prameters`;
/// `Response parameters`, `Return parameters`, `Returns Parameters`; `Error codes`, `Errors`,
/// `Common errors`; `Examples`, `Sample requests`, `Response example`; `Debugging`, `Debug`.
fn english_kind(text: &str) -> Option<SectionKind> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // A heading with any other script (a Chinese one) is not English; neither is one word
    // that is an identifier (`KeyMetadata`, `RequestBody` is the exception, below).
    if words.is_empty() || text.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
        return None;
    }
    let word = |w: &str| words.contains(&w);
    let starts = |w: &str| words.iter().any(|x| x.starts_with(w));
    // `param` also covers the misspelling `prameter`.
    let parameters = starts("param") || starts("prameter");
    let example = starts("example") || starts("sample");
    let kind = if words.len() == 1 && matches!(words[0], "debug" | "debugging") {
        SectionKind::Explorer
    } else if word("request") && (word("syntax") || word("structure")) {
        SectionKind::RequestSyntax
    } else if words == ["requestbody"] || (words == ["request", "body"]) {
        SectionKind::RequestBody
    } else if (starts("error")) && !example {
        SectionKind::Errors
    } else if (word("request") || word("input")) && parameters && !example {
        SectionKind::Request
    } else if (word("response") || starts("return") || word("output")) && parameters && !example {
        SectionKind::Response
    } else if example || (words.len() <= 2 && word("format")) {
        SectionKind::Examples
    } else if [
        "description",
        "descriptions",
        "limit",
        "limits",
        "restrictions",
        "authorization",
        "background",
        "note",
        "notes",
        "precautions",
        "instructions",
        "requirements",
        "quotas",
    ]
    .iter()
    .any(|w| word(w))
    {
        SectionKind::Prose
    } else {
        return None;
    };
    Some(kind)
}

/// One section: its heading, kind, and the lines it spans (heading line to the line before the
/// next heading of the same or a higher level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub heading: Heading,
    /// What it holds.
    pub kind: SectionKind,
    /// Last line of the section.
    pub end_line: usize,
}

/// Builds sections from the page's headings; `last_line` is the page's last line.
pub fn build(headings: &[Heading], last_line: usize) -> Vec<Section> {
    headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = headings
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .find(|next| next.level <= h.level.max(2))
                .map_or(last_line, |next| next.line.saturating_sub(1));
            Section {
                heading: h.clone(),
                kind: kind_of(h),
                end_line: end,
            }
        })
        .collect()
}

/// The kind of the innermost section holding `line`, skipping the title (content before the
/// first `##` belongs to no section and gives `None`). `sections` are in page order, as
/// [`build`] gives them.
///
/// It is the last section to start at or before `line`: each section runs to the next heading of
/// its level or a higher one, so no heading between that section's and `line` has ended it; and
/// when that section is a title, no other holds `line`, since a `#` heading ends every section.
/// Found by binary search, as this is asked for every line of a page.
pub fn kind_at(sections: &[Section], line: usize) -> Option<&Section> {
    let started = sections.partition_point(|s| s.heading.line <= line);
    sections
        .get(started.checked_sub(1)?)
        .filter(|s| s.kind != SectionKind::Title && line <= s.end_line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::headings::parse;

    fn kind(text: &str) -> SectionKind {
        kind_of(&parse(text, 1).unwrap())
    }

    #[test]
    fn classifies_heading_spellings() {
        assert_eq!(kind("# 新增跨账号VPC授权"), SectionKind::Title);
        assert_eq!(
            kind("## 请求参数 {#parameters .section}"),
            SectionKind::Request
        );
        assert_eq!(kind("## 返回数据"), SectionKind::Response);
        assert_eq!(
            kind("## 返回参数 {#resultMapping .section}"),
            SectionKind::Response
        );
        assert_eq!(kind("## 返回示例"), SectionKind::Examples);
        assert_eq!(kind("## 错误信息"), SectionKind::Errors);
        assert_eq!(kind("## 限制说明"), SectionKind::Prose);
        assert_eq!(
            kind("## KeyMetadata {#section_1 .section}"),
            SectionKind::Other
        );
    }

    #[test]
    fn classifies_english_heading_spellings() {
        for (heading, expected) in [
            ("## Request parameters", SectionKind::Request),
            (
                "## Request Parameters {#section_x .section}",
                SectionKind::Request,
            ),
            ("## Request parameter", SectionKind::Request),
            ("## Request prameters", SectionKind::Request),
            ("## Request parameters:", SectionKind::Request),
            ("## Response parameters", SectionKind::Response),
            ("## Return Parameters", SectionKind::Response),
            ("## Returns Parameters", SectionKind::Response),
            ("## Examples", SectionKind::Examples),
            ("## Sample requests", SectionKind::Examples),
            ("## Response example", SectionKind::Examples),
            ("## JSON format:", SectionKind::Examples),
            ("## Error codes", SectionKind::Errors),
            ("## Errors codes", SectionKind::Errors),
            ("## Common errors", SectionKind::Errors),
            ("## Debugging", SectionKind::Explorer),
            ("## Debug", SectionKind::Explorer),
            ("## Request syntax", SectionKind::RequestSyntax),
            ("## Request structure", SectionKind::RequestSyntax),
            ("## RequestBody", SectionKind::RequestBody),
            ("## Description", SectionKind::Prose),
            ("## Limits", SectionKind::Prose),
            ("## Request headers", SectionKind::Other),
            ("## KeyMetadata", SectionKind::Other),
            ("## NotificationTypeSet", SectionKind::Other),
        ] {
            assert_eq!(kind(heading), expected, "{heading}");
        }
    }

    #[test]
    fn sections_end_before_the_next_heading() {
        let hs = vec![
            parse("# T", 1).unwrap(),
            parse("## 请求参数", 3).unwrap(),
            parse("### 子", 5).unwrap(),
            parse("## 示例", 9).unwrap(),
        ];
        let s = build(&hs, 12);
        assert_eq!(s[0].end_line, 2);
        assert_eq!(s[1].end_line, 8);
        assert_eq!(s[2].end_line, 8);
        assert_eq!(s[3].end_line, 12);
        assert_eq!(kind_at(&s, 6).map(|s| s.kind), Some(SectionKind::Other));
        assert_eq!(kind_at(&s, 4).map(|s| s.kind), Some(SectionKind::Request));
        assert!(kind_at(&s, 2).is_none());
    }

    #[test]
    fn the_innermost_section_is_the_last_one_started() {
        // Against the definition (the innermost non-title section holding the line), over
        // random heading levels, including titles after sections and levels that skip.
        let mut rng = fastrand::Rng::with_seed(5);
        for _ in 0..500 {
            let headings: Vec<Heading> = (0..rng.usize(0..12))
                .map(|i| {
                    let level = rng.usize(1..=6);
                    let text = format!("{} h", "#".repeat(level));
                    parse(&text, 2 * i + rng.usize(1..=2)).unwrap()
                })
                .collect();
            let last_line = 30;
            let sections = build(&headings, last_line);
            for line in 0..=last_line + 1 {
                let expected = sections
                    .iter()
                    .filter(|s| {
                        s.kind != SectionKind::Title && s.heading.line <= line && line <= s.end_line
                    })
                    .max_by_key(|s| s.heading.line);
                assert_eq!(kind_at(&sections, line), expected, "{headings:?} {line}");
            }
        }
    }
}
