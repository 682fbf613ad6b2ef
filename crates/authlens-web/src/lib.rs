//! AuthLens page: the thin layer between the DOM and `authlens-core`.
//!
//! It attaches the listeners, calls [`authlens_core::diagnose`] and renders the report (see
//! [`render`]). No analysis logic lives here. Nothing here talks to the network: the page's CSP
//! (`www/index.html`) would block it anyway.
//!
//! Element ids the page must provide (see `www/index.html`): `input`, `analyze`, `status`,
//! `error`, `result`, `input-kind`, `verdict`, `findings`, `no-findings`, `notes-section`,
//! `notes`, `highlighted`; the other views (`view-token`, `view-compare`, `view-rules`, share,
//! reports, gallery) are optional and wired by [`app`] when present.

mod app;
pub mod b64;
pub mod examples;
pub mod history_view;
pub mod large;
pub mod markdown;
pub mod render;
pub mod route;
pub mod share;
pub mod token_view;
pub mod view;

use authlens_core::{Options, Timestamp};
use serde::Serialize;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlTextAreaElement};

/// Delay between the last keystroke and the analysis.
pub const DEBOUNCE_MS: i32 = 250;

/// The message shown when Rust panics; the details follow it, redacted.
pub const INTERNAL_ERROR: &str =
    "AuthLens hit an internal error; your input stayed in this page; details: ";

/// Runs once when the wasm module is instantiated: installs the panic hook, wires the page if the
/// page is there (it is not in `wasm-bindgen-test`), and flags readiness.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    install_panic_hook();
    let Some(document) = document() else {
        return Ok(());
    };
    if document.get_element_by_id("input").is_some() {
        mount()?;
    }
    Ok(())
}

/// Shows a panic in the page and the console. Installed once; keeps the default console output.
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            show_internal_error(&info.to_string());
        }));
    });
}

/// Puts the (redacted) panic message in the error region. Must never panic itself.
fn show_internal_error(details: &str) {
    let Some(document) = document() else {
        return;
    };
    let details = authlens_core::redact::redact(details);
    let message = format!("{INTERNAL_ERROR}{details}");
    if let Some(error) = document.get_element_by_id("error") {
        // The page has a message line and a details field with a Copy button; a bare page
        // (the wasm tests) only the container.
        match document.get_element_by_id("error-message") {
            Some(m) => m.set_text_content(Some(&message)),
            None => error.set_text_content(Some(&message)),
        }
        if let Some(field) = document
            .get_element_by_id("error-details")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            field.set_value(&format!(
                "AuthLens {} internal error: {details}",
                env!("CARGO_PKG_VERSION")
            ));
        }
        let _ = error.remove_attribute("hidden");
    }
    if let Some(status) = document.get_element_by_id("status") {
        status.set_text_content(Some("AuthLens hit an internal error"));
    }
}

/// Test-only: panics on purpose so the end-to-end tests can prove that a panic is shown in the
/// page and that the next paste is still analysed. Not part of the API; never called by the page.
#[doc(hidden)]
#[wasm_bindgen]
pub fn __authlens_test_panic() {
    panic!("deliberate test panic (AuthLens end-to-end test)");
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0).floor() as i64)
}

/// The Diagnose view's elements. Immutable after [`mount`]: no `RefCell` is ever borrowed
/// across a call into the core, so a panic leaves no state behind.
struct Page {
    input: HtmlTextAreaElement,
    status: Element,
    error: Element,
    result: Element,
    kind: Element,
    verdict: Element,
    findings: Element,
    no_findings: Element,
    notes_section: Element,
    notes: Element,
    highlighted: Element,
    /// Where a pasted run or refresh history is shown (absent in the wasm tests' minimal page).
    history: Option<Element>,
}

fn by_id(document: &Document, id: &str) -> Result<Element, JsValue> {
    document
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("AuthLens page is missing #{id}")))
}

impl Page {
    fn find(document: &Document) -> Result<Page, JsValue> {
        Ok(Page {
            input: by_id(document, "input")?.dyn_into::<HtmlTextAreaElement>()?,
            status: by_id(document, "status")?,
            error: by_id(document, "error")?,
            result: by_id(document, "result")?,
            kind: by_id(document, "input-kind")?,
            verdict: by_id(document, "verdict")?,
            findings: by_id(document, "findings")?,
            no_findings: by_id(document, "no-findings")?,
            notes_section: by_id(document, "notes-section")?,
            notes: by_id(document, "notes")?,
            highlighted: by_id(document, "highlighted")?,
            history: document.get_element_by_id("history"),
        })
    }

    /// The Diagnose text: all of a large paste, not just what the box shows.
    fn text(&self) -> String {
        large::full_value(&self.input.id(), self.input.value())
    }

