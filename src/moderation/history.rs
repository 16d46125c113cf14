//! A user's moderation history in one answer, so a moderator sees frequency before deciding:
//! reports against their content, their moderation items with the action taken, every sanction
//! (ended and lifted ones too), their appeals and their violations per category.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::model::{AppealOutcome, CaseType};
use super::scan::{check_id, Moderation};
use super::standing::SanctionEntry;
use crate::db::types::Id;
use crate::db::{self, moderation as store};
use crate::error::AppError;

/// The newest entries of each list that are returned.
const LIMIT: i64 = 200;

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportAgainst {
    #[schema(value_type = String, format = Uuid)]
    pub item_id: Id,
    pub reporter_id: String,
    pub surface: String,
    pub content_id: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemEntry {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    /// `scan` or `report`.
    pub source: String,
    pub status: String,
    pub surface: String,
    pub content_id: String,
    pub reporters: i32,
    /// What the moderator did, once decided.
    pub action: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AppealEntry {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub case_type: CaseType,
    pub case_id: String,
    pub status: String,
    pub outcome: Option<AppealOutcome>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ViolationCount {
    pub category: String,
    pub count: i64,
    pub last_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct History {
    pub user_id: String,
    pub reports_against: Vec<ReportAgainst>,
    pub items: Vec<ItemEntry>,
    pub sanctions: Vec<SanctionEntry>,
    pub appeals: Vec<AppealEntry>,
    pub violations: Vec<ViolationCount>,
}

impl Moderation {
    pub async fn history(&self, user_id: String) -> Result<History, AppError> {
        check_id(&user_id, "user id")?;
        let user = user_id.clone();
        let (reports, items, actions, sanctions, appeals, violations) = self
            .db
            .run(move |conn| {
                let items = store::items_for_user(conn, &user, LIMIT)?;
                let ids: Vec<Id> = items.iter().map(|i| i.id.clone()).collect();
                Ok((
                    store::reports_against(conn, &user, LIMIT)?,
                    items,
                    store::actions_on(conn, &ids)?,
                    store::sanctions_of(conn, &user, LIMIT)?,
                    db::appeals::for_user(conn, &user, LIMIT)?,
                    store::violations_by_category(conn, &user)?,
                ))
            })
            .await?;
        let action_of = |id: &Id| {
            actions
                .iter()
                .find(|a| &a.item_id == id)
                .map(|a| a.action.clone())
        };
        Ok(History {
            user_id,
            reports_against: reports
                .into_iter()
                .map(|r| ReportAgainst {
                    item_id: r.item_id,
                    reporter_id: r.reporter_id,
                    surface: r.surface,
                    content_id: r.content_id,
                    reason: r.reason,
                    created_at: r.created_at.and_utc(),
                })
                .collect(),
            items: items
                .into_iter()
                .map(|i| ItemEntry {
                    action: action_of(&i.id),
                    id: i.id,
                    source: i.source,
                    status: i.status,
                    surface: i.surface,
                    content_id: i.content_id,
                    reporters: i.reporters,
                    created_at: i.created_at.and_utc(),
                })
                .collect(),
            sanctions: sanctions
                .into_iter()
                .map(SanctionEntry::try_from)
                .collect::<Result<_, _>>()?,
            appeals: appeals
                .into_iter()
                .map(|a| AppealEntry {
                    id: a.id,
                    case_type: a.case_type,
                    case_id: a.case_id,
                    status: a.status,
                    outcome: a.outcome,
                    created_at: a.created_at.and_utc(),
                    decided_at: a.decided_at.map(|t| t.and_utc()),
                })
                .collect(),
            violations: violations
                .into_iter()
                .map(|(category, count, last)| ViolationCount {
                    category,
                    count,
                    last_at: last.and_utc(),
                })
                .collect(),
        })
    }
}
