//! `cargo xtask parse` as a user runs it: output contract, exit status, bad input.

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

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn parse_json_follows_the_contract() {
    let page = common::project_root().join("spec/docs/apex-legends.txt");
    let output = xtask(&["parse", "--json", page.to_str().unwrap()]);
    assert!(output.status.success());
    let irs = json_lines(&output);
    assert_eq!(irs.len(), 1);
    let ir = &irs[0];
    assert_eq!(ir["source"]["format"], "text");
    assert_eq!(ir["game"]["slug"], "apex-legends");
    assert_eq!(ir["game"]["id"], 21566);
    let roster = ir["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "roster")
        .unwrap();
    let key = &roster["info_updates"][0];
    assert_eq!(key["key"], "roster_XX");
    assert_eq!(key["category"], "match_info");
    assert_eq!(key["since"], "128.0");
    assert!(key["value"].is_object());
    // `since` exactly as the page writes it, with a diagnostic that it looks like 130.0.
    let weapons = (ir["features"].as_array().unwrap().iter())
        .flat_map(|f| f["info_updates"].as_array().unwrap())
        .find(|k| k["key"] == "weapons")
        .unwrap();
    assert_eq!(weapons["since"], "0.130");
    assert!(ir["overrides"].is_null(), "no corrections applied");
    let diagnostic = &ir["diagnostics"][0];
    for field in ["severity", "line", "code", "message"] {
        assert!(!diagnostic[field].is_null(), "diagnostic has {field}");
    }
}

#[test]
fn unreadable_file_fails_but_the_others_are_still_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.md", b"## `kill`\n\n### Events\n\nEvent | Event Data | Fired When | Notes | Since GEP Ver. |\n---|---|---|---|---|\nkill | null | killed | | 1.0 |\n");
    let missing = dir.path().join("missing.md");
    let output = xtask(&["parse", "--json", missing.to_str().unwrap(), &good]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("missing.md"), "{stderr}");
    let irs = json_lines(&output);
    assert_eq!(irs.len(), 1);
    assert_eq!(irs[0]["features"][0]["events"][0]["name"], "kill");
}

#[test]
fn many_pages_come_out_in_the_order_given_with_their_own_findings() {
    // More pages than `parse` reads at a time, of different sizes so that they finish out of
    // order (one over a megabyte, which is printed from its IR rather than by the worker);
    // every third one has an unreadable example, a warning of its own, and one in a later
    // batch has a byte that is not UTF-8, an error found when the file was read.
    let dir = tempfile::tempdir().unwrap();
    let pages: Vec<String> = (0..150)
        .map(|i| {
            let rows = if i == 70 { 30_000 } else { i % 7 * 40 };
            let rows: String = (0..rows)
                .map(|r| format!("event_{r} | null | fired | | 1.0 |\n"))
                .collect();
            let note = if i % 3 == 0 {
                "\n#### *event_0* note\n\nData example:\n\n```json\n{\"broken\": [1, 2\n```\n"
            } else {
                ""
            };
            let text = format!(
                "## `feature_{i}`\n\n### Events\n\nEvent | Event Data | Fired When | Notes | Since GEP Ver. |\n---|---|---|---|---|\nfirst_{i} | null | fired | | 1.0 |\n{rows}{note}"
            );
            let mut bytes = text.into_bytes();
            if i == 100 {
                bytes.extend(b"last | \xff | fired | | 1.0 |\n");
            }
            write(dir.path(), &format!("page-{i:03}.md"), &bytes)
        })
        .collect();
    let mut args = vec!["parse", "--json"];
    args.extend(pages.iter().map(String::as_str));
    assert!(fs::metadata(&pages[70]).unwrap().len() > 1 << 20);
    let output = xtask(&args);
    let irs = json_lines(&output);
    assert_eq!(irs.len(), 150);
    assert_eq!(
        irs[70]["features"][0]["events"].as_array().unwrap().len(),
        30_001
    );
    for (i, ir) in irs.iter().enumerate() {
        assert_eq!(ir["game"]["slug"], format!("page-{i:03}"));
        assert_eq!(ir["features"][0]["events"][0]["name"], format!("first_{i}"));
        let warned =
            (ir["diagnostics"].as_array().unwrap().iter()).any(|d| d["severity"] == "warning");
        assert_eq!(warned, i % 3 == 0, "page {i}");
        let invalid =
            (ir["diagnostics"].as_array().unwrap().iter()).any(|d| d["code"] == "invalid-utf8");
        assert_eq!(invalid, i == 100, "page {i}");
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summaries: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("warning(s)"))
        .collect();
    let expected: Vec<String> = (0..150)
        .filter(|i| i % 3 == 0 || *i == 100)
        .map(|i| format!("page-{i:03}.md"))
        .collect();
    assert_eq!(summaries.len(), expected.len(), "{stderr}");
    for (line, page) in summaries.iter().zip(&expected) {
        assert!(line.contains(page.as_str()), "{line}");
    }
    // YAML: the same pages, one document each, in the same order.
    args.remove(1);
    let yaml = String::from_utf8(xtask(&args).stdout).unwrap();
    let slugs: Vec<String> = yaml
        .split("\n---\n")
        .map(|doc| {
            let ir: serde_yaml::Value = serde_yaml::from_str(doc).unwrap();
            ir["game"]["slug"].as_str().unwrap().to_owned()
        })
        .collect();
    let expected: Vec<String> = (0..150).map(|i| format!("page-{i:03}")).collect();
    assert_eq!(slugs, expected);
}

