//! Policy proposals, their approvals and what a candidate in shadow mode would have decided.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    moderation_actions, moderation_items, policy_approvals, policy_proposals,
    policy_shadow_verdicts, scans,
};
use super::types::Id;
use super::DbConnection;
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = policy_proposals)]
pub struct ProposalRow {
    pub id: Id,
    /// `change` (a new version) or `rollback` (a recorded version again).
    pub kind: String,
    pub name: String,
    pub version: i64,
    pub content_hash: String,
    /// The bundled policy file (term files included).
    pub source: String,
    pub reason: String,
    pub proposed_by: String,
    pub proposed_at: NaiveDateTime,
    /// pending, activated, rejected or withdrawn.
    pub status: String,
    pub closed_by: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
    pub close_reason: Option<String>,
    /// The impact report as JSON, as it was when proposed.
    pub report: String,
    pub shadow_started_at: Option<NaiveDateTime>,
    pub shadow_stopped_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = policy_shadow_verdicts)]
pub struct ShadowVerdictRow {
    pub proposal_id: Id,
    pub scan_id: Id,
    pub created_at: NaiveDateTime,
    pub action_before: String,
    pub action_after: String,
    /// JSON arrays of category ids.
    pub categories_before: String,
    pub categories_after: String,
}

pub fn insert(conn: &mut DbConnection, row: &ProposalRow) -> Result<(), AppError> {
    diesel::insert_into(policy_proposals::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &Id) -> Result<Option<ProposalRow>, AppError> {
    Ok(policy_proposals::table
        .find(id)
        .select(ProposalRow::as_select())
        .first(conn)
        .optional()?)
}

/// Proposals, newest first.
pub fn list(conn: &mut DbConnection, limit: i64) -> Result<Vec<ProposalRow>, AppError> {
    Ok(policy_proposals::table
        .order(policy_proposals::proposed_at.desc())
        .limit(limit)
        .select(ProposalRow::as_select())
        .load(conn)?)
}

/// A pending proposal of this policy version, if any.
pub fn pending_version(
    conn: &mut DbConnection,
    name: &str,
    version: i64,
) -> Result<Option<ProposalRow>, AppError> {
    Ok(policy_proposals::table
        .filter(policy_proposals::status.eq("pending"))
        .filter(policy_proposals::name.eq(name))
        .filter(policy_proposals::version.eq(version))
        .select(ProposalRow::as_select())
        .first(conn)
        .optional()?)
}

/// Closes a pending proposal; false when it was no longer pending (someone closed it first).
pub fn close(
    conn: &mut DbConnection,
    id: &Id,
    status: &str,
    by: &str,
    at: NaiveDateTime,
    reason: Option<&str>,
) -> Result<bool, AppError> {
    let changed = diesel::update(
        policy_proposals::table
            .find(id)
            .filter(policy_proposals::status.eq("pending")),
    )
    .set((
        policy_proposals::status.eq(status),
        policy_proposals::closed_by.eq(by),
        policy_proposals::closed_at.eq(at),
        policy_proposals::close_reason.eq(reason),
    ))
    .execute(conn)?;
    stop_shadow(conn, id, at)?;
    Ok(changed == 1)
}

pub fn approvals(
    conn: &mut DbConnection,
    id: &Id,
) -> Result<Vec<(String, NaiveDateTime)>, AppError> {
    Ok(policy_approvals::table
        .filter(policy_approvals::proposal_id.eq(id))
        .order(policy_approvals::approved_at)
        .select((policy_approvals::approved_by, policy_approvals::approved_at))
        .load(conn)?)
}

/// Records an approval; false when this person had approved already.
pub fn approve(
    conn: &mut DbConnection,
    id: &Id,
    by: &str,
    at: NaiveDateTime,
) -> Result<bool, AppError> {
    let exists = policy_approvals::table
        .filter(policy_approvals::proposal_id.eq(id))
        .filter(policy_approvals::approved_by.eq(by))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(policy_approvals::table)
        .values((
            policy_approvals::proposal_id.eq(id),
            policy_approvals::approved_by.eq(by),
            policy_approvals::approved_at.eq(at),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Puts one proposal in shadow mode, taking any other out: one candidate runs beside the active
/// policy at a time.
pub fn start_shadow(conn: &mut DbConnection, id: &Id, at: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(
        policy_proposals::table
            .filter(policy_proposals::id.ne(id))
            .filter(policy_proposals::shadow_started_at.is_not_null())
            .filter(policy_proposals::shadow_stopped_at.is_null()),
    )
    .set(policy_proposals::shadow_stopped_at.eq(at))
    .execute(conn)?;
    diesel::update(policy_proposals::table.find(id))
        .set((
            policy_proposals::shadow_started_at.eq(at),
            policy_proposals::shadow_stopped_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    // A restart begins a new count.
    diesel::delete(
        policy_shadow_verdicts::table.filter(policy_shadow_verdicts::proposal_id.eq(id)),
    )
    .execute(conn)?;
    Ok(())
}

pub fn stop_shadow(conn: &mut DbConnection, id: &Id, at: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(
        policy_proposals::table
            .find(id)
            .filter(policy_proposals::shadow_started_at.is_not_null())
            .filter(policy_proposals::shadow_stopped_at.is_null()),
    )
    .set(policy_proposals::shadow_stopped_at.eq(at))
    .execute(conn)?;
    Ok(())
}

/// The proposal in shadow mode now, if any.
pub fn in_shadow(conn: &mut DbConnection) -> Result<Option<ProposalRow>, AppError> {
    Ok(policy_proposals::table
        .filter(policy_proposals::shadow_started_at.is_not_null())
        .filter(policy_proposals::shadow_stopped_at.is_null())
        .select(ProposalRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_shadow_verdicts(
    conn: &mut DbConnection,
    rows: &[ShadowVerdictRow],
) -> Result<(), AppError> {
    for chunk in rows.chunks(500) {
        let query = diesel::insert_into(policy_shadow_verdicts::table).values(chunk);
        match conn {
            DbConnection::Postgresql(pg) => query.execute(pg)?,
            DbConnection::Sqlite(sqlite) => query.execute(sqlite)?,
        };
    }
    Ok(())
}

/// Scans stored in `[from, to)`: every verdict the candidate saw beside the active policy.
pub fn scans_between(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(scans::table
        .filter(scans::created_at.ge(from))
        .filter(scans::created_at.lt(to))
        .count()
        .get_result(conn)?)
}

/// A shadow verdict with the text scanned and, where a person looked at that content, the
/// action they took (`None`: nobody has decided yet or no item exists).
pub struct ShadowDisagreement {
    pub verdict: ShadowVerdictRow,
    pub text: Option<String>,
    pub decided: Option<String>,
}

/// A shadow verdict with its scan's text, surface and content id (if the scan is stored yet).
type ShadowVerdictWithScan = (
    ShadowVerdictRow,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub fn shadow_verdicts(
    conn: &mut DbConnection,
    proposal: &Id,
) -> Result<Vec<ShadowDisagreement>, AppError> {
    let rows: Vec<ShadowVerdictWithScan> = policy_shadow_verdicts::table
        .left_join(scans::table.on(scans::id.eq(policy_shadow_verdicts::scan_id)))
        .filter(policy_shadow_verdicts::proposal_id.eq(proposal))
        .order(policy_shadow_verdicts::created_at)
        .select((
            ShadowVerdictRow::as_select(),
            scans::content.nullable(),
            scans::surface.nullable(),
            scans::content_id.nullable(),
        ))
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for (verdict, text, surface, content_id) in rows {
        // A moderation item is one per piece of content: the scanner's flag or users' reports.
        let decided = match (surface, content_id) {
            (Some(surface), Some(content_id)) => moderation_actions::table
                .inner_join(moderation_items::table)
                .filter(moderation_items::surface.eq(surface))
                .filter(moderation_items::content_id.eq(content_id))
                .order(moderation_actions::created_at.desc())
                .select(moderation_actions::action)
                .first::<String>(conn)
                .optional()?,
            _ => None,
        };
        out.push(ShadowDisagreement {
            verdict,
            text,
            decided,
        });
    }
    Ok(out)
}
