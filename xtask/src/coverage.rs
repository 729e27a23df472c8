//! How much of each tracked game's page the generated types cover: features, keys and events,
//! how many of them are typed more precisely than `string`, the doc examples verified against
//! the game's own JSON Schema (the documents inside strings included), and the diagnostics by
//! code. `cargo xtask coverage` prints it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::emit::doc_examples::game_examples;
use crate::emit::model::lower_game;
use crate::emit::schema::game_schema;
use crate::ir::{ExampleStatus, GameIr, Shape, ValueType};

/// The coverage of one game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GameCoverage {
    pub slug: String,
    pub features: usize,
    pub keys: usize,
    /// Keys whose value is typed more precisely than `string`.
    pub typed_keys: usize,
    pub events: usize,
    /// Events whose data is typed more precisely than `string`.
    pub typed_events: usize,
    pub examples: ExampleCoverage,
    /// Diagnostics by code.
    pub diagnostics: BTreeMap<&'static str, usize>,
}

/// The doc examples of a game, and how far each got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExampleCoverage {
    /// Every data example of the page.
    pub total: usize,
    /// Read by the lenient JSON reader (as written, repaired, or a plain value).
    pub read: usize,
    /// Placed in the envelope an app receives: what the decoders replay and the schema checks.
    pub in_envelope: usize,
    /// In their envelope, valid under the game's schema with the JSON documents inside strings
    /// checked as well (`contentSchema`, enforced).
    pub validated: usize,
    /// Why the schema could not check them, when it could not be built.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_error: Option<String>,
}

/// The coverage of each game, in the order given.
pub fn report(irs: &[GameIr]) -> Vec<GameCoverage> {
    irs.iter().map(game_coverage).collect()
}

fn precise(value: &ValueType) -> bool {
    !matches!(value.shape, Shape::String)
}

fn game_coverage(ir: &GameIr) -> GameCoverage {
    let infos = ir.features.iter().flat_map(|f| &f.info_updates);
    let events = ir.features.iter().flat_map(|f| &f.events);
    let mut diagnostics = BTreeMap::new();
    for diagnostic in &ir.diagnostics {
        *diagnostics.entry(diagnostic.code.as_str()).or_default() += 1;
    }
    GameCoverage {
        slug: ir.game.slug.clone(),
        features: ir.features.len(),
        keys: infos.clone().count(),
        typed_keys: infos.filter(|i| precise(&i.value)).count(),
        events: events.clone().count(),
        typed_events: events.filter(|e| precise(&e.data)).count(),
        examples: example_coverage(ir),
        diagnostics,
    }
}

fn example_coverage(ir: &GameIr) -> ExampleCoverage {
    let examples = game_examples(&ir.features);
    let mut coverage = ExampleCoverage {
        total: examples.len(),
        read: examples
            .iter()
            .filter(|x| {
                x.example.status != ExampleStatus::Unreadable && x.example.payload.is_some()
            })
            .count(),
        ..ExampleCoverage::default()
    };
    let envelopes: Vec<Value> = examples
        .into_iter()
        .filter_map(|example| example.envelope(&ir.features))
        .collect();
    coverage.in_envelope = envelopes.len();
    let validator = lower_game(ir)
        .map_err(|e| format!("{e:#}"))
        .and_then(|model| deep_validator(&game_schema(&model), None));
    match validator {
        Ok(validator) => {
            coverage.validated = envelopes.iter().filter(|e| validator.is_valid(e)).count()
        }
        Err(error) => coverage.schema_error = Some(error),
    }
    coverage
}

/// The report as a table, one game per line, then the totals.
pub fn render(report: &[GameCoverage]) -> String {
    let mut out = String::new();
    let width = report
        .iter()
        .map(|g| g.slug.len())
        .max()
        .unwrap_or(4)
        .max(5);
    writeln!(
        out,
        "{:width$}  features  keys (typed)  events (typed)  examples: read  envelope  validated  diagnostics",
        "game"
    )
    .unwrap();
    let mut total = GameCoverage {
        slug: "total".into(),
        features: 0,
        keys: 0,
        typed_keys: 0,
        events: 0,
        typed_events: 0,
        examples: ExampleCoverage::default(),
        diagnostics: BTreeMap::new(),
    };
    for game in report {
        line(&mut out, game, width);
        total.features += game.features;
        total.keys += game.keys;
        total.typed_keys += game.typed_keys;
        total.events += game.events;
        total.typed_events += game.typed_events;
        total.examples.total += game.examples.total;
        total.examples.read += game.examples.read;
        total.examples.in_envelope += game.examples.in_envelope;
        total.examples.validated += game.examples.validated;
        for (code, n) in &game.diagnostics {
            *total.diagnostics.entry(code).or_default() += n;
        }
    }
    if report.len() > 1 {
        line(&mut out, &total, width);
    }
    for game in report {
        if let Some(error) = &game.examples.schema_error {
            writeln!(
                out,
                "{}: the schema cannot check examples: {error}",
                game.slug
            )
            .unwrap();
        }
    }
    out
}

