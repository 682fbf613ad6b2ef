use crate::category::Category;
use crate::diagnose::rules::confidence::{LIKELY, PLAUSIBLE};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service rejected the token's issuer. SharePoint's "Invalid issuer or signature" is
    /// its answer to any token it cannot validate as its own: a token for another resource
    /// (most often), from another tenant, or from an add-in whose client secret expired.
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
    // SharePoint's "Invalid issuer or signature" is its answer to any token it cannot validate
    // as one issued for itself: most often a token for another resource (a Microsoft Graph
    // token sent to SharePoint's API), less often one from another tenant.
    if let Some(sig) = f.phrase(&["issuer or signature"]) {
        let mut h = Hit::new(
            LIKELY,
            "SharePoint could not validate the token as one issued for it: most often a token for another resource (for example a Microsoft Graph token) sent to SharePoint's API. Request the token for the SharePoint site's resource (https://<tenant>.sharepoint.com/.default).",
        )
        .as_category(Category::WrongAudience)
        .titled("The token is for another resource")
        .with(Some(sig), "issuer or signature error");
        h.also.push(
            Hit::new(
                PLAUSIBLE,
                "SharePoint gives the same answer to a token issued by another tenant than the site's: get the token from the site's tenant.",
            )
            .with(Some(s), "issuer error"),
        );
        // A SharePoint add-in (ACS client id and secret) gets the same answer once its secret
        // has expired: add-in secrets last one to two years.
        h.also.push(
            Hit::new(
                PLAUSIBLE - 2,
                "For a SharePoint add-in that signs in with a client id and secret (ACS), SharePoint gives the same answer once that secret has expired: renew it, and update every place that stores it.",
            )
            .as_category(Category::ClientSecretExpired)
            .titled("An add-in's client secret may have expired")
            .with(Some(sig), "issuer or signature error"),
        );
        return Some(h);
    }
    let h = Hit::new(LIKELY, "The service rejected the token's issuer: it was issued by another tenant (or the common endpoint) than the one it trusts.").with(Some(s), "issuer error");
    Some(h)
}
