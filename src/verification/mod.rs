//! Provider verification: document intake, the OCR pre-check and (later) review decisions.

pub mod business_number;
pub mod fields;
pub mod image_checks;
pub mod intake;
pub mod items;
pub mod model;
pub mod pdf;
pub mod precheck;
pub mod sweep;
pub mod upload;
