//! Reading the envelopes GEP and ow-electron deliver updates in: which updates a payload
//! holds, with their feature, category, key or name, and each value as raw JSON text.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::DecodeError;

/// An info update out of its envelope, before its key is looked up; borrows the payload text.
#[derive(Debug, Clone)]
pub struct WireInfo<'a> {
    /// The feature named by the envelope, when it names one.
    pub feature: Option<Cow<'a, str>>,
    /// The category (`match_info`, `me`, ...); `None` in envelopes that do not carry one.
    pub category: Option<Cow<'a, str>>,
    pub key: Cow<'a, str>,
    /// The value exactly as sent, as JSON text; `None` when the envelope has none.
    pub value: Option<&'a RawValue>,
    /// Whether it came in the flat ow-electron envelope (`{"category","key","value"}`)
    /// rather than under `"info"`: without a `feature`, that envelope carries events too
    /// (the key is then the event's name), which only the game's documented names tell apart.
    pub flat: bool,
}

/// An event out of its envelope, before its name is looked up; borrows the payload text.
#[derive(Debug, Clone)]
pub struct WireEvent<'a> {
    /// The feature named by the envelope, when it names one.
    pub feature: Option<Cow<'a, str>>,
    pub name: Cow<'a, str>,
    /// The data exactly as sent, as JSON text; `None` when the envelope has none.
    pub data: Option<&'a RawValue>,
}

/// One update out of its envelope.
#[derive(Debug, Clone)]
pub enum WireUpdate<'a> {
    Info(WireInfo<'a>),
    Event(WireEvent<'a>),
}

/// An info update whose key the docs do not list, or whose value does not fit the docs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawInfo {
    pub feature: Option<String>,
    pub category: Option<String>,
    pub key: String,
    /// The value exactly as sent.
    pub value: Value,
}

/// An event whose name the docs do not list, or whose data does not fit the docs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawEvent {
    pub feature: Option<String>,
    pub name: String,
    /// The data exactly as sent; `null` when the envelope has none.
    pub data: Value,
}

impl<'a> WireInfo<'a> {
    /// Whether this may be an ow-electron event: a flat envelope without a `feature`.
    pub fn may_be_event(&self) -> bool {
        self.flat && self.feature.is_none()
    }

    /// The update read as an ow-electron event: the key is the event's name, the value its
    /// data.
    pub fn into_event(self) -> WireEvent<'a> {
        WireEvent {
            feature: self.feature,
            name: self.key,
            data: self.value,
        }
    }

    /// An owned copy, with the value as a `serde_json::Value`.
    pub fn to_raw(&self) -> RawInfo {
        RawInfo {
            feature: self.feature.as_deref().map(str::to_owned),
            category: self.category.as_deref().map(str::to_owned),
            key: self.key.clone().into_owned(),
            value: to_value(self.value),
        }
    }
}

impl WireEvent<'_> {
    /// An owned copy, with the data as a `serde_json::Value`.
    pub fn to_raw(&self) -> RawEvent {
        RawEvent {
            feature: self.feature.as_deref().map(str::to_owned),
            name: self.name.clone().into_owned(),
            data: to_value(self.data),
        }
    }
}

fn to_value(raw: Option<&RawValue>) -> Value {
    // A `RawValue` holds valid JSON, so this cannot fail; `null` keeps it panic-free anyway.
    raw.and_then(|raw| serde_json::from_str(raw.get()).ok())
        .unwrap_or(Value::Null)
}

/// Takes the updates out of a payload as an app receives it, in order.
///
/// Accepted envelopes, also inside a JSON array:
/// - `onInfoUpdates2`: `{"info":{"<category>":{"<key>":<value>}},"feature":"<feature>"}`;
/// - `onNewEvents`: `{"events":[{"name":"<name>","data":<data>}]}`;
/// - ow-electron info updates: `{"gameId","feature","category","key","value"}` (`"data"` is
///   accepted for `"value"`, as some docs write it);
/// - ow-electron game events: `{"gameId","category","key","value"}` without a feature, where
///   the key is the event's name: parsed as info with [`WireInfo::flat`] set, since only the
///   game's documented names tell it from an info update (the game's `Update::from_wire`
///   decides); `{"feature","key","value"}` without a category is always an event;
/// - a single event: `{"name":"<name>","data":<data>}`;
/// - a `getInfo` result: `{"success":true,"res":{"<category>":{"<key>":<value>}}}`.
pub fn parse(json: &str) -> Result<Vec<WireUpdate<'_>>, DecodeError> {
    let mut updates = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(json);
    Payloads {
        updates: &mut updates,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(updates)
}

/// A string that borrows from the payload when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(PhantomData<&'a str>);
        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(text)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(TextVisitor(PhantomData))
    }
}

