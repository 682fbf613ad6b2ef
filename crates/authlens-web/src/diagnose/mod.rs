//! The Diagnose view: paste what the failed run shows, get the diagnosis (or, for a run or
//! refresh history, the history analysis), the highlighted evidence, the reports and the
//! hand-offs to Token and Compare.

pub mod evidence;
pub mod handoff;
pub mod outcome;
pub mod render;
pub mod settings;

use crate::bridge;
use crate::chrome::examples::Example;
use crate::chrome::link::ShareState;
use crate::dom::{self, toggle_hidden, Debounce};
use crate::panel::{Panel, DEBOUNCE_MS};
use crate::view::View;
use authlens_core::Platform;
use outcome::DiagnoseView;
use std::cell::Cell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};

/// The elements of the Diagnose view.
pub mod ids {
    pub const INPUT: &str = "input";
    pub const ANALYZE: &str = "analyze";
    pub const RESULT: &str = "result";
    pub const KIND: &str = "input-kind";
    pub const VERDICT: &str = "verdict";
    pub const FINDINGS: &str = "findings";
    pub const NO_FINDINGS: &str = "no-findings";
    pub const NOTES_SECTION: &str = "notes-section";
    pub const NOTES: &str = "notes";
    pub const HIGHLIGHTED: &str = "highlighted";
    /// Where a pasted run or refresh history is shown, and its content.
    pub const HISTORY: &str = "history";
    pub const HISTORY_BODY: &str = "history-body";
    /// Where a pasted Entra sign-in log is shown, its content and its reports.
    pub const SIGNINS: &str = "signins";
    pub const SIGNINS_BODY: &str = "signins-body";
    pub const SIGNINS_REPORT_MD: &str = "signins-report-md";
    pub const SIGNINS_REPORT_JSON: &str = "signins-report-json";
    /// Where a pasted definition's audit is shown, its content and its reports.
    pub const AUDIT: &str = "audit";
    pub const AUDIT_BODY: &str = "audit-body";
    pub const AUDIT_REPORT_MD: &str = "audit-report-md";
    pub const AUDIT_REPORT_JSON: &str = "audit-report-json";
    /// Where a pasted credential or connection list is shown, its content, its reports, and
    /// the "now" it is judged against (a date; empty: the browser's clock).
    pub const INVENTORY: &str = "inventory";
    pub const INVENTORY_BODY: &str = "inventory-body";
    pub const INVENTORY_REPORT_MD: &str = "inventory-report-md";
    pub const INVENTORY_REPORT_JSON: &str = "inventory-report-json";
    pub const INVENTORY_NOW: &str = "inventory-now";
    /// The ticket reports (Markdown and JSON).
    pub const REPORT_MD: &str = "report-md";
    pub const REPORT_JSON: &str = "report-json";
    /// The hand-off buttons and their box.
    pub const HANDOFF: &str = "handoff";
    pub const TO_TOKEN: &str = "to-token";
    pub const TO_COMPARE: &str = "to-compare";
    /// "When the run failed": the time every token check is judged at, and how it was read.
    pub const RUN_TIME: &str = "diagnose-run-time";
    pub const RUN_TIME_NOTE: &str = "diagnose-run-time-note";
    /// "Platform: Power Automate (detected) — change": the platform the fixes are for, and the
    /// choice (the only place the page names the platform of a diagnosis).
    pub const PLATFORM: &str = "diagnose-platform";
    pub const PLATFORM_TEXT: &str = "diagnose-platform-text";
    pub const PLATFORM_CHOICE: &str = "diagnose-platform-choice";
    /// The choice's first option: "change" while detected, "use detected" after a choice.
    pub const PLATFORM_AUTO: &str = "diagnose-platform-auto";
}

use handoff::find_request;
pub use handoff::{FoundRequest, Handoff};
pub use settings::Settings;

