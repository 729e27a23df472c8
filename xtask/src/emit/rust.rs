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
//! printer) or through [`ident`] (identifiers). The decoding support shared by all games is
//! the module `templates/rust/runtime/`, copied verbatim (and compiled where it is written by
//! `tests/runtime_template.rs`).
//!
//! Stages: `lower_game` resolves names (from `emit::model`) and types into a `GameSrc`,
//! plain data down to the payload structs and enums (`TypeItem`), as rust-analyzer keeps its
//! `AstSrc`; `generate_*` and `print_*` are the printers that turn it into tokens.

use anyhow::{Context, Result};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::doc_examples::game_examples;
use crate::emit::model::{self, GameModel};
use crate::emit::{markdown_cell, GeneratedFile, PREAMBLE};
use crate::ident::{self, Case, Namespace, RustIdent};
use crate::ir::{
    EnumValue, Event, FamilyMember, Feature, Field, Game, GameIr, InfoUpdate, KeyFamily, Note,
    Shape, Source, ValueType, WireKey,
};

/// The crate's directory, relative to the project root.
const CRATE_DIR: &str = "generated/rust";
/// Decoding support shared by every game module, copied into the crate's `src/runtime/`.
const RUNTIME: &[TemplateFile] = &[
    TemplateFile {
        name: "mod.rs",
        text: include_str!("../../../templates/rust/runtime/mod.rs"),
    },
    TemplateFile {
        name: "decoded.rs",
        text: include_str!("../../../templates/rust/runtime/decoded.rs"),
    },
    TemplateFile {
        name: "envelope.rs",
        text: include_str!("../../../templates/rust/runtime/envelope.rs"),
    },
    TemplateFile {
        name: "error.rs",
        text: include_str!("../../../templates/rust/runtime/error.rs"),
    },
    TemplateFile {
        name: "keys.rs",
        text: include_str!("../../../templates/rust/runtime/keys.rs"),
    },
    TemplateFile {
        name: "lenient.rs",
        text: include_str!("../../../templates/rust/runtime/lenient.rs"),
    },
];
/// The `decode` example's program, copied into the crate's `examples/decode/` beside the
/// generated table of games.
const DECODE_PROGRAM: TemplateFile = TemplateFile {
    name: "program.rs",
    text: include_str!("../../../templates/rust/examples/decode/program.rs"),
};
const CARGO_TOML: &str = include_str!("../../../templates/rust/Cargo.toml.jinja");
const README: &str = include_str!("../../../templates/rust/README.md.j2");

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

// ---------------------------------------------------------------------------------------------
// Lowering: names and types resolved, docs written, before any item is built.

/// One game, ready to be printed.
struct GameSrc {
    /// Module and cargo feature name.
    module_name: String,
    module: Ident,
    slug: String,
    title: String,
    id: Option<u64>,
    source_path: String,
    features: Vec<FeatureSrc>,
    infos: Vec<InfoSrc>,
    events: Vec<EventSrc>,
    /// Items of the `info` submodule.
    info_types: Vec<TypeItem>,
    /// Items of the `events` submodule.
    event_types: Vec<TypeItem>,
    /// Documented examples in their wire envelopes, one JSON document each.
    sample_payloads: Vec<String>,
}

struct FeatureSrc {
    name: String,
    variant: Ident,
}

/// One `InfoUpdate` variant.
struct InfoSrc {
    variant: Ident,
    /// The key as documented (`roster_XX`).
    key: String,
    family: Option<KeyFamily>,
    category: String,
    /// Other keys the docs' own examples send for this one (`version_info` for a table row
    /// that says `gep_internal`): the examples show what arrives on the wire.
    aliases: Vec<String>,
    docs: Docs,
    /// `None`: the value is always empty, the variant carries nothing (but an index).
    value: Option<Ty>,
}

/// One `Event` variant.
struct EventSrc {
    variant: Ident,
    name: String,
    docs: Docs,
    /// `None`: the event carries no data.
    data: Option<Ty>,
}

/// A Rust type, relative to the `info` or `events` submodule for named types.
#[derive(Clone)]
enum Ty {
    Named(Ident),
    String,
    Bool,
    I64,
    F64,
    /// Any JSON, kept as sent.
    Json,
    Option(Box<Ty>),
    Vec(Box<Ty>),
    /// A map keyed by data, with string keys.
    Map(Box<Ty>),
}

