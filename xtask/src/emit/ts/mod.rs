//! TypeScript emitter: the npm package under `generated/ts`.
//!
//! `index.d.ts` holds the shared helper types, one namespace per game (`ApexLegends`), and an
//! overload of `overwolf.Event<T>.addListener` so a listener may declare the game's payload
//! type: `onInfoUpdates2.addListener((e: ApexLegends.InfoUpdates2Event) => …)`. Each game
//! module (`<slug>.d.ts`) has string-literal unions of its features, keys and event names,
//! template-literal types for key families (`` `roster_${number}` ``), an interface per
//! decoded JSON-in-string payload, and discriminated unions of info updates (on `feature`) and
//! events (on `name`). `test/<slug>.examples.ts` puts every doc example in its envelope and
//! checks it with `satisfies`; a wrong-typed twin of each sits under `@ts-expect-error`.
//!
//! Files are written from `templates/ts/*.j2`. What the templates cannot decide is here: the
//! text of types and literals, laid out exactly as prettier would (so `prettier --check`
//! passes without running prettier), and escaping: doc text only ever reaches the output
//! inside a comment whose terminator is escaped, names only as identifiers made by
//! [`crate::ident::convert`] or as quoted string literals.

use std::collections::BTreeSet;

use anyhow::{bail, Context, Result};
use minijinja::{context, AutoEscape, Environment};
use serde::Serialize;
use serde_json::Value;

use crate::emit::model::{
    example_instances, is_document, lower_game, needs_name, Envelope, ExampleInstance,
    FeatureModel, GameModel, RESERVED_NAMES,
};
use crate::emit::{GeneratedFile, PREAMBLE};
use crate::ir::{
    Encoding, EntryRef, EnumValue, FamilyMember, Feature, Field, GameIr, KeyFamily, Note, Payload,
    Shape, ValueType,
};
use crate::json::Json;

mod decl;
mod literal;

pub(crate) use decl::{doc_comment, width, Decl, Member, Type, WIDTH};
pub(crate) use literal::Literal;

/// Name of the generated npm package.
pub const PACKAGE_NAME: &str = "@gepgen/overwolf-gep-types";

const GAME_TEMPLATE: &str = include_str!("../../../../templates/ts/game.d.ts.j2");
const INDEX_TEMPLATE: &str = include_str!("../../../../templates/ts/index.d.ts.j2");
const EXAMPLES_TEMPLATE: &str = include_str!("../../../../templates/ts/examples.ts.j2");
const README_TEMPLATE: &str = include_str!("../../../../templates/ts/README.md.j2");

