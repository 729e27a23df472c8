//! Data examples: split a block of example text into examples, read each leniently, and take
//! the payload out of its envelope.
//!
//! A block is the content of a code fence, an inline code span, or the consecutive bare lines
//! of a flattened-text page. It may hold several documents on one line, one document over
//! several lines, a label before a document (`Info UPDATE: {...}`), members without their
//! braces (`"team":"chaos"`), `...`, `OR`, comments and stray prose between documents, or plain
//! values that are not JSON at all (`'hangar_v2' | 'hangar_bootcamp'`, a bare id).
//!
//! Conventions:
//!
//! - An example is one document (or one plain value) as written; its `line` is the page line
//!   where it starts and `raw` its exact text.
//! - A document whose envelope holds several payloads (an `info` object with two keys, an
//!   `events` list of two events) gives one [`Example`] per payload, all with the same line and
//!   raw text, so that every payload is a sample of exactly one key or event.
//! - A list of possible values (`'a' | 'b'`, `[“a” | “b”]`, `"a", "b"`) gives one `Literal`
//!   example per value, each with the raw text of that value.
//! - Lines that are no example (`...`, `OR`, `// comment`, `* list item`, `<details>`, a line
//!   of code) are skipped; anything else that cannot be read is an `Unreadable` example with a
//!   warning, so nothing is dropped silently.

use foldhash::HashMap;

use crate::json::{Json, Object};

use crate::ir::{Code, Diagnostic, Example, ExampleStatus, Payload, WireValue};
use crate::lenient::{self, Parsed, Repair};

/// Whether a bare line of a flattened-text page starts a JSON example: it opens an object
/// with a quoted key (or on its own), or an array. Prose such as `{damage: integer}` does not.
pub fn looks_like_example(line: &str) -> bool {
    let line = line.trim_start().trim_start_matches('`');
    let mut chars = line.chars();
    let opening = chars.next();
    let next = chars.as_str().trim_start().chars().next();
    match opening {
        Some('{') => matches!(next, None | Some('"' | '\'' | '}')),
        Some('[') => matches!(next, None | Some('{' | '[' | '"' | ']' | '-' | '0'..='9')),
        _ => false,
    }
}

