use super::model::{self, Model, Reading};
use super::Lexicon;
use crate::category::Category;
use crate::diagnose::rules::confidence::{BACKGROUND, HINT, READING};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// No rule recognised an error code or a known message in the paste, but its words still
    /// point somewhere: "consent", "proxy", "disabled", "not assigned", a 429. This finding is
    /// that reading, with the words it rests on; its category is the one the words point to
    /// (listed here as not-an-auth-error, the reading for pastes that are clearly about
    /// something else, such as a template expression or a missing column). The reading comes
    /// from a small model trained on labelled real cases (`knowledge/wording-model.tsv`, rebuilt
    /// by `./x train`) that weighs the paste's words, its HTTP statuses, its platform and the
    /// phrases of the wording lexicon (`knowledge/lexicon.tsv`). When the words support another
    /// cause almost as well, that reading is listed too, lower.
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

/// How many words are shown as evidence.
const MAX_EVIDENCE: usize = 4;

/// The model's probability from which its reading ranks above the generic status readings
/// (a bare 401 or 403): the model has learned from the same statuses in the cases it was
/// trained on, so a reading it prefers even mildly is a better lead than the status alone.
/// Chosen, like every threshold below, by the whole diagnosis's cross-validated accuracy on
/// the training sets (`./x train --check`).
const LEADS: f64 = 0.15;

/// How much a weight point of the lexicon's phrases for a category multiplies the model's odds
/// for it (as a log factor): the lexicon is written knowledge of what a message means and
/// carries over to wording the model never saw, the model knows which words went with which
/// cause in the cases it learned from. Chosen like [`LEADS`].
const PHRASE_WEIGHT: f64 = 1.0;

/// The probability from which a runner-up is listed as another reading (and then only when
/// the paste supports it: a word of its own, or else the status or code the lead rests on).
/// Below it, listing the category would be padding.
const ALSO: f64 = 0.03;

/// How much more a word must say for a cause than for the others (the difference of its
/// weights, see `Model::lift`) to be shown as evidence next to the lexicon's phrases.
const SHOWN_LIFT: f64 = 0.5;
/// The lead may rest on words that speak for it less strongly: it is the best reading there is.
const LEAD_LIFT: f64 = 0.2;
/// A word that leans this much towards the lead grounds it when nothing else does.
const SUPPORTS: f64 = 0.3;
/// A runner-up is a lower, background reading: a word that leans towards it is enough.
const ANOTHER_LIFT: f64 = 0.1;

/// Runner-ups listed at most.
const MAX_ALSO: usize = 2;

