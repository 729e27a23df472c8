//! A lenient JSON reader for the data examples in the GEP docs.
//!
//! About a third of the example lines on the pages are not valid JSON. The usual slip is a JSON
//! document written inside a string without escaping its quotes:
//!
//! ```text
//! {"info":{"match_info":{"location":"{"x":"93","y":"305"}"}},"feature":"location"}
//! ```
//!
//! Others are trailing commas, single or typographic quotes, `nulll` or `True`, unquoted words,
//! `...` standing for elided items (or for an excerpt's jump from inside one item into
//! another), HTML line breaks between tokens, a missing last bracket and text after the
//! document (see [`Repair`]). [`parse`] first tries strict JSON; only when that
//! fails does it read the text again, repairing what has a single plausible reading and
//! reporting each kind of repair. What has no such reading is an error.
//!
//! How quotes are read inside a string:
//!
//! - A string that starts with `{` or `[` is first read as an embedded document whose strings
//!   are delimited by `"` or `\"` (or as several, `"{...},{...}"`). When that works, the string
//!   becomes the document rebuilt as compact JSON, so the value is what GEP sends on the wire
//!   (`"{\"x\":\"93\"}"`). When it fails although the string plainly holds a document
//!   (`"{"…`), that is an error rather than a guess.
//! - Otherwise a quote closes a value string only when what follows it can follow a string
//!   there (`,` or the closing bracket); any other quote is kept as a literal character, and
//!   such a guess does not run over a line break. Keys close at their first quote.
//!
//! Inside an embedded document most containers are valid JSON but for the quotes around them;
//! each is first given to serde_json, whose reading is taken where this reader would read the
//! same (no `\"`, no string that starts with a bracket, no deeper nesting than allowed).
//!
//! The reader never panics, and runs in linear time: the embedded-document attempts can read
//! text twice, so every step, and every byte serde_json goes through, draws on a budget
//! proportional to the input length.

use foldhash::HashMap;
use std::fmt;
use std::str::FromStr;

use serde_json::Number;

use crate::json::{Json, Object};

/// A document that was read, and what had to be repaired to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: Json,
    /// Each kind of repair once, in the order first met; empty when the text is valid JSON.
    pub repairs: Vec<Repair>,
    /// Documents that were written inside strings of `value`, by the compact JSON that stands
    /// for each there, which [`parse`] reads back as exactly this document: decoding such a
    /// string can take it from here instead of reading it a second time. Not every embedded
    /// document is kept.
    pub embedded: HashMap<String, Json>,
}

/// A kind of slip that was repaired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Repair {
    /// Quotes inside a string are not escaped: a JSON document written inside a string
    /// (`"{"x":"93"}"`), or a stray quote in a text.
    UnescapedQuotes,
    /// A document inside a string lacks the closing quote (`"value":"[1,2]}`).
    MissingQuote,
    /// A string in single quotes.
    SingleQuotes,
    /// Typographic quotes (`“event”:”match_start”`) for `"`.
    TypographicQuotes,
    /// An object key without quotes (`{key: 1}`).
    UnquotedKey,
    /// A text value without quotes (`"data":victory`).
    UnquotedString,
    /// `nulll`, `True`, `False`, `None`, `undefined` and their kin.
    MisspeltLiteral,
    /// A comma before `}` or `]`.
    TrailingComma,
    /// `...` standing for elided items.
    Ellipsis,
    /// The document ends before its last closing bracket.
    MissingBracket,
    /// A backslash escape that JSON does not know, or a raw line break inside a string.
    InvalidEscape,
    /// Escaped line breaks or tabs (`\r\n`) between the parts of a document inside a string.
    EscapedWhitespace,
    /// HTML line breaks (`</br>`, `` `<br>` ``) between tokens, from examples in table cells.
    HtmlLineBreak,
    /// Text after the document (a comma, a word, a stray quote).
    TrailingText,
    /// Members written without their enclosing braces (`"team":"chaos"`).
    MissingBraces,
    /// A whole document written with escaped quotes (`{\"a\":1}`).
    EscapedQuotes,
    /// `...` eliding text across brackets: an excerpt that jumps from inside one item into
    /// another (`[{"a":1,"b":{"c":2 ... "d":3}},{"a":4}]`). Reading resumes in the outermost
    /// container the jump cannot have left; what the jump cut through is left out.
    ElidedAcrossBrackets,
}

impl Repair {
    /// What was wrong, in a few words, for diagnostics.
    pub fn describe(self) -> &'static str {
        match self {
            Repair::UnescapedQuotes => "unescaped quotes inside a string",
            Repair::MissingQuote => "a missing closing quote",
            Repair::SingleQuotes => "single-quoted strings",
            Repair::TypographicQuotes => "typographic quotes",
            Repair::UnquotedKey => "unquoted keys",
            Repair::UnquotedString => "unquoted text values",
            Repair::MisspeltLiteral => "a misspelt null, true or false",
            Repair::TrailingComma => "a trailing comma",
            Repair::Ellipsis => "`...` for elided items",
            Repair::MissingBracket => "a missing closing bracket",
            Repair::InvalidEscape => "an invalid escape or a raw line break in a string",
            Repair::EscapedWhitespace => "escaped line breaks between tokens",
            Repair::HtmlLineBreak => "HTML line breaks between tokens",
            Repair::TrailingText => "text after the document",
            Repair::MissingBraces => "members without their enclosing braces",
            Repair::EscapedQuotes => "a document written with escaped quotes",
            Repair::ElidedAcrossBrackets => {
                "`...` eliding text across brackets (what it cut through is left out)"
            }
        }
    }
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Why a text could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at byte {offset}")]
pub struct LenientError {
    /// Byte offset in the text where reading stopped.
    pub offset: usize,
    pub message: String,
}

/// Reads `text` as one JSON document, repairing slips; text after the document is ignored and
/// reported as [`Repair::TrailingText`].
pub fn parse(text: &str) -> Result<Parsed, LenientError> {
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(Parsed {
            value,
            repairs: Vec::new(),
            embedded: HashMap::default(),
        });
    }
    let mut reader = Reader::new(text);
    let value = reader.document()?;
    reader.skip_whitespace()?;
    if reader.pos < text.len() {
        reader.repair(Repair::TrailingText);
    }
    Ok(reader.finish(value))
}

/// Reads the JSON document at the start of `text` and returns it with the number of bytes it
/// took (leading whitespace included); whatever follows is left for the caller, so several
/// documents on one line can be read one after the other.
pub fn parse_prefix(text: &str) -> Result<(Parsed, usize), LenientError> {
    // A strict prefix is the right reading of anything but a string, where `"{"a":1}"`
    // would be read as `"{"` followed by text.
    if text.trim_start().starts_with('"') {
        return lenient_prefix(text);
    }
    let mut strict = serde_json::Deserializer::from_str(text).into_iter::<Json>();
    if let Some(Ok(value)) = strict.next() {
        let used = strict.byte_offset();
        let parsed = Parsed {
            value,
            repairs: Vec::new(),
            embedded: HashMap::default(),
        };
        return Ok((parsed, used));
    }
    lenient_prefix(text)
}

fn lenient_prefix(text: &str) -> Result<(Parsed, usize), LenientError> {
    let mut reader = Reader::new(text);
    let value = reader.document()?;
    let used = reader.pos;
    Ok((reader.finish(value), used))
}

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;
/// How many documents-inside-strings may nest (`"{"a":"{"b":1}"}"` is two).
const MAX_EMBEDDED: usize = 3;
/// Steps allowed per input byte. Each embedded level can at most double the work, so
/// `2^MAX_EMBEDDED` plus room for look-ahead is plenty for any real text.
const STEPS_PER_BYTE: usize = 16;

