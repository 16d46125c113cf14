//! The team's figures: volume, backlog, time to decision, handle time and output per reviewer,
//! outcomes and reasons, and the second reviews' error rates, over a window and grouped by hour,
//! day, weekday or month in the team's time zone. [`Timeline`] does the same for any queue.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::hourly::{self, Hour, Queue};
use crate::db::{self, Db};
use crate::error::AppError;
use crate::moderation::model::{AppealOutcome, CaseType};

/// The longest window one request may cover.
const MAX_WINDOW_DAYS: i64 = 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Hour,
    Day,
    Weekday,
    Month,
}

#[derive(Debug, Clone)]
pub struct Window {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub group: Group,
    pub offset: FixedOffset,
}

impl Window {
    /// `from`/`to` default to the last 7 days; `offset` like `+09:00` (the default, Korea).
    pub fn parse(
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        group: Option<Group>,
        offset: Option<&str>,
    ) -> Result<Self, AppError> {
        let to = to.unwrap_or_else(Utc::now).naive_utc();
        let from = from
            .map(|f| f.naive_utc())
            .unwrap_or(to - Duration::days(7));
        if from >= to || to - from > Duration::days(MAX_WINDOW_DAYS) {
            return Err(AppError::bad_request(
                "invalid_window",
                format!("`from` must be before `to`, at most {MAX_WINDOW_DAYS} days apart"),
            ));
        }
        let offset = match offset {
            None => FixedOffset::east_opt(9 * 3600).expect("a valid offset"),
            Some(text) => format!("2000-01-01T00:00:00{text}")
                .parse::<DateTime<FixedOffset>>()
                .map(|d| *d.offset())
                .map_err(|_| {
                    AppError::bad_request("invalid_utc_offset", "`utc_offset` looks like +09:00")
                })?,
        };
        Ok(Self {
            from,
            to,
            group: group.unwrap_or(Group::Day),
            offset,
        })
    }

    /// `at` (seconds since 1970) in the team's time zone.
    fn local_seconds(&self, at: i64) -> i64 {
        at + i64::from(self.offset.local_minus_utc())
    }

    /// Which of [`Window::keys`] `at` (seconds since 1970) falls in, worked out without
    /// formatting it (the figures ask this once per decision).
    fn index(&self, at: i64) -> Option<usize> {
        // Whole seconds: a decision in the window's last (part) second still counts.
        let (from, to) = (
            self.from.and_utc().timestamp(),
            self.to.and_utc().timestamp() + 1,
        );
        if at < from || at >= to {
            return None;
        }
        let (start, local) = (self.local_seconds(from), self.local_seconds(at));
        let date =
            |seconds: i64| chrono::DateTime::from_timestamp(seconds, 0).map(|d| d.date_naive());
        let n = match self.group {
            Group::Hour => local.div_euclid(3600) - start.div_euclid(3600),
            Group::Day => local.div_euclid(86400) - start.div_euclid(86400),
            Group::Weekday => i64::from(date(local)?.weekday().num_days_from_monday()),
            Group::Month => {
                let (a, b) = (date(start)?, date(local)?);
                (i64::from(b.year()) * 12 + i64::from(b.month0()))
                    - (i64::from(a.year()) * 12 + i64::from(a.month0()))
            }
        };
        usize::try_from(n).ok()
    }

    fn bucket(&self, at: NaiveDateTime) -> String {
        let local = at.and_utc().with_timezone(&self.offset);
        match self.group {
            Group::Hour => format!("{}T{:02}", local.date_naive(), local.hour()),
            Group::Day => local.date_naive().to_string(),
            Group::Weekday => local.weekday().to_string().to_lowercase(),
            Group::Month => local.format("%Y-%m").to_string(),
        }
    }

