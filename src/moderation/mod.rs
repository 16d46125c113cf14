//! Moderation: verdicts on scanned content, the sanctions they impose and the items they queue
//! for people (reports and appeals join them).

pub mod scan;

pub use scan::{AllowedWriter, Moderation};