fn reading_from_wording(f: &Facts) -> Option<Hit> {
    let lex = Lexicon::get();
    let mut matches = f.lexicon_matches().to_vec();
    matches.extend(lex.statuses(f));
    let features = Model::get().map(|_| model::features(f)).unwrap_or_default();
    // The paste must read as a failure report: a failure word (also inside an identifier such
    // as AccessToKeyVaultDenied), an error status, an Entra code, or wording strong enough on
    // its own ([`SELF_EVIDENT`]). A runbook sentence that mentions client secrets is not an
    // error.
    let reports_failure = !f.aadsts.is_empty()
        || f.statuses.iter().any(|s| s.code >= 400)
        || matches
            .iter()
            .any(|(i, _)| lex.entries[*i].category.is_none())
        || features.iter().any(|x| {
            x.name
                .strip_prefix("w:")
                .is_some_and(|w| lex.is_failure_word(w))
        });
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
    let lexicon_best = scores.first().map(|s| s.1).unwrap_or_default();
    if !reports_failure && lexicon_best < SELF_EVIDENT {
        return None;
    }
    let readings: Vec<Reading> = match Model::get() {
        Some(m) => m.read(&features),
        None => scores
            .iter()
            .map(|s| Reading {
                category: s.0,
                p: 0.0,
            })
            .collect(),
    };
    // The model's reading and the lexicon's phrases, weighed together. The categories are
    // weighed by their phrases only: a status (a `status:` row, or the paste's "403" or
    // "Forbidden") is the generic reading that steps aside for a message naming its cause.
    let phrase_score = |cat: Category| -> u32 {
        matches
            .iter()
            .map(|(i, _)| &lex.entries[*i])
            .filter(|e| e.category == Some(cat) && e.status.is_none() && !echoes_status(e))
            .map(|e| u32::from(e.weight))
            .sum()
    };
    let readings = with_phrases(&readings, phrase_score);
    let first = *readings.first()?;
    // A decisive phrase of the lexicon (weight 4, such as "object reference not set") that
    // clearly outweighs every other category's words leads whatever the model says. The
    // model's reading then follows it as another reading.
    let mut by_phrase: Vec<(Category, u32)> =
        scores.iter().map(|s| (s.0, phrase_score(s.0))).collect();
    // Stable: equal phrase scores keep the order above.
    crate::order::sort_by(&mut by_phrase, |a, b| b.1.cmp(&a.1));
    let decisive = by_phrase.first().copied().filter(|top| {
        let second = by_phrase.get(1).map(|s| s.1).unwrap_or_default();
        top.1 >= 2 * second.max(2)
            && matches.iter().any(|(i, _)| {
                let e = &lex.entries[*i];
                e.category == Some(top.0) && e.status.is_none() && e.weight >= 4
            })
    });
    let best = decisive.map_or(first.category, |top| top.0);
    let p_best = readings
        .iter()
        .find(|r| r.category == best)
        .map(|r| r.p)
        .unwrap_or_default();
    let score = scores
        .iter()
        .find(|s| s.0 == best)
        .map(|s| s.1)
        .unwrap_or_default();
    let second = scores
        .iter()
        .find(|s| s.0 != best)
        .map(|s| s.1)
        .unwrap_or_default();
    // A strong phrase (weight 3 or more; a status is not a phrase) says more than a bare 401
    // or 403 does, so such a reading ranks just above the generic status readings (HINT - 1
    // and HINT), which stay listed below it; so does a reading the model is sure of. A word
    // or two ranks below them.
    let strong_phrase = matches.iter().any(|(i, _)| {
        let e = &lex.entries[*i];
        e.category == Some(best) && e.status.is_none() && !echoes_status(e) && e.weight >= 3
    });
    let confidence = if strong_phrase && score >= 6 && score >= 2 * second {
        HINT + 4
    } else if strong_phrase || p_best >= LEADS {
        HINT + 1
    } else {
        READING
    };
    // A reading must rest on something in the paste: a phrase of the lexicon, an error status
    // or Entra code, or a word that went with this cause far more than with the others. A
    // failure word among words of the platform ("the refresh failed in Power BI") says
    // nothing about the cause: the report then says what it saw and what to paste next.
    let grounded = !scores.is_empty()
        || f.statuses.iter().any(|s| s.code >= 400)
        || !f.aadsts.is_empty()
        || Model::get().is_some_and(|m| {
            features
                .iter()
                .any(|x| model::telling(&x.name) && m.lift(&x.name, best) >= SUPPORTS)
        });
    if !grounded {
        return None;
    }
    let mut hit = read_as(f, lex, &matches, &features, best, confidence, false);
    // A reading that rests on the status alone (no word that speaks clearly for it beyond the
    // status's number or reason phrase, "403", "Forbidden") does not outrank the status's own
    // reading, which says more about that status than "the words point here".
    let echo = |w: &str| {
        matches!(w, "w:unauthorized" | "w:unauthorised" | "w:forbidden")
            || w.bytes().any(|b| b.is_ascii_digit())
    };
    let beyond_status = phrase_score(best) > 0
        || Model::get().is_some_and(|m| {
            features.iter().any(|x| {
                model::telling(&x.name) && !echo(&x.name) && m.lift(&x.name, best) >= SHOWN_LIFT
            })
        });
    if hit.confidence == HINT + 1 && !strong_phrase && !beyond_status {
        hit.confidence = READING;
    }
    // With no telling word, the status or code it rests on is the evidence.
    if hit.evidence.is_empty() {
        let status = f.statuses.iter().find(|s| s.code >= 400).map(|s| s.span);
        let code = f.aadsts.first().map(|(_, s)| *s);
        hit = hit.with(status.or(code), "status or code");
    }
    for r in readings
        .iter()
        .filter(|r| r.category != best)
        .take(MAX_ALSO)
        .filter(|r| r.p >= ALSO)
    {
        // Runner-ups rank below the lead, the more likely first; one that no word of the
        // paste supports is not offered.
        let conf = if r.p >= 0.25 {
            BACKGROUND + 2
        } else {
            BACKGROUND
        };
        let other = read_as(f, lex, &matches, &features, r.category, conf, true);
        if !other.evidence.is_empty() {
            hit.also.push(other);
        } else {
            // With no word of its own, a runner-up rests on the status or code, like the lead.
            let status = f.statuses.iter().find(|s| s.code >= 400).map(|s| s.span);
            let code = f.aadsts.first().map(|(_, s)| *s);
            if let Some(s) = status.or(code) {
                hit.also.push(other.with(Some(s), "status or code"));
            }
        }
    }
    Some(hit)
}

