use crate::diagnose::rules::confidence::LIKELY;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The database refused the sign-in.
    ///
    /// ## Why it happens
    /// A wrong or changed password, a disabled login, or a login that does not exist.
    ///
    /// ## Where the fix lives
    /// The credentials stored in the connection or the data source (gateway, dataset).
    ///
    /// ## Example
    /// ```text
    /// The credentials provided for the Sql source are invalid. Login failed for user 'CONTOSO\svc_pbi'.
    /// ```
    pub static DATABASE_LOGIN_FAILED = {
        code: "AL222", name: "database-login-failed", category: InvalidUserCredentials, severity: Error,
        title: "The database refused the login", check: database_login_failed,
    }
}

fn database_login_failed(f: &Facts) -> Option<Hit> {
    let s = f.phrase(&["Login failed for user", "Error 18456"])?;
    Some(Hit::new(LIKELY, "The database refused the sign-in (SQL Server login failure): the user name or password stored in the connection or data source is wrong, or the login is disabled.").with(Some(s), "SQL login failure"))
}
