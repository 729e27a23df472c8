//! Identifiers from documentation text: one sanitiser for every emitter.
//!
//! The docs name keys, events, fields and enum values with whatever text the page uses
//! (`roster_XX`, `isTeammate`, `2kill`, `match-state`, `Bleed Out`, `type`). [`convert`] turns
//! such text into an identifier of a given [`Case`] that is valid in any language that follows
//! Unicode's identifier rules (UAX #31): heck splits and re-cases the words, characters that
//! cannot appear in an identifier are dropped, and a leading digit gets a `_` prefix.
//! Language rules live on top: [`rust_ident`] handles Rust keywords. [`Namespace`] reports two
//! texts that end up as the same identifier instead of numbering one of them silently.

use std::collections::BTreeMap;

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// The case convention of an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// `RosterEntry`: Rust types and variants, TypeScript types.
    Pascal,
    /// `rosterEntry`: TypeScript members.
    Camel,
    /// `roster_entry`: Rust fields, functions and modules.
    Snake,
    /// `ROSTER_ENTRY`: constants.
    ScreamingSnake,
}

/// What the identifier is called when the text has no identifier characters at all
/// (`""`, `"-"`, `"□"`), before case conversion.
const EMPTY: &str = "empty";

/// Converts `original` into an identifier in `case`, valid under Unicode's identifier rules.
///
/// Language neutral: keywords are the caller's business (see [`rust_ident`]).
pub fn convert(original: &str, case: Case) -> String {
    let cased = match case {
        Case::Pascal => original.to_upper_camel_case(),
        Case::Camel => original.to_lower_camel_case(),
        Case::Snake => original.to_snake_case(),
        Case::ScreamingSnake => original.to_shouty_snake_case(),
    };
    // heck keeps every alphanumeric character, some of which (`²`, `Ⅻ` in some positions)
    // cannot continue an identifier.
    let mut ident: String = cased
        .chars()
        .filter(|&c| c == '_' || unicode_ident::is_xid_continue(c))
        .collect();
    if ident.trim_matches('_').is_empty() {
        return convert(EMPTY, case);
    }
    if ident.starts_with(|c: char| !(c == '_' || unicode_ident::is_xid_start(c))) {
        ident.insert(0, '_');
    }
    ident
}

/// A Rust identifier made from documentation text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustIdent {
    /// The identifier as written in code, `r#type` for a keyword.
    pub name: String,
    /// The original text, when serde would not produce it from `name` by itself (serde strips
    /// `r#`), so a `#[serde(rename = "...")]` is needed.
    pub rename: Option<String>,
}

impl RustIdent {
    /// The identifier as a token.
    pub fn to_ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        match self.name.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, span),
            None => proc_macro2::Ident::new(&self.name, span),
        }
    }

    /// The identifier without the `r#` of a raw identifier.
    pub fn unraw(&self) -> &str {
        self.name.strip_prefix("r#").unwrap_or(&self.name)
    }
}

/// Words reserved in any Rust edition up to 2024, strict and reserved-for-future alike.
const RUST_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Converts `original` into a Rust identifier in `case`.
///
/// Keywords become raw identifiers (`r#type`, `r#gen`); the four that cannot be raw get a
/// suffix instead (`self_`, `crate_`, and `SelfValue`, since `Self_` is not Pascal case).
pub fn rust_ident(original: &str, case: Case) -> RustIdent {
    let name = keyword_safe(convert(original, case), case);
    let unraw = name.strip_prefix("r#").unwrap_or(&name);
    let rename = (unraw != original).then(|| original.to_owned());
    RustIdent { name, rename }
}

/// A type name chosen already (by `emit::model`, in Pascal case, from [`convert`]) as a Rust
/// identifier: kept as it is, keywords aside, so every language spells it alike.
pub fn rust_type_ident(name: &str) -> RustIdent {
    RustIdent {
        name: keyword_safe(name.to_owned(), Case::Pascal),
        rename: None,
    }
}

fn keyword_safe(converted: String, case: Case) -> String {
    if NOT_RAW.contains(&converted.as_str()) {
        match case {
            Case::Pascal => format!("{converted}Value"),
            Case::Camel | Case::Snake | Case::ScreamingSnake => format!("{converted}_"),
        }
    } else if RUST_KEYWORDS.contains(&converted.as_str()) {
        format!("r#{converted}")
    } else {
        converted
    }
}

