//! The active policy: recorded in the database with its hash when activated, compiled once, and
//! swapped atomically so a scan never waits for a reload nor sees half a policy. Every server
//! process polls the newest activation, so one reload or rollback reaches them all within seconds.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use arc_swap::{ArcSwap, ArcSwapOption};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::Severity;
use super::patterns::Detector;
use super::proposals::{Proposal, Reason, ShadowCandidate};
use super::{backtest, default_policy, diff, file, Scanner};
use crate::audit::{self, Actor};
use crate::db::policies::{self, ActivationRow, PolicyVersionRow};
use crate::db::{self, types::Id, DbConnection};
use crate::error::AppError;

/// A compiled policy and where it came from.
pub struct Loaded {
    pub scanner: Scanner,
    pub version_id: Id,
    pub activation_id: Id,
    pub activated_at: NaiveDateTime,
    pub activated_by: String,
    pub reason: String,
}

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reloaded {
    Activated,
    /// The file holds the version that is active already.
    Unchanged,
    /// The change waits for approval as this proposal (four eyes).
    Proposed(Id),
}

/// What a rollback did: gone live, or waiting for a second person.
pub enum Rollback {
    Activated,
    Proposed(Box<Proposal>),
}

pub struct ActivePolicy {
    current: ArcSwap<Loaded>,
    /// The policy file reloads and the watcher read; None uses the built-in policy only.
    file: Option<PathBuf>,
    /// The hash of the file as the watcher last saw it, so it reacts once per change.
    seen: Mutex<Option<String>>,
    /// People it takes to make a change live (1: whoever makes it).
    pub(super) approvals: u32,
    /// The candidate running beside the active policy on live scans, if any.
    shadow: ArcSwapOption<ShadowCandidate>,
}

pub(super) fn invalid(errors: &[file::PolicyError]) -> AppError {
    let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    AppError::bad_request(
        "invalid_policy",
        format!("the policy file has errors: {}", list.join("; ")),
    )
}

fn parse_recorded(row: &PolicyVersionRow) -> Result<file::PolicyFile, AppError> {
    file::parse(&row.source).map_err(|e| invalid(&e))
}

pub(super) fn compile(row: &PolicyVersionRow) -> Result<Scanner, AppError> {
    compile_source(&row.source)
}

/// Compiles a source checked when it was recorded.
pub(super) fn compile_source(source: &str) -> Result<Scanner, AppError> {
    Scanner::build(file::parse(source).map_err(|e| invalid(&e))?).map_err(AppError::internal)
}

