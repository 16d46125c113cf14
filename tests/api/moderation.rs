//! The moderation queue through real HTTP on SQLite and PostgreSQL: claims in risk order, leases,
//! every action with its sanction, notification and audit entry, bad input, and many moderators
//! at once.

use std::collections::HashSet;
use std::sync::Arc;

use checkpoint::auth::Role;
use checkpoint::db::schema::{audit_log, jobs, moderation_actions, moderation_items, violations};
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl, TextExpressionMethods};
use serde_json::{json, Value};

use crate::both_backends;
use crate::helpers::{assert_error, spawn_app, spawn_app_with, Backend, TestApp};

both_backends!(
    moderators_claim_in_risk_order_and_every_action_is_recorded,
    actions_refuse_bad_input_and_items_not_held,
    sixteen_moderators_take_each_item_exactly_once,
);

async fn report(
    app: &TestApp,
    token: &str,
    reporter: &str,
    content: &str,
    author: &str,
    reason: &str,
) {
    let body = json!({
        "reporter_id": reporter, "surface": "chat", "content_id": content, "author_id": author,
        "snapshot": "내용", "reason": reason,
    });
    let response = app.post_json("/v1/reports", token, &body).await;
    assert_eq!(response.status().as_u16(), 201);
}

async fn claim(app: &TestApp, token: &str) -> Option<Value> {
    let response = app
        .client
        .post(app.url("/v1/moderation/claim"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    match response.status().as_u16() {
        200 => Some(response.json().await.unwrap()),
        204 => None,
        other => panic!("claim answered {other}: {}", response.text().await.unwrap()),
    }
}

async fn act(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.post_json(&format!("/v1/moderation/{id}/action"), token, &body)
        .await
}

async fn count<F>(app: &TestApp, query: F) -> i64
where
    F: FnOnce(&mut checkpoint::db::DbConnection) -> i64 + Send + 'static,
{
    app.db.run(move |conn| Ok(query(conn))).await.unwrap()
}

async fn moderators_claim_in_risk_order_and_every_action_is_recorded(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;
    let moderator = app.token(Role::Reviewer).await;

    // Spam from one reporter, fraud from two: the fraud report comes first.
    report(&app, &platform, "r1", "spam-1", "gosu-1", "spam").await;
    report(&app, &platform, "r1", "fraud-1", "gosu-2", "fraud").await;
    report(&app, &platform, "r2", "fraud-1", "gosu-2", "fraud").await;
    let scanned = app
        .post_json("/v1/scan", &platform, &json!({"surface": "chat", "user_id": "gosu-3", "content_id": "flag-1", "text": "씨발 늦네"}))
        .await;
    assert_eq!(scanned.status().as_u16(), 200);

    let first = claim(&app, &moderator).await.unwrap();
    assert_eq!(first["content_id"], "fraud-1");
    assert_eq!(first["reporters"], 2);
    assert_eq!(first["reports"].as_array().unwrap().len(), 2);
    assert_eq!(first["content"], "내용");
    let fraud = first["id"].as_str().unwrap().to_owned();

    // Suspend for 7 days: a sanction that ends by itself, the standing, the outbox, the audit log.
    let response = act(&app, &moderator, &fraud, json!({"action": "suspend", "reason": "선입금 요구", "rule": "category:fraud", "duration_days": 7})).await;
    assert_eq!(response.status().as_u16(), 200);
    let outcome: Value = response.json().await.unwrap();
    assert_eq!(outcome["sanction"]["kind"], "suspend");
    // Fraud is a zero-tolerance category in the shipped policy: the sanction cannot be appealed.
    assert_eq!(outcome["sanction"]["appealable"], false);
    let ends =
        chrono::DateTime::parse_from_rfc3339(outcome["sanction"]["ends_at"].as_str().unwrap())
            .unwrap();
    let days = (ends.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_hours();
    assert!((167..=168).contains(&days), "{days} hours");
    let standing: Value = app
        .get("/v1/users/gosu-2/standing", Some(&platform))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(standing["may"]["chat"], false);
    assert_eq!(
        count(&app, |c| violations::table
            .filter(violations::user_id.eq("gosu-2"))
            .count()
            .get_result(c)
            .unwrap())
        .await,
        1
    );
    assert_eq!(
        count(&app, |c| jobs::table
            .filter(jobs::payload.like("%선입금 요구%"))
            .count()
            .get_result(c)
            .unwrap())
        .await,
        1
    );
    let audited = fraud.clone();
    assert_eq!(
        count(&app, move |c| audit_log::table
            .filter(audit_log::action.eq("moderation.action"))
            .filter(audit_log::subject_id.eq(audited))
            .count()
            .get_result(c)
            .unwrap())
        .await,
        1
    );
    // The author's history, one request away for the next moderator.
    let history: Value = app
        .get("/v1/users/gosu-2/history", Some(&moderator))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        history["reports_against"].as_array().unwrap().len(),
        2,
        "{history}"
    );
    assert_eq!(history["items"][0]["action"], "suspend");
    assert_eq!(history["sanctions"][0]["kind"], "suspend");
    assert_eq!(
        history["violations"],
        json!([{"category": "fraud", "count": 1, "last_at": history["violations"][0]["last_at"]}])
    );
    assert_eq!(
        assert_error(
            app.get("/v1/users/gosu-2/history", Some(&platform)).await,
            403
        )
        .await,
        "forbidden"
    );
    // Decided items leave the queue; acting again is refused.
    assert_eq!(
        assert_error(
            act(
                &app,
                &moderator,
                &fraud,
                json!({"action": "dismiss", "reason": "x", "rule": "x"})
            )
            .await,
            409
        )
        .await,
        "not_claimed"
    );

    // Spam: dismissed, nothing counted against the author.
    let second = claim(&app, &moderator).await.unwrap();
    assert_eq!(second["content_id"], "spam-1");
    let dismissed = act(
        &app,
        &moderator,
        second["id"].as_str().unwrap(),
        json!({"action": "dismiss", "reason": "광고 아님", "rule": "category:profanity"}),
    )
    .await;
    assert_eq!(dismissed.status().as_u16(), 200);
    assert_eq!(
        count(&app, |c| violations::table
            .filter(violations::user_id.eq("gosu-1"))
            .count()
            .get_result(c)
            .unwrap())
        .await,
        0
    );

    // The scanner's flag (medium profanity ranks below a spam report), with its matches; skip it (release), then take it again and hide it.
    let third = claim(&app, &moderator).await.unwrap();
    assert_eq!(third["source"], "scan");
    assert_eq!(third["content"], "씨발 늦네");
    assert_eq!(third["matches"][0]["category"], "profanity");
    let flag = third["id"].as_str().unwrap().to_owned();
    let renewed = app
        .post_json(
            &format!("/v1/moderation/{flag}/renew"),
            &moderator,
            &json!({}),
        )
        .await;
    assert_eq!(renewed.status().as_u16(), 200);
    let released = app
        .post_json(
            &format!("/v1/moderation/{flag}/release"),
            &moderator,
            &json!({}),
        )
        .await;
    assert_eq!(released.status().as_u16(), 204);
    assert_eq!(claim(&app, &moderator).await.unwrap()["id"], json!(flag));
    let hidden = act(
        &app,
        &moderator,
        &flag,
        json!({"action": "hide", "reason": "욕설", "rule": "category:profanity:medium"}),
    )
    .await;
    assert_eq!(hidden.status().as_u16(), 200);
    let hidden: Value = hidden.json().await.unwrap();
    assert!(hidden["sanction"].is_null());
    assert_eq!(
        count(&app, |c| jobs::table
            .filter(jobs::payload.like("%content.hidden%"))
            .count()
            .get_result(c)
            .unwrap())
        .await,
        1
    );

    assert!(claim(&app, &moderator).await.is_none());
    let open = count(&app, |c| {
        moderation_items::table
            .filter(moderation_items::status.ne("done"))
            .count()
            .get_result(c)
            .unwrap()
    })
    .await;
    assert_eq!(open, 0);
    assert_eq!(
        count(&app, |c| moderation_actions::table
            .count()
            .get_result(c)
            .unwrap())
        .await,
        3
    );

    // A flag dismissed as a false hit stops counting towards the author's frequency ladders.
    let standing = |c: &mut checkpoint::db::DbConnection| {
        violations::table
            .filter(violations::user_id.eq("gosu-4"))
            .filter(violations::voided_at.is_null())
            .count()
            .get_result(c)
            .unwrap()
    };
    app.post_json("/v1/scan", &platform, &json!({"surface": "chat", "user_id": "gosu-4", "content_id": "flag-2", "text": "씨발 늦네"})).await;
    assert_eq!(count(&app, standing).await, 1, "the scanner's hit counts");
    let flagged = claim(&app, &moderator).await.unwrap();
    let dismissed = act(
        &app,
        &moderator,
        flagged["id"].as_str().unwrap(),
        json!({"action": "dismiss", "reason": "인용", "rule": "category:profanity"}),
    )
    .await;
    assert_eq!(dismissed.status().as_u16(), 200);
    assert_eq!(
        count(&app, standing).await,
        0,
        "dismissed: it no longer counts"
    );
}

async fn actions_refuse_bad_input_and_items_not_held(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;
    let moderator = app.token(Role::Reviewer).await;
    let other = app.token(Role::Reviewer).await;
    report(&app, &platform, "r1", "c-1", "gosu-1", "abuse").await;
    let item = claim(&app, &moderator).await.unwrap();
    let id = item["id"].as_str().unwrap();

    let good = json!({"action": "restrict", "reason": "욕설", "rule": "category:harassment", "duration_days": 3});
    assert_eq!(
        assert_error(act(&app, &platform, id, good.clone()).await, 403).await,
        "forbidden"
    );
    assert_eq!(
        assert_error(act(&app, &other, id, good.clone()).await, 409).await,
        "not_claimed"
    );
    let cases = [
        (
            json!({"action": "restrict", "reason": "욕설", "rule": "category:harassment"}),
            "invalid_duration",
        ),
        (
            json!({"action": "ban", "reason": "욕설", "rule": "category:harassment", "duration_days": 3}),
            "invalid_duration",
        ),
        (
            json!({"action": "warn", "reason": " ", "rule": "category:harassment"}),
            "invalid_reason",
        ),
        (
            json!({"action": "warn", "reason": "욕설\u{0}", "rule": "category:harassment"}),
            "invalid_text",
        ),
        (
            json!({"action": "warn", "reason": "욕설", "rule": ""}),
            "invalid_rule",
        ),
        (
            json!({"action": "warn", "reason": "욕설", "rule": "category:no_such_category"}),
            "unknown_rule",
        ),
        (
            json!({"action": "shame", "reason": "욕설", "rule": "category:harassment"}),
            "invalid_body",
        ),
    ];
    for (body, code) in cases {
        assert_eq!(
            assert_error(act(&app, &moderator, id, body.clone()).await, 400).await,
            code,
            "{body}"
        );
    }
    assert_eq!(
        assert_error(act(&app, &moderator, "not-an-id", good.clone()).await, 400).await,
        "invalid_id"
    );
    let missing = checkpoint::db::types::Id::new();
    assert_eq!(
        assert_error(
            act(&app, &moderator, missing.as_str(), good.clone()).await,
            404
        )
        .await,
        "not_found"
    );
    // Nothing was decided by the refused requests; the holder still can.
    assert_eq!(
        count(&app, |c| moderation_actions::table
            .count()
            .get_result(c)
            .unwrap())
        .await,
        0
    );
    let response = act(&app, &moderator, id, good).await;
    assert_eq!(response.status().as_u16(), 200);
    let outcome: Value = response.json().await.unwrap();
    assert_eq!(outcome["sanction"]["kind"], "restrict");
    assert_eq!(outcome["sanction"]["appealable"], true);
}

async fn sixteen_moderators_take_each_item_exactly_once(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.db_pool_size = 16).await;
    let platform = app.token(Role::Platform).await;
    for n in 0..200 {
        report(
            &app,
            &platform,
            "r1",
            &format!("c-{n}"),
            &format!("u-{}", n % 10),
            if n % 3 == 0 { "fraud" } else { "spam" },
        )
        .await;
    }
    let app = Arc::new(app);
    let mut moderators = Vec::new();
    for _ in 0..16 {
        let (app, token) = (app.clone(), app.token(Role::Reviewer).await);
        moderators.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(item) = claim(&app, &token).await {
                let id = item["id"].as_str().unwrap().to_owned();
                let response = act(
                    &app,
                    &token,
                    &id,
                    json!({"action": "warn", "reason": "주의", "rule": "category:fraud"}),
                )
                .await;
                assert_eq!(
                    response.status().as_u16(),
                    200,
                    "{}",
                    response.text().await.unwrap()
                );
                mine.push(id);
            }
            mine
        }));
    }
    let mut taken = Vec::new();
    for moderator in moderators {
        taken.extend(moderator.await.unwrap());
    }
    let distinct: HashSet<&String> = taken.iter().collect();
    assert_eq!(
        (taken.len(), distinct.len()),
        (200, 200),
        "every item taken once, by one moderator"
    );
    assert_eq!(
        count(&app, |c| moderation_actions::table
            .count()
            .get_result(c)
            .unwrap())
        .await,
        200
    );
}
