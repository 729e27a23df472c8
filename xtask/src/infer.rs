//! Stage 3: value types for every info key and event.
//!
//! Evidence is weighed strongest first: data examples (what GEP actually sent), then
//! "Possible values" lists, then the table's Values / Event Data cell, then a plain string.
//! Examples are routed to the entry their payload names (a note may show several keys), and
//! an example that contradicts its table is reported.

use crate::extract::{drop_repeated_values, FastMap, FastSet};
use crate::ir::{
    Code, Diagnostic, Encoding, EnumValue, Evidence, ExampleStatus, Feature, Field, KeyFamily,
    Note, Payload, Shape, ValueType, WireValue,
};
use crate::json::{Json, Object};
use crate::SHORT_LIST;

/// Which entry of which feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Info(usize, usize),
    Event(usize, usize),
}

/// Infers the type of every entry, and reports examples that contradict their table.
pub fn infer(features: &mut [Feature], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = Seen::new(features);
    let entries = Entries::new(features);
    for (f, feature) in features.iter().enumerate() {
        let notes = feature
            .info_updates
            .iter()
            .enumerate()
            .filter_map(|(i, info)| Some((Some(Target::Info(f, i)), info.note.as_ref()?)))
            .chain(
                feature
                    .events
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| Some((Some(Target::Event(f, i)), e.note.as_ref()?))),
            )
            .chain(feature.notes.iter().map(|n| (None, n)));
        for (owner, note) in notes {
            route_examples(features, &entries, f, owner, note, &mut seen, diagnostics);
        }
    }
    for (f, feature) in features.iter_mut().enumerate() {
        for (i, info) in feature.info_updates.iter_mut().enumerate() {
            let examples = seen.take(Target::Info(f, i));
            let element = shows_one_element(&examples, info.note.as_ref(), &info.description);
            info.value = infer_entry(examples, info.note.as_ref(), &info.description);
            if element {
                info.value =
                    one_element_of_array(info.value.clone(), info.note.as_mut(), &info.description);
            }
        }
        for (i, event) in feature.events.iter_mut().enumerate() {
            let examples = seen.take(Target::Event(f, i));
            let cell = &event.data_description;
            let element = shows_one_element(&examples, event.note.as_ref(), cell);
            event.data = infer_entry(examples, event.note.as_ref(), cell);
            if element {
                event.data = one_element_of_array(event.data.clone(), event.note.as_mut(), cell);
            }
        }
    }
}

/// The example types seen for each entry, with their lines. One slot per entry of the page,
/// in page order: a Vec indexed by position costs less than a map keyed by [`Target`].
struct Seen {
    /// Per feature, the slot of its first info key; its events follow its info keys.
    starts: Vec<(usize, usize)>,
    slots: Vec<Vec<(ValueType, u32)>>,
    /// The types of the structures shown for each entry (see [`with_structures`]).
    structures: Vec<Vec<(ValueType, u32)>>,
}

impl Seen {
    fn new(features: &[Feature]) -> Self {
        let mut starts = Vec::with_capacity(features.len());
        let mut len = 0;
        for feature in features {
            starts.push((len, len + feature.info_updates.len()));
            len += feature.info_updates.len() + feature.events.len();
        }
        let mut slots = Vec::new();
        slots.resize_with(len, Vec::new);
        Self {
            starts,
            structures: vec![Vec::new(); len],
            slots,
        }
    }

    fn slot(&self, target: Target) -> usize {
        match target {
            Target::Info(f, i) => self.starts[f].0 + i,
            Target::Event(f, i) => self.starts[f].1 + i,
        }
    }

    fn of(&mut self, target: Target) -> &mut Vec<(ValueType, u32)> {
        let slot = self.slot(target);
        &mut self.slots[slot]
    }

    /// The entry's examples, then its structures made to leave the examples' fields as
    /// they are (see [`with_structures`]).
    fn take(&mut self, target: Target) -> Vec<(ValueType, u32)> {
        let slot = self.slot(target);
        let examples = std::mem::take(&mut self.slots[slot]);
        let structures = std::mem::take(&mut self.structures[slot]);
        with_structures(examples, structures)
    }
}

fn route_examples(
    features: &[Feature],
    entries: &Entries<'_>,
    f: usize,
    owner: Option<Target>,
    note: &Note,
    seen: &mut Seen,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let feature_name = &features[f].name;
    for example in &note.examples {
        let line = example.line;
        for payload in &example.payloads {
            let (target, value) = match payload {
                Payload::Info {
                    feature,
                    category,
                    key,
                    value,
                } => {
                    let target = entries.find_info(features, f, category.as_deref(), key);
                    match target {
                        Some(Target::Info(tf, ti)) => {
                            let info = &features[tf].info_updates[ti];
                            if let Some(category) = category.as_ref().filter(|c| **c != info.category) {
                                diagnostics.push(Diagnostic::warning(line, Code::ExampleMismatch, format!(
                                    "example sends key `{key}` in category `{category}`, the table says `{}`; fix the example or the table",
                                    info.category
                                )));
                            }
                            check_feature(feature.as_deref(), &features[tf].name, key, line, diagnostics);
                        }
                        _ => diagnostics.push(Diagnostic::warning(line, Code::ExampleMismatch, format!(
                            "example sends info key `{key}`, which no Info Updates table lists (note `{}` in feature `{feature_name}`); fix the key or add it to the table",
                            note.name
                        ))),
                    }
                    // In a key's own note, an example of a key no table lists shows that key
                    // under another spelling (`queueId` for `queueID`): its value is evidence
                    // for the note's key, as the emitters accept it there.
                    let target = target.or(owner.filter(|o| matches!(o, Target::Info(..))));
                    (target, value)
                }
                Payload::Event { name, data } => {
                    let target = entries.find_event(f, name);
                    if target.is_none() {
                        diagnostics.push(Diagnostic::warning(line, Code::ExampleMismatch, format!(
                            "example fires event `{name}`, which no Events table lists (note `{}` in feature `{feature_name}`); fix the name or add it to the table",
                            note.name
                        )));
                    }
                    (target, data)
                }
                Payload::Bare { value } => (owner, value),
            };
            if let Some(target) = target {
                let mut ty = type_of_wire(value);
                if example.status == ExampleStatus::Structure {
                    unknown_placeholders(&mut ty);
                    let slot = seen.slot(target);
                    seen.structures[slot].push((ty, line));
                } else {
                    seen.of(target).push((ty, line));
                }
            }
        }
    }
}

/// Whether an entry's examples show one item of the array its cell says the value is ("A
/// string holding a JSON array of player objects" beside `{"steamId":...}`): every example is
/// a bare object in the entry's own note (one sent in an envelope is a whole value, whatever
/// the cell says). Read as the value, such an item made the type an object, and the page's
/// next example of the whole array read as a breaking object → array change.
fn shows_one_element(examples: &[(ValueType, u32)], note: Option<&Note>, cell: &str) -> bool {
    let Some(note) = note else { return false };
    let bare_objects = (note.examples.iter())
        .filter(|e| e.status != ExampleStatus::Structure)
        .flat_map(|e| &e.payloads)
        .filter(|p| matches!(p, Payload::Bare { value } if value.wire.is_object()))
        .count();
    let objects = (examples.iter())
        .filter(|(ty, _)| matches!(ty.shape, Shape::Object { .. }))
        .count();
    says_array(cell) && objects > 0 && objects == examples.len() && objects == bare_objects
}

