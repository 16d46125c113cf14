//! Who may do what: roles, service tokens and the authenticated principal.

pub mod cache;
pub mod names;
mod role;
pub mod staff;
pub mod tokens;

pub use role::Role;

use crate::db::types::Id;
use crate::error::AppError;

/// What a caller authenticated with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    /// A service token (`Authorization: Bearer`).
    Token,
    /// A staff account signed in to the console.
    Staff,
}

/// The caller of a request, resolved from its bearer token or console session.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The token's or the staff account's id.
    pub id: Id,
    pub kind: PrincipalKind,
    pub name: String,
    pub role: Role,
}

impl Principal {
    /// Passes when the caller's role grants any of `allowed`; otherwise 403.
    pub fn require(&self, allowed: &[Role]) -> Result<(), AppError> {
        if allowed.iter().any(|r| self.role.grants(*r)) {
            return Ok(());
        }
        let names: Vec<&str> = allowed.iter().map(|r| r.as_str()).collect();
        Err(AppError::forbidden(format!(
            "this action needs the role {}; you have {}",
            names.join(" or "),
            self.role.as_str()
        )))
    }

    pub fn actor(&self) -> String {
        let prefix = match self.kind {
            PrincipalKind::Token => "token",
            PrincipalKind::Staff => "staff",
        };
        format!("{prefix}:{}", self.id)
    }
}
