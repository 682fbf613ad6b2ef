use super::{credentials_invalid_phrase, deployment_context};
use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

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
    pub static DATASET_CREDENTIALS_NEVER_SET = {
        code: "AL503", name: "dataset-credentials-never-set", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "The deployment did not set the data source credentials", check: dataset_credentials_never_set,
    }
}

fn dataset_credentials_never_set(f: &Facts) -> Option<Hit> {
    let s = credentials_invalid_phrase(f)?;
    let d = deployment_context(f)?;
    Some(
        Hit::new(
            LIKELY - 2,
            "The error came while deploying or saving the model, not during a refresh: the deployment did not set the data source credentials (a missing credential step or setting), so there is nothing valid to use yet.",
        )
        .with(Some(d), "deployment context")
        .with(Some(s), "Power BI credential error"),
    )
}
