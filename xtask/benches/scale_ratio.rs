//! Scale as paired rounds: the 1x and 10x page of each pair of `benches/scale.rs`, timed back
//! to back in every round, and the median of the rounds' ratios.
//!
//! The two criterion groups of a pair run seconds apart; on a shared machine the load changes
//! in between, and the ratio of their times moved from 9x to 14x between runs of the same
//! code. A ratio taken within one round is taken under one load. Goal: at most 12x for 10x
//! input.
//!
//! `cargo bench --bench scale_ratio` (about half a minute).

use std::hint::black_box;
use std::time::Instant;

use gepgen::pipeline::page_to_ir;

#[path = "scale_pages/mod.rs"]
mod scale_pages;

// The allocator the `xtask` binary runs with, set up the same way, so the figures are the tool's.
#[global_allocator]
static GLOBAL: gepgen::allocator::Allocator = gepgen::allocator::Allocator;

const ROUNDS: usize = 21;

fn main() {
    gepgen::allocator::keep_freed_memory();
    // `cargo test --benches` runs bench targets with `--test`: one round is enough there.
    let rounds = if std::env::args().any(|a| a == "--test") {
        1
    } else {
        ROUNDS
    };
    let pages = scale_pages::pages();
    scale_pages::write_if_asked(&pages);
    let time = |(_, path, text): &scale_pages::Page| {
        let start = Instant::now();
        black_box(page_to_ir(black_box(text), path, None));
        start.elapsed().as_secs_f64()
    };
    for (group, [small, large]) in scale_pages::pairs(&pages) {
        // Warm up caches and the allocator.
        time(small);
        time(large);
        let mut ratios: Vec<f64> = (0..rounds).map(|_| time(large) / time(small)).collect();
        ratios.sort_by(f64::total_cmp);
        println!(
            "{group}: {} vs {} ({:.2}x the bytes): time ratio median {:.2}x (range {:.2}x-{:.2}x, {rounds} rounds)",
            small.0,
            large.0,
            large.2.len() as f64 / small.2.len() as f64,
            ratios[ratios.len() / 2],
            ratios[0],
            ratios[ratios.len() - 1],
        );
    }
}
