//! The decoded schemas as a Python developer uses them: datamodel-code-generator (pinned in
//! `tests/python/requirements.txt`, installed in a virtual environment under the target
//! directory on first use) makes pydantic v2 models of every tracked game's
//! `generated/schema/<slug>.decoded.schema.json`; every class is named by the schema (no
//! `Info1`, `MatchInfo2`: names the generator made up), and every doc example, decoded by the
//! Rust decoders (`decode --json`), parses into the models. `every_page` does the same for the
//! newest page of every corpus game.

mod all_games;
mod common;
mod emit_support;

use all_games::{build_decoder, check_python_models, Failures};
use common::project_root;

#[test]
fn pydantic_models_of_every_decoded_schema_parse_every_decoded_doc_example() {
    let mut failures = Failures::default();
    let Some(decoder) = build_decoder(&project_root(), &mut failures) else {
        failures.assert_none("python_models");
        return;
    };
    let mut parsed = 0;
    for ir in emit_support::spec_irs() {
        let lines: Vec<String> = common::example_envelopes(&ir)
            .into_iter()
            .filter_map(|(_, envelope)| Some(envelope?.to_string()))
            .collect();
        parsed += check_python_models(
            &project_root(),
            &ir.game.slug,
            &decoder,
            &lines,
            &mut failures,
        );
    }
    eprintln!("python_models: {parsed} decoded doc examples parsed");
    failures.assert_none("python_models");
    assert!(parsed > 50, "{parsed} parsed");
}
