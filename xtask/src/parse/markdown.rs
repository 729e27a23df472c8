//! Docusaurus Markdown and MDX, read with pulldown-cmark.
//!
//! MDX pages are Markdown with JSX and `<head>` mixed in; those come out of pulldown-cmark as
//! HTML, which carries nothing the IR needs, so one reader serves both.

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::table::{self, is_delimiter, is_header_candidate};
use super::{starts_with_ignore_case, Block, BlockKind, LineIndex, Page};

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
    parse_in_sections(text, body_start, ONE_PASS_LIMIT)
}

fn parse_in_sections(text: &str, body_start: usize, limit: usize) -> Page {
    // Pages run to a block per hundred-odd bytes; reserving for that spares most of the
    // vector's regrowth.
    let mut blocks = Vec::with_capacity((text.len() - body_start) / 96);
    let mut lines = LineIndex::new(text);
    for section in sections(&text[body_start..], limit) {
        parse_section(
            text,
            body_start + section.start,
            body_start + section.end,
            &mut lines,
            &mut blocks,
        );
    }
    Page {
        blocks,
        ..Page::default()
    }
}

/// Splits `body` into pieces of at least `min_len` bytes, each cut just before an ATX heading
/// that follows a blank line outside any fence or HTML block. Such a heading closes every
/// Markdown container, so each piece parses as it would inside the whole. The block rules are
/// CommonMark's, simplified; a test reads every corpus page both ways.
fn sections(body: &str, min_len: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    if body.len() < min_len.saturating_mul(2) {
        ranges.push(0..body.len());
        return ranges;
    }
    let mut start = 0;
    let mut fence: Option<(u8, usize)> = None;
    let mut html: Option<HtmlEnd> = None;
    // Whether the previous line can be continued by a paragraph line (an HTML block of
    // kind 7 cannot interrupt a paragraph).
    let mut in_paragraph = false;
    let mut previous_blank = false;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let blank = trimmed.trim().is_empty();
        let mut paragraph = false;
        if let Some(end) = html {
            html = match end {
                HtmlEnd::BlankLine if blank => None,
                HtmlEnd::Text(text) if line.to_ascii_lowercase().contains(text) => None,
                _ => html,
            };
        } else if let Some((mark, len)) = fence {
            let run = trimmed.bytes().take_while(|&b| b == mark).count();
            if indent < 4 && run >= len && trimmed[run..].trim().is_empty() {
                fence = None;
            }
        } else if let Some(mark) = (indent < 4)
            .then(|| trimmed.bytes().next())
            .flatten()
            .filter(|&b| b == b'`' || b == b'~')
            .filter(|&b| trimmed.bytes().take_while(|&c| c == b).count() >= 3)
        {
            fence = Some((mark, trimmed.bytes().take_while(|&b| b == mark).count()));
        } else if at - start >= min_len && previous_blank && is_atx_heading(line) {
            ranges.push(start..at);
            start = at;
        } else if indent < 4 && trimmed.starts_with('<') {
            html = html_block(trimmed.trim_end(), in_paragraph);
            paragraph = html.is_none();
        } else {
            paragraph = !blank && !is_atx_heading(trimmed);
        }
        in_paragraph = paragraph;
        previous_blank = blank;
    }
    ranges.push(start..body.len());
    ranges
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

/// Reads `text[start..end]`, a piece that closes all its Markdown containers, into blocks.
fn parse_section(
    text: &str,
    body_start: usize,
    end: usize,
    lines: &mut LineIndex,
    blocks: &mut Vec<Block>,
) {
    let body = &text[body_start..end];
    // Blocks being read; items nest, and a paragraph inside an item belongs to the item.
    let mut open: Vec<Open> = Vec::new();
    let mut in_table = false;

    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        let start = body_start + range.start;
        if in_table {
            if let Event::End(TagEnd::Table) = event {
                in_table = false;
            }
            continue;
        }
        match event {
            Event::Start(Tag::Table(_)) => {
                in_table = true;
                let source = &text[start..body_start + range.end];
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
                        finish(block, text, body_start + range.end, blocks);
                    }
                }
                TagEnd::Paragraph => match open.last_mut() {
                    Some(Open {
                        capture: Capture::Paragraph,
                        ..
                    }) => {
                        if let Some(block) = open.pop() {
                            finish(block, text, body_start + range.end, blocks);
                        }
                    }
                    Some(item) => item.push_break(),
                    None => {}
                },
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if let Some(block) = open.last_mut() {
                    block.push(t);
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
        let whole = parse_in_sections(text, body_start, usize::MAX).blocks;
        let sectioned = parse_in_sections(text, body_start, limit).blocks;
        let pieces = sections(&text[body_start..], limit).len();
        (whole, sectioned, pieces)
    }

    #[test]
    fn a_page_read_in_sections_gives_the_blocks_of_one_pass() {
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
        let mut pages = 0;
        for game in std::fs::read_dir(corpus).expect("../shared/corpus") {
            let Ok(files) = std::fs::read_dir(game.unwrap().path()) else {
                continue;
            };
            for file in files {
                let path = file.unwrap().path();
                if !matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("md" | "mdx")
                ) {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let (whole, sectioned, pieces) = whole_and_sectioned(&text, 512);
                assert!(
                    pieces > 1 || text.len() < 8192,
                    "{}: never cut",
                    path.display()
                );
                if let Some(at) = (0..whole.len().max(sectioned.len()))
                    .find(|&i| whole.get(i) != sectioned.get(i))
                {
                    panic!(
                        "{}: block {at} differs: {:?} read in sections, {:?} in one pass",
                        path.display(),
                        sectioned.get(at),
                        whole.get(at)
                    );
                }
                pages += 1;
            }
        }
        assert_eq!(pages, 1082, "corpus pages compared");
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
