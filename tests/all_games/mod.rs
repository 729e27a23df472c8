//! A temporary project tracking the newest corpus page of many games at once, as a maintainer
//! who adds them all would have it: the pages in `spec/docs`, a `games.toml`, regen run through
//! the library, the outputs written, and the generated `gep` crate built with every game.
//! Shared by `every_page` (every corpus game) and `payloads` (the games with recordings).
//!
//! `GEPGEN_GAMES=slug,slug` narrows either test to a few games, for a quick local run.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use gepgen::coverage::deep_validator;
use gepgen::games::GamesToml;
use gepgen::ir::GameIr;
use gepgen::overrides::Overrides;
use gepgen::regen::{self, TrackedPage};
use serde_json::Value;

use crate::common::project_root;

/// A corpus game's newest page (by the `committed` column of `corpus/index.tsv`).
#[derive(Debug, Clone)]
pub struct CorpusGame {
    pub slug: String,
    pub id: Option<u64>,
    /// The page in the corpus.
    pub page: PathBuf,
    /// Its name in the tree's `spec/docs`.
    pub source: String,
}

impl CorpusGame {
    /// `corpus/<slug>/<file>`, how failures name the page.
    pub fn page_name(&self) -> String {
        format!(
            "corpus/{}/{}",
            self.slug,
            self.page.file_name().unwrap().to_string_lossy()
        )
    }

    /// The module name of the game in the `gep` crate.
    pub fn module(&self) -> String {
        self.slug.replace('-', "_")
    }
}

/// The newest page of every game of `corpus/index.tsv`, sorted by slug, narrowed to
/// `GEPGEN_GAMES` when it is set.
pub fn newest_pages(corpus: &Path) -> Vec<CorpusGame> {
    let index = corpus.join("index.tsv");
    let text = fs::read_to_string(&index).unwrap_or_else(|e| panic!("{}: {e}", index.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header row").split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("{}: no column {name}", index.display()))
    };
    let (id, slug, date, blob, source_path, committed) = (
        column("game_id"),
        column("slug"),
        column("date"),
        column("blob"),
        column("source_path"),
        column("committed"),
    );
    let mut newest: BTreeMap<String, (String, CorpusGame)> = BTreeMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let when = if cells[committed].is_empty() {
            cells[date]
        } else {
            cells[committed]
        };
        let extension = Path::new(cells[source_path])
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        let file = format!("{}_{}{extension}", cells[date], &cells[blob][..8]);
        let game = CorpusGame {
            slug: cells[slug].to_owned(),
            id: cells[id].parse().ok(),
            page: corpus.join(cells[slug]).join(file),
            source: format!("{}{extension}", cells[slug]),
        };
        match newest.get(cells[slug]) {
            Some((seen, _)) if seen.as_str() >= when => {}
            _ => {
                newest.insert(cells[slug].to_owned(), (when.to_owned(), game));
            }
        }
    }
    let only: Option<Vec<String>> = std::env::var("GEPGEN_GAMES")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect());
    newest
        .into_values()
        .map(|(_, game)| game)
        .filter(|g| only.as_ref().is_none_or(|only| only.contains(&g.slug)))
        .collect()
}

/// Failures by kind, reported readably: counts, then each failure on a line of at most a few
/// hundred characters; the whole list is also written to a file under `target/tmp`.
#[derive(Default)]
pub struct Failures {
    by_kind: BTreeMap<&'static str, Vec<String>>,
}

/// Lines shown per kind in the panic message (the file has them all).
const SHOWN_PER_KIND: usize = 25;

impl Failures {
    pub fn push(&mut self, kind: &'static str, message: impl Into<String>) {
        self.by_kind
            .entry(kind)
            .or_default()
            .push(clip(&message.into(), 400));
    }

    /// Takes out the failures of a known gap (`at`: the page and line they start with), and
    /// reports the gap itself as a failure when it no longer fails: a gap that is closed must
    /// leave the list, so the list never hides a new failure.
    pub fn expect_gap(&mut self, at: &str, reason: &str) {
        let mut found = false;
        for lines in self.by_kind.values_mut() {
            let before = lines.len();
            lines.retain(|line| !line.starts_with(&format!("{at}:")));
            found |= lines.len() != before;
        }
        self.by_kind.retain(|_, lines| !lines.is_empty());
        if !found {
            self.push(
                "known gap that no longer fails (remove it from the list)",
                format!("{at}: {reason}"),
            );
        }
    }

