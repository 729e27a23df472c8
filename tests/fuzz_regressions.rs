//! Inputs that once crashed or stalled the readers (found by the fuzz targets in `fuzz/`, or
//! built to hit a path that was quadratic) read quickly, without panicking, and with every
//! table row accounted for.
//!
//! Each file in `tests/fixtures/fuzz/` goes through the page pipeline as Markdown, MDX and
//! flattened text, and through the lenient JSON reader and the example splitter. A file named
//! `parse_page-*` is also replayed exactly as its fuzz target read it (first byte = format).

mod common;

use std::fs;
use std::time::{Duration, Instant};

use gepgen::examples::read_examples;
use gepgen::ir::{Evidence, GameIr};
use gepgen::lenient;
use gepgen::pipeline::{page_to_ir, RowAccount};

/// Far above what any of these inputs takes now, even unoptimised on a busy machine, and far
/// below what the slow ones took before their fix.
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// The paths the fuzz target picks from with the input's first byte.
const PATHS: [&str; 3] = ["page.md", "page.mdx", "page.txt"];

/// Reads a page, checking that every table row became an entry or a row diagnostic.
fn parse_and_account(text: &str, path: &str) -> GameIr {
    let ir = page_to_ir(text, path, None);
    let account = RowAccount::of(text, path, &ir);
    assert!(
        account.is_complete(),
        "{path}: table rows unaccounted for: {account:?}"
    );
    ir
}

fn read_leniently(text: &str) {
    if let Ok((_, used)) = lenient::parse_prefix(text) {
        assert!(
            text.is_char_boundary(used),
            "prefix ends inside a character"
        );
    }
    let _ = lenient::parse(text);
    let (examples, _) = read_examples(text, 1);
    for example in &examples {
        assert!(text.contains(example.raw.as_str()), "{:?}", example.raw);
    }
}

fn timed(name: &str, read: impl FnOnce()) {
    let start = Instant::now();
    read();
    let took = start.elapsed();
    assert!(took < TIME_LIMIT, "{name} took {took:?}");
}

#[test]
fn fuzz_findings_read_quickly_without_losing_rows() {
    let dir = common::project_root().join("tests/fixtures/fuzz");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fuzz regression inputs");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        timed(&name, || {
            for page in PATHS {
                parse_and_account(&text, page);
            }
            read_leniently(&text);
        });
        if let (true, Some((&selector, rest))) =
            (name.starts_with("parse_page-"), bytes.split_first())
        {
            let page = PATHS[usize::from(selector % 3)];
            timed(&name, || {
                parse_and_account(&String::from_utf8_lossy(rest), page);
            });
        }
    }
}

/// GFM keeps pipe-less lines inside a table, so a row followed by a long paragraph takes it
/// all in as continuation lines; joining them used to rescan the whole row for every line.
#[test]
fn a_row_continued_over_thousands_of_lines_reads_in_linear_time() {
    let lines = 20_000;
    let mut page = String::from(
        "## Available Features\n\n* big\n\n## big\n\n### Info Updates\n\nkey | Category | Values | Notes | Since |\n--- | --- | --- | --- | --- |\nscore | match_info | the score\n",
    );
    for i in 0..lines {
        page.push_str(&format!("word{i} of a paragraph with no pipe\n"));
    }
    timed("continued row", || {
        let ir = parse_and_account(&page, "page.md");
        let info = &ir.features[0].info_updates[0];
        assert_eq!(info.key, "score");
        assert!(info
            .description
            .ends_with(&format!("word{} of a paragraph with no pipe", lines - 1)));
    });
}

/// Many examples in one block: their lines are counted as the reading goes, not from the top
/// of the block for each.
#[test]
fn a_block_of_many_examples_reads_in_linear_time() {
    let examples = 20_000;
    let mut block = String::new();
    for i in 0..examples {
        block.push_str(&format!(
            "{{\"name\":\"kill\",\"data\":\"{{\"n\":{i}}}\"}}\n"
        ));
    }
    timed("example block", || {
        let (read, _) = read_examples(&block, 7);
        assert_eq!(read.len(), examples);
        assert_eq!(read[0].line, 7);
        assert_eq!(read[examples - 1].line, 7 + examples as u32 - 1);
    });
}

/// A page of `features` features, each listing a key family with an example of a member: the
/// same family everywhere (`roster_XX`), or one family per feature (`roster_XX_f<n>`).
fn family_page(features: usize, shared: bool) -> String {
    let mut page = String::from("## Available Features\n\n");
    for f in 0..features {
        page.push_str(&format!("* f{f}\n"));
    }
    for f in 0..features {
        let (family, member) = if shared {
            ("roster_XX".to_owned(), "roster_1".to_owned())
        } else {
            (format!("roster_XX_f{f}"), format!("roster_1_f{f}"))
        };
        page.push_str(&format!(
            "\n## f{f}\n\n### Info Updates\n\nkey | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n{family} | c | v | See notes | 1.0 |\n\n#### *{family}* note\n\nData Example:\n\n```json\n{{\"feature\":\"f{f}\",\"category\":\"c\",\"key\":\"{member}\",\"value\":\"{f}\"}}\n```\n"
        ));
    }
    page
}

/// A key family listed by thousands of features, each with an example of a member: finding
/// the family used to test every feature's member for every example. Timed against the same
/// page with a family per feature, so the machine's speed does not matter.
#[test]
fn a_key_family_in_thousands_of_features_routes_in_linear_time() {
    let features = 6_000;
    let time = |page: &str| {
        let start = Instant::now();
        let ir = parse_and_account(page, "page.md");
        let took = start.elapsed();
        assert_eq!(ir.features.len(), features);
        for feature in &ir.features {
            assert!(
                matches!(
                    feature.info_updates[0].value.evidence,
                    Evidence::Examples { .. }
                ),
                "{}: its example did not reach its family",
                feature.name
            );
        }
        took
    };
    let apart = time(&family_page(features, false));
    let shared = time(&family_page(features, true));
    assert!(
        shared < apart * 3 + Duration::from_millis(500),
        "one shared family took {shared:?}, a family per feature {apart:?}"
    );
}
