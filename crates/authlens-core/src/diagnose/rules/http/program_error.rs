use super::AUTH_CONTENT;
use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The code that ran failed on its own: a null value, a missing key, a wrong type, an
    /// index out of range. The paste is a program error of a tool, script, custom connector
    /// or service, not a refused sign-in or permission.
    ///
    /// ## Why it happens
    /// An earlier step handed the code an empty or unexpected value (no rows, a missing
    /// property, text where a number was expected), or the tool or library version has a bug.
    /// Tools sometimes crash this way right after an unreported refusal; when a 401 or 403, an
    /// AADSTS code or words about tokens, credentials or permissions are in the paste, this
    /// rule stays quiet and those readings lead.
    ///
    /// ## Where the fix lives
    /// The tool, script or expression that failed: the value it received, or its version.
    ///
    /// ## Example
    /// ```text
    /// System.ArgumentNullException: Value cannot be null. (Parameter 'source')
    ///    at Contoso.Sync.Worker.Run()
    /// ```
    pub static PROGRAM_ERROR = {
        code: "AL226", name: "program-error", category: NotAnAuthError, severity: Info,
        title: "A program error in the code that ran: not an authentication error", check: program_error,
    }
}

/// The standard messages of .NET and JavaScript runtime exceptions (their wording is fixed by
/// the runtime, whatever the program). A null reference and a script's "cannot read
/// properties" are the wording reader's (its lexicon names them).
const RUNTIME_MESSAGES: &[&str] = &[
    "Value cannot be null",
    "Index was outside the bounds of the array",
    "Input string was not in a correct format",
    "Sequence contains no elements",
    "Sequence contains more than one element",
    "The given key was not present in the dictionary",
    "Specified cast is not valid",
    "Unable to cast object of type",
    "Collection was modified; enumeration operation may not execute",
    "Nullable object must have a value",
    "Arithmetic operation resulted in an overflow",
    "undefined is not an object",
    "object has no attribute",
];

fn program_error(f: &Facts) -> Option<Hit> {
    let s = f.phrase(RUNTIME_MESSAGES)?;
    let auth = f.statuses.iter().any(|s| matches!(s.code, 401 | 403))
        || !f.aadsts.is_empty()
        || f.phrase(AUTH_CONTENT).is_some();
    if auth {
        return None;
    }
    Some(
        Hit::new(
            PLAUSIBLE - 2,
            "The code that ran failed on its own (a null value, a missing key, a wrong type): a program error, not a refused sign-in or permission. Look at the value it was given by the step before (empty, missing or of another type) and at the tool's version.",
        )
        .with(Some(s), "runtime error message")
        .fix_at("The tool, script or expression that failed: the value it received (empty or unexpected), or its version"),
    )
}