/// Longest first, so that `` `</br>` `` is taken whole rather than as a backtick.
const HTML_LINE_BREAKS: [&str; 6] = ["`</br>`", "`<br/>`", "`<br>`", "</br>", "<br/>", "<br>"];

/// Where a value sits, which decides what may follow a closing quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// The document itself.
    Root,
    /// An object key: `:` follows.
    Key,
    /// A value in an object: `,` or `}` follows.
    Member,
    /// An item in an array: `,` or `]` follows.
    Item,
}

impl Context {
    /// The bracket that closes the container around a value here.
    fn closer(self) -> Option<u8> {
        match self {
            Context::Member => Some(b'}'),
            Context::Item => Some(b']'),
            Context::Root | Context::Key => None,
        }
    }
}

/// A `...` that jumped out of the containers open before it: reading unwinds to the container
/// at `depth` and goes on there at `resume_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    depth: usize,
    resume_at: usize,
}

/// Where a `...` stands in a container: where an item may start, or after an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Start,
    AfterValue,
}

/// What a container's loop does next after an item or an elision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// Go on: read the separator after the item.
    Read,
    /// Start the next round of the loop (at an item, a comma already taken).
    Next,
    /// A cut is unwinding to an outer container: close this one as it is.
    Unwind,
}

/// How a string was opened: `"`, `'`, `“` or `”`, or `\"` inside an embedded document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    Double,
    Single,
    Typographic,
    EscapedDouble,
}

