//! Parse-to-IR throughput over the whole corpus, beside pulldown-cmark's tokenize-only
//! throughput on the same bytes, so the ratio between the two is measured in one run.
//!
//! `cargo bench --bench pipeline`; the corpus is read from `../shared/corpus`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

use gepgen::pipeline::{page_to_ir, pages_to_ir, PageInput};

#[path = "corpus/mod.rs"]
mod corpus;

// The allocator the `xtask` binary runs with, set up the same way, so the figures are the tool's.
#[global_allocator]
static GLOBAL: gepgen::allocator::Allocator = gepgen::allocator::Allocator;

fn bench(c: &mut Criterion) {
    gepgen::allocator::keep_freed_memory();
    let pages = corpus::pages();
    let bytes: usize = pages.iter().map(|(_, text)| text.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("pulldown_cmark_tokenize", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|(_, text)| Parser::new_ext(black_box(text), Options::ENABLE_TABLES).count())
                .sum::<usize>()
        })
    });
    group.bench_function("page_to_ir", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|(path, text)| page_to_ir(black_box(text), path, None).features.len())
                .sum::<usize>()
        })
    });
    let inputs: Vec<PageInput<'_>> = pages
        .iter()
        .map(|(path, text)| PageInput {
            text,
            path,
            known: None,
        })
        .collect();
    group.bench_function("pages_to_ir_all_cores", |b| {
        b.iter(|| {
            let irs = pages_to_ir(black_box(&inputs));
            let features = irs.iter().map(|ir| ir.features.len()).sum::<usize>();
            // Freed on both cores as well: one thread freeing what two allocated took 28 ms,
            // twice what freeing on the allocating threads takes.
            irs.into_par_iter().for_each(drop);
            features
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
