//! Typed decoding with the generated `gep` crate beside untyped parsing with
//! `serde_json::from_str::<serde_json::Value>`, on the same replay in the same run.
//!
//! The replay is every documented example of the tracked games, in the envelope an app
//! receives (`generated/rust/examples/<game>.jsonl`), repeated to about a million lines.
//! `cargo bench --bench decode`.

use std::fs;
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

type Decoder = fn(&str) -> usize;

/// Lines in the replay, roughly.
const REPLAY_LINES: usize = 1_000_000;

fn decoders() -> Vec<(&'static str, Decoder)> {
    vec![
        ("apex_legends", |line| {
            gep::apex_legends::decode(line).map_or(0, |u| u.len())
        }),
        ("dota_2", |line| {
            gep::dota_2::decode(line).map_or(0, |u| u.len())
        }),
        ("world_of_tanks", |line| {
            gep::world_of_tanks::decode(line).map_or(0, |u| u.len())
        }),
    ]
}

/// The replay: (decoder, line) pairs, the games interleaved as a recording would not be but
/// as a replay of all documented payloads is.
fn replay() -> Vec<(Decoder, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/rust/examples");
    let mut examples = Vec::new();
    for (game, decoder) in decoders() {
        let path = dir.join(format!("{game}.jsonl"));
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines().filter(|line| !line.trim().is_empty()) {
            assert!(decoder(line) > 0, "{game}: {line} does not decode");
            examples.push((decoder, line.to_owned()));
        }
    }
    let repeats = REPLAY_LINES.div_ceil(examples.len());
    let mut lines = Vec::with_capacity(examples.len() * repeats);
    for _ in 0..repeats {
        lines.extend(examples.iter().cloned());
    }
    lines
}

fn bench(c: &mut Criterion) {
    let lines = replay();
    let bytes: usize = lines.iter().map(|(_, line)| line.len()).sum();
    let mut group = c.benchmark_group("replay");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("serde_json_value", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter(|(_, line)| {
                    serde_json::from_str::<serde_json::Value>(black_box(line)).is_ok()
                })
                .count()
        })
    });
    group.bench_function("gep_typed", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|(decode, line)| decode(black_box(line)))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
