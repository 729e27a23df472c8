//! The comparison itself: walks both IRs feature by feature and lists the changes.

use crate::ir::{
    Encoding, EnumValue, Event, Evidence, Example, ExampleStatus, Feature, Field, GameIr,
    InfoUpdate, Note, Payload, Shape, ValueType,
};

use super::matching::{match_pages, sent_by_examples, PageMatching};
use super::prose::{mentions, values_listed_in_prose};
use super::render::describe_type;
use super::semver::is_version_typo_fix;
use super::{normalise, Change, ChangeKind, EntryKind, Subject};

/// The changes from `old` to `new`, feature by feature in the newer page's order (removed
/// features last); one [`ChangeKind::PageRewritten`] when the page was replaced wholesale.
pub(super) fn changes(old: &GameIr, new: &GameIr, young: bool) -> Vec<Change> {
    let matching = match_pages(old, new);
    if let Some(rewrite) = Rewrite::of(old, new, &matching, young) {
        return vec![rewrite.change(&new.game.slug, young)];
    }
    let headless = headless_features(old, new, &matching);
    Comparison {
        old,
        new,
        matching,
        headless,
        excerpt: false,
        wire_shown: (true, true),
        changes: Vec::new(),
    }
    .run()
}

/// The old page's features whose heading the newer page lost: the feature is still named
/// (its feature list links it) but documents nothing, every entry it had is documented in
/// another feature, and the examples of those that moved still send them under this feature
/// (and under no other). The page lost a heading, so its rows read as part of the section
/// above; nothing moved on the wire. Indexes into the old page's features.
fn headless_features(old: &GameIr, new: &GameIr, matching: &PageMatching<'_>) -> Vec<usize> {
    let empty = |f: &Feature| f.info_updates.is_empty() && f.events.is_empty();
    (new.features.iter().enumerate())
        .filter(|(_, f)| empty(f))
        .filter_map(|(index, f)| Some((matching.old_feature_of[index]?, f)))
        .filter(|&(old_index, feature)| {
            let keys = &matching.keys;
            let events = &matching.events;
            let moved_keys: Vec<&InfoUpdate> = (keys.pairs.iter())
                .filter(|p| keys.old[p.old].feature == old_index)
                .map(|p| keys.new[p.new].item)
                .collect();
            let moved_events =
                (events.pairs.iter()).filter(|p| events.old[p.old].feature == old_index);
            let still_documented = |i: usize| {
                let wire = keys.old[i].item.wire_key();
                keys.new.iter().any(|n| n.item.wire_key() == wire)
            };
            let keys_left = (0..keys.old.len())
                .filter(|&i| keys.old[i].feature == old_index && keys.removed[i])
                .all(still_documented);
            let events_left = (0..events.old.len())
                .filter(|&i| events.old[i].feature == old_index && events.removed[i])
                .all(|i| {
                    events
                        .new
                        .iter()
                        .any(|n| n.item.name == events.old[i].item.name)
                });
            let sent_under: Vec<&str> = (moved_keys.iter())
                .flat_map(|key| sent_by_examples(key.note.as_ref()))
                .filter_map(|sent| match sent {
                    Payload::Info {
                        feature: Some(f), ..
                    } => Some(f.as_str()),
                    _ => None,
                })
                .collect();
            !empty(&old.features[old_index])
                && keys_left
                && events_left
                && (!moved_keys.is_empty() || moved_events.count() > 0)
                && !sent_under.is_empty()
                && sent_under.iter().all(|f| *f == feature.name)
        })
        .map(|(old_index, _)| old_index)
        .collect()
}

/// An old page needs at least this many keys and events for its replacement to be a rewrite;
/// below it, each change is listed.
pub const REWRITE_MIN_ENTRIES: usize = 4;

/// A page replaced wholesale. A new game's first page is often another game's page used as
/// a template; when the real content arrives, entry by entry it reads as dozens of removals
/// and moves. The shape of that change: **more than half** of the old page's keys and events
/// are gone (no entry of the new page is them, in any feature), and more than half of the
/// new page's are not where the old page had them (new, or moved from another feature), on
/// an old page of at least [`REWRITE_MIN_ENTRIES`]. A reorganisation that moves entries
/// between features removes none, so it is still listed move by move.
///
/// In a page's first days (`young`, which only the history knows) the second condition is
/// dropped: a template keeps the generic entries every page has (`gep_internal`, `scene`,
/// `match_start`), so a small real page replacing a bigger template is mostly "kept"; but a
/// page just created that loses more than half of what it documented was not narrowed, it
/// was filled in.
struct Rewrite {
    old_entries: usize,
    gone: usize,
    new_entries: usize,
    fresh: usize,
}

impl Rewrite {
    fn of(old: &GameIr, new: &GameIr, matching: &PageMatching<'_>, young: bool) -> Option<Rewrite> {
        let entries = |ir: &GameIr| -> usize {
            (ir.features.iter())
                .map(|f| f.info_updates.len() + f.events.len())
                .sum()
        };
        let (old_entries, new_entries) = (entries(old), entries(new));
        let gone = matching.removed();
        let fresh = new_entries - matching.kept_in_place();
        let most = |part: usize, whole: usize| part * 2 > whole;
        let replaced = young || most(fresh, new_entries);
        (old_entries >= REWRITE_MIN_ENTRIES && most(gone, old_entries) && replaced).then_some(
            Rewrite {
                old_entries,
                gone,
                new_entries,
                fresh,
            },
        )
    }

    fn change(&self, page: &str, young: bool) -> Change {
        let Rewrite {
            old_entries,
            gone,
            new_entries,
            fresh,
        } = self;
        let (kind, why) = match young {
            true => (ChangeKind::TemplateReplaced, "in the page's first days most of what it documented is gone: the page it was created from (another game's page used as a template, or a draft) got the game's own content, so nothing a consumer used was removed"),
            false => (ChangeKind::PageRewritten, "most of the old page's keys and events are gone and most of the new page's are new: the page was replaced wholesale (often a template page getting its real content), so each entry is not listed"),
        };
        Change {
            feature: String::new(),
            subject: entry_subject(EntryKind::Page, page),
            kind,
            class: kind.class(),
            old: Some(format!("{gone} of {old_entries} entries gone")),
            new: Some(format!("{fresh} of {new_entries} entries new or moved")),
            why: Some(why.to_owned()),
            restored_on: None,
        }
    }
}

struct Comparison<'a> {
    old: &'a GameIr,
    new: &'a GameIr,
    matching: PageMatching<'a>,
    /// See [`headless_features`].
    headless: Vec<usize>,
    /// Whether the newer entry being compared has examples that are excerpts (see
    /// [`ExampleStatus::Excerpt`]): a field they do not show may still be sent.
    excerpt: bool,
    /// Whether the older and the newer entry being compared have an example in its envelope
    /// (see [`shows_wire`]), for an encoding change of the value itself.
    wire_shown: (bool, bool),
    changes: Vec<Change>,
}

impl<'a> Comparison<'a> {
    fn run(mut self) -> Vec<Change> {
        for (index, feature) in self.new.features.iter().enumerate() {
            match self.matching.old_feature_of[index] {
                None => self.feature_added(index, feature),
                Some(old_index) => self.feature_kept(old_index, index, feature),
            }
        }
        for (old_index, feature) in self.old.features.iter().enumerate() {
            if !self.matching.old_feature_of.contains(&Some(old_index)) {
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
            restored_on: None,
        });
    }

    fn feature_added(&mut self, index: usize, feature: &Feature) {
        // Entries that moved in are changes of their own; the rest arrive with the feature.
        let keys = self.matching.keys.added_of_new_feature(index);
        let events = self.matching.events.added_of_new_feature(index);
        self.push(
            &feature.name,
            entry_subject(EntryKind::Feature, &feature.name),
            ChangeKind::FeatureAdded,
            None,
            Some(entry_list(&keys, &events)),
            None,
        );
        self.entries_of_new_feature(index, feature, false);
    }

    fn feature_removed(&mut self, old_index: usize, feature: &Feature) {
        let keys = self.matching.keys.removed_of_old_feature(old_index);
        let events = self.matching.events.removed_of_old_feature(old_index);
        self.push(
            &feature.name,
            entry_subject(EntryKind::Feature, &feature.name),
            ChangeKind::FeatureRemoved,
            Some(entry_list(&keys, &events)),
            None,
            Some("apps that request this feature with setRequiredFeatures get an error, and its keys and events stop arriving"),
        );
    }

