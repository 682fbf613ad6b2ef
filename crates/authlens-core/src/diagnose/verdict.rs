//! The answer a senior admin would give first (the verdict line), and the notes: what the paste
//! hides or lacks, and what to paste next.

use super::facts::Facts;
use super::report::InputKind;

pub(super) fn verdict(facts: &Facts, findings: &[crate::Finding]) -> String {
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

pub(super) fn notes(
    facts: &Facts,
    findings: &[crate::Finding],
    seen: &super::seen::Seen,
) -> Vec<String> {
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
    // What to paste next comes from the seen summary, per platform: a Power BI paste has no
    // "Show raw outputs".
    if findings.is_empty() && !matches!(facts.kind, InputKind::Empty) {
        notes.extend(seen.paste_next.first().cloned());
    }
    notes
}
