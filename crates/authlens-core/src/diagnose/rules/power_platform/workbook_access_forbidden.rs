use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Excel Online's Run script refused access to the workbook. Most often a Conditional
    /// Access policy limits document access from the service, even for the owner.
    ///
    /// ## Why it happens
    /// Tenant policies on unmanaged access or session controls apply to the connection.
    ///
    /// ## Where the fix lives
    /// The tenant admin (Conditional Access); if the account lacks edit rights, share the file.
    ///
    /// ## Example
    /// ```text
    /// Forbidden: Make sure you have access to edit the workbook
    /// ```
    pub static WORKBOOK_ACCESS_FORBIDDEN = {
        code: "AL405", name: "workbook-access-forbidden", category: ConditionalAccessBlocked, severity: Error,
        title: "Excel Run script cannot open the workbook", check: workbook_access_forbidden,
    }
}

fn workbook_access_forbidden(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["Make sure you have access to edit the workbook"])?;
    Some(
        Hit::new(
            PLAUSIBLE - 4,
            "Excel Online's Run script answers Forbidden with this message when the tenant's Conditional Access policy limits access to documents from the service, even for the file's owner. Ask the admin which policy applies (sign-in logs); if the account really lacks edit rights, share the file with it.",
        )
        .with(Some(s), "Excel message")
        .with(f.word("Forbidden"), "status"),
    )
}
