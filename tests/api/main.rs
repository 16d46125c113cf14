//! Integration tests: real HTTP against a real server on SQLite and on PostgreSQL.

mod helpers;

mod audit;
mod auth;
mod errors;
mod jobs;
mod lifecycle;
mod migrations;
mod observability;
mod ocr;
