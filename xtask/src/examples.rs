//! Data examples: split, read leniently, normalised out of their envelopes.
//! (Interim strict reader; the lenient one replaces it.)

use crate::ir::{Diagnostic, Example, ExampleStatus};

pub fn looks_like_example(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with('{') || line.starts_with("[{")
}

pub fn read_examples(text: &str, first_line: u32) -> (Vec<Example>, Vec<Diagnostic>) {
    let examples = (first_line..)
        .zip(text.lines())
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(line, raw)| Example {
            line,
            raw: raw.to_owned(),
            status: if serde_json::from_str::<serde_json::Value>(raw).is_ok() {
                ExampleStatus::Valid
            } else {
                ExampleStatus::Unreadable
            },
            payload: None,
        })
        .collect();
    (examples, Vec::new())
}
