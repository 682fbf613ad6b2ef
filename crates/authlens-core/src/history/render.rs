//! The history report as plain text (`authlens history`, `authlens diagnose` on a history) and as
//! Markdown (`--markdown`, "Copy report"). Patterns go through the one diagnostic renderer.

use super::{HistoryReport, HistoryRun, Outcome};
use crate::category::Category;
use crate::diagnostic::{write_markdown, write_text};
use crate::redact::redact;
use std::fmt::Write;

/// The report as plain text: counts, first and last failure, patterns with evidence, notes.
/// Deterministic; passes through [`redact`].
pub fn render_text(r: &HistoryReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "History: {} · {}", r.label, r.platform.label());
    let _ = writeln!(
        o,
        "Runs: {} ({} succeeded, {} failed, {} other)",
        r.runs, r.successes, r.failures, r.other
    );
    if let (Some(a), Some(b)) = (&r.first_run, &r.last_run) {
        let _ = writeln!(o, "Period: {a} to {b}");
    }
    if r.failures > 0 {
        let _ = writeln!(o, "Failures by category:");
        for c in &r.counts_per_category {
            let _ = writeln!(o, "  {:>6}  {}", c.count, c.category);
        }
        if r.unclassified_failures > 0 {
            let _ = writeln!(o, "  {:>6}  (unclassified)", r.unclassified_failures);
        }
    }
    let none = "none";
    let _ = writeln!(
        o,
        "First failure: {}",
        r.first_failure.as_deref().unwrap_or(none)
    );
    let _ = writeln!(
        o,
        "Last failure: {}",
        r.last_failure.as_deref().unwrap_or(none)
    );
    let _ = writeln!(
        o,
        "Last success before the first failure: {}",
        r.last_success_before_first_failure
            .as_deref()
            .unwrap_or(none)
    );
    if r.patterns.is_empty() {
        let _ = writeln!(o, "\nPatterns: none found.");
    } else {
        let _ = writeln!(o, "\nPatterns:");
    }
    for (n, p) in r.patterns.iter().enumerate() {
        write_text(&mut o, n + 1, p);
    }
    let recent = latest_failures(r);
    if !recent.is_empty() {
        let _ = writeln!(o, "\nLatest failures:");
        for x in recent {
            let _ = writeln!(
                o,
                "  {}  {}  {}  {}",
                x.time.as_deref().unwrap_or("(no time)"),
                x.category.map_or("unclassified", Category::as_str),
                x.code.unwrap_or("-"),
                x.error.as_deref().unwrap_or("")
            );
        }
    }
    for n in &r.notes {
        let _ = writeln!(o, "\nNote: {n}");
    }
    redact(&o)
}

/// Failed runs listed at the end of a report, latest first.
const LATEST_FAILURES: usize = 10;

fn latest_failures(r: &HistoryReport) -> Vec<&HistoryRun> {
    r.run_list
        .iter()
        .rev()
        .filter(|x| x.outcome == Outcome::Failure)
        .take(LATEST_FAILURES)
        .collect()
}

/// The report as Markdown for a ticket, Teams or e-mail. Deterministic; passes through [`redact`].
pub fn render_markdown(r: &HistoryReport) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "## AuthLens history analysis
"
    );
    let _ = writeln!(
        o,
        "**{} · {}**
",
        r.label,
        r.platform.label()
    );
    let _ = writeln!(
        o,
        "Runs: {} ({} succeeded, {} failed, {} other)",
        r.runs, r.successes, r.failures, r.other
    );
    if let (Some(a), Some(b)) = (&r.first_run, &r.last_run) {
        let _ = writeln!(o, "\nPeriod: {a} to {b}");
    }
    if r.failures > 0 {
        let _ = writeln!(o, "\n### Failures by category\n");
        for c in &r.counts_per_category {
            let _ = writeln!(o, "- {} × `{}`", c.count, c.category);
        }
        if r.unclassified_failures > 0 {
            let _ = writeln!(o, "- {} × unclassified", r.unclassified_failures);
        }
    }
    let none = "none";
    let _ = writeln!(
        o,
        "\n- First failure: {}\n- Last failure: {}\n- Last success before the first failure: {}",
        r.first_failure.as_deref().unwrap_or(none),
        r.last_failure.as_deref().unwrap_or(none),
        r.last_success_before_first_failure
            .as_deref()
            .unwrap_or(none)
    );
    if r.patterns.is_empty() {
        let _ = writeln!(o, "\nPatterns: none found.");
    }
    for (n, p) in r.patterns.iter().enumerate() {
        write_markdown(&mut o, n + 1, p);
    }
    let recent = latest_failures(r);
    if !recent.is_empty() {
        let _ = writeln!(o, "\n### Latest failures\n");
        let _ = writeln!(o, "| time | category | code | error |");
        let _ = writeln!(o, "|---|---|---|---|");
        let cell = |s: &str| s.replace('|', "\\|").replace('`', "'");
        for x in recent {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                x.time.as_deref().unwrap_or("(no time)"),
                x.category.map_or("unclassified", Category::as_str),
                x.code.unwrap_or("-"),
                cell(x.error.as_deref().unwrap_or(""))
            );
        }
    }
    if !r.notes.is_empty() {
        let _ = writeln!(o, "\n### Notes\n");
        for n in &r.notes {
            let _ = writeln!(o, "- {n}");
        }
    }
    let _ = writeln!(o, "\n_Analysed locally by AuthLens; secrets redacted._");
    redact(&o)
}