/// Splits a block of example text into examples and reads each; `first_line` is the page
/// line of the block's first line. Repaired and unreadable examples get a diagnostic.
pub fn read_examples(text: &str, first_line: u32) -> (Vec<Example>, Vec<Diagnostic>) {
    let mut block = Block {
        text,
        lines: LineCounter::new(text, first_line),
        examples: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut pos = 0;
    while let Some(start) = next_item(text, pos) {
        pos = if starts_document(&text[start..]) {
            block.document(start)
        } else {
            block.plain_line(start)
        };
    }
    (block.examples, block.diagnostics)
}

/// Takes a payload out of its envelope:
///
/// - `{"info":{category:{key:value, ...}}, "feature":f}`: one `Info` per key;
/// - `{"feature","category","key","value"}` (or `"data"` for `"value"`): one `Info`;
/// - `{"events":[{"name","data"}, ...]}`: one `Event` per event;
/// - `{"name","data"}`: one `Event`;
/// - anything else: one `Bare` value.
///
/// Envelopes are recognised only with no other members, so nothing is dropped. Always returns
/// at least one payload.
pub fn normalise(value: Json) -> Vec<Payload> {
    normalise_known(value, &mut HashMap::default())
}

/// [`normalise`], taking the documents inside strings from `known` (see [`Parsed::embedded`])
/// rather than reading them again.
fn normalise_known(value: Json, known: &mut HashMap<String, Json>) -> Vec<Payload> {
    let value = match value {
        Json::Object(mut object) => {
            // Each envelope looks before it takes: on `None` the object is whole.
            let payloads = info_envelope(&mut object, known)
                .or_else(|| flat_info(&mut object, known))
                .or_else(|| events_envelope(&mut object, known))
                .or_else(|| single_event(&mut object, known));
            if let Some(payloads) = payloads {
                return payloads;
            }
            Json::Object(object)
        }
        value => value,
    };
    vec![Payload::Bare {
        value: wire_known(value, known),
    }]
}

/// The value as sent, and the document inside it when it is a string holding JSON.
///
/// A string holding an object or array decodes to it (read leniently, so documents written
/// with `\r\n` or small slips still decode); `"null"` (or `"nulll"`) decodes to `null`, which
/// is how GEP resets a value. A string holding several documents (`{...},{...}`, a log) is no
/// one document and does not decode. Numbers and booleans spelled as strings are left to the
/// type inference, which knows the rest of the examples.
pub fn wire(value: &Json) -> WireValue {
    wire_known(value.clone(), &mut HashMap::default())
}

/// [`wire`] of a value taken over, with the documents already read from inside strings.
fn wire_known(value: Json, known: &mut HashMap<String, Json>) -> WireValue {
    WireValue {
        decoded: embedded_document(&value, known),
        wire: value,
    }
}

fn embedded_document(value: &Json, known: &mut HashMap<String, Json>) -> Option<Json> {
    let text = value.as_str()?.trim().trim_matches('`').trim();
    if matches!(text, "null" | "nulll") {
        return Some(Json::Null);
    }
    if !text.starts_with(['{', '[']) {
        return None;
    }
    if let Some(document) = known.remove(text) {
        return Some(document);
    }
    let parsed = lenient::parse(text).ok()?;
    // Unquoted values or text after the brackets mean the string is prose that starts with a
    // bracket (`[x] done`, `{damage: integer}`), not a document.
    let prose = [Repair::TrailingText, Repair::UnquotedString];
    if parsed.repairs.iter().any(|r| prose.contains(r)) {
        return None;
    }
    Some(parsed.value).filter(|v| v.is_object() || v.is_array())
}

/// Members an envelope may have.
fn has_only(object: &Object, allowed: &[&str]) -> bool {
    object.keys().all(|k| allowed.contains(&k.as_str()))
}

/// `Some(None)` when absent, `Some(Some(text))` when a string, `None` when anything else.
fn optional_text(object: &Object, field: &str) -> Option<Option<String>> {
    match object.get(field) {
        None => Some(None),
        Some(Json::String(text)) => Some(Some(text.clone())),
        Some(_) => None,
    }
}

/// Takes the value of a member out, leaving `null` (the payloads own what they carry).
fn take(object: &mut Object, field: &str) -> Option<Json> {
    object.get_mut(field).map(Json::take)
}

fn info_envelope(object: &mut Object, known: &mut HashMap<String, Json>) -> Option<Vec<Payload>> {
    let feature = optional_text(object, "feature")?;
    if !has_only(object, &["info", "feature"]) {
        return None;
    }
    // At least one payload: a category that is a value, or an object with members.
    let has_payload = |entries: &Json| entries.as_object().is_none_or(|e| !e.is_empty());
    let info = match object.get_mut("info")? {
        Json::Object(info) if info.values().any(has_payload) => std::mem::take(info),
        _ => return None,
    };
    let mut info_payload = |category: Option<&str>, key: String, value: Json| Payload::Info {
        feature: feature.clone(),
        category: category.map(str::to_owned),
        key,
        value: wire_known(value, known),
    };
    let mut payloads = Vec::new();
    for (category, entries) in info {
        match entries {
            Json::Object(mut entries) => {
                // `{"info":{"match_info":{"key":"notable","value":...}}}`: a flat update
                // wrapped in the nested envelope.
                if let Some((key, value)) = take_key_and_value(&mut entries) {
                    payloads.push(info_payload(Some(&category), key, value));
                } else {
                    for (key, value) in entries {
                        payloads.push(info_payload(Some(&category), key, value));
                    }
                }
            }
            // `{"info":{"roster":"..."}}`: the category level is missing.
            value => payloads.push(info_payload(None, category, value)),
        }
    }
    Some(payloads)
}

/// The `key` and `value` (or `data`) of an object that has exactly these two members, taken
/// out of it; the object is left alone otherwise.
fn take_key_and_value(object: &mut Object) -> Option<(String, Json)> {
    if object.len() != 2 {
        return None;
    }
    let key = object.get("key")?.as_str()?.to_owned();
    let value = take(object, "value").or_else(|| take(object, "data"))?;
    Some((key, value))
}

fn flat_info(object: &mut Object, known: &mut HashMap<String, Json>) -> Option<Vec<Payload>> {
    if !has_only(object, &["feature", "category", "key", "value", "data"]) {
        return None;
    }
    let key = object.get("key")?.as_str()?.to_owned();
    let field = match (object.contains_key("value"), object.contains_key("data")) {
        (true, false) => "value",
        (false, true) => "data",
        _ => return None,
    };
    let feature = optional_text(object, "feature")?;
    let category = optional_text(object, "category")?;
    let value = take(object, field)?;
    Some(vec![Payload::Info {
        feature,
        category,
        key,
        value: wire_known(value, known),
    }])
}

fn events_envelope(object: &mut Object, known: &mut HashMap<String, Json>) -> Option<Vec<Payload>> {
    if !has_only(object, &["events", "feature"]) {
        return None;
    }
    let events = object.get_mut("events")?.as_array_mut()?;
    let is_event = |event: &Json| {
        event.as_object().is_some_and(|event| {
            has_only(event, &["name", "data"]) && event.get("name").is_some_and(Json::is_string)
        })
    };
    if events.is_empty() || !events.iter().all(is_event) {
        return None;
    }
    let payloads = events.iter_mut().filter_map(|event| {
        let event = event.as_object_mut()?;
        Some(Payload::Event {
            name: event.get("name")?.as_str()?.to_owned(),
            data: wire_known(take(event, "data").unwrap_or(Json::Null), known),
        })
    });
    Some(payloads.collect())
}

fn single_event(object: &mut Object, known: &mut HashMap<String, Json>) -> Option<Vec<Payload>> {
    if object.len() != 2 {
        return None;
    }
    let name = object.get("name")?.as_str()?.to_owned();
    let data = take(object, "data")?;
    Some(vec![Payload::Event {
        name,
        data: wire_known(data, known),
    }])
}

/// Page lines of byte offsets in a block, counted incrementally (offsets mostly grow).
struct LineCounter<'a> {
    text: &'a str,
    first_line: u32,
    offset: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, first_line: u32) -> Self {
        Self {
            text,
            first_line,
            offset: 0,
            line: first_line,
        }
    }

    fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        // Counted from the last offset asked for, backwards when it is earlier: restarting from
        // the top would make a block with many examples quadratic.
        let (from, to) = (self.offset.min(offset), self.offset.max(offset));
        let newlines = self.text.as_bytes()[from..to]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let newlines = u32::try_from(newlines).unwrap_or(u32::MAX);
        self.line = if offset < self.offset {
            self.line.saturating_sub(newlines).max(self.first_line)
        } else {
            self.line.saturating_add(newlines)
        };
        self.offset = offset;
        self.line
    }

    /// 1-based column (in characters) of an offset, within its line; looks back only as far
    /// as the start of the line.
    fn column_at(&self, offset: usize) -> usize {
        let before = &self.text.as_bytes()[..offset.min(self.text.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1
    }
}

struct Block<'a> {
    text: &'a str,
    lines: LineCounter<'a>,
    examples: Vec<Example>,
    diagnostics: Vec<Diagnostic>,
}

