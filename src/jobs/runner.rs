//! Worker threads that claim and run jobs. Threads, not async tasks: the work (OCR) is blocking
//! and CPU-bound, and some engines (Tesseract) must stay on the thread that made them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::{ClaimedJob, Failure};
use crate::db::{self, Db, DbConnection};
use crate::error::AppError;

/// Runs one kind of job. `run` happens on a worker thread with no transaction open.
pub trait Handler: Send + Sync + 'static {
    fn kind(&self) -> &'static str;

    fn run(&self, db: &Db, job: &ClaimedJob) -> Result<(), String>;

    /// The last attempt failed; runs in the transaction that marks the job failed, so the work is
    /// handed on (e.g. to human review) exactly when the job gives up.
    fn exhausted(
        &self,
        conn: &mut DbConnection,
        job: &ClaimedJob,
        error: &str,
    ) -> Result<(), AppError>;
}

#[derive(Debug, Clone)]
pub struct RunnerOptions {
    pub workers: usize,
    pub lease: Duration,
    /// How long an idle worker waits before looking for work again.
    pub poll_interval: Duration,
    pub base_backoff: Duration,
}

pub struct Runner {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Runner {
    pub fn start(db: Db, handler: Arc<dyn Handler>, options: RunnerOptions) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let instance = crate::db::types::Id::new();
        let threads = (0..options.workers.max(1))
            .map(|n| {
                let (db, handler, stop, options) =
                    (db.clone(), handler.clone(), stop.clone(), options.clone());
                let owner = format!("{}:{}:{n}", handler.kind(), instance);
                std::thread::Builder::new()
                    .name(format!("{}-worker-{n}", handler.kind()))
                    .spawn(move || work(&db, handler.as_ref(), &owner, &options, &stop))
                    .expect("spawn job worker")
            })
            .collect();
        Self { stop, threads }
    }

    /// Lets each worker finish the job in hand, then joins them. A job cut short by a crash
    /// instead is claimed again when its lease runs out.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for thread in std::mem::take(&mut self.threads) {
            let _ = thread.join();
        }
    }
}

impl Drop for Runner {
    /// A runner dropped without `stop` (its server task was cancelled) still ends its workers,
    /// each after the job in hand; it does not wait for them.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn work(db: &Db, handler: &dyn Handler, owner: &str, options: &RunnerOptions, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match claim_next(db, handler.kind(), owner, options.lease) {
            Ok(Some(job)) => run_one(db, handler, &job, options),
            Ok(None) => std::thread::sleep(options.poll_interval),
            Err(err) => {
                tracing::warn!(kind = handler.kind(), error = %err, "claiming a job failed");
                std::thread::sleep(options.poll_interval);
            }
        }
    }
}

fn claim_next(
    db: &Db,
    kind: &str,
    owner: &str,
    lease: Duration,
) -> Result<Option<ClaimedJob>, AppError> {
    super::claim(&mut *db.get()?, kind, owner, lease)
}

fn run_one(db: &Db, handler: &dyn Handler, job: &ClaimedJob, options: &RunnerOptions) {
    let span = tracing::info_span!("job", kind = %job.kind, id = %job.id, attempt = job.attempts);
    let _guard = span.enter();
    let result = with_heartbeat(db, job, options.lease, || handler.run(db, job));
    let recorded = match result {
        Ok(()) => db
            .get()
            .and_then(|mut conn| super::complete(&mut conn, job))
            .map(|completed| {
                if !completed {
                    // Another worker holds the job now and will run it again; handlers are idempotent.
                    tracing::warn!("the job's lease ran out before it finished");
                }
            }),
        Err(error) => {
            tracing::warn!(%error, "job run failed");
            record_failure(db, handler, job, &error, options.base_backoff)
        }
    };
    if let Err(err) = recorded {
        // The lease will run out and the job be claimed again; nothing is lost.
        tracing::error!(error = %err, "could not record the job's outcome");
    }
}

fn record_failure(
    db: &Db,
    handler: &dyn Handler,
    job: &ClaimedJob,
    error: &str,
    backoff: Duration,
) -> Result<(), AppError> {
    let mut conn = db.get()?;
    db::write_transaction(&mut conn, |conn| {
        if super::fail(conn, job, error, backoff)? == Failure::Exhausted {
            handler.exhausted(conn, job, error)?;
        }
        Ok(())
    })
}

/// Runs `work` while a helper thread renews the job's lease every third of its length.
fn with_heartbeat<T>(db: &Db, job: &ClaimedJob, lease: Duration, work: impl FnOnce() -> T) -> T {
    let (done, wait) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        // Until the work is done (the sender dropped): a timeout means renew.
        scope.spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(lease / 3) {
                let renewed = db
                    .get()
                    .and_then(|mut conn| super::renew(&mut conn, job, lease));
                if !matches!(renewed, Ok(true)) {
                    tracing::warn!(?renewed, "could not renew the job's lease");
                }
            }
        });
        let result = work();
        drop(done);
        result
    })
}
