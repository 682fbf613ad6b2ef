//! Named confidence levels: how sure a rule may be, and why. Every confidence a rule reports is
//! one of these tiers, sometimes nudged a few points within the tier's band to order rules that
//! fire on the same pastes (the comment at such a nudge, or the rule's tests, say why). Rankings
//! depend on the exact values, so a change here is a change of behaviour: run the corpus tests.

/// The paste carries an error code or message that names this one cause, such as an AADSTS
/// code of the category or a service's own code for it. Band 90–95.
pub const CERTAIN: u8 = 90;

/// A service's own error names the cause, but a neighbouring cause can print the same words
/// (a 403 body that also fits a network rule, a token error that also fits a tenant mix-up).
/// Band 84–88.
pub const STRONG: u8 = 86;

/// The wording names the cause in terms shared with a few other causes; still specific enough
/// to silence the generic status readings ([`SPECIFIC`]). Band 75–82.
pub const LIKELY: u8 = 80;

/// A plausible reading from a generic message or a weaker variant of a signal; it does not
/// silence the generic readings, which stay visible next to it. Band 65–74.
pub const PLAUSIBLE: u8 = 70;

/// A generic reading of a status code or a challenge ("a 401 means the credential was
/// rejected"): right more often than not, but any specific rule should outrank it. Band 50–62.
pub const HINT: u8 = 56;

/// A reading from a word or two of the paste's wording (the last-resort reader): a lead worth
/// showing when nothing specific is recognised, below every generic status reading. (Readings
/// resting on stronger wording rank in the HINT band.) Band 41–49.
pub const READING: u8 = 45;

/// Context only: the rule is worth showing below the others, never as the answer when
/// anything else fires. Band 30–40.
pub const BACKGROUND: u8 = 35;

/// Confidence from which a specific finding silences the fallbacks (the lower edge of
/// [`LIKELY`]'s band).
pub const SPECIFIC: u8 = 75;

/// The tiers with their bands (inclusive), highest first; the registry test checks that every
/// confidence a rule reports on its fixtures falls in one of them.
pub const BANDS: &[(&str, u8, u8, u8)] = &[
    ("CERTAIN", CERTAIN, 90, 95),
    ("STRONG", STRONG, 84, 88),
    ("LIKELY", LIKELY, SPECIFIC, 82),
    ("PLAUSIBLE", PLAUSIBLE, 65, 74),
    ("HINT", HINT, 50, 62),
    ("READING", READING, 41, 49),
    ("BACKGROUND", BACKGROUND, 30, 40),
];

/// The tier a confidence belongs to, if any.
pub fn tier(confidence: u8) -> Option<&'static str> {
    BANDS
        .iter()
        .find(|(_, _, lo, hi)| (*lo..=*hi).contains(&confidence))
        .map(|(name, ..)| *name)
}