    fn feature_kept(&mut self, old_index: usize, index: usize, feature: &Feature) {
        self.entries_of_new_feature(index, feature, true);
        if self.headless.contains(&old_index) {
            self.heading_lost(old_index, feature);
            return;
        }
        // What left this feature (and did not move elsewhere).
        for info in self.matching.keys.removed_of_old_feature(old_index) {
            self.push(
                &feature.name,
                entry_subject(EntryKind::Key, &info.key),
                ChangeKind::KeyRemoved,
                Some(format!("category {}", info.category)),
                None,
                None,
            );
        }
        for event in self.matching.events.removed_of_old_feature(old_index) {
            self.push(
                &feature.name,
                entry_subject(EntryKind::Event, &event.name),
                ChangeKind::EventRemoved,
                None,
                None,
                None,
            );
        }
        let old = &self.old.features[old_index];
        // Name, line, keys and events are matched and compared above; notes are left.
        let Feature {
            name: _,
            line: _,
            info_updates: _,
            events: _,
            notes: old_notes,
        } = old;
        self.compare_notes(&feature.name, old_notes, &feature.notes);
    }

    /// One change for a feature whose heading the page lost (see [`headless_features`]):
    /// its entries are compared where they are now documented, not reported as moved, and
    /// those also documented elsewhere are not reported as removed.
    fn heading_lost(&mut self, old_index: usize, feature: &Feature) {
        let old = &self.old.features[old_index];
        let keys: Vec<&InfoUpdate> = old.info_updates.iter().collect();
        let events: Vec<&Event> = old.events.iter().collect();
        let now_under: Vec<&str> = {
            let mut names: Vec<&str> = (self.matching.keys.pairs.iter())
                .filter(|p| self.matching.keys.old[p.old].feature == old_index)
                .map(|p| {
                    self.new.features[self.matching.keys.new[p.new].feature]
                        .name
                        .as_str()
                })
                .chain(
                    (self.matching.events.pairs.iter())
                        .filter(|p| self.matching.events.old[p.old].feature == old_index)
                        .map(|p| {
                            let f = self.matching.events.new[p.new].feature;
                            self.new.features[f].name.as_str()
                        }),
                )
                .collect();
            names.sort_unstable();
            names.dedup();
            names
        };
        self.push(
            &feature.name,
            entry_subject(EntryKind::Feature, &feature.name),
            ChangeKind::FeatureHeadingLost,
            Some(entry_list(&keys, &events)),
            Some(format!("documented under {}", now_under.join(", "))),
            Some("the page lost the feature's heading: its feature list still names it and the examples still send its entries under it, so nothing moved on the wire"),
        );
        self.compare_notes(&feature.name, &old.notes, &feature.notes);
    }

