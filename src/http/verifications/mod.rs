//! Provider verifications: the platform submits documents, staff read the items and files.

pub mod create;
pub mod file;
pub mod get;
