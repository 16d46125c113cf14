//! Test harness: a real server on a loopback port over a database of the test's own, on SQLite
//! or PostgreSQL. Every test is written once and run on both (see `both_backends!`).

use std::path::PathBuf;

use checkpoint::audit::Actor;
use checkpoint::auth::{self, Role};
use checkpoint::config::{LogFormat, Settings};
use checkpoint::db::Db;
use checkpoint::startup::Application;
use diesel::{Connection, PgConnection, RunQueryDsl};
use tempfile::TempDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Writes each test function once and runs it on SQLite and on PostgreSQL, as
/// `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    )*};
}

pub fn postgres_base_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test?sslmode=disable".to_owned())
}

/// A database that exists only for one test: an SQLite file in a temporary folder, or a
/// PostgreSQL database dropped again when the test ends.
pub struct TestDatabase {
    pub url: String,
    pub dir: TempDir,
    pg_name: Option<String>,
}

impl TestDatabase {
    pub fn create(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}", dir.path().join("checkpoint.db").display());
                Self {
                    url,
                    dir,
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let base = postgres_base_url();
                let mut admin = PgConnection::establish(&base).unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL is not reachable at {base} ({e}). The suite runs every test on \
                         PostgreSQL too: start it, or point TEST_DATABASE_URL at a server."
                    )
                });
                let name = format!("checkpoint_test_{}", uuid::Uuid::new_v4().simple());
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create test database");
                Self {
                    url: with_database(&base, &name),
                    dir,
                    pg_name: Some(name),
                }
            }
        }
    }

    pub fn sqlite_path(&self) -> Option<PathBuf> {
        self.pg_name
            .is_none()
            .then(|| self.dir.path().join("checkpoint.db"))
    }

    /// Takes the database away under a running app (drops it, or deletes the file).
    pub fn destroy(&self) {
        match &self.pg_name {
            Some(name) => drop_pg_database(name),
            None => std::fs::remove_file(self.sqlite_path().unwrap()).expect("delete SQLite file"),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name {
            drop_pg_database(name);
        }
    }
}

fn drop_pg_database(name: &str) {
    if let Ok(mut admin) = PgConnection::establish(&postgres_base_url()) {
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin);
    }
}

/// Swaps the database name in a PostgreSQL URL, keeping any query string.
fn with_database(base: &str, name: &str) -> String {
    let (without_query, query) = match base.split_once('?') {
        Some((u, q)) => (u, Some(q)),
        None => (base, None),
    };
    let prefix_end = without_query
        .rfind('/')
        .filter(|&i| i > "postgres://".len())
        .unwrap_or(without_query.len());
    let mut url = format!("{}/{}", &without_query[..prefix_end], name);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub admin_token: String,
    pub db: Db,
    pub database: TestDatabase,
}

pub fn test_settings(database: &TestDatabase) -> Settings {
    Settings {
        port: 0,
        database_url: database.url.clone(),
        db_pool_size: 4,
        files_dir: database.dir.path().join("files"),
        json_limit_bytes: 64 * 1024,
        workers: 2,
        shutdown_timeout_secs: 5,
        log_format: LogFormat::Pretty,
        log_level: "warn".to_owned(),
        precheck_workers: 1,
        job_poll_interval_ms: 50,
        ..Settings::defaults()
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// A server whose settings the test adjusts first.
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let database = tokio::task::spawn_blocking(move || TestDatabase::create(backend))
        .await
        .unwrap();
    let mut settings = test_settings(&database);
    adjust(&mut settings);
    let app = tokio::task::spawn_blocking(move || Application::build(&settings))
        .await
        .unwrap()
        .expect("build app");
    let port = app.port();
    let db = app.db().clone();
    tokio::spawn(app.run_until_stopped());
    let mut test_app = TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::new(),
        admin_token: String::new(),
        db,
        database,
    };
    test_app.admin_token = test_app.token(Role::Admin).await;
    test_app
}

impl TestApp {
    /// Issues a token of the given role straight through the domain code.
    pub async fn token(&self, role: Role) -> String {
        self.db
            .run(move |conn| {
                auth::tokens::issue(conn, &Actor::cli(), &format!("test {role}"), role)
            })
            .await
            .expect("issue token")
            .secret
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    pub async fn post_json(
        &self,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }
}

/// Asserts the status and the `{"error", "message"}` shape; returns the error code.
pub async fn assert_error(response: reqwest::Response, status: u16) -> String {
    assert_eq!(
        response.status().as_u16(),
        status,
        "unexpected status for {}",
        response.url()
    );
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let body: serde_json::Value = response.json().await.expect("JSON error body");
    let object = body.as_object().expect("error body is an object");
    assert_eq!(
        object.len(),
        2,
        "error body has exactly error and message: {body}"
    );
    let message = object["message"].as_str().expect("message is text");
    assert!(!message.is_empty());
    object["error"].as_str().expect("error is text").to_owned()
}

/// A migrated database with no server, for tests of domain code below the HTTP layer.
pub async fn migrated_db(backend: Backend) -> (TestDatabase, Db) {
    tokio::task::spawn_blocking(move || {
        let database = TestDatabase::create(backend);
        let db = Db::connect(&database.url, 10).expect("connect");
        db.migrate().expect("migrate");
        (database, db)
    })
    .await
    .unwrap()
}

/// The real `checkpoint` binary serving on a loopback port, for tests that signal or kill it.
pub struct ServerProcess {
    pub child: std::process::Child,
    pub address: String,
}

impl ServerProcess {
    /// Starts `checkpoint serve` on the test database with the given extra environment, and
    /// waits until it prints its address.
    pub fn start(database: &TestDatabase, env: &[(&str, &str)]) -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_checkpoint"))
            .arg("serve")
            .env("DATABASE_URL", &database.url)
            .env("CHECKPOINT_PORT", "0")
            .env("CHECKPOINT_FILES_DIR", database.dir.path().join("files"))
            .env("CHECKPOINT_WORKERS", "1")
            .env("CHECKPOINT_LOG_LEVEL", "warn")
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start checkpoint serve");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line.trim().rsplit("http://").next().unwrap().to_owned();
        Self { child, address }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A token of the given role made with the CLI, as an operator would.
pub fn cli_token(database: &TestDatabase, role: &str) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_checkpoint"))
        .args(["token", "create", "--role", role, "--name", "test"])
        .env("DATABASE_URL", &database.url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// The audit log's actions on one subject, oldest first.
pub async fn audit_actions(app: &TestApp, subject: &str) -> Vec<String> {
    use checkpoint::db::schema::audit_log;
    use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
    let subject = subject.to_owned();
    app.db
        .run(move |conn| {
            Ok(audit_log::table
                .filter(audit_log::subject_id.eq(subject))
                .order(audit_log::id)
                .select(audit_log::action)
                .load(conn)?)
        })
        .await
        .unwrap()
}
