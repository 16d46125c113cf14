//! Database access: one connection type over SQLite and PostgreSQL, the pool, migrations and the
//! query modules. Only this module (and its children) writes SQL.

pub mod appeals;
pub mod audit;
mod connection;
pub mod decisions;
pub mod figures;
pub mod jobs;
pub mod moderation;
pub mod policies;
pub mod proposals;
pub mod queue;
pub mod schema;
pub mod staff;
pub mod tokens;
pub mod types;
pub mod verifications;

pub use connection::{write_transaction, Backend, Db, DbConnection, Target};
