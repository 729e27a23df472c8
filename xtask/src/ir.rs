//! The game IR: what one documentation page says, typed.
//!
//! This is the contract between the parser and every emitter, and the shape of the reviewed
//! `spec/<slug>.yaml` files. Everything is ordered (pages are read top to bottom, maps are
//! sorted or keep page order), so serialising the same IR twice gives the same bytes.

use serde::{Deserialize, Serialize};

use crate::json::Json;

/// The IR of one documentation page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GameIr {
    pub source: Source,
    pub game: Game,
    pub features: Vec<Feature>,
    /// Maintainer corrections from `spec/overrides/<slug>.yaml` that were applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<AppliedOverride>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where the page came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub format: Format,
}

/// The three generations of the docs format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Docusaurus v1 Markdown.
    Markdown,
    /// MDX with front matter, `<head>` and `<GameInfo gameId={...} />`.
    Mdx,
    /// Text flattened out of the rendered site: no `#` headings, no code fences.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Game {
    /// Stable identifier, e.g. `apex-legends`; names the spec and generated files.
    pub slug: String,
    pub title: String,
    /// Overwolf game id; `None` where neither the page nor `spec/games.toml` states it.
    pub id: Option<u64>,
}

/// One entry of the page's "Available Features" list, with its section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    pub name: String,
    /// Line of the feature's heading; `None` for a listed feature that has no section.
    pub line: Option<u32>,
    pub info_updates: Vec<InfoUpdate>,
    pub events: Vec<Event>,
    /// Note sections in this feature that name no key or event of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// One row of an "Info Updates" table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InfoUpdate {
    /// The key as the page writes it (`roster_XX` for a family).
    pub key: String,
    /// Set when `key` names a family of indexed keys (`roster_0`, `roster_1`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<KeyFamily>,
    pub category: String,
    /// The "Since GEP Ver." cell exactly as written.
    pub since: Option<String>,
    /// The "Values" cell.
    pub description: String,
    /// The "Notes" cell, when it says more than "See notes".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    pub value: ValueType,
    /// The note section tied to this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
    /// Line of the table row.
    pub line: u32,
}

/// How an info key is addressed on the wire: the key, or a family's prefix and suffix and what
/// varies between its keys, whatever placeholder the page writes (`roster_XX` and `roster_X`
/// are one key).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WireKey {
    Exact(String),
    Family {
        prefix: String,
        suffix: String,
        member: FamilyMember,
    },
}

impl WireKey {
    /// The wire key of a row that writes `key`, in `family` when it names one.
    pub fn of(key: &str, family: Option<&KeyFamily>) -> WireKey {
        match family {
            Some(KeyFamily {
                prefix,
                suffix,
                placeholder: _,
                member,
            }) => WireKey::Family {
                prefix: prefix.clone(),
                suffix: suffix.clone(),
                member: *member,
            },
            None => WireKey::Exact(key.to_owned()),
        }
    }
}

impl InfoUpdate {
    /// The key as the wire addresses it.
    pub fn wire_key(&self) -> WireKey {
        WireKey::of(&self.key, self.family.as_ref())
    }

    /// How closely this row documents the wire key `key`, sent in `category` (when the
    /// envelope names one): written as such (0), as a key of an index family (1) or of a name
    /// family (2), which holds any key of its own category only; `None` when it does not. Of
    /// several rows, the closest documents the key.
    pub fn closeness(&self, category: Option<&str>, key: &str) -> Option<u8> {
        if self.key == key {
            return Some(0);
        }
        let family = self.family.as_ref()?;
        let in_reach = family.member.is_index() || category == Some(self.category.as_str());
        (in_reach && family.contains(key)).then(|| KeyFamily::precedence(Some(family)))
    }
}

