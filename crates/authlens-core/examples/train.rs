//! `./x train`: trains the wording model (`src/knowledge/wording-model.tsv`) on the labelled
//! sets we may read (shared corpus, own cases, mined training cases; never the frozen set).
//! Its two settings (smoothing and temperature) are chosen by 5-fold cross-validation, whose
//! figures it prints: they, not the training sets' own scores, say how well the model reads
//! pastes it has not seen.
#![allow(clippy::unwrap_used)]

#[path = "../tests/support/training.rs"]
mod training;

use authlens_core::rules::wording::model::{self, Example, Model};

const FOLDS: usize = 5;

/// Cross-validated (top-1, top-3, mean log-likelihood of the true label).
fn cv(examples: &[Example], alpha: f64, temperature: f64) -> (f64, f64, f64) {
    let (mut top1, mut top3, mut ll) = (0usize, 0usize, 0f64);
    for fold in 0..FOLDS {
        let train: Vec<&Example> = examples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, e)| e)
            .collect();
        let owned: Vec<Example> = train
            .iter()
            .map(|e| Example {
                features: e.features.clone(),
                label: e.label,
            })
            .collect();
        let m = Model::parse(&model::train(&owned, alpha, temperature)).unwrap();
        for (_, e) in examples.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
            let feats: Vec<model::Feature> = e
                .features
                .iter()
                .map(|n| model::Feature {
                    name: n.clone(),
                    span: None,
                })
                .collect();
            let r = m.read(&feats);
            top1 += usize::from(r.first().map(|x| x.category) == Some(e.label));
            top3 += usize::from(r.iter().take(3).any(|x| x.category == e.label));
            let p = r
                .iter()
                .find(|x| x.category == e.label)
                .map_or(1e-6, |x| x.p.max(1e-6));
            ll += p.ln();
        }
    }
    let n = examples.len() as f64;
    (
        100.0 * top1 as f64 / n,
        100.0 * top3 as f64 / n,
        ll / n,
    )
}

fn main() {
    let examples = training::examples();
    let mut best = (f64::NEG_INFINITY, 1.0, 1.0);
    for alpha in [0.1, 0.2, 0.5, 1.0] {
        for temperature in [1.0, 2.0, 3.0, 4.0, 6.0, 8.0] {
            let (t1, t3, ll) = cv(&examples, alpha, temperature);
            println!("alpha {alpha:<4} temperature {temperature:<4} cv top-1 {t1:5.1}% top-3 {t3:5.1}% log-lik {ll:.3}");
            if ll > best.0 {
                best = (ll, alpha, temperature);
            }
        }
    }
    let (_, alpha, temperature) = best;
    let tsv = model::train(&examples, alpha, temperature);
    std::fs::write(training::model_path(), &tsv).unwrap();
    println!(
        "wrote {} ({} pastes, {} features, {} bytes; alpha {alpha}, temperature {temperature})",
        training::model_path().display(),
        examples.len(),
        tsv.lines().filter(|l| !l.starts_with('#') && !l.starts_with('=')).count(),
        tsv.len()
    );
}
