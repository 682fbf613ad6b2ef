//! Everything the Diagnose panel shows for one paste, computed in one place as strings: the
//! page applies it directly for ordinary pastes, and gets it from the analysis worker
//! (`www/worker.js`, op `view`) for large ones, so both paths render identically.

use super::render;
use crate::history as history_view;
use authlens_core::{history, Options, Timestamp};
use serde::{Deserialize, Serialize};

/// Pastes at least this large are analysed in the worker when the page has one, so typing and
/// scrolling never wait for the analysis.
pub const WORKER_THRESHOLD_BYTES: usize = crate::text::LARGE_PASTE_BYTES;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DiagnoseView {
    /// The text for the status region (announced to screen readers).
    pub status: String,
    /// Set when the paste was a run or refresh history: the whole history panel.
    pub history_html: Option<String>,
    pub kind_line: String,
    pub data_kind: String,
    pub data_platform: String,
    pub verdict: String,
    pub findings_html: String,
    pub has_findings: bool,
    pub notes_html: String,
    pub has_notes: bool,
    pub highlighted_html: String,
    pub report_markdown: String,
    pub report_json: String,
    pub offer_token: bool,
    /// The paste may hold a request: the page asks the Compare module whether it does (and
    /// then offers "Compare this request").
    pub maybe_request: bool,
}

/// Analyses `text` (a history or anything else) and renders the panel.
pub fn diagnose_view(text: &str, now: Timestamp) -> DiagnoseView {
    if history::looks_like_history(text) {
        let r = history::analyse(text, now);
        return DiagnoseView {
            status: history_view::summary(&r),
            history_html: Some(history_view::history_html(&r)),
            ..DiagnoseView::default()
        };
    }
    let report = authlens_core::diagnose(text, &Options::at(now));
    let h = render::handoff(text);
    DiagnoseView {
        status: render::findings_status(&report),
        history_html: None,
        kind_line: render::input_line(&report),
        data_kind: crate::text::wire_name(&report.input.kind),
        data_platform: crate::text::wire_name(&report.input.platform),
        verdict: report.verdict.clone(),
        findings_html: render::findings_html(text, &report),
        has_findings: !report.findings.is_empty(),
        notes_html: render::notes_html(&report),
        has_notes: !report.notes.is_empty(),
        highlighted_html: render::highlighted_html(text, &report),
        report_markdown: render::report_markdown(&report),
        report_json: render::report_json(&report),
        offer_token: h.token.is_some(),
        maybe_request: h.maybe_request,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn one_view_for_diagnoses_and_histories() {
        let v = diagnose_view(
            "AADSTS50076: you must use multi-factor authentication.",
            Timestamp(0),
        );
        assert!(v.history_html.is_none() && v.has_findings);
        assert!(v.findings_html.contains(r#"data-code="AL104""#));
        assert!(v.report_markdown.contains("AL104"));
        let runs: Vec<String> = (1..=9)
            .map(|d| format!(r#"{{"startTime":"2026-11-0{d}T02:00:00Z","status":"Completed","refreshType":"Scheduled"}}"#))
            .collect();
        let v = diagnose_view(
            &format!(r#"{{"value":[{}]}}"#, runs.join(",")),
            Timestamp(0),
        );
        assert!(v.history_html.is_some_and(|h| h.contains("history-chart")));
    }
}
