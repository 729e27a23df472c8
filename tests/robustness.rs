//! Random edits of real pages never make the parser panic, never leave a table row
//! unaccounted for, and never lose a row that the edit did not touch.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::sync::OnceLock;

use proptest::prelude::*;

use gepgen::ir::GameIr;
use gepgen::pipeline::{page_to_ir, RowAccount};

/// The tracked pages (one of each format), then the newest version of every corpus game: the
/// corpus adds MDX, HTML inside cells, tabs and shifted rows. Read once for all cases; without
/// the corpus, the tracked pages alone (said once, see `common::data`).
fn pages() -> &'static [(String, String)] {
    static PAGES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let mut pages: Vec<(String, String)> =
            fs::read_dir(common::project_root().join("spec/docs"))
                .unwrap()
                .map(|e| {
                    let path = e.unwrap().path();
                    (
                        path.file_name().unwrap().to_string_lossy().into_owned(),
                        fs::read_to_string(&path).unwrap(),
                    )
                })
                .collect();
        pages.sort();
        let corpus =
            common::corpus("robustness over the corpus pages (the tracked pages still run)");
        for versions in corpus.into_iter().flat_map(|c| c.into_values()) {
            let newest = versions.last().expect("a game has pages");
            pages.push((
                newest.to_string_lossy().into_owned(),
                fs::read_to_string(newest).unwrap(),
            ));
        }
        pages
    })
}

/// (feature, entry name, line) of every table entry.
fn entries(ir: &GameIr) -> BTreeSet<(String, String, u32)> {
    ir.features
        .iter()
        .flat_map(|f| {
            let infos = f
                .info_updates
                .iter()
                .map(|i| (f.name.clone(), i.key.clone(), i.line));
            let events = f
                .events
                .iter()
                .map(|e| (f.name.clone(), e.name.clone(), e.line));
            infos.chain(events)
        })
        .collect()
}

/// Parses without panicking and checks that every row is an entry or a row diagnostic.
fn parse_and_account(text: &str, path: &str) -> GameIr {
    let ir = page_to_ir(text, path, None);
    let account = RowAccount::of(text, path, &ir);
    assert!(account.is_complete(), "rows unaccounted for: {account:?}");
    ir
}

/// Entries on lines before `line - 1` must survive an edit at `line`: nothing before an
/// edit depends on it (a setext underline can change the line right above it).
fn assert_rows_before_kept(original: &GameIr, edited: &GameIr, line: u32) {
    let kept = entries(edited);
    for entry in entries(original)
        .into_iter()
        .filter(|(_, _, l)| *l + 1 < line)
    {
        assert!(
            kept.contains(&entry),
            "lost {entry:?} after an edit on line {line}"
        );
    }
}

fn line_of(text: &[u8], offset: usize) -> u32 {
    text[..offset].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

#[derive(Debug, Clone)]
enum Edit {
    Truncate(f64),
    FlipByte(f64, u8),
    DeletePipes(f64),
    InvalidUtf8(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Edit::Truncate),
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, b)| Edit::FlipByte(at, b)),
        (0.0..1.0f64).prop_map(Edit::DeletePipes),
        (0.0..1.0f64).prop_map(Edit::InvalidUtf8),
    ]
}

/// Applies an edit; returns the edited text (lossily decoded, as the binary does) and the
/// first line it touched.
fn apply(text: &str, edit: &Edit) -> (String, u32) {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return (String::new(), 1);
    }
    let at = |fraction: f64| {
        ((bytes.len() as f64 * fraction) as usize).min(bytes.len().saturating_sub(1))
    };
    let mut edited = bytes.to_vec();
    let line = match *edit {
        Edit::Truncate(f) => {
            edited.truncate(at(f));
            line_of(bytes, at(f))
        }
        Edit::FlipByte(f, b) => {
            edited[at(f)] = b;
            line_of(bytes, at(f))
        }
        Edit::InvalidUtf8(f) => {
            edited.splice(at(f)..at(f), [0xff, 0xc3]);
            line_of(bytes, at(f))
        }
        Edit::DeletePipes(f) => {
            let line = line_of(bytes, at(f));
            let mut current = 1;
            edited.retain(|&b| {
                if b == b'\n' {
                    current += 1;
                }
                !(b == b'|' && current == line)
            });
            line
        }
    };
    (String::from_utf8_lossy(&edited).into_owned(), line)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn local_edits_keep_the_rows_before_them(page in any::<usize>(), edit in edit()) {
        let pages = pages();
        let (name, text) = &pages[page % pages.len()];
        let original = page_to_ir(text, name, None);
        let (edited, line) = apply(text, &edit);
        let ir = parse_and_account(&edited, name);
        assert_rows_before_kept(&original, &ir, line);
    }

    #[test]
    fn shuffled_lines_never_panic(page in any::<usize>(), seed in any::<u64>()) {
        let pages = pages();
        let (name, text) = &pages[page % pages.len()];
        let mut lines: Vec<&str> = text.lines().collect();
        // A cheap deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..lines.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            lines.swap(i, (state % (i as u64 + 1)) as usize);
        }
        parse_and_account(&lines.join("\n"), name);
    }

    #[test]
    fn several_edits_at_once_keep_the_rows_before_them(
        page in any::<usize>(),
        edits in prop::collection::vec(edit(), 2..6),
        crlf in any::<bool>(),
    ) {
        let pages = pages();
        let (name, text) = &pages[page % pages.len()];
        let original = page_to_ir(text, name, None);
        let mut edited = text.clone();
        let mut first_line = u32::MAX;
        for edit in &edits {
            let (next, line) = apply(&edited, edit);
            edited = next;
            first_line = first_line.min(line);
        }
        if crlf {
            edited = edited.replace('\n', "\r\n");
        }
        let ir = parse_and_account(&edited, name);
        assert_rows_before_kept(&original, &ir, first_line);
    }
}

#[test]
fn crlf_line_endings_change_nothing() {
    for (name, text) in pages() {
        let crlf = text.replace('\n', "\r\n");
        let original = page_to_ir(text, name, None);
        let converted = parse_and_account(&crlf, name);
        assert_eq!(entries(&original), entries(&converted), "{name}");
        let since = |ir: &GameIr| {
            ir.features
                .iter()
                .flat_map(|f| f.info_updates.iter().map(|i| i.since.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(since(&original), since(&converted), "{name}");
    }
}
