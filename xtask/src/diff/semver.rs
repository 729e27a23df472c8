//! How badly a change affects consumers, and the release step the changes call for.

use serde::Serialize;

use super::{Change, ChangeKind};

/// How a change affects consumers, worst first (the order the report uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// A consumer's code or data can stop working.
    Breaking,
    /// Something new; existing code and data keep working.
    Additive,
    /// Documentation only.
    Cosmetic,
}

impl Class {
    pub const ALL: [Class; 3] = [Class::Breaking, Class::Additive, Class::Cosmetic];

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Cosmetic => "cosmetic",
        }
    }
}

impl ChangeKind {
    /// Each kind has one class; the module documentation says why.
    pub fn class(self) -> Class {
        use ChangeKind::*;
        match self {
            FeatureAdded | KeyAdded | EventAdded | FieldAdded | EnumValueAdded | TypeLearned
            | EncodingLearned | ValuesListed => Class::Additive,
            PageRewritten | FeatureRemoved | KeyRemoved | KeyMoved | KeyRenamed
            | KeyBecameEvent | EventBecameKey | EventRemoved | EventMoved | CategoryChanged
            | TypeChanged | EncodingChanged | NullableChanged | FieldRemoved | EnumValueRemoved
            | EnumValuesRecased => Class::Breaking,
            FamilyChanged
            | TemplateReplaced
            | EncodingNotShown
            | FieldNullableChanged
            | FieldOptionalChanged
            | FeatureHeadingLost
            | EnumValueDescriptionChanged
            | EnumValueRespelled
            | TypeNoLongerShown
            | FieldNoLongerShown
            | TypeRestated
            | SinceChanged
            | DescriptionChanged
            | DataDescriptionChanged
            | RemarksChanged
            | NoteChanged
            | PossibleValueAdded
            | PossibleValueRemoved
            | ExamplesChanged => Class::Cosmetic,
        }
    }
}

/// Number of changes per class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub breaking: usize,
    pub additive: usize,
    pub cosmetic: usize,
}

impl Counts {
    pub fn of(changes: &[Change]) -> Counts {
        let mut counts = Counts::default();
        for change in changes {
            counts.add(change.class, 1);
        }
        counts
    }

    pub fn add(&mut self, class: Class, n: usize) {
        match class {
            Class::Breaking => self.breaking += n,
            Class::Additive => self.additive += n,
            Class::Cosmetic => self.cosmetic += n,
        }
    }

    pub fn get(&self, class: Class) -> usize {
        match class {
            Class::Breaking => self.breaking,
            Class::Additive => self.additive,
            Class::Cosmetic => self.cosmetic,
        }
    }

    pub fn total(&self) -> usize {
        self.breaking + self.additive + self.cosmetic
    }

    /// `3 breaking, 25 additive, 12 cosmetic`.
    pub fn summary(&self) -> String {
        format!(
            "{} breaking, {} additive, {} cosmetic",
            self.breaking, self.additive, self.cosmetic
        )
    }
}

/// The semantic-versioning step the changes call for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed: no release needed.
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    /// breaking → major, additive → minor, cosmetic → patch.
    pub fn for_counts(counts: Counts) -> Bump {
        if counts.breaking > 0 {
            Bump::Major
        } else if counts.additive > 0 {
            Bump::Minor
        } else if counts.cosmetic > 0 {
            Bump::Patch
        } else {
            Bump::None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "no release",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// A `major.minor.patch` version, as the generated crate and npm package carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReleaseVersion {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl ReleaseVersion {
    /// Reads `1.2.3`; anything else (pre-releases, build metadata) gives `None`.
    pub fn parse(text: &str) -> Option<ReleaseVersion> {
        let mut parts = text.trim().split('.').map(|p| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u64>().ok())
                .flatten()
        });
        let version = ReleaseVersion {
            major: parts.next()??,
            minor: parts.next()??,
            patch: parts.next()??,
        };
        parts.next().is_none().then_some(version)
    }

    /// The next version for `bump`. Below 1.0, cargo and npm treat a minor step as breaking
    /// and a patch step as compatible, so every step moves one place down.
    pub fn bumped(self, bump: Bump) -> ReleaseVersion {
        let ReleaseVersion {
            major,
            minor,
            patch,
        } = self;
        let bump = match (major, bump) {
            (0, Bump::Major) => Bump::Minor,
            (0, Bump::Minor) => Bump::Patch,
            (_, bump) => bump,
        };
        match bump {
            Bump::None => self,
            Bump::Patch => ReleaseVersion {
                patch: patch + 1,
                ..self
            },
            Bump::Minor => ReleaseVersion {
                minor: minor + 1,
                patch: 0,
                ..self
            },
            Bump::Major => ReleaseVersion {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
        }
    }
}

impl std::fmt::Display for ReleaseVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A package's current version and the one the changes call for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionStep {
    pub current: String,
    pub next: String,
}

/// The release the changes call for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    pub bump: Bump,
    /// The generated Rust crate, when its version is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crate_version: Option<VersionStep>,
    /// The generated npm package, when its version is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npm_version: Option<VersionStep>,
}

/// `0.130` ↔ `130.0`: the docs' usual version typo, corrected or introduced.
pub fn is_version_typo_fix(old: &str, new: &str) -> bool {
    let typo_of = |typo: &str, right: &str| {
        typo.strip_prefix("0.").is_some_and(|minor| {
            let minor = minor.split('.').next().unwrap_or(minor);
            right == format!("{minor}.0") || right.starts_with(&format!("{minor}.0."))
        })
    };
    typo_of(old, new) || typo_of(new, old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_steps_follow_cargo_below_one() {
        let v = |s| ReleaseVersion::parse(s).unwrap();
        assert_eq!(v("0.1.0").bumped(Bump::Major).to_string(), "0.2.0");
        assert_eq!(v("0.1.3").bumped(Bump::Minor).to_string(), "0.1.4");
        assert_eq!(v("1.2.3").bumped(Bump::Major).to_string(), "2.0.0");
        assert_eq!(v("1.2.3").bumped(Bump::Minor).to_string(), "1.3.0");
        assert_eq!(v("1.2.3").bumped(Bump::Patch).to_string(), "1.2.4");
        assert_eq!(v("1.2.3").bumped(Bump::None).to_string(), "1.2.3");
        assert_eq!(ReleaseVersion::parse("1.0.0-beta"), None);
        assert_eq!(ReleaseVersion::parse("1.0"), None);
    }

    #[test]
    fn typo_fixes_are_recognised() {
        assert!(is_version_typo_fix("0.130", "130.0"));
        assert!(is_version_typo_fix("130.0", "0.130"));
        assert!(!is_version_typo_fix("128.0", "130.0"));
    }
}
