//! JavaScript emitter: the decoders of the npm package under `generated/ts`.
//!
//! `runtime.js` (copied from `templates/js/`) holds the decoding rules of `docs/decoding.md`;
//! each game's `<slug>.js` is only data: its keys, key families and events with their value
//! types, read from [`GameModel`], handed to the runtime's `decoder`. `<slug>.decoded.d.ts`
//! types what that `decode` returns (a discriminated union on `type`, then `key` or `name`),
//! with the model's type names; the game's `<slug>.d.ts` re-exports it, and `index.js` puts
//! every game under its namespace, as `index.d.ts` does.
//!
//! Output is laid out as prettier lays it out (checked by `prettier --check`); doc text only
//! reaches it through the escaping helpers of [`crate::emit::ts`].

use anyhow::{Context, Result};

use crate::emit::model::{lower_game, GameModel, KeyModel};
use crate::emit::ts::{
    comment_line, comment_lines, doc_comment, ts_string, Decl, Literal, Member, Type,
};
use crate::emit::{GeneratedFile, PREAMBLE};
use crate::ir::{EnumValue, Field, GameIr, KeyFamily, Shape, ValueType};

const RUNTIME_JS: &str = include_str!("../../../templates/js/runtime.js");
const RUNTIME_DTS: &str = include_str!("../../../templates/js/runtime.d.ts");

pub fn generate(games: &[GameIr]) -> Result<Vec<GeneratedFile>> {
    let mut games: Vec<&GameIr> = games.iter().collect();
    games.sort_by(|a, b| a.game.slug.cmp(&b.game.slug));
    let mut files = vec![
        GeneratedFile {
            path: "generated/ts/runtime.js".into(),
            contents: RUNTIME_JS.into(),
        },
        GeneratedFile {
            path: "generated/ts/runtime.d.ts".into(),
            contents: RUNTIME_DTS.into(),
        },
    ];
    let mut index = format!(
        "// {PREAMBLE}\n// Every game's decoder, under the namespace of its types in index.d.ts.\n"
    );
    for game in games {
        let slug = &game.game.slug;
        let model = lower_game(game).with_context(|| format!("naming the types of {slug}"))?;
        let tables = Tables::of(&model);
        files.push(GeneratedFile {
            path: format!("generated/ts/{slug}.js"),
            contents: game_module(&model, &tables),
        });
        files.push(GeneratedFile {
            path: format!("generated/ts/{slug}.decoded.d.ts"),
            contents: decoded_types(&model, &tables),
        });
        index.push_str(&format!(
            "export * as {} from {};\n",
            model.namespace,
            ts_string(&format!("./{slug}.js"))
        ));
    }
    files.push(GeneratedFile {
        path: "generated/ts/index.js".into(),
        contents: index,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

// ---------------------------------------------------------------------------------------------
// The lookup tables (docs/decoding.md, section 2)

/// A documented key as the decoder finds it.
struct KeyEntry<'a> {
    model: &'a KeyModel<'a>,
    /// The category to match; `None` when the key is documented in one category only.
    category: Option<&'a str>,
}

/// A key sent in place of a documented one (`version_info` for `gep_internal`).
struct AliasEntry<'a> {
    wire: &'a str,
    model: &'a KeyModel<'a>,
}

struct Tables<'a> {
    /// Exact keys and families, in page order; the same key (or family) and category in two
    /// features is the first one.
    keys: Vec<KeyEntry<'a>>,
    aliases: Vec<AliasEntry<'a>>,
    /// Events by name, the first of a name.
    events: Vec<&'a crate::emit::model::EventModel<'a>>,
}

/// What a key is matched by: its text, or its family's prefix and suffix.
fn wire_of<'a>(model: &'a KeyModel<'_>) -> (&'a str, Option<&'a KeyFamily>) {
    (model.ir.key.as_str(), model.ir.family.as_ref())
}

