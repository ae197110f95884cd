//! Table rows read by column meaning: the header says which column is the name, the type, the
//! example... A row with more cells than the header (an unescaped `|` inside a cell) is repaired
//! by finding the one free-text column that can absorb the extra cells while every other
//! column still holds what its kind allows; a row that cannot be repaired is reported.

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use crate::markdown::cells::{clean, clean_word};
use crate::markdown::tables::Table;

/// The meaning of a table column, from its header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// 名称: parameter or field name.
    Name,
    /// 位置: Query, Body...
    Position,
    /// 类型.
    Type,
    /// 是否必选 / 是否必需.
    Required,
    /// 示例值.
    Example,
    /// 描述.
    Description,
    /// HttpCode.
    HttpStatus,
    /// 错误码.
    ErrorCode,
    /// 错误信息.
    ErrorMessage,
    /// A header this reader does not know; its cells are kept but not used.
    Unknown,
}

impl Column {
    /// Reads a header cell.
    pub fn from_header(text: &str) -> Column {
        let word = clean_word(text).to_lowercase();
        match word.as_str() {
            "名称" | "name" | "参数" | "参数名" | "参数名称" | "字段" | "字段名" | "属性" => {
                Column::Name
            }
            "位置" | "position" | "参数位置" => Column::Position,
            "类型" | "type" | "数据类型" | "参数类型" => Column::Type,
            "是否必选" | "是否必需" | "是否必须" | "必选" | "必需" | "必须" | "必填"
            | "是否必填" | "required" => Column::Required,
            "示例值" | "示例" | "example" | "取值示例" => Column::Example,
            "描述" | "说明" | "description" | "含义" | "参数说明" => Column::Description,
            "httpcode" | "http状态码" | "状态码" | "httpstatus" | "httpstatuscode" | "http码" => {
                Column::HttpStatus
            }
            "错误码" | "errorcode" | "code" | "错误代码" => Column::ErrorCode,
            "错误信息" | "errormessage" | "message" | "错误消息" => Column::ErrorMessage,
            _ => Column::english(&word),
        }
    }

    /// Reads an English header cell (lower-cased), translation variants included: `Parameter`,
    /// `Parameters`, `Parameter name`, `Prameter`; `Required?`, `Required or not`, `Mandatory
    /// or Not`, `Must I choose?`; `Example value`, `Example values`; `Meaning`, `Note`;
    /// `HTTP status code`, `HttpCode`, `HTTP status ode`; `Error codes`, `Error information`.
    fn english(word: &str) -> Column {
        let letters: String = word.chars().filter(char::is_ascii_alphabetic).collect();
        let letters = letters.as_str();
        if letters.is_empty() || !word.is_ascii() {
            return Column::Unknown;
        }
        if matches!(
            letters,
            "parameter" | "parameters" | "parametername" | "prameter" | "attribute" | "field"
        ) {
            Column::Name
        } else if matches!(letters, "location" | "in") {
            Column::Position
        } else if letters == "datatype" {
            Column::Type
        } else if letters.starts_with("require")
            || letters.starts_with("mandatory")
            || letters.starts_with("mustichoose")
        {
            Column::Required
        } else if matches!(
            letters,
            "examplevalue" | "examplevalues" | "examples" | "sample" | "samplevalue"
        ) {
            Column::Example
        } else if matches!(
            letters,
            "meaning" | "note" | "notes" | "descriptions" | "definition" | "parameterdescription"
        ) {
            Column::Description
        } else if letters.starts_with("http") && !letters.contains("message") {
            Column::HttpStatus
        } else if matches!(letters, "errorcode" | "errorcodes") {
            Column::ErrorCode
        } else if letters.starts_with("errormessage") || letters == "errorinformation" {
            Column::ErrorMessage
        } else {
            Column::Unknown
        }
    }

    /// True for columns whose cells are free text and may hold a stray `|`.
    fn is_free_text(self) -> bool {
        matches!(
            self,
            Column::Description | Column::ErrorMessage | Column::Example | Column::Unknown
        )
    }

    /// Whether a (cleaned) cell is plausible for this column; used to place stray pipes.
    fn accepts(self, text: &str) -> bool {
        let word: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '*')
            .collect();
        match self {
            Column::Required => matches!(
                word.to_lowercase().as_str(),
                "" | "是"
                    | "否"
                    | "true"
                    | "false"
                    | "yes"
                    | "no"
                    | "必选"
                    | "可选"
                    | "yes."
                    | "no."
                    | "required"
                    | "optional"
            ),
            Column::Position => word.is_empty() || word.chars().all(|c| c.is_ascii_alphabetic()),
            Column::HttpStatus => word.is_empty() || word.chars().all(|c| c.is_ascii_digit()),
            Column::Type => word.chars().count() <= 40 && !word.contains('。'),
            Column::Name | Column::ErrorCode => !word.contains('。') && !word.contains('：'),
            _ => true,
        }
    }
}