/// What Analyze on an empty box says.
pub const EMPTY: &str =
    "Nothing to analyse yet: paste what the failed run shows (the raw outputs, \
                         the error text, a token or a run history), or open a file.";

/// The elements every analysis touches, looked up once. Immutable after mounting: no `RefCell`
/// is ever borrowed across a call into the core, so a panic leaves no state behind.
struct Elements {
    input: HtmlTextAreaElement,
    result: Element,
    kind: Element,
    verdict: Element,
    findings: Element,
    no_findings: Element,
    notes_section: Element,
    notes: Element,
    highlighted: Element,
    /// Absent in the wasm tests' minimal page.
    history: Option<Element>,
    signins: Option<Element>,
    audit: Option<Element>,
    inventory: Option<Element>,
}

impl Elements {
    fn find() -> Result<Elements, JsValue> {
        Ok(Elements {
            input: dom::require(ids::INPUT)?.dyn_into::<HtmlTextAreaElement>()?,
            result: dom::require(ids::RESULT)?,
            kind: dom::require(ids::KIND)?,
            verdict: dom::require(ids::VERDICT)?,
            findings: dom::require(ids::FINDINGS)?,
            no_findings: dom::require(ids::NO_FINDINGS)?,
            notes_section: dom::require(ids::NOTES_SECTION)?,
            notes: dom::require(ids::NOTES)?,
            highlighted: dom::require(ids::HIGHLIGHTED)?,
            history: dom::by_id(ids::HISTORY),
            signins: dom::by_id(ids::SIGNINS),
            audit: dom::by_id(ids::AUDIT),
            inventory: dom::by_id(ids::INVENTORY),
        })
    }
}

pub struct Diagnose {
    /// Itself, for answers that arrive later (the worker's, the request hand-off's).
    me: Weak<Diagnose>,
    el: Elements,
    debounce: Debounce,
    /// Whether the last analysis found a format that carries requests (for the hand-offs).
    maybe_request: Cell<bool>,
}

impl Diagnose {
    /// Finds the view's elements; the page must have them (see [`ids`]).
    pub fn mount() -> Result<Rc<Diagnose>, JsValue> {
        dom::require(ids::ANALYZE)?;
        let el = Elements::find()?;
        Ok(Rc::new_cyclic(|me| Diagnose {
            me: me.clone(),
            el,
            debounce: Debounce::default(),
            maybe_request: Cell::new(false),
        }))
    }

    /// The paste: all of a large one, not just what the box shows.
    pub fn text(&self) -> String {
        crate::large::full_value(&self.el.input.id(), self.el.input.value())
    }

    /// Takes a paste from elsewhere on the page (a rule's example).
    pub fn receive(&self, text: &str) {
        dom::set_value(ids::INPUT, text);
    }

    /// `asked`: the person asked (button, Ctrl+Enter), so an empty box is worth a word.
    fn analyze(&self, asked: bool) {
        let text = self.text();
        if text.trim().is_empty() {
            let el = &self.el;
            for h in [&el.history, &el.signins, &el.audit, &el.inventory]
                .into_iter()
                .flatten()
            {
                toggle_hidden(h, true);
            }
            toggle_hidden(&self.el.result, true);
            dom::status(if asked { EMPTY } else { "" });
            dom::hide_error();
            return;
        }
        let settings = self.settings();
        // The page shell (the start module) has no engine: every paste goes to the full module,
        // the worker's (or, with no worker, loaded on this thread by analysis-client.js). A full
        // build keeps large pastes off this thread the same way.
        let elsewhere = crate::large::needs_worker(&text) || !outcome::renders_here(&text);
        if elsewhere && self.analyze_in_worker(&text, &settings) {
            return;
        }
        self.analyze_here(&text, &settings);
    }

    #[cfg(feature = "full")]
    fn analyze_here(&self, text: &str, settings: &Settings) {
        self.apply(&outcome::diagnose_view_with(
            text,
            &settings.options(dom::now()),
            settings.inventory_now.map(authlens_core::Timestamp),
        ));
    }

