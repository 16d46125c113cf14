//! Appeals and review takedown requests through real HTTP on SQLite and PostgreSQL: filing with
//! evidence, the refusals (zero tolerance, deadline, an open appeal, bad files), the seniors'
//! queue with everything side by side, every outcome and what it changes, the notifications, the
//! audit log and the overturn figures.

use std::time::Duration;

use checkpoint::auth::Role;
use checkpoint::db::schema::{appeals, attachments, jobs, sanctions, verifications};
use checkpoint::storage::{LocalStorage, Storage};
use checkpoint::verification::model::DocumentType;
use checkpoint::verification::sweep::sweep_orphans;
use chrono::{NaiveDateTime, Utc};
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl, TextExpressionMethods};
use image::{DynamicImage, ImageFormat};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

use crate::both_backends;
use crate::documents::encode;
use crate::helpers::{assert_error, audit_actions, spawn_app, spawn_app_with, Backend, TestApp};
use crate::review::{seed, waiting_item};

both_backends!(
    an_overturned_appeal_lifts_the_sanction_and_is_counted,
    appeals_that_cannot_be_filed_are_refused_and_leave_nothing,
    reduce_shortens_and_uphold_keeps_the_sanction,
    an_overturned_rejection_goes_back_to_the_review_queue,
    a_scanner_sanction_is_appealed_with_its_scan_beside_it,
    takedown_requests_need_attachments_and_go_to_seniors,
);

pub fn png(width: u32) -> Vec<u8> {
    encode(&DynamicImage::new_luma8(width, 40), ImageFormat::Png)
}

pub fn appeal_form(case_type: &str, case_id: &str, user: &str, files: Vec<Vec<u8>>) -> Form {
    let form = Form::new()
        .text("case_type", case_type.to_owned())
        .text("case_id", case_id.to_owned())
        .text("user_id", user.to_owned())
        .text(
            "statement",
            "상대방이 먼저 욕설을 했습니다. 대화 캡처를 첨부합니다.",
        );
    files.into_iter().fold(form, |form, file| {
        form.part("evidence", Part::bytes(file).file_name("capture.png"))
    })
}