#[test]
fn non_utf8_bytes_are_reported_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "latin1.md", b"## `kill`\n\n### Events\n\nEvent | Event Data | Fired When | Notes | Since |\n---|---|---|---|---|\nkill | null | caf\xe9 | | 1.0 |\n");
    let output = xtask(&["parse", "--json", &page]);
    assert_eq!(output.status.code(), Some(0), "the file was read");
    let ir = &json_lines(&output)[0];
    assert_eq!(ir["features"][0]["events"][0]["name"], "kill");
    let diagnostic = ir["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "invalid-utf8")
        .expect("invalid-utf8 diagnostic");
    assert_eq!(diagnostic["line"], 7);
    assert_eq!(diagnostic["severity"], "error");
}

#[test]
fn a_page_without_tables_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "prose.md", b"# Hello\n\nJust prose.\n");
    let output = xtask(&["parse", "--json", &page]);
    assert!(output.status.success());
    let ir = &json_lines(&output)[0];
    assert_eq!(ir["diagnostics"][0]["code"], "no-tables");
}

#[test]
fn a_truncated_page_keeps_what_it_has() {
    let text =
        fs::read_to_string(common::project_root().join("spec/docs/world-of-tanks.md")).unwrap();
    let cut = &text[..text.find("### Events").unwrap() + 200];
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "cut.md", cut.as_bytes());
    let output = xtask(&["parse", "--json", &page]);
    assert!(output.status.success());
    let ir = &json_lines(&output)[0];
    assert_eq!(ir["game"]["id"], 6365);
    assert_eq!(ir["features"][1]["events"][0]["name"], "kill");
    assert!(ir["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "missing-section"));
}

#[test]
fn yaml_output_separates_pages() {
    let docs = common::project_root().join("spec/docs");
    let output = xtask(&[
        "parse",
        docs.join("world-of-tanks.md").to_str().unwrap(),
        docs.join("dota-2.txt").to_str().unwrap(),
    ]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.matches("\n---\n").count(), 1);
    assert!(stdout.contains("slug: dota-2"));
}

/// A scratch project with the tracked pages, for regen runs that must not touch this one.
fn scratch_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = common::project_root();
    fs::create_dir_all(dir.path().join("spec/docs")).unwrap();
    fs::copy(
        root.join("spec/games.toml"),
        dir.path().join("spec/games.toml"),
    )
    .unwrap();
    for page in fs::read_dir(root.join("spec/docs")).unwrap() {
        let page = page.unwrap().path();
        fs::copy(
            &page,
            dir.path().join("spec/docs").join(page.file_name().unwrap()),
        )
        .unwrap();
    }
    dir
}

