//! Writes the list of the `gep` crate's game modules (its features, one per game) for the
//! `decode_gep` target, so that a game added by `cargo xtask regen` is fuzzed without an edit.

use std::env;
use std::fmt::Write;
use std::fs;
use std::path::Path;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/rust/Cargo.toml");
    println!("cargo:rerun-if-changed={}", manifest.display());
    let text = fs::read_to_string(&manifest).expect("generated/rust/Cargo.toml");
    let mut in_features = false;
    let mut games = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if let Some((name, _)) = line.split_once('=') {
            let name = name.trim();
            if in_features && name != "default" && !name.starts_with('#') {
                games.push(name.to_owned());
            }
        }
    }
    assert!(!games.is_empty(), "no game feature in {}", manifest.display());
    let mut code = String::from("/// Every game module of the crate: its name and its decoder, checked.\npub const GAMES: &[(&str, fn(&str))] = &[\n");
    for game in &games {
        writeln!(code, "    (\"{game}\", |text| check!({game}, text)),").unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("games.rs");
    fs::write(out, code).unwrap();
}
