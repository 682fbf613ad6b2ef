//! Rules read from Power BI refresh and REST errors.

use super::{declare_rule, Hit};
use crate::facts::Facts;

fn credentials_invalid_phrase(f: &Facts) -> Option<crate::span::Span> {
    f.phrase(&[
        "credentials provided for the",
        "InvalidConnectionCredentials",
        "credentials are invalid",
        "Credentials are required to connect",
    ])
}

fn access_forbidden(f: &Facts) -> Option<crate::span::Span> {
    f.phrase(&[
        "\"AccessForbidden\"",
        "Reason\",\"detail\":{\"type\":1,\"value\":\"AccessForbidden",
        "AccessForbidden",
    ])
}

fn deployment_context(f: &Facts) -> Option<crate::span::Span> {
    f.phrase(&[
        "Failed to save modifications to the server",
        "setCredentials",
        "deployment",
    ])
}

fn invalid(f: &Facts) -> Option<Hit> {
    let s = credentials_invalid_phrase(f)?;
    if access_forbidden(f).is_some() || deployment_context(f).is_some() {
        return None;
    }
    let mut h = Hit::new(
        68,
        "Power BI could not use the data source credentials stored for the semantic model: they expired (OAuth sign-in older than its lifetime, a changed password, an MFA rollout) or were revoked.",
    )
    .with(Some(s), "Power BI credential error");
    if let Some(g) = f.code("invalid_grant").or(f.word("invalid_grant")) {
        h = h.with(Some(g), "OAuth error");
        h.confidence = 76;
    }
    Some(h)
}

fn forbidden(f: &Facts) -> Option<Hit> {
    let s = credentials_invalid_phrase(f)?;
    let af = access_forbidden(f)?;
    Some(
        Hit::new(
            80,
            "The headline says the credentials are invalid, but the detail's reason is AccessForbidden: the sign-in worked and the account lacks access to what the query reads (for example admin-only API tables).",
        )
        .with(Some(af), "credential error reason")
        .with(Some(s), "Power BI headline"),
    )
}

fn never_set(f: &Facts) -> Option<Hit> {
    let s = credentials_invalid_phrase(f)?;
    let d = deployment_context(f)?;
    Some(
        Hit::new(
            78,
            "The error came while deploying or saving the model, not during a refresh: the deployment did not set the data source credentials (a missing credential step or setting), so there is nothing valid to use yet.",
        )
        .with(Some(d), "deployment context")
        .with(Some(s), "Power BI credential error"),
    )
}

fn not_authorized(f: &Facts) -> Option<Hit> {
    let s = f
        .code("PowerBINotAuthorizedException")
        .or_else(|| f.phrase(&["PowerBINotAuthorizedException"]))?;
    Some(
        Hit::new(
            86,
            "Power BI accepted the token but the identity has no access: a service principal must be allowed by the tenant setting for service principals and be a member of the workspace. The status may say 401, but reconnecting will not help.",
        )
        .with(Some(s), "Power BI error code")
        .with(f.has_status(401), "status"),
    )
}

fn internal(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "internal service error",
        "This is usually a transient issue",
        "temporarily unavailable",
        "transient error",
    ])?;
    Some(
        Hit::new(
            76,
            "Power BI itself reports an internal or transient service error; error codes that mention OAuth inside such a message follow from the service failure, not from your credentials. Retry later and check the Power BI service status.",
        )
        .with(Some(s), "service error"),
    )
}

fn could_not_authenticate(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "couldn't authenticate with the credentials provided",
        "could not authenticate with the credentials provided",
    ])?;
    Some(
        Hit::new(
            58,
            "Power Query signed in but the data source refused the account or app: most often the app registration lacks an API permission (with admin consent) the source needs, or the account lacks access. Check the permissions before re-entering credentials.",
        )
        .with(Some(s), "Power Query message"),
    )
}

