//! The team's figures.

pub mod verification;
