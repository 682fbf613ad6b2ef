use super::specific_auth_code;
use crate::diagnose::rules::confidence::HINT;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// A 401 Unauthorized: the service did not accept the credential. It is missing, expired
    /// or revoked.
    ///
    /// ## Why it happens
    /// A connection's sign-in expired or was revoked, a static token aged out, or no token
    /// was sent.
    ///
    /// ## Where the fix lives
    /// Where the connection lives (Fix connection, Authorize, Edit credentials), or in how
    /// the request gets its token.
    ///
    /// ## Example
    /// ```text
    /// {"statusCode": 401, "headers": {}, "body": {"message": "Unauthorized"}}
    /// ```
    pub static CREDENTIAL_REJECTED_401 = {
        code: "AL201", name: "credential-rejected-401", category: ExpiredOrRevokedCredential, severity: Error,
        title: "The service rejected the credential (401)", check: credential_rejected_401, fallback: true,
    }
}

fn credential_rejected_401(f: &Facts) -> Option<Hit> {
    let s = f.statuses.iter().find(|s| s.code == 401)?;
    // A 403 said anywhere in the body is the more specific answer (senior-admin reading).
    if f.statuses.iter().any(|x| x.code == 403) || specific_auth_code(f) {
        return None;
    }
    let mut h = Hit::new(
        HINT - 1,
        "A 401 means the service did not accept the credential: it is missing, expired or revoked. The fix lives where the connection or token comes from, not in the target system's permissions.",
    )
    .with(Some(s.span), "status 401");
    if let Some(w) = f.header_value("www-authenticate") {
        h = h.with(Some(w), "WWW-Authenticate challenge");
    }
    Some(h)
}
