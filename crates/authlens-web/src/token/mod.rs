//! The Token view: one bearer token or Authorization value, checked against now, the run time,
//! the URL it was sent to and (through the verifier module) a pasted key.

pub mod render;

use crate::bridge;
use crate::chrome::examples::Example;
use crate::chrome::link::ShareState;
use crate::dom::{self, Debounce};
use crate::panel::{Panel, DEBOUNCE_MS};
use crate::view::View;
use authlens_core::token::{inspect_picked, KeyOutcome, TokenContext};
use authlens_core::Timestamp;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsCast;

/// The elements of the Token view.
pub mod ids {
    pub const INPUT: &str = "token-input";
    pub const URL: &str = "token-url";
    pub const SKEW: &str = "token-skew";
    pub const RUN_TIME: &str = "token-run";
    /// How the run-time field was read, or why it was not.
    pub const RUN_TIME_NOTE: &str = "token-run-note";
    pub const KEY: &str = "token-key";
    pub const RUN: &str = "token-analyze";
    pub const RESULT: &str = "token-result";
}

/// What Inspect on an empty box says.
pub const EMPTY: &str =
    "Nothing to inspect yet: paste a bearer token or an Authorization header value.";

/// What the signature check reads until the verifier answered.
const CHECKING: &str = "Checking the signature with the pasted key…";

/// The clock-skew tolerance when the field is empty or unreadable, in minutes.
const DEFAULT_SKEW_MINUTES: &str = "5";

/// A token and key the verifier was asked about, and its answer (`None`: the key plays no part).
type KeyCheck = (String, String, Option<KeyOutcome>);

pub struct Token {
    /// Itself, for the verifier's answer, which arrives after `run` returned.
    me: Weak<Token>,
    debounce: Debounce,
    /// The verifier's last answer (memory only, like the key field itself).
    key_checked: RefCell<Option<KeyCheck>>,
    /// The token and key the verifier is working on.
    key_pending: RefCell<Option<(String, String)>>,
    /// The token of a container the person chose to inspect, with the input it was chosen in
    /// (a new input goes back to the access token).
    pick: RefCell<Option<(String, String)>>,
    /// Focus the result's source line once the next result is shown (another token picked).
    focus_source: std::cell::Cell<bool>,
    /// The page shell's: the part of an input (with its pick) the engine inspected last, which
    /// the verifier checks.
    #[cfg(not(feature = "full"))]
    part: RefCell<Option<(String, Option<String>, String)>>,
}

impl Token {
    /// The view, when the page has it.
    pub fn mount() -> Option<Rc<Token>> {
        dom::by_id(ids::RESULT)?;
        Some(Rc::new_cyclic(|me| Token {
            me: me.clone(),
            debounce: Debounce::default(),
            key_checked: RefCell::new(None),
            key_pending: RefCell::new(None),
            pick: RefCell::new(None),
            focus_source: std::cell::Cell::new(false),
            #[cfg(not(feature = "full"))]
            part: RefCell::new(None),
        }))
    }

    /// Takes a token handed over from Diagnose (and the URL of the request it was in).
    pub fn receive(&self, token: &str, url: &str) {
        dom::set_value(ids::INPUT, token);
        dom::set_value(ids::URL, url);
        dom::set_value(ids::KEY, "");
    }

    /// The fields besides the token, as they are now.
    fn fields_now() -> [String; 4] {
        [ids::URL, ids::SKEW, ids::RUN_TIME, ids::KEY].map(dom::value)
    }

    /// Inspects another token of the pasted container (`pick`: `role:offset`, from the
    /// result's buttons).
    pub fn pick(&self, pick: &str) {
        *self.pick.borrow_mut() = Some((dom::value(ids::INPUT), pick.to_string()));
        // Once the new result is shown (the engine may answer later).
        self.focus_source.set(true);
        self.run();
    }