    pub fn count(&self, kind: &str) -> usize {
        self.by_kind.get(kind).map_or(0, Vec::len)
    }

    /// Panics with the report unless nothing failed; `name` names the report file.
    pub fn assert_none(&self, name: &str) {
        let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.failures.txt"));
        if self.by_kind.is_empty() {
            // A report of an earlier run would mislead.
            let _ = fs::remove_file(&file);
            return;
        }
        let mut summary = String::new();
        let mut full = String::new();
        for (kind, lines) in &self.by_kind {
            writeln!(summary, "  {kind}: {}", lines.len()).unwrap();
            writeln!(full, "## {kind} ({})", lines.len()).unwrap();
            for line in lines {
                writeln!(full, "{line}").unwrap();
            }
        }
        fs::write(&file, &full).unwrap();
        let mut shown = String::new();
        for (kind, lines) in &self.by_kind {
            writeln!(shown, "{kind}:").unwrap();
            for line in lines.iter().take(SHOWN_PER_KIND) {
                writeln!(shown, "  {line}").unwrap();
            }
            if lines.len() > SHOWN_PER_KIND {
                writeln!(shown, "  … {} more", lines.len() - SHOWN_PER_KIND).unwrap();
            }
        }
        panic!(
            "{name}: failures by kind:\n{summary}\n{shown}\nall of them in {}",
            file.display()
        );
    }
}

/// `text` on one line, cut to about `max` bytes (at a character boundary) with the length it had.
pub fn clip(text: &str, max: usize) -> String {
    let text = text.replace('\n', " ⏎ ");
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &text[..end], text.len())
}

/// The temporary project: its directory and the IRs regen read.
pub struct Tree {
    pub dir: tempfile::TempDir,
    /// The games regen could emit, with their IRs (in `games.toml` order).
    pub games: Vec<(CorpusGame, GameIr)>,
}