    /// No analysis client (a page without `analysis-client.js`): nothing can analyse.
    #[cfg(not(feature = "full"))]
    fn analyze_here(&self, _text: &str, _settings: &Settings) {
        dom::status("The analyser is not available in this page.");
    }

    /// The run time and platform the person set; says under the run-time field how it was read.
    fn settings(&self) -> Settings {
        let (at, note) = dom::run_time_field(ids::RUN_TIME);
        dom::set_text(ids::RUN_TIME_NOTE, &note);
        let platform = dom::value(ids::PLATFORM_CHOICE);
        Settings {
            run_time: at.map(|t| t.0),
            platform: Platform::choosable(&platform).map(|_| platform),
            inventory_now: inventory_now().map(|t| t.0),
            now: None,
        }
    }

    /// The platform control and the run-time note after an analysis.
    fn apply_settings(&self, v: &DiagnoseView) {
        let line = if v.platform_detected.is_empty() {
            if v.platform == authlens_core::Platform::Unknown.label() {
                "Platform: not detected".to_string()
            } else {
                format!("Platform: {} (detected)", v.platform)
            }
        } else {
            format!(
                "Platform: {} (your choice; detected: {})",
                v.platform, v.platform_detected
            )
        };
        dom::set_text(ids::PLATFORM_TEXT, &line);
        dom::set_text(
            ids::PLATFORM_AUTO,
            if v.platform_detected.is_empty() {
                "change"
            } else {
                "use detected"
            },
        );
        dom::hide(ids::PLATFORM, v.platform.is_empty());
        // A typed time says itself how it was read; otherwise, what the paste said.
        if dom::value(ids::RUN_TIME).trim().is_empty() {
            let note = if !v.run_time.is_empty() && v.offer_token {
                format!(
                    "From the paste: {} ({}). Type a time to judge the tokens at another.",
                    v.run_time, v.run_time_from
                )
            } else if v.offer_token {
                "Not in the paste: the token is judged against now. Type when the run failed (as the run history shows it) to judge it then.".to_string()
            } else {
                String::new()
            };
            dom::set_text(ids::RUN_TIME_NOTE, &note);
        }
    }

    /// Hands a paste to the analysis worker (a large one, or one this module leaves to the full
    /// module); false when the page has none (the wasm tests, old browsers).
    fn analyze_in_worker(&self, text: &str, settings: &Settings) -> bool {
        let on_progress = Closure::<dyn FnMut(JsValue)>::new(|p: JsValue| {
            let m = bridge::progress_message(&p);
            if !m.is_empty() {
                dom::status(&m);
            }
        });
        let settings = Settings {
            now: Some(dom::now().0),
            ..settings.clone()
        };
        let settings = serde_json::to_string(&settings).unwrap_or_default();
        let promise = bridge::analyze_view(text, on_progress.as_ref().unchecked_ref(), &settings);
        // Called until the analysis ends; a few bytes per large paste.
        on_progress.forget();
        let Ok(promise) = promise else {
            return false;
        };
        // Until the answer replaces it (scripts and tests wait on it too).
        if bridge::engine_ready() {
            dom::status(&format!(
                "Analysing {}…",
                crate::text::human_bytes(text.len() as f64)
            ));
        } else {
            dom::status(bridge::LOADING_ENGINE);
        }
        let (me, sent) = (self.me.clone(), text.to_string());
        let done = move |v: JsValue| {
            // A newer paste replaced this one while the worker ran: its own analysis applies.
            let Some(d) = me.upgrade().filter(|d| d.text() == sent) else {
                return;
            };
            if let Ok(view) = bridge::from_js::<DiagnoseView>(&v) {
                d.apply(&view);
            }
        };
        let failed = |msg: String| {
            if !msg.contains("Abort") {
                dom::status(&format!("The analysis of this paste failed: {msg}"));
            }
        };
        bridge::settle_value(&promise, done, failed);
        true
    }

