//! TypeScript declarations as data, and the one printer that lays them out.
//!
//! Emitters build [`Decl`]s from [`Type`]s and [`Member`]s; only this module decides where a
//! line breaks, the way prettier breaks it, so `prettier --check` passes on the output without
//! running prettier. Text inside a [`Type::Text`] or a member head is already escaped by the
//! emitter ([`super::ts_string`], [`super::property_name`]).

/// The width prettier lays lines out to (its default `printWidth`).
pub(crate) const WIDTH: usize = 80;

/// A declaration of a named type.
pub(crate) enum Decl {
    /// `export type Name = T;`
    Alias {
        doc: Vec<String>,
        name: String,
        ty: Type,
    },
    /// `export interface Name extends Base { members }`
    Interface {
        doc: Vec<String>,
        name: String,
        base: Option<&'static str>,
        members: Vec<Member>,
    },
}

/// A member of an interface or of an object type: its doc, its head (`name?:`,
/// `[key: string]:`) and its type.
pub(crate) struct Member {
    pub doc: Vec<String>,
    pub head: String,
    pub ty: Type,
}

/// A type expression.
pub(crate) enum Type {
    /// Written as it is, never broken: a keyword, a name, a string literal.
    Text(String),
    /// `A | B`: on the line when it fits, else one `| member` per line.
    Union(Vec<Type>),
    /// `T[]`, `(A | B)[]`.
    Array(Box<Type>),
    /// `{ members }`, always over lines: prettier keeps an object type expanded when its first
    /// member starts a line.
    Object(Vec<Member>),
    /// `Name<A, B>`, its arguments one per line when a union member does not fit.
    Generic { name: &'static str, args: Vec<Type> },
}

impl Type {
    pub fn text(text: impl Into<String>) -> Self {
        Type::Text(text.into())
    }

    /// A union of texts, as written (a single text stays a one-member union).
    pub fn union_of(members: Vec<String>) -> Self {
        Type::Union(members.into_iter().map(Type::Text).collect())
    }

    /// `self | null`, flattened into `self` when it is a union already.
    pub fn or_null(self) -> Self {
        let mut members = match self {
            Type::Union(members) => members,
            other => vec![other],
        };
        members.push(Type::text("null"));
        Type::Union(members)
    }

    /// The type on one line, or `None` when it holds an object type.
    fn flat(&self) -> Option<String> {
        Some(match self {
            Type::Text(text) => text.clone(),
            Type::Union(members) => join(members.iter().map(Type::flat).collect::<Option<_>>()?),
            Type::Array(item) => array_of(item, item.flat()?),
            Type::Object(_) => return None,
            Type::Generic { name, args } => {
                let args: Option<Vec<String>> = args.iter().map(Type::flat).collect();
                format!("{name}<{}>", args?.join(", "))
            }
        })
    }

    /// The type starting on a line indented by `indent`; object types span lines.
    fn print(&self, indent: usize) -> String {
        match self {
            Type::Text(text) => text.clone(),
            Type::Union(members) => join(members.iter().map(|m| m.print(indent)).collect()),
            Type::Array(item) => array_of(item, item.print(indent)),
            Type::Object(members) => {
                let mut out = "{\n".to_string();
                for member in members {
                    member.print(indent + 2, &mut out);
                }
                out.push_str(&" ".repeat(indent));
                out.push('}');
                out
            }
            Type::Generic { name, args } => {
                let args: Vec<String> = args.iter().map(|a| a.print(indent)).collect();
                format!("{name}<{}>", args.join(", "))
            }
        }
    }

    /// `| T` as a line of a broken union at `indent`: a generic whose line is too long puts
    /// each argument on its own line.
    fn union_line(&self, indent: usize) -> String {
        let pad = " ".repeat(indent);
        let Some(flat) = self.flat() else {
            return format!("{pad}| {}", self.print(indent));
        };
        let line = format!("{pad}| {flat}");
        let Type::Generic { name, args } = self else {
            return line;
        };
        if width(&line) <= WIDTH {
            return line;
        }
        let arg_pad = " ".repeat(indent + 4);
        let args: Vec<String> = (args.iter())
            .map(|arg| format!("{arg_pad}{}", arg.print(indent + 4)))
            .collect();
        format!("{pad}| {name}<\n{}\n{pad}  >", args.join(",\n"))
    }
}

fn join(members: Vec<String>) -> String {
    members.join(" | ")
}

fn array_of(item: &Type, text: String) -> String {
    match item {
        Type::Union(_) => format!("({text})[]"),
        _ => format!("{text}[]"),
    }
}

/// Whether the head of a union is a type alias (`type X =`) or a member (`key?:`): a lone
/// type after `=` moves to the next line when too long, after `:` it never does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Head {
    Alias,
    Member,
}

/// `head T;` on one line when it fits; else, when it is flat, the type on its own indented
/// line; else a union one `| member` per line. An object type starts on the head's line.
fn typed_line(indent: usize, head: &str, kind: Head, ty: &Type) -> String {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 2);
    let Some(flat) = ty.flat() else {
        return match ty {
            Type::Union(members) if kind == Head::Alias => broken_union(head, indent, members),
            _ => format!("{pad}{head} {};\n", ty.print(indent)),
        };
    };
    let members = match ty {
        Type::Union(members) => members.len(),
        _ => 1,
    };
    let one_line = format!("{pad}{head} {flat};");
    if width(&one_line) <= WIDTH || (members == 1 && kind == Head::Member) {
        return one_line + "\n";
    }
    let second = format!("{inner}{flat};");
    match ty {
        Type::Union(list) if members > 1 && width(&second) > WIDTH => {
            broken_union(head, indent, list)
        }
        _ => format!("{pad}{head}\n{second}\n"),
    }
}