/// A payload, or an array of payloads.
struct Payloads<'u, 'a> {
    updates: &'u mut Vec<WireUpdate<'a>>,
}

impl<'a> DeserializeSeed<'a> for Payloads<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for Payloads<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GEP payload object or an array of them")
    }

    fn visit_seq<A: de::SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Payloads {
                updates: &mut *self.updates,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let updates = self.updates;
        let first = updates.len();
        let mut feature = None;
        let mut category = None;
        let mut key = None;
        let mut name = None;
        let mut value = None;
        let mut data = None;
        let mut nested = false;
        while let Some(Text(field)) = map.next_key::<Text<'a>>()? {
            match field.as_ref() {
                "info" | "res" => {
                    map.next_value_seed(Categories {
                        updates: &mut *updates,
                    })?;
                    nested = true;
                }
                "events" => {
                    map.next_value_seed(Events {
                        updates: &mut *updates,
                    })?;
                    nested = true;
                }
                "feature" => feature = map.next_value::<Option<Text<'a>>>()?.map(|t| t.0),
                "category" => category = map.next_value::<Option<Text<'a>>>()?.map(|t| t.0),
                "key" => key = Some(map.next_value::<Text<'a>>()?.0),
                "name" => name = Some(map.next_value::<Text<'a>>()?.0),
                "value" => value = Some(map.next_value::<&'a RawValue>()?),
                "data" => data = Some(map.next_value::<&'a RawValue>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if nested {
            // The feature may come after the updates it names.
            if feature.is_some() {
                for update in &mut updates[first..] {
                    match update {
                        WireUpdate::Info(info) => info.feature.clone_from(&feature),
                        WireUpdate::Event(event) => event.feature.clone_from(&feature),
                    }
                }
            }
            return Ok(());
        }
        match (key, name) {
            (Some(key), _) => {
                let value = value.or(data);
                updates.push(match category {
                    Some(category) => WireUpdate::Info(WireInfo {
                        feature,
                        category: Some(category),
                        key,
                        value,
                        flat: true,
                    }),
                    None => WireUpdate::Event(WireEvent {
                        feature,
                        name: key,
                        data: value,
                    }),
                });
                Ok(())
            }
            (None, Some(name)) => {
                updates.push(WireUpdate::Event(WireEvent {
                    feature,
                    name,
                    data,
                }));
                Ok(())
            }
            (None, None) => Err(de::Error::custom(
                "expected an object with \"info\", \"events\", \"key\", \"name\" or \"res\"",
            )),
        }
    }
}

/// `{"<category>":{"<key>":<value>}}`.
struct Categories<'u, 'a> {
    updates: &'u mut Vec<WireUpdate<'a>>,
}

impl<'a> DeserializeSeed<'a> for Categories<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'a> Visitor<'a> for Categories<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of categories")
    }

    fn visit_map<A: de::MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Text(category)) = map.next_key::<Text<'a>>()? {
            map.next_value_seed(Keys {
                category,
                updates: &mut *self.updates,
            })?;
        }
        Ok(())
    }
}

/// `{"<key>":<value>}` of one category.
struct Keys<'u, 'a> {
    category: Cow<'a, str>,
    updates: &'u mut Vec<WireUpdate<'a>>,
}

impl<'a> DeserializeSeed<'a> for Keys<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'a> Visitor<'a> for Keys<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of keys")
    }

    fn visit_map<A: de::MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Text(key)) = map.next_key::<Text<'a>>()? {
            let value = Some(map.next_value::<&'a RawValue>()?);
            self.updates.push(WireUpdate::Info(WireInfo {
                feature: None,
                category: Some(self.category.clone()),
                key,
                value,
                flat: false,
            }));
        }
        Ok(())
    }
}

/// `[{"name":"<name>","data":<data>}]`.
struct Events<'u, 'a> {
    updates: &'u mut Vec<WireUpdate<'a>>,
}

