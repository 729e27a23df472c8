//! Stage 2: [`Page`] blocks to features, info keys, events and notes.
//!
//! Walks the blocks once, keeping track of the feature, the table kind and the note being
//! read. Every table row ends up as an entry or as a diagnostic naming its line. Types are
//! left at their default here; [`crate::infer`] fills them in from what is collected.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use crate::ir::{
    Code, Diagnostic, EnumValue, Event, Evidence, Example, ExampleStatus, FamilyMember, Feature,
    InfoUpdate, KeyFamily, Note, Payload, Shape, ValueType, WireValue,
};
use crate::json::Json;
use crate::parse::table::{Row, Table};
use crate::parse::{
    contains_ignore_case, example_run_len, starts_with_ignore_case, Block, BlockKind, Page,
};
use crate::{examples, lenient, SHORT_LIST};

/// What extraction found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub features: Vec<Feature>,
    pub diagnostics: Vec<Diagnostic>,
    /// Number of table body rows seen, for accounting.
    pub rows: usize,
}

/// Extracts features, entries and notes from a page.
pub fn extract(page: &Page) -> Extracted {
    let mut walker = Walker::default();
    // Rows mostly become entries: size their index once.
    let rows = (page.blocks.iter())
        .map(|block| match &block.kind {
            BlockKind::Table(table) => table.rows.len(),
            _ => 0,
        })
        .sum();
    walker.entry_lines.reserve(rows);
    let listed = available_features(&page.blocks);
    // Sets for the lookups below: a page may list thousands of features.
    let listed_names: FastSet<&str> = listed.iter().map(|(name, _)| name.as_str()).collect();
    for block in &page.blocks {
        walker.block(block, &listed_names);
    }
    walker.close_note();
    let Walker {
        mut features,
        mut diagnostics,
        notes,
        rows,
        tables,
        feature_indexes,
        ..
    } = walker;

    attach_notes(&mut features, notes, &mut diagnostics);
    unwrap_partial_envelopes(&mut features);
    families_from_examples(&mut features, &mut diagnostics);

    for (name, line) in &listed {
        // Every feature section is indexed by name.
        if !feature_indexes.contains_key(name.as_str()) {
            diagnostics.push(Diagnostic::warning(
                *line,
                Code::MissingSection,
                format!("feature `{name}` is listed under Available Features but has no section on the page; the page may be cut short, or the section is missing upstream"),
            ));
            features.push(Feature {
                name: name.clone(),
                line: None,
                info_updates: Vec::new(),
                events: Vec::new(),
                notes: Vec::new(),
            });
        }
    }
    if !listed.is_empty() {
        for feature in &features {
            if let Some(line) = feature.line {
                if !listed_names.contains(feature.name.as_str()) {
                    diagnostics.push(Diagnostic::info(
                        line,
                        Code::UnlistedFeature,
                        format!("feature section `{}` is not listed under Available Features; add it to the list if apps can require it", feature.name),
                    ));
                }
            }
        }
    }
    if tables == 0 {
        diagnostics.push(Diagnostic::warning(
            None,
            Code::NoTables,
            "the page has no Info Updates or Events tables; check that this is a game events page",
        ));
    }
    Extracted {
        features,
        diagnostics,
        rows,
    }
}

