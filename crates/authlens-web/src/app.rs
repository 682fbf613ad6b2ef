//! DOM wiring of everything beyond the Diagnose box: view tabs and fragment routing, the Token
//! and Compare views, rule docs, share links, reports, copy buttons, files and the gallery.
//!
//! Listeners are delegated to the document (`data-action` on buttons) so rendered HTML needs no
//! wiring. Pasted text lives only in the form fields and in memory: nothing is stored, nothing
//! is sent, and the URL only ever changes to a view name (`#token`) or to a share fragment the
//! person opened themselves.

use crate::share::State;
use crate::{by_id, examples, now, render, route, share, toggle_hidden, token_view};
use authlens_core::token::{inspect_with, KeyOutcome, TokenContext};
use authlens_core::{Timestamp, MAX_INPUT_BYTES};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, Window};

/// Fields whose edits re-run the Token view.
const TOKEN_FIELDS: [&str; 5] = [
    "token-input",
    "token-url",
    "token-skew",
    "token-run",
    "token-key",
];
/// Fields whose edits re-run the Compare view.
const COMPARE_FIELDS: [&str; 4] = [
    "compare-left",
    "compare-right",
    "compare-pick-left",
    "compare-pick-right",
];

/// A token and key the verifier was asked about, and its answer (`None`: the key plays no part).
type KeyCheck = (String, String, Option<KeyOutcome>);

struct App {
    /// Itself, for the verifier's answer, which arrives after `run_token` returned.
    me: Weak<App>,
    window: Window,
    document: Document,
    diagnose_now: Rc<dyn Fn()>,
    /// The tab shown: one of [`route::VIEWS`].
    current: Cell<&'static str>,
    token_timer: Cell<Option<i32>>,
    compare_timer: Cell<Option<i32>>,
    /// The verifier's last answer (memory only, like the key field itself).
    key_checked: RefCell<Option<KeyCheck>>,
    /// The token and key the verifier is working on.
    key_pending: RefCell<Option<(String, String)>>,
}

fn value(document: &Document, id: &str) -> String {
    let Some(el) = document.get_element_by_id(id) else {
        return String::new();
    };
    if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        crate::large::full_value(id, t.value())
    } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.value()
    } else {
        String::new()
    }
}

fn set_value(document: &Document, id: &str, v: &str) {
    let Some(el) = document.get_element_by_id(id) else {
        return;
    };
    if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        crate::large::set_box(document, t, v);
    } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(v);
    }
}

fn set_text(document: &Document, id: &str, text: &str) {
    if let Some(el) = document.get_element_by_id(id) {
        el.set_text_content(Some(text));
    }
}

fn status(document: &Document, text: &str) {
    set_text(document, "status", text);
}

/// "12.3 KB"
pub(crate) fn human_bytes(n: f64) -> String {
    if n < 1024.0 {
        format!("{n} bytes")
    } else if n < 1024.0 * 1024.0 {
        format!("{:.1} KB", n / 1024.0)
    } else {
        format!("{:.1} MB", n / 1024.0 / 1024.0)
    }
}

/// The size limit sentence shown under every paste area.
pub(crate) fn limit_text() -> String {
    format!(
        "Size limit: {} MiB per paste or file ({MAX_INPUT_BYTES} bytes); larger input is refused.",
        MAX_INPUT_BYTES / 1024 / 1024
    )
}

/// Diagnose extras after each analysis: reports and the hand-off buttons. "Compare this request"
/// shows once the Compare module confirmed the paste holds a request ([`with_request`]).
pub(crate) fn render_extras(document: &Document, v: &crate::view::DiagnoseView) {
    if document.get_element_by_id("report-md").is_some() {
        set_value(document, "report-md", &v.report_markdown);
        set_value(document, "report-json", &v.report_json);
    }
    let Some(box_) = document.get_element_by_id("handoff") else {
        return;
    };
    let tok = v.offer_token;
    if let Some(b) = document.get_element_by_id("to-token") {
        toggle_hidden(&b, !tok);
    }
    let compare_button = document.get_element_by_id("to-compare");
    if let Some(b) = &compare_button {
        toggle_hidden(b, true);
    }
    toggle_hidden(&box_, !tok);
    if !v.maybe_request {
        return;
    }
    let text = value(document, "input");
    let document = document.clone();
    with_request(&text.clone(), true, move |req| {
        // A newer paste has its own answer coming.
        if req.is_none() || value(&document, "input") != text {
            return;
        }
        if let Some(b) = &compare_button {
            toggle_hidden(b, false);
        }
        toggle_hidden(&box_, false);
    });
}