fn snapshot_tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((name, fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn regen_writes_only_what_changed_and_check_names_stale_files() {
    let project = scratch_project();
    let root = project.path().to_str().unwrap();
    let first = xtask(&["regen", "--root", root]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(project.path().join("spec/apex-legends.yaml").is_file());
    let again = xtask(&["regen", "--root", root]);
    assert!(String::from_utf8_lossy(&again.stderr).contains(" 0 changed"));
    assert!(xtask(&["check", "--root", root]).status.success());

    let page = project.path().join("spec/docs/world-of-tanks.md");
    let text = fs::read_to_string(&page).unwrap().replace("47.0", "48.0");
    fs::write(&page, text).unwrap();
    let check = xtask(&["check", "--root", root]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("stale: spec/world-of-tanks.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("cargo xtask regen"), "{stderr}");
}

/// `games.toml` text without the `[[game]]` block of `slug`, wherever it stands.
fn without_game(text: &str, slug: &str) -> String {
    let mut blocks = text.split("[[game]]");
    let mut kept = blocks.next().unwrap_or_default().to_owned();
    let mut removed = false;
    for block in blocks {
        if block.contains(&format!("\nslug = \"{slug}\"\n")) {
            removed = true;
        } else {
            kept.push_str("[[game]]");
            kept.push_str(block);
        }
    }
    assert!(removed, "games.toml has no game {slug}");
    kept
}

#[test]
fn regen_deletes_the_outputs_of_a_game_no_longer_tracked_and_nothing_else() {
    let project = scratch_project();
    let root = project.path().to_str().unwrap();
    assert!(xtask(&["regen", "--root", root]).status.success());
    let notes = project.path().join("generated/ts/NOTES.md");
    fs::write(&notes, "Hand-written, next to the generated package.\n").unwrap();
    let games = project.path().join("spec/games.toml");
    let text = fs::read_to_string(&games).unwrap();
    fs::write(&games, without_game(&text, "world-of-tanks")).unwrap();

    let check = xtask(&["check", "--root", root]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    let gone = [
        "generated/rust/examples/world_of_tanks.jsonl",
        "generated/rust/src/world_of_tanks.rs",
        "generated/schema/world-of-tanks.decoded.schema.json",
        "generated/schema/world-of-tanks.schema.json",
        "generated/ts/test/world-of-tanks.examples.ts",
        "generated/ts/world-of-tanks.d.ts",
        "generated/ts/world-of-tanks.decoded.d.ts",
        "generated/ts/world-of-tanks.js",
        "spec/world-of-tanks.yaml",
    ];
    for path in gone {
        assert!(
            stderr.contains(&format!("stale: {path} (no longer generated")),
            "{path}: {stderr}"
        );
    }

    let output = xtask(&["regen", "--root", root]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains(" 9 deleted"));
    for path in gone {
        assert!(!project.path().join(path).exists(), "{path} still there");
    }
    assert!(notes.is_file(), "a file regen did not write is kept");
    assert!(project.path().join("spec/docs/world-of-tanks.md").is_file());
    assert!(xtask(&["check", "--root", root]).status.success());
}

#[test]
fn regen_with_an_unreadable_page_leaves_the_tree_intact() {
    let project = scratch_project();
    let root = project.path().to_str().unwrap();
    assert!(xtask(&["regen", "--root", root]).status.success());
    let before = snapshot_tree(project.path());

    fs::remove_file(project.path().join("spec/docs/dota-2.txt")).unwrap();
    let page = project.path().join("spec/docs/world-of-tanks.md");
    fs::write(
        &page,
        fs::read_to_string(&page).unwrap().replace("47.0", "48.0"),
    )
    .unwrap();
    let output = xtask(&["regen", "--root", root]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("dota-2.txt"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");

    let after = snapshot_tree(project.path());
    let generated = |tree: &[(String, Vec<u8>)]| {
        tree.iter()
            .filter(|(name, _)| !name.starts_with("spec/docs"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(generated(&before), generated(&after));
}

#[test]
fn regen_that_cannot_write_a_file_names_it_and_replaces_nothing() {
    let project = scratch_project();
    let root = project.path().to_str().unwrap();
    assert!(xtask(&["regen", "--root", root]).status.success());
    let before = snapshot_tree(project.path());

    // Two pages change; the second output cannot be staged (a directory sits where its
    // temp file goes), so the first must not be replaced either.
    for (page, from, to) in [
        ("spec/docs/apex-legends.txt", "roster_XX", "roster_YY"),
        ("spec/docs/world-of-tanks.md", "47.0", "48.0"),
    ] {
        let page = project.path().join(page);
        let text = fs::read_to_string(&page).unwrap();
        assert!(text.contains(from));
        fs::write(&page, text.replace(from, to)).unwrap();
    }
    fs::create_dir(project.path().join("spec/.world-of-tanks.yaml.gepgen-tmp")).unwrap();
    let output = xtask(&["regen", "--root", root]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("spec/world-of-tanks.yaml: not written, and nothing else was"),
        "{stderr}"
    );

    let outputs = |tree: &[(String, Vec<u8>)]| {
        tree.iter()
            .filter(|(name, _)| !name.starts_with("spec/docs"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(outputs(&before), outputs(&snapshot_tree(project.path())));
}

/// `cargo xtask coverage` on the tracked games: one line per game with its counts, and the
/// same numbers as JSON; every example the tracked pages put in an envelope validates deep.
#[test]
fn coverage_reports_each_tracked_game() {
    let output = xtask(&["coverage", "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let games = common::games();
    let report = report.as_array().expect("one entry per game");
    let slugs: Vec<&str> = report.iter().map(|g| g["slug"].as_str().unwrap()).collect();
    let tracked: Vec<&str> = games.games.iter().map(|g| g.slug.as_str()).collect();
    assert_eq!(slugs, tracked);
    for game in report {
        let slug = game["slug"].as_str().unwrap();
        let ir = common::spec_ir(slug);
        let keys: usize = ir.features.iter().map(|f| f.info_updates.len()).sum();
        let events: usize = ir.features.iter().map(|f| f.events.len()).sum();
        assert_eq!(game["features"], ir.features.len(), "{slug}");
        assert_eq!(game["keys"], keys, "{slug}");
        assert_eq!(game["events"], events, "{slug}");
        // Any tracked page: one whose keys are all strings, or that has no example, is fine.
        assert!(
            game["typed_keys"].as_u64().unwrap() <= keys as u64,
            "{slug}"
        );
        let examples = &game["examples"];
        assert_eq!(
            examples["total"],
            common::example_envelopes(&ir).len(),
            "{slug}: {examples}"
        );
        assert_eq!(
            examples["validated"], examples["in_envelope"],
            "{slug}: {examples}"
        );
        let diagnostics: u64 = game["diagnostics"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(diagnostics, ir.diagnostics.len() as u64, "{slug}");
    }

    let table = xtask(&["coverage"]);
    let text = String::from_utf8(table.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("game") && lines[0].contains("validated"),
        "{text}"
    );
    for slug in tracked {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{slug} "))),
            "{slug}: {text}"
        );
    }
    assert!(lines.iter().any(|l| l.starts_with("total ")), "{text}");
}
