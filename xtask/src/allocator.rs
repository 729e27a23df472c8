//! The allocator the `xtask` binary runs with; the benchmarks use it too, so that their
//! figures are the tool's.

/// mimalloc: the pipeline allocates many small strings and JSON values, and mimalloc reads
/// the corpus about a fifth faster than the system allocator.
pub use mimalloc::MiMalloc as Allocator;

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e`; libmimalloc-sys names no
/// constant for it (a test checks the index against the option's default).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory in the process instead of handing it back to the OS a second after it
/// was freed. gepgen runs for seconds and then exits; handing memory back only meant faulting
/// it in again for the next pages (50,000 page faults a second while the corpus is read on
/// both cores, about a quarter of the time). Call it first thing in `main`.
pub fn keep_freed_memory() {
    // SAFETY: sets a plain integer option; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_the_option_it_names() {
        // mimalloc v3 purges after 1000 ms by default; another option at this index would
        // have another default. Read only: setting it would change the other tests' process.
        // SAFETY: reads a plain integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
