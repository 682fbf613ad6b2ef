//! The sign-in log's timeline, drawn by the run history's chart (one mark per sign-in, failures
//! coloured by category, the first failure of each failing policy marked), so both views read
//! the same way and share the page's chart styles.

use super::SignInReport;
use crate::category::Category;
use crate::history::{self, CategoryCount, HistoryKind, HistoryReport, Outcome, Pattern, Point};
use crate::report::Platform;
use crate::time::Timestamp;

/// The timeline as inline SVG without a `<style>` element (the page colours its classes; see
/// [`history::chart_svg_unstyled`]). Its title and description speak of sign-ins.
pub fn chart_svg_unstyled(r: &SignInReport) -> String {
    let mut timeline: Vec<Point> = r
        .timeline
        .iter()
        .filter_map(|p| {
            Some(Point {
                t: Timestamp::parse(&p.time)?.0,
                outcome: if p.failed {
                    Outcome::Failure
                } else {
                    Outcome::Success
                },
                category: p.category,
                code: None,
                trigger: history::TriggerKind::Unknown,
                source: None,
            })
        })
        .collect();
    crate::order::sort_by_key(&mut timeline, |p| p.t);
    let mut counts: Vec<CategoryCount> = Vec::new();
    let mut unclassified = 0;
    for p in timeline.iter().filter(|p| p.outcome == Outcome::Failure) {
        match p.category {
            Some(c) => match counts.iter_mut().find(|x| x.category == c) {
                Some(x) => x.count += 1,
                None => counts.push(CategoryCount {
                    category: c,
                    count: 1,
                }),
            },
            None => unclassified += 1,
        }
    }
    crate::order::sort_by(&mut counts, |a, b| {
        b.count
            .cmp(&a.count)
            .then(a.category.as_str().cmp(b.category.as_str()))
    });
    let patterns = r
        .policies
        .iter()
        .filter(|p| p.failures > 0)
        .take(3)
        .map(|p| Pattern {
            // The chart prints the id beside the mark: words here, not a slug.
            id: "policy fails from here",
            title: format!("\u{201c}{}\u{201d} fails", p.name),
            explanation: String::new(),
            confidence: 100,
            at: p.first_failure.clone(),
            period_seconds: None,
            category: None::<Category>,
            evidence: Vec::new(),
        })
        .collect();
    let first = |f: bool| {
        timeline
            .iter()
            .find(|p| (p.outcome == Outcome::Failure) == f)
            .map(|p| Timestamp(p.t).to_rfc3339())
    };
    let h = HistoryReport {
        version: history::HISTORY_VERSION,
        kind: HistoryKind::Unknown,
        label: r.format_label,
        platform: Platform::Entra,
        runs: timeline.len(),
        failures: timeline
            .iter()
            .filter(|p| p.outcome == Outcome::Failure)
            .count(),
        successes: timeline
            .iter()
            .filter(|p| p.outcome == Outcome::Success)
            .count(),
        other: 0,
        unclassified_failures: unclassified,
        counts_per_category: counts,
        first_run: timeline.first().map(|p| Timestamp(p.t).to_rfc3339()),
        last_run: timeline.last().map(|p| Timestamp(p.t).to_rfc3339()),
        first_failure: first(true),
        last_failure: None,
        last_success_before_first_failure: None,
        sources: Vec::new(),
        run_list: Vec::new(),
        truncated: false,
        patterns,
        charted: timeline.len(),
        top_fix: None,
        notes: Vec::new(),
        timeline,
    };
    let svg = history::chart_svg_unstyled(&h);
    // The history chart's title counts runs; this one counts sign-ins, under its own ids (a
    // history chart may still be in the page, hidden).
    let title = format!(
        r#"<title id="sc-title">Sign-in log: {} sign-ins, {} failed, {} succeeded</title>"#,
        h.runs, h.failures, h.successes
    );
    let svg = match (svg.find("<title id=\"hc-title\">"), svg.find("</title>")) {
        (Some(a), Some(b)) if b > a => format!("{}{title}{}", &svg[..a], &svg[b + 8..]),
        _ => svg,
    };
    svg.replacen("hc-title hc-desc", "sc-title sc-desc", 1)
        .replacen("id=\"hc-desc\"", "id=\"sc-desc\"", 1)
        .replacen(
            "class=\"history-chart\"",
            "class=\"history-chart signins-chart\"",
            1,
        )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{Options, Timestamp};

    #[test]
    fn the_timeline_counts_sign_ins_and_marks_the_failing_policy() {
        let log = include_str!("../../tests/fixtures/signins/portal-interactive-mfa.json");
        let r = super::super::analyse(log, &Options::at(Timestamp(1_764_000_000))).unwrap();
        let svg = chart_svg_unstyled(&r);
        assert!(
            svg.contains("Sign-in log: 5 sign-ins, 3 failed, 2 succeeded"),
            "{svg}"
        );
        assert!(
            svg.contains(r#"aria-labelledby="sc-title sc-desc""#),
            "{svg}"
        );
        assert!(!svg.contains("hc-title") && !svg.contains("<style"));
        assert!(svg.contains("run-failure cat-mfa-required"), "{svg}");
        assert!(svg.contains("change-point") && svg.contains("Require MFA for all users"));
    }
}
