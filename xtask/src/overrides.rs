//! Maintainer corrections to a page: `spec/overrides/<slug>.yaml`.
//!
//! The vendored pages stay as upstream wrote them; what they get wrong (a version typo, a
//! wrong type, a missing enum value, a renamed field, a wrong category) is corrected here,
//! after extraction. Each applied correction is recorded in the IR with its reason, so the
//! reviewed `spec/<slug>.yaml` says why it differs from the page. A correction that finds
//! nothing to correct (the target is gone, or the page already says the same) becomes a
//! `stale-override` diagnostic, so a fix upstream is noticed and the override removed.
//!
//! ```yaml
//! corrections:
//!   - feature: inventory        # optional: every feature when omitted
//!     key: weapons              # or `event: kill`
//!     since: "130.0"
//!     reason: the docs write 0.130 for 130.0
//!   - event: kill
//!     field: victim.name        # optional: a field path inside the value
//!     type: {type: integer}     # a type as written in spec/<slug>.yaml
//!     reason: ...
//!   - key: game_mode
//!     add_values: ["#PL_TRIOS", {value: "#PL_DUO", description: Duos}]
//!     reason: ...
//!   - event: damage
//!     rename_field: {from: targetname, to: targetName}
//!     reason: ...
//!   - rename_feature: {from: match-info, to: match_info}   # alone in its correction
//!     reason: ...
//! ```

use serde::{Deserialize, Serialize};

use crate::ir::{AppliedOverride, Code, Diagnostic, EnumValue, Feature, GameIr, Shape, ValueType};

/// The corrections of one game.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// One correction: a target (key or event, optionally a field in its value), what to set,
/// and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// Restricts the target to one feature; every feature when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// An info key as the page writes it (`roster_XX` for a family).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// An event name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// A path of field names inside the value, separated by `.`; arrays are stepped through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Why the page is wrong; recorded in the IR.
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Info keys only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The whole type of the value (or of `field`), as written in `spec/<slug>.yaml`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub value_type: Option<ValueType>,
    /// Enumeration values the page omits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_values: Vec<ValueSpec>,
    /// A payload field the page names wrongly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rename_field: Option<Rename>,
    /// A feature the page names wrongly (or twice, in two spellings): renamed, and merged
    /// into the feature that has the new name already, if any. A correction of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rename_feature: Option<Rename>,
}

/// An enumeration value: a bare string, or a value with a description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ValueSpec {
    Bare(String),
    Described(EnumValue),
}

