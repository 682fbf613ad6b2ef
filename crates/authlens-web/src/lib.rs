//! AuthLens page: the thin layer between the DOM and `authlens-core`.
//!
//! One module per view ([`diagnose`], [`token`], [`compare`], [`rules`]; a run or refresh
//! history is rendered by [`history`] inside Diagnose, an Entra sign-in log by [`signins`], a
//! definition audit by [`audit`], a credential and connection inventory by [`inventory`]), the shared chrome around them
//! ([`chrome`]: share links, reports, examples, files; [`large`]: large pastes), and the shell that routes
//! between them ([`shell`], [`route`], [`view`]). [`dom`] is the DOM as the views use it,
//! [`bridge`] the JavaScript they call, [`text`] the pure primitives everything shares. No
//! analysis logic lives here, and nothing here talks to the network: the page's CSP
//! (`www/index.html`) would block it anyway.
//!
//! Built without its `full` feature this is the page shell (the page's start module): it calls
//! no analysis of the core and asks the full module for every one (the analysis worker, or the
//! full module on the main thread; [`engine`] is what it asks besides the views' analyses).
//!
//! This file: the wasm entry point, the panic hook and the JS exports.

pub mod audit;
pub mod b64;
pub mod bridge;
pub mod chrome;
pub mod compare;
pub mod diagnose;
pub mod dom;
#[cfg(feature = "full")]
pub mod engine;
pub mod history;
pub mod inventory;
pub mod large;
pub mod panel;
pub mod route;
pub mod rules;
pub mod shell;
pub mod signins;
pub mod text;
pub mod token;
pub mod view;

#[cfg(feature = "full")]
use authlens_core::Options;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub use panel::DEBOUNCE_MS;

/// The message shown when Rust panics; the details follow it, redacted.
pub const INTERNAL_ERROR: &str =
    "AuthLens hit an internal error; your input stayed in this page; details: ";

/// Runs once when the wasm module is instantiated: installs the panic hook, wires the page if the
/// page is there (it is not in `wasm-bindgen-test`, nor in the analysis worker), and flags
/// readiness.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    install_panic_hook();
    // Not when the page is wired already: the full module (crates/authlens-full-web), loaded on
    // the main thread where there is no worker, is this crate too.
    if dom::by_id(diagnose::ids::INPUT).is_some() && !already_mounted() {
        mount()?;
    }
    Ok(())
}

/// Whether a module of this crate wired the page already (`window.authlensReady`).
fn already_mounted() -> bool {
    dom::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"authlensReady".into()).ok())
        .is_some_and(|v| v.is_truthy())
}

/// Shows a panic in the page and the console. Installed once; keeps the default console output.
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            show_internal_error(&shown_panic(info));
        }));
    });
}

/// Puts the (redacted) panic message in the error region. Must never panic itself.
fn show_internal_error(details: &str) {
    let Some(document) = dom::document() else {
        return;
    };
    let details = panic_details(details);
    let message = format!("{INTERNAL_ERROR}{details}");
    if let Some(error) = document.get_element_by_id(dom::ids::ERROR) {
        // The page has a message line and a details field with a Copy button; a bare page
        // (the wasm tests) only the container.
        match document.get_element_by_id(dom::ids::ERROR_MESSAGE) {
            Some(m) => m.set_text_content(Some(&message)),
            None => error.set_text_content(Some(&message)),
        }
        if let Some(field) = document
            .get_element_by_id(dom::ids::ERROR_DETAILS)
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            field.set_value(&format!(
                "AuthLens {} internal error: {details}",
                env!("CARGO_PKG_VERSION")
            ));
        }
        let _ = error.remove_attribute("hidden");
    }
    if let Some(status) = document.get_element_by_id(dom::ids::STATUS) {
        status.set_text_content(Some("AuthLens hit an internal error"));
    }
}

/// The panic as the page may show it. With the engine: the whole message, redacted below.
#[cfg(feature = "full")]
fn shown_panic(info: &std::panic::PanicHookInfo<'_>) -> String {
    info.to_string()
}

/// The page shell has no redaction (it is the engine's, in the full module): it shows a panic's
/// message only when it is a literal of the code (`&'static str`), which cannot quote a paste,
/// and otherwise where it happened only.
#[cfg(not(feature = "full"))]
fn shown_panic(info: &std::panic::PanicHookInfo<'_>) -> String {
    let place = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_default();
    match info.payload().downcast_ref::<&'static str>() {
        Some(m) => format!("panicked at {place}: {m}"),
        None => format!("panicked at {place} (message not shown: it may quote your input)"),
    }
}

#[cfg(feature = "full")]
fn panic_details(details: &str) -> String {
    authlens_core::redact::redact(details)
}

/// Already reduced to code text by [`shown_panic`].
#[cfg(not(feature = "full"))]
fn panic_details(details: &str) -> String {
    details.to_string()
}

/// Test-only: panics on purpose so the end-to-end tests can prove that a panic is shown in the
/// page and that the next paste is still analysed. Not part of the API; never called by the page.
#[doc(hidden)]
#[wasm_bindgen]
pub fn __authlens_test_panic() {
    panic!("deliberate test panic (AuthLens end-to-end test)");
}

