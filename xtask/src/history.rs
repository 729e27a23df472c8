//! The version history of one game's page: when each key and event appeared, changed and
//! disappeared.
//!
//! [`history`] takes the IRs of a page's versions, oldest first, diffs each with the one
//! before ([`crate::diff::diff`]), and turns the changes into a timeline per key and event.
//! Keys are followed by their wire identity (a family keeps its timeline when its
//! placeholder is written differently) and events by name, across features, so a move is a
//! change of one entry rather than one entry vanishing and another appearing.
//!
//! A folder of one game's versions may interleave several pages: the corpus files the
//! League of Legends events page, the Teamfight Tactics page and the LoL launcher page under
//! one game, and Dota 2 with Auto Chess. Diffing them in date order would report each
//! switch as hundreds of changes, so [`page_lines`] first tells the pages apart and each line
//! gets its own history. When the versions say which file of the docs repository they were
//! committed at (`source_path` in the corpus `index.tsv`), a file is one page: two files
//! whose versions overlap in time are two pages side by side (League of Legends and its
//! launcher), and a file that starts once another has ended continues it (a rename) when they
//! document the same things. Without that, the pages are told apart by what they document: a
//! version continues the line whose latest version shares the most keys and events with it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use serde::Serialize;

use crate::diff::{
    code, describe_change, diff, diff_young_page, Change, ChangeKind, Class, Counts, EntryKind,
    YOUNG_PAGE_DAYS,
};
use crate::ir::{Game, GameIr, WireKey};

/// One version of the page: its file name (which starts with its date) and its IR.
pub struct PageVersion {
    pub file: String,
    pub ir: GameIr,
    /// Where and when it was committed, when known (a corpus `index.tsv`, a docs repository).
    pub source: Option<VersionSource>,
}

/// The page file a version was committed at, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSource {
    /// The path in the docs repository (`source_path` in `index.tsv`).
    pub path: String,
    /// The commit time, in a form that sorts as time does (`2019-06-18T22:57:18Z`).
    pub committed: String,
}

/// The history of a folder of page versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct History {
    /// The game as the newest version names it.
    pub game: Game,
    pub versions: usize,
    pub first: String,
    pub last: String,
    /// Changes over all pages and steps, by class.
    pub totals: Counts,
    /// The pages the versions belong to, in order of their first version; usually one.
    pub pages: Vec<PageHistory>,
}

/// The history of one page: its versions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageHistory {
    /// The slug its newest version gives (from the page id, or the file name).
    pub name: String,
    /// The game id its newest version states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// File names of its versions, oldest first.
    pub versions: Vec<String>,
    /// The docs repository files its versions were committed at, in order, when known: one,
    /// or several for a page that was renamed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    pub totals: Counts,
    /// One step per version after the first.
    pub steps: Vec<Step>,
    /// One timeline per key and event, in order of first appearance.
    pub timeline: Vec<Timeline>,
}

/// The changes from one version to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub date: String,
    pub from: String,
    pub to: String,
    pub counts: Counts,
    pub changes: Vec<Change>,
}

/// What happened to one key or event over the versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub entry: EntryKind,
    /// The name as the latest version that has it writes it.
    pub name: String,
    /// The features it belongs to in that version.
    pub features: Vec<String>,
    pub moments: Vec<Moment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moment {
    pub date: String,
    pub file: String,
    pub what: MomentKind,
    /// The class of a change; `None` for first sight, appearance and disappearance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<Class>,
    /// The kind of a change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeKind>,
    /// The change as the diff report writes it, or the feature and `since` of an appearance.
    pub detail: String,
    /// For a change undone within [`REVERT_DAYS`]: the date of the version that undid it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restored_on: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MomentKind {
    /// Present in the oldest version.
    FirstSeen,
    Appeared,
    Changed,
    Disappeared,
}

/// The date a corpus file name starts with (`2019-08-11_63c53d18.md`), or the name itself.
pub fn date_of(file: &str) -> String {
    let stem = file.split(['_', '.']).next().unwrap_or(file);
    let is_date = stem.len() == 10
        && stem.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if is_date {
        stem.to_owned()
    } else {
        file.to_owned()
    }
}

/// The identity a key or event is followed by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    Key(WireKey),
    Event(String),
}

/// What one version has of an entry: its name as written, features and `since`.
struct Presence {
    name: String,
    features: Vec<String>,
    since: Option<String>,
}

/// The share of keys and events two versions must have in common to be versions of one page.
pub const MIN_SHARED: f64 = 0.3;

fn identities(ir: &GameIr) -> HashSet<Identity> {
    presence(ir)
        .into_iter()
        .map(|(identity, _)| identity)
        .collect()
}

