//! Work queues whose items reviewers hold under a lease: the verification queue and the second
//! reviews (and the moderation queue after them). A queue table has `id`, `status`
//! (`pending_review` waiting, `in_review` held), `claimed_by`, `claimed_at`, `claim_expires_at`,
//! `risk_score` and `created_at`; the next item is the riskiest, then the oldest.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::types::Id;
use super::DbConnection;
use crate::error::AppError;

pub type Backend = <DbConnection as Connection>::Backend;

/// A condition on the claimed item: `column = value`, `column <> value` or `column LIKE value`.
pub enum Condition<'a> {
    Equals(&'static str, &'a str),
    NotEquals(&'static str, &'a str),
    Like(&'static str, String),
}

impl Condition<'_> {
    fn sql(&self, placeholder: &str) -> String {
        match self {
            Condition::Equals(column, _) => format!(" AND {column} = {placeholder}"),
            Condition::NotEquals(column, _) => format!(" AND {column} <> {placeholder}"),
            Condition::Like(column, _) => format!(" AND {column} LIKE {placeholder}"),
        }
    }

    fn value(&self) -> String {
        match self {
            Condition::Equals(_, v) | Condition::NotEquals(_, v) => (*v).to_owned(),
            Condition::Like(_, v) => v.clone(),
        }
    }
}

fn dialect(conn: &DbConnection) -> (&'static str, &'static str) {
    match conn {
        DbConnection::Postgresql(_) => ("$", "FOR UPDATE SKIP LOCKED"),
        DbConnection::Sqlite(_) => ("?", ""),
    }
}

/// Leases the next waiting item matching `conditions` to `owner` until `until`, first returning
/// items whose lease ran out to the queue. On PostgreSQL concurrent claimers skip each other's
/// rows (`FOR UPDATE SKIP LOCKED`); on SQLite the caller's IMMEDIATE transaction (call this inside
/// `write_transaction`) runs alone, so the conditional `UPDATE … RETURNING` cannot hand one item
/// out twice there either.
pub fn claim_next<R>(
    conn: &mut DbConnection,
    table: &'static str,
    conditions: &[Condition<'_>],
    owner: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Option<R>, AppError>
where
    R: QueryableByName<Backend> + 'static,
{
    let (p, lock) = dialect(conn);
    let filters: String = conditions
        .iter()
        .enumerate()
        .map(|(n, c)| c.sql(&format!("{p}{}", n + 4)))
        .collect();
    let sql = format!(
        "UPDATE {table} SET status = 'in_review', claimed_by = {p}1, claimed_at = {p}3, claim_expires_at = {p}2 \
         WHERE id = (SELECT id FROM {table} WHERE status = 'pending_review'{filters} \
            ORDER BY risk_score DESC, created_at LIMIT 1 {lock}) \
         RETURNING *"
    );
    expire_claims(conn, table, now)?;
    let mut query = diesel::sql_query(&sql)
        .into_boxed::<Backend>()
        .bind::<Text, _>(owner.to_owned())
        .bind::<Timestamp, _>(until)
        .bind::<Timestamp, _>(now);
    for condition in conditions {
        query = query.bind::<Text, _>(condition.value());
    }
    Ok(query.get_result::<R>(conn).optional()?)
}

/// Puts items whose lease ran out back in the queue.
pub fn expire_claims(
    conn: &mut DbConnection,
    table: &'static str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let (p, _) = dialect(conn);
    let sql = format!(
        "UPDATE {table} SET status = 'pending_review', claimed_by = NULL, claimed_at = NULL, claim_expires_at = NULL \
         WHERE status = 'in_review' AND claim_expires_at < {p}1"
    );
    Ok(diesel::sql_query(sql)
        .bind::<Timestamp, _>(now)
        .execute(conn)?)
}

/// The item `owner` holds under a lease that has not run out, if any (the newest claim).
pub fn held_by(
    conn: &mut DbConnection,
    table: &'static str,
    owner: &str,
    now: NaiveDateTime,
) -> Result<Option<Id>, AppError> {
    #[derive(QueryableByName)]
    struct Held {
        #[diesel(sql_type = Text)]
        id: Id,
    }
    let (p, _) = dialect(conn);
    let sql = format!(
        "SELECT id FROM {table} WHERE status = 'in_review' AND claimed_by = {p}1 AND claim_expires_at >= {p}2 \
         ORDER BY claimed_at DESC LIMIT 1"
    );
    let held = diesel::sql_query(sql)
        .bind::<Text, _>(owner)
        .bind::<Timestamp, _>(now)
        .get_result::<Held>(conn)
        .optional()?;
    Ok(held.map(|h| h.id))
}

/// Every item `owner` holds, the lease run out or not.
pub fn held_ids(
    conn: &mut DbConnection,
    table: &'static str,
    owner: &str,
) -> Result<Vec<Id>, AppError> {
    #[derive(QueryableByName)]
    struct Held {
        #[diesel(sql_type = Text)]
        id: Id,
    }
    let (p, _) = dialect(conn);
    let sql = format!("SELECT id FROM {table} WHERE status = 'in_review' AND claimed_by = {p}1");
    Ok(diesel::sql_query(sql)
        .bind::<Text, _>(owner)
        .load::<Held>(conn)?
        .into_iter()
        .map(|h| h.id)
        .collect())
}

/// Where an item stands for someone who says they hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    Held,
    /// Theirs, but the lease ran out (the item may be claimed by someone else any moment).
    Expired,
    /// Waiting, decided, or held by someone else.
    NotHeld,
    Missing,
}

impl Hold {
    /// The error for someone who acted on an item they do not hold; `noun` names the item
    /// (verification, second review, moderation item…).
    pub fn error(self, noun: &str) -> AppError {
        match self {
            Hold::Missing => AppError::not_found(format!("no {noun} with that id")),
            Hold::Expired => AppError::conflict(
                "claim_expired",
                format!("your claim on this {noun} ran out; claim it again"),
            ),
            Hold::NotHeld | Hold::Held => AppError::conflict(
                "not_claimed",
                format!("you do not hold this {noun}; claim it first"),
            ),
        }
    }
}

#[derive(QueryableByName)]
struct HoldRow {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Text>)]
    claimed_by: Option<String>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    claim_expires_at: Option<NaiveDateTime>,
}

