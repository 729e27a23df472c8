//! Data examples: split a block of example text into examples, read each leniently, and take
//! the payload out of its envelope.
//!
//! A block is the content of a code fence, an inline code span, or the consecutive bare lines
//! of a flattened-text page. It may hold several documents on one line, one document over
//! several lines, a label before a document (`Info UPDATE: {...}`), members without their
//! braces (`"team":"chaos"`), `...`, `OR`, comments and stray prose between documents, or plain
//! values that are not JSON at all (`'hangar_v2' | 'hangar_bootcamp'`, a bare id).
//!
//! Conventions:
//!
//! - An example is one document (or one plain value) as written; its `line` is the page line
//!   where it starts and `raw` its exact text.
//! - A document whose envelope holds several payloads (an `info` object with two keys, an
//!   `events` list of two events) gives one [`Example`] per payload, all with the same line and
//!   raw text, so that every payload is a sample of exactly one key or event.
//! - A list of possible values (`'a' | 'b'`, `[“a” | “b”]`, `"a", "b"`) gives one `Literal`
//!   example per value, each with the raw text of that value.
//! - Lines that are no example (`...`, `OR`, `// comment`, `* list item`, `<details>`, a line
//!   of code) are skipped; anything else that cannot be read is an `Unreadable` example with a
//!   warning, so nothing is dropped silently.

use foldhash::HashMap;

use crate::json::{Json, Object};

use crate::extract::{FastMap, FastSet};
use crate::ir::{
    Code, Diagnostic, EnumValue, Example, ExampleStatus, Feature, KeyFamily, Note, Payload,
    WireValue,
};
use crate::lenient::{self, Parsed, Repair};

/// Whether a bare line of a flattened-text page starts a JSON example: it opens an object
/// with a quoted key (or on its own), or an array. Prose such as `{damage: integer}` does not.
pub fn looks_like_example(line: &str) -> bool {
    let line = line.trim_start().trim_start_matches('`');
    let mut chars = line.chars();
    let opening = chars.next();
    let next = chars.as_str().trim_start().chars().next();
    match opening {
        Some('{') => matches!(next, None | Some('"' | '\'' | '}')),
        Some('[') => matches!(next, None | Some('{' | '[' | '"' | ']' | '-' | '0'..='9')),
        _ => false,
    }
}

/// A block that is one list of text values written as alternatives (`'a' | 'b'`,
/// `['a' | 'b']`, `[“a” | “b”]`, `"a", "b"`): the values a key takes, not an example of one
/// of them. Read as examples, a list shows some strings, which say nothing of which strings,
/// so the values were lost and a list edited between versions went unseen. A list with a
/// number, `true` or `null` in it stays literal examples (their type is the evidence), and
/// valid JSON (`["a","b"]`) is a document.
pub fn value_list(text: &str) -> Option<Vec<EnumValue>> {
    let line = text.trim().trim_matches('`').trim();
    if line.contains('\n') || serde_json::from_str::<Json>(line).is_ok() {
        return None;
    }
    let values = alternatives(line)?;
    values
        .iter()
        .map(|raw| match plain_value(raw)? {
            Json::String(value) if !value.trim().is_empty() => Some(EnumValue::new(value)),
            _ => None,
        })
        .collect()
}

/// Splits a block of example text into examples and reads each; `first_line` is the page
/// line of the block's first line. Repaired and unreadable examples get a diagnostic.
pub fn read_examples(text: &str, first_line: u32) -> (Vec<Example>, Vec<Diagnostic>) {
    let mut block = Block {
        text,
        lines: LineCounter::new(text, first_line),
        examples: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut pos = 0;
    while let Some(start) = next_item(text, pos) {
        pos = if starts_document(&text[start..]) {
            block.document(start)
        } else {
            block.plain_line(start)
        };
    }
    (block.examples, block.diagnostics)
}

/// Takes a payload out of its envelope:
///
/// - `{"info":{category:{key:value, ...}}, "feature":f}`: one `Info` per key;
/// - `{"feature","category","key","value"}` (or `"data"` for `"value"`): one `Info`;
/// - `{"events":[{"name","data"}, ...]}`: one `Event` per event;
/// - `{"name","data"}`, `{"event","data"}` or `{"event","value"}`: one `Event`;
/// - anything else: one `Bare` value.
///
/// Envelopes are recognised only with no other members than the envelope's and the metadata
/// some apps record beside it ([`ENVELOPE_METADATA`]), so nothing of the value is dropped. Member names
/// written with spaces inside their quotes (`"      feature"`, pretty-printed text whose inner
/// quotes were not escaped) are read trimmed. Always returns at least one payload.
pub fn normalise(value: Json) -> Vec<Payload> {
    normalise_known(value, &mut HashMap::default())
}

/// [`normalise`], taking the documents inside strings from `known` (see [`Parsed::embedded`])
/// rather than reading them again.
fn normalise_known(value: Json, known: &mut HashMap<String, Json>) -> Vec<Payload> {
    let value = match value {
        Json::Object(object) => {
            let mut object = trim_envelope_names(object);
            // Each envelope looks before it takes: on `None` the object is whole.
            let payloads = info_envelope(&mut object, known)
                .or_else(|| flat_info(&mut object, known))
                .or_else(|| events_envelope(&mut object, known))
                .or_else(|| single_event(&mut object, known));
            if let Some(payloads) = payloads {
                return payloads;
            }
            Json::Object(object)
        }
        value => value,
    };
    vec![Payload::Bare {
        value: wire_known(value, known),
    }]
}

/// The value as sent, and the document inside it when it is a string holding JSON.
///
/// A string holding an object or array decodes to it (read leniently, so documents written
/// with `\r\n` or small slips still decode); `"null"` (or `"nulll"`) decodes to `null`, which
/// is how GEP resets a value. A string holding several documents (`{...},{...}`, a log) is no
/// one document and does not decode. Numbers and booleans spelled as strings are left to the
/// type inference, which knows the rest of the examples.
pub fn wire(value: &Json) -> WireValue {
    wire_known(value.clone(), &mut HashMap::default())
}

/// [`wire`] of a value taken over, with the documents already read from inside strings.
fn wire_known(value: Json, known: &mut HashMap<String, Json>) -> WireValue {
    WireValue {
        decoded: embedded_document(&value, known),
        wire: value,
    }
}

fn embedded_document(value: &Json, known: &mut HashMap<String, Json>) -> Option<Json> {
    let text = value.as_str()?.trim().trim_matches('`').trim();
    if matches!(text, "null" | "nulll") {
        return Some(Json::Null);
    }
    if !text.starts_with(['{', '[']) {
        return None;
    }
    if let Some(document) = known.remove(text) {
        return Some(document);
    }
    let parsed = lenient::parse(text).ok()?;
    // Unquoted values or text after the brackets mean the string is prose that starts with a
    // bracket (`[x] done`, `{damage: integer}`), not a document.
    let prose = [Repair::TrailingText, Repair::UnquotedString];
    if parsed.repairs.iter().any(|r| prose.contains(r)) {
        return None;
    }
    Some(parsed.value).filter(|v| v.is_object() || v.is_array())
}

/// Members that recorded sessions and some pages write beside an envelope's own: which game
/// or app sent it, when, how long the value is (`"launcherClassId": 10902`). None is the value.
const ENVELOPE_METADATA: [&str; 5] = [
    "gameId",
    "launcherClassId",
    "classId",
    "timestamp",
    "valueLength",
];

/// The names of an envelope's own members.
const ENVELOPE_NAMES: [&str; 9] = [
    "info", "feature", "category", "key", "value", "events", "name", "data", "event",
];

/// Members an envelope may have: `allowed`, and metadata that are numbers or strings.
fn has_only(object: &Object, allowed: &[&str]) -> bool {
    object.iter().all(|(k, v)| {
        allowed.contains(&k.as_str())
            || (ENVELOPE_METADATA.contains(&k.as_str())
                && matches!(v, Json::Number(_) | Json::String(_)))
    })
}

/// The object with the envelope's member names trimmed, when one is written with spaces inside
/// its quotes and its trimmed name is not taken.
fn trim_envelope_names(object: Object) -> Object {
    let padded = |k: &str| k.trim() != k && ENVELOPE_NAMES.contains(&k.trim());
    if !object.keys().any(|k| padded(k)) {
        return object;
    }
    let taken: Vec<String> = object.keys().filter(|k| !padded(k)).cloned().collect();
    let members = object.into_iter().map(|(k, v)| {
        let trimmed = k.trim();
        if padded(&k) && !taken.iter().any(|t| t == trimmed) {
            (trimmed.to_owned(), v)
        } else {
            (k, v)
        }
    });
    Object::from_members(members.collect())
}

/// The value with the keys of its objects (at any depth) that are written with spaces inside
/// their quotes (`"count         "`) trimmed, when the trimmed key is not also in the object:
/// a typo, not a field of its own. The keys trimmed are added to `padded`.
fn trim_padded_keys(value: Json, padded: &mut Vec<String>) -> Json {
    match value {
        Json::Array(items) => Json::Array(
            items
                .into_iter()
                .map(|item| trim_padded_keys(item, padded))
                .collect(),
        ),
        Json::Object(object) => {
            let is_padded = |k: &str| !k.trim().is_empty() && k.trim() != k;
            let taken: Vec<String> = (object.keys())
                .filter(|k| is_padded(k))
                .filter(|k| object.keys().any(|other| other == k.trim()))
                .cloned()
                .collect();
            let members = object.into_iter().map(|(key, value)| {
                let value = trim_padded_keys(value, padded);
                if is_padded(&key) && !taken.contains(&key) {
                    padded.push(key.clone());
                    (key.trim().to_owned(), value)
                } else {
                    (key, value)
                }
            });
            Json::Object(Object::from_members(members.collect()))
        }
        other => other,
    }
}

/// `Some(None)` when absent, `Some(Some(text))` when a string, `None` when anything else.
fn optional_text(object: &Object, field: &str) -> Option<Option<String>> {
    match object.get(field) {
        None => Some(None),
        Some(Json::String(text)) => Some(Some(text.clone())),
        Some(_) => None,
    }
}

/// Takes the value of a member out, leaving `null` (the payloads own what they carry).
fn take(object: &mut Object, field: &str) -> Option<Json> {
    object.get_mut(field).map(Json::take)
}

fn info_envelope(object: &mut Object, known: &mut HashMap<String, Json>) -> Option<Vec<Payload>> {
    let feature = optional_text(object, "feature")?;
    if !has_only(object, &["info", "feature"]) {
        return None;
    }
    // At least one payload: a category that is a value, or an object with members.
    let has_payload = |entries: &Json| entries.as_object().is_none_or(|e| !e.is_empty());
    let info = match object.get_mut("info")? {
        Json::Object(info) if info.values().any(has_payload) => std::mem::take(info),
        _ => return None,
    };
    let mut info_payload = |category: Option<&str>, key: String, value: Json| Payload::Info {
        feature: feature.clone(),
        category: category.map(str::to_owned),
        key,
        value: wire_known(value, known),
    };
    let mut payloads = Vec::new();
    for (category, entries) in info {
        match entries {
            Json::Object(mut entries) => {
                // `{"info":{"match_info":{"key":"notable","value":...}}}`: a flat update
                // wrapped in the nested envelope.
                if let Some((key, value)) = take_key_and_value(&mut entries) {
                    payloads.push(info_payload(Some(&category), key, value));
                } else {
                    for (key, value) in entries {
                        payloads.push(info_payload(Some(&category), key, value));
                    }
                }
            }
            // `{"info":{"roster":"..."}}`: the category level is missing.
            value => payloads.push(info_payload(None, category, value)),
        }
    }
    Some(payloads)
}

/// The `key` and `value` (or `data`) of an object that has exactly these two members, taken
/// out of it; the object is left alone otherwise.
fn take_key_and_value(object: &mut Object) -> Option<(String, Json)> {
    if object.len() != 2 {
        return None;
    }
    let key = object.get("key")?.as_str()?.to_owned();
    let value = take(object, "value").or_else(|| take(object, "data"))?;
    Some((key, value))
}

fn flat_info(object: &mut Object, known: &mut HashMap<String, Json>) -> Option<Vec<Payload>> {
    if !has_only(object, &["feature", "category", "key", "value", "data"]) {
        return None;
    }
    let key = object.get("key")?.as_str()?.to_owned();
    let field = match (object.contains_key("value"), object.contains_key("data")) {
        (true, false) => "value",
        (false, true) => "data",
        _ => return None,
    };
    let feature = optional_text(object, "feature")?;
    let category = optional_text(object, "category")?;
    let value = take(object, field)?;
    Some(vec![Payload::Info {
        feature,
        category,
        key,
        value: wire_known(value, known),
    }])
}

fn events_envelope(object: &mut Object, known: &mut HashMap<String, Json>) -> Option<Vec<Payload>> {
    if !has_only(object, &["events", "feature"]) {
        return None;
    }
    let events = object.get_mut("events")?.as_array_mut()?;
    let is_event = |event: &Json| {
        event.as_object().is_some_and(|event| {
            has_only(event, &["name", "data"]) && event.get("name").is_some_and(Json::is_string)
        })
    };
    if events.is_empty() || !events.iter().all(is_event) {
        return None;
    }
    let payloads = events.iter_mut().filter_map(|event| {
        let event = event.as_object_mut()?;
        Some(Payload::Event {
            name: event.get("name")?.as_str()?.to_owned(),
            data: wire_known(take(event, "data").unwrap_or(Json::Null), known),
        })
    });
    Some(payloads.collect())
}

/// `{"name","data"}`, or `{"event","data"}` / `{"event","value"}` (with the feature at most):
/// one event written without the `events` list around it.
fn single_event(object: &mut Object, known: &mut HashMap<String, Json>) -> Option<Vec<Payload>> {
    let (name, data) = if object.contains_key("event") {
        optional_text(object, "feature")?;
        if !has_only(object, &["event", "data", "value", "feature"])
            || object.contains_key("data") == object.contains_key("value")
        {
            return None;
        }
        let name = object.get("event")?.as_str()?.to_owned();
        (
            name,
            take(object, "data").or_else(|| take(object, "value"))?,
        )
    } else {
        if !has_only(object, &["name", "data"]) || !object.contains_key("data") {
            return None;
        }
        let name = object.get("name")?.as_str()?.to_owned();
        (name, take(object, "data")?)
    };
    Some(vec![Payload::Event {
        name,
        data: wire_known(data, known),
    }])
}

/// The names on a page that an example may wrap a value in: features, categories, info keys
/// (with their categories) and key families.
pub struct PageNames<'a> {
    features: FastSet<&'a str>,
    categories: FastSet<&'a str>,
    /// Each info key with the categories that list it.
    keys: FastMap<&'a str, Vec<&'a str>>,
    /// Each key family by prefix and suffix, with the categories that list it.
    families: FastMap<(&'a str, &'a str), Vec<&'a str>>,
    /// Families of keys named by the data, with the category that lists each.
    named: Vec<(&'a KeyFamily, &'a str)>,
}

