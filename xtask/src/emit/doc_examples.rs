//! The docs' data examples in the wire envelopes an app receives them in.
//!
//! Every emitter and every test checks the same examples: the Rust decoders decode them, the
//! schemas validate them, the TypeScript examples file types them. An example written without
//! its whole envelope is completed from the page (feature, category, a family's key).

use serde_json::{json, Value};

use crate::ir::{EntryRef, ExamplePayload, Feature, Payload, WireValue};
use crate::json::Json;

/// A data example of a game's page, with the feature and the key or event whose note shows it.
#[derive(Debug, Clone, Copy)]
pub struct DocExample<'a> {
    /// The feature the note stands in.
    pub feature: &'a Feature,
    /// The key or event whose note it is; `None` for notes that name none.
    pub entry: Option<EntryRef<'a>>,
    pub example: ExamplePayload<'a>,
}

/// Every data example of a game's page, in page order per feature.
pub fn game_examples(features: &[Feature]) -> Vec<DocExample<'_>> {
    let mut examples = Vec::new();
    for feature in features {
        let infos = feature.info_updates.iter().map(EntryRef::Info);
        let events = feature.events.iter().map(EntryRef::Event);
        let notes = (infos.chain(events)).filter_map(|entry| Some((Some(entry), entry.note()?)));
        let loose = feature.notes.iter().map(|note| (None, note));
        for (entry, note) in notes.chain(loose) {
            examples.extend(note.each_payload().map(|example| DocExample {
                feature,
                entry,
                example,
            }));
        }
    }
    examples
}

impl DocExample<'_> {
    /// The example as an app receives it, a whole payload: `{"info":{category:{key:value}},
    /// "feature":f}` for info updates, `{"events":[{"name","data"}]}` for events. What the
    /// example leaves out is completed from the page (`features`): the feature of an info
    /// update is the one that documents its key (the note's own first); a bare value goes in
    /// the envelope of the key or event whose note shows it (index 0 for a key family).
    /// `None` for examples that could not be read, and for bare values or info updates
    /// without a category outside a key's note.
    pub fn envelope(&self, features: &[Feature]) -> Option<Value> {
        let DocExample {
            feature: note_feature,
            entry,
            example,
        } = *self;
        let info = |feature: &str, category: &str, key: &str, wire: &Json| json!({ "info": { category: { key: wire } }, "feature": feature });
        match example.payload? {
            Payload::Info {
                feature,
                category,
                key,
                value,
            } => {
                let wire = &as_sent(value);
                let category = match (category, entry) {
                    (Some(category), _) => category.clone(),
                    (None, Some(EntryRef::Info(info))) => info.category.clone(),
                    (None, _) => return None,
                };
                let feature = match feature {
                    Some(feature) => feature.as_str(),
                    None => documenting_feature(features, note_feature, &category, key),
                };
                // A family written as such (`roster_XX`) is sent as one of its keys.
                let family = features
                    .iter()
                    .flat_map(|f| &f.info_updates)
                    .find(|info| info.key == *key)
                    .and_then(|info| info.family.as_ref())
                    .filter(|family| family.index_of(key).is_none());
                let key = match family {
                    Some(family) => family.first_key(),
                    None => key.clone(),
                };
                Some(info(feature, &category, &key, wire))
            }
            Payload::Event { name, data } => {
                Some(json!({ "events": [{ "name": name, "data": &as_sent(data) }] }))
            }
            Payload::Bare { value } => match (entry?, &as_sent(value)) {
                (EntryRef::Info(key), wire) => {
                    let name = match &key.family {
                        Some(family) => family.first_key(),
                        None => key.key.clone(),
                    };
                    Some(info(&note_feature.name, &key.category, &name, wire))
                }
                (EntryRef::Event(event), wire) => {
                    Some(json!({ "events": [{ "name": event.name, "data": wire }] }))
                }
            },
        }
    }
}

/// The value as GEP sends it: a JSON document inside a string that the page writes with a
/// slip the example reader repaired (`{ type: "4" }`, a trailing comma) goes as the document
/// read, written out; everything else exactly as on the page.
fn as_sent(value: &WireValue) -> Json {
    match (&value.wire, &value.decoded) {
        (Json::String(text), Some(decoded))
            if serde_json::from_str::<serde::de::IgnoredAny>(text).is_err() =>
        {
            Json::String(Value::from(decoded).to_string())
        }
        (wire, _) => wire.clone(),
    }
}

/// The feature that documents info key `key`: the note's own feature when it does, else the
/// first that does, else the note's (the example names a key no table lists).
fn documenting_feature<'a>(
    features: &'a [Feature],
    note_feature: &'a Feature,
    category: &str,
    key: &str,
) -> &'a str {
    // How closely a feature documents the key: by itself, then by an index family, then by a
    // name family (which holds any key).
    let closeness = |feature: &Feature| {
        (feature.info_updates.iter())
            .filter_map(|info| info.closeness(Some(category), key))
            .min()
    };
    let found = std::iter::once(note_feature)
        .chain(features)
        .filter_map(|feature| Some((closeness(feature)?, feature)))
        .min_by_key(|&(closeness, _)| closeness);
    &found.map_or(note_feature, |(_, feature)| feature).name
}
