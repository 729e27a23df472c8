//! The decoded schemas: `generated/schema/<slug>.decoded.schema.json`, the updates as the
//! decoders return them (`docs/decoding.md`, section 5) rather than as GEP sends them.
//!
//! Documents are objects (not JSON inside strings), numbers and booleans are numbers and
//! booleans, a reset is `null`, and each update is one object with its `type`, `feature`,
//! `category`, `key` (and `index` or `name` for a family) and `value`, or `name` and `data`
//! for an event. This is what the Rust crate serialises (`decode_all`), what the JavaScript
//! decoders return and what the `decode --json` example writes, so code generators of other
//! languages (pydantic, quicktype) give types for decoded data, not for strings to parse.
//!
//! Every object and union has a `title` (the game's name and the model's name:
//! `ApexLegendsRosterValue`, `ApexLegendsRosterUpdate`), which generators use for class names,
//! and the update kinds are told apart by `const` members.

use anyhow::Result;
use serde_json::{json, Map, Value};

use crate::emit::model::{lower_game, needs_name, GameModel};
use crate::emit::schema::def_ref;
use crate::emit::{GeneratedFile, PREAMBLE};
use crate::ir::{FamilyMember, GameIr, Shape, ValueType};

pub fn generate(games: &[GameIr]) -> Result<Vec<GeneratedFile>> {
    games
        .iter()
        .map(|game| {
            let model = lower_game(game)?;
            Ok(GeneratedFile {
                path: format!("generated/schema/{}.decoded.schema.json", game.game.slug),
                contents: serde_json::to_string_pretty(&decoded_schema(&model))? + "\n",
            })
        })
        .collect()
}

/// The `$id` of a game's decoded schema.
pub fn decoded_schema_id(slug: &str) -> String {
    format!("urn:gepgen:decoded:{slug}")
}

/// The whole decoded schema of one game: one decoded update.
pub fn decoded_schema(model: &GameModel<'_>) -> Value {
    let game = &model.ir.game;
    let title = |name: &str| model.title(name);
    let mut defs = Map::new();
    let mut updates = Vec::new();
    // The same key or event documented in two features decodes to one update: the first.
    let (keys, events) = (model.decoded_keys(), model.decoded_events());
    for feature in &model.features {
        for key in feature.categories.iter().flat_map(|c| &c.keys) {
            if !keys.iter().any(|k| std::ptr::eq(*k, key)) {
                continue;
            }
            let mut properties = Map::new();
            properties.insert("type".into(), json!({ "const": "info" }));
            properties.insert("feature".into(), origin("The feature the envelope names."));
            properties.insert("category".into(), origin("The category as sent."));
            properties.insert(
                "key".into(),
                json!({ "const": key.ir.key, "description": "The key as documented." }),
            );
            match key.ir.family.as_ref().map(|family| family.member) {
                Some(FamilyMember::Index) => {
                    properties.insert(
                        "index".into(),
                        json!({ "type": "integer", "minimum": 0, "description": "The index in the key as sent." }),
                    );
                }
                Some(FamilyMember::Name) => {
                    properties.insert(
                        "name".into(),
                        json!({ "type": "string", "description": "The name in the key as sent." }),
                    );
                }
                None => {}
            }
            let value = match key.ir.value.shape {
                Shape::Null => json!({ "type": "null" }),
                _ => nullable(value_schema(model, &key.ir.value)),
            };
            properties.insert("value".into(), value);
            let description = format!(
                "Key `{}` ({}), decoded: {} `null` is a reset.",
                key.ir.key, key.ir.category, key.ir.description
            );
            defs.insert(
                key.update_type.clone(),
                closed_object(title(&key.update_type), description, properties),
            );
            updates.push(def_ref(&key.update_type));
        }
        for event in &feature.events {
            if !events.iter().any(|e| std::ptr::eq(*e, event)) {
                continue;
            }
            let mut properties = Map::new();
            properties.insert("type".into(), json!({ "const": "event" }));
            properties.insert("feature".into(), origin("The feature the envelope names."));
            properties.insert("name".into(), json!({ "const": event.ir.name }));
            let data = match event.ir.data.shape {
                Shape::Null => json!({ "type": "null" }),
                _ if event.ir.data.nullable => nullable(value_schema(model, &event.ir.data)),
                _ => value_schema(model, &event.ir.data),
            };
            properties.insert("data".into(), data);
            let description = format!(
                "Event `{}`, decoded: {}",
                event.ir.name, event.ir.description
            );
            defs.insert(
                event.update_type.clone(),
                closed_object(title(&event.update_type), description, properties),
            );
            updates.push(def_ref(&event.update_type));
        }
    }
    for named in &model.types {
        let mut def = Map::new();
        def.insert("title".into(), json!(title(&named.name)));
        if let Value::Object(schema) = document_schema(model, named.value) {
            def.extend(schema);
        }
        def.insert("description".into(), json!(named.subject));
        defs.insert(named.name.clone(), Value::Object(def));
    }
    for (name, schema) in kept_updates(&title) {
        updates.push(def_ref(&name));
        defs.insert(name, schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": decoded_schema_id(&game.slug),
        "$comment": PREAMBLE,
        "title": title("DecodedUpdate"),
        "description": format!("One update of a {} payload as the gepgen decoders return it (docs/decoding.md): documents parsed, numbers and booleans as such, resets as null.", game.title),
        "anyOf": updates,
        "$defs": defs,
    })
}

