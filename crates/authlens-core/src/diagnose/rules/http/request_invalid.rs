use super::{auth_signal, wrapped_answer, Answer};
use crate::category::Category;
use crate::diagnose::rules::confidence::{LIKELY, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The request was refused for its content, with no sign of an authentication problem.
    ///
    /// ## Why it happens
    /// A field, limit, template or policy setting is invalid; a wrapper's "Unauthorized" or
    /// "authentication failed" around the service's own 400 does not change that. One
    /// template error is about a
    /// connection after all: an expression that reads the workflow's `$connections` and cannot
    /// be evaluated names a connection key the workflow does not have (a renamed or missing
    /// API connection); that reading is a connection that is missing or misconfigured.
    ///
    /// ## Where the fix lives
    /// The action's inputs or definition.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"InvalidTemplate","message":"Unable to process template language expressions in action 'Compose'."}}
    /// ```
    pub static REQUEST_INVALID = {
        code: "AL215", name: "request-invalid", category: NotAnAuthError, severity: Info,
        title: "The request is invalid: not an authentication error", check: request_invalid,
    }
}

fn request_invalid(f: &Facts) -> Option<Hit> {
    if auth_signal(f) {
        // A wrapper's "Unauthorized" or "authentication failed" around the service's own 400 or
        // template error: that error is the answer.
        let (Answer::Invalid, inner) = wrapped_answer(f)? else {
            return None;
        };
        return Some(
            Hit::new(PLAUSIBLE + 2, "The auth word comes from the wrapper around the call; the service's own answer inside is a 400-class error: it refused the request for its content (a field, a value, a size limit, a template expression). Check the action's inputs and the inner error's message; reconnecting will not help.")
                .with(Some(inner), "the service's own answer: invalid request"),
        );
    }
    let code = f.codes.iter().find(|(c, _)| {
        let l = c.to_ascii_lowercase();
        // OAuth's `invalid_request` is the generic error value of token endpoints and of
        // resources refusing a token ("App is not allowed to call SPO", "Token type is not
        // allowed"): it says nothing about the request's content.
        (l.starts_with("invalid") || l.contains("validation") || l.ends_with("policy"))
            && l != "invalid_request"
            && !l.contains("token")
            && !l.contains("auth")
            && !l.contains("grant")
            && !l.contains("client")
            && !l.contains("connection")
    });
    let s = code
        .map(|(_, s)| *s)
        .or_else(|| f.has_status(400))
        .or_else(|| f.word("InvalidTemplate"))
        .or_else(|| f.phrase(&["\"BadRequest\"", "Bad Request"]))?;
    // `parameters('$connections')['name']['connectionId']` that cannot be evaluated: the
    // definition refers to a connection it does not hold.
    if let Some(c) = f.phrase(&["$connections"]) {
        if f.phrase(&["cannot be evaluated", "doesn't exist", "does not exist"])
            .is_some()
        {
            return Some(
                Hit::new(
                    LIKELY,
                    "A template expression reads a connection from the workflow's $connections that is not there (a connection key that was renamed, mistyped or never added). No sign-in was attempted; the fix is the connection the definition refers to.",
                )
                .as_category(Category::ConnectionNotFoundOrMisconfigured)
                .titled("The workflow refers to a connection it does not have")
                .with(Some(c), "$connections reference")
                .with(Some(s), "template error"),
            );
        }
    }
    Some(Hit::new(PLAUSIBLE + 2, "The request was refused for its content (a 400-class validation error: a field, a limit, a template), with no sign of an authentication problem.").with(Some(s), "validation error"))
}
