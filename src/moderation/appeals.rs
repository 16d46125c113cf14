//! Appeals (소명): a user asks for a sanction or a rejected verification to be looked at again,
//! with a statement and evidence. Zero-tolerance sanctions cannot be appealed, a case has one open
//! appeal at a time, and appeals close a set number of days after the decision. Seniors work the
//! appeals in their own lease-held queue (never an appeal of their own decision) and uphold,
//! overturn or reduce; the user hears the outcome through the outbox.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::attachments::{self, AttachmentView, Owner};
use super::model::{AppealOutcome, CaseType};
use super::scan::check_id;
use super::standing::SanctionEntry;
use crate::audit::{self, Actor};
use crate::db::appeals::{self as store, AppealRow, AttachmentRow, Decided};
use crate::db::decisions::DecidedUpdate;
use crate::db::moderation::{self as moderation_store, SanctionRow};
use crate::db::queue::{self, Condition, Hold};
use crate::db::{self, types::Id, Db, DbConnection};
use crate::error::AppError;
use crate::jobs::outbox;
use crate::lease::{lease_until, ClaimInfo, LeasedQueue};
use crate::policy::model::SanctionKind;
use crate::storage::Storage;
use crate::verification::items::{self, Verification};
use crate::verification::model::Status;
use crate::verification::upload::{FileType, UploadLimits};

pub const TABLE: &str = "appeals";
pub static QUEUE: LeasedQueue = LeasedQueue {
    table: TABLE,
    noun: "appeal",
    subject_type: "appeal",
    audit_prefix: "appeal",
};
const MAX_STATEMENT_CHARS: usize = 5000;
pub(crate) const MAX_NOTE_CHARS: usize = 2000;
const MAX_DAYS: u32 = 3650;
/// Who made a decision the scanner made.
const SCANNER: &str = "scanner";

pub struct Appeals {
    pub db: Db,
    pub storage: Arc<dyn Storage>,
    pub limits: UploadLimits,
    /// How long after the decision an appeal is accepted.
    pub deadline: chrono::Duration,
    pub lease: Duration,
    pub notification_attempts: i32,
}

/// An appeal as it arrived, before any validation.
#[derive(Debug, Default)]
pub struct AppealSubmission {
    pub case_type: Option<String>,
    pub case_id: Option<String>,
    pub user_id: Option<String>,
    pub statement: Option<String>,
    pub evidence: Vec<Vec<u8>>,
}

/// An appeal and, once decided, its outcome.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AppealView {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub case_type: CaseType,
    pub case_id: String,
    pub user_id: String,
    pub statement: String,
    /// pending_review, in_review or done
    pub status: String,
    /// `GET /v1/appeals/{id}/evidence/{position}` opens each.
    pub evidence: Vec<AttachmentView>,
    pub outcome: Option<AppealOutcome>,
    /// The senior's words to the user.
    pub decision_note: Option<String>,
    /// For a reduced sanction: when it now ends.
    pub reduced_ends_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The decision appealed against: who made it and under which rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct OriginalDecision {
    /// `scanner`, or the staff member who decided.
    pub actor: String,
    pub rule: String,
    pub category: Option<String>,
    pub decided_at: DateTime<Utc>,
}

/// The content behind a sanction, as the moderator or the scanner saw it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SanctionedContent {
    pub surface: String,
    pub content_id: String,
    pub text: Option<String>,
    /// The scanner's matches: byte offsets into `text`.
    #[schema(value_type = Vec<crate::policy::verdict::Match>)]
    pub matches: serde_json::Value,
    /// The scanner's rules that fired.
    #[schema(value_type = Vec<String>)]
    pub rules: serde_json::Value,
    pub policy_version: Option<i64>,
    /// The moderator's action and reason, for a staff sanction.
    pub action: Option<String>,
    pub action_reason: Option<String>,
}

