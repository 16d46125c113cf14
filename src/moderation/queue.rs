//! The moderation queue: the scanner's flags and users' reports, claimed under a lease with the
//! verification queue's mechanics (`db::queue`), and the claimer's action on an item. An action,
//! its sanction, the violation it counts for frequency rules, the notification and the audit
//! entry are committed together.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::attachments::{AttachmentView, Owner};
use super::model::{ReportReason, StaffAction};
use super::reports::SENIOR_TIER;
use super::scan::{record_sanction, Moderation, SanctionView};
use crate::audit::{self, Actor};
use crate::db::moderation::{
    self as store, ActionRow, ModerationItemRow, SanctionRow, ViolationRow,
};
use crate::db::queue::{self, Condition, Hold};
use crate::db::{self, types::Id, DbConnection};
use crate::error::AppError;
use crate::jobs::outbox;
use crate::lease::{lease_until, ClaimInfo, LeasedQueue};
use crate::policy::model::Surface;
use crate::policy::score::SCORE_CATEGORY;
use crate::policy::verdict::Match;

pub const TABLE: &str = "moderation_items";
pub static QUEUE: LeasedQueue = LeasedQueue {
    table: TABLE,
    noun: "moderation item",
    subject_type: "moderation_item",
    audit_prefix: "moderation",
};
pub(crate) const MAX_REASON_CHARS: usize = 2000;
pub(crate) const MAX_RULE_CHARS: usize = 200;
const MAX_DAYS: u32 = 3650;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    pub action: StaffAction,
    /// Why, in words the user is shown.
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub reason: String,
    /// The policy rule applied, e.g. `category:fraud` (a category of the active policy) or a rule
    /// of the verdict.
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub rule: String,
    /// For restrict and suspend: how many days.
    pub duration_days: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub reporter_id: String,
    pub reason: String,
    pub details: String,
    /// A takedown request's signed request and evidence; `GET /v1/reports/{id}/attachments/{position}`
    /// opens each.
    pub attachments: Vec<AttachmentView>,
    pub created_at: DateTime<Utc>,
}

/// A claimed item with what the moderator needs beside it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModerationItem {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub surface: String,
    pub content_id: String,
    /// The author.
    pub user_id: String,
    /// `scan` or `report`: what queued it.
    pub source: String,
    /// `pending_review`, `in_review` or `done`.
    pub status: String,
    pub risk_score: i32,
    pub reporters: i32,
    /// The content: as scanned, or as first reported.
    pub content: Option<String>,
    /// The scanner's matches, byte offsets into `content` when it was scanned.
    #[schema(value_type = Vec<Match>)]
    pub matches: serde_json::Value,
    pub policy_version: Option<i64>,
    pub reports: Vec<ReportView>,
    /// `senior` for items only seniors may claim (review takedown requests), else `staff`.
    pub tier: String,
    pub claim: ClaimInfo,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActionOutcome {
    #[schema(value_type = String, format = Uuid)]
    pub action_id: Id,
    #[schema(value_type = String, format = Uuid)]
    pub item_id: Id,
    pub action: StaffAction,
    pub sanction: Option<SanctionView>,
}

impl ModerationItem {
    /// The rule a moderator most likely applies, from what queued the item and never a guess:
    /// the category of the scanner's gravest match; else the category the gravest report reason
    /// stands for, if the policy (`categories`) has it; else `report:<reason>`, which names no
    /// category and so counts towards no frequency rule.
    pub fn suggested_rule(&self, categories: &[&str]) -> Option<String> {
        let matches: Vec<Match> = serde_json::from_value(self.matches.clone()).unwrap_or_default();
        // The learned score names no rule the words broke; it is the suggestion only on its own.
        let words = matches
            .iter()
            .filter(|m| m.category != SCORE_CATEGORY)
            .max_by_key(|m| m.severity);
        if let Some(gravest) = words.or(matches.first()) {
            return Some(format!("category:{}", gravest.category));
        }
        let reason = self
            .reports
            .iter()
            .filter_map(|r| r.reason.parse::<ReportReason>().ok())
            .max_by_key(|r| r.severity())?;
        Some(match reason.category().filter(|c| categories.contains(c)) {
            Some(category) => format!("category:{category}"),
            None => format!("report:{reason}"),
        })
    }
}

