use crate::diagnose::rules::confidence::{HINT, PLAUSIBLE};
use crate::diagnose::rules::table_reading::{table_reading, Levels};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The paste carries an error code or standard message of Dataverse, SharePoint, Microsoft
    /// Graph, Azure Resource Manager, Key Vault, Storage, App Service or API Management from
    /// the knowledge tables, including the look-alikes that are not about authentication
    /// (a provider not registered, a policy, a missing item).
    ///
    /// ## Why it happens
    /// The service names the failure in its own code.
    ///
    /// ## Where the fix lives
    /// The place the table names for that code.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"MissingSubscriptionRegistration","message":"The subscription is not registered to use namespace 'Microsoft.Web'."}}
    /// ```
    pub static SERVICE_CODE_READING = {
        code: "AL312", name: "service-code-reading", category: NotAnAuthError, severity: Error,
        title: "An Azure or Microsoft 365 service error code", check: service_code_reading,
    }
}

/// A code in the service's own error field is a good reading; the same words elsewhere in the
/// text, or a phrase, only hint, below the specific rules that read these services.
const LEVELS: Levels = Levels {
    code_field: PLAUSIBLE + 4,
    word: HINT + 4,
    phrase: Some(HINT + 2),
};

fn service_code_reading(f: &Facts) -> Option<Hit> {
    table_reading(
        f,
        &[
            "dataverse",
            "sharepoint",
            "graph",
            "arm",
            "key-vault",
            "storage",
            "app-service",
            "apim",
        ],
        LEVELS,
    )
}
