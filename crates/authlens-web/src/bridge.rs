//! The JavaScript this crate calls, in one typed `extern` block: the analysis client
//! (`window.authlensAnalysis`, `www/analysis-client.js`: the worker and the on-demand modules) and
//! the clipboard. Every import is `catch`: a page without the client (the wasm tests, the
//! single-file build before the client ran) or without a clipboard (an insecure context) gives an
//! `Err`, never an exception through Rust.

use js_sys::Promise;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The whole Diagnose panel for a large paste, rendered in the analysis worker (or on the
    /// main thread where workers are unavailable). `on_progress` gets `{message}` every 250 ms.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = analyzeView)]
    pub fn analyze_view(
        text: &str,
        on_progress: &js_sys::Function,
        inventory_now: Option<f64>,
    ) -> Result<Promise, JsValue>;

    /// Checks the token's signature with a key (the verifier module, loaded on first use).
    /// Resolves to the JSON of the core's `Option<KeyOutcome>`.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = checkKey)]
    pub fn check_key(token: &str, key: &str) -> Result<Promise, JsValue>;

    /// Compares two requests (the Compare module, loaded on first use). Resolves to the JSON of
    /// `{html, summary}`; `now` in seconds.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = compareView)]
    pub fn compare_view(
        working: &str,
        failing: &str,
        working_pick: &str,
        failing_pick: &str,
        now: f64,
    ) -> Result<Promise, JsValue>;

    /// The request in a Diagnose paste (the Compare module holds the request parser). Resolves
    /// to the JSON of `{side: "left"|"right", url}` or `null`.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = requestHandoff)]
    pub fn request_handoff(text: &str) -> Result<Promise, JsValue>;

    /// Downloads the on-demand modules when the browser is idle, for offline use (returns a
    /// promise nobody waits for).
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = precache)]
    pub fn precache() -> Result<JsValue, JsValue>;

    /// `navigator.clipboard.writeText`: absent outside secure contexts.
    #[wasm_bindgen(catch, js_namespace = ["navigator", "clipboard"], js_name = writeText)]
    pub fn clipboard_write_text(text: &str) -> Result<Promise, JsValue>;

    /// A progress report of the analysis client: `{message}`.
    pub type Progress;
    #[wasm_bindgen(method, getter, structural)]
    fn message(this: &Progress) -> JsValue;
}

/// The `message` of a progress report (empty when there is none).
pub fn progress_message(p: &JsValue) -> String {
    if !p.is_object() {
        return String::new();
    }
    p.unchecked_ref::<Progress>()
        .message()
        .as_string()
        .unwrap_or_default()
}

/// The message of a rejection (an `Error`, or whatever was thrown), redacted: error messages
/// can quote input.
pub fn error_message(e: &JsValue) -> String {
    let msg = match e.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => e.as_string().unwrap_or_default(),
    };
    authlens_core::redact::redact(&msg)
}

/// Runs `ok` with the string `promise` resolves to, or `err` with the (redacted) message it
/// rejects with. The closures live until the promise settles (a few bytes per call).
pub fn settle(
    promise: &Promise,
    ok: impl FnOnce(String) + 'static,
    err: impl FnOnce(String) + 'static,
) {
    settle_value(promise, move |v| ok(v.as_string().unwrap_or_default()), err);
}

/// As [`settle`], with the resolved value as is.
pub fn settle_value(
    promise: &Promise,
    ok: impl FnOnce(JsValue) + 'static,
    err: impl FnOnce(String) + 'static,
) {
    let ok = Closure::once(ok);
    let err = Closure::once(move |e: JsValue| err(error_message(&e)));
    let _ = promise.then2(&ok, &err);
    ok.forget();
    err.forget();
}

/// A plain JS object from `value`, through JSON text: serde_json is linked in anyway, and
/// serde-wasm-bindgen would add its own serializer and deserializer (~4 KB gzip of wasm).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("JSON.parse failed"))
}

/// The reverse of [`to_js`] (the worker's answer).
pub fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let json: String = js_sys::JSON::stringify(value)
        .map_err(|_| "JSON.stringify failed".to_string())?
        .into();
    serde_json::from_str(&json).map_err(|e| e.to_string())
}
