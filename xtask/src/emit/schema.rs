//! JSON Schema emitter: one Draft 2020-12 document per game, `generated/schema/<slug>.schema.json`.
//!
//! The document validates what GEP delivers: `$defs/InfoUpdates2Event` (an `onInfoUpdates2`
//! payload, one branch per feature, discriminated by the `feature` constant),
//! `$defs/NewGameEvents` (an `onNewEvents` payload, each event discriminated by its `name`),
//! and the flat envelopes ow-electron delivers them in, `$defs/ElectronInfoUpdate`
//! (`{"gameId","feature","category","key","value"}`) and `$defs/ElectronGameEvent`
//! (`{"gameId","category","key","value"}`, the key naming the event); the root accepts any. Each JSON document GEP sends inside a string (`"roster_3":
//! "{\"name\":...}"`) has its own `$defs` entry, referenced through `contentSchema` — validators
//! treat that as an annotation, so decoded documents are validated against their entry
//! directly.
//!
//! Closed and open places, on purpose:
//! - closed: features, categories, keys and event names that the page lists (`additionalProperties:
//!   false`, `const` discriminators), so a typo or an undocumented key is caught;
//! - open: enumerations (`anyOf: [{enum: [...]}, {type: string}]` — the list documents the known
//!   values, any other string still validates, as GEP adds values without notice) and the fields
//!   of decoded documents (GEP adds fields, and leaves fields out: none is required).
//!
//! What the schema accepts is what the Rust decoders accept: scalars sent as strings in the
//! spelled-out form (`"15"`, `"True"`) and the native one; the resets `null`, `""` and `"null"`
//! for every info value and every field of a document (the decoders read them as `Option`), and
//! for event data seen reset.

use anyhow::Result;
use serde_json::{json, Map, Value};

use crate::emit::model::{
    is_document, lower_game, needs_name, EventModel, FeatureModel, GameModel, KeyModel,
};
use crate::emit::{GeneratedFile, PREAMBLE};
use crate::ident::{self, Case};
use crate::ir::{
    Encoding, EnumValue, Event, FamilyMember, Field, GameIr, InfoUpdate, KeyFamily, Shape,
    ValueType,
};

/// Anchored patterns for scalars spelled out as strings (ECMA and Rust regex syntax).
pub const INTEGER_PATTERN: &str = "^-?[0-9]+$";
pub const FLOAT_PATTERN: &str = "^-?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?$";
pub const BOOLEAN_PATTERN: &str = "^(true|false|True|False)$";

pub fn generate(games: &[GameIr]) -> Result<Vec<GeneratedFile>> {
    games
        .iter()
        .map(|game| {
            let model = lower_game(game)?;
            let schema = game_schema(&model);
            Ok(GeneratedFile {
                path: format!("generated/schema/{}.schema.json", game.game.slug),
                contents: serde_json::to_string_pretty(&schema)? + "\n",
            })
        })
        .collect()
}

/// The `$id` of a game's schema; `$defs` are addressed as `<id>#/$defs/<Name>`.
pub fn schema_id(slug: &str) -> String {
    format!("urn:gepgen:schema:{slug}")
}

/// A reference to a `$defs` entry of the same document.
pub(crate) fn def_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{name}") })
}

