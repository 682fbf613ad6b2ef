use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Microsoft Graph refused the operation: the token lacks the scope or role, or the user
    /// lacks the directory role the operation needs.
    ///
    /// ## Why it happens
    /// The app registration lacks the API permission, admin consent was not granted, or the
    /// operation needs an admin role.
    ///
    /// ## Where the fix lives
    /// App registration → API permissions (and Grant admin consent), or the user's directory
    /// roles.
    ///
    /// ## Example
    /// ```text
    /// {"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges to complete the operation."}}
    /// ```
    pub static GRAPH_PRIVILEGES_INSUFFICIENT = {
        code: "AL305", name: "graph-privileges-insufficient", category: InsufficientPermission, severity: Error,
        title: "Microsoft Graph denies the operation", check: graph_privileges_insufficient,
    }
}

fn graph_privileges_insufficient(f: &Facts) -> Option<Hit> {
    let code = f
        .code("Authorization_RequestDenied")
        .or(f.code("ErrorAccessDenied"))
        .or(f.code("accessDenied"));
    let msg = f.phrase(&[
        "Insufficient privileges to complete the operation",
        "Either scp or roles claim need to be present",
    ]);
    code.or(msg)?;
    Some(
        Hit::new(
            STRONG + 1,
            "Microsoft Graph accepted the token but it lacks the permission (delegated scope or application role) or the directory role this operation needs. Add the permission to the app registration and grant admin consent; some operations also need an admin role for the signed-in user.",
        )
        .with(code, "Graph error code")
        .with(msg, "Graph message"),
    )
}
