//! The runtime as real code: `templates/rust/runtime/` compiled, linted and unit-tested where
//! it is written, as rust-analyzer reads it, not only as its copy in `generated/rust`.
//!
//! The module's own `#[cfg(test)]` tests run here, and below, its public paths are used as a
//! generated game module uses them (`crate::runtime::...`).

use std::collections::BTreeMap;

use serde::Deserialize;

#[path = "../templates/rust/runtime/mod.rs"]
mod runtime;

/// A payload document as the emitter writes one: fields decoded leniently, the rest kept.
#[derive(Debug, PartialEq, Deserialize)]
struct Player {
    #[serde(default, deserialize_with = "runtime::lenient")]
    kills: Option<i64>,
    #[serde(default, deserialize_with = "runtime::lenient")]
    state: Option<State>,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}

impl runtime::Lenient for Player {
    fn deserialize_lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        runtime::document(d)
    }
}

/// An open enumeration as the emitter writes one.
#[derive(Debug, PartialEq)]
enum State {
    Alive,
    Other(String),
}

impl From<&str> for State {
    fn from(text: &str) -> Self {
        match text {
            "alive" => State::Alive,
            other => State::Other(other.to_owned()),
        }
    }
}

impl runtime::Lenient for State {
    fn deserialize_lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        runtime::enum_value(d)
    }
}

/// What a game module's `InfoUpdate::from_wire` does with a family key and a document inside a
/// string, and with an event the docs show without data.
#[test]
fn decodes_as_a_game_module_does() {
    let payload = r#"{"info":{"match_info":{"roster_3":"{\"kills\":\"2\",\"state\":7,\"x\":1}"}},"feature":"roster"}
"#;
    let updates = runtime::parse(payload).unwrap();
    let [runtime::WireUpdate::Info(info)] = &updates[..] else {
        panic!("one info update: {updates:?}");
    };
    assert_eq!(runtime::family_index(&info.key, "roster_", ""), Some(3));
    assert_eq!(runtime::family_name(&info.key, "roster_", ""), Some("3"));
    let player: Option<Player> = runtime::decode(info.value).unwrap();
    assert_eq!(
        player,
        Some(Player {
            kills: Some(2),
            state: Some(State::Other("7".to_owned())),
            extra: BTreeMap::from([("x".to_owned(), serde_json::json!(1))]),
        })
    );
    let info: &runtime::WireInfo<'_> = info;
    let kept: runtime::RawInfo = info.to_raw();
    assert_eq!(kept.feature.as_deref(), Some("roster"));
    assert_eq!(
        runtime::decode::<Option<State>>(None),
        Ok(None),
        "an absent value is a reset"
    );
    let value: serde_json::Value = serde_json::from_str(r#""alive""#).unwrap();
    let raw = serde_json::value::to_raw_value(&value).unwrap();
    assert_eq!(runtime::decode(Some(&raw)), Ok(State::Alive));
    assert!(runtime::is_reset_text("null"));

    let events = runtime::parse(r#"{"events":[{"name":"death","data":"x"}]}"#).unwrap();
    let [runtime::WireUpdate::Event(event)] = &events[..] else {
        panic!("one event: {events:?}");
    };
    let error = runtime::decode::<runtime::NoValue>(event.data).unwrap_err();
    assert!(error.contains("no value"), "{error}");
    let event: &runtime::WireEvent<'_> = event;
    let kept: runtime::RawEvent = event.to_raw();
    assert_eq!(kept.data, serde_json::json!("x"));

    let error: runtime::DecodeError = runtime::parse("{").unwrap_err();
    assert!(matches!(error, runtime::DecodeError::Syntax { .. }));
    let unknown = runtime::UnknownFeature("x".to_owned());
    assert_eq!(unknown.to_string(), "unknown feature \"x\"");
}

/// A game module's `decode_all` output, as `Update`s of a game serialise: the shape of
/// `docs/decoding.md`, for every kind of update.
#[test]
fn decoded_updates_serialise_as_a_game_module_writes_them() {
    /// A game with one documented key (`kills`), and nothing else.
    enum Update {
        Kills(Option<i64>),
        UnknownInfo(runtime::RawInfo),
        InvalidEvent(runtime::RawEvent, String),
        Ping,
    }
    impl runtime::DecodedMembers for Update {
        fn serialize_members<M: serde::ser::SerializeMap>(
            &self,
            origin: &runtime::Origin,
            map: &mut M,
        ) -> Result<(), M::Error> {
            match self {
                Update::Kills(value) => runtime::info_members(map, origin, "kills", None, value),
                Update::UnknownInfo(raw) => runtime::raw_info_members(map, raw, None),
                Update::InvalidEvent(raw, error) => {
                    runtime::raw_event_members(map, raw, Some(error))
                }
                Update::Ping => runtime::event_members(map, origin, "ping", &()),
            }
        }
    }
    let payload = r#"{"info":{"me":{"kills":"4","later":1}},"feature":"stats"}"#;
    let wires = runtime::parse(payload).unwrap();
    let decoded: Vec<runtime::Decoded<Update>> = wires
        .iter()
        .map(|wire| {
            let runtime::WireUpdate::Info(info) = wire else {
                panic!("info updates only");
            };
            let update = match info.key.as_ref() {
                "kills" => Update::Kills(runtime::decode(info.value).unwrap()),
                _ => Update::UnknownInfo(info.to_raw()),
            };
            runtime::Decoded::Update {
                origin: runtime::Origin::of(wire),
                update,
            }
        })
        .collect();
    assert_eq!(
        serde_json::to_value(&decoded).unwrap(),
        serde_json::json!([
            {"type": "info", "feature": "stats", "category": "me", "key": "kills", "value": 4},
            {"type": "unknown", "feature": "stats", "category": "me", "key": "later", "raw": 1},
        ])
    );
    let event = runtime::RawEvent {
        feature: None,
        name: "ping".into(),
        data: serde_json::json!(5),
    };
    let others = [
        runtime::Decoded::Update {
            origin: runtime::Origin::default(),
            update: Update::InvalidEvent(event, "no value expected".into()),
        },
        runtime::Decoded::Update {
            origin: runtime::Origin::default(),
            update: Update::Ping,
        },
    ];
    assert_eq!(
        serde_json::to_value(&others).unwrap(),
        serde_json::json!([
            {"type": "invalid", "feature": null, "name": "ping", "raw": 5, "reason": "no value expected"},
            {"type": "event", "feature": null, "name": "ping", "data": null},
        ])
    );
    let member = runtime::Member::Name("Mage");
    assert_ne!(member, runtime::Member::Index(0));
}

/// Every file of the template directory is in the crate, as the template behind the
/// preamble: a file added here but not to the emitter's list would build here only.
#[test]
fn the_crate_carries_every_template_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let templates = root.join("templates/rust/runtime");
    let mut names: Vec<String> = std::fs::read_dir(&templates)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.contains(&"mod.rs".to_owned()), "{names:?}");
    for name in &names {
        let template = std::fs::read_to_string(templates.join(name)).unwrap();
        let copy = std::fs::read_to_string(root.join("generated/rust/src/runtime").join(name))
            .unwrap_or_else(|e| panic!("generated/rust/src/runtime/{name}: {e}"));
        assert_eq!(
            copy.split_once("\n\n").map(|(_, body)| body),
            Some(template.as_str()),
            "generated/rust/src/runtime/{name}: run `cargo xtask regen`"
        );
    }
}
