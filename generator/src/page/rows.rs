//! Typed rows: what each parameter, field and error row says, read once.
//!
//! Table records keep cells as text by column meaning; these rows settle what the text means
//! (the child marker, the type hint and any type link, the required flag, the position word, the
//! documented values), so the spec builder never looks at Markdown again. Unknown words are
//! reported here, where their cell is known.

use super::records::{Column, Record};
use super::type_hint::{hint, type_link, TypeHint};
use super::Page;
use super::{formats, values};
use crate::diagnostics::{Diagnostics, Severity};
use crate::markdown::cells::clean_word;
use crate::spec::model::{DocumentedValue, Format, Type};

/// Leading characters that mark a child row (`└Key`, `├Key`, `─Key`).
const CHILD_MARKERS: [char; 3] = ['└', '├', '─'];

/// Where the page says a parameter travels (the 位置 column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Position {
    /// `Path`.
    Path,
    /// `Query`.
    Query,
    /// `Header`.
    Header,
    /// `Body`.
    Body,
    /// `FormData`.
    FormData,
}

/// One parameter or field row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// First line of the row.
    pub line: usize,
    /// First line of the row's table: rows of one table share it, so a later table (`返回数据中
    /// 还包含以下参数`) can start again at the top of the tree.
    pub table: usize,
    /// The field a table's prose says it belongs to (`Result中还包含以下参数` → `Result`); `None`
    /// for a table of the section itself.
    pub owner: Option<String>,
    /// The name, markers and Markdown removed.
    pub name: String,
    /// Where the name cell is (line, column).
    pub name_at: (usize, usize),
    /// How many child markers precede the name (0 for none). Pages mark every depth with one
    /// marker, so this says "a child", not how deep.
    pub depth: usize,
    /// What the type cell says.
    pub hint: TypeHint,
    /// Where the type cell is (line, column); the name cell's place when there is none.
    pub type_at: (usize, usize),
    /// The key of the type a type cell links to (`#section_…` anchor, or the label).
    pub link: Option<String>,
    /// Whether the 是否必选 cell says yes.
    pub required: bool,
    /// The 位置 cell, when the table has one and it reads.
    pub position: Option<Position>,
    /// The 示例值 cell, if not empty.
    pub example: Option<String>,
    /// The 描述 cell, Markdown.
    pub description: String,
    /// The set of values the description documents (empty when it documents none); see
    /// [`super::values`].
    pub values: Vec<DocumentedValue>,
    /// What the value holds (Base64, JSON, a time), when the description says; see
    /// [`super::formats`].
    pub format: Option<Format>,
}

impl Row {
    /// True when a child marker precedes the name.
    pub fn is_child(&self) -> bool {
        self.depth > 0
    }
}

/// One error-table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRow {
    /// Line of the row.
    pub line: usize,
    /// The code as the service sends it.
    pub code: String,
    /// The HttpCode cell, when it is a number.
    pub http_status: Option<u16>,
    /// The 错误信息 cell.
    pub message: String,
    /// The 描述 cell.
    pub description: String,
}

/// Reads parameter or field records of the table at `table` (its first line) into rows.
/// Records with no name are left out.
pub fn read(page: &Page, table: usize, records: &[Record], diags: &mut Diagnostics) -> Vec<Row> {
    let section_words = ["返回数据", "返回参数", "RequestBody", "请求参数", "请求体"];
    let owner = introduced_by(page, table).filter(|name| !section_words.contains(&name.as_str()));
    records
        .iter()
        .filter_map(|r| row(page, table, owner.clone(), r, diags))
        .collect()
}

