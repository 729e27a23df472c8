//! Helpers shared by the integration tests: where things are, and reading them.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use gepgen::emit::doc_examples::game_examples;
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

/// The folder of outside test data: `$GEPGEN_DATA` when set, else `../shared` beside the
/// checkout (where CI puts it). It holds `corpus/` and `payloads/`; neither is committed.
pub fn data_dir() -> PathBuf {
    match std::env::var_os("GEPGEN_DATA") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => project_root().join("../shared"),
    }
}

/// How to get the outside data, for skip messages and CI failures.
pub const DATA_HELP: &str =
    "set GEPGEN_DATA to a folder with corpus/ and payloads/ (CI has ../shared beside the checkout)";

/// `data_dir()/<sub>` (`corpus` or `payloads`) when it exists. When it does not, `test` is
/// skipped: this says so once on the terminal (past the test harness's capture, so that a
/// passing run shows it) and returns `None`, unless `GEPGEN_REQUIRE_DATA` is set (CI), where
/// a missing folder fails the test.
pub fn data(sub: &str, test: &str) -> Option<PathBuf> {
    let dir = data_dir().join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    let required =
        std::env::var_os("GEPGEN_REQUIRE_DATA").is_some_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "{test}: {} is missing and GEPGEN_REQUIRE_DATA is set: {DATA_HELP}",
        dir.display()
    );
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "skipped {test}: no {} ({DATA_HELP})",
        dir.display()
    );
    None
}

/// The seed pages, the project's own documents (`tests/fixtures/seeds/`): 000 World of Tanks,
/// 001 Apex Legends and 002 Dota 2 as first vendored, 003 an older Apex Legends page.
pub fn seeds_dir() -> PathBuf {
    project_root().join("tests/fixtures/seeds")
}

/// The path of a seed page, by file-name prefix (`003`).
pub fn seed_path(prefix: &str) -> PathBuf {
    let dir = seeds_dir();
    fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix} in {}", dir.display()))
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

/// The committed IR of a tracked game, `spec/<slug>.yaml`.
pub fn spec_ir(slug: &str) -> GameIr {
    let path = project_root().join(format!("spec/{slug}.yaml"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The doc examples of `ir`: each with its page line and, when the example can be read and
/// says (or its entry says) where it goes, the envelope an app receives it in; what
/// `generated/rust/examples/<game>.jsonl` holds, line by line.
pub fn example_envelopes(ir: &GameIr) -> Vec<(u32, Option<serde_json::Value>)> {
    game_examples(&ir.features)
        .into_iter()
        .map(|doc| (doc.example.line, doc.envelope(&ir.features)))
        .collect()
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

/// The IR of a seed page, by file-name prefix (`003`).
pub fn seed_ir(prefix: &str) -> GameIr {
    let path = seed_path(prefix);
    let text = fs::read_to_string(&path).unwrap();
    page_to_ir(&text, &path.to_string_lossy(), None)
}

/// Every game folder of the corpus, its pages oldest first (by day, then by the commit time
/// `index.tsv` gives); `None` (the test is skipped, see [`data`]) when the corpus is not there.
pub fn corpus(test: &str) -> Option<BTreeMap<String, Vec<PathBuf>>> {
    let dir = data("corpus", test)?;
    let index = fs::read_to_string(dir.join("index.tsv")).ok();
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
        gepgen::docs_repo::sort_versions(&mut pages, index.as_deref());
        games.insert(
            game.file_name().unwrap().to_string_lossy().into_owned(),
            pages,
        );
    }
    assert_eq!(games.len(), 31, "games in the corpus at {}", dir.display());
    Some(games)
}

/// `tests/node`: the Node.js packages (ajv, tsc, prettier) the checks of the outputs run.
pub fn node_dir() -> PathBuf {
    project_root().join("tests/node")
}

/// The path of a Node.js package's script in `tests/node/node_modules`.
pub fn node_bin(package: &str, script: &str) -> String {
    node_dir()
        .join("node_modules")
        .join(package)
        .join(script)
        .to_string_lossy()
        .into_owned()
}

/// `npm ci` in `tests/node` once per test binary, when the packages are not installed yet.
pub fn install_node_packages() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        if !node_dir().join("node_modules").is_dir() {
            let status = std::process::Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(node_dir())
                .status()
                .expect("npm (Node.js and npm are needed)");
            assert!(status.success(), "npm ci in tests/node failed");
        }
    });
}

/// A Python virtual environment with the pinned tools of `tests/python/requirements.txt`
/// (datamodel-code-generator, pydantic), made under the target directory once per test binary
/// when missing, as `npm ci` is for Node.js; returns its `bin` directory.
pub fn python_tools() -> PathBuf {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("python-tools");
    let bin = venv.join("bin");
    INSTALL.call_once(|| {
        let requirements = project_root().join("tests/python/requirements.txt");
        let stamp = venv.join("requirements.txt");
        let wanted = fs::read_to_string(&requirements).expect("tests/python/requirements.txt");
        if fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
            return;
        }
        let run = |program: &Path, args: &[&str]| {
            let status = std::process::Command::new(program)
                .args(args)
                .status()
                .unwrap_or_else(|e| {
                    panic!("{} (Python 3 with venv is needed): {e}", program.display())
                });
            assert!(
                status.success(),
                "{} {} failed",
                program.display(),
                args.join(" ")
            );
        };
        run(
            Path::new("python3"),
            &["-m", "venv", &venv.to_string_lossy()],
        );
        run(
            &bin.join("pip"),
            &[
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                &requirements.to_string_lossy(),
            ],
        );
        fs::write(&stamp, wanted).unwrap();
    });
    bin
}
