//! Provider verification: document intake, the OCR pre-check, the review queue, decisions and
//! second reviews, the provider's resulting state, and the team's figures.

pub mod business_number;
pub mod fields;
pub mod hourly;
pub mod image_checks;
pub mod intake;
pub mod items;
pub mod model;
pub mod pdf;
pub mod precheck;
pub mod provider;
pub mod reasons;
pub mod review;
pub mod second_review;
pub mod stats;
pub mod sweep;
pub mod upload;
