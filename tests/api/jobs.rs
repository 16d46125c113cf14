use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use checkpoint::db::{Db, DbConnection};
use checkpoint::error::AppError;
use checkpoint::jobs::{self, ClaimedJob, Failure, Handler, Runner, RunnerOptions};

use crate::both_backends;
use crate::helpers::{migrated_db, Backend};

both_backends!(
    claim_run_complete,
    expired_lease_is_claimed_again_and_old_owner_is_fenced,
    failures_back_off_then_exhaust,
    concurrent_claimers_never_share_a_job,
    runner_processes_retries_and_hands_on_exhausted_jobs,
);

const LONG: Duration = Duration::from_secs(60);

fn blocking<T: Send + 'static>(
    db: &Db,
    f: impl FnOnce(&mut DbConnection) -> T + Send + 'static,
) -> T {
    let mut conn = db.get().unwrap();
    f(&mut conn)
}

fn status(db: &Db, id: &checkpoint::db::types::Id) -> (String, i32, Option<String>) {
    let id = id.clone();
    let row = blocking(db, move |c| jobs::find(c, &id).unwrap().unwrap());
    (row.status, row.attempts, row.last_error)
}

async fn claim_run_complete(backend: Backend) {
    let (_database, db) = migrated_db(backend).await;
    let id = blocking(&db, |c| jobs::enqueue(c, "test", "{\"n\": 1}", 3).unwrap());
    assert!(blocking(&db, |c| jobs::claim(c, "other-kind", "w1", LONG).unwrap()).is_none());
    let job = blocking(&db, |c| jobs::claim(c, "test", "w1", LONG).unwrap()).expect("a job");
    assert_eq!(
        (job.id.clone(), job.payload.as_str(), job.attempts),
        (id.clone(), "{\"n\": 1}", 1)
    );
    assert!(
        blocking(&db, |c| jobs::claim(c, "test", "w2", LONG).unwrap()).is_none(),
        "a leased job is not handed out twice"
    );
    let j = job.clone();
    assert!(blocking(&db, move |c| jobs::complete(c, &j).unwrap()));
    assert_eq!(status(&db, &id).0, "done");
    assert!(blocking(&db, |c| jobs::claim(c, "test", "w2", LONG).unwrap()).is_none());
}

async fn expired_lease_is_claimed_again_and_old_owner_is_fenced(backend: Backend) {
    let (_database, db) = migrated_db(backend).await;
    let id = blocking(&db, |c| jobs::enqueue(c, "test", "{}", 3).unwrap());
    let dead = blocking(&db, |c| {
        jobs::claim(c, "test", "dead-worker", Duration::from_millis(200)).unwrap()
    })
    .unwrap();
    assert!(blocking(&db, |c| jobs::claim(c, "test", "w2", LONG).unwrap()).is_none());
    std::thread::sleep(Duration::from_millis(400));
    let again = blocking(&db, |c| jobs::claim(c, "test", "w2", LONG).unwrap())
        .expect("reclaimed after the lease ran out");
    assert_eq!((again.id.clone(), again.attempts), (id.clone(), 2));
    // The first worker wakes up late: it can neither renew, complete nor fail the job.
    let d = dead.clone();
    assert!(!blocking(&db, move |c| jobs::renew(c, &d, LONG).unwrap()));
    let d = dead.clone();
    assert!(!blocking(&db, move |c| jobs::complete(c, &d).unwrap()));
    assert_eq!(
        blocking(&db, move |c| jobs::fail(c, &dead, "late", Duration::ZERO)
            .unwrap()),
        Failure::LeaseLost
    );
    assert!(blocking(&db, move |c| jobs::complete(c, &again).unwrap()));
    assert_eq!(status(&db, &id).0, "done");
}

async fn failures_back_off_then_exhaust(backend: Backend) {
    let (_database, db) = migrated_db(backend).await;
    let id = blocking(&db, |c| jobs::enqueue(c, "test", "{}", 2).unwrap());
    let job = blocking(&db, |c| jobs::claim(c, "test", "w", LONG).unwrap()).unwrap();
    let outcome = blocking(&db, move |c| {
        jobs::fail(c, &job, "ocr crashed", Duration::from_secs(30)).unwrap()
    });
    assert!(matches!(outcome, Failure::Retrying(_)), "{outcome:?}");
    assert_eq!(
        status(&db, &id),
        ("queued".to_owned(), 1, Some("ocr crashed".to_owned()))
    );
    assert!(
        blocking(&db, |c| jobs::claim(c, "test", "w", LONG).unwrap()).is_none(),
        "not before its backoff"
    );

    let id2 = blocking(&db, |c| jobs::enqueue(c, "test2", "{}", 2).unwrap());
    for attempt in 1..=2 {
        let job = blocking(&db, |c| jobs::claim(c, "test2", "w", LONG).unwrap())
            .expect("claimable with no backoff");
        assert_eq!(job.attempts, attempt);
        let outcome = blocking(&db, move |c| {
            jobs::fail(c, &job, "bad", Duration::ZERO).unwrap()
        });
        assert_eq!(outcome == Failure::Exhausted, attempt == 2, "{outcome:?}");
    }
    assert_eq!(status(&db, &id2).0, "failed");
    assert!(blocking(&db, |c| jobs::claim(c, "test2", "w", LONG).unwrap()).is_none());
}