/// Whether a cell says the value is an array or list of items: "Array of ...", "A string
/// holding a JSON array of ...", "List of ...". Only the cell's opening words count: "An
/// object with an array of items" is an object.
fn says_array(cell: &str) -> bool {
    array_cell(cell).is_some()
}

/// How the array a cell names travels: in a string when the cell says so ("A string holding
/// a JSON array"), else as the examples show. `None` when the cell names no array.
fn array_cell(cell: &str) -> Option<Option<Encoding>> {
    let mut text = cell.trim().to_lowercase();
    let mut in_string = false;
    loop {
        let prefixes = [
            "a ",
            "an ",
            "the ",
            "json ",
            "string holding ",
            "string containing ",
        ];
        let Some((i, rest)) = (prefixes.iter().enumerate())
            .find_map(|(i, prefix)| Some((i, text.strip_prefix(prefix)?)))
        else {
            break;
        };
        in_string |= i >= 4;
        text = rest.trim_start().to_owned();
    }
    (text.starts_with("array") || text.starts_with("list of"))
        .then_some(in_string.then_some(Encoding::String))
}

/// The type of an array of the items the examples show; the examples become
/// [`ExampleStatus::Element`], no doc example of the whole value.
fn one_element_of_array(item: ValueType, note: Option<&mut Note>, cell: &str) -> ValueType {
    if !matches!(item.shape, Shape::Object { .. }) {
        return item;
    }
    for example in note.into_iter().flat_map(|n| &mut n.examples) {
        let bare = (example.payloads.iter()).any(|p| matches!(p, Payload::Bare { .. }));
        if bare && example.status != ExampleStatus::Structure {
            example.status = ExampleStatus::Element;
        }
    }
    let ValueType {
        shape,
        encoding,
        nullable,
        evidence,
    } = item;
    ValueType {
        shape: Shape::Array {
            items: Box::new(ValueType {
                shape,
                encoding: Encoding::Native,
                nullable: false,
                evidence: Evidence::Default,
            }),
        },
        encoding: array_cell(cell).flatten().unwrap_or(encoding),
        nullable,
        evidence,
    }
}

/// A structure describes a value, often not all of it: a field the examples show and the
/// structure leaves out is no less present for that. Each structure gets the examples' fields
/// it lacks (of unknown type, required), so that merging makes only the fields the structure
/// alone names optional. Without examples the structures are the evidence as they are.
fn with_structures(
    mut examples: Vec<(ValueType, u32)>,
    structures: Vec<(ValueType, u32)>,
) -> Vec<(ValueType, u32)> {
    if examples.is_empty() {
        return structures;
    }
    for (mut structure, line) in structures {
        for (example, _) in &examples {
            complete_fields(&mut structure, example);
        }
        examples.push((structure, line));
    }
    examples
}

fn complete_fields(structure: &mut ValueType, example: &ValueType) {
    let (Shape::Object { fields }, Shape::Object { fields: shown }) =
        (&mut structure.shape, &example.shape)
    else {
        return;
    };
    for field in shown {
        match fields.iter_mut().find(|f| f.name == field.name) {
            Some(own) => complete_fields(&mut own.value, &field.value),
            None => fields.push(Field {
                name: field.name.clone(),
                value: plain(Shape::Any, Encoding::Native),
                optional: false,
            }),
        }
    }
}

/// In a structure (see [`crate::examples`]), a `null` stands for a placeholder that names no
/// type: a value of unknown type, which the other examples may tell, not a reset.
fn unknown_placeholders(ty: &mut ValueType) {
    if ty.shape == Shape::Any {
        ty.nullable = false;
    }
    match &mut ty.shape {
        Shape::Object { fields } => {
            for field in fields {
                unknown_placeholders(&mut field.value);
            }
        }
        Shape::Array { items } => unknown_placeholders(items),
        Shape::Map { values } => unknown_placeholders(values),
        _ => {}
    }
}

fn check_feature(
    sent: Option<&str>,
    expected: &str,
    key: &str,
    line: u32,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(sent) = sent.filter(|s| *s != expected) {
        diagnostics.push(Diagnostic::warning(
            line,
            Code::ExampleMismatch,
            format!("example sends key `{key}` under feature `{sent}`, the page lists it under `{expected}`; fix the example or move the key"),
        ));
    }
}

/// Where every info key and event of a page is, so that routing an example costs a few
/// lookups rather than a scan of the page (a page may have thousands of entries and examples).
struct Entries<'a> {
    /// Per feature: the first info key and the first event of each name.
    infos: Vec<FastMap<&'a str, usize>>,
    events: Vec<FastMap<&'a str, usize>>,
    /// The first feature that has an info key, or an event, of each name.
    info_features: FastMap<&'a str, usize>,
    event_features: FastMap<&'a str, usize>,
    /// Key families (`roster_XX`) by prefix and suffix.
    families: FastMap<(&'a str, &'a str), Family<'a>>,
    /// Families of keys named by the data, in page order: (feature, entry, family).
    named: Vec<(usize, usize, &'a KeyFamily)>,
}

/// The info keys of one key family (prefix and suffix) across the page. All of them take the
/// same keys, so a lookup checks membership once, not once per feature that lists the family.
struct Family<'a> {
    family: &'a KeyFamily,
    /// The first feature that lists the family.
    first_feature: usize,
    /// Per feature that lists it, its first info key of the family.
    first_entry: FastMap<usize, usize>,
}

impl<'a> Entries<'a> {
    fn new(features: &'a [Feature]) -> Self {
        let sized = |len| FastMap::with_capacity_and_hasher(len, Default::default());
        let infos = features.iter().map(|f| f.info_updates.len()).sum();
        let events = features.iter().map(|f| f.events.len()).sum();
        let mut entries = Entries {
            infos: Vec::with_capacity(features.len()),
            events: Vec::with_capacity(features.len()),
            info_features: sized(infos),
            event_features: sized(events),
            families: FastMap::default(),
            named: Vec::new(),
        };
        for (f, feature) in features.iter().enumerate() {
            let mut infos =
                FastMap::with_capacity_and_hasher(feature.info_updates.len(), Default::default());
            for (i, info) in feature.info_updates.iter().enumerate() {
                infos.entry(info.key.as_str()).or_insert(i);
                entries.info_features.entry(info.key.as_str()).or_insert(f);
                if let Some(family) = info.family.as_ref().filter(|f| !f.member.is_index()) {
                    entries.named.push((f, i, family));
                } else if let Some(family) = &info.family {
                    let members = (entries.families)
                        .entry((&family.prefix, &family.suffix))
                        .or_insert_with(|| Family {
                            family,
                            first_feature: f,
                            first_entry: FastMap::default(),
                        });
                    members.first_entry.entry(f).or_insert(i);
                }
            }
            let mut events =
                FastMap::with_capacity_and_hasher(feature.events.len(), Default::default());
            for (i, event) in feature.events.iter().enumerate() {
                events.entry(event.name.as_str()).or_insert(i);
                entries
                    .event_features
                    .entry(event.name.as_str())
                    .or_insert(f);
            }
            entries.infos.push(infos);
            entries.events.push(events);
        }
        entries
    }