/// One row of an "Events" table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub name: String,
    /// The "Since GEP Ver." cell exactly as written.
    pub since: Option<String>,
    /// The "Fired When" cell.
    pub description: String,
    /// The "Event Data" cell.
    pub data_description: String,
    /// The "Notes" cell, when it says more than "See notes".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    pub data: ValueType,
    /// The note section tied to this event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
    /// Line of the table row.
    pub line: u32,
}

/// A family of keys that differ by one part: an index (`roster_XX` stands for `roster_0`,
/// `roster_1`, ...) or a name the data gives (`[deck_id]` stands for `Mage`, `Rogue`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFamily {
    /// Text before the varying part, e.g. `roster_`.
    pub prefix: String,
    /// Text after the varying part, usually empty.
    pub suffix: String,
    /// The placeholder as written, e.g. `XX`.
    pub placeholder: String,
    /// What the placeholder stands for.
    #[serde(default, skip_serializing_if = "FamilyMember::is_index")]
    pub member: FamilyMember,
}

/// What varies between the keys of a family.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FamilyMember {
    /// A run of digits (`roster_12`).
    #[default]
    Index,
    /// Any non-empty text, such as a deck's id: the key is data, not a name the page lists.
    Name,
}

impl FamilyMember {
    pub fn is_index(&self) -> bool {
        *self == FamilyMember::Index
    }
}

impl KeyFamily {
    /// The part of `key` that stands in the placeholder, if `key` belongs to this family:
    /// a run of digits for an index family, any non-empty text for a name family.
    ///
    /// A name family with neither prefix nor suffix holds every key of its category, so
    /// a key the page lists by itself must be looked up before any family (see
    /// [`KeyFamily::precedence`]).
    pub fn member<'k>(&self, key: &'k str) -> Option<&'k str> {
        let part = key
            .strip_prefix(self.prefix.as_str())?
            .strip_suffix(self.suffix.as_str())?;
        let fits = match self.member {
            // As the decoders read it: digits that fit a `u32`.
            FamilyMember::Index => {
                part.bytes().all(|b| b.is_ascii_digit()) && part.parse::<u32>().is_ok()
            }
            FamilyMember::Name => true,
        };
        (!part.is_empty() && fits).then_some(part)
    }

    /// Whether `key` belongs to this family.
    pub fn contains(&self, key: &str) -> bool {
        self.member(key).is_some()
    }

    /// The index of `key` in an index family, if `key` belongs to it.
    pub fn index_of(&self, key: &str) -> Option<u32> {
        match self.member {
            FamilyMember::Index => self.member(key)?.parse().ok(),
            FamilyMember::Name => None,
        }
    }

    /// The order in which a key is tried against the entries of a category: the keys the page
    /// lists by themselves (0), then index families (1), then name families (2), which hold
    /// whatever is left.
    pub fn precedence(family: Option<&KeyFamily>) -> u8 {
        match family.map(|family| family.member) {
            None => 0,
            Some(FamilyMember::Index) => 1,
            Some(FamilyMember::Name) => 2,
        }
    }

    /// A key of the family standing for it in an example: index 0 (`roster_0`), or for a
    /// name family the placeholder's word (`deck_id`).
    pub fn first_key(&self) -> String {
        let member = match self.member {
            FamilyMember::Index => "0".to_owned(),
            FamilyMember::Name => self
                .placeholder
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_owned(),
        };
        format!("{}{member}{}", self.prefix, self.suffix)
    }

    /// An anchored regular expression (ECMA and Rust syntax) matching the family's keys.
    pub fn pattern(&self) -> String {
        let member = match self.member {
            FamilyMember::Index => "[0-9]+",
            FamilyMember::Name => ".+",
        };
        format!(
            "^{}{member}{}$",
            escape_regex(&self.prefix),
            escape_regex(&self.suffix)
        )
    }
}

