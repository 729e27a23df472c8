//! The corpus pages the benchmarks read, from `../shared/corpus` beside the checkout.

use std::fs;
use std::hint::black_box;
use std::path::Path;

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

use gepgen::pipeline::{page_to_ir, pages_to_ir, pages_to_ir_with, PageInput};

/// Every page of the corpus as (path, text), sorted by path.
pub fn pages() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let mut pages = Vec::new();
    for game in fs::read_dir(&dir).expect("../shared/corpus") {
        let game = game.unwrap().path();
        if !game.is_dir() {
            continue;
        }
        for page in fs::read_dir(&game).unwrap() {
            let path = page.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            pages.push((path.to_string_lossy().into_owned(), text));
        }
    }
    pages.sort();
    pages
}

/// The pages as inputs of [`gepgen::pipeline::pages_to_ir`], untracked.
pub fn inputs(pages: &[(String, String)]) -> Vec<PageInput<'_>> {
    pages
        .iter()
        .map(|(path, text)| PageInput {
            text,
            path,
            known: None,
        })
        .collect()
}

/// The baseline: pulldown-cmark's events for every page, on one core.
pub fn tokenize(pages: &[(String, String)]) -> usize {
    pages
        .iter()
        .map(|(_, text)| Parser::new_ext(black_box(text), Options::ENABLE_TABLES).count())
        .sum()
}

/// Every page to IR on one core, each IR freed before the next page.
pub fn page_by_page(pages: &[(String, String)]) -> usize {
    pages
        .iter()
        .map(|(path, text)| page_to_ir(black_box(text), path, None).features.len())
        .sum()
}

/// Every page to IR on all cores, as `xtask parse` reads them: each IR is used (here, its
/// features counted) and freed on the core that built it.
pub fn all_cores(inputs: &[PageInput<'_>]) -> usize {
    pages_to_ir_with(black_box(inputs), |_, ir| ir.features.len())
        .into_iter()
        .sum()
}

/// Every page to IR on all cores, the IRs of all of them kept until the end and freed then.
pub fn all_cores_kept(inputs: &[PageInput<'_>]) -> usize {
    let irs = pages_to_ir(black_box(inputs));
    let features = irs.iter().map(|ir| ir.features.len()).sum();
    // Freed on all cores too, as it was built: one thread freeing what two allocated took
    // 28 ms, twice what freeing on the allocating threads takes.
    irs.into_par_iter().for_each(drop);
    features
}
