//! Moderation: verdicts on scanned content, the sanctions they impose and the items they queue
//! for people (reports and appeals join them).

pub mod history;
pub mod model;
pub mod queue;
pub mod reports;
pub mod scan;
pub mod standing;

pub use scan::{AllowedWriter, Moderation};
