pub mod create;
pub mod list;
pub mod revoke;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Role;
use crate::db::tokens::TokenRow;

/// A token as listed: never the secret, never its hash.
#[derive(Serialize, ToSchema)]
pub struct TokenView {
    #[schema(value_type = String, format = Uuid)]
    pub id: crate::db::types::Id,
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<TokenRow> for TokenView {
    fn from(row: TokenRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            role: row.role,
            created_at: row.created_at.and_utc(),
            created_by: row.created_by,
            revoked_at: row.revoked_at.map(|t| t.and_utc()),
        }
    }
}
