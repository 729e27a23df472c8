//! One set of rules, two languages (`docs/decoding.md`): the Rust decoders (each game's
//! `decode_all`, through the generated crate's `decode --json`) and the JavaScript decoders
//! (`generated/ts/<slug>.js`, in Node.js) give the same decoded updates, compared as JSON in
//! the canonical form the document gives (numbers as numbers, member order aside, reasons
//! blanked), and every update the Rust decoders give validates against the game's decoded
//! schema (`generated/schema/<slug>.decoded.schema.json`), for:
//!
//! - every doc example of every tracked game, in its envelope, and hand-written payloads for
//!   each rule (resets, spellings, documents inside strings, families, unknown, invalid, both
//!   envelopes, malformed text);
//! - with the outside data, every recorded payload of `payloads/*.jsonl`, with the decoders of
//!   its game's newest corpus page.

mod all_games;
mod common;
mod emit_support;

use std::fs;
use std::path::Path;
use std::process::Command;

use all_games::{build_decoder, clip, decode_json, regen_tree, Failures};
use common::{node_dir, project_root};
use serde_json::Value;

/// What the JavaScript decoders of `module` give for each of `lines`.
fn javascript_updates(module: &Path, lines: &[String]) -> Vec<Value> {
    common::install_node_packages();
    let scratch = tempfile::NamedTempFile::new().unwrap();
    fs::write(scratch.path(), lines.join("\n") + "\n").unwrap();
    let output = Command::new("node")
        .arg("decode-lines.mjs")
        .arg(module)
        .arg(scratch.path())
        .current_dir(node_dir())
        .output()
        .expect("Node.js runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

/// The canonical form of docs/decoding.md: every number as a double, every reason blanked
/// (member order does not matter to `Value` equality).
fn canonical(value: &Value) -> Value {
    match value {
        Value::Number(number) => number
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(name, member)| match name.as_str() {
                    "reason" => (name.clone(), Value::String(String::new())),
                    _ => (name.clone(), canonical(member)),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The decoded schema of `slug` under `root` (the checkout or a tree).
fn decoded_schema(root: &Path, slug: &str) -> jsonschema::Validator {
    let path = root.join(format!("generated/schema/{slug}.decoded.schema.json"));
    let schema: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::draft202012::options()
        .build(&schema)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compares both decoders on `lines`, and validates every Rust update against the game's
/// decoded schema (under `root`); returns how many lines were compared.
fn compare(
    (root, game): (&Path, &str),
    decoder: &Path,
    module: &Path,
    lines: &[String],
    at: impl Fn(usize) -> String,
    failures: &mut Failures,
) -> usize {
    let rust = decode_json(decoder, game, lines);
    let javascript = javascript_updates(module, lines);
    assert_eq!(javascript.len(), lines.len(), "one output line per payload");
    let schema = decoded_schema(root, game);
    for (index, updates) in rust.iter().enumerate() {
        for update in updates {
            if let Some(error) = schema.iter_errors(update).next() {
                failures.push(
                    "decoded update rejected by the decoded schema",
                    format!(
                        "{}: {} | {}",
                        at(index),
                        clip(&update.to_string(), 300),
                        clip(&error.to_string(), 300)
                    ),
                );
            }
        }
    }
    for (index, (rust, javascript)) in rust.iter().zip(&javascript).enumerate() {
        let rust = canonical(&Value::Array(rust.clone()));
        if rust != canonical(javascript) {
            failures.push(
                "Rust and JavaScript disagree",
                format!(
                    "{}: {} | Rust {} | JavaScript {}",
                    at(index),
                    clip(&lines[index], 200),
                    clip(&rust.to_string(), 400),
                    clip(&javascript.to_string(), 400)
                ),
            );
        }
    }
    lines.len()
}

/// Payloads for each rule, in both envelopes, for Apex Legends.
const RULES: &[&str] = &[
    r#"{"info":{"match_info":{"roster_3":"{\"name\":\"A\",\"isTeammate\":\"True\",\"team_id\":\"7\",\"unlisted\":[1]}","roster_4":"","roster_5":"null","roster_6":null}},"feature":"roster"}"#,
    r#"{"info":{"match_info":{"roster_x":"1","teammate_0":"{}","new_key":{"a":1}}},"feature":"team"}"#,
    r#"{"info":{"match_info":{"roster_1":"[1,2]","tabs":"{\"kills\":\"1.5\"}"}},"feature":"roster"}"#,
    r##"{"info":{"game_info":{"phase":"lobby","match_state":"#unlisted"}},"feature":"game_info"}"##,
    r#"{"events":[{"name":"kill","data":"{\"victimName\":\"B\"}"},{"name":"unlisted","data":1},{"name":"death"}]}"#,
    r#"{"gameId":21566,"feature":"match_info","category":"match_info","key":"tabs","value":"{\"kills\":2}"}"#,
    r#"{"gameId":21566,"category":"match_info","key":"kill","value":"{\"victimName\":\"C\"}"}"#,
    r#"{"success":true,"res":{"game_info":{"phase":"landed"}}}"#,
    r#"[{"events":[{"name":"knockdown","data":""}]},{"info":{"me":{"name":"x"}}}]"#,
    r#"{"info":{"me":{"ultimate_cooldown":"{\"ultimate_cooldown\":\"15\"}"}},"feature":"me"}"#,
    // Numbers at the edges of the rules (docs/decoding.md, section 4).
    r#"{"info":{"me":{"name":15.0}},"feature":"me"}"#,
    r#"{"info":{"me":{"name":1e21}},"feature":"me"}"#,
    r#"{"info":{"match_info":{"tabs":"{\"kills\":9007199254740993}"}},"feature":"match_info"}"#,
    r#"{"info":{"match_info":{"tabs":"{\"kills\":\"2.0\"}"}},"feature":"match_info"}"#,
    r#"{"info":{"match_info":{"roster_1":"{\"isTeammate\":1.0}"}},"feature":"roster"}"#,
    "not json",
    r#"{"neither":"envelope"}"#,
    r#"{"events":"no list"}"#,
];

#[test]
fn rust_and_javascript_decode_every_doc_example_and_rule_alike() {
    let mut failures = Failures::default();
    let Some(decoder) = build_decoder(&project_root(), &mut failures) else {
        failures.assert_none("differential");
        return;
    };
    let mut compared = 0;
    for ir in emit_support::spec_irs() {
        let slug = &ir.game.slug;
        let module = project_root().join(format!("generated/ts/{slug}.js"));
        let mut lines: Vec<String> = common::example_envelopes(&ir)
            .into_iter()
            .filter_map(|(_, envelope)| Some(envelope?.to_string()))
            .collect();
        let examples = lines.len();
        if slug == "apex-legends" {
            lines.extend(RULES.iter().map(|rule| (*rule).to_owned()));
        }
        let at = |index: usize| match index.checked_sub(examples) {
            None => format!("{slug} doc example {}", index + 1),
            Some(rule) => format!("{slug} rule payload {}", rule + 1),
        };
        let root = project_root();
        compared += compare((&root, slug), &decoder, &module, &lines, at, &mut failures);
    }
    eprintln!("differential: {compared} payloads");
    assert!(compared > RULES.len() + 50, "{compared} payloads");
    failures.assert_none("differential");
}

#[test]
fn rust_and_javascript_decode_every_recorded_payload_alike() {
    let Some(recorded) =
        all_games::recordings("rust_and_javascript_decode_every_recorded_payload_alike")
    else {
        return;
    };
    let mut failures = Failures::default();
    let tracked: Vec<_> = recorded.iter().map(|(game, _)| game.clone()).collect();
    let tree = regen_tree(&tracked, &Default::default(), &mut failures);
    let Some(decoder) = build_decoder(tree.path(), &mut failures) else {
        failures.assert_none("differential_payloads");
        return;
    };
    let mut compared = 0;
    for (game, file) in &recorded {
        let lines: Vec<String> = fs::read_to_string(file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
            .map(str::to_owned)
            .collect();
        let module = tree.path().join(format!("generated/ts/{}.js", game.slug));
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let at = |index: usize| format!("payloads/{name} payload {}", index + 1);
        compared += compare(
            (tree.path(), &game.slug),
            &decoder,
            &module,
            &lines,
            at,
            &mut failures,
        );
    }
    eprintln!("differential: {compared} recorded payloads");
    assert!(compared > 13_291 || std::env::var_os("GEPGEN_GAMES").is_some());
    failures.assert_none("differential_payloads");
}
