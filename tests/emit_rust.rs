//! The Rust emitter: the expected modules of a small game and a hostile one, which
//! `emit_rust_compiled` compiles and runs, hostile doc text that must not become code, collisions told apart,
//! and every game of the corpus generated.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use gepgen::emit::rust::{generate, generate_game_module};
use gepgen::emit::PREAMBLE;
use gepgen::ir::{Event, Feature, GameIr, InfoUpdate, Shape, ValueType};
use gepgen::pipeline::page_to_ir;
use proc_macro2::{TokenStream, TokenTree};

fn fixture_dir() -> PathBuf {
    common::project_root().join("tests/fixtures/rust")
}

/// The hand-written IR of a small game.
fn small_ir() -> GameIr {
    let text = fs::read_to_string(fixture_dir().join("small.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn string_value() -> ValueType {
    ValueType {
        shape: Shape::String,
        encoding: Default::default(),
        nullable: false,
        evidence: Default::default(),
    }
}

/// Doc text that tries to close a comment, a string or an attribute, open a code block (a
/// doctest runs code), or smuggle HTML, written straight into the IR, where the parser
/// would otherwise tidy some of it away.
const HOSTILE_TEXTS: &[&str] = &[
    "*/ fn injected_five() {} /*",
    "\"); injected_six(); (\"",
    "```\nfn injected_seven() {}\n```",
    "~~~\nfn injected_eight() {}\n~~~",
    "text\n    fn injected_nine() {}\n\tfn injected_ten() {}",
    "</script><script>alert(1)</script> `tick` ``double``",
    "#[cfg(any())] #![allow(warnings)] \\ \\n \r\n carriage\rreturn \u{0}nul",
    "naïve ключ 🎮 \u{2028} line separator",
];

/// The hostile page read by the real pipeline, plus hostile text written into the IR.
fn hostile_ir() -> GameIr {
    let path = "tests/fixtures/hostile.md";
    let text = fs::read_to_string(common::project_root().join(path)).unwrap();
    let mut ir = page_to_ir(&text, path, None);
    let mut feature = Feature {
        name: "hostile text".to_owned(),
        line: None,
        info_updates: Vec::new(),
        events: Vec::new(),
        notes: Vec::new(),
    };
    for (index, hostile) in HOSTILE_TEXTS.iter().enumerate() {
        feature.info_updates.push(InfoUpdate {
            key: format!("hostile_{index}"),
            family: None,
            category: hostile.to_string(),
            since: Some(hostile.to_string()),
            description: hostile.to_string(),
            remarks: Some(hostile.to_string()),
            value: string_value(),
            note: None,
            line: 1,
        });
        feature.events.push(Event {
            name: format!("hostile event {index} {hostile}"),
            since: Some(hostile.to_string()),
            description: hostile.to_string(),
            data_description: hostile.to_string(),
            remarks: None,
            data: string_value(),
            note: None,
            line: 1,
        });
    }
    ir.features.push(feature);
    ir
}

/// Compares a checked-in file with what it should be; `UPDATE_EXPECT=1` rewrites it.
fn assert_file(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} is stale: run `UPDATE_EXPECT=1 cargo test -p xtask --test emit_rust` and commit it",
        path.display()
    );
}

/// The one recorded output of these modules: `tests/emit_rust_compiled.rs` compiles these
/// files against the `gep` runtime and decodes payloads with them, so "expected output"
/// always means "compiles and works" (no insta snapshot repeats them).
#[test]
fn fixture_modules_are_current() {
    let dir = fixture_dir().join("expected");
    assert_file(
        &dir.join("small_game.rs"),
        &generate_game_module(&small_ir()).unwrap(),
    );
    assert_file(
        &dir.join("hostile.rs"),
        &generate_game_module(&hostile_ir()).unwrap(),
    );
}

fn collect_tokens(stream: TokenStream, idents: &mut BTreeSet<String>, literals: &mut Vec<String>) {
    for tree in stream {
        match tree {
            TokenTree::Group(group) => collect_tokens(group.stream(), idents, literals),
            TokenTree::Ident(ident) => {
                idents.insert(ident.to_string());
            }
            TokenTree::Literal(literal) => literals.push(literal.to_string()),
            TokenTree::Punct(_) => {}
        }
    }
}

