//! From hits to a verdict: intent raises or lowers each hit's severity, the policy's actions turn
//! severities into an action, and zero tolerance asks for an immediate sanction. Frequency rules
//! need the user's history, so the moderation layer applies them with [`FrequencyRule::step_for`].

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::file::{FrequencyRule, SanctionSpec, Step};
use super::model::{Action, SanctionKind, Severity};
use super::scanner::Scanner;
use super::score::SCORE_CATEGORY;

/// One match as verdicts report it; `start`/`end` are byte offsets into the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Match {
    pub category: String,
    pub severity: Severity,
    pub term: String,
    pub start: usize,
    pub end: usize,
}

/// What the policy says about one text, before the user's history is considered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub action: Action,
    pub matches: Vec<Match>,
    /// Why, as rule ids: `category:<id>:<severity>`, `intent_raise:<id>`, `intent_lower:<id>`,
    /// `zero_tolerance:<id>` (and, added later, `frequency:<rule>:<count>`).
    pub rules: Vec<String>,
    pub policy_version: i64,
    /// The zero-tolerance sanction due now, and the category that called for it.
    pub zero_tolerance: Option<(String, SanctionSpec)>,
    /// Categories this text counts against its author in frequency rules.
    pub violations: Vec<String>,
}

/// A zero-tolerance term in a category without its own sanction: suspended until lifted.
const DEFAULT_ZERO_TOLERANCE: SanctionSpec = SanctionSpec {
    kind: SanctionKind::Suspend,
    duration: None,
    appealable: false,
};

const QUOTES: [(char, char); 4] = [('"', '"'), ('“', '”'), ('「', '」'), ('『', '』')];

/// Characters between two spans (0 when they overlap).
fn distance(text: &str, a: (usize, usize), b: (usize, usize)) -> usize {
    if a.1 <= b.0 {
        text[a.1..b.0].chars().count()
    } else if b.1 <= a.0 {
        text[b.1..a.0].chars().count()
    } else {
        0
    }
}

/// Whether the span sits inside quotation marks: the user is quoting someone.
fn quoted(text: &str, start: usize, end: usize) -> bool {
    let (before, after) = (&text[..start], &text[end..]);
    QUOTES.iter().any(|&(open, close)| {
        if open == close {
            before.matches(open).count() % 2 == 1 && after.contains(close)
        } else {
            before
                .rfind(open)
                .is_some_and(|o| !before[o..].contains(close))
                && after.contains(close)
        }
    })
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

pub fn assess(scanner: &Scanner, text: &str) -> Assessment {
    let policy = &scanner.policy;
    let scan = scanner.scan(text);
    let mut action = Action::Allow;
    let mut matches = Vec::with_capacity(scan.hits.len());
    let mut rules = Vec::new();
    let mut zero_tolerance = None;
    let mut violations = Vec::new();
    for hit in &scan.hits {
        let category = &policy.categories[hit.category];
        let in_scope =
            policy.intent.categories.is_empty() || policy.intent.categories.contains(&category.id);
        let span = (hit.start, hit.end);
        // A marker that is the hit itself says nothing about intent.
        let near = |markers: &[(usize, usize)]| {
            markers.iter().any(|&m| {
                (m.1 <= hit.start || m.0 >= hit.end)
                    && distance(text, m, span) <= policy.intent.window
            })
        };
        let raised = in_scope && near(&scan.raise);
        let lowered = in_scope && (near(&scan.lower) || quoted(text, hit.start, hit.end));
        let base = scanner.severity(hit);
        let severity = match (raised, lowered) {
            (true, false) => base.raised(),
            (false, true) => base.lowered(),
            _ => base,
        };
        if raised && !lowered {
            push_unique(&mut rules, format!("intent_raise:{}", category.id));
        }
        if lowered {
            push_unique(&mut rules, format!("intent_lower:{}", category.id));
        }
        let hit_action = policy.action_for(severity);
        action = action.max(hit_action);
        push_unique(&mut rules, format!("category:{}:{}", category.id, severity));
        // Quoting or reporting goes to a person instead of an automatic sanction.
        if scanner.zero_tolerance(hit) && !lowered && zero_tolerance.is_none() {
            zero_tolerance = Some((
                category.id.clone(),
                category.sanction.unwrap_or(DEFAULT_ZERO_TOLERANCE),
            ));
            push_unique(&mut rules, format!("zero_tolerance:{}", category.id));
        }
        if !lowered && hit_action != Action::Allow {
            push_unique(&mut violations, category.id.clone());
        }
        matches.push(Match {
            category: category.id.clone(),
            severity,
            term: scanner.label(hit),
            start: hit.start,
            end: hit.end,
        });
    }
    // The learned score asks a person to look; alone it never blocks or sanctions.
    if let (Some(score), Some(spec)) = (scan.score, &policy.score) {
        if score >= spec.threshold {
            action = action.max(Action::Flag);
            push_unique(&mut rules, format!("{SCORE_CATEGORY}:{score:.2}"));
            matches.push(Match {
                category: SCORE_CATEGORY.to_owned(),
                severity: Severity::Medium,
                term: format!("score {score:.2}"),
                start: 0,
                end: text.len(),
            });
        }
    }
    if zero_tolerance.is_some() {
        action = Action::Sanction;
    }
    Assessment {
        action,
        matches,
        rules,
        policy_version: policy.version.get(),
        zero_tolerance,
        violations,
    }
}

impl FrequencyRule {
    /// The step a user reaches with `count` hits in the window (this one included): each step
    /// fires when its count is reached, and past the last step every hit repeats it.
    pub fn step_for(&self, count: u32) -> Option<&Step> {
        let last = self.steps.last()?;
        if count > last.count {
            return Some(last);
        }
        self.steps.iter().find(|s| s.count == count)
    }
}

impl SanctionSpec {
    /// Orders sanctions by how much they take away: kind first, then length (none = until lifted).
    pub fn weight(&self) -> (SanctionKind, i64) {
        (self.kind, self.duration.map_or(i64::MAX, |d| d.seconds()))
    }
}

/// A user's past violations, as frequency rules see them: the database in the service, memory in
/// backtests and `checkpoint scan`.
pub trait History {
    type Error;
    /// Records one violation of `category` by `user` at `at`.
    fn record(&mut self, user: &str, category: &str, at: NaiveDateTime) -> Result<(), Self::Error>;
    /// Violations of `category` by `user` since `since` (the one just recorded included).
    fn count(
        &mut self,
        user: &str,
        category: &str,
        since: NaiveDateTime,
    ) -> Result<u32, Self::Error>;
}

/// A sanction the verdict imposes, and the rule that called for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imposed {
    pub spec: SanctionSpec,
    pub category: String,
    /// `zero_tolerance:<category>` or `frequency:<rule>:<count>`.
    pub rule: String,
}

