//! The generated `gep` crate against the docs: every data example of the tracked pages, in the
//! envelope an app receives it in, decodes to a documented variant (not `Unknown`, not
//! `Invalid`); the examples that could not be read are listed by line. Plus what a user of the
//! crate relies on: the other envelopes, strings for numbers and booleans, resets, unknown
//! keys and values, and errors that say where.

mod common;

use std::fs;

use gep::apex_legends::{self, info, Event, InfoUpdate, Update};
use gepgen::emit::rust::game_examples;
use gepgen::ir::{EntryRef, GameIr};

/// Per game: how many examples decode to a documented variant, and the page lines of the
/// examples the lenient reader could not read (none on the tracked pages today).
const EXPECTED: &[(&str, usize, &[u32])] = &[
    ("apex-legends", 43, &[]),
    ("dota-2", 25, &[]),
    ("world-of-tanks", 9, &[]),
];

fn spec(slug: &str) -> GameIr {
    let path = common::project_root().join(format!("spec/{slug}.yaml"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What one update decoded to, in terms the test can compare across games.
#[derive(Debug, PartialEq)]
enum Decoded {
    Documented(&'static str),
    Unknown(String),
    Invalid(String),
}

macro_rules! decoder {
    ($module:ident) => {
        |json: &str| -> Result<Vec<Decoded>, gep::DecodeError> {
            use gep::$module::{Event, InfoUpdate, Update};
            Ok(gep::$module::decode(json)?
                .into_iter()
                .map(|update| match update {
                    Update::Info(InfoUpdate::Unknown(raw)) => Decoded::Unknown(raw.key),
                    Update::Info(InfoUpdate::Invalid { raw, error }) => {
                        Decoded::Invalid(format!("{}: {error}", raw.key))
                    }
                    Update::Info(info) => Decoded::Documented(info.documented_key().unwrap()),
                    Update::Event(Event::Unknown(raw)) => Decoded::Unknown(raw.name),
                    Update::Event(Event::Invalid { raw, error }) => {
                        Decoded::Invalid(format!("{}: {error}", raw.name))
                    }
                    Update::Event(event) => Decoded::Documented(event.documented_name().unwrap()),
                })
                .collect())
        }
    };
}

type Decoder = fn(&str) -> Result<Vec<Decoded>, gep::DecodeError>;

fn decoder_for(slug: &str) -> Decoder {
    match slug {
        "apex-legends" => decoder!(apex_legends),
        "dota-2" => decoder!(dota_2),
        "world-of-tanks" => decoder!(world_of_tanks),
        other => panic!("no decoder for {other}: add the game to this test"),
    }
}

#[test]
fn every_documented_example_decodes_to_its_variant() {
    let mut failures = Vec::new();
    for &(slug, expected_count, expected_unreadable) in EXPECTED {
        let ir = spec(slug);
        let decode = decoder_for(slug);
        let mut decoded = 0;
        let mut unreadable = Vec::new();
        for doc in game_examples(&ir.features) {
            let (entry, example) = (doc.entry, doc.example);
            let Some(envelope) = doc.envelope(&ir.features) else {
                unreadable.push(example.line);
                continue;
            };
            let json = envelope.to_string();
            let updates = match decode(&json) {
                Ok(updates) => updates,
                Err(error) => {
                    failures.push(format!("{slug}:{}: {error}: {json}", example.line));
                    continue;
                }
            };
            let documented = !updates.is_empty()
                && updates
                    .iter()
                    .all(|update| matches!(update, Decoded::Documented(_)));
            if !documented {
                failures.push(format!("{slug}:{}: {updates:?}: {json}", example.line));
                continue;
            }
            // An event's example decodes to that event; an info example to a documented key
            // (some examples show a neighbouring key of the same note).
            if let Some(EntryRef::Event(event)) = entry {
                if updates != [Decoded::Documented(leak(&event.name))] {
                    failures.push(format!("{slug}:{}: {updates:?}: {json}", example.line));
                    continue;
                }
            }
            decoded += 1;
        }
        assert_eq!(
            unreadable, expected_unreadable,
            "{slug}: examples without an envelope"
        );
        if decoded != expected_count {
            failures.push(format!(
                "{slug}: {decoded} examples decoded, expected {expected_count}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Event names compare with `documented_name()`'s `&'static str`.
fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn only(json: &str) -> Update {
    let mut updates = apex_legends::decode(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(updates.len(), 1, "{json}: {updates:?}");
    updates.pop().unwrap()
}

#[test]
fn apex_roster_example_gives_team_and_teammate() {
    let ir = spec("apex-legends");
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
        Update::Info(InfoUpdate::Phase(Some(info::Phase::Other(
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
    let player = info::Roster {
        is_teammate: Some(true),
        team_id: Some(3.0),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&player).unwrap(),
        serde_json::json!({"isTeammate": true, "team_id": 3.0})
    );
}
