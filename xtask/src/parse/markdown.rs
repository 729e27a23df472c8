//! Docusaurus Markdown and MDX, read with pulldown-cmark.
//!
//! MDX pages are Markdown with JSX and `<head>` mixed in; those come out of pulldown-cmark as
//! HTML, which carries nothing the IR needs, so one reader serves both.
//!
//! A line scan first finds where big pages can be cut into sections and which tables can be
//! read straight from their lines (see [`TableReading`]); pulldown-cmark then reads the rest,
//! each such table replaced by a thematic break, and confirms that it found each break where
//! the table was.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::table::{self, is_delimiter, is_header_candidate};
use super::{contains_ignore_case, starts_with_ignore_case, Block, BlockKind, LineIndex, Page};

/// What the block being read will become when it ends.
enum Capture {
    Heading(u8),
    Code,
    /// A fence in a programming language: code for the reader, not data.
    Skipped,
    Paragraph,
    Item,
}

struct Open<'a> {
    capture: Capture,
    line: u32,
    start: usize,
    /// What to reserve for the text once it has two pieces: the block's source length, which
    /// bounds its text (but not for an item, whose source holds its nested lists too).
    reserve: usize,
    /// The text so far. A heading or a paragraph is mostly one piece, borrowed from the page
    /// until a second one comes.
    text: Cow<'a, str>,
}

impl<'a> Open<'a> {
    fn push(&mut self, piece: CowStr<'a>) {
        if self.text.is_empty() {
            self.text = match piece {
                CowStr::Borrowed(piece) => Cow::Borrowed(piece),
                piece => Cow::Owned(piece.into_string()),
            };
        } else {
            self.owned().push_str(&piece);
        }
    }

    fn push_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.owned().push('\n');
        }
    }

    fn owned(&mut self) -> &mut String {
        if let Cow::Borrowed(text) = self.text {
            let mut owned = String::with_capacity(self.reserve.max(text.len() + 1));
            owned.push_str(text);
            self.text = Cow::Owned(owned);
        }
        self.text.to_mut()
    }
}

/// The least size of a section. pulldown-cmark builds the tree of a whole input before the
/// first event, about ten times its size; a page of twice this size or more is read section
/// by section so that memory stays bounded and time linear. Real pages are below 100 KB.
const ONE_PASS_LIMIT: usize = 256 * 1024;

pub fn parse(text: &str, body_start: usize) -> Page {
    parse_in_sections(text, body_start, ONE_PASS_LIMIT, TableReading::Direct)
}

/// Who finds the lines of a table. The rows are split from the raw lines either way (see
/// [`table`]), so pulldown-cmark's inline parsing of every cell is work thrown away: over the
/// corpus, tables are a third of the bytes and two fifths of pulldown-cmark's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableReading {
    /// Tables that pulldown-cmark provably reads as a whole table at top level (see
    /// [`direct_table`]) are taken from their lines; the rest are left to pulldown-cmark.
    Direct,
    /// Every table through pulldown-cmark; what `Direct` is tested against.
    #[cfg(test)]
    Pulldown,
}

fn parse_in_sections(text: &str, body_start: usize, limit: usize, tables: TableReading) -> Page {
    // Pages run to a block per hundred-odd bytes; reserving for that spares most of the
    // vector's regrowth.
    let mut blocks = Vec::with_capacity((text.len() - body_start) / 96);
    let mut lines = LineIndex::new(text);
    let layout = layout(&text[body_start..], limit, tables);
    let mut direct = layout.tables.as_slice();
    for section in layout.sections {
        // Tables never straddle a cut: a cut follows a blank line, which ends a table.
        let inside = direct.partition_point(|table| table.start < section.end);
        let (section_tables, rest) = direct.split_at(inside);
        direct = rest;
        let before = blocks.len();
        let read = parse_section(
            text,
            body_start,
            section.clone(),
            section_tables,
            &mut lines,
            &mut blocks,
        );
        if !read {
            // pulldown-cmark did not read a break where a table was taken out: the table
            // sits in a block the layout's simplified rules missed (a fence, an HTML block).
            // The section is read again with its tables left in.
            blocks.truncate(before);
            parse_section(text, body_start, section, &[], &mut lines, &mut blocks);
        }
    }
    Page {
        blocks,
        ..Page::default()
    }
}

/// Where a page body is cut into sections, and which of its tables are read from their lines.
/// Ranges are byte offsets in the body.
struct Layout {
    sections: Vec<Range<usize>>,
    /// From the start of the header line to the end of the last row's line.
    tables: Vec<Range<usize>>,
}

