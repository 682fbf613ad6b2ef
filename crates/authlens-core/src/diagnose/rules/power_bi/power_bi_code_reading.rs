use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::table_reading::{table_reading, Levels};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// The paste carries a Power BI or Fabric refresh, gateway or REST error code, or a
    /// standard Power BI message, from the knowledge tables (DMTS_…, DM_GWPipeline_…,
    /// Premium_…, REST API errors).
    ///
    /// ## Why it happens
    /// The refresh engine, the gateway or the REST API names the failure in its own code.
    ///
    /// ## Where the fix lives
    /// The place the table names for that code: data source credentials, the gateway
    /// connection, workspace access, tenant settings.
    ///
    /// ## Example
    /// ```text
    /// Refresh failed. Error code: DMTS_MonikerNotBoundToGatewayError
    /// ```
    pub static POWER_BI_CODE_READING = {
        code: "AL507", name: "power-bi-code-reading", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "A Power BI refresh or REST error code", check: power_bi_code_reading,
    }
}

/// Below the specific Power BI rules, which read the credential messages around the code.
const LEVELS: Levels = Levels {
    code_field: PLAUSIBLE + 4,
    word: PLAUSIBLE,
    phrase: Some(PLAUSIBLE - 5),
};

fn power_bi_code_reading(f: &Facts) -> Option<Hit> {
    table_reading(f, &["power-bi", "power-bi-rest"], LEVELS)
}
