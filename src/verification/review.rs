//! The review queue and decisions. Items whose pre-check is done wait riskiest first, then
//! oldest; a reviewer claims the next one under a lease (renewable, releasable, returned to the
//! queue when it runs out) and decides it. A decision, its audit entry, its notification and, for
//! a sampled share, a blind second review are committed together.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::items::{self, DecisionView, ReasonText, Verification};
use super::model::{Decision, DocumentType, Status};
use super::reasons;
use crate::audit::{self, Actor};
use crate::db::decisions::{DecidedUpdate, DecisionRow, SecondReviewRow};
use crate::db::queue::{self, Condition, Hold};
use crate::db::verifications::{self as rows, VerificationRow};
use crate::db::{self, types::Id, Db, DbConnection};
use crate::error::AppError;
use crate::jobs::outbox;
use crate::lease::{lease_until, ClaimInfo, LeasedQueue};

pub const TABLE: &str = "verifications";
pub static QUEUE: LeasedQueue = LeasedQueue {
    table: TABLE,
    noun: "verification",
    subject_type: "verification",
    audit_prefix: "verification",
};

pub(crate) const MAX_NOTE: usize = 2000;
const MAX_DOCUMENTS: usize = 10;
const MAX_DOCUMENT_NAME: usize = 200;

#[derive(Clone)]
pub struct Review {
    pub db: Db,
    pub lease: Duration,
    /// Share of decisions sampled for a second review, 0–1.
    pub second_review_rate: f64,
    pub notification_attempts: i32,
}

/// Narrows what `claim` takes or the queue lists.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueFilter {
    pub document_type: Option<DocumentType>,
    /// A pre-check flag code, e.g. `number_mismatch`.
    pub flag: Option<String>,
    /// An item to pass over this time (the one the reviewer just skipped).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub skip: Option<Id>,
}