impl Block<'_> {
    /// Reads the document at `start` (on its `{` or `[`); returns where to go on.
    fn document(&mut self, start: usize) -> usize {
        let rest = &self.text[start..];
        match lenient::parse_prefix(rest) {
            Ok((parsed, used)) => {
                let end = start + used;
                let (resume, trailing_text) = after_document(self.text, end);
                let mut parsed = parsed;
                if trailing_text && !parsed.repairs.contains(&Repair::TrailingText) {
                    parsed.repairs.push(Repair::TrailingText);
                }
                let raw = self.text[start..end].trim_end();
                self.push_document(start, raw, parsed);
                resume
            }
            Err(error) => {
                // `[“Lobby” | “Private”]` is a list of values, not a broken document.
                let line_end = line_end(self.text, start);
                let line = self.text[start..line_end].trim_end().trim_end_matches('`');
                if let Some(values) = alternatives(line) {
                    self.push_plain_values(start, &values);
                    return line_end;
                }
                let end = start + unreadable_extent(rest, error.offset);
                let raw = self.text[start..end].trim_end();
                if let Some(parsed) = read_escaped_document(raw) {
                    self.push_document(start, raw, parsed);
                    return end;
                }
                let line = self.lines.line_at(start);
                let error_offset = error.offset.min(rest.len());
                let lines_down = rest.as_bytes()[..error_offset]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                let error_line = line.saturating_add(u32::try_from(lines_down).unwrap_or(u32::MAX));
                let column = self.lines.column_at(start + error_offset);
                let place = if error.offset >= raw.len() {
                    "at its end".to_owned()
                } else if error_line == line {
                    format!("column {column}")
                } else {
                    format!("line {error_line}, column {column}")
                };
                let message = format!(
                    "example is not valid JSON and could not be repaired: {} ({place}); \
                     write it as valid JSON, with quotes inside strings escaped as \\\"",
                    error.message
                );
                self.push_unreadable(start, raw, message);
                end
            }
        }
    }

    fn push_document(&mut self, start: usize, raw: &str, parsed: Parsed) {
        let Parsed {
            value,
            repairs,
            mut embedded,
        } = parsed;
        let line = self.lines.line_at(start);
        let status = if repairs.is_empty() {
            ExampleStatus::Valid
        } else {
            // Built in place: `format!` over a joined list cost more than the rest of this.
            let mut message = String::with_capacity(160);
            message.push_str("example is not valid JSON, read it by repairing ");
            for (i, repair) in repairs.iter().enumerate() {
                if i > 0 {
                    message.push_str(", ");
                }
                message.push_str(repair.describe());
            }
            message.push_str("; fix it on the page");
            self.diagnostics
                .push(Diagnostic::info(line, Code::RepairedExample, message));
            ExampleStatus::Repaired
        };
        let payloads = normalise_known(value, &mut embedded);
        self.examples.push(Example {
            line,
            raw: raw.to_owned(),
            status,
            payloads,
        });
    }

    fn push_unreadable(&mut self, start: usize, raw: &str, message: String) {
        let line = self.lines.line_at(start);
        self.diagnostics
            .push(Diagnostic::warning(line, Code::UnreadableExample, message));
        self.examples.push(Example {
            line,
            raw: raw.to_owned(),
            status: ExampleStatus::Unreadable,
            payloads: Vec::new(),
        });
    }

    /// A line at `start` that does not open a document: plain values, a comment, an `OR`
    /// between alternatives, a label before a document, or a fragment of a document. Returns
    /// where to go on.
    fn plain_line(&mut self, start: usize) -> usize {
        let end = line_end(self.text, start);
        let line = &self.text[start..end];
        if let Some(document) = labelled_document(line) {
            return start + document;
        }
        if let Some(next) = self.members(start) {
            return next;
        }
        let line = line.trim().trim_matches('`').trim();
        if is_filler(line) {
            return end;
        }
        let values = alternatives(line).unwrap_or_else(|| vec![line]);
        self.push_plain_values(start, &values);
        end
    }

    /// Members without their braces at `start` (`"events": [{...}]` over several lines, or
    /// `"team":"chaos"`), read as the object they belong to; returns where to go on.
    fn members(&mut self, start: usize) -> Option<usize> {
        let line_end = line_end(self.text, start);
        let key = self.text[start..line_end].strip_prefix('"')?;
        let after_key = &key[key.find('"')? + 1..];
        if !after_key.trim_start().starts_with(':') {
            return None;
        }
        // All the lines up to the next document or blank line, else this line alone.
        let block_end = start + lines_before_next_document(&self.text[start..], 0, MAX_LINES);
        let candidates = [block_end, line_end];
        let (end, parsed) = candidates.iter().find_map(|&end| {
            let members = self.text[start..end].trim_end();
            let parsed = lenient::parse(&format!("{{{members}}}")).ok()?;
            let whole = parsed.value.is_object() && !parsed.repairs.contains(&Repair::TrailingText);
            whole.then_some((end, parsed))
        })?;
        let mut parsed = parsed;
        parsed.repairs.insert(0, Repair::MissingBraces);
        let raw = self.text[start..end].trim_end();
        self.push_document(start, raw, parsed);
        Some(end)
    }

    fn push_plain_values(&mut self, start: usize, values: &[&str]) {
        for &raw in values {
            match plain_value(raw) {
                Some(value) => self.examples.push(Example {
                    line: self.lines.line_at(start),
                    raw: raw.to_owned(),
                    status: ExampleStatus::Literal,
                    payloads: vec![Payload::Bare {
                        value: wire(&value),
                    }],
                }),
                None => self.push_unreadable(
                    start,
                    raw,
                    "example is a fragment of a JSON document, not a document; \
                     write the whole document, with quotes inside strings escaped as \\\""
                        .to_owned(),
                ),
            }
        }
    }
}

/// Whether `text` opens a document: `{`, `[`, or a quoted one (`"[{"a":1}]"`).
fn starts_document(text: &str) -> bool {
    let unquoted = text.strip_prefix('"').unwrap_or(text).trim_start();
    unquoted.starts_with(['{', '['])
}

/// Where the next example starts at or after `pos`, past whitespace and separators.
fn next_item(text: &str, pos: usize) -> Option<usize> {
    let skipped = text[pos..].find(|c: char| !is_separator(c))?;
    Some(pos + skipped)
}

/// What may stand between examples: whitespace, commas, semicolons, backticks.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || ",;`".contains(c)
}

fn line_end(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i)
}

/// After a document ending at `end`: where to go on, and whether the rest of the line is
/// text that belongs to no example. Separators and another document on the line are fine.
fn after_document(text: &str, end: usize) -> (usize, bool) {
    let line_end = line_end(text, end);
    let rest = &text[end..line_end];
    let separators = rest.find(|c: char| !is_separator(c)).unwrap_or(rest.len());
    let rest = &rest[separators..];
    if rest.is_empty() || starts_document(rest) {
        (end + separators, false)
    } else {
        (line_end, true)
    }
}

