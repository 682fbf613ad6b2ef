//! Redaction never panics and is idempotent.
#![no_main]

use authlens_core::redact::redact;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = redact(&text);
    let twice = redact(&once);
    assert_eq!(twice, once, "redact is not idempotent");
});