    fn apply(&self, v: &DiagnoseView) {
        let el = &self.el;
        self.apply_signins(v);
        if self.apply_checked(v) {
            // A definition or a list: its panel is the result.
            for h in [&el.history, &el.signins].into_iter().flatten() {
                toggle_hidden(h, true);
            }
            toggle_hidden(&el.result, true);
            dom::hide_error();
            dom::status(&v.status);
            return;
        }
        if v.signins_html.is_some() && v.kind_line.is_empty() {
            // A log alone: the sign-in panel is the result.
            toggle_hidden(&el.result, true);
            if let Some(h) = el.history.as_ref() {
                toggle_hidden(h, true);
            }
            dom::hide_error();
            dom::status(&v.status);
            return;
        }
        if let (Some(history_html), Some(history)) = (&v.history_html, el.history.as_ref()) {
            if let Some(body) = dom::by_id(ids::HISTORY_BODY) {
                body.set_inner_html(history_html);
                dom::local_times(&body);
            }
            toggle_hidden(&el.result, true);
            dom::hide_error();
            toggle_hidden(history, false);
            dom::status(&v.status);
            return;
        }
        if let Some(h) = el.history.as_ref() {
            toggle_hidden(h, true);
        }
        el.kind.set_text_content(Some(&v.kind_line));
        el.kind.set_attribute("data-kind", &v.data_kind).ok();
        el.kind
            .set_attribute("data-platform", &v.data_platform)
            .ok();
        el.verdict.set_text_content(Some(&v.verdict));
        self.apply_settings(v);
        el.findings.set_inner_html(&v.findings_html);
        toggle_hidden(&el.no_findings, v.has_findings);
        el.notes.set_inner_html(&v.notes_html);
        toggle_hidden(&el.notes_section, !v.has_notes);
        el.highlighted.set_inner_html(&v.highlighted_html);
        self.reports_and_handoffs(v);
        toggle_hidden(&el.result, false);
        evidence::dom::after_apply(&v.seen_html);
        dom::hide_error();
        dom::status(&v.status);
    }

    /// Shows the sign-in panel when the paste held a sign-in log (under the joined run's
    /// diagnosis, if any), hides it otherwise.
    fn apply_signins(&self, v: &DiagnoseView) {
        let Some(section) = self.el.signins.as_ref() else {
            return;
        };
        let Some(html) = v.signins_html.as_deref() else {
            toggle_hidden(section, true);
            return;
        };
        if let Some(body) = dom::by_id(ids::SIGNINS_BODY) {
            body.set_inner_html(html);
            dom::local_times(&body);
        }
        if dom::by_id(ids::SIGNINS_REPORT_MD).is_some() {
            dom::set_value(ids::SIGNINS_REPORT_MD, &v.signins_report_markdown);
            dom::set_value(ids::SIGNINS_REPORT_JSON, &v.signins_report_json);
        }
        toggle_hidden(section, false);
    }

    /// Shows the audit or the inventory panel when the paste was a definition or a list (and
    /// hides the other); true when one is shown.
    fn apply_checked(&self, v: &DiagnoseView) -> bool {
        let panels = [
            (
                &self.el.audit,
                &v.audit_html,
                ids::AUDIT_BODY,
                ids::AUDIT_REPORT_MD,
                ids::AUDIT_REPORT_JSON,
            ),
            (
                &self.el.inventory,
                &v.inventory_html,
                ids::INVENTORY_BODY,
                ids::INVENTORY_REPORT_MD,
                ids::INVENTORY_REPORT_JSON,
            ),
        ];
        let mut shown = false;
        for (section, html, body, md, json) in panels {
            let Some(section) = section.as_ref() else {
                continue;
            };
            let Some(html) = html.as_deref() else {
                toggle_hidden(section, true);
                continue;
            };
            if let Some(body) = dom::by_id(body) {
                body.set_inner_html(html);
                dom::local_times(&body);
            }
            if dom::by_id(md).is_some() {
                dom::set_value(md, &v.checked_report_markdown);
                dom::set_value(json, &v.checked_report_json);
            }
            toggle_hidden(section, false);
            shown = true;
        }
        shown
    }

