//! Scanning marketplace content against the active policy.

pub mod create;
