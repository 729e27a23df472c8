//! What GEP sends for one game, lowered from the IR for the schema and TypeScript emitters.
//!
//! Both emitters name the same things the same way (`RosterValue` is a `$defs` entry and a
//! TypeScript interface), so naming lives here, once. The example instances (every doc example
//! put back into its full `onInfoUpdates2` / `onNewEvents` envelope, with a wrong-typed twin) are
//! what the generated TypeScript consumer test and the schema tests check.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{bail, Result};
use serde_json::{json, Value};

use crate::emit::doc_examples::{self, DocExample};
use crate::ident::{self, Case};
use crate::ir::{
    Code, Diagnostic, EntryRef, Event, Feature, GameIr, InfoUpdate, KeyFamily, Payload, Shape,
    ValueType, WireKey, WireValue,
};
use crate::json::Json;

/// Type names every game module declares itself; generated names must avoid them.
pub const RESERVED_NAMES: &[&str] = &[
    "GameId",
    "Feature",
    "InfoKey",
    "EventName",
    "InfoUpdates2Event",
    "GameEvent",
    "NewGameEvents",
    "ElectronInfoUpdate",
    "ElectronGameEvent",
    "ElectronInfo",
    "ElectronEvent",
    "JsonString",
    "Reset",
    // The schemas' own entries and roots.
    "Payload",
    "DecodedUpdate",
    "UnknownInfo",
    "UnknownEvent",
    "InvalidInfo",
    "InvalidEvent",
    "InvalidPayload",
    "IntegerString",
    "FloatString",
    "BooleanString",
    // The decoder's exports in each game module (emit::js).
    "Update",
    "Decoded",
];

/// One game, with a name for every type the emitters declare.
///
/// The one place types are named: the Rust crate, the TypeScript definitions and the schema's
/// `$defs` all take their names from here, so `RosterValue` is the same thing in each.
#[derive(Debug)]
pub struct GameModel<'a> {
    pub ir: &'a GameIr,
    /// PascalCase name of the game (`ApexLegends`): TypeScript namespace, schema title.
    pub namespace: String,
    pub features: Vec<FeatureModel<'a>>,
    /// Every named type (enum, object, array, map), a key's value or an event's data before
    /// the types nested in it (in field order), in page order.
    pub types: Vec<NamedType<'a>>,
    /// The name of each named value, and of each array's items (`RosterValueItem`, the name
    /// of a union of item forms where a language needs one), by the IR value it types.
    names: HashMap<*const ValueType, String>,
    /// Names taken because two things of the page wanted the same one.
    pub clashes: Vec<NameClash>,
}

/// A type declared under a name of its own.
#[derive(Debug)]
pub struct NamedType<'a> {
    pub name: String,
    pub value: &'a ValueType,
    /// Where the value is, in Markdown (`the value of `roster_XX``, `field `x` of
    /// `RosterValue``), for docs and messages.
    pub subject: String,
    /// Whether it types info (a key's value, or nested in one) rather than event data.
    pub of_info: bool,
}

#[derive(Debug)]
pub struct FeatureModel<'a> {
    pub ir: &'a Feature,
    /// The feature's `onInfoUpdates2` payload type (`RosterInfoUpdate`).
    pub info_update_type: String,
    /// Info keys grouped by category, in page order; a key listed twice keeps its first row.
    pub categories: Vec<CategoryModel<'a>>,
    /// Events in page order; an event listed twice keeps its first row.
    pub events: Vec<EventModel<'a>>,
    /// Other feature names the docs' examples send this feature's keys under (HotS `draft`
    /// for a key of `match_info`); accepted, as the Rust decoder ignores the feature.
    pub also_named: Vec<String>,
}

#[derive(Debug)]
pub struct CategoryModel<'a> {
    pub name: &'a str,
    pub keys: Vec<KeyModel<'a>>,
}

#[derive(Debug)]
pub struct KeyModel<'a> {
    pub ir: &'a InfoUpdate,
    /// Name of the value's type when it needs one (enum, object, array): `RosterValue`.
    pub value_type: Option<String>,
    /// `(category, key)` placements that the docs' examples send this key in but its table
    /// row does not (`version_info` for `gep_internal`, `name` in `me` instead of
    /// `game_info`); accepted as this key, as the Rust decoder accepts them. For a family the
    /// key is the family's own (`roster_XX`): any of its keys is accepted there.
    pub aliases: Vec<(String, String)>,
    /// The decoded update of this key (`RosterUpdate`): `{"type":"info",...,"value"}`.
    pub update_type: String,
}

#[derive(Debug)]
pub struct EventModel<'a> {
    pub ir: &'a Event,
    /// The event's payload type in `onNewEvents` (`KillEvent`).
    pub event_type: String,
    /// Name of the data's type when it needs one (enum, object, array): `KillData`.
    pub data_type: Option<String>,
    /// The decoded update of this event (`KillUpdate`): `{"type":"event",...,"data"}`.
    pub update_type: String,
}

/// Whether a value's type is declared under a name of its own rather than written inline.
pub fn needs_name(value: &ValueType) -> bool {
    matches!(
        value.shape,
        Shape::Enum { .. } | Shape::Object { .. } | Shape::Array { .. } | Shape::Map { .. }
    )
}

/// Whether the value is a JSON document (an object, map or array), on the wire or inside a
/// string.
pub fn is_document(value: &ValueType) -> bool {
    matches!(
        value.shape,
        Shape::Object { .. } | Shape::Array { .. } | Shape::Map { .. }
    )
}

/// The name a key family's types are derived from: `roster_XX` → `roster`.
fn key_base(info: &InfoUpdate) -> String {
    match &info.family {
        Some(KeyFamily { prefix, suffix, .. }) => {
            let base = format!("{prefix}{suffix}");
            let trimmed = base.trim_matches(|c: char| !c.is_alphanumeric());
            if trimmed.is_empty() {
                info.key.clone()
            } else {
                trimmed.to_string()
            }
        }
        None => info.key.clone(),
    }
}

