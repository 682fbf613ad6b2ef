use super::specific_auth_code;
use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The item asked for does not exist; this is not an authentication problem.
    ///
    /// ## Why it happens
    /// A wrong id or path, a deleted item, or a product bug listing items.
    ///
    /// ## Where the fix lives
    /// The action's inputs.
    ///
    /// ## Example
    /// ```text
    /// {"error": {"code": "FlowNotFound", "message": "Could not find flow '00000000-0000-0000-0000-000000000001'."}}
    /// ```
    pub static ITEM_NOT_FOUND = {
        code: "AL214", name: "item-not-found", category: NotAnAuthError, severity: Info,
        title: "The item does not exist: not an authentication error", check: item_not_found,
    }
}

fn item_not_found(f: &Facts) -> Option<Hit> {
    let connection_words = [
        "connection",
        "tenant",
        "principal",
        "application",
        "user",
        "account",
        "subscription",
    ];
    let code = f.codes.iter().find(|(c, _)| {
        let l = c.to_ascii_lowercase();
        l.ends_with("notfound") && !connection_words.iter().any(|w| l.contains(w))
    });
    let s = code.map(|(_, s)| *s).or_else(|| f.has_status(404))?;
    // A 404 that says the target could not be reached (an offline on-premises data gateway, an
    // unreachable endpoint) is about reachability, not a missing item.
    let unreachable = f
        .phrase(&[
            "could not be reached",
            "is unreachable",
            "is offline",
            "cannot be reached",
        ])
        .is_some();
    if unreachable
        || specific_auth_code(f)
        || f.statuses.iter().any(|s| s.code == 401 || s.code == 403)
    {
        return None;
    }
    Some(Hit::new(LIKELY, "The item the action asked for does not exist (a 404-class error). Nothing here is about credentials.").with(Some(s), "not-found error"))
}
