//! Policy pages for ops.

pub mod backtest;
pub mod change;
pub mod show;
