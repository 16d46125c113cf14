//! The team's figures: volume, backlog, time to decision, handle time per reviewer, outcomes and
//! reasons, and the second reviews' error rates, over a window and grouped by hour, day or
//! weekday in the team's time zone.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::{self, Db};
use crate::error::AppError;

/// The longest window one request may cover.
const MAX_WINDOW_DAYS: i64 = 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Hour,
    Day,
    Weekday,
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
    pub fn parse(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>, group: Option<Group>, offset: Option<&str>) -> Result<Self, AppError> {
        let to = to.unwrap_or_else(Utc::now).naive_utc();
        let from = from.map(|f| f.naive_utc()).unwrap_or(to - Duration::days(7));
        if from >= to || to - from > Duration::days(MAX_WINDOW_DAYS) {
            return Err(AppError::bad_request("invalid_window", format!("`from` must be before `to`, at most {MAX_WINDOW_DAYS} days apart")));
        }
        let offset = match offset {
            None => FixedOffset::east_opt(9 * 3600).expect("a valid offset"),
            Some(text) => format!("2000-01-01T00:00:00{text}")
                .parse::<DateTime<FixedOffset>>()
                .map(|d| *d.offset())
                .map_err(|_| AppError::bad_request("invalid_utc_offset", "`utc_offset` looks like +09:00"))?,
        };
        Ok(Self { from, to, group: group.unwrap_or(Group::Day), offset })
    }

    fn bucket(&self, at: NaiveDateTime) -> String {
        let local = at.and_utc().with_timezone(&self.offset);
        match self.group {
            Group::Hour => format!("{}T{:02}", local.date_naive(), local.hour()),
            Group::Day => local.date_naive().to_string(),
            Group::Weekday => local.weekday().to_string().to_lowercase(),
        }
    }
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Spread {
    pub count: usize,
    pub median_seconds: Option<f64>,
    pub p90_seconds: Option<f64>,
}

