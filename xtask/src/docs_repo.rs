//! The Overwolf docs repository as a source of pages: which files are game events pages, and
//! every version of each, read from its commit log.
//!
//! The binary runs git and hands the log text to [`parse_log`]; everything here is pure, so the
//! rules (what counts as a page, how renames carry a page's history, how versions are dated)
//! are tested on hand-written logs.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::history::{date_of, VersionSource};

/// The `git log` arguments whose output [`parse_log`] reads: oldest commit first, each commit's
/// hash, committer time (Unix seconds) and committer date with its own offset, then its file
/// changes with full blob ids and renames detected, all NUL-separated.
pub const LOG_ARGS: &[&str] = &[
    "log",
    "--reverse",
    "--no-abbrev",
    "--raw",
    "-M",
    "-z",
    "--format=%x01%H%x00%ct%x00%cI%x00",
];

/// One commit of the log, with the changes to files that matter here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// Committer time, Unix seconds.
    pub time: i64,
    /// Committer date in the committer's own time zone, `YYYY-MM-DD`: the day the corpus files
    /// are named by.
    pub local_date: String,
    pub changes: Vec<Change>,
}

/// A change to one file in a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Added or modified: the file now holds `blob`.
    Written {
        path: String,
        blob: String,
    },
    Deleted {
        path: String,
    },
    /// Moved (possibly with edits): the page's history continues at `to`.
    Renamed {
        from: String,
        to: String,
        blob: String,
    },
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum LogError {
    #[error("unexpected git log output near {context:?}: {what}")]
    Malformed { context: String, what: &'static str },
}

/// Reads the output of `git` with [`LOG_ARGS`].
pub fn parse_log(raw: &str) -> Result<Vec<Commit>, LogError> {
    let malformed = |context: &str, what| LogError::Malformed {
        context: context.chars().take(80).collect(),
        what,
    };
    let mut commits = Vec::new();
    for record in raw.split('\u{1}').filter(|r| !r.trim().is_empty()) {
        let mut fields = record.split('\0');
        let hash = fields.next().ok_or_else(|| malformed(record, "no hash"))?;
        let time = fields
            .next()
            .and_then(|t| t.parse::<i64>().ok())
            .ok_or_else(|| malformed(record, "no commit time"))?;
        let date = fields
            .next()
            .ok_or_else(|| malformed(record, "no commit date"))?;
        let local_date = date
            .get(..10)
            .ok_or_else(|| malformed(record, "short date"))?;
        let mut changes = Vec::new();
        let rest: Vec<&str> = fields.collect();
        let mut i = 0;
        while i < rest.len() {
            let meta = rest[i].trim_start_matches('\n');
            if meta.is_empty() {
                i += 1;
                continue;
            }
            // `:<old mode> <new mode> <old blob> <new blob> <status>`, then one or two paths.
            let parts: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
            let (Some(blob), Some(status)) = (parts.get(3), parts.get(4)) else {
                return Err(malformed(meta, "a change line without blob and status"));
            };
            let path = |k: usize| {
                rest.get(i + k)
                    .map(|p| (*p).to_owned())
                    .ok_or_else(|| malformed(meta, "a change without its path"))
            };
            match status.chars().next() {
                Some('R' | 'C') => {
                    let (from, to) = (path(1)?, path(2)?);
                    changes.push(if status.starts_with('R') {
                        Change::Renamed {
                            from,
                            to,
                            blob: (*blob).to_owned(),
                        }
                    } else {
                        Change::Written {
                            path: to,
                            blob: (*blob).to_owned(),
                        }
                    });
                    i += 3;
                }
                Some('D') => {
                    changes.push(Change::Deleted { path: path(1)? });
                    i += 2;
                }
                Some(_) => {
                    changes.push(Change::Written {
                        path: path(1)?,
                        blob: (*blob).to_owned(),
                    });
                    i += 2;
                }
                None => return Err(malformed(meta, "an empty status")),
            }
        }
        commits.push(Commit {
            hash: hash.trim().to_owned(),
            time,
            local_date: local_date.to_owned(),
            changes,
        });
    }
    Ok(commits)
}

/// Whether a path in the docs repository is a game's events page: a Markdown or MDX page named
/// `overwolf-games-events-<game>` or `overwolf-games-launchers-events-<game>`, or one inside a
/// folder of game pages (`supported-games`, `supported-launchers`, `deprecated`, `games/events`,
/// `game-events`). Index pages of those folders are not games.
pub fn is_events_page(path: &str) -> bool {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let Some(stem) = file
        .strip_suffix(".mdx")
        .or_else(|| file.strip_suffix(".md"))
    else {
        return false;
    };
    if stem.starts_with("overwolf-games-events-")
        || stem.starts_with("overwolf-games-launchers-events-")
    {
        return true;
    }
    if matches!(stem, "index" | "overview" | "README" | "readme") || stem.starts_with('_') {
        return false;
    }
    let folders: Vec<&str> = dir.split('/').collect();
    let in_folder = |name: &str| folders.contains(&name);
    in_folder("supported-games")
        || in_folder("supported-launchers")
        || in_folder("game-events")
        || (in_folder("events") && in_folder("games"))
        || ((in_folder("deprecated") || in_folder("_deprecated"))
            && (in_folder("live-game-data") || in_folder("game-data") || in_folder("games")))
}

/// The slug a page path names: its file name without extension and without the old
/// `overwolf-games-events-` prefix.
pub fn slug_of_path(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file
        .strip_suffix(".mdx")
        .or_else(|| file.strip_suffix(".md"))
        .unwrap_or(file);
    stem.strip_prefix("overwolf-games-events-")
        .unwrap_or(stem)
        .to_owned()
}

/// One version of one page: a row of the corpus `index.tsv`, without what only the page's text
/// tells (its game id and size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The page's slug: the name of the newest path of its history.
    pub slug: String,
    pub blob: String,
    /// Where the version was first committed.
    pub source_path: String,
    /// The day it appeared, in the committer's time zone (`YYYY-MM-DD`).
    pub date: String,
    /// When it was first committed, Unix seconds.
    pub committed: i64,
}