/// The whole schema document of one game.
pub fn game_schema(model: &GameModel<'_>) -> Value {
    let game = &model.ir.game;
    let id_text = match game.id {
        Some(id) => format!(" (game id {id})"),
        None => String::new(),
    };
    let mut defs = Map::new();
    defs.insert(
        "InfoUpdates2Event".into(),
        one_of(
            "An `onInfoUpdates2` payload: info of one feature, by category and key.",
            // A feature name the examples use for another feature's keys can fit two
            // branches; otherwise the `feature` constants keep exactly one.
            if model.features.iter().any(|f| !f.also_named.is_empty()) {
                "anyOf"
            } else {
                "oneOf"
            },
            model
                .features
                .iter()
                .map(|f| def_ref(&f.info_update_type))
                .collect(),
        ),
    );
    defs.insert(
        "NewGameEvents".into(),
        json!({
            "description": "An `onNewEvents` payload: one or more events.",
            "type": "object",
            "required": ["events"],
            "properties": {
                "events": { "type": "array", "items": def_ref("GameEvent") },
            },
        }),
    );
    defs.insert(
        "GameEvent".into(),
        one_of(
            "One event, discriminated by its `name`.",
            "anyOf",
            model
                .features
                .iter()
                .flat_map(|f| &f.events)
                .map(|e| def_ref(&e.event_type))
                .collect(),
        ),
    );
    defs.insert("ElectronInfoUpdate".into(), electron_info_schema(model));
    defs.insert("ElectronGameEvent".into(), electron_event_schema(model));
    for feature in &model.features {
        defs.insert(
            feature.info_update_type.clone(),
            feature_schema(model, feature),
        );
        if let Some((name, names)) = feature_names(feature) {
            defs.insert(name, names);
        }
        for key in feature.categories.iter().flat_map(|c| &c.keys) {
            insert_value_def(model, &mut defs, &key.ir.value, key_doc(key));
        }
        for event in &feature.events {
            defs.insert(event.event_type.clone(), event_schema(model, event));
            insert_value_def(model, &mut defs, &event.ir.data, event_doc(event));
        }
    }
    // The types nested in those (`RosterValueState`), under the model's names as in every
    // language's bindings.
    for named in &model.types {
        if !defs.contains_key(&named.name) {
            let doc = format!("{}.", capitalised(&named.subject));
            insert_value_def(model, &mut defs, named.value, doc);
        }
    }
    defs.insert("Reset".into(), reset_def());
    // Every entry titled (code generators name classes after titles), the title first.
    for (name, def) in defs.iter_mut() {
        if let Value::Object(members) = def {
            if !members.contains_key("title") {
                let mut titled = Map::new();
                titled.insert("title".into(), Value::String(model.title(name)));
                titled.append(members);
                *members = titled;
            }
        }
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(&game.slug),
        "$comment": PREAMBLE,
        "title": model.title("Payload"),
        "description": format!("What `onInfoUpdates2` and `onNewEvents` deliver for {}{id_text}, as documented in {}.", game.title, model.ir.source.path),
        "anyOf": [
            def_ref("InfoUpdates2Event"),
            def_ref("NewGameEvents"),
            def_ref("ElectronInfoUpdate"),
            def_ref("ElectronGameEvent"),
        ],
        "$defs": defs,
    })
}

/// `{description, <keyword>: branches}`; a game without any branch (no events, no features)
/// gets a schema nothing validates against, since an empty `anyOf` is no valid schema.
fn one_of(description: &str, keyword: &str, branches: Vec<Value>) -> Value {
    if branches.is_empty() {
        json!({ "description": format!("{description} The page documents none."), "not": {} })
    } else {
        json!({ "description": description, keyword: branches })
    }
}

/// The ow-electron info envelope, one branch per documented key (and alias) of each feature.
fn electron_info_schema(model: &GameModel<'_>) -> Value {
    let mut branches = Vec::new();
    for feature in &model.features {
        for key in feature.categories.iter().flat_map(|c| &c.keys) {
            let value = key_schema(model, key);
            let key_match = match &key.ir.family {
                Some(family) => json!({ "type": "string", "pattern": family.pattern() }),
                None => json!({ "const": key.ir.key }),
            };
            let branch = format!("Electron{}", key.update_type);
            let mut placements = vec![(key.ir.category.as_str(), key_match.clone(), branch)];
            for (category, alias) in &key.aliases {
                let alias_match = match &key.ir.family {
                    Some(_) => key_match.clone(),
                    None => json!({ "const": alias }),
                };
                let branch = format!(
                    "Electron{}As{}{}",
                    key.update_type,
                    ident::convert(category, Case::Pascal),
                    ident::convert(alias, Case::Pascal)
                );
                placements.push((category, alias_match, branch));
            }
            for (category, key_match, branch) in placements {
                branches.push(json!({
                    "title": model.title(&branch),
                    "properties": {
                        "feature": feature_name_schema(feature),
                        "category": { "const": category },
                        "key": key_match,
                        "value": value,
                    },
                }));
            }
        }
    }
    let mut schema = one_of(
        "An info update in the flat envelope of ow-electron: `{\"gameId\",\"feature\",\"category\",\"key\",\"value\"}`.",
        "anyOf",
        branches,
    );
    if let Value::Object(map) = &mut schema {
        map.insert("type".into(), json!("object"));
        map.insert("required".into(), json!(["category", "key"]));
        map.insert("properties".into(), electron_common());
    }
    schema
}

