//! The synthetic pages the scale benchmarks read, built from the vendored docs: pairs that
//! differ tenfold in size.

use std::collections::HashSet;
use std::fmt::Write;
use std::fs;
use std::path::Path;

use gepgen::pipeline::page_to_ir;

/// A page measured: its name (`table-1000`), a path that selects its format, its text.
pub type Page = (String, &'static str, String);

const MB: usize = 1 << 20;

/// A page with one feature, `big`, up to the header of its Info Updates table.
const BIG_FEATURE: &str = "---\nid: overwolf-games-events-scale\ntitle: Scale Game Events\n---\n\n## Available Features\n\n* [big](#big)\n\n## `big`\n\n### Info Updates\n\nkey | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n";

/// One feature whose Info Updates table has `rows` rows, each with a note and an example.
fn table_page(rows: usize) -> String {
    let mut page = String::from(BIG_FEATURE);
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

/// One key with `notes` notes, each listing a possible value and showing it in an example:
/// the key's values and examples pile up, and each must be weighed once, not against all the
/// others.
fn notes_page(notes: usize) -> String {
    let mut page = String::from(BIG_FEATURE);
    page.push_str("state | big | The state | See [notes](#state-note) | 143.0 |\n");
    for i in 0..notes {
        write!(
            page,
            "\n#### *state* note\n\nPossible values:\n\n* `value_{i}` - Value number {i}\n\nData Example:\n\n```json\n{{\"info\":{{\"big\":{{\"state\":\"value_{i}\"}}}},\"feature\":\"big\"}}\n```\n"
        )
        .unwrap();
    }
    page
}

/// One key whose note has one example with `keys` keys in its `info` envelope: every key is a
/// payload of the same example, whose text must be kept once, not once per payload.
fn wide_example_page(keys: usize) -> String {
    let mut page = String::from(BIG_FEATURE);
    page.push_str("key_0 | big | The first key | See [notes](#key_0-note) | 143.0 |\n");
    page.push_str("\n#### *key_0* note\n\nData Example:\n\n```json\n{\"info\":{\"big\":{");
    for i in 0..keys {
        let comma = if i > 0 { "," } else { "" };
        write!(page, "{comma}\"key_{i}\":\"value number {i}\"").unwrap();
    }
    page.push_str("}},\"feature\":\"big\"}\n```\n");
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
pub fn pages() -> Vec<Page> {
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
    for notes in [1_000, 10_000] {
        pages.push((format!("notes-{notes}"), "scale.md", notes_page(notes)));
    }
    for keys in [1_000, 10_000] {
        pages.push((format!("keys-{keys}"), "scale.md", wide_example_page(keys)));
    }
    pages
}

/// The pages of [`pages`] by group: the group's name (`table`), its 1x page and its 10x page.
pub fn pairs(pages: &[Page]) -> Vec<(&str, [&Page; 2])> {
    (pages.chunks_exact(2))
        .map(|pair| {
            let name = &pair[0].0;
            (
                &name[..name.find('-').unwrap_or(name.len())],
                [&pair[0], &pair[1]],
            )
        })
        .collect()
}

/// Writes the pages to `GEPGEN_SCALE_PAGES`, when set, to measure peak memory with the binary.
pub fn write_if_asked(pages: &[Page]) {
    if let Some(dir) = std::env::var_os("GEPGEN_SCALE_PAGES") {
        fs::create_dir_all(&dir).expect("GEPGEN_SCALE_PAGES directory");
        for (name, path, text) in pages {
            let extension = Path::new(path).extension().unwrap().to_str().unwrap();
            fs::write(Path::new(&dir).join(format!("{name}.{extension}")), text).unwrap();
        }
    }
}
