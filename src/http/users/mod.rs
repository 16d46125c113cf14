//! Marketplace users as moderation sees them.

pub mod history;
pub mod standing;