/// A thing that needs a type name, with the names it may take, most readable first.
struct Claim {
    candidates: Vec<String>,
    /// The candidate it holds now.
    held: usize,
    /// What it names, for messages (`feature `match-info``).
    subject: String,
    /// Line of the thing on the page, for the diagnostic of a clash.
    line: Option<u32>,
    /// Candidates from this index on only tell clashing texts apart (punctuation spelled out,
    /// case, a number): taking one is reported.
    fallback_from: usize,
    /// The name without its kind (`MatchInfo` of `MatchInfoInfoUpdate`) and the kind, for
    /// a numbered name when every candidate is taken.
    stem: String,
    suffix: &'static str,
}

impl Claim {
    /// A claim whose fallbacks spell out what sets `text` apart: its punctuation, its case
    /// (see [`ident::distinguishing_texts`]).
    /// `prefix` (Pascal case) goes before the name made of `text`, `suffix` after it.
    fn new(
        mut candidates: Vec<String>,
        (prefix, text, suffix): (&str, &str, &'static str),
        subject: String,
        line: Option<u32>,
    ) -> Self {
        let stem = format!("{prefix}{}", ident::convert(text, Case::Pascal));
        let fallback_from = candidates.len();
        let name = |text: &str| format!("{prefix}{}{suffix}", ident::convert(text, Case::Pascal));
        // A text without punctuation keeps its plain name as its first fallback, so that of
        // `match_info` and `match-info` only the second changes.
        candidates.push(name(&ident::spell_punctuation(text)));
        candidates.extend(ident::distinguishing_texts(text).iter().map(|t| name(t)));
        Claim {
            candidates,
            held: 0,
            subject,
            line,
            fallback_from,
            stem,
            suffix,
        }
    }
}

/// A name a claim took because the name it wanted was claimed by others too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameClash {
    pub line: Option<u32>,
    /// What took the name (`feature `match-info``).
    pub what: String,
    pub wanted: String,
    pub others: Vec<String>,
    pub name: String,
}

/// Gives every claim its most readable candidate that no other claim or reserved name takes.
///
/// A name claimed twice moves every claimant to its next candidate (so neither of two
/// `kill` events gets the plain name by accident of page order). Past the readable
/// candidates, the fallbacks spell out what tells the texts apart (punctuation, case) and, as
/// a last resort, a number (the claimant's rank among the clashing ones, by text); every
/// fallback taken is returned as a [`NameClash`], for a diagnostic. Only a numbered name that
/// is itself taken is an error.
fn assign_names(
    claims: &mut [Claim],
    reserved: &BTreeSet<String>,
) -> Result<(Vec<String>, Vec<NameClash>)> {
    let mut moves: BTreeMap<usize, (String, Vec<String>)> = BTreeMap::new();
    loop {
        let mut holders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, claim) in claims.iter().enumerate() {
            holders
                .entry(&claim.candidates[claim.held])
                .or_default()
                .push(index);
        }
        let clashes: Vec<(String, Vec<usize>)> = holders
            .into_iter()
            .filter(|(name, who)| who.len() > 1 || reserved.contains(*name))
            .map(|(name, who)| (name.to_string(), who))
            .collect();
        if clashes.is_empty() {
            let names: Vec<String> = claims
                .iter()
                .map(|c| c.candidates[c.held].clone())
                .collect();
            let reported = claims
                .iter()
                .enumerate()
                .filter(|(_, claim)| claim.held >= claim.fallback_from)
                .filter_map(|(index, claim)| {
                    let (wanted, others) = moves.get(&index)?.clone();
                    if wanted == names[index] {
                        return None;
                    }
                    Some(NameClash {
                        line: claim.line,
                        what: claim.subject.clone(),
                        wanted,
                        others,
                        name: names[index].clone(),
                    })
                })
                .collect();
            return Ok((names, reported));
        }
        for (name, who) in clashes {
            let mut by_text = who.clone();
            by_text.sort_by(|a, b| claims[*a].subject.cmp(&claims[*b].subject).then(a.cmp(b)));
            for &index in &who {
                let others: Vec<String> = who
                    .iter()
                    .filter(|&&other| other != index)
                    .map(|&other| claims[other].subject.clone())
                    .collect();
                let claim = &mut claims[index];
                if claim.held + 1 >= claim.fallback_from {
                    moves
                        .entry(index)
                        .or_insert_with(|| (name.clone(), others.clone()));
                }
                claim.held += 1;
                if claim.held == claim.candidates.len() {
                    if claim.candidates.len() > claim.fallback_from + 8 {
                        bail!(
                            "type name `{name}` is claimed by {} and {} and no other name is free: rename a feature with a `rename_feature` correction in spec/overrides",
                            claim.subject,
                            others.join(" and ")
                        );
                    }
                    let rank = by_text.iter().position(|&i| i == index).unwrap_or(0) + 1;
                    let numbered = format!("{}{rank}{}", claim.stem, claim.suffix);
                    let numbered = if claim.candidates.contains(&numbered) {
                        format!("{}{rank}{}{}", claim.stem, claim.held, claim.suffix)
                    } else {
                        numbered
                    };
                    claim.candidates.push(numbered);
                }
            }
        }
    }
}

/// Whether a table row of `feature` documents `key` in `category` (exactly or as a family).
fn documents(feature: &Feature, category: &str, key: &str) -> bool {
    (feature.info_updates.iter())
        .any(|info| info.category == category && info.closeness(Some(category), key).is_some())
}

