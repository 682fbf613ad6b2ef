use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// SharePoint accepted the sign-in but denies access to the site, list or item.
    ///
    /// ## Why it happens
    /// The connection's account or the app is not a member of the site or lacks the
    /// permission level.
    ///
    /// ## Where the fix lives
    /// SharePoint site → Site permissions (or the app's Sites.Selected grant).
    ///
    /// ## Example
    /// ```text
    /// {"odata.error":{"code":"-2147024891, System.UnauthorizedAccessException","message":{"lang":"en-US","value":"Access denied. You do not have permission to perform this action or access this resource."}}}
    /// ```
    pub static SHAREPOINT_ACCESS_DENIED = {
        code: "AL306", name: "sharepoint-access-denied", category: InsufficientPermission, severity: Error,
        title: "SharePoint denies access", check: sharepoint_access_denied,
    }
}

fn sharepoint_access_denied(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "System.UnauthorizedAccessException",
        "Access denied. You do not have permission",
        "Attempted to perform an unauthorized operation",
        "Access is denied. (Exception from HRESULT: 0x80070005",
        "You do not have permission to perform this action or access this resource",
    ])?;
    Some(Hit::new(STRONG - 1, "SharePoint accepted the sign-in but the account or app has no permission on this site, list or item.").with(Some(s), "SharePoint error"))
}
