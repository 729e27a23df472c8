//! The pipeline's speed as a ratio to pulldown-cmark's tokenize-only time, measured in pairs.
//!
//! `benches/pipeline.rs` times each side in its own criterion group, seconds apart; on a
//! shared machine the load changes in between and the ratio of the two medians moves by 20%
//! from run to run. Here every round times both sides back to back, so each ratio is taken
//! under the same load, and the median of the rounds' ratios is reported.
//!
//! `cargo bench --bench corpus_ratio`; the corpus is read from `../shared/corpus`.

use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "corpus/mod.rs"]
mod corpus;

// The allocator the `xtask` binary runs with, set up the same way, so the figures are the tool's.
#[global_allocator]
static GLOBAL: gepgen::allocator::Allocator = gepgen::allocator::Allocator;

const ROUNDS: usize = 31;

fn main() {
    gepgen::allocator::keep_freed_memory();
    // `cargo test --benches` runs bench targets with `--test`: one round is enough there.
    let rounds = if std::env::args().any(|a| a == "--test") {
        1
    } else {
        ROUNDS
    };
    let pages = corpus::pages();
    let inputs = corpus::inputs(&pages);
    let tokenize = || corpus::tokenize(&pages);
    let one_core = || corpus::page_by_page(&pages);
    let all_cores = || corpus::all_cores(&inputs);
    let all_cores_kept = || corpus::all_cores_kept(&inputs);
    // Warm up caches, the allocator and rayon's threads.
    for _ in 0..3.min(rounds) {
        black_box((tokenize(), one_core(), all_cores(), all_cores_kept()));
    }
    let mut times = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds {
        let sides: [&dyn Fn() -> usize; 4] = [&tokenize, &one_core, &all_cores, &all_cores_kept];
        for (side, run) in sides.into_iter().enumerate() {
            let start = Instant::now();
            black_box(run());
            times[side].push(start.elapsed());
        }
    }
    let [tokenize, one_core, all_cores, all_cores_kept] = times;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratios = |side: &[Duration]| -> Vec<f64> {
        let mut ratios: Vec<f64> = (side.iter().zip(&tokenize))
            .map(|(a, t)| a.as_secs_f64() / t.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios
    };
    let median = |mut times: Vec<Duration>| {
        times.sort();
        ms(times[times.len() / 2])
    };
    println!(
        "{} rounds over {} pages, {:.1} MB",
        rounds,
        pages.len(),
        pages.iter().map(|(_, t)| t.len()).sum::<usize>() as f64 / 1e6
    );
    println!(
        "pulldown-cmark tokenize-only, one core: median {:.1} ms",
        median(tokenize.clone())
    );
    for (name, side) in [
        ("page_to_ir, one core", one_core),
        (
            "pages_to_ir_with, all cores, each IR used and freed as built",
            all_cores,
        ),
        (
            "pages_to_ir, all cores, all IRs kept to the end",
            all_cores_kept,
        ),
    ] {
        let r = ratios(&side);
        println!(
            "{name}: median {:.1} ms; ratio to tokenize-only in the same round: median {:.2}x (range {:.2}x-{:.2}x)",
            median(side.clone()),
            r[r.len() / 2],
            r[0],
            r[r.len() - 1],
        );
    }
}
