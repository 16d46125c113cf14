//! Scanning content for the marketplace: the verdict, the violations that feed frequency rules,
//! sanctions, and moderation items for what a person must look at. A verdict that acts on the user
//! (flag, block, sanction) is committed before it is returned; verdicts that allow are written in
//! batches behind the response, since nothing depends on them but backtests, and so are the
//! verdicts of a candidate policy in shadow mode where they differ.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::moderation::{self as store, ModerationItemRow, SanctionRow, ScanRow, ViolationRow};
use crate::db::proposals::{self as proposals, ShadowVerdictRow};
use crate::db::{self, types::Id, Db, DbConnection};
use crate::error::AppError;
use crate::jobs::outbox;
use crate::policy::active::ActivePolicy;
use crate::policy::model::{Action, SanctionKind, Severity, Surface};
use crate::policy::verdict::{self, Assessment, Decision, History, Imposed, Match};
use crate::storage::Storage;
use crate::verification::upload::UploadLimits;

/// Longest text scanned, in bytes (a long service request is a few kilobytes).
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
const MAX_ID_CHARS: usize = 200;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanRequest {
    pub surface: Surface,
    pub user_id: String,
    pub content_id: String,
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SanctionView {
    #[schema(value_type = String, format = Uuid)]
    pub id: Id,
    pub kind: SanctionKind,
    /// None: until lifted.
    pub ends_at: Option<DateTime<Utc>>,
    pub appealable: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Verdict {
    #[schema(value_type = String, format = Uuid)]
    pub scan_id: Id,
    pub action: Action,
    pub matches: Vec<Match>,
    pub rules: Vec<String>,
    pub policy_version: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sanction: Option<SanctionView>,
}

impl Verdict {
    fn new(scan_id: Id, assessment: Assessment, sanction: Option<SanctionView>) -> Self {
        Self {
            scan_id,
            action: assessment.action,
            matches: assessment.matches,
            rules: assessment.rules,
            policy_version: assessment.policy_version,
            sanction,
        }
    }
}

pub struct Moderation {
    pub db: Db,
    pub policy: Arc<ActivePolicy>,
    pub allowed: Arc<AllowedWriter>,
    pub notification_attempts: i32,
    /// How long a moderator holds a claimed item.
    pub lease: Duration,
    /// Where takedown requests' attachments are stored, and their limits.
    pub storage: Arc<dyn Storage>,
    pub limits: UploadLimits,
}

pub(super) fn check_id(value: &str, field: &'static str) -> Result<(), AppError> {
    if value.is_empty()
        || value.chars().count() > MAX_ID_CHARS
        || value.chars().any(char::is_control)
    {
        return Err(AppError::bad_request(
            "invalid_body",
            format!("{field} is 1 to {MAX_ID_CHARS} printable characters"),
        ));
    }
    Ok(())
}

impl ScanRequest {
    fn validate(&self) -> Result<(), AppError> {
        check_id(&self.user_id, "user_id")?;
        check_id(&self.content_id, "content_id")?;
        if self.text.len() > MAX_TEXT_BYTES {
            return Err(AppError::payload_too_large(format!(
                "text is longer than {MAX_TEXT_BYTES} bytes"
            )));
        }
        Ok(())
    }
}

/// Frequency rules' history in the database, inside the verdict's transaction.
struct DbHistory<'a> {
    conn: &'a mut DbConnection,
    scan_id: &'a Id,
}

impl History for DbHistory<'_> {
    type Error = AppError;

    fn record(&mut self, user: &str, category: &str, at: NaiveDateTime) -> Result<(), AppError> {
        store::insert_violation(
            self.conn,
            &ViolationRow {
                id: Id::new(),
                user_id: user.to_owned(),
                category: category.to_owned(),
                scan_id: Some(self.scan_id.clone()),
                created_at: at,
                sanction_id: None,
                voided_at: None,
            },
        )
    }

    fn count(&mut self, user: &str, category: &str, since: NaiveDateTime) -> Result<u32, AppError> {
        Ok(store::count_violations(self.conn, user, category, since)? as u32)
    }
}

