//! Diagnosis, the second stage: facts → rules (`crate::rules`, which rank) → verdict and notes.

pub mod facts;
pub mod report;

use crate::detect::{self, Scan};
use crate::rules;
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
        }
}

/// Diagnoses a scanned paste.
pub(crate) fn run(scan: Scan<'_>, opts: &Options) -> Report {
    let text = scan.text;
    let facts = Facts::from_scan(scan, opts.now, opts.skew_seconds);
    let findings = rules::run(&facts);
    let verdict = verdict(&facts, &findings);
    let notes = notes(&facts, &findings);
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
    }
}

fn verdict(facts: &Facts, findings: &[crate::Finding]) -> String {
    let Some(top) = findings.first() else {
        return match facts.kind {
            InputKind::Empty => "Paste what the failed run shows: raw outputs, raw inputs, the error text, or a token.".into(),
            _ => "Not recognised: nothing in this paste matches a known authentication failure.".into(),
        };
    };
    let status = facts
        .primary_status()
        .map(|s| format!("{} · ", s.code))
        .unwrap_or_default();
    // "Fix:" rather than "fix it in …": some locations are places, others advice ("Nowhere in
    // your credentials: wait, retry…").
    format!("{status}{}. Fix: {}", top.title, top.fix.location)
}

fn notes(facts: &Facts, findings: &[crate::Finding]) -> Vec<String> {
    let mut notes = Vec::new();
    if facts.phrase(&["*sanitized*"]).is_some() {
        notes.push("Logic Apps shows the Authorization value as *sanitized* in run history, so the token cannot be checked here: paste the token on its own in the Token view, or log it (redacted) from a test run.".into());
    }
    if facts
        .phrase(&["Content not shown due to security configuration"])
        .is_some()
    {
        notes.push("Secure inputs/outputs are on for this action, so its content is hidden: turn them off for one test run, or paste the error text of the next action that shows it.".into());
    }
    if facts.kind == InputKind::RawInputs && facts.statuses.is_empty() && findings.is_empty() {
        notes.push("These are the raw inputs; paste the raw outputs of the same action too (… → Show raw outputs) to see what the service answered.".into());
    }
    if let (Some(a), Some(b)) = (findings.first(), findings.get(1)) {
        if a.confidence.saturating_sub(b.confidence) < 12 {
            notes.push(format!(
                "Two readings are close: {} ({}%) and {} ({}%). The service's sign-in logs or the full response body would tell them apart.",
                a.category.short(),
                a.confidence,
                b.category.short(),
                b.confidence
            ));
        }
    }
    if findings.is_empty() && !matches!(facts.kind, InputKind::Empty) {
        notes.push("Paste the failed action's raw outputs (in the run, select the action → Show raw outputs), or the full error text including any AADSTS code.".into());
    }
    notes
}
