//! A user's standing through real HTTP on SQLite and PostgreSQL: sanctions in force, what they
//! leave the user free to do, and sanctions that ended or were lifted left out.

use checkpoint::auth::Role;
use checkpoint::db::moderation::{insert_sanction, SanctionRow};
use checkpoint::db::types::Id;
use chrono::{Duration, Utc};
use serde_json::{json, Value};

use crate::both_backends;
use crate::helpers::{assert_error, spawn_app, Backend, TestApp};

both_backends!(standing_shows_sanctions_in_force_and_what_the_user_may_do);

async fn standing(app: &TestApp, token: &str, user: &str) -> Value {
    let response = app
        .get(&format!("/v1/users/{user}/standing"), Some(token))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

fn sanction(user: &str, kind: &str, ends_in: Option<Duration>, lifted: bool) -> SanctionRow {
    let now = Utc::now().naive_utc();
    SanctionRow {
        id: Id::new(),
        user_id: user.to_owned(),
        kind: kind.to_owned(),
        category: None,
        rule: "staff".to_owned(),
        scan_id: None,
        policy_version: None,
        starts_at: now - Duration::days(10),
        ends_at: ends_in.map(|d| now + d),
        appealable: true,
        lifted_at: lifted.then_some(now),
        created_at: now,
        reason: "test".to_owned(),
        action_id: None,
    }
}

async fn standing_shows_sanctions_in_force_and_what_the_user_may_do(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;
    let reviewer = app.token(Role::Reviewer).await;

    let clean = standing(&app, &platform, "gosu-1").await;
    assert_eq!(
        clean["may"],
        json!({"chat": true, "send_quotes": true, "be_listed": true})
    );
    assert_eq!(clean["sanctions"], json!([]));

    // Ended, lifted and warning sanctions restrict nothing; a restriction in force does.
    let rows = [
        sanction("gosu-1", "suspend", Some(Duration::days(-1)), false),
        sanction("gosu-1", "ban", None, true),
        sanction("gosu-1", "warn", None, false),
        sanction("gosu-1", "restrict", Some(Duration::days(3)), false),
    ];
    let restrict_id = rows[3].id.clone();
    app.db
        .run(move |conn| rows.iter().try_for_each(|row| insert_sanction(conn, row)))
        .await
        .unwrap();
    let restricted = standing(&app, &platform, "gosu-1").await;
    assert_eq!(
        restricted["may"],
        json!({"chat": true, "send_quotes": false, "be_listed": false})
    );
    let listed = restricted["sanctions"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{restricted}");
    assert_eq!(listed[0]["id"], json!(restrict_id.as_str()));

    // A zero-tolerance verdict bans at once.
    let verdict = app
        .post_json("/v1/scan", &platform, &json!({"surface": "chat", "user_id": "gosu-2", "content_id": "c-1", "text": "예약금 먼저 입금 해주시면 바로 출발합니다"}))
        .await;
    assert_eq!(verdict.status().as_u16(), 200);
    let banned = standing(&app, &platform, "gosu-2").await;
    assert_eq!(
        banned["may"],
        json!({"chat": false, "send_quotes": false, "be_listed": false})
    );
    assert_eq!(banned["sanctions"][0]["kind"], "ban");
    assert_eq!(banned["sanctions"][0]["appealable"], false);

    assert_eq!(
        assert_error(
            app.get("/v1/users/gosu-1/standing", Some(&reviewer)).await,
            403
        )
        .await,
        "forbidden"
    );
    assert_eq!(
        assert_error(app.get("/v1/users/gosu-1/standing", None).await, 401).await,
        "unauthorized"
    );
}