/// The full verdict on one text by one user: the assessment plus the user's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub assessment: Assessment,
    pub sanction: Option<Imposed>,
}

/// Assesses the text, records its violations in the user's history and applies the frequency
/// rules; of several sanctions due, the heaviest is imposed.
pub fn decide<H: History>(
    scanner: &Scanner,
    text: &str,
    user: &str,
    at: NaiveDateTime,
    history: &mut H,
) -> Result<Decision, H::Error> {
    apply_history(scanner, assess(scanner, text), user, at, history)
}

/// The second half of [`decide`], for callers that assessed the text already.
pub fn apply_history<H: History>(
    scanner: &Scanner,
    mut assessment: Assessment,
    user: &str,
    at: NaiveDateTime,
    history: &mut H,
) -> Result<Decision, H::Error> {
    let mut due: Vec<Imposed> = Vec::new();
    if let Some((category, spec)) = &assessment.zero_tolerance {
        due.push(Imposed {
            spec: *spec,
            category: category.clone(),
            rule: format!("zero_tolerance:{category}"),
        });
    }
    for category in &assessment.violations {
        history.record(user, category, at)?;
        for rule in scanner
            .policy
            .frequency
            .iter()
            .filter(|r| &r.category == category)
        {
            let count = history.count(user, category, at - rule.window.duration())?;
            if let Some(step) = rule.step_for(count) {
                let id = format!("frequency:{}:{count}", rule.id);
                push_unique(&mut assessment.rules, id.clone());
                due.push(Imposed {
                    spec: step.sanction,
                    category: category.clone(),
                    rule: id,
                });
            }
        }
    }
    let sanction = due.into_iter().max_by_key(|s| s.spec.weight());
    if sanction.is_some() {
        assessment.action = Action::Sanction;
    }
    Ok(Decision {
        assessment,
        sanction,
    })
}

/// History kept in memory, for replays.
#[derive(Debug, Default)]
pub struct MemoryHistory {
    hits: HashMap<(String, String), Vec<NaiveDateTime>>,
}

impl History for MemoryHistory {
    type Error = std::convert::Infallible;

    fn record(&mut self, user: &str, category: &str, at: NaiveDateTime) -> Result<(), Self::Error> {
        self.hits
            .entry((user.to_owned(), category.to_owned()))
            .or_default()
            .push(at);
        Ok(())
    }

    fn count(
        &mut self,
        user: &str,
        category: &str,
        since: NaiveDateTime,
    ) -> Result<u32, Self::Error> {
        let hits = self.hits.get(&(user.to_owned(), category.to_owned()));
        Ok(hits.map_or(0, |h| h.iter().filter(|t| **t >= since).count() as u32))
    }
}
