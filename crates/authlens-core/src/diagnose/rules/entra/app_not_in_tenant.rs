use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The application (client id) does not exist, or is disabled, in the tenant the sign-in
    /// went to.
    ///
    /// ## Why it happens
    /// A typo in the client id, an app registered in another tenant, or a deleted app.
    ///
    /// ## Where the fix lives
    /// The client id and tenant settings; register or consent the app in that tenant.
    ///
    /// ## Example
    /// ```text
    /// AADSTS700016: Application with identifier '00000000-0000-0000-0000-000000000003' was not found in the directory 'Contoso'.
    /// ```
    pub static APP_NOT_IN_TENANT = {
        code: "AL112", name: "app-not-in-tenant", category: AppNotFound, severity: Error,
        title: "The application was not found in the tenant", check: app_not_in_tenant,
    }
}

fn app_not_in_tenant(f: &Facts) -> Option<Hit> {
    let mut h = catalogued(f, Category::AppNotFound, CERTAIN)?;
    if f.phrase(&["wrong tenant"]).is_some() {
        h.detail.push_str(" The message also allows that the request went to the wrong tenant: the app may exist, but in another directory.");
    }
    Some(h)
}
