//! User reports on chats, service requests, profiles and reviews.

pub mod create;