fn line(out: &mut String, game: &GameCoverage, width: usize) {
    let diagnostics: Vec<String> = game
        .diagnostics
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    let examples = &game.examples;
    writeln!(
        out,
        "{:width$}  {:>8}  {:>4} ({:>4})  {:>6} ({:>4})  {:>5} of {:>4}  {:>8}  {:>9}  {}",
        game.slug,
        game.features,
        game.keys,
        game.typed_keys,
        game.events,
        game.typed_events,
        examples.read,
        examples.total,
        examples.in_envelope,
        examples.validated,
        if diagnostics.is_empty() {
            "none".to_owned()
        } else {
            diagnostics.join(", ")
        }
    )
    .unwrap();
}

/// A validator of a game's `schema` (or of it with its root pointed at `pointer`, as
/// `#/$defs/NewGameEvents`) that also checks the JSON documents inside strings:
/// `contentSchema` is only an annotation in JSON Schema 2020-12, so validators pass any
/// string; here the string must be JSON that validates against the subschema.
pub fn deep_validator(
    schema: &Value,
    pointer: Option<&str>,
) -> Result<jsonschema::Validator, String> {
    let defs = Arc::new(schema.get("$defs").cloned().unwrap_or(Value::Null));
    let mut root = schema.clone();
    if let Some(pointer) = pointer {
        let object = root
            .as_object_mut()
            .ok_or_else(|| "a schema is an object".to_owned())?;
        object.remove("anyOf");
        object.insert("$ref".into(), Value::String(pointer.to_owned()));
    }
    validator_with_content(&root, defs)
}

fn validator_with_content(
    schema: &Value,
    defs: Arc<Value>,
) -> Result<jsonschema::Validator, String> {
    jsonschema::draft202012::options()
        .with_keyword("contentSchema", move |_parent, subschema: &Value, _path| {
            // The subschema resolves its `$ref`s against the document's `$defs`.
            let mut document = Map::new();
            document.insert(
                "$schema".into(),
                "https://json-schema.org/draft/2020-12/schema".into(),
            );
            document.insert("$defs".into(), (*defs).clone());
            if let Value::Object(members) = subschema {
                document.extend(members.clone());
            }
            Ok(Box::new(ContentSchema {
                schema: Value::Object(document),
                defs: defs.clone(),
                validator: OnceLock::new(),
            }))
        })
        .build(schema)
        .map_err(|e| e.to_string())
}

/// `contentSchema`, enforced: compiled when first used (a nested document may have its own).
struct ContentSchema {
    schema: Value,
    defs: Arc<Value>,
    validator: OnceLock<Result<jsonschema::Validator, String>>,
}

impl ContentSchema {
    fn check(&self, instance: &Value) -> Result<(), String> {
        let Value::String(text) = instance else {
            return Ok(());
        };
        let document: Value = serde_json::from_str(text).map_err(|e| {
            let start: String = text.chars().take(80).collect();
            format!("the string is not a JSON document ({e}): {start}")
        })?;
        let validator = self
            .validator
            .get_or_init(|| validator_with_content(&self.schema, self.defs.clone()))
            .as_ref()
            .map_err(|e| format!("contentSchema does not compile: {e}"))?;
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .take(3)
            .map(|e| {
                let message: String = e.masked().to_string().chars().take(160).collect();
                format!("{}: {message}", e.instance_path())
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("inside the JSON string: {}", errors.join("; ")))
        }
    }
}

impl<'i> jsonschema::Keyword<'i> for ContentSchema {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        self.check(instance)
            .map_err(jsonschema::ValidationError::custom)
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.check(instance).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "doc": {
                    "type": "string",
                    "contentMediaType": "application/json",
                    "contentSchema": { "$ref": "#/$defs/Doc" }
                }
            },
            "$defs": {
                "Doc": {
                    "type": "object",
                    "properties": { "n": { "type": "integer" } },
                    "required": ["n"]
                }
            }
        })
    }

    #[test]
    fn documents_inside_strings_are_validated() {
        let validator = deep_validator(&schema(), None).unwrap();
        assert!(validator.is_valid(&json!({ "doc": "{\"n\": 3}" })));
        assert!(!validator.is_valid(&json!({ "doc": "{\"n\": \"three\"}" })));
        assert!(!validator.is_valid(&json!({ "doc": "{}" })));
        let error = validator
            .iter_errors(&json!({ "doc": "not json" }))
            .next()
            .unwrap()
            .to_string();
        assert!(error.contains("not a JSON document"), "{error}");
        // A plain validator only annotates: the control.
        let plain = jsonschema::draft202012::new(&schema()).unwrap();
        assert!(plain.is_valid(&json!({ "doc": "{}" })));
    }
}
