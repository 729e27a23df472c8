//! `cargo xtask`: the only part of gepgen that touches the file system.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

use gepgen::emit::GeneratedFile;
use gepgen::games::GamesToml;
use gepgen::ir::{Code, Diagnostic, GameIr, Severity};
use gepgen::pipeline::page_to_ir;
use gepgen::regen::{self, TrackedPage, DOCS_DIR};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "gepgen: typed bindings for Overwolf GEP, generated from its docs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rewrite spec/*.yaml and generated/ from the pages in spec/docs.
    Regen,
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
}

/// Exit status when a file could not be read or written; warnings alone exit 0.
const FAILURE: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regen => regen(false),
        Command::Check => regen(true),
        Command::Parse { files, json } => parse(&files, json),
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
    let path = root.join("spec/games.toml");
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    GamesToml::parse(&text).with_context(|| format!("{}: invalid games list", path.display()))
}

/// Reads a page; bytes that are not UTF-8 are replaced and reported with their line.
fn read_page(path: &Path) -> Result<(String, Option<Diagnostic>)> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
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

fn parse(files: &[PathBuf], json: bool) -> Result<ExitCode> {
    let root = project_root();
    // Tracked pages get their slug, title and id from games.toml even when read from a copy.
    let games = load_games(&root).unwrap_or_default();
    let tracked: Vec<(PathBuf, Vec<u8>, &gepgen::games::GameEntry)> = games
        .games
        .iter()
        .filter_map(|entry| {
            let path = root.join(DOCS_DIR).join(&entry.source);
            let bytes = fs::read(&path).ok()?;
            Some((path.canonicalize().ok()?, bytes, entry))
        })
        .collect();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for (index, file) in files.iter().enumerate() {
        let (text, invalid) = match read_page(file) {
            Ok(read) => read,
            Err(error) => {
                eprintln!("error: {error:#}");
                failed = true;
                continue;
            }
        };
        let canonical = file.canonicalize().ok();
        let known = tracked
            .iter()
            .find(|(path, bytes, _)| Some(path) == canonical.as_ref() || bytes == text.as_bytes())
            .map(|(_, _, entry)| *entry);
        let mut ir = page_to_ir(&text, &file.to_string_lossy(), known);
        ir.diagnostics.extend(invalid);
        if json {
            serde_json::to_writer(&mut out, &ir)?;
            writeln!(out)?;
        } else {
            if index > 0 {
                writeln!(out, "---")?;
            }
            out.write_all(serde_yaml::to_string(&ir)?.as_bytes())?;
        }
        report(&ir);
    }
    Ok(if failed {
        ExitCode::from(FAILURE)
    } else {
        ExitCode::SUCCESS
    })
}

/// One line per page on stderr: how many findings of each severity.
fn report(ir: &GameIr) {
    let count = |severity| {
        ir.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if errors + warnings > 0 {
        eprintln!(
            "{}: {errors} error(s), {warnings} warning(s) (see `diagnostics`)",
            ir.source.path
        );
    }
}

fn regen(check: bool) -> Result<ExitCode> {
    let root = project_root();
    let games = load_games(&root)?;
    let mut pages = Vec::new();
    let mut unreadable = Vec::new();
    for entry in &games.games {
        let path = root.join(DOCS_DIR).join(&entry.source);
        match read_page(&path) {
            Ok((text, None)) => pages.push(TrackedPage { entry, text }),
            Ok((_, Some(diagnostic))) => unreadable.push(format!(
                "{}:{}: {}",
                path.display(),
                diagnostic.line.unwrap_or(0),
                diagnostic.message
            )),
            Err(error) => unreadable.push(format!("{error:#}")),
        }
    }
    if !unreadable.is_empty() {
        // Nothing is written, so the previous spec/ and generated/ stay intact.
        bail!("{}\nnothing was written", unreadable.join("\n"));
    }
    let files = regen::plan(&pages)?;
    for ir in regen::read_pages(&pages) {
        report(&ir);
    }
    if check {
        let stale: Vec<&GeneratedFile> = files
            .iter()
            .filter(|file| {
                fs::read_to_string(root.join(&file.path)).ok().as_deref()
                    != Some(file.contents.as_str())
            })
            .collect();
        if stale.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        for file in &stale {
            eprintln!("stale: {}", file.path);
        }
        eprintln!("run `cargo xtask regen` and commit the result");
        return Ok(ExitCode::from(FAILURE));
    }
    let mut written = 0;
    for file in &files {
        if ensure_file_contents(&root.join(&file.path), &file.contents)? {
            written += 1;
        }
    }
    eprintln!("regen: {} files, {written} changed", files.len());
    Ok(ExitCode::SUCCESS)
}

/// Writes `contents` to `path` if it differs, atomically (temp file, then rename), so a
/// crash never leaves a half-written file. Returns whether the file changed.
fn ensure_file_contents(path: &Path, contents: &str) -> Result<bool> {
    if fs::read(path).ok().as_deref() == Some(contents.as_bytes()) {
        return Ok(false);
    }
    let dir = path.parent().context("output path has no directory")?;
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path.file_name().context("output path has no file name")?;
    let temp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    fs::write(&temp, contents).with_context(|| format!("cannot write {}", temp.display()))?;
    fs::rename(&temp, path).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(true)
}