impl Spread {
    fn of(mut seconds: Vec<f64>) -> Self {
        seconds.sort_by(f64::total_cmp);
        let at = |q: f64| (!seconds.is_empty()).then(|| seconds[((seconds.len() - 1) as f64 * q).round() as usize]);
        Spread { count: seconds.len(), median_seconds: at(0.5), p90_seconds: at(0.9) }
    }
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Bucket {
    pub bucket: String,
    pub received: usize,
    pub decided: usize,
    pub time_to_decision: Spread,
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
            self.error_ratio = Some((self.wrong_decision + self.wrong_reason + self.wrong_guidance) as f64 / n);
            self.misguidance_ratio = Some(self.wrong_guidance as f64 / n);
        }
        self
    }
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ReviewerFigures {
    pub reviewer: String,
    pub decided: usize,
    /// Claim to decision.
    pub handle_time: Spread,
    pub quality: Quality,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationStats {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub group: Group,
    pub utc_offset: String,
    pub received: usize,
    pub decided: usize,
    /// Items submitted and not yet decided, now.
    pub backlog: i64,
    pub time_to_decision: Spread,
    pub buckets: Vec<Bucket>,
    pub by_outcome: BTreeMap<String, usize>,
    pub by_reason: BTreeMap<String, usize>,
    pub reviewers: Vec<ReviewerFigures>,
    /// Second-review quality of decisions given for each reason (`approve` for approvals).
    pub quality_by_reason: BTreeMap<String, Quality>,
    pub quality: Quality,
}

pub async fn verification(db: &Db, window: Window) -> Result<VerificationStats, AppError> {
    db.run(move |conn| {
        let open = db::verifications::open_during(conn, window.from, window.to)?;
        let decisions = db::decisions::decided_between(conn, window.from, window.to)?;
        let second = db::decisions::second_reviews_between(conn, window.from, window.to)?;
        let backlog = db::verifications::count_by_status(conn)?
            .into_iter()
            .filter(|(s, _)| matches!(s.as_str(), "prechecking" | "pending_review" | "in_review"))
            .map(|(_, n)| n)
            .sum();

        let mut buckets: BTreeMap<String, (Bucket, Vec<f64>)> = BTreeMap::new();
        let received: Vec<NaiveDateTime> = open.iter().map(|(c, _)| *c).filter(|c| *c >= window.from).collect();
        for at in &received {
            buckets.entry(window.bucket(*at)).or_default().0.received += 1;
        }
        let (mut all_waits, mut by_outcome, mut by_reason) = (Vec::new(), BTreeMap::new(), BTreeMap::new());
        let mut reviewers: BTreeMap<String, (usize, Vec<f64>, Quality)> = BTreeMap::new();
        for (decision, submitted) in &decisions {
            let wait = (decision.decided_at - *submitted).num_milliseconds() as f64 / 1000.0;
            let slot = buckets.entry(window.bucket(decision.decided_at)).or_default();
            slot.0.decided += 1;
            slot.1.push(wait);
            all_waits.push(wait);
            *by_outcome.entry(decision.decision.clone()).or_insert(0) += 1;
            if let Some(reason) = &decision.reason_code {
                *by_reason.entry(reason.clone()).or_insert(0) += 1;
            }
            let reviewer = reviewers.entry(decision.reviewer.clone()).or_default();
            reviewer.0 += 1;
            reviewer.1.push((decision.decided_at - decision.claimed_at).num_milliseconds() as f64 / 1000.0);
        }
        let (mut quality, mut quality_by_reason) = (Quality::default(), BTreeMap::<String, Quality>::new());
        for review in &second {
            let error = review.error_type.as_deref();
            quality.add(error);
            quality_by_reason.entry(review.first_reason.clone().unwrap_or_else(|| "approve".to_owned())).or_default().add(error);
            reviewers.entry(review.first_reviewer.clone()).or_default().2.add(error);
        }
        Ok(VerificationStats {
            from: window.from.and_utc(),
            to: window.to.and_utc(),
            group: window.group,
            utc_offset: window.offset.to_string(),
            received: received.len(),
            decided: decisions.len(),
            backlog,
            time_to_decision: Spread::of(all_waits),
            buckets: buckets
                .into_iter()
                .map(|(key, (bucket, waits))| Bucket { bucket: key, time_to_decision: Spread::of(waits), ..bucket })
                .collect(),
            by_outcome,
            by_reason,
            reviewers: reviewers
                .into_iter()
                .map(|(reviewer, (decided, handle, quality))| ReviewerFigures { reviewer, decided, handle_time: Spread::of(handle), quality: quality.finish() })
                .collect(),
            quality_by_reason: quality_by_reason.into_iter().map(|(k, q)| (k, q.finish())).collect(),
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
        items_by_status: db::verifications::count_by_status(conn)?.into_iter().map(|(s, n)| (s.to_string(), n)).collect(),
        decisions: db::decisions::count_by_outcome(conn)?.into_iter().map(|(d, r, n)| (d, r.unwrap_or_default(), n)).collect(),
        second_reviews: second.iter().map(|(_, n)| n).sum(),
        second_review_errors: second.into_iter().filter_map(|(e, n)| Some((e?, n))).collect(),
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
        let w = Window { group: Group::Weekday, ..w };
        assert_eq!(w.bucket(at), "tue");
        assert!(Window::parse(None, None, None, Some("Asia/Seoul")).is_err());
    }

    #[test]
    fn spreads_and_ratios() {
        let s = Spread::of((1..=10).map(f64::from).collect());
        assert_eq!((s.count, s.median_seconds, s.p90_seconds), (10, Some(6.0), Some(9.0)));
        assert!(Spread::of(vec![]).median_seconds.is_none());
        let mut q = Quality::default();
        for e in [None, Some("wrong_guidance"), Some("wrong_decision"), None] {
            q.add(e);
        }
        let q = q.finish();
        assert_eq!((q.error_ratio, q.misguidance_ratio), (Some(0.5), Some(0.25)));
    }
}
