use super::auth_signal;
use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The request was refused for its content, with no sign of an authentication problem.
    ///
    /// ## Why it happens
    /// A field, limit, template or policy setting is invalid.
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
        return None;
    }
    let code = f.codes.iter().find(|(c, _)| {
        let l = c.to_ascii_lowercase();
        (l.starts_with("invalid") || l.contains("validation") || l.ends_with("policy"))
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
    Some(Hit::new(PLAUSIBLE + 2, "The request was refused for its content (a 400-class validation error: a field, a limit, a template), with no sign of an authentication problem.").with(Some(s), "validation error"))
}
