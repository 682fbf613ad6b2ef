//! The rule registry: every diagnosis AuthLens can make, in one sorted list ([`RULES`]).
//!
//! A rule is one file in its family's folder (`rules/<family>/<name>.rs`, see [`Family`]): its
//! `declare_rule!` block (metadata and documentation, its `///` comment, shown on the page, by
//! `authlens explain` and in `docs/rules.md`) followed by its check, a function that reads
//! [`Facts`] and returns a [`Hit`]. File, check and static share the rule's name
//! (`consent-missing` → `consent_missing.rs`, `fn consent_missing`, `static CONSENT_MISSING`);
//! helpers shared by a family live in the family's `mod.rs`. Confidences are named levels
//! ([`confidence`]). Wording of findings lives in [`run`]; rules only find facts.
//!
//! Adding a rule: `./x new-rule FAMILY NAME` writes the file, its fixtures
//! (`tests/fixtures/rules/<CODE>-<name>/quiet.txt`, a near miss it must stay quiet on; the
//! docs' example is the paste it must fire on, first) and its line in [`RULES`].

use crate::category::Category;
use crate::facts::Facts;
use crate::knowledge::fixes;
use crate::report::{Finding, Severity};
use crate::span::{Evidence, Span};
use serde::Serialize;

mod azure;
mod bearer;
pub mod catalog_doc;
pub mod confidence;
mod entra;
mod family;
mod http;
mod power_bi;
mod power_platform;
mod table_reading;
pub mod wording;

/// What a rule found in one paste.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 0–100: how sure the rule is that this explains the failure.
    pub confidence: u8,
    /// Primary evidence first.
    pub evidence: Vec<(Span, &'static str)>,
    /// Why, for this paste, in one or two sentences.
    pub detail: String,
    /// The category of this finding when it is not the rule's own: the wording reader's
    /// category is the one the words point to.
    pub category: Option<Category>,
    /// The finding's title when it is not the rule's own: rules that read the knowledge tables
    /// title the finding with what the matched code means.
    pub title: Option<String>,
    /// The finding's severity when it is not the rule's own (a table reading of "not an
    /// authentication error" is information, not an error).
    pub severity: Option<Severity>,
    /// Further readings of the same paste under other categories, each ranked on its own (the
    /// wording reader's runner-ups when the words support more than one cause).
    pub also: Vec<Hit>,
    /// Where to look when the finding says the failure is not about authentication (a licence,
    /// a capacity, a provider registration, a disabled workflow): the category's usual place
    /// ("the action's inputs") would send people to the wrong screen. Only read for
    /// not-an-auth-error and service-outage-or-throttling findings.
    pub fix_at: Option<String>,
}

impl Hit {
    pub fn new(confidence: u8, detail: impl Into<String>) -> Self {
        Hit {
            confidence,
            evidence: Vec::new(),
            detail: detail.into(),
            category: None,
            title: None,
            severity: None,
            also: Vec::new(),
            fix_at: None,
        }
    }

    /// Names where to look instead of the category's usual place (see [`Hit::fix_at`]).
    pub fn fix_at(mut self, at: impl Into<String>) -> Self {
        self.fix_at = Some(at.into());
        self
    }

    /// Titles the finding with `title` instead of the rule's title.
    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Reports the finding with `severity` instead of the rule's own.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    /// Reports the finding under `category` instead of the rule's own.
    pub fn as_category(mut self, category: Category) -> Self {
        self.category = Some(category);
        self
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
    /// Where the rule is declared (`authlens_core::rules::entra::consent_missing`), and the
    /// names of its static and check: the registry test holds them to the rule's name and
    /// family.
    pub module: &'static str,
    pub static_name: &'static str,
    pub check_name: &'static str,
}

use confidence::BACKGROUND;
pub use confidence::SPECIFIC;
pub use family::Family;

impl Rule {
    /// The family the rule's code belongs to (see [`Family`]).
    pub fn family(&self) -> Option<Family> {
        Family::of_code(self.code)
    }

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
        $vis static $id: $crate::diagnose::rules::Rule = $crate::diagnose::rules::Rule {
            code: $code,
            name: $name,
            category: $crate::category::Category::$cat,
            severity: $crate::report::Severity::$sev,
            title: $title,
            raw_docs: $crate::diagnose::rules::doc_text!($($doc)*),
            check: $check,
            fallback: false $(|| $fallback)?,
            module: module_path!(),
            static_name: stringify!($id),
            check_name: stringify!($check),
        };
    };
}
pub(crate) use declare_rule;

