//! Decoding support shared by every game module.
//!
//! Two jobs: take a payload out of whichever envelope GEP delivered it in ([`parse`]), and
//! turn values as GEP sends them (numbers and booleans spelled as strings, JSON documents
//! inside strings, `null` or `""` for a reset) into Rust values ([`Lenient`]).
//!
//! This file is copied from `templates/rust/runtime.rs` by `cargo xtask regen`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// An info update out of its envelope, before its key is looked up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawInfo {
    /// The feature named by the envelope, when it names one.
    pub feature: Option<String>,
    /// The category (`match_info`, `me`, ...); `None` in envelopes that do not carry one.
    pub category: Option<String>,
    pub key: String,
    /// The value exactly as sent.
    pub value: Value,
}

/// An event out of its envelope, before its name is looked up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawEvent {
    /// The feature named by the envelope, when it names one.
    pub feature: Option<String>,
    pub name: String,
    /// The data exactly as sent; `null` when the envelope has none.
    pub data: Value,
}

/// One update out of its envelope.
#[derive(Debug, Clone, PartialEq)]
pub enum RawUpdate {
    Info(RawInfo),
    Event(RawEvent),
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
    /// JSON, but not a GEP payload; `path` is a JSON pointer to the offending part.
    Envelope { path: String, message: String },
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
            DecodeError::Envelope { path, message } if path.is_empty() => {
                write!(f, "not a GEP payload: {message}")
            }
            DecodeError::Envelope { path, message } => {
                write!(f, "not a GEP payload at {path}: {message}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    fn syntax(error: serde_json::Error) -> Self {
        // serde_json appends " at line L column C"; the fields say it already.
        let message = error.to_string();
        let message = match message.rfind(" at line ") {
            Some(end) => message[..end].to_owned(),
            None => message,
        };
        DecodeError::Syntax {
            line: error.line(),
            column: error.column(),
            message,
        }
    }

    fn envelope(path: &str, message: impl Into<String>) -> Self {
        DecodeError::Envelope {
            path: path.to_owned(),
            message: message.into(),
        }
    }
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
/// - ow-electron info updates: `{"feature","category","key","value"}` (`"data"` is accepted
///   for `"value"`, as some docs write it);
/// - ow-electron game events: `{"feature","key","value"}` without a category;
/// - a single event: `{"name":"<name>","data":<data>}`;
/// - a `getInfo` result: `{"success":true,"res":{"<category>":{"<key>":<value>}}}`.
pub fn parse(json: &str) -> Result<Vec<RawUpdate>, DecodeError> {
    let value: Value = serde_json::from_str(json).map_err(DecodeError::syntax)?;
    let mut updates = Vec::new();
    collect(value, "", &mut updates)?;
    Ok(updates)
}

fn collect(value: Value, path: &str, updates: &mut Vec<RawUpdate>) -> Result<(), DecodeError> {
    match value {
        Value::Array(items) => {
            for (index, item) in items.into_iter().enumerate() {
                collect(item, &pointer(path, &index.to_string()), updates)?;
            }
            Ok(())
        }
        Value::Object(map) => envelope(map, path, updates),
        other => Err(DecodeError::envelope(
            path,
            format!("expected an object, found {}", describe(&other)),
        )),
    }
}

fn envelope(
    mut map: Map<String, Value>,
    path: &str,
    updates: &mut Vec<RawUpdate>,
) -> Result<(), DecodeError> {
    let feature = optional_text(&map, "feature", path)?;
    let mut recognised = false;
    for container in ["info", "res"] {
        if let Some(categories) = map.remove(container) {
            let at = pointer(path, container);
            collect_categories(categories, feature.as_deref(), &at, updates)?;
            recognised = true;
        }
    }
    if let Some(events) = map.remove("events") {
        let at = pointer(path, "events");
        let Value::Array(events) = events else {
            return Err(DecodeError::envelope(
                &at,
                format!("expected an array of events, found {}", describe(&events)),
            ));
        };
        for (index, event) in events.into_iter().enumerate() {
            let at = pointer(&at, &index.to_string());
            let Value::Object(mut event) = event else {
                return Err(DecodeError::envelope(
                    &at,
                    format!("expected an event object, found {}", describe(&event)),
                ));
            };
            let name = required_text(&event, "name", &at)?;
            let data = event.remove("data").unwrap_or(Value::Null);
            updates.push(RawUpdate::Event(RawEvent {
                feature: feature.clone(),
                name,
                data,
            }));
        }
        recognised = true;
    }
    if recognised {
        return Ok(());
    }
    if map.contains_key("key") {
        let key = required_text(&map, "key", path)?;
        let category = optional_text(&map, "category", path)?;
        let value = map
            .remove("value")
            .or_else(|| map.remove("data"))
            .unwrap_or(Value::Null);
        updates.push(match category {
            Some(category) => RawUpdate::Info(RawInfo {
                feature,
                category: Some(category),
                key,
                value,
            }),
            None => RawUpdate::Event(RawEvent {
                feature,
                name: key,
                data: value,
            }),
        });
        return Ok(());
    }
    if map.contains_key("name") {
        let name = required_text(&map, "name", path)?;
        let data = map.remove("data").unwrap_or(Value::Null);
        updates.push(RawUpdate::Event(RawEvent {
            feature,
            name,
            data,
        }));
        return Ok(());
    }
    Err(DecodeError::envelope(
        path,
        "expected an object with \"info\", \"events\", \"key\", \"name\" or \"res\"",
    ))
}

fn collect_categories(
    categories: Value,
    feature: Option<&str>,
    path: &str,
    updates: &mut Vec<RawUpdate>,
) -> Result<(), DecodeError> {
    let Value::Object(categories) = categories else {
        return Err(DecodeError::envelope(
            path,
            format!(
                "expected an object of categories, found {}",
                describe(&categories)
            ),
        ));
    };
    for (category, keys) in categories {
        let at = pointer(path, &category);
        let Value::Object(keys) = keys else {
            return Err(DecodeError::envelope(
                &at,
                format!("expected an object of keys, found {}", describe(&keys)),
            ));
        };
        for (key, value) in keys {
            updates.push(RawUpdate::Info(RawInfo {
                feature: feature.map(str::to_owned),
                category: Some(category.clone()),
                key,
                value,
            }));
        }
    }
    Ok(())
}

fn required_text(map: &Map<String, Value>, name: &str, path: &str) -> Result<String, DecodeError> {
    optional_text(map, name, path)?.ok_or_else(|| {
        DecodeError::envelope(path, format!("expected a string {name:?}, found nothing"))
    })
}

fn optional_text(
    map: &Map<String, Value>,
    name: &str,
    path: &str,
) -> Result<Option<String>, DecodeError> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(DecodeError::envelope(
            &pointer(path, name),
            format!("expected a string, found {}", describe(other)),
        )),
    }
}

