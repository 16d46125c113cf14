//! Taking in a provider's document: validate everything the platform sent, store the file
//! durably, then commit the item, its pre-check job and the audit entry in one transaction, and
//! only then answer. A retry with the same `Idempotency-Key` gets the first answer back.

use std::sync::Arc;

use chrono::Utc;
use sha2::{Digest, Sha256};

use super::model::{parse_provider_id, Claimed, DocumentType, Status};
use super::precheck;
use super::upload::{self, UploadLimits};
use crate::audit::{self, Actor};
use crate::db::verifications::VerificationRow;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::jobs;
use crate::storage::Storage;

/// A submission as it arrived, before any validation.
#[derive(Debug, Default)]
pub struct Submission {
    pub provider_id: Option<String>,
    pub document_type: Option<String>,
    pub claimed: Option<String>,
    pub file: Option<Vec<u8>>,
}

/// Everything intake needs, shared by the request handlers.
#[derive(Clone)]
pub struct Intake {
    pub db: Db,
    pub storage: Arc<dyn Storage>,
    pub limits: UploadLimits,
    pub precheck_max_attempts: i32,
}

/// Conflict code used inside the transaction when a concurrent retry inserted the same key first.
const KEY_RACE: &str = "idempotency_race";

impl Intake {
    /// Validates and records a submission; returns the item (the existing one for a retry).
    pub async fn submit(
        &self,
        actor: &Actor,
        submission: Submission,
        idempotency_key: Option<String>,
    ) -> Result<VerificationRow, AppError> {
        let provider_id = parse_provider_id(&required(submission.provider_id, "provider_id")?)?;
        let document_type: DocumentType = required(submission.document_type, "document_type")?
            .trim()
            .parse()
            .map_err(|e| {
                AppError::bad_request("invalid_document_type", format!("`document_type`: {e}"))
            })?;
        let claimed = match submission.claimed {
            Some(json) => Claimed::parse(&json)?,
            None => Claimed::default(),
        };
        let file = required(submission.file, "file")?;
        let key = idempotency_key
            .map(|k| parse_idempotency_key(&k))
            .transpose()?;

        let file_type = upload::check_file(&file, &self.limits)?;
        let claimed_json = serde_json::to_string(&claimed).map_err(AppError::internal)?;
        let file_hash = crate::storage::ContentHash::of(&file);
        let request_hash = hex::encode(Sha256::digest(
            [
                provider_id.as_str(),
                document_type.as_str(),
                &claimed_json,
                file_hash.as_str(),
            ]
            .join("\0"),
        ));
        if let Some(key) = &key {
            let existing = self.db.run({
                let key = key.clone();
                move |conn| db::verifications::find_by_idempotency_key(conn, &key)
            });
            if let Some(row) = existing.await? {
                return replay(row, &request_hash);
            }
        }

        let file_size = file.len() as i64;
        let stored =
            upload::validate_and_store(self.storage.as_ref(), file, file_type, self.limits).await?;

        let now = Utc::now().naive_utc();
        let row = VerificationRow {
            claimed: claimed_json,
            file_sha256: stored.as_str().to_owned(),
            file_type: file_type.as_str().to_owned(),
            file_size,
            idempotency_key: key.clone(),
            request_hash: request_hash.clone(),
            ..VerificationRow::submitted(provider_id, document_type, actor.id.clone(), now)
        };
        let (actor, max_attempts) = (actor.clone(), self.precheck_max_attempts);
        let inserted = self
            .db
            .run(move |conn| {
                db::write_transaction(conn, |conn| {
                    if let Some(key) = &row.idempotency_key {
                        if let Some(existing) =
                            db::verifications::find_by_idempotency_key(conn, key)?
                        {
                            return Ok(existing);
                        }
                    }
                    // After a request for more documents, the provider's next upload continues
                    // that case, so the reviewer sees what came before.
                    let mut row = row;
                    if let Some(latest) =
                        db::verifications::for_provider(conn, &row.provider_id, 1)?.pop()
                    {
                        if latest.status == Status::NeedsMore {
                            row.case_id = latest.case_id;
                        }
                    }
                    db::verifications::insert(conn, &row).map_err(|e| {
                        // Two retries raced past the look-up on PostgreSQL; the unique key caught it.
                        if row.idempotency_key.is_some() {
                            AppError::conflict(KEY_RACE, e.message)
                        } else {
                            e
                        }
                    })?;
                    jobs::enqueue(
                        conn,
                        precheck::JOB_KIND,
                        &precheck::payload(&row.id),
                        max_attempts,
                    )?;
                    audit::record(
                        conn,
                        &actor,
                        "verification.submitted",
                        "verification",
                        row.id.as_str(),
                        serde_json::json!({
                            "provider_id": row.provider_id,
                            "document_type": row.document_type,
                            "file_sha256": row.file_sha256,
                            "file_size": row.file_size,
                            "case_id": row.case_id,
                        }),
                    )?;
                    Ok(row)
                })
            })
            .await;
        let row = match (inserted, key) {
            (Err(e), Some(key)) if e.code == KEY_RACE => self
                .db
                .run(move |conn| db::verifications::find_by_idempotency_key(conn, &key))
                .await?
                .ok_or_else(|| {
                    AppError::internal("idempotency key vanished after a unique violation")
                })?,
            (result, _) => result?,
        };
        replay(row, &request_hash)
    }
}

fn required<T>(value: Option<T>, name: &str) -> Result<T, AppError> {
    value.ok_or_else(|| {
        AppError::bad_request(
            "missing_field",
            format!("the form field `{name}` is required"),
        )
    })
}

/// The stored item for a retried request, or 409 when the key was used for a different request.
fn replay(row: VerificationRow, request_hash: &str) -> Result<VerificationRow, AppError> {
    if row.request_hash != request_hash {
        return Err(AppError::conflict(
            "idempotency_key_reused",
            "this Idempotency-Key was already used for a different submission",
        ));
    }
    Ok(row)
}

fn parse_idempotency_key(key: &str) -> Result<String, AppError> {
    let key = key.trim();
    if key.is_empty() || key.len() > 200 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::bad_request(
            "invalid_idempotency_key",
            "Idempotency-Key must be 1–200 visible ASCII characters",
        ));
    }
    Ok(key.to_owned())
}