/// A rule's documentation text from its `///` lines; nothing without the `docs` feature (the
/// page's start module, which gets the Rules view from its full module).
#[cfg(feature = "docs")]
macro_rules! doc_text {
    ($($doc:literal)*) => {
        concat!($($doc, "\n"),*)
    };
}
#[cfg(not(feature = "docs"))]
macro_rules! doc_text {
    ($($doc:literal)*) => {
        ""
    };
}
pub(crate) use doc_text;

/// Every rule, sorted by code. Codes are never reused.
pub static RULES: &[&Rule] = &[
    &entra::entra_grant_expired::ENTRA_GRANT_EXPIRED,
    &entra::refresh_token_inactive::REFRESH_TOKEN_INACTIVE,
    &entra::grant_revoked_by_password_change::GRANT_REVOKED_BY_PASSWORD_CHANGE,
    &entra::mfa_required_by_policy::MFA_REQUIRED_BY_POLICY,
    &entra::blocked_by_conditional_access::BLOCKED_BY_CONDITIONAL_ACCESS,
    &entra::consent_missing::CONSENT_MISSING,
    &entra::token_requested_for_unknown_resource::TOKEN_REQUESTED_FOR_UNKNOWN_RESOURCE,
    &entra::sign_in_to_wrong_tenant::SIGN_IN_TO_WRONG_TENANT,
    &entra::client_credential_rejected::CLIENT_CREDENTIAL_REJECTED,
    &entra::client_secret_expired::CLIENT_SECRET_EXPIRED,
    &entra::client_certificate_expired::CLIENT_CERTIFICATE_EXPIRED,
    &entra::app_not_in_tenant::APP_NOT_IN_TENANT,
    &entra::account_disabled_or_missing::ACCOUNT_DISABLED_OR_MISSING,
    &entra::wrong_user_name_or_password::WRONG_USER_NAME_OR_PASSWORD,
    &entra::app_registration_mismatch::APP_REGISTRATION_MISMATCH,
    &entra::client_credential_not_sent::CLIENT_CREDENTIAL_NOT_SENT,
    &entra::sign_in_service_transient_error::SIGN_IN_SERVICE_TRANSIENT_ERROR,
    &entra::user_not_assigned_to_app::USER_NOT_ASSIGNED_TO_APP,
    &entra::assertion_used_after_expiry::ASSERTION_USED_AFTER_EXPIRY,
    &entra::assertion_built_with_wrong_clock::ASSERTION_BUILT_WITH_WRONG_CLOCK,
    &entra::oauth_invalid_grant::OAUTH_INVALID_GRANT,
    &entra::oauth_invalid_client::OAUTH_INVALID_CLIENT,
    &entra::oauth_interaction_required::OAUTH_INTERACTION_REQUIRED,
    &entra::oauth_invalid_resource::OAUTH_INVALID_RESOURCE,
    &entra::claims_challenge::CLAIMS_CHALLENGE,
    &entra::entra_code_reading::ENTRA_CODE_READING,
    &entra::entra_message_reading::ENTRA_MESSAGE_READING,
    &http::credential_rejected_401::CREDENTIAL_REJECTED_401,
    &http::permission_denied_403::PERMISSION_DENIED_403,
    &http::throttled_429::THROTTLED_429,
    &http::service_error_5xx::SERVICE_ERROR_5XX,
    &http::authorization_header_missing::AUTHORIZATION_HEADER_MISSING,
    &http::token_not_well_formed::TOKEN_NOT_WELL_FORMED,
    &http::token_lifetime_rejected::TOKEN_LIFETIME_REJECTED,
    &http::token_not_yet_valid_rejected::TOKEN_NOT_YET_VALID_REJECTED,
    &http::token_audience_rejected::TOKEN_AUDIENCE_REJECTED,
    &http::token_issuer_rejected::TOKEN_ISSUER_REJECTED,
    &http::token_signature_rejected::TOKEN_SIGNATURE_REJECTED,
    &http::storage_firewall_blocked::STORAGE_FIREWALL_BLOCKED,
    &http::network_rule_blocked::NETWORK_RULE_BLOCKED,
    &http::item_not_found::ITEM_NOT_FOUND,
    &http::request_invalid::REQUEST_INVALID,
    &http::permission_denied_message::PERMISSION_DENIED_MESSAGE,
    &http::network_unreachable::NETWORK_UNREACHABLE,
    &http::bearer_challenge_invalid_token::BEARER_CHALLENGE_INVALID_TOKEN,
    &http::access_token_empty::ACCESS_TOKEN_EMPTY,
    &http::account_disabled_message::ACCOUNT_DISABLED_MESSAGE,
    &http::token_step_returned_no_token::TOKEN_STEP_RETURNED_NO_TOKEN,
    &http::database_login_failed::DATABASE_LOGIN_FAILED,
    &http::query_data_error::QUERY_DATA_ERROR,
    &http::licence_missing::LICENCE_MISSING,
    &http::network_message_reading::NETWORK_MESSAGE_READING,
    &http::program_error::PROGRAM_ERROR,
    &azure::azure_rbac_denied::AZURE_RBAC_DENIED,
    &azure::linked_resource_reference_broken::LINKED_RESOURCE_REFERENCE_BROKEN,
    &azure::arm_token_expired::ARM_TOKEN_EXPIRED,
    &azure::token_from_other_tenant::TOKEN_FROM_OTHER_TENANT,
    &azure::graph_privileges_insufficient::GRAPH_PRIVILEGES_INSUFFICIENT,
    &azure::sharepoint_access_denied::SHAREPOINT_ACCESS_DENIED,
    &azure::dataverse_privilege_missing::DATAVERSE_PRIVILEGE_MISSING,
    &azure::storage_data_role_missing::STORAGE_DATA_ROLE_MISSING,
    &azure::access_token_invalid::ACCESS_TOKEN_INVALID,
    &azure::sharepoint_app_only_secret_refused::SHAREPOINT_APP_ONLY_SECRET_REFUSED,
    &azure::key_vault_access_denied::KEY_VAULT_ACCESS_DENIED,
    &azure::service_code_reading::SERVICE_CODE_READING,
    &power_platform::blocked_by_dlp_policy::BLOCKED_BY_DLP_POLICY,
    &power_platform::connection_missing::CONNECTION_MISSING,
    &power_platform::connection_not_usable_by_caller::CONNECTION_NOT_USABLE_BY_CALLER,
    &power_platform::connection_sign_in_expired::CONNECTION_SIGN_IN_EXPIRED,
    &power_platform::workbook_access_forbidden::WORKBOOK_ACCESS_FORBIDDEN,
    &power_platform::managed_identity_not_configured::MANAGED_IDENTITY_NOT_CONFIGURED,
    &power_platform::platform_code_reading::PLATFORM_CODE_READING,
    &power_bi::dataset_credentials_invalid::DATASET_CREDENTIALS_INVALID,
    &power_bi::dataset_credentials_access_forbidden::DATASET_CREDENTIALS_ACCESS_FORBIDDEN,
    &power_bi::dataset_credentials_never_set::DATASET_CREDENTIALS_NEVER_SET,
    &power_bi::power_bi_not_authorized::POWER_BI_NOT_AUTHORIZED,
    &power_bi::power_bi_internal_error::POWER_BI_INTERNAL_ERROR,
    &power_bi::source_refused_credentials::SOURCE_REFUSED_CREDENTIALS,
    &power_bi::power_bi_code_reading::POWER_BI_CODE_READING,
    &bearer::bearer_token_expired::BEARER_TOKEN_EXPIRED,
    &bearer::bearer_token_audience_mismatch::BEARER_TOKEN_AUDIENCE_MISMATCH,
    &bearer::authorization_header_malformed::AUTHORIZATION_HEADER_MALFORMED,
    &bearer::bearer_token_tenant_mismatch::BEARER_TOKEN_TENANT_MISMATCH,
    &bearer::bearer_token_not_yet_valid::BEARER_TOKEN_NOT_YET_VALID,
    &bearer::request_without_credential::REQUEST_WITHOUT_CREDENTIAL,
    &wording::reading_from_wording::READING_FROM_WORDING,
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
    let last_resort = |r: &&&Rule| r.family() == Some(Family::Wording);
    let mut hits: Vec<(&Rule, Hit)> = RULES
        .iter()
        .filter(|r| !last_resort(r))
        .filter_map(|r| (r.check)(facts).map(|h| (*r, h)))
        .collect();
    // The wording reader is the last resort: a rule that recognised something specific says
    // more than the words around it. When none is sure enough to silence the generic readings,
    // the reader still runs, to offer what else the words support; next to an unsure specific
    // rule its readings rank as background, below it.
    let specific = |hits: &[(&Rule, Hit)]| {
        hits.iter()
            .any(|(r, h)| !r.fallback && h.confidence >= SPECIFIC)
    };
    if !specific(&hits) {
        let unsure_specific = hits.iter().any(|(r, _)| !r.fallback);
        for rule in RULES.iter().filter(last_resort) {
            if let Some(mut h) = (rule.check)(facts) {
                if unsure_specific {
                    h.confidence = h.confidence.min(BACKGROUND);
                    for a in &mut h.also {
                        a.confidence = a.confidence.min(BACKGROUND - 1);
                    }
                }
                hits.push((*rule, h));
            }
        }
    }
    if specific(&hits) {
        hits.retain(|(r, _)| !r.fallback);
    }
    // A hit's further readings rank as findings of their own.
    let mut k = 0;
    while k < hits.len() {
        let also = std::mem::take(&mut hits[k].1.also);
        let rule = hits[k].0;
        hits.extend(also.into_iter().map(|h| (rule, h)));
        k += 1;
    }
    // Highest confidence first; on ties the more severe, then the lower code (older, more general).
    crate::order::sort_by(&mut hits, |(ra, a), (rb, b)| {
        b.confidence
            .cmp(&a.confidence)
            .then(ra.severity.cmp(&rb.severity))
            .then(ra.code.cmp(rb.code))
    });
    // Where fixes live: the platform, what was pasted, and whether the request sent a bearer
    // token of its own (then the action, not a connection, holds the credential).
    let fix_context = fixes::FixContext {
        platform: facts.platform,
        input: facts.kind,
        static_bearer: facts.tokens.iter().any(|t| {
            matches!(
                t.report.kind.as_str(),
                "jwt" | "jwe" | "opaque" | "msa-compact"
            )
        }),
    };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (rule, hit) in hits {
        let category = hit.category.unwrap_or(rule.category);
        if seen.contains(&category) {
            continue;
        }
        seen.push(category);
        let severity = hit.severity.unwrap_or(rule.severity);
        out.push(Finding {
            code: rule.code,
            rule: rule.name,
            category,
            severity: if out.is_empty() {
                severity
            } else {
                severity.max(Severity::Warning)
            },
            confidence: hit.confidence,
            title: hit.title.unwrap_or_else(|| rule.title.to_string()),
            explanation: hit.detail,
            fix: fix_for(category, fix_context, hit.fix_at),
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

/// The category's fix, where it lives replaced by the hit's own place for a failure that is
/// not about authentication: a licence or a capacity has its own screen.
fn fix_for(category: Category, ctx: fixes::FixContext, at: Option<String>) -> crate::report::Fix {
    let mut fix = fixes::fix_in(category, ctx);
    if let Some(at) = at.filter(|_| {
        matches!(
            category,
            Category::NotAnAuthError | Category::ServiceOutageOrThrottling
        )
    }) {
        fix.location = at;
    }
    fix
}

#[cfg(test)]
mod tests;
