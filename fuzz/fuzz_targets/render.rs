//! Text and Markdown renderings of any report; their output is already redacted.
#![no_main]

use authlens_core::redact::redact;
use authlens_core::{diagnose, render, Options, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = diagnose(&text, &Options::at(Timestamp(1_763_900_000)));
    for out in [render::text(&report), render::markdown(&report)] {
        assert!(!out.is_empty(), "empty rendering");
        assert_eq!(
            redact(&out),
            out,
            "rendering is not a fixed point of redact"
        );
    }
});
