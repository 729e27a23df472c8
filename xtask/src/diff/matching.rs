//! Which key or event of the older page is which of the newer: slot matching.
//!
//! Keys are matched by their wire identity (a family `roster_XX` is `roster_` + index, so
//! `roster_X` is the same key spelled differently), events by name; first within a feature,
//! then across features (a move).

use crate::ir::{Event, Feature, GameIr, InfoUpdate};

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
    let keys = match_slots(
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
        ],
    );
    let events = match_slots(
        slots(&old.features, |f| &f.events),
        slots(&new.features, |f| &f.events),
        &[
            &|o, n| same_feature(o.feature, n.feature) && o.item.name == n.item.name,
            &|o, n| o.item.name == n.item.name,
        ],
    );
    PageMatching {
        old_feature_of,
        keys,
        events,
    }
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
