//! The shared reading of the knowledge tables (`knowledge/data/*.tsv`) for the rules that report
//! them: the best row of a set of tables becomes a hit in the row's category, naming the row's
//! fix location when it has one. How sure the reading is depends on where the row was found.

use crate::category::Category;
use crate::diagnose::rules::Hit;
use crate::facts::Facts;
use crate::knowledge::read;
use crate::knowledge::tables::Match;
use crate::report::Severity;

/// How sure a table reading is, by where its row was found.
#[derive(Clone, Copy)]
pub(crate) struct Levels {
    /// The key is the value of a JSON error-code field (`"code": "AuthorizationFailed"`).
    pub code_field: u8,
    /// The key is a code seen as a whole word in the text.
    pub word: u8,
    /// The key is a standard phrase of the service; `None`: phrases make no reading here.
    pub phrase: Option<u8>,
}

/// A hit for the best row of `tables` that the paste matches, in the row's category.
pub(crate) fn table_reading(f: &Facts, tables: &[&str], levels: Levels) -> Option<Hit> {
    let mut rows = read::rows(f, tables);
    if levels.phrase.is_none() {
        rows.retain(|m| m.row.matching == Match::Code);
    }
    let m = read::best(&rows)?;
    let confidence = match (m.in_code_field, m.row.matching) {
        (true, _) => levels.code_field,
        (false, Match::Code) => levels.word,
        (false, Match::Phrase) => levels.phrase?,
    };
    // "X means …", not "X: …": a key ending in a secret-like word ("…Credentials: the …")
    // would read as a name and its value to the redactor.
    let mut detail = match m.row.matching {
        Match::Code => format!("{} means {}.", m.row.key, m.row.meaning),
        Match::Phrase => format!("“{}” means {}.", m.row.key, m.row.meaning),
    };
    if let Some(at) = m.row.fix {
        detail.push_str(&format!(" Where the fix lives: {at}."));
    }
    let mut hit = Hit::new(confidence, detail);
    if let Some(at) = m.row.fix {
        hit = hit.fix_at(at);
    }
    Some(
        hit.as_category(m.row.category)
            .titled(sentence_case(m.row.meaning))
            .with_severity(severity_of(m.row.category))
            .with(Some(m.span), m.table.title),
    )
}

/// A meaning ("the flow definition is invalid") as a title ("The flow definition is invalid").
pub(crate) fn sentence_case(meaning: &str) -> String {
    let mut c = meaning.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// How severe a table reading is: a look-alike that is not about authentication informs, a
/// service outage warns, everything else is the error the run failed with.
pub(crate) fn severity_of(category: Category) -> Severity {
    match category {
        Category::NotAnAuthError => Severity::Info,
        Category::ServiceOutageOrThrottling => Severity::Warning,
        _ => Severity::Error,
    }
}
