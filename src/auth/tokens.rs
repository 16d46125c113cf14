//! Service tokens: random secrets shown once, stored only as SHA-256 hashes. The secrets carry
//! 256 bits of entropy, so a fast hash is enough; a slow password hash would only add latency to
//! every request.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Utc;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::{Principal, PrincipalKind, Role};
use crate::audit::{self, Actor};
use crate::db::{self, tokens::TokenRow, types::Id, DbConnection};
use crate::error::AppError;

const PREFIX: &str = "cpt_";
/// Longer headers are refused before hashing; a real token is 47 characters.
const MAX_SECRET_LEN: usize = 200;

pub struct IssuedToken {
    pub token: TokenRow,
    /// The only time the secret exists outside the caller's hands.
    pub secret: String,
}

/// Longest token name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

pub fn validate_name(name: &str) -> Result<&str, AppError> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(AppError::bad_request(
            "invalid_name",
            "a token name is 1 to 100 printable characters",
        ));
    }
    Ok(name)
}

pub fn issue(
    conn: &mut DbConnection,
    actor: &Actor,
    name: &str,
    role: Role,
) -> Result<IssuedToken, AppError> {
    let name = validate_name(name)?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let row = TokenRow {
        id: Id::new(),
        name: name.to_owned(),
        role,
        token_hash: hash(&secret),
        created_at: Utc::now().naive_utc(),
        created_by: actor.id.clone(),
        revoked_at: None,
    };
    db::write_transaction(conn, |conn| {
        db::tokens::insert(conn, &row)?;
        audit::record(
            conn,
            actor,
            "token.create",
            "token",
            row.id.as_str(),
            serde_json::json!({"name": row.name, "role": row.role}),
        )
    })?;
    Ok(IssuedToken { token: row, secret })
}

pub fn revoke(conn: &mut DbConnection, actor: &Actor, id: &Id) -> Result<(), AppError> {
    db::write_transaction(conn, |conn| {
        if !db::tokens::revoke(conn, id, Utc::now().naive_utc())? {
            return Err(AppError::not_found("no active token with that id"));
        }
        audit::record(
            conn,
            actor,
            "token.revoke",
            "token",
            id.as_str(),
            serde_json::json!({}),
        )
    })
}

/// Resolves a bearer secret to its principal; `None` for unknown or revoked tokens.
pub fn authenticate(conn: &mut DbConnection, secret: &str) -> Result<Option<Principal>, AppError> {
    if !secret.starts_with(PREFIX) || secret.len() > MAX_SECRET_LEN {
        return Ok(None);
    }
    Ok(
        db::tokens::find_active_by_hash(conn, &hash(secret))?.map(|row| Principal {
            id: row.id,
            kind: PrincipalKind::Token,
            name: row.name,
            role: row.role,
        }),
    )
}

pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}
