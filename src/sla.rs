//! Time targets for the four queues (verification, moderation, appeals, second reviews): how long
//! an item may wait for a decision, and where each queue stands against its target now.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::{queue, types::Id, DbConnection};
use crate::error::AppError;

/// How many of the overdue and nearly overdue items each queue lists, oldest first.
const LISTED: i64 = 20;
const SOON: chrono::Duration = chrono::Duration::hours(1);

#[derive(Debug, Clone, Copy)]
pub struct Targets {
    pub verification: Duration,
    pub moderation: Duration,
    pub appeals: Duration,
    pub second_reviews: Duration,
}

#[derive(Debug, Serialize)]
pub struct OverdueItem {
    pub id: Id,
    pub created_at: DateTime<Utc>,
    /// Past the target already (else it will be within the hour).
    pub breached: bool,
}

#[derive(Debug, Serialize)]
pub struct QueueSla {
    /// `verification`, `moderation`, `appeals`, `second_reviews`.
    pub queue: &'static str,
    pub target_hours: f64,
    /// Undecided items.
    pub open: i64,
    /// Undecided items older than the target.
    pub breached: i64,
    /// Undecided items that pass the target within the next hour.
    pub due_within_hour: i64,
    pub oldest: Vec<OverdueItem>,
}

impl Targets {
    fn queues(&self) -> [(&'static str, &'static str, Duration); 4] {
        [
            ("verification", "verifications", self.verification),
            ("moderation", "moderation_items", self.moderation),
            ("appeals", "appeals", self.appeals),
            ("second_reviews", "second_reviews", self.second_reviews),
        ]
    }

    /// Every queue against its target at `now`.
    pub fn standing(
        &self,
        conn: &mut DbConnection,
        now: DateTime<Utc>,
    ) -> Result<Vec<QueueSla>, AppError> {
        self.queues()
            .into_iter()
            .map(|(queue, table, target)| {
                let target = chrono::Duration::from_std(target).map_err(AppError::internal)?;
                let breach = (now - target).naive_utc();
                let (open, breached, due_within_hour, oldest) =
                    queue::overdue(conn, table, breach, breach + SOON, LISTED)?;
                let oldest = oldest
                    .into_iter()
                    .map(|i| OverdueItem {
                        breached: i.created_at < breach,
                        id: i.id,
                        created_at: i.created_at.and_utc(),
                    })
                    .collect();
                Ok(QueueSla {
                    queue,
                    target_hours: target.num_seconds() as f64 / 3600.0,
                    open,
                    breached,
                    due_within_hour,
                    oldest,
                })
            })
            .collect()
    }
}
