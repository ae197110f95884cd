//! Pipe tables as the pages really write them.
//!
//! A row starts on a line beginning with `|` and ends on the first line (the same or a later
//! one) whose last character is an unescaped `|`. That one rule reads every layout of the
//! corpus: ordinary one-line rows, rows whose last cell runs over several lines and closes with
//! ` |` further down, and "exploded" rows where each cell sits on its own line. The separator
//! line (`|--|--|`) is optional. Cells are split on unescaped `|`; deciding what a row with too
//! many cells means is left to the caller, which knows the column kinds.

use super::headings;
use super::lines::SourceLine;

/// One cell: its raw text (lines joined with `\n`, not cleaned) and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Raw text between the pipes.
    pub text: String,
    /// Line of the cell's first character.
    pub line: usize,
    /// 1-based character column of the cell's first character.
    pub column: usize,
}

/// One row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The cells, left to right.
    pub cells: Vec<Cell>,
    /// First line of the row.
    pub line: usize,
    /// Last line of the row.
    pub end_line: usize,
    /// False when the row never reached its closing `|` (cut by a heading, a fence or the end).
    pub closed: bool,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header row.
    pub header: Row,
    /// Whether a `|--|` separator line followed the header.
    pub separator: bool,
    /// Body rows.
    pub rows: Vec<Row>,
    /// First line of the table.
    pub line: usize,
    /// Last line of the table.
    pub end_line: usize,
}

impl Table {
    /// Number of columns the header declares.
    pub fn columns(&self) -> usize {
        self.header.cells.len()
    }
}

/// Finds every table outside fences. `in_fence[i]` tells whether line `i + 1` is code.
pub fn find(lines: &[SourceLine], in_fence: &[bool]) -> Vec<Table> {
    let is_code = |i: usize| in_fence.get(i).copied().unwrap_or(false);
    let starts_row = |i: usize| {
        !is_code(i)
            && lines
                .get(i)
                .is_some_and(|l| l.text.trim_start().starts_with('|'))
    };
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !starts_row(i) {
            i += 1;
            continue;
        }
        let (header, next) = read_row(lines, i, &is_code, None);
        i = next;
        let mut table = Table {
            line: header.line,
            end_line: header.end_line,
            header,
            separator: false,
            rows: Vec::new(),
        };
        while starts_row(i) {
            let (row, next) = read_row(lines, i, &is_code, Some(table.columns()));
            i = next;
            table.end_line = row.end_line;
            if table.rows.is_empty() && !table.separator && is_separator(&row) {
                table.separator = true;
                continue;
            }
            table.rows.push(row);
        }
        tables.push(table);
    }
    tables
}

/// `text` (prose Markdown) with every pipe table written one line a row, the form renderers
/// read: pages explode rows over several lines (each cell on its own line, blank lines between),
/// which no renderer takes for a table. A cell's lines are joined with spaces; a missing
/// separator line is added under the header. Text outside tables is left as it is.
pub fn compact(text: &str) -> String {
    let lines = super::lines::split(text);
    let (_, in_fence) = super::fences::find(&lines);
    let tables = find(&lines, &in_fence);
    if tables.is_empty() {
        return text.to_string();
    }
    let mut out: Vec<String> = Vec::new();
    let mut next = 0;
    for table in &tables {
        let (first, last) = (table.line.saturating_sub(1), table.end_line);
        out.extend(
            lines
                .get(next..first)
                .unwrap_or_default()
                .iter()
                .map(|l| l.raw.clone()),
        );
        let row_line = |row: &Row| {
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| c.text.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            format!("| {} |", cells.join(" | "))
        };
        out.push(row_line(&table.header));
        out.push(format!("|{}", "---|".repeat(table.columns().max(1))));
        out.extend(table.rows.iter().map(row_line));
        next = last;
    }
    out.extend(
        lines
            .get(next..)
            .unwrap_or_default()
            .iter()
            .map(|l| l.raw.clone()),
    );
    out.join("\n")
}

