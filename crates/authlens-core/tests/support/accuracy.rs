//! Accuracy of the diagnosis over labelled case sets (JSON lines with `input`, `label`, and
//! optionally `platform`): top-1 and top-3, the share with no finding, per category and per
//! platform, and the most frequent confusions. Shared by `examples/accuracy.rs` (`./x accuracy`,
//! which prints it) and `tests/accuracy.rs` (which holds the floors).
#![allow(dead_code, clippy::unwrap_used)]

use authlens_core::{diagnose, Category, Options, Timestamp};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The fixed "now" of every fixture test.
pub const NOW: Timestamp = Timestamp(1_763_900_000);

/// One labelled set, by name, with the files it was read from.
pub struct Set {
    pub name: &'static str,
    pub files: Vec<PathBuf>,
    pub cases: Vec<Case>,
    /// Cases labelled `null`: pastes that must get no finding (checked by `corpus.rs`), not
    /// scored here.
    pub unlabelled: usize,
}

pub struct Case {
    pub label: Category,
    pub platform: String,
    pub input: String,
}

#[derive(Default, Clone, Copy)]
pub struct Tally {
    pub n: usize,
    pub top1: usize,
    pub top3: usize,
    pub none: usize,
}

impl Tally {
    fn add(&mut self, top1: bool, top3: bool, none: bool) {
        self.n += 1;
        self.top1 += usize::from(top1);
        self.top3 += usize::from(top3);
        self.none += usize::from(none);
    }
    pub fn pct(part: usize, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else {
            100.0 * part as f64 / n as f64
        }
    }
    pub fn top1_pct(&self) -> f64 {
        Self::pct(self.top1, self.n)
    }
    pub fn top3_pct(&self) -> f64 {
        Self::pct(self.top3, self.n)
    }
    pub fn none_pct(&self) -> f64 {
        Self::pct(self.none, self.n)
    }
}

pub struct Score {
    pub total: Tally,
    pub by_category: BTreeMap<String, Tally>,
    pub by_platform: BTreeMap<String, Tally>,
    /// (label, top finding or "none") → count, for wrong top-1s.
    pub confusions: BTreeMap<(String, String), usize>,
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_cases(files: &[PathBuf]) -> (Vec<Case>, usize) {
    let mut out = Vec::new();
    let mut unlabelled = 0;
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).unwrap();
            let Some(label) = v["label"].as_str() else {
                unlabelled += 1;
                continue;
            };
            let label = Category::parse(label)
                .unwrap_or_else(|| panic!("{}: unknown label {label:?}", f.display()));
            out.push(Case {
                label,
                platform: v["platform"].as_str().unwrap_or("unspecified").to_string(),
                input: v["input"].as_str().unwrap_or_default().to_string(),
            });
        }
    }
    (out, unlabelled)
}

/// `*.jsonl` files of a fixture folder, sorted (none when the folder does not exist).
fn jsonl_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The sets `./x accuracy` reports: the shared corpus, our own cases, and the mined train set
/// and the frozen set when they exist.
pub fn sets() -> Vec<Set> {
    let fx = crate_dir().join("tests/fixtures");
    let mut sets = Vec::new();
    for (name, files) in [
        ("corpus", vec![fx.join("corpus/cases.jsonl")]),
        ("own", vec![fx.join("cases/own.jsonl")]),
        ("mined", jsonl_in(&fx.join("mined"))),
        ("frozen", jsonl_in(&fx.join("frozen"))),
    ] {
        let files: Vec<PathBuf> = files.into_iter().filter(|f| f.is_file()).collect();
        if files.is_empty() {
            continue;
        }
        let (cases, unlabelled) = read_cases(&files);
        sets.push(Set {
            name,
            files,
            cases,
            unlabelled,
        });
    }
    sets
}

/// A set read from explicit files (`./x accuracy FILE…`).
pub fn set_of(name: &'static str, files: Vec<PathBuf>) -> Set {
    let (cases, unlabelled) = read_cases(&files);
    Set {
        name,
        files,
        cases,
        unlabelled,
    }
}

pub fn score(cases: &[Case]) -> Score {
    let opts = Options::at(NOW);
    let mut s = Score {
        total: Tally::default(),
        by_category: BTreeMap::new(),
        by_platform: BTreeMap::new(),
        confusions: BTreeMap::new(),
    };
    for c in cases {
        let report = diagnose(&c.input, &opts);
        let cats: Vec<Category> = report.findings.iter().map(|f| f.category).collect();
        let top1 = cats.first() == Some(&c.label);
        let top3 = cats.iter().take(3).any(|x| *x == c.label);
        let none = cats.is_empty();
        s.total.add(top1, top3, none);
        s.by_category
            .entry(c.label.as_str().to_string())
            .or_default()
            .add(top1, top3, none);
        s.by_platform
            .entry(c.platform.clone())
            .or_default()
            .add(top1, top3, none);
        if !top1 {
            let got = cats.first().map_or("none", |c| c.as_str()).to_string();
            *s.confusions
                .entry((c.label.as_str().to_string(), got))
                .or_default() += 1;
        }
    }
    s
}

fn row(o: &mut String, name: &str, t: &Tally) {
    let _ = writeln!(
        o,
        "  {name:<40} {:>4} {:>6.1}% {:>6.1}% {:>6.1}%",
        t.n,
        t.top1_pct(),
        t.top3_pct(),
        t.none_pct()
    );
}

/// The report `./x accuracy` prints for one set.
pub fn render(set: &Set, s: &Score, confusions: usize) -> String {
    let mut o = String::new();
    let rel = |f: &PathBuf| {
        f.strip_prefix(crate_dir())
            .unwrap_or(f)
            .display()
            .to_string()
    };
    let from = match set.files.as_slice() {
        [one] => rel(one),
        files => format!(
            "{} files in {}",
            files.len(),
            files[0]
                .parent()
                .map_or_else(String::new, |d| rel(&d.to_path_buf()))
        ),
    };
    let _ = writeln!(o, "== {} ({from})", set.name);
    if set.unlabelled > 0 {
        let _ = writeln!(
            o,
            "  ({} cases labelled null, which must get no finding, are not scored here)",
            set.unlabelled
        );
    }
    let _ = writeln!(
        o,
        "  {:<40} {:>4} {:>7} {:>7} {:>7}",
        "", "n", "top-1", "top-3", "none"
    );
    row(&mut o, "TOTAL", &s.total);
    let _ = writeln!(o, "  by category:");
    for (k, t) in &s.by_category {
        row(&mut o, k, t);
    }
    let _ = writeln!(o, "  by platform:");
    for (k, t) in &s.by_platform {
        row(&mut o, k, t);
    }
    let mut pairs: Vec<_> = s.confusions.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !pairs.is_empty() && confusions > 0 {
        let _ = writeln!(o, "  most frequent confusions (label -> top finding):");
        for ((label, got), n) in pairs.into_iter().take(confusions) {
            let _ = writeln!(o, "    {n:>3}  {label} -> {got}");
        }
    }
    o
}
