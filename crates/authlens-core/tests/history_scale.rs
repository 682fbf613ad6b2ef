//! A generated 100,000-run history: counts, truncation, memoised classification and a small
//! chart. Timing is measured by the benchmark (`./x bench`: the 100 000-run history row), not here.

#![allow(clippy::unwrap_used)]

use authlens_core::history::{analyse, chart_svg, render_text, MAX_LISTED_RUNS};
use authlens_core::Timestamp;
use std::fmt::Write;

/// Hourly Logic Apps runs of five workflows; failures of a few kinds with a fresh tracking id
/// each (so only the memo's id masking lets them share a diagnosis); failing from run 80,000 on.
fn generate(n: usize) -> String {
    let errors = [
        "AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication to access the resource.",
        "AADSTS700082: The refresh token has expired due to inactivity.",
        "Rate limit is exceeded. Try again in 10 seconds.",
        "AADSTS53003: Access has been blocked by Conditional Access policies.",
    ];
    let mut s = String::with_capacity(n * 420);
    s.push_str("{\"value\":[");
    let t0 = 1_767_225_600i64; // 2026-01-01
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let t = Timestamp(t0 + i as i64 * 360).to_rfc3339();
        let fail = i % 97 == 0 || i >= n * 4 / 5;
        let wf = i % 5;
        let _ = write!(
            s,
            r#"{{"id":"/subscriptions/1/resourceGroups/rg/providers/Microsoft.Logic/workflows/wf{wf}/runs/{i}","name":"{i}","properties":{{"startTime":"{t}","status":"{}","trigger":{{"name":"Recurrence"}}"#,
            if fail { "Failed" } else { "Succeeded" }
        );
        if fail {
            let _ = write!(
                s,
                r#","error":{{"code":"Unauthorized","message":"{} Trace ID: {:08x}-0000-4000-8000-{:012x}"}}"#,
                errors[i % errors.len()],
                i,
                i
            );
        }
        s.push_str("}}");
    }
    s.push_str("]}");
    s
}

#[test]
fn hundred_thousand_runs() {
    let n = 100_000;
    let text = generate(n);
    let r = analyse(&text, Timestamp(1_800_000_000));
    assert_eq!(r.runs, n);
    assert_eq!(r.failures + r.successes, n);
    assert!(r.truncated);
    assert_eq!(r.run_list.len(), MAX_LISTED_RUNS);
    assert_eq!(r.counts_per_category.len(), 4);
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("100,000 runs read") && n.contains("has the latest 2,000")),
        "{:?}",
        r.notes
    );
    // The change point is the real change (run 80,000), not an earlier point after which
    // the occasional failures happen to reach the share threshold.
    let began = r
        .patterns
        .iter()
        .find(|p| p.id == "began-after-successes")
        .unwrap_or_else(|| panic!("{}", render_text(&r)));
    let change = Timestamp(1_767_225_600 + 80_000 * 360).to_rfc3339();
    assert_eq!(began.at.as_deref(), Some(change.as_str()));
    let svg = chart_svg(&r);
    assert!(svg.len() < 120_000, "{}", svg.len());
    assert!(svg.contains("counted per time slot"));
}
