use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Azure Storage refused the request with a bare AuthorizationFailure, which is what its
    /// firewall returns.
    ///
    /// ## Why it happens
    /// The storage account allows only selected networks; managed connectors and the
    /// designer call from addresses that are not on the list.
    ///
    /// ## Where the fix lives
    /// Storage account → Networking (allow the connector IP ranges, or use a private endpoint).
    ///
    /// ## Example
    /// ```text
    /// <Error><Code>AuthorizationFailure</Code><Message>This request is not authorized to perform this operation.</Message></Error>
    /// ```
    pub static STORAGE_FIREWALL_BLOCKED = {
        code: "AL212", name: "storage-firewall-blocked", category: NetworkOrFirewall, severity: Error,
        title: "The storage account's firewall blocks the caller", check: storage_firewall_blocked,
    }
}

fn storage_firewall_blocked(f: &Facts) -> Option<Hit> {
    if f.phrase(&["using this permission", "AuthorizationPermissionMismatch"])
        .is_some()
    {
        return None;
    }
    let code = f.code("AuthorizationFailure");
    let msg = f.phrase(&["This request is not authorized to perform this operation"]);
    let s = code.or(msg)?;
    let mut h = Hit::new(
        PLAUSIBLE + 4,
        "Azure Storage answers a bare AuthorizationFailure / \"This request is not authorized to perform this operation\" when its firewall or IP rules block the caller; a missing role reads \"…using this permission\" (AuthorizationPermissionMismatch) instead. Managed connectors call from the connector IP ranges, not the logic app's own addresses.",
    )
    .with(Some(s), "storage error");
    if let (Some(c), Some(m)) = (code, msg) {
        h = h.with(Some(if c == s { m } else { c }), "storage error");
    }
    Some(h.with(f.phrase(&["azconn", "azureblob"]), "managed connector"))
}