/// Where the docs' examples send info keys besides their table rows: per key, the
/// `(category, key)` placements its rows do not document, and per feature, the other feature
/// names its keys are sent under.
struct Placements<'a> {
    aliases: HashMap<*const InfoUpdate, Vec<(String, String)>>,
    also_named: HashMap<&'a str, Vec<String>>,
}

impl<'a> Placements<'a> {
    /// Every info example of the page, routed to the key it names: the key whose note shows
    /// it, else the only key of that name in the note's feature, else the only one on the page.
    /// A placement two keys of one feature are sent in is ambiguous: neither gets it.
    fn of(ir: &'a GameIr) -> Self {
        let mut aliases: HashMap<*const InfoUpdate, Vec<(String, String)>> = HashMap::new();
        let mut also_named: HashMap<&'a str, Vec<String>> = HashMap::new();
        for doc in doc_examples::game_examples(&ir.features) {
            let Some(Payload::Info {
                feature: named,
                category,
                key,
                ..
            }) = doc.example.payload
            else {
                continue;
            };
            let Some((feature, info)) = sent_as(ir, &doc, key) else {
                continue;
            };
            if let Some(named) = named.as_ref().filter(|named| **named != feature.name) {
                also_named
                    .entry(&feature.name)
                    .or_default()
                    .push(named.clone());
            }
            let category = category.as_deref().unwrap_or(&info.category);
            if !documents(feature, category, key) {
                let key = if info.family.is_some() {
                    &info.key
                } else {
                    key
                };
                aliases
                    .entry(info)
                    .or_default()
                    .push((category.to_owned(), key.clone()));
            }
        }
        for list in aliases.values_mut() {
            list.sort();
            list.dedup();
        }
        for list in also_named.values_mut() {
            list.sort();
            list.dedup();
        }
        for feature in &ir.features {
            let of_key = |info: &InfoUpdate| aliases.get(&(info as *const _)).cloned();
            let claimed: Vec<Vec<(String, String)>> = (feature.info_updates.iter())
                .map(|info| of_key(info).unwrap_or_default())
                .collect();
            for (index, info) in feature.info_updates.iter().enumerate() {
                let shared = |alias: &(String, String)| {
                    (claimed.iter().enumerate())
                        .any(|(other, list)| other != index && list.contains(alias))
                };
                if let Some(list) = aliases.get_mut(&(info as *const _)) {
                    list.retain(|alias| !shared(alias));
                }
            }
        }
        Placements {
            aliases,
            also_named,
        }
    }
}

/// The documented key an example sending `key` stands for, with its feature.
fn sent_as<'a>(
    ir: &'a GameIr,
    doc: &DocExample<'a>,
    key: &str,
) -> Option<(&'a Feature, &'a InfoUpdate)> {
    let sent_in = match doc.example.payload {
        Some(Payload::Info { category, .. }) => category.as_deref(),
        _ => None,
    };
    if let Some(EntryRef::Info(own)) = doc.entry {
        if own
            .closeness(sent_in.or(Some(&own.category)), key)
            .is_some()
        {
            return Some((doc.feature, own));
        }
    }
    let in_feature = closest(
        doc.feature.info_updates.iter().map(|i| (doc.feature, i)),
        sent_in,
        key,
    );
    if let [only] = in_feature[..] {
        return Some(only);
    }
    let anywhere = closest(
        (ir.features.iter()).flat_map(|f| f.info_updates.iter().map(move |i| (f, i))),
        sent_in,
        key,
    );
    if !anywhere.is_empty() {
        return (anywhere.len() == 1).then(|| anywhere[0]);
    }
    // No row names the key: the example renames the key whose note shows it, or the only key
    // of its category when the note names no key (`version_info` for `gep_internal`).
    match doc.entry {
        Some(EntryRef::Info(own)) => Some((doc.feature, own)),
        Some(EntryRef::Event(_)) => None,
        None => {
            let Some(Payload::Info { category, .. }) = doc.example.payload else {
                return None;
            };
            let category = category.as_deref()?;
            let mut in_category = (doc.feature.info_updates.iter())
                .filter(|info| info.category == category && info.family.is_none());
            let only = in_category.next()?;
            in_category.next().is_none().then_some((doc.feature, only))
        }
    }
}

/// The rows that document `key` most closely (see [`InfoUpdate::closeness`]).
fn closest<'a>(
    rows: impl Iterator<Item = (&'a Feature, &'a InfoUpdate)>,
    category: Option<&str>,
    key: &str,
) -> Vec<(&'a Feature, &'a InfoUpdate)> {
    let mut found: Vec<(u8, (&'a Feature, &'a InfoUpdate))> = rows
        .filter_map(|row| Some((row.1.closeness(category, key)?, row)))
        .collect();
    let best = found.iter().map(|&(closeness, _)| closeness).min();
    found.retain(|&(closeness, _)| Some(closeness) == best);
    found.into_iter().map(|(_, row)| row).collect()
}

/// A category's keys, each with the index of its value type's name claim, while names are
/// claimed.
struct CategorySlot<'a> {
    name: &'a str,
    keys: Vec<(&'a InfoUpdate, Option<usize>)>,
}

/// Warnings for the names [`lower_game`] had to tell apart (`match_info` beside `match-info`),
/// with the fix: the names hold, but they depend on text a human should look at.
pub fn name_diagnostics(ir: &GameIr) -> Vec<Diagnostic> {
    let Ok(model) = lower_game(ir) else {
        return Vec::new();
    };
    let file = format!("spec/overrides/{}.yaml", ir.game.slug);
    model
        .clashes
        .iter()
        .map(|clash| {
            Diagnostic::warning(
                clash.line,
                Code::NameClash,
                format!(
                    "{} and {} both become the type name `{}`; {} is named `{}`. Check the page; to choose the names, rename a feature with a `rename_feature` correction in {file}",
                    clash.what,
                    clash.others.join(" and "),
                    clash.wanted,
                    clash.what,
                    clash.name
                ),
            )
        })
        .collect()
}

