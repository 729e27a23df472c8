//! Flattened text, as copied out of the rendered docs site.
//!
//! There are no `#` headings and no code fences, so structure is recognised from content:
//! a feature heading is a bare line naming an "Available Features" entry (or any single word
//! directly followed by `Info Updates`/`Events`), sometimes glued to the end of the previous
//! sentence; notes are `<name> note(s)` lines; JSON examples are bare lines starting with `{`.

use std::collections::HashSet;

use super::table;
use super::{example_run_len, Block, BlockKind, Page};
use crate::examples::looks_like_example;

pub fn parse(text: &str) -> Page {
    let lines: Vec<(u32, &str)> = (1..).zip(text.lines()).collect();
    let features = available_features(&lines);
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (number, raw) = lines[i];
        let line = raw.trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if let Some((table, end)) = table::table_block(&lines, i) {
            blocks.extend(table);
            i = end;
            continue;
        }
        if looks_like_example(line) {
            let end = i + example_run_len(lines[i..].iter().map(|(_, l)| *l));
            let text = lines[i..end]
                .iter()
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join("\n");
            blocks.push(Block {
                line: number,
                kind: BlockKind::Code { text },
            });
            i = end;
            continue;
        }
        let next_is_section = next_non_blank(&lines, i + 1).is_some_and(is_section_heading);
        if is_section_heading(line) {
            blocks.push(heading(number, 3, line));
        } else if let Some((prose, name)) = feature_heading(line, &features, next_is_section) {
            if !prose.is_empty() {
                blocks.push(Block {
                    line: number,
                    kind: BlockKind::Paragraph {
                        text: prose.to_owned(),
                    },
                });
            }
            blocks.push(heading(number, 2, name));
        } else if is_note_heading(line) {
            blocks.push(heading(number, 4, line));
        } else if let Some(item) = list_item(line) {
            blocks.push(Block {
                line: number,
                kind: BlockKind::ListItem {
                    text: item.to_owned(),
                },
            });
        } else {
            blocks.push(Block {
                line: number,
                kind: BlockKind::Paragraph {
                    text: line.to_owned(),
                },
            });
        }
        i += 1;
    }
    Page {
        blocks,
        ..Page::default()
    }
}

fn heading(line: u32, level: u8, text: &str) -> Block {
    Block {
        line,
        kind: BlockKind::Heading {
            level,
            text: text.trim().to_owned(),
        },
    }
}

/// The names listed under "Available Features", as a set: every line of the page is looked
/// up, and a page may list thousands of features.
#[derive(Default)]
struct Listed<'a> {
    names: HashSet<&'a str>,
    /// The distinct lengths of the names, longest first.
    lengths: Vec<usize>,
}

impl<'a> Listed<'a> {
    fn new(names: impl Iterator<Item = &'a str>) -> Self {
        let names: HashSet<&str> = names.collect();
        let mut lengths: Vec<usize> = names.iter().map(|n| n.len()).collect();
        lengths.sort_unstable_by(|a, b| b.cmp(a));
        lengths.dedup();
        Self { names, lengths }
    }

    fn contains(&self, line: &str) -> bool {
        self.names.contains(line)
    }

    /// The longest listed name `line` ends with.
    fn longest_suffix_of<'l>(&self, line: &'l str) -> Option<&'l str> {
        self.lengths
            .iter()
            .filter(|&&len| len <= line.len() && line.is_char_boundary(line.len() - len))
            .map(|&len| &line[line.len() - len..])
            .find(|suffix| self.names.contains(suffix))
    }
}

fn available_features<'a>(lines: &[(u32, &'a str)]) -> Listed<'a> {
    let Some(start) = lines
        .iter()
        .position(|(_, l)| l.trim().eq_ignore_ascii_case("available features"))
    else {
        return Listed::default();
    };
    Listed::new(
        lines[start + 1..]
            .iter()
            .map(|(_, l)| l.trim())
            .take_while(|l| list_item(l).is_some())
            .filter_map(list_item),
    )
}

fn next_non_blank<'a>(lines: &[(u32, &'a str)], from: usize) -> Option<&'a str> {
    lines
        .get(from..)?
        .iter()
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty())
}

/// `Info Updates` and `Events` lines.
pub fn is_section_heading(line: &str) -> bool {
    let line = line.trim().trim_end_matches(':');
    line.eq_ignore_ascii_case("info updates") || line.eq_ignore_ascii_case("events")
}

