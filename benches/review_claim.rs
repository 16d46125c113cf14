//! Claim-next latency with a deep queue and many reviewers at once, against a real server.
//!
//! cargo bench --bench review_claim -- [--items 100000] [--reviewers 32] [--seconds 20] [--think-ms 0] [--sqlite]
//!
//! Seeds a fresh database (PostgreSQL at $TEST_DATABASE_URL, or an SQLite file with --sqlite)
//! with waiting items, starts the server in this process on a loopback port, and runs one
//! thread per reviewer that claims the next item and approves it, over and over, through HTTP,
//! pausing about `--think-ms` (±50%) after each decision (a person reads the document for a minute; 0 is a
//! tight loop that measures saturation, not a reviewer's wait).
//! Prints the claim and decision latencies (median, p90, p99) and the decisions per second.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use checkpoint::audit::Actor;
use checkpoint::auth::{self, Role};
use checkpoint::config::{LogFormat, Settings};
use checkpoint::startup::Application;
use diesel::{Connection, PgConnection, RunQueryDsl};

const WARM_UP: Duration = Duration::from_secs(3);

struct Options {
    items: usize,
    reviewers: usize,
    seconds: u64,
    think: Duration,
    sqlite: bool,
}

fn options() -> Options {
    let mut options = Options {
        items: 100_000,
        reviewers: 32,
        seconds: 20,
        think: Duration::ZERO,
        sqlite: false,
    };
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--items" => options.items = value().parse().expect("--items N"),
            "--reviewers" => options.reviewers = value().parse().expect("--reviewers N"),
            "--seconds" => options.seconds = value().parse().expect("--seconds N"),
            "--think-ms" => {
                options.think = Duration::from_millis(value().parse().expect("--think-ms N"))
            }
            "--sqlite" => options.sqlite = true,
            other => panic!("unknown option {other}"),
        }
    }
    options
}