/// Jaccard similarity: shared entries over all entries of either version.
fn similarity(a: &HashSet<Identity>, b: &HashSet<Identity>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Groups the versions (indexes, oldest first) into the pages they are versions of.
///
/// When every version knows its source file, the versions of one file are one run, and a run
/// continues a line only if the line's latest run ended when it starts (runs that overlap in
/// time are parallel pages, never one timeline); among those lines it picks as a version
/// does below. Otherwise each version is placed on its own: it continues the line whose
/// latest version is most similar to it, if they share at least [`MIN_SHARED`] of their
/// keys and events; failing that, the latest line of the same page id (slug), so a page
/// rewritten wholesale stays one page and its rewrite shows as drift. Lines whose versions
/// state different game ids are never joined. A version that matches no line starts one of
/// its own.
pub fn page_lines(versions: &[PageVersion]) -> Vec<Vec<usize>> {
    let sets: Vec<HashSet<Identity>> = versions.iter().map(|v| identities(&v.ir)).collect();
    let sources: Option<Vec<&VersionSource>> = versions.iter().map(|v| v.source.as_ref()).collect();
    match sources {
        Some(sources) if !sources.is_empty() => lines_of_runs(versions, &sets, &sources),
        _ => {
            let mut lines: Vec<Vec<usize>> = Vec::new();
            for index in 0..versions.len() {
                let all: Vec<usize> = (0..lines.len()).collect();
                place(versions, &sets, &mut lines, &all, &[index]);
            }
            lines
        }
    }
}

/// The versions of each source file as runs, joined into lines: a run may continue only a
/// line whose latest run ended by the time it starts.
fn lines_of_runs(
    versions: &[PageVersion],
    sets: &[HashSet<Identity>],
    sources: &[&VersionSource],
) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        match runs
            .iter_mut()
            .find(|run| sources[run[0]].path == source.path)
        {
            Some(run) => run.push(index),
            None => runs.push(vec![index]),
        }
    }
    let start = |run: &[usize]| run.iter().map(|&i| &sources[i].committed).min();
    let end = |run: &[usize]| run.iter().map(|&i| &sources[i].committed).max();
    runs.sort_by(|a, b| (start(a), end(a), a[0]).cmp(&(start(b), end(b), b[0])));
    let mut lines: Vec<Vec<usize>> = Vec::new();
    // The run each line's latest versions belong to.
    let mut last_run: Vec<usize> = Vec::new();
    for (number, run) in runs.iter().enumerate() {
        let ended: Vec<usize> = (0..lines.len())
            .filter(|&line| end(&runs[last_run[line]]) <= start(run))
            .collect();
        let line = place(versions, sets, &mut lines, &ended, run);
        if line == last_run.len() {
            last_run.push(number);
        } else {
            last_run[line] = number;
        }
    }
    lines
}

/// Puts `run` (indexes of versions, oldest first) on the best of the `candidates` lines, or
/// on a line of its own; returns the line's number.
fn place(
    versions: &[PageVersion],
    sets: &[HashSet<Identity>],
    lines: &mut Vec<Vec<usize>>,
    candidates: &[usize],
    run: &[usize],
) -> usize {
    let index = run[0];
    let version = &versions[index];
    {
        let mut best: Option<(f64, usize)> = None;
        for &number in candidates {
            let line = &lines[number];
            let last = *line.last().expect("lines are never empty");
            let other_id = versions[last].ir.game.id;
            if matches!((other_id, version.ir.game.id), (Some(a), Some(b)) if a != b) {
                continue;
            }
            let score = similarity(&sets[last], &sets[index]);
            // Ties go to the line seen most recently.
            if best.is_none_or(|(top, _)| score >= top) {
                best = Some((score, number));
            }
        }
        let same_page = || {
            candidates.iter().rev().copied().find(|&number| {
                let last = &versions[*lines[number].last().expect("lines are never empty")]
                    .ir
                    .game;
                last.slug == version.ir.game.slug
                    && !matches!((last.id, version.ir.game.id), (Some(a), Some(b)) if a != b)
            })
        };
        let chosen = match best {
            Some((score, number)) if score >= MIN_SHARED => Some(number),
            _ => same_page(),
        };
        match chosen {
            Some(number) => {
                lines[number].extend_from_slice(run);
                number
            }
            None => {
                lines.push(run.to_vec());
                lines.len() - 1
            }
        }
    }
}

/// Every key and event of a version, in page order, with the features that document it.
fn presence(ir: &GameIr) -> Vec<(Identity, Presence)> {
    let mut entries: Vec<(Identity, Presence)> = Vec::new();
    let mut add =
        |identity: Identity, name: &str, feature: &str, since: &Option<String>| match entries
            .iter_mut()
            .find(|(i, _)| *i == identity)
        {
            Some((_, presence)) => {
                if !presence.features.iter().any(|f| f == feature) {
                    presence.features.push(feature.to_owned());
                }
            }
            None => entries.push((
                identity,
                Presence {
                    name: name.to_owned(),
                    features: vec![feature.to_owned()],
                    since: since.clone(),
                },
            )),
        };
    for feature in &ir.features {
        for info in &feature.info_updates {
            add(
                Identity::Key(info.wire_key()),
                &info.key,
                &feature.name,
                &info.since,
            );
        }
        for event in &feature.events {
            add(
                Identity::Event(event.name.clone()),
                &event.name,
                &feature.name,
                &event.since,
            );
        }
    }
    entries
}

