//! Rules read from Power Automate and Logic Apps messages about connections and policies.

use super::{declare_rule, Hit};
use crate::facts::Facts;

fn dlp(f: &Facts) -> Option<Hit> {
    let code = f
        .code("DlpViolation")
        .or_else(|| f.code("DlpPolicyViolation"));
    let phrase = f.phrase(&[
        "data loss prevention",
        "Admin data policy",
        "data policy",
        "DLP policy",
        "due to admin API policies",
        "blocked by a data policy",
    ]);
    let s = code.or(phrase)?;
    Some(
        Hit::new(
            94,
            "A Power Platform data loss prevention (DLP) policy blocks a connector this flow uses, or the combination of its connectors. The status may say Forbidden, but no permission or reconnect fixes it: the tenant or environment admin's policy decides.",
        )
        .with(Some(s), "DLP signal")
        .with(if code.is_some() { phrase } else { None }, "DLP message")
        .with(f.phrase(&["/providers/Microsoft.PowerApps/apis/"]), "blocked connector"),
    )
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
            88,
            "The action's connection is missing, deleted, not shared with the flow, or the connection reference points nowhere. The credential is not the question until the right connection is wired in.",
        )
        .with(Some(s), "connection error")
        .with(api_conn.filter(|a| *a != s), "connection state"),
    )
}

fn connection_not_usable(f: &Facts) -> Option<Hit> {
    let s = f.code("ConnectionAuthorizationFailed")?;
    Some(
        Hit::new(
            86,
            "The flow refers to a connection the caller may not use: it belongs to someone else, was not shared in the context of this flow, or is no longer valid. Replace it with your own connection, or have its owner turn the flow on.",
        )
        .with(Some(s), "Power Automate error code")
        .with(f.phrase(&["cannot be used to activate this flow", "not a connection you have access permission for"]), "reason"),
    )
}

fn needs_sign_in(f: &Facts) -> Option<Hit> {
    let s = f.code("DirectApiAuthorizationRequired").or_else(|| {
        f.phrase(&[
            "Failed to refresh access token",
            "connection has expired",
            "connection is expired",
            "connection expired",
            "re-authenticate the connection",
            "reauthenticate the connection",
            "is not authenticated",
            "connection is not authorized",
            "connection is not authenticated",
            "is Unauthenticated",
            "\"Unauthenticated\"",
            "Action failed due to authentication error",
            "needs to be reauthenticated",
            "Fix connection",
        ])
    })?;
    Some(
        Hit::new(
            80,
            "The connection's stored sign-in no longer works (expired, revoked, or never completed): the platform cannot get a token with it.",
        )
        .with(Some(s), "connection state"),
    )
}

fn workbook_forbidden(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["Make sure you have access to edit the workbook"])?;
    Some(
        Hit::new(
            66,
            "Excel Online's Run script answers Forbidden with this message when the tenant's Conditional Access policy limits access to documents from the service, even for the file's owner. Ask the admin which policy applies (sign-in logs); if the account really lacks edit rights, share the file with it.",
        )
        .with(Some(s), "Excel message")
        .with(f.word("Forbidden"), "status"),
    )
}

declare_rule! {
    /// ## What it means
    /// A Power Platform data loss prevention (DLP) policy blocks a connector the flow uses, or
    /// the mix of its connectors.
    ///
    /// ## Why it happens
    /// An admin created or changed a data policy; connectors in different groups (Business /
    /// Non-business) cannot be used together, and Blocked connectors not at all.
    ///
    /// ## Where the fix lives
    /// Power Platform admin center → Data policies (tenant or environment admin). Reconnecting
    /// does not help.
    ///
    /// ## Example
    /// ```text
    /// Flow client error returned with status code "Forbidden" and details "{"error":{"code":"DlpViolation","message":"Flow cannot be activated due to admin API policies."}}".
    /// ```
    pub static DLP_BLOCKED = {
        code: "AL401", name: "blocked-by-dlp-policy", category: DlpPolicyBlocked, severity: Error,
        title: "A data loss prevention policy blocks a connector", check: dlp,
    }
}
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
        title: "The flow uses a connection the caller may not use", check: connection_not_usable,
    }
}
declare_rule! {
    /// ## What it means
    /// The connection's stored sign-in no longer works and must be renewed.
    ///
    /// ## Why it happens
    /// The refresh token expired or was revoked, or the connection was never fully signed in.
    ///
    /// ## Where the fix lives
    /// Power Automate → Connections → Fix connection; Logic Apps → API connection → Authorize.
    ///
    /// ## Example
    /// ```text
    /// {"status":"Error","error":{"code":"Unauthenticated","message":"Failed to refresh access token for service: office365."}}
    /// ```
    pub static CONNECTION_NEEDS_SIGN_IN = {
        code: "AL404", name: "connection-sign-in-expired", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The connection must be signed in again", check: needs_sign_in,
    }
}
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
        title: "Excel Run script cannot open the workbook", check: workbook_forbidden,
    }
}

fn managed_identity_unset(f: &Facts) -> Option<Hit> {
    let mi = f.phrase(&["managed identity", "ManagedServiceIdentity", "MSI "])?;
    let s = f.phrase(&[
        "is not enabled",
        "not found",
        "is not configured",
        "could not be found",
        "No managed identity",
    ])?;
    Some(
        Hit::new(82, "The action uses a managed identity that is not enabled on the logic app, or not the one named (user-assigned identity missing or not attached).")
            .with(Some(mi), "managed identity")
            .with(Some(s), "state"),
    )
}

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
    pub static MANAGED_IDENTITY_UNSET = {
        code: "AL406", name: "managed-identity-not-configured", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "The managed identity is not configured", check: managed_identity_unset,
    }
}
