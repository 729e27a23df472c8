//! `cargo xtask`: the only part of gepgen that touches the file system.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use gepgen::diff::{self, Class, ReleaseVersion};
use gepgen::docs_repo::{self, IndexRow};
use gepgen::emit::GeneratedFile;
use gepgen::games::{GameEntry, GamesToml};
use gepgen::history::{self, PageVersion};
use gepgen::ir::{Code, Diagnostic, GameIr, Severity};
use gepgen::overrides::{self, Overrides};
use gepgen::pipeline::{page_to_ir, pages_to_ir_with, PageInput};
use gepgen::regen::{self, TrackedPage, DOCS_DIR, OVERRIDES_DIR};

mod git;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "gepgen: typed bindings for Overwolf GEP, generated from its docs"
)]
struct Cli {
    /// Project root (default: this checkout).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rewrite spec/*.yaml and generated/ from the pages in spec/docs; print each page's
    /// findings as `file:line: severity code: message`.
    Regen {
        /// Print only the count of findings per page.
        #[arg(long)]
        quiet: bool,
    },
    /// Fail, naming each file, if spec/ or generated/ differs from what regen would write.
    Check,
    /// Print the IR of any docs page (YAML, or one JSON object per line with --json).
    Parse {
        /// Pages to read (Markdown, MDX or flattened text).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// One JSON object per input file, one per line.
        #[arg(long)]
        json: bool,
    },
    /// Review what changed for consumers between two versions of a game's docs: each change
    /// classed breaking, additive or cosmetic, with the semver step it calls for.
    ///
    /// Exit status: 0, or 2 when --fail-on finds a change of that class or worse; 1 when an
    /// input cannot be read or the inputs document different games.
    Diff {
        /// The older version: a docs page (Markdown, MDX or text) or an IR YAML file.
        old: PathBuf,
        /// The newer version: a docs page or an IR YAML file.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// Exit with status 2 when a change of this class or a worse one is found.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Compare pages that document different games.
        #[arg(long)]
        force: bool,
    },
    /// Timeline of a game's page versions: when each key and event appeared, changed and
    /// disappeared. The folder's files, sorted by name, are the versions oldest first; with
    /// --from, the versions of one page in a clone of the docs repository, in commit order.
    History {
        /// A folder of page versions named `<date>_<anything>` (e.g. ../shared/corpus/dota-2),
        /// or with --from the page's path in the docs repository.
        page: PathBuf,
        /// A clone of the docs repository (a checkout or a bare clone).
        #[arg(long, value_name = "DOCS_CHECKOUT")]
        from: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
    },
    /// Copy the current page of each tracked game (its `upstream` path in spec/games.toml) from
    /// a clone of the docs repository into spec/docs, regen, and print the diff summary of each
    /// game that changed.
    ///
    /// Exit status: 0, or 2 when --fail-on finds a change of that class or worse.
    Sync {
        /// A clone of the docs repository (a checkout or a bare clone).
        #[arg(long, value_name = "DOCS_CHECKOUT")]
        from: PathBuf,
        /// Exit with status 2 when a change of this class or a worse one is found.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
    /// Write every version of every game events page of a clone of the docs repository, in the
    /// layout of the test corpus: `<slug>/<date>_<blob8>.<ext>` and `index.tsv`.
    Corpus {
        /// A clone of the docs repository (a checkout or a bare clone).
        #[arg(long, value_name = "DOCS_CHECKOUT")]
        from: PathBuf,
        /// The folder to write (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Track a new game: vendor its page into spec/docs, add it to spec/games.toml, regen.
    Add {
        /// The game's docs page (Markdown, MDX or flattened text).
        page: PathBuf,
        /// The slug naming its files (default: from the page's title or file name).
        #[arg(long)]
        slug: Option<String>,
        /// The Overwolf game id (default: the id the page states).
        #[arg(long)]
        id: Option<u64>,
        /// The game's name (default: the page's title).
        #[arg(long)]
        title: Option<String>,
        /// The page's path in the docs repository, for `cargo xtask sync`.
        #[arg(long, value_name = "PATH")]
        upstream: Option<String>,
    },
    /// Per tracked game: features, keys and events, how many are typed more precisely than
    /// `string`, the doc examples verified against the game's schema, diagnostics by code.
    Coverage {
        /// `markdown` prints a table; `json` the report as one JSON array.
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Breaking,
    Additive,
    Cosmetic,
}

/// Exit status when a file could not be read or written; warnings alone exit 0.
const FAILURE: u8 = 1;

#[global_allocator]
static GLOBAL: gepgen::allocator::Allocator = gepgen::allocator::Allocator;

fn main() -> ExitCode {
    gepgen::allocator::keep_freed_memory();
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(project_root);
    let result = match cli.command {
        Command::Regen { quiet } => regen(&root, Mode::Write { quiet }),
        Command::Check => regen(&root, Mode::Check),
        Command::Parse { files, json } => parse(&root, &files, json),
        Command::Diff {
            old,
            new,
            format,
            fail_on,
            force,
        } => diff_command(&root, &old, &new, format, fail_on, force),
        Command::History { page, from, format } => match from {
            Some(repo) => history_from_repo(&root, &repo, &page, format),
            None => history_command(&root, &page, format),
        },
        Command::Sync { from, fail_on } => sync(&root, &from, fail_on),
        Command::Corpus { from, out } => corpus(&from, &out),
        Command::Add {
            page,
            slug,
            id,
            title,
            upstream,
        } => add(&root, &page, slug, id, title, upstream),
        Command::Coverage { format } => coverage_command(&root, format),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(FAILURE)
        }
    }
}

/// The project root: the parent of the xtask crate.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the project root")
        .to_path_buf()
}

fn load_games(root: &Path) -> Result<GamesToml> {
    let path = root.join(GAMES_TOML);
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let games = GamesToml::parse(&text)
        .with_context(|| format!("{}: invalid games list", path.display()))?;
    let problems = games.problems();
    if !problems.is_empty() {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {p}", path.display()))
            .collect();
        bail!("{}", lines.join("\n"));
    }
    Ok(games)
}

/// The list of tracked games, relative to the project root.
const GAMES_TOML: &str = "spec/games.toml";

/// Reads a page; bytes that are not UTF-8 are replaced and reported with their line.
fn read_page(path: &Path) -> Result<(String, Option<Diagnostic>)> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if let Some(offset) = memchr::memchr(0, &bytes) {
        bail!(
            "{}: a binary file (a NUL byte at offset {offset}), not a docs page: give the page's Markdown, MDX or text",
            path.display()
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(error) => {
            let bytes = error.into_bytes();
            let valid_up_to = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |_| 0);
            let line = bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
            let line = u32::try_from(line).unwrap_or(u32::MAX);
            let diagnostic = Diagnostic::error(
                line,
                Code::InvalidUtf8,
                "the file is not valid UTF-8 from this line on; the bad bytes were replaced with U+FFFD, save the page as UTF-8",
            );
            Ok((
                String::from_utf8_lossy(&bytes).into_owned(),
                Some(diagnostic),
            ))
        }
    }
}

