//! Renders a [`HistoryReport`] (a run or refresh history pasted into Diagnose) as escaped HTML:
//! the summary, the pattern findings, the timeline chart and the table behind it.

use crate::text::{escape, time_html, wire_name};
use authlens_core::history::{chart_svg_unstyled, HistoryReport, Outcome};
use authlens_core::time::human_duration;
use std::fmt::Write;

/// Rows shown in the table behind the chart (the latest ones); the chart itself shows all runs.
pub const TABLE_ROWS: usize = 200;

/// One line for the status region.
pub fn summary(r: &HistoryReport) -> String {
    let p = match r.patterns.len() {
        0 => "no pattern".to_string(),
        1 => "1 pattern".to_string(),
        n => format!("{n} patterns"),
    };
    format!("{}: {} runs, {} failed, {p}", r.label, r.runs, r.failures)
}

pub fn history_html(r: &HistoryReport) -> String {
    let mut o = String::new();
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let _ = write!(
        o,
        r#"<p class="input-kind" data-testid="history-kind">Detected: {} · {} runs · {} succeeded · {} failed{}</p>"#,
        escape(r.label),
        r.runs,
        r.successes,
        r.failures,
        if r.other > 0 {
            format!(" · {} other", r.other)
        } else {
            String::new()
        }
    );
    let _ = write!(
        o,
        r#"<dl class="history-facts"><dt>First failure</dt><dd>{}</dd><dt>Last failure</dt><dd>{}</dd><dt>Last success before the first failure</dt><dd>{}</dd></dl>"#,
        time_html(&or_dash(&r.first_failure)),
        time_html(&or_dash(&r.last_failure)),
        time_html(&or_dash(&r.last_success_before_first_failure)),
    );

    o.push_str(r#"<h3 id="history-patterns-heading">What the history shows</h3>"#);
    if r.patterns.is_empty() {
        o.push_str(r#"<p data-testid="history-no-pattern">No pattern: the failures do not line up in time in a way that points at one cause. Open one failed run's error in Diagnose.</p>"#);
    }
    o.push_str(r#"<ol class="findings" data-testid="history-patterns" aria-labelledby="history-patterns-heading">"#);
    for p in &r.patterns {
        let _ = write!(
            o,
            r#"<li class="finding" data-pattern="{}"{}><h4>{}</h4><p class="meta">confidence {}%{}{}</p><p>{}</p>"#,
            escape(p.id),
            p.category
                .map(|c| format!(r#" data-category="{}""#, c.as_str()))
                .unwrap_or_default(),
            escape(&p.title),
            p.confidence,
            p.at.as_ref()
                .map(|a| format!(" · from {}", time_html(a)))
                .unwrap_or_default(),
            p.period_seconds
                .map(|s| format!(" · every {}", human_duration(s)))
                .unwrap_or_default(),
            escape(&p.explanation)
        );
        if !p.evidence.is_empty() {
            o.push_str("<ul class=\"evidence\">");
            for e in p.evidence.iter().take(12) {
                let _ = write!(
                    o,
                    "<li><code>{}</code> {}</li>",
                    time_html(&e.time),
                    escape(&e.note)
                );
            }
            o.push_str("</ul>");
        }
        o.push_str("</li>");
    }
    o.push_str("</ol>");

    if !r.counts_per_category.is_empty() {
        o.push_str(r#"<h3>Failures per category</h3><table class="history-counts" data-testid="history-counts"><thead><tr><th scope="col">category</th><th scope="col">failed runs</th></tr></thead><tbody>"#);
        for c in &r.counts_per_category {
            let _ = write!(
                o,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                c.category.as_str(),
                c.count
            );
        }
        o.push_str("</tbody></table>");
    }

    o.push_str(r#"<h3 id="history-chart-heading">Timeline</h3><figure class="history-figure" data-testid="history-chart" tabindex="0">"#);
    o.push_str(&chart_svg_unstyled(r));
    o.push_str("<figcaption>Each mark is a run (or a count of runs per time slot): green succeeded, grey other, coloured failed by category; dashed lines mark where a pattern begins. The table below lists the same runs.</figcaption></figure>");

    let shown: Vec<_> = r.run_list.iter().rev().take(TABLE_ROWS).collect();
    let _ = write!(
        o,
        r#"<details class="history-runs"><summary>Runs as a table ({} of {}, latest first)</summary><table data-testid="history-table"><thead><tr><th scope="col">start</th><th scope="col">status</th><th scope="col">trigger</th><th scope="col">category</th><th scope="col">rule</th><th scope="col">error (redacted)</th></tr></thead><tbody>"#,
        shown.len(),
        r.runs
    );
    for run in shown {
        let outcome = match run.outcome {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Other => "other",
        };
        let _ = write!(
            o,
            r#"<tr data-outcome="{outcome}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&or_dash(&run.time)),
            escape(&run.status),
            escape(
                &run.trigger
                    .clone()
                    .unwrap_or_else(|| wire_name(&run.trigger_kind))
            ),
            run.category
                .map(|c| format!("<code>{}</code>", c.as_str()))
                .unwrap_or_default(),
            run.code
                .map(|c| format!(r##"<a href="#rule/{c}">{c}</a>"##))
                .unwrap_or_default(),
            escape(run.error.as_deref().unwrap_or(""))
        );
    }
    o.push_str("</tbody></table></details>");

    if !r.notes.is_empty() {
        o.push_str("<h3>Notes</h3><ul>");
        for n in &r.notes {
            let _ = write!(o, "<li>{}</li>", escape(n));
        }
        o.push_str("</ul>");
    }
    o
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use authlens_core::{history, Timestamp};

    #[test]
    fn renders_patterns_chart_and_table_escaped_without_inline_style() {
        let mut runs = Vec::new();
        for d in 1..=10 {
            runs.push(format!(r#"{{"startTime":"2026-11-{d:02}T02:00:00Z","status":"Completed","refreshType":"Scheduled"}}"#));
        }
        for d in 11..=16 {
            runs.push(format!(
                r#"{{"startTime":"2026-11-{d:02}T02:00:00Z","status":"Failed","refreshType":"Scheduled","serviceExceptionJson":"{{\"errorCode\":\"x\",\"errorDescription\":\"AADSTS50076: you must use multi-factor authentication <script>\"}}"}}"#
            ));
        }
        let text = format!(r#"{{"value":[{}]}}"#, runs.join(","));
        let r = history::analyse(&text, Timestamp(1_800_000_000));
        let html = history_html(&r);
        assert!(
            html.contains(r#"data-pattern="began-after-successes""#),
            "{html}"
        );
        assert!(html.contains("<svg") && html.contains(r#"role="img""#));
        assert!(
            !html.contains("<style") && !html.contains("style="),
            "inline styles are blocked by the CSP"
        );
        assert!(!html.contains("<script>"), "error text must be escaped");
        assert!(html.contains(r#"data-testid="history-table""#));
        assert!(summary(&r).contains("16 runs"));
    }
}
