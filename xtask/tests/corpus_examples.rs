//! Every data example of the real corpus (`$GEPGEN_DATA/corpus`, by default ../shared/corpus;
//! skipped when absent) through the lenient reader.
//!
//! Example blocks are found crudely, independently of the page parser: the content of each
//! code fence that has a line starting with `{"`, and each bare line outside fences that starts
//! with `{"` (with the lines that follow while its brackets are open). The snapshot pins how
//! many examples are valid, repaired, literal and unreadable, so any change in the reader's
//! reach shows up in review; the bound makes a regression fail outright.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

#[path = "../../tests/common/mod.rs"]
mod common;

use gepgen::examples::read_examples;
use gepgen::ir::ExampleStatus;
use serde::Serialize;

/// Unreadable examples allowed (measured: 51 of 24,179; excerpts whose `...` jumps across
/// brackets are read since, the rest are one-off slips and cut documents).
const MAX_UNREADABLE: usize = 60;

/// The corpus's pages; `None` when it is absent (the test is skipped, see `common::data`).
fn pages() -> Option<Vec<PathBuf>> {
    let dir = common::data("corpus", "corpus_examples")?;
    let mut pages = Vec::new();
    for game in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let game = game.unwrap().path();
        if !game.is_dir() {
            continue;
        }
        for page in fs::read_dir(&game).unwrap() {
            let page = page.unwrap().path();
            if matches!(
                page.extension().and_then(|e| e.to_str()),
                Some("md" | "mdx")
            ) {
                pages.push(page);
            }
        }
    }
    pages.sort();
    Some(pages)
}

/// A run of example text and the page line it starts on.
struct Block {
    line: u32,
    text: String,
    /// Lines in it that start with `{"`.
    example_lines: usize,
}

/// Starts with `{"`, possibly inside an inline code span.
fn is_example_line(line: &str) -> bool {
    line.trim_start().trim_start_matches('`').starts_with("{\"")
}

fn bracket_balance(line: &str) -> i64 {
    line.bytes()
        .map(|b| match b {
            b'{' | b'[' => 1,
            b'}' | b']' => -1,
            _ => 0,
        })
        .sum()
}

fn blocks(page: &str) -> Vec<Block> {
    let lines: Vec<&str> = page.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        let (start, end, next) = if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let close = (i + 1..lines.len())
                .find(|&j| {
                    let t = lines[j].trim_start();
                    t.starts_with("```") || t.starts_with("~~~")
                })
                .unwrap_or(lines.len());
            (i + 1, close, close + 1)
        } else if is_example_line(trimmed) {
            let mut end = i + 1;
            let mut depth = bracket_balance(trimmed);
            while depth > 0 && end < lines.len() && end - i < 60 && !lines[end].trim().is_empty() {
                depth += bracket_balance(lines[end]);
                end += 1;
            }
            (i, end, end)
        } else {
            i += 1;
            continue;
        };
        let content = &lines[start..end.min(lines.len())];
        let example_lines = content.iter().filter(|l| is_example_line(l)).count();
        if example_lines > 0 {
            blocks.push(Block {
                line: u32::try_from(start + 1).unwrap(),
                text: content.join("\n"),
                example_lines,
            });
        }
        i = next;
    }
    blocks
}

#[derive(Debug, Default, Serialize)]
struct Totals {
    pages: usize,
    blocks: usize,
    example_lines: usize,
    examples: usize,
    valid: usize,
    repaired: usize,
    excerpt: usize,
    literal: usize,
    structure: usize,
    unreadable: usize,
}

#[test]
fn corpus_examples() {
    let Some(pages) = pages() else {
        return;
    };
    assert_eq!(pages.len(), 1082, "corpus size");
    let mut totals = Totals {
        pages: pages.len(),
        ..Totals::default()
    };
    let mut unreadable: BTreeMap<String, usize> = BTreeMap::new();
    for path in &pages {
        let page = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for block in blocks(&page) {
            totals.blocks += 1;
            totals.example_lines += block.example_lines;
            let block_lines = u32::try_from(block.text.lines().count()).unwrap();
            let (examples, diagnostics) = read_examples(&block.text, block.line);
            for example in &examples {
                assert!(
                    (block.line..block.line + block_lines.max(1)).contains(&example.line),
                    "{}: example line {} outside its block at {}",
                    path.display(),
                    example.line,
                    block.line
                );
                assert_eq!(
                    example.payloads.is_empty(),
                    example.status == ExampleStatus::Unreadable
                );
                totals.examples += 1;
                match example.status {
                    ExampleStatus::Valid => totals.valid += 1,
                    ExampleStatus::Repaired => totals.repaired += 1,
                    ExampleStatus::Excerpt => totals.excerpt += 1,
                    ExampleStatus::Literal => totals.literal += 1,
                    ExampleStatus::Structure => totals.structure += 1,
                    ExampleStatus::Element => {
                        panic!("{}: reading a block never makes an item", path.display())
                    }
                    ExampleStatus::Unreadable => {
                        totals.unreadable += 1;
                        *unreadable.entry(example.raw.clone()).or_default() += 1;
                    }
                }
            }
            let flagged = examples
                .iter()
                .filter(|e| {
                    matches!(
                        e.status,
                        ExampleStatus::Repaired
                            | ExampleStatus::Excerpt
                            | ExampleStatus::Structure
                            | ExampleStatus::Unreadable
                    )
                })
                .map(|e| e.line)
                .collect::<BTreeSet<_>>();
            let diagnosed = diagnostics
                .iter()
                .filter_map(|d| d.line)
                .collect::<BTreeSet<_>>();
            assert_eq!(
                flagged,
                diagnosed,
                "{}: a repaired, structure or unreadable example without its diagnostic",
                path.display()
            );
        }
    }
    let mut worst: Vec<(usize, String)> = unreadable.into_iter().map(|(raw, n)| (n, raw)).collect();
    worst.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let worst: Vec<String> = worst
        .iter()
        .take(15)
        .map(|(n, raw)| format!("{n:>4} × {}", raw.chars().take(160).collect::<String>()))
        .collect();
    assert!(
        totals.unreadable <= MAX_UNREADABLE,
        "{} of {} examples unreadable; most frequent:\n{}",
        totals.unreadable,
        totals.examples,
        worst.join("\n")
    );
    insta::assert_yaml_snapshot!("totals", totals);
}
