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

/// The report boxes the views render into their results (`{view}-report-md`, `{view}-report-json`):
/// emptied when the page is left and cleaned of personal data on copy, like Diagnose's.
pub const VIEW_REPORTS: &[&str] = &[
    "token-report-md",
    "token-report-json",
    "compare-report-md",
    "compare-report-json",
    "history-report-md",
    "history-report-json",
];

/// A view's "Report for a ticket" section, the same for every view: the Markdown (and, when
/// given, the JSON) in read-only boxes with copy buttons. `view` names the ids and test ids
/// (`{view}-report-markdown`, `copy-{view}-report-markdown`); the texts must come redacted.
pub fn section_html(view: &str, markdown: &str, json: Option<&str>) -> String {
    use crate::text::escape;
    let v = escape(view);
    let mut o = format!(
        "<section class=\"report\" aria-labelledby=\"{v}-report-heading\" data-testid=\"{v}-report\"><h3 id=\"{v}-report-heading\">Report for a ticket (secrets redacted)</h3>\
         <label for=\"{v}-report-md\">Markdown</label><textarea id=\"{v}-report-md\" class=\"copy-text\" data-testid=\"{v}-report-markdown\" rows=\"8\" readonly autocomplete=\"off\">{md}</textarea>\
         <div class=\"actions\"><button type=\"button\" data-action=\"copy\" data-copy=\"{v}-report-md\" data-testid=\"copy-{v}-report-markdown\">Copy report (Markdown)</button></div>",
        md = escape(markdown)
    );
    // The JSON box is folded: a history's JSON is about 100 KB, and laying out that much text
    // in a box was most of the main thread's longest block when a 5 MB history was pasted
    // (100–300 ms of a result's rendering on a busy machine, 20–60 ms folded). Opened, it is
    // laid out then; the copy button and the value are there either way.
    if let Some(json) = json {
        o.push_str(&format!(
            "<details class=\"report-json\" data-testid=\"{v}-report-json-box\"><summary>JSON ({size})</summary>\
             <label for=\"{v}-report-json\" class=\"visually-hidden\">JSON</label><textarea id=\"{v}-report-json\" class=\"copy-text\" data-testid=\"{v}-report-json\" rows=\"6\" readonly autocomplete=\"off\">{j}</textarea>\
             <div class=\"actions\"><button type=\"button\" data-action=\"copy\" data-copy=\"{v}-report-json\" data-testid=\"copy-{v}-report-json\">Copy report (JSON)</button></div></details>",
            size = crate::text::human_bytes(json.len() as f64),
            j = escape(json)
        ));
    }
    o.push_str("</section>");
    o
}