async fn concurrent_claimers_never_share_a_job(backend: Backend) {
    let (_database, db) = migrated_db(backend).await;
    const JOBS: usize = 300;
    blocking(&db, |c| {
        for n in 0..JOBS {
            jobs::enqueue(c, "test", &n.to_string(), 3).unwrap();
        }
    });
    let claimed = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..8)
        .map(|w| {
            let (db, claimed) = (db.clone(), claimed.clone());
            std::thread::spawn(move || loop {
                let mut conn = db.get().unwrap();
                let Some(job) = jobs::claim(&mut conn, "test", &format!("w{w}"), LONG).unwrap()
                else {
                    break;
                };
                assert!(jobs::complete(&mut conn, &job).unwrap());
                claimed.lock().unwrap().push(job.id);
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let claimed = claimed.lock().unwrap();
    let unique: HashSet<_> = claimed.iter().collect();
    assert_eq!(claimed.len(), JOBS, "every job claimed exactly once");
    assert_eq!(unique.len(), JOBS);
    assert_eq!(
        blocking(&db, |c| checkpoint::db::jobs::count(c, "test", "done")
            .unwrap()),
        JOBS as i64
    );
}

/// Succeeds on payload "ok", fails once on "flaky", always fails on "broken".
struct Recorder {
    runs: Mutex<Vec<String>>,
    exhausted: Mutex<Vec<String>>,
}

impl Handler for Recorder {
    fn kind(&self) -> &'static str {
        "recorder"
    }

    fn run(&self, _db: &Db, job: &ClaimedJob) -> Result<(), String> {
        self.runs.lock().unwrap().push(job.payload.clone());
        match (job.payload.as_str(), job.attempts) {
            ("flaky", 1) | ("broken", _) => Err(format!("{} failed", job.payload)),
            _ => Ok(()),
        }
    }

    fn exhausted(
        &self,
        _conn: &mut DbConnection,
        job: &ClaimedJob,
        error: &str,
    ) -> Result<(), AppError> {
        self.exhausted
            .lock()
            .unwrap()
            .push(format!("{}: {error}", job.payload));
        Ok(())
    }
}

async fn runner_processes_retries_and_hands_on_exhausted_jobs(backend: Backend) {
    let (_database, db) = migrated_db(backend).await;
    // A worker that died holding a job: its lease runs out and the runner finishes the job.
    let orphan = blocking(&db, |c| {
        let id = jobs::enqueue(c, "recorder", "ok", 3).unwrap();
        let claimed = jobs::claim(c, "recorder", "crashed", Duration::from_millis(300))
            .unwrap()
            .unwrap();
        assert_eq!(claimed.id, id);
        id
    });
    let ids = blocking(&db, |c| {
        let mut ids: Vec<_> = (0..10)
            .map(|_| jobs::enqueue(c, "recorder", "ok", 3).unwrap())
            .collect();
        ids.push(jobs::enqueue(c, "recorder", "flaky", 3).unwrap());
        ids.push(jobs::enqueue(c, "recorder", "broken", 3).unwrap());
        ids
    });
    let handler = Arc::new(Recorder {
        runs: Mutex::new(Vec::new()),
        exhausted: Mutex::new(Vec::new()),
    });
    let options = RunnerOptions {
        workers: 3,
        lease: Duration::from_secs(3),
        poll_interval: Duration::from_millis(20),
        base_backoff: Duration::from_millis(10),
    };
    let runner = Runner::start(db.clone(), handler.clone(), options);
    let deadline = Instant::now() + Duration::from_secs(20);
    let all_settled = || {
        ids.iter()
            .chain([&orphan])
            .all(|id| matches!(status(&db, id).0.as_str(), "done" | "failed"))
    };
    while !all_settled() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    runner.stop();
    assert!(all_settled(), "jobs still pending after 20 s");
    for id in &ids[..11] {
        assert_eq!(status(&db, id).0, "done");
    }
    assert_eq!(status(&db, &orphan), ("done".to_owned(), 2, None));
    assert_eq!(
        status(&db, &ids[11]),
        ("failed".to_owned(), 3, Some("broken failed".to_owned()))
    );
    assert_eq!(
        *handler.exhausted.lock().unwrap(),
        vec!["broken: broken failed".to_owned()]
    );
    let runs = handler.runs.lock().unwrap();
    assert_eq!(runs.iter().filter(|p| *p == "flaky").count(), 2);
    assert_eq!(runs.iter().filter(|p| *p == "ok").count(), 11);
}
