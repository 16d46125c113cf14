//! Blind second reviews. A sampled share of decisions waits in its own queue for a `senior`, who
//! sees the item as the first reviewer did but not their decision, and decides it again. The
//! comparison gives the error type: a different decision, the same decision for a different
//! reason, or the senior's judgement that the guidance to the provider was wrong.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::items::{self, DecisionView};
use super::model::Decision;
use super::reasons;
use crate::audit::{self, Actor};
use crate::db::decisions::SecondReviewRow;
use crate::db::queue::{self, Condition, Hold};
use crate::db::{self, types::Id, Db};
use crate::error::AppError;
use crate::lease::{lease_until, ClaimInfo, LeasedQueue};

pub const TABLE: &str = "second_reviews";
pub static QUEUE: LeasedQueue = LeasedQueue {
    table: TABLE,
    noun: "second review",
    subject_type: "second_review",
    audit_prefix: "second_review",
};

/// The item fields that would give the first decision away.
const HIDDEN: [&str; 7] = [
    "status",
    "decisions",
    "appeals",
    "decided_at",
    "valid_until",
    "claim",
    "updated_at",
];

#[derive(Debug, Serialize, ToSchema)]
pub struct SecondReviewItem {
    /// The second review's id.
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub claim: ClaimInfo,
    /// The item as the first reviewer saw it, without its status and decisions.
    #[schema(value_type = Object)]
    pub verification: serde_json::Value,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondDecision {
    pub decision: Decision,
    pub reason_code: Option<String>,
    pub note: Option<String>,
    /// The decision and reason were right but what the provider was told (note, requested
    /// documents) was wrong.
    #[serde(default)]
    pub guidance_wrong: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SecondReviewOutcome {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub agrees: bool,
    /// wrong_decision, wrong_reason or wrong_guidance; absent when the senior agrees.
    pub error_type: Option<String>,
    /// Revealed now that the senior has decided.
    pub first_decision: DecisionView,
}

/// What the senior's verdict says of the first decision.
pub fn error_type(
    first: Decision,
    first_reason: Option<&str>,
    second: &SecondDecision,
) -> Option<&'static str> {
    if first != second.decision {
        Some("wrong_decision")
    } else if first_reason != second.reason_code.as_deref() {
        Some("wrong_reason")
    } else if second.guidance_wrong {
        Some("wrong_guidance")
    } else {
        None
    }
}

pub async fn claim(
    db: &Db,
    actor: &Actor,
    lease: std::time::Duration,
) -> Result<Option<SecondReviewItem>, AppError> {
    let actor = actor.clone();
    let now = Utc::now().naive_utc();
    let until = lease_until(lease, now);
    db.run(move |conn| {
        // Nobody second-reviews their own decision.
        let conditions = [Condition::NotEquals("first_reviewer", &actor.id)];
        let claimed = QUEUE.claim_next::<SecondReviewRow>(conn, &conditions, &actor, now, until)?;
        let Some(review) = claimed else {
            return Ok(None);
        };
        let row = db::verifications::find(conn, &review.verification_id)?
            .ok_or_else(|| AppError::internal("second review without its item"))?;
        let mut verification =
            serde_json::to_value(items::load(conn, row)?).map_err(AppError::internal)?;
        if let Some(fields) = verification.as_object_mut() {
            for key in HIDDEN {
                fields.remove(key);
            }
        }
        Ok(Some(SecondReviewItem {
            id: review.id,
            claim: ClaimInfo {
                by: actor.id.clone(),
                at: Some(now.and_utc()),
                expires_at: Some(until.and_utc()),
            },
            verification,
        }))
    })
    .await
}

/// The item under a second review the caller holds, as the first reviewer saw it, without the
/// decisions on it.
pub async fn held_item(db: &Db, actor: &Actor, id: Id) -> Result<items::Verification, AppError> {
    let actor = actor.clone();
    db.run(move |conn| {
        let review = db::decisions::find_second_review(conn, &id)?
            .ok_or_else(|| Hold::Missing.error(QUEUE.noun))?;
        if review.status != "in_review" || review.claimed_by.as_deref() != Some(actor.id.as_str()) {
            return Err(Hold::NotHeld.error(QUEUE.noun));
        }
        let row = db::verifications::find(conn, &review.verification_id)?
            .ok_or_else(|| AppError::internal("second review without its item"))?;
        let mut item = items::load(conn, row)?;
        item.decisions.clear();
        item.appeals.clear();
        // The lease shown and renewed is the senior's on the second review, not the item's.
        item.claim = Some(ClaimInfo {
            by: actor.id.clone(),
            at: review.claimed_at.map(|t| t.and_utc()),
            expires_at: review.claim_expires_at.map(|t| t.and_utc()),
        });
        Ok(item)
    })
    .await
}

/// Second reviews waiting and held.
pub async fn backlog(db: &Db) -> Result<(i64, i64), AppError> {
    QUEUE.backlog(db).await
}

/// The second review the actor holds now, if any.
pub async fn held(db: &Db, actor: &Actor) -> Result<Option<Id>, AppError> {
    QUEUE.held(db, actor).await
}

pub async fn renew(
    db: &Db,
    actor: &Actor,
    id: Id,
    lease: std::time::Duration,
) -> Result<ClaimInfo, AppError> {
    QUEUE.renew(db, actor, id, lease).await
}

pub async fn release(db: &Db, actor: &Actor, id: Id) -> Result<(), AppError> {
    QUEUE.release(db, actor, id).await
}

pub async fn leave(
    db: &Db,
    actor: &Actor,
    id: Id,
    grace: std::time::Duration,
) -> Result<(), AppError> {
    QUEUE.leave(db, actor, id, grace).await
}

pub async fn decide(
    db: &Db,
    actor: &Actor,
    id: Id,
    verdict: SecondDecision,
) -> Result<SecondReviewOutcome, AppError> {
    reasons::for_decision(verdict.decision, verdict.reason_code.as_deref())?;
    let note = super::review::clean_note(verdict.note.clone())?;
    let actor = actor.clone();
    let now = Utc::now().naive_utc();
    db.run(move |conn| {
        db::write_transaction(conn, |conn| {
            queue::require_held(conn, TABLE, QUEUE.noun, id.as_str(), &actor.id, now)?;
            let review = db::decisions::find_second_review(conn, &id)?
                .ok_or_else(|| Hold::Missing.error(QUEUE.noun))?;
            let first = db::decisions::find(conn, &review.decision_id)?
                .ok_or_else(|| AppError::internal("second review without its decision"))?;
            let first = DecisionView::try_from(first)?;
            let error = error_type(
                first.decision,
                first.reason.as_ref().map(|r| r.code.as_str()),
                &verdict,
            );
            db::decisions::complete_second_review(
                conn,
                &id,
                verdict.decision.as_str(),
                verdict.reason_code.as_deref(),
                error,
                note.as_deref(),
                now,
            )?;
            audit::record(
                conn,
                &actor,
                "second_review.completed",
                "second_review",
                id.as_str(),
                serde_json::json!({
                    "decision_id": review.decision_id,
                    "verification_id": review.verification_id,
                    "decision": verdict.decision,
                    "reason_code": verdict.reason_code,
                    "error_type": error,
                }),
            )?;
            Ok(SecondReviewOutcome {
                id,
                agrees: error.is_none(),
                error_type: error.map(str::to_owned),
                first_decision: first,
            })
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(decision: Decision, reason: Option<&str>, guidance_wrong: bool) -> SecondDecision {
        SecondDecision {
            decision,
            reason_code: reason.map(str::to_owned),
            note: None,
            guidance_wrong,
        }
    }

    #[test]
    fn error_types_follow_from_the_comparison() {
        let blurry = Some("blurry_image");
        assert_eq!(
            error_type(
                Decision::Reject,
                blurry,
                &verdict(Decision::Approve, None, false)
            ),
            Some("wrong_decision")
        );
        assert_eq!(
            error_type(
                Decision::Reject,
                blurry,
                &verdict(Decision::Reject, Some("expired"), false)
            ),
            Some("wrong_reason")
        );
        assert_eq!(
            error_type(
                Decision::Reject,
                blurry,
                &verdict(Decision::Reject, blurry, true)
            ),
            Some("wrong_guidance")
        );
        assert_eq!(
            error_type(
                Decision::Reject,
                blurry,
                &verdict(Decision::Reject, blurry, false)
            ),
            None
        );
        assert_eq!(
            error_type(
                Decision::Approve,
                None,
                &verdict(Decision::Approve, None, false)
            ),
            None
        );
    }
}