/// How much of `rest` an unreadable document takes, given where reading failed: up to where
/// its brackets balance (counted crudely, strings included), but at least to the end of the
/// line where reading failed, and then the lines that follow up to the next document or blank
/// line. Keeps the next documents of a block readable on their own, and the pieces of a broken
/// document together.
fn unreadable_extent(rest: &str, error_offset: usize) -> usize {
    let end = broken_document_end(rest, error_offset);
    let rest_of_line = rest[end..line_end(rest, end)].trim_start_matches(is_separator);
    if starts_document(rest_of_line) {
        return end;
    }
    lines_before_next_document(rest, end, usize::MAX)
}

/// Longest run of lines read as members without braces; beyond it, reading each line again
/// and again could grow quadratic.
const MAX_LINES: usize = 100;

/// The end of the line at `from`, extended over the lines that follow up to the next blank
/// line or line that starts a document, `max_lines` lines at most.
fn lines_before_next_document(rest: &str, from: usize, max_lines: usize) -> usize {
    let mut end = from;
    for _ in 1..max_lines {
        end = line_end(rest, end);
        let next_start = (end + 1).min(rest.len());
        let next = &rest[next_start..line_end(rest, next_start)];
        let next = next.trim().trim_start_matches('`');
        if end == rest.len() || next.is_empty() || starts_document(next) {
            return end;
        }
        end = next_start;
    }
    line_end(rest, end)
}

