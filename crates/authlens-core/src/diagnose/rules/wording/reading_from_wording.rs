use super::Lexicon;
use crate::category::Category;
use crate::diagnose::rules::confidence::{HINT, READING};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// No rule recognised an error code or a known message in the paste, but its words still
    /// point somewhere: "consent", "proxy", "disabled", "not assigned", a 429. This finding is
    /// that reading, with the words it rests on; its category is the one the words point to
    /// (listed here as not-an-auth-error, the reading for pastes that are clearly about
    /// something else, such as a template expression or a missing column).
    ///
    /// ## Why it happens
    /// Tools and wrappers often drop the error code and keep a sentence, or the error comes
    /// from a service AuthLens has no specific rule for yet.
    ///
    /// ## Where the fix lives
    /// Where the category's fix lives (shown with the finding), once the full error confirms
    /// the reading. Treat it as a lead, not a diagnosis: the confidence is low on purpose.
    ///
    /// ## Example
    /// ```text
    /// The operation failed: administrator consent is required before anyone in the organisation can use this app.
    /// ```
    pub static READING_FROM_WORDING = {
        code: "AL701", name: "reading-from-wording", category: NotAnAuthError, severity: Warning,
        title: "A reading from the wording", check: reading_from_wording, fallback: true,
    }
}

/// A score at which the wording reads as a failure report without any failure word (a
/// decisive phrase and a suggestive one of the same category).
const SELF_EVIDENT: u32 = 5;

/// How many of the best category's words are shown as evidence.
const MAX_EVIDENCE: usize = 4;

fn reading_from_wording(f: &Facts) -> Option<Hit> {
    let lex = Lexicon::get();
    let mut matches = lex.find(f.text);
    matches.extend(lex.statuses(f));
    // The paste must read as a failure report: a failure word, an error status, an Entra code,
    // or wording strong enough on its own ([`SELF_EVIDENT`]). A runbook sentence that mentions
    // client secrets is not an error.
    let reports_failure = !f.aadsts.is_empty()
        || f.statuses.iter().any(|s| s.code >= 400)
        || matches
            .iter()
            .any(|(i, _)| lex.entries[*i].category.is_none());
    let mut scores: Vec<(Category, u32, usize)> = Vec::new();
    for (i, _) in &matches {
        let e = &lex.entries[*i];
        let Some(cat) = e.category else { continue };
        match scores.iter_mut().find(|(c, ..)| *c == cat) {
            Some(s) => {
                s.1 += u32::from(e.weight);
                s.2 += 1;
            }
            None => scores.push((cat, u32::from(e.weight), 1)),
        }
    }
    // Highest score, then more words, then the taxonomy's order: deterministic.
    let rank = |c: Category| Category::ALL.iter().position(|x| *x == c);
    crate::order::sort_by(&mut scores, |a, b| {
        b.1.cmp(&a.1)
            .then(b.2.cmp(&a.2))
            .then(rank(a.0).cmp(&rank(b.0)))
    });
    let &(best, score, _) = scores.first()?;
    if !reports_failure && score < SELF_EVIDENT {
        return None;
    }
    let second = scores.get(1).map(|s| s.1).unwrap_or_default();
    // A strong phrase (weight 3 or more; a status is not a phrase) says more than a bare 401
    // or 403 does, so such a reading ranks just above the generic status readings (HINT - 1
    // and HINT), which stay listed below it; a word or two ranks below them.
    let strong_phrase = matches.iter().any(|(i, _)| {
        let e = &lex.entries[*i];
        e.category == Some(best) && e.status.is_none() && e.weight >= 3
    });
    let confidence = if !strong_phrase {
        READING
    } else if score >= 6 && score >= 2 * second {
        HINT + 4
    } else {
        HINT + 1
    };
    let mut words: Vec<&(usize, crate::span::Span)> = matches
        .iter()
        .filter(|(i, _)| lex.entries[*i].category == Some(best))
        .collect();
    crate::order::sort_by(&mut words, |a, b| {
        lex.entries[b.0]
            .weight
            .cmp(&lex.entries[a.0].weight)
            .then(a.1.start.cmp(&b.1.start))
    });
    words.truncate(MAX_EVIDENCE);
    let quoted: Vec<String> = words
        .iter()
        .map(|(_, s)| format!("\u{201c}{}\u{201d}", s.slice(f.text)))
        .collect();
    let reads_as = words.first().map_or("", |(i, _)| lex.entries[*i].reads_as);
    let detail = if best == Category::NotAnAuthError {
        format!(
            "A reading from the wording: this looks like {reads_as} rather than an authentication failure ({}). No known error code confirms it.",
            quoted.join(", ")
        )
    } else {
        format!(
            "A reading from the wording, not from a recognised error code: {} {} to {reads_as} ({}). Check the reading against the full error before acting on it.",
            quoted.join(", "),
            if quoted.len() == 1 { "points" } else { "point" },
            best.short()
        )
    };
    let mut hit = Hit::new(confidence, detail).as_category(best);
    for (_, s) in words {
        hit = hit.with(Some(*s), "wording");
    }
    Some(hit)
}