/// A tracked page as found in spec/docs, to recognise it when read from anywhere.
struct KnownPage<'g> {
    canonical_path: PathBuf,
    bytes: Vec<u8>,
    entry: &'g GameEntry,
}

/// The tracked pages that can be read.
fn known_pages<'g>(root: &Path, games: &'g GamesToml) -> Vec<KnownPage<'g>> {
    games
        .games
        .iter()
        .filter_map(|entry| {
            let path = root.join(DOCS_DIR).join(&entry.source);
            let bytes = fs::read(&path).ok()?;
            Some(KnownPage {
                canonical_path: path.canonicalize().ok()?,
                bytes,
                entry,
            })
        })
        .collect()
}

/// The games.toml entry of a page that is tracked (the same file, or the same bytes).
fn known_entry<'g>(known: &[KnownPage<'g>], file: &Path, text: &str) -> Option<&'g GameEntry> {
    let canonical = file.canonicalize().ok();
    known
        .iter()
        .find(|page| {
            Some(&page.canonical_path) == canonical.as_ref() || page.bytes == text.as_bytes()
        })
        .map(|page| page.entry)
}

/// The game's `spec/overrides/<slug>.yaml`, if it exists; an unreadable or invalid file is an
/// error naming it.
fn load_overrides(root: &Path, slug: &str) -> Result<Option<Overrides>> {
    let path = root.join(OVERRIDES_DIR).join(format!("{slug}.yaml"));
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", path.display())),
    };
    let corrections = Overrides::parse(&text).with_context(|| path.display().to_string())?;
    Ok(Some(corrections))
}

