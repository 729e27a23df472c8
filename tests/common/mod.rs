//! Helpers shared by the integration tests: where things are, and reading them.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use gepgen::games::GamesToml;
use gepgen::ir::GameIr;
use gepgen::overrides::Overrides;
use gepgen::pipeline::page_to_ir;
use gepgen::regen::TrackedPage;

pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is one level below the root")
        .to_path_buf()
}

/// `../shared`, beside the checkout, where CI puts the seeds and the corpus.
pub fn shared_dir() -> PathBuf {
    project_root().join("../shared")
}

pub fn games() -> GamesToml {
    let text = fs::read_to_string(project_root().join("spec/games.toml")).expect("spec/games.toml");
    GamesToml::parse(&text).expect("valid games.toml")
}

/// The tracked pages, read from spec/docs, with their spec/overrides files.
pub fn tracked_pages(games: &GamesToml) -> Vec<TrackedPage<'_>> {
    games
        .games
        .iter()
        .map(|entry| TrackedPage {
            entry,
            text: fs::read_to_string(project_root().join("spec/docs").join(&entry.source))
                .expect("tracked page"),
            overrides: overrides(&entry.slug),
        })
        .collect()
}

/// The corrections in spec/overrides/<slug>.yaml, if the game has the file.
pub fn overrides(slug: &str) -> Option<Overrides> {
    let path = project_root().join(format!("spec/overrides/{slug}.yaml"));
    let text = fs::read_to_string(&path).ok()?;
    Some(Overrides::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The IR of a tracked page, by slug.
pub fn tracked_ir(slug: &str) -> GameIr {
    let games = games();
    let entry = games
        .games
        .iter()
        .find(|g| g.slug == slug)
        .expect("tracked slug");
    let text = fs::read_to_string(project_root().join("spec/docs").join(&entry.source)).unwrap();
    page_to_ir(&text, &format!("spec/docs/{}", entry.source), Some(entry))
}

/// The IR of a seed page in ../shared/seeds, by file-name prefix (`003`).
pub fn seed_ir(prefix: &str) -> GameIr {
    let dir = shared_dir().join("seeds");
    let path = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .expect("seed page");
    let text = fs::read_to_string(&path).unwrap();
    page_to_ir(&text, &path.to_string_lossy(), None)
}

/// Every game folder of `../shared/corpus`, its pages sorted by name (= by date).
pub fn corpus() -> BTreeMap<String, Vec<PathBuf>> {
    let dir = shared_dir().join("corpus");
    let mut games = BTreeMap::new();
    for game in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let game = game.unwrap().path();
        if !game.is_dir() {
            continue;
        }
        let mut pages: Vec<PathBuf> = fs::read_dir(&game)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "mdx")))
            .collect();
        pages.sort();
        games.insert(
            game.file_name().unwrap().to_string_lossy().into_owned(),
            pages,
        );
    }
    assert_eq!(games.len(), 31, "games in the corpus");
    games
}