fn scan_row(
    id: &Id,
    request: &ScanRequest,
    assessment: &Assessment,
    at: NaiveDateTime,
) -> Result<ScanRow, AppError> {
    Ok(ScanRow {
        id: id.clone(),
        surface: request.surface.as_str().to_owned(),
        user_id: request.user_id.clone(),
        content_id: request.content_id.clone(),
        // PostgreSQL text cannot hold NUL; a space keeps every byte offset of the matches valid.
        content: request.text.replace('\0', " "),
        action: assessment.action.as_str().to_owned(),
        matches: serde_json::to_string(&assessment.matches).map_err(AppError::internal)?,
        rules: serde_json::to_string(&assessment.rules).map_err(AppError::internal)?,
        policy_version: assessment.policy_version,
        created_at: at,
    })
}

/// Riskier items first: the worst severity, then how much matched.
fn risk_score(matches: &[Match]) -> i32 {
    let worst = matches
        .iter()
        .map(|m| m.severity)
        .max()
        .unwrap_or(Severity::Low);
    worst as i32 * 25 + matches.len().min(20) as i32
}

impl Moderation {
    pub async fn scan(&self, request: ScanRequest) -> Result<Verdict, AppError> {
        request.validate()?;
        let loaded = self.policy.current();
        let assessment = verdict::assess(&loaded.scanner, &request.text);
        let now = Utc::now().naive_utc();
        let scan_id = Id::new();
        // The candidate's verdict is kept only where it differs, and never acted on.
        let shadow = self
            .policy
            .shadow()
            .and_then(|candidate| candidate.compare(&request.text, &assessment, &scan_id, now));
        if assessment.violations.is_empty()
            && assessment.zero_tolerance.is_none()
            && assessment.action == Action::Allow
        {
            self.allowed.push(Deferred::Scan(scan_row(
                &scan_id,
                &request,
                &assessment,
                now,
            )?));
            if let Some(row) = shadow {
                self.allowed.push(Deferred::Shadow(row));
            }
            return Ok(Verdict::new(scan_id, assessment, None));
        }
        let attempts = self.notification_attempts;
        let verdict = self
            .db
            .run(move |conn| {
                db::write_transaction(conn, |conn| {
                    record(
                        conn,
                        &loaded.scanner,
                        &request,
                        assessment,
                        &scan_id,
                        now,
                        attempts,
                    )
                })
            })
            .await?;
        if let Some(row) = shadow {
            self.allowed.push(Deferred::Shadow(row));
        }
        Ok(verdict)
    }
}

/// Writes a verdict that acts: its scan, violations, sanction and moderation item, in the
/// caller's transaction.
fn record(
    conn: &mut DbConnection,
    scanner: &crate::policy::Scanner,
    request: &ScanRequest,
    assessment: Assessment,
    scan_id: &Id,
    now: NaiveDateTime,
    notification_attempts: i32,
) -> Result<Verdict, AppError> {
    store::lock(conn, &format!("user:{}", request.user_id))?;
    let Decision {
        assessment,
        sanction,
    } = {
        let mut history = DbHistory { conn, scan_id };
        verdict::apply_history(scanner, assessment, &request.user_id, now, &mut history)?
    };
    let row = scan_row(scan_id, request, &assessment, now)?;
    store::insert_scans(conn, std::slice::from_ref(&row))?;
    let sanction = match sanction {
        Some(imposed) => Some(impose(
            conn,
            request,
            &imposed,
            scan_id,
            assessment.policy_version,
            now,
            notification_attempts,
        )?),
        None => None,
    };
    if assessment.action == Action::Flag {
        store::queue_item(
            conn,
            &ModerationItemRow {
                risk_score: risk_score(&assessment.matches),
                scan_id: Some(scan_id.clone()),
                matches: row.matches,
                policy_version: Some(assessment.policy_version),
                ..ModerationItemRow::waiting(
                    request.surface,
                    &request.content_id,
                    &request.user_id,
                    "scan",
                    now,
                )
            },
        )?;
    }
    Ok(Verdict::new(scan_id.clone(), assessment, sanction))
}

fn impose(
    conn: &mut DbConnection,
    request: &ScanRequest,
    imposed: &Imposed,
    scan_id: &Id,
    policy_version: i64,
    now: NaiveDateTime,
    notification_attempts: i32,
) -> Result<SanctionView, AppError> {
    let row = SanctionRow {
        id: Id::new(),
        user_id: request.user_id.clone(),
        kind: imposed.spec.kind.as_str().to_owned(),
        category: Some(imposed.category.clone()),
        rule: imposed.rule.clone(),
        scan_id: Some(scan_id.clone()),
        policy_version: Some(policy_version),
        starts_at: now,
        ends_at: imposed.spec.duration.map(|d| now + d.duration()),
        appealable: imposed.spec.appealable,
        lifted_at: None,
        created_at: now,
        reason: format!("{} (automatic, {})", imposed.category, imposed.rule),
        action_id: None,
    };
    record_sanction(
        conn,
        row,
        request.surface,
        &request.content_id,
        notification_attempts,
    )
}

