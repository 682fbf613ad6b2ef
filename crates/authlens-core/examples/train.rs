//! `./x train`: trains the wording model (`src/knowledge/wording-model.tsv`) on the labelled
//! sets we may read (shared corpus, own cases, mined training cases; never the frozen set).
//! Its two settings (the L2 penalty and the temperature) are chosen by 5-fold cross-validation, whose
//! figures it prints, with the whole diagnosis's accuracy on each held-out fold diagnosed with
//! a model that never saw it: those figures, not the training sets' own scores, say how well
//! AuthLens reads pastes it has not seen.
//!
//! `./x train --check` prints the figures and writes nothing.
#![allow(clippy::unwrap_used)]

#[path = "../tests/support/training.rs"]
mod training;

use authlens_core::rules::wording::model::{self, Example, Model};
use authlens_core::{diagnose, Options, Timestamp};

const FOLDS: usize = 5;

thread_local! {
    /// `--misses`: print every held-out paste whose top finding is wrong (never frozen ones:
    /// they are not read here).
    static MISSES: bool = std::env::args().any(|a| a == "--misses");
}

fn fold_model(examples: &[Example], fold: usize, lambda: f64, temperature: f64) -> Model {
    let train: Vec<Example> = examples
        .iter()
        .enumerate()
        .filter(|(i, _)| i % FOLDS != fold)
        .map(|(_, e)| Example {
            features: e.features.clone(),
            label: e.label,
        })
        .collect();
    Model::parse(&model::train(&train, lambda, temperature)).unwrap()
}

/// Cross-validated (top-1, top-3, mean log-likelihood of the true label) of the model alone,
/// for each temperature (the temperature changes no weight: each fold is trained once).
fn cv(examples: &[Example], lambda: f64, temperatures: &[f64]) -> Vec<(f64, f64, f64)> {
    let mut sums = vec![(0usize, 0usize, 0f64); temperatures.len()];
    for fold in 0..FOLDS {
        let mut m = fold_model(examples, fold, lambda, 1.0);
        for (sum, t) in sums.iter_mut().zip(temperatures) {
            m.temperature = *t;
            for (_, e) in examples
                .iter()
                .enumerate()
                .filter(|(i, _)| i % FOLDS == fold)
            {
                let feats: Vec<model::Feature> = e
                    .features
                    .iter()
                    .map(|n| model::Feature {
                        name: n.clone(),
                        span: None,
                    })
                    .collect();
                let r = m.read(&feats);
                sum.0 += usize::from(r.first().map(|x| x.category) == Some(e.label));
                sum.1 += usize::from(r.iter().take(3).any(|x| x.category == e.label));
                let p = r
                    .iter()
                    .find(|x| x.category == e.label)
                    .map_or(1e-6, |x| x.p.max(1e-6));
                sum.2 += p.ln();
            }
        }
    }
    let n = examples.len() as f64;
    sums.iter()
        .map(|(t1, t3, ll)| (100.0 * *t1 as f64 / n, 100.0 * *t3 as f64 / n, ll / n))
        .collect()
}

/// The whole diagnosis on each held-out fold, per set: (set, n, top-1, top-3, none).
fn engine_cv(
    cases: &[training::Case],
    examples: &[Example],
    lambda: f64,
    temperature: f64,
) -> Vec<(&'static str, usize, usize, usize, usize)> {
    let opts = Options::at(Timestamp(1_763_900_000));
    let mut rows: Vec<(&'static str, usize, usize, usize, usize)> = Vec::new();
    for fold in 0..FOLDS {
        let m: &'static Model =
            Box::leak(Box::new(fold_model(examples, fold, lambda, temperature)));
        for (_, c) in cases.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
            let r = model::with_model(m, || diagnose(&c.input, &opts));
            let cats: Vec<_> = r.findings.iter().map(|f| f.category).collect();
            if MISSES.with(|m| *m) && cats.first() != Some(&c.label) {
                let got: Vec<String> = r
                    .findings
                    .iter()
                    .map(|f| format!("{}:{}:{}", f.category.as_str(), f.code, f.confidence))
                    .collect();
                println!(
                    "MISS [{}] {} <- {} | {}",
                    c.set,
                    c.label.as_str(),
                    got.join(" "),
                    c.input
                        .chars()
                        .take(160)
                        .collect::<String>()
                        .replace('\n', " ")
                );
            }
            for set in [c.set, "all"] {
                let row = match rows.iter_mut().position(|x| x.0 == set) {
                    Some(i) => &mut rows[i],
                    None => {
                        rows.push((set, 0, 0, 0, 0));
                        rows.last_mut().unwrap()
                    }
                };
                row.1 += 1;
                row.2 += usize::from(cats.first() == Some(&c.label));
                row.3 += usize::from(cats.iter().take(3).any(|x| *x == c.label));
                row.4 += usize::from(cats.is_empty());
            }
        }
    }
    rows
}

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let cases = training::cases();
    let examples = training::examples();
    let mut best = (f64::NEG_INFINITY, 1.0, 1.0);
    let temperatures = [0.75, 1.0, 1.5];
    for lambda in [0.002, 0.003, 0.005] {
        for (&temperature, (t1, t3, ll)) in
            temperatures
                .iter()
                .zip(cv(&examples, lambda, &temperatures))
        {
            println!("model alone, lambda {lambda:<5} temperature {temperature:<4}: cv top-1 {t1:5.1}% top-3 {t3:5.1}% log-lik {ll:.3}");
            if ll > best.0 {
                best = (ll, lambda, temperature);
            }
        }
    }
    let (_, lambda, temperature) = best;
    println!("whole diagnosis, each fold read by a model trained without it (lambda {lambda}, temperature {temperature}):");
    for (set, n, t1, t3, none) in engine_cv(&cases, &examples, lambda, temperature) {
        let pct = |x: usize| 100.0 * x as f64 / n as f64;
        println!(
            "  {set:<8} {n:>4}  top-1 {:5.1}%  top-3 {:5.1}%  none {:4.1}%",
            pct(t1),
            pct(t3),
            pct(none)
        );
    }
    if check {
        return;
    }
    let tsv = model::train(&examples, lambda, temperature);
    std::fs::write(training::model_path(), &tsv).unwrap();
    println!(
        "wrote {} ({} pastes, {} features, {} bytes)",
        training::model_path().display(),
        examples.len(),
        tsv.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with('='))
            .count(),
        tsv.len()
    );
}
