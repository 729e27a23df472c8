//! The JavaScript decoders of the npm package (`generated/ts/<slug>.js`), run by Node.js:
//! the rules of docs/decoding.md case by case (`node --test`), every doc example of every
//! tracked game decoding to its typed update, an app importing the package by name
//! type-checked by `tsc --strict` under moduleResolution `nodenext` and `bundler` and run by
//! Node, and every recorded payload of `$GEPGEN_DATA/payloads` decoded with no `invalid` and
//! no throw by the decoders of its game's newest corpus page.

mod all_games;
mod common;
mod emit_support;

use std::fs;
use std::path::Path;
use std::process::Command;

use all_games::{clip, regen_tree, Failures};
use common::{node_dir, project_root};
use emit_support::{examples_in_envelope, spec_irs};
use gepgen::emit::model::{example_instances, lower_game, Envelope};
use serde_json::{json, Value};

/// Runs `program` in `dir`; the test fails with its output when it fails.
fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{program}` (Node.js is needed): {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "`{program} {}` failed:\n{}\n{}",
        args.join(" "),
        clip(&stdout, 4000),
        clip(&String::from_utf8_lossy(&output.stderr), 4000)
    );
    stdout
}

#[test]
fn every_decoding_rule_holds_in_node() {
    common::install_node_packages();
    let out = run(&node_dir(), "node", &["--test", "decode.test.mjs"]);
    assert!(out.contains("# fail 0"), "{out}");
}

#[test]
fn every_doc_example_decodes_to_its_update() {
    let scratch = tempfile::tempdir().unwrap();
    let generated = project_root().join("generated/ts");
    let mut cases = Vec::new();
    let mut expected = serde_json::Map::new();
    for ir in spec_irs() {
        let slug = &ir.game.slug;
        let model = lower_game(&ir).unwrap();
        let (instances, _) = example_instances(&model);
        for instance in instances {
            cases.push(json!({
                "slug": slug,
                "module": generated.join(format!("{slug}.js")),
                "line": instance.line,
                "envelope": match instance.envelope {
                    Envelope::Info => "info",
                    Envelope::Events => "events",
                },
                "entry": instance.entry,
                "payload": instance.payload,
                "document": instance.decoded.map(|(_, document)| document),
            }));
        }
        expected.insert(slug.clone(), json!(examples_in_envelope(&ir)));
    }
    let path = scratch.path().join("cases.json");
    fs::write(&path, serde_json::to_string(&cases).unwrap()).unwrap();
    let out = run(
        &node_dir(),
        "node",
        &["decode-examples.mjs", &path.to_string_lossy()],
    );
    let summary: Value = serde_json::from_str(out.trim()).expect("a JSON summary");
    assert_eq!(summary["failures"], json!([]), "{summary:#}");
    assert_eq!(summary["checked"], Value::Object(expected), "{summary:#}");
}

/// A project whose `node_modules` holds the package as published (the files of
/// `generated/ts`) and `@overwolf/types`.
fn consumer_project() -> tempfile::TempDir {
    common::install_node_packages();
    let dir = tempfile::tempdir().unwrap();
    let modules = dir.path().join("node_modules");
    let package = modules.join("@gepgen/overwolf-gep-types");
    fs::create_dir_all(&package).unwrap();
    for entry in fs::read_dir(project_root().join("generated/ts")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            fs::copy(&path, package.join(path.file_name().unwrap())).unwrap();
        }
    }
    symlink(
        &node_dir().join("node_modules/@overwolf"),
        &modules.join("@overwolf"),
    );
    fs::copy(
        node_dir().join("decoder-consumer.ts"),
        dir.path().join("app.ts"),
    )
    .unwrap();
    dir
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(windows)]
fn symlink(target: &Path, link: &Path) {
    std::os::windows::fs::symlink_dir(target, link).unwrap();
}

#[test]
fn an_app_importing_the_package_type_checks_with_nodenext_and_bundler_and_runs() {
    let project = consumer_project();
    for (module, resolution) in [("nodenext", "nodenext"), ("esnext", "bundler")] {
        let tsconfig = json!({
            "compilerOptions": {
                "strict": true,
                "noEmit": true,
                "target": "es2020",
                "module": module,
                "moduleResolution": resolution,
                "types": ["@overwolf/types"],
                "skipLibCheck": false,
            },
            "files": ["app.ts"],
        });
        let config = format!("tsconfig.{resolution}.json");
        fs::write(project.path().join(&config), tsconfig.to_string()).unwrap();
        run(
            project.path(),
            "node",
            &[&common::node_bin("typescript", "bin/tsc"), "-p", &config],
        );
    }
    // Node resolves the package's exports to the modules, without a bundler.
    let script = r#"
        import * as ApexLegends from "@gepgen/overwolf-gep-types/apex-legends";
        import { ApexLegends as Indexed } from "@gepgen/overwolf-gep-types";
        const [u] = ApexLegends.decode('{"events":[{"name":"kill","data":"2"}]}');
        if (Indexed.decode !== ApexLegends.decode || u.type !== "event" || u.data !== 2) {
          throw new Error(JSON.stringify(u));
        }
        console.log("ok");
    "#;
    fs::write(project.path().join("run.mjs"), script).unwrap();
    assert_eq!(run(project.path(), "node", &["run.mjs"]).trim(), "ok");
}

#[test]
fn every_recorded_payload_decodes_in_javascript_without_invalid() {
    let Some(recorded) =
        all_games::recordings("every_recorded_payload_decodes_in_javascript_without_invalid")
    else {
        return;
    };
    let mut failures = Failures::default();
    let tracked: Vec<_> = recorded.iter().map(|(game, _)| game.clone()).collect();
    let tree = regen_tree(&tracked, &Default::default(), &mut failures);
    let mut decoded = 0;
    for (game, file) in &recorded {
        if !tree.games.iter().any(|(g, _)| g.slug == game.slug) {
            continue; // regen left it out, reported under `regen`
        }
        let module = tree.path().join(format!("generated/ts/{}.js", game.slug));
        let out = run(
            &node_dir(),
            "node",
            &[
                "decode-payloads.mjs",
                &module.to_string_lossy(),
                &file.to_string_lossy(),
            ],
        );
        let summary: Value = serde_json::from_str(out.trim()).expect("a JSON summary");
        let name = file.file_name().unwrap().to_string_lossy();
        for failure in summary["failures"].as_array().into_iter().flatten() {
            failures.push(
                "payload decodes invalid in JavaScript",
                format!("payloads/{name}:{}", failure.as_str().unwrap_or_default()),
            );
        }
        decoded += summary["payloads"].as_u64().unwrap_or(0);
    }
    eprintln!(
        "js payloads: {decoded} recorded payloads of {} games",
        recorded.len()
    );
    assert!(decoded > 13_291 || std::env::var_os("GEPGEN_GAMES").is_some());
    failures.assert_none("js_payloads");
}