    fn analyze(&self) {
        let text = self.text();
        if text.trim().is_empty() {
            if let Some(h) = self.history.as_ref() {
                toggle_hidden(h, true);
            }
            self.result.set_attribute("hidden", "").ok();
            self.status.set_text_content(Some(""));
            self.error.set_attribute("hidden", "").ok();
            return;
        }
        if text.len() >= view::WORKER_THRESHOLD_BYTES && self.analyze_in_worker(&text) {
            return;
        }
        self.apply(&view::diagnose_view(&text, now()));
    }

    /// Hands a large paste to the analysis worker (`window.authlensAnalysis`, from
    /// `www/analysis-client.js`); false when the page has none (the wasm tests, old browsers).
    fn analyze_in_worker(&self, text: &str) -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let Ok(client) = js_sys::Reflect::get(&window, &"authlensAnalysis".into()) else {
            return false;
        };
        let Ok(run) = js_sys::Reflect::get(&client, &"analyzeInWorker".into()) else {
            return false;
        };
        let Ok(run) = run.dyn_into::<js_sys::Function>() else {
            return false;
        };
        let options = js_sys::Object::new();
        let status = self.status.clone();
        let on_progress = Closure::<dyn FnMut(JsValue)>::new(move |p: JsValue| {
            if let Some(m) = js_sys::Reflect::get(&p, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
            {
                status.set_text_content(Some(&m));
            }
        });
        let _ = js_sys::Reflect::set(&options, &"onProgress".into(), on_progress.as_ref());
        let _ = js_sys::Reflect::set(&options, &"op".into(), &"view".into());
        on_progress.forget();
        let Ok(promise) = run.call2(&client, &JsValue::from_str(text), &options) else {
            return false;
        };
        let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
            return false;
        };
        self.status
            .set_text_content(Some(&format!("Analysing {} KB…", text.len() / 1024)));
        let sent = text.to_string();
        let done = Closure::once(move |v: JsValue| {
            let page = PAGE.with(|p| p.borrow().clone());
            // A newer paste replaced this one while the worker ran: its own analysis applies.
            if page.as_ref().is_none_or(|p| p.text() != sent) {
                return;
            }
            if let (Some(page), Ok(view)) = (page, from_js::<view::DiagnoseView>(&v)) {
                page.apply(&view);
            }
        });
        let status = self.status.clone();
        let failed = Closure::once(move |e: JsValue| {
            let msg = js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            if msg.contains("Abort") {
                return;
            }
            status.set_text_content(Some(&format!(
                "The analysis of this large paste failed: {}",
                authlens_core::redact::redact(&msg)
            )));
        });
        let _ = promise.then2(&done, &failed);
        done.forget();
        failed.forget();
        true
    }

    fn apply(&self, v: &view::DiagnoseView) {
        if let Some(history_html) = &v.history_html {
            if let Some(history) = self.history.as_ref() {
                if let Some(body) = document().and_then(|d| d.get_element_by_id("history-body")) {
                    body.set_inner_html(history_html);
                }
                toggle_hidden(&self.result, true);
                toggle_hidden(&self.error, true);
                toggle_hidden(history, false);
                self.status.set_text_content(Some(&v.status));
                return;
            }
        }
        if let Some(h) = self.history.as_ref() {
            toggle_hidden(h, true);
        }
        self.kind.set_text_content(Some(&v.kind_line));
        self.kind.set_attribute("data-kind", &v.data_kind).ok();
        self.kind
            .set_attribute("data-platform", &v.data_platform)
            .ok();
        self.verdict.set_text_content(Some(&v.verdict));
        self.findings.set_inner_html(&v.findings_html);
        toggle_hidden(&self.no_findings, v.has_findings);
        self.notes.set_inner_html(&v.notes_html);
        toggle_hidden(&self.notes_section, !v.has_notes);
        self.highlighted.set_inner_html(&v.highlighted_html);
        if let Some(document) = document() {
            app::render_extras(&document, v);
        }
        toggle_hidden(&self.result, false);
        // The analysis finished: an earlier internal error no longer applies.
        toggle_hidden(&self.error, true);
        self.status.set_text_content(Some(&v.status));
    }
}

thread_local! {
    /// The mounted page, for results that arrive later (the worker).
    static PAGE: std::cell::RefCell<Option<Rc<Page>>> = const { std::cell::RefCell::new(None) };
}

fn toggle_hidden(el: &Element, hidden: bool) {
    if hidden {
        el.set_attribute("hidden", "").ok();
    } else {
        el.remove_attribute("hidden").ok();
    }
}