/// A cleaned cell with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// Cleaned text (Markdown).
    pub text: String,
    /// Line of the cell.
    pub line: usize,
    /// Column of the cell.
    pub column: usize,
}

/// One table row, by column meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// First line of the row.
    pub line: usize,
    /// The cells with their column meaning, left to right.
    pub cells: Vec<(Column, Text)>,
}

impl Record {
    /// The cell of a column, if the table has it.
    pub fn get(&self, column: Column) -> Option<&Text> {
        self.cells
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, t)| t)
    }

    /// The cleaned text of a column, or "".
    pub fn text(&self, column: Column) -> &str {
        self.get(column).map_or("", |t| t.text.as_str())
    }
}

/// The column meanings of a table.
///
/// A translated header may name two columns alike: `|Name|Parameters|Required|Description|`
/// (backbonenet, slb) heads the type column `Parameters`. A second name column in a parameter
/// table (one with a required column) without a type column is that type column. A table
/// without a required column is no parameter table (`|名称|参数|` lists a feature's arguments).
pub fn columns(table: &Table) -> Vec<Column> {
    let mut kinds: Vec<Column> = table
        .header
        .cells
        .iter()
        .map(|c| Column::from_header(&c.text))
        .collect();
    if !kinds.contains(&Column::Type) && kinds.contains(&Column::Required) {
        if let Some(second) = kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == Column::Name)
            .nth(1)
            .map(|(i, _)| i)
        {
            if let Some(k) = kinds.get_mut(second) {
                *k = Column::Type;
            }
        }
    }
    kinds
}

/// Reads every body row of a table as records, repairing or reporting rows of the wrong width.
pub fn read(file: &str, lines: &[String], table: &Table, diags: &mut Diagnostics) -> Vec<Record> {
    let kinds = columns(table);
    let mut out = Vec::new();
    for row in &table.rows {
        if row.cells.iter().all(|c| clean(&c.text).is_empty()) {
            continue;
        }
        let source = lines
            .get(row.line.saturating_sub(1))
            .cloned()
            .unwrap_or_default();
        let located = |column: usize| Location {
            file: file.to_string(),
            line: row.line,
            column,
        };
        if !row.closed {
            diags.push(
                Diagnostic::new(
                    Severity::Warning,
                    "table-shape",
                    located(1),
                    "table row never reaches its closing `|`",
                )
                .expected_found(
                    "a row ending with `|`",
                    "the table cut by a heading, a code block or the end of the page",
                )
                .with_source_line(source.clone()),
            );
        }
        let cells: Vec<Text> = row
            .cells
            .iter()
            .map(|c| Text {
                text: clean(&c.text),
                line: c.line,
                column: c.column,
            })
            .collect();
        let fitted = if cells.len() > kinds.len() {
            match repair(&kinds, &cells) {
                Some((merged, column)) => {
                    diags.push(
                        Diagnostic::new(
                            Severity::Warning,
                            "table-pipe",
                            located(cells.get(column).map_or(1, |c| c.column)),
                            "row has more cells than the header: an unescaped `|` was taken as text of one cell",
                        )
                        .expected_found(
                            format!("{} cells", kinds.len()),
                            format!("{} cells; the extra `|` kept in the {:?} column", cells.len(), kinds.get(column).copied().unwrap_or(Column::Unknown)),
                        )
                        .with_source_line(source.clone()),
                    );
                    merged
                }
                None => {
                    diags.push(
                        Diagnostic::new(Severity::Warning, "table-shape", located(1), "row has more cells than the header and cannot be repaired; row skipped")
                            .expected_found(format!("{} cells", kinds.len()), format!("{} cells", cells.len()))
                            .with_source_line(source.clone()),
                    );
                    continue;
                }
            }
        } else {
            if cells.len() < kinds.len() {
                diags.push(
                    Diagnostic::new(
                        Severity::Warning,
                        "table-shape",
                        located(1),
                        "row has fewer cells than the header; missing cells left empty",
                    )
                    .expected_found(
                        format!("{} cells", kinds.len()),
                        format!("{} cells", cells.len()),
                    )
                    .with_source_line(source.clone()),
                );
            }
            cells
        };
        // English pages fill the cells Chinese pages leave empty with `N/A` (`|Contact|N/A|N/A|N/A|`);
        // it says nothing, as an empty cell does.
        let cells = kinds
            .iter()
            .copied()
            .zip(fitted)
            .map(|(kind, mut text)| {
                if kind != Column::Name && text.text.trim().eq_ignore_ascii_case("n/a") {
                    text.text.clear();
                }
                (kind, text)
            })
            .collect();
        out.push(Record {
            line: row.line,
            cells,
        });
    }
    out
}

