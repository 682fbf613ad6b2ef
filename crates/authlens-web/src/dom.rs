//! The DOM, as the views use it: element lookups by id, field values (large pastes included, see
//! [`crate::large`]), showing and hiding, focus, the one listener helper [`listen`], and a
//! debounce timer. Nothing here knows a view.

use crate::large;
use std::cell::Cell;
use wasm_bindgen::convert::FromWasmAbi;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, EventTarget, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// Ids of the page's shared chrome (status line and internal-error box).
pub mod ids {
    /// The status line (announced to screen readers).
    pub const STATUS: &str = "status";
    /// The internal-error box; `ERROR_MESSAGE` and `ERROR_DETAILS` inside it.
    pub const ERROR: &str = "error";
    pub const ERROR_MESSAGE: &str = "error-message";
    pub const ERROR_DETAILS: &str = "error-details";
}

/// The browser's clock, in whole seconds.
pub fn now() -> authlens_core::Timestamp {
    authlens_core::Timestamp((js_sys::Date::now() / 1000.0).floor() as i64)
}

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<Document> {
    window()?.document()
}

pub fn by_id(id: &str) -> Option<Element> {
    document()?.get_element_by_id(id)
}

/// An element the page must have.
pub fn require(id: &str) -> Result<Element, JsValue> {
    by_id(id).ok_or_else(|| JsValue::from_str(&format!("AuthLens page is missing #{id}")))
}

pub fn toggle_hidden(el: &Element, hidden: bool) {
    if hidden {
        el.set_attribute("hidden", "").ok();
    } else {
        el.remove_attribute("hidden").ok();
    }
}

/// Hides or shows the element `id`, if the page has it.
pub fn hide(id: &str, hidden: bool) {
    if let Some(el) = by_id(id) {
        toggle_hidden(&el, hidden);
    }
}

pub fn set_text(id: &str, text: &str) {
    if let Some(el) = by_id(id) {
        el.set_text_content(Some(text));
    }
}

/// The status line: what the view shown last did.
pub fn status(text: &str) {
    set_text(ids::STATUS, text);
}

/// Hides the internal-error box: an analysis finished, so an earlier error no longer applies.
pub fn hide_error() {
    hide(ids::ERROR, true);
}

/// The value of a text box or input: all of a large paste, not just what the box shows.
pub fn value(id: &str) -> String {
    let Some(el) = by_id(id) else {
        return String::new();
    };
    if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        large::full_value(id, t.value())
    } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.value()
    } else {
        String::new()
    }
}

/// Sets a text box (holding a large value, see [`large::set_box`]) or an input.
pub fn set_value(id: &str, v: &str) {
    let (Some(document), Some(el)) = (document(), by_id(id)) else {
        return;
    };
    if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        large::set_box(&document, t, v);
    } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(v);
    }
}

/// Whether the checkbox `id` is ticked.
pub fn checked(id: &str) -> bool {
    by_id(id)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|c| c.checked())
}

/// Selects the text of a field (the copy fallback).
pub fn select(id: &str) {
    if let Some(el) = by_id(id) {
        if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
            t.select();
        } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
            i.select();
        }
    }
}

pub fn focus(id: &str) {
    if let Some(el) = by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        el.focus().ok();
    }
}

/// The element an event happened on.
pub fn event_element(e: &web_sys::Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

/// When a listener runs: `Capture` before the target's own listeners (document-wide ones that
/// must act first), `Bubble` otherwise.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Bubble,
    Capture,
}

/// Attaches `f` to `event` on `target` for the page's lifetime: the one place listeners are
/// attached.
pub fn listen<E: FromWasmAbi + 'static>(
    target: &EventTarget,
    event: &str,
    phase: Phase,
    f: impl FnMut(E) + 'static,
) -> Result<(), JsValue> {
    let c = Closure::<dyn FnMut(E)>::new(f);
    target.add_event_listener_with_callback_and_bool(
        event,
        c.as_ref().unchecked_ref(),
        phase == Phase::Capture,
    )?;
    // The page never detaches its listeners.
    c.forget();
    Ok(())
}

/// A debounce timer: [`Debounce::schedule`] runs `f` after `ms` unless scheduled or cancelled
/// again meanwhile.
#[derive(Default)]
pub struct Debounce {
    timer: Cell<Option<i32>>,
}

impl Debounce {
    pub fn cancel(&self) {
        if let (Some(id), Some(w)) = (self.timer.take(), window()) {
            w.clear_timeout_with_handle(id);
        }
    }

    pub fn schedule(&self, ms: i32, f: impl FnOnce() + 'static) {
        self.cancel();
        let Some(w) = window() else { return };
        let f = Closure::once_into_js(f);
        if let Ok(id) =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms)
        {
            self.timer.set(Some(id));
        }
    }
}

/// Puts the person's local time beside every `<time datetime>` under `root` (the page renders
/// times as given, in UTC; the browser knows the person's time zone and locale).
pub fn local_times(root: &Element) {
    let (Some(document), Ok(list)) = (document(), root.query_selector_all("time[datetime]")) else {
        return;
    };
    // One formatter for the page: `toLocaleString` builds one per call (a 20 000-run history:
    // 0.2 s). These options are what `toLocaleString` uses when given none: the same text.
    thread_local! {
        static FORMAT: js_sys::Function = {
            let options = js_sys::Object::new();
            for key in ["year", "month", "day", "hour", "minute", "second"] {
                let _ = js_sys::Reflect::set(&options, &key.into(), &"numeric".into());
            }
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&"default".into()), &options)
                .format()
        };
    }
    let format = FORMAT.with(Clone::clone);
    for i in 0..list.length() {
        let Some(t) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if t.next_element_sibling()
            .is_some_and(|s| s.class_name() == "local-time")
        {
            continue;
        }
        let iso = t.get_attribute("datetime").unwrap_or_default();
        let date = js_sys::Date::new(&JsValue::from_str(&iso));
        if date.get_time().is_nan() {
            continue;
        }
        let local = format
            .call1(&JsValue::UNDEFINED, &date)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let Ok(span) = document.create_element("span") else {
            return;
        };
        span.set_class_name("local-time");
        span.set_text_content(Some(&format!(" ({local} your time)")));
        t.after_with_node_1(&span).ok();
    }
}
