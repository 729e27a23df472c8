//! The generated crate and npm package as they are published: they stand alone, carry a
//! README, and list the games in one order.

mod common;

use std::fs;

fn read(path: &str) -> String {
    let path = common::project_root().join(path);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The tracked slugs, in the one order every output uses.
fn slugs() -> Vec<String> {
    let mut slugs: Vec<String> = common::games().games.into_iter().map(|g| g.slug).collect();
    slugs.sort();
    slugs
}

#[test]
fn the_crate_stands_alone_with_its_readme() {
    let manifest: toml::Table = read("generated/rust/Cargo.toml").parse().unwrap();
    let package = manifest["package"].as_table().unwrap();
    for field in ["edition", "license", "description", "readme"] {
        assert!(
            package[field].is_str(),
            "package.{field} is written out, not inherited"
        );
    }
    assert!(!package.contains_key("publish"), "the crate is publishable");
    for (name, dependency) in manifest["dependencies"].as_table().unwrap() {
        let inherits = dependency
            .as_table()
            .is_some_and(|d| d.contains_key("workspace"));
        assert!(!inherits, "dependency {name} must state its version");
    }
    let readme = read("generated/rust/README.md");
    for game in common::games().games {
        let module = game.slug.replace('-', "_");
        assert!(
            readme.contains(&format!("`{module}`")),
            "README lists {module}"
        );
    }
    assert!(readme.contains("## Versioning") && readme.contains("## Decoding rules"));
}

#[test]
fn the_npm_package_ships_its_readme() {
    let package: serde_json::Value =
        serde_json::from_str(&read("generated/ts/package.json")).unwrap();
    let files: Vec<&str> = package["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(files.contains(&"README.md"), "{files:?}");
    let readme = read("generated/ts/README.md");
    assert!(readme.contains(&format!(
        "npm install --save-dev {}",
        package["name"].as_str().unwrap()
    )));
}

#[test]
fn every_output_lists_the_games_in_slug_order() {
    let modules: Vec<String> = slugs().iter().map(|s| s.replace('-', "_")).collect();
    let lib = read("generated/rust/src/lib.rs");
    let in_crate: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .filter(|m| *m != "runtime")
        .collect();
    assert_eq!(in_crate, modules);
    let index = read("generated/ts/index.d.ts");
    let in_index: Vec<&str> = index
        .lines()
        .filter_map(|l| l.split("from \"./").nth(1)?.strip_suffix(".js\";"))
        .collect();
    assert_eq!(in_index, slugs());
    let readme = read("generated/rust/README.md");
    let in_readme: Vec<usize> = modules
        .iter()
        .map(|m| readme.find(&format!("| `{m}` |")).expect("listed"))
        .collect();
    assert!(
        in_readme.windows(2).all(|w| w[0] < w[1]),
        "README in slug order"
    );
}
