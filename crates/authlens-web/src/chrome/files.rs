//! Files opened with a file input (`data-target` names the box) or dropped on a paste area
//! (`data-drop`): read locally as text into the box, within the size limit.

use crate::dom;
use crate::text::human_bytes;
use authlens_core::MAX_INPUT_BYTES;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The line under a box that says which file was opened (`{box}-file-info`).
fn info_id(target: &str) -> String {
    format!("{target}-file-info")
}

/// Reads `file` into the box `target`, then calls `loaded`.
pub fn open(file: web_sys::File, target: String, loaded: impl FnOnce() + 'static) {
    let info = info_id(&target);
    let name = file.name();
    let size = file.size();
    if size > MAX_INPUT_BYTES as f64 {
        dom::set_text(
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
    let r2 = reader.clone();
    let info2 = info.clone();
    let onload = Closure::once_into_js(move || {
        let text = r2
            .result()
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        dom::set_value(&target, &text);
        dom::set_text(
            &info2,
            &format!("Opened {name} ({}), in this page only.", human_bytes(size)),
        );
        loaded();
    });
    let info3 = info.clone();
    let onerror = Closure::once_into_js(move || {
        dom::set_text(&info3, "The file could not be read as text.");
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    reader.set_onerror(Some(onerror.unchecked_ref()));
    if reader.read_as_text(&file).is_err() {
        dom::set_text(&info, "The file could not be read as text.");
    }
}
