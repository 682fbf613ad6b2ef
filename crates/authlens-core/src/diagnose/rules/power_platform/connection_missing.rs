use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The connection (or connection reference) the action uses is missing, deleted, not
    /// shared with the flow, or points at the wrong resource.
    ///
    /// ## Why it happens
    /// Connections are deleted, solutions are imported without mapping connection
    /// references, or API connection resources are removed from the resource group.
    ///
    /// ## Where the fix lives
    /// The flow's connections / connection references; the logic app's API connection
    /// resource.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"ApiConnectionNotFound","message":"The API connection 'office365' could not be found."}}
    /// ```
    pub static CONNECTION_MISSING = {
        code: "AL402", name: "connection-missing", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "The action's connection is missing or not wired in", check: connection_missing,
    }
}

fn connection_missing(f: &Facts) -> Option<Hit> {
    let s = f
        .code("ApiConnectionNotFound")
        .or_else(|| f.code("ConnectionNotFound"))
        .or_else(|| f.code("InvalidConnection"))
        .or_else(|| f.code("ConnectionReferenceNotFound"))
        .or_else(|| f.code("InvokerConnectionOverrideFailed"))
        .or_else(|| {
            f.phrase(&[
                "Connection not found",
                "connection could not be found",
                "API connection '",
                "missing connection ACL",
                "connection reference",
                "is not a valid connection",
                "connection does not exist",
            ])
        })?;
    let api_conn = f.phrase(&[
        "could not be found",
        "was not found",
        "missing connection ACL",
        "not a valid connection",
        "does not exist",
    ]);
    if s == f.phrase(&["API connection '"]).unwrap_or_default() && api_conn.is_none() {
        return None;
    }
    Some(
        Hit::new(
            STRONG + 2,
            "The action's connection is missing, deleted, not shared with the flow, or the connection reference points nowhere. The credential is not the question until the right connection is wired in.",
        )
        .with(Some(s), "connection error")
        .with(api_conn.filter(|a| *a != s), "connection state"),
    )
}
