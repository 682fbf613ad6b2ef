//! Copy buttons (`data-action="copy"`): the ticket reports, the error details, the share link.
//! Selects the text first, so that where the clipboard is not available (an insecure context,
//! a refused permission) Ctrl+C copies it.

use crate::{bridge, dom};

/// The element copy buttons report to when they say nothing else.
pub const MESSAGE: &str = dom::ids::STATUS;

/// Selects `field`'s text and writes it to the clipboard when allowed; `message` (an element
/// id) then says `done`, or how to copy by hand.
pub fn copy(field: &str, message: &str, done: &str) {
    let text = dom::value(field);
    dom::select(field);
    let fallback = "Selected: press Ctrl+C (⌘C) to copy; the clipboard is not available here.";
    let Ok(promise) = bridge::clipboard_write_text(&text) else {
        dom::set_text(message, fallback);
        return;
    };
    let (m1, m2, done) = (message.to_string(), message.to_string(), done.to_string());
    bridge::settle_value(
        &promise,
        move |_| dom::set_text(&m1, &done),
        move |_| dom::set_text(&m2, fallback),
    );
}
