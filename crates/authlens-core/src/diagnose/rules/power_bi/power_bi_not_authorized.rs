use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Power BI accepted the token but the identity may not use the workspace or API.
    ///
    /// ## Why it happens
    /// A service principal is not allowed by the tenant setting or not a workspace member;
    /// a user lacks the role.
    ///
    /// ## Where the fix lives
    /// Power BI admin portal → tenant settings (service principals), and workspace access.
    ///
    /// ## Example
    /// ```text
    /// Status: Unauthorized (401) Response: {"error":{"code":"PowerBINotAuthorizedException"}}
    /// ```
    pub static POWER_BI_NOT_AUTHORIZED = {
        code: "AL504", name: "power-bi-not-authorized", category: InsufficientPermission, severity: Error,
        title: "Power BI denies the identity", check: power_bi_not_authorized,
    }
}

fn power_bi_not_authorized(f: &Facts) -> Option<Hit> {
    let s = f
        .code("PowerBINotAuthorizedException")
        .or_else(|| f.phrase(&["PowerBINotAuthorizedException"]))?;
    Some(
        Hit::new(
            STRONG,
            "Power BI accepted the token but the identity has no access: a service principal must be allowed by the tenant setting for service principals and be a member of the workspace. The status may say 401, but reconnecting will not help.",
        )
        .with(Some(s), "Power BI error code")
        .with(f.has_status(401), "status"),
    )
}
