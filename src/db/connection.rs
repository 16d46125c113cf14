use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::AppError;

/// Only the subset of SQL both engines share is written against this type; code that must differ
/// (locking, upserts) matches on the variant.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Arbitrary constant naming the advisory lock that serialises migrations across app instances.
const MIGRATION_LOCK_KEY: i64 = 0x4348_4543_4b50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the database is, decided from the URL scheme once at start-up.
#[derive(Debug, Clone)]
pub enum Target {
    Postgres(String),
    Sqlite(PathBuf),
}

impl Target {
    /// `postgres://…`/`postgresql://…` is PostgreSQL; `sqlite://PATH`, `sqlite:PATH` or a bare
    /// path is an SQLite file.
    pub fn parse(url: &str) -> Result<Self, AppError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Target::Postgres(url.to_owned()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() || path.contains("://") {
            return Err(AppError::bad_request(
                "invalid_database_url",
                format!("DATABASE_URL must be postgres://… or an SQLite path, got {url:?}"),
            ));
        }
        Ok(Target::Sqlite(PathBuf::from(path)))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Target::Postgres(_) => Backend::Postgres,
            Target::Sqlite(_) => Backend::Sqlite,
        }
    }

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match self {
            Target::Postgres(url) => Ok(DbConnection::Postgresql(
                PgConnection::establish(url).map_err(r2d2::Error::ConnectionError)?,
            )),
            Target::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the writer; the busy timeout makes a second writer
                // wait for the lock instead of failing with "database is locked". Reads go
                // through a memory map of the file (shared by every connection) rather than a
                // read call per page: a month of figures read pages by the hundred thousand.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = 1073741824;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

/// Picks the backend from the target instead of letting `MultiConnection::establish` try each
/// variant in turn (which would happily open a file called `postgres://…`).
pub struct Manager {
    target: Target,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        self.target.connect()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

/// The shared handle to the database: a pool plus where it points.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    target: Target,
}

impl Db {
    pub fn connect(url: &str, pool_size: u32) -> Result<Self, AppError> {
        let target = Target::parse(url)?;
        if let Target::Sqlite(path) = &target {
            create_parent_dir(path)?;
        }
        let pool = Pool::builder()
            .max_size(pool_size.max(1))
            .connection_timeout(Duration::from_secs(10))
            .build_unchecked(Manager {
                target: target.clone(),
            });
        Ok(Self { pool, target })
    }

    pub fn backend(&self) -> Backend {
        self.target.backend()
    }

    pub fn state(&self) -> r2d2::State {
        self.pool.state()
    }

    pub fn max_size(&self) -> u32 {
        self.pool.max_size()
    }

    pub fn get(&self) -> Result<PooledConnection<Manager>, AppError> {
        Ok(self.pool.get()?)
    }

    /// Runs blocking database work on the blocking thread pool so it never stalls the async
    /// executor.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await
        .map_err(AppError::internal)?
    }

    /// Applies pending migrations; returns the names of those applied.
    pub fn migrate(&self) -> Result<Vec<String>, AppError> {
        let mut conn = self.get()?;
        migrate(&mut conn)
    }

    /// Ready means: the database answers now, and every migration this binary knows is applied.
    pub fn check_ready(&self) -> Result<(), AppError> {
        if let Target::Sqlite(path) = &self.target {
            // An open SQLite handle keeps working on a deleted file, so look at the path itself.
            if !path.exists() {
                return Err(AppError::unavailable(
                    "database_missing",
                    format!("the SQLite database file {} is gone", path.display()),
                ));
            }
        }
        let mut conn = self.pool.get_timeout(Duration::from_secs(2))?;
        let pending = match &mut *conn {
            DbConnection::Postgresql(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
            DbConnection::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
        }
        .map_err(|e| AppError::unavailable("database_unavailable", e.to_string()))?;
        if pending {
            return Err(AppError::unavailable(
                "migrations_pending",
                "database migrations are not applied",
            ));
        }
        Ok(())
    }
}

fn create_parent_dir(path: &Path) -> Result<(), AppError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|e| AppError::internal(format!("creating {}: {e}", dir.display()))),
        _ => Ok(()),
    }
}

fn migrate(conn: &mut DbConnection) -> Result<Vec<String>, AppError> {
    let applied = match conn {
        DbConnection::Postgresql(c) => {
            // Several instances may start at once; only one migrates at a time.
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
                .execute(c)?;
            let result = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(names);
            diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
                .execute(c)?;
            result
        }
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(names),
    };
    applied.map_err(|e| AppError::internal(format!("migration failed: {e}")))
}

fn names(versions: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    versions.into_iter().map(|v| v.to_string()).collect()
}

/// A transaction for work that writes. On SQLite it begins `IMMEDIATE`, taking the write lock up
/// front: a deferred transaction that reads and then writes can fail with SQLITE_BUSY at once,
/// without waiting out the busy timeout, when another writer got there first.
pub fn write_transaction<T, F>(conn: &mut DbConnection, work: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, AppError>,
{
    let DbConnection::Sqlite(sqlite) = conn else {
        return conn.transaction(work);
    };
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    let result = work(conn);
    let DbConnection::Sqlite(sqlite) = conn else {
        unreachable!("the variant cannot change")
    };
    match result {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(sqlite)?;
            Ok(value)
        }
        Err(err) => {
            AnsiTransactionManager::rollback_transaction(sqlite)?;
            Err(err)
        }
    }
}
