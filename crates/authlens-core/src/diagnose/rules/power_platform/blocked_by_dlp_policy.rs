use crate::diagnose::rules::confidence::CERTAIN;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// A Power Platform data loss prevention (DLP) policy blocks a connector the flow uses, or
    /// the mix of its connectors.
    ///
    /// ## Why it happens
    /// An admin created or changed a data policy; connectors in different groups (Business /
    /// Non-business) cannot be used together, and Blocked connectors not at all.
    ///
    /// ## Where the fix lives
    /// Power Platform admin center → Data policies (tenant or environment admin). Reconnecting
    /// does not help.
    ///
    /// ## Example
    /// ```text
    /// Flow client error returned with status code "Forbidden" and details "{"error":{"code":"DlpViolation","message":"Flow cannot be activated due to admin API policies."}}".
    /// ```
    pub static BLOCKED_BY_DLP_POLICY = {
        code: "AL401", name: "blocked-by-dlp-policy", category: DlpPolicyBlocked, severity: Error,
        title: "A data loss prevention policy blocks a connector", check: blocked_by_dlp_policy,
    }
}

fn blocked_by_dlp_policy(f: &Facts) -> Option<Hit> {
    let code = f
        .code("DlpViolation")
        .or_else(|| f.code("DlpPolicyViolation"));
    let phrase = f.phrase(&[
        "data loss prevention",
        "Admin data policy",
        "data policy",
        "DLP policy",
        "due to admin API policies",
        "blocked by a data policy",
    ]);
    let s = code.or(phrase)?;
    Some(
        Hit::new(
            CERTAIN + 4,
            "A Power Platform data loss prevention (DLP) policy blocks a connector this flow uses, or the combination of its connectors. The status may say Forbidden, but no permission or reconnect fixes it: the tenant or environment admin's policy decides.",
        )
        .with(Some(s), "DLP signal")
        .with(if code.is_some() { phrase } else { None }, "DLP message")
        .with(f.phrase(&["/providers/Microsoft.PowerApps/apis/"]), "blocked connector"),
    )
}
