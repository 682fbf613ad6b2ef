use super::{catalogued, sentence};
use crate::category::Category;
use crate::diagnose::rules::confidence::{CERTAIN, PLAUSIBLE, STRONG};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The account behind the connection cannot sign in: disabled, locked, deleted, or a guest
    /// whose access was removed.
    ///
    /// ## Why it happens
    /// The person left, the account was blocked, or repeated wrong passwords locked it.
    ///
    /// ## Where the fix lives
    /// Re-create the connection with an active account (preferably a service principal).
    ///
    /// ## Example
    /// ```text
    /// AADSTS50057: The user account is disabled.
    /// ```
    pub static ACCOUNT_DISABLED_OR_MISSING = {
        code: "AL113", name: "account-disabled-or-missing", category: UserDisabledOrDeleted, severity: Error,
        title: "The account behind the connection cannot sign in", check: account_disabled_or_missing,
    }
}

fn account_disabled_or_missing(f: &Facts) -> Option<Hit> {
    if let Some(h) = catalogued(f, Category::UserDisabledOrDeleted, CERTAIN) {
        return Some(h);
    }
    // A lockout (50053) after wrong passwords is a consequence, not the cause.
    let s = f.aadsts(50053)?;
    let after_wrong_password = f.aadsts(50126).is_some();
    let (conf, detail) = if after_wrong_password {
        (PLAUSIBLE, "AADSTS50053: the account was locked after repeated sign-ins with a wrong password; the wrong password came first.")
    } else {
        (STRONG + 2, "AADSTS50053: the account is locked (too many wrong passwords) or sign-in from this IP address is blocked.")
    };
    let h = Hit::new(conf, detail).with(Some(sentence(f, s)), "Entra error code");
    // The lockout's own message names the wrong password that caused it (an unattended job
    // or connection still using an old one): that is the cause to fix, the lock follows it.
    if !after_wrong_password {
        if let Some(p) = f.phrase(&["incorrect user ID or password", "incorrect password"]) {
            let mut cause = Hit::new(
                STRONG + 2,
                "AADSTS50053: the account was locked by repeated sign-ins with a wrong password, often an unattended job or connection still using an old one. Fix the stored password, or the account locks again.",
            )
            .as_category(Category::InvalidUserCredentials)
            .titled("A wrong stored password locked the account")
            .with(Some(sentence(f, s)), "Entra error code")
            .with(Some(p), "wrong password");
            let mut lock = h;
            lock.confidence = PLAUSIBLE;
            cause.also.push(lock);
            return Some(cause);
        }
    }
    Some(h)
}
