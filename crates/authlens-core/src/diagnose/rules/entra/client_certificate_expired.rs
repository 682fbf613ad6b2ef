use super::{entra_key_expired, key_expired, sentence};
use crate::diagnose::rules::confidence::{CERTAIN, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The certificate the app signs its client assertion with has expired.
    ///
    /// ## Why it happens
    /// Certificates have an end date; the registered key passed it.
    ///
    /// ## Where the fix lives
    /// App registration → Certificates & secrets → upload the renewed certificate, and
    /// install it where the client signs.
    ///
    /// ## Example
    /// ```text
    /// AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired.]
    /// ```
    pub static CLIENT_CERTIFICATE_EXPIRED = {
        code: "AL111", name: "client-certificate-expired", category: CertificateExpired, severity: Error,
        title: "The app's certificate has expired", check: client_certificate_expired,
    }
}

fn client_certificate_expired(f: &Facts) -> Option<Hit> {
    let key = key_expired(f)?;
    // Entra naming the expired key as its reason is as sure as a code of its own.
    let code = entra_key_expired(f).or(f.aadsts(700027));
    let conf = if code.is_some() {
        CERTAIN + 2
    } else {
        PLAUSIBLE
    };
    Some(
        Hit::new(
            conf,
            "The certificate (key) the client signs its assertion with has passed its end date.",
        )
        .with(code.map(|s| sentence(f, s)), "Entra error code")
        .with(Some(key), "expired key"),
    )
}