fn escape_regex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$/-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A note section (`#### *key* note`): prose, "Possible values" and data examples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The name the heading gives (usually the key or event name).
    pub name: String,
    pub line: u32,
    /// The prose, one paragraph or list item per line, as plain text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_values: Vec<EnumValue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// A data example as the page writes it, and what could be read from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub line: u32,
    /// The text exactly as on the page.
    pub raw: String,
    pub status: ExampleStatus,
    /// The example out of its envelope: one payload per key of an `info` envelope or per event
    /// of an `events` one, none when it could not be read. The text is kept once however
    /// many payloads it holds, so an example's share of the IR grows with its length alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payloads: Vec<Payload>,
}

impl Note {
    /// The payloads of all its examples, one at a time (see [`Example::each_payload`]).
    pub fn each_payload(&self) -> impl Iterator<Item = ExamplePayload<'_>> {
        self.examples.iter().flat_map(Example::each_payload)
    }
}

impl Example {
    /// The payloads one at a time, each with the example's line and status; an example that
    /// could not be read, or that only shows a structure or an item of the value, is one item
    /// without a payload.
    pub fn each_payload(&self) -> impl Iterator<Item = ExamplePayload<'_>> {
        let part = matches!(
            self.status,
            ExampleStatus::Structure | ExampleStatus::Element
        );
        let payloads = if part { &[][..] } else { &self.payloads[..] };
        let unread = payloads.is_empty().then_some(None);
        (payloads.iter().map(Some).chain(unread)).map(|payload| ExamplePayload {
            line: self.line,
            status: self.status,
            payload,
        })
    }
}

/// One payload of an [`Example`]: what the emitters show, check and place one at a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExamplePayload<'a> {
    pub line: u32,
    pub status: ExampleStatus,
    /// `None` for an example that could not be read or that only shows a structure.
    pub payload: Option<&'a Payload>,
}

/// How far the lenient JSON reader got with an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExampleStatus {
    /// Valid JSON as written.
    Valid,
    /// Read after repairing unambiguous slips (unescaped inner quotes, trailing commas, ...).
    Repaired,
    /// Read from an excerpt whose `...` jumps across brackets (and maybe after other
    /// repairs): what the jump cut through is left out, so its objects show some of their
    /// fields, not all.
    Excerpt,
    /// Not JSON, but a plain value (`'hangar_v2'`, a bare id).
    Literal,
    /// The shape of a value with placeholders for its values (`{"team": teamId}`): its field
    /// names and types are evidence, but it is no value a game sends.
    Structure,
    /// One item of an array the page says the value is (see [`crate::infer`]): evidence for the
    /// items' type, no whole value.
    Element,
    /// Could not be read; reported as a diagnostic.
    Unreadable,
}

/// An example normalised out of its envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payload {
    /// An `onInfoUpdates2` update, nested (`{"info":{cat:{key:v}},"feature"}`) or flat.
    Info {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        feature: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<String>,
        key: String,
        value: WireValue,
    },
    /// An `onNewEvents` event (`{"events":[{"name","data"}]}`).
    Event { name: String, data: WireValue },
    /// A bare value without an envelope.
    Bare { value: WireValue },
}

/// A value as it travels on the wire, and the JSON document inside it when it is a string
/// holding JSON (`"roster_3":"{\"name\":...}"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireValue {
    pub wire: Json,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoded: Option<Json>,
}

impl WireValue {
    /// The value an app works with: the decoded document if any, else the wire value.
    pub fn effective(&self) -> &Json {
        self.decoded.as_ref().unwrap_or(&self.wire)
    }
}

/// One value of an open enumeration.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnumValue {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Other spellings of the same value (`#PL_DUO` for a listed `PL_DUO`): they decode to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl EnumValue {
    /// A value without description or aliases.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            description: None,
            aliases: Vec::new(),
        }
    }

    /// Every spelling that decodes to this value, the value itself first.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.value.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The inferred type of an info value or event data, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueType {
    #[serde(flatten)]
    pub shape: Shape,
    /// How the value is carried on the wire.
    #[serde(default, skip_serializing_if = "Encoding::is_native")]
    pub encoding: Encoding,
    /// Seen as `null` or `""`: GEP resets info this way between matches.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    /// What the type was inferred from.
    #[serde(default, skip_serializing_if = "Evidence::is_default")]
    pub evidence: Evidence,
}

