//! The whole reading pipeline: page text to [`GameIr`], as one pure function.

use rayon::prelude::*;

use crate::extract::extract;
use crate::games::GameEntry;
use crate::infer::infer;
use crate::ir::{Code, Diagnostic, Game, GameIr, Source};
use crate::parse::{parse_page, Page};

/// Reads one page. `known` is the page's entry in `spec/games.toml`, when it is tracked;
/// it supplies what the page does not state (flattened text has no title or id).
pub fn page_to_ir(text: &str, path: &str, known: Option<&GameEntry>) -> GameIr {
    let page = parse_page(text, path);
    let extracted = extract(&page);
    let mut features = extracted.features;
    let mut diagnostics = extracted.diagnostics;
    for conflict in &page.conflicts {
        diagnostics.push(Diagnostic::warning(
            conflict.start,
            Code::MergeConflict,
            format!(
                "unresolved merge conflict (lines {}-{}): read as its first side, the markers and the other side skipped; resolve it on the page",
                conflict.start, conflict.end
            ),
        ));
    }
    infer(&mut features, &mut diagnostics);
    let game = identify_game(&page, path, known, &mut diagnostics);
    // Page order; a stable sort keeps same-line findings in the order they were made.
    diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
    GameIr {
        source: Source {
            path: path.to_owned(),
            format: page.format.unwrap_or(crate::ir::Format::Text),
        },
        game,
        features,
        overrides: Vec::new(),
        diagnostics,
    }
}

/// One page to read: its text, its path, and its games.toml entry if tracked.
pub struct PageInput<'a> {
    pub text: &'a str,
    pub path: &'a str,
    pub known: Option<&'a GameEntry>,
}

/// Reads many pages on all cores; the result is in input order, so output stays
/// deterministic whatever the scheduling.
pub fn pages_to_ir(pages: &[PageInput<'_>]) -> Vec<GameIr> {
    pages_to_ir_with(pages, |_, ir| ir)
}

/// Reads many pages on all cores and hands each IR, with its page's index in `pages`, to
/// `each` on the core that built it; what `each` returns comes back in input order.
///
/// A caller that wants something of each IR (its serialisation, a summary) need not hold
/// them all: the corpus's 1,082 IRs take 84 MB, and keeping them until the end cost about a
/// tenth of the time of reading them on two cores, in writing fresh memory and freeing it.
pub fn pages_to_ir_with<T: Send>(
    pages: &[PageInput<'_>],
    each: impl Fn(usize, GameIr) -> T + Sync,
) -> Vec<T> {
    // Work stealing balances a few big pages against many small ones; rayon's indexed
    // collect keeps input order.
    pages
        .par_iter()
        .enumerate()
        .map(|(index, page)| each(index, page_to_ir(page.text, page.path, page.known)))
        .collect()
}

/// How a page's table rows were accounted for. The parser promises that no row is lost:
/// each becomes an info key or an event, or a diagnostic naming its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowAccount {
    /// Table rows the page has (after joining rows continued over several lines).
    pub rows: usize,
    /// Info keys and events in the IR.
    pub entries: usize,
    /// Diagnostics that stand for a row which became no entry.
    pub row_diagnostics: usize,
}

impl RowAccount {
    /// Counts the rows of `text` and what became of them in `ir`, its IR.
    pub fn of(text: &str, path: &str, ir: &GameIr) -> Self {
        Self {
            rows: extract(&parse_page(text, path)).rows,
            entries: (ir.features.iter())
                .map(|f| f.info_updates.len() + f.events.len())
                .sum(),
            row_diagnostics: (ir.diagnostics.iter())
                .filter(|d| d.code.stands_for_a_row())
                .count(),
        }
    }

    /// Every row is an entry or a row diagnostic.
    pub fn is_complete(&self) -> bool {
        self.entries + self.row_diagnostics == self.rows
    }
}

fn identify_game(
    page: &Page,
    path: &str,
    known: Option<&GameEntry>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Game {
    let slug = known
        .map(|k| k.slug.clone())
        .or_else(|| page.page_id.as_deref().map(slug_from_page_id))
        .unwrap_or_else(|| slug_from_path(path));
    let title = known
        .map(|k| k.title.clone())
        .or_else(|| page.title.as_deref().map(strip_title_suffix))
        .unwrap_or_else(|| title_from_slug(&slug));
    let id = match (page.game_id, known.and_then(|k| k.id)) {
        (Some((stated, line)), Some(tracked)) if stated != tracked => {
            diagnostics.push(Diagnostic::warning(
                line,
                Code::GameIdMismatch,
                format!("the page states game id {stated}, game `{slug}` in spec/games.toml says {tracked}; the page wins: set `id = {stated}` there if the page is right"),
            ));
            Some(stated)
        }
        (Some((stated, _)), _) => Some(stated),
        (None, tracked) => tracked,
    };
    Game { slug, title, id }
}

/// `overwolf-games-events-apex-legends` → `apex-legends`.
fn slug_from_page_id(id: &str) -> String {
    let id = id.strip_prefix("overwolf-games-events-").unwrap_or(id);
    sanitise_slug(id)
}

/// `spec/docs/apex-legends.txt` → `apex-legends`.
fn slug_from_path(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    sanitise_slug(stem)
}

fn sanitise_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "game".to_owned()
    } else {
        slug.to_owned()
    }
}

/// `Apex Legends Game events` → `Apex Legends`.
fn strip_title_suffix(title: &str) -> String {
    let lower = title.to_ascii_lowercase();
    for suffix in [" game events", " events"] {
        if lower.ends_with(suffix) && lower.len() > suffix.len() {
            return title[..title.len() - suffix.len()].trim().to_owned();
        }
    }
    title.trim().to_owned()
}

fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(slug_from_page_id("overwolf-games-events-wot"), "wot");
        assert_eq!(slug_from_path("../seeds/001_ef71.txt"), "001-ef71");
        assert_eq!(slug_from_path("spec/docs/apex-legends.txt"), "apex-legends");
        assert_eq!(
            strip_title_suffix("Apex Legends Game events"),
            "Apex Legends"
        );
        assert_eq!(title_from_slug("world-of-tanks"), "World Of Tanks");
    }
}
