//! Helpers of the schema and TypeScript emitter tests: the IRs to check (hand-written
//! fixtures and the tracked games' `spec/*.yaml`), and the schema validation cases built from
//! their doc examples.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::project_root;

use gepgen::emit::model::{example_instances, lower_game, Envelope};
use gepgen::emit::schema::schema_id;
use gepgen::ir::GameIr;
use gepgen::pipeline::page_to_ir;
use serde::Serialize;
use serde_json::Value;

fn read_irs(dir: &Path) -> Vec<GameIr> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = fs::read_to_string(path).expect("readable IR");
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}

/// The hand-written IRs of `tests/fixtures/emit/`, and the hostile page shared by every
/// emitter (`tests/fixtures/hostile.md`) read by the real pipeline.
pub fn fixture_irs() -> Vec<GameIr> {
    let mut irs = read_irs(&project_root().join("tests/fixtures/emit"));
    assert!(!irs.is_empty(), "the emit fixtures are missing");
    irs.push(hostile_ir());
    irs
}

/// The IR of `tests/fixtures/hostile.md`.
pub fn hostile_ir() -> GameIr {
    let path = "tests/fixtures/hostile.md";
    let text = fs::read_to_string(project_root().join(path)).expect("the hostile page");
    page_to_ir(&text, path, None)
}

/// The IRs of the tracked games, `spec/<slug>.yaml` of each game of `spec/games.toml`.
pub fn spec_irs() -> Vec<GameIr> {
    let games = crate::common::games();
    assert!(!games.games.is_empty(), "spec/games.toml tracks no game");
    games
        .games
        .iter()
        .map(|game| crate::common::spec_ir(&game.slug))
        .collect()
}

/// How many doc examples of `ir` an app could receive: the ones with an envelope. Each must
/// validate against the game's schema and satisfy its TypeScript type.
pub fn examples_in_envelope(ir: &GameIr) -> usize {
    crate::common::example_envelopes(ir)
        .iter()
        .filter(|(_, envelope)| envelope.is_some())
        .count()
}

/// The examples the schema and TypeScript emitters could not place, with why, for failures.
pub fn unplaced_examples(ir: &GameIr) -> String {
    let model = lower_game(ir).expect("types can be named");
    let skipped = example_instances(&model).1;
    let lines: Vec<String> = skipped
        .iter()
        .map(|s| format!("line {}: {}", s.line, s.reason))
        .collect();
    lines.join("; ")
}

/// One validation the schemas must get right.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub game: String,
    /// What is checked, for failure messages.
    pub label: String,
    /// Absolute reference of the schema to validate against.
    pub schema: String,
    pub instance: Value,
    pub valid: bool,
}

fn def(slug: &str, name: &str) -> String {
    format!("{}#/$defs/{name}", schema_id(slug))
}

/// Every example of the game (valid) both in the envelope an app receives it in and as the
/// schema model places it, its decoded document (valid), and mutations that a closed place or
/// a type must reject.
pub fn schema_cases(ir: &GameIr) -> Vec<Case> {
    let slug = &ir.game.slug;
    let model = lower_game(ir).expect("types can be named");
    let (instances, _skipped) = example_instances(&model);
    let mut cases = Vec::new();
    let mut push = |label: String, schema: String, instance: Value, valid: bool| {
        cases.push(Case {
            game: slug.clone(),
            label,
            schema,
            instance,
            valid,
        });
    };
    // Each doc example as the decoders and `generated/rust/examples/<game>.jsonl` have it (the
    // instances below are placed by the schema model, which may complete the envelope).
    for (line, envelope) in crate::common::example_envelopes(ir) {
        if let Some(envelope) = envelope {
            push(
                format!("line {line}: doc example in its envelope"),
                schema_id(slug),
                envelope,
                true,
            );
        }
    }
    for instance in &instances {
        let at = format!("line {} ({})", instance.line, instance.entry);
        let envelope = match instance.envelope {
            Envelope::Info => "InfoUpdates2Event",
            Envelope::Events => "NewGameEvents",
        };
        push(
            format!("{at}: example"),
            schema_id(slug),
            instance.payload.clone(),
            true,
        );
        push(
            format!("{at}: example"),
            def(slug, envelope),
            instance.payload.clone(),
            true,
        );
        if let Some((name, document)) = &instance.decoded {
            push(
                format!("{at}: decoded document"),
                def(slug, name),
                document.clone(),
                true,
            );
        }
        if let Some(wrong) = instance.wrong_payload() {
            push(
                format!("{at}: wrong-typed value"),
                schema_id(slug),
                wrong,
                false,
            );
        }
        let mut mutated = instance.payload.clone();
        match instance.envelope {
            Envelope::Info => {
                mutated["feature"] = Value::String("not_a_feature".into());
                push(
                    format!("{at}: unknown feature"),
                    schema_id(slug),
                    mutated,
                    false,
                );
                let mut missing = instance.payload.clone();
                missing
                    .as_object_mut()
                    .expect("an object")
                    .remove("feature");
                push(
                    format!("{at}: missing feature"),
                    def(slug, envelope),
                    missing,
                    false,
                );
                let mut category = instance.payload.clone();
                let info = category["info"].as_object_mut().expect("info is an object");
                let (name, keys) = info
                    .iter()
                    .next()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .expect("a category");
                info.remove(&name);
                info.insert("not_a_category".into(), keys);
                push(
                    format!("{at}: unknown category"),
                    schema_id(slug),
                    category,
                    false,
                );
            }
            Envelope::Events => {
                mutated["events"][0]["name"] = Value::String("not_an_event".into());
                push(
                    format!("{at}: unknown event"),
                    schema_id(slug),
                    mutated,
                    false,
                );
                let mut missing = instance.payload.clone();
                missing["events"][0]
                    .as_object_mut()
                    .expect("an event")
                    .remove("name");
                push(
                    format!("{at}: missing name"),
                    def(slug, envelope),
                    missing,
                    false,
                );
            }
        }
    }
    cases
}