/// The "Available Features" list: names with their lines.
fn available_features(blocks: &[Block]) -> Vec<(String, u32)> {
    let Some(start) = blocks.iter().position(|b| match &b.kind {
        BlockKind::Heading { text, .. } | BlockKind::Paragraph { text } => {
            text.trim().eq_ignore_ascii_case("available features")
        }
        _ => false,
    }) else {
        return Vec::new();
    };
    let mut names: Vec<(String, u32)> = Vec::new();
    let mut seen: FastSet<Cow<'_, str>> = FastSet::default();
    for block in &blocks[start + 1..] {
        let BlockKind::ListItem { text } = &block.kind else {
            break;
        };
        let name = clean_name(text);
        if !name.is_empty() && seen.insert(name.clone()) {
            names.push((name.into_owned(), block.line));
        }
    }
    names
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TableKind {
    Info,
    Events,
}

/// A note section being read, not yet tied to its entry.
struct PendingNote {
    /// Index of the feature it appeared in, if any.
    feature: Option<usize>,
    note: Note,
    /// Inside a "Possible values" list.
    in_values: bool,
    /// After a "Data Example:" label: the next content is an example even if not JSON.
    expect_example: bool,
}

/// An entry's identity within its feature: info keys are told apart by key and category,
/// events by name.
#[derive(PartialEq, Eq, Hash)]
enum EntryKey {
    Info {
        feature: usize,
        key: String,
        category: String,
    },
    Event {
        feature: usize,
        name: String,
    },
}

#[derive(Default)]
struct Walker {
    features: Vec<Feature>,
    /// The index of each feature in `features`, by name.
    feature_indexes: FastMap<String, usize>,
    /// The line of each entry added so far, so that a duplicate row is found without
    /// scanning the feature's entries (which is quadratic in a long table).
    entry_lines: FastMap<EntryKey, u32>,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<PendingNote>,
    current_feature: Option<usize>,
    /// The "Info Updates" or "Events" heading the current tables stand under.
    current_section: Option<TableKind>,
    current_note: Option<PendingNote>,
    rows: usize,
    tables: usize,
}

impl Walker {
    fn block(&mut self, block: &Block, listed: &FastSet<&str>) {
        match &block.kind {
            BlockKind::Heading { level, text } => self.heading(*level, text, block.line, listed),
            BlockKind::Table(table) => {
                self.close_note();
                self.table(table);
            }
            BlockKind::Code { text } => self.example_text(text, block.line),
            BlockKind::Paragraph { text } => self.paragraph(text, block.line),
            BlockKind::ListItem { text } => self.list_item(text, block.line),
        }
    }

    fn heading(&mut self, level: u8, text: &str, line: u32, listed: &FastSet<&str>) {
        let name = clean_name(text);
        if let Some(section) = section_of_heading(&name) {
            self.close_note();
            self.current_section = Some(section);
            return;
        }
        if let Some(note_name) = note_heading_name(&name) {
            self.close_note();
            self.open_note(note_name, line);
            return;
        }
        if level <= 2 {
            self.close_note();
            let is_feature = listed.contains(&*name) || is_single_word(&name) && level == 2;
            self.current_feature = is_feature.then(|| self.feature_index(&name, line));
            self.current_section = None;
            return;
        }
        // Any other heading ("Event data example") is part of the note being read.
        if let Some(pending) = &mut self.current_note {
            push_line(&mut pending.note.text, &name);
        }
    }

    fn feature_index(&mut self, name: &str, line: u32) -> usize {
        if let Some(&index) = self.feature_indexes.get(name) {
            return index;
        }
        self.feature_indexes
            .insert(name.to_owned(), self.features.len());
        self.features.push(Feature {
            name: name.to_owned(),
            line: Some(line),
            info_updates: Vec::new(),
            events: Vec::new(),
            notes: Vec::new(),
        });
        self.features.len() - 1
    }

    fn open_note(&mut self, name: String, line: u32) {
        self.current_note = Some(PendingNote {
            feature: self.current_feature,
            note: Note {
                name,
                line,
                text: String::new(),
                possible_values: Vec::new(),
                examples: Vec::new(),
            },
            in_values: false,
            expect_example: false,
        });
    }

    fn close_note(&mut self) {
        if let Some(pending) = self.current_note.take() {
            self.notes.push(pending);
        }
    }

    /// The note that content goes to: the open one, or an unnamed one for the feature, so
    /// that examples written without a note heading are still kept.
    fn note(&mut self, line: u32) -> &mut PendingNote {
        if self.current_note.is_none() {
            let name = self
                .current_feature
                .map(|f| self.features[f].name.clone())
                .unwrap_or_default();
            self.open_note(name, line);
        }
        self.current_note.as_mut().expect("opened above")
    }

    fn example_text(&mut self, text: &str, line: u32) {
        if let Some(values) = examples::value_list(text) {
            let pending = self.note(line);
            pending.note.possible_values.extend(values);
            pending.expect_example = false;
            pending.in_values = false;
            return;
        }
        let (found, diagnostics) = examples::read_examples(text, line);
        self.diagnostics.extend(diagnostics);
        let pending = self.note(line);
        pending.note.examples.extend(found);
        pending.expect_example = false;
        pending.in_values = false;
    }

    fn paragraph(&mut self, text: &str, first_line: u32) {
        let mut lines = text.lines();
        let mut next_line = first_line;
        while let Some(raw) = lines.next() {
            let line = next_line;
            next_line += 1;
            let text = raw.trim();
            if text.is_empty() {
                continue;
            }
            if examples::looks_like_example(text) {
                // An example over several lines of a paragraph is one example.
                let run_lines = || std::iter::once(raw).chain(lines.clone());
                let run = example_run_len(run_lines());
                if run > 1 {
                    let joined = run_lines().take(run).collect::<Vec<_>>().join("\n");
                    self.example_text(&joined, line);
                    lines.nth(run - 2);
                    next_line += run as u32 - 1;
                } else {
                    self.example_text(raw, line);
                }
                continue;
            }
            if self.current_note.is_none() && self.current_feature.is_none() {
                continue;
            }
            let pending = self.note(line);
            let label = text.trim_end_matches(':').trim();
            if is_values_marker(label, &pending.note.name) {
                pending.in_values = true;
                pending.expect_example = false;
            } else if is_example_label(label) {
                pending.in_values = false;
                pending.expect_example = true;
            } else if pending.expect_example {
                pending.expect_example = false;
                self.example_text(text, line);
            } else if pending.in_values && is_group_label(text) {
                push_line(&mut pending.note.text, text);
            } else {
                pending.in_values = false;
                push_line(&mut pending.note.text, text);
            }
        }
    }

    fn list_item(&mut self, text: &str, line: u32) {
        if self.current_note.is_none() && self.current_feature.is_none() {
            return;
        }
        let pending = self.note(line);
        if pending.in_values {
            if let Some(value) = enum_value(text) {
                // Values listed twice are dropped once the whole page is read (see
                // `attach_notes`): checking each against the list so far is quadratic.
                pending.note.possible_values.push(value);
                return;
            }
        }
        push_line(
            &mut pending.note.text,
            &format!("- {}", text.trim().replace('`', "")),
        );
    }

    fn table(&mut self, table: &Table) {
        self.tables += 1;
        self.rows += table.rows.len();
        let header_kind = table_kind(&table.header);
        // An Events section whose table was written with the Info Updates header
        // (`key | Category | Values ...`): the heading says what the rows are.
        let mislabelled = self.current_section == Some(TableKind::Events)
            && header_kind == Some(TableKind::Info)
            && !table
                .header
                .iter()
                .any(|h| contains_ignore_case(h, "event"));
        if mislabelled {
            self.diagnostics.push(Diagnostic::info(
                table.line,
                Code::MislabelledTable,
                format!(
                    "table under an Events heading has an Info Updates header `{}`; its rows are read as events: give it the Events header (Event | Event Data | Fired When | Notes | Since GEP Ver.)",
                    table.header.join(" | ")
                ),
            ));
        }
        let kind = if mislabelled {
            Some(TableKind::Events)
        } else {
            header_kind
        };
        let Some(kind) = kind else {
            self.diagnostics.push(Diagnostic::warning(
                table.line,
                Code::UnknownTable,
                format!(
                    "table header `{}` is neither an Info Updates (key | Category | ...) nor an Events (Event | Event Data | ...) header; its {} row(s) are not read",
                    table.header.join(" | "),
                    table.rows.len()
                ),
            ));
            for row in &table.rows {
                self.diagnostics.push(Diagnostic::warning(
                    row.line,
                    Code::UnrecognisedRow,
                    format!(
                        "row `{}` is in a table gepgen cannot read (see the table's header)",
                        row.cells.join(" | ")
                    ),
                ));
            }
            return;
        };
        let Some(feature) = self.current_feature else {
            for row in &table.rows {
                self.diagnostics.push(Diagnostic::warning(
                    row.line,
                    Code::RowOutsideFeature,
                    format!("row `{}` is not inside a feature section; put the table under a `## feature` heading", row.cells.join(" | ")),
                ));
            }
            return;
        };
        let columns = Columns::new(&table.header, kind);
        // Rows mostly become entries: grow the feature's list once per table.
        match kind {
            TableKind::Info => self.features[feature]
                .info_updates
                .reserve(table.rows.len()),
            TableKind::Events => self.features[feature].events.reserve(table.rows.len()),
        }
        for row in &table.rows {
            for &joined in &row.joined {
                self.diagnostics.push(Diagnostic::info(
                    joined,
                    Code::JoinedRow,
                    format!(
                        "this line continues the row on line {}; keep each row on one line",
                        row.line
                    ),
                ));
            }
            let Some(cells) = columns.read(row, &mut self.diagnostics) else {
                continue;
            };
            let identity = match kind {
                TableKind::Info => EntryKey::Info {
                    feature,
                    key: cells.name.clone(),
                    category: cells.second.clone(),
                },
                TableKind::Events => EntryKey::Event {
                    feature,
                    name: cells.name.clone(),
                },
            };
            match self.entry_lines.entry(identity) {
                Entry::Occupied(first) => {
                    self.diagnostics
                        .push(duplicate(kind, &cells, row.line, *first.get()));
                    continue;
                }
                Entry::Vacant(slot) => {
                    slot.insert(row.line);
                }
            }
            let feature = &mut self.features[feature];
            match kind {
                TableKind::Info => add_info(feature, cells, row.line),
                TableKind::Events => add_event(feature, cells, row.line),
            }
        }
    }
}

fn push_line(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

/// Heading or list text without Markdown decoration: `*kill* note` → `kill note`. Most
/// headings have none, and are only trimmed.
fn clean_name(text: &str) -> Cow<'_, str> {
    fn trim(text: &str) -> &str {
        text.trim().trim_end_matches(':').trim()
    }
    if !text.bytes().any(|b| b == b'*' || b == b'`') {
        return Cow::Borrowed(trim(text));
    }
    let text: String = text.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    Cow::Owned(trim(&text).to_owned())
}

/// `text` without `suffix` at its end, ignoring ASCII case; `suffix` is ASCII.
fn strip_suffix_ignore_case<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let cut = text.len().checked_sub(suffix.len())?;
    // An ASCII match starts on a character boundary.
    (text.as_bytes()[cut..].eq_ignore_ascii_case(suffix.as_bytes())).then(|| &text[..cut])
}

/// The kind of table an "Info Updates" or "Events" heading announces.
fn section_of_heading(name: &str) -> Option<TableKind> {
    let is = |heading: &str| name.eq_ignore_ascii_case(heading);
    if is("info updates") || is("info update") {
        Some(TableKind::Info)
    } else if is("events") {
        Some(TableKind::Events)
    } else {
        None
    }
}

/// `kill note`, `roster_XX notes`, `"Bleed Out" note` → the name.
fn note_heading_name(heading: &str) -> Option<String> {
    let cut = ["notes", "note"]
        .iter()
        .find_map(|suffix| strip_suffix_ignore_case(heading, suffix))?;
    if !cut.ends_with(char::is_whitespace) {
        return None;
    }
    let name = heading[..cut.len()].trim().trim_matches(['"', '\'']).trim();
    (!name.is_empty() && name.split_whitespace().nth(3).is_none()).then(|| name.to_owned())
}

fn is_single_word(text: &str) -> bool {
    !text.is_empty() && !text.contains(char::is_whitespace)
}

