//! Every history pattern, fired and not fired, on fixture histories (tests/fixtures/history,
//! made by generate.py there).

#![allow(clippy::unwrap_used)]

use authlens_core::history::{analyse, render_text, HistoryReport};
use authlens_core::{Category, Timestamp};

const NOW: Timestamp = Timestamp(1_796_000_000);

fn fixture(name: &str) -> HistoryReport {
    let path = format!(
        "{}/tests/fixtures/history/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    analyse(&text, NOW)
}

fn ids(r: &HistoryReport) -> Vec<&str> {
    r.patterns.iter().map(|p| p.id).collect()
}

fn pattern<'a>(r: &'a HistoryReport, id: &str) -> &'a authlens_core::history::Pattern {
    r.patterns
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}\n{}", ids(r), render_text(r)))
}

#[test]
fn began_after_successes_fires_at_the_change_point() {
    let r = fixture("pbi_began_after_successes.json");
    assert_eq!(ids(&r), ["began-after-successes"], "{}", render_text(&r));
    let p = pattern(&r, "began-after-successes");
    assert_eq!(p.at.as_deref(), Some("2026-01-17T08:00:00Z"));
    assert_eq!(p.category, Some(Category::MfaRequired));
    assert!(
        p.explanation.contains("MFA requirement was rolled out"),
        "{}",
        p.explanation
    );
    assert!(
        p.explanation.contains("12 times in a row"),
        "{}",
        p.explanation
    );
    assert_eq!(
        r.last_success_before_first_failure.as_deref(),
        Some("2026-01-16T08:00:00Z")
    );
}

#[test]
fn began_after_successes_does_not_fire_on_sparse_failures_or_short_success_runs() {
    assert!(!ids(&fixture("pbi_sparse_mixed.json")).contains(&"began-after-successes"));
    // Failures that come and go (fixed each time) did not "begin" at one point.
    assert!(!ids(&fixture("logic_recurs_after_reauth.json")).contains(&"began-after-successes"));
    assert!(!ids(&fixture("logic_several_apart.json")).contains(&"began-after-successes"));
}

#[test]
fn recurs_after_reauth_fires_with_the_typical_interval() {
    let r = fixture("logic_recurs_after_reauth.json");
    assert_eq!(ids(&r), ["recurs-after-reauth"], "{}", render_text(&r));
    let p = pattern(&r, "recurs-after-reauth");
    assert_eq!(p.period_seconds, Some(12 * 3600));
    assert_eq!(p.category, Some(Category::ConditionalAccessBlocked));
    assert!(p.title.contains("12 h"), "{}", p.title);
    assert!(
        p.explanation.contains("sign-in frequency"),
        "{}",
        p.explanation
    );
    assert_eq!(p.evidence.len(), 6);
}

#[test]
fn recurs_after_reauth_does_not_fire_on_irregular_returns() {
    let r = fixture("logic_reauth_irregular.json");
    assert!(r.patterns.is_empty(), "{}", render_text(&r));
    assert!(r.failures > 0);
}

#[test]
fn periodic_fires_on_a_90_day_rhythm() {
    let r = fixture("pbi_periodic_90_days.json");
    assert_eq!(ids(&r), ["periodic"], "{}", render_text(&r));
    let p = pattern(&r, "periodic");
    let days = p.period_seconds.unwrap() as f64 / 86_400.0;
    assert!((89.0..=91.0).contains(&days), "{days}");
    assert!(p.title.contains("90 days"), "{}", p.title);
    assert!(p.explanation.contains("refresh token"), "{}", p.explanation);
    assert_eq!(p.category, Some(Category::RefreshTokenInactivity));
    assert_eq!(p.evidence.len(), 4);
    assert!(render_text(&r).contains("every 90 days"));
}

#[test]
fn periodic_does_not_fire_on_irregular_outages() {
    let r = fixture("pbi_irregular_outages.json");
    assert!(r.patterns.is_empty(), "{}", render_text(&r));
}

#[test]
fn scheduled_only_fires_when_manual_runs_succeed() {
    let r = fixture("logic_scheduled_only.json");
    let p = pattern(&r, "scheduled-only");
    assert!(p.title.contains("scheduled"), "{}", p.title);
    assert_eq!(p.category, Some(Category::MfaRequired));
    assert!(
        p.explanation.contains("3 of 3 manual runs succeeded"),
        "{}",
        p.explanation
    );
    // Manual successes between scheduled failures are not re-authentications.
    assert!(!ids(&r).contains(&"recurs-after-reauth"), "{:?}", ids(&r));
}

#[test]
fn scheduled_only_does_not_fire_when_manual_runs_fail_too() {
    let r = fixture("logic_all_triggers_fail.json");
    assert!(!ids(&r).contains(&"scheduled-only"), "{}", render_text(&r));
    assert!(ids(&r).contains(&"began-after-successes"));
}

#[test]
fn several_connections_together_fires_within_two_hours() {
    let r = fixture("logic_several_together.json");
    assert_eq!(r.sources.len(), 3);
    let p = pattern(&r, "several-connections-together");
    assert_eq!(p.evidence.len(), 3);
    assert_eq!(p.at.as_deref(), Some("2026-01-07T10:00:00Z"));
    assert!(p.explanation.contains("tenant-wide"), "{}", p.explanation);
    for name in ["orders-sync", "invoices-export", "hr-onboarding"] {
        assert!(
            p.evidence.iter().any(|e| e.note.starts_with(name)),
            "{name}"
        );
    }
}

#[test]
fn several_connections_together_does_not_fire_when_onsets_are_days_apart() {
    let r = fixture("logic_several_apart.json");
    assert_eq!(r.sources.len(), 3);
    assert!(r.patterns.is_empty(), "{}", render_text(&r));
}

#[test]
fn no_pattern_in_sparse_mixed_failures_or_all_successes() {
    let sparse = fixture("pbi_sparse_mixed.json");
    assert!(sparse.failures >= 4, "{}", sparse.failures);
    assert!(sparse.counts_per_category.len() >= 3);
    assert!(sparse.patterns.is_empty(), "{}", render_text(&sparse));
    let ok = fixture("logic_all_successes.json");
    assert_eq!((ok.runs, ok.failures, ok.successes), (200, 0, 200));
    assert!(ok.patterns.is_empty());
    assert!(render_text(&ok).contains("Patterns: none found."));
    assert_eq!(ok.first_failure, None);
}

#[test]
fn throttling_and_bad_requests_are_neutral_for_patterns_but_counted() {
    let r = fixture("flow_runs_api.json");
    let cats: Vec<&str> = r
        .counts_per_category
        .iter()
        .map(|c| c.category.as_str())
        .collect();
    assert_eq!(
        cats,
        [
            "not-an-auth-error",
            "password-changed",
            "service-outage-or-throttling"
        ]
    );
    assert!(r.patterns.is_empty());
}

#[test]
fn text_rendering_is_deterministic() {
    for f in ["logic_several_together.json", "pbi_sparse_mixed.json"] {
        assert_eq!(render_text(&fixture(f)), render_text(&fixture(f)));
    }
}
