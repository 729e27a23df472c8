//! Pipe tables, read line by line from the source.
//!
//! pulldown-cmark finds where a table is, but follows GFM in padding short rows and dropping
//! extra cells, which would lose the shifted versions real pages have. So the rows are split
//! here, from the raw lines, keeping every cell and the line it came from.

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Block, BlockKind};

/// A pipe table with its header and body rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub line: u32,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One body row. Cells are plain text: links, emphasis and HTML tags removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u32,
    pub cells: CellTexts,
    /// Lines that continued this row and were joined back onto it.
    pub joined: Vec<u32>,
}

/// The texts of a row's cells, kept in one buffer: a string each made table cells two
/// thirds of the parser's allocations.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CellTexts {
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<usize>,
}

impl CellTexts {
    fn with_capacity(cells: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(cells),
        }
    }

    fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The text of cell `index`, if the row has it.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        Some(&self.text[start..end])
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// The cells as they would read in a row, `separator` between them.
    pub fn join(&self, separator: &str) -> String {
        self.iter().collect::<Vec<_>>().join(separator)
    }
}

impl std::fmt::Debug for CellTexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for CellTexts {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

/// Whether `line` is a header delimiter row like `---|:---:|---`.
pub fn is_delimiter(line: &str) -> bool {
    // One pass that stops at the first byte no delimiter has, which for a body row is
    // usually the first.
    let (mut dash, mut pipe) = (false, false);
    for chunk in trim(line).as_bytes().chunks(8) {
        // Padded tables have long runs of dashes.
        if chunk == b"--------" {
            dash = true;
            continue;
        }
        for &b in chunk {
            match b {
                b'-' => dash = true,
                b'|' => pipe = true,
                b':' | b' ' | b'\t' => {}
                _ => return false,
            }
        }
    }
    dash && pipe
}

/// `str::trim`, without decoding characters when the ends are ASCII (cells and rows are
/// trimmed by the hundred thousand).
pub fn trim(text: &str) -> &str {
    // Spaces first, byte by byte: the cells of a table aligned for reading are padded with
    // runs of them.
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|&b| b != b' ').unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(start, |at| at + 1);
    let text = &text[start..end];
    // Printable ASCII at both ends (or nothing left): done.
    let printable = |b: Option<&u8>| b.is_none_or(|&b| b > b' ' && b < 0x80);
    if printable(text.as_bytes().first()) && printable(text.as_bytes().last()) {
        return text;
    }
    let ascii = text.trim_ascii();
    // `trim_ascii` keeps vertical tabs and non-ASCII spaces, which `trim` removes.
    let unsure = |b: Option<&u8>| b.is_some_and(|&b| b >= 0x80 || b == 0x0b);
    if unsure(ascii.as_bytes().first()) || unsure(ascii.as_bytes().last()) {
        ascii.trim()
    } else {
        ascii
    }
}

/// Whether `line` could be a table header (some text and at least one pipe).
pub fn is_header_candidate(line: &str) -> bool {
    line.contains('|') && !is_delimiter(line) && trim(line) != "|"
}

/// The table whose header is `lines[start]`, if a delimiter row follows it: its rows run to
/// the first line without a pipe. Returns the table as a block and the index after it.
pub fn table_block(lines: &[(u32, &str)], start: usize) -> Option<(Option<Block>, usize)> {
    let (line, header) = *lines.get(start)?;
    let delimiter = lines.get(start + 1)?.1;
    if !(is_header_candidate(header) && is_delimiter(delimiter)) {
        return None;
    }
    let end = lines[start + 2..]
        .iter()
        .position(|(_, l)| !l.contains('|'))
        .map_or(lines.len(), |p| start + 2 + p);
    let block = read_table(lines[start..end].iter().copied(), end - start).map(|table| Block {
        line,
        kind: BlockKind::Table(table),
    });
    Some((block, end))
}