/// The shape of a value, as an app sees it after decoding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Shape {
    /// Any JSON value: the evidence never showed one (only `null`, `""` or the items of empty
    /// arrays), so nothing may be rejected.
    Any,
    /// Always `null`, `""` or absent, as the table states (an examples' `null` says less: see
    /// [`Shape::Any`]).
    Null,
    Boolean,
    Integer,
    Float,
    String,
    /// An open enumeration: other values may appear and must still decode.
    Enum {
        values: Vec<EnumValue>,
    },
    Object {
        fields: Vec<Field>,
    },
    Array {
        items: Box<ValueType>,
    },
    /// An object keyed by data (player names, indexes), not by field names: any keys, each
    /// value of one type.
    Map {
        values: Box<ValueType>,
    },
}

/// A field of a JSON payload object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The name as on the wire.
    pub name: String,
    #[serde(flatten)]
    pub value: ValueType,
    /// Missing from some examples of the same payload.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

/// How a value is carried on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// As the JSON type itself.
    #[default]
    Native,
    /// As a string: a number or boolean spelled out (`"15"`, `"true"`), or a JSON document
    /// inside a string (`"{\"x\":1}"`).
    String,
}

impl Encoding {
    pub fn is_native(&self) -> bool {
        *self == Encoding::Native
    }
}

/// What a type was inferred from, strongest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Evidence {
    /// Data examples, by line.
    Examples { lines: Vec<u32> },
    /// A "Possible values" list in the note at this line.
    PossibleValues { line: u32 },
    /// The table's Values or Event Data cell.
    Cell { text: String },
    /// Field lists like `{enemyTeam: boolean}` in the note at this line.
    NoteFields { line: u32 },
    /// Nothing said more: a plain string.
    #[default]
    Default,
}

impl Evidence {
    pub fn is_default(&self) -> bool {
        *self == Evidence::Default
    }
}

/// A maintainer correction that was applied, kept so the review shows why the IR differs
/// from the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedOverride {
    /// What was changed, e.g. `roster/roster_XX/since`.
    pub target: String,
    pub reason: String,
}

/// Something the reader of the page should know or fix, tied to a line of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line in the page; `None` for findings about the page as a whole.
    pub line: Option<u32>,
    pub code: Code,
    /// What is wrong and what to do about it.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Diagnostic codes; stable, because tests and summaries count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A table row has fewer cells than its header.
    ShortRow,
    /// A table row has more cells than its header.
    LongRow,
    /// A row continued on the next line was joined back together.
    JoinedRow,
    /// A table row that is neither an info key nor an event (no name, unknown table).
    UnrecognisedRow,
    /// A table whose header is neither an info-updates nor an events table.
    UnknownTable,
    /// A table under an Events heading written with the Info Updates header.
    MislabelledTable,
    /// A table row that lies outside any feature section.
    RowOutsideFeature,
    /// The same key or event appears twice in one feature.
    DuplicateEntry,
    /// A "Since" cell that is not a version.
    UnreadableVersion,
    /// A version that parses but looks like a typo (`0.130` for `130.0`).
    SuspiciousVersion,
    /// The version was found in another cell than "Since".
    ShiftedCell,
    /// A feature in "Available Features" with no section on the page.
    MissingSection,
    /// A feature section that "Available Features" does not list.
    UnlistedFeature,
    /// A note section that names no key or event of its feature.
    OrphanNote,
    /// An example that the lenient reader could not read.
    UnreadableExample,
    /// An example read only after repairs.
    RepairedExample,
    /// An example that shows placeholders (`"team": teamId`) where values go: read as the
    /// value's structure.
    StructureExample,
    /// An example whose feature, category or key contradicts its table.
    ExampleMismatch,
    /// The page states another game id than `spec/games.toml`.
    GameIdMismatch,
    /// The page has no tables at all.
    NoTables,
    /// The page or a section looks cut short.
    Truncated,
    /// An override that matches nothing on the page any more.
    StaleOverride,
    /// The file is not valid UTF-8; the bad bytes were replaced.
    InvalidUtf8,
    /// Two features, keys or events whose names become the same type name; told apart.
    NameClash,
    /// An unresolved merge conflict (`<<<<<<<` … `>>>>>>>`) left in the page.
    MergeConflict,
}