/// Reads and, on PostgreSQL, locks the item for the rest of the caller's transaction, so a
/// decision and a concurrent claim of an expired lease cannot both win.
fn hold(
    conn: &mut DbConnection,
    table: &'static str,
    id: &str,
    owner: &str,
    now: NaiveDateTime,
) -> Result<Hold, AppError> {
    let (p, _) = dialect(conn);
    let lock = if matches!(conn, DbConnection::Postgresql(_)) {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql =
        format!("SELECT status, claimed_by, claim_expires_at FROM {table} WHERE id = {p}1{lock}");
    let row = diesel::sql_query(sql)
        .bind::<Text, _>(id)
        .get_result::<HoldRow>(conn)
        .optional()?;
    Ok(match row {
        None => Hold::Missing,
        Some(row) if row.status != "in_review" || row.claimed_by.as_deref() != Some(owner) => {
            Hold::NotHeld
        }
        Some(row) if row.claim_expires_at.is_some_and(|t| t < now) => Hold::Expired,
        Some(_) => Hold::Held,
    })
}

/// Moves the holder's lease to `until`; false when they no longer hold it.
fn renew(
    conn: &mut DbConnection,
    table: &'static str,
    id: &str,
    owner: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<bool, AppError> {
    let (p, _) = dialect(conn);
    let sql = format!(
        "UPDATE {table} SET claim_expires_at = {p}1 \
         WHERE id = {p}2 AND status = 'in_review' AND claimed_by = {p}3 AND claim_expires_at >= {p}4"
    );
    let n = diesel::sql_query(sql)
        .bind::<Timestamp, _>(until)
        .bind::<Text, _>(id)
        .bind::<Text, _>(owner)
        .bind::<Timestamp, _>(now)
        .execute(conn)?;
    Ok(n == 1)
}

/// Hands the item back to the queue; false when the caller did not hold it.
fn release(
    conn: &mut DbConnection,
    table: &'static str,
    id: &str,
    owner: &str,
) -> Result<bool, AppError> {
    let (p, _) = dialect(conn);
    let sql = format!(
        "UPDATE {table} SET status = 'pending_review', claimed_by = NULL, claimed_at = NULL, claim_expires_at = NULL \
         WHERE id = {p}1 AND status = 'in_review' AND claimed_by = {p}2"
    );
    let n = diesel::sql_query(sql)
        .bind::<Text, _>(id)
        .bind::<Text, _>(owner)
        .execute(conn)?;
    Ok(n == 1)
}

/// Fails with the item's [`Hold::error`] unless `owner` holds it (locked, as by [`hold`]).
pub fn require_held(
    conn: &mut DbConnection,
    table: &'static str,
    noun: &str,
    id: &str,
    owner: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    match hold(conn, table, id, owner, now)? {
        Hold::Held => Ok(()),
        other => Err(other.error(noun)),
    }
}

/// Renews the lease of an item `owner` holds and returns when they claimed it, or fails with why
/// they cannot.
pub fn renew_held(
    conn: &mut DbConnection,
    table: &'static str,
    noun: &str,
    id: &str,
    owner: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    let hold = hold(conn, table, id, owner, now)?;
    if hold != Hold::Held || !renew(conn, table, id, owner, now, until)? {
        return Err(hold.error(noun));
    }
    #[derive(QueryableByName)]
    struct Claimed {
        #[diesel(sql_type = Nullable<Timestamp>)]
        claimed_at: Option<NaiveDateTime>,
    }
    let (p, _) = dialect(conn);
    let sql = format!("SELECT claimed_at FROM {table} WHERE id = {p}1");
    Ok(diesel::sql_query(sql)
        .bind::<Text, _>(id)
        .get_result::<Claimed>(conn)?
        .claimed_at)
}

/// Hands an item `owner` holds back to the queue (an expired lease too), or fails with why not.
pub fn release_held(
    conn: &mut DbConnection,
    table: &'static str,
    noun: &str,
    id: &str,
    owner: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let hold = hold(conn, table, id, owner, now)?;
    if hold == Hold::Missing || !release(conn, table, id, owner)? {
        return Err(hold.error(noun));
    }
    Ok(())
}

#[derive(QueryableByName)]
struct StatusCount {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many items wait and how many are held, for a queue's page.
pub fn backlog(conn: &mut DbConnection, table: &'static str) -> Result<(i64, i64), AppError> {
    let sql = format!("SELECT status, COUNT(*) AS n FROM {table} WHERE status IN ('pending_review', 'in_review') GROUP BY status");
    let counts: Vec<StatusCount> = diesel::sql_query(sql).load(conn)?;
    let of = |status: &str| {
        counts
            .iter()
            .find(|c| c.status == status)
            .map_or(0, |c| c.n)
    };
    Ok((of("pending_review"), of("in_review")))
}

#[derive(QueryableByName)]
struct Overdue {
    #[diesel(sql_type = BigInt)]
    breached: i64,
    #[diesel(sql_type = BigInt)]
    due_soon: i64,
    #[diesel(sql_type = BigInt)]
    open: i64,
}

#[derive(QueryableByName)]
pub struct OpenItem {
    #[diesel(sql_type = Text)]
    pub id: Id,
    #[diesel(sql_type = Timestamp)]
    pub created_at: NaiveDateTime,
}

/// A queue's undecided items against its time target: how many are open, how many arrived before
/// `breach` (past the target now), how many before `due` but not `breach` (past it within the
/// hour), and the oldest `limit` of both, oldest first.
pub fn overdue(
    conn: &mut DbConnection,
    table: &'static str,
    breach: NaiveDateTime,
    due: NaiveDateTime,
    limit: i64,
) -> Result<(i64, i64, i64, Vec<OpenItem>), AppError> {
    let (p, _) = dialect(conn);
    let open = "status IN ('prechecking', 'pending_review', 'in_review')";
    let sql = format!(
        "SELECT COALESCE(SUM(CASE WHEN created_at < {p}1 THEN 1 ELSE 0 END), 0) AS breached, \
            COALESCE(SUM(CASE WHEN created_at >= {p}1 AND created_at < {p}2 THEN 1 ELSE 0 END), 0) AS due_soon, \
            COUNT(*) AS open FROM {table} WHERE {open}"
    );
    let counts: Overdue = diesel::sql_query(sql)
        .bind::<Timestamp, _>(breach)
        .bind::<Timestamp, _>(due)
        .get_result(conn)?;
    let sql = format!("SELECT id, created_at FROM {table} WHERE {open} AND created_at < {p}1 ORDER BY created_at LIMIT {p}2");
    let oldest = diesel::sql_query(sql)
        .bind::<Timestamp, _>(due)
        .bind::<BigInt, _>(limit)
        .load(conn)?;
    Ok((counts.open, counts.breached, counts.due_soon, oldest))
}