/// Cuts `body` into sections of at least `min_len` bytes, each cut just before an ATX heading
/// that follows a blank line outside any fence or HTML block; such a heading closes every
/// Markdown container, so each piece parses as it would inside the whole. On the same pass,
/// finds the tables to read directly (when `tables` says so). The block rules are
/// CommonMark's, simplified; tests read every corpus page each way.
fn layout(body: &str, min_len: usize, tables: TableReading) -> Layout {
    let mut layout = Layout {
        sections: Vec::new(),
        tables: Vec::new(),
    };
    let cut = body.len() >= min_len.saturating_mul(2);
    if !cut && tables != TableReading::Direct {
        layout.sections.push(0..body.len());
        return layout;
    }
    // pulldown-cmark ends a line at a lone `\r` too, which the lines here do not.
    let direct = tables == TableReading::Direct && !has_lone_return(body);
    let mut start = 0;
    let mut fence: Option<(u8, usize)> = None;
    let mut html: Option<HtmlEnd> = None;
    // Whether the previous line can be continued by a paragraph line (an HTML block of
    // kind 7 cannot interrupt a paragraph).
    let mut in_paragraph = false;
    // Whether the previous line ended every block but the page: a blank line outside
    // fences and HTML blocks, an ATX heading, or none at all. (pulldown-cmark has the last
    // word: see `parse_section`.)
    let mut previous_closed = true;
    let mut previous_blank = false;
    let mut lines = Lines::new(body);
    while let Some((at, line)) = lines.next() {
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let trimmed = &line[indent..];
        let first = trimmed.as_bytes().first().copied();
        let blank = matches!(first, None | Some(b'\t' | b'\r' | b'\n')) && is_blank(trimmed);
        let run = |mark: u8| trimmed.bytes().take_while(|&b| b == mark).count();
        let mut paragraph = false;
        let mut closed = false;
        if let Some(end) = html {
            html = match end {
                HtmlEnd::BlankLine if blank => None,
                HtmlEnd::Text(text) if contains_ignore_case(line, text) => None,
                _ => html,
            };
        } else if let Some((mark, len)) = fence {
            if indent < 4 && first == Some(mark) {
                let run = run(mark);
                if run >= len && is_blank(&trimmed[run..]) {
                    fence = None;
                }
            }
        } else if let Some(mark) =
            first.filter(|&b| indent < 4 && (b == b'`' || b == b'~') && run(b) >= 3)
        {
            let len = run(mark);
            fence = Some((mark, len));
            lines.skip_to(closing_fence(body, lines.offset(), mark, len));
        } else if cut && at - start >= min_len && previous_blank && is_atx_heading(line) {
            layout.sections.push(start..at);
            start = at;
            closed = true;
        } else if indent < 4 && first == Some(b'<') {
            html = html_block(trimmed.trim_end(), in_paragraph);
            paragraph = html.is_none();
        } else if let Some(end) = (direct && previous_closed && indent == 0)
            .then(|| direct_table(line, &mut lines))
            .flatten()
        {
            layout.tables.push(at..end);
        } else {
            let heading = first == Some(b'#') && is_atx_heading(trimmed);
            closed = blank || (heading && indent == 0);
            paragraph = !blank && !heading;
        }
        in_paragraph = paragraph;
        previous_blank = blank;
        previous_closed = closed && html.is_none() && fence.is_none();
    }
    layout.sections.push(start..body.len());
    layout
}

/// Whether a line is blank to CommonMark: spaces and tabs at most. (Other white space, a
/// no-break space say, makes a paragraph.)
fn is_blank(line: &str) -> bool {
    line.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Whether `text` has a `\r` that is not part of a `\r\n`.
fn has_lone_return(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'))
}

/// The lines of a text with their offsets, line endings included.
#[derive(Clone)]
struct Lines<'a> {
    text: &'a str,
    // One search over the whole text: a search per line costs more to set up than it takes
    // on lines this short. Its offsets count from `base`.
    newlines: memchr::Memchr<'a>,
    base: usize,
    at: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()),
            base: 0,
            at: 0,
        }
    }

    /// The offset after the last line taken.
    fn offset(&self) -> usize {
        self.at
    }

    /// Goes on from `at`, the start of a line after the last one taken.
    fn skip_to(&mut self, at: usize) {
        self.newlines = memchr::memchr_iter(b'\n', &self.text.as_bytes()[at..]);
        self.base = at;
        self.at = at;
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.at;
        if start == self.text.len() {
            return None;
        }
        self.at = (self.newlines.next()).map_or(self.text.len(), |at| self.base + at + 1);
        Some((start, &self.text[start..self.at]))
    }
}

/// The start of the line that closes a fence of `len` `mark`s, looking from `from` (a line
/// start) on, or the end of `text`. Code blocks are the longest runs of lines the layout
/// reads; one search for the fence spares it looking at each of their lines.
fn closing_fence(text: &str, from: usize, mark: u8, len: usize) -> usize {
    let bytes = text.as_bytes();
    let marks = [mark; 3];
    for found in memchr::memmem::find_iter(&bytes[from..], &marks) {
        let at = from + found;
        // At the start of a line, after three spaces at most. (Looking back no further keeps a
        // long line of backticks linear.)
        let indent = (bytes[from..at].iter().rev().take(4))
            .take_while(|&&b| b == b' ')
            .count();
        let line_start = at - indent;
        if indent > 3 || (line_start > from && bytes[line_start - 1] != b'\n') {
            continue;
        }
        let line = &text[at..line_end(text, at)];
        let run = line.bytes().take_while(|&b| b == mark).count();
        if run >= len && is_blank(&line[run..]) {
            return line_start;
        }
    }
    text.len()
}

/// The offset after the line that holds `at` (after its `\n`, or the end of `text`).
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

/// Empty cells pulldown-cmark adds to a table's short rows at most; at the limit it ends the
/// table early, so a table that might reach it is left to pulldown-cmark.
const MAX_FILLED_CELLS: usize = 1 << 18;