/// Names every type of one game.
pub fn lower_game(ir: &GameIr) -> Result<GameModel<'_>> {
    let reserved: BTreeSet<String> = RESERVED_NAMES.iter().map(|s| s.to_string()).collect();
    let mut claims = Vec::new();
    // Skeleton with claim indices, filled with names once all claims are settled.
    struct Slots<'a> {
        feature: &'a Feature,
        info_claim: usize,
        categories: Vec<CategorySlot<'a>>,
        events: Vec<(&'a Event, usize, Option<usize>)>,
    }
    let mut slots = Vec::new();
    for feature in &ir.features {
        let f = ident::convert(&feature.name, Case::Pascal);
        claims.push(Claim::new(
            vec![format!("{f}InfoUpdate")],
            ("", &feature.name, "InfoUpdate"),
            format!("feature `{}`", feature.name),
            feature.line,
        ));
        let info_claim = claims.len() - 1;
        let mut categories: Vec<CategorySlot<'_>> = Vec::new();
        let mut seen_keys = BTreeSet::new();
        for info in &feature.info_updates {
            if !seen_keys.insert((info.category.as_str(), info.key.as_str())) {
                continue;
            }
            let claim = needs_name(&info.value).then(|| {
                let base = ident::convert(&key_base(info), Case::Pascal);
                let c = ident::convert(&info.category, Case::Pascal);
                let raw = ident::convert(&info.key, Case::Pascal);
                claims.push(Claim::new(
                    vec![
                        format!("{base}Value"),
                        format!("{f}{base}Value"),
                        format!("{f}{c}{raw}Value"),
                    ],
                    (&format!("{f}{c}"), &info.key, "Value"),
                    format!("key `{}` of feature `{}`", info.key, feature.name),
                    Some(info.line),
                ));
                claims.len() - 1
            });
            match categories.iter_mut().find(|c| c.name == info.category) {
                Some(slot) => slot.keys.push((info, claim)),
                None => categories.push(CategorySlot {
                    name: &info.category,
                    keys: vec![(info, claim)],
                }),
            }
        }
        let mut events = Vec::new();
        let mut seen_events = BTreeSet::new();
        for event in &feature.events {
            if !seen_events.insert(event.name.as_str()) {
                continue;
            }
            let e = ident::convert(&event.name, Case::Pascal);
            let what = format!("event `{}` of feature `{}`", event.name, feature.name);
            claims.push(Claim::new(
                vec![format!("{e}Event"), format!("{f}{e}Event")],
                (&f, &event.name, "Event"),
                what.clone(),
                Some(event.line),
            ));
            let event_claim = claims.len() - 1;
            let data_claim = needs_name(&event.data).then(|| {
                claims.push(Claim::new(
                    vec![format!("{e}Data"), format!("{f}{e}Data")],
                    (&f, &event.name, "Data"),
                    what,
                    Some(event.line),
                ));
                claims.len() - 1
            });
            events.push((event, event_claim, data_claim));
        }
        slots.push(Slots {
            feature,
            info_claim,
            categories,
            events,
        });
    }
    let (names, clashes) = assign_names(&mut claims, &reserved)?;
    let placements = Placements::of(ir);
    let mut features: Vec<FeatureModel<'_>> = slots
        .into_iter()
        .map(|slot| FeatureModel {
            ir: slot.feature,
            info_update_type: names[slot.info_claim].clone(),
            categories: slot
                .categories
                .into_iter()
                .map(|CategorySlot { name, keys }| CategoryModel {
                    name,
                    keys: keys
                        .into_iter()
                        .map(|(ir, claim)| KeyModel {
                            ir,
                            value_type: claim.map(|i| names[i].clone()),
                            aliases: placements
                                .aliases
                                .get(&(ir as *const _))
                                .cloned()
                                .unwrap_or_default(),
                            update_type: String::new(),
                        })
                        .collect(),
                })
                .collect(),
            events: slot
                .events
                .into_iter()
                .map(|(ir, event_claim, data_claim)| EventModel {
                    ir,
                    event_type: names[event_claim].clone(),
                    data_type: data_claim.map(|i| names[i].clone()),
                    update_type: String::new(),
                })
                .collect(),
            also_named: (placements
                .also_named
                .get(slot.feature.name.as_str())
                .cloned())
            .unwrap_or_default(),
        })
        .collect();
    let mut nested = NestedNames {
        taken: reserved.into_iter().chain(names).collect(),
        types: Vec::new(),
        names: HashMap::new(),
        clashes,
    };
    for feature in &features {
        for key in feature.categories.iter().flat_map(|c| &c.keys) {
            if let Some(name) = &key.value_type {
                let subject = format!("the value of `{}`", key.ir.key);
                nested.declare(name, &key.ir.value, subject, true);
            }
        }
        for event in &feature.events {
            if let Some(name) = &event.data_type {
                let subject = format!("the data of event `{}`", event.ir.name);
                nested.declare(name, &event.ir.data, subject, false);
            }
        }
    }
    // The decoded updates (`RosterUpdate`, `KillUpdate`), named last so that no other name
    // depends on them.
    for feature in &mut features {
        let f = ident::convert(&feature.ir.name, Case::Pascal);
        for key in feature.categories.iter_mut().flat_map(|c| &mut c.keys) {
            let base = ident::convert(&key_base(key.ir), Case::Pascal);
            let what = format!("the decoded update of key `{}`", key.ir.key);
            key.update_type = nested.claim_first(
                &[format!("{base}Update"), format!("{f}{base}Update")],
                &what,
            );
        }
        for event in &mut feature.events {
            let e = ident::convert(&event.ir.name, Case::Pascal);
            let what = format!("the decoded update of event `{}`", event.ir.name);
            event.update_type =
                nested.claim_first(&[format!("{e}Update"), format!("{f}{e}EventUpdate")], &what);
        }
    }
    let NestedNames {
        types,
        names,
        clashes,
        taken: _,
    } = nested;
    Ok(GameModel {
        ir,
        namespace: ident::convert(&ir.game.slug, Case::Pascal),
        features,
        types,
        names,
        clashes,
    })
}

