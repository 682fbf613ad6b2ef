use crate::category::Category;
use crate::diagnose::rules::confidence::{LIKELY, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service rejected the token's issuer.
    ///
    /// ## Why it happens
    /// The token came from another tenant or the common endpoint.
    ///
    /// ## Where the fix lives
    /// The authority (tenant) used to get the token.
    ///
    /// ## Example
    /// ```text
    /// IDX10205: Issuer validation failed.
    /// ```
    pub static TOKEN_ISSUER_REJECTED = {
        code: "AL210", name: "token-issuer-rejected", category: WrongTenant, severity: Error,
        title: "The token comes from a tenant the service does not trust", check: token_issuer_rejected,
    }
}

fn token_issuer_rejected(f: &Facts) -> Option<Hit> {
    let s = f
        .phrase(&[
            "IDX10205",
            "Issuer validation failed",
            "invalid issuer",
            "issuer is invalid",
            "issuer is not valid",
        ])
        .or_else(|| {
            // ASP.NET's bearer challenge names the issuer it refused: "The issuer 'https://sts…/'
            // is invalid" (or '(null)' when no tenant's issuer was configured to compare with).
            f.phrase(&["The issuer '"])
                .filter(|_| f.phrase(&["' is invalid", "' is not valid"]).is_some())
        })?;
    let mut h = Hit::new(LIKELY, "The service rejected the token's issuer: it was issued by another tenant (or the common endpoint) than the one it trusts.").with(Some(s), "issuer error");
    // SharePoint answers "Invalid issuer or signature" to a token minted for another resource
    // (a Graph token sent to SharePoint) as well: the audience is the other reading.
    if let Some(sig) = f.phrase(&["issuer or signature"]) {
        h.also.push(
            Hit::new(
                PLAUSIBLE,
                "SharePoint gives the same answer to a token issued for another resource (for example a Microsoft Graph token): request the token for the SharePoint site's resource.",
            )
            .as_category(Category::WrongAudience)
            .titled("The token may be for another resource")
            .with(Some(sig), "issuer or signature error"),
        );
    }
    Some(h)
}