/// The end of the table whose header is `header`, a line that starts a block at top level,
/// and whose other lines `lines` gives, if the table can be read straight from its lines:
/// pulldown-cmark reads the header and delimiter as a table, and takes every line after them
/// up to a blank line (or the end) as a row. Then `lines` is moved on past the last row, and
/// otherwise left alone; `None` leaves the table, if it is one, to pulldown-cmark.
fn direct_table(header: &str, lines: &mut Lines) -> Option<usize> {
    // A header of three bytes or more makes the table longer than the thematic break that
    // stands in for it (see `without_tables`), so offsets after it only ever shift back.
    if !is_header_candidate(header) || header.trim_end().len() < 3 {
        return None;
    }
    let mut rows = lines.clone();
    let (_, delimiter) = rows.next()?;
    // The delimiter and the header's first byte are checked there too.
    let columns = table_head_columns(header, delimiter)?;
    let mut count = 1;
    let mut after_last_row = rows.clone();
    while let Some((_, line)) = rows.next() {
        let text = line.trim_start_matches([' ', '\t']);
        if is_blank(text) {
            break;
        }
        if !continues_table(without_line_ending(text)) {
            return None;
        }
        count += 1;
        after_last_row = rows.clone();
    }
    if count * columns >= MAX_FILLED_CELLS {
        return None;
    }
    *lines = after_last_row;
    Some(lines.offset())
}

/// The columns of the table pulldown-cmark starts at `header` and `delimiter` (lines with their
/// endings), when the header starts a paragraph at top level; `None` when they are no table
/// head to it, or when the header starts with something that might make it no paragraph.
/// This is pulldown-cmark's own test (`parse_line`, `count_header_cols` and
/// `scan_table_head`), which a property test holds against pulldown-cmark itself: asking
/// pulldown-cmark directly costs a parser per table, a third of what reading tables
/// directly saves.
fn table_head_columns(header: &str, delimiter: &str) -> Option<usize> {
    let header = without_line_ending(header);
    // A paragraph, not a list item, a link definition, a fence or HTML.
    if !continues_table(header) || header.starts_with('[') {
        return None;
    }
    let header = header.as_bytes();
    // A pipe counts unless a backslash precedes it, as it separates cells here.
    let (mut pipes, mut last_pipe) = (0, 0);
    for at in table::separating_pipes(header) {
        (pipes, last_pipe) = (pipes + 1, at);
    }
    // A backslash at the end of the line is a hard break, checked before any table.
    let backslashes = header.iter().rev().take_while(|&&b| b == b'\\').count();
    if pipes == 0 || backslashes % 2 == 1 {
        return None;
    }
    // A pipe at either end opens or closes the row rather than separating two cells.
    let header_columns = pipes + 1
        - usize::from(header[0] == b'|')
        - usize::from(header[last_pipe + 1..].iter().all(|&b| is_space(b)));
    let columns = delimiter_columns(delimiter)?;
    (columns == header_columns).then_some(columns)
}

/// `line` without its `\n` or `\r\n`.
fn without_line_ending(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

/// Spaces to pulldown-cmark within a line.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | 0x0b | 0x0c)
}

/// The columns a delimiter row declares, as pulldown-cmark's `scan_table_head` counts them:
/// cells of `-` and `:` between pipes, each with a `-`, and at least one pipe.
fn delimiter_columns(line: &str) -> Option<usize> {
    let line = without_line_ending(line).as_bytes();
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    // A tab in the indent counts to the next tab stop; such rows are left to pulldown-cmark.
    if indent > 3 || line.get(indent).is_none_or(|&b| b == b'\t') {
        return None;
    }
    let mut rest = &line[indent..];
    let mut found_pipe = false;
    if let [b'|', after @ ..] = rest {
        rest = after;
        found_pipe = true;
    }
    let (mut columns, mut found_hyphen) = (0, false);
    // Whether the current cell has a `-`, and whether it has anything but spaces.
    let (mut hyphen_in_cell, mut cell_started) = (false, false);
    for &byte in rest {
        match byte {
            b' ' => {}
            b':' => cell_started = true,
            b'-' => (cell_started, hyphen_in_cell, found_hyphen) = (true, true, true),
            b'|' if hyphen_in_cell => {
                (columns, found_pipe) = (columns + 1, true);
                (cell_started, hyphen_in_cell) = (false, false);
            }
            _ => return None,
        }
    }
    columns += usize::from(cell_started);
    (found_pipe && found_hyphen).then_some(columns)
}

/// Whether pulldown-cmark takes `text`, a line after a table's delimiter without its leading
/// spaces and line ending, and not blank, as a row of the table. A line that starts a block
/// (a list item, a quote, a fence, a heading, a thematic break, HTML) ends the table, and so
/// does one with no cell (`|` alone); a pipe with a cell, a letter or a quote starts none of
/// those. Anything less sure is refused.
fn continues_table(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    match first {
        b'|' => !text[1..]
            .trim_start_matches([' ', '\t', '\x0b', '\x0c'])
            .is_empty(),
        b'`' => !text.starts_with("```"),
        // `1.` and `1)` start an ordered list.
        b'0'..=b'9' => !matches!(
            bytes.iter().find(|b| !b.is_ascii_digit()),
            Some(b'.' | b')') | None
        ),
        b'a'..=b'z' | b'A'..=b'Z' | b'"' | b'\'' | b'(' | b'[' | b'{' | 0x80.. => true,
        _ => false,
    }
}