impl ActivePolicy {
    /// Loads the active policy, first activating the file's version when nothing is active yet or
    /// when the file holds a version never recorded (a new policy shipped with a deploy). A file
    /// with errors is reported and the active version stays.
    /// With `approvals` above 1, a file holding a new version while another is active becomes a
    /// proposal instead.
    pub fn start(
        conn: &mut DbConnection,
        file: Option<PathBuf>,
        approvals: u32,
    ) -> Result<Self, AppError> {
        let source = match &file {
            Some(path) => match file::read(path) {
                Ok(source) => Some(source),
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "policy file unreadable; using the built-in policy");
                    None
                }
            },
            None => None,
        };
        let source = source.unwrap_or_else(default_policy);
        let seen = Mutex::new(Some(file::content_hash(&source)));
        let active = policies::active(conn)?;
        let mut built = None;
        let mut propose = false;
        match file::parse(&source) {
            Ok(parsed) => {
                let known = policies::find_version(conn, &parsed.name, parsed.version.get())?;
                propose = active.is_some() && known.is_none() && approvals > 1;
                if (active.is_none() || known.is_none()) && !propose {
                    match activate_source(conn, &source, &Actor::system(), "startup") {
                        Ok(activated) => built = Some(activated),
                        // Another process starting at the same moment may have recorded it first.
                        Err(e)
                            if policies::find_version(
                                conn,
                                &parsed.name,
                                parsed.version.get(),
                            )?
                            .is_none() =>
                        {
                            return Err(e)
                        }
                        Err(_) => {}
                    }
                }
            }
            Err(errors) if active.is_some() => {
                for e in &errors {
                    tracing::error!(error = %e, "policy file has errors; the active version stays");
                }
            }
            Err(errors) => return Err(invalid(&errors)),
        }
        let loaded = load_active(conn, built)?
            .ok_or_else(|| AppError::internal("no policy is active after start"))?;
        let policy = Self {
            current: ArcSwap::from_pointee(loaded),
            file,
            seen,
            approvals: approvals.max(1),
            shadow: ArcSwapOption::empty(),
        };
        if propose {
            policy.propose_file(
                conn,
                &source,
                &Actor::system(),
                "a new version in the policy file at startup",
            )?;
        }
        policy.refresh_shadow(conn)?;
        Ok(policy)
    }

    /// The candidate in shadow mode, if any. Cheap: no lock, no copy.
    pub fn shadow(&self) -> Option<Arc<ShadowCandidate>> {
        self.shadow.load_full()
    }

    pub(super) fn set_shadow_candidate(&self, candidate: Option<Arc<ShadowCandidate>>) {
        self.shadow.store(candidate);
    }

    /// How many people it takes to make a change live.
    pub fn approvals(&self) -> u32 {
        self.approvals
    }

    /// A pasted policy file with its term files, read from the policy file's folder.
    pub(super) fn bundle(&self, source: &str) -> Result<String, AppError> {
        match &self.file {
            Some(path) => file::bundle_in(path.parent().unwrap_or(Path::new("")), source)
                .map_err(|e| AppError::bad_request("invalid_policy", e)),
            None => Ok(source.to_owned()),
        }
    }

    /// The policy scans use now. Cheap: no lock, no copy.
    pub fn current(&self) -> Arc<Loaded> {
        self.current.load_full()
    }

    /// Reads the policy file and activates it (ops asked for it), or, with four eyes, proposes it:
    /// errors are returned and the running version stays.
    pub fn reload(&self, conn: &mut DbConnection, actor: &Actor) -> Result<Reloaded, AppError> {
        let path = self.file.as_ref().ok_or_else(|| {
            AppError::conflict(
                "no_policy_file",
                "this server has no policy file configured",
            )
        })?;
        let source =
            file::read(path).map_err(|e| AppError::conflict("policy_file_unreadable", e))?;
        *self.seen.lock().expect("policy watcher lock") = Some(file::content_hash(&source));
        let parsed = file::parse(&source).map_err(|e| invalid(&e))?;
        let active = self.current();
        if let Some(known) = policies::find_version(conn, &parsed.name, parsed.version.get())? {
            if known.content_hash != parsed.hash {
                return Err(version_taken(&known));
            }
            if known.id == active.version_id {
                return Ok(Reloaded::Unchanged);
            }
        }
        if self.approvals > 1 {
            let id = self.propose_file(conn, &source, actor, "reload of the policy file")?;
            return Ok(Reloaded::Proposed(id));
        }
        let built = activate_source(conn, &source, actor, "reload")?;
        self.swap_in(conn, Some(built))?;
        Ok(Reloaded::Activated)
    }

    /// Activates a recorded version of the active policy again (a rollback, or forward again after
    /// one), recorded with why; with four eyes, proposes it for a second person to approve.
    pub fn roll_back(
        &self,
        conn: &mut DbConnection,
        version: i64,
        actor: &Actor,
        reason: &Reason,
    ) -> Result<Rollback, AppError> {
        if self.approvals > 1 {
            let proposal = self.propose_rollback(conn, version, reason, actor)?;
            return Ok(Rollback::Proposed(Box::new(proposal)));
        }
        let row = self.recorded(conn, version)?;
        let scanner = compile(&row)?;
        let why = format!("rollback: {}", reason.as_str());
        db::write_transaction(conn, |conn| record_activation(conn, &row, actor, &why))?;
        self.swap_in(conn, Some((row.id, scanner)))?;
        Ok(Rollback::Activated)
    }

    /// A recorded version of the active policy.
    pub(super) fn recorded(
        &self,
        conn: &mut DbConnection,
        version: i64,
    ) -> Result<PolicyVersionRow, AppError> {
        let name = self.current().scanner.policy.name.clone();
        policies::find_version(conn, &name, version)?.ok_or_else(|| {
            AppError::not_found(format!(
                "version {version} of policy {name:?} was never recorded"
            ))
        })
    }

    /// Swaps in the newest activation if another process (or this one) made one. Returns whether
    /// the policy changed.
    pub fn refresh(&self, conn: &mut DbConnection) -> Result<bool, AppError> {
        self.refresh_shadow(conn)?;
        self.swap_in(conn, None)
    }

    /// [`Self::refresh`], given the scanner this process has just built for a version, so that
    /// version is not compiled twice.
    pub(super) fn swap_in(
        &self,
        conn: &mut DbConnection,
        built: Option<(Id, Scanner)>,
    ) -> Result<bool, AppError> {
        let newest = policies::active_activation_id(conn)?;
        if newest.as_ref() == Some(&self.current().activation_id) {
            return Ok(false);
        }
        let Some(loaded) = load_active(conn, built)? else {
            return Ok(false);
        };
        tracing::info!(
            name = %loaded.scanner.policy.name,
            version = loaded.scanner.policy.version.get(),
            reason = %loaded.reason,
            "policy activated"
        );
        self.current.store(Arc::new(loaded));
        Ok(true)
    }

    /// One watcher tick: activates the file when it changed into a version never recorded (with
    /// four eyes, proposes it). Errors and reused version numbers are logged; the active version
    /// stays.
    pub fn watch_file(&self, conn: &mut DbConnection) -> Result<bool, AppError> {
        let Some(path) = &self.file else {
            return Ok(false);
        };
        let Ok(source) = file::read(path) else {
            return Ok(false);
        };
        let digest = file::content_hash(&source);
        {
            let mut seen = self.seen.lock().expect("policy watcher lock");
            if seen.as_deref() == Some(digest.as_str()) {
                return Ok(false);
            }
            *seen = Some(digest);
        }
        let parsed = match file::parse(&source) {
            Ok(parsed) => parsed,
            Err(errors) => {
                for e in &errors {
                    tracing::error!(path = %path.display(), error = %e, "changed policy file has errors; not activated");
                }
                return Ok(false);
            }
        };
        if let Some(known) = policies::find_version(conn, &parsed.name, parsed.version.get())? {
            if known.content_hash != parsed.hash {
                tracing::error!(path = %path.display(), "{}", version_taken(&known).message);
            }
            return Ok(false);
        }
        if self.approvals > 1 {
            self.propose_file(conn, &source, &Actor::system(), "the policy file changed")?;
            return Ok(false);
        }
        let built = activate_source(conn, &source, &Actor::system(), "watcher")?;
        self.swap_in(conn, Some(built))
    }
}

