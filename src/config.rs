//! Settings: built-in defaults, then an optional TOML file, then the environment
//! (`CHECKPOINT_*`, plus the conventional `DATABASE_URL`). Later sources win.

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub host: String,
    /// 0 asks the OS for a free port (tests use this).
    pub port: u16,
    pub database_url: String,
    pub db_pool_size: u32,
    pub files_dir: PathBuf,
    /// Largest JSON request body accepted, in bytes.
    pub json_limit_bytes: usize,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    /// How long in-flight requests may take to finish after SIGTERM.
    pub shutdown_timeout_secs: u64,
    pub log_format: LogFormat,
    /// A tracing filter such as `info` or `checkpoint=debug,actix_web=info`.
    pub log_level: String,
}

impl Settings {
    /// Reads `CHECKPOINT_CONFIG` (or the given file) if set, then the environment.
    pub fn load(file: Option<PathBuf>) -> Result<Self, config::ConfigError> {
        let file = file.or_else(|| std::env::var_os("CHECKPOINT_CONFIG").map(PathBuf::from));
        let mut builder = config::Config::builder()
            .set_default("host", "127.0.0.1")?
            .set_default("port", 8080)?
            .set_default("database_url", "sqlite://./data/checkpoint.db")?
            .set_default("db_pool_size", 10)?
            .set_default("files_dir", "./data/files")?
            .set_default("json_limit_bytes", 256 * 1024)?
            .set_default("workers", 0)?
            .set_default("shutdown_timeout_secs", 30)?
            .set_default("log_format", "pretty")?
            .set_default("log_level", "info")?;
        if let Some(path) = file {
            builder = builder.add_source(config::File::from(path).required(true));
        }
        builder = builder.add_source(
            config::Environment::with_prefix("CHECKPOINT").prefix_separator("_").try_parsing(true),
        );
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database_url", url)?;
        }
        builder.build()?.try_deserialize()
    }

    pub fn worker_count(&self) -> usize {
        if self.workers == 0 {
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
        } else {
            self.workers
        }
    }
}