/// A request found in a Diagnose paste: its side in Compare (`left`/`right`) and its
/// "METHOD URL".
type FoundRequest = Option<(String, String)>;

thread_local! {
    /// The Compare module's last answer to "which request is in this paste?", with the paste.
    static LAST_REQUEST: RefCell<Option<(String, FoundRequest)>> = const { RefCell::new(None) };
}

/// Calls `f` with the request in `text`, if any. `maybe`: `request::detect` found a format that
/// carries requests (otherwise there is none, and nothing is loaded). The request parser is part
/// of the Compare module (crates/authlens-compare-web): asked once per paste, answer kept.
fn with_request(text: &str, maybe: bool, f: impl FnOnce(FoundRequest) + 'static) {
    if !maybe {
        return f(None);
    }
    let cached = LAST_REQUEST.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(t, _)| t == text)
            .map(|(_, r)| r.clone())
    });
    if let Some(r) = cached {
        return f(r);
    }
    let f = Rc::new(RefCell::new(Some(f)));
    let (f2, f3) = (Rc::clone(&f), Rc::clone(&f));
    let sent = text.to_string();
    let ok = move |json: String| {
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        let req = v["side"]
            .as_str()
            .zip(v["url"].as_str())
            .map(|(s, u)| (s.to_string(), u.to_string()));
        LAST_REQUEST.with(|c| *c.borrow_mut() = Some((sent, req.clone())));
        if let Some(f) = f.borrow_mut().take() {
            f(req);
        }
    };
    // Not loadable (offline before first use): no hand-off to Compare, the token one still works.
    let err = move |_: String| {
        if let Some(f) = f2.borrow_mut().take() {
            f(None);
        }
    };
    let args = [JsValue::from_str(text)];
    if !call_client("requestHandoff", &args, ok, err) {
        // No analysis client (the wasm tests): no hand-off to Compare.
        LAST_REQUEST.with(|c| *c.borrow_mut() = Some((text.to_string(), None)));
        if let Some(f) = f3.borrow_mut().take() {
            f(None);
        }
    }
}

