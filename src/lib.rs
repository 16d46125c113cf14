//! Checkpoint: document verification and trust-and-safety backend for a services marketplace.
//!
//! Layout: `http` (routes, extractors, wire types), `auth` (roles and tokens), `db` (connections,
//! schema, queries), `audit` (the append-only log of staff actions). Domain modules never import
//! actix; HTTP code never writes SQL.

pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod http;
pub mod jobs;
pub mod lease;
pub mod moderation;
pub mod ocr;
pub mod policy;
pub mod sla;
pub mod startup;
pub mod storage;
pub mod telemetry;
pub mod text;
pub mod verification;

pub use error::AppError;
