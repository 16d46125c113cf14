//! Policy pages for ops.

pub mod change;
pub mod show;