fn parse(root: &Path, files: &[PathBuf], json: bool) -> Result<ExitCode> {
    // Tracked pages get their slug, title and id from games.toml even when read from a copy.
    // Corrections from spec/overrides are not applied: parse shows the page as written (the
    // IR contract), and regen writes the corrected IR to spec/<slug>.yaml.
    let games = load_games(root).unwrap_or_default();
    let known = known_pages(root, &games);
    // Read everything first, then parse on all cores, then print in input order.
    let mut failed = false;
    let mut read: Vec<ReadPage<'_>> = Vec::new();
    for file in files {
        match read_page(file) {
            Ok((text, invalid)) => {
                let entry = known_entry(&known, file, &text);
                read.push(ReadPage {
                    path: file.to_string_lossy().into_owned(),
                    text,
                    invalid,
                    entry,
                });
            }
            Err(error) => {
                eprintln!("error: {error:#}");
                failed = true;
            }
        }
    }
    let inputs: Vec<PageInput<'_>> = read
        .iter()
        .map(|page| PageInput {
            text: &page.text,
            path: &page.path,
            known: page.entry,
        })
        .collect();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // A batch of pages at a time, each IR serialised on the core that read it: only a batch's
    // text is held, however many pages are given, and it is printed in input order. A large
    // page's IR is printed straight to stdout instead, as its text would take several times
    // the memory of the IR itself.
    for (batch, pages) in inputs.chunks(PARSE_BATCH).enumerate() {
        let first = batch * PARSE_BATCH;
        let outputs = pages_to_ir_with(pages, |index, mut ir| -> Result<_> {
            let page = &read[first + index];
            ir.diagnostics.extend(page.invalid.clone());
            let summary = summary(&ir);
            if page.text.len() > SERIALISED_BY_WORKERS_UP_TO {
                return Ok((PageOutput::Ir(Box::new(ir)), summary));
            }
            let mut printed = Vec::with_capacity(page.text.len() * 2);
            print_ir(&mut printed, &ir, json)?;
            Ok((PageOutput::Printed(printed), summary))
        });
        for (index, output) in outputs.into_iter().enumerate() {
            if !json && first + index > 0 {
                writeln!(out, "---")?;
            }
            let (output, summary) = output?;
            match output {
                PageOutput::Printed(printed) => out.write_all(&printed)?,
                PageOutput::Ir(ir) => print_ir(&mut out, &ir, json)?,
            }
            if let Some(summary) = summary {
                eprintln!("{summary}");
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(FAILURE)
    } else {
        ExitCode::SUCCESS
    })
}

/// A page `parse` read: its path as given, its text, the diagnostic of text that was not
/// UTF-8, and its games.toml entry when it is tracked.
struct ReadPage<'g> {
    path: String,
    text: String,
    invalid: Option<Diagnostic>,
    entry: Option<&'g GameEntry>,
}

/// Pages `parse` reads and serialises at a time.
const PARSE_BATCH: usize = 64;

/// Pages up to this size (bytes of text) are serialised by the worker that read them. The
/// output is about twice the page, so a batch holds at most a few hundred megabytes of it.
const SERIALISED_BY_WORKERS_UP_TO: usize = 1 << 20;

/// What `parse` prints for a page: the text a worker serialised, or the IR of a large page.
enum PageOutput {
    Printed(Vec<u8>),
    Ir(Box<GameIr>),
}

/// Writes an IR as `parse` prints it: a JSON line, or a YAML document.
fn print_ir(out: &mut impl Write, ir: &GameIr, json: bool) -> Result<()> {
    if json {
        serde_json::to_writer(&mut *out, ir)?;
        writeln!(out)?;
    } else {
        serde_yaml::to_writer(out, ir)?;
    }
    Ok(())
}

/// The line `parse` prints on stderr for a page with findings: how many of each severity.
fn summary(ir: &GameIr) -> Option<String> {
    let count = |severity| {
        ir.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    (errors + warnings > 0).then(|| {
        format!(
            "{}: {errors} error(s), {warnings} warning(s) (see `diagnostics`)",
            ir.source.path
        )
    })
}

/// `cargo xtask coverage`: the coverage report of the tracked pages, as regen reads them.
fn coverage_command(root: &Path, format: ReportFormat) -> Result<ExitCode> {
    let games = load_games(root)?;
    let pages = read_tracked_pages(root, &games)?;
    let report = gepgen::coverage::report(&regen::read_pages(&pages));
    let mut out = io::stdout().lock();
    match format {
        ReportFormat::Markdown => out.write_all(gepgen::coverage::render(&report).as_bytes())?,
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string(&report)?)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// What `regen` does with the plan.
#[derive(Clone, Copy)]
enum Mode {
    /// Write the changed files; print each finding, or with `quiet` only the counts.
    Write { quiet: bool },
    /// Write nothing; fail naming each stale file.
    Check,
}

fn regen(root: &Path, mode: Mode) -> Result<ExitCode> {
    regen_tree(root, mode).map(|(code, _)| code)
}

/// The tracked pages with their corrections, read from spec/docs; every page and overrides
/// file that cannot be read is named, and then nothing is returned.
fn read_tracked_pages<'g>(root: &Path, games: &'g GamesToml) -> Result<Vec<TrackedPage<'g>>> {
    let mut pages = Vec::new();
    let mut unreadable = Vec::new();
    for entry in &games.games {
        let path = root.join(DOCS_DIR).join(&entry.source);
        let overrides = match load_overrides(root, &entry.slug) {
            Ok(overrides) => overrides,
            Err(error) => {
                unreadable.push(format!("{error:#}"));
                None
            }
        };
        match read_page(&path) {
            Ok((text, None)) => pages.push(TrackedPage {
                entry,
                text,
                overrides,
            }),
            Ok((_, Some(diagnostic))) => unreadable.push(format!(
                "{}:{}: {}",
                path.display(),
                diagnostic.line.unwrap_or(0),
                diagnostic.message
            )),
            Err(error) => {
                unreadable.push(format!("{error:#} (game `{}` in {GAMES_TOML})", entry.slug))
            }
        }
    }
    if !unreadable.is_empty() {
        // Nothing is written, so the previous spec/ and generated/ stay intact.
        bail!("{}\nnothing was written", unreadable.join("\n"));
    }
    Ok(pages)
}