/// One row per item, as the pre-check leaves them: waiting, with risk scores spread over 0–100
/// and ages over the last week. Written in one statement per 10,000 rows.
fn seed_sql(from: usize, to: usize, now: &str) -> String {
    let rows: Vec<String> = (from..to)
        .map(|n| {
            let id = uuid::Uuid::new_v4();
            let risk = (n * 37) % 101;
            let minutes = (n * 7919) % (7 * 24 * 60);
            format!(
                "('{id}', 'bench-{n}', 'business_registration', 'pending_review', '{{}}', '{hash:064}', 'png', 1, 'h', 'bench', \
                 {risk}, TIMESTAMP '{now}' - INTERVAL '{minutes} minutes', TIMESTAMP '{now}', '{id}', ',')",
                hash = n
            )
        })
        .collect();
    format!(
        "INSERT INTO verifications (id, provider_id, document_type, status, claimed, file_sha256, file_type, file_size, \
         request_hash, submitted_by, risk_score, created_at, updated_at, case_id, flags) VALUES {}",
        rows.join(",")
    )
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    let options = options();
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = if options.sqlite {
        format!("sqlite://{}", dir.path().join("bench.db").display())
    } else {
        let base = std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let name = format!("checkpoint_bench_{}", std::process::id());
        let mut admin = PgConnection::establish(&base).expect("PostgreSQL at TEST_DATABASE_URL");
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .expect("create bench database");
        let (prefix, _) = base.rsplit_once('/').expect("a database URL");
        format!("{prefix}/{name}")
    };
    let settings = Settings {
        port: 0,
        database_url: database_url.clone(),
        db_pool_size: 40,
        files_dir: dir.path().join("files"),
        log_format: LogFormat::Pretty,
        log_level: "error".to_owned(),
        precheck_workers: 1,
        second_review_rate: 0.05,
        ..Settings::defaults()
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let app = runtime
        .block_on(async { Application::build(&settings) })
        .expect("server");
    let db = app.db().clone();
    let address = format!("http://127.0.0.1:{}", app.port());
    let handle = app.handle();
    runtime.spawn(app.run_until_stopped());

    let started = Instant::now();
    let now = chrono::Utc::now()
        .naive_utc()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let mut conn = db.get().expect("connection");
    for chunk in (0..options.items).step_by(10_000) {
        let sql = seed_sql(chunk, (chunk + 10_000).min(options.items), &now);
        // SQLite has no TIMESTAMP literals or interval arithmetic: write the times as text.
        let sql = if options.sqlite {
            sqlite_times(&sql)
        } else {
            sql
        };
        diesel::sql_query(sql).execute(&mut *conn).expect("seed");
    }
    if !options.sqlite {
        diesel::sql_query("ANALYZE verifications")
            .execute(&mut *conn)
            .expect("analyze");
    }
    let tokens: Vec<String> = (0..options.reviewers)
        .map(|n| {
            auth::tokens::issue(
                &mut conn,
                &Actor::cli(),
                &format!("bench reviewer {n}"),
                Role::Reviewer,
            )
            .expect("token")
            .secret
        })
        .collect();
    drop(conn);
    println!(
        "{} waiting items on {} seeded in {:.1} s; {} reviewers for {} s, thinking {} ms",
        options.items,
        if options.sqlite {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        started.elapsed().as_secs_f64(),
        options.reviewers,
        options.seconds,
        options.think.as_millis()
    );

    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = tokens
        .into_iter()
        .map(|token| {
            let (address, stop, think) = (address.clone(), stop.clone(), options.think);
            // The first seconds (connections opening, caches filling) are not counted.
            let counted_from = Instant::now() + WARM_UP;
            std::thread::spawn(move || {
                let client = reqwest::blocking::Client::new();
                let (mut claims, mut decisions) = (Vec::new(), Vec::new());
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let response = client
                        .post(format!("{address}/v1/review/claim"))
                        .bearer_auth(&token)
                        .send()
                        .expect("claim");
                    let claim_ms = t.elapsed().as_secs_f64() * 1000.0;
                    assert_eq!(response.status().as_u16(), 200, "the queue ran dry");
                    let item: serde_json::Value = response.json().expect("item");
                    let t = Instant::now();
                    let decided = client
                        .post(format!(
                            "{address}/v1/verifications/{}/decision",
                            item["id"].as_str().expect("id")
                        ))
                        .bearer_auth(&token)
                        .json(&serde_json::json!({"decision": "approve"}))
                        .send()
                        .expect("decision");
                    if t > counted_from {
                        claims.push(claim_ms);
                        decisions.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    assert_eq!(decided.status().as_u16(), 201);
                    // Jittered, so the reviewers do not stay in lockstep and arrive in bursts.
                    std::thread::sleep(think.mul_f64(rand::random_range(0.5..1.5)));
                }
                (claims, decisions)
            })
        })
        .collect();
    std::thread::sleep(WARM_UP + Duration::from_secs(options.seconds));
    stop.store(true, Ordering::Relaxed);
    let (mut claims, mut decisions) = (Vec::new(), Vec::new());
    for thread in threads {
        let (c, d) = thread.join().expect("reviewer thread");
        claims.extend(c);
        decisions.extend(d);
    }
    claims.sort_by(f64::total_cmp);
    decisions.sort_by(f64::total_cmp);
    for (name, values) in [("claim-next", &claims), ("decision", &decisions)] {
        println!(
            "{name:<11} n={:>6}  median {:>6.2} ms  p90 {:>6.2} ms  p99 {:>6.2} ms",
            values.len(),
            percentile(values, 0.5),
            percentile(values, 0.9),
            percentile(values, 0.99)
        );
    }
    println!(
        "{:.0} decisions/s",
        decisions.len() as f64 / options.seconds as f64
    );

    runtime.block_on(handle.stop(true));
    drop(runtime);
    if !options.sqlite {
        let base = std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let mut admin = PgConnection::establish(&base).expect("PostgreSQL");
        let name = format!("checkpoint_bench_{}", std::process::id());
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin);
    }
}

/// Rewrites `TIMESTAMP 'now' - INTERVAL 'n minutes'` into SQLite's datetime().
fn sqlite_times(sql: &str) -> String {
    let re = regex::Regex::new(r"TIMESTAMP '([^']+)' - INTERVAL '(\d+) minutes'").expect("regex");
    let sql = re.replace_all(sql, "datetime('$1', '-$2 minutes')");
    let re = regex::Regex::new(r"TIMESTAMP '([^']+)'").expect("regex");
    re.replace_all(&sql, "'$1'").into_owned()
}
