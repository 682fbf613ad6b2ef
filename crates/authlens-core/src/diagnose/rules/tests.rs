#![allow(clippy::unwrap_used)]

use super::*;
use crate::{diagnose, Options, Timestamp};

#[test]
fn codes_and_names_are_unique_and_sorted() {
    let codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "RULES must stay sorted by code");
    sorted.dedup();
    assert_eq!(sorted.len(), codes.len(), "duplicate rule code");
    let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), RULES.len(), "duplicate rule name");
    for r in RULES {
        assert!(
            r.code.starts_with("AL") && r.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            r.code
        );
        assert!(
            r.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()),
            "{}",
            r.name
        );
    }
}

#[test]
fn docs_have_the_fixed_headings() {
    for r in RULES {
        let d = r.docs();
        let mut at = 0;
        for h in [
            "## What it means",
            "## Why it happens",
            "## Where the fix lives",
            "## Example",
        ] {
            let i = d[at..].find(h).map(|i| i + at);
            assert!(i.is_some(), "{} docs lack '{h}' (in order)", r.code);
            at = i.unwrap();
        }
    }
}

/// Each rule's documented example must produce that rule as the first finding (biome-style
/// executable docs).
#[test]
fn doc_examples_fire_their_rule_first() {
    let opts = Options::at(Timestamp(1_763_900_000));
    let mut wrong = Vec::new();
    for r in RULES {
        let ex = r
            .example()
            .unwrap_or_else(|| panic!("{} has no example", r.code));
        let report = diagnose(&ex, &opts);
        if report.findings.first().map(|f| f.code) != Some(r.code) {
            let got: Vec<_> = report
                .findings
                .iter()
                .map(|f| (f.code, f.confidence))
                .collect();
            wrong.push(format!("{} {}: got {got:?}", r.code, r.name));
        }
    }
    assert!(
        wrong.is_empty(),
        "examples not firing their rule first:\n{}",
        wrong.join("\n")
    );
}

/// `docs/rules.md` is generated from the registry; this fails when it is stale.
#[test]
fn rules_doc_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    let want = super::catalog_doc::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run UPDATE_DOCS=1 cargo test -p authlens-core rules_doc"
    );
}

/// File, check function and static share the rule's name, and the file sits in the folder of
/// the family its code belongs to.
#[test]
fn rules_live_in_their_family_folder_under_their_name() {
    for r in RULES {
        let snake = r.name.replace('-', "_");
        let family = r
            .family()
            .unwrap_or_else(|| panic!("{}: code outside every family", r.code));
        let n: u16 = r.code[2..].parse().unwrap();
        assert!(
            !n.is_multiple_of(100),
            "{}: xx00 is not a rule code (families start at xx01)",
            r.code
        );
        assert_eq!(
            r.module,
            format!(
                "authlens_core::diagnose::rules::{}::{snake}",
                family.folder()
            ),
            "{} {}: file must be diagnose/rules/{}/{snake}.rs",
            r.code,
            r.name,
            family.folder()
        );
        assert_eq!(r.check_name, snake, "{}: check function name", r.code);
        assert_eq!(
            r.static_name,
            snake.to_ascii_uppercase(),
            "{}: static name",
            r.code
        );
        let file = format!(
            "{}/src/diagnose/rules/{}/{snake}.rs",
            env!("CARGO_MANIFEST_DIR"),
            family.folder()
        );
        assert!(std::path::Path::new(&file).is_file(), "{file} missing");
    }
}

#[test]
fn family_mapping_is_one_to_one() {
    for (i, a) in Family::ALL.iter().enumerate() {
        for b in &Family::ALL[i + 1..] {
            assert_ne!(a.hundreds(), b.hundreds());
            assert_ne!(a.folder(), b.folder());
        }
        assert_eq!(Family::of_folder(a.folder()), Some(*a));
        assert_eq!(Family::of_code(&format!("AL{}01", a.hundreds())), Some(*a));
        // Every family folder holds at least one rule, and only rules of its own family.
        let dir = format!(
            "{}/src/diagnose/rules/{}",
            env!("CARGO_MANIFEST_DIR"),
            a.folder()
        );
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let Some(stem) = name.strip_suffix(".rs") else {
                continue;
            };
            if matches!(stem, "mod" | "common") {
                continue;
            }
            let rule = RULES
                .iter()
                .find(|r| r.name.replace('-', "_") == stem)
                .unwrap_or_else(|| panic!("{dir}/{name} is not a registered rule"));
            assert_eq!(rule.family(), Some(*a), "{dir}/{name}");
        }
    }
    assert_eq!(Family::of_code("AL999"), None);
    assert_eq!(Family::of_code("AL1x1"), None);
}