impl<'a> PageNames<'a> {
    pub fn new(features: &'a [Feature]) -> Self {
        let mut names = PageNames {
            features: features.iter().map(|f| f.name.as_str()).collect(),
            categories: FastSet::default(),
            keys: FastMap::default(),
            families: FastMap::default(),
            named: Vec::new(),
        };
        for info in features.iter().flat_map(|f| &f.info_updates) {
            let category = info.category.as_str();
            names.categories.insert(category);
            names.keys.entry(&info.key).or_default().push(category);
            if let Some(family) = info.family.as_ref().filter(|f| !f.member.is_index()) {
                names.named.push((family, category));
            } else if let Some(family) = &info.family {
                (names.families)
                    .entry((&family.prefix, &family.suffix))
                    .or_default()
                    .push(category);
            }
        }
        names
    }

    /// Whether `key` is an info key of the page, or a member of a family (`roster_3`), in
    /// `category` when one is given; a key of a family named by the data only when the
    /// category is given and lists the family.
    fn is_key(&self, key: &str, category: Option<&str>) -> bool {
        let listed = |categories: &Vec<&str>| category.is_none_or(|c| categories.contains(&c));
        if self.keys.get(key).is_some_and(listed) {
            return true;
        }
        if (self.named.iter())
            .any(|&(family, listed)| Some(listed) == category && family.contains(key))
        {
            return true;
        }
        // A member's index is a whole run of digits: each run is looked up with the text
        // around it (see `KeyFamily::index_of`).
        let bytes = key.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            let run = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if run == 0 {
                start += 1;
                continue;
            }
            let around = (&key[..start], &key[start + run..]);
            if self.families.get(&around).is_some_and(listed) {
                return true;
            }
            start += run;
        }
        false
    }
}

/// The entry a note belongs to, whose names its examples may wrap a value in.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    Info {
        key: &'a str,
        family: Option<&'a KeyFamily>,
    },
    Event {
        name: &'a str,
    },
    /// A note of the feature that names no key or event.
    Feature,
}

/// Takes the values of a note's bare examples out of the partial envelopes they are written
/// in: a wrapper named after a feature or category of the page (`{"match_info":{"mapName":
/// "Olympus"}}`, at any depth), after the owner's key or event (`{"mapName":"Olympus"}`,
/// `{"kill":{...}}`), `{"value":...}` or `{"data":...}`, and the flat `{"feature","category",
/// key: value}`. Inside a category or feature wrapper, every member must be an info key of
/// the page (of that category), else the object is left whole.
///
/// A bare object whose outer member the owner's own enveloped examples also show inside the
/// value (`"inUse":"{\"inUse\":\"R-99\"}"`) is that value written out, and is left whole.
pub fn unwrap_partial_envelopes(note: &mut Note, owner: Owner<'_>, page: &PageNames<'_>) {
    let has_bare_object =
        |p: &Payload| matches!(p, Payload::Bare { value } if value.effective().is_object());
    if !note
        .examples
        .iter()
        .any(|e| e.payloads.iter().any(has_bare_object))
    {
        return;
    }
    let value_members = enveloped_value_members(note, owner);
    for example in &mut note.examples {
        if !example.payloads.iter().any(has_bare_object) {
            continue;
        }
        let payloads = std::mem::take(&mut example.payloads);
        for payload in payloads {
            let unwrapped = match &payload {
                Payload::Bare { value } => match value.effective() {
                    Json::Object(object) => {
                        let wrapper = Wrapper {
                            owner,
                            page,
                            value_members: &value_members,
                        };
                        wrapper.unwrap(object)
                    }
                    _ => None,
                },
                _ => None,
            };
            match unwrapped {
                Some(unwrapped) => example.payloads.extend(unwrapped),
                None => example.payloads.push(payload),
            }
        }
    }
}

/// The members of the owner's values as its enveloped examples show them, when objects.
fn enveloped_value_members(note: &Note, owner: Owner<'_>) -> FastSet<String> {
    fn own_value<'p>(payload: &'p Payload, owner: Owner<'_>) -> Option<&'p WireValue> {
        match (payload, owner) {
            (
                Payload::Info {
                    key: sent, value, ..
                },
                Owner::Info { key, family },
            ) => {
                (sent == key || family.is_some_and(|f| f.index_of(sent).is_some())).then_some(value)
            }
            (
                Payload::Event {
                    name: sent, data, ..
                },
                Owner::Event { name },
            ) => (sent == name).then_some(data),
            _ => None,
        }
    }
    (note.examples.iter().flat_map(|e| &e.payloads))
        .filter_map(|payload| own_value(payload, owner))
        .filter_map(|value| value.effective().as_object())
        .flat_map(|object| object.keys().cloned())
        .collect()
}

/// What [`unwrap_partial_envelopes`] matches a wrapper's names against.
struct Wrapper<'n, 'a> {
    owner: Owner<'a>,
    page: &'n PageNames<'a>,
    value_members: &'n FastSet<String>,
}

