use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The token was issued by a different tenant than the one owning the resource.
    ///
    /// ## Why it happens
    /// The token was requested from `common` or the wrong tenant, or a personal Microsoft
    /// account was signed in.
    ///
    /// ## Where the fix lives
    /// The authority URL of the token request: use the resource's tenant id.
    ///
    /// ## Example
    /// ```text
    /// The access token is from the wrong issuer 'https://sts.windows.net/11111111-1111-1111-1111-111111111111/'. It must match the tenant 'https://sts.windows.net/22222222-2222-2222-2222-222222222222/' associated with this subscription.
    /// ```
    pub static TOKEN_FROM_OTHER_TENANT = {
        code: "AL304", name: "token-from-other-tenant", category: WrongTenant, severity: Error,
        title: "The token comes from another tenant", check: token_from_other_tenant,
    }
}

fn token_from_other_tenant(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "InvalidAuthenticationTokenTenant",
        "token is from the wrong issuer",
        "from the wrong issuer",
        "must match the tenant",
    ])?;
    let mut h = Hit::new(
        CERTAIN + 2,
        "The token was issued by another tenant than the one that owns the resource: it was requested from the common endpoint or a default tenant instead of the resource's tenant.",
    )
    .with(Some(s), "tenant mismatch");
    if let Some(msa) = f.phrase(&[
        "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        "9188040d-6c67-4c5b-b112-36a304b66dad",
    ]) {
        h = h.with(Some(msa), "personal-account tenant");
        h.detail.push_str(" The issuing tenant is the one Microsoft uses for personal accounts: a personal Microsoft account was signed in.");
    }
    Some(h)
}
