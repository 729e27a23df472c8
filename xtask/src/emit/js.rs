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
    comment_line, comment_lines, doc_comment, ts_string, union_text, width, Head,
};
use crate::emit::{GeneratedFile, PREAMBLE};
use crate::ir::{EnumValue, Field, GameIr, KeyFamily, Shape, ValueType};

const RUNTIME_JS: &str = include_str!("../../../templates/js/runtime.js");
const RUNTIME_DTS: &str = include_str!("../../../templates/js/runtime.d.ts");

/// prettier's default `printWidth`.
const WIDTH: usize = 80;

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
        let documented = model.decoded_keys();
        // Grouped by wire key in order of first appearance, so that a family documented in
        // two categories is tried category by category before the next family.
        let mut groups: Vec<Vec<&'a KeyModel<'a>>> = Vec::new();
        for key in &documented {
            match groups
                .iter_mut()
                .find(|g| g[0].ir.wire_key() == key.ir.wire_key())
            {
                Some(group) => group.push(key),
                None => groups.push(vec![key]),
            }
        }
        // Index families before families of keys named by the data, which take any key left
        // of their category (and only of their category).
        groups.sort_by_key(|group| {
            (group[0].ir.family.as_ref()).is_some_and(|family| !family.member.is_index())
        });
        let keys = groups
            .iter()
            .flat_map(|group| {
                let shared = group.len() > 1;
                group.iter().map(move |model| {
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

/// A JavaScript literal of the tables, printed as prettier prints it.
enum Js {
    Text(String),
    Null,
    Array(Vec<Js>),
    Object(Vec<(&'static str, Js)>),
}

fn text(value: &str) -> Js {
    Js::Text(value.to_string())
}

impl Js {
    fn flat(&self) -> String {
        match self {
            Js::Text(text) => ts_string(text),
            Js::Null => "null".into(),
            Js::Array(items) => {
                let items: Vec<String> = items.iter().map(Js::flat).collect();
                format!("[{}]", items.join(", "))
            }
            Js::Object(members) if members.is_empty() => "{}".into(),
            Js::Object(members) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|(name, value)| format!("{name}: {}", value.flat()))
                    .collect();
                format!("{{ {} }}", members.join(", "))
            }
        }
    }

    /// prettier breaks an array of several objects or arrays, each of several entries, even
    /// where it fits.
    fn must_break(&self) -> bool {
        let Js::Array(items) = self else {
            return false;
        };
        let big_array = |js: &Js| matches!(js, Js::Array(items) if items.len() > 1);
        let big_object = |js: &Js| matches!(js, Js::Object(members) if members.len() > 1);
        items.len() > 1 && (items.iter().all(big_array) || items.iter().all(big_object))
    }

    /// Whether this literal, or one inside it, cannot stay on one line.
    fn breaks(&self) -> bool {
        self.must_break()
            || match self {
                Js::Array(items) => items.iter().any(Js::breaks),
                Js::Object(members) => members.iter().any(|(_, value)| value.breaks()),
                Js::Text(_) | Js::Null => false,
            }
    }

    /// The literal at `indent`, after `column` characters of its line, followed by `trailer`
    /// characters (`,` or `;`).
    fn print(&self, indent: usize, column: usize, trailer: usize) -> String {
        let flat = self.flat();
        if !self.breaks() && column + width(&flat) + trailer <= WIDTH {
            return flat;
        }
        let pad = " ".repeat(indent + 2);
        match self {
            Js::Array(items) if !items.is_empty() => {
                let mut out = "[\n".to_string();
                for item in items {
                    out.push_str(&pad);
                    out.push_str(&item.print(indent + 2, indent + 2, 1));
                    out.push_str(",\n");
                }
                out.push_str(&" ".repeat(indent));
                out.push(']');
                out
            }
            Js::Object(members) if !members.is_empty() => {
                let mut out = "{\n".to_string();
                for (name, value) in members {
                    let head = format!("{pad}{name}: ");
                    out.push_str(&head);
                    out.push_str(&value.print(indent + 2, width(&head), 1));
                    out.push_str(",\n");
                }
                out.push_str(&" ".repeat(indent));
                out.push('}');
                out
            }
            _ => flat,
        }
    }
}

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
fn js_type(value: &ValueType) -> Js {
    match &value.shape {
        Shape::Any | Shape::Null => text("any"),
        Shape::Boolean => text("boolean"),
        Shape::Integer => text("integer"),
        Shape::Float => text("float"),
        Shape::String => text("string"),
        Shape::Enum { values } if is_plain_string(values) => text("string"),
        Shape::Enum { values } => {
            let (documented, aliases) = enum_spellings(values);
            let mut members = vec![(
                "enum",
                Js::Array(documented.into_iter().map(text).collect()),
            )];
            if !aliases.is_empty() {
                let pairs = aliases
                    .into_iter()
                    .map(|(alias, value)| Js::Array(vec![text(alias), text(value)]))
                    .collect();
                members.push(("aliases", Js::Array(pairs)));
            }
            Js::Object(members)
        }
        Shape::Object { fields } => {
            let fields = unique_fields(fields)
                .into_iter()
                .map(|field| Js::Array(vec![text(&field.name), js_type(&field.value)]))
                .collect();
            Js::Object(vec![("object", Js::Array(fields))])
        }
        Shape::Array { items } => Js::Object(vec![("array", nullable_if(items))]),
        Shape::Map { values } => Js::Object(vec![("map", nullable_if(values))]),
    }
}

fn nullable(js: Js) -> Js {
    Js::Object(vec![("nullable", js)])
}

fn nullable_if(value: &ValueType) -> Js {
    if value.nullable {
        nullable(js_type(value))
    } else {
        js_type(value)
    }
}

/// An info key's value: a reset is always `null`; a `null`-shaped key takes only a reset.
fn key_type(value: &ValueType) -> Js {
    match value.shape {
        Shape::Null => text("none"),
        _ => nullable(js_type(value)),
    }
}

/// An event's data: a reset is `null` where the docs say it may be.
fn data_type(value: &ValueType) -> Js {
    match value.shape {
        Shape::Null => text("none"),
        _ => nullable_if(value),
    }
}

fn category_js(category: Option<&str>) -> Js {
    category.map_or(Js::Null, text)
}

fn game_module(model: &GameModel<'_>, tables: &Tables<'_>) -> String {
    let mut keys = Vec::new();
    let mut families = Vec::new();
    for entry in &tables.keys {
        let info = entry.model.ir;
        match wire_of(entry.model) {
            (key, None) => keys.push(Js::Array(vec![
                text(key),
                text(key),
                category_js(entry.category),
                key_type(&info.value),
            ])),
            (key, Some(family)) => {
                let mut row = vec![
                    text(&family.prefix),
                    text(&family.suffix),
                    text(key),
                    category_js(entry.category),
                    key_type(&info.value),
                ];
                // Keys named by the data: the member is a name, not an index.
                if !family.member.is_index() {
                    row.push(text("name"));
                }
                families.push(Js::Array(row));
            }
        }
    }
    for alias in &tables.aliases {
        keys.push(Js::Array(vec![
            text(alias.wire),
            text(&alias.model.ir.key),
            Js::Null,
            key_type(&alias.model.ir.value),
        ]));
    }
    let events = tables
        .events
        .iter()
        .map(|event| Js::Array(vec![text(&event.ir.name), data_type(&event.ir.data)]))
        .collect();
    let tables_js = Js::Object(vec![
        ("keys", Js::Array(keys)),
        ("families", Js::Array(families)),
        ("events", Js::Array(events)),
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
    // prettier keeps an object expanded when its first member is on a new line.
    let body = match &tables_js {
        Js::Object(members) => {
            let mut body = "{\n".to_string();
            for (name, value) in members {
                let head = format!("  {name}: ");
                body.push_str(&head);
                body.push_str(&value.print(2, width(&head), 1));
                body.push_str(",\n");
            }
            body.push('}');
            body
        }
        _ => unreachable!("the tables are an object"),
    };
    out.push_str(&format!("export const decode = decoder({body});\n\n"));
    out.push_str("/** A listener calling `handle` with each decoded update, in order. */\n");
    out.push_str("export const listener = (handle) => listenWith(decode, handle);\n");
    out
}

// ---------------------------------------------------------------------------------------------
// The decoded types

/// The decoded TypeScript type of a value inside a document, at `indent` (for the lines of
/// an object type).
fn ts_type(value: &ValueType, indent: usize) -> String {
    match &value.shape {
        Shape::Any | Shape::Null => "unknown".into(),
        Shape::Boolean => "boolean".into(),
        Shape::Integer | Shape::Float => "number".into(),
        Shape::String => "string".into(),
        Shape::Enum { values } if is_plain_string(values) => "string".into(),
        Shape::Enum { values } => enum_members(values).join(" | "),
        Shape::Object { fields } => object_type(fields, indent),
        Shape::Array { items } => {
            let item = ts_type(items, indent);
            let item = if items.nullable && item != "unknown" {
                format!("{item} | null")
            } else {
                item
            };
            if item.contains(" | ") {
                format!("({item})[]")
            } else {
                format!("{item}[]")
            }
        }
        Shape::Map { values } => {
            let pad = " ".repeat(indent + 2);
            let entry = entry_type(values, indent + 2);
            format!(
                "{{\n{}{}}}",
                member_text(&pad, "[key: string]", &entry, values, indent + 2),
                " ".repeat(indent)
            )
        }
    }
}

/// A map entry's or nullable item's type, `null` added when it may be reset.
fn entry_type(value: &ValueType, indent: usize) -> String {
    let ty = ts_type(value, indent);
    if value.nullable && ty != "unknown" {
        format!("{ty} | null")
    } else {
        ty
    }
}

fn enum_members(values: &[EnumValue]) -> Vec<String> {
    let (documented, _) = enum_spellings(values);
    let mut members: Vec<String> = documented.into_iter().map(ts_string).collect();
    // Open: other spellings stay strings, and the documented ones still complete.
    members.push("(string & {})".into());
    members
}

/// `name: type;` at `pad`, a union broken one member per line when it does not fit.
fn member_text(pad: &str, name: &str, ty: &str, value: &ValueType, indent: usize) -> String {
    let line = format!("{pad}{name}: {ty};");
    if width(&line) <= WIDTH || ty.contains('\n') || !ty.contains(" | ") {
        return line + "\n";
    }
    let members: Vec<String> = match &value.shape {
        Shape::Enum { values } if !is_plain_string(values) => {
            let mut members = enum_members(values);
            if value.nullable && ty.ends_with(" | null") {
                members.push("null".into());
            }
            members
        }
        _ => ty.split(" | ").map(str::to_string).collect(),
    };
    union_text(indent, &format!("{name}:"), Head::Member, &members, ";")
}

/// An object type: the documented fields (each may be left out), then the others.
fn object_type(fields: &[Field], indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    let mut out = "{\n".to_string();
    for field in unique_fields(fields) {
        let name = format!("{}?", crate::emit::ts::property_name(&field.name));
        let ty = ts_type(&field.value, indent + 2);
        out.push_str(&member_text(&pad, &name, &ty, &field.value, indent + 2));
    }
    out.push_str(&format!("{pad}[field: string]: unknown;\n"));
    out.push_str(&" ".repeat(indent));
    out.push('}');
    out
}

/// The declaration of a named value type.
fn named_declaration(name: &str, value: &ValueType, doc: &str) -> String {
    let mut out = doc_comment(&comment_lines(doc), 0);
    match &value.shape {
        Shape::Object { fields } => {
            let body = object_type(fields, 0);
            out.push_str(&format!("export interface {name} {}\n", body));
        }
        Shape::Enum { values } if !is_plain_string(values) => {
            out.push_str(&union_text(
                0,
                &format!("export type {name} ="),
                Head::Alias,
                &enum_members(values),
                ";",
            ));
        }
        _ => {
            let ty = ts_type(value, 0);
            out.push_str(&format!("export type {name} = {ty};\n"));
        }
    }
    out
}

/// `Info<"key", Value>`, a member of the `Update` union.
struct Generic {
    name: &'static str,
    args: Vec<String>,
}

impl Generic {
    fn flat(&self) -> String {
        format!("{}<{}>", self.name, self.args.join(", "))
    }

    /// `  | Name<A, B>`, its type arguments one per line when too long.
    fn member_line(&self) -> String {
        let line = format!("  | {}", self.flat());
        if width(&line) <= WIDTH || self.args.iter().any(|a| a.contains('\n')) {
            return line;
        }
        let mut out = format!("  | {}<\n", self.name);
        for (i, arg) in self.args.iter().enumerate() {
            let comma = if i + 1 == self.args.len() { "" } else { "," };
            out.push_str(&format!("      {arg}{comma}\n"));
        }
        out.push_str("    >");
        out
    }
}

/// `export type Update = ...;`, laid out as prettier does.
fn update_union(members: &[Generic]) -> String {
    let head = "export type Update =";
    let fits = members
        .iter()
        .all(|m| width(&format!("  | {}", m.flat())) <= WIDTH);
    if fits {
        let mut flat: Vec<String> = members.iter().map(Generic::flat).collect();
        flat.push("Undocumented".into());
        return union_text(0, head, Head::Alias, &flat, ";");
    }
    let mut lines: Vec<String> = members.iter().map(Generic::member_line).collect();
    lines.push("  | Undocumented".into());
    format!("{head}\n{};\n", lines.join("\n"))
}

/// The decoded type of a key's value or an event's data at the top: its model name when it
/// has one, else written out.
fn top_type(value: &ValueType, name: Option<&String>) -> String {
    if matches!(value.shape, Shape::Null) {
        return "null".into();
    }
    match name {
        Some(name) => name.clone(),
        None => ts_type(value, 0),
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
                out.push_str(&named_declaration(name, &key.ir.value, &doc));
            }
        }
        for event in &feature.events {
            if let Some(name) = &event.data_type {
                let doc = format!("The data of event `{}`, decoded.", event.ir.name);
                out.push('\n');
                out.push_str(&named_declaration(name, &event.ir.data, &doc));
            }
        }
    }
    let mut members = Vec::new();
    for entry in &tables.keys {
        let info = entry.model.ir;
        let ty = top_type(&info.value, entry.model.value_type.as_ref());
        let generic = match &info.family {
            Some(family) if family.member.is_index() => "FamilyInfo",
            Some(_) => "NamedInfo",
            None => "Info",
        };
        members.push(Generic {
            name: generic,
            args: vec![ts_string(&info.key), ty],
        });
    }
    for event in &tables.events {
        let data = &event.ir.data;
        let ty = top_type(data, event.data_type.as_ref());
        let ty = if data.nullable && ty != "null" && ty != "unknown" {
            format!("{ty} | null")
        } else {
            ty
        };
        members.push(Generic {
            name: "Event",
            args: vec![ts_string(&event.ir.name), ty],
        });
    }
    out.push('\n');
    out.push_str(
        "/**\n * An update of a payload: narrow on `type`, then on `key` or `name`.\n */\n",
    );
    out.push_str(&update_union(&members));
    out.push_str(
        "\n/** The updates of a payload, JSON text or parsed, in order; never throws. */\n\
         export declare function decode(payload: unknown): Update[];\n\
         \n/** A listener calling `handle` with each decoded update, in order. */\n\
         export declare function listener(\n  handle: (update: Update) => void,\n): (payload: unknown) => void;\n",
    );
    out
}