impl Tree {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The schema regen wrote for `slug`.
    pub fn schema(&self, slug: &str) -> Value {
        let path = self
            .path()
            .join(format!("generated/schema/{slug}.schema.json"));
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Sets up the tree tracking `games`, with `overrides` (slug → `spec/overrides` YAML), and runs
/// regen. A game whose outputs cannot be emitted is reported under `regen` and left out, so
/// that the other games are still checked; the whole run failing is reported too.
pub fn regen_tree(
    games: &[CorpusGame],
    overrides: &BTreeMap<&str, &str>,
    failures: &mut Failures,
) -> Tree {
    let dir = tempfile::Builder::new()
        .prefix("gepgen-all-games-")
        .tempdir()
        .unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("spec/docs")).unwrap();
    fs::create_dir_all(root.join("spec/overrides")).unwrap();
    let mut toml = String::new();
    for game in games {
        fs::copy(&game.page, root.join("spec/docs").join(&game.source))
            .unwrap_or_else(|e| panic!("{}: {e}", game.page.display()));
        let title = game
            .slug
            .split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ");
        write!(
            toml,
            "[[game]]\nslug = \"{}\"\ntitle = \"{title}\"\n",
            game.slug
        )
        .unwrap();
        if let Some(id) = game.id {
            writeln!(toml, "id = {id}").unwrap();
        }
        writeln!(toml, "source = \"{}\"\n", game.source).unwrap();
    }
    fs::write(root.join("spec/games.toml"), &toml).unwrap();
    for (slug, text) in overrides {
        fs::write(root.join(format!("spec/overrides/{slug}.yaml")), text).unwrap();
    }
    write_workspace(root);

    let toml = GamesToml::parse(&toml).expect("the tree's games.toml");
    let pages: Vec<TrackedPage<'_>> = toml
        .games
        .iter()
        .map(|entry| {
            let path = root.join("spec/docs").join(&entry.source);
            let overrides =
                fs::read_to_string(root.join(format!("spec/overrides/{}.yaml", entry.slug)))
                    .ok()
                    .map(|text| {
                        Overrides::parse(&text)
                            .unwrap_or_else(|e| panic!("the override of {}: {e}", entry.slug))
                    });
            TrackedPage {
                entry,
                text: String::from_utf8_lossy(&fs::read(path).unwrap()).into_owned(),
                overrides,
            }
        })
        .collect();
    let irs = regen::read_pages(&pages);
    let mut kept: Vec<(CorpusGame, GameIr)> = games.iter().cloned().zip(irs).collect();
    let plan = match regen::plan(&only_irs(&kept)) {
        Ok(plan) => plan,
        Err(error) => {
            failures.push("regen", format!("regen of all games: {error:#}"));
            // Which games stop it on their own: left out, so the rest are still checked.
            kept.retain(|(game, ir)| match regen::plan(std::slice::from_ref(ir)) {
                Ok(_) => true,
                Err(error) => {
                    failures.push("regen", format!("{}: {error:#}", game.page_name()));
                    false
                }
            });
            regen::plan(&only_irs(&kept)).unwrap_or_else(|e| {
                failures.assert_none("regen");
                panic!("regen without the failing games: {e:#}")
            })
        }
    };
    for file in plan {
        let path = root.join(&file.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, file.contents).unwrap();
    }
    Tree { dir, games: kept }
}

fn only_irs(games: &[(CorpusGame, GameIr)]) -> Vec<GameIr> {
    games.iter().map(|(_, ir)| ir.clone()).collect()
}

/// The checkout's workspace manifest with the generated crate as its only member (the crate
/// inherits its settings), and the checkout's lock file, so the same dependency versions build.
fn write_workspace(root: &Path) {
    let manifest = fs::read_to_string(project_root().join("Cargo.toml")).unwrap();
    let mut manifest: toml::Table = toml::from_str(&manifest).unwrap();
    let workspace = manifest["workspace"].as_table_mut().unwrap();
    workspace.insert(
        "members".into(),
        toml::Value::Array(vec!["generated/rust".into()]),
    );
    workspace.remove("exclude");
    fs::write(root.join("Cargo.toml"), toml::to_string(&manifest).unwrap()).unwrap();
    fs::copy(project_root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
}

/// The target directory the trees build in: kept between runs under the checkout's `target/`
/// (the outer `cargo test` holds the lock on its own build directory).
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("all-games-target")
}

/// Runs cargo in the tree.
pub fn cargo(tree: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(args)
        .current_dir(tree)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo")
}

/// The compiler's messages of a failed cargo run, one clipped line each: the `error`/`warning`
/// headline with its `-->` location.
pub fn compiler_messages(output: &Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut messages = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("error") || line.starts_with("warning") {
            if line.starts_with("error: could not compile")
                || line.contains("generated") && line.contains("warning")
            {
                continue;
            }
            let location = lines
                .peek()
                .filter(|l| l.trim_start().starts_with("-->"))
                .map(|l| l.trim_start().trim_start_matches("--> ").to_owned());
            messages.push(match location {
                Some(at) => format!("{at}: {line}"),
                None => line.to_owned(),
            });
        }
    }
    if messages.is_empty() {
        messages.push(clip(&stderr, 2000));
    }
    messages
}

/// Builds the `decode` example of the generated crate under `root` (a temporary tree or the
/// checkout) with every game; the failures are the compiler's.
pub fn build_decoder(root: &Path, failures: &mut Failures) -> Option<PathBuf> {
    let output = cargo(
        root,
        &[
            "build",
            "--quiet",
            "-p",
            "gep",
            "--all-features",
            "--example",
            "decode",
        ],
    );
    if !output.status.success() {
        for message in compiler_messages(&output) {
            failures.push("crate build", message);
        }
        return None;
    }
    Some(target_dir().join("debug/examples/decode"))
}

