//! Scans, the violations that count towards frequency rules, sanctions and moderation items.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

use super::schema::{
    appeals, moderation_actions, moderation_items, reports, sanctions, scan_terms, scans,
    violations,
};
use super::types::Id;
use super::DbConnection;
use crate::error::AppError;
use crate::moderation::model::{AppealOutcome, CaseType};
use crate::policy::model::Surface;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = scans)]
pub struct ScanRow {
    pub id: Id,
    pub surface: String,
    pub user_id: String,
    pub content_id: String,
    pub content: String,
    pub action: String,
    /// JSON array of matches.
    pub matches: String,
    /// JSON array of rule ids.
    pub rules: String,
    pub policy_version: i64,
    pub created_at: NaiveDateTime,
}

/// One policy term a stored scan hit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Insertable, Deserialize)]
#[diesel(table_name = scan_terms)]
pub struct ScanTermRow {
    #[serde(skip_deserializing)]
    pub scan_id: Id,
    pub category: String,
    pub term: String,
    #[serde(skip_deserializing, default = "epoch")]
    pub created_at: NaiveDateTime,
}

fn epoch() -> NaiveDateTime {
    NaiveDateTime::default()
}

impl ScanRow {
    /// The distinct (category, term) pairs among this scan's matches.
    fn terms(&self) -> Result<Vec<ScanTermRow>, AppError> {
        if self.matches == "[]" {
            return Ok(Vec::new());
        }
        let mut terms: Vec<ScanTermRow> =
            serde_json::from_str(&self.matches).map_err(AppError::internal)?;
        for term in &mut terms {
            term.scan_id = self.id.clone();
            term.created_at = self.created_at;
        }
        terms.sort();
        terms.dedup();
        Ok(terms)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = violations)]
pub struct ViolationRow {
    pub id: Id,
    pub user_id: String,
    pub category: String,
    pub scan_id: Option<Id>,
    pub created_at: NaiveDateTime,
    /// The staff sanction it came with (the scanner's are found by their scan).
    pub sanction_id: Option<Id>,
    /// When an appeal overturned the decision behind it; it no longer counts.
    pub voided_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sanctions)]
pub struct SanctionRow {
    pub id: Id,
    pub user_id: String,
    pub kind: String,
    pub category: Option<String>,
    pub rule: String,
    pub scan_id: Option<Id>,
    pub policy_version: Option<i64>,
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    pub appealable: bool,
    pub lifted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub reason: String,
    pub action_id: Option<Id>,
}

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = moderation_items)]
pub struct ModerationItemRow {
    pub id: Id,
    pub status: String,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<NaiveDateTime>,
    pub claim_expires_at: Option<NaiveDateTime>,
    pub risk_score: i32,
    pub created_at: NaiveDateTime,
    pub surface: String,
    pub content_id: String,
    pub user_id: String,
    pub source: String,
    pub scan_id: Option<Id>,
    pub matches: String,
    pub policy_version: Option<i64>,
    pub reporters: i32,
    pub snapshot: Option<String>,
    /// `staff`, or `senior` for items only seniors may claim.
    pub tier: String,
}

