//! Doc drift: what changed for consumers between two IRs of one game, and how badly.
//!
//! [`diff`] compares two [`GameIr`]s and lists typed [`Change`]s, each classed:
//!
//! - **breaking**: a consumer's code or data can stop working. Removed features, keys, events,
//!   payload fields and enum values; a changed type, category or wire encoding; a key or event
//!   moved to another feature; values that become or stop being nullable or optional.
//! - **additive**: new features, keys, events, fields and enum values.
//! - **cosmetic**: documentation only: wording, notes, examples, `since` versions.
//!
//! The classes follow what the generated outputs do with the IR, the strictest one winning:
//! the Rust decoders accept numbers and booleans in either encoding and make every info value
//! and field an `Option`, but the TypeScript types and the JSON Schema describe the wire, so an
//! encoding change, a value that gains or loses `null`, and a field that gains or loses
//! `optional` change them in a way that breaks code (gained) or data validation (lost).
//! A `since` change is always cosmetic: it is documentation metadata, nothing on the wire
//! changes (`0.130` to `130.0` is labelled as the typo fix it is). Where a type was inferred
//! from does not matter to consumers and is not compared.
//!
//! Keys are matched by their wire identity (a family `roster_XX` is `roster_` + index, so
//! `roster_X` is the same key spelled differently), first within a feature, then across
//! features (a move). [`render_markdown`] writes the review; the types serialise to JSON.

use std::fmt::Write;

use serde::Serialize;

use crate::ir::{
    Encoding, EnumValue, Event, Feature, Field, Format, Game, GameIr, InfoUpdate, Note, Shape,
    ValueType,
};

/// How a change affects consumers, worst first (the order the report uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// A consumer's code or data can stop working.
    Breaking,
    /// Something new; existing code and data keep working.
    Additive,
    /// Documentation only.
    Cosmetic,
}

impl Class {
    pub const ALL: [Class; 3] = [Class::Breaking, Class::Additive, Class::Cosmetic];

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Cosmetic => "cosmetic",
        }
    }
}

/// What kind of thing a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Feature,
    Key,
    Event,
}

/// The thing that changed: a feature, a key or an event, and a path inside its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub entry: EntryKind,
    /// The feature, key or event name as the newer page writes it (the older, if removed).
    pub name: String,
    /// Field names from the value down; `[]` stands for the items of an array.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    FeatureAdded,
    FeatureRemoved,
    KeyAdded,
    KeyRemoved,
    /// The key is documented in another feature.
    KeyMoved,
    EventAdded,
    EventRemoved,
    EventMoved,
    CategoryChanged,
    /// A family's placeholder is written differently (`roster_X` for `roster_XX`).
    FamilyChanged,
    /// The shape of the value changed (e.g. string to integer, object to number).
    TypeChanged,
    /// Native JSON to a value spelled out in a string, or back.
    EncodingChanged,
    NullableChanged,
    FieldAdded,
    FieldRemoved,
    FieldOptionalChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumValueDescriptionChanged,
    SinceChanged,
    /// The Values or Fired When cell.
    DescriptionChanged,
    /// The Event Data cell.
    DataDescriptionChanged,
    RemarksChanged,
    NoteChanged,
    /// The "Possible values" list of a value whose type is not an enumeration.
    PossibleValuesChanged,
    ExamplesChanged,
}

impl ChangeKind {
    /// What a change of this kind is about, in a word or two (`type`, `since`, `note`).
    pub fn aspect(self) -> &'static str {
        use ChangeKind::*;
        match self {
            FeatureAdded | FeatureRemoved => "feature",
            KeyAdded | KeyRemoved | EventAdded | EventRemoved => "presence",
            KeyMoved | EventMoved => "feature",
            CategoryChanged => "category",
            FamilyChanged => "written",
            TypeChanged => "type",
            EncodingChanged => "encoding",
            NullableChanged => "nullability",
            FieldAdded | FieldRemoved => "fields",
            FieldOptionalChanged => "presence",
            EnumValueAdded | EnumValueRemoved => "enum values",
            EnumValueDescriptionChanged => "enum value description",
            SinceChanged => "since",
            DescriptionChanged => "description",
            DataDescriptionChanged => "data description",
            RemarksChanged => "remarks",
            NoteChanged => "note",
            PossibleValuesChanged => "possible values",
            ExamplesChanged => "examples",
        }
    }

    /// Each kind has one class; the module documentation says why.
    pub fn class(self) -> Class {
        use ChangeKind::*;
        match self {
            FeatureAdded | KeyAdded | EventAdded | FieldAdded | EnumValueAdded => Class::Additive,
            FeatureRemoved | KeyRemoved | KeyMoved | EventRemoved | EventMoved
            | CategoryChanged | TypeChanged | EncodingChanged | NullableChanged | FieldRemoved
            | FieldOptionalChanged | EnumValueRemoved => Class::Breaking,
            FamilyChanged
            | EnumValueDescriptionChanged
            | SinceChanged
            | DescriptionChanged
            | DataDescriptionChanged
            | RemarksChanged
            | NoteChanged
            | PossibleValuesChanged
            | ExamplesChanged => Class::Cosmetic,
        }
    }
}

/// One change between the older and the newer IR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The feature the subject belongs to in the newer page (the older, if removed).
    pub feature: String,
    pub subject: Subject,
    pub kind: ChangeKind,
    pub class: Class,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Why the change has its class, where that is not obvious.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// Number of changes per class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub breaking: usize,
    pub additive: usize,
    pub cosmetic: usize,
}

impl Counts {
    pub fn of(changes: &[Change]) -> Counts {
        let mut counts = Counts::default();
        for change in changes {
            counts.add(change.class, 1);
        }
        counts
    }

    pub fn add(&mut self, class: Class, n: usize) {
        match class {
            Class::Breaking => self.breaking += n,
            Class::Additive => self.additive += n,
            Class::Cosmetic => self.cosmetic += n,
        }
    }

    pub fn get(&self, class: Class) -> usize {
        match class {
            Class::Breaking => self.breaking,
            Class::Additive => self.additive,
            Class::Cosmetic => self.cosmetic,
        }
    }

    pub fn total(&self) -> usize {
        self.breaking + self.additive + self.cosmetic
    }

    /// `3 breaking, 25 additive, 12 cosmetic`.
    pub fn summary(&self) -> String {
        format!(
            "{} breaking, {} additive, {} cosmetic",
            self.breaking, self.additive, self.cosmetic
        )
    }
}

/// The semantic-versioning step the changes call for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed: no release needed.
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    /// breaking → major, additive → minor, cosmetic → patch.
    pub fn for_counts(counts: Counts) -> Bump {
        if counts.breaking > 0 {
            Bump::Major
        } else if counts.additive > 0 {
            Bump::Minor
        } else if counts.cosmetic > 0 {
            Bump::Patch
        } else {
            Bump::None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "no release",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// A `major.minor.patch` version, as the generated crate and npm package carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReleaseVersion {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl ReleaseVersion {
    /// Reads `1.2.3`; anything else (pre-releases, build metadata) gives `None`.
    pub fn parse(text: &str) -> Option<ReleaseVersion> {
        let mut parts = text.trim().split('.').map(|p| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u64>().ok())
                .flatten()
        });
        let version = ReleaseVersion {
            major: parts.next()??,
            minor: parts.next()??,
            patch: parts.next()??,
        };
        parts.next().is_none().then_some(version)
    }

    /// The next version for `bump`. Below 1.0, cargo and npm treat a minor step as breaking
    /// and a patch step as compatible, so every step moves one place down.
    pub fn bumped(self, bump: Bump) -> ReleaseVersion {
        let ReleaseVersion {
            major,
            minor,
            patch,
        } = self;
        let bump = match (major, bump) {
            (0, Bump::Major) => Bump::Minor,
            (0, Bump::Minor) => Bump::Patch,
            (_, bump) => bump,
        };
        match bump {
            Bump::None => self,
            Bump::Patch => ReleaseVersion {
                patch: patch + 1,
                ..self
            },
            Bump::Minor => ReleaseVersion {
                minor: minor + 1,
                patch: 0,
                ..self
            },
            Bump::Major => ReleaseVersion {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
        }
    }
}