/// Whether a paragraph line (trimmed, without its final `:`) opens a list of the values of
/// the key or event `name` (the note's): `Possible values`, `List of values`, or a short
/// lead-in with `possible`, up to two more words and a plural (`Possible game modes`,
/// `Possible states`, `In this case the possible values are`). Words that qualify `values`
/// must name the key (`Possible map values` in the note of `map`): `Possible platform values`
/// in the note of `roster` lists a field's values, as does `Action possible values`.
fn is_values_marker(label: &str, name: &str) -> bool {
    let listed = [
        "possible values",
        "list of possible values",
        "list of values",
    ]
    .iter()
    .any(|marker| starts_with_ignore_case(label, marker));
    if listed || label.eq_ignore_ascii_case("values") {
        return true;
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let Some(possible) = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("possible"))
    else {
        return false;
    };
    if possible > 0 && !words[possible - 1].eq_ignore_ascii_case("the") {
        return false;
    }
    let mut after = &words[possible + 1..];
    if let [rest @ .., last] = after {
        if last.eq_ignore_ascii_case("are") {
            after = rest;
        }
    }
    let Some((noun, qualifiers)) = after.split_last() else {
        return false;
    };
    let plural = noun.len() > 2
        && noun.ends_with('s')
        && noun.chars().all(|c| c.is_alphanumeric() || c == '_');
    let fold = |text: &str| -> String {
        (text.chars())
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let names_the_key = || {
        let (qualifier, name) = (fold(&qualifiers.concat()), fold(name));
        !name.is_empty() && (name.contains(&qualifier) || qualifier.contains(&name))
    };
    let qualified =
        qualifiers.is_empty() || !noun.eq_ignore_ascii_case("values") || names_the_key();
    words.len() <= 8 && after.len() <= 3 && plural && qualified
}

/// Whether a paragraph line (trimmed, without its final `:`) announces an example.
fn is_example_label(label: &str) -> bool {
    [
        "data example",
        "data examples",
        "event data example",
        "example",
        "examples",
        "event example",
        "info example",
        "data example for example",
    ]
    .iter()
    .any(|example| label.eq_ignore_ascii_case(example))
}

/// `Battle Royale -`, `Arena:`: a heading for a group of possible values.
fn is_group_label(text: &str) -> bool {
    let text = text.trim();
    (text.ends_with('-') || text.ends_with(':') || text.ends_with('–'))
        && text.split_whitespace().nth(4).is_none()
}

/// `english - English`, `"PL_DUO": "Duo",`, `"lobby"`, `DOTA_GAMERULES_STATE_INIT`. Members of
/// a JSON object (`"platform_hw":2,"platform_sw":2 = PC`) are no value.
fn enum_value(item: &str) -> Option<EnumValue> {
    let item = item.trim().trim_end_matches(',').trim();
    let member = (item.split_once("\":").map(|(_, rest)| rest.trim_start())).is_some_and(|rest| {
        let word = rest.split(|c: char| !c.is_ascii_alphabetic()).next();
        rest.starts_with(|c: char| c.is_ascii_digit() || c == '{' || c == '[')
            || matches!(word, Some("true" | "false" | "null"))
    });
    if member || item.matches("\":").count() > 1 {
        return None;
    }
    // One code span is the value, whatever side of the description it stands on
    // (`Multiplayer > Ranked: `MATCHMAKING_PVP_RANKED``).
    let spans: Vec<&str> = item.split('`').collect();
    if let [before, code, after] = spans.as_slice() {
        let code = code.trim();
        let separators = [':', '-', '–', '—', '=', ' ', ','];
        let description = format!(
            "{} {}",
            before.trim().trim_end_matches(separators),
            after.trim().trim_start_matches(separators)
        );
        let description = description.trim();
        return (!code.is_empty()).then(|| EnumValue {
            description: (!description.is_empty()).then(|| description.to_owned()),
            ..EnumValue::new(code)
        });
    }
    let unmarked;
    let item = if item.contains('`') {
        unmarked = item.replace('`', "");
        unmarked.as_str()
    } else {
        item
    };
    let (value, description) = if let Some(quoted) = item.strip_prefix('"') {
        let end = quoted.find('"')?;
        let rest = quoted[end + 1..].trim_start_matches([':', '-', '–', '—', '=', ' ', ',']);
        (&quoted[..end], rest.trim().trim_matches('"'))
    } else {
        // Split at the first separator, in one pass.
        const SEPARATORS: [&str; 5] = [" - ", " – ", " — ", " = ", ": "];
        (item.bytes().enumerate())
            .filter(|&(_, b)| b == b' ' || b == b':')
            .find_map(|(i, _)| {
                let rest = &item[i..];
                (SEPARATORS.iter())
                    .find(|sep| rest.starts_with(**sep))
                    .map(|sep| (&item[..i], &rest[sep.len()..]))
            })
            .unwrap_or((item, ""))
    };
    let (value, description) = match (value.trim(), description.trim()) {
        (value, "") => glossed(value).unwrap_or((value, "")),
        pair => pair,
    };
    if value.is_empty() {
        return None;
    }
    Some(EnumValue {
        description: (!description.is_empty()).then(|| description.to_owned()),
        ..EnumValue::new(value)
    })
}

/// `Breakout (Dropshot)`: one word and its gloss in parentheses, the value and its
/// description. Read whole, a list that adds a gloss to a value lost the value. Several words
/// before the parentheses (`Team Deathmatch (TDM)`) may be the value's name: kept whole.
fn glossed(item: &str) -> Option<(&str, &str)> {
    let (word, gloss) = item.strip_suffix(')')?.split_once(" (")?;
    let one_word = !word.is_empty() && !word.contains(char::is_whitespace);
    (one_word && !gloss.contains(['(', ')'])).then(|| (word, gloss.trim()))
}

fn table_kind(header: &[String]) -> Option<TableKind> {
    let first = header.first()?;
    if first.eq_ignore_ascii_case("key")
        || first.eq_ignore_ascii_case("keys")
        || header.iter().any(|h| h.eq_ignore_ascii_case("category"))
    {
        Some(TableKind::Info)
    } else if starts_with_ignore_case(first, "event")
        || header
            .iter()
            .any(|h| starts_with_ignore_case(h, "fired when"))
    {
        Some(TableKind::Events)
    } else {
        None
    }
}

/// Column positions of a table, from its header.
struct Columns {
    width: usize,
    name: usize,
    /// Category (info) or Event Data (events).
    second: Option<usize>,
    /// Values (info) or Fired When (events).
    description: Option<usize>,
    notes: Option<usize>,
    since: Option<usize>,
}

/// The cells of one row, after shifts were undone.
struct Cells {
    name: String,
    second: String,
    description: String,
    notes: String,
    since: Option<String>,
}

impl Columns {
    fn new(header: &[String], kind: TableKind) -> Self {
        let find = |pred: &dyn Fn(&str) -> bool| header.iter().position(|h| pred(h));
        let starts = |prefix: &'static str| move |h: &str| starts_with_ignore_case(h, prefix);
        let (second, description) = match kind {
            TableKind::Info => (find(&starts("categor")), find(&starts("value"))),
            TableKind::Events => (
                find(&|h| contains_ignore_case(h, "data")),
                find(&starts("fired")).or_else(|| find(&starts("value"))),
            ),
        };
        Self {
            width: header.len(),
            name: 0,
            second,
            description,
            notes: find(&starts("note")),
            since: find(&|h| {
                starts_with_ignore_case(h, "since") || contains_ignore_case(h, "version")
            }),
        }
    }

    fn read(&self, row: &Row, diagnostics: &mut Vec<Diagnostic>) -> Option<Cells> {
        // The row's cells are borrowed and each kept cell is copied once, into `Cells`.
        let line = row.line;
        let name = row.cells.get(self.name).unwrap_or_default().to_owned();
        if name.is_empty() {
            diagnostics.push(Diagnostic::warning(
                line,
                Code::UnrecognisedRow,
                format!(
                    "row `{}` has no name in its first column; fill it in or delete the row",
                    row.cells.join(" | ")
                ),
            ));
            return None;
        }
        if row.cells.len() < self.width {
            diagnostics.push(Diagnostic::warning(
                line,
                Code::ShortRow,
                format!(
                    "row `{name}` has {} cells, the header has {}; add the missing `|` cells",
                    row.cells.len(),
                    self.width
                ),
            ));
        }
        let mut extra = String::new();
        // Cells beyond the header's width are surplus.
        let kept = row.cells.len().min(self.width);
        let cell = |index: usize| (index < kept).then(|| row.cells.get(index)).flatten();
        let surplus: Vec<&str> = (row.cells.iter().skip(kept))
            .filter(|c| !c.is_empty())
            .collect();
        if !surplus.is_empty() {
            diagnostics.push(Diagnostic::warning(
                line,
                Code::LongRow,
                format!(
                    "row `{name}` has cells beyond the header (`{}`); they are kept in the remarks, remove the extra `|`",
                    surplus.join(" | ")
                ),
            ));
            extra = surplus.join("\n");
        }
        let mut since = (self.since.and_then(cell))
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        // A cell whose version was moved to `since`, and that reads as empty since.
        let mut shifted = None;
        if since.is_none() {
            // Rows with missing cells put the version wherever the row ended: look for it.
            shifted = (0..kept)
                .rev()
                .filter(|&i| i != self.name && Some(i) != self.since)
                .find(|&i| cell(i).is_some_and(is_version));
            if let Some(i) = shifted {
                let version = cell(i).unwrap_or_default().to_owned();
                diagnostics.push(Diagnostic::info(
                    line,
                    Code::ShiftedCell,
                    format!("row `{name}`: version `{version}` stands in column {} instead of the Since column; fix the row's cells", i + 1),
                ));
                since = Some(version);
            }
        }
        if let Some(version) = &since {
            check_version(&name, version, line, diagnostics);
        }
        let take = |index: Option<usize>| {
            (index.filter(|&i| Some(i) != shifted).and_then(cell))
                .unwrap_or_default()
                .to_owned()
        };
        let mut notes = take(self.notes);
        if !extra.is_empty() {
            push_line(&mut notes, &extra);
        }
        Some(Cells {
            name,
            second: take(self.second),
            description: take(self.description),
            notes,
            since,
        })
    }
}

/// A GEP version: digits separated by dots (`128.0`, `221.1.0`, `0.130`).
pub fn is_version(text: &str) -> bool {
    let text = text.strip_prefix('v').unwrap_or(text);
    // Two to four parts of one to six digits; one pass, stopping at the first other byte.
    let (mut parts, mut digits) = (1, 0);
    for b in text.bytes() {
        if b == b'.' && digits > 0 && parts < 4 {
            parts += 1;
            digits = 0;
        } else if b.is_ascii_digit() && digits < 6 {
            digits += 1;
        } else {
            return false;
        }
    }
    parts >= 2 && digits > 0
}

fn check_version(name: &str, version: &str, line: u32, diagnostics: &mut Vec<Diagnostic>) {
    if !is_version(version) {
        diagnostics.push(Diagnostic::warning(
            line,
            Code::UnreadableVersion,
            format!("`{name}`: `{version}` is not a GEP version like `128.0`; fix the Since cell"),
        ));
    } else if let Some(minor) = version.strip_prefix("0.") {
        let minor = minor.split('.').next().unwrap_or(minor);
        diagnostics.push(Diagnostic::warning(
            line,
            Code::SuspiciousVersion,
            format!("`{name}`: version `{version}` looks like `{minor}.0`; GEP versions do not start with 0, check the Since cell"),
        ));
    }
}

/// `See notes`, `Check notes`, empty: nothing to keep as a remark.
fn remark(notes: String) -> Option<String> {
    let text = notes.trim().trim_end_matches('.');
    let is_pointer = text.is_empty()
        || [
            "see notes",
            "see note",
            "check notes",
            "check note",
            "notes",
            "see below",
        ]
        .iter()
        .any(|pointer| text.eq_ignore_ascii_case(pointer));
    (!is_pointer).then_some(notes)
}

/// The family a key cell names: a key with an index placeholder (`roster_XX`, `teammate_X`,
/// `slot_x`, `player_N`, `player{n}`), or several spellings of one family (`team1 / team2`,
/// `player0 / player1 … playerN (N = number of players)`).
pub fn key_family(key: &str) -> Option<KeyFamily> {
    placeholder_family(key.trim()).or_else(|| spelled_family(key))
}

/// A key with one placeholder: a run of one to three `X` or `x`, or `N`, `n` or `#`, between
/// `_` and `_` or the end, stands for an index; so does a word in brackets that names one
/// (`{n}`, `<i>`, `[index]`). Any other word in brackets (`[deck_id]`, `player_{name}`) stands
/// for a name the data gives. A key with two placeholders (`cell_x_y`) is no family of one
/// index.
fn placeholder_family(key: &str) -> Option<KeyFamily> {
    let (start, end) = placeholder_at(key)?;
    let suffix = &key[end..];
    if placeholder_at(suffix).is_some() || second_coordinate(suffix) {
        return None;
    }
    let prefix = &key[..start];
    let identifier = |text: &str| {
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
    };
    let digit_free_edges = !prefix.ends_with(|c: char| c.is_ascii_digit())
        && !suffix.starts_with(|c: char| c.is_ascii_digit());
    let placeholder = &key[start..end];
    (identifier(prefix) && identifier(suffix) && digit_free_edges).then(|| KeyFamily {
        prefix: prefix.to_owned(),
        suffix: suffix.to_owned(),
        placeholder: placeholder.to_owned(),
        member: if names_index(placeholder) {
            FamilyMember::Index
        } else {
            FamilyMember::Name
        },
    })
}

/// Whether a placeholder stands for an index: `XX`, `N`, `#`, or a bracketed letter or word
/// that says so (`{n}`, `[index]`, `<num>`).
fn names_index(placeholder: &str) -> bool {
    let word = placeholder.trim_matches(['{', '}', '<', '>', '[', ']']);
    let index_words = [
        "idx", "index", "num", "number", "no", "nr", "nn", "xx", "xxx",
    ];
    word.chars().count() == 1
        || index_words
            .iter()
            .any(|index| word.eq_ignore_ascii_case(index))
}

/// Where the first placeholder of `key` is, if any: a bracketed word anywhere (`[deck_id]` may
/// be the whole key), an index run after an `_`.
fn placeholder_at(key: &str) -> Option<(usize, usize)> {
    let bytes = key.as_bytes();
    (0..bytes.len()).find_map(|i| {
        let b = bytes[i];
        if let Some(close) = match b {
            b'{' => Some(b'}'),
            b'<' => Some(b'>'),
            b'[' => Some(b']'),
            _ => None,
        } {
            let word = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'#')
                .count();
            let end = i + 1 + word;
            // `key<br>` is markup, not a placeholder.
            let markup = b == b'<'
                && [
                    "br", "b", "p", "em", "strong", "code", "span", "sup", "sub", "u", "s",
                ]
                .iter()
                .any(|tag| key[i + 1..end].eq_ignore_ascii_case(tag));
            return ((1..=32).contains(&word) && bytes.get(end) == Some(&close) && !markup)
                .then_some((i, end + 1));
        }
        if i == 0 || bytes[i - 1] != b'_' {
            return None;
        }
        let run = match b {
            b'X' | b'x' => bytes[i..].iter().take_while(|&&c| c == b).count().min(4),
            b'N' | b'n' | b'#' => 1,
            _ => return None,
        };
        let end = i + run;
        (run <= 3 && (end == bytes.len() || bytes[end] == b'_')).then_some((i, end))
    })
}

