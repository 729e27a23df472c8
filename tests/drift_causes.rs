//! A hand-labelled drift set: one small fixture per cause of a wrong or missing drift report
//! (tests/fixtures/drift/<cause>/, pages written for the test), each with the exact list of
//! changes a maintainer should read. A list that gains, loses or reclasses a change fails.

use std::fs;
use std::path::{Path, PathBuf};

use gepgen::diff::{diff, Change};
use gepgen::docs_repo::{corpus_key, sort_versions, version_sources};
use gepgen::history::{history, History, PageVersion};
use gepgen::ir::GameIr;
use gepgen::pipeline::page_to_ir;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/drift")
        .join(path)
}

fn ir(path: &Path) -> GameIr {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    page_to_ir(&text, &path.to_string_lossy(), None)
}

/// `class kind: subject.path old → new`, one line per change.
fn line(change: &Change) -> String {
    let kind = serde_json::to_value(change.kind).unwrap();
    let mut subject = change.subject.name.clone();
    for step in &change.subject.path {
        subject.push('.');
        subject.push_str(step);
    }
    let side = |text: &Option<String>| text.clone().unwrap_or_else(|| "-".to_owned());
    format!(
        "{} {}: {subject} {} → {}",
        change.class.as_str(),
        kind.as_str().unwrap(),
        side(&change.old),
        side(&change.new)
    )
}

fn pair(cause: &str, old: &str, new: &str) -> Vec<String> {
    let (old, new) = (ir(&fixture(cause).join(old)), ir(&fixture(cause).join(new)));
    diff(&old, &new).changes.iter().map(line).collect()
}

/// The folder's history as `cargo xtask history` reads it: ordered, and told apart by file,
/// with the folder's index.tsv when `with_index`.
fn folder(cause: &str, with_index: bool) -> History {
    let dir = fixture(cause);
    let index = with_index.then(|| fs::read_to_string(dir.join("index.tsv")).unwrap());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    sort_versions(&mut files, index.as_deref());
    let sources = index.as_deref().map(version_sources).unwrap_or_default();
    let versions: Vec<PageVersion> = files
        .iter()
        .map(|path| PageVersion {
            file: path.file_name().unwrap().to_string_lossy().into_owned(),
            ir: ir(path),
            source: sources.get(&corpus_key(path)).cloned(),
        })
        .collect();
    history(&versions)
}

/// Every page line's changes, step by step.
fn lines_of(history: &History) -> Vec<Vec<String>> {
    (history.pages.iter())
        .map(|page| {
            (page.steps.iter())
                .flat_map(|step| step.changes.iter().map(line))
                .collect()
        })
        .collect()
}

/// Two versions of one day: the later commit adds a value. By hash the later one sorts first
/// and the value would read as removed.
#[test]
fn one_days_versions_in_commit_order() {
    assert_eq!(
        lines_of(&folder("same-day", true)),
        [["additive enum_value_added: match_end - → tie"]]
    );
    assert_eq!(
        lines_of(&folder("same-day", false)),
        [["breaking enum_value_removed: match_end tie → -"]],
        "the cause: without commit times the day's versions are in hash order"
    );
}

/// Two files of one game committed side by side (a page and its beta): one timeline each.
#[test]
fn two_source_files_two_timelines() {
    let history = folder("two-files", true);
    assert_eq!(
        lines_of(&history),
        [
            vec!["additive key_added: seed - → category match_info"],
            vec![]
        ]
    );
    assert_eq!(history.pages[0].files, ["docs/game.md"]);
    assert_eq!(history.pages[1].files, ["docs/game-beta.md"]);
    // The cause: read as one page the versions flip between the files.
    assert_eq!(folder("two-files", false).pages.len(), 1);
}

/// A field added inside a JSON document carried in a string, under a family whose table
/// spelling (`scoreboard_xx`) is not the example's key (`scoreboard_17`).
#[test]
fn a_field_inside_json_in_a_string_under_a_family() {
    assert_eq!(
        pair("json-family", "old.md", "new.md"),
        [
            "cosmetic examples_changed: scoreboard_xx 1 example → 1 example (1 new, 1 gone)",
            "additive field_added: scoreboard_xx.deaths - → number",
        ]
    );
}

/// An object keyed by player slots: the slots changed (data), a field of the values appeared.
#[test]
fn a_map_keyed_by_data_compares_its_values() {
    assert_eq!(
        pair("map", "old.md", "new.md"),
        [
            "cosmetic examples_changed: players 1 example → 1 example (1 new, 1 gone)",
            "additive field_added: players.{}.rank - → number",
        ]
    );
}