fn appearance_detail(presence: &Presence) -> String {
    let features: Vec<String> = presence.features.iter().map(|f| code(f)).collect();
    let mut detail = format!("in {}", features.join(", "));
    if let Some(since) = &presence.since {
        let _ = write!(detail, ", since {}", code(since));
    }
    detail
}

/// The history of a folder of versions, oldest first: one [`PageHistory`] per page line.
/// Pure.
pub fn history(versions: &[PageVersion]) -> History {
    let pages: Vec<PageHistory> = page_lines(versions)
        .into_iter()
        .map(|line| {
            let line: Vec<&PageVersion> = line.into_iter().map(|i| &versions[i]).collect();
            page_history(&line)
        })
        .collect();
    let mut totals = Counts::default();
    for page in &pages {
        for class in Class::ALL {
            totals.add(class, page.totals.get(class));
        }
    }
    let date = |v: Option<&PageVersion>| v.map(|v| date_of(&v.file)).unwrap_or_default();
    History {
        game: versions
            .last()
            .map(|v| v.ir.game.clone())
            .unwrap_or_else(|| Game {
                slug: String::new(),
                title: String::new(),
                id: None,
            }),
        versions: versions.len(),
        first: date(versions.first()),
        last: date(versions.last()),
        totals,
        pages,
    }
}

/// The history of one page over its versions, oldest first.
fn page_history(versions: &[&PageVersion]) -> PageHistory {
    let mut timeline: Vec<Timeline> = Vec::new();
    let mut index_of: HashMap<Identity, usize> = HashMap::new();
    let mut steps = Vec::new();
    let mut totals = Counts::default();
    let mut previous: Vec<(Identity, Presence)> = Vec::new();
    let first_date = versions
        .first()
        .map(|v| date_of(&v.file))
        .unwrap_or_default();
    let mut all_changes: Vec<Vec<Change>> = (versions.windows(2).enumerate())
        .map(|(step, pair)| {
            let (before, version) = (&pair[0].ir, &pair[1].ir);
            // A page's first version is often the page it was created from, however long it
            // took to get the game's own content.
            let young = step == 0
                || days_between(&first_date, &date_of(&pair[1].file))
                    .is_some_and(|days| days <= YOUNG_PAGE_DAYS);
            match young {
                true => diff_young_page(before, version).changes,
                false => diff(before, version).changes,
            }
        })
        .collect();
    let step_dates: Vec<String> = versions.iter().skip(1).map(|v| date_of(&v.file)).collect();
    mark_undone(&step_dates, &mut all_changes);

    for (number, version) in versions.iter().enumerate() {
        let date = date_of(&version.file);
        let current = presence(&version.ir);
        let moment = |what, change: Option<&Change>, detail| Moment {
            date: date.clone(),
            file: version.file.clone(),
            what,
            class: change.map(|c| c.class),
            change: change.map(|c| c.kind),
            detail,
            restored_on: None,
        };
        let step_changes = if number == 0 {
            Vec::new()
        } else {
            let before = versions[number - 1];
            let changes = all_changes[number - 1].clone();
            let counts = Counts::of(&changes);
            for class in Class::ALL {
                totals.add(class, counts.get(class));
            }
            steps.push(Step {
                date: date.clone(),
                from: before.file.clone(),
                to: version.file.clone(),
                counts,
                changes: changes.clone(),
            });
            changes
        };

        // Appearances, in page order.
        for (identity, now) in &current {
            let was_present = previous.iter().any(|(i, _)| i == identity);
            if was_present && number > 0 {
                continue;
            }
            let what = if number == 0 {
                MomentKind::FirstSeen
            } else {
                MomentKind::Appeared
            };
            let at = *index_of.entry(identity.clone()).or_insert_with(|| {
                timeline.push(Timeline {
                    entry: match identity {
                        Identity::Key(_) => EntryKind::Key,
                        Identity::Event(_) => EntryKind::Event,
                    },
                    name: now.name.clone(),
                    features: now.features.clone(),
                    moments: Vec::new(),
                });
                timeline.len() - 1
            });
            timeline[at]
                .moments
                .push(moment(what, None, appearance_detail(now)));
        }
        // Changes of entries present on both sides; the diff names them as the newer page
        // writes them.
        let identity_of = |name: &str, entry: EntryKind| -> Option<Identity> {
            current
                .iter()
                .filter(|(i, _)| {
                    matches!(
                        (i, entry),
                        (Identity::Key(_), EntryKind::Key) | (Identity::Event(_), EntryKind::Event)
                    )
                })
                .find(|(_, p)| p.name == name)
                .map(|(i, _)| i.clone())
        };
        for change in &step_changes {
            if matches!(
                change.kind,
                ChangeKind::KeyAdded
                    | ChangeKind::KeyRemoved
                    | ChangeKind::EventAdded
                    | ChangeKind::EventRemoved
            ) || matches!(change.subject.entry, EntryKind::Feature | EntryKind::Page)
            {
                continue;
            }
            let Some(identity) = identity_of(&change.subject.name, change.subject.entry) else {
                continue;
            };
            if let Some(&at) = index_of.get(&identity) {
                let mut entry = moment(MomentKind::Changed, Some(change), describe_change(change));
                entry.restored_on = change.restored_on.clone();
                timeline[at].moments.push(entry);
            }
        }
        // Disappearances, in the older page's order.
        for (identity, gone) in &previous {
            if !current.iter().any(|(i, _)| i == identity) {
                if let Some(&at) = index_of.get(identity) {
                    let removal = step_changes.iter().find(|c| {
                        matches!(c.kind, ChangeKind::KeyRemoved | ChangeKind::EventRemoved)
                            && c.subject.name == gone.name
                    });
                    let mut entry = moment(
                        MomentKind::Disappeared,
                        None,
                        "no longer documented".to_owned(),
                    );
                    entry.restored_on = removal.and_then(|c| c.restored_on.clone());
                    timeline[at].moments.push(entry);
                }
            }
        }
        // The latest name and features of what this version documents.
        for (identity, now) in &current {
            if let Some(&at) = index_of.get(identity) {
                timeline[at].name = now.name.clone();
                timeline[at].features = now.features.clone();
            }
        }
        previous = current;
    }

    PageHistory {
        name: versions
            .last()
            .map(|v| v.ir.game.slug.clone())
            .unwrap_or_default(),
        id: versions.last().and_then(|v| v.ir.game.id),
        versions: versions.iter().map(|v| v.file.clone()).collect(),
        files: versions
            .iter()
            .filter_map(|v| v.source.as_ref().map(|s| s.path.clone()))
            .fold(Vec::new(), |mut files, path| {
                if files.last() != Some(&path) {
                    files.push(path);
                }
                files
            }),
        totals,
        steps,
        timeline,
    }
}

