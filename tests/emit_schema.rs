//! The JSON Schemas, checked with the `jsonschema` crate: every doc example validates, its
//! decoded JSON document validates against its own `$defs` entry, and mutations (a value of
//! the wrong type, an unknown feature, category or event, a missing envelope field) fail.

mod common;
mod emit_support;

use emit_support::{
    examples_in_envelope, fixture_irs, schema_cases, spec_irs, unplaced_examples, Case,
};
use gepgen::emit::schema::{self, schema_id};
use gepgen::ir::GameIr;
use serde_json::{json, Value};

/// The schemas of `irs`, parsed, and a registry that resolves their `$id`s.
fn schemas(irs: &[GameIr]) -> Vec<(String, Value)> {
    let files = schema::generate(irs).expect("schemas generate");
    assert_eq!(files.len(), irs.len());
    files
        .iter()
        .zip(irs)
        .map(|(file, ir)| {
            assert_eq!(
                file.path,
                format!("generated/schema/{}.schema.json", ir.game.slug)
            );
            assert!(file.contents.ends_with("}\n"));
            let value: Value = serde_json::from_str(&file.contents).expect("a schema is JSON");
            (ir.game.slug.clone(), value)
        })
        .collect()
}

/// A validator for `reference`: a game's `$id`, or `<$id>#/$defs/<Name>` for one entry. An
/// entry is validated as the game's document with its root pointed at the entry, so its
/// `$ref`s resolve exactly as in the published file.
fn validator(schemas: &[(String, Value)], reference: &str) -> jsonschema::Validator {
    let (id, pointer) = reference.split_once('#').unwrap_or((reference, ""));
    let (_, schema) = schemas
        .iter()
        .find(|(slug, _)| schema_id(slug) == id)
        .unwrap_or_else(|| panic!("no schema has the id {id}"));
    let mut root = schema.clone();
    if !pointer.is_empty() {
        let object = root.as_object_mut().expect("a schema is an object");
        object.remove("anyOf");
        object.insert("$ref".into(), json!(format!("#{pointer}")));
    }
    jsonschema::draft202012::options()
        .build(&root)
        .unwrap_or_else(|e| panic!("{reference}: {e}"))
}

