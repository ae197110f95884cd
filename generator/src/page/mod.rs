//! The page model: what one API reference page says, with the line each fact came from.
//!
//! [`read`] never fails and never panics: whatever it cannot make sense of is left out of the
//! model and reported as a diagnostic. Deciding what the API *is* (types, nesting, versions)
//! is the spec builder's job; this stage only sorts the page's text into labelled parts.

pub mod examples;
pub mod explorer;
pub mod formats;
pub mod language;
pub mod name_case;
pub mod records;
pub mod request_line;
pub mod rows;
pub mod sections;
pub mod type_hint;
pub mod values;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::markdown::{fences, headings, lines, tables};

pub use examples::{ExampleKind, RequestExample, ResponseExample};
pub use explorer::ExplorerLink;
pub use language::Language;
pub use records::{Column, Record, Text};
pub use request_line::RequestLine;
pub use rows::{ErrorRow, Position, Row};
pub use sections::{Section, SectionKind};
pub use type_hint::TypeHint;

/// A table found outside the request/response sections, under a heading that names a type
/// (kms: `## KeyMetadata`, linked from a type cell as `[KeyMetadata](#section_…)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeTable {
    /// Heading text of the section holding the table.
    pub name: String,
    /// The heading's anchor, if any.
    pub anchor: Option<String>,
    /// Line of the table.
    pub line: usize,
    /// The table's rows.
    pub rows: Vec<Row>,
}

/// A response field the page names in prose instead of its table (`返回数据中还包括Result参数，
/// 详情请参见[ListInstance](~~142230~~)`): another page documents its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseField {
    /// The field's name.
    pub name: String,
    /// Line of the sentence.
    pub line: usize,
    /// The sentence, Markdown, as the field's description.
    pub sentence: String,
}

/// Everything one page says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Label of the page in diagnostics (a path).
    pub file: String,
    /// The page's lines as written, for diagnostics (index = line number - 1).
    pub lines: Vec<String>,
    /// The `#` title (DITA anchor removed).
    pub title: Option<Text>,
    /// First paragraph after the title.
    pub summary: Option<Text>,
    /// Further prose: the rest of the introduction and the 限制说明-like sections.
    pub description: String,
    /// The OpenAPI Explorer link.
    pub explorer: Option<ExplorerLink>,
    /// Every heading, with its kind and extent.
    pub sections: Vec<Section>,
    /// ROA: the request line of the 请求语法 block.
    pub request_syntax: Option<RequestLine>,
    /// Rows of the request parameter table(s).
    pub request: Vec<Row>,
    /// ROA: rows of the RequestBody section's table (members of the body).
    pub body: Vec<Row>,
    /// ROA: the RequestBody section's example, as written, with its first line.
    pub body_example: Option<(String, usize)>,
    /// Rows of the response table(s).
    pub response: Vec<Row>,
    /// Response fields named in the response section's prose, not in its table.
    pub response_in_prose: Vec<ProseField>,
    /// Tables defining types further down the page.
    pub type_tables: Vec<TypeTable>,
    /// Rows of the error table(s).
    pub errors: Vec<ErrorRow>,
    /// The request example.
    pub request_example: Option<RequestExample>,
    /// Response examples, normal and error, JSON and XML, in page order.
    pub responses: Vec<ResponseExample>,
    /// The language the page is written in, as its headings and column headers show. Every
    /// other part of the model reads the same whatever the language; this says which
    /// translation a fact came from, for a spec that records both.
    pub language: Language,
}

impl Page {
    /// The text of a line as written (1-based), or "".
    pub fn line(&self, number: usize) -> &str {
        self.lines
            .get(number.wrapping_sub(1))
            .map_or("", String::as_str)
    }

    /// A diagnostic located in this page, with the source line attached.
    pub fn diagnostic(
        &self,
        severity: Severity,
        kind: &'static str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let location = Location {
            file: self.file.clone(),
            line: line.max(1),
            column: column.max(1),
        };
        let d = Diagnostic::new(severity, kind, location, message);
        if line >= 1 && line <= self.lines.len() {
            d.with_source_line(self.line(line))
        } else {
            d
        }
    }
}