/// The ow-electron event envelope: the key names the event, the value is its data. Without a
/// `feature` or without a `category` (with both, the envelope is an info update).
fn electron_event_schema(model: &GameModel<'_>) -> Value {
    let branches = model
        .features
        .iter()
        .flat_map(|f| &f.events)
        .map(|event| {
            json!({
                "title": model.title(&format!("Electron{}", event.update_type)),
                "properties": {
                    "key": { "const": event.ir.name },
                    "value": wire_schema(model, &event.ir.data),
                },
            })
        })
        .collect();
    let mut schema = one_of(
        "A game event in the flat envelope of ow-electron: `{\"gameId\",\"category\",\"key\",\"value\"}`, the key naming the event.",
        "anyOf",
        branches,
    );
    if let Value::Object(map) = &mut schema {
        if map.contains_key("not") {
            // No events: nothing validates.
            return schema;
        }
        map.insert("type".into(), json!("object"));
        map.insert("required".into(), json!(["key"]));
        map.insert("properties".into(), electron_common());
        map.insert(
            "not".into(),
            json!({
                "properties": { "feature": true, "category": true },
                "required": ["feature", "category"],
            }),
        );
    }
    schema
}

/// Members every ow-electron envelope may carry.
fn electron_common() -> Value {
    json!({
        "gameId": { "type": "integer" },
        "feature": { "type": "string" },
        "category": { "type": "string" },
        "key": { "type": "string" },
    })
}

/// An info value on the wire: always with the resets, which the decoders read as `None`.
fn key_schema(model: &GameModel<'_>, key: &KeyModel<'_>) -> Value {
    with_resets(
        wire_schema(model, &key.ir.value),
        !key.ir.value.nullable && !matches!(key.ir.value.shape, Shape::Null),
    )
}

