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
    let _ = writeln!(o, "{}", coverage(r, 0, ""));
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
    if let Some(t) = &r.top_fix {
        let _ = writeln!(
            o,
            "\nMost frequent failure: {} ({} failed {}). Fix in {}:",
            t.category,
            t.count,
            super::plural(t.count, "run", "runs"),
            t.fix.location
        );
        for (i, step) in t.fix.steps.iter().enumerate() {
            let _ = writeln!(o, "  {}. {step}", i + 1);
        }
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

/// How many runs were read, how many the chart shows and how many a list holds, in the one
/// wording every view of a history uses ("2,000 runs read · the chart shows 1,998 (those with a
/// start time) · the table has the latest 200"). `listed`: what the list at hand holds, and
/// `what` names it ("the table", "the report").
pub fn coverage(r: &HistoryReport, listed: usize, what: &str) -> String {
    let mut o = format!(
        "{} {} read",
        thousands(r.runs),
        super::plural(r.runs, "run", "runs")
    );
    if r.charted == r.runs {
        let _ = write!(o, " · the chart shows all of them");
    } else {
        let _ = write!(
            o,
            " · the chart shows {} (those with a readable start time)",
            thousands(r.charted)
        );
    }
    if listed > 0 {
        if listed >= r.runs {
            let _ = write!(o, " · {what} has all of them");
        } else {
            let _ = write!(o, " · {what} has the latest {}", thousands(listed));
        }
    }
    o
}

/// 22000 → "22,000".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut o = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            o.push(',');
        }
        o.push(c);
    }
    o
}

/// The fix for the most frequent failure, as Markdown steps.
fn top_fix_markdown(r: &HistoryReport, o: &mut String) {
    let Some(t) = &r.top_fix else {
        return;
    };
    let _ = writeln!(
        o,
        "\n### What to do about the most frequent failure\n\n{} failed {}: {} (`{}`). Fix in **{}**:\n",
        t.count,
        super::plural(t.count, "run", "runs"),
        t.category.short(),
        t.category,
        t.fix.location
    );
    for (i, step) in t.fix.steps.iter().enumerate() {
        let _ = writeln!(o, "{}. {step}", i + 1);
    }
    if let Some(a) = &t.fix.avoid {
        let _ = writeln!(o, "\n> Don't: {a}");
    }
    if let Some(rec) = &t.fix.if_it_recurs {
        let _ = writeln!(o, "\nIf it breaks again: {rec}");
    }
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
    let _ = writeln!(o, "\n{}", coverage(r, 0, ""));
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
    top_fix_markdown(r, &mut o);
    let recent = latest_failures(r);
    if !recent.is_empty() {
        let _ = writeln!(
            o,
            "\n### Latest failures ({} of {})\n",
            recent.len(),
            r.failures
        );
        // The run id is what support looks a run up by: kept (it is no secret).
        let _ = writeln!(o, "| time | run id | category | code | error |");
        let _ = writeln!(o, "|---|---|---|---|---|");
        let cell = |s: &str| s.replace('|', "\\|").replace('`', "'");
        for x in recent {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} |",
                x.time.as_deref().unwrap_or("(no time)"),
                cell(x.id.as_deref().unwrap_or("-")),
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