impl std::fmt::Display for ReleaseVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A package's current version and the one the changes call for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionStep {
    pub current: String,
    pub next: String,
}

/// The release the changes call for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    pub bump: Bump,
    /// The generated Rust crate, when its version is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crate_version: Option<VersionStep>,
    /// The generated npm package, when its version is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npm_version: Option<VersionStep>,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub path: String,
    pub format: Format,
    pub game: Game,
}

/// Everything that changed between two IRs of a game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    pub counts: Counts,
    pub release: Release,
    /// Feature by feature, in the newer page's order (removed features last).
    pub changes: Vec<Change>,
}

impl Diff {
    /// Fills in the next versions of the generated packages, from their current versions.
    pub fn with_versions(
        mut self,
        crate_version: Option<ReleaseVersion>,
        npm_version: Option<ReleaseVersion>,
    ) -> Diff {
        let bump = self.release.bump;
        let step = |current: ReleaseVersion| VersionStep {
            current: current.to_string(),
            next: current.bumped(bump).to_string(),
        };
        self.release.crate_version = crate_version.map(step);
        self.release.npm_version = npm_version.map(step);
        self
    }

    /// `apex-legends: 3 breaking, 25 additive, 12 cosmetic → major (crate 0.1.0 → 0.2.0)`.
    pub fn summary_line(&self) -> String {
        let game = if self.old.game.slug == self.new.game.slug {
            self.new.game.slug.clone()
        } else {
            format!("{} → {}", self.old.game.slug, self.new.game.slug)
        };
        if self.changes.is_empty() {
            return format!("{game}: no changes → no release");
        }
        let mut line = format!(
            "{game}: {} → {}",
            self.counts.summary(),
            self.release.bump.as_str()
        );
        let steps: Vec<String> = [
            ("crate", &self.release.crate_version),
            ("npm", &self.release.npm_version),
        ]
        .into_iter()
        .filter_map(|(name, step)| {
            step.as_ref()
                .map(|s| format!("{name} {} → {}", s.current, s.next))
        })
        .collect();
        if !steps.is_empty() {
            let _ = write!(line, " ({})", steps.join(", "));
        }
        line
    }

    /// The worst class among the changes, if any.
    pub fn worst(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).min()
    }
}

/// Why two IRs cannot be compared without `--force`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{old} and {new} document different games; compare pages of one game, or pass --force")]
pub struct DifferentGames {
    pub old: String,
    pub new: String,
}

/// Checks that two IRs document the same game. Ids win when both pages state one (a corpus
/// page's slug comes from its page id, e.g. `lol`, and may differ from the tracked slug);
/// otherwise the slugs must agree.
pub fn same_game(old: &Game, new: &Game) -> Result<(), DifferentGames> {
    let same = match (old.id, new.id) {
        (Some(a), Some(b)) => a == b,
        _ => old.slug == new.slug,
    };
    let describe = |game: &Game| match game.id {
        Some(id) => format!("`{}` (game id {id})", game.slug),
        None => format!("`{}`", game.slug),
    };
    if same {
        Ok(())
    } else {
        Err(DifferentGames {
            old: describe(old),
            new: describe(new),
        })
    }
}

/// Compares two IRs of a game. Pure: the same inputs give the same changes, in the same order.
pub fn diff(old: &GameIr, new: &GameIr) -> Diff {
    let changes = Comparison::new(old, new).run();
    let counts = Counts::of(&changes);
    Diff {
        old: side(old),
        new: side(new),
        counts,
        release: Release {
            bump: Bump::for_counts(counts),
            crate_version: None,
            npm_version: None,
        },
        changes,
    }
}

fn side(ir: &GameIr) -> Side {
    Side {
        path: ir.source.path.clone(),
        format: ir.source.format,
        game: ir.game.clone(),
    }
}

/// How an info key is addressed on the wire: a family is its prefix and suffix, whatever its
/// placeholder (the Rust emitter names its variant the same way).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WireKey {
    Exact(String),
    Family { prefix: String, suffix: String },
}

impl WireKey {
    pub fn of(info: &InfoUpdate) -> WireKey {
        match &info.family {
            Some(family) => WireKey::Family {
                prefix: family.prefix.clone(),
                suffix: family.suffix.clone(),
            },
            None => WireKey::Exact(info.key.clone()),
        }
    }
}

/// A key or event with the index of its feature.
struct Slot<'a, T> {
    feature: usize,
    item: &'a T,
}

/// Pairs of matched (old, new) indexes in new order, and the unmatched on each side.
struct Matching {
    pairs: Vec<(usize, usize)>,
    removed: Vec<bool>,
    added: Vec<bool>,
}