/// What a table's introduction says it belongs to: the nearest prose line above the table, when
/// it reads `X中还包含以下参数` or `X中还需（要）填入以下参数`, or is a caption `**X参数说明**`
/// (`**X字段数据结构说明**`); X may be a field (`Result`) or a part of the request or response
/// (`RequestBody`, `返回数据`).
pub fn introduced_by(page: &Page, table: usize) -> Option<String> {
    let intro = intro_line(page, table)?;
    if let Some(name) = captioned(intro) {
        return Some(name);
    }
    // `X中[还][需要|需][填入|包含]以下参数`.
    let (before, _) = intro.split_once("以下参数")?;
    let verb = ["填入", "包含"]
        .iter()
        .find_map(|v| before.strip_suffix(v))?;
    let verb = ["需要", "需"]
        .iter()
        .find_map(|v| verb.strip_suffix(v))
        .unwrap_or(verb);
    let verb = verb.strip_suffix('还').unwrap_or(verb);
    let named = verb.strip_suffix('中')?;
    let at = named.len();
    let name = clean_word(&intro[..at]);
    let name = name.trim_matches(|c: char| c == '*' || c == '`' || c.is_whitespace());
    (!name.is_empty() && !name.contains(char::is_whitespace)).then(|| name.to_string())
}

/// The name a caption right above the table gives (`**ContainerConfig参数说明**`), if any.
pub fn caption_of(page: &Page, table: usize) -> Option<String> {
    captioned(intro_line(page, table)?)
}

/// The nearest non-blank line in the few lines above the table at line `table`.
fn intro_line(page: &Page, table: usize) -> Option<&str> {
    (table.saturating_sub(4)..table)
        .rev()
        .map(|n| page.line(n).trim())
        .find(|l| !l.is_empty())
}

/// The field a caption line names: `**ContainerConfig参数说明**`, `**phases字段数据结构说明**`.
/// Only a whole line that is such a caption counts, and only a name written as an identifier.
fn captioned(line: &str) -> Option<String> {
    let text = line
        .trim_matches(|c: char| c == '*' || c.is_whitespace())
        .trim_end_matches(['：', ':'])
        .trim_matches(|c: char| c == '*' || c.is_whitespace());
    let name = ["字段数据结构说明", "数据结构说明", "参数说明"]
        .iter()
        .find_map(|suffix| text.strip_suffix(suffix))?
        .trim_matches(|c: char| c == '`' || c.is_whitespace());
    let identifier = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    identifier.then(|| name.to_string())
}

fn row(
    page: &Page,
    table: usize,
    owner: Option<String>,
    r: &Record,
    diags: &mut Diagnostics,
) -> Option<Row> {
    let name_cell = r.get(Column::Name)?;
    let raw = clean_word(&name_cell.text);
    let depth = raw
        .chars()
        .take_while(|c| CHILD_MARKERS.contains(c) || *c == '-')
        .filter(|c| *c == '└' || *c == '├')
        .count()
        .max(usize::from(raw.starts_with('─')));
    let name = raw
        .trim_start_matches(|c: char| CHILD_MARKERS.contains(&c) || c == '-')
        .to_string();
    if name.is_empty() {
        return None;
    }
    let name_at = (name_cell.line, name_cell.column);
    let type_cell = r.get(Column::Type);
    let type_text = type_cell.map_or("", |c| c.text.as_str());
    let type_at = type_cell.map_or(name_at, |c| (c.line, c.column));
    let (link, hint) = match type_link(type_text) {
        Some((key, true)) => (
            Some(key),
            TypeHint::Known(Type::Array(Box::new(Type::Struct))),
        ),
        Some((key, false)) => (Some(key), TypeHint::Known(Type::Struct)),
        None => (None, hint(type_text)),
    };
    if let TypeHint::Unknown(word) = &hint {
        diags.push(
            page.diagnostic(
                Severity::Warning,
                "unknown-type",
                type_at.0,
                type_at.1,
                format!("unknown type `{word}` in the 类型 column; read as string"),
            )
            .expected_found(
                "String, Integer, Long, Float, Double, Boolean, Json, Struct, List, Array of X, Map",
                format!("`{word}`"),
            ),
        );
    }
    let position = r.get(Column::Position).and_then(|cell| {
        let word = clean_word(&cell.text).to_lowercase();
        let position = match word.as_str() {
            "" => return None,
            "path" => Position::Path,
            "query" => Position::Query,
            "header" | "headers" => Position::Header,
            "body" => Position::Body,
            "formdata" | "form" => Position::FormData,
            _ => {
                diags.push(
                    page.diagnostic(
                        Severity::Warning,
                        "unknown-position",
                        cell.line,
                        cell.column,
                        format!("position `{word}` is not one this reader knows; the style's default is used"),
                    )
                    .expected_found("Path, Query, Header, Body or FormData", format!("`{}`", cell.text)),
                );
                return None;
            }
        };
        Some(position)
    });
    Some(Row {
        line: r.line,
        table,
        owner,
        name,
        name_at,
        depth,
        type_at,
        link,
        required: is_yes(r.text(Column::Required)),
        position,
        example: Some(r.text(Column::Example).to_string()).filter(|e| !e.is_empty()),
        values: values::read(r.text(Column::Description), &hint),
        format: formats::read(r.text(Column::Description), r.text(Column::Example), &hint),
        hint,
        description: r.text(Column::Description).to_string(),
    })
}