/// Names the types nested in the named values, once the values' own names are settled:
/// `{parent}{Field}` for a field, `{parent}Item` for an array's items, `{parent}Value` for a
/// map's values. A name taken already gets the fallbacks of [`ident::distinguishing_texts`],
/// then a number, reported as a clash.
struct NestedNames<'a> {
    taken: BTreeSet<String>,
    types: Vec<NamedType<'a>>,
    names: HashMap<*const ValueType, String>,
    clashes: Vec<NameClash>,
}

impl<'a> NestedNames<'a> {
    /// Records `value` as the named type `name`, then names what is nested in it.
    fn declare(&mut self, name: &str, value: &'a ValueType, subject: String, of_info: bool) {
        self.names.insert(value, name.to_owned());
        self.types.push(NamedType {
            name: name.to_owned(),
            value,
            subject,
            of_info,
        });
        let mut nested: Vec<(String, &'a ValueType, String)> = Vec::new();
        match &value.shape {
            Shape::Object { fields } => {
                let mut seen = BTreeSet::new();
                for field in fields {
                    if seen.insert(field.name.as_str()) && needs_name(&field.value) {
                        let what = format!("field `{}` of `{name}`", field.name);
                        let wanted = (name, field.name.as_str(), "");
                        nested.push((self.claim(wanted, &what), &field.value, what));
                    }
                }
            }
            Shape::Array { items } => {
                let what = format!("the items of `{name}`");
                let item_name = self.claim((name, "item", ""), &what);
                if needs_name(items) {
                    nested.push((item_name, items, what));
                } else {
                    self.names.insert(&**items, item_name);
                }
            }
            Shape::Map { values } if needs_name(values) => {
                let what = format!("the values of `{name}`");
                nested.push((self.claim((name, "value", ""), &what), values, what));
            }
            _ => {}
        }
        for (nested_name, nested_value, what) in nested {
            self.declare(&nested_name, nested_value, what, of_info);
        }
    }

    /// The first free name of `candidates` (readable alternatives), else the first numbered
    /// one, which is reported as a clash.
    fn claim_first(&mut self, candidates: &[String], what: &str) -> String {
        self.take(candidates, candidates.len(), what)
    }

    /// The first free name of `{prefix}{Text}{suffix}`, its fallbacks (punctuation spelled
    /// out, case), or a numbered one; any but the first is reported as a clash.
    fn claim(&mut self, (prefix, text, suffix): (&str, &str, &str), what: &str) -> String {
        let name = |text: &str| format!("{prefix}{}{suffix}", ident::convert(text, Case::Pascal));
        let candidates: Vec<String> = [name(text), name(&ident::spell_punctuation(text))]
            .into_iter()
            .chain(ident::distinguishing_texts(text).iter().map(|t| name(t)))
            .collect();
        self.take(&candidates, 1, what)
    }

    /// Takes the first free of `candidates`, else `candidates[0]` numbered; reports a clash
    /// unless it is one of the first `readable` candidates.
    fn take(&mut self, candidates: &[String], readable: usize, what: &str) -> String {
        let wanted = &candidates[0];
        let numbered = (2..).map(|n| format!("{wanted}{n}"));
        let free = (candidates.iter().cloned())
            .chain(numbered)
            .find(|candidate| !self.taken.contains(candidate))
            .unwrap_or_default();
        if !candidates[..readable].contains(&free) {
            self.clashes.push(NameClash {
                line: None,
                what: what.to_owned(),
                wanted: wanted.clone(),
                others: vec![format!("the type already named `{wanted}`")],
                name: free.clone(),
            });
        }
        self.taken.insert(free.clone());
        free
    }
}

impl<'a> FeatureModel<'a> {
    /// The key model a concrete wire key of this feature and category stands for: the
    /// documented key or family, else the key whose examples send it this way.
    pub fn find_key(&self, category: &str, key: &str) -> Option<&KeyModel<'a>> {
        let documented = self
            .categories
            .iter()
            .find(|c| c.name == category)
            .and_then(|slot| {
                (slot.keys.iter())
                    .filter_map(|k| Some((k.ir.closeness(Some(category), key)?, k)))
                    .min_by_key(|&(closeness, _)| closeness)
                    .map(|(_, k)| k)
            });
        documented.or_else(|| {
            (self.categories.iter()).flat_map(|c| &c.keys).find(|k| {
                k.aliases
                    .iter()
                    .any(|(c, alias)| c == category && k.sends(alias, key))
            })
        })
    }
}

impl KeyModel<'_> {
    /// Whether `key`, sent where alias `alias` of this key stands, is this key: the alias
    /// itself, or for a family any of its keys.
    pub fn sends(&self, alias: &str, key: &str) -> bool {
        alias == key || self.ir.family.as_ref().is_some_and(|f| f.contains(key))
    }
}

/// A key the docs' examples send in place of a documented one (`version_info` for
/// `gep_internal`), which every decoder looks up as that key.
#[derive(Debug, Clone, Copy)]
pub struct RenamedKey<'m, 'a> {
    /// The key as the examples send it.
    pub wire: &'m str,
    pub key: &'m KeyModel<'a>,
}

/// The documented keys that share one wire key (a key, or a family's prefix and suffix),
/// one per category: the decoder picks among them by category.
#[derive(Debug)]
pub struct LookupGroup<'m, 'a> {
    pub wire: WireKey,
    pub keys: Vec<&'m KeyModel<'a>>,
}