/// Runs every case; returns the number of examples that validated, per game.
fn run(irs: &[GameIr]) -> Vec<(String, usize, usize)> {
    let schemas = schemas(irs);
    let mut failures = Vec::new();
    let mut counts = Vec::new();
    for ir in irs {
        let cases: Vec<Case> = schema_cases(ir);
        let mut examples = 0;
        for case in &cases {
            let validator = validator(&schemas, &case.schema);
            let errors: Vec<String> = validator
                .iter_errors(&case.instance)
                .map(|e| e.to_string())
                .collect();
            if errors.is_empty() != case.valid {
                failures.push(format!(
                    "{} {}: expected {}, {}\n  instance: {}",
                    case.game,
                    case.label,
                    if case.valid { "valid" } else { "invalid" },
                    if errors.is_empty() {
                        "it validated".to_string()
                    } else {
                        errors.join("; ")
                    },
                    case.instance
                ));
            } else if case.valid
                && case.label.ends_with(": example")
                && case.schema == schema_id(&ir.game.slug)
            {
                examples += 1;
            }
        }
        counts.push((ir.game.slug.clone(), examples, cases.len()));
    }
    assert!(
        failures.is_empty(),
        "{} schema cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    counts
}

#[test]
fn fixture_examples_validate_and_mutations_fail() {
    let counts = run(&fixture_irs());
    for (slug, examples, cases) in &counts {
        eprintln!("{slug}: {examples} examples validate ({cases} cases)");
    }
    let mini = counts
        .iter()
        .find(|(slug, ..)| slug == "apex-mini")
        .expect("apex-mini");
    assert_eq!(mini.1, 10, "every apex-mini example validates");
}

/// Every tracked game (`spec/games.toml`): each doc example in its envelope validates against
/// the game's schema (none is left out), and the mutations fail.
#[test]
fn tracked_game_examples_validate_and_mutations_fail() {
    let irs = spec_irs();
    let counts = run(&irs);
    let mut wrong = Vec::new();
    for (ir, (slug, examples, cases)) in irs.iter().zip(&counts) {
        eprintln!("{slug}: {examples} examples validate with the jsonschema crate ({cases} cases)");
        let in_envelope = examples_in_envelope(ir);
        if *examples != in_envelope {
            wrong.push(format!(
                "{slug}: {examples} of the {in_envelope} examples in an envelope validate; not \
                 checked: {}",
                unplaced_examples(ir)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Hand-picked payloads for apex-mini, each with what a user expects.
#[test]
fn the_schema_says_what_gep_may_send() {
    let irs = fixture_irs();
    let schemas = schemas(&irs);
    let root = validator(&schemas, &schema_id("apex-mini"));
    let roster =
        |value: Value| json!({"info": {"match_info": {"roster_7": value}}, "feature": "roster"});
    let info = |category: &str, key: &str, value: Value| json!({"info": {category: {key: value}}, "feature": "match_info"});
    let cases = [
        (
            "a roster player as a JSON string",
            roster(json!("{\"name\":\"x\"}")),
            true,
        ),
        ("a roster reset to null", roster(json!(null)), true),
        ("a roster reset to an empty string", roster(json!("")), true),
        (
            "a roster reset to the string null",
            roster(json!("null")),
            true,
        ),
        ("a roster player as a number", roster(json!(3)), false),
        (
            "an ow-electron info update",
            json!({"gameId": 21566, "feature": "match_info", "category": "game_info", "key": "match_state", "value": "active"}),
            true,
        ),
        (
            "an ow-electron info update of the wrong type",
            json!({"gameId": 21566, "feature": "match_info", "category": "game_info", "key": "match_state", "value": 1}),
            false,
        ),
        (
            "an ow-electron family key",
            json!({"gameId": 21566, "feature": "roster", "category": "match_info", "key": "roster_3", "value": "{\"name\":\"x\"}"}),
            true,
        ),
        (
            "an ow-electron event (the key names it)",
            json!({"gameId": 21566, "category": "match_info", "key": "death", "value": null}),
            true,
        ),
        (
            "an ow-electron event with data of the wrong type",
            json!({"gameId": 21566, "category": "match_info", "key": "damage", "value": "1.5.3"}),
            false,
        ),
        (
            "an ow-electron update of an undocumented key",
            json!({"gameId": 21566, "category": "match_info", "key": "not_documented", "value": 1}),
            false,
        ),
        (
            "a key outside the family",
            json!({"info": {"match_info": {"roster_x": "{}"}}, "feature": "roster"}),
            false,
        ),
        (
            "a known enum value",
            info("game_info", "match_state", json!("active")),
            true,
        ),
        (
            "an enum value the docs do not list (open)",
            info("game_info", "match_state", json!("spectating")),
            true,
        ),
        (
            "an enum value that is no string",
            info("game_info", "match_state", json!(1)),
            false,
        ),
        (
            "a boolean spelled True",
            info("match_info", "victory", json!("True")),
            true,
        ),
        (
            "a native boolean",
            info("match_info", "victory", json!(false)),
            true,
        ),
        (
            "a boolean spelled yes",
            info("match_info", "victory", json!("yes")),
            false,
        ),
        (
            "an undocumented key",
            info("match_info", "not_a_key", json!("1")),
            false,
        ),
        (
            "a key in the wrong category",
            info("game_info", "tabs", json!("{}")),
            false,
        ),
        (
            "events with null data",
            json!({"events": [{"name": "death", "data": null}]}),
            true,
        ),
        (
            "a float spelled out",
            json!({"events": [{"name": "damage", "data": "1.5e3"}]}),
            true,
        ),
        (
            "a float spelled wrong",
            json!({"events": [{"name": "damage", "data": "1.5.3"}]}),
            false,
        ),
        (
            "an event without data",
            json!({"events": [{"name": "death"}]}),
            false,
        ),
    ];
    let mut wrong = Vec::new();
    for (what, payload, valid) in cases {
        if root.is_valid(&payload) != valid {
            wrong.push(format!("{what}: expected valid={valid} for {payload}"));
        }
    }
    let roster_value = validator(
        &schemas,
        &format!("{}#/$defs/RosterValue", schema_id("apex-mini")),
    );
    let player =
        json!({"name": "x", "isTeammate": true, "team_id": 1, "state": "dead", "new_field": 1});
    if !roster_value.is_valid(&player) {
        wrong.push("a decoded player with an extra field (open) should validate".into());
    }
    if roster_value
        .is_valid(&json!({"name": "x", "isTeammate": "yes", "team_id": 1, "state": "dead"}))
    {
        wrong.push("a decoded player with a wrong-typed field should fail".into());
    }
    // The decoders read every field as an `Option`: GEP leaves fields out and resets them.
    if !roster_value.is_valid(&json!({"name": "x", "team_id": 1})) {
        wrong.push("a decoded player without some fields should validate".into());
    }
    if !roster_value.is_valid(&json!({"name": null, "isTeammate": "null", "team_id": ""})) {
        wrong.push("a decoded player with reset fields should validate".into());
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A page without events (or without features) still gets a schema that compiles: an empty
/// `anyOf` is no schema. No event validates, and its info still does.
/// `[deck_id]` holds every key of `decks` but the listed ones; `slot_{name}` every key of
/// `slots` that starts with `slot_`; neither reaches another category.
#[test]
fn keys_named_by_data_are_accepted_in_their_category_only() {
    let schemas = schemas(&fixture_irs());
    let root = validator(&schemas, &schema_id("card-table"));
    let info = |category: &str, key: &str, value: Value| json!({"info": {category: {key: value}}, "feature": "decks"});
    let deck = json!("{\"deck_id\":\"Rogue\"}");
    let cases = [
        (
            "a deck named by its id",
            info("decks", "Rogue", deck.clone()),
            true,
        ),
        (
            "a deck whose id has spaces",
            info("decks", "Adventure Deck", deck.clone()),
            true,
        ),
        ("a deck reset", info("decks", "Rogue", json!(null)), true),
        (
            "a deck as a number",
            info("decks", "Rogue", json!(3)),
            false,
        ),
        (
            "the listed key of the category",
            info("decks", "selected_deck", json!("Rogue")),
            true,
        ),
        (
            "a deck in another category",
            info("slots", "Rogue", deck.clone()),
            false,
        ),
        (
            "a slot named by the data",
            info("slots", "slot_left", json!("{}")),
            true,
        ),
        (
            "the listed slot key",
            info("slots", "slot_count", json!("3")),
            true,
        ),
        (
            "a key without the slot prefix",
            info("slots", "left", json!("{}")),
            false,
        ),
        (
            "an ow-electron deck",
            json!({"gameId": 1, "feature": "decks", "category": "decks", "key": "Rogue", "value": deck}),
            true,
        ),
    ];
    for (label, instance, valid) in cases {
        assert_eq!(root.is_valid(&instance), valid, "{label}: {instance}");
    }
}

#[test]
fn a_game_without_events_gets_a_valid_schema() {
    let irs = fixture_irs();
    let schemas = schemas(&irs);
    let root = validator(&schemas, &schema_id("no-events"));
    assert!(
        root.is_valid(&json!({"info": {"game_info": {"scene": "lobby"}}, "feature": "game_info"}))
    );
    assert!(root.is_valid(&json!({"events": []})));
    assert!(!root.is_valid(&json!({"events": [{"name": "kill", "data": 1}]})));
    assert!(!root.is_valid(&json!({"category": "game_info", "key": "kill", "value": 1})));
    let mut empty = irs[0].clone();
    empty.game.slug = "no-features".into();
    empty.features.clear();
    let schemas = self::schemas(&[empty]);
    let root = validator(&schemas, &schema_id("no-features"));
    assert!(
        !root.is_valid(&json!({"info": {"game_info": {"scene": "lobby"}}, "feature": "game_info"}))
    );
}

#[test]
fn schemas_are_deterministic_and_carry_the_preamble() {
    let irs = fixture_irs();
    let first = schema::generate(&irs).unwrap();
    assert_eq!(first, schema::generate(&irs).unwrap());
    for file in &first {
        let value: Value = serde_json::from_str(&file.contents).unwrap();
        assert_eq!(value["$comment"], json!(gepgen::emit::PREAMBLE));
        assert_eq!(
            value["$schema"],
            json!("https://json-schema.org/draft/2020-12/schema")
        );
    }
}

/// Code generators name classes after titles: in the wire and the decoded schema of every
/// fixture and tracked game, every `$defs` entry and every object has a title, and no title is
/// used twice in one file.
#[test]
fn every_object_is_titled_once_for_code_generators() {
    fn walk<'v>(value: &'v Value, titles: &mut Vec<&'v str>, untitled: &mut usize) {
        match value {
            Value::Object(members) => {
                match members.get("title").and_then(Value::as_str) {
                    Some(title) => titles.push(title),
                    None if members.get("type") == Some(&json!("object")) => *untitled += 1,
                    None => {}
                }
                for (name, member) in members {
                    // `properties` maps names to schemas: walk the schemas, not the map.
                    if name != "title" {
                        walk(member, titles, untitled);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, titles, untitled)),
            _ => {}
        }
    }
    let mut irs = fixture_irs();
    irs.extend(spec_irs());
    for ir in &irs {
        let model = gepgen::emit::model::lower_game(ir).unwrap();
        let wire = schema::game_schema(&model);
        let decoded = gepgen::emit::decoded_schema::decoded_schema(&model);
        for (file, document) in [("wire", &wire), ("decoded", &decoded)] {
            let (mut titles, mut untitled) = (Vec::new(), 0);
            walk(document, &mut titles, &mut untitled);
            for (name, def) in document["$defs"].as_object().unwrap() {
                assert!(
                    def.get("title").is_some(),
                    "{} {file}: $defs/{name} has no title",
                    ir.game.slug
                );
            }
            let count = titles.len();
            titles.sort_unstable();
            titles.dedup();
            assert_eq!(
                titles.len(),
                count,
                "{} {file}: a title is used twice",
                ir.game.slug
            );
            assert_eq!(
                untitled, 0,
                "{} {file}: objects without a title",
                ir.game.slug
            );
        }
    }
}
