//! The `decode` example's program, `templates/rust/examples/decode/program.rs`, compiled and
//! tested where it is written; the generated crate's `examples/decode/main.rs` only adds the
//! table of games.

#[path = "../templates/rust/examples/decode/program.rs"]
#[macro_use]
mod program;

use program::{Decoded, Game, Options};

/// Decodes a payload, and documents as many updates as its text has `a`s.
fn alpha(line: &str) -> Result<Decoded, gep::DecodeError> {
    let updates = gep::runtime::parse(line)?;
    Ok(Decoded {
        documented: line.matches('a').count(),
        updates: vec![format!("alpha saw {}", updates.len())],
    })
}

/// As [`alpha`], with `b`s.
fn beta(line: &str) -> Result<Decoded, gep::DecodeError> {
    let updates = gep::runtime::parse(line)?;
    Ok(Decoded {
        documented: line.matches('b').count(),
        updates: vec![format!("beta saw {}", updates.len())],
    })
}

/// One JSON line naming the game, per update.
fn alpha_json(line: &str) -> Vec<String> {
    vec![format!("{{\"alpha\":{}}}", line.len())]
}

const GAMES: &[Game] = &[
    Game {
        name: "alpha",
        slug: "alpha-game",
        decode: alpha,
        decode_json: alpha_json,
    },
    Game {
        name: "beta",
        slug: "beta-game",
        decode: beta,
        decode_json: |_| vec!["{\"beta\":true}".to_owned()],
    },
];

/// The exit status, stdout and stderr of the program over `input`.
fn run(games: &[Game], game: Option<&str>, input: &str) -> (u8, String, String) {
    run_with(games, Options { game, json: false }, input)
}

fn run_with(games: &[Game], options: Options<'_>, input: &str) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = program::run(games, options, input.as_bytes(), &mut out, &mut err).unwrap();
    let text = |bytes| String::from_utf8(bytes).unwrap();
    (status, text(out), text(err))
}

#[test]
fn each_line_goes_to_the_game_that_documents_most_of_it() {
    let input = "{\"name\":\"bb\"}\n\n// a comment\n{\"name\":\"aa\"}\n{\"name\":\"ab\"}\n";
    assert_eq!(
        run(GAMES, None, input),
        (
            0,
            "1 beta: beta saw 1\n4 alpha: alpha saw 1\n5 alpha: alpha saw 1\n".to_owned(),
            String::new()
        )
    );
}

#[test]
fn a_named_game_decodes_every_line() {
    for name in ["beta", "beta-game"] {
        let (status, out, _) = run(GAMES, Some(name), "{\"name\":\"aa\"}\n");
        assert_eq!(
            (status, out.as_str()),
            (0, "1 beta: beta saw 1\n"),
            "{name}"
        );
    }
    let (status, out, err) = run(GAMES, Some("gamma"), "{\"name\":\"aa\"}\n");
    assert_eq!((status, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "unknown game \"gamma\"\nusage: decode [--json] [GAME] < payloads.jsonl\ngames: alpha, beta\n"
    );
    let (status, _, err) = run(&[], None, "");
    assert_eq!(status, 2);
    assert!(
        err.starts_with("the crate was built without any game feature"),
        "{err}"
    );
}

#[test]
fn a_line_no_game_decodes_fails_the_run_but_not_the_other_lines() {
    let (status, out, err) = run(GAMES, None, "{\"name\":\n{\"name\":\"a\"}\n");
    assert_eq!(status, 1);
    assert_eq!(out, "2 alpha: alpha saw 1\n");
    assert!(
        err.starts_with("1: error: malformed JSON at line 1"),
        "{err}"
    );
}

/// `game!` as the generated table uses it, with a game of the checked-in crate.
#[test]
fn json_lines_come_from_the_game_that_documents_most_of_each_line() {
    let input = "{\"name\":\"bb\"}\n{\"name\":\"aa\"}\n";
    let json = Options {
        game: None,
        json: true,
    };
    assert_eq!(
        run_with(GAMES, json, input),
        (
            0,
            "{\"beta\":true}\n{\"alpha\":13}\n".to_owned(),
            String::new()
        )
    );
    // A line no game reads is still one line of output (the invalid payload), and fails the run.
    let (status, out, err) = run_with(GAMES, json, "not json\n");
    assert_eq!((status, out.as_str()), (1, "{\"alpha\":8}\n"));
    assert!(err.starts_with("1: error:"), "{err}");
}

#[test]
fn the_game_macro_writes_decoded_json_lines() {
    let apex = game!(apex_legends, "apex_legends", "apex-legends");
    let lines = (apex.decode_json)(r#"{"events":[{"name":"kill","data":"3"}]}"#);
    assert_eq!(
        lines,
        [r#"{"type":"event","feature":null,"name":"kill","data":3.0}"#]
    );
    let invalid = (apex.decode_json)("{");
    let invalid: serde_json::Value = serde_json::from_str(&invalid[0]).unwrap();
    assert_eq!(
        (invalid["type"].as_str(), invalid["raw"].as_str()),
        (Some("invalid"), Some("{"))
    );
}

#[test]
fn the_game_macro_counts_documented_updates() {
    let apex = game!(apex_legends, "apex_legends", "apex-legends");
    let decoded =
        (apex.decode)(r#"{"events":[{"name":"kill","data":"3"},{"name":"new","data":1}]}"#)
            .unwrap();
    assert_eq!(decoded.documented, 1);
    assert_eq!(decoded.updates.len(), 2);
    assert_eq!(decoded.updates[0], "Event(Kill(3.0))");
    // The generated `main.rs` hands its table to this.
    let _: fn(&[Game]) -> std::process::ExitCode = program::main;
}
