//! The catalogue of decision reasons.

pub mod list;