impl<'a> GameModel<'a> {
    /// The decoded keys in the order every decoder tries them (docs/decoding.md): grouped by
    /// wire key in order of first appearance, so that a family documented in two categories
    /// is tried category by category before the next family; keys the page lists by
    /// themselves, then index families, then families of keys named by the data, which take
    /// any key left of their category.
    pub fn lookup_groups(&self) -> Vec<LookupGroup<'_, 'a>> {
        let mut groups: Vec<LookupGroup<'_, 'a>> = Vec::new();
        for key in self.decoded_keys() {
            let wire = key.ir.wire_key();
            match groups.iter_mut().find(|group| group.wire == wire) {
                Some(group) => group.keys.push(key),
                None => groups.push(LookupGroup {
                    wire,
                    keys: vec![key],
                }),
            }
        }
        groups.sort_by_key(|group| KeyFamily::precedence(group.keys[0].ir.family.as_ref()));
        groups
    }

    /// The keys the decoders look up, in page order: the first row of each key (or family)
    /// and category, since the same key documented in two features is one key on the wire.
    pub fn decoded_keys(&self) -> Vec<&KeyModel<'a>> {
        let mut keys: Vec<&KeyModel<'a>> = Vec::new();
        for key in (self.features.iter())
            .flat_map(|f| &f.categories)
            .flat_map(|c| &c.keys)
        {
            let wire = key.ir.wire_key();
            if !(keys.iter()).any(|k| k.ir.wire_key() == wire && k.ir.category == key.ir.category) {
                keys.push(key);
            }
        }
        keys
    }

    /// The features whose tables document a decoded key (the same key and category).
    pub fn features_documenting(&self, key: &KeyModel<'_>) -> Vec<&'a str> {
        let wire = key.ir.wire_key();
        (self.features.iter())
            .filter(|feature| {
                (feature.categories.iter().flat_map(|c| &c.keys))
                    .any(|k| k.ir.category == key.ir.category && k.ir.wire_key() == wire)
            })
            .map(|feature| feature.ir.name.as_str())
            .collect()
    }

    /// The features whose tables document an event of this name.
    pub fn features_with_event(&self, name: &str) -> Vec<&'a str> {
        (self.features.iter())
            .filter(|feature| feature.events.iter().any(|e| e.ir.name == name))
            .map(|feature| feature.ir.name.as_str())
            .collect()
    }

    /// The events the decoders look up, in page order: the first of each name, since the
    /// same event documented in two features is one event on the wire.
    pub fn decoded_events(&self) -> Vec<&EventModel<'a>> {
        let mut events: Vec<&EventModel<'a>> = Vec::new();
        for event in self.features.iter().flat_map(|f| &f.events) {
            if !events.iter().any(|e| e.ir.name == event.ir.name) {
                events.push(event);
            }
        }
        events
    }

    /// The keys the docs' examples send in place of a documented key ([`KeyModel::aliases`]),
    /// as the decoders look them up whatever their category: never a documented key or a key of
    /// a family, and never a key the examples of two keys send (which would be ambiguous).
    pub fn renamed_keys(&self) -> Vec<RenamedKey<'_, 'a>> {
        let keys = self.decoded_keys();
        let documented = |wire: &str| {
            keys.iter().any(|k| match &k.ir.family {
                Some(family) => family.index_of(wire).is_some(),
                None => k.ir.key == wire,
            })
        };
        let mut owners: Vec<(&str, Vec<&KeyModel<'a>>)> = Vec::new();
        for key in keys.iter().filter(|k| k.ir.family.is_none()) {
            for (_, wire) in &key.aliases {
                if documented(wire) {
                    continue;
                }
                match owners.iter_mut().find(|(w, _)| w == wire) {
                    Some((_, list)) if !list.iter().any(|k| std::ptr::eq(*k, *key)) => {
                        list.push(key)
                    }
                    Some(_) => {}
                    None => owners.push((wire, vec![key])),
                }
            }
        }
        owners
            .into_iter()
            .filter_map(|(wire, list)| match list[..] {
                [key] => Some(RenamedKey { wire, key }),
                _ => None,
            })
            .collect()
    }

    /// The title a schema gives the type named `name` (`ApexLegendsRosterValue`): unique across
    /// games, for code generators that put several schemas' classes in one module.
    pub fn title(&self, name: &str) -> String {
        format!("{}{name}", self.namespace)
    }

    /// The name of the type of `value`, a value of this model's IR, when it has one (see
    /// [`GameModel::types`]); for an array's items that need no type of their own, the name a
    /// union of their forms takes.
    pub fn type_name(&self, value: &ValueType) -> Option<&str> {
        self.names.get(&(value as *const _)).map(String::as_str)
    }

    /// The key model a concrete wire key (`roster_3`) of a feature and category stands for:
    /// the documented key or family, else the key whose examples send it this way.
    pub fn find_key(&self, feature: &str, category: &str, key: &str) -> Option<&KeyModel<'a>> {
        (self.features.iter())
            .filter(|f| f.ir.name == feature || f.also_named.iter().any(|n| n == feature))
            .find_map(|f| f.find_key(category, key))
    }

    /// The first event of this name, in the given feature if it has one, else in any feature.
    pub fn find_event(&self, feature: &str, name: &str) -> Option<&EventModel<'a>> {
        let in_feature = self
            .features
            .iter()
            .filter(|f| f.ir.name == feature)
            .flat_map(|f| &f.events)
            .find(|e| e.ir.name == name);
        in_feature.or_else(|| {
            self.features
                .iter()
                .flat_map(|f| &f.events)
                .find(|e| e.ir.name == name)
        })
    }
}

