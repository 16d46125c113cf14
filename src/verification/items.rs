//! Reading verification items: the item as the platform and staff see it, and its file, which
//! only staff may open and every opening of which is audited (the document is personal data).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::intake::Intake;
use super::model::{Claimed, Decision, DocumentType, Status};
use super::reasons;
use super::upload::FileType;
use crate::audit::{self, Actor};
use crate::db::appeals::AppealRow;
use crate::db::decisions::DecisionRow;
use crate::db::verifications::VerificationRow;
use crate::db::{self, types::Id, Db, DbConnection};
use crate::error::AppError;
use crate::lease::ClaimInfo;
use crate::moderation::model::{AppealOutcome, CaseType};
use crate::storage::ContentHash;

#[derive(Debug, Serialize, ToSchema)]
pub struct StoredFile {
    pub sha256: String,
    /// jpeg, png, webp, tiff or pdf
    pub file_type: String,
    pub size: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonText {
    pub code: String,
    pub ko: String,
    pub en: String,
}

impl ReasonText {
    pub fn of(code: Option<&str>) -> Option<Self> {
        let code = code?;
        Some(match reasons::find(code) {
            Some(r) => ReasonText {
                code: r.code.clone(),
                ko: r.ko.clone(),
                en: r.en.clone(),
            },
            // A code since retired from the catalogue still names itself.
            None => ReasonText {
                code: code.to_owned(),
                ko: String::new(),
                en: String::new(),
            },
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionView {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    #[schema(value_type = String, format = Uuid)]
    pub verification_id: Id,
    pub decision: Decision,
    pub reason: Option<ReasonText>,
    /// Shown to the provider with the reason.
    pub note: Option<String>,
    pub documents_requested: Vec<String>,
    pub reviewer: String,
    pub decided_at: DateTime<Utc>,
}

impl TryFrom<DecisionRow> for DecisionView {
    type Error = AppError;

    fn try_from(row: DecisionRow) -> Result<Self, AppError> {
        Ok(Self {
            reason: ReasonText::of(row.reason_code.as_deref()),
            id: row.id,
            verification_id: row.verification_id,
            decision: row.decision.parse().map_err(AppError::internal)?,
            note: row.note,
            documents_requested: serde_json::from_str(&row.documents_requested)
                .map_err(AppError::internal)?,
            reviewer: row.reviewer,
            decided_at: row.decided_at.and_utc(),
        })
    }
}

/// Another submission in the same case, as the reviewer sees it beside the current one.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseEntry {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub document_type: DocumentType,
    pub status: Status,
    pub file: StoredFile,
    pub created_at: DateTime<Utc>,
    pub decisions: Vec<DecisionView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    /// The first item of the case; an upload after a request for more documents joins its case.
    #[schema(value_type = String, format = Uuid)]
    pub case_id: Id,
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
    pub claim: Option<ClaimInfo>,
    /// This item's decisions (more than one when a second review changed nothing but was recorded).
    pub decisions: Vec<DecisionView>,
    /// The other submissions of the case, oldest first, with their decisions.
    pub earlier: Vec<CaseEntry>,
    /// The provider's appeals against this item's rejections, oldest first, with their outcome:
    /// an item back in the queue after an overturn shows why.
    pub appeals: Vec<ItemAppeal>,
    /// For an approved licence: the last day it is valid.
    pub valid_until: Option<NaiveDate>,
    /// The approved licence this item re-checks before it lapses.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub renews: Option<Id>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An appeal against the item, as the next reviewer reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemAppeal {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub statement: String,
    /// `pending_review`, `in_review` or `done`.
    pub status: String,
    pub outcome: Option<AppealOutcome>,
    /// The senior's note to the provider.
    pub note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<AppealRow> for ItemAppeal {
    fn from(row: AppealRow) -> Self {
        Self {
            id: row.id,
            statement: row.statement,
            status: row.status,
            outcome: row.outcome,
            note: row.decision_note,
            decided_by: row.decided_by,
            decided_at: row.decided_at.map(|t| t.and_utc()),
            created_at: row.created_at.and_utc(),
        }
    }
}

fn stored_file(row: &VerificationRow) -> StoredFile {
    StoredFile {
        sha256: row.file_sha256.clone(),
        file_type: row.file_type.clone(),
        size: row.file_size,
    }
}

/// The item with its case: the other submissions and every decision on them.
pub fn load(conn: &mut DbConnection, row: VerificationRow) -> Result<Verification, AppError> {
    let mut decisions: Vec<DecisionView> = Vec::new();
    let mut by_item: std::collections::HashMap<Id, Vec<DecisionView>> =
        std::collections::HashMap::new();
    for decision in db::decisions::for_case(conn, &row.case_id)? {
        let view = DecisionView::try_from(decision)?;
        if view.verification_id == row.id {
            decisions.push(view);
        } else {
            by_item
                .entry(view.verification_id.clone())
                .or_default()
                .push(view);
        }
    }
    let earlier = db::verifications::for_case(conn, &row.case_id)?
        .into_iter()
        .filter(|other| other.id != row.id)
        .map(|other| CaseEntry {
            file: stored_file(&other),
            decisions: by_item.remove(&other.id).unwrap_or_default(),
            id: other.id,
            document_type: other.document_type,
            status: other.status,
            created_at: other.created_at.and_utc(),
        })
        .collect();
    let precheck = row
        .precheck
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(AppError::internal)?;
    let appeals = db::appeals::for_case(conn, CaseType::Verification, row.id.as_str())?
        .into_iter()
        .map(ItemAppeal::from)
        .collect();
    let claim = (row.status == Status::InReview).then(|| ClaimInfo {
        by: row.claimed_by.clone().unwrap_or_default(),
        at: row.claimed_at.map(|t| t.and_utc()),
        expires_at: row.claim_expires_at.map(|t| t.and_utc()),
    });
    Ok(Verification {
        file: stored_file(&row),
        id: row.id,
        case_id: row.case_id,
        provider_id: row.provider_id,
        document_type: row.document_type,
        status: row.status,
        claimed: serde_json::from_str(&row.claimed).map_err(AppError::internal)?,
        risk_score: row.risk_score,
        precheck,
        claim,
        decisions,
        earlier,
        appeals,
        valid_until: row.valid_until,
        renews: row.renews,
        decided_at: row.decided_at.map(|t| t.and_utc()),
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    })
}

fn not_found() -> AppError {
    AppError::not_found("no verification with that id")
}

/// The item as `viewer` may see it: a senior in the middle of a blind second review of it may not
/// look at the first decision.
pub async fn find(db: &Db, viewer: &Actor, id: Id) -> Result<Verification, AppError> {
    let viewer = viewer.id.clone();
    db.run(move |conn| {
        let row = db::verifications::find(conn, &id)?.ok_or_else(not_found)?;
        if db::decisions::second_review_held_by(conn, &id, &viewer)? {
            return Err(AppError::conflict(
                "second_review_in_progress",
                "finish your second review of this item before opening it",
            ));
        }
        load(conn, row)
    })
    .await
}

/// The document's bytes and type, after recording who opened it.
pub async fn open_file(
    intake: &Intake,
    actor: &Actor,
    id: Id,
) -> Result<(FileType, Vec<u8>), AppError> {
    let actor = actor.clone();
    let row = intake
        .db
        .run(move |conn| {
            db::write_transaction(conn, |conn| {
                let row = db::verifications::find(conn, &id)?.ok_or_else(not_found)?;
                audit::record(
                    conn,
                    &actor,
                    "verification.file_viewed",
                    "verification",
                    id.as_str(),
                    serde_json::json!({}),
                )?;
                Ok(row)
            })
        })
        .await?;
    let file_type = FileType::parse(&row.file_type)
        .ok_or_else(|| AppError::internal("stored file type is unknown"))?;
    let hash = ContentHash::parse(&row.file_sha256)
        .ok_or_else(|| AppError::internal("stored hash is malformed"))?;
    Ok((file_type, intake.storage.get(&hash).await?))
}

/// Rendered pages' longer side: an A4 page at about 170 DPI, still sharp zoomed in twice.
const PAGE_LONG_SIDE: u32 = 2000;

/// Page `page` (from 1) of a PDF document as PNG, for the console's viewer; audited like the
/// file itself.
pub async fn open_page(
    intake: &Intake,
    actor: &Actor,
    id: Id,
    page: u32,
) -> Result<Vec<u8>, AppError> {
    if !(1..=super::pdf::MAX_PAGES).contains(&page) {
        return Err(AppError::not_found(format!(
            "a document has pages 1 to {} at most",
            super::pdf::MAX_PAGES
        )));
    }
    let (file_type, bytes) = open_file(intake, actor, id).await?;
    if file_type != FileType::Pdf {
        return Err(AppError::not_found(
            "the document is an image, not a PDF with pages",
        ));
    }
    tokio::task::spawn_blocking(move || super::pdf::page_png(&bytes, page, PAGE_LONG_SIDE))
        .await
        .map_err(AppError::internal)?
        .map_err(|_| AppError::not_found(format!("the document has no page {page}")))
}
