//! Policy pages for ops.

pub mod backtest;
pub mod change;
pub mod proposals;
pub mod show;
