//! Provider verification: document intake, the OCR pre-check and (later) review decisions.

pub mod upload;