/// Which GEP listener an instance is delivered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// `onInfoUpdates2`: `{"info":{category:{key:value}},"feature":...}`.
    Info,
    /// `onNewEvents`: `{"events":[{"name":...,"data":...}]}`.
    Events,
}

/// A doc example in its full envelope, as an app receives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleInstance {
    /// Line of the example on the page.
    pub line: u32,
    pub feature: String,
    /// The key or event the example is filed under.
    pub entry: String,
    pub envelope: Envelope,
    /// The whole payload (`{"info":...,"feature":...}` or `{"events":[...]}`).
    pub payload: Value,
    /// Where in `payload` the example's value sits.
    pub value_path: Vec<PathStep>,
    /// The JSON document inside the value, with the name of its type, when it has one.
    pub decoded: Option<(String, Value)>,
    /// A value of the wrong type for this key or event, to put at `value_path`; `None` where
    /// any value is right.
    pub wrong_value: Option<Value>,
}

/// One step into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Key(String),
    Index(usize),
}

impl ExampleInstance {
    /// The payload with the value replaced by one of the wrong type; `None` where any value
    /// is right.
    pub fn wrong_payload(&self) -> Option<Value> {
        let wrong = self.wrong_value.as_ref()?;
        let mut payload = self.payload.clone();
        if let Some(slot) = value_at_mut(&mut payload, &self.value_path) {
            *slot = wrong.clone();
        }
        Some(payload)
    }
}

/// The value at `path`, if the path leads somewhere.
pub fn value_at_mut<'v>(mut value: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    for step in path {
        value = match step {
            PathStep::Key(key) => value.get_mut(key.as_str())?,
            PathStep::Index(index) => value.get_mut(*index)?,
        };
    }
    Some(value)
}

/// A doc example that could not be placed in an envelope, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedExample {
    pub line: u32,
    pub reason: String,
}

/// Every readable doc example of the game in its envelope; the rest, with the reason.
///
/// The examples and their envelopes are the Rust emitter's ([`doc_examples::game_examples`],
/// [`DocExample::envelope`]), whole payloads, so every emitter checks the same ones.
pub fn example_instances(model: &GameModel<'_>) -> (Vec<ExampleInstance>, Vec<SkippedExample>) {
    let mut instances = Vec::new();
    let mut skipped = Vec::new();
    for example in doc_examples::game_examples(&model.ir.features) {
        match place_example(model, &example) {
            Ok(instance) => instances.push(instance),
            Err(reason) => skipped.push(SkippedExample {
                line: example.example.line,
                reason,
            }),
        }
    }
    (instances, skipped)
}

fn place_example(
    model: &GameModel<'_>,
    doc: &DocExample<'_>,
) -> std::result::Result<ExampleInstance, String> {
    let (feature, example) = (doc.feature, doc.example);
    let Some(payload) = example.payload else {
        // Only an unreadable example has no payload; its diagnostic says why.
        return Err("not read as JSON (see its `unreadable-example` diagnostic)".into());
    };
    let envelope = doc
        .envelope(&model.ir.features)
        .ok_or_else(|| "neither the example nor its note names a category".to_string())?;
    let value = match payload {
        Payload::Info { value, .. } | Payload::Bare { value } => value,
        Payload::Event { data, .. } => data,
    };
    if let Some(events) = envelope.get("events") {
        let name = events[0]["name"].as_str().unwrap_or_default();
        let event = model
            .find_event(&feature.name, name)
            .ok_or_else(|| format!("no feature lists event `{name}`"))?;
        return Ok(event_instance(example.line, &feature.name, event, value));
    }
    let feature_name = envelope["feature"].as_str().unwrap_or(&feature.name);
    let (category, key) = envelope["info"]
        .as_object()
        .and_then(|info| info.iter().next())
        .and_then(|(category, keys)| Some((category, keys.as_object()?.keys().next()?)))
        .ok_or_else(|| "an info envelope without a key".to_string())?;
    let key_model = model.find_key(feature_name, category, key).ok_or_else(|| {
        format!("feature `{feature_name}` lists no key `{key}` in category `{category}`")
    })?;
    Ok(info_instance(
        example.line,
        feature_name,
        category,
        key,
        key_model,
        value,
    ))
}

fn decoded_document(
    value: &WireValue,
    value_type: &ValueType,
    name: Option<&String>,
) -> Option<(String, Value)> {
    let name = name?;
    if !is_document(value_type) {
        return None;
    }
    let document = match (&value.decoded, &value.wire) {
        (Some(decoded), _) => decoded,
        (None, wire @ (Json::Object(_) | Json::Array(_))) => wire,
        _ => return None,
    };
    Some((name.clone(), document.into()))
}

fn info_instance(
    line: u32,
    feature: &str,
    category: &str,
    key: &str,
    model: &KeyModel<'_>,
    value: &WireValue,
) -> ExampleInstance {
    let key = key.to_string();
    let mut categories = serde_json::Map::new();
    let mut keys = serde_json::Map::new();
    keys.insert(key.clone(), Value::from(&value.wire));
    categories.insert(category.to_string(), Value::Object(keys));
    ExampleInstance {
        line,
        feature: feature.to_string(),
        entry: model.ir.key.clone(),
        envelope: Envelope::Info,
        payload: json!({"info": Value::Object(categories), "feature": feature}),
        value_path: vec![
            PathStep::Key("info".into()),
            PathStep::Key(category.to_string()),
            PathStep::Key(key),
        ],
        decoded: decoded_document(value, &model.ir.value, model.value_type.as_ref()),
        wrong_value: wrong_value(&model.ir.value),
    }
}

