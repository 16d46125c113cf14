//! Runs the pre-check for queued items on the job runner's worker threads, each with its own
//! Tesseract engine, and records the result, which moves the item into the review queue.

use std::cell::RefCell;
use std::sync::Arc;

use chrono::{FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::checks::{self, EarlierDocument, Elsewhere, Flag, Severity, Thresholds};
use super::{analyse, Analysis, PrecheckResult};
use crate::db::verifications::{PrecheckUpdate, VerificationRow};
use crate::db::{self, types::Id, Db, DbConnection};
use crate::error::AppError;
use crate::jobs::{ClaimedJob, Handler};
use crate::ocr::LazyEngine;
use crate::storage::{ContentHash, Storage};
use crate::verification::business_number::BusinessNumber;
use crate::verification::model::{Claimed, Status};
use crate::verification::upload::{FileType, UploadLimits};

pub const JOB_KIND: &str = "precheck";

#[derive(Serialize, Deserialize)]
struct Payload {
    verification_id: Id,
}

pub fn payload(id: &Id) -> String {
    serde_json::to_string(&Payload {
        verification_id: id.clone(),
    })
    .expect("a payload always serialises")
}

fn parse_payload(job: &ClaimedJob) -> Result<Id, AppError> {
    serde_json::from_str::<Payload>(&job.payload)
        .map(|p| p.verification_id)
        .map_err(|e| AppError::internal(format!("precheck job {} has a bad payload: {e}", job.id)))
}

/// Korean time: a licence valid until a date is valid through that date in Korea.
const KST_SECONDS: i32 = 9 * 3600;

thread_local! {
    // Tesseract engines are Send but not Sync: one per worker thread, made on first use.
    static ENGINE: RefCell<Option<LazyEngine>> = const { RefCell::new(None) };
}

pub struct PrecheckJob {
    pub storage: Arc<dyn Storage>,
    /// The runtime that storage I/O runs on; worker threads wait for it.
    pub io: tokio::runtime::Handle,
    pub limits: UploadLimits,
    pub thresholds: Thresholds,
    /// A tessdata folder, or `None` for the system's.
    pub tessdata: Option<String>,
}

impl Handler for PrecheckJob {
    fn kind(&self) -> &'static str {
        JOB_KIND
    }

    fn run(&self, db: &Db, job: &ClaimedJob) -> Result<(), String> {
        self.precheck(db, job).map_err(|e| e.to_string())
    }

    fn exhausted(
        &self,
        conn: &mut DbConnection,
        job: &ClaimedJob,
        error: &str,
    ) -> Result<(), AppError> {
        let id = parse_payload(job)?;
        let flag = Flag::new(
            "precheck_failed",
            Severity::High,
            format!(
                "the automatic pre-check failed {} times ({error}); check the document by hand",
                job.attempts
            ),
        )
        .with("attempts", job.attempts)
        .with("error", error);
        let result = PrecheckResult {
            risk_score: checks::risk_score(std::slice::from_ref(&flag)),
            flags: vec![flag],
            checked_at: Utc::now(),
            analysis: None,
        };
        db::verifications::record_precheck(conn, &id, &update(&result, None, None))?;
        Ok(())
    }
}

impl PrecheckJob {
    fn precheck(&self, db: &Db, job: &ClaimedJob) -> Result<(), AppError> {
        let id = parse_payload(job)?;
        let Some(row) = db::verifications::find(&mut *db.get()?, &id)? else {
            return Ok(());
        };
        if row.status != Status::Prechecking {
            return Ok(()); // An earlier run finished it.
        }
        let hash = ContentHash::parse(&row.file_sha256)
            .ok_or_else(|| AppError::internal("stored hash is malformed"))?;
        let file_type = FileType::parse(&row.file_type)
            .ok_or_else(|| AppError::internal("stored file type is unknown"))?;
        let claimed: Claimed = serde_json::from_str(&row.claimed).map_err(AppError::internal)?;
        let bytes = self.fetch(hash)?;
        let analysis = ENGINE.with(|cell| {
            let mut cell = cell.borrow_mut();
            let engine = cell.get_or_insert_with(|| LazyEngine::new(self.tessdata.clone()));
            analyse(&bytes, file_type, row.document_type, &self.limits, engine)
        });
        let analysis = match analysis {
            Ok(analysis) => analysis,
            // The file passed intake's checks, so a refusal now will not change on a retry.
            Err(e) if e.kind == crate::error::ErrorKind::BadRequest => {
                return self.record_unreadable(db, &id, &e)
            }
            Err(e) => return Err(e),
        };
        let business_number = valid_number(&analysis);
        let mut conn = db.get()?;
        let document_key = checks::document_key(&analysis.fields);
        let elsewhere = self.elsewhere(
            &mut conn,
            &row,
            document_key.as_deref(),
            business_number.as_deref(),
        )?;
        let today = Utc::now()
            .with_timezone(&FixedOffset::east_opt(KST_SECONDS).expect("a valid offset"))
            .date_naive();
        let flags = checks::evaluate(
            &analysis,
            row.document_type,
            &claimed,
            &elsewhere,
            &self.thresholds,
            today,
        );
        let result = PrecheckResult {
            risk_score: checks::risk_score(&flags),
            flags,
            checked_at: Utc::now(),
            analysis: Some(analysis),
        };
        let recorded = db::write_transaction(&mut conn, |conn| {
            db::verifications::record_precheck(
                conn,
                &id,
                &update(&result, business_number, document_key),
            )
        })?;
        tracing::info!(verification = %id, risk = result.risk_score, flags = result.flags.len(), recorded, "pre-check done");
        Ok(())
    }

