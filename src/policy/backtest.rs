//! Replays texts under the running policy and a candidate, so ops see how many verdicts a change
//! would turn, in which categories, with examples, before it goes live. Frequency rules are
//! replayed too, each policy with its own history, in the order the texts were written.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::Action;
use super::verdict::{decide, Decision, MemoryHistory};
use super::Scanner;
use crate::db::{self, DbConnection};
use crate::error::AppError;

/// One text to replay: who wrote it and when (frequency rules need both).
pub struct Sample {
    pub user_id: String,
    pub text: String,
    pub at: NaiveDateTime,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Example {
    pub text: String,
    pub before: Action,
    pub after: Action,
    pub categories_before: Vec<String>,
    pub categories_after: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct CategoryChange {
    /// Verdicts that change and involve this category under either policy.
    pub changed: usize,
    pub hits_before: usize,
    pub hits_after: usize,
    pub examples: Vec<Example>,
}

/// A user who would reach a frequency rule's step under the candidate and not under the active
/// policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub struct StepCrossed {
    pub user_id: String,
    /// `frequency:<rule>:<count>`.
    pub rule: String,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct Report {
    pub total: usize,
    pub changed: usize,
    /// When the first and the last replayed text were written.
    pub first_at: Option<NaiveDateTime>,
    pub last_at: Option<NaiveDateTime>,
    /// `allow → flag` and so on, with counts.
    pub transitions: BTreeMap<String, usize>,
    pub by_category: BTreeMap<String, CategoryChange>,
    /// Verdicts that flag (each a moderation item for a person), before and after.
    pub flagged_before: usize,
    pub flagged_after: usize,
    /// Automatic sanctions by kind, before and after.
    pub sanctions_before: BTreeMap<String, usize>,
    pub sanctions_after: BTreeMap<String, usize>,
    /// Users who would newly reach a frequency step, and the first few of them.
    pub users_crossing_step: usize,
    pub steps_crossed: Vec<StepCrossed>,
}

/// The stored scans from `from` on (at most `limit`, oldest first), as samples to replay.
pub fn stored_samples(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Sample>, AppError> {
    Ok(db::moderation::scans_since(conn, from, limit)?
        .into_iter()
        .map(|r| Sample {
            user_id: r.user_id,
            text: r.content,
            at: r.created_at,
        })
        .collect())
}

const EXAMPLES_PER_CATEGORY: usize = 3;
const STEPS_LISTED: usize = 20;
const EXAMPLE_CHARS: usize = 120;

/// The frequency steps a decision reached, as (user, rule).
fn steps<'a>(d: &'a Decision, user: &'a str) -> impl Iterator<Item = StepCrossed> + 'a {
    d.assessment
        .rules
        .iter()
        .filter(|r| r.starts_with("frequency:"))
        .map(move |rule| StepCrossed {
            user_id: user.to_owned(),
            rule: rule.clone(),
        })
}

/// Counts what a verdict makes people and the system do: a moderation item or a sanction.
fn tally(d: &Decision, flagged: &mut usize, sanctions: &mut BTreeMap<String, usize>) {
    if d.assessment.action == Action::Flag {
        *flagged += 1;
    }
    if let Some(imposed) = &d.sanction {
        *sanctions
            .entry(imposed.spec.kind.as_str().to_owned())
            .or_default() += 1;
    }
}

fn categories(d: &Decision) -> BTreeSet<String> {
    d.assessment
        .matches
        .iter()
        .map(|m| m.category.clone())
        .collect()
}

pub fn backtest(
    before: &Scanner,
    after: &Scanner,
    samples: impl IntoIterator<Item = Sample>,
) -> Report {
    let mut report = Report::default();
    let (mut old_history, mut new_history) = (MemoryHistory::default(), MemoryHistory::default());
    let (mut old_steps, mut new_steps) = (BTreeSet::new(), BTreeSet::new());
    for sample in samples {
        report.total += 1;
        report.first_at.get_or_insert(sample.at);
        report.last_at = Some(sample.at);
        let Ok(old) = decide(
            before,
            &sample.text,
            &sample.user_id,
            sample.at,
            &mut old_history,
        );
        let Ok(new) = decide(
            after,
            &sample.text,
            &sample.user_id,
            sample.at,
            &mut new_history,
        );
        tally(
            &old,
            &mut report.flagged_before,
            &mut report.sanctions_before,
        );
        tally(&new, &mut report.flagged_after, &mut report.sanctions_after);
        old_steps.extend(steps(&old, &sample.user_id));
        new_steps.extend(steps(&new, &sample.user_id));
        let (old_cats, new_cats) = (categories(&old), categories(&new));
        for c in &old_cats {
            report.by_category.entry(c.clone()).or_default().hits_before += 1;
        }
        for c in &new_cats {
            report.by_category.entry(c.clone()).or_default().hits_after += 1;
        }
        let (was, is) = (old.assessment.action, new.assessment.action);
        if was == is && old_cats == new_cats {
            continue;
        }
        report.changed += 1;
        *report
            .transitions
            .entry(format!("{was} → {is}"))
            .or_default() += 1;
        let text: String = sample.text.chars().take(EXAMPLE_CHARS).collect();
        for c in old_cats.union(&new_cats) {
            let entry = report.by_category.entry(c.clone()).or_default();
            entry.changed += 1;
            if entry.examples.len() < EXAMPLES_PER_CATEGORY {
                entry.examples.push(Example {
                    text: text.clone(),
                    before: was,
                    after: is,
                    categories_before: old_cats.iter().cloned().collect(),
                    categories_after: new_cats.iter().cloned().collect(),
                });
            }
        }
    }
    let crossed: Vec<StepCrossed> = new_steps.difference(&old_steps).cloned().collect();
    report.users_crossing_step = crossed
        .iter()
        .map(|s| &s.user_id)
        .collect::<BTreeSet<_>>()
        .len();
    report.steps_crossed = crossed.into_iter().take(STEPS_LISTED).collect();
    report
}

impl Report {
    /// The report for a terminal.
    pub fn render(&self) -> String {
        let mut out = format!(
            "replayed {} texts: {} verdicts would change\n",
            self.total, self.changed
        );
        out.push_str(&format!(
            "flagged for a person: {} → {}; automatic sanctions: {} → {}; users newly reaching a frequency step: {}\n",
            self.flagged_before,
            self.flagged_after,
            self.sanctions_before.values().sum::<usize>(),
            self.sanctions_after.values().sum::<usize>(),
            self.users_crossing_step
        ));
        for (transition, n) in &self.transitions {
            out.push_str(&format!("  {transition}: {n}\n"));
        }
        if !self.by_category.is_empty() {
            out.push_str("by category (changed verdicts; hits before → after):\n");
        }
        for (category, c) in &self.by_category {
            out.push_str(&format!(
                "  {category}: {} changed; hits {} → {}\n",
                c.changed, c.hits_before, c.hits_after
            ));
            for e in &c.examples {
                out.push_str(&format!("    {} → {}: {:?}\n", e.before, e.after, e.text));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::file::parse;

    fn scanner(terms: &str) -> Scanner {
        Scanner::build(
            parse(&format!("version = 1\nname = \"t\"\n[[category]]\nid = \"profanity\"\nseverity = \"medium\"\nterms = [{terms}]\n"))
                .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn counts_changed_verdicts_by_category_with_examples() {
        let before = scanner("\"씨발\"");
        let after = scanner("\"씨발\", \"병신\"");
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let samples = ["안녕하세요", "씨발", "병신아", "이 병신", "좋은 하루"]
            .into_iter()
            .map(|t| Sample {
                user_id: "u".into(),
                text: t.into(),
                at,
            });
        let report = backtest(&before, &after, samples);
        assert_eq!(report.total, 5);
        assert_eq!(report.changed, 2);
        assert_eq!(report.transitions.get("allow → flag"), Some(&2));
        let p = &report.by_category["profanity"];
        assert_eq!((p.changed, p.hits_before, p.hits_after), (2, 1, 3));
        assert_eq!(p.examples[0].text, "병신아");
        assert!(report.render().contains("2 verdicts would change"));
        assert_eq!((report.flagged_before, report.flagged_after), (1, 3));
    }

    #[test]
    fn reports_users_newly_reaching_a_frequency_step_and_sanctions() {
        let before = scanner("\"씨발\"");
        let after = Scanner::build(
            parse("version = 2\nname = \"t\"\n[[category]]\nid = \"profanity\"\nseverity = \"medium\"\nterms = [\"씨발\", \"병신\"]\n\
                   [[frequency]]\nid = \"repeat\"\ncategory = \"profanity\"\nwindow = \"30d\"\n[[frequency.step]]\ncount = 2\nsanction = \"warn\"\n")
                .unwrap(),
        )
        .unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let samples = [("a", "씨발"), ("a", "병신"), ("b", "병신"), ("c", "안녕")]
            .into_iter()
            .map(|(user, text)| Sample {
                user_id: user.into(),
                text: text.into(),
                at,
            });
        let report = backtest(&before, &after, samples);
        assert_eq!(report.users_crossing_step, 1);
        assert_eq!(report.steps_crossed[0].user_id, "a");
        assert_eq!(report.steps_crossed[0].rule, "frequency:repeat:2");
        assert_eq!(report.sanctions_after.get("warn"), Some(&1));
        assert!(report.sanctions_before.is_empty());
        assert_eq!((report.first_at, report.last_at), (Some(at), Some(at)));
    }
}
