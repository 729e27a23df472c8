//! The TypeScript emitter without Node: hostile doc text stays in comments and string
//! literals, the output is deterministic, and the package declares what an app imports.
//! (`node_checks` runs tsc, ajv and prettier over the same output.)

mod common;
mod emit_support;

use emit_support::{fixture_irs, hostile_ir};
use gepgen::emit::ts::generate;

/// The code of a TypeScript file with comments removed and string, template and character
/// literals emptied: what is left is what tsc would execute or declare.
fn code_only(text: &str) -> String {
    let mut code = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        code.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
                code.push(' ');
            }
            '"' | '\'' | '`' => {
                while let Some(next) = chars.next() {
                    match next {
                        '\\' => {
                            chars.next();
                        }
                        next if next == c => break,
                        _ => {}
                    }
                }
                code.push_str("\"\"");
            }
            c => code.push(c),
        }
    }
    code
}

#[test]
fn hostile_text_stays_in_comments_and_strings() {
    let files = generate(&[hostile_ir()]).expect("the hostile page generates");
    let module = files
        .iter()
        .find(|f| f.path == "generated/ts/hostile.d.ts")
        .expect("a module for the hostile page");
    assert!(
        module.contents.contains("injected_one"),
        "the hostile text is documented"
    );
    for file in &files {
        let code = code_only(&file.contents);
        for word in ["injected_", "alert(", "</script>", "#[cfg", "#!["] {
            assert!(
                !code.contains(word),
                "{}: `{word}` outside comments and strings:\n{code}",
                file.path
            );
        }
    }
    // The keys that are keywords or not identifiers are quoted or safe as property names.
    assert!(module.contents.contains("type?:"), "{}", module.contents);
    assert!(module.contents.contains("break?:"));
    assert!(module.contents.contains("\"2kill\"?:"));
    assert!(module.contents.contains("\"match-state\""));
}

#[test]
fn output_is_deterministic_and_names_every_game() {
    let irs = fixture_irs();
    let first = generate(&irs).unwrap();
    assert_eq!(first, generate(&irs).unwrap());
    let index = first
        .iter()
        .find(|f| f.path == "generated/ts/index.d.ts")
        .unwrap();
    assert!(index
        .contents
        .contains("export * as ApexMini from \"./apex-mini.js\";"));
    assert!(index
        .contents
        .contains("export * as Hostile from \"./hostile.js\";"));
    let package = first
        .iter()
        .find(|f| f.path == "generated/ts/package.json")
        .unwrap();
    let package: serde_json::Value = serde_json::from_str(&package.contents).unwrap();
    assert_eq!(package["types"], "./index.d.ts");
    assert!(package["peerDependencies"]["@overwolf/types"].is_string());
    let mini = first
        .iter()
        .find(|f| f.path == "generated/ts/apex-mini.d.ts")
        .unwrap();
    assert!(
        mini.contents.contains("[key: `roster_${number}`]:"),
        "{}",
        mini.contents
    );
    assert!(mini.contents.contains("export type InfoUpdates2Event ="));
}
