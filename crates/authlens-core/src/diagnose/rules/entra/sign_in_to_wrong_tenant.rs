use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The sign-in went to a tenant that does not know the account, the app or the tenant id.
    ///
    /// ## Why it happens
    /// The common endpoint was used for a single-tenant app, a personal account was used, the
    /// tenant id is empty or from another cloud, or the user is not a guest of the tenant.
    ///
    /// ## Where the fix lives
    /// The authority URL or tenant setting; guest invitation or multi-tenant app setup.
    ///
    /// ## Example
    /// ```text
    /// AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found. This may happen if there are no active subscriptions for the tenant.
    /// ```
    pub static SIGN_IN_TO_WRONG_TENANT = {
        code: "AL108", name: "sign-in-to-wrong-tenant", category: WrongTenant, severity: Error,
        title: "The sign-in went to the wrong tenant", check: sign_in_to_wrong_tenant,
    }
}

fn sign_in_to_wrong_tenant(f: &Facts) -> Option<Hit> {
    let mut h = catalogued(f, Category::WrongTenant, STRONG + 2)?;
    if let Some(s) = f.phrase(&["00000000-0000-0000-0000-000000000000"]) {
        h = h.with(Some(s), "empty tenant id");
        h.detail.push_str(" The tenant id sent is an empty GUID: the setting that should hold it was never filled in.");
    }
    Some(h)
}
