//! JSON discovery inside pastes: spans must lie inside the text, on char boundaries.
#![no_main]

use authlens_core::json::{discover, MAX_LEAVES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for f in discover(&text) {
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "span out of range"
        );
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        assert!(f.leaves.len() <= MAX_LEAVES);
    }
});