    /// `asked`: the person asked (button, Ctrl+Enter), so an empty box is worth a word.
    fn inspect(&self, asked: bool) {
        let Some(result) = dom::by_id(ids::RESULT) else {
            return;
        };
        let text = dom::value(ids::INPUT);
        if text.trim().is_empty() {
            dom::toggle_hidden(&result, true);
            dom::status(if asked { EMPTY } else { "" });
            return;
        }
        // As the portals display it (`11/23/2026 5:30:00 AM`, the locale's day/month order), or
        // a sentence saying why it could not be read.
        let (run_time, note) = dom::run_time_field(ids::RUN_TIME);
        dom::set_text(ids::RUN_TIME_NOTE, &note);
        let [url, skew, _, key] = Self::fields_now();
        let pick = self
            .pick
            .borrow()
            .as_ref()
            .filter(|(t, _)| *t == text)
            .map(|(_, p)| p.clone());
        // The verifier checks the token inspected, not the whole container. The page shell
        // learns which part that is from the engine's answer ([`Rendered::part`]): until then
        // the check reads "checking", and the answer re-runs the view.
        let part = self.part_of(&text, pick.as_deref());
        let needs_part = !key.trim().is_empty() && part.is_none();
        let checked = match (Some(key.as_str()).filter(|k| !k.trim().is_empty()), &part) {
            (None, _) => None,
            (Some(k), Some(part)) => self.key_outcome(part, k),
            (Some(_), None) => Some(KeyOutcome::NotChecked(CHECKING.into())),
        };
        let job = Job {
            now: dom::now().0,
            url,
            skew,
            run_time: run_time.map(|t| t.0),
            key,
            checked,
            pick,
        };
        if crate::large::needs_worker(&text) || cfg!(not(feature = "full")) {
            self.inspect_in_worker(text, job, result, needs_part);
            return;
        }
        self.inspect_here(&text, &job, &result);
    }

    /// The token part of `text` the verifier checks: here when this build has the token reader,
    /// else from the engine's last answer for this input (`None` until there is one).
    #[cfg(feature = "full")]
    fn part_of(&self, text: &str, pick: Option<&str>) -> Option<String> {
        Some(authlens_core::token::inspected_part(text, pick).to_string())
    }

    #[cfg(not(feature = "full"))]
    fn part_of(&self, text: &str, pick: Option<&str>) -> Option<String> {
        self.part
            .borrow()
            .as_ref()
            .filter(|(t, p, _)| t == text && p.as_deref() == pick)
            .map(|(_, _, part)| part.clone())
    }

    #[cfg(feature = "full")]
    fn inspect_here(&self, text: &str, job: &Job, result: &web_sys::Element) {
        show(result, render_job(text, job));
        self.shown();
    }

    /// After a result is shown: the focus a pick asked for.
    fn shown(&self) {
        if self.focus_source.take() {
            dom::focus("token-source");
        }
    }

    /// No analysis client (a page without `analysis-client.js`): nothing can inspect.
    #[cfg(not(feature = "full"))]
    fn inspect_here(&self, _text: &str, _job: &Job, _result: &web_sys::Element) {
        dom::status("The analyser is not available in this page.");
    }

    /// A large token (or a paste of megabytes) is inspected and rendered in the analysis worker:
    /// on the main thread a 1 MB token blocked the page for most of a second.
    /// `needs_part`: a key was given and the part it checks is not known yet (the page shell).
    fn inspect_in_worker(
        &self,
        text: String,
        job: Job,
        result: web_sys::Element,
        needs_part: bool,
    ) {
        let Ok(job_json) = serde_json::to_string(&job) else {
            return;
        };
        let Ok(promise) = bridge::token_view(&text, &job_json) else {
            self.inspect_here(&text, &job, &result);
            return;
        };
        if !bridge::engine_ready() {
            dom::status(bridge::LOADING_ENGINE);
        } else if crate::large::needs_worker(&text) {
            dom::status(&format!(
                "Inspecting {}…",
                crate::text::human_bytes(text.len() as f64)
            ));
        }
        let pick = job.pick.clone();
        result.set_attribute("aria-busy", "true").ok();
        let me = self.me.clone();
        let fields = Self::fields_now();
        let result2 = result.clone();
        let shown = move |json: String| {
            result.remove_attribute("aria-busy").ok();
            // Edited meanwhile: that edit's own run is on its way.
            if me.upgrade().is_none()
                || Self::fields_now() != fields
                || dom::value(ids::INPUT) != text
            {
                return;
            }
            match serde_json::from_str::<Rendered>(&json) {
                Ok(r) => {
                    let part = r.part.clone();
                    show(&result, r);
                    if let Some(view) = me.upgrade() {
                        view.shown();
                    }
                    // The part the verifier checks is known now: check it (the answer re-runs).
                    if let (Some(view), true) = (me.upgrade(), needs_part) {
                        view.learned_part(text, pick, part);
                    }
                }
                Err(_) => dom::status("The token could not be inspected: unreadable answer."),
            }
        };
        let failed = move |msg: String| {
            result2.remove_attribute("aria-busy").ok();
            dom::status(&format!("The token could not be inspected ({msg})."));
        };
        bridge::settle(&promise, shown, failed);
    }

