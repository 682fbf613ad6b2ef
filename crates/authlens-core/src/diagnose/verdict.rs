//! The answer a senior admin would give first (the verdict line), and the notes: what the paste
//! hides or lacks, and what to paste next.

use super::facts::Facts;
use super::report::{InputKind, Platform};

pub(super) fn verdict(facts: &Facts, findings: &[crate::Finding]) -> String {
    let Some(top) = findings.first() else {
        return match facts.kind {
            InputKind::Empty => "Paste what the failed run shows: raw outputs, raw inputs, the error text, or a token.".into(),
            _ => "Not recognised: nothing in this paste matches a known authentication failure.".into(),
        };
    };
    let status = verdict_status(facts, top)
        .map(|code| format!("{code} · "))
        .unwrap_or_default();
    // "Fix:" rather than "fix it in …": some locations are places, others advice ("Nowhere in
    // your credentials: wait, retry…").
    format!("{status}{}. Fix: {}", top.title, top.fix.location)
}

/// The status the verdict line opens with. A reading that the failure is not about sign-in
/// (a missing item, an invalid request, throttling, an outage) opens with the service's own
/// status, not with the 401 / 403 a wrapper printed around it; a bare "Unauthorized" word
/// alone then opens nothing rather than contradict the reading.
fn verdict_status(facts: &Facts, top: &crate::Finding) -> Option<u16> {
    use crate::detect::StatusSource;
    use crate::Category;
    let primary = facts.primary_status()?;
    if !matches!(
        top.category,
        Category::NotAnAuthError | Category::ServiceOutageOrThrottling
    ) || !matches!(primary.code, 401 | 403)
    {
        return Some(primary.code);
    }
    let other = |source_ok: fn(StatusSource) -> bool| {
        facts
            .statuses
            .iter()
            .find(|s| !matches!(s.code, 401 | 403) && source_ok(s.source))
    };
    other(|s| s != StatusSource::Reason)
        .or_else(|| other(|_| true))
        .map(|s| s.code)
        .or((primary.source != StatusSource::Reason).then_some(primary.code))
}

pub(super) fn notes(
    facts: &Facts,
    findings: &[crate::Finding],
    seen: &super::seen::Seen,
) -> Vec<String> {
    let mut notes = Vec::new();
    if facts.phrase(&["*sanitized*"]).is_some() {
        let shown_by = match facts.platform {
            Platform::LogicApps | Platform::PowerAutomate => facts.platform.label(),
            _ => "The run history",
        };
        notes.push(format!("{shown_by} shows the Authorization value as *sanitized* in run history, so the token cannot be checked here: paste the token on its own in the Token view, or log it (redacted) from a test run."));
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
    // Only tokens with times to judge (a JWT with `exp`; not a `*sanitized*` value).
    let timed = facts
        .tokens
        .iter()
        .any(|t| t.report.facts.as_ref().is_some_and(|c| c.exp.is_some()));
    if timed {
        notes.push(match (facts.run_time, facts.run_time_source) {
            (Some(t), from) => format!(
                "Token times are judged at the run's time, {} (from {}), not at the time of pasting.",
                t.to_rfc3339(),
                from.unwrap_or("the paste")
            ),
            (None, _) => "The paste does not say when the run failed, so the token's times are judged against now: set the run's time (the run history shows it) to judge them at the run.".into(),
        });
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

#[cfg(test)]
mod tests {
    use crate::{diagnose, Options, Platform, Timestamp};

    const SANITIZED: &str = r#"{"inputs":{"method":"GET","uri":"https://management.azure.com/subscriptions?api-version=2020-01-01","headers":{"Authorization":"*sanitized*"}},"outputs":{"statusCode":401,"headers":{"x-ms-workflow-run-id":"08584"},"body":{"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time is earlier than current UTC time."}}}}"#;

    fn opts(platform: Option<Platform>) -> Options {
        let mut o = Options::at(Timestamp(1_800_000_000));
        o.platform = platform;
        o
    }

    #[test]
    fn the_note_and_the_verdict_speak_of_one_platform() {
        let r = diagnose(SANITIZED, &opts(None));
        assert_eq!(r.input.platform, Platform::LogicApps);
        assert!(
            r.notes
                .iter()
                .any(|n| n.starts_with("Logic Apps shows the Authorization value as *sanitized*")),
            "{:?}",
            r.notes
        );
        assert!(!r.verdict.contains("Power Automate"), "{}", r.verdict);
        // The person says it is a flow: note, verdict and fixes follow, and the report says what
        // was detected.
        let r = diagnose(SANITIZED, &opts(Some(Platform::PowerAutomate)));
        assert_eq!(r.input.platform, Platform::PowerAutomate);
        assert_eq!(r.input.platform_detected, Some(Platform::LogicApps));
        assert!(
            r.notes
                .iter()
                .any(|n| n.starts_with("Power Automate shows")),
            "{:?}",
            r.notes
        );
        assert!(!r.verdict.contains("API connection"), "{}", r.verdict);
        // Choosing the detected platform is no override.
        let r = diagnose(SANITIZED, &opts(Some(Platform::LogicApps)));
        assert_eq!(r.input.platform_detected, None);
    }
}
