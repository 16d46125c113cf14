//! Integration tests: real HTTP against a real server on SQLite and on PostgreSQL.

#[path = "../documents/mod.rs"]
mod documents;
mod helpers;

mod appeals;
mod audit;
mod auth;
mod console;
mod contract;
mod errors;
mod jobs;
mod lifecycle;
mod migrations;
mod moderation;
mod observability;
mod ocr;
mod policy;
mod proposals;
mod reports;
mod review;
mod standing;
mod verifications;