    /// Keeps the part of `text` the engine inspected (the page shell's [`Token::part_of`]) and
    /// runs the view again, which now asks the verifier about it.
    #[cfg(not(feature = "full"))]
    fn learned_part(&self, text: String, pick: Option<String>, part: String) {
        *self.part.borrow_mut() = Some((text, pick, part));
        self.run();
    }

    /// A full build knows the part before rendering: nothing was waiting for it.
    #[cfg(feature = "full")]
    fn learned_part(&self, _text: String, _pick: Option<String>, _part: String) {}

    /// The signature check for this token and key. This wasm has no verification code (it would
    /// double the page's download): `www/analysis-client.js` loads the verifier's own wasm on the
    /// first key and checks there. Until it answers, the check reads "checking"; its answer
    /// re-runs the view.
    fn key_outcome(&self, text: &str, key: &str) -> Option<KeyOutcome> {
        if let Some((t, k, outcome)) = &*self.key_checked.borrow() {
            if t == text && k == key {
                return outcome.clone();
            }
        }
        let pending = |m: &str| Some(KeyOutcome::NotChecked(m.into()));
        if self.key_pending.borrow().as_ref() == Some(&(text.to_string(), key.to_string())) {
            return pending(CHECKING);
        }
        let Ok(promise) = bridge::check_key(text, key) else {
            return pending("Not checked: signature verification is not available in this page.");
        };
        let answer = {
            let (me, text, key) = (self.me.clone(), text.to_string(), key.to_string());
            move |outcome: Option<KeyOutcome>| {
                let Some(view) = me.upgrade() else {
                    return;
                };
                let mut pending = view.key_pending.borrow_mut();
                if pending
                    .as_ref()
                    .is_some_and(|(t, k)| *t == text && *k == key)
                {
                    pending.take();
                }
                drop(pending);
                // `text` is the token inspected, which may sit inside a pasted container.
                let current =
                    dom::value(ids::INPUT).contains(text.as_str()) && dom::value(ids::KEY) == key;
                *view.key_checked.borrow_mut() = Some((text, key, outcome));
                // Edited meanwhile: that edit's own run asked (or will ask) for its check.
                if current {
                    view.run();
                }
            }
        };
        let answer2 = answer.clone();
        let ok = move |json: String| {
            answer(serde_json::from_str(&json).unwrap_or_else(|_| {
                Some(KeyOutcome::NotChecked(
                    "Not checked: the verifier gave an unreadable answer.".into(),
                ))
            }))
        };
        let failed = move |msg: String| {
            answer2(Some(KeyOutcome::NotChecked(format!(
                "Not checked: the signature verifier could not be loaded ({msg}). It is \
                 downloaded the first time a key is used: offline, it works once it was used \
                 online."
            ))))
        };
        bridge::settle(&promise, ok, failed);
        *self.key_pending.borrow_mut() = Some((text.to_string(), key.to_string()));
        pending(CHECKING)
    }
}

/// The Token view's fields for one run, as the worker gets them (it has no document): the
/// page's "now", so both paths give the same result, and the signature check's answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub now: i64,
    pub url: String,
    pub skew: String,
    /// The run-time field as read on the page (`dom::run_time_field`), in seconds.
    pub run_time: Option<i64>,
    pub key: String,
    pub checked: Option<KeyOutcome>,
    /// The container's token the person chose (`role:offset`).
    pub pick: Option<String>,
}

/// One run's result: the content of `#token-result`, the status line, and the redacted form
/// and the ticket reports when they are too long for the boxes' markup (the page holds them,
/// see `large::set_box`), else "".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rendered {
    pub html: String,
    pub summary: String,
    pub redacted: String,
    #[serde(default)]
    pub report_md: String,
    #[serde(default)]
    pub report_json: String,
    /// The token part the signature check reads (when a key was given): the page shell asks
    /// the verifier about it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub part: String,
}

