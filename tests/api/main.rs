//! Integration tests: real HTTP against a real server on SQLite and on PostgreSQL.

mod helpers;
#[path = "../documents/mod.rs"]
mod documents;

mod appeals;
mod audit;
mod auth;
mod console;
mod errors;
mod jobs;
mod lifecycle;
mod moderation;
mod migrations;
mod observability;
mod ocr;
mod policy;
mod reports;
mod standing;
mod review;
mod verifications;
