use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The flow uses a connection that the caller may not use.
    ///
    /// ## Why it happens
    /// Someone else's connection was kept when the flow was shared, imported or re-owned.
    ///
    /// ## Where the fix lives
    /// Replace the connection with one you own, or have the connection's owner turn the flow
    /// on.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"ConnectionAuthorizationFailed","message":"Connection '/providers/Microsoft.PowerApps/apis/shared_office365/connections/abc' cannot be used to activate this flow."}}
    /// ```
    pub static CONNECTION_NOT_USABLE_BY_CALLER = {
        code: "AL403", name: "connection-not-usable-by-caller", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "The flow uses a connection the caller may not use", check: connection_not_usable_by_caller,
    }
}

fn connection_not_usable_by_caller(f: &Facts) -> Option<Hit> {
    // The same refusal in words, when the code is not printed ("The caller with object id …
    // does not have permission for connection … under Api …").
    let s = f
        .code("ConnectionAuthorizationFailed")
        .or_else(|| f.phrase(&["does not have permission for connection"]))?;
    Some(
        Hit::new(
            STRONG,
            "The flow refers to a connection the caller may not use: it belongs to someone else, was not shared in the context of this flow, or is no longer valid. Replace it with your own connection, or have its owner turn the flow on.",
        )
        .with(Some(s), "Power Automate error code")
        .with(f.phrase(&["cannot be used to activate this flow", "not a connection you have access permission for"]), "reason"),
    )
}