/// Every distinct version of every events page, oldest first. A page's history follows its
/// renames, and it is named by the path it has last, so that the versions of a page moved
/// across the repository's reorganisations stay one game's. Two pages that hold the same text
/// at once are one version (the first commit of it counts).
pub fn versions(commits: &[Commit]) -> Vec<Version> {
    // Each path of a page belongs to a lineage; a rename moves the lineage to the new path.
    let mut lineage_of: HashMap<String, usize> = HashMap::new();
    let mut latest_path: Vec<String> = Vec::new();
    let mut found: Vec<(usize, String, String, String, i64)> = Vec::new();
    let mut seen: HashSet<(usize, String)> = HashSet::new();
    for commit in commits {
        for change in &commit.changes {
            let (path, blob) = match change {
                Change::Written { path, blob } => (path, blob),
                Change::Renamed { from, to, blob } => {
                    if let Some(id) = lineage_of.remove(from) {
                        lineage_of.insert(to.clone(), id);
                        if is_events_page(to) {
                            latest_path[id] = to.clone();
                        }
                    }
                    (to, blob)
                }
                Change::Deleted { .. } => continue,
            };
            if !is_events_page(path) {
                continue;
            }
            let id = *lineage_of.entry(path.clone()).or_insert_with(|| {
                latest_path.push(path.clone());
                latest_path.len() - 1
            });
            latest_path[id] = path.clone();
            if seen.insert((id, blob.clone())) {
                found.push((
                    id,
                    blob.clone(),
                    path.clone(),
                    commit.local_date.clone(),
                    commit.time,
                ));
            }
        }
    }
    let mut versions: Vec<Version> = found
        .into_iter()
        .map(|(id, blob, source_path, date, committed)| Version {
            slug: slug_of_path(&latest_path[id]),
            blob,
            source_path,
            date,
            committed,
        })
        .collect();
    // A blob that two lineages of one slug share is one version of that game.
    let mut first_of_slug: HashSet<(String, String)> = HashSet::new();
    versions.retain(|v| first_of_slug.insert((v.slug.clone(), v.blob.clone())));
    versions.sort_by(|a, b| (&a.slug, a.committed).cmp(&(&b.slug, b.committed)));
    versions
}

