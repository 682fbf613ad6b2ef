//! Redaction never panics, is idempotent, never grows the text beyond its markers, and a secret
//! put into any text in a few named shapes does not survive.
#![no_main]

use authlens_core::redact::{redact, redact_body, MARKERS};
use base64::Engine;
use libfuzzer_sys::fuzz_target;

/// Markers in `text` and in the base64 runs of it (bodies the redactor re-encoded).
fn markers(text: &str) -> usize {
    let count = |t: &str| MARKERS.iter().map(|m| t.matches(m).count()).sum::<usize>();
    let runs = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='))
        .filter(|r| r.len() >= 16)
        .filter_map(|r| base64::engine::general_purpose::STANDARD.decode(r).ok())
        .map(|d| count(&String::from_utf8_lossy(&d)))
        .sum::<usize>();
    count(text) + runs
}

/// A secret that cannot come from the fuzzer's own bytes by chance.
const SECRET: &str = "Zq9XwV3kLm8TtRr2";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = redact(&text);
    let twice = redact(&once);
    assert_eq!(twice, once, "redact is not idempotent");
    assert!(
        once.len() <= text.len() + 32 * (markers(&once) + 1),
        "redact grew the text beyond its markers"
    );
    let _ = redact_body(&text);
    // The fuzzer's text around a secret in a few shapes: the secret must go whatever surrounds
    // it (its bytes may end a quote or a line early; the shapes below start on their own line).
    if !text.contains(SECRET) {
        for shape in [
            "\nclient_secret=",
            "\nAuthorization: Bearer ",
            "\n{\"password\": \"",
            "\nx-api-key: ",
        ] {
            let t = format!("{text}{shape}{SECRET}\n");
            let r = redact(&t);
            assert!(!r.contains(SECRET), "secret survived after {shape:?}: {r:?}");
        }
    }
});
