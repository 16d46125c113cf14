use std::collections::BTreeSet;
use std::process::Command;

use crate::both_backends;
use crate::helpers::{Backend, TestDatabase};

both_backends!(migrations_are_idempotent);

fn migrate(url: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_checkpoint"))
        .arg("migrate")
        .env("DATABASE_URL", url)
        .env("CHECKPOINT_LOG_LEVEL", "warn")
        .output()
        .expect("run checkpoint migrate");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

async fn migrations_are_idempotent(backend: Backend) {
    let database = tokio::task::spawn_blocking(move || TestDatabase::create(backend))
        .await
        .unwrap();
    let expected = migration_names("sqlite").len();
    let (ok, out) = migrate(&database.url);
    assert!(ok, "first migrate failed: {out}");
    assert!(
        out.starts_with(&format!("{expected} migrations applied")),
        "{out}"
    );
    for _ in 0..2 {
        let (ok, out) = migrate(&database.url);
        assert!(ok, "repeated migrate failed: {out}");
        assert!(out.starts_with("0 migrations applied"), "{out}");
    }
    let db = checkpoint::db::Db::connect(&database.url, 1).unwrap();
    tokio::task::spawn_blocking(move || db.check_ready())
        .await
        .unwrap()
        .expect("ready after migrating");
}

fn migration_names(backend: &str) -> BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn migration_folders_are_in_lockstep() {
    let sqlite = migration_names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite,
        migration_names("postgres"),
        "migrations/sqlite and migrations/postgres must hold the same names"
    );
}