/// The feature or category an envelope names: a string, or `null` where it names none.
fn origin(description: &str) -> Value {
    json!({ "type": ["string", "null"], "description": description })
}

fn nullable(schema: Value) -> Value {
    json!({ "anyOf": [schema, { "type": "null" }] })
}

/// An update object: every member present, no other.
fn closed_object(title: String, description: String, properties: Map<String, Value>) -> Value {
    let required: Vec<&String> = properties.keys().collect();
    json!({
        "title": title,
        "description": description,
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": false,
    })
}

/// The updates the decoders keep raw: unknown and invalid keys and events, and a payload that
/// is no GEP payload at all.
fn kept_updates(title: &dyn Fn(&str) -> String) -> Vec<(String, Value)> {
    let feature = || origin("The feature the envelope names.");
    let raw = || json!({ "description": "The value exactly as sent." });
    let reason = || json!({ "type": "string", "description": "Why the value does not fit." });
    let kinds = [
        (
            "UnknownInfo",
            "unknown",
            "An info key the docs do not list, kept as sent.",
            true,
            false,
        ),
        (
            "UnknownEvent",
            "unknown",
            "An event the docs do not list, kept as sent.",
            false,
            false,
        ),
        (
            "InvalidInfo",
            "invalid",
            "A documented key whose value does not fit, kept as sent.",
            true,
            true,
        ),
        (
            "InvalidEvent",
            "invalid",
            "A documented event whose data does not fit, kept as sent.",
            false,
            true,
        ),
    ];
    let mut kept = Vec::new();
    for (name, kind, description, info, invalid) in kinds {
        let mut properties = Map::new();
        properties.insert("type".into(), json!({ "const": kind }));
        properties.insert("feature".into(), feature());
        if info {
            properties.insert("category".into(), origin("The category as sent."));
            properties.insert(
                "key".into(),
                json!({ "type": "string", "description": "The key as sent." }),
            );
        } else {
            properties.insert(
                "name".into(),
                json!({ "type": "string", "description": "The name as sent." }),
            );
        }
        properties.insert("raw".into(), raw());
        if invalid {
            properties.insert("reason".into(), reason());
        }
        kept.push((
            name.to_owned(),
            closed_object(title(name), description.to_owned(), properties),
        ));
    }
    let mut properties = Map::new();
    properties.insert("type".into(), json!({ "const": "invalid" }));
    properties.insert(
        "raw".into(),
        json!({ "description": "The payload as given: its text, or its value." }),
    );
    properties.insert("reason".into(), reason());
    kept.push((
        "InvalidPayload".to_owned(),
        closed_object(
            title("InvalidPayload"),
            "A payload that is not JSON, or JSON in no GEP envelope.".to_owned(),
            properties,
        ),
    ));
    kept
}

/// A decoded value: a reference to its named type, or written in place.
fn value_schema(model: &GameModel<'_>, value: &ValueType) -> Value {
    match model.type_name(value) {
        Some(name) if needs_name(value) => def_ref(name),
        _ => scalar_schema(value),
    }
}

fn scalar_schema(value: &ValueType) -> Value {
    match &value.shape {
        Shape::Any | Shape::Null => json!({}),
        Shape::Boolean => json!({ "type": "boolean" }),
        Shape::Integer => json!({ "type": "integer" }),
        Shape::Float => json!({ "type": "number" }),
        Shape::String | Shape::Enum { .. } => json!({ "type": "string" }),
        // Named by the model where they occur; kept whole here otherwise.
        Shape::Object { .. } | Shape::Array { .. } | Shape::Map { .. } => json!({}),
    }
}

/// A member of a document: an array's item or a map's value (`null` where it may be reset).
fn member_schema(model: &GameModel<'_>, value: &ValueType) -> Value {
    match value.shape {
        Shape::Null | Shape::Any => json!({}),
        _ if value.nullable => nullable(value_schema(model, value)),
        _ => value_schema(model, value),
    }
}

/// The `$defs` entry of a named type, decoded.
fn document_schema(model: &GameModel<'_>, value: &ValueType) -> Value {
    match &value.shape {
        Shape::Object { fields } => {
            let mut properties = Map::new();
            for field in fields {
                if properties.contains_key(&field.name) {
                    continue;
                }
                // A reset field is left out, so a field present is never `null` (but for
                // fields the docs only showed as null, which are any JSON).
                let schema = match field.value.shape {
                    Shape::Null | Shape::Any => json!({}),
                    _ => value_schema(model, &field.value),
                };
                properties.insert(field.name.clone(), schema);
            }
            json!({
                "type": "object",
                "properties": properties,
                "additionalProperties": true,
            })
        }
        Shape::Array { items } => json!({ "type": "array", "items": member_schema(model, items) }),
        Shape::Map { values } => json!({
            "type": "object",
            "additionalProperties": member_schema(model, values),
        }),
        Shape::Enum { values } => {
            let listed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            json!({
                "type": "string",
                "examples": listed,
            })
        }
        _ => scalar_schema(value),
    }
}
