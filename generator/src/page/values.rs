//! Documented value sets: the values a parameter or field takes, when its description lists them.
//!
//! Pages list them after a lead word (取值, 可取值, 可选值, 取值范围, 枚举值, 有效值, 取值如下,
//! 取值含义如下…) in one of three layouts:
//!
//! - inline: `取值：**A**、**B**或**C**`, `取值：**on|off**`, `可选值：KV（键值对配置）、JSON（JSON格式）`,
//!   `取值：gateway：网关，device：设备`;
//! - a bullet list, one value a bullet: `- **Enable**：启用`, `- RAW（默认值）：原始数据。`, `- RSA_2048`;
//! - paragraphs, one value each: `**instance**（默认）：实例重启。`.
//!
//! HTML in a cell (`<br>`, `<ul><li>`, a `<table>` of values and meanings) is read as the
//! Markdown it stands for. Bullets that follow an inline list and name its values give their
//! meanings.
//!
//! A wrong set hides what the page meant, a missed one only costs convenience, so a set is taken
//! only where the text leaves no doubt:
//!
//! - values are tokens the service sends (identifiers, numbers, `cn-hangzhou`, `slb.s1.small`):
//!   never Chinese phrases, ranges (`1~100`, `1-65535`, `[1,10]`) or bare symbols;
//! - every entry of the list must read as a value: a list that also holds prose (`- 自定义状态`),
//!   ends in 等 or says it names only some values (`常见取值`, `包括但不限于`), is introduced as
//!   examples (`取值如：`, `例如`) or mixes values with a range gives no set;
//! - a lead word about something else gives none: another parameter's values (`当**Type**取值为`,
//!   `N的取值范围`), a default, bound, count or length (`默认取值为1`, `数量取值范围`), or a
//!   sub-key described in a bullet or a `Key：…` line of a JSON-text parameter;
//! - two values at least; not `true`/`false` alone (a boolean needs no set); entries whose meaning
//!   describes a format (`域名长度为1-80个字符`) or a field make the value free-form, so no set;
//! - the type must suit ([`Type::takes_values`]): text, or integers when every value is one.

use std::borrow::Cow;

use super::type_hint::TypeHint;
use crate::spec::model::{DocumentedValue, Type};

/// Words that introduce a value list. `取值` also covers 可取值, 取值范围, 取值如下….
const LEADS: &[&str] = &[
    "取值",
    "可选值",
    "枚举值",
    "有效值",
    "Valid values",
    "valid values",
    "Valid value",
    "valid value",
    "Enumerated values",
];

/// What may stand between a lead word and its list (`取值范围为：`, `取值含义如下：`), longest first.
const LEAD_TAILS: &[&str] = &[
    "含义如下",
    "说明如下",
    "可以是",
    "可以为",
    "分别为",
    "分别是",
    "如下",
    "范围",
    "含义",
    "说明",
    "包括",
    "选项",
    "可为",
    "有",
    "为",
    "是",
];

/// Words right before a lead that make it about a default, a bound, a count or a length, or
/// about values other than the member's own.
const NOT_THE_SET: &[&str] = &[
    "默认", "最大", "最小", "数量", "长度", "个数", "大小", "其余", "其他", "其它",
];

/// Words that say a text member holds several values at once (`多个状态码用逗号分隔`, `为一个JSON
/// 数组`, `Separate multiple values with commas`): its text is a list of the documented values,
/// not one of them.
const SEVERAL_AT_ONCE: &[&str] = &[
    "分隔",
    "分割",
    "逗号",
    "JSON数组",
    "数组格式",
    "separated by commas",
    "Separate multiple",
    "separate multiple",
    "with commas",
    "JSON array",
];

/// Words that say the listed values are only some of those the member takes.
const NOT_ALL: &[&str] = &[
    "但不限于",
    "更多取值",
    "其他取值",
    "其它取值",
    "常见取值",
    "常用取值",
    "部分取值",
    "常见的取值",
    "常用的取值",
    "but not limited to",
    "Common values",
    "common values",
];

/// What may precede `的取值` for the values to be the member's own (`该参数的取值`); any other
/// owner (`不同监控项的取值`) makes them someone else's.
const OWN_WORDS: &[&str] = &["参数", "字段", "该值", "本值"];

/// Words that introduce examples rather than the set (any 如 that is not 如下 does too).
const EXAMPLE_WORDS: &[&str] = &[
    "例如",
    "比如",
    "示例",
    "举例",
    "e.g",
    "for example",
    "such as",
];

/// Meanings that describe a format or a field: the entry is a kind of value, not a value.
const FREE_FORM_MEANINGS: &[&str] = &[
    "长度",
    "个字符",
    "格式为",
    "String类型",
    "Integer类型",
    "Long类型",
    "必选",
    "必填",
];

