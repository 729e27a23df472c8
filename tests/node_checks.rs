//! The generated schemas and TypeScript package checked by the tools their users run, through
//! the npm project in `tests/node` (installed with `npm ci` when `node_modules` is missing):
//! ajv in strict mode compiles every schema and validates every doc example and its decoded
//! document, and rejects the mutations (wrong type, unknown feature, category or event,
//! missing envelope field); `tsc --strict` type-checks the package and its consumer tests
//! (each example `satisfies` its type, each wrong-typed twin fails under `@ts-expect-error`)
//! and `tests/node/consumer.ts`, listeners written as an app writes them;
//! `prettier --check` finds the package formatted. The tracked games are checked as committed
//! in `generated/`, the fixtures (apex-mini and the hostile page) as generated into a temp dir.

mod common;
mod emit_support;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::project_root;
use emit_support::{examples_in_envelope, fixture_irs, schema_cases, spec_irs, unplaced_examples};
use gepgen::emit::{decoded_schema, js, schema, ts};
use gepgen::ir::GameIr;
use serde_json::Value;

/// Runs a command in `tests/node`; fails the test with the tool's output when it fails.
fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(common::node_dir())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{program}` (Node.js and npm are needed): {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "`{program} {}` failed:\n{}\n{}",
        args.join(" "),
        clip_lines(&stdout),
        clip_lines(&stderr)
    );
    stdout
}

/// The tools print whole types and payloads on one line (tsc: 21 kB): a few hundred
/// characters of each line say where and what.
fn clip_lines(text: &str) -> String {
    const MAX: usize = 400;
    text.lines()
        .map(|line| {
            if line.len() <= MAX {
                return line.to_owned();
            }
            let mut end = MAX;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}… ({} bytes)", &line[..end], line.len())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs ajv over `schema_dir` with every case of `irs`; returns the examples validated per game.
fn ajv(schema_dir: &Path, irs: &[GameIr], scratch: &Path) -> Value {
    let cases: Vec<_> = irs.iter().flat_map(schema_cases).collect();
    let cases_path = scratch.join("cases.json");
    fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();
    let stdout = run(
        "node",
        &[
            "validate-schemas.mjs",
            &schema_dir.to_string_lossy(),
            &cases_path.to_string_lossy(),
        ],
    );
    let summary: Value = serde_json::from_str(stdout.trim()).expect("a JSON summary");
    // Each game's wire schema and decoded schema, every one compiled in strict mode.
    assert_eq!(summary["schemas"], 2 * irs.len(), "{summary}");
    summary["examples"].clone()
}

/// Writes the fixtures' schemas and package under `dir/generated`, with a tsconfig.
fn write_fixtures(dir: &Path) -> Vec<GameIr> {
    let irs = fixture_irs();
    let files = schema::generate(&irs)
        .unwrap()
        .into_iter()
        .chain(decoded_schema::generate(&irs).unwrap())
        .chain(ts::generate(&irs).unwrap())
        .chain(js::generate(&irs).unwrap());
    for file in files {
        let path = dir.join(&file.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, file.contents).unwrap();
    }
    let tsconfig = serde_json::json!({
        "extends": common::node_dir().join("tsconfig.json").to_string_lossy(),
        "compilerOptions": { "typeRoots": [common::node_dir().join("node_modules").to_string_lossy()] },
        "include": [dir.join("generated/ts").to_string_lossy() + "/**/*.ts"],
    });
    fs::write(dir.join("tsconfig.json"), tsconfig.to_string()).unwrap();
    irs
}

#[test]
fn ajv_validates_every_tracked_example_and_rejects_the_mutations() {
    common::install_node_packages();
    let scratch = tempfile::tempdir().unwrap();
    let irs = spec_irs();
    let examples = ajv(
        &project_root().join("generated/schema"),
        &irs,
        scratch.path(),
    );
    // Every tracked game's doc examples in their envelope, each one validated.
    let mut wrong = Vec::new();
    for ir in &irs {
        let slug = &ir.game.slug;
        let validated = examples[slug].as_u64().unwrap_or(0);
        let expected = examples_in_envelope(ir);
        if validated != expected as u64 {
            wrong.push(format!(
                "{slug}: ajv validates {validated} of the {expected} examples in an envelope; \
                 not checked: {}",
                unplaced_examples(ir)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn tsc_checks_the_package_and_every_tracked_example() {
    common::install_node_packages();
    run(
        "node",
        &[
            &common::node_bin("typescript", "bin/tsc"),
            "-p",
            "tsconfig.json",
        ],
    );
    let mut wrong = Vec::new();
    for ir in spec_irs() {
        let slug = &ir.game.slug;
        let expected = examples_in_envelope(&ir);
        let path = project_root().join(format!("generated/ts/test/{slug}.examples.ts"));
        let text = fs::read_to_string(&path).unwrap();
        let accepted = text
            .lines()
            .filter(|l| {
                l.starts_with("export const example")
                    && l.contains("Line")
                    && !l.contains("Wrong")
                    && !l.contains("Decoded")
            })
            .count();
        let rejected = text.matches("// @ts-expect-error").count();
        // Examples of a value of any type have no wrong-typed twin, and say so.
        let untyped = text.matches("no wrong-typed twin").count();
        if accepted != expected {
            wrong.push(format!(
                "{slug}: {accepted} of the {expected} examples in an envelope are type-checked; \
                 not checked: {}",
                unplaced_examples(&ir)
            ));
        }
        // Each example has a wrong-typed twin (or says it is of any type), and the envelope
        // mutations come on top.
        if expected > 0 && rejected + untyped <= expected {
            wrong.push(format!(
                "{slug}: {rejected} rejected twins and mutations, {untyped} of any type, for \
                 {expected} examples"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn prettier_finds_the_package_formatted() {
    common::install_node_packages();
    run(
        "node",
        &[
            &common::node_bin("prettier", "bin/prettier.cjs"),
            "--check",
            "../../generated/ts",
        ],
    );
}

#[test]
fn fixtures_and_the_hostile_page_pass_ajv_tsc_and_prettier() {
    common::install_node_packages();
    let scratch = tempfile::tempdir().unwrap();
    let irs = write_fixtures(scratch.path());
    let examples = ajv(
        &scratch.path().join("generated/schema"),
        &irs,
        scratch.path(),
    );
    assert_eq!(examples["apex-mini"], 10, "{examples}");
    assert_eq!(examples["hostile"], 1, "{examples}");
    let tsconfig = scratch.path().join("tsconfig.json");
    run(
        "node",
        &[
            &common::node_bin("typescript", "bin/tsc"),
            "-p",
            &tsconfig.to_string_lossy(),
        ],
    );
    let package = scratch.path().join("generated/ts");
    run(
        "node",
        &[
            &common::node_bin("prettier", "bin/prettier.cjs"),
            "--check",
            &package.to_string_lossy(),
        ],
    );
}

#[test]
fn tsc_fails_when_an_expected_error_does_not_occur() {
    common::install_node_packages();
    let scratch = tempfile::tempdir().unwrap();
    write_fixtures(scratch.path());
    // A correct payload under @ts-expect-error: the check the wrong-typed twins rely on.
    let control = "import type { ApexMini } from \"../index.js\";\n// @ts-expect-error: not wrong at all\nexport const accepted = { events: [{ name: \"death\", data: null }] } satisfies ApexMini.NewGameEvents;\n";
    fs::write(scratch.path().join("generated/ts/test/control.ts"), control).unwrap();
    let output = Command::new("node")
        .args([
            &common::node_bin("typescript", "bin/tsc"),
            "-p",
            &scratch.path().join("tsconfig.json").to_string_lossy(),
        ])
        .current_dir(common::node_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !output.status.success() && stdout.contains("TS2578") && stdout.contains("control.ts"),
        "{stdout}"
    );
}
