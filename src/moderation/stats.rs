//! How often appeals overturn decisions, per rule, per policy category, per term and per reviewer,
//! so ops see which rules and terms sanction wrongly and who needs another look at the guidance.
//! An appeal counts in the window it was decided in; a reduction counts apart from an overturn.
//! Beside them, the moderation and appeal queues' volume and time to action.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{AppealOutcome, CaseType};
use crate::db::appeals::AppealRow;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::verification::hourly::{self, Queue};
use crate::verification::stats::{overturn_rate, Activity, Timeline, Window};

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct OverturnRate {
    /// The rule, category, term or reviewer (`scanner` for automatic sanctions).
    pub key: String,
    /// A term's category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Scans that hit this category or term in the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hits: Option<i64>,
    /// Sanctions imposed in the window under this rule or category (absent per reviewer).
    pub sanctions: Option<i64>,
    pub appeals_decided: i64,
    pub upheld: i64,
    pub overturned: i64,
    pub reduced: i64,
    /// overturned ÷ appeals decided.
    pub overturn_rate: f64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ModerationStats {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub appeals_decided: i64,
    /// Highest overturn rate first.
    pub by_rule: Vec<OverturnRate>,
    pub by_category: Vec<OverturnRate>,
    /// The most hit terms, and every term on appealed content.
    pub by_term: Vec<OverturnRate>,
    pub by_reviewer: Vec<OverturnRate>,
}

/// Each group's rate, highest first.
fn rates(groups: impl IntoIterator<Item = OverturnRate>) -> Vec<OverturnRate> {
    let mut rates: Vec<OverturnRate> = groups
        .into_iter()
        .map(|mut rate| {
            rate.overturn_rate = if rate.appeals_decided == 0 {
                0.0
            } else {
                rate.overturned as f64 / rate.appeals_decided as f64
            };
            rate
        })
        .collect();
    rates.sort_by(|a, b| {
        b.overturn_rate
            .total_cmp(&a.overturn_rate)
            .then(b.appeals_decided.cmp(&a.appeals_decided))
            .then(b.hits.cmp(&a.hits))
    });
    rates
}

fn keyed(groups: BTreeMap<String, OverturnRate>) -> Vec<OverturnRate> {
    rates(
        groups
            .into_iter()
            .map(|(key, rate)| OverturnRate { key, ..rate }),
    )
}

fn count(rate: &mut OverturnRate, outcome: AppealOutcome) {
    rate.appeals_decided += 1;
    match outcome {
        AppealOutcome::Uphold => rate.upheld += 1,
        AppealOutcome::Overturn => rate.overturned += 1,
        AppealOutcome::Reduce => rate.reduced += 1,
    }
}

/// How many of the most hit terms are listed.
const TOP_TERMS: i64 = 100;

pub async fn moderation(db: &Db, window: Window) -> Result<ModerationStats, AppError> {
    let (from, to) = (window.from, window.to);
    let (appeals, sanctions, category_hits, term_hits, appealed_terms) = db
        .run(move |conn| {
            Ok((
                db::appeals::decided_between(conn, from, to)?,
                db::moderation::sanctions_by_rule(conn, from, to)?,
                db::moderation::category_hits(conn, from, to)?,
                db::moderation::term_hits(conn, from, to, TOP_TERMS)?,
                db::moderation::appealed_terms(conn, from, to)?,
            ))
        })
        .await?;
    let (mut by_rule, mut by_category, mut by_reviewer) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::<String, OverturnRate>::new(),
    );
    for (category, n) in category_hits {
        by_category
            .entry(category)
            .or_insert_with(OverturnRate::default)
            .hits = Some(n);
    }
    // Keyed by (category, term): one term may sit in two categories.
    let mut by_term = BTreeMap::<(String, String), OverturnRate>::new();
    for (category, term, n) in term_hits {
        by_term.entry((category, term)).or_default().hits = Some(n);
    }
    for (outcome, category, term) in appealed_terms {
        if let Some(outcome) = outcome {
            count(by_term.entry((category, term)).or_default(), outcome);
        }
    }
    for (rule, category, n) in sanctions {
        *by_rule
            .entry(rule)
            .or_insert_with(OverturnRate::default)
            .sanctions
            .get_or_insert(0) += n;
        if let Some(category) = category {
            *by_category
                .entry(category)
                .or_insert_with(OverturnRate::default)
                .sanctions
                .get_or_insert(0) += n;
        }
    }
    for appeal in &appeals {
        let Some(outcome) = appeal.outcome else {
            continue;
        };
        count(
            by_rule.entry(appeal.original_rule.clone()).or_default(),
            outcome,
        );
        if let Some(category) = &appeal.original_category {
            count(by_category.entry(category.clone()).or_default(), outcome);
        }
        count(
            by_reviewer
                .entry(appeal.original_actor.clone())
                .or_default(),
            outcome,
        );
    }
    Ok(ModerationStats {
        from: from.and_utc(),
        to: to.and_utc(),
        appeals_decided: appeals.len() as i64,
        by_rule: keyed(by_rule),
        by_category: keyed(by_category),
        by_term: rates(
            by_term
                .into_iter()
                .map(|((category, key), rate)| OverturnRate {
                    key,
                    category: Some(category),
                    ..rate
                }),
        ),
        by_reviewer: keyed(by_reviewer),
    })
}

