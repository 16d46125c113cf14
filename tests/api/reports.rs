//! User reports through real HTTP on SQLite and PostgreSQL: one moderation item per piece of
//! content, one count per reporter, priority that grows, the scanner's flag joined, bad input.

use checkpoint::auth::Role;
use checkpoint::db::schema::{moderation_items, reports};
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use serde_json::{json, Value};

use crate::both_backends;
use crate::helpers::{assert_error, spawn_app, Backend, TestApp};

both_backends!(
    reports_on_one_content_share_an_item_whose_priority_grows,
    reports_refuse_bad_input_and_wrong_roles
);

fn report(reporter: &str, content: &str, reason: &str) -> Value {
    json!({
        "reporter_id": reporter, "surface": "chat", "content_id": content, "author_id": "gosu-1",
        "snapshot": "계좌로 바로 보내주시면 할인해 드려요", "reason": reason, "details": "선입금 요구",
    })
}

async fn file(app: &TestApp, token: &str, body: &Value, status: u16) -> Value {
    let response = app.post_json("/v1/reports", token, body).await;
    assert_eq!(response.status().as_u16(), status);
    response.json().await.unwrap()
}

/// The item's (reporters, risk score, status) and how many reports it holds.
async fn item_state(app: &TestApp, content: &'static str) -> (i32, i32, String, i64) {
    app.db
        .run(move |conn| {
            let (id, reporters, risk, status): (String, i32, i32, String) = moderation_items::table
                .filter(moderation_items::content_id.eq(content))
                .select((
                    moderation_items::id,
                    moderation_items::reporters,
                    moderation_items::risk_score,
                    moderation_items::status,
                ))
                .first(conn)
                .unwrap();
            let n: i64 = reports::table
                .filter(reports::item_id.eq(id))
                .count()
                .get_result(conn)
                .unwrap();
            Ok((reporters, risk, status, n))
        })
        .await
        .unwrap()
}

async fn reports_on_one_content_share_an_item_whose_priority_grows(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;

    let first = file(&app, &platform, &report("customer-1", "c-1", "spam"), 201).await;
    assert_eq!(first["reporters"], 1);
    assert_eq!(first["duplicate"], false);
    let (reporters, one_risk, status, n) = item_state(&app, "c-1").await;
    assert_eq!((reporters, status.as_str(), n), (1, "pending_review", 1));

    // The same reporter again: nothing new, the first report's id.
    let again = file(&app, &platform, &report("customer-1", "c-1", "fraud"), 200).await;
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["report_id"], first["report_id"]);
    assert_eq!(
        item_state(&app, "c-1").await,
        (1, one_risk, "pending_review".to_owned(), 1)
    );

    // Another reporter with a graver reason: the same item, higher priority.
    let second = file(&app, &platform, &report("customer-2", "c-1", "fraud"), 201).await;
    assert_eq!(second["item_id"], first["item_id"]);
    assert_eq!(second["reporters"], 2);
    let (_, two_risk, _, n) = item_state(&app, "c-1").await;
    assert!(two_risk > one_risk, "{two_risk} > {one_risk}");
    assert_eq!(n, 2);

    // Content the scanner flagged already has its item; a report joins it.
    let scan = app
        .post_json("/v1/scan", &platform, &json!({"surface": "chat", "user_id": "gosu-1", "content_id": "c-2", "text": "씨발 진짜"}))
        .await;
    assert_eq!(scan.status().as_u16(), 200);
    let flagged = item_state(&app, "c-2").await;
    let joined = file(&app, &platform, &report("customer-1", "c-2", "abuse"), 201).await;
    assert_eq!(joined["reporters"], 1);
    let (reporters, risk, _, n) = item_state(&app, "c-2").await;
    assert_eq!((reporters, n), (1, 1));
    assert!(risk > flagged.1);
}

async fn reports_refuse_bad_input_and_wrong_roles(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;
    let reviewer = app.token(Role::Reviewer).await;
    let good = report("customer-1", "c-1", "spam");
    assert_eq!(
        assert_error(app.post_json("/v1/reports", &reviewer, &good).await, 403).await,
        "forbidden"
    );
    let mut own = good.clone();
    own["reporter_id"] = json!("gosu-1");
    assert_eq!(
        assert_error(app.post_json("/v1/reports", &platform, &own).await, 400).await,
        "self_report"
    );
    let mut unknown = good.clone();
    unknown["reason"] = json!("boring");
    assert_eq!(
        assert_error(app.post_json("/v1/reports", &platform, &unknown).await, 400).await,
        "invalid_body"
    );
    let mut empty = good.clone();
    empty["content_id"] = json!("");
    assert_eq!(
        assert_error(app.post_json("/v1/reports", &platform, &empty).await, 400).await,
        "invalid_body"
    );
    let mut huge = good.clone();
    huge["snapshot"] = json!("가".repeat(30_000));
    assert_eq!(
        assert_error(app.post_json("/v1/reports", &platform, &huge).await, 413).await,
        "payload_too_large"
    );
    // Details are free text: a control character other than a line break is refused on both
    // engines (PostgreSQL cannot store U+0000); the snapshot is content and is kept.
    for bad in ["선입금\u{0}요구", "\u{1b}[2J"] {
        let mut control = good.clone();
        control["details"] = json!(bad);
        assert_eq!(
            assert_error(app.post_json("/v1/reports", &platform, &control).await, 400).await,
            "invalid_text",
            "{bad:?}"
        );
    }
    // Nothing was stored by the refused reports.
    let stored = app
        .db
        .run(|conn| Ok(reports::table.count().get_result::<i64>(conn).unwrap()))
        .await
        .unwrap();
    assert_eq!(stored, 0);
}
