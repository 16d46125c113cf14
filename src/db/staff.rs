//! Staff accounts and their console sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{staff_accounts, staff_sessions};
use super::types::Id;
use super::DbConnection;
use crate::auth::Role;
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff_accounts)]
pub struct StaffRow {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub disabled_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff_sessions)]
pub struct SessionRow {
    pub id: Id,
    pub token_hash: String,
    pub staff_id: Id,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &StaffRow) -> Result<(), AppError> {
    diesel::insert_into(staff_accounts::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find_by_username(
    conn: &mut DbConnection,
    username: &str,
) -> Result<Option<StaffRow>, AppError> {
    Ok(staff_accounts::table
        .filter(staff_accounts::username.eq(username))
        .select(StaffRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<StaffRow>, AppError> {
    Ok(staff_accounts::table
        .select(StaffRow::as_select())
        .order(staff_accounts::username.asc())
        .load(conn)?)
}

/// Counts a failed login and, at `lock_after` failures in a row, locks the account until `lock_until`.
pub fn record_failure(
    conn: &mut DbConnection,
    id: &Id,
    lock_after: i32,
    lock_until: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(staff_accounts::table.find(id))
        .set(staff_accounts::failed_logins.eq(staff_accounts::failed_logins + 1))
        .execute(conn)?;
    diesel::update(
        staff_accounts::table
            .find(id)
            .filter(staff_accounts::failed_logins.ge(lock_after)),
    )
    .set((
        staff_accounts::locked_until.eq(Some(lock_until)),
        staff_accounts::failed_logins.eq(0),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn clear_failures(conn: &mut DbConnection, id: &Id) -> Result<(), AppError> {
    diesel::update(staff_accounts::table.find(id))
        .set((
            staff_accounts::failed_logins.eq(0),
            staff_accounts::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_password(
    conn: &mut DbConnection,
    id: &Id,
    password_hash: &str,
) -> Result<bool, AppError> {
    let changed = diesel::update(staff_accounts::table.find(id))
        .set((
            staff_accounts::password_hash.eq(password_hash),
            staff_accounts::failed_logins.eq(0),
            staff_accounts::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn disable(conn: &mut DbConnection, id: &Id, at: NaiveDateTime) -> Result<bool, AppError> {
    let changed = diesel::update(
        staff_accounts::table
            .find(id)
            .filter(staff_accounts::disabled_at.is_null()),
    )
    .set(staff_accounts::disabled_at.eq(Some(at)))
    .execute(conn)?;
    Ok(changed == 1)
}

pub fn insert_session(conn: &mut DbConnection, row: &SessionRow) -> Result<(), AppError> {
    diesel::insert_into(staff_sessions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The live session with this token hash and its account, unless it ended, expired or the
/// account was disabled.
pub fn find_live_session(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<(SessionRow, StaffRow)>, AppError> {
    Ok(staff_sessions::table
        .inner_join(staff_accounts::table)
        .filter(staff_sessions::token_hash.eq(token_hash))
        .filter(staff_sessions::ended_at.is_null())
        .filter(staff_sessions::expires_at.gt(now))
        .filter(staff_accounts::disabled_at.is_null())
        .select((SessionRow::as_select(), StaffRow::as_select()))
        .first(conn)
        .optional()?)
}

pub fn end_session(conn: &mut DbConnection, id: &Id, at: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(
        staff_sessions::table
            .find(id)
            .filter(staff_sessions::ended_at.is_null()),
    )
    .set(staff_sessions::ended_at.eq(Some(at)))
    .execute(conn)?;
    Ok(())
}

pub fn end_sessions_of(
    conn: &mut DbConnection,
    staff_id: &Id,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(
        staff_sessions::table
            .filter(staff_sessions::staff_id.eq(staff_id))
            .filter(staff_sessions::ended_at.is_null()),
    )
    .set(staff_sessions::ended_at.eq(Some(at)))
    .execute(conn)?;
    Ok(())
}

/// Every account's id and display name, disabled ones too (they still sign old decisions).
pub fn display_names(conn: &mut DbConnection) -> Result<Vec<(Id, String)>, AppError> {
    Ok(staff_accounts::table
        .select((staff_accounts::id, staff_accounts::display_name))
        .load(conn)?)
}
