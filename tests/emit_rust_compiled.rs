//! The emitter's expected modules (`tests/fixtures/rust/expected/`, kept current by the
//! `emit_rust` test) compiled against the `gep` runtime: the hostile page's module builds, and
//! the small game's decodes what its IR promises (families with their index, keywords as
//! fields, JSON documents inside strings, open enums, resets).
//!
//! A separate test target from `emit_rust`, so a stale fixture that no longer compiles does
//! not stop `UPDATE_EXPECT=1 cargo test --test emit_rust` from rewriting it.

/// The generated modules refer to `crate::runtime`.
mod runtime {
    pub use gep::runtime::*;
}

// The modules are a library's public API compiled into a test binary: what the tests do not
// call is dead code here, not in the `gep` crate.
#[allow(dead_code)]
#[path = "fixtures/rust/expected/hostile.rs"]
mod hostile;

#[allow(dead_code)]
#[path = "fixtures/rust/expected/small_game.rs"]
mod small_game;

use small_game::{events, info, Event, InfoUpdate, Update};

fn only(json: &str) -> Update {
    let mut updates = small_game::decode(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(updates.len(), 1, "{json}: {updates:?}");
    updates.pop().unwrap()
}

#[test]
fn family_keys_carry_their_index_and_documents_inside_strings_decode() {
    let json = r#"{"info":{"match_info":{"roster_12":"{\"name\":\"A\",\"isTeammate\":\"True\",\"team_id\":3,\"platform_hw\":7,\"state\":\"revived\",\"is_local\":\"0\"}"}},"feature":"roster"}"#;
    let Update::Info(InfoUpdate::Roster {
        index,
        value: Some(player),
    }) = only(json)
    else {
        panic!("not a roster update");
    };
    assert_eq!(index, 12);
    assert_eq!(
        player,
        info::Roster {
            name: Some("A".to_owned()),
            is_teammate: Some(true),
            team_id: Some(3),
            platform_hw: Some(info::RosterPlatformHw::_7),
            state: Some(info::RosterState::Other("revived".to_owned())),
            is_local: Some(false),
        }
    );
    assert_eq!(
        only(r#"{"info":{"match_info":{"roster_0":""}}}"#),
        Update::Info(InfoUpdate::Roster {
            index: 0,
            value: None
        })
    );
}

#[test]
fn maps_keyed_by_data_keep_every_entry_and_spellings_decode_to_one_variant() {
    let json = r#"{"info":{"roster":{"player_status":"{\"Name A\":{\"index\":1,\"health\":\"99.5\"},\"0\":{\"index\":2}}"}},"feature":"roster"}"#;
    let Update::Info(InfoUpdate::PlayerStatus(Some(players))) = only(json) else {
        panic!("not a player_status update");
    };
    let names: Vec<&str> = players.keys().map(String::as_str).collect();
    assert_eq!(names, ["0", "Name A"]);
    assert_eq!(players["Name A"].index, Some(1));
    assert_eq!(players["Name A"].health, Some(99.5));
    assert_eq!(players["0"].health, None);
    // A reset, and a value that is no map, kept with the reason.
    let reset = r#"{"info":{"roster":{"player_status":""}},"feature":"roster"}"#;
    assert_eq!(only(reset), Update::Info(InfoUpdate::PlayerStatus(None)));
    let wrong = r#"{"info":{"roster":{"player_status":[1]}},"feature":"roster"}"#;
    assert!(matches!(
        only(wrong),
        Update::Info(InfoUpdate::Invalid { .. })
    ));

    assert_eq!(info::RosterState::from("#alive"), info::RosterState::Alive);
    assert_eq!(info::RosterState::Alive.as_str(), "alive");
}

#[test]
fn a_key_in_two_categories_is_told_apart_by_category() {
    assert_eq!(
        only(r#"{"info":{"me":{"name":"x"}}}"#),
        Update::Info(InfoUpdate::MeName(Some("x".to_owned())))
    );
    assert_eq!(
        only(r#"{"info":{"game_info":{"name":"y"}}}"#),
        Update::Info(InfoUpdate::GameInfoName(Some("y".to_owned())))
    );
    assert!(matches!(
        only(r#"{"info":{"elsewhere":{"name":"z"}}}"#),
        Update::Info(InfoUpdate::Unknown(_))
    ));
}

#[test]
fn keyword_fields_arrays_and_enums() {
    let Update::Event(Event::Cs(cs)) = only(
        r#"{"events":[{"name":"cs","data":"{\"type\":\"t\",\"break\":\"true\",\"2kill\":\"2\",\"self\":\"s\"}"}]}"#,
    ) else {
        panic!("not a cs event");
    };
    assert_eq!(
        cs,
        events::Cs {
            r#type: Some("t".to_owned()),
            r#break: Some(true),
            _2kill: Some(2),
            self_: Some("s".to_owned()),
        }
    );
    assert_eq!(
        serde_json::to_string(&cs).unwrap(),
        r#"{"type":"t","break":true,"2kill":2,"self":"s"}"#
    );
    let Update::Info(InfoUpdate::TeamDamageDealt(Some(team))) = only(
        r#"{"info":{"damage":{"team_damage_dealt":"[{\"player_name\":\"a\",\"damage_dealt\":\"869\"}]"}}}"#,
    ) else {
        panic!("not team damage");
    };
    assert_eq!(team[0].damage_dealt, Some(869));
    assert_eq!(
        only(r#"{"events":[{"name":"match_outcome","data":"victory"}]}"#),
        Update::Event(Event::MatchOutcome(events::MatchOutcome::Victory))
    );
    assert_eq!(
        only(r#"{"events":[{"name":"death","data":null}]}"#),
        Update::Event(Event::Death)
    );
}

#[test]
fn the_hostile_module_compiles_and_decodes_its_keys() {
    assert_eq!(hostile::GAME_ID, 4242);
    assert_eq!(
        hostile::TITLE,
        "Hostile */ Game \"quoted\" `tick` </script>"
    );
    let updates = hostile::decode(
        r#"{"info":{"game_info":{"type":"a","break":"b","2kill":"c","match-state":"d","self":"e"}}}"#,
    )
    .unwrap();
    let keys: Vec<&str> = updates
        .iter()
        .map(|update| match update {
            hostile::Update::Info(info) => info.documented_key().unwrap(),
            hostile::Update::Event(_) => panic!("an event"),
        })
        .collect();
    assert_eq!(keys, ["type", "break", "2kill", "match-state", "self"]);
    assert!(matches!(
        &updates[0],
        hostile::Update::Info(hostile::InfoUpdate::Type(Some(text))) if text == "a"
    ));
    assert_eq!(
        "match-state".parse::<hostile::Feature>(),
        Ok(hostile::Feature::MatchState)
    );
}
