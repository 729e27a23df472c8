//! The whole corpus of real pages (`$GEPGEN_DATA/corpus`, by default ../shared/corpus; skipped
//! when absent): nothing panics, no table row is lost,
//! and a per-game summary snapshot makes any change in what the parser finds reviewable.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::fs;

use gepgen::ir::{ExampleStatus, GameIr};
use gepgen::pipeline::{page_to_ir, RowAccount};

#[derive(Default)]
struct Totals {
    pages: usize,
    rows: usize,
    entries: usize,
    examples: BTreeMap<ExampleStatus, usize>,
    diagnostics: BTreeMap<&'static str, usize>,
}

fn summarise(ir: &GameIr, totals: &mut Totals) -> String {
    let keys: usize = ir.features.iter().map(|f| f.info_updates.len()).sum();
    let events: usize = ir.features.iter().map(|f| f.events.len()).sum();
    let mut examples: BTreeMap<ExampleStatus, usize> = BTreeMap::new();
    for (_, _, example) in ir.examples() {
        *examples.entry(example.status).or_default() += 1;
    }
    let mut codes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for d in &ir.diagnostics {
        *codes.entry(d.code.as_str()).or_default() += 1;
    }
    for (status, n) in &examples {
        *totals.examples.entry(*status).or_default() += n;
    }
    for (code, n) in &codes {
        *totals.diagnostics.entry(code).or_default() += n;
    }
    let examples: Vec<String> = examples
        .iter()
        .map(|(s, n)| format!("{s:?} {n}").to_lowercase())
        .collect();
    let codes: Vec<String> = codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
    format!(
        "features {}, keys {keys}, events {events}; examples: {}; diagnostics: {}",
        ir.features.len(),
        if examples.is_empty() {
            "none".into()
        } else {
            examples.join(", ")
        },
        if codes.is_empty() {
            "none".into()
        } else {
            codes.join(", ")
        },
    )
}

#[test]
fn every_corpus_page_parses_and_keeps_every_row() {
    let Some(corpus) = common::corpus("every_corpus_page_parses_and_keeps_every_row") else {
        return;
    };
    let mut totals = Totals::default();
    let mut lost = Vec::new();
    for (game, pages) in corpus {
        let mut summary = String::new();
        for path in pages {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap();
            let ir = std::panic::catch_unwind(|| page_to_ir(&text, &path.to_string_lossy(), None))
                .unwrap_or_else(|_| panic!("parser panicked on {}", path.display()));

            let RowAccount {
                rows,
                entries,
                row_diagnostics,
            } = RowAccount::of(&text, &path.to_string_lossy(), &ir);
            if entries + row_diagnostics != rows {
                lost.push(format!(
                    "{}: {rows} rows, {entries} entries, {row_diagnostics} row diagnostics",
                    path.display()
                ));
            }
            totals.pages += 1;
            totals.rows += rows;
            totals.entries += entries;
            writeln!(summary, "{name}: {}", summarise(&ir, &mut totals)).unwrap();
        }
        insta::assert_snapshot!(format!("corpus_{game}"), summary);
    }
    assert!(
        lost.is_empty(),
        "rows neither entries nor diagnostics:\n{}",
        lost.join("\n")
    );
    let Totals {
        pages,
        rows,
        entries,
        examples,
        diagnostics,
    } = totals;
    let mut report = format!("pages {pages}\ntable rows {rows}\nentries {entries}\nexamples:\n");
    for (status, n) in examples {
        writeln!(report, "  {}: {n}", format!("{status:?}").to_lowercase()).unwrap();
    }
    report.push_str("diagnostics:\n");
    for (code, n) in diagnostics {
        writeln!(report, "  {code}: {n}").unwrap();
    }
    insta::assert_snapshot!("corpus_totals", report);
}