/// Extends a JSON pointer (RFC 6901) by one segment.
fn pointer(path: &str, segment: &str) -> String {
    format!("{path}/{}", segment.replace('~', "~0").replace('/', "~1"))
}

/// The index of `key` in a key family (`roster_12` in `roster_XX` gives 12).
pub fn family_index(key: &str, prefix: &str, suffix: &str) -> Option<u32> {
    let digits = key.strip_prefix(prefix)?.strip_suffix(suffix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A short description of a JSON value for error messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::String(text) if text.chars().count() <= 40 => format!("{text:?}"),
        Value::String(_) => "a long string".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// Conversion from a JSON value as GEP sends it, tolerating the spellings it uses.
pub trait Lenient: Sized {
    /// Converts `value`, or says why it does not fit.
    fn from_json(value: Value) -> Result<Self, String>;
}

/// Decodes a copy of `value` (the original stays available for `Invalid` variants).
pub fn decode<T: Lenient>(value: &Value) -> Result<T, String> {
    T::from_json(value.clone())
}

/// `#[serde(deserialize_with)]` for fields of payload structs: reads any JSON value and
/// converts it with [`Lenient`].
pub fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    let value = Value::deserialize(deserializer)?;
    T::from_json(value).map_err(serde::de::Error::custom)
}

/// `null` and `""` are `None`: GEP resets info this way between matches.
impl<T: Lenient> Lenient for Option<T> {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            Value::String(text) if text.is_empty() => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }
}

