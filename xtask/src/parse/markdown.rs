//! Docusaurus Markdown and MDX, read with pulldown-cmark.
//!
//! MDX pages are Markdown with JSX and `<head>` mixed in; those come out of pulldown-cmark as
//! HTML, which carries nothing the IR needs, so one reader serves both.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::table::{self, is_delimiter, is_header_candidate};
use super::{Block, BlockKind, LineIndex, Page};

/// What the block being read will become when it ends.
enum Capture {
    Heading(u8),
    Code,
    /// A fence in a programming language: code for the reader, not data.
    Skipped,
    Paragraph,
    Item,
}

struct Open {
    capture: Capture,
    line: u32,
    start: usize,
    text: String,
}

pub fn parse(text: &str, body_start: usize, lines: &LineIndex) -> Page {
    let body = &text[body_start..];
    let mut blocks = Vec::new();
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
                push_table(&mut blocks, source, lines.line_of(start));
            }
            Event::Start(tag) => {
                let capture = match tag {
                    Tag::Heading { level, .. } => Capture::Heading(level as u8),
                    Tag::CodeBlock(CodeBlockKind::Fenced(info)) if is_program(&info) => {
                        Capture::Skipped
                    }
                    Tag::CodeBlock(_) => Capture::Code,
                    Tag::Item => {
                        flush_item(&mut open, &mut blocks);
                        Capture::Item
                    }
                    Tag::Paragraph if !open.is_empty() => continue,
                    Tag::Paragraph => Capture::Paragraph,
                    Tag::List(_) => {
                        flush_item(&mut open, &mut blocks);
                        continue;
                    }
                    _ => continue,
                };
                open.push(Open {
                    capture,
                    line: lines.line_of(start),
                    start,
                    text: String::new(),
                });
            }
            Event::End(end) => match end {
                TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Item => {
                    if let Some(block) = open.pop() {
                        finish(block, text, body_start + range.end, &mut blocks);
                    }
                }
                TagEnd::Paragraph => match open.last_mut() {
                    Some(Open {
                        capture: Capture::Paragraph,
                        ..
                    }) => {
                        if let Some(block) = open.pop() {
                            finish(block, text, body_start + range.end, &mut blocks);
                        }
                    }
                    Some(item) => push_break(&mut item.text),
                    None => {}
                },
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if let Some(block) = open.last_mut() {
                    block.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = open.last_mut() {
                    push_break(&mut block.text);
                }
            }
            Event::InlineHtml(html) => {
                let lower = html.to_ascii_lowercase();
                if lower.starts_with("<br") || lower.starts_with("</br") {
                    if let Some(block) = open.last_mut() {
                        push_break(&mut block.text);
                    }
                }
            }
            _ => {}
        }
    }
    Page {
        blocks,
        ..Page::default()
    }
}

fn push_break(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// Emits the text an item has so far, before a nested list or item starts.
fn flush_item(open: &mut [Open], blocks: &mut Vec<Block>) {
    if let Some(item) = open.last_mut() {
        if matches!(item.capture, Capture::Item) && !item.text.trim().is_empty() {
            blocks.push(Block {
                line: item.line,
                kind: BlockKind::ListItem {
                    text: std::mem::take(&mut item.text).trim().to_owned(),
                },
            });
        }
    }
}

fn finish(block: Open, source: &str, end: usize, blocks: &mut Vec<Block>) {
    let Open {
        capture,
        line,
        start,
        text,
    } = block;
    let kind = match capture {
        Capture::Heading(level) => BlockKind::Heading {
            level,
            text: text.trim().to_owned(),
        },
        Capture::Skipped => return,
        Capture::Code => {
            // A fenced block's content starts on the line after the fence.
            let fenced = source[start..].starts_with("```") || source[start..].starts_with("~~~");
            blocks.push(Block {
                line: line + u32::from(fenced),
                kind: BlockKind::Code { text },
            });
            return;
        }
        Capture::Item => {
            let text = text.trim();
            if text.is_empty() {
                return;
            }
            BlockKind::ListItem {
                text: text.to_owned(),
            }
        }
        Capture::Paragraph => {
            let raw = &source[start..end.min(source.len())];
            if contains_table(raw) {
                split_paragraph_tables(raw, line, blocks);
                return;
            }
            let text = strip_admonitions(&text);
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
fn strip_admonitions(text: &str) -> String {
    if !text.contains(":::") {
        return text.trim().to_owned();
    }
    let kept: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with(":::") && !line.is_empty())
        .collect();
    kept.join("\n")
}

fn push_table(blocks: &mut Vec<Block>, source: &str, first_line: u32) {
    let rows: Vec<(u32, &str)> = (first_line..).zip(source.lines()).collect();
    if let Some(table) = table::read_table(&rows) {
        blocks.push(Block {
            line: first_line,
            kind: BlockKind::Table(table),
        });
    }
}

/// Whether a paragraph hides a pipe table that pulldown-cmark did not accept (GFM refuses a
/// table whose header and delimiter have different cell counts).
fn contains_table(raw: &str) -> bool {
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
    use super::super::parse_page;
    use super::*;

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