/// Two texts that became the same identifier in one scope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{scope}: {first} and {second} both become the identifier `{ident}`")]
pub struct Collision {
    /// The scope, e.g. `apex_legends::InfoUpdate variants`.
    pub scope: String,
    pub ident: String,
    /// The text that claimed the identifier first, quoted, or a note that it is generated.
    pub first: String,
    pub second: String,
}

/// The identifiers of one scope (the variants of an enum, the fields of a struct, ...).
#[derive(Debug, Clone)]
pub struct Namespace {
    scope: String,
    /// Identifier (without `r#`) -> who claimed it.
    taken: BTreeMap<String, Claimant>,
}

#[derive(Debug, Clone)]
enum Claimant {
    Text(String),
    Generated,
}

impl Claimant {
    fn describe(&self) -> String {
        match self {
            Claimant::Text(text) => format!("{text:?}"),
            Claimant::Generated => "the generated item".to_owned(),
        }
    }
}

impl Namespace {
    /// An empty scope; `scope` names it in collision messages.
    pub fn new(scope: impl Into<String>) -> Self {
        Self {
            scope: scope.into(),
            taken: BTreeMap::new(),
        }
    }

    /// Reserves identifiers the emitter itself puts in this scope (`Unknown`, `Other`).
    pub fn with_reserved(mut self, idents: &[&str]) -> Self {
        for ident in idents {
            self.taken.insert((*ident).to_owned(), Claimant::Generated);
        }
        self
    }

    /// Claims `ident` for `original`. Claiming the same identifier again for the same text
    /// is fine (a value listed twice); for another text it is a [`Collision`].
    pub fn claim(&mut self, original: &str, ident: &str) -> Result<(), Collision> {
        let key = ident.strip_prefix("r#").unwrap_or(ident);
        match self.taken.get(key) {
            None => {
                self.taken
                    .insert(key.to_owned(), Claimant::Text(original.to_owned()));
                Ok(())
            }
            Some(Claimant::Text(text)) if text == original => Ok(()),
            Some(claimant) => Err(Collision {
                scope: self.scope.clone(),
                ident: key.to_owned(),
                first: claimant.describe(),
                second: format!("{original:?}"),
            }),
        }
    }

    /// [`rust_ident`] followed by [`Namespace::claim`].
    pub fn claim_rust(&mut self, original: &str, case: Case) -> Result<RustIdent, Collision> {
        let ident = rust_ident(original, case);
        self.claim(original, &ident.name)?;
        Ok(ident)
    }
}

/// Texts that name what sets `text` apart from another text with the same identifier, most
/// readable first: its punctuation spelled out (`#PL_TRIO` beside `PL_TRIO` gives
/// `hash PL_TRIO`), then, for an all-lowercase or all-uppercase text, its case (`dock` beside
/// `Dock` gives `dock lowercase`). Empty when neither says anything.
pub fn distinguishing_texts(text: &str) -> Vec<String> {
    let spelled = spell_punctuation(text);
    let mut texts = Vec::new();
    if spelled != text {
        texts.push(spelled.clone());
    }
    if text.chars().any(char::is_alphabetic) {
        if !text.chars().any(char::is_uppercase) {
            texts.push(format!("{spelled} lowercase"));
        } else if !text.chars().any(char::is_lowercase) {
            texts.push(format!("{spelled} uppercase"));
        }
    }
    texts
}

