use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Azure Storage accepted the identity but it lacks a data-plane role.
    ///
    /// ## Why it happens
    /// Owner or Contributor roles do not grant data access; a Storage Blob/Queue/Table Data
    /// role is needed.
    ///
    /// ## Where the fix lives
    /// Storage account → Access control (IAM) → a Storage … Data role.
    ///
    /// ## Example
    /// ```text
    /// AuthorizationPermissionMismatch: This request is not authorized to perform this operation using this permission.
    /// ```
    pub static STORAGE_DATA_ROLE_MISSING = {
        code: "AL308", name: "storage-data-role-missing", category: InsufficientPermission, severity: Error,
        title: "Storage: the identity lacks a data role", check: storage_data_role_missing,
    }
}

fn storage_data_role_missing(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "AuthorizationPermissionMismatch",
        "not authorized to perform this operation using this permission",
    ])?;
    Some(Hit::new(STRONG + 2, "Azure Storage accepted the identity but it lacks a data role (for example Storage Blob Data Contributor) at this scope.").with(Some(s), "storage error"))
}
