use crate::diagnose::rules::confidence::{CERTAIN, LIKELY};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The request shown carries no credential: no Authorization header and no authentication
    /// settings.
    ///
    /// ## Why it happens
    /// The action's authentication was never set, or the header was removed.
    ///
    /// ## Where the fix lives
    /// The action's authentication settings.
    ///
    /// ## Example
    /// ```text
    /// {"uri": "https://graph.microsoft.com/v1.0/users", "method": "GET", "headers": {"Accept": "application/json"}}
    /// ```
    pub static REQUEST_WITHOUT_CREDENTIAL = {
        code: "AL606", name: "request-without-credential", category: MissingCredential, severity: Error,
        title: "The request carries no credential", check: request_without_credential,
    }
}

fn request_without_credential(f: &Facts) -> Option<Hit> {
    if f.request_has_credential != Some(false) {
        return None;
    }
    let s = f
        .phrase(&["\"headers\"", "\"uri\""])
        .or_else(|| Some(crate::text::line_at(f.text, 0)));
    Some(
        Hit::new(
            f.has_status(401).map_or(LIKELY - 4, |_| CERTAIN + 2),
            "The request shown has no Authorization header and no authentication settings: nothing identified the caller.",
        )
        .with(s, "request without credential"),
    )
}