declare_rule! {
    /// ## What it means
    /// Power BI cannot use the data source credentials stored for the semantic model.
    ///
    /// ## Why it happens
    /// OAuth credentials expire or are revoked (password change, MFA rollout, inactivity);
    /// basic credentials change.
    ///
    /// ## Where the fix lives
    /// Semantic model settings → Data source credentials → Edit credentials (or the gateway
    /// connection). Scheduled refresh is disabled after repeated failures: turn it back on.
    ///
    /// ## Example
    /// ```text
    /// The credentials provided for the SharePoint source are invalid. (Source at https://contoso.sharepoint.com/sites/finance.)
    /// ```
    pub static PBI_CREDENTIALS_INVALID = {
        code: "AL501", name: "dataset-credentials-invalid", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The semantic model's stored credentials no longer work", check: invalid,
    }
}
declare_rule! {
    /// ## What it means
    /// The headline says the credentials are invalid, but the detailed reason is
    /// AccessForbidden: the account signed in and lacks access.
    ///
    /// ## Why it happens
    /// The query reads something (admin APIs, another workspace) the account may not.
    ///
    /// ## Where the fix lives
    /// The account's rights in the source (for Power BI admin APIs: a Fabric / Power BI admin
    /// role).
    ///
    /// ## Example
    /// ```text
    /// {"code":"DM_GWPipeline_Gateway_InvalidConnectionCredentials","details":[{"code":"Microsoft.Data.Mashup.CredentialError.Reason","detail":{"type":1,"value":"AccessForbidden"}}],"message":"The credentials provided for the PowerBIRESTAPI source are invalid."}
    /// ```
    pub static PBI_CREDENTIALS_ACCESS_FORBIDDEN = {
        code: "AL502", name: "dataset-credentials-access-forbidden", category: InsufficientPermission, severity: Error,
        title: "The account signed in but lacks access to the source", check: forbidden,
    }
}
declare_rule! {
    /// ## What it means
    /// The credentials were never set: the error appears while deploying or saving the model.
    ///
    /// ## Why it happens
    /// Deployment tools skip setting data source credentials unless told to.
    ///
    /// ## Where the fix lives
    /// The deployment's credential settings, or set them once in the dataset settings.
    ///
    /// ## Example
    /// ```text
    /// Failed to save modifications to the server. Error returned: 'The credentials provided for the AnalysisServices source are invalid.'
    /// ```
    pub static PBI_CREDENTIALS_NEVER_SET = {
        code: "AL503", name: "dataset-credentials-never-set", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "The deployment did not set the data source credentials", check: never_set,
    }
}
declare_rule! {
    /// ## What it means
    /// Power BI accepted the token but the identity may not use the workspace or API.
    ///
    /// ## Why it happens
    /// A service principal is not allowed by the tenant setting or not a workspace member;
    /// a user lacks the role.
    ///
    /// ## Where the fix lives
    /// Power BI admin portal → tenant settings (service principals), and workspace access.
    ///
    /// ## Example
    /// ```text
    /// Status: Unauthorized (401) Response: {"error":{"code":"PowerBINotAuthorizedException"}}
    /// ```
    pub static PBI_NOT_AUTHORIZED = {
        code: "AL504", name: "power-bi-not-authorized", category: InsufficientPermission, severity: Error,
        title: "Power BI denies the identity", check: not_authorized,
    }
}
declare_rule! {
    /// ## What it means
    /// Power BI reports an internal or transient service error.
    ///
    /// ## Why it happens
    /// Service-side incidents; OAuth-sounding inner codes are a consequence.
    ///
    /// ## Where the fix lives
    /// Retry later; Power BI service status; support if it persists.
    ///
    /// ## Example
    /// ```text
    /// The last refresh attempt failed because of an internal service error. This is usually a transient issue.
    /// ```
    pub static PBI_INTERNAL_SERVICE_ERROR = {
        code: "AL505", name: "power-bi-internal-error", category: ServiceOutageOrThrottling, severity: Warning,
        title: "Power BI had an internal service error", check: internal,
    }
}
declare_rule! {
    /// ## What it means
    /// Power Query could not authenticate to the source with the credentials given, although
    /// they were accepted for sign-in.
    ///
    /// ## Why it happens
    /// Most often an app registration behind a connector lacks an API permission or consent;
    /// sometimes the account lacks access.
    ///
    /// ## Where the fix lives
    /// The app registration's API permissions (grant admin consent), then the credentials.
    ///
    /// ## Example
    /// ```text
    /// We couldn't authenticate with the credentials provided. Please try again.
    /// ```
    pub static PBI_COULD_NOT_AUTHENTICATE = {
        code: "AL506", name: "source-refused-credentials", category: InsufficientPermission, severity: Error,
        title: "The data source refused the signed-in identity", check: could_not_authenticate,
    }
}