/// Regen of the tree at `root`, and the IRs it read (for callers that compare them).
fn regen_tree(root: &Path, mode: Mode) -> Result<(ExitCode, Vec<GameIr>)> {
    let games = load_games(root)?;
    let pages = read_tracked_pages(root, &games)?;
    let irs = regen::read_pages(&pages);
    if let Mode::Write { quiet } = mode {
        let mut err = io::stderr().lock();
        for ir in &irs {
            if !quiet {
                for line in finding_lines(ir) {
                    writeln!(err, "{line}")?;
                }
            }
            if let Some(summary) = summary(ir) {
                // The IR's `diagnostics` list them too, as reviewed in pull requests.
                writeln!(err, "{summary} in spec/{}.yaml", ir.game.slug)?;
            }
        }
    }
    let files = regen::plan(&irs)?;
    // Each file regen may own is read once: to compare with the plan and to find orphans.
    let existing: BTreeMap<String, Vec<u8>> = existing_outputs(root)?.into_iter().collect();
    let stale = regen::staleness(&files, &existing);
    if let Mode::Check = mode {
        if stale.is_empty() {
            return Ok((ExitCode::SUCCESS, irs));
        }
        eprintln!("{}", stale.report());
        return Ok((ExitCode::from(FAILURE), irs));
    }
    let regen::Staleness { changed, orphans } = stale;
    write_atomically(root, &changed)?;
    for path in &orphans {
        fs::remove_file(root.join(path))
            .with_context(|| format!("{path}: no longer generated, but cannot be deleted"))?;
    }
    eprintln!(
        "regen: {} files, {} changed, {} deleted",
        files.len(),
        changed.len(),
        orphans.len()
    );
    Ok((ExitCode::SUCCESS, irs))
}

/// Each warning and error of a page as `file:line: severity code: message`, the form editors
/// and CI annotate; findings about the page as a whole have no line. Infos (a repaired
/// example, a joined row) stay in the IR's `diagnostics` only.
fn finding_lines(ir: &GameIr) -> impl Iterator<Item = String> + '_ {
    let shown = ir
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info);
    shown.map(|d| {
        let place = match d.line {
            Some(line) => format!("{}:{line}", ir.source.path),
            None => ir.source.path.clone(),
        };
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        format!("{place}: {severity} {}: {}", d.code.as_str(), d.message)
    })
}

/// Every file regen may own, relative to `root` with `/` separators, with its bytes: the
/// `*.yaml` directly in spec/ and everything below generated/ but build and package
/// directories. A file that cannot be read is left out: it is never deleted, and a planned
/// one is rewritten.
fn existing_outputs(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut paths = Vec::new();
    if let Ok(entries) = fs::read_dir(root.join("spec")) {
        for entry in entries {
            let path = entry?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "yaml") {
                paths.push(path);
            }
        }
    }
    let mut dirs = vec![root.join("generated")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                if !path.ends_with("node_modules") && !path.ends_with("target") {
                    dirs.push(path);
                }
            } else {
                paths.push(path);
            }
        }
    }
    Ok(paths
        .into_iter()
        .filter_map(|path| {
            let bytes = fs::read(&path).ok()?;
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let relative = (relative.components())
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((relative, bytes))
        })
        .collect())
}

/// Writes the files in two phases: every new content to a temp file beside its target, then
/// renames. A failure in the first phase removes the temp files and leaves the tree as it
/// was; renames within one directory are atomic, so no file is ever half-written.
fn write_atomically(root: &Path, files: &[&GeneratedFile]) -> Result<()> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    for file in files {
        let target = root.join(&file.path);
        match stage(&target, &file.contents) {
            Ok(temp) => staged.push((temp, target)),
            Err(error) => {
                for (temp, _) in &staged {
                    let _ = fs::remove_file(temp);
                }
                return Err(
                    error.context(format!("{}: not written, and nothing else was", file.path))
                );
            }
        }
    }
    for (temp, target) in &staged {
        fs::rename(temp, target).with_context(|| format!("cannot replace {}", target.display()))?;
    }
    Ok(())
}