/// The feature and category that the wrappers taken off so far name.
#[derive(Clone, Copy, Default)]
struct Place<'v> {
    feature: Option<&'v str>,
    category: Option<&'v str>,
}

impl Wrapper<'_, '_> {
    fn unwrap(&self, object: &Object) -> Option<Vec<Payload>> {
        if object.len() == 1 && object.keys().any(|k| self.value_members.contains(k)) {
            return None;
        }
        self.flat(object)
            .or_else(|| self.peel(object, Place::default(), 0))
    }

    /// `{"feature":f,"category":c,key:value, ...}`: the envelope's names beside the keys.
    fn flat(&self, object: &Object) -> Option<Vec<Payload>> {
        let place = Place {
            feature: optional_text_ref(object, "feature")?,
            category: optional_text_ref(object, "category")?,
        };
        if place.feature.is_none() && place.category.is_none() {
            return None;
        }
        let keys = object
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "feature" | "category"));
        let keys: Vec<(&String, &Json)> = keys.collect();
        let all_keys = keys
            .iter()
            .all(|(k, _)| self.page.is_key(k, place.category));
        (!keys.is_empty() && all_keys).then(|| {
            keys.iter()
                .map(|(key, value)| info_at(place, key, value))
                .collect()
        })
    }

    /// Wrappers taken off one at a time, `depth` of them so far.
    fn peel(&self, object: &Object, place: Place<'_>, depth: usize) -> Option<Vec<Payload>> {
        if let Some((name, inner)) = object.iter().next().filter(|_| object.len() == 1) {
            if let Some(payload) = self.owner_wrapper(name, inner, place, depth) {
                return Some(vec![payload]);
            }
            if let Json::Object(inner) = inner {
                let as_category = (place.category.is_none()
                    && self.page.categories.contains(name.as_str()))
                .then(|| Place {
                    category: Some(name),
                    ..place
                });
                let as_feature = (place.feature.is_none()
                    && self.page.features.contains(name.as_str()))
                .then(|| Place {
                    feature: Some(name),
                    ..place
                });
                let found = [as_category, as_feature]
                    .into_iter()
                    .flatten()
                    .find_map(|place| self.peel(inner, place, depth + 1));
                if found.is_some() {
                    return found;
                }
            }
        }
        let all_keys = object.keys().all(|k| self.page.is_key(k, place.category));
        (depth > 0 && !object.is_empty() && all_keys).then(|| {
            object
                .iter()
                .map(|(key, value)| info_at(place, key, value))
                .collect()
        })
    }

    /// `{key: value}` for the owner's key (or a member of its family), `{event: data}` for its
    /// event, and `{"value": ...}` or `{"data": ...}` around the whole value.
    fn owner_wrapper(
        &self,
        name: &str,
        inner: &Json,
        place: Place<'_>,
        depth: usize,
    ) -> Option<Payload> {
        match self.owner {
            Owner::Info { key, family } => {
                let names_key = name == key || family.is_some_and(|f| f.index_of(name).is_some());
                let key = if names_key {
                    name
                } else if name == "value" && depth == 0 && family.is_none() {
                    key
                } else {
                    return None;
                };
                Some(info_at(place, key, inner))
            }
            Owner::Event { name: event } => {
                (name == event || (name == "data" && depth == 0)).then(|| Payload::Event {
                    name: event.to_owned(),
                    data: wire(inner),
                })
            }
            Owner::Feature => None,
        }
    }
}

fn info_at(place: Place<'_>, key: &str, value: &Json) -> Payload {
    Payload::Info {
        feature: place.feature.map(str::to_owned),
        category: place.category.map(str::to_owned),
        key: key.to_owned(),
        value: wire(value),
    }
}

/// [`optional_text`], borrowed.
fn optional_text_ref<'o>(object: &'o Object, field: &str) -> Option<Option<&'o str>> {
    match object.get(field) {
        None => Some(None),
        Some(Json::String(text)) => Some(Some(text)),
        Some(_) => None,
    }
}

/// Page lines of byte offsets in a block, counted incrementally (offsets mostly grow).
struct LineCounter<'a> {
    text: &'a str,
    first_line: u32,
    offset: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, first_line: u32) -> Self {
        Self {
            text,
            first_line,
            offset: 0,
            line: first_line,
        }
    }

    fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        // Counted from the last offset asked for, backwards when it is earlier: restarting from
        // the top would make a block with many examples quadratic.
        let (from, to) = (self.offset.min(offset), self.offset.max(offset));
        let newlines = self.text.as_bytes()[from..to]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let newlines = u32::try_from(newlines).unwrap_or(u32::MAX);
        self.line = if offset < self.offset {
            self.line.saturating_sub(newlines).max(self.first_line)
        } else {
            self.line.saturating_add(newlines)
        };
        self.offset = offset;
        self.line
    }

    /// 1-based column (in characters) of an offset, within its line; looks back only as far
    /// as the start of the line.
    fn column_at(&self, offset: usize) -> usize {
        let before = &self.text.as_bytes()[..offset.min(self.text.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1
    }
}

struct Block<'a> {
    text: &'a str,
    lines: LineCounter<'a>,
    examples: Vec<Example>,
    diagnostics: Vec<Diagnostic>,
}

impl Block<'_> {
    /// Reads the document at `start` (on its `{` or `[`); returns where to go on.
    fn document(&mut self, start: usize) -> usize {
        let rest = &self.text[start..];
        // `['a' | 'b']` is a list of values, not an array of one string: the lenient reader
        // would take `a' | 'b` as that string. Valid JSON stays a document.
        if rest.starts_with('[') {
            let line_end = line_end(self.text, start);
            let line = self.text[start..line_end].trim_end().trim_end_matches('`');
            let piped = line.contains('|') && serde_json::from_str::<Json>(line).is_err();
            if let Some(values) = alternatives(line).filter(|_| piped) {
                self.push_plain_values(start, &values);
                return line_end;
            }
        }
        match lenient::parse_prefix(rest) {
            Ok((parsed, used)) => {
                let end = start + used;
                let (resume, trailing_text) = after_document(self.text, end);
                let mut parsed = parsed;
                if trailing_text && !parsed.repairs.contains(&Repair::TrailingText) {
                    parsed.repairs.push(Repair::TrailingText);
                }
                let raw = self.text[start..end].trim_end();
                self.push_document(start, raw, parsed);
                resume
            }
            Err(error) => {
                // `[“Lobby” | “Private”]` is a list of values, not a broken document.
                let line_end = line_end(self.text, start);
                let line = self.text[start..line_end].trim_end().trim_end_matches('`');
                if let Some(values) = alternatives(line) {
                    self.push_plain_values(start, &values);
                    return line_end;
                }
                let end = start + unreadable_extent(rest, error.offset);
                let raw = self.text[start..end].trim_end();
                if let Some(parsed) = read_escaped_document(raw) {
                    self.push_document(start, raw, parsed);
                    return end;
                }
                let line = self.lines.line_at(start);
                let error_offset = error.offset.min(rest.len());
                let lines_down = rest.as_bytes()[..error_offset]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                let error_line = line.saturating_add(u32::try_from(lines_down).unwrap_or(u32::MAX));
                let column = self.lines.column_at(start + error_offset);
                let place = if error.offset >= raw.len() {
                    "at its end".to_owned()
                } else if error_line == line {
                    format!("column {column}")
                } else {
                    format!("line {error_line}, column {column}")
                };
                let message = format!(
                    "example is not valid JSON and could not be repaired: {} ({place}); \
                     write it as valid JSON, with quotes inside strings escaped as \\\"",
                    error.message
                );
                self.push_unreadable(start, raw, message);
                end
            }
        }
    }

    fn push_document(&mut self, start: usize, raw: &str, parsed: Parsed) {
        let Parsed {
            value,
            repairs,
            mut embedded,
        } = parsed;
        let line = self.lines.line_at(start);
        let mut payloads = normalise_known(value, &mut embedded);
        let mut padded = Vec::new();
        for payload in &mut payloads {
            let value = match payload {
                Payload::Info { value, .. }
                | Payload::Event { data: value, .. }
                | Payload::Bare { value } => value,
            };
            value.wire = trim_padded_keys(value.wire.take(), &mut padded);
            if let Some(decoded) = &mut value.decoded {
                *decoded = trim_padded_keys(decoded.take(), &mut padded);
            }
        }
        if !padded.is_empty() {
            padded.sort();
            padded.dedup();
            let names: Vec<String> = padded.iter().map(|k| format!("`\"{k}\"`")).collect();
            self.diagnostics.push(Diagnostic::info(
                line,
                Code::RepairedExample,
                format!(
                    "example has keys with spaces inside their quotes ({}): read trimmed; fix them on the page",
                    names.join(", ")
                ),
            ));
        }
        let placeholders = if repairs.contains(&Repair::UnquotedString) {
            mark_placeholders(&mut payloads, raw)
        } else {
            Vec::new()
        };
        let status = if !placeholders.is_empty() {
            let words: Vec<String> = placeholders.iter().map(|w| format!("`{w}`")).collect();
            self.diagnostics.push(Diagnostic::info(
                line,
                Code::StructureExample,
                format!(
                    "example shows placeholders where values go ({}): read as the structure of the value (its field names, and the types the placeholders name), not as a value the game sends; show a real value, with the placeholders quoted or described in the note",
                    words.join(", ")
                ),
            ));
            ExampleStatus::Structure
        } else if repairs.is_empty() {
            ExampleStatus::Valid
        } else {
            // Built in place: `format!` over a joined list cost more than the rest of this.
            let mut message = String::with_capacity(160);
            message.push_str("example is not valid JSON, read it by repairing ");
            for (i, repair) in repairs.iter().enumerate() {
                if i > 0 {
                    message.push_str(", ");
                }
                message.push_str(repair.describe());
            }
            message.push_str("; fix it on the page");
            self.diagnostics
                .push(Diagnostic::info(line, Code::RepairedExample, message));
            if repairs.contains(&Repair::ElidedAcrossBrackets) {
                ExampleStatus::Excerpt
            } else {
                ExampleStatus::Repaired
            }
        };

        self.examples.push(Example {
            line,
            raw: raw.to_owned(),
            status,
            payloads,
        });
    }

    fn push_unreadable(&mut self, start: usize, raw: &str, message: String) {
        let line = self.lines.line_at(start);
        self.diagnostics
            .push(Diagnostic::warning(line, Code::UnreadableExample, message));
        self.examples.push(Example {
            line,
            raw: raw.to_owned(),
            status: ExampleStatus::Unreadable,
            payloads: Vec::new(),
        });
    }

    /// A line at `start` that does not open a document: plain values, a comment, an `OR`
    /// between alternatives, a label before a document, or a fragment of a document. Returns
    /// where to go on.
    fn plain_line(&mut self, start: usize) -> usize {
        let end = line_end(self.text, start);
        let line = &self.text[start..end];
        if let Some(document) = labelled_document(line) {
            return start + document;
        }
        if let Some(next) = self.members(start) {
            return next;
        }
        let line = line.trim().trim_matches('`').trim();
        if is_filler(line) {
            return end;
        }
        let values = alternatives(line).unwrap_or_else(|| vec![line]);
        self.push_plain_values(start, &values);
        end
    }

    /// Members without their braces at `start` (`"events": [{...}]` over several lines, or
    /// `"team":"chaos"`), read as the object they belong to; returns where to go on.
    fn members(&mut self, start: usize) -> Option<usize> {
        let line_end = line_end(self.text, start);
        let key = self.text[start..line_end].strip_prefix('"')?;
        let after_key = &key[key.find('"')? + 1..];
        if !after_key.trim_start().starts_with(':') {
            return None;
        }
        // All the lines up to the next document or blank line, else this line alone.
        let block_end = start + lines_before_next_document(&self.text[start..], 0, MAX_LINES);
        let candidates = [block_end, line_end];
        let (end, parsed) = candidates.iter().find_map(|&end| {
            let members = self.text[start..end].trim_end();
            let parsed = lenient::parse(&format!("{{{members}}}")).ok()?;
            let whole = parsed.value.is_object() && !parsed.repairs.contains(&Repair::TrailingText);
            whole.then_some((end, parsed))
        })?;
        let mut parsed = parsed;
        parsed.repairs.insert(0, Repair::MissingBraces);
        let raw = self.text[start..end].trim_end();
        self.push_document(start, raw, parsed);
        Some(end)
    }

    fn push_plain_values(&mut self, start: usize, values: &[&str]) {
        for &raw in values {
            match plain_value(raw) {
                Some(value) => self.examples.push(Example {
                    line: self.lines.line_at(start),
                    raw: raw.to_owned(),
                    status: ExampleStatus::Literal,
                    payloads: vec![Payload::Bare {
                        value: wire(&value),
                    }],
                }),
                None => self.push_unreadable(
                    start,
                    raw,
                    "example is a fragment of a JSON document, not a document; \
                     write the whole document, with quotes inside strings escaped as \\\""
                        .to_owned(),
                ),
            }
        }
    }
}

