//! Renders a [`HistoryReport`] (a run or refresh history pasted into Diagnose) as escaped HTML:
//! the summary, the pattern findings, the timeline chart and the table behind it.

use crate::text::{escape, time_html, wire_name};
use authlens_core::history::{self, chart_svg_unstyled, HistoryReport, Outcome};
use authlens_core::time::human_duration;
use std::fmt::Write;

/// The history's own elements in the page.
pub mod ids {
    /// "Back to the run history", shown after a failed run was opened in Diagnose.
    pub const BACK: &str = "history-back";
}

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

    let _ = write!(
        o,
        r#"<p class="history-coverage" data-testid="history-coverage">{}</p>"#,
        escape(&coverage(r))
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
    top_fix_html(r, &mut o);

    if !r.counts_per_category.is_empty() {
        o.push_str(r#"<h3>Failures per category</h3><table class="history-counts" data-testid="history-counts"><thead><tr><th scope="col">category</th><th scope="col">failed runs</th></tr></thead><tbody>"#);
        for c in &r.counts_per_category {
            let _ = write!(
                o,
                "<tr><td>{} <code>{}</code></td><td>{}</td></tr>",
                escape(c.category.short()),
                c.category.as_str(),
                c.count
            );
        }
        o.push_str("</tbody></table>");
    }

    o.push_str(r#"<h3 id="history-chart-heading">Timeline</h3><figure class="history-figure" data-testid="history-chart" tabindex="0">"#);
    o.push_str(&chart_svg_unstyled(r));
    o.push_str("<figcaption>Each mark is a run (or a count of runs per time slot); dashed lines mark where a pattern begins, labelled with its name. The legend below names every colour; the table lists the runs.</figcaption>");
    legend_html(r, &mut o);
    o.push_str("</figure>");

    let listed = listed(r);
    let _ = write!(
        o,
        r#"<details class="history-runs"><summary>Runs as a table (the latest {} of {} runs read, latest first; each failed run opens in Diagnose)</summary><table data-testid="history-table"><thead><tr><th scope="col">start</th><th scope="col">status</th><th scope="col">open</th><th scope="col">trigger</th><th scope="col">category</th><th scope="col">rule</th><th scope="col">error (redacted)</th></tr></thead><tbody>"#,
        listed, r.runs
    );
    let last = r.run_list.len();
    for (back, run) in r.run_list.iter().rev().take(listed).enumerate() {
        // The run's index in `run_list`, which `history::run_error` reads again from the paste.
        let index = last - 1 - back;
        let open = if run.outcome == Outcome::Failure && run.error.is_some() {
            format!(
                r#"<button type="button" class="secondary small" data-action="open-run" data-run="{index}" data-testid="open-run">Open in Diagnose<span class="visually-hidden"> (the run of {})</span></button>"#,
                escape(&or_dash(&run.time))
            )
        } else {
            String::new()
        };
        let rule = run.code.unwrap_or_default();
        let outcome = match run.outcome {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Other => "other",
        };
        let _ = write!(
            o,
            r#"<tr data-outcome="{outcome}" data-rule="{rule}"><td>{}</td><td>{}</td><td>{open}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&or_dash(&run.time)),
            escape(&run.status),
            escape(
                &run.trigger
                    .clone()
                    .unwrap_or_else(|| wire_name(&run.trigger_kind))
            ),
            run.category
                .map(|c| format!(
                    r#"<span data-category="{}">{}</span>"#,
                    c.as_str(),
                    escape(c.short())
                ))
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
    o.push_str(&crate::chrome::report::section_html(
        "history",
        &history::render_markdown(r),
        Some(&report_json(r)),
    ));
    o
}

/// Rows of the table: the latest [`TABLE_ROWS`] of the listed runs.
fn listed(r: &HistoryReport) -> usize {
    r.run_list.len().min(TABLE_ROWS)
}

/// How many runs were read, charted and tabled, in the core's one wording.
pub fn coverage(r: &HistoryReport) -> String {
    history::coverage(r, listed(r), "the table")
}

/// The history as JSON: what `authlens history --json` prints, through the redaction function,
/// with the run list cut to the table's latest runs. A ticket needs no more, and a megabyte of
/// JSON in the page's report box stalled the page for most of a second on laying it out.
pub fn report_json(r: &HistoryReport) -> String {
    let mut short;
    let r = if r.run_list.len() > TABLE_ROWS {
        short = r.clone();
        short.run_list.drain(..r.run_list.len() - TABLE_ROWS);
        short.truncated = true;
        short.notes.retain(|n| !n.contains("the JSON run list"));
        let n = history::coverage(&short, short.run_list.len(), "the JSON run list");
        short
            .notes
            .push(format!("{n}; the counts and patterns use all of them."));
        &short
    } else {
        r
    };
    authlens_core::redact::redact(&serde_json::to_string_pretty(r).unwrap_or_default())
}

/// The fix for the most frequent failure, from the same knowledge as a diagnosis.
fn top_fix_html(r: &HistoryReport, o: &mut String) {
    let Some(t) = &r.top_fix else {
        return;
    };
    let _ = write!(
        o,
        r#"<section class="history-fix" data-testid="history-fix" data-category="{cat}" aria-labelledby="history-fix-heading"><h3 id="history-fix-heading">What to do about the most frequent failure</h3><p>{n} failed {runs}: {short} (<code>{cat}</code>). Fix in <strong>{loc}</strong>:</p><ol class="steps">"#,
        cat = t.category.as_str(),
        n = t.count,
        runs = if t.count == 1 { "run" } else { "runs" },
        short = escape(t.category.short()),
        loc = escape(&t.fix.location),
    );
    for s in &t.fix.steps {
        let _ = write!(o, "<li>{}</li>", escape(s));
    }
    o.push_str("</ol>");
    if let Some(a) = &t.fix.avoid {
        let _ = write!(o, r#"<p class="avoid">Don't: {}</p>"#, escape(a));
    }
    if let Some(rec) = &t.fix.if_it_recurs {
        let _ = write!(o, "<p>If it breaks again: {}</p>", escape(rec));
    }
    o.push_str("</section>");
}

/// The chart's colours in words: one entry per outcome and failure category, with its count.
fn legend_html(r: &HistoryReport, o: &mut String) {
    let swatch = |class: &str| {
        format!(
            r#"<svg class="history-chart legend-swatch" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><rect class="{class}" width="12" height="12"/></svg>"#
        )
    };
    o.push_str(
        r#"<ul class="history-legend" data-testid="history-legend" aria-label="Chart legend">"#,
    );
    let mut item = |class: &str, key: &str, label: String, n: usize| {
        let _ = write!(
            o,
            r#"<li data-legend="{key}">{} {}: {n}</li>"#,
            swatch(class),
            label
        );
    };
    item("run-success", "success", "succeeded".into(), r.successes);
    for c in &r.counts_per_category {
        item(
            &format!("run-failure cat-{}", c.category.as_str()),
            c.category.as_str(),
            format!(
                "failed: {} <code>{}</code>",
                escape(c.category.short()),
                c.category.as_str()
            ),
            c.count,
        );
    }
    if r.unclassified_failures > 0 {
        item(
            "run-failure cat-unclassified",
            "unclassified",
            "failed, cause not classified".into(),
            r.unclassified_failures,
        );
    }
    if r.other > 0 {
        item(
            "run-other",
            "other",
            "other (cancelled, running, skipped)".into(),
            r.other,
        );
    }
    o.push_str("</ul>");
}

#[cfg(all(test, feature = "full", not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use authlens_core::{history, Timestamp};

    #[test]
    fn the_json_report_lists_the_tables_runs_and_says_so() {
        let runs: Vec<String> = (0..600)
            .map(|i| {
                format!(
                    r#"{{"startTime":"2026-11-01T{:02}:{:02}:00Z","status":"Completed","refreshType":"Scheduled"}}"#,
                    i / 60,
                    i % 60
                )
            })
            .collect();
        let text = format!(r#"{{"value":[{}]}}"#, runs.join(","));
        let r = history::analyse(&text, Timestamp(1_800_000_000));
        assert_eq!(r.runs, 600);
        let v: serde_json::Value = serde_json::from_str(&report_json(&r)).unwrap();
        assert_eq!(v["run_list"].as_array().map(Vec::len), Some(TABLE_ROWS));
        assert_eq!(v["truncated"], true);
        assert_eq!(v["runs"], 600);
        let notes = v["notes"].to_string();
        assert!(
            notes.contains("the JSON run list has the latest 200"),
            "{notes}"
        );
    }

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
