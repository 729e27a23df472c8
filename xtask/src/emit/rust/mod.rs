//! The Rust emitter: game IRs to the `generated/rust` crate (`gep`).
//!
//! Each game becomes one module behind a cargo feature of the same name, with:
//! - `GAME_ID`, `SLUG`, `TITLE`;
//! - `Feature`, the names for `setRequiredFeatures` (`ALL`, `as_str`, `FromStr`);
//! - `InfoUpdate`, one variant per documented key (families carry `index: u32`), each holding
//!   `Option<T>` where `None` is a reset (`null`, `""` or `"null"`), plus `Unknown` and
//!   `Invalid`;
//! - `Event`, one variant per documented event carrying its data, plus `Unknown` and `Invalid`;
//! - `Update` and `decode`, which take the updates out of any GEP envelope;
//! - `info` and `events` submodules with the payload structs and open enums (serde, lenient
//!   decoding of numbers and booleans sent as strings and of JSON documents inside strings).
//!
//! Code is built as tokens with `quote!` and printed by prettyplease. Text from the docs
//! reaches the output only as `#[doc = "..."]` and string literals (escaped by the token
//! printer) or through [`crate::ident`] (identifiers). The decoding support shared by all games is
//! the module `templates/rust/runtime/`, copied verbatim (and compiled where it is written by
//! `tests/runtime_template.rs`).
//!
//! Stages, a module each: `lower` resolves names (from `emit::model`) and types into a
//! `GameSrc`, plain data down to the payload structs and enums (`TypeItem`), as rust-analyzer
//! keeps its `AstSrc`; `print` turns it into tokens; `docs` writes doc comments from the docs'
//! text; this module puts the crate's files together (templates, `lib.rs`, the example).

mod docs;
mod lower;
mod print;

use anyhow::{Context, Result};
use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{markdown_cell, GeneratedFile, PREAMBLE};
use crate::ident::Namespace;
use crate::ir::GameIr;
use docs::{code_span, escape_markdown};
use lower::{lower_game, GameSrc};
use print::generate_module;

/// The crate's directory, relative to the project root.
const CRATE_DIR: &str = "generated/rust";
/// Decoding support shared by every game module, copied into the crate's `src/runtime/`.
const RUNTIME: &[TemplateFile] = &[
    TemplateFile {
        name: "mod.rs",
        text: include_str!("../../../../templates/rust/runtime/mod.rs"),
    },
    TemplateFile {
        name: "decoded.rs",
        text: include_str!("../../../../templates/rust/runtime/decoded.rs"),
    },
    TemplateFile {
        name: "envelope.rs",
        text: include_str!("../../../../templates/rust/runtime/envelope.rs"),
    },
    TemplateFile {
        name: "error.rs",
        text: include_str!("../../../../templates/rust/runtime/error.rs"),
    },
    TemplateFile {
        name: "keys.rs",
        text: include_str!("../../../../templates/rust/runtime/keys.rs"),
    },
    TemplateFile {
        name: "lenient.rs",
        text: include_str!("../../../../templates/rust/runtime/lenient.rs"),
    },
];
/// The `decode` example's program, copied into the crate's `examples/decode/` beside the
/// generated table of games.
const DECODE_PROGRAM: TemplateFile = TemplateFile {
    name: "program.rs",
    text: include_str!("../../../../templates/rust/examples/decode/program.rs"),
};
const CARGO_TOML: &str = include_str!("../../../../templates/rust/Cargo.toml.jinja");
const README: &str = include_str!("../../../../templates/rust/README.md.j2");

