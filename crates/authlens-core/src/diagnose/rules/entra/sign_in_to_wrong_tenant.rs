use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::{PLAUSIBLE, STRONG};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::report::Severity;

declare_rule! {
    /// ## What it means
    /// The sign-in went to a tenant that does not know the account, the app or the tenant id.
    /// A "tenant not found" (AADSTS90002) for one of Microsoft's own tenants, which always
    /// exist, reads first as the sign-in service failing (it clears by itself).
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
    // Microsoft's own tenants (the consumer-account tenant, Microsoft's first-party and
    // corporate tenants) always exist in the global cloud: "not found" for one of them is the
    // sign-in service failing to look it up (transient), or an endpoint of another cloud.
    if let (Some(code), Some(t)) = (f.aadsts(90002), f.phrase(MICROSOFT_TENANTS)) {
        let named = h.confidence;
        h.confidence = PLAUSIBLE;
        h.detail.push_str(" The tenant named is one of Microsoft's own, which exists in the global cloud: only a sign-in endpoint of another (national) cloud would not know it.");
        h.also.push(
            Hit::new(
                named - 2,
                "AADSTS90002 names one of Microsoft's own tenants, which always exists: the sign-in service failed to look it up. Such errors clear by themselves; retry later and check Microsoft's service health.",
            )
            .as_category(Category::ServiceOutageOrThrottling)
            .with_severity(Severity::Warning)
            .titled("The sign-in service could not look up a tenant that exists")
            .with(Some(code), "Entra error code")
            .with(Some(t), "a Microsoft tenant"),
        );
    }
    Some(h)
}

/// Tenant ids of Microsoft's own tenants: the consumer (Microsoft account) tenant, the
/// first-party services tenant and Microsoft's corporate tenant.
const MICROSOFT_TENANTS: &[&str] = &[
    "9188040d-6c67-4c5b-b112-36a304b66dad",
    "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
    "72f988bf-86f1-41af-91ab-2d7cd011db47",
];