/// `_y` after an `_x` placeholder: the second index of a grid (`cell_x_y`).
fn second_coordinate(suffix: &str) -> bool {
    let mut parts = suffix.split('_').skip(1);
    parts
        .next()
        .is_some_and(|part| part.eq_ignore_ascii_case("y"))
}

/// Several spellings of one family in one key cell, separated by `/`, `,`, `…` or `...`: at
/// least two of them members with different indexes around the same text (`team1_score /
/// team2_score`), the others placeholders (`playerN`, even misspelt). A note in parentheses
/// is left out.
fn spelled_family(cell: &str) -> Option<KeyFamily> {
    let without_note = match (cell.find('('), cell.rfind(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &cell[..open], &cell[close + 1..])
        }
        _ => cell.to_owned(),
    };
    let spellings: Vec<&str> = without_note
        .split(['/', ',', '…'])
        .flat_map(|part| part.split("..."))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if spellings.len() < 2 {
        return None;
    }
    let mut members: Vec<(&str, &str, &str)> = Vec::new();
    let mut placeholder = None;
    for spelling in &spellings {
        if !spelling
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.{}<>[]#".contains(&b))
        {
            return None;
        }
        if let Some(member) = indexed(spelling) {
            members.push(member);
        } else if let Some(written) = trailing_placeholder(spelling) {
            placeholder.get_or_insert(written);
        } else {
            return None;
        }
    }
    let (prefix, _, suffix) = *members.first()?;
    let one_family = members.iter().all(|&(p, _, s)| p == prefix && s == suffix);
    let mut indexes: Vec<&str> = members.iter().map(|&(_, index, _)| index).collect();
    indexes.sort_unstable();
    indexes.dedup();
    (one_family && indexes.len() >= 2 && !prefix.is_empty()).then(|| KeyFamily {
        prefix: prefix.to_owned(),
        suffix: suffix.to_owned(),
        placeholder: placeholder.unwrap_or("N").to_owned(),
        member: FamilyMember::Index,
    })
}