/// Generates every file of the crate for `games`.
pub fn generate(games: &[GameIr]) -> Result<Vec<GeneratedFile>> {
    let mut modules = Namespace::new("game modules").with_reserved(&["runtime"]);
    let mut lowered = Vec::with_capacity(games.len());
    for game in games {
        let src = lower_game(game, &mut modules)
            .with_context(|| format!("cannot generate Rust for {}", game.game.slug))?;
        lowered.push(src);
    }
    // The order of `games` must not matter; every output lists the games by slug.
    lowered.sort_by(|a, b| a.slug.cmp(&b.slug));

    let mut files = vec![
        GeneratedFile {
            path: format!("{CRATE_DIR}/Cargo.toml"),
            contents: generate_cargo_toml(&lowered)?,
        },
        GeneratedFile {
            path: format!("{CRATE_DIR}/README.md"),
            contents: generate_readme(&lowered)?,
        },
        GeneratedFile {
            path: format!("{CRATE_DIR}/src/lib.rs"),
            contents: render(generate_lib(&lowered))?,
        },
        GeneratedFile {
            path: format!("{CRATE_DIR}/examples/decode/main.rs"),
            contents: render(generate_example_program(&lowered))?,
        },
        GeneratedFile {
            path: format!("{CRATE_DIR}/examples/decode/{}", DECODE_PROGRAM.name),
            contents: copy_template(&DECODE_PROGRAM)?,
        },
    ];
    for file in RUNTIME {
        files.push(GeneratedFile {
            path: format!("{CRATE_DIR}/src/runtime/{}", file.name),
            contents: copy_template(file)?,
        });
    }
    for game in &lowered {
        files.push(GeneratedFile {
            path: format!("{CRATE_DIR}/src/{}.rs", game.module_name),
            contents: render(generate_module(game)?)?,
        });
        if !game.sample_payloads.is_empty() {
            // JSON Lines have no comments: the crate's docs say where these come from.
            let mut contents = String::new();
            for line in &game.sample_payloads {
                contents.push_str(line);
                contents.push('\n');
            }
            files.push(GeneratedFile {
                path: format!("{CRATE_DIR}/examples/{}.jsonl", game.module_name),
                contents,
            });
        }
    }
    Ok(files)
}

/// The Rust module of one game, as source text (used for fixtures outside the crate).
pub fn generate_game_module(game: &GameIr) -> Result<String> {
    let mut modules = Namespace::new("game modules").with_reserved(&["runtime"]);
    let src = lower_game(game, &mut modules)?;
    render(generate_module(&src)?)
}