    /// After each analysis: the reports and the hand-off buttons. "Compare this request" shows
    /// once the Compare module confirmed the paste holds a request ([`find_request`]).
    fn reports_and_handoffs(&self, v: &DiagnoseView) {
        if dom::by_id(ids::REPORT_MD).is_some() {
            dom::set_value(ids::REPORT_MD, &v.report_markdown);
            dom::set_value(ids::REPORT_JSON, &v.report_json);
        }
        let Some(box_) = dom::by_id(ids::HANDOFF) else {
            return;
        };
        dom::hide(ids::TO_TOKEN, !v.offer_token);
        dom::hide(ids::TO_COMPARE, true);
        toggle_hidden(&box_, !v.offer_token);
        self.maybe_request.set(v.maybe_request);
        if !v.maybe_request {
            return;
        }
        let (me, text) = (self.me.clone(), self.text());
        find_request(&text.clone(), true, move |req| {
            // A newer paste has its own answer coming.
            if req.is_none() || me.upgrade().is_none_or(|d| d.text() != text) {
                return;
            }
            dom::hide(ids::TO_COMPARE, false);
            toggle_hidden(&box_, false);
        });
    }
}

/// The "now" chosen for an inventory: the date field, as midnight UTC (`None` when empty or
/// not a date: the browser's clock).
fn inventory_now() -> Option<authlens_core::Timestamp> {
    let v = dom::value(ids::INVENTORY_NOW);
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    authlens_core::Timestamp::parse(&format!("{v}T00:00:00Z"))
        .or_else(|| authlens_core::Timestamp::parse(v))
}

impl Panel for Diagnose {
    fn view(&self) -> View {
        View::Diagnose
    }

    fn fields(&self) -> &'static [&'static str] {
        // The paste first (the panel's main field); a new "now" re-judges an inventory.
        &[
            ids::INPUT,
            ids::RUN_TIME,
            ids::PLATFORM_CHOICE,
            ids::INVENTORY_NOW,
        ]
    }

    fn run_button(&self) -> &'static str {
        ids::ANALYZE
    }

    fn run(&self) {
        self.debounce.cancel();
        self.analyze(true);
    }

    fn refresh(&self) {
        self.debounce.cancel();
        self.analyze(false);
    }

    fn schedule(&self) {
        let me = self.me.clone();
        self.debounce.schedule(DEBOUNCE_MS, move || {
            if let Some(d) = me.upgrade() {
                d.analyze(false);
            }
        });
    }

    fn save(&self, state: &mut ShareState) {
        state.diagnose = self.text();
        state.diagnose_run_time = dom::value(ids::RUN_TIME);
        state.diagnose_platform = dom::value(ids::PLATFORM_CHOICE);
        state.inventory_now = dom::value(ids::INVENTORY_NOW);
    }

    fn restore(&self, state: &ShareState) {
        dom::set_value(ids::INPUT, &state.diagnose);
        dom::set_value(ids::RUN_TIME, &state.diagnose_run_time);
        let platform = Platform::choosable(&state.diagnose_platform)
            .map_or("", |_| state.diagnose_platform.as_str());
        dom::set_value(ids::PLATFORM_CHOICE, platform);
        if dom::by_id(ids::INVENTORY_NOW).is_some() {
            dom::set_value(ids::INVENTORY_NOW, &state.inventory_now);
        }
    }

    fn fill(&self, example: &Example) {
        dom::set_value(ids::INPUT, &example.diagnose);
        dom::set_value(ids::RUN_TIME, "");
        dom::set_value(ids::PLATFORM_CHOICE, "");
    }
}