/// The `$defs` entry of a named value (titled with its name, which code generators use).
fn insert_value_def(
    model: &GameModel<'_>,
    defs: &mut Map<String, Value>,
    value: &ValueType,
    doc: String,
) {
    let Some(name) = model.type_name(value).filter(|_| needs_name(value)) else {
        return;
    };
    let mut def = Map::new();
    def.insert("title".into(), Value::String(model.title(name)));
    if let Value::Object(schema) = document_schema(model, value) {
        def.extend(schema);
    }
    def.insert("description".into(), Value::String(doc));
    defs.insert(name.to_owned(), Value::Object(def));
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn since_text(since: Option<&String>) -> String {
    since
        .map(|s| format!(" Since GEP {s}."))
        .unwrap_or_default()
}

/// What the schema says of a key. Every field of the row is named, so that a new one is
/// a build error here until it is said or left out on purpose.
fn key_doc(key: &KeyModel<'_>) -> String {
    let InfoUpdate {
        key,
        category,
        since,
        description,
        // Said by the value's schema, the key's pattern and the value's `$defs` entry.
        family: _,
        value: _,
        note: _,
        remarks: _,
        line: _,
    } = key.ir;
    format!(
        "`{key}` ({category}): {description}{}",
        since_text(since.as_ref())
    )
}

/// What the schema says of an event (see [`key_doc`]).
fn event_doc(event: &EventModel<'_>) -> String {
    let Event {
        name,
        since,
        description,
        data_description,
        data: _,
        note: _,
        remarks: _,
        line: _,
    } = event.ir;
    format!(
        "Event `{name}`: {description} Data: {data_description}{}",
        since_text(since.as_ref())
    )
}

/// The schema of one category of a feature's info, as it is built.
#[derive(Default)]
struct CategorySchema {
    name: String,
    /// Keys the page lists by themselves.
    properties: Map<String, Value>,
    /// Index families (`^roster_[0-9]+$`).
    patterns: Map<String, Value>,
    /// Name families, by pattern: they hold the keys nothing else does.
    named: Map<String, Value>,
    /// Whether a name family has a prefix or suffix, so not every key is one of its keys.
    named_partly: bool,
}

impl CategorySchema {
    /// The entry for `family` (or for the key itself), where a key's schema goes.
    fn entry(&mut self, family: Option<&KeyFamily>, key: &str) -> serde_json::map::Entry<'_> {
        match family {
            Some(family) if family.member == FamilyMember::Name => {
                self.named_partly |= !family.prefix.is_empty() || !family.suffix.is_empty();
                self.named.entry(family.pattern())
            }
            Some(family) => self.patterns.entry(family.pattern()),
            None => self.properties.entry(key.to_owned()),
        }
    }

    /// Closed: a key is a listed one, one of an index family, or (where the category has a
    /// name family) one of its keys.
    fn into_schema(self) -> Value {
        let CategorySchema {
            name: _,
            properties,
            patterns,
            named,
            named_partly,
        } = self;
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        let names = named_partly.then(|| {
            let listed: Vec<&String> = properties.keys().collect();
            let mut spellings = Vec::new();
            if !listed.is_empty() {
                spellings.push(json!({ "enum": listed }));
            }
            let family_patterns = patterns.keys().chain(named.keys());
            spellings.extend(family_patterns.map(|pattern| json!({ "pattern": pattern })));
            json!({ "anyOf": spellings })
        });
        if !properties.is_empty() {
            schema.insert("properties".into(), Value::Object(properties));
        }
        if !patterns.is_empty() {
            schema.insert("patternProperties".into(), Value::Object(patterns));
        }
        if let Some(names) = names {
            schema.insert("propertyNames".into(), names);
        }
        let mut named: Vec<Value> = named.into_iter().map(|(_, schema)| schema).collect();
        let other_keys = match named.len() {
            0 => json!(false),
            1 => named.remove(0),
            _ => json!({ "anyOf": named }),
        };
        schema.insert("additionalProperties".into(), other_keys);
        Value::Object(schema)
    }
}

/// The `onInfoUpdates2` payload of one feature: categories and keys closed, with the
/// placements the docs' examples use besides the table's (see [`KeyModel::aliases`]).
fn feature_schema(model: &GameModel<'_>, feature: &FeatureModel<'_>) -> Value {
    // Per category, in page order.
    let mut categories: Vec<CategorySchema> = Vec::new();
    fn slot<'c>(categories: &'c mut Vec<CategorySchema>, name: &str) -> &'c mut CategorySchema {
        let index = match categories.iter().position(|c| c.name == name) {
            Some(index) => index,
            None => {
                categories.push(CategorySchema {
                    name: name.to_owned(),
                    ..CategorySchema::default()
                });
                categories.len() - 1
            }
        };
        &mut categories[index]
    }
    let keys = feature.categories.iter().flat_map(|c| &c.keys);
    for key in keys.clone() {
        let schema = described(key_schema(model, key), key_doc(key));
        let category = slot(&mut categories, &key.ir.category);
        // A row written twice: the later one holds, as in the decoders.
        *category
            .entry(key.ir.family.as_ref(), &key.ir.key)
            .or_insert(Value::Null) = schema;
    }
    for key in keys {
        for (category, alias) in &key.aliases {
            let doc = format!("`{alias}` as the docs' examples send {}", key_doc(key));
            let schema = described(key_schema(model, key), doc);
            let category = slot(&mut categories, category);
            category
                .entry(key.ir.family.as_ref(), alias)
                .or_insert(schema);
        }
    }
    // `MeInfoUpdate` holds `MeInfo`, which holds `MeInfoMe` per category.
    let info_name = feature
        .info_update_type
        .strip_suffix("Update")
        .unwrap_or(&feature.info_update_type)
        .to_owned();
    let mut info = Map::new();
    for category in categories {
        let title = model.title(&format!(
            "{info_name}{}",
            ident::convert(&category.name, Case::Pascal)
        ));
        let name = category.name.clone();
        let mut schema = category.into_schema();
        schema["title"] = Value::String(title);
        info.insert(name, schema);
    }
    json!({
        "description": format!("`onInfoUpdates2` payload of feature `{}`.", feature.ir.name),
        "type": "object",
        "required": ["info", "feature"],
        "properties": {
            "feature": feature_name_schema(feature),
            "info": {
                "title": model.title(&info_name),
                "type": "object",
                "properties": info,
                "additionalProperties": false,
            },
        },
    })
}