/// An instant as the corpus writes it: `YYYY-MM-DDTHH:MM:SSZ`, UTC.
pub fn utc_timestamp(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A row of `index.tsv`: a version with what its text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexRow {
    pub version: Version,
    /// The game id the page states, if any.
    pub game_id: Option<u64>,
    pub bytes: usize,
}

impl IndexRow {
    /// The file the version is stored in, relative to the corpus folder.
    pub fn file_name(&self) -> String {
        let extension = self
            .version
            .source_path
            .rsplit_once('.')
            .map_or("md", |(_, ext)| ext);
        format!(
            "{}/{}_{}.{extension}",
            self.version.slug,
            self.version.date,
            &self.version.blob[..self.version.blob.len().min(8)]
        )
    }
}

/// Files the versions under the game whose id they state: a page moves between games when
/// it documents another game for a while (the Auto Chess page stated Dota 2's id, the old
/// Teamfight Tactics page League of Legends'). An id names the game of the newest version
/// that states it; versions that state no id keep their page's slug. A version filed twice
/// under one game by this is kept once. Rows stay oldest first per game.
pub fn file_by_game_id(mut rows: Vec<IndexRow>) -> Vec<IndexRow> {
    let mut slug_of_id: HashMap<u64, (i64, String)> = HashMap::new();
    for row in &rows {
        if let Some(id) = row.game_id {
            let newest = slug_of_id
                .entry(id)
                .or_insert_with(|| (row.version.committed, row.version.slug.clone()));
            if row.version.committed >= newest.0 {
                *newest = (row.version.committed, row.version.slug.clone());
            }
        }
    }
    for row in &mut rows {
        if let Some((_, slug)) = row.game_id.and_then(|id| slug_of_id.get(&id)) {
            row.version.slug = slug.clone();
        }
    }
    let mut seen: HashSet<(String, String)> = HashSet::new();
    rows.retain(|row| seen.insert((row.version.slug.clone(), row.version.blob.clone())));
    rows.sort_by(|a, b| {
        (&a.version.slug, a.version.committed).cmp(&(&b.version.slug, b.version.committed))
    });
    rows
}

/// The corpus `index.tsv`: a header, then one row per version.
pub fn index_tsv(rows: &[IndexRow]) -> String {
    let mut out = String::from("game_id\tslug\tdate\tblob\tsource_path\tbytes\tcommitted\n");
    for row in rows {
        let v = &row.version;
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            row.game_id.map_or_else(String::new, |id| id.to_string()),
            v.slug,
            v.date,
            v.blob,
            v.source_path,
            row.bytes,
            utc_timestamp(v.committed)
        ));
    }
    out
}

/// The commit time of each version an `index.tsv` lists, by its file's path in the corpus
/// without extension (`dota-2/2023-10-24_3d26ff40`). Versions of one day sort by this, not by
/// their hash; rows without a time are left out.
pub fn commit_times(index_tsv: &str) -> HashMap<String, String> {
    version_sources(index_tsv)
        .into_iter()
        .map(|(stem, source)| (stem, source.committed))
        .collect()
}

/// The source file and commit time of each version an `index.tsv` lists, by its file's path
/// in the corpus without extension (`dota-2/2023-10-24_3d26ff40`); rows without a time are
/// left out.
pub fn version_sources(index_tsv: &str) -> HashMap<String, VersionSource> {
    let mut lines = index_tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name| header.iter().position(|h| *h == name);
    let (Some(slug), Some(date), Some(blob), Some(committed)) = (
        column("slug"),
        column("date"),
        column("blob"),
        column("committed"),
    ) else {
        return HashMap::new();
    };
    let source_path = column("source_path");
    lines
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let time = *cells.get(committed)?;
            let blob = cells.get(blob)?;
            let stem = format!(
                "{}/{}_{}",
                cells.get(slug)?,
                cells.get(date)?,
                blob.get(..8).unwrap_or(blob)
            );
            let path = source_path
                .and_then(|c| cells.get(c))
                .copied()
                .unwrap_or("");
            (!time.is_empty()).then(|| {
                let source = VersionSource {
                    path: path.to_owned(),
                    committed: time.to_owned(),
                };
                (stem, source)
            })
        })
        .collect()
}

