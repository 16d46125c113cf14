//! The team's figures.

pub mod moderation;
pub mod verification;