/// Reads error-table records; rows without a code are left out.
pub fn read_errors(records: &[Record]) -> Vec<ErrorRow> {
    records
        .iter()
        .filter_map(|r| {
            let code = clean_word(r.text(Column::ErrorCode));
            (!code.is_empty()).then(|| ErrorRow {
                line: r.line,
                code,
                http_status: r.text(Column::HttpStatus).trim().parse::<u16>().ok(),
                message: r.text(Column::ErrorMessage).to_string(),
                description: r.text(Column::Description).to_string(),
            })
        })
        .collect()
}

fn is_yes(text: &str) -> bool {
    // English pages write `Yes`, `Yes.`, `Required`, `Required.` or `Mandatory`.
    let word: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    matches!(
        word.to_lowercase().trim_end_matches(['.', '。']),
        "是" | "true" | "yes" | "必选" | "必需" | "必填" | "y" | "required" | "mandatory"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::read as read_page;

    fn request_rows(header: &str, rows: &str) -> (Vec<Row>, Diagnostics) {
        let text = format!("# X\n\n## 请求参数\n\n{header}\n{rows}");
        let mut d = Diagnostics::new();
        let page = read_page("x.md", &text, &mut d);
        (page.request, d)
    }

    #[test]
    fn english_required_cells() {
        for (cell, required) in [
            ("Yes", true),
            ("Yes.", true),
            ("Required", true),
            ("Mandatory", true),
            ("No", false),
            ("Optional", false),
            ("", false),
        ] {
            assert_eq!(is_yes(cell), required, "{cell}");
        }
    }

    #[test]
    fn rows_settle_markers_types_links_and_positions() {
        let (rows, d) = request_rows(
            "|名称|类型|位置|是否必选|示例值|描述|\n|--|--|--|--|--|--|",
            "|InstanceId|String|Path|是|es-1|实例。|\n|└key|String|Body|否| |k|\n|Meta|[KeyMetadata](#section_x)|Query|否| |m|\n|Odd|Strng|Cookie|否| |o|\n",
        );
        assert_eq!(rows.len(), 4);
        assert_eq!(
            (rows[0].name.as_str(), rows[0].depth, rows[0].required),
            ("InstanceId", 0, true)
        );
        assert_eq!(rows[0].position, Some(Position::Path));
        assert_eq!(rows[0].example.as_deref(), Some("es-1"));
        assert_eq!((rows[1].name.as_str(), rows[1].depth), ("key", 1));
        assert_eq!(rows[1].position, Some(Position::Body));
        assert_eq!(rows[2].link.as_deref(), Some("#section_x"));
        assert_eq!(rows[2].hint, TypeHint::Known(Type::Struct));
        assert_eq!(rows[3].position, None);
        let kinds: Vec<&str> = d.items().iter().map(|d| d.kind).collect();
        assert_eq!(kinds, ["unknown-type", "unknown-position"]);
        assert_eq!(d.items()[0].location.line, 10);
    }
}