pub fn generate(games: &[GameIr]) -> Result<Vec<GeneratedFile>> {
    let env = templates()?;
    let mut files = Vec::new();
    let mut namespaces = BTreeSet::new();
    let mut index_games = Vec::new();
    let mut readme_games = Vec::new();
    // Every output lists the games by slug, whatever the order of games.toml.
    let mut games: Vec<&GameIr> = games.iter().collect();
    games.sort_by(|a, b| a.game.slug.cmp(&b.game.slug));
    let slugs: Vec<&str> = games.iter().map(|g| g.game.slug.as_str()).collect();
    for game in games {
        let slug = &game.game.slug;
        check_slug(slug)?;
        let model = lower_game(game).with_context(|| format!("naming the types of {slug}"))?;
        if RESERVED_NAMES.contains(&model.namespace.as_str())
            || !namespaces.insert(model.namespace.clone())
        {
            bail!("namespace `{}` of game `{slug}` is taken", model.namespace);
        }
        files.push(GeneratedFile {
            path: format!("generated/ts/{slug}.d.ts"),
            contents: game_module(&env, &model)?,
        });
        files.push(GeneratedFile {
            path: format!("generated/ts/test/{slug}.examples.ts"),
            contents: examples_module(&env, &model)?,
        });
        readme_games.push(context! {
            title => crate::emit::markdown_cell(&game.game.title),
            namespace => model.namespace,
            slug => slug,
            id => game.game.id.map_or_else(|| "unknown".to_owned(), |id| id.to_string()),
        });
        index_games.push(context! {
            namespace => model.namespace,
            title_doc => comment_line(&game.game.title),
            module => ts_string(&format!("./{slug}.js")),
        });
    }
    let index = env
        .get_template("index.d.ts")?
        .render(context! { preamble => PREAMBLE, games => index_games })?;
    files.push(GeneratedFile {
        path: "generated/ts/index.d.ts".into(),
        contents: index,
    });
    files.push(GeneratedFile {
        path: "generated/ts/package.json".into(),
        contents: package_json(&slugs)?,
    });
    let first = readme_games
        .first()
        .cloned()
        .unwrap_or_else(|| context! { namespace => "YourGame" });
    files.push(GeneratedFile {
        path: "generated/ts/README.md".into(),
        contents: env.get_template("README.md")?.render(context! {
            preamble => PREAMBLE,
            package => PACKAGE_NAME,
            games => readme_games,
            first => first,
        })?,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn templates() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    // Escaping is done per context (comments, string literals) before values reach a template.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_template("game.d.ts", GAME_TEMPLATE)?;
    env.add_template("index.d.ts", INDEX_TEMPLATE)?;
    env.add_template("examples.ts", EXAMPLES_TEMPLATE)?;
    env.add_template("README.md", README_TEMPLATE)?;
    Ok(env)
}

/// Slugs name files and module paths, so they must be plain.
fn check_slug(slug: &str) -> Result<()> {
    if !crate::games::is_slug(slug) {
        bail!("game slug `{slug}` is not lowercase ascii letters, digits and dashes");
    }
    Ok(())
}

/// `exports`: the index, and each game's module on its own (`<package>/apex-legends`), so
/// that an app importing one game bundles only it.
fn package_json(slugs: &[&str]) -> Result<String> {
    let mut exports = serde_json::Map::new();
    let entry = |name: &str| serde_json::json!({ "types": format!("./{name}.d.ts"), "default": format!("./{name}.js") });
    exports.insert(".".into(), entry("index"));
    for slug in slugs {
        exports.insert(format!("./{slug}"), entry(slug));
    }
    let package = serde_json::json!({
        "//": PREAMBLE,
        "name": PACKAGE_NAME,
        "version": "0.1.0",
        "description": "TypeScript types of the Overwolf Game Events Provider payloads, generated from its documentation",
        "license": "MIT OR Apache-2.0",
        "type": "module",
        "types": "./index.d.ts",
        "exports": exports,
        "sideEffects": false,
        "files": ["*.d.ts", "*.js", "README.md"],
        "peerDependencies": { "@overwolf/types": "^3.24.11" },
    });
    Ok(serde_json::to_string_pretty(&package)? + "\n")
}

// ---------------------------------------------------------------------------------------------
// Escaping

/// The lines of a doc text, safe inside a `/** */` comment: line breaks split lines, other
/// control characters become spaces, and `*/` is written `*\/` so it cannot end the comment.
pub fn comment_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .replace("\r\n", "\n")
        .split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(|line| {
            let clean: String = line
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            clean.trim_end().replace("*/", "*\\/")
        })
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines
}

/// A doc text on one line, safe in a `//` or `/** */` comment.
pub fn comment_line(text: &str) -> String {
    comment_lines(text).join(" ")
}

/// A TypeScript string literal, quoted as prettier quotes it: double quotes unless the text
/// has more double than single quotes.
pub fn ts_string(text: &str) -> String {
    let doubles = text.matches('"').count();
    let singles = text.matches('\'').count();
    let quote = if doubles > singles { '\'' } else { '"' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Whether `text` can stand unquoted as a property name (and prettier leaves it unquoted).
fn is_identifier_name(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '$' || first == '_' || unicode_ident::is_xid_start(first))
        && chars.all(|c| {
            c == '$' || (unicode_ident::is_xid_continue(c) && c != '\u{200c}' && c != '\u{200d}')
        })
}

/// A property name: bare when it is an identifier name, else a string literal.
pub fn property_name(name: &str) -> String {
    if is_identifier_name(name) {
        name.to_string()
    } else {
        ts_string(name)
    }
}

/// The type of a key family's keys: `` `roster_${number}` ``, or for keys named by the data
/// `string` (`` `deck_${string}` `` with a prefix).
pub fn family_type(family: &KeyFamily) -> String {
    let member = match family.member {
        FamilyMember::Index => "number",
        FamilyMember::Name if family.prefix.is_empty() && family.suffix.is_empty() => {
            return "string".to_owned()
        }
        FamilyMember::Name => "string",
    };
    format!(
        "`{}${{{member}}}{}`",
        template_text(&family.prefix),
        template_text(&family.suffix)
    )
}

/// Text inside a template literal: backslash, backtick, `$` and control characters escaped.
fn template_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' | '`' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Types

/// The declarations of one game module, in order, named by the model.
struct Declarations<'m> {
    model: &'m GameModel<'m>,
    decls: Vec<Decl>,
}

impl<'m> Declarations<'m> {
    /// The model's name for a nested type (`RosterValueWeapons`).
    fn name_of(&self, value: &ValueType, what: &str) -> Result<String> {
        (self.model.type_name(value).map(str::to_owned))
            .with_context(|| format!("the model names no type for {what}"))
    }

    /// Declarations that go after this one's, named by the same model.
    fn nested(&self) -> Self {
        Declarations {
            model: self.model,
            decls: Vec::new(),
        }
    }

    /// The union members a value is written as, declaring its named type as `name`.
    fn value_members(
        &mut self,
        value: &ValueType,
        name: Option<&str>,
        doc: &[String],
    ) -> Result<Vec<String>> {
        if needs_name(value) {
            let name = name.context("a named shape without a name")?;
            self.declare(name, value, doc)?;
        }
        members(value, name)
    }

    /// Declares the named type of an enum, object or array.
    fn declare(&mut self, name: &str, value: &ValueType, doc: &[String]) -> Result<()> {
        match &value.shape {
            Shape::Enum { values } => self.declare_enum(name, values, doc),
            Shape::Object { fields } => self.declare_object(name, fields, doc),
            Shape::Array { items } => self.declare_array(name, items, doc),
            Shape::Map { values } => self.declare_map(name, values, doc),
            _ => Ok(()),
        }
    }

    fn declare_enum(&mut self, name: &str, values: &[EnumValue], doc: &[String]) -> Result<()> {
        let mut lines = doc.to_vec();
        lines.push("An open enumeration: values not listed here may appear too.".into());
        for value in values {
            let text = match &value.description {
                Some(description) => format!("- `{}`: {}", value.value, description),
                None => format!("- `{}`", value.value),
            };
            lines.extend(comment_lines(&text));
        }
        let mut members: Vec<String> = Vec::new();
        for spelling in values.iter().flat_map(EnumValue::spellings) {
            let literal = ts_string(spelling);
            if !members.contains(&literal) {
                members.push(literal);
            }
        }
        members.push("(string & {})".into());
        self.decls.push(Decl::Alias {
            doc: lines,
            name: name.to_owned(),
            ty: Type::union_of(members),
        });
        Ok(())
    }

    fn declare_object(&mut self, name: &str, fields: &[Field], doc: &[String]) -> Result<()> {
        let mut members = Vec::new();
        let mut seen = BTreeSet::new();
        let mut pending = Vec::new();
        for field in fields {
            if !seen.insert(field.name.as_str()) {
                continue;
            }
            let nested = if needs_name(&field.value) {
                Some(self.name_of(&field.value, &format!("field `{}` of `{name}`", field.name))?)
            } else {
                None
            };
            pending.push((field, nested));
        }
        let mut nested_blocks = Vec::new();
        for (field, nested) in pending {
            // Nested types are declared after their parent, in field order.
            let mut inner = self.nested();
            let field_doc = comment_lines(&format!("Field `{}` of `{name}`.", field.name));
            let union = match field.value.shape {
                // Shown only as null or "": says nothing of the type; the decoders keep any.
                Shape::Null => vec!["unknown".to_string()],
                _ => {
                    with_reset(inner.value_members(&field.value, nested.as_deref(), &field_doc)?)
                }
            };
            nested_blocks.extend(inner.decls);
            // Every field may be left out or reset, as the schema and the decoders agree.
            members.push(Member::new(
                format!("{}?:", property_name(&field.name)),
                Type::union_of(union),
            ));
        }
        // Fields the docs do not list: GEP adds fields, and the decoders keep them.
        members.push(Member::new("[field: string]:", Type::text("unknown")));
        self.decls.push(Decl::Interface {
            doc: doc.to_vec(),
            name: name.to_owned(),
            base: None,
            members,
        });
        self.decls.extend(nested_blocks);
        Ok(())
    }

    fn declare_array(&mut self, name: &str, items: &ValueType, doc: &[String]) -> Result<()> {
        let item_name = if needs_name(items) {
            Some(self.name_of(items, &format!("the items of `{name}`"))?)
        } else {
            None
        };
        let mut inner = self.nested();
        let item_doc = comment_lines(&format!("An item of `{name}`."));
        let members = match items.shape {
            Shape::Null => vec!["unknown".to_string()],
            _ => inner.value_members(items, item_name.as_deref(), &item_doc)?,
        };
        let element = match members.as_slice() {
            [one] => one.clone(),
            _ => {
                // A union of items gets a name, so the array stays a simple `T[]`.
                let union_name = self.name_of(items, &format!("the items of `{name}`"))?;
                inner.decls.insert(
                    0,
                    Decl::Alias {
                        doc: item_doc,
                        name: union_name.clone(),
                        ty: Type::union_of(members),
                    },
                );
                union_name
            }
        };
        self.decls.push(Decl::Alias {
            doc: doc.to_vec(),
            name: name.to_owned(),
            ty: Type::union_of(vec![format!("{element}[]")]),
        });
        self.decls.extend(inner.decls);
        Ok(())
    }

    /// An object keyed by data: an interface with an index signature, its value type named
    /// `{name}Value` when it needs a name.
    fn declare_map(&mut self, name: &str, values: &ValueType, doc: &[String]) -> Result<()> {
        let value_name = if needs_name(values) {
            Some(self.name_of(values, &format!("the values of `{name}`"))?)
        } else {
            None
        };
        let mut inner = self.nested();
        let value_doc = comment_lines(&format!("A value of `{name}`, under any key."));
        let members = inner.value_members(values, value_name.as_deref(), &value_doc)?;
        let mut lines = doc.to_vec();
        lines.push("Keyed by data (names, indexes), not by field names.".into());
        self.decls.push(Decl::Interface {
            doc: lines,
            name: name.to_owned(),
            base: None,
            members: vec![Member::new("[key: string]:", Type::union_of(members))],
        });
        self.decls.extend(inner.decls);
        Ok(())
    }
}

/// The union members a value is written as; named shapes by their (already declared) name.
fn members(value: &ValueType, name: Option<&str>) -> Result<Vec<String>> {
    // Every field named: a new one is a build error until the types say it or leave it out.
    let ValueType {
        shape,
        encoding,
        nullable: _, // resets are added where a value may be reset (`with_reset`)
        evidence: _, // where the type came from is for the review of spec/, not the types
    } = value;
    let mut members = match (shape, *encoding) {
        // Resets included.
        (Shape::Any, _) => return Ok(vec!["unknown".into()]),
        (Shape::Null, _) => return Ok(vec!["Reset".into()]),
        (Shape::Boolean, Encoding::Native) => vec!["boolean".into()],
        (Shape::Boolean, Encoding::String) => vec!["BooleanString".into()],
        (Shape::Integer, Encoding::Native) | (Shape::Float, Encoding::Native) => {
            vec!["number".into()]
        }
        (Shape::Integer, Encoding::String) => vec!["IntegerString".into()],
        (Shape::Float, Encoding::String) => vec!["FloatString".into()],
        (Shape::String, _) => vec!["string".into()],
        (Shape::Enum { .. }, _) => vec![name.context("an enum without a name")?.to_string()],
        (Shape::Object { .. } | Shape::Array { .. } | Shape::Map { .. }, Encoding::Native) => {
            vec![name.context("a document without a name")?.to_string()]
        }
        (Shape::Object { .. } | Shape::Array { .. } | Shape::Map { .. }, Encoding::String) => {
            vec![format!(
                "JsonString<{}>",
                name.context("a document without a name")?
            )]
        }
    };
    if value.nullable {
        members.push("Reset".into());
    }
    Ok(members)
}

/// The document's own type, for a document that travels inside a string (`JsonString<T>`) when
/// the docs' own examples send it as the object or array itself: the decoders and the schema
/// read both forms, and the type then admits both too.
/// The examples are the entry's own note's (`own`) and those of notes that name no entry
/// (`stray`) sending the same key or event (`entry`).
fn native_form(
    value: &ValueType,
    name: Option<&str>,
    own: Option<&Note>,
    stray: &[Feature],
    entry: EntryRef<'_>,
) -> Option<String> {
    let name = name?;
    if value.encoding != Encoding::String || !is_document(value) {
        return None;
    }
    let is_native = |wire: &Json| matches!(wire, Json::Object(_) | Json::Array(_));
    let own_native =
        own.into_iter()
            .flat_map(Note::each_payload)
            .any(|example| match example.payload {
                Some(Payload::Info { value, .. } | Payload::Bare { value }) => {
                    is_native(&value.wire)
                }
                Some(Payload::Event { data, .. }) => is_native(&data.wire),
                None => false,
            });
    let stray_native = stray
        .iter()
        .flat_map(|feature| &feature.notes)
        .flat_map(Note::each_payload)
        .any(|example| match (example.payload, entry) {
            (Some(Payload::Info { key, value, .. }), EntryRef::Info(info)) => {
                *key == info.key && is_native(&value.wire)
            }
            (Some(Payload::Event { name, data }), EntryRef::Event(event)) => {
                *name == event.name && is_native(&data.wire)
            }
            _ => false,
        });
    (own_native || stray_native).then(|| name.to_string())
}

/// `members` with `Reset`: for info values and fields, which the decoders read as `Option`.
fn with_reset(mut members: Vec<String>) -> Vec<String> {
    if !members.iter().any(|m| m == "Reset") {
        members.push("Reset".into());
    }
    members
}

fn since_line(since: Option<&String>) -> Option<String> {
    since.map(|since| format!("@since GEP {}", comment_line(since)))
}

/// The doc comment of a key. Every field of the row is named, so that a new one is a build
/// error here until it is said or left out on purpose.
fn info_doc(info: &crate::ir::InfoUpdate) -> Vec<String> {
    let crate::ir::InfoUpdate {
        description,
        remarks,
        since,
        // Said by the property's name, its type and the value's declaration.
        key: _,
        family: _,
        category: _,
        value: _,
        note: _,
        line: _,
    } = info;
    let mut lines = comment_lines(description);
    if let Some(remarks) = remarks {
        lines.extend(comment_lines(remarks));
    }
    lines.extend(since_line(since.as_ref()));
    lines
}

/// The doc comment of an event (see [`info_doc`]).
fn event_doc(event: &crate::ir::Event) -> Vec<String> {
    let crate::ir::Event {
        description,
        remarks,
        since,
        name: _,
        data_description: _,
        data: _,
        note: _,
        line: _,
    } = event;
    let mut lines = comment_lines(description);
    if let Some(remarks) = remarks {
        lines.extend(comment_lines(remarks));
    }
    lines.extend(since_line(since.as_ref()));
    lines
}

/// Info update interface of one feature; its value types go to `decls`.
fn feature_block(feature: &FeatureModel<'_>, decls: &mut Declarations) -> Result<Decl> {
    let doc = comment_lines(&format!(
        "`onInfoUpdates2` payload of feature `{}`.",
        feature.ir.name
    ));
    let names: Vec<String> = std::iter::once(&feature.ir.name)
        .chain(&feature.also_named)
        .map(|name| ts_string(name))
        .collect();
    let mut members = vec![Member {
        doc: Vec::new(),
        head: "feature:".to_owned(),
        ty: Type::text(names.join(" | ")),
    }];
    // Categories in page order, then those only the docs' examples use.
    let mut category_names: Vec<&str> = feature.categories.iter().map(|c| c.name).collect();
    let keys = feature.categories.iter().flat_map(|c| &c.keys);
    for (category, _) in keys.clone().flat_map(|k| &k.aliases) {
        if !category_names.contains(&category.as_str()) {
            category_names.push(category);
        }
    }
    let info = if category_names.is_empty() {
        // No documented key: `{}` would accept any object, even a wrong-typed key of another
        // feature (TypeScript checks excess properties against the whole union).
        Type::text("Record<string, never>".to_owned())
    } else {
        let mut categories = Vec::new();
        for name in category_names {
            let mut category_members = Vec::new();
            let documented = feature.categories.iter().filter(|c| c.name == name);
            for category in documented {
                for key in &category.keys {
                    let doc = info_doc(key.ir);
                    let mut members =
                        decls.value_members(&key.ir.value, key.value_type.as_deref(), &doc)?;
                    members.extend(native_form(
                        &key.ir.value,
                        key.value_type.as_deref(),
                        key.ir.note.as_ref(),
                        std::slice::from_ref(feature.ir),
                        EntryRef::Info(key.ir),
                    ));
                    let head = match &key.ir.family {
                        Some(family) => {
                            // Other keys of the family's form (for a name family, every other
                            // key of the category, as the examples place them too) must fit
                            // its index signature.
                            let placed_here = keys.clone().filter(|other| {
                                !std::ptr::eq(*other, key)
                                    && other
                                        .aliases
                                        .iter()
                                        .any(|(c, alias)| c == name && family.contains(alias))
                            });
                            let covered = (category.keys.iter())
                                .filter(|other| {
                                    !std::ptr::eq(*other, key)
                                        && (other.ir.family.is_none()
                                            || family.member == FamilyMember::Name)
                                        && family.contains(&other.ir.key)
                                })
                                .chain(placed_here);
                            for other in covered {
                                // An optional property's type includes `undefined`.
                                if !members.iter().any(|m| m == "undefined") {
                                    members.push("undefined".to_owned());
                                }
                                let extra =
                                    self::members(&other.ir.value, other.value_type.as_deref())?;
                                for member in extra {
                                    if !members.contains(&member) {
                                        members.push(member);
                                    }
                                }
                            }
                            format!("[key: {}]:", family_type(family))
                        }
                        None => format!("{}?:", property_name(&key.ir.key)),
                    };
                    category_members.push(Member {
                        doc,
                        head,
                        ty: Type::union_of(with_reset(members)),
                    });
                }
            }
            for key in keys.clone() {
                for (_, alias) in key.aliases.iter().filter(|(c, _)| c == name) {
                    let mut doc = comment_lines(&format!(
                        "`{alias}` as the docs' examples send `{}` ({}):",
                        key.ir.key, key.ir.category
                    ));
                    doc.extend(info_doc(key.ir));
                    let members = self::members(&key.ir.value, key.value_type.as_deref())?;
                    let head = match &key.ir.family {
                        Some(family) => format!("[key: {}]:", family_type(family)),
                        None => format!("{}?:", property_name(alias)),
                    };
                    category_members.push(Member {
                        doc,
                        head,
                        ty: Type::union_of(with_reset(members)),
                    });
                }
            }
            categories.push(Member {
                doc: Vec::new(),
                head: format!("{}?:", property_name(name)),
                ty: Type::Object(category_members),
            });
        }
        Type::Object(categories)
    };
    members.push(Member {
        doc: Vec::new(),
        head: "info:".to_owned(),
        ty: info,
    });
    Ok(Decl::Interface {
        doc,
        name: feature.info_update_type.clone(),
        base: Some("overwolf.games.events.InfoUpdates2Event"),
        members,
    })
}

#[derive(Serialize)]
struct GameTemplate {
    preamble: &'static str,
    header: String,
    unions: Vec<String>,
    info_blocks: Vec<String>,
    event_blocks: Vec<String>,
    /// The re-exports of the decoder's module (`./apex-legends.decoded.js`, `emit::js`).
    decoded_exports: String,
}

fn game_module(env: &Environment<'_>, model: &GameModel<'_>) -> Result<String> {
    let game = &model.ir.game;
    let mut decls = Declarations {
        model,
        decls: Vec::new(),
    };
    let mut header = vec![format!(
        "{}: payloads of the Overwolf Game Events Provider.",
        game.title
    )];
    header.push(format!("From {}.", model.ir.source.path));
    let header = doc_comment(&comment_lines(&header.join("\n")), 0);

    let mut unions = Vec::new();
    if let Some(id) = game.id {
        unions.push(format!(
            "/** The Overwolf game id. */\nexport type GameId = {id};\n"
        ));
    }
    let features: Vec<String> = model
        .features
        .iter()
        .map(|f| ts_string(&f.ir.name))
        .collect();
    unions.push(alias_union(
        "A feature to pass to `overwolf.games.events.setRequiredFeatures`.",
        "Feature",
        features,
    ));
    let mut keys: Vec<String> = Vec::new();
    for key in model
        .features
        .iter()
        .flat_map(|f| &f.categories)
        .flat_map(|c| &c.keys)
    {
        let member = match &key.ir.family {
            Some(family) => family_type(family),
            None => ts_string(&key.ir.key),
        };
        if !keys.contains(&member) {
            keys.push(member);
        }
    }
    unions.push(alias_union(
        "An info key, in any feature and category.",
        "InfoKey",
        keys,
    ));
    let mut names: Vec<String> = Vec::new();
    for event in model.features.iter().flat_map(|f| &f.events) {
        let member = ts_string(&event.ir.name);
        if !names.contains(&member) {
            names.push(member);
        }
    }
    unions.push(alias_union(
        "An event name, in any feature.",
        "EventName",
        names,
    ));
    unions.push(alias_union(
        "An `onInfoUpdates2` payload; narrows on `feature`.",
        "InfoUpdates2Event",
        model
            .features
            .iter()
            .map(|f| f.info_update_type.clone())
            .collect(),
    ));
    unions.push(alias_union(
        "One event of an `onNewEvents` payload; narrows on `name`.",
        "GameEvent",
        model
            .features
            .iter()
            .flat_map(|f| &f.events)
            .map(|e| e.event_type.clone())
            .collect(),
    ));
    unions.push(
        "/** An `onNewEvents` payload. */\nexport interface NewGameEvents {\n  events: GameEvent[];\n}\n".into(),
    );
    unions.push(
        "/** An info update in the flat envelope of ow-electron. */\nexport type ElectronInfoUpdate = ElectronInfo<InfoUpdates2Event>;\n".into(),
    );
    unions.push(
        "/** A game event in the flat envelope of ow-electron: the key names the event. */\nexport type ElectronGameEvent = ElectronEvent<GameEvent>;\n".into(),
    );

    let mut info_blocks = Vec::new();
    for feature in &model.features {
        info_blocks.push(feature_block(feature, &mut decls)?.print());
        info_blocks.extend(decls.decls.drain(..).map(|decl| decl.print()));
    }
    let mut event_blocks = Vec::new();
    for event in model.features.iter().flat_map(|f| &f.events) {
        let doc = event_doc(event.ir);
        let data_doc = comment_lines(&event.ir.data_description);
        let mut members =
            decls.value_members(&event.ir.data, event.data_type.as_deref(), &data_doc)?;
        members.extend(native_form(
            &event.ir.data,
            event.data_type.as_deref(),
            event.ir.note.as_ref(),
            &model.ir.features,
            EntryRef::Event(event.ir),
        ));
        let event_decl = Decl::Interface {
            doc,
            name: event.event_type.clone(),
            base: None,
            members: vec![
                Member {
                    doc: Vec::new(),
                    head: "name:".to_owned(),
                    ty: Type::text(ts_string(&event.ir.name)),
                },
                Member {
                    doc: data_doc,
                    head: "data:".to_owned(),
                    ty: Type::union_of(members),
                },
            ],
        };
        event_blocks.push(event_decl.print());
        event_blocks.extend(decls.decls.drain(..).map(|decl| decl.print()));
    }
    let rendered = env.get_template("game.d.ts")?.render(GameTemplate {
        preamble: PREAMBLE,
        header,
        unions,
        info_blocks,
        event_blocks,
        decoded_exports: decoded_exports(&ts_string(&format!("./{}.decoded.js", game.slug))),
    })?;
    Ok(rendered)
}

/// `export { decode, listener } from "...";` and the types, braces broken as prettier breaks
/// them when a line is too long.
fn decoded_exports(module: &str) -> String {
    let export = |head: &str, names: &[&str]| {
        let line = format!("{head} {{ {} }} from {module};", names.join(", "));
        if width(&line) <= WIDTH {
            line
        } else {
            let names: Vec<String> = names.iter().map(|n| format!("  {n},\n")).collect();
            format!("{head} {{\n{}}} from {module};", names.concat())
        }
    };
    [
        export("export", &["decode", "listener"]),
        export("export type", &["Update"]),
        format!("export type * as Decoded from {module};"),
    ]
    .join("\n")
}

fn alias_union(doc: &str, name: &str, members: Vec<String>) -> String {
    let members = if members.is_empty() {
        vec!["never".to_string()]
    } else {
        members
    };
    Decl::Alias {
        doc: comment_lines(doc),
        name: name.to_owned(),
        ty: Type::union_of(members),
    }
    .print()
}

// ---------------------------------------------------------------------------------------------
// Consumer test: the doc examples as TypeScript values

#[derive(Serialize)]
struct ExampleBlock {
    comment: String,
    text: String,
}

/// A value that must not satisfy its type, on one line under `@ts-expect-error` (tsc reports
/// the mismatch on the `satisfies` line or on a property, depending on the type, so the whole
/// statement is one line that prettier leaves alone): `tsc` fails with "unused
/// `@ts-expect-error`" if the value were accepted.
fn rejected_statement(name: &str, value: &Value, ty: &str, note: &str) -> String {
    format!(
        "// prettier-ignore\n// @ts-expect-error: {note}\nexport const {name} = {value} satisfies {ty};\n"
    )
}

/// `export const name = {...} satisfies Type;`
fn example_statement(name: &str, value: &Value, ty: &str) -> String {
    let head = format!("export const {name} = ");
    let tail = format!(" satisfies {ty};");
    let text = Literal::from_json(value).print(0, width(&head), width(&tail));
    let one_line = format!("{head}{text}{tail}");
    if !text.contains('\n') && width(&one_line) > WIDTH {
        // A lone value moves after `=` when the statement is too long.
        return format!("export const {name} =\n  {text}{tail}\n");
    }
    one_line + "\n"
}

fn examples_module(env: &Environment<'_>, model: &GameModel<'_>) -> Result<String> {
    let ns = &model.namespace;
    let (instances, skipped) = example_instances(model);
    let mut blocks = Vec::new();
    for (index, instance) in instances.iter().enumerate() {
        blocks.extend(example_blocks(ns, index, instance));
    }
    // Envelope mutations, once per game: a closed discriminator must reject an unknown value,
    // and a payload without its discriminator is no payload.
    if let Some(info) = instances.iter().find(|i| i.envelope == Envelope::Info) {
        let mut unknown = info.payload.clone();
        unknown["feature"] = Value::String("not_a_feature".into());
        blocks.push(ExampleBlock {
            comment: "An unknown feature is rejected.".into(),
            text: rejected_statement(
                "unknownFeature",
                &unknown,
                &format!("{ns}.InfoUpdates2Event"),
                "no such feature",
            ),
        });
        let mut missing = info.payload.clone();
        if let Some(map) = missing.as_object_mut() {
            map.remove("feature");
        }
        blocks.push(ExampleBlock {
            comment: "An info update without its feature is rejected.".into(),
            text: rejected_statement(
                "missingFeature",
                &missing,
                &format!("{ns}.InfoUpdates2Event"),
                "`feature` is required",
            ),
        });
    }
    if let Some(event) = instances.iter().find(|i| i.envelope == Envelope::Events) {
        let mut unknown = event.payload.clone();
        unknown["events"][0]["name"] = Value::String("not_an_event".into());
        blocks.push(ExampleBlock {
            comment: "An unknown event name is rejected.".into(),
            text: rejected_statement(
                "unknownEvent",
                &unknown,
                &format!("{ns}.NewGameEvents"),
                "no such event",
            ),
        });
    }
    let skipped: Vec<String> = skipped
        .iter()
        .map(|s| comment_line(&format!("line {}: {}", s.line, s.reason)))
        .collect();
    let rendered = env.get_template("examples.ts")?.render(context! {
        preamble => PREAMBLE,
        namespace => ns,
        source => comment_line(&model.ir.source.path),
        checked => instances.len(),
        skipped => skipped,
        blocks => blocks,
    })?;
    Ok(rendered)
}

fn example_blocks(ns: &str, index: usize, instance: &ExampleInstance) -> Vec<ExampleBlock> {
    let what = match instance.envelope {
        Envelope::Info => "key",
        Envelope::Events => "event",
    };
    let comment = comment_line(&format!(
        "Line {}: {what} `{}` of feature `{}`.",
        instance.line, instance.entry, instance.feature
    ));
    let ty = match instance.envelope {
        Envelope::Info => format!("{ns}.InfoUpdates2Event"),
        Envelope::Events => format!("{ns}.NewGameEvents"),
    };
    let base = format!("example{}Line{}", index + 1, instance.line);
    let mut blocks = vec![ExampleBlock {
        comment: comment.clone(),
        text: example_statement(&base, &instance.payload, &ty),
    }];
    if let Some((type_name, document)) = &instance.decoded {
        blocks.push(ExampleBlock {
            comment: format!("{comment} The JSON document inside the value."),
            text: example_statement(
                &format!("{base}Decoded"),
                document,
                &format!("{ns}.{type_name}"),
            ),
        });
    }
    // A value of any type has no wrong-typed twin; the example says so.
    if instance.wrong_value.is_none() {
        blocks[0]
            .comment
            .push_str(" Of any type: no wrong-typed twin.");
    }
    if let (Some(wrong), Some(payload)) = (&instance.wrong_value, instance.wrong_payload()) {
        let note = format!("{} is the wrong type", Literal::from_json(wrong).one_line());
        blocks.push(ExampleBlock {
            comment: format!("{comment} With a value of the wrong type."),
            text: rejected_statement(&format!("{base}Wrong"), &payload, &ty, &comment_line(&note)),
        });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cannot_be_closed_from_the_docs() {
        let lines = comment_lines("ends */ here\r\nnext\u{2028}line\tx\u{7}  \n\n");
        assert_eq!(lines, ["ends *\\/ here", "next", "line x"]);
        let doc = doc_comment(&lines, 2);
        assert_eq!(doc.matches("*/").count(), 1, "{doc}");
        assert!(doc.ends_with("*/\n"));
    }

    #[test]
    fn string_literals_follow_prettier_quotes() {
        assert_eq!(ts_string("kill"), "\"kill\"");
        assert_eq!(ts_string(r#"{"a":1}"#), r#"'{"a":1}'"#);
        assert_eq!(ts_string("it's"), "\"it's\"");
        assert_eq!(
            ts_string("a\\b\n</script>`${x}`"),
            "\"a\\\\b\\n</script>`${x}`\""
        );
        assert_eq!(ts_string("x\u{2028}\u{1}"), "\"x\\u2028\\u0001\"");
    }

    #[test]
    fn property_names_are_quoted_only_when_needed() {
        assert_eq!(property_name("type"), "type");
        assert_eq!(property_name("break"), "break");
        assert_eq!(property_name("2kill"), "\"2kill\"");
        assert_eq!(property_name("match-state"), "\"match-state\"");
        assert_eq!(property_name("$x_1"), "$x_1");
        assert_eq!(property_name(""), "\"\"");
    }

    #[test]
    fn family_types_escape_template_syntax() {
        let family = KeyFamily {
            prefix: "a`${b}\\_".into(),
            suffix: "".into(),
            placeholder: "XX".into(),
            member: FamilyMember::Index,
        };
        assert_eq!(family_type(&family), "`a\\`\\${b}\\\\_${number}`");
    }
}