/// Runs the decode example with `args` over `lines` (one payload a line) on its stdin.
fn run_decoder(decoder: &Path, args: &[&str], lines: &[String]) -> Output {
    let mut child = Command::new(decoder)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the decode example");
    let input = lines.join("\n");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

/// The recorded payload files (`$GEPGEN_DATA/payloads/<slug>.jsonl`), each with its game's
/// newest corpus page (those `GEPGEN_GAMES` names); `None` (the test says it skipped) without
/// the outside data.
pub fn recordings(test: &str) -> Option<Vec<(CorpusGame, PathBuf)>> {
    let payloads = crate::common::data("payloads", test)?;
    let corpus = crate::common::data("corpus", test)?;
    let games = newest_pages(&corpus);
    let mut files: Vec<PathBuf> = fs::read_dir(&payloads)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    Some(
        files
            .into_iter()
            .filter_map(|file| {
                let slug = file.file_stem()?.to_string_lossy().into_owned();
                let Some(game) = games.iter().find(|g| g.slug == slug) else {
                    // Narrowed away by GEPGEN_GAMES; else a recording of a game the corpus
                    // lacks, which no test could check.
                    assert!(
                        std::env::var_os("GEPGEN_GAMES").is_some(),
                        "{}: no corpus game {slug}",
                        file.display()
                    );
                    return None;
                };
                Some((game.clone(), file))
            })
            .collect(),
    )
}

/// What one input line decoded to: its updates (as the example prints them), or the error.
pub type Decoded = Result<Vec<String>, String>;

/// Decodes `lines` (JSON documents, one per line) with one game of the decoder, named by its
/// module or its slug.
pub fn decode(decoder: &Path, game: &str, lines: &[String]) -> Vec<Decoded> {
    let output = run_decoder(decoder, &[game], lines);
    let mut decoded: Vec<Decoded> = vec![Ok(Vec::new()); lines.len()];
    // `<line number> <module>: <update>`; the module is an identifier.
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let parsed = line
            .split_once(' ')
            .and_then(|(number, rest)| Some((number, rest.split_once(": ")?.1)));
        if let Some((number, update)) = parsed {
            if let Ok(n) = number.parse::<usize>() {
                if let Some(Ok(updates)) = decoded.get_mut(n - 1) {
                    updates.push(update.to_owned());
                }
            }
        }
    }
    for line in String::from_utf8_lossy(&output.stderr).lines() {
        if let Some((number, error)) = line.split_once(": error: ") {
            if let Ok(n) = number.parse::<usize>() {
                if let Some(slot) = decoded.get_mut(n - 1) {
                    *slot = Err(error.to_owned());
                }
            }
        } else if !line.trim().is_empty() {
            panic!("decode {game}: {}", clip(line, 400));
        }
    }
    decoded
}

/// Whether an update (as the decode example prints it) is not a documented variant.
pub fn undocumented(update: &str) -> Option<&'static str> {
    if update.starts_with("Info(Unknown(") || update.starts_with("Event(Unknown(") {
        Some("Unknown")
    } else if update.starts_with("Info(Invalid {") || update.starts_with("Event(Invalid {") {
        Some("Invalid")
    } else {
        None
    }
}

/// What a user of the crate expects of a doc example decoded by [`decode`]: updates, each of a
/// documented key or event (not `Unknown`, not `Invalid`) and of the envelope's kind (an
/// `events` envelope gives events, an `info` one info updates). Each miss becomes a failure
/// naming `at`, quoting the update and the example.
pub fn check_decoded(failures: &mut Failures, at: &str, json: &Value, decoded: Decoded) {
    let quote = clip(&json.to_string(), 160);
    let kind = if json.get("events").is_some() {
        "Event("
    } else {
        "Info("
    };
    match decoded {
        Err(error) => failures.push(
            "example does not decode (error)",
            format!("{at}: {} | {quote}", clip(&error, 200)),
        ),
        Ok(updates) if updates.is_empty() => {
            failures.push("example decodes to no update", format!("{at}: {quote}"))
        }
        Ok(updates) => {
            for update in updates {
                let failure = match undocumented(&update) {
                    Some("Unknown") => "example decodes Unknown",
                    Some(_) => "example decodes Invalid",
                    None if !update.starts_with(kind) => {
                        "example decodes to an update of the other envelope"
                    }
                    None => continue,
                };
                failures.push(failure, format!("{at}: {} | {quote}", clip(&update, 220)));
            }
        }
    }
}

