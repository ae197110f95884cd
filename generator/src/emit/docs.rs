//! Doc comments from page text.
//!
//! Descriptions are Markdown written for a web page. They are read with pulldown-cmark and written
//! back from its events as Markdown that rustdoc reads the same way. Emitted as rustdoc they must
//! neither break the code (they only ever travel as `#[doc = "..."]` string literals, so no text can
//! close a comment or inject an attribute) nor trip rustdoc or clippy lints under `-D warnings`:
//! broken intra-doc links from `[x]`, unclosed HTML tags from `<x>`, bare URLs, code blocks that
//! would become doctests, tabs, lazy or over-indented list continuations, bidirectional control
//! characters.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use proc_macro2::{Literal, TokenStream};
use pulldown_cmark::{
    Alignment, BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};
use quote::quote;

/// Outer doc attributes (`#[doc = " line"]`, one per line) for `text`, which must already be
/// sanitised. Empty text gives no attribute.
pub fn outer(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = text.lines().map(line_literal);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`#![doc = " line"]`) for `text`, which must already be sanitised.
pub fn inner(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = text.lines().map(line_literal);
    quote! { #( #![doc = #lines] )* }
}

/// One doc line (with its leading space, none when empty) as a string literal, raw (`r"..."`)
/// where the text allows. An escaped literal passes every non-ASCII character through a Unicode
/// table lookup, which for the pages' Chinese was a tenth of all codegen; a raw one carries the
/// text as it is. The value is the same either way, and the formatter writes doc attributes by
/// their value, as `///` lines.
fn line_literal(line: &str) -> Literal {
    let value = if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    };
    let hashes = if !value.contains('"') {
        ""
    } else if !value.contains("\"#") {
        "#"
    } else {
        return Literal::string(&value);
    };
    format!("r{hashes}\"{value}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(&value))
}

/// Joins documentation paragraphs, skipping empty ones.
pub fn paragraphs<I, S>(parts: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let kept: Vec<String> = parts
        .into_iter()
        .map(|p| p.as_ref().trim_end().to_string())
        .filter(|p| !p.trim().is_empty())
        .collect();
    kept.join("\n\n")
}

/// Inline code for a value (an example, a wire name): backticks long enough that the value
/// cannot end the span, and no line breaks.
pub fn code(value: &str) -> String {
    let flat: String = clean_chars(value).replace('\n', " ");
    let longest = longest_run(&flat, '`');
    let fence = "`".repeat(longest + 1);
    if flat.is_empty() {
        return "`\"\"`".to_string();
    }
    let pad = if flat.starts_with('`') || flat.ends_with('`') || longest > 0 {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// Plain text (not Markdown) made safe for rustdoc: every character Markdown would interpret is
/// escaped. For names and messages that must show as written.
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    for c in clean_chars(text).chars() {
        match c {
            '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    let trimmed = out.trim().to_string();
    // A line starting with `-`, `+` or `1.` would become a list item.
    match trimmed.chars().next() {
        Some('-' | '+' | '=') => format!("\\{trimmed}"),
        _ => trimmed,
    }
}

/// `text` (as [`markdown`] writes it) with each mention of another operation of the same API
/// version turned into an intra-doc link to its request type: `请参见GenerateDataKey` reads
/// `请参见[`GenerateDataKey`](crate::v2016_01_20::generate_data_key::GenerateDataKey)`.
/// `links` maps action names to those paths; a word is a mention when it is the whole action
/// name (no letter, digit or `_` on either side). The operation's own name (`own`), code spans,
/// fenced code and existing links are left alone.
pub fn link_operations(text: &str, links: &BTreeMap<String, String>, own: &str) -> String {
    let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    let mut in_code = false;
    let mut in_fence = false;
    let mut link_depth = 0usize;
    let mut escaped = false;
    let mut previous: Option<char> = None;
    let mut line_start = true;
    while let Some((at, c)) = chars.next() {
        if line_start && text[at..].starts_with("```") {
            in_fence = !in_fence;
        }
        line_start = c == '\n';
        let plain = !in_code && !in_fence && link_depth == 0 && !escaped;
        if plain && c.is_ascii_uppercase() && !previous.is_some_and(word_char) {
            let end = text[at..]
                .find(|ch: char| !word_char(ch))
                .map_or(text.len(), |n| at + n);
            let word = &text[at..end];
            if let Some(path) = links.get(word).filter(|_| word != own) {
                out.push_str(&format!("[`{word}`]({path})"));
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
                previous = word.chars().last();
                continue;
            }
        }
        match c {
            '`' if !escaped => in_code = !in_code,
            '[' if !escaped && !in_code => link_depth += 1,
            ')' if !escaped && !in_code && link_depth > 0 => link_depth -= 1,
            _ => {}
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
        previous = Some(c);
    }
    out
}

/// Page Markdown made safe for rustdoc.
///
/// The text is parsed with pulldown-cmark and written back from its events: paragraphs, headings,
/// block quotes, lists (tight or loose, nested), tables, emphasis, strong emphasis, inline code and
/// http(s) links are kept; code blocks become `text` fences; other links keep only their text,
/// images only their alt text; HTML is shown as text, except comments (dropped) and `<br>` (a
/// line break). Everything a second Markdown reading could take for syntax is escaped. Quotes and
/// list items nest at most `MAX_NESTING` deep: deeper ones keep their text at that depth, items as
/// paragraphs that start with their marker. The time taken grows linearly with the text.
pub fn markdown(text: &str) -> String {
    let source = clean_chars(text);
    let mut swallowed: Vec<Range<usize>> = Vec::new();
    let events: Vec<(Event<'_>, Range<usize>)> = {
        // Pages write links to other pages with spaces in the target (`[Decrypt](cn.zh-CN/API
        // 参考/Decrypt.md#)`), which CommonMark does not read as a link. The parser then offers
        // `[Decrypt]` as a broken reference: it is resolved to the written target, and the
        // `(...)` text after it is remembered so that it is not shown.
        let mut stops = None;
        let callback = |link: BrokenLink<'_>| {
            let (target, written) = written_target(&source, &mut stops, link.span.end)?;
            swallowed.push(written);
            Some((CowStr::Borrowed(target), CowStr::Borrowed("")))
        };
        Parser::new_with_broken_link_callback(&source, options(), Some(callback))
            .into_offset_iter()
            .collect()
    };
    let loose = loose_lists(&events);
    let mut renderer = Renderer::new(&source, merged(swallowed), unpaired_delimiters(&events));
    let mut index = 0;
    while index < events.len() {
        index = renderer.event(&events, index, &loose);
    }
    renderer.finish()
}

/// Which language a bilingual text shows first, as the product configuration says.
pub use crate::spec::product::DocsOrder;

/// Page text in two languages as one doc text: the Chinese page's (`chinese`) and the English
/// page's (`english`), both page Markdown, each cleaned with [`markdown`] and joined by
/// [`pair`]. Without English the result is exactly `markdown(chinese)`.
pub fn bilingual(chinese: &str, english: &str, order: DocsOrder) -> String {
    if english.trim().is_empty() {
        return markdown(chinese);
    }
    pair(&markdown(chinese), &markdown(english), order)
}

/// Two cleaned texts (as [`markdown`] writes them) as one: the language `order` puts first, then
/// the other in a collapsed `<details>` block labelled with its language. A text missing in one
/// language is shown alone in the other, unchanged (so docs without English read as before), and
/// texts that are the same in both (numbers, codes, names) are shown once.
///
/// The block's tags stand on lines of their own with blank lines around the text, so rustdoc
/// reads the text inside as Markdown (tables, lists and code included) and the tags as a closed
/// pair of HTML block tags.
pub fn pair(chinese: &str, english: &str, order: DocsOrder) -> String {
    if english.trim().is_empty() {
        return chinese.to_string();
    }
    if chinese.trim().is_empty() || chinese.trim() == english.trim() {
        return english.to_string();
    }
    let (first, second, label) = match order {
        DocsOrder::EnglishFirst => (english, chinese, "中文"),
        DocsOrder::ChineseFirst => (chinese, english, "English"),
    };
    format!(
        "{}\n\n<details><summary>{label}</summary>\n\n{}\n\n</details>",
        first.trim_end(),
        second.trim_end()
    )
}

/// Of two texts, the one `order` shows first, or the other when that one is empty: for places
/// with room for one language only (one-line summaries, lists).
pub fn first_of<'a>(chinese: &'a str, english: &'a str, order: DocsOrder) -> &'a str {
    let (first, second) = match order {
        DocsOrder::EnglishFirst => (english, chinese),
        DocsOrder::ChineseFirst => (chinese, english),
    };
    if first.trim().is_empty() {
        second
    } else {
        first
    }
}

/// The extensions pages are read with. Tables occur in descriptions; heading attributes keep DITA
/// anchors (`{#id}`) out of heading text. Strikethrough stays off: pages write ranges such as
/// `1~100`, which are text, and every `~` is escaped on output so rustdoc agrees.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The target written in parentheses right after a link's `]` at `end`, and the source range of
/// the parentheses, if the line has them.
///
/// `stops` caches the offsets of every `)` and line end in `source`, where a written target can
/// end: found once, so that a line of many `[a](` is not searched to its end once for each.
fn written_target<'a>(
    source: &'a str,
    stops: &mut Option<Vec<usize>>,
    end: usize,
) -> Option<(&'a str, Range<usize>)> {
    source.get(end..)?.strip_prefix('(')?;
    let stops = stops.get_or_insert_with(|| {
        source
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b')' || b == b'\n')
            .map(|(at, _)| at)
            .collect()
    });
    let open = end + 1;
    let close = *stops.get(stops.partition_point(|&at| at < open))?;
    if source.as_bytes().get(close) != Some(&b')') {
        return None;
    }
    Some((source.get(open..close)?.trim(), end..close + 1))
}

/// Ranges sorted and joined where they overlap or touch, so that a position can be looked up by
/// binary search: the same positions as the union of `ranges`.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// Which of the emphasis delimiters `*`, `_` and `~` occur at most once in the text: alone, they
/// can never pair up, so they need no escape.
fn unpaired_delimiters(events: &[(Event<'_>, Range<usize>)]) -> Vec<char> {
    let mut counts = [0usize; 3];
    for (event, _) in events {
        if let Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) = event {
            for c in text.chars() {
                if let Some(at) = "*_~".chars().position(|d| d == c) {
                    counts[at] += 1;
                }
            }
        }
    }
    "*_~"
        .chars()
        .zip(counts)
        .filter(|&(_, count)| count < 2)
        .map(|(c, _)| c)
        .collect()
}

/// Indices (into `events`) of the `List` starts whose lists are loose: an item holds a paragraph
/// directly. Tight lists are written without blank lines between items, as the page had them.
fn loose_lists(events: &[(Event<'_>, Range<usize>)]) -> HashSet<usize> {
    #[derive(PartialEq)]
    enum Open {
        List,
        Item,
        Other,
    }
    let mut loose = HashSet::new();
    let mut open: Vec<Open> = Vec::new();
    let mut lists: Vec<usize> = Vec::new();
    for (index, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if matches!(tag, Tag::Paragraph) && open.last() == Some(&Open::Item) {
                    if let Some(&list) = lists.last() {
                        loose.insert(list);
                    }
                }
                open.push(match tag {
                    Tag::List(_) => {
                        lists.push(index);
                        Open::List
                    }
                    Tag::Item => Open::Item,
                    _ => Open::Other,
                });
            }
            Event::End(TagEnd::List(_)) => {
                open.pop();
                lists.pop();
            }
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    loose
}

/// A block that prefixes the lines inside it.
struct Container {
    /// A block quote (`> `) rather than a list item.
    quote: bool,
    /// Width of a list item's marker with its spaces: the indentation of its continuation lines.
    width: usize,
    /// A list item's marker, until the item's first line has been written.
    marker: Option<String>,
    /// A list item of a tight list: its blocks follow each other without blank lines.
    tight: bool,
}

/// How many block quotes and list items are written nested. Pages nest three deep at most; a
/// deeper container is shown at this depth (see `Renderer::flattened`). Every line inside a
/// container repeats the containers' prefix, and every block end works out the blank line it
/// owes: without a cap, 20,000 nested `> ` built 20,000 prefixes of up to 40,000 characters,
/// and each lazy continuation line under them would have been written with one.
const MAX_NESTING: usize = 8;

/// An open list.
struct ListState {
    /// Opened past `MAX_NESTING`: its items are shown as paragraphs.
    flattened: bool,
    tight: bool,
    /// The number of the next item of an ordered list, used when the page's marker cannot be read.
    next: Option<u64>,
}

/// What the end of a link writes.
enum LinkEnd {
    /// The link is kept: `](target)`.
    Target(String),
    /// The link was reduced to its text.
    Nothing,
}

/// A line break waiting for the next inline content: breaks with nothing after them (at the end of
/// a paragraph, before a dropped comment) are not written, so a paragraph never ends in `\`.
#[derive(Clone, Copy, PartialEq)]
enum Break {
    Soft,
    Hard,
}

/// Writes rustdoc Markdown from parser events, line by line.
struct Renderer<'s> {
    source: &'s str,
    /// Source ranges whose text is not shown (targets of links the page wrote with spaces).
    swallowed: Vec<Range<usize>>,
    /// Emphasis delimiters that occur at most once (see `unpaired_delimiters`).
    unpaired: Vec<char>,
    /// Finished lines.
    lines: Vec<String>,
    /// The line being written, with its container prefix.
    line: Option<String>,
    /// Length of the current line's prefix.
    prefix_len: usize,
    /// At most `MAX_NESTING` containers.
    containers: Vec<Container>,
    /// Open block quotes and list items nested deeper than `MAX_NESTING`, which have no
    /// container: a quote's text is shown in the innermost container, an item as a paragraph of
    /// it that starts with the item's marker, escaped. Their blocks are always separated by blank
    /// lines. These are always the innermost open blocks.
    flattened: usize,
    /// The length `run` had after the marker of a flattened item, while nothing else has been
    /// added: the marker of a flattened item that starts right away (`- - x`) joins it.
    marker_run: Option<usize>,
    lists: Vec<ListState>,
    /// The blank line owed between the last block and the next one, as written in the containers
    /// the last block ended in; `None` inside tight list items.
    owed_blank: Option<String>,
    pending_break: Option<Break>,
    /// Text not written yet: decoded characters, each with whether the page escaped it.
    run: Vec<(char, bool)>,
    /// Leading whitespace of the next text is dropped (after an emphasis opener or a table pipe).
    trim_next: bool,
    links: Vec<LinkEnd>,
    /// Open kept links: their text is not searched for bare URLs, since links cannot nest.
    kept_links: usize,
    /// Current line count and line length at each open emphasis delimiter.
    emphasis: Vec<(usize, usize)>,
    code: Option<String>,
    /// The open code block is an indented one.
    indented_code: bool,
    html: Option<String>,
    /// Column alignments of the open table.
    table: Option<Vec<Alignment>>,
    heading: bool,
}

impl<'s> Renderer<'s> {
    fn new(source: &'s str, swallowed: Vec<Range<usize>>, unpaired: Vec<char>) -> Self {
        Renderer {
            source,
            swallowed,
            unpaired,
            lines: Vec::new(),
            line: None,
            prefix_len: 0,
            containers: Vec::new(),
            flattened: 0,
            marker_run: None,
            lists: Vec::new(),
            owed_blank: None,
            pending_break: None,
            run: Vec::new(),
            trim_next: false,
            links: Vec::new(),
            kept_links: 0,
            emphasis: Vec::new(),
            code: None,
            indented_code: false,
            html: None,
            table: None,
            heading: false,
        }
    }

    /// Handles `events[index]` and returns the index of the next event to handle.
    fn event(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        index: usize,
        loose: &HashSet<usize>,
    ) -> usize {
        let (event, range) = &events[index];
        match event {
            Event::Start(tag) => return self.start(tag, range, events, index, loose),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.push_str(text);
                } else {
                    // The parser starts a new text event at each backslash escape, just after the
                    // backslash: the page's own escapes are kept.
                    let escaped = range
                        .start
                        .checked_sub(1)
                        .and_then(|at| self.source.as_bytes().get(at))
                        == Some(&b'\\');
                    let text = self.shown(text, range);
                    for (position, c) in clean_chars(&text).chars().enumerate() {
                        self.run.push((
                            flat(c),
                            position == 0 && escaped && c.is_ascii_punctuation(),
                        ));
                    }
                }
            }
            Event::Code(text) => {
                self.flush_run();
                let span = code(text);
                // A pipe ends a table cell even inside a code span unless escaped (GFM).
                let span = if self.table.is_some() {
                    span.replace('|', "\\|")
                } else {
                    span
                };
                self.write(&span);
            }
            Event::Html(text) => match &mut self.html {
                Some(html) => html.push_str(text),
                None => self.push_plain(text),
            },
            Event::InlineHtml(text) => self.inline_html(text),
            Event::SoftBreak => self.line_break(Break::Soft),
            Event::HardBreak => self.line_break(Break::Hard),
            Event::Rule => {
                self.begin_block();
                // Not `---`: right under a line of text that would make the text a heading.
                self.write("***");
                self.end_block();
            }
            Event::FootnoteReference(label) => self.push_plain(&format!("[^{label}]")),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_plain(text),
            Event::TaskListMarker(checked) => {
                self.push_plain(if *checked { "[x] " } else { "[ ] " })
            }
        }
        index + 1
    }

    fn start(
        &mut self,
        tag: &Tag<'_>,
        range: &Range<usize>,
        events: &[(Event<'_>, Range<usize>)],
        index: usize,
        loose: &HashSet<usize>,
    ) -> usize {
        match tag {
            Tag::Paragraph => self.begin_block(),
            Tag::Heading { level, .. } => {
                self.begin_block();
                self.write(&format!("{} ", "#".repeat(*level as usize)));
                self.trim_next = true;
                self.heading = true;
            }
            Tag::BlockQuote(_) => {
                self.begin_block();
                if self.containers.len() >= MAX_NESTING {
                    // Set apart from what came before, as its `>` would have done.
                    self.owe_separation();
                    self.flattened += 1;
                } else {
                    self.containers.push(Container {
                        quote: true,
                        width: 0,
                        marker: None,
                        tight: false,
                    });
                }
            }
            Tag::CodeBlock(kind) => {
                self.begin_block();
                self.code = Some(String::new());
                self.indented_code = matches!(kind, CodeBlockKind::Indented);
            }
            Tag::HtmlBlock => {
                self.begin_block();
                self.html = Some(String::new());
            }
            Tag::List(first) => {
                let flattened = self.containers.len() >= MAX_NESTING;
                // A flattened list's first item ends the block before it, or shares its line.
                if !flattened {
                    self.begin_block();
                }
                self.lists.push(ListState {
                    flattened,
                    tight: !loose.contains(&index),
                    next: *first,
                });
            }
            Tag::Item => {
                let (tight, number) = match self.lists.last_mut() {
                    Some(list) => {
                        let number = list.next;
                        list.next = number.map(|n| n.saturating_add(1));
                        (list.tight, number)
                    }
                    None => (true, None),
                };
                let (marker, width) =
                    item_marker(self.source.get(range.start..).unwrap_or_default(), number);
                if self.containers.len() >= MAX_NESTING {
                    return self.flattened_item(&marker, events, index);
                }
                self.begin_block();
                self.containers.push(Container {
                    quote: false,
                    width,
                    marker: Some(marker),
                    tight,
                });
            }
            Tag::Table(alignments) => {
                self.begin_block();
                self.table = Some(alignments.clone());
            }
            Tag::TableHead | Tag::TableRow => {
                self.end_line();
                self.write("|");
            }
            Tag::TableCell => {
                self.write(" ");
                self.trim_next = true;
            }
            Tag::Emphasis | Tag::Strong => {
                self.flush_run();
                self.write(if matches!(tag, Tag::Strong) {
                    "**"
                } else {
                    "*"
                });
                self.emphasis
                    .push((self.lines.len(), self.line.as_ref().map_or(0, String::len)));
                self.trim_next = true;
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let end = link_end(events, index);
                let target = dest_url.trim();
                if !is_safe_url(target) {
                    self.links.push(LinkEnd::Nothing);
                    return index + 1;
                }
                let text: String = events
                    .get(index + 1..end)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|(event, _)| match event {
                        Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                        _ => None,
                    })
                    .collect();
                if matches!(link_type, LinkType::Autolink)
                    || text.trim().is_empty()
                    || text.trim() == target
                {
                    self.flush_run();
                    self.write(&format!("<{target}>"));
                    return end + 1;
                }
                self.flush_run();
                self.write("[");
                self.trim_next = true;
                self.kept_links += 1;
                self.links.push(LinkEnd::Target(target.to_string()));
            }
            // Only the alt text of an image is shown; the events inside the tag are that text.
            Tag::Image { .. } => {}
            // Not enabled in `options`; their contents are written as they come.
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
        index + 1
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_block(),
            TagEnd::Heading(_) => {
                self.flush_run();
                self.heading = false;
                self.end_block();
            }
            TagEnd::BlockQuote(_) => {
                self.close_containers_line();
                if self.flattened > 0 {
                    self.end_flattened_block();
                    self.flattened -= 1;
                } else {
                    self.containers.pop();
                    self.end_block();
                }
            }
            TagEnd::CodeBlock => {
                let content = self.code.take().unwrap_or_default();
                if self.indented_code {
                    // Pages indent text for layout (continuations of table cells and list items
                    // re-joined by the reader), not to mark code: it is shown as text.
                    self.text_block(&content, false);
                } else {
                    self.code_block(&content);
                }
                self.end_block();
            }
            TagEnd::HtmlBlock => {
                let content = self.html.take().unwrap_or_default();
                self.text_block(&content, true);
                self.end_block();
            }
            TagEnd::List(_) => {
                self.close_containers_line();
                if self.lists.pop().is_some_and(|list| list.flattened) {
                    self.end_flattened_block();
                } else {
                    self.end_block();
                }
            }
            TagEnd::Item if self.flattened > 0 => {
                self.end_flattened_block();
                self.flattened -= 1;
            }
            TagEnd::Item => {
                self.flush_run();
                self.pending_break = None;
                // An empty item still shows its marker.
                if self.containers.last().is_some_and(|c| c.marker.is_some()) {
                    self.open_line();
                }
                self.end_line();
                let tight = self.containers.pop().is_none_or(|c| c.tight);
                self.owe_blank(tight);
            }
            TagEnd::Table => {
                self.end_line();
                self.table = None;
                self.end_block();
            }
            TagEnd::TableHead => {
                self.end_line();
                let columns: Vec<&str> = self
                    .table
                    .iter()
                    .flatten()
                    .map(|alignment| match alignment {
                        Alignment::None => "---",
                        Alignment::Left => ":--",
                        Alignment::Center => ":-:",
                        Alignment::Right => "--:",
                    })
                    .collect();
                self.write(&format!("|{}|", columns.join("|")));
                self.end_line();
            }
            TagEnd::TableRow => self.end_line(),
            TagEnd::TableCell => {
                self.flush_run();
                self.write(" |");
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                self.flush_run();
                let delimiter = if tag == TagEnd::Strong { "**" } else { "*" };
                let opened = self.emphasis.pop();
                let current = (self.lines.len(), self.line.as_ref().map_or(0, String::len));
                match (&mut self.line, opened) {
                    // Nothing inside: the opener is taken back rather than leaving `****`.
                    (Some(line), Some(opened)) if opened == current => {
                        line.truncate(line.len().saturating_sub(delimiter.len()));
                    }
                    (Some(line), _) => {
                        // Emphasis cannot end after whitespace.
                        line.truncate(line.trim_end().len().max(self.prefix_len));
                        line.push_str(delimiter);
                    }
                    (None, _) => {}
                }
                self.trim_next = false;
            }
            TagEnd::Link => {
                self.flush_run();
                if let Some(LinkEnd::Target(target)) = self.links.pop() {
                    self.kept_links = self.kept_links.saturating_sub(1);
                    self.write(&format!("]({target})"));
                }
            }
            TagEnd::Image
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    /// Starts a list item nested deeper than `MAX_NESTING` (see `Renderer::flattened`) and returns
    /// the index of the next event to handle.
    fn flattened_item(
        &mut self,
        marker: &str,
        events: &[(Event<'_>, Range<usize>)],
        index: usize,
    ) -> usize {
        if self.run.is_empty() || self.marker_run != Some(self.run.len()) {
            self.begin_block();
            self.owe_separation();
        }
        self.flattened += 1;
        // Escaped where it starts the line, when the run is written. A marker is digits and
        // punctuation: nothing for `push_plain` to clean.
        self.run.extend(marker.chars().map(|c| (c, false)));
        self.run.push((' ', false));
        self.marker_run = Some(self.run.len());
        // A paragraph that opens the item continues the marker's line.
        match events.get(index + 1) {
            Some((Event::Start(Tag::Paragraph), _)) => index + 2,
            _ => index + 1,
        }
    }

    /// The part of a text event that is not in a swallowed range. Text that differs from its
    /// source (escapes, entities) cannot be cut by offsets and is kept whole unless all swallowed.
    fn shown(&self, text: &str, range: &Range<usize>) -> String {
        // `swallowed` is sorted and disjoint (see `merged`): looked up by binary search, as a line
        // can hold thousands of such ranges and as many text events.
        let swallowed = &self.swallowed;
        let inside = |at: usize| {
            let after = swallowed.partition_point(|s| s.start <= at);
            after > 0 && swallowed[after - 1].end > at
        };
        let first_after = swallowed.partition_point(|s| s.end <= range.start);
        if swallowed
            .get(first_after)
            .is_none_or(|s| s.start >= range.end)
        {
            return text.to_string();
        }
        if self.source.get(range.clone()) == Some(text) {
            text.char_indices()
                .filter(|&(at, _)| !inside(range.start + at))
                .map(|(_, c)| c)
                .collect()
        } else if (range.start..range.end).all(inside) {
            String::new()
        } else {
            text.to_string()
        }
    }

    /// Inline HTML: comments are dropped, `<br>` is a line break, anything else shows as text.
    fn inline_html(&mut self, html: &str) {
        if html.starts_with("<!--") {
            return;
        }
        if br_tag_len(html) == Some(html.len()) {
            if self.table.is_some() {
                // A cell is one line: rustdoc accepts `<br>`, a void element, as its line break.
                self.flush_run();
                self.write("<br>");
            } else {
                self.line_break(Break::Hard);
            }
            return;
        }
        self.push_plain(html);
    }

    /// Lines shown as text: line ends are line breaks, blank lines paragraph breaks. In an HTML
    /// block comments are dropped and `<br>` is a line break too.
    fn text_block(&mut self, text: &str, html: bool) {
        let text = if html {
            strip_comments(text)
        } else {
            text.to_string()
        };
        for line in text.split('\n') {
            if line.trim().is_empty() {
                self.flush_run();
                self.pending_break = None;
                if self.line.is_some() {
                    self.end_block();
                }
                continue;
            }
            let mut rest = line;
            while let Some(at) = rest.find('<').filter(|_| html) {
                match br_tag_len(&rest[at..]) {
                    Some(len) => {
                        self.push_plain(&rest[..at]);
                        self.line_break(Break::Hard);
                        rest = &rest[at + len..];
                    }
                    None => {
                        self.push_plain(&rest[..=at]);
                        rest = &rest[at + 1..];
                    }
                }
            }
            self.push_plain(rest);
            self.line_break(Break::Soft);
        }
        self.flush_run();
        self.pending_break = None;
    }

    /// A fenced `text` block, so rustdoc never compiles it. The fence is chosen so that no line of
    /// the content can close it.
    fn code_block(&mut self, content: &str) {
        let content = content.strip_suffix('\n').unwrap_or(content);
        let opening_run = |ch: char| {
            content
                .lines()
                .map(|line| line.trim_start().chars().take_while(|&c| c == ch).count())
                .max()
                .unwrap_or(0)
        };
        let (ticks, tildes) = (opening_run('`'), opening_run('~'));
        let fence = if ticks < 3 {
            "```".to_string()
        } else if tildes < 3 {
            "~~~".to_string()
        } else {
            "`".repeat(ticks + 1)
        };
        self.write(&format!("{fence}text"));
        self.end_line();
        for line in content.split('\n').filter(|_| !content.is_empty()) {
            self.open_line();
            self.write(line);
            self.end_line();
        }
        self.write(&fence);
        self.end_line();
    }

    /// Adds text that is not Markdown (HTML shown as text, labels) to the pending text.
    fn push_plain(&mut self, text: &str) {
        self.run
            .extend(clean_chars(text).chars().map(|c| (flat(c), false)));
    }

    fn line_break(&mut self, kind: Break) {
        if !self.run.is_empty() && self.marker_run == Some(self.run.len()) {
            // Right after a flattened item's marker, as after a container's.
            return;
        }
        if self.heading || self.table.is_some() {
            // Headings and table cells are single lines.
            self.run.push((' ', false));
            return;
        }
        self.flush_run();
        if self.pending_break != Some(Break::Hard) {
            self.pending_break = Some(kind);
        }
    }

    /// Writes a pending line break: content follows it.
    fn take_break(&mut self) {
        let Some(kind) = self.pending_break.take() else {
            return;
        };
        let Some(line) = &mut self.line else { return };
        if line.len() == self.prefix_len {
            return;
        }
        if kind == Break::Hard {
            line.truncate(line.trim_end().len().max(self.prefix_len));
            line.push('\\');
        }
        self.end_line();
    }

    /// Writes the pending text, escaped for its place in the line.
    fn flush_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        self.marker_run = None;
        self.take_break();
        let line_start = self
            .line
            .as_ref()
            .is_none_or(|line| line.len() == self.prefix_len);
        let place = Place {
            unpaired: &self.unpaired,
            trim: line_start || self.trim_next,
            line_start,
            link: self.kept_links > 0,
            table: self.table.is_some(),
            heading: self.heading,
        };
        let text = escape_text(&run, &place);
        if !text.is_empty() {
            self.write(&text);
        }
    }

    /// Appends to the current line, opening one if needed.
    fn write(&mut self, text: &str) {
        self.take_break();
        self.open_line();
        if let Some(line) = &mut self.line {
            line.push_str(text);
        }
        if !text.is_empty() {
            self.trim_next = false;
        }
    }

    /// Opens a line: the blank line owed to the previous block first, then the containers'
    /// prefixes. A list item's marker goes on its first line, its width of spaces on later ones,
    /// which is exactly the indentation clippy's `doc_lazy_continuation` and
    /// `doc_overindented_list_items` expect.
    fn open_line(&mut self) {
        if self.line.is_some() {
            return;
        }
        if let Some(blank) = self.owed_blank.take() {
            if !self.lines.is_empty() && self.lines.last() != Some(&blank) {
                self.lines.push(blank);
            }
        }
        let mut prefix = String::new();
        for container in &mut self.containers {
            if container.quote {
                prefix.push_str("> ");
            } else if let Some(marker) = container.marker.take() {
                prefix.push_str(&format!("{marker:<width$}", width = container.width));
            } else {
                prefix.push_str(&" ".repeat(container.width));
            }
        }
        self.prefix_len = prefix.len();
        self.line = Some(prefix);
    }

    fn end_line(&mut self) {
        if let Some(line) = self.line.take() {
            self.lines.push(line.trim_end().to_string());
        }
    }

    /// Ends the current line before a container closes, leaving what comes after to the parent.
    fn close_containers_line(&mut self) {
        self.flush_run();
        self.pending_break = None;
        self.end_line();
    }

    fn begin_block(&mut self) {
        self.flush_run();
        self.pending_break = None;
        self.end_line();
    }

    fn end_block(&mut self) {
        self.flush_run();
        self.pending_break = None;
        self.end_line();
        if self.flattened > 0 {
            self.owe_separation();
        } else {
            let tight = self.containers.last().is_some_and(|c| !c.quote && c.tight);
            self.owe_blank(tight);
        }
    }

    /// Ends a flattened quote, list or item: what follows is a separate paragraph, as it has no
    /// container of its own to set it apart.
    fn end_flattened_block(&mut self) {
        self.flush_run();
        self.pending_break = None;
        self.end_line();
        self.owe_separation();
    }

    /// Owes a blank line between flattened blocks, which have no container of their own to set
    /// them apart, unless one is owed already (in the containers of an earlier block, which may
    /// be fewer).
    fn owe_separation(&mut self) {
        if self.owed_blank.is_none() {
            self.owe_blank(false);
        }
    }

    /// Records that a block ended: the next block is separated by a blank line, except inside a
    /// tight list, whose items and item blocks the page wrote without one.
    ///
    /// A block that wrote nothing (an empty item or quote, a comment) changes nothing: a blank
    /// line still owed when a tight block ends is owed to the block before it, and one owed inside
    /// an item that has not written its first line would come above the item's marker.
    fn owe_blank(&mut self, tight: bool) {
        if tight || self.containers.iter().any(|c| c.marker.is_some()) {
            return;
        }
        let prefix: String = self
            .containers
            .iter()
            .map(|c| {
                if c.quote {
                    "> ".to_string()
                } else {
                    " ".repeat(c.width)
                }
            })
            .collect();
        self.owed_blank = Some(prefix.trim_end().to_string());
    }

    fn finish(mut self) -> String {
        self.flush_run();
        self.end_line();
        let start = self
            .lines
            .iter()
            .position(|line| !line.is_empty())
            .unwrap_or(self.lines.len());
        let end = self
            .lines
            .iter()
            .rposition(|line| !line.is_empty())
            .map_or(start, |last| last + 1);
        self.lines[start..end.max(start)].join("\n")
    }
}

/// A line end inside inline text (from an entity such as `&#10;`) as a space: lines are only ended
/// by the renderer, which knows the prefix the next line needs.
fn flat(c: char) -> char {
    if c == '\n' {
        ' '
    } else {
        c
    }
}

/// Index of the `End(Link)` matching the `Start(Link)` at `start` (the last event if unbalanced,
/// which the parser never produces).
fn link_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (index, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(Tag::Link { .. }) => depth += 1,
            Event::End(TagEnd::Link) => {
                depth -= 1;
                if depth == 0 {
                    return index;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// A list item's marker as the page wrote it (`-`, `*`, `3.`, `1)`) and the width of marker and
/// spaces, which is where the item's content starts. As in CommonMark, one to four spaces after the
/// marker belong to it; with more, or with the content on the next line, only one does. `source`
/// starts where the parser says the item starts; `number` is the item's number in an ordered list,
/// used if the marker cannot be read there.
fn item_marker(source: &str, number: Option<u64>) -> (String, usize) {
    let rest = source.trim_start_matches(' ');
    let bytes = rest.as_bytes();
    let marker_len = match (bytes.first(), number) {
        (Some(b'-' | b'*' | b'+'), None) => 1,
        (Some(b'0'..=b'9'), Some(_)) => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')')) {
                digits + 1
            } else {
                0
            }
        }
        _ => 0,
    };
    if marker_len == 0 {
        let marker = number.map_or_else(|| "-".to_string(), |n| format!("{n}."));
        let width = marker.len() + 1;
        return (marker, width);
    }
    let spaces = bytes[marker_len..]
        .iter()
        .take_while(|&&b| b == b' ')
        .count();
    let content_follows = bytes.get(marker_len + spaces).is_some_and(|&b| b != b'\n');
    let width = match spaces {
        1..=4 if content_follows => marker_len + spaces,
        _ => marker_len + 1,
    };
    (rest[..marker_len].to_string(), width)
}

/// Where escaped text goes.
struct Place<'a> {
    /// Emphasis delimiters that cannot pair up in this text.
    unpaired: &'a [char],
    /// Leading whitespace is dropped (start of a line, cell, emphasis or link text).
    trim: bool,
    /// The text starts a line, where `-`, `+`, `#`, `=` and `1.` start blocks.
    line_start: bool,
    /// Inside a kept link's text, where a URL must not become an autolink.
    link: bool,
    table: bool,
    heading: bool,
}

/// Text as Markdown that reads back as the same text: bare URLs become autolinks and every
/// character that could start syntax here is backslash-escaped. Characters the page escaped stay
/// escaped.
fn escape_text(chars: &[(char, bool)], place: &Place<'_>) -> String {
    let skip = if place.trim {
        chars
            .iter()
            .take_while(|(c, escaped)| !escaped && c.is_whitespace())
            .count()
    } else {
        0
    };
    let chars = &chars[skip..];
    let mut out = String::new();
    let mut index = 0;
    if place.line_start {
        index = escape_block_start(chars, &mut out);
    }
    while index < chars.len() {
        let (c, escaped) = chars[index];
        if !place.link && !escaped && c == 'h' {
            if let Some(len) = url_len(&chars[index..]) {
                out.push('<');
                out.extend(chars[index..index + len].iter().map(|&(c, _)| c));
                out.push('>');
                index += len;
                continue;
            }
        }
        let before = index.checked_sub(1).map(|at| chars[at].0);
        let after = chars.get(index + 1).map(|&(c, _)| c);
        let space = |c: Option<char>| c.is_some_and(char::is_whitespace);
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let escape = escaped
            || match c {
                '\\' | '`' | '[' | ']' | '<' | '>' => true,
                // A delimiter with whitespace on both sides can neither open nor close emphasis;
                // `_` inside a word cannot either.
                '*' | '~' | '_' if place.unpaired.contains(&c) => false,
                '*' | '~' => !(space(before) && space(after)),
                '_' => !(space(before) && space(after) || word(before) && word(after)),
                '&' => starts_entity(&chars[index + 1..]),
                '|' => place.table,
                '#' | '{' | '}' => place.heading,
                _ => false,
            };
        if escape {
            out.push('\\');
        }
        out.push(c);
        index += 1;
    }
    out
}

/// Escapes a line's start that would open a block (list item, heading, setext underline or
/// thematic break): writes the escaped start to `out` and returns how many characters it used.
fn escape_block_start(chars: &[(char, bool)], out: &mut String) -> usize {
    let Some(&(first, escaped)) = chars.first() else {
        return 0;
    };
    if escaped {
        return 0;
    }
    let second = chars.get(1).map(|&(c, _)| c);
    let ends_marker = |c: Option<char>| c.is_none_or(char::is_whitespace);
    match first {
        '-' | '+' | '*' | '=' | '#' if ends_marker(second) || second == Some(first) => {
            out.push('\\');
            out.push(first);
            1
        }
        '0'..='9' => {
            let digits = chars.iter().take_while(|(c, _)| c.is_ascii_digit()).count();
            let delimiter = chars.get(digits).map(|&(c, _)| c);
            let after = chars.get(digits + 1).map(|&(c, _)| c);
            if digits <= 9 && matches!(delimiter, Some('.' | ')')) && ends_marker(after) {
                out.extend(chars[..digits].iter().map(|&(c, _)| c));
                out.push('\\');
                out.extend(delimiter);
                digits + 1
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// Whether the characters after a `&` would make it an entity reference (`&lt;`, `&#60;`).
fn starts_entity(rest: &[(char, bool)]) -> bool {
    let name = rest
        .iter()
        .take_while(|(c, _)| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    name > 0 && rest.get(name).is_some_and(|&(c, _)| c == ';')
}

/// Length of the http(s) URL at the start of `chars`, if one starts there: up to whitespace,
/// non-ASCII or a delimiter, without trailing sentence punctuation.
fn url_len(chars: &[(char, bool)]) -> Option<usize> {
    // What `is_safe_url` asks of the start is checked before the URL's end is looked for: a
    // long word of `h`s must not be scanned to its end once per `h`. Past this check the URL is
    // taken, so every character scanned is consumed.
    let starts_url = ["https://", "http://"].iter().any(|scheme| {
        let len = scheme.len();
        chars.len() > len
            && chars.iter().zip(scheme.chars()).all(|(&(c, _), s)| c == s)
            && chars[len].0.is_ascii_alphanumeric()
    });
    if !starts_url {
        return None;
    }
    let mut len = chars
        .iter()
        .take_while(|(c, _)| {
            c.is_ascii_graphic()
                && !matches!(c, '<' | '>' | '(' | ')' | '"' | '`' | '\\' | '[' | ']')
        })
        .count();
    while len > 0
        && matches!(
            chars[len - 1].0,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_'
        )
    {
        len -= 1;
    }
    let url: String = chars[..len].iter().map(|&(c, _)| c).collect();
    is_safe_url(&url).then_some(len)
}

/// Length of the `<br>`, `<br/>` or `<br />` tag (any case) at the start of `html`, if any.
fn br_tag_len(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    if bytes.len() < 4 || bytes[0] != b'<' || !bytes[1..3].eq_ignore_ascii_case(b"br") {
        return None;
    }
    let mut at = 3;
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    if bytes.get(at) == Some(&b'/') {
        at += 1;
    }
    (bytes.get(at) == Some(&b'>')).then_some(at + 1)
}

/// `html` without its comments; an unclosed comment runs to the end, as in HTML.
fn strip_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        // `<!-->` and `<!--->` are complete (empty) comments, so the close is searched from the
        // opener's dashes.
        match rest[open + 2..].find("-->") {
            Some(close) => rest = &rest[open + 2 + close + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Normalises line ends and removes characters that are unsafe or noisy in source comments:
/// control characters (tabs become spaces), bidirectional overrides (rustc denies them in
/// comments), no-break and zero-width spaces.
fn clean_chars(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\u{a0}' | '\u{3000}' => out.push(' '),
            '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => {}
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn longest_run(text: &str, ch: char) -> usize {
    let mut best = 0;
    let mut current = 0;
    for c in text.chars() {
        if c == ch {
            current += 1;
            best = best.max(current);
        } else {
            current = 0;
        }
    }
    best
}

/// Only absolute http(s) URLs with a host and no characters that could end an autolink or a link
/// target are kept as links.
fn is_safe_url(target: &str) -> bool {
    let rest = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"));
    rest.is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
        && target
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '(' | ')' | '"' | '`' | '\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `output` as rustdoc does and checks what `-D warnings` and doctests care about.
    fn assert_rustdoc_safe(input: &str, output: &str) {
        assert!(
            !output.chars().any(|c| c.is_control() && c != '\n'
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{input:?} -> {output:?}"
        );
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION;
        let mut broken = 0;
        let callback = |_: pulldown_cmark::BrokenLink<'_>| {
            broken += 1;
            None
        };
        let mut in_link = 0;
        let mut in_code = false;
        for event in Parser::new_with_broken_link_callback(output, options, Some(callback)) {
            let ok = match &event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    in_code = true;
                    matches!(kind, pulldown_cmark::CodeBlockKind::Fenced(info) if info.as_ref() == "text")
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    in_link += 1;
                    is_safe_url(dest_url)
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code = false;
                    true
                }
                Event::End(TagEnd::Link) => {
                    in_link -= 1;
                    true
                }
                Event::Html(html) | Event::InlineHtml(html) => br_tag_len(html) == Some(html.len()),
                Event::Text(text) => in_link > 0 || in_code || !has_bare_url(text),
                Event::Start(
                    Tag::Strikethrough | Tag::FootnoteDefinition(_) | Tag::Image { .. },
                )
                | Event::FootnoteReference(_)
                | Event::TaskListMarker(_) => false,
                _ => true,
            };
            assert!(ok, "{input:?} -> {output:?}: {event:?}");
        }
        assert_eq!(broken, 0, "{input:?} -> {output:?}");
    }

    /// Roughly what rustdoc's `bare_urls` lint looks for: a scheme, then a host with a dot.
    fn has_bare_url(text: &str) -> bool {
        ["http://", "https://"].iter().any(|scheme| {
            text.match_indices(scheme).any(|(at, _)| {
                let host: String = text[at + scheme.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "-@:%._+~#=".contains(*c))
                    .collect();
                host.split('.')
                    .skip(1)
                    .any(|part| part.starts_with(|c: char| c.is_ascii_alphanumeric()))
            })
        })
    }

    fn safe(input: &str) -> String {
        let output = markdown(input);
        assert_rustdoc_safe(input, &output);
        output
    }

    /// `output` of [`bilingual`]: its only HTML is the collapsed block's two tag lines, each an
    /// HTML block of its own (rustdoc sees a closed `<details>` pair and no other tag), and the
    /// rest is as safe as [`markdown`]'s output. Returns the events' tags between the two lines.
    fn assert_bilingual_safe(output: &str) -> Vec<String> {
        let mut html = Vec::new();
        let mut inside = Vec::new();
        let mut open = false;
        for event in Parser::new_ext(output, options()) {
            match &event {
                Event::Html(text) | Event::InlineHtml(text) => {
                    html.push(text.to_string());
                    open = text.starts_with("<details>");
                }
                Event::Start(tag) if open => inside.push(format!("{tag:?}")),
                _ => {}
            }
        }
        assert!(
            html.is_empty()
                || html.len() == 2
                    && html[0].starts_with("<details><summary>")
                    && html[0].trim_end().ends_with("</summary>")
                    && html[1].trim_end() == "</details>",
            "{output:?}: {html:?}"
        );
        let rest: String = output
            .lines()
            .filter(|line| !line.starts_with("<details>") && *line != "</details>")
            .collect::<Vec<_>>()
            .join("\n");
        assert_rustdoc_safe(output, &rest);
        inside
    }

    #[test]
    fn bilingual_without_english_is_the_page_text_as_before() {
        for chinese in [
            "",
            "密钥ID。",
            "取值：\n\n- a：甲\n- b：乙",
            "|名称|说明|\n|---|---|\n|a|甲|",
        ] {
            for order in [DocsOrder::EnglishFirst, DocsOrder::ChineseFirst] {
                assert_eq!(bilingual(chinese, "", order), markdown(chinese));
                assert_eq!(bilingual(chinese, "  \n", order), markdown(chinese));
            }
        }
    }

    #[test]
    fn bilingual_shows_one_language_when_the_other_is_missing_or_the_same() {
        for order in [DocsOrder::EnglishFirst, DocsOrder::ChineseFirst] {
            assert_eq!(bilingual("", "The key ID.", order), "The key ID.");
            assert_eq!(bilingual("100", "100", order), "100");
            assert_eq!(bilingual("`ON`", "`ON` ", order), "`ON`");
        }
        assert_eq!(
            first_of("中文", "English", DocsOrder::EnglishFirst),
            "English"
        );
        assert_eq!(first_of("中文", "English", DocsOrder::ChineseFirst), "中文");
        assert_eq!(first_of("中文", " ", DocsOrder::EnglishFirst), "中文");
        assert_eq!(first_of("", "English", DocsOrder::ChineseFirst), "English");
    }

    #[test]
    fn bilingual_collapses_the_second_language() {
        let english_first = bilingual("密钥ID。", "The key ID.", DocsOrder::EnglishFirst);
        assert_eq!(
            english_first,
            "The key ID.\n\n<details><summary>中文</summary>\n\n密钥ID。\n\n</details>"
        );
        assert_bilingual_safe(&english_first);
        let chinese_first = bilingual("密钥ID。", "The key ID.", DocsOrder::ChineseFirst);
        assert_eq!(
            chinese_first,
            "密钥ID。\n\n<details><summary>English</summary>\n\nThe key ID.\n\n</details>"
        );
        assert_bilingual_safe(&chinese_first);
    }

    #[test]
    fn bilingual_blocks_keep_tables_lists_and_code_inside() {
        let chinese = "取值：\n\n|名称|说明|\n|---|---|\n|a|<甲>|\n\n- 列表\n  - 嵌套\n\n```\nfn x() {}\n```\n\n> 注意 [链接]";
        let english = "Values:\n\n- a\n- b\n\n  continued\n\n```json\n{}\n```";
        for order in [DocsOrder::EnglishFirst, DocsOrder::ChineseFirst] {
            let output = bilingual(chinese, english, order);
            let inside = assert_bilingual_safe(&output);
            // The second language is read as Markdown inside the block, not as HTML text.
            let has = |what: &str| inside.iter().any(|tag| tag.starts_with(what));
            assert!(has("List"), "{output}");
            assert!(has("CodeBlock"), "{output}");
            if order == DocsOrder::EnglishFirst {
                assert!(has("Table") && has("BlockQuote"), "{output}");
            }
            // Text after the block (an example line) starts a paragraph of its own.
            let joined = paragraphs([output.as_str(), "Example: `1`"]);
            let last = Parser::new_ext(&joined, options())
                .filter(|e| matches!(e, Event::Start(Tag::Paragraph)))
                .count();
            assert!(last >= 2, "{joined}");
            assert_bilingual_safe(&joined);
        }
    }

    #[test]
    fn brackets_and_tags_are_escaped() {
        assert_eq!(safe("取值范围：[1, 5]"), "取值范围：\\[1, 5\\]");
        assert_eq!(safe("see [x] and ]"), "see \\[x\\] and \\]");
        assert_eq!(safe("&<公共请求参数>"), "&\\<公共请求参数\\>");
        assert_eq!(
            safe("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(safe("a <span>b</span> c"), "a \\<span\\>b\\</span\\> c");
        assert_eq!(safe("[^1] and - [ ] task"), "\\[^1\\] and - \\[ \\] task");
    }

    #[test]
    fn existing_escapes_are_kept_and_lone_backslashes_doubled() {
        assert_eq!(safe("\\[1, 5\\]"), "\\[1, 5\\]");
        assert_eq!(safe("iot\\_instc\\_pu\\*\\*"), "iot\\_instc\\_pu\\*\\*");
        assert_eq!(safe("C:\\path"), "C:\\\\path");
        assert_eq!(safe("end\\"), "end\\\\");
    }

    #[test]
    fn text_that_would_be_syntax_is_escaped() {
        // Delimiters that could pair are escaped; ones that cannot, and `_` inside words, are not.
        assert_eq!(safe("a ** b"), "a \\*\\* b");
        assert_eq!(safe("a * b"), "a * b");
        assert_eq!(safe("instance_id, _x"), "instance_id, \\_x");
        // A delimiter that occurs once cannot pair with anything.
        assert_eq!(
            safe("取值范围：1~100，下划线（_）"),
            "取值范围：1~100，下划线（_）"
        );
        assert_eq!(safe("1~100 或 5~10"), "1\\~100 或 5\\~10");
        assert_eq!(
            safe("<div>\n* 不是列表\n</div>"),
            "\\<div\\>\n\\* 不是列表\n\\</div\\>"
        );
        // Entities are decoded and shown as what they stand for.
        assert_eq!(safe("&lt;b&gt; &amp;lt; &#10;x"), "\\<b\\> \\&lt;  x");
        // Line starts that would open a list, heading or setext underline.
        assert_eq!(safe("2\\. 项\n\\- 1"), "2\\. 项\n\\- 1");
        assert_eq!(safe("a\n2. b"), "a\n2\\. b");
        assert_eq!(safe("-1 表示不限"), "-1 表示不限");
        assert_eq!(safe("\\# 注释"), "\\# 注释");
    }

    #[test]
    fn emphasis_and_code_are_kept() {
        assert_eq!(
            safe("**A**：第一，*b*，__c__，`d`"),
            "**A**：第一，*b*，**c**，`d`"
        );
        assert_eq!(safe("**<!-- x -->**"), "");
        assert_eq!(safe("**a <!-- x -->**"), "**a**");
        assert_eq!(safe("x ``a`b`` y"), "x `` a`b `` y");
        assert_eq!(safe("**unclosed and `tick"), "\\*\\*unclosed and \\`tick");
    }

    #[test]
    fn links_keep_only_http_targets() {
        assert_eq!(
            safe("访问[错误中心](https://error-center.aliyun.com/status)查看"),
            "访问[错误中心](https://error-center.aliyun.com/status)查看"
        );
        assert_eq!(
            safe("调用[DescribeRegions](~~36063~~)获取"),
            "调用DescribeRegions获取"
        );
        // The parser reads balanced parentheses as part of the target, so nothing is left over.
        assert_eq!(safe("[x](javascript:alert(1))"), "x");
        assert_eq!(
            safe("[https://a.com/b](https://a.com/b)"),
            "<https://a.com/b>"
        );
        assert_eq!(safe("![图](https://a.com/i.png)"), "图");
        assert_eq!(
            safe("[**粗** [x]](https://a.com \"title\")"),
            "[**粗** \\[x\\]](https://a.com)"
        );
        assert_eq!(
            safe("[a][r] 和 [b]\n\n[r]: https://a.com/r"),
            "[a](https://a.com/r) 和 \\[b\\]"
        );
        assert_eq!(
            safe("[见 https://a.com/x](https://a.com/y)"),
            "[见 https://a.com/x](https://a.com/y)"
        );
        assert_eq!(safe("<mailto:a@b.com> <a@b.com>"), "mailto:a@b.com a@b.com");
        assert_eq!(safe("[x](https://a.com/(b))"), "x");
        // Page links with spaces in the target are links to the page's eyes: their text is kept.
        assert_eq!(
            safe("可以使用 [UpdateAlias](cn.zh-CN/API 参考/UpdateAlias.md#) 更新"),
            "可以使用 UpdateAlias 更新"
        );
        assert_eq!(safe("[a](b c) [d](https://x.y/e f)"), "a d");
        assert_eq!(safe("[a]\n(b)"), "\\[a\\]\n(b)");
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            safe("见 https://help.aliyun.com/x.html。"),
            "见 <https://help.aliyun.com/x.html>。"
        );
        assert_eq!(safe("(see http://a.b/c)."), "(see <http://a.b/c>).");
        assert_eq!(safe("<https://a.b/c>"), "<https://a.b/c>");
        assert_eq!(
            safe("http(s)://linkwan.cn-shanghai.aliyuncs.com"),
            "http(s)://linkwan.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(safe("https://a.b/x\\_y&amp;z=1"), "<https://a.b/x_y&z=1>");
        assert_eq!(safe("**https://a.b/c**"), "**<https://a.b/c>**");
    }

    #[test]
    fn code_spans_are_kept_verbatim_and_stray_backticks_escaped() {
        assert_eq!(safe("取值 `[a]` 或 `<b>`"), "取值 `[a]` 或 `<b>`");
        assert_eq!(safe("a ` b"), "a \\` b");
    }

    #[test]
    fn fences_become_text_blocks_and_are_closed() {
        // Blocks are always separated by a blank line.
        assert_eq!(
            safe("示例：\n```json\n{\"a\": [1]}\n```\n后"),
            "示例：\n\n```text\n{\"a\": [1]}\n```\n\n后"
        );
        assert_eq!(safe("```rust\nfn main() {}"), "```text\nfn main() {}\n```");
        assert_eq!(safe("```"), "```text\n```");
        assert_eq!(safe("~~~\n```\n~~~"), "~~~text\n```\n~~~");
        assert_eq!(safe("````\n~~~\n```\n````"), "````text\n~~~\n```\n````");
        assert_eq!(
            safe("``` {#codeblock_fiz}\n<a>\n\n[b]\n```"),
            "```text\n<a>\n\n[b]\n```"
        );
    }

    #[test]
    fn indentation_never_makes_a_code_block() {
        // Indentation on a page is layout: an indented code block is shown as text.
        assert_eq!(safe("a\n\n        let x = 1;"), "a\n\nlet x = 1;");
        assert_eq!(safe("\tx"), "x");
        assert_eq!(safe("    - a\n    # b\n\n    c"), "\\- a\n\\# b\n\nc");
        assert_eq!(safe("a\n      b"), "a\nb");
    }

    #[test]
    fn list_continuations_are_indented_to_the_item() {
        assert_eq!(
            safe("- **A**：第一\n说明\n- B"),
            "- **A**：第一\n  说明\n- B"
        );
        assert_eq!(safe("1. a\n        b"), "1. a\n   b");
        assert_eq!(safe("- a\n\n后文"), "- a\n\n后文");
        assert_eq!(
            safe("-   **true**：开启\n说明"),
            "-   **true**：开启\n    说明"
        );
    }

    #[test]
    fn nested_and_loose_lists_keep_their_shape() {
        assert_eq!(
            safe("- a\n    - b\n        - c\n- d"),
            "- a\n  - b\n    - c\n- d"
        );
        assert_eq!(
            safe("1. a\n2. b\n   - c\n\n     d"),
            "1. a\n2. b\n   - c\n\n     d"
        );
        assert_eq!(safe("取值：\n- A\n- B"), "取值：\n\n- A\n- B");
        assert_eq!(
            safe("说明：\n\n3) 第三\n4) 第四"),
            "说明：\n\n3) 第三\n4) 第四"
        );
        assert_eq!(safe("- a\n+ b"), "- a\n\n+ b");
        assert_eq!(safe("-\n- b"), "-\n- b");
        assert_eq!(safe("- ```\n  x\n  ```\n- y"), "- ```text\n  x\n  ```\n- y");
        assert_eq!(safe("- a\n\n      more"), "- a\n\n  more");
    }

    #[test]
    fn quotes_headings_rules_and_tables() {
        assert_eq!(safe("> 注意：\n> - a\nb"), "> 注意：\n>\n> - a\n>   b");
        assert_eq!(safe("## 标题 {#id}\n正文"), "## 标题\n\n正文");
        assert_eq!(safe("# C# #"), "# C\\#");
        assert_eq!(safe("a\n\n---\nb"), "a\n\n***\n\nb");
        assert_eq!(
            safe("|名称|描述|\n|--|:-:|\n|A|x\\|y<br>z|\n|`a|b`| [u](https://a.com) |"),
            "| 名称 | 描述 |\n|---|:-:|\n| A | x\\|y<br>z |\n| \\`a | b\\` |"
        );
    }

    #[test]
    fn html_is_shown_as_text_except_comments_and_breaks() {
        assert_eq!(safe("<!-- 注释 -->\n\n正文"), "正文");
        assert_eq!(safe("a <!-- x\ny --> b"), "a  b");
        assert_eq!(
            safe("<div>\na<br/>b\n</div>"),
            "\\<div\\>\na\\\nb\n\\</div\\>"
        );
        assert_eq!(safe("<!-- 未闭合"), "");
        assert_eq!(
            safe("<?php x ?> <!DOCTYPE y>"),
            "\\<?php x ?\\> \\<!DOCTYPE y\\>"
        );
    }

    #[test]
    fn injection_attempts_stay_text() {
        // Doc text only ever travels as a string literal; these must come out as harmless text.
        assert_eq!(safe("*/ fn evil() {} /*"), "*/ fn evil() {} /*");
        assert_eq!(
            safe("\"] #[cfg(any())] fn x"),
            "\"\\] #\\[cfg(any())\\] fn x"
        );
        assert_eq!(safe("a\r\nb\rc"), "a\nb\nc");
        // A block quote on the page stays one.
        assert_eq!(safe("> quoted"), "> quoted");
        assert_eq!(safe("x\u{202e}y\u{0}z"), "xyz");
        let tokens = outer(&markdown("\"]\n#[cfg(any())]\n*/"));
        let text = super::super::rust_file::format(quote! { #tokens pub struct S; })
            .expect("doc attributes parse");
        assert!(
            text.ends_with("/// \"\\]\n/// #\\[cfg(any())\\]\n/// */\npub struct S;\n"),
            "{text}"
        );
    }

    #[test]
    fn doc_lines_keep_their_value_whatever_the_quotes() {
        for line in [
            "",
            "plain 中文",
            "a \"quote\"",
            "r#\"raw\"# and \"#",
            "back\\slash \\u{0}",
        ] {
            let literal: syn::LitStr =
                syn::parse2(quote::ToTokens::into_token_stream(line_literal(line)))
                    .expect("a string literal");
            let expected = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            assert_eq!(literal.value(), expected);
        }
    }

    #[test]
    fn inline_code_and_plain_text() {
        assert_eq!(code("A"), "`A`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code(""), "`\"\"`");
        assert_eq!(plain("[x] <y> *z*"), "\\[x\\] \\<y\\> \\*z\\*");
        assert_eq!(plain("- lead"), "\\- lead");
    }

    #[test]
    fn line_break_tags_become_line_breaks() {
        // A `<br>` is a hard line break; one at the end of a paragraph is dropped.
        assert_eq!(safe("a<br>b<BR/>c<br />d<b>"), "a\\\nb\\\nc\\\nd\\<b\\>");
        assert_eq!(safe("a<br>"), "a");
        assert_eq!(safe("- a<br>b"), "- a\\\n  b");
        assert_eq!(safe("a  \nb\\\nc"), "a\\\nb\\\nc");
    }

    #[test]
    fn paragraphs_skip_empty_parts() {
        assert_eq!(paragraphs(["a", "", "  ", "b\n"]), "a\n\nb");
    }

    #[test]
    fn odd_input_never_panics_and_stays_safe() {
        const PIECES: &[&str] = &[
            "**",
            "*",
            "_",
            "__",
            "`",
            "``",
            "```",
            "~~~",
            "~",
            "[",
            "]",
            "(",
            ")",
            "![",
            "<",
            ">",
            "<br>",
            "<!--",
            "-->",
            "<div>",
            "</div>",
            "\\",
            "\n",
            "\n\n",
            "- ",
            "* ",
            "+ ",
            "1. ",
            "2) ",
            "  ",
            "    ",
            "\t",
            "> ",
            "#",
            "# ",
            "|",
            "|-|",
            "---",
            "===",
            "https://a.b/c",
            "http://",
            "&amp;",
            "&",
            "&#",
            ";",
            "x",
            "中文",
            "!",
            "\u{202e}",
            "\r",
            "\u{0}",
            "[a](https://x.y)",
            "[b]: https://z",
            ":",
            "{#id}",
            "\u{a0}",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..4000 {
            let len = rng.usize(0..40);
            let input: String = (0..len)
                .map(|_| PIECES[rng.usize(0..PIECES.len())])
                .collect();
            safe(&input);
        }
        let long = "很长的一行 **x** [y] `z` https://a.b/c ".repeat(2000);
        assert!(!safe(&long).contains('\n'));
        safe(&"- a\n  ".repeat(50));
        safe(&"> ".repeat(60));
        safe(&format!("{}x", "- ".repeat(60)));
    }

    #[test]
    fn operation_mentions_become_links_outside_code_and_links() {
        let links: BTreeMap<String, String> = [
            (
                "GenerateDataKey",
                "crate::v1::generate_data_key::GenerateDataKey",
            ),
            ("Decrypt", "crate::v1::decrypt::Decrypt"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let linked = link_operations(
            "更多信息，请参见GenerateDataKey。调用Decrypt解密，`Decrypt` 与 [Decrypt](https://x/Decrypt) 不变；DecryptAll、GenerateDataKeys 也不变。",
            &links,
            "Encrypt",
        );
        assert_eq!(
            linked,
            "更多信息，请参见[`GenerateDataKey`](crate::v1::generate_data_key::GenerateDataKey)。调用[`Decrypt`](crate::v1::decrypt::Decrypt)解密，`Decrypt` 与 [Decrypt](https://x/Decrypt) 不变；DecryptAll、GenerateDataKeys 也不变。"
        );
        assert_eq!(
            link_operations("Decrypt 自身", &links, "Decrypt"),
            "Decrypt 自身"
        );
        assert_eq!(
            link_operations("```text\nDecrypt\n```", &links, "X"),
            "```text\nDecrypt\n```"
        );
    }

    /// What a reader sees of `markdown`, as words: text, code and HTML as written, tags and line
    /// breaks as spaces.
    fn visible_words(markdown: &str) -> Vec<String> {
        let mut text = String::new();
        for event in Parser::new_ext(markdown, options()) {
            match event {
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    text.push_str(&t)
                }
                Event::SoftBreak | Event::HardBreak | Event::Start(_) | Event::End(_) => {
                    text.push(' ')
                }
                _ => {}
            }
        }
        text.split_whitespace().map(str::to_string).collect()
    }

    /// The deepest nesting of block quotes and list items in `markdown`.
    fn nesting(markdown: &str) -> usize {
        let (mut depth, mut deepest) = (0usize, 0usize);
        for event in Parser::new_ext(markdown, options()) {
            match event {
                Event::Start(Tag::BlockQuote(_) | Tag::Item) => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                Event::End(TagEnd::BlockQuote(_) | TagEnd::Item) => depth -= 1,
                _ => {}
            }
        }
        deepest
    }

    /// Renders `input`, checks the output is safe, shows every word the input shows (list markers
    /// aside: flattened items show theirs as words) and is not deeper than `MAX_NESTING`.
    fn keeps_text(input: &str) -> String {
        let output = safe(input);
        let marker = |word: &str| {
            let number = word.trim_end_matches(['.', ')']);
            matches!(word, "-" | "+" | "*")
                || number.len() + 1 == word.len() && number.bytes().all(|b| b.is_ascii_digit())
        };
        let words = |markdown: &str| -> Vec<String> {
            visible_words(markdown)
                .into_iter()
                .filter(|word| !marker(word))
                .collect()
        };
        assert_eq!(words(&output), words(input), "{input:?} -> {output:?}");
        assert!(nesting(&output) <= MAX_NESTING, "{output}");
        output
    }

    #[test]
    fn deep_quotes_are_flattened_past_the_cap_and_keep_their_text() {
        // 20,000 nested quotes: no stack overflow, the text shown at the cap's depth.
        let input = format!("{}深处的文字 text", "> ".repeat(20_000));
        let output = keeps_text(&input);
        assert_eq!(
            output,
            format!("{}深处的文字 text", "> ".repeat(MAX_NESTING))
        );
        // Lazy continuation lines and later paragraphs stay in the innermost written quote.
        let input = format!("{}a\nb\n\n{}c", "> ".repeat(20_000), "> ".repeat(20_000));
        let prefix = "> ".repeat(MAX_NESTING);
        assert_eq!(
            keeps_text(&input),
            format!("{prefix}a\n{prefix}b\n\n{prefix}c")
        );
        // At the cap nothing changes.
        assert_eq!(keeps_text(&format!("{prefix}a")), format!("{prefix}a"));
    }

    #[test]
    fn deep_lists_are_flattened_past_the_cap_and_keep_their_text() {
        // 5,000 items nested on one line: the ones past the cap are written as text.
        let input = format!("{}x", "- ".repeat(5_000));
        assert_eq!(
            keeps_text(&input),
            format!(
                "{}\\{}x",
                "- ".repeat(MAX_NESTING),
                "- ".repeat(5_000 - MAX_NESTING)
            )
        );
        // Ordered items keep their numbers; the first one written as text is escaped.
        let input = format!("{}x", "1. ".repeat(20));
        assert_eq!(
            keeps_text(&input),
            format!(
                "{}1\\. {}x",
                "1. ".repeat(MAX_NESTING),
                "1. ".repeat(20 - MAX_NESTING - 1)
            )
        );
        // 5,000 items on their own lines, nesting to 20 deep and back, with a paragraph each
        // now and then: items past the cap become paragraphs of the deepest item written.
        let input: String = (0..5_000)
            .map(|i| {
                let indent = "  ".repeat(i % 20);
                if i % 7 == 0 {
                    format!("{indent}- item{i}\n\n{indent}  para{i}\n\n")
                } else {
                    format!("{indent}- item{i}\n")
                }
            })
            .collect();
        let output = keeps_text(&input);
        assert!(output.len() < 2 * input.len(), "{}", output.len());
        let item = "  ".repeat(MAX_NESTING - 1);
        assert!(output.contains(&format!("\n{item}- item27\n\n{item}  \\- item28\n\n")));
        // Mixed quotes and items, and blocks inside flattened items.
        keeps_text(&format!("{}x\ny", "- > ".repeat(2_500)));
        keeps_text(&format!(
            "{}- a\n\n  ```\n  code\n  ```\n- # h\n- > q\n-\n- ***",
            "> ".repeat(MAX_NESTING)
        ));
    }

    #[test]
    fn random_deep_nesting_keeps_its_text() {
        // Quotes and items nested past the cap, at random, with lazy and blank lines.
        const PIECES: &[&str] = &[
            "> ", "> ", "- ", "- ", "* ", "1. ", "2) ", "  ", "\n", "\n\n", "x ", "y", "z\n",
        ];
        let mut rng = fastrand::Rng::with_seed(11);
        for _ in 0..3000 {
            let len = rng.usize(0..80);
            let input: String = (0..len)
                .map(|_| PIECES[rng.usize(0..PIECES.len())])
                .collect();
            keeps_text(&input);
        }
    }

    #[test]
    fn long_lines_are_rendered_whole() {
        // A 20 KB line of everything a description mixes.
        let piece = "说明 text [brackets] <tag> *a* _b_ `c` https://a.b/c?d=1 (x) ";
        let line = piece.repeat(20_000 / piece.len() + 1);
        let output = keeps_text(&line);
        assert!(!output.contains('\n'));
        assert!(output.contains("\\[brackets\\] \\<tag\\> *a* *b* `c` <https://a.b/c?d=1>"));
        // Runs of what the renderer looks at character by character; the first three were each
        // searched to their end once per character before.
        for input in [
            "h".repeat(20_000),
            "hhttp://x".repeat(2_000),
            "[a](".repeat(5_000),
            "[a](b c ".repeat(2_500),
            "[a](b c) ".repeat(2_000),
            "[".repeat(20_000),
            "<a ".repeat(7_000),
            "*a _b ".repeat(3_000),
            "`x ".repeat(7_000),
        ] {
            let output = safe(&input);
            assert!(!output.contains('\n'), "{input:.40}");
        }
        // The other entry points take such text whole.
        let links: BTreeMap<String, String> = [(
            "Decrypt".to_string(),
            "crate::v1::decrypt::Decrypt".to_string(),
        )]
        .into();
        let text = format!("{line}Decrypt");
        assert!(link_operations(&markdown(&text), &links, "X")
            .ends_with("[`Decrypt`](crate::v1::decrypt::Decrypt)"));
        assert_eq!(plain(&line).replace('\\', ""), line.trim_end());
        let deep = format!("{}x", "> ".repeat(20_000));
        assert_eq!(
            paragraphs([&line, &deep]).len(),
            line.len() + 2 + deep.len() - 1
        );
        assert!(code(&line).starts_with("``"));
    }
}
