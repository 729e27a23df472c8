//! Decoding support shared by every game module.
//!
//! Two jobs: take the updates out of whichever envelope GEP delivered them in ([`parse`]), and
//! turn values as GEP sends them (numbers and booleans spelled as strings, JSON documents
//! inside strings, `null`, `""` or `"null"` for a reset) into Rust values ([`Lenient`]).
//!
//! Decoding makes one pass over the envelope, borrowing keys and leaving each value as raw
//! JSON text, and one pass over each value into its Rust type; nothing goes through
//! `serde_json::Value` except the values of unknown keys and events, which are kept as such.
//!
//! This file is copied from `templates/rust/runtime.rs` by `cargo xtask regen`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, IntoDeserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

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

/// Why a payload could not be decoded.
///
/// Only text that is not JSON, or JSON in no envelope GEP uses, is an error: unknown keys,
/// events and values decode to the `Unknown`, `Invalid` and `Other` variants instead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The text is not JSON.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not in an envelope GEP uses.
    Envelope {
        line: usize,
        column: usize,
        message: String,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "malformed JSON at line {line}, column {column}: {message}"
            ),
            DecodeError::Envelope {
                line,
                column,
                message,
            } => write!(
                f,
                "not a GEP payload at line {line}, column {column}: {message}"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<serde_json::Error> for DecodeError {
    fn from(error: serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let message = without_position(error.to_string());
        if error.is_data() {
            DecodeError::Envelope {
                line,
                column,
                message,
            }
        } else {
            DecodeError::Syntax {
                line,
                column,
                message,
            }
        }
    }
}

/// serde_json appends " at line L column C" to its messages; the fields say it already.
fn without_position(mut message: String) -> String {
    if let Some(end) = message.rfind(" at line ") {
        message.truncate(end);
    }
    message
}

/// A feature name that the game's `Feature` enum does not list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFeature(pub String);

impl fmt::Display for UnknownFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown feature {:?}", self.0)
    }
}

impl std::error::Error for UnknownFeature {}

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

/// The index of `key` in a key family (`roster_12` in `roster_XX` gives 12).
pub fn family_index(key: &str, prefix: &str, suffix: &str) -> Option<u32> {
    let digits = key.strip_prefix(prefix)?.strip_suffix(suffix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The name `key` gives in a family of keys named by the data (`Mage` in `[deck_id]`, or
/// `Mage` of `deck_Mage` in `deck_{name}`): what stands between the family's prefix and suffix,
/// when not empty.
pub fn family_name<'k>(key: &'k str, prefix: &str, suffix: &str) -> Option<&'k str> {
    let name = key.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (!name.is_empty()).then_some(name)
}

/// Deserialization that tolerates the spellings GEP uses: numbers and booleans as strings,
/// JSON documents inside strings, `null`, `""` or `"null"` for "no value".
pub trait Lenient: Sized {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Decodes a raw value (`null` when absent) into `T`, or says why it does not fit.
pub fn decode<T: Lenient>(raw: Option<&RawValue>) -> Result<T, String> {
    let text = raw.map_or("null", RawValue::get);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    T::deserialize_lenient(&mut deserializer).map_err(|error| without_position(error.to_string()))
}

/// `#[serde(deserialize_with)]` for fields of payload structs.
pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    T::deserialize_lenient(deserializer)
}

/// A `Lenient` value as a `Deserialize` one, for elements of arrays and documents in strings.
struct Leniently<T>(T);

impl<'de, T: Lenient> Deserialize<'de> for Leniently<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_lenient(deserializer).map(Leniently)
    }
}

/// Parses the JSON document inside a string.
fn inner_document<T: Lenient, E: de::Error>(text: &str) -> Result<T, E> {
    serde_json::from_str::<Leniently<T>>(text)
        .map(|document| document.0)
        .map_err(|error| {
            E::custom(format_args!(
                "in the JSON document inside a string: {}",
                without_position(error.to_string())
            ))
        })
}

/// The strings GEP resets a value with: `""`, and `"null"` (the text of a `null`).
pub fn is_reset_text(text: &str) -> bool {
    text.is_empty() || text == "null"
}

/// `null`, `""` and `"null"` are `None`: GEP resets info this way between matches.
impl<T: Lenient> Lenient for Option<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);

        impl<'de, T: Lenient> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value, null, \"\" or \"null\"")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                if is_reset_text(v) {
                    return Ok(None);
                }
                T::deserialize_lenient(de::value::BorrowedStrDeserializer::new(v)).map(Some)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if is_reset_text(v) {
                    return Ok(None);
                }
                T::deserialize_lenient(v.into_deserializer()).map(Some)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::deserialize_lenient(SeqAccessDeserializer::new(seq)).map(Some)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize_lenient(MapAccessDeserializer::new(map)).map(Some)
            }
        }

        deserializer.deserialize_any(OptionVisitor(PhantomData))
    }
}

/// The value of a key or event the docs show without one: only a reset (`null`, `""`,
/// `"null"`) or nothing fits. Anything else makes the update `Invalid`, which keeps it, so a
/// value the docs did not expect is never dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoValue;

