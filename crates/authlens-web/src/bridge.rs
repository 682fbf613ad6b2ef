//! The JavaScript this crate calls, in one typed `extern` block: the analysis client
//! (`window.authlensAnalysis`, `www/analysis-client.js`: the worker and the on-demand modules) and
//! the clipboard. Every import is `catch`: a page without the client (the wasm tests, the
//! single-file build before the client ran) or without a clipboard (an insecure context) gives an
//! `Err`, never an exception through Rust.

use js_sys::{JsString, Promise, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The whole Diagnose panel for a large paste, rendered in the analysis worker (or on the
    /// main thread where workers are unavailable). `on_progress` gets `{message}` every 250 ms;
    /// `settings` is the JSON of the person's settings (`diagnose::Settings`).
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = analyzeView)]
    pub fn analyze_view(
        text: &str,
        on_progress: &js_sys::Function,
        settings: &str,
    ) -> Result<Promise, JsValue>;

    /// Checks the token's signature with a key (the verifier module, loaded on first use).
    /// Resolves to the JSON of the core's `Option<KeyOutcome>`.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = checkKey)]
    pub fn check_key(token: &str, key: &str) -> Result<Promise, JsValue>;

    /// The Token view's result for a large input, inspected and rendered in the analysis worker
    /// (or on the main thread where workers are unavailable). `job` is the JSON of
    /// `token::Job`; resolves to the JSON of `token::Rendered`.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = tokenView)]
    pub fn token_view(text: &str, job: &str) -> Result<Promise, JsValue>;

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

    /// The Rules view, rendered into the page by the full module (loaded on first use): `op`
    /// `index`, `search` (the query in `arg`) or `rule` (the code in `arg`).
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = rulesView)]
    pub fn rules_view(op: &str, arg: &str, focus: bool) -> Result<Promise, JsValue>;

    /// The whole error text of a pasted history's failed run `index` (as the history table
    /// numbers them), read by the full module. Resolves to the text or `null`.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = historyRunError)]
    pub fn history_run_error(paste: &str, index: &str) -> Result<Promise, JsValue>;

    /// A rule's documented example (the full module). Resolves to the text or `null`.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = ruleExample)]
    pub fn rule_example(code: &str) -> Result<Promise, JsValue>;

    /// What the page shell asks of the engine besides the views' analyses (the full module's
    /// `engine` export: `share`, `openLink`, `personal`, `handoff`, `redact`), in the worker or
    /// on the main thread. Resolves to the answer text or `null`.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = engine)]
    pub fn engine(op: &str, text: &str, arg: &str) -> Result<Promise, JsValue>;

    /// Starts the analysis worker and its full module right after ready (the engine warm before
    /// the first paste); sets `<body data-engine="ready">` once it answered.
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = warmUp)]
    pub fn warm_up() -> Result<JsValue, JsValue>;

    /// Downloads the on-demand modules when the browser is idle, for offline use (returns a
    /// promise nobody waits for).
    #[wasm_bindgen(catch, js_namespace = authlensAnalysis, js_name = precache)]
    pub fn precache() -> Result<JsValue, JsValue>;

    /// `navigator.clipboard.writeText`: absent outside secure contexts.
    #[wasm_bindgen(catch, js_namespace = ["navigator", "clipboard"], js_name = writeText)]
    pub fn clipboard_write_text(text: &str) -> Result<Promise, JsValue>;

    /// The browser's `TextEncoder`, for [`utf8_of`].
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new_encoder() -> Utf8Encoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, text: &JsString, into: &Uint8Array) -> EncodeInto;
    type EncodeInto;
    #[wasm_bindgen(method, getter, structural)]
    fn read(this: &EncodeInto) -> u32;
    #[wasm_bindgen(method, getter, structural)]
    fn written(this: &EncodeInto) -> u32;

    /// A `DataTransfer`, for its `getData` as a JS string: web-sys's returns a `String`, which
    /// the glue copies into wasm memory one character at a time (5 MB: ~100 ms); [`utf8_of`]
    /// does not.
    pub type Transfer;
    #[wasm_bindgen(catch, method, js_name = getData)]
    pub fn get_data(this: &Transfer, format: &str) -> Result<JsString, JsValue>;

    /// A text box, for its `value` as a JS string (see [`Transfer`]).
    pub type TextBox;
    #[wasm_bindgen(method, getter, js_name = value)]
    pub fn value_js(this: &TextBox) -> JsString;

    /// A progress report of the analysis client: `{message}`.
    pub type Progress;
    #[wasm_bindgen(method, getter, structural)]
    fn message(this: &Progress) -> JsValue;
}

/// `text` as UTF-8, encoded by the browser straight into wasm memory. A `&str` argument costs
/// more: wasm-bindgen's glue copies it into memory one character at a time in JavaScript before
/// it falls back to `encodeInto` (10 MB: ~16 ms, most of a `JSON.parse` of the same text).
/// The buffer is sized for ASCII first (one byte per UTF-16 unit), and grows for the rest at
/// 3 bytes per unit only when the text is not ASCII. Lone surrogates become U+FFFD, as with
/// wasm-bindgen's own strings.
pub fn utf8_of(text: &JsString) -> String {
    thread_local! {
        static ENCODER: Utf8Encoder = Utf8Encoder::new_encoder();
    }
    let units = text.length() as usize;
    let mut buf = vec![0u8; units];
    let (mut read, mut written) = (0usize, 0usize);
    ENCODER.with(|encoder| loop {
        let rest = if read == 0 {
            text.clone()
        } else {
            text.slice(read as u32, units as u32)
        };
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        // The view is made after the buffer's last resize: growing memory detaches old views.
        let into = Uint8Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            (buf.as_ptr() as usize + written) as u32,
            (buf.len() - written) as u32,
        );
        let r = encoder.encode_into(&rest, &into);
        read += r.read() as usize;
        written += r.written() as usize;
        if read >= units {
            break;
        }
        buf.resize(written + (units - read) * 3, 0);
    });
    buf.truncate(written);
    // encodeInto writes valid UTF-8; the fallback is never taken.
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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
/// can quote input. (The page shell has no redaction: the analysis client redacts the engine's
/// error messages with the engine before they reach it.)
pub fn error_message(e: &JsValue) -> String {
    let msg = match e.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => e.as_string().unwrap_or_default(),
    };
    #[cfg(feature = "full")]
    let msg = authlens_core::redact::redact(&msg);
    msg
}

/// Whether the engine answered once (`<body data-engine="ready">`): until then a paste waits for
/// the full module, and the status says so.
pub fn engine_ready() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .and_then(|b| b.get_attribute("data-engine"))
        .is_some_and(|v| v == "ready")
}

/// What the status line says while a paste waits for the engine's first answer.
pub const LOADING_ENGINE: &str =
    "Loading the analyser… (once per visit; your paste stays in this page)";

/// Asks the engine (see [`engine`]); `ok` gets the answer (`None`: no answer), `err` the
/// (redacted) message. `Err` when the page has no analysis client (the wasm tests).
pub fn ask_engine(
    op: &str,
    text: &str,
    arg: &str,
    ok: impl FnOnce(Option<String>) + 'static,
    err: impl FnOnce(String) + 'static,
) -> Result<(), JsValue> {
    let promise = engine(op, text, arg)?;
    settle_value(&promise, move |v| ok(v.as_string()), err);
    Ok(())
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
    let json =
        utf8_of(&js_sys::JSON::stringify(value).map_err(|_| "JSON.stringify failed".to_string())?);
    serde_json::from_str(&json).map_err(|e| e.to_string())
}