impl<'a> DeserializeSeed<'a> for Events<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'a> Visitor<'a> for Events<'_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of events")
    }

    fn visit_seq<A: de::SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
        #[derive(Deserialize)]
        struct EventObject<'a> {
            #[serde(borrow)]
            name: Text<'a>,
            #[serde(borrow, default)]
            data: Option<&'a RawValue>,
        }
        while let Some(EventObject { name, data }) = seq.next_element::<EventObject<'a>>()? {
            self.updates.push(WireUpdate::Event(WireEvent {
                feature: None,
                name: name.0,
                data,
            }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_info(json: &str) -> (Option<String>, Option<String>, String, String) {
        let updates = parse(json).unwrap();
        assert_eq!(updates.len(), 1, "{json}");
        match &updates[0] {
            WireUpdate::Info(info) => (
                info.feature.as_deref().map(str::to_owned),
                info.category.as_deref().map(str::to_owned),
                info.key.to_string(),
                info.value.map_or("", RawValue::get).to_owned(),
            ),
            WireUpdate::Event(event) => panic!("{json} gave an event: {event:?}"),
        }
    }

    fn only_event(json: &str) -> (Option<String>, String, Option<String>) {
        let updates = parse(json).unwrap();
        assert_eq!(updates.len(), 1, "{json}");
        match &updates[0] {
            WireUpdate::Event(event) => (
                event.feature.as_deref().map(str::to_owned),
                event.name.to_string(),
                event.data.map(|data| data.get().to_owned()),
            ),
            WireUpdate::Info(info) => panic!("{json} gave an info update: {info:?}"),
        }
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn parses_every_envelope() {
        let updates =
            parse(r#"{"info":{"me":{"name":"Shargaas","a":"1"}},"feature":"me"}"#).unwrap();
        let keys: Vec<(Option<&str>, &str, &str)> = updates
            .iter()
            .map(|update| match update {
                WireUpdate::Info(info) => (
                    info.feature.as_deref(),
                    info.key.as_ref(),
                    info.value.map_or("", RawValue::get),
                ),
                WireUpdate::Event(_) => panic!("an event"),
            })
            .collect();
        assert_eq!(
            keys,
            [
                (Some("me"), "name", "\"Shargaas\""),
                (Some("me"), "a", "\"1\"")
            ]
        );
        assert_eq!(
            only_info(r#"{"feature":"damage","category":"me","key":"total","data":"120"}"#),
            (
                some("damage"),
                some("me"),
                "total".to_owned(),
                "\"120\"".to_owned()
            )
        );
        assert_eq!(
            only_info(r#"{"feature":"f","category":"me","key":"k\"q","value":null}"#),
            (some("f"), some("me"), "k\"q".to_owned(), "null".to_owned())
        );
        assert_eq!(
            only_event(r#"{"events":[{"name":"kill","data":2}]}"#),
            (None, "kill".to_owned(), some("2"))
        );
        assert_eq!(
            only_event(r#"{"events":[{"name":"death"}],"feature":"death"}"#),
            (some("death"), "death".to_owned(), None)
        );
        assert_eq!(
            only_event(r#"{"feature":"kill","key":"kill","value":"3"}"#),
            (some("kill"), "kill".to_owned(), some("\"3\""))
        );
        assert_eq!(
            only_event(r#"{"name":"kill","data":{"a":1}}"#),
            (None, "kill".to_owned(), some("{\"a\":1}"))
        );
        assert_eq!(
            only_info(r#"{"success":true,"res":{"game_info":{"phase":"lobby"}}}"#),
            (
                None,
                some("game_info"),
                "phase".to_owned(),
                "\"lobby\"".to_owned()
            )
        );
        assert_eq!(
            parse(r#"[{"name":"kill","data":1},{"events":[]}]"#)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn flat_envelopes_without_a_feature_may_be_events() {
        let updates =
            parse(r#"{"gameId":21640,"category":"match_info","key":"spike_planted","value":null}"#)
                .unwrap();
        let [WireUpdate::Info(info)] = &updates[..] else {
            panic!("one info update: {updates:?}");
        };
        assert!(info.may_be_event());
        let event = info.clone().into_event();
        assert_eq!(event.name, "spike_planted");
        assert_eq!(event.data.map(RawValue::get), Some("null"));
        let with_feature = parse(
            r#"{"gameId":21640,"feature":"match_info","category":"match_info","key":"scoreboard_2","value":"x"}"#,
        )
        .unwrap();
        assert!(matches!(&with_feature[..], [WireUpdate::Info(info)] if !info.may_be_event()));
        let nested = parse(r#"{"info":{"match_info":{"spike_planted":"1"}}}"#).unwrap();
        assert!(matches!(&nested[..], [WireUpdate::Info(info)] if !info.may_be_event()));
    }

    #[test]
    fn errors_say_where() {
        let error = parse("{\"info\":\n{\"me\":{\"name\":\"a\"}").unwrap_err();
        assert_eq!(
            error.to_string(),
            "malformed JSON at line 2, column 18: EOF while parsing an object"
        );
        let error = parse(r#"{"events":[{"name":"kill"},{"data":1}]}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a GEP payload at line 1, column 37: missing field `name`"
        );
        let error = parse(r#"{"info":{"match_info":[]}}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a GEP payload at line 1, column 22: invalid type: sequence, expected an object of keys"
        );
        assert!(matches!(parse("42"), Err(DecodeError::Envelope { .. })));
        assert!(matches!(
            parse(r#"{"hello":1}"#),
            Err(DecodeError::Envelope { .. })
        ));
        assert!(matches!(
            parse(r#"{"name":"a"} x"#),
            Err(DecodeError::Syntax { .. })
        ));
    }
}