impl Ty {
    /// The type as written in the game module (`submodule = Some(info)`) or in the submodule.
    /// The game module defines no names of its own that could shadow the prelude; the
    /// submodules do (a payload may be called `Option`), so they spell out the paths.
    fn tokens(&self, submodule: Option<&Ident>) -> TokenStream {
        match self {
            Ty::Named(name) => match submodule {
                Some(module) => quote!(#module::#name),
                None => quote!(#name),
            },
            Ty::String => match submodule {
                Some(_) => quote!(String),
                None => quote!(::std::string::String),
            },
            Ty::Bool => quote!(bool),
            Ty::I64 => quote!(i64),
            Ty::F64 => quote!(f64),
            Ty::Json => quote!(::serde_json::Value),
            Ty::Option(inner) => {
                let inner = inner.tokens(submodule);
                match submodule {
                    Some(_) => quote!(Option<#inner>),
                    None => quote!(::std::option::Option<#inner>),
                }
            }
            Ty::Vec(inner) => {
                let inner = inner.tokens(submodule);
                match submodule {
                    Some(_) => quote!(Vec<#inner>),
                    None => quote!(::std::vec::Vec<#inner>),
                }
            }
            Ty::Map(inner) => {
                let inner = inner.tokens(submodule);
                let key = Ty::String.tokens(submodule);
                quote!(::std::collections::BTreeMap<#key, #inner>)
            }
        }
    }
}

/// Lowers one game; `modules` holds the module names of the games lowered so far.
fn lower_game(ir: &GameIr, modules: &mut Namespace) -> Result<GameSrc> {
    let GameIr {
        source,
        game,
        features,
        // Corrections and diagnostics are for the review of spec/, not for the bindings.
        overrides: _,
        diagnostics: _,
    } = ir;
    let Source { path, format: _ } = source;
    let Game { slug, title, id } = game;

    let module_ident = modules.claim_rust(slug, Case::Snake)?;
    let module_name = module_ident.unraw().to_owned();

    let mut feature_names = Namespace::new(format!("{module_name}::Feature variants"));
    let mut feature_srcs: Vec<FeatureSrc> = Vec::new();
    for feature in features {
        if feature_srcs.iter().any(|f| f.name == feature.name) {
            continue;
        }
        let variant = claim_spelled(&mut feature_names, &feature.name, Case::Pascal);
        feature_srcs.push(FeatureSrc {
            name: feature.name.clone(),
            variant: variant.to_ident(),
        });
    }

    // Types are named once, for every language (see `emit::model`).
    let model = model::lower_game(ir)?;
    let mut info_types = TypeSpace::new(&module_name, "info", &model);
    let infos = lower_infos(features, &model, &mut info_types)?;
    let mut event_types = TypeSpace::new(&module_name, "events", &model);
    let events = lower_events(features, &mut event_types)?;
    let sample_payloads = sample_payloads(features)?;

    Ok(GameSrc {
        module: module_ident.to_ident(),
        module_name,
        slug: slug.clone(),
        title: title.clone(),
        id: *id,
        source_path: path.clone(),
        features: feature_srcs,
        infos,
        info_types: info_types.items,
        events,
        event_types: event_types.items,
        sample_payloads,
    })
}

/// The text a variant is named after: the key, or a family's key without its placeholder (a
/// name family written as the placeholder alone, `[deck_id]`, is named after its word).
fn key_stem(key: &str, wire: &WireKey) -> String {
    match wire {
        WireKey::Exact(key) => key.clone(),
        WireKey::Family { prefix, suffix, .. } if !prefix.is_empty() || !suffix.is_empty() => {
            format!("{prefix} {suffix}")
        }
        WireKey::Family { .. } => key.to_owned(),
    }
}

/// The `InfoUpdate` variants; their value types go to `types`.
fn lower_infos(
    features: &[Feature],
    model: &GameModel<'_>,
    types: &mut TypeSpace<'_>,
) -> Result<Vec<InfoSrc>> {
    // The same (category, key) documented in two features is one key on the wire.
    struct Entry<'a> {
        info: &'a InfoUpdate,
        wire: WireKey,
        features: Vec<&'a str>,
    }
    let mut entries: Vec<Entry> = Vec::new();
    for feature in features {
        for info in &feature.info_updates {
            let wire = info.wire_key();
            match entries
                .iter_mut()
                .find(|e| e.wire == wire && e.info.category == info.category)
            {
                Some(entry) => entry.features.push(&feature.name),
                None => entries.push(Entry {
                    info,
                    wire,
                    features: vec![&feature.name],
                }),
            }
        }
    }

    let mut variants = Namespace::new(format!("{}::InfoUpdate variants", types.module))
        .with_reserved(&["Unknown", "Invalid"]);
    let renamed = model.renamed_keys();
    let mut infos = Vec::with_capacity(entries.len());
    for (position, entry) in entries.iter().enumerate() {
        let InfoUpdate {
            key,
            family,
            category,
            since,
            description,
            remarks,
            value,
            note,
            line: _,
        } = entry.info;
        // A key documented in several categories is named after its category too.
        let shared = entries
            .iter()
            .enumerate()
            .any(|(other, e)| other != position && e.wire == entry.wire);
        let stem = key_stem(key, &entry.wire);
        let name_text = if shared {
            format!("{category} {stem}")
        } else {
            stem
        };
        let variant = claim_spelled_as(
            &mut variants,
            &format!("key {key} in {category}"),
            &name_text,
            Case::Pascal,
        );

        let mut docs = Docs::default();
        docs.text(description);
        let mut location = match family {
            Some(family) if family.member.is_index() => format!(
                "Keys {} ({}, {}, ...)",
                code_span(key),
                code_span(&format!("{}0{}", family.prefix, family.suffix)),
                code_span(&format!("{}1{}", family.prefix, family.suffix)),
            ),
            Some(_) => format!(
                "Keys {} (named by the data; `name` holds the name)",
                code_span(key)
            ),
            None => format!("Key {}", code_span(key)),
        };
        location.push_str(&format!(" in category {}", code_span(category)));
        let feature_list: Vec<String> = entry.features.iter().map(|f| code_span(f)).collect();
        location.push_str(&format!(", feature {}.", feature_list.join(", ")));
        if let Some(since) = since {
            location.push_str(&format!(" Since GEP {}.", code_span(since)));
        }
        docs.markdown(&location);
        if let Some(remarks) = remarks {
            docs.text(remarks);
        }
        document_note(&mut docs, note.as_ref(), value);
        // Keys the docs' examples send in its place, as every decoder reads them (the model's
        // rule, which the JavaScript decoders and the schemas follow too).
        let mut aliases: Vec<String> = (renamed.iter())
            .filter(|renamed| std::ptr::eq(renamed.key.ir, entry.info))
            .map(|renamed| renamed.wire.to_owned())
            .collect();
        aliases.sort();
        aliases.dedup();
        if !aliases.is_empty() {
            let list: Vec<String> = aliases.iter().map(|alias| code_span(alias)).collect();
            docs.markdown(&format!(
                "The docs' examples send it as {}, which decodes here too.",
                list.join(", ")
            ));
        }

        let value = match &value.shape {
            Shape::Null => {
                docs.markdown("GEP sends no value for this key.");
                None
            }
            _ => {
                docs.markdown("`None` when GEP resets the key (`null`, `\"\"` or `\"null\"`).");
                let subject = format!("the value of {}", code_span(key));
                let ty = types.lower(value, &subject)?;
                Some(Ty::Option(Box::new(ty)))
            }
        };
        infos.push(InfoSrc {
            variant: variant.to_ident(),
            key: key.clone(),
            family: family.clone(),
            category: category.clone(),
            aliases,
            docs,
            value,
        });
    }
    Ok(infos)
}

/// The `Event` variants; their data types go to `types`.
fn lower_events(features: &[Feature], types: &mut TypeSpace<'_>) -> Result<Vec<EventSrc>> {
    // Events are told apart by name alone on the wire.
    let mut entries: Vec<(&Event, Vec<&str>)> = Vec::new();
    for feature in features {
        for event in &feature.events {
            match entries.iter_mut().find(|(e, _)| e.name == event.name) {
                Some((_, features)) => features.push(&feature.name),
                None => entries.push((event, vec![&feature.name])),
            }
        }
    }
    let mut variants = Namespace::new(format!("{}::Event variants", types.module))
        .with_reserved(&["Unknown", "Invalid"]);
    let mut events = Vec::with_capacity(entries.len());
    for (event, features) in entries {
        let Event {
            name,
            since,
            description,
            data_description,
            remarks,
            data,
            note,
            line: _,
        } = event;
        let variant = claim_spelled(&mut variants, name, Case::Pascal);
        let mut docs = Docs::default();
        docs.text(description);
        let feature_list: Vec<String> = features.iter().map(|f| code_span(f)).collect();
        let mut location = format!(
            "Event {}, feature {}.",
            code_span(name),
            feature_list.join(", ")
        );
        if let Some(since) = since {
            location.push_str(&format!(" Since GEP {}.", code_span(since)));
        }
        docs.markdown(&location);
        if !data_description.trim().is_empty() {
            docs.text(&format!("Data: {data_description}"));
        }
        if let Some(remarks) = remarks {
            docs.text(remarks);
        }
        document_note(&mut docs, note.as_ref(), data);
        let data = match &data.shape {
            Shape::Null => None,
            _ => {
                let subject = format!("the data of {}", code_span(name));
                let ty = types.lower(data, &subject)?;
                Some(if data.nullable {
                    Ty::Option(Box::new(ty))
                } else {
                    ty
                })
            }
        };
        events.push(EventSrc {
            variant: variant.to_ident(),
            name: name.clone(),
            docs,
            data,
        });
    }
    Ok(events)
}

/// Claims the identifier of `original` in `names`; when another text took it already, claims
/// one that spells out the punctuation the first conversion dropped (`#PL_TRIO` beside
/// `PL_TRIO` becomes `HashPlTrio`) or, for an all-lowercase or all-uppercase text, its case
/// (`dock` beside `Dock` becomes `DockLowercase`) (see [`ident::distinguishing_texts`]).
/// Other texts that differ only in case or in word separators (`Phase` beside `phase`) are
/// numbered in page order (`Phase2`), so one page's names never stop the generation of every
/// game; the doc comment of a numbered item says so.
fn claim_spelled(names: &mut Namespace, original: &str, case: Case) -> RustIdent {
    claim_spelled_as(names, original, original, case)
}

/// [`claim_spelled`] for an identifier made from `text` on behalf of `original`.
fn claim_spelled_as(names: &mut Namespace, original: &str, text: &str, case: Case) -> RustIdent {
    let plain = ident::rust_ident(text, case);
    if names.claim(original, &plain.name).is_ok() {
        return plain;
    }
    let mut distinguishing = ident::distinguishing_texts(text).into_iter();
    let mut number = 1;
    loop {
        let candidate = distinguishing.next().unwrap_or_else(|| {
            number += 1;
            format!("{text} {number}")
        });
        let spelled = ident::rust_ident(&candidate, case);
        if names.claim(original, &spelled.name).is_ok() {
            let rename = (spelled.unraw() != text).then(|| text.to_owned());
            return RustIdent {
                name: spelled.name,
                rename,
            };
        }
    }
}

/// The doc comment of a named type: its subject (Markdown with code spans) as a sentence.
fn type_docs(subject: &str) -> Docs {
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
fn document_note(docs: &mut Docs, note: Option<&Note>, value: &ValueType) {
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

fn list_item(value: &str, description: Option<&str>) -> String {
    match description {
        Some(description) => format!("- {} – {}", code_span(value), escape_markdown(description)),
        None => format!("- {}", code_span(value)),
    }
}

/// The member of every payload struct that keeps the fields the docs do not list; a wire
/// field of this name gets another identifier (`extra_lowercase`).
const EXTRA_FIELDS: &str = "extra";

/// The named types of one submodule (`info` or `events`), named by the game's model.
struct TypeSpace<'m> {
    model: &'m GameModel<'m>,
    /// The game module's name, for messages.
    module: String,
    names: Namespace,
    items: Vec<TypeItem>,
}

/// A named type of a game's `info` or `events` submodule, as data; [`print_type`] writes it.
enum TypeItem {
    Struct(StructSrc),
    Enum(EnumSrc),
}

/// A payload document: its documented fields, and `extra` for the others.
struct StructSrc {
    ident: Ident,
    docs: Docs,
    fields: Vec<FieldSrc>,
}

struct FieldSrc {
    /// The field's identifier, with the wire name when serde needs it spelled out.
    ident: RustIdent,
    docs: Docs,
    /// Without the `Option` every field is wrapped in.
    ty: Ty,
}

/// An open enumeration: the documented values, and `Other` for the rest.
struct EnumSrc {
    ident: Ident,
    docs: Docs,
    variants: Vec<VariantSrc>,
}

struct VariantSrc {
    ident: Ident,
    /// The value as GEP sends it.
    text: String,
    /// Other spellings that decode to it (`#PL_DUO` for `PL_DUO`).
    aliases: Vec<String>,
    docs: Docs,
}

impl<'m> TypeSpace<'m> {
    fn new(module: &str, submodule: &str, model: &'m GameModel<'m>) -> Self {
        Self {
            model,
            module: module.to_owned(),
            names: Namespace::new(format!("{module}::{submodule} types")),
            items: Vec::new(),
        }
    }

    /// The Rust type of `value`, adding the structs and enums it needs; `subject` says where
    /// the value is (Markdown), for messages and docs.
    fn lower(&mut self, value: &ValueType, subject: &str) -> Result<Ty> {
        let ValueType {
            shape,
            // Lenient decoding takes both encodings, so the Rust type does not depend on it.
            encoding: _,
            // Info values are always `Option` (resets); events decide themselves.
            nullable: _,
            evidence: _,
        } = value;
        Ok(match shape {
            Shape::Any | Shape::Null => Ty::Json,
            Shape::Boolean => Ty::Bool,
            Shape::Integer => Ty::I64,
            Shape::Float => Ty::F64,
            Shape::String => Ty::String,
            Shape::Enum { values } if values.iter().all(|v| v.value.is_empty()) => Ty::String,
            Shape::Enum { values } => {
                let ident = self.claim(value, subject)?;
                let item = open_enum(ident.clone(), values, subject);
                self.items.push(TypeItem::Enum(item));
                Ty::Named(ident)
            }
            Shape::Object { fields } => {
                let ident = self.claim(value, subject)?;
                let item = self.object(ident.clone(), fields, subject)?;
                self.items.push(TypeItem::Struct(item));
                Ty::Named(ident)
            }
            Shape::Array { items } => {
                let item_subject = format!("an item of {subject}");
                let item_ty = self.lower(items, &item_subject)?;
                let item_ty = if items.nullable {
                    Ty::Option(Box::new(item_ty))
                } else {
                    item_ty
                };
                Ty::Vec(Box::new(item_ty))
            }
            Shape::Map { values } => {
                let value_subject = format!("an entry of {subject}");
                let value_ty = self.lower(values, &value_subject)?;
                let value_ty = if values.nullable {
                    Ty::Option(Box::new(value_ty))
                } else {
                    value_ty
                };
                Ty::Map(Box::new(value_ty))
            }
        })
    }

    /// The model's name of `value`'s type, checked unique in the submodule.
    fn claim(&mut self, value: &ValueType, subject: &str) -> Result<Ident> {
        let name = (self.model.type_name(value))
            .with_context(|| format!("the model names no type for {subject}"))?;
        let ident = ident::rust_type_ident(name);
        self.names.claim(subject, &ident.name)?;
        Ok(ident.to_ident())
    }

    fn object(&mut self, ident: Ident, fields: &[Field], subject: &str) -> Result<StructSrc> {
        let mut names =
            Namespace::new(format!("fields of {subject}")).with_reserved(&[EXTRA_FIELDS]);
        let mut seen: Vec<&str> = Vec::new();
        let mut field_srcs = Vec::with_capacity(fields.len());
        for field in fields {
            let Field {
                name,
                value,
                // Every field is an `Option`: one example is no evidence that GEP always sends it.
                optional: _,
            } = field;
            if seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            let field_ident = claim_spelled(&mut names, name, Case::Snake);
            let field_subject = format!("field {} of {subject}", code_span(name));
            let ty = self.lower(value, &field_subject)?;
            let mut docs = Docs::default();
            docs.markdown(&format!("Field {} on the wire.", code_span(name)));
            field_srcs.push(FieldSrc {
                ident: field_ident,
                docs,
                ty,
            });
        }
        Ok(StructSrc {
            ident,
            docs: type_docs(subject),
            fields: field_srcs,
        })
    }
}

fn print_type(item: &TypeItem) -> TokenStream {
    match item {
        TypeItem::Struct(item) => print_struct(item),
        TypeItem::Enum(item) => print_enum(item),
    }
}

fn print_struct(item: &StructSrc) -> TokenStream {
    let StructSrc {
        ident,
        docs,
        fields,
    } = item;
    let field_items = fields.iter().map(|field| {
        let FieldSrc { ident, docs, ty } = field;
        let ty = Ty::Option(Box::new(ty.clone())).tokens(None);
        let RustIdent { rename, .. } = ident;
        let rename = rename.as_ref().map(|original| quote!(rename = #original,));
        let docs = docs.attrs();
        let ident = ident.to_ident();
        quote! {
            #docs
            #[serde(
                #rename
                default,
                deserialize_with = "crate::runtime::lenient",
                skip_serializing_if = "::std::option::Option::is_none"
            )]
            pub #ident: #ty,
        }
    });
    let docs = docs.attrs();
    let extra = format_ident!("{EXTRA_FIELDS}");
    quote! {
        #docs
        ///
        /// Every field is optional (GEP leaves fields out); a field whose value does not
        /// fit its type makes the whole update `Invalid`, with the reason.
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #ident {
            #(#field_items)*
            /// Fields the docs do not list, exactly as sent: nothing GEP sends is lost.
            #[serde(flatten)]
            pub #extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        impl crate::runtime::Lenient for #ident {
            fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::document(deserializer)
            }
        }
    }
}

/// An enumeration that keeps values it does not know in `Other`.
fn open_enum(ident: Ident, values: &[EnumValue], subject: &str) -> EnumSrc {
    let mut names = Namespace::new(format!("values of {subject}")).with_reserved(&["Other"]);
    let mut seen: Vec<&str> = Vec::new();
    let mut variants = Vec::new();
    for EnumValue {
        value,
        description,
        aliases,
    } in values
    {
        if value.is_empty() || seen.contains(&value.as_str()) {
            continue;
        }
        seen.push(value);
        let variant = claim_spelled(&mut names, value, Case::Pascal).to_ident();
        let mut docs = Docs::default();
        // Never a code span first on a line: with backticks in the value it could read as a
        // code fence.
        docs.markdown(&format!("The value {}.", code_span(value)));
        if let Some(description) = description {
            docs.text(description);
        }
        // Other spellings decode to this variant; a spelling another value owns stays its.
        let mut other_spellings = Vec::new();
        for alias in aliases {
            if alias.is_empty()
                || seen.contains(&alias.as_str())
                || values.iter().any(|v| v.value == *alias)
            {
                continue;
            }
            seen.push(alias);
            other_spellings.push(alias.clone());
        }
        if !other_spellings.is_empty() {
            let list: Vec<String> = other_spellings.iter().map(|a| code_span(a)).collect();
            docs.markdown(&format!("Also sent as {}.", list.join(", ")));
        }
        variants.push(VariantSrc {
            ident: variant,
            text: value.clone(),
            aliases: other_spellings,
            docs,
        });
    }
    EnumSrc {
        ident,
        docs: type_docs(subject),
        variants,
    }
}

fn print_enum(item: &EnumSrc) -> TokenStream {
    let EnumSrc {
        ident,
        docs,
        variants: variant_srcs,
    } = item;
    let variant_items = variant_srcs.iter().map(|variant| {
        let docs = variant.docs.attrs();
        let ident = &variant.ident;
        quote! { #docs #ident, }
    });
    let variants: Vec<&Ident> = variant_srcs.iter().map(|v| &v.ident).collect();
    let texts: Vec<Literal> = variant_srcs
        .iter()
        .map(|v| Literal::string(&v.text))
        .collect();
    let (alias_variants, alias_texts): (Vec<&Ident>, Vec<Literal>) = (variant_srcs.iter())
        .flat_map(|v| {
            v.aliases
                .iter()
                .map(move |alias| (&v.ident, Literal::string(alias)))
        })
        .unzip();
    let docs = docs.attrs();
    quote! {
        #docs
        ///
        /// Open: a value the docs do not list decodes to `Other`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #ident {
            #(#variant_items)*
            /// A value the docs do not list.
            Other(::std::string::String),
        }

        impl #ident {
            /// The value as GEP sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #texts,)*
                    Self::Other(text) => text,
                }
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(text: &str) -> Self {
                match text {
                    #(#texts => Self::#variants,)*
                    #(#alias_texts => Self::#alias_variants,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(text: ::std::string::String) -> Self {
                match Self::from(text.as_str()) {
                    Self::Other(_) => Self::Other(text),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;

            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(text))
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::lenient(deserializer)
            }
        }

        impl crate::runtime::Lenient for #ident {
            fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::enum_value(deserializer)
            }
        }
    }
}

fn sample_payloads(features: &[Feature]) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for example in game_examples(features) {
        if let Some(envelope) = example.envelope(features) {
            lines.push(serde_json::to_string(&envelope)?);
        }
    }
    Ok(lines)
}

// ---------------------------------------------------------------------------------------------
// Generation.

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

fn generate_module(game: &GameSrc) -> Result<TokenStream> {
    let GameSrc {
        module_name: _,
        module: _,
        slug,
        title,
        id,
        source_path,
        features,
        infos,
        events,
        info_types,
        event_types,
        sample_payloads: _,
    } = game;

    let mut module_docs = Docs::default();
    module_docs.markdown(&format!(
        "{}: typed GEP info updates and events.",
        escape_markdown(title)
    ));
    module_docs.markdown(&format!(
        "Generated from {} by `cargo xtask regen`.",
        code_span(source_path)
    ));
    let module_docs = module_docs.inner_attrs();

    let game_id = match id {
        Some(id) => {
            let id = Literal::u64_unsuffixed(*id);
            quote! {
                /// The Overwolf game id.
                pub const GAME_ID: u64 = #id;
            }
        }
        None => quote! {},
    };

    let feature_enum = generate_features(features);
    let info_enum = generate_info_enum(infos);
    let event_enum = generate_event_enum(events);
    let info_module = submodule("info", "Payload types of info updates.", info_types);
    let events_module = submodule("events", "Payload types of events.", event_types);

    Ok(quote! {
        #module_docs
        #![allow(clippy::enum_variant_names, clippy::large_enum_variant)]

        #game_id

        /// The game's slug in `spec/`.
        pub const SLUG: &str = #slug;

        /// The game's name.
        pub const TITLE: &str = #title;

        #feature_enum

        #info_enum

        #event_enum

        /// An info update or an event.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Update {
            Info(InfoUpdate),
            Event(Event),
        }

        impl Update {
            /// Looks up the key or name of an update out of its envelope. A flat ow-electron
            /// envelope without a `feature` is an event when its key names a documented event
            /// and no documented info key.
            pub fn from_wire(wire: crate::runtime::WireUpdate<'_>) -> Self {
                match wire {
                    crate::runtime::WireUpdate::Info(wire)
                        if wire.may_be_event()
                            && !InfoUpdate::documents(wire.category.as_deref(), &wire.key)
                            && Event::documents(&wire.key) =>
                    {
                        Self::Event(Event::from_wire(wire.into_event()))
                    }
                    crate::runtime::WireUpdate::Info(wire) => Self::Info(InfoUpdate::from_wire(wire)),
                    crate::runtime::WireUpdate::Event(wire) => Self::Event(Event::from_wire(wire)),
                }
            }

            /// The info update, if this is one.
            pub fn into_info(self) -> Option<InfoUpdate> {
                match self {
                    Self::Info(info) => Some(info),
                    Self::Event(_) => None,
                }
            }

            /// The event, if this is one.
            pub fn into_event(self) -> Option<Event> {
                match self {
                    Self::Event(event) => Some(event),
                    Self::Info(_) => None,
                }
            }
        }

        impl crate::runtime::DecodedMembers for Update {
            fn serialize_members<M: ::serde::ser::SerializeMap>(
                &self,
                origin: &crate::runtime::Origin,
                map: &mut M,
            ) -> ::std::result::Result<(), M::Error> {
                match self {
                    Self::Info(info) => info.serialize_members(origin, map),
                    Self::Event(event) => event.serialize_members(origin, map),
                }
            }
        }

        /// Decodes the JSON text of a GEP payload (`onInfoUpdates2`, `onNewEvents`, the
        /// ow-electron forms; see [`crate::runtime::parse`]) into typed updates, in order.
        ///
        /// Fails only when the text is not JSON or not a GEP payload at all.
        pub fn decode(
            json: &str,
        ) -> Result<Vec<Update>, crate::runtime::DecodeError> {
            Ok(
                crate::runtime::parse(json)?.into_iter().map(Update::from_wire).collect(),
            )
        }

        /// Decodes a payload's JSON text into its updates with the feature and category
        /// their envelope names. Serialised (serde), each is one object of the shape every
        /// decoder of gepgen writes (`docs/decoding.md`): `{"type":"info","feature",
        /// "category","key","index"?,"value"}`, `{"type":"event",...}`, `unknown`, `invalid`.
        ///
        /// Never fails: text that is not a GEP payload is one `InvalidPayload`.
        pub fn decode_all(json: &str) -> Vec<crate::runtime::Decoded<Update>> {
            match crate::runtime::parse(json) {
                Ok(wires) => wires
                    .into_iter()
                    .map(|wire| crate::runtime::Decoded::Update {
                        origin: crate::runtime::Origin::of(&wire),
                        update: Update::from_wire(wire),
                    })
                    .collect(),
                Err(error) => vec![crate::runtime::Decoded::InvalidPayload {
                    raw: json.to_owned(),
                    reason: error.to_string(),
                }],
            }
        }

        #info_module

        #events_module
    })
}

