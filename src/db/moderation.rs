//! Scans, the violations that count towards frequency rules, sanctions and moderation items.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{moderation_items, sanctions, scans, violations};
use super::types::Id;
use super::DbConnection;
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = scans)]
pub struct ScanRow {
    pub id: Id,
    pub surface: String,
    pub user_id: String,
    pub content_id: String,
    pub content: String,
    pub action: String,
    /// JSON array of matches.
    pub matches: String,
    /// JSON array of rule ids.
    pub rules: String,
    pub policy_version: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = violations)]
pub struct ViolationRow {
    pub id: Id,
    pub user_id: String,
    pub category: String,
    pub scan_id: Option<Id>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sanctions)]
pub struct SanctionRow {
    pub id: Id,
    pub user_id: String,
    pub kind: String,
    pub category: Option<String>,
    pub rule: String,
    pub scan_id: Option<Id>,
    pub policy_version: Option<i64>,
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    pub appealable: bool,
    pub lifted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = moderation_items)]
pub struct ModerationItemRow {
    pub id: Id,
    pub status: String,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<NaiveDateTime>,
    pub claim_expires_at: Option<NaiveDateTime>,
    pub risk_score: i32,
    pub created_at: NaiveDateTime,
    pub surface: String,
    pub content_id: String,
    pub user_id: String,
    pub source: String,
    pub scan_id: Option<Id>,
    pub matches: String,
    pub policy_version: Option<i64>,
}

pub fn insert_scans(conn: &mut DbConnection, rows: &[ScanRow]) -> Result<(), AppError> {
    // Multi-row inserts are backend-specific in diesel; one statement per chunk keeps each under
    // SQLite's bound-parameter limit.
    for chunk in rows.chunks(500) {
        let query = diesel::insert_into(scans::table).values(chunk);
        match conn {
            DbConnection::Postgresql(pg) => query.execute(pg)?,
            DbConnection::Sqlite(sqlite) => query.execute(sqlite)?,
        };
    }
    Ok(())
}

pub fn find_scan(conn: &mut DbConnection, id: &Id) -> Result<Option<ScanRow>, AppError> {
    Ok(scans::table.find(id).select(ScanRow::as_select()).first(conn).optional()?)
}

/// Stored scans from `since` on, oldest first, for replaying under another policy.
pub fn scans_since(conn: &mut DbConnection, since: NaiveDateTime, limit: i64) -> Result<Vec<ScanRow>, AppError> {
    Ok(scans::table
        .filter(scans::created_at.ge(since))
        .order(scans::created_at)
        .limit(limit)
        .select(ScanRow::as_select())
        .load(conn)?)
}

/// Serialises concurrent verdicts for one user on PostgreSQL so frequency counts cannot skip a
/// step; SQLite's write transactions already run one at a time.
pub fn lock_user(conn: &mut DbConnection, user_id: &str) -> Result<(), AppError> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind::<diesel::sql_types::Text, _>(user_id)
            .execute(pg)?;
    }
    Ok(())
}

pub fn insert_violation(conn: &mut DbConnection, row: &ViolationRow) -> Result<(), AppError> {
    diesel::insert_into(violations::table).values(row).execute(conn)?;
    Ok(())
}

pub fn count_violations(
    conn: &mut DbConnection,
    user_id: &str,
    category: &str,
    since: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(violations::table
        .filter(violations::user_id.eq(user_id))
        .filter(violations::category.eq(category))
        .filter(violations::created_at.ge(since))
        .count()
        .get_result(conn)?)
}

pub fn insert_sanction(conn: &mut DbConnection, row: &SanctionRow) -> Result<(), AppError> {
    diesel::insert_into(sanctions::table).values(row).execute(conn)?;
    Ok(())
}

pub fn sanctions_of(conn: &mut DbConnection, user_id: &str) -> Result<Vec<SanctionRow>, AppError> {
    Ok(sanctions::table
        .filter(sanctions::user_id.eq(user_id))
        .order(sanctions::starts_at.desc())
        .select(SanctionRow::as_select())
        .load(conn)?)
}

/// Queues content for a person unless it is queued already (one item per piece of content).
/// Returns whether a new item was created.
pub fn queue_item(conn: &mut DbConnection, row: &ModerationItemRow) -> Result<bool, AppError> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        moderation_items::table
            .filter(moderation_items::surface.eq(&row.surface))
            .filter(moderation_items::content_id.eq(&row.content_id)),
    ))
    .get_result(conn)?;
    if exists {
        return Ok(false);
    }
    // A savepoint: on PostgreSQL a racing insert's unique violation must not abort the caller's
    // transaction.
    let inserted = conn.transaction(|conn| diesel::insert_into(moderation_items::table).values(row).execute(conn));
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub fn items_for_user(conn: &mut DbConnection, user_id: &str) -> Result<Vec<ModerationItemRow>, AppError> {
    Ok(moderation_items::table
        .filter(moderation_items::user_id.eq(user_id))
        .order(moderation_items::created_at.desc())
        .select(ModerationItemRow::as_select())
        .load(conn)?)
}
