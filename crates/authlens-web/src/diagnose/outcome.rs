//! Everything the Diagnose panel shows for one paste, computed in one place as strings: the
//! page applies it directly for ordinary pastes, and gets it from the analysis worker
//! (`www/worker.js`, op `view`) for large ones, so both paths render identically.

use super::render;
#[cfg(feature = "full")]
use crate::audit as audit_view;
#[cfg(feature = "full")]
use crate::history as history_view;
#[cfg(feature = "full")]
use crate::inventory as inventory_view;
#[cfg(feature = "full")]
use crate::signins as signins_view;
#[cfg(feature = "full")]
use authlens_core::analyse;
use authlens_core::analysis::{analyse_detected, detect, Handoff};
#[cfg(feature = "full")]
use authlens_core::analysis::{mask_personal, SignInAnalysis};
use authlens_core::{AnalysisReport, InputKind, Options, Report, Timestamp};
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
    /// The platform the fixes are for (its label), and the detected one when the person chose
    /// another (empty otherwise).
    #[serde(default)]
    pub platform: String,
    #[serde(default)]
    pub platform_detected: String,
    /// The run's time the token checks were judged at (RFC 3339) and where it came from.
    #[serde(default)]
    pub run_time: String,
    #[serde(default)]
    pub run_time_from: String,
    /// "What AuthLens saw" (codes, statuses, services, what to paste next) when nothing explains
    /// the paste; empty otherwise.
    #[serde(default)]
    pub seen_html: String,
    /// Set when the paste was a flow or workflow definition: the audit panel.
    #[serde(default)]
    pub audit_html: Option<String>,
    /// Set when the paste was a credential or connection list: the inventory panel.
    #[serde(default)]
    pub inventory_html: Option<String>,
    /// The audit's or the inventory's reports, made from the masked paste (stand-ins for
    /// people).
    #[serde(default)]
    pub checked_report_markdown: String,
    #[serde(default)]
    pub checked_report_json: String,
}

/// Analyses `text` through the core's front door (a diagnosis, a run history, a sign-in log, a
/// definition or a credential list, as `authlens diagnose` does) and renders the panel.
pub fn diagnose_view(text: &str, now: Timestamp) -> DiagnoseView {
    diagnose_view_with(text, &Options::at(now), None)
}

/// [`diagnose_view`] with the person's settings (run time, platform) in `opts`, and for a
/// credential list the "now" the person chose (the clock in `opts` otherwise, and for every
/// other kind of paste).
pub fn diagnose_view_with(
    text: &str,
    opts: &Options,
    inventory_now: Option<Timestamp>,
) -> DiagnoseView {
    let detected = detect(text);
    let mut opts = *opts;
    if detected.kind == InputKind::CredentialInventory {
        opts.now = inventory_now.unwrap_or(opts.now);
    }
    let analysis = analyse_detected(detected, &opts);
    let handoff = analysis.handoff;
    match analysis.report {
        #[cfg(feature = "full")]
        AnalysisReport::History(r) => DiagnoseView {
            status: history_view::summary(&r),
            history_html: Some(history_view::history_html(&r)),
            ..DiagnoseView::default()
        },
        #[cfg(feature = "full")]
        AnalysisReport::SignIns(s) => sign_ins_view(text, &s, &opts, &handoff),
        AnalysisReport::Diagnosis(report) => diagnosis_view(text, &report, &handoff),
        #[cfg(feature = "full")]
        AnalysisReport::Audit(r) => {
            let masked = analyse(&mask_personal(text), &opts);
            DiagnoseView {
                status: audit_view::summary(&r),
                audit_html: Some(audit_view::audit_html(&r)),
                checked_report_markdown: masked
                    .audit()
                    .map(audit_view::report_markdown)
                    .unwrap_or_default(),
                checked_report_json: analysis_json(&masked),
                ..DiagnoseView::default()
            }
        }
        #[cfg(feature = "full")]
        AnalysisReport::Inventory(r) => {
            let masked = analyse(&mask_personal(text), &opts);
            DiagnoseView {
                status: inventory_view::summary(&r),
                inventory_html: Some(inventory_view::inventory_html(&r)),
                checked_report_markdown: masked
                    .inventory()
                    .map(inventory_view::report_markdown)
                    .unwrap_or_default(),
                checked_report_json: analysis_json(&masked),
                ..DiagnoseView::default()
            }
        }
    }
}

