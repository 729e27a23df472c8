//! The IR of every tracked page as a snapshot, and the freshness of spec/ and generated/.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

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
/// and did not run regen, naming what `cargo xtask check` names (files regen would rewrite,
/// and those it would delete), with the same comparison.
#[test]
fn generated_files_are_fresh() {
    let games = common::games();
    let pages = common::tracked_pages(&games);
    let plan = regen::plan(&regen::read_pages(&pages)).unwrap();
    let existing = files_regen_may_own(&common::project_root());
    let stale = regen::staleness(&plan, &existing);
    assert!(stale.is_empty(), "{}", stale.report());
}

/// The `*.yaml` directly in spec/ and every file below generated/ but build and package
/// directories, with their bytes, keyed by path relative to `root` with `/` separators: what
/// `cargo xtask check` reads.
fn files_regen_may_own(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut add = |path: &Path| {
        let relative = path.strip_prefix(root).unwrap();
        let relative: Vec<_> = relative.iter().map(|c| c.to_string_lossy()).collect();
        files.insert(relative.join("/"), fs::read(path).unwrap());
    };
    for entry in fs::read_dir(root.join("spec")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.extension().is_some_and(|e| e == "yaml") {
            add(&path);
        }
    }
    let mut dirs = vec![root.join("generated")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_dir() {
                add(&path);
            } else if !path.ends_with("node_modules") && !path.ends_with("target") {
                dirs.push(path);
            }
        }
    }
    files
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