    /// An info key named `key`, or a family member like `roster_12`: in feature `f` first,
    /// then in the first feature of the page that has it. Within a feature the key itself
    /// wins over a family, and the first family listed over later ones. Last, a family of keys
    /// named by the data in `category` (feature `f`'s first).
    fn find_info(
        &self,
        features: &[Feature],
        f: usize,
        category: Option<&str>,
        key: &str,
    ) -> Option<Target> {
        self.find_listed_info(f, key).or_else(|| {
            let category = category?;
            (self.named.iter())
                .filter(|&&(g, i, family)| {
                    features[g].info_updates[i].category == category && family.contains(key)
                })
                .min_by_key(|&&(g, i, _)| (g != f, g, i))
                .map(|&(g, i, _)| Target::Info(g, i))
        })
    }

    /// [`Entries::find_info`] without the name families.
    fn find_listed_info(&self, f: usize, key: &str) -> Option<Target> {
        let families = self.families_of(key);
        let in_feature = |g: usize| {
            (self.infos[g].get(key).copied())
                .or_else(|| {
                    (families.iter())
                        .filter_map(|family| family.first_entry.get(&g).copied())
                        .min()
                })
                .map(|i| Target::Info(g, i))
        };
        in_feature(f).or_else(|| {
            let exact = self.info_features.get(key).copied();
            let family = families.iter().map(|family| family.first_feature).min();
            let first = exact.into_iter().chain(family).min()?;
            in_feature(first)
        })
    }

    /// Every family `key` is a member of. A family's placeholder sits between `_` and `_` or
    /// the end (see [`crate::extract::key_family`]), so in a member the index is a whole run
    /// of digits: each run is looked up with the text around it.
    fn families_of<'s>(&'s self, key: &'s str) -> Vec<&'s Family<'s>> {
        let mut found = Vec::new();
        if self.families.is_empty() {
            return found;
        }
        let bytes = key.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            if !bytes[start].is_ascii_digit() {
                start += 1;
                continue;
            }
            let end = start
                + bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
            if let Some(family) = self.families.get(&(&key[..start], &key[end..])) {
                // Every family with this prefix and suffix takes the same keys.
                if family.family.index_of(key).is_some() {
                    found.push(family);
                }
            }
            start = end;
        }
        found
    }

    fn find_event(&self, f: usize, name: &str) -> Option<Target> {
        let in_feature = |g: usize| self.events[g].get(name).map(|&i| Target::Event(g, i));
        in_feature(f).or_else(|| in_feature(*self.event_features.get(name)?))
    }
}

/// Weighs the evidence for one entry.
fn infer_entry(examples: Vec<(ValueType, u32)>, note: Option<&Note>, cell: &str) -> ValueType {
    let lines: Vec<u32> = examples.iter().map(|(_, line)| *line).collect();
    let from_examples = (examples.into_iter().map(|(t, _)| t).reduce(merge)).map(|mut ty| {
        drop_repeated_enum_values(&mut ty);
        ty
    });
    let possible = note.filter(|n| !n.possible_values.is_empty());
    // Read only when the stronger evidence leaves the question open.
    let from_cell = || type_of_cell(cell);

    let Some(mut ty) = from_examples else {
        if let Some(ty) = note.and_then(type_of_note_fields) {
            return ty;
        }
        if let Some(note) = possible {
            return enum_type(
                fold_spellings(note.possible_values.iter().cloned()),
                Evidence::PossibleValues { line: note.line },
            );
        }
        return from_cell().unwrap_or(plain(Shape::String, Encoding::Native));
    };
    ty.evidence = Evidence::Examples { lines };
    // The docs show one or two examples of a value, and a whole number there promises nothing:
    // the count that reads `3` in the example may be the position that reads `573.75` in a
    // match. JSON, JavaScript and TypeScript have one number type, so a number is a `Float`
    // (`number` in the schema, `f64` in Rust) unless the page says in words that it is an
    // integer: rejecting a real value costs far more than an `f64` where an `i64` would do.
    let stated_integer = ty.shape == Shape::Integer
        && matches!(
            from_cell(),
            Some(ValueType {
                shape: Shape::Integer,
                ..
            })
        );
    if !stated_integer {
        widen_numbers(&mut ty);
    }
    // Examples that only show strings say little about which strings: a list names them.
    let seen_strings = match &ty.shape {
        Shape::String => Some(Vec::new()),
        Shape::Enum { values } => Some(values.clone()),
        _ => None,
    };
    if let Some(seen) = seen_strings {
        let listed = possible
            .map(|note| {
                (
                    note.possible_values.clone(),
                    Evidence::PossibleValues { line: note.line },
                )
            })
            .or_else(|| match from_cell() {
                Some(ValueType {
                    shape: Shape::Enum { values },
                    ..
                }) => Some((
                    values,
                    Evidence::Cell {
                        text: cell.to_owned(),
                    },
                )),
                _ => None,
            });
        if let Some((values, evidence)) = listed {
            // The seen values not listed follow, each once, spellings folded.
            let values = fold_spellings(values.into_iter().chain(seen));
            ty.shape = Shape::Enum { values };
            ty.evidence = evidence;
        } else if let Shape::Enum { .. } = ty.shape {
            ty.shape = Shape::String;
        }
    }
    ty
}

/// Characters that decorate a value without changing which value it is: the game sends
/// `#PL_DUO` where the page lists `PL_DUO`.
const DECORATION: &[char] = &['#', '@', '$', '*', '\'', '"', '`'];

/// `value` as decoration before, the value itself, decoration after; a value that is all
/// decoration is its own core.
fn decoration(value: &str) -> (&str, &str, &str) {
    let core = value.trim_matches(DECORATION);
    if core.is_empty() {
        return ("", value, "");
    }
    let start = value.len() - value.trim_start_matches(DECORATION).len();
    let end = start + core.len();
    (&value[..start], core, &value[end..])
}

