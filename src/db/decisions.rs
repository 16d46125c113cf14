use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{decisions, second_reviews, verifications};
use super::types::Id;
use super::DbConnection;
use crate::error::AppError;
use crate::verification::hourly::Queue;
use crate::verification::model::Status;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = decisions)]
pub struct DecisionRow {
    pub id: Id,
    pub verification_id: Id,
    pub case_id: Id,
    pub reviewer: String,
    pub decision: String,
    pub reason_code: Option<String>,
    pub note: Option<String>,
    /// JSON array of strings.
    pub documents_requested: String,
    pub precheck_snapshot: Option<String>,
    pub risk_score: Option<i32>,
    pub claimed_at: NaiveDateTime,
    pub decided_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = second_reviews)]
pub struct SecondReviewRow {
    pub id: Id,
    pub decision_id: Id,
    pub verification_id: Id,
    pub first_reviewer: String,
    pub first_reason: Option<String>,
    pub status: String,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<NaiveDateTime>,
    pub claim_expires_at: Option<NaiveDateTime>,
    pub decision: Option<String>,
    pub reason_code: Option<String>,
    pub error_type: Option<String>,
    pub note: Option<String>,
    pub risk_score: i32,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
}

/// What the reviewer's decision writes on the item.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = verifications, treat_none_as_null = true)]
pub struct DecidedUpdate {
    pub status: Status,
    pub decided_at: Option<NaiveDateTime>,
    pub valid_until: Option<chrono::NaiveDate>,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<NaiveDateTime>,
    pub claim_expires_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &DecisionRow) -> Result<(), AppError> {
    diesel::insert_into(decisions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Sets the item's decision (or reopens it). Its previous decision counted in the figures of the
/// hour it was made in, which are made again.
pub fn mark_decided(
    conn: &mut DbConnection,
    id: &Id,
    update: &DecidedUpdate,
) -> Result<(), AppError> {
    let before: Option<NaiveDateTime> = verifications::table
        .find(id)
        .select(verifications::decided_at)
        .first(conn)
        .optional()?
        .flatten();
    if let Some(at) = before {
        super::figures::forget_hour(conn, Queue::Verification.name(), at)?;
    }
    diesel::update(verifications::table.find(id))
        .set(update)
        .execute(conn)?;
    Ok(())
}

/// Every decision on the case's items, oldest first.
pub fn for_case(conn: &mut DbConnection, case_id: &Id) -> Result<Vec<DecisionRow>, AppError> {
    Ok(decisions::table
        .filter(decisions::case_id.eq(case_id))
        .order(decisions::decided_at.asc())
        .select(DecisionRow::as_select())
        .load(conn)?)
}

/// The newest decision on one item.
pub fn latest_for(
    conn: &mut DbConnection,
    verification_id: &Id,
) -> Result<Option<DecisionRow>, AppError> {
    Ok(decisions::table
        .filter(decisions::verification_id.eq(verification_id))
        .order(decisions::decided_at.desc())
        .select(DecisionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find(conn: &mut DbConnection, id: &Id) -> Result<Option<DecisionRow>, AppError> {
    Ok(decisions::table
        .find(id)
        .select(DecisionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_second_review(
    conn: &mut DbConnection,
    row: &SecondReviewRow,
) -> Result<(), AppError> {
    diesel::insert_into(second_reviews::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find_second_review(
    conn: &mut DbConnection,
    id: &Id,
) -> Result<Option<SecondReviewRow>, AppError> {
    Ok(second_reviews::table
        .find(id)
        .select(SecondReviewRow::as_select())
        .first(conn)
        .optional()?)
}

/// Records the senior's verdict on a second review they hold.
pub fn complete_second_review(
    conn: &mut DbConnection,
    id: &Id,
    decision: &str,
    reason_code: Option<&str>,
    error_type: Option<&str>,
    note: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(second_reviews::table.find(id))
        .set((
            second_reviews::status.eq("done"),
            second_reviews::decision.eq(decision),
            second_reviews::reason_code.eq(reason_code),
            second_reviews::error_type.eq(error_type),
            second_reviews::note.eq(note),
            second_reviews::decided_at.eq(now),
            second_reviews::claim_expires_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether `senior` holds an unfinished second review of the item (they must not see the first
/// decision yet).
pub fn second_review_held_by(
    conn: &mut DbConnection,
    verification_id: &Id,
    senior: &str,
) -> Result<bool, AppError> {
    Ok(diesel::select(diesel::dsl::exists(
        second_reviews::table
            .filter(second_reviews::verification_id.eq(verification_id))
            .filter(second_reviews::status.eq("in_review"))
            .filter(second_reviews::claimed_by.eq(senior)),
    ))
    .get_result(conn)?)
}

/// Second reviews finished in `[from, to)`, with the first decision they judged.
pub fn second_reviews_between(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<SecondReviewRow>, AppError> {
    Ok(second_reviews::table
        .filter(second_reviews::status.eq("done"))
        .filter(second_reviews::decided_at.ge(from))
        .filter(second_reviews::decided_at.lt(to))
        .select(SecondReviewRow::as_select())
        .load(conn)?)
}

/// Decisions so far, per decision and reason.
pub fn count_by_outcome(
    conn: &mut DbConnection,
) -> Result<Vec<(String, Option<String>, i64)>, AppError> {
    Ok(decisions::table
        .group_by((decisions::decision, decisions::reason_code))
        .select((
            decisions::decision,
            decisions::reason_code,
            diesel::dsl::count_star(),
        ))
        .load(conn)?)
}

/// Finished second reviews so far, per error type (none when the senior agreed).
pub fn count_second_reviews(
    conn: &mut DbConnection,
) -> Result<Vec<(Option<String>, i64)>, AppError> {
    Ok(second_reviews::table
        .filter(second_reviews::status.eq("done"))
        .group_by(second_reviews::error_type)
        .select((second_reviews::error_type, diesel::dsl::count_star()))
        .load(conn)?)
}
