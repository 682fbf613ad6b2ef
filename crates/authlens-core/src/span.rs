//! Byte ranges into the pasted text, and evidence built from them.
//!
//! The core speaks UTF-8 byte offsets; the web layer converts to UTF-16 for JavaScript. A leaf
//! module: everything else builds on it.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into the analysed text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text under the span, or `""` when the span does not fit `text` or splits a character.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Shifts a span found in a sub-slice that began at `offset`.
    pub fn offset(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

/// Cuts `s` to at most `max` characters, marking the cut with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// One piece of evidence: a labelled span of the paste and the text found there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    /// The text under the span (redacted when it is a secret, see [`crate::redact`]).
    pub text: String,
    /// What this piece shows, in a few words ("status code", "AADSTS code").
    pub label: String,
}

impl Evidence {
    /// Builds evidence from a span of `source`; the text is cut to a readable length.
    pub fn new(source: &str, span: Span, label: impl Into<String>) -> Self {
        let raw = span.slice(source);
        Evidence {
            start: span.start,
            end: span.end,
            text: shorten(raw, 200),
            label: label.into(),
        }
    }
}
