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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageBackend {
    /// Files under `files_dir`.
    Local,
    /// An S3-compatible bucket (`s3_*` settings, credentials from `AWS_*` variables).
    S3,
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

    pub storage_backend: StorageBackend,
    pub s3_bucket: Option<String>,
    pub s3_region: String,
    pub s3_endpoint: Option<String>,
    pub s3_allow_http: bool,
    pub s3_prefix: String,
    /// How often stored files that no item points to are looked for, and how old they must be.
    pub sweep_interval_secs: u64,
    pub sweep_min_age_secs: u64,

    /// Largest uploaded document, in bytes.
    pub max_upload_bytes: usize,
    /// Images larger than this in either dimension are refused before decoding.
    pub max_image_pixels: u32,
    /// Most memory an image decoder may use, in bytes.
    pub max_decode_bytes: u64,

    /// OCR worker threads, each with its own Tesseract engine; 0 means one per core.
    pub precheck_workers: usize,
    /// Failed pre-check runs before the item goes to review flagged `precheck_failed`.
    pub precheck_max_attempts: i32,
    /// How long a worker's claim on a job lasts without renewal (it renews while it works).
    pub job_lease_secs: u64,
    pub job_poll_interval_ms: u64,
    /// A tessdata folder; unset uses the system's (Debian: /usr/share/tesseract-ocr/5/tessdata).
    pub tessdata_dir: Option<String>,

    /// How long a reviewer holds a claimed item without renewing it.
    pub review_lease_secs: u64,
    /// Share of decisions sampled for a blind second review, 0–1.
    pub second_review_rate: f64,
    /// Where notifications are POSTed; unset keeps them in the outbox until one is configured.
    pub webhook_url: Option<String>,
    /// HMAC-SHA256 key for the `X-Checkpoint-Signature` header; required with `webhook_url`.
    pub webhook_secret: Option<String>,
    pub webhook_timeout_secs: u64,
    /// Delivery attempts before a notification is kept as a dead letter.
    pub notification_max_attempts: i32,
    /// First retry delay; it doubles with each attempt (capped at 10 minutes).
    pub notification_backoff_ms: u64,
    pub notification_workers: usize,
    /// Approved licences re-enter the queue this many days before they lapse.
    pub license_renewal_lead_days: u32,
    pub license_check_interval_secs: u64,

    /// How many days after a sanction or a rejection the user may appeal it.
    pub appeal_deadline_days: u32,

    /// The moderation policy file that `POST /v1/policies/reload` and the watcher read; empty
    /// uses the policy built into the binary.
    pub policy_file: String,
    /// How often each process checks for a newly activated policy (and a changed file).
    pub policy_poll_interval_ms: u64,
    /// People it takes to make a policy change live (`CHECKPOINT_POLICY_APPROVALS`): with 2, a
    /// change, a reload, an edited file or a rollback waits as a proposal until a second ops
    /// person approves it; 1 keeps one-step activation for a team of one.
    pub policy_approvals: u32,
    /// Allowed verdicts waiting to be written; beyond this they are dropped and counted.
    pub scan_buffer: usize,
    /// How long a verified token is trusted without asking the database; 0 asks every time. A
    /// token revoked by another process stops working within this time.
    pub auth_cache_secs: u64,
    /// Marks the console's session cookie `Secure` (sent over HTTPS only; browsers also send it
    /// to http://localhost). Turn off only for a console served over plain HTTP elsewhere.
    pub console_secure_cookie: bool,
    /// An open item page stops renewing its lease after this long without a key, click or
    /// scroll, so an unattended tab lets its item go when the lease runs out.
    pub console_idle_secs: u64,
    /// How long an item stays with its reviewer after its page closes: a reload within it keeps
    /// the item, otherwise it goes back to the queue.
    pub console_leave_grace_secs: u64,
    /// How long an item may wait for a decision, per queue, in hours: the dashboard's and
    /// `/metrics`' time targets.
    pub sla_verification_hours: f64,
    pub sla_moderation_hours: f64,
    pub sla_appeals_hours: f64,
    pub sla_second_reviews_hours: f64,
    /// Signs the appeal links in users' notifications; empty: notifications carry no link and
    /// `/appeal/…` answers 404. Every instance must share it.
    pub appeal_link_secret: String,
    /// Where users reach this server; the start of every appeal link.
    pub public_url: String,
}