/// `true`, `false`, `"true"`, `"True"`, `"FALSE"`, `1`, `0`, `"1"`, `"0"`.
impl Lenient for bool {
    fn from_json(value: Value) -> Result<Self, String> {
        let parsed = match &value {
            Value::Bool(flag) => Some(*flag),
            Value::Number(number) => match number.as_u64() {
                Some(0) => Some(false),
                Some(1) => Some(true),
                _ => None,
            },
            Value::String(text) => {
                let text = text.trim();
                if text.eq_ignore_ascii_case("true") || text == "1" {
                    Some(true)
                } else if text.eq_ignore_ascii_case("false") || text == "0" {
                    Some(false)
                } else {
                    None
                }
            }
            _ => None,
        };
        parsed.ok_or_else(|| format!("expected a boolean, found {}", describe(&value)))
    }
}

/// Integers as numbers or strings (`15`, `"15"`, `15.0`, `"15.000000"`).
impl Lenient for i64 {
    fn from_json(value: Value) -> Result<Self, String> {
        let parsed = match &value {
            Value::Number(number) => number.as_i64().or_else(|| number.as_f64().and_then(whole)),
            Value::String(text) => {
                let text = text.trim();
                text.parse::<i64>()
                    .ok()
                    .or_else(|| text.parse::<f64>().ok().and_then(whole))
            }
            _ => None,
        };
        parsed.ok_or_else(|| format!("expected an integer, found {}", describe(&value)))
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
    fn from_json(value: Value) -> Result<Self, String> {
        let parsed = match &value {
            Value::Number(number) => number.as_f64(),
            Value::String(text) => text.trim().parse::<f64>().ok(),
            _ => None,
        };
        parsed
            .filter(|number| number.is_finite())
            .ok_or_else(|| format!("expected a number, found {}", describe(&value)))
    }
}

/// Strings; numbers and booleans as their JSON text.
impl Lenient for String {
    fn from_json(value: Value) -> Result<Self, String> {
        match value {
            Value::String(text) => Ok(text),
            Value::Number(_) | Value::Bool(_) => Ok(value.to_string()),
            other => Err(format!("expected a string, found {}", describe(&other))),
        }
    }
}

/// Arrays, also as a JSON document inside a string.
impl<T: Lenient> Lenient for Vec<T> {
    fn from_json(value: Value) -> Result<Self, String> {
        match unwrap_document(value)? {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(index, item)| T::from_json(item).map_err(|e| format!("item {index}: {e}")))
                .collect(),
            other => Err(format!("expected an array, found {}", describe(&other))),
        }
    }
}

/// Any JSON, unchanged: for values the docs never showed anything but `null` for.
impl Lenient for Value {
    fn from_json(value: Value) -> Result<Self, String> {
        Ok(value)
    }
}

/// A payload struct from a JSON object, also from a JSON document inside a string.
pub fn document<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    match unwrap_document(value)? {
        object @ Value::Object(_) => serde_json::from_value(object).map_err(|e| e.to_string()),
        other => Err(format!("expected an object, found {}", describe(&other))),
    }
}

/// The JSON document inside a string, or the value itself when it is not a string.
fn unwrap_document(value: Value) -> Result<Value, String> {
    match value {
        Value::String(text) => serde_json::from_str(&text)
            .map_err(|e| format!("expected a JSON document in a string: {e}")),
        other => Ok(other),
    }
}

