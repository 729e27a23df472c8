//! Stage 1: page text to [`Page`], a flat list of blocks with line numbers.
//!
//! The three generations of the docs format (Docusaurus Markdown, MDX, flattened text) are
//! lowered to the same block list here, so that extraction only ever sees one shape. Nothing
//! is interpreted yet beyond what the format itself says (a heading is a heading, a table is a
//! table); the flattened-text reader is the exception, since there the headings must be
//! recognised from their content.

mod markdown;
pub mod table;
mod text;

use memchr::memmem;

use crate::ir::Format;

/// A documentation page as a sequence of blocks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub format: Option<Format>,
    /// `title:` from the front matter.
    pub title: Option<String>,
    /// `id:` from the front matter (e.g. `overwolf-games-events-apex-legends`).
    pub page_id: Option<String>,
    /// The game id the page states, with its line.
    pub game_id: Option<(u64, u32)>,
    pub blocks: Vec<Block>,
    /// Number of lines in the page.
    pub lines: u32,
    /// Unresolved merge conflicts, each read as its first side (see [`Conflict`]).
    pub conflicts: Vec<Conflict>,
}

/// An unresolved merge conflict left in the page: `<<<<<<<` at `start`, `=======`, the other
/// side, `>>>>>>>` at `end`. Its first side is read as the page; the markers and the other
/// side are skipped, so a table they cut is read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conflict {
    pub start: u32,
    pub end: u32,
}

/// One block with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub line: u32,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A heading, its text without markup. In flattened text the level is inferred: 2 for a
    /// feature, 3 for "Info Updates"/"Events", 4 for a note.
    Heading {
        level: u8,
        text: String,
    },
    Table(table::Table),
    /// A fenced code block, or a run of JSON lines in flattened text.
    Code {
        text: String,
    },
    /// A list item's own text (nested items are blocks of their own).
    ListItem {
        text: String,
    },
    /// A paragraph as plain text; soft line breaks kept as `\n`.
    Paragraph {
        text: String,
    },
}

/// Reads a page. Never fails: whatever cannot be understood stays text for later stages
/// to report.
pub fn parse_page(text: &str, path: &str) -> Page {
    let format = detect_format(text, path);
    let resolved = resolve_conflicts(text);
    let read = resolved.as_ref().map_or(text, |r| r.text.as_str());
    let (front, body_start) = front_matter(read);
    let mut page = match format {
        Format::Text => text::parse(read),
        Format::Markdown | Format::Mdx => markdown::parse(read, body_start),
    };
    if let Some(resolved) = resolved {
        resolved.restore_lines(&mut page);
        page.conflicts = resolved.conflicts;
    }
    page.format = Some(format);
    page.title = front.title;
    page.page_id = front.id;
    page.game_id = find_game_id(text);
    page.lines = LineIndex::new(text).line_of(text.len());
    page
}

/// A page with its merge conflicts resolved to their first side, and where its lines were.
struct Resolved {
    text: String,
    /// The page line of each line of `text`.
    lines: Vec<u32>,
    conflicts: Vec<Conflict>,
}

/// The page without its merge conflicts' markers and second sides; `None` when it has none.
/// A `=======` outside a conflict is a heading underline and stays.
fn resolve_conflicts(text: &str) -> Option<Resolved> {
    let is_marker = |line: &str, mark: &str| {
        line.strip_prefix(mark)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    };
    if !text.lines().any(|line| is_marker(line, "<<<<<<<")) {
        return None;
    }
    #[derive(PartialEq)]
    enum Side {
        Outside,
        First(u32),
        Second(u32),
    }
    let mut resolved = Resolved {
        text: String::with_capacity(text.len()),
        lines: Vec::new(),
        conflicts: Vec::new(),
    };
    let mut side = Side::Outside;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let bare = line.trim_end_matches(['\n', '\r']);
        side = match side {
            Side::Outside if is_marker(bare, "<<<<<<<") => Side::First(number),
            Side::First(start) if is_marker(bare, "=======") => Side::Second(start),
            Side::First(start) | Side::Second(start) if is_marker(bare, ">>>>>>>") => {
                resolved.conflicts.push(Conflict { start, end: number });
                Side::Outside
            }
            Side::Second(start) => Side::Second(start),
            kept => {
                resolved.text.push_str(line);
                resolved.lines.push(number);
                kept
            }
        };
    }
    Some(resolved)
}

