//! Decodes recorded GEP payloads, one JSON document per line (JSON Lines), and prints
//! what each line decodes to, as `<line number> <game>: <update>`. Blank lines and
//! lines starting with `//` are skipped.
//!
//! ```text
//! cargo run -p gep --example decode < payloads.jsonl
//! cargo run -p gep --example decode -- apex_legends < generated/rust/examples/apex_legends.jsonl
//! ```
//!
//! Without a game, each line is decoded by every game the crate was built with, and
//! the game that recognises the most of it is shown (payloads do not name their game).
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

/// The program over `games`: its first argument, stdin, stdout and stderr.
pub fn main(games: &[Game]) -> ExitCode {
    let status = run(
        games,
        std::env::args().nth(1).as_deref(),
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

/// Decodes the lines of `input` with `game` (a name or a slug) or with every game, printing
/// to `out` and `err`; returns the exit status.
pub fn run(
    games: &[Game],
    game: Option<&str>,
    input: impl BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> std::io::Result<u8> {
    let names: Vec<&str> = games.iter().map(|game| game.name).collect();
    let usage = format!(
        "usage: decode [GAME] < payloads.jsonl\ngames: {}",
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
            Ok((game, decoded)) => {
                for update in decoded.updates {
                    writeln!(out, "{number} {}: {update}", game.name)?;
                }
            }
            Err(error) => {
                writeln!(err, "{number}: error: {error}")?;
                failed = true;
            }
        }
    }
    Ok(u8::from(failed))
}
