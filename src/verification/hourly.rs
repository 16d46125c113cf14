//! The queues' figures hour by hour. A month or a year of figures read from the arrivals and
//! decisions themselves means reading every one of them (a year: hundreds of thousands of rows);
//! a closed hour's figures change only when a decision in it is withdrawn, so they are kept
//! (`db::figures::store_hours`) the first time they are read, and made again from the rows only
//! for what is not kept: the open hours, a window's partial first hour, hours whose decision
//! moved (`db::decisions::mark_decided` forgets them), and every hour of a time zone whose hours
//! are not UTC's (+05:30).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::stats::Window;
use crate::db::{self, DbConnection};
use crate::error::AppError;

/// A decision is stamped with the time it was taken, a moment before its transaction commits:
/// an hour is kept only once this long has passed since it ended.
const SETTLE_SECONDS: i64 = 300;

/// A queue whose figures are kept per hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    Verification,
    Moderation,
    Appeals,
}

impl Queue {
    pub fn name(self) -> &'static str {
        match self {
            Queue::Verification => "verification",
            Queue::Moderation => "moderation",
            Queue::Appeals => "appeals",
        }
    }
}

/// What one hour of one queue adds to the figures. Waits and handle times are kept one by one,
/// so medians, percentiles and the share within any time target stay exact.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hour {
    #[serde(default)]
    pub received: usize,
    /// Arrival to decision, seconds, of each item decided in the hour (verification: of each item
    /// whose latest decision it holds; moderation: of each action).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waits: Vec<i64>,
    /// Decisions, actions or appeal outcomes by kind.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outcomes: BTreeMap<String, usize>,
    /// Verification decisions by reason.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reasons: BTreeMap<String, usize>,
    /// Claim to decision, seconds, of each verification decision, by reviewer.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub handle: BTreeMap<String, Vec<i64>>,
}

fn at(seconds: i64) -> NaiveDateTime {
    DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .naive_utc()
}

/// The hours of `queue` with anything in them over `[from, to)`, keyed by each hour's first
/// second, the hours being those of a clock `shift` seconds ahead of UTC.
fn read(
    conn: &mut DbConnection,
    queue: Queue,
    from: NaiveDateTime,
    to: NaiveDateTime,
    shift: i64,
) -> Result<BTreeMap<i64, Hour>, AppError> {
    let hour_of = |at: i64| (at + shift).div_euclid(3600) * 3600 - shift;
    let mut hours: BTreeMap<i64, Hour> = BTreeMap::new();
    let table = match queue {
        Queue::Verification => "verifications",
        Queue::Moderation => "moderation_items",
        Queue::Appeals => "appeals",
    };
    for (at, n) in db::figures::arrivals(conn, table, from, to, shift)? {
        hours.entry(hour_of(at)).or_default().received += n as usize;
    }
    let mut decided = |at: i64, wait: i64, outcome: Option<&str>| {
        let hour = hours.entry(hour_of(at)).or_default();
        hour.waits.push(wait);
        if let Some(outcome) = outcome {
            *hour.outcomes.entry(outcome.to_owned()).or_default() += 1;
        }
    };
    match queue {
        Queue::Verification => {
            // Time to decision per item, submitted to its latest decision; outcomes per decision.
            for item in db::figures::decided_items(conn, from, to)? {
                decided(item.decided_at, item.decided_at - item.submitted_at, None);
            }
            for d in db::figures::decisions(conn, from, to)? {
                let hour = hours.entry(hour_of(d.decided_at)).or_default();
                *hour.outcomes.entry(d.decision).or_default() += 1;
                if let Some(reason) = d.reason_code {
                    *hour.reasons.entry(reason).or_default() += 1;
                }
                hour.handle
                    .entry(d.reviewer)
                    .or_default()
                    .push(d.decided_at - d.claimed_at);
            }
        }
        Queue::Moderation => {
            for action in db::figures::actions(conn, from, to)? {
                decided(
                    action.acted_at,
                    action.acted_at - action.arrived_at,
                    Some(&action.action),
                );
            }
        }
        Queue::Appeals => {
            for appeal in db::appeals::decided_between(conn, from, to)? {
                if let (Some(at), Some(outcome)) = (appeal.decided_at, appeal.outcome) {
                    let at = at.and_utc().timestamp();
                    decided(
                        at,
                        at - appeal.created_at.and_utc().timestamp(),
                        Some(outcome.as_str()),
                    );
                }
            }
        }
    }
    Ok(hours)
}

/// `queue`'s hours over `window` (those with anything in them), keyed by each hour's first
/// second; the window's partial first hour under the hour it is part of. `now` is seconds since
/// 1970.
pub fn hours(
    conn: &mut DbConnection,
    queue: Queue,
    window: &Window,
    now: i64,
) -> Result<BTreeMap<i64, Hour>, AppError> {
    let shift = i64::from(window.offset.local_minus_utc());
    let (from, to) = (
        window.from.and_utc().timestamp(),
        window.to.and_utc().timestamp(),
    );
    // The whole hours of the window that have closed and settled: kept, or made and kept now.
    let first = from.div_euclid(3600) * 3600 + if from % 3600 == 0 { 0 } else { 3600 };
    let end = to.min(now - SETTLE_SECONDS).div_euclid(3600) * 3600;
    if shift % 3600 != 0 || first >= end {
        return read(conn, queue, window.from, window.to, shift);
    }
    // The partial first hour, if the window starts inside one, and the hours not yet settled.
    let mut hours = if from < first {
        read(conn, queue, window.from, at(first), 0)?
    } else {
        BTreeMap::new()
    };
    hours.append(&mut read(conn, queue, at(end), window.to, 0)?);
    let mut kept = BTreeMap::new();
    for (hour, figures) in db::figures::stored_hours(conn, queue.name(), first, end)? {
        let figures: Hour = serde_json::from_str(&figures).map_err(AppError::internal)?;
        kept.insert(hour, figures);
    }
    // Hours not kept yet, in runs of consecutive hours, each run read at once.
    let mut made = Vec::new();
    let mut hour = first;
    while hour < end {
        if kept.contains_key(&hour) {
            hour += 3600;
            continue;
        }
        let start = hour;
        while hour < end && !kept.contains_key(&hour) {
            hour += 3600;
        }
        let mut fresh = read(conn, queue, at(start), at(hour), 0)?;
        for h in (start..hour).step_by(3600) {
            let figures = fresh.remove(&h).unwrap_or_default();
            made.push((
                h,
                serde_json::to_string(&figures).map_err(AppError::internal)?,
            ));
            kept.insert(h, figures);
        }
    }
    db::figures::store_hours(conn, queue.name(), &made)?;
    hours.extend(
        kept.into_iter()
            .filter(|(_, figures)| *figures != Hour::default()),
    );
    Ok(hours)
}