fn submodule(name: &str, doc: &str, items: &[TypeItem]) -> TokenStream {
    if items.is_empty() {
        return quote! {};
    }
    let items = items.iter().map(print_type);
    let name = format_ident!("{name}");
    let doc = format!(" {doc}");
    quote! {
        #[doc = #doc]
        pub mod #name {
            #(#items)*
        }
    }
}

fn generate_features(features: &[FeatureSrc]) -> TokenStream {
    let variants: Vec<&Ident> = features.iter().map(|f| &f.variant).collect();
    let names: Vec<&str> = features.iter().map(|f| f.name.as_str()).collect();
    let variant_docs = names
        .iter()
        .map(|name| format!(" Feature {}.", code_span(name)));
    let from_str = if features.is_empty() {
        quote! { Err(crate::runtime::UnknownFeature(text.to_owned())) }
    } else {
        quote! {
            match text {
                #(#names => Ok(Self::#variants),)*
                other => Err(crate::runtime::UnknownFeature(other.to_owned())),
            }
        }
    };
    quote! {
        /// A feature to request with `setRequiredFeatures`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Feature {
            #(#[doc = #variant_docs] #variants,)*
        }

        impl Feature {
            /// Every documented feature, in the order of the docs.
            pub const ALL: &'static [Feature] = &[#(Self::#variants),*];

            /// The name GEP uses.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #names,)*
                }
            }
        }

        impl ::std::str::FromStr for Feature {
            type Err = crate::runtime::UnknownFeature;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                #from_str
            }
        }

        impl ::std::fmt::Display for Feature {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for Feature {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Feature {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    }
}

fn generate_info_enum(infos: &[InfoSrc]) -> TokenStream {
    let info_module = format_ident!("info");
    let mut variant_items = Vec::new();
    let mut key_variants = Vec::new();
    let mut decode_arms = Vec::new();
    let mut key_arms = Vec::new();
    let mut json_arms = Vec::new();
    for info in infos {
        let InfoSrc {
            variant,
            key,
            family,
            category: _,
            aliases: _,
            docs,
            value,
        } = info;
        let docs = docs.attrs();
        let ty = value.as_ref().map(|ty| ty.tokens(Some(&info_module)));
        // A family's variant carries the part of the key that varies: an index, or a name.
        let member = family.as_ref().map(|family| match family.member {
            FamilyMember::Index => (quote!(index), quote!(u32), quote!(index)),
            FamilyMember::Name => (quote!(name), quote!(String), quote!(name: name.to_owned())),
        });
        variant_items.push(match (&member, &ty) {
            (Some((field, field_ty, _)), Some(ty)) => {
                quote! { #docs #variant { #field: #field_ty, value: #ty }, }
            }
            (Some((field, field_ty, _)), None) => quote! { #docs #variant { #field: #field_ty }, },
            (None, Some(ty)) => quote! { #docs #variant(#ty), },
            (None, None) => quote! { #docs #variant, },
        });
        key_variants.push(match family.as_ref().map(|family| family.member) {
            Some(FamilyMember::Index) => quote! { #variant(u32), },
            Some(FamilyMember::Name) => quote! { #variant(&'k str), },
            None => quote! { #variant, },
        });
        decode_arms.push(match (&member, &ty) {
            (Some((field, _, owned)), Some(_)) => quote! {
                Some(InfoKey::#variant(#field)) => {
                    match crate::runtime::decode(wire.value) {
                        Ok(value) => Self::#variant { #owned, value },
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    }
                }
            },
            (Some((field, _, owned)), None) => quote! {
                Some(InfoKey::#variant(#field)) => {
                    match crate::runtime::decode::<crate::runtime::NoValue>(wire.value) {
                        Ok(_) => Self::#variant { #owned },
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    }
                }
            },
            (None, Some(_)) => quote! {
                Some(InfoKey::#variant) => {
                    match crate::runtime::decode(wire.value) {
                        Ok(value) => Self::#variant(value),
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    }
                }
            },
            (None, None) => quote! {
                Some(InfoKey::#variant) => {
                    match crate::runtime::decode::<crate::runtime::NoValue>(wire.value) {
                        Ok(_) => Self::#variant,
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    }
                }
            },
        });
        key_arms.push(match (family, &ty) {
            (Some(_), _) => quote! { Self::#variant { .. } => Some(#key), },
            (None, Some(_)) => quote! { Self::#variant(_) => Some(#key), },
            (None, None) => quote! { Self::#variant => Some(#key), },
        });
        let json_member = family.as_ref().map(|family| match family.member {
            FamilyMember::Index => (
                quote!(index),
                quote!(Some(crate::runtime::Member::Index(*index))),
            ),
            FamilyMember::Name => (
                quote!(name),
                quote!(Some(crate::runtime::Member::Name(name))),
            ),
        });
        json_arms.push(match (json_member, &ty) {
            (Some((field, member)), Some(_)) => quote! {
                Self::#variant { #field, value } => {
                    crate::runtime::info_members(map, origin, #key, #member, value)
                }
            },
            (Some((field, member)), None) => quote! {
                Self::#variant { #field } => {
                    crate::runtime::info_members(map, origin, #key, #member, &())
                }
            },
            (None, Some(_)) => quote! {
                Self::#variant(value) => crate::runtime::info_members(map, origin, #key, None, value),
            },
            (None, None) => quote! {
                Self::#variant => crate::runtime::info_members(map, origin, #key, None, &()),
            },
        });
    }

    let (lookup_items, from_raw, documents) = if infos.is_empty() {
        (
            quote! {},
            quote! { Self::Unknown(wire.to_raw()) },
            quote! { fn documents(_category: Option<&str>, _key: &str) -> bool { false } },
        )
    } else {
        let (lookup, uses_category) = generate_info_lookup(infos);
        // A name family's key borrows its name from the key looked up.
        let borrows = infos.iter().any(|info| {
            (info.family.as_ref()).is_some_and(|family| family.member == FamilyMember::Name)
        });
        let (generics, key_param, found) = if borrows {
            (quote!(<'k>), quote!(key: &'k str), quote!(InfoKey<'k>))
        } else {
            (quote!(), quote!(key: &str), quote!(InfoKey))
        };
        let named_doc = if borrows {
            quote! {
                #[doc = " A family of keys named by the data holds the keys of its category that"]
                #[doc = " nothing else documents."]
            }
        } else {
            quote!()
        };
        let (lookup_call, documents_call, signature, documents_signature) = if uses_category {
            (
                quote! { lookup_info(wire.category.as_deref(), &wire.key) },
                quote! { lookup_info(category, key) },
                quote! { fn lookup_info #generics (category: Option<&str>, #key_param) },
                quote! { fn documents(category: Option<&str>, key: &str) -> bool },
            )
        } else {
            (
                quote! { lookup_info(&wire.key) },
                quote! { lookup_info(key) },
                quote! { fn lookup_info #generics (#key_param) },
                quote! { fn documents(_category: Option<&str>, key: &str) -> bool },
            )
        };
        (
            quote! {
                /// The documented keys, as looked up before the value is decoded.
                #[derive(Clone, Copy)]
                enum InfoKey #generics {
                    #(#key_variants)*
                }

                /// Finds the documented key. A key documented in one category is found
                /// whatever category it arrives in (the docs' categories and examples disagree
                /// at times); a key documented in several is told apart by its category.
                #named_doc
                #signature -> Option<#found> {
                    #lookup
                }
            },
            quote! {
                match #lookup_call {
                    #(#decode_arms)*
                    None => Self::Unknown(wire.to_raw()),
                }
            },
            quote! { #documents_signature { #documents_call.is_some() } },
        )
    };

    // A game without keys has no update that needs the origin (unknown ones carry their own).
    let origin_param = if json_arms.is_empty() {
        format_ident!("_origin")
    } else {
        format_ident!("origin")
    };
    quote! {
        /// An info update (`onInfoUpdates2`), by documented key.
        #[derive(Debug, Clone, PartialEq)]
        pub enum InfoUpdate {
            #(#variant_items)*
            /// A key the docs do not list (a newer GEP version, or an undocumented key).
            Unknown(crate::runtime::RawInfo),
            /// A documented key whose value does not fit the documented type.
            Invalid {
                raw: crate::runtime::RawInfo,
                error: String,
            },
        }

        #lookup_items

        impl InfoUpdate {
            /// Looks up the key of an info update out of its envelope and decodes its value.
            /// Never fails: unknown keys give `Unknown`, values of the wrong type `Invalid`.
            pub fn from_wire(wire: crate::runtime::WireInfo<'_>) -> Self {
                #from_raw
            }

            /// Whether the docs list `key` (in `category`, where that tells two keys apart),
            /// as [`InfoUpdate::from_wire`] looks it up.
            pub #documents

            /// The key as documented (`roster_XX` for a family); `None` for `Unknown` and
            /// `Invalid`.
            pub fn documented_key(&self) -> Option<&'static str> {
                match self {
                    #(#key_arms)*
                    Self::Unknown(_) | Self::Invalid { .. } => None,
                }
            }
        }

        impl crate::runtime::DecodedMembers for InfoUpdate {
            fn serialize_members<M: ::serde::ser::SerializeMap>(
                &self,
                #origin_param: &crate::runtime::Origin,
                map: &mut M,
            ) -> ::std::result::Result<(), M::Error> {
                match self {
                    #(#json_arms)*
                    Self::Unknown(raw) => crate::runtime::raw_info_members(map, raw, None),
                    Self::Invalid { raw, error } => {
                        crate::runtime::raw_info_members(map, raw, Some(error))
                    }
                }
            }
        }
    }
}

/// The body of `lookup_info`, and whether it needs the category.
fn generate_info_lookup(infos: &[InfoSrc]) -> (TokenStream, bool) {
    // Wire keys in order of first appearance, each with the entries that use it.
    let mut groups: Vec<(WireKey, Vec<&InfoSrc>)> = Vec::new();
    for info in infos {
        let wire = WireKey::of(&info.key, info.family.as_ref());
        match groups.iter_mut().find(|(w, _)| *w == wire) {
            Some((_, members)) => members.push(info),
            None => groups.push((wire, vec![info])),
        }
    }
    // Index families are tried before name families, which take any key left.
    groups.sort_by_key(|(_, members)| KeyFamily::precedence(members[0].family.as_ref()));
    let uses_category = groups.iter().any(|(wire, members)| {
        members.len() > 1
            || matches!(wire, WireKey::Family { member, .. } if *member == FamilyMember::Name)
    });

    let by_category = |members: &[&InfoSrc], member: Option<TokenStream>| {
        let arms = members.iter().map(|info| {
            let category = &info.category;
            let variant = &info.variant;
            let key = match &member {
                Some(member) => quote!(InfoKey::#variant(#member)),
                None => quote!(InfoKey::#variant),
            };
            quote! { Some(#category) => Some(#key), }
        });
        quote! {
            match category {
                #(#arms)*
                _ => None,
            }
        }
    };

    let mut exact_arms = Vec::new();
    let mut family_lookups = Vec::new();
    // Keys the examples send in place of a documented one (each sent for one key only).
    for info in infos {
        let variant = &info.variant;
        for alias in &info.aliases {
            exact_arms.push(quote! { #alias => Some(InfoKey::#variant), });
        }
    }
    for (wire, members) in &groups {
        match wire {
            WireKey::Exact(key) => {
                let found = match members.as_slice() {
                    [only] => {
                        let variant = &only.variant;
                        quote!(Some(InfoKey::#variant))
                    }
                    _ => by_category(members, None),
                };
                exact_arms.push(quote! { #key => #found, });
            }
            WireKey::Family {
                prefix,
                suffix,
                member: FamilyMember::Index,
            } => {
                let index_of = quote!(crate::runtime::family_index(key, #prefix, #suffix));
                family_lookups.push(match members.as_slice() {
                    [only] => {
                        let variant = &only.variant;
                        quote!(#index_of.map(InfoKey::#variant))
                    }
                    _ => {
                        let choose = by_category(members, Some(quote!(index)));
                        quote!(#index_of.and_then(|index| #choose))
                    }
                });
            }
            // Only in its own categories: elsewhere an undocumented key stays unknown.
            WireKey::Family {
                prefix,
                suffix,
                member: FamilyMember::Name,
            } => {
                let name_of = quote!(crate::runtime::family_name(key, #prefix, #suffix));
                let choose = by_category(members, Some(quote!(name)));
                family_lookups.push(quote!(#name_of.and_then(|name| #choose)));
            }
        }
    }
    let families = family_lookups
        .into_iter()
        .reduce(|chain, next| quote!(#chain.or_else(|| #next)));
    let body = match (exact_arms.is_empty(), families) {
        (true, Some(families)) => families,
        (true, None) => quote!(None),
        (false, families) => {
            let otherwise = families.unwrap_or_else(|| quote!(None));
            quote! {
                match key {
                    #(#exact_arms)*
                    _ => #otherwise,
                }
            }
        }
    };
    (body, uses_category)
}

fn generate_event_enum(events: &[EventSrc]) -> TokenStream {
    let events_module = format_ident!("events");
    let mut variant_items = Vec::new();
    let mut decode_arms = Vec::new();
    let mut name_arms = Vec::new();
    let mut json_arms = Vec::new();
    for event in events {
        let EventSrc {
            variant,
            name,
            docs,
            data,
        } = event;
        let docs = docs.attrs();
        match data {
            Some(ty) => {
                let ty = ty.tokens(Some(&events_module));
                variant_items.push(quote! { #docs #variant(#ty), });
                decode_arms.push(quote! {
                    #name => match crate::runtime::decode(wire.data) {
                        Ok(data) => Self::#variant(data),
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    },
                });
                name_arms.push(quote! { Self::#variant(_) => Some(#name), });
                json_arms.push(quote! {
                    Self::#variant(data) => crate::runtime::event_members(map, origin, #name, data),
                });
            }
            None => {
                variant_items.push(quote! { #docs #variant, });
                decode_arms.push(quote! {
                    #name => match crate::runtime::decode::<crate::runtime::NoValue>(wire.data) {
                        Ok(_) => Self::#variant,
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    },
                });
                name_arms.push(quote! { Self::#variant => Some(#name), });
                json_arms.push(quote! {
                    Self::#variant => crate::runtime::event_members(map, origin, #name, &()),
                });
            }
        }
    }
    let (from_raw, documents) = if events.is_empty() {
        (
            quote! { Self::Unknown(wire.to_raw()) },
            quote! {
                let _ = name;
                false
            },
        )
    } else {
        let names = events.iter().map(|event| &event.name);
        (
            quote! {
                match wire.name.as_ref() {
                    #(#decode_arms)*
                    _ => Self::Unknown(wire.to_raw()),
                }
            },
            quote! { matches!(name, #(#names)|*) },
        )
    };
    // A game without events has no update that needs the origin.
    let origin_param = if json_arms.is_empty() {
        format_ident!("_origin")
    } else {
        format_ident!("origin")
    };
    quote! {
        /// A game event (`onNewEvents`), by documented name.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Event {
            #(#variant_items)*
            /// An event the docs do not list (a newer GEP version, or an undocumented event).
            Unknown(crate::runtime::RawEvent),
            /// A documented event whose data does not fit the documented type.
            Invalid {
                raw: crate::runtime::RawEvent,
                error: String,
            },
        }

        impl Event {
            /// Looks up the name of an event out of its envelope and decodes its data. Never
            /// fails: unknown events give `Unknown`, data of the wrong type gives `Invalid`.
            pub fn from_wire(wire: crate::runtime::WireEvent<'_>) -> Self {
                #from_raw
            }

            /// Whether the docs list an event named `name`.
            pub fn documents(name: &str) -> bool {
                #documents
            }

            /// The event name as documented; `None` for `Unknown` and `Invalid`.
            pub fn documented_name(&self) -> Option<&'static str> {
                match self {
                    #(#name_arms)*
                    Self::Unknown(_) | Self::Invalid { .. } => None,
                }
            }
        }

        impl crate::runtime::DecodedMembers for Event {
            fn serialize_members<M: ::serde::ser::SerializeMap>(
                &self,
                #origin_param: &crate::runtime::Origin,
                map: &mut M,
            ) -> ::std::result::Result<(), M::Error> {
                match self {
                    #(#json_arms)*
                    Self::Unknown(raw) => crate::runtime::raw_event_members(map, raw, None),
                    Self::Invalid { raw, error } => {
                        crate::runtime::raw_event_members(map, raw, Some(error))
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Doc comments.

/// Doc comment paragraphs; every line of doc text is its own paragraph, so the docs' line
/// structure survives and no Markdown construct spans lines.
#[derive(Debug, Clone, Default)]
struct Docs {
    /// Markdown lines, already escaped.
    lines: Vec<String>,
}

impl Docs {
    /// Adds text from the docs, escaped so it renders as written and cannot open a code
    /// block (a doctest), a link or HTML.
    fn text(&mut self, text: &str) {
        for line in text.lines() {
            let line = clean(line);
            let line = line.trim();
            if !line.is_empty() {
                self.markdown(&escape_markdown(line));
            }
        }
    }

    /// Adds a paragraph of Markdown built by the emitter (with [`code`] spans).
    fn markdown(&mut self, line: &str) {
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.push(line.to_owned());
    }

    fn attrs(&self) -> TokenStream {
        let lines = self.lines.iter().map(|line| doc_line(line));
        quote! { #(#[doc = #lines])* }
    }

    fn inner_attrs(&self) -> TokenStream {
        let lines = self.lines.iter().map(|line| doc_line(line));
        quote! { #(#![doc = #lines])* }
    }
}

fn doc_line(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Drops control characters: a carriage return in a `///` comment does not compile, and the
/// others have no business in docs. Tabs become spaces.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Escapes the characters that would make Markdown out of plain text.
fn escape_markdown(text: &str) -> String {
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
fn code_span(text: &str) -> String {
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
