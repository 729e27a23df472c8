//! What real apps received: every payload recorded in `payloads/*.jsonl` (sessions of corpus
//! games, see the folder's README) against the outputs built from its game's newest corpus
//! page, tracked in a temporary project: each validates against the game's schema, the JSON
//! documents inside strings included, and decodes with no `Invalid` (and no error). TFT's
//! `player_status`, a map keyed by player names, decodes to those names with their values.
//!
//! Where a page is simply wrong about what the game sends, the tree gets a correction in
//! `spec/overrides/<slug>.yaml` with its reason ([`CORRECTIONS`]), as a maintainer would write
//! it; nothing is excepted silently.
//!
//! The payloads are outside data (`$GEPGEN_DATA/payloads`, by default `../shared/payloads`):
//! without them the tests say so and pass. `GEPGEN_GAMES=slug,slug` checks only those games.

mod all_games;
mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use all_games::{
    build_decoder, clip, decode, regen_tree, undocumented, CorpusGame, Failures, GameSchema, Tree,
};
use serde_json::Value;

/// Corrections to pages that are wrong about what their game sends, by slug, in the
/// `spec/overrides` format (each with its reason). None is needed so far: every mismatch
/// found is one the pipeline must handle for any page of its kind.
const CORRECTIONS: &[(&str, &str)] = &[];

/// A game's recorded payloads: the lines of its file.
struct Recording {
    game: CorpusGame,
    file: PathBuf,
    lines: Vec<String>,
}

/// The recordings with their corpus game, and the tree tracking those games; `None` when the
/// data is absent (the test is skipped).
fn setup(test: &str, failures: &mut Failures) -> Option<(Vec<Recording>, Tree)> {
    let recordings: Vec<Recording> = all_games::recordings(test)?
        .into_iter()
        .map(|(game, file)| {
            let text = fs::read_to_string(&file).unwrap();
            let lines = text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
                .map(str::to_owned)
                .collect();
            Recording { game, file, lines }
        })
        .collect();
    let tracked: Vec<CorpusGame> = recordings.iter().map(|r| r.game.clone()).collect();
    let corrections: BTreeMap<&str, &str> = CORRECTIONS.iter().copied().collect();
    let tree = regen_tree(&tracked, &corrections, failures);
    Some((recordings, tree))
}

fn location(recording: &Recording, index: usize) -> String {
    format!(
        "payloads/{}:{}",
        recording.file.file_name().unwrap().to_string_lossy(),
        index + 1
    )
}

#[test]
fn every_recorded_payload_validates_and_decodes_without_invalid() {
    let mut failures = Failures::default();
    let Some((recordings, tree)) = setup(
        "every_recorded_payload_validates_and_decodes_without_invalid",
        &mut failures,
    ) else {
        return;
    };
    let decoder = build_decoder(tree.path(), &mut failures);
    let mut checked = 0;
    for recording in &recordings {
        let slug = &recording.game.slug;
        if !tree.games.iter().any(|(g, _)| &g.slug == slug) {
            continue; // regen left it out, reported under `regen`
        }
        match GameSchema::new(&tree.schema(slug)) {
            Err(error) => failures.push(
                "schema does not compile (jsonschema)",
                format!("{slug}: {error}"),
            ),
            Ok(schema) => {
                for (index, line) in recording.lines.iter().enumerate() {
                    let at = location(recording, index);
                    match serde_json::from_str::<Value>(line) {
                        Err(error) => {
                            failures.push("payload is not JSON", format!("{at}: {error}"))
                        }
                        Ok(payload) => {
                            if let Some(why) = schema.reject(&payload) {
                                failures.push(
                                    "payload rejected by its schema",
                                    format!("{at}: {} | {}", clip(&why, 240), clip(line, 140)),
                                );
                            }
                        }
                    }
                }
            }
        }
        let Some(decoder) = &decoder else { continue };
        let decoded = decode(decoder, &recording.game.module(), &recording.lines);
        for (index, (line, decoded)) in recording.lines.iter().zip(decoded).enumerate() {
            let at = location(recording, index);
            match decoded {
                Err(error) => failures.push(
                    "payload does not decode (error)",
                    format!("{at}: {} | {}", clip(&error, 200), clip(line, 140)),
                ),
                Ok(updates) => {
                    for update in updates {
                        if undocumented(&update) == Some("Invalid") {
                            failures.push(
                                "payload decodes Invalid",
                                format!("{at}: {} | {}", clip(&update, 220), clip(line, 140)),
                            );
                        }
                    }
                }
            }
        }
        checked += recording.lines.len();
    }
    eprintln!(
        "payloads: {checked} recorded payloads of {} games",
        recordings.len()
    );
    failures.assert_none("payloads");
}