/// The policy category a rule reference names (`category:fraud`, `category:fraud:high`,
/// `zero_tolerance:fraud`), if it names one.
fn category_of(rule: &str) -> Option<&str> {
    let mut parts = rule.split(':');
    match (parts.next(), parts.next()) {
        (Some("category" | "zero_tolerance"), Some(category)) if !category.is_empty() => {
            Some(category)
        }
        _ => None,
    }
}

impl ActionRequest {
    /// The checked reason and rule, and the sanction's length in days where the action has one.
    fn validate(&self) -> Result<Option<u32>, AppError> {
        let reason = self.reason.trim();
        crate::text::check("reason", reason)?;
        if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
            return Err(AppError::bad_request(
                "invalid_reason",
                format!("`reason` is 1 to {MAX_REASON_CHARS} characters"),
            ));
        }
        let rule = self.rule.trim();
        if rule.is_empty()
            || rule.chars().count() > MAX_RULE_CHARS
            || rule.chars().any(char::is_control)
        {
            return Err(AppError::bad_request(
                "invalid_rule",
                format!(
                    "`rule` is 1 to {MAX_RULE_CHARS} printable characters, e.g. category:fraud"
                ),
            ));
        }
        match (self.action.needs_duration(), self.duration_days) {
            (true, Some(days)) if (1..=MAX_DAYS).contains(&days) => Ok(Some(days)),
            (true, _) => Err(AppError::bad_request(
                "invalid_duration",
                format!("{} needs `duration_days` from 1 to {MAX_DAYS}", self.action),
            )),
            (false, None) => Ok(None),
            (false, Some(_)) => Err(AppError::bad_request(
                "invalid_duration",
                format!("{} takes no `duration_days`", self.action),
            )),
        }
    }
}

