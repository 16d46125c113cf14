//! The append-only log of staff and service actions. Rows are only ever inserted: the database
//! itself refuses UPDATE and DELETE on the table (triggers in the first migration).

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::{self, DbConnection};
use crate::error::AppError;

/// Who did something: a token (`token:<id>`) or the command line (`cli`).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
}

impl Actor {
    pub fn cli() -> Self {
        Self {
            id: "cli".to_owned(),
        }
    }

    /// The server itself, for scheduled work (e.g. licences re-queued before they lapse).
    pub fn system() -> Self {
        Self {
            id: "system".to_owned(),
        }
    }
}

impl From<&Principal> for Actor {
    fn from(p: &Principal) -> Self {
        Self { id: p.actor() }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// Appends one entry; call it inside the transaction that does the action, so neither exists
/// without the other.
pub fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    subject_type: &str,
    subject_id: &str,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    db::audit::insert(
        conn,
        &db::audit::NewAuditRow {
            at: Utc::now().naive_utc(),
            actor: &actor.id,
            action,
            subject_type,
            subject_id,
            detail: detail.to_string(),
        },
    )
}

/// Newest first; `before` pages backwards by id.
pub fn list(
    conn: &mut DbConnection,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditEntry>, AppError> {
    let rows = db::audit::list(conn, before, limit)?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: r.at.and_utc(),
            actor: r.actor,
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::Null),
        })
        .collect())
}
