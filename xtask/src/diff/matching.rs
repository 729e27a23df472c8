//! Which key or event of the older page is which of the newer: slot matching.
//!
//! Keys are matched by their wire identity (a family `roster_XX` is `roster_` + index, so
//! `roster_X` is the same key spelled differently), events by name; first within a feature,
//! then across features (a move). Last, a row fixed to agree with its own examples: an old
//! key whose examples sent another key, or an event, that the newer page documents instead
//! is that entry renamed (see [`sent_by_examples`]).

use crate::ir::{Event, Feature, GameIr, InfoUpdate, Note, Payload};

/// A key or event with the index of its feature.
pub(super) struct Slot<'a, T> {
    pub feature: usize,
    pub item: &'a T,
}

/// One old and one new slot found to be the same entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pair {
    pub old: usize,
    pub new: usize,
}

/// The slots of both pages for one kind of entry, and which are the same.
pub(super) struct SlotMatching<'a, T> {
    pub old: Vec<Slot<'a, T>>,
    pub new: Vec<Slot<'a, T>>,
    /// Matched slots, in new order.
    pub pairs: Vec<Pair>,
    /// Per old slot: matched by no new one.
    pub removed: Vec<bool>,
    /// Per new slot: matched by no old one.
    pub added: Vec<bool>,
}

impl<'a, T> SlotMatching<'a, T> {
    /// The new side's entries of feature `index` in page order, each with its old match.
    pub fn of_new_feature(&self, index: usize) -> Vec<(usize, Option<usize>)> {
        let matched = (self.pairs.iter())
            .filter(|pair| self.new[pair.new].feature == index)
            .map(|pair| (pair.new, Some(pair.old)));
        let added = (0..self.new.len())
            .filter(|&j| self.added[j] && self.new[j].feature == index)
            .map(|j| (j, None));
        let mut order: Vec<(usize, Option<usize>)> = matched.chain(added).collect();
        order.sort();
        order
    }

    /// The old entries of feature `old_index` that no new entry matched, in page order.
    pub fn removed_of_old_feature(&self, old_index: usize) -> Vec<&'a T> {
        (self.old.iter().zip(&self.removed))
            .filter(|(slot, removed)| **removed && slot.feature == old_index)
            .map(|(slot, _)| slot.item)
            .collect()
    }

    /// The new entries of feature `index` that no old entry matched, in page order.
    pub fn added_of_new_feature(&self, index: usize) -> Vec<&'a T> {
        (self.new.iter().zip(&self.added))
            .filter(|(slot, added)| **added && slot.feature == index)
            .map(|(slot, _)| slot.item)
            .collect()
    }
}

/// Which feature, key and event of the older page each of the newer page's is.
pub(super) struct PageMatching<'a> {
    /// Index in the old page's features of each new feature that existed before.
    pub old_feature_of: Vec<Option<usize>>,
    pub keys: SlotMatching<'a, InfoUpdate>,
    pub events: SlotMatching<'a, Event>,
    /// An old key (`old`, in `keys.old`) documented as an event (`new`, in `events.new`) that
    /// its examples already sent as one.
    pub key_to_event: Vec<Pair>,
    /// An old event (in `events.old`) documented as a key (in `keys.new`) that its examples
    /// already sent as an info update.
    pub event_to_key: Vec<Pair>,
}

impl PageMatching<'_> {
    /// Keys and events of the old page that no entry of the new page matched.
    pub fn removed(&self) -> usize {
        let count = |flags: &[bool]| flags.iter().filter(|f| **f).count();
        count(&self.keys.removed) + count(&self.events.removed)
    }

    /// Keys and events matched in the feature of the same name on both sides (not moved).
    pub fn kept_in_place(&self) -> usize {
        fn in_place<T>(slots: &SlotMatching<'_, T>, old_feature_of: &[Option<usize>]) -> usize {
            (slots.pairs.iter())
                .filter(|pair| {
                    old_feature_of[slots.new[pair.new].feature] == Some(slots.old[pair.old].feature)
                })
                .count()
        }
        in_place(&self.keys, &self.old_feature_of) + in_place(&self.events, &self.old_feature_of)
    }
}

