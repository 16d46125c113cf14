//! Who may do what: roles, service tokens and the authenticated principal.

pub mod cache;
mod role;
pub mod tokens;

pub use role::Role;

use crate::db::types::Id;
use crate::error::AppError;

/// The caller of a request, resolved from its bearer token.
#[derive(Debug, Clone)]
pub struct Principal {
    pub token_id: Id,
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
            "this action needs the role {}; your token has {}",
            names.join(" or "),
            self.role.as_str()
        )))
    }

    pub fn actor(&self) -> String {
        format!("token:{}", self.token_id)
    }
}