/// Writes `contents` to a temp file in `target`'s directory and returns its path.
fn stage(target: &Path, contents: &str) -> Result<PathBuf> {
    let dir = target.parent().context("output path has no directory")?;
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = target.file_name().context("output path has no file name")?;
    let temp = dir.join(format!(".{}.gepgen-tmp", name.to_string_lossy()));
    fs::write(&temp, contents).with_context(|| format!("cannot write {}", temp.display()))?;
    Ok(temp)
}

/// An IR `diff` or `history` read, from a docs page or from an IR YAML file.
struct LoadedIr {
    ir: GameIr,
    /// Read from a docs page, so without the game's corrections (an IR file has them).
    from_page: bool,
}

/// The IR of a docs page, or of an IR YAML file (`.yaml`, `.yml`). A tracked page gets its
/// games.toml facts; corrections are the caller's business.
fn load_ir(file: &Path, known: &[KnownPage<'_>]) -> Result<LoadedIr> {
    let (text, invalid) = read_page(file)?;
    // By name, or by content for `<(git show main:spec/apex-legends.yaml)`.
    let is_yaml = matches!(
        file.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    ) || looks_like_ir(&text);
    if is_yaml {
        let ir = serde_yaml::from_str(&text)
            .with_context(|| format!("{}: not a gepgen IR (spec/<slug>.yaml)", file.display()))?;
        return Ok(LoadedIr {
            ir,
            from_page: false,
        });
    }
    let entry = known_entry(known, file, &text);
    let mut ir = page_to_ir(&text, &file.to_string_lossy(), entry);
    ir.diagnostics.extend(invalid);
    Ok(LoadedIr {
        ir,
        from_page: true,
    })
}

/// An IR as regen writes it: comment lines, then the `source:` mapping. No docs page starts so.
fn looks_like_ir(text: &str) -> bool {
    text.lines()
        .find(|line| !line.starts_with('#'))
        .is_some_and(|line| line == "source:")
}

/// The games.toml entry of the game an IR documents: by id where both state one, else by slug.
fn tracked_game<'g>(games: &'g GamesToml, ir: &GameIr) -> Option<&'g GameEntry> {
    games
        .games
        .iter()
        .find(|entry| match (entry.id, ir.game.id) {
            (Some(a), Some(b)) => a == b,
            _ => entry.slug == ir.game.slug,
        })
}

