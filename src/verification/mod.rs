//! Provider verification: document intake, the OCR pre-check and (later) review decisions.

pub mod business_number;
pub mod fields;
pub mod image_checks;
pub mod upload;
