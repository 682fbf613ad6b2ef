//! The rule registry: every diagnosis AuthLens can make, in one sorted list ([`RULES`]).
//!
//! A rule is one `declare_rule!` block: metadata, documentation (its `///` comment, shown on the
//! page, by `authlens explain` and in the README) and a check that reads [`Facts`] and returns a
//! [`Hit`]. Wording of findings lives in [`run`]; rules only find facts. Adding a rule means one
//! new block and one line in [`RULES`].

use crate::category::Category;
use crate::facts::Facts;
use crate::knowledge::fixes;
use crate::report::{Finding, Severity};
use crate::span::{Evidence, Span};
use serde::Serialize;

mod azure;
pub mod catalog_doc;
mod entra;
mod http;
mod power_bi;
mod power_platform;
mod token;

/// What a rule found in one paste.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 0–100: how sure the rule is that this explains the failure.
    pub confidence: u8,
    /// Primary evidence first.
    pub evidence: Vec<(Span, &'static str)>,
    /// Why, for this paste, in one or two sentences.
    pub detail: String,
}

impl Hit {
    pub fn new(confidence: u8, detail: impl Into<String>) -> Self {
        Hit {
            confidence,
            evidence: Vec::new(),
            detail: detail.into(),
        }
    }

    pub fn with(mut self, span: Option<Span>, label: &'static str) -> Self {
        if let Some(s) = span.filter(|s| !s.is_empty()) {
            if !self.evidence.iter().any(|(e, _)| *e == s) {
                self.evidence.push((s, label));
            }
        }
        self
    }
}

pub type Check = fn(&Facts) -> Option<Hit>;

/// One rule: metadata, documentation and its check.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub title: &'static str,
    /// The raw `///` text; see [`Rule::docs`].
    pub raw_docs: &'static str,
    pub check: Check,
    /// A generic reading (such as "401 means the credential was rejected") that steps aside
    /// when a specific rule explains the paste with confidence of at least [`SPECIFIC`].
    pub fallback: bool,
}

/// Confidence from which a specific finding silences the fallbacks.
pub const SPECIFIC: u8 = 75;

impl Rule {
    /// The documentation as Markdown (doc-comment indentation removed).
    pub fn docs(&self) -> String {
        self.raw_docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// The first example input of the docs (a ```text block under "## Example").
    pub fn example(&self) -> Option<String> {
        let docs = self.docs();
        let after = docs.split_once("## Example")?.1;
        let body = after.split_once("```text\n")?.1;
        Some(body.split_once("\n```")?.0.to_string())
    }

    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            code: self.code,
            name: self.name,
            category: self.category,
            severity: self.severity,
            title: self.title,
            docs: self.docs(),
        }
    }
}

