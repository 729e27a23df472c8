//! The generated `gep` crate against the docs: for every game of `spec/games.toml`, every data
//! example of its page, in the envelope an app receives it in, decodes to documented variants
//! (not `Unknown`, not `Invalid`, no error), through the crate's own `decode` example built with
//! every game, as a user runs it over `generated/rust/examples/<game>.jsonl`. Plus what a user
//! of the crate relies on, on a real game (Apex Legends): the other envelopes, strings for
//! numbers and booleans, resets, unknown keys and values, and errors that say where.

mod all_games;
mod common;

use all_games::{build_decoder, check_decoded, decode, Failures};
use gep::apex_legends::{self, info, Event, InfoUpdate, Update};
use gepgen::emit::doc_examples::game_examples;

#[test]
fn every_documented_example_of_every_game_decodes_to_a_documented_variant() {
    let mut failures = Failures::default();
    let Some(decoder) = build_decoder(&common::project_root(), &mut failures) else {
        return failures.assert_none("gep_examples");
    };
    let games = common::games();
    let mut counts = Vec::new();
    for game in &games.games {
        let slug = &game.slug;
        let ir = common::spec_ir(slug);
        let mut unplaced = Vec::new();
        let mut examples = Vec::new();
        for (line, envelope) in common::example_envelopes(&ir) {
            match envelope {
                Some(json) => examples.push((line, json)),
                None => unplaced.push(line),
            }
        }
        let lines: Vec<String> = examples.iter().map(|(_, json)| json.to_string()).collect();
        for ((line, json), decoded) in examples.iter().zip(decode(&decoder, slug, &lines)) {
            let at = format!("spec/docs/{}:{line}", game.source);
            check_decoded(&mut failures, &at, json, decoded);
        }
        // An example without an envelope cannot be decoded: an unreadable one (a diagnostic
        // says so), or a value in a feature's note that names no key or event (a schematic of
        // the fields, kept in the IR for review). Listed so that the count is not silent.
        counts.push(format!(
            "{slug}: {} examples decoded, {} without an envelope {unplaced:?}",
            examples.len(),
            unplaced.len()
        ));
    }
    eprintln!("gep_examples: {}", counts.join("; "));
    failures.assert_none("gep_examples");
}

fn only(json: &str) -> Update {
    let mut updates = apex_legends::decode(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(updates.len(), 1, "{json}: {updates:?}");
    updates.pop().unwrap()
}

#[test]
fn apex_roster_example_gives_team_and_teammate() {
    let ir = common::spec_ir("apex-legends");
    let doc = game_examples(&ir.features)
        .into_iter()
        .find(|doc| doc.entry.is_some_and(|entry| entry.name() == "roster_XX"))
        .expect("the apex page has a roster example");
    let json = doc.envelope(&ir.features).unwrap().to_string();
    let Update::Info(InfoUpdate::Roster {
        index,
        value: Some(player),
    }) = only(&json)
    else {
        panic!("{json} is not a roster update");
    };
    assert_eq!(index, 1);
    assert_eq!(player.team_id, Some(3.0));
    assert_eq!(player.is_teammate, Some(true));
    assert_eq!(player.name.as_deref(), Some("HelloWork"));
}

#[test]
fn strings_for_numbers_and_booleans_and_resets() {
    assert_eq!(
        only(r#"{"info":{"match_info":{"victory":"True"}},"feature":"match_summary"}"#),
        Update::Info(InfoUpdate::Victory(Some(true)))
    );
    assert_eq!(
        only(r#"{"info":{"match_info":{"victory":"False"}}}"#),
        Update::Info(InfoUpdate::Victory(Some(false)))
    );
    assert_eq!(
        only(r#"{"info":{"me":{"totalDamageDealt":"120"}}}"#),
        Update::Info(InfoUpdate::TotalDamageDealt(Some(120.0)))
    );
    for reset in ["null", "\"\""] {
        let json = format!(r#"{{"info":{{"match_info":{{"roster_7":{reset}}}}}}}"#);
        assert_eq!(
            only(&json),
            Update::Info(InfoUpdate::Roster {
                index: 7,
                value: None
            })
        );
    }
}

#[test]
fn flat_and_batched_envelopes() {
    // ow-electron's flat info update, and its events without a category.
    assert_eq!(
        only(r#"{"feature":"match_info","category":"match_info","key":"victory","value":"true"}"#),
        Update::Info(InfoUpdate::Victory(Some(true)))
    );
    assert_eq!(
        only(r#"{"feature":"kill","key":"kill","value":"3"}"#),
        Update::Event(Event::Kill(3.0))
    );
    let updates = apex_legends::decode(
        r#"{"events":[{"name":"kill","data":"1"},{"name":"knockdown","data":"x"},{"name":"match_start"}]}"#,
    )
    .unwrap();
    assert_eq!(updates.len(), 3);
    assert_eq!(updates[0], Update::Event(Event::Kill(1.0)));
    assert_eq!(updates[2], Update::Event(Event::MatchStart(None)));
}

#[test]
fn unknown_keys_events_and_values_are_kept() {
    let Update::Info(InfoUpdate::Unknown(raw)) =
        only(r#"{"info":{"match_info":{"new_key":{"a":1}}},"feature":"new"}"#)
    else {
        panic!("not an unknown key");
    };
    assert_eq!(raw.key, "new_key");
    assert_eq!(raw.category.as_deref(), Some("match_info"));
    assert_eq!(raw.feature.as_deref(), Some("new"));
    assert_eq!(raw.value, serde_json::json!({"a": 1}));

    let Update::Event(Event::Unknown(raw)) = only(r#"{"events":[{"name":"new_event"}]}"#) else {
        panic!("not an unknown event");
    };
    assert_eq!(raw.name, "new_event");

    assert_eq!(
        only(r#"{"info":{"game_info":{"phase":"space_walk"}}}"#),
        Update::Info(InfoUpdate::Phase(Some(info::PhaseValue::Other(
            "space_walk".to_owned()
        ))))
    );
    // A documented key with a value of another type is kept too, with the reason.
    let Update::Info(InfoUpdate::Invalid { raw, error }) =
        only(r#"{"info":{"match_info":{"victory":"maybe"}}}"#)
    else {
        panic!("not an invalid value");
    };
    assert_eq!(raw.value, serde_json::json!("maybe"));
    assert!(error.contains("expected a boolean"), "{error}");
}

#[test]
fn malformed_json_says_where() {
    let error = apex_legends::decode("{\"info\":{\"me\":\n{\"name\":\"a\",}}}").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("malformed JSON at line 2, column 13:"),
        "{error}"
    );
    let error = apex_legends::decode(r#"{"hello":1}"#).unwrap_err();
    assert!(
        error.to_string().starts_with("not a GEP payload at line 1"),
        "{error}"
    );
}

#[test]
fn features_name_what_set_required_features_takes() {
    use apex_legends::Feature;
    assert_eq!(apex_legends::GAME_ID, 21566);
    assert!(Feature::ALL.contains(&Feature::Roster));
    assert_eq!(Feature::Roster.as_str(), "roster");
    assert_eq!("kill_feed".parse::<Feature>(), Ok(Feature::KillFeed));
    assert!("teleport".parse::<Feature>().is_err());
    for feature in Feature::ALL {
        assert_eq!(feature.as_str().parse::<Feature>(), Ok(*feature));
    }
}

#[test]
fn payload_types_serialise_with_wire_names() {
    let player = info::RosterValue {
        is_teammate: Some(true),
        team_id: Some(3.0),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&player).unwrap(),
        serde_json::json!({"isTeammate": true, "team_id": 3.0})
    );
}
