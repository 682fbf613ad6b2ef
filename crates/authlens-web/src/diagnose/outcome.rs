//! Everything the Diagnose panel shows for one paste, computed in one place as strings: the
//! page applies it directly for ordinary pastes, and gets it from the analysis worker
//! (`www/worker.js`, op `view`) for large ones, so both paths render identically.

use super::render;
use crate::history as history_view;
use crate::signins as signins_view;
use authlens_core::analysis::SignInAnalysis;
use authlens_core::{analyse, signins, AnalysisReport, Options, Report, Timestamp};
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
    /// Set when the paste held an Entra sign-in log: the sign-in panel. A failed run pasted with
    /// it fills the diagnosis fields above (shown first); a log alone leaves them empty.
    #[serde(default)]
    pub signins_html: Option<String>,
    /// The sign-in reports, made from the masked paste (stand-ins for people and places).
    #[serde(default)]
    pub signins_report_markdown: String,
    #[serde(default)]
    pub signins_report_json: String,
    /// "What AuthLens saw" (codes, statuses, services, what to paste next) when nothing explains
    /// the paste; empty otherwise.
    #[serde(default)]
    pub seen_html: String,
}

/// Analyses `text` through the core's front door (a diagnosis, a run history or a sign-in log,
/// as `authlens diagnose` does) and renders the panel.
pub fn diagnose_view(text: &str, now: Timestamp) -> DiagnoseView {
    let opts = Options::at(now);
    match analyse(text, &opts).report {
        AnalysisReport::History(r) => DiagnoseView {
            status: history_view::summary(&r),
            history_html: Some(history_view::history_html(&r)),
            ..DiagnoseView::default()
        },
        AnalysisReport::SignIns(s) => sign_ins_view(text, &s, &opts),
        AnalysisReport::Diagnosis(report) => diagnosis_view(text, &report),
    }
}

fn diagnosis_view(text: &str, report: &Report) -> DiagnoseView {
    let h = render::handoff(text);
    DiagnoseView {
        status: render::findings_status(report),
        history_html: None,
        kind_line: render::input_line(report),
        data_kind: crate::text::wire_name(&report.input.kind),
        data_platform: crate::text::wire_name(&report.input.platform),
        verdict: report.verdict.clone(),
        findings_html: render::findings_html(text, report),
        has_findings: !report.findings.is_empty(),
        notes_html: render::notes_html(report),
        seen_html: render::seen_html(report),
        has_notes: !report.notes.is_empty(),
        highlighted_html: render::highlighted_html(text, report),
        report_markdown: render::report_markdown(report),
        report_json: render::report_json(report),
        offer_token: h.token.is_some(),
        maybe_request: h.maybe_request,
        ..DiagnoseView::default()
    }
}

/// A sign-in log, and the failed run pasted with it: the run's diagnosis (naming the failing
/// policy) first, then the log. Reports leave the machine: they are made from the paste with
/// its personal values masked, the same paste a share link carries.
fn sign_ins_view(text: &str, s: &SignInAnalysis, opts: &Options) -> DiagnoseView {
    let mut v = match &s.run {
        Some(run) => diagnosis_view(text, run),
        None => DiagnoseView::default(),
    };
    let masked_text = signins::mask_personal(text);
    let masked = analyse(&masked_text, opts);
    if let (Some(run), Some(masked_s)) = (&s.run, masked.sign_ins()) {
        let masked_run = masked_s.run.as_ref().unwrap_or(run);
        v.report_markdown = format!(
            "{}\n{}\n",
            render::report_markdown(masked_run),
            signins_view::STAND_IN_NOTE
        );
        v.report_json = render::report_json(masked_run);
    }
    v.status = match &s.run {
        Some(run) => format!(
            "{}; {}",
            signins_view::summary(s),
            render::findings_status(run)
        ),
        None => signins_view::summary(s),
    };
    v.signins_html = Some(signins_view::signins_html(s));
    v.signins_report_markdown = match masked.sign_ins() {
        Some(m) => signins_view::report_markdown(m),
        None => String::new(),
    };
    v.signins_report_json = analysis_json(&masked);
    v
}

/// The JSON report of a whole analysis: what `authlens diagnose --json` prints for the same
/// paste (the sign-in view's reports use the masked paste), through the redaction function.
pub fn analysis_json(a: &authlens_core::Analysis) -> String {
    authlens_core::redact::redact(&serde_json::to_string_pretty(a).unwrap_or_default())
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

    const LOG: &str =
        include_str!("../../../authlens-core/tests/fixtures/signins/portal-interactive-mfa.json");
    const RUN: &str =
        include_str!("../../../authlens-core/tests/fixtures/signins/run-output-401.json");
    const NOW: Timestamp = Timestamp(1_764_000_000);

    #[test]
    fn a_sign_in_log_gets_its_panel_and_reports_without_people() {
        let v = diagnose_view(LOG, NOW);
        let html = v.signins_html.as_deref().unwrap_or_default();
        assert!(html.contains("signins-policies") && html.contains("flow.owner@contoso.com"));
        assert!(
            v.history_html.is_none() && !v.has_findings,
            "a log alone has no run"
        );
        assert!(
            v.status.starts_with("Entra sign-in log: 5 sign-ins"),
            "{}",
            v.status
        );
        for report in [&v.signins_report_markdown, &v.signins_report_json] {
            assert!(!report.is_empty());
            for personal in [
                "flow.owner@contoso.com",
                "198.51.100.7",
                "Flow Owner",
                "Dublin",
            ] {
                assert!(!report.contains(personal), "{personal} in {report}");
            }
            assert!(report.contains("user 1"), "{report}");
        }
        assert!(v
            .signins_report_markdown
            .contains("Require MFA for all users"));
    }

    #[test]
    fn a_run_with_its_log_shows_the_diagnosis_naming_the_policy_first() {
        let v = diagnose_view(&format!("{RUN}\n{LOG}"), NOW);
        assert!(v.has_findings && v.signins_html.is_some());
        let top = v
            .findings_html
            .split("</li>")
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(top.contains("Require MFA for all users"), "{top}");
        assert!(v
            .signins_html
            .unwrap_or_default()
            .contains(r#"data-testid="signins-match""#));
        assert!(!v.report_markdown.contains("flow.owner@contoso.com"));
        assert!(v.report_markdown.contains("Require MFA for all users"));
    }

    /// The page's JSON is the CLI's (`authlens diagnose --json` prints `analyse`, see
    /// crates/authlens-cli/tests/front_door.rs): for the masked paste the page reports, and for
    /// the paste itself.
    #[test]
    fn the_json_report_is_the_front_door_analysis_of_the_masked_paste() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../authlens-core/tests/fixtures/signins"
        );
        let mut n = 0;
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let v = diagnose_view(&text, NOW);
            if v.signins_html.is_none() {
                continue;
            }
            n += 1;
            let masked = signins::mask_personal(&text);
            let cli = serde_json::to_value(analyse(&masked, &Options::at(NOW))).unwrap_or_default();
            let page: serde_json::Value =
                serde_json::from_str(&v.signins_report_json).unwrap_or_default();
            assert_eq!(page, cli, "{}", entry.path().display());
            let own = analysis_json(&analyse(&text, &Options::at(NOW)));
            let own: serde_json::Value = serde_json::from_str(&own).unwrap_or_default();
            let cli = serde_json::to_value(analyse(&text, &Options::at(NOW))).unwrap_or_default();
            assert_eq!(own, cli);
        }
        assert!(n >= 5, "{n} sign-in fixtures");
    }
}
