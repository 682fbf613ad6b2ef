use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::{CERTAIN, PLAUSIBLE, STRONG};
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
    let hit = sent_nothing(f)?;
    Some(with_public_client_reading(f, hit))
}

const NO_SECRET_WORDS: &[&str] = &[
    "must contain the following parameter: 'client_secret or client_assertion'",
    "must contain the following parameter: 'client_assertion' or 'client_secret'",
    "must contain the following parameter: 'client_secret'",
];

// The same refusal meets an app that signs users in without any secret (a browser, desktop,
// mobile or command-line app) whose registration makes it a confidential client: a Web
// platform instead of single-page or mobile, or public client flows turned off. Then the
// fix is the registration, not a secret; kept as the second reading.
fn with_public_client_reading(f: &Facts, mut hit: Hit) -> Hit {
    let Some(s) = f.aadsts(7000218).or_else(|| f.phrase(NO_SECRET_WORDS)) else {
        return hit;
    };
    hit.also.push(
        Hit::new(
            PLAUSIBLE,
            "If the app signs users in without a secret (a browser, desktop, mobile or command-line app), its registration makes it a confidential client: register its redirect URI under the single-page or mobile and desktop platform, or allow public client flows, and use the client id meant for that app.",
        )
        .as_category(Category::ConnectionNotFoundOrMisconfigured)
        .titled("A public client registered as a confidential one")
        .with(Some(s), "the token endpoint's message"),
    );
    hit
}

fn sent_nothing(f: &Facts) -> Option<Hit> {
    if let Some(h) = catalogued(f, Category::MissingCredential, STRONG + 2) {
        return Some(h);
    }
    // The token endpoint's own words for a request without a secret or assertion, whatever
    // code wraps them (AADSTS70002, ACS90014, none): nothing was sent, so nothing was wrong.
    let s = f.phrase(NO_SECRET_WORDS)?;
    Some(
        Hit::new(
            CERTAIN,
            "The token request carried no client secret and no client assertion: the app is registered as a confidential client (a web app), so it must send one. Send the secret or certificate, or register the app as a public client if it signs users in without one.",
        )
        .with(Some(s), "the token endpoint's message"),
    )
}