pub(super) fn version_taken(known: &PolicyVersionRow) -> AppError {
    AppError::conflict(
        "version_exists",
        format!(
            "version {} of policy {:?} is already recorded with different content; raise `version` in the file",
            known.version, known.name
        ),
    )
}

/// Records the source as a version (if new) and activates it, with an audit entry. Returns the
/// version's id and its scanner, built before anything is recorded.
fn activate_source(
    conn: &mut DbConnection,
    source: &str,
    actor: &Actor,
    reason: &str,
) -> Result<(Id, Scanner), AppError> {
    let scanner = compile_source(source)?;
    let id = db::write_transaction(conn, |conn| {
        let row = record_version(conn, source, &actor.id, Utc::now().naive_utc())?;
        record_activation(conn, &row, actor, reason)?;
        Ok(row.id)
    })?;
    Ok((id, scanner))
}

/// The recorded version of a checked source, recording it first if new. A version number taken
/// by other content is refused.
pub(super) fn record_version(
    conn: &mut DbConnection,
    source: &str,
    by: &str,
    at: NaiveDateTime,
) -> Result<PolicyVersionRow, AppError> {
    let parsed = file::parse(source).map_err(|e| invalid(&e))?;
    let hash = file::content_hash(source);
    match policies::find_version(conn, &parsed.name, parsed.version.get())? {
        Some(row) if row.content_hash == hash => Ok(row),
        Some(row) => Err(version_taken(&row)),
        None => {
            let row = PolicyVersionRow {
                id: Id::new(),
                name: parsed.name,
                version: parsed.version.get(),
                content_hash: hash,
                source: source.to_owned(),
                created_at: at,
                created_by: by.to_owned(),
            };
            policies::insert_version(conn, &row)?;
            Ok(row)
        }
    }
}

pub(super) fn record_activation(
    conn: &mut DbConnection,
    row: &PolicyVersionRow,
    actor: &Actor,
    reason: &str,
) -> Result<(), AppError> {
    let activation = ActivationRow {
        id: Id::new(),
        policy_version_id: row.id.clone(),
        activated_at: Utc::now().naive_utc(),
        activated_by: actor.id.clone(),
        reason: reason.to_owned(),
    };
    policies::insert_activation(conn, &activation)?;
    audit::record(
        conn,
        actor,
        "policy.activate",
        "policy_version",
        row.id.as_str(),
        serde_json::json!({"name": row.name, "version": row.version, "hash": row.content_hash, "reason": reason}),
    )
}

/// The active version, compiled unless `built` is its scanner already.
fn load_active(
    conn: &mut DbConnection,
    built: Option<(Id, Scanner)>,
) -> Result<Option<Loaded>, AppError> {
    let Some((activation, version)) = policies::active(conn)? else {
        return Ok(None);
    };
    let scanner = match built {
        Some((id, scanner)) if id == version.id => scanner,
        _ => compile(&version)?,
    };
    Ok(Some(Loaded {
        scanner,
        version_id: version.id,
        activation_id: activation.id,
        activated_at: activation.activated_at,
        activated_by: activation.activated_by,
        reason: activation.reason,
    }))
}

