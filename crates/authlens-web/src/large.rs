//! Large pastes in the text boxes. Laying out megabytes of text in a `<textarea>` stalls the
//! browser's main thread for most of a second (3 MB: about 0.6 s of text shaping), so a box that
//! receives a paste of [`HOLD_BYTES`] or more keeps the whole text here and shows only its start.
//! Everything that reads a box reads it through [`full_value`], so the analysis, the hand-offs and
//! the share link still see every byte. A paste (Ctrl+V) of that size never enters the box at all:
//! [`on_paste`] takes it from the clipboard event into memory, so the browser neither inserts nor
//! lays out megabytes (5 MB through the box blocked the page 1–4 s). Editing the shortened box
//! asks first ([`on_beforeinput`]): it would drop the hidden part, and from then on the box holds
//! what it shows.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlTextAreaElement};

/// Pastes this large are held (the size at which the analysis moves to the worker, too).
pub const HOLD_BYTES: usize = crate::text::LARGE_PASTE_BYTES;
/// How much of a held paste the box shows.
pub const PREVIEW_BYTES: usize = 64 * 1024;

/// JSON nested deeper than this is analysed in the worker whatever its size: 100 000 levels are
/// only 200 KB, and the parsers' work on them blocked the page for seconds.
pub const DEEP_NESTING: usize = 2_000;

