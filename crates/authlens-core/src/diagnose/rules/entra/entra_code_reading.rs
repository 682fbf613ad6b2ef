use super::{sentence, SPECIAL};
use crate::category::Category;
use crate::diagnose::rules::confidence::{PLAUSIBLE, STRONG};
use crate::diagnose::rules::table_reading::{sentence_case, severity_of};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::knowledge::aadsts::{self, Reading};
use crate::knowledge::read;

declare_rule! {
    /// ## What it means
    /// The paste carries an AADSTS code that the other Entra rules do not report: a code whose
    /// category has no rule of its own, a code found only in a token endpoint's `error_codes`
    /// array, or a code that is not in the catalog at all, read from its family (53xxx and
    /// 530xxx Conditional Access, 65xxx and 650xxx consent, 5007x MFA…). Broad families whose
    /// codes are of many kinds (50xxx, 500xxx) only explain a code (`authlens explain`).
    ///
    /// ## Why it happens
    /// Microsoft adds codes over time, and wrappers keep the number but drop the message.
    ///
    /// ## Where the fix lives
    /// Where the category's fix lives; `authlens explain AADSTS<code>` prints the code's
    /// meaning and family.
    ///
    /// ## Example
    /// ```text
    /// AADSTS539001: Access blocked by a policy of your organisation.
    /// ```
    pub static ENTRA_CODE_READING = {
        code: "AL126", name: "entra-code-reading", category: ConditionalAccessBlocked, severity: Error,
        title: "An Entra error code, read from the code catalog", check: entra_code_reading,
    }
}

/// Categories that a catalog rule (AL101–AL118) reports for a catalogued code in the text.
const REPORTED_BY_CATALOG_RULES: &[Category] = &[
    Category::ExpiredOrRevokedCredential,
    Category::RefreshTokenInactivity,
    Category::PasswordChanged,
    Category::MfaRequired,
    Category::ConditionalAccessBlocked,
    Category::ConsentRequired,
    Category::WrongAudience,
    Category::WrongTenant,
    Category::InvalidClientCredentials,
    Category::ClientSecretExpired,
    Category::AppNotFound,
    Category::UserDisabledOrDeleted,
    Category::InvalidUserCredentials,
    Category::ConnectionNotFoundOrMisconfigured,
    Category::MissingCredential,
    Category::ServiceOutageOrThrottling,
    Category::InsufficientPermission,
];

fn entra_code_reading(f: &Facts) -> Option<Hit> {
    let readings = read::entra_readings(f);
    let specific = readings
        .iter()
        .any(|r| matches!(r.reading, Reading::Known(_)) && !aadsts::WRAPPERS.contains(&r.code));
    let pick = readings.iter().find(|r| {
        if SPECIAL.contains(&r.code) || (specific && aadsts::WRAPPERS.contains(&r.code)) {
            return false;
        }
        match r.reading {
            // The catalog rules report these, unless the code only sits in an error_codes array.
            Reading::Known(e) => {
                !REPORTED_BY_CATALOG_RULES.contains(&e.category) || f.aadsts(r.code).is_none()
            }
            // A family's reading only when no catalogued code says more, and only for families
            // whose codes are of one kind (53xxx Conditional Access), not the broad catch-alls.
            Reading::Family(fam) => !specific && !fam.weak,
        }
    })?;
    let (confidence, detail) = match pick.reading {
        Reading::Known(e) => (
            // The same knowledge as the catalog rules, for codes they do not report.
            STRONG + 2,
            format!(
                "AADSTS{}: {}.{}",
                pick.code,
                e.meaning,
                if e.setup {
                    " This is a set-up error of the app or the sign-in, not one an unattended run usually hits."
                } else {
                    ""
                }
            ),
        ),
        Reading::Family(fam) => (
            PLAUSIBLE,
            format!(
                "AADSTS{} is not in the catalog; codes of its family (AADSTS{}–{}) mean: {}.",
                pick.code, fam.from, fam.to, fam.reading
            ),
        ),
    };
    let span = if f.aadsts(pick.code).is_some() {
        sentence(f, pick.span)
    } else {
        pick.span
    };
    Some(
        Hit::new(confidence, detail)
            .as_category(pick.reading.category())
            .titled(sentence_case(pick.reading.meaning()))
            .with_severity(severity_of(pick.reading.category()))
            .with(Some(span), "Entra error code"),
    )
}