/// A value added to a note's "Possible values" list and to a list in an HTML table cell.
#[test]
fn values_added_to_lists_in_notes_and_table_cells() {
    assert_eq!(
        pair("values", "old.md", "new.md"),
        [
            "additive enum_value_added: map_id - → LAIR",
            "cosmetic description_changed: mode `ranked` `casual` → `ranked` `casual` `arcade`",
            "additive enum_value_added: mode - → arcade",
        ]
    );
    // And back: a value gone from the list narrows the enumeration.
    assert_eq!(
        pair("values", "new.md", "old.md"),
        [
            "breaking enum_value_removed: map_id LAIR → -",
            "cosmetic description_changed: mode `ranked` `casual` `arcade` → `ranked` `casual`",
            "breaking enum_value_removed: mode arcade → -",
        ]
    );
}

/// Another game's page used as a template, then the real content: one event.
#[test]
fn a_template_page_replaced_by_the_real_one_is_one_rewrite() {
    assert_eq!(
        pair("rewritten", "template.md", "real.md"),
        ["breaking page_rewritten: drift-fixture 4 of 5 entries gone → 2 of 3 entries new or moved"]
    );
}

/// A key no example typed (its string was the fallback) gets an example: the docs learned the
/// type, additive. A key whose example showed a string and now shows a number changed type.
#[test]
fn a_type_where_the_older_page_gave_none_is_learned_not_changed() {
    assert_eq!(
        pair("type-learned", "old.md", "new.md"),
        [
            "cosmetic examples_changed: id 0 examples → 1 example (1 new, 0 gone)",
            "additive type_learned: id string → number in a string",
            "cosmetic examples_changed: rank 1 example → 1 example (1 new, 1 gone)",
            "breaking type_changed: rank string → number",
        ]
    );
}

/// A string whose values are listed for the first time: nothing was listed that could be
/// gone, and the enumeration is open. Dropping the list again is a type change.
#[test]
fn a_first_list_of_values_is_additive() {
    assert_eq!(
        pair("first-list", "old.md", "new.md"),
        ["additive values_listed: map string → enum(factory | customs | harbor)"]
    );
    assert_eq!(
        pair("first-list", "new.md", "old.md"),
        ["breaking type_changed: map enum(factory | customs | harbor) → string"]
    );
}

/// Examples that show event data only as `null` or `""` say nothing about its type: beside a
/// `null` Event Data cell, or a cell in prose, the type did not change (either way).
#[test]
fn an_example_of_null_data_says_nothing_of_the_type() {
    let expected = |old, new| {
        [
            format!("cosmetic examples_changed: knocked_out {old} → {new}"),
            format!("cosmetic examples_changed: death {old} → {new}"),
        ]
    };
    assert_eq!(
        pair("null-data", "old.md", "new.md"),
        expected("0 examples", "1 example (1 new, 0 gone)")
    );
    assert_eq!(
        pair("null-data", "new.md", "old.md"),
        expected("1 example", "0 examples (0 new, 1 gone)")
    );
}

/// A list switched from `#Q_SOLO` to `Q_SOLO` while the example still sends `#Q_PAIR` (so
/// each value keeps the `#` spelling as another): the values stay, written another way; only
/// `Q_SQUAD` is new.
#[test]
fn a_value_written_another_way_is_the_same_value() {
    assert_eq!(
        pair("respelled", "old.md", "new.md"),
        [
            "cosmetic examples_changed: queue 0 examples → 1 example (1 new, 0 gone)",
            "cosmetic enum_value_respelled: queue #Q_SOLO → Q_SOLO",
            "cosmetic enum_value_respelled: queue #Q_PAIR → Q_PAIR",
            "additive enum_value_added: queue - → Q_SQUAD",
        ]
    );
    assert_eq!(
        pair("respelled", "new.md", "old.md"),
        [
            "cosmetic examples_changed: queue 1 example → 0 examples (0 new, 1 gone)",
            "cosmetic enum_value_respelled: queue Q_SOLO → #Q_SOLO",
            "cosmetic enum_value_respelled: queue Q_PAIR → #Q_PAIR",
            "breaking enum_value_removed: queue Q_SQUAD → -",
        ]
    );
}

/// A key whose example showed a number in a string gets an example that cannot be read: the
/// value falls back to `string`. The docs stopped showing the type, they did not narrow it.
#[test]
fn a_type_no_longer_shown_is_not_a_type_change() {
    assert_eq!(
        pair("type-unshown", "old.md", "new.md"),
        [
            "cosmetic examples_changed: level 1 example → 1 example (1 new, 1 gone)",
            "cosmetic type_no_longer_shown: level number in a string → string",
        ]
    );
    // And back: the type is learned again.
    assert_eq!(
        pair("type-unshown", "new.md", "old.md"),
        [
            "cosmetic examples_changed: level 1 example → 1 example (1 new, 1 gone)",
            "additive type_learned: level string → number in a string",
        ]
    );
}

