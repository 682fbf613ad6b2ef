//! The wording model's training data: the labelled sets we may read case by case (the shared
//! corpus, our own cases, the mined training cases), never the frozen set. Shared by
//! `examples/train.rs` (`./x train`, which writes the model) and `tests/wording_model.rs`
//! (which holds the shipped model to what training produces).
#![allow(dead_code, clippy::unwrap_used)]

use authlens_core::rules::wording::model::{self, Example};
use authlens_core::Category;
use std::path::{Path, PathBuf};

/// Where the shipped model lives.
pub fn model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/knowledge/wording-model.tsv")
}

/// The training files, sorted: never anything under `tests/fixtures/frozen`.
pub fn files() -> Vec<PathBuf> {
    let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut mined: Vec<PathBuf> = std::fs::read_dir(fx.join("mined"))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    mined.sort();
    let mut out = vec![fx.join("corpus/cases.jsonl"), fx.join("cases/own.jsonl")];
    out.extend(mined);
    assert!(out
        .iter()
        .all(|p| !p.components().any(|c| c.as_os_str() == "frozen")));
    out.into_iter().filter(|p| p.is_file()).collect()
}

/// Every labelled training paste, as features (pastes labelled `null` have no category to
/// learn).
pub fn examples() -> Vec<Example> {
    cases()
        .iter()
        .map(|c| model::example(&c.input, c.label))
        .collect()
}

/// One labelled training paste, with the set it comes from.
pub struct Case {
    pub set: &'static str,
    pub input: String,
    pub label: Category,
}

/// Every labelled training paste.
pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for f in files() {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let Some(label) = v["label"].as_str().and_then(Category::parse) else {
                continue;
            };
            let set = if f.ends_with("corpus/cases.jsonl") {
                "corpus"
            } else if f.ends_with("cases/own.jsonl") {
                "own"
            } else {
                "mined"
            };
            out.push(Case {
                set,
                input: v["input"].as_str().unwrap_or_default().to_string(),
                label,
            });
        }
    }
    out
}