/// Declares a rule; the doc comment becomes its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $id:ident = {
            code: $code:literal,
            name: $name:literal,
            category: $cat:ident,
            severity: $sev:ident,
            title: $title:literal,
            check: $check:path
            $(, fallback: $fallback:literal)? $(,)?
        }
    ) => {
        $vis static $id: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            category: $crate::category::Category::$cat,
            severity: $crate::report::Severity::$sev,
            title: $title,
            raw_docs: concat!($($doc, "\n"),*),
            check: $check,
            fallback: false $(|| $fallback)?,
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, sorted by code. Codes are never reused.
pub static RULES: &[&Rule] = &[
    &entra::ENTRA_EXPIRED_GRANT,
    &entra::ENTRA_REFRESH_TOKEN_INACTIVE,
    &entra::ENTRA_PASSWORD_CHANGED,
    &entra::ENTRA_MFA_REQUIRED,
    &entra::ENTRA_CONDITIONAL_ACCESS,
    &entra::ENTRA_CONSENT_MISSING,
    &entra::ENTRA_WRONG_RESOURCE,
    &entra::ENTRA_WRONG_TENANT,
    &entra::ENTRA_CLIENT_SECRET_REJECTED,
    &entra::ENTRA_CLIENT_SECRET_EXPIRED,
    &entra::ENTRA_CERTIFICATE_EXPIRED,
    &entra::ENTRA_APP_NOT_FOUND,
    &entra::ENTRA_ACCOUNT_UNUSABLE,
    &entra::ENTRA_WRONG_PASSWORD,
    &entra::ENTRA_APP_MISCONFIGURED,
    &entra::ENTRA_NO_CLIENT_CREDENTIAL,
    &entra::ENTRA_SERVICE_TRANSIENT,
    &entra::ENTRA_ROLE_ASSIGNMENT_REQUIRED,
    &entra::ASSERTION_USED_AFTER_EXPIRY,
    &entra::ASSERTION_CLOCK_WRONG,
    &entra::OAUTH_INVALID_GRANT,
    &entra::OAUTH_INVALID_CLIENT,
    &entra::OAUTH_INTERACTION_REQUIRED,
    &entra::OAUTH_INVALID_RESOURCE,
    &entra::CLAIMS_CHALLENGE,
    &http::HTTP_401_CREDENTIAL_REJECTED,
    &http::HTTP_403_PERMISSION_DENIED,
    &http::THROTTLED,
    &http::SERVICE_ERROR,
    &http::AUTHORIZATION_HEADER_MISSING,
    &http::JWT_NOT_WELL_FORMED,
    &http::TOKEN_LIFETIME_REJECTED,
    &http::TOKEN_NOT_YET_VALID_REJECTED,
    &http::AUDIENCE_REJECTED,
    &http::ISSUER_REJECTED,
    &http::SIGNATURE_REJECTED,
    &http::STORAGE_FIREWALL,
    &http::IP_BLOCKED,
    &http::NOT_FOUND_NOT_AUTH,
    &http::VALIDATION_NOT_AUTH,
    &http::PERMISSION_MESSAGE,
    &http::NETWORK_UNREACHABLE,
    &http::INVALID_TOKEN_CHALLENGE,
    &http::TOKEN_EMPTY,
    &http::ACCOUNT_DISABLED_MESSAGE,
    &http::TOKEN_PROPERTY_MISSING,
    &http::SQL_LOGIN_FAILED,
    &http::DATA_ERROR_NOT_AUTH,
    &http::LICENSE_MISSING,
    &azure::ARM_RBAC_DENIED,
    &azure::ARM_LINKED_REFERENCE_BROKEN,
    &azure::ARM_TOKEN_EXPIRED,
    &azure::TOKEN_WRONG_ISSUER_TENANT,
    &azure::GRAPH_PRIVILEGES_DENIED,
    &azure::SHAREPOINT_ACCESS_DENIED,
    &azure::DATAVERSE_PRIVILEGE_MISSING,
    &azure::STORAGE_PERMISSION_MISMATCH,
    &azure::MSA_TOKEN_REJECTED,
    &azure::SHAREPOINT_APP_ONLY_UNSUPPORTED,
    &azure::KEY_VAULT_ACCESS_DENIED,
    &power_platform::DLP_BLOCKED,
    &power_platform::CONNECTION_MISSING,
    &power_platform::CONNECTION_NOT_USABLE_BY_CALLER,
    &power_platform::CONNECTION_NEEDS_SIGN_IN,
    &power_platform::WORKBOOK_ACCESS_FORBIDDEN,
    &power_platform::MANAGED_IDENTITY_UNSET,
    &power_bi::PBI_CREDENTIALS_INVALID,
    &power_bi::PBI_CREDENTIALS_ACCESS_FORBIDDEN,
    &power_bi::PBI_CREDENTIALS_NEVER_SET,
    &power_bi::PBI_NOT_AUTHORIZED,
    &power_bi::PBI_INTERNAL_SERVICE_ERROR,
    &power_bi::PBI_COULD_NOT_AUTHENTICATE,
    &token::TOKEN_EXPIRED_AT_REQUEST,
    &token::TOKEN_AUDIENCE_MISMATCH,
    &token::TOKEN_HEADER_MALFORMED,
    &token::TOKEN_TENANT_MISMATCH,
    &token::TOKEN_NOT_YET_VALID,
    &token::REQUEST_WITHOUT_CREDENTIAL,
];

/// Static description of one rule, the same text for the page, `authlens rules` and the README.
#[derive(Clone, Debug, Serialize)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub title: &'static str,
    /// Markdown documentation with fixed headings.
    pub docs: String,
}

pub fn registry() -> Vec<RuleMeta> {
    RULES.iter().map(|r| r.meta()).collect()
}

/// Finds a rule by code (`AL101`, case-insensitive) or name.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Runs every rule and ranks the findings: most likely cause first, one finding per category.
pub fn run(facts: &Facts) -> Vec<Finding> {
    let mut hits: Vec<(&Rule, Hit)> = RULES
        .iter()
        .filter_map(|r| (r.check)(facts).map(|h| (*r, h)))
        .collect();
    if hits
        .iter()
        .any(|(r, h)| !r.fallback && h.confidence >= SPECIFIC)
    {
        hits.retain(|(r, _)| !r.fallback);
    }
    // Highest confidence first; on ties the more severe, then the lower code (older, more general).
    crate::order::sort_by(&mut hits, |(ra, a), (rb, b)| {
        b.confidence
            .cmp(&a.confidence)
            .then(ra.severity.cmp(&rb.severity))
            .then(ra.code.cmp(rb.code))
    });
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (rule, hit) in hits {
        if seen.contains(&rule.category) {
            continue;
        }
        seen.push(rule.category);
        out.push(Finding {
            code: rule.code,
            rule: rule.name,
            category: rule.category,
            severity: if out.is_empty() {
                rule.severity
            } else {
                rule.severity.max(Severity::Warning)
            },
            confidence: hit.confidence,
            title: rule.title.to_string(),
            explanation: hit.detail,
            fix: fixes::fix_for(rule.category, facts.platform),
            evidence: hit
                .evidence
                .iter()
                .map(|(s, label)| {
                    let mut e = Evidence::new(facts.text, *s, *label);
                    e.text = crate::redact::redact(&e.text);
                    e
                })
                .collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests;
