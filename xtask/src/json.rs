//! JSON values as the IR keeps them: an example's payload, its members in the order the page
//! writes them.
//!
//! `serde_json::Value` keeps that order only through an `IndexMap`, which hashes every key
//! with SipHash and allocates a hash table beside the members of every object. The examples'
//! objects are small and looked up by a handful of envelope keys, so a plain list of members
//! does the same job: serde_json reads the corpus's examples into it in about a third less time
//! than into `serde_json::Value`, and the IR holds one allocation less per object. The emitters, which
//! build JSON of their own, convert with [`From`] where they need a `serde_json::Value`.

use std::fmt;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::Number;

use crate::SHORT_LIST;

/// A JSON value.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Json {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    Object(Object),
}

/// A JSON object's members in written order. A key written twice keeps its first place and
/// its last value, as `JSON.parse` and serde_json read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object {
    members: Vec<(String, Json)>,
}

impl Json {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Json::Object(object) => Some(object),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Object> {
        match self {
            Json::Object(object) => Some(object),
            _ => None,
        }
    }

    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Json>> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Json::String(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Json::Array(_))
    }

    /// Takes the value out, leaving `null`.
    pub fn take(&mut self) -> Json {
        std::mem::take(self)
    }

    /// The value as compact JSON text.
    pub fn to_json_string(&self) -> String {
        // Writing to a Vec cannot fail, nor can serialising a value whose keys are strings.
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

impl Object {
    /// The members as read, a repeated key folded into its first place (see [`Object`]).
    pub fn from_members(members: Vec<(String, Json)>) -> Self {
        if !has_repeated_key(&members) {
            return Self { members };
        }
        let mut places: HashMap<String, usize> = HashMap::with_capacity(members.len());
        let mut folded: Vec<(String, Json)> = Vec::with_capacity(members.len());
        for (key, value) in members {
            match places.get(&key) {
                Some(&place) => folded[place].1 = value,
                None => {
                    places.insert(key.clone(), folded.len());
                    folded.push((key, value));
                }
            }
        }
        Self { members: folded }
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        self.members
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &Json)> {
        self.members.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = &String> {
        self.members.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl ExactSizeIterator<Item = &Json> {
        self.members.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl ExactSizeIterator<Item = &mut Json> {
        self.members.iter_mut().map(|(_, v)| v)
    }
}

fn has_repeated_key(members: &[(String, Json)]) -> bool {
    if members.len() <= SHORT_LIST {
        return (1..members.len()).any(|i| members[..i].iter().any(|(k, _)| *k == members[i].0));
    }
    let mut seen = HashSet::with_capacity(members.len());
    !members.iter().all(|(k, _)| seen.insert(k.as_str()))
}

impl IntoIterator for Object {
    type Item = (String, Json);
    type IntoIter = std::vec::IntoIter<(String, Json)>;

    fn into_iter(self) -> Self::IntoIter {
        self.members.into_iter()
    }
}

impl From<Json> for serde_json::Value {
    fn from(value: Json) -> Self {
        match value {
            Json::Null => serde_json::Value::Null,
            Json::Bool(b) => serde_json::Value::Bool(b),
            Json::Number(n) => serde_json::Value::Number(n),
            Json::String(text) => serde_json::Value::String(text),
            Json::Array(items) => items.into_iter().map(Self::from).collect(),
            Json::Object(object) => serde_json::Value::Object(
                (object.into_iter())
                    .map(|(k, v)| (k, Self::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<serde_json::Value> for Json {
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(b),
            serde_json::Value::Number(n) => Json::Number(n),
            serde_json::Value::String(text) => Json::String(text),
            serde_json::Value::Array(items) => {
                Json::Array(items.into_iter().map(Self::from).collect())
            }
            // Keys are unique already.
            serde_json::Value::Object(object) => Json::Object(Object {
                members: object
                    .into_iter()
                    .map(|(k, v)| (k, Self::from(v)))
                    .collect(),
            }),
        }
    }
}

/// Compact JSON text, as `serde_json::Value` displays.
impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json_string())
    }
}

impl From<&Json> for serde_json::Value {
    fn from(value: &Json) -> Self {
        Self::from(value.clone())
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) => n.serialize(serializer),
            Json::String(text) => serializer.serialize_str(text),
            Json::Array(items) => serializer.collect_seq(items),
            Json::Object(object) => serializer.collect_map(object.iter()),
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
        // As serde_json: a float JSON cannot write (NaN, infinity) is null.
        Ok(Number::from_f64(n).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E>(self, text: &str) -> Result<Json, E> {
        Ok(Json::String(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Json, E> {
        Ok(Json::String(text))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        Json::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(Json::Object(Object::from_members(members)))
    }
}

/// `serde_json::json!`, as a [`Json`]: for tests.
#[cfg(test)]
macro_rules! json {
    ($($json:tt)+) => {
        $crate::json::Json::from(serde_json::json!($($json)+))
    };
}
#[cfg(test)]
pub(crate) use json;

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Json {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn members_keep_written_order() {
        let value = read(r#"{"b":1,"a":{"z":[true,null],"y":"x"}}"#);
        assert_eq!(
            value.to_json_string(),
            r#"{"b":1,"a":{"z":[true,null],"y":"x"}}"#
        );
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn repeated_key_keeps_first_place_and_last_value_like_serde_json() {
        for text in [
            r#"{"a":1,"b":2,"a":3}"#,
            // Over SHORT_LIST members, where repeats are found by hashing.
            &format!(
                "{{{}, \"k3\": \"last\"}}",
                (0..40)
                    .map(|i| format!("\"k{i}\": {i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ] {
            let ours = serde_json::Value::from(read(text));
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
        assert_eq!(
            read(r#"{"a":1,"b":2,"a":3}"#).to_json_string(),
            r#"{"a":3,"b":2}"#
        );
    }

    #[test]
    fn numbers_read_and_write_as_serde_json_does() {
        let text = r#"[0,-1,18446744073709551615,-9223372036854775808,1.5,1e3,-0.0]"#;
        let ours = read(text);
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours.to_json_string(), theirs.to_string());
        assert_eq!(serde_json::Value::from(ours), theirs);
    }

    #[test]
    fn yaml_round_trip_keeps_order_and_types() {
        let value = read(r#"{"z":"1","a":1,"m":[1.5,false,null,{"k":"v"}]}"#);
        let yaml = serde_yaml::to_string(&value).unwrap();
        assert_eq!(yaml, "z: '1'\na: 1\nm:\n- 1.5\n- false\n- null\n- k: v\n");
        let back: Json = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn envelope_lookups() {
        let mut value = read(r#"{"info":{"me":{"name":"x"}},"feature":"me"}"#);
        let object = value.as_object_mut().unwrap();
        assert_eq!(object.get("feature").and_then(Json::as_str), Some("me"));
        assert!(object.contains_key("info") && !object.contains_key("events"));
        let info = object.get_mut("info").unwrap().take();
        assert!(info.is_object());
        assert_eq!(object.get("info"), Some(&Json::Null));
        assert_eq!(object.len(), 2);
    }
}
