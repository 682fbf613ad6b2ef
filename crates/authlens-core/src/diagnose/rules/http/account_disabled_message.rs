use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The account behind the connection is disabled, locked or deleted.
    ///
    /// ## Why it happens
    /// The person left, an admin blocked sign-in, or repeated failures locked the account.
    ///
    /// ## Where the fix lives
    /// Re-create the connection with an active account or a service principal.
    ///
    /// ## Example
    /// ```text
    /// The user account is disabled.
    /// ```
    pub static ACCOUNT_DISABLED_MESSAGE = {
        code: "AL220", name: "account-disabled-message", category: UserDisabledOrDeleted, severity: Error,
        title: "The account is disabled, locked or deleted", check: account_disabled_message,
    }
}

fn account_disabled_message(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&[
        "user account is disabled",
        "account has been disabled",
        "user is disabled",
        "account is locked",
        "user account has been deleted",
        "account has been locked",
    ])?;
    Some(Hit::new(LIKELY + 2, "The account the connection uses is disabled, locked or deleted, so no sign-in with it can succeed.").with(Some(s), "account state"))
}
