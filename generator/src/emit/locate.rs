//! Where a spec declares a member, a documented value or an error code, for the diagnostics of
//! the emit stage: the row of the page's table when the run has the page's text, else the line
//! of the spec file, which is written from the same spec.
//!
//! Pages are read again only when something is to be located (a naming collision), so a run
//! without collisions pays nothing for it.

use std::cell::OnceCell;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::markdown::lines::column_of;
use crate::page::{self, Page, Row};
use crate::spec::model::OperationSpec;
use crate::spec::yaml;

/// Which member list a path starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The request parameters.
    Request,
    /// The response fields.
    Response,
}

/// Something a spec declares.
#[derive(Debug, Clone, Copy)]
pub enum Anchor<'a> {
    /// A member, by its name and its parents' names from the top of the request or response.
    Member(Part, &'a [String]),
    /// One documented value of a member.
    Value(Part, &'a [String], &'a str),
    /// A documented error code.
    ErrorCode(&'a str),
}

/// A place in a page or spec file, with the line it points into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// File, line and column.
    pub location: Location,
    /// The line as written, shown under the diagnostic.
    pub line: Option<String>,
}

impl Place {
    /// A warning at this place.
    pub fn warning(&self, kind: &'static str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(Severity::Warning, kind, self.location.clone(), message);
        match &self.line {
            Some(line) => d.with_source_line(line.clone()),
            None => d,
        }
    }

    /// This place as a message mentions it from a diagnostic at `from`: `line 12` in the same
    /// file, else `file:12:3`.
    pub fn mention(&self, from: &Place) -> String {
        if self.location.file == from.location.file {
            format!("line {}", self.location.line)
        } else {
            self.location.to_string()
        }
    }
}

/// One spec, its page's text when the run has it, and the path of its spec file.
pub struct SpecSource<'a> {
    spec: &'a OperationSpec,
    spec_file: String,
    page_text: Option<&'a str>,
    page: OnceCell<Option<Page>>,
    yaml: OnceCell<Vec<String>>,
}

impl<'a> SpecSource<'a> {
    /// `spec_file` labels the spec file in diagnostics; `page_text` is the text of the spec's
    /// source page, when the run read it.
    pub fn new(spec: &'a OperationSpec, spec_file: String, page_text: Option<&'a str>) -> Self {
        SpecSource {
            spec,
            spec_file,
            page_text,
            page: OnceCell::new(),
            yaml: OnceCell::new(),
        }
    }

    /// The label of the spec's source page.
    pub fn page_label(&self) -> &str {
        &self.spec.source.page
    }

    /// Where `anchor` is written: its page row, else its spec file line, else the page's first
    /// line.
    pub fn locate(&self, anchor: Anchor<'_>) -> Place {
        self.in_page(anchor)
            .or_else(|| self.in_spec_file(anchor))
            .unwrap_or_else(|| Place {
                location: Location {
                    file: self.page_label().to_string(),
                    line: 1,
                    column: 1,
                },
                line: None,
            })
    }

    fn page(&self) -> Option<&Page> {
        self.page
            .get_or_init(|| {
                let text = self.page_text?;
                // The page was read (and its findings reported) when the spec was built.
                let mut ignored = Diagnostics::new();
                Some(page::read(self.page_label(), text, &mut ignored))
            })
            .as_ref()
    }

    /// Where `anchor` is written on the spec's page, when the run has the page and finds it.
    pub fn in_page(&self, anchor: Anchor<'_>) -> Option<Place> {
        let page = self.page()?;
        let at = |line: usize, column: usize| Place {
            location: Location {
                file: page.file.clone(),
                line,
                column,
            },
            line: Some(page.line(line).to_string()),
        };
        match anchor {
            Anchor::Member(part, path) => {
                let row = find_row(page, part, path)?;
                Some(at(row.name_at.0, row.name_at.1))
            }
            Anchor::Value(part, path, value) => {
                let row = find_row(page, part, path)?;
                // The description is the row's last cell: its further lines first, then the
                // end of its first line (where the example cell may hold a value too).
                let end = row_end(page, row.line);
                let found = (row.line + 1..end)
                    .find_map(|number| {
                        let text = page.line(number);
                        find_word(text, value, false).map(|byte| (number, column_of(text, byte)))
                    })
                    .or_else(|| {
                        let text = page.line(row.line);
                        find_word(text, value, true).map(|byte| (row.line, column_of(text, byte)))
                    });
                Some(match found {
                    Some((line, column)) => at(line, column),
                    None => at(row.name_at.0, row.name_at.1),
                })
            }
            Anchor::ErrorCode(code) => {
                let row = page.errors.iter().find(|r| r.code == code)?;
                let text = page.line(row.line);
                let column = find_word(text, code, false).map_or(1, |byte| column_of(text, byte));
                Some(at(row.line, column))
            }
        }
    }