/// The moderation queue over `window`: items in, actions by type, arrival to action against
/// `target`, and how many of the window's appealed sanctions were overturned.
pub async fn moderation_activity(
    db: &Db,
    window: Window,
    target: std::time::Duration,
) -> Result<Activity, AppError> {
    activity(db, window, target, Queue::Moderation, |appeal| {
        appeal.case_type == CaseType::Sanction
    })
    .await
}

/// The appeal queue over `window`: appeals in, outcomes, lodging to outcome against `target`.
pub async fn appeal_activity(
    db: &Db,
    window: Window,
    target: std::time::Duration,
) -> Result<Activity, AppError> {
    activity(db, window, target, Queue::Appeals, |_| true).await
}

/// `queue`'s figures over `window`, with the overturn rate of the window's appeals that `counts`.
async fn activity(
    db: &Db,
    window: Window,
    target: std::time::Duration,
    queue: Queue,
    counts: fn(&AppealRow) -> bool,
) -> Result<Activity, AppError> {
    let mut timeline = Timeline::new(&window, target);
    let (hours, appeals) = db
        .run(move |conn| {
            let hours = hourly::hours(conn, queue, &window, Utc::now().timestamp())?;
            Ok((
                hours,
                db::appeals::decided_between(conn, window.from, window.to)?,
            ))
        })
        .await?;
    for (hour, figures) in &hours {
        timeline.add(*hour, figures);
    }
    Ok(timeline.finish(overturn_rate(
        appeals
            .iter()
            .filter(|a| counts(a))
            .filter_map(|a| a.outcome.as_ref()),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_overturns_over_decided_appeals_worst_first() {
        let mut groups = BTreeMap::new();
        for (key, outcomes) in [
            ("a", vec![AppealOutcome::Uphold, AppealOutcome::Overturn]),
            (
                "b",
                vec![
                    AppealOutcome::Overturn,
                    AppealOutcome::Reduce,
                    AppealOutcome::Overturn,
                    AppealOutcome::Overturn,
                ],
            ),
        ] {
            let rate: &mut OverturnRate = groups.entry(key.to_owned()).or_default();
            outcomes.into_iter().for_each(|o| count(rate, o));
        }
        groups.entry("c".to_owned()).or_default().sanctions = Some(4);
        let rates = keyed(groups);
        let keys: Vec<(&str, f64)> = rates
            .iter()
            .map(|r| (r.key.as_str(), r.overturn_rate))
            .collect();
        assert_eq!(keys, [("b", 0.75), ("a", 0.5), ("c", 0.0)]);
        assert_eq!(
            (rates[0].reduced, rates[0].upheld, rates[1].upheld),
            (1, 0, 1)
        );
    }
}