/// The values in order, each once, with the spellings of one value folded into the first
/// (`#PL_TRIO` after `PL_TRIO` becomes its alias). A decoration seen on one value is how the
/// game spells them all, so every plain value gets that spelling as an alias too: a page that
/// lists `PL_DUO` and shows `#PL_TRIO` in an example gets `#PL_DUO` decoded as `PL_DUO`.
fn fold_spellings(values: impl IntoIterator<Item = EnumValue>) -> Vec<EnumValue> {
    let mut folded: Vec<EnumValue> = Vec::new();
    let mut by_core: FastMap<String, usize> = FastMap::default();
    let mut decorations: Vec<(String, String)> = Vec::new();
    for value in values {
        let (prefix, core, suffix) = decoration(&value.value);
        let Some(&at) = by_core.get(core) else {
            by_core.insert(core.to_owned(), folded.len());
            folded.push(value);
            continue;
        };
        let known = &mut folded[at];
        if known.description.is_none() {
            known.description = value.description.clone();
        }
        if known.spellings().any(|spelling| spelling == value.value) {
            continue;
        }
        let (known_prefix, _, known_suffix) = decoration(&known.value);
        if known_prefix.is_empty() && known_suffix.is_empty() {
            decorations.push((prefix.to_owned(), suffix.to_owned()));
        } else if prefix.is_empty() && suffix.is_empty() {
            decorations.push((known_prefix.to_owned(), known_suffix.to_owned()));
        }
        known.aliases.push(value.value);
    }
    decorations.sort();
    decorations.dedup();
    for (prefix, suffix) in &decorations {
        for value in &mut folded {
            if decoration(&value.value).1 != value.value {
                continue;
            }
            let spelled = format!("{prefix}{}{suffix}", value.value);
            if !value.aliases.contains(&spelled) {
                value.aliases.push(spelled);
            }
        }
    }
    folded
}

/// Integers become floats, anywhere in `ty` (see [`infer_entry`] for why).
fn widen_numbers(ty: &mut ValueType) {
    match &mut ty.shape {
        Shape::Integer => ty.shape = Shape::Float,
        Shape::Object { fields } => {
            for field in fields {
                widen_numbers(&mut field.value);
            }
        }
        Shape::Array { items } => widen_numbers(items),
        Shape::Map { values } => widen_numbers(values),
        _ => {}
    }
}

fn enum_type(values: Vec<EnumValue>, evidence: Evidence) -> ValueType {
    ValueType {
        shape: Shape::Enum { values },
        encoding: Encoding::Native,
        nullable: false,
        evidence,
    }
}

/// An object described in prose, one `{name: type}` list item per field (World of Tanks:
/// "JSON containing: * {enemyTeam: boolean} * {damage: number}").
fn type_of_note_fields(note: &Note) -> Option<ValueType> {
    let fields: Vec<Field> = note
        .text
        .lines()
        .filter_map(|line| {
            let inner = line.trim().strip_prefix("- ")?.trim();
            let inner = inner.strip_prefix('{')?.strip_suffix('}')?;
            let (name, ty) = inner.split_once(':')?;
            let name = name.trim().trim_matches('"');
            let valid = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
            let shape = match ty.trim().to_ascii_lowercase().as_str() {
                "boolean" | "bool" => Shape::Boolean,
                "integer" | "int" => Shape::Integer,
                "number" | "float" | "double" => Shape::Float,
                "string" => Shape::String,
                _ => return None,
            };
            valid.then(|| Field {
                name: name.to_owned(),
                value: plain(shape, Encoding::Native),
                optional: false,
            })
        })
        .collect();
    (!fields.is_empty()).then_some(ValueType {
        shape: Shape::Object { fields },
        encoding: Encoding::String,
        nullable: false,
        evidence: Evidence::NoteFields { line: note.line },
    })
}

/// The type a Values / Event Data cell states: `null`, `true/false`, `active/inactive`.
fn type_of_cell(cell: &str) -> Option<ValueType> {
    let text = cell.trim().trim_end_matches('.').trim();
    let scalar = |shape| ValueType {
        shape,
        encoding: Encoding::String,
        nullable: false,
        evidence: Evidence::Cell {
            text: cell.to_owned(),
        },
    };
    let is = |words: &[&str]| words.iter().any(|word| text.eq_ignore_ascii_case(word));
    if is(&["null", "none", "n/a", "\"\""]) {
        return Some(scalar(Shape::Null));
    }
    if is(&["true/false", "true / false", "boolean", "bool"]) {
        return Some(scalar(Shape::Boolean));
    }
    if is(&["int", "integer"]) {
        return Some(scalar(Shape::Integer));
    }
    if is(&["float", "double", "number"]) {
        return Some(scalar(Shape::Float));
    }
    // Most cells are prose: an enumeration needs a `/`.
    if !text.contains('/') {
        return None;
    }
    let tokens: Vec<&str> = text
        .split('/')
        .map(|t| t.trim().trim_matches(['"', '\'']))
        .collect();
    let is_word = |t: &&str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            && t.chars().any(char::is_alphabetic)
    };
    (tokens.len() >= 2 && tokens.iter().all(is_word)).then(|| {
        let values = tokens.iter().map(|t| EnumValue::new(*t)).collect();
        ValueType {
            encoding: Encoding::Native,
            ..enum_type(
                values,
                Evidence::Cell {
                    text: cell.to_owned(),
                },
            )
        }
    })
}

/// The type of one example value: the decoded document if there is one, else the wire value.
fn type_of_wire(value: &WireValue) -> ValueType {
    match &value.decoded {
        Some(decoded) => ValueType {
            encoding: if value.wire.is_string() {
                Encoding::String
            } else {
                Encoding::Native
            },
            ..type_of_value(decoded, Level::Top)
        },
        None => type_of_value(&value.wire, Level::Top),
    }
}

fn plain(shape: Shape, encoding: Encoding) -> ValueType {
    ValueType {
        shape,
        encoding,
        nullable: false,
        evidence: Evidence::Default,
    }
}

/// Where a value sits: only a key's or event's own value can be an enumeration of the
/// strings its examples show; strings inside payloads are plain strings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Nested,
}

/// The type of a JSON value, reading numbers and booleans spelled as strings as such.
fn type_of_value(value: &Json, level: Level) -> ValueType {
    match value {
        // A reset says nothing about the type of the values between resets. Even where the
        // cell says `null` the examples' type stays open: GEP sends `"null"`, `""` and data the
        // page never mentions for such events, and a value of any type keeps them.
        Json::Null => ValueType {
            nullable: true,
            ..plain(Shape::Any, Encoding::Native)
        },
        Json::Bool(_) => plain(Shape::Boolean, Encoding::Native),
        Json::Number(n) if n.is_f64() => plain(Shape::Float, Encoding::Native),
        Json::Number(_) => plain(Shape::Integer, Encoding::Native),
        Json::String(s) => type_of_string(s, level),
        Json::Array(items) => {
            let mut items = items.iter();
            let item = match items.next() {
                Some(first) => items.fold(type_of_value(first, Level::Nested), absorb),
                // An empty array shows no item: any may come.
                None => plain(Shape::Any, Encoding::Native),
            };
            plain(
                Shape::Array {
                    items: Box::new(item),
                },
                Encoding::Native,
            )
        }
        Json::Object(map) if is_map(map) => {
            let mut values = map.iter().map(|(_, value)| value);
            let first = values
                .next()
                .map_or(plain(Shape::Any, Encoding::Native), |first| {
                    type_of_value(first, Level::Nested)
                });
            plain(
                Shape::Map {
                    values: Box::new(values.fold(first, absorb)),
                },
                Encoding::Native,
            )
        }
        Json::Object(map) => plain(
            Shape::Object {
                fields: map
                    .iter()
                    .map(|(name, value)| Field {
                        name: name.clone(),
                        value: type_of_value(value, Level::Nested),
                        optional: false,
                    })
                    .collect(),
            },
            Encoding::Native,
        ),
    }
}

