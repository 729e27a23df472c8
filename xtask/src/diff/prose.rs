//! Values a note lists in its prose: the list items under a line that introduces values
//! ("Can be one of the following:", "Supported game modes:", "Maps:"), which no "Possible
//! values" heading made into the note's values. The types do not follow such a list, but a
//! value added to it or gone from it is a change a maintainer wants named, not only "note
//! changed".
//!
//! A list under a line about fields ("Event Data:", "this object includes:") describes the
//! payload's fields, not values, and is not read; nor is an item that names a field of the
//! value (the caller's part: it knows the types).

/// The values the note's prose lists, each once, in page order.
pub(super) fn values_listed_in_prose(text: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    let mut under_values = false;
    for line in text.lines() {
        let line = line.trim();
        let Some(item) = line.strip_prefix("- ") else {
            // A list item of its own says what the items under it are only when it ends
            // with a colon; other prose ends the list.
            under_values = introduces_values(line);
            continue;
        };
        if item.trim_end().ends_with(':') {
            under_values = introduces_values(item);
            continue;
        }
        if !under_values {
            continue;
        }
        if let Some(value) = listed_value(item.trim()) {
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    values
}

/// Whether `text` mentions `value` as a word of its own (not inside a longer name): a value
/// the other version still mentions, in a list the reader does not take for values or in a
/// sentence, is not added or gone.
pub(super) fn mentions(text: &str, value: &str) -> bool {
    let part_of_name = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(value).any(|(at, _)| {
        !part_of_name(text[..at].chars().next_back())
            && !part_of_name(text[at + value.len()..].chars().next())
    })
}

/// Whether a line introduces a list of values: it ends with a colon and is not about fields,
/// data or examples.
fn introduces_values(line: &str) -> bool {
    let line = line.trim().to_lowercase();
    const ABOUT_FIELDS: [&str; 13] = [
        "field",
        "propert",
        "key",
        "attribute",
        "param",
        "contain",
        "includ",
        "object",
        "structure",
        "data",
        "example",
        "fired",
        "info",
    ];
    line.ends_with(':') && !ABOUT_FIELDS.iter().any(|word| line.contains(word))
}

/// The value a list item names: the one backticked value it holds (`Arcade: \`PVP_ARCADE\``),
/// the item itself when it is a short name (`Mirage`, `Dust II`), or the name before a dash
/// that describes it (`STATE_PRE_GAME – Shown when…`). Sentences name no value.
fn listed_value(item: &str) -> Option<String> {
    let ticked: Vec<&str> = item.split('`').skip(1).step_by(2).collect();
    if item.matches('`').count() >= 2 {
        return match ticked.as_slice() {
            [one] if is_token(one) => Some((*one).to_owned()),
            _ => None,
        };
    }
    let unquoted = |s: &str| s.trim().trim_matches(['"', '\'']).trim().to_owned();
    let name = item
        .split_once(" – ")
        .or_else(|| item.split_once(" — "))
        .or_else(|| item.split_once(" - "))
        .map_or(item, |(name, _)| name);
    let name = unquoted(name);
    let words: Vec<&str> = name.split_whitespace().collect();
    let short_name = !words.is_empty()
        && words.len() <= 3
        && name.chars().count() <= 40
        && words.iter().all(|w| is_token(w.trim_matches(['\'', '.'])));
    // A name of several words is a value only as the whole item (`Dust II`); before a dash
    // it is the start of a sentence.
    (short_name && (words.len() == 1 || name == unquoted(item))).then_some(name)
}

/// A value as pages write them: letters, digits and `_ # . -`, starting with a letter, a
/// digit or `#`.
fn is_token(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '#')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "_#.-'".contains(c))
        && !text.ends_with(['.', '-'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_under_a_line_introducing_values_are_values() {
        let text = "Can be one of the following:\n- scene_hub\n- scene_login\n\
                    Casual maps:\n- Dust II\n- Cho'Gath\n\
                    Modes:\n- Arcade Playlist: `PVP_ARCADE`\n- STATE_PRE_GAME – Shown when the game begins.\n\
                    - Shown when the horn sounds to open the match.";
        assert_eq!(
            values_listed_in_prose(text),
            [
                "scene_hub",
                "scene_login",
                "Dust II",
                "Cho'Gath",
                "PVP_ARCADE",
                "STATE_PRE_GAME"
            ]
        );
    }

    #[test]
    fn a_mention_is_a_word_of_its_own() {
        assert!(mentions("- 2 – Radiant", "2"));
        assert!(mentions("heroes (0 if still not picked)", "0"));
        assert!(!mentions("- 20 – Radiant", "2"));
        assert!(!mentions("scene_hub_old", "scene_hub"));
    }

    #[test]
    fn items_describing_fields_or_without_an_introduction_are_not_values() {
        let text = "Player object structure:\n- steamId\nEvent Data:\n- gameMode – One of the supported game modes.\n\
                    - playersInfo – An array with the following fields:\n- faction – Radiant/Dire\n\
                    The state changed.\n- alive\n\
                    Supported game modes:\n- AllPick\n- `a` or `b`\n- Legend name of the player";
        assert_eq!(values_listed_in_prose(text), ["AllPick"]);
    }
}