impl Lenient for NoValue {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NoValueVisitor;

        impl Visitor<'_> for NoValueVisitor {
            type Value = NoValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("no value (null, \"\" or \"null\"), as the docs show")
            }
            fn visit_unit<E: de::Error>(self) -> Result<NoValue, E> {
                Ok(NoValue)
            }
            fn visit_none<E: de::Error>(self) -> Result<NoValue, E> {
                Ok(NoValue)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NoValue, E> {
                if is_reset_text(v) {
                    Ok(NoValue)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
        }

        deserializer.deserialize_any(NoValueVisitor)
    }
}

/// `true`, `false`, `"true"`, `"True"`, `"FALSE"`, `1`, `0`, `"1"`, `"0"`.
impl Lenient for bool {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoolVisitor;

        impl Visitor<'_> for BoolVisitor {
            type Value = bool;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
                match v {
                    0 => Ok(false),
                    1 => Ok(true),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
                match v {
                    0 => Ok(false),
                    1 => Ok(true),
                    _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
                let text = v.trim();
                if text.eq_ignore_ascii_case("true") || text == "1" {
                    Ok(true)
                } else if text.eq_ignore_ascii_case("false") || text == "0" {
                    Ok(false)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
        }

        deserializer.deserialize_any(BoolVisitor)
    }
}

/// Integers as numbers or strings (`15`, `"15"`, `15.0`, `"15.000000"`).
impl Lenient for i64 {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntegerVisitor;

        impl Visitor<'_> for IntegerVisitor {
            type Value = i64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
                Ok(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
                i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
                whole(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
                let text = v.trim();
                text.parse::<i64>()
                    .ok()
                    .or_else(|| text.parse::<f64>().ok().and_then(whole))
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }

        deserializer.deserialize_any(IntegerVisitor)
    }
}

/// The integer `number` stands for, if it is whole and in range.
fn whole(number: f64) -> Option<i64> {
    // i64::MAX as f64 rounds up to 2^63, so the upper bound is exclusive.
    let in_range = number >= i64::MIN as f64 && number < i64::MAX as f64;
    (number.fract() == 0.0 && in_range).then_some(number as i64)
}

/// Numbers as numbers or strings (`15`, `"15.000000"`); not NaN or infinities.
impl Lenient for f64 {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;

        impl Visitor<'_> for NumberVisitor {
            type Value = f64;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
                Ok(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
                Ok(v as f64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
                Ok(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|number| number.is_finite())
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }

        deserializer.deserialize_any(NumberVisitor)
    }
}

/// Strings; numbers and booleans as their JSON text.
impl Lenient for String {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringVisitor;

        impl Visitor<'_> for StringVisitor {
            type Value = String;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Ok(
                    serde_json::Number::from_f64(v)
                        .map_or_else(|| v.to_string(), |n| n.to_string()),
                )
            }
        }

        deserializer.deserialize_any(StringVisitor)
    }
}

/// Arrays, also as a JSON document inside a string.
impl<T: Lenient> Lenient for Vec<T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ArrayVisitor<T>(PhantomData<T>);

        impl<'de, T: Lenient> Visitor<'de> for ArrayVisitor<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(Leniently(item)) = seq.next_element::<Leniently<T>>()? {
                    items.push(item);
                }
                Ok(items)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
                inner_document(v)
            }
        }

        deserializer.deserialize_any(ArrayVisitor(PhantomData))
    }
}

/// Objects keyed by data (player names, indexes), also as a JSON document inside a string;
/// every entry is kept, in key order.
impl<T: Lenient> Lenient for BTreeMap<String, T> {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);

        impl<'de, T: Lenient> Visitor<'de> for MapVisitor<T> {
            type Value = BTreeMap<String, T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object, or a JSON object inside a string")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some((key, Leniently(value))) =
                    map.next_entry::<String, Leniently<T>>()?
                {
                    entries.insert(key, value);
                }
                Ok(entries)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                inner_document(v)
            }
        }

        deserializer.deserialize_any(MapVisitor(PhantomData))
    }
}

/// Any JSON, unchanged: for values the docs never showed anything but `null` for.
impl Lenient for Value {
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer)
    }
}

/// `Lenient::deserialize_lenient` of payload structs: a JSON object, or a JSON document
/// inside a string.
pub fn document<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient + de::DeserializeOwned,
{
    struct DocumentVisitor<T>(PhantomData<T>);

    impl<'de, T: Lenient + de::DeserializeOwned> Visitor<'de> for DocumentVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object, or a JSON object inside a string")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            inner_document(v)
        }
    }

    deserializer.deserialize_any(DocumentVisitor(PhantomData))
}