/// The named confidence levels: bands ordered, disjoint, the named value inside its band, and
/// `SPECIFIC` the lower edge of `LIKELY`.
#[test]
fn confidence_levels_are_ordered_bands() {
    use super::confidence::*;
    for w in BANDS.windows(2) {
        assert!(w[0].2 > w[1].3, "{} and {} overlap", w[0].0, w[1].0);
    }
    for (name, value, lo, hi) in BANDS {
        assert!((lo..=hi).contains(&value), "{name}");
        assert_eq!(tier(*value), Some(*name));
    }
    assert_eq!(tier(LIKELY - 5), tier(SPECIFIC));
    assert_eq!(tier(SPECIFIC - 1), Some("PLAUSIBLE"));
    assert_eq!(tier(100), None);
}

/// No rule states a bare number as its confidence: every one is a named level (possibly nudged
/// within its band, `STRONG + 2`).
#[test]
fn rule_confidences_are_named() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src/diagnose/rules");
    for family in Family::ALL {
        let dir = format!("{root}/{}", family.folder());
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            // A family's helper folder (the wording model) holds no rule.
            if path.is_dir() {
                continue;
            }
            let src = std::fs::read_to_string(&path).unwrap();
            for (n, line) in src.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let compact: String = code.split_whitespace().collect();
                for pat in ["Hit::new(", "confidence=", "(conf,", "map_or("] {
                    if let Some(i) = compact.find(pat) {
                        let after = &compact[i + pat.len()..];
                        assert!(
                            !after.starts_with(|c: char| c.is_ascii_digit()),
                            "{}:{}: literal confidence; use a level of rules::confidence",
                            path.display(),
                            n + 1
                        );
                    }
                }
            }
        }
    }
}

fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// Every rule has a quiet fixture, a realistic near miss it must not fire on (the docs' example
/// is the paste it must fire on, first; `doc_examples_fire_their_rule_first`). Extra firing
/// pastes (`fires*.txt`) must rank their rule first too.
#[test]
fn every_rule_stays_quiet_on_its_near_miss() {
    let opts = Options::at(Timestamp(1_763_900_000));
    let mut wrong = Vec::new();
    for r in RULES {
        let dir = fixture_dir().join(format!("{}-{}", r.code, r.name));
        let Ok(quiet) = std::fs::read_to_string(dir.join("quiet.txt")) else {
            wrong.push(format!(
                "{} {}: no quiet.txt in {}",
                r.code,
                r.name,
                dir.display()
            ));
            continue;
        };
        assert!(!quiet.trim().is_empty(), "{}: empty quiet.txt", r.code);
        let facts = crate::facts::Facts::gather(&quiet, opts.now, opts.skew_seconds);
        if let Some(hit) = (r.check)(&facts) {
            wrong.push(format!(
                "{} {}: fired ({}) on its quiet fixture",
                r.code, r.name, hit.confidence
            ));
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("fires") {
                let text = std::fs::read_to_string(&path).unwrap();
                let first = diagnose(&text, &opts).findings.first().map(|f| f.code);
                if first != Some(r.code) {
                    wrong.push(format!("{}: {name} ranks {first:?} first", r.code));
                }
            } else if name != "quiet.txt" {
                wrong.push(format!("{}: unexpected fixture {name}", r.code));
            }
        }
    }
    // No fixture folder without its rule (a renamed or removed rule leaves none behind).
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !RULES
            .iter()
            .any(|r| format!("{}-{}", r.code, r.name) == name)
        {
            wrong.push(format!("fixture folder {name} has no rule"));
        }
    }
    assert!(wrong.is_empty(), "rule fixtures:\n{}", wrong.join("\n"));
}

/// Every confidence the rules report on their fixtures lies in a named band.
#[test]
fn reported_confidences_lie_in_named_bands() {
    let opts = Options::at(Timestamp(1_763_900_000));
    for r in RULES {
        let quiet =
            std::fs::read_to_string(fixture_dir().join(format!("{}-{}/quiet.txt", r.code, r.name)))
                .unwrap_or_default();
        for text in [r.example().unwrap_or_default(), quiet] {
            for f in diagnose(&text, &opts).findings {
                assert!(
                    super::confidence::tier(f.confidence).is_some(),
                    "{} reports {} outside every band",
                    f.code,
                    f.confidence
                );
            }
        }
    }
}
