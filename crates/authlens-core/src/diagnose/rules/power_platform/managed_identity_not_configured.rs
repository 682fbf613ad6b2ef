use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The action authenticates with a managed identity that is not enabled or not attached.
    ///
    /// ## Why it happens
    /// The identity was never turned on, was removed, or a user-assigned identity is not
    /// attached to the logic app.
    ///
    /// ## Where the fix lives
    /// The logic app → Identity (system-assigned on, or attach the user-assigned one), then
    /// grant that identity its role on the target.
    ///
    /// ## Example
    /// ```text
    /// The workflow 'wf' does not have a managed identity enabled: the managed identity is not enabled for this logic app.
    /// ```
    pub static MANAGED_IDENTITY_NOT_CONFIGURED = {
        code: "AL406", name: "managed-identity-not-configured", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "The managed identity is not configured", check: managed_identity_not_configured,
    }
}

fn managed_identity_not_configured(f: &Facts) -> Option<Hit> {
    let mi = f.phrase(&["managed identity", "ManagedServiceIdentity", "MSI "])?;
    let s = f.phrase(&[
        "is not enabled",
        "not found",
        "is not configured",
        "could not be found",
        "No managed identity",
    ])?;
    Some(
        Hit::new(LIKELY + 2, "The action uses a managed identity that is not enabled on the logic app, or not the one named (user-assigned identity missing or not attached).")
            .with(Some(mi), "managed identity")
            .with(Some(s), "state"),
    )
}