pub async fn file_appeal(app: &TestApp, token: &str, form: Form) -> reqwest::Response {
    app.client
        .post(app.url("/v1/appeals"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn claim_appeal(app: &TestApp, token: &str) -> Option<Value> {
    let response = app
        .client
        .post(app.url("/v1/appeals/claim"))
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

async fn decide(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.post_json(&format!("/v1/appeals/{id}/decision"), token, &body)
        .await
}

async fn actor_of(app: &TestApp, token: &str) -> String {
    let me: Value = app.get("/v1/me", Some(token)).await.json().await.unwrap();
    format!("token:{}", me["token_id"].as_str().unwrap())
}

/// Reports `user`'s chat and has a moderator act on it; returns the sanction's id. Items waiting
/// ahead of the report (the scanner's flags) are dismissed on the way.
async fn staff_sanction(
    app: &TestApp,
    platform: &str,
    moderator: &str,
    user: &str,
    action: Value,
) -> String {
    let content = format!("chat-{user}");
    let report = json!({"reporter_id": "witness", "surface": "chat", "content_id": content, "author_id": user, "snapshot": "욕설이 담긴 대화", "reason": "abuse"});
    assert_eq!(
        app.post_json("/v1/reports", platform, &report)
            .await
            .status()
            .as_u16(),
        201
    );
    loop {
        let item: Value = app
            .client
            .post(app.url("/v1/moderation/claim"))
            .bearer_auth(moderator)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let path = format!("/v1/moderation/{}/action", item["id"].as_str().unwrap());
        if item["content_id"] != json!(content) {
            let dismissed = app
                .post_json(
                    &path,
                    moderator,
                    &json!({"action": "dismiss", "reason": "not this test's", "rule": "none"}),
                )
                .await;
            assert_eq!(dismissed.status().as_u16(), 200);
            continue;
        }
        let outcome: Value = app
            .post_json(&path, moderator, &action)
            .await
            .json()
            .await
            .unwrap();
        return outcome["sanction"]["id"]
            .as_str()
            .expect("a sanction")
            .to_owned();
    }
}

async fn count<F>(app: &TestApp, query: F) -> i64
where
    F: FnOnce(&mut checkpoint::db::DbConnection) -> i64 + Send + 'static,
{
    app.db.run(move |conn| Ok(query(conn))).await.unwrap()
}

fn stored_files(app: &TestApp) -> usize {
    crate::verifications::stored_files(&app.database.dir.path().join("files")).len()
}

async fn an_overturned_appeal_lifts_the_sanction_and_is_counted(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, moderator, senior) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
        app.token(Role::Senior).await,
    );
    let suspend = json!({"action": "suspend", "reason": "욕설", "rule": "category:harassment", "duration_days": 30});
    let sanction = staff_sanction(&app, &platform, &moderator, "gosu-1", suspend).await;
    let evidence = png(64);

    let response = file_appeal(
        &app,
        &platform,
        appeal_form(
            "sanction",
            &sanction,
            "gosu-1",
            vec![evidence.clone(), png(80)],
        ),
    )
    .await;
    assert_eq!(response.status().as_u16(), 201);
    let appeal: Value = response.json().await.unwrap();
    let id = appeal["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (
            appeal["status"].as_str(),
            appeal["evidence"].as_array().unwrap().len()
        ),
        (Some("pending_review"), 2)
    );
    let fetched: Value = app
        .get(&format!("/v1/appeals/{id}"), Some(&platform))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["id"], json!(id));

    // One open appeal per case; another user's case is not theirs to appeal.
    assert_eq!(
        assert_error(
            file_appeal(
                &app,
                &platform,
                appeal_form("sanction", &sanction, "gosu-1", vec![])
            )
            .await,
            409
        )
        .await,
        "appeal_open"
    );
    assert_eq!(
        assert_error(
            file_appeal(
                &app,
                &platform,
                appeal_form("sanction", &sanction, "gosu-2", vec![])
            )
            .await,
            404
        )
        .await,
        "not_found"
    );

    // The evidence survives the sweep of unreferenced files.
    let storage = LocalStorage::new(app.database.dir.path().join("files")).unwrap();
    let storage: std::sync::Arc<dyn Storage> = std::sync::Arc::new(storage);
    assert_eq!(
        sweep_orphans(&app.db, &storage, Duration::ZERO)
            .await
            .unwrap()
            .removed,
        0
    );

    // Moderators do not work appeals; the senior sees the case side by side.
    assert_eq!(
        assert_error(
            app.client
                .post(app.url("/v1/appeals/claim"))
                .bearer_auth(&moderator)
                .send()
                .await
                .unwrap(),
            403
        )
        .await,
        "forbidden"
    );
    let case = claim_appeal(&app, &senior).await.expect("the appeal waits");
    assert_eq!(case["appeal"]["id"], json!(id));
    assert_eq!(
        case["original"]["actor"],
        json!(actor_of(&app, &moderator).await)
    );
    assert_eq!(case["original"]["rule"], "category:harassment");
    assert_eq!(case["sanction"]["kind"], "suspend");
    assert_eq!(case["content"]["text"], "욕설이 담긴 대화");
    assert_eq!(case["content"]["action"], "suspend");
    let file = app
        .get(&format!("/v1/appeals/{id}/evidence/1"), Some(&senior))
        .await;
    assert_eq!(file.status().as_u16(), 200);
    assert_eq!(file.headers()["content-type"], "image/png");
    assert_eq!(file.bytes().await.unwrap().to_vec(), evidence);
    assert_eq!(
        assert_error(
            app.get(&format!("/v1/appeals/{id}/evidence/1"), Some(&platform))
                .await,
            403
        )
        .await,
        "forbidden"
    );
    assert_eq!(
        assert_error(
            app.get(&format!("/v1/appeals/{id}/evidence/3"), Some(&senior))
                .await,
            404
        )
        .await,
        "not_found"
    );
    assert_eq!(
        assert_error(
            app.get(&format!("/v1/appeals/{id}/evidence/zero"), Some(&senior))
                .await,
            400
        )
        .await,
        "invalid_position"
    );

    let before: Value = app
        .get("/v1/users/gosu-1/history", Some(&moderator))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["violations"][0]["category"], "harassment");
    let renewed = app
        .client
        .post(app.url(&format!("/v1/appeals/{id}/renew")))
        .bearer_auth(&senior)
        .send()
        .await
        .unwrap();
    assert_eq!(renewed.status().as_u16(), 200);
    let response = decide(
        &app,
        &senior,
        &id,
        json!({"outcome": "overturn", "note": "상대방의 선행 욕설이 확인되어 제재를 해제합니다."}),
    )
    .await;
    assert_eq!(response.status().as_u16(), 200);
    let decided: Value = response.json().await.unwrap();
    assert_eq!(decided["outcome"], "overturn");

    // The sanction is lifted: the user may do everything again, its violation stops counting, and the
    // history shows the appeal.
    let standing: Value = app
        .get("/v1/users/gosu-1/standing", Some(&platform))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        standing["may"],
        json!({"chat": true, "send_quotes": true, "be_listed": true})
    );
    let history: Value = app
        .get("/v1/users/gosu-1/history", Some(&moderator))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history["appeals"][0]["outcome"], "overturn");
    assert!(
        history["sanctions"][0]["lifted_at"].is_string(),
        "{history}"
    );
    assert_eq!(
        history["violations"],
        json!([]),
        "the overturned decision no longer counts towards the frequency rules"
    );
    assert_eq!(
        assert_error(
            file_appeal(
                &app,
                &platform,
                appeal_form("sanction", &sanction, "gosu-1", vec![])
            )
            .await,
            409
        )
        .await,
        "case_closed"
    );

    // The user is told; every staff step is in the audit log.
    let notices = count(&app, |conn| {
        jobs::table
            .filter(jobs::payload.like("%appeal.decided%"))
            .count()
            .get_result(conn)
            .unwrap()
    })
    .await;
    assert_eq!(notices, 1);
    assert_eq!(
        audit_actions(&app, &id).await,
        [
            "appeal.submitted",
            "appeal.claimed",
            "appeal.attachment_viewed",
            "appeal.decided"
        ]
    );

    // The overturn counts against the rule, its category and the moderator.
    let stats: Value = app
        .get("/v1/stats/moderation", Some(&senior))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["appeals_decided"], 1);
    let rule = &stats["by_rule"][0];
    assert_eq!(
        (
            rule["key"].as_str(),
            rule["sanctions"].as_i64(),
            rule["overturned"].as_i64(),
            rule["overturn_rate"].as_f64()
        ),
        (Some("category:harassment"), Some(1), Some(1), Some(1.0))
    );
    assert_eq!(stats["by_category"][0]["key"], "harassment");
    assert_eq!(
        stats["by_reviewer"][0]["key"],
        json!(actor_of(&app, &moderator).await)
    );
    assert_eq!(
        assert_error(app.get("/v1/stats/moderation", Some(&moderator)).await, 403).await,
        "forbidden"
    );
}

