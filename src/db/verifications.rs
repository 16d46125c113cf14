use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::verifications;
use super::types::Id;
use super::DbConnection;
use crate::error::AppError;
use crate::verification::model::{DocumentType, Status};

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
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
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The first item of the case; a request for more documents keeps the case open.
    pub case_id: Id,
    /// Flag codes wrapped in commas, for filtering the queue.
    pub flags: String,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<NaiveDateTime>,
    pub claim_expires_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    pub valid_until: Option<NaiveDate>,
    pub renews: Option<Id>,
    /// What identifies the document among others on its form (`checks::document_key`).
    pub document_key: Option<String>,
}

impl VerificationRow {
    /// A new item as submitted: its own case, waiting for its pre-check, with nothing read,
    /// claimed or decided yet. Callers fill in the claim and the file.
    pub fn submitted(
        provider_id: String,
        document_type: DocumentType,
        submitted_by: String,
        now: NaiveDateTime,
    ) -> Self {
        let id = Id::new();
        Self {
            case_id: id.clone(),
            id,
            provider_id,
            document_type,
            status: Status::Prechecking,
            claimed: "{}".to_owned(),
            file_sha256: String::new(),
            file_type: String::new(),
            file_size: 0,
            idempotency_key: None,
            request_hash: String::new(),
            submitted_by,
            precheck: None,
            risk_score: None,
            business_number: None,
            created_at: now,
            updated_at: now,
            flags: ",".to_owned(),
            claimed_by: None,
            claimed_at: None,
            claim_expires_at: None,
            decided_at: None,
            valid_until: None,
            renews: None,
            document_key: None,
        }
    }
}

/// What the pre-check writes back.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = verifications, treat_none_as_null = true)]
pub struct PrecheckUpdate {
    pub status: Status,
    pub precheck: Option<String>,
    pub risk_score: Option<i32>,
    pub business_number: Option<String>,
    pub document_key: Option<String>,
    pub flags: String,
    pub updated_at: NaiveDateTime,
}

/// The `flags` column: codes wrapped in commas, so that `LIKE '%,code,%'` finds one.
pub fn flag_column<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    codes.fold(",".to_owned(), |column, code| column + code + ",")
}

/// The `LIKE` pattern for items carrying the flag.
pub fn flag_pattern(code: &str) -> String {
    format!("%,{code},%")
}

