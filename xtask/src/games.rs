//! `spec/games.toml`: the tracked games, with the facts a page may not state.

use serde::{Deserialize, Serialize};

/// The tracked games.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GamesToml {
    #[serde(rename = "game", default)]
    pub games: Vec<GameEntry>,
}

/// One tracked game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GameEntry {
    /// Names `spec/<slug>.yaml` and the generated files.
    pub slug: String,
    pub title: String,
    /// Overwolf game id.
    pub id: Option<u64>,
    /// The vendored page, relative to `spec/docs/`.
    pub source: String,
    /// The page's path in the Overwolf docs repository, where `cargo xtask sync` reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<String>,
}

/// Something wrong with `spec/games.toml`, naming the entry and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryProblem {
    #[error("game `{slug}` is listed twice: remove one of the entries (slugs name the spec and generated files)")]
    DuplicateSlug { slug: String },
    #[error(
        "games `{first}` and `{second}` both read spec/docs/{page}: give each game its own page"
    )]
    SharedSource {
        first: String,
        second: String,
        page: String,
    },
    #[error("game `{slug}`: the slug must be lower-case words joined by `-` (e.g. `{suggestion}`): change it in spec/games.toml")]
    BadSlug { slug: String, suggestion: String },
    #[error(
        "game `{slug}`: source `{page}` must be a file name inside spec/docs/, without directories"
    )]
    BadSource { slug: String, page: String },
}

impl GamesToml {
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// Every problem of the list as a whole, in entry order: duplicate slugs, pages shared by
    /// two games, slugs that would not name files and modules the same on every system.
    pub fn problems(&self) -> Vec<EntryProblem> {
        let mut problems = Vec::new();
        for (index, entry) in self.games.iter().enumerate() {
            let earlier = &self.games[..index];
            if !is_slug(&entry.slug) {
                problems.push(EntryProblem::BadSlug {
                    slug: entry.slug.clone(),
                    suggestion: suggest_slug(&entry.slug),
                });
            }
            if earlier.iter().any(|e| e.slug == entry.slug) {
                problems.push(EntryProblem::DuplicateSlug {
                    slug: entry.slug.clone(),
                });
            }
            if entry.source.is_empty()
                || entry.source.contains(['/', '\\'])
                || entry.source.starts_with('.')
            {
                problems.push(EntryProblem::BadSource {
                    slug: entry.slug.clone(),
                    page: entry.source.clone(),
                });
            }
            if let Some(first) = earlier.iter().find(|e| e.source == entry.source) {
                problems.push(EntryProblem::SharedSource {
                    first: first.slug.clone(),
                    second: entry.slug.clone(),
                    page: entry.source.clone(),
                });
            }
        }
        problems
    }

    /// The entry whose vendored page is `source` (relative to `spec/docs/`).
    pub fn by_source(&self, source: &str) -> Option<&GameEntry> {
        self.games.iter().find(|g| g.source == source)
    }
}

/// Lower-case ASCII letters and digits in words joined by single `-`: the form every output
/// (file names, Rust modules, npm subpaths) derives its names from without loss.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The slug closest to `text`: lower-cased, every run of other characters one `-`.
pub fn suggest_slug(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        "my-game".to_owned()
    } else {
        words.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_rejects_typos() {
        let games = GamesToml::parse(
            "[[game]]\nslug = \"dota-2\"\ntitle = \"Dota 2\"\nid = 7314\nsource = \"dota-2.txt\"\n",
        )
        .unwrap();
        assert_eq!(games.by_source("dota-2.txt").unwrap().id, Some(7314));
        assert!(
            GamesToml::parse("[[game]]\nslug = \"a\"\ntitel = \"A\"\nsource = \"a\"\n").is_err()
        );
    }

    fn entry(slug: &str, source: &str) -> GameEntry {
        GameEntry {
            slug: slug.to_owned(),
            title: slug.to_owned(),
            id: None,
            source: source.to_owned(),
            upstream: None,
        }
    }

    #[test]
    fn problems_name_the_entry_and_the_fix() {
        let games = GamesToml {
            games: vec![
                entry("dota-2", "dota-2.mdx"),
                entry("dota-2", "dota.mdx"),
                entry("apex_legends", "apex.mdx"),
                entry("apex-legends", "apex.mdx"),
                entry("lol", "../lol.mdx"),
            ],
        };
        let messages: Vec<String> = games.problems().iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "game `dota-2` is listed twice: remove one of the entries (slugs name the spec and generated files)",
                "game `apex_legends`: the slug must be lower-case words joined by `-` (e.g. `apex-legends`): change it in spec/games.toml",
                "games `apex_legends` and `apex-legends` both read spec/docs/apex.mdx: give each game its own page",
                "game `lol`: source `../lol.mdx` must be a file name inside spec/docs/, without directories",
            ]
        );
        assert!(GamesToml {
            games: vec![entry("world-of-tanks", "wot.md")]
        }
        .problems()
        .is_empty());
    }

    #[test]
    fn slugs() {
        for good in ["dota-2", "a", "world-of-warships", "2xko"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in ["", "Dota-2", "apex_legends", "a--b", "-a", "a-", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(suggest_slug("Apex_Legends"), "apex-legends");
        assert_eq!(suggest_slug("__"), "my-game");
    }
}
