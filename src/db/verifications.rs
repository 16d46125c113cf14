use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::verifications;
use super::types::Id;
use super::DbConnection;
use crate::error::AppError;
use crate::verification::model::{DocumentType, Status};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = verifications)]
pub struct VerificationRow {
    pub id: Id,
    pub provider_id: String,
    pub document_type: DocumentType,
    pub status: Status,
    pub claimed: String,
    pub file_sha256: String,
    pub file_type: String,
    pub file_size: i64,
    pub idempotency_key: Option<String>,
    pub request_hash: String,
    pub submitted_by: String,
    pub precheck: Option<String>,
    pub risk_score: Option<i32>,
    pub business_number: Option<String>,
    pub dhash: Option<i64>,
    pub dhash_band0: Option<i32>,
    pub dhash_band1: Option<i32>,
    pub dhash_band2: Option<i32>,
    pub dhash_band3: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What the pre-check writes back.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = verifications, treat_none_as_null = true)]
pub struct PrecheckUpdate {
    pub status: Status,
    pub precheck: Option<String>,
    pub risk_score: Option<i32>,
    pub business_number: Option<String>,
    pub dhash: Option<i64>,
    pub dhash_band0: Option<i32>,
    pub dhash_band1: Option<i32>,
    pub dhash_band2: Option<i32>,
    pub dhash_band3: Option<i32>,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &VerificationRow) -> Result<(), AppError> {
    diesel::insert_into(verifications::table).values(row).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &Id) -> Result<Option<VerificationRow>, AppError> {
    Ok(verifications::table.find(id).select(VerificationRow::as_select()).first(conn).optional()?)
}

pub fn find_by_idempotency_key(conn: &mut DbConnection, key: &str) -> Result<Option<VerificationRow>, AppError> {
    Ok(verifications::table
        .filter(verifications::idempotency_key.eq(key))
        .select(VerificationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Writes the pre-check result if the item is still being pre-checked; false when another run
/// got there first (a job can run twice after a crash).
pub fn record_precheck(conn: &mut DbConnection, id: &Id, update: &PrecheckUpdate) -> Result<bool, AppError> {
    let n = diesel::update(verifications::table.find(id).filter(verifications::status.eq(Status::Prechecking)))
        .set(update)
        .execute(conn)?;
    Ok(n == 1)
}

/// Another provider's item with the very same file.
pub fn same_file_elsewhere(conn: &mut DbConnection, sha256: &str, provider_id: &str) -> Result<Option<(Id, String)>, AppError> {
    Ok(verifications::table
        .filter(verifications::file_sha256.eq(sha256))
        .filter(verifications::provider_id.ne(provider_id))
        .select((verifications::id, verifications::provider_id))
        .order(verifications::created_at.asc())
        .first(conn)
        .optional()?)
}

/// Other providers' items whose image hash shares at least one 16-bit band with `bands`; the
/// caller compares the whole hashes.
pub fn dhash_candidates(
    conn: &mut DbConnection,
    bands: [i32; 4],
    provider_id: &str,
    limit: i64,
) -> Result<Vec<(Id, String, i64)>, AppError> {
    let rows: Vec<(Id, String, Option<i64>)> = verifications::table
        .filter(verifications::provider_id.ne(provider_id))
        .filter(
            verifications::dhash_band0
                .eq(bands[0])
                .or(verifications::dhash_band1.eq(bands[1]))
                .or(verifications::dhash_band2.eq(bands[2]))
                .or(verifications::dhash_band3.eq(bands[3])),
        )
        .select((verifications::id, verifications::provider_id, verifications::dhash))
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, provider, hash)| Some((id, provider, hash?))).collect())
}

/// An approved item of another provider carrying the same business number.
pub fn number_verified_elsewhere(
    conn: &mut DbConnection,
    business_number: &str,
    provider_id: &str,
) -> Result<Option<(Id, String)>, AppError> {
    Ok(verifications::table
        .filter(verifications::business_number.eq(business_number))
        .filter(verifications::status.eq(Status::Approved))
        .filter(verifications::provider_id.ne(provider_id))
        .select((verifications::id, verifications::provider_id))
        .first(conn)
        .optional()?)
}

/// Whether any item points to the stored file.
pub fn references_file(conn: &mut DbConnection, sha256: &str) -> Result<bool, AppError> {
    Ok(diesel::select(diesel::dsl::exists(verifications::table.filter(verifications::file_sha256.eq(sha256))))
        .get_result(conn)?)
}