/// Polls the database (and the file, when this process watches one) until the task is dropped.
pub async fn run_periodically(
    db: db::Db,
    policy: Arc<ActivePolicy>,
    interval: std::time::Duration,
) {
    let mut ticker = tokio::time::interval(interval);
    loop {
        ticker.tick().await;
        let policy = policy.clone();
        let result = db
            .run(move |conn| {
                policy.watch_file(conn)?;
                policy.refresh(conn)
            })
            .await;
        if let Err(err) = result {
            tracing::warn!(error = %err, "checking for a new policy failed");
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CategorySummary {
    pub id: String,
    pub severity: Severity,
    pub terms: usize,
    pub allow: usize,
    pub patterns: Vec<Detector>,
    pub zero_tolerance: bool,
}

/// The active policy as the API shows it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActiveSummary {
    pub name: String,
    pub version: i64,
    pub hash: String,
    pub activated_at: DateTime<Utc>,
    pub activated_by: String,
    /// startup, reload, watcher or rollback.
    pub reason: String,
    pub categories: Vec<CategorySummary>,
    pub frequency_rules: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VersionSummary {
    pub name: String,
    pub version: i64,
    pub hash: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub active: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActivationSummary {
    pub name: String,
    pub version: i64,
    pub activated_at: DateTime<Utc>,
    pub activated_by: String,
    pub reason: String,
}

/// Every recorded version and the newest activations.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PolicyHistory {
    pub versions: Vec<VersionSummary>,
    pub activations: Vec<ActivationSummary>,
}

impl Loaded {
    pub fn summary(&self) -> ActiveSummary {
        let policy = &self.scanner.policy;
        ActiveSummary {
            name: policy.name.clone(),
            version: policy.version.get(),
            hash: policy.hash.clone(),
            activated_at: self.activated_at.and_utc(),
            activated_by: self.activated_by.clone(),
            reason: self.reason.clone(),
            categories: policy
                .categories
                .iter()
                .map(|c| CategorySummary {
                    id: c.id.clone(),
                    severity: c.severity,
                    terms: c.terms.len(),
                    allow: c.allow.len(),
                    patterns: c.patterns.clone(),
                    zero_tolerance: c.zero_tolerance() || c.terms.iter().any(|t| t.zero_tolerance),
                })
                .collect(),
            frequency_rules: policy.frequency.iter().map(|r| r.id.clone()).collect(),
        }
    }
}

impl ActivePolicy {
    /// What a candidate policy file would change, replayed over the stored scans from `from` on
    /// (at most `limit`) against the active policy.
    pub fn backtest_candidate(
        &self,
        conn: &mut DbConnection,
        source: &str,
        from: NaiveDateTime,
        limit: i64,
    ) -> Result<backtest::Report, AppError> {
        let source = self.bundle(source)?;
        let candidate = file::parse(&source).map_err(|e| invalid(&e))?;
        let candidate =
            Scanner::build(candidate).map_err(|e| AppError::bad_request("invalid_policy", e))?;
        let samples = backtest::stored_samples(conn, from, limit)?;
        Ok(backtest::backtest(
            &self.current().scanner,
            &candidate,
            samples,
        ))
    }

    /// The terms, rules and settings that changed from one recorded version of the active policy
    /// to another.
    pub fn diff_versions(
        &self,
        conn: &mut DbConnection,
        from: i64,
        to: i64,
    ) -> Result<Vec<String>, AppError> {
        let old = parse_recorded(&self.recorded(conn, from)?)?;
        let new = parse_recorded(&self.recorded(conn, to)?)?;
        Ok(diff::diff(&old, &new))
    }

    pub fn history(&self, conn: &mut DbConnection) -> Result<PolicyHistory, AppError> {
        let active = self.current().version_id.clone();
        let versions = policies::versions(conn)?
            .into_iter()
            .map(|v| VersionSummary {
                active: v.id == active,
                name: v.name,
                version: v.version,
                hash: v.content_hash,
                created_at: v.created_at.and_utc(),
                created_by: v.created_by,
            })
            .collect();
        let activations = policies::activations(conn, 100)?
            .into_iter()
            .map(|(a, name, version)| ActivationSummary {
                name,
                version,
                activated_at: a.activated_at.and_utc(),
                activated_by: a.activated_by,
                reason: a.reason,
            })
            .collect();
        Ok(PolicyHistory {
            versions,
            activations,
        })
    }
}
