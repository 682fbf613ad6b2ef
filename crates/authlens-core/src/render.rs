//! Rendering, the last stage: plain text and Markdown of an [`Analysis`] (a diagnosis [`Report`]
//! or a history report). The text form is what the CLI prints and what tests snapshot; the
//! Markdown form is the "Copy report" export. Both are built from the report alone, whose
//! evidence is already redacted, and pass through [`redact`] once more; findings and patterns go
//! through the one diagnostic renderer ([`crate::diagnostic`]). Also the HTML escaping the page's
//! wasm modules share.

use crate::analysis::{Analysis, AnalysisReport};
use crate::diagnostic::{write_markdown, write_text};
#[cfg(feature = "analyses")]
use crate::history;
use crate::redact::redact;
use crate::report::Report;
use std::fmt::Write;

/// Escapes text for HTML element content and for double- or single-quoted attribute values:
/// the one escaping the page's wasm modules use for everything they write as HTML.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An analysis as plain text: what `authlens diagnose` prints.
pub fn analysis_text(a: &Analysis) -> String {
    match &a.report {
        AnalysisReport::Diagnosis(r) => text(r),
        #[cfg(feature = "analyses")]
        AnalysisReport::History(h) => history::render_text(h),
        #[cfg(feature = "analyses")]
        AnalysisReport::SignIns(s) => {
            let mut o = String::new();
            if let Some(run) = &s.run {
                o.push_str(&text(run));
                o.push('\n');
            }
            o.push_str(&crate::signins::render_text(&s.log));
            o
        }
        #[cfg(feature = "analyses")]
        AnalysisReport::Audit(r) => crate::audit::render_text(r),
        #[cfg(feature = "analyses")]
        AnalysisReport::Inventory(r) => crate::inventory::render_text(r),
    }
}

/// An analysis as Markdown: what `authlens diagnose --markdown` prints and "Copy report" copies.
pub fn analysis_markdown(a: &Analysis) -> String {
    match &a.report {
        AnalysisReport::Diagnosis(r) => markdown(r),
        #[cfg(feature = "analyses")]
        AnalysisReport::History(h) => history::render_markdown(h),
        #[cfg(feature = "analyses")]
        AnalysisReport::SignIns(s) => {
            let mut o = String::new();
            if let Some(run) = &s.run {
                o.push_str(&markdown(run));
                o.push('\n');
            }
            // A report leaves the machine: people in the log are replaced by stand-ins.
            o.push_str(&crate::signins::render_markdown(&s.log, false));
            o
        }
        // Reports leave the machine: accounts replaced by stand-ins.
        #[cfg(feature = "analyses")]
        AnalysisReport::Audit(r) => crate::audit::render_markdown(r, false),
        #[cfg(feature = "analyses")]
        AnalysisReport::Inventory(r) => crate::inventory::render_markdown(r, false),
    }
}

/// The report as plain text, most likely cause first.
pub fn text(report: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Verdict: {}", report.verdict);
    let _ = writeln!(
        o,
        "Detected: {} · {}",
        report.input.label,
        report.input.platform.label()
    );
    for (n, f) in report.findings.iter().enumerate() {
        write_text(&mut o, n + 1, f);
    }
    for n in &report.notes {
        let _ = writeln!(o, "\nNote: {n}");
    }
    if report.unexplained() {
        seen_text(&mut o, report);
    }
    redact(&o)
}

/// "What AuthLens saw": shown when no known cause explains the paste.
fn seen_text(o: &mut String, report: &Report) {
    let s = &report.seen;
    let _ = writeln!(o, "\nWhat AuthLens saw:");
    if s.is_empty() {
        let _ = writeln!(o, "  No error code, HTTP status or service address.");
    }
    for (label, items) in seen_lines(report) {
        let _ = writeln!(o, "  {label}: {}", items.join(", "));
    }
    for c in &s.codes {
        let _ = writeln!(
            o,
            "  Search Microsoft's documentation for {}: {}",
            c.code, c.search_url
        );
    }
    let next = paste_next_beyond_notes(report);
    if !next.is_empty() {
        let _ = writeln!(o, "What to paste next:");
    }
    for p in next {
        let _ = writeln!(o, "  - {p}");
    }
}

/// What to paste next that the notes do not already say (a paste with no finding has the
/// platform's advice as a note).
pub fn paste_next_beyond_notes(report: &Report) -> Vec<&str> {
    report
        .seen
        .paste_next
        .iter()
        .filter(|p| !report.notes.contains(p))
        .map(String::as_str)
        .collect()
}

/// The seen summary's lines: ("HTTP statuses", ["401 Unauthorized"]), …, only those with items.
pub fn seen_lines(report: &Report) -> Vec<(&'static str, Vec<String>)> {
    let s = &report.seen;
    let statuses = s
        .statuses
        .iter()
        .map(|st| format!("{} {}", st.code, st.reason).trim_end().to_string())
        .collect::<Vec<_>>();
    let codes = s.codes.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
    let services = s
        .services
        .iter()
        .map(|x| match x.service {
            "" => x.host.clone(),
            name => format!("{} ({name})", x.host),
        })
        .collect::<Vec<_>>();
    [
        ("HTTP statuses", statuses),
        ("Error codes", codes),
        ("Services", services),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect()
}

/// The report as Markdown for a ticket, Teams or e-mail.
pub fn markdown(report: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "## AuthLens diagnosis\n");
    let _ = writeln!(o, "**{}**\n", report.verdict);
    let _ = writeln!(
        o,
        "Detected: {} · {}",
        report.input.label,
        report.input.platform.label()
    );
    for (n, f) in report.findings.iter().enumerate() {
        write_markdown(&mut o, n + 1, f);
    }
    if !report.notes.is_empty() {
        let _ = writeln!(o, "\n### Notes\n");
        for n in &report.notes {
            let _ = writeln!(o, "- {n}");
        }
    }
    if report.unexplained() {
        let _ = writeln!(o, "\n### What AuthLens saw\n");
        for (label, items) in seen_lines(report) {
            let _ = writeln!(o, "- {label}: {}", items.join(", "));
        }
        for c in &report.seen.codes {
            let _ = writeln!(
                o,
                "- [Search Microsoft's documentation for {}]({})",
                c.code, c.search_url
            );
        }
        let next = paste_next_beyond_notes(report);
        if !next.is_empty() {
            let _ = writeln!(o, "\n**What to paste next**\n");
        }
        for p in next {
            let _ = writeln!(o, "- {p}");
        }
    }
    let _ = writeln!(o, "\n_Analysed locally by AuthLens; secrets redacted._");
    redact(&o)
}

#[cfg(test)]
mod tests {
    use crate::{diagnose, Options, Timestamp};

    #[test]
    fn renderings_carry_verdict_codes_and_steps_and_no_secret() {
        let paste = r#"{"error":"invalid_client","client_secret":"p4ss-w0rd-xyz","error_description":"AADSTS7000222: The provided client secret keys are expired."}"#;
        let r = diagnose(paste, &Options::at(Timestamp(1_763_900_000)));
        for out in [super::text(&r), super::markdown(&r)] {
            assert!(out.contains("AL110"), "{out}");
            assert!(out.contains("client-secret-expired"));
            assert!(out.contains("Certificates & secrets"));
            assert!(!out.contains("p4ss-w0rd-xyz"));
        }
        assert!(super::markdown(&r).starts_with("## AuthLens diagnosis"));
    }
}