/// Builds a table from its source lines: header, delimiter, then body rows. Body lines that
/// repeat a delimiter are separators, not rows. Short rows followed by a continuation line
/// are joined back together. `expected_lines`, an estimate of the lines, sizes the rows up
/// front rather than growing them row by row.
pub fn read_table<'a>(
    lines: impl IntoIterator<Item = (u32, &'a str)>,
    expected_lines: usize,
) -> Option<Table> {
    let mut lines = lines.into_iter();
    let (line, header) = lines.next()?;
    match lines.next() {
        Some((_, delimiter)) if is_delimiter(delimiter) => {}
        _ => return None,
    }
    let header: Vec<String> = clean_cells(header, 0).iter().map(str::to_owned).collect();
    let width = header.len();
    let mut rows: Vec<PendingRow> = Vec::with_capacity(expected_lines.saturating_sub(2));
    for (number, text) in lines {
        let text = trim(text);
        if text.is_empty() || is_delimiter(text) {
            continue;
        }
        if let Some(previous) = rows.last_mut() {
            if previous.join_if_continued(text, width) {
                previous.joined.push(number);
                continue;
            }
        }
        rows.push(PendingRow::new(number, text));
    }
    let rows = rows
        .into_iter()
        .map(|row| Row {
            line: row.line,
            // Most rows have the header's width; the rest grow.
            cells: clean_cells(&row.text, width),
            joined: row.joined,
        })
        .collect();
    Some(Table { line, header, rows })
}

/// The plain text of each cell of a row, made for `capacity` cells.
fn clean_cells(row: &str, capacity: usize) -> CellTexts {
    // The cells' text is at most the row's, markup and pipes removed.
    let mut cells = CellTexts::with_capacity(capacity, row.len());
    // One vector search of the row spares most rows the cell-by-cell check.
    if may_have_markup(row) {
        each_cell(row, |cell| cells.push(&inline_text(cell)));
    } else {
        each_cell(row, |cell| cells.push(cell));
    }
    cells
}

/// Whether `text` has a byte that [`inline_text`] treats as markup.
fn may_have_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(b'[', b'*', b'`', bytes).is_some()
        || memchr::memchr3(b'<', b'&', b'\\', bytes).is_some()
}

/// A body row being read. Its count of unescaped pipes, once counted, is kept up to date, so
/// that deciding whether the next line continues it does not rescan the whole row: GFM keeps
/// pipe-less lines inside a table, and a row followed by thousands of them would otherwise be
/// quadratic.
struct PendingRow<'a> {
    line: u32,
    /// The row's text, trimmed, with its continuations joined on; borrowed from the page
    /// until something is joined.
    text: Cow<'a, str>,
    /// Counted when first needed: most rows are followed by a row, not a continuation.
    pipes: Option<usize>,
    joined: Vec<u32>,
}

impl<'a> PendingRow<'a> {
    fn new(line: u32, text: &'a str) -> Self {
        Self {
            line,
            text: Cow::Borrowed(text),
            pipes: None,
            joined: Vec::new(),
        }
    }

    fn pipes(&mut self) -> usize {
        *(self.pipes).get_or_insert_with(|| unescaped_pipes(&self.text))
    }

    /// Joins `next` (a trimmed, non-empty line) onto the row when it continues it: the row is
    /// short, `next` is not a row of its own (it has no pipe, or starts with one where rows do
    /// not), and together they still fit in `width` cells.
    fn join_if_continued(&mut self, next: &str, width: usize) -> bool {
        let looks_like_continuation =
            !next.contains('|') || (next.starts_with('|') && !self.text.starts_with('|'));
        if !looks_like_continuation {
            return false;
        }
        let pipes = self.pipes();
        if cell_count(&self.text, pipes) >= width {
            return false;
        }
        let text = self.text.to_mut();
        let before = text.len();
        // Joined the way they would read on one line; a backslash ending the row escapes a
        // pipe starting the continuation.
        let escaped = usize::from(text.ends_with('\\') && next.starts_with('|'));
        if !(text.ends_with('|') || next.starts_with('|')) {
            text.push(' ');
        }
        text.push_str(next);
        let pipes = pipes + unescaped_pipes(next) - escaped;
        if cell_count(text, pipes) > width {
            text.truncate(before);
            return false;
        }
        self.pipes = Some(pipes);
        true
    }
}

/// The number of pipes in `text` that separate cells.
fn unescaped_pipes(text: &str) -> usize {
    separating_pipes(text.as_bytes()).count()
}

/// Where the pipes that separate cells are in `text`: those not preceded by a backslash.
pub(super) fn separating_pipes(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'|', text).filter(|&i| i == 0 || text[i - 1] != b'\\')
}