/// Stores a sanction and tells the user through the outbox, in the caller's transaction.
pub(super) fn record_sanction(
    conn: &mut DbConnection,
    row: SanctionRow,
    surface: Surface,
    content_id: &str,
    notification_attempts: i32,
) -> Result<SanctionView, AppError> {
    store::insert_sanction(conn, &row)?;
    let kind: SanctionKind = row.kind.parse().map_err(AppError::internal)?;
    let view = SanctionView {
        id: row.id.clone(),
        kind,
        ends_at: row.ends_at.map(|t| t.and_utc()),
        appealable: row.appealable,
    };
    outbox::enqueue(
        conn,
        "sanction.imposed",
        serde_json::json!({
            "sanction_id": view.id,
            "user_id": row.user_id,
            "kind": view.kind,
            "ends_at": view.ends_at,
            "appealable": view.appealable,
            "category": row.category,
            "rule": row.rule,
            "reason": row.reason,
            "surface": surface,
            "content_id": content_id,
        }),
        notification_attempts,
    )?;
    Ok(view)
}

/// A row nothing acts on, written behind the response.
pub enum Deferred {
    /// An allowed verdict.
    Scan(ScanRow),
    /// Where a candidate in shadow mode decided otherwise.
    Shadow(ShadowVerdictRow),
}

/// Writes allowed verdicts and shadow verdicts in batches from a background thread. If the
/// database falls behind and the buffer fills, further rows are dropped (and logged) rather than
/// slowing the marketplace down; nothing acts on them.
pub struct AllowedWriter {
    sender: Mutex<Option<SyncSender<Deferred>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    dropped: AtomicU64,
}

const BATCH: usize = 1000;
const BATCH_WAIT: Duration = Duration::from_millis(100);

impl AllowedWriter {
    pub fn start(db: Db, capacity: usize) -> Arc<Self> {
        let (sender, receiver) = mpsc::sync_channel::<Deferred>(capacity.max(1));
        let thread = std::thread::Builder::new()
            .name("scan-writer".into())
            .spawn(move || {
                while let Ok(first) = receiver.recv() {
                    let mut batch = vec![first];
                    let deadline = Instant::now() + BATCH_WAIT;
                    while batch.len() < BATCH {
                        match receiver
                            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                        {
                            Ok(row) => batch.push(row),
                            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                                break
                            }
                        }
                    }
                    let (mut scans, mut shadows) = (Vec::new(), Vec::new());
                    for row in batch {
                        match row {
                            Deferred::Scan(row) => scans.push(row),
                            Deferred::Shadow(row) => shadows.push(row),
                        }
                    }
                    let rows = scans.len() + shadows.len();
                    let written = db.get().and_then(|mut conn| {
                        db::write_transaction(&mut conn, |conn| {
                            store::insert_scans(conn, &scans)?;
                            proposals::insert_shadow_verdicts(conn, &shadows)
                        })
                    });
                    if let Err(err) = written {
                        tracing::warn!(error = %err, rows, "writing allowed scans failed");
                    }
                }
            })
            .expect("spawning the scan writer");
        Arc::new(Self {
            sender: Mutex::new(Some(sender)),
            thread: Mutex::new(Some(thread)),
            dropped: AtomicU64::new(0),
        })
    }

    fn push(&self, row: Deferred) {
        let sender = self.sender.lock().expect("scan writer lock");
        let Some(sender) = sender.as_ref() else {
            return;
        };
        if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) = sender.try_send(row) {
            let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            if dropped == 1 || dropped.is_multiple_of(10_000) {
                tracing::warn!(dropped, "allowed verdicts dropped: the scan buffer is full");
            }
        }
    }

    /// How many allowed verdicts were dropped since the start.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Writes what is buffered and stops the thread.
    pub fn stop(&self) {
        self.sender.lock().expect("scan writer lock").take();
        if let Some(thread) = self.thread.lock().expect("scan writer lock").take() {
            let _ = thread.join();
        }
    }
}