    fn record_unreadable(&self, db: &Db, id: &Id, error: &AppError) -> Result<(), AppError> {
        let flag = Flag::new(
            "document_unreadable",
            Severity::High,
            format!("the document could not be read: {}", error.message),
        )
        .with("error", &error.message);
        let result = PrecheckResult {
            risk_score: checks::risk_score(std::slice::from_ref(&flag)),
            flags: vec![flag],
            checked_at: Utc::now(),
            analysis: None,
        };
        db::write_transaction(&mut *db.get()?, |conn| {
            db::verifications::record_precheck(conn, id, &update(&result, None, None))
        })?;
        Ok(())
    }

    /// Reads the stored file on the I/O runtime and waits for it on this worker thread.
    fn fetch(&self, hash: ContentHash) -> Result<Vec<u8>, AppError> {
        let storage = self.storage.clone();
        let (send, receive) = tokio::sync::oneshot::channel();
        self.io.spawn(async move {
            let _ = send.send(storage.get(&hash).await);
        });
        receive
            .blocking_recv()
            .map_err(|_| AppError::internal("the storage task was dropped"))?
    }

    fn elsewhere(
        &self,
        conn: &mut DbConnection,
        row: &VerificationRow,
        document_key: Option<&str>,
        number: Option<&str>,
    ) -> Result<Elsewhere, AppError> {
        // Only earlier items count: the first submitter's item is the original, not a copy.
        let before = row.created_at;
        let same_file = db::verifications::same_file_elsewhere(
            conn,
            &row.file_sha256,
            &row.provider_id,
            before,
        )?;
        let same_document = match document_key {
            Some(key) => {
                db::verifications::same_document_elsewhere(conn, key, &row.provider_id, before)?
                    .filter(|(item, _, _)| same_file.as_ref().is_none_or(|(f, _)| f != item))
                    .map(|(item, provider, file_type)| EarlierDocument {
                        item,
                        provider,
                        key: key.to_owned(),
                        file_type,
                    })
            }
            None => None,
        };
        let number_verified = match number {
            Some(number) => {
                db::verifications::number_verified_elsewhere(conn, number, &row.provider_id)?
            }
            None => None,
        };
        Ok(Elsewhere {
            same_file,
            same_document,
            number_verified,
        })
    }
}

/// The business number read, when its checksum holds.
fn valid_number(analysis: &Analysis) -> Option<String> {
    match &analysis.fields {
        super::Extracted::Registration(f) => f
            .business_number
            .as_deref()
            .and_then(|n| BusinessNumber::parse(n).ok())
            .map(|n| n.to_string()),
        super::Extracted::Permit(_) => None,
    }
}

fn update(
    result: &PrecheckResult,
    business_number: Option<String>,
    document_key: Option<String>,
) -> PrecheckUpdate {
    PrecheckUpdate {
        status: Status::PendingReview,
        precheck: Some(
            serde_json::to_string(result).expect("a pre-check result always serialises"),
        ),
        risk_score: Some(result.risk_score),
        business_number,
        document_key,
        flags: db::verifications::flag_column(result.flags.iter().map(|f| f.code.as_str())),
        updated_at: Utc::now().naive_utc(),
    }
}
