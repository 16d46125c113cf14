//! How often appeals overturn decisions, per rule, per policy category, per term and per reviewer,
//! so ops see which rules and terms sanction wrongly and who needs another look at the guidance.
//! An appeal counts in the window it was decided in; a reduction counts apart from an overturn.
//! Beside them, the moderation and appeal queues' volume and time to action, and how precise each
//! category, term and rule of the scanner is by what moderators did with its flags.

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

/// Of the scanner's flags a moderator decided in the window, how many they dismissed (a false
/// positive) and how many they acted on.
#[derive(Debug, Default, Clone, Serialize, Deserialize, ToSchema)]
pub struct FlagPrecision {
    /// The category, term (with `category`) or rule (`category:<id>:<severity>`,
    /// `frequency:<rule>`, `abuse_score`, …).
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub decided: i64,
    pub dismissed: i64,
    /// Warned, hid, restricted, suspended or banned.
    pub acted: i64,
    /// acted ÷ decided; none before anything was decided.
    pub precision: Option<f64>,
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
    /// Flag precision from moderators' decisions, least precise first.
    pub precision_by_category: Vec<FlagPrecision>,
    pub precision_by_term: Vec<FlagPrecision>,
    pub precision_by_rule: Vec<FlagPrecision>,
}

/// A rule as precision groups it: without the score's value or the frequency step's count.
fn rule_key(rule: &str) -> &str {
    if rule.starts_with(crate::policy::score::SCORE_CATEGORY) {
        return crate::policy::score::SCORE_CATEGORY;
    }
    match rule.strip_prefix("frequency:") {
        Some(rest) => rest
            .rfind(':')
            .map_or(rule, |i| &rule[.."frequency:".len() + i]),
        None => rule,
    }
}

#[derive(Deserialize)]
struct MatchedTerm {
    category: String,
    term: String,
}

/// Precision per category, term and rule of the decided flags `(action, rules, matches)`.
fn precision(flags: &[(String, String, String)]) -> [Vec<FlagPrecision>; 3] {
    let mut groups: [BTreeMap<(Option<String>, String), FlagPrecision>; 3] = Default::default();
    for (action, rules, matches) in flags {
        let dismissed = action == "dismiss";
        let rules: Vec<String> = serde_json::from_str(rules).unwrap_or_default();
        let matches: Vec<MatchedTerm> = serde_json::from_str(matches).unwrap_or_default();
        let mut keys = [
            std::collections::BTreeSet::new(),
            Default::default(),
            Default::default(),
        ];
        for m in &matches {
            keys[0].insert((None, m.category.clone()));
            let term = if m.category == crate::policy::score::SCORE_CATEGORY {
                crate::policy::score::SCORE_CATEGORY.to_owned()
            } else {
                m.term.clone()
            };
            keys[1].insert((Some(m.category.clone()), term));
        }
        for r in &rules {
            keys[2].insert((None, rule_key(r).to_owned()));
        }
        for (group, keys) in groups.iter_mut().zip(keys) {
            for key in keys {
                let p = group.entry(key).or_default();
                p.decided += 1;
                if dismissed {
                    p.dismissed += 1;
                } else {
                    p.acted += 1;
                }
            }
        }
    }
    groups.map(|group| {
        let mut list: Vec<FlagPrecision> = group
            .into_iter()
            .map(|((category, key), p)| FlagPrecision {
                key,
                category,
                precision: (p.decided > 0).then(|| p.acted as f64 / p.decided as f64),
                ..p
            })
            .collect();
        list.sort_by(|a, b| {
            a.precision
                .unwrap_or(1.0)
                .total_cmp(&b.precision.unwrap_or(1.0))
                .then(b.decided.cmp(&a.decided))
        });
        list
    })
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
    let (appeals, sanctions, category_hits, term_hits, appealed_terms, flags) = db
        .run(move |conn| {
            Ok((
                db::appeals::decided_between(conn, from, to)?,
                db::moderation::sanctions_by_rule(conn, from, to)?,
                db::moderation::category_hits(conn, from, to)?,
                db::moderation::term_hits(conn, from, to, TOP_TERMS)?,
                db::moderation::appealed_terms(conn, from, to)?,
                db::moderation::decided_flags(conn, from, to)?,
            ))
        })
        .await?;
    let [precision_by_category, precision_by_term, precision_by_rule] = precision(&flags);
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
        precision_by_category,
        precision_by_term,
        precision_by_rule,
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
    fn precision_is_acted_over_decided_per_category_term_and_rule() {
        let flag = |action: &str, rules: &str, matches: &str| {
            (action.to_owned(), rules.to_owned(), matches.to_owned())
        };
        let swear =
            r#"[{"category":"profanity","term":"씨발","severity":"medium","start":0,"end":6}]"#;
        let score = r#"[{"category":"abuse_score","term":"score 0.91","severity":"medium","start":0,"end":9}]"#;
        let flags = [
            flag("dismiss", r#"["category:profanity:medium"]"#, swear),
            flag(
                "warn",
                r#"["category:profanity:medium","frequency:profanity_repeat:3"]"#,
                swear,
            ),
            flag("hide", r#"["category:profanity:medium"]"#, swear),
            flag("dismiss", r#"["abuse_score:0.91"]"#, score),
            flag("dismiss", r#"["abuse_score:0.62"]"#, score),
        ];
        let [categories, terms, rules] = precision(&flags);
        let find = |list: &[FlagPrecision], key: &str| {
            let p = list.iter().find(|p| p.key == key).unwrap().clone();
            (p.decided, p.dismissed, p.acted, p.precision)
        };
        assert_eq!(find(&categories, "profanity"), (3, 1, 2, Some(2.0 / 3.0)));
        assert_eq!(find(&terms, "씨발"), (3, 1, 2, Some(2.0 / 3.0)));
        assert_eq!(find(&terms, "abuse_score"), (2, 2, 0, Some(0.0)));
        assert_eq!(find(&rules, "abuse_score"), (2, 2, 0, Some(0.0)));
        assert_eq!(
            find(&rules, "frequency:profanity_repeat"),
            (1, 0, 1, Some(1.0))
        );
        // Least precise first.
        assert_eq!(categories[0].key, "abuse_score");
    }

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