/// Plain strings come out as a one-value enum so that merging examples collects the values
/// seen; [`infer_entry`] decides whether they are an enumeration.
fn type_of_string(s: &str, level: Level) -> ValueType {
    let t = s.trim();
    if t.is_empty() || t == "null" {
        // Like `null`: the example shows a reset, not what the value is between resets.
        return ValueType {
            nullable: true,
            ..plain(Shape::Any, Encoding::Native)
        };
    }
    let numeric = t.strip_prefix('-').unwrap_or(t);
    // Longer digit strings are ids (Steam ids, platform ids): as numbers they would lose
    // precision in JavaScript, whose integers are exact only up to 2^53 (16 digits).
    let is_integer =
        !numeric.is_empty() && numeric.len() <= 15 && numeric.bytes().all(|b| b.is_ascii_digit());
    if is_integer {
        return plain(Shape::Integer, Encoding::String);
    }
    let is_float = numeric.contains('.')
        && numeric.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && t.parse::<f64>().is_ok();
    if is_float {
        return plain(Shape::Float, Encoding::String);
    }
    if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") {
        return plain(Shape::Boolean, Encoding::String);
    }
    if level == Level::Nested {
        return plain(Shape::String, Encoding::Native);
    }
    plain(
        Shape::Enum {
            values: vec![EnumValue::new(s)],
        },
        Encoding::Native,
    )
}

/// The type that covers both: numbers widen to floats, anything else that disagrees is a
/// string; `null`/`""` make the other side nullable.
fn merge(a: ValueType, b: ValueType) -> ValueType {
    let nullable = a.nullable || b.nullable;
    if a.shape == Shape::Any {
        return ValueType { nullable, ..b };
    }
    if b.shape == Shape::Any {
        return ValueType { nullable, ..a };
    }
    let encoding = if a.encoding == Encoding::String || b.encoding == Encoding::String {
        Encoding::String
    } else {
        Encoding::Native
    };
    let shape = match (a.shape, b.shape) {
        (Shape::Integer, Shape::Integer) => Shape::Integer,
        (Shape::Integer | Shape::Float, Shape::Integer | Shape::Float) => Shape::Float,
        (Shape::Boolean, Shape::Boolean) => Shape::Boolean,
        // Repeats are dropped once all examples are merged (`drop_repeated_enum_values`):
        // checking each value against those so far is quadratic in the examples.
        (Shape::Enum { values: mut left }, Shape::Enum { values: right }) => {
            left.extend(right);
            Shape::Enum { values: left }
        }
        (Shape::Object { fields: left }, Shape::Object { fields: right }) => Shape::Object {
            fields: merge_fields(left, right),
        },
        (Shape::Array { items: left }, Shape::Array { items: right }) => Shape::Array {
            items: Box::new(merge(*left, *right)),
        },
        (Shape::Map { values: left }, Shape::Map { values: right }) => Shape::Map {
            values: Box::new(merge(*left, *right)),
        },
        // An object beside a map is one more example of the map: its fields are entries.
        (Shape::Map { values }, Shape::Object { fields })
        | (Shape::Object { fields }, Shape::Map { values }) => Shape::Map {
            values: Box::new(fields.into_iter().map(|f| f.value).fold(*values, merge)),
        },
        // Examples that disagree: when both travel as strings, any string; otherwise the
        // value takes either form (`"teamId"` beside `11`, a string beside an object), and a
        // narrower type would reject one of the docs' own examples.
        (left, right) => {
            let on_the_wire_a_string = |shape: &Shape, encoding| {
                encoding == Encoding::String || matches!(shape, Shape::String | Shape::Enum { .. })
            };
            let shape = if on_the_wire_a_string(&left, a.encoding)
                && on_the_wire_a_string(&right, b.encoding)
            {
                Shape::String
            } else {
                Shape::Any
            };
            return ValueType {
                shape,
                encoding: Encoding::Native,
                nullable,
                evidence: Evidence::Default,
            };
        }
    };
    ValueType {
        shape,
        encoding,
        nullable,
        evidence: Evidence::Default,
    }
}

fn merge_fields(left: Vec<Field>, right: Vec<Field>) -> Vec<Field> {
    // Fields are moved, never cloned: merging runs once per example and payload types nest.
    let mut merged: Vec<Field> = Vec::with_capacity(left.len().max(right.len()));
    let mut right = ByName::new(right);
    for (i, field) in left.into_iter().enumerate() {
        let other = right.take(i, &field.name, |r| &r.name);
        merged.push(match other {
            Some(other) => Field {
                optional: field.optional || other.optional,
                value: merge(field.value, other.value),
                name: field.name,
            },
            None => Field {
                optional: true,
                ..field
            },
        });
    }
    merged.extend(right.rest().map(|field| Field {
        optional: true,
        ..field
    }));
    merged
}

/// Fields taken out by name. The fields of a type have distinct names (they come from JSON
/// objects), and objects of one payload mostly list them in the same order: the field at the
/// place asked about is tried first, then the others one by one when they are few, else
/// through an index of the names built at the first miss, so that merging stays linear
/// whatever the order.
struct ByName<T> {
    fields: Vec<Option<T>>,
    index: Option<FastMap<String, usize>>,
}

impl<T> ByName<T> {
    fn new(fields: impl IntoIterator<Item = T>) -> Self {
        Self {
            fields: fields.into_iter().map(Some).collect(),
            index: None,
        }
    }

    fn take(&mut self, hint: usize, name: &str, name_of: impl Fn(&T) -> &str) -> Option<T> {
        let named = |field: &Option<T>| field.as_ref().is_some_and(|f| name_of(f) == name);
        if let Some(slot) = self.fields.get_mut(hint).filter(|slot| named(slot)) {
            return slot.take();
        }
        if self.fields.len() <= SHORT_LIST {
            return self.fields.iter_mut().find(|slot| named(slot))?.take();
        }
        let fields = &self.fields;
        let index = self.index.get_or_insert_with(|| {
            let mut index = FastMap::with_capacity_and_hasher(fields.len(), Default::default());
            for (at, field) in fields.iter().enumerate() {
                if let Some(field) = field {
                    index.entry(name_of(field).to_owned()).or_insert(at);
                }
            }
            index
        });
        let &at = index.get(name)?;
        self.fields[at].take()
    }

    /// The fields not taken, in their order.
    fn rest(self) -> impl Iterator<Item = T> {
        self.fields.into_iter().flatten()
    }
}

/// Drops the repeats of enum values, anywhere in `ty`, keeping the first of each.
fn drop_repeated_enum_values(ty: &mut ValueType) {
    match &mut ty.shape {
        Shape::Enum { values } => drop_repeated_values(values),
        Shape::Object { fields } => {
            for field in fields {
                drop_repeated_enum_values(&mut field.value);
            }
        }
        Shape::Array { items } => drop_repeated_enum_values(items),
        Shape::Map { values } => drop_repeated_enum_values(values),
        _ => {}
    }
}

