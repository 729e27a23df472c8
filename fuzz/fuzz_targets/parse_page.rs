//! Page text (any bytes, decoded lossily as the xtask binary does) through the whole reading
//! pipeline: it must not panic, and every table row must become an entry or a row diagnostic.

#![no_main]

use gepgen::pipeline::{page_to_ir, RowAccount};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the path, and with it the format detection: Markdown, MDX, or
    // flattened text (which is also what content without Markdown markers becomes).
    let Some((&selector, page)) = data.split_first() else {
        return;
    };
    let path = ["page.md", "page.mdx", "page.txt"][usize::from(selector % 3)];
    let text = String::from_utf8_lossy(page);
    let ir = page_to_ir(&text, path, None);
    let account = RowAccount::of(&text, path, &ir);
    assert!(
        account.is_complete(),
        "table rows unaccounted for: {account:?}"
    );
});
