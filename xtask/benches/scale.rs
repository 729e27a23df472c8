//! Scale: how `page_to_ir` time grows with the input, on synthetic pages built from real ones.
//!
//! Each pair differs tenfold in size, so a linear parser takes about ten times as long for the
//! second; criterion's throughput figure (bytes per second) should stay about the same within a
//! pair. The goal is at most 12x for 10x input.
//!
//! - `table/1000` vs `table/10000`: one Info Updates table with that many rows, each row with
//!   its own note holding a data example (World of Tanks' layout);
//! - `markdown/2MB` vs `markdown/20MB`: the World of Tanks page repeated with every feature, key
//!   and event renamed per copy, all copies listed under Available Features;
//! - `text/2MB` vs `text/20MB`: the same with the flattened-text Apex Legends page.
//!
//! Run with `cargo bench --bench scale` (about two minutes) and compare the two times of each
//! group. To measure peak memory, have the bench write its pages, then parse one with the
//! binary and read "Maximum resident set size":
//!
//! ```text
//! GEPGEN_SCALE_PAGES=/tmp/scale cargo bench --bench scale -- --test
//! cargo build --release -p xtask
//! /usr/bin/time -v ${CARGO_TARGET_DIR:-target}/release/xtask parse /tmp/scale/markdown-20MB.md > /dev/null
//! ```

use std::collections::HashSet;
use std::fmt::Write;
use std::fs;
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use gepgen::pipeline::page_to_ir;

// The allocator the `xtask` binary runs with, set up the same way, so the figures are the tool's.
#[global_allocator]
static GLOBAL: gepgen::allocator::Allocator = gepgen::allocator::Allocator;

const MB: usize = 1 << 20;

/// One feature whose Info Updates table has `rows` rows, each with a note and an example.
fn table_page(rows: usize) -> String {
    let mut page = String::from(
        "---\nid: overwolf-games-events-scale\ntitle: Scale Game Events\n---\n\n## Available Features\n\n* [big](#big)\n\n## `big`\n\n### Info Updates\n\nkey | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n",
    );
    for i in 0..rows {
        writeln!(
            page,
            "key_{i} | big | Value number {i} of the table | See [notes](#key_{i}-note) | 143.0 |"
        )
        .unwrap();
    }
    for i in 0..rows {
        write!(
            page,
            "\n#### *key_{i}* note\n\nData Example:\n\n```json\n{{\"feature\":\"big\",\"category\":\"big\",\"key\":\"key_{i}\",\"value\":\"{{\"x\":\"{i}\",\"y\":\"305\"}}\"}}\n```\n"
        )
        .unwrap();
    }
    page
}

/// Words of the JSON envelopes, which must survive renaming for examples to stay examples.
const ENVELOPE_WORDS: [&str; 8] = [
    "name", "data", "info", "feature", "events", "category", "key", "value",
];

/// `page` repeated until it is about `size` bytes: the text before the first feature section
/// once, then the rest once per copy with every feature, key and event name suffixed with the
/// copy's number; list items naming a feature are repeated for every copy.
fn repeated_page(page: &str, path: &str, size: usize) -> String {
    let ir = page_to_ir(page, path, None);
    let mut names: HashSet<&str> = HashSet::new();
    for feature in &ir.features {
        names.insert(&feature.name);
        names.extend(feature.info_updates.iter().map(|i| i.key.as_str()));
        names.extend(feature.events.iter().map(|e| e.name.as_str()));
    }
    for word in ENVELOPE_WORDS {
        names.remove(word);
    }
    let features: HashSet<&str> = ir.features.iter().map(|f| f.name.as_str()).collect();
    let first_section = ir
        .features
        .iter()
        .filter_map(|f| f.line)
        .min()
        .expect("the page has feature sections") as usize;
    let lines: Vec<&str> = page.lines().collect();
    let (head, body) = lines.split_at(first_section - 1);
    let body = body.join("\n") + "\n";
    let copies = size.div_ceil(body.len()).max(1);

    let mut out = String::with_capacity(size + page.len());
    for line in head {
        let names_a_feature = is_list_item(line) && words(line).any(|w| features.contains(w));
        if names_a_feature {
            for copy in 0..copies {
                out.push_str(&renamed(line, &names, copy));
                out.push('\n');
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    for copy in 0..copies {
        out.push_str(&renamed(&body, &names, copy));
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("* ") || line.starts_with("- ")
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// `text` with each whole word in `names` suffixed `_<copy>`.
fn renamed(text: &str, names: &HashSet<&str>, copy: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while !rest.is_empty() {
        let split = rest
            .find(|c: char| is_word_char(c) != rest.starts_with(is_word_char))
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at(split);
        out.push_str(run);
        if names.contains(run) {
            write!(out, "_{copy}").unwrap();
        }
        rest = after;
    }
    out
}

fn spec_doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/docs")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every page measured, with its name and the path that selects its format.
fn pages() -> Vec<(String, &'static str, String)> {
    let wot = spec_doc("world-of-tanks.md");
    let apex = spec_doc("apex-legends.txt");
    let mut pages = Vec::new();
    for rows in [1_000, 10_000] {
        pages.push((format!("table-{rows}"), "scale.md", table_page(rows)));
    }
    for mb in [2, 20] {
        pages.push((
            format!("markdown-{mb}MB"),
            "scale.md",
            repeated_page(&wot, "world-of-tanks.md", mb * MB),
        ));
    }
    for mb in [2, 20] {
        pages.push((
            format!("text-{mb}MB"),
            "scale.txt",
            repeated_page(&apex, "apex-legends.txt", mb * MB),
        ));
    }
    pages
}

fn bench(c: &mut Criterion) {
    gepgen::allocator::keep_freed_memory();
    let pages = pages();
    if let Some(dir) = std::env::var_os("GEPGEN_SCALE_PAGES") {
        fs::create_dir_all(&dir).expect("GEPGEN_SCALE_PAGES directory");
        for (name, path, text) in &pages {
            let extension = Path::new(path).extension().unwrap().to_str().unwrap();
            fs::write(Path::new(&dir).join(format!("{name}.{extension}")), text).unwrap();
        }
    }
    for (group_name, members) in [
        ("table", &pages[0..2]),
        ("markdown", &pages[2..4]),
        ("text", &pages[4..6]),
    ] {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(10);
        for (name, path, text) in members {
            let size = name.trim_start_matches(group_name).trim_start_matches('-');
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(size), text, |b, text| {
                b.iter(|| page_to_ir(black_box(text), path, None).features.len())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
