use super::{bare_status_reading, message_names_other_cause, wrapped_answer};
use crate::diagnose::rules::confidence::{BACKGROUND, HINT};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::{Facts, StatusSource};

declare_rule! {
    /// ## What it means
    /// A 403 Forbidden: the service knows who is calling and refuses the operation.
    ///
    /// ## Why it happens
    /// The identity lacks a role or permission in the target system. (DLP policies and
    /// network rules also answer 403; their own rules say so when the paste shows it.) When
    /// "Forbidden" is only a wrapper's word around another answer of the service (a 404, a
    /// 400, a 429, a 5xx inside it), that answer leads and this reading stays below it; a bare
    /// 403 with nothing from the service also lists a wrong URL or the tool itself, lowest.
    ///
    /// ## Where the fix lives
    /// The target system's permissions, not the connection. Reconnecting will not fix a 403.
    ///
    /// ## Example
    /// ```text
    /// 403 Forbidden
    /// ```
    pub static PERMISSION_DENIED_403 = {
        code: "AL202", name: "permission-denied-403", category: InsufficientPermission, severity: Error,
        title: "The identity is not allowed to do this (403)", check: permission_denied_403, fallback: true,
    }
}

fn permission_denied_403(f: &Facts) -> Option<Hit> {
    let s = f.statuses.iter().find(|s| s.code == 403)?;
    if message_names_other_cause(f) {
        return None;
    }
    // "Forbidden" printed by a wrapper around the service's own 404, 400, 429 or 5xx: that
    // answer leads; the permission stays a reading below it.
    if let Some((_, inner)) = wrapped_answer(f) {
        return Some(
            Hit::new(BACKGROUND, "The 403 / “Forbidden” here is the wrapper's word around another answer of the service (highlighted): read that first. Only if it does not explain the failure, check the identity's permissions on the target.")
                .with(Some(s.span), "status 403 (wrapper)")
                .with(Some(inner), "the service's own answer"),
        );
    }
    let conf = if s.source == StatusSource::Reason {
        HINT - 4
    } else {
        HINT
    };
    let mut h = Hit::new(
        conf,
        "A 403 means the service accepted who you are but refuses the operation: the identity lacks permission there (or a policy or network rule blocks it). Reconnecting will not change that.",
    )
    .with(Some(s.span), "status 403");
    h.also.extend(bare_status_reading(f, s.span));
    Some(h)
}