/// The errors of `instance` under `validator` that say the most: an `anyOf` over envelopes or
/// events fails as a whole, so the branch the instance came closest to is searched (the branch
/// of the right event fails only inside its data, the others at the name too), and its
/// deepest errors shown. At most three, each clipped, without the instance (which the failure
/// quotes once).
pub fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    let errors: Vec<jsonschema::ValidationError<'_>> = validator.iter_errors(instance).collect();
    let mut leaves = Vec::new();
    for error in &errors {
        collect_leaves(error, &mut leaves);
    }
    let depth =
        |e: &jsonschema::ValidationError<'_>| e.instance_path().as_str().matches('/').count();
    let deepest = leaves.iter().map(|e| depth(e)).max().unwrap_or(0);
    let mut shown: Vec<String> = Vec::new();
    for error in leaves.iter().filter(|e| depth(e) == deepest) {
        let line = format!(
            "at '{}': {}",
            error.instance_path(),
            clip(&error.masked().to_string(), 200)
        );
        if !shown.contains(&line) {
            shown.push(line);
        }
    }
    shown.truncate(3);
    shown
}

fn collect_leaves<'a, 'i>(
    error: &'a jsonschema::ValidationError<'i>,
    out: &mut Vec<&'a jsonschema::ValidationError<'i>>,
) where
    'a: 'i,
{
    use jsonschema::error::ValidationErrorKind as Kind;
    match error.kind() {
        Kind::AnyOf { context } | Kind::OneOfNotValid { context } if !context.is_empty() => {
            // The branch the instance came closest to: one whose discriminator (`const`, as an
            // event's name) matched, then the fewest errors, then the deepest.
            let missed_const = |branch: &Vec<jsonschema::ValidationError<'static>>| {
                branch
                    .iter()
                    .any(|e| matches!(e.kind(), Kind::Constant { .. }))
            };
            let depth = |branch: &Vec<jsonschema::ValidationError<'static>>| {
                branch
                    .iter()
                    .map(|e| e.instance_path().as_str().matches('/').count())
                    .max()
                    .unwrap_or(0)
            };
            let best = context
                .iter()
                .filter(|branch| !branch.is_empty())
                .min_by_key(|branch| {
                    (
                        missed_const(branch),
                        branch.len(),
                        std::cmp::Reverse(depth(branch)),
                    )
                });
            match best {
                Some(branch) => branch.iter().for_each(|inner| collect_leaves(inner, out)),
                None => out.push(error),
            }
        }
        _ => out.push(error),
    }
}

/// Per game, validators of the whole schema and of its two envelopes (for readable errors
/// when the whole schema rejects an instance), or why the schema does not compile.
pub struct GameSchema {
    pub whole: jsonschema::Validator,
    info: Option<jsonschema::Validator>,
    events: Option<jsonschema::Validator>,
}

impl GameSchema {
    pub fn new(schema: &Value) -> Result<Self, String> {
        Ok(Self {
            whole: deep_validator(schema, None)?,
            info: deep_validator(schema, Some("#/$defs/InfoUpdates2Event")).ok(),
            events: deep_validator(schema, Some("#/$defs/NewGameEvents")).ok(),
        })
    }

    /// `None` when `instance` validates; else the errors, from the envelope the instance has
    /// (the whole schema's errors are an `anyOf` that says little).
    pub fn reject(&self, instance: &Value) -> Option<String> {
        if self.whole.is_valid(instance) {
            return None;
        }
        let envelope = if instance.get("events").is_some() {
            self.events.as_ref()
        } else if instance.get("info").is_some() {
            self.info.as_ref()
        } else {
            None
        };
        let mut errors = envelope
            .map(|v| schema_errors(v, instance))
            .unwrap_or_default();
        if errors.is_empty() {
            errors = schema_errors(&self.whole, instance);
        }
        Some(errors.join("; "))
    }
}

