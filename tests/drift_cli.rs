//! `cargo xtask diff` and `cargo xtask history` as a user runs them, and overrides as regen
//! and parse apply them: exit statuses, bad input, and the reviewed output.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn seed(prefix: &str) -> String {
    common::seed_path(prefix).to_string_lossy().into_owned()
}

/// A small Markdown page of a made-up game with these Info Updates rows.
fn page(rows: &str) -> String {
    format!(
        "---\nid: overwolf-games-events-testgame\ntitle: Testgame Game events\n---\n\n## Available Features\n\n* `match_info`\n\n## `match_info`\n\n### Info Updates\n\nkey | Category | Values | Notes | Since GEP Ver.\n--- | --- | --- | --- | ---\n{rows}"
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn diff_of_the_apex_seeds_is_breaking_and_fails_ci_on_request() {
    let (old, new) = (seed("003"), seed("001"));
    let output = xtask(&["diff", &old, &new]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    let summary = report.lines().next().unwrap();
    assert!(summary.starts_with("apex-legends: "), "{summary}");
    assert!(summary.contains(" → major"), "{summary}");
    assert!(report.find("## Breaking").unwrap() < report.find("## Additive").unwrap());

    let failed = xtask(&["diff", "--fail-on", "breaking", &old, &new]);
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(stderr(&failed).trim(), summary);

    let json = xtask(&["diff", "--format", "json", &old, &new]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["release"]["bump"], "major");
    assert!(json["counts"]["breaking"].as_u64().unwrap() > 0);
    let kill = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["subject"]["name"] == "kill" && c["kind"] == "type_changed")
        .expect("the kill event's data changed type");
    assert_eq!(kill["class"], "breaking");
    assert_eq!(kill["subject"]["entry"], "event");
}

#[test]
fn fail_on_sets_the_exit_status_by_class() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(
        dir.path(),
        "old.md",
        &page("kills | match_info | kills | | 130.0\n"),
    );
    let new = write(
        dir.path(),
        "new.md",
        &page("kills | match_info | kills | | 130.0\ndeaths | match_info | deaths | | 131.0\n"),
    );
    // The temporary root has no generated packages, so the summary names no versions,
    // whatever this checkout's generated/ holds.
    let root = dir.path().to_str().unwrap();
    let summary = "testgame: 0 breaking, 1 additive, 0 cosmetic → minor";
    let additive = xtask(&["diff", "--root", root, "--fail-on", "breaking", &old, &new]);
    assert_eq!(additive.status.code(), Some(0), "{}", stderr(&additive));
    assert_eq!(stdout(&additive).lines().next(), Some(summary));
    assert_eq!(
        xtask(&["diff", "--fail-on", "additive", &old, &new])
            .status
            .code(),
        Some(2)
    );
    // Removing it again is breaking.
    assert_eq!(
        xtask(&["diff", "--fail-on", "breaking", &new, &old])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_page_against_itself_reports_no_change() {
    let page = seed("001");
    let output = xtask(&["diff", "--fail-on", "cosmetic", &page, &page]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("apex-legends: no changes → no release\n"));
}

#[test]
fn pages_of_different_games_are_refused_unless_forced() {
    let (tanks, apex) = (seed("000"), seed("001"));
    let refused = xtask(&["diff", &tanks, &apex]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(refused.stdout.is_empty());
    let message = stderr(&refused);
    assert!(message.contains("document different games"), "{message}");
    assert!(
        message.contains("game id 6365") && message.contains("game id 21566"),
        "{message}"
    );
    assert!(message.contains("--force"), "{message}");

    let forced = xtask(&["diff", "--force", &tanks, &apex]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(stdout(&forced).starts_with("world-of-tanks → apex-legends: "));
}

#[test]
fn unreadable_inputs_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.md").to_string_lossy().into_owned();
    let output = xtask(&["diff", &seed("001"), &missing]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("cannot read") && stderr(&output).contains("gone.md"));

    let yaml = write(dir.path(), "broken.yaml", "features: [nope\n");
    let output = xtask(&["diff", &yaml, &seed("001")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("broken.yaml: not a gepgen IR"),
        "{}",
        stderr(&output)
    );

    let output = xtask(&["history", &missing]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("gone.md"));
    let empty = tempfile::tempdir().unwrap();
    let output = xtask(&["history", &empty.path().to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("holds no page versions"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_spec_yaml_and_its_page_say_the_same() {
    let root = common::project_root();
    let spec = root.join("spec/apex-legends.yaml");
    let page = root.join("spec/docs/apex-legends.txt");
    let output = xtask(&["diff", spec.to_str().unwrap(), page.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("apex-legends: no changes"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn history_dates_each_appearance_change_and_disappearance() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "2019-06-19_aaaa.md",
        &page("kills | match_info | kills | | 0.130\n"),
    );
    write(
        dir.path(),
        "2020-02-01_bbbb.md",
        &page("kills | match_info | kills | | 130.0\ndeaths | match_info | deaths | | 131.0\n"),
    );
    write(
        dir.path(),
        "2021-03-04_cccc.md",
        &page("deaths | match_info | deaths | | 131.0\n"),
    );
    let output = xtask(&["history", &dir.path().to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "testgame: 3 versions, 2019-06-19 to 2021-03-04; 1 breaking, 1 additive, 1 cosmetic\n"
        ),
        "{text}"
    );
    assert!(text.contains(
        "### key `kills` (`match_info`)\n\n- 2019-06-19: first seen in `match_info`, since `0.130`\n- 2020-02-01: cosmetic: since (1)\n- 2021-03-04: disappeared\n"
    ), "{text}");
    assert!(text.contains("### key `deaths` (`match_info`)\n\n- 2020-02-01: appeared in `match_info`, since `131.0`\n"), "{text}");
    assert!(
        text.contains(
            "- 2021-03-04 (`2021-03-04_cccc.md`), feature `match_info`: key `kills` removed"
        ),
        "{text}"
    );

    let json = xtask(&["history", "--format", "json", &dir.path().to_string_lossy()]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["pages"][0]["steps"].as_array().unwrap().len(), 2);
    assert_eq!(json["totals"]["breaking"], 1);
}

/// A scratch project with one tracked page and an override file.
fn project_with_override(overrides: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("spec/docs")).unwrap();
    fs::create_dir_all(dir.path().join("spec/overrides")).unwrap();
    fs::write(
        dir.path().join("spec/games.toml"),
        "[[game]]\nslug = \"testgame\"\ntitle = \"Testgame\"\nid = 1\nsource = \"testgame.md\"\n",
    )
    .unwrap();
    write(
        &dir.path().join("spec/docs"),
        "testgame.md",
        &page("kills | match_info | kills | | 0.130\n"),
    );
    write(
        &dir.path().join("spec/overrides"),
        "testgame.yaml",
        overrides,
    );
    dir
}

#[test]
fn regen_applies_overrides_and_reports_stale_ones_parse_shows_the_page_as_written() {
    let project = project_with_override(
        "corrections:\n- key: kills\n  since: '130.0'\n  reason: typo upstream\n- key: deaths\n  since: '130.0'\n  reason: gone\n",
    );
    let root = project.path().to_str().unwrap();
    let output = xtask(&["regen", "--root", root]);
    assert!(output.status.success(), "{}", stderr(&output));
    let spec = fs::read_to_string(project.path().join("spec/testgame.yaml")).unwrap();
    assert!(spec.contains("since: '130.0'"), "{spec}");
    assert!(
        spec.contains("- target: match_info/kills/since\n  reason: typo upstream\n"),
        "{spec}"
    );
    assert!(spec.contains("code: stale-override"), "{spec}");
    assert!(spec.contains("has no key `deaths` any more"), "{spec}");

    let page = project.path().join("spec/docs/testgame.md");
    let output = xtask(&["--root", root, "parse", "--json", page.to_str().unwrap()]);
    let ir: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(ir["overrides"].is_null(), "no corrections applied");
    assert_eq!(ir["features"][0]["info_updates"][0]["since"], "0.130");
    assert!(
        (ir["diagnostics"].as_array().unwrap().iter()).any(|d| d["code"] == "suspicious-version"),
        "{ir}"
    );
}

#[test]
fn an_invalid_override_file_stops_regen_naming_it() {
    let project =
        project_with_override("corrections:\n- key: kills\n  sinse: '130.0'\n  reason: r\n");
    let output = xtask(&["regen", "--root", project.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("spec/overrides/testgame.yaml") && message.contains("sinse"),
        "{message}"
    );
    assert!(!project.path().join("spec/testgame.yaml").exists());
}

#[test]
fn the_readme_override_example_is_a_valid_override_file() {
    let readme = fs::read_to_string(common::project_root().join("README.md")).unwrap();
    let start = readme
        .find("```yaml\ncorrections:")
        .expect("override example in README")
        + 8;
    let end = start + readme[start..].find("```").unwrap();
    let overrides = gepgen::overrides::Overrides::parse(&readme[start..end]).unwrap();
    assert_eq!(overrides.corrections.len(), 5);
    assert!(overrides.corrections[4].rename_feature.is_some());
}

#[test]
fn the_summary_gives_the_next_versions_of_the_generated_packages() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    fs::create_dir_all(root.join("generated/rust")).unwrap();
    fs::create_dir_all(root.join("generated/ts")).unwrap();
    fs::write(
        root.join("generated/rust/Cargo.toml"),
        "[package]\nname = \"gep\"\nversion = \"0.1.0\"\nedition.workspace = true\n",
    )
    .unwrap();
    fs::write(
        root.join("generated/ts/package.json"),
        "{\"name\": \"gep\", \"version\": \"1.2.0\"}",
    )
    .unwrap();
    let old = write(
        root,
        "old.md",
        &page("kills | match_info | kills | | 130.0\n"),
    );
    let new = write(
        root,
        "new.md",
        &page("deaths | match_info | deaths | | 131.0\n"),
    );
    let output = xtask(&["diff", "--root", root.to_str().unwrap(), &old, &new]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(
        text.lines().next(),
        Some("testgame: 1 breaking, 1 additive, 0 cosmetic → major (crate 0.1.0 → 0.2.0, npm 1.2.0 → 2.0.0)")
    );
    assert!(
        text.contains("- generated crate: `0.1.0` → **0.2.0** (below 1.0"),
        "{text}"
    );
}
