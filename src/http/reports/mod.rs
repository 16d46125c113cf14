//! User reports on chats, service requests, profiles and reviews, and review takedown requests
//! with their attachments.

pub mod attachment;
pub mod create;
pub mod takedown;
