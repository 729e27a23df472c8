//! The cases from the seed pages that must come out right, one test each.

mod common;

use gepgen::ir::{Code, Diagnostic, Feature, GameIr};

fn feature<'a>(ir: &'a GameIr, name: &str) -> &'a Feature {
    ir.features
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("feature {name} not found"))
}

fn since_of_key<'a>(ir: &'a GameIr, feature_name: &str, key: &str) -> Option<&'a str> {
    feature(ir, feature_name)
        .info_updates
        .iter()
        .find(|i| i.key == key)
        .unwrap_or_else(|| panic!("key {key} not in {feature_name}"))
        .since
        .as_deref()
}

fn diagnostics_at(ir: &GameIr, line: u32) -> Vec<&Diagnostic> {
    ir.diagnostics
        .iter()
        .filter(|d| d.line == Some(line))
        .collect()
}

#[test]
fn dota_heading_glued_to_the_sentence_before_it() {
    let ir = common::tracked_ir("dota-2");
    let buyback = feature(&ir, "hero_buyback_info_changed");
    assert_eq!(buyback.line, Some(260));
    assert_eq!(buyback.events[0].name, "hero_buyback_info_changed");
    assert_eq!(buyback.events[0].since.as_deref(), Some("77.3"));
    // The sentence stays with the feature before it.
    let respawned = feature(&ir, "hero_respawned");
    let note = respawned.events[0].note.as_ref().expect("note");
    assert_eq!(note.text, "Currently this event is NOT supported.");
}

#[test]
fn dota_row_split_over_two_lines() {
    let ir = common::tracked_ir("dota-2");
    let changed = feature(&ir, "game_state_changed");
    assert_eq!(changed.events.len(), 1);
    let event = &changed.events[0];
    assert_eq!(event.name, "game_state_changed");
    assert_eq!(event.since.as_deref(), Some("77.3"));
    assert_eq!(event.line, 76);
    assert!(diagnostics_at(&ir, 77)
        .iter()
        .any(|d| d.code == Code::JoinedRow));
}

#[test]
fn dota_listed_features_without_a_section_are_diagnostics() {
    let ir = common::tracked_ir("dota-2");
    let missing: Vec<&str> = ir
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::MissingSection)
        .map(|d| d.message.split('`').nth(1).unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "hero_ability_changed",
            "hero_item_cooldown_changed",
            "hero_item_changed",
            "hero_item_used",
            "hero_item_consumed",
            "hero_item_charged",
            "match_info",
            "roster",
            "party",
            "hero_pool",
            "me",
            "game",
            "damage"
        ]
    );
    // Still features: apps can require them.
    assert_eq!(feature(&ir, "roster").line, None);
    assert!(ir
        .diagnostics
        .iter()
        .all(|d| d.severity != gepgen::ir::Severity::Error));
}

#[test]
fn apex_versions_in_shifted_cells() {
    let ir = common::tracked_ir("apex-legends");
    assert_eq!(since_of_key(&ir, "roster", "roster_XX"), Some("128.0"));
    assert_eq!(
        since_of_key(&ir, "match_summary", "match_summary"),
        Some("130.0")
    );
    assert_eq!(
        since_of_key(&ir, "inventory", "inventory_XX"),
        Some("130.0")
    );
    let roster = &feature(&ir, "roster").info_updates[0];
    assert!(diagnostics_at(&ir, roster.line)
        .iter()
        .any(|d| d.code == Code::ShiftedCell));
}

#[test]
fn apex_weapons_version_kept_as_written_and_flagged() {
    let ir = common::tracked_ir("apex-legends");
    assert_eq!(since_of_key(&ir, "inventory", "weapons"), Some("0.130"));
    let line = feature(&ir, "inventory").info_updates[1].line;
    let suspicious = diagnostics_at(&ir, line)
        .into_iter()
        .find(|d| d.code == Code::SuspiciousVersion)
        .expect("a suspicious-version diagnostic");
    assert!(
        suspicious.message.contains("130.0"),
        "{}",
        suspicious.message
    );
}

#[test]
fn apex_key_families() {
    let ir = common::tracked_ir("apex-legends");
    for (feature_name, key, prefix) in [
        ("roster", "roster_XX", "roster_"),
        ("team", "teammate_X", "teammate_"),
        ("team", "legendSelect_X", "legendSelect_"),
        ("inventory", "inventory_XX", "inventory_"),
    ] {
        let info = feature(&ir, feature_name)
            .info_updates
            .iter()
            .find(|i| i.key == key)
            .unwrap();
        let family = info
            .family
            .as_ref()
            .unwrap_or_else(|| panic!("{key} is a family"));
        assert_eq!(family.prefix, prefix);
        assert_eq!(family.index_of(&format!("{prefix}7")), Some(7));
    }
}

#[test]
fn game_ids_come_from_the_page_or_games_toml() {
    assert_eq!(common::tracked_ir("world-of-tanks").game.id, Some(6365));
    assert_eq!(common::tracked_ir("apex-legends").game.id, Some(21566));
    assert_eq!(common::tracked_ir("dota-2").game.id, Some(7314));
    // The older Apex page states its id itself.
    let older = common::seed_ir("003");
    assert_eq!(older.game.id, Some(21566));
    assert_eq!(older.game.slug, "apex-legends");
}

#[test]
fn every_table_row_of_the_seeds_is_an_entry() {
    for (slug, keys, events) in [
        ("world-of-tanks", 5, 7),
        ("apex-legends", 26, 13),
        ("dota-2", 2, 26),
    ] {
        let ir = common::tracked_ir(slug);
        let count_keys: usize = ir.features.iter().map(|f| f.info_updates.len()).sum();
        let count_events: usize = ir.features.iter().map(|f| f.events.len()).sum();
        assert_eq!((count_keys, count_events), (keys, events), "{slug}");
    }
}
