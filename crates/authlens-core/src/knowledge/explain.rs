//! `authlens explain CODE` for codes rather than rules: what an error code or standard message
//! means, its category and where the fix lives, read from the knowledge tables.

use super::{aadsts, fixes, tables};
use crate::category::Category;
use crate::report::Platform;
use serde::Serialize;

/// One reading of a code.
#[derive(Clone, Debug, Serialize)]
pub struct CodeExplanation {
    /// The code as the tables spell it (`AADSTS53003`, `DM_GWPipeline_Gateway_DataSourceAccessError`).
    pub code: String,
    /// Which table it comes from ("Microsoft Entra ID (AADSTS)", "Power BI and Fabric").
    pub source: &'static str,
    /// Microsoft's name for an AADSTS code, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
    pub category: Category,
    pub meaning: &'static str,
    /// Where the fix lives.
    #[serde(rename = "where")]
    pub location: String,
    /// A set-up or interactive-sign-in error that an unattended run does not hit.
    pub setup: bool,
    /// The code itself is not catalogued; this is the reading of its family (code range).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// The rule that reports this code in a diagnosis (more specific rules may speak first).
    pub rule: &'static str,
}

/// The rule that reads AADSTS codes by the catalog and the families.
const AADSTS_READER: &str = "AL126";

const AADSTS_SOURCE: &str = "Microsoft Entra ID (AADSTS)";

/// The digits of an AADSTS code: `AADSTS53003`, `aadsts 53003` or a bare `53003`.
fn aadsts_digits(query: &str) -> Option<u32> {
    let q = query.trim();
    let digits = if q.len() > 6 && q.is_char_boundary(6) && q[..6].eq_ignore_ascii_case("aadsts") {
        q[6..].trim_start_matches([' ', ':', '-'])
    } else {
        q
    };
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Every reading of `query`: an AADSTS code (known, or by its family), or a code or standard
/// message of any table. Empty when nothing is known about it.
pub fn explain(query: &str) -> Vec<CodeExplanation> {
    let mut out = Vec::new();
    if let Some(code) = aadsts_digits(query) {
        match aadsts::read(code) {
            Some(aadsts::Reading::Known(e)) => out.push(CodeExplanation {
                code: format!("AADSTS{code}"),
                source: AADSTS_SOURCE,
                name: (!e.name.is_empty()).then_some(e.name),
                category: e.category,
                meaning: e.meaning,
                location: fixes::fix_for(e.category, Platform::Entra).location,
                setup: e.setup,
                family: None,
                rule: AADSTS_READER,
            }),
            Some(aadsts::Reading::Family(f)) => out.push(CodeExplanation {
                code: format!("AADSTS{code}"),
                source: AADSTS_SOURCE,
                name: None,
                category: f.category,
                meaning: f.reading,
                location: fixes::fix_for(f.category, Platform::Entra).location,
                setup: false,
                family: Some(format!("AADSTS{}–{}", f.from, f.to)),
                rule: AADSTS_READER,
            }),
            None => {}
        }
    }
    for (table, row) in tables::lookup(query.trim()) {
        out.push(CodeExplanation {
            code: row.key.to_string(),
            source: table.title,
            name: None,
            category: row.category,
            meaning: row.meaning,
            location: row.fix.map_or_else(
                || fixes::fix_for(row.category, table.platform).location,
                str::to_string,
            ),
            setup: false,
            family: None,
            rule: table.reader,
        });
    }
    out
}

/// The explanation as plain text, the way `authlens explain` prints a rule.
pub fn render_text(items: &[CodeExplanation]) -> String {
    let mut o = String::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            o.push('\n');
        }
        o.push_str(&x.code);
        if let Some(n) = x.name {
            o.push_str(&format!(" {n}"));
        }
        o.push_str(&format!(" ({})\n", x.category));
        o.push_str(&format!("Source: {}\n", x.source));
        if let Some(f) = &x.family {
            o.push_str(&format!(
                "Not catalogued itself; read from its family {f}.\n"
            ));
        }
        o.push_str(&format!("Meaning: {}\n", x.meaning));
        o.push_str(&format!("Where the fix lives: {}\n", x.location));
        o.push_str(&format!("Reported by rule {}.\n", x.rule));
        if x.setup {
            o.push_str("A set-up or interactive sign-in error: an unattended run does not normally hit it.\n");
        }
    }
    o
}