/// The values `description` documents for a member whose type cell says `hint`; empty when it
/// documents none (or not beyond doubt).
pub fn read(description: &str, hint: &TypeHint) -> Vec<DocumentedValue> {
    if !LEADS.iter().any(|l| description.contains(l)) && !description.contains('<') {
        return Vec::new();
    }
    let text = markdown_of_html(description);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut found: Option<Vec<DocumentedValue>> = None;
    for (n, line) in lines.iter().enumerate() {
        // A lead inside a bullet describes a sub-item (`- **IkeVersion**：…取值：…`).
        if bullet_body(line).is_some() {
            continue;
        }
        for (at, lead) in leads_in(line) {
            let Some(set) = list_after(&lines, n, at, lead) else {
                continue;
            };
            match &found {
                None => found = Some(set),
                Some(first) if same_values(first, &set) => {}
                // Two different sets: the page describes more than one thing.
                Some(_) => return Vec::new(),
            }
        }
    }
    let values = found.unwrap_or_default();
    let list = matches!(
        hint,
        TypeHint::ArrayOfUnknown | TypeHint::Known(Type::Array(_))
    );
    if !list && SEVERAL_AT_ONCE.iter().any(|w| text.contains(w)) {
        return Vec::new();
    }
    if NOT_ALL.iter().any(|w| text.contains(w)) {
        return Vec::new();
    }
    let suits = match hint {
        TypeHint::Known(ty) => ty.takes_values(&values),
        TypeHint::Empty | TypeHint::ArrayOfUnknown | TypeHint::Unknown(_) => {
            Type::String.takes_values(&values)
        }
    };
    if suits {
        values
    } else {
        Vec::new()
    }
}

fn same_values(a: &[DocumentedValue], b: &[DocumentedValue]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.value == y.value)
}

/// Byte offsets and lead words found in a line, in order, without overlaps.
fn leads_in(line: &str) -> Vec<(usize, &'static str)> {
    let mut found: Vec<(usize, &'static str)> = LEADS
        .iter()
        .flat_map(|lead| line.match_indices(lead).map(move |(at, _)| (at, *lead)))
        .collect();
    // At one offset the longest lead wins (`Valid values` over `Valid value`).
    found.sort_by_key(|&(at, lead)| (at, std::cmp::Reverse(lead.len())));
    found.dedup_by(|later, earlier| later.0 < earlier.0 + earlier.1.len());
    found
}

/// The set introduced by the lead at byte `at` of line `n`, if one follows it beyond doubt.
fn list_after(lines: &[&str], n: usize, at: usize, lead: &str) -> Option<Vec<DocumentedValue>> {
    let line = lines.get(n)?;
    let before = line.get(..at)?;
    if !about_the_member(before) {
        return None;
    }
    let mut rest = line.get(at + lead.len()..)?;
    let mut range = false;
    for _ in 0..4 {
        match LEAD_TAILS.iter().find(|t| rest.starts_with(*t)) {
            Some(tail) => {
                range |= *tail == "范围";
                rest = &rest[tail.len()..];
            }
            None => break,
        }
    }
    let rest = rest.trim_start_matches([':', '：', ' ', '\t']);
    // `如下` was taken as a tail above; any other 如 (`取值如：…`) gives examples.
    if EXAMPLE_WORDS.iter().any(|w| rest.starts_with(w)) || rest.starts_with('如') {
        return None;
    }
    let following = lines.get(n + 1..).unwrap_or_default();
    let entries = if rest.trim().is_empty() {
        block(following)?
    } else if bullet_body(rest).is_some() {
        // The first bullet shares the lead's line (`取值：-   0：不存在。`).
        let mut all = vec![rest];
        all.extend_from_slice(following);
        bullets(&all)?
    } else {
        let entries = inline(rest)?;
        with_bullet_meanings(entries, following)?
    };
    settle(entries, range)
}

/// True when the text before a lead leaves it about this member's own values.
fn about_the_member(before: &str) -> bool {
    let markup = |c: char| c.is_whitespace() || matches!(c, '*' | '`' | '"' | '“' | '”');
    let trimmed = before.trim_end_matches(markup);
    let owned = trimmed.strip_suffix('的');
    let trimmed = owned.unwrap_or(trimmed).trim_end_matches(markup);
    // `N的取值范围`, `**Type**取值为`, `unit取值`: another name's values.
    if trimmed
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '}' | ']' | ')'))
    {
        return false;
    }
    if NOT_THE_SET.iter().any(|w| trimmed.ends_with(w)) {
        return false;
    }
    // `不同监控项的取值如下`: values of something the sentence names, not the member's.
    if owned.is_some() && !OWN_WORDS.iter().any(|w| trimmed.ends_with(w)) {
        return false;
    }
    // `IkeVersion：IKE协议的版本。取值：…`: a sub-key's line in a JSON-text parameter.
    let mut c = Cursor::new(&strip_markup(before));
    c.skip_spaces();
    let key = c.token();
    c.skip_spaces();
    !(key.is_some_and(|k| !k.is_empty()) && matches!(c.peek(), Some('：' | ':')))
}

/// A list on the lines after a lead that ends its line: bullets, else paragraphs.
fn block(lines: &[&str]) -> Option<Vec<Entry>> {
    let first = lines.iter().find(|l| !l.is_empty())?;
    if bullet_body(first).is_some() {
        bullets(lines)
    } else {
        paragraphs(lines)
    }
}

