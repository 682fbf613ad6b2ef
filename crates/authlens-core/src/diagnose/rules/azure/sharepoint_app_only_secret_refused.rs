use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// SharePoint Online rejected an app-only token that was obtained with a client secret.
    ///
    /// ## Why it happens
    /// SharePoint REST accepts app-only access only with certificate credentials.
    ///
    /// ## Where the fix lives
    /// The app registration: add a certificate and request the token with it.
    ///
    /// ## Example
    /// ```text
    /// {"error_description":"Unsupported app only token."}
    /// ```
    pub static SHAREPOINT_APP_ONLY_SECRET_REFUSED = {
        code: "AL310", name: "sharepoint-app-only-secret-refused", category: InsufficientPermission, severity: Error,
        title: "SharePoint refuses this app-only token", check: sharepoint_app_only_secret_refused,
    }
}

fn sharepoint_app_only_secret_refused(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["Unsupported app only token"])?;
    Some(Hit::new(STRONG, "SharePoint refuses app-only tokens obtained with a client secret: the app must authenticate with a certificate (or use Sites.Selected through Microsoft Graph).").with(Some(s), "SharePoint error"))
}
