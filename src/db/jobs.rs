use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};

use super::schema::jobs;
use super::types::Id;
use super::{write_transaction, DbConnection};
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: Id,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_after: NaiveDateTime,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &JobRow) -> Result<(), AppError> {
    diesel::insert_into(jobs::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &Id) -> Result<Option<JobRow>, AppError> {
    Ok(jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)
        .optional()?)
}

/// The claim statement: pick the oldest runnable job of the kind (queued and due, or running with
/// an expired lease) and lease it, in one statement. `{lock}` is `FOR UPDATE SKIP LOCKED` on
/// PostgreSQL, so concurrent claimers skip each other's rows instead of queueing on them; SQLite
/// serialises writers, and the IMMEDIATE transaction around it makes the statement atomic there.
const CLAIM_SQL: &str = "UPDATE jobs SET status = 'running', attempts = attempts + 1, \
     lease_owner = {p}1, lease_expires_at = {p}2, updated_at = {p}3 \
     WHERE id = (SELECT id FROM jobs WHERE kind = {p}4 AND \
        ((status = 'queued' AND run_after <= {p}3) OR (status = 'running' AND lease_expires_at < {p}3)) \
        ORDER BY run_after, created_at LIMIT 1 {lock}) \
     RETURNING *";

pub fn claim(
    conn: &mut DbConnection,
    kind: &str,
    owner: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> Result<Option<JobRow>, AppError> {
    let (placeholder, lock) = match conn {
        DbConnection::Postgresql(_) => ("$", "FOR UPDATE SKIP LOCKED"),
        DbConnection::Sqlite(_) => ("?", ""),
    };
    let sql = CLAIM_SQL
        .replace("{p}", placeholder)
        .replace("{lock}", lock);
    write_transaction(conn, |conn| {
        Ok(diesel::sql_query(&sql)
            .bind::<Text, _>(owner)
            .bind::<Timestamp, _>(lease_until)
            .bind::<Timestamp, _>(now)
            .bind::<Text, _>(kind)
            .get_result::<JobRow>(conn)
            .optional()?)
    })
}

/// Moves the lease forward while the owner still holds it; false when the job was taken away.
pub fn extend_lease(
    conn: &mut DbConnection,
    id: &Id,
    owner: &str,
    until: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(held(id, owner))
        .set((jobs::lease_expires_at.eq(until), jobs::updated_at.eq(now)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Ends a run held by `owner`: sets the new status, when it may run again and the error, and
/// releases the lease. False when the lease had already passed to another worker.
pub fn finish(
    conn: &mut DbConnection,
    id: &Id,
    owner: &str,
    status: &str,
    run_after: NaiveDateTime,
    error: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(held(id, owner))
        .set((
            jobs::status.eq(status),
            jobs::run_after.eq(run_after),
            jobs::last_error.eq(error),
            jobs::lease_owner.eq(None::<String>),
            jobs::lease_expires_at.eq(None::<NaiveDateTime>),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

type Held<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<
        diesel::dsl::Find<jobs::table, &'a Id>,
        diesel::dsl::Eq<jobs::status, &'static str>,
    >,
    diesel::dsl::Eq<jobs::lease_owner, &'a str>,
>;

/// The job, if it is running under `owner`'s lease.
fn held<'a>(id: &'a Id, owner: &'a str) -> Held<'a> {
    jobs::table
        .find(id)
        .filter(jobs::status.eq("running"))
        .filter(jobs::lease_owner.eq(owner))
}

/// Counts per status, for metrics and tests.
pub fn count(conn: &mut DbConnection, kind: &str, status: &str) -> Result<i64, AppError> {
    Ok(jobs::table
        .filter(jobs::kind.eq(kind))
        .filter(jobs::status.eq(status))
        .count()
        .get_result(conn)?)
}
