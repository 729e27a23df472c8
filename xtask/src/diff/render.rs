//! The review as people read it: Markdown, and one line per change.

use std::fmt::Write;

use crate::ir::{Encoding, Format, Shape, ValueType};

use super::{
    normalise, Bump, Change, ChangeKind, Class, Counts, Diff, EntryKind, Release, Side, Subject,
};

/// A compact description of a type: `integer`, `enum(a | b)`, `{name: string, id?: integer}`,
/// `[string]`, with `in a string` for a string-encoded value and `or null` for a nullable one.
pub fn describe_type(value: &ValueType) -> String {
    let mut text = describe_shape(&value.shape);
    if value.encoding == Encoding::String && !matches!(value.shape, Shape::Null | Shape::Any) {
        text.push_str(" in a string");
    }
    if value.nullable && !matches!(value.shape, Shape::Null | Shape::Any) {
        text.push_str(" or null");
    }
    text
}

fn describe_shape(shape: &Shape) -> String {
    const SHOWN: usize = 5;
    match shape {
        Shape::Any => "any".to_owned(),
        Shape::Null => "null".to_owned(),
        Shape::Boolean => "boolean".to_owned(),
        Shape::Integer => "integer".to_owned(),
        Shape::Float => "number".to_owned(),
        Shape::String => "string".to_owned(),
        Shape::Enum { values } => {
            let mut shown: Vec<&str> = values
                .iter()
                .take(SHOWN)
                .map(|v| v.value.as_str())
                .collect();
            let more = values.len().saturating_sub(SHOWN);
            let more = format!("+{more}");
            if values.len() > SHOWN {
                shown.push(&more);
            }
            format!("enum({})", shown.join(" | "))
        }
        Shape::Object { fields } => {
            let mut shown: Vec<String> = fields
                .iter()
                .take(SHOWN)
                .map(|f| {
                    let optional = if f.optional { "?" } else { "" };
                    format!("{}{optional}: {}", f.name, describe_type(&f.value))
                })
                .collect();
            if fields.len() > SHOWN {
                shown.push(format!("+{} fields", fields.len() - SHOWN));
            }
            format!("{{{}}}", shown.join(", "))
        }
        Shape::Array { items } => format!("[{}]", describe_type(items)),
        Shape::Map { values } => format!("{{[key]: {}}}", describe_type(values)),
    }
}

/// The review as Markdown: the summary line, then breaking, additive and cosmetic changes
/// grouped by feature, then the release advice.
pub fn render_markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", diff.summary_line());
    let side = |s: &Side| {
        let id = s
            .game
            .id
            .map_or(String::new(), |id| format!(", game id {id}"));
        format!("{} ({}{id})", code(&s.path), format_word(s.format))
    };
    let _ = writeln!(
        out,
        "- old: {}\n- new: {}",
        side(&diff.old),
        side(&diff.new)
    );
    for class in Class::ALL {
        let changes: Vec<&Change> = diff.changes.iter().filter(|c| c.class == class).collect();
        if changes.is_empty() {
            continue;
        }
        let (title, blurb) = match class {
            Class::Breaking => ("Breaking", "A consumer's code or data can stop working."),
            Class::Additive => (
                "Additive",
                "New things; existing code and data keep working.",
            ),
            Class::Cosmetic => (
                "Cosmetic",
                "Documentation only: wording, notes, examples, versions.",
            ),
        };
        let _ = writeln!(out, "\n## {title} ({})\n\n{blurb}", changes.len());
        let mut features: Vec<&str> = Vec::new();
        for change in &changes {
            if !features.contains(&change.feature.as_str()) {
                features.push(&change.feature);
            }
        }
        for feature in features {
            // A change of the whole page belongs to no feature.
            let heading = if feature.is_empty() {
                "the whole page".to_owned()
            } else {
                code(feature)
            };
            let _ = writeln!(out, "\n### {heading}\n");
            for change in changes.iter().filter(|c| c.feature == feature) {
                let _ = writeln!(out, "- {}", describe_change(change));
            }
        }
    }
    let _ = writeln!(out, "\n## Release\n");
    let _ = writeln!(out, "{}", release_advice(&diff.release, diff.counts));
    out
}

/// The docs format as the report names it.
fn format_word(format: Format) -> &'static str {
    match format {
        Format::Markdown => "markdown",
        Format::Mdx => "mdx",
        Format::Text => "text",
    }
}

/// The release paragraph: the bump and why, and the versions when known.
pub fn release_advice(release: &Release, counts: Counts) -> String {
    let reason = match release.bump {
        Bump::None => return "Nothing changed for consumers: no release needed.".to_owned(),
        Bump::Major => format!("{} breaking", counts.breaking),
        Bump::Minor => format!("{} additive", counts.additive),
        Bump::Patch => format!("{} cosmetic", counts.cosmetic),
    };
    let mut text = format!(
        "Semver: **{}** ({reason}; breaking → major, additive → minor, cosmetic → patch).",
        release.bump.as_str()
    );
    for (name, step) in [
        ("generated crate", &release.crate_version),
        ("npm package", &release.npm_version),
    ] {
        if let Some(step) = step {
            let _ = write!(
                text,
                "\n- {name}: {} → **{}**",
                code(&step.current),
                step.next
            );
            if step.current.starts_with("0.") {
                text.push_str(" (below 1.0, cargo and npm treat the minor as the breaking place)");
            }
        }
    }
    text
}