/// The text of a bullet line (`- x`, `* x`, `• x`, `1. x`), or `None`.
fn bullet_body(line: &str) -> Option<&str> {
    let line = line.trim_start();
    if let Some(rest) = line.strip_prefix('•') {
        return Some(rest.trim());
    }
    for mark in ['-', '*', '+'] {
        if let Some(rest) = line.strip_prefix(mark) {
            // `-1` is a number, `**A**` bold: a bullet mark is followed by a space.
            if rest.starts_with(char::is_whitespace) {
                return Some(rest.trim());
            }
        }
    }
    // `1. x`, `1) x`; not `1、`, which starts inline lists of numbers (`1、5、15`).
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 3 {
        let rest = &line[digits..];
        for mark in [". ", ") ", "）"] {
            if let Some(body) = rest.strip_prefix(mark) {
                return Some(body.trim());
            }
        }
    }
    None
}

/// Consecutive bullets, blank lines between them allowed. Every bullet must name a value.
/// Paragraphs inside an item (a note, a longer explanation) are passed over when the bullets
/// after them go on naming values; any other paragraph ends the list.
fn bullets(lines: &[&str]) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if line.is_empty() {
            i += 1;
            continue;
        }
        if let Some(body) = bullet_body(line) {
            entries.push(headed_entry(body, false)?);
            i += 1;
            continue;
        }
        let Some(next) = lines
            .iter()
            .skip(i)
            .position(|l| bullet_body(l).is_some())
            .map(|p| i + p)
        else {
            break;
        };
        // A paragraph that introduces something (`…如下：`) or names values starts another list.
        let introduces = lines.get(i..next).unwrap_or_default().iter().any(|l| {
            let text = strip_markup(l);
            text.trim_end().ends_with(['：', ':']) || !leads_in(l).is_empty()
        });
        let run_names_values = lines
            .get(next..)
            .unwrap_or_default()
            .iter()
            .take_while(|l| l.is_empty() || bullet_body(l).is_some())
            .filter_map(|l| bullet_body(l))
            .all(|body| headed_entry(body, false).is_some());
        if introduces || !run_names_values {
            break;
        }
        i = next;
    }
    Some(entries)
}

/// Consecutive paragraphs that each start with a value and give its meaning
/// (`**instance**（默认）：实例重启。`), up to the first that does not.
fn paragraphs(lines: &[&str]) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        match headed_entry(line, true) {
            Some(entry) => entries.push(entry),
            None => break,
        }
    }
    Some(entries)
}

/// Bullets right after an inline list that name its values give their meanings. A bullet naming
/// a value the list does not have means the two disagree: no set.
fn with_bullet_meanings(mut entries: Vec<Entry>, lines: &[&str]) -> Option<Vec<Entry>> {
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let Some(body) = bullet_body(line) else {
            break;
        };
        let Some(bullet) = headed_entry(body, false) else {
            continue;
        };
        let entry = entries.iter_mut().find(|e| e.value == bullet.value)?;
        if entry.meaning.is_empty() && entry.note.is_empty() {
            entry.meaning = bullet.meaning;
            entry.note = bullet.note;
        }
    }
    Some(entries)
}

/// Dedupes, then keeps the set only when it says something beyond doubt.
fn settle(entries: Vec<Entry>, range_word: bool) -> Option<Vec<DocumentedValue>> {
    let mut values: Vec<DocumentedValue> = Vec::new();
    for e in &entries {
        if FREE_FORM_MEANINGS.iter().any(|w| e.meaning.contains(w)) {
            return None;
        }
        if values.iter().all(|v| v.value != e.value) {
            values.push(DocumentedValue {
                value: e.value.clone(),
                description: e.description(),
                description_en: String::new(),
            });
        }
    }
    if values.len() < 2 {
        return None;
    }
    if values
        .iter()
        .all(|v| v.value.eq_ignore_ascii_case("true") || v.value.eq_ignore_ascii_case("false"))
    {
        return None;
    }
    // `取值范围：1, 20` gives the bounds of a range, not two values.
    if range_word && values.len() == 2 && values.iter().all(|v| is_number(&v.value)) {
        return None;
    }
    Some(values)
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// One entry of a list as written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    value: String,
    /// A parenthesised remark after the value (`默认值`, `全双工`).
    note: String,
    /// The meaning after a colon.
    meaning: String,
}

impl Entry {
    fn description(&self) -> String {
        let meaning = self.meaning.trim();
        let note = self.note.trim();
        match (note.is_empty(), meaning.is_empty()) {
            (true, _) => meaning.to_string(),
            (false, true) => note.to_string(),
            (false, false) => format!("{meaning}（{note}）"),
        }
    }
}

/// Why an entry did not read.
enum Miss {
    /// Not a value: prose, a range, a symbol.
    NotValue,
    /// The list says it goes on (`等`).
    Open,
}

/// Separators between inline entries that may also end the list when prose follows.
const SOFT_SEPARATORS: &[&str] = &["，", ",", "；", ";"];
/// Separators that join entries of one list.
const HARD_SEPARATORS: &[&str] = &[
    "或者", "以及", "或", "及", "和", "与", "、", "|", "or ", "and ",
];