/// `merge(ty, type_of_value(value, Level::Nested))`, for the items of an array: an object
/// is merged field by field into the type so far, so that the names and types of fields
/// already known are not built again for every item.
fn absorb(ty: ValueType, value: &Json) -> ValueType {
    match (ty, value) {
        (
            ValueType {
                shape: Shape::Object { fields },
                encoding,
                nullable,
                ..
            },
            Json::Object(map),
        ) if !is_map(map) => ValueType {
            // What `merge` gives for two objects, the second native and not nullable.
            shape: Shape::Object {
                fields: absorb_fields(fields, map),
            },
            encoding,
            nullable,
            evidence: Evidence::Default,
        },
        (ty, value) => merge(ty, type_of_value(value, Level::Nested)),
    }
}

/// Whether an object is keyed by data (player names, indexes, ids) rather than by field
/// names, judged from the keys and the values alone:
/// - every key is data (see [`is_data_key`]), and there are two or more entries or the one
///   value is an object (`{"0":{...},"1":{...}}`, `{"Name A":{...}}`);
/// - or the values are objects that share a field, two or more of them, and some key is
///   data (most player names read like identifiers, `Quan` beside `Visual Paradigm`) or the
///   keys are one name with an index (`slot_1`, `slot_2`): the example shows some of a
///   number of entries the game decides. Records under distinct names (`keystone`,
///   `primaryRuneTree`) stay objects.
fn is_map(object: &Object) -> bool {
    let len = object.len();
    if len == 0 {
        return false;
    }
    let data_keys = object.iter().filter(|(key, _)| is_data_key(key)).count();
    let records: Vec<&Object> = object.iter().filter_map(|(_, v)| v.as_object()).collect();
    let all_records = records.len() == len;
    if data_keys == len && (all_records || len >= 2) {
        return true;
    }
    if !all_records || len < 2 {
        return false;
    }
    fn names(record: &Object) -> FastSet<&str> {
        record.iter().map(|(name, _)| name.as_str()).collect()
    }
    let first = names(records[0]);
    let shared = records[1..].iter().fold(first.clone(), |shared, record| {
        let names = names(record);
        shared
            .into_iter()
            .filter(|name| names.contains(name))
            .collect()
    });
    if shared.is_empty() {
        return false;
    }
    data_keys > 0 || is_indexed(object)
}

/// Whether every key is one name followed by an index: `slot_1`, `slot_2`; `unit0`, `unit1`.
fn is_indexed(object: &Object) -> bool {
    let name_of = |key: &str| -> Option<String> {
        let name = key.trim_end_matches(|c: char| c.is_ascii_digit());
        (name.len() < key.len() && !name.is_empty()).then(|| name.to_owned())
    };
    let mut keys = object.iter().map(|(key, _)| name_of(key));
    match keys.next() {
        Some(Some(first)) => keys.all(|name| name.as_ref() == Some(&first)),
        _ => false,
    }
}

/// A key that is data, not a field name: a number, or text no field name has (spaces,
/// punctuation other than `_` and `-`, letters outside ASCII, a leading digit).
fn is_data_key(key: &str) -> bool {
    let starts_like_a_name = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let name_chars = key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    !(starts_like_a_name && name_chars)
}

