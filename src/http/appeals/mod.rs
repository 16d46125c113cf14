//! Appeals (소명): filed by the platform for a user, worked by seniors in their own queue.

pub mod claim;
pub mod create;
pub mod decide;
pub mod evidence;
pub mod get;
pub mod release;
pub mod renew;