/// `Lenient::deserialize_lenient` of open enumerations: strings, and numbers or booleans as
/// their JSON text (`"platform_hw":7`).
pub fn enum_value<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'t> From<&'t str>,
{
    struct EnumVisitor<T>(PhantomData<T>);

    impl<T: for<'t> From<&'t str>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            Ok(T::from(if v { "true" } else { "false" }))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok(T::from(v.to_string().as_str()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok(T::from(v.to_string().as_str()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            let text =
                serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string());
            Ok(T::from(text.as_str()))
        }
    }

    deserializer.deserialize_any(EnumVisitor(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lenient_from<T: Lenient>(json: &str) -> Result<T, String> {
        let raw: &RawValue = serde_json::from_str(json).unwrap();
        decode(Some(raw))
    }

    #[test]
    fn booleans_accept_the_spellings_gep_uses() {
        for (json, expected) in [
            ("true", true),
            ("\"True\"", true),
            ("\"true\"", true),
            ("\"1\"", true),
            ("0", false),
            ("\"False\"", false),
            ("\" false \"", false),
        ] {
            assert_eq!(lenient_from::<bool>(json), Ok(expected), "{json}");
        }
        assert_eq!(
            lenient_from::<bool>("\"yes\""),
            Err("invalid value: string \"yes\", expected a boolean".to_owned())
        );
    }

    #[test]
    fn numbers_accept_strings() {
        assert_eq!(lenient_from::<i64>("\"15\""), Ok(15));
        assert_eq!(lenient_from::<i64>("\"15.000000\""), Ok(15));
        assert_eq!(lenient_from::<i64>("-89"), Ok(-89));
        assert!(lenient_from::<i64>("\"15.5\"").is_err());
        assert!(lenient_from::<i64>("1e300").is_err());
        assert_eq!(lenient_from::<f64>("\"15.000000\""), Ok(15.0));
        assert_eq!(lenient_from::<f64>("2"), Ok(2.0));
        assert!(lenient_from::<f64>("\"NaN\"").is_err());
        assert_eq!(lenient_from::<String>("12.5"), Ok("12.5".to_owned()));
    }

    #[test]
    fn null_and_empty_string_are_resets() {
        assert_eq!(lenient_from::<Option<i64>>("null"), Ok(None));
        assert_eq!(lenient_from::<Option<i64>>("\"\""), Ok(None));
        assert_eq!(lenient_from::<Option<i64>>("\"null\""), Ok(None));
        assert_eq!(lenient_from::<Option<String>>("\"null\""), Ok(None));
        assert_eq!(
            lenient_from::<Option<String>>("\"nullable\""),
            Ok(Some("nullable".to_owned()))
        );
        assert_eq!(lenient_from::<Option<i64>>("\"3\""), Ok(Some(3)));
        assert_eq!(lenient_from::<Option<bool>>("\"True\""), Ok(Some(true)));
        assert_eq!(decode::<Option<String>>(None), Ok(None));
    }

    #[test]
    fn no_value_accepts_only_resets() {
        for json in ["null", "\"\"", "\"null\""] {
            assert_eq!(lenient_from::<NoValue>(json), Ok(NoValue), "{json}");
        }
        assert_eq!(decode::<NoValue>(None), Ok(NoValue));
        assert!(lenient_from::<NoValue>("\"planted\"").is_err());
        assert!(lenient_from::<NoValue>("{\"a\":1}").is_err());
    }

    #[test]
    fn arrays_and_documents_inside_strings() {
        assert_eq!(
            lenient_from::<Vec<i64>>("\"[1, \\\"2\\\"]\""),
            Ok(vec![1, 2])
        );
        assert_eq!(
            lenient_from::<Option<Vec<i64>>>("[1, \"2\"]"),
            Ok(Some(vec![1, 2]))
        );
        assert!(lenient_from::<Vec<i64>>("[1, \"x\"]").is_err());
        let error = lenient_from::<Vec<i64>>("\"[1,\"").unwrap_err();
        assert!(
            error.starts_with("in the JSON document inside a string: EOF"),
            "{error}"
        );
    }

    #[test]
    fn maps_keep_every_entry_also_inside_strings() {
        let expected = BTreeMap::from([("Name A".to_owned(), 100), ("Name B".to_owned(), 7)]);
        assert_eq!(
            lenient_from::<BTreeMap<String, i64>>(r#"{"Name B":"7","Name A":100}"#),
            Ok(expected.clone())
        );
        assert_eq!(
            lenient_from::<Option<BTreeMap<String, i64>>>(r#""{\"Name A\":100,\"Name B\":7}""#),
            Ok(Some(expected))
        );
        assert_eq!(
            lenient_from::<Option<BTreeMap<String, i64>>>("\"\""),
            Ok(None)
        );
        assert!(lenient_from::<BTreeMap<String, i64>>(r#"{"Name A":"x"}"#).is_err());
        assert!(lenient_from::<BTreeMap<String, i64>>("[1]").is_err());
    }

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

    #[test]
    fn family_indexes() {
        assert_eq!(family_index("roster_12", "roster_", ""), Some(12));
        assert_eq!(family_index("roster_", "roster_", ""), None);
        assert_eq!(family_index("roster_x", "roster_", ""), None);
        assert_eq!(family_index("roster_99999999999", "roster_", ""), None);
        assert_eq!(family_name("Mage", "", ""), Some("Mage"));
        assert_eq!(family_name("deck_Mage", "deck_", ""), Some("Mage"));
        assert_eq!(family_name("deck_", "deck_", ""), None);
        assert_eq!(family_name("Mage", "deck_", ""), None);
    }
}