impl QueueFilter {
    fn validate(&self) -> Result<(), AppError> {
        match &self.flag {
            Some(code)
                if code.is_empty()
                    || code.len() > 64
                    || !code
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()) =>
            {
                Err(AppError::bad_request(
                    "invalid_flag",
                    "`flag` is a flag code such as number_mismatch",
                ))
            }
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub decision: Decision,
    /// From `GET /v1/verification-reasons`; required for reject and request_more.
    pub reason_code: Option<String>,
    /// Shown to the provider with the reason.
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// For request_more: the documents the provider should send.
    #[serde(default)]
    pub documents_requested: Vec<String>,
    /// For approving a licence whose validity the reviewer confirmed elsewhere.
    pub valid_until: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueCount {
    pub key: String,
    pub waiting: i64,
    pub in_review: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueEntry {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub provider_id: String,
    pub document_type: DocumentType,
    pub risk_score: Option<i32>,
    pub flags: Vec<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueOverview {
    pub waiting: i64,
    pub in_review: i64,
    pub oldest_waiting_at: Option<DateTime<Utc>>,
    /// Seconds since the oldest waiting item was submitted.
    pub oldest_waiting_age_seconds: Option<i64>,
    pub by_document_type: Vec<QueueCount>,
    pub by_flag: Vec<QueueCount>,
    /// The next items in claim order (at most `limit`), after the filter.
    pub next: Vec<QueueEntry>,
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

fn flags_of(column: &str) -> Vec<String> {
    column
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Review {
    /// Leases the next item to the reviewer; `None` when nothing (matching) is waiting.
    pub async fn claim(
        &self,
        actor: &Actor,
        filter: QueueFilter,
    ) -> Result<Option<Verification>, AppError> {
        filter.validate()?;
        let (actor, now) = (actor.clone(), now());
        let until = lease_until(self.lease, now);
        self.db
            .run(move |conn| {
                let document_type = filter.document_type.map(|t| t.as_str());
                let mut conditions = Vec::new();
                if let Some(t) = document_type {
                    conditions.push(Condition::Equals("document_type", t));
                }
                if let Some(code) = &filter.flag {
                    conditions.push(Condition::Like("flags", rows::flag_pattern(code)));
                }
                if let Some(skip) = &filter.skip {
                    conditions.push(Condition::NotEquals("id", skip.as_str()));
                }
                let claimed =
                    QUEUE.claim_next::<VerificationRow>(conn, &conditions, &actor, now, until)?;
                claimed.map(|row| items::load(conn, row)).transpose()
            })
            .await
    }

    /// The item the actor holds now, if any.
    pub async fn held(&self, actor: &Actor) -> Result<Option<Id>, AppError> {
        QUEUE.held(&self.db, actor).await
    }

    pub async fn renew(&self, actor: &Actor, id: Id) -> Result<ClaimInfo, AppError> {
        QUEUE.renew(&self.db, actor, id, self.lease).await
    }

    pub async fn release(&self, actor: &Actor, id: Id) -> Result<(), AppError> {
        QUEUE.release(&self.db, actor, id).await
    }

    pub async fn leave(
        &self,
        actor: &Actor,
        id: Id,
        grace: std::time::Duration,
    ) -> Result<(), AppError> {
        QUEUE.leave(&self.db, actor, id, grace).await
    }

    pub async fn overview(
        &self,
        filter: QueueFilter,
        limit: i64,
    ) -> Result<QueueOverview, AppError> {
        filter.validate()?;
        self.db
            .run(move |conn| {
                let groups = rows::queue_groups(conn)?;
                let mut by_type: BTreeMap<String, (i64, i64)> = BTreeMap::new();
                let mut by_flag: BTreeMap<String, (i64, i64)> = BTreeMap::new();
                let (mut waiting, mut in_review, mut oldest) = (0, 0, None::<NaiveDateTime>);
                for (status, document_type, flags, count, first) in groups {
                    let waiting_now = status == Status::PendingReview;
                    let add = |slot: &mut (i64, i64)| {
                        if waiting_now {
                            slot.0 += count
                        } else {
                            slot.1 += count
                        }
                    };
                    add(by_type.entry(document_type.to_string()).or_default());
                    for code in flags_of(&flags) {
                        add(by_flag.entry(code).or_default());
                    }
                    if waiting_now {
                        waiting += count;
                        oldest = match (oldest, first) {
                            (Some(a), Some(b)) => Some(a.min(b)),
                            (a, b) => a.or(b),
                        };
                    } else {
                        in_review += count;
                    }
                }
                let counts = |map: BTreeMap<String, (i64, i64)>| {
                    map.into_iter()
                        .map(|(key, (waiting, in_review))| QueueCount {
                            key,
                            waiting,
                            in_review,
                        })
                        .collect()
                };
                let next =
                    rows::waiting(conn, filter.document_type, filter.flag.as_deref(), limit)?
                        .into_iter()
                        .map(|row| QueueEntry {
                            flags: flags_of(&row.flags),
                            id: row.id,
                            provider_id: row.provider_id,
                            document_type: row.document_type,
                            risk_score: row.risk_score,
                            created_at: row.created_at.and_utc(),
                        })
                        .collect();
                Ok(QueueOverview {
                    waiting,
                    in_review,
                    oldest_waiting_at: oldest.map(|t| t.and_utc()),
                    oldest_waiting_age_seconds: oldest.map(|t| (now() - t).num_seconds()),
                    by_document_type: counts(by_type),
                    by_flag: counts(by_flag),
                    next,
                })
            })
            .await
    }

    /// Records the claim holder's decision. Anyone else, or the holder after the lease ran out,
    /// gets 409 and nothing changes.
    pub async fn decide(
        &self,
        actor: &Actor,
        id: Id,
        request: DecisionRequest,
    ) -> Result<DecisionView, AppError> {
        let reason = reasons::for_decision(request.decision, request.reason_code.as_deref())?;
        let note = clean_note(request.note)?;
        let documents = clean_documents(request.decision, request.documents_requested)?;
        if request.valid_until.is_some() && request.decision != Decision::Approve {
            return Err(AppError::bad_request(
                "unexpected_valid_until",
                "`valid_until` goes only with an approval",
            ));
        }
        let sampled = rand::random::<f64>() < self.second_review_rate;
        let (actor, now, attempts) = (actor.clone(), now(), self.notification_attempts);
        self.db
            .run(move |conn| {
                db::write_transaction(conn, |conn| {
                    queue::require_held(conn, TABLE, QUEUE.noun, id.as_str(), &actor.id, now)?;
                    let row =
                        rows::find(conn, &id)?.ok_or_else(|| Hold::Missing.error(QUEUE.noun))?;
                    let valid_until = match request.decision {
                        Decision::Approve if row.document_type == DocumentType::License => {
                            request.valid_until.or_else(|| licence_valid_until(&row))
                        }
                        _ => None,
                    };
                    let decision = DecisionRow {
                        id: Id::new(),
                        verification_id: row.id.clone(),
                        case_id: row.case_id.clone(),
                        reviewer: actor.id.clone(),
                        decision: request.decision.as_str().to_owned(),
                        reason_code: reason.map(|r| r.code.clone()),
                        note: note.clone(),
                        documents_requested: serde_json::to_string(&documents)
                            .map_err(AppError::internal)?,
                        precheck_snapshot: row.precheck.clone(),
                        risk_score: row.risk_score,
                        claimed_at: row.claimed_at.unwrap_or(now),
                        decided_at: now,
                    };
                    db::decisions::insert(conn, &decision)?;
                    db::decisions::mark_decided(
                        conn,
                        &row.id,
                        &DecidedUpdate {
                            status: request.decision.status(),
                            decided_at: Some(now),
                            valid_until,
                            claimed_by: None,
                            claimed_at: None,
                            claim_expires_at: None,
                            updated_at: now,
                        },
                    )?;
                    if sampled {
                        db::decisions::insert_second_review(
                            conn,
                            &second_review_for(&decision, &row),
                        )?;
                    }
                    audit::record(
                        conn,
                        &actor,
                        "verification.decided",
                        "verification",
                        row.id.as_str(),
                        serde_json::json!({
                            "decision_id": decision.id,
                            "decision": request.decision,
                            "reason_code": decision.reason_code,
                            "documents_requested": documents,
                            "second_review": sampled,
                        }),
                    )?;
                    notify(
                        conn,
                        &row,
                        &decision,
                        request.decision,
                        valid_until,
                        attempts,
                    )?;
                    DecisionView::try_from(decision)
                })
            })
            .await
    }
}

/// The note trimmed, empty as none, at most `MAX_NOTE` characters.
pub(super) fn clean_note(note: Option<String>) -> Result<Option<String>, AppError> {
    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if let Some(note) = &note {
        crate::text::check("note", note)?;
    }
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(AppError::bad_request(
            "note_too_long",
            format!("`note` may be at most {MAX_NOTE} characters"),
        ));
    }
    Ok(note)
}

fn clean_documents(decision: Decision, documents: Vec<String>) -> Result<Vec<String>, AppError> {
    let documents: Vec<String> = documents
        .into_iter()
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
        .collect();
    for document in &documents {
        crate::text::check("documents_requested", document)?;
    }
    match decision {
        Decision::RequestMore if documents.is_empty() => Err(AppError::bad_request(
            "documents_required",
            "request_more needs `documents_requested`: what the provider should send",
        )),
        Decision::RequestMore => {
            if documents.len() > MAX_DOCUMENTS
                || documents
                    .iter()
                    .any(|d| d.chars().count() > MAX_DOCUMENT_NAME)
            {
                return Err(AppError::bad_request(
                    "invalid_documents_requested",
                    format!("at most {MAX_DOCUMENTS} documents of at most {MAX_DOCUMENT_NAME} characters each"),
                ));
            }
            Ok(documents)
        }
        _ if !documents.is_empty() => Err(AppError::bad_request(
            "unexpected_documents",
            "`documents_requested` goes only with request_more",
        )),
        _ => Ok(documents),
    }
}

/// The licence's last valid day: as read by the pre-check, else as claimed.
fn licence_valid_until(row: &VerificationRow) -> Option<NaiveDate> {
    let read = row
        .precheck
        .as_deref()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .and_then(|p| {
            p.pointer("/analysis/fields/valid_until")
                .and_then(|v| v.as_str())
                .and_then(|d| d.parse().ok())
        });
    read.or_else(|| {
        serde_json::from_str::<super::model::Claimed>(&row.claimed)
            .ok()?
            .valid_until
    })
}

fn second_review_for(decision: &DecisionRow, row: &VerificationRow) -> SecondReviewRow {
    SecondReviewRow {
        id: Id::new(),
        decision_id: decision.id.clone(),
        verification_id: row.id.clone(),
        first_reviewer: decision.reviewer.clone(),
        first_reason: decision.reason_code.clone(),
        status: "pending_review".to_owned(),
        claimed_by: None,
        claimed_at: None,
        claim_expires_at: None,
        decision: None,
        reason_code: None,
        error_type: None,
        note: None,
        risk_score: row.risk_score.unwrap_or(0),
        created_at: decision.decided_at,
        decided_at: None,
    }
}

/// The message the marketplace turns into a KakaoTalk or SMS message to the provider.
fn notify(
    conn: &mut DbConnection,
    row: &VerificationRow,
    decision: &DecisionRow,
    kind: Decision,
    valid_until: Option<NaiveDate>,
    attempts: i32,
) -> Result<(), AppError> {
    let event = match kind {
        Decision::RequestMore => "verification.documents_requested",
        _ => "verification.decided",
    };
    let documents: Vec<String> =
        serde_json::from_str(&decision.documents_requested).map_err(AppError::internal)?;
    outbox::enqueue(
        conn,
        event,
        serde_json::json!({
            "verification_id": row.id,
            "case_id": row.case_id,
            "provider_id": row.provider_id,
            "document_type": row.document_type,
            "decision": kind,
            "status": kind.status(),
            "reason": ReasonText::of(decision.reason_code.as_deref()),
            "note": decision.note,
            "documents_requested": documents,
            "valid_until": valid_until,
            "decided_at": decision.decided_at.and_utc(),
        }),
        attempts,
    )?;
    Ok(())
}
