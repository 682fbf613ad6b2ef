//! What the page shell asks of the engine besides the views' analyses (`analyzeView`,
//! `tokenView`): the full module only. The shell (this crate without `full`, the page's start
//! module) has no redaction, no detection and no token reader; it sends these through
//! `www/analysis-client.js` (`engine`: the worker's ops of the same names, or the full module on
//! the main thread) and applies the answer with the same code as a full build, which calls the
//! functions below directly.

use crate::chrome::link::ShareState;
use crate::chrome::share;

/// One call: `op` names it, `text` is its input, `arg` its option. `None`: nothing to answer
/// (an unknown op, no token in the paste).
///
/// - `share`: `text` the JSON of the [`ShareState`] to link, `arg` `personal` to leave personal
///   data out: the JSON of [`share::Shared`].
/// - `openLink`: `text` the JSON of a state read from a link, unredacted: the same redacted (a
///   hand-made link must not put a secret into the page).
/// - `personal`: `text` without personal data (a report copied with the option on).
/// - `handoff`: the token of a Diagnose paste, for "Open token in Token view".
/// - `redact`: `text` redacted (an error message that may quote input).
pub fn call(op: &str, text: &str, arg: &str) -> Option<String> {
    match op {
        "share" => {
            let state: ShareState = serde_json::from_str(text).ok()?;
            serde_json::to_string(&share::shared_link(&state, arg == "personal")).ok()
        }
        "openLink" => {
            let state: ShareState = serde_json::from_str(text).ok()?;
            serde_json::to_string(&state.redacted()).ok()
        }
        "personal" => Some(authlens_core::redact::redact_personal(text)),
        "handoff" => handoff_token(text),
        "redact" => Some(authlens_core::redact::redact(text)),
        _ => None,
    }
}

/// The token a Diagnose paste hands to the Token view (the front door's detection).
pub fn handoff_token(paste: &str) -> Option<String> {
    let found = authlens_core::analysis::detect(paste).handoff();
    found.token_text(paste).map(str::to_string)
}
