//! Tracking a game as a maintainer does it: `cargo xtask add`, then regen, with messages that
//! name the entry, the file and the line.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run xtask")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A small page that states its game id, with one row too short.
const PAGE: &str = "---\nid: game\ntitle: Fishing Game Events\n---\n\n:::important Game ID\n4040\n:::\n\n## Available Features\n\n* [match_info](#match_info)\n\n## `match_info`\n\n### Info Updates\n\nkey | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\nbait | match_info | worm/fly | | 1.0 |\nrod | match_info |\n";

fn project(games_toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("spec/docs")).unwrap();
    fs::write(dir.path().join("spec/games.toml"), games_toml).unwrap();
    dir
}

#[test]
fn add_vendors_the_page_adds_the_entry_and_regens() {
    let dir = project("# tracked games\n");
    let page = dir.path().join("Fishing Game.md");
    fs::write(&page, PAGE).unwrap();
    let run = xtask(
        dir.path(),
        &["add", page.to_str().unwrap(), "--slug", "fishing"],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        fs::read_to_string(dir.path().join("spec/docs/fishing.md")).unwrap(),
        PAGE
    );
    let games = fs::read_to_string(dir.path().join("spec/games.toml")).unwrap();
    assert!(games.starts_with("# tracked games\n"), "{games}");
    assert!(
        games.contains(
            "slug = \"fishing\"\ntitle = \"Fishing\"\nid = 4040\nsource = \"fishing.md\""
        ),
        "{games}"
    );
    for output in [
        "spec/fishing.yaml",
        "generated/rust/src/fishing.rs",
        "generated/schema/fishing.schema.json",
        "generated/ts/fishing.d.ts",
    ] {
        assert!(dir.path().join(output).is_file(), "{output}");
    }
    let told = stderr(&run);
    assert!(
        told.contains("spec/docs/fishing.md:21: warning short-row:"),
        "{told}"
    );
    assert!(told.contains("cargo insta review"), "{told}");
    // The same slug again is refused before anything is written.
    let again = xtask(
        dir.path(),
        &["add", page.to_str().unwrap(), "--slug", "fishing"],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("game `fishing` is listed twice"),
        "{}",
        stderr(&again)
    );
    // An id that contradicts the page is refused.
    let wrong = xtask(
        dir.path(),
        &[
            "add",
            page.to_str().unwrap(),
            "--slug",
            "other",
            "--id",
            "1",
        ],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr(&wrong).contains("the page states game id 4040, not 1"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn regen_prints_each_finding_with_file_and_line_and_quiet_only_counts() {
    let dir = project(
        "[[game]]\nslug = \"fishing\"\ntitle = \"Fishing\"\nid = 4040\nsource = \"fishing.md\"\n",
    );
    fs::write(dir.path().join("spec/docs/fishing.md"), PAGE).unwrap();
    let loud = xtask(dir.path(), &["regen"]);
    assert!(loud.status.success(), "{}", stderr(&loud));
    let lines: Vec<String> = stderr(&loud).lines().map(str::to_owned).collect();
    assert!(
        lines
            .iter()
            .any(|l| l
                .starts_with("spec/docs/fishing.md:21: warning short-row: row `rod` has 2 cells")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(
            |l| l.starts_with("spec/docs/fishing.md: 0 error(s), 1 warning(s)")
                && l.ends_with("in spec/fishing.yaml")
        ),
        "{lines:#?}"
    );
    let quiet = xtask(dir.path(), &["regen", "--quiet"]);
    assert!(!stderr(&quiet).contains("short-row"), "{}", stderr(&quiet));
}

#[test]
fn games_toml_problems_name_the_entry_and_the_fix() {
    for (games, message) in [
        (
            "[[game]]\nslug = \"a\"\ntitle = \"A\"\nsource = \"a.md\"\n[[game]]\nslug = \"a\"\ntitle = \"A\"\nsource = \"b.md\"\n",
            "game `a` is listed twice",
        ),
        (
            "[[game]]\nslug = \"a\"\ntitle = \"A\"\nsource = \"a.md\"\n[[game]]\nslug = \"b\"\ntitle = \"B\"\nsource = \"a.md\"\n",
            "games `a` and `b` both read spec/docs/a.md",
        ),
        (
            "[[game]]\nslug = \"Apex_Legends\"\ntitle = \"A\"\nsource = \"a.md\"\n",
            "(e.g. `apex-legends`)",
        ),
        (
            "[[game]]\nslug = \"a\"\ntitle = \"A\"\nsource = \"missing.md\"\n",
            "(game `a` in spec/games.toml)",
        ),
    ] {
        let dir = project(games);
        fs::write(dir.path().join("spec/docs/a.md"), PAGE).unwrap();
        let run = xtask(dir.path(), &["regen"]);
        assert_eq!(run.status.code(), Some(1), "{games}");
        assert!(stderr(&run).contains(message), "{games}\n{}", stderr(&run));
        assert!(!dir.path().join("generated").exists(), "nothing written for {games}");
    }
}

#[test]
fn a_binary_file_is_no_page() {
    let dir = project("");
    let binary = dir.path().join("tool");
    fs::write(&binary, b"\x7fELF\x02\x01\x01\x00\x00\x00").unwrap();
    let run = xtask(dir.path(), &["parse", binary.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("a binary file"), "{}", stderr(&run));
    assert!(run.stdout.is_empty());
}

#[test]
fn an_id_that_disagrees_with_the_page_names_the_entry_and_the_fix() {
    let dir = project(
        "[[game]]\nslug = \"fishing\"\ntitle = \"Fishing\"\nid = 77\nsource = \"fishing.md\"\n",
    );
    fs::write(dir.path().join("spec/docs/fishing.md"), PAGE).unwrap();
    let run = xtask(dir.path(), &["regen"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("spec/docs/fishing.md:7: warning game-id-mismatch: the page states game id 4040, game `fishing` in spec/games.toml says 77; the page wins: set `id = 4040` there if the page is right"),
        "{}",
        stderr(&run)
    );
}