/// `team1_score` → (`team`, `1`, `_score`): a key with exactly one run of digits.
fn indexed(key: &str) -> Option<(&str, &str, &str)> {
    let start = key.find(|c: char| c.is_ascii_digit())?;
    let end = start
        + key[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(key.len() - start);
    let suffix = &key[end..];
    (!suffix.contains(|c: char| c.is_ascii_digit())).then_some((
        &key[..start],
        &key[start..end],
        suffix,
    ))
}

/// The placeholder a spelling ends with (`playerN`, `team_XX`, `slot{n}`), if it has one.
fn trailing_placeholder(spelling: &str) -> Option<&str> {
    if let Some(family) = placeholder_family(spelling) {
        return Some(&spelling[family.prefix.len()..spelling.len() - family.suffix.len()]);
    }
    // `playerN`: a capital after lower-case letters.
    let last = spelling.len().checked_sub(1)?;
    let before = spelling[..last].bytes().last()?;
    (before.is_ascii_lowercase() && spelling.ends_with(['N', 'X'])).then(|| &spelling[last..])
}

fn default_type() -> ValueType {
    ValueType {
        shape: Shape::String,
        encoding: Default::default(),
        nullable: false,
        evidence: Evidence::Default,
    }
}

/// The warning for a row that repeats the entry first listed on line `first`.
fn duplicate(kind: TableKind, cells: &Cells, line: u32, first: u32) -> Diagnostic {
    let Cells { name, second, .. } = cells;
    let message = match kind {
        TableKind::Info => format!("key `{name}` in category `{second}` is already listed on line {first}; this row is not used, merge the two rows"),
        TableKind::Events => format!("event `{name}` is already listed on line {first}; this row is not used, merge the two rows"),
    };
    Diagnostic::warning(line, Code::DuplicateEntry, message)
}

fn add_info(feature: &mut Feature, cells: Cells, line: u32) {
    let Cells {
        name,
        second: category,
        description,
        notes,
        since,
    } = cells;
    let mut note = cell_example(&description, &name, line);
    let listed = cell_values(&description, &name);
    if !listed.is_empty() {
        let note = note.get_or_insert_with(|| Note {
            name: name.clone(),
            line,
            text: String::new(),
            possible_values: Vec::new(),
            examples: Vec::new(),
        });
        note.possible_values.extend(listed);
    }
    feature.info_updates.push(InfoUpdate {
        family: key_family(&name),
        key: name,
        category,
        since,
        description,
        remarks: remark(notes),
        value: default_type(),
        note,
        line,
    });
}

fn add_event(feature: &mut Feature, cells: Cells, line: u32) {
    let Cells {
        name,
        second: data_description,
        description,
        notes,
        since,
    } = cells;
    let note = cell_example(&data_description, &name, line)
        .or_else(|| cell_example(&description, &name, line));
    feature.events.push(Event {
        name,
        since,
        description,
        data_description,
        remarks: remark(notes),
        data: default_type(),
        note,
        line,
    });
}

/// Values listed inside a Values cell, one per line (the table reader turns `<li>` items and
/// `<br>` breaks into lines): after a values lead-in (`Possible values:`), after a short label
/// (`Match phase` before `warmup`, `live`), or on their own. Each must be a value (a few words
/// at most, no sentence, no `name: description`), and there must be two: prose stays prose.
fn cell_values(cell: &str, name: &str) -> Vec<EnumValue> {
    let lines: Vec<&str> = cell
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let Some((first, rest)) = lines.split_first() else {
        return Vec::new();
    };
    let is_value = |item: &&str| {
        item.split_whitespace().count() <= 3
            && !item.contains(['.', ',', ':', '–', '—', '(', '['])
            && !item.contains(" - ")
    };
    let items: &[&str] = if is_values_marker(first.trim_end_matches(':').trim(), name) {
        rest
    } else if !lines.iter().all(is_value) {
        return Vec::new();
    } else if first.contains(' ') && !rest.iter().any(|item| item.contains(' ')) {
        // `Match phase` over `warmup`, `live`: a label, not a value.
        rest
    } else {
        &lines
    };
    if items.len() < 2 || !items.iter().all(is_value) {
        return Vec::new();
    }
    items.iter().filter_map(|item| enum_value(item)).collect()
}

/// An example written inside a table cell (`Lists the items ... Example: {"name":"x"}`), as
/// the start of the entry's note. A bare document in a cell shows the decoded value, which
/// GEP sends as a JSON string, so that is how it is recorded.
fn cell_example(cell: &str, name: &str, line: u32) -> Option<Note> {
    let start = memchr::memchr2(b'{', b'[', cell.as_bytes())?;
    let prefix = cell[..start].trim_end();
    let is_example = |suffix| strip_suffix_ignore_case(prefix, suffix).is_some();
    if !(prefix.is_empty() || is_example("example:") || is_example("example")) {
        return None;
    }
    let text = &cell[start..];
    let (parsed, used) = lenient::parse_prefix(text).ok()?;
    let raw = text[..used].trim();
    let mut payloads = examples::normalise(parsed.value);
    if let [Payload::Bare { value }] = payloads.as_mut_slice() {
        if value.wire.is_object() || value.wire.is_array() {
            *value = WireValue {
                wire: Json::String(raw.to_owned()),
                decoded: Some(value.wire.take()),
            };
        }
    }
    let status = if parsed.repairs.is_empty() {
        ExampleStatus::Valid
    } else {
        ExampleStatus::Repaired
    };
    Some(Note {
        name: name.to_owned(),
        line,
        text: String::new(),
        possible_values: Vec::new(),
        examples: vec![Example {
            line,
            raw: raw.to_owned(),
            status,
            payloads,
        }],
    })
}

/// Ties each note to the key or event it names: in its own feature first, then anywhere on
/// the page. Notes that name nothing stay with their feature, reported.
fn attach_notes(
    features: &mut [Feature],
    notes: Vec<PendingNote>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let is_empty = |note: &Note| {
        note.text.is_empty() && note.examples.is_empty() && note.possible_values.is_empty()
    };
    // Every target is found first, with indexes borrowing the entries' names, and the notes
    // are moved into the entries after.
    let targets: Vec<Option<(usize, EntryIndex)>> = {
        // Indexes of the names, built once: a page with a note per row would otherwise scan
        // every entry of every feature for every note.
        let names: Vec<EntryNames> = features.iter().map(EntryNames::new).collect();
        // The first feature with each name, and how many have it: built when a note is not
        // found in its own feature.
        let mut owners: Option<FastMap<Folded, (usize, usize)>> = None;
        let mut targets = Vec::with_capacity(notes.len());
        for PendingNote { feature, note, .. } in &notes {
            let target = (!is_empty(note)).then(|| {
                feature
                    .and_then(|f| names[f].find(&note.name).map(|e| (f, e)))
                    .or_else(|| {
                        // Anywhere on the page, when exactly one feature has the name.
                        let owners = owners.get_or_insert_with(|| EntryNames::owners(&names));
                        match owners.get(&Folded(entry_name(&note.name))) {
                            Some(&(f, 1)) => names[f].find(&note.name).map(|e| (f, e)),
                            _ => None,
                        }
                    })
            });
            targets.push(target.flatten());
        }
        targets
    };
    for (PendingNote { feature, note, .. }, target) in notes.into_iter().zip(targets) {
        if is_empty(&note) {
            continue;
        }
        match target {
            Some((f, EntryIndex::Info(i))) => {
                merge_note(&mut features[f].info_updates[i].note, note)
            }
            Some((f, EntryIndex::Event(i))) => merge_note(&mut features[f].events[i].note, note),
            None => {
                let Some(f) = feature else {
                    diagnostics.push(Diagnostic::info(
                        note.line,
                        Code::OrphanNote,
                        format!("note `{}` is outside any feature and names no key or event; it is not used", note.name),
                    ));
                    continue;
                };
                let is_feature_prose = note.name == features[f].name;
                if !is_feature_prose {
                    diagnostics.push(Diagnostic::info(
                        note.line,
                        Code::OrphanNote,
                        format!(
                            "note `{}` names no key or event of feature `{}`; rename its heading to the key or event it describes",
                            note.name, features[f].name
                        ),
                    ));
                }
                features[f].notes.push(note);
            }
        }
    }
    let notes = features.iter_mut().flat_map(|feature| {
        let info = feature
            .info_updates
            .iter_mut()
            .filter_map(|i| i.note.as_mut());
        let events = feature.events.iter_mut().filter_map(|e| e.note.as_mut());
        info.chain(events).chain(feature.notes.iter_mut())
    });
    for note in notes {
        drop_repeated_values(&mut note.possible_values);
        merge_described_twice(&mut note.possible_values);
    }
}

/// A key documented without a placeholder whose examples send it with an index (a row
/// `scoreboard` whose examples send `scoreboard_0` and `scoreboard_17`) is the family
/// `scoreboard_XX`: the examples show what the wire carries. Only when no example sends the key
/// as written, every other key its examples send is such a member (with the same separator)
/// and no row of the page documents one of them.
fn families_from_examples(features: &mut [Feature], diagnostics: &mut Vec<Diagnostic>) {
    let documented: FastSet<String> = (features.iter())
        .flat_map(|f| &f.info_updates)
        .map(|info| info.key.clone())
        .collect();
    for info in features.iter_mut().flat_map(|f| &mut f.info_updates) {
        if info.family.is_some() {
            continue;
        }
        let Some(note) = &info.note else { continue };
        let mut separator = None;
        let mut sent = Vec::new();
        let mut one_family = true;
        for payload in note.examples.iter().flat_map(|e| &e.payloads) {
            let Payload::Info { key, .. } = payload else {
                continue;
            };
            let Some(rest) = key.strip_prefix(info.key.as_str()) else {
                one_family = false;
                break;
            };
            let digits = rest.trim_start_matches(|c: char| !c.is_ascii_digit());
            let written = &rest[..rest.len() - digits.len()];
            let is_member = !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && matches!(written, "" | "_")
                && *separator.get_or_insert(written) == written
                && !documented.contains(key.as_str());
            if !is_member {
                one_family = false;
                break;
            }
            sent.push(key.as_str());
        }
        if !one_family || sent.is_empty() {
            continue;
        }
        let prefix = format!("{}{}", info.key, separator.unwrap_or_default());
        sent.sort_unstable();
        sent.dedup();
        diagnostics.push(Diagnostic::info(
            info.line,
            Code::ExampleMismatch,
            format!(
                "key `{}` is sent as `{}` in its examples: read as the key family `{prefix}XX`; write the key as `{prefix}XX` in the table",
                info.key,
                sent.join("`, `")
            ),
        ));
        info.family = Some(KeyFamily {
            prefix,
            suffix: String::new(),
            placeholder: "XX".to_owned(),
            member: FamilyMember::Index,
        });
    }
}

/// The notes of one feature, moved out of it: per info key, per event, and its own.
struct FeatureNotes {
    infos: Vec<Option<Note>>,
    events: Vec<Option<Note>>,
    notes: Vec<Note>,
}

/// Takes the bare examples of every note out of the partial envelopes they are written in
/// (see [`examples::unwrap_partial_envelopes`]), now that each note's entry is known.
fn unwrap_partial_envelopes(features: &mut [Feature]) {
    // The notes are moved out while the page's names are borrowed, and back in after.
    let mut notes: Vec<FeatureNotes> = (features.iter_mut())
        .map(|feature| FeatureNotes {
            infos: feature
                .info_updates
                .iter_mut()
                .map(|i| i.note.take())
                .collect(),
            events: feature.events.iter_mut().map(|e| e.note.take()).collect(),
            notes: std::mem::take(&mut feature.notes),
        })
        .collect();
    {
        let page = examples::PageNames::new(features);
        for (feature, notes) in features.iter().zip(&mut notes) {
            for (info, note) in feature.info_updates.iter().zip(&mut notes.infos) {
                let owner = examples::Owner::Info {
                    key: &info.key,
                    family: info.family.as_ref(),
                };
                if let Some(note) = note {
                    examples::unwrap_partial_envelopes(note, owner, &page);
                }
            }
            for (event, note) in feature.events.iter().zip(&mut notes.events) {
                let owner = examples::Owner::Event { name: &event.name };
                if let Some(note) = note {
                    examples::unwrap_partial_envelopes(note, owner, &page);
                }
            }
            for note in &mut notes.notes {
                examples::unwrap_partial_envelopes(note, examples::Owner::Feature, &page);
            }
        }
    }
    for (feature, notes) in features.iter_mut().zip(notes) {
        for (info, note) in feature.info_updates.iter_mut().zip(notes.infos) {
            info.note = note;
        }
        for (event, note) in feature.events.iter_mut().zip(notes.events) {
            event.note = note;
        }
        feature.notes = notes.notes;
    }
}

/// One value listed twice with two descriptions (`Multiplayer > Newcomer: `PVP`` and
/// `Multiplayer > Casual: `PVP``) is one value with both descriptions: a value appears once
/// in an enumeration, or the diff could not tell which of the two changed.
fn merge_described_twice(values: &mut Vec<EnumValue>) {
    let mut first: FastMap<String, usize> = FastMap::default();
    let mut kept: Vec<EnumValue> = Vec::with_capacity(values.len());
    for value in values.drain(..) {
        match first.get(&value.value) {
            Some(&at) => {
                let EnumValue { description, .. } = value;
                let kept = &mut kept[at];
                match (&mut kept.description, description) {
                    (Some(known), Some(more)) => {
                        known.push_str("; ");
                        known.push_str(&more);
                    }
                    (known @ None, more) => *known = more,
                    (_, None) => {}
                }
            }
            None => {
                first.insert(value.value.clone(), kept.len());
                kept.push(value);
            }
        }
    }
    *values = kept;
}

/// Keeps the first of each value listed more than once, in order (a note may list a value
/// twice, several notes may name one key, examples repeat values), in linear time: a list
/// can have many thousands of values.
pub(crate) fn drop_repeated_values(values: &mut Vec<EnumValue>) {
    if values.len() <= SHORT_LIST {
        let mut kept = 0;
        for i in 0..values.len() {
            if !values[..kept].contains(&values[i]) {
                // What sits at `kept` is a repeat already passed over.
                values.swap(kept, i);
                kept += 1;
            }
        }
        values.truncate(kept);
        return;
    }
    let mut seen = FastSet::with_capacity_and_hasher(values.len(), Default::default());
    let first: Vec<bool> = values.iter().map(|value| seen.insert(value)).collect();
    let mut first = first.into_iter();
    values.retain(|_| first.next().unwrap_or(true));
}

#[derive(Clone, Copy)]
enum EntryIndex {
    Info(usize),
    Event(usize),
}

/// The key or event a note heading names: `roster/player_status` names its category too.
fn entry_name(note_name: &str) -> &str {
    let after_slash = memchr::memrchr(b'/', note_name.as_bytes()).map_or(0, |i| i + 1);
    note_name[after_slash..].trim()
}

/// The entry names of one feature, exact and ASCII-case-folded. A note finds the first info
/// key with its exact name, else the first such event, else the same ignoring case.
struct EntryNames<'a> {
    /// The first entry of each name ignoring case, with its spelling, and whether entries
    /// spell the name in more than one way.
    folded: FastMap<Folded<'a>, (EntryIndex, &'a str, bool)>,
    /// The first entry of each exact name, for the names spelt in more than one way: for
    /// the others the first entry ignoring case is the first of the exact name too.
    exact: FastMap<&'a str, EntryIndex>,
}

