use crate::diagnose::rules::confidence::HINT;
use crate::diagnose::rules::table_reading::{table_reading, Levels};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::knowledge::aadsts;

declare_rule! {
    /// ## What it means
    /// The paste carries an OAuth error value, an MSAL / ADAL / Azure.Identity exception or
    /// error code, an AD FS (MSIS) code, or one of Entra's standard messages, without an AADSTS
    /// code: tools and wrappers often drop it. (Other sign-in wording is read by the wording
    /// reader, AL701; `authlens explain` prints what each message means.)
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
/// the AADSTS code it dropped would name it better. A standard message (a table phrase) ranks
/// like the other services' messages (AL312), just above what the wording reader (AL701) makes
/// of looser words: the table row says what that exact message means, and `explain` agrees.
const LEVELS: Levels = Levels {
    code_field: HINT + 6,
    word: HINT + 4,
    phrase: Some(HINT + 2),
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
