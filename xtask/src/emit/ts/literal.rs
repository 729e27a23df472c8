//! JavaScript literals as data, and the one printer that lays them out as prettier does: the
//! doc examples of `test/<slug>.examples.ts` and the decoder tables of `<slug>.js`.

use serde_json::Value;

use super::decl::{width, WIDTH};
use super::{property_name, ts_string};

/// A literal value.
pub(crate) enum Literal {
    /// A string literal (escaped) or `null`: after a long property name prettier moves these
    /// to the next line when they do not fit.
    Text(String),
    /// A number, as prettier prints it; arrays of numbers fill their lines.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    Array(Vec<Literal>),
    /// Members by property name (already a valid property name, quoted when needed).
    /// `expanded` keeps it over lines even when it fits: prettier keeps an object expanded
    /// when its first member starts a line.
    Object {
        members: Vec<(String, Literal)>,
        expanded: bool,
    },
}

impl Literal {
    pub fn string(text: &str) -> Self {
        Literal::Text(ts_string(text))
    }

    pub fn null() -> Self {
        Literal::Text("null".into())
    }

    /// An object kept on one line when it fits.
    pub fn object<'n>(members: impl IntoIterator<Item = (&'n str, Literal)>) -> Self {
        Literal::Object {
            members: (members.into_iter())
                .map(|(name, value)| (property_name(name), value))
                .collect(),
            expanded: false,
        }
    }

    /// An object laid out one member per line.
    pub fn expanded(self) -> Self {
        match self {
            Literal::Object { members, .. } => Literal::Object {
                members,
                expanded: true,
            },
            other => other,
        }
    }

    /// A JSON value as written in a doc example: its objects expanded.
    pub fn from_json(value: &Value) -> Self {
        match value {
            Value::Object(map) => Literal::Object {
                members: (map.iter())
                    .map(|(key, item)| (property_name(key), Literal::from_json(item)))
                    .collect(),
                expanded: true,
            },
            Value::Array(items) => Literal::Array(items.iter().map(Literal::from_json).collect()),
            Value::String(text) => Literal::string(text),
            Value::Number(number) => Literal::Number(prettier_number(&number.to_string())),
            Value::Bool(b) => Literal::Bool(*b),
            Value::Null => Literal::null(),
        }
    }

    /// The literal on one line, whatever its width.
    pub fn one_line(&self) -> String {
        match self {
            Literal::Text(text) | Literal::Number(text) => text.clone(),
            Literal::Bool(b) => b.to_string(),
            Literal::Array(items) => {
                let items: Vec<String> = items.iter().map(Literal::one_line).collect();
                format!("[{}]", items.join(", "))
            }
            Literal::Object { members, .. } if members.is_empty() => "{}".into(),
            Literal::Object { members, .. } => {
                let members: Vec<String> = (members.iter())
                    .map(|(name, value)| format!("{name}: {}", value.one_line()))
                    .collect();
                format!("{{ {} }}", members.join(", "))
            }
        }
    }

    /// Whether this literal, or one inside it, cannot stay on one line: an expanded object,
    /// or an array of several objects or arrays that each hold more than one entry (prettier
    /// breaks those even where they fit).
    fn breaks(&self) -> bool {
        match self {
            Literal::Text(_) | Literal::Number(_) | Literal::Bool(_) => false,
            Literal::Object { members, expanded } => {
                (*expanded && !members.is_empty()) || members.iter().any(|(_, v)| v.breaks())
            }
            Literal::Array(items) => {
                let big_array = |l: &Literal| matches!(l, Literal::Array(items) if items.len() > 1);
                let big_object =
                    |l: &Literal| matches!(l, Literal::Object { members, .. } if members.len() > 1);
                let matrix = items.len() > 1
                    && (items.iter().all(big_array) || items.iter().all(big_object));
                matrix || items.iter().any(Literal::breaks)
            }
        }
    }

    /// The literal at `indent`, after `column` characters of its line, followed by `trailer`
    /// characters (`,` or `;`).
    pub fn print(&self, indent: usize, column: usize, trailer: usize) -> String {
        let empty = match self {
            Literal::Array(items) => items.is_empty(),
            Literal::Object { members, .. } => members.is_empty(),
            _ => false,
        };
        if empty {
            return self.one_line();
        }
        if !self.breaks() {
            let flat = self.one_line();
            if column + width(&flat) + trailer <= WIDTH {
                return flat;
            }
        }
        let pad = " ".repeat(indent + 2);
        let mut out = String::new();
        match self {
            Literal::Array(items) if items.iter().all(|i| matches!(i, Literal::Number(_))) => {
                // Numbers fill the lines.
                out.push_str(&format!("[\n{pad}"));
                let mut col = indent + 2;
                for (i, item) in items.iter().enumerate() {
                    let text = format!("{},", item.one_line());
                    if i > 0 {
                        if col + 1 + width(&text) <= WIDTH {
                            out.push(' ');
                            col += 1;
                        } else {
                            out.push_str(&format!("\n{pad}"));
                            col = indent + 2;
                        }
                    }
                    out.push_str(&text);
                    col += width(&text);
                }
                out.push('\n');
            }
            Literal::Array(items) => {
                out.push_str("[\n");
                for item in items {
                    let text = item.print(indent + 2, indent + 2, 1);
                    out.push_str(&format!("{pad}{text},\n"));
                }
            }
            Literal::Object { members, .. } => {
                out.push_str("{\n");
                for (name, value) in members {
                    let start = indent + 2 + width(name) + 2;
                    let text = value.print(indent + 2, start, 1);
                    let breaks_after_colon = matches!(value, Literal::Text(_))
                        && width(name) >= 5
                        && start + width(&text) + 1 > WIDTH;
                    if breaks_after_colon {
                        out.push_str(&format!("{pad}{name}:\n{pad}  {text},\n"));
                    } else {
                        out.push_str(&format!("{pad}{name}: {text},\n"));
                    }
                }
            }
            Literal::Text(_) | Literal::Number(_) | Literal::Bool(_) => return self.one_line(),
        }
        out.push_str(&" ".repeat(indent));
        out.push(match self {
            Literal::Object { .. } => '}',
            _ => ']',
        });
        out
    }
}