pub fn insert(conn: &mut DbConnection, row: &VerificationRow) -> Result<(), AppError> {
    diesel::insert_into(verifications::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &Id) -> Result<Option<VerificationRow>, AppError> {
    Ok(verifications::table
        .find(id)
        .select(VerificationRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_idempotency_key(
    conn: &mut DbConnection,
    key: &str,
) -> Result<Option<VerificationRow>, AppError> {
    Ok(verifications::table
        .filter(verifications::idempotency_key.eq(key))
        .select(VerificationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Writes the pre-check result if the item is still being pre-checked; false when another run
/// got there first (a job can run twice after a crash).
pub fn record_precheck(
    conn: &mut DbConnection,
    id: &Id,
    update: &PrecheckUpdate,
) -> Result<bool, AppError> {
    let n = diesel::update(
        verifications::table
            .find(id)
            .filter(verifications::status.eq(Status::Prechecking)),
    )
    .set(update)
    .execute(conn)?;
    Ok(n == 1)
}

/// Another provider's earlier item with the very same file.
pub fn same_file_elsewhere(
    conn: &mut DbConnection,
    sha256: &str,
    provider_id: &str,
    before: NaiveDateTime,
) -> Result<Option<(Id, String)>, AppError> {
    Ok(verifications::table
        .filter(verifications::file_sha256.eq(sha256))
        .filter(verifications::provider_id.ne(provider_id))
        .filter(verifications::created_at.lt(before))
        .select((verifications::id, verifications::provider_id))
        .order(verifications::created_at.asc())
        .first(conn)
        .optional()?)
}

/// Another provider's earliest item read as the same document: (item, provider, file type).
pub fn same_document_elsewhere(
    conn: &mut DbConnection,
    document_key: &str,
    provider_id: &str,
    before: NaiveDateTime,
) -> Result<Option<(Id, String, String)>, AppError> {
    Ok(verifications::table
        .filter(verifications::document_key.eq(document_key))
        .filter(verifications::provider_id.ne(provider_id))
        .filter(verifications::created_at.lt(before))
        .select((
            verifications::id,
            verifications::provider_id,
            verifications::file_type,
        ))
        .order(verifications::created_at.asc())
        .first(conn)
        .optional()?)
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
    Ok(diesel::select(diesel::dsl::exists(
        verifications::table.filter(verifications::file_sha256.eq(sha256)),
    ))
    .get_result(conn)?)
}

/// The case's items, oldest first.
pub fn for_case(conn: &mut DbConnection, case_id: &Id) -> Result<Vec<VerificationRow>, AppError> {
    Ok(verifications::table
        .filter(verifications::case_id.eq(case_id))
        .order(verifications::created_at.asc())
        .select(VerificationRow::as_select())
        .load(conn)?)
}

/// The provider's items, newest first.
pub fn for_provider(
    conn: &mut DbConnection,
    provider_id: &str,
    limit: i64,
) -> Result<Vec<VerificationRow>, AppError> {
    Ok(verifications::table
        .filter(verifications::provider_id.eq(provider_id))
        .order(verifications::created_at.desc())
        .limit(limit)
        .select(VerificationRow::as_select())
        .load(conn)?)
}

/// One group of [`queue_groups`]: status, document type, flag set, how many, the oldest `created_at`.
pub type QueueGroup = (Status, DocumentType, String, i64, Option<NaiveDateTime>);

/// Waiting and held items grouped by status, document type and flag set, with the oldest
/// `created_at` of each group: enough for the queue's counts without reading every row.
pub fn queue_groups(conn: &mut DbConnection) -> Result<Vec<QueueGroup>, AppError> {
    use diesel::dsl::{count_star, min};
    Ok(verifications::table
        .filter(verifications::status.eq_any([Status::PendingReview, Status::InReview]))
        .group_by((
            verifications::status,
            verifications::document_type,
            verifications::flags,
        ))
        .select((
            verifications::status,
            verifications::document_type,
            verifications::flags,
            count_star(),
            min(verifications::created_at),
        ))
        .load(conn)?)
}

/// The first `limit` waiting items in claim order, optionally of one type or carrying one flag.
pub fn waiting(
    conn: &mut DbConnection,
    document_type: Option<DocumentType>,
    flag: Option<&str>,
    limit: i64,
) -> Result<Vec<VerificationRow>, AppError> {
    let mut query = verifications::table
        .filter(verifications::status.eq(Status::PendingReview))
        .order((
            verifications::risk_score.desc(),
            verifications::created_at.asc(),
        ))
        .limit(limit)
        .select(VerificationRow::as_select())
        .into_boxed();
    if let Some(t) = document_type {
        query = query.filter(verifications::document_type.eq(t));
    }
    if let Some(code) = flag {
        query = query.filter(verifications::flags.like(flag_pattern(code)));
    }
    Ok(query.load(conn)?)
}

/// Approved licences valid until `horizon` or earlier that no item re-checks yet.
pub fn lapsing_licences(
    conn: &mut DbConnection,
    horizon: NaiveDate,
    limit: i64,
) -> Result<Vec<VerificationRow>, AppError> {
    let renewal = diesel::alias!(verifications as renewal);
    Ok(verifications::table
        .filter(verifications::status.eq(Status::Approved))
        .filter(verifications::document_type.eq(DocumentType::License))
        .filter(verifications::valid_until.le(horizon))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            renewal.filter(
                renewal
                    .field(verifications::renews)
                    .eq(verifications::id.nullable()),
            ),
        )))
        .order(verifications::valid_until.asc())
        .limit(limit)
        .select(VerificationRow::as_select())
        .load(conn)?)
}

/// Whether an item re-checks the licence already.
pub fn is_renewed(conn: &mut DbConnection, licence: &Id) -> Result<bool, AppError> {
    Ok(diesel::select(diesel::dsl::exists(
        verifications::table.filter(verifications::renews.eq(licence)),
    ))
    .get_result(conn)?)
}

/// Counts per status, for metrics.
pub fn count_by_status(conn: &mut DbConnection) -> Result<Vec<(Status, i64)>, AppError> {
    Ok(verifications::table
        .group_by(verifications::status)
        .select((verifications::status, diesel::dsl::count_star()))
        .load(conn)?)
}
