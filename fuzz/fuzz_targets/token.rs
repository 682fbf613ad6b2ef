//! JWT / Authorization header inspection and token search.
#![no_main]

use authlens_core::token::{find_tokens, inspect, render_text, TokenContext};
use authlens_core::Timestamp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ctx = TokenContext {
        url: Some("POST https://graph.microsoft.com/v1.0/users".into()),
        ..TokenContext::new(Some(Timestamp(1_763_900_000)))
    };
    let report = inspect(&text, &ctx);
    assert!(!report.kind.is_empty(), "empty kind");
    let _ = render_text(&report);
    for found in find_tokens(&text) {
        for span in std::iter::once(found.span).chain(found.header_value) {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "span out of range"
            );
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        // What the engine does with each found token.
        let _ = inspect(found.header_value.unwrap_or(found.span).slice(&text), &ctx);
    }
});