/// Calls `window.authlensAnalysis[name](...args)` (www/analysis-client.js), a promise of a
/// string: `ok` gets the string, `err` the error's message (redacted). False when the page has
/// no such function (the wasm tests); then neither is called.
fn call_client(
    name: &str,
    args: &[JsValue],
    ok: impl FnOnce(String) + 'static,
    err: impl FnOnce(String) + 'static,
) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let client =
        js_sys::Reflect::get(&window, &"authlensAnalysis".into()).unwrap_or(JsValue::UNDEFINED);
    let promise = js_sys::Reflect::get(&client, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.apply(&client, &args.iter().collect()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let Some(promise) = promise else {
        return false;
    };
    let ok = Closure::once(move |v: JsValue| ok(v.as_string().unwrap_or_default()));
    let err = Closure::once(move |e: JsValue| {
        let msg = js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        err(authlens_core::redact::redact(&msg))
    });
    let _ = promise.then2(&ok, &err);
    // Alive until the promise settles, as for the worker's answer (lib.rs): a few bytes a call.
    ok.forget();
    err.forget();
    true
}

impl App {
    fn cancel(&self, timer: &Cell<Option<i32>>) {
        if let Some(id) = timer.take() {
            self.window.clear_timeout_with_handle(id);
        }
    }

    fn run_token(&self) {
        // A run now makes a pending debounced run pointless (and it would re-render under the
        // person's focus).
        self.cancel(&self.token_timer);
        let d = &self.document;
        let Some(result) = d.get_element_by_id("token-result") else {
            return;
        };
        let text = value(d, "token-input");
        if text.trim().is_empty() {
            toggle_hidden(&result, true);
            status(d, "");
            return;
        }
        let now = now();
        let mut ctx = TokenContext::new(Some(now));
        let url = value(d, "token-url");
        ctx.url = Some(url.trim().to_string()).filter(|u| !u.is_empty());
        let skew: i64 = value(d, "token-skew").trim().parse().unwrap_or(5);
        ctx.skew_seconds = skew.clamp(0, 24 * 60) * 60;
        ctx.run_time = Timestamp::parse(value(d, "token-run").trim());
        let key = value(d, "token-key");
        ctx.key = Some(key).filter(|k| !k.trim().is_empty());
        let checked = ctx.key.as_deref().and_then(|k| self.key_outcome(&text, k));
        let report = inspect_with(&text, &ctx, checked);
        result.set_inner_html(&token_view::token_html(&report, now, ctx.run_time));
        toggle_hidden(&result, false);
        hide_error(d);
        status(d, &token_view::summary(&report));
    }

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
            return pending("Checking the signature with the pasted key…");
        }
        let answer = {
            let (me, text, key) = (self.me.clone(), text.to_string(), key.to_string());
            move |outcome: Option<KeyOutcome>| {
                let Some(app) = me.upgrade() else {
                    return;
                };
                let mut pending = app.key_pending.borrow_mut();
                if pending
                    .as_ref()
                    .is_some_and(|(t, k)| *t == text && *k == key)
                {
                    pending.take();
                }
                drop(pending);
                let current = value(&app.document, "token-input") == text
                    && value(&app.document, "token-key") == key;
                *app.key_checked.borrow_mut() = Some((text, key, outcome));
                // Edited meanwhile: that edit's own run asked (or will ask) for its check.
                if current {
                    app.run_token();
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
        let args = [JsValue::from_str(text), JsValue::from_str(key)];
        if !call_client("checkKey", &args, ok, failed) {
            return pending("Not checked: signature verification is not available in this page.");
        }
        *self.key_pending.borrow_mut() = Some((text.to_string(), key.to_string()));
        pending("Checking the signature with the pasted key…")
    }

    /// The Compare fields, as sent to the comparison.
    fn compare_inputs(&self) -> [String; 4] {
        let d = &self.document;
        [
            "compare-left",
            "compare-right",
            "compare-pick-left",
            "compare-pick-right",
        ]
        .map(|id| value(d, id))
    }

    /// Compares the two requests. The comparison (request parsing, the diff, its rendering) is a
    /// wasm of its own (crates/authlens-compare-web) that `www/analysis-client.js` loads on first
    /// use: most visits never open Compare, and it is a fifth of the page's code.
    fn run_compare(&self) {
        self.cancel(&self.compare_timer);
        let d = &self.document;
        let Some(result) = d.get_element_by_id("compare-result") else {
            return;
        };
        let inputs = self.compare_inputs();
        self.update_reveal();
        if inputs[0].trim().is_empty() && inputs[1].trim().is_empty() {
            toggle_hidden(&result, true);
            status(d, "");
            return;
        }
        let args = [
            JsValue::from_str(&inputs[0]),
            JsValue::from_str(&inputs[1]),
            JsValue::from_str(&inputs[2]),
            JsValue::from_str(&inputs[3]),
            JsValue::from_f64(now().0 as f64),
        ];
        let (me, me2) = (self.me.clone(), self.me.clone());
        let sent = inputs.clone();
        let shown = move |json: String| {
            let Some(app) = me.upgrade() else {
                return;
            };
            // Edited meanwhile: that edit's own comparison is on its way.
            if app.compare_inputs() != sent {
                return;
            }
            let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
            let d = &app.document;
            result.set_inner_html(v["html"].as_str().unwrap_or_default());
            toggle_hidden(&result, false);
            hide_error(d);
            status(d, v["summary"].as_str().unwrap_or_default());
        };
        let failed = move |msg: String| {
            if let Some(app) = me2.upgrade() {
                status(
                    &app.document,
                    &format!(
                        "Compare could not be loaded ({msg}). It is downloaded the first time \
                         Compare is used: offline, it works once it was used online."
                    ),
                );
            }
        };
        if call_client("compareView", &args, shown, failed) {
            status(d, "Comparing…");
        } else {
            status(d, "Compare is not available in this page.");
        }
    }

    /// The unmasked pasted text beside the comparison, only while the box is ticked.
    fn update_reveal(&self) {
        let d = &self.document;
        let on = d
            .get_element_by_id("compare-reveal")
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .is_some_and(|c| c.checked());
        let (l, r) = if on {
            (value(d, "compare-left"), value(d, "compare-right"))
        } else {
            (String::new(), String::new())
        };
        set_text(d, "reveal-left", &l);
        set_text(d, "reveal-right", &r);
        if let Some(b) = d.get_element_by_id("compare-reveal-box") {
            toggle_hidden(&b, !on);
        }
    }

    fn run(&self, view: &str) {
        match view {
            "token" => self.run_token(),
            "compare" => self.run_compare(),
            _ => (self.diagnose_now)(),
        }
    }

    /// Shows one tab's panel and marks the tab selected (roving tabindex).
    fn show(&self, tab: &'static str) {
        self.current.set(tab);
        for v in route::VIEWS {
            let on = v == tab;
            if let Some(panel) = self.document.get_element_by_id(&format!("view-{v}")) {
                toggle_hidden(&panel, !on);
            }
            if let Some(t) = self.document.get_element_by_id(&format!("tab-{v}")) {
                t.set_attribute("aria-selected", if on { "true" } else { "false" })
                    .ok();
                t.set_attribute("tabindex", if on { "0" } else { "-1" })
                    .ok();
            }
        }
        // Sharing covers the three analysis views.
        if let Some(s) = self.document.get_element_by_id("share") {
            toggle_hidden(&s, tab == "rules");
        }
    }

    fn route(&self, hash: &str, from_navigation: bool) {
        let r = route::parse(hash);
        match &r {
            route::Route::Rules => {
                if let Some(c) = self.document.get_element_by_id("rules-content") {
                    c.set_inner_html(&render::rules_index_html());
                }
            }
            route::Route::Rule(code) => {
                if let Some(c) = self.document.get_element_by_id("rules-content") {
                    c.set_inner_html(&render::rule_html(code));
                }
            }
            route::Route::Share(state) => self.restore(state),
            route::Route::View(_) | route::Route::None => {}
        }
        if let Some(tab) = r.tab() {
            self.show(tab);
        }
        if from_navigation && matches!(r, route::Route::Rule(_)) {
            if let Some(h) = self.document.get_element_by_id("rules-heading") {
                if let Ok(h) = h.dyn_into::<HtmlElement>() {
                    h.focus().ok();
                }
            }
        }
    }

    /// Fills the fields from a share link and re-runs the analysis of its view.
    fn restore(&self, s: &State) {
        let d = &self.document;
        for (id, v) in [
            ("input", &s.d),
            ("token-input", &s.t),
            ("token-url", &s.u),
            ("token-run", &s.rt),
            ("compare-left", &s.l),
            ("compare-right", &s.r),
            ("compare-pick-left", &s.pl),
            ("compare-pick-right", &s.pr),
        ] {
            set_value(d, id, v);
        }
        set_value(d, "token-skew", if s.k.is_empty() { "5" } else { &s.k });
        set_value(d, "token-key", "");
        (self.diagnose_now)();
        self.run_token();
        self.run_compare();
        // The view's own result is what the status region announces.
        self.run(&s.view);
    }

    fn state(&self) -> State {
        let d = &self.document;
        let view = match self.current.get() {
            "token" => "token",
            "compare" => "compare",
            _ => "diagnose",
        };
        State {
            v: 1,
            view: view.into(),
            d: value(d, "input"),
            t: value(d, "token-input"),
            u: value(d, "token-url"),
            k: value(d, "token-skew"),
            rt: value(d, "token-run"),
            l: value(d, "compare-left"),
            r: value(d, "compare-right"),
            pl: value(d, "compare-pick-left"),
            pr: value(d, "compare-pick-right"),
        }
    }

    fn share(&self) {
        let d = &self.document;
        let base = self.window.location().href().unwrap_or_default();
        match share::fragment(&self.state()) {
            Ok((frag, shown)) => {
                let link = share::link(&base, &frag);
                set_value(d, "share-link", &link);
                if let Some(dl) = d.get_element_by_id("share-contents") {
                    let html: String = share::describe(&shown)
                        .iter()
                        .map(|(k, v)| {
                            format!(
                                "<dt>{}</dt><dd><pre tabindex=\"0\">{}</pre></dd>",
                                render::escape(k),
                                render::escape(&authlens_core::text::shorten(v, 2000))
                            )
                        })
                        .collect();
                    dl.set_inner_html(&html);
                }
                self.copy("share-link", "share-message", "Share link copied. It contains the inputs shown under “What the link contains”, secrets redacted.");
            }
            Err(e) => {
                set_value(d, "share-link", "");
                set_text(d, "share-message", &e.to_string());
            }
        }
    }

    /// Selects the field's text (the fallback) and writes it to the clipboard when allowed.
    fn copy(&self, field: &str, message_el: &str, done: &str) {
        let d = &self.document;
        let text = value(d, field);
        if let Some(el) = d.get_element_by_id(field) {
            if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
                t.select();
            } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
                i.select();
            }
        }
        let fallback = "Selected: press Ctrl+C (⌘C) to copy; the clipboard is not available here.";
        let nav = self.window.navigator();
        let clip = js_sys::Reflect::get(&nav, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
        let write = js_sys::Reflect::get(&clip, &"writeText".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let Some(write) = write.filter(|_| !clip.is_undefined()) else {
            set_text(d, message_el, fallback);
            return;
        };
        let promise = write
            .call1(&clip, &JsValue::from_str(&text))
            .ok()
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        let Some(promise) = promise else {
            set_text(d, message_el, fallback);
            return;
        };
        let (d1, d2) = (d.clone(), d.clone());
        let (m1, m2) = (message_el.to_string(), message_el.to_string());
        let done = done.to_string();
        let ok = Closure::once_into_js(move |_: JsValue| set_text(&d1, &m1, &done));
        let err = Closure::once_into_js(move |_: JsValue| set_text(&d2, &m2, fallback));
        if let Some(then) = js_sys::Reflect::get(&promise, &"then".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        {
            let _ = then.call2(&promise, &ok, &err);
        }
    }

    /// Moves to a view: a new history entry, so back/forward work.
    fn go(&self, view: &str) {
        let _ = self.window.location().set_hash(view);
        // `hashchange` fires asynchronously; show the view now so the result is visible at once.
        self.route(view, false);
    }

    fn load_example(&self, id: &str) {
        let Some(e) = examples::gallery(now()).into_iter().find(|e| e.id == id) else {
            return;
        };
        let d = &self.document;
        match e.view {
            "token" => {
                set_value(d, "token-input", &e.token);
                set_value(d, "token-url", &e.token_url);
                set_value(d, "token-run", "");
                set_value(d, "token-key", "");
            }
            "compare" => {
                set_value(d, "compare-left", &e.left);
                set_value(d, "compare-right", &e.right);
                set_value(d, "compare-pick-left", "");
                set_value(d, "compare-pick-right", "");
            }
            _ => set_value(d, "input", &e.diagnose),
        }
        self.go(e.view);
        self.run(e.view);
        focus(d, e.view);
    }

    fn handoff(&self, to: &'static str) {
        let text = value(&self.document, "input");
        let h = render::handoff(&text);
        let (me, token, paste) = (self.me.clone(), h.token, text.clone());
        // The request (side, URL) comes from the Compare module when the paste may hold one.
        with_request(&text, h.maybe_request, move |req| {
            let Some(app) = me.upgrade() else {
                return;
            };
            let d = &app.document;
            match to {
                "token" => {
                    let Some(t) = token else { return };
                    set_value(d, "token-input", &t);
                    set_value(d, "token-url", req.as_ref().map_or("", |(_, u)| u.as_str()));
                    set_value(d, "token-key", "");
                }
                _ => {
                    let Some((side, _)) = req else { return };
                    let id = if side == "right" {
                        "compare-right"
                    } else {
                        "compare-left"
                    };
                    set_value(d, id, &paste);
                }
            }
            app.go(to);
            app.run(to);
            focus(d, to);
        });
    }

    fn on_click(&self, e: &web_sys::Event) {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(el)) = target.closest("[data-action]") else {
            return;
        };
        let attr = |n: &str| el.get_attribute(n).unwrap_or_default();
        match attr("data-action").as_str() {
            "copy" => {
                let field = attr("data-copy");
                self.copy(&field, "status", "Copied to the clipboard.");
            }
            "share" => self.share(),
            "example" => self.load_example(&attr("data-example")),
            "to-token" => self.handoff("token"),
            "to-compare" => self.handoff("compare"),
            "tip" => {
                let open = attr("aria-expanded") == "true";
                el.set_attribute("aria-expanded", if open { "false" } else { "true" })
                    .ok();
            }
            "rule-example" => {
                if let Some(ex) =
                    authlens_core::rules::find(&attr("data-code")).and_then(|r| r.example())
                {
                    set_value(&self.document, "input", &ex);
                    self.go("diagnose");
                    (self.diagnose_now)();
                    focus(&self.document, "diagnose");
                }
            }
            _ => {}
        }
    }

    fn schedule(self: &Rc<Self>, view: &'static str) {
        let timer = if view == "token" {
            &self.token_timer
        } else {
            &self.compare_timer
        };
        self.cancel(timer);
        let app = Rc::clone(self);
        let f = Closure::once_into_js(move || app.run(view));
        if let Ok(id) = self
            .window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                f.unchecked_ref(),
                crate::DEBOUNCE_MS,
            )
        {
            timer.set(Some(id));
        }
    }

    fn view_of_field(id: &str) -> Option<&'static str> {
        if TOKEN_FIELDS.contains(&id) {
            Some("token")
        } else if COMPARE_FIELDS.contains(&id) {
            Some("compare")
        } else {
            None
        }
    }

    fn load_file(self: &Rc<Self>, file: web_sys::File, target: String) {
        let d = &self.document;
        let info = format!("{target}-file-info");
        let name = file.name();
        let size = file.size();
        if size > MAX_INPUT_BYTES as f64 {
            set_text(
                d,
                &info,
                &format!(
                    "{name} is {}: larger than the {} MiB limit, so it was not opened.",
                    human_bytes(size),
                    MAX_INPUT_BYTES / 1024 / 1024
                ),
            );
            return;
        }
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        let app = Rc::clone(self);
        let r2 = reader.clone();
        let onload = Closure::once_into_js(move || {
            let text = r2
                .result()
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            set_value(&app.document, &target, &text);
            set_text(
                &app.document,
                &format!("{target}-file-info"),
                &format!("Opened {name} ({}), in this page only.", human_bytes(size)),
            );
            let view = Self::view_of_field(&target).unwrap_or("diagnose");
            app.run(view);
        });
        let d2 = d.clone();
        let info2 = info.clone();
        let onerror = Closure::once_into_js(move || {
            set_text(&d2, &info2, "The file could not be read as text.");
        });
        reader.set_onload(Some(onload.unchecked_ref()));
        reader.set_onerror(Some(onerror.unchecked_ref()));
        if reader.read_as_text(&file).is_err() {
            set_text(d, &info, "The file could not be read as text.");
        }
    }

    fn on_tab_key(&self, e: &web_sys::KeyboardEvent) {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if target.get_attribute("role").as_deref() != Some("tab") {
            return;
        }
        let id = target.id();
        let i = route::VIEWS
            .iter()
            .position(|v| id == format!("tab-{v}"))
            .unwrap_or(0);
        let n = route::VIEWS.len();
        let next = match e.key().as_str() {
            "ArrowRight" | "ArrowDown" => (i + 1) % n,
            "ArrowLeft" | "ArrowUp" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            " " => i,
            _ => return,
        };
        e.prevent_default();
        let view = route::VIEWS[next];
        self.go(view);
        if let Some(t) = self.document.get_element_by_id(&format!("tab-{view}")) {
            if let Ok(t) = t.dyn_into::<HtmlElement>() {
                t.focus().ok();
            }
        }
    }
}

