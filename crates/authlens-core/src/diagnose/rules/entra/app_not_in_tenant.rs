use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::{CERTAIN, HINT, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::span::Span;

declare_rule! {
    /// ## What it means
    /// The application (client id) does not exist (or is disabled) in the tenant the sign-in
    /// went to. When the "directory" named is a service's host name
    /// (`contoso.crm4.dynamics.com`), the sign-in went to no tenant at all: the authority was
    /// built from the resource's URL, and the wrong tenant leads.
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
    // The directory named is a service's host name, which is never a tenant: the sign-in's
    // authority was built from the resource's URL (a Dataverse environment, a SharePoint
    // site) instead of the tenant id or domain. The app may well exist in its tenant.
    if let Some(host) = directory_is_service_host(f) {
        let found = h.confidence;
        h.confidence = PLAUSIBLE;
        h.also.push(
            Hit::new(
                found,
                "The directory named is a service's host name, not a tenant: the sign-in's authority was built from the resource's URL instead of the tenant. Use https://login.microsoftonline.com/<tenant id or domain> as the authority; the resource URL belongs in the scope.",
            )
            .as_category(Category::WrongTenant)
            .titled("The sign-in went to a host name, not a tenant")
            .with(Some(host), "the directory named"),
        );
        return Some(h);
    }
    let wrong_tenant = f.phrase(&["wrong tenant"]);
    if wrong_tenant.is_some() {
        h.detail.push_str(" The message also allows that the request went to the wrong tenant: the app may exist, but in another directory.");
    }
    // The two other readings support engineers check: the request went to another directory
    // than the app's (the authority or tenant in the request), or the app exists but is
    // disabled, which leaves its account unable to sign in.
    if f.phrase(&["not found in the directory", "wrong tenant"])
        .is_some()
    {
        h.also.push(
            Hit::new(
                if wrong_tenant.is_some() { PLAUSIBLE } else { HINT },
                "The app may exist in another tenant: the sign-in went to the directory named in the message. Check the authority (tenant id or domain) the request uses against the app registration's tenant.",
            )
            .as_category(Category::WrongTenant)
            .titled("The request may have gone to another tenant")
            .with(wrong_tenant.or_else(|| f.phrase(&["not found in the directory"])), "the directory named"),
        );
    }
    if let Some(d) = f.phrase(&["is disabled"]) {
        h.also.push(
            Hit::new(
                PLAUSIBLE,
                "The application exists but is disabled: its service principal cannot sign in until it is enabled again (Enterprise applications → Properties → Enabled for users to sign in, or accountEnabled).",
            )
            .as_category(Category::UserDisabledOrDeleted)
            .titled("The app's service principal is disabled")
            .with(Some(d), "disabled"),
        );
    }
    Some(h)
}

/// Host names of services that name resources, never tenants.
const SERVICE_HOSTS: &[&str] = &[
    ".dynamics.com",
    ".sharepoint.com",
    ".powerbi.com",
    ".azurewebsites.net",
    ".vault.azure.net",
    ".blob.core.windows.net",
];

/// The directory of "…was not found in the directory 'X'" when X is a service's host name.
fn directory_is_service_host(f: &Facts) -> Option<Span> {
    let at = f.phrase(&["in the directory"])?;
    let rest = f.text.get(at.end..)?;
    let skip = rest.len() - rest.trim_start_matches([' ', '\'', '"']).len();
    let tail = rest.get(skip..)?;
    let len = tail
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(tail.len());
    let name = tail[..len].trim_end_matches('.').to_ascii_lowercase();
    let dotted = format!(".{name}");
    SERVICE_HOSTS
        .iter()
        .any(|h| dotted.ends_with(h))
        .then(|| Span::new(at.end + skip, at.end + skip + name.len()))
}
