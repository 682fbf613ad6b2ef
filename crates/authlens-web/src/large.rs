//! Large pastes in the text boxes. Laying out megabytes of text in a `<textarea>` stalls the
//! browser's main thread for most of a second (3 MB: about 0.6 s of text shaping), so a box that
//! receives a paste of [`HOLD_BYTES`] or more keeps the whole text here and shows only its start.
//! Everything that reads a box reads it through [`full_value`], so the analysis, the hand-offs and
//! the share link still see every byte. Typing in the shortened box drops the held text: from then
//! on the box holds what it shows.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlTextAreaElement};

/// Pastes this large are held (the size at which the analysis moves to the worker, too).
pub const HOLD_BYTES: usize = crate::text::LARGE_PASTE_BYTES;
/// How much of a held paste the box shows.
pub const PREVIEW_BYTES: usize = 64 * 1024;

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
    keep(document, box_, box_.value(), false);
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
    note.set_text_content(Some(&format!(
        "Large paste: {}. The box shows the first {} KB; AuthLens analyses all of it. Editing the box analyses only what it then shows.",
        crate::text::human_bytes(bytes as f64),
        PREVIEW_BYTES / 1024
    )));
    note.remove_attribute("hidden").ok();
}

/// The text box an input event came from, if it is one.
pub fn event_box(e: &web_sys::Event) -> Option<HtmlTextAreaElement> {
    e.target()?.dyn_into::<HtmlTextAreaElement>().ok()
}
