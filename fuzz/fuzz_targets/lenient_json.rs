//! Example text (any bytes, decoded lossily) through the lenient JSON reader and the example
//! splitter: no panic, prefixes end inside the text on a character boundary, valid JSON reads
//! as itself with nothing repaired, and every example is text of the block on one of its lines.

#![no_main]

use gepgen::examples::read_examples;
use gepgen::lenient;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = lenient::parse(&text);
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
        let parsed = parsed.expect("valid JSON is read");
        // As text, so that the members' order is compared too.
        assert_eq!(
            parsed.value.to_string(),
            value.to_string(),
            "valid JSON reads as itself"
        );
        assert!(parsed.repairs.is_empty(), "valid JSON needs no repair");
    }
    if let Ok((_, used)) = lenient::parse_prefix(&text) {
        assert!(used <= text.len(), "prefix ends inside the text");
        assert!(text.is_char_boundary(used), "prefix ends on a character");
    }
    let (examples, _) = read_examples(&text, 1);
    let last_line = 1 + text.matches('\n').count() as u32;
    for example in &examples {
        assert!(
            (1..=last_line).contains(&example.line),
            "example line {} outside the block's lines 1..={last_line}",
            example.line
        );
        assert!(
            text.contains(example.raw.as_str()),
            "example raw text {:?} is not in the block",
            example.raw
        );
    }
});