/// Reads a page. Never panics, whatever the text. `file` is the label used in diagnostics.
pub fn read(file: &str, text: &str, diags: &mut Diagnostics) -> Page {
    let source = lines::split(text);
    let mut page = Page {
        file: file.to_string(),
        lines: source.iter().map(|l| l.raw.clone()).collect(),
        ..Page::default()
    };
    let (fence_list, in_fence) = fences::find(&source);
    let code = |number: usize| {
        in_fence
            .get(number.wrapping_sub(1))
            .copied()
            .unwrap_or(false)
    };

    let heading_list = find_headings(&source, &code);
    page.sections = sections::build(&heading_list, source.len());
    if let Some(title) = heading_list.iter().find(|h| h.level == 1) {
        let column = page
            .line(title.line)
            .find('#')
            .map_or(1, |b| lines::column_of(page.line(title.line), b));
        page.title = Some(Text {
            text: title.text.clone(),
            line: title.line,
            column,
        });
    }
    read_prose(&mut page, &source, &code);
    page.explorer = source
        .iter()
        .filter(|l| !code(l.number))
        .find_map(|l| explorer::find(&l.text, l.number));

    // Tables in the request section that document a parameter's content rather than list
    // parameters go to the description, with the prose between them and the table before.
    let mut notes = Vec::new();
    let mut previous_end = 0;
    for table in tables::find(&source, &in_fence) {
        if place_table(&mut page, &table, diags) == Placed::Note {
            notes.push((previous_end + 1, table.end_line));
        }
        previous_end = table.end_line;
    }
    if !notes.is_empty() {
        let text: Vec<String> = notes
            .iter()
            .map(|&(first, last)| {
                source
                    .iter()
                    .filter(|l| l.number >= first && l.number <= last)
                    .map(|l| l.text.trim_end())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        let text = crate::markdown::cells::unescape(&tables::compact(text.join("\n\n").trim()));
        if !page.description.is_empty() {
            page.description.push_str("\n\n");
        }
        page.description.push_str(&text);
    }

    page.response_in_prose = source
        .iter()
        .filter(|l| !code(l.number))
        .filter(|l| {
            sections::kind_at(&page.sections, l.number).map(|s| s.kind)
                == Some(SectionKind::Response)
        })
        .filter_map(|l| prose_field(&l.text, l.number))
        .collect();
    read_examples(&mut page, &source, &fence_list, &code, diags);
    if page.request_syntax.is_none() {
        page.request_syntax = indented_request_line(&page, &source, &code);
    }
    page.language = language::of(&page);
    name_case::restore(&mut page, diags);
    report_unread_sections(&page, &source, &code, diags);
    page
}

/// Every heading outside code, ATX (`## Text`) or setext (text underlined with `===` or `---`,
/// as some English pages write them), in page order.
fn find_headings(
    source: &[lines::SourceLine],
    code: &dyn Fn(usize) -> bool,
) -> Vec<headings::Heading> {
    let mut found = Vec::new();
    for (i, line) in source.iter().enumerate() {
        if code(line.number) {
            continue;
        }
        if let Some(h) = headings::parse(&line.text, line.number) {
            found.push(h);
            continue;
        }
        // A setext heading is a one-line paragraph: blank (or nothing) above, underline below.
        let blank_above = i == 0 || source.get(i - 1).is_some_and(|l| l.text.trim().is_empty());
        let Some(next) = source.get(i + 1).filter(|n| !code(n.number)) else {
            continue;
        };
        if blank_above {
            if let Some(h) = headings::setext(&line.text, &next.text, line.number) {
                found.push(h);
            }
        }
    }
    found
}

/// `返回数据中还包括Result参数，…`: the field a response section's sentence says the response
/// also has.
fn prose_field(text: &str, line: usize) -> Option<ProseField> {
    let (_, after) = text.split_once("还包括")?;
    let after = after.trim_start();
    let end = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    let (name, rest) = after.split_at(end);
    if name.is_empty() || !rest.trim_start().starts_with("参数") {
        return None;
    }
    Some(ProseField {
        name: name.to_string(),
        line,
        sentence: text.trim().to_string(),
    })
}

/// A request or response section with text but no table this reader understood (a
/// definition list, a table with unknown headers) is reported, so nothing is dropped silently.
fn report_unread_sections(
    page: &Page,
    source: &[lines::SourceLine],
    code: &dyn Fn(usize) -> bool,
    diags: &mut Diagnostics,
) {
    for (kind, rows) in [
        (SectionKind::Request, &page.request),
        (SectionKind::Response, &page.response),
    ] {
        if !rows.is_empty() {
            continue;
        }
        let Some(section) = page.sections.iter().find(|s| s.kind == kind) else {
            continue;
        };
        let first_text = source
            .iter()
            .filter(|l| {
                l.number > section.heading.line && l.number <= section.end_line && !code(l.number)
            })
            .find(|l| !l.text.trim().is_empty());
        // A section that says it is empty (`无`, `请求参数为空`) leaves nothing out; nor does one
        // whose table was read as the request body.
        // Nor does one that says it has only the common parameters (`全是公共返回参数`,
        // `All are common response parameters`, `Only public parameters are returned`).
        let says_empty = |text: &str| {
            let t = text.trim().trim_end_matches(['。', '.']);
            let lower = t.to_lowercase();
            let only_common = (t.contains("全是公共") || t.contains("只有公共"))
                || ((lower.starts_with("all ") || lower.starts_with("only "))
                    && (lower.contains("common") || lower.contains("public")))
                || lower.starts_with("for more information about all the common")
                || matches!(lower.as_str(), "public parameters" | "common parameters");
            matches!(t, "无" | "空" | "None" | "none" | "-") || t.contains("为空") || only_common
        };
        let body_read_here = kind == SectionKind::Request
            && page
                .body
                .iter()
                .any(|r| r.line > section.heading.line && r.line <= section.end_line);
        if let Some(line) = first_text.filter(|l| !says_empty(&l.text) && !body_read_here) {
            let what = if kind == SectionKind::Request {
                "request parameters"
            } else {
                "response fields"
            };
            diags.push(
                page.diagnostic(Severity::Warning, "section-unread", line.number, 1, format!("the {what} section has no table this reader understands; its {what} are left out"))
                    .expected_found("a table with 名称 and 类型 (Parameter and Type) columns", "other content"),
            );
        }
    }
}

/// Title paragraph, summary, and the prose sections.
fn read_prose(page: &mut Page, source: &[lines::SourceLine], code: &dyn Fn(usize) -> bool) {
    let title_line = page.title.as_ref().map_or(0, |t| t.line);
    let first_section = page
        .sections
        .iter()
        .find(|s| s.heading.line > title_line)
        .map_or(source.len() + 1, |s| s.heading.line);
    let mut paragraphs: Vec<(usize, Vec<String>)> = Vec::new();
    let mut open = false;
    for line in source
        .iter()
        .filter(|l| l.number > title_line && l.number < first_section)
        .filter(|l| !underlines(page, l.number, &l.text))
    {
        let text = line.text.trim();
        if text.is_empty() || code(line.number) {
            open = false;
            continue;
        }
        match paragraphs.last_mut() {
            Some((_, lines)) if open => lines.push(text.to_string()),
            _ => paragraphs.push((line.number, vec![text.to_string()])),
        }
        open = true;
    }
    let mut rest = Vec::new();
    let mut iter = paragraphs.into_iter();
    if let Some((line, lines)) = iter.next() {
        page.summary = Some(Text {
            text: crate::markdown::cells::unescape(&lines.join("\n")),
            line,
            column: 1,
        });
    }
    rest.extend(iter.map(|(_, lines)| lines.join("\n")));
    for section in page
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Prose)
    {
        // Lines are numbered from 1 in order: the section's body is a slice, taken without
        // scanning the page once per section.
        let body: Vec<&str> = source
            .get(section.heading.line..section.end_line.min(source.len()))
            .unwrap_or_default()
            .iter()
            .filter(|l| !underlines(page, l.number, &l.text))
            .map(|l| l.text.trim_end())
            .collect();
        let body = body.join("\n").trim().to_string();
        if !body.is_empty() {
            rest.push(format!("{}\n\n{}", section.heading.text, body));
        }
    }
    // Tables in the prose are rewritten one line a row, so the docs render them as tables.
    page.description = crate::markdown::cells::unescape(&tables::compact(&rest.join("\n\n")));
}

/// True when line `number` (text `text`) is the `===` / `---` underline of the setext heading
/// on the line above: part of that heading, not prose.
fn underlines(page: &Page, number: usize, text: &str) -> bool {
    headings::underline_level(text).is_some()
        && page.sections.iter().any(|s| s.heading.line + 1 == number)
}

/// What [`place_table`] did with a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placed {
    /// Its rows went into the page model (or it is not a table of the page's kinds).
    Rows,
    /// A table in the request section without the 是否必选 column its parameter table has
    /// (`TaskType中…的高级参数的设置方法如下表所示`): it documents what a parameter's value holds,
    /// so it belongs to the docs, not to the parameters.
    Note,
}