/// What ends an HTML block.
#[derive(Clone, Copy)]
enum HtmlEnd {
    BlankLine,
    /// This text, lower-cased, on a line (the block's first line included).
    Text(&'static str),
}

/// Tag names that open an HTML block even inside a paragraph (CommonMark kind 6).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// The HTML block `line` (starting with `<`) opens and does not close, if any.
fn html_block(line: &str, in_paragraph: bool) -> Option<HtmlEnd> {
    let lower = line.to_ascii_lowercase();
    let name_of = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect()
    };
    let after = |rest: &str, name: &str| rest[name.len()..].chars().next();
    for (open, close) in [("<!--", "-->"), ("<?", "?>"), ("<![cdata[", "]]>")] {
        if let Some(rest) = lower.strip_prefix(open) {
            return (!rest.contains(close)).then_some(HtmlEnd::Text(close));
        }
    }
    if lower.starts_with("<!") && lower[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return (!lower[2..].contains('>')).then_some(HtmlEnd::Text(">"));
    }
    let rest = &lower[1..];
    let name = name_of(rest);
    for (raw, close) in [
        ("pre", "</pre>"),
        ("script", "</script>"),
        ("style", "</style>"),
        ("textarea", "</textarea>"),
    ] {
        if name == raw && matches!(after(rest, &name), None | Some(' ' | '\t' | '>')) {
            return (!rest.contains(close)).then_some(HtmlEnd::Text(close));
        }
    }
    let closing = rest.strip_prefix('/').unwrap_or(rest);
    let name = name_of(closing);
    if BLOCK_TAGS.contains(&name.as_str())
        && matches!(after(closing, &name), None | Some(' ' | '\t' | '>' | '/'))
    {
        return Some(HtmlEnd::BlankLine);
    }
    // Kind 7: a whole tag alone on its line.
    let lone_tag = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && line.ends_with('>')
        && line.matches('<').count() == 1;
    (lone_tag && !in_paragraph).then_some(HtmlEnd::BlankLine)
}

/// `#` to `######` at the start of the line, then a space, a tab or the end of the line.
fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && matches!(
            line.as_bytes().get(hashes),
            None | Some(b' ' | b'\t' | b'\r' | b'\n')
        )
}

