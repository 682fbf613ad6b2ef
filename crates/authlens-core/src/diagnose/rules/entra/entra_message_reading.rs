use crate::diagnose::rules::confidence::HINT;
use crate::diagnose::rules::table_reading::{table_reading, Levels};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::knowledge::aadsts;

declare_rule! {
    /// ## What it means
    /// The paste carries an OAuth error value, an MSAL / ADAL / Azure.Identity exception or
    /// error code, or an AD FS (MSIS) code, without an AADSTS code: tools and wrappers often
    /// drop it. (Sign-in wording without such an identifier is read by the wording reader,
    /// AL701; `authlens explain` knows the standard messages too.)
    ///
    /// ## Why it happens
    /// The library reports its own exception or error code, not the token endpoint's full
    /// answer.
    ///
    /// ## Where the fix lives
    /// Where the category's fix lives; `authlens explain` prints what the message means.
    ///
    /// ## Example
    /// ```text
    /// Azure.Identity.CredentialUnavailableException: DefaultAzureCredential failed to retrieve a token from the included credentials.
    /// ```
    pub static ENTRA_MESSAGE_READING = {
        code: "AL127", name: "entra-message-reading", category: MissingCredential, severity: Error,
        title: "A sign-in library exception or error code", check: entra_message_reading,
    }
}

/// Below the OAuth rules (AL121–AL124) and every specific rule: the identifier names a cause,
/// the AADSTS code it dropped would name it better. Sign-in wording without an identifier is
/// the wording reader's (AL701): its lexicon weighs every phrase of the paste together.
const LEVELS: Levels = Levels {
    code_field: HINT + 6,
    word: HINT + 4,
    phrase: None,
};

fn entra_message_reading(f: &Facts) -> Option<Hit> {
    // A catalogued code says more than its message.
    if f.aadsts
        .iter()
        .any(|(c, _)| aadsts::lookup(*c).is_some() && !aadsts::WRAPPERS.contains(c))
    {
        return None;
    }
    table_reading(f, &["entra"], LEVELS)
}
