use checkpoint::db::DbConnection;
use diesel::RunQueryDsl;
use serde_json::json;

use crate::both_backends;
use crate::helpers::{spawn_app, Backend};

both_backends!(
    token_actions_are_audited,
    audit_log_refuses_update_and_delete,
    concurrent_writes_all_succeed
);

async fn token_actions_are_audited(backend: Backend) {
    let app = spawn_app(backend).await;
    let me: serde_json::Value = app
        .get("/v1/me", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let created: serde_json::Value = app
        .post_json(
            "/v1/tokens",
            &app.admin_token,
            &json!({"name": "auditor", "role": "senior"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap();
    app.client
        .delete(app.url(&format!("/v1/tokens/{id}")))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();

    let entries: Vec<serde_json::Value> = app
        .get("/v1/audit", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let actor = format!("token:{}", me["token_id"].as_str().unwrap());
    assert_eq!(entries[0]["action"], "token.revoke");
    assert_eq!(entries[0]["subject_id"], id);
    assert_eq!(entries[0]["actor"], actor.as_str());
    assert_eq!(entries[1]["action"], "token.create");
    assert_eq!(
        entries[1]["detail"],
        json!({"name": "auditor", "role": "senior"})
    );
    assert_eq!(
        entries[2]["actor"], "cli",
        "the harness's own admin token was created by the CLI path"
    );

    let page: Vec<serde_json::Value> = app
        .get(
            &format!("/v1/audit?limit=1&before={}", entries[0]["id"]),
            Some(&app.admin_token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0]["id"], entries[1]["id"]);
}

async fn audit_log_refuses_update_and_delete(backend: Backend) {
    let app = spawn_app(backend).await;
    let result = app
        .db
        .run(|conn: &mut DbConnection| {
            let update =
                diesel::sql_query("UPDATE audit_log SET actor = 'someone else'").execute(conn);
            let delete = diesel::sql_query("DELETE FROM audit_log").execute(conn);
            let count: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "(SELECT COUNT(*) FROM audit_log)",
            ))
            .get_result(conn)?;
            Ok((update.is_err(), delete.is_err(), count))
        })
        .await
        .unwrap();
    // Two entries: the harness's admin token and the policy activated at start.
    assert_eq!(result, (true, true, 2));
}

/// Many writers at once must queue for the lock, not fail with "database is locked".
async fn concurrent_writes_all_succeed(backend: Backend) {
    let app = spawn_app(backend).await;
    let bodies: Vec<_> = (0..40)
        .map(|i| json!({"name": format!("n{i}"), "role": "reviewer"}))
        .collect();
    let requests = bodies
        .iter()
        .map(|body| app.post_json("/v1/tokens", &app.admin_token, body));
    let statuses: Vec<u16> = futures_util::future::join_all(requests)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert!(statuses.iter().all(|&s| s == 201), "{statuses:?}");
    let entries: Vec<serde_json::Value> = app
        .get("/v1/audit?limit=500", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let tokens = entries
        .iter()
        .filter(|e| e["action"] == "token.create")
        .count();
    assert_eq!(tokens, 41);
}