/// Whether the analysis of `text` belongs in the worker: large, or nested deeper than
/// [`DEEP_NESTING`] (brackets outside JSON strings; one pass, ~0.1 ms per 100 KB).
pub fn needs_worker(text: &str) -> bool {
    if text.len() >= HOLD_BYTES {
        return true;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in text.as_bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > DEEP_NESTING {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

struct Held {
    id: String,
    preview: String,
    full: String,
}

thread_local! {
    /// One held paste per box; a handful of boxes, so a list.
    static HELD: RefCell<Vec<Held>> = const { RefCell::new(Vec::new()) };
}

/// The text box `id` stands for: the held paste while the box still shows its preview,
/// otherwise `shown` (what the box holds).
pub fn full_value(id: &str, shown: String) -> String {
    HELD.with(|h| {
        let mut h = h.borrow_mut();
        match h.iter().position(|x| x.id == id) {
            Some(i) if h[i].preview == shown => h[i].full.clone(),
            Some(i) => {
                // Edited or replaced: the box's own content counts from now on.
                h.remove(i);
                shown
            }
            None => shown,
        }
    })
}

/// After `box_`'s value changed: a large value is held and the box shows its start.
pub fn hold_if_large(document: &Document, box_: &HtmlTextAreaElement) {
    // Megabytes when the browser inserted a large paste itself (a drop, or a script).
    let shown = crate::bridge::utf8_of(&box_.unchecked_ref::<crate::bridge::TextBox>().value_js());
    if is_held(&box_.id(), &shown) {
        // Still the preview of a held paste (the input event `on_paste` sends).
        return;
    }
    keep(document, box_, shown, false);
}

/// Whether box `id` shows the preview of a held paste.
fn is_held(id: &str, shown: &str) -> bool {
    HELD.with(|h| h.borrow().iter().any(|x| x.id == id && x.preview == shown))
}

/// The byte offset of UTF-16 index `at` in `text` (the end when past it).
fn byte_of_utf16(text: &str, at: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units >= at {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The box's selection as byte offsets into `shown` (the caret at the end when unknown).
fn selection(box_: &HtmlTextAreaElement, shown: &str) -> (usize, usize) {
    let start = box_.selection_start().ok().flatten();
    let end = box_.selection_end().ok().flatten();
    match (start, end) {
        (Some(s), Some(e)) => {
            let (s, e) = (byte_of_utf16(shown, s), byte_of_utf16(shown, e));
            (s.min(e), e)
        }
        _ => (shown.len(), shown.len()),
    }
}

/// A `paste` event (capture phase): a paste of [`HOLD_BYTES`] or more goes straight into memory,
/// spliced into the box's text at its selection, and the box shows the start; the default
/// insertion is cancelled. Then an `input` event tells the views, as a typed paste would.
pub fn on_paste(document: &Document, e: &web_sys::ClipboardEvent) {
    let Some(box_) = event_box(e) else { return };
    let Some(data) = e.clipboard_data() else {
        return;
    };
    let data: &crate::bridge::Transfer = data.unchecked_ref();
    let Ok(pasted) = data.get_data("text/plain") else {
        return;
    };
    // UTF-16 units: at most the UTF-8 length, so no large paste is missed this way.
    let units = pasted.length() as usize;
    if units < HOLD_BYTES / 3 {
        return;
    }
    // This many units make at least as many bytes; fewer may still (text that is not ASCII is
    // longer in UTF-8), which is measured now, on at most a few hundred KB.
    if units < HOLD_BYTES && crate::bridge::utf8_of(&pasted).len() < HOLD_BYTES {
        return;
    }
    e.prevent_default();
    let id = box_.id();
    let shown = box_.value();
    let (start, end) = selection(&box_, &shown);
    // Copying the paste into memory, showing the preview (64 KB of text laid out in the box)
    // and telling the views happen in a task of their own: with the browser's own reading of
    // megabytes from the clipboard (which the event must wait for) they were one block of the
    // main thread; split, the page can paint and take input in between.
    let show = {
        let (document, box_) = (document.clone(), box_.clone());
        move || {
            let pasted = crate::bridge::utf8_of(&pasted);
            // The preview is the start of the held text, so offsets into it are offsets into
            // the whole.
            let whole = full_value(&id, shown);
            let (start, end) = (start.min(whole.len()), end.min(whole.len()));
            let mut value = String::with_capacity(whole.len() - (end - start) + pasted.len());
            value.push_str(&whole[..start]);
            value.push_str(&pasted);
            value.push_str(&whole[end..]);
            drop(pasted);
            keep(&document, &box_, value, true);
            if let Ok(input) = web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            }) {
                let _ = box_.dispatch_event(&input);
            }
        }
    };
    let later = wasm_bindgen::closure::Closure::once_into_js(show);
    let queued = web_sys::window().is_some_and(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 0)
            .is_ok()
    });
    if !queued {
        // No timer (never in a page): at once, as before.
        if let Ok(f) = later.dyn_into::<js_sys::Function>() {
            let _ = f.call0(&wasm_bindgen::JsValue::NULL);
        }
    }
}

/// A `beforeinput` event (capture phase) in a box that shows the start of a held paste: the edit
/// would leave the hidden part out of the analysis, so the person is asked first (not when the
/// whole box is selected: that replaces the paste anyway). Declined, the edit is cancelled.
pub fn on_beforeinput(document: &Document, e: &web_sys::Event) {
    let Some(box_) = event_box(e) else { return };
    let id = box_.id();
    // Every keystroke in every box comes here: only a box with a held paste reads its value.
    if !HELD.with(|h| h.borrow().iter().any(|x| x.id == id)) {
        return;
    }
    let shown = box_.value();
    if !is_held(&id, &shown) {
        return;
    }
    let (start, end) = selection(&box_, &shown);
    let bytes = full_value(&id, shown.clone()).len();
    if start == 0 && end == shown.len() {
        drop_held(document, &id);
        return;
    }
    let question = format!(
        "The box shows only the first {} KB of your {} paste. Editing it analyses only what the box then shows: the rest is dropped. Edit anyway?",
        PREVIEW_BYTES / 1024,
        crate::text::human_bytes(bytes as f64)
    );
    // web_sys rather than crate::dom: dom reads boxes through this module.
    let yes = web_sys::window()
        .and_then(|w| w.confirm_with_message(&question).ok())
        .unwrap_or(false);
    if yes {
        drop_held(document, &id);
    } else {
        e.prevent_default();
        if let Some(status) = document.get_element_by_id("status") {
            status.set_text_content(Some("Not edited: the whole paste is kept."));
        }
    }
}

/// Forgets the held paste of box `id` (the box's own text counts from now on).
fn drop_held(document: &Document, id: &str) {
    HELD.with(|h| h.borrow_mut().retain(|x| x.id != id));
    set_note(document, id, None);
}

/// Sets a text box's content, holding it when large: what file opening, examples and share
/// links use, so they never lay out megabytes either (nor put them in the box first).
pub fn set_box(document: &Document, box_: &HtmlTextAreaElement, value: &str) {
    keep(document, box_, value.to_string(), true);
}

/// `value` is the box's new content; `fill`: it is not in the box yet.
fn keep(document: &Document, box_: &HtmlTextAreaElement, value: String, fill: bool) {
    let id = box_.id();
    if value.len() < HOLD_BYTES {
        if fill {
            box_.set_value(&value);
        }
        // Drops a held paste the box no longer shows.
        full_value(&id, value);
        set_note(document, &id, None);
        return;
    }
    let preview = value[..crate::text::floor_boundary(&value, PREVIEW_BYTES)].to_string();
    box_.set_value(&preview);
    set_note(document, &id, Some(value.len()));
    HELD.with(|h| {
        let mut h = h.borrow_mut();
        h.retain(|x| x.id != id);
        h.push(Held {
            id,
            preview,
            full: value,
        });
    });
}

/// The note under a box that says its paste is shortened (`<p id="{id}-held">`, made on first
/// use and referenced from the box's `aria-describedby`).
fn set_note(document: &Document, id: &str, held_bytes: Option<usize>) {
    let note_id = format!("{id}-held");
    let existing = document.get_element_by_id(&note_id);
    let Some(bytes) = held_bytes else {
        if let Some(n) = existing {
            n.set_attribute("hidden", "").ok();
        }
        return;
    };
    let note = match existing {
        Some(n) => n,
        None => {
            let Some(box_) = document.get_element_by_id(id) else {
                return;
            };
            let Ok(n) = document.create_element("p") else {
                return;
            };
            n.set_id(&note_id);
            n.set_class_name("hint held");
            n.set_attribute("data-testid", &format!("{id}-held")).ok();
            n.set_attribute("role", "status").ok();
            box_.after_with_node_1(&n).ok();
            let described = box_.get_attribute("aria-describedby").unwrap_or_default();
            if !described.split(' ').any(|d| d == note_id) {
                let joined = format!("{described} {note_id}");
                box_.set_attribute("aria-describedby", joined.trim()).ok();
            }
            n
        }
    };
    let readonly = document
        .get_element_by_id(id)
        .is_some_and(|b| b.has_attribute("readonly"));
    let size = crate::text::human_bytes(bytes as f64);
    let kb = PREVIEW_BYTES / 1024;
    note.set_text_content(Some(&if readonly {
        // A result box (the Token view's redacted form): nothing to edit, Copy takes it all.
        format!("Long: {size}. The box shows the first {kb} KB; Copy copies all of it.")
    } else {
        format!("Large paste: {size}. The box shows the first {kb} KB; AuthLens analyses all of it. Editing the box analyses only what it then shows.")
    }));
    note.remove_attribute("hidden").ok();
}

/// The text box an input event came from, if it is one.
pub fn event_box(e: &web_sys::Event) -> Option<HtmlTextAreaElement> {
    e.target()?.dyn_into::<HtmlTextAreaElement>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_or_large_pastes_go_to_the_worker() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(deep.len() < HOLD_BYTES && needs_worker(&deep));
        assert!(needs_worker(&"x".repeat(HOLD_BYTES)));
        // Brackets inside strings are text, and closed brackets do not add up.
        let quoted = format!("{{\"a\": \"{}\"}}", "[".repeat(5_000));
        assert!(!needs_worker(&quoted));
        assert!(!needs_worker(&"[]".repeat(50_000)));
        let escaped = format!("{{\"a\": \"\\\"{}\"}}", "{".repeat(5_000));
        assert!(!needs_worker(&escaped));
        assert!(!needs_worker(
            r#"{"statusCode": 401, "body": {"error": {"code": "x"}}}"#
        ));
    }
}
