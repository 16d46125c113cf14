//! Reading verification items: the item as the platform and staff see it, and its file, which
//! only staff may open and every opening of which is audited (the document is personal data).

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::intake::Intake;
use super::model::{Claimed, DocumentType, Status};
use super::upload::FileType;
use crate::audit::{self, Actor};
use crate::db::verifications::VerificationRow;
use crate::db::{self, types::Id, Db};
use crate::error::AppError;
use crate::storage::ContentHash;

#[derive(Debug, Serialize, ToSchema)]
pub struct StoredFile {
    pub sha256: String,
    /// jpeg, png, webp, tiff or pdf
    pub file_type: String,
    pub size: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub provider_id: String,
    pub document_type: DocumentType,
    pub status: Status,
    pub claimed: Claimed,
    pub file: StoredFile,
    /// 0–100 from the pre-check's flags; absent while prechecking.
    pub risk_score: Option<i32>,
    /// Flags, extracted fields, OCR words with boxes, image measurements; absent while prechecking.
    #[schema(value_type = Option<Object>)]
    pub precheck: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<VerificationRow> for Verification {
    type Error = AppError;

    fn try_from(row: VerificationRow) -> Result<Self, AppError> {
        let precheck = row.precheck.as_deref().map(serde_json::from_str).transpose().map_err(AppError::internal)?;
        Ok(Self {
            id: row.id,
            provider_id: row.provider_id,
            document_type: row.document_type,
            status: row.status,
            claimed: serde_json::from_str(&row.claimed).map_err(AppError::internal)?,
            file: StoredFile { sha256: row.file_sha256, file_type: row.file_type, size: row.file_size },
            risk_score: row.risk_score,
            precheck,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        })
    }
}

fn not_found() -> AppError {
    AppError::not_found("no verification with that id")
}

pub async fn find(db: &Db, id: Id) -> Result<Verification, AppError> {
    db.run(move |conn| db::verifications::find(conn, &id)).await?.ok_or_else(not_found)?.try_into()
}

/// The document's bytes and type, after recording who opened it.
pub async fn open_file(intake: &Intake, actor: &Actor, id: Id) -> Result<(FileType, Vec<u8>), AppError> {
    let actor = actor.clone();
    let row = intake
        .db
        .run(move |conn| {
            db::write_transaction(conn, |conn| {
                let row = db::verifications::find(conn, &id)?.ok_or_else(not_found)?;
                audit::record(conn, &actor, "verification.file_viewed", "verification", id.as_str(), serde_json::json!({}))?;
                Ok(row)
            })
        })
        .await?;
    let file_type = FileType::parse(&row.file_type).ok_or_else(|| AppError::internal("stored file type is unknown"))?;
    let hash = ContentHash::parse(&row.file_sha256).ok_or_else(|| AppError::internal("stored hash is malformed"))?;
    Ok((file_type, intake.storage.get(&hash).await?))
}
