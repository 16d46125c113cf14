//! `checkpoint policy train`: fits the learned score to a labelled set. The score is for abuse no
//! listed word catches, so it learns from the texts the policy's words leave alone; folds of
//! those texts, each scored by a model that never saw it, say which threshold keeps the policy's
//! precision and what recall it buys.

use super::eval::{Counts, Labelled};
use super::model::Action;
use super::normalise;
use super::scanner::Scanner;
use super::score::{self, Model, Training, Weights};
use super::verdict::assess;

pub struct Trained {
    /// Fitted on every text the words leave alone.
    pub weights: Weights,
    /// How many texts that was.
    pub residual: usize,
    pub folds: usize,
    /// For thresholds from 0.20 to 0.99: what the words and the score together get, every score
    /// from a model that did not see its text.
    pub curve: Vec<(f32, Counts)>,
}

/// Trains the score for the policy `words` (a scanner without a score) on `samples`.
pub fn train(words: &Scanner, samples: &[Labelled], how: Training, folds: usize) -> Trained {
    let mut by_words = Counts::default();
    let (mut views, mut labels) = (Vec::new(), Vec::new());
    for sample in samples {
        if assess(words, &sample.text).action == Action::Allow {
            views.push(normalise::letters(&sample.text).text);
            labels.push(sample.want);
        } else {
            by_words.add(true, sample.want);
        }
    }
    let features = score::features(&views);
    let folds = folds.clamp(2, views.len().max(2));
    let mut held_out = vec![0f32; views.len()];
    for fold in 0..folds {
        let (train_rows, test_rows): (Vec<usize>, Vec<usize>) =
            (0..views.len()).partition(|i| i % folds != fold);
        let pick = |rows: &[usize]| {
            (
                rows.iter()
                    .map(|&i| features[i].clone())
                    .collect::<Vec<_>>(),
                rows.iter().map(|&i| labels[i]).collect::<Vec<_>>(),
            )
        };
        let (x, y) = pick(&train_rows);
        let model = Model::new(&score::train(&x, &y, how));
        for i in test_rows {
            held_out[i] = model.score(&views[i]);
        }
    }
    let curve = (20..100)
        .map(|t| {
            let threshold = t as f32 / 100.0;
            let mut counts = by_words;
            for (score, &want) in held_out.iter().zip(&labels) {
                counts.add(*score >= threshold, want);
            }
            (threshold, counts)
        })
        .collect();
    Trained {
        weights: score::train(&features, &labels, how),
        residual: views.len(),
        folds,
        curve,
    }
}

impl Trained {
    /// The threshold with the best F1 among those whose precision is at least `min_precision`.
    pub fn best(&self, min_precision: f64) -> Option<(f32, Counts)> {
        self.curve
            .iter()
            .filter(|(_, c)| c.precision() >= min_precision)
            .max_by(|a, b| a.1.f1().total_cmp(&b.1.f1()))
            .copied()
    }
}
