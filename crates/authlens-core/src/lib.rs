//! AuthLens core: everything that analyses a paste, with no I/O and no clock.
//!
//! Entry points: [`diagnose`] (any paste from a failed run), [`token::inspect`],
//! [`redact::redact`].
//!
//! # Input safety
//! Every entry point accepts any `&str` and never panics; malformed input becomes a finding or a
//! message. Inputs above [`MAX_INPUT_BYTES`] are refused with a message rather than analysed.

pub mod audit;
pub mod category;
mod diagnose;
pub mod facts;
pub mod history;
pub mod inventory;
pub mod json;
pub mod knowledge;
pub mod order;
pub mod redact;
pub mod render;
pub mod request;
pub mod signins;
pub mod span;
pub mod text;
pub mod time;
pub mod token;

pub use category::Category;
pub use span::{Evidence, Span};
pub use time::Timestamp;

/// Largest paste analysed (the page and the CLI state this limit).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

pub mod report;
pub mod rules;

pub use report::{Finding, InputKind, Platform, Report, Severity};

/// What the host tells the core: the core has no clock of its own.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// "Now", from the browser or the CLI's `--now`.
    pub now: Timestamp,
    /// Clock-skew tolerance for token time checks, in seconds.
    pub skew_seconds: i64,
}

impl Options {
    pub fn at(now: Timestamp) -> Self {
        Options {
            now,
            skew_seconds: 300,
        }
    }
}

/// Diagnoses any paste from a failed run. Never panics.
pub fn diagnose(text: &str, opts: &Options) -> Report {
    diagnose::diagnose(text, opts)
}