/// True for a `|--|:-:|` line.
fn is_separator(row: &Row) -> bool {
    !row.cells.is_empty()
        && row.cells.iter().all(|c| {
            let t = c.text.trim();
            t.contains('-') && t.chars().all(|ch| ch == '-' || ch == ':' || ch == ' ')
        })
}

/// True when the line's last non-space character is a `|` that is not escaped.
fn ends_with_pipe(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('|') && !t.ends_with("\\|")
}

/// Number of unescaped pipes in a line.
fn pipes(text: &str) -> usize {
    let mut escaped = false;
    let mut n = 0;
    for c in text.chars() {
        if c == '|' && !escaped {
            n += 1;
        }
        escaped = c == '\\' && !escaped;
    }
    n
}

/// Reads one row starting at line index `start`; returns it and the index after it.
/// `columns` is the header's width for body rows: a line ending in `|` before the row has
/// that many cells does not close it when text (not a new row) follows, because some pages
/// write `|City|String|是|hangzhou| ` and put the description on the next lines.
fn read_row(
    lines: &[SourceLine],
    start: usize,
    is_code: &dyn Fn(usize) -> bool,
    columns: Option<usize>,
) -> (Row, usize) {
    let mut parts: Vec<&SourceLine> = Vec::new();
    let mut closed = false;
    let mut seen_pipes = 0;
    let mut j = start;
    let stops = |k: usize| {
        lines
            .get(k)
            .is_none_or(|l| is_code(k) || headings::parse(&l.text, l.number).is_some())
    };
    while let Some(line) = lines.get(j) {
        if j > start && stops(j) {
            break;
        }
        parts.push(line);
        seen_pipes += pipes(&line.text);
        j += 1;
        let only_opening = j == start + 1 && line.text.trim() == "|";
        if ends_with_pipe(&line.text) && !only_opening {
            let short = columns.is_some_and(|c| seen_pipes < c + 1);
            let next =
                (j..lines.len()).find(|&k| lines.get(k).is_some_and(|l| !l.text.trim().is_empty()));
            let text_follows = next.is_some_and(|k| {
                !stops(k)
                    && lines
                        .get(k)
                        .is_some_and(|l| !l.text.trim_start().starts_with('|'))
            });
            if !(short && text_follows) {
                closed = true;
                break;
            }
        }
    }
    let first = lines.get(start).map_or(1, |l| l.number);
    let last = parts.last().map_or(first, |l| l.number);
    (
        Row {
            cells: split_cells(&parts, closed),
            line: first,
            end_line: last,
            closed,
        },
        j.max(start + 1),
    )
}

