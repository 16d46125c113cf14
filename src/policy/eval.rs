//! How well a policy finds what people label abusive: precision, recall and F1 over a labelled
//! set (`{"text", "want": 0|1}` lines), overall and per category, with the misses and the false
//! alarms listed, so ops can measure a change before making it.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::model::Action;
use super::scanner::Scanner;
use super::verdict::assess;

#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    pub text: String,
    /// 1: abusive, the policy should act on it; 0: fine.
    #[serde(deserialize_with = "flag")]
    pub want: bool,
}

fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match u8::deserialize(d)? {
        0 => Ok(false),
        1 => Ok(true),
        n => Err(serde::de::Error::custom(format!("want is 0 or 1, not {n}"))),
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub true_negatives: usize,
}

impl Counts {
    pub fn add(&mut self, flagged: bool, want: bool) {
        match (flagged, want) {
            (true, true) => self.true_positives += 1,
            (true, false) => self.false_positives += 1,
            (false, true) => self.false_negatives += 1,
            (false, false) => self.true_negatives += 1,
        }
    }

    fn ratio(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    }

    pub fn precision(&self) -> f64 {
        Self::ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        Self::ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// What one category's hits were worth: the labels say only abusive or not, so a category has a
/// precision (its hits on abusive text) and a share of all abusive text it caught.
#[derive(Debug, Default, Clone, Serialize)]
pub struct CategoryFigures {
    pub category: String,
    pub hits: usize,
    pub on_abusive: usize,
    pub precision: f64,
    /// Abusive texts this category caught, per abusive text.
    pub recall: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub text: String,
    /// The terms that hit, `category:term`.
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub samples: usize,
    pub overall: Counts,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub by_category: Vec<CategoryFigures>,
    /// Fine texts the policy acted on.
    pub false_positives: Vec<Listed>,
    /// Abusive texts it let through.
    pub misses: Vec<Listed>,
}

/// A text counts as caught when the policy's verdict is more than `allow` (flag or block), as the
/// scan API would act on it; frequency rules, which need a history, play no part.
pub fn evaluate(scanner: &Scanner, samples: &[Labelled]) -> Evaluation {
    let mut overall = Counts::default();
    let mut categories: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut false_positives, mut misses) = (Vec::new(), Vec::new());
    for sample in samples {
        let assessment = assess(scanner, &sample.text);
        let flagged = assessment.action != Action::Allow;
        overall.add(flagged, sample.want);
        let terms: Vec<String> = assessment
            .matches
            .iter()
            .map(|m| format!("{}:{}", m.category, m.term))
            .collect();
        if flagged {
            let mut seen: Vec<&str> = assessment
                .matches
                .iter()
                .map(|m| m.category.as_str())
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for category in seen {
                let entry = categories.entry(category.to_owned()).or_default();
                entry.0 += 1;
                entry.1 += usize::from(sample.want);
            }
        }
        match (flagged, sample.want) {
            (true, false) => false_positives.push(Listed {
                text: sample.text.clone(),
                terms,
            }),
            (false, true) => misses.push(Listed {
                text: sample.text.clone(),
                terms,
            }),
            _ => {}
        }
    }
    let abusive = overall.true_positives + overall.false_negatives;
    let mut by_category: Vec<CategoryFigures> = categories
        .into_iter()
        .map(|(category, (hits, on_abusive))| CategoryFigures {
            category,
            hits,
            on_abusive,
            precision: Counts::ratio(on_abusive, hits),
            recall: Counts::ratio(on_abusive, abusive),
        })
        .collect();
    by_category.sort_by_key(|c| std::cmp::Reverse(c.hits));
    Evaluation {
        samples: samples.len(),
        overall,
        precision: overall.precision(),
        recall: overall.recall(),
        f1: overall.f1(),
        by_category,
        false_positives,
        misses,
    }
}

impl Evaluation {
    /// A report for people, with the first `show` false alarms and misses.
    pub fn render(&self, show: usize) -> String {
        let c = &self.overall;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} texts: precision {:.3}, recall {:.3}, F1 {:.3} (caught {}, false alarms {}, missed {}, rightly let through {})",
            self.samples, self.precision, self.recall, self.f1, c.true_positives, c.false_positives, c.false_negatives, c.true_negatives
        );
        let _ = writeln!(
            out,
            "\nper category (hits, on abusive text, precision, share of the abusive caught):"
        );
        for f in &self.by_category {
            let _ = writeln!(
                out,
                "  {:<24} {:>6} {:>6}  {:.3}  {:.3}",
                f.category, f.hits, f.on_abusive, f.precision, f.recall
            );
        }
        for (title, list) in [
            ("false alarms", &self.false_positives),
            ("misses", &self.misses),
        ] {
            let _ = writeln!(
                out,
                "\n{title} ({} in all, {} shown):",
                list.len(),
                list.len().min(show)
            );
            for listed in list.iter().take(show) {
                let terms = if listed.terms.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", listed.terms.join(", "))
                };
                let _ = writeln!(out, "  {}{terms}", listed.text);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_and_f1() {
        let mut c = Counts::default();
        for (flagged, want) in [
            (true, true),
            (true, true),
            (true, false),
            (false, true),
            (false, false),
        ] {
            c.add(flagged, want);
        }
        assert_eq!((c.precision(), c.recall()), (2.0 / 3.0, 2.0 / 3.0));
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), 0.0);
        let line: Labelled = serde_json::from_str(r#"{"text": "a", "want": 1}"#).unwrap();
        assert!(line.want);
        assert!(serde_json::from_str::<Labelled>(r#"{"text": "a", "want": 2}"#).is_err());
    }
}
