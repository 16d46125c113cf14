//! What the lease-held queues (verification review, second reviews, moderation, appeals) do
//! alike: claim, renew and release, each in one transaction with its audit entry. Each queue adds
//! its own filters to a claim and loads what goes with the item; the SQL they share is `db::queue`.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::{self, Actor};
use crate::db::appeals::AppealRow;
use crate::db::decisions::SecondReviewRow;
use crate::db::moderation::ModerationItemRow;
use crate::db::queue::{Backend, Condition};
use crate::db::verifications::VerificationRow;
use crate::db::{self, queue, types::Id, Db, DbConnection};
use crate::error::AppError;

/// Who holds the item in review, and until when.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimInfo {
    pub by: String,
    pub at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

pub struct LeasedQueue {
    pub table: &'static str,
    /// What errors call an item: "verification", "moderation item".
    pub noun: &'static str,
    /// The audit log's subject type for an item.
    pub subject_type: &'static str,
    /// The audit log's actions are `<prefix>.claimed`, `<prefix>.released`…
    pub audit_prefix: &'static str,
}

/// The four lease-held queues.
fn queues() -> [&'static LeasedQueue; 4] {
    [
        &crate::verification::review::QUEUE,
        &crate::verification::second_review::QUEUE,
        &crate::moderation::queue::QUEUE,
        &crate::moderation::appeals::QUEUE,
    ]
}

/// Hands back everything `actor` holds in any queue, each with its audit entry: they signed out,
/// so there is no page to come back to.
pub fn release_all(
    conn: &mut DbConnection,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    db::write_transaction(conn, |conn| {
        let mut released = 0;
        for queue in queues() {
            for id in queue::held_ids(conn, queue.table, &actor.id)? {
                queue.release_in(
                    conn,
                    actor,
                    &id,
                    now,
                    serde_json::json!({ "signed_out": true }),
                )?;
                released += 1;
            }
        }
        Ok(released)
    })
}

/// When a lease taken at `now` runs out.
pub fn lease_until(lease: Duration, now: NaiveDateTime) -> NaiveDateTime {
    now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(10))
}

/// A row of a lease-held queue table.
pub trait QueueRow: diesel::QueryableByName<Backend> + 'static {
    fn id(&self) -> &Id;
}

macro_rules! queue_rows {
    ($($row:ty),*) => {
        $(impl QueueRow for $row {
            fn id(&self) -> &Id {
                &self.id
            }
        })*
    };
}
queue_rows!(
    VerificationRow,
    SecondReviewRow,
    ModerationItemRow,
    AppealRow
);

impl LeasedQueue {
    /// Leases the next waiting item matching `conditions` to the actor and records the claim, in
    /// one transaction; `None` when none waits. The caller loads what goes with the item.
    pub fn claim_next<R: QueueRow>(
        &self,
        conn: &mut DbConnection,
        conditions: &[Condition<'_>],
        actor: &Actor,
        now: NaiveDateTime,
        until: NaiveDateTime,
    ) -> Result<Option<R>, AppError> {
        db::write_transaction(conn, |conn| {
            let row = queue::claim_next::<R>(conn, self.table, conditions, &actor.id, now, until)?;
            if let Some(row) = &row {
                let action = format!("{}.claimed", self.audit_prefix);
                audit::record(
                    conn,
                    actor,
                    &action,
                    self.subject_type,
                    row.id().as_str(),
                    serde_json::json!({ "until": until }),
                )?;
            }
            Ok(row)
        })
    }

    /// Extends the caller's claim by a full lease; fails with why when they no longer hold it.
    pub async fn renew(
        &'static self,
        db: &Db,
        actor: &Actor,
        id: Id,
        lease: Duration,
    ) -> Result<ClaimInfo, AppError> {
        let (actor, now) = (actor.clone(), Utc::now().naive_utc());
        let until = lease_until(lease, now);
        db.run(move |conn| {
            db::write_transaction(conn, |conn| {
                let claimed_at = queue::renew_held(
                    conn,
                    self.table,
                    self.noun,
                    id.as_str(),
                    &actor.id,
                    now,
                    until,
                )?;
                Ok(ClaimInfo {
                    by: actor.id.clone(),
                    at: claimed_at.map(|t| t.and_utc()),
                    expires_at: Some(until.and_utc()),
                })
            })
        })
        .await
    }

    /// The caller's page of the item closed: the lease runs out `grace` from now, so the item goes
    /// back to the queue unless a page of it renews the lease first (the same page reloaded, or
    /// another tab on it).
    pub async fn leave(
        &'static self,
        db: &Db,
        actor: &Actor,
        id: Id,
        grace: Duration,
    ) -> Result<(), AppError> {
        let (actor, now) = (actor.clone(), Utc::now().naive_utc());
        let until = lease_until(grace, now);
        db.run(move |conn| {
            db::write_transaction(conn, |conn| {
                queue::renew_held(
                    conn,
                    self.table,
                    self.noun,
                    id.as_str(),
                    &actor.id,
                    now,
                    until,
                )?;
                let action = format!("{}.left", self.audit_prefix);
                audit::record(
                    conn,
                    &actor,
                    &action,
                    self.subject_type,
                    id.as_str(),
                    serde_json::json!({ "until": until }),
                )
            })
        })
        .await
    }

    /// Hands the caller's item back to the queue undecided.
    pub async fn release(&'static self, db: &Db, actor: &Actor, id: Id) -> Result<(), AppError> {
        let (actor, now) = (actor.clone(), Utc::now().naive_utc());
        db.run(move |conn| {
            db::write_transaction(conn, |conn| {
                self.release_in(conn, &actor, &id, now, serde_json::json!({}))
            })
        })
        .await
    }

    /// Hands the item back and records it, inside the caller's transaction.
    fn release_in(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        id: &Id,
        now: NaiveDateTime,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        queue::release_held(conn, self.table, self.noun, id.as_str(), &actor.id, now)?;
        let action = format!("{}.released", self.audit_prefix);
        audit::record(conn, actor, &action, self.subject_type, id.as_str(), detail)
    }

    /// The item the actor already holds, if any: a page resumes it rather than claiming another,
    /// so one person holds one item of a queue at a time.
    pub async fn held(&'static self, db: &Db, actor: &Actor) -> Result<Option<Id>, AppError> {
        let (owner, now) = (actor.id.clone(), Utc::now().naive_utc());
        db.run(move |conn| queue::held_by(conn, self.table, &owner, now))
            .await
    }

    /// How many items wait and how many are held.
    pub async fn backlog(&'static self, db: &Db) -> Result<(i64, i64), AppError> {
        db.run(move |conn| queue::backlog(conn, self.table)).await
    }
}