impl Resolved {
    /// Puts the page's own line numbers back on what was read from the resolved text.
    fn restore_lines(&self, page: &mut Page) {
        let last = self.lines.last().copied().unwrap_or(0);
        let len = u32::try_from(self.lines.len()).unwrap_or(u32::MAX);
        let page_line = |line: u32| match line.checked_sub(1) {
            Some(i) => (self.lines.get(i as usize).copied())
                .unwrap_or_else(|| last.saturating_add(line - len)),
            None => line,
        };
        for block in &mut page.blocks {
            block.line = page_line(block.line);
            if let BlockKind::Table(table) = &mut block.kind {
                table.line = page_line(table.line);
                for row in &mut table.rows {
                    row.line = page_line(row.line);
                    for joined in &mut row.joined {
                        *joined = page_line(*joined);
                    }
                }
            }
        }
    }
}

/// Decides the format from the file extension and, for anything else, from the content.
pub fn detect_format(text: &str, path: &str) -> Format {
    if path.ends_with(".mdx") {
        return Format::Mdx;
    }
    // memmem rather than `str::contains`, whose two-way searcher costs far more per byte.
    if memmem::find(text.as_bytes(), b"<GameInfo").is_some() {
        return Format::Mdx;
    }
    let markdown = text.starts_with("---")
        || memmem::find(text.as_bytes(), b"\n```").is_some()
        || text.lines().any(|line| {
            let hashes = line.bytes().take_while(|&b| b == b'#').count();
            (1..=6).contains(&hashes) && line[hashes..].starts_with(' ')
        });
    if markdown {
        Format::Markdown
    } else {
        Format::Text
    }
}

#[derive(Default)]
struct FrontMatter {
    title: Option<String>,
    id: Option<String>,
}

/// Reads the `---` front matter; returns it and the byte offset where the body starts.
fn front_matter(text: &str) -> (FrontMatter, usize) {
    let mut front = FrontMatter::default();
    let Some(rest) = text.strip_prefix("---") else {
        return (front, 0);
    };
    let Some(first_newline) = rest.find('\n') else {
        return (front, 0);
    };
    if !rest[..first_newline].trim().is_empty() {
        return (front, 0);
    }
    let mut offset = 3 + first_newline + 1;
    for line in text[offset..].split_inclusive('\n') {
        offset += line.len();
        let line = line.trim_end();
        if line == "---" {
            return (front, offset);
        }
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            match name.trim() {
                "title" if !value.is_empty() => front.title = Some(value.to_owned()),
                "id" if !value.is_empty() => front.id = Some(value.to_owned()),
                _ => {}
            }
        }
    }
    // No closing `---`: not front matter after all.
    (FrontMatter::default(), 0)
}

/// Finds the game id stated on the page: an attribute or assignment in any spelling
/// (`<GameInfo gameId={21566} />`, `gameID={10902}`, `const GameID = 21566;`), or the line after
/// `:::important Game ID`, or `Game ID: 21566`.
fn find_game_id(text: &str) -> Option<(u64, u32)> {
    let mut lines = LineIndex::new(text);
    if let Some((id, at)) = assigned_game_id(text) {
        return Some((id, lines.line_of(at)));
    }
    for at in memmem::find_iter(text.as_bytes(), b"Game ID") {
        let after = text[at + 7..].trim_start_matches([':', ' ', '\t', '\r', '\n', '*']);
        if let Some(id) = leading_number(after) {
            let id_offset = text.len() - after.len();
            return Some((id, lines.line_of(id_offset)));
        }
    }
    None
}

