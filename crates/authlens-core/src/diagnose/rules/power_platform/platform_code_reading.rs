use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::table_reading::{table_reading, Levels};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The paste carries a Power Automate, connector or Logic Apps error code or standard
    /// message from the knowledge tables.
    ///
    /// ## Why it happens
    /// The flow service, the API hub or the Logic Apps runtime names the failure in its own
    /// words.
    ///
    /// ## Where the fix lives
    /// The place the table names for that code: connections, connection references, data
    /// policies, the logic app's identity or its authorization policies.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"MisMatchingOAuthClaims","message":"One or more claims either missing or does not match with the open authentication access control policy."}}
    /// ```
    pub static PLATFORM_CODE_READING = {
        code: "AL407", name: "platform-code-reading", category: InsufficientPermission, severity: Error,
        title: "A Power Automate or Logic Apps error code", check: platform_code_reading,
    }
}

/// Below the specific Power Platform rules: the table names the code, they read its context.
const LEVELS: Levels = Levels {
    code_field: PLAUSIBLE + 4,
    word: PLAUSIBLE - 2,
    phrase: Some(PLAUSIBLE - 5),
};

fn platform_code_reading(f: &Facts) -> Option<Hit> {
    table_reading(f, &["power-automate", "logic-apps"], LEVELS)
}
