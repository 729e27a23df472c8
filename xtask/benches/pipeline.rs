//! Parse-to-IR throughput over the whole corpus, beside pulldown-cmark's tokenize-only
//! throughput on the same bytes, so the ratio between the two is measured in one run.
//! `benches/corpus_ratio.rs` measures the same ratio more steadily on a shared machine.
//!
//! `cargo bench --bench pipeline`; the corpus is read from `../shared/corpus`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "corpus/mod.rs"]
mod corpus;

// The allocator the `xtask` binary runs with, set up the same way, so the figures are the tool's.
#[global_allocator]
static GLOBAL: gepgen::allocator::Allocator = gepgen::allocator::Allocator;

fn bench(c: &mut Criterion) {
    gepgen::allocator::keep_freed_memory();
    let pages = corpus::pages();
    let inputs = corpus::inputs(&pages);
    let bytes: usize = pages.iter().map(|(_, text)| text.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("pulldown_cmark_tokenize", |b| {
        b.iter(|| corpus::tokenize(&pages))
    });
    group.bench_function("page_to_ir", |b| b.iter(|| corpus::page_by_page(&pages)));
    group.bench_function("pages_to_ir_all_cores", |b| {
        b.iter(|| corpus::all_cores(&inputs))
    });
    group.bench_function("pages_to_ir_all_cores_kept", |b| {
        b.iter(|| corpus::all_cores_kept(&inputs))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
