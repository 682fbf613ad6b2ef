use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service says the identity lacks permission for the operation.
    ///
    /// ## Why it happens
    /// The account, app or managed identity has no role, share or API permission for this
    /// resource.
    ///
    /// ## Where the fix lives
    /// The target system's permissions (roles, sharing, API permissions with consent).
    ///
    /// ## Example
    /// ```text
    /// Expression.Error: Access to the resource is forbidden.
    /// ```
    pub static PERMISSION_DENIED_MESSAGE = {
        code: "AL216", name: "permission-denied-message", category: InsufficientPermission, severity: Error,
        title: "The identity lacks permission for this operation", check: permission_denied_message,
    }
}

fn permission_denied_message(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "does not have permission",
        "do not have permission",
        "don't have permission",
        "insufficient permissions",
        "lacks the required permission",
        "Access to the resource is forbidden",
        "not authorized to perform this action",
        "The caller does not have permission",
        "has not been assigned any roles",
    ])?;
    Some(
        Hit::new(PLAUSIBLE + 2, "The message says the identity is known but lacks permission for this operation: grant it in the target system; signing in again changes nothing.")
            .with(Some(s), "permission message"),
    )
}