/// Sorts one table into request, response, type or error rows by its header and section.
fn place_table(page: &mut Page, table: &tables::Table, diags: &mut Diagnostics) -> Placed {
    let kinds = records::columns(table);
    let has = |c: Column| kinds.contains(&c);
    let section = sections::kind_at(&page.sections, table.line);
    let section_kind = section.map(|s| s.kind);
    if has(Column::ErrorCode) {
        let records = records::read(&page.file, &page.lines, table, diags);
        page.errors.extend(rows::read_errors(&records));
        return Placed::Rows;
    }
    if !(has(Column::Name) && (has(Column::Type) || has(Column::Description))) {
        return Placed::Rows;
    }
    if section_kind == Some(SectionKind::Request)
        && !has(Column::Required)
        && page.request.iter().any(|r| r.required)
    {
        return Placed::Note;
    }
    let records = records::read(&page.file, &page.lines, table, diags);
    let rows = rows::read(page, table.line, &records, diags);
    // A body table can sit in the 请求参数 section under a bold `**RequestBody**` line; its
    // introduction says so.
    let section_kind = match rows::introduced_by(page, table.line).as_deref() {
        Some("RequestBody" | "请求体") => Some(SectionKind::RequestBody),
        _ => section_kind,
    };
    // A table captioned with a parameter that is not a struct (`**ContainerConfig参数说明**`
    // under a JSON-text parameter), or with a name that is no parameter at all (`portMappings`
    // inside that text), says what a value holds.
    if section_kind == Some(SectionKind::Request) {
        if let Some(name) = rows::caption_of(page, table.line) {
            let container = page.request.iter().any(|r| {
                r.name == name && matches!(r.hint, TypeHint::Known(ref t) if t.has_members())
            });
            if !container {
                return Placed::Note;
            }
        }
    }
    match section_kind {
        Some(SectionKind::Request) => page.request.extend(rows),
        Some(SectionKind::RequestBody) => page.body.extend(rows),
        Some(SectionKind::Response) => page.response.extend(rows),
        None if has(Column::Required) => page.request.extend(rows),
        None if page.response.is_empty() && !page.request.is_empty() => page.response.extend(rows),
        _ => {
            let (name, anchor) = section.map_or((String::new(), None), |s| {
                (s.heading.text.clone(), s.heading.anchor.clone())
            });
            page.type_tables.push(TypeTable {
                name,
                anchor,
                line: table.line,
                rows,
            });
        }
    }
    Placed::Rows
}

