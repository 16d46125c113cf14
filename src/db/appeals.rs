//! Appeals and the files users attach to appeals and takedown requests.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{appeals, attachments};
use super::types::Id;
use super::DbConnection;
use crate::error::AppError;
use crate::moderation::model::{AppealOutcome, CaseType};

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = appeals)]
pub struct AppealRow {
    pub id: Id,
    pub case_type: CaseType,
    pub case_id: String,
    pub user_id: String,
    pub statement: String,
    pub submitted_by: String,
    pub status: String,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<NaiveDateTime>,
    pub claim_expires_at: Option<NaiveDateTime>,
    pub risk_score: i32,
    pub created_at: NaiveDateTime,
    pub original_actor: String,
    pub original_rule: String,
    pub original_category: Option<String>,
    pub outcome: Option<AppealOutcome>,
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
    pub reduced_ends_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = attachments)]
pub struct AttachmentRow {
    pub id: Id,
    /// `appeal` or `report`.
    pub owner_type: String,
    pub owner_id: Id,
    pub position: i32,
    pub file_sha256: String,
    pub file_type: String,
    pub file_size: i64,
    pub created_at: NaiveDateTime,
}

/// Stores an appeal; false when the case already has an open one (the unique index decides, so
/// two racing appeals cannot both be stored).
pub fn insert(conn: &mut DbConnection, row: &AppealRow) -> Result<bool, AppError> {
    // A savepoint: on PostgreSQL the unique violation must not abort the caller's transaction.
    match conn.transaction(|conn| {
        diesel::insert_into(appeals::table)
            .values(row)
            .execute(conn)
    }) {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub fn find(conn: &mut DbConnection, id: &Id) -> Result<Option<AppealRow>, AppError> {
    Ok(appeals::table
        .find(id)
        .select(AppealRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn open_for_case(
    conn: &mut DbConnection,
    case_type: CaseType,
    case_id: &str,
) -> Result<Option<AppealRow>, AppError> {
    Ok(appeals::table
        .filter(appeals::case_type.eq(case_type))
        .filter(appeals::case_id.eq(case_id))
        .filter(appeals::status.ne("done"))
        .select(AppealRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every appeal against one case, oldest first.
pub fn for_case(
    conn: &mut DbConnection,
    case_type: CaseType,
    case_id: &str,
) -> Result<Vec<AppealRow>, AppError> {
    Ok(appeals::table
        .filter(appeals::case_type.eq(case_type))
        .filter(appeals::case_id.eq(case_id))
        .order(appeals::created_at.asc())
        .select(AppealRow::as_select())
        .load(conn)?)
}

pub fn for_user(
    conn: &mut DbConnection,
    user_id: &str,
    limit: i64,
) -> Result<Vec<AppealRow>, AppError> {
    Ok(appeals::table
        .filter(appeals::user_id.eq(user_id))
        .order(appeals::created_at.desc())
        .limit(limit)
        .select(AppealRow::as_select())
        .load(conn)?)
}

/// Appeals decided in `[from, to)`.
pub fn decided_between(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<AppealRow>, AppError> {
    Ok(appeals::table
        .filter(appeals::decided_at.ge(from))
        .filter(appeals::decided_at.lt(to))
        .select(AppealRow::as_select())
        .load(conn)?)
}

pub struct Decided<'a> {
    pub outcome: AppealOutcome,
    pub decided_by: &'a str,
    pub note: &'a str,
    pub reduced_ends_at: Option<NaiveDateTime>,
    pub at: NaiveDateTime,
}

/// Records the senior's outcome and takes the appeal out of the queue.
pub fn decide(conn: &mut DbConnection, id: &Id, decided: &Decided<'_>) -> Result<(), AppError> {
    diesel::update(appeals::table.find(id))
        .set((
            appeals::status.eq("done"),
            appeals::claimed_by.eq(None::<String>),
            appeals::claimed_at.eq(None::<NaiveDateTime>),
            appeals::claim_expires_at.eq(None::<NaiveDateTime>),
            appeals::outcome.eq(decided.outcome),
            appeals::decided_by.eq(decided.decided_by),
            appeals::decision_note.eq(decided.note),
            appeals::reduced_ends_at.eq(decided.reduced_ends_at),
            appeals::decided_at.eq(decided.at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn insert_attachments(conn: &mut DbConnection, rows: &[AttachmentRow]) -> Result<(), AppError> {
    for row in rows {
        diesel::insert_into(attachments::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

pub fn attachments_of(
    conn: &mut DbConnection,
    owner_type: &str,
    owner_id: &Id,
) -> Result<Vec<AttachmentRow>, AppError> {
    Ok(attachments::table
        .filter(attachments::owner_type.eq(owner_type))
        .filter(attachments::owner_id.eq(owner_id))
        .order(attachments::position)
        .select(AttachmentRow::as_select())
        .load(conn)?)
}

/// The attachments of several owners, in order per owner.
pub fn attachments_for(
    conn: &mut DbConnection,
    owner_type: &str,
    owner_ids: &[Id],
) -> Result<Vec<AttachmentRow>, AppError> {
    Ok(attachments::table
        .filter(attachments::owner_type.eq(owner_type))
        .filter(attachments::owner_id.eq_any(owner_ids))
        .order((attachments::owner_id, attachments::position))
        .select(AttachmentRow::as_select())
        .load(conn)?)
}

pub fn attachment(
    conn: &mut DbConnection,
    owner_type: &str,
    owner_id: &Id,
    position: i32,
) -> Result<Option<AttachmentRow>, AppError> {
    Ok(attachments::table
        .filter(attachments::owner_type.eq(owner_type))
        .filter(attachments::owner_id.eq(owner_id))
        .filter(attachments::position.eq(position))
        .select(AttachmentRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn attachment_references_file(conn: &mut DbConnection, sha256: &str) -> Result<bool, AppError> {
    Ok(diesel::select(diesel::dsl::exists(
        attachments::table.filter(attachments::file_sha256.eq(sha256)),
    ))
    .get_result(conn)?)
}