/// Where the brackets of the document at the start of `rest` balance, or the end of the line
/// where reading failed if that is further.
fn broken_document_end(rest: &str, error_offset: usize) -> usize {
    let mut depth = 0i64;
    let mut balanced_at = rest.len();
    for (i, b) in rest.bytes().enumerate() {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth <= 0 {
                    balanced_at = i + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    if balanced_at >= error_offset {
        balanced_at
    } else {
        let error_offset = error_offset.min(rest.len());
        rest.as_bytes()[error_offset..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| error_offset + i)
    }
}

/// Lines between examples that are not examples: elisions, comments, `OR`, and what strayed
/// into a code block (list items, `Privacy mode:` labels, HTML tags, lines of code).
fn is_filler(line: &str) -> bool {
    line.is_empty()
        || line.chars().all(|c| ".…, ".contains(c))
        || line.starts_with("//")
        || line.starts_with("/*")
        || line.starts_with('#')
        || line.eq_ignore_ascii_case("or")
        || line.starts_with("* ")
        || line.starts_with("- ")
        || (line.ends_with(':') && line.contains(' '))
        || (line.starts_with('<') && line.ends_with('>'))
        || line.ends_with(';')
}

/// `{\"a\":1}`: a document whose quotes are all escaped, as if copied out of a string.
fn read_escaped_document(raw: &str) -> Option<Parsed> {
    if !raw.contains("\\\"") {
        return None;
    }
    let parsed = lenient::parse(&raw.replace("\\\"", "\"")).ok()?;
    if parsed.repairs.contains(&Repair::TrailingText) {
        return None;
    }
    let mut parsed = parsed;
    parsed.repairs.insert(0, Repair::EscapedQuotes);
    Some(parsed)
}

/// Where the document starts in a line that labels it (`Info UPDATE: {"info":...}`).
fn labelled_document(line: &str) -> Option<usize> {
    let document = line.find(['{', '['])?;
    let label = line[..document].trim_end().trim_end_matches('`').trim_end();
    let is_label = label.ends_with(':') && !label.contains(['"', '\'', '“', '”', '`', ']', '}']);
    (is_label && starts_document(&line[document..])).then_some(document)
}

const QUOTES: [char; 4] = ['"', '\'', '“', '”'];

/// A list of possible values, one literal example each: `'a' | 'b'`, `[“a” | “b”]`,
/// `"a", "b"`. Words without quotes count only between `|`.
fn alternatives(line: &str) -> Option<Vec<&str>> {
    let inner = line
        .strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .unwrap_or(line);
    let piped = inner.contains('|');
    let parts: Vec<&str> = inner
        .split(['|', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty() && !is_filler(p))
        .collect();
    let is_word = |p: &str| !p.contains(char::is_whitespace) && !p.contains(['{', '}', '[', ']']);
    let fits = |p: &&str| {
        let unquoted = p.trim_matches(QUOTES);
        let quoted = p.starts_with(QUOTES) && !unquoted.is_empty() && !unquoted.contains(QUOTES);
        quoted || (piped && is_word(p))
    };
    (parts.len() > 1 && parts.iter().all(fits)).then_some(parts)
}

/// A plain value: a quoted text, a number, `true`/`false`/`null`, or any other text that is
/// not a piece of a JSON document (`"key":"value"`, `},`).
fn plain_value(raw: &str) -> Option<Json> {
    if raw.contains(['{', '}']) || raw.contains("\":") || raw.contains("”:") {
        return None;
    }
    if let Ok(value) = serde_json::from_str::<Json>(raw) {
        if !value.is_object() && !value.is_array() {
            return Some(value);
        }
    }
    let unquoted = raw.trim_matches(QUOTES);
    let quoted = raw.starts_with(QUOTES) && !unquoted.contains(QUOTES);
    Some(Json::String(if quoted { unquoted } else { raw }.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn info(feature: Option<&str>, category: Option<&str>, key: &str, wire: Json) -> Payload {
        Payload::Info {
            feature: feature.map(str::to_owned),
            category: category.map(str::to_owned),
            key: key.to_owned(),
            value: super::wire(&wire),
        }
    }

    fn event(name: &str, data: Json) -> Payload {
        Payload::Event {
            name: name.to_owned(),
            data: wire(&data),
        }
    }

    fn bare(value: Json) -> Payload {
        Payload::Bare {
            value: wire(&value),
        }
    }

    /// Reads a block and returns its single example.
    fn one(text: &str) -> Example {
        let (mut examples, _) = read_examples(text, 1);
        assert_eq!(examples.len(), 1, "{text}: {examples:#?}");
        examples.remove(0)
    }

    /// The payload of an example that has at most one.
    fn payload(example: &Example) -> Option<Payload> {
        assert!(example.payloads.len() <= 1, "{example:#?}");
        example.payloads.first().cloned()
    }

    fn decoded(payload: &Payload) -> Option<&Json> {
        match payload {
            Payload::Info { value, .. } | Payload::Bare { value } => value.decoded.as_ref(),
            Payload::Event { data, .. } => data.decoded.as_ref(),
        }
    }

    #[test]
    fn envelopes() {
        let cases = [
            (
                json!({"info":{"me":{"name":"Shargaas"}},"feature":"me"}),
                vec![info(Some("me"), Some("me"), "name", json!("Shargaas"))],
            ),
            (
                json!({"info":{"match_info":{"kills":"3","deaths":"1"}},"feature":"stats"}),
                vec![
                    info(Some("stats"), Some("match_info"), "kills", json!("3")),
                    info(Some("stats"), Some("match_info"), "deaths", json!("1")),
                ],
            ),
            (
                json!({"info":{"match_info":{"key":"notable","value":"x"}},"feature":"match_info"}),
                vec![info(
                    Some("match_info"),
                    Some("match_info"),
                    "notable",
                    json!("x"),
                )],
            ),
            (
                json!({"info":{"roster":"{}"}}),
                vec![info(None, None, "roster", json!("{}"))],
            ),
            (
                json!({"feature":"gep_internal","category":"gep_internal","key":"version_info","value":"1"}),
                vec![info(
                    Some("gep_internal"),
                    Some("gep_internal"),
                    "version_info",
                    json!("1"),
                )],
            ),
            (
                json!({"category":"game_info","key":"phase","data":"lobby"}),
                vec![info(None, Some("game_info"), "phase", json!("lobby"))],
            ),
            (
                json!({"events":[{"name":"kill","data":"1"},{"name":"death"}]}),
                vec![event("kill", json!("1")), event("death", Json::Null)],
            ),
            (
                json!({"events":[{"name":"kill","data":""}],"feature":"kill"}),
                vec![event("kill", json!(""))],
            ),
            (
                json!({"name":"damage","data":7}),
                vec![event("damage", json!(7))],
            ),
            // Not envelopes: extra members, wrong types, empty lists.
            (
                json!({"info":{"me":{"a":1}},"feature":"me","extra":1}),
                vec![bare(
                    json!({"info":{"me":{"a":1}},"feature":"me","extra":1}),
                )],
            ),
            (json!({"events":[]}), vec![bare(json!({"events":[]}))]),
            (
                json!({"info":{"me":{}},"feature":"me"}),
                vec![bare(json!({"info":{"me":{}},"feature":"me"}))],
            ),
            (
                json!({"info":{"me":{"a":1}},"feature":7}),
                vec![bare(json!({"info":{"me":{"a":1}},"feature":7}))],
            ),
            (
                json!({"events":[{"name":"a","data":1},{"name":"b","x":2}]}),
                vec![bare(
                    json!({"events":[{"name":"a","data":1},{"name":"b","x":2}]}),
                )],
            ),
            (
                json!({"events":[{"name":1,"data":""}]}),
                vec![bare(json!({"events":[{"name":1,"data":""}]}))],
            ),
            (
                json!({"key":"a","value":1,"data":2}),
                vec![bare(json!({"key":"a","value":1,"data":2}))],
            ),
            (
                json!({"name":"x","value":"1"}),
                vec![bare(json!({"name":"x","value":"1"}))],
            ),
            (json!([1, 2]), vec![bare(json!([1, 2]))]),
            (json!("victory"), vec![bare(json!("victory"))]),
        ];
        for (value, expected) in cases {
            assert_eq!(normalise(value.clone()), expected, "{value}");
        }
    }

    #[test]
    fn documents_read_inside_strings_decode_as_when_read_again() {
        let text = r#"{"info":{"m":{"log":"{"a":"x","b":[1,{"c":null}]}","pos":"{"x":1.5}"}},"feature":"m"}"#;
        let (examples, _) = read_examples(text, 1);
        assert_eq!(examples.len(), 1);
        assert_eq!(examples[0].payloads.len(), 2);
        for payload in &examples[0].payloads {
            let Payload::Info { value, .. } = payload else {
                panic!("{payload:?}");
            };
            assert!(value.decoded.is_some());
            assert_eq!(value, &wire(&value.wire));
        }
    }

    #[test]
    fn an_example_of_many_keys_keeps_its_text_once() {
        // One copy of the text per key made a 300 kB example of 10,000 keys take 3 GB.
        let keys: Vec<String> = (0..1000).map(|i| format!(r#""key_{i}":"{i}""#)).collect();
        let text = format!(
            r#"{{"info":{{"match_info":{{{}}}}},"feature":"match_info"}}"#,
            keys.join(",")
        );
        let (examples, _) = read_examples(&text, 7);
        assert_eq!(examples.len(), 1);
        assert_eq!(examples[0].raw, text);
        assert_eq!(examples[0].payloads.len(), 1000);
        assert_eq!(
            examples[0].payloads[999],
            info(
                Some("match_info"),
                Some("match_info"),
                "key_999",
                json!("999")
            )
        );
        let each: Vec<_> = examples[0].each_payload().collect();
        assert_eq!(each.len(), 1000);
        assert!(each
            .iter()
            .all(|p| p.line == 7 && p.status == ExampleStatus::Valid));
    }

    #[test]
    fn wire_values_decode_embedded_documents() {
        let cases = [
            (json!(r#"{"x":"93"}"#), Some(json!({"x": "93"}))),
            (json!(r#"[{"a":1}]"#), Some(json!([{"a": 1}]))),
            (
                json!("{\r\n  \"team_ct\": 6,\r\n  \"team_t\": 2\r\n}"),
                Some(json!({"team_ct": 6, "team_t": 2})),
            ),
            (
                json!(r#"``{"in_progress":true}"#),
                Some(json!({"in_progress": true})),
            ),
            (json!(r#"{"a":"b",}"#), Some(json!({"a": "b"}))),
            (json!("null"), Some(Json::Null)),
            (json!("nulll"), Some(Json::Null)),
            (json!("15"), None),
            (json!("true"), None),
            (json!("[x] done"), None),
            (json!("{placeholder}"), None),
            (json!("{damage: integer}"), None),
            (
                json!(r#"{"gold":"717", total_gold:"1119"}"#),
                Some(json!({"gold": "717", "total_gold": "1119"})),
            ),
            (json!(""), None),
            (json!(3), None),
        ];
        for (value, expected) in cases {
            assert_eq!(wire(&value).decoded, expected, "{value}");
        }
    }

    #[test]
    fn seed_lines_with_unescaped_embedded_documents() {
        // From the seed pages (003 Apex Markdown, 002 Dota 2 text, 000 World of Tanks).
        let cases = [
            (
                r#"{"feature":"gep_internal","category":"gep_internal","key":"version_info","value":"{"local_version":"143.0.10","public_version":"143.0.10","is_updated":true}"}"#,
                json!({"local_version":"143.0.10","public_version":"143.0.10","is_updated":true}),
            ),
            (
                r#"{"info":{"me":{"ultimate_cooldown":"{"ultimate_cooldown":"20"}"}},"feature":"me"}"#,
                json!({"ultimate_cooldown": "20"}),
            ),
            (
                r#"{"info":{"match_info":{"roster_13":"{"name":"ilgaru88","isTeammate":true,"team_id":12,"platform_hw":2,"platform_sw":2,"state":"alive"}"}},"feature":"roster"}"#,
                json!({"name":"ilgaru88","isTeammate":true,"team_id":12,"platform_hw":2,"platform_sw":2,"state":"alive"}),
            ),
            (
                r#"{"events":[{"name":"kill_feed","data":"{"local_player_name":"Shargaas","attackerName":"shayan3200", "victimName":"i999n","weaponName":"alternator","action":"knockdown"}"}]}"#,
                json!({"local_player_name":"Shargaas","attackerName":"shayan3200","victimName":"i999n","weaponName":"alternator","action":"knockdown"}),
            ),
            (
                r#"{"events":[{"name":"game_state_changed","data":"{"game_state": "playing", "match_state": "DOTA_GAMERULES_STATE_INIT", "match_id": "0", "player_steam_id": "76561197971316549", "player_team": "radiant"}"}]}"#,
                json!({"game_state":"playing","match_state":"DOTA_GAMERULES_STATE_INIT","match_id":"0","player_steam_id":"76561197971316549","player_team":"radiant"}),
            ),
            (
                r#"{"events":[{"name":"hero_ability_used","data":"{"slot":0,"name":"sven_storm_bolt","level":4, "can_cast":false,"passive":false,"ability_active":true,"cooldown":7,"ultimate":false}"}]}"#,
                json!({"slot":0,"name":"sven_storm_bolt","level":4,"can_cast":false,"passive":false,"ability_active":true,"cooldown":7,"ultimate":false}),
            ),
        ];
        for (text, document) in cases {
            let example = one(text);
            assert_eq!(example.status, ExampleStatus::Repaired, "{text}");
            assert_eq!(example.raw, text);
            let payload = &payload(&example).unwrap();
            assert_eq!(decoded(payload), Some(&document), "{text}");
        }
    }

    #[test]
    fn valid_example_with_escaped_document() {
        let text = r#"{"info":{"me":{"ultimate_cooldown":"{\"ultimate_cooldown\":\"15\"}"}},"feature":"me"}"#;
        let (examples, diagnostics) = read_examples(text, 42);
        assert!(diagnostics.is_empty());
        assert_eq!(examples.len(), 1);
        assert_eq!(examples[0].line, 42);
        assert_eq!(examples[0].status, ExampleStatus::Valid);
        assert_eq!(
            payload(&examples[0]),
            Some(Payload::Info {
                feature: Some("me".into()),
                category: Some("me".into()),
                key: "ultimate_cooldown".into(),
                value: WireValue {
                    wire: json!(r#"{"ultimate_cooldown":"15"}"#),
                    decoded: Some(json!({"ultimate_cooldown": "15"})),
                },
            })
        );
    }

    #[test]
    fn several_examples_per_line_and_per_block_with_exact_lines() {
        let text = concat!(
            "{\"events\":[{\"name\":\"match_outcome\",\"data\":\"defeat\"}]}\n",
            "{\"events\":[{\"name\":\"match_outcome\",\"data\":\"victory\"}]}\n",
            "\n",
            "// OR\n",
            "{\"info\":{\"m\":{\"s\":\"{\"a\":true}\"}},\"feature\":\"m\"}{\"info\":{\"m\":{\"s\":\"{\"a\":false}\"}},\"feature\":\"m\"}\n",
            "{\"name\":\"a\",\"data\":\"1\"}, {\"name\":\"b\",\"data\":\"2\"}`\n",
        );
        let (examples, diagnostics) = read_examples(text, 10);
        let summary: Vec<(u32, ExampleStatus)> =
            examples.iter().map(|e| (e.line, e.status)).collect();
        use ExampleStatus::*;
        assert_eq!(
            summary,
            [
                (10, Valid),
                (11, Valid),
                (14, Repaired),
                (14, Repaired),
                (15, Valid),
                (15, Valid)
            ]
        );
        assert_eq!(
            examples[3].raw,
            r#"{"info":{"m":{"s":"{"a":false}"}},"feature":"m"}"#
        );
        assert_eq!(examples[5].raw, r#"{"name":"b","data":"2"}"#);
        assert_eq!(
            decoded(&payload(&examples[3]).unwrap()),
            Some(&json!({"a": false}))
        );
        assert_eq!(diagnostics.len(), 2);
        assert!(diagnostics.iter().all(|d| d.code == Code::RepairedExample
            && d.line == Some(14)
            && d.message.contains("unescaped quotes")));
    }

    #[test]
    fn one_document_over_several_lines() {
        let text = "intro is not here\n{\n  \"info\": {\n    \"me\": {\"name\": \"x\"}\n  },\n  \"feature\": \"me\"\n}\n{\"name\":\"kill\",\"data\":\"\"}";
        let (examples, _) = read_examples(text, 100);
        let lines: Vec<u32> = examples.iter().map(|e| e.line).collect();
        assert_eq!(lines, [100, 101, 107]);
        assert_eq!(examples[0].status, ExampleStatus::Literal);
        assert_eq!(examples[1].status, ExampleStatus::Valid);
        assert!(examples[1].raw.starts_with("{\n") && examples[1].raw.ends_with("\n}"));
        assert_eq!(
            payload(&examples[1]),
            Some(info(Some("me"), Some("me"), "name", json!("x")))
        );
    }

    #[test]
    fn multi_line_embedded_document_with_elision() {
        let text = concat!(
            "{\"feature\":\"match_info\",\"category\":\"match_info\",\"key\":\"items_stats\",\"value\":\"[\n",
            "    {\"name\":\".stone_sword\",\"value\":\"1\"},\n",
            "...\n",
            "    {\"name\":\"ead\",\"value\":\"13\"}]\"}\n",
        );
        let example = one(text);
        assert_eq!(example.status, ExampleStatus::Repaired);
        assert_eq!(
            decoded(&payload(&example).unwrap()),
            Some(&json!([{"name": ".stone_sword", "value": "1"}, {"name": "ead", "value": "13"}]))
        );
    }

    #[test]
    fn unreadable_example_spans_its_lines_and_says_where() {
        let text = concat!(
            "{\"feature\":\"m\",\"key\":\"general_stats\",\"value\":\"[\n",
            "    {\"name\":\"clean_banner\",\"value\":\"0\"},\n",
            "    {\"name\":\"jump\",\"value\":\"4872\"}\n",
        );
        let (examples, diagnostics) = read_examples(text, 7);
        assert_eq!(examples.len(), 1, "{examples:#?}");
        assert_eq!(examples[0].status, ExampleStatus::Unreadable);
        assert_eq!(examples[0].line, 7);
        assert_eq!(examples[0].raw, text.trim_end());
        assert_eq!(payload(&examples[0]), None);
        // The emitters still see it, as one item without a payload.
        let each: Vec<_> = examples[0].each_payload().map(|p| p.payload).collect();
        assert_eq!(each, vec![None]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::UnreadableExample);
        assert_eq!(diagnostics[0].line, Some(7));
        assert!(
            diagnostics[0].message.contains("(at its end)"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn unreadable_example_leaves_the_next_one_readable() {
        let text =
            "{\"info\":{\"m\":{\"score\",\"value\":\"1\"}}}\n{\"name\":\"kill\",\"data\":\"1\"}";
        let (examples, diagnostics) = read_examples(text, 1);
        let statuses: Vec<_> = examples.iter().map(|e| (e.line, e.status)).collect();
        assert_eq!(
            statuses,
            [(1, ExampleStatus::Unreadable), (2, ExampleStatus::Valid)]
        );
        assert!(
            diagnostics[0].message.contains("(column 22)"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn plain_values_are_literals() {
        let (examples, diagnostics) =
            read_examples("`'hangar_v2' | 'hangar_bootcamp' | '05_prohorovka'`", 132);
        assert!(diagnostics.is_empty());
        let values: Vec<_> = examples
            .iter()
            .map(|e| (e.line, e.raw.as_str(), e.status, payload(e)))
            .collect();
        assert_eq!(
            values,
            [
                (
                    132,
                    "'hangar_v2'",
                    ExampleStatus::Literal,
                    Some(bare(json!("hangar_v2")))
                ),
                (
                    132,
                    "'hangar_bootcamp'",
                    ExampleStatus::Literal,
                    Some(bare(json!("hangar_bootcamp")))
                ),
                (
                    132,
                    "'05_prohorovka'",
                    ExampleStatus::Literal,
                    Some(bare(json!("05_prohorovka")))
                ),
            ]
        );
        let id = one("`0c0ea3df-97ea-4d3a-b1f6-f8e34042251f`");
        assert_eq!(id.status, ExampleStatus::Literal);
        assert_eq!(
            payload(&id),
            Some(bare(json!("0c0ea3df-97ea-4d3a-b1f6-f8e34042251f")))
        );
        assert_eq!(payload(&one("42")), Some(bare(json!(42))));
        assert_eq!(payload(&one("\"null\"")), Some(bare(json!("null"))));
        // A server name with `|` inside is one value, not alternatives.
        assert_eq!(
            payload(&one("RU | ALTAI AWP 128tick")),
            Some(bare(json!("RU | ALTAI AWP 128tick")))
        );
    }

    #[test]
    fn lists_of_possible_values() {
        let cases: [(&str, &[&str]); 5] = [
            (
                "[“Lobby” | “Private” | “Online”]",
                &["Lobby", "Private", "Online"],
            ),
            (
                "[“waitingForPlayers” | “countdown | “active”]",
                &["waitingForPlayers", "countdown", "active"],
            ),
            (
                r#""Knife", "Pistol", "Machine Gun""#,
                &["Knife", "Pistol", "Machine Gun"],
            ),
            (
                "[“soccer” | “basketball”, “hockey”]",
                &["soccer", "basketball", "hockey"],
            ),
            ("a | b | ...", &["a", "b"]),
        ];
        for (line, values) in cases {
            let (examples, diagnostics) = read_examples(line, 9);
            assert!(diagnostics.is_empty(), "{line}: {diagnostics:?}");
            let read: Vec<Option<Payload>> = examples.iter().map(payload).collect();
            let expected: Vec<Option<Payload>> =
                values.iter().map(|v| Some(bare(json!(v)))).collect();
            assert_eq!(read, expected, "{line}");
            assert!(examples
                .iter()
                .all(|e| e.line == 9 && e.status == ExampleStatus::Literal));
        }
        // Valid JSON stays one document; prose with commas stays one text.
        assert_eq!(payload(&one(r#"["a","b"]"#)), Some(bare(json!(["a", "b"]))));
        assert_eq!(
            payload(&one(r#"Competitive mode on "Dust II" map"#)),
            Some(bare(json!(r#"Competitive mode on "Dust II" map"#)))
        );
    }

    #[test]
    fn label_before_a_document() {
        let example =
            one(r#"Info UPDATE: {"info":{"game_info":{"phase":"lobby"}},"feature":"game_info"}"#);
        assert_eq!(example.status, ExampleStatus::Valid);
        assert_eq!(
            example.raw,
            r#"{"info":{"game_info":{"phase":"lobby"}},"feature":"game_info"}"#
        );
        assert_eq!(
            payload(&example),
            Some(info(
                Some("game_info"),
                Some("game_info"),
                "phase",
                json!("lobby")
            ))
        );
    }

    #[test]
    fn typographic_quotes_are_repaired() {
        let example = one("{“event”:”match_start”,“data”:”null”}");
        assert_eq!(example.status, ExampleStatus::Repaired);
        assert_eq!(
            payload(&example),
            Some(bare(json!({"event": "match_start", "data": "null"})))
        );
    }

    #[test]
    fn members_without_braces() {
        let text = "\"events\": [{\n    \"name\": \"kill_feed\",\n\t\"data\": {\"weaponName\": \"Bleed Out\"}\n}]\n\n\"team\":\"chaos\"\n\"team\":\"order\",";
        let (examples, diagnostics) = read_examples(text, 20);
        let read: Vec<(u32, ExampleStatus, Option<Payload>)> = examples
            .iter()
            .map(|e| (e.line, e.status, payload(e)))
            .collect();
        assert_eq!(
            read,
            [
                (
                    20,
                    ExampleStatus::Repaired,
                    Some(event("kill_feed", json!({"weaponName": "Bleed Out"})))
                ),
                (
                    25,
                    ExampleStatus::Repaired,
                    Some(bare(json!({"team": "chaos"})))
                ),
                (
                    26,
                    ExampleStatus::Repaired,
                    Some(bare(json!({"team": "order"})))
                ),
            ]
        );
        assert!(diagnostics[0]
            .message
            .contains("members without their enclosing braces"));
        assert_eq!(examples[0].raw, text.split("\n\n").next().unwrap());
    }

    #[test]
    fn document_with_all_quotes_escaped() {
        let example = one(r#"{\"team_state\":\"active\"}"#);
        assert_eq!(example.status, ExampleStatus::Repaired);
        assert_eq!(
            payload(&example),
            Some(bare(json!({"team_state": "active"})))
        );
    }

    #[test]
    fn fragments_and_fillers() {
        let (examples, diagnostics) = read_examples(
            "...\n// comment\nOR\nPrivacy mode:\n* nickname - the name\n<details>\nconsole.log(info);\n:true,\"hero\":\"wisp\"},\n",
            1,
        );
        assert_eq!(examples.len(), 1);
        assert_eq!(examples[0].line, 8);
        assert_eq!(examples[0].status, ExampleStatus::Unreadable);
        assert_eq!(diagnostics[0].code, Code::UnreadableExample);
        assert!(read_examples("", 1).0.is_empty());
        assert!(read_examples(" \n ``` \n", 1).0.is_empty());
    }

    #[test]
    fn trailing_text_is_a_repair() {
        let example = one(r#"{"GameID":2,"LocalPlayerWon":false}"}"#);
        assert_eq!(example.status, ExampleStatus::Repaired);
        assert_eq!(example.raw, r#"{"GameID":2,"LocalPlayerWon":false}"#);
    }

    #[test]
    fn repairs_are_named_in_the_diagnostic() {
        let (_, diagnostics) = read_examples(r#"{"events":[{"name":"x","data":nulll},]}"#, 3);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].severity, crate::ir::Severity::Info);
        assert_eq!(diagnostics[0].line, Some(3));
        assert_eq!(
            diagnostics[0].message,
            "example is not valid JSON, read it by repairing a misspelt null, true or false, \
             a trailing comma; fix it on the page"
        );
    }

    #[test]
    fn example_starts() {
        for line in [
            r#"{"info":{}}"#,
            "  {",
            "`{\"a\":1}`",
            "{ 'a': 1 }",
            "[{\"a\":1}]",
            "[1,2]",
            "[",
        ] {
            assert!(looks_like_example(line), "{line}");
        }
        for line in [
            "{damage: integer}",
            "{x} is the player",
            "[link](url)",
            "text {\"a\":1}",
            "",
        ] {
            assert!(!looks_like_example(line), "{line}");
        }
    }

    /// Big blocks of what costs most (broken documents, members, lists) read in linear time.
    #[test]
    fn big_blocks_finish_quickly() {
        for line in [
            "\"a\":1",
            "{\"a\":\"{\"b\":1}\"",
            "{\"a\":1",
            "[“a” | “b”]",
            "\"{\"x",
            "x",
        ] {
            let block = format!("{line}\n").repeat(20_000);
            let started = std::time::Instant::now();
            let (examples, _) = read_examples(&block, 1);
            assert!(!examples.is_empty(), "{line}");
            assert!(
                started.elapsed().as_secs() < 5,
                "{line}: {:?}",
                started.elapsed()
            );
        }
    }

    /// Every prefix and suffix of every example line of the vendored seed pages: no panic,
    /// and every example keeps a line inside the block.
    #[test]
    fn truncated_seed_examples_never_panic() {
        let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/docs");
        let mut lines = 0;
        for entry in std::fs::read_dir(docs).expect("spec/docs") {
            let page = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in page.lines().filter(|l| l.contains('{')) {
                lines += 1;
                let cuts = line.char_indices().map(|(i, _)| i).chain([line.len()]);
                for cut in cuts {
                    for piece in [&line[..cut], &line[cut..]] {
                        let (examples, _) = read_examples(piece, 5);
                        assert!(examples.iter().all(|e| e.line == 5), "{piece}");
                        let _ = lenient::parse(piece);
                    }
                }
            }
        }
        assert!(lines > 50, "seed pages not found or empty: {lines}");
    }
}