impl ModerationItemRow {
    /// A new item waiting in the queue, unclaimed, with nothing matched or reported yet.
    pub fn waiting(
        surface: Surface,
        content_id: &str,
        user_id: &str,
        source: &str,
        now: NaiveDateTime,
    ) -> Self {
        Self {
            id: Id::new(),
            status: "pending_review".to_owned(),
            claimed_by: None,
            claimed_at: None,
            claim_expires_at: None,
            risk_score: 0,
            created_at: now,
            surface: surface.as_str().to_owned(),
            content_id: content_id.to_owned(),
            user_id: user_id.to_owned(),
            source: source.to_owned(),
            scan_id: None,
            matches: "[]".to_owned(),
            policy_version: None,
            reporters: 0,
            snapshot: None,
            tier: "staff".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = moderation_actions)]
pub struct ActionRow {
    pub id: Id,
    pub item_id: Id,
    pub actor_id: String,
    pub action: String,
    pub reason: String,
    pub rule: String,
    pub sanction_id: Option<Id>,
    pub created_at: NaiveDateTime,
    /// When the moderator claimed the item: handle time is `created_at - claimed_at`.
    pub claimed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: Id,
    pub item_id: Id,
    pub reporter_id: String,
    pub surface: String,
    pub content_id: String,
    pub author_id: String,
    pub snapshot: String,
    pub reason: String,
    pub details: String,
    pub created_at: NaiveDateTime,
}

/// Stores scans and the terms each hit.
pub fn insert_scans(conn: &mut DbConnection, rows: &[ScanRow]) -> Result<(), AppError> {
    let mut terms = Vec::new();
    for row in rows {
        terms.extend(row.terms()?);
    }
    // Multi-row inserts are backend-specific in diesel; one statement per chunk keeps each under
    // SQLite's bound-parameter limit.
    macro_rules! insert_chunks {
        ($table:expr, $rows:expr) => {
            for chunk in $rows.chunks(500) {
                let query = diesel::insert_into($table).values(chunk);
                match conn {
                    DbConnection::Postgresql(pg) => query.execute(pg)?,
                    DbConnection::Sqlite(sqlite) => query.execute(sqlite)?,
                };
            }
        };
    }
    insert_chunks!(scans::table, rows);
    insert_chunks!(scan_terms::table, terms);
    Ok(())
}

/// How many scans hit each term in the window (category, term, scans), most hit first, at most
/// `limit` terms.
pub fn term_hits(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    limit: i64,
) -> Result<Vec<(String, String, i64)>, AppError> {
    use diesel::dsl::count_star;
    Ok(scan_terms::table
        .filter(scan_terms::created_at.ge(from))
        .filter(scan_terms::created_at.lt(to))
        .group_by((scan_terms::category, scan_terms::term))
        .select((scan_terms::category, scan_terms::term, count_star()))
        .order((count_star().desc(), scan_terms::term))
        .limit(limit)
        .load(conn)?)
}

/// How many scans hit each category in the window.
pub fn category_hits(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(String, i64)>, AppError> {
    use diesel::AggregateExpressionMethods;
    Ok(scan_terms::table
        .filter(scan_terms::created_at.ge(from))
        .filter(scan_terms::created_at.lt(to))
        .group_by(scan_terms::category)
        .select((
            scan_terms::category,
            diesel::dsl::count(scan_terms::scan_id).aggregate_distinct(),
        ))
        .load(conn)?)
}

/// The outcome of each appeal decided in the window against a sanction on scanned content, with
/// every term that content hit: (outcome, category, term).
pub fn appealed_terms(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(Option<AppealOutcome>, String, String)>, AppError> {
    Ok(appeals::table
        .inner_join(sanctions::table.on(sanctions::id.eq(appeals::case_id)))
        .inner_join(scan_terms::table.on(sanctions::scan_id.eq(scan_terms::scan_id.nullable())))
        .filter(appeals::case_type.eq(CaseType::Sanction))
        .filter(appeals::decided_at.ge(from))
        .filter(appeals::decided_at.lt(to))
        .select((appeals::outcome, scan_terms::category, scan_terms::term))
        .load(conn)?)
}

pub fn find_scan(conn: &mut DbConnection, id: &Id) -> Result<Option<ScanRow>, AppError> {
    Ok(scans::table
        .find(id)
        .select(ScanRow::as_select())
        .first(conn)
        .optional()?)
}

/// Stored scans from `since` on, oldest first, for replaying under another policy.
pub fn scans_since(
    conn: &mut DbConnection,
    since: NaiveDateTime,
    limit: i64,
) -> Result<Vec<ScanRow>, AppError> {
    Ok(scans::table
        .filter(scans::created_at.ge(since))
        .order(scans::created_at)
        .limit(limit)
        .select(ScanRow::as_select())
        .load(conn)?)
}

/// Serialises transactions that take the same `key` (a user's verdicts, so frequency counts
/// cannot skip a step; the reports on one piece of content) on PostgreSQL until they end; SQLite's
/// write transactions already run one at a time.
pub fn lock(conn: &mut DbConnection, key: &str) -> Result<(), AppError> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind::<diesel::sql_types::Text, _>(key)
            .execute(pg)?;
    }
    Ok(())
}

pub fn insert_violation(conn: &mut DbConnection, row: &ViolationRow) -> Result<(), AppError> {
    diesel::insert_into(violations::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn count_violations(
    conn: &mut DbConnection,
    user_id: &str,
    category: &str,
    since: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(violations::table
        .filter(violations::user_id.eq(user_id))
        .filter(violations::category.eq(category))
        .filter(violations::created_at.ge(since))
        .filter(violations::voided_at.is_null())
        .count()
        .get_result(conn)?)
}

pub fn insert_sanction(conn: &mut DbConnection, row: &SanctionRow) -> Result<(), AppError> {
    diesel::insert_into(sanctions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The user's sanctions that have started, have not ended and were not lifted at `now`.
pub fn sanctions_in_force(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<Vec<SanctionRow>, AppError> {
    Ok(sanctions::table
        .filter(sanctions::user_id.eq(user_id))
        .filter(sanctions::starts_at.le(now))
        .filter(sanctions::ends_at.is_null().or(sanctions::ends_at.gt(now)))
        .filter(sanctions::lifted_at.is_null())
        .order(sanctions::starts_at.desc())
        .select(SanctionRow::as_select())
        .load(conn)?)
}

pub fn find_sanction(conn: &mut DbConnection, id: &Id) -> Result<Option<SanctionRow>, AppError> {
    Ok(sanctions::table
        .find(id)
        .select(SanctionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Stops the violations behind an overturned sanction from counting: those recorded with it, and
/// the scanner's hits on the content it was for.
pub fn void_violations(
    conn: &mut DbConnection,
    sanction: &SanctionRow,
    at: NaiveDateTime,
) -> Result<usize, AppError> {
    let standing = violations::table
        .filter(violations::user_id.eq(&sanction.user_id))
        .filter(violations::voided_at.is_null());
    let mut voided = diesel::update(standing.filter(violations::sanction_id.eq(&sanction.id)))
        .set(violations::voided_at.eq(at))
        .execute(conn)?;
    if let Some(scan) = &sanction.scan_id {
        voided += void_scan_violations(conn, &sanction.user_id, scan, at)?;
    }
    Ok(voided)
}

/// Stops the scanner's hits on one scanned text from counting (a dismissed flag, an overturn).
pub fn void_scan_violations(
    conn: &mut DbConnection,
    user_id: &str,
    scan_id: &Id,
    at: NaiveDateTime,
) -> Result<usize, AppError> {
    let standing = violations::table
        .filter(violations::user_id.eq(user_id))
        .filter(violations::voided_at.is_null());
    Ok(
        diesel::update(standing.filter(violations::scan_id.eq(scan_id)))
            .set(violations::voided_at.eq(at))
            .execute(conn)?,
    )
}

/// Lifts a sanction (an overturned appeal); false when it was lifted already.
pub fn lift_sanction(
    conn: &mut DbConnection,
    id: &Id,
    at: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        sanctions::table
            .find(id)
            .filter(sanctions::lifted_at.is_null()),
    )
    .set(sanctions::lifted_at.eq(at))
    .execute(conn)?;
    Ok(n == 1)
}

/// Shortens a sanction (a reduced appeal).
pub fn shorten_sanction(
    conn: &mut DbConnection,
    id: &Id,
    ends_at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(sanctions::table.find(id))
        .set(sanctions::ends_at.eq(Some(ends_at)))
        .execute(conn)?;
    Ok(())
}

/// Sanctions imposed in `[from, to)` per rule and category, for overturn rates.
pub fn sanctions_by_rule(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(String, Option<String>, i64)>, AppError> {
    Ok(sanctions::table
        .filter(sanctions::created_at.ge(from))
        .filter(sanctions::created_at.lt(to))
        .group_by((sanctions::rule, sanctions::category))
        .select((
            sanctions::rule,
            sanctions::category,
            diesel::dsl::count_star(),
        ))
        .load(conn)?)
}

pub fn find_action(conn: &mut DbConnection, id: &Id) -> Result<Option<ActionRow>, AppError> {
    Ok(moderation_actions::table
        .find(id)
        .select(ActionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn sanctions_of(
    conn: &mut DbConnection,
    user_id: &str,
    limit: i64,
) -> Result<Vec<SanctionRow>, AppError> {
    Ok(sanctions::table
        .filter(sanctions::user_id.eq(user_id))
        .order(sanctions::starts_at.desc())
        .limit(limit)
        .select(SanctionRow::as_select())
        .load(conn)?)
}

/// Queues content for a person unless it is queued already (one item per piece of content).
/// Returns whether a new item was created.
pub fn queue_item(conn: &mut DbConnection, row: &ModerationItemRow) -> Result<bool, AppError> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        moderation_items::table
            .filter(moderation_items::surface.eq(&row.surface))
            .filter(moderation_items::content_id.eq(&row.content_id)),
    ))
    .get_result(conn)?;
    if exists {
        return Ok(false);
    }
    // A savepoint: on PostgreSQL a racing insert's unique violation must not abort the caller's
    // transaction.
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(moderation_items::table)
            .values(row)
            .execute(conn)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub fn items_for_user(
    conn: &mut DbConnection,
    user_id: &str,
    limit: i64,
) -> Result<Vec<ModerationItemRow>, AppError> {
    Ok(moderation_items::table
        .filter(moderation_items::user_id.eq(user_id))
        .order(moderation_items::created_at.desc())
        .limit(limit)
        .select(ModerationItemRow::as_select())
        .load(conn)?)
}

pub fn item_for_content(
    conn: &mut DbConnection,
    surface: &str,
    content_id: &str,
) -> Result<Option<ModerationItemRow>, AppError> {
    Ok(moderation_items::table
        .filter(moderation_items::surface.eq(surface))
        .filter(moderation_items::content_id.eq(content_id))
        .select(ModerationItemRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn set_priority(
    conn: &mut DbConnection,
    id: &Id,
    reporters: i32,
    risk_score: i32,
) -> Result<(), AppError> {
    diesel::update(moderation_items::table.find(id))
        .set((
            moderation_items::reporters.eq(reporters),
            moderation_items::risk_score.eq(risk_score),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_tier(conn: &mut DbConnection, id: &Id, tier: &str) -> Result<(), AppError> {
    diesel::update(moderation_items::table.find(id))
        .set(moderation_items::tier.eq(tier))
        .execute(conn)?;
    Ok(())
}

/// Stores a report; false when this reporter already reported this content.
pub fn insert_report(conn: &mut DbConnection, row: &ReportRow) -> Result<bool, AppError> {
    // A savepoint, as in `queue_item`: the unique violation must not abort the caller's transaction.
    match conn.transaction(|conn| {
        diesel::insert_into(reports::table)
            .values(row)
            .execute(conn)
    }) {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub fn report_by(
    conn: &mut DbConnection,
    reporter_id: &str,
    surface: &str,
    content_id: &str,
) -> Result<Option<ReportRow>, AppError> {
    Ok(reports::table
        .filter(reports::reporter_id.eq(reporter_id))
        .filter(reports::surface.eq(surface))
        .filter(reports::content_id.eq(content_id))
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn reports_on(conn: &mut DbConnection, item_id: &Id) -> Result<Vec<ReportRow>, AppError> {
    Ok(reports::table
        .filter(reports::item_id.eq(item_id))
        .order(reports::created_at)
        .select(ReportRow::as_select())
        .load(conn)?)
}

pub fn find_item(conn: &mut DbConnection, id: &Id) -> Result<Option<ModerationItemRow>, AppError> {
    Ok(moderation_items::table
        .find(id)
        .select(ModerationItemRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_action(conn: &mut DbConnection, row: &ActionRow) -> Result<(), AppError> {
    diesel::insert_into(moderation_actions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Takes a decided item out of the queue for good.
pub fn close_item(conn: &mut DbConnection, id: &Id) -> Result<(), AppError> {
    diesel::update(moderation_items::table.find(id))
        .set((
            moderation_items::status.eq("done"),
            moderation_items::claimed_by.eq(None::<String>),
            moderation_items::claimed_at.eq(None::<NaiveDateTime>),
            moderation_items::claim_expires_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn reports_against(
    conn: &mut DbConnection,
    author_id: &str,
    limit: i64,
) -> Result<Vec<ReportRow>, AppError> {
    Ok(reports::table
        .filter(reports::author_id.eq(author_id))
        .order(reports::created_at.desc())
        .limit(limit)
        .select(ReportRow::as_select())
        .load(conn)?)
}

pub fn actions_on(conn: &mut DbConnection, item_ids: &[Id]) -> Result<Vec<ActionRow>, AppError> {
    Ok(moderation_actions::table
        .filter(moderation_actions::item_id.eq_any(item_ids))
        .select(ActionRow::as_select())
        .load(conn)?)
}

/// The user's violations per category: how many, and the newest.
pub fn violations_by_category(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Vec<(String, i64, NaiveDateTime)>, AppError> {
    let rows: Vec<(String, i64, Option<NaiveDateTime>)> = violations::table
        .filter(violations::user_id.eq(user_id))
        .filter(violations::voided_at.is_null())
        .group_by(violations::category)
        .select((
            violations::category,
            diesel::dsl::count_star(),
            diesel::dsl::max(violations::created_at),
        ))
        .order(violations::category)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, n, last)| last.map(|last| (c, n, last)))
        .collect())
}

/// Moderators' handle times (claim to action) in seconds over `[from, to)`.
pub fn handle_times(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<f64>, AppError> {
    let rows: Vec<(NaiveDateTime, Option<NaiveDateTime>)> = moderation_actions::table
        .filter(moderation_actions::created_at.ge(from))
        .filter(moderation_actions::created_at.lt(to))
        .filter(moderation_actions::claimed_at.is_not_null())
        .select((
            moderation_actions::created_at,
            moderation_actions::claimed_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(acted, claimed)| {
            claimed.map(|c| (acted - c).num_milliseconds() as f64 / 1000.0)
        })
        .filter(|s| *s >= 0.0)
        .collect())
}

/// Scanner flags decided in `[from, to)`: (action taken, the scan's rules JSON, matches JSON).
pub fn decided_flags(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(String, String, String)>, AppError> {
    Ok(moderation_actions::table
        .inner_join(moderation_items::table)
        .inner_join(scans::table.on(moderation_items::scan_id.eq(scans::id.nullable())))
        .filter(moderation_actions::created_at.ge(from))
        .filter(moderation_actions::created_at.lt(to))
        .select((moderation_actions::action, scans::rules, scans::matches))
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_counts_each_term_once() {
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0)
            .unwrap()
            .naive_utc();
        let matches = r#"[{"category":"profanity","severity":"high","term":"씨발","start":0,"end":6},
            {"category":"contact","severity":"medium","term":"카톡","start":7,"end":13},
            {"category":"profanity","severity":"high","term":"씨발","start":14,"end":20}]"#;
        let scan = ScanRow {
            id: Id::new(),
            surface: "chat".into(),
            user_id: "u".into(),
            content_id: "c".into(),
            content: String::new(),
            action: "flag".into(),
            matches: matches.into(),
            rules: "[]".into(),
            policy_version: 1,
            created_at: at,
        };
        let terms: Vec<(String, String)> = scan
            .terms()
            .unwrap()
            .into_iter()
            .map(|t| {
                assert_eq!((&t.scan_id, t.created_at), (&scan.id, at));
                (t.category, t.term)
            })
            .collect();
        assert_eq!(
            terms,
            [
                ("contact".into(), "카톡".into()),
                ("profanity".into(), "씨발".into())
            ]
        );
        assert!(ScanRow {
            matches: "[]".into(),
            ..scan
        }
        .terms()
        .unwrap()
        .is_empty());
    }
}