    /// Every bucket of the window in order, so that empty hours and days count as zero.
    fn keys(&self) -> Vec<String> {
        if self.group == Group::Weekday {
            return ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .map(str::to_owned)
                .to_vec();
        }
        // Hour by hour reaches every hour, day and month of the window (offsets are whole hours
        // or halves, so no local hour is stepped over); the window's last instant closes it, and
        // a decision in its last second lands there.
        let mut keys: Vec<String> = Vec::new();
        let mut at = self.from;
        let last = self.to - Duration::nanoseconds(1);
        while at <= last {
            let key = self.bucket(at);
            if keys.last() != Some(&key) {
                keys.push(key);
            }
            at += Duration::hours(1);
        }
        let key = self.bucket(last);
        if keys.last() != Some(&key) {
            keys.push(key);
        }
        keys
    }
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Spread {
    pub count: usize,
    pub median_seconds: Option<f64>,
    pub p90_seconds: Option<f64>,
}

impl Spread {
    pub fn of(mut seconds: Vec<f64>) -> Self {
        seconds.sort_by(f64::total_cmp);
        let at = |q: f64| {
            (!seconds.is_empty())
                .then(|| seconds[((seconds.len() - 1) as f64 * q).round() as usize])
        };
        Spread {
            count: seconds.len(),
            median_seconds: at(0.5),
            p90_seconds: at(0.9),
        }
    }
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Bucket {
    pub bucket: String,
    pub received: usize,
    pub decided: usize,
    pub time_to_decision: Spread,
    /// Decisions made within the queue's time target, per decision.
    pub within_target: Option<f64>,
}

/// One queue's figures over a window: what came in, what was decided and how fast.
#[derive(Debug, Serialize, ToSchema)]
pub struct Activity {
    pub received: usize,
    pub decided: usize,
    /// Arrival to decision.
    pub time_to_decision: Spread,
    /// The queue's time target, in hours.
    pub target_hours: f64,
    /// Decisions made within the target, per decision.
    pub within_target: Option<f64>,
    /// Every bucket of the window, empty ones included.
    pub buckets: Vec<Bucket>,
    /// Decisions (or actions, or appeal outcomes) by kind.
    pub by_outcome: BTreeMap<String, usize>,
    /// Decisions of the window's appeals that overturned the decision appealed, per appeal decided.
    pub overturn_rate: Option<f64>,
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[derive(Default)]
struct Slot {
    received: usize,
    waits: Vec<f64>,
}

/// Collects a queue's arrivals and decisions into the window's buckets.
pub struct Timeline {
    window: Window,
    target_seconds: f64,
    keys: Vec<String>,
    slots: Vec<Slot>,
    by_outcome: BTreeMap<String, usize>,
}

impl Timeline {
    pub fn new(window: &Window, target: std::time::Duration) -> Self {
        let keys = window.keys();
        let slots = keys.iter().map(|_| Slot::default()).collect();
        Self {
            window: window.clone(),
            target_seconds: target.as_secs_f64(),
            keys,
            slots,
            by_outcome: BTreeMap::new(),
        }
    }

    /// The bucket `at` (seconds since 1970) falls in, if it falls in the window.
    fn slot_of(&self, at: i64) -> Option<usize> {
        self.window.index(at).filter(|n| *n < self.slots.len())
    }

    /// How many buckets the window has.
    pub fn buckets(&self) -> usize {
        self.keys.len()
    }

    /// One hour's figures (`hour`: its first second, the window's partial first hour included);
    /// the bucket it went into, if it lies in the window.
    pub fn add(&mut self, hour: i64, figures: &Hour) -> Option<usize> {
        let from = self.window.from.and_utc().timestamp();
        let n = self.slot_of(if (hour..hour + 3600).contains(&from) {
            from
        } else {
            hour
        })?;
        let slot = &mut self.slots[n];
        slot.received += figures.received;
        slot.waits.extend(figures.waits.iter().map(|w| *w as f64));
        for (outcome, count) in &figures.outcomes {
            *self.by_outcome.entry(outcome.clone()).or_insert(0) += count;
        }
        Some(n)
    }

