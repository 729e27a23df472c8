//! The corpus pages the benchmarks read, from `../shared/corpus` beside the checkout.

use std::fs;
use std::path::Path;

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
