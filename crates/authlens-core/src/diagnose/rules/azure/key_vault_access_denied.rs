use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Key Vault denied the operation for the identity.
    ///
    /// ## Why it happens
    /// The vault uses access policies or Azure RBAC, and neither grants this identity the
    /// operation (for example secrets get).
    ///
    /// ## Where the fix lives
    /// Key Vault → Access policies, or Access control (IAM) → Key Vault Secrets User.
    ///
    /// ## Example
    /// ```text
    /// The user, group or application 'appid=00000000-0000-0000-0000-000000000001;oid=00000000-0000-0000-0000-000000000002' does not have secrets get permission on key vault 'kv-prod;location=westeurope'.
    /// ```
    pub static KEY_VAULT_ACCESS_DENIED = {
        code: "AL311", name: "key-vault-access-denied", category: InsufficientPermission, severity: Error,
        title: "Key Vault denies the identity", check: key_vault_access_denied,
    }
}

fn key_vault_access_denied(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "permission on key vault",
        "ForbiddenByPolicy",
        "ForbiddenByRbac",
        "Caller was not found on any access policy",
        "Caller is not authorized to perform action on resource",
    ])?;
    Some(Hit::new(STRONG, "Key Vault knows the identity but its access policy or RBAC role does not allow this secret, key or certificate operation. If the identity's own secret recently expired, check that too: a connection whose credential lapsed can surface as a Key Vault error.").with(Some(s), "Key Vault error"))
}