impl ValueSpec {
    fn to_enum_value(&self) -> EnumValue {
        match self {
            ValueSpec::Bare(value) => EnumValue::new(value.clone()),
            ValueSpec::Described(value) => value.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    pub from: String,
    pub to: String,
}

/// An override file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OverrideError {
    #[error("invalid YAML: {0}")]
    Yaml(#[from] serde_yaml::Error),
    #[error("correction {number}: {message}")]
    Invalid { number: usize, message: String },
}

impl Overrides {
    /// Reads and checks an override file: each correction names exactly one key or event and
    /// sets at least one thing that applies to it.
    pub fn parse(text: &str) -> Result<Overrides, OverrideError> {
        let overrides: Overrides = serde_yaml::from_str(text)?;
        for (index, correction) in overrides.corrections.iter().enumerate() {
            correction
                .check()
                .map_err(|message| OverrideError::Invalid {
                    number: index + 1,
                    message,
                })?;
        }
        Ok(overrides)
    }
}

impl Correction {
    fn check(&self) -> Result<(), String> {
        if self.reason.trim().is_empty() {
            return Err("has an empty `reason`; say why the page is wrong".into());
        }
        if let Some(rename) = &self.rename_feature {
            let alone = self.feature.is_none()
                && self.key.is_none()
                && self.event.is_none()
                && self.field.is_none()
                && self.since.is_none()
                && self.category.is_none()
                && self.value_type.is_none()
                && self.add_values.is_empty()
                && self.rename_field.is_none();
            if !alone {
                return Err("`rename_feature` is a correction of its own; move the rest to another correction".into());
            }
            if rename.from == rename.to || rename.to.trim().is_empty() {
                return Err("`rename_feature` needs a new, non-empty name in `to`".into());
            }
            return Ok(());
        }
        match (&self.key, &self.event) {
            (Some(_), Some(_)) => return Err("names both a key and an event; name one".into()),
            (None, None) => {
                return Err("names no `key`, `event` or `rename_feature`".into());
            }
            _ => {}
        }
        let sets_value =
            self.value_type.is_some() || !self.add_values.is_empty() || self.rename_field.is_some();
        if self.since.is_none() && self.category.is_none() && !sets_value {
            return Err(
                "changes nothing; set `since`, `category`, `type`, `add_values` or `rename_field`"
                    .into(),
            );
        }
        if self.field.is_some() && (self.since.is_some() || self.category.is_some()) {
            return Err(
                "`since` and `category` belong to the key or event, not to a `field`".into(),
            );
        }
        if self.category.is_some() && self.event.is_some() {
            return Err("events have no `category`".into());
        }
        if self.field.as_deref().is_some_and(|f| path(f).is_empty()) {
            return Err("has an empty `field` path".into());
        }
        Ok(())
    }

    fn target_name(&self) -> (&'static str, &str) {
        match (&self.key, &self.event) {
            (Some(key), _) => ("key", key),
            (_, Some(event)) => ("event", event),
            _ => ("key", ""),
        }
    }
}

fn path(field: &str) -> Vec<&str> {
    field
        .split('.')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Applies the corrections to an IR: records each applied one in `ir.overrides` and reports
/// each one that matches nothing (or changes nothing) as a `stale-override` diagnostic.
pub fn apply(ir: &mut GameIr, overrides: &Overrides) {
    let file = format!("spec/overrides/{}.yaml", ir.game.slug);
    for correction in &overrides.corrections {
        if let Some(rename) = &correction.rename_feature {
            rename_feature(ir, rename, &correction.reason, &file);
            continue;
        }
        let (kind, name) = correction.target_name();
        let mut found = false;
        for feature in ir.features.iter_mut().filter(|f| {
            correction
                .feature
                .as_ref()
                .is_none_or(|name| *name == f.name)
        }) {
            found |= apply_to_feature(
                feature,
                correction,
                &file,
                &mut ir.overrides,
                &mut ir.diagnostics,
            );
        }
        if !found {
            let place = correction
                .feature
                .as_ref()
                .map_or_else(|| "the page".to_owned(), |f| format!("feature `{f}`"));
            ir.diagnostics.push(Diagnostic::warning(
                None,
                Code::StaleOverride,
                format!("override for {kind} `{name}`: {place} has no {kind} `{name}` any more; remove or update the correction in {file}"),
            ));
        }
    }
    // Keep the page order of diagnostics (stable: same-line findings keep their order).
    ir.diagnostics.sort_by_key(|d| d.line.unwrap_or(0));
}

/// Renames every feature called `rename.from`; merges it into the feature already called
/// `rename.to` (its keys, events and notes follow the target's), so a feature the page lists
/// under one spelling and heads under another becomes one.
fn rename_feature(ir: &mut GameIr, rename: &Rename, reason: &str, file: &str) {
    let Some(position) = ir.features.iter().position(|f| f.name == rename.from) else {
        ir.diagnostics.push(Diagnostic::warning(
            None,
            Code::StaleOverride,
            format!(
                "override renaming feature `{}`: the page has no feature `{}` any more; remove or update the correction in {file}",
                rename.from, rename.from
            ),
        ));
        return;
    };
    let mut renamed = ir.features.remove(position);
    renamed.name = rename.to.clone();
    match ir.features.iter_mut().find(|f| f.name == rename.to) {
        Some(target) => {
            target.line = target.line.or(renamed.line);
            target.info_updates.append(&mut renamed.info_updates);
            target.events.append(&mut renamed.events);
            target.notes.append(&mut renamed.notes);
        }
        None => ir.features.insert(position, renamed),
    }
    ir.overrides.push(AppliedOverride {
        target: format!("{}/name", rename.from),
        reason: reason.to_owned(),
    });
    // Every feature of that name, not only the first.
    if ir.features.iter().any(|f| f.name == rename.from) {
        rename_feature(ir, rename, reason, file);
    }
}

/// Applies a correction to the matching entries of one feature; returns whether any matched.
fn apply_to_feature(
    feature: &mut Feature,
    correction: &Correction,
    file: &str,
    applied: &mut Vec<AppliedOverride>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let mut found = false;
    let feature_name = feature.name.clone();
    if let Some(key) = &correction.key {
        for info in feature.info_updates.iter_mut().filter(|i| i.key == *key) {
            found = true;
            let mut target = Target {
                base: format!("{feature_name}/{key}"),
                kind: "key",
                name: key,
                line: info.line,
                correction,
                file,
                applied: &mut *applied,
                diagnostics: &mut *diagnostics,
            };
            if let Some(since) = &correction.since {
                target.set_text("since", &mut info.since, since);
            }
            if let Some(category) = &correction.category {
                let mut current = Some(std::mem::take(&mut info.category));
                target.set_text("category", &mut current, category);
                info.category = current.unwrap_or_default();
            }
            target.correct_value(&mut info.value);
        }
    }
    if let Some(event) = &correction.event {
        for entry in feature.events.iter_mut().filter(|e| e.name == *event) {
            found = true;
            let mut target = Target {
                base: format!("{feature_name}/{event}"),
                kind: "event",
                name: event,
                line: entry.line,
                correction,
                file,
                applied: &mut *applied,
                diagnostics: &mut *diagnostics,
            };
            if let Some(since) = &correction.since {
                target.set_text("since", &mut entry.since, since);
            }
            target.correct_value(&mut entry.data);
        }
    }
    found
}

/// One matched key or event, and where to record what happens to it.
struct Target<'a> {
    /// `feature/name`, the start of every recorded target.
    base: String,
    kind: &'static str,
    name: &'a str,
    line: u32,
    correction: &'a Correction,
    file: &'a str,
    applied: &'a mut Vec<AppliedOverride>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Target<'_> {
    fn record(&mut self, what: &str) {
        self.applied.push(AppliedOverride {
            target: format!("{}/{what}", self.base),
            reason: self.correction.reason.clone(),
        });
    }

    fn stale(&mut self, what: &str, finding: &str) {
        self.diagnostics.push(Diagnostic::warning(
            self.line,
            Code::StaleOverride,
            format!(
                "override of {what} for {} `{}`: {finding}; remove or update the correction in {}",
                self.kind, self.name, self.file
            ),
        ));
    }

    fn set_text(&mut self, what: &str, current: &mut Option<String>, wanted: &str) {
        if current.as_deref() == Some(wanted) {
            self.stale(what, &format!("the page already says `{wanted}`"));
        } else {
            *current = Some(wanted.to_owned());
            self.record(what);
        }
    }

    /// `type`, `add_values` and `rename_field`, at the value or at `field` inside it.
    fn correct_value(&mut self, value: &mut ValueType) {
        let correction = self.correction;
        let sets_value = correction.value_type.is_some()
            || !correction.add_values.is_empty()
            || correction.rename_field.is_some();
        if !sets_value {
            return;
        }
        let (value, at) = match &correction.field {
            None => (Some(value), "value".to_owned()),
            Some(field) => (field_mut(value, &path(field)), format!("value.{field}")),
        };
        let Some(value) = value else {
            let field = correction.field.as_deref().unwrap_or_default();
            self.stale("the value", &format!("its value has no field `{field}`"));
            return;
        };
        if let Some(wanted) = &correction.value_type {
            if same_type(value, wanted) {
                self.stale(&format!("{at} type"), "the page already gives this type");
            } else {
                *value = wanted.clone();
                self.record(&format!("{at}/type"));
            }
        }
        if !correction.add_values.is_empty() {
            self.add_values(value, &at);
        }
        if let Some(rename) = &correction.rename_field {
            self.rename_field(value, rename, &at);
        }
    }

    fn add_values(&mut self, value: &mut ValueType, at: &str) {
        let Shape::Enum { values } = &mut value.shape else {
            self.stale(
                &format!("{at} values"),
                "the value is not an enumeration; set its `type` first",
            );
            return;
        };
        let mut added = Vec::new();
        let mut present = Vec::new();
        for spec in &self.correction.add_values {
            let wanted = spec.to_enum_value();
            if values
                .iter()
                .any(|v| v.spellings().any(|s| s == wanted.value))
            {
                present.push(wanted.value);
            } else {
                added.push(wanted.value.clone());
                values.push(wanted);
            }
        }
        if !added.is_empty() {
            self.record(&format!("{at}/values/{}", added.join(",")));
        }
        if !present.is_empty() {
            self.stale(
                &format!("{at} values"),
                &format!("the page already lists `{}`", present.join("`, `")),
            );
        }
    }

    fn rename_field(&mut self, value: &mut ValueType, rename: &Rename, at: &str) {
        let Shape::Object { fields } = &mut value.shape else {
            self.stale(
                &format!("{at} field `{}`", rename.from),
                "the value is not an object",
            );
            return;
        };
        let has = |name: &str| fields.iter().any(|f| f.name == name);
        if has(&rename.to) {
            self.stale(
                &format!("{at} field `{}`", rename.from),
                &format!("the page already names the field `{}`", rename.to),
            );
        } else if let Some(field) = fields.iter_mut().find(|f| f.name == rename.from) {
            field.name = rename.to.clone();
            self.record(&format!("{at}.{}/name", rename.from));
        } else {
            self.stale(
                &format!("{at} field `{}`", rename.from),
                &format!("the value has no field `{}`", rename.from),
            );
        }
    }
}

/// The value at a field path; arrays and maps are stepped through to their items and values.
fn field_mut<'v>(value: &'v mut ValueType, path: &[&str]) -> Option<&'v mut ValueType> {
    let Some((first, rest)) = path.split_first() else {
        return Some(value);
    };
    match &mut value.shape {
        Shape::Array { items } => field_mut(items, path),
        Shape::Map { values } => field_mut(values, path),
        Shape::Object { fields } => {
            let field = fields.iter_mut().find(|f| f.name == *first)?;
            field_mut(&mut field.value, rest)
        }
        _ => None,
    }
}

/// Same shape, encoding and nullability, all the way down; where a type was inferred from
/// does not count.
fn same_type(a: &ValueType, b: &ValueType) -> bool {
    let shapes = match (&a.shape, &b.shape) {
        (Shape::Object { fields: x }, Shape::Object { fields: y }) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(f, g)| {
                    f.name == g.name && f.optional == g.optional && same_type(&f.value, &g.value)
                })
        }
        (Shape::Array { items: x }, Shape::Array { items: y }) => same_type(x, y),
        (Shape::Map { values: x }, Shape::Map { values: y }) => same_type(x, y),
        (x, y) => x == y,
    };
    shapes && a.encoding == b.encoding && a.nullable == b.nullable
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Encoding, Severity};
    use crate::test_support::*;

    fn page() -> GameIr {
        let mut weapons = key("weapons", "inventory", string());
        weapons.since = Some("0.130".into());
        weapons.line = 332;
        ir(
            "apex-legends",
            Some(21566),
            vec![
                feature("inventory", vec![weapons], vec![]),
                feature(
                    "match_info",
                    vec![key("game_mode", "match_info", enumeration(&["PL_DUO"]))],
                    vec![],
                ),
                feature(
                    "kill",
                    vec![],
                    vec![event(
                        "kill",
                        object(&[
                            ("victimname", string()),
                            ("victim", object(&[("id", string())])),
                        ]),
                    )],
                ),
            ],
        )
    }

    fn applied(text: &str) -> GameIr {
        let mut ir = page();
        apply(&mut ir, &Overrides::parse(text).unwrap());
        ir
    }

    fn stale(ir: &GameIr) -> Vec<(Option<u32>, &str)> {
        ir.diagnostics
            .iter()
            .filter(|d| d.code == Code::StaleOverride)
            .map(|d| (d.line, d.message.as_str()))
            .collect()
    }

    #[test]
    fn a_version_typo_is_corrected_and_recorded_with_its_reason() {
        let ir = applied(
            "corrections:\n- feature: inventory\n  key: weapons\n  since: '130.0'\n  reason: the docs write 0.130 for 130.0\n",
        );
        assert_eq!(
            ir.features[0].info_updates[0].since.as_deref(),
            Some("130.0")
        );
        assert_eq!(
            ir.overrides,
            [AppliedOverride {
                target: "inventory/weapons/since".into(),
                reason: "the docs write 0.130 for 130.0".into(),
            }]
        );
        assert!(stale(&ir).is_empty());
    }

    #[test]
    fn a_correction_the_page_already_agrees_with_is_stale() {
        let ir = applied("corrections:\n- key: game_mode\n  category: match_info\n  reason: r\n");
        assert!(ir.overrides.is_empty());
        let found = stale(&ir);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Some(10), "the entry's line");
        assert!(
            found[0].1.contains("the page already says `match_info`"),
            "{}",
            found[0].1
        );
        assert!(found[0].1.contains("spec/overrides/apex-legends.yaml"));
        assert_eq!(ir.diagnostics[0].severity, Severity::Warning);
    }

    #[test]
    fn a_correction_of_something_gone_is_stale() {
        let ir = applied(
            "corrections:\n- feature: kill\n  event: assist\n  since: '130.0'\n  reason: r\n",
        );
        let found = stale(&ir);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, None);
        assert!(
            found[0]
                .1
                .contains("feature `kill` has no event `assist` any more"),
            "{}",
            found[0].1
        );
    }

    #[test]
    fn types_are_set_at_a_field_path_and_fields_renamed() {
        let ir = applied(
            "corrections:
- event: kill
  field: victim.id
  type: {type: integer, encoding: string}
  reason: ids are numbers
- event: kill
  rename_field: {from: victimname, to: victimName}
  reason: the docs lower-case the field
",
        );
        let Shape::Object { fields } = &ir.features[2].events[0].data.shape else {
            panic!("object");
        };
        assert_eq!(fields[0].name, "victimName");
        let Shape::Object { fields: inner } = &fields[1].value.shape else {
            panic!("object");
        };
        assert_eq!(inner[0].value.shape, Shape::Integer);
        assert_eq!(inner[0].value.encoding, Encoding::String);
        let targets: Vec<&str> = ir.overrides.iter().map(|o| o.target.as_str()).collect();
        assert_eq!(
            targets,
            [
                "kill/kill/value.victim.id/type",
                "kill/kill/value.victimname/name"
            ]
        );
        // Once upstream renames it, the rename is stale.
        let mut fixed = ir.clone();
        fixed.diagnostics.clear();
        apply(
            &mut fixed,
            &Overrides::parse("corrections:\n- event: kill\n  rename_field: {from: victimname, to: victimName}\n  reason: r\n").unwrap(),
        );
        assert!(stale(&fixed)[0]
            .1
            .contains("already names the field `victimName`"));
    }

    #[test]
    fn missing_enum_values_are_added_and_present_ones_reported() {
        let ir = applied(
            "corrections:\n- key: game_mode\n  add_values: [PL_TRIO, {value: PL_DUO, description: Duos}]\n  reason: r\n",
        );
        let Shape::Enum { values } = &ir.features[1].info_updates[0].value.shape else {
            panic!("enum");
        };
        let names: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(names, ["PL_DUO", "PL_TRIO"]);
        assert_eq!(
            ir.overrides[0].target,
            "match_info/game_mode/value/values/PL_TRIO"
        );
        assert!(stale(&ir)[0].1.contains("already lists `PL_DUO`"));
        // Values for a value that is not an enumeration do not apply.
        let ir = applied("corrections:\n- key: weapons\n  add_values: [x]\n  reason: r\n");
        assert!(stale(&ir)[0].1.contains("not an enumeration"));
    }

    #[test]
    fn a_feature_is_renamed_and_merged_into_its_other_spelling() {
        let mut ir = page();
        // The page lists `match-info` and heads its section `match_info`.
        ir.features.insert(
            1,
            feature(
                "match-info",
                vec![key("listed_only", "match_info", string())],
                vec![],
            ),
        );
        ir.features[1].line = None;
        apply(
            &mut ir,
            &Overrides::parse(
                "corrections:\n- rename_feature: {from: match-info, to: match_info}\n  reason: the list misspells the section\n",
            )
            .unwrap(),
        );
        let names: Vec<&str> = ir.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["inventory", "match_info", "kill"]);
        let keys: Vec<&str> = ir.features[1]
            .info_updates
            .iter()
            .map(|i| i.key.as_str())
            .collect();
        assert_eq!(keys, ["game_mode", "listed_only"]);
        assert_eq!(
            ir.overrides,
            [AppliedOverride {
                target: "match-info/name".into(),
                reason: "the list misspells the section".into(),
            }]
        );
        // A plain rename keeps the feature's place.
        let ir = applied("corrections:\n- rename_feature: {from: kill, to: combat}\n  reason: r\n");
        assert_eq!(ir.features[2].name, "combat");
        // Once upstream fixes the page, the rename is stale.
        let ir = applied(
            "corrections:\n- rename_feature: {from: match-info, to: match_info}\n  reason: r\n",
        );
        assert!(stale(&ir)[0].1.contains("no feature `match-info` any more"));
    }

    #[test]
    fn invalid_files_are_refused_with_the_correction_number() {
        let error = |text: &str| Overrides::parse(text).unwrap_err().to_string();
        assert!(
            error("corrections:\n- key: a\n  sinse: '1.0'\n  reason: r\n")
                .contains("unknown field `sinse`")
        );
        assert_eq!(
            error("corrections:\n- key: a\n  since: '1.0'\n  reason: r\n- key: a\n  event: b\n  since: '1.0'\n  reason: r\n"),
            "correction 2: names both a key and an event; name one"
        );
        assert_eq!(
            error("corrections:\n- key: a\n  reason: r\n"),
            "correction 1: changes nothing; set `since`, `category`, `type`, `add_values` or `rename_field`"
        );
        assert_eq!(
            error("corrections:\n- event: a\n  category: b\n  reason: r\n"),
            "correction 1: events have no `category`"
        );
        assert_eq!(
            error("corrections:\n- key: a\n  since: '1.0'\n  reason: ' '\n"),
            "correction 1: has an empty `reason`; say why the page is wrong"
        );
        assert_eq!(
            error("corrections:\n- key: a\n  rename_feature: {from: a, to: b}\n  reason: r\n"),
            "correction 1: `rename_feature` is a correction of its own; move the rest to another correction"
        );
        assert_eq!(
            error("corrections:\n- reason: r\n"),
            "correction 1: names no `key`, `event` or `rename_feature`"
        );
    }
}