/// The bare words a document writes where a member's value goes (`"team": teamId`,
/// `"steamId":steamId 1`, `"role": role type (int)`), each once in page order: text without
/// quotes up to the next `,`, `}`, `]` or line end that is no number and no (misspelt)
/// literal, which the lenient reader repairs as such.
fn unquoted_member_values(raw: &str) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::new();
    for (colon, _) in raw.match_indices(':') {
        let before = raw[..colon].trim_end();
        if !before.ends_with(QUOTES) {
            continue;
        }
        let after = raw[colon + 1..].trim_start();
        if !after.starts_with(|c: char| c.is_alphabetic() || c == '_') {
            continue;
        }
        let end = after
            .find([',', '}', ']', '\n', '"'])
            .unwrap_or(after.len());
        let word = after[..end].trim();
        let lower = word.to_ascii_lowercase();
        let literal = lower.starts_with("null")
            || ["true", "false", "none", "undefined", "nan"].contains(&lower.as_str());
        if !word.is_empty() && !literal && !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// A structure written with placeholders for values (`{"heroId": heroId, "team": teamId}`):
/// every member of a payload value whose value is such a bare word takes the type the word
/// names (`int`, `float`, `boolean`, `string`), else `null`, which [`crate::infer`] reads
/// as a value of unknown type in a structure. Envelope members written bare
/// (`"feature":match_info`) and a bare value that is the whole payload (`"data":victory`) are
/// slips of a real example, not placeholders. Returns the placeholders found in payloads.
fn mark_placeholders(payloads: &mut [Payload], raw: &str) -> Vec<String> {
    let words = unquoted_member_values(raw);
    let mut found = Vec::new();
    if words.is_empty() {
        return found;
    }
    for payload in payloads {
        let value = match payload {
            Payload::Info { value, .. }
            | Payload::Event { data: value, .. }
            | Payload::Bare { value } => value,
        };
        replace_placeholders(&mut value.wire, &words, &mut found);
        if let Some(decoded) = &mut value.decoded {
            replace_placeholders(decoded, &words, &mut found);
        }
    }
    found
}

fn replace_placeholders(value: &mut Json, words: &[&str], found: &mut Vec<String>) {
    match value {
        Json::Object(object) => {
            for member in object.values_mut() {
                let placeholder = match member {
                    Json::String(text) => words.iter().find(|w| **w == text.trim()).copied(),
                    _ => None,
                };
                match placeholder {
                    Some(word) => {
                        *member = placeholder_value(word);
                        if !found.iter().any(|f| f == word) {
                            found.push(word.to_owned());
                        }
                    }
                    None => replace_placeholders(member, words, found),
                }
            }
        }
        Json::Array(items) => {
            for item in items {
                replace_placeholders(item, words, found);
            }
        }
        _ => {}
    }
}

/// A value of the type a placeholder names (`role type (int)`), `null` when it names none.
fn placeholder_value(word: &str) -> Json {
    let lower = word.to_ascii_lowercase();
    let names = |types: &[&str]| {
        lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| types.contains(&w))
    };
    if names(&["int", "integer", "long", "float", "double", "number"]) {
        Json::Number(0.into())
    } else if names(&["bool", "boolean"]) {
        Json::Bool(true)
    } else if names(&["string", "str", "text"]) {
        Json::String(word.to_owned())
    } else {
        Json::Null
    }
}

/// Whether `text` opens a document: `{`, `[`, or a quoted one (`"[{"a":1}]"`).
fn starts_document(text: &str) -> bool {
    let unquoted = text.strip_prefix('"').unwrap_or(text).trim_start();
    unquoted.starts_with(['{', '['])
}

/// Where the next example starts at or after `pos`, past whitespace and separators.
fn next_item(text: &str, pos: usize) -> Option<usize> {
    let skipped = text[pos..].find(|c: char| !is_separator(c))?;
    Some(pos + skipped)
}

/// What may stand between examples: whitespace, commas, semicolons, backticks.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || ",;`".contains(c)
}

fn line_end(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i)
}

/// After a document ending at `end`: where to go on, and whether the rest of the line is
/// text that belongs to no example. Separators and another document on the line are fine.
fn after_document(text: &str, end: usize) -> (usize, bool) {
    let line_end = line_end(text, end);
    let rest = &text[end..line_end];
    let separators = rest.find(|c: char| !is_separator(c)).unwrap_or(rest.len());
    let rest = &rest[separators..];
    if rest.is_empty() || starts_document(rest) {
        (end + separators, false)
    } else {
        (line_end, true)
    }
}

/// How much of `rest` an unreadable document takes, given where reading failed: up to where
/// its brackets balance (counted crudely, strings included), but at least to the end of the
/// line where reading failed, and then the lines that follow up to the next document or blank
/// line. Keeps the next documents of a block readable on their own, and the pieces of a broken
/// document together.
fn unreadable_extent(rest: &str, error_offset: usize) -> usize {
    let end = broken_document_end(rest, error_offset);
    let rest_of_line = rest[end..line_end(rest, end)].trim_start_matches(is_separator);
    if starts_document(rest_of_line) {
        return end;
    }
    lines_before_next_document(rest, end, usize::MAX)
}

/// Longest run of lines read as members without braces; beyond it, reading each line again
/// and again could grow quadratic.
const MAX_LINES: usize = 100;

/// The end of the line at `from`, extended over the lines that follow up to the next blank
/// line or line that starts a document, `max_lines` lines at most.
fn lines_before_next_document(rest: &str, from: usize, max_lines: usize) -> usize {
    let mut end = from;
    for _ in 1..max_lines {
        end = line_end(rest, end);
        let next_start = (end + 1).min(rest.len());
        let next = &rest[next_start..line_end(rest, next_start)];
        let next = next.trim().trim_start_matches('`');
        if end == rest.len() || next.is_empty() || starts_document(next) {
            return end;
        }
        end = next_start;
    }
    line_end(rest, end)
}