/// Prints tokens as a Rust file that starts with the preamble.
fn render(tokens: TokenStream) -> Result<String> {
    let mut file: syn::File =
        syn::parse2(tokens).context("generated Rust does not parse (an emitter bug)")?;
    // prettyplease formats the output; rustfmt would format it differently, so
    // `cargo fmt --check` must leave generated files alone.
    file.attrs
        .insert(0, syn::parse_quote!(#![cfg_attr(rustfmt, rustfmt::skip)]));
    Ok(format!("// {PREAMBLE}\n\n{}", prettyplease::unparse(&file)))
}

/// A Rust file of `templates/rust/` that goes into the crate as it is.
struct TemplateFile {
    /// Its name, in its template directory and in the crate.
    name: &'static str,
    text: &'static str,
}

/// The template's text after the preamble; it is checked to parse, as the generated code is.
fn copy_template(file: &TemplateFile) -> Result<String> {
    let TemplateFile { name, text } = file;
    syn::parse_file(text).with_context(|| format!("template {name} does not parse"))?;
    Ok(format!("// {PREAMBLE}\n\n{text}"))
}

/// The crate's README: its games, how to install and decode, the decoding rules and the
/// versioning policy.
fn generate_readme(games: &[GameSrc]) -> Result<String> {
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.add_template("README.md", README)?;
    let rows: Vec<minijinja::Value> = games
        .iter()
        .map(|g| {
            minijinja::context! {
                title => markdown_cell(&g.title),
                module => g.module_name,
                id => g.id.map_or_else(|| "unknown".to_owned(), |id| id.to_string()),
            }
        })
        .collect();
    let first = rows
        .first()
        .cloned()
        .unwrap_or_else(|| minijinja::context! { title => "", module => "your_game", id => "" });
    Ok(env.get_template("README.md")?.render(minijinja::context! {
        preamble => PREAMBLE,
        version => CRATE_VERSION,
        games => rows,
        first => first,
    })?)
}

/// The version of the generated crate, as its Cargo.toml states it.
const CRATE_VERSION: &str = "0.1.0";

fn generate_cargo_toml(games: &[GameSrc]) -> Result<String> {
    let mut env = minijinja::Environment::new();
    env.add_template("Cargo.toml", CARGO_TOML)?;
    let names: Vec<&str> = games.iter().map(|g| g.module_name.as_str()).collect();
    let text = env.get_template("Cargo.toml")?.render(
        minijinja::context! { preamble => PREAMBLE, version => CRATE_VERSION, games => names },
    )?;
    Ok(text)
}

fn generate_lib(games: &[GameSrc]) -> TokenStream {
    let modules = games.iter().map(|game| {
        let module = &game.module;
        let feature = &game.module_name;
        let doc = format!(
            " {} ({}).",
            escape_markdown(&game.title),
            code_span(&game.slug)
        );
        quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });
    quote! {
        //! Typed Overwolf Game Events Provider (GEP) info updates and events, generated from
        //! the GEP documentation by `cargo xtask regen`.
        //!
        //! One module per game, each behind the cargo feature of the same name (all on by
        //! default). Decode the JSON text an app receives with the game's `decode`:
        //!
        //! ```
        //! use gep::apex_legends::{decode, Event, InfoUpdate, Update};
        //!
        //! let updates = decode(r#"{"events":[{"name":"kill","data":"3"}]}"#)?;
        //! assert_eq!(updates, [Update::Event(Event::Kill(3.0))]);
        //! for update in updates {
        //!     match update {
        //!         Update::Info(InfoUpdate::Roster { index, value: Some(player) }) => {
        //!             println!("roster_{index}: {:?} in team {:?}", player.name, player.team_id);
        //!         }
        //!         Update::Info(InfoUpdate::Roster { value: None, .. }) => {} // a reset
        //!         Update::Event(Event::Kill(total)) => println!("{total} kills"),
        //!         _ => {}
        //!     }
        //! }
        //! # Ok::<(), gep::runtime::DecodeError>(())
        //! ```
        //!
        //! Unknown keys, events and enumeration values decode to `Unknown` and `Other`
        //! variants, never to errors, so a new GEP version cannot break an app. Numbers and
        //! booleans sent as strings, JSON documents inside strings, and resets (`null`, `""`
        //! or `"null"`, decoded as `None`) are taken care of; fields of payload structs that
        //! the docs do not list are kept in their `extra` map; malformed JSON is a
        //! [`DecodeError`] with its line and column.
        //!
        //! To see what recorded payloads decode to, one JSON document per line:
        //!
        //! ```text
        //! cargo run -p gep --example decode < payloads.jsonl
        //! cargo run -p gep --example decode -- apex_legends < generated/rust/examples/apex_legends.jsonl
        //! ```
        //!
        //! `examples/<game>.jsonl` holds every data example of the game's docs, in the
        //! envelope an app receives it in.

        pub mod runtime;

        #(#modules)*

        pub use runtime::{DecodeError, RawEvent, RawInfo, WireEvent, WireInfo, WireUpdate};
    }
}

/// The `decode` example's `main.rs`: the table of games beside the fixed program
/// ([`DECODE_PROGRAM`]).
fn generate_example_program(games: &[GameSrc]) -> TokenStream {
    let games = games.iter().map(|game| {
        let module = &game.module;
        let name = &game.module_name;
        let slug = &game.slug;
        quote! {
            #[cfg(feature = #name)]
            game!(#module, #name, #slug),
        }
    });
    quote! {
        //! The `decode` example: the program is `program.rs`, the same for every crate; this
        //! file lists the games.

        #[macro_use]
        mod program;

        /// The games the crate was built with.
        const GAMES: &[program::Game] = &[#(#games)*];

        fn main() -> std::process::ExitCode {
            program::main(GAMES)
        }
    }
}
