use crate::diagnose::rules::confidence::{HINT, LIKELY};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service answered with a claims challenge (`insufficient_claims`, `capolids`): a
    /// Conditional Access policy wants more from the token (MFA, a compliant device).
    ///
    /// ## Why it happens
    /// Continuous access evaluation or a step-up policy on the resource.
    ///
    /// ## Where the fix lives
    /// The tenant admin's Conditional Access policy; interactive sign-in satisfies it.
    ///
    /// ## Example
    /// ```text
    /// WWW-Authenticate: Bearer realm="", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="
    /// ```
    pub static CLAIMS_CHALLENGE = {
        code: "AL125", name: "claims-challenge", category: ConditionalAccessBlocked, severity: Error,
        title: "A Conditional Access claims challenge was returned", check: claims_challenge,
    }
}

fn claims_challenge(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["insufficient_claims", "capolids"])?;
    let conf = if f.code("insufficient_claims").is_some()
        || f.phrase(&["insufficient_claims"]).is_some()
    {
        LIKELY
    } else {
        HINT + 6
    };
    Some(Hit::new(conf, "The service answered with a claims challenge naming Conditional Access requirements: the token lacks claims (such as MFA or a compliant device) that a policy demands.").with(Some(s), "claims challenge"))
}