/// The name of every attribute (`#[name ...]`, `#![name ...]`) in a token stream.
fn collect_attributes(stream: TokenStream, names: &mut Vec<String>) {
    let mut after_pound = false;
    for tree in stream {
        match tree {
            TokenTree::Punct(punct) if punct.as_char() == '#' => {
                after_pound = true;
                continue;
            }
            TokenTree::Punct(punct) if punct.as_char() == '!' && after_pound => continue,
            TokenTree::Group(group) => {
                if after_pound && group.delimiter() == proc_macro2::Delimiter::Bracket {
                    if let Some(TokenTree::Ident(name)) = group.stream().into_iter().next() {
                        names.push(name.to_string());
                    }
                }
                collect_attributes(group.stream(), names);
            }
            _ => {}
        }
        after_pound = false;
    }
}

#[test]
fn hostile_text_stays_text() {
    let module = generate_game_module(&hostile_ir()).unwrap();
    let file = syn::parse_file(&module).expect("the hostile module parses");

    // No identifier of the hostile text became a token of the program.
    let mut idents = BTreeSet::new();
    let mut literals = Vec::new();
    collect_tokens(
        TokenStream::from_str(&module).unwrap(),
        &mut idents,
        &mut literals,
    );
    let injected: Vec<&String> = idents
        .iter()
        .filter(|i| {
            i.starts_with("injected") || i.starts_with("fenced") || i.starts_with("indented")
        })
        .collect();
    assert!(
        injected.is_empty(),
        "hostile text became code: {injected:?}"
    );
    for forbidden in ["alert", "script", "exit", "process", "warnings", "any"] {
        assert!(
            !idents.contains(forbidden),
            "hostile text became code: `{forbidden}`"
        );
    }
    // Only the attributes the emitter writes itself; the hostile `#[cfg(any())]` and
    // `#![allow(warnings)]` stay inside doc text and string literals.
    let mut attributes = Vec::new();
    collect_attributes(TokenStream::from_str(&module).unwrap(), &mut attributes);
    let names: BTreeSet<&str> = attributes.iter().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from(["allow", "cfg_attr", "derive", "doc", "serde"]),
        "attributes of the hostile module"
    );
    assert_eq!(attributes.iter().filter(|a| *a == "allow").count(), 1);

    // But the text is all there, in doc comments or string literals.
    let docs: Vec<String> = doc_lines(&file);
    let all_docs = docs.join("\n");
    for fragment in [
        "\"); injected_six(); (\"",
        "\"); injected_two(); (\"",
        "\\</script\\>",
        "\\`tick\\`",
        "naïve ключ 🎮",
        "\\#\\[cfg(any())\\]",
    ] {
        assert!(
            all_docs.contains(fragment),
            "{fragment:?} is not in the docs"
        );
    }
    // No doc line can open a code block, which rustdoc would run as a doctest.
    for line in &docs {
        let text = line.strip_prefix(' ').unwrap_or(line);
        assert!(
            !text.starts_with(char::is_whitespace)
                && !text.starts_with("```")
                && !text.starts_with("~~~")
                && !text.contains('\r'),
            "doc line could open a code block: {line:?}"
        );
    }

    // Keys named after keywords, digits and hyphens got identifiers.
    for variant in ["Type", "Break", "_2kill", "MatchState", "SelfValue"] {
        assert!(
            module.contains(&format!("    {variant}(Option<String>),")),
            "no InfoUpdate::{variant}"
        );
    }
    for variant in ["Match(events::MatchData)", "Gen,", "SelfValue,"] {
        assert!(module.contains(variant), "no Event::{variant}");
    }
    // The `match` example's data: fields named after a keyword and a hyphenated name.
    for field in [
        "pub r#type:",
        "pub match_state:",
        "rename = \"match-state\"",
    ] {
        assert!(module.contains(field), "no `{field}` in events::MatchData");
    }
}

/// Every `#[doc]` string of a file, inner and outer, one entry per attribute.
fn doc_lines(file: &syn::File) -> Vec<String> {
    let text = prettyplease::unparse(file);
    let mut lines = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(doc) = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"))
        {
            lines.push(doc.to_owned());
        } else {
            assert!(
                !trimmed.starts_with("#[doc") && !trimmed.starts_with("/**"),
                "doc text printed as an attribute or block comment: {line}"
            );
        }
    }
    lines
}

/// Texts that differ only in case never stop the generation of every game: the second in
/// page order gets a number, and the decoder still tells them apart on the wire.
#[test]
fn collisions_are_numbered_in_page_order() {
    let mut ir = small_ir();
    let mut twin = ir.features[1].info_updates[0].clone();
    twin.key = "Phase".to_owned();
    ir.features[1].info_updates.push(twin);
    let module = generate_game_module(&ir).unwrap();
    for arm in [
        "\"phase\" => Some(InfoKey::Phase)",
        "\"Phase\" => Some(InfoKey::Phase2)",
    ] {
        assert!(module.contains(arm), "no `{arm}` in\n{module}");
    }

    let mut ir = small_ir();
    let Shape::Enum { values } = &mut ir.features[1].info_updates[0].value.shape else {
        panic!("phase is an enumeration in the fixture");
    };
    values.push(gepgen::ir::EnumValue::new("Other"));
    let module = generate_game_module(&ir).unwrap();
    assert!(
        module.contains("\"Other\" => Self::Other2,"),
        "a value named like the generated `Other` variant"
    );
}

