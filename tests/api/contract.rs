//! The server against its own OpenAPI document: schemathesis (from PyPI; `make test` installs it
//! into `target/schemathesis`) generates requests from `/openapi.json` for every operation, as
//! each role and without a token, and fails on any 5xx, any status the document does not list and
//! any answer that does not match its documented schema or content type.

use std::path::PathBuf;
use std::process::Command;

use checkpoint::auth::Role;

use crate::both_backends;
use crate::helpers::{spawn_app, Backend};

both_backends!(the_server_keeps_to_its_openapi_document_for_every_role);

/// Seconds of generated requests per caller.
const SECONDS_PER_CALLER: u32 = 20;

/// A fixed seed: every run draws the same requests in the same order (a slower machine draws
/// fewer of them), so a failure here is a change in the server, not luck. Change it to explore.
const SEED: &str = "20261205";

fn schemathesis() -> PathBuf {
    let path = std::env::var_os("SCHEMATHESIS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/schemathesis/bin/st")
        });
    assert!(
        path.exists(),
        "schemathesis not found at {}: run `make test`, or set SCHEMATHESIS to its `st`",
        path.display()
    );
    path
}

/// One schemathesis run at a time, each on one worker: CPython 3.11's `ast.parse` from several
/// threads at once can fail ("AST constructor recursion depth mismatch"), which hypothesis does
/// when describing its strategies; one run leaves the other core to the server.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn the_server_keeps_to_its_openapi_document_for_every_role(backend: Backend) {
    let st = schemathesis();
    let _turn = ONE_AT_A_TIME.lock().await;
    let app = spawn_app(backend).await;
    let mut callers = vec![("anonymous", None)];
    for role in [
        Role::Admin,
        Role::Ops,
        Role::Platform,
        Role::Reviewer,
        Role::Senior,
    ] {
        callers.push((role.as_str(), Some(app.token(role).await)));
    }
    let schema = app.url("/openapi.json");
    // Its example database and reports stay out of the tree.
    let scratch = tempfile::tempdir().unwrap();
    for (who, token) in callers {
        let mut command = Command::new(&st);
        command
            .args(["run", &schema, "--workers", "1", "--seed", SEED])
            .args(["--max-time", &SECONDS_PER_CALLER.to_string(), "--continue-on-failure"])
            .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance"])
            .current_dir(scratch.path())
            .env("NO_COLOR", "1");
        if let Some(token) = &token {
            command.args(["--header", &format!("Authorization: Bearer {token}")]);
        }
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .unwrap()
            .expect("run schemathesis");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "schemathesis as {who}:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            stdout.contains("passed"),
            "as {who}, nothing was tested:\n{stdout}"
        );
    }
}
