use crate::diagnose::rules::confidence::HINT;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The service could not validate the token's signature.
    ///
    /// ## Why it happens
    /// Most often a token for another resource (Graph tokens can only be validated by Graph),
    /// sometimes one from another tenant or cloud.
    ///
    /// ## Where the fix lives
    /// The audience of the token request.
    ///
    /// ## Example
    /// ```text
    /// IDX10511: Signature validation failed.
    /// ```
    pub static TOKEN_SIGNATURE_REJECTED = {
        code: "AL211", name: "token-signature-rejected", category: WrongAudience, severity: Error,
        title: "The service could not validate the token's signature", check: token_signature_rejected,
    }
}

fn token_signature_rejected(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "IDX10503",
        "IDX10511",
        "IDX10501",
        "Signature validation failed",
        "invalid signature",
    ])?;
    if f.aadsts(700027).is_some() {
        return None;
    }
    Some(Hit::new(
        HINT + 6,
        "The service could not validate the token's signature. The usual reason is a token meant for another resource (a Microsoft Graph token, which only Graph can validate, sent to your own API) or from another tenant; tampering is rare.",
    ).with(Some(s), "signature error"))
}