/// The first `gameId=`, `gameID={...}`, `game_id = "..."` or `GameID = ...` (any case) with a
/// number, and its offset. A quoted name is a member of a JSON example (`"gameId": 2371440758`
/// is a match's id), not the page's statement, and is passed over.
fn assigned_game_id(text: &str) -> Option<(u64, usize)> {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'g', b'G', bytes).find_map(|at| {
        let name_len = ["gameid", "game_id"].iter().find_map(|name| {
            let head = bytes.get(at..at + name.len())?;
            head.eq_ignore_ascii_case(name.as_bytes())
                .then_some(name.len())
        })?;
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b"_\"'".contains(&b)) {
            return None;
        }
        let value = text[at + name_len..].trim_start_matches([' ', '\t']);
        let value = value.strip_prefix('=')?;
        let digits = value.trim_start_matches(['{', '"', '\'', ' ', '\t']);
        Some((leading_number(digits)?, at))
    })
}

/// Whether `text` starts with `prefix`, ignoring ASCII case; checking in place spares the
/// `to_ascii_lowercase()` copy, made for every heading, row and inline tag.
pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    (text.as_bytes().get(..prefix.len()))
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `text` contains `needle` (lowercase ASCII, not empty), ignoring ASCII case.
pub(crate) fn contains_ignore_case(text: &str, needle: &str) -> bool {
    if !needle.bytes().any(|b| b.is_ascii_alphabetic()) {
        return memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
    }
    (text.as_bytes().windows(needle.len()))
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

fn leading_number(text: &str) -> Option<u64> {
    let end = text
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(text.len());
    text[..end].parse().ok()
}

/// Longest run of lines one example may span; stops an unbalanced brace from eating the page.
const MAX_EXAMPLE_LINES: usize = 60;

/// How many of `lines` (the first of which starts a JSON example) belong to the run of
/// examples: the lines that balance its braces, then any examples directly following it.
pub fn example_run_len<'a>(lines: impl Iterator<Item = &'a str>) -> usize {
    let mut depth: i64 = 0;
    let mut count = 0;
    for line in lines.take(MAX_EXAMPLE_LINES) {
        let line = line.trim();
        if count > 0 && depth <= 0 && !crate::examples::looks_like_example(line) {
            break;
        }
        for b in line.bytes() {
            match b {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth -= 1,
                _ => {}
            }
        }
        count += 1;
    }
    count
}

/// Maps byte offsets to 1-based line numbers by counting the newlines between the offset
/// asked about and the previous one. Blocks are asked about in page order, so a page costs one
/// pass of `memchr`'s counting, with no table of line starts to build.
pub struct LineIndex<'a> {
    text: &'a [u8],
    offset: usize,
    /// Newlines in `text[..offset]`.
    newlines: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            newlines: 0,
        }
    }

    /// The line `offset` is on; offsets past the end are on the last line.
    pub fn line_of(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        if offset >= self.offset {
            self.newlines += count_newlines(&self.text[self.offset..offset]);
        } else {
            self.newlines -= count_newlines(&self.text[offset..self.offset]);
        }
        self.offset = offset;
        u32::try_from(self.newlines + 1).unwrap_or(u32::MAX)
    }
}