async fn appeals_that_cannot_be_filed_are_refused_and_leave_nothing(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.max_upload_bytes = 200_000).await;
    let (platform, moderator) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
    );

    // Zero tolerance, by the scanner or by a moderator under a zero-tolerance category.
    let verdict: Value = app
        .post_json("/v1/scan", &platform, &json!({"surface": "chat", "user_id": "gosu-1", "content_id": "c-1", "text": "예약금 먼저 입금 해주시면 바로 출발합니다"}))
        .await
        .json()
        .await
        .unwrap();
    let banned = verdict["sanction"]["id"].as_str().unwrap().to_owned();
    let staff_ban = staff_sanction(
        &app,
        &platform,
        &moderator,
        "gosu-2",
        json!({"action": "ban", "reason": "사기", "rule": "category:fraud"}),
    )
    .await;
    for (sanction, user) in [(&banned, "gosu-1"), (&staff_ban, "gosu-2")] {
        let response = file_appeal(
            &app,
            &platform,
            appeal_form("sanction", sanction, user, vec![png(64)]),
        )
        .await;
        assert_eq!(assert_error(response, 409).await, "not_appealable");
    }
    assert_eq!(
        count(&app, |conn| appeals::table
            .count()
            .get_result(conn)
            .unwrap())
        .await,
        0
    );
    assert_eq!(
        count(&app, |conn| attachments::table
            .count()
            .get_result(conn)
            .unwrap())
        .await,
        0
    );
    assert_eq!(stored_files(&app), 0, "no evidence file was stored");

    // Past the deadline (30 days after the decision).
    let warn = json!({"action": "warn", "reason": "욕설", "rule": "category:profanity"});
    let old = staff_sanction(&app, &platform, &moderator, "gosu-3", warn).await;
    let long_ago: NaiveDateTime = Utc::now().naive_utc() - chrono::Duration::days(31);
    let target = old.clone();
    app.db
        .run(move |conn| {
            Ok(diesel::update(sanctions::table.find(target))
                .set(sanctions::created_at.eq(long_ago))
                .execute(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(
        assert_error(
            file_appeal(
                &app,
                &platform,
                appeal_form("sanction", &old, "gosu-3", vec![])
            )
            .await,
            409
        )
        .await,
        "deadline_passed"
    );

    // Bad evidence and bad fields.
    let restrict = json!({"action": "restrict", "reason": "욕설", "rule": "category:harassment", "duration_days": 7});
    let open = staff_sanction(&app, &platform, &moderator, "gosu-4", restrict).await;
    let mut truncated = png(64);
    truncated.truncate(truncated.len() / 2);
    let cases: Vec<(Form, u16, &str)> = vec![
        (
            appeal_form(
                "sanction",
                &open,
                "gosu-4",
                vec![b"just some text".to_vec()],
            ),
            415,
            "unsupported_media_type",
        ),
        (
            appeal_form("sanction", &open, "gosu-4", vec![truncated]),
            400,
            "corrupt_image",
        ),
        (
            appeal_form("sanction", &open, "gosu-4", vec![Vec::new()]),
            400,
            "empty_file",
        ),
        (
            appeal_form("sanction", &open, "gosu-4", vec![vec![0u8; 300_000]]),
            413,
            "payload_too_large",
        ),
        (
            appeal_form("sanction", &open, "gosu-4", vec![png(64); 11]),
            400,
            "too_many_files",
        ),
        (
            appeal_form("complaint", &open, "gosu-4", vec![]),
            400,
            "invalid_case_type",
        ),
        (
            appeal_form("sanction", "not-a-uuid", "gosu-4", vec![]),
            400,
            "invalid_case_id",
        ),
        (
            Form::new()
                .text("case_type", "sanction")
                .text("case_id", open.clone())
                .text("user_id", "gosu-4"),
            400,
            "missing_field",
        ),
        (
            appeal_form("sanction", &open, "gosu-4", vec![]).text("mood", "angry"),
            400,
            "unknown_field",
        ),
        (
            Form::new()
                .text("case_type", "sanction")
                .text("case_id", open.clone())
                .text("user_id", "gosu-4")
                .text("statement", "억울합니다\u{0}"),
            400,
            "invalid_text",
        ),
    ];
    for (form, status, code) in cases {
        assert_eq!(
            assert_error(file_appeal(&app, &platform, form).await, status).await,
            code
        );
    }
    let not_multipart = app
        .post_json("/v1/appeals", &platform, &json!({"case_type": "sanction"}))
        .await;
    assert_eq!(
        assert_error(not_multipart, 415).await,
        "unsupported_media_type"
    );
    assert_eq!(
        assert_error(
            file_appeal(
                &app,
                &moderator,
                appeal_form("sanction", &open, "gosu-4", vec![])
            )
            .await,
            403
        )
        .await,
        "forbidden"
    );
    let anonymous = app
        .client
        .post(app.url("/v1/appeals"))
        .multipart(appeal_form("sanction", &open, "gosu-4", vec![]))
        .send()
        .await
        .unwrap();
    assert_eq!(assert_error(anonymous, 401).await, "unauthorized");
    assert_eq!(
        count(&app, |conn| appeals::table
            .count()
            .get_result(conn)
            .unwrap())
        .await,
        0
    );

    // After all that, a good appeal on the same case is taken.
    assert_eq!(
        file_appeal(
            &app,
            &platform,
            appeal_form("sanction", &open, "gosu-4", vec![png(64)])
        )
        .await
        .status()
        .as_u16(),
        201
    );
}

async fn reduce_shortens_and_uphold_keeps_the_sanction(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, moderator, senior) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
        app.token(Role::Senior).await,
    );
    let suspend = json!({"action": "suspend", "reason": "욕설", "rule": "category:harassment", "duration_days": 30});
    let reduced = staff_sanction(&app, &platform, &moderator, "gosu-1", suspend.clone()).await;
    let upheld = staff_sanction(&app, &platform, &moderator, "gosu-2", suspend).await;
    for (sanction, user) in [(&reduced, "gosu-1"), (&upheld, "gosu-2")] {
        assert_eq!(
            file_appeal(
                &app,
                &platform,
                appeal_form("sanction", sanction, user, vec![])
            )
            .await
            .status()
            .as_u16(),
            201
        );
    }

    let first = claim_appeal(&app, &senior).await.unwrap();
    let first_id = first["appeal"]["id"].as_str().unwrap().to_owned();
    // Decisions need the claim, a note and, for reduce, a shorter duration.
    let other_senior = app.token(Role::Senior).await;
    assert_eq!(
        assert_error(
            decide(
                &app,
                &other_senior,
                &first_id,
                json!({"outcome": "uphold", "note": "x"})
            )
            .await,
            409
        )
        .await,
        "not_claimed"
    );
    for (body, code) in [
        (
            json!({"outcome": "reduce", "note": "감경"}),
            "invalid_duration",
        ),
        (
            json!({"outcome": "reduce", "note": "감경", "duration_days": 45}),
            "invalid_duration",
        ),
        (
            json!({"outcome": "overturn", "note": "해제", "duration_days": 3}),
            "invalid_duration",
        ),
        (json!({"outcome": "uphold", "note": "  "}), "invalid_note"),
        (
            json!({"outcome": "uphold", "note": "기각\u{0}"}),
            "invalid_text",
        ),
        (json!({"outcome": "pardon", "note": "x"}), "invalid_body"),
    ] {
        assert_eq!(
            assert_error(decide(&app, &senior, &first_id, body).await, 400).await,
            code
        );
    }
    let user = first["appeal"]["user_id"].as_str().unwrap().to_owned();
    let sanction_id = first["appeal"]["case_id"].as_str().unwrap().to_owned();
    let outcome: Value = decide(
        &app,
        &senior,
        &first_id,
        json!({"outcome": "reduce", "note": "정상 참작하여 7일로 감경합니다.", "duration_days": 7}),
    )
    .await
    .json()
    .await
    .unwrap();
    let starts_at = first["sanction"]["starts_at"]
        .as_str()
        .unwrap()
        .parse::<chrono::DateTime<Utc>>()
        .unwrap();
    let reduced_to = outcome["reduced_ends_at"]
        .as_str()
        .unwrap()
        .parse::<chrono::DateTime<Utc>>()
        .unwrap();
    assert_eq!(reduced_to - starts_at, chrono::Duration::days(7));
    let stored: Option<NaiveDateTime> = app
        .db
        .run(move |conn| {
            Ok(sanctions::table
                .find(sanction_id)
                .select(sanctions::ends_at)
                .first(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(
        stored.map(|t| t.and_utc().timestamp()),
        Some(reduced_to.timestamp())
    );
    let standing: Value = app
        .get(&format!("/v1/users/{user}/standing"), Some(&platform))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        standing["sanctions"][0]["ends_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<Utc>>()
            .unwrap(),
        reduced_to
    );

    let second = claim_appeal(&app, &senior).await.unwrap();
    let second_id = second["appeal"]["id"].as_str().unwrap();
    let user = second["appeal"]["user_id"].as_str().unwrap().to_owned();
    assert_eq!(
        decide(
            &app,
            &senior,
            second_id,
            json!({"outcome": "uphold", "note": "제재가 유지됩니다."})
        )
        .await
        .status()
        .as_u16(),
        200
    );
    let standing: Value = app
        .get(&format!("/v1/users/{user}/standing"), Some(&platform))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(standing["may"]["chat"], false, "the suspension stands");
    assert!(claim_appeal(&app, &senior).await.is_none());

    // The moderator who decided never gets the appeal of their own decision, even as a senior.
    let moderator_senior = app.token(Role::Senior).await;
    let third = staff_sanction(
        &app,
        &platform,
        &moderator_senior,
        "gosu-3",
        json!({"action": "warn", "reason": "욕설", "rule": "category:profanity"}),
    )
    .await;
    assert_eq!(
        file_appeal(
            &app,
            &platform,
            appeal_form("sanction", &third, "gosu-3", vec![])
        )
        .await
        .status()
        .as_u16(),
        201
    );
    assert!(claim_appeal(&app, &moderator_senior).await.is_none());
    let case = claim_appeal(&app, &senior).await.unwrap();
    assert_eq!(
        assert_error(
            decide(
                &app,
                &senior,
                case["appeal"]["id"].as_str().unwrap(),
                json!({"outcome": "reduce", "note": "x", "duration_days": 1})
            )
            .await,
            400
        )
        .await,
        "invalid_outcome"
    );
    let released = app
        .client
        .post(app.url(&format!(
            "/v1/appeals/{}/release",
            case["appeal"]["id"].as_str().unwrap()
        )))
        .bearer_auth(&senior)
        .send()
        .await
        .unwrap();
    assert_eq!(released.status().as_u16(), 204);

    let stats: Value = app
        .get("/v1/stats/moderation", Some(&app.token(Role::Ops).await))
        .await
        .json()
        .await
        .unwrap();
    let harassment = stats["by_rule"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "category:harassment")
        .unwrap()
        .clone();
    assert_eq!(
        (
            harassment["appeals_decided"].as_i64(),
            harassment["reduced"].as_i64(),
            harassment["upheld"].as_i64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(harassment["overturn_rate"].as_f64(), Some(0.0));
}

async fn an_overturned_rejection_goes_back_to_the_review_queue(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, reviewer, senior) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
        app.token(Role::Senior).await,
    );
    let ids = seed(
        &app.db,
        vec![waiting_item(
            "gosu-1",
            DocumentType::BusinessRegistration,
            10,
            &[],
            5,
        )],
    )
    .await;
    let item: Value = app
        .client
        .post(app.url("/v1/review/claim"))
        .bearer_auth(&reviewer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(item["id"], json!(ids[0]));

    // Before a decision there is nothing to appeal.
    assert_eq!(
        assert_error(
            file_appeal(
                &app,
                &platform,
                appeal_form("verification", &ids[0], "gosu-1", vec![])
            )
            .await,
            409
        )
        .await,
        "not_rejected"
    );
    let rejected = app
        .post_json(
            &format!("/v1/verifications/{}/decision", ids[0]),
            &reviewer,
            &json!({"decision": "reject", "reason_code": "blurry_image"}),
        )
        .await;
    assert_eq!(rejected.status().as_u16(), 201);
    let response = file_appeal(
        &app,
        &platform,
        appeal_form("verification", &ids[0], "gosu-1", vec![png(64)]),
    )
    .await;
    assert_eq!(response.status().as_u16(), 201);

    let case = claim_appeal(&app, &senior).await.unwrap();
    assert_eq!(case["verification"]["id"], json!(ids[0]));
    assert_eq!(case["verification"]["decisions"][0]["decision"], "reject");
    assert_eq!(case["original"]["rule"], "verification:blurry_image");
    let outcome: Value = decide(
        &app,
        &senior,
        case["appeal"]["id"].as_str().unwrap(),
        json!({"outcome": "overturn", "note": "선명한 사본으로 다시 심사합니다."}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(outcome["reopened"], true);
    let id = ids[0].clone();
    let status: String = app
        .db
        .run(move |conn| {
            Ok(verifications::table
                .find(id)
                .select(verifications::status)
                .first(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(status, "pending_review");
    let again: Value = app
        .client
        .post(app.url("/v1/review/claim"))
        .bearer_auth(&reviewer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["id"], json!(ids[0]), "the item is back in the queue");
}

async fn a_scanner_sanction_is_appealed_with_its_scan_beside_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, senior) = (
        app.token(Role::Platform).await,
        app.token(Role::Senior).await,
    );
    // The third profanity in a week earns a warning from the frequency rule.
    let mut verdict = Value::Null;
    for n in 1..=3 {
        let body = json!({"surface": "chat", "user_id": "gosu-9", "content_id": format!("c-{n}"), "text": format!("아 씨발 {n}번째 늦네요")});
        verdict = app
            .post_json("/v1/scan", &platform, &body)
            .await
            .json()
            .await
            .unwrap();
    }
    let sanction = verdict["sanction"]["id"]
        .as_str()
        .expect("a sanction on the third hit")
        .to_owned();
    assert_eq!(
        file_appeal(
            &app,
            &platform,
            appeal_form("sanction", &sanction, "gosu-9", vec![])
        )
        .await
        .status()
        .as_u16(),
        201
    );

    let case = claim_appeal(&app, &senior).await.unwrap();
    assert_eq!(case["original"]["actor"], "scanner");
    assert_eq!(case["content"]["text"], "아 씨발 3번째 늦네요");
    assert_eq!(case["content"]["content_id"], "c-3");
    assert_eq!(case["content"]["policy_version"], verdict["policy_version"]);
    assert_eq!(case["content"]["rules"], verdict["rules"]);
    let first_match = &case["content"]["matches"][0];
    let text = case["content"]["text"].as_str().unwrap();
    let (start, end) = (
        first_match["start"].as_u64().unwrap() as usize,
        first_match["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[start..end],
        "씨발",
        "the matches point into the content: {first_match}"
    );

    assert_eq!(
        decide(
            &app,
            &senior,
            case["appeal"]["id"].as_str().unwrap(),
            json!({"outcome": "overturn", "note": "오탐입니다"})
        )
        .await
        .status()
        .as_u16(),
        200
    );
    // Only the overturned hit stops counting; the two before it still do.
    let history: Value = app
        .get("/v1/users/gosu-9/history", Some(&senior))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history["violations"][0]["count"], 2, "{history}");
}

async fn takedown_requests_need_attachments_and_go_to_seniors(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, reviewer, senior) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
        app.token(Role::Senior).await,
    );
    let form = |files: Vec<Vec<u8>>| {
        let form = Form::new()
            .text("requester_id", "gosu-1")
            .text("review_id", "review-9")
            .text("author_id", "customer-7")
            .text("snapshot", "사기꾼입니다. 돈만 받고 안 왔어요.")
            .text(
                "statement",
                "시공 완료 확인서와 서명한 게시중단 요청서를 첨부합니다.",
            );
        files.into_iter().fold(form, |form, file| {
            form.part("attachment", Part::bytes(file).file_name("signed.png"))
        })
    };
    let post = |form: Form| {
        app.client
            .post(app.url("/v1/takedown-requests"))
            .bearer_auth(&platform)
            .multipart(form)
            .send()
    };

    let json_report = json!({"reporter_id": "gosu-1", "surface": "review", "content_id": "review-9", "author_id": "customer-7", "snapshot": "x", "reason": "review_takedown"});
    assert_eq!(
        assert_error(
            app.post_json("/v1/reports", &platform, &json_report).await,
            400
        )
        .await,
        "attachments_required"
    );
    assert_eq!(
        assert_error(post(form(vec![])).await.unwrap(), 400).await,
        "attachments_required"
    );
    assert_eq!(
        assert_error(post(form(vec![b"plain text".to_vec()])).await.unwrap(), 415).await,
        "unsupported_media_type"
    );
    let control = Form::new()
        .text("requester_id", "gosu-1")
        .text("review_id", "review-9")
        .text("author_id", "customer-7")
        .text("snapshot", "x")
        .text("statement", "요청서\u{0}첨부")
        .part("attachment", Part::bytes(png(64)).file_name("signed.png"));
    assert_eq!(
        assert_error(post(control).await.unwrap(), 400).await,
        "invalid_text"
    );

    let signed = png(120);
    let response = post(form(vec![signed.clone(), png(64)])).await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let receipt: Value = response.json().await.unwrap();
    assert_eq!(
        post(form(vec![png(64)])).await.unwrap().status().as_u16(),
        200,
        "the same provider asking again is a duplicate"
    );

    // Only seniors get it, with the attachments listed.
    let nothing = app
        .client
        .post(app.url("/v1/moderation/claim"))
        .bearer_auth(&reviewer)
        .send()
        .await
        .unwrap();
    assert_eq!(nothing.status().as_u16(), 204);
    let item: Value = app
        .client
        .post(app.url("/v1/moderation/claim"))
        .bearer_auth(&senior)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(item["id"], receipt["item_id"]);
    assert_eq!(item["tier"], "senior");
    let report = &item["reports"][0];
    assert_eq!(
        (
            report["reason"].as_str(),
            report["attachments"].as_array().unwrap().len()
        ),
        (Some("review_takedown"), 2)
    );
    let path = format!(
        "/v1/reports/{}/attachments/1",
        report["id"].as_str().unwrap()
    );
    let file = app.get(&path, Some(&senior)).await;
    assert_eq!(file.status().as_u16(), 200);
    assert_eq!(file.bytes().await.unwrap().to_vec(), signed);
    assert_eq!(
        assert_error(app.get(&path, Some(&reviewer)).await, 403).await,
        "forbidden"
    );
    let hidden = app
        .post_json(
            &format!("/v1/moderation/{}/action", item["id"].as_str().unwrap()),
            &senior,
            &json!({"action": "hide", "reason": "허위 후기로 확인", "rule": "review_takedown"}),
        )
        .await;
    assert_eq!(hidden.status().as_u16(), 200);
    assert_eq!(
        audit_actions(&app, report["id"].as_str().unwrap()).await,
        ["report.attachment_viewed"]
    );
}
