//! Reading the knowledge tables against a paste: which AADSTS codes it carries (with their
//! reading, catalogued or by family) and which table rows it matches. The rules that report
//! these readings live in `diagnose/rules/`; this module only finds them.

use super::aadsts::{self, Reading};
use super::tables::{Match, Row, Table, TABLES};
use crate::category::Category;
use crate::detect::Scan;
use crate::span::Span;

/// Every AADSTS code of the paste: `AADSTSnnnn` in the text, and the numbers of a token
/// endpoint's `error_codes` array that the text does not already spell out (wrappers often keep
/// the array and drop the description).
pub fn entra_codes(f: &Scan) -> Vec<(u32, Span)> {
    let mut out = f.aadsts.clone();
    for l in f
        .leaves
        .iter()
        .filter(|l| l.key == "error_codes" && l.is_number)
    {
        let Ok(code) = l.value.parse::<u32>() else {
            continue;
        };
        if out.len() >= 16 || out.iter().any(|(c, _)| *c == code) {
            continue;
        }
        let span = f.locate("error_codes", &l.value).unwrap_or_default();
        out.push((code, span));
    }
    out
}

/// An AADSTS code of the paste and what it means.
#[derive(Clone, Copy, Debug)]
pub struct CodeReading {
    pub code: u32,
    pub span: Span,
    pub reading: Reading,
}

/// Every code of the paste that the catalog or a family explains, in paste order.
pub fn entra_readings(f: &Scan) -> Vec<CodeReading> {
    entra_codes(f)
        .into_iter()
        .filter_map(|(code, span)| {
            aadsts::read(code).map(|reading| CodeReading {
                code,
                span,
                reading,
            })
        })
        .collect()
}

/// One table row found in the paste.
#[derive(Clone, Copy, Debug)]
pub struct RowMatch {
    pub table: &'static Table,
    pub row: &'static Row,
    pub span: Span,
    /// Found as the value of a JSON error-code field (`code`, `error`, `errorCode`…), the
    /// strongest place a code can be.
    pub in_code_field: bool,
}

impl RowMatch {
    /// Whether the row names an authentication or authorization cause (rather than "not an
    /// auth error" or a service outage, which usually wrap or accompany the real cause).
    pub fn names_auth_cause(&self) -> bool {
        !matches!(
            self.row.category,
            Category::NotAnAuthError | Category::ServiceOutageOrThrottling
        )
    }
}

/// Whether the paste shows it comes from `table`'s service.
fn in_context(f: &Scan, table: &Table) -> bool {
    table.context.is_empty() || f.phrase(table.context).is_some()
}

fn find_row(f: &Scan, row: &Row) -> Option<(Span, bool)> {
    match row.matching {
        Match::Code => {
            if let Some((_, s)) = f
                .codes
                .iter()
                .find(|(c, _)| c.eq_ignore_ascii_case(row.key))
            {
                return Some((*s, true));
            }
            f.word(row.key).map(|s| (s, false))
        }
        Match::Phrase => f.phrase(&[row.key]).map(|s| (s, false)),
    }
}

/// A standard message at least this long names its service by itself ("Token type is not
/// allowed", "Direct login to WLID is not allowed"): tools and wrappers often print it alone,
/// without the host or product name that puts the paste in the service's context. Codes and
/// short phrases ("Forbidden", "is not licensed") still need their service in the paste.
pub const SELF_EVIDENT_PHRASE: usize = 24;

/// Whether a row is read without its service named in the paste.
fn self_evident(row: &Row) -> bool {
    row.matching == Match::Phrase && row.key.len() >= SELF_EVIDENT_PHRASE
}

/// Every row of the tables named by `ids` that the paste matches; of tables whose service the
/// paste does not mention, only the self-evident standard messages. Weak rows (wrappers,
/// generic wordings) are left out: they explain a code when asked, but never make a finding on
/// their own.
pub fn rows(f: &Scan, ids: &[&str]) -> Vec<RowMatch> {
    let mut out = Vec::new();
    for table in TABLES.iter().filter(|t| ids.contains(&t.id)) {
        let scoped = in_context(f, table);
        for row in table
            .rows()
            .iter()
            .filter(|r| !r.weak && (scoped || self_evident(r)))
        {
            if let Some((span, in_code_field)) = find_row(f, row) {
                out.push(RowMatch {
                    table,
                    row,
                    span,
                    in_code_field,
                });
            }
        }
    }
    out
}