/// TFT's `player_status` is a JSON document inside a string, a map keyed by player names:
/// every recorded one decodes to those names, each with the values recorded for it (a struct
/// with a field per name of the docs' example decodes them all to `None`).
#[test]
fn tft_player_status_decodes_to_the_real_names_with_their_values() {
    if std::env::var("GEPGEN_GAMES")
        .is_ok_and(|g| !g.split(',').any(|s| s.trim() == "teamfight-tactics"))
    {
        return; // narrowed to other games
    }
    let mut failures = Failures::default();
    let Some((recordings, tree)) = setup(
        "tft_player_status_decodes_to_the_real_names_with_their_values",
        &mut failures,
    ) else {
        return;
    };
    let recording = recordings
        .iter()
        .find(|r| r.game.slug == "teamfight-tactics")
        .expect("a teamfight-tactics recording");
    // (line index, player name, that player's recorded fields)
    let mut statuses: Vec<(usize, String, serde_json::Map<String, Value>)> = Vec::new();
    for (index, line) in recording.lines.iter().enumerate() {
        let payload: Value = serde_json::from_str(line).unwrap();
        let Some(categories) = payload["info"].as_object() else {
            continue;
        };
        for keys in categories.values() {
            let Some(Value::String(document)) = keys.get("player_status") else {
                continue;
            };
            let players: serde_json::Map<String, Value> =
                serde_json::from_str(document).expect("player_status holds a JSON object");
            for (name, fields) in players {
                statuses.push((index, name, fields.as_object().cloned().unwrap_or_default()));
            }
        }
    }
    assert!(
        statuses.len() > 100,
        "player_status payloads in the recording: {}",
        statuses.len()
    );
    let Some(decoder) = build_decoder(tree.path(), &mut failures) else {
        failures.assert_none("payloads_player_status");
        unreachable!()
    };
    let decoded = decode(
        decoder.as_path(),
        &recording.game.module(),
        &recording.lines,
    );
    // One failure per payload, naming what is missing.
    let mut missing: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (index, name, fields) in &statuses {
        let text = match &decoded[*index] {
            Ok(updates) => updates.join(" "),
            Err(error) => {
                failures.push(
                    "player_status does not decode",
                    format!("{}: {error}", location(recording, *index)),
                );
                continue;
            }
        };
        // The player's entry: `"<name>": <value>` in the decoded map's Debug form.
        let key = format!("{name:?}: ");
        let Some(start) = text.find(&key) else {
            missing.entry(*index).or_default().push(format!("{name:?}"));
            continue;
        };
        let entry = balanced(&text[start + key.len()..]);
        for (field, value) in fields {
            let ident = heck::ToSnakeCase::to_snake_case(field.as_str());
            let shown = value.to_string();
            // Numbers decode as f64 (examples never prove a field integral): `1` shows as `1.0`.
            let as_float = value.as_i64().map(|n| format!("{n}.0"));
            let found = |shown: &str| {
                entry.contains(&format!("{ident}: Some({shown})"))
                    || entry.contains(&format!("{ident}: {shown}"))
            };
            if !(found(&shown) || as_float.as_deref().is_some_and(found)) {
                missing
                    .entry(*index)
                    .or_default()
                    .push(format!("{name:?}.{field} = {shown}"));
            }
        }
    }
    for (index, what) in missing {
        let decoded = decoded[index]
            .as_ref()
            .map(|u| u.join(" "))
            .unwrap_or_default();
        failures.push(
            "player_status without the recorded players or values",
            format!(
                "{}: missing {} | decoded: {}",
                location(recording, index),
                clip(&what.join(", "), 160),
                clip(&decoded, 200)
            ),
        );
    }
    failures.assert_none("payloads_player_status");
}

/// The Debug text of one value at the start of `text`: up to the end of its first balanced
/// `{…}`, `(…)` or `[…]`.
fn balanced(text: &str) -> &str {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &text[..=at];
                }
            }
            ',' if depth == 0 => return &text[..at],
            _ => {}
        }
    }
    text
}
