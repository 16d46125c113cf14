//! Moderation: verdicts on scanned content, the sanctions they impose and the items they queue
//! for people, users' reports, and appeals against sanctions and rejections.

pub mod appeal_link;
pub mod appeals;
pub mod attachments;
pub mod history;
pub mod model;
pub mod queue;
pub mod reports;
pub mod scan;
pub mod standing;
pub mod stats;

pub use scan::{AllowedWriter, Moderation};