/// The feature's name; where the docs' examples send its keys under other names too, a
/// reference to the `$defs` entry listing them all ([`feature_names`]).
fn feature_name_schema(feature: &FeatureModel<'_>) -> Value {
    match feature_names(feature) {
        None => json!({ "const": feature.ir.name }),
        Some((name, _)) => def_ref(&name),
    }
}

/// The `$defs` entry of a feature's names (`MatchInfoFeatureName`), when the docs' examples
/// send its keys under other names too: one entry, named, however often it is used.
fn feature_names(feature: &FeatureModel<'_>) -> Option<(String, Value)> {
    if feature.also_named.is_empty() {
        return None;
    }
    let names: Vec<&str> = std::iter::once(feature.ir.name.as_str())
        .chain(feature.also_named.iter().map(String::as_str))
        .collect();
    let stem =
        (feature.info_update_type.strip_suffix("InfoUpdate")).unwrap_or(&feature.info_update_type);
    Some((
        format!("{stem}FeatureName"),
        json!({
            "description": format!("Feature `{}`, and the names the docs' examples send its keys under.", feature.ir.name),
            "enum": names,
        }),
    ))
}

/// `schema` with a `description`.
fn described(mut schema: Value, doc: String) -> Value {
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), Value::String(doc));
    }
    schema
}

fn event_schema(model: &GameModel<'_>, event: &EventModel<'_>) -> Value {
    let mut data = wire_schema(model, &event.ir.data);
    if let Value::Object(map) = &mut data {
        map.insert(
            "description".into(),
            Value::String(event.ir.data_description.clone()),
        );
    }
    json!({
        "description": event_doc(event),
        "type": "object",
        "required": ["name", "data"],
        "properties": {
            "name": { "const": event.ir.name },
            "data": data,
        },
    })
}

/// What GEP resets a value with.
fn resets() -> Value {
    def_ref("Reset")
}

/// The `Reset` entry: one type for every reset, not one per member that may be reset.
fn reset_def() -> Value {
    json!({
        "description": "What GEP resets a value with: `null`, `\"\"` or `\"null\"`.",
        "enum": [null, "", "null"],
    })
}

/// A value as it travels on the wire: a reference to its `$defs` entry when it has one.
pub fn wire_schema(model: &GameModel<'_>, value: &ValueType) -> Value {
    match model.type_name(value) {
        Some(name) if needs_name(value) => {
            let inner = if is_document(value) {
                document_forms(def_ref(name), value.encoding)
            } else {
                def_ref(name)
            };
            with_resets(inner, value.nullable)
        }
        _ => inline_schema(model, value),
    }
}

/// A JSON document in both forms the decoders read, the documented one first: the object or
/// array itself, and the same inside a string (the docs' examples use both at times).
fn document_forms(document: Value, encoding: Encoding) -> Value {
    let in_string = json!({
        "type": "string",
        "contentMediaType": "application/json",
        "contentSchema": document.clone(),
    });
    match encoding {
        Encoding::String => json!({ "anyOf": [in_string, document] }),
        Encoding::Native => json!({ "anyOf": [document, in_string] }),
    }
}

fn with_resets(schema: Value, nullable: bool) -> Value {
    if nullable {
        json!({ "anyOf": [schema, resets()] })
    } else {
        schema
    }
}