/// An inline list: entries separated by `、` `,` `|` `或` `和`…, up to the end of the sentence.
/// Prose after a comma ends the list; prose after a joining word means the list is not only
/// values.
fn inline(text: &str) -> Option<Vec<Entry>> {
    let mut c = Cursor::new(&strip_markup(text));
    let mut entries = Vec::new();
    let mut after_soft = false;
    loop {
        c.skip_spaces();
        if let Some(pieces) = slash_alternatives(&mut c) {
            entries.extend(pieces);
            c.skip_spaces();
            if c.done() || c.eat_any(&["。"]).is_some() {
                break;
            }
            return None;
        }
        match inline_entry(&mut c) {
            Ok(entry) => entries.push(entry),
            Err(Miss::NotValue) if after_soft && !entries.is_empty() => break,
            Err(_) => return None,
        }
        c.skip_spaces();
        if c.done() || c.eat_any(&["。"]).is_some() {
            break;
        }
        let soft = c.eat_any(SOFT_SEPARATORS).is_some();
        c.skip_spaces();
        let hard = c.eat_any(HARD_SEPARATORS).is_some();
        if !soft && !hard {
            return None;
        }
        after_soft = soft && !hard;
    }
    Some(entries)
}

/// `Enable/Disable` closing the text: alternatives written as one slash-joined token. Only
/// capitalised words (`Enable`, not `ENCRYPT` or `json`): `ENCRYPT/DECRYPT` is one value of KMS
/// key usages, and a media type (`application/json`) or a path is one text. The cursor is left
/// where it was otherwise.
fn slash_alternatives(c: &mut Cursor) -> Option<Vec<Entry>> {
    let mark = c.at;
    let found = c.token().and_then(|token| {
        let pieces: Vec<&str> = token.split('/').collect();
        let words = pieces.len() >= 2
            && pieces.iter().all(|p| {
                let mut chars = p.chars();
                chars.next().is_some_and(|f| f.is_ascii_uppercase())
                    && chars.clone().any(|ch| ch.is_ascii_lowercase())
                    && chars.all(|ch| ch.is_ascii_alphanumeric())
            });
        let entries = pieces.iter().map(|p| Entry {
            value: p.to_string(),
            note: String::new(),
            meaning: String::new(),
        });
        words.then(|| entries.collect())
    });
    if found.is_none() {
        c.at = mark;
    }
    found
}

fn inline_entry(c: &mut Cursor) -> Result<Entry, Miss> {
    let value = c.token().ok_or(Miss::NotValue)?;
    if !is_value(&value) || value.contains('/') {
        return Err(Miss::NotValue);
    }
    let mark = c.at;
    c.skip_spaces();
    let note = match c.paren() {
        Some(note) => note,
        None => {
            c.at = mark;
            String::new()
        }
    };
    if c.starts_with("等") {
        return Err(Miss::Open);
    }
    // `取值有tcp和udp两种`: a count closing the list.
    c.count_of_kinds();
    let mark = c.at;
    c.skip_spaces();
    let mut meaning = String::new();
    if c.eat_any(&["：", ":"]).is_some() {
        meaning = c.until_any(&["，", ",", "；", ";", "|", "。"]);
    } else {
        c.at = mark;
    }
    let mark = c.at;
    c.skip_spaces();
    let ends = c.done()
        || c.peek() == Some('。')
        || SOFT_SEPARATORS
            .iter()
            .chain(HARD_SEPARATORS)
            .any(|s| c.starts_with(s));
    c.at = mark;
    if ends {
        Ok(Entry {
            value,
            note,
            meaning: meaning.trim().to_string(),
        })
    } else {
        Err(Miss::NotValue)
    }
}

/// An entry that starts a bullet or paragraph: a value, then an optional note and meaning.
/// A paragraph must give a meaning, or it may be any line that happens to start with a word.
fn headed_entry(text: &str, needs_meaning: bool) -> Option<Entry> {
    let mut c = Cursor::new(&strip_markup(text));
    c.skip_spaces();
    let mut value = c.token()?;
    // `- product,metricName：…`: one value naming two things, commas and all.
    while c.peek() == Some(',') && c.chars.get(c.at + 1).is_some_and(|ch| is_token_char(*ch)) {
        c.at += 1;
        value.push(',');
        value.push_str(&c.token()?);
    }
    if !is_value(&value) {
        return None;
    }
    c.skip_spaces();
    let note = c.paren().unwrap_or_default();
    c.skip_spaces();
    let rest = c.rest();
    let meaning = if let Some(m) = ["：", ":", "，", ",", "；", ";"]
        .iter()
        .find_map(|s| rest.strip_prefix(s))
    {
        m.trim().to_string()
    } else if rest.is_empty() || rest == "。" {
        String::new()
    } else {
        return None;
    };
    if needs_meaning && meaning.is_empty() && note.is_empty() {
        return None;
    }
    Some(Entry {
        value,
        note,
        meaning,
    })
}