/// `text` with each ASCII punctuation character other than `_` replaced by its name, as a
/// word of its own.
pub fn spell_punctuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let name = match c {
            '#' => "hash",
            '.' => "dot",
            '-' => "minus",
            '+' => "plus",
            '/' => "slash",
            '\\' => "backslash",
            ':' => "colon",
            ';' => "semicolon",
            ',' => "comma",
            '!' => "bang",
            '?' => "question",
            '@' => "at",
            '$' => "dollar",
            '%' => "percent",
            '&' => "and",
            '*' => "star",
            '=' => "equals",
            '<' => "lt",
            '>' => "gt",
            '(' | ')' => "paren",
            '[' | ']' => "bracket",
            '{' | '}' => "brace",
            '\'' | '"' | '`' => "quote",
            '|' => "pipe",
            '~' => "tilde",
            '^' => "caret",
            ' ' => "space",
            c => {
                out.push(c);
                continue;
            }
        };
        out.push(' ');
        out.push_str(name);
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_doc_text_to_each_case() {
        #[rustfmt::skip]
        let table: &[(&str, Case, &str)] = &[
            ("roster_XX", Case::Pascal, "RosterXx"),
            ("isTeammate", Case::Snake, "is_teammate"),
            ("isTeammate", Case::Pascal, "IsTeammate"),
            ("team_id", Case::Camel, "teamId"),
            ("match-state", Case::Snake, "match_state"),
            ("match-state", Case::Pascal, "MatchState"),
            ("Bleed Out", Case::Pascal, "BleedOut"),
            ("PL_FIRINGRANGE", Case::Pascal, "PlFiringrange"),
            ("#PL_TRIO", Case::Pascal, "PlTrio"),
            ("mp_rr_arena_skygarden ", Case::Pascal, "MpRrArenaSkygarden"),
            ("30-30 Repeater", Case::Pascal, "_3030Repeater"),
            ("2kill", Case::Snake, "_2kill"),
            ("2kill", Case::Pascal, "_2kill"),
            ("7", Case::Pascal, "_7"),
            ("Kraber .50-cal Sniper", Case::ScreamingSnake, "KRABER_50_CAL_SNIPER"),
            ("naïve_ключ", Case::Snake, "naïve_ключ"),
            ("x²", Case::Snake, "x"),
            ("", Case::Pascal, "Empty"),
            ("□", Case::Snake, "empty"),
            ("*/", Case::Camel, "empty"),
        ];
        for &(original, case, expected) in table {
            assert_eq!(
                convert(original, case),
                expected,
                "{original:?} as {case:?}"
            );
        }
    }

    #[test]
    fn rust_keywords_become_raw_or_get_a_suffix() {
        #[rustfmt::skip]
        let table: &[(&str, Case, &str, Option<&str>)] = &[
            ("type", Case::Snake, "r#type", None),
            ("break", Case::Snake, "r#break", None),
            ("match", Case::Snake, "r#match", None),
            ("gen", Case::Snake, "r#gen", None),
            ("async", Case::Snake, "r#async", None),
            ("try", Case::Snake, "r#try", None),
            ("self", Case::Snake, "self_", Some("self")),
            ("super", Case::Snake, "super_", Some("super")),
            ("crate", Case::Snake, "crate_", Some("crate")),
            ("Self", Case::Pascal, "SelfValue", Some("Self")),
            ("self", Case::Pascal, "SelfValue", Some("self")),
            ("Type", Case::Snake, "r#type", Some("Type")),
            ("type", Case::Pascal, "Type", Some("type")),
            ("team_id", Case::Snake, "team_id", None),
            ("isTeammate", Case::Snake, "is_teammate", Some("isTeammate")),
            ("2kill", Case::Snake, "_2kill", Some("2kill")),
            ("match-state", Case::Snake, "match_state", Some("match-state")),
        ];
        for &(original, case, name, rename) in table {
            let ident = rust_ident(original, case);
            assert_eq!(ident.name, name, "{original:?} as {case:?}");
            assert_eq!(ident.rename.as_deref(), rename, "{original:?} as {case:?}");
            // Every result must be accepted by the Rust parser as an identifier.
            let token = ident.to_ident();
            syn::parse2::<syn::Ident>(quote::quote!(#token))
                .unwrap_or_else(|e| panic!("{original:?} gave invalid `{name}`: {e}"));
        }
    }

    #[test]
    fn collisions_name_both_texts() {
        let mut names = Namespace::new("Phase values").with_reserved(&["Other"]);
        assert_eq!(
            names.claim_rust("Bleed Out", Case::Pascal).unwrap().name,
            "BleedOut"
        );
        // The same text twice (a value listed twice on the page) is not a collision.
        assert!(names.claim_rust("Bleed Out", Case::Pascal).is_ok());
        let collision = names.claim_rust("Bleed_out", Case::Pascal).unwrap_err();
        assert_eq!(
            collision.to_string(),
            "Phase values: \"Bleed Out\" and \"Bleed_out\" both become the identifier \
             `BleedOut`"
        );
        let collision = names.claim_rust("other", Case::Pascal).unwrap_err();
        assert_eq!(collision.first, "the generated item");
        assert_eq!(collision.second, "\"other\"");
    }

    #[test]
    fn raw_and_plain_spellings_collide() {
        let mut fields = Namespace::new("fields");
        fields.claim_rust("type", Case::Snake).unwrap();
        let collision = fields.claim_rust("Type", Case::Snake).unwrap_err();
        assert_eq!(collision.ident, "type");
    }
}