/// `merge_fields(left, <the fields of map>)`, typing only the fields `left` lacks.
fn absorb_fields(left: Vec<Field>, map: &Object) -> Vec<Field> {
    let mut merged: Vec<Field> = Vec::with_capacity(left.len().max(map.len()));
    let mut right = ByName::new(map.iter());
    for (i, field) in left.into_iter().enumerate() {
        let other = right.take(i, &field.name, |(name, _)| name.as_str());
        merged.push(match other {
            Some((_, value)) => Field {
                value: absorb(field.value, value),
                ..field
            },
            None => Field {
                optional: true,
                ..field
            },
        });
    }
    merged.extend(right.rest().map(|(name, value)| Field {
        name: name.clone(),
        value: type_of_value(value, Level::Nested),
        optional: true,
    }));
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    /// The type of a key's value as one example shows it.
    fn type_of_json(value: &Json) -> ValueType {
        type_of_value(value, Level::Top)
    }

    #[test]
    fn strings_that_hold_numbers_and_booleans() {
        assert_eq!(type_of_json(&json!("15")).shape, Shape::Integer);
        assert_eq!(type_of_json(&json!("15")).encoding, Encoding::String);
        assert_eq!(type_of_json(&json!("15.000000")).shape, Shape::Float);
        assert_eq!(type_of_json(&json!("True")).shape, Shape::Boolean);
        assert_eq!(type_of_json(&json!(3)).encoding, Encoding::Native);
        assert!(type_of_json(&json!("")).nullable);
        assert_eq!(
            type_of_json(&json!("76561197971316549")).shape,
            Shape::Enum {
                values: vec![EnumValue::new("76561197971316549")]
            }
        );
    }

    #[test]
    fn merging_widens_and_marks_optional_fields() {
        let a = type_of_json(&json!({"x": 1, "y": "a"}));
        let b = type_of_json(&json!({"x": 1.5}));
        let Shape::Object { fields } = merge(a, b).shape else {
            panic!("object expected")
        };
        assert_eq!(fields[0].value.shape, Shape::Float);
        assert!(!fields[0].optional);
        assert!(fields[1].optional);
        let reset = merge(type_of_json(&json!("")), type_of_json(&json!("5")));
        assert_eq!(reset.shape, Shape::Integer);
        assert!(reset.nullable);
    }

    #[test]
    fn examples_that_disagree_keep_every_form_they_show() {
        let field = |value: Json| {
            let Shape::Object { fields } = merge(
                type_of_json(&json!({"team": 11})),
                type_of_json(&json!({ "team": value })),
            )
            .shape
            else {
                panic!("object expected")
            };
            fields[0].value.shape.clone()
        };
        // A number beside a word: the value comes either way.
        assert_eq!(field(json!("teamId")), Shape::Any);
        // Both strings on the wire ("15" and a word): any string.
        let spelled = merge(type_of_json(&json!("15")), type_of_json(&json!("abc")));
        assert_eq!(
            (spelled.shape, spelled.encoding),
            (Shape::String, Encoding::Native)
        );
        // A JSON document in a string beside a string that holds none.
        let document = type_of_wire(&WireValue {
            wire: Json::String("{\"a\":1}".into()),
            decoded: Some(json!({"a": 1})),
        });
        let object = type_of_json(&json!({"a": "x"}));
        assert_eq!(
            merge(document.clone(), type_of_json(&json!("n/a"))).shape,
            Shape::String
        );
        assert!(matches!(
            merge(document, object).shape,
            Shape::Object { .. }
        ));
        assert_eq!(
            merge(type_of_json(&json!("x")), type_of_json(&json!({"a": 1}))).shape,
            Shape::Any
        );
    }

    #[test]
    fn fields_in_another_order_merge_by_name() {
        let a = type_of_json(&json!({"a": 1, "b": "x", "c": true}));
        let b = type_of_json(&json!({"c": false, "a": 2.5, "d": 1}));
        let Shape::Object { fields } = merge(a, b).shape else {
            panic!("object expected")
        };
        let fields: Vec<(&str, &Shape, bool)> = (fields.iter())
            .map(|f| (f.name.as_str(), &f.value.shape, f.optional))
            .collect();
        assert_eq!(
            fields,
            [
                ("a", &Shape::Float, false),
                ("b", &Shape::String, true),
                ("c", &Shape::Boolean, false),
                ("d", &Shape::Integer, true),
            ]
        );
    }

    #[test]
    fn values_seen_in_examples_follow_the_listed_ones_once_each() {
        let examples = ["b", "a", "b", "c", "a"]
            .map(|s| (type_of_json(&json!(s)), 1))
            .to_vec();
        let note = listing(&["a"]);
        let Shape::Enum { values } = infer_entry(examples, Some(&note), "").shape else {
            panic!("enum expected")
        };
        let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, ["a", "b", "c"]);
    }

    /// A note that lists `values` as possible values.
    fn listing(values: &[&str]) -> Note {
        Note {
            name: "state".to_owned(),
            line: 1,
            text: String::new(),
            possible_values: values.iter().map(|v| EnumValue::new(*v)).collect(),
            examples: Vec::new(),
        }
    }

    /// What an entry's examples (one JSON value each) make of it, with no list or cell.
    fn inferred(examples: &[Json]) -> ValueType {
        let examples = examples.iter().map(|x| (type_of_json(x), 1)).collect();
        infer_entry(examples, None, "")
    }

    fn fields_of(ty: &ValueType) -> &[Field] {
        match &ty.shape {
            Shape::Object { fields } => fields,
            other => panic!("object expected, got {other:?}"),
        }
    }

    /// Each field's name, shape, nullability and optionality.
    fn field_rows(ty: &ValueType) -> Vec<(&str, &Shape, bool, bool)> {
        (fields_of(ty).iter())
            .map(|f| {
                (
                    f.name.as_str(),
                    &f.value.shape,
                    f.value.nullable,
                    f.optional,
                )
            })
            .collect()
    }

    fn items_of(ty: &ValueType) -> &ValueType {
        match &ty.shape {
            Shape::Array { items } => items,
            other => panic!("array expected, got {other:?}"),
        }
    }

    fn map_values_of(ty: &ValueType) -> &ValueType {
        match &ty.shape {
            Shape::Map { values } => values,
            other => panic!("map expected, got {other:?}"),
        }
    }

    #[test]
    fn an_empty_array_says_nothing_about_its_items() {
        // One example whose list of players shows an item in one entry and none in another.
        let ty = inferred(&[json!([{"items": [{"x": 1}]}, {"items": []}])]);
        let items = items_of(&fields_of(items_of(&ty))[0].value);
        assert_eq!(fields_of(items)[0].name, "x");
        // The same across two examples, in either order.
        let ty = inferred(&[json!({"items": []}), json!({"items": [{"x": 1}]})]);
        let items = items_of(&fields_of(&ty)[0].value);
        assert_eq!(fields_of(items)[0].value.shape, Shape::Float);
        // Never an item: any JSON value may come, not only strings.
        let ty = inferred(&[json!({"items": []})]);
        assert_eq!(items_of(&fields_of(&ty)[0].value).shape, Shape::Any);
    }

    #[test]
    fn a_reset_says_nothing_about_the_type() {
        // `""` and `null` alone: anything may come between resets.
        for example in [json!(""), json!(null), json!("null")] {
            let ty = inferred(std::slice::from_ref(&example));
            assert_eq!(ty.shape, Shape::Any, "{example:?}");
            assert!(ty.nullable, "{example:?}");
        }
        let ty = inferred(&[json!({"assister": "", "charges": null})]);
        for field in fields_of(&ty) {
            assert_eq!(field.value.shape, Shape::Any, "{}", field.name);
            assert!(field.value.nullable, "{}", field.name);
        }
        // Even where the cell says `null`.
        let examples = vec![(type_of_json(&json!(null)), 1)];
        assert_eq!(infer_entry(examples, None, "null").shape, Shape::Any);
        // Beside a real value the reset only makes it nullable.
        let ty = inferred(&[json!({"assister": ""}), json!({"assister": "Name"})]);
        assert_eq!(fields_of(&ty)[0].value.shape, Shape::String);
        assert!(fields_of(&ty)[0].value.nullable);
    }

    #[test]
    fn a_placeholder_in_a_structure_is_of_unknown_type() {
        // What examples.rs makes of `{"team": teamId, "hero": heroId}`: nulls for the
        // placeholders. Beside a real example the placeholders take its types, and make
        // nothing nullable.
        // A field the structure leaves out (`ready`) stays as the example shows it.
        let mut structure = type_of_json(&json!({"team": null, "hero": null, "level": 0}));
        unknown_placeholders(&mut structure);
        let real = type_of_json(&json!({"team": 2, "hero": "axe", "ready": true}));
        let ty = infer_entry(
            with_structures(vec![(real, 1)], vec![(structure.clone(), 2)]),
            None,
            "",
        );
        let fields: Vec<(&str, &Shape, bool, bool)> = field_rows(&ty);
        assert_eq!(
            fields,
            [
                ("team", &Shape::Float, false, false),
                ("hero", &Shape::String, false, false),
                ("ready", &Shape::Boolean, false, false),
                ("level", &Shape::Float, false, true),
            ]
        );
        // Merged as they are, in either order.
        let real = type_of_json(&json!({"team": 2, "hero": "axe"}));
        for examples in [[structure.clone(), real.clone()], [real, structure]] {
            let examples = examples.into_iter().map(|ty| (ty, 1)).collect();
            let ty = infer_entry(examples, None, "");
            let fields: Vec<(&str, &Shape, bool, bool)> = field_rows(&ty);
            assert_eq!(
                fields,
                [
                    ("team", &Shape::Float, false, false),
                    ("hero", &Shape::String, false, false),
                    ("level", &Shape::Float, false, true),
                ]
            );
        }
    }

    #[test]
    fn an_example_of_one_item_of_an_array_the_cell_names() {
        for cell in [
            "A string holding a JSON array of player objects.",
            "Array of players",
            "list of bans",
        ] {
            assert!(says_array(cell), "{cell}");
        }
        for cell in [
            "An object with an array of items",
            "Player info",
            "A string",
        ] {
            assert!(!says_array(cell), "{cell}");
        }
        assert_eq!(
            array_cell("A string holding a JSON array of player objects."),
            Some(Some(Encoding::String))
        );
        assert_eq!(array_cell("Array of players"), Some(None));

        let (examples, _) = crate::examples::read_examples(r#"{"name":"a","team":2}"#, 7);
        let mut note = Note {
            examples,
            ..listing(&[])
        };
        let cell = "A string holding a JSON array of player objects";
        let seen = vec![(type_of_json(&json!({"name": "a", "team": 2})), 7)];
        assert!(shows_one_element(&seen, Some(&note), cell));
        assert!(!shows_one_element(&seen, Some(&note), "The players"));
        let item = infer_entry(seen, Some(&note), cell);
        let ty = one_element_of_array(item, Some(&mut note), cell);
        assert_eq!(ty.encoding, Encoding::String);
        assert_eq!(fields_of(items_of(&ty))[0].name, "name");
        // The example is one item, no doc example of the whole value.
        assert_eq!(note.examples[0].status, ExampleStatus::Element);
        assert!(note.each_payload().all(|p| p.payload.is_none()));

        // An example sent in an envelope is a whole value, whatever the cell says.
        let (examples, _) = crate::examples::read_examples(
            r#"{"info":{"roster":{"players":{"name":"a"}}},"feature":"roster"}"#,
            7,
        );
        let note = Note {
            examples,
            ..listing(&[])
        };
        let seen = vec![(type_of_json(&json!({"name": "a"})), 7)];
        assert!(!shows_one_element(&seen, Some(&note), cell));
    }

    #[test]
    fn one_example_string_is_no_enumeration() {
        let ty = inferred(&[json!("CT")]);
        assert_eq!(ty.shape, Shape::String);
        let ty = inferred(&[json!("CT"), json!("T")]);
        assert_eq!(ty.shape, Shape::String);
        // A list names the values; the examples' other values join it.
        let examples = vec![(type_of_json(&json!("T")), 1)];
        let ty = infer_entry(examples, Some(&listing(&["CT"])), "");
        let Shape::Enum { values } = ty.shape else {
            panic!("enum expected")
        };
        assert_eq!(values, [EnumValue::new("CT"), EnumValue::new("T")]);
    }

    #[test]
    fn numbers_are_floats_unless_the_page_says_integer() {
        let ty = inferred(&[json!({"gold": 573, "position": {"x": 3}}), json!("12")]);
        assert_eq!(
            ty.shape,
            Shape::Any,
            "an object beside a string: either may come"
        );
        let ty = inferred(&[json!({"gold": 573, "position": {"x": 3}})]);
        assert_eq!(fields_of(&ty)[0].value.shape, Shape::Float);
        assert_eq!(
            fields_of(&fields_of(&ty)[1].value)[0].value.shape,
            Shape::Float
        );
        let ty = inferred(&[json!("15")]);
        assert_eq!((ty.shape, ty.encoding), (Shape::Float, Encoding::String));
        // The cell states an integer and the examples agree.
        let examples = vec![(type_of_json(&json!("15")), 1)];
        assert_eq!(infer_entry(examples, None, "integer").shape, Shape::Integer);
        // The examples disagree with the cell: they are what GEP sent.
        let examples = vec![(type_of_json(&json!("573.75")), 1)];
        assert_eq!(infer_entry(examples, None, "integer").shape, Shape::Float);
        assert_eq!(type_of_cell("number").unwrap().shape, Shape::Float);
    }

    #[test]
    fn objects_keyed_by_data_are_maps() {
        // Player names, some of which read like identifiers.
        let ty = inferred(&[json!({
            "Name A": {"index": 1, "health": 100},
            "Quan": {"index": 2, "health": 90, "localplayer": true},
        })]);
        let values = fields_of(map_values_of(&ty));
        let names: Vec<(&str, bool)> = values
            .iter()
            .map(|f| (f.name.as_str(), f.optional))
            .collect();
        assert_eq!(
            names,
            [("index", false), ("health", false), ("localplayer", true)]
        );
        // Indexes, also as the JSON document inside a string.
        let document = json!({"0": {"hero": "a"}, "1": {"hero": "b"}});
        let wire = WireValue {
            wire: Json::String(document.to_json_string()),
            decoded: Some(document),
        };
        let ty = infer_entry(vec![(type_of_wire(&wire), 1)], None, "");
        assert_eq!(ty.encoding, Encoding::String);
        assert_eq!(fields_of(map_values_of(&ty))[0].name, "hero");
        // Scalars under numeric keys.
        let ty = inferred(&[json!({"0": 5, "1": 7})]);
        assert_eq!(map_values_of(&ty).shape, Shape::Float);
        // Records under one name with an index.
        let ty =
            inferred(&[json!({"slot_1": {"name": "a"}, "slot_2": {"name": "b", "item": "0"}})]);
        let values = fields_of(map_values_of(&ty));
        assert_eq!((values[0].optional, values[1].optional), (false, true));
        // An example with fewer entries that look like field names joins the map.
        let ty = inferred(&[
            json!({"Name A": {"hp": 1}}),
            json!({"Quan": {"hp": 2}}),
            json!({}),
        ]);
        assert_eq!(fields_of(map_values_of(&ty))[0].name, "hp");
    }

    #[test]
    fn objects_keyed_by_field_names_stay_objects() {
        for example in [
            json!({"name": "a", "kills": 3}),
            json!({"position": {"x": 1, "y": 2}, "velocity": {"x": 0, "y": 1}}),
            json!({"me": {"name": "a"}, "team": {"score": 1}, "match": {"id": 2}}),
            json!({"player_1": "a"}),
            json!({"slot_1": "a", "slot_2": "b"}),
            json!({"keystone": {"id": 1}, "primary": {"id": 2}, "secondary": {"id": 3}}),
        ] {
            let ty = inferred(std::slice::from_ref(&example));
            assert!(
                matches!(ty.shape, Shape::Object { .. }),
                "{example:?}: {ty:?}"
            );
        }
    }

    #[test]
    fn spellings_of_one_value_fold_into_it() {
        // The page lists `PL_DUO` and `PL_TRIO`; the example sends `#PL_TRIO`.
        let examples = vec![(type_of_json(&json!("#PL_TRIO")), 1)];
        let ty = infer_entry(examples, Some(&listing(&["PL_DUO", "PL_TRIO"])), "");
        let Shape::Enum { values } = ty.shape else {
            panic!("enum expected")
        };
        let spellings: Vec<Vec<&str>> = values.iter().map(|v| v.spellings().collect()).collect();
        assert_eq!(spellings, [["PL_DUO", "#PL_DUO"], ["PL_TRIO", "#PL_TRIO"]]);
        // Both spellings in one list.
        let values = fold_spellings(["PL_TRIO", "#PL_TRIO"].map(EnumValue::new));
        assert_eq!(values.len(), 1);
        assert_eq!(values[0].aliases, ["#PL_TRIO"]);
        // Signs and case are no decoration.
        let values = fold_spellings(["1", "-1", "Dock", "dock"].map(EnumValue::new));
        assert_eq!(values.len(), 4);
        assert!(values.iter().all(|v| v.aliases.is_empty()));
    }

    #[test]
    fn cells() {
        let values = |cell| match type_of_cell(cell).map(|t| t.shape) {
            Some(Shape::Enum { values }) => values.into_iter().map(|v| v.value).collect(),
            other => panic!("{cell}: {other:?}"),
        };
        let v: Vec<String> = values("battle/hangar/wot_starting/replay");
        assert_eq!(v, ["battle", "hangar", "wot_starting", "replay"]);
        let v: Vec<String> = values("\"WON\" / \"LOST\"");
        assert_eq!(v, ["WON", "LOST"]);
        assert_eq!(type_of_cell("true/false").unwrap().shape, Shape::Boolean);
        assert_eq!(type_of_cell("null").unwrap().shape, Shape::Null);
        assert_eq!(type_of_cell("Local Player Name"), None);
        assert_eq!(type_of_cell("Local + Public version number"), None);
    }
}
