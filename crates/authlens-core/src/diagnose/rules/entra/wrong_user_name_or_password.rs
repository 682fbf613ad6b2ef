use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The user name or password stored in the connection is wrong.
    ///
    /// ## Why it happens
    /// The password changed, a typo, or a federated account that does not accept password
    /// sign-in from the service.
    ///
    /// ## Where the fix lives
    /// The credentials stored in the connection.
    ///
    /// ## Example
    /// ```text
    /// AADSTS50126: Error validating credentials due to invalid username or password.
    /// ```
    pub static WRONG_USER_NAME_OR_PASSWORD = {
        code: "AL114", name: "wrong-user-name-or-password", category: InvalidUserCredentials, severity: Error,
        title: "The user name or password is wrong", check: wrong_user_name_or_password,
    }
}

fn wrong_user_name_or_password(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::InvalidUserCredentials, CERTAIN)
}