/// Where the brackets of the document at the start of `rest` balance, or the end of the line
/// where reading failed if that is further.
fn broken_document_end(rest: &str, error_offset: usize) -> usize {
    let mut depth = 0i64;
    let mut balanced_at = rest.len();
    for (i, b) in rest.bytes().enumerate() {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth <= 0 {
                    balanced_at = i + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    if balanced_at >= error_offset {
        balanced_at
    } else {
        let error_offset = error_offset.min(rest.len());
        rest.as_bytes()[error_offset..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| error_offset + i)
    }
}

/// Lines between examples that are not examples: elisions, comments, `OR`, and what strayed
/// into a code block (list items, `Privacy mode:` labels, HTML tags, lines of code).
fn is_filler(line: &str) -> bool {
    line.is_empty()
        || line.chars().all(|c| ".…, ".contains(c))
        || line.starts_with("//")
        || line.starts_with("/*")
        || line.starts_with('#')
        || line.eq_ignore_ascii_case("or")
        || line.starts_with("* ")
        || line.starts_with("- ")
        || (line.ends_with(':') && line.contains(' '))
        || (line.starts_with('<') && line.ends_with('>'))
        || line.ends_with(';')
}

/// `{\"a\":1}`: a document whose quotes are all escaped, as if copied out of a string; the
/// closing quote and brackets of that string's envelope may follow it (`{\"a\":1}"}`).
fn read_escaped_document(raw: &str) -> Option<Parsed> {
    if !raw.contains("\\\"") {
        return None;
    }
    let unescaped = raw.replace("\\\"", "\"");
    let (mut parsed, used) = lenient::parse_prefix(&unescaped).ok()?;
    let rest = unescaped[used..].trim();
    let envelope_end = rest.starts_with('"') && rest.chars().all(|c| "\"}] ".contains(c));
    if parsed.repairs.contains(&Repair::TrailingText) || !(rest.is_empty() || envelope_end) {
        return None;
    }
    parsed.repairs.insert(0, Repair::EscapedQuotes);
    if !rest.is_empty() {
        parsed.repairs.push(Repair::TrailingText);
    }
    Some(parsed)
}

/// Where the document starts in a line that labels it (`Info UPDATE: {"info":...}`).
fn labelled_document(line: &str) -> Option<usize> {
    let document = line.find(['{', '['])?;
    let label = line[..document].trim_end().trim_end_matches('`').trim_end();
    let is_label = label.ends_with(':') && !label.contains(['"', '\'', '“', '”', '`', ']', '}']);
    (is_label && starts_document(&line[document..])).then_some(document)
}

const QUOTES: [char; 4] = ['"', '\'', '“', '”'];

/// A list of possible values, one literal example each: `'a' | 'b'`, `[“a” | “b”]`,
/// `"a", "b"`. Words without quotes count only between `|`.
fn alternatives(line: &str) -> Option<Vec<&str>> {
    let inner = line
        .strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .unwrap_or(line);
    let piped = inner.contains('|');
    let parts: Vec<&str> = inner
        .split(['|', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty() && !is_filler(p))
        .collect();
    let is_word = |p: &str| !p.contains(char::is_whitespace) && !p.contains(['{', '}', '[', ']']);
    let fits = |p: &&str| {
        let unquoted = p.trim_matches(QUOTES);
        let quoted = p.starts_with(QUOTES) && !unquoted.is_empty() && !unquoted.contains(QUOTES);
        quoted || (piped && is_word(p))
    };
    (parts.len() > 1 && parts.iter().all(fits)).then_some(parts)
}

/// A plain value: a quoted text, a number, `true`/`false`/`null`, or any other text that is
/// not a piece of a JSON document (`"key":"value"`, `},`).
fn plain_value(raw: &str) -> Option<Json> {
    if raw.contains(['{', '}']) || raw.contains("\":") || raw.contains("”:") {
        return None;
    }
    if let Ok(value) = serde_json::from_str::<Json>(raw) {
        if !value.is_object() && !value.is_array() {
            return Some(value);
        }
    }
    let unquoted = raw.trim_matches(QUOTES);
    let quoted = raw.starts_with(QUOTES) && !unquoted.contains(QUOTES);
    Some(Json::String(if quoted { unquoted } else { raw }.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn info(feature: Option<&str>, category: Option<&str>, key: &str, wire: Json) -> Payload {
        Payload::Info {
            feature: feature.map(str::to_owned),
            category: category.map(str::to_owned),
            key: key.to_owned(),
            value: super::wire(&wire),
        }
    }

    fn event(name: &str, data: Json) -> Payload {
        Payload::Event {
            name: name.to_owned(),
            data: wire(&data),
        }
    }

    fn bare(value: Json) -> Payload {
        Payload::Bare {
            value: wire(&value),
        }
    }

    /// Reads a block and returns its single example.
    fn one(text: &str) -> Example {
        let (mut examples, _) = read_examples(text, 1);
        assert_eq!(examples.len(), 1, "{text}: {examples:#?}");
        examples.remove(0)
    }

    /// The payload of an example that has at most one.
    fn payload(example: &Example) -> Option<Payload> {
        assert!(example.payloads.len() <= 1, "{example:#?}");
        example.payloads.first().cloned()
    }

    fn decoded(payload: &Payload) -> Option<&Json> {
        match payload {
            Payload::Info { value, .. } | Payload::Bare { value } => value.decoded.as_ref(),
            Payload::Event { data, .. } => data.decoded.as_ref(),
        }
    }

    #[test]
    fn envelopes() {
        let cases = [
            (
                json!({"info":{"me":{"name":"Shargaas"}},"feature":"me"}),
                vec![info(Some("me"), Some("me"), "name", json!("Shargaas"))],
            ),
            (
                json!({"info":{"match_info":{"kills":"3","deaths":"1"}},"feature":"stats"}),
                vec![
                    info(Some("stats"), Some("match_info"), "kills", json!("3")),
                    info(Some("stats"), Some("match_info"), "deaths", json!("1")),
                ],
            ),
            (
                json!({"info":{"match_info":{"key":"notable","value":"x"}},"feature":"match_info"}),
                vec![info(
                    Some("match_info"),
                    Some("match_info"),
                    "notable",
                    json!("x"),
                )],
            ),
            (
                json!({"info":{"roster":"{}"}}),
                vec![info(None, None, "roster", json!("{}"))],
            ),
            (
                json!({"feature":"gep_internal","category":"gep_internal","key":"version_info","value":"1"}),
                vec![info(
                    Some("gep_internal"),
                    Some("gep_internal"),
                    "version_info",
                    json!("1"),
                )],
            ),
            (
                json!({"category":"game_info","key":"phase","data":"lobby"}),
                vec![info(None, Some("game_info"), "phase", json!("lobby"))],
            ),
            (
                json!({"events":[{"name":"kill","data":"1"},{"name":"death"}]}),
                vec![event("kill", json!("1")), event("death", Json::Null)],
            ),
            (
                json!({"events":[{"name":"kill","data":""}],"feature":"kill"}),
                vec![event("kill", json!(""))],
            ),
            (
                json!({"name":"damage","data":7}),
                vec![event("damage", json!(7))],
            ),
            // Not envelopes: extra members, wrong types, empty lists.
            (
                json!({"info":{"me":{"a":1}},"feature":"me","extra":1}),
                vec![bare(
                    json!({"info":{"me":{"a":1}},"feature":"me","extra":1}),
                )],
            ),
            (json!({"events":[]}), vec![bare(json!({"events":[]}))]),
            (
                json!({"info":{"me":{}},"feature":"me"}),
                vec![bare(json!({"info":{"me":{}},"feature":"me"}))],
            ),
            (
                json!({"info":{"me":{"a":1}},"feature":7}),
                vec![bare(json!({"info":{"me":{"a":1}},"feature":7}))],
            ),
            (
                json!({"events":[{"name":"a","data":1},{"name":"b","x":2}]}),
                vec![bare(
                    json!({"events":[{"name":"a","data":1},{"name":"b","x":2}]}),
                )],
            ),
            (
                json!({"events":[{"name":1,"data":""}]}),
                vec![bare(json!({"events":[{"name":1,"data":""}]}))],
            ),
            (
                json!({"key":"a","value":1,"data":2}),
                vec![bare(json!({"key":"a","value":1,"data":2}))],
            ),
            (
                json!({"name":"x","value":"1"}),
                vec![bare(json!({"name":"x","value":"1"}))],
            ),
            (json!([1, 2]), vec![bare(json!([1, 2]))]),
            (json!("victory"), vec![bare(json!("victory"))]),
        ];
        for (value, expected) in cases {
            assert_eq!(normalise(value.clone()), expected, "{value}");
        }
    }

    #[test]
    fn documents_read_inside_strings_decode_as_when_read_again() {
        let text = r#"{"info":{"m":{"log":"{"a":"x","b":[1,{"c":null}]}","pos":"{"x":1.5}"}},"feature":"m"}"#;
        let (examples, _) = read_examples(text, 1);
        assert_eq!(examples.len(), 1);
        assert_eq!(examples[0].payloads.len(), 2);
        for payload in &examples[0].payloads {
            let Payload::Info { value, .. } = payload else {
                panic!("{payload:?}");
            };
            assert!(value.decoded.is_some());
            assert_eq!(value, &wire(&value.wire));
        }
    }

    #[test]
    fn an_example_of_many_keys_keeps_its_text_once() {
        // One copy of the text per key made a 300 kB example of 10,000 keys take 3 GB.
        let keys: Vec<String> = (0..1000).map(|i| format!(r#""key_{i}":"{i}""#)).collect();
        let text = format!(
            r#"{{"info":{{"match_info":{{{}}}}},"feature":"match_info"}}"#,
            keys.join(",")
        );
        let (examples, _) = read_examples(&text, 7);
        assert_eq!(examples.len(), 1);
        assert_eq!(examples[0].raw, text);
        assert_eq!(examples[0].payloads.len(), 1000);
        assert_eq!(
            examples[0].payloads[999],
            info(
                Some("match_info"),
                Some("match_info"),
                "key_999",
                json!("999")
            )
        );
        let each: Vec<_> = examples[0].each_payload().collect();
        assert_eq!(each.len(), 1000);
        assert!(each
            .iter()
            .all(|p| p.line == 7 && p.status == ExampleStatus::Valid));
    }

    #[test]
    fn wire_values_decode_embedded_documents() {
        let cases = [
            (json!(r#"{"x":"93"}"#), Some(json!({"x": "93"}))),
            (json!(r#"[{"a":1}]"#), Some(json!([{"a": 1}]))),
            (
                json!("{\r\n  \"team_ct\": 6,\r\n  \"team_t\": 2\r\n}"),
                Some(json!({"team_ct": 6, "team_t": 2})),
            ),
            (
                json!(r#"``{"in_progress":true}"#),
                Some(json!({"in_progress": true})),
            ),
            (json!(r#"{"a":"b",}"#), Some(json!({"a": "b"}))),
            (json!("null"), Some(Json::Null)),
            (json!("nulll"), Some(Json::Null)),
            (json!("15"), None),
            (json!("true"), None),
            (json!("[x] done"), None),
            (json!("{placeholder}"), None),
            (json!("{damage: integer}"), None),
            (
                json!(r#"{"gold":"717", total_gold:"1119"}"#),
                Some(json!({"gold": "717", "total_gold": "1119"})),
            ),
            (json!(""), None),
            (json!(3), None),
        ];
        for (value, expected) in cases {
            assert_eq!(wire(&value).decoded, expected, "{value}");
        }
    }

    #[test]
    fn seed_lines_with_unescaped_embedded_documents() {
        // From the seed pages (003 Apex Markdown, 002 Dota 2 text, 000 World of Tanks).
        let cases = [
            (
                r#"{"feature":"gep_internal","category":"gep_internal","key":"version_info","value":"{"local_version":"143.0.10","public_version":"143.0.10","is_updated":true}"}"#,
                json!({"local_version":"143.0.10","public_version":"143.0.10","is_updated":true}),
            ),
            (
                r#"{"info":{"me":{"ultimate_cooldown":"{"ultimate_cooldown":"20"}"}},"feature":"me"}"#,
                json!({"ultimate_cooldown": "20"}),
            ),
            (
                r#"{"info":{"match_info":{"roster_13":"{"name":"ilgaru88","isTeammate":true,"team_id":12,"platform_hw":2,"platform_sw":2,"state":"alive"}"}},"feature":"roster"}"#,
                json!({"name":"ilgaru88","isTeammate":true,"team_id":12,"platform_hw":2,"platform_sw":2,"state":"alive"}),
            ),
            (
                r#"{"events":[{"name":"kill_feed","data":"{"local_player_name":"Shargaas","attackerName":"shayan3200", "victimName":"i999n","weaponName":"alternator","action":"knockdown"}"}]}"#,
                json!({"local_player_name":"Shargaas","attackerName":"shayan3200","victimName":"i999n","weaponName":"alternator","action":"knockdown"}),
            ),
            (
                r#"{"events":[{"name":"game_state_changed","data":"{"game_state": "playing", "match_state": "DOTA_GAMERULES_STATE_INIT", "match_id": "0", "player_steam_id": "76561197971316549", "player_team": "radiant"}"}]}"#,
                json!({"game_state":"playing","match_state":"DOTA_GAMERULES_STATE_INIT","match_id":"0","player_steam_id":"76561197971316549","player_team":"radiant"}),
            ),
            (
                r#"{"events":[{"name":"hero_ability_used","data":"{"slot":0,"name":"sven_storm_bolt","level":4, "can_cast":false,"passive":false,"ability_active":true,"cooldown":7,"ultimate":false}"}]}"#,
                json!({"slot":0,"name":"sven_storm_bolt","level":4,"can_cast":false,"passive":false,"ability_active":true,"cooldown":7,"ultimate":false}),
            ),
        ];
        for (text, document) in cases {
            let example = one(text);
            assert_eq!(example.status, ExampleStatus::Repaired, "{text}");
            assert_eq!(example.raw, text);
            let payload = &payload(&example).unwrap();
            assert_eq!(decoded(payload), Some(&document), "{text}");
        }
    }

    #[test]
    fn valid_example_with_escaped_document() {
        let text = r#"{"info":{"me":{"ultimate_cooldown":"{\"ultimate_cooldown\":\"15\"}"}},"feature":"me"}"#;
        let (examples, diagnostics) = read_examples(text, 42);
        assert!(diagnostics.is_empty());
        assert_eq!(examples.len(), 1);
        assert_eq!(examples[0].line, 42);
        assert_eq!(examples[0].status, ExampleStatus::Valid);
        assert_eq!(
            payload(&examples[0]),
            Some(Payload::Info {
                feature: Some("me".into()),
                category: Some("me".into()),
                key: "ultimate_cooldown".into(),
                value: WireValue {
                    wire: json!(r#"{"ultimate_cooldown":"15"}"#),
                    decoded: Some(json!({"ultimate_cooldown": "15"})),
                },
            })
        );
    }

    #[test]
    fn several_examples_per_line_and_per_block_with_exact_lines() {
        let text = concat!(
            "{\"events\":[{\"name\":\"match_outcome\",\"data\":\"defeat\"}]}\n",
            "{\"events\":[{\"name\":\"match_outcome\",\"data\":\"victory\"}]}\n",
            "\n",
            "// OR\n",
            "{\"info\":{\"m\":{\"s\":\"{\"a\":true}\"}},\"feature\":\"m\"}{\"info\":{\"m\":{\"s\":\"{\"a\":false}\"}},\"feature\":\"m\"}\n",
            "{\"name\":\"a\",\"data\":\"1\"}, {\"name\":\"b\",\"data\":\"2\"}`\n",
        );
        let (examples, diagnostics) = read_examples(text, 10);
        let summary: Vec<(u32, ExampleStatus)> =
            examples.iter().map(|e| (e.line, e.status)).collect();
        use ExampleStatus::*;
        assert_eq!(
            summary,
            [
                (10, Valid),
                (11, Valid),
                (14, Repaired),
                (14, Repaired),
                (15, Valid),
                (15, Valid)
            ]
        );
        assert_eq!(
            examples[3].raw,
            r#"{"info":{"m":{"s":"{"a":false}"}},"feature":"m"}"#
        );
        assert_eq!(examples[5].raw, r#"{"name":"b","data":"2"}"#);
        assert_eq!(
            decoded(&payload(&examples[3]).unwrap()),
            Some(&json!({"a": false}))
        );
        assert_eq!(diagnostics.len(), 2);
        assert!(diagnostics.iter().all(|d| d.code == Code::RepairedExample
            && d.line == Some(14)
            && d.message.contains("unescaped quotes")));
    }

    #[test]
    fn one_document_over_several_lines() {
        let text = "intro is not here\n{\n  \"info\": {\n    \"me\": {\"name\": \"x\"}\n  },\n  \"feature\": \"me\"\n}\n{\"name\":\"kill\",\"data\":\"\"}";
        let (examples, _) = read_examples(text, 100);
        let lines: Vec<u32> = examples.iter().map(|e| e.line).collect();
        assert_eq!(lines, [100, 101, 107]);
        assert_eq!(examples[0].status, ExampleStatus::Literal);
        assert_eq!(examples[1].status, ExampleStatus::Valid);
        assert!(examples[1].raw.starts_with("{\n") && examples[1].raw.ends_with("\n}"));
        assert_eq!(
            payload(&examples[1]),
            Some(info(Some("me"), Some("me"), "name", json!("x")))
        );
    }

    #[test]
    fn multi_line_embedded_document_with_elision() {
        let text = concat!(
            "{\"feature\":\"match_info\",\"category\":\"match_info\",\"key\":\"items_stats\",\"value\":\"[\n",
            "    {\"name\":\".stone_sword\",\"value\":\"1\"},\n",
            "...\n",
            "    {\"name\":\"ead\",\"value\":\"13\"}]\"}\n",
        );
        let example = one(text);
        assert_eq!(example.status, ExampleStatus::Repaired);
        assert_eq!(
            decoded(&payload(&example).unwrap()),
            Some(&json!([{"name": ".stone_sword", "value": "1"}, {"name": "ead", "value": "13"}]))
        );
    }

    #[test]
    fn unreadable_example_spans_its_lines_and_says_where() {
        let text = concat!(
            "{\"feature\":\"m\",\"key\":\"general_stats\",\"value\":\"[\n",
            "    {\"name\":\"clean_banner\",\"value\":\"0\"},\n",
            "    {\"name\":\"jump\",\"value\":\"4872\"}\n",
        );
        let (examples, diagnostics) = read_examples(text, 7);
        assert_eq!(examples.len(), 1, "{examples:#?}");
        assert_eq!(examples[0].status, ExampleStatus::Unreadable);
        assert_eq!(examples[0].line, 7);
        assert_eq!(examples[0].raw, text.trim_end());
        assert_eq!(payload(&examples[0]), None);
        // The emitters still see it, as one item without a payload.
        let each: Vec<_> = examples[0].each_payload().map(|p| p.payload).collect();
        assert_eq!(each, vec![None]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::UnreadableExample);
        assert_eq!(diagnostics[0].line, Some(7));
        assert!(
            diagnostics[0].message.contains("(at its end)"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn unreadable_example_leaves_the_next_one_readable() {
        let text =
            "{\"info\":{\"m\":{\"score\",\"value\":\"1\"}}}\n{\"name\":\"kill\",\"data\":\"1\"}";
        let (examples, diagnostics) = read_examples(text, 1);
        let statuses: Vec<_> = examples.iter().map(|e| (e.line, e.status)).collect();
        assert_eq!(
            statuses,
            [(1, ExampleStatus::Unreadable), (2, ExampleStatus::Valid)]
        );
        assert!(
            diagnostics[0].message.contains("(column 22)"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn plain_values_are_literals() {
        let (examples, diagnostics) =
            read_examples("`'hangar_v2' | 'hangar_bootcamp' | '05_prohorovka'`", 132);
        assert!(diagnostics.is_empty());
        let values: Vec<_> = examples
            .iter()
            .map(|e| (e.line, e.raw.as_str(), e.status, payload(e)))
            .collect();
        assert_eq!(
            values,
            [
                (
                    132,
                    "'hangar_v2'",
                    ExampleStatus::Literal,
                    Some(bare(json!("hangar_v2")))
                ),
                (
                    132,
                    "'hangar_bootcamp'",
                    ExampleStatus::Literal,
                    Some(bare(json!("hangar_bootcamp")))
                ),
                (
                    132,
                    "'05_prohorovka'",
                    ExampleStatus::Literal,
                    Some(bare(json!("05_prohorovka")))
                ),
            ]
        );
        let id = one("`0c0ea3df-97ea-4d3a-b1f6-f8e34042251f`");
        assert_eq!(id.status, ExampleStatus::Literal);
        assert_eq!(
            payload(&id),
            Some(bare(json!("0c0ea3df-97ea-4d3a-b1f6-f8e34042251f")))
        );
        assert_eq!(payload(&one("42")), Some(bare(json!(42))));
        assert_eq!(payload(&one("\"null\"")), Some(bare(json!("null"))));
        // A server name with `|` inside is one value, not alternatives.
        assert_eq!(
            payload(&one("RU | ALTAI AWP 128tick")),
            Some(bare(json!("RU | ALTAI AWP 128tick")))
        );
    }

    #[test]
    fn keys_padded_inside_their_quotes_are_read_trimmed_unless_taken() {
        let text = r#"{"cards":[{"count":1},{"count         ":2,"id":"a"},{"id ":"b","id":"c"}]}"#;
        let (examples, diagnostics) = read_examples(text, 4);
        assert_eq!(
            payload(&examples[0]),
            Some(bare(
                json!({"cards":[{"count":1},{"count":2,"id":"a"},{"id ":"b","id":"c"}]})
            ))
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].line, Some(4));
        assert!(diagnostics[0].message.contains(r#"`"count         "`"#));
        // Inside a document carried in a string too.
        let text = r#"{"info":{"decks":{"deck":"{\"count \":3}"}}}"#;
        let (examples, _) = read_examples(text, 1);
        let Some(Payload::Info { value, .. }) = payload(&examples[0]) else {
            panic!("{examples:?}");
        };
        assert_eq!(value.decoded, Some(json!({"count": 3})));
    }

    #[test]
    fn lists_of_possible_values() {
        let cases: [(&str, &[&str]); 6] = [
            (
                "[“Lobby” | “Private” | “Online”]",
                &["Lobby", "Private", "Online"],
            ),
            (
                "[“waitingForPlayers” | “countdown | “active”]",
                &["waitingForPlayers", "countdown", "active"],
            ),
            (
                r#""Knife", "Pistol", "Machine Gun""#,
                &["Knife", "Pistol", "Machine Gun"],
            ),
            (
                "[“soccer” | “basketball”, “hockey”]",
                &["soccer", "basketball", "hockey"],
            ),
            ("a | b | ...", &["a", "b"]),
            ("['hangar' | 'battle']", &["hangar", "battle"]),
        ];
        for (line, values) in cases {
            let (examples, diagnostics) = read_examples(line, 9);
            assert!(diagnostics.is_empty(), "{line}: {diagnostics:?}");
            let read: Vec<Option<Payload>> = examples.iter().map(payload).collect();
            let expected: Vec<Option<Payload>> =
                values.iter().map(|v| Some(bare(json!(v)))).collect();
            assert_eq!(read, expected, "{line}");
            assert!(examples
                .iter()
                .all(|e| e.line == 9 && e.status == ExampleStatus::Literal));
        }
        // Valid JSON stays one document; prose with commas stays one text.
        assert_eq!(payload(&one(r#"["a","b"]"#)), Some(bare(json!(["a", "b"]))));
        assert_eq!(
            payload(&one(r#"Competitive mode on "Dust II" map"#)),
            Some(bare(json!(r#"Competitive mode on "Dust II" map"#)))
        );
    }

    #[test]
    fn a_block_that_is_a_list_of_text_values_is_the_value_list() {
        let values = |text: &str| {
            value_list(text).map(|values| {
                (values.into_iter())
                    .map(|v| v.value)
                    .collect::<Vec<String>>()
            })
        };
        assert_eq!(
            values("['hangar' | 'battle' | 'training']"),
            Some(vec!["hangar".into(), "battle".into(), "training".into()])
        );
        assert_eq!(
            values("`'hangar_v2' | 'hangar_bootcamp'`\n"),
            Some(vec!["hangar_v2".into(), "hangar_bootcamp".into()])
        );
        assert_eq!(
            values("lobby | in_game | ..."),
            Some(vec!["lobby".into(), "in_game".into()])
        );
        assert_eq!(
            values(r#""Knife", "Machine Gun""#),
            Some(vec!["Knife".into(), "Machine Gun".into()])
        );
        // Numbers and literals keep their type as examples; JSON is a document; one value, a
        // text with `|` inside, or a list among other lines is no list of values.
        for text in [
            "1 | 2 | 3",
            "'on' | null",
            r#"["a","b"]"#,
            "'hangar'",
            "RU | ALTAI AWP 128tick",
            "'a' | 'b'\n{\"x\":1}",
        ] {
            assert_eq!(values(text), None, "{text}");
        }
    }

    #[test]
    fn placeholders_for_values_make_a_structure() {
        let (examples, diagnostics) = read_examples(
            r#"{ "team": teamId, "hero": heroId, "level": level (int), "name": "player name" }"#,
            12,
        );
        assert_eq!(examples[0].status, ExampleStatus::Structure);
        assert_eq!(
            payload(&examples[0]),
            Some(bare(
                json!({"team": null, "hero": null, "level": 0, "name": "player name"})
            ))
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, Code::StructureExample);
        assert_eq!(diagnostics[0].line, Some(12));
        assert!(diagnostics[0]
            .message
            .contains("`teamId`, `heroId`, `level (int)`"));
        // Inside a document carried in a string too.
        let example =
            one(r#"{"info":{"roster":{"party":"[{"steamId":steamId 1,"isLeader":true}]"}}}"#);
        assert_eq!(example.status, ExampleStatus::Structure);
        // A bare word for the whole value, or for an envelope member, is a slip of a real
        // example: the value is the word.
        let victory = one(r#"{"events":[{"name":"match_end","data":victory}]}"#);
        assert_eq!(victory.status, ExampleStatus::Repaired);
        assert_eq!(
            payload(&victory),
            Some(event("match_end", json!("victory")))
        );
        let region = one(r#"{"info":{"summoner_info":{"region":"EUNE"}},"feature":summoner_info}"#);
        assert_eq!(region.status, ExampleStatus::Repaired);
        // Misspelt literals are repaired as literals, not placeholders.
        assert_eq!(one(r#"{"a":{"b":nulll}}"#).status, ExampleStatus::Repaired);
    }

    #[test]
    fn label_before_a_document() {
        let example =
            one(r#"Info UPDATE: {"info":{"game_info":{"phase":"lobby"}},"feature":"game_info"}"#);
        assert_eq!(example.status, ExampleStatus::Valid);
        assert_eq!(
            example.raw,
            r#"{"info":{"game_info":{"phase":"lobby"}},"feature":"game_info"}"#
        );
        assert_eq!(
            payload(&example),
            Some(info(
                Some("game_info"),
                Some("game_info"),
                "phase",
                json!("lobby")
            ))
        );
    }

    #[test]
    fn typographic_quotes_are_repaired() {
        let example = one("{“event”:”match_start”,“data”:”null”}");
        assert_eq!(example.status, ExampleStatus::Repaired);
        assert_eq!(payload(&example), Some(event("match_start", json!("null"))));
    }

    #[test]
    fn members_without_braces() {
        let text = "\"events\": [{\n    \"name\": \"kill_feed\",\n\t\"data\": {\"weaponName\": \"Bleed Out\"}\n}]\n\n\"team\":\"chaos\"\n\"team\":\"order\",";
        let (examples, diagnostics) = read_examples(text, 20);
        let read: Vec<(u32, ExampleStatus, Option<Payload>)> = examples
            .iter()
            .map(|e| (e.line, e.status, payload(e)))
            .collect();
        assert_eq!(
            read,
            [
                (
                    20,
                    ExampleStatus::Repaired,
                    Some(event("kill_feed", json!({"weaponName": "Bleed Out"})))
                ),
                (
                    25,
                    ExampleStatus::Repaired,
                    Some(bare(json!({"team": "chaos"})))
                ),
                (
                    26,
                    ExampleStatus::Repaired,
                    Some(bare(json!({"team": "order"})))
                ),
            ]
        );
        assert!(diagnostics[0]
            .message
            .contains("members without their enclosing braces"));
        assert_eq!(examples[0].raw, text.split("\n\n").next().unwrap());
    }

    #[test]
    fn document_with_all_quotes_escaped() {
        let example = one(r#"{\"team_state\":\"active\"}"#);
        assert_eq!(example.status, ExampleStatus::Repaired);
        assert_eq!(
            payload(&example),
            Some(bare(json!({"team_state": "active"})))
        );
        // Copied out of its envelope with the string's closing quote and brace.
        let text = r#"{\"team\":{\"size\":2},\"tags\":[]}"}"#;
        let (examples, diagnostics) = read_examples(text, 1);
        assert_eq!(examples[0].status, ExampleStatus::Repaired);
        assert_eq!(
            payload(&examples[0]),
            Some(bare(json!({"team": {"size": 2}, "tags": []})))
        );
        assert!(diagnostics[0].message.contains("text after the document"));
        // Other text after it is no envelope: still unreadable.
        let example = one(r#"{\"team_state\":\"active\"} and more"#);
        assert_eq!(example.status, ExampleStatus::Unreadable);
    }

    #[test]
    fn fragments_and_fillers() {
        let (examples, diagnostics) = read_examples(
            "...\n// comment\nOR\nPrivacy mode:\n* nickname - the name\n<details>\nconsole.log(info);\n:true,\"hero\":\"wisp\"},\n",
            1,
        );
        assert_eq!(examples.len(), 1);
        assert_eq!(examples[0].line, 8);
        assert_eq!(examples[0].status, ExampleStatus::Unreadable);
        assert_eq!(diagnostics[0].code, Code::UnreadableExample);
        assert!(read_examples("", 1).0.is_empty());
        assert!(read_examples(" \n ``` \n", 1).0.is_empty());
    }

    #[test]
    fn trailing_text_is_a_repair() {
        let example = one(r#"{"GameID":2,"LocalPlayerWon":false}"}"#);
        assert_eq!(example.status, ExampleStatus::Repaired);
        assert_eq!(example.raw, r#"{"GameID":2,"LocalPlayerWon":false}"#);
    }

    #[test]
    fn repairs_are_named_in_the_diagnostic() {
        let (_, diagnostics) = read_examples(r#"{"events":[{"name":"x","data":nulll},]}"#, 3);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].severity, crate::ir::Severity::Info);
        assert_eq!(diagnostics[0].line, Some(3));
        assert_eq!(
            diagnostics[0].message,
            "example is not valid JSON, read it by repairing a misspelt null, true or false, \
             a trailing comma; fix it on the page"
        );
    }

    #[test]
    fn example_starts() {
        for line in [
            r#"{"info":{}}"#,
            "  {",
            "`{\"a\":1}`",
            "{ 'a': 1 }",
            "[{\"a\":1}]",
            "[1,2]",
            "[",
        ] {
            assert!(looks_like_example(line), "{line}");
        }
        for line in [
            "{damage: integer}",
            "{x} is the player",
            "[link](url)",
            "text {\"a\":1}",
            "",
        ] {
            assert!(!looks_like_example(line), "{line}");
        }
    }

    #[test]
    fn event_envelopes_without_the_events_list() {
        let cases = [
            (
                r#"{"event":"match_start","data":"null"}"#,
                "match_start",
                json!("null"),
            ),
            (
                r#"{"event":"mvp","value":{"totalMvps":1}}"#,
                "mvp",
                json!({"totalMvps": 1}),
            ),
            (
                r#"{"event":"kill","data":"1","feature":"combat"}"#,
                "kill",
                json!("1"),
            ),
            (
                r#"{"name":"kill","data":"1","gameId":21566}"#,
                "kill",
                json!("1"),
            ),
        ];
        for (text, name, data) in cases {
            assert_eq!(payload(&one(text)), Some(event(name, data)), "{text}");
        }
        // A value with an `event` member and more is a value.
        let value = json!({"event": "kill", "data": "1", "round": 2});
        assert_eq!(
            payload(&one(r#"{"event":"kill","data":"1","round":2}"#)),
            Some(bare(value))
        );
    }

    #[test]
    fn envelopes_with_metadata_and_padded_member_names() {
        let text = r#"{"launcherClassId":10902,"feature":"end_game","info":{"end":{"stats":"1"}}}"#;
        assert_eq!(
            payload(&one(text)),
            Some(info(Some("end_game"), Some("end"), "stats", json!("1")))
        );
        let text = r#"{"category":"game_info","key":"weapons","value":"x","valueLength":1}"#;
        assert_eq!(
            payload(&one(text)),
            Some(info(None, Some("game_info"), "weapons", json!("x")))
        );
        // Pretty-printed text with unescaped inner quotes leaves spaces inside a name's quotes.
        let text = "{\"info\":{\"roster\":{\"roster\":\"x\"}},\"      feature\":\"roster\"}";
        assert_eq!(
            payload(&one(text)),
            Some(info(Some("roster"), Some("roster"), "roster", json!("x")))
        );
        // Metadata that is no id leaves the object a value.
        let text = r#"{"info":{"a":{"b":"1"}},"gameId":{"x":1}}"#;
        assert!(matches!(payload(&one(text)), Some(Payload::Bare { .. })));
    }

    /// A page with feature `match` (categories `match_info` and `players`: keys `mapName`,
    /// `score`, family `roster_XX`) and feature `combat` (event `kill`).
    fn wrapper_page() -> Vec<Feature> {
        let page = concat!(
            "## Available Features\n\n* match\n* combat\n\n## `match`\n\n### Info Updates\n\n",
            "key | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n",
            "mapName | match_info | The map | | 1.0 |\n",
            "score | match_info | The score | | 1.0 |\n",
            "roster_XX | players | A player | | 1.0 |\n\n",
            "## `combat`\n\n### Events\n\n",
            "Event | Event Data | Fired When | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n",
            "kill | victim | A kill | | 1.0 |\n",
        );
        crate::extract::extract(&crate::parse::parse_page(page, "x.md")).features
    }

    /// The payloads of `text` as an example in the note of `owner`.
    fn unwrapped(features: &[Feature], owner: Owner<'_>, text: &str) -> Vec<Payload> {
        let (examples, _) = read_examples(text, 1);
        let mut note = Note {
            name: String::new(),
            line: 1,
            text: String::new(),
            possible_values: Vec::new(),
            examples,
        };
        unwrap_partial_envelopes(&mut note, owner, &PageNames::new(features));
        note.examples.into_iter().flat_map(|e| e.payloads).collect()
    }

    #[test]
    fn partial_info_envelopes_are_taken_off() {
        let features = wrapper_page();
        let map = Owner::Info {
            key: "mapName",
            family: None,
        };
        let olympus = |feature: Option<&str>, category: Option<&str>| {
            vec![info(feature, category, "mapName", json!("Olympus"))]
        };
        let cases = [
            // Category wrapper, feature and category wrappers, key wrapper, `value` wrapper.
            (
                r#"{"match_info":{"mapName":"Olympus"}}"#,
                olympus(None, Some("match_info")),
            ),
            (
                r#"{"match":{"match_info":{"mapName":"Olympus"}}}"#,
                olympus(Some("match"), Some("match_info")),
            ),
            (r#"{"mapName":"Olympus"}"#, olympus(None, None)),
            (r#""value":"Olympus""#, olympus(None, None)),
            // The envelope's names beside the key.
            (
                r#"{"feature":"match","category":"match_info","mapName":"Olympus"}"#,
                olympus(Some("match"), Some("match_info")),
            ),
            // A wrapper around two keys of the category gives both.
            (
                r#"{"match_info":{"mapName":"Olympus","score":"3"}}"#,
                vec![
                    info(None, Some("match_info"), "mapName", json!("Olympus")),
                    info(None, Some("match_info"), "score", json!("3")),
                ],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(unwrapped(&features, map, text), expected, "{text}");
        }
        // A document inside the key's string is decoded as in an envelope.
        let deck = unwrapped(&features, map, r#"{"mapName":"{\"id\":1}"}"#);
        assert_eq!(decoded(&deck[0]), Some(&json!({"id": 1})));
        // A family member, in the family's own note and in a note of the feature.
        let roster = Owner::Info {
            key: "roster_XX",
            family: features[0].info_updates[2].family.as_ref(),
        };
        let expected = vec![info(None, Some("players"), "roster_3", json!(null))];
        let text = r#"{"players":{"roster_3":null}}"#;
        assert_eq!(unwrapped(&features, roster, text), expected);
        assert_eq!(unwrapped(&features, Owner::Feature, text), expected);
    }

    #[test]
    fn partial_event_envelopes_are_taken_off() {
        let features = wrapper_page();
        let kill = Owner::Event { name: "kill" };
        for text in [r#"{"kill":{"victim":"x"}}"#, r#"{"data":{"victim":"x"}}"#] {
            assert_eq!(
                unwrapped(&features, kill, text),
                vec![event("kill", json!({"victim": "x"}))],
                "{text}"
            );
        }
    }

    #[test]
    fn values_that_only_look_wrapped_stay_whole() {
        let features = wrapper_page();
        let map = Owner::Info {
            key: "mapName",
            family: None,
        };
        let whole = |text: &str| {
            let (examples, _) = read_examples(text, 1);
            examples
                .into_iter()
                .flat_map(|e| e.payloads)
                .collect::<Vec<_>>()
        };
        for text in [
            // Members that are no keys of the category, or a category of no key at all.
            r#"{"match_info":{"mapName":"Olympus","weather":"rain"}}"#,
            r#"{"weather":{"mapName":"Olympus"}}"#,
            // Another key's name is a field of this value, not a wrapper.
            r#"{"score":"3"}"#,
            r#"{"mapName":"Olympus","round":2}"#,
        ] {
            assert_eq!(unwrapped(&features, map, text), whole(text), "{text}");
        }
        // A note of the feature has no key or event of its own to unwrap.
        let text = r#"{"mapName":"Olympus"}"#;
        assert_eq!(unwrapped(&features, Owner::Feature, text), whole(text));
        // The key's enveloped example shows its value as an object with the key's name in it:
        // the bare object beside it is that value written out.
        let text = concat!(
            r#"{"info":{"match_info":{"mapName":"{\"mapName\":\"Olympus\"}"}},"feature":"match"}"#,
            "\n",
            r#"{"mapName":"Kings Canyon"}"#,
        );
        let payloads = unwrapped(&features, map, text);
        assert_eq!(payloads[1], bare(json!({"mapName": "Kings Canyon"})));
    }

    /// Big blocks of what costs most (broken documents, members, lists) read in linear time.
    #[test]
    fn big_blocks_finish_quickly() {
        for line in [
            "\"a\":1",
            "{\"a\":\"{\"b\":1}\"",
            "{\"a\":1",
            "[“a” | “b”]",
            "\"{\"x",
            "x",
        ] {
            let block = format!("{line}\n").repeat(20_000);
            let started = std::time::Instant::now();
            let (examples, _) = read_examples(&block, 1);
            assert!(!examples.is_empty(), "{line}");
            assert!(
                started.elapsed().as_secs() < 5,
                "{line}: {:?}",
                started.elapsed()
            );
        }
    }

    /// Every prefix and suffix of every example line of the vendored seed pages: no panic,
    /// and every example keeps a line inside the block.
    #[test]
    fn truncated_seed_examples_never_panic() {
        let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/docs");
        let mut lines = 0;
        for entry in std::fs::read_dir(docs).expect("spec/docs") {
            let page = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in page.lines().filter(|l| l.contains('{')) {
                lines += 1;
                let cuts = line.char_indices().map(|(i, _)| i).chain([line.len()]);
                for cut in cuts {
                    for piece in [&line[..cut], &line[cut..]] {
                        let (examples, _) = read_examples(piece, 5);
                        assert!(examples.iter().all(|e| e.line == 5), "{piece}");
                        let _ = lenient::parse(piece);
                    }
                }
            }
        }
        assert!(lines > 50, "seed pages not found or empty: {lines}");
    }
}