/// A name that equals another ignoring ASCII case, as if both were lowercased but without
/// the copies.
#[derive(Clone, Copy)]
struct Folded<'a>(&'a str);

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Folded<'_> {}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // The lowercase bytes, 8 at a time: equal names hash equally.
        for chunk in self.0.as_bytes().chunks(8) {
            let mut word = [0; 8];
            for (lower, byte) in word.iter_mut().zip(chunk) {
                *lower = byte.to_ascii_lowercase();
            }
            state.write_u64(u64::from_le_bytes(word));
        }
        state.write_usize(self.0.len());
    }
}

impl<'a> EntryNames<'a> {
    fn new(feature: &'a Feature) -> Self {
        let infos = (feature.info_updates.iter().enumerate())
            .map(|(i, info)| (info.key.as_str(), EntryIndex::Info(i)));
        let events = (feature.events.iter().enumerate())
            .map(|(i, event)| (event.name.as_str(), EntryIndex::Event(i)));
        // A note of a family of keys named by the data may be headed by the placeholder's word
        // (`deck_id` for `[deck_id]`) or the prefix (`slot` for `slot_{name}`): names that the
        // entries' own names take first.
        let family_names = (feature.info_updates.iter().enumerate()).filter_map(|(i, info)| {
            let family = info.family.as_ref().filter(|f| !f.member.is_index())?;
            let name = match (family.prefix.is_empty(), family.suffix.is_empty()) {
                (true, true) => info.key.trim_matches(['[', ']', '{', '}', '<', '>']),
                (false, true) => info.key[..family.prefix.len()].trim_end_matches(['_', '-', '.']),
                _ => return None,
            };
            (!name.is_empty()).then_some((name, EntryIndex::Info(i)))
        });
        let entries = infos.chain(events).chain(family_names);
        let len = feature.info_updates.len() + feature.events.len();
        let mut folded = FastMap::with_capacity_and_hasher(len, Default::default());
        let mut mixed = false;
        // Info keys first and the first of equal names kept: the order of a scan.
        for (name, index) in entries.clone() {
            let (_, first, spellings) = folded.entry(Folded(name)).or_insert((index, name, false));
            if *first != name {
                *spellings = true;
                mixed = true;
            }
        }
        let mut exact = FastMap::default();
        if mixed {
            for (name, index) in entries {
                if folded
                    .get(&Folded(name))
                    .is_some_and(|&(_, _, mixed)| mixed)
                {
                    exact.entry(name).or_insert(index);
                }
            }
        }
        Self { folded, exact }
    }

