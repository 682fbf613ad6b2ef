use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// A Conditional Access policy blocked the sign-in or the token (device, location, app,
    /// or sign-in frequency rules).
    ///
    /// ## Why it happens
    /// The tenant's policies do not allow this client, device or location, or require a new
    /// sign-in after a set time.
    ///
    /// ## Where the fix lives
    /// The tenant admin, in Entra ID → Conditional Access; the sign-in log names the policy.
    ///
    /// ## Example
    /// ```text
    /// AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.
    /// ```
    pub static BLOCKED_BY_CONDITIONAL_ACCESS = {
        code: "AL105", name: "blocked-by-conditional-access", category: ConditionalAccessBlocked, severity: Error,
        title: "A Conditional Access policy blocks the sign-in", check: blocked_by_conditional_access,
    }
}

fn blocked_by_conditional_access(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::ConditionalAccessBlocked, CERTAIN + 1)
}
