//! Lowering: a game's IR to a `GameSrc`, plain data with every name (from the one naming
//! model, `emit::model`), type and doc comment resolved, before any token is built.

use anyhow::{Context, Result};
use proc_macro2::Ident;

use super::docs::{code_span, document_note, type_docs, Docs};
use crate::emit::doc_examples::game_examples;
use crate::emit::model::{self, GameModel};
use crate::ident::{self, Case, Namespace, RustIdent};
use crate::ir::{
    EnumValue, Event, Feature, Field, Game, GameIr, InfoUpdate, KeyFamily, Shape, Source,
    ValueType, WireKey,
};

/// One game, ready to be printed.
pub(super) struct GameSrc {
    /// Module and cargo feature name.
    pub(super) module_name: String,
    pub(super) module: Ident,
    pub(super) slug: String,
    pub(super) title: String,
    pub(super) id: Option<u64>,
    pub(super) source_path: String,
    pub(super) features: Vec<FeatureSrc>,
    pub(super) infos: Vec<InfoSrc>,
    /// The order the decoder tries the keys in ([`GameModel::lookup_groups`]).
    pub(super) lookup: Vec<LookupSrc>,
    pub(super) events: Vec<EventSrc>,
    /// Items of the `info` submodule.
    pub(super) info_types: Vec<TypeItem>,
    /// Items of the `events` submodule.
    pub(super) event_types: Vec<TypeItem>,
    /// Documented examples in their wire envelopes, one JSON document each.
    pub(super) sample_payloads: Vec<String>,
}

pub(super) struct FeatureSrc {
    pub(super) name: String,
    pub(super) variant: Ident,
}

/// One `InfoUpdate` variant.
pub(super) struct InfoSrc {
    pub(super) variant: Ident,
    /// The key as documented (`roster_XX`).
    pub(super) key: String,
    pub(super) family: Option<KeyFamily>,
    pub(super) category: String,
    /// Other keys the docs' own examples send for this one (`version_info` for a table row
    /// that says `gep_internal`): the examples show what arrives on the wire.
    pub(super) aliases: Vec<String>,
    pub(super) docs: Docs,
    /// `None`: the value is always empty, the variant carries nothing (but an index).
    pub(super) value: Option<Ty>,
}

/// Keys of `infos` (by index) that share one wire key, one per category.
pub(super) struct LookupSrc {
    pub(super) wire: WireKey,
    pub(super) infos: Vec<usize>,
}

/// One `Event` variant.
pub(super) struct EventSrc {
    pub(super) variant: Ident,
    pub(super) name: String,
    pub(super) docs: Docs,
    /// `None`: the event carries no data.
    pub(super) data: Option<Ty>,
}

/// A Rust type, relative to the `info` or `events` submodule for named types.
#[derive(Clone)]
pub(super) enum Ty {
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

/// Lowers one game; `modules` holds the module names of the games lowered so far.
pub(super) fn lower_game(ir: &GameIr, modules: &mut Namespace) -> Result<GameSrc> {
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
    let infos = lower_infos(&model, &mut info_types)?;
    let lookup = lower_lookup(&model, &infos)?;
    let mut event_types = TypeSpace::new(&module_name, "events", &model);
    let events = lower_events(&model, &mut event_types)?;
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
        lookup,
        info_types: info_types.items,
        events,
        event_types: event_types.items,
        sample_payloads,
    })
}

/// The text a variant is named after: the key, or a family's key without its placeholder (a
/// name family written as the placeholder alone, `[deck_id]`, is named after its word).
pub(super) fn key_stem(key: &str, wire: &WireKey) -> String {
    match wire {
        WireKey::Exact(key) => key.clone(),
        WireKey::Family { prefix, suffix, .. } if !prefix.is_empty() || !suffix.is_empty() => {
            format!("{prefix} {suffix}")
        }
        WireKey::Family { .. } => key.to_owned(),
    }
}

