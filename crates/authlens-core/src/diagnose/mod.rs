//! Diagnosis, the second stage: facts → [`rules`] (the registry, which ranks) → verdict and notes.

pub mod facts;
pub mod report;
pub mod rules;
pub mod seen;
mod verdict;

use crate::detect::{self, Scan};

use crate::{Options, MAX_INPUT_BYTES};
use facts::Facts;
use report::{InputInfo, InputKind, Report, REPORT_VERSION};

/// Diagnoses any paste (never routed to the history analysis: see [`crate::analyse`]).
pub fn diagnose(text: &str, opts: &Options) -> Report {
    if text.len() > MAX_INPUT_BYTES {
        return too_large(text);
    }
    run(detect::scan(text), opts)
}

/// The report for a paste over [`MAX_INPUT_BYTES`]: nothing is scanned.
pub(crate) fn too_large(text: &str) -> Report {
    Report {
            version: REPORT_VERSION,
            input: InputInfo { kind: InputKind::Text, label: InputKind::Text.label(), platform: crate::detect::Platform::Unknown, bytes: text.len() },
            verdict: format!(
                "This paste is {} MB; AuthLens analyses up to {} MB. Paste the failed action's raw outputs or the error text only.",
                text.len() / (1024 * 1024),
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            findings: Vec::new(),
            notes: Vec::new(),
            seen: Default::default(),
        }
}

/// Diagnoses a scanned paste.
pub(crate) fn run(scan: Scan<'_>, opts: &Options) -> Report {
    let text = scan.text;
    let facts = Facts::from_scan(scan, opts.now, opts.skew_seconds);
    let findings = rules::run(&facts);
    let verdict = verdict::verdict(&facts, &findings);
    let seen = seen::seen(&facts);
    let notes = verdict::notes(&facts, &findings, &seen);
    Report {
        version: REPORT_VERSION,
        input: InputInfo {
            kind: facts.kind,
            label: facts.kind.label(),
            platform: facts.platform,
            bytes: text.len(),
        },
        verdict,
        findings,
        notes,
        seen,
    }
}