/// Matches the features by name, then keys and events in passes from strict to loose.
pub(super) fn match_pages<'a>(old: &'a GameIr, new: &'a GameIr) -> PageMatching<'a> {
    let old_feature_of: Vec<Option<usize>> = new
        .features
        .iter()
        .map(|f| old.features.iter().position(|o| o.name == f.name))
        .collect();
    let same_feature = |o: usize, n: usize| old_feature_of[n] == Some(o);
    let mut keys = match_slots(
        slots(&old.features, |f| &f.info_updates),
        slots(&new.features, |f| &f.info_updates),
        &[
            &|o, n| {
                same_feature(o.feature, n.feature)
                    && o.item.wire_key() == n.item.wire_key()
                    && o.item.category == n.item.category
            },
            &|o, n| same_feature(o.feature, n.feature) && o.item.wire_key() == n.item.wire_key(),
            &|o, n| o.item.wire_key() == n.item.wire_key() && o.item.category == n.item.category,
            &|o, n| o.item.wire_key() == n.item.wire_key(),
            // Last, and only among keys left over on both sides: the row renamed to the key
            // its own examples sent.
            &|o, n| renamed_to_what_it_sent(o.item, n.item),
        ],
    );
    let mut events = match_slots(
        slots(&old.features, |f| &f.events),
        slots(&new.features, |f| &f.events),
        &[
            &|o, n| same_feature(o.feature, n.feature) && o.item.name == n.item.name,
            &|o, n| o.item.name == n.item.name,
        ],
    );
    let key_to_event = pair_across(&mut keys, &mut events, |key, event| {
        sent_by_examples(key.note.as_ref())
            .any(|sent| matches!(sent, Payload::Event { name, .. } if *name == event.name))
    });
    let event_to_key = pair_across(&mut events, &mut keys, |event, key| {
        sent_by_examples(event.note.as_ref()).any(|sent| sent_as_key(sent, key))
    });
    PageMatching {
        old_feature_of,
        keys,
        events,
        key_to_event,
        event_to_key,
    }
}

/// The payloads an entry's own note's examples sent.
pub(super) fn sent_by_examples(note: Option<&Note>) -> impl Iterator<Item = &Payload> {
    note.into_iter()
        .flat_map(|note| note.each_payload())
        .filter_map(|sent| sent.payload)
}

/// Whether an info payload is an update of `key` (in its category, when the payload names one).
fn sent_as_key(sent: &Payload, key: &InfoUpdate) -> bool {
    match sent {
        Payload::Info {
            category,
            key: sent,
            ..
        } => {
            key.closeness(category.as_deref(), sent).is_some()
                && category.as_ref().is_none_or(|c| *c == key.category)
        }
        Payload::Event { .. } | Payload::Bare { .. } => false,
    }
}

/// Whether the newer row `new` is the older row `old` renamed to what `old`'s own examples
/// already sent: they sent `new`'s key and never `old`'s (examples that sent both document
/// two keys, not a rename).
fn renamed_to_what_it_sent(old: &InfoUpdate, new: &InfoUpdate) -> bool {
    let mut sent = sent_by_examples(old.note.as_ref()).peekable();
    sent.peek().is_some()
        && !sent_by_examples(old.note.as_ref()).any(|payload| sent_as_key(payload, old))
        && sent.any(|payload| sent_as_key(payload, new))
}

/// Pairs entries left over on the old side of `from` with entries left over on the new side
/// of `to` (the other kind of entry) that `same` says they are, and takes both out of the
/// removed and added ones.
fn pair_across<A, B>(
    from: &mut SlotMatching<'_, A>,
    to: &mut SlotMatching<'_, B>,
    same: impl Fn(&A, &B) -> bool,
) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for (j, new) in to.new.iter().enumerate() {
        if !to.added[j] {
            continue;
        }
        if let Some(i) =
            (0..from.old.len()).find(|&i| from.removed[i] && same(from.old[i].item, new.item))
        {
            from.removed[i] = false;
            to.added[j] = false;
            pairs.push(Pair { old: i, new: j });
        }
    }
    pairs
}

/// A test of whether an old and a new slot are the same entry.
type Pass<'p, T> = &'p dyn Fn(&Slot<'_, T>, &Slot<'_, T>) -> bool;

/// Matches in passes from strict to loose, so an exact match is never stolen by a loose one.
fn match_slots<'a, T>(
    old: Vec<Slot<'a, T>>,
    new: Vec<Slot<'a, T>>,
    passes: &[Pass<'_, T>],
) -> SlotMatching<'a, T> {
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
                pairs.push(Pair { old: i, new: j });
            }
        }
    }
    pairs.sort_by_key(|pair| pair.new);
    SlotMatching {
        old,
        new,
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