/// A value written in place (fields of documents, array items).
fn inline_schema(model: &GameModel<'_>, value: &ValueType) -> Value {
    let native = match &value.shape {
        // Any JSON value, resets included.
        Shape::Any => return json!({}),
        Shape::Null => return resets(),
        Shape::Boolean => json!({ "type": "boolean" }),
        Shape::Integer => json!({ "type": "integer" }),
        Shape::Float => json!({ "type": "number" }),
        Shape::String => json!({ "type": "string" }),
        // A named type: its `$defs` entry.
        Shape::Enum { .. } | Shape::Object { .. } | Shape::Array { .. } | Shape::Map { .. }
            if model.type_name(value).is_some() =>
        {
            return wire_schema(model, value);
        }
        Shape::Enum { values } => open_enum(values, None),
        Shape::Object { .. } | Shape::Array { .. } | Shape::Map { .. } => {
            return with_resets(
                document_forms(document_schema(model, value), value.encoding),
                value.nullable,
            );
        }
    };
    let schema = match (&value.shape, value.encoding) {
        (_, Encoding::Native) | (Shape::String | Shape::Enum { .. }, _) => native,
        (Shape::Boolean, Encoding::String) => spelled(BOOLEAN_PATTERN, native),
        (Shape::Integer, Encoding::String) => spelled(INTEGER_PATTERN, native),
        (Shape::Float, Encoding::String) => spelled(FLOAT_PATTERN, native),
        (
            Shape::Null
            | Shape::Any
            | Shape::Object { .. }
            | Shape::Array { .. }
            | Shape::Map { .. },
            Encoding::String,
        ) => native,
    };
    with_resets(
        schema,
        value.nullable && !matches!(value.shape, Shape::Null),
    )
}

fn spelled(pattern: &str, native: Value) -> Value {
    json!({ "anyOf": [{ "type": "string", "pattern": pattern }, native] })
}

/// An open enumeration: the known values, and any other string.
fn open_enum(values: &[EnumValue], known_title: Option<String>) -> Value {
    let known: Vec<&str> = values.iter().flat_map(EnumValue::spellings).collect();
    let documented: Vec<String> = values
        .iter()
        .filter_map(|v| {
            v.description
                .as_ref()
                .map(|d| format!("`{}`: {d}", v.value))
        })
        .collect();
    let mut listed = json!({ "type": "string", "enum": known });
    if let Some(title) = known_title {
        listed["title"] = Value::String(title);
    }
    let mut schema = json!({ "anyOf": [listed, { "type": "string" }] });
    if !documented.is_empty() {
        schema["description"] = Value::String(documented.join("; "));
    }
    schema
}

/// The decoded document (object or array) or enumeration itself, as its `$defs` entry.
fn document_schema(model: &GameModel<'_>, value: &ValueType) -> Value {
    match &value.shape {
        Shape::Object { fields } => object_schema(model, fields),
        Shape::Array { items } => json!({ "type": "array", "items": member_schema(model, items) }),
        Shape::Map { values } => json!({
            "type": "object",
            "additionalProperties": member_schema(model, values),
        }),
        Shape::Enum { values } => open_enum(
            values,
            model
                .type_name(value)
                .map(|name| model.title(&format!("{name}Known"))),
        ),
        _ => inline_schema(
            model,
            &ValueType {
                nullable: false,
                ..value.clone()
            },
        ),
    }
}

/// A field or array item. One the docs show only as `null` or `""` says nothing of its type,
/// and the decoders keep any JSON there (`serde_json::Value`): so does the schema.
fn member_schema(model: &GameModel<'_>, value: &ValueType) -> Value {
    match value.shape {
        Shape::Null => {
            json!({ "description": "Shown only as null or \"\" in the docs: any JSON." })
        }
        _ => inline_schema(model, value),
    }
}

/// A decoded object: every field may be left out or reset (the decoders read each as an
/// `Option`), and fields the docs do not list are allowed (the decoders keep them).
fn object_schema(model: &GameModel<'_>, fields: &[Field]) -> Value {
    let mut properties = Map::new();
    for field in fields {
        if properties.contains_key(&field.name) {
            continue;
        }
        let Field {
            name,
            value,
            // Never required: one example is no evidence that GEP always sends a field.
            optional: _,
        } = field;
        let schema = with_resets(
            member_schema(model, value),
            !value.nullable && !matches!(value.shape, Shape::Null),
        );
        properties.insert(name.clone(), schema);
    }
    json!({ "type": "object", "properties": properties })
}