impl<'a> Tables<'a> {
    fn of(model: &'a GameModel<'a>) -> Self {
        let keys = (model.lookup_groups().into_iter())
            .flat_map(|group| {
                let shared = group.keys.len() > 1;
                group.keys.into_iter().map(move |model| {
                    let named = (model.ir.family.as_ref()).is_some_and(|f| !f.member.is_index());
                    KeyEntry {
                        model,
                        category: (shared || named).then_some(model.ir.category.as_str()),
                    }
                })
            })
            .collect();
        let aliases = (model.renamed_keys().into_iter())
            .map(|renamed| AliasEntry {
                wire: renamed.wire,
                model: renamed.key,
            })
            .collect();
        Tables {
            keys,
            aliases,
            events: model.decoded_events(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The game module: data for the runtime's `decoder`

/// The enumeration's values and other spellings as the Rust decoder reads them: a value or
/// spelling already seen (or a spelling that is some value) keeps its first meaning.
fn enum_spellings(values: &[EnumValue]) -> (Vec<&str>, Vec<(&str, &str)>) {
    let mut seen: Vec<&str> = Vec::new();
    let mut documented = Vec::new();
    let mut aliases = Vec::new();
    for value in values {
        if value.value.is_empty() || seen.contains(&value.value.as_str()) {
            continue;
        }
        seen.push(&value.value);
        documented.push(value.value.as_str());
        for alias in &value.aliases {
            if alias.is_empty()
                || seen.contains(&alias.as_str())
                || values.iter().any(|v| v.value == *alias)
            {
                continue;
            }
            seen.push(alias);
            aliases.push((alias.as_str(), value.value.as_str()));
        }
    }
    (documented, aliases)
}

/// An enumeration whose values are all empty says nothing: a string.
fn is_plain_string(values: &[EnumValue]) -> bool {
    values.iter().all(|v| v.value.is_empty())
}

/// The fields of an object, the first of each name.
fn unique_fields(fields: &[Field]) -> Vec<&Field> {
    let mut out: Vec<&Field> = Vec::new();
    for field in fields {
        if !out.iter().any(|f| f.name == field.name) {
            out.push(field);
        }
    }
    out
}

/// The runtime's value type of a value inside a document or a key's value (section 3).
fn js_type(value: &ValueType) -> Literal {
    match &value.shape {
        Shape::Any | Shape::Null => Literal::string("any"),
        Shape::Boolean => Literal::string("boolean"),
        Shape::Integer => Literal::string("integer"),
        Shape::Float => Literal::string("float"),
        Shape::String => Literal::string("string"),
        Shape::Enum { values } if is_plain_string(values) => Literal::string("string"),
        Shape::Enum { values } => {
            let (documented, aliases) = enum_spellings(values);
            let mut members = vec![(
                "enum",
                Literal::Array(documented.into_iter().map(Literal::string).collect()),
            )];
            if !aliases.is_empty() {
                let pairs = aliases
                    .into_iter()
                    .map(|(alias, value)| {
                        Literal::Array(vec![Literal::string(alias), Literal::string(value)])
                    })
                    .collect();
                members.push(("aliases", Literal::Array(pairs)));
            }
            Literal::object(members)
        }
        Shape::Object { fields } => {
            let fields = unique_fields(fields)
                .into_iter()
                .map(|field| {
                    Literal::Array(vec![Literal::string(&field.name), js_type(&field.value)])
                })
                .collect();
            Literal::object([("object", Literal::Array(fields))])
        }
        Shape::Array { items } => Literal::object([("array", nullable_if(items))]),
        Shape::Map { values } => Literal::object([("map", nullable_if(values))]),
    }
}

fn nullable(js: Literal) -> Literal {
    Literal::object([("nullable", js)])
}

fn nullable_if(value: &ValueType) -> Literal {
    if value.nullable {
        nullable(js_type(value))
    } else {
        js_type(value)
    }
}

/// An info key's value: a reset is always `null`; a `null`-shaped key takes only a reset.
fn key_type(value: &ValueType) -> Literal {
    match value.shape {
        Shape::Null => Literal::string("none"),
        _ => nullable(js_type(value)),
    }
}

/// An event's data: a reset is `null` where the docs say it may be.
fn data_type(value: &ValueType) -> Literal {
    match value.shape {
        Shape::Null => Literal::string("none"),
        _ => nullable_if(value),
    }
}

fn category_js(category: Option<&str>) -> Literal {
    category.map_or(Literal::null(), Literal::string)
}

fn game_module(model: &GameModel<'_>, tables: &Tables<'_>) -> String {
    let mut keys = Vec::new();
    let mut families = Vec::new();
    for entry in &tables.keys {
        let info = entry.model.ir;
        match wire_of(entry.model) {
            (key, None) => keys.push(Literal::Array(vec![
                Literal::string(key),
                Literal::string(key),
                category_js(entry.category),
                key_type(&info.value),
            ])),
            (key, Some(family)) => {
                let mut row = vec![
                    Literal::string(&family.prefix),
                    Literal::string(&family.suffix),
                    Literal::string(key),
                    category_js(entry.category),
                    key_type(&info.value),
                ];
                // Keys named by the data: the member is a name, not an index.
                if !family.member.is_index() {
                    row.push(Literal::string("name"));
                }
                families.push(Literal::Array(row));
            }
        }
    }
    for alias in &tables.aliases {
        keys.push(Literal::Array(vec![
            Literal::string(alias.wire),
            Literal::string(&alias.model.ir.key),
            Literal::null(),
            key_type(&alias.model.ir.value),
        ]));
    }
    let events = tables
        .events
        .iter()
        .map(|event| {
            Literal::Array(vec![
                Literal::string(&event.ir.name),
                data_type(&event.ir.data),
            ])
        })
        .collect();
    let tables = Literal::object([
        ("keys", Literal::Array(keys)),
        ("families", Literal::Array(families)),
        ("events", Literal::Array(events)),
    ]);
    let title = comment_line(&model.ir.game.title);
    let mut out = format!("// {PREAMBLE}\n");
    out.push_str(&format!(
        "// {title}: decodes GEP payloads into the updates of {}.decoded.d.ts\n// (docs/decoding.md). From {}.\n",
        model.ir.game.slug,
        comment_line(&model.ir.source.path)
    ));
    out.push_str("import { decoder, listener as listenWith } from \"./runtime.js\";\n\n");
    out.push_str("/** The updates of a payload, JSON text or parsed, in order; never throws. */\n");
    let head = "export const decode = decoder(";
    let body = tables.expanded().print(0, head.len(), 2);
    out.push_str(&format!("{head}{body});\n\n"));
    out.push_str("/** A listener calling `handle` with each decoded update, in order. */\n");
    out.push_str("export const listener = (handle) => listenWith(decode, handle);\n");
    out
}

// ---------------------------------------------------------------------------------------------
// The decoded types

/// The decoded TypeScript type of a value inside a document.
fn ts_type(value: &ValueType) -> Type {
    match &value.shape {
        Shape::Any | Shape::Null => Type::text("unknown"),
        Shape::Boolean => Type::text("boolean"),
        Shape::Integer | Shape::Float => Type::text("number"),
        Shape::String => Type::text("string"),
        Shape::Enum { values } if is_plain_string(values) => Type::text("string"),
        Shape::Enum { values } => Type::union_of(enum_members(values)),
        Shape::Object { fields } => Type::Object(object_members(fields)),
        Shape::Array { items } => Type::Array(Box::new(entry_type(items))),
        Shape::Map { values } => {
            Type::Object(vec![Member::new("[key: string]:", entry_type(values))])
        }
    }
}

/// A map entry's or an item's type, `null` added when it may be reset.
fn entry_type(value: &ValueType) -> Type {
    let ty = ts_type(value);
    if value.nullable && !is_unknown(&ty) {
        ty.or_null()
    } else {
        ty
    }
}

fn is_unknown(ty: &Type) -> bool {
    matches!(ty, Type::Text(text) if text == "unknown")
}

fn enum_members(values: &[EnumValue]) -> Vec<String> {
    let (documented, _) = enum_spellings(values);
    let mut members: Vec<String> = documented.into_iter().map(ts_string).collect();
    // Open: other spellings stay strings, and the documented ones still complete.
    members.push("(string & {})".into());
    members
}

/// An object type's members: the documented fields (each may be left out), then the others.
fn object_members(fields: &[Field]) -> Vec<Member> {
    let mut members: Vec<Member> = unique_fields(fields)
        .into_iter()
        .map(|field| {
            let head = format!("{}?:", crate::emit::ts::property_name(&field.name));
            Member::new(head, ts_type(&field.value))
        })
        .collect();
    members.push(Member::new("[field: string]:", Type::text("unknown")));
    members
}

/// The declaration of a named value type.
fn named_declaration(name: &str, value: &ValueType, doc: &str) -> Decl {
    let (doc, name) = (comment_lines(doc), name.to_owned());
    match &value.shape {
        Shape::Object { fields } => Decl::Interface {
            doc,
            name,
            base: None,
            members: object_members(fields),
        },
        _ => Decl::Alias {
            doc,
            name,
            ty: ts_type(value),
        },
    }
}

/// The decoded type of a key's value or an event's data at the top: its model name when it
/// has one, else written out.
fn top_type(value: &ValueType, name: Option<&String>) -> Type {
    if matches!(value.shape, Shape::Null) {
        return Type::text("null");
    }
    match name {
        Some(name) => Type::text(name.clone()),
        None => ts_type(value),
    }
}

fn decoded_types(model: &GameModel<'_>, tables: &Tables<'_>) -> String {
    let title = comment_line(&model.ir.game.title);
    let mut out = format!("// {PREAMBLE}\n");
    out.push_str(&doc_comment(
        &[
            format!("{title}: the updates `decode` returns (docs/decoding.md)."),
            format!("From {}.", comment_line(&model.ir.source.path)),
        ],
        0,
    ));
    out.push('\n');
    // `NamedInfo` only where a family of keys named by the data needs it: one line under 80
    // columns, as prettier keeps it, for every other game.
    let named = (tables.keys.iter())
        .any(|entry| (entry.model.ir.family.as_ref()).is_some_and(|f| !f.member.is_index()));
    if named {
        out.push_str("import type {\n  Event,\n  FamilyInfo,\n  Info,\n  NamedInfo,\n  Undocumented,\n} from \"./runtime.js\";\n");
    } else {
        out.push_str(
            "import type { Event, FamilyInfo, Info, Undocumented } from \"./runtime.js\";\n",
        );
    }
    for feature in &model.features {
        for key in feature.categories.iter().flat_map(|c| &c.keys) {
            if let Some(name) = &key.value_type {
                let doc = format!("The value of key `{}`, decoded.", key.ir.key);
                out.push('\n');
                out.push_str(&named_declaration(name, &key.ir.value, &doc).print());
            }
        }
        for event in &feature.events {
            if let Some(name) = &event.data_type {
                let doc = format!("The data of event `{}`, decoded.", event.ir.name);
                out.push('\n');
                out.push_str(&named_declaration(name, &event.ir.data, &doc).print());
            }
        }
    }
    let mut members = Vec::new();
    for entry in &tables.keys {
        let info = entry.model.ir;
        let generic = match &info.family {
            Some(family) if family.member.is_index() => "FamilyInfo",
            Some(_) => "NamedInfo",
            None => "Info",
        };
        members.push(Type::Generic {
            name: generic,
            args: vec![
                Type::text(ts_string(&info.key)),
                top_type(&info.value, entry.model.value_type.as_ref()),
            ],
        });
    }
    for event in &tables.events {
        let data = &event.ir.data;
        let ty = top_type(data, event.data_type.as_ref());
        let ty = if data.nullable && !matches!(&ty, Type::Text(t) if t == "null" || t == "unknown")
        {
            ty.or_null()
        } else {
            ty
        };
        members.push(Type::Generic {
            name: "Event",
            args: vec![Type::text(ts_string(&event.ir.name)), ty],
        });
    }
    members.push(Type::text("Undocumented"));
    out.push('\n');
    let update = Decl::Alias {
        doc: vec!["An update of a payload: narrow on `type`, then on `key` or `name`.".into()],
        name: "Update".into(),
        ty: Type::Union(members),
    };
    out.push_str(&update.print());
    out.push_str(
        "\n/** The updates of a payload, JSON text or parsed, in order; never throws. */\n\
         export declare function decode(payload: unknown): Update[];\n\
         \n/** A listener calling `handle` with each decoded update, in order. */\n\
         export declare function listener(\n  handle: (update: Update) => void,\n): (payload: unknown) => void;\n",
    );
    out
}