/// A cell `true / false` quoted as `"true" / "false"` reads as the values `true` and `false`
/// in a string: the same boolean, written another way.
#[test]
fn a_boolean_quoted_as_its_two_values_is_the_same_boolean() {
    assert_eq!(
        pair("boolean-quoted", "old.md", "new.md"),
        [
            "cosmetic description_changed: started true / false → \"true\" / \"false\"",
            "cosmetic type_restated: started boolean in a string → enum(true | false)",
        ]
    );
    assert_eq!(
        pair("boolean-quoted", "new.md", "old.md"),
        [
            "cosmetic description_changed: started \"true\" / \"false\" → true / false",
            "cosmetic type_restated: started enum(true | false) → boolean in a string",
        ]
    );
}

/// Rows fixed to agree with their own examples: a key renamed to the key its example sent,
/// and a key documented as the event its examples sent. One change each, not a removal and
/// an addition: breaking (the generated API renames), saying the wire did not change.
#[test]
fn a_row_fixed_to_agree_with_its_examples_is_one_change() {
    assert_eq!(
        pair("fixed-to-examples", "old.md", "new.md"),
        [
            "breaking key_renamed: units_stats unit_stats → units_stats",
            "breaking key_became_event: bonus bonus → bonus",
        ]
    );
    // The report says which kind of change it is: a docs fix, and a rename of the API.
    let (old, new) = (
        ir(&fixture("fixed-to-examples/old.md")),
        ir(&fixture("fixed-to-examples/new.md")),
    );
    let report = diff(&old, &new);
    let text = gepgen::diff::describe_change(&report.changes[0]);
    assert!(
        text.contains("the wire did not change, but a rename of the generated API"),
        "{text}"
    );
}

/// A feature's heading deleted while the feature list and the examples still name it: its
/// rows read as part of the feature above. One cosmetic change, not moves and removals.
#[test]
fn a_lost_heading_is_not_a_move() {
    assert_eq!(
        pair("heading-lost", "old.md", "new.md"),
        [
            // The note both `position` rows link to was tied to the second; now to the one.
            "cosmetic examples_changed: position 0 examples → 1 example (1 new, 0 gone)",
            "additive type_learned: position string → {x: number, y: number} in a string",
            "cosmetic feature_heading_lost: location keys: position, pet_position → documented under match_info",
        ]
    );
}

/// Values written as alternatives in a note (`['lobby' | 'battle']`, `'menu' | 'garage'`) are
/// the key's list of values, not examples of strings: a value gone from the list is a
/// removal, one more is an addition.
#[test]
fn a_piped_list_in_a_note_is_the_value_list() {
    assert_eq!(
        pair("value-list", "old.md", "new.md"),
        [
            "cosmetic description_changed: state starting/lobby/battle → See notes",
            "additive enum_value_added: state - → training",
            "breaking enum_value_removed: state starting → -",
            "additive enum_value_added: scene - → replay",
        ]
    );
}

/// A value list respelled in another case: one breaking change for the list (the decoders
/// match values exactly), not each value removed and added; a value really added is added.
#[test]
fn values_written_in_another_case_are_one_change() {
    assert_eq!(
        pair("value-case", "old.md", "new.md"),
        [
            "breaking enum_values_recased: scene loading_screen, port → Loading_screen, Port",
            "additive enum_value_added: scene - → training",
        ]
    );
}

/// A new page's first version is another game's page used as a template, and the real page
/// keeps its generic entries: in the page's first days, losing most entries is a rewrite.
#[test]
fn a_template_replaced_in_the_first_days_is_one_rewrite() {
    assert_eq!(
        lines_of(&folder("young-template", false)),
        [[
            // Nothing a release used was removed: the template got the game's own content.
            "cosmetic template_replaced: drift-fixture 5 of 8 entries gone → 2 of 5 entries new or moved",
            // Weeks later the page is no longer young: each change is listed.
            "additive key_added: kills - → category match_info",
        ]]
    );
}

/// A value removed and listed again two days later: one short revert, not two breaks; a
/// later removal that stays is a break.
#[test]
fn a_change_undone_within_days_is_not_a_break() {
    assert_eq!(
        lines_of(&folder("short-revert", false)),
        [[
            "cosmetic enum_value_removed: mode ARENAS → -",
            "cosmetic enum_value_added: mode - → ARENAS",
            "breaking enum_value_removed: mode ARENAS → -",
        ]]
    );
    let history = folder("short-revert", false);
    let undone = &history.pages[0].steps[0].changes[0];
    assert_eq!(
        undone.why.as_deref(),
        Some("undone on 2023-02-06: a short revert, not a break")
    );
}

