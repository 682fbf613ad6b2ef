//! Shared primitives of the page layer, pure and DOM-free: HTML escaping, UTF-8 → UTF-16
//! offsets (JavaScript string indices), wire names of core enums, human sizes. Every other module
//! may use this one; it uses none of them (so the crate has no import cycles).

use authlens_core::{Report, MAX_INPUT_BYTES};
use serde::Serialize;

/// A paste this large is "large": its box shows only its start (see the `large` module) and
/// Diagnose analyses it in the worker.
pub const LARGE_PASTE_BYTES: usize = 256 * 1024;

pub use authlens_core::render::html_escape as escape;

/// The largest char boundary of `text` at or below `byte` (clamped to the text length).
pub fn floor_boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Converts a UTF-8 byte offset into `text` to a UTF-16 code-unit index (what JavaScript string
/// indices are). Offsets past the end clamp to the end; offsets inside a character round down.
pub fn utf16_index(text: &str, byte: usize) -> usize {
    utf16_len(&text.as_bytes()[..floor_boundary(text, byte)])
}

/// UTF-16 code units in whole characters of UTF-8: one per character, two for 4-byte ones.
fn utf16_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&c| usize::from(c & 0xC0 != 0x80) + usize::from(c >= 0xF0))
        .sum()
}

/// UTF-16 indices of a report's evidence offsets, counted in one pass over the text: converting
/// each offset on its own costs a pass per offset on a 10 MB paste.
pub struct Utf16Map<'a> {
    text: &'a str,
    /// (byte offset, UTF-16 index), sorted by byte offset.
    known: Vec<(usize, usize)>,
}

impl<'a> Utf16Map<'a> {
    pub fn new(text: &'a str, bytes: impl IntoIterator<Item = usize>) -> Self {
        let mut targets: Vec<usize> = bytes.into_iter().collect();
        targets.sort_unstable();
        targets.dedup();
        let (mut pos, mut units) = (0, 0);
        let mut known = Vec::with_capacity(targets.len());
        for byte in targets {
            // Sorted, so each boundary is at or after the previous one.
            let at = floor_boundary(text, byte);
            units += utf16_len(&text.as_bytes()[pos..at]);
            pos = at;
            known.push((byte, units));
        }
        Utf16Map { text, known }
    }

    /// For every evidence start and end of `report`.
    pub fn for_report(text: &'a str, report: &Report) -> Self {
        let evidence = report.findings.iter().flat_map(|f| f.evidence.iter());
        Utf16Map::new(text, evidence.flat_map(|e| [e.start, e.end]))
    }

    pub fn get(&self, byte: usize) -> usize {
        match self.known.binary_search_by_key(&byte, |(b, _)| *b) {
            Ok(i) => self.known[i].1,
            Err(_) => utf16_index(self.text, byte),
        }
    }
}

/// The serialised (wire) name of a core enum value, e.g. `"error"` for `Severity::Error`.
pub fn wire_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::from("unknown"),
    }
}

/// A time as shown in the page: the text as given (UTC, as the platforms write it), marked up
/// as `<time datetime>` when it is a time, so the page can put the person's local time beside
/// it (`dom::local_times`). Anything else is just escaped.
pub fn time_html(text: &str) -> String {
    match authlens_core::Timestamp::parse(text.trim()) {
        Some(t) => format!(
            "<time datetime=\"{}\">{}</time>",
            escape(&t.to_rfc3339()),
            escape(text)
        ),
        None => escape(text),
    }
}

/// "12.3 KB"
pub fn human_bytes(n: f64) -> String {
    if n < 1024.0 {
        format!("{n} bytes")
    } else if n < 1024.0 * 1024.0 {
        format!("{:.1} KB", n / 1024.0)
    } else {
        format!("{:.1} MB", n / 1024.0 / 1024.0)
    }
}

/// The size limit sentence shown under every paste area.
pub fn limit_text() -> String {
    format!(
        "Size limit: {} MiB per paste or file ({MAX_INPUT_BYTES} bytes); larger input is refused.",
        MAX_INPUT_BYTES / 1024 / 1024
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn times_are_marked_up_for_local_time() {
        assert_eq!(
            time_html("2026-11-23T05:30:00Z"),
            "<time datetime=\"2026-11-23T05:30:00Z\">2026-11-23T05:30:00Z</time>"
        );
        assert_eq!(time_html("—"), "—");
        assert_eq!(time_html("<b>"), "&lt;b&gt;");
    }

    #[test]
    fn sizes_and_limit_read_naturally() {
        assert_eq!(human_bytes(512.0), "512 bytes");
        assert_eq!(human_bytes(2048.0), "2.0 KB");
        assert!(limit_text().starts_with("Size limit: 64 MiB"));
    }

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            escape(r#"<a href="x" onclick='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn utf16_indices_count_code_units() {
        let t = "aé😀b";
        assert_eq!(utf16_index(t, 0), 0);
        assert_eq!(utf16_index(t, 1), 1);
        assert_eq!(utf16_index(t, 3), 2); // after é (2 bytes, 1 unit)
        assert_eq!(utf16_index(t, 7), 4); // after 😀 (4 bytes, 2 units)
        assert_eq!(utf16_index(t, 5), 2); // inside 😀: rounds down
        assert_eq!(utf16_index(t, 999), 5);
        let map = Utf16Map::new(t, [7, 3, 999, 5, 0]);
        for b in [0, 1, 3, 5, 7, 999] {
            assert_eq!(map.get(b), utf16_index(t, b), "byte {b}");
        }
    }
}