/// The diagnosis panel; `handoff` is what the front door found to offer the other views.
fn diagnosis_view(text: &str, report: &Report, handoff: &Handoff) -> DiagnoseView {
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
        offer_token: handoff.token_text(text).is_some(),
        maybe_request: handoff.request.is_some(),
        platform: report.input.platform.label().to_string(),
        platform_detected: report
            .input
            .platform_detected
            .map(|p| p.label().to_string())
            .unwrap_or_default(),
        run_time: report
            .input
            .run_time
            .map(|r| r.at.to_rfc3339())
            .unwrap_or_default(),
        run_time_from: report
            .input
            .run_time
            .map(|r| r.from.to_string())
            .unwrap_or_default(),
        ..DiagnoseView::default()
    }
}

/// Whether this build renders `text` itself: the page's start module (built without the `full`
/// feature) is the page shell, with no engine; it leaves every paste to the full module
/// (`crates/authlens-full-web`: the worker's, or loaded on the main thread where there is no
/// worker), which renders it with this same code.
pub fn renders_here(_text: &str) -> bool {
    cfg!(feature = "full")
}

/// A sign-in log, and the failed run pasted with it: the run's diagnosis (naming the failing
/// policy) first, then the log. Reports leave the machine: they are made from the paste with
/// its personal values masked, the same paste a share link carries.
#[cfg(feature = "full")]
fn sign_ins_view(
    text: &str,
    s: &SignInAnalysis,
    opts: &Options,
    handoff: &Handoff,
) -> DiagnoseView {
    let mut v = match &s.run {
        Some(run) => diagnosis_view(text, run, handoff),
        None => DiagnoseView::default(),
    };
    let masked_text = mask_personal(text);
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
#[cfg(feature = "full")]
pub fn analysis_json(a: &authlens_core::Analysis) -> String {
    authlens_core::redact::redact(&serde_json::to_string_pretty(a).unwrap_or_default())
}

#[cfg(all(test, feature = "full", not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn offers_what_the_front_door_found_to_hand_on() {
        let v = diagnose_view(
            "HTTP/1.1 401\nAuthorization: Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.c2ln\n",
            NOW,
        );
        assert!(v.offer_token);
        let flow = r#"{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET","headers":{"Authorization":"Bearer abc"}}"#;
        assert!(diagnose_view(flow, NOW).maybe_request);
        let plain = diagnose_view("AADSTS50076: MFA", NOW);
        assert!(!plain.maybe_request && !plain.offer_token);
    }

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
            let masked = mask_personal(&text);
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

    const DEFINITION: &str =
        include_str!("../../../authlens-core/tests/fixtures/audit/flow-package-risky.json");
    const CONNECTIONS: &str = include_str!(
        "../../../authlens-core/tests/fixtures/inventory/get-adminpowerappconnection.json"
    );

    /// A definition and a list get their panels; their reports are the front door's analysis of
    /// the masked paste, with no account in them.
    #[test]
    fn definitions_and_lists_get_their_panels_and_reports_without_people() {
        let v = diagnose_view(DEFINITION, NOW);
        assert!(v.audit_html.is_some() && v.inventory_html.is_none() && !v.has_findings);
        assert!(v.status.starts_with("Definition audit: "), "{}", v.status);
        let v2 = diagnose_view(CONNECTIONS, NOW);
        assert!(v2.inventory_html.is_some() && v2.audit_html.is_none());
        for (text, view) in [(DEFINITION, &v), (CONNECTIONS, &v2)] {
            // The CLI's JSON of the masked paste, through the one redaction function.
            let masked = mask_personal(text);
            let cli = analysis_json(&analyse(&masked, &Options::at(NOW)));
            assert_eq!(view.checked_report_json, cli);
            assert!(view.checked_report_json.contains(r#""analysis": ""#));
            for report in [&view.checked_report_markdown, &view.checked_report_json] {
                assert!(!report.contains("@contoso.example"), "{report}");
                assert!(!report.is_empty());
            }
        }
        assert!(v2.checked_report_markdown.contains("user 1"));
    }

    #[test]
    fn the_chosen_now_judges_an_inventory_and_nothing_else() {
        let creds = include_str!(
            "../../../authlens-core/tests/fixtures/inventory/az-ad-app-credential-list.json"
        );
        let early = Timestamp::parse("2020-01-01T00:00:00Z");
        let v = diagnose_view_with(creds, &Options::at(NOW), early);
        assert!(v
            .inventory_html
            .as_deref()
            .is_some_and(|h| h.contains("2020-01-01") && !h.contains(r#"data-status="expired""#)));
        let late = Timestamp::parse("2040-01-01T00:00:00Z");
        let v = diagnose_view_with(creds, &Options::at(NOW), late);
        assert!(v
            .inventory_html
            .as_deref()
            .is_some_and(|h| !h.contains(r#"data-status="healthy""#)));
        // A token in a diagnosis is still judged against the clock.
        let a = diagnose_view_with("AADSTS50076: MFA", &Options::at(NOW), late);
        assert!(a.has_findings && a.inventory_html.is_none());
    }
}