/// The text of an open enumeration's value: strings, and numbers or booleans as their JSON
/// text (`"platform_hw":7`).
pub fn enum_text(value: Value) -> Result<String, String> {
    String::from_json(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn booleans_accept_the_spellings_gep_uses() {
        for (value, expected) in [
            (json!(true), true),
            (json!("True"), true),
            (json!("true"), true),
            (json!("1"), true),
            (json!(0), false),
            (json!("False"), false),
            (json!(" false "), false),
        ] {
            assert_eq!(bool::from_json(value.clone()), Ok(expected), "{value}");
        }
        assert_eq!(
            bool::from_json(json!("yes")),
            Err("expected a boolean, found \"yes\"".to_owned())
        );
    }

    #[test]
    fn numbers_accept_strings() {
        assert_eq!(i64::from_json(json!("15")), Ok(15));
        assert_eq!(i64::from_json(json!("15.000000")), Ok(15));
        assert_eq!(i64::from_json(json!(-89)), Ok(-89));
        assert!(i64::from_json(json!("15.5")).is_err());
        assert!(i64::from_json(json!(1e300)).is_err());
        assert_eq!(f64::from_json(json!("15.000000")), Ok(15.0));
        assert_eq!(f64::from_json(json!(2)), Ok(2.0));
        assert!(f64::from_json(json!("NaN")).is_err());
    }

    #[test]
    fn null_and_empty_string_are_resets() {
        assert_eq!(Option::<i64>::from_json(json!(null)), Ok(None));
        assert_eq!(Option::<i64>::from_json(json!("")), Ok(None));
        assert_eq!(Option::<i64>::from_json(json!("3")), Ok(Some(3)));
    }

    #[test]
    fn arrays_and_documents_inside_strings() {
        assert_eq!(Vec::<i64>::from_json(json!("[1, \"2\"]")), Ok(vec![1, 2]));
        assert_eq!(
            Vec::<i64>::from_json(json!([1, "x"])),
            Err("item 1: expected an integer, found \"x\"".to_owned())
        );
        let object: Map<String, Value> = document(json!("{\"x\":\"93\"}")).unwrap();
        assert_eq!(object["x"], json!("93"));
        assert!(document::<Map<String, Value>>(json!("{\"x\":")).is_err());
        assert!(document::<Map<String, Value>>(json!([1])).is_err());
    }

    #[test]
    fn parses_every_envelope() {
        let info = parse(r#"{"info":{"me":{"name":"Shargaas","a":"1"}},"feature":"me"}"#).unwrap();
        assert_eq!(
            info,
            vec![
                RawUpdate::Info(RawInfo {
                    feature: Some("me".into()),
                    category: Some("me".into()),
                    key: "name".into(),
                    value: json!("Shargaas"),
                }),
                RawUpdate::Info(RawInfo {
                    feature: Some("me".into()),
                    category: Some("me".into()),
                    key: "a".into(),
                    value: json!("1"),
                }),
            ]
        );
        let flat =
            parse(r#"{"feature":"damage","category":"me","key":"total","data":"120"}"#).unwrap();
        assert_eq!(
            flat,
            vec![RawUpdate::Info(RawInfo {
                feature: Some("damage".into()),
                category: Some("me".into()),
                key: "total".into(),
                value: json!("120"),
            })]
        );
        let events = parse(r#"{"events":[{"name":"kill","data":2},{"name":"death"}]}"#).unwrap();
        assert_eq!(
            events,
            vec![
                RawUpdate::Event(RawEvent {
                    feature: None,
                    name: "kill".into(),
                    data: json!(2),
                }),
                RawUpdate::Event(RawEvent {
                    feature: None,
                    name: "death".into(),
                    data: Value::Null,
                }),
            ]
        );
        let electron_event = parse(r#"{"feature":"kill","key":"kill","value":"3"}"#).unwrap();
        assert_eq!(
            electron_event,
            vec![RawUpdate::Event(RawEvent {
                feature: Some("kill".into()),
                name: "kill".into(),
                data: json!("3"),
            })]
        );
        let get_info = parse(r#"{"success":true,"res":{"game_info":{"phase":"lobby"}}}"#).unwrap();
        assert_eq!(get_info.len(), 1);
        let batch = parse(r#"[{"name":"kill","data":1},{"events":[]}]"#).unwrap();
        assert_eq!(batch.len(), 1);
    }

    #[test]
    fn errors_say_where() {
        let error = parse("{\"info\":\n{\"me\":{\"name\":\"a\"}").unwrap_err();
        assert_eq!(
            error.to_string(),
            "malformed JSON at line 2, column 22: EOF while parsing an object"
        );
        let error = parse(r#"{"events":[{"name":"kill"},{"data":1}]}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a GEP payload at /events/1: expected a string \"name\", found nothing"
        );
        let error = parse(r#"{"info":{"match/info":[]}}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a GEP payload at /info/match~1info: expected an object of keys, found an array"
        );
        assert!(parse("42").is_err());
        assert!(parse(r#"{"hello":1}"#).is_err());
    }

    #[test]
    fn family_indexes() {
        assert_eq!(family_index("roster_12", "roster_", ""), Some(12));
        assert_eq!(family_index("roster_", "roster_", ""), None);
        assert_eq!(family_index("roster_x", "roster_", ""), None);
        assert_eq!(family_index("roster_99999999999", "roster_", ""), None);
    }
}