/// A number literal as prettier prints it: lowercase, no `+` or leading zeros in the
/// exponent, no trailing zeros after the first decimal, no trailing dot.
pub fn prettier_number(raw: &str) -> String {
    let lower = raw.to_lowercase();
    let (mantissa, exponent) = match lower.split_once('e') {
        Some((m, e)) => {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ("-", d),
                None => ("", e.strip_prefix('+').unwrap_or(e)),
            };
            let digits = digits.trim_start_matches('0');
            if digits.is_empty() {
                (m.to_string(), String::new())
            } else {
                (m.to_string(), format!("e{sign}{digits}"))
            }
        }
        None => (lower, String::new()),
    };
    let mut mantissa = match mantissa.strip_prefix('.') {
        Some(rest) => format!("0.{rest}"),
        None => mantissa.replacen("-.", "-0.", 1),
    };
    if let Some(dot) = mantissa.find('.') {
        let keep = dot + 2;
        while mantissa.len() > keep && mantissa.ends_with('0') {
            mantissa.pop();
        }
        if mantissa.ends_with('.') {
            mantissa.pop();
        }
    }
    mantissa + &exponent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_prettier() {
        assert_eq!(prettier_number("1.0"), "1.0");
        assert_eq!(prettier_number("1.50"), "1.5");
        assert_eq!(prettier_number("1E+21"), "1e21");
        assert_eq!(prettier_number("2e-07"), "2e-7");
        assert_eq!(prettier_number("5e0"), "5");
        assert_eq!(prettier_number("-3"), "-3");
    }

    #[test]
    fn doc_objects_stay_expanded_and_tables_fold_when_they_fit() {
        let example = Literal::from_json(&serde_json::json!({"a": [1, 2], "b": {}}));
        assert_eq!(example.print(0, 0, 0), "{\n  a: [1, 2],\n  b: {},\n}");
        let table = Literal::object([("map", Literal::string("x")), ("n", Literal::null())]);
        assert_eq!(table.print(0, 0, 0), "{ map: \"x\", n: null }");
    }

    #[test]
    fn arrays_of_several_big_rows_break_even_when_they_fit() {
        let row = || Literal::Array(vec![Literal::string("a"), Literal::string("b")]);
        let rows = Literal::Array(vec![row(), row()]);
        assert_eq!(
            rows.print(0, 0, 0),
            "[\n  [\"a\", \"b\"],\n  [\"a\", \"b\"],\n]"
        );
        let one = Literal::Array(vec![row()]);
        assert_eq!(one.print(0, 0, 0), "[[\"a\", \"b\"]]");
    }

    #[test]
    fn numbers_fill_their_lines_and_long_strings_move_after_the_colon() {
        let numbers = Literal::Array(
            (0..30)
                .map(|i| Literal::Number(format!("{}", 1000 + i)))
                .collect(),
        );
        let text = numbers.print(0, 0, 0);
        assert!(text.starts_with("[\n  1000, 1001, "), "{text}");
        assert_eq!(text.lines().count(), 5, "{text}");
        let long = "x".repeat(75);
        let object = Literal::from_json(&serde_json::json!({ "field": long }));
        assert_eq!(
            object.print(0, 0, 0),
            format!("{{\n  field:\n    \"{long}\",\n}}")
        );
    }
}
