//! AuthLens core: everything that analyses a paste, with no I/O and no clock.
//!
//! Entry points: [`diagnose`] (any paste from a failed run), [`token::inspect`],
//! [`redact::redact`].
//!
//! # Input safety
//! Every entry point accepts any `&str` and never panics; malformed input becomes a finding or a
//! message. Inputs above [`MAX_INPUT_BYTES`] are refused with a message rather than analysed.

pub mod category;
pub mod redact;
pub mod request;
pub mod span;
pub mod text;
pub mod time;
pub mod token;

pub use category::Category;
pub use span::{Evidence, Span};
pub use time::Timestamp;

/// Largest paste analysed (the page and the CLI state this limit).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