fn event_instance(
    line: u32,
    feature: &str,
    event: &EventModel<'_>,
    data: &WireValue,
) -> ExampleInstance {
    ExampleInstance {
        line,
        feature: feature.to_string(),
        entry: event.ir.name.clone(),
        envelope: Envelope::Events,
        payload: json!({"events": [{"name": event.ir.name, "data": data.wire}]}),
        value_path: vec![
            PathStep::Key("events".into()),
            PathStep::Index(0),
            PathStep::Key("data".into()),
        ],
        decoded: decoded_document(data, &event.ir.data, event.data_type.as_ref()),
        wrong_value: wrong_value(&event.ir.data),
    }
}

/// A value no reading of `value` accepts, in the schema or in TypeScript: a string where a
/// number or boolean belongs, a number everywhere else (`null` and `""` are resets, so
/// never wrong); `None` for a value of any type.
pub fn wrong_value(value: &ValueType) -> Option<Value> {
    match value.shape {
        Shape::Any => None,
        Shape::Boolean | Shape::Integer | Shape::Float => Some(json!("not a number")),
        Shape::Null
        | Shape::String
        | Shape::Enum { .. }
        | Shape::Object { .. }
        | Shape::Array { .. }
        | Shape::Map { .. } => Some(json!(12345)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature_claim(name: &str) -> Claim {
        Claim::new(
            vec![format!("{}InfoUpdate", ident::convert(name, Case::Pascal))],
            ("", name, "InfoUpdate"),
            format!("feature `{name}`"),
            Some(1),
        )
    }

    #[test]
    fn clashing_names_move_every_claimant_to_its_next_candidate() {
        let claim = |a: &str, b: &str, text: &str| {
            Claim::new(
                vec![a.to_string(), b.to_string()],
                ("", text, "Event"),
                b.to_string(),
                None,
            )
        };
        let mut claims = vec![
            claim("KillEvent", "CombatKillEvent", "kill"),
            claim("KillEvent", "RosterKillEvent", "kill"),
            claim("DeathEvent", "CombatDeathEvent", "death"),
            claim("GameEvent", "MatchGameEvent", "game"),
        ];
        let reserved = BTreeSet::from(["GameEvent".to_string()]);
        let (names, clashes) = assign_names(&mut claims, &reserved).unwrap();
        assert_eq!(
            names,
            [
                "CombatKillEvent",
                "RosterKillEvent",
                "DeathEvent",
                "MatchGameEvent"
            ]
        );
        assert!(
            clashes.is_empty(),
            "planned names are no clash: {clashes:?}"
        );
    }

    #[test]
    fn features_that_differ_in_punctuation_are_told_apart_and_reported() {
        for order in [["match_info", "match-info"], ["match-info", "match_info"]] {
            let mut claims: Vec<Claim> = order.iter().map(|name| feature_claim(name)).collect();
            let (names, clashes) = assign_names(&mut claims, &BTreeSet::new()).unwrap();
            let named: BTreeMap<&str, &str> = order
                .iter()
                .copied()
                .zip(names.iter().map(String::as_str))
                .collect();
            assert_eq!(
                named["match_info"], "MatchInfoInfoUpdate",
                "page order {order:?}"
            );
            assert_eq!(named["match-info"], "MatchMinusInfoInfoUpdate");
            assert_eq!(
                clashes,
                [NameClash {
                    line: Some(1),
                    what: "feature `match-info`".into(),
                    wanted: "MatchInfoInfoUpdate".into(),
                    others: vec!["feature `match_info`".into()],
                    name: "MatchMinusInfoInfoUpdate".into(),
                }]
            );
        }
    }

    /// The page that stopped regen for every game: a feature listed as `match-info` beside a
    /// section `match_info`. Every emitter generates, and the clash is a warning.
    #[test]
    fn a_page_with_clashing_features_generates_with_a_warning() {
        use crate::test_support::{event, feature, ir, key, string};
        let page = ir(
            "clash",
            None,
            vec![
                feature("match-info", vec![key("a", "match_info", string())], vec![]),
                feature(
                    "match_info",
                    vec![key("b", "match_info", string())],
                    vec![event("match_end", string())],
                ),
            ],
        );
        let pages = std::slice::from_ref(&page);
        crate::emit::rust::generate(pages).expect("rust");
        crate::emit::schema::generate(pages).expect("schema");
        crate::emit::ts::generate(pages).expect("typescript");
        let diagnostics = name_diagnostics(&page);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, Code::NameClash);
        assert!(
            diagnostics[0]
                .message
                .contains("`MatchMinusInfoInfoUpdate`")
                && diagnostics[0].message.contains("rename_feature"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn names_that_differ_only_in_case_are_numbered_by_text() {
        let mut claims = vec![feature_claim("matchState"), feature_claim("MatchState")];
        let (names, clashes) = assign_names(&mut claims, &BTreeSet::new()).unwrap();
        assert_eq!(names, ["MatchState2InfoUpdate", "MatchState1InfoUpdate"]);
        assert_eq!(clashes.len(), 2);
        // An all-lowercase text says so instead.
        let mut claims = vec![feature_claim("phase"), feature_claim("Phase")];
        let (names, _) = assign_names(&mut claims, &BTreeSet::new()).unwrap();
        assert_eq!(names, ["PhaseLowercaseInfoUpdate", "Phase1InfoUpdate"]);
    }

    #[test]
    fn wrong_values_differ_from_every_accepted_form() {
        let of = |shape| ValueType {
            shape,
            encoding: crate::ir::Encoding::String,
            nullable: true,
            evidence: Default::default(),
        };
        assert_eq!(
            wrong_value(&of(Shape::Integer)),
            Some(json!("not a number"))
        );
        assert_eq!(wrong_value(&of(Shape::String)), Some(json!(12345)));
        assert_eq!(wrong_value(&of(Shape::Null)), Some(json!(12345)));
        assert_eq!(wrong_value(&of(Shape::Any)), None);
    }
}