impl Matching {
    /// The new side's entries of feature `index` in page order, each with its old match.
    fn of_new_feature<T>(&self, new: &[Slot<'_, T>], index: usize) -> Vec<(usize, Option<usize>)> {
        let matched = (self.pairs.iter())
            .filter(|&&(_, j)| new[j].feature == index)
            .map(|&(i, j)| (j, Some(i)));
        let added = (0..new.len())
            .filter(|&j| self.added[j] && new[j].feature == index)
            .map(|j| (j, None));
        let mut order: Vec<(usize, Option<usize>)> = matched.chain(added).collect();
        order.sort();
        order
    }
}

/// A test of whether an old and a new slot are the same entry.
type Pass<'p, T> = &'p dyn Fn(&Slot<'_, T>, &Slot<'_, T>) -> bool;

/// Matches in passes from strict to loose, so an exact match is never stolen by a loose one.
fn match_slots<T>(old: &[Slot<'_, T>], new: &[Slot<'_, T>], passes: &[Pass<'_, T>]) -> Matching {
    let mut old_free = vec![true; old.len()];
    let mut new_free = vec![true; new.len()];
    let mut pairs = Vec::new();
    for pass in passes {
        for (j, n) in new.iter().enumerate() {
            if !new_free[j] {
                continue;
            }
            if let Some(i) = (0..old.len()).find(|&i| old_free[i] && pass(&old[i], n)) {
                old_free[i] = false;
                new_free[j] = false;
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_by_key(|&(_, j)| j);
    Matching {
        pairs,
        removed: old_free,
        added: new_free,
    }
}

fn slots<'a, T>(
    features: &'a [Feature],
    items: impl Fn(&'a Feature) -> &'a [T],
) -> Vec<Slot<'a, T>> {
    features
        .iter()
        .enumerate()
        .flat_map(|(feature, f)| items(f).iter().map(move |item| Slot { feature, item }))
        .collect()
}

struct Comparison<'a> {
    old: &'a GameIr,
    new: &'a GameIr,
    /// Index in `old.features` of each new feature that existed before.
    old_feature_of: Vec<Option<usize>>,
    keys: (
        Vec<Slot<'a, InfoUpdate>>,
        Vec<Slot<'a, InfoUpdate>>,
        Matching,
    ),
    events: (Vec<Slot<'a, Event>>, Vec<Slot<'a, Event>>, Matching),
    changes: Vec<Change>,
}

impl<'a> Comparison<'a> {
    fn new(old: &'a GameIr, new: &'a GameIr) -> Self {
        let old_feature_of: Vec<Option<usize>> = new
            .features
            .iter()
            .map(|f| old.features.iter().position(|o| o.name == f.name))
            .collect();
        let same_feature = |o: usize, n: usize| old_feature_of[n] == Some(o);

        let old_keys = slots(&old.features, |f| &f.info_updates);
        let new_keys = slots(&new.features, |f| &f.info_updates);
        let key_matching = match_slots(
            &old_keys,
            &new_keys,
            &[
                &|o, n| {
                    same_feature(o.feature, n.feature)
                        && WireKey::of(o.item) == WireKey::of(n.item)
                        && o.item.category == n.item.category
                },
                &|o, n| {
                    same_feature(o.feature, n.feature) && WireKey::of(o.item) == WireKey::of(n.item)
                },
                &|o, n| {
                    WireKey::of(o.item) == WireKey::of(n.item) && o.item.category == n.item.category
                },
                &|o, n| WireKey::of(o.item) == WireKey::of(n.item),
            ],
        );
        let old_events = slots(&old.features, |f| &f.events);
        let new_events = slots(&new.features, |f| &f.events);
        let event_matching = match_slots(
            &old_events,
            &new_events,
            &[
                &|o, n| same_feature(o.feature, n.feature) && o.item.name == n.item.name,
                &|o, n| o.item.name == n.item.name,
            ],
        );
        Comparison {
            old,
            new,
            old_feature_of,
            keys: (old_keys, new_keys, key_matching),
            events: (old_events, new_events, event_matching),
            changes: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<Change> {
        for (index, feature) in self.new.features.iter().enumerate() {
            match self.old_feature_of[index] {
                None => self.feature_added(index, feature),
                Some(old_index) => self.feature_kept(old_index, index, feature),
            }
        }
        for (old_index, feature) in self.old.features.iter().enumerate() {
            if !self.old_feature_of.contains(&Some(old_index)) {
                self.feature_removed(old_index, feature);
            }
        }
        self.changes
    }

    fn push(
        &mut self,
        feature: &str,
        subject: Subject,
        kind: ChangeKind,
        old: Option<String>,
        new: Option<String>,
        why: Option<&str>,
    ) {
        self.changes.push(Change {
            feature: feature.to_owned(),
            subject,
            kind,
            class: kind.class(),
            old,
            new,
            why: why.map(str::to_owned),
        });
    }

    /// Names of the new keys and events of a new feature that were not moved in.
    fn fresh_entries(&self, index: usize) -> String {
        let (_, new_keys, keys) = &self.keys;
        let (_, new_events, events) = &self.events;
        let key_names: Vec<&str> = new_keys
            .iter()
            .zip(&keys.added)
            .filter(|(slot, added)| **added && slot.feature == index)
            .map(|(slot, _)| slot.item.key.as_str())
            .collect();
        let event_names: Vec<&str> = new_events
            .iter()
            .zip(&events.added)
            .filter(|(slot, added)| **added && slot.feature == index)
            .map(|(slot, _)| slot.item.name.as_str())
            .collect();
        entry_list(&key_names, &event_names)
    }

    fn feature_added(&mut self, index: usize, feature: &Feature) {
        let entries = self.fresh_entries(index);
        self.push(
            &feature.name,
            entry_subject(EntryKind::Feature, &feature.name),
            ChangeKind::FeatureAdded,
            None,
            Some(entries),
            None,
        );
        self.entries_of_new_feature(index, feature, false);
    }

    fn feature_removed(&mut self, old_index: usize, feature: &Feature) {
        let (old_keys, _, keys) = &self.keys;
        let (old_events, _, events) = &self.events;
        let key_names: Vec<&str> = old_keys
            .iter()
            .zip(&keys.removed)
            .filter(|(slot, removed)| **removed && slot.feature == old_index)
            .map(|(slot, _)| slot.item.key.as_str())
            .collect();
        let event_names: Vec<&str> = old_events
            .iter()
            .zip(&events.removed)
            .filter(|(slot, removed)| **removed && slot.feature == old_index)
            .map(|(slot, _)| slot.item.name.as_str())
            .collect();
        let entries = entry_list(&key_names, &event_names);
        self.push(
            &feature.name,
            entry_subject(EntryKind::Feature, &feature.name),
            ChangeKind::FeatureRemoved,
            Some(entries),
            None,
            Some("apps that request this feature with setRequiredFeatures get an error, and its keys and events stop arriving"),
        );
    }

    fn feature_kept(&mut self, old_index: usize, index: usize, feature: &Feature) {
        self.entries_of_new_feature(index, feature, true);
        // What left this feature (and did not move elsewhere).
        let (old_keys, _, keys) = &self.keys;
        let removed_keys: Vec<&'a InfoUpdate> = old_keys
            .iter()
            .zip(&keys.removed)
            .filter(|(slot, removed)| **removed && slot.feature == old_index)
            .map(|(slot, _)| slot.item)
            .collect();
        let (old_events, _, events) = &self.events;
        let removed_events: Vec<&'a Event> = old_events
            .iter()
            .zip(&events.removed)
            .filter(|(slot, removed)| **removed && slot.feature == old_index)
            .map(|(slot, _)| slot.item)
            .collect();
        for info in removed_keys {
            self.push(
                &feature.name,
                entry_subject(EntryKind::Key, &info.key),
                ChangeKind::KeyRemoved,
                Some(format!("category {}", info.category)),
                None,
                None,
            );
        }
        for event in removed_events {
            self.push(
                &feature.name,
                entry_subject(EntryKind::Event, &event.name),
                ChangeKind::EventRemoved,
                None,
                None,
                None,
            );
        }
        let old_notes = &self.old.features[old_index].notes;
        self.compare_notes(&feature.name, old_notes, &feature.notes);
    }

    /// The keys and events of a new-side feature: compared with their match, or added (as
    /// changes of their own only when the feature existed before).
    fn entries_of_new_feature(&mut self, index: usize, feature: &Feature, existed: bool) {
        // Walk the feature's keys, then its events, in page order.
        let key_order = self.keys.2.of_new_feature(&self.keys.1, index);
        for (j, old) in key_order {
            let new_slot = &self.keys.1[j];
            let new_info = new_slot.item;
            match old {
                Some(i) => {
                    let old_slot = &self.keys.0[i];
                    let old_info = old_slot.item;
                    let old_feature = &self.old.features[old_slot.feature].name;
                    if *old_feature != feature.name {
                        self.push(
                            &feature.name,
                            entry_subject(EntryKind::Key, &new_info.key),
                            ChangeKind::KeyMoved,
                            Some(old_feature.clone()),
                            Some(feature.name.clone()),
                            Some(MOVED_WHY),
                        );
                    }
                    self.compare_info(&feature.name, old_info, new_info);
                }
                None if existed => self.push(
                    &feature.name,
                    entry_subject(EntryKind::Key, &new_info.key),
                    ChangeKind::KeyAdded,
                    None,
                    Some(format!("category {}", new_info.category)),
                    None,
                ),
                None => {}
            }
        }

        let event_order = self.events.2.of_new_feature(&self.events.1, index);
        for (j, old) in event_order {
            let new_event = self.events.1[j].item;
            match old {
                Some(i) => {
                    let old_slot = &self.events.0[i];
                    let old_event = old_slot.item;
                    let old_feature = &self.old.features[old_slot.feature].name;
                    if *old_feature != feature.name {
                        self.push(
                            &feature.name,
                            entry_subject(EntryKind::Event, &new_event.name),
                            ChangeKind::EventMoved,
                            Some(old_feature.clone()),
                            Some(feature.name.clone()),
                            Some(MOVED_WHY),
                        );
                    }
                    self.compare_event(&feature.name, old_event, new_event);
                }
                None if existed => self.push(
                    &feature.name,
                    entry_subject(EntryKind::Event, &new_event.name),
                    ChangeKind::EventAdded,
                    None,
                    None,
                    None,
                ),
                None => {}
            }
        }
    }

    fn compare_info(&mut self, feature: &str, old: &InfoUpdate, new: &InfoUpdate) {
        let subject = || entry_subject(EntryKind::Key, &new.key);
        if old.key != new.key {
            self.push(
                feature,
                subject(),
                ChangeKind::FamilyChanged,
                Some(old.key.clone()),
                Some(new.key.clone()),
                Some("the same keys on the wire, written with another placeholder"),
            );
        }
        if old.category != new.category {
            self.push(
                feature,
                subject(),
                ChangeKind::CategoryChanged,
                Some(old.category.clone()),
                Some(new.category.clone()),
                Some("updates arrive under the new category; code and schemas keyed on the old one miss them"),
            );
        }
        self.compare_since(feature, subject(), &old.since, &new.since);
        self.compare_text(
            feature,
            subject(),
            ChangeKind::DescriptionChanged,
            Some(&old.description),
            Some(&new.description),
        );
        self.compare_text(
            feature,
            subject(),
            ChangeKind::RemarksChanged,
            old.remarks.as_deref(),
            new.remarks.as_deref(),
        );
        self.compare_note(
            feature,
            subject(),
            &old.value,
            &new.value,
            &old.note,
            &new.note,
        );
        self.compare_types(feature, &subject(), &old.value, &new.value);
    }

    fn compare_event(&mut self, feature: &str, old: &Event, new: &Event) {
        let subject = || entry_subject(EntryKind::Event, &new.name);
        self.compare_since(feature, subject(), &old.since, &new.since);
        self.compare_text(
            feature,
            subject(),
            ChangeKind::DescriptionChanged,
            Some(&old.description),
            Some(&new.description),
        );
        self.compare_text(
            feature,
            subject(),
            ChangeKind::DataDescriptionChanged,
            Some(&old.data_description),
            Some(&new.data_description),
        );
        self.compare_text(
            feature,
            subject(),
            ChangeKind::RemarksChanged,
            old.remarks.as_deref(),
            new.remarks.as_deref(),
        );
        self.compare_note(
            feature,
            subject(),
            &old.data,
            &new.data,
            &old.note,
            &new.note,
        );
        self.compare_types(feature, &subject(), &old.data, &new.data);
    }

    fn compare_since(
        &mut self,
        feature: &str,
        subject: Subject,
        old: &Option<String>,
        new: &Option<String>,
    ) {
        if normalise(old.as_deref().unwrap_or("")) == normalise(new.as_deref().unwrap_or("")) {
            return;
        }
        let why = match (old.as_deref(), new.as_deref()) {
            (Some(a), Some(b)) if is_version_typo_fix(a, b) => {
                "a version typo fixed; documentation only"
            }
            _ => "documentation metadata; nothing on the wire changes",
        };
        self.push(
            feature,
            subject,
            ChangeKind::SinceChanged,
            old.clone(),
            new.clone(),
            Some(why),
        );
    }

    fn compare_text(
        &mut self,
        feature: &str,
        subject: Subject,
        kind: ChangeKind,
        old: Option<&str>,
        new: Option<&str>,
    ) {
        let (old, new) = (
            old.map(normalise).filter(|t| !t.is_empty()),
            new.map(normalise).filter(|t| !t.is_empty()),
        );
        if old != new {
            self.push(feature, subject, kind, old, new, None);
        }
    }

    /// Note prose, examples, and a "Possible values" list that did not become an enum type
    /// (an enum type's values are compared as part of the type).
    fn compare_note(
        &mut self,
        feature: &str,
        subject: Subject,
        old_value: &ValueType,
        new_value: &ValueType,
        old: &Option<Note>,
        new: &Option<Note>,
    ) {
        fn text(note: &Option<Note>) -> Option<&str> {
            note.as_ref().map(|n| n.text.as_str())
        }
        self.compare_text(
            feature,
            subject.clone(),
            ChangeKind::NoteChanged,
            text(old),
            text(new),
        );
        let is_enum = |v: &ValueType| matches!(v.shape, Shape::Enum { .. });
        if !is_enum(old_value) && !is_enum(new_value) {
            let values = |note: &Option<Note>| -> Vec<String> {
                note.iter()
                    .flat_map(|n| &n.possible_values)
                    .map(|v| normalise(&v.value))
                    .collect()
            };
            let (old_values, new_values) = (values(old), values(new));
            if old_values != new_values {
                self.push(
                    feature,
                    subject.clone(),
                    ChangeKind::PossibleValuesChanged,
                    (!old_values.is_empty()).then(|| old_values.join(", ")),
                    (!new_values.is_empty()).then(|| new_values.join(", ")),
                    Some("listed in the note only; the type is not an enumeration"),
                );
            }
        }
        let examples = |note: &Option<Note>| -> Vec<String> {
            note.iter()
                .flat_map(|n| &n.examples)
                // JSON does not care about whitespace, nor does the reader of an example.
                .map(|x| x.raw.split_whitespace().collect::<String>())
                .collect()
        };
        let (old_examples, new_examples) = (examples(old), examples(new));
        if old_examples != new_examples {
            let added = new_examples
                .iter()
                .filter(|x| !old_examples.contains(x))
                .count();
            let removed = old_examples
                .iter()
                .filter(|x| !new_examples.contains(x))
                .count();
            self.push(
                feature,
                subject,
                ChangeKind::ExamplesChanged,
                Some(plural(old_examples.len(), "example")),
                Some(format!(
                    "{} ({added} new, {removed} gone)",
                    plural(new_examples.len(), "example")
                )),
                None,
            );
        }
    }

    fn compare_notes(&mut self, feature: &str, old: &[Note], new: &[Note]) {
        let text = |notes: &[Note]| {
            notes
                .iter()
                .map(|n| normalise(&format!("{}: {}", n.name, n.text)))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let (old, new) = (text(old), text(new));
        if old != new {
            self.push(
                feature,
                entry_subject(EntryKind::Feature, feature),
                ChangeKind::NoteChanged,
                (!old.is_empty()).then_some(old),
                (!new.is_empty()).then_some(new),
                None,
            );
        }
    }

    fn compare_types(
        &mut self,
        feature: &str,
        subject: &Subject,
        old: &ValueType,
        new: &ValueType,
    ) {
        if std::mem::discriminant(&old.shape) != std::mem::discriminant(&new.shape) {
            self.push(
                feature,
                subject.clone(),
                ChangeKind::TypeChanged,
                Some(describe_type(old)),
                Some(describe_type(new)),
                Some("the generated types change: code written for the old type stops compiling, and payloads of the old type fail the JSON Schema"),
            );
            return;
        }
        // `null` is `null` whatever the encoding, and a value of any type is of any encoding.
        if old.encoding != new.encoding && !matches!(new.shape, Shape::Null | Shape::Any) {
            self.push(
                feature,
                subject.clone(),
                ChangeKind::EncodingChanged,
                Some(encoding_word(old.encoding).to_owned()),
                Some(encoding_word(new.encoding).to_owned()),
                Some("the Rust decoders accept both encodings, but the TypeScript types and the JSON Schema describe the wire and change"),
            );
        }
        // A value that is always null has nothing to become nullable; one of any type takes
        // resets either way.
        if old.nullable != new.nullable && !matches!(new.shape, Shape::Null | Shape::Any) {
            let why = if new.nullable {
                "resets (`null` or `\"\"`) are now expected: TypeScript code must handle them, and Rust event data becomes an `Option`"
            } else {
                "the JSON Schema now rejects the resets (`null` or `\"\"`) that older data carried, and Rust event data stops being an `Option`"
            };
            self.push(
                feature,
                subject.clone(),
                ChangeKind::NullableChanged,
                Some(nullable_word(old.nullable).to_owned()),
                Some(nullable_word(new.nullable).to_owned()),
                Some(why),
            );
        }
        match (&old.shape, &new.shape) {
            (Shape::Enum { values: old_values }, Shape::Enum { values: new_values }) => {
                self.compare_enum(feature, subject, old_values, new_values);
            }
            (Shape::Object { fields: old_fields }, Shape::Object { fields: new_fields }) => {
                self.compare_fields(feature, subject, old_fields, new_fields);
            }
            (Shape::Array { items: old_items }, Shape::Array { items: new_items }) => {
                let mut items = subject.clone();
                items.path.push("[]".to_owned());
                self.compare_types(feature, &items, old_items, new_items);
            }
            // A field inside the values of a map changes as one inside an object does.
            (Shape::Map { values: old_values }, Shape::Map { values: new_values }) => {
                let mut values = subject.clone();
                values.path.push("{}".to_owned());
                self.compare_types(feature, &values, old_values, new_values);
            }
            _ => {}
        }
    }

    fn compare_enum(
        &mut self,
        feature: &str,
        subject: &Subject,
        old: &[EnumValue],
        new: &[EnumValue],
    ) {
        for value in new {
            match old.iter().find(|o| o.value == value.value) {
                None => self.push(
                    feature,
                    subject.clone(),
                    ChangeKind::EnumValueAdded,
                    None,
                    Some(value.value.clone()),
                    None,
                ),
                Some(before) => {
                    let describe = |v: &EnumValue| {
                        v.description
                            .as_deref()
                            .map(normalise)
                            .filter(|d| !d.is_empty())
                    };
                    if describe(before) != describe(value) {
                        self.push(
                            feature,
                            subject.clone(),
                            ChangeKind::EnumValueDescriptionChanged,
                            describe(before).map(|d| format!("{}: {d}", value.value)),
                            describe(value).map(|d| format!("{}: {d}", value.value)),
                            None,
                        );
                    }
                }
            }
        }
        for value in old {
            if !new.iter().any(|n| n.value == value.value) {
                self.push(
                    feature,
                    subject.clone(),
                    ChangeKind::EnumValueRemoved,
                    Some(value.value.clone()),
                    None,
                    Some("narrowed: code that matches this value stops compiling (it still decodes, the enums are open)"),
                );
            }
        }
        // Other spellings of a value that stays: a new one decodes to the known value, a lost
        // one decodes to `Other` from now on.
        for value in new {
            let Some(before) = old.iter().find(|o| o.value == value.value) else {
                continue;
            };
            for alias in value.aliases.iter().filter(|a| !before.aliases.contains(a)) {
                self.push(
                    feature,
                    subject.clone(),
                    ChangeKind::EnumValueAdded,
                    None,
                    Some(format!("{alias} (spelling of {})", value.value)),
                    None,
                );
            }
            for alias in before.aliases.iter().filter(|a| !value.aliases.contains(a)) {
                self.push(
                    feature,
                    subject.clone(),
                    ChangeKind::EnumValueRemoved,
                    Some(format!("{alias} (spelling of {})", value.value)),
                    None,
                    Some("the spelling decodes to `Other` instead of the known value"),
                );
            }
        }
    }

    fn compare_fields(&mut self, feature: &str, subject: &Subject, old: &[Field], new: &[Field]) {
        let at = |name: &str| {
            let mut s = subject.clone();
            s.path.push(name.to_owned());
            s
        };
        for field in new {
            match old.iter().find(|o| o.name == field.name) {
                None => self.push(
                    feature,
                    at(&field.name),
                    ChangeKind::FieldAdded,
                    None,
                    Some(describe_type(&field.value)),
                    None,
                ),
                Some(before) => {
                    if before.optional != field.optional {
                        let why = if field.optional {
                            "the field may now be missing: TypeScript code must handle its absence"
                        } else {
                            "the JSON Schema now requires the field: payloads without it fail validation"
                        };
                        self.push(
                            feature,
                            at(&field.name),
                            ChangeKind::FieldOptionalChanged,
                            Some(optional_word(before.optional).to_owned()),
                            Some(optional_word(field.optional).to_owned()),
                            Some(why),
                        );
                    }
                    self.compare_types(feature, &at(&field.name), &before.value, &field.value);
                }
            }
        }
        for field in old {
            if !new.iter().any(|n| n.name == field.name) {
                self.push(
                    feature,
                    at(&field.name),
                    ChangeKind::FieldRemoved,
                    Some(describe_type(&field.value)),
                    None,
                    None,
                );
            }
        }
    }
}

const MOVED_WHY: &str =
    "apps request features with setRequiredFeatures: one that does not request the new feature stops receiving it";

fn entry_subject(entry: EntryKind, name: &str) -> Subject {
    Subject {
        entry,
        name: name.to_owned(),
        path: Vec::new(),
    }
}

fn entry_list(keys: &[&str], events: &[&str]) -> String {
    let mut parts = Vec::new();
    if !keys.is_empty() {
        parts.push(format!("keys: {}", keys.join(", ")));
    }
    if !events.is_empty() {
        parts.push(format!("events: {}", events.join(", ")));
    }
    if parts.is_empty() {
        "no keys or events".to_owned()
    } else {
        parts.join("; ")
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn encoding_word(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Native => "native JSON",
        Encoding::String => "in a string",
    }
}

fn nullable_word(nullable: bool) -> &'static str {
    if nullable {
        "nullable"
    } else {
        "never null"
    }
}

fn optional_word(optional: bool) -> &'static str {
    if optional {
        "optional"
    } else {
        "always present"
    }
}

/// Whitespace runs as one space: the same words laid out by another docs format are no change.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `0.130` ↔ `130.0`: the docs' usual version typo, corrected or introduced.
pub fn is_version_typo_fix(old: &str, new: &str) -> bool {
    let typo_of = |typo: &str, right: &str| {
        typo.strip_prefix("0.").is_some_and(|minor| {
            let minor = minor.split('.').next().unwrap_or(minor);
            right == format!("{minor}.0") || right.starts_with(&format!("{minor}.0."))
        })
    };
    typo_of(old, new) || typo_of(new, old)
}

/// A compact description of a type: `integer`, `enum(a | b)`, `{name: string, id?: integer}`,
/// `[string]`, with `in a string` for a string-encoded value and `or null` for a nullable one.
pub fn describe_type(value: &ValueType) -> String {
    let mut text = describe_shape(&value.shape);
    if value.encoding == Encoding::String && !matches!(value.shape, Shape::Null | Shape::Any) {
        text.push_str(" in a string");
    }
    if value.nullable && !matches!(value.shape, Shape::Null | Shape::Any) {
        text.push_str(" or null");
    }
    text
}

fn describe_shape(shape: &Shape) -> String {
    const SHOWN: usize = 5;
    match shape {
        Shape::Any => "any".to_owned(),
        Shape::Null => "null".to_owned(),
        Shape::Boolean => "boolean".to_owned(),
        Shape::Integer => "integer".to_owned(),
        Shape::Float => "number".to_owned(),
        Shape::String => "string".to_owned(),
        Shape::Enum { values } => {
            let mut shown: Vec<&str> = values
                .iter()
                .take(SHOWN)
                .map(|v| v.value.as_str())
                .collect();
            let more = values.len().saturating_sub(SHOWN);
            let more = format!("+{more}");
            if values.len() > SHOWN {
                shown.push(&more);
            }
            format!("enum({})", shown.join(" | "))
        }
        Shape::Object { fields } => {
            let mut shown: Vec<String> = fields
                .iter()
                .take(SHOWN)
                .map(|f| {
                    let optional = if f.optional { "?" } else { "" };
                    format!("{}{optional}: {}", f.name, describe_type(&f.value))
                })
                .collect();
            if fields.len() > SHOWN {
                shown.push(format!("+{} fields", fields.len() - SHOWN));
            }
            format!("{{{}}}", shown.join(", "))
        }
        Shape::Array { items } => format!("[{}]", describe_type(items)),
        Shape::Map { values } => format!("{{[key]: {}}}", describe_type(values)),
    }
}

/// The review as Markdown: the summary line, then breaking, additive and cosmetic changes
/// grouped by feature, then the release advice.
pub fn render_markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", diff.summary_line());
    let side = |s: &Side| {
        let id = s
            .game
            .id
            .map_or(String::new(), |id| format!(", game id {id}"));
        format!(
            "{} ({}{id})",
            code(&s.path),
            format!("{:?}", s.format).to_lowercase()
        )
    };
    let _ = writeln!(
        out,
        "- old: {}\n- new: {}",
        side(&diff.old),
        side(&diff.new)
    );
    for class in Class::ALL {
        let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.class == class).collect();
        if changes.is_empty() {
            continue;
        }
        let (title, blurb) = match class {
            Class::Breaking => ("Breaking", "A consumer's code or data can stop working."),
            Class::Additive => (
                "Additive",
                "New things; existing code and data keep working.",
            ),
            Class::Cosmetic => (
                "Cosmetic",
                "Documentation only: wording, notes, examples, versions.",
            ),
        };
        let _ = writeln!(out, "\n## {title} ({})\n\n{blurb}", changes.len());
        let mut features: Vec<&str> = Vec::new();
        for change in &changes {
            if !features.contains(&change.feature.as_str()) {
                features.push(&change.feature);
            }
        }
        for feature in features {
            let _ = writeln!(out, "\n### {}\n", code(feature));
            for change in changes.iter().filter(|c| c.feature == feature) {
                let _ = writeln!(out, "- {}", describe_change(change));
            }
        }
    }
    let _ = writeln!(out, "\n## Release\n");
    let _ = writeln!(out, "{}", release_advice(&diff.release, diff.counts));
    out
}

/// The release paragraph: the bump and why, and the versions when known.
pub fn release_advice(release: &Release, counts: Counts) -> String {
    let reason = match release.bump {
        Bump::None => return "Nothing changed for consumers: no release needed.".to_owned(),
        Bump::Major => format!("{} breaking", counts.breaking),
        Bump::Minor => format!("{} additive", counts.additive),
        Bump::Patch => format!("{} cosmetic", counts.cosmetic),
    };
    let mut text = format!(
        "Semver: **{}** ({reason}; breaking → major, additive → minor, cosmetic → patch).",
        release.bump.as_str()
    );
    for (name, step) in [
        ("generated crate", &release.crate_version),
        ("npm package", &release.npm_version),
    ] {
        if let Some(step) = step {
            let _ = write!(
                text,
                "\n- {name}: {} → **{}**",
                code(&step.current),
                step.next
            );
            if step.current.starts_with("0.") {
                text.push_str(" (below 1.0, cargo and npm treat the minor as the breaking place)");
            }
        }
    }
    text
}

/// Changes of the value (as opposed to the entry's documentation or place).
fn is_about_value(kind: ChangeKind) -> bool {
    matches!(
        kind,
        ChangeKind::TypeChanged
            | ChangeKind::EncodingChanged
            | ChangeKind::NullableChanged
            | ChangeKind::FieldAdded
            | ChangeKind::FieldRemoved
            | ChangeKind::FieldOptionalChanged
            | ChangeKind::EnumValueAdded
            | ChangeKind::EnumValueRemoved
            | ChangeKind::EnumValueDescriptionChanged
    )
}

/// One bullet: what changed, old → new, and why it has its class.
pub fn describe_change(change: &Change) -> String {
    let subject = describe_subject(&change.subject, is_about_value(change.kind));
    let (old, new) = excerpts(change.old.as_deref(), change.new.as_deref());
    let mut line = match change.kind {
        ChangeKind::FeatureAdded => format!(
            "feature {} added ({})",
            code(&change.subject.name),
            new.unwrap_or_default()
        ),
        ChangeKind::FeatureRemoved => format!(
            "feature {} removed ({})",
            code(&change.subject.name),
            old.unwrap_or_default()
        ),
        ChangeKind::KeyAdded | ChangeKind::EventAdded => {
            let detail = new.map(|n| format!(" ({n})")).unwrap_or_default();
            format!("{subject} added{detail}")
        }
        ChangeKind::KeyRemoved | ChangeKind::EventRemoved => {
            let detail = old.map(|o| format!(" ({o})")).unwrap_or_default();
            format!("{subject} removed{detail}")
        }
        ChangeKind::KeyMoved | ChangeKind::EventMoved => format!(
            "{subject} moved from feature {} to {}",
            code(&old.unwrap_or_default()),
            code(&new.unwrap_or_default())
        ),
        ChangeKind::FieldAdded => format!("{subject} added: {}", code(&new.unwrap_or_default())),
        ChangeKind::FieldRemoved => {
            format!("{subject} removed (was {})", code(&old.unwrap_or_default()))
        }
        ChangeKind::EnumValueAdded => format!(
            "{subject}: enum value {} added",
            code(&new.unwrap_or_default())
        ),
        ChangeKind::EnumValueRemoved => format!(
            "{subject}: enum value {} removed",
            code(&old.unwrap_or_default())
        ),
        kind => {
            let what = kind.aspect();
            let show = |v: Option<String>| v.map_or_else(|| "(none)".to_owned(), |v| code(&v));
            format!("{subject}: {what} {} → {}", show(old), show(new))
        }
    };
    if let Some(why) = &change.why {
        if change.class != Class::Cosmetic || change.kind == ChangeKind::SinceChanged {
            let _ = write!(line, ". {}", upper_first(why));
        }
    }
    line
}

/// `key `roster_XX``, `event `kill``, `event `kill` data field `victimName``.
pub fn describe_subject(subject: &Subject, value: bool) -> String {
    let mut text = match subject.entry {
        EntryKind::Feature => format!("feature {}", code(&subject.name)),
        EntryKind::Key => format!("key {}", code(&subject.name)),
        EntryKind::Event if value => format!("event {} data", code(&subject.name)),
        EntryKind::Event => format!("event {}", code(&subject.name)),
    };
    if !subject.path.is_empty() {
        let path = subject.path.join(".").replace(".[]", "[]");
        let _ = write!(text, " field {}", code(&path));
    }
    text
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// At most this many characters of a text in a bullet; the JSON report keeps the full text.
const SHOWN_CHARS: usize = 100;
/// Unchanged words shown around the part of a long text that changed.
const CONTEXT_CHARS: usize = 24;

/// Both texts, one line each, cut to the part that differs when they are long: the common
/// beginning and end are replaced by `…` but for a little context.
fn excerpts(old: Option<&str>, new: Option<&str>) -> (Option<String>, Option<String>) {
    let (Some(old), Some(new)) = (old, new) else {
        return (old.map(clip), new.map(clip));
    };
    let (old, new) = (normalise(old), normalise(new));
    if old.chars().count() <= SHOWN_CHARS && new.chars().count() <= SHOWN_CHARS {
        return (Some(old), Some(new));
    }
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |chars: &[char]| {
        let start = prefix.saturating_sub(CONTEXT_CHARS);
        let end = (chars.len() - suffix + CONTEXT_CHARS).min(chars.len());
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.extend(&chars[start..end]);
        let mut text = clip(&text);
        if end < chars.len() && !text.ends_with('…') {
            text.push('…');
        }
        text
    };
    (Some(cut(&a)), Some(cut(&b)))
}

fn clip(text: &str) -> String {
    let text = normalise(text);
    if text.chars().count() <= SHOWN_CHARS {
        text
    } else {
        let mut clipped: String = text.chars().take(SHOWN_CHARS - 1).collect();
        clipped.push('…');
        clipped
    }
}

/// A Markdown code span that survives backticks and line breaks in the text.
pub fn code(text: &str) -> String {
    let text = normalise(text);
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Hand-built IRs for the unit tests of the drift modules.
#[cfg(test)]
pub(crate) mod build {
    use crate::ir::*;

    pub fn ir(slug: &str, id: Option<u64>, features: Vec<Feature>) -> GameIr {
        GameIr {
            source: Source {
                path: format!("{slug}.md"),
                format: Format::Markdown,
            },
            game: Game {
                slug: slug.to_owned(),
                title: slug.to_owned(),
                id,
            },
            features,
            overrides: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    pub fn feature(name: &str, info_updates: Vec<InfoUpdate>, events: Vec<Event>) -> Feature {
        Feature {
            name: name.to_owned(),
            line: Some(1),
            info_updates,
            events,
            notes: Vec::new(),
        }
    }

    pub fn key(name: &str, category: &str, value: ValueType) -> InfoUpdate {
        InfoUpdate {
            key: name.to_owned(),
            family: None,
            category: category.to_owned(),
            since: Some("130.0".to_owned()),
            description: format!("the {name}"),
            remarks: None,
            value,
            note: None,
            line: 10,
        }
    }

    pub fn family(name: &str, prefix: &str, placeholder: &str, value: ValueType) -> InfoUpdate {
        InfoUpdate {
            family: Some(KeyFamily {
                prefix: prefix.to_owned(),
                suffix: String::new(),
                placeholder: placeholder.to_owned(),
                member: FamilyMember::Index,
            }),
            ..key(name, "match_info", value)
        }
    }

    pub fn event(name: &str, data: ValueType) -> Event {
        Event {
            name: name.to_owned(),
            since: Some("130.0".to_owned()),
            description: format!("when {name}"),
            data_description: String::new(),
            remarks: None,
            data,
            note: None,
            line: 20,
        }
    }

    pub fn ty(shape: Shape) -> ValueType {
        ValueType {
            shape,
            encoding: Encoding::Native,
            nullable: false,
            evidence: Evidence::Default,
        }
    }

    pub fn string() -> ValueType {
        ty(Shape::String)
    }

    pub fn integer() -> ValueType {
        ty(Shape::Integer)
    }

    pub fn enumeration(values: &[&str]) -> ValueType {
        ty(Shape::Enum {
            values: values.iter().map(|v| EnumValue::new(*v)).collect(),
        })
    }

    pub fn object(fields: &[(&str, ValueType)]) -> ValueType {
        ty(Shape::Object {
            fields: fields
                .iter()
                .map(|(name, value)| Field {
                    name: (*name).to_owned(),
                    value: value.clone(),
                    optional: false,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;

    /// (kind, class, subject name, path) of every change, for compact assertions.
    fn changes(old: &GameIr, new: &GameIr) -> Vec<(ChangeKind, Class, String, String)> {
        diff(old, new)
            .changes
            .into_iter()
            .map(|c| (c.kind, c.class, c.subject.name, c.subject.path.join(".")))
            .collect()
    }

    fn one(
        kind: ChangeKind,
        class: Class,
        name: &str,
        path: &str,
    ) -> Vec<(ChangeKind, Class, String, String)> {
        vec![(kind, class, name.to_owned(), path.to_owned())]
    }

    fn game(features: Vec<Feature>) -> GameIr {
        ir("apex-legends", Some(21566), features)
    }

    #[test]
    fn a_page_against_itself_has_no_change() {
        let page = game(vec![feature(
            "match_info",
            vec![key("tabs", "match_info", object(&[("kills", integer())]))],
            vec![event("kill", integer())],
        )]);
        let report = diff(&page, &page);
        assert!(report.changes.is_empty());
        assert_eq!(report.release.bump, Bump::None);
        assert_eq!(
            report.summary_line(),
            "apex-legends: no changes → no release"
        );
    }

    #[test]
    fn removed_key_and_event_are_breaking_new_ones_additive() {
        let old = game(vec![feature(
            "match_info",
            vec![key("tabs", "match_info", string())],
            vec![event("kill", string())],
        )]);
        let new = game(vec![feature(
            "match_info",
            vec![key("map_id", "match_info", string())],
            vec![event("round_start", string())],
        )]);
        assert_eq!(
            changes(&old, &new),
            vec![
                (
                    ChangeKind::KeyAdded,
                    Class::Additive,
                    "map_id".into(),
                    "".into()
                ),
                (
                    ChangeKind::EventAdded,
                    Class::Additive,
                    "round_start".into(),
                    "".into()
                ),
                (
                    ChangeKind::KeyRemoved,
                    Class::Breaking,
                    "tabs".into(),
                    "".into()
                ),
                (
                    ChangeKind::EventRemoved,
                    Class::Breaking,
                    "kill".into(),
                    "".into()
                ),
            ]
        );
    }

    #[test]
    fn a_new_feature_is_one_additive_change_listing_its_entries() {
        let old = game(vec![feature(
            "me",
            vec![key("name", "me", string())],
            vec![],
        )]);
        let mut new = old.clone();
        new.features.push(feature(
            "localization",
            vec![key("language", "game_info", string())],
            vec![],
        ));
        let report = diff(&old, &new);
        assert_eq!(report.changes.len(), 1);
        let change = &report.changes[0];
        assert_eq!(
            (change.kind, change.class),
            (ChangeKind::FeatureAdded, Class::Additive)
        );
        assert_eq!(change.new.as_deref(), Some("keys: language"));
        // And the other way round: removing the feature breaks its users.
        let back = diff(&new, &old);
        assert_eq!(back.changes[0].kind, ChangeKind::FeatureRemoved);
        assert_eq!(back.changes[0].class, Class::Breaking);
        assert_eq!(back.release.bump, Bump::Major);
    }

    #[test]
    fn renamed_category_is_breaking() {
        let old = game(vec![feature(
            "location",
            vec![key("location", "game_info", string())],
            vec![],
        )]);
        let new = game(vec![feature(
            "location",
            vec![key("location", "match_info", string())],
            vec![],
        )]);
        assert_eq!(
            changes(&old, &new),
            one(ChangeKind::CategoryChanged, Class::Breaking, "location", "")
        );
    }

    #[test]
    fn event_data_from_object_to_number_is_breaking() {
        let old = game(vec![feature(
            "kill",
            vec![],
            vec![event("kill", object(&[("victimName", string())]))],
        )]);
        let new = game(vec![feature(
            "kill",
            vec![],
            vec![event("kill", integer())],
        )]);
        let report = diff(&old, &new);
        assert_eq!(report.changes.len(), 1);
        let change = &report.changes[0];
        assert_eq!(
            (change.kind, change.class),
            (ChangeKind::TypeChanged, Class::Breaking)
        );
        assert_eq!(change.old.as_deref(), Some("{victimName: string}"));
        assert_eq!(change.new.as_deref(), Some("integer"));
        assert_eq!(
            describe_change(change).split(". ").next().unwrap(),
            "event `kill` data: type `{victimName: string}` → `integer`"
        );
    }

    #[test]
    fn payload_fields_removed_break_added_extend_with_their_path() {
        let old = game(vec![feature(
            "roster",
            vec![key(
                "roster_0",
                "match_info",
                object(&[
                    ("name", string()),
                    ("state", object(&[("alive", string())])),
                ]),
            )],
            vec![],
        )]);
        let new = game(vec![feature(
            "roster",
            vec![key(
                "roster_0",
                "match_info",
                object(&[
                    ("name", string()),
                    ("state", object(&[("health", integer())])),
                ]),
            )],
            vec![],
        )]);
        assert_eq!(
            changes(&old, &new),
            vec![
                (
                    ChangeKind::FieldAdded,
                    Class::Additive,
                    "roster_0".into(),
                    "state.health".into()
                ),
                (
                    ChangeKind::FieldRemoved,
                    Class::Breaking,
                    "roster_0".into(),
                    "state.alive".into()
                ),
            ]
        );
    }

    #[test]
    fn enum_values_added_extend_removed_narrow() {
        let old = game(vec![feature(
            "match_info",
            vec![key(
                "game_mode",
                "match_info",
                enumeration(&["#PL_DUO", "#PL_TRIO"]),
            )],
            vec![],
        )]);
        let new = game(vec![feature(
            "match_info",
            vec![key(
                "game_mode",
                "match_info",
                enumeration(&["#PL_TRIO", "#PL_QUAD"]),
            )],
            vec![],
        )]);
        let report = diff(&old, &new);
        let found: Vec<(ChangeKind, Option<&str>, Option<&str>)> = report
            .changes
            .iter()
            .map(|c| (c.kind, c.old.as_deref(), c.new.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (ChangeKind::EnumValueAdded, None, Some("#PL_QUAD")),
                (ChangeKind::EnumValueRemoved, Some("#PL_DUO"), None),
            ]
        );
        assert_eq!(
            report.counts,
            Counts {
                breaking: 1,
                additive: 1,
                cosmetic: 0
            }
        );
    }

    #[test]
    fn encoding_and_nullability_changes_are_breaking_and_say_why() {
        let mut spelled = integer();
        spelled.encoding = Encoding::String;
        let old = game(vec![feature(
            "match_info",
            vec![key("kills", "match_info", integer())],
            vec![],
        )]);
        let new = game(vec![feature(
            "match_info",
            vec![key("kills", "match_info", spelled)],
            vec![],
        )]);
        let report = diff(&old, &new);
        assert_eq!(report.changes[0].kind, ChangeKind::EncodingChanged);
        assert_eq!(report.changes[0].class, Class::Breaking);
        assert!(report.changes[0]
            .why
            .as_deref()
            .unwrap()
            .contains("Rust decoders accept both"));

        let mut nullable = integer();
        nullable.nullable = true;
        let new = game(vec![feature(
            "match_info",
            vec![key("kills", "match_info", nullable)],
            vec![],
        )]);
        assert_eq!(
            changes(&old, &new),
            one(ChangeKind::NullableChanged, Class::Breaking, "kills", "")
        );
        assert_eq!(
            changes(&new, &old),
            one(ChangeKind::NullableChanged, Class::Breaking, "kills", "")
        );
    }

    #[test]
    fn since_and_wording_are_cosmetic_and_layout_is_no_change() {
        let old_key = key("weapons", "inventory", string());
        let mut new_key = old_key.clone();
        new_key.since = Some("130.0".into());
        let mut typo = old_key.clone();
        typo.since = Some("0.130".into());
        let old = game(vec![feature("inventory", vec![typo], vec![])]);
        let new = game(vec![feature("inventory", vec![new_key.clone()], vec![])]);
        let report = diff(&old, &new);
        assert_eq!(report.changes.len(), 1);
        assert_eq!(report.changes[0].kind, ChangeKind::SinceChanged);
        assert_eq!(report.changes[0].class, Class::Cosmetic);
        assert_eq!(report.release.bump, Bump::Patch);
        assert!(describe_change(&report.changes[0]).contains("A version typo fixed"));

        let mut reflowed = new_key.clone();
        reflowed.description = "  the\n weapons ".into();
        let again = game(vec![feature("inventory", vec![reflowed], vec![])]);
        assert!(
            diff(&new, &again).changes.is_empty(),
            "whitespace is layout"
        );

        let mut reworded = new_key;
        reworded.description = "the guns".into();
        let reworded = game(vec![feature("inventory", vec![reworded], vec![])]);
        assert_eq!(
            changes(&new, &reworded),
            one(
                ChangeKind::DescriptionChanged,
                Class::Cosmetic,
                "weapons",
                ""
            )
        );
    }

    #[test]
    fn a_family_written_with_another_placeholder_is_the_same_key() {
        let old = game(vec![feature(
            "team",
            vec![family("teammate_X", "teammate_", "X", string())],
            vec![],
        )]);
        let mut renamed = family("teammate_XX", "teammate_", "XX", string());
        renamed.description = "the teammate_X".into();
        let new = game(vec![feature("team", vec![renamed], vec![])]);
        assert_eq!(
            changes(&old, &new),
            one(
                ChangeKind::FamilyChanged,
                Class::Cosmetic,
                "teammate_XX",
                ""
            )
        );
        // A plain key with the family's name is another key on the wire.
        let plain = game(vec![feature(
            "team",
            vec![key("teammate_X", "match_info", string())],
            vec![],
        )]);
        let kinds: Vec<ChangeKind> = changes(&old, &plain).into_iter().map(|c| c.0).collect();
        assert_eq!(kinds, [ChangeKind::KeyAdded, ChangeKind::KeyRemoved]);
    }

    #[test]
    fn a_key_moved_to_another_feature_is_one_breaking_move() {
        let old = game(vec![
            feature(
                "victory",
                vec![key("victory", "match_info", string())],
                vec![],
            ),
            feature("rank", vec![], vec![]),
        ]);
        let new = game(vec![feature(
            "rank",
            vec![key("victory", "match_info", string())],
            vec![],
        )]);
        let report = diff(&old, &new);
        let kinds: Vec<(ChangeKind, &str)> = report
            .changes
            .iter()
            .map(|c| (c.kind, c.feature.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::KeyMoved, "rank"),
                (ChangeKind::FeatureRemoved, "victory")
            ]
        );
        assert_eq!(report.changes[1].old.as_deref(), Some("no keys or events"));
    }

    #[test]
    fn games_are_the_same_by_id_first_then_by_slug() {
        let game = |slug: &str, id| Game {
            slug: slug.into(),
            title: slug.into(),
            id,
        };
        assert!(same_game(
            &game("lol", Some(5426)),
            &game("league-of-legends", Some(5426))
        )
        .is_ok());
        let error = same_game(
            &game("apex-legends", Some(21566)),
            &game("apex-legends", Some(7314)),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "`apex-legends` (game id 21566) and `apex-legends` (game id 7314) document different games; compare pages of one game, or pass --force"
        );
        assert!(same_game(&game("dota-2", None), &game("dota-2", Some(7314))).is_ok());
        assert!(same_game(&game("dota-2", None), &game("wot", Some(6365))).is_err());
    }

    #[test]
    fn semver_steps_follow_cargo_below_one() {
        let v = |s| ReleaseVersion::parse(s).unwrap();
        assert_eq!(v("0.1.0").bumped(Bump::Major).to_string(), "0.2.0");
        assert_eq!(v("0.1.3").bumped(Bump::Minor).to_string(), "0.1.4");
        assert_eq!(v("1.2.3").bumped(Bump::Major).to_string(), "2.0.0");
        assert_eq!(v("1.2.3").bumped(Bump::Minor).to_string(), "1.3.0");
        assert_eq!(v("1.2.3").bumped(Bump::Patch).to_string(), "1.2.4");
        assert_eq!(v("1.2.3").bumped(Bump::None).to_string(), "1.2.3");
        assert_eq!(ReleaseVersion::parse("1.0.0-beta"), None);
        assert_eq!(ReleaseVersion::parse("1.0"), None);
    }

    #[test]
    fn markdown_opens_with_the_summary_and_puts_breaking_first() {
        let old = game(vec![feature(
            "match_info",
            vec![key("tabs", "match_info", string())],
            vec![event("kill", object(&[("victimName", string())]))],
        )]);
        let mut changed = key("tabs", "match_info", string());
        changed.description = "reworded".into();
        let new = game(vec![feature(
            "match_info",
            vec![changed, key("map_`id`", "match_info", string())],
            vec![event("kill", integer())],
        )]);
        let report = diff(&old, &new).with_versions(ReleaseVersion::parse("0.1.0"), None);
        let text = render_markdown(&report);
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            "apex-legends: 1 breaking, 1 additive, 1 cosmetic → major (crate 0.1.0 → 0.2.0)"
        );
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle} in {text}"))
        };
        assert!(at("## Breaking (1)") < at("## Additive (1)"));
        assert!(at("## Additive (1)") < at("## Cosmetic (1)"));
        // A backtick in a name does not break out of its code span.
        assert!(text.contains("- key `` map_`id` `` added"), "{text}");
    }

    #[test]
    fn long_texts_are_cut_to_the_words_that_changed() {
        let base = "word ".repeat(40);
        let (old, new) = excerpts(
            Some(&format!("{base}apples {base}")),
            Some(&format!("{base}pears {base}")),
        );
        let (old, new) = (old.unwrap(), new.unwrap());
        assert!(
            old.starts_with('…') && old.contains("apples") && old.ends_with('…'),
            "{old}"
        );
        assert!(
            new.contains("pears") && new.chars().count() <= SHOWN_CHARS + 1,
            "{new}"
        );
    }

    #[test]
    fn typo_fixes_are_recognised() {
        assert!(is_version_typo_fix("0.130", "130.0"));
        assert!(is_version_typo_fix("130.0", "0.130"));
        assert!(!is_version_typo_fix("128.0", "130.0"));
    }
}
