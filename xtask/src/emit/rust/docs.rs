//! Doc comments from the docs' text: escaped so that it renders as written and can never
//! open a code block, a link or HTML, one paragraph per line of the docs.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{EnumValue, Note, Shape, ValueType};

/// The doc comment of a named type: its subject (Markdown with code spans) as a sentence.
pub(super) fn type_docs(subject: &str) -> Docs {
    let mut first = subject.chars();
    let sentence = match first.next() {
        Some(c) => format!("{}{}.", c.to_uppercase(), first.as_str()),
        None => String::new(),
    };
    let mut docs = Docs::default();
    docs.markdown(&sentence);
    docs
}

/// Adds a note's prose and, when the type is not an enumeration already, its listed values.
pub(super) fn document_note(docs: &mut Docs, note: Option<&Note>, value: &ValueType) {
    let Some(Note {
        name: _,
        line: _,
        text,
        possible_values,
        examples: _,
    }) = note
    else {
        return;
    };
    docs.text(text);
    if !possible_values.is_empty() && !matches!(value.shape, Shape::Enum { .. }) {
        docs.markdown("Possible values:");
        for EnumValue {
            value,
            description,
            // The type is no enumeration here: only its listed spellings are of interest.
            aliases: _,
        } in possible_values
        {
            docs.markdown(&list_item(value, description.as_deref()));
        }
    }
}

pub(super) fn list_item(value: &str, description: Option<&str>) -> String {
    match description {
        Some(description) => format!("- {} – {}", code_span(value), escape_markdown(description)),
        None => format!("- {}", code_span(value)),
    }
}

/// Doc comment paragraphs; every line of doc text is its own paragraph, so the docs' line
/// structure survives and no Markdown construct spans lines.
#[derive(Debug, Clone, Default)]
pub(super) struct Docs {
    /// Markdown lines, already escaped.
    lines: Vec<String>,
}

impl Docs {
    /// Adds text from the docs, escaped so it renders as written and cannot open a code
    /// block (a doctest), a link or HTML.
    pub(super) fn text(&mut self, text: &str) {
        for line in text.lines() {
            let line = clean(line);
            let line = line.trim();
            if !line.is_empty() {
                self.markdown(&escape_markdown(line));
            }
        }
    }

    /// Adds a paragraph of Markdown built by the emitter (with [`code`] spans).
    pub(super) fn markdown(&mut self, line: &str) {
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.push(line.to_owned());
    }

    pub(super) fn attrs(&self) -> TokenStream {
        let lines = self.lines.iter().map(|line| doc_line(line));
        quote! { #(#[doc = #lines])* }
    }

    pub(super) fn inner_attrs(&self) -> TokenStream {
        let lines = self.lines.iter().map(|line| doc_line(line));
        quote! { #(#![doc = #lines])* }
    }
}

pub(super) fn doc_line(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Drops control characters: a carriage return in a `///` comment does not compile, and the
/// others have no business in docs. Tabs become spaces.
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Escapes the characters that would make Markdown out of plain text.
pub(super) fn escape_markdown(text: &str) -> String {
    let chars: Vec<char> = clean(text).chars().collect();
    let mut out = String::with_capacity(chars.len());
    for (position, &c) in chars.iter().enumerate() {
        // An underscore between two letters or digits (`player_name`) cannot emphasise.
        let intraword = |c: char| {
            let alphanumeric = |other: Option<&char>| other.is_some_and(|o| o.is_alphanumeric());
            c == '_'
                && alphanumeric(position.checked_sub(1).and_then(|p| chars.get(p)))
                && alphanumeric(chars.get(position + 1))
        };
        let special = (matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|'
        ) && !intraword(c))
            || (position == 0 && matches!(c, '#' | '-' | '+' | '='));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown code span holding `text` verbatim, whatever backticks it contains.
pub(super) fn code_span(text: &str) -> String {
    let text = clean(text).replace('\n', " ");
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code_span("roster_XX"), "`roster_XX`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
    }

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(
            escape_markdown("<script> [link](x) *bold* `code`"),
            "\\<script\\> \\[link\\](x) \\*bold\\* \\`code\\`"
        );
        assert_eq!(escape_markdown("# heading"), "\\# heading");
        assert_eq!(escape_markdown("player_name _x_"), "player_name \\_x\\_");
        assert_eq!(escape_markdown("a\rb\u{0}c"), "abc");
    }
}