/// Inspects and renders `text` (the page, or the worker through `tokenView`).
pub fn render_job(text: &str, job: &Job) -> Rendered {
    let now = Timestamp(job.now);
    let mut ctx = TokenContext::new(Some(now));
    ctx.url = Some(job.url.trim().to_string()).filter(|u| !u.is_empty());
    let skew: i64 = job.skew.trim().parse().unwrap_or(5);
    ctx.skew_seconds = skew.clamp(0, 24 * 60) * 60;
    ctx.run_time = job.run_time.map(Timestamp);
    ctx.key = Some(job.key.clone()).filter(|k| !k.trim().is_empty());
    let report = inspect_picked(text, &ctx, job.checked.clone(), job.pick.as_deref());
    let part = if job.key.trim().is_empty() {
        String::new()
    } else {
        authlens_core::token::inspected_part(text, job.pick.as_deref()).to_string()
    };
    let mut html = render::token_html(&report, now, ctx.run_time);
    let (md, json) = render::reports(&report);
    html.push_str(&crate::chrome::report::section_html_held(
        "token",
        &md,
        Some(&json),
    ));
    let held = |t: String| {
        if crate::chrome::report::in_markup(&t) {
            String::new()
        } else {
            t
        }
    };
    Rendered {
        html,
        summary: render::summary(&report),
        redacted: render::held_redacted(&report),
        report_md: held(md),
        report_json: held(json),
        part,
    }
}

/// Shows a run's result in `result`.
fn show(result: &web_sys::Element, r: Rendered) {
    result.set_inner_html(&r.html);
    if !r.redacted.is_empty() {
        if let (Some(document), Some(b)) = (dom::document(), dom::by_id("token-redacted")) {
            if let Ok(b) = b.dyn_into::<web_sys::HtmlTextAreaElement>() {
                crate::large::set_box(&document, &b, &r.redacted);
            }
        }
    }
    if !r.report_md.is_empty() || !r.report_json.is_empty() {
        crate::chrome::report::fill_held("token", &r.report_md, Some(&r.report_json));
    }
    dom::local_times(result);
    dom::toggle_hidden(result, false);
    dom::hide_error();
    dom::status(&r.summary);
}

impl Panel for Token {
    fn view(&self) -> View {
        View::Token
    }

    fn fields(&self) -> &'static [&'static str] {
        &[ids::INPUT, ids::URL, ids::SKEW, ids::RUN_TIME, ids::KEY]
    }

    fn run_button(&self) -> &'static str {
        ids::RUN
    }

    fn run(&self) {
        // A run now makes a pending debounced run pointless (and it would re-render under the
        // person's focus).
        self.debounce.cancel();
        self.inspect(true);
    }

    fn refresh(&self) {
        self.debounce.cancel();
        self.inspect(false);
    }

    fn schedule(&self) {
        let me = self.me.clone();
        self.debounce.schedule(DEBOUNCE_MS, move || {
            if let Some(t) = me.upgrade() {
                t.inspect(false);
            }
        });
    }

    fn save(&self, state: &mut ShareState) {
        state.token = dom::value(ids::INPUT);
        state.token_url = dom::value(ids::URL);
        state.skew_minutes = dom::value(ids::SKEW);
        state.run_time = dom::value(ids::RUN_TIME);
        // The token chosen in a container; the link names it so that the redacted copy it
        // holds picks the same one (`ShareState::redacted_with`: offsets move when signatures
        // are redacted).
        state.token_pick = self
            .pick
            .borrow()
            .as_ref()
            .filter(|(t, _)| *t == state.token)
            .map(|(_, p)| p.clone())
            .unwrap_or_default();
        // The verification key is never shared.
    }

    fn restore(&self, state: &ShareState) {
        dom::set_value(ids::INPUT, &state.token);
        dom::set_value(ids::URL, &state.token_url);
        dom::set_value(ids::RUN_TIME, &state.run_time);
        let skew = if state.skew_minutes.is_empty() {
            DEFAULT_SKEW_MINUTES
        } else {
            &state.skew_minutes
        };
        dom::set_value(ids::SKEW, skew);
        dom::set_value(ids::KEY, "");
        *self.pick.borrow_mut() = Some(&state.token_pick)
            .filter(|p| !p.is_empty())
            .map(|p| (state.token.clone(), p.clone()));
    }

    fn fill(&self, example: &Example) {
        dom::set_value(ids::INPUT, &example.token);
        dom::set_value(ids::URL, &example.token_url);
        dom::set_value(ids::RUN_TIME, "");
        dom::set_value(ids::KEY, "");
    }
}
