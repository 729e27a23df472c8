//! One name for one type in every output: the types the Rust crate declares (in a game's
//! `info` and `events` modules), the TypeScript definitions, the JavaScript decoders' decoded
//! types and the `$defs` of the wire and the decoded schema all take their names from
//! `emit::model`, so a user reading two languages' docs finds `RosterValue`
//! in each. Checked on the tracked games, the emitter fixtures and, with the outside data, the
//! newest page of every corpus game.

mod all_games;
mod common;
mod emit_support;

use std::collections::BTreeSet;

use gepgen::emit::decoded_schema::decoded_schema;
use gepgen::emit::model::lower_game;
use gepgen::emit::rust::generate_game_module;
use gepgen::emit::schema::game_schema;
use gepgen::emit::ts;
use gepgen::ir::GameIr;
use gepgen::pipeline::page_to_ir;

/// The type names each output declares for one game.
struct Declared {
    model: BTreeSet<String>,
    rust: BTreeSet<String>,
    ts: BTreeSet<String>,
    schema: BTreeSet<String>,
    decoded_schema: BTreeSet<String>,
    /// The decoded value types of the JavaScript decoders' `.decoded.d.ts`.
    js: BTreeSet<String>,
}

/// The names a TypeScript file declares (`export interface X`, `export type X =`).
fn ts_declarations(text: &str) -> BTreeSet<String> {
    (text.lines())
        .filter_map(|line| {
            let rest = (line.strip_prefix("export interface "))
                .or_else(|| line.strip_prefix("export type "))?;
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))?;
            Some(rest[..end].to_owned())
        })
        .collect()
}

fn declared(ir: &GameIr) -> Declared {
    let model = lower_game(ir).expect("the model names every type");
    let model_names = model.types.iter().map(|t| t.name.clone()).collect();

    let module = generate_game_module(ir).expect("the Rust module generates");
    let file = syn::parse_file(&module).expect("the Rust module parses");
    let mut rust = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        if !["info", "events"].contains(&module.ident.to_string().as_str()) {
            continue;
        }
        for item in module.content.iter().flat_map(|(_, items)| items) {
            match item {
                syn::Item::Struct(item) => rust.insert(item.ident.to_string()),
                syn::Item::Enum(item) => rust.insert(item.ident.to_string()),
                _ => false,
            };
        }
    }

    let files = ts::generate(std::slice::from_ref(ir)).expect("the TypeScript generates");
    let definitions = files
        .iter()
        .find(|f| f.path == format!("generated/ts/{}.d.ts", ir.game.slug))
        .expect("the game's .d.ts");
    let ts = ts_declarations(&definitions.contents);
    let decoded_types = (gepgen::emit::js::generate(std::slice::from_ref(ir))
        .expect("the JavaScript generates"))
    .into_iter()
    .find(|f| f.path == format!("generated/ts/{}.decoded.d.ts", ir.game.slug))
    .expect("the game's .decoded.d.ts");
    // `Update` and `Decoded` are the module's own, not types of the page.
    let mut js = ts_declarations(&decoded_types.contents);
    js.remove("Update");
    js.remove("Decoded");

    let defs = |schema: serde_json::Value| -> BTreeSet<String> {
        (schema["$defs"].as_object())
            .expect("$defs")
            .keys()
            .cloned()
            .collect()
    };
    Declared {
        model: model_names,
        rust,
        ts,
        schema: defs(game_schema(&model)),
        decoded_schema: defs(decoded_schema(&model)),
        js,
    }
}

/// Every failure for one game, as lines.
fn disagreements(name: &str, ir: &GameIr) -> Vec<String> {
    let Declared {
        model,
        rust,
        ts,
        schema,
        decoded_schema,
        js,
    } = declared(ir);
    let mut failures = Vec::new();
    let mut missing = |what: &str, names: &BTreeSet<String>, from: &BTreeSet<String>| {
        let absent: Vec<&String> = names.difference(from).collect();
        if !absent.is_empty() {
            failures.push(format!("{name}: {what}: {absent:?}"));
        }
    };
    missing("Rust types the model does not name", &rust, &model);
    missing("model types the TypeScript lacks", &model, &ts);
    missing("model types the schema's $defs lack", &model, &schema);
    missing(
        "model types the decoded schema's $defs lack",
        &model,
        &decoded_schema,
    );
    missing(
        "JavaScript decoded types the model does not name",
        &js,
        &model,
    );
    failures
}

#[test]
fn tracked_games_and_fixtures_name_each_type_once_for_every_language() {
    let mut irs = emit_support::spec_irs();
    irs.extend(emit_support::fixture_irs());
    let failures: Vec<String> = (irs.iter())
        .flat_map(|ir| disagreements(&ir.game.slug, ir))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The Apex roster document, by name, in all three.
    let apex = irs
        .iter()
        .find(|ir| ir.game.slug == "apex-legends")
        .unwrap();
    let Declared {
        rust,
        ts,
        schema,
        decoded_schema,
        js,
        ..
    } = declared(apex);
    for (output, names) in [
        ("Rust", &rust),
        ("TypeScript", &ts),
        ("schema", &schema),
        ("decoded schema", &decoded_schema),
    ] {
        for name in ["RosterValue", "KillFeedData", "TeamDamageDealtValueItem"] {
            assert!(names.contains(name), "{output} has no {name}");
        }
    }
    // The JavaScript decoders name the keys' and events' own types (nested ones inline).
    for name in ["RosterValue", "KillFeedData"] {
        assert!(
            js.contains(name),
            "the JavaScript decoded types have no {name}"
        );
    }
}

#[test]
fn every_corpus_game_names_each_type_once_for_every_language() {
    let Some(corpus) = common::data(
        "corpus",
        "every_corpus_game_names_each_type_once_for_every_language",
    ) else {
        return;
    };
    let games = all_games::newest_pages(&corpus);
    assert!(
        games.len() >= 30,
        "{} games in {}",
        games.len(),
        corpus.display()
    );
    let mut failures = Vec::new();
    let mut named = 0;
    for game in &games {
        let text = std::fs::read_to_string(&game.page).expect("a readable page");
        let mut ir = page_to_ir(&text, &game.source, None);
        ir.game.slug = game.slug.clone();
        named += lower_game(&ir).map_or(0, |model| model.types.len());
        failures.extend(disagreements(&game.page_name(), &ir));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("one_name: {} games, {named} named types", games.len());
}
