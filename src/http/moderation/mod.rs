//! The moderation queue: the scanner's flags and users' reports, claimed, renewed, released and
//! acted on by moderators.

pub mod act;
pub mod claim;
pub mod release;
pub mod renew;