impl Quote {
    fn len(self) -> usize {
        match self {
            Quote::Double | Quote::Single => 1,
            Quote::EscapedDouble => 2,
            Quote::Typographic => '“'.len_utf8(),
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
    /// How many embedded documents enclose the current position.
    embedded: usize,
    /// The outermost embedded documents read, by their compact JSON (see [`Parsed`]).
    documents: HashMap<String, Json>,
    /// How many floats have been read.
    floats: usize,
    /// Steps left; reading stops with an error when it runs out.
    fuel: usize,
    /// A missing bracket is repaired once per document at most; more is a truncated text.
    closed_at_end: bool,
    /// A `...` that jumped out of containers, while reading unwinds to where it resumes.
    cut: Option<Cut>,
    /// The depth of the outermost container a `...` may jump within: the document's root, or
    /// the root of the embedded document being read (a jump cannot leave a string).
    cut_floor: usize,
    repairs: Vec<Repair>,
}

type Result<T, E = LenientError> = std::result::Result<T, E>;

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            pos: 0,
            depth: 0,
            embedded: 0,
            documents: HashMap::default(),
            floats: 0,
            fuel: text
                .len()
                .saturating_mul(STEPS_PER_BYTE)
                .saturating_add(1024),
            closed_at_end: false,
            cut: None,
            cut_floor: 1,
            repairs: Vec::new(),
        }
    }

    fn finish(self, value: Json) -> Parsed {
        Parsed {
            value,
            repairs: self.repairs,
            embedded: self.documents,
        }
    }

    fn error(&self, message: impl Into<String>) -> LenientError {
        LenientError {
            offset: self.pos,
            message: message.into(),
        }
    }

    fn repair(&mut self, repair: Repair) {
        if !self.repairs.contains(&repair) {
            self.repairs.push(repair);
        }
    }

    fn tick(&mut self) -> Result<()> {
        match self.fuel.checked_sub(1) {
            Some(left) => {
                self.fuel = left;
                Ok(())
            }
            None => Err(self.error("text too convoluted to repair")),
        }
    }

    fn byte_at(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    fn peek(&self) -> Option<u8> {
        self.byte_at(self.pos)
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn is_escaped_quote_at(&self, at: usize) -> bool {
        self.byte_at(at) == Some(b'\\') && self.byte_at(at + 1) == Some(b'"')
    }

    fn is_typographic_quote_at(&self, at: usize) -> bool {
        self.text
            .get(at..)
            .is_some_and(|rest| rest.starts_with(['“', '”']))
    }

    /// The quote that can open a string at `at`.
    fn quote_at(&self, at: usize) -> Option<Quote> {
        match self.byte_at(at)? {
            b'"' => Some(Quote::Double),
            b'\'' => Some(Quote::Single),
            b'\\' if self.embedded > 0 && self.is_escaped_quote_at(at) => {
                Some(Quote::EscapedDouble)
            }
            _ if self.is_typographic_quote_at(at) => Some(Quote::Typographic),
            _ => None,
        }
    }

    /// The document at the current position, with leading whitespace.
    fn document(&mut self) -> Result<Json> {
        self.skip_whitespace()?;
        if self.peek().is_none() {
            return Err(self.error("no document"));
        }
        self.value(Context::Root)
    }

    /// The whitespace at `at`: its length and the repair it needs, if any. Between tokens,
    /// HTML line breaks count as whitespace, and so do `\r`, `\n` and `\t` escapes inside an
    /// embedded document.
    fn whitespace_at(&self, at: usize) -> Option<(usize, Option<Repair>)> {
        // Most calls land on a token or on plain ASCII whitespace: settle those from the byte.
        match *self.text.as_bytes().get(at)? {
            b'\t'..=b'\r' | b' ' => return Some((1, None)),
            b'<' | b'`' | b'\\' | b'r' => {}
            b if b.is_ascii() => return None,
            _ => {}
        }
        let rest = self.text.get(at..)?;
        let c = rest.chars().next()?;
        if c.is_whitespace() || c == '\u{feff}' {
            return Some((c.len_utf8(), None));
        }
        let html = HTML_LINE_BREAKS.iter().find(|b| rest.starts_with(*b));
        if let Some(html) = html {
            return Some((html.len(), Some(Repair::HtmlLineBreak)));
        }
        if self.embedded == 0 {
            return None;
        }
        let bytes = rest.as_bytes();
        let escaped = c == '\\' && matches!(bytes.get(1), Some(b'r' | b'n' | b't'));
        // `{rn"a":1}`: the backslashes of `\r\n` lost on the way through Markdown. Only where
        // a token boundary is, so words that start with `rn` are left alone.
        let garbled = rest.starts_with("rn") && matches!(bytes.get(2), Some(b'"' | b'}' | b' '));
        (escaped || garbled).then_some((2, Some(Repair::EscapedWhitespace)))
    }

    fn skip_whitespace(&mut self) -> Result<()> {
        while let Some((len, repair)) = self.whitespace_at(self.pos) {
            self.tick()?;
            if let Some(repair) = repair {
                self.repair(repair);
            }
            self.pos += len;
        }
        Ok(())
    }

    /// The first byte after the whitespace at `at`, without moving.
    fn next_significant(&mut self, mut at: usize) -> Result<Option<u8>> {
        while let Some((len, _)) = self.whitespace_at(at) {
            self.tick()?;
            at += len;
        }
        Ok(self.byte_at(at))
    }

    /// Whether a quote ending just before `at` can close a string in `context`.
    fn closes_string(&mut self, at: usize, context: Context) -> Result<bool> {
        let followers: &[u8] = match context {
            // What follows the document is the caller's business.
            Context::Root => return Ok(true),
            Context::Key => b":",
            Context::Member => b",}",
            Context::Item => b",]",
        };
        // At the end of the text a value string may close (the brackets are missing), a key
        // may not.
        let mut next_at = at;
        while let Some((len, _)) = self.whitespace_at(next_at) {
            self.tick()?;
            next_at += len;
        }
        Ok(match self.byte_at(next_at) {
            Some(next) if followers.contains(&next) => true,
            // An excerpt's `...` on a line of its own ends what comes before it.
            Some(_) => context != Context::Key && self.ellipsis_line_at(next_at),
            None => context != Context::Key,
        })
    }

    /// Whether a `...` at `at` stands alone on its line.
    fn ellipsis_line_at(&self, at: usize) -> bool {
        let len = self.ellipsis_len_at(at);
        if len == 0 {
            return false;
        }
        let before = &self.text.as_bytes()[..at];
        let line_start = before.iter().rposition(|&b| b == b'\n');
        let alone_before = line_start
            .is_some_and(|start| before[start + 1..].iter().all(|&b| b == b' ' || b == b'\t'));
        let after = self.text.get(at + len..).unwrap_or("");
        let rest_of_line = after.split('\n').next().unwrap_or("");
        alone_before && rest_of_line.trim().is_empty()
    }

    fn value(&mut self, context: Context) -> Result<Json> {
        self.tick()?;
        if let Some(quote) = self.quote_at(self.pos) {
            return self.string(quote, context).map(Json::String);
        }
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => Ok(self.word()),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end of text, expected a value")),
        }
    }

    fn enter(&mut self) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Called at the end of the text inside a container: closes it, once.
    fn close_at_end(&mut self) -> Result<()> {
        if self.closed_at_end {
            return Err(self.error("unexpected end of text, closing brackets are missing"));
        }
        self.closed_at_end = true;
        self.repair(Repair::MissingBracket);
        Ok(())
    }

    /// The length of the `...` (or `…`) at `at`, 0 when there is none.
    fn ellipsis_len_at(&self, at: usize) -> usize {
        let rest = self.text.get(at..).unwrap_or("");
        if rest.starts_with("...") {
            rest.bytes().take_while(|&b| b == b'.').count()
        } else if rest.starts_with('…') {
            '…'.len_utf8()
        } else {
            0
        }
    }

    /// Skips a `...` (or `…`) that stands for elided items, with its comma.
    fn skip_ellipsis(&mut self) -> Result<bool> {
        let len = self.ellipsis_len_at(self.pos);
        if len == 0 {
            return Ok(false);
        }
        self.pos += len;
        self.repair(Repair::Ellipsis);
        self.skip_whitespace()?;
        if self.peek() == Some(b',') {
            self.pos += 1;
        }
        Ok(true)
    }

    /// A `...` in the container closed by `closer`, on it. It stands for items of this
    /// container when what follows fits here: at the start of an item, unless an item of the
    /// wrong kind follows (a value where an object needs a key, a member in an array); after
    /// an item, when a comma or the closer follows and the brackets after it close as many
    /// containers as are open. Otherwise it is an excerpt's jump, and reading goes on in the
    /// outermost container it cannot have left (see [`Repair::ElidedAcrossBrackets`]), provided
    /// the `...` stands on a line of its own.
    fn elide(&mut self, slot: Slot, closer: u8) -> Result<Flow> {
        let tail = self.pos + self.ellipsis_len_at(self.pos);
        let mut after = tail;
        while let Some((len, _)) = self.whitespace_at(after) {
            self.tick()?;
            after += len;
        }
        let next = self.byte_at(after);
        let in_place = match slot {
            Slot::Start => {
                let item_at = if next == Some(b',') { after + 1 } else { after };
                !self.misfits(item_at, closer)?
            }
            Slot::AfterValue => {
                (next == Some(b',') || next == Some(closer))
                    && self.tail_depth(tail)? == Some(self.depth)
            }
        };
        if in_place {
            self.skip_ellipsis()?;
            return Ok(Flow::Next);
        }
        // An excerpt's jump stands on a line of its own; `12 ... 99` is a range, not a jump.
        if !self.ellipsis_line_at(self.pos) {
            return Err(self.error("`...` where an item or a separator belongs"));
        }
        let Some(depth) = self.tail_depth(tail)?.filter(|&d| d >= self.cut_floor) else {
            return Err(self.error("`...` elides text across brackets that do not close"));
        };
        let floor = self.cut_floor;
        let resume_at = self.resume_point(tail, depth, floor)?;
        self.repair(Repair::ElidedAcrossBrackets);
        self.cut = Some(Cut {
            depth: floor,
            resume_at,
        });
        self.resume_after_cut()
    }

    /// Whether the item at `at` cannot stand in the container closed by `closer`: a value
    /// where an object needs a key, or a member (`"key":`) in an array.
    fn misfits(&mut self, at: usize, closer: u8) -> Result<bool> {
        let next = self.next_significant(at)?;
        if closer == b'}' {
            return Ok(matches!(next, Some(b'{' | b'[')));
        }
        let mut start = at;
        while let Some((len, _)) = self.whitespace_at(start) {
            self.tick()?;
            start += len;
        }
        if next != Some(b'"') {
            return Ok(false);
        }
        let rest = self.text.get(start + 1..).unwrap_or("");
        let Some(end) = rest.find(['"', '\n']) else {
            return Ok(false);
        };
        let after_key = start + 1 + end + 1;
        Ok(rest.as_bytes()[end] == b'"' && self.next_significant(after_key)? == Some(b':'))
    }

    /// How many containers are open at `tail`, as the brackets after it tell: as many as they
    /// close before going up again, counted crudely (brackets inside strings too) up to the
    /// end of the text or a backtick. `None` when they close none.
    fn tail_depth(&mut self, tail: usize) -> Result<Option<usize>> {
        let rest = self.text.get(tail..).unwrap_or("");
        let end = rest.find('`').unwrap_or(rest.len());
        self.spend(end)?;
        let (mut level, mut lowest) = (0i64, 0i64);
        for b in rest[..end].bytes() {
            match b {
                b'{' | b'[' => level += 1,
                b'}' | b']' => {
                    level -= 1;
                    lowest = lowest.min(level);
                }
                _ => {}
            }
        }
        Ok(usize::try_from(-lowest).ok().filter(|&d| d > 0))
    }

    /// Where the text after `tail`, which starts `depth` containers deep, is back in the
    /// container at `floor`: `tail` itself when that is where it starts, else just after the
    /// bracket that closes the container above it.
    fn resume_point(&mut self, tail: usize, depth: usize, floor: usize) -> Result<usize> {
        if depth == floor {
            return Ok(tail);
        }
        let rest = self.text.get(tail..).unwrap_or("");
        self.spend(rest.len())?;
        let mut level = depth;
        for (i, b) in rest.bytes().enumerate() {
            match b {
                b'{' | b'[' => level += 1,
                b'}' | b']' => {
                    level -= 1;
                    if level == floor {
                        return Ok(tail + i + 1);
                    }
                }
                _ => {}
            }
        }
        Err(self.error("`...` elides text across brackets that do not close"))
    }

    /// Draws `bytes` steps from the budget, for a scan of that much text.
    fn spend(&mut self, bytes: usize) -> Result<()> {
        match self.fuel.checked_sub(bytes) {
            Some(left) => {
                self.fuel = left;
                Ok(())
            }
            None => {
                self.fuel = 0;
                Err(self.error("text too convoluted to repair"))
            }
        }
    }

    /// After an item of a container (or a jump in it): while a cut unwinds to an outer
    /// container this one closes as it is; in the container it resumes in, reading goes on at
    /// the resume point, past a comma there.
    fn resume_after_cut(&mut self) -> Result<Flow> {
        match self.cut {
            None => Ok(Flow::Read),
            Some(cut) if cut.depth < self.depth => Ok(Flow::Unwind),
            Some(cut) => {
                self.cut = None;
                self.pos = cut.resume_at;
                self.skip_whitespace()?;
                if self.peek() == Some(b',') {
                    self.pos += 1;
                }
                Ok(Flow::Next)
            }
        }
    }

    /// The object or array at the current position.
    fn container(&mut self) -> Result<Json> {
        match self.peek() {
            Some(b'{') => self.object(),
            _ => self.array(),
        }
    }

    /// The object or array at the current position, inside an embedded document. Most of these
    /// are valid JSON but for the quotes around them, and serde_json reads that several times
    /// faster; its reading is taken where this reader would read the same.
    fn embedded_container(&mut self) -> Result<Json> {
        let rest = self.rest();
        let mut strict = serde_json::Deserializer::from_str(rest).into_iter::<Json>();
        // What serde_json went through costs a step per byte, about what reading it here
        // takes, whether its reading is taken or not: attempts that fail must not read the
        // same text again and again for free.
        match strict.next() {
            Some(Ok(value)) => {
                let used = strict.byte_offset();
                let taken = used <= self.fuel && self.reads_as_strict(&rest[..used], &value);
                self.fuel = self.fuel.saturating_sub(used);
                if taken {
                    self.pos += used;
                    return Ok(value);
                }
            }
            Some(Err(error)) => self.fuel = self.fuel.saturating_sub(error_offset(rest, &error)),
            None => {}
        }
        self.container()
    }

    /// Whether this reader reads `text`, valid JSON that serde_json read as `value`, the same
    /// way inside an embedded document; counts its floats if so. It does not when a `\"` may
    /// close a string there, when a value string starts with a bracket (tried as a document of
    /// its own), or when it nests deeper than this reader goes.
    fn reads_as_strict(&mut self, text: &str, value: &Json) -> bool {
        if memchr::memmem::find(text.as_bytes(), b"\\\"").is_some() {
            return false;
        }
        let mut floats = 0;
        match plain_depth(value, &mut floats) {
            Some(depth) if self.depth + depth <= MAX_DEPTH => {
                self.floats += floats;
                true
            }
            _ => false,
        }
    }

    /// Whether the text ends here for a container: at its end, or at a backtick, which closes
    /// the inline code span around an example (`` `{"a":{"b":1}` ``).
    fn at_end(&self) -> bool {
        matches!(self.peek(), None | Some(b'`'))
    }

    fn object(&mut self) -> Result<Json> {
        self.enter()?;
        self.pos += 1; // `{`
        let mut members = Vec::new();
        loop {
            self.tick()?;
            self.skip_whitespace()?;
            match self.peek() {
                _ if self.at_end() => {
                    self.close_at_end()?;
                    break;
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ if self.ellipsis_len_at(self.pos) > 0 => match self.elide(Slot::Start, b'}')? {
                    Flow::Unwind => break,
                    Flow::Read | Flow::Next => continue,
                },
                _ => {}
            }
            let key = self.key()?;
            self.skip_whitespace()?;
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after a key"));
            }
            self.pos += 1;
            self.skip_whitespace()?;
            let value = self.value(Context::Member)?;
            members.push((key, value));
            match self.resume_after_cut()? {
                Flow::Read => {}
                Flow::Next => continue,
                Flow::Unwind => break,
            }
            self.skip_whitespace()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    if self.next_significant(self.pos)? == Some(b'}') {
                        self.repair(Repair::TrailingComma);
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ if self.at_end() => {
                    self.close_at_end()?;
                    break;
                }
                _ if self.ellipsis_len_at(self.pos) > 0 => {
                    match self.elide(Slot::AfterValue, b'}')? {
                        Flow::Unwind => break,
                        Flow::Read | Flow::Next => continue,
                    }
                }
                _ => return Err(self.error("expected `,` or `}` after a value")),
            }
        }
        self.depth -= 1;
        Ok(Json::Object(Object::from_members(members)))
    }

    fn array(&mut self) -> Result<Json> {
        self.enter()?;
        self.pos += 1; // `[`
        let mut items = Vec::new();
        loop {
            self.tick()?;
            self.skip_whitespace()?;
            match self.peek() {
                _ if self.at_end() => {
                    self.close_at_end()?;
                    break;
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ if self.ellipsis_len_at(self.pos) > 0 => match self.elide(Slot::Start, b']')? {
                    Flow::Unwind => break,
                    Flow::Read | Flow::Next => continue,
                },
                _ => {}
            }
            let item = self.value(Context::Item)?;
            // An item a jump cut in two is left out beside whole ones: its missing members
            // would make them look optional.
            if self.cut.is_none() || items.is_empty() {
                items.push(item);
            }
            match self.resume_after_cut()? {
                Flow::Read => {}
                Flow::Next => continue,
                Flow::Unwind => break,
            }
            self.skip_whitespace()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    if self.next_significant(self.pos)? == Some(b']') {
                        self.repair(Repair::TrailingComma);
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ if self.at_end() => {
                    self.close_at_end()?;
                    break;
                }
                _ if self.ellipsis_len_at(self.pos) > 0 => {
                    match self.elide(Slot::AfterValue, b']')? {
                        Flow::Unwind => break,
                        Flow::Read | Flow::Next => continue,
                    }
                }
                _ => return Err(self.error("expected `,` or `]` after an item")),
            }
        }
        self.depth -= 1;
        Ok(Json::Array(items))
    }

    fn key(&mut self) -> Result<String> {
        if let Some(quote) = self.quote_at(self.pos) {
            return self.string(quote, Context::Key);
        }
        match self.peek() {
            Some(b) if is_word_byte(b) => {
                let len = self.rest().bytes().take_while(|&b| is_word_byte(b)).count();
                let key = self.rest()[..len].to_owned();
                self.pos += len;
                self.repair(Repair::UnquotedKey);
                Ok(key)
            }
            _ => Err(self.error("expected a key")),
        }
    }

    /// A string at the current position (on its opening quote).
    fn string(&mut self, quote: Quote, context: Context) -> Result<String> {
        let start = self.pos;
        match quote {
            Quote::Single => self.repair(Repair::SingleQuotes),
            Quote::Typographic => self.repair(Repair::TypographicQuotes),
            Quote::Double | Quote::EscapedDouble => {}
        }
        let may_embed = matches!(quote, Quote::Double | Quote::EscapedDouble);
        if may_embed && context != Context::Key && self.embedded < MAX_EMBEDDED {
            if let Some(document) = self.embedded_document(quote, context)? {
                return Ok(document);
            }
            self.pos = start;
        }
        self.pos += quote.len();
        self.plain_string(quote, context)
    }

    /// Tries to read the string at the current position as a JSON document written inside
    /// it. `None` (with the position unchanged) when the string does not hold one.
    fn embedded_document(&mut self, quote: Quote, context: Context) -> Result<Option<String>> {
        let start = self.pos;
        let content = start + quote.len();
        let inside = &self.rest()[quote.len()..];
        let offset = inside.len() - inside.trim_start().len();
        let opening = self.byte_at(content + offset);
        if !matches!(opening, Some(b'{' | b'[')) {
            return Ok(None);
        }
        let saved_repairs = self.repairs.len();
        let saved_closed = self.closed_at_end;
        let saved_floor = self.cut_floor;
        self.pos = content + offset;
        self.embedded += 1;
        self.cut_floor = self.depth + 1;
        let read = self.embedded_value(quote, context, content);
        self.embedded -= 1;
        self.cut_floor = saved_floor;
        let restore = |reader: &mut Self| {
            reader.pos = start;
            reader.repairs.truncate(saved_repairs);
            reader.closed_at_end = saved_closed;
            reader.cut = None;
        };
        match read {
            Ok(Some(document)) => Ok(Some(document)),
            Ok(None) => {
                restore(self);
                Ok(None)
            }
            Err(error) if self.fuel == 0 => Err(error),
            Err(error) => {
                // `"{"` or `"[{"` can only be a document with unescaped quotes: reading it as
                // text would close it at the first `",` and silently misread the rest.
                let inner = self.text.get(content + offset + 1..).unwrap_or("");
                let inner =
                    inner.trim_start_matches(|c: char| c.is_whitespace() || "[{".contains(c));
                if inner.starts_with(['"', '\'']) || inner.starts_with("\\\"") {
                    return Err(error);
                }
                restore(self);
                Ok(None)
            }
        }
    }

    /// The document inside a string and its end; `Ok(None)` when the string turns out to be a
    /// properly escaped one, better read as plain text to keep it exactly.
    fn embedded_value(
        &mut self,
        quote: Quote,
        context: Context,
        content: usize,
    ) -> Result<Option<String>> {
        let floats = self.floats;
        let mut values = vec![self.embedded_container()?];
        // `"{"a":1},{"a":2}"`: a log of documents in one string.
        loop {
            let before = self.pos;
            self.skip_whitespace()?;
            if self.peek() != Some(b',') {
                self.pos = before;
                break;
            }
            self.pos += 1;
            self.skip_whitespace()?;
            self.skip_ellipsis()?;
            self.skip_whitespace()?;
            if !matches!(self.peek(), Some(b'{' | b'[')) {
                self.pos = before;
                break;
            }
            values.push(self.embedded_container()?);
        }
        let content_end = self.pos;
        self.skip_whitespace()?;
        let closing = if self.peek() == Some(b'"') {
            Some(Quote::Double)
        } else if quote == Quote::EscapedDouble && self.is_escaped_quote_at(self.pos) {
            Some(Quote::EscapedDouble)
        } else {
            None
        };
        let mut missing_quote = false;
        match closing {
            Some(closing) if self.closes_string(self.pos + closing.len(), context)? => {
                self.pos += closing.len();
            }
            // `"value":"[1,2]}` or `"value":"{"a":1}` at the end of the text.
            _ if self.at_end() || self.peek() == context.closer() => {
                self.repair(Repair::MissingQuote);
                missing_quote = true;
            }
            _ => return Err(self.error("expected `\"` after the document inside a string")),
        }
        let raw = &self.text[content..content_end];
        let has_unescaped_quote = raw
            .char_indices()
            .any(|(i, c)| c == '"' && !raw[..i].ends_with('\\'));
        if has_unescaped_quote {
            self.repair(Repair::UnescapedQuotes);
        } else if !missing_quote {
            return Ok(None);
        }
        // Written straight into one buffer, the documents of a log one after the other.
        let mut text = Vec::with_capacity(content_end - content);
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                text.push(b',');
            }
            serde_json::to_writer(&mut text, value).map_err(|e| self.error(e.to_string()))?;
        }
        let text = String::from_utf8(text).map_err(|e| self.error(e.to_string()))?;
        // Kept for decoding only where that would read back the same document: not for the
        // documents nested in it (never decoded), nor a log of several (does not decode),
        // nor one with a float (serde_json reads floats back only approximately), nor one
        // at the root, which may nest a level deeper than serde_json reads.
        let kept =
            self.embedded == 1 && values.len() == 1 && self.floats == floats && self.depth > 0;
        if let Some(value) = values.pop().filter(|_| kept) {
            self.documents.insert(text.clone(), value);
        }
        Ok(Some(text))
    }

    fn plain_string(&mut self, quote: Quote, context: Context) -> Result<String> {
        let mut text = String::new();
        // Whether a quote was kept as text: from then on the reading is a guess, and a guess
        // does not run over a line break.
        let mut guessing = false;
        loop {
            self.tick()?;
            let Some(c) = self.rest().chars().next() else {
                return Err(self.error("unexpected end of text inside a string"));
            };
            let closes_with = match (c, quote) {
                ('\'', Quote::Single) => Some(1),
                ('\'', _) | (_, Quote::Single) => None,
                ('"', _) => Some(1),
                ('“' | '”', Quote::Typographic) => Some(c.len_utf8()),
                ('\\', _) if self.embedded > 0 && self.is_escaped_quote_at(self.pos) => Some(2),
                _ => None,
            };
            if let Some(len) = closes_with {
                // Keys close at the first quote: a quote inside a key is far less likely
                // than a missing `:`, and guessing would swallow the next member. Typographic
                // quotes are a slip of their own, not a sign of text quoted inside text.
                let always_closes = context == Context::Key || quote == Quote::Typographic;
                if always_closes || self.closes_string(self.pos + len, context)? {
                    self.pos += len;
                    return Ok(text);
                }
                if c != '\\' {
                    self.repair(Repair::UnescapedQuotes);
                    guessing = true;
                    text.push(c);
                    self.pos += len;
                    continue;
                }
            }
            match c {
                '\\' => self.escape(quote, &mut text)?,
                '\n' | '\r' if guessing => {
                    return Err(self.error("unescaped quotes in a string that runs over a line"));
                }
                '\n' | '\r' => {
                    // Kept in text, but a key broken over two lines is a wrapping slip.
                    self.repair(Repair::InvalidEscape);
                    if context != Context::Key {
                        text.push(c);
                    }
                    self.pos += 1;
                }
                _ => {
                    // Ordinary text runs up to the next byte that can end or escape a string
                    // (a typographic quote starts with 0xE2); copy it in one go.
                    let run = self
                        .rest()
                        .bytes()
                        .position(|b| matches!(b, b'"' | b'\'' | b'\\' | b'\n' | b'\r' | 0xE2))
                        .unwrap_or(self.rest().len())
                        .max(c.len_utf8());
                    text.push_str(&self.rest()[..run]);
                    self.pos += run;
                }
            }
        }
    }

    /// A backslash escape inside a string, on its backslash.
    fn escape(&mut self, quote: Quote, text: &mut String) -> Result<()> {
        let Some(next) = self.byte_at(self.pos + 1) else {
            return Err(self.error("unexpected end of text inside a string"));
        };
        let simple = match next {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'\'' => {
                if quote != Quote::Single {
                    self.repair(Repair::InvalidEscape);
                }
                Some('\'')
            }
            _ => None,
        };
        if let Some(c) = simple {
            text.push(c);
            self.pos += 2;
            return Ok(());
        }
        if next == b'u' {
            if let Some((c, len)) = self.unicode_escape() {
                text.push(c);
                self.pos += len;
                return Ok(());
            }
        }
        // Unknown escape: keep the backslash as written.
        self.repair(Repair::InvalidEscape);
        text.push('\\');
        self.pos += 1;
        Ok(())
    }

    /// A `\uXXXX` escape (or a surrogate pair of them) at the current position.
    fn unicode_escape(&mut self) -> Option<(char, usize)> {
        let unit = |at: usize| -> Option<u32> {
            let digits = self.text.get(at + 2..at + 6)?;
            let is_escape = self.text.get(at..at + 2) == Some("\\u");
            let is_hex = digits.bytes().all(|b| b.is_ascii_hexdigit());
            (is_escape && is_hex)
                .then(|| u32::from_str_radix(digits, 16).ok())
                .flatten()
        };
        let first = unit(self.pos)?;
        if (0xD800..0xDC00).contains(&first) {
            if let Some(second) = unit(self.pos + 6).filter(|u| (0xDC00..0xE000).contains(u)) {
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return char::from_u32(code).map(|c| (c, 12));
            }
        }
        match char::from_u32(first) {
            Some(c) => Some((c, 6)),
            None => {
                // A lone surrogate: JSON allows it, Rust strings do not.
                self.repair(Repair::InvalidEscape);
                Some(('\u{fffd}', 6))
            }
        }
    }

    fn number(&mut self) -> Result<Json> {
        let rest = self.rest();
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || b"+-.eE".contains(b))
            .count();
        let followed_by_word = rest.as_bytes().get(len).is_some_and(|&b| is_word_byte(b));
        if !followed_by_word {
            if let Ok(number) = Number::from_str(&rest[..len]) {
                if number.is_f64() {
                    self.floats += 1;
                }
                self.pos += len;
                return Ok(Json::Number(number));
            }
        }
        if rest.starts_with('-') && !followed_by_word && len <= 1 {
            return Err(self.error("expected a value"));
        }
        // `05_prohorovka`, `2x`, `1.2.3`: a word that starts with digits.
        Ok(self.word())
    }

    /// A bare word in value position: a (misspelt) literal or an unquoted text.
    fn word(&mut self) -> Json {
        let rest = self.rest();
        let len = rest.bytes().take_while(|&b| is_word_byte(b)).count();
        let literal = match &rest[..len] {
            "true" => Some((Json::Bool(true), false)),
            "false" => Some((Json::Bool(false), false)),
            "null" => Some((Json::Null, false)),
            "True" | "TRUE" => Some((Json::Bool(true), true)),
            "False" | "FALSE" => Some((Json::Bool(false), true)),
            "nulll" | "Null" | "NULL" | "None" | "nil" | "undefined" => Some((Json::Null, true)),
            _ => None,
        };
        if let Some((value, misspelt)) = literal {
            if misspelt {
                self.repair(Repair::MisspeltLiteral);
            }
            self.pos += len;
            return value;
        }
        // Unquoted text runs to the end of the value (`"steamId":steamId 2,`).
        let end = rest
            .find([',', '}', ']', '"', '\n', '\r'])
            .unwrap_or(rest.len());
        let text = rest[..end].trim_end();
        self.pos += text.len();
        self.repair(Repair::UnquotedString);
        Json::String(text.to_owned())
    }
}

