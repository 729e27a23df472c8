//! Doc drift: what changed for consumers between two IRs of one game, and how badly.
//!
//! [`diff`] compares two [`GameIr`]s and lists typed [`Change`]s, each classed:
//!
//! - **breaking**: a consumer's code or data can stop working. A page rewritten wholesale (one
//!   change, not one per entry: see `compare::Rewrite` for the rule); removed features, keys,
//!   events, payload fields and enum values; a changed type, category or wire encoding (of a
//!   value itself as examples in their envelopes show it: a bare value or data object shows its
//!   content, not whether it travels inside a string, so an encoding only the newer page's
//!   envelope shows is learned, additive, and one only a bare example gives is no longer
//!   shown, cosmetic); a key or event
//!   moved to another feature; a key's value, an event's data, array items or map values that
//!   become or stop being nullable. A row
//!   fixed to agree with its own examples (a key renamed to the key they sent, a key
//!   documented as the event they sent, or back, a category they sent) is one change, and
//!   says so: the wire did not change, but the generated API did. Values of an enumeration
//!   written in another case only (`loading_screen` as `Loading_screen`): one change for the
//!   list, breaking because the decoders match values exactly (the wire is case-sensitive).
//!   The Rust variant keeps its name, but the text that decodes to it, the TypeScript literal
//!   and the JSON Schema value change.
//! - **additive**: new features, keys, events, fields and enum values; a type where the older
//!   page gave none (its `string` was the fallback for a value nothing described, its `any`
//!   came from examples showing only resets): the docs learned it, they did not change it;
//!   a string's values listed for the first time (the enumerations are open, and no value
//!   was listed before that could be gone: only a value removed from a list breaks).
//! - **cosmetic**: documentation only: wording, notes, examples, `since` versions, an enum
//!   value written another way (matched by a spelling both versions list), a type the newer
//!   page no longer shows (its value fell back to `string`: nothing describes it any more or
//!   its example cannot be read; the mirror of a type learned), a boolean written as the
//!   values `true` and `false` or back (in either encoding), and values
//!   listed in a note of a value whose type is not an enumeration (each added or removed value
//!   named; the generated types do not follow the list), and a feature whose heading the page
//!   lost while its feature list and examples still name it (one change, its entries not
//!   reported as moved), a field shown with or without `null`, or in some examples only
//!   (no output follows either: every field may be missing or reset in all of them), and a
//!   page rewritten in its first days or from its first version (the template it was created
//!   from getting the game's own content: no release used the template's entries).
//!
//! The classes follow what the generated outputs do with the IR, the strictest one winning:
//! the Rust decoders accept numbers and booleans in either encoding and make every info value
//! and field an `Option`, but the TypeScript types and the JSON Schema describe the wire, so an
//! encoding change and a value that gains or loses `null` change them in a way that breaks code
//! (gained) or data validation (lost). Fields are the exception: every output lets any field be
//! missing or reset, since one example is no evidence that GEP always sends it.
//! A `since` change is always cosmetic: it is documentation metadata, nothing on the wire
//! changes (`0.130` to `130.0` is labelled as the typo fix it is). Where a type was inferred
//! from does not matter to consumers and is not compared.
//!
//! Keys are matched by their wire identity (a family `roster_XX` is `roster_` + index, so
//! `roster_X` is the same key spelled differently), first within a feature, then across
//! features (a move). Values are compared wherever they are nested: fields of objects and of
//! JSON documents carried in strings, array items (`[]` in a path), map values (`{}`: a map's
//! keys are data, so only the type of its values is compared, never its keys as fields), and
//! event data. [`render_markdown`] writes the review; the types serialise to JSON.
//!
//! Submodules by concern: `semver` (classes, counts, release steps), `matching` (which entry
//! of the older page is which of the newer), `compare` (the changes), `render` (Markdown).

mod compare;
mod matching;
mod prose;
mod render;
mod semver;

use std::fmt::Write;

use serde::Serialize;

use crate::ir::{Format, Game, GameIr};

pub use render::{
    code, describe_change, describe_subject, describe_type, release_advice, render_markdown,
};
pub use semver::{is_version_typo_fix, Bump, Class, Counts, Release, ReleaseVersion, VersionStep};

/// What kind of thing a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// The page as a whole (see [`ChangeKind::PageRewritten`]).
    Page,
    Feature,
    Key,
    Event,
}

