//! Scale: how `page_to_ir` time grows with the input, on synthetic pages built from real ones.
//!
//! Each pair differs tenfold in size, so a linear parser takes about ten times as long for the
//! second; criterion's throughput figure (bytes per second) should stay about the same within a
//! pair. The goal is at most 12x for 10x input.
//!
//! - `table/1000` vs `table/10000`: one Info Updates table with that many rows, each row with
//!   its own note holding a data example (World of Tanks' layout);
//! - `markdown/2MB` vs `markdown/20MB`: the World of Tanks page repeated with every feature, key
//!   and event renamed per copy, all copies listed under Available Features;
//! - `text/2MB` vs `text/20MB`: the same with the flattened-text Apex Legends page;
//! - `notes/1000` vs `notes/10000`: one key with that many notes, each listing a possible
//!   value and showing it in a data example;
//! - `keys/1000` vs `keys/10000`: one data example whose `info` envelope sends that many keys.
//!
//! Run with `cargo bench --bench scale` (about two minutes) and compare the two times of each
//! group; `cargo bench --bench scale_ratio` times the two pages of each pair back to back and
//! reports the ratio, which a shared machine's changing load moves far less. To measure peak
//! memory, have the bench write its pages, then parse one with the
//! binary and read "Maximum resident set size":
//!
//! ```text
//! GEPGEN_SCALE_PAGES=/tmp/scale cargo bench --bench scale -- --test
//! cargo build --release -p xtask
//! /usr/bin/time -v ${CARGO_TARGET_DIR:-target}/release/xtask parse /tmp/scale/markdown-20MB.md > /dev/null
//! ```

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use gepgen::pipeline::page_to_ir;

#[path = "scale_pages/mod.rs"]
mod scale_pages;

// The allocator the `xtask` binary runs with, set up the same way, so the figures are the tool's.
#[global_allocator]
static GLOBAL: gepgen::allocator::Allocator = gepgen::allocator::Allocator;

fn bench(c: &mut Criterion) {
    gepgen::allocator::keep_freed_memory();
    let pages = scale_pages::pages();
    scale_pages::write_if_asked(&pages);
    for (group_name, members) in scale_pages::pairs(&pages) {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(10);
        for (name, path, text) in members {
            let size = name.trim_start_matches(group_name).trim_start_matches('-');
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(size), text, |b, text| {
                b.iter(|| page_to_ir(black_box(text), path, None).features.len())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