/// The newlines in `bytes`. memchr counts a vector at a time, but byte by byte up to the
/// first aligned vector and after the last, which for the hundred-odd bytes between most
/// blocks is most of the work; short runs are counted eight bytes at a time instead.
fn count_newlines(bytes: &[u8]) -> usize {
    if bytes.len() >= 128 {
        return memchr::memchr_iter(b'\n', bytes).count();
    }
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const LOW: u64 = ONES * 0x7f;
    let mut words = bytes.chunks_exact(8);
    let mut count = 0;
    for word in &mut words {
        // Zero bytes of x are the newlines.
        let x = word.try_into().map_or(0, u64::from_ne_bytes) ^ (ONES * u64::from(b'\n'));
        // 0x80 in each byte of x that is zero, 0 in the others (no carry crosses bytes).
        let zero = !(((x & LOW) + LOW) | x | LOW);
        // Sum the bytes' 0 or 1 into the top byte.
        count += ((zero >> 7).wrapping_mul(ONES) >> 56) as usize;
    }
    count + words.remainder().iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_conflict_is_read_as_its_first_side_with_the_page_lines() {
        let text = "## `game_info`\n\n### Info Updates\n\nkey | Category | Values |\n\
                    <<<<<<< HEAD\n---|---|---|\n=======\n----|----|----|\n>>>>>>> other\n\
                    tag | game_info | The tag |\n\nHeading\n=======\n";
        let page = parse_page(text, "page.md");
        assert_eq!(page.conflicts, [Conflict { start: 6, end: 10 }]);
        let table = page
            .blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Table(table) => Some(table),
                _ => None,
            })
            .expect("the table the markers cut is read");
        assert_eq!(table.line, 5);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 11);
        assert_eq!(table.rows[0].cells.get(0), Some("tag"));
        // A `=======` outside a conflict is a heading underline.
        assert!(page.blocks.iter().any(|b| b.line == 13
            && matches!(&b.kind, BlockKind::Heading { text, .. } if text == "Heading")));
        assert!(parse_page("a\n=======\n", "a.md").conflicts.is_empty());
    }

    #[test]
    fn detects_each_format() {
        assert_eq!(detect_format("x", "a.mdx"), Format::Mdx);
        assert_eq!(detect_format("---\nid: a\n---\n", "a.md"), Format::Markdown);
        assert_eq!(detect_format("## `kill`\n", "a.txt"), Format::Markdown);
        assert_eq!(
            detect_format("Info Updates\nkey | a |\n", "a.txt"),
            Format::Text
        );
    }

    #[test]
    fn reads_front_matter_and_game_id() {
        let page = parse_page(
            "---\nid: overwolf-games-events-wot\ntitle: World of Tanks Game Events\n---\n\n:::important Game ID\n6365\n:::\n",
            "wot.md",
        );
        assert_eq!(page.title.as_deref(), Some("World of Tanks Game Events"));
        assert_eq!(page.page_id.as_deref(), Some("overwolf-games-events-wot"));
        assert_eq!(page.game_id, Some((6365, 7)));
        let mdx = parse_page("<GameInfo gameId={21566} page=\"docs\" />\n", "a.mdx");
        assert_eq!(mdx.game_id, Some((21566, 1)));
    }

    #[test]
    fn reads_every_spelling_of_the_game_id_attribute() {
        let cases = [
            (
                "<GameInfo gameID={10902} showLauncherDocs={false}/>\n",
                10902,
            ),
            ("<GameInfo gameid=\"7314\" />\n", 7314),
            ("<script> const GameID = 21566; </script>\n", 21566),
            ("game_id={5426}\n", 5426),
        ];
        for (text, id) in cases {
            assert_eq!(parse_page(text, "a.mdx").game_id, Some((id, 1)), "{text}");
        }
        // A match's id inside an example is no statement of the game's id.
        let example = "```json\n{\"gameId\": 2371440758}\n```\n<GameInfo gameID={10902} />\n";
        assert_eq!(parse_page(example, "a.mdx").game_id, Some((10902, 4)));
        assert_eq!(parse_page("the gameId of a match\n", "a.mdx").game_id, None);
    }

    #[test]
    fn counts_newlines_word_by_word_as_memchr_does() {
        let text: Vec<u8> = (0..600u32)
            .map(|i| match i % 7 {
                0 => b'\n',
                3 => 0x8a,
                5 => 0x0b,
                _ => b'a' + (i % 26) as u8,
            })
            .collect();
        for start in 0..16 {
            for end in (start..text.len()).step_by(13) {
                let bytes = &text[start..end];
                let expected = bytes.iter().filter(|&&b| b == b'\n').count();
                assert_eq!(count_newlines(bytes), expected, "{start}..{end}");
            }
        }
    }

    #[test]
    fn line_index_is_one_based() {
        let mut lines = LineIndex::new("a\nbc\n\nd");
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(2), 2);
        assert_eq!(lines.line_of(6), 4);
        assert_eq!(lines.line_of(5), 3);
        assert_eq!(lines.line_of(1), 1);
        assert_eq!(lines.line_of(usize::MAX), 4);
    }
}
