//! Policy versions and their activations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{policy_activations, policy_versions};
use super::types::Id;
use super::DbConnection;
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = policy_versions)]
pub struct PolicyVersionRow {
    pub id: Id,
    pub name: String,
    pub version: i64,
    pub content_hash: String,
    pub source: String,
    pub created_at: NaiveDateTime,
    pub created_by: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = policy_activations)]
pub struct ActivationRow {
    pub id: Id,
    pub policy_version_id: Id,
    pub activated_at: NaiveDateTime,
    pub activated_by: String,
    pub reason: String,
}

pub fn insert_version(conn: &mut DbConnection, row: &PolicyVersionRow) -> Result<(), AppError> {
    diesel::insert_into(policy_versions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find_version(
    conn: &mut DbConnection,
    name: &str,
    version: i64,
) -> Result<Option<PolicyVersionRow>, AppError> {
    Ok(policy_versions::table
        .filter(policy_versions::name.eq(name))
        .filter(policy_versions::version.eq(version))
        .select(PolicyVersionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn versions(conn: &mut DbConnection) -> Result<Vec<PolicyVersionRow>, AppError> {
    Ok(policy_versions::table
        .select(PolicyVersionRow::as_select())
        .order((policy_versions::name, policy_versions::version.desc()))
        .load(conn)?)
}

pub fn insert_activation(conn: &mut DbConnection, row: &ActivationRow) -> Result<(), AppError> {
    diesel::insert_into(policy_activations::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The newest activation (the active policy) with its version.
pub fn active(
    conn: &mut DbConnection,
) -> Result<Option<(ActivationRow, PolicyVersionRow)>, AppError> {
    Ok(policy_activations::table
        .inner_join(policy_versions::table)
        .select((ActivationRow::as_select(), PolicyVersionRow::as_select()))
        .order(policy_activations::activated_at.desc())
        .first(conn)
        .optional()?)
}

/// The id of the newest activation: what every server process polls to notice a change.
pub fn active_activation_id(conn: &mut DbConnection) -> Result<Option<Id>, AppError> {
    Ok(policy_activations::table
        .select(policy_activations::id)
        .order(policy_activations::activated_at.desc())
        .first(conn)
        .optional()?)
}

/// Activations, newest first, with the version each activated.
pub fn activations(
    conn: &mut DbConnection,
    limit: i64,
) -> Result<Vec<(ActivationRow, String, i64)>, AppError> {
    Ok(policy_activations::table
        .inner_join(policy_versions::table)
        .select((
            ActivationRow::as_select(),
            policy_versions::name,
            policy_versions::version,
        ))
        .order(policy_activations::activated_at.desc())
        .limit(limit)
        .load(conn)?)
}
