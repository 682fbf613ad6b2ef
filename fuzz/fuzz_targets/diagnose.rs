//! The front door on any paste (detection, then a diagnosis or a history analysis, and the
//! hand-offs): never panics, always a verdict, spans inside the paste.
#![no_main]

use authlens_core::{analyse, Options, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = analyse(&text, &Options::at(Timestamp(1_763_900_000)));
    if let Some(report) = analysis.diagnosis() {
        assert!(!report.verdict.is_empty(), "empty verdict");
        for f in &report.findings {
            for e in &f.evidence {
                assert!(e.start <= e.end, "evidence span reversed: {e:?}");
            }
        }
    }
    if let Some(span) = analysis.handoff.token {
        assert!(text.get(span.start..span.end).is_some(), "token span {span:?} off the paste");
    }
});
