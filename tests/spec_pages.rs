//! The IR of every tracked page as a snapshot, and the freshness of spec/ and generated/.

mod common;

use std::fs;

use gepgen::games::GamesToml;
use gepgen::pipeline::page_to_ir;
use gepgen::regen;

/// One snapshot per page in spec/docs: a docs update shows up as a reviewable IR diff.
#[test]
fn ir_of_every_tracked_page() {
    let games = common::games();
    insta::glob!("../spec/docs", "*.*", |path| {
        let name = path.file_name().unwrap().to_string_lossy();
        let entry = games.by_source(&name);
        assert!(
            entry.is_some(),
            "{name} is in spec/docs but not in spec/games.toml"
        );
        let text = fs::read_to_string(path).unwrap();
        let ir = page_to_ir(&text, &format!("spec/docs/{name}"), entry);
        insta::assert_yaml_snapshot!(ir);
    });
}

/// Like rust-analyzer's codegen tests: fails when someone edited a page or the generator
/// and did not run regen.
#[test]
fn generated_files_are_fresh() {
    let games = common::games();
    let pages = common::tracked_pages(&games);
    let root = common::project_root();
    let stale: Vec<String> = regen::plan(&regen::read_pages(&pages))
        .unwrap()
        .into_iter()
        .filter(|file| {
            fs::read_to_string(root.join(&file.path)).ok().as_deref() != Some(&*file.contents)
        })
        .map(|file| file.path)
        .collect();
    assert!(
        stale.is_empty(),
        "stale files: {stale:?}; run `cargo xtask regen` and commit the result"
    );
}

#[test]
fn regen_is_deterministic() {
    let games = common::games();
    let pages = common::tracked_pages(&games);
    assert_eq!(
        regen::plan(&regen::read_pages(&pages)).unwrap(),
        regen::plan(&regen::read_pages(&pages)).unwrap()
    );
}

/// `spec/games.toml` and `spec/docs` agree: each page is tracked once, each game's page is
/// there, and each game has its reviewed IR.
#[test]
fn games_toml_names_every_vendored_page() {
    let games: GamesToml = common::games();
    let root = common::project_root();
    let mut sources: Vec<&str> = games.games.iter().map(|g| g.source.as_str()).collect();
    sources.sort_unstable();
    let mut pages: Vec<String> = fs::read_dir(root.join("spec/docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort_unstable();
    assert_eq!(sources, pages, "spec/games.toml sources against spec/docs");
    for game in &games.games {
        let ir = root.join(format!("spec/{}.yaml", game.slug));
        assert!(ir.is_file(), "{}: run `cargo xtask regen`", ir.display());
    }
}