/// The `InfoUpdate` variants; their value types go to `types`.
pub(super) fn lower_infos(
    model: &GameModel<'_>,
    types: &mut TypeSpace<'_>,
) -> Result<Vec<InfoSrc>> {
    struct Entry<'a> {
        info: &'a InfoUpdate,
        wire: WireKey,
        features: Vec<&'a str>,
    }
    let entries: Vec<Entry> = (model.decoded_keys().into_iter())
        .map(|key| Entry {
            info: key.ir,
            wire: key.ir.wire_key(),
            features: model.features_documenting(key),
        })
        .collect();

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

/// The model's lookup order, as indexes of the variants of the same keys.
fn lower_lookup(model: &GameModel<'_>, infos: &[InfoSrc]) -> Result<Vec<LookupSrc>> {
    (model.lookup_groups().into_iter())
        .map(|group| {
            let infos = (group.keys.iter())
                .map(|key| {
                    (infos.iter())
                        .position(|info| {
                            info.category == key.ir.category
                                && WireKey::of(&info.key, info.family.as_ref()) == group.wire
                        })
                        .with_context(|| format!("no variant for key `{}`", key.ir.key))
                })
                .collect::<Result<_>>()?;
            Ok(LookupSrc {
                wire: group.wire,
                infos,
            })
        })
        .collect()
}

/// The `Event` variants; their data types go to `types`.
pub(super) fn lower_events(
    model: &GameModel<'_>,
    types: &mut TypeSpace<'_>,
) -> Result<Vec<EventSrc>> {
    let entries: Vec<(&Event, Vec<&str>)> = (model.decoded_events().into_iter())
        .map(|event| (event.ir, model.features_with_event(&event.ir.name)))
        .collect();
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
pub(super) fn claim_spelled(names: &mut Namespace, original: &str, case: Case) -> RustIdent {
    claim_spelled_as(names, original, original, case)
}

/// [`claim_spelled`] for an identifier made from `text` on behalf of `original`.
pub(super) fn claim_spelled_as(
    names: &mut Namespace,
    original: &str,
    text: &str,
    case: Case,
) -> RustIdent {
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

/// The member of every payload struct that keeps the fields the docs do not list; a wire
/// field of this name gets another identifier (`extra_lowercase`).
pub(super) const EXTRA_FIELDS: &str = "extra";

/// The named types of one submodule (`info` or `events`), named by the game's model.
pub(super) struct TypeSpace<'m> {
    pub(super) model: &'m GameModel<'m>,
    /// The game module's name, for messages.
    pub(super) module: String,
    pub(super) names: Namespace,
    pub(super) items: Vec<TypeItem>,
}

/// A named type of a game's `info` or `events` submodule, as data; [`print_type`] writes it.
pub(super) enum TypeItem {
    Struct(StructSrc),
    Enum(EnumSrc),
}

/// A payload document: its documented fields, and `extra` for the others.
pub(super) struct StructSrc {
    pub(super) ident: Ident,
    pub(super) docs: Docs,
    pub(super) fields: Vec<FieldSrc>,
}

pub(super) struct FieldSrc {
    /// The field's identifier, with the wire name when serde needs it spelled out.
    pub(super) ident: RustIdent,
    pub(super) docs: Docs,
    /// Without the `Option` every field is wrapped in.
    pub(super) ty: Ty,
}

/// An open enumeration: the documented values, and `Other` for the rest.
pub(super) struct EnumSrc {
    pub(super) ident: Ident,
    pub(super) docs: Docs,
    pub(super) variants: Vec<VariantSrc>,
}

pub(super) struct VariantSrc {
    pub(super) ident: Ident,
    /// The value as GEP sends it.
    pub(super) text: String,
    /// Other spellings that decode to it (`#PL_DUO` for `PL_DUO`).
    pub(super) aliases: Vec<String>,
    pub(super) docs: Docs,
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

/// An enumeration that keeps values it does not know in `Other`.
pub(super) fn open_enum(ident: Ident, values: &[EnumValue], subject: &str) -> EnumSrc {
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

pub(super) fn sample_payloads(features: &[Feature]) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for example in game_examples(features) {
        if let Some(envelope) = example.envelope(features) {
            lines.push(serde_json::to_string(&envelope)?);
        }
    }
    Ok(lines)
}
