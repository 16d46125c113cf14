//! Marketplace users as moderation sees them.

pub mod standing;
