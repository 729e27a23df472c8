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
        info::RosterValue {
            name: Some("A".to_owned()),
            is_teammate: Some(true),
            team_id: Some(3),
            platform_hw: Some(info::RosterValuePlatformHw::_7),
            state: Some(info::RosterValueState::Other("revived".to_owned())),
            is_local: Some(false),
            extra: Default::default(),
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

    assert_eq!(
        info::RosterValueState::from("#alive"),
        info::RosterValueState::Alive
    );
    assert_eq!(info::RosterValueState::Alive.as_str(), "alive");
}

/// `[deck_id]`: every key of category `decks` that nothing else documents is a deck's id.
#[test]
fn keys_named_by_data_carry_their_name_only_in_their_category() {
    let json = r#"{"info":{"decks":{"Adventure Deck":"{\"deck_id\":\"Adventure Deck\",\"count\":\"30\"}"}},"feature":"decks"}"#;
    let Update::Info(InfoUpdate::DeckId {
        name,
        value: Some(deck),
    }) = only(json)
    else {
        panic!("not a deck update");
    };
    assert_eq!(name, "Adventure Deck");
    assert_eq!(deck.deck_id.as_deref(), Some("Adventure Deck"));
    assert_eq!(deck.count, Some(30));
    // A key the page lists in the same category is that key, not a deck.
    assert_eq!(
        only(r#"{"info":{"decks":{"selected_deck":"Mage"}}}"#),
        Update::Info(InfoUpdate::SelectedDeck(Some("Mage".to_owned())))
    );
    // The same key in another category, or without one, is unknown, never a deck.
    assert!(matches!(
        only(r#"{"info":{"elsewhere":{"Mage":"{}"}}}"#),
        Update::Info(InfoUpdate::Unknown(_))
    ));
    assert!(matches!(
        only(r#"{"feature":"decks","category":"elsewhere","key":"Mage","value":"{}"}"#),
        Update::Info(InfoUpdate::Unknown(_))
    ));
}

/// `decode_all` serialises in the shape of `docs/decoding.md`: the JavaScript decoders' shape,
/// which the decoded schemas describe.
#[test]
fn decoded_updates_serialise_in_the_shape_every_decoder_writes() {
    let json = |payload: &str| serde_json::to_value(small_game::decode_all(payload)).unwrap();
    assert_eq!(
        json(
            r#"{"info":{"match_info":{"roster_2":"{\"name\":\"A\",\"isTeammate\":\"True\",\"x\":1}","roster_3":""}},"feature":"roster"}"#
        ),
        serde_json::json!([
            {"type": "info", "feature": "roster", "category": "match_info", "key": "roster_XX",
             "index": 2, "value": {"name": "A", "isTeammate": true, "x": 1}},
            {"type": "info", "feature": "roster", "category": "match_info", "key": "roster_XX",
             "index": 3, "value": null},
        ])
    );
    assert_eq!(
        json(r#"{"info":{"decks":{"Mage":"{\"count\":\"30\"}"}},"feature":"decks"}"#),
        serde_json::json!([{"type": "info", "feature": "decks", "category": "decks",
            "key": "[deck_id]", "name": "Mage", "value": {"count": 30}}])
    );
    assert_eq!(
        json(
            r#"{"events":[{"name":"kill","data":"3"},{"name":"death"},{"name":"new_one","data":{"a":1}},{"name":"kill","data":"many"}]}"#
        ),
        serde_json::json!([
            {"type": "event", "feature": null, "name": "kill", "data": 3},
            {"type": "event", "feature": null, "name": "death", "data": null},
            {"type": "unknown", "feature": null, "name": "new_one", "raw": {"a": 1}},
            {"type": "invalid", "feature": null, "name": "kill", "raw": "many",
             "reason": json(r#"{"events":[{"name":"kill","data":"many"}]}"#)[0]["reason"]},
        ])
    );
    let unknown = json(
        r#"{"gameId":1,"feature":"match_info","category":"game_info","key":"later","value":"5"}"#,
    );
    assert_eq!(
        unknown,
        serde_json::json!([{"type": "unknown", "feature": "match_info", "category": "game_info",
            "key": "later", "raw": "5"}])
    );
    let payload = json("not json");
    assert_eq!(payload[0]["type"], "invalid");
    assert_eq!(payload[0]["raw"], "not json");
    assert!(payload[0]["reason"].as_str().is_some_and(|r| !r.is_empty()));
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
        events::CsData {
            r#type: Some("t".to_owned()),
            r#break: Some(true),
            _2kill: Some(2),
            self_: Some("s".to_owned()),
            extra: Default::default(),
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
        Update::Event(Event::MatchOutcome(events::MatchOutcomeData::Victory))
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

/// Fields the docs do not list are kept, exactly as sent, and serialised back: a payload whose
/// fields are all undocumented (names of players as keys) loses nothing.
#[test]
fn undocumented_fields_are_kept() {
    let json = r#"{"info":{"match_info":{"roster_1":"{\"name\":\"A\",\"Player One\":{\"health\":100},\"rank\":3}"}}}"#;
    let Update::Info(InfoUpdate::Roster {
        value: Some(player),
        ..
    }) = only(json)
    else {
        panic!("not a roster update");
    };
    assert_eq!(player.name.as_deref(), Some("A"));
    assert_eq!(
        player.extra,
        std::collections::BTreeMap::from([
            ("Player One".to_owned(), serde_json::json!({"health": 100})),
            ("rank".to_owned(), serde_json::json!(3)),
        ])
    );
    assert_eq!(
        serde_json::to_value(&player).unwrap(),
        serde_json::json!({"name": "A", "Player One": {"health": 100}, "rank": 3})
    );
}

/// A field GEP leaves out is `None`; a field whose value does not fit its type makes the whole
/// update `Invalid`, with the reason and the value as sent, never a silent `None`.
#[test]
fn missing_fields_are_none_and_wrong_fields_invalid() {
    let Update::Info(InfoUpdate::Roster {
        value: Some(player),
        ..
    }) = only(r#"{"info":{"match_info":{"roster_2":"{\"name\":\"B\"}"}}}"#)
    else {
        panic!("not a roster update");
    };
    assert_eq!(player.state, None);
    assert_eq!(player.team_id, None);
    let Update::Info(InfoUpdate::Invalid { raw, error }) =
        only(r#"{"info":{"match_info":{"roster_2":"{\"name\":\"B\",\"team_id\":\"three\"}"}}}"#)
    else {
        panic!("a wrong-typed field must make the update Invalid");
    };
    assert!(error.contains("three"), "{error}");
    assert_eq!(raw.key, "roster_2");
}

/// GEP resets values with `null`, `""` and the string `"null"`, in info values and in fields.
#[test]
fn the_string_null_is_a_reset() {
    assert_eq!(
        only(r#"{"info":{"match_info":{"roster_0":"null"}}}"#),
        Update::Info(InfoUpdate::Roster {
            index: 0,
            value: None
        })
    );
    let Update::Info(InfoUpdate::Roster {
        value: Some(player),
        ..
    }) = only(
        r#"{"info":{"match_info":{"roster_2":{"name":"B","state":"null","team_id":"null"}}}}"#,
    )
    else {
        panic!("not a roster update");
    };
    assert_eq!((player.state, player.team_id), (None, None));
}

/// ow-electron delivers events as `{"gameId","category","key","value"}` without a feature:
/// a key that names a documented event (and no documented key) is that event; the info
/// envelope with a feature stays info.
#[test]
fn ow_electron_envelopes() {
    assert_eq!(
        only(r#"{"gameId":1,"category":"match_info","key":"kill","value":"4"}"#),
        Update::Event(Event::Kill(4))
    );
    assert_eq!(
        only(r#"{"gameId":1,"category":"match_info","key":"death","value":null}"#),
        Update::Event(Event::Death)
    );
    assert_eq!(
        only(
            r#"{"gameId":1,"feature":"match_info","category":"game_info","key":"phase","value":"lobby"}"#
        ),
        Update::Info(InfoUpdate::Phase(Some(info::PhaseValue::Lobby)))
    );
    // Without a feature, a documented key is still info, and an unknown key stays unknown info.
    assert_eq!(
        only(r#"{"gameId":1,"category":"match_info","key":"victory","value":"true"}"#),
        Update::Info(InfoUpdate::Victory(Some(true)))
    );
    assert!(matches!(
        only(r#"{"gameId":1,"category":"match_info","key":"not_documented","value":1}"#),
        Update::Info(InfoUpdate::Unknown(_))
    ));
    assert!(small_game::Event::documents("kill") && !small_game::Event::documents("phase"));
    assert!(InfoUpdate::documents(Some("game_info"), "phase"));
}

/// A key or event the docs show without a value takes only resets: a value it did carry is
/// kept in `Invalid`, with the reason, never dropped.
#[test]
fn a_value_where_the_docs_show_none_is_kept() {
    assert_eq!(
        only(r#"{"events":[{"name":"death","data":"null"}]}"#),
        Update::Event(Event::Death)
    );
    let Update::Event(Event::Invalid { raw, error }) =
        only(r#"{"events":[{"name":"death","data":{"by":"x"}}]}"#)
    else {
        panic!("data where the docs show none must be Invalid");
    };
    assert_eq!(raw.data, serde_json::json!({"by": "x"}));
    assert!(error.contains("no value"), "{error}");
    assert!(matches!(
        only(r#"{"info":{"match_info":{"gone":"here"}}}"#),
        Update::Info(InfoUpdate::Invalid { .. })
    ));
}