/// `split_cells(text).len()` for trimmed `text` with `pipes` unescaped pipes, without
/// splitting: one cell more than the separating pipes, less one outer pipe at each end.
fn cell_count(text: &str, pipes: usize) -> usize {
    let bytes = text.as_bytes();
    let leading = bytes.first() == Some(&b'|');
    let trailing = bytes.len() > usize::from(leading)
        && bytes.last() == Some(&b'|')
        && (bytes.len() < 2 || bytes[bytes.len() - 2] != b'\\');
    pipes + 1 - usize::from(leading) - usize::from(trailing)
}

/// Splits a row into raw cells on unescaped pipes, dropping one outer pipe at each end.
pub fn split_cells(line: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    each_cell(line, |cell| cells.push(cell));
    cells
}

/// Calls `cell` with each cell of `line`, trimmed, as [`split_cells`] splits it.
fn each_cell<'a>(line: &'a str, mut cell: impl FnMut(&'a str)) {
    let mut line = trim(line);
    line = line.strip_prefix('|').unwrap_or(line);
    if line.ends_with('|') && !line.ends_with("\\|") {
        line = &line[..line.len() - 1];
    }
    let mut start = 0;
    for i in separating_pipes(line.as_bytes()) {
        cell(trim(&line[start..i]));
        start = i + 1;
    }
    cell(trim(&line[start..]));
}

/// Turns a cell's inline Markdown and HTML into plain text: `See [notes](#x)` becomes
/// `See notes`, `<br>` a line break, `\|` a pipe.
pub fn clean_cell(cell: &str) -> String {
    inline_text(trim(cell)).into_owned()
}

/// Plain text of a snippet of inline Markdown. Fast path for text with no markup at all.
pub fn inline_text(markdown: &str) -> Cow<'_, str> {
    let markup = |b| matches!(b, b'[' | b'*' | b'`' | b'<' | b'&' | b'\\');
    if !has_any(markdown, markup) {
        return Cow::Borrowed(markdown);
    }
    Cow::Owned(marked_up_text(markdown))
}

/// [`inline_text`] of text with markup; kept out of line, as the fast path runs for every cell.
#[inline(never)]
fn marked_up_text(markdown: &str) -> String {
    links_and_code_only(markdown).unwrap_or_else(|| markdown_text(markdown))
}

/// Plain text of inline Markdown, read with pulldown-cmark.
fn markdown_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            // A cell that starts with a tag is an HTML block to pulldown-cmark: its text
            // arrives as raw HTML and is stripped here.
            Event::Html(html) => strip_tags(&html, &mut out),
            Event::InlineHtml(html)
                if breaks_line(&html) && !out.is_empty() && !out.ends_with('\n') =>
            {
                out.push('\n');
            }
            Event::Start(Tag::Item) | Event::End(TagEnd::Paragraph)
                if !out.is_empty() && !out.ends_with('\n') =>
            {
                out.push('\n');
            }
            _ => {}
        }
    }
    tidy_lines(&out)
}

/// The plain text of the commonest cell markup, `See [notes](#kill-note)` and `` `key` ``,
/// without a full Markdown parse; `None` when the text holds anything else, which then goes
/// through pulldown-cmark.
fn links_and_code_only(markdown: &str) -> Option<String> {
    if has_any(markdown, |b| matches!(b, b'*' | b'<' | b'&' | b'\\' | b'!')) {
        return None;
    }
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = memchr::memchr2(b'[', b'`', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let (delimiter, after) = rest[at..].split_at(1);
        if delimiter == "`" {
            let end = memchr::memchr(b'`', after.as_bytes())?;
            out.push_str(&after[..end]);
            rest = &after[end + 1..];
        } else {
            let close = memchr::memchr(b']', after.as_bytes())?;
            let text = &after[..close];
            let target = after[close + 1..].strip_prefix('(')?;
            let end = memchr::memchr(b')', target.as_bytes())?;
            if has_any(text, |b| b == b'[' || b == b'`')
                || has_any(&target[..end], |b| b == b'(' || b == b' ')
            {
                return None;
            }
            out.push_str(text);
            rest = &target[end + 1..];
        }
    }
    out.push_str(rest);
    if trim(&out).len() != out.len() {
        out = trim(&out).to_owned();
    }
    Some(out)
}

