//! Background jobs kept in the database. A job is claimed with a lease that its worker renews
//! while it runs; if the worker dies, the lease runs out and another worker claims the job again.
//! After `max_attempts` failed runs the job's handler is told, so the work it stood for goes to a
//! person instead of being lost. Handlers must be idempotent: a run can repeat after a crash.

pub mod outbox;
mod runner;

pub use runner::{Handler, Runner, RunnerOptions};

use std::time::Duration;

use chrono::{NaiveDateTime, Utc};

use crate::db::{self, jobs::JobRow, types::Id, DbConnection};
use crate::error::AppError;

/// A job as a worker holds it.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: Id,
    pub kind: String,
    pub payload: String,
    /// Counting this run.
    pub attempts: i32,
    pub max_attempts: i32,
    pub owner: String,
}

/// What became of a failed run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Queued again, to run no earlier than this.
    Retrying(NaiveDateTime),
    /// No attempts left: the job is `failed` for good.
    Exhausted,
    /// The lease had already passed to another worker; nothing was recorded.
    LeaseLost,
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

fn after(duration: Duration) -> NaiveDateTime {
    now() + chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX)
}

/// Adds a job; call it inside the transaction that creates the work it stands for.
pub fn enqueue(
    conn: &mut DbConnection,
    kind: &str,
    payload: &str,
    max_attempts: i32,
) -> Result<Id, AppError> {
    let now = now();
    let row = JobRow {
        id: Id::new(),
        kind: kind.to_owned(),
        payload: payload.to_owned(),
        status: "queued".to_owned(),
        attempts: 0,
        max_attempts: max_attempts.max(1),
        run_after: now,
        lease_owner: None,
        lease_expires_at: None,
        last_error: None,
        created_at: now,
        updated_at: now,
    };
    db::jobs::insert(conn, &row)?;
    Ok(row.id)
}

/// Leases the next runnable job of `kind` to `owner` for `lease`.
pub fn claim(
    conn: &mut DbConnection,
    kind: &str,
    owner: &str,
    lease: Duration,
) -> Result<Option<ClaimedJob>, AppError> {
    let row = db::jobs::claim(conn, kind, owner, now(), after(lease))?;
    Ok(row.map(|r| ClaimedJob {
        id: r.id,
        kind: r.kind,
        payload: r.payload,
        attempts: r.attempts,
        max_attempts: r.max_attempts,
        owner: owner.to_owned(),
    }))
}

/// Renews the lease; false when the job is no longer this worker's.
pub fn renew(conn: &mut DbConnection, job: &ClaimedJob, lease: Duration) -> Result<bool, AppError> {
    db::jobs::extend_lease(conn, &job.id, &job.owner, after(lease), now())
}

/// Marks the job done; false when the lease had passed to another worker.
pub fn complete(conn: &mut DbConnection, job: &ClaimedJob) -> Result<bool, AppError> {
    let now = now();
    db::jobs::finish(conn, &job.id, &job.owner, "done", now, None, now)
}

/// Records a failed run: queued again with exponential backoff, or failed for good.
pub fn fail(
    conn: &mut DbConnection,
    job: &ClaimedJob,
    error: &str,
    base_backoff: Duration,
) -> Result<Failure, AppError> {
    let now = now();
    let (status, run_after, outcome) = if job.attempts >= job.max_attempts {
        ("failed", now, Failure::Exhausted)
    } else {
        let factor = 1u32 << (job.attempts - 1).clamp(0, 10);
        let at = after(
            base_backoff
                .saturating_mul(factor)
                .min(Duration::from_secs(600)),
        );
        ("queued", at, Failure::Retrying(at))
    };
    let error: String = error.chars().take(2000).collect();
    if db::jobs::finish(
        conn,
        &job.id,
        &job.owner,
        status,
        run_after,
        Some(&error),
        now,
    )? {
        Ok(outcome)
    } else {
        Ok(Failure::LeaseLost)
    }
}

pub fn find(conn: &mut DbConnection, id: &Id) -> Result<Option<JobRow>, AppError> {
    db::jobs::find(conn, id)
}
