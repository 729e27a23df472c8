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
}

impl GamesToml {
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// The entry whose vendored page is `source` (relative to `spec/docs/`).
    pub fn by_source(&self, source: &str) -> Option<&GameEntry> {
        self.games.iter().find(|g| g.source == source)
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
}
