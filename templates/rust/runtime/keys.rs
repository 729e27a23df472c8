//! The members of a key family: an index (`roster_12` of `roster_XX`) or a name the data
//! gives (`Mage` of `[deck_id]`).

/// The index of `key` in a key family (`roster_12` in `roster_XX` gives 12).
pub fn family_index(key: &str, prefix: &str, suffix: &str) -> Option<u32> {
    let digits = key.strip_prefix(prefix)?.strip_suffix(suffix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The name `key` gives in a family of keys named by the data (`Mage` in `[deck_id]`, or
/// `Mage` of `deck_Mage` in `deck_{name}`): what stands between the family's prefix and suffix,
/// when not empty.
pub fn family_name<'k>(key: &'k str, prefix: &str, suffix: &str) -> Option<&'k str> {
    let name = key.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_indexes() {
        assert_eq!(family_index("roster_12", "roster_", ""), Some(12));
        assert_eq!(family_index("roster_", "roster_", ""), None);
        assert_eq!(family_index("roster_x", "roster_", ""), None);
        assert_eq!(family_index("roster_99999999999", "roster_", ""), None);
    }

    #[test]
    fn family_names() {
        assert_eq!(family_name("Mage", "", ""), Some("Mage"));
        assert_eq!(family_name("deck_Mage", "deck_", ""), Some("Mage"));
        assert_eq!(family_name("deck_", "deck_", ""), None);
        assert_eq!(family_name("Mage", "deck_", ""), None);
    }
}
