use super::{access_forbidden, credentials_invalid_phrase};
use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

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
    pub static DATASET_CREDENTIALS_ACCESS_FORBIDDEN = {
        code: "AL502", name: "dataset-credentials-access-forbidden", category: InsufficientPermission, severity: Error,
        title: "The account signed in but lacks access to the source", check: dataset_credentials_access_forbidden,
    }
}

fn dataset_credentials_access_forbidden(f: &Facts) -> Option<Hit> {
    let s = credentials_invalid_phrase(f)?;
    let af = access_forbidden(f)?;
    Some(
        Hit::new(
            LIKELY,
            "The headline says the credentials are invalid, but the detail's reason is AccessForbidden: the sign-in worked and the account lacks access to what the query reads (for example admin-only API tables).",
        )
        .with(Some(af), "credential error reason")
        .with(Some(s), "Power BI headline"),
    )
}