/// Values that differ from another only by punctuation or by being all lowercase (real docs
/// list `PL_TRIO` and `#PL_TRIO`, `Dock` and `dock`) get a name that says how.
#[test]
fn near_collisions_get_descriptive_names() {
    let mut ir = small_ir();
    let Shape::Enum { values } = &mut ir.features[1].info_updates[0].value.shape else {
        panic!("phase is an enumeration in the fixture");
    };
    for value in ["#lobby", "other"] {
        values.push(gepgen::ir::EnumValue::new(value));
    }
    let module = generate_game_module(&ir).unwrap();
    for arm in [
        "\"lobby\" => Self::Lobby,",
        "\"#lobby\" => Self::HashLobby,",
        "\"other\" => Self::OtherLowercase,",
    ] {
        assert!(module.contains(arm), "no `{arm}`");
    }
    // `Lobby` is mixed case beside `lobby`: nothing but a number tells them apart.
    let mut ir = small_ir();
    let Shape::Enum { values } = &mut ir.features[1].info_updates[0].value.shape else {
        panic!("phase is an enumeration in the fixture");
    };
    values.push(gepgen::ir::EnumValue::new("Lobby"));
    let module = generate_game_module(&ir).unwrap();
    assert!(module.contains("\"Lobby\" => Self::Lobby2,"), "{module}");
}

#[test]
fn output_is_deterministic_and_independent_of_game_order() {
    let games = [small_ir(), hostile_ir()];
    let first = generate(&games).unwrap();
    let again = generate(&games).unwrap();
    let reversed = generate(&[games[1].clone(), games[0].clone()]).unwrap();
    assert_eq!(first, again);
    assert_eq!(first, reversed);
    let paths: Vec<&str> = first.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "generated/rust/Cargo.toml",
            "generated/rust/README.md",
            "generated/rust/src/lib.rs",
            "generated/rust/examples/decode/main.rs",
            "generated/rust/examples/decode/program.rs",
            "generated/rust/src/runtime/mod.rs",
            "generated/rust/src/runtime/decoded.rs",
            "generated/rust/src/runtime/envelope.rs",
            "generated/rust/src/runtime/error.rs",
            "generated/rust/src/runtime/keys.rs",
            "generated/rust/src/runtime/lenient.rs",
            "generated/rust/src/hostile.rs",
            "generated/rust/examples/hostile.jsonl",
            "generated/rust/src/small_game.rs",
        ]
    );
    for file in &first {
        let first_line = file.contents.lines().next().unwrap();
        assert!(
            file.path.ends_with(".jsonl")
                || first_line == format!("<!-- {PREAMBLE} -->")
                || (first_line.ends_with(PREAMBLE) && first_line.len() <= PREAMBLE.len() + 3),
            "{} starts with {first_line:?}",
            file.path
        );
    }
    let cargo_toml = &first[0].contents;
    assert!(cargo_toml
        .contains("default = [\"hostile\", \"small_game\"]\nhostile = []\nsmall_game = []\n"));
}

/// The latest page of every corpus game goes through the emitter: real docs must not
/// collide after sanitising, and what comes out must parse.
#[test]
fn every_corpus_game_generates() {
    let Some(dir) = common::data("corpus", "every_corpus_game_generates") else {
        return;
    };
    let mut irs = Vec::new();
    for game in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let game = game.unwrap().path();
        if !game.is_dir() {
            continue;
        }
        let latest = fs::read_dir(&game)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "mdx")))
            .max()
            .unwrap();
        let bytes = fs::read(&latest).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let slug = game.file_name().unwrap().to_string_lossy().into_owned();
        let mut ir = page_to_ir(&text, &latest.to_string_lossy(), None);
        // Module names come from the slug; the corpus folder is the stable one.
        ir.game.slug = slug;
        irs.push(ir);
    }
    assert_eq!(irs.len(), 31);
    let files = generate(&irs).unwrap_or_else(|e| panic!("{e:#}"));
    let modules = files
        .iter()
        .filter(|f| f.path.starts_with("generated/rust/src/") && !f.path.ends_with("/lib.rs"))
        .filter(|f| !f.path.starts_with("generated/rust/src/runtime/"))
        .count();
    assert_eq!(modules, 31, "one module per game");
}