/// A claimed appeal with everything the senior weighs side by side.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppealCase {
    pub appeal: AppealView,
    pub claim: ClaimInfo,
    pub original: OriginalDecision,
    /// For a sanction appeal.
    pub sanction: Option<SanctionEntry>,
    pub content: Option<SanctionedContent>,
    /// For a verification appeal: the item with its decisions and case.
    pub verification: Option<Verification>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealDecision {
    pub outcome: AppealOutcome,
    /// What the user is told, in words they can read.
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub note: String,
    /// For reduce: the sanction's new length in days from its start.
    pub duration_days: Option<u32>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AppealDecided {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub outcome: AppealOutcome,
    pub reduced_ends_at: Option<DateTime<Utc>>,
    /// For an overturned verification: it waits in the review queue again.
    pub reopened: bool,
}

/// What the appealed decision was; found while checking the case may be appealed.
struct Original {
    actor: String,
    rule: String,
    category: Option<String>,
    decided_at: NaiveDateTime,
    /// Queue priority: the heavier the consequence, the sooner a senior looks.
    priority: i32,
}

struct Validated {
    case_type: CaseType,
    case_id: Id,
    user_id: String,
    statement: String,
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

fn required(value: Option<String>, name: &str) -> Result<String, AppError> {
    value.ok_or_else(|| {
        AppError::bad_request(
            "missing_field",
            format!("the form field `{name}` is required"),
        )
    })
}

fn case_not_found(case_type: CaseType) -> AppError {
    AppError::not_found(format!("this user has no {case_type} with that id"))
}

impl AppealSubmission {
    fn validate(self) -> Result<(Validated, Vec<Vec<u8>>), AppError> {
        let case_type: CaseType = required(self.case_type, "case_type")?
            .trim()
            .parse()
            .map_err(|e| AppError::bad_request("invalid_case_type", format!("`case_type`: {e}")))?;
        let case_id = Id::parse(required(self.case_id, "case_id")?.trim()).ok_or_else(|| {
            AppError::bad_request(
                "invalid_case_id",
                "`case_id` is the sanction's or the verification's id (a UUID)",
            )
        })?;
        let user_id = required(self.user_id, "user_id")?.trim().to_owned();
        check_id(&user_id, "user_id")?;
        let statement = required(self.statement, "statement")?.trim().to_owned();
        crate::text::check("statement", &statement)?;
        if statement.is_empty() || statement.chars().count() > MAX_STATEMENT_CHARS {
            return Err(AppError::bad_request(
                "invalid_statement",
                format!("`statement` is 1 to {MAX_STATEMENT_CHARS} characters"),
            ));
        }
        Ok((
            Validated {
                case_type,
                case_id,
                user_id,
                statement,
            },
            self.evidence,
        ))
    }
}

fn sanction_priority(kind: &str) -> i32 {
    match kind.parse::<SanctionKind>() {
        Ok(SanctionKind::Ban) => 100,
        Ok(SanctionKind::Suspend) => 75,
        Ok(SanctionKind::Restrict) => 50,
        _ => 10,
    }
}

/// Refuses what cannot be appealed (409, with a message the user can read) and returns the
/// decision appealed against.
fn check_appealable(
    conn: &mut DbConnection,
    case: &Validated,
    deadline: chrono::Duration,
    now: NaiveDateTime,
) -> Result<Original, AppError> {
    let original = match case.case_type {
        CaseType::Sanction => {
            let sanction = moderation_store::find_sanction(conn, &case.case_id)?
                .filter(|s| s.user_id == case.user_id)
                .ok_or_else(|| case_not_found(case.case_type))?;
            if !sanction.appealable {
                return Err(AppError::conflict(
                    "not_appealable",
                    "이 제재는 무관용 원칙(심각하거나 반복적이거나 고의적인 위반)에 따른 것이라 소명할 수 없습니다. \
                     This sanction was imposed under the zero-tolerance policy (a severe, repeated or intentional violation) and cannot be appealed.",
                ));
            }
            if sanction.lifted_at.is_some() {
                return Err(AppError::conflict(
                    "case_closed",
                    "this sanction has already been lifted",
                ));
            }
            let actor = match &sanction.action_id {
                Some(id) => moderation_store::find_action(conn, id)?
                    .map(|a| a.actor_id)
                    .ok_or_else(|| AppError::internal("sanction without its action"))?,
                None => SCANNER.to_owned(),
            };
            Original {
                actor,
                priority: sanction_priority(&sanction.kind),
                rule: sanction.rule,
                category: sanction.category,
                decided_at: sanction.created_at,
            }
        }
        CaseType::Verification => {
            let item = db::verifications::find(conn, &case.case_id)?
                .filter(|v| v.provider_id == case.user_id)
                .ok_or_else(|| case_not_found(case.case_type))?;
            if item.status != Status::Rejected {
                return Err(AppError::conflict(
                    "not_rejected",
                    format!("only a rejected verification can be appealed; this one is {} (after a request for more documents, upload them instead)", item.status),
                ));
            }
            let decision = db::decisions::latest_for(conn, &item.id)?
                .ok_or_else(|| AppError::internal("rejected verification without its decision"))?;
            Original {
                actor: decision.reviewer,
                rule: format!(
                    "verification:{}",
                    decision.reason_code.as_deref().unwrap_or("reject")
                ),
                category: Some(format!("verification:{}", item.document_type)),
                decided_at: decision.decided_at,
                priority: 60,
            }
        }
    };
    if now > original.decided_at + deadline {
        return Err(AppError::conflict(
            "deadline_passed",
            format!(
                "appeals are accepted for {} days after the decision; this decision was made on {}",
                deadline.num_days(),
                original.decided_at.format("%Y-%m-%d")
            ),
        ));
    }
    if store::open_for_case(conn, case.case_type, case.case_id.as_str())?.is_some() {
        return Err(open_appeal());
    }
    Ok(original)
}

fn open_appeal() -> AppError {
    AppError::conflict(
        "appeal_open",
        "this case already has an open appeal; wait for its outcome",
    )
}

fn view(row: AppealRow, evidence: Vec<AttachmentRow>) -> AppealView {
    AppealView {
        id: row.id,
        case_type: row.case_type,
        case_id: row.case_id,
        user_id: row.user_id,
        statement: row.statement,
        status: row.status,
        evidence: evidence.into_iter().map(AttachmentView::from).collect(),
        outcome: row.outcome,
        decision_note: row.decision_note,
        reduced_ends_at: row.reduced_ends_at.map(|t| t.and_utc()),
        decided_at: row.decided_at.map(|t| t.and_utc()),
        created_at: row.created_at.and_utc(),
    }
}

/// The appeal with its evidence list.
fn load_view(conn: &mut DbConnection, row: AppealRow) -> Result<AppealView, AppError> {
    let evidence = store::attachments_of(conn, Owner::Appeal.as_str(), &row.id)?;
    Ok(view(row, evidence))
}

/// The content behind a sanction: the scan that caused it, or the moderation item its action closed.
fn sanctioned_content(
    conn: &mut DbConnection,
    sanction: &SanctionRow,
) -> Result<Option<SanctionedContent>, AppError> {
    let action = match &sanction.action_id {
        Some(id) => moderation_store::find_action(conn, id)?,
        None => None,
    };
    let scan = match &sanction.scan_id {
        Some(id) => moderation_store::find_scan(conn, id)?,
        None => None,
    };
    if let Some(scan) = scan {
        return Ok(Some(SanctionedContent {
            surface: scan.surface,
            content_id: scan.content_id,
            text: Some(scan.content),
            matches: serde_json::from_str(&scan.matches).map_err(AppError::internal)?,
            rules: serde_json::from_str(&scan.rules).map_err(AppError::internal)?,
            policy_version: Some(scan.policy_version),
            action: action.as_ref().map(|a| a.action.clone()),
            action_reason: action.map(|a| a.reason),
        }));
    }
    let Some(action) = action else {
        return Ok(None);
    };
    let item = moderation_store::find_item(conn, &action.item_id)?
        .ok_or_else(|| AppError::internal("action without its item"))?;
    Ok(Some(SanctionedContent {
        surface: item.surface,
        content_id: item.content_id,
        text: item.snapshot,
        matches: serde_json::from_str(&item.matches).map_err(AppError::internal)?,
        rules: serde_json::json!([action.rule]),
        policy_version: item.policy_version,
        action: Some(action.action),
        action_reason: Some(action.reason),
    }))
}

fn load_case(conn: &mut DbConnection, row: AppealRow) -> Result<AppealCase, AppError> {
    let case_id =
        Id::parse(&row.case_id).ok_or_else(|| AppError::internal("stored case id is malformed"))?;
    let claim = ClaimInfo {
        by: row.claimed_by.clone().unwrap_or_default(),
        at: row.claimed_at.map(|t| t.and_utc()),
        expires_at: row.claim_expires_at.map(|t| t.and_utc()),
    };
    let (mut sanction, mut content, mut verification) = (None, None, None);
    let decided_at = match row.case_type {
        CaseType::Sanction => {
            let found = moderation_store::find_sanction(conn, &case_id)?
                .ok_or_else(|| AppError::internal("appeal without its sanction"))?;
            content = sanctioned_content(conn, &found)?;
            let at = found.created_at;
            sanction = Some(SanctionEntry::try_from(found)?);
            at
        }
        CaseType::Verification => {
            let found = db::verifications::find(conn, &case_id)?
                .ok_or_else(|| AppError::internal("appeal without its verification"))?;
            let loaded = items::load(conn, found)?;
            let at = loaded
                .decided_at
                .map(|t| t.naive_utc())
                .unwrap_or(row.created_at);
            verification = Some(loaded);
            at
        }
    };
    let original = OriginalDecision {
        actor: row.original_actor.clone(),
        rule: row.original_rule.clone(),
        category: row.original_category.clone(),
        decided_at: decided_at.and_utc(),
    };
    Ok(AppealCase {
        appeal: load_view(conn, row)?,
        claim,
        original,
        sanction,
        content,
        verification,
    })
}

impl AppealDecision {
    /// The note, checked, and for a reduction the length in days.
    fn validate(&self) -> Result<(String, Option<u32>), AppError> {
        let note = self.note.trim();
        crate::text::check("note", note)?;
        if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
            return Err(AppError::bad_request(
                "invalid_note",
                format!("`note` is 1 to {MAX_NOTE_CHARS} characters"),
            ));
        }
        let days = match (self.outcome, self.duration_days) {
            (AppealOutcome::Reduce, Some(days)) if (1..=MAX_DAYS).contains(&days) => Some(days),
            (AppealOutcome::Reduce, _) => {
                return Err(AppError::bad_request(
                    "invalid_duration",
                    format!("reduce needs `duration_days` from 1 to {MAX_DAYS}"),
                ))
            }
            (_, Some(_)) => {
                return Err(AppError::bad_request(
                    "invalid_duration",
                    "only reduce takes `duration_days`",
                ))
            }
            (_, None) => None,
        };
        Ok((note.to_owned(), days))
    }
}

/// The sanction's end after a reduction to `days` from its start, which must be sooner than now.
fn reduced_end(sanction: &SanctionRow, days: u32) -> Result<NaiveDateTime, AppError> {
    if sanction.kind == SanctionKind::Warn.as_str() {
        return Err(AppError::bad_request(
            "invalid_outcome",
            "a warning has no duration to reduce; uphold or overturn it",
        ));
    }
    let ends_at = sanction.starts_at + chrono::Duration::days(i64::from(days));
    if sanction.ends_at.is_some_and(|current| ends_at >= current) {
        return Err(AppError::bad_request(
            "invalid_duration",
            "a reduction must end the sanction sooner than it ends now",
        ));
    }
    Ok(ends_at)
}

impl Appeals {
    /// Checks and stores an appeal with its evidence; answers once it is committed. Nothing is
    /// stored for a case that cannot be appealed.
    pub async fn submit(
        &self,
        actor: &Actor,
        submission: AppealSubmission,
    ) -> Result<AppealView, AppError> {
        let (case, evidence) = submission.validate()?;
        let evidence = attachments::check(evidence, &self.limits)?;
        let (deadline, case) = (self.deadline, Arc::new(case));
        let checked = case.clone();
        self.db
            .run(move |conn| check_appealable(conn, &checked, deadline, now()).map(|_| ()))
            .await?;
        let stored = evidence.store(&self.storage, self.limits).await?;

        let actor = actor.clone();
        self.db
            .run(move |conn| {
                db::write_transaction(conn, |conn| {
                    let now = now();
                    // Checked again in the transaction: the case may have changed since.
                    let original = check_appealable(conn, &case, deadline, now)?;
                    let row = AppealRow {
                        id: Id::new(),
                        case_type: case.case_type,
                        case_id: case.case_id.as_str().to_owned(),
                        user_id: case.user_id.clone(),
                        statement: case.statement.clone(),
                        submitted_by: actor.id.clone(),
                        status: "pending_review".to_owned(),
                        claimed_by: None,
                        claimed_at: None,
                        claim_expires_at: None,
                        risk_score: original.priority,
                        created_at: now,
                        original_actor: original.actor,
                        original_rule: original.rule,
                        original_category: original.category,
                        outcome: None,
                        decided_by: None,
                        decision_note: None,
                        reduced_ends_at: None,
                        decided_at: None,
                    };
                    if !store::insert(conn, &row)? {
                        return Err(open_appeal());
                    }
                    let attachments = stored.rows(Owner::Appeal, &row.id, now);
                    store::insert_attachments(conn, &attachments)?;
                    audit::record(
                        conn,
                        &actor,
                        "appeal.submitted",
                        QUEUE.subject_type,
                        row.id.as_str(),
                        serde_json::json!({
                            "case_type": row.case_type,
                            "case_id": row.case_id,
                            "user_id": row.user_id,
                            "evidence": attachments.iter().map(|a| &a.file_sha256).collect::<Vec<_>>(),
                        }),
                    )?;
                    Ok(view(row, attachments))
                })
            })
            .await
    }

    pub async fn get(&self, id: Id) -> Result<AppealView, AppError> {
        self.db
            .run(move |conn| {
                let row = store::find(conn, &id)?.ok_or_else(|| Hold::Missing.error(QUEUE.noun))?;
                load_view(conn, row)
            })
            .await
    }

    /// One appeal with its case side by side, for the senior holding it (or a page reload).
    pub async fn case(&self, id: Id) -> Result<AppealCase, AppError> {
        self.db
            .run(move |conn| {
                let row = store::find(conn, &id)?.ok_or_else(|| Hold::Missing.error(QUEUE.noun))?;
                load_case(conn, row)
            })
            .await
    }

    /// Appeals waiting and appeals held.
    pub async fn backlog(&self) -> Result<(i64, i64), AppError> {
        QUEUE.backlog(&self.db).await
    }

    /// Leases the weightiest, then oldest, waiting appeal to a senior who did not make the
    /// decision appealed against; `None` when none waits.
    pub async fn claim(&self, actor: &Actor) -> Result<Option<AppealCase>, AppError> {
        let (actor, now) = (actor.clone(), now());
        let until = lease_until(self.lease, now);
        self.db
            .run(move |conn| {
                let conditions = [Condition::NotEquals("original_actor", &actor.id)];
                let claimed =
                    QUEUE.claim_next::<AppealRow>(conn, &conditions, &actor, now, until)?;
                claimed.map(|row| load_case(conn, row)).transpose()
            })
            .await
    }

    /// The appeal the actor holds now, if any.
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

    /// The holder's outcome: the sanction or verification changes, the appeal closes, the user is
    /// told and the audit log records it, all in one transaction.
    pub async fn decide(
        &self,
        actor: &Actor,
        id: Id,
        request: AppealDecision,
    ) -> Result<AppealDecided, AppError> {
        let (note, days) = request.validate()?;
        let (actor, now, attempts) = (actor.clone(), now(), self.notification_attempts);
        self.db
            .run(move |conn| {
                db::write_transaction(conn, |conn| {
                    queue::require_held(conn, TABLE, QUEUE.noun, id.as_str(), &actor.id, now)?;
                    let appeal =
                        store::find(conn, &id)?.ok_or_else(|| Hold::Missing.error(QUEUE.noun))?;
                    let case_id = Id::parse(&appeal.case_id)
                        .ok_or_else(|| AppError::internal("stored case id is malformed"))?;
                    let (mut reduced_ends_at, mut reopened) = (None, false);
                    match (appeal.case_type, request.outcome) {
                        (_, AppealOutcome::Uphold) => {}
                        (CaseType::Sanction, outcome) => {
                            let sanction = moderation_store::find_sanction(conn, &case_id)?
                                .ok_or_else(|| AppError::internal("appeal without its sanction"))?;
                            if outcome == AppealOutcome::Overturn {
                                moderation_store::lift_sanction(conn, &case_id, now)?;
                                // A decision found wrong no longer climbs the frequency ladders.
                                moderation_store::void_violations(conn, &sanction, now)?;
                            } else {
                                let ends_at = reduced_end(&sanction, days.unwrap_or_default())?;
                                moderation_store::shorten_sanction(conn, &case_id, ends_at)?;
                                reduced_ends_at = Some(ends_at);
                            }
                        }
                        (CaseType::Verification, AppealOutcome::Overturn) => {
                            // Back in the review queue for a fresh decision; the decisions so far stay.
                            let reopen = DecidedUpdate {
                                status: Status::PendingReview,
                                decided_at: None,
                                valid_until: None,
                                claimed_by: None,
                                claimed_at: None,
                                claim_expires_at: None,
                                updated_at: now,
                            };
                            db::decisions::mark_decided(conn, &case_id, &reopen)?;
                            reopened = true;
                        }
                        (CaseType::Verification, AppealOutcome::Reduce) => {
                            return Err(AppError::bad_request(
                                "invalid_outcome",
                                "a verification has no duration to reduce; uphold or overturn it",
                            ));
                        }
                    }
                    let decided = Decided {
                        outcome: request.outcome,
                        decided_by: &actor.id,
                        note: &note,
                        reduced_ends_at,
                        at: now,
                    };
                    store::decide(conn, &id, &decided)?;
                    let details = serde_json::json!({
                        "appeal_id": id,
                        "user_id": appeal.user_id,
                        "case_type": appeal.case_type,
                        "case_id": appeal.case_id,
                        "outcome": request.outcome,
                        "note": note,
                        "reduced_ends_at": reduced_ends_at.map(|t| t.and_utc()),
                        "reopened": reopened,
                    });
                    outbox::enqueue(conn, "appeal.decided", details.clone(), attempts)?;
                    audit::record(
                        conn,
                        &actor,
                        &format!("{}.decided", QUEUE.audit_prefix),
                        QUEUE.subject_type,
                        id.as_str(),
                        details,
                    )?;
                    Ok(AppealDecided {
                        id: id.clone(),
                        outcome: request.outcome,
                        reduced_ends_at: reduced_ends_at.map(|t| t.and_utc()),
                        reopened,
                    })
                })
            })
            .await
    }

    /// One evidence file (seniors only); every opening is audited.
    pub async fn open_evidence(
        &self,
        actor: &Actor,
        id: Id,
        position: i32,
    ) -> Result<(FileType, Vec<u8>), AppError> {
        attachments::open(&self.db, &self.storage, actor, Owner::Appeal, id, position).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sanction(kind: &str, ends_in_days: Option<i64>) -> SanctionRow {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        SanctionRow {
            id: Id::new(),
            user_id: "u".into(),
            kind: kind.into(),
            category: None,
            rule: "r".into(),
            scan_id: None,
            policy_version: None,
            starts_at: start,
            ends_at: ends_in_days.map(|d| start + chrono::Duration::days(d)),
            appealable: true,
            lifted_at: None,
            created_at: start,
            reason: String::new(),
            action_id: None,
        }
    }

    #[test]
    fn a_reduction_ends_the_sanction_sooner() {
        let start = sanction("suspend", Some(30)).starts_at;
        assert_eq!(
            reduced_end(&sanction("suspend", Some(30)), 7).unwrap(),
            start + chrono::Duration::days(7)
        );
        assert!(reduced_end(&sanction("suspend", Some(30)), 30).is_err());
        assert!(reduced_end(&sanction("suspend", Some(30)), 45).is_err());
        // A permanent ban can become a ban with an end.
        assert!(reduced_end(&sanction("ban", None), 365).is_ok());
        assert!(reduced_end(&sanction("warn", None), 1).is_err());
    }

    #[test]
    fn decisions_check_their_note_and_duration() {
        let decision = |outcome, days| AppealDecision {
            outcome,
            note: "확인했습니다".into(),
            duration_days: days,
        };
        assert_eq!(
            decision(AppealOutcome::Reduce, Some(7))
                .validate()
                .unwrap()
                .1,
            Some(7)
        );
        assert!(decision(AppealOutcome::Reduce, None).validate().is_err());
        assert!(decision(AppealOutcome::Reduce, Some(0)).validate().is_err());
        assert!(decision(AppealOutcome::Overturn, Some(3))
            .validate()
            .is_err());
        assert_eq!(
            decision(AppealOutcome::Uphold, None).validate().unwrap().1,
            None
        );
        assert!(AppealDecision {
            note: " ".into(),
            ..decision(AppealOutcome::Uphold, None)
        }
        .validate()
        .is_err());
    }

    #[test]
    fn submissions_need_every_field_well_formed() {
        let full = || AppealSubmission {
            case_type: Some("sanction".into()),
            case_id: Some(Id::new().as_str().to_owned()),
            user_id: Some("gosu-1".into()),
            statement: Some("오해입니다".into()),
            evidence: vec![],
        };
        assert!(full().validate().is_ok());
        let code = |s: AppealSubmission| s.validate().err().unwrap().code;
        assert_eq!(
            code(AppealSubmission {
                case_type: Some("review".into()),
                ..full()
            }),
            "invalid_case_type"
        );
        assert_eq!(
            code(AppealSubmission {
                case_id: Some("42".into()),
                ..full()
            }),
            "invalid_case_id"
        );
        assert_eq!(
            code(AppealSubmission {
                statement: Some("  ".into()),
                ..full()
            }),
            "invalid_statement"
        );
        assert_eq!(
            code(AppealSubmission {
                user_id: None,
                ..full()
            }),
            "missing_field"
        );
    }
}
