use super::catalogued;
use crate::category::Category;
use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The account signed in, but it is not assigned to the application, which requires
    /// assignment.
    ///
    /// ## Why it happens
    /// The enterprise application has "Assignment required" turned on and the user or group
    /// was never added.
    ///
    /// ## Where the fix lives
    /// Entra ID → Enterprise applications → the app → Users and groups.
    ///
    /// ## Example
    /// ```text
    /// AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access.
    /// ```
    pub static USER_NOT_ASSIGNED_TO_APP = {
        code: "AL118", name: "user-not-assigned-to-app", category: InsufficientPermission, severity: Error,
        title: "The account is not assigned to the application", check: user_not_assigned_to_app,
    }
}

fn user_not_assigned_to_app(f: &Facts) -> Option<Hit> {
    catalogued(f, Category::InsufficientPermission, STRONG - 1)
}