fn broken_union(head: &str, indent: usize, members: &[Type]) -> String {
    let pad = " ".repeat(indent);
    let lines: Vec<String> = members.iter().map(|m| m.union_line(indent + 2)).collect();
    format!("{pad}{head}\n{};\n", lines.join("\n"))
}

impl Member {
    pub fn new(head: impl Into<String>, ty: Type) -> Self {
        Member {
            doc: Vec::new(),
            head: head.into(),
            ty,
        }
    }

    fn print(&self, indent: usize, out: &mut String) {
        let Member { doc, head, ty } = self;
        out.push_str(&doc_comment(doc, indent));
        out.push_str(&typed_line(indent, head, Head::Member, ty));
    }
}

impl Decl {
    pub fn print(&self) -> String {
        match self {
            Decl::Alias { doc, name, ty } => {
                let mut block = doc_comment(doc, 0);
                let head = format!("export type {name} =");
                block.push_str(&typed_line(0, &head, Head::Alias, ty));
                block
            }
            Decl::Interface {
                doc,
                name,
                base,
                members,
            } => {
                let mut block = doc_comment(doc, 0);
                block.push_str(&interface_head(name, *base));
                for member in members {
                    member.print(2, &mut block);
                }
                block.push_str("}\n");
                block
            }
        }
    }
}

/// `export interface Name extends Base {`, with `extends` on its own line when too long.
fn interface_head(name: &str, base: Option<&str>) -> String {
    match base {
        None => format!("export interface {name} {{\n"),
        Some(base) => {
            let line = format!("export interface {name} extends {base} {{");
            if width(&line) <= WIDTH {
                line + "\n"
            } else {
                format!("export interface {name}\n  extends {base} {{\n")
            }
        }
    }
}

/// A `/** */` doc comment at `indent`, one line when it fits; empty for an empty text. The
/// lines come from [`super::comment_lines`], which escapes them.
pub(crate) fn doc_comment(lines: &[String], indent: usize) -> String {
    let pad = " ".repeat(indent);
    match lines {
        [] => String::new(),
        [line] if width(&pad) + width(line) + 7 <= WIDTH && !line.starts_with('*') => {
            format!("{pad}/** {line} */\n")
        }
        _ => {
            let mut out = format!("{pad}/**\n");
            for line in lines {
                if line.is_empty() {
                    out.push_str(&format!("{pad} *\n"));
                } else {
                    out.push_str(&format!("{pad} * {line}\n"));
                }
            }
            out.push_str(&format!("{pad} */\n"));
            out
        }
    }
}

/// Display width as prettier measures it: wide East Asian characters and emoji count two,
/// combining marks none.
pub(crate) fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x0300..=0x036f | 0x200b..=0x200f | 0xfe00..=0xfe0f => 0,
            0x1100..=0x115f
            | 0x2e80..=0xa4cf
            | 0xac00..=0xd7a3
            | 0xf900..=0xfaff
            | 0xfe30..=0xfe4f
            | 0xff00..=0xff60
            | 0xffe0..=0xffe6
            | 0x1f300..=0x1f64f
            | 0x1f900..=0x1f9ff
            | 0x20000..=0x3fffd => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(ty: Type) -> String {
        Decl::Alias {
            doc: Vec::new(),
            name: "X".into(),
            ty,
        }
        .print()
    }

    #[test]
    fn unions_break_like_prettier() {
        let short = Type::union_of(vec!["\"a\"".into(), "\"b\"".into()]);
        assert_eq!(alias(short), "export type X = \"a\" | \"b\";\n");
        let long = Type::union_of((0..12).map(|i| format!("\"value_{i}\"")).collect());
        let text = alias(long);
        assert!(
            text.starts_with("export type X =\n  | \"value_0\"\n"),
            "{text}"
        );
        assert!(text.ends_with("  | \"value_11\";\n"), "{text}");
    }

    #[test]
    fn a_lone_long_type_moves_to_the_next_line_after_equals_only() {
        let name = "A".repeat(70);
        assert_eq!(
            alias(Type::text(name.clone())),
            format!("export type X =\n  {name};\n")
        );
        let member = Member::new("field?:", Type::text(name.clone()));
        let mut out = String::new();
        member.print(2, &mut out);
        assert_eq!(out, format!("  field?: {name};\n"));
    }

    #[test]
    fn generics_that_do_not_fit_break_their_arguments() {
        let generic = |key: &str| Type::Generic {
            name: "Info",
            args: vec![Type::text(format!("\"{key}\"")), Type::text("string")],
        };
        let long = "k".repeat(80);
        let text = alias(Type::Union(vec![generic("a"), generic(&long)]));
        assert_eq!(
            text,
            format!(
                "export type X =\n  | Info<\"a\", string>\n  | Info<\n      \"{long}\",\n      string\n    >;\n"
            )
        );
    }

    #[test]
    fn objects_span_lines_and_nullable_unions_flatten() {
        let map = Type::Object(vec![Member::new(
            "[key: string]:",
            Type::union_of(vec!["\"a\"".into(), "\"b\"".into()]).or_null(),
        )]);
        assert_eq!(
            alias(Type::Array(Box::new(map))),
            "export type X = {\n  [key: string]: \"a\" | \"b\" | null;\n}[];\n"
        );
        assert_eq!(
            alias(Type::Array(Box::new(Type::text("string").or_null()))),
            "export type X = (string | null)[];\n"
        );
    }
}