fn load(conn: &mut DbConnection, row: ModerationItemRow) -> Result<ModerationItem, AppError> {
    let reports = store::reports_on(conn, &row.id)?;
    let ids: Vec<Id> = reports.iter().map(|r| r.id.clone()).collect();
    let mut attached = db::appeals::attachments_for(conn, Owner::Report.as_str(), &ids)?;
    let reports = reports
        .into_iter()
        .map(|r| ReportView {
            attachments: attached
                .extract_if(.., |a| a.owner_id == r.id)
                .map(AttachmentView::from)
                .collect(),
            id: r.id,
            reporter_id: r.reporter_id,
            reason: r.reason,
            details: r.details,
            created_at: r.created_at.and_utc(),
        })
        .collect();
    let scanned = match &row.scan_id {
        Some(id) => store::find_scan(conn, id)?.map(|scan| scan.content),
        None => None,
    };
    Ok(ModerationItem {
        id: row.id,
        surface: row.surface,
        content_id: row.content_id,
        user_id: row.user_id,
        source: row.source,
        status: row.status,
        risk_score: row.risk_score,
        reporters: row.reporters,
        content: scanned.or(row.snapshot),
        matches: serde_json::from_str(&row.matches).map_err(AppError::internal)?,
        policy_version: row.policy_version,
        reports,
        tier: row.tier,
        claim: ClaimInfo {
            by: row.claimed_by.unwrap_or_default(),
            at: row.claimed_at.map(|t| t.and_utc()),
            expires_at: row.claim_expires_at.map(|t| t.and_utc()),
        },
        created_at: row.created_at.and_utc(),
    })
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

impl Moderation {
    /// Leases the riskiest, then oldest, waiting item to the moderator; `None` when none waits.
    /// Only seniors get items of the seniors' tier (review takedown requests).
    pub async fn claim(
        &self,
        actor: &Actor,
        senior: bool,
    ) -> Result<Option<ModerationItem>, AppError> {
        let (actor, now) = (actor.clone(), now());
        let until = lease_until(self.lease, now);
        self.db
            .run(move |conn| {
                let staff_only = [Condition::NotEquals("tier", SENIOR_TIER)];
                let conditions: &[Condition] = if senior { &[] } else { &staff_only };
                let claimed =
                    QUEUE.claim_next::<ModerationItemRow>(conn, conditions, &actor, now, until)?;
                claimed.map(|row| load(conn, row)).transpose()
            })
            .await
    }

    /// One item with its reports and scan, for the moderator holding it (or a page reload).
    pub async fn item(&self, id: Id) -> Result<ModerationItem, AppError> {
        self.db
            .run(move |conn| {
                let row = store::find_item(conn, &id)?
                    .ok_or_else(|| AppError::not_found("no moderation item with that id"))?;
                load(conn, row)
            })
            .await
    }

    /// Items waiting and items held.
    pub async fn backlog(&self) -> Result<(i64, i64), AppError> {
        QUEUE.backlog(&self.db).await
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

    /// The claimer's action on the item they hold; the item leaves the queue.
    pub async fn act(
        &self,
        actor: &Actor,
        id: Id,
        request: ActionRequest,
    ) -> Result<ActionOutcome, AppError> {
        let days = request.validate()?;
        let policy = self.policy.current();
        // A rule that names a category must name one the policy has; its zero tolerance makes the
        // sanction final.
        let category = category_of(request.rule.trim()).map(str::to_owned);
        let zero_tolerance = match &category {
            Some(id) => match policy
                .scanner
                .policy
                .categories
                .iter()
                .find(|c| &c.id == id)
            {
                Some(c) => c.zero_tolerance(),
                None => {
                    return Err(AppError::bad_request(
                        "unknown_rule",
                        format!("the active policy has no category {id:?}"),
                    ))
                }
            },
            None => false,
        };
        let (actor, now, attempts) = (actor.clone(), now(), self.notification_attempts);
        self.db
            .run(move |conn| {
                db::write_transaction(conn, |conn| {
                    queue::require_held(conn, TABLE, QUEUE.noun, id.as_str(), &actor.id, now)?;
                    let item = store::find_item(conn, &id)?.ok_or_else(|| Hold::Missing.error(QUEUE.noun))?;
                    let action_id = Id::new();
                    let (reason, rule) = (request.reason.trim().to_owned(), request.rule.trim().to_owned());
                    let surface: Surface = item.surface.parse().map_err(AppError::internal)?;
                    let sanction = match request.action.sanction() {
                        Some(kind) => {
                            let row = SanctionRow {
                                id: Id::new(),
                                user_id: item.user_id.clone(),
                                kind: kind.as_str().to_owned(),
                                category: category.clone(),
                                rule: rule.clone(),
                                scan_id: item.scan_id.clone(),
                                policy_version: item.policy_version,
                                starts_at: now,
                                ends_at: days.map(|d| now + chrono::Duration::days(i64::from(d))),
                                appealable: !zero_tolerance,
                                lifted_at: None,
                                created_at: now,
                                reason: reason.clone(),
                                action_id: Some(action_id.clone()),
                            };
                            Some(record_sanction(conn, row, surface, &item.content_id, attempts)?)
                        }
                        None => None,
                    };
                    // Staff decisions count towards the frequency rules as the scanner's hits do.
                    if let (Some(category), true) = (&category, request.action != StaffAction::Dismiss) {
                        store::insert_violation(
                            conn,
                            &ViolationRow {
                                id: Id::new(),
                                user_id: item.user_id.clone(),
                                category: category.clone(),
                                scan_id: item.scan_id.clone(),
                                created_at: now,
                                sanction_id: sanction.as_ref().map(|s| s.id.clone()),
                                voided_at: None,
                            },
                        )?;
                    }
                    // A dismissed flag was a false hit: it stops counting towards the user's ladders.
                    if let (StaffAction::Dismiss, Some(scan)) = (request.action, &item.scan_id) {
                        store::void_scan_violations(conn, &item.user_id, scan, now)?;
                    }
                    if request.action == StaffAction::Hide {
                        outbox::enqueue(
                            conn,
                            "content.hidden",
                            serde_json::json!({ "surface": surface, "content_id": item.content_id, "user_id": item.user_id, "reason": reason }),
                            attempts,
                        )?;
                    }
                    store::insert_action(
                        conn,
                        &ActionRow {
                            id: action_id.clone(),
                            item_id: id.clone(),
                            actor_id: actor.id.clone(),
                            action: request.action.as_str().to_owned(),
                            reason: reason.clone(),
                            rule: rule.clone(),
                            sanction_id: sanction.as_ref().map(|s| s.id.clone()),
                            created_at: now,
                            claimed_at: item.claimed_at,
                        },
                    )?;
                    store::close_item(conn, &id)?;
                    audit::record(
                        conn,
                        &actor,
                        &format!("{}.action", QUEUE.audit_prefix),
                        QUEUE.subject_type,
                        id.as_str(),
                        serde_json::json!({ "action": request.action, "reason": reason, "rule": rule, "duration_days": days, "sanction_id": sanction.as_ref().map(|s| &s.id) }),
                    )?;
                    Ok(ActionOutcome { action_id, item_id: id.clone(), action: request.action, sanction })
                })
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_name_categories_only_in_their_own_forms() {
        assert_eq!(category_of("category:fraud"), Some("fraud"));
        assert_eq!(category_of("category:fraud:high"), Some("fraud"));
        assert_eq!(category_of("zero_tolerance:sexual"), Some("sexual"));
        assert_eq!(category_of("frequency:profanity_repeat:2"), None);
        assert_eq!(category_of("category:"), None);
        assert_eq!(category_of("terms of service 4.2"), None);
    }

    fn item(matches: serde_json::Value, reasons: &[&str]) -> ModerationItem {
        let report = |reason: &&str| ReportView {
            id: Id::new(),
            reporter_id: "u".into(),
            reason: (*reason).to_owned(),
            details: String::new(),
            attachments: Vec::new(),
            created_at: Utc::now(),
        };
        ModerationItem {
            id: Id::new(),
            surface: "chat".into(),
            content_id: "c".into(),
            user_id: "u".into(),
            source: "report".into(),
            status: "pending_review".into(),
            risk_score: 0,
            reporters: reasons.len() as i32,
            content: None,
            matches,
            policy_version: None,
            reports: reasons.iter().map(report).collect(),
            tier: "staff".into(),
            claim: ClaimInfo {
                by: String::new(),
                at: None,
                expires_at: None,
            },
            created_at: Utc::now(),
        }
    }

    #[test]
    fn the_suggested_rule_comes_from_what_queued_the_item() {
        let policy = ["off_platform_contact", "fraud", "profanity", "harassment"];
        let scanned = serde_json::json!([
            {"category": "profanity", "severity": "medium", "term": "x", "start": 0, "end": 1},
            {"category": "fraud", "severity": "critical", "term": "y", "start": 2, "end": 3},
        ]);
        assert_eq!(
            item(scanned, &["spam"]).suggested_rule(&policy).as_deref(),
            Some("category:fraud"),
            "the gravest match"
        );
        // The learned score's match is as grave as a profanity hit; the words' rule comes first.
        let score = serde_json::json!({"category": "abuse_score", "severity": "medium", "term": "score 0.80", "start": 0, "end": 5});
        let both = serde_json::json!([{"category": "profanity", "severity": "medium", "term": "x", "start": 0, "end": 1}, score.clone()]);
        assert_eq!(
            item(both, &[]).suggested_rule(&policy).as_deref(),
            Some("category:profanity")
        );
        assert_eq!(
            item(serde_json::json!([score]), &[])
                .suggested_rule(&policy)
                .as_deref(),
            Some("category:abuse_score")
        );
        let none = serde_json::json!([]);
        assert_eq!(
            item(none.clone(), &["fraud"])
                .suggested_rule(&policy)
                .as_deref(),
            Some("category:fraud")
        );
        assert_eq!(
            item(none.clone(), &["spam", "abuse"])
                .suggested_rule(&policy)
                .as_deref(),
            Some("category:harassment"),
            "the gravest reason"
        );
        assert_eq!(
            item(none.clone(), &["sexual_content"])
                .suggested_rule(&policy)
                .as_deref(),
            Some("report:sexual_content"),
            "not in this policy"
        );
        assert_eq!(
            item(none.clone(), &["fake_review"])
                .suggested_rule(&policy)
                .as_deref(),
            Some("report:fake_review")
        );
        assert_eq!(item(none, &[]).suggested_rule(&policy), None);
    }

    #[test]
    fn durations_belong_to_restrict_and_suspend_only() {
        let request = |action, days| ActionRequest {
            action,
            reason: "사유".into(),
            rule: "category:fraud".into(),
            duration_days: days,
        };
        assert_eq!(
            request(StaffAction::Suspend, Some(7)).validate().unwrap(),
            Some(7)
        );
        assert_eq!(request(StaffAction::Ban, None).validate().unwrap(), None);
        assert!(request(StaffAction::Restrict, None).validate().is_err());
        assert!(request(StaffAction::Restrict, Some(0)).validate().is_err());
        assert!(request(StaffAction::Warn, Some(3)).validate().is_err());
        let blank = ActionRequest {
            reason: "  ".into(),
            ..request(StaffAction::Dismiss, None)
        };
        assert!(blank.validate().is_err());
    }
}
