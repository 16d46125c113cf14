//! What the team's figures read in bulk: arrivals (counted per hour) and decisions over a
//! window, their times as seconds since 1970 worked out by the database, since parsing tens of
//! thousands of stored timestamps in the server is slow on SQLite; and the figures kept per closed
//! hour (`figure_hours`). Columns are named with their table, apart from the epoch values the
//! select lists give the same names.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::DbConnection;
use crate::error::AppError;

/// The SQL giving `column`'s time as whole seconds since 1970, and the placeholder prefix.
fn dialect(conn: &DbConnection) -> (fn(&str) -> String, &'static str) {
    match conn {
        DbConnection::Postgresql(_) => (
            |c| format!("CAST(FLOOR(EXTRACT(EPOCH FROM {c})) AS BIGINT)"),
            "$",
        ),
        DbConnection::Sqlite(_) => (|c| format!("CAST(strftime('%s', {c}) AS INTEGER)"), "?"),
    }
}

#[derive(QueryableByName)]
struct Arrived {
    #[diesel(sql_type = BigInt)]
    at: i64,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many rows of `table` arrived in `[from, to)`, counted by the database per hour of a clock
/// `shift` seconds ahead of UTC: each count with the first second of its hour that lies in the
/// window.
pub fn arrivals(
    conn: &mut DbConnection,
    table: &'static str,
    from: NaiveDateTime,
    to: NaiveDateTime,
    shift: i64,
) -> Result<Vec<(i64, i64)>, AppError> {
    let (epoch, p) = dialect(conn);
    // Integer division: the times are after 1970, so it rounds down.
    let hour_of = format!("({} + {shift}) / 3600", epoch("created_at"));
    let sql = format!(
        "SELECT {hour_of} AS at, COUNT(*) AS n FROM {table} WHERE created_at >= {p}1 AND created_at < {p}2 GROUP BY {hour_of}"
    );
    let rows: Vec<Arrived> = diesel::sql_query(sql)
        .bind::<Timestamp, _>(from)
        .bind::<Timestamp, _>(to)
        .load(conn)?;
    let start = from.and_utc().timestamp();
    Ok(rows
        .into_iter()
        .map(|r| ((r.at * 3600 - shift).max(start), r.n))
        .collect())
}

/// An item decided in the window: (decided, submitted), seconds since 1970.
#[derive(QueryableByName)]
pub struct Decided {
    #[diesel(sql_type = BigInt)]
    pub decided_at: i64,
    #[diesel(sql_type = BigInt)]
    pub submitted_at: i64,
}

/// Verification items whose latest decision fell in `[from, to)`, read from the items alone (a
/// join to their decisions cost a lookup per row).
pub fn decided_items(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Decided>, AppError> {
    let (epoch, p) = dialect(conn);
    let sql = format!(
        "SELECT {} AS decided_at, {} AS submitted_at FROM verifications v WHERE v.decided_at >= {p}1 AND v.decided_at < {p}2",
        epoch("v.decided_at"),
        epoch("v.created_at"),
    );
    Ok(diesel::sql_query(sql)
        .bind::<Timestamp, _>(from)
        .bind::<Timestamp, _>(to)
        .load(conn)?)
}

/// A reviewer's decision as the figures count it; times in seconds since 1970.
#[derive(QueryableByName)]
pub struct DecisionTimes {
    #[diesel(sql_type = Text)]
    pub decision: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub reason_code: Option<String>,
    #[diesel(sql_type = Text)]
    pub reviewer: String,
    #[diesel(sql_type = BigInt)]
    pub claimed_at: i64,
    #[diesel(sql_type = BigInt)]
    pub decided_at: i64,
}

/// Verification decisions made in `[from, to)`.
pub fn decisions(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<DecisionTimes>, AppError> {
    let (epoch, p) = dialect(conn);
    let sql = format!(
        "SELECT d.decision, d.reason_code, d.reviewer, {} AS claimed_at, {} AS decided_at FROM decisions d \
         WHERE d.decided_at >= {p}1 AND d.decided_at < {p}2",
        epoch("d.claimed_at"),
        epoch("d.decided_at"),
    );
    Ok(diesel::sql_query(sql)
        .bind::<Timestamp, _>(from)
        .bind::<Timestamp, _>(to)
        .load(conn)?)
}

/// A moderation action as the figures count it; times in seconds since 1970.
#[derive(QueryableByName)]
pub struct ActionTimes {
    #[diesel(sql_type = Text)]
    pub action: String,
    #[diesel(sql_type = BigInt)]
    pub acted_at: i64,
    /// When its item arrived.
    #[diesel(sql_type = BigInt)]
    pub arrived_at: i64,
}

/// Moderation actions taken in `[from, to)`.
pub fn actions(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<ActionTimes>, AppError> {
    let (epoch, p) = dialect(conn);
    let sql = format!(
        "SELECT a.action, {} AS acted_at, {} AS arrived_at \
         FROM moderation_actions a JOIN moderation_items i ON i.id = a.item_id WHERE a.created_at >= {p}1 AND a.created_at < {p}2",
        epoch("a.created_at"),
        epoch("i.created_at"),
    );
    Ok(diesel::sql_query(sql)
        .bind::<Timestamp, _>(from)
        .bind::<Timestamp, _>(to)
        .load(conn)?)
}

/// The stored figures of `queue`'s hours in `[from, to)` (seconds since 1970, whole hours).
pub fn stored_hours(
    conn: &mut DbConnection,
    queue: &str,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    use super::schema::figure_hours as h;
    Ok(h::table
        .filter(h::queue.eq(queue))
        .filter(h::hour.ge(from))
        .filter(h::hour.lt(to))
        .select((h::hour, h::figures))
        .load(conn)?)
}

/// Keeps `queue`'s figures for closed hours. Another instance may have kept the same hours a
/// moment before (made from the same rows): those are left as they are.
pub fn store_hours(
    conn: &mut DbConnection,
    queue: &str,
    hours: &[(i64, String)],
) -> Result<(), AppError> {
    use super::schema::figure_hours as h;
    // Many rows a statement; the multi-backend connection does not batch inserts, each engine does.
    for chunk in hours.chunks(1000) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(hour, figures)| {
                (
                    h::queue.eq(queue),
                    h::hour.eq(*hour),
                    h::figures.eq(figures),
                )
            })
            .collect();
        let insert = diesel::insert_into(h::table)
            .values(rows)
            .on_conflict_do_nothing();
        match conn {
            DbConnection::Postgresql(c) => insert.execute(c)?,
            DbConnection::Sqlite(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Drops `queue`'s stored figures for the hour `at` (seconds since 1970) falls in, so that they
/// are made again from the rows as they are now.
pub fn forget_hour(
    conn: &mut DbConnection,
    queue: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    use super::schema::figure_hours as h;
    let hour = at.and_utc().timestamp().div_euclid(3600) * 3600;
    diesel::delete(h::table.filter(h::queue.eq(queue)).filter(h::hour.eq(hour))).execute(conn)?;
    Ok(())
}