/// Splits a feature heading off its line: the line is a listed feature, or it is directly
/// followed by `Info Updates`/`Events` and ends in a single word (possibly glued to the end of
/// the sentence before it). Returns the prose before the name and the name.
fn feature_heading<'a>(
    line: &'a str,
    features: &Listed<'_>,
    next_is_section: bool,
) -> Option<(&'a str, &'a str)> {
    if features.contains(line) {
        return Some(("", line));
    }
    if !next_is_section {
        return None;
    }
    if is_identifier(line) {
        return Some(("", line));
    }
    // Glued: "Currently this event is NOT supported.hero_buyback_info_changed".
    let name = match features.longest_suffix_of(line) {
        Some(name) => name,
        None => {
            let start = line
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(0, |p| {
                    p + line[p..].chars().next().map_or(1, char::len_utf8)
                });
            &line[start..]
        }
    };
    let prose = line[..line.len() - name.len()].trim_end();
    let glued_after_sentence = prose.ends_with(['.', '!', '?', ')', ':']);
    (is_identifier(name) && (prose.is_empty() || glued_after_sentence)).then_some((prose, name))
}

fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && text.chars().any(|c| c.is_alphabetic())
}

/// `roster_XX notes`, `gep_internal note`, `match_start note:`.
fn is_note_heading(line: &str) -> bool {
    let line = line.trim_end_matches(':').trim_end();
    let Some(name) = line
        .strip_suffix(" notes")
        .or_else(|| line.strip_suffix(" note"))
        .or_else(|| line.strip_suffix(" Notes"))
        .or_else(|| line.strip_suffix(" Note"))
    else {
        return false;
    };
    let name = name.trim().trim_matches(['"', '*', '`']);
    !name.is_empty() && !name.contains(char::is_whitespace)
}

/// The text of a `- item`, `* item` or `• item` line.
fn list_item(line: &str) -> Option<&str> {
    ["- ", "* ", "• ", "– "]
        .iter()
        .find_map(|marker| line.strip_prefix(marker))
        .map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::super::parse_page;
    use super::*;

    fn blocks(text: &str) -> Vec<Block> {
        parse_page(text, "page.txt").blocks
    }

    #[test]
    fn recognises_a_glued_feature_heading() {
        let b = blocks("Available Features\n- hero_respawned\n- hero_buyback_info_changed\nhero_respawned note\nCurrently this event is NOT supported.hero_buyback_info_changed\nEvents\n");
        let texts: Vec<_> = b.iter().map(|b| (&b.kind, b.line)).collect();
        assert!(texts.contains(&(
            &BlockKind::Paragraph {
                text: "Currently this event is NOT supported.".into()
            },
            5
        )));
        assert!(texts.contains(&(
            &BlockKind::Heading {
                level: 2,
                text: "hero_buyback_info_changed".into()
            },
            5
        )));
        assert!(texts.contains(&(
            &BlockKind::Heading {
                level: 3,
                text: "Events".into()
            },
            6
        )));
    }

    #[test]
    fn an_unlisted_word_before_info_updates_is_a_feature() {
        let b = blocks("Available Features\n- me\nsecret_feature\nInfo Updates\n");
        assert!(b.iter().any(|b| b.kind
            == BlockKind::Heading {
                level: 2,
                text: "secret_feature".into()
            }));
    }

    #[test]
    fn prose_before_events_is_not_a_feature() {
        let b = blocks("These are the events.\nEvents\n");
        assert!(matches!(b[0].kind, BlockKind::Paragraph { .. }));
    }

    #[test]
    fn multi_line_example_is_one_block() {
        let b = blocks("x note\n{\n  \"a\": 1\n}\n{\"b\":2}\nafter\n");
        assert_eq!(
            b[1],
            Block {
                line: 2,
                kind: BlockKind::Code {
                    text: "{\n  \"a\": 1\n}\n{\"b\":2}".into()
                }
            }
        );
        assert!(matches!(b[2].kind, BlockKind::Paragraph { .. }));
    }

    #[test]
    fn note_headings() {
        assert!(is_note_heading("roster_XX notes"));
        assert!(is_note_heading("gep_internal note"));
        assert!(is_note_heading("match_start note:"));
        assert!(!is_note_heading("This is an important note"));
    }
}