/// How many days after a change a version that undoes it makes the two one short revert.
pub const REVERT_DAYS: i64 = 7;

/// Finds the breaking changes that a version within [`REVERT_DAYS`] undoes (a value removed
/// and listed again, a type flipped and flipped back; the later change is the exact inverse
/// of the earlier, on the same subject) and re-classes both as cosmetic, each saying when
/// and what: the page flipped back and forth (the same day, often), consumers of the two
/// ends see no change, and two separate breaks would tell the maintainer a story that did not
/// happen. Changes are paired once, in order, so a third flip stands as a change of its own.
/// `dates[i]` is the date of step `i`.
fn mark_undone(dates: &[String], steps: &mut [Vec<Change>]) {
    let mut paired: Vec<Vec<bool>> = steps.iter().map(|s| vec![false; s.len()]).collect();
    for i in 0..steps.len() {
        for k in 0..steps[i].len() {
            if paired[i][k] || steps[i][k].class != Class::Breaking {
                continue;
            }
            let later = (i + 1..steps.len())
                .take_while(|&j| {
                    days_between(&dates[i], &dates[j]).is_some_and(|d| d <= REVERT_DAYS)
                })
                .find_map(|j| {
                    (0..steps[j].len())
                        .find(|&l| !paired[j][l] && undoes(&steps[i][k], &steps[j][l]))
                        .map(|l| (j, l))
                });
            let Some((j, l)) = later else {
                continue;
            };
            paired[i][k] = true;
            paired[j][l] = true;
            let earlier = describe_change(&steps[i][k]);
            let first = &mut steps[i][k];
            first.class = Class::Cosmetic;
            first.why = Some(format!(
                "undone on {}: a short revert, not a break",
                dates[j]
            ));
            first.restored_on = Some(dates[j].clone());
            let restore = &mut steps[j][l];
            restore.class = Class::Cosmetic;
            restore.why = Some(format!("restores what {} changed ({earlier})", dates[i]));
        }
    }
}

