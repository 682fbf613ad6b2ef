//! Classifying each failed run's error with the diagnosis engine: once per distinct error, with
//! the ids and times that differ on every run masked.

use crate::category::Category;
use crate::Options;
use std::collections::HashMap;

/// Error text handed to the engine per distinct error; longer texts are cut (history errors are
/// short; anything longer is a body dump whose start carries the code).
const MAX_ENGINE_TEXT: usize = 16 * 1024;

/// Classifies error texts with the engine, once per distinct text.
pub(super) struct Classifier {
    pub opts: Options,
    pub memo: HashMap<String, Option<(Category, &'static str)>>,
}

impl Classifier {
    pub fn classify(&mut self, text: &str) -> Option<(Category, &'static str)> {
        let key = normalise(text);
        if let Some(hit) = self.memo.get(&key) {
            return *hit;
        }
        let report = crate::diagnose(&key, &self.opts);
        let hit = report.findings.first().map(|f| (f.category, f.code));
        self.memo.insert(key, hit);
        hit
    }
}

/// The memo key and engine input: the text cut to [`MAX_ENGINE_TEXT`], with GUIDs (request,
/// correlation and trace ids) and ISO timestamps masked. They differ on every run while the
/// rules read codes and phrases, so masking them lets identical errors share one diagnosis.
fn normalise(text: &str) -> String {
    // No character count when the bytes already fit: this runs once per failed run.
    let text = if text.len() <= MAX_ENGINE_TEXT {
        text
    } else {
        match text.char_indices().nth(MAX_ENGINE_TEXT) {
            Some((i, _)) => &text[..i],
            None => text,
        }
    };
    let b = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let hex = |i: usize, n: usize| {
        b.get(i..i + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_hexdigit))
    };
    let dig = |i: usize, n: usize| {
        b.get(i..i + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    // Runs between masks are copied whole (a push per byte was most of this function).
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        let word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        // Both masks start with a hex digit at a word start; everything else is copied as is.
        if !(word_start && b[i].is_ascii_hexdigit()) {
            i += 1;
            continue;
        }
        if hex(i, 8)
            && at(i + 8, b'-')
            && hex(i + 9, 4)
            && at(i + 13, b'-')
            && hex(i + 14, 4)
            && at(i + 18, b'-')
            && hex(i + 19, 4)
            && at(i + 23, b'-')
            && hex(i + 24, 12)
        {
            out.extend_from_slice(&b[copied..i]);
            out.extend_from_slice(b"00000000-0000-0000-0000-000000000000");
            i += 36;
            copied = i;
            continue;
        }
        if dig(i, 4)
            && at(i + 4, b'-')
            && dig(i + 5, 2)
            && at(i + 7, b'-')
            && dig(i + 8, 2)
            && (at(i + 10, b'T') || at(i + 10, b' '))
            && dig(i + 11, 2)
            && at(i + 13, b':')
            && dig(i + 14, 2)
            && at(i + 16, b':')
            && dig(i + 17, 2)
        {
            out.extend_from_slice(&b[copied..i]);
            out.extend_from_slice(b"2000-01-01T00:00:00");
            i += 19;
            if at(i, b'.') {
                i += 1;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            copied = i;
            continue;
        }
        i += 1;
    }
    out.extend_from_slice(b.get(copied..).unwrap_or_default());
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_masks_ids_and_times_only() {
        let a = "AADSTS50076: MFA. Trace ID: 0f1e2d3c-1111-2222-3333-444455556666 Timestamp: 2026-11-20 10:02:11.123Z";
        let b = "AADSTS50076: MFA. Trace ID: abcdefab-1111-2222-3333-444455556666 Timestamp: 2026-11-21 11:02:11.999Z";
        assert_eq!(normalise(a), normalise(b));
        assert!(normalise(a).contains("AADSTS50076"));
        assert_eq!(normalise("é 2026"), "é 2026");
    }
}
