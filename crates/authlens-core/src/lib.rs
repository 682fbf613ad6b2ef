//! AuthLens core: everything that analyses a paste, with no I/O and no clock.
//!
//! The pipeline, one module per stage:
//! [`analysis`] (the front door: [`detect()`] then [`analyse`]) → [`mod@detect`] (what was pasted) →
//! `diagnose` (facts → [`rules`] → verdict; [`report`] is its wire format) or [`history`] (run
//! histories) → [`render`] (text and Markdown). Beside it: [`signins`] (sign-in logs), [`token`]
//! (the token inspector), [`request`] (Compare), [`knowledge`] (catalogs as data), [`redact`].
//! Shared primitives: [`diagnostic`] (the one severity, labelled span and renderer), [`span`],
//! [`text`], [`json`], [`time`], [`order`], [`b64`], [`category`].
//!
//! # Input safety
//! Every entry point accepts any `&str` and never panics; malformed input becomes a finding or a
//! message. Inputs above [`MAX_INPUT_BYTES`] are refused with a message rather than analysed.

pub mod analysis;
pub mod audit;
pub mod b64;
pub mod category;
pub mod detect;
mod diagnose;
pub mod diagnostic;
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

/// The diagnosis stage's fact layer and wire format, at their original paths.
pub use diagnose::{facts, report, rules};

pub use analysis::{analyse, detect, Analysis, AnalysisReport, Detected, Handoff};
pub use category::Category;
pub use diagnostic::{Diagnostic, Severity};
pub use report::{Finding, InputKind, Platform, Report};
pub use span::{Evidence, Span};
pub use time::Timestamp;

/// Largest paste analysed (the page and the CLI state this limit).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// What the host tells the core: the core has no clock of its own.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// "Now", from the browser or the CLI's `--now`.
    pub now: Timestamp,
    /// Clock-skew tolerance for token time checks, in seconds.
    pub skew_seconds: i64,
    /// When the failed run made its request, as the person set it: every token time check is
    /// judged at this time. `None`: the time the paste carries (`Date`, `startTime`, …), if any.
    pub run_time: Option<Timestamp>,
    /// The platform the person says the paste comes from, over the detected one: it chooses
    /// where each fix lives.
    pub platform: Option<Platform>,
}

impl Options {
    pub fn at(now: Timestamp) -> Self {
        Options {
            now,
            skew_seconds: 300,
            run_time: None,
            platform: None,
        }
    }
}

/// Diagnoses any paste from a failed run, as a diagnosis even when it is a run history (the
/// history engine classifies each run's error with it). [`analyse`] is the front door that routes
/// histories to [`history`]. Never panics.
pub fn diagnose(text: &str, opts: &Options) -> Report {
    diagnose::diagnose(text, opts)
}