/// A token the service could send: ASCII, at least one letter or digit, not a range.
fn is_value(token: &str) -> bool {
    if token.is_empty() || token.len() > 80 || !token.chars().any(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    // `1-65535`, `0.5-1`: a range written with a hyphen.
    let unsigned = token.strip_prefix('-').unwrap_or(token);
    let lead: String = unsigned
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let after = &unsigned[lead.len()..];
    let range = !lead.is_empty()
        && after
            .strip_prefix('-')
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    (!range && !token.starts_with(['-', '.', '/'])) || is_number(token)
}

/// Characters of a value token.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '$' | '*' | '@' | '+' | '#' | '/')
}

/// The text without emphasis, code marks and quotes, which pages put around values.
fn strip_markup(text: &str) -> String {
    text.replace("**", "")
        .chars()
        .filter(|c| !matches!(c, '`' | '"' | '“' | '”'))
        .collect()
}

/// A read position over a line.
struct Cursor {
    chars: Vec<char>,
    at: usize,
}

impl Cursor {
    fn new(text: &str) -> Cursor {
        Cursor {
            chars: text.chars().collect(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn done(&self) -> bool {
        self.at >= self.chars.len()
    }

    fn rest(&self) -> String {
        self.chars
            .get(self.at..)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    fn starts_with(&self, s: &str) -> bool {
        (self.at..)
            .zip(s.chars())
            .all(|(i, ch)| self.chars.get(i) == Some(&ch))
    }

    fn eat_any(&mut self, options: &[&str]) -> Option<usize> {
        let found = options.iter().position(|s| self.starts_with(s))?;
        self.at += options.get(found).map_or(0, |s| s.chars().count());
        Some(found)
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// A value token; a trailing `.` (a sentence's full stop) is left out of it.
    fn token(&mut self) -> Option<String> {
        let start = self.at;
        while self.peek().is_some_and(is_token_char) {
            self.at += 1;
        }
        let token: String = self.chars.get(start..self.at)?.iter().collect();
        let trimmed = token.trim_end_matches('.');
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    }

    /// `（…）` or `(…)`, mixed brackets allowed (`(全双工）`); the text inside.
    fn paren(&mut self) -> Option<String> {
        if !matches!(self.peek(), Some('(' | '（')) {
            return None;
        }
        let start = self.at + 1;
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        let inner: String = self.chars.get(start..self.at - 1)?.iter().collect();
                        return Some(inner.trim().to_string());
                    }
                }
                _ => {}
            }
        }
        self.at = start - 1;
        None
    }

    /// Text up to (not including) the first of `stops` outside brackets.
    fn until_any(&mut self, stops: &[&str]) -> String {
        let start = self.at;
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            if depth == 0 && stops.iter().any(|s| self.starts_with(s)) {
                break;
            }
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.at += 1;
        }
        self.chars
            .get(start..self.at)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    /// Skips `两种`, `3种`: how many values the list has.
    fn count_of_kinds(&mut self) {
        let mut i = self.at;
        while self
            .chars
            .get(i)
            .is_some_and(|c| c.is_ascii_digit() || "两二三四五六七八九十".contains(*c))
        {
            i += 1;
        }
        if i > self.at && self.chars.get(i) == Some(&'种') {
            self.at = i + 1;
        }
    }
}

/// The Markdown an HTML cell stands for: `<br>` and block tags break lines, `<li>` and table
/// rows become bullets (a row's cells joined as `value：meaning`), `<strong>`/`<b>` bold and
/// `<code>` code marks. A header row that names values (`<th>取值</th>`) leads the list.
fn markdown_of_html(text: &str) -> Cow<'_, str> {
    if !text.contains('<') && !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut cells_in_row = 0usize;
    let mut in_header = false;
    let mut header = String::new();
    while let Some(open) = rest.find('<') {
        let (head, tail) = rest.split_at(open);
        push_text(&mut out, &mut header, in_header, head);
        let Some(close) = tail.find('>') else {
            push_text(&mut out, &mut header, in_header, tail);
            rest = "";
            break;
        };
        let inner = &tail[1..close];
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            // Not a tag (`a < b`): the character stays.
            push_text(&mut out, &mut header, in_header, "<");
            rest = &tail[1..];
            continue;
        }
        match (name.as_str(), closing) {
            // `<li><p>x</p></li>`: the bullet's text stays on the bullet's line.
            ("br" | "p" | "div" | "ul" | "ol" | "table" | "tbody", _) if out.ends_with("\n- ") => {}
            ("br" | "p" | "div" | "ul" | "ol" | "table" | "tbody", _) => out.push('\n'),
            ("thead", false) => in_header = true,
            ("thead", true) => in_header = false,
            ("li", false) => out.push_str("\n- "),
            ("tr", false) => {
                cells_in_row = 0;
                out.push_str("\n- ");
            }
            ("tr", true) if in_header || !header.is_empty() => {
                // A header row: drop its bullet, lead the list when it names values.
                if let Some(at) = out.rfind("\n- ") {
                    out.truncate(at);
                }
                if header.contains('值') || header.to_lowercase().contains("value") {
                    out.push_str("\n取值：\n");
                }
                header.clear();
            }
            ("th", false) => in_header = true,
            ("th", true) => {
                in_header = false;
                header.push(' ');
            }
            ("td", false) => {
                if cells_in_row > 0 {
                    out.push_str(if cells_in_row == 1 { "：" } else { "；" });
                }
                cells_in_row += 1;
            }
            ("strong" | "b", _) => out.push_str("**"),
            ("code", _) => out.push('`'),
            _ => {}
        }
        rest = &tail[close + 1..];
    }
    push_text(&mut out, &mut header, in_header, rest);
    Cow::Owned(out)
}