    /// The keys and events of a new-side feature: compared with their match, or added (as
    /// changes of their own only when the feature existed before).
    fn entries_of_new_feature(&mut self, index: usize, feature: &Feature, existed: bool) {
        // Walk the feature's keys, then its events, in page order.
        for (j, old) in self.matching.keys.of_new_feature(index) {
            let new_info = self.matching.keys.new[j].item;
            match old {
                Some(i) => {
                    let old_slot = &self.matching.keys.old[i];
                    let old_info = old_slot.item;
                    let old_feature = &self.old.features[old_slot.feature].name;
                    let moved = *old_feature != feature.name;
                    if old_info.wire_key() != new_info.wire_key() {
                        let moved = match moved {
                            true => format!(
                                ", and from feature `{old_feature}` to `{}` as they sent",
                                feature.name
                            ),
                            false => String::new(),
                        };
                        self.push(
                            &feature.name,
                            entry_subject(EntryKind::Key, &new_info.key),
                            ChangeKind::KeyRenamed,
                            Some(old_info.key.clone()),
                            Some(new_info.key.clone()),
                            Some(&format!("the row now names the key its own examples already sent{moved}: a fix of the docs, so the wire did not change, but a rename of the generated API: code using the old name stops compiling")),
                        );
                    } else if moved && !self.headless.contains(&old_slot.feature) {
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

        for (j, old) in self.matching.events.of_new_feature(index) {
            let new_event = self.matching.events.new[j].item;
            match old {
                Some(i) => {
                    let old_slot = &self.matching.events.old[i];
                    let old_event = old_slot.item;
                    let old_feature = &self.old.features[old_slot.feature].name;
                    if *old_feature != feature.name && !self.headless.contains(&old_slot.feature) {
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
        self.kinds_swapped(index, feature);
    }

    /// Entries of feature `index` documented as the other kind (a key as an event, or back)
    /// that their older examples already sent as such: one change each.
    fn kinds_swapped(&mut self, index: usize, feature: &Feature) {
        let matching = &self.matching;
        let mut swapped = Vec::new();
        let moved = |old_feature: &str| match old_feature == feature.name {
            true => String::new(),
            false => format!(" (it was in feature `{old_feature}`)"),
        };
        for pair in &matching.event_to_key {
            let (old, new) = (&matching.events.old[pair.old], &matching.keys.new[pair.new]);
            if new.feature == index {
                swapped.push((
                    entry_subject(EntryKind::Key, &new.item.key),
                    ChangeKind::EventBecameKey,
                    old.item.name.clone(),
                    new.item.key.clone(),
                    format!("the older examples of the event already sent it as an info update{}: a fix of the docs, so the wire did not change, but the generated event is gone and a key takes its place", moved(&self.old.features[old.feature].name)),
                ));
            }
        }
        for pair in &matching.key_to_event {
            let (old, new) = (&matching.keys.old[pair.old], &matching.events.new[pair.new]);
            if new.feature == index {
                swapped.push((
                    entry_subject(EntryKind::Event, &new.item.name),
                    ChangeKind::KeyBecameEvent,
                    old.item.key.clone(),
                    new.item.name.clone(),
                    format!("the older examples of the key already sent it as an event{}: a fix of the docs, so the wire did not change, but the generated key is gone and an event takes its place", moved(&self.old.features[old.feature].name)),
                ));
            }
        }
        for (subject, kind, old, new, why) in swapped {
            self.push(
                &feature.name,
                subject,
                kind,
                Some(old),
                Some(new),
                Some(&why),
            );
        }
    }

    fn compare_info(&mut self, feature: &str, old: &InfoUpdate, new: &InfoUpdate) {
        // Every field named, so that a field added to the IR is compared or said not to be.
        // The family was compared by the wire key the two were matched by; its placeholder
        // shows in `key`. Lines are layout.
        let InfoUpdate {
            key: old_key,
            family: _,
            category: old_category,
            since: old_since,
            description: old_description,
            remarks: old_remarks,
            value: old_value,
            note: old_note,
            line: _,
        } = old;
        let InfoUpdate {
            key,
            family: _,
            category,
            since,
            description,
            remarks,
            value,
            note,
            line: _,
        } = new;
        let subject = || entry_subject(EntryKind::Key, key);
        // A key renamed (matched by what its examples sent) was reported as such.
        if old_key != key && old.wire_key() == new.wire_key() {
            self.push(
                feature,
                subject(),
                ChangeKind::FamilyChanged,
                Some(old_key.clone()),
                Some(key.clone()),
                Some("the same keys on the wire, written with another placeholder"),
            );
        }
        if old_category != category {
            let sent_already = sent_by_examples(old_note.as_ref()).any(|sent| {
                matches!(sent, Payload::Info { category: Some(sent), .. } if sent == category)
            });
            let why = if sent_already {
                "the row now names the category its own examples already sent: a fix of the docs, so the wire did not change, but the generated types move the key to the new category"
            } else {
                "updates arrive under the new category; code and schemas keyed on the old one miss them"
            };
            self.push(
                feature,
                subject(),
                ChangeKind::CategoryChanged,
                Some(old_category.clone()),
                Some(category.clone()),
                Some(why),
            );
        }
        self.compare_since(feature, subject(), old_since, since);
        self.compare_text(
            feature,
            subject(),
            ChangeKind::DescriptionChanged,
            Some(old_description),
            Some(description),
        );
        self.compare_text(
            feature,
            subject(),
            ChangeKind::RemarksChanged,
            old_remarks.as_deref(),
            remarks.as_deref(),
        );
        let values = ValuePair {
            old: old_value,
            new: value,
        };
        self.compare_note(feature, subject(), values, old_note.as_ref(), note.as_ref());
        self.excerpt = shows_excerpts(note.as_ref());
        self.wire_shown = (shows_wire(old_note.as_ref()), shows_wire(note.as_ref()));
        self.compare_types(feature, &subject(), old_value, value);
        (self.excerpt, self.wire_shown) = (false, (true, true));
    }

    fn compare_event(&mut self, feature: &str, old: &Event, new: &Event) {
        // Every field named (see `compare_info`); the name is what the two were matched by.
        let Event {
            name: _,
            since: old_since,
            description: old_description,
            data_description: old_data_description,
            remarks: old_remarks,
            data: old_data,
            note: old_note,
            line: _,
        } = old;
        let Event {
            name,
            since,
            description,
            data_description,
            remarks,
            data,
            note,
            line: _,
        } = new;
        let subject = || entry_subject(EntryKind::Event, name);
        self.compare_since(feature, subject(), old_since, since);
        self.compare_text(
            feature,
            subject(),
            ChangeKind::DescriptionChanged,
            Some(old_description),
            Some(description),
        );
        self.compare_text(
            feature,
            subject(),
            ChangeKind::DataDescriptionChanged,
            Some(old_data_description),
            Some(data_description),
        );
        self.compare_text(
            feature,
            subject(),
            ChangeKind::RemarksChanged,
            old_remarks.as_deref(),
            remarks.as_deref(),
        );
        let values = ValuePair {
            old: old_data,
            new: data,
        };
        self.compare_note(feature, subject(), values, old_note.as_ref(), note.as_ref());
        self.excerpt = shows_excerpts(note.as_ref());
        self.wire_shown = (shows_wire(old_note.as_ref()), shows_wire(note.as_ref()));
        self.compare_types(feature, &subject(), old_data, data);
        (self.excerpt, self.wire_shown) = (false, (true, true));
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
    /// (an enum type's values are compared as part of the type): each value added to or
    /// removed from such a list is a change of its own, cosmetic since no type changes.
    fn compare_note(
        &mut self,
        feature: &str,
        subject: Subject,
        values: ValuePair<'_>,
        old: Option<&Note>,
        new: Option<&Note>,
    ) {
        let (old, new) = (NoteParts::of(old), NoteParts::of(new));
        self.compare_text(
            feature,
            subject.clone(),
            ChangeKind::NoteChanged,
            Some(old.text),
            Some(new.text),
        );
        let is_enum = |v: &ValueType| matches!(v.shape, Shape::Enum { .. });
        if !is_enum(values.old) && !is_enum(values.new) {
            self.compare_values(
                feature,
                &subject,
                old.possible_values,
                new.possible_values,
                ValueList::Listed,
            );
        }
        self.compare_prose_values(feature, &subject, &[values.old, values.new], &old, &new);
        let examples = |examples: &[Example]| -> Vec<String> {
            examples
                .iter()
                .map(|example| {
                    // The text as written is what changes; status and payloads are read from
                    // it, and the line is layout.
                    let Example {
                        line: _,
                        raw,
                        status: _,
                        payloads: _,
                    } = example;
                    // JSON does not care about whitespace, nor does the reader of an example.
                    raw.split_whitespace().collect::<String>()
                })
                .collect()
        };
        let (old_examples, new_examples) = (examples(old.examples), examples(new.examples));
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

    /// Values listed in the note's prose (see `prose`), beyond those its "Possible values"
    /// or the type already list: each value the other version does not mention at all is
    /// named as added or gone, cosmetic since the types do not follow the prose.
    fn compare_prose_values(
        &mut self,
        feature: &str,
        subject: &Subject,
        types: &[&ValueType],
        old: &NoteParts<'_>,
        new: &NoteParts<'_>,
    ) {
        if old.text == new.text {
            return;
        }
        let mut known: Vec<&str> = Vec::new();
        for listed in [old.possible_values, new.possible_values] {
            known.extend(listed.iter().flat_map(EnumValue::spellings));
        }
        // A name the types give a field is a field the prose describes, not a value; the
        // types' own values are compared with the types.
        for value in types {
            names_in_type(value, &mut known);
        }
        let (old_values, new_values) = (
            values_listed_in_prose(old.text),
            values_listed_in_prose(new.text),
        );
        let unknown = |value: &&String| !known.contains(&value.as_str());
        for value in new_values.iter().filter(unknown) {
            if !mentions(old.text, value) {
                self.push(
                    feature,
                    subject.clone(),
                    ChangeKind::PossibleValueAdded,
                    None,
                    Some(value.clone()),
                    Some(PROSE_WHY),
                );
            }
        }
        for value in old_values.iter().filter(unknown) {
            if !mentions(new.text, value) {
                self.push(
                    feature,
                    subject.clone(),
                    ChangeKind::PossibleValueRemoved,
                    Some(value.clone()),
                    None,
                    Some(PROSE_WHY),
                );
            }
        }
    }

    fn compare_notes<'n>(&mut self, feature: &str, old: &'n [Note], new: &'n [Note]) {
        let text = |notes: &[Note]| {
            notes
                .iter()
                .map(|n| normalise(&format!("{}: {}", n.name, n.text)))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let (old_text, new_text) = (text(old), text(new));
        let subject = entry_subject(EntryKind::Feature, feature);
        if old_text != new_text {
            self.push(
                feature,
                subject.clone(),
                ChangeKind::NoteChanged,
                (!old_text.is_empty()).then_some(old_text),
                (!new_text.is_empty()).then_some(new_text),
                None,
            );
        }
        // A note no entry claims can still list values (its key missing from the table, or
        // written under another name): the values added and gone are named all the same,
        // note by note (matched by name), under the feature. Such notes come and go as
        // their entry does, so a value the other version lists in any note of the page is
        // not added or gone: it moved.
        let start = self.changes.len();
        let mut names: Vec<&str> = new.iter().map(|n| n.name.as_str()).collect();
        names.extend(old.iter().map(|n| n.name.as_str()));
        names.dedup();
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                continue;
            }
            let named = |notes: &'n [Note]| notes.iter().find(|n| n.name == *name);
            let (old, new) = (NoteParts::of(named(old)), NoteParts::of(named(new)));
            self.compare_values(
                feature,
                &subject,
                old.possible_values,
                new.possible_values,
                ValueList::Listed,
            );
            self.compare_prose_values(feature, &subject, &[], &old, &new);
        }
        if self.changes.len() > start {
            let (old_notes, new_notes) = (notes_text(self.old), notes_text(self.new));
            let mut index = 0;
            self.changes.retain(|change| {
                index += 1;
                let moved = match change.kind {
                    ChangeKind::PossibleValueAdded => change.new.as_ref().map(|v| (&old_notes, v)),
                    ChangeKind::PossibleValueRemoved => {
                        change.old.as_ref().map(|v| (&new_notes, v))
                    }
                    _ => None,
                };
                index <= start || !moved.is_some_and(|(text, value)| mentions(text, value))
            });
        }
    }

    fn compare_types(
        &mut self,
        feature: &str,
        subject: &Subject,
        old: &ValueType,
        new: &ValueType,
    ) {
        // Where a type was inferred from does not matter to consumers, only whether the older
        // page gave one at all (see `gave_no_type`).
        let ValueType {
            shape: old_shape,
            encoding: old_encoding,
            nullable: old_nullable,
            evidence: _,
        } = old;
        let ValueType {
            shape,
            encoding,
            nullable,
            evidence: _,
        } = new;
        if says_no_more(subject, old, new) {
            return;
        }
        let learned = (old_shape, old_encoding, old_nullable) != (shape, encoding, nullable);
        if learned && gave_no_type(subject, old) {
            self.push(
                feature,
                subject.clone(),
                ChangeKind::TypeLearned,
                Some(describe_type(old)),
                Some(describe_type(new)),
                Some("the older page gave no type here (nothing described the value, or its examples showed only resets), so the one it had was a placeholder: the docs now say what the value is"),
            );
            return;
        }
        if learned && fell_back(subject, new) {
            self.push(
                feature,
                subject.clone(),
                ChangeKind::TypeNoLongerShown,
                Some(describe_type(old)),
                Some(describe_type(new)),
                Some("the newer page gives no type here (nothing describes the value any more, or its example cannot be read), so the string it has is a placeholder: the docs stopped saying what the value is, they did not change it"),
            );
            return;
        }
        // A first list of values for a string: nothing was listed before, so none can have
        // been removed, and the enums are open (any other string still decodes and validates).
        let first_list = matches!((old_shape, shape), (Shape::String, Shape::Enum { .. }));
        // `true` / `false` and `"true"` / `"false"` in a cell are one boolean, however the
        // docs quote it: neither the type nor the encoding changed.
        let restated = is_boolean_restated(old_shape, shape);
        if restated {
            self.push(
                feature,
                subject.clone(),
                ChangeKind::TypeRestated,
                Some(describe_type(old)),
                Some(describe_type(new)),
                Some("a boolean and the values `true` and `false` are the same values written two ways"),
            );
        } else if first_list && old_encoding == encoding {
            self.push(
                feature,
                subject.clone(),
                ChangeKind::ValuesListed,
                Some(describe_type(old)),
                Some(describe_type(new)),
                Some("the values are listed for the first time; the enumeration is open, so any other string still decodes and validates"),
            );
        } else if std::mem::discriminant(old_shape) != std::mem::discriminant(shape) {
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
        let carries_a_value = !matches!(shape, Shape::Null | Shape::Any);
        if old_encoding != encoding && carries_a_value && !restated {
            // Only an example in its envelope shows whether the value itself travels inside a
            // string; a field's quoting inside a shown document is shown either way.
            let (old_shown, new_shown) = match subject.path.is_empty() {
                true => self.wire_shown,
                false => (true, true),
            };
            let (kind, why) = match (old_shown, new_shown) {
                (true, true) => (ChangeKind::EncodingChanged, "the Rust decoders accept both encodings, but the TypeScript types and the JSON Schema describe the wire and change"),
                (false, true) => (ChangeKind::EncodingLearned, "the older page showed the value only bare or in prose, which says nothing of whether GEP sends it inside a string; the newer page shows it in its envelope: the docs learned how it travels"),
                (_, false) => (ChangeKind::EncodingNotShown, "the newer page shows the value only bare or in prose, which says nothing of whether GEP sends it inside a string: the docs stopped showing how it travels, they did not change it"),
            };
            self.push(
                feature,
                subject.clone(),
                kind,
                Some(encoding_word(*old_encoding).to_owned()),
                Some(encoding_word(*encoding).to_owned()),
                Some(why),
            );
        }
        // A value that is always null has nothing to become nullable; one of any type takes
        // resets either way.
        let is_field =
            (subject.path.last()).is_some_and(|last| last != ARRAY_ITEMS && last != MAP_VALUES);
        if old_nullable != nullable && carries_a_value && is_field {
            // Fields take resets in every output whatever the examples showed: their
            // nullability is only what the examples happen to show.
            self.push(
                feature,
                subject.clone(),
                ChangeKind::FieldNullableChanged,
                Some(nullable_word(*old_nullable).to_owned()),
                Some(nullable_word(*nullable).to_owned()),
                Some("every output accepts a reset in any field (Rust `Option`, TypeScript `| null`, the schemas), so only the examples changed"),
            );
        } else if old_nullable != nullable && carries_a_value {
            let why = if *nullable {
                "resets (`null` or `\"\"`) are now expected: TypeScript code must handle them, and Rust event data becomes an `Option`"
            } else {
                "the JSON Schema now rejects the resets (`null` or `\"\"`) that older data carried, and Rust event data stops being an `Option`"
            };
            self.push(
                feature,
                subject.clone(),
                ChangeKind::NullableChanged,
                Some(nullable_word(*old_nullable).to_owned()),
                Some(nullable_word(*nullable).to_owned()),
                Some(why),
            );
        }
        // The shapes are of one kind here; every kind is named, so a new one must say what
        // of it to compare.
        match (old_shape, shape) {
            (Shape::Enum { values: old_values }, Shape::Enum { values }) => {
                self.compare_values(feature, subject, old_values, values, ValueList::Enum);
            }
            (Shape::Object { fields: old_fields }, Shape::Object { fields }) => {
                self.compare_fields(feature, subject, old_fields, fields);
            }
            (Shape::Array { items: old_items }, Shape::Array { items }) => {
                let mut items_subject = subject.clone();
                items_subject.path.push(ARRAY_ITEMS.to_owned());
                self.compare_types(feature, &items_subject, old_items, items);
            }
            // A map's keys are data, never fields: only the type of its values is compared,
            // and a field inside them changes as one inside an object does.
            (Shape::Map { values: old_values }, Shape::Map { values }) => {
                let mut values_subject = subject.clone();
                values_subject.path.push(MAP_VALUES.to_owned());
                self.compare_types(feature, &values_subject, old_values, values);
            }
            (
                Shape::Any
                | Shape::Null
                | Shape::Boolean
                | Shape::Integer
                | Shape::Float
                | Shape::String
                | Shape::Enum { .. }
                | Shape::Object { .. }
                | Shape::Array { .. }
                | Shape::Map { .. },
                _,
            ) => {}
        }
    }

    /// The values of an enumeration, or of a list the type does not follow: values added and
    /// removed, written another way, descriptions changed, other spellings gained and lost.
    fn compare_values(
        &mut self,
        feature: &str,
        subject: &Subject,
        old: &[EnumValue],
        new: &[EnumValue],
        list: ValueList,
    ) {
        let mut old_of = pair_values(old, new);
        let recased = match list {
            ValueList::Enum => self.values_recased(feature, subject, old, new, &mut old_of),
            ValueList::Listed => Vec::new(),
        };
        let (added, removed) = list.kinds();
        let removed_why = match list {
            ValueList::Enum => "narrowed: code that matches this value stops compiling (it still decodes, the enums are open)",
            ValueList::Listed => LISTED_WHY,
        };
        for (j, (new_value, before)) in new.iter().zip(&old_of).enumerate() {
            let EnumValue {
                value,
                description,
                aliases: _,
            } = new_value;
            let Some(before) = before.map(|i| &old[i]) else {
                self.push(
                    feature,
                    subject.clone(),
                    added,
                    None,
                    Some(value.clone()),
                    (list == ValueList::Listed).then_some(LISTED_WHY),
                );
                continue;
            };
            if before.value != *value && !recased.contains(&j) {
                let shared = (before.spellings())
                    .find(|spelling| new_value.spellings().any(|s| s == *spelling))
                    .unwrap_or_default();
                self.push(
                    feature,
                    subject.clone(),
                    ChangeKind::EnumValueRespelled,
                    Some(before.value.clone()),
                    Some(value.clone()),
                    Some(&format!("the same value written another way: both versions list the spelling `{shared}`")),
                );
            }
            let describe =
                |d: &Option<String>| d.as_deref().map(normalise).filter(|d| !d.is_empty());
            if describe(&before.description) != describe(description) {
                self.push(
                    feature,
                    subject.clone(),
                    ChangeKind::EnumValueDescriptionChanged,
                    describe(&before.description).map(|d| format!("{value}: {d}")),
                    describe(description).map(|d| format!("{value}: {d}")),
                    None,
                );
            }
        }
        for (i, EnumValue { value, .. }) in old.iter().enumerate() {
            if !old_of.contains(&Some(i)) {
                self.push(
                    feature,
                    subject.clone(),
                    removed,
                    Some(value.clone()),
                    None,
                    Some(removed_why),
                );
            }
        }
        // Other spellings of a value that stays: a new one decodes to the known value, a lost
        // one decodes to `Other` from now on. The main spellings are the value itself (or its
        // respelling, above).
        for (new_value, before) in new.iter().zip(&old_of) {
            let Some(before) = before.map(|i| &old[i]) else {
                continue;
            };
            let EnumValue { value, aliases, .. } = new_value;
            let gained = aliases
                .iter()
                .filter(|a| !before.spellings().any(|s| s == *a));
            for alias in gained {
                self.push(
                    feature,
                    subject.clone(),
                    added,
                    None,
                    Some(format!("{alias} (spelling of {value})")),
                    (list == ValueList::Listed).then_some(LISTED_WHY),
                );
            }
            let lost = (before.aliases.iter()).filter(|a| !new_value.spellings().any(|s| s == *a));
            for alias in lost {
                let why = match list {
                    ValueList::Enum => "the spelling decodes to `Other` instead of the known value",
                    ValueList::Listed => LISTED_WHY,
                };
                self.push(
                    feature,
                    subject.clone(),
                    removed,
                    Some(format!("{alias} (spelling of {value})")),
                    None,
                    Some(why),
                );
            }
        }
    }

    /// Values of an enumeration written in another case only (`loading_screen` listed as
    /// `Loading_screen`), among those `old_of` left unpaired: one change for the list, and
    /// each such value paired in `old_of` so it is not also removed and added; returns the
    /// indexes in `new` of the values paired. Breaking: the
    /// decoders match a value's spellings exactly, as the wire is case-sensitive, so the
    /// text that decodes to the value changes (the Rust variant keeps its name, the TypeScript
    /// literal and the schema's value change); one change, as it is one edit of the list.
    fn values_recased(
        &mut self,
        feature: &str,
        subject: &Subject,
        old: &[EnumValue],
        new: &[EnumValue],
        old_of: &mut [Option<usize>],
    ) -> Vec<usize> {
        let mut recased: Vec<(usize, &str, &str)> = Vec::new();
        for (j, new_value) in new.iter().enumerate() {
            if old_of[j].is_some() {
                continue;
            }
            let taken = old_of.to_vec();
            let same = (old.iter().enumerate())
                .filter(|(i, _)| !taken.contains(&Some(*i)))
                .find(|(_, o)| o.value.eq_ignore_ascii_case(&new_value.value));
            if let Some((i, before)) = same {
                old_of[j] = Some(i);
                recased.push((j, &before.value, &new_value.value));
            }
        }
        if recased.is_empty() {
            return Vec::new();
        }
        let was: Vec<&str> = recased.iter().map(|r| r.1).collect();
        let now: Vec<&str> = recased.iter().map(|r| r.2).collect();
        self.push(
            feature,
            subject.clone(),
            ChangeKind::EnumValuesRecased,
            Some(was.join(", ")),
            Some(now.join(", ")),
            Some("the same values in another case; the decoders match values exactly, so the wire text that decodes to each value changes (the Rust variant keeps its name, the TypeScript literal and the JSON Schema value change): check which case the game sends"),
        );
        recased.into_iter().map(|r| r.0).collect()
    }

    fn compare_fields(&mut self, feature: &str, subject: &Subject, old: &[Field], new: &[Field]) {
        let at = |name: &str| {
            let mut s = subject.clone();
            s.path.push(name.to_owned());
            s
        };
        for field in new {
            let Field {
                name,
                value,
                optional,
            } = field;
            match old.iter().find(|o| o.name == *name) {
                None => self.push(
                    feature,
                    at(name),
                    ChangeKind::FieldAdded,
                    None,
                    Some(describe_type(value)),
                    None,
                ),
                Some(before) => {
                    let Field {
                        name: _,
                        value: old_value,
                        optional: old_optional,
                    } = before;
                    if old_optional != optional {
                        // No output follows it: one example is no evidence that GEP always
                        // sends a field, so every field may be missing in all of them.
                        let why = "every output lets any field be missing (Rust `Option`, TypeScript `?:`, no schema requires it), so only the examples changed";
                        self.push(
                            feature,
                            at(name),
                            ChangeKind::FieldOptionalChanged,
                            Some(optional_word(*old_optional).to_owned()),
                            Some(optional_word(*optional).to_owned()),
                            Some(why),
                        );
                    }
                    self.compare_types(feature, &at(name), old_value, value);
                }
            }
        }
        for field in old {
            if !new.iter().any(|n| n.name == field.name) {
                let (kind, why) = if self.excerpt {
                    (ChangeKind::FieldNoLongerShown, Some("the newer page's examples are excerpts whose `...` leaves parts of their objects out: the docs stopped showing the field, they did not remove it"))
                } else {
                    (ChangeKind::FieldRemoved, None)
                };
                self.push(
                    feature,
                    at(&field.name),
                    kind,
                    Some(describe_type(&field.value)),
                    None,
                    why,
                );
            }
        }
    }
}

/// Whether an entry's note has an example in its envelope (`{"info":…}`, `{"events":[…]}`),
/// the only kind that shows whether a value travels inside a string: a bare value or data
/// object shows its content, not its wire form.
fn shows_wire(note: Option<&Note>) -> bool {
    (note.into_iter().flat_map(Note::each_payload)).any(|example| {
        matches!(
            example.payload,
            Some(Payload::Info { .. } | Payload::Event { .. })
        )
    })
}

/// Whether an entry's note has examples that are excerpts (see [`ExampleStatus::Excerpt`]).
fn shows_excerpts(note: Option<&Note>) -> bool {
    note.is_some_and(|note| {
        (note.examples.iter()).any(|example| example.status == ExampleStatus::Excerpt)
    })
}

/// Which value of `old` each value of `new` is: the one of the same spelling, else one of
/// `old` left over that shares any spelling with it (a list switched from `#PL_DUO` to
/// `PL_DUO`, whose other spelling is `#PL_DUO`, still lists the value).
fn pair_values(old: &[EnumValue], new: &[EnumValue]) -> Vec<Option<usize>> {
    let mut old_of: Vec<Option<usize>> = (new.iter())
        .map(|n| old.iter().position(|o| o.value == n.value))
        .collect();
    for (j, new_value) in new.iter().enumerate() {
        if old_of[j].is_some() {
            continue;
        }
        let taken = old_of.clone();
        old_of[j] = (old.iter().enumerate())
            .filter(|(i, _)| !taken.contains(&Some(*i)))
            .find(|(_, o)| o.spellings().any(|s| new_value.spellings().any(|n| n == s)))
            .map(|(i, _)| i);
    }
    old_of
}

/// The text and listed values of every note of a page, entries' and features' alike.
fn notes_text(ir: &GameIr) -> String {
    let mut text = String::new();
    let mut add = |note: &Note| {
        text.push_str(&note.text);
        for value in &note.possible_values {
            for spelling in value.spellings() {
                text.push('\n');
                text.push_str(spelling);
            }
        }
        text.push('\n');
    };
    for feature in &ir.features {
        feature
            .info_updates
            .iter()
            .filter_map(|k| k.note.as_ref())
            .for_each(&mut add);
        feature
            .events
            .iter()
            .filter_map(|e| e.note.as_ref())
            .for_each(&mut add);
        feature.notes.iter().for_each(&mut add);
    }
    text
}

/// Every enumeration value (each spelling) and field name of a type, nested ones too.
fn names_in_type<'t>(value: &'t ValueType, names: &mut Vec<&'t str>) {
    match &value.shape {
        Shape::Enum { values } => names.extend(values.iter().flat_map(EnumValue::spellings)),
        Shape::Object { fields } => {
            for field in fields {
                names.push(&field.name);
                names_in_type(&field.value, names);
            }
        }
        Shape::Array { items } => names_in_type(items, names),
        Shape::Map { values } => names_in_type(values, names),
        Shape::Any
        | Shape::Null
        | Shape::Boolean
        | Shape::Integer
        | Shape::Float
        | Shape::String => {}
    }
}

/// Whether one side is a boolean and the other an enumeration of exactly `true` and `false`
/// (all its spellings), in either order.
fn is_boolean_restated(old: &Shape, new: &Shape) -> bool {
    let true_false = |shape: &Shape| {
        let Shape::Enum { values } = shape else {
            return false;
        };
        let mut spellings: Vec<&str> = values.iter().flat_map(EnumValue::spellings).collect();
        spellings.sort_unstable();
        spellings == ["false", "true"]
    };
    match (old, new) {
        (Shape::Boolean, other) | (other, Shape::Boolean) => true_false(other),
        _ => false,
    }
}

/// Whether a page gave no type for a value: `any` (its examples showed only resets or empty
/// lists: see [`Shape::Any`]), or an entry's own value inferred from nothing (the plain
/// string a value gets when no example could be read and no list or cell typed it).
/// Evidence is recorded for an entry's value; a nested value has its entry's.
fn gave_no_type(subject: &Subject, value: &ValueType) -> bool {
    value.shape == Shape::Any || fell_back(subject, value)
}

/// Whether an entry's own value has the plain string of a value inferred from nothing (see
/// [`gave_no_type`]). Not `any`: examples showing only resets are what the page says of
/// the value now (`null` where there was data is a change).
fn fell_back(subject: &Subject, value: &ValueType) -> bool {
    let fallback = value.shape == Shape::String && value.evidence == Evidence::Default;
    subject.path.is_empty() && fallback
}

/// Whether neither side says more of the value than the other: both gave no type (see
/// [`gave_no_type`]), or one's `null` cell is the other's examples showing only `null`
/// (`any`): an example's reset says nothing a `null` cell did not.
fn says_no_more(subject: &Subject, old: &ValueType, new: &ValueType) -> bool {
    let no_data = |a: &ValueType, b: &ValueType| a.shape == Shape::Null && b.shape == Shape::Any;
    (gave_no_type(subject, old) && gave_no_type(subject, new))
        || no_data(old, new)
        || no_data(new, old)
}

/// A path step standing for the items of an array.
pub const ARRAY_ITEMS: &str = "[]";
/// A path step standing for the values of a map (whatever their keys).
pub const MAP_VALUES: &str = "{}";

const LISTED_WHY: &str = "listed in the note only; the type is not an enumeration";
const PROSE_WHY: &str = "listed in the note's prose only; the type does not follow it";

/// The value types of the two versions of an entry.
#[derive(Clone, Copy)]
struct ValuePair<'v> {
    old: &'v ValueType,
    new: &'v ValueType,
}

/// Which list of values is compared: an enumeration type's, or one the type does not follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueList {
    Enum,
    Listed,
}

impl ValueList {
    /// The change kinds of a value added and of one removed.
    fn kinds(self) -> (ChangeKind, ChangeKind) {
        match self {
            ValueList::Enum => (ChangeKind::EnumValueAdded, ChangeKind::EnumValueRemoved),
            ValueList::Listed => (
                ChangeKind::PossibleValueAdded,
                ChangeKind::PossibleValueRemoved,
            ),
        }
    }
}

/// What a note holds that is compared; a missing note holds nothing.
struct NoteParts<'n> {
    text: &'n str,
    possible_values: &'n [EnumValue],
    examples: &'n [Example],
}

impl<'n> NoteParts<'n> {
    fn of(note: Option<&'n Note>) -> Self {
        match note {
            None => NoteParts {
                text: "",
                possible_values: &[],
                examples: &[],
            },
            // The heading names the entry the note belongs to; the line is layout.
            Some(Note {
                name: _,
                line: _,
                text,
                possible_values,
                examples,
            }) => NoteParts {
                text,
                possible_values,
                examples,
            },
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

fn entry_list(keys: &[&InfoUpdate], events: &[&Event]) -> String {
    let mut parts = Vec::new();
    if !keys.is_empty() {
        let names: Vec<&str> = keys.iter().map(|k| k.key.as_str()).collect();
        parts.push(format!("keys: {}", names.join(", ")));
    }
    if !events.is_empty() {
        let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
        parts.push(format!("events: {}", names.join(", ")));
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

#[cfg(test)]
mod tests {
    use crate::diff::*;
    use crate::ir::{
        Encoding, EnumValue, Evidence, Feature, Field, GameIr, InfoUpdate, Note, Shape, ValueType,
    };
    use crate::test_support::*;

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

    /// A game of one feature documenting one key.
    fn keyed(feature_name: &str, info: InfoUpdate) -> GameIr {
        game(vec![feature(feature_name, vec![info], vec![])])
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
        let old = keyed("me", key("name", "me", string()));
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
        let old = keyed("location", key("location", "game_info", string()));
        let new = keyed("location", key("location", "match_info", string()));
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
    fn a_type_where_the_older_page_gave_none_is_learned() {
        let field = |name: &str, value| Field {
            name: name.to_owned(),
            value,
            optional: false,
        };
        let typed = |shape| ValueType {
            evidence: Evidence::Examples { lines: vec![30] },
            ..ty(shape)
        };
        let page = |id: ValueType, rank: ValueType, data: ValueType| {
            game(vec![feature(
                "account",
                vec![key("id", "account", id), key("rank", "account", rank)],
                vec![event("death", data)],
            )])
        };
        // `id`'s string was the fallback, `rank`'s an example showed; `death`'s data was
        // only ever `null` in its examples, and one field of it stays untyped.
        let reset = ValueType {
            nullable: true,
            ..ty(Shape::Any)
        };
        let old = page(
            string(),
            typed(Shape::String),
            typed(Shape::Object {
                fields: vec![field("killer", reset.clone())],
            }),
        );
        let new = page(
            typed(Shape::Integer),
            typed(Shape::Integer),
            typed(Shape::Object {
                fields: vec![field("killer", string())],
            }),
        );
        assert_eq!(
            changes(&old, &new),
            vec![
                (
                    ChangeKind::TypeLearned,
                    Class::Additive,
                    "id".into(),
                    "".into()
                ),
                (
                    ChangeKind::TypeChanged,
                    Class::Breaking,
                    "rank".into(),
                    "".into()
                ),
                (
                    ChangeKind::TypeLearned,
                    Class::Additive,
                    "death".into(),
                    "killer".into()
                ),
            ]
        );
        // Forgetting a type is not learning one: a nested string is its entry's evidence.
        let back = changes(&new, &old);
        assert!(
            back.iter().all(|c| c.0 != ChangeKind::TypeLearned),
            "{back:?}"
        );
        let killer_counted = page(
            typed(Shape::Integer),
            typed(Shape::Integer),
            typed(Shape::Object {
                fields: vec![field("killer", integer())],
            }),
        );
        assert_eq!(
            changes(&new, &killer_counted),
            one(ChangeKind::TypeChanged, Class::Breaking, "death", "killer")
        );
    }

    #[test]
    fn a_type_the_newer_page_no_longer_shows_is_cosmetic() {
        let page = |id: ValueType, data: ValueType| {
            game(vec![feature(
                "account",
                vec![key("id", "account", id)],
                vec![event("level_up", data)],
            )])
        };
        let shown = |shape: Shape| ValueType {
            evidence: Evidence::Examples { lines: vec![30] },
            ..ty(shape)
        };
        let typed = page(shown(Shape::Integer), shown(Shape::Integer));
        let fallback = page(string(), string());
        assert_eq!(
            changes(&typed, &fallback),
            vec![
                (
                    ChangeKind::TypeNoLongerShown,
                    Class::Cosmetic,
                    "id".into(),
                    "".into()
                ),
                (
                    ChangeKind::TypeNoLongerShown,
                    Class::Cosmetic,
                    "level_up".into(),
                    "".into()
                ),
            ]
        );
        let report = diff(&typed, &fallback);
        assert_eq!(
            describe_change(&report.changes[0]),
            "key `id`: type no longer shown (was `integer`, now the fallback `string`)"
        );
        // A string an example showed is a type the page gives: that change is one.
        let shown_string = page(shown(Shape::String), shown(Shape::String));
        assert_eq!(
            changes(&typed, &shown_string),
            vec![
                (
                    ChangeKind::TypeChanged,
                    Class::Breaking,
                    "id".into(),
                    "".into()
                ),
                (
                    ChangeKind::TypeChanged,
                    Class::Breaking,
                    "level_up".into(),
                    "".into()
                ),
            ]
        );
        // Examples showing only resets where there was data say the data is gone.
        let resets = page(shown(Shape::Any), shown(Shape::Any));
        assert!(changes(&typed, &resets)
            .iter()
            .all(|c| c.0 == ChangeKind::TypeChanged && c.1 == Class::Breaking));
        // A nested string is its entry's evidence, never a fallback.
        let nested = |value: ValueType| page(object(&[("rank", value)]), string());
        assert_eq!(
            changes(&nested(integer()), &nested(string())),
            one(ChangeKind::TypeChanged, Class::Breaking, "id", "rank")
        );
    }

    #[test]
    fn a_boolean_written_as_true_and_false_is_no_type_change() {
        let page = |value: ValueType| keyed("game_info", key("started", "game_info", value));
        let mut spelled = ty(Shape::Boolean);
        spelled.encoding = Encoding::String;
        let (native, spelled, values) = (
            page(ty(Shape::Boolean)),
            page(spelled),
            page(enumeration(&["true", "false"])),
        );
        // Either encoding, either way: one cosmetic change and no encoding change.
        for (old, new) in [(&native, &values), (&spelled, &values)] {
            for (old, new) in [(old, new), (new, old)] {
                assert_eq!(
                    changes(old, new),
                    one(ChangeKind::TypeRestated, Class::Cosmetic, "started", "")
                );
            }
        }
        // Nullability is still compared.
        let mut nullable = enumeration(&["false", "true"]);
        nullable.nullable = true;
        let kinds: Vec<(ChangeKind, Class)> = changes(&native, &page(nullable))
            .into_iter()
            .map(|c| (c.0, c.1))
            .collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::TypeRestated, Class::Cosmetic),
                (ChangeKind::NullableChanged, Class::Breaking)
            ]
        );
        // Other values, or a third one, are another type.
        for other in [
            enumeration(&["active", "inactive"]),
            enumeration(&["true", "false", "unknown"]),
            enumeration(&["true"]),
        ] {
            assert_eq!(
                changes(&native, &page(other)),
                one(ChangeKind::TypeChanged, Class::Breaking, "started", "")
            );
        }
    }

    #[test]
    fn resets_say_nothing_beside_a_null_cell_or_no_type() {
        let page =
            |data: ValueType| game(vec![feature("death", vec![], vec![event("death", data)])]);
        let null_cell = page(ValueType {
            evidence: Evidence::Cell {
                text: "null".into(),
            },
            ..ty(Shape::Null)
        });
        let resets = page(ValueType {
            nullable: true,
            evidence: Evidence::Examples { lines: vec![30] },
            ..ty(Shape::Any)
        });
        let nothing = page(string());
        for (old, new) in [(&null_cell, &resets), (&nothing, &resets)] {
            assert_eq!(changes(old, new), vec![]);
            assert_eq!(changes(new, old), vec![]);
        }
        // A `null` cell is a type a page gave: data after it is a change, data learned after
        // resets is not.
        let counted = page(ValueType {
            evidence: Evidence::Examples { lines: vec![30] },
            ..integer()
        });
        assert_eq!(
            changes(&null_cell, &counted),
            one(ChangeKind::TypeChanged, Class::Breaking, "death", "")
        );
        assert_eq!(
            changes(&resets, &counted),
            one(ChangeKind::TypeLearned, Class::Additive, "death", "")
        );
    }

    #[test]
    fn a_first_list_of_values_is_additive_a_value_gone_from_a_list_breaks() {
        let page = |map: ValueType| {
            let shown = ValueType {
                evidence: Evidence::Examples { lines: vec![30] },
                ..map
            };
            keyed("match_info", key("map", "match_info", shown))
        };
        let (string, listed, shorter) = (
            page(string()),
            page(enumeration(&["factory", "woods"])),
            page(enumeration(&["woods"])),
        );
        assert_eq!(
            changes(&string, &listed),
            one(ChangeKind::ValuesListed, Class::Additive, "map", "")
        );
        assert_eq!(
            changes(&listed, &shorter),
            one(ChangeKind::EnumValueRemoved, Class::Breaking, "map", "")
        );
        // In another encoding the value is not the same string with a list.
        let mut spelled = listed.clone();
        spelled.features[0].info_updates[0].value.encoding = Encoding::String;
        assert_eq!(
            changes(&string, &spelled),
            one(ChangeKind::TypeChanged, Class::Breaking, "map", "")
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

    /// Every output lets any field be missing or reset, so what the examples show of a
    /// field's presence or resets changes nothing; an array item's resets do (`Option<T>`).
    #[test]
    fn a_fields_resets_and_presence_change_no_output() {
        let page = |health: ValueType, optional: bool, items: ValueType| {
            let mut value = object(&[("health", health), ("hits", array(items))]);
            if let Shape::Object { fields } = &mut value.shape {
                fields[0].optional = optional;
            }
            keyed("roster", key("roster_0", "match_info", value))
        };
        let mut nullable = integer();
        nullable.nullable = true;
        assert_eq!(
            changes(
                &page(nullable.clone(), false, integer()),
                &page(integer(), true, integer())
            ),
            vec![
                (
                    ChangeKind::FieldOptionalChanged,
                    Class::Cosmetic,
                    "roster_0".into(),
                    "health".into()
                ),
                (
                    ChangeKind::FieldNullableChanged,
                    Class::Cosmetic,
                    "roster_0".into(),
                    "health".into()
                ),
            ]
        );
        assert_eq!(
            changes(
                &page(integer(), false, integer()),
                &page(integer(), false, nullable)
            ),
            one(
                ChangeKind::NullableChanged,
                Class::Breaking,
                "roster_0",
                "hits.[]"
            )
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
    fn a_value_written_another_way_is_matched_by_any_spelling() {
        let page = |values: Vec<EnumValue>| {
            keyed(
                "match_info",
                key("game_mode", "match_info", ty(Shape::Enum { values })),
            )
        };
        let spelled = |value: &str, aliases: &[&str]| EnumValue {
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            ..EnumValue::new(value)
        };
        let hashed = page(vec![spelled("#PL_DUO", &[]), spelled("#PL_TRIO", &[])]);
        let plain = page(vec![
            spelled("PL_DUO", &["#PL_DUO"]),
            spelled("PL_TRIO", &["#PL_TRIO"]),
            spelled("PL_QUAD", &["#PL_QUAD"]),
        ]);
        type Found = Vec<(ChangeKind, Class, Option<String>, Option<String>)>;
        let found = |old: &GameIr, new: &GameIr| -> Found {
            (diff(old, new).changes.into_iter())
                .map(|c| (c.kind, c.class, c.old, c.new))
                .collect()
        };
        let respelled = |old: &str, new: &str| {
            (
                ChangeKind::EnumValueRespelled,
                Class::Cosmetic,
                Some(old.to_owned()),
                Some(new.to_owned()),
            )
        };
        assert_eq!(
            found(&hashed, &plain),
            [
                respelled("#PL_DUO", "PL_DUO"),
                respelled("#PL_TRIO", "PL_TRIO"),
                (
                    ChangeKind::EnumValueAdded,
                    Class::Additive,
                    None,
                    Some("PL_QUAD".to_owned())
                ),
            ]
        );
        // And back: the spelling both list still names the value; only `PL_QUAD` is gone.
        assert_eq!(
            found(&plain, &hashed),
            [
                respelled("PL_DUO", "#PL_DUO"),
                respelled("PL_TRIO", "#PL_TRIO"),
                (
                    ChangeKind::EnumValueRemoved,
                    Class::Breaking,
                    Some("PL_QUAD".to_owned()),
                    None
                ),
            ]
        );
        // Without a spelling in common they are other values.
        let other = page(vec![spelled("PL_DUO", &[]), spelled("PL_TRIO", &[])]);
        let kinds: Vec<ChangeKind> = changes(&hashed, &other).into_iter().map(|c| c.0).collect();
        assert_eq!(
            kinds,
            [
                ChangeKind::EnumValueAdded,
                ChangeKind::EnumValueAdded,
                ChangeKind::EnumValueRemoved,
                ChangeKind::EnumValueRemoved
            ]
        );
    }

    /// A key whose note has one example, as written.
    fn key_shown(value: ValueType, example: &str) -> InfoUpdate {
        let (examples, _) = crate::examples::read_examples(example, 1);
        InfoUpdate {
            note: Some(Note {
                name: "kills".into(),
                line: 1,
                text: String::new(),
                possible_values: Vec::new(),
                examples,
            }),
            ..key("kills", "match_info", value)
        }
    }

    #[test]
    fn encoding_and_nullability_changes_are_breaking_and_say_why() {
        let mut spelled = integer();
        spelled.encoding = Encoding::String;
        let envelope = |value: &str| {
            format!(r#"{{"info":{{"match_info":{{"kills":{value}}}}},"feature":"match_info"}}"#)
        };
        let old = keyed("match_info", key_shown(integer(), &envelope("3")));
        let new = keyed(
            "match_info",
            key_shown(spelled.clone(), &envelope(r#""3""#)),
        );
        let report = diff(&old, &new);
        let encoding = (report.changes.iter())
            .find(|c| c.kind.aspect() == "encoding")
            .unwrap();
        assert_eq!(encoding.kind, ChangeKind::EncodingChanged);
        assert_eq!(encoding.class, Class::Breaking);
        assert!(encoding
            .why
            .as_deref()
            .unwrap()
            .contains("Rust decoders accept both"));

        let old = keyed("match_info", key("kills", "match_info", integer()));
        let mut nullable = integer();
        nullable.nullable = true;
        let new = keyed("match_info", key("kills", "match_info", nullable));
        assert_eq!(
            changes(&old, &new),
            one(ChangeKind::NullableChanged, Class::Breaking, "kills", "")
        );
        assert_eq!(
            changes(&new, &old),
            one(ChangeKind::NullableChanged, Class::Breaking, "kills", "")
        );
    }

    /// Only an example in its envelope shows whether a value travels inside a string: the
    /// bare value (`{"kills":"3"}` in a note, or prose) shows its content only.
    #[test]
    fn an_encoding_only_an_envelope_shows_is_learned_or_no_longer_shown() {
        let mut spelled = integer();
        spelled.encoding = Encoding::String;
        let page = |info: InfoUpdate| keyed("match_info", info);
        let bare = page(key_shown(integer(), r#"{"kills":3}"#));
        let shown = page(key_shown(
            spelled,
            r#"{"info":{"match_info":{"kills":"3"}},"feature":"match_info"}"#,
        ));
        let kinds = |old: &GameIr, new: &GameIr| -> Vec<(ChangeKind, Class)> {
            (diff(old, new).changes.iter())
                .filter(|c| c.kind.aspect() == "encoding")
                .map(|c| (c.kind, c.class))
                .collect()
        };
        assert_eq!(
            kinds(&bare, &shown),
            [(ChangeKind::EncodingLearned, Class::Additive)]
        );
        assert_eq!(
            kinds(&shown, &bare),
            [(ChangeKind::EncodingNotShown, Class::Cosmetic)]
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
        let plain = keyed("team", key("teammate_X", "match_info", string()));
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
        let new = keyed("rank", key("victory", "match_info", string()));
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
    fn a_page_replaced_wholesale_is_one_rewrite_and_the_threshold_holds_both_ways() {
        let template = game(vec![feature(
            "match_info",
            vec![
                key("map", "match_info", string()),
                key("mode", "match_info", string()),
            ],
            vec![event("kill", string()), event("death", string())],
        )]);
        // 3 of the 4 entries gone, 2 of the 3 new ones new: one change.
        let real = game(vec![feature(
            "match_info",
            vec![
                key("map", "match_info", string()),
                key("seed", "match_info", string()),
            ],
            vec![event("quota_met", string())],
        )]);
        let report = diff(&template, &real);
        assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
        let change = &report.changes[0];
        assert_eq!(
            (change.kind, change.class, change.subject.entry),
            (ChangeKind::PageRewritten, Class::Breaking, EntryKind::Page)
        );
        assert_eq!(change.old.as_deref(), Some("3 of 4 entries gone"));
        assert_eq!(change.new.as_deref(), Some("2 of 3 entries new or moved"));
        assert!(describe_change(change)
            .starts_with("page `apex-legends` rewritten: 3 of 4 entries gone"));

        // Exactly half gone is not most: listed entry by entry.
        let half = game(vec![feature(
            "match_info",
            vec![
                key("map", "match_info", string()),
                key("mode", "match_info", string()),
            ],
            vec![event("quota_met", string())],
        )]);
        let kinds: Vec<ChangeKind> = changes(&template, &half).into_iter().map(|c| c.0).collect();
        assert_eq!(
            kinds,
            [
                ChangeKind::EventAdded,
                ChangeKind::EventRemoved,
                ChangeKind::EventRemoved
            ]
        );

        // Below REWRITE_MIN_ENTRIES, even a full replacement is listed.
        let small = game(vec![feature(
            "match_info",
            vec![key("map", "match_info", string())],
            vec![event("kill", string()), event("death", string())],
        )]);
        let other = game(vec![feature(
            "match_info",
            vec![key("seed", "match_info", string())],
            vec![event("quota_met", string())],
        )]);
        assert_eq!(changes(&small, &other).len(), 5);

        // Every entry moved to other features removes none: a reorganisation, move by move.
        let moved = game(vec![
            feature(
                "match_state",
                vec![
                    key("map", "match_info", string()),
                    key("mode", "match_info", string()),
                ],
                vec![],
            ),
            feature(
                "combat",
                vec![],
                vec![event("kill", string()), event("death", string())],
            ),
        ]);
        let kinds: Vec<ChangeKind> = changes(&template, &moved)
            .into_iter()
            .map(|c| c.0)
            .collect();
        assert_eq!(
            kinds,
            [
                ChangeKind::FeatureAdded,
                ChangeKind::KeyMoved,
                ChangeKind::KeyMoved,
                ChangeKind::FeatureAdded,
                ChangeKind::EventMoved,
                ChangeKind::EventMoved,
                ChangeKind::FeatureRemoved
            ]
        );
    }

    /// A note whose one example sent `payloads`.
    fn sent(payloads: Vec<crate::ir::Payload>) -> crate::ir::Note {
        use crate::ir::{Example, ExampleStatus, Note};
        Note {
            name: "note".into(),
            line: 1,
            text: String::new(),
            possible_values: Vec::new(),
            examples: vec![Example {
                line: 2,
                raw: String::new(),
                status: ExampleStatus::Valid,
                payloads,
            }],
        }
    }

    fn info_sent(feature: &str, category: &str, key: &str) -> crate::ir::Payload {
        crate::ir::Payload::Info {
            feature: Some(feature.into()),
            category: Some(category.into()),
            key: key.into(),
            value: crate::ir::WireValue {
                wire: crate::json::Json::String("1".into()),
                decoded: None,
            },
        }
    }

    fn event_sent(name: &str) -> crate::ir::Payload {
        crate::ir::Payload::Event {
            name: name.into(),
            data: crate::ir::WireValue {
                wire: crate::json::Json::String("Goal".into()),
                decoded: None,
            },
        }
    }

    #[test]
    fn a_key_renamed_to_what_its_examples_sent_is_one_rename() {
        let mut typo = key("item_stats", "match_info", string());
        typo.note = Some(sent(vec![info_sent(
            "match_info",
            "match_info",
            "items_stats",
        )]));
        let old = game(vec![feature("match_info", vec![typo], vec![])]);
        let new = keyed("match_info", key("items_stats", "match_info", string()));
        let report = diff(&old, &new);
        let renamed: Vec<_> = (report.changes.iter())
            .filter(|c| c.subject.path.is_empty() && c.kind != ChangeKind::ExamplesChanged)
            .map(|c| (c.kind, c.class, c.old.as_deref(), c.new.as_deref()))
            .collect();
        assert_eq!(
            renamed,
            [
                (
                    ChangeKind::KeyRenamed,
                    Class::Breaking,
                    Some("item_stats"),
                    Some("items_stats")
                ),
                (
                    ChangeKind::DescriptionChanged,
                    Class::Cosmetic,
                    Some("the item_stats"),
                    Some("the items_stats")
                )
            ]
        );
        let text = describe_change(&report.changes[0]);
        assert!(text.starts_with("key `item_stats` renamed to `items_stats`. The row now names the key its own examples already sent: a fix of the docs, so the wire did not change, but a rename of the generated API"), "{text}");

        // Examples that sent both keys document two keys: a removal and an addition.
        let mut both = key("item_stats", "match_info", string());
        both.note = Some(sent(vec![
            info_sent("match_info", "match_info", "item_stats"),
            info_sent("match_info", "match_info", "items_stats"),
        ]));
        let old = game(vec![feature("match_info", vec![both], vec![])]);
        let kinds: Vec<ChangeKind> = changes(&old, &new).into_iter().map(|c| c.0).collect();
        assert_eq!(kinds, [ChangeKind::KeyAdded, ChangeKind::KeyRemoved]);
    }

    #[test]
    fn a_key_documented_as_the_event_its_examples_sent_is_one_change() {
        let mut points = key("action_points", "match_info", string());
        points.note = Some(sent(vec![event_sent("action_points")]));
        let old = game(vec![feature("match_info", vec![points.clone()], vec![])]);
        let new = game(vec![feature(
            "match_info",
            vec![],
            vec![event("action_points", string())],
        )]);
        let report = diff(&old, &new);
        let seen: Vec<_> = (report.changes.iter())
            .map(|c| (c.kind, c.class, c.old.as_deref(), c.new.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [(
                ChangeKind::KeyBecameEvent,
                Class::Breaking,
                Some("action_points"),
                Some("action_points")
            )]
        );
        assert!(describe_change(&report.changes[0])
            .starts_with("key `action_points` now documented as event `action_points`. The older examples of the key already sent it as an event"));
        // And back: an event whose examples sent an info update.
        let mut fired = event("action_points", string());
        fired.note = Some(sent(vec![info_sent(
            "match_info",
            "match_info",
            "action_points",
        )]));
        let old = game(vec![feature("match_info", vec![], vec![fired])]);
        let back = keyed("match_info", key("action_points", "match_info", string()));
        assert_eq!(
            changes(&old, &back),
            one(
                ChangeKind::EventBecameKey,
                Class::Breaking,
                "action_points",
                ""
            )
        );
        // Without the examples' word, a key removed and an event added.
        points.note = None;
        let old = game(vec![feature("match_info", vec![points], vec![])]);
        let kinds: Vec<ChangeKind> = changes(&old, &new).into_iter().map(|c| c.0).collect();
        assert_eq!(kinds, [ChangeKind::EventAdded, ChangeKind::KeyRemoved]);
    }

    #[test]
    fn a_lost_heading_is_one_cosmetic_change_not_moves() {
        let npc = |note: bool| {
            let mut npc = key("npc_location", "match_info", string());
            if note {
                npc.note = Some(sent(vec![info_sent(
                    "location",
                    "match_info",
                    "npc_location",
                )]));
            }
            npc
        };
        let old = game(vec![
            feature(
                "match_info",
                vec![key("location", "match_info", string())],
                vec![],
            ),
            feature(
                "location",
                vec![key("location", "match_info", string()), npc(true)],
                vec![],
            ),
        ]);
        let new = game(vec![
            feature(
                "match_info",
                vec![key("location", "match_info", string()), npc(true)],
                vec![],
            ),
            feature("location", vec![], vec![]),
        ]);
        let report = diff(&old, &new);
        let seen: Vec<_> = (report.changes.iter())
            .map(|c| (c.kind, c.class, c.old.as_deref(), c.new.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [(
                ChangeKind::FeatureHeadingLost,
                Class::Cosmetic,
                Some("keys: location, npc_location"),
                Some("documented under match_info")
            )]
        );
        // Examples that do not send it under the old feature: a real move.
        let old = game(vec![
            feature("match_info", vec![], vec![]),
            feature("location", vec![npc(false)], vec![]),
        ]);
        let new = game(vec![
            feature("match_info", vec![npc(false)], vec![]),
            feature("location", vec![], vec![]),
        ]);
        assert_eq!(
            changes(&old, &new),
            one(ChangeKind::KeyMoved, Class::Breaking, "npc_location", "")
        );
    }

    #[test]
    fn values_written_in_another_case_are_one_breaking_change_for_the_list() {
        let old = game(vec![feature(
            "game_info",
            vec![key(
                "scene",
                "game_info",
                enumeration(&["dock", "battle", "lobby"]),
            )],
            vec![],
        )]);
        let new = game(vec![feature(
            "game_info",
            vec![key(
                "scene",
                "game_info",
                enumeration(&["Dock", "Battle", "queue"]),
            )],
            vec![],
        )]);
        let report = diff(&old, &new);
        let seen: Vec<_> = (report.changes.iter())
            .map(|c| (c.kind, c.class, c.old.as_deref(), c.new.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    ChangeKind::EnumValuesRecased,
                    Class::Breaking,
                    Some("dock, battle"),
                    Some("Dock, Battle")
                ),
                (
                    ChangeKind::EnumValueAdded,
                    Class::Additive,
                    None,
                    Some("queue")
                ),
                (
                    ChangeKind::EnumValueRemoved,
                    Class::Breaking,
                    Some("lobby"),
                    None
                ),
            ]
        );
        assert!(describe_change(&report.changes[0]).contains("the decoders match values exactly"));
    }

    #[test]
    fn a_young_page_losing_most_of_its_entries_is_a_rewrite() {
        // A template: the generic entries every page has, and 4 of another game's.
        let page = |specific: &[&str]| {
            let mut keys = vec![
                key("gep_internal", "gep_internal", string()),
                key("scene", "game_info", string()),
            ];
            keys.extend(specific.iter().map(|k| key(k, "match_info", string())));
            game(vec![feature(
                "match_info",
                keys,
                vec![event("match_start", string())],
            )])
        };
        let template = page(&["mobs_stats", "facing", "server", "chat"]);
        let real = page(&["local_player_stats"]);
        assert_eq!(
            (diff_young_page(&template, &real).changes.iter())
                .map(|c| (c.kind, c.old.as_deref(), c.new.as_deref()))
                .collect::<Vec<_>>(),
            [(
                ChangeKind::TemplateReplaced,
                Some("4 of 7 entries gone"),
                Some("1 of 4 entries new or moved")
            )]
        );
        assert_eq!(ChangeKind::TemplateReplaced.class(), Class::Cosmetic);
        // On an established page the same step is listed entry by entry.
        assert_eq!(diff(&template, &real).changes.len(), 5);
        // Exactly half gone is not most, even on a young page.
        let half = page(&["mobs_stats", "facing", "server"]);
        assert_eq!(diff_young_page(&half, &real).changes.len(), 4);
    }
}