/// Classifies fences into the request example and the response examples.
fn read_examples(
    page: &mut Page,
    source: &[lines::SourceLine],
    fence_list: &[fences::Fence],
    code: &dyn Fn(usize) -> bool,
    diags: &mut Diagnostics,
) {
    // Labels such as 正常返回示例 / 异常返回示例 switch the mode for the fences that follow.
    let mut switches: Vec<(usize, bool)> = Vec::new();
    for line in source.iter().filter(|l| !code(l.number)) {
        let t = &line.text;
        if t.contains("异常返回") || t.contains("错误返回") || t.contains("失败返回") {
            switches.push((line.number, true));
        } else if t.contains("正常返回")
            || t.contains("成功返回")
            || t.contains("返回示例")
            || t.contains("请求示例")
        {
            switches.push((line.number, false));
        } else if let Some(error) = english_example_label(t) {
            switches.push((line.number, error));
        }
    }
    for fence in fence_list {
        if !fence.closed {
            diags.push(
                page.diagnostic(
                    Severity::Warning,
                    "fence-unclosed",
                    fence.open_line,
                    1,
                    "code block never closed; it runs to the end of the page",
                )
                .expected_found("a closing ```", "end of page"),
            );
        }
        match sections::kind_at(&page.sections, fence.open_line).map(|s| s.kind) {
            Some(SectionKind::RequestSyntax) => {
                if page.request_syntax.is_none() {
                    page.request_syntax = read_request_syntax(page, fence, diags);
                }
                continue;
            }
            Some(SectionKind::RequestBody) => {
                let body = fence.body.trim();
                if page.body_example.is_none() && !body.is_empty() {
                    page.body_example = Some((body.to_string(), fence.body_line));
                }
                continue;
            }
            _ => {}
        }
        let error = switches
            .iter()
            .rev()
            .find(|(line, _)| *line < fence.open_line)
            .is_some_and(|(_, e)| *e);
        match examples::kind_of(fence) {
            ExampleKind::Request => {
                if page.request_example.is_none() {
                    page.request_example = Some(examples::read_request(fence));
                }
            }
            kind @ (ExampleKind::Json | ExampleKind::Xml) => {
                let (text, line) = examples::response_body(fence)
                    .unwrap_or_else(|| (fence.body.clone(), fence.body_line));
                page.responses.push(ResponseExample {
                    kind,
                    error,
                    text,
                    line,
                });
            }
            ExampleKind::Other => {}
        }
    }
}