    /// The first feature with each name ignoring case, and how many features have it.
    fn owners(names: &[Self]) -> FastMap<Folded<'a>, (usize, usize)> {
        let mut owners = FastMap::default();
        for (f, feature_names) in names.iter().enumerate() {
            for &folded in feature_names.folded.keys() {
                owners.entry(folded).or_insert((f, 0)).1 += 1;
            }
        }
        owners
    }

    fn find(&self, note_name: &str) -> Option<EntryIndex> {
        let name = entry_name(note_name);
        let &(first, _, mixed) = self.folded.get(&Folded(name))?;
        Some(match mixed {
            true => self.exact.get(name).copied().unwrap_or(first),
            false => first,
        })
    }
}

fn merge_note(slot: &mut Option<Note>, note: Note) {
    match slot {
        None => *slot = Some(note),
        Some(existing) => {
            if !note.text.is_empty() {
                push_line(&mut existing.text, &note.text);
            }
            existing.possible_values.extend(note.possible_values);
            existing.examples.extend(note.examples);
        }
    }
}

/// The maps of this stage and of [`crate::infer`] are keyed by short names, on which SipHash
/// cost more than the rest of the lookup; foldhash is several times cheaper, and still seeded
/// per map, so a page cannot be written to make lookups slow.
pub(crate) type FastMap<K, V> = foldhash::HashMap<K, V>;
pub(crate) type FastSet<T> = foldhash::HashSet<T>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_families() {
        let f = key_family("roster_XX").unwrap();
        assert_eq!((f.prefix.as_str(), f.suffix.as_str()), ("roster_", ""));
        assert_eq!(f.index_of("roster_12"), Some(12));
        assert_eq!(f.index_of("roster_"), None);
        assert_eq!(
            key_family("legendSelect_X").unwrap().prefix,
            "legendSelect_"
        );
        let mid = key_family("player_X_kills").unwrap();
        assert_eq!(
            (mid.prefix.as_str(), mid.suffix.as_str()),
            ("player_", "_kills")
        );
        assert_eq!(key_family("max_XP"), None);
        assert_eq!(key_family("X"), None);
        assert_eq!(key_family("team_XXXX"), None);
    }

    #[test]
    fn an_events_section_written_with_the_info_header_holds_events() {
        let page = "## Available Features\n\n* match\n\n## `match`\n\n### Info Updates\n\n\
             key | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n\
             score | match_info | The score | | 1.0 |\n\n### Events\n\n\
             key | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n\
             match_start | | The match starts | | 2.0 |\n";
        let ir = crate::pipeline::page_to_ir(page, "x.md", None);
        let feature = &ir.features[0];
        let keys: Vec<&str> = feature
            .info_updates
            .iter()
            .map(|i| i.key.as_str())
            .collect();
        let events: Vec<(&str, &str)> = (feature.events.iter())
            .map(|e| (e.name.as_str(), e.description.as_str()))
            .collect();
        assert_eq!(keys, ["score"]);
        assert_eq!(events, [("match_start", "The match starts")]);
        assert!(
            ir.diagnostics
                .iter()
                .any(|d| d.code == Code::MislabelledTable && d.line == Some(15)),
            "{:?}",
            ir.diagnostics
        );
    }

    #[test]
    fn key_families_from_examples() {
        let page = |examples: &str| {
            format!(
                "## Available Features\n\n* match\n\n## `match`\n\n### Info Updates\n\n\
                 key | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n\
                 scoreboard | game_info | A player | See notes | 1.0 |\n\
                 scoreboard_total | game_info | The sum | | 1.0 |\n\n\
                 #### *scoreboard* note\n\n```json\n{examples}\n```\n"
            )
        };
        let family_of = |examples: &str| {
            let ir = crate::pipeline::page_to_ir(&page(examples), "x.md", None);
            let info = &ir.features[0].info_updates[0];
            let mismatches = (ir.diagnostics.iter())
                .filter(|d| {
                    d.code == Code::ExampleMismatch && d.severity == crate::ir::Severity::Warning
                })
                .count();
            (info.family.as_ref().map(|f| f.pattern()), mismatches)
        };
        let sent = r#"{"info":{"game_info":{"scoreboard_0":"{\"kills\":1}"}},"feature":"match"}
{"info":{"game_info":{"scoreboard_17":"{\"kills\":2}"}},"feature":"match"}"#;
        assert_eq!(family_of(sent), (Some("^scoreboard_[0-9]+$".to_owned()), 0));
        // Sent as written too, or with another key beside the members: no family.
        let also_plain = format!(
            "{sent}\n{}",
            r#"{"info":{"game_info":{"scoreboard":"{}"}}}"#
        );
        assert_eq!(family_of(&also_plain).0, None);
        let documented = r#"{"info":{"game_info":{"scoreboard_total":"3"}}}"#;
        assert_eq!(family_of(&format!("{sent}\n{documented}")).0, None);
    }

    #[test]
    fn key_family_spellings() {
        let family = |key| key_family(key).map(|f| (f.prefix, f.suffix, f.placeholder));
        let is = |prefix: &str, suffix: &str, placeholder: &str| {
            Some((prefix.to_owned(), suffix.to_owned(), placeholder.to_owned()))
        };
        assert_eq!(family("scoreboard_xx"), is("scoreboard_", "", "xx"));
        assert_eq!(family("slot_x"), is("slot_", "", "x"));
        assert_eq!(family("addon_xxx"), is("addon_", "", "xxx"));
        assert_eq!(family("player_N"), is("player_", "", "N"));
        assert_eq!(family("team_#_score"), is("team_", "_score", "#"));
        assert_eq!(family("player{n}"), is("player", "", "{n}"));
        assert_eq!(family("player_<i>_kills"), is("player_", "_kills", "<i>"));
        assert_eq!(
            family("player0 / player1 … palyerN(N = number of players in the match)"),
            is("player", "", "N")
        );
        assert_eq!(family("team1 / team2"), is("team", "", "N"));
        assert_eq!(
            family("team1_score, team2_score, ..."),
            is("team", "_score", "N")
        );
        let members = key_family("team1_score / team2_score").unwrap();
        assert_eq!(members.index_of("team7_score"), Some(7));
        // A bracketed word that names no index: keys named by the data.
        let named = |key| key_family(key).map(|f| (f.prefix, f.suffix, f.member));
        assert_eq!(
            named("[deck_id]"),
            Some((String::new(), String::new(), FamilyMember::Name))
        );
        assert_eq!(
            named("deck_{name}_cards"),
            Some(("deck_".into(), "_cards".into(), FamilyMember::Name))
        );
        assert_eq!(
            named("player_[index]"),
            Some(("player_".into(), String::new(), FamilyMember::Index))
        );
        assert_eq!(
            named("{n}_kills"),
            Some((String::new(), "_kills".into(), FamilyMember::Index))
        );
        let decks = key_family("[deck_id]").unwrap();
        assert_eq!(decks.member("Adventure Deck"), Some("Adventure Deck"));
        assert_eq!(decks.index_of("Mage"), None);
        assert_eq!(decks.first_key(), "deck_id");
        // Two indexes, one spelling, prose, words that only end in x or n.
        for key in [
            "cell_x_y",
            "team1",
            "kills / deaths",
            "team1 / max",
            "team1 / team1",
            "gameMode (Not Available)",
            "kills<br>",
            "[deck id]",
            "max_xp",
            "season_n1",
            "x_pos",
        ] {
            assert_eq!(family(key), None, "{key}");
        }
    }

    #[test]
    fn versions() {
        for ok in ["128.0", "221.1.0", "0.130", "77.3"] {
            assert!(is_version(ok), "{ok}");
        }
        for bad in ["", "128", "See notes", "1.2.", "N/A", "130.0 |"] {
            assert!(!is_version(bad), "{bad}");
        }
    }

    #[test]
    fn values_markers() {
        for (label, name) in [
            ("Possible values", "x"),
            ("Possible Values are", "x"),
            ("List of values", "x"),
            ("Possible map values", "map"),
            ("Possible game_mode values", "game_mode"),
            ("Possible Scene values", "scene"),
            ("Possible agent values", "agents"),
            ("Possible states", "x"),
            ("Possible game modes", "x"),
            ("In this case the possible values are", "x"),
            ("The possible values are", "x"),
        ] {
            assert!(is_values_marker(label, name), "{label}");
        }
        for (label, name) in [
            (
                "It is not possible to differentiate, so suggest listening",
                "x",
            ),
            ("Note that the possible values are win, lose or tie", "x"),
            ("the location of all the 4 possible players", "x"),
            ("Possible", "x"),
            ("Data Example", "x"),
            // Values of a field of the key's value, not of the key.
            ("Possible platform values", "roster_XX"),
            ("Action possible values", "kill_feed"),
        ] {
            assert!(!is_values_marker(label, name), "{label}");
        }
    }

    #[test]
    fn values_listed_in_a_cell() {
        let values = |cell| -> Vec<String> {
            cell_values(cell, "phase")
                .into_iter()
                .map(|v| v.value)
                .collect()
        };
        assert_eq!(
            values("Match phase\nwarmup\nlive\nover"),
            ["warmup", "live", "over"]
        );
        assert_eq!(
            values("MainMenu\nLoadingScreen\nGame"),
            ["MainMenu", "LoadingScreen", "Game"]
        );
        assert_eq!(
            values("Possible values:\nNickname\nSteam ID"),
            ["Nickname", "Steam ID"]
        );
        for prose in [
            // Descriptions of fields, a sentence before the list, a line break in prose.
            "A JSON containing:\ncount: Number of kills\nlabel: kill",
            "amount – amount of damage done\nshipId – int",
            "All names match the Riot API, except for one.\na\nb",
            "There is another health bar during knocked out\nstate, it is orange",
            "The current state of the match. See notes",
            "Possible values:\nonly",
        ] {
            assert!(values(prose).is_empty(), "{prose}");
        }
        // As a page writes them: items of an HTML list in the Values cell.
        let page = concat!(
            "## Available Features\n\n* match\n\n## `match`\n\n### Info Updates\n\n",
            "key | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n",
            "phase | round | Match phase<ul><li>warmup</li><li>live</li></ul> | | 1.0 |\n",
        );
        let ir = crate::pipeline::page_to_ir(page, "x.md", None);
        let value = &ir.features[0].info_updates[0].value;
        let Shape::Enum { values } = &value.shape else {
            panic!("{value:?}")
        };
        let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, ["warmup", "live"]);
    }

    #[test]
    fn a_value_described_twice_is_one_value() {
        let value = |value: &str, description: Option<&str>| EnumValue {
            description: description.map(str::to_owned),
            ..EnumValue::new(value)
        };
        let mut values = vec![
            value("PVP", Some("Newcomer")),
            value("PVE", None),
            value("PVP", Some("Casual")),
            value("PVE", Some("Bots")),
        ];
        merge_described_twice(&mut values);
        assert_eq!(
            values,
            [
                value("PVP", Some("Newcomer; Casual")),
                value("PVE", Some("Bots"))
            ]
        );
    }

    #[test]
    fn enum_values_in_code() {
        let v = |s| enum_value(s).map(|v| (v.value, v.description));
        let is = |value: &str, description: Option<&str>| {
            Some((value.to_owned(), description.map(str::to_owned)))
        };
        assert_eq!(v("`LAIR`"), is("LAIR", None));
        assert_eq!(v("`HEREFORD BASE`"), is("HEREFORD BASE", None));
        assert_eq!(
            v("Multiplayer > Ranked: `MATCHMAKING_PVP_RANKED`"),
            is("MATCHMAKING_PVP_RANKED", Some("Multiplayer > Ranked"))
        );
        assert_eq!(v("`en` - English"), is("en", Some("English")));
        assert_eq!(v("`a` or `b`").map(|v| v.0), Some("a or b".to_owned()));
        // Members of an object are no value.
        assert_eq!(v("\"platform_hw\":2,\"platform_sw\":2 = PC"), None);
        assert_eq!(v("\"platform_hw\":7 = PC/Steam"), None);
    }

    #[test]
    fn enum_values() {
        let v = |s| enum_value(s).unwrap();
        assert_eq!(v("english - English").value, "english");
        assert_eq!(
            v("english - English").description.as_deref(),
            Some("English")
        );
        assert_eq!(v("\"PL_DUO\": \"Duo\",").value, "PL_DUO");
        assert_eq!(
            v("\"PL_DUO\": \"Duo\",").description.as_deref(),
            Some("Duo")
        );
        assert_eq!(v("\"lobby\"").value, "lobby");
        assert_eq!(
            v("\"mp_rr_olympus_mu2\" - Olympus").value,
            "mp_rr_olympus_mu2"
        );
        assert_eq!(v("Firing Range").value, "Firing Range");
        // A word glossed in parentheses is the word; several words stay whole.
        let glossed = v("Breakout (Dropshot)");
        assert_eq!(
            (glossed.value.as_str(), glossed.description.as_deref()),
            ("Breakout", Some("Dropshot"))
        );
        assert_eq!(v("Team Deathmatch (TDM)").value, "Team Deathmatch (TDM)");
        assert_eq!(v("f(x)").value, "f(x)");
    }

    #[test]
    fn note_names_find_exact_spellings_first() {
        let info = |key: &str| InfoUpdate {
            family: None,
            key: key.to_owned(),
            category: String::new(),
            since: None,
            description: String::new(),
            remarks: None,
            value: default_type(),
            note: None,
            line: 1,
        };
        let event = |name: &str| Event {
            name: name.to_owned(),
            since: None,
            description: String::new(),
            data_description: String::new(),
            remarks: None,
            data: default_type(),
            note: None,
            line: 1,
        };
        let feature = Feature {
            name: "f".to_owned(),
            line: None,
            info_updates: vec![info("Kill"), info("kill"), info("death")],
            events: vec![event("KILL"), event("Death"), event("spawn")],
            notes: Vec::new(),
        };
        let names = EntryNames::new(&feature);
        let find = |name| match names.find(name) {
            Some(EntryIndex::Info(i)) => format!("info {i}"),
            Some(EntryIndex::Event(i)) => format!("event {i}"),
            None => "none".to_owned(),
        };
        assert_eq!(find("kill"), "info 1");
        assert_eq!(find("Kill"), "info 0");
        assert_eq!(find("KILL"), "event 0");
        assert_eq!(find("kILL"), "info 0");
        assert_eq!(find("Death"), "event 1");
        assert_eq!(find("DEATH"), "info 2");
        assert_eq!(find("roster/Spawn"), "event 2");
        assert_eq!(find("respawn"), "none");
    }

    /// Values written in partial envelopes are typed as the value, not as the envelope.
    #[test]
    fn partial_envelopes_do_not_become_the_type() {
        let page = concat!(
            "## Available Features\n\n* match\n\n## `match`\n\n### Info Updates\n\n",
            "key | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n",
            "mapName | match_info | The map | See notes | 1.0 |\n\n",
            "### Events\n\n",
            "Event | Event Data | Fired When | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\n",
            "kill | count | A kill | See notes | 1.0 |\n\n",
            "#### *mapName* note\n\n```json\n{\"match_info\":{\"mapName\":\"Olympus\"}}\n```\n\n",
            "#### *kill* note\n\n```json\n{\"event\":\"kill\",\"data\":{\"count\":1}}\n```\n",
        );
        let ir = crate::pipeline::page_to_ir(page, "x.md", None);
        let feature = &ir.features[0];
        assert_eq!(feature.info_updates[0].value.shape, Shape::String);
        let fields: Vec<&str> = match &feature.events[0].data.shape {
            Shape::Object { fields } => fields.iter().map(|f| f.name.as_str()).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(fields, vec!["count"]);
        let diagnostics: Vec<_> = ir
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::ExampleMismatch)
            .collect();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn values_listed_twice_are_kept_once_in_page_order() {
        let page = "---\nid: x\ntitle: X\n---\n\n## Available Features\n\n* [big](#big)\n\n## `big`\n\n### Info Updates\n\nkey | Category | Values | Notes | Since GEP Ver. |\n--- | --- | --- | --- | --- |\nstate | big | The state | See notes | 143.0 |\n\n#### *state* note\n\nPossible values:\n\n* `b`\n* `a`\n* `b`\n\n#### *state* note\n\nPossible values:\n\n* `c`\n* `a`\n";
        let ir = crate::pipeline::page_to_ir(page, "x.md", None);
        let note = ir.features[0].info_updates[0].note.as_ref().unwrap();
        let values: Vec<&str> = note
            .possible_values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(values, ["b", "a", "c"]);
    }

    #[test]
    fn note_headings() {
        assert_eq!(note_heading_name("kill note").as_deref(), Some("kill"));
        assert_eq!(
            note_heading_name("roster_XX notes").as_deref(),
            Some("roster_XX")
        );
        assert_eq!(
            note_heading_name("\"Bleed Out\" note").as_deref(),
            Some("Bleed Out")
        );
        assert_eq!(note_heading_name("keynote"), None);
        assert_eq!(note_heading_name("Event data example"), None);
    }
}
