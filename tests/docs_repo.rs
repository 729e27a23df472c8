//! `cargo xtask corpus`, `sync` and `history --from` against a small docs repository the test
//! builds: a page that moves and changes, a page that is deleted, a file that is no page; read
//! from a checkout and from a bare clone.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

fn git(repo: &Path, args: &[&str], date: &str) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "docs")
        .env("GIT_AUTHOR_EMAIL", "docs@example.com")
        .env("GIT_COMMITTER_NAME", "docs")
        .env("GIT_COMMITTER_EMAIL", "docs@example.com")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// A page of the old Docusaurus format with one feature and `keys` as its info keys.
fn page(game_id: u32, keys: &[&str]) -> String {
    let rows: String = keys
        .iter()
        .map(|key| format!("{key} | match_info | the {key} | | 1.0 |\n"))
        .collect();
    format!(
        "---\nid: game\ntitle: Tanks Game Events\n---\n\n:::important Game ID\n{game_id}\n:::\n\n## Available Features\n\n* [match_info](#match_info)\n\n## `match_info`\n\n### Info Updates\n\nkey | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n{rows}"
    )
}

const OLD_PATH: &str = "docs/api/overwolf-games-events-tanks.md";
const NEW_PATH: &str = "pages/api/live-game-data/supported-games/tanks.mdx";
const SHIPS: &str = "pages/api/live-game-data/supported-games/ships.mdx";

/// The repository: returns (checkout, bare clone).
fn docs_repository(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let repo = dir.join("docs");
    fs::create_dir_all(repo.join("docs/api")).unwrap();
    git(
        &repo,
        &["init", "-q", "-b", "main"],
        "2019-01-01T00:00:00+00:00",
    );
    let write = |path: &str, text: &str| {
        let path = repo.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(OLD_PATH, &page(101, &["map"]));
    write("docs/api/sidebar.md", "# not a game\n");
    git(&repo, &["add", "-A"], "");
    // Committed late in the evening at +03:00: the day in the file name is the committer's.
    git(
        &repo,
        &["commit", "-qm", "tanks"],
        "2019-06-18T23:30:00+03:00",
    );
    fs::create_dir_all(repo.join("pages/api/live-game-data/supported-games")).unwrap();
    git(&repo, &["mv", OLD_PATH, NEW_PATH], "");
    write(NEW_PATH, &page(101, &["map", "mode"]));
    write(SHIPS, &page(202, &["ship"]));
    git(&repo, &["add", "-A"], "");
    git(
        &repo,
        &["commit", "-qm", "move"],
        "2022-03-01T10:00:00+00:00",
    );
    git(&repo, &["rm", "-q", SHIPS], "");
    git(
        &repo,
        &["commit", "-qm", "drop ships"],
        "2022-04-01T10:00:00+00:00",
    );
    let bare = dir.join("docs.git");
    git(
        dir,
        &[
            "clone",
            "-q",
            "--bare",
            repo.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
        "",
    );
    (repo, bare)
}

fn blob(repo: &Path, text: &str) -> String {
    let file = repo.join("scratch");
    fs::write(&file, text).unwrap();
    let id = git(repo, &["hash-object", "scratch"], "");
    fs::remove_file(file).unwrap();
    id
}

#[test]
fn corpus_writes_every_version_with_its_index_from_a_checkout_and_a_bare_clone() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, bare) = docs_repository(dir.path());
    let (v1, v2, ships) = (
        blob(&repo, &page(101, &["map"])),
        blob(&repo, &page(101, &["map", "mode"])),
        blob(&repo, &page(202, &["ship"])),
    );
    let expected = format!(
        "game_id\tslug\tdate\tblob\tsource_path\tbytes\tcommitted\n\
         202\tships\t2022-03-01\t{ships}\t{SHIPS}\t{}\t2022-03-01T10:00:00Z\n\
         101\ttanks\t2019-06-18\t{v1}\t{OLD_PATH}\t{}\t2019-06-18T20:30:00Z\n\
         101\ttanks\t2022-03-01\t{v2}\t{NEW_PATH}\t{}\t2022-03-01T10:00:00Z\n",
        page(202, &["ship"]).len(),
        page(101, &["map"]).len(),
        page(101, &["map", "mode"]).len(),
    );
    for source in [&repo, &bare] {
        let out = dir.path().join(format!(
            "corpus-{}",
            source.file_name().unwrap().to_string_lossy()
        ));
        let run = xtask(&[
            "corpus",
            "--from",
            source.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(fs::read_to_string(out.join("index.tsv")).unwrap(), expected);
        assert_eq!(
            fs::read_to_string(out.join(format!("tanks/2019-06-18_{}.md", &v1[..8]))).unwrap(),
            page(101, &["map"])
        );
        assert!(out
            .join(format!("tanks/2022-03-01_{}.mdx", &v2[..8]))
            .is_file());
    }
}

#[test]
fn history_follows_a_page_across_its_move() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bare) = docs_repository(dir.path());
    let run = xtask(&[
        "history",
        "--from",
        bare.to_str().unwrap(),
        OLD_PATH,
        "--format",
        "json",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let history: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(history["versions"], 2, "{history:#}");
    let unknown = xtask(&[
        "history",
        "--from",
        bare.to_str().unwrap(),
        "docs/api/nothing.md",
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr)
        .contains("docs/api/nothing.md is no game events page"));
}

/// A project tracking the tanks page's first version, read upstream from `upstream`.
fn project_tracking_tanks(dir: &Path, upstream: &str) -> std::path::PathBuf {
    let project = dir.join("project");
    fs::create_dir_all(project.join("spec/docs")).unwrap();
    fs::write(project.join("spec/docs/tanks.md"), page(101, &["map"])).unwrap();
    fs::write(
        project.join("spec/games.toml"),
        format!("[[game]]\nslug = \"tanks\"\ntitle = \"Tanks\"\nid = 101\nsource = \"tanks.md\"\nupstream = \"{upstream}\"\n"),
    )
    .unwrap();
    project
}

#[test]
fn sync_vendors_the_current_pages_regens_and_reports_the_drift() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, _) = docs_repository(dir.path());
    let project = project_tracking_tanks(dir.path(), NEW_PATH);
    let root = project.to_str().unwrap();
    assert!(xtask(&["--root", root, "regen", "--quiet"])
        .status
        .success());
    let run = xtask(&[
        "--root",
        root,
        "sync",
        "--from",
        repo.to_str().unwrap(),
        "--fail-on",
        "additive",
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        run.status.code(),
        Some(2),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.starts_with("tanks: 0 breaking, 1 additive"),
        "{stdout}"
    );
    // The page moved to .mdx upstream: vendored under that name, and games.toml follows.
    assert_eq!(
        fs::read_to_string(project.join("spec/docs/tanks.mdx")).unwrap(),
        page(101, &["map", "mode"])
    );
    assert!(!project.join("spec/docs/tanks.md").exists());
    assert!(fs::read_to_string(project.join("spec/games.toml"))
        .unwrap()
        .contains("source = \"tanks.mdx\""));
    assert!(fs::read_to_string(project.join("spec/tanks.yaml"))
        .unwrap()
        .contains("key: mode"));
    // Nothing new upstream: nothing to report.
    let again = xtask(&[
        "--root",
        root,
        "sync",
        "--from",
        repo.to_str().unwrap(),
        "--fail-on",
        "cosmetic",
    ]);
    assert!(again.status.success());
    assert!(again.stdout.is_empty());
}

#[test]
fn sync_names_a_page_that_moved_upstream() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bare) = docs_repository(dir.path());
    let project = project_tracking_tanks(dir.path(), "pages/old/tanks.mdx");
    let run = xtask(&[
        "--root",
        project.to_str().unwrap(),
        "sync",
        "--from",
        bare.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(&format!("it may have moved to {NEW_PATH}")),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(project.join("spec/docs/tanks.md")).unwrap(),
        page(101, &["map"])
    );
}