/// Splits the row's lines into cells on unescaped pipes.
fn split_cells(parts: &[&SourceLine], closed: bool) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut current: Option<Cell> = None;
    for line in parts {
        let text = &line.text;
        let mut escaped = false;
        let mut piece_start = 0;
        // The column is counted as we go: recounting from the line start for every pipe made
        // rows with many cells quadratic.
        for (chars_before, (at, c)) in text.char_indices().enumerate() {
            if c == '|' && !escaped {
                if let Some(mut cell) = current.take() {
                    cell.text
                        .push_str(text.get(piece_start..at).unwrap_or_default());
                    cells.push(cell);
                }
                let begin = at + 1;
                current = Some(Cell {
                    text: String::new(),
                    line: line.number,
                    // 1-based column of the character after the pipe.
                    column: chars_before + 2,
                });
                piece_start = begin;
            }
            escaped = c == '\\' && !escaped;
        }
        if let Some(cell) = current.as_mut() {
            cell.text
                .push_str(text.get(piece_start..).unwrap_or_default());
            cell.text.push('\n');
        }
    }
    if let Some(mut cell) = current {
        // After the closing pipe only whitespace remains; an unclosed row keeps its last cell.
        if cell.text.ends_with('\n') {
            cell.text.pop();
        }
        if !closed || !cell.text.trim().is_empty() {
            cells.push(cell);
        }
    }
    for cell in &mut cells {
        while cell.text.ends_with('\n') {
            cell.text.pop();
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::lines::split;

    fn tables(text: &str) -> Vec<Table> {
        let lines = split(text);
        let no_code = vec![false; lines.len()];
        find(&lines, &no_code)
    }

    fn texts(row: &Row) -> Vec<String> {
        row.cells
            .iter()
            .map(|c| crate::markdown::cells::clean(&c.text))
            .collect()
    }

    #[test]
    fn reads_multi_line_cells() {
        let t = tables("|名称|类型|描述|\n|--|--|--|\n|A|String|first\n\n -   x\n-   y |\n|B|Long|second|\n\ntext");
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert!(t.separator);
        assert_eq!(t.columns(), 3);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(texts(&t.rows[0]), ["A", "String", "first\n\n-   x\n-   y"]);
        assert_eq!((t.rows[0].line, t.rows[0].end_line), (3, 6));
        assert_eq!(texts(&t.rows[1]), ["B", "Long", "second"]);
        assert_eq!((t.rows[1].cells[1].line, t.rows[1].cells[1].column), (7, 4));
    }

    #[test]
    fn reads_tables_without_separator() {
        let t =
            tables("|名称|类型|描述|\n|KeyId|String|id|\n|Desc|String|a\n\n**说明：** b\n\n|\n");
        assert_eq!(t.len(), 1);
        assert!(!t[0].separator);
        assert_eq!(
            texts(&t[0].rows[1]),
            ["Desc", "String", "a\n\n**说明：** b"]
        );
    }

    #[test]
    fn short_line_with_text_after_continues_the_row() {
        let t = tables("|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|City|String|是|hangzhou| \n\n 城市。\n\n |\n|B|Long|否|1|b|\n");
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(
            texts(&t[0].rows[0]),
            ["City", "String", "是", "hangzhou", "城市。"]
        );
    }

    #[test]
    fn reads_exploded_tables() {
        let t = tables("|HttpCode\n\n|错误码\n\n|描述 |\n|----|---|---|\n|404\n\n|NotFound\n\n|没有。 |\n|403\n\n|Denied\n\n|拒绝。 |\n");
        assert_eq!(t.len(), 1);
        assert_eq!(texts(&t[0].header), ["HttpCode", "错误码", "描述"]);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(texts(&t[0].rows[1]), ["403", "Denied", "拒绝。"]);
    }

    #[test]
    fn keeps_extra_and_escaped_pipes_for_the_caller() {
        let t = tables("|名称|描述|\n|--|--|\n|Period|取值：month|year|\n|X|a\\|b|\n");
        assert_eq!(texts(&t[0].rows[0]), ["Period", "取值：month", "year"]);
        assert_eq!(texts(&t[0].rows[1]), ["X", "a|b"]);
    }

    #[test]
    fn unclosed_row_stops_at_heading() {
        let t = tables("|名称|描述|\n|A|never closed\n## Next\n|x|y|\n");
        assert_eq!(t.len(), 2);
        assert!(!t[0].rows[0].closed);
        assert_eq!(texts(&t[0].rows[0]), ["A", "never closed"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in ["|", "||", "|\n|", "| 名", "|\\", "|\u{00A0}|", "|a|\n|", ""] {
            let _ = tables(text);
        }
    }

    #[test]
    fn compact_writes_exploded_prose_tables_one_line_a_row() {
        let text = "前言。\n\n|密钥类型\n\n|KeySpec |\n|------|----|\n|对称密钥\n\n|Aliyun_AES_256 |\n\n后文。";
        assert_eq!(
            compact(text),
            "前言。\n\n| 密钥类型 | KeySpec |\n|---|---|\n| 对称密钥 | Aliyun_AES_256 |\n\n后文。"
        );
        assert_eq!(compact("no table"), "no table");
        for text in ["|", "|\n|", "|a|\n```\n|b|\n```", ""] {
            let _ = compact(text);
        }
    }
}
