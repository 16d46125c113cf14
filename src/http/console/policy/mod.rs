//! Policy pages for ops.

pub mod show;