/// What the decoder gives for each of `lines` with `--json`: its updates, as JSON (an
/// unreadable line gives one, the invalid payload).
pub fn decode_json(decoder: &Path, game: &str, lines: &[String]) -> Vec<Vec<Value>> {
    // The JSON Lines of `--json` do not say which payload each update came from; the plain
    // output does (`<line> <game>: <update>`, an unreadable line on stderr): it gives the
    // count of each line's updates, which splits the JSON Lines.
    let counts: Vec<usize> = decode(decoder, game, lines)
        .iter()
        .map(|decoded| decoded.as_ref().map_or(1, Vec::len))
        .collect();
    let output = run_decoder(decoder, &["--json", game], lines);
    let mut updates = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect::<Vec<Value>>()
        .into_iter();
    counts
        .iter()
        .map(|&count| updates.by_ref().take(count).collect())
        .collect()
}

/// The pydantic models datamodel-code-generator makes of `slug`'s schemas under `root` (the
/// checkout or a tree): the decoded schema as it comes, the wire schema with
/// `--use-title-as-name` (its inline objects are named by their titles). Failures for class
/// names the generator made up, and for decoded doc examples (`lines` decoded by `decoder`)
/// that do not parse into the decoded models. Returns how many decoded updates parsed.
///
/// Wire payloads are not parsed into the wire models: for a category with both listed keys
/// and a key family (`properties` beside `patternProperties`) the generator keeps only the
/// family, so the wire models reject what the schema accepts. The decoded schema is the one
/// made for other languages.
pub fn check_python_models(
    root: &Path,
    slug: &str,
    decoder: &Path,
    lines: &[String],
    failures: &mut Failures,
) -> usize {
    let decoded: Vec<String> = decode_json(decoder, slug, lines)
        .into_iter()
        .flatten()
        .map(|update| update.to_string())
        .collect();
    let schemas = root.join("generated/schema");
    let decoded_schema = schemas.join(format!("{slug}.decoded.schema.json"));
    let wire_schema = schemas.join(format!("{slug}.schema.json"));
    let parsed = pydantic_check(slug, &decoded_schema, &[], &decoded, failures);
    pydantic_check(slug, &wire_schema, &["--use-title-as-name"], &[], failures);
    parsed
}

/// Generates the models of `schema` and checks them with `tests/python/check_models.py`
/// against `instances`; returns how many parsed.
fn pydantic_check(
    slug: &str,
    schema: &Path,
    options: &[&str],
    instances: &[String],
    failures: &mut Failures,
) -> usize {
    let bin = crate::common::python_tools();
    let file = schema.file_name().unwrap().to_string_lossy().into_owned();
    let scratch = tempfile::tempdir().unwrap();
    let models = scratch.path().join("models.py");
    let generated = Command::new(bin.join("datamodel-codegen"))
        .args(["--input-file-type", "jsonschema"])
        .args(["--output-model-type", "pydantic_v2.BaseModel"])
        .args(options)
        .arg("--input")
        .arg(schema)
        .arg("--output")
        .arg(&models)
        .output()
        .expect("datamodel-codegen runs");
    if !generated.status.success() {
        failures.push(
            "datamodel-codegen fails",
            format!(
                "{file}: {}",
                clip(&String::from_utf8_lossy(&generated.stderr), 600)
            ),
        );
        return 0;
    }
    let instances_path = scratch.path().join("instances.jsonl");
    fs::write(&instances_path, instances.join("\n") + "\n").unwrap();
    let checked = Command::new(bin.join("python"))
        .arg(crate::common::project_root().join("tests/python/check_models.py"))
        .arg(&models)
        .arg(schema)
        .arg(&instances_path)
        .output()
        .expect("python runs");
    let summary: Value = match serde_json::from_slice(&checked.stdout) {
        Ok(summary) if checked.status.success() => summary,
        _ => {
            failures.push(
                "pydantic models do not load",
                format!(
                    "{file}: {}",
                    clip(&String::from_utf8_lossy(&checked.stderr), 600)
                ),
            );
            return 0;
        }
    };
    for name in summary["made_up"].as_array().into_iter().flatten() {
        failures.push(
            "class name made up by datamodel-codegen",
            format!("{file}: {name}"),
        );
    }
    for failure in summary["failures"].as_array().into_iter().flatten() {
        failures.push(
            "doc example does not parse into the pydantic models",
            format!("{file} ({slug}): {}", failure.as_str().unwrap_or_default()),
        );
    }
    summary["parsed"].as_u64().unwrap_or(0) as usize
}