/// Whether `text` holds a byte `wanted` accepts; for ASCII bytes, a plain loop is much
/// cheaper than a `char` pattern.
fn has_any(text: &str, wanted: impl Fn(u8) -> bool) -> bool {
    text.bytes().any(wanted)
}

/// Appends the text of an HTML fragment, with line-breaking tags as newlines.
fn strip_tags(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        if breaks_line(&rest[open..open + close]) && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
}

/// Whether an HTML tag starts a new line in rendered text.
fn breaks_line(tag: &str) -> bool {
    let name = tag.trim_start_matches(['<', '/']);
    let name = &name[..name.bytes().take_while(u8::is_ascii_alphanumeric).count()];
    ["br", "li", "p", "ul", "ol", "div"]
        .iter()
        .any(|tag| name.eq_ignore_ascii_case(tag))
}

/// Trims each line and drops empty ones.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        read_table((1..).zip(text.lines()), 0).expect("a table")
    }

    #[test]
    fn markup_is_the_same_for_a_row_and_a_cell() {
        for b in 0..128u8 {
            let text = char::from(b).to_string();
            let marked_up = matches!(inline_text(&text), Cow::Owned(_));
            assert_eq!(may_have_markup(&text), marked_up, "{text:?}");
        }
    }

    #[test]
    fn trims_as_str_trim_does() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "\ta\r\n",
            "\u{b}a\u{b}",
            "\u{a0}a\u{3000}",
            " \u{a0} a b \u{b} ",
            "é",
            " é ",
            "\u{c}x\u{c}",
            "\u{85}x",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn delimiters_are_read_as_the_plain_definition_says() {
        let plain = |line: &str| {
            let line = line.trim();
            line.contains('-')
                && line.contains('|')
                && (line.bytes()).all(|b| matches!(b, b'-' | b'|' | b':' | b' ' | b'\t'))
        };
        let mut all = vec![String::new()];
        for _ in 0..10 {
            all = all
                .iter()
                .flat_map(|t| ['-', '|', ' ', 'a'].map(|c| format!("{t}{c}")))
                .collect();
            for line in &all {
                assert_eq!(is_delimiter(line), plain(line), "{line:?}");
            }
        }
    }

    #[test]
    fn splits_cells_with_or_without_outer_pipes() {
        assert_eq!(split_cells("a | b | c |"), ["a", "b", "c"]);
        assert_eq!(split_cells("| a | b |"), ["a", "b"]);
        assert_eq!(split_cells("a|b\\|c"), ["a", "b\\|c"]);
        assert_eq!(split_cells("a | | 130.0 | |"), ["a", "", "130.0", ""]);
    }

    #[test]
    fn counts_cells_as_splitting_does() {
        for text in [
            "",
            "|",
            "||",
            "|||",
            "a",
            "a|",
            "|a",
            "|a|",
            "a|b",
            "a\\|b",
            "a\\|",
            "\\|",
            "|\\|",
            "a | b | c |",
            "| a | | b \\| c |",
            "\\\\|x",
            "||a||",
        ] {
            assert_eq!(
                cell_count(text, unescaped_pipes(text)),
                split_cells(text).len(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_backslash_ending_a_row_escapes_the_pipe_starting_its_continuation() {
        // Joined, `x\| y | z` has two cells, so it fits the two columns.
        let t = table("a | b\n---|---\nx\\\n| y | z");
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells, ["x| y", "z"]);
    }

    #[test]
    fn cleans_links_html_and_code() {
        assert_eq!(clean_cell("See [notes](#kill-note)"), "See notes");
        assert_eq!(clean_cell("`roster_XX`"), "roster_XX");
        assert_eq!(clean_cell("a<br>b</br>c"), "a\nb\nc");
        assert_eq!(
            clean_cell("<ul><li>damage – int</li><li>ship name</li></ul>"),
            "damage – int\nship name"
        );
        assert_eq!(clean_cell("roster_XX"), "roster_XX");
    }

    #[test]
    fn the_fast_path_agrees_with_pulldown_cmark() {
        for cell in [
            "See [notes](#kill-note)",
            "`roster_XX` and `x`",
            "[a](b) [c](d)",
            "List of values See [notes](#phase-note)",
            "[`code`](#x)",
            "unclosed [link",
            "`unclosed code",
            "[not a link] here",
        ] {
            let fast = links_and_code_only(cell);
            let full: String = Parser::new(cell)
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.into_string()),
                    _ => None,
                })
                .collect();
            if let Some(fast) = fast {
                assert_eq!(fast, full.trim(), "{cell}");
            }
        }
        assert_eq!(
            links_and_code_only("See [notes](#kill-note)").as_deref(),
            Some("See notes")
        );
    }

    #[test]
    fn keeps_extra_and_missing_cells() {
        let t = table("key | Category | Values | Notes | Since |\n---|---|---|---|---|\nm | match_info | 130.0 |\nw | me | x | 0.130 | | extra |");
        assert_eq!(t.rows[0].cells, ["m", "match_info", "130.0"]);
        assert_eq!(t.rows[1].cells, ["w", "me", "x", "0.130", "", "extra"]);
    }

    #[test]
    fn joins_a_row_split_over_two_lines() {
        let t = table("Event | Event Data | Fired When | Notes | Since GEP Ver. |\n---|---|---|---|---|\ngame_state_changed |\n| See notes | 77.3 |\nnext | null | x | | 78.0 |");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows[0].cells,
            ["game_state_changed", "", "See notes", "77.3"]
        );
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.rows[0].joined, [4]);
        assert_eq!(t.rows[1].line, 5);
    }

    #[test]
    fn joins_a_cell_broken_mid_sentence() {
        let t = table("a | b | c\n---|---|---\nx | the tank\nwas hit\ny | z | 47.0");
        assert_eq!(t.rows[0].cells, ["x", "the tank was hit"]);
        assert_eq!(t.rows[1].cells, ["y", "z", "47.0"]);
    }

    /// The plain reading of a continuation, which re-splits the whole row at every line.
    fn joined_by_splitting(previous: &str, next: &str, width: usize) -> Option<String> {
        let looks_like_continuation =
            !next.contains('|') || (next.starts_with('|') && !previous.starts_with('|'));
        let joined = if previous.ends_with('|') || next.starts_with('|') {
            format!("{previous}{next}")
        } else {
            format!("{previous} {next}")
        };
        (looks_like_continuation
            && split_cells(previous).len() < width
            && split_cells(&joined).len() <= width)
            .then_some(joined)
    }

    /// Every trimmed, non-empty text of up to `max` characters that matter to cell splitting.
    fn texts(max: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut texts = Vec::new();
        for _ in 0..max {
            all = all
                .iter()
                .flat_map(|t| ['a', '|', '\\', ' '].map(|c| format!("{t}{c}")))
                .collect();
            texts.extend(
                all.iter()
                    .filter(|t| t.trim() == t.as_str() && !t.is_empty())
                    .cloned(),
            );
        }
        texts
    }

    #[test]
    fn counting_cells_while_joining_agrees_with_splitting() {
        let short = texts(2);
        for width in 1..=4 {
            for a in &texts(4) {
                for b in &texts(4) {
                    let mut row = PendingRow::new(1, a);
                    let joined = row
                        .join_if_continued(b, width)
                        .then(|| row.text.to_string());
                    assert_eq!(
                        joined,
                        joined_by_splitting(a, b, width),
                        "{a:?} + {b:?}, width {width}"
                    );
                }
            }
            // Two continuations in a row: the kept count must stay right.
            for a in &short {
                for b in &short {
                    for c in &short {
                        let mut row = PendingRow::new(1, a);
                        let mut expected = a.clone();
                        for next in [b, c] {
                            let joined = row.join_if_continued(next, width);
                            match joined_by_splitting(&expected, next, width) {
                                Some(text) => {
                                    assert!(joined, "{a:?} + {b:?} + {c:?}, width {width}");
                                    expected = text;
                                }
                                None => assert!(!joined, "{a:?} + {b:?} + {c:?}, width {width}"),
                            }
                            assert_eq!(row.text, expected);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_row_continued_over_many_lines_is_one_row() {
        let mut text = String::from("a | b | c\n---|---|---\nx | the tank");
        for i in 0..5_000 {
            text.push_str(&format!("\nwas hit {i}"));
        }
        let t = table(&text);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].joined.len(), 5_000);
        assert!(t.rows[0].cells.get(1).unwrap().ends_with("was hit 4999"));
    }

    #[test]
    fn skips_repeated_delimiters() {
        let t = table("a | b\n---|---\nx | y\n---|---\nz | w");
        assert_eq!(t.rows.len(), 2);
    }
}