    fn in_spec_file(&self, anchor: Anchor<'_>) -> Option<Place> {
        let lines = self.yaml.get_or_init(|| {
            yaml::to_yaml(self.spec)
                .lines()
                .map(str::to_string)
                .collect()
        });
        let (number, column) = match anchor {
            Anchor::Member(part, path) => yaml_member(lines, part, path)?,
            Anchor::Value(part, path, value) => {
                let (member, _) = yaml_member(lines, part, path)?;
                let indent = 2 * path.len();
                yaml_item(lines, member, indent, "value", value)?
            }
            Anchor::ErrorCode(code) => {
                let start = top_key(lines, "errors")?;
                yaml_item(lines, start, 0, "code", code)?
            }
        };
        Some(Place {
            location: Location {
                file: self.spec_file.clone(),
                line: number + 1,
                column,
            },
            line: lines.get(number).cloned(),
        })
    }
}

/// The row declaring the member at `path`: each level is looked for after its parent's row
/// (a parent without a row of its own, as `Tag` of `Tag.N.Key`, is passed over), in the part's
/// tables first, then in the page's type tables.
fn find_row<'p>(page: &'p Page, part: Part, path: &[String]) -> Option<&'p Row> {
    let own: &[&[Row]] = match part {
        Part::Request => &[&page.request, &page.body],
        Part::Response => &[&page.response],
    };
    let rows: Vec<&Row> = own
        .iter()
        .flat_map(|rows| rows.iter())
        .chain(page.type_tables.iter().flat_map(|t| t.rows.iter()))
        .collect();
    let mut after = 0usize;
    for depth in 1..path.len() {
        if let Some(row) = rows
            .iter()
            .find(|r| r.line > after && declares(&r.name, &path[..depth]))
        {
            after = row.line;
        }
    }
    rows.iter()
        .find(|r| r.line > after && declares(&r.name, path))
        .or_else(|| rows.iter().find(|r| declares(&r.name, path)))
        .copied()
}

/// True when a row's name declares the member at `path`: the name as written is the member's,
/// or its dotted parts, without the `N` or index of a repeated parameter, end the path
/// (`Tag.N.Key` declares `Tag`'s `Key`; `Filter.1.Key` does not).
fn declares(row: &str, path: &[String]) -> bool {
    if path.last().is_some_and(|name| name == row) {
        return true;
    }
    let parts: Vec<&str> = row
        .split('.')
        .filter(|part| !part.eq_ignore_ascii_case("n") && !part.chars().all(|c| c.is_ascii_digit()))
        .collect();
    !parts.is_empty()
        && parts.len() <= path.len()
        && path[path.len() - parts.len()..]
            .iter()
            .zip(&parts)
            .all(|(name, part)| name == part)
}

/// The line after the last line of the row starting at `line`: the next row of any table, a
/// heading or a code fence.
fn row_end(page: &Page, line: usize) -> usize {
    let next_row = page
        .request
        .iter()
        .chain(&page.body)
        .chain(&page.response)
        .chain(page.type_tables.iter().flat_map(|t| t.rows.iter()))
        .map(|r| r.line)
        .chain(page.errors.iter().map(|r| r.line))
        .filter(|&l| l > line)
        .min();
    let next_break = (line + 1..=page.lines.len()).find(|&l| {
        let text = page.line(l).trim_start();
        text.starts_with('#') || text.starts_with("```")
    });
    [next_row, next_break]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(page.lines.len() + 1)
}