/// Finds the free-text column that absorbs the surplus cells. Returns the fitted cells and the
/// index of the column that took them. Description wins ties, because prose holds `a|b` lists
/// far more often than examples do.
fn repair(kinds: &[Column], cells: &[Text]) -> Option<(Vec<Text>, usize)> {
    let surplus = cells.len().checked_sub(kinds.len())?;
    let mut fits = Vec::new();
    for (at, kind) in kinds.iter().enumerate() {
        if !kind.is_free_text() {
            continue;
        }
        let mut merged: Vec<Text> = cells.get(..at)?.to_vec();
        let group = cells.get(at..=at + surplus)?;
        let first = group.first()?;
        let text = group
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join("|");
        merged.push(Text {
            text,
            line: first.line,
            column: first.column,
        });
        merged.extend(cells.get(at + surplus + 1..)?.iter().cloned());
        if kinds.iter().zip(&merged).all(|(k, c)| k.accepts(&c.text)) {
            fits.push((merged, at, *kind));
        }
    }
    let best = fits
        .iter()
        .position(|(_, _, k)| *k == Column::Description)
        .unwrap_or(0);
    if fits.is_empty() {
        return None;
    }
    let (merged, at, _) = fits.swap_remove(best);
    Some((merged, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::lines::split;
    use crate::markdown::tables::find;

    fn records(text: &str) -> (Vec<Record>, Diagnostics) {
        let lines = split(text);
        let tables = find(&lines, &vec![false; lines.len()]);
        let raw: Vec<String> = lines.iter().map(|l| l.raw.clone()).collect();
        let mut diags = Diagnostics::new();
        let records = read("t.md", &raw, &tables[0], &mut diags);
        (records, diags)
    }

    #[test]
    fn knows_header_spellings() {
        assert_eq!(Column::from_header("是否必需"), Column::Required);
        assert_eq!(Column::from_header(" HttpCode "), Column::HttpStatus);
        assert_eq!(Column::from_header("**位置**"), Column::Position);
        assert_eq!(Column::from_header("备注x"), Column::Unknown);
    }

    #[test]
    fn knows_english_header_spellings() {
        // Header rows of the English corpus, translation variants included.
        for (header, kind) in [
            ("Parameter", Column::Name),
            ("Parameters", Column::Name),
            ("Parameter name ", Column::Name),
            ("Prameter", Column::Name),
            ("Type", Column::Type),
            ("Required", Column::Required),
            ("Required?", Column::Required),
            ("Required or not", Column::Required),
            ("Mandatory or Not", Column::Required),
            ("Must I choose?", Column::Required),
            ("Example value", Column::Example),
            ("Example values", Column::Example),
            ("Meaning", Column::Description),
            ("HTTP status code", Column::HttpStatus),
            ("HTTP status ode", Column::HttpStatus),
            ("Error codes", Column::ErrorCode),
            ("Error information", Column::ErrorMessage),
            ("Error messages", Column::ErrorMessage),
            ("Instance Value", Column::Unknown),
        ] {
            assert_eq!(Column::from_header(header), kind, "{header}");
        }
    }

    #[test]
    fn a_second_name_column_without_a_type_column_is_the_type() {
        // backbonenet DetachCenChildInstance (2018): `|Name|Parameters|Required|Description|`.
        let (r, _) = records("|Name|Parameters|Required|Description|\n|:---|:---------|:-------|:----------|\n|CenId|String |Yes|The ID of the CEN instance.|\n");
        assert_eq!(r[0].text(Column::Name), "CenId");
        assert_eq!(r[0].text(Column::Type), "String");
        assert_eq!(r[0].text(Column::Required), "Yes");
    }

    #[test]
    fn not_applicable_cells_are_empty() {
        // cms DescribeContactList: `|Contact|N/A|N/A|N/A|` under a list of contacts.
        let (r, _) =
            records("|Parameter|Type|Example|Description|\n|--|--|--|--|\n|Contact|N/A|N/A|N/A|\n");
        assert_eq!(r[0].text(Column::Name), "Contact");
        assert_eq!(r[0].text(Column::Type), "");
        assert_eq!(r[0].text(Column::Example), "");
        assert_eq!(r[0].text(Column::Description), "");
    }

    #[test]
    fn extra_pipe_goes_to_the_description() {
        let (r, d) = records("|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Period|String|否|month|取值：month|year|\n");
        assert_eq!(r[0].text(Column::Example), "month");
        assert_eq!(r[0].text(Column::Description), "取值：month|year");
        assert_eq!(d.items()[0].kind, "table-pipe");
    }

    #[test]
    fn extra_pipe_in_the_example_when_the_description_cannot_take_it() {
        let (r, _) = records("|HttpCode|错误码|错误信息|描述|\n|400|A.B|x|y|z|\n");
        assert_eq!(r[0].text(Column::ErrorCode), "A.B");
        assert_eq!(r[0].text(Column::Description), "y|z");
        let (r, _) = records("|名称|类型|是否必选|示例值|\n|Period|String|否|a|b|\n");
        assert_eq!(r[0].text(Column::Example), "a|b");
    }

    #[test]
    fn short_rows_are_reported() {
        let (r, d) = records("|名称|类型|描述|\n|A|String|\n");
        assert_eq!(r[0].text(Column::Description), "");
        assert_eq!(d.items()[0].kind, "table-shape");
    }
}
