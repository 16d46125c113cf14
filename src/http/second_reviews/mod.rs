//! Blind second reviews of sampled decisions, for seniors.

pub mod claim;
pub mod decide;
pub mod release;