/// The thing that changed: the page, a feature, a key or an event, and a path inside its value.
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
    /// Most of the page's keys and events replaced at once: one change, not one per entry.
    PageRewritten,
    /// The same, in a page's first days: the page it was created from (another game's page
    /// used as a template, a draft) replaced by the game's own content.
    TemplateReplaced,
    FeatureAdded,
    FeatureRemoved,
    KeyAdded,
    KeyRemoved,
    /// The key is documented in another feature.
    KeyMoved,
    /// The row now names the key its own examples already sent (`item_stats` fixed to
    /// `items_stats`): one change, not a key removed and another added.
    KeyRenamed,
    /// A key documented as the event its examples already sent.
    KeyBecameEvent,
    /// An event documented as the info update its examples already sent.
    EventBecameKey,
    /// The page lost a feature's heading while its feature list and examples still name
    /// it: its entries read as part of the section above, nothing moved on the wire.
    FeatureHeadingLost,
    EventAdded,
    EventRemoved,
    EventMoved,
    CategoryChanged,
    /// A family's placeholder is written differently (`roster_X` for `roster_XX`).
    FamilyChanged,
    /// The shape of the value changed (e.g. string to integer, object to number).
    TypeChanged,
    /// A type where the older page gave none: its string was the fallback for a value
    /// nothing described (no example, none readable, no list, no typed cell), or its `any`
    /// came from examples that showed only resets (`null`, `""`).
    TypeLearned,
    /// A string's values listed for the first time: it becomes an (open) enumeration.
    ValuesListed,
    /// The newer page gives no type where the older gave one: nothing describes the value
    /// any more, or its example cannot be read, so it has the fallback `string`. The docs
    /// stopped saying, they did not narrow the value (the mirror of [`ChangeKind::TypeLearned`]).
    TypeNoLongerShown,
    /// The same values written as another type: a boolean and the enumeration of exactly
    /// `true` and `false`, in either encoding (a cell `true / false` quoted as
    /// `"true" / "false"`).
    TypeRestated,
    /// Native JSON to a value spelled out in a string, or back.
    EncodingChanged,
    /// An encoding the older page did not show (its value only bare or in prose) shown by an
    /// example in its envelope.
    EncodingLearned,
    /// The newer page shows the value only bare or in prose, so its encoding is a guess.
    EncodingNotShown,
    /// A key's value, an event's data, an array's items or a map's values that become or stop
    /// being nullable.
    NullableChanged,
    /// A field of a document shown with or without `null`: no output changes (every field takes
    /// resets).
    FieldNullableChanged,
    FieldAdded,
    FieldRemoved,
    /// A field the newer page's examples no longer show, where they are excerpts that leave
    /// parts of their objects out: the docs stopped showing it, they did not remove it.
    FieldNoLongerShown,
    /// A field shown in every example or not: no output changes (every field may be missing).
    FieldOptionalChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumValueDescriptionChanged,
    /// A value written another way, matched by a spelling both versions list (`#PL_DUO`
    /// listed as `PL_DUO` with `#PL_DUO` as its other spelling).
    EnumValueRespelled,
    /// Values of an enumeration written in another case only, as one edit of the list.
    EnumValuesRecased,
    SinceChanged,
    /// The Values or Fired When cell.
    DescriptionChanged,
    /// The Event Data cell.
    DataDescriptionChanged,
    RemarksChanged,
    NoteChanged,
    /// A value listed in a note ("Possible values", or a list its prose introduces as values)
    /// whose type is not an enumeration.
    PossibleValueAdded,
    PossibleValueRemoved,
    ExamplesChanged,
}

impl ChangeKind {
    /// What a change of this kind is about, in a word or two (`type`, `since`, `note`).
    pub fn aspect(self) -> &'static str {
        use ChangeKind::*;
        match self {
            PageRewritten | TemplateReplaced => "page",
            FeatureAdded | FeatureRemoved => "feature",
            KeyAdded | KeyRemoved | EventAdded | EventRemoved => "presence",
            KeyMoved | EventMoved => "feature",
            KeyRenamed => "name",
            KeyBecameEvent | EventBecameKey => "kind of entry",
            FeatureHeadingLost => "heading",
            CategoryChanged => "category",
            FamilyChanged => "written",
            TypeChanged | TypeLearned | ValuesListed | TypeNoLongerShown | TypeRestated => "type",
            EncodingChanged | EncodingLearned | EncodingNotShown => "encoding",
            NullableChanged | FieldNullableChanged => "nullability",
            FieldAdded | FieldRemoved | FieldNoLongerShown => "fields",
            FieldOptionalChanged => "presence",
            EnumValueAdded | EnumValueRemoved => "enum values",
            EnumValueDescriptionChanged => "enum value description",
            EnumValueRespelled => "enum value spelling",
            EnumValuesRecased => "enum value case",
            SinceChanged => "since",
            DescriptionChanged => "description",
            DataDescriptionChanged => "data description",
            RemarksChanged => "remarks",
            NoteChanged => "note",
            PossibleValueAdded | PossibleValueRemoved => "possible values",
            ExamplesChanged => "examples",
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
    /// The date of the later version that undid this change, when a history found one within
    /// its revert window (a plain diff never sets it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restored_on: Option<String>,
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
    diff_of(old, new, false)
}

/// Like [`diff`], for a step within a page's first days (see [`YOUNG_PAGE_DAYS`]) or from its
/// first version: a step that removes more than half of what the page documented is the
/// template it started from replaced by its real content (one cosmetic
/// [`ChangeKind::TemplateReplaced`]: no release can have used the template's entries), however
/// much of the template's generic entries the real page keeps.
pub fn diff_young_page(old: &GameIr, new: &GameIr) -> Diff {
    diff_of(old, new, true)
}

/// How long a page counts as just created, for [`diff_young_page`].
pub const YOUNG_PAGE_DAYS: i64 = 7;

fn diff_of(old: &GameIr, new: &GameIr, young: bool) -> Diff {
    let changes = compare::changes(old, new, young);
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

/// Whitespace runs as one space: the same words laid out by another docs format are no change.
pub(crate) fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