impl Settings {
    pub fn sla_targets(&self) -> crate::sla::Targets {
        let hours =
            |h: f64| std::time::Duration::from_secs_f64(h.clamp(1.0 / 60.0, 24.0 * 366.0) * 3600.0);
        crate::sla::Targets {
            verification: hours(self.sla_verification_hours),
            moderation: hours(self.sla_moderation_hours),
            appeals: hours(self.sla_appeals_hours),
            second_reviews: hours(self.sla_second_reviews_hours),
        }
    }

    /// Reads `CHECKPOINT_CONFIG` (or the given file) if set, then the environment.
    pub fn load(file: Option<PathBuf>) -> Result<Self, config::ConfigError> {
        let file = file.or_else(|| std::env::var_os("CHECKPOINT_CONFIG").map(PathBuf::from));
        let mut builder = defaults()?;
        if let Some(path) = file {
            builder = builder.add_source(config::File::from(path).required(true));
        }
        builder = builder.add_source(
            config::Environment::with_prefix("CHECKPOINT")
                .prefix_separator("_")
                .try_parsing(true),
        );
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database_url", url)?;
        }
        builder.build()?.try_deserialize()
    }

    /// The built-in defaults alone, ignoring files and the environment (tests start from these).
    pub fn defaults() -> Self {
        defaults()
            .and_then(|b| b.build())
            .and_then(|c| c.try_deserialize())
            .expect("the built-in defaults are valid")
    }

    pub fn worker_count(&self) -> usize {
        or_cores(self.workers)
    }

    pub fn precheck_worker_count(&self) -> usize {
        or_cores(self.precheck_workers)
    }
}

fn or_cores(n: usize) -> usize {
    if n == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    } else {
        n
    }
}

type Builder = config::ConfigBuilder<config::builder::DefaultState>;

fn defaults() -> Result<Builder, config::ConfigError> {
    config::Config::builder()
        .set_default("host", "127.0.0.1")?
        .set_default("port", 8080)?
        .set_default("database_url", "sqlite://./data/checkpoint.db")?
        .set_default("db_pool_size", 10)?
        .set_default("files_dir", "./data/files")?
        .set_default("json_limit_bytes", 256 * 1024)?
        .set_default("workers", 0)?
        .set_default("shutdown_timeout_secs", 30)?
        .set_default("log_format", "pretty")?
        .set_default("log_level", "info")?
        .set_default("storage_backend", "local")?
        .set_default("s3_region", "us-east-1")?
        .set_default("s3_allow_http", false)?
        .set_default("s3_prefix", "documents")?
        .set_default("sweep_interval_secs", 3600)?
        .set_default("sweep_min_age_secs", 3600)?
        .set_default("max_upload_bytes", 15 * 1024 * 1024)?
        .set_default("max_image_pixels", 10_000)?
        .set_default("max_decode_bytes", 512u64 * 1024 * 1024)?
        .set_default("precheck_workers", 0)?
        .set_default("precheck_max_attempts", 3)?
        .set_default("job_lease_secs", 60)?
        .set_default("job_poll_interval_ms", 500)?
        .set_default("review_lease_secs", 600)?
        .set_default("second_review_rate", 0.05)?
        .set_default("webhook_timeout_secs", 10)?
        .set_default("notification_max_attempts", 10)?
        .set_default("notification_backoff_ms", 2000)?
        .set_default("notification_workers", 2)?
        .set_default("license_renewal_lead_days", 30)?
        .set_default("license_check_interval_secs", 3600)?
        .set_default("appeal_deadline_days", 30)?
        .set_default("policy_file", "policies/marketplace.toml")?
        .set_default("policy_poll_interval_ms", 2000)?
        .set_default("policy_approvals", 2)?
        .set_default("scan_buffer", 100_000)?
        .set_default("auth_cache_secs", 5)?
        .set_default("console_secure_cookie", true)?
        .set_default("console_idle_secs", 300)?
        .set_default("console_leave_grace_secs", 15)?
        .set_default("sla_verification_hours", 24.0)?
        .set_default("sla_moderation_hours", 4.0)?
        .set_default("sla_appeals_hours", 72.0)?
        .set_default("sla_second_reviews_hours", 48.0)?
        .set_default("appeal_link_secret", "")?
        .set_default("public_url", "http://127.0.0.1:8080")
}