/// Byte offset of `word` in `text` where it is not part of a longer word (`ON` is not found in
/// `ONLINE`), the first or the `last`; Markdown's escaped form (`o\_n`) is tried too.
fn find_word(text: &str, word: &str, last: bool) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let escaped: String = word
        .chars()
        .flat_map(|c| {
            let escape = matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|');
            escape.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect();
    let forms = [word, escaped.as_str()];
    let at = forms.into_iter().find_map(|form| {
        let whole = |&at: &usize| {
            let before = text[..at].chars().next_back();
            let after = text[at + form.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_alphanumeric())
                && !after.is_some_and(|c| c.is_ascii_alphanumeric())
        };
        let mut found = text.match_indices(form).map(|(at, _)| at).filter(whole);
        if last {
            found.last()
        } else {
            found.next()
        }
    });
    at
}

/// Index of the line `key:` at the top level.
fn top_key(lines: &[String], key: &str) -> Option<usize> {
    let wanted = format!("{key}:");
    lines.iter().position(|l| *l == wanted)
}

/// (index, column) of the member at `path` in spec YAML: `- name: X` items, two more spaces
/// of indentation per level.
fn yaml_member(lines: &[String], part: Part, path: &[String]) -> Option<(usize, usize)> {
    let key = match part {
        Part::Request => "request",
        Part::Response => "response",
    };
    let mut at = (top_key(lines, key)?, 1);
    for (depth, name) in path.iter().enumerate() {
        at = yaml_item(lines, at.0, 2 * depth, "name", name)?;
    }
    Some(at)
}

/// (index, column of the scalar) of the first `- field: value` item at `indent` after line
/// `start`, before the list's owner ends (a line indented less than the item).
fn yaml_item(
    lines: &[String],
    start: usize,
    indent: usize,
    field: &str,
    value: &str,
) -> Option<(usize, usize)> {
    let prefix = format!("{}- {field}: ", " ".repeat(indent));
    for (index, line) in lines.iter().enumerate().skip(start + 1) {
        let depth = line.len() - line.trim_start().len();
        if !line.trim().is_empty() && depth < indent {
            return None;
        }
        if let Some(scalar) = line.strip_prefix(&prefix) {
            if unquote(scalar) == value {
                return Some((index, prefix.chars().count() + 1));
            }
        }
    }
    None
}

/// A YAML scalar as written on one line, without its quotes.
fn unquote(scalar: &str) -> String {
    let scalar = scalar.trim_end();
    if let Some(inner) = scalar.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else if let Some(inner) = scalar.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        inner.replace("\\\"", "\"").replace("\\\\", "\\")
    } else {
        scalar.to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::spec::yaml::from_yaml;

    const SPEC: &str = "name: Op\nproduct: P\nversion: '2020-01-01'\nhttp:\n  style: rpc\n  method: POST\nsource:\n  page: p/Op/2020-01-01_ab.md\n\
        request:\n- {name: Self, type: string}\n- {name: self, type: string}\n\
        response:\n- {name: Data, type: struct, members: [{name: Mode, type: string, values: [{value: o-n}, {value: 'ON'}, {value: 'on'}]}]}\n\
        - {name: Mode, type: string}\n\
        errors:\n- {code: Bad.Thing}\n- {code: BadThing}\n";

    const PAGE: &str = "# Op\n\n调用Op。\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n\
        |Self|String|否|a|大写。|\n|self|String|否|b|小写。|\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n\
        |Mode|String|x|顶层。|\n|Data|Object| |数据。|\n|└Mode|String|on|模式。取值：\n\n- o-n：连字符。\n- ON：大写。\n- on：小写。 |\n\n\
        ## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|Bad.Thing|x|y|\n|400|BadThing|x|y|\n";

    fn spec() -> OperationSpec {
        from_yaml(Path::new("Op.yaml"), SPEC).unwrap()
    }

    fn names(path: &[&str]) -> Vec<String> {
        path.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn members_values_and_codes_are_found_in_the_page() {
        let spec = spec();
        let source = SpecSource::new(&spec, "specs/apis/p/2020-01-01/Op.yaml".into(), Some(PAGE));
        let at = |anchor| {
            let place = source.locate(anchor);
            (place.location.to_string(), place.line.unwrap_or_default())
        };
        let lower = names(&["self"]);
        assert_eq!(
            at(Anchor::Member(Part::Request, &lower)),
            (
                "p/Op/2020-01-01_ab.md:10:2".into(),
                "|self|String|否|b|小写。|".into()
            )
        );
        let nested = names(&["Data", "Mode"]);
        assert_eq!(
            at(Anchor::Member(Part::Response, &nested)).0,
            "p/Op/2020-01-01_ab.md:18:2"
        );
        let top = names(&["Mode"]);
        assert_eq!(
            at(Anchor::Member(Part::Response, &top)).0,
            "p/Op/2020-01-01_ab.md:16:2"
        );
        assert_eq!(
            at(Anchor::Value(Part::Response, &nested, "ON")),
            ("p/Op/2020-01-01_ab.md:21:3".into(), "- ON：大写。".into())
        );
        assert_eq!(
            at(Anchor::Value(Part::Response, &nested, "on")).0,
            "p/Op/2020-01-01_ab.md:22:3"
        );
        assert_eq!(
            at(Anchor::ErrorCode("BadThing")).0,
            "p/Op/2020-01-01_ab.md:29:6"
        );
    }

    #[test]
    fn without_the_page_the_spec_file_line_is_used() {
        let spec = spec();
        let source = SpecSource::new(&spec, "specs/apis/p/2020-01-01/Op.yaml".into(), None);
        let yaml = yaml::to_yaml(&spec);
        let line_of = |text: &str| yaml.lines().position(|l| l == text).unwrap() + 1;
        let at = |anchor| source.locate(anchor).location;
        let lower = names(&["self"]);
        let place = at(Anchor::Member(Part::Request, &lower));
        assert_eq!(place.file, "specs/apis/p/2020-01-01/Op.yaml");
        assert_eq!((place.line, place.column), (line_of("- name: self"), 9));
        let nested = names(&["Data", "Mode"]);
        let place = at(Anchor::Value(Part::Response, &nested, "on"));
        let on = yaml
            .lines()
            .position(|l| {
                l.trim_start().starts_with("- value:")
                    && l.contains("on")
                    && !l.contains("o-n")
                    && !l.contains("ON")
            })
            .unwrap()
            + 1;
        assert_eq!(place.line, on);
        let top = names(&["Mode"]);
        assert_eq!(
            at(Anchor::Member(Part::Response, &top)).line,
            yaml.lines()
                .enumerate()
                .filter(|(_, l)| *l == "- name: Mode")
                .map(|(i, _)| i + 1)
                .next()
                .unwrap()
        );
        assert_eq!(
            at(Anchor::ErrorCode("BadThing")).line,
            line_of("- code: BadThing")
        );
    }

    #[test]
    fn mentions_are_short_in_the_same_file() {
        let place = |file: &str, line| Place {
            location: Location {
                file: file.into(),
                line,
                column: 2,
            },
            line: None,
        };
        assert_eq!(place("a.md", 9).mention(&place("a.md", 3)), "line 9");
        assert_eq!(place("b.md", 9).mention(&place("a.md", 3)), "b.md:9:2");
    }

    #[test]
    fn dotted_rows_declare_the_members_of_their_parent() {
        let path = names(&["Tag", "Key"]);
        assert!(declares("Tag.N.Key", &path));
        assert!(declares("Key", &path));
        assert!(!declares("Filter.1.Key", &path));
        assert!(!declares("Tag.N.key", &path));
        assert!(declares("InstanceId.N", &names(&["InstanceId"])));
        assert!(declares("A.B", &names(&["A.B"])));
    }

    #[test]
    fn words_are_found_whole() {
        assert_eq!(find_word("ONLINE or ON", "ON", false), Some(10));
        assert_eq!(find_word("ON|ON", "ON", true), Some(3));
        assert_eq!(find_word("o\\_n", "o_n", false), Some(0));
        assert_eq!(find_word("none", "on", false), None);
    }
}
