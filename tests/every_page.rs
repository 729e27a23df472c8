//! Every corpus game tracked at once, as a maintainer who adds them all would have it: the
//! newest page of each game (by `committed` in `corpus/index.tsv`) in a temporary project,
//! regen through the library, then what a user of each output needs:
//!
//! - regen succeeds (a game that stops it is reported and left out, so the rest are checked);
//! - every schema compiles under the `jsonschema` crate and under ajv in strict mode;
//! - every doc example validates against its game's schema, the JSON documents inside strings
//!   included (`contentSchema`, which validators only annotate, is enforced here);
//! - every doc example decodes in Rust, with the generated crate built with every game, to
//!   documented variants (no `Unknown`, no `Invalid`, no error);
//! - every decoded schema gives pydantic models (datamodel-code-generator) with no class name
//!   the generator made up, and every decoded doc example parses into them;
//! - `tsc --strict` over every game's `.d.ts` and examples file, `prettier --check`, and
//!   `cargo clippy -D warnings` over the crate with every game find nothing.
//!
//! The corpus is outside data (`$GEPGEN_DATA/corpus`, by default `../shared/corpus`): without
//! it the test says so and passes. `GEPGEN_GAMES=slug,slug` checks only those games. Failures
//! are listed by kind, each quoting its page, line and example in a few hundred characters.

mod all_games;
mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use all_games::{
    build_decoder, cargo, check_decoded, check_python_models, clip, compiler_messages, decode,
    newest_pages, regen_tree, Failures, GameSchema, Tree,
};
use gepgen::emit::doc_examples::game_examples;
use serde_json::Value;

#[test]
fn every_corpus_game_tracked_at_once_gives_outputs_that_pass_their_checks() {
    let Some(corpus) = common::data(
        "corpus",
        "every_corpus_game_tracked_at_once_gives_outputs_that_pass_their_checks",
    ) else {
        return;
    };
    let games = newest_pages(&corpus);
    assert!(!games.is_empty(), "no game in {}", corpus.display());
    let mut failures = Failures::default();
    let tree = regen_tree(&games, &BTreeMap::new(), &mut failures);

    let examples = check_schemas_and_collect_examples(&tree, &mut failures);
    check_decoding(&tree, &examples, &mut failures);
    check_with_node(&tree, &mut failures);
    check_clippy(&tree, &mut failures);

    // Only the gaps of the pages checked (`GEPGEN_GAMES` may narrow the run).
    let checked_pages: Vec<String> = games.iter().map(|game| game.page_name()).collect();
    for (at, reason) in KNOWN_GAPS {
        if checked_pages
            .iter()
            .any(|page| at.starts_with(&format!("{page}:")))
        {
            failures.expect_gap(at, reason);
        }
    }
    let checked: usize = examples.values().map(Vec::len).sum();
    eprintln!(
        "every_page: {} games, {checked} doc examples in their envelopes",
        tree.games.len()
    );
    failures.assert_none("every_page");
}

/// Doc examples of a kind of page gepgen cannot type yet, each with what is missing. Each must
/// still fail (see [`Failures::expect_gap`]); anything else failing fails the test.
const KNOWN_GAPS: &[(&str, &str)] = &[];

/// A doc example in the envelope an app receives it in, with where it is written.
struct Example {
    /// `corpus/<slug>/<file>:<line>`.
    at: String,
    json: Value,
}

/// Compiles each schema under the `jsonschema` crate and validates each doc example against it
/// (deep); returns the examples per game module for decoding.
fn check_schemas_and_collect_examples(
    tree: &Tree,
    failures: &mut Failures,
) -> BTreeMap<String, Vec<Example>> {
    let mut all = BTreeMap::new();
    for (game, ir) in &tree.games {
        let mut examples = Vec::new();
        for doc in game_examples(&ir.features) {
            if let Some(json) = doc.envelope(&ir.features) {
                examples.push(Example {
                    at: format!("{}:{}", game.page_name(), doc.example.line),
                    json,
                });
            }
        }
        match GameSchema::new(&tree.schema(&game.slug)) {
            Err(error) => failures.push(
                "schema does not compile (jsonschema)",
                format!("generated/schema/{}.schema.json: {error}", game.slug),
            ),
            Ok(schema) => {
                for example in &examples {
                    if let Some(why) = schema.reject(&example.json) {
                        failures.push(
                            "example rejected by its schema",
                            format!(
                                "{}: {} | {}",
                                example.at,
                                clip(&why, 240),
                                clip(&example.json.to_string(), 140)
                            ),
                        );
                    }
                }
            }
        }
        all.insert(game.module(), examples);
    }
    all
}

