//! Input detection + diagnosis of any paste: never panics, always a verdict.
#![no_main]

use authlens_core::{diagnose, Options, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = diagnose(&text, &Options::at(Timestamp(1_763_900_000)));
    assert!(!report.verdict.is_empty(), "empty verdict");
    for f in &report.findings {
        for e in &f.evidence {
            assert!(e.start <= e.end, "evidence span reversed: {e:?}");
        }
    }
});