/// Values a note lists in its prose ("Can be one of the following:", "Supported game
/// modes:") that no "Possible values" heading made into values: each one added or gone is
/// named. A list under "Event Data:" names fields, not values.
#[test]
fn values_listed_in_a_notes_prose_are_named() {
    let scene_note = "Can be one of the following: - scene_login - scene_hub";
    let mode_note = "Event Data: - mode – The game mode.";
    let modes = "Supported game modes: - AllPick - CaptainsMode – Captains pick the heroes.";
    assert_eq!(
        pair("prose-values", "old.md", "new.md"),
        [
            format!("cosmetic note_changed: scene {scene_note} - scene_packopening → {scene_note} - scene_packs"),
            "cosmetic possible_value_added: scene - → scene_packs".to_owned(),
            "cosmetic possible_value_removed: scene scene_packopening → -".to_owned(),
            format!("cosmetic note_changed: match_found {mode_note} {modes} → {mode_note} - region – The server region. {modes} - Turbo – A shorter match."),
            "cosmetic possible_value_added: match_found - → Turbo".to_owned(),
        ]
    );
}

/// A note whose key the table does not list (yet) keeps its "Possible values": a value added
/// to it is named under the feature. When the table then lists the key, the list moves to
/// the key's note: the key is new, no value is gone.
#[test]
fn values_of_a_note_no_entry_claims_are_named() {
    assert_eq!(
        pair("orphan-note-values", "old.md", "new.md"),
        ["cosmetic possible_value_added: match_info - → QUEUE_ARCADE"]
    );
    assert_eq!(
        pair("orphan-note-values", "old.md", "moved.md"),
        [
            "additive key_added: queue_log - → category match_info",
            "cosmetic note_changed: match_info queue_log: → -",
        ]
    );
}

/// The newer page shows a document as an excerpt: a `...` on its own line jumps from inside
/// one player into the next. The field it adds is named; the fields the jump cut through are
/// no longer shown, not removed (the reverse reads them as added).
#[test]
fn fields_an_excerpt_leaves_out_are_not_removed() {
    assert_eq!(
        pair("excerpt", "old.md", "new.md"),
        [
            "cosmetic examples_changed: players 1 example → 1 example (1 new, 1 gone)",
            "additive field_added: players.[].rank - → number",
            "cosmetic field_no_longer_shown: players.[].spells {one: string} → -",
            "cosmetic field_no_longer_shown: players.[].team string → -",
        ]
    );
    assert_eq!(
        pair("excerpt", "new.md", "old.md"),
        [
            "cosmetic examples_changed: players 1 example → 1 example (1 new, 1 gone)",
            "additive field_added: players.[].spells - → {one: string}",
            "additive field_added: players.[].team - → string",
            "breaking field_removed: players.[].rank number → -",
        ]
    );
}

/// A note that shows the value's structure with placeholders (`"team": teamId`) beside a real
/// example: the placeholders are no string values, so `team` stays a number; the field the
/// structure leaves out (`hero`) stays required, and the one it adds (`level`) is new.
#[test]
fn a_structure_with_placeholders_is_no_example_of_strings() {
    assert_eq!(
        pair("structure", "old.md", "new.md"),
        [
            "cosmetic note_changed: player - → Player object structure:",
            "cosmetic examples_changed: player 1 example → 2 examples (1 new, 0 gone)",
            "additive field_added: player.level - → number",
        ]
    );
}

/// A key whose cell says it holds an array, shown by one of its items and later by the whole
/// array: the item was never the value, so only the field the items gained is news.
#[test]
fn an_example_of_one_item_of_an_array_is_no_object() {
    assert_eq!(
        pair("one-element", "old.md", "new.md"),
        [
            "cosmetic examples_changed: players 1 example → 1 example (1 new, 1 gone)",
            "additive field_added: players.[].rank - → number",
        ]
    );
}

/// A listed value that gains a gloss in parentheses (`Breakout (Dropshot)`) is the same value
/// with a description, not a value removed and another added.
#[test]
fn a_value_glossed_in_parentheses_is_the_same_value() {
    assert_eq!(
        pair("glossed-value", "old.md", "new.md"),
        [
            "cosmetic enum_value_description_changed: mode - → Breakout: Dropshot",
            "additive enum_value_added: mode - → Hoops",
        ]
    );
}