/// Whether `later` is the exact inverse of `earlier`: the same subject, the opposite kind (or
/// the same kind for a change between two states), old and new swapped.
fn undoes(earlier: &Change, later: &Change) -> bool {
    use ChangeKind::*;
    let inverse = match earlier.kind {
        KeyRemoved => KeyAdded,
        EventRemoved => EventAdded,
        FeatureRemoved => FeatureAdded,
        FieldRemoved => FieldAdded,
        EnumValueRemoved => EnumValueAdded,
        KeyMoved | EventMoved | CategoryChanged | TypeChanged | EncodingChanged
        | NullableChanged | FieldNullableChanged | FieldOptionalChanged | EnumValuesRecased => {
            earlier.kind
        }
        _ => return false,
    };
    later.kind == inverse
        && later.subject == earlier.subject
        && later.old == earlier.new
        && later.new == earlier.old
}

/// Days from one `YYYY-MM-DD` date to another; `None` when either is not such a date.
fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(day_number(to)? - day_number(from)?)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `apex-legends: 103 versions, 2019-06-19 to 2024-05-01; 12 breaking, 80 additive, 40 cosmetic`.
pub fn summary_line(history: &History) -> String {
    format!(
        "{}: {} versions, {} to {}; {}",
        history.game.slug,
        history.versions,
        history.first,
        history.last,
        history.totals.summary()
    )
}

/// The history as Markdown: the summary line, then per page a table of versions, every
/// breaking change, and the timeline of each key and event.
pub fn render_markdown(history: &History) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", summary_line(history));
    if history.pages.len() == 1 {
        render_page(&mut out, &history.pages[0], "##");
        return out;
    }
    let told_apart = if history.pages.iter().all(|p| !p.files.is_empty()) {
        "by the file each version was committed at (files whose versions overlap in time are pages side by side)"
    } else {
        "by the keys and events they document"
    };
    let _ = writeln!(
        out,
        "\nThe folder interleaves the versions of {} pages, told apart {told_apart}; each is followed on its own.",
        history.pages.len()
    );
    for page in &history.pages {
        let first = page
            .versions
            .first()
            .map(|f| date_of(f))
            .unwrap_or_default();
        let last = page.versions.last().map(|f| date_of(f)).unwrap_or_default();
        let id = page
            .id
            .map_or(String::new(), |id| format!(" (game id {id})"));
        let _ = writeln!(
            out,
            "\n## Page {}{id}: {} versions, {first} to {last}; {}",
            code(&page.name),
            page.versions.len(),
            page.totals.summary()
        );
        if !page.files.is_empty() {
            let files: Vec<String> = page.files.iter().map(|f| code(f)).collect();
            let _ = writeln!(out, "\nFiles: {}.", files.join(" → "));
        }
        render_page(&mut out, page, "###");
    }
    out
}

