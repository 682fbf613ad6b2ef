//! The canonical request model, parsers for every request format people paste, and the comparison
//! of two requests (issue 5).
//!
//! STUB: filled in by the compare work.