/// Changes of the value (as opposed to the entry's documentation or place).
fn is_about_value(kind: ChangeKind) -> bool {
    matches!(
        kind,
        ChangeKind::TypeChanged
            | ChangeKind::TypeLearned
            | ChangeKind::ValuesListed
            | ChangeKind::TypeNoLongerShown
            | ChangeKind::TypeRestated
            | ChangeKind::EncodingChanged
            | ChangeKind::EncodingLearned
            | ChangeKind::EncodingNotShown
            | ChangeKind::NullableChanged
            | ChangeKind::FieldNullableChanged
            | ChangeKind::FieldAdded
            | ChangeKind::FieldRemoved
            | ChangeKind::FieldNoLongerShown
            | ChangeKind::FieldOptionalChanged
            | ChangeKind::EnumValueAdded
            | ChangeKind::EnumValueRemoved
            | ChangeKind::EnumValueDescriptionChanged
            | ChangeKind::EnumValueRespelled
            | ChangeKind::EnumValuesRecased
    )
}

/// One bullet: what changed, old → new, and why it has its class.
pub fn describe_change(change: &Change) -> String {
    let subject = describe_subject(&change.subject, is_about_value(change.kind));
    let (old, new) = excerpts(change.old.as_deref(), change.new.as_deref());
    let mut line = match change.kind {
        ChangeKind::PageRewritten | ChangeKind::TemplateReplaced => format!(
            "{subject} rewritten: {} ({})",
            old.unwrap_or_default(),
            new.unwrap_or_default()
        ),
        ChangeKind::FeatureAdded => format!(
            "feature {} added ({})",
            code(&change.subject.name),
            new.unwrap_or_default()
        ),
        ChangeKind::FeatureRemoved => format!(
            "feature {} removed ({})",
            code(&change.subject.name),
            old.unwrap_or_default()
        ),
        ChangeKind::KeyAdded | ChangeKind::EventAdded => {
            let detail = new.map(|n| format!(" ({n})")).unwrap_or_default();
            format!("{subject} added{detail}")
        }
        ChangeKind::KeyRemoved | ChangeKind::EventRemoved => {
            let detail = old.map(|o| format!(" ({o})")).unwrap_or_default();
            format!("{subject} removed{detail}")
        }
        ChangeKind::KeyMoved | ChangeKind::EventMoved => format!(
            "{subject} moved from feature {} to {}",
            code(&old.unwrap_or_default()),
            code(&new.unwrap_or_default())
        ),
        ChangeKind::KeyRenamed => format!(
            "key {} renamed to {}",
            code(&old.unwrap_or_default()),
            code(&new.unwrap_or_default())
        ),
        ChangeKind::KeyBecameEvent => format!(
            "key {} now documented as event {}",
            code(&old.unwrap_or_default()),
            code(&new.unwrap_or_default())
        ),
        ChangeKind::EventBecameKey => format!(
            "event {} now documented as key {}",
            code(&old.unwrap_or_default()),
            code(&new.unwrap_or_default())
        ),
        ChangeKind::FeatureHeadingLost => format!(
            "{subject}: heading lost ({}; {})",
            old.unwrap_or_default(),
            new.unwrap_or_default()
        ),
        ChangeKind::EnumValuesRecased => format!(
            "{subject}: enum values written in another case: {} → {}",
            code(&old.unwrap_or_default()),
            code(&new.unwrap_or_default())
        ),
        ChangeKind::FieldAdded => format!("{subject} added: {}", code(&new.unwrap_or_default())),
        ChangeKind::FieldRemoved => {
            format!("{subject} removed (was {})", code(&old.unwrap_or_default()))
        }
        ChangeKind::FieldNoLongerShown => format!(
            "{subject} no longer shown (was {}; the examples are excerpts)",
            code(&old.unwrap_or_default())
        ),
        ChangeKind::EnumValueAdded => format!(
            "{subject}: enum value {} added",
            code(&new.unwrap_or_default())
        ),
        ChangeKind::EnumValueRemoved => format!(
            "{subject}: enum value {} removed",
            code(&old.unwrap_or_default())
        ),
        ChangeKind::TypeNoLongerShown => format!(
            "{subject}: type no longer shown (was {}, now the fallback {})",
            code(&old.unwrap_or_default()),
            code(&new.unwrap_or_default())
        ),
        ChangeKind::PossibleValueAdded => format!(
            "{subject}: listed value {} added",
            code(&new.unwrap_or_default())
        ),
        ChangeKind::PossibleValueRemoved => format!(
            "{subject}: listed value {} removed",
            code(&old.unwrap_or_default())
        ),
        kind => {
            let what = kind.aspect();
            let show = |v: Option<String>| v.map_or_else(|| "(none)".to_owned(), |v| code(&v));
            format!("{subject}: {what} {} → {}", show(old), show(new))
        }
    };
    if let Some(why) = &change.why {
        let told = matches!(
            change.kind,
            ChangeKind::SinceChanged | ChangeKind::FeatureHeadingLost
        );
        if change.class != Class::Cosmetic || told {
            let _ = write!(line, ". {}", upper_first(why));
        }
    }
    line
}