/// The request line of a 请求语法 / `Request syntax` section written as an indented code
/// block rather than a fence (English pages with setext headings: `    POST /openapi/… HTTPS|HTTP`).
/// Only the section's first text line counts, and only when indented as code and a request line.
fn indented_request_line(
    page: &Page,
    source: &[lines::SourceLine],
    code: &dyn Fn(usize) -> bool,
) -> Option<RequestLine> {
    let section = page
        .sections
        .iter()
        .find(|s| s.kind == SectionKind::RequestSyntax)?;
    let first = source
        .iter()
        .filter(|l| l.number > section.heading.line && l.number <= section.end_line)
        .filter(|l| !code(l.number))
        // A setext heading's underline is part of the heading.
        .filter(|l| {
            !(l.number == section.heading.line + 1 && headings::underline_level(&l.text).is_some())
        })
        .find(|l| !l.text.trim().is_empty())?;
    let indented = first.text.starts_with("    ") || first.text.starts_with('\t');
    if !indented {
        return None;
    }
    request_line::parse(first.text.trim(), first.number)
}

/// Whether an English label line introduces error examples (`Some(true)`: `Error response
/// example`, `**Exception return example**`) or normal ones (`Some(false)`: `Sample requests`,
/// `Sample success responses`, `Normal response examples`). Only a short line that is a label
/// counts, not a sentence that happens to hold the words.
fn english_example_label(text: &str) -> Option<bool> {
    let label = text
        .trim()
        .trim_matches(|c: char| c == '*' || c == ':' || c == '#' || c.is_whitespace())
        .to_lowercase();
    if label.len() > 48
        || label.contains(['|', '.', ','])
        || label.starts_with(['-', '<', '{', '"'])
    {
        return None;
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let has = |prefixes: &[&str]| {
        words
            .iter()
            .any(|w| prefixes.iter().any(|p| w.starts_with(p)))
    };
    if !has(&["example", "sample"]) {
        return None;
    }
    if has(&["error", "exception", "fail", "abnormal"]) {
        Some(true)
    } else if has(&["request", "response", "return", "success", "normal"]) {
        Some(false)
    } else {
        None
    }
}

/// The request line of the 请求语法 block; a block that does not read is reported.
fn read_request_syntax(
    page: &Page,
    fence: &fences::Fence,
    diags: &mut Diagnostics,
) -> Option<RequestLine> {
    let (index, text) = fence
        .body
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())?;
    let line = fence.body_line + index;
    let parsed = request_line::parse(text.trim(), line);
    if parsed.is_none() {
        diags.push(
            page.diagnostic(
                Severity::Warning,
                "request-syntax",
                line,
                1,
                "the 请求语法 block is not a request line; the operation's method and path are unknown",
            )
            .expected_found("`METHOD /path HTTP/1.1`", format!("`{}`", text.trim())),
        );
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Foo {#doc .reference}\n\n调用Foo做事。\n\n## 调试 {#api_explorer .section}\n\n[x](https://api.aliyun.com/#product=P&api=Foo&type=RPC&version=2020-01-01)\n\n## 请求参数 {#parameters .section}\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|Foo|系统规定参数。\n\n |\n|Id|Long|是|1|ID。 |\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|x|请求ID。 |\n\n## 示例\n\n请求示例\n\n```\nhttp(s)://foo.aliyuncs.com/?Action=Foo\n&Id=1\n&<公共请求参数>\n```\n\n正常返回示例\n\n```\n{\"RequestId\":\"x\"}\n```\n\n异常返回示例\n\n```\n{\"Code\":\"E\"}\n```\n\n## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|E|m|d|\n";

    #[test]
    fn reads_every_part() {
        let mut d = Diagnostics::new();
        let p = read("foo.md", PAGE, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert_eq!(p.title.as_ref().map(|t| t.text.as_str()), Some("Foo"));
        assert_eq!(
            p.summary.as_ref().map(|t| t.text.as_str()),
            Some("调用Foo做事。")
        );
        assert_eq!(
            p.explorer.as_ref().and_then(|e| e.version.as_deref()),
            Some("2020-01-01")
        );
        assert_eq!(p.request.len(), 2);
        assert_eq!(
            p.request[1].hint,
            TypeHint::Known(crate::spec::model::Type::Long)
        );
        assert_eq!(p.response.len(), 1);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(
            p.request_example.as_ref().and_then(|r| r.host.as_deref()),
            Some("foo.aliyuncs.com")
        );
        assert_eq!(p.responses.len(), 2);
        assert!(!p.responses[0].error);
        assert!(p.responses[1].error);
    }

    /// An English page as the corpus writes them (alikafka, cdn, cms revisions of 2020-2021).
    const PAGE_EN: &str = "# Foo\n\nDoes foo.\n\n## Debugging\n\n[OpenAPI Explorer automatically calculates the signature value.](https://api.aliyun.com/#product=P&api=Foo&type=RPC&version=2020-01-01)\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---------|----|--------|-------|-----------|\n|Action|String|Yes|Foo|The operation that you want to perform. Set the value to Foo. |\n|Domainname|String|Yes|example.com|The domain name. |\n|Id|Long|No|1|The ID. |\n\n## Response parameters\n\n|Parameter|Type|Example|Description|\n|---------|----|-------|-----------|\n|RequestId|String|x|The ID of the request. |\n\n## Examples\n\nSample requests\n\n```\nhttp(s)://foo.aliyuncs.com/?Action=Foo\n&DomainName=example.com\n&<Common request parameters>\n```\n\nSample success responses\n\n`XML` format\n\n```\n<FooResponse><RequestId>x</RequestId></FooResponse>\n```\n\nError response example\n\n```\n{\"Code\":\"E\"}\n```\n\n## Error codes\n\n|HttpCode|Error code|Error message|Description|\n|--------|----------|-------------|-----------|\n|400|E|m|d|\n";

    #[test]
    fn reads_every_part_of_an_english_page() {
        let mut d = Diagnostics::new();
        let p = read("foo.md", PAGE_EN, &mut d);
        assert_eq!(p.language, Language::English);
        let kinds: Vec<&str> = d.items().iter().map(|d| d.kind).collect();
        assert_eq!(kinds, ["name-case"], "{:?}", d.items());
        let names: Vec<&str> = p.request.iter().map(|r| r.name.as_str()).collect();
        // `Domainname` is lower-cased by the translation; the example keeps `DomainName`.
        assert_eq!(names, ["Action", "DomainName", "Id"]);
        assert!(p.request[1].required && !p.request[2].required);
        assert_eq!(p.response.len(), 1);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(
            p.request_example.as_ref().and_then(|r| r.host.as_deref()),
            Some("foo.aliyuncs.com")
        );
        assert_eq!(p.responses.len(), 2);
        assert!(!p.responses[0].error);
        assert!(p.responses[1].error);
        let mut d = Diagnostics::new();
        assert_eq!(read("foo.md", PAGE, &mut d).language, Language::Chinese);
    }

    #[test]
    fn reads_a_page_with_setext_headings() {
        // dns AddDnsGtmMonitor (2021): every heading underlined; elasticsearch StopPipelines
        // (2021): the request line an indented block.
        let text = "StopPipelines {#title}\n===============================\n\nStops pipelines.\n\nRequest syntax \n-----------------------------------\n\n    POST /openapi/logstashes/[InstanceId]/pipelines/action/stop HTTPS|HTTP\n\nRequest parameters \n---------------------------------------\n\n|  Parameter  |  Type  | Required | Example | Description |\n|-------------|--------|----------|---------|-------------|\n| InstanceId  | String | Yes      | ls-cn-1 | The ID.     |\n";
        let mut d = Diagnostics::new();
        let p = read("x.md", text, &mut d);
        assert_eq!(
            p.title.as_ref().map(|t| t.text.as_str()),
            Some("StopPipelines")
        );
        assert_eq!(
            p.summary.as_ref().map(|t| t.text.as_str()),
            Some("Stops pipelines.")
        );
        assert_eq!(p.request.len(), 1);
        assert!(p.request[0].required);
        let line = p.request_syntax.as_ref().map(|r| r.path().to_string());
        assert_eq!(
            line.as_deref(),
            Some("/openapi/logstashes/[InstanceId]/pipelines/action/stop")
        );
    }

    #[test]
    fn english_example_labels() {
        for (line, error) in [
            ("Sample requests", Some(false)),
            ("Sample success responses", Some(false)),
            ("Successful response examples", Some(false)),
            ("**Success response example** ", Some(false)),
            ("Normal response examples", Some(false)),
            ("Error response example", Some(true)),
            ("**Exception return example**", Some(true)),
            ("Error response examples", Some(true)),
            (
                "- Failed: The command invocation failed, for example on timeout.",
                None,
            ),
            ("The example below shows a request.", None),
        ] {
            assert_eq!(english_example_label(line), error, "{line}");
        }
    }

    #[test]
    fn sections_of_common_parameters_only_are_not_unread() {
        let mut d = Diagnostics::new();
        let _ = read("x.md", "# Foo\n\n## Response parameters\n\nAll are common response parameters. For more information, see [Common parameters](x).\n", &mut d);
        let _ = read(
            "x.md",
            "# Foo\n\n## 返回数据\n\n全是公共返回参数。参阅 [公共参数](x)。\n",
            &mut d,
        );
        assert!(d.items().is_empty(), "{:?}", d.items());
    }

    #[test]
    fn unread_sections_are_reported_and_error_centre_links_are_not() {
        let mut d = Diagnostics::new();
        let p = read("x.md", "# Foo\n\n## 请求参数\n\nId\n:   Long, 必选。\n\n## 错误码\n\n访问[错误中心](https://error-center.aliyun.com/status/product/X)查看更多错误码。\n", &mut d);
        assert!(p.request.is_empty() && p.errors.is_empty());
        let kinds: Vec<&str> = d.items().iter().map(|d| d.kind).collect();
        assert_eq!(kinds, ["section-unread"]);
        assert_eq!(d.items()[0].location.line, 5);
    }

    #[test]
    fn garbage_does_not_panic() {
        let mut d = Diagnostics::new();
        for text in [
            "",
            "|",
            "#",
            "```",
            "# \u{00A0}|",
            "\u{FEFF}## 请求参数\n|名称|类型|\n|a",
            "||||\n|-|\n|",
        ] {
            let _ = read("x.md", text, &mut d);
        }
        for cut in 0..PAGE.len() {
            if let Some(prefix) = PAGE.get(..cut) {
                let _ = read("x.md", prefix, &mut d);
            }
        }
    }
}