/// One page's sections, with headings at `level` (`##` or `###`).
fn render_page(out: &mut String, page: &PageHistory, level: &str) {
    let _ = writeln!(out, "\n{level} Versions\n");
    let _ = writeln!(out, "| date | page | breaking | additive | cosmetic |");
    let _ = writeln!(out, "| --- | --- | ---: | ---: | ---: |");
    if let Some(first) = page.versions.first() {
        let _ = writeln!(out, "| {} | {} | | | |", date_of(first), code(first));
    }
    for step in &page.steps {
        let Counts {
            breaking,
            additive,
            cosmetic,
        } = step.counts;
        let _ = writeln!(
            out,
            "| {} | {} | {breaking} | {additive} | {cosmetic} |",
            step.date,
            code(&step.to)
        );
    }

    let breaking: Vec<(&Step, &Change)> = page
        .steps
        .iter()
        .flat_map(|s| s.changes.iter().map(move |c| (s, c)))
        .filter(|(_, c)| c.class == Class::Breaking)
        .collect();
    let _ = writeln!(out, "\n{level} Breaking changes ({})\n", breaking.len());
    if breaking.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for (step, change) in breaking {
        let _ = writeln!(
            out,
            "- {} ({}), feature {}: {}",
            step.date,
            code(&step.to),
            code(&change.feature),
            describe_change(change)
        );
    }

    let undone: Vec<(&Step, &Change)> = (page.steps.iter())
        .flat_map(|s| s.changes.iter().map(move |c| (s, c)))
        .filter(|(_, c)| c.restored_on.is_some())
        .collect();
    if !undone.is_empty() {
        let _ = writeln!(
            out,
            "\n{level} Undone within {REVERT_DAYS} days ({}): not counted as breaking\n",
            undone.len()
        );
        for (step, change) in undone {
            let restored = change.restored_on.as_deref().unwrap_or_default();
            let _ = writeln!(
                out,
                "- {} ({}), feature {}: {}, restored on {restored}",
                step.date,
                code(&step.to),
                code(&change.feature),
                describe_change(change)
            );
        }
    }

    let _ = writeln!(out, "\n{level} Timeline");
    for entry in &page.timeline {
        let kind = match entry.entry {
            EntryKind::Key => "key",
            EntryKind::Event => "event",
            EntryKind::Page => "page",
            EntryKind::Feature => "feature",
        };
        let features: Vec<String> = entry.features.iter().map(|f| code(f)).collect();
        let _ = writeln!(
            out,
            "\n{level}# {kind} {} ({})\n",
            code(&entry.name),
            features.join(", ")
        );
        // Moments of one version are adjacent; its cosmetic changes go on one line.
        for group in entry.moments.chunk_by(|a, b| a.file == b.file) {
            let mut cosmetic: Vec<&str> = Vec::new();
            for moment in group {
                if let Some(restored) = &moment.restored_on {
                    let what = match moment.what {
                        MomentKind::Disappeared => "removed".to_owned(),
                        _ => moment.detail.clone(),
                    };
                    let _ = writeln!(out, "- {}: {what}, restored on {restored}", moment.date);
                    continue;
                }
                let detail = match (moment.what, moment.class) {
                    (MomentKind::Changed, Some(Class::Cosmetic)) => {
                        cosmetic.extend(moment.change.map(ChangeKind::aspect));
                        continue;
                    }
                    (MomentKind::Changed, class) => {
                        format!("{}: {}", class.map_or("", Class::as_str), moment.detail)
                    }
                    (MomentKind::FirstSeen, _) => format!("first seen {}", moment.detail),
                    (MomentKind::Appeared, _) => format!("appeared {}", moment.detail),
                    (MomentKind::Disappeared, _) => "disappeared".to_owned(),
                };
                let _ = writeln!(out, "- {}: {detail}", moment.date);
            }
            if let (false, Some(moment)) = (cosmetic.is_empty(), group.first()) {
                let count = cosmetic.len();
                cosmetic.dedup();
                let _ = writeln!(
                    out,
                    "- {}: cosmetic: {} ({count})",
                    moment.date,
                    cosmetic.join(", ")
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::*;

    fn version(file: &str, features: Vec<crate::ir::Feature>) -> PageVersion {
        PageVersion {
            file: file.to_owned(),
            ir: ir("apex-legends", Some(21566), features),
            source: None,
        }
    }

    fn moments(history: &History, name: &str) -> Vec<(String, MomentKind, Option<Class>)> {
        history.pages[0]
            .timeline
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("timeline of {name}"))
            .moments
            .iter()
            .map(|m| (m.date.clone(), m.what, m.class))
            .collect()
    }

    #[test]
    fn keys_and_events_appear_change_and_disappear_with_dates() {
        let versions = [
            version(
                "2019-06-19_aaaa.md",
                vec![feature(
                    "kill",
                    vec![],
                    vec![event("kill", object(&[("victimName", string())]))],
                )],
            ),
            version(
                "2020-01-02_bbbb.md",
                vec![feature(
                    "kill",
                    vec![key("tabs", "match_info", string())],
                    vec![event("kill", integer())],
                )],
            ),
            version(
                "2021-03-04_cccc.mdx",
                vec![feature(
                    "kill",
                    vec![key("tabs", "match_info", string())],
                    vec![],
                )],
            ),
        ];
        let history = history(&versions);
        assert_eq!(
            moments(&history, "kill"),
            [
                ("2019-06-19".into(), MomentKind::FirstSeen, None),
                (
                    "2020-01-02".into(),
                    MomentKind::Changed,
                    Some(Class::Breaking)
                ),
                ("2021-03-04".into(), MomentKind::Disappeared, None),
            ]
        );
        assert_eq!(
            moments(&history, "tabs"),
            [("2020-01-02".into(), MomentKind::Appeared, None)]
        );
        // Type change, new key; then the event's removal.
        assert_eq!(
            history.totals,
            Counts {
                breaking: 2,
                additive: 1,
                cosmetic: 0
            }
        );
        assert_eq!(history.pages.len(), 1);
        assert_eq!(history.pages[0].steps.len(), 2);
        assert_eq!(history.pages[0].steps[1].from, "2020-01-02_bbbb.md");

        let text = render_markdown(&history);
        assert!(text.starts_with(
            "apex-legends: 3 versions, 2019-06-19 to 2021-03-04; 2 breaking, 1 additive, 0 cosmetic\n"
        ));
        assert!(text.contains("- 2020-01-02 (`2020-01-02_bbbb.md`), feature `kill`: event `kill` data: type `{victimName: string}` → `integer`"), "{text}");
        assert!(
            text.contains(
                "### event `kill` (`kill`)\n\n- 2019-06-19: first seen in `kill`, since `130.0`\n"
            ),
            "{text}"
        );
        assert!(text.contains("- 2021-03-04: disappeared\n"), "{text}");
    }

    #[test]
    fn interleaved_pages_of_one_game_are_followed_apart() {
        let lol = |file: &str, extra: &str| {
            version(
                file,
                vec![feature(
                    "live_client_data",
                    vec![
                        key("summoner_name", "summoner_info", string()),
                        key("champion", "summoner_info", string()),
                        key(extra, "summoner_info", string()),
                    ],
                    vec![event("kill", string())],
                )],
            )
        };
        // Another page of the same game id, with its own page id (as the corpus files TFT).
        let tft = |file: &str| {
            let mut page = version(
                file,
                vec![feature(
                    "roster",
                    vec![key("player_status", "roster", string())],
                    vec![event("round_start", string())],
                )],
            );
            page.ir.game.slug = "tft".into();
            page
        };
        let mut launcher = version(
            "2019-07-04_eeee.md",
            vec![feature(
                "live_client_data",
                vec![key("summoner_name", "summoner_info", string())],
                vec![],
            )],
        );
        launcher.ir.game.id = Some(10902);
        let versions = [
            lol("2019-07-01_aaaa.md", "level"),
            tft("2019-07-02_bbbb.md"),
            lol("2019-07-03_cccc.md", "gold"),
            launcher,
            tft("2019-07-05_dddd.md"),
        ];
        assert_eq!(page_lines(&versions), [vec![0, 2], vec![1, 4], vec![3]]);
        let history = history(&versions);
        assert_eq!(history.pages.len(), 3);
        // LoL: `level` gone, `gold` new; TFT: nothing changed.
        assert_eq!(
            history.pages[0].totals,
            Counts {
                breaking: 1,
                additive: 1,
                cosmetic: 0
            }
        );
        assert_eq!(history.pages[1].totals, Counts::default());
        assert_eq!(
            history.totals,
            Counts {
                breaking: 1,
                additive: 1,
                cosmetic: 0
            }
        );
        let text = render_markdown(&history);
        assert!(
            text.contains("interleaves the versions of 3 pages"),
            "{text}"
        );
        assert!(text.contains("\n### Breaking changes (1)\n"), "{text}");
        assert!(
            text.contains(
                "\n## Page `tft` (game id 21566): 2 versions, 2019-07-02 to 2019-07-05; 0 breaking"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_page_rewritten_wholesale_stays_one_page() {
        let before = version(
            "2024-01-04_aaaa.mdx",
            vec![feature(
                "kill",
                vec![],
                vec![event("kill", string()), event("death", string())],
            )],
        );
        let after = version(
            "2024-01-18_bbbb.mdx",
            vec![feature(
                "match_info",
                vec![key("map", "match_info", string())],
                vec![],
            )],
        );
        let history = history(&[before, after]);
        assert_eq!(history.pages.len(), 1);
        assert_eq!(
            history.totals,
            Counts {
                breaking: 1,
                additive: 1,
                cosmetic: 0
            }
        );
    }

    #[test]
    fn parallel_source_files_are_kept_apart_and_a_rename_continues() {
        let page = |file: &str, path: &str, committed: &str, extra: &str| {
            let mut v = version(
                file,
                vec![feature(
                    "match_info",
                    vec![
                        key("map", "match_info", string()),
                        key(extra, "match_info", string()),
                    ],
                    vec![],
                )],
            );
            v.source = Some(VersionSource {
                path: path.into(),
                committed: committed.into(),
            });
            v
        };
        // Two files of the same content side by side, then the first renamed.
        let versions = [
            page(
                "2020-01-01_aaaa.md",
                "docs/game.md",
                "2020-01-01T10:00:00Z",
                "mode",
            ),
            page(
                "2020-01-02_bbbb.md",
                "docs/game-beta.md",
                "2020-01-02T10:00:00Z",
                "seed",
            ),
            page(
                "2020-01-03_cccc.md",
                "docs/game.md",
                "2020-01-03T10:00:00Z",
                "mode",
            ),
            page(
                "2020-01-04_dddd.md",
                "docs/game-beta.md",
                "2020-01-04T10:00:00Z",
                "seed",
            ),
            page(
                "2020-01-05_eeee.md",
                "pages/game.mdx",
                "2020-01-05T10:00:00Z",
                "mode",
            ),
        ];
        assert_eq!(page_lines(&versions), [vec![0, 2, 4], vec![1, 3]]);
        let history = history(&versions);
        assert_eq!(history.totals, Counts::default());
        assert_eq!(history.pages[0].files, ["docs/game.md", "pages/game.mdx"]);
        // Without the sources the similar versions are one flipping timeline.
        let plain: Vec<PageVersion> = versions
            .into_iter()
            .map(|mut v| {
                v.source = None;
                v
            })
            .collect();
        assert_eq!(page_lines(&plain), [vec![0, 1, 2, 3, 4]]);
    }

    #[test]
    fn a_change_undone_within_days_is_one_short_revert_not_two_breaks() {
        let modes = |file: &str, values: &[&str]| {
            version(
                file,
                vec![feature(
                    "match_info",
                    vec![key("game_mode", "match_info", enumeration(values))],
                    vec![],
                )],
            )
        };
        let versions = [
            modes("2023-02-05_aaaa.mdx", &["solo", "duo", "arenas"]),
            modes("2023-02-05_bbbb.mdx", &["solo", "duo"]),
            modes("2023-02-07_cccc.mdx", &["solo", "duo", "arenas"]),
            // Gone again, and not back within the window: a break.
            modes("2023-03-01_dddd.mdx", &["solo", "duo"]),
            modes("2023-04-01_eeee.mdx", &["solo", "duo", "arenas"]),
        ];
        let flipped = history(&versions);
        let classes: Vec<(String, ChangeKind, Class)> = (flipped.pages[0].steps.iter())
            .flat_map(|s| {
                s.changes
                    .iter()
                    .map(move |c| (s.date.clone(), c.kind, c.class))
            })
            .collect();
        assert_eq!(
            classes,
            [
                (
                    "2023-02-05".into(),
                    ChangeKind::EnumValueRemoved,
                    Class::Cosmetic
                ),
                (
                    "2023-02-07".into(),
                    ChangeKind::EnumValueAdded,
                    Class::Cosmetic
                ),
                (
                    "2023-03-01".into(),
                    ChangeKind::EnumValueRemoved,
                    Class::Breaking
                ),
                (
                    "2023-04-01".into(),
                    ChangeKind::EnumValueAdded,
                    Class::Additive
                ),
            ]
        );
        assert_eq!(
            flipped.totals,
            Counts {
                breaking: 1,
                additive: 1,
                cosmetic: 2
            }
        );
        let text = render_markdown(&flipped);
        assert!(text.contains("\n## Undone within 7 days (1): not counted as breaking\n\n- 2023-02-05 (`2023-02-05_bbbb.mdx`), feature `match_info`: key `game_mode`: enum value `arenas` removed, restored on 2023-02-07\n"), "{text}");
        assert!(text.contains("- 2023-02-05: key `game_mode`: enum value `arenas` removed, restored on 2023-02-07\n"), "{text}");
        assert!(text.contains("\n## Breaking changes (1)\n"), "{text}");

        // A key removed and documented again: its disappearance says when it came back.
        let versions = [
            keys_page("2022-06-10_aaaa.md", &["map", "team_score"]),
            keys_page("2022-06-12_bbbb.md", &["map"]),
            keys_page("2022-06-13_cccc.md", &["map", "team_score"]),
        ];
        let restored = history(&versions);
        assert_eq!(restored.totals.breaking, 0);
        let text = render_markdown(&restored);
        assert!(
            text.contains("- 2022-06-12: removed, restored on 2022-06-13\n"),
            "{text}"
        );
    }

    /// A version whose one feature lists these string keys.
    fn keys_page(file: &str, keys: &[&str]) -> PageVersion {
        let infos = (keys.iter())
            .map(|k| key(k, "match_info", string()))
            .collect();
        version(file, vec![feature("match_info", infos, vec![])])
    }

    #[test]
    fn a_page_replaced_in_its_first_days_is_one_rewrite() {
        let template = ["gep_internal", "scene", "server", "facing", "mobs_stats"];
        let real = ["gep_internal", "scene", "local_player_stats"];
        let kinds = |versions: &[PageVersion]| -> Vec<ChangeKind> {
            (history(versions).pages[0].steps.iter())
                .flat_map(|s| s.changes.iter().map(|c| c.kind))
                .collect()
        };
        let young = [
            keys_page("2022-01-12_aaaa.md", &template),
            keys_page("2022-01-19_bbbb.md", &real),
        ];
        assert_eq!(kinds(&young), [ChangeKind::TemplateReplaced]);
        // The first version is where the page started, however long the real one took.
        let late = [
            keys_page("2022-01-12_aaaa.md", &template),
            keys_page("2022-02-20_bbbb.md", &real),
        ];
        assert_eq!(kinds(&late), [ChangeKind::TemplateReplaced]);
        let old = [
            keys_page("2022-01-12_aaaa.md", &template),
            keys_page("2022-01-13_bbbb.md", &template),
            keys_page("2022-01-20_cccc.md", &real),
        ];
        assert_eq!(
            kinds(&old).len(),
            4,
            "past {YOUNG_PAGE_DAYS} days and the first version, entry by entry"
        );
    }

    #[test]
    fn days_between_dates() {
        assert_eq!(days_between("2022-01-12", "2022-01-19"), Some(7));
        assert_eq!(days_between("2020-02-28", "2020-03-01"), Some(2));
        assert_eq!(days_between("2019-12-31", "2020-01-01"), Some(1));
        assert_eq!(days_between("2019-12-31", "apex.txt"), None);
    }

    #[test]
    fn dates_come_from_corpus_file_names() {
        assert_eq!(date_of("2019-08-11_63c53d18.md"), "2019-08-11");
        assert_eq!(date_of("apex-legends.txt"), "apex-legends.txt");
        assert_eq!(date_of("2019-8-11_x.md"), "2019-8-11_x.md");
    }
}
