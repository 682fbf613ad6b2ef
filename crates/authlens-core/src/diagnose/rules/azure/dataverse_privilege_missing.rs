use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Dataverse accepted the sign-in but the user lacks a privilege for this table or
    /// operation.
    ///
    /// ## Why it happens
    /// The user or application user has no security role granting the privilege.
    ///
    /// ## Where the fix lives
    /// Power Platform admin center → environment → Users / Application users → security roles.
    ///
    /// ## Example
    /// ```text
    /// Principal user (Id=00000000-0000-0000-0000-000000000001, type=8) is missing prvReadAccount privilege (Id=00000000-0000-0000-0000-000000000002)
    /// ```
    pub static DATAVERSE_PRIVILEGE_MISSING = {
        code: "AL307", name: "dataverse-privilege-missing", category: InsufficientPermission, severity: Error,
        title: "Dataverse: a security-role privilege is missing", check: dataverse_privilege_missing,
    }
}

fn dataverse_privilege_missing(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "is missing prv",
        "privilege (Id=",
        "SecLib::AccessCheckEx failed",
        "does not hold the required privilege",
    ])?;
    Some(Hit::new(STRONG + 2, "Dataverse accepted the sign-in but the user or application user lacks a privilege: assign a security role that includes it.").with(Some(s), "Dataverse privilege"))
}