/// Wires the page: analysis on the Analyze button, on Ctrl/Cmd+Enter, and as you type
/// (debounced by [`DEBOUNCE_MS`]); then, when the page has them, the Token, Compare and Rules
/// views, sharing, reports, files and the gallery ([`app`]). Then flags readiness
/// (`window.authlensReady`, `<body data-ready="true">`). Public for the wasm tests, which build
/// the page themselves.
pub fn mount() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let page = Rc::new(Page::find(&document)?);
    PAGE.with(|p| *p.borrow_mut() = Some(Rc::clone(&page)));
    let timer: Rc<Cell<Option<i32>>> = Rc::new(Cell::new(None));

    let run = {
        let page = Rc::clone(&page);
        let timer = Rc::clone(&timer);
        Closure::<dyn FnMut()>::new(move || {
            timer.set(None);
            page.analyze();
        })
    };
    let run_fn: js_sys::Function = run.as_ref().unchecked_ref::<js_sys::Function>().clone();
    run.forget();

    let cancel = {
        let window = window.clone();
        let timer = Rc::clone(&timer);
        move || {
            if let Some(id) = timer.take() {
                window.clear_timeout_with_handle(id);
            }
        }
    };

    {
        // Capture phase on the document: a large paste is shortened in its box before any other
        // listener runs and before the browser lays it out.
        let doc = document.clone();
        let on_input = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if let Some(box_) = large::event_box(&e) {
                large::hold_if_large(&doc, &box_);
            }
        });
        document.add_event_listener_with_callback_and_bool(
            "input",
            on_input.as_ref().unchecked_ref(),
            true,
        )?;
        on_input.forget();
    }

    {
        let window = window.clone();
        let timer = Rc::clone(&timer);
        let run_fn = run_fn.clone();
        let cancel = cancel.clone();
        let on_input = Closure::<dyn FnMut()>::new(move || {
            cancel();
            if let Ok(id) =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&run_fn, DEBOUNCE_MS)
            {
                timer.set(Some(id));
            }
        });
        page.input
            .add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())?;
        on_input.forget();
    }

    {
        let page2 = Rc::clone(&page);
        let cancel = cancel.clone();
        let on_click = Closure::<dyn FnMut()>::new(move || {
            cancel();
            page2.analyze();
        });
        by_id(&document, "analyze")?
            .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
    }

    let analyze_now: Rc<dyn Fn()> = {
        let page2 = Rc::clone(&page);
        let cancel = cancel.clone();
        Rc::new(move || {
            cancel();
            page2.analyze();
        })
    };

    {
        let analyze_now = Rc::clone(&analyze_now);
        let on_key =
            Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                    e.prevent_default();
                    analyze_now();
                }
            });
        page.input
            .add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
        on_key.forget();
    }

    // The other views, when the page has them (the wasm tests mount the Diagnose view alone).
    if document.get_element_by_id("view-token").is_some() {
        app::mount(&window, &document, analyze_now)?;
    }

    // A paste restored by the browser (back/forward cache, form restore) is analysed at once.
    page.analyze();

    js_sys::Reflect::set(&window, &"authlensReady".into(), &JsValue::TRUE)?;
    if let Some(body) = document.body() {
        body.set_attribute("data-ready", "true")?;
    }
    Ok(())
}

/// A plain JS object from `value`, through JSON text: serde_json is linked in anyway, and
/// serde-wasm-bindgen would add its own serializer and deserializer (~4 KB gzip of wasm).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("JSON.parse failed"))
}

/// The reverse of [`to_js`] (the worker's answer).
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let json: String = js_sys::JSON::stringify(value)
        .map_err(|_| "JSON.stringify failed".to_string())?
        .into();
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

/// For scripts: diagnoses `text` with the browser's clock and returns the report as a plain
/// object. Evidence `start`/`end` are UTF-16 indices into `text` (JavaScript string indices);
/// the core's UTF-8 byte offsets stay in `byte_start`/`byte_end`.
#[wasm_bindgen(js_name = diagnose)]
pub fn diagnose_js(text: &str) -> Result<JsValue, JsError> {
    let report = authlens_core::diagnose(text, &Options::at(now()));
    to_js(&render::report_json_utf16(text, &report))
}

/// For scripts: the rule registry.
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsError> {
    to_js(&authlens_core::rules::registry())
}

/// The version of this build.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// For the analysis worker (`www/worker.js`, op `view`): the whole Diagnose panel for `text`,
/// rendered, with the browser's clock.
#[wasm_bindgen(js_name = analyzeView)]
pub fn analyze_view_js(text: &str) -> Result<JsValue, JsError> {
    to_js(&view::diagnose_view(text, now()))
}
