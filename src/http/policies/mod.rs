//! The moderation policy: what is active, its history, reloads and rollbacks.

pub mod activate;
pub mod active;
pub mod list;
pub mod reload;
