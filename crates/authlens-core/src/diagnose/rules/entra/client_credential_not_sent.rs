use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The token request carried no client secret or assertion at all.
    ///
    /// ## Why it happens
    /// The secret setting is empty, an expression produced nothing, or a Key Vault reference
    /// failed.
    ///
    /// ## Where the fix lives
    /// The action's or connector's authentication settings.
    ///
    /// ## Example
    /// ```text
    /// AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.
    /// ```
    pub static CLIENT_CREDENTIAL_NOT_SENT = {
        code: "AL116", name: "client-credential-not-sent", category: MissingCredential, severity: Error,
        title: "No client secret or assertion was sent", check: client_credential_not_sent,
    }
}

fn client_credential_not_sent(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::MissingCredential, STRONG + 2)
}
