//! The wording model (`src/knowledge/wording-model.tsv`) is generated: it must be what `./x train`
//! makes from the training sets today, and it must hold no feature that could name one case.
#![allow(clippy::unwrap_used)]

#[path = "support/training.rs"]
mod training;

use authlens_core::rules::wording::model::{self, Model, MODEL_TSV};

fn setting(name: &str) -> f64 {
    MODEL_TSV
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix('\t'))
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn shipped_model_is_what_training_makes() {
    let made = model::train(
        &training::examples(),
        setting("=lambda"),
        setting("=temperature"),
    );
    assert!(
        made == MODEL_TSV,
        "src/knowledge/wording-model.tsv is stale: run ./x train (the lexicon, the features or the training sets changed)"
    );
}

#[test]
fn shipped_model_parses_and_has_no_case_specific_feature() {
    let m = Model::parse(MODEL_TSV).unwrap();
    assert!(m.categories.len() >= 20, "{}", m.categories.len());
    for line in MODEL_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('='))
    {
        let name = line.split('\t').next().unwrap();
        let (kind, rest) = name.split_at(2);
        assert!(
            ["w:", "b:", "h:", "s:", "p:", "l:", "L:"].contains(&kind),
            "{name}"
        );
        // Numbers, ids and codes are never words: no feature can name one case.
        if kind != "s:" {
            assert!(!rest.bytes().any(|b| b.is_ascii_digit()), "{name}");
        }
    }
}

#[test]
fn training_never_reads_the_frozen_set() {
    assert!(training::files()
        .iter()
        .all(|f| !f.to_string_lossy().contains("frozen")));
}
