//! The allocator the `xtask` binary runs with; the benchmarks use it too, so that their
//! figures are the tool's.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// mimalloc: the pipeline allocates many small strings and JSON values, and mimalloc reads
/// the corpus about a fifth faster than the system allocator.
///
/// The `mimalloc` crate asks for every block through mimalloc's aligned entry points; nearly
/// all of ours need no more than the word alignment every mimalloc block has, and the plain
/// entry points skip the alignment checks (about 1% of the pipeline's instructions).
pub struct Allocator;

/// The alignment every block `mi_malloc` returns has (mimalloc's `MI_INTPTR_SIZE`): block
/// sizes are multiples of the word, so a 24-byte block is not 16-aligned.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each method hands the layout to the mimalloc function that honours it: the plain
// ones when the alignment is at most the word, which every mimalloc block has.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

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
    fn blocks_have_the_alignment_asked_for_and_keep_their_bytes_when_resized() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 7, 8, 24, 40, 100, 5000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero size; each block is freed with the layout it has.
                unsafe {
                    let block = Allocator.alloc(layout);
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0, "{size} bytes aligned to {align}");
                    block.write_bytes(0xA5, size);
                    let grown = Allocator.realloc(block, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "{size} bytes regrown, {align}");
                    assert!((0..size).all(|i| *grown.add(i) == 0xA5));
                    Allocator.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap());
                    let zeroed = Allocator.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0);
                    assert!((0..size).all(|i| *zeroed.add(i) == 0));
                    Allocator.dealloc(zeroed, layout);
                }
            }
        }
    }

    #[test]
    fn purge_delay_is_the_option_it_names() {
        // mimalloc v3 purges after 1000 ms by default; another option at this index would
        // have another default. Read only: setting it would change the other tests' process.
        // SAFETY: reads a plain integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