/// The current versions of the generated crate and npm package, where they exist.
fn package_versions(root: &Path) -> (Option<ReleaseVersion>, Option<ReleaseVersion>) {
    let crate_version = fs::read_to_string(root.join("generated/rust/Cargo.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| {
            let version = table.get("package")?.get("version")?.as_str()?;
            ReleaseVersion::parse(version)
        });
    let npm_version = fs::read_to_string(root.join("generated/ts/package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| ReleaseVersion::parse(json.get("version")?.as_str()?));
    (crate_version, npm_version)
}

/// Exit status of `diff` when `--fail-on` finds a change of that class or worse.
const DRIFT: u8 = 2;

fn diff_command(
    root: &Path,
    old_path: &Path,
    new_path: &Path,
    format: ReportFormat,
    fail_on: Option<FailOn>,
    force: bool,
) -> Result<ExitCode> {
    let games = load_games(root).unwrap_or_default();
    let known = known_pages(root, &games);
    let mut old = load_ir(old_path, &known)?;
    let mut new = load_ir(new_path, &known)?;
    if !force {
        diff::same_game(&old.ir.game, &new.ir.game).with_context(|| {
            format!(
                "cannot compare {} with {}",
                old_path.display(),
                new_path.display()
            )
        })?;
    }
    // Both pages go through the game's corrections, as regen would read them, so a
    // correction is never mistaken for drift; IR files carry theirs already.
    let game = tracked_game(&games, &new.ir).or_else(|| tracked_game(&games, &old.ir));
    if let Some(corrections) = game
        .map(|g| load_overrides(root, &g.slug))
        .transpose()?
        .flatten()
    {
        for loaded in [&mut old, &mut new] {
            if loaded.from_page {
                overrides::apply(&mut loaded.ir, &corrections);
            }
        }
    }
    let (crate_version, npm_version) = package_versions(root);
    let report = diff::diff(&old.ir, &new.ir).with_versions(crate_version, npm_version);
    let text = match format {
        ReportFormat::Markdown => diff::render_markdown(&report),
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    let code = drift_exit(fail_on, report.worst());
    if code == ExitCode::from(DRIFT) {
        eprintln!("{}", report.summary_line());
    }
    Ok(code)
}

fn history_command(root: &Path, dir: &Path, format: ReportFormat) -> Result<ExitCode> {
    let games = load_games(root).unwrap_or_default();
    let known = known_pages(root, &games);
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<_>>()
        .with_context(|| format!("cannot read {}", dir.display()))?;
    files.retain(|path| {
        path.is_file()
            && matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "mdx" | "txt" | "yaml" | "yml")
            )
    });
    if files.is_empty() {
        bail!(
            "{} holds no page versions (.md, .mdx, .txt, .yaml)",
            dir.display()
        );
    }
    // A corpus folder's index.tsv (beside the folder) knows the commit times that order the
    // versions of one day.
    let index = fs::read_to_string(dir.join("../index.tsv"))
        .or_else(|_| fs::read_to_string(dir.join("index.tsv")))
        .ok();
    docs_repo::sort_versions(&mut files, index.as_deref());
    // The index also says which file of the docs repository each version was committed at:
    // parallel files are kept apart. Without it (a plain folder), every version needs one.
    let sources = index
        .as_deref()
        .map(docs_repo::version_sources)
        .unwrap_or_default();
    let mut versions: Vec<PageVersion> = Vec::with_capacity(files.len());
    for file in &files {
        // The pages as upstream wrote them: no corrections. A folder may hold several pages
        // of one game; the history tells them apart.
        let LoadedIr { ir, from_page: _ } = load_ir(file, &known)?;
        versions.push(PageVersion {
            file: file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            ir,
            source: sources.get(&docs_repo::corpus_key(file)).cloned(),
        });
    }
    print_history(&versions, format)
}

/// The versions of one page of a docs repository clone, oldest commit first, as
/// `history` reads a folder: the page is followed across renames, from any of its paths.
fn history_from_repo(
    root: &Path,
    repo: &Path,
    page: &Path,
    format: ReportFormat,
) -> Result<ExitCode> {
    let repo = git::Repo::open(repo)?;
    let page = page.to_string_lossy().replace('\\', "/");
    let versions = docs_repo::versions(&repo.log(&["*.md", "*.mdx"])?);
    let Some(slug) = versions
        .iter()
        .find(|v| v.source_path == page)
        .map(|v| v.slug.clone())
    else {
        bail!("{page} is no game events page in the history of that repository: give its path as `git ls-files` prints it");
    };
    let mut ordered: Vec<&docs_repo::Version> =
        versions.iter().filter(|v| v.slug == slug).collect();
    ordered.sort_by_key(|v| v.committed);
    let blobs = repo.blobs(&ordered.iter().map(|v| v.blob.as_str()).collect::<Vec<_>>())?;
    let games = load_games(root).unwrap_or_default();
    let known = known_pages(root, &games);
    let versions: Vec<PageVersion> = ordered
        .iter()
        .zip(blobs)
        .map(|(version, bytes)| {
            let text = String::from_utf8_lossy(&bytes);
            let known = (known.iter())
                .map(|page| page.entry)
                .find(|entry| entry.upstream.as_deref() == Some(version.source_path.as_str()));
            PageVersion {
                file: format!(
                    "{}_{}",
                    version.date,
                    &version.blob[..8.min(version.blob.len())]
                ),
                ir: page_to_ir(&text, &version.source_path, known),
                // One page followed across its renames: one file at a time, never parallel.
                source: None,
            }
        })
        .collect();
    print_history(&versions, format)
}

fn print_history(versions: &[PageVersion], format: ReportFormat) -> Result<ExitCode> {
    let timeline = history::history(versions);
    let text = match format {
        ReportFormat::Markdown => history::render_markdown(&timeline),
        ReportFormat::Json => serde_json::to_string_pretty(&timeline)? + "\n",
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask sync`: the tracked games' current pages from the docs repository.
fn sync(root: &Path, repo_dir: &Path, fail_on: Option<FailOn>) -> Result<ExitCode> {
    let repo = git::Repo::open(repo_dir)?;
    let games = load_games(root)?;
    let mut updates: Vec<(&GameEntry, Vec<u8>)> = Vec::new();
    let mut problems = Vec::new();
    for entry in &games.games {
        let Some(upstream) = entry.upstream.as_deref() else {
            eprintln!(
                "{}: no `upstream` path in {GAMES_TOML}: add the page's path in the docs repository to sync it",
                entry.slug
            );
            continue;
        };
        // A checkout's working tree wins (a maintainer may be on a branch); a bare clone has
        // only commits.
        let on_disk = repo_dir.join(upstream);
        let bytes = if on_disk.is_file() {
            Some(fs::read(&on_disk).with_context(|| format!("cannot read {}", on_disk.display()))?)
        } else {
            repo.read_head(upstream)?
        };
        match bytes {
            Some(bytes) => updates.push((entry, bytes)),
            None => {
                let name = upstream.rsplit('/').next().unwrap_or(upstream);
                let moved: Vec<String> = repo
                    .events_pages()?
                    .into_iter()
                    .filter(|path| path.rsplit('/').next() == Some(name))
                    .collect();
                let hint = match moved.as_slice() {
                    [] => {
                        "the page was removed or renamed: find its new path and update `upstream`"
                            .to_owned()
                    }
                    found => format!(
                        "it may have moved to {}: update `upstream`",
                        found.join(" or ")
                    ),
                };
                problems.push(format!(
                    "{}: the docs repository has no {upstream} ({hint} in {GAMES_TOML})",
                    entry.slug
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}\nnothing was copied", problems.join("\n"));
    }
    // The IRs before, as the last regen wrote them, to report what the new pages change.
    let before: BTreeMap<String, GameIr> = updates
        .iter()
        .filter_map(|(entry, _)| {
            let text = fs::read_to_string(root.join(format!("spec/{}.yaml", entry.slug))).ok()?;
            Some((entry.slug.clone(), serde_yaml::from_str(&text).ok()?))
        })
        .collect();
    // A page whose upstream file has another extension (a flattened `.txt` copy, a page moved
    // from `.md` to `.mdx`) is vendored under the upstream extension, and games.toml follows.
    let mut games_text = fs::read_to_string(root.join(GAMES_TOML))?;
    let mut renamed = Vec::new();
    let mut pages = Vec::new();
    for (entry, bytes) in &updates {
        let upstream = entry.upstream.as_deref().unwrap_or_default();
        let source = match (extension_of(upstream), extension_of(&entry.source)) {
            (Some(new), old) if old != Some(new) => {
                let stem = entry
                    .source
                    .rsplit_once('.')
                    .map_or(entry.source.as_str(), |(stem, _)| stem);
                let source = format!("{stem}.{new}");
                let line = format!("source = \"{}\"", entry.source);
                if games_text.matches(&line).count() != 1 {
                    bail!("{}: cannot rename its source to {source} in {GAMES_TOML}: write `{line}` on a line of its own", entry.slug);
                }
                games_text = games_text.replace(&line, &format!("source = \"{source}\""));
                renamed.push(format!("{DOCS_DIR}/{}", entry.source));
                source
            }
            _ => entry.source.clone(),
        };
        pages.push(GeneratedFile {
            path: format!("{DOCS_DIR}/{source}"),
            contents: String::from_utf8_lossy(bytes).into_owned(),
        });
    }
    if !renamed.is_empty() {
        pages.push(GeneratedFile {
            path: GAMES_TOML.to_owned(),
            contents: games_text,
        });
    }
    let changed_pages: Vec<&GeneratedFile> = pages
        .iter()
        .filter(|page| {
            fs::read(root.join(&page.path)).ok().as_deref() != Some(page.contents.as_bytes())
        })
        .collect();
    write_atomically(root, &changed_pages)?;
    for old in &renamed {
        fs::remove_file(root.join(old))
            .with_context(|| format!("{old}: renamed, but cannot be deleted"))?;
        eprintln!(
            "sync: {old} is now vendored under the upstream extension ({GAMES_TOML} updated)"
        );
    }
    eprintln!(
        "sync: {} pages read, {} changed",
        updates.len(),
        changed_pages.len()
    );
    let (code, irs) = regen_tree(root, Mode::Write { quiet: true })?;
    if code != ExitCode::SUCCESS {
        return Ok(code);
    }
    let (crate_version, npm_version) = package_versions(root);
    let mut worst = None;
    for ir in &irs {
        let Some(old) = before.get(&ir.game.slug) else {
            continue;
        };
        let report = diff::diff(old, ir).with_versions(crate_version, npm_version);
        if report.worst().is_some() {
            println!("{}", report.summary_line());
            worst = match (worst, report.worst()) {
                (Some(a), Some(b)) => Some(std::cmp::min(a, b)),
                (a, b) => a.or(b),
            };
        }
    }
    Ok(drift_exit(fail_on, worst))
}

/// The extension of a file name, if it has one.
fn extension_of(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    name.rsplit_once('.')
        .map(|(_, ext)| ext)
        .filter(|ext| !ext.is_empty())
}

/// Exit status 2 when `fail_on` is set and the worst change is of that class or worse.
fn drift_exit(fail_on: Option<FailOn>, worst: Option<Class>) -> ExitCode {
    let threshold = fail_on.map(|f| match f {
        FailOn::Breaking => Class::Breaking,
        FailOn::Additive => Class::Additive,
        FailOn::Cosmetic => Class::Cosmetic,
    });
    match (threshold, worst) {
        (Some(threshold), Some(worst)) if worst <= threshold => ExitCode::from(DRIFT),
        _ => ExitCode::SUCCESS,
    }
}

/// `cargo xtask corpus`: every version of every events page, as `../shared/corpus` lays it out.
fn corpus(repo_dir: &Path, out: &Path) -> Result<ExitCode> {
    let repo = git::Repo::open(repo_dir)?;
    let versions = docs_repo::versions(&repo.log(&["*.md", "*.mdx"])?);
    let blobs = repo.blobs(&versions.iter().map(|v| v.blob.as_str()).collect::<Vec<_>>())?;
    let mut rows = Vec::with_capacity(versions.len());
    let mut texts: HashMap<String, Vec<u8>> = HashMap::with_capacity(versions.len());
    for (version, bytes) in versions.into_iter().zip(blobs) {
        let game_id = page_to_ir(&String::from_utf8_lossy(&bytes), &version.source_path, None)
            .game
            .id;
        rows.push(IndexRow {
            game_id,
            bytes: bytes.len(),
            version,
        });
        texts.insert(rows[rows.len() - 1].version.blob.clone(), bytes);
    }
    let rows = docs_repo::file_by_game_id(rows);
    for row in &rows {
        let path = out.join(row.file_name());
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let bytes = texts
            .get(&row.version.blob)
            .map(Vec::as_slice)
            .unwrap_or_default();
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let index = out.join("index.tsv");
    fs::write(&index, docs_repo::index_tsv(&rows))
        .with_context(|| format!("cannot write {}", index.display()))?;
    let games: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.version.slug.as_str()).collect();
    eprintln!(
        "corpus: {} versions of {} games written to {}",
        rows.len(),
        games.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask add`: a new tracked game, validated before anything is written.
fn add(
    root: &Path,
    page: &Path,
    slug: Option<String>,
    id: Option<u64>,
    title: Option<String>,
    upstream: Option<String>,
) -> Result<ExitCode> {
    let (text, invalid) = read_page(page)?;
    if let Some(invalid) = invalid {
        bail!(
            "{}:{}: {}",
            page.display(),
            invalid.line.unwrap_or(0),
            invalid.message
        );
    }
    let ir = page_to_ir(&text, &page.to_string_lossy(), None);
    let file_stem = page
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stated = (ir.game.slug != file_stem).then(|| ir.game.slug.clone());
    let slug = slug
        .or(stated)
        .unwrap_or_else(|| gepgen::games::suggest_slug(&file_stem));
    let title = title.unwrap_or_else(|| ir.game.title.clone());
    if let (Some(given), Some(stated)) = (id, ir.game.id) {
        if given != stated {
            bail!("the page states game id {stated}, not {given}: drop --id, or check which page this is");
        }
    }
    let id = id.or(ir.game.id);
    let extension = page
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "md".to_owned());
    let source = format!("{slug}.{extension}");
    let games_path = root.join(GAMES_TOML);
    let games_text = fs::read_to_string(&games_path)
        .with_context(|| format!("cannot read {}", games_path.display()))?;
    let mut games = GamesToml::parse(&games_text)
        .with_context(|| format!("{}: invalid games list", games_path.display()))?;
    let entry = GameEntry {
        slug: slug.clone(),
        title,
        id,
        source: source.clone(),
        upstream,
    };
    games.games.push(entry.clone());
    let problems = games.problems();
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        bail!(
            "{}\nnothing was written (give another --slug?)",
            lines.join("\n")
        );
    }
    let docs_path = format!("{DOCS_DIR}/{source}");
    if root.join(&docs_path).exists() {
        bail!("{docs_path} exists already: remove it or give another --slug");
    }
    let mut appended = games_text;
    if !appended.ends_with('\n') {
        appended.push('\n');
    }
    appended.push_str(&format!("\n[[game]]\n{}", toml::to_string(&entry)?));
    write_atomically(
        root,
        &[
            &GeneratedFile {
                path: docs_path.clone(),
                contents: text,
            },
            &GeneratedFile {
                path: GAMES_TOML.to_owned(),
                contents: appended,
            },
        ],
    )?;
    eprintln!(
        "add: {slug} ({}) tracked from {docs_path}{}",
        entry.title,
        id.map_or_else(
            || ", no game id: add `id` to spec/games.toml".to_owned(),
            |id| format!(", game id {id}")
        )
    );
    let (code, _) = regen_tree(root, Mode::Write { quiet: false })?;
    eprintln!(
        "next: review spec/{slug}.yaml (the warnings above name the page's lines), run `cargo test` and accept the new snapshots with `cargo insta review` (see README, \"Track a new game\")"
    );
    Ok(code)
}
