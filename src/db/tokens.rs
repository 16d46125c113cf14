use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::api_tokens;
use super::types::Id;
use super::DbConnection;
use crate::auth::Role;
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct TokenRow {
    pub id: Id,
    pub name: String,
    pub role: Role,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub created_by: String,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &TokenRow) -> Result<(), AppError> {
    diesel::insert_into(api_tokens::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find_active_by_hash(
    conn: &mut DbConnection,
    hash: &str,
) -> Result<Option<TokenRow>, AppError> {
    Ok(api_tokens::table
        .filter(api_tokens::token_hash.eq(hash))
        .filter(api_tokens::revoked_at.is_null())
        .select(TokenRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<TokenRow>, AppError> {
    Ok(api_tokens::table
        .select(TokenRow::as_select())
        .order(api_tokens::created_at.asc())
        .load(conn)?)
}

/// Marks an active token revoked; false when there was none to revoke.
pub fn revoke(conn: &mut DbConnection, id: &Id, at: NaiveDateTime) -> Result<bool, AppError> {
    let changed = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(at)))
    .execute(conn)?;
    Ok(changed == 1)
}