/// Reads `section` of the body that starts at `body_start` in `text`, a piece that closes all
/// its Markdown containers, into blocks. `tables` (in the section, as offsets in the body) are
/// read from their lines. Returns whether pulldown-cmark read each of them as a thematic break
/// at top level, as the layout expects; if not, the blocks pushed are not to be trusted.
fn parse_section(
    text: &str,
    body_start: usize,
    section: Range<usize>,
    tables: &[Range<usize>],
    lines: &mut LineIndex,
    blocks: &mut Vec<Block>,
) -> bool {
    let section_start = body_start + section.start;
    let body = &text[section_start..body_start + section.end];
    let (markdown, mut shifts) = without_tables(body, section.start, tables);
    let mut tables = tables
        .iter()
        .map(|table| (body_start + table.start)..(body_start + table.end));
    let mut next_table = tables.next();
    // Blocks being read; items nest, and a paragraph inside an item belongs to the item.
    let mut open: Vec<Open> = Vec::new();
    let mut in_table = false;

    for (event, range) in Parser::new_ext(&markdown, Options::ENABLE_TABLES).into_offset_iter() {
        let start = section_start + shifts.in_section(range.start);
        let finish_at = section_start + shifts.in_section(range.end);
        if in_table {
            if let Event::End(TagEnd::Table) = event {
                in_table = false;
            }
            continue;
        }
        if let (Event::Rule, Some(table)) = (&event, &next_table) {
            if table.start == start {
                push_table(blocks, &text[table.clone()], lines.line_of(start));
                next_table = tables.next();
                continue;
            }
        }
        match event {
            Event::Start(Tag::Table(_)) => {
                in_table = true;
                let source = &text[start..finish_at];
                push_table(blocks, source, lines.line_of(start));
            }
            Event::Start(tag) => {
                let reserve = range.len();
                let (capture, reserve) = match tag {
                    Tag::Heading { level, .. } => (Capture::Heading(level as u8), reserve),
                    Tag::CodeBlock(CodeBlockKind::Fenced(info)) if is_program(&info) => {
                        (Capture::Skipped, 0)
                    }
                    Tag::CodeBlock(_) => (Capture::Code, reserve),
                    Tag::Item => {
                        flush_item(&mut open, blocks);
                        (Capture::Item, 0)
                    }
                    Tag::Paragraph if !open.is_empty() => continue,
                    Tag::Paragraph => (Capture::Paragraph, reserve),
                    Tag::List(_) => {
                        flush_item(&mut open, blocks);
                        continue;
                    }
                    _ => continue,
                };
                open.push(Open {
                    capture,
                    line: lines.line_of(start),
                    start,
                    reserve,
                    text: Cow::Borrowed(""),
                });
            }
            Event::End(end) => match end {
                TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Item => {
                    if let Some(block) = open.pop() {
                        finish(block, text, finish_at, blocks);
                    }
                }
                TagEnd::Paragraph => match open.last_mut() {
                    Some(Open {
                        capture: Capture::Paragraph,
                        ..
                    }) => {
                        if let Some(block) = open.pop() {
                            finish(block, text, finish_at, blocks);
                        }
                    }
                    Some(item) => item.push_break(),
                    None => {}
                },
                _ => {}
            },
            Event::Text(t) => {
                if let Some(block) = open.last_mut() {
                    block.push(t);
                }
            }
            Event::Code(t) => {
                if let Some(block) = open.last_mut() {
                    // A list item keeps its code marks: in `Ranked: `MATCHMAKING_PVP_RANKED``
                    // the code is the value and the rest its description.
                    if matches!(block.capture, Capture::Item) {
                        block.push(CowStr::Borrowed("`"));
                        block.push(t);
                        block.push(CowStr::Borrowed("`"));
                    } else {
                        block.push(t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = open.last_mut() {
                    block.push_break();
                }
            }
            Event::InlineHtml(html)
                if starts_with_ignore_case(&html, "<br")
                    || starts_with_ignore_case(&html, "</br") =>
            {
                if let Some(block) = open.last_mut() {
                    block.push_break();
                }
            }
            _ => {}
        }
    }
    next_table.is_none()
}

/// `section` (at `offset` in the body) as pulldown-cmark reads it: each of `tables` replaced
/// by a thematic break, which closes open lists and quotes as the table did and takes no time
/// to read. Borrowed when there is no table. With it, where its offsets are in the section.
fn without_tables<'a>(
    section: &'a str,
    offset: usize,
    tables: &[Range<usize>],
) -> (Cow<'a, str>, Shifts) {
    let mut shifts = Shifts {
        breaks: Vec::with_capacity(tables.len()),
        next: 0,
    };
    if tables.is_empty() {
        return (Cow::Borrowed(section), shifts);
    }
    let mut text = String::with_capacity(section.len());
    let mut copied = 0;
    for table in tables {
        let (start, end) = (table.start - offset, table.end - offset);
        text.push_str(&section[copied..start]);
        let newline = section[..end].ends_with('\n');
        text.push_str(if newline { "***\n" } else { "***" });
        shifts.breaks.push((text.len(), end - text.len()));
        copied = end;
    }
    text.push_str(&section[copied..]);
    (Cow::Owned(text), shifts)
}

/// Where the offsets of a section without its tables are in the section.
struct Shifts {
    /// Where the text after each break starts, and how many bytes longer the section is
    /// before that point.
    breaks: Vec<(usize, usize)>,
    /// The first break after the offset last asked for.
    next: usize,
}

impl Shifts {
    /// The offset in the section of `at`. Events come in text order (an end event starts
    /// where its block started), so the break that applies is found by stepping from the
    /// last one.
    fn in_section(&mut self, at: usize) -> usize {
        while self.next < self.breaks.len() && self.breaks[self.next].0 <= at {
            self.next += 1;
        }
        while self.next > 0 && self.breaks[self.next - 1].0 > at {
            self.next -= 1;
        }
        at + self.next.checked_sub(1).map_or(0, |i| self.breaks[i].1)
    }
}

/// Emits the text an item has so far, before a nested list or item starts.
fn flush_item(open: &mut [Open], blocks: &mut Vec<Block>) {
    if let Some(item) = open.last_mut() {
        if matches!(item.capture, Capture::Item) && !table::trim(&item.text).is_empty() {
            blocks.push(Block {
                line: item.line,
                kind: BlockKind::ListItem {
                    text: trimmed(std::mem::take(&mut item.text)),
                },
            });
        }
    }
}

/// `text.trim().to_owned()`, reusing `text`'s buffer when it needs no trimming.
fn trimmed(text: Cow<str>) -> String {
    match text {
        Cow::Owned(text) if table::trim(&text).len() == text.len() => text,
        text => table::trim(&text).to_owned(),
    }
}

fn finish(block: Open, source: &str, end: usize, blocks: &mut Vec<Block>) {
    let Open {
        capture,
        line,
        start,
        text,
        ..
    } = block;
    let kind = match capture {
        Capture::Heading(level) => BlockKind::Heading {
            level,
            text: trimmed(text),
        },
        Capture::Skipped => return,
        Capture::Code => {
            // A fenced block's content starts on the line after the fence.
            let fenced = source[start..].starts_with("```") || source[start..].starts_with("~~~");
            blocks.push(Block {
                line: line + u32::from(fenced),
                kind: BlockKind::Code {
                    text: text.into_owned(),
                },
            });
            return;
        }
        Capture::Item => {
            if table::trim(&text).is_empty() {
                return;
            }
            BlockKind::ListItem {
                text: trimmed(text),
            }
        }
        Capture::Paragraph => {
            let raw = &source[start..end.min(source.len())];
            if contains_table(raw) {
                split_paragraph_tables(raw, line, blocks);
                return;
            }
            let text = strip_admonitions(text);
            if text.is_empty() {
                return;
            }
            BlockKind::Paragraph { text }
        }
    };
    blocks.push(Block { line, kind });
}

/// Whether a fence's info string names a programming language rather than data.
fn is_program(info: &str) -> bool {
    let language = info
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        language.as_str(),
        "javascript"
            | "js"
            | "jsx"
            | "typescript"
            | "ts"
            | "tsx"
            | "html"
            | "css"
            | "bash"
            | "sh"
            | "shell"
            | "c#"
            | "csharp"
            | "cs"
            | "cpp"
            | "python"
            | "py"
    )
}

/// Drops Docusaurus admonition fences (`:::important Game ID`, `:::`) from paragraph text.
fn strip_admonitions(text: Cow<str>) -> String {
    // A colon is rare enough that finding each one beats a substring search.
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(b':', bytes).any(|at| bytes[at..].starts_with(b":::")) {
        return trimmed(text);
    }
    let kept: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with(":::") && !line.is_empty())
        .collect();
    kept.join("\n")
}