/// About where in `text` serde_json stopped with `error`, from the line and column it gives.
fn error_offset(text: &str, error: &serde_json::Error) -> usize {
    let line_start = match error.line() {
        0 | 1 => 0,
        line => memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(line - 2)
            .map_or(text.len(), |i| i + 1),
    };
    line_start.saturating_add(error.column()).min(text.len())
}

/// How deep `value` nests, counting its floats; `None` when a value string in it starts with a
/// bracket.
fn plain_depth(value: &Json, floats: &mut usize) -> Option<usize> {
    let deepest = |depth: usize, item: &Json| Some(depth.max(plain_depth(item, floats)?));
    match value {
        Json::Object(members) => members.values().try_fold(0, deepest).map(|d| d + 1),
        Json::Array(items) => items.iter().try_fold(0, deepest).map(|d| d + 1),
        Json::String(text) => (!text.trim_start().starts_with(['{', '['])).then_some(0),
        Json::Number(number) => {
            *floats += usize::from(number.is_f64());
            Some(0)
        }
        Json::Null | Json::Bool(_) => Some(0),
    }
}

/// Bytes of an unquoted key or word.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_$-.".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn repaired(text: &str) -> (Value, Vec<Repair>) {
        let parsed = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (parsed.value.into(), parsed.repairs)
    }

    #[test]
    fn valid_json_needs_no_repair() {
        let (value, repairs) = repaired(r#"{"a":[1,2.5,"x",true,null]}"#);
        assert_eq!(value, json!({"a": [1, 2.5, "x", true, null]}));
        assert!(repairs.is_empty());
    }

    #[test]
    fn embedded_document_with_unescaped_quotes_is_rebuilt_escaped() {
        let (value, repairs) = repaired(
            r#"{"info":{"match_info":{"location":"{"x":"93","y":"305","z":"49"}"}},"feature":"location"}"#,
        );
        assert_eq!(
            value,
            json!({"info":{"match_info":{"location":r#"{"x":"93","y":"305","z":"49"}"#}},"feature":"location"})
        );
        assert_eq!(repairs, [Repair::UnescapedQuotes]);
    }

    #[test]
    fn embedded_document_with_spaces_and_inner_text_quotes() {
        let (value, _) = repaired(
            r#"{"events":[{"name":"game_state_changed","data":"{"game_state": "playing", "match_id": "0"}"}]}"#,
        );
        assert_eq!(
            value["events"][0]["data"],
            json!(r#"{"game_state":"playing","match_id":"0"}"#)
        );
        let (value, _) = repaired(
            r#"{"events":[{"name":"kill","data":"{  "victimName": "`1[LuL] Sladdi #limbo"}"}]}"#,
        );
        assert_eq!(
            value["events"][0]["data"],
            json!(r#"{"victimName":"`1[LuL] Sladdi #limbo"}"#)
        );
    }

    #[test]
    fn embedded_documents_are_kept_only_where_they_read_back_the_same() {
        let text =
            r#"{"a":"{"b":[1,"x",{"c":"{"d":2}"}]}","e":"[{"f":1.5}]","g":"{"h":1},{"h":2}"}"#;
        let parsed = parse(text).unwrap();
        let a = parsed.value.as_object().unwrap().get("a").unwrap();
        let a = a.as_str().unwrap();
        assert_eq!(parsed.embedded.get(a), Some(&parse(a).unwrap().value));
        // Not the one nested in it, nor one with a float, nor a log of several.
        assert_eq!(parsed.embedded.len(), 1);
        // Nor one at the root.
        assert!(parse(r#""{"a":1}""#).unwrap().embedded.is_empty());
    }

    #[test]
    fn embedded_documents_read_by_serde_json_only_where_it_reads_the_same() {
        // `\"` closes a string inside an embedded document, a string with a bracket is tried
        // as a document: serde_json's reading is not taken for these.
        let (value, _) = repaired(r#"{"a":"{"b":"say \"hi\"}"}"#);
        assert_eq!(value["a"], json!(r#"{"b":"say \"hi"}"#));
        let (value, _) = repaired(r#"{"a":"{"b":" [x"}"}"#);
        assert_eq!(value["a"], json!(r#"{"b":" [x"}"#));
        assert!(parse(r#"{"a":"{"k\"ey":1}"}"#).is_err());
        // Nor beyond the depth this reader goes to.
        let deep = |n: usize| format!(r#"[{{"a":"{}"x"{}"}}]"#, "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(126)).is_ok());
        assert!(parse(&deep(127)).is_err());
    }

    #[test]
    fn error_offset_is_where_serde_json_stopped() {
        for text in ["[1,x]", "[1,\n2,\n x]", "{\"a\":\n\n[1,2"] {
            let error = serde_json::from_str::<Value>(text).unwrap_err();
            let offset = error_offset(text, &error);
            let expected = text.find('x').unwrap_or(text.len());
            assert!(offset.abs_diff(expected) <= 1, "{text:?}: {offset}");
        }
    }

    #[test]
    fn embedded_array_of_objects() {
        let (value, repairs) = repaired(
            r#"{"info":{"match_info":{"mobs_stats":"[{"name":"cow","value":"1"}]"}},"feature":"match_info"}"#,
        );
        assert_eq!(
            value["info"]["match_info"]["mobs_stats"],
            json!(r#"[{"name":"cow","value":"1"}]"#)
        );
        assert_eq!(repairs, [Repair::UnescapedQuotes]);
    }

    #[test]
    fn half_escaped_embedded_document() {
        let (value, _) = repaired(r#"{"gold":"{\"gold\":\"717\", "total_gold":\"1119\"}"}"#);
        assert_eq!(
            value["gold"],
            json!(r#"{"gold":"717","total_gold":"1119"}"#)
        );
        let (value, _) = repaired(r#"{"data":"{"name":"Joschy900","state":"0\","team":"1"}"}"#);
        assert_eq!(
            value["data"],
            json!(r#"{"name":"Joschy900","state":"0","team":"1"}"#)
        );
    }

    #[test]
    fn escaped_document_inside_an_embedded_one_keeps_its_escapes() {
        let (value, _) = repaired(r#"{"a":"{"b":"{\"c\":1}"}", "x":'y'}"#);
        let inner: Value = serde_json::from_str(value["a"].as_str().unwrap()).unwrap();
        assert_eq!(inner, json!({"b": r#"{"c":1}"#}));
    }

    #[test]
    fn properly_escaped_string_is_kept_exactly_when_something_else_is_repaired() {
        let (value, repairs) = repaired(r#"{"a":"{\"b\": 1}",}"#);
        assert_eq!(value, json!({"a": "{\"b\": 1}"}));
        assert_eq!(repairs, [Repair::TrailingComma]);
    }

    #[test]
    fn stray_quotes_in_text_are_kept() {
        let (value, repairs) = repaired(r#"{"current_zone":""Lioneye's Watch""}"#);
        assert_eq!(value, json!({"current_zone": "\"Lioneye's Watch\""}));
        assert_eq!(repairs, [Repair::UnescapedQuotes]);
        let (value, _) = repaired(r#"{"a":"say "hi" now","b":1}"#);
        assert_eq!(value, json!({"a": "say \"hi\" now", "b": 1}));
    }

    #[test]
    fn missing_closing_quote_after_an_embedded_document() {
        let (value, repairs) = repaired(r#"{"key":"hero_pool","value":"[2,4,5]}"#);
        assert_eq!(value, json!({"key": "hero_pool", "value": "[2,4,5]"}));
        assert_eq!(repairs, [Repair::MissingQuote]);
        let (value, _) = repaired(
            r#"{"info":{"match_info":{"score":"{"order":"8", "chaos":"19"}}}, "feature":"match_info"}"#,
        );
        assert_eq!(
            value,
            json!({"info":{"match_info":{"score":r#"{"order":"8","chaos":"19"}"#}},"feature":"match_info"})
        );
    }

    #[test]
    fn document_cut_after_an_embedded_document() {
        let text = "{\"key\":\"selected_deck\",\"value\":\n\"{\"deck_id\":\"706741699\",\"class_skin\":\"Thrall\" }`";
        let (value, repairs) = repaired(text);
        assert_eq!(
            value,
            json!({"key": "selected_deck", "value": r#"{"deck_id":"706741699","class_skin":"Thrall"}"#})
        );
        assert!(
            repairs.contains(&Repair::MissingQuote) && repairs.contains(&Repair::MissingBracket)
        );
    }

    #[test]
    fn html_line_breaks_between_tokens() {
        let text = r#"{"PoSeiDonProX1":{"index":7,"xp":8,`</br>`"localplayer":true}}"#;
        let (value, repairs) = repaired(text);
        assert_eq!(
            value,
            json!({"PoSeiDonProX1": {"index": 7, "xp": 8, "localplayer": true}})
        );
        assert_eq!(repairs, [Repair::HtmlLineBreak]);
        // Inside a string it is text.
        let (value, _) = repaired(r#"{"a":"x<br>y",}"#);
        assert_eq!(value, json!({"a": "x<br>y"}));
    }

    #[test]
    fn unreadable_embedded_document_is_an_error_not_a_guess() {
        // Read as text, the string would end at `"b"` and the rest would be misread.
        assert!(parse(r#"{"a":"{"b" "c"}","d":1}"#).is_err());
        assert!(parse(r#"{"a":"[{"b":1}"}"#).is_err());
    }

    #[test]
    fn several_documents_in_one_string() {
        let (value, repairs) =
            repaired(r#"{"key":"notable","value":"{"a" : "1"},{"a" : "2"},\n...\n{"a":"9"}"}"#);
        assert_eq!(value["value"], json!(r#"{"a":"1"},{"a":"2"},{"a":"9"}"#));
        assert_eq!(
            repairs,
            [
                Repair::EscapedWhitespace,
                Repair::Ellipsis,
                Repair::UnescapedQuotes
            ]
        );
    }

    #[test]
    fn quoted_document_at_the_root() {
        let (value, repairs) =
            repaired("\"[{\"steamId\":steamId 1},\n ... ,\n{\"steamId\":steamId N}\n]\"");
        assert_eq!(
            value,
            json!(r#"[{"steamId":"steamId 1"},{"steamId":"steamId N"}]"#)
        );
        assert!(repairs.contains(&Repair::UnescapedQuotes));
        let (value, repairs) = repaired(r#""[{"team":"Order"},{"team":"Chaos"}]"}"#);
        assert_eq!(value, json!(r#"[{"team":"Order"},{"team":"Chaos"}]"#));
        assert_eq!(repairs, [Repair::UnescapedQuotes, Repair::TrailingText]);
    }

    #[test]
    fn backtick_ends_an_inline_example() {
        let text = r#"{"playersInfo":{"opponent":"{"name":"furhyax","cardBackId":172}"}`"#;
        let (value, repairs) = repaired(text);
        assert_eq!(
            value,
            json!({"playersInfo": {"opponent": r#"{"name":"furhyax","cardBackId":172}"#}})
        );
        assert_eq!(
            repairs,
            [
                Repair::UnescapedQuotes,
                Repair::MissingBracket,
                Repair::TrailingText
            ]
        );
    }

    #[test]
    fn line_breaks_that_lost_their_backslashes() {
        let text =
            r#"{"name":"damage","data":"{rn"targetName":"masiqu22",rn "headshot":"false"rn}"}"#;
        let (value, repairs) = repaired(text);
        assert_eq!(
            value["data"],
            json!(r#"{"targetName":"masiqu22","headshot":"false"}"#)
        );
        assert_eq!(
            repairs,
            [Repair::EscapedWhitespace, Repair::UnescapedQuotes]
        );
    }

    #[test]
    fn trailing_commas() {
        let (value, repairs) = repaired(r#"{"a":[1,2,],"b":{"c":1,},}"#);
        assert_eq!(value, json!({"a": [1, 2], "b": {"c": 1}}));
        assert_eq!(repairs, [Repair::TrailingComma]);
    }

    #[test]
    fn single_quotes() {
        let (value, repairs) = repaired(r#"{'a':'it's',"b":'x'}"#);
        assert_eq!(value, json!({"a": "it's", "b": "x"}));
        assert_eq!(repairs, [Repair::SingleQuotes, Repair::UnescapedQuotes]);
    }

    #[test]
    fn typographic_quotes() {
        let (value, repairs) = repaired("{“event”:”match_start”,“data”:”null”}");
        assert_eq!(value, json!({"event": "match_start", "data": "null"}));
        assert_eq!(repairs, [Repair::TypographicQuotes]);
        // Inside straight quotes they are text.
        let (value, repairs) = repaired(r#"{"a":"“x”",}"#);
        assert_eq!(value, json!({"a": "“x”"}));
        assert_eq!(repairs, [Repair::TrailingComma]);
    }

    #[test]
    fn misspelt_literals() {
        let (value, repairs) = repaired(r#"{"a":nulll,"b":True,"c":False,"d":None}"#);
        assert_eq!(value, json!({"a": null, "b": true, "c": false, "d": null}));
        assert_eq!(repairs, [Repair::MisspeltLiteral]);
    }

    #[test]
    fn unquoted_keys_and_values() {
        let (value, repairs) = repaired(r#"{damage: 1, "feature":summoner_info}"#);
        assert_eq!(value, json!({"damage": 1, "feature": "summoner_info"}));
        assert_eq!(repairs, [Repair::UnquotedKey, Repair::UnquotedString]);
        let (value, _) = repaired(r#"[{"steamId":steamId 2,"isLeader":false}]"#);
        assert_eq!(value, json!([{"steamId": "steamId 2", "isLeader": false}]));
    }

    #[test]
    fn ellipsis_for_elided_items() {
        let (value, repairs) = repaired("[\n {\"a\":1},\n ...\n {\"a\":9}\n]");
        assert_eq!(value, json!([{"a": 1}, {"a": 9}]));
        assert_eq!(repairs, [Repair::Ellipsis]);
    }

    #[test]
    fn excerpt_jumping_between_items_resumes_where_it_cannot_have_left() {
        // Cut inside the first team's second member, resumed inside the last team's list.
        let text = "{\"teams\":[{\"name\":\"red\",\"members\":[{\"id\":1,\"hp\":9},{\"id\":2\n...\n{\"id\":7,\"hp\":3}],\"score\":4}]}";
        let (value, repairs) = repaired(text);
        // The team cut in two is the only one: kept with what was read before the cut; the
        // member cut in two is left out beside the whole one.
        assert_eq!(
            value,
            json!({"teams": [{"name": "red", "members": [{"id": 1, "hp": 9}]}]})
        );
        assert_eq!(repairs, [Repair::ElidedAcrossBrackets]);
        // Inside a document written in a string, the jump resumes in that document's root.
        let text = "{\"roster\":\"[{\"name\":\"a\",\"items\":[{\"id\":1}\n...\n\"id\":5}],\"team\":\"x\"},{\"name\":\"b\",\"items\":[],\"team\":\"y\"}]\",\"n\":1}";
        let (value, repairs) = repaired(text);
        let roster: Value = serde_json::from_str(value["roster"].as_str().unwrap()).unwrap();
        assert_eq!(
            roster,
            json!([{"name": "a", "items": [{"id": 1}]}, {"name": "b", "items": [], "team": "y"}])
        );
        assert_eq!(value["n"], json!(1));
        assert_eq!(
            repairs,
            [Repair::ElidedAcrossBrackets, Repair::UnescapedQuotes]
        );
    }

    #[test]
    fn ellipsis_after_an_item_elides_members_where_the_brackets_agree() {
        let (value, repairs) = repaired("{\"a\":{\"x\":1\n ...\n ,\"y\":2},\"b\":3}");
        assert_eq!(value, json!({"a": {"x": 1, "y": 2}, "b": 3}));
        assert_eq!(repairs, [Repair::Ellipsis]);
        // A member where an array item belongs is a jump, not items of the array.
        let (value, repairs) = repaired("{\"a\":[1,\n...\n\"k\":2},\"b\":3}");
        assert_eq!(value, json!({"a": [1], "b": 3}));
        assert_eq!(repairs, [Repair::ElidedAcrossBrackets]);
        // Not when the `...` shares its line: `12 ... 99` is a range, not an excerpt.
        assert!(parse("{\"a\":{\"level\": 12 ... 99}},\"b\":3}").is_err());
        assert!(parse("{\"a\":[1, ... \"k\":2},\"b\":3}").is_err());
    }

    #[test]
    fn a_jump_that_leaves_its_document_is_an_error() {
        // The text after `...` leaves the string's document: no reading is safe.
        assert!(parse("{\"a\":\"{\"b\":{\"c\":1 ... \"}").is_err());
        // Brackets after the `...` that never close: nothing to resume in.
        assert!(parse("{\"a\":1 ... {").is_err());
        // Valid JSON with `...` in strings is read as it is.
        let (value, repairs) = repaired(r#"{"a":"x ... }","b":["...]"]}"#);
        assert_eq!(value, json!({"a": "x ... }", "b": ["...]"]}));
        assert!(repairs.is_empty());
    }

    #[test]
    fn one_missing_bracket_at_the_end() {
        let (value, repairs) = repaired(r#"{"events":[{"name":"death","data":""}]"#);
        assert_eq!(value, json!({"events": [{"name": "death", "data": ""}]}));
        assert_eq!(repairs, [Repair::MissingBracket]);
        assert!(parse(r#"{"deck_id":"a","cards":["#).is_err());
    }

    #[test]
    fn escaped_line_breaks_between_tokens_of_an_embedded_document() {
        let (value, repairs) = repaired(r#"{"data":"{\r\n"a": 1,\r\n"b":"x"\r\n}"}"#);
        assert_eq!(value, json!({"data": r#"{"a":1,"b":"x"}"#}));
        assert!(repairs.contains(&Repair::EscapedWhitespace));
    }

    #[test]
    fn escapes_in_strings() {
        let (value, repairs) = repaired(r#"{"a":"\u00e9\ud83d\ude00\n\"","b":"C:\dir",}"#);
        assert_eq!(value, json!({"a": "é😀\n\"", "b": "C:\\dir"}));
        assert_eq!(repairs, [Repair::InvalidEscape, Repair::TrailingComma]);
    }

    #[test]
    fn trailing_text() {
        let (value, repairs) = repaired(r#"{"a":1}"}"#);
        assert_eq!(value, json!({"a": 1}));
        assert_eq!(repairs, [Repair::TrailingText]);
    }

    #[test]
    fn bare_values_at_the_root() {
        assert_eq!(repaired("'hangar_v2'").0, json!("hangar_v2"));
        assert_eq!(repaired("05_prohorovka").0, json!("05_prohorovka"));
        assert_eq!(repaired("-89").0, json!(-89));
    }

    #[test]
    fn prefix_reads_one_document_of_several() {
        let text = r#"{"a":"{"b":1}"}{"c":2} tail"#;
        let (first, used) = parse_prefix(text).unwrap();
        assert_eq!(Value::from(first.value), json!({"a": r#"{"b":1}"#}));
        assert_eq!(&text[used..], r#"{"c":2} tail"#);
        let (second, used) = parse_prefix(&text[15..]).unwrap();
        assert_eq!(Value::from(second.value), json!({"c": 2}));
        assert!(second.repairs.is_empty());
        assert_eq!(&text[15 + used..], " tail");
    }

    #[test]
    fn errors_say_where() {
        let error = parse(r#"{"a":1 "b":2}"#).unwrap_err();
        assert_eq!(error.offset, 7);
        assert_eq!(error.message, "expected `,` or `}` after a value");
        assert!(parse("").is_err());
        assert!(parse("   ").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err());
        let deep_strings = "{\"a\":\"".repeat(10_000);
        assert!(parse(&deep_strings).is_err());
    }

    #[test]
    fn pathological_inputs_finish() {
        for text in [
            "\"{\"".repeat(5_000),
            "[\"[".repeat(5_000),
            format!("{{\"a\":\"{}", " \"".repeat(20_000)),
            "{\"a\":\"{\\\"b\\\":\"{\\\"".repeat(3_000),
            "[{\"a\":1 ... ".repeat(5_000),
            format!("{}{}", "[{\"a\":[1 ... ".repeat(3_000), "]}".repeat(3_000)),
        ] {
            let _ = parse(&text);
            let _ = parse_prefix(&text);
        }
    }
}