/// `key `roster_XX``, `event `kill``, `event `kill` data field `victimName``.
pub fn describe_subject(subject: &Subject, value: bool) -> String {
    let mut text = match subject.entry {
        EntryKind::Page => format!("page {}", code(&subject.name)),
        EntryKind::Feature => format!("feature {}", code(&subject.name)),
        EntryKind::Key => format!("key {}", code(&subject.name)),
        EntryKind::Event if value => format!("event {} data", code(&subject.name)),
        EntryKind::Event => format!("event {}", code(&subject.name)),
    };
    if !subject.path.is_empty() {
        let path = subject.path.join(".").replace(".[]", "[]");
        let _ = write!(text, " field {}", code(&path));
    }
    text
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// At most this many characters of a text in a bullet; the JSON report keeps the full text.
const SHOWN_CHARS: usize = 100;
/// Unchanged words shown around the part of a long text that changed.
const CONTEXT_CHARS: usize = 24;

/// Both texts, one line each, cut to the part that differs when they are long: the common
/// beginning and end are replaced by `…` but for a little context.
fn excerpts(old: Option<&str>, new: Option<&str>) -> (Option<String>, Option<String>) {
    let (Some(old), Some(new)) = (old, new) else {
        return (old.map(clip), new.map(clip));
    };
    let (old, new) = (normalise(old), normalise(new));
    if old.chars().count() <= SHOWN_CHARS && new.chars().count() <= SHOWN_CHARS {
        return (Some(old), Some(new));
    }
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |chars: &[char]| {
        let start = prefix.saturating_sub(CONTEXT_CHARS);
        let end = (chars.len() - suffix + CONTEXT_CHARS).min(chars.len());
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.extend(&chars[start..end]);
        let mut text = clip(&text);
        if end < chars.len() && !text.ends_with('…') {
            text.push('…');
        }
        text
    };
    (Some(cut(&a)), Some(cut(&b)))
}

fn clip(text: &str) -> String {
    let text = normalise(text);
    if text.chars().count() <= SHOWN_CHARS {
        text
    } else {
        let mut clipped: String = text.chars().take(SHOWN_CHARS - 1).collect();
        clipped.push('…');
        clipped
    }
}

/// A Markdown code span that survives backticks and line breaks in the text.
pub fn code(text: &str) -> String {
    let text = normalise(text);
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{diff, ReleaseVersion};
    use crate::test_support::*;

    #[test]
    fn markdown_opens_with_the_summary_and_puts_breaking_first() {
        let old = ir(
            "apex-legends",
            Some(21566),
            vec![feature(
                "match_info",
                vec![key("tabs", "match_info", string())],
                vec![event("kill", object(&[("victimName", string())]))],
            )],
        );
        let mut changed = key("tabs", "match_info", string());
        changed.description = "reworded".into();
        let new = ir(
            "apex-legends",
            Some(21566),
            vec![feature(
                "match_info",
                vec![changed, key("map_`id`", "match_info", string())],
                vec![event("kill", integer())],
            )],
        );
        let report = diff(&old, &new).with_versions(ReleaseVersion::parse("0.1.0"), None);
        let text = render_markdown(&report);
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            "apex-legends: 1 breaking, 1 additive, 1 cosmetic → major (crate 0.1.0 → 0.2.0)"
        );
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle} in {text}"))
        };
        assert!(at("## Breaking (1)") < at("## Additive (1)"));
        assert!(at("## Additive (1)") < at("## Cosmetic (1)"));
        // A backtick in a name does not break out of its code span.
        assert!(text.contains("- key `` map_`id` `` added"), "{text}");
    }

    #[test]
    fn long_texts_are_cut_to_the_words_that_changed() {
        let base = "word ".repeat(40);
        let (old, new) = excerpts(
            Some(&format!("{base}apples {base}")),
            Some(&format!("{base}pears {base}")),
        );
        let (old, new) = (old.unwrap(), new.unwrap());
        assert!(
            old.starts_with('…') && old.contains("apples") && old.ends_with('…'),
            "{old}"
        );
        assert!(
            new.contains("pears") && new.chars().count() <= SHOWN_CHARS + 1,
            "{new}"
        );
    }
}
