//! The moderation policy: what is active, its history, proposals and their approval, reloads
//! and rollbacks.

pub mod activate;
pub mod active;
pub mod approve_proposal;
pub mod close_proposal;
pub mod get_proposal;
pub mod list;
pub mod list_proposals;
pub mod propose;
pub mod reload;
pub mod shadow_proposal;
