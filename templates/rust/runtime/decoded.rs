//! Decoded updates as JSON, in the one shape every decoder of this project writes
//! (`docs/decoding.md`, section 5): `{"type":"info","feature","category","key","index"?,
//! "value"}`, `{"type":"event","feature","name","data"}`, `unknown` and `invalid` updates with
//! the raw value, and an `invalid` payload. The Rust and JavaScript decoders are compared in
//! this shape, and any language can read what the decoders make of a recording.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{RawEvent, RawInfo, WireUpdate};

/// Where an update came from: the feature and the category its envelope names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    pub feature: Option<String>,
    pub category: Option<String>,
}

impl Origin {
    /// The feature and category of an update still in its envelope.
    pub fn of(wire: &WireUpdate<'_>) -> Self {
        match wire {
            WireUpdate::Info(info) => Origin {
                feature: info.feature.as_deref().map(str::to_owned),
                category: info.category.as_deref().map(str::to_owned),
            },
            WireUpdate::Event(event) => Origin {
                feature: event.feature.as_deref().map(str::to_owned),
                category: None,
            },
        }
    }
}

/// One update of a payload, decoded, with its origin; or a payload that could not be read.
/// Serialises to the JSON shape of `docs/decoding.md`.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded<U> {
    Update {
        origin: Origin,
        update: U,
    },
    /// Not JSON, or JSON in no GEP envelope: the text as given, and why.
    InvalidPayload {
        raw: String,
        reason: String,
    },
}

/// The members of a decoded update after its origin is known: implemented by each game
/// module's `Update`, `InfoUpdate` and `Event`.
pub trait DecodedMembers {
    fn serialize_members<M: SerializeMap>(
        &self,
        origin: &Origin,
        map: &mut M,
    ) -> Result<(), M::Error>;
}

impl<U: DecodedMembers> Serialize for Decoded<U> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            Decoded::Update { origin, update } => update.serialize_members(origin, &mut map)?,
            Decoded::InvalidPayload { raw, reason } => {
                map.serialize_entry("type", "invalid")?;
                map.serialize_entry("raw", raw)?;
                map.serialize_entry("reason", reason)?;
            }
        }
        map.end()
    }
}

/// The part of a family's key that varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member<'a> {
    /// `index` of `roster_XX`.
    Index(u32),
    /// `name` of `[deck_id]`.
    Name(&'a str),
}

/// A documented info key: `key` as the docs spell it, its family member, its decoded value.
pub fn info_members<M: SerializeMap, V: Serialize + ?Sized>(
    map: &mut M,
    origin: &Origin,
    key: &str,
    member: Option<Member<'_>>,
    value: &V,
) -> Result<(), M::Error> {
    map.serialize_entry("type", "info")?;
    map.serialize_entry("feature", &origin.feature)?;
    map.serialize_entry("category", &origin.category)?;
    map.serialize_entry("key", key)?;
    match member {
        Some(Member::Index(index)) => map.serialize_entry("index", &index)?,
        Some(Member::Name(name)) => map.serialize_entry("name", name)?,
        None => {}
    }
    map.serialize_entry("value", value)
}

/// A documented event with its decoded data.
pub fn event_members<M: SerializeMap, D: Serialize + ?Sized>(
    map: &mut M,
    origin: &Origin,
    name: &str,
    data: &D,
) -> Result<(), M::Error> {
    map.serialize_entry("type", "event")?;
    map.serialize_entry("feature", &origin.feature)?;
    map.serialize_entry("name", name)?;
    map.serialize_entry("data", data)
}

/// An info update kept raw: `unknown` (no reason) or `invalid` (with the reason).
pub fn raw_info_members<M: SerializeMap>(
    map: &mut M,
    raw: &RawInfo,
    reason: Option<&str>,
) -> Result<(), M::Error> {
    map.serialize_entry(
        "type",
        if reason.is_some() {
            "invalid"
        } else {
            "unknown"
        },
    )?;
    map.serialize_entry("feature", &raw.feature)?;
    map.serialize_entry("category", &raw.category)?;
    map.serialize_entry("key", &raw.key)?;
    map.serialize_entry("raw", &raw.value)?;
    if let Some(reason) = reason {
        map.serialize_entry("reason", reason)?;
    }
    Ok(())
}

/// An event kept raw: `unknown` (no reason) or `invalid` (with the reason).
pub fn raw_event_members<M: SerializeMap>(
    map: &mut M,
    raw: &RawEvent,
    reason: Option<&str>,
) -> Result<(), M::Error> {
    map.serialize_entry(
        "type",
        if reason.is_some() {
            "invalid"
        } else {
            "unknown"
        },
    )?;
    map.serialize_entry("feature", &raw.feature)?;
    map.serialize_entry("name", &raw.name)?;
    map.serialize_entry("raw", &raw.data)?;
    if let Some(reason) = reason {
        map.serialize_entry("reason", reason)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Kills(i64);

    impl DecodedMembers for Kills {
        fn serialize_members<M: SerializeMap>(
            &self,
            origin: &Origin,
            map: &mut M,
        ) -> Result<(), M::Error> {
            info_members(
                map,
                origin,
                "roster_XX",
                Some(Member::Index(3)),
                &Some(self.0),
            )
        }
    }

    #[test]
    fn updates_serialise_in_the_documented_shape() {
        let origin = Origin {
            feature: Some("roster".into()),
            category: Some("match_info".into()),
        };
        let update = Decoded::Update {
            origin,
            update: Kills(2),
        };
        assert_eq!(
            serde_json::to_string(&update).unwrap(),
            r#"{"type":"info","feature":"roster","category":"match_info","key":"roster_XX","index":3,"value":2}"#
        );
        let payload: Decoded<Kills> = Decoded::InvalidPayload {
            raw: "x".into(),
            reason: "not JSON".into(),
        };
        assert_eq!(
            serde_json::to_value(&payload).unwrap(),
            json!({"type": "invalid", "raw": "x", "reason": "not JSON"})
        );
    }
}