/// The key of a corpus version file (`<folder>/<date>_<blob8>.<ext>`) in [`commit_times`] and
/// [`version_sources`]: its folder and stem.
pub fn corpus_key(path: &Path) -> String {
    let name = |path: &Path, part: fn(&Path) -> Option<&std::ffi::OsStr>| {
        part(path).map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    let folder = path
        .parent()
        .map(|dir| name(dir, Path::file_name))
        .unwrap_or_default();
    format!("{folder}/{}", name(path, Path::file_stem))
}

/// Sorts the version files of a corpus game folder (`<folder>/<date>_<blob8>.<ext>`) oldest
/// first: by the day in their name, then, within a day, by the commit time `index_tsv` gives
/// (sorting by name puts one day's versions in hash order, the wrong one for most such days),
/// then by name.
pub fn sort_versions(files: &mut [PathBuf], index_tsv: Option<&str>) {
    let times = index_tsv.map(commit_times).unwrap_or_default();
    files.sort_by_cached_key(|path| {
        let time = times.get(&corpus_key(path)).cloned();
        let file = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        (date_of(&file), time, path.clone())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(commits: &[(&str, i64, &str, &[&str])]) -> String {
        let mut out = String::new();
        for (hash, time, date, changes) in commits {
            out.push_str(&format!("\u{1}{hash}\0{time}\0{date}\0"));
            for change in *changes {
                out.push('\n');
                out.push_str(change);
                out.push('\0');
            }
        }
        out
    }

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const C: &str = "cccccccccccccccccccccccccccccccccccccccc";
    const Z: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn reads_writes_renames_and_deletions() {
        let add = format!(":000000 100644 {Z} {A} A\0docs/api/overwolf-games-events-csgo.md");
        let other = format!(":000000 100644 {Z} {C} A\0docs/api/sidebar.md");
        let rename = format!(
            ":100644 100644 {A} {B} R087\0docs/api/overwolf-games-events-csgo.md\0pages/api/live-game-data/supported-games/counter-strike-global-offensive.mdx"
        );
        let delete = format!(":100644 000000 {B} {Z} D\0pages/api/live-game-data/supported-games/counter-strike-global-offensive.mdx");
        let raw = log(&[
            (
                "c1",
                1_560_898_638,
                "2019-06-19T01:57:18+03:00",
                &[&add, &other],
            ),
            ("c2", 1_700_000_000, "2023-11-14T22:13:20+00:00", &[&rename]),
            ("c3", 1_700_000_100, "2023-11-14T22:15:00+00:00", &[&delete]),
        ]);
        let commits = parse_log(&raw).unwrap();
        assert_eq!(commits.len(), 3);
        assert_eq!(commits[0].local_date, "2019-06-19");
        assert_eq!(
            commits[1].changes,
            [Change::Renamed {
                from: "docs/api/overwolf-games-events-csgo.md".into(),
                to: "pages/api/live-game-data/supported-games/counter-strike-global-offensive.mdx"
                    .into(),
                blob: B.into()
            }]
        );
        let versions = versions(&commits);
        let rows: Vec<(&str, &str, &str, &str)> = versions
            .iter()
            .map(|v| {
                (
                    v.slug.as_str(),
                    &v.blob[..1],
                    v.date.as_str(),
                    v.source_path.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "counter-strike-global-offensive",
                    "a",
                    "2019-06-19",
                    "docs/api/overwolf-games-events-csgo.md"
                ),
                (
                    "counter-strike-global-offensive",
                    "b",
                    "2023-11-14",
                    "pages/api/live-game-data/supported-games/counter-strike-global-offensive.mdx"
                ),
            ]
        );
        assert_eq!(utc_timestamp(versions[0].committed), "2019-06-18T22:57:18Z");
    }

    #[test]
    fn a_version_that_comes_back_is_not_new_and_malformed_logs_are_errors() {
        let write = |blob: &str| {
            format!(":100644 100644 {Z} {blob} M\0website/pages/docs/api/games/events/lost-ark.mdx")
        };
        let (a, b, a2) = (write(A), write(B), write(A));
        let raw = log(&[
            ("c1", 10, "1970-01-01T00:00:10+00:00", &[&a]),
            ("c2", 20, "1970-01-01T00:00:20+00:00", &[&b]),
            ("c3", 30, "1970-01-01T00:00:30+00:00", &[&a2]),
        ]);
        let versions = versions(&parse_log(&raw).unwrap());
        assert_eq!(versions.len(), 2);
        assert!(parse_log("\u{1}abc\0notatime\0").is_err());
    }

    #[test]
    fn events_pages() {
        for page in [
            "docs/api/overwolf-games-events-apex-legends.md",
            "website/pages/docs/api/overwolf-games-launchers-events-lol.mdx",
            "pages/api/live-game-data/supported-games/palworld.mdx",
            "pages/api/live-game-data/deprecated/auto-chess.mdx",
            "website/pages/docs/api/games/events/_deprecated/auto-chess.mdx",
            "website/pages/docs/api/electron/game-events/teamfight-tactics.mdx",
            "website/pages/docs/api/game-data/supported-launchers/league-of-legends.mdx",
        ] {
            assert!(is_events_page(page), "{page}");
        }
        for other in [
            "pages/api/live-game-data/supported-games/index.mdx",
            "pages/api/live-game-data/supported-games/logo.png",
            "pages/api/overwolf-windows.mdx",
            "docs/start/deprecated/old-sdk.md",
        ] {
            assert!(!is_events_page(other), "{other}");
        }
        assert_eq!(slug_of_path("docs/api/overwolf-games-events-wot.md"), "wot");
        assert_eq!(slug_of_path("a/b/world-of-tanks.mdx"), "world-of-tanks");
    }

    #[test]
    fn versions_are_filed_under_the_game_whose_id_they_state() {
        let row = |slug: &str, blob: &str, committed: i64, game_id: Option<u64>| IndexRow {
            version: Version {
                slug: slug.into(),
                blob: blob.into(),
                source_path: format!("docs/{slug}.md"),
                date: "2020-01-01".into(),
                committed,
            },
            game_id,
            bytes: 1,
        };
        let rows = file_by_game_id(vec![
            row("autochess", "a1", 10, Some(7314)),
            row("autochess", "a2", 20, Some(21600)),
            row("dota-2", "d1", 15, Some(7314)),
            row("dota-2", "d2", 30, Some(7314)),
            row("auto-chess", "c1", 40, None),
        ]);
        let filed: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.version.slug.as_str(), r.version.blob.as_str()))
            .collect();
        assert_eq!(
            filed,
            [
                ("auto-chess", "c1"),
                ("autochess", "a2"),
                ("dota-2", "a1"),
                ("dota-2", "d1"),
                ("dota-2", "d2")
            ]
        );
    }

    #[test]
    fn commit_times_by_corpus_file() {
        let index = "game_id\tslug\tdate\tblob\tsource_path\tbytes\tcommitted\n\
            9898\thearthstone\t2020-08-25\t2dbbbc4a00\tx.md\t1\t2020-08-25T13:55:00Z\n\
            9898\thearthstone\t2020-08-25\t6f788054ff\tx.md\t1\t2020-08-25T13:52:00Z\n\
            \taxie\t2024-02-08\t2df5dd34ee\ty.mdx\t1\t\n";
        let times = commit_times(index);
        assert_eq!(times.len(), 2);
        assert_eq!(
            times["hearthstone/2020-08-25_6f788054"],
            "2020-08-25T13:52:00Z"
        );
        assert!(commit_times("no header").is_empty());
    }

    #[test]
    fn timestamps_and_file_names() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(1_709_164_800), "2024-02-29T00:00:00Z");
        let row = IndexRow {
            version: Version {
                slug: "dota-2".into(),
                blob: B.into(),
                source_path: "a/dota-2.mdx".into(),
                date: "2023-10-24".into(),
                committed: 1_698_105_600,
            },
            game_id: Some(7314),
            bytes: 12,
        };
        assert_eq!(row.file_name(), "dota-2/2023-10-24_bbbbbbbb.mdx");
        assert_eq!(
            index_tsv(&[row]),
            format!("game_id\tslug\tdate\tblob\tsource_path\tbytes\tcommitted\n7314\tdota-2\t2023-10-24\t{B}\ta/dota-2.mdx\t12\t2023-10-24T00:00:00Z\n")
        );
    }
}
