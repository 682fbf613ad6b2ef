//! Microsoft Entra (AADSTS) error codes: every code of Microsoft's public reference with its
//! meaning in plain words, the failure category it points to, and whether a run can hit it at
//! all; plus code families, so an unknown code still gets a reading.
//!
//! The data lives in `data/aadsts.tsv` and `data/families.tsv`, embedded as text and parsed once
//! on first use: one compact string in the binary instead of hundreds of generated
//! initialisers, which keeps the wasm small.

use crate::category::Category;
use std::sync::OnceLock;

/// One catalogued AADSTS code.
#[derive(Debug)]
pub struct Entry {
    pub code: u32,
    pub category: Category,
    /// What the code means, in one line.
    pub meaning: &'static str,
    /// Microsoft's name for the code (`BlockedByConditionalAccess`), empty when it has none.
    pub name: &'static str,
    /// A set-up or interactive-sign-in error (redirect URIs, prompts, app registration mistakes)
    /// that an unattended run does not hit. It keeps its category for when it is pasted anyway.
    pub setup: bool,
}

/// A range of codes that share a meaning (`53000..=53999`: Conditional Access).
#[derive(Debug)]
pub struct Family {
    pub from: u32,
    pub to: u32,
    pub category: Category,
    /// A broad catch-all range (50000–50999) whose codes are of many kinds: its reading explains
    /// a code, but is too loose to make a finding on its own.
    pub weak: bool,
    pub reading: &'static str,
}

const CODES: &str = include_str!("data/aadsts.tsv");
const FAMILIES: &str = include_str!("data/families.tsv");

/// The data lines of a table file: comments and blank lines skipped, columns split on tabs.
pub(crate) fn data_lines(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn parse_entry(cols: &[&'static str]) -> Option<Entry> {
    let [code, category, when, name, meaning] = cols else {
        return None;
    };
    Some(Entry {
        code: code.parse().ok()?,
        category: Category::parse(category)?,
        meaning,
        name: if *name == "-" { "" } else { name },
        setup: *when == "setup",
    })
}

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| data_lines(CODES).filter_map(|c| parse_entry(&c)).collect())
}

/// Every catalogued code, sorted by code. Dereferences to `[Entry]` and iterates by reference,
/// so `for e in CATALOG` and `CATALOG.iter()` work as they did when it was a static slice.
#[derive(Clone, Copy)]
pub struct Catalog;

pub static CATALOG: Catalog = Catalog;

impl std::ops::Deref for Catalog {
    type Target = [Entry];
    fn deref(&self) -> &[Entry] {
        entries()
    }
}

impl IntoIterator for Catalog {
    type Item = &'static Entry;
    type IntoIter = std::slice::Iter<'static, Entry>;
    fn into_iter(self) -> Self::IntoIter {
        entries().iter()
    }
}

pub fn lookup(code: u32) -> Option<&'static Entry> {
    let all = entries();
    all.binary_search_by_key(&code, |e| e.code)
        .ok()
        .and_then(|i| all.get(i))
}

/// Every family, in file order (by `from`).
pub fn families() -> &'static [Family] {
    static FAMS: OnceLock<Vec<Family>> = OnceLock::new();
    FAMS.get_or_init(|| {
        data_lines(FAMILIES)
            .filter_map(|c| {
                let [from, to, category, weight, reading] = c[..] else {
                    return None;
                };
                Some(Family {
                    from: from.parse().ok()?,
                    to: to.parse().ok()?,
                    category: Category::parse(category)?,
                    weak: match weight {
                        "strong" => false,
                        "weak" => true,
                        _ => return None,
                    },
                    reading,
                })
            })
            .collect()
    })
}

/// The narrowest family that holds `code`.
pub fn family(code: u32) -> Option<&'static Family> {
    families()
        .iter()
        .filter(|f| (f.from..=f.to).contains(&code))
        .min_by_key(|f| f.to - f.from)
}

/// What Entra says a code means: the catalogued entry, else its family's reading.
#[derive(Clone, Copy, Debug)]
pub enum Reading {
    Known(&'static Entry),
    Family(&'static Family),
}

impl Reading {
    pub fn category(self) -> Category {
        match self {
            Reading::Known(e) => e.category,
            Reading::Family(f) => f.category,
        }
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Reading::Known(e) => e.meaning,
            Reading::Family(f) => f.reading,
        }
    }
}

pub fn read(code: u32) -> Option<Reading> {
    lookup(code)
        .map(Reading::Known)
        .or_else(|| family(code).map(Reading::Family))
}

/// Codes that only wrap a more specific one ("Error validating credentials").
pub const WRAPPERS: &[u32] = &[70002];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_every_line_parses() {
        assert!(CATALOG.windows(2).all(|w| w[0].code < w[1].code));
        assert_eq!(CATALOG.len(), data_lines(CODES).count());
        assert_eq!(families().len(), data_lines(FAMILIES).count());
        assert!(families().windows(2).all(|w| w[0].from <= w[1].from));
        assert!(families().iter().all(|f| f.from <= f.to));
        assert!(CATALOG.iter().all(|e| !e.meaning.is_empty()));
    }

    #[test]
    fn covers_the_taxonomy_examples() {
        let doc = include_str!("../../../../docs/taxonomy.md");
        for (_, digits) in crate::text::prefixed_numbers(doc, "AADSTS") {
            let code: u32 = digits.parse().unwrap_or(0);
            assert!(
                lookup(code).is_some(),
                "AADSTS{code} from the taxonomy is not in the catalog"
            );
        }
    }

    #[test]
    fn the_narrowest_family_wins() {
        assert_eq!(
            family(50077).map(|f| f.category),
            Some(Category::MfaRequired)
        );
        assert_eq!(
            family(50001).map(|f| f.category),
            Some(Category::ExpiredOrRevokedCredential)
        );
        assert_eq!(
            family(539999).map(|f| f.category),
            Some(Category::ConditionalAccessBlocked)
        );
        assert!(family(1).is_none());
    }
}
