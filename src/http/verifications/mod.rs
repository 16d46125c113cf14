//! Provider verifications: the platform submits documents, staff read the items and files and
//! decide them.

pub mod create;
pub mod decide;
pub mod file;
pub mod get;