fn push_text(out: &mut String, header: &mut String, in_header: bool, text: &str) {
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    if in_header {
        header.push_str(&text);
    } else {
        out.push_str(&text);
    }
}

/// The one name a description says a parameter is set to, as the `Action` row says its
/// operation: bold (`取值：**CreateKey**`), or plain after a lead, Chinese or English
/// (`取值：QueryMetricMeta`, `Set the value to CreateAcl.`, `Value: RunInstances.`,
/// `Valid value: DetachCenChildInstance`). The name is an identifier starting with a capital.
/// A lead followed by words (`Value: Description instances.`, a translation of the name) gives
/// none.
pub fn stated_name(text: &str) -> Option<String> {
    let is_name = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && s.chars().all(|c| c.is_ascii_alphanumeric())
    };
    if let Some(bold) = text.split("**").map(str::trim).find(|s| is_name(s)) {
        return Some(bold.to_string());
    }
    ["取值", "value to", "Value:", "value:", "values:"]
        .iter()
        .filter_map(|lead| text.split_once(lead).map(|(_, after)| after))
        .find_map(|after| {
            let after = after.trim_start_matches([':', '：', ' ', '\u{a0}', '\n', '`']);
            let word: String = after
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            let rest = after.get(word.len()..).unwrap_or_default();
            // `Value: Description instances.`: a word followed by more words is prose.
            let sentence_goes_on = rest.starts_with(' ')
                && rest
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_alphabetic());
            (is_name(&word) && !sentence_goes_on).then_some(word)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(description: &str) -> Vec<(String, String)> {
        read(description, &TypeHint::Known(Type::String))
            .into_iter()
            .map(|v| (v.value, v.description))
            .collect()
    }

    fn names(description: &str) -> Vec<String> {
        values(description).into_iter().map(|(v, _)| v).collect()
    }

    #[test]
    fn english_value_lists() {
        // dns AddDnsGtmMonitor: `The health check protocol. Valid values: * HTTP * HTTPS …`,
        // as a bullet list in the page's cell.
        assert_eq!(
            names("The health check protocol. Valid values:\n\n-   HTTP\n-   HTTPS\n-   PING\n-   TCP"),
            ["HTTP", "HTTPS", "PING", "TCP"]
        );
        // The singular lead (cdn): `Valid value: China | North-America | Asia-Pacific`.
        assert_eq!(
            names("The region. Valid value: China | North-America | Asia-Pacific"),
            ["China", "North-America", "Asia-Pacific"]
        );
        // Several at once: the member holds a list of them, not one.
        assert!(names("The IDs. Separate multiple IDs with commas. Valid values: a, b").is_empty());
    }

    #[test]
    fn the_name_a_description_states() {
        assert_eq!(
            stated_name("系统规定参数。取值：**CreateKey**").as_deref(),
            Some("CreateKey")
        );
        assert_eq!(
            stated_name("取值：QueryMetricMeta").as_deref(),
            Some("QueryMetricMeta")
        );
        assert_eq!(
            stated_name(
                "The operation that you want to perform. Set the value to CreateConsumerGroup. "
            )
            .as_deref(),
            Some("CreateConsumerGroup")
        );
        assert_eq!(
            stated_name(
                "Operation interface name and system required parameter. Value: ModifyFileSystem."
            )
            .as_deref(),
            Some("ModifyFileSystem")
        );
        // ecs (2018): the name translated into words is no name.
        assert_eq!(
            stated_name("The name of this interface. Value: Description instances."),
            None
        );
    }

    #[test]
    fn inline_lists() {
        assert_eq!(names("取值：asc、desc"), ["asc", "desc"]);
        assert_eq!(names("可取值：**A**、**B**、**C**。"), ["A", "B", "C"]);
        assert_eq!(names("取值范围：en、zh、ja。"), ["en", "zh", "ja"]);
        assert_eq!(names("取值为FILE或DNS，注意是大写。"), ["FILE", "DNS"]);
        assert_eq!(
            names("可取值为**ONLINE**和**OFFLINE**。"),
            ["ONLINE", "OFFLINE"]
        );
        assert_eq!(names("取值：**on|off**（默认值）。"), ["on", "off"]);
        assert_eq!(
            names("解析记录状态，取值：**Enable/Disable**。"),
            ["Enable", "Disable"]
        );
        assert!(names("取值：application/json。").is_empty());
        assert!(names("取值：**ENCRYPT/DECRYPT**。").is_empty());
        assert!(names("取值：Enable/Disable，或其他。").is_empty());
        assert_eq!(names("取值：**on** （默认值） **|off**。"), ["on", "off"]);
        assert_eq!(names("取值：**insert | server。**"), ["insert", "server"]);
        assert_eq!(
            names("取值为layer4或者layer7，四层或者七层访问日志，默认为layer7。"),
            ["layer4", "layer7"]
        );
        assert_eq!(
            names("监控频率。取值：1、5、15。单位：分钟。"),
            ["1", "5", "15"]
        );
        assert_eq!(names("通知级别，取值为2， 3，4。"), ["2", "3", "4"]);
        assert_eq!(names("可选值：6.7、ali1.2.0。"), ["6.7", "ali1.2.0"]);
        assert_eq!(names("该参数的取值：A、B。"), ["A", "B"]);
        assert_eq!(
            values("取值：**FULL_DUPLEX**(全双工）|**HALF_DUPLEX**(半双工)。"),
            [
                ("FULL_DUPLEX".to_string(), "全双工".to_string()),
                ("HALF_DUPLEX".to_string(), "半双工".to_string())
            ]
        );
        assert_eq!(
            values("取值：gateway：网关，device：设备。"),
            [
                ("gateway".to_string(), "网关".to_string()),
                ("device".to_string(), "设备".to_string())
            ]
        );
        assert_eq!(
            values("可选值：KV（键值对，默认）、JSON（JSON格式）。"),
            [
                ("KV".to_string(), "键值对，默认".to_string()),
                ("JSON".to_string(), "JSON格式".to_string())
            ]
        );
        assert_eq!(
            names("Valid values: Enable, Disable."),
            ["Enable", "Disable"]
        );
    }

    #[test]
    fn bullet_and_paragraph_lists() {
        assert_eq!(
            values("取值：\n- **Enable**：启用\n- **Disable**: 停用"),
            [
                ("Enable".to_string(), "启用".to_string()),
                ("Disable".to_string(), "停用".to_string())
            ]
        );
        assert_eq!(
            values("类型。取值：\n\n-   RAW（默认值）：原始数据。\n-   DIGEST\n\n**说明：**\n\n- 请注意。"),
            [
                ("RAW".to_string(), "原始数据。（默认值）".to_string()),
                ("DIGEST".to_string(), String::new())
            ]
        );
        assert_eq!(
            names("状态。取值：-   0：不存在。\n-   2：运行中。"),
            ["0", "2"]
        );
        assert_eq!(
            names("密钥用途，取值：\n\n-   ENCRYPT/DECRYPT：加解密。\n-   SIGN/VERIFY：签名。"),
            ["ENCRYPT/DECRYPT", "SIGN/VERIFY"]
        );
        assert_eq!(
            names("聚合。取值：\n\n-   `product`：按云服务。\n-   `product,metricName`：按云服务和监控项。"),
            ["product", "product,metricName"]
        );
        assert_eq!(
            names("重启类型。可选值：\n\n**instance**（默认）：实例重启。\n\n**nodeIp**：节点重启。\n\n其他说明。"),
            ["instance", "nodeIp"]
        );
        // Notes and explanations inside items are passed over; a note's own bullets end it.
        assert_eq!(
            names("状态。取值：\n\n-   **verify**：待验证。\n\n**说明：** 请先验证。\n\n-   **process**：审核中。\n-   **certificate**：已签发。"),
            ["verify", "process", "certificate"]
        );
        assert_eq!(
            names("来源，取值：\n\n-   Aliyun_KMS（默认值）\n-   EXTERNAL\n\n**说明：**\n\n-   请注意区分大小写。\n-   当取值为EXTERNAL时导入。"),
            ["Aliyun_KMS", "EXTERNAL"]
        );
        assert_eq!(
            names("取值：\n- A：甲\n- B：乙\n\n当取值为A时，需要设置以下参数：\n- **Key**：键\n- **Value**：值"),
            ["A", "B"]
        );
        // An inline list with the meanings in bullets below it.
        assert_eq!(
            values(
                "取值：**running|stopped**。\n\n-   **running**：运行。\n-   **stopped**：停止。"
            ),
            [
                ("running".to_string(), "运行。".to_string()),
                ("stopped".to_string(), "停止。".to_string())
            ]
        );
        // Another name's range first, then the member's own list.
        assert_eq!(
            names("云服务名称。N的取值范围：1~200。取值：\n\n-   ecs：主机。\n-   rds：数据库。"),
            ["ecs", "rds"]
        );
    }

    #[test]
    fn html_forms() {
        assert_eq!(
            names("取值：<br>- **Enable**：启用<br>- **Disable**：停用"),
            ["Enable", "Disable"]
        );
        assert_eq!(
            names("取值：<ul><li><strong>Enable</strong>：启用</li><li><code>Disable</code>：停用</li></ul>"),
            ["Enable", "Disable"]
        );
        assert_eq!(
            names("<p>取值范围：</p><ul><li><p>PrePaid：包年包月。</p></li><li><p>PostPaid：按量付费。</p></li></ul><p>默认值：PostPaid。</p>"),
            ["PrePaid", "PostPaid"]
        );
        assert_eq!(
            values("状态。<table><thead><tr><th>取值</th><th>说明</th></tr></thead><tr><td>Running</td><td>运行中</td></tr><tr><td>Stopped</td><td>已停止</td></tr></table>"),
            [
                ("Running".to_string(), "运行中".to_string()),
                ("Stopped".to_string(), "已停止".to_string())
            ]
        );
    }

    #[test]
    fn what_is_not_a_set() {
        for text in [
            // Ranges, bounds, defaults, counts.
            "取值范围：1~100。",
            "取值：**1-65535**。",
            "取值：**-1|1-5120**。",
            "取值：**1**~**9**、**12**、**24**、或**36**。",
            "取值范围：`[1,10]`。",
            "有效值：1到1024。",
            "默认取值为1。",
            "最大取值30，最小取值1，默认取值是10。",
            "传入内容数量取值范围为 1, 20",
            "取值范围：1, 20",
            // Another parameter's values.
            "当**Type**取值为**domain_verify**且**ValidateType**取值为**DNS**时返回。",
            "N的取值范围：1、2、3。",
            "`unit`取值：d（天）、h（小时）。",
            // Examples, open lists, prose.
            "取值如：cn-hangzhou、cn-beijing。",
            "取值：例如cn-hangzhou、cn-beijing。",
            "取值：A、B、C等。",
            "常见取值：\n- cn-hangzhou\n- cn-shanghai",
            "取值包括但不限于：A、B。",
            "取值：**A**、**B**等多种。",
            "取值为60或60的整数倍。",
            "取值：\n- ACSCurrent\n- ACSPrevious\n- 自定义状态",
            "取值：\n- 中文：zh-CN\n- 英文：en-US",
            "取值分如下几种情况：\n- **SourceType**取值为**device**时：function。\n- **SourceType**取值为**function**时：IotHub。",
            "取值：是一个Json string。\n- **ServerId**：String类型，必选。\n- **Weight**：Integer类型，可选。",
            "取值：\n\n**$_ip**：私网IP。\n\n**domain**：域名长度为1-80个字符。",
            // One value, booleans, symbols, slashes inline.
            "取值：**WRITE**，表示所有写操作都加锁。",
            "仅取值：**PREPAY**，包年包月。",
            "取值：\n- **true**：开启\n- **false**：关闭",
            "取值：\n- `>`\n- `<`",
            // Values of something else, or of the items of a list held as text.
            "报警统计方法。不同监控项的取值如下：\n\n-   HttpStatus：Value。\n-   HttpLatency：Average。",
            "多个状态码用逗号分隔。取值：**http_2xx|http_3xx**。",
            "报警级别，为一个JSON数组，可以取值为：\n- INFO（信息）\n- WARN（警告）",
            // Sub-keys of a JSON-text parameter.
            "配置：\n- **IkeVersion**：版本。取值：**ikev1**或**ikev2**。",
            "IkeVersion：IKE协议的版本。取值：ikev1或ikev2。",
            // Nothing after the lead word.
            "取值：",
            "取值",
            "",
        ] {
            assert!(values(text).is_empty(), "{text:?} gave {:?}", values(text));
        }
    }

    #[test]
    fn the_type_must_suit() {
        let text = "取值：\n- **0**：否\n- **1**：是";
        assert_eq!(read(text, &TypeHint::Known(Type::Integer)).len(), 2);
        assert_eq!(read(text, &TypeHint::Known(Type::Long)).len(), 2);
        assert!(read(text, &TypeHint::Known(Type::Boolean)).is_empty());
        assert!(read(text, &TypeHint::Known(Type::Struct)).is_empty());
        assert!(read(text, &TypeHint::Known(Type::Double)).is_empty());
        let words = "协议类型。取值有tcp和udp两种。";
        assert_eq!(read(words, &TypeHint::Known(Type::String)).len(), 2);
        assert!(read(words, &TypeHint::Known(Type::Integer)).is_empty());
        let list = TypeHint::Known(Type::Array(Box::new(Type::String)));
        assert_eq!(read("取值：A、B", &list).len(), 2);
        // A list member's items may be sent joined; the set is the items'.
        assert_eq!(read("多个用逗号分隔。取值：A、B", &list).len(), 2);
        let structs = TypeHint::Known(Type::Array(Box::new(Type::Struct)));
        assert!(read("取值：A、B", &structs).is_empty());
    }

    #[test]
    fn duplicates_are_dropped_in_page_order() {
        assert_eq!(
            names("取值：\n- 2：甲\n- 1：乙\n- 0：丙\n\n0：丙。"),
            ["2", "1", "0"]
        );
        assert_eq!(names("取值：B、A、B"), ["B", "A"]);
    }

    #[test]
    fn garbage_does_not_panic() {
        for text in [
            "取值：(",
            "取值：（",
            "取值：**",
            "取值：<",
            "取值：<br",
            "<tr></tr></thead>",
            "取值：A（",
            "取值：A：",
            "取值：-",
            "取值：- ",
            "取值：1.",
            "取值：.",
            "取值：\u{FEFF}A、B",
            "<td>",
        ] {
            let _ = values(text);
        }
        let rich = "状态。取值：**on**（默认值）**|off**。\n\n- **A**：甲（乙）\n\n**说明：** 注。\n\n- B\n<ul><li><p>C：丙</p></li></ul><table><tr><th>取值</th></tr><tr><td>D</td><td>丁</td></tr></table>";
        for (at, _) in rich.char_indices() {
            let _ = values(&rich[..at]);
            let _ = values(&rich[at..]);
        }
    }
}