fn push_table(blocks: &mut Vec<Block>, source: &str, first_line: u32) {
    // Rows run to some sixty bytes and more; counting the lines would cost more than the
    // odd regrowth of a table of short rows.
    if let Some(table) = table::read_table((first_line..).zip(source.lines()), source.len() / 64) {
        blocks.push(Block {
            line: first_line,
            kind: BlockKind::Table(table),
        });
    }
}

/// Whether a paragraph hides a pipe table that pulldown-cmark did not accept (GFM refuses a
/// table whose header and delimiter have different cell counts).
fn contains_table(raw: &str) -> bool {
    if memchr::memchr(b'|', raw.as_bytes()).is_none() {
        return false;
    }
    let mut previous: Option<&str> = None;
    for line in raw.lines() {
        if is_delimiter(line) && previous.is_some_and(is_header_candidate) {
            return true;
        }
        previous = Some(line);
    }
    false
}

/// Splits a paragraph with a hidden table into its prose lines and the table.
fn split_paragraph_tables(raw: &str, first_line: u32, blocks: &mut Vec<Block>) {
    let lines: Vec<(u32, &str)> = (first_line..).zip(raw.lines()).collect();
    let mut i = 0;
    while i < lines.len() {
        if let Some((table, end)) = table::table_block(&lines, i) {
            blocks.extend(table);
            i = end;
        } else {
            let text = table::inline_text(lines[i].1.trim()).into_owned();
            if !text.is_empty() && !text.starts_with(":::") {
                blocks.push(Block {
                    line: lines[i].0,
                    kind: BlockKind::Paragraph { text },
                });
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{front_matter, parse_page};
    use super::*;

    /// Blocks of `text` read in one pass and read in sections of about `limit` bytes.
    fn whole_and_sectioned(text: &str, limit: usize) -> (Vec<Block>, Vec<Block>, usize) {
        let (_, body_start) = front_matter(text);
        let whole = parse_in_sections(text, body_start, usize::MAX, TableReading::Pulldown);
        let sectioned = parse_in_sections(text, body_start, limit, TableReading::Pulldown);
        let pieces = sections(&text[body_start..], limit).len();
        (whole.blocks, sectioned.blocks, pieces)
    }

    fn sections(body: &str, limit: usize) -> Vec<Range<usize>> {
        layout(body, limit, TableReading::Pulldown).sections
    }

    /// The Markdown pages of the corpus (`$GEPGEN_DATA/corpus`, by default ../shared/corpus),
    /// as (path, text); `None` when it is absent, after saying once that `test` is skipped
    /// (a failure when `GEPGEN_REQUIRE_DATA` is set, as in CI). Mirrors `tests/common`.
    fn corpus_pages(test: &str) -> Option<Vec<(String, String)>> {
        let data = match std::env::var_os("GEPGEN_DATA") {
            Some(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
            _ => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        };
        let corpus = data.join("corpus");
        if !corpus.is_dir() {
            let help = "set GEPGEN_DATA to a folder with corpus/ and payloads/ (CI has ../shared beside the checkout)";
            let required =
                std::env::var_os("GEPGEN_REQUIRE_DATA").is_some_and(|v| !v.is_empty() && v != "0");
            assert!(
                !required,
                "{test}: {} is missing and GEPGEN_REQUIRE_DATA is set: {help}",
                corpus.display()
            );
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr().lock(),
                "skipped {test}: no {} ({help})",
                corpus.display()
            );
            return None;
        }
        let mut pages = Vec::new();
        for game in std::fs::read_dir(&corpus).expect("the corpus folder") {
            let Ok(files) = std::fs::read_dir(game.unwrap().path()) else {
                continue;
            };
            for file in files {
                let path = file.unwrap().path();
                if matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("md" | "mdx")
                ) {
                    let text = std::fs::read_to_string(&path).unwrap();
                    pages.push((path.display().to_string(), text));
                }
            }
        }
        assert_eq!(pages.len(), 1082, "corpus pages");
        Some(pages)
    }

    fn assert_same_blocks(path: &str, expected: &[Block], found: &[Block], how: &str) {
        if let Some(at) =
            (0..expected.len().max(found.len())).find(|&i| expected.get(i) != found.get(i))
        {
            panic!(
                "{path}: block {at} differs: {:?} {how}, {:?} expected",
                found.get(at),
                expected.get(at)
            );
        }
    }

    #[test]
    fn a_page_read_in_sections_gives_the_blocks_of_one_pass() {
        let Some(pages) = corpus_pages("a_page_read_in_sections_gives_the_blocks_of_one_pass")
        else {
            return;
        };
        for (path, text) in pages {
            let (whole, sectioned, pieces) = whole_and_sectioned(&text, 512);
            assert!(pieces > 1 || text.len() < 8192, "{path}: never cut");
            assert_same_blocks(&path, &whole, &sectioned, "read in sections");
        }
    }

    /// Blocks of `text` with every table read by pulldown-cmark, with tables read from their
    /// lines, and the number of tables read from their lines.
    fn both_table_readings(text: &str) -> (Vec<Block>, Vec<Block>, usize) {
        let (_, body_start) = front_matter(text);
        let pulldown = parse_in_sections(text, body_start, ONE_PASS_LIMIT, TableReading::Pulldown);
        let direct = parse_in_sections(text, body_start, ONE_PASS_LIMIT, TableReading::Direct);
        let tables = layout(&text[body_start..], ONE_PASS_LIMIT, TableReading::Direct).tables;
        (pulldown.blocks, direct.blocks, tables.len())
    }

    #[test]
    fn tables_read_from_their_lines_give_the_blocks_of_pulldown_cmark() {
        let Some(pages) =
            corpus_pages("tables_read_from_their_lines_give_the_blocks_of_pulldown_cmark")
        else {
            return;
        };
        let (mut tables, mut direct) = (0, 0);
        for (path, text) in pages {
            let (expected, found, direct_tables) = both_table_readings(&text);
            assert_same_blocks(
                &path,
                &expected,
                &found,
                "with tables read from their lines",
            );
            tables += expected
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Table(_)))
                .count();
            direct += direct_tables;
        }
        // Most tables take the direct path, or it saves nothing.
        assert!(
            direct * 10 >= tables * 9,
            "{direct} of {tables} tables read from their lines"
        );
    }

    #[test]
    fn a_table_is_read_from_its_lines_only_where_pulldown_cmark_reads_it_whole() {
        // (start, end) of each table read from its lines.
        let direct = |text: &str| -> Vec<(usize, usize)> {
            let layout = layout(text, ONE_PASS_LIMIT, TableReading::Direct);
            layout.tables.iter().map(|t| (t.start, t.end)).collect()
        };
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\nc | d\n";
        assert_eq!(direct(table), [(0, table.len())]);
        let after_intro = direct(&format!("intro\n\n{table}\nafter\n"));
        assert_eq!(after_intro, [(7, 7 + table.len())]);
        assert_eq!(direct(&format!("# Info\n{table}")), [(7, 7 + table.len())]);
        for text in [
            // Not at the start of a block: pulldown-cmark decides.
            format!("intro\n{table}"),
            format!("* item\n{table}"),
            format!("* item\n\n  {table}"),
            format!("```\n\n{table}"),
            format!("<!--\n\n{table}-->\n"),
            // A row that starts a block, or has no cell, ends the table.
            format!("{table}- item\n"),
            format!("{table}> quote\n"),
            format!("{table}# heading\n"),
            format!("{table}<div>\n"),
            format!("{table}1. first\n"),
            format!("{table}```\n"),
            format!("{table}---\n"),
            format!("{table}|\n"),
            // pulldown-cmark breaks lines at a lone carriage return.
            format!("{table}x | y\rz\n"),
            // Header and delimiter cell counts differ: no table to pulldown-cmark.
            "a | b\n---|---|---\n1 | 2\n".to_owned(),
            // Too short for the thematic break that stands in for it.
            "a|\n-|\n".to_owned(),
        ] {
            assert_eq!(direct(&text), [], "{text:?}");
        }
    }

    /// Lines that start, continue and end tables and the blocks around them.
    const PAGE_LINES: &[&str] = &[
        "| a | b |",
        "|---|---|",
        "a | b",
        "---|---",
        "| 1 | `2` [x](y) |",
        "x | y",
        "|",
        "a|",
        "-|",
        "| a \\| b |",
        "\t| t |",
        "",
        "  ",
        "text",
        "* item",
        "- item",
        "1. one",
        "> quote",
        "# Heading",
        "Setext",
        "===",
        "```",
        "~~~",
        "<!--",
        "-->",
        "<div>",
        "</div>",
        "    indented",
        "  indented",
        "[x]: http://example.com",
        "***",
        "<br>",
        "```a`",
        "- ```",
        "> ```",
        "  ```",
        "<pre>",
        "</pre>",
        "    - x",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// The table-head test gives pulldown-cmark's answer, whenever it gives one.
        #[test]
        fn table_heads_are_read_as_pulldown_cmark_reads_them(
            // Cells between pipes, some escaped, with the bytes pulldown-cmark treats
            // specially; delimiters of `-` and `:` cells, indented or not.
            header in r#"\|?[ab1"(`\\*\[<&!.)-]{0,3}((\\| )?\|[ab `*:\\-]{0,3}){0,4}[ \t\x0c\\]{0,2}"#,
            delimiter in r#" {0,4}\t?\|?( ?:?-{0,3}:? ?\|){0,4}( ?:?-{0,2}:?)?[ \ta]?"#,
            ending in "\n|\r\n",
        ) {
            let text = format!("{header}{ending}{delimiter}{ending}");
            let pulldown = match Parser::new_ext(&text, Options::ENABLE_TABLES).next() {
                Some(Event::Start(Tag::Table(alignments))) => Some(alignments.len()),
                _ => None,
            };
            let here = table_head_columns(&format!("{header}{ending}"), &format!("{delimiter}{ending}"));
            let paragraph = continues_table(&header) && !header.starts_with('[');
            if here.is_some() || paragraph {
                proptest::prop_assert_eq!(here, pulldown, "{:?}", text);
            }
        }

        /// Pages made of lines that open and close blocks around tables read the same with
        /// tables read from their lines as with pulldown-cmark.
        #[test]
        fn tables_read_from_their_lines_give_pulldown_cmark_blocks_on_any_page(
            lines in proptest::collection::vec(proptest::sample::select(PAGE_LINES), 0..40),
            ending in "\n|\r\n",
        ) {
            let text: String = lines.iter().map(|line| format!("{line}{ending}")).collect();
            let (pulldown, direct, _) = both_table_readings(&text);
            proptest::prop_assert_eq!(pulldown, direct, "{:?}", text);
        }
    }

    #[test]
    fn blocks_around_a_table_are_the_same_either_way() {
        let table = "| a | b |\n|---|---|\n| 1 | `2` [x](y) |\n";
        for text in [
            // The table closes the list, so the indented line after it is a paragraph.
            format!("* item\n\n{table}\n  indented\n"),
            format!("> quote\n\n{table}\n> quote\n"),
            format!("1. one\n\n{table}2. two\n"),
            format!("[x]: http://example.com\n\n{table}\n[x] after\n"),
            format!("# Events\n{table}\n***\n\n{table}"),
            format!("{table}- item\n\n{table}|\n"),
            format!("<details>\n\n{table}\n</details>\n"),
            format!("intro\n\n{table}\n```json\n{{}}\n```\n"),
            // The layout takes ```a` for a fence, pulldown-cmark does not; the ``` after it
            // opens a fence only to pulldown-cmark, which then has the table inside it.
            format!("```a`\n```\n\n{table}"),
            // The layout takes `<!--` for a comment, pulldown-cmark for a line of the HTML
            // block `<br>` opened; `-->` then continues the list item's paragraph.
            format!("***\n<br>\n<!--\n\n* item\n-->\n{table}"),
        ] {
            let (pulldown, direct, _) = both_table_readings(&text);
            assert_eq!(pulldown, direct, "{text:?}");
        }
    }

    #[test]
    fn no_cut_inside_a_fence_a_comment_or_raw_html() {
        let filler = "text\n\n".repeat(20);
        for (open, close) in [
            ("```json", "```"),
            ("~~~~", "~~~~"),
            ("<!-- a comment", "-->"),
            ("<pre>", "</pre>"),
            // The ```js is HTML, so the ``` after the example opens a fence.
            ("<details>\n```js\n\n{}\n```", "```"),
            // A tag in a paragraph is no HTML block; the comment on the next line is one.
            ("<b>Note</b>\n<!--", "-->"),
        ] {
            let text =
                format!("{filler}\n{open}\n\n# not a heading\n\n{close}\n\n# heading\n\n{filler}");
            let (whole, sectioned, pieces) = whole_and_sectioned(&text, 16);
            assert_eq!(whole, sectioned, "{open}");
            let cut = sections(&text, 16)[1].start;
            assert!(text[cut..].starts_with("# heading"), "{open}: cut at {cut}");
            assert_eq!(pieces, 2, "{open}");
        }
    }

    fn kinds(text: &str) -> Vec<(u32, BlockKind)> {
        parse_page(text, "page.md")
            .blocks
            .into_iter()
            .map(|b| (b.line, b.kind))
            .collect()
    }

    #[test]
    fn reads_headings_tables_code_and_items() {
        let blocks = kinds(
            "## `kill`\n\n### Events\n\nEvent | Data\n---|---\nkill | See [notes](#kill-note)\n\n#### *kill* note\n\n* {enemyTeam: boolean}\n\n```json\n{\"a\":1}\n```\n",
        );
        assert_eq!(
            blocks[0],
            (
                1,
                BlockKind::Heading {
                    level: 2,
                    text: "kill".into()
                }
            )
        );
        let BlockKind::Table(table) = &blocks[2].1 else {
            panic!("expected a table, got {:?}", blocks[2])
        };
        assert_eq!(table.rows[0].cells, ["kill", "See notes"]);
        assert_eq!(table.rows[0].line, 7);
        assert_eq!(
            blocks[3],
            (
                9,
                BlockKind::Heading {
                    level: 4,
                    text: "kill note".into()
                }
            )
        );
        assert_eq!(
            blocks[4],
            (
                11,
                BlockKind::ListItem {
                    text: "{enemyTeam: boolean}".into()
                }
            )
        );
        assert_eq!(
            blocks[5],
            (
                14,
                BlockKind::Code {
                    text: "{\"a\":1}\n".into()
                }
            )
        );
    }

    #[test]
    fn recovers_a_table_gfm_rejects() {
        let blocks = kinds("intro\nkey | Category | Values\n---|---|---|---\nk | c | v\n");
        let tables: Vec<_> = blocks
            .iter()
            .filter_map(|(_, k)| match k {
                BlockKind::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows[0].cells, ["k", "c", "v"]);
        assert_eq!(tables[0].rows[0].line, 4);
    }

    #[test]
    fn nested_items_are_blocks_of_their_own() {
        let blocks = kinds("* outer\n  * inner\n");
        assert_eq!(
            blocks,
            [
                (
                    1,
                    BlockKind::ListItem {
                        text: "outer".into()
                    }
                ),
                (
                    2,
                    BlockKind::ListItem {
                        text: "inner".into()
                    }
                )
            ]
        );
    }
}