    pub fn finish(self, overturn_rate: Option<f64>) -> Activity {
        let target = self.target_seconds;
        let within = |waits: &[f64]| waits.iter().filter(|w| **w <= target).count();
        let all: Vec<f64> = self
            .slots
            .iter()
            .flat_map(|s| s.waits.iter().copied())
            .collect();
        let within_target = share(within(&all), all.len());
        let buckets: Vec<Bucket> = self
            .keys
            .into_iter()
            .zip(self.slots)
            .map(|(bucket, slot)| Bucket {
                bucket,
                received: slot.received,
                decided: slot.waits.len(),
                within_target: share(within(&slot.waits), slot.waits.len()),
                time_to_decision: Spread::of(slot.waits),
            })
            .collect();
        Activity {
            received: buckets.iter().map(|b| b.received).sum(),
            decided: all.len(),
            time_to_decision: Spread::of(all),
            target_hours: target / 3600.0,
            within_target,
            buckets,
            by_outcome: self.by_outcome,
            overturn_rate,
        }
    }
}

/// Overturned appeals per appeal decided.
pub fn overturn_rate<'a>(outcomes: impl IntoIterator<Item = &'a AppealOutcome>) -> Option<f64> {
    let (mut decided, mut overturned) = (0, 0);
    for outcome in outcomes {
        decided += 1;
        overturned += usize::from(*outcome == AppealOutcome::Overturn);
    }
    share(overturned, decided)
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Quality {
    pub second_reviews: usize,
    pub wrong_decision: usize,
    pub wrong_reason: usize,
    pub wrong_guidance: usize,
    /// Second reviews that found any error, per second review.
    pub error_ratio: Option<f64>,
    /// Second reviews that found wrong guidance to the user, per second review.
    pub misguidance_ratio: Option<f64>,
}

impl Quality {
    fn add(&mut self, error_type: Option<&str>) {
        self.second_reviews += 1;
        match error_type {
            Some("wrong_decision") => self.wrong_decision += 1,
            Some("wrong_reason") => self.wrong_reason += 1,
            Some("wrong_guidance") => self.wrong_guidance += 1,
            _ => {}
        }
    }

    fn finish(mut self) -> Self {
        let n = self.second_reviews as f64;
        if self.second_reviews > 0 {
            self.error_ratio =
                Some((self.wrong_decision + self.wrong_reason + self.wrong_guidance) as f64 / n);
            self.misguidance_ratio = Some(self.wrong_guidance as f64 / n);
        }
        self
    }
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ReviewerFigures {
    pub reviewer: String,
    pub decided: usize,
    /// Decisions per bucket of the window.
    pub output: Vec<usize>,
    /// Decisions per hour in which the reviewer decided anything.
    pub per_active_hour: Option<f64>,
    /// Decisions per day on which the reviewer decided anything.
    pub per_active_day: Option<f64>,
    /// Claim to decision.
    pub handle_time: Spread,
    pub quality: Quality,
}

/// One reviewer's decisions while the figures are gathered.
#[derive(Default)]
struct ReviewerTally {
    output: Vec<usize>,
    /// The hours and days (in the team's time zone, counted from 1970) with a decision.
    hours: BTreeSet<i64>,
    days: BTreeSet<i64>,
    handle: Vec<f64>,
    quality: Quality,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationStats {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub group: Group,
    pub utc_offset: String,
    #[serde(flatten)]
    pub activity: Activity,
    /// Items submitted and not yet decided, now.
    pub backlog: i64,
    pub by_reason: BTreeMap<String, usize>,
    pub reviewers: Vec<ReviewerFigures>,
    /// Second-review quality of decisions given for each reason (`approve` for approvals).
    pub quality_by_reason: BTreeMap<String, Quality>,
    pub quality: Quality,
}

/// The verification queue's figures; `target` is its time to decision.
pub async fn verification(
    db: &Db,
    window: Window,
    target: std::time::Duration,
) -> Result<VerificationStats, AppError> {
    db.run(move |conn| {
        let hours = hourly::hours(conn, Queue::Verification, &window, Utc::now().timestamp())?;
        let second = db::decisions::second_reviews_between(conn, window.from, window.to)?;
        let appeals = db::appeals::decided_between(conn, window.from, window.to)?;
        let backlog = db::verifications::count_by_status(conn)?
            .into_iter()
            .filter(|(s, _)| matches!(s.as_str(), "prechecking" | "pending_review" | "in_review"))
            .map(|(_, n)| n)
            .sum();

        let mut timeline = Timeline::new(&window, target);
        let mut by_reason = BTreeMap::new();
        let mut reviewers: BTreeMap<String, ReviewerTally> = BTreeMap::new();
        for (hour, figures) in &hours {
            let slot = timeline.add(*hour, figures);
            for (reason, n) in &figures.reasons {
                *by_reason.entry(reason.clone()).or_insert(0) += n;
            }
            let local = window.local_seconds(*hour);
            for (reviewer, handle) in &figures.handle {
                let tally = match reviewers.get_mut(reviewer) {
                    Some(tally) => tally,
                    None => reviewers.entry(reviewer.clone()).or_default(),
                };
                if tally.output.is_empty() {
                    tally.output = vec![0; timeline.buckets()];
                }
                if let Some(n) = slot {
                    tally.output[n] += handle.len();
                }
                tally.hours.insert(local.div_euclid(3600));
                tally.days.insert(local.div_euclid(86400));
                tally.handle.extend(handle.iter().map(|s| *s as f64));
            }
        }
        let (mut quality, mut quality_by_reason) =
            (Quality::default(), BTreeMap::<String, Quality>::new());
        for review in &second {
            let error = review.error_type.as_deref();
            quality.add(error);
            quality_by_reason
                .entry(
                    review
                        .first_reason
                        .clone()
                        .unwrap_or_else(|| "approve".to_owned()),
                )
                .or_default()
                .add(error);
            reviewers
                .entry(review.first_reviewer.clone())
                .or_default()
                .quality
                .add(error);
        }
        let overturns = overturn_rate(
            appeals
                .iter()
                .filter(|a| a.case_type == CaseType::Verification)
                .filter_map(|a| a.outcome.as_ref()),
        );
        let slots = timeline.buckets();
        Ok(VerificationStats {
            from: window.from.and_utc(),
            to: window.to.and_utc(),
            group: window.group,
            utc_offset: window.offset.to_string(),
            activity: timeline.finish(overturns),
            backlog,
            by_reason,
            reviewers: reviewers
                .into_iter()
                .map(|(reviewer, tally)| {
                    let decided = tally.handle.len();
                    ReviewerFigures {
                        reviewer,
                        decided,
                        output: if tally.output.is_empty() {
                            vec![0; slots]
                        } else {
                            tally.output
                        },
                        per_active_hour: share(decided, tally.hours.len()),
                        per_active_day: share(decided, tally.days.len()),
                        handle_time: Spread::of(tally.handle),
                        quality: tally.quality.finish(),
                    }
                })
                .collect(),
            quality_by_reason: quality_by_reason
                .into_iter()
                .map(|(k, q)| (k, q.finish()))
                .collect(),
            quality: quality.finish(),
        })
    })
    .await
}

/// Totals for Prometheus, read at scrape time.
#[derive(Debug, Default)]
pub struct Totals {
    pub items_by_status: Vec<(String, i64)>,
    /// (decision, reason code or "", count)
    pub decisions: Vec<(String, String, i64)>,
    pub second_reviews: i64,
    pub second_review_errors: Vec<(String, i64)>,
}

pub fn totals(conn: &mut crate::db::DbConnection) -> Result<Totals, AppError> {
    let second = db::decisions::count_second_reviews(conn)?;
    Ok(Totals {
        items_by_status: db::verifications::count_by_status(conn)?
            .into_iter()
            .map(|(s, n)| (s.to_string(), n))
            .collect(),
        decisions: db::decisions::count_by_outcome(conn)?
            .into_iter()
            .map(|(d, r, n)| (d, r.unwrap_or_default(), n))
            .collect(),
        second_reviews: second.iter().map(|(_, n)| n).sum(),
        second_review_errors: second
            .into_iter()
            .filter_map(|(e, n)| Some((e?, n)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_in_the_team_time_zone() {
        let w = Window::parse(None, None, Some(Group::Hour), Some("+09:00")).unwrap();
        let at = NaiveDateTime::parse_from_str("2026-11-23 15:30:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(w.bucket(at), "2026-11-24T00");
        let w = Window {
            group: Group::Weekday,
            ..w
        };
        assert_eq!(w.bucket(at), "tue");
        assert!(Window::parse(None, None, None, Some("Asia/Seoul")).is_err());
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn window(from: &str, to: &str, group: Group) -> Window {
        Window::parse(
            Some(at(from).and_utc()),
            Some(at(to).and_utc()),
            Some(group),
            None,
        )
        .unwrap()
    }

    #[test]
    fn every_bucket_of_the_window_is_there_in_order() {
        // 14:30 UTC is 23:30 KST: the first hour is 23, the last (01:10 UTC) is 10.
        let hours = window("2026-11-23 14:30", "2026-11-24 01:10", Group::Hour).keys();
        assert_eq!(hours.len(), 12);
        assert_eq!(
            (hours[0].as_str(), hours[1].as_str(), hours[11].as_str()),
            ("2026-11-23T23", "2026-11-24T00", "2026-11-24T10")
        );
        let days = window("2026-10-30 00:00", "2026-12-02 00:00", Group::Day).keys();
        assert_eq!(
            (days.len(), days[0].as_str(), days[33].as_str()),
            (34, "2026-10-30", "2026-12-02")
        );
        let months = window("2026-01-15 00:00", "2026-11-30 12:00", Group::Month).keys();
        assert_eq!(
            (months.len(), months[0].as_str(), months[10].as_str()),
            (11, "2026-01", "2026-11")
        );
        let weekdays = window("2026-11-23 00:00", "2026-11-24 00:00", Group::Weekday).keys();
        assert_eq!(weekdays, ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    }

    #[test]
    fn an_instant_finds_its_bucket_without_formatting() {
        for group in [Group::Hour, Group::Day, Group::Weekday, Group::Month] {
            let w = window("2025-12-30 16:20", "2026-03-02 07:45", group);
            let keys = w.keys();
            let mut at = w.from;
            while at < w.to {
                let n = w
                    .index(at.and_utc().timestamp())
                    .unwrap_or_else(|| panic!("{group:?} {at}"));
                assert_eq!(keys[n], w.bucket(at), "{group:?} at {at}");
                at += Duration::minutes(17);
            }
            assert_eq!(w.index(w.to.and_utc().timestamp() + 1), None);
            assert_eq!(w.index(w.from.and_utc().timestamp() - 1), None);
        }
    }

    #[test]
    fn a_timeline_counts_empty_buckets_as_zero_and_decisions_against_the_target() {
        let w = window("2026-11-23 00:00", "2026-11-26 00:00", Group::Day);
        let mut timeline = Timeline::new(&w, std::time::Duration::from_secs(3600));
        let s = |text: &str| at(text).and_utc().timestamp();
        let hour = |received: usize, waits: Vec<i64>, outcomes: &[&str]| Hour {
            received,
            waits,
            outcomes: outcomes.iter().map(|o| (o.to_string(), 1)).collect(),
            ..Hour::default()
        };
        assert_eq!(
            timeline.add(s("2026-11-23 01:00"), &hour(1, vec![], &[])),
            Some(0)
        );
        assert_eq!(
            timeline.add(s("2026-11-22 01:00"), &hour(1, vec![], &[])),
            None,
            "before the window"
        );
        timeline.add(s("2026-11-25 01:00"), &hour(0, vec![1800], &["approve"]));
        timeline.add(s("2026-11-25 02:00"), &hour(0, vec![10800], &["reject"]));
        // The window's partial first hour goes into its first bucket.
        let late = window("2026-11-23 00:30", "2026-11-26 00:00", Group::Day);
        assert_eq!(
            Timeline::new(&late, std::time::Duration::from_secs(3600))
                .add(s("2026-11-23 00:00"), &hour(1, vec![], &[])),
            Some(0)
        );
        let activity = timeline.finish(overturn_rate(&[
            AppealOutcome::Overturn,
            AppealOutcome::Uphold,
            AppealOutcome::Reduce,
        ]));
        let per_day: Vec<(&str, usize, usize)> = activity
            .buckets
            .iter()
            .map(|b| (b.bucket.as_str(), b.received, b.decided))
            .collect();
        assert_eq!(
            per_day,
            [
                ("2026-11-23", 1, 0),
                ("2026-11-24", 0, 0),
                ("2026-11-25", 0, 2),
                ("2026-11-26", 0, 0)
            ]
        );
        assert_eq!(
            (activity.received, activity.decided, activity.within_target),
            (1, 2, Some(0.5))
        );
        assert_eq!(
            (
                activity.buckets[0].within_target,
                activity.buckets[2].within_target
            ),
            (None, Some(0.5))
        );
        assert_eq!(activity.time_to_decision.p90_seconds, Some(10800.0));
        assert_eq!(activity.by_outcome.get("reject"), Some(&1));
        assert_eq!(activity.overturn_rate, Some(1.0 / 3.0));
    }

    #[test]
    fn spreads_and_ratios() {
        let s = Spread::of((1..=10).map(f64::from).collect());
        assert_eq!(
            (s.count, s.median_seconds, s.p90_seconds),
            (10, Some(6.0), Some(9.0))
        );
        assert!(Spread::of(vec![]).median_seconds.is_none());
        let mut q = Quality::default();
        for e in [None, Some("wrong_guidance"), Some("wrong_decision"), None] {
            q.add(e);
        }
        let q = q.finish();
        assert_eq!(
            (q.error_ratio, q.misguidance_ratio),
            (Some(0.5), Some(0.25))
        );
    }
}
