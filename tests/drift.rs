//! Doc drift on real pages: the Apex seed pair as a reviewed report, and the chain of
//! consecutive-version diffs of every game in the corpus, so a parser change that shifts what
//! drift detection finds shows up as a snapshot diff.

mod common;

use std::fmt::Write;
use std::fs;

use gepgen::diff::{diff, render_markdown, ChangeKind, Class, Counts, EntryKind};
use gepgen::docs_repo::{corpus_key, version_sources};
use gepgen::history::{history, PageVersion};
use gepgen::ir::GameIr;
use gepgen::pipeline::page_to_ir;

/// A seed's IR, with its path relative to tests/fixtures so the snapshot is the same everywhere.
/// Seed 001 is the tracked Apex page (flattened text states no game), so it is read as such.
fn seed(prefix: &str) -> GameIr {
    let mut ir = common::seed_ir(prefix);
    if prefix == "001" {
        let games = common::games();
        let apex = games
            .games
            .iter()
            .find(|g| g.slug == "apex-legends")
            .unwrap();
        let text = fs::read_to_string(&ir.source.path).unwrap();
        ir = page_to_ir(&text, &ir.source.path, Some(apex));
    }
    let name = ir
        .source
        .path
        .rsplit(['/', '\\'])
        .next()
        .unwrap()
        .to_owned();
    ir.source.path = format!("seeds/{name}");
    ir
}

#[test]
fn apex_seeds_older_markdown_to_newer_text() {
    let report = diff(&seed("003"), &seed("001"));
    let find = |kind: ChangeKind, name: &str| {
        report
            .changes
            .iter()
            .find(|c| c.kind == kind && c.subject.name == name)
            .unwrap_or_else(|| panic!("{kind:?} {name} in {:#?}", report.changes))
    };

    for feature in ["localization", "game_info"] {
        assert_eq!(
            find(ChangeKind::FeatureAdded, feature).class,
            Class::Additive
        );
    }
    let new_match_info_keys: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::KeyAdded && c.feature == "match_info")
        .map(|c| c.subject.name.as_str())
        .collect();
    assert_eq!(
        new_match_info_keys,
        ["map_id", "arena_score", "mode_name", "map_name"]
    );
    assert_eq!(
        find(ChangeKind::KeyAdded, "team_damage_dealt").feature,
        "damage"
    );
    for event in ["round_start", "round_end"] {
        assert_eq!(find(ChangeKind::EventAdded, event).class, Class::Additive);
    }
    // `kill` used to carry `{"victimName": ...}` and now carries the kill count.
    let kill = find(ChangeKind::TypeChanged, "kill");
    assert_eq!(kill.class, Class::Breaking);
    assert_eq!(kill.subject.entry, EntryKind::Event);
    assert!(
        kill.old.as_deref().unwrap().contains("victimName"),
        "{kill:?}"
    );
    assert_eq!(kill.new.as_deref(), Some("number"));
    // `#PL_DUO` is listed as `PL_DUO` (the example still sends `#`): the same value written
    // another way. `#PL_CAN_TRIO` is no longer listed at all.
    let game_mode = |kind: ChangeKind| {
        (report.changes.iter())
            .filter(|c| c.kind == kind && c.subject.name == "game_mode")
            .map(|c| (c.class, c.old.as_deref(), c.new.as_deref()))
            .collect::<Vec<_>>()
    };
    assert!(game_mode(ChangeKind::EnumValueRespelled).contains(&(
        Class::Cosmetic,
        Some("#PL_DUO"),
        Some("PL_DUO")
    )));
    assert_eq!(
        game_mode(ChangeKind::EnumValueRemoved),
        [(Class::Breaking, Some("#PL_CAN_TRIO"), None)]
    );

    let text = render_markdown(&report);
    assert!(text.starts_with(&format!(
        "apex-legends: {} → major\n",
        report.counts.summary()
    )));
    insta::with_settings!({
        description => "cargo xtask diff seeds/003_… seeds/001_…: the older Apex Markdown page against the newer flattened text",
    }, {
        insta::assert_snapshot!("apex_seed_diff", text);
    });
}

#[test]
fn a_page_against_itself_has_no_drift() {
    let apex = seed("001");
    let report = diff(&apex, &apex);
    assert!(report.changes.is_empty());
    assert_eq!(
        report.summary_line(),
        "apex-legends: no changes → no release"
    );
}

fn stem(path: &std::path::Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn corpus_drift_chains() {
    let Some(corpus) = common::corpus("corpus_drift_chains") else {
        return;
    };
    let index = fs::read_to_string(common::data_dir().join("corpus/index.tsv")).unwrap();
    let sources = version_sources(&index);
    let mut totals = Counts::default();
    let mut per_game = String::new();
    for (game, pages) in corpus {
        let versions: Vec<PageVersion> = pages
            .iter()
            .map(|p| PageVersion {
                file: stem(p),
                ir: page_to_ir(&fs::read_to_string(p).unwrap(), &p.to_string_lossy(), None),
                source: sources.get(&corpus_key(p)).cloned(),
            })
            .collect();
        // A page against itself is the control: nothing may drift.
        for version in &versions {
            assert!(
                diff(&version.ir, &version.ir).changes.is_empty(),
                "{}",
                version.file
            );
        }
        let history = history(&versions);
        let mut chain = String::new();
        for page in &history.pages {
            writeln!(
                chain,
                "page {} ({} versions): {}",
                page.name,
                page.versions.len(),
                page.totals.summary()
            )
            .unwrap();
            for step in &page.steps {
                writeln!(
                    chain,
                    "  {} → {}: {}",
                    step.from,
                    step.to,
                    step.counts.summary()
                )
                .unwrap();
            }
        }
        for class in Class::ALL {
            totals.add(class, history.totals.get(class));
        }
        writeln!(
            per_game,
            "{game}: {} versions in {} page(s), {}",
            versions.len(),
            history.pages.len(),
            history.totals.summary()
        )
        .unwrap();
        insta::with_settings!({
            description => format!("cargo xtask history ../shared/corpus/{game}: consecutive-version diffs per page, changes by class"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("chain_{game}"), chain);
        });
    }
    writeln!(per_game, "all games: {}", totals.summary()).unwrap();
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("chain_totals", per_game);
    });
}