/// The match that most likely names the cause: a specific row over a wrapper or envelope (a weak
/// row: `invalid_grant`, `ActionFailed`), then an error-code field over a word over a phrase, an
/// authentication cause over a look-alike, a longer (more specific) key, then the earlier one.
pub fn best(matches: &[RowMatch]) -> Option<RowMatch> {
    matches.iter().copied().max_by(|a, b| {
        let rank = |m: &RowMatch| {
            (
                !m.row.weak,
                m.in_code_field,
                m.row.matching == Match::Code,
                m.names_auth_cause(),
                m.row.key.len(),
            )
        };
        rank(a).cmp(&rank(b)).then(b.span.start.cmp(&a.span.start))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(t: &str) -> Scan<'_> {
        crate::detect::scan(t)
    }

    #[test]
    fn error_codes_arrays_count_as_entra_codes() {
        let f = facts(r#"{"error":"interaction_required","error_codes":[50076,53003]}"#);
        let codes: Vec<u32> = entra_codes(&f).iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, vec![50076, 53003]);
        let f = facts(r#"{"error_description":"AADSTS50076: MFA","error_codes":[50076]}"#);
        assert_eq!(entra_codes(&f).len(), 1, "not counted twice");
    }

    #[test]
    fn unknown_codes_read_by_family() {
        let f = facts("AADSTS539999: something new about policies.");
        let r = entra_readings(&f);
        assert_eq!(r.len(), 1);
        assert!(matches!(r[0].reading, Reading::Family(_)));
        assert_eq!(r[0].reading.category(), Category::ConditionalAccessBlocked);
    }

    #[test]
    fn rows_need_their_service_in_context() {
        let kv = r#"{"error":{"code":"Forbidden","message":"Caller was not found on any access policy in this key vault"}}"#;
        let m = rows(&facts(kv), &["key-vault"]);
        let b = best(&m);
        // The standard message names the cause; the bare "Forbidden" code is a weak wrapper.
        assert_eq!(
            b.map(|m| m.row.key),
            Some("Caller was not found on any access policy")
        );
        assert!(
            m.iter().all(|m| m.row.key != "Forbidden"),
            "weak rows never fire"
        );
        // The same code elsewhere is not read as Key Vault's.
        let other = r#"{"error":{"code":"Forbidden","message":"nope"}}"#;
        assert!(rows(&facts(other), &["key-vault"]).is_empty());
    }

    #[test]
    fn long_standard_messages_need_no_context_but_codes_and_short_phrases_do() {
        // A tool's bare echo of SharePoint's message: no host, no product name.
        let t = r#"{"error":"invalid_request","error_description":"Token type is not allowed."}"#;
        let m = rows(&facts(t), &["sharepoint"]);
        assert_eq!(
            best(&m).map(|m| m.row.key),
            Some("Token type is not allowed")
        );
        // A code alone stays unread without its service: "Throttled" means Key Vault's only
        // in a Key Vault paste.
        assert!(rows(&facts(r#"{"code":"Throttled"}"#), &["key-vault"]).is_empty());
        let kv = r#"{"error":{"code":"Throttled"}} https://x.vault.azure.net/secrets/a"#;
        assert_eq!(
            best(&rows(&facts(kv), &["key-vault"])).map(|m| m.row.key),
            Some("Throttled")
        );
        // A short phrase too.
        assert!(rows(&facts("the user is not licensed"), &["dataverse"]).is_empty());
        // Every self-evident key is a phrase of the threshold's length.
        for t in TABLES.iter() {
            for r in t.rows().iter().filter(|r| self_evident(r)) {
                assert!(r.matching == Match::Phrase && r.key.len() >= SELF_EVIDENT_PHRASE);
            }
        }
    }

    #[test]
    fn a_401_reads_as_a_missing_right_only_in_a_power_bi_rest_call() {
        let rest = "Invoke-PowerBIRestMethod -Url 'groups' : Response status code does not indicate success: 401 (Unauthorized).";
        let m = rows(&facts(rest), &["power-bi-rest"]);
        assert_eq!(
            best(&m).map(|m| m.row.category),
            Some(Category::InsufficientPermission)
        );
        // A refresh where the data source answered 401: the source refused the stored
        // credentials, which the REST reading must not claim.
        let refresh = "DataSource.Error: Web.Contents failed to get contents from 'https://contoso.example/api' (401): Unauthorized";
        assert!(rows(&facts(refresh), &["power-bi-rest"]).is_empty());
    }

    #[test]
    fn a_code_field_beats_a_phrase_and_auth_beats_a_wrapper() {
        let t = r#"{"error":{"code":"InvalidTemplate","message":"x"},"inner":{"code":"AuthorizationFailed"}} azure"#;
        let m = rows(&facts(t), &["arm", "logic-apps"]);
        assert_eq!(best(&m).map(|m| m.row.key), Some("AuthorizationFailed"));
    }
}
