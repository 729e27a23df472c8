//! Decodes recorded GEP payloads, one JSON document per line (JSON Lines), and prints
//! what each line decodes to, as `<line number> <game>: <update>`. Blank lines and
//! lines starting with `//` are skipped.
//!
//! ```text
//! cargo run -p gep --example decode < payloads.jsonl
//! cargo run -p gep --example decode -- apex_legends < generated/rust/examples/apex_legends.jsonl
//! cargo run -p gep --example decode -- --json apex-legends < wire.jsonl > decoded.jsonl
//! ```
//!
//! Without a game, each line is decoded by every game the crate was built with, and
//! the game that recognises the most of it is shown (payloads do not name their game).
//! With `--json`, each decoded update is printed as one line of JSON, in the shape every
//! gepgen decoder writes (`docs/decoding.md`; the game's `.decoded.schema.json` describes
//! it), so that any language can read decoded recordings.
//! Exits with status 1 when a line could not be decoded, 2 on an unknown game.
//!
//! The program is the same for every crate: this file is copied from
//! `templates/rust/examples/decode/program.rs` (and tested there by
//! `tests/decode_program.rs`); `main.rs` beside it lists the games.

use std::io::{BufRead, Write};
use std::process::ExitCode;

/// What a line decoded to, printed.
pub struct Decoded {
    /// How many updates are documented keys or events (not `Unknown` or `Invalid`).
    pub documented: usize,
    pub updates: Vec<String>,
}

/// A game the crate was built with.
pub struct Game {
    /// Its module and cargo feature.
    pub name: &'static str,
    pub slug: &'static str,
    pub decode: fn(&str) -> Result<Decoded, gep::DecodeError>,
    /// Each update as one line of JSON (an unreadable payload is one `invalid` line).
    pub decode_json: fn(&str) -> Vec<String>,
}

/// The [`Game`] of a module of the crate: `game!(apex_legends, "apex_legends",
/// "apex-legends")` (module, name, slug).
macro_rules! game {
    ($module:ident, $name:literal, $slug:literal) => {
        $crate::program::Game {
            name: $name,
            slug: $slug,
            decode: {
                fn decode(line: &str) -> Result<$crate::program::Decoded, gep::DecodeError> {
                    use gep::$module::{Event, InfoUpdate, Update};
                    let updates = gep::$module::decode(line)?;
                    let documented = updates
                        .iter()
                        .filter(|update| {
                            !matches!(
                                update,
                                Update::Info(InfoUpdate::Unknown(_) | InfoUpdate::Invalid { .. })
                                    | Update::Event(Event::Unknown(_) | Event::Invalid { .. })
                            )
                        })
                        .count();
                    Ok($crate::program::Decoded {
                        documented,
                        updates: updates.iter().map(|update| format!("{update:?}")).collect(),
                    })
                }
                decode
            },
            decode_json: {
                fn decode_json(line: &str) -> Vec<String> {
                    gep::$module::decode_all(line)
                        .iter()
                        .map(|update| {
                            serde_json::to_string(update).unwrap_or_else(|error| {
                                serde_json::json!({"type": "invalid", "raw": line, "reason": error.to_string()})
                                    .to_string()
                            })
                        })
                        .collect()
                }
                decode_json
            },
        }
    };
}

/// Decodes with `first` and every game of `rest`; the game with the most documented
/// updates wins, the first one on a tie.
fn decode_any<'g>(
    first: &'g Game,
    rest: &'g [Game],
    line: &str,
) -> Result<(&'g Game, Decoded), gep::DecodeError> {
    let mut best = (first.decode)(line).map(|decoded| (first, decoded));
    for game in rest {
        if let Ok(decoded) = (game.decode)(line) {
            let better = match &best {
                Ok((_, best)) => decoded.documented > best.documented,
                Err(_) => true,
            };
            if better {
                best = Ok((game, decoded));
            }
        }
    }
    best
}

/// What the command line asks for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// A game's name or slug; `None`: the game that recognises the most of each line.
    pub game: Option<&'a str>,
    /// Print decoded updates as JSON Lines.
    pub json: bool,
}

/// The program over `games`: its arguments (`[--json] [GAME]`), stdin, stdout and stderr.
pub fn main(games: &[Game]) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = Options {
        json: args.iter().any(|arg| arg == "--json"),
        game: args.iter().find(|arg| *arg != "--json").map(String::as_str),
    };
    let status = run(
        games,
        options,
        std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    match status {
        Ok(status) => ExitCode::from(status),
        Err(error) => {
            // Stdout or stderr closed: nothing more can be printed or read.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Decodes the lines of `input` with the game of `options` (a name or a slug) or with every
/// game, printing to `out` and `err`; returns the exit status.
pub fn run(
    games: &[Game],
    Options { game, json }: Options<'_>,
    input: impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> std::io::Result<u8> {
    let names: Vec<&str> = games.iter().map(|game| game.name).collect();
    let usage = format!(
        "usage: decode [--json] [GAME] < payloads.jsonl\ngames: {}",
        names.join(", ")
    );
    let chosen = match game {
        None => None,
        Some(name) => match games.iter().find(|g| g.name == name || g.slug == name) {
            Some(game) => Some(game),
            None => {
                writeln!(err, "unknown game {name:?}\n{usage}")?;
                return Ok(2);
            }
        },
    };
    let Some((first, rest)) = games.split_first() else {
        writeln!(err, "the crate was built without any game feature\n{usage}")?;
        return Ok(2);
    };
    let mut failed = false;
    for (index, line) in input.lines().enumerate() {
        let number = index + 1;
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                writeln!(err, "error: cannot read line {number}: {error}")?;
                return Ok(1);
            }
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let result = match chosen {
            Some(game) => (game.decode)(line).map(|decoded| (game, decoded)),
            None => decode_any(first, rest, line),
        };
        match result {
            Ok((game, _)) if json => {
                for update in (game.decode_json)(line) {
                    writeln!(out, "{update}")?;
                }
            }
            Ok((game, decoded)) => {
                for update in decoded.updates {
                    writeln!(out, "{number} {}: {update}", game.name)?;
                }
            }
            Err(error) if json => {
                let game = chosen.unwrap_or(first);
                for update in (game.decode_json)(line) {
                    writeln!(out, "{update}")?;
                }
                writeln!(err, "{number}: error: {error}")?;
                failed = true;
            }
            Err(error) => {
                writeln!(err, "{number}: error: {error}")?;
                failed = true;
            }
        }
    }
    Ok(u8::from(failed))
}
