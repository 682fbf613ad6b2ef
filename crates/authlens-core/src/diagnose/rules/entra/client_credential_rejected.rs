use super::{catalogued, client_assertion_out_of_time, entra_key_expired, key_expired, sentence};
use crate::category::Category;
use crate::diagnose::rules::confidence::{HINT, PLAUSIBLE, STRONG};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The app's client secret or assertion was rejected by the token endpoint.
    ///
    /// ## Why it happens
    /// The secret's ID was pasted instead of its value, the secret was rotated but one
    /// consumer kept the old one, or the certificate used to sign the assertion is not
    /// registered on the app.
    ///
    /// ## Where the fix lives
    /// App registration → Certificates & secrets, and every place that stores the value.
    ///
    /// ## Example
    /// ```text
    /// {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID."}
    /// ```
    pub static CLIENT_CREDENTIAL_REJECTED = {
        code: "AL109", name: "client-credential-rejected", category: InvalidClientCredentials, severity: Error,
        title: "The app's client secret or assertion was rejected", check: client_credential_rejected,
    }
}

fn client_credential_rejected(f: &Facts) -> Option<Hit> {
    let expired_key = f.aadsts(700027).is_some() && key_expired(f).is_some();
    let mut h = catalogued(f, Category::InvalidClientCredentials, STRONG + 2);
    if h.is_none() && f.aadsts(700027).is_some() && !expired_key {
        h = f.aadsts(700027).map(|s| {
            Hit::new(STRONG - 1, "AADSTS700027: the client assertion's signature does not match a certificate registered on the app.")
                .with(Some(sentence(f, s)), "Entra error code")
        });
    }
    let mut h = h?;
    // AADSTS50012 is the older umbrella code of client authentication: its message names the
    // reason, which later got codes of their own (700024 time range, 700027 signature). When the
    // reason is an expired key or the assertion's time range, those readings lead.
    if f.aadsts(50012).is_some()
        && (entra_key_expired(f).is_some() || client_assertion_out_of_time(f).is_some())
    {
        h.confidence = PLAUSIBLE;
    }
    if f.aadsts(50012).is_some() || f.phrase(&["Invalid client secret"]).is_some() {
        h.detail.push_str(
            " The same error is returned for a secret that has expired: check its expiry date too.",
        );
        // A secret that expired and was replaced: the old value, still stored somewhere
        // (Key Vault version, app setting, connection), is no longer registered.
        if let Some(s) = f.phrase(&["Invalid client secret", "client secret"]) {
            h.also.push(
                Hit::new(
                    HINT,
                    "If the secret expired and a new one was created, the old value may still be in use somewhere (a Key Vault version, an app setting, a connection): update every consumer and restart what caches it.",
                )
                .as_category(Category::ClientSecretExpired)
                .titled("An expired secret may still be in use")
                .with(Some(s), "client secret"),
            );
        }
    }
    Some(h)
}