/// Builds the crate with every game and decodes each example with its game's decoder.
fn check_decoding(tree: &Tree, examples: &BTreeMap<String, Vec<Example>>, failures: &mut Failures) {
    let Some(decoder) = build_decoder(tree.path(), failures) else {
        return;
    };
    for (module, examples) in examples {
        let lines: Vec<String> = examples.iter().map(|e| e.json.to_string()).collect();
        for (example, decoded) in examples.iter().zip(decode(&decoder, module, &lines)) {
            check_decoded(failures, &example.at, &example.json, decoded);
        }
    }
    // The decoded schemas through a Python developer's generator: pydantic models whose
    // classes the schema names, into which every decoded doc example parses.
    for (game, _) in &tree.games {
        let lines: Vec<String> = (examples.get(&game.module()).into_iter().flatten())
            .map(|e| e.json.to_string())
            .collect();
        check_python_models(tree.path(), &game.slug, &decoder, &lines, failures);
    }
}

/// Runs a Node.js tool from `tests/node/node_modules` (installed with `npm ci` if missing).
fn node(args: &[&str]) -> std::process::Output {
    common::install_node_packages();
    Command::new("node")
        .args(args)
        .current_dir(common::node_dir())
        .output()
        .expect("node (Node.js is needed)")
}

/// ajv strict over every schema, `tsc --strict` over the package, `prettier --check`.
fn check_with_node(tree: &Tree, failures: &mut Failures) {
    let root = tree.path();
    let ajv = node(&[
        "validate-schemas.mjs",
        &root.join("generated/schema").to_string_lossy(),
    ]);
    if !ajv.status.success() {
        for line in String::from_utf8_lossy(&ajv.stderr).lines().skip(1) {
            failures.push("schema does not compile (ajv strict)", line);
        }
    }

    let tsconfig = serde_json::json!({
        "extends": common::node_dir().join("tsconfig.json").to_string_lossy(),
        "compilerOptions": { "typeRoots": [common::node_dir().join("node_modules").to_string_lossy()] },
        "include": [root.join("generated/ts").to_string_lossy() + "/**/*.ts"],
    });
    fs::write(root.join("tsconfig.json"), tsconfig.to_string()).unwrap();
    let tsc = node(&[
        &common::node_bin("typescript", "bin/tsc"),
        "-p",
        &root.join("tsconfig.json").to_string_lossy(),
        "--pretty",
        "false",
    ]);
    if !tsc.status.success() {
        let stdout = String::from_utf8_lossy(&tsc.stdout);
        // One failure per error; the lines after it elaborate it (types printed whole).
        for line in stdout.lines().filter(|l| l.contains("error TS")) {
            failures.push("tsc --strict", relative(line, root));
        }
        if !stdout.contains("error TS") {
            failures.push(
                "tsc --strict",
                format!("{stdout} {}", String::from_utf8_lossy(&tsc.stderr)),
            );
        }
    }

    let package = root.join("generated/ts");
    let prettier = node(&[
        &common::node_bin("prettier", "bin/prettier.cjs"),
        "--check",
        &package.to_string_lossy(),
    ]);
    if !prettier.status.success() {
        let text = String::from_utf8_lossy(&prettier.stderr);
        for line in text
            .lines()
            .filter(|l| l.starts_with("[warn]") && !l.contains("Code style issues"))
        {
            failures.push("prettier --check", relative(line, root));
        }
    }
}

/// A tool's line with the temporary directory taken out of its paths, absolute or relative
/// (prettier prints `../../../../tmp/<dir>/generated/...`).
fn relative(line: &str, root: &Path) -> String {
    let name = format!("{}/", root.file_name().unwrap().to_string_lossy());
    let mut line = line.to_owned();
    while let Some(at) = line.find(&name) {
        let start = line[..at].rfind([' ', '(', '\'']).map_or(0, |i| i + 1);
        line.replace_range(start..at + name.len(), "");
    }
    line
}

/// The crate with every game, clippy-clean (its examples and the decode example included).
fn check_clippy(tree: &Tree, failures: &mut Failures) {
    let output = cargo(
        tree.path(),
        &[
            "clippy",
            "--quiet",
            "-p",
            "gep",
            "--all-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    if !output.status.success() {
        for message in compiler_messages(&output) {
            failures.push("clippy -D warnings", relative(&message, tree.path()));
        }
    }
}