#[test]
fn history_of_a_corpus_folder_orders_one_days_versions_by_commit_time() {
    let dir = tempfile::tempdir().unwrap();
    let game = dir.path().join("tanks");
    fs::create_dir_all(&game).unwrap();
    // By name, `…_aaaa` (two keys) sorts before `…_ffff` (one key), but it was committed after.
    fs::write(
        game.join("2020-08-25_aaaaaaaa.md"),
        page(101, &["map", "mode"]),
    )
    .unwrap();
    fs::write(game.join("2020-08-25_ffffffff.md"), page(101, &["map"])).unwrap();
    fs::write(
        dir.path().join("index.tsv"),
        "game_id\tslug\tdate\tblob\tsource_path\tbytes\tcommitted\n\
         101\ttanks\t2020-08-25\taaaaaaaa11\tx.md\t1\t2020-08-25T13:55:00Z\n\
         101\ttanks\t2020-08-25\tffffffff22\tx.md\t1\t2020-08-25T13:52:00Z\n",
    )
    .unwrap();
    let run = xtask(&["history", game.to_str().unwrap(), "--format", "json"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let history: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let page = &history["pages"][0];
    assert_eq!(page["versions"][0], "2020-08-25_ffffffff.md");
    // Read in commit order, one key was added; by name, it would have been removed.
    assert_eq!(history["totals"]["additive"], 1, "{history:#}");
    assert_eq!(history["totals"]["breaking"], 0, "{history:#}");
}
