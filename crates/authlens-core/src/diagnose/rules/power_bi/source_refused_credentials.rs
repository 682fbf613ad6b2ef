use crate::diagnose::rules::confidence::HINT;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

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
    pub static SOURCE_REFUSED_CREDENTIALS = {
        code: "AL506", name: "source-refused-credentials", category: InsufficientPermission, severity: Error,
        title: "The data source refused the signed-in identity", check: source_refused_credentials,
    }
}

fn source_refused_credentials(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "couldn't authenticate with the credentials provided",
        "could not authenticate with the credentials provided",
    ])?;
    Some(
        Hit::new(
            HINT + 2,
            "Power Query signed in but the data source refused the account or app: most often the app registration lacks an API permission (with admin consent) the source needs, or the account lacks access. Check the permissions before re-entering credentials.",
        )
        .with(Some(s), "Power Query message"),
    )
}