fn hide_error(d: &Document) {
    if let Some(e) = d.get_element_by_id("error") {
        toggle_hidden(&e, true);
    }
}

/// Focus the view's first field (after a gallery click or a hand-off).
fn focus(d: &Document, view: &str) {
    let id = match view {
        "token" => "token-input",
        "compare" => "compare-left",
        _ => "input",
    };
    if let Some(el) = d
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        el.focus().ok();
    }
}

fn listen<E: wasm_bindgen::convert::FromWasmAbi + 'static>(
    target: &web_sys::EventTarget,
    event: &str,
    f: impl FnMut(E) + 'static,
) -> Result<(), JsValue> {
    let c = Closure::<dyn FnMut(E)>::new(f);
    target.add_event_listener_with_callback(event, c.as_ref().unchecked_ref())?;
    c.forget();
    Ok(())
}

pub(crate) fn mount(
    window: &Window,
    document: &Document,
    diagnose_now: Rc<dyn Fn()>,
) -> Result<(), JsValue> {
    let app = Rc::new_cyclic(|me| App {
        me: me.clone(),
        window: window.clone(),
        document: document.clone(),
        diagnose_now,
        current: Cell::new("diagnose"),
        token_timer: Cell::new(None),
        compare_timer: Cell::new(None),
        key_checked: RefCell::new(None),
        key_pending: RefCell::new(None),
    });
    for id in ["limit-diagnose", "limit-token", "limit-compare"] {
        set_text(document, id, &limit_text());
    }
    if let Some(g) = document.get_element_by_id("gallery-list") {
        g.set_inner_html(&examples::gallery_html(&examples::gallery(now())));
    }

    let doc_target: &web_sys::EventTarget = document.as_ref();
    {
        let app = Rc::clone(&app);
        listen(doc_target, "click", move |e: web_sys::Event| {
            app.on_click(&e)
        })?;
    }
    {
        let app = Rc::clone(&app);
        listen(doc_target, "input", move |e: web_sys::Event| {
            let id = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .map(|t| t.id())
                .unwrap_or_default();
            if let Some(view) = App::view_of_field(&id) {
                app.schedule(view);
            }
        })?;
    }
    {
        let app = Rc::clone(&app);
        listen(doc_target, "change", move |e: web_sys::Event| {
            let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            if t.id() == "compare-reveal" {
                app.update_reveal();
                return;
            }
            if t.type_() != "file" {
                return;
            }
            let Some(target) = t.get_attribute("data-target") else {
                return;
            };
            if let Some(file) = t.files().and_then(|f| f.get(0)) {
                app.load_file(file, target);
            }
            // Forget the choice: the same file can be opened again, and nothing lingers.
            t.set_value("");
        })?;
    }
    {
        let app = Rc::clone(&app);
        listen(doc_target, "keydown", move |e: web_sys::KeyboardEvent| {
            let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                if let Some(view) = App::view_of_field(&t.id()) {
                    e.prevent_default();
                    app.run(view);
                }
                return;
            }
            if e.key() == "Escape" && t.get_attribute("data-action").as_deref() == Some("tip") {
                t.set_attribute("aria-expanded", "false").ok();
                return;
            }
            app.on_tab_key(&e);
        })?;
    }
    // Files dropped anywhere never navigate away; dropped on a paste area they are opened.
    listen(doc_target, "dragover", move |e: web_sys::DragEvent| {
        e.prevent_default();
    })?;
    {
        let app = Rc::clone(&app);
        listen(doc_target, "drop", move |e: web_sys::DragEvent| {
            e.prevent_default();
            let zone = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("[data-drop]").ok().flatten());
            let Some(zone) = zone else { return };
            let target = zone.get_attribute("data-drop").unwrap_or_default();
            if let Some(file) = e
                .data_transfer()
                .and_then(|dt| dt.files())
                .and_then(|f| f.get(0))
            {
                app.load_file(file, target);
            }
        })?;
    }
    for id in ["token-analyze", "compare-run"] {
        if let Some(b) = document.get_element_by_id(id) {
            let app = Rc::clone(&app);
            let view = if id == "token-analyze" {
                "token"
            } else {
                "compare"
            };
            listen(b.as_ref(), "click", move |_: web_sys::Event| app.run(view))?;
        }
    }
    {
        let app = Rc::clone(&app);
        let w: &web_sys::EventTarget = window.as_ref();
        listen(w, "hashchange", move |_: web_sys::Event| {
            let hash = app.window.location().hash().unwrap_or_default();
            app.route(&hash, true);
        })?;
    }
    let _ = by_id(document, "tabs");
    let hash = window.location().hash().unwrap_or_default();
    app.route(&hash, false);
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_limit_read_naturally() {
        assert_eq!(human_bytes(512.0), "512 bytes");
        assert_eq!(human_bytes(2048.0), "2.0 KB");
        assert!(limit_text().starts_with("Size limit: 64 MiB"));
    }
}