/// Wires the page (see [`shell::mount`]), then flags readiness (`window.authlensReady`,
/// `<body data-ready="true">`). Public for the wasm tests, which build the page themselves.
pub fn mount() -> Result<(), JsValue> {
    shell::mount()?;
    let window = dom::window().ok_or("no window")?;
    js_sys::Reflect::set(&window, &"authlensReady".into(), &JsValue::TRUE)?;
    if let Some(body) = dom::document().and_then(|d| d.body()) {
        body.set_attribute("data-ready", "true")?;
    }
    // This module has the engine itself (the single-file page, the wasm tests): analyses are
    // possible now.
    #[cfg(feature = "full")]
    body_engine_ready();
    // Right after readiness, never before: the analysis worker and its full module, so the
    // engine is warm by the time anyone pastes (the page shell has no analysis of its own).
    // (No client in the wasm tests: nothing to do.)
    let _ = bridge::warm_up();
    // Then, when idle: Compare and the verifier for offline use.
    let _ = bridge::precache();
    Ok(())
}

/// `<body data-engine="ready">`: analyses can run (the client sets it when the full module first
/// answered).
#[cfg(feature = "full")]
fn body_engine_ready() {
    if let Some(body) = dom::document().and_then(|d| d.body()) {
        let _ = body.set_attribute("data-engine", "ready");
    }
}

/// For scripts (the full module's: on the page, `await authlensAnalysis.engineBindings()`):
/// diagnoses `text` with the browser's clock and returns the report as a plain object. Evidence `start`/`end` are UTF-16 indices into `text` (JavaScript string indices);
/// the core's UTF-8 byte offsets stay in `byte_start`/`byte_end`. The text crosses into wasm
/// through [`bridge::utf8_of`] (no per-character copy in the glue).
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = diagnose)]
pub fn diagnose_js(text: &js_sys::JsString) -> Result<JsValue, JsError> {
    let text = &bridge::utf8_of(text);
    let report = authlens_core::diagnose(text, &Options::at(dom::now()));
    bridge::to_js(&diagnose::render::report_json_utf16(text, &report))
}

/// For scripts: the rule registry, with each rule's documentation (the full module's: the
/// page's start module has no documentation).
#[cfg(feature = "full")]
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsError> {
    bridge::to_js(&authlens_core::rules::registry())
}

/// For the page's start module (`www/analysis-client.js`, `rulesView`): renders the Rules view
/// into the page, as the start module's shell asks (`op`: `index`, `search` with the query in
/// `arg`, `rule` with the code in `arg`; `focus`: then focus the rule's heading).
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = rulesView)]
pub fn rules_view_js(op: &str, arg: &str, focus: bool) {
    match op {
        "index" => rules::show_index(),
        "search" => rules::search(arg),
        "rule" => rules::show_rule(arg, focus),
        _ => {}
    }
}

/// For the page's start module (`historyRunError`): the whole error text of failed run `index`
/// of the pasted history (the history table's numbering), if it can be read.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = historyRunError)]
pub fn history_run_error_js(paste: &js_sys::JsString, index: &str) -> Option<String> {
    let paste = bridge::utf8_of(paste);
    index
        .parse()
        .ok()
        .and_then(|i| authlens_core::history::run_error(&paste, i))
}

/// For the page's start module (`ruleExample`): the Diagnose paste of a rule's documented
/// example (the "Try this example" button), if it has one.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = ruleExample)]
pub fn rule_example_js(code: &str) -> Option<String> {
    rules::example(code)
}

/// The version of this build.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// For the analysis worker (`www/worker.js`, op `view`): the whole Diagnose panel for `text`,
/// rendered, with the browser's clock and the person's settings (`settings`: the JSON of
/// [`diagnose::Settings`]: run time, platform, an inventory's date, the page's clock; absent or
/// unreadable: none).
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = analyzeView)]
pub fn analyze_view_js(
    text: &js_sys::JsString,
    settings: Option<String>,
) -> Result<JsValue, JsError> {
    let text = bridge::utf8_of(text);
    let settings: diagnose::Settings = settings
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let opts = settings.options(
        settings
            .now
            .map(authlens_core::Timestamp)
            .unwrap_or_else(dom::now),
    );
    bridge::to_js(&diagnose::outcome::diagnose_view_with(
        &text,
        &opts,
        settings.inventory_now.map(authlens_core::Timestamp),
    ))
}

/// For the analysis worker (`www/worker.js`, op `token`): the Token view's result for `text`
/// (JSON of `token::Rendered`), from the view's fields in `job` (JSON of `token::Job`).
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = tokenView)]
pub fn token_view_js(text: &js_sys::JsString, job: &str) -> Result<String, JsError> {
    let text = bridge::utf8_of(text);
    let job: token::Job = serde_json::from_str(job).map_err(|e| JsError::new(&e.to_string()))?;
    serde_json::to_string(&token::render_job(&text, &job)).map_err(|e| JsError::new(&e.to_string()))
}

/// For the page shell (`www/analysis-client.js` `engine`, in the worker or on the main thread):
/// what the shell needs of the engine besides the views' analyses (see [`engine::call`]:
/// share links, the personal-data option, the token hand-off).
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = engine)]
pub fn engine_js(op: &str, text: &js_sys::JsString, arg: &str) -> Option<String> {
    engine::call(op, &bridge::utf8_of(text), arg)
}
