//! Any bytes (decoded lossily, as an app's JSON arrives as text) through the decoder of every
//! game module of the generated `gep` crate: it must not panic, whatever the envelope, keys or
//! values; an error or `Unknown`/`Invalid` updates are the answer to bad input. Decoding is
//! deterministic, and every update prints (its `Debug` form, as the decode example shows it).

#![no_main]

use libfuzzer_sys::fuzz_target;

/// Decodes `text` with the game `module` twice; the two agree (compared as printed, so that a
/// NaN read from a string compares equal to itself), and errors print.
macro_rules! check {
    ($module:ident, $text:expr) => {{
        let first = format!("{:?}", gep::$module::decode($text).map_err(|e| e.to_string()));
        let second = format!("{:?}", gep::$module::decode($text).map_err(|e| e.to_string()));
        assert_eq!(first, second, "decoding is deterministic");
    }};
}

include!(concat!(env!("OUT_DIR"), "/games.rs"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for (_, decode) in GAMES {
        decode(&text);
    }
});