impl Code {
    /// Whether the diagnostic is all that is left of a table row that became no entry.
    pub fn stands_for_a_row(self) -> bool {
        matches!(
            self,
            Code::DuplicateEntry | Code::UnrecognisedRow | Code::RowOutsideFeature
        )
    }

    /// The kebab-case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::ShortRow => "short-row",
            Code::LongRow => "long-row",
            Code::JoinedRow => "joined-row",
            Code::UnrecognisedRow => "unrecognised-row",
            Code::UnknownTable => "unknown-table",
            Code::MislabelledTable => "mislabelled-table",
            Code::RowOutsideFeature => "row-outside-feature",
            Code::DuplicateEntry => "duplicate-entry",
            Code::UnreadableVersion => "unreadable-version",
            Code::SuspiciousVersion => "suspicious-version",
            Code::ShiftedCell => "shifted-cell",
            Code::MissingSection => "missing-section",
            Code::UnlistedFeature => "unlisted-feature",
            Code::OrphanNote => "orphan-note",
            Code::UnreadableExample => "unreadable-example",
            Code::RepairedExample => "repaired-example",
            Code::StructureExample => "structure-example",
            Code::ExampleMismatch => "example-mismatch",
            Code::GameIdMismatch => "game-id-mismatch",
            Code::NoTables => "no-tables",
            Code::Truncated => "truncated",
            Code::StaleOverride => "stale-override",
            Code::InvalidUtf8 => "invalid-utf8",
            Code::NameClash => "name-clash",
            Code::MergeConflict => "merge-conflict",
        }
    }
}

impl Diagnostic {
    pub fn warning(line: impl Into<Option<u32>>, code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            line: line.into(),
            code,
            message: message.into(),
        }
    }

    pub fn info(line: impl Into<Option<u32>>, code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Info,
            ..Self::warning(line, code, message)
        }
    }

    pub fn error(line: impl Into<Option<u32>>, code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            ..Self::warning(line, code, message)
        }
    }
}

impl GameIr {
    /// Every data example on the page, with the feature and entry it belongs to.
    pub fn examples(&self) -> impl Iterator<Item = (&Feature, EntryRef<'_>, &Example)> {
        self.features.iter().flat_map(|feature| {
            let infos = feature
                .info_updates
                .iter()
                .map(EntryRef::Info)
                .filter_map(|e| e.note().map(|n| (e, n)));
            let events = feature
                .events
                .iter()
                .map(EntryRef::Event)
                .filter_map(|e| e.note().map(|n| (e, n)));
            infos.chain(events).flat_map(move |(entry, note)| {
                note.examples.iter().map(move |x| (feature, entry, x))
            })
        })
    }
}

/// A borrowed info key or event.
#[derive(Debug, Clone, Copy)]
pub enum EntryRef<'a> {
    Info(&'a InfoUpdate),
    Event(&'a Event),
}

impl<'a> EntryRef<'a> {
    pub fn name(self) -> &'a str {
        match self {
            EntryRef::Info(info) => &info.key,
            EntryRef::Event(event) => &event.name,
        }
    }

    pub fn note(self) -> Option<&'a Note> {
        match self {
            EntryRef::Info(info) => info.note.as_ref(),
            EntryRef::Event(event) => event.note.as_ref(),
        }
    }

    pub fn value(self) -> &'a ValueType {
        match self {
            EntryRef::Info(info) => &info.value,
            EntryRef::Event(event) => &event.data,
        }
    }
}