/// The model's readings with each category's odds multiplied by its phrases' weight
/// ([`PHRASE_WEIGHT`]), as probabilities again, most likely first.
fn with_phrases(readings: &[Reading], phrase_score: impl Fn(Category) -> u32) -> Vec<Reading> {
    let mut out: Vec<Reading> = readings
        .iter()
        .map(|r| Reading {
            category: r.category,
            p: r.p.max(1e-12).ln() + PHRASE_WEIGHT * f64::from(phrase_score(r.category)),
        })
        .collect();
    let max = out.iter().map(|r| r.p).fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = out.iter().map(|r| (r.p - max).exp()).sum();
    for r in &mut out {
        r.p = (r.p - max).exp() / sum;
    }
    crate::order::sort_by(&mut out, |a, b| b.p.total_cmp(&a.p));
    out
}

/// A phrase that only repeats an HTTP status: its number or the reason phrase of 401 / 403.
fn echoes_status(e: &super::Entry) -> bool {
    (e.phrase.len() == 3 && e.phrase.bytes().all(|b| b.is_ascii_digit()))
        || matches!(e.phrase, "unauthorized" | "forbidden")
}

/// The finding for one reading: the words it rests on (the lexicon's phrases for the category
/// first, then the model's words that say most for it) and what they read as.
fn read_as(
    f: &Facts,
    lex: &Lexicon,
    matches: &[(usize, crate::span::Span)],
    features: &[model::Feature],
    cat: Category,
    confidence: u8,
    another: bool,
) -> Hit {
    let mut words: Vec<&(usize, crate::span::Span)> = matches
        .iter()
        .filter(|(i, _)| lex.entries[*i].category == Some(cat) && lex.entries[*i].status.is_none())
        .collect();
    crate::order::sort_by(&mut words, |a, b| {
        lex.entries[b.0]
            .weight
            .cmp(&lex.entries[a.0].weight)
            .then(a.1.start.cmp(&b.1.start))
    });
    let reads_as = words
        .first()
        .map(|(i, _)| lex.entries[*i].reads_as)
        .filter(|r| !r.is_empty());
    let mut spans: Vec<crate::span::Span> = words.iter().map(|(_, s)| *s).collect();
    if let Some(m) = Model::get() {
        let mut lifted: Vec<(f64, crate::span::Span)> = features
            .iter()
            .filter(|x| model::telling(&x.name))
            .filter_map(|x| Some((m.lift(&x.name, cat), x.span?)))
            // The lead falls back on weaker words only when no phrase of the lexicon speaks; a
            // runner-up, listed lower, may rest on a word that only leans its way.
            .filter(|(l, _)| {
                *l >= if another {
                    ANOTHER_LIFT
                } else if !words.is_empty() {
                    SHOWN_LIFT
                } else {
                    LEAD_LIFT
                }
            })
            .collect();
        crate::order::sort_by(&mut lifted, |a, b| {
            b.0.total_cmp(&a.0).then(a.1.start.cmp(&b.1.start))
        });
        for (_, s) in lifted {
            if !spans.iter().any(|x| x.start < s.end && s.start < x.end) {
                spans.push(s);
            }
        }
    }
    spans.truncate(MAX_EVIDENCE);
    let quoted: Vec<String> = spans
        .iter()
        .map(|s| format!("\u{201c}{}\u{201d}", s.slice(f.text)))
        .collect();
    let words_said = if quoted.is_empty() {
        "the paste's status and wording".to_string()
    } else {
        quoted.join(", ")
    };
    let lead = if another {
        "Another reading from the wording"
    } else {
        "A reading from the wording"
    };
    let detail = if cat == Category::NotAnAuthError {
        format!(
            "{lead}: this looks like {} rather than an authentication failure ({words_said}). No known error code confirms it.",
            reads_as
                .unwrap_or("a request, data or tool problem")
                .split(" rather than")
                .next()
                .unwrap_or_default()
        )
    } else {
        format!(
            "{lead}, not from a recognised error code: {words_said} {} to {}. Check the reading against the full error before acting on it.",
            if quoted.len() == 1 { "points" } else { "point" },
            match reads_as {
                Some(r) => format!("{r} ({})", cat.short()),
                None => cat.short().to_string(),
            }
        )
    };
    let mut hit = Hit::new(confidence, detail).as_category(cat);
    if another {
        hit = hit.titled("Another reading from the wording");
    }
    for s in spans {
        hit = hit.with(Some(s), "wording");
    }
    hit
}
